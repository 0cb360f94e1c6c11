static int counter(void) { return 1; }
static int other(void) { return 2; }

int main(void) {
    int total = counter();
    {
        /* A local function pointer named like the function: calls go through it. */
        int (*counter)(void) = other;
        total += counter();
    }
    return total;
}
