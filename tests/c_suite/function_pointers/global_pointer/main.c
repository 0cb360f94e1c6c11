void fire(void);
void notify(void);
int main(void) {
    fire();
    notify();
    return 0;
}
