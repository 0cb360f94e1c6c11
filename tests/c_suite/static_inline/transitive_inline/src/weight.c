#include <base/base.h>
unsigned weight(const unsigned char *p, int n) {
    unsigned total = 0;
    for (int i = 0; i < n; i++)
        total += popcount8(p[i]);
    return total;
}
