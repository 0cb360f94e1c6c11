#ifndef COMPAT_H
#define COMPAT_H
/* Old names kept for callers: each is another name for a function. */
#define legacy_open store_open
#define store_close_all store_close
int store_open(const char *name);
int store_close(int fd);
#endif
