#include <board.h>
/* One per architecture: a call inside this file is to this file's definition. */
void board_setup(void) { }
void board_start(void) { board_setup(); }
