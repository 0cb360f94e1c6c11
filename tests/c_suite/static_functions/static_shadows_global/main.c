#include "log.h"
void work(void);
int main(void) {
    log_line("start");
    work();
    return 0;
}
