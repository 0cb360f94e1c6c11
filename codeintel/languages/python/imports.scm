; Every import statement anywhere (module level, functions, try/except, if blocks).
(import_statement) @import
(import_from_statement) @import
(future_import_statement) @import
