#ifndef MACROS_H
#define MACROS_H
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define SQUARE(x) ((x) * (x))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
