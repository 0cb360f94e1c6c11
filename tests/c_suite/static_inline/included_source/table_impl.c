/* Not compiled on its own: included by table.c, which sees its static functions. */
static int table_hash(int key) { return key * 31; }
static int table_slot(int key, int size) { return table_hash(key) % size; }
