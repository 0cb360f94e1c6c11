static int counter(void) { return 1; }
static int other(void) { return 2; }

int run(void) {
    /* A local function pointer named like the function: calls go through it. */
    int (*counter)(void) = other;
    return counter();
}

int main(void) { return counter() + run(); }
