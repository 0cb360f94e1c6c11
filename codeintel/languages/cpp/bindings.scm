; Declarations the resolver reads types from, and the local names that shadow functions.
(declaration) @declaration
(lambda_expression
  declarator: (abstract_function_declarator
    parameters: (parameter_list [(parameter_declaration) (optional_parameter_declaration)] @lambda_parameter)))
; Blocks: a local declaration is seen in the innermost one around it.
[
  (compound_statement)
  (for_statement)
  (for_range_loop)
  (if_statement)
  (while_statement)
  (catch_clause)
  (lambda_expression)
  (switch_statement)
] @block
(for_range_loop) @range
