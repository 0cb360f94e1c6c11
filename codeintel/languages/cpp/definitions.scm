; Definitions: namespaces, types with a body, and functions with a body (templates included:
; the template_declaration wraps the same nodes). In-class prototypes are field declarations.
(namespace_definition) @namespace
(class_specifier body: (_)) @type
(struct_specifier body: (_)) @type
(union_specifier body: (_)) @type
(enum_specifier body: (_)) @type
(function_definition) @function
(field_declaration) @field
(lambda_expression) @lambda
; Comments (doc comments are read from these, never by walking siblings: tree-sitter's
; sibling and parent steps cost as many steps as there are siblings before the node),
; templates around definitions, and `extern "C"` blocks.
(comment) @comment
(template_declaration) @template
(linkage_specification) @linkage
