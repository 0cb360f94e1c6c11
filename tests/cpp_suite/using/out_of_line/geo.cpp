// Members defined out of line after `using namespace geo;`: they belong to geo::Circle.
#include "geo.hpp"

using namespace geo;

int geo::pi() { return 3; }

Circle::Circle(int r) : r_(r) {}

int Circle::area() const { return pi() * r_ * r_; }

int Circle::diameter() const { return 2 * r_; }
