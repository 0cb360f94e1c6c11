#ifndef API_H
#define API_H
int a_run(void);
int b_run(void);
#endif
