#include "clib.h"

static int helper(int a) { return a; }

int clib_add(int a, int b) { return helper(a) + b; }

int clib_twice(int a) { return clib_add(a, a); }
