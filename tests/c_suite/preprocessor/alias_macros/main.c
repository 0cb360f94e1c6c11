#include <stdlib.h>
#include "compat.h"
#define my_free free
int main(void) {
    int fd = legacy_open("db");
    my_free(NULL);
    return store_close_all(fd);
}
