// A local lambda or parameter named like a free function shadows it: no edge.
#include <functional>

int step(int x) { return x + 1; }

int apply(const std::function<int(int)>& step, int x) { return step(x); }

int run(int x) {
    auto step = [](int y) { return y * 2; };
    return step(x);
}

int main() { return apply(step, 1) + run(2) + step(3); }
