/* Built in one configuration... */
void setup(void) { }
