#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *copy(const char *s) {
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (out == NULL) {
        perror("malloc");
        exit(1);
    }
    memcpy(out, s, n + 1);
    return out;
}

int main(void) {
    char *s = copy("hello");
    printf("%s\n", s);
    free(s);
    return 0;
}
