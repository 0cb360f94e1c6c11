"""The planner's Python operations: reference finding on `ast` for renames (fast enough for the
stdlib), structural edits on LibCST (a lossless tree, so formatting and comments survive)."""
