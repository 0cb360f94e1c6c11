// `using ns::name;` brings one name in, from the repository or from std.
#include <algorithm>
#include <vector>

namespace mathx {
int cube(int x) { return x * x * x; }
}  // namespace mathx

using mathx::cube;
using std::max;

int biggest(std::vector<int>& v) {
    using std::sort;
    sort(v.begin(), v.end());
    return max(v.back(), cube(2));
}

int main() {
    std::vector<int> v{3, 1, 2};
    return biggest(v) > 0 ? 0 : 1;
}
