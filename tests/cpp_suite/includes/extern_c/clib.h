/* A C library used from C++: its header declares the functions with C linkage. */
#ifndef CLIB_H
#define CLIB_H

#ifdef __cplusplus
extern "C" {
#endif

int clib_add(int a, int b);
int clib_twice(int a);

static inline int clib_inc(int a) { return a + 1; }

#ifdef __cplusplus
}
#endif

#endif
