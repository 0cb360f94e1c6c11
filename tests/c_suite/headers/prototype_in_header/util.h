#ifndef UTIL_H
#define UTIL_H
/** Adds two numbers. */
int util_add(int a, int b);
int util_neg(int a);
#endif
