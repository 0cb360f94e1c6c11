; Decision points for cyclomatic complexity: each adds one (`default:` adds nothing).
[
  (if_statement)
  (for_statement)
  (while_statement)
  (do_statement)
  (conditional_expression)
] @branch
(case_statement value: (_)) @branch
(binary_expression operator: ["&&" "||"]) @branch

; Statements that nest: their depth inside a function body is its max_nesting.
[
  (if_statement)
  (for_statement)
  (while_statement)
  (do_statement)
  (switch_statement)
] @nesting

; Cognitive complexity reads the nodes of its rules (extractor.COGNITIVE) from the captures
; above and the functions, and these: `else` branches and `goto`.
(else_clause) @cognitive
(goto_statement) @cognitive
