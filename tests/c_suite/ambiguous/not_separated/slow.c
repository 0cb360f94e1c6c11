/* ...or in the other: which one links is the build's choice, not the source's. */
void setup(void) { }
void slow_only(void) { }
