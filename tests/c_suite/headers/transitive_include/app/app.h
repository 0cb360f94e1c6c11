#ifndef APP_H
#define APP_H
#include "../core/buffer.h"
int app_run(void);
#endif
