#include <stdio.h>
#include <stdarg.h>
#include "alloc.h"

struct lock { int held; };

void *raw_alloc(unsigned long size) { return calloc(1, size); }

int __printf(1, 2) report(const char *fmt, ...)
{
	va_list args;
	int n;
	va_start(args, fmt);
	n = vprintf(fmt, args);
	va_end(args);
	return n;
}

static void take(struct lock *l)
	__acquires(l)
{
	l->held = 1;
}

static void drop(struct lock *l) __releases(l)
{
	l->held = 0;
}

int use(void)
{
	struct lock l;
	take(&l);
	drop(&l);
	return report("%p\n", zalloc(8));
}
