; Decision points for cyclomatic complexity: each adds one (`default` labels add nothing:
; the extractor skips labels that do not start with `case`).
[
  (if_statement)
  (for_statement)
  (enhanced_for_statement)
  (while_statement)
  (do_statement)
  (catch_clause)
  (ternary_expression)
  (switch_label)
] @branch
(binary_expression operator: ["&&" "||"]) @branch

; Statements that nest: their depth inside a method body is its max_nesting.
[
  (if_statement)
  (for_statement)
  (enhanced_for_statement)
  (while_statement)
  (do_statement)
  (switch_expression)
  (try_statement)
  (try_with_resources_statement)
] @nesting

; Cognitive complexity reads the nodes of its rules (extractor.COGNITIVE) from the captures
; above and the methods, and these: lambdas and jumps to a label.
(lambda_expression) @cognitive
(break_statement (identifier)) @cognitive
(continue_statement (identifier)) @cognitive
