#ifndef BUFFER_H
#define BUFFER_H
#include <stddef.h>
struct buffer { char *data; size_t len; };
void buffer_init(struct buffer *b);
void buffer_push(struct buffer *b, char c);
#endif
