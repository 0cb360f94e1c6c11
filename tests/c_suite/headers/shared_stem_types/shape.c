#include "shape.h"
static double rect_area(Rect r) { return r.w * r.h; }
double shape_area(enum shape_kind kind, union shape_value v) {
    switch (kind) {
    case SHAPE_RECT:
        return rect_area(v.rect);
    default:
        return v.side * v.side;
    }
}
