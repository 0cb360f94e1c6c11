"""Semantic search: the symbols whose code is nearest in meaning to a query in plain words or in
code, across repositories, best first.

    result = semantic_search(settings, repositories, "convert a product to JSON", k=5, kinds=["method"])
    result.hits[0].qualname     # 'shop.models.Product.to_json'
    result.unsearched           # repositories with no index at the current model version, and why

The query is encoded once with the active encoder (`load_encoder`: the same weights that
embedded the symbols), each selected repository's index at that encoder's version is searched
for its top k (filters by language and kind applied inside the index search), and the hits are
merged by score. A repository without an index at that version (not embedded yet, or embedded by
another model, or an index that cannot be read) is named in `unsearched` with the reason, not
silently left out. Indices are loaded once per process and loaded again when their folder's
manifest names another build.

A hit's snippet is the first lines of the symbol as the file reads now under the repository's
folder (a path that would leave that folder is never read); it is left out when the file is
gone or shorter than the symbol's span.
"""

from __future__ import annotations

import copy
import textwrap
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import get_args

import numpy as np

from codeintel.analysis.embeddings.active import load_encoder
from codeintel.analysis.embeddings.encoder import MAX_TOKENS, TextEncoder
from codeintel.analysis.embeddings.index import IndexCorrupt, IndexMissing, SymbolIndex, read_manifest
from codeintel.analysis.embeddings.store import EmbeddingStore
from codeintel.config import Settings
from codeintel.languages import EXTRACTORS, MANIFEST_LANGUAGES
from codeintel.model import DefinitionKind
from codeintel.service.errors import InvalidRequest, Unavailable
from codeintel.service.models import SemanticHit, SemanticSearchResult, UnsearchedRepository

MAX_K = 100
MAX_QUERY_CHARS = 10_000
"""A longer query is refused: the model reads only its first MAX_TOKENS tokens (about 1,000
characters of code), and a page of text is not a search."""
SNIPPET_LINES = 6

KNOWN_LANGUAGES: tuple[str, ...] = tuple(sorted(set(EXTRACTORS) - MANIFEST_LANGUAGES))
KNOWN_KINDS: tuple[str, ...] = tuple(sorted({*get_args(DefinitionKind), "nested"}))
"""SymbolInfo.kind: class, a top-level function, a method, a nested function, a lambda."""


@dataclass(frozen=True)
class SearchedRepository:
    """A repository to search: its id, and the folder its files are read from for snippets."""

    repo_id: str
    root: Path | None = None


class IndexCache:
    """Loaded indices by folder, for the process; a folder whose manifest names another build is
    loaded again, and a newer model version's index replaces the older one's of the repository."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: dict[Path, SymbolIndex] = {}

    def get(self, folder: Path) -> SymbolIndex:
        """The index in `folder`; IndexMissing or IndexCorrupt as SymbolIndex.load raises them."""
        try:
            build_id = read_manifest(folder)["build_id"]
        except (IndexMissing, IndexCorrupt):
            with self._lock:
                self._loaded.pop(folder, None)
            raise
        with self._lock:
            cached = self._loaded.get(folder)
        if cached is not None and cached.build_id == build_id:
            return cached
        index = SymbolIndex.load(folder)
        with self._lock:
            for other in [f for f in self._loaded if f.parent == folder.parent and f != folder]:
                del self._loaded[other]
            self._loaded[folder] = index
        return index

    def clear(self) -> None:
        with self._lock:
            self._loaded.clear()


INDICES = IndexCache()
"""The process's loaded indices."""
_ENCODE = threading.Lock()
"""Queries are encoded one at a time: a fast tokenizer refuses concurrent calls that change its
settings ("Already borrowed")."""
_COUNTERS: dict[str, object] = {}


def _encode(encoder: TextEncoder, query: str, attempts: int = 5) -> np.ndarray:
    """The query's vector. TextEncoder.encode switches its tokenizer between padding and none, and
    the embedding stage may be encoding with the same encoder in another thread: a tokenizer
    caught mid-switch raises "Already borrowed", and the query is encoded again a moment later."""
    for attempt in range(1, attempts):
        try:
            return encoder.encode([query])
        except RuntimeError as exc:
            if "Already borrowed" not in str(exc):
                raise
            time.sleep(0.01 * attempt)
    return encoder.encode([query])


def _token_count(encoder: TextEncoder, query: str) -> int:
    """Tokens of `query`, up to MAX_TOKENS + 1, counted with a copy of the encoder's tokenizer: a
    call with other truncation settings changes a tokenizer's state, and the encoder's is shared
    with the embedding stage, which may be encoding in another thread."""
    counter = _COUNTERS.get(encoder.version)
    if counter is None:
        counter = _COUNTERS[encoder.version] = copy.deepcopy(encoder.tokenizer)
    return len(counter(query, truncation=True, max_length=MAX_TOKENS + 1)["input_ids"])  # type: ignore[operator]


