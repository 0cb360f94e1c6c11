#include "widget.hpp"

int main() {
    Widget w;
    return w.draw() - 1;
}
