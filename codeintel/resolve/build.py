"""Turn a repository's FileFacts into graph rows: nodes for some files, edges for others.

Resolution is whole-program (a change in one file can change a call edge anywhere), so the
points-to analysis always runs over every Python file. A full scan asks for nodes and edges of
every file; an incremental scan asks for nodes of the changed files and edges of the files
whose resolved edges changed, which it finds by comparing each file's edge fingerprint with
the one stored by the previous scan.
"""

from __future__ import annotations

import hashlib
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
from codeintel.languages.manifests import MANIFEST_LANGUAGES
from codeintel.model import FileFacts
from codeintel.resolve import ANALYSES
from codeintel.resolve.port import DEF, EXTERNAL, MODULE, LanguageAnalysis


@dataclass(slots=True)
class BuildResult:
    batch: GraphBatch
    fingerprints: dict[str, str] = field(default_factory=dict)
    stats: Counter = field(default_factory=Counter)


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
        """`facts_by_path` may load lazily; resolution reads every file of each language it resolves."""
        self.repo = repo
        self.facts_by_path = facts_by_path
        by_language: dict[str, list[str]] = {}
        for path in facts_by_path:
            by_language.setdefault(self._language(path), []).append(path)
        self.analyses: dict[str, LanguageAnalysis] = {
            language: ANALYSES[language](facts_by_path, paths)
            for language, paths in sorted(by_language.items())
            if language in ANALYSES
        }
        self._analysis_of: dict[str, LanguageAnalysis] = {
            path: self.analyses[language]
            for language, paths in by_language.items()
            if language in self.analyses
            for path in paths
        }
        self._ids: dict[str, list[str]] = {}
        self._solved = False

    def _language(self, path: str) -> str:
        language_of = getattr(self.facts_by_path, "language_of", None)
        return language_of(path) if language_of is not None else self.facts_by_path[path].language

    def module_name(self, path: str) -> str:
        analysis = self._analysis_of.get(path)
        return analysis.module_name(path) if analysis is not None else path

    def ids_of(self, path: str) -> list[str]:
        ids = self._ids.get(path)
        if ids is None:
            ids = self._ids[path] = definition_ids(self.repo, path, self.facts_by_path[path])
        return ids

    def resolve(self) -> None:
        if not self._solved:
            for analysis in self.analyses.values():
                analysis.solve()
            self._solved = True

    def close(self) -> None:
        """Release the analyses; call once the rows and fingerprints are built."""
        for analysis in self.analyses.values():
            analysis.release()

    def fingerprints(self) -> dict[str, str]:
        """A digest per resolved file of everything resolution gave it (calls, imports, bases)."""
        self.resolve()
        return {path: self._fingerprint(path) for path in sorted(self._analysis_of)}

    def files_linked_to(self, paths: Collection[str]) -> set[str]:
        """Files with an edge (call, import, base) into a definition or module of these files:
        rewriting those files' nodes drops such edges, so they are written again too."""
        self.resolve()
        wanted = set(paths)
        linked = set()
        for path, analysis in self._analysis_of.items():
            facts = self.facts_by_path[path]
            targets = [edge.target for edge in analysis.calls_of(path)]
            for imp in facts.imports:
                targets.extend(analysis.import_targets(path, imp))
            for index, definition in enumerate(facts.definitions):
                if definition.kind == "class":
                    targets.extend(analysis.bases_of(path, index))
            if any(target[0] in (DEF, MODULE) and target[1] in wanted for target in targets):
                linked.add(path)
        return linked

    def _fingerprint(self, path: str) -> str:
        analysis = self._analysis_of[path]
        facts = self.facts_by_path[path]
        parts = [repr(sorted(analysis.calls_of(path)))]
        parts.extend(repr(analysis.import_targets(path, imp)) for imp in facts.imports)
        parts.extend(
            repr(analysis.bases_of(path, i))
            for i, definition in enumerate(facts.definitions)
            if definition.kind == "class"
        )
        return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()

    def build(self, node_files: Collection[str], edge_files: Collection[str]) -> BuildResult:
        self.resolve()
        batch = GraphBatch()
        result = BuildResult(batch)
        for path in sorted(node_files):
            self._add_nodes(batch, path)
        externals: dict[str, str] = {}  # name -> kind (builtin, stdlib, third_party), by its language's rules
        for path in sorted(edge_files):
            self._add_structure(batch, path)
            if path in self._analysis_of:
                self._add_resolved_edges(batch, path, externals)
        for name, kind in sorted(externals.items()):
            batch.add_node(
                "External",
                {
                    "id": external_id(self.repo, name),
                    "repo": self.repo,
                    "file": "",
                    "name": name,
                    "kind": kind,
                },
            )
        result.stats = self.stats()
        return result

    def stats(self) -> Counter:
        """Call sites and imports of the whole repository: resolved inside it, to externals, or not at all."""
        counts: Counter = Counter()
        for analysis in self.analyses.values():
            for status, n in analysis.call_site_counts().items():
                counts[f"calls_{status}"] += n
        for path in sorted(self._analysis_of):
            analysis = self._analysis_of[path]
            for imp in self.facts_by_path[path].imports:
                status = analysis.import_status(path, imp)
                if status is not None:
                    counts[f"imports_{status}"] += 1
        return counts

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
        if facts.language in MANIFEST_LANGUAGES:
            return  # a manifest configures resolution; it is a File with no code of its own
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
                row["kind"] = definition.type_kind or "class"
                batch.add_node("Class", row)
                continue
            metrics = definition.metrics
            row.update(
                kind=definition.kind
                if definition.parent == "" or definition.kind in ("method", "lambda")
                else "nested",
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
        if self._language(path) in MANIFEST_LANGUAGES:
            return
        self._edge(batch, "CONTAINS", "File", file_id(repo, path), "Module", module_id(repo, path), path)
        facts = self.facts_by_path[path]
        ids = self.ids_of(path)
        latest: dict[str, tuple[str, str]] = {}  # qualname -> (label, id) of its latest occurrence so far
        for index, definition in enumerate(facts.definitions):
            label = self._label_of(path, index)
            parent_label, parent_id = latest.get(definition.parent, ("Module", module_id(repo, path)))
            self._edge(batch, "DEFINES", parent_label, parent_id, label, ids[index], path)
            latest[definition.qualname] = (label, ids[index])

    def _node_of(self, target: tuple, externals: dict[str, str], analysis: LanguageAnalysis) -> tuple[str, str] | None:
        """The graph node of an object key from the analysis."""
        kind = target[0]
        if kind == DEF:
            return self._label_of(target[1], target[2]), self.ids_of(target[1])[target[2]]
        if kind == MODULE:
            return "Module", module_id(self.repo, target[1])
        if kind == EXTERNAL:
            externals.setdefault(target[1], analysis.external_kind(target[1]))
            return "External", external_id(self.repo, target[1])
        return None

    def _scope_node(self, path: str, scope: str, last_index: dict[str, int]) -> tuple[str, str]:
        index = last_index.get(scope) if scope else None
        if index is not None:
            return self._label_of(path, index), self.ids_of(path)[index]
        return "Module", module_id(self.repo, path)

    def _add_resolved_edges(self, batch: GraphBatch, path: str, externals: dict[str, str]) -> None:
        analysis = self._analysis_of[path]
        facts = self.facts_by_path[path]
        own_module = module_id(self.repo, path)
        for imp in facts.imports:
            targets = analysis.import_targets(path, imp)
            preferred = [t for t in targets if t[0] != EXTERNAL] or targets
            node = self._node_of(preferred[0], externals, analysis) if preferred else None
            if node is None or node[1] == own_module:
                continue
            self._edge(
                batch, "IMPORTS", "Module", own_module, node[0], node[1], path, line=imp.line, alias=imp.bound_name
            )
        last_index = analysis.scope_index(path)
        for edge in sorted(analysis.calls_of(path)):
            node = self._node_of(edge.target, externals, analysis)
            if node is None:
                continue
            src_label, src = self._scope_node(path, edge.scope, last_index)
            self._edge(batch, "CALLS", src_label, src, node[0], node[1], path, line=edge.line, col=edge.col)
        ids = self.ids_of(path)
        for index, definition in enumerate(facts.definitions):
            if definition.kind != "class":
                continue
            for position, base in enumerate(analysis.bases_of(path, index)):
                node = self._node_of(base, externals, analysis)
                if node is not None and node[0] in ("Class", "External"):
                    self._edge(batch, "INHERITS", "Class", ids[index], node[0], node[1], path, position=position)
