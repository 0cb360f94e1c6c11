; Called expressions: the `function` of every call, inside closures too. Macro invocations
; are not calls (their token trees are not parsed as expressions).
(call_expression function: (_) @call)
; Macro invocations in expressions and statements (not among items): the calls written in
; their arguments are read by parsing the token tree again as an array expression.
(macro_invocation) @macro
