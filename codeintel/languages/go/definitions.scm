; Top-level declarations: functions, methods, and named types (structs, interfaces and
; other defined types; `type A = B` aliases are not definitions). Go has no nested named
; functions, so every definition is at the top of the file; local types are not kept.
(function_declaration) @function
(method_declaration) @method
(source_file (type_declaration (type_spec) @type))
(package_clause (package_identifier) @package)
