"""The LanguageAnalysis port: what the graph builder needs from one language's resolution.

A language registers an analysis factory in `codeintel.resolve.ANALYSES`; the graph builder
makes one analysis per language present in a repository, hands it that language's files, and
reads back, per file, its resolved calls, what each import names, and each class's bases.
Targets are keys the builder turns into graph nodes: (DEF, path, definition index),
(MODULE, path) or (EXTERNAL, dotted name). Files of a language with no analysis still get
their nodes and structure, and no resolved edges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import Literal, NamedTuple, Protocol

from codeintel.model import FileFacts, Import

DEF, MODULE, EXTERNAL = "d", "m", "e"
"""The first item of a target key."""

ImportStatus = Literal["internal", "external", "unresolved"]


class CallEdge(NamedTuple):
    """A resolved call: the scope it is made from (a definition's qualname, "" for the module),
    where, and its target key."""

    scope: str
    line: int
    col: int
    target: tuple


class LanguageAnalysis(Protocol):
    def solve(self) -> None:
        """Resolve every file given at construction; the read methods below need it first."""
        ...

    def release(self) -> None:
        """Free the analysis's structures; it cannot be used after."""
        ...

    def module_name(self, path: str) -> str:
        """The dotted name the file's module has in the graph."""
        ...

    def calls_of(self, path: str) -> Collection[CallEdge]: ...

    def import_targets(self, path: str, imp: Import) -> list[tuple]:
        """Target keys an import names (empty when it names nothing resolvable)."""
        ...

    def import_status(self, path: str, imp: Import) -> ImportStatus | None:
        """How the import resolved, for the scan's counts; None for imports not worth counting."""
        ...

    def bases_of(self, path: str, index: int) -> list[tuple]:
        """Target keys of the direct bases of the class at definition `index`, in order."""
        ...

    def scope_index(self, path: str) -> Mapping[str, int]:
        """Definition index of each scope qualname a call edge may name."""
        ...

    def call_site_counts(self) -> Counter:
        """Call sites resolved inside the repository, only to externals, or not at all."""
        ...

    def external_kind(self, name: str) -> str:
        """What an external target is: builtin, stdlib or third_party, by the language's rules."""
        ...


class AnalysisFactory(Protocol):
    def __call__(self, facts_by_path: Mapping[str, FileFacts], paths: Iterable[str]) -> LanguageAnalysis: ...


def paths_in_language(facts_by_path: Mapping[str, FileFacts], language: str) -> list[str]:
    """The repository's files of one language, sorted (manifests such as go.mod are read this
    way): through the mapping's `language_of` when it loads facts lazily, without loading them."""
    language_of = getattr(facts_by_path, "language_of", None)
    if language_of is None:
        return sorted(path for path, facts in facts_by_path.items() if facts.language == language)
    return sorted(path for path in facts_by_path if language_of(path) == language)
