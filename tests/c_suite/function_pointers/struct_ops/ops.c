/* Calls through a table of function pointers have no static target. */
struct file_ops {
    int (*open)(const char *name);
    int (*close)(int fd);
};

static int disk_open(const char *name) { return name[0]; }
static int disk_close(int fd) { return fd; }

static const struct file_ops disk_ops = { .open = disk_open, .close = disk_close };

int open(const char *name);

int use(const struct file_ops *ops, const char *name) {
    int fd = ops->open(name);
    return disk_ops.close(fd);
}

int main(void) {
    struct file_ops table[1] = { disk_ops };
    table[0].close(0);
    return use(&disk_ops, "x");
}
