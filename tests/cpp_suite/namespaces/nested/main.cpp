// Nested namespaces: unqualified names are looked up from the innermost namespace outwards;
// qualified names from the caller's namespaces too.
namespace geo {
int clamp(int v) { return v < 0 ? 0 : v; }

namespace detail {
int clamp(int v) { return v > 10 ? 10 : v; }
int fix(int v) { return clamp(v); }
}  // namespace detail

int norm(int v) { return detail::fix(clamp(v)); }
}  // namespace geo

namespace geo::io {
int read() { return geo::norm(1) + detail::fix(2); }
}  // namespace geo::io

int clamp(int v) { return v; }

int main() { return geo::io::read() + clamp(0) + geo::detail::clamp(3); }
