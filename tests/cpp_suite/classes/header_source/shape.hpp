// A class declared in a header, its members defined in a source file.
#pragma once

namespace geo {

/// A rectangle.
class Rect {
public:
    Rect(int w, int h);
    int area() const;
    int perimeter() const;
    bool square() const { return w_ == h_; }

private:
    int w_;
    int h_;
};

int describe(const Rect& r);

}  // namespace geo
