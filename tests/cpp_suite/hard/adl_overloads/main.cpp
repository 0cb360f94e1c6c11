// Argument-dependent lookup past the resolver: through the second argument, and when
// ordinary lookup finds a namesake too (both join one overload set: `area(2, p)` picks
// `geo::area(int, const Plot&)` over `::area(int)`).
namespace geo {
struct Plot {
    int x;
};
int area(int scale, const Plot& p) { return scale * p.x; }
int merge(int a, const Plot& p) { return a + p.x; }
}  // namespace geo

int area(int a) { return a; }

int main() {
    geo::Plot p{1};
    return area(2, p) + merge(3, p) + area(4);
}
