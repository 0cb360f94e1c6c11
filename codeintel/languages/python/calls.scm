; Called expressions: the `function` of every call, plus bare decorators (`@dec`,
; `@a.b`), which are calls of the decorator too. A call starts where its function
; starts, so the callee node gives the call's position as well.
(call function: (_) @call)
(decorator (identifier) @call)
(decorator (attribute) @call)
