"""The refactoring planner: findings and requests in, Plans (ordered patches with their symbol
mapping, blast radius, benefit and risk) out. `planner.make_plan` is the entry point; each
operation lives in `python/` or `treesitter/` and returns a `changes.Draft`."""
