"""Cognitive complexity of one function, for every language the graph holds.

The measure is G. Ann Campbell's ("Cognitive Complexity: a new way of measuring
understandability", SonarSource white paper, 2017, v1.x):

  - +1 for each break in the linear flow: `if`, `else if`/`elif`, `else`, a conditional
    (ternary) expression, a `switch`/`match`/`select` as a whole (its cases add nothing),
    each loop (`for`, for-each, `while`, `do`, Rust's `loop`), each `catch`/`except`
    clause, `goto`, and `break`/`continue` to a label;
  - +1 for each sequence of like binary logical operators, read in source order: `a && b &&
    c` is +1, `a && b || c` +2, `a || b && c || d` +3; a negation (`!`, `not`) ends a
    sequence, so `a && !(b && c)` is +2;
  - + the nesting level, on top of the +1, for `if`, a ternary, a switch/match, a loop and
    a catch (not for `else`, `else if`, `elif`, jumps or logical operators). The level is
    the number of such structures, and of lambdas/closures, around the node inside the
    function; an `else if`/`elif` and an `else` stay at their `if`'s inner level, so a
    chain of them never deepens;
  - `try`, `finally`, `with`, blocks and plain `break`/`continue`/`return` add nothing and
    do not nest.

Where the paper leaves a choice:
  - Everything inside a structure is one level deeper, its condition included (SonarQube's
    Java analyser does so for loops and ternaries but reads an `if`'s condition at the
    `if`'s own level; the two differ only for a ternary or lambda inside a condition).
  - A sequence of like operators reads through parentheses: `a && (b && c)` is +1 (as
    SonarQube's Java analyser; its Python analyser counts +2).
  - Null-coalescing (`??`) and optional chaining add nothing: the paper's "shorthand".
  - Nested definitions follow the rule this codebase has for cyclomatic complexity: a
    nested definition that has a record of its own (a Python `def`, a Rust `fn` item, a JS
    function that is a Definition) counts for itself alone, and its holder skips it;
    a lambda or closure without a record of its own counts inside its holder, where it adds
    nothing itself but makes what it holds one level deeper (the paper's nesting increment
    for "nested methods and lambdas"). SonarQube counts a nested function in its holder.
  - Recursion, optional in the paper and +1 per method of a cycle in SonarQube, is not
    counted: an extractor sees one file, not the call graph.
Each extractor's docstring says what its language's node types are.

How it runs. An extractor gathers, once per file, every node whose type has a role in its
language's `CognitiveRules` (from its query captures, or from the nodes its own walk meets),
and `CognitiveScan(rules, nodes).of(body)` scores one function from the nodes inside its
body: one pass over them in document order, outer nodes first, with a stack of the ends of
the open nesting structures (the level is its height). Nested definitions are jumped over by
bisection, so each function costs its own nodes, and nothing recurses, so deep code cannot
overflow the stack. Only a few nodes are asked about their children (an else, a labelled
jump) or fields (a Java/Go `if`'s else branch, a logical operator's operands).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

import tree_sitter

_STRUCTURE = 1  # +1 + nesting; what it holds one level deeper
_IF = 2  # a structure, or an `else if` (+1, no nesting) when an else holds it
_ELSE = 3  # +1, no nesting; none when it holds an `if` (that `if` is the `else if`)
_FLAT = 4  # +1, no nesting (elif, goto)
_JUMP = 5  # +1 when it names a label
_CLOSURE = 6  # +0; what it holds one level deeper (unless it is a definition of its own)
_DEFINITION = 7  # counted on its own: skipped
_LOGICAL = 8  # a binary node whose operator may be a logical one


class CognitiveRules:
    """One language's node types for cognitive complexity.

    structures: +1 + nesting, contents one level deeper (loops, switch/match, catch, ternary).
    ifs: the `if` node types (structures too, or an `else if` where an else holds them).
    else_clauses: node types of an `else` branch: +1, unless the branch is an `if` (`else if`).
    else_field: for grammars without an else node (Java, Go), the field of an `if` that holds
        its else branch: +1 for it, unless it is an `if`, which is then an `else if`.
    flat: +1 without nesting (Python's `elif`, `goto`).
    jumps: `break`/`continue` node types -> the node types of a label: +1 when it names one.
    closures: lambdas and closures: +0, contents one level deeper; one whose node id is in the
        caller's `own` set is a definition with a record of its own and is skipped instead.
    definitions: nested definitions always counted on their own (skipped with their contents).
    logical: binary node types that may be logical; operators: operator token -> its family
        (`and` -> `&&`); other tokens are not logical. parentheses: node types a sequence of
        like operators reads through.
    """

    __slots__ = ("else_field", "ifs", "jumps", "operators", "parentheses", "roles")

    def __init__(
        self,
        *,
        structures: Iterable[str],
        ifs: Iterable[str],
        else_clauses: Iterable[str] = (),
        else_field: str | None = None,
        flat: Iterable[str] = (),
        jumps: dict[str, Iterable[str]] | None = None,
        closures: Iterable[str] = (),
        definitions: Iterable[str] = (),
        logical: Iterable[str] = (),
        operators: dict[str, str] | None = None,
        parentheses: Iterable[str] = (),
    ) -> None:
        roles: dict[str, int] = {}
        for types, role in (
            (structures, _STRUCTURE),
            (ifs, _IF),
            (else_clauses, _ELSE),
            (flat, _FLAT),
            (closures, _CLOSURE),
            (definitions, _DEFINITION),
            (logical, _LOGICAL),
        ):
            for kind in types:
                if kind in roles:
                    raise ValueError(f"node type {kind!r} has two roles")
                roles[kind] = role
        self.jumps = {kind: frozenset(labels) for kind, labels in (jumps or {}).items()}
        for kind in self.jumps:
            roles[kind] = _JUMP
        self.roles = roles
        self.ifs = frozenset(ifs)
        self.else_field = else_field
        self.operators = dict(operators or {})
        self.parentheses = frozenset(parentheses)

    @property
    def node_types(self) -> frozenset[str]:
        """Every node type with a role: what an extractor captures for `CognitiveScan`."""
        return frozenset(self.roles)


def _outer_first(node: tree_sitter.Node) -> tuple[int, int, int]:
    return node.start_byte, -node.end_byte, node.id  # the id puts a node given twice next to itself


class CognitiveScan:
    """A file's nodes that have a role in `rules` (any order, a node given twice kept once;
    sorted here into document order, an outer node before an inner one that starts at the same
    byte), scored per function."""

    __slots__ = ("nodes", "rules", "starts")

    def __init__(self, rules: CognitiveRules, nodes: Iterable[tree_sitter.Node]) -> None:
        self.rules = rules
        ordered = sorted(nodes, key=_outer_first)
        kept: list[tree_sitter.Node] = []
        last = None
        for node in ordered:
            if node != last:
                kept.append(node)
                last = node
        self.nodes = kept
        self.starts = [node.start_byte for node in kept]

    def of(self, body: tree_sitter.Node | None, own: frozenset[int] | set[int] = frozenset()) -> int:
        """The cognitive complexity of the function whose body is `body` (0 without one).

        `own`: node ids of closures that are definitions with a record of their own; they
        are skipped with their contents, as `rules.definitions` always are."""
        if body is None:
            return 0
        nodes, starts, rules = self.nodes, self.starts, self.rules
        roles, ifs, else_field, jumps = rules.roles, rules.ifs, rules.else_field, rules.jumps
        end = body.end_byte
        index = bisect_left(starts, body.start_byte)
        last = bisect_left(starts, end)
        total = 0
        ends: list[int] = []  # ends of the open structures and closures: the nesting level is its length
        else_ifs: set[int] = set()  # ids of `if` nodes that continue an else: +1 without nesting
        chained: set[int] = set()  # ids of logical nodes already counted with their sequence
        while index < last:
            node = nodes[index]
            index += 1
            start = node.start_byte
            if node.end_byte > end:  # an ancestor of the body that starts with it
                continue
            while ends and ends[-1] <= start:
                ends.pop()
            role = roles[node.type]
            if role == _STRUCTURE:
                total += 1 + len(ends)
                ends.append(node.end_byte)
            elif role == _IF:
                if node.id in else_ifs:
                    total += 1
                else:
                    total += 1 + len(ends)
                    ends.append(node.end_byte)
                if else_field is not None:
                    branch = node.child_by_field_name(else_field)
                    if branch is not None:
                        if branch.type in ifs:
                            else_ifs.add(branch.id)
                        else:
                            total += 1
            elif role == _ELSE:
                for child in node.named_children:
                    if child.type in ifs:
                        else_ifs.add(child.id)
                        break
                else:
                    total += 1
            elif role == _LOGICAL:
                if node.id not in chained:
                    total += _sequences(node, rules, chained)
            elif role == _CLOSURE:
                if node.id in own:
                    index = bisect_left(starts, node.end_byte, index, last)
                else:
                    ends.append(node.end_byte)
            elif role == _DEFINITION:
                index = bisect_left(starts, node.end_byte, index, last)
            elif role == _FLAT:
                total += 1
            elif role == _JUMP:
                labels = jumps[node.type]
                if any(child.type in labels for child in node.named_children):
                    total += 1
        return total


def _family(node: tree_sitter.Node, rules: CognitiveRules) -> str | None:
    """The logical family (`&&`, `||`, `??`...) of a node, or None when it is not a logical operator."""
    if rules.roles.get(node.type) != _LOGICAL:
        return None
    operator = node.child_by_field_name("operator")
    return rules.operators.get(operator.type) if operator is not None else None


def _sequences(root: tree_sitter.Node, rules: CognitiveRules, chained: set[int]) -> int:
    """+1 per run of like operators in the logical expression headed by `root`, read in source
    order (an iterative in-order walk through parentheses); each of its logical nodes joins
    `chained`, so none is counted again. 0 when `root` is not a logical operator."""
    parentheses = rules.parentheses
    runs = 0
    previous = None
    pending: list[tuple[tree_sitter.Node, str]] = []
    current: tree_sitter.Node | None = root
    while True:
        while current is not None:  # down the left spine
            while current.type in parentheses and current.named_child_count == 1:
                current = current.named_child(0)
            family = _family(current, rules)
            if family is None:
                break
            pending.append((current, family))
            current = current.child_by_field_name("left")
        if not pending:
            return runs
        node, family = pending.pop()
        chained.add(node.id)
        if family != previous:
            runs += 1
            previous = family
        current = node.child_by_field_name("right")
