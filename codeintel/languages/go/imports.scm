; Every import spec, whether in a parenthesised group or alone.
(import_spec) @import
