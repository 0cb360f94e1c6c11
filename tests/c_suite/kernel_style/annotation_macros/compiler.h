#ifndef COMPILER_H
#define COMPILER_H
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __alloc_size(n) __attribute__((alloc_size(n)))
#define __acquires(x)
#define __releases(x)
#endif
