#include "shape.hpp"

namespace geo {

Rect::Rect(int w, int h) : w_(w), h_(h) {}

int Rect::area() const { return w_ * h_; }

int Rect::perimeter() const { return square() ? 4 * w_ : 2 * (w_ + h_); }

int describe(const Rect& r) { return r.area() + r.perimeter(); }

}  // namespace geo
