"""The check on duplicated code: every clone class that clones.py finds in the scanned files
(Type-1 copies, Type-2 renamed copies, Type-3 edited copies) is one finding at its first copy,
with the other copies as related locations."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from codeintel.analysis.check import SOURCE, CheckConfig, make_finding
from codeintel.analysis.clones import CloneConfig, detect_clones, token_stream
from codeintel.analysis.findings import Finding, RelatedLocation
from codeintel.analysis.inputs import RepositoryInputs
from codeintel.analysis.tokens import LANGUAGES

TYPE_WORDS = {1: "identical copies", 2: "copies with renamed identifiers or literals", 3: "edited copies"}


class CloneCheckConfig(CheckConfig):
    detection: CloneConfig = Field(default_factory=CloneConfig, description="min_tokens, min_lines, similarity, ...")


class CloneCheck:
    """Duplicated code: token-based clones of at least 100 tokens over 10 lines (SonarQube's bounds).

    `Type-2 clone, 142 tokens over 16 lines in 3 places (copies with renamed identifiers or literals):
    pkg/a.py:6-21, pkg/b.py:9-24, pkg/c.py:30-45`; option: detection (clones.CloneConfig).
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
        out = []
        for clone in report.classes:
            first, *others = clone.fragments
            places = ", ".join(f"{f.path}:{f.start_line}-{f.end_line}" for f in clone.fragments)
            lines = max(f.lines for f in clone.fragments)
            message = (
                f"Type-{clone.type} clone, {clone.tokens} tokens over {lines} lines in {len(clone.fragments)} "
                f"places ({TYPE_WORDS[clone.type]}): {places}"
            )
            if clone.type == 3:
                message += f"; at least {clone.similarity:.0%} alike"
            evidence = {
                "type": clone.type,
                "similarity": round(clone.similarity, 4),
                "tokens": clone.tokens,
                "fragments": [f._asdict() for f in clone.fragments],
                "truncated": report.stats.truncated,
            }
            out.append(
                make_finding(
                    self.kind,
                    "low" if clone.type == 3 else "medium",
                    first.path,
                    message,
                    line=first.start_line,
                    end_line=first.end_line,
                    subject=f"{clone.type}\0{clone.tokens}\0" + "\0".join(sorted({f.path for f in clone.fragments})),
                    fix="extract_duplicate",
                    evidence=evidence,
                    related=[
                        RelatedLocation(path=f.path, line=f.start_line, end_line=f.end_line, message="another copy")
                        for f in others
                    ],
                )
            )
        return out
