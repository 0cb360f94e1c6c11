#include <math.h>

struct point { double x, y; };
union number { int i; double d; };
enum color { RED, GREEN, BLUE };
typedef struct { struct point a, b; } segment;
typedef double (*metric_fn)(struct point, struct point);

static double distance(struct point a, struct point b) { return sqrt((a.x - b.x) * (a.x - b.x)); }

double length(segment s) { return distance(s.a, s.b); }

int main(void) {
    segment s = { {0, 0}, {3, 4} };
    enum color c = GREEN;
    union number n;
    n.d = length(s);
    return c + (int)n.d;
}
