; `use` trees (flattened by the extractor) and `extern crate` declarations.
(use_declaration) @use
(extern_crate_declaration) @extern_crate
