; Simple bindings: `name = value` / `obj.attr = value` where the value is a name,
; a dotted name or a call. The extractor keeps only dotted targets and values.
(assignment
  left: [(identifier) (attribute)]
  right: [
    (identifier)
    (attribute)
    (call function: [(identifier) (attribute)])
  ]) @assignment

; Module-level `__all__ = [...]` / `(...)` / `'a', 'b'` candidates (the name is checked in Python).
(module
  (expression_statement
    (assignment left: (identifier) right: [(list) (tuple) (expression_list)]) @all))
