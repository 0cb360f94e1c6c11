// Overloaded operators are calls written as expressions (`a + b`, `v[0]`); explicit
// `a.operator+(b)` is a call too, which tree-sitter-cpp 0.23 does not parse (an ERROR).
// The resolver reads call expressions only: all missed.
struct Vec {
    int x;
    Vec operator+(const Vec& o) const { return Vec{x + o.x}; }
    int operator[](int) const { return x; }
};

int main() {
    Vec a{1};
    Vec b{2};
    Vec c = a + b;
    Vec d = a.operator+(c);
    return d[0];
}
