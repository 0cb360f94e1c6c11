; Type declarations (top-level, member, local) and methods/constructors; the extractor keeps
; those that are members of a kept type (anonymous class bodies and local classes are not
; definitions: their calls belong to the enclosing definition).
[
  (class_declaration)
  (interface_declaration)
  (enum_declaration)
  (record_declaration)
  (annotation_type_declaration)
] @type
[
  (method_declaration)
  (constructor_declaration)
  (compact_constructor_declaration)
] @method
(package_declaration) @package
(type_parameter) @tparam
; Block comments: a `/** ... */` one that ends right before a declaration is its Javadoc.
(block_comment) @doc
