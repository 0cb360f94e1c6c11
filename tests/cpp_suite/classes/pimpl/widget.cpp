#include "widget.hpp"

class Widget::Impl {
public:
    int paint() { return 1; }
};

Widget::Widget() : impl_(new Impl()) {}

Widget::~Widget() = default;

int Widget::draw() { return impl_->paint(); }
