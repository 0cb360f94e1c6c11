#include "app.h"
int app_run(void) {
    struct buffer b;
    buffer_init(&b);
    buffer_push(&b, 'x');
    return (int)b.len;
}
