#include <stdio.h>
#include <proj/api.h>
int main(void) {
    printf("%d\n", proj_init(0));
    return 0;
}
