#include <linux/io.h>
unsigned uart_status(void) { return io_read(0x3f8); }
