// Calls inside a lambda belong to the function that writes it; calling the lambda itself
// has no named target.
#include <algorithm>
#include <vector>

int weight(int x) { return x * 3; }
bool heavy(int x) { return weight(x) > 10; }

int count_heavy(const std::vector<int>& v) {
    auto pred = [](int x) { return heavy(x); };
    int n = 0;
    for (int x : v) {
        if (pred(x)) {
            ++n;
        }
    }
    return n + [&]() { return weight(n); }();
}

int main() {
    std::vector<int> v{1, 5, 9};
    return count_heavy(v) > 0 ? 0 : 1;
}
