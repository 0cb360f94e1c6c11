char *xstrdup(const char *s);
int error(const char *message);
int main(void) {
    xstrdup("x");
    return error("failed");
}
