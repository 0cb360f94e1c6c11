/* A file-scope function pointer named like a function of another file. */
static void default_hook(void) { }
static void (*notify)(void) = default_hook;

void fire(void) { notify(); }
