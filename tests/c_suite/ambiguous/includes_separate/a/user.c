#include "dev.h"
int a_user(void) { return dev_open(1); }
