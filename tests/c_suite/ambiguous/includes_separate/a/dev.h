#ifndef DEV_H
#define DEV_H
int dev_open(int id);
#endif
