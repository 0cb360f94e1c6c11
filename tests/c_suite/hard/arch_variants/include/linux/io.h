#ifndef LINUX_IO_H
#define LINUX_IO_H
unsigned io_read(unsigned long addr);
#endif
