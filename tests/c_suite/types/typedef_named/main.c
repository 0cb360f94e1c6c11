#include "list.h"
int main(void) { return (int)list_check(list_push(0, 1)); }
