#ifndef LIST_H
#define LIST_H
typedef struct node {
    int value;
    struct node *next;
} node_t;
typedef enum { LIST_OK, LIST_EMPTY } list_status;
node_t *list_push(node_t *head, int value);
list_status list_check(const node_t *head);
#endif
