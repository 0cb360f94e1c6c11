#include "shape.hpp"

int main() {
    geo::Rect r(2, 3);
    return geo::describe(r) + r.area();
}
