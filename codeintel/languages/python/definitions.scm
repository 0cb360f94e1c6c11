; Every class and function definition, at any depth. Methods, nested functions, async
; defs and decorated defs are all plain function_definition nodes; the extractor works
; out kind and qualname from the nesting.
(function_definition) @definition
(class_definition) @definition

; Decorated definitions: their span starts at the first decorator.
(decorated_definition) @decorated
