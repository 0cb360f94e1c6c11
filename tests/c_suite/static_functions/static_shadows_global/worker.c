/* worker.c has its own static log_line: its calls stay in the file, even with log.h around. */
static void log_line(const char *text);

void work(void) { log_line("working"); }

static void log_line(const char *text) { (void)text; }
