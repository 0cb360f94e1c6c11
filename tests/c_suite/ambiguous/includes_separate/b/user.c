#include "dev.h"
int b_user(void) { return dev_open(1); }
