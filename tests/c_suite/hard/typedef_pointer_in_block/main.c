typedef int (*counter_fn)(void);

static int counter(void) { return 1; }
static int other(void) { return 2; }

int main(void) {
    int total = counter();
    {
        /* Through a typedef the extractor cannot tell a pointer from a plain variable, so the
           name is taken as shadowed in the whole function: the call above is missed. */
        counter_fn counter = other;
        total += counter();
    }
    return total;
}
