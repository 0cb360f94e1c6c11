// Calls through a base pointer or reference have one static target: the base's declared
// method, when it has a body. A pure virtual method has none: no edge.
class Shape {
public:
    virtual ~Shape() {}
    virtual int area() const = 0;
    virtual int sides() const { return 0; }
    int describe() const { return area() + sides(); }
};

class Square : public Shape {
public:
    int area() const override { return 4; }
    int sides() const override { return 4; }
};

int measure(const Shape& s) { return s.area() + s.sides(); }

int main() {
    Square sq;
    Shape* p = &sq;
    return measure(sq) + p->sides() + p->describe() + sq.area();
}
