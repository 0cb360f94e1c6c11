; Every call (the extractor reads its `function` and `arguments`), and every `new T(...)`.
; Constructor calls written as declarations (`Klass k(1);`, `Klass k;`) come from the
; declarations in bindings.scm.
(call_expression) @call
(new_expression) @new
; Member and base initialisers of a constructor (`: Base(x), member_(y), Klass(z)`).
(field_initializer) @init
