#include "app.h"
int main(void) {
    struct buffer extra;
    buffer_init(&extra);
    return app_run();
}
