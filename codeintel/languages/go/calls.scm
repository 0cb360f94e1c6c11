; Called expressions: the `function` of every call (inside goroutines, defers and
; function literals too). A call starts where its function starts.
(call_expression function: (_) @call)
