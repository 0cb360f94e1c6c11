"""Whether a patched call graph is the original one under a plan's symbol mapping.

Call graphs are PyCG-style dicts (`codeintel.graph.export.to_pycg`): every module, class and
function by qualified name, with the names it calls. The original is mapped (renamed symbols
and what they define take their new names, removed ones disappear); the patched one has the
calls through each inlined helper followed into what the helper calls. The two must then be
equal, node for node and edge for edge, apart from the nodes the plan adds.
"""

from __future__ import annotations

from collections.abc import Mapping

from codeintel.planning.model import SymbolMapping

CallGraphDict = Mapping[str, list[str]]


def rename_symbol(name: str, renamed: Mapping[str, str]) -> str:
    """`name` under `renamed`, where a renamed symbol carries what it defines (longest prefix wins)."""
    if name in renamed:
        return renamed[name]
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in renamed:
            return renamed[prefix] + "." + ".".join(parts[cut:])
    return name


def _removed(name: str, removed: frozenset[str]) -> bool:
    parts = name.split(".")
    return any(".".join(parts[:cut]) in removed for cut in range(1, len(parts) + 1))


def expected_callgraph(old: CallGraphDict, mapping: SymbolMapping) -> dict[str, set[str]]:
    removed = frozenset(mapping.removed)
    out: dict[str, set[str]] = {}
    for caller, callees in old.items():
        if _removed(caller, removed):
            continue
        targets = out.setdefault(rename_symbol(caller, mapping.renamed), set())
        targets.update(rename_symbol(callee, mapping.renamed) for callee in callees)
    return out


def contracted_callgraph(new: CallGraphDict, mapping: SymbolMapping) -> dict[str, set[str]]:
    """`new` with calls to inlined helpers replaced by what they call (transitively), and the
    nodes the plan added left out."""
    inlined = set(mapping.inlined)
    added = set(mapping.added)

    def through(callee: str, seen: frozenset[str]) -> set[str]:
        if callee not in inlined or callee in seen:
            return {callee}
        out: set[str] = set()
        for inner in new.get(callee, []):
            out |= through(inner, seen | {callee})
        return out

    graph: dict[str, set[str]] = {}
    for caller, callees in new.items():
        if caller in added or any(caller.startswith(helper + ".") for helper in inlined):
            continue
        targets = graph.setdefault(caller, set())
        for callee in callees:
            targets |= through(callee, frozenset())
    return graph


def moved_between(mapping: SymbolMapping) -> list[set[str]]:
    """Groups of scopes that definitions moved between (the old and the new parent of a renamed
    symbol whose parent changed, by their names after the plan). The calls a definition's
    decorators and default values make belong to the enclosing scope, so they move with it from
    one module (or class) to the other: within a group, those calls are compared as one pool."""
    groups: list[set[str]] = []
    for old, new in mapping.renamed.items():
        old_parent = rename_symbol(old.rpartition(".")[0], mapping.renamed)
        new_parent = new.rpartition(".")[0]
        if old_parent and new_parent and old_parent != new_parent:
            pair = {old_parent, new_parent}
            joined = [g for g in groups if g & pair]
            for group in joined:
                groups.remove(group)
                pair |= group
            groups.append(pair)
    return groups


def callgraph_differences(old: CallGraphDict, new: CallGraphDict, mapping: SymbolMapping) -> list[str]:
    """What differs between the mapped original and the contracted patched graph; [] when equal."""
    expected = expected_callgraph(old, mapping)
    actual = contracted_callgraph(new, mapping)
    problems = []
    pooled: set[str] = set()
    if mapping.renamed:
        with_added = contracted_callgraph(new, mapping.model_copy(update={"added": []}))
        for group in moved_between(mapping):
            pooled |= group
            before = set().union(*(expected.get(scope, set()) for scope in group))
            after = set().union(*(with_added.get(scope, set()) for scope in group))
            if before - after:
                problems.append(f"{', '.join(sorted(group))} together no longer call {sorted(before - after)}")
            if after - before:
                problems.append(f"{', '.join(sorted(group))} together now also call {sorted(after - before)}")
    for name in sorted(expected.keys() - actual.keys()):
        problems.append(f"missing after the patch: {name}")
    for name in sorted(actual.keys() - expected.keys()):
        problems.append(f"new after the patch: {name}")
    for name in sorted((expected.keys() & actual.keys()) - pooled):
        lost = expected[name] - actual[name]
        gained = actual[name] - expected[name]
        if lost:
            problems.append(f"{name} no longer calls {sorted(lost)}")
        if gained:
            problems.append(f"{name} now also calls {sorted(gained)}")
    return problems
