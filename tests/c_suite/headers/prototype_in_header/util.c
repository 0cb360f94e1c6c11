#include "util.h"
int util_add(int a, int b) { return a + b; }
int util_neg(int a) { return util_add(0, -a) ; }
