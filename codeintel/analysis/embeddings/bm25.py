"""BM25 (Okapi) over identifiers: the lexical baseline that learned retrieval has to beat.

A text becomes the words of its identifiers: each identifier is split at underscores and at
camelCase humps, lower-cased, and kept whole as well when it splits (`parseHTTPResponse` ->
parse, http, response, parsehttpresponse; `max_len` -> max, len, max_len). A query in English
goes through the same split, so "Return the file's length" matches `file_length`.

    index = BM25(["def file_length(path): ...", "def parse_url(text): ..."])
    index.scores("the length of a file")  # one score per document, highest best

A query term t adds idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / mean len)) for a
document holding it tf times, with k1 = 1.2, b = 0.75 and idf(t) = ln(1 + (N - n + 0.5) /
(n + 0.5)) over N documents, n of which hold t (Lucene's idf, never negative). Each query term
counts once, however often the query repeats it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def split_identifier(identifier: str) -> list[str]:
    """The words of an identifier, lower-cased: `getHTTPResponse2` -> get, http, response, 2."""
    return [word.lower() for part in identifier.split("_") for word in _WORD.findall(part)]


def identifier_words(text: str) -> list[str]:
    """The terms BM25 indexes: every identifier's words, and the identifier itself (lower-cased)
    when it has more than one."""
    terms: list[str] = []
    for identifier in _IDENTIFIER.findall(text):
        words = split_identifier(identifier)
        terms.extend(words)
        if len(words) > 1:
            terms.append(identifier.lower())
    return terms


class BM25:
    """An index of `documents` that scores a query against each of them."""

    def __init__(self, documents: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.size = len(documents)
        counts = [Counter(identifier_words(document)) for document in documents]
        lengths = np.array([sum(c.values()) for c in counts], dtype=np.float64)
        mean_length = float(lengths.mean()) if self.size and lengths.mean() > 0 else 1.0
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for doc, counter in enumerate(counts):
            for term, tf in counter.items():
                docs, tfs = postings.setdefault(term, ([], []))
                docs.append(doc)
                tfs.append(tf)
        self._weights: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, (docs, tfs) in postings.items():
            ids = np.array(docs, dtype=np.int64)
            tf = np.array(tfs, dtype=np.float64)
            idf = math.log(1 + (self.size - len(docs) + 0.5) / (len(docs) + 0.5))
            norm = k1 * (1 - b + b * lengths[ids] / mean_length)
            self._weights[term] = (ids, idf * tf * (k1 + 1) / (tf + norm))

    def scores(self, query: str) -> np.ndarray:
        """The query's score against every document, in the order they were given."""
        out = np.zeros(self.size, dtype=np.float64)
        for term in dict.fromkeys(identifier_words(query)):
            if term in self._weights:
                ids, weights = self._weights[term]
                out[ids] += weights
        return out

    def score_matrix(self, queries: Sequence[str]) -> np.ndarray:
        """One row of `scores` per query."""
        return np.stack([self.scores(query) for query in queries]) if queries else np.zeros((0, self.size))
