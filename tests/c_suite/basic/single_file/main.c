/* A single file: helpers, recursion, and a call in an argument list. */
#include <stdio.h>

int square(int x) { return x * x; }

int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }

static void report(int value) { printf("%d\n", value); }

int main(void) {
    report(square(3));
    report(fact(5));
    return 0;
}
