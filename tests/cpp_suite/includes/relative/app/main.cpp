#include "../lib/math.hpp"

#include <cstdio>

int main() {
    std::printf("%d\n", lib::inc(1));
    return lib::add(0, 0);
}
