#include "util.h"
int main(void) { return util_add(1, util_neg(2)); }
