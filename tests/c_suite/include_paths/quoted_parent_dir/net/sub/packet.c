#include "../../common/common.h"
int packet_sum(const char *p) { return checksum(p, 4); }
