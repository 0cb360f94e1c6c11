"""Turn a repository's FileFacts into graph rows: nodes for some files, edges for others.

A full scan asks for nodes and edges of every file. An incremental scan asks for nodes of the
changed files and edges of the changed files plus their dependents, and gets back each
resolved file's dependencies (the module names its resolution read) to store for next time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from codeintel.graph.schema import (
    EdgeRow,
    GraphBatch,
    definition_id,
    external_id,
    file_id,
    module_id,
    repository_id,
)
from codeintel.model import FileFacts
from codeintel.resolve.python import DefTarget, ExternalTarget, ModuleTarget, PythonResolver, Target


@dataclass(slots=True)
class ResolutionStats:
    """How many call sites and imports resolved inside the repository, to externals, or not at all."""

    counts: Counter = field(default_factory=Counter)

    def add(self, kind: str, target: Target | None) -> None:
        if target is None:
            self.counts[f"{kind}_unresolved"] += 1
        elif isinstance(target, ExternalTarget):
            self.counts[f"{kind}_external"] += 1
        else:
            self.counts[f"{kind}_internal"] += 1


@dataclass(slots=True)
class BuildResult:
    batch: GraphBatch
    deps: dict[str, list[str]]
    stats: ResolutionStats


def definition_ids(repo: str, path: str, facts: FileFacts) -> list[str]:
    """One id per definition; a qualname defined again in the same file gets '#2', '#3', ..."""
    seen: Counter = Counter()
    ids = []
    for definition in facts.definitions:
        seen[definition.qualname] += 1
        n = seen[definition.qualname]
        ids.append(definition_id(repo, path, definition.qualname + (f"#{n}" if n > 1 else "")))
    return ids


class GraphBuilder:
    """Builds graph rows for one repository from all of its FileFacts."""

    def __init__(self, repo: str, facts_by_path: Mapping[str, FileFacts]) -> None:
        """`facts_by_path` may load lazily; only the facts of files resolution reads are touched."""
        self.repo = repo
        self.facts_by_path = facts_by_path
        self.resolver = PythonResolver(facts_by_path, [p for p in facts_by_path if self._language(p) == "python"])
        self._ids: dict[str, list[str]] = {}

    def _language(self, path: str) -> str:
        language_of = getattr(self.facts_by_path, "language_of", None)
        return language_of(path) if language_of is not None else self.facts_by_path[path].language

    def module_name(self, path: str) -> str:
        return self.resolver.index.name_of.get(path, path)

    def ids_of(self, path: str) -> list[str]:
        ids = self._ids.get(path)
        if ids is None:
            ids = self._ids[path] = definition_ids(self.repo, path, self.facts_by_path[path])
        return ids

    def build(self, node_files: Collection[str], edge_files: Collection[str]) -> BuildResult:
        batch = GraphBatch()
        stats = ResolutionStats()
        deps: dict[str, list[str]] = {}
        for path in sorted(node_files):
            self._add_nodes(batch, path)
        externals: dict[str, ExternalTarget] = {}
        for path in sorted(edge_files):
            self._add_structure(batch, path)
            if self._language(path) == "python":
                self.resolver.begin_file(path)
                self._add_resolved_edges(batch, path, stats, externals)
                deps[path] = self.resolver.end_file()
        for name, target in sorted(externals.items()):
            batch.add_node(
                "External",
                {"id": external_id(self.repo, name), "repo": self.repo, "file": "", "name": name, "kind": target.kind},
            )
        return BuildResult(batch, deps, stats)

    # ---- nodes ----------------------------------------------------------------------

    def _add_nodes(self, batch: GraphBatch, path: str) -> None:
        facts = self.facts_by_path[path]
        repo = self.repo
        batch.add_node(
            "File",
            {
                "id": file_id(repo, path),
                "repo": repo,
                "file": path,
                "path": path,
                "language": facts.language,
                "content_hash": facts.content_hash,
                "lines": facts.lines,
                "size": facts.size,
                "syntax_errors": facts.syntax_errors,
            },
        )
        module = self.module_name(path)
        batch.add_node(
            "Module",
            {
                "id": module_id(repo, path),
                "repo": repo,
                "file": path,
                "name": module,
                "docstring": facts.module_docstring,
            },
        )
        for definition, node_id in zip(facts.definitions, self.ids_of(path), strict=True):
            row = {
                "id": node_id,
                "repo": repo,
                "file": path,
                "name": definition.name,
                "qualname": f"{module}.{definition.qualname}",
                "start_line": definition.span.start_line,
                "end_line": definition.span.end_line,
                "decorators": list(definition.decorators),
                "docstring": definition.docstring,
            }
            if definition.kind == "class":
                batch.add_node("Class", row)
                continue
            metrics = definition.metrics
            row.update(
                kind=definition.kind if definition.parent == "" or definition.kind == "method" else "nested",
                parent=f"{module}.{definition.parent}" if definition.parent else module,
                signature=definition.signature,
                is_async=definition.is_async,
                lines=metrics.lines if metrics else None,
                cyclomatic=metrics.cyclomatic if metrics else None,
                parameters=metrics.parameters if metrics else None,
                max_nesting=metrics.max_nesting if metrics else None,
            )
            batch.add_node("Function", row)

    # ---- edges ----------------------------------------------------------------------

    def _edge(self, batch, type_, src_label, src, dst_label, dst, path, **props) -> None:
        batch.edges.append(EdgeRow(type_, src_label, src, dst_label, dst, self.repo, path, props))

    def _label_of(self, path: str, index: int) -> str:
        return "Class" if self.facts_by_path[path].definitions[index].kind == "class" else "Function"

    def _add_structure(self, batch: GraphBatch, path: str) -> None:
        """CONTAINS and DEFINES edges: the file's place in the repository and its nesting."""
        repo = self.repo
        self._edge(batch, "CONTAINS", "Repository", repository_id(repo), "File", file_id(repo, path), path)
        self._edge(batch, "CONTAINS", "File", file_id(repo, path), "Module", module_id(repo, path), path)
        facts = self.facts_by_path[path]
        ids = self.ids_of(path)
        latest: dict[str, tuple[str, str]] = {}  # qualname -> (label, id) of its latest occurrence so far
        for index, definition in enumerate(facts.definitions):
            label = self._label_of(path, index)
            parent_label, parent_id = latest.get(definition.parent, ("Module", module_id(repo, path)))
            self._edge(batch, "DEFINES", parent_label, parent_id, label, ids[index], path)
            latest[definition.qualname] = (label, ids[index])

    def _node_of(self, target: Target, externals: dict[str, ExternalTarget]) -> tuple[str, str] | None:
        if isinstance(target, DefTarget):
            return self._label_of(target.path, target.index), self.ids_of(target.path)[target.index]
        if isinstance(target, ModuleTarget):
            return "Module", module_id(self.repo, target.path)
        if isinstance(target, ExternalTarget):
            externals.setdefault(target.name, target)
            return "External", external_id(self.repo, target.name)
        return None

    def _scope_node(self, path: str, scope: str) -> tuple[str, str]:
        if scope:
            index = self.resolver.definition_index(path, scope)
            if index is not None:
                return self._label_of(path, index), self.ids_of(path)[index]
        return "Module", module_id(self.repo, path)

    def _add_resolved_edges(self, batch, path, stats, externals) -> None:
        resolver = self.resolver
        facts = self.facts_by_path[path]
        own_module = module_id(self.repo, path)
        for imp in facts.imports:
            if imp.module == "__future__":
                continue
            target = resolver.resolve_import(path, imp)
            stats.add("imports", target)
            node = self._node_of(target, externals) if target is not None else None
            if node is None or node[1] == own_module:
                continue
            bound = imp.alias or imp.name or imp.module.split(".", 1)[0]
            self._edge(batch, "IMPORTS", "Module", own_module, node[0], node[1], path, line=imp.line, alias=bound)
        cache: dict[tuple[str, str], Target | None] = {}
        for call in facts.calls:
            key = (call.scope, call.callee)
            if key in cache:
                target = cache[key]
            else:
                target = cache[key] = resolver.resolve_call(path, call.scope, call.callee)
            stats.add("calls", target)
            node = self._node_of(target, externals) if target is not None else None
            if node is None:
                continue
            src_label, src = self._scope_node(path, call.scope)
            self._edge(batch, "CALLS", src_label, src, node[0], node[1], path, line=call.line, col=call.col)
        ids = self.ids_of(path)
        for index, definition in enumerate(facts.definitions):
            if definition.kind != "class":
                continue
            for position, base in enumerate(resolver.resolved_bases(DefTarget(path, index))):
                node = self._node_of(base, externals)
                if node is not None and node[0] in ("Class", "External"):
                    self._edge(batch, "INHERITS", "Class", ids[index], node[0], node[1], path, position=position)
