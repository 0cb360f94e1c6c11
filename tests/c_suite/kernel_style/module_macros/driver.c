#include "module.h"

static int probe_count;

static int driver_probe(int id) {
    if (likely(id > 0))
        probe_count++;
    return probe_count;
}

int driver_register(int id) { return driver_probe(id); }
EXPORT_SYMBOL(driver_register);

static int driver_init(void) { return driver_register(1); }
module_init(driver_init);
