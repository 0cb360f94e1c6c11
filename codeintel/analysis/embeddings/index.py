"""A repository's symbols and their vectors as a top-k search index on faiss: exact below a
size, HNSW from it, filtered by language and kind inside the search, saved atomically.

    index = SymbolIndex.build(symbols, vectors, exact_below=50_000)   # rows of vectors in symbols' order
    index.save(store.index_dir(repo_id, encoder.version))
    index = SymbolIndex.load(store.index_dir(repo_id, encoder.version))
    [hits] = index.search(encoder.encode(["convert a product to JSON"]), k=10, kinds=["method"])
    # hits[0] == IndexHit(row=12, score=0.61, symbol=SymbolInfo(qualname="shop.models.Product.to_json", ...))

Vectors are L2-normalised (the encoder's), so the inner product is the cosine and a score lies
in [-1, 1]. Fewer than `exact_below` vectors are searched exactly (`IndexFlatIP`: every row, a
few milliseconds per query at 50,000 rows); from `exact_below` an `IndexHNSWFlat` graph answers
in a fraction of a millisecond, with the recall that docs/benchmarks.md measures
(`python benchmarks/vector_index.py`, which also chose HNSW_M, HNSW_EF_CONSTRUCTION and
HNSW_EF_SEARCH below).

Why faiss (faiss-cpu): it is maintained by Meta and released steadily; it is the reference
implementation of flat, IVF and HNSW search in one library, so the exact and approximate
indices share one file format and one API; a GPU build (faiss-gpu) serves very large sets with
the same calls; and `SearchParameters` carry an ID selector, so a filter is applied inside the
search instead of by over-fetching and dropping rows. hnswlib, the other common choice, has had
no release since 2023 and ships only an sdist (a compiler at install time), and offers HNSW
alone.

Filters (languages, kinds) become a bitmap of the rows they keep (`IDSelectorBitmap`: one bit a
row, an O(1) test) handed to the search. A filtered search never loses a top-k that exists. The
exact search over the kept rows (the flat storage with the selector: only their vectors are
compared) costs in proportion to the rows kept; HNSW with a selector must raise efSearch by how
much the filter drops (n / kept) to find k kept rows, so its cost grows as the filter narrows.
The kept rows are therefore searched exactly when kept² < exact_below · n, which with no filter
(kept = n) is the index's own rule, n < exact_below; on 1,000,000 vectors a filter keeping
100,000 goes exact (1.0 recall), one keeping 500,000 through HNSW. Should HNSW still return
fewer than k hits, the exact search over the kept rows answers.

On disk an index is a folder: `manifest.json` (format, count, index kind, dimension, HNSW
parameters, sizes of the other files, a build id), `symbols.json` (the symbols' metadata as
columns) and `vectors.faiss`. `save` writes a temporary folder beside the target and renames it
into place, replacing an old one; `load` raises IndexMissing or IndexCorrupt with the reason.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, NamedTuple

import faiss
import numpy as np

from codeintel.analysis.embeddings.symbols import SymbolInfo

FORMAT = 1
"""Version of the folder's layout; another number is refused as corrupt (rebuild it)."""
MANIFEST = "manifest.json"
SYMBOLS = "symbols.json"
VECTORS = "vectors.faiss"

HNSW_M = 32
"""Neighbours per node in the HNSW graph (64 on level 0)."""
HNSW_EF_CONSTRUCTION = 128
"""Candidates kept while inserting a node."""
HNSW_EF_SEARCH = 256
"""Candidates kept while searching an index of up to EF_SEARCH_STEP vectors (at least k); it
doubles each time the index doubles beyond that (`ef_search_for`), so recall holds as it grows."""
EF_SEARCH_STEP = 250_000
MAX_EF_SEARCH = 4096
MAX_FILTERED_EF = 4096
"""efSearch of a filtered HNSW search grows with how much the filter drops, up to this."""
BATCH_QUERIES = 32
"""Fewer queries than this are searched on the calling thread alone: a few queries gain nothing
from OpenMP's threads, and on a busy machine waiting for them at its barriers cost 16 ms a query
where one thread takes 1.4 ms (18,314 vectors, exact; docs/benchmarks.md)."""

IndexKind = Literal["exact", "hnsw"]
_COLUMNS = ("id", "repo", "path", "language", "label", "kind", "name", "qualname", "start_line", "end_line")


