; Calls: method invocations, instance creation, `this(...)`/`super(...)`, method references,
; and enum constants (which call the enum's constructor).
(method_invocation) @call
(object_creation_expression) @new
(explicit_constructor_invocation) @ctor_call
(method_reference) @ref
(enum_constant) @enum_constant
