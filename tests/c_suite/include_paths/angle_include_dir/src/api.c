#include <proj/api.h>
int proj_version(void) { return 3; }
int proj_init(int flags) { return flags + proj_version(); }
