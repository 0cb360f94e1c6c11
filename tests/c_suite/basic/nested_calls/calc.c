/* Calls before the definition (a forward prototype), calls inside conditions and loops. */
int add(int a, int b);
int twice(int a);

int compute(int n) {
    int total = 0;
    for (int i = 0; i < n; i++) {
        if (add(i, 1) > twice(i)) {
            total = add(total, i);
        }
    }
    while (twice(total) > 100)
        total--;
    return total;
}

int add(int a, int b) { return a + b; }

int twice(int a) { return add(a, a); }

int unused(void) { return 0; }
