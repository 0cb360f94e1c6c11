// A namespace alias, and `::f` naming the global function past a namespace's own `f`.
namespace company {
namespace product {
namespace v2 {
int version() { return 2; }
}  // namespace v2
}  // namespace product
}  // namespace company

int log(int x) { return x; }

namespace app {
namespace cpv = company::product::v2;

int log(int x) { return ::log(x) + cpv::version(); }
int run() { return log(1); }
}  // namespace app

namespace pv = company::product::v2;

int main() { return app::run() + pv::version(); }
