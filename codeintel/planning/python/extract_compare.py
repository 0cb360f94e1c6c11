"""How the copies of a Type-1 or Type-2 clone differ: walked side by side on their LibCST trees
(layout, comments, parentheses and trailing commas aside, as the clone detector's tokens do), they
must have the same shape, and differ only in identifiers and literals.

Each difference is classified: a literal becomes a parameter of the shared function; a name bound
in the copies' functions (a renamed local) is renamed back; a name from the module, an import or
the builtins, an attribute or a keyword differs in what the copies do, not in what they are called,
and is refused (one function for both would change the call graph).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import libcst as cst
from libcst.metadata import BuiltinScope, GlobalScope

from codeintel.planning.model import ImpossibleRequest
from codeintel.planning.python.extract_block import Copy

_LAYOUT = (
    cst.SimpleWhitespace,
    cst.ParenthesizedWhitespace,
    cst.TrailingWhitespace,
    cst.EmptyLine,
    cst.Newline,
    cst.Comment,
    cst.LeftParen,
    cst.RightParen,
    cst.Comma,
    cst.Semicolon,
)
_LITERALS = (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary)


@dataclass
class Difference:
    kind: Literal["literal", "local"]
    nodes: list[cst.CSTNode]
    """The differing node of each copy, in the order of the copies."""
    parent: cst.CSTNode | None = None
    """The first copy's node around it (a keyword argument names a literal)."""
    ancestors: tuple[cst.CSTNode, ...] = ()
    """The first copy's nodes around it, the statement first."""

    def texts(self) -> tuple[str, ...]:
        return tuple(_value(node) for node in self.nodes)


def shape(node: cst.CSTNode) -> tuple:
    """A statement as the clone detector's normalised tokens see it: node types, with names and
    literals as placeholders."""
    if isinstance(node, cst.Name):
        return ("$id",)
    if isinstance(node, (cst.FormattedStringText, *_LITERALS)):
        return ("$lit",)
    return (type(node).__name__, *(shape(child) for child in _significant(node)))


def aligned(copies: list[Copy]) -> list[tuple[int, int]]:
    """The (start, end) of each copy's run, narrowed to the statements that correspond in all copies:
    a fragment's first or last line may hold a statement only partly inside the clone."""
    shapes = [[shape(s) for s in copy.statements] for copy in copies]
    matches = [_longest_common_run(shapes[0], other) for other in shapes[1:]]
    low = max((a for a, _, _ in matches), default=0)
    high = min((a + length for a, _, length in matches), default=len(shapes[0]))
    if high <= low:
        shown = ", ".join(copy.where for copy in copies)
        raise ImpossibleRequest(f"the copies have no statements in common once snapped to whole statements ({shown})")
    spans = [(copies[0].start + low, copies[0].start + high)]
    for copy, (a, b, _) in zip(copies[1:], matches, strict=True):
        start = copy.start + b + (low - a)
        spans.append((start, start + high - low))
    return spans


def _longest_common_run(first: list[tuple], other: list[tuple]) -> tuple[int, int, int]:
    """(start in first, start in other, length) of the longest run of equal items."""
    best = (0, 0, 0)
    for i in range(len(first)):
        for j in range(len(other)):
            length = 0
            while i + length < len(first) and j + length < len(other) and first[i + length] == other[j + length]:
                length += 1
            if length > best[2]:
                best = (i, j, length)
    return best


def differences(copies: list[Copy]) -> list[Difference]:
    """The differences between the copies, or ImpossibleRequest saying why they cannot share a function."""
    runs = [copy.statements for copy in copies]
    if len({len(run) for run in runs}) != 1:
        shown = ", ".join(copy.where for copy in copies)
        raise ImpossibleRequest(f"the copies do not cover the same statements ({shown})")
    found: list[Difference] = []
    for statements in zip(*runs, strict=True):
        _compare(copies, list(statements), [None] * len(copies), found)
    return [_classify(copies, difference) for difference in found]


def _significant(node: cst.CSTNode) -> list[cst.CSTNode]:
    return [child for child in node.children if not isinstance(child, _LAYOUT)]


