#include "shape.h"
int main(void) {
    union shape_value v;
    v.side = 2.0;
    return (int)shape_area(SHAPE_SQUARE, v);
}
