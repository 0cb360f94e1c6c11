; Declarators: inside a function they bind local names (which shadow functions of the same
; name); at file scope they are global variables or prototypes.
(parameter_declaration declarator: (_) @declarator)
(declaration declarator: (_) @declarator)
; K&R parameter names: `int old(a, b) int a; char *b; { ... }`
(parameter_list (identifier) @local)
; A prototype that error recovery left outside a declaration (`void\nErrorF(const char *f, ...)
; _X_ATTRIBUTE_PRINTF(1, 2);`): still a prototype of its header.
(ERROR (function_declarator declarator: (identifier) @error_proto))
