#ifndef BOARD_H
#define BOARD_H
void board_setup(void);
void board_start(void);
#endif
