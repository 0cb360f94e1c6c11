; Definitions: functions with a body (prototypes are declarations, see bindings.scm), tagged
; structs, unions and enums with a body, and typedefs (an anonymous struct/union/enum named by
; its typedef, or any other named type). #if/#ifdef branches are ordinary nodes: a definition
; in any branch is captured.
(function_definition) @function
(struct_specifier name: (_) body: (_)) @struct
(union_specifier name: (_) body: (_)) @union
(enum_specifier name: (_) body: (_)) @enum
(type_definition) @typedef
; Object-like macros (the extractor keeps those whose value is a single identifier,
; `#define my_alloc xmalloc`, which may be called like functions). Function-like macros are
; found by a regex over the source lines (error recovery often swallows them).
(preproc_def) @object_macro
