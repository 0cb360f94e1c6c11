#ifndef BITS_H
#define BITS_H
static inline unsigned popcount8(unsigned char b) {
    unsigned n = 0;
    while (b) { n += b & 1u; b >>= 1; }
    return n;
}
#endif