def check_request(q: str, k: int, languages: Sequence[str] | None, kinds: Sequence[str] | None):
    """The query stripped and the filters lower-cased and deduplicated (None: no filter), or
    InvalidRequest saying what is wrong."""
    if not isinstance(q, str) or not q.strip():
        raise InvalidRequest("empty search query")
    query = q.strip()
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidRequest(
            f"the query has {len(query)} characters; at most {MAX_QUERY_CHARS} are accepted "
            f"(the model reads only its first {MAX_TOKENS} tokens)"
        )
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise InvalidRequest(f"k must be an integer from 1 to {MAX_K}, got {k!r}")
    return query, _names(languages, KNOWN_LANGUAGES, "language"), _names(kinds, KNOWN_KINDS, "kind")


def _names(values: Sequence[str] | None, known: tuple[str, ...], what: str) -> list[str] | None:
    if values is None or isinstance(values, str):
        values = [values] if isinstance(values, str) else []
    chosen = list(dict.fromkeys(str(v).strip().lower() for v in values))
    for value in chosen:
        if value not in known:
            raise InvalidRequest(f"unknown {what} {value!r}; known: {', '.join(known)}")
    return chosen or None


def semantic_search(
    settings: Settings,
    repositories: Sequence[SearchedRepository],
    q: str,
    k: int = 10,
    languages: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    *,
    encoder: TextEncoder | None = None,
    cache: IndexCache = INDICES,
) -> SemanticSearchResult:
    """The `k` symbols of `repositories` nearest to `q`, best first; InvalidRequest for a bad
    query, k or filter; Unavailable when the model cannot be loaded."""
    query, languages, kinds = check_request(q, k, languages, kinds)
    if encoder is None:
        try:
            encoder = load_encoder(settings)
        except (OSError, ValueError) as exc:
            raise Unavailable(f"the embedding model cannot be loaded: {exc}") from exc
    with _ENCODE:
        vector = _encode(encoder, query)
        truncated = _token_count(encoder, query) > MAX_TOKENS
    store = EmbeddingStore(settings.embeddings_path)
    hits: list[SemanticHit] = []
    searched: list[str] = []
    unsearched: list[UnsearchedRepository] = []
    roots = {}
    for repository in repositories:
        folder = store.index_dir(repository.repo_id, encoder.version)
        try:
            index = cache.get(folder)
        except IndexMissing:
            unsearched.append(_why_missing(repository.repo_id, folder, encoder.version))
            continue
        except IndexCorrupt as exc:
            unsearched.append(UnsearchedRepository(repo=repository.repo_id, reason="unreadable", message=str(exc)))
            continue
        if index.dimension != encoder.dimension:
            message = f"its index holds vectors of dimension {index.dimension}; the model makes {encoder.dimension}"
            unsearched.append(UnsearchedRepository(repo=repository.repo_id, reason="unreadable", message=message))
            continue
        searched.append(repository.repo_id)
        roots[repository.repo_id] = repository.root
        [found] = index.search(vector, k, languages=languages, kinds=kinds)
        hits.extend(_hit(repository.repo_id, h.score, h.symbol) for h in found)
    hits.sort(key=lambda h: (-h.score, h.repo, h.path, h.start_line, h.symbol_id))
    hits = [hit.model_copy(update={"snippet": snippet(roots[hit.repo], hit)}) for hit in hits[:k]]
    return SemanticSearchResult(
        query=query,
        model=encoder.version,
        k=k,
        hits=hits,
        searched=searched,
        unsearched=unsearched,
        query_truncated=truncated,
    )


def _hit(repo_id: str, score: float, symbol) -> SemanticHit:
    return SemanticHit(
        repo=repo_id,
        path=symbol.path,
        start_line=symbol.start_line,
        end_line=symbol.end_line,
        score=round(float(np.clip(score, -1.0, 1.0)), 4),
        symbol_id=symbol.id,
        name=symbol.name,
        qualname=symbol.qualname,
        kind=symbol.kind,
        language=symbol.language,
    )


def _why_missing(repo_id: str, folder: Path, version: str) -> UnsearchedRepository:
    others = sorted(p.name.removesuffix(".index") for p in folder.parent.glob("*.index") if p != folder)
    if others:
        message = (
            f"embedded by another model ({', '.join(others)}), not by {version}; it is embedded again on its next scan"
        )
        return UnsearchedRepository(repo=repo_id, reason="other_model", message=message)
    message = f"not embedded yet by {version}: it is embedded after its next completed scan"
    return UnsearchedRepository(repo=repo_id, reason="not_embedded", message=message)


def snippet(root: Path | None, hit: SemanticHit, lines: int = SNIPPET_LINES) -> str | None:
    """The first `lines` lines of the hit's span as the file under `root` reads now, dedented;
    None when the path would leave `root`, the file is unreadable or shorter than the span."""
    if root is None:
        return None
    try:
        base = root.resolve()
        target = (base / hit.path).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            return None
        last = min(hit.end_line, hit.start_line + lines - 1)
        with open(target, encoding="utf-8", errors="replace") as handle:
            chosen = list(islice(handle, hit.start_line - 1, last))
    except (OSError, ValueError):
        return None
    if hit.start_line < 1 or len(chosen) != last - hit.start_line + 1:
        return None
    return textwrap.dedent("".join(chosen)).strip("\n") or None
