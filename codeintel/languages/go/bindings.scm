; Names bound inside a scope (locals shadow package-level functions), and the declarations
; the resolver reads types from.
(short_var_declaration) @short_var
(range_clause) @range
(type_switch_statement alias: (expression_list (identifier))) @type_switch
(var_spec) @var_spec
(short_var_declaration left: (expression_list (identifier) @local))
(var_spec name: (identifier) @local)
(const_spec name: (identifier) @local)
(parameter_declaration name: (identifier) @local)
(variadic_parameter_declaration name: (identifier) @local)
(range_clause left: (expression_list (identifier) @local))
(type_switch_statement alias: (expression_list (identifier) @local))
