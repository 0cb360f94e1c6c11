"""Symbol search by name: exact > prefix > substring > fuzzy subsequence, case-insensitive, on
the short name and on the qualified name (fuzzy on the short name only). Scores lie in [0, 1];
the bands never overlap, so an exact match always outranks a prefix, a prefix a substring, a
substring a subsequence. Within a band, a match covering more of the name scores higher.
(Embedding search comes later.)"""

from __future__ import annotations

from collections.abc import Iterable

from codeintel.service.errors import InvalidRequest
from codeintel.service.models import SearchHit, Symbol

EXACT = 1.0
PREFIX = (0.70, 0.95)  # (floor, ceiling) of each band
SUBSTRING = (0.45, 0.65)
SUBSEQUENCE = (0.10, 0.40)
_LABEL_ORDER = {"Function": 0, "Class": 1, "Module": 2, "External": 3}


def _band(bounds: tuple[float, float], fraction: float) -> float:
    low, high = bounds
    return low + (high - low) * max(0.0, min(1.0, fraction))


def _subsequence_window(query: str, text: str) -> int | None:
    """Length of the shortest stretch of `text` holding `query`'s characters in order, or None."""
    best: int | None = None
    first = query[0]
    for start, char in enumerate(text):
        if char != first:
            continue
        position = start
        for wanted in query[1:]:
            position = text.find(wanted, position + 1)
            if position < 0:
                return best  # no later start can match either
        width = position - start + 1
        if best is None or width < best:
            best = width
    return best


def match_score(query: str, text: str, *, fuzzy: bool = True) -> float:
    """How well lower-cased `query` matches lower-cased `text`; 0.0 for no match. `fuzzy=False`
    stops at substrings."""
    if not query or not text:
        return 0.0
    if text == query:
        return EXACT
    coverage = len(query) / len(text)
    if text.startswith(query):
        return _band(PREFIX, coverage)
    at = text.find(query)
    if at >= 0:
        boundary = at > 0 and not text[at - 1].isalnum()  # starts a word: `get_user` for `user`
        return _band(SUBSTRING, 0.8 * coverage + (0.2 if boundary else 0.0))
    window = _subsequence_window(query, text) if fuzzy else None
    if window is None:
        return 0.0
    return _band(SUBSEQUENCE, 0.5 * len(query) / window + 0.5 * coverage)


def symbol_score(query: str, symbol: Symbol) -> float:
    """The better of the short-name and qualified-name matches (`query` already lower-cased).
    Fuzzy matching looks at the short name only: across a long dotted name nearly any few
    letters appear in order."""
    return max(match_score(query, symbol.name.lower()), match_score(query, symbol.qualname.lower(), fuzzy=False))


def matches_kind(symbol: Symbol, kind: str | None) -> bool:
    """`kind` is a label (function, class, module) or a function kind (method, nested...)."""
    if kind is None:
        return True
    wanted = kind.lower()
    return wanted in (symbol.label.lower(), (symbol.kind or "").lower())


def search_symbols(symbols: Iterable[Symbol], q: str, kind: str | None = None) -> list[SearchHit]:
    """Every matching symbol, best first (ties: functions, classes, modules; shorter names first)."""
    query = q.strip().lower()
    if not query:
        raise InvalidRequest("empty search query")
    hits = []
    for symbol in symbols:
        if not matches_kind(symbol, kind):
            continue
        score = symbol_score(query, symbol)
        if score > 0.0:
            hits.append(SearchHit.model_construct(symbol=symbol, score=round(score, 4)))
    hits.sort(key=lambda h: (-h.score, _LABEL_ORDER.get(h.symbol.label, 9), len(h.symbol.qualname), h.symbol.qualname))
    return hits
