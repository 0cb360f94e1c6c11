#include "api.h"
int main(void) { return a_run() + b_run(); }
