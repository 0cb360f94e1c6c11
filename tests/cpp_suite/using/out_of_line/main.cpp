#include "geo.hpp"

int main() {
    geo::Circle c(2);
    return c.area() + c.diameter() + geo::pi();
}
