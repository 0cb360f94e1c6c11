#include <stdlib.h>
#include "list.h"
node_t *list_push(node_t *head, int value) {
    node_t *n = calloc(1, sizeof *n);
    n->value = value;
    n->next = head;
    return n;
}
list_status list_check(const node_t *head) { return head ? LIST_OK : LIST_EMPTY; }
