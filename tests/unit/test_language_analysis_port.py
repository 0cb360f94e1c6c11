"""The graph builder resolves each language through the analysis registered for it (the
LanguageAnalysis port): a language with an analysis gets its calls, one without gets nodes only."""

from __future__ import annotations

from collections import Counter

import pytest

from codeintel.model import CallSite, Definition, FileFacts, Span
from codeintel.resolve import ANALYSES
from codeintel.resolve.build import GraphBuilder
from codeintel.resolve.port import DEF, CallEdge


class SameFileByName:
    """A toy language: a call resolves to the definition of that name in the same file."""

    def __init__(self, facts_by_path, paths) -> None:
        self.facts_by_path, self.paths = facts_by_path, list(paths)
        self.calls: dict[str, set[CallEdge]] = {}

    def solve(self) -> None:
        for path in self.paths:
            facts = self.facts_by_path[path]
            index = {d.name: i for i, d in enumerate(facts.definitions)}
            self.calls[path] = {
                CallEdge(c.scope, c.line, c.col, (DEF, path, index[c.callee])) for c in facts.calls if c.callee in index
            }

    def release(self) -> None:
        self.calls = {}

    def module_name(self, path: str) -> str:
        return path.removesuffix(".toy").replace("/", ".")

    def calls_of(self, path):
        return self.calls.get(path, set())

    def import_targets(self, path, imp):
        return []

    def import_status(self, path, imp):
        return "unresolved"

    def bases_of(self, path, index):
        return []

    def scope_index(self, path):
        return {d.qualname: i for i, d in enumerate(self.facts_by_path[path].definitions)}

    @staticmethod
    def external_kind(name: str) -> str:
        return "third_party"

    def call_site_counts(self) -> Counter:
        resolved = sum(len(c) for c in self.calls.values())
        total = sum(len(self.facts_by_path[p].calls) for p in self.paths)
        return Counter(internal=resolved, unresolved=total - resolved)


def _facts(path: str, language: str) -> FileFacts:
    span = Span(1, 0, 2, 0)
    return FileFacts(
        path=path,
        language=language,
        content_hash=path,
        definitions=[Definition("function", "main", "main", span), Definition("function", "helper", "helper", span)],
        calls=[CallSite("helper", 2, 4, "main"), CallSite("missing", 3, 4, "main")],
    )


@pytest.fixture
def toy_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ANALYSES, "toy", SameFileByName)


def test_a_registered_analysis_resolves_its_languages_files(toy_language) -> None:
    facts = {"a/main.toy": _facts("a/main.toy", "toy"), "b/other.plain": _facts("b/other.plain", "plain")}
    builder = GraphBuilder("r", facts)
    result = builder.build(node_files=facts, edge_files=facts)
    calls = [(e.src, e.dst) for e in result.batch.edges if e.type == "CALLS"]
    assert calls == [("r:a/main.toy:main", "r:a/main.toy:helper")]
    assert result.stats["calls_internal"] == 1 and result.stats["calls_unresolved"] == 1
    modules = {row["file"]: row["name"] for row in result.batch.nodes["Module"]}
    assert modules == {"a/main.toy": "a.main", "b/other.plain": "b/other.plain"}  # no analysis: the path
    assert set(builder.fingerprints()) == {"a/main.toy"}
    builder.close()
