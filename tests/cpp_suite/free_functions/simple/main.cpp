// Free functions calling each other, recursion and a prototype declared first.
int square(int x);

int twice(int x) { return x * 2; }

/// Sum of squares, recursive.
int sum_squares(int n) {
    if (n <= 0) {
        return 0;
    }
    return square(n) + sum_squares(n - 1);
}

int square(int x) { return x * x; }

int main() {
    int a = twice(3);
    return sum_squares(a) > 0 ? 0 : 1;
}
