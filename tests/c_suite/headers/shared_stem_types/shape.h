#ifndef SHAPE_H
#define SHAPE_H
typedef struct { double w, h; } Rect;
enum shape_kind { SHAPE_RECT, SHAPE_SQUARE };
union shape_value { Rect rect; double side; };
double shape_area(enum shape_kind kind, union shape_value v);
#endif
