void setup(void);
void slow_only(void);
int main(void) {
    setup();
    slow_only();
    return 0;
}
