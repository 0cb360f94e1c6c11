; Syntax errors left by tree-sitter's error recovery. Only run when the tree has errors.
(ERROR) @error
(MISSING) @missing
