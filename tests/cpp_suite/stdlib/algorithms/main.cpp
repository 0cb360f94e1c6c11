// Qualified calls into std are externals; operators on streams are no call sites; a plain
// call of a C library function is an external by its plain name.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

int total(const std::vector<int>& v) { return std::accumulate(v.begin(), v.end(), 0); }

int main() {
    std::vector<int> v{3, 1, 2};
    std::sort(v.begin(), v.end());
    std::string s = std::to_string(total(v));
    std::cout << s << std::endl;
    printf("%d\n", static_cast<int>(strlen(s.c_str())));
    return static_cast<int>(std::max<std::size_t>(s.size(), 1)) - 1;
}
