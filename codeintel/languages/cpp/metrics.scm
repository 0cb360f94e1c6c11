; Decision points for cyclomatic complexity: each adds one (`default:` adds nothing).
[
  (if_statement)
  (for_statement)
  (for_range_loop)
  (while_statement)
  (do_statement)
  (catch_clause)
  (conditional_expression)
] @branch
(case_statement value: (_)) @branch
(binary_expression operator: ["&&" "||" "and" "or"]) @branch

; Statements that nest: their depth inside a function body is its max_nesting.
[
  (if_statement)
  (for_statement)
  (for_range_loop)
  (while_statement)
  (do_statement)
  (switch_statement)
  (try_statement)
] @nesting

; Cognitive complexity reads the nodes of its rules (extractor.COGNITIVE) from the captures
; above, the functions and the lambdas, and these: `else` branches and `goto`.
(else_clause) @cognitive
(goto_statement) @cognitive
