static int fast_path(void) { return 1; }
static int slow_path(void) { return 2; }

#ifdef USE_FAST
/* The fast build. */
int run(void) { return fast_path(); }
#else
int run(void) { return slow_path(); }
#endif