class IndexHit(NamedTuple):
    row: int
    """The symbol's row in the index (its position in the symbols it was built from)."""
    score: float
    """Cosine similarity of the query and the symbol, in [-1, 1]."""
    symbol: SymbolInfo


class IndexLoadError(Exception):
    """An index that cannot be loaded; `folder` is where it was looked for."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"search index at {folder}: {reason}")
        self.folder = folder
        self.reason = reason


class IndexMissing(IndexLoadError):
    """No index was saved there (not embedded yet, or by another model version)."""


class IndexCorrupt(IndexLoadError):
    """Something is there but it is not a whole index of this format: rebuild it."""


class SymbolIndex:
    """Symbols with one vector each, searchable by cosine similarity, top k."""

    def __init__(
        self,
        index: Any,
        columns: dict[str, list[Any]],
        *,
        kind: IndexKind,
        exact_below: int,
        build_id: str | None = None,
    ) -> None:
        """Use `build` or `load`."""
        self._index = index
        self._columns = columns
        self.kind: IndexKind = kind
        self.exact_below = exact_below
        self.dimension: int = index.d
        self.build_id = build_id or uuid.uuid4().hex
        self._flat = faiss.downcast_index(index.storage) if kind == "hnsw" else index
        self._languages, self._language_codes = _codes(columns["language"])
        self._kinds, self._kind_codes = _codes(columns["kind"])

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def ef_search(self) -> int:
        """HNSW's candidates per search (0 for an exact index)."""
        return int(self._index.hnsw.efSearch) if self.kind == "hnsw" else 0

    # ------------------------------------------------------------ building

    @classmethod
    def build(cls, symbols: Sequence[SymbolInfo], vectors: np.ndarray, exact_below: int) -> SymbolIndex:
        """An exact index of `symbols` (row i's vector is `vectors[i]`, L2-normalised) when there
        are fewer than `exact_below` of them, else an HNSW one."""
        vectors = np.asarray(vectors)
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be a 2-D array (one row per symbol), got shape {vectors.shape}")
        if len(symbols) != vectors.shape[0]:
            raise ValueError(f"{len(symbols)} symbols but {vectors.shape[0]} vectors")
        if vectors.shape[1] < 1:
            raise ValueError("vectors of dimension 0")
        if exact_below < 0:
            raise ValueError(f"exact_below must be at least 0, got {exact_below}")
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dimension = vectors.shape[1]
        kind: IndexKind = "exact" if len(symbols) < exact_below or len(symbols) == 0 else "hnsw"
        if kind == "exact":
            index = faiss.IndexFlatIP(dimension)
        else:
            index = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = ef_search_for(len(symbols))  # faiss keeps it in the index file
        if len(symbols):
            index.add(vectors)
        columns: dict[str, list[Any]] = {name: [getattr(s, name) for s in symbols] for name in _COLUMNS}
        return cls(index, columns, kind=kind, exact_below=exact_below)

    def symbol(self, row: int) -> SymbolInfo:
        """The symbol of `row`."""
        return SymbolInfo.model_construct(**{name: self._columns[name][row] for name in _COLUMNS})

    @property
    def languages(self) -> list[str]:
        """The languages of the symbols indexed."""
        return list(self._languages)

    @property
    def kinds(self) -> list[str]:
        """The kinds of the symbols indexed."""
        return list(self._kinds)

    # ------------------------------------------------------------ searching

    def search(
        self,
        query_vectors: np.ndarray,
        k: int,
        languages: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
    ) -> list[list[IndexHit]]:
        """For each query vector (a row of a 2-D array, or one 1-D vector), the `k` symbols of
        highest cosine similarity, best first, among those of `languages` and `kinds` (None: any).
        Fewer than k when fewer symbols pass the filter."""
        queries = np.ascontiguousarray(np.atleast_2d(np.asarray(query_vectors, dtype=np.float32)))
        if queries.ndim != 2 or queries.shape[1] != self.dimension:
            raise ValueError(f"query vectors of dimension {queries.shape[-1]}; the index holds {self.dimension}")
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be an integer of at least 1, got {k!r}")
        total = len(self)
        mask = self._mask(languages, kinds)
        kept = total if mask is None else int(mask.sum())
        if kept == 0:
            return [[] for _ in range(len(queries))]
        with _threads(1 if len(queries) < BATCH_QUERIES else None):
            return self._search(queries, min(k, kept), mask, kept)

    def _search(self, queries: np.ndarray, k: int, mask: np.ndarray | None, kept: int) -> list[list[IndexHit]]:
        total = len(self)
        if mask is None:
            params = faiss.SearchParametersHNSW(efSearch=max(self.ef_search, k)) if self.kind == "hnsw" else None
            scores, rows = self._index.search(queries, k, params=params)
            return self._hits(scores, rows)
        bitmap = np.packbits(mask, bitorder="little")  # kept alive while the selector reads it
        selector = faiss.IDSelectorBitmap(total, faiss.swig_ptr(bitmap))
        if self.kind == "exact" or kept * kept < self.exact_below * total:
            return self._exact(queries, k, selector)
        ef = min(MAX_FILTERED_EF, math.ceil(max(self.ef_search, k) * total / kept))
        scores, rows = self._index.search(queries, k, params=faiss.SearchParametersHNSW(sel=selector, efSearch=ef))
        hits = self._hits(scores, rows)
        short = [i for i, found in enumerate(hits) if len(found) < k]
        if short:  # HNSW strayed among rows the filter drops: the exact search over the kept rows answers
            for i, exact in zip(short, self._exact(queries[short], k, selector), strict=True):
                hits[i] = exact
        return hits

    def _exact(self, queries: np.ndarray, k: int, selector: Any) -> list[list[IndexHit]]:
        """Every kept row compared with each query (the flat storage computes only theirs)."""
        scores, rows = self._flat.search(queries, k, params=faiss.SearchParameters(sel=selector))
        return self._hits(scores, rows)

    def _mask(self, languages: Iterable[str] | None, kinds: Iterable[str] | None) -> np.ndarray | None:
        """Which rows the filters keep; None when there is no filter."""
        mask: np.ndarray | None = None
        for wanted, vocabulary, codes in (
            (languages, self._languages, self._language_codes),
            (kinds, self._kinds, self._kind_codes),
        ):
            if wanted is None:
                continue
            wanted = {wanted} if isinstance(wanted, str) else set(wanted)
            chosen = [vocabulary.index(value) for value in wanted if value in vocabulary]
            keep = np.isin(codes, np.array(chosen, dtype=codes.dtype))
            mask = keep if mask is None else mask & keep
        return mask

    def _hits(self, scores: np.ndarray, rows: np.ndarray) -> list[list[IndexHit]]:
        out = []
        for query_scores, query_rows in zip(scores, rows, strict=True):
            found = zip(query_scores.tolist(), query_rows.tolist(), strict=True)
            out.append([IndexHit(row, score, self.symbol(row)) for score, row in found if row >= 0])
        return out

    # ------------------------------------------------------------ on disk

    def manifest(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "count": len(self),
            "index": self.kind,
            "dimension": self.dimension,
            "metric": "inner_product",
            "exact_below": self.exact_below,
            "hnsw": (
                {"M": HNSW_M, "efConstruction": self._index.hnsw.efConstruction, "efSearch": self.ef_search}
                if self.kind == "hnsw"
                else None
            ),
            "faiss": faiss.__version__,
            "build_id": self.build_id,
        }

    def save(self, folder: Path) -> None:
        """Write the index to `folder` whole, or leave what was there: a temporary folder beside
        it is filled, then renamed into place (an old index is moved aside first and removed)."""
        folder = Path(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.tmp-"))
        try:
            faiss.write_index(self._index, str(temporary / VECTORS))
            with open(temporary / SYMBOLS, "w", encoding="utf-8") as out:
                json.dump(self._columns, out, separators=(",", ":"))
            manifest = self.manifest()
            manifest["bytes"] = {name: (temporary / name).stat().st_size for name in (VECTORS, SYMBOLS)}
            (temporary / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
            _replace_folder(temporary, folder)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise

    @classmethod
    def load(cls, folder: Path) -> SymbolIndex:
        """The index saved in `folder`; IndexMissing when there is none, IndexCorrupt when what is
        there is not a whole index of this format."""
        folder = Path(folder)
        manifest = read_manifest(folder)
        count, dimension = manifest["count"], manifest["dimension"]
        for name in (VECTORS, SYMBOLS):
            path = folder / name
            if not path.is_file():
                raise IndexCorrupt(folder, f"{name} is missing")
            expected = manifest.get("bytes", {}).get(name)
            if expected is not None and path.stat().st_size != expected:
                raise IndexCorrupt(folder, f"{name} has {path.stat().st_size} bytes, the manifest says {expected}")
        try:
            index = faiss.read_index(str(folder / VECTORS))
        except RuntimeError as exc:
            raise IndexCorrupt(folder, f"{VECTORS} is unreadable ({str(exc).splitlines()[0]})") from exc
        kind = manifest["index"]
        expected_type = faiss.IndexFlat if kind == "exact" else faiss.IndexHNSWFlat
        if not isinstance(index, expected_type) or index.ntotal != count or index.d != dimension:
            raise IndexCorrupt(
                folder,
                f"{VECTORS} holds a {type(index).__name__} of {index.ntotal} vectors of dimension {index.d}; "
                f"the manifest says {kind}, {count} of dimension {dimension}",
            )
        try:
            with open(folder / SYMBOLS, encoding="utf-8") as handle:
                columns = json.load(handle)
        except (OSError, ValueError) as exc:
            raise IndexCorrupt(folder, f"{SYMBOLS} is unreadable ({exc})") from exc
        if not isinstance(columns, dict) or any(
            not isinstance(columns.get(name), list) or len(columns[name]) != count for name in _COLUMNS
        ):
            raise IndexCorrupt(folder, f"{SYMBOLS} does not hold the {count} symbols' columns {', '.join(_COLUMNS)}")
        return cls(index, columns, kind=kind, exact_below=manifest["exact_below"], build_id=manifest["build_id"])


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the index in `folder`, checked; IndexMissing or IndexCorrupt."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not folder.is_dir():
        raise IndexMissing(folder, "no index has been saved there")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexCorrupt(folder, f"{MANIFEST} is missing") from None
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(folder, f"{MANIFEST} is unreadable ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise IndexCorrupt(folder, f"format {found!r}, expected {FORMAT}: rebuild it")
    for key, types in (
        ("count", int),
        ("dimension", int),
        ("exact_below", int),
        ("index", str),
        ("build_id", str),
    ):
        if not isinstance(manifest.get(key), types) or isinstance(manifest.get(key), bool):
            raise IndexCorrupt(folder, f"{MANIFEST} lacks a valid {key!r}")
    if manifest["index"] not in ("exact", "hnsw"):
        raise IndexCorrupt(folder, f"unknown index kind {manifest['index']!r}")
    return manifest


def ef_search_for(count: int) -> int:
    """efSearch for an HNSW index of `count` vectors: HNSW_EF_SEARCH up to EF_SEARCH_STEP, doubled
    each time the count doubles beyond (512 to 500,000, 1,024 to 1,000,000), up to MAX_EF_SEARCH.
    On 1,000,000 vectors fitted to real embeddings recall@10 is 0.83 at 256, 0.90 at 512 and 0.95
    at 1,024, 12.7 ms a query against 210-320 ms for the exact search (docs/benchmarks.md)."""
    doublings = max(0, math.ceil(math.log2(max(count, 1) / EF_SEARCH_STEP)))
    return min(MAX_EF_SEARCH, HNSW_EF_SEARCH * 2**doublings)


@contextmanager
def _threads(count: int | None) -> Iterator[None]:
    """faiss's OpenMP threads for the calling thread only (OpenMP keeps the setting per thread)."""
    if count is None:
        yield
        return
    previous = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(count)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(previous)


def _codes(values: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct values, and each row's position among them."""
    vocabulary = sorted(set(values))
    position = {value: i for i, value in enumerate(vocabulary)}
    return vocabulary, np.fromiter((position[v] for v in values), dtype=np.int32, count=len(values))


def _replace_folder(source: Path, target: Path, attempts: int = 5) -> None:
    """Rename `source` to `target`, moving an existing `target` aside first and removing it after.
    Between the two renames a reader finds no index for a moment; it never finds half of one."""
    for _ in range(attempts):
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        try:
            os.rename(target, old)
        except FileNotFoundError:
            old = None
        try:
            os.rename(source, target)
        except OSError:  # another writer put its index in place between our renames: try again
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            continue
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return
    raise OSError(f"could not move the new index into {target}: another writer keeps replacing it")
