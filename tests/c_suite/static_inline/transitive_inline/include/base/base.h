#ifndef BASE_H
#define BASE_H
#include <base/bits.h>
unsigned weight(const unsigned char *p, int n);
#endif
