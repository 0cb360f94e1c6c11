// Calls through function pointers and std::function values have no static target: no
// edges (taking a function's address is no call either).
#include <functional>

int double_it(int x) { return 2 * x; }
int triple_it(int x) { return 3 * x; }

int apply(int (*fn)(int), int x) { return fn(x); }

int main(int argc, char**) {
    int (*op)(int) = argc > 1 ? double_it : triple_it;
    std::function<int(int)> f = double_it;
    return apply(op, 1) + op(2) + f(4);
}
