#include "macros.h"
#define LOCAL_MIN(a, b) ((a) < (b) ? (a) : (b))

static int pick(int a, int b) { return MAX(a, b) + LOCAL_MIN(a, b); }

int main(void) {
    int xs[4] = {1, 2, 3, 4};
    return pick(SQUARE(2), (int)ARRAY_SIZE(xs));
}
