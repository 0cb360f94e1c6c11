#ifndef ALLOC_H
#define ALLOC_H
#include <stdlib.h>
#include "compiler.h"

void *raw_alloc(unsigned long size);

/* Attribute macros before the return type: tree-sitter cannot expand them. */
static inline __alloc_size(1) void *zalloc(unsigned long size)
{
	return raw_alloc(size);
}

int __printf(1, 2) report(const char *fmt, ...);
#endif
