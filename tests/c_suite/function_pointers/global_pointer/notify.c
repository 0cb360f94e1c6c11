void notify(void) { }
