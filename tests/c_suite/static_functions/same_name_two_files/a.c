#include "api.h"
/* Private to a.c: b.c has its own. */
static int helper(void) { return 1; }
int a_run(void) { return helper(); }
