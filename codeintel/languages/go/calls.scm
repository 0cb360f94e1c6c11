; Called expressions: the `function` of every call (inside goroutines, defers and
; function literals too). A call starts where its function starts.
(call_expression function: (_) @call)
; `F[T](x)` parses as a conversion to a generic type: it is a call when F is a function
; (the resolver decides; a conversion gives no edge).
(type_conversion_expression type: (generic_type) @call)
