#include "clib.h"

static int helper(int a) { return -a; }

int main() { return clib_add(1, 2) + clib_twice(3) + clib_inc(4) + helper(5) - 9; }
