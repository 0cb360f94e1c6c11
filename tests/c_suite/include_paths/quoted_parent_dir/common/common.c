#include "common.h"
int checksum(const char *data, int n) { int s = 0; for (int i = 0; i < n; i++) s += data[i]; return s; }
