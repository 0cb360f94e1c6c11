; Decision points for cyclomatic complexity: each adds one (`default` clauses add nothing).
[
  (if_statement)
  (for_statement)
  (expression_case)
  (type_case)
  (communication_case)
] @branch
(binary_expression operator: ["&&" "||"]) @branch

; Blocks that nest: their depth inside a function body is its max_nesting.
[
  (if_statement)
  (for_statement)
  (expression_switch_statement)
  (type_switch_statement)
  (select_statement)
] @nesting

; Cognitive complexity reads the nodes of its rules (extractor.COGNITIVE) from the nesting
; statements and `&&`/`||` above, and these: closures, `goto`, jumps to a label.
(func_literal) @cognitive
(goto_statement) @cognitive
(break_statement (label_name)) @cognitive
(continue_statement (label_name)) @cognitive