def _value(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.SimpleString):
        return repr(node.evaluated_value)
    if isinstance(node, _LITERALS):
        return node.value  # type: ignore[attr-defined]
    if isinstance(node, cst.FormattedStringText):
        return node.value
    return ""


def _compare(
    copies: list[Copy],
    nodes: list[cst.CSTNode],
    parents: list[cst.CSTNode | None],
    found: list[_Raw],
    ancestors: tuple[cst.CSTNode, ...] = (),
) -> None:
    kinds = {type(node) for node in nodes}
    if len(kinds) != 1:
        raise ImpossibleRequest(_shape_message(copies, nodes))
    first = nodes[0]
    if isinstance(first, (cst.Name, cst.FormattedStringText, *_LITERALS)):
        if len({_value(node) for node in nodes}) > 1:
            found.append(_Raw(nodes, parents, ancestors))
        return
    children = [_significant(node) for node in nodes]
    if len({len(c) for c in children}) != 1:
        raise ImpossibleRequest(_shape_message(copies, nodes))
    for group in zip(*children, strict=True):
        _compare(copies, list(group), nodes, found, (*ancestors, nodes[0]))


def _shape_message(copies: list[Copy], nodes: list[cst.CSTNode]) -> str:
    where = ", ".join(
        f"{copy.module.path}:{copy.module.positions[node].start.line}" if node in copy.module.positions else copy.where
        for copy, node in zip(copies, nodes, strict=True)
    )
    return f"the copies differ in more than names and literals ({where}): only Type-1 and Type-2 clones are extracted"


@dataclass
class _Raw:
    nodes: list[cst.CSTNode]
    parents: list[cst.CSTNode | None]
    ancestors: tuple[cst.CSTNode, ...]


def _classify(copies: list[Copy], raw: _Raw) -> Difference:
    nodes, parents = raw.nodes, raw.parents
    first = nodes[0]
    shown = " / ".join(f"`{_value(node)}` in {copy.qualname}" for copy, node in zip(copies, nodes, strict=True))
    if isinstance(first, cst.FormattedStringText):
        raise ImpossibleRequest(f"the copies differ inside an f-string ({shown})")
    if isinstance(first, _LITERALS):
        return Difference("literal", nodes, parents[0], raw.ancestors)
    parent = parents[0]
    if isinstance(parent, cst.Attribute) and parent.attr is first:
        raise ImpossibleRequest(f"the copies use different attributes ({shown}): one shared function cannot do both")
    if isinstance(parent, cst.Arg) and parent.keyword is first:
        raise ImpossibleRequest(f"the copies pass different keyword arguments ({shown})")
    if any(_module_level(copy, node) for copy, node in zip(copies, nodes, strict=True)):
        called = isinstance(parent, cst.Call) and parent.func is first
        what = "call different functions" if called else "read different global names"
        raise ImpossibleRequest(
            f"the copies {what} ({shown}): one shared function would change the call graph; "
            "only names local to the copies' functions and literals may differ"
        )
    return Difference("local", nodes, parent)


def _module_level(copy: Copy, node: cst.CSTNode) -> bool:
    """Whether the name `node` reads is the module's, an import's or a builtin."""
    scope = copy.module.scopes.get(node)
    name = _value(node)
    if scope is None or name not in scope:
        return True
    assignments = scope[name]
    return not assignments or all(isinstance(a.scope, GlobalScope | BuiltinScope) for a in assignments)


def renamings(copies: list[Copy], found: list[Difference]) -> list[dict[str, str]]:
    """For each copy, its name for each local name of the first copy that it calls otherwise; the
    renaming must be one to one."""
    out: list[dict[str, str]] = [{} for _ in copies]
    for difference in found:
        if difference.kind != "local":
            continue
        canonical = _value(difference.nodes[0])
        for index, node in enumerate(difference.nodes):
            name = _value(node)
            previous = out[index].setdefault(canonical, name)
            if previous != name:
                raise ImpossibleRequest(
                    f"{copies[index].qualname} calls `{canonical}` of {copies[0].qualname} both `{previous}` and "
                    f"`{name}`: the renaming is not one to one"
                )
    for index, mapping in enumerate(out):
        if len(set(mapping.values())) != len(mapping):
            raise ImpossibleRequest(f"{copies[index].qualname} merges names the first copy keeps apart")
    return out
