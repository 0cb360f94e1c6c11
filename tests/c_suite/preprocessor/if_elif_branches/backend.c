#include <stdio.h>
#include "config.h"

#if defined(BACKEND_NET)
static void net_send(const char *s) { (void)s; }
void backend_write(const char *s) { net_send(s); }
#elif defined(BACKEND_FILE)
static void file_append(const char *s) { fputs(s, stdout); }
void backend_write(const char *s) { file_append(s); }
#else
void backend_write(const char *s) { (void)s; }
#endif
