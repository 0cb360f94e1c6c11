/* Not included by main.c: its clamp is another one. */
static inline int clamp(int v, int lo, int hi) { return v > hi ? hi : (v < lo ? lo : v); }
