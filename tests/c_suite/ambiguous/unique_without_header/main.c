/* No header: the prototypes are written here, and each name is defined once in the repository. */
extern int compute(int x);
int compute_twice(int x);
int main(void) { return compute(1) + compute_twice(2); }
