#include "api.h"
static int helper(void) { return 2; }
int b_run(void) { return helper() + helper(); }
