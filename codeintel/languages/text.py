"""Small facts about source text that every extractor reports the same way."""

from __future__ import annotations


def count_lines(source: bytes) -> int:
    """Lines as an editor shows them: a final line without a newline still counts."""
    if not source:
        return 0
    return source.count(b"\n") + (0 if source.endswith(b"\n") else 1)
