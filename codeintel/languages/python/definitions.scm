; Every class and function definition, at any depth. Methods, nested functions, async
; defs and decorated defs are all plain function_definition nodes; the extractor works
; out kind and qualname from the nesting.
(function_definition) @definition
(class_definition) @definition
; Lambdas are definitions too (named <lambda1>, <lambda2>, ... within their enclosing scope),
; so that calls inside them, and calls of them, have a node of their own.
(lambda) @definition

; Decorated definitions: their span starts at the first decorator.
(decorated_definition) @decorated
