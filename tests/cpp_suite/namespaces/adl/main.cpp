// Argument-dependent lookup: `describe(p)` finds `shapes::describe` through the type of its
// first argument, which ordinary lookup from main does not see.
namespace shapes {
struct Point {
    int x;
};
int describe(const Point& p) { return p.x; }
}  // namespace shapes

int main() {
    shapes::Point p{1};
    return describe(p);
}
