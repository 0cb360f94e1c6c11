#include <stdio.h>
/* Calls made by macro expansions: the preprocessor is not run, so these are missed. */
void log_write(const char *s) { fputs(s, stderr); }
void *xmalloc(unsigned long n) { (void)n; return 0; }

#define LOG(msg) log_write(msg)
#define my_alloc xmalloc

int main(void) {
    LOG("start");
    my_alloc(4);
    return 0;
}
