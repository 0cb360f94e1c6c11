#include <linux/io.h>
/* The x86 implementation: the build picks one architecture. */
unsigned io_read(unsigned long addr) { return (unsigned)addr; }
