#include "mathx.h"
int main(void) { return clamp(300, 0, 10) + clamp_byte(400); }
