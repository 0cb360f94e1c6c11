"""Where a Python symbol is referred to in one file, as identifier spans, and how to replace them.

Found on Python's `ast` rather than LibCST: a rename changes identifier tokens only, so
replacing exactly those spans keeps every other byte (formatting, comments) as it was, and
`ast` (in C) with the scope pass of `rename_scopes` is over ten times faster than LibCST's
parse and ScopeProvider (argparse.py: about 40 ms against 930 ms), which is what lets a rename
of a function used in a hundred stdlib files plan in about a second. `ast` columns are UTF-8
byte offsets within a line, so spans are byte offsets and edits are made on the line's bytes.

What refers to a module-level binding `old` of module M in a file (`PythonFile`):
- in M itself, every use of the global (see `rename_scopes` for shadowing) and `__all__` entries;
- `from M import old` (the imported name; without `as`, also the uses of the name it binds),
  `from M import *` (the uses of the name it provides), and the same from any module that
  re-exports `old` (a namespace, see `rename_targets`);
- `X.old` where X is a name bound by `import M`, `import M as m`, `from P import M` (relative
  forms too), an attribute chain such as `pkg.mod.old`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from codeintel.planning.python.imports import is_package_file
from codeintel.planning.python.rename_scopes import Occurrence, Scope, Scopes


@dataclass(frozen=True, order=True)
class Span:
    """An identifier in a file: 1-based line, byte offsets start..end within the line."""

    line: int
    start: int
    end: int


class PythonFile:
    """One file's text, tree and scopes, with the spans found so far for one rename."""

    def __init__(self, path: str, module: str, text: str) -> None:
        self.path = path
        self.module = module
        self.text = text
        self.is_package = is_package_file(path)

    @cached_property
    def data(self) -> bytes:
        return self.text.encode("utf-8")

    @cached_property
    def lines(self) -> list[bytes]:
        return self.data.splitlines(keepends=True)

    @cached_property
    def tree(self) -> ast.Module:
        return ast.parse(self.text, self.path)

    @cached_property
    def scopes(self) -> Scopes:
        return Scopes(self.tree)

    @cached_property
    def calls_at(self) -> dict[tuple[int, int], list[ast.Call]]:
        """Calls by the (line, byte column) where the call expression starts, as the graph records them."""
        out: dict[tuple[int, int], list[ast.Call]] = {}
        for node in self.scopes.calls:
            out.setdefault((node.lineno, node.col_offset), []).append(node)
        return out

    @property
    def attributes(self) -> list[ast.Attribute]:
        return self.scopes.attributes

    def parsed(self) -> bool:
        try:
            _ = self.tree
        except (SyntaxError, ValueError):
            return False
        return True

    # ---- spans of nodes

    def span_of(self, occurrence: Occurrence) -> Span | None:
        node, name = occurrence.node, occurrence.name
        if occurrence.kind == "name":
            return name_span(node)  # type: ignore[arg-type]
        if occurrence.kind == "def":
            return self._keyword_name_span(node, name, r"(?:async\s+)?(?:def|class)\s+")
        if occurrence.kind == "global":
            return self._keyword_name_span(node, name, r"(?:global|nonlocal)\s+(?:\w+\s*,\s*)*")
        return None

    def _keyword_name_span(self, node: ast.AST, name: str, prefix: str) -> Span | None:
        line = self.lines[node.lineno - 1]  # type: ignore[attr-defined]
        found = re.compile(rb"\s*" + prefix.encode() + re.escape(name.encode()) + rb"\b").match(line, node.col_offset)  # type: ignore[attr-defined]
        if found is None:
            return None
        return Span(node.lineno, found.end() - len(name.encode()), found.end())  # type: ignore[attr-defined]

    def text_at(self, span: Span) -> bytes:
        return self.lines[span.line - 1][span.start : span.end]

    def line_of(self, span_line: int) -> str:
        return self.lines[span_line - 1].decode("utf-8", "replace").strip()

    def replaced(self, spans: Iterable[Span], old: str, new: str) -> str:
        """The text with every span (each must read `old`) replaced by `new`."""
        lines = list(self.lines)
        encoded_old, encoded_new = old.encode(), new.encode()
        for span in sorted(set(spans), reverse=True):
            line = lines[span.line - 1]
            if line[span.start : span.end] != encoded_old:
                raise ValueError(f"{self.path}:{span.line}: expected {old!r} at column {span.start}")
            lines[span.line - 1] = line[: span.start] + encoded_new + line[span.end :]
        return b"".join(lines).decode("utf-8")

    # ---- imports

    def absolute(self, node: ast.ImportFrom) -> str:
        """The module an import-from names, relative forms made absolute."""
        if not node.level:
            return node.module or ""
        parts = self.module.split(".") if self.module else []
        keep = len(parts) - node.level + (1 if self.is_package else 0)
        base = parts[: max(keep, 0)]
        return ".".join([*base, node.module] if node.module else base)

    @property
    def imports(self) -> list[tuple[ast.Import | ast.ImportFrom, Scope]]:
        """Every import statement with the scope it binds in."""
        return self.scopes.imports

    def dunder_all_spans(self, name: str) -> list[Span]:
        """String entries `name` of the module's `__all__` (assigned, extended or appended to)."""
        spans = []
        for node in _statements_of(self.tree):
            values: list[ast.expr] = []
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and node.value is not None:
                    values.append(node.value)
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                func = node.value.func
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "__all__":
                    values.extend(node.value.args)
            for value in values:
                for constant in ast.walk(value):
                    if isinstance(constant, ast.Constant) and constant.value == name:
                        span = Span(constant.lineno, constant.col_offset + 1, constant.end_col_offset - 1)  # type: ignore[operator]
                        if constant.lineno == constant.end_lineno and self.text_at(span) == name.encode():
                            spans.append(span)
        return spans

    def strings_equal_to(self, name: str, leave: set[Span]) -> list[int]:
        """Lines of string constants that read exactly `name` (a getattr, a forward reference)."""
        lines = []
        for node in self.scopes.strings:
            if node.value == name:
                span = Span(node.lineno, node.col_offset + 1, (node.end_col_offset or 0) - 1)
                if span not in leave:
                    lines.append(node.lineno)
        return lines


def name_span(node: ast.Name) -> Span:
    return Span(node.lineno, node.col_offset, node.end_col_offset or node.col_offset + len(node.id.encode()))


def attribute_span(node: ast.Attribute) -> Span:
    """The attribute's name: the last bytes of the node (`a . b` ends with `b`)."""
    end = node.end_col_offset or 0
    return Span(node.end_lineno or node.lineno, end - len(node.attr.encode()), end)


def alias_name_span(alias: ast.alias, name: str) -> Span:
    """The imported name of an import alias (`x` of `from m import x as y`)."""
    return Span(alias.lineno, alias.col_offset, alias.col_offset + len(name.encode()))


def attribute_chain(node: ast.Attribute) -> tuple[ast.Name, list[str]] | None:
    """`a.b.c.old` -> (Name a, ['b', 'c']): the base name and the attributes between it and the last."""
    middle: list[str] = []
    value = node.value
    while isinstance(value, ast.Attribute):
        middle.append(value.attr)
        value = value.value
    if not isinstance(value, ast.Name):
        return None
    return value, middle[::-1]


_SCOPE_NODES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.GeneratorExp,
    ast.DictComp,
)


def _statements_of(node: ast.AST) -> Iterable[ast.AST]:
    """The nodes of one scope's own body, nested scopes left out (their statements are theirs)."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        yield child
        if not isinstance(child, _SCOPE_NODES):
            stack.extend(ast.iter_child_nodes(child))
