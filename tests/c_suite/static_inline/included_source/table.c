#include "table_impl.c"

int table_find(int key) { return table_slot(key, 64); }
