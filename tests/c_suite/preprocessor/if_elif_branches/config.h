#ifndef CONFIG_H
#define CONFIG_H
#define BACKEND_FILE 1
void backend_write(const char *s);
#endif
