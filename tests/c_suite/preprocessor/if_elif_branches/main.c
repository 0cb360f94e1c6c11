#include "config.h"
int main(void) {
#ifdef VERBOSE
    backend_write("verbose");
#endif
    backend_write("done");
    return 0;
}
