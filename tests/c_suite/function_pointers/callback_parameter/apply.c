int transform(int x) { return x + 1; }

/* The parameter `transform` shadows the function of that name. */
int apply(int (*transform)(int), int x) { return transform(x); }

int apply_deref(int (*fn)(int), int x) { return (*fn)(x) + fn(x); }

int main(void) {
    int (*chosen)(int) = transform;
    return apply(transform, 1) + apply_deref(chosen, 2) + chosen(3);
}
