; Decision points for cyclomatic complexity: each adds one; a match adds one per arm beyond
; the first (arms are counted, and one is taken off per match block).
[
  (if_expression)
  (while_expression)
  (for_expression)
  (match_arm)
  (try_expression)
] @branch
(binary_expression operator: ["&&" "||"]) @branch
(match_block) @match_block

; Expressions that nest: their depth inside a function body is its max_nesting.
[
  (if_expression)
  (while_expression)
  (for_expression)
  (loop_expression)
  (match_expression)
] @nesting

; Cognitive complexity reads the nodes of its rules (extractor.COGNITIVE) from the captures
; above and the functions, and these: `else` branches, closures, jumps to a label.
(else_clause) @cognitive
(closure_expression) @cognitive
(break_expression (label)) @cognitive
(continue_expression (label)) @cognitive
