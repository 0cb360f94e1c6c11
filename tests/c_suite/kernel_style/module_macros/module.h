#ifndef MODULE_H
#define MODULE_H
#define module_init(fn) int (*__initcall_ptr)(void) = fn
#define EXPORT_SYMBOL(sym) extern typeof(sym) sym
#define likely(x) __builtin_expect(!!(x), 1)
#endif
