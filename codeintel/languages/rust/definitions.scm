; Items that are definitions (functions, types, traits, inline modules) and the items that
; give them context: `impl` blocks (the type their methods belong to) and `mod m;` files.
(function_item) @function
(struct_item) @type
(enum_item) @type
(union_item) @type
(trait_item) @type
(type_item) @type
(mod_item) @mod
(impl_item) @impl
