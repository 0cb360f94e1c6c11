"""Questions about one repository's graph: symbols, calls (with depth), call paths. Every
traversal runs level by level over the GraphStore's named queries (one query per level, bounded
by the depth asked for), so it works on any adapter and never sends an unbounded
variable-length pattern to the database. Impact, which reaches far, walks an in-memory index
instead (codeintel/service/dependents.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from codeintel.graph.port import GraphStore
from codeintel.service.errors import InvalidRequest, NotFound
from codeintel.service.models import CallEdgeView, PathView, Symbol

MAX_DEPTH = 10
MAX_DEFINITION_NESTING = 32  # levels of DEFINES followed below a symbol (classes in functions in classes...)
_CODE_LABELS = frozenset({"Module", "Class", "Function"})


def check_depth(depth: int, what: str = "depth") -> int:
    if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= MAX_DEPTH:
        raise InvalidRequest(f"{what} must be an integer from 1 to {MAX_DEPTH}, got {depth!r}")
    return depth


def symbol_from_row(row: Mapping[str, Any], prefix: str = "") -> Symbol:
    """A Symbol from the columns the adapter's symbol queries return (`<prefix>id`, `<prefix>label`...)."""
    label = row[f"{prefix}label"]
    qualname = row[f"{prefix}qualname"] or row[f"{prefix}name"] or ""
    kind = row.get(f"{prefix}kind")
    if label in ("Module", "External"):
        name = qualname.rsplit(".", 1)[-1]
    else:
        name = row[f"{prefix}name"] or qualname.rsplit(".", 1)[-1]
    if label == "Module":
        kind = "module"
    elif label == "Class":
        kind = "class"
    return Symbol.model_construct(
        id=row[f"{prefix}id"],
        label=label,
        qualname=qualname,
        name=name,
        file=row.get(f"{prefix}file") or None,
        start_line=row.get(f"{prefix}start_line"),
        end_line=row.get(f"{prefix}end_line"),
        kind=kind,
    )


class SymbolTable:
    """Every Module, Class, Function and External of one repository, looked up by id, qualified
    name, suffix of the qualified name, or (modules) file path."""

    def __init__(self, symbols: Iterable[Symbol]) -> None:
        self.symbols: list[Symbol] = list(symbols)
        self.by_id: dict[str, Symbol] = {s.id: s for s in self.symbols}
        self.by_qualname: dict[str, list[Symbol]] = {}
        for symbol in self.symbols:
            self.by_qualname.setdefault(symbol.qualname, []).append(symbol)
        self.module_of_file: dict[str, str] = {
            s.file: s.qualname for s in self.symbols if s.label == "Module" and s.file is not None
        }

    @classmethod
    def load(cls, store: GraphStore, repo_id: str) -> SymbolTable:
        return cls(symbol_from_row(row) for row in store.named_query("symbols", repo=repo_id))

    def code_symbols(self) -> list[Symbol]:
        """Modules, classes and functions (no externals)."""
        return [s for s in self.symbols if s.label in _CODE_LABELS]

    def find(self, name: str, labels: Iterable[str] | None = None) -> list[Symbol]:
        """Symbols whose id or qualified name is `name`, then those whose qualified name ends with
        `.name`, then modules whose file is `name`; each symbol once."""
        allowed = set(labels) if labels is not None else None
        found: dict[str, Symbol] = {}
        exact = [self.by_id[name]] if name in self.by_id else []
        exact += self.by_qualname.get(name, [])
        suffix = "." + name
        tail = [s for s in self.symbols if s.qualname.endswith(suffix)]
        by_file = [s for s in self.symbols if s.label == "Module" and s.file == name]
        for symbol in (*exact, *tail, *by_file):
            if allowed is None or symbol.label in allowed:
                found.setdefault(symbol.id, symbol)
        return list(found.values())

    def resolve(self, name: str, labels: Iterable[str] | None = None, what: str = "symbol") -> Symbol:
        """The one symbol `name` designates: an id, a qualified name, a unique suffix of one, or a
        module's file. NotFound when nothing matches; InvalidRequest naming the candidates when
        several do."""
        if not name:
            raise InvalidRequest(f"empty {what} name")
        allowed = set(labels) if labels is not None else None
        candidates = self.find(name, allowed)
        exact = [
            s for s in candidates if s.id == name or s.qualname == name or (s.label == "Module" and s.file == name)
        ]
        pick = exact or candidates
        if len(pick) == 1:
            return pick[0]
        if not pick:
            raise NotFound(f"no {what} named {name!r}")
        shown = ", ".join(f"{s.qualname} ({s.id})" for s in pick[:10])
        more = f" and {len(pick) - 10} more" if len(pick) > 10 else ""
        raise InvalidRequest(f"{what} {name!r} is ambiguous: {shown}{more}; give a qualified name or an id")


# ---------------------------------------------------------------- calls


def call_edges(store: GraphStore, repo_id: str, start: Symbol, depth: int, *, callers: bool) -> list[CallEdgeView]:
    """Call edges within `depth` hops of `start`: into it (callers) or out of it (callees).

    Each edge comes once, at the level where its far end was first reached; an edge's depth is
    the hop count from `start` of its far end (1 for direct calls)."""
    query = "calls_into" if callers else "calls_from"
    seen = {start.id}
    frontier = [start.id]
    out: list[CallEdgeView] = []
    for level in range(1, depth + 1):
        if not frontier:
            break
        reached: list[str] = []
        for row in store.named_query(query, repo=repo_id, ids=frontier):
            caller, callee = symbol_from_row(row, "src_"), symbol_from_row(row, "dst_")
            out.append(
                CallEdgeView.model_construct(
                    caller=caller, callee=callee, file=row["file"] or "", line=row["line"] or 0, depth=level
                )
            )
            far = caller if callers else callee
            if far.id not in seen:
                seen.add(far.id)
                reached.append(far.id)
        frontier = reached
    return out


def call_path(store: GraphStore, repo_id: str, source: Symbol, target: Symbol, max_depth: int) -> PathView:
    """A shortest chain of calls from `source` to `target` of at most `max_depth` calls."""
    if source.id == target.id:
        return PathView(symbols=[source])
    parent: dict[str, Symbol | None] = {source.id: None}
    nodes: dict[str, Symbol] = {source.id: source}
    frontier = [source.id]
    for _ in range(max_depth):
        if not frontier:
            break
        reached: list[str] = []
        for row in store.named_query("calls_from", repo=repo_id, ids=frontier):
            callee = symbol_from_row(row, "dst_")
            if callee.id in parent:
                continue
            parent[callee.id] = nodes[row["src_id"]]
            nodes[callee.id] = callee
            reached.append(callee.id)
        if target.id in parent:
            chain = [nodes[target.id]]
            step = parent[target.id]
            while step is not None:
                chain.append(step)
                step = parent[step.id]
            return PathView(symbols=chain[::-1])
        frontier = reached
    return PathView(symbols=[])


# ---------------------------------------------------------------- modules
