#ifndef MATHX_H
#define MATHX_H
static inline int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
static inline int clamp_byte(int v) { return clamp(v, 0, 255); }
#endif
