// Every way of constructing an object calls the constructor; a struct without a
// user-declared constructor has none to call. Destructors run implicitly: no edges.
struct Point {
    int x;
    int y;
};

class Widget {
public:
    Widget() : size_(0) {}
    explicit Widget(int size) : size_(size) {}
    ~Widget() { size_ = 0; }
    int size() const { return size_; }

private:
    int size_;
};

Widget build() { return Widget(5); }

int main() {
    Widget a;
    Widget b(3);
    Widget c{4};
    Widget* d = new Widget(6);
    auto e = Widget(7);
    Point p{1, 2};
    int total = a.size() + b.size() + c.size() + d->size() + e.size() + build().size() + p.x;
    delete d;
    return total;
}
