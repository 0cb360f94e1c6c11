typedef void (*handler_fn)(int);

void handler(int code) { (void)code; }
void log_code(int code) { (void)code; }

void dispatch(handler_fn handler, int code) {
    handler(code);
    log_code(code);
}

int main(void) {
    dispatch(handler, 1);
    handler(2);
    return 0;
}
