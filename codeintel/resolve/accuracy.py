"""Edge precision and recall of a call graph against one written by hand (PyCG JSON format)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


def edges_of(graph: Mapping[str, Sequence[str]]) -> set[tuple[str, str]]:
    return {(caller, callee) for caller, callees in graph.items() for callee in callees}


@dataclass
class Score:
    """Counts of edges found and expected; precision and recall are 1.0 when nothing is at stake."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    missing: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def add(self, case: str, expected: Mapping[str, Sequence[str]], actual: Mapping[str, Sequence[str]]) -> None:
        want, got = edges_of(expected), edges_of(actual)
        self.true_positives += len(want & got)
        self.false_positives += len(got - want)
        self.false_negatives += len(want - got)
        self.missing.extend(f"{case}: {a} -> {b}" for a, b in sorted(want - got))
        self.spurious.extend(f"{case}: {a} -> {b}" for a, b in sorted(got - want))

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0
