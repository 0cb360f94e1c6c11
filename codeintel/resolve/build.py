"""Turn a repository's FileFacts into graph rows: nodes for some files, edges for others.

Resolution is whole-program (a change in one file can change a call edge anywhere), so the
points-to analysis always runs over every Python file. A full scan asks for nodes and edges of
every file; an incremental scan asks for nodes of the changed files and edges of the files
whose resolved edges changed, which it finds by comparing each file's edge fingerprint with
the one stored by the previous scan.

A large repository is resolved one phase at a time: a phase is one analysis and the files it
resolves (JavaScript and TypeScript share one), and a last phase holds the files no analysis
resolves. Targets rarely cross phases (only C++ reads another language's files: it calls into
C), so a phase's rows can be built and written in batches of files and its analysis released
before the next one is solved: memory holds one language's analysis, not all of them. The few
edges that do cross (C++ calling a function of a C file, a C file including a header read as
C++) are held back until every phase's nodes are written (`schedule_nodes`, `deferred_batch`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
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
from codeintel.resolve.port import DEF, EXTERNAL, MODULE, AnalysisFactory, LanguageAnalysis


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


@dataclass(slots=True)
class Phase:
    """One analysis (None: files no analysis resolves) and the files it resolves, sorted."""

    analysis: LanguageAnalysis | None
    paths: list[str]
    language: str = ""


class GraphBuilder:
    """Builds graph rows for one repository from all of its FileFacts."""

    def __init__(self, repo: str, facts_by_path: Mapping[str, FileFacts]) -> None:
        """`facts_by_path` may load lazily; resolution reads every file of each language it resolves."""
        self.repo = repo
        self.facts_by_path = facts_by_path
        by_language: dict[str, list[str]] = {}
        for path in facts_by_path:
            by_language.setdefault(self._language(path), []).append(path)
        # Languages registered with one factory (JavaScript and TypeScript) share one analysis,
        # so a phase holds every file its targets can name.
        by_factory: dict[int, tuple[AnalysisFactory, list[str], list[str]]] = {}
        for language in sorted(by_language):
            factory = ANALYSES.get(language)
            if factory is not None:
                entry = by_factory.setdefault(id(factory), (factory, [], []))
                entry[1].append(language)
                entry[2].extend(by_language[language])
        self.analyses: dict[str, LanguageAnalysis] = {}
        for factory, languages, paths in by_factory.values():
            analysis = factory(facts_by_path, paths)
            for language in languages:
                self.analyses[language] = analysis
        self._analysis_of: dict[str, LanguageAnalysis] = {
            path: self.analyses[language]
            for language, paths in by_language.items()
            if language in self.analyses
            for path in paths
        }
        self._ids: dict[str, list[str]] = {}
        self._solved_ids: set[int] = set()
        self._pending_nodes: set[str] = set()
        self._deferred = GraphBatch()

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

    def phases(self) -> list[Phase]:
        """The analyses in a fixed order with their files, then the files none resolves."""
        by_analysis: dict[int, list[str]] = {}
        unresolved = []
        for path in sorted(self.facts_by_path):
            analysis = self._analysis_of.get(path)
            if analysis is None:
                unresolved.append(path)
            else:
                by_analysis.setdefault(id(analysis), []).append(path)
        names: dict[int, list[str]] = {}
        for language, analysis in self.analyses.items():
            names.setdefault(id(analysis), []).append(language)
        phases = [
            Phase(a, by_analysis[id(a)], "+".join(names[id(a)]))
            for a in dict.fromkeys(self.analyses.values())
            if id(a) in by_analysis
        ]
        if unresolved:
            phases.append(Phase(None, unresolved, "unresolved"))
        return phases

    def solve(self, phase: Phase) -> None:
        if phase.analysis is not None and id(phase.analysis) not in self._solved_ids:
            phase.analysis.solve()
            self._solved_ids.add(id(phase.analysis))

    def release(self, phase: Phase) -> None:
        """Free the phase's analysis and what the builder kept of its files."""
        if phase.analysis is not None:
            phase.analysis.release()
        for path in phase.paths:
            self._ids.pop(path, None)

    def resolve(self) -> None:
        for phase in self.phases():
            self.solve(phase)

    def close(self) -> None:
        """Release the analyses; call once the rows and fingerprints are built."""
        for analysis in dict.fromkeys(self.analyses.values()):
            analysis.release()

    def fingerprints(self, paths: Collection[str] | None = None) -> dict[str, str]:
        """A digest per resolved file (of `paths`, default all) of everything resolution gave it
        (calls, imports, bases)."""
        chosen = sorted(self._analysis_of) if paths is None else sorted(p for p in paths if p in self._analysis_of)
        self._solve_for(chosen)
        return {path: self._fingerprint(path) for path in chosen}

    def _solve_for(self, paths: Collection[str]) -> None:
        for analysis in dict.fromkeys(self._analysis_of[p] for p in paths if p in self._analysis_of):
            if id(analysis) not in self._solved_ids:
                analysis.solve()
                self._solved_ids.add(id(analysis))

    def files_linked_to(self, paths: Collection[str], within: Collection[str] | None = None) -> set[str]:
        """Files (of `within`, default all) with an edge (call, import, base) into a definition or
        module of these files: rewriting those files' nodes drops such edges, so they are written
        again too."""
        candidates = self._analysis_of if within is None else [p for p in within if p in self._analysis_of]
        self._solve_for(candidates)
        wanted = set(paths)
        linked = set()
        for path in candidates:
            analysis = self._analysis_of[path]
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
        """Every phase at once, as one batch (small repositories, tests)."""
        self.resolve()
        batch = GraphBatch()
        for part in self.batches(node_files, edge_files):
            batch.extend(part)
        result = BuildResult(batch)
        result.stats = self.stats()
        return result

    def schedule_nodes(self, paths: Collection[str]) -> None:
        """Files whose nodes this scan will write, phase by phase: an edge into one of them that
        comes before its phase (across languages: C++ calling a C function, a C++ header
        included from C) is held back until `deferred_batch`, so no edge ends at a node not
        yet written."""
        self._pending_nodes = set(paths)

    def deferred_batch(self) -> GraphBatch:
        """The edges held back for nodes of later phases; write it once every phase is written."""
        batch, self._deferred = self._deferred, GraphBatch()
        return batch

    def _out(self, batch: GraphBatch, target: tuple) -> GraphBatch:
        if target[0] in (DEF, MODULE) and target[1] in self._pending_nodes:
            return self._deferred
        return batch

    def batches(
        self, node_files: Collection[str], edge_files: Collection[str], files_per_batch: int = 0
    ) -> Iterator[GraphBatch]:
        """The rows of these files in batches of at most `files_per_batch` files (0: one batch),
        node batches before edge batches, so every edge ends at a node written before it. An
        External node comes in the first batch whose edges reach it (again in later ones)."""
        node_paths, edge_paths = sorted(node_files), sorted(edge_files)
        self._solve_for(edge_paths)
        size = files_per_batch or max(len(node_paths), len(edge_paths), 1)
        for start in range(0, len(node_paths), size):
            batch = GraphBatch()
            for path in node_paths[start : start + size]:
                self._add_nodes(batch, path)
            yield batch
        self._pending_nodes.difference_update(node_paths)
        for start in range(0, len(edge_paths), size):
            batch = GraphBatch()
            externals: dict[str, str] = {}  # name -> kind (builtin, stdlib, third_party), by its language's rules
            for path in edge_paths[start : start + size]:
                self._add_structure(batch, path)
                if path in self._analysis_of:
                    self._add_resolved_edges(batch, path, externals)
            for name, kind in sorted(externals.items()):
                batch.add_node(
                    "External",
                    {"id": external_id(self.repo, name), "repo": self.repo, "file": "", "name": name, "kind": kind},
                )
            yield batch

    def stats(self, phase: Phase | None = None) -> Counter:
        """Call sites and imports (of one phase, default all): resolved inside the repository, to
        externals, or not at all."""
        analyses = list(dict.fromkeys(self.analyses.values())) if phase is None else [phase.analysis]
        paths = sorted(self._analysis_of) if phase is None else phase.paths
        counts: Counter = Counter()
        for analysis in analyses:
            if analysis is None:
                continue
            for status, n in analysis.call_site_counts().items():
                counts[f"calls_{status}"] += n
        for path in paths:
            analysis = self._analysis_of.get(path)
            if analysis is None:
                continue
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
                cognitive=metrics.cognitive if metrics else None,
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
            out = self._out(batch, preferred[0])
            self._edge(
                out, "IMPORTS", "Module", own_module, node[0], node[1], path, line=imp.line, alias=imp.bound_name
            )
        last_index = analysis.scope_index(path)
        for edge in sorted(analysis.calls_of(path)):
            node = self._node_of(edge.target, externals, analysis)
            if node is None:
                continue
            src_label, src = self._scope_node(path, edge.scope, last_index)
            out = self._out(batch, edge.target)
            self._edge(out, "CALLS", src_label, src, node[0], node[1], path, line=edge.line, col=edge.col)
        ids = self.ids_of(path)
        for index, definition in enumerate(facts.definitions):
            if definition.kind != "class":
                continue
            for position, base in enumerate(analysis.bases_of(path, index)):
                node = self._node_of(base, externals, analysis)
                if node is not None and node[0] in ("Class", "External"):
                    out = self._out(batch, base)
                    self._edge(out, "INHERITS", "Class", ids[index], node[0], node[1], path, position=position)
