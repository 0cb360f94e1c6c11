"""Checks on files and imports: syntax errors, files that could not be analysed, imports of the
repository's own packages that name nothing, and import cycles with the fewest imports to cut."""

from __future__ import annotations

import re
from typing import ClassVar

from codeintel.analysis.check import GRAPH, SOURCE, AnalysisInputs, make_finding
from codeintel.analysis.cycles import fewest_edges_to_break
from codeintel.analysis.findings import Finding, RelatedLocation
from codeintel.analysis.guarded_imports import deferred_import_lines, guarded_import_lines
from codeintel.analysis.module_graph import ModuleGraph, strongly_connected


class SyntaxErrorCheck:
    """Files the parser found syntax errors in: `2 syntax errors; the graph holds what could be recovered
    from the file`."""

    kind: ClassVar[str] = "syntax_error"
    default_severity: ClassVar[str] = "high"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "Syntax error"
    description: ClassVar[str] = "The file does not parse; the graph holds only what could be recovered from it."

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        out = []
        for path, state in inputs.file_states.items():
            count = state.syntax_errors or 0
            if count and state.status != "skipped":
                noun = "syntax error" if count == 1 else "syntax errors"
                message = f"{count} {noun}; the graph holds what could be recovered from the file"
                out.append(
                    make_finding(self.kind, "high", path, message, fix="fix_syntax", evidence={"syntax_errors": count})
                )
        return out


class UnreadableFileCheck:
    """Files that could not be read or whose extraction failed: `could not be analysed: unreadable: ...`."""

    kind: ClassVar[str] = "unreadable_file"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "Unreadable file"
    description: ClassVar[str] = "The file could not be read or analysed, so nothing in it is in the graph."

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        return [
            make_finding(
                self.kind,
                "medium",
                path,
                f"could not be analysed: {state.skip_reason or 'unknown'}",
                evidence={"reason": state.skip_reason or "unknown"},
            )
            for path, state in inputs.file_states.items()
            if state.status == "error"
        ]


class UnresolvedImportCheck:
    """Imports of the repository's own packages that name nothing in it, unless guarded (in a
    `try` that catches ImportError, or under `if TYPE_CHECKING:`; known where the source is at hand).

    `pkg.ghosts imports pkg.nowhere.ghost, which this repository does not define`.
    """

    kind: ClassVar[str] = "unresolved_import"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "Unresolved internal import"
    description: ClassVar[str] = (
        "The import names a module of this repository's own packages that does not exist: "
        "it fails at run time unless guarded."
    )

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        out: dict[str, Finding] = {}  # one finding per file and missing name, at its first import
        guarded = _guarded_lines(inputs, {item.source_file for item in inputs.module_graph.unresolved})
        for item in inputs.module_graph.unresolved:
            if item.line in guarded.get(item.source_file, ()):
                continue  # inside `try: ... except ImportError` or `if TYPE_CHECKING:`: meant to be optional
            message = f"{item.source} imports {item.target}, which this repository does not define"
            finding = make_finding(
                self.kind,
                "medium",
                item.source_file,
                message,
                line=item.line,
                symbol=item.target,
                fix="fix_import",
                evidence={"module": item.source, "imports": item.target},
            )
            if finding.id not in out or (finding.line or 0) < (out[finding.id].line or 0):
                out[finding.id] = finding
        return list(out.values())


def load_time_graph(inputs: AnalysisInputs) -> ModuleGraph:
    """The module graph of the imports that run when a module loads: without those inside
    functions or under `if TYPE_CHECKING:`, where the source is at hand."""
    graph = inputs.module_graph
    if SOURCE not in getattr(inputs, "available", ()):
        return graph
    # Only modules in a cycle of the full graph can be in a load-time cycle, and only a file with an
    # indented import (or TYPE_CHECKING) can have a deferred one: the rest are never parsed.
    in_cycles = {graph.files[m] for c in strongly_connected(graph.edges) if len(c) > 1 for m in c if m in graph.files}
    texts = {
        s.path: s.text
        for s in inputs.sources  # type: ignore[attr-defined]
        if s.path in in_cycles and s.language == "python" and _may_defer_imports(s.text)
    }
    return graph.without_lines({path: deferred_import_lines(text) for path, text in texts.items()})


_INDENTED_IMPORT = re.compile(r"\n[ \t]+(?:import|from)\s")


def _may_defer_imports(text: str) -> bool:
    return "TYPE_CHECKING" in text or _INDENTED_IMPORT.search(text) is not None


def _guarded_lines(inputs: AnalysisInputs, paths: set[str]) -> dict[str, set[int]]:
    """Per Python file of `paths`, the lines of its guarded imports, where the source is at hand
    (without it, from the graph alone, every unresolved import is reported)."""
    if SOURCE not in getattr(inputs, "available", ()):
        return {}
    texts = {s.path: s.text for s in inputs.sources if s.path in paths and s.language == "python"}  # type: ignore[attr-defined]
    return {path: guarded_import_lines(text) for path, text in texts.items()}


class ImportCycleCheck:
    """Modules that import each other when they load, directly or through others, with the fewest
    imports whose removal breaks every cycle among them. Imports inside functions and under
    `if TYPE_CHECKING:` do not run at load time and are left out where the source is at hand
    (a local import is the usual way to break a cycle).

    `import cycle: pkg.billing -> pkg.shipping -> pkg.orders -> pkg.billing; removing 1 import
    breaks it: pkg.orders -> pkg.billing (line 3)`.
    """

    kind: ClassVar[str] = "import_cycle"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "Import cycle"
    description: ClassVar[str] = (
        "Modules in a cycle cannot be understood, tested or loaded one without the others, "
        "and import order starts to matter."
    )
    shown: ClassVar[int] = 10

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        graph = load_time_graph(inputs)
        out = []
        for cycle, members in graph.cycles():
            first, second = cycle[0], cycle[1]
            path = graph.files.get(first, first)
            message = f"import cycle: {' -> '.join([*cycle, first])}"
            if len(members) > len(cycle):
                message += f" ({len(members)} modules import one another in cycles: {', '.join(members)})"
            found = fewest_edges_to_break(graph.edges, members)
            cuts = [(s, t, graph.edges[s][t]) for s, t in found.edges]
            imports = [f"{s} -> {t}" + (f" (line {line})" if line else "") for s, t, line in cuts]
            listed = ", ".join(imports[: self.shown])
            if len(imports) > self.shown:
                listed += f" and {len(imports) - self.shown} more"
            noun = "import" if len(imports) == 1 else "imports"
            qualifier = "" if found.minimal else " (not proven the fewest)"
            message += f"; removing {len(imports)} {noun} breaks it{qualifier}: {listed}"
            related = [
                RelatedLocation(
                    path=graph.files.get(s, s),
                    line=line,
                    symbol=s,
                    message=f"{s} imports {t}: remove it to break the cycle",
                )
                for s, t, line in cuts
            ]
            evidence = {
                "cycle": cycle,
                "members": members,
                "break": [{"source": s, "target": t, "line": line} for s, t, line in cuts],
                "break_proven_fewest": found.minimal,
            }
            out.append(
                make_finding(
                    self.kind,
                    "medium",
                    path,
                    message,
                    line=graph.edges[first].get(second),
                    symbol=first,
                    subject="\0".join(members),  # the same cycle keeps its id whichever module changes
                    fix="break_cycle",
                    evidence=evidence,
                    related=related,
                )
            )
        return out
