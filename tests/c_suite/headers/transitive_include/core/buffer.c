#include <stdlib.h>
#include "buffer.h"
void buffer_init(struct buffer *b) { b->data = NULL; b->len = 0; }
void buffer_push(struct buffer *b, char c) {
    b->data = realloc(b->data, b->len + 1);
    b->data[b->len++] = c;
}
