// Overloads told apart by their number of arguments; same arity is ambiguous statically
// only when types decide (here `show(int)` and `show(double)`: no edge by arity alone).
int area(int side) { return side * side; }
int area(int w, int h) { return w * h; }
int scale(int x, int factor = 2) { return x * factor; }
void show(int) {}
void show(double) {}
int total(int n, ...) { return n; }

int main() {
    int a = area(2);
    int b = area(2, 3);
    int c = scale(a);
    int d = scale(b, 4);
    show(1);
    return total(3, a, b, c, d) > 0 ? 0 : 1;
}
