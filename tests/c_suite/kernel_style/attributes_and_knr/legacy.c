#define __init __attribute__((cold))
#define __maybe_unused __attribute__((unused))

/* K&R definition: the parameter types follow the declarator. */
int old_add(a, b)
int a;
int b;
{
    return a + b;
}

static int __maybe_unused spare(void) { return 0; }

static int __init setup_table(void) { return old_add(1, 2); }

__attribute__((noinline)) int entry(void) { return setup_table() + spare(); }
