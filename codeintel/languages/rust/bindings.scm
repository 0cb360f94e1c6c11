; Declarations the resolver reads types from, and local names that shadow items.
(let_declaration) @let
(let_declaration pattern: (identifier) @local)
(tuple_pattern (identifier) @local)
(parameter pattern: (identifier) @local)
(closure_parameters (identifier) @local)
(closure_parameters (parameter pattern: (identifier) @local))
(for_expression pattern: (identifier) @local)
; `for x in xs` and closures: their parameters may be elements of a typed collection.
(for_expression) @for
(closure_expression) @closure
; `if let` / `while let` conditions and match arms: `Some(x)` / `Ok(x)` bindings.
(let_condition) @let_condition
(match_arm) @arm
