; Called expressions: the `function` of every call. A call starts where its function starts.
(call_expression function: (_) @call)
; `__attribute__((aligned(16)))`, `__attribute__((format(printf, 1, 2)))`: attribute arguments,
; not calls (the extractor drops these call sites).
(attribute_specifier (argument_list (call_expression) @attribute_call))
