#pragma once

namespace geo {
class Circle {
public:
    explicit Circle(int r);
    int area() const;
    int diameter() const;

private:
    int r_;
};
int pi();
}  // namespace geo
