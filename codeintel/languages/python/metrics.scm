; Decision points for cyclomatic complexity: each adds one. `if_clause` is both the
; comprehension `if` and the guard of a `case` clause; both are decisions.
[
  (if_statement)
  (elif_clause)
  (for_statement)
  (while_statement)
  (except_clause)
  (case_clause)
  (boolean_operator)
  (conditional_expression)
  (for_in_clause)
  (if_clause)
] @branch

; Blocks that nest: their depth inside a function body is its max_nesting.
[
  (if_statement)
  (for_statement)
  (while_statement)
  (try_statement)
  (with_statement)
  (match_statement)
] @nesting

; Cognitive complexity reads the nodes of its rules (extractor.COGNITIVE) from the captures
; above and the definitions; `else` clauses (of if, for, while and try) only from here.
(else_clause) @else
