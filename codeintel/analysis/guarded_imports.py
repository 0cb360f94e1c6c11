"""Python imports that cannot fail the program: inside a `try` whose handler catches ImportError
(an optional dependency, an accelerator built only for some wheels), or under
`if TYPE_CHECKING:` (never run). An import of a missing module there is intended, not a bug.

And imports that do not run when their module loads: inside a function (run when it is called)
or under `if TYPE_CHECKING:`. They cannot take part in an import cycle; making an import local
is the usual way to break one."""

from __future__ import annotations

import ast

CATCHING = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def guarded_import_lines(text: str) -> set[int]:
    """The lines of the file's guarded `import` and `from ... import` statements (every line each
    spans); none for a file that does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return set()
    lines: set[int] = set()
    for node in ast.walk(tree):
        optional = isinstance(node, ast.Try | ast.TryStar) and any(_catches_import_error(h) for h in node.handlers)
        never_run = isinstance(node, ast.If) and _is_type_checking(node.test)
        for statement in node.body if optional or never_run else ():  # type: ignore[attr-defined]
            for inner in ast.walk(statement):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def deferred_import_lines(text: str) -> set[int]:
    """The lines of the file's imports that do not run when the module loads: inside a function
    body or under `if TYPE_CHECKING:`; none for a file that does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return set()
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            deferred: list[ast.stmt] = node.body
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            deferred = node.body
        else:
            continue
        for statement in deferred:
            for inner in ast.walk(statement):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(_name(c) in CATCHING for c in caught)


def _is_type_checking(test: ast.expr) -> bool:
    return _name(test) == "TYPE_CHECKING"


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""
