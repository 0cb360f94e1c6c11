#ifndef PROJ_API_H
#define PROJ_API_H
int proj_version(void);
int proj_init(int flags);
#endif
