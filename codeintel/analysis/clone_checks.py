"""The check on duplicated code: every clone class that clones.py finds in the scanned files
(Type-1 copies, Type-2 renamed copies, Type-3 edited copies), with the Type-4 pairs that
semantic_clones.py finds on the stored embeddings merged in (functions that do the same in
different code), is one finding at its first copy, with the other copies as related locations."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from codeintel.analysis.check import SOURCE, CheckConfig, make_finding
from codeintel.analysis.clones import CloneClass, CloneConfig, detect_clones, token_stream
from codeintel.analysis.findings import Finding, RelatedLocation
from codeintel.analysis.inputs import EMBEDDINGS, RepositoryInputs
from codeintel.analysis.semantic_clones import SemanticConfig, find_semantic_clones, merge_classes
from codeintel.analysis.tokens import LANGUAGES

TYPE_WORDS = {
    1: "identical copies",
    2: "copies with renamed identifiers or literals",
    3: "edited copies",
    4: "semantically alike: different code, same behaviour",
}


class CloneCheckConfig(CheckConfig):
    detection: CloneConfig = Field(default_factory=CloneConfig, description="min_tokens, min_lines, similarity, ...")
    semantic: SemanticConfig = Field(
        default_factory=SemanticConfig, description="Type-4: enabled, min_cosine, neighbours, ..."
    )


class CloneCheck:
    """Duplicated code: token-based clones of at least 100 tokens over 10 lines (SonarQube's bounds),
    and, where the repository's functions have embeddings, Type-4 clones (semantic_clones.py).

    `Type-2 clone, 142 tokens over 16 lines in 3 places (copies with renamed identifiers or literals):
    pkg/a.py:6-21, pkg/b.py:9-24, pkg/c.py:30-45`;
    `Type-4 clone, 92 tokens over 14 lines in 2 places (semantically alike: different code, same
    behaviour): shop/sequences.py:117-130, legacy/compat.py:63-67; embedding cosine at least 0.90`.
    Every finding's evidence says under `semantic` whether Type-4 was searched, and why not.
    Options: detection (clones.CloneConfig), semantic (semantic_clones.SemanticConfig).
    """

    kind: ClassVar[str] = "clone"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({SOURCE})
    title: ClassVar[str] = "Duplicated code"
    description: ClassVar[str] = (
        "The same logic in several places must be fixed in each of them, and one copy is always "
        "forgotten; extract it into one function that every place calls."
    )

    def __init__(self, config: CloneCheckConfig | None = None) -> None:
        self.config = config or CloneCheckConfig()

    def run(self, inputs: RepositoryInputs) -> list[Finding]:
        detection = self.config.detection
        streams = [
            token_stream(source, detection.ignore_imports) for source in inputs.sources if source.language in LANGUAGES
        ]
        report = detect_clones(streams, detection)
        classes, semantic = self._with_semantic(inputs, report.classes)
        out = []
        for clone in classes:
            first, *others = clone.fragments
            places = ", ".join(f"{f.path}:{f.start_line}-{f.end_line}" for f in clone.fragments)
            lines = max(f.lines for f in clone.fragments)
            message = (
                f"Type-{clone.type} clone, {clone.tokens} tokens over {lines} lines in {len(clone.fragments)} "
                f"places ({TYPE_WORDS[clone.type]}): {places}"
            )
            if clone.type == 3:
                message += f"; at least {clone.similarity:.0%} alike"
            elif clone.type == 4:
                message += f"; embedding cosine at least {clone.similarity:.2f}"
            evidence = {
                "type": clone.type,
                "similarity": round(clone.similarity, 4),
                "tokens": clone.tokens,
                "fragments": [f._asdict() for f in clone.fragments],
                "truncated": report.stats.truncated,
                "semantic": semantic,
            }
            out.append(
                make_finding(
                    self.kind,
                    "low" if clone.type >= 3 else "medium",
                    first.path,
                    message,
                    line=first.start_line,
                    end_line=first.end_line,
                    subject=f"{clone.type}\0{clone.tokens}\0" + "\0".join(sorted({f.path for f in clone.fragments})),
                    fix="extract_duplicate",
                    confidence="low" if clone.type == 4 else "high",
                    evidence=evidence,
                    related=[
                        RelatedLocation(
                            path=f.path,
                            line=f.start_line,
                            end_line=f.end_line,
                            message="alike in behaviour" if clone.type == 4 else "another copy",
                        )
                        for f in others
                    ],
                )
            )
        return out

    def _with_semantic(
        self, inputs: RepositoryInputs, static: list[CloneClass]
    ) -> tuple[list[CloneClass], dict[str, Any]]:
        """The static classes with the Type-4 pairs merged in when the repository has embeddings,
        and what the search did (or why it did not run), for the findings' evidence."""
        if not self.config.semantic.enabled:
            return static, {"searched": False, "why": "Type-4 clones are disabled (semantic.enabled)"}
        if EMBEDDINGS not in inputs.available:
            why = "no embeddings are stored for this repository at the model version in use"
            return static, {"searched": False, "why": why}
        found = find_semantic_clones(inputs.function_vectors, self.config.semantic, static)
        note = {
            "searched": True,
            "model": inputs.embedding_version,
            "functions": found.stats.functions,
            "pairs": found.stats.pairs,
        }
        return merge_classes(static, found.pairs), note
