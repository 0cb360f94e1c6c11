"""The vector index of a repository's symbols: exact below `exact_below`, HNSW from it; filters by
language and kind applied inside the search and never emptying a top-k that exists; saved whole
or not at all, and a missing or broken folder named as such."""

from __future__ import annotations

import json
from pathlib import Path

import faiss
import numpy as np
import pytest

from codeintel.analysis.embeddings.index import (
    MANIFEST,
    SYMBOLS,
    VECTORS,
    IndexCorrupt,
    IndexMissing,
    SymbolIndex,
    ef_search_for,
    read_manifest,
)
from codeintel.analysis.embeddings.symbols import SymbolInfo

DIMENSION = 48


def unit_vectors(count: int, seed: int, dimension: int = DIMENSION) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((count, dimension)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def symbols(count: int) -> list[SymbolInfo]:
    """Every 7th a class, every 3rd function a method; one symbol (row 5) in Go, the rest Python."""
    out = []
    for row in range(count):
        kind = "class" if row % 7 == 0 else "method" if row % 3 == 0 else "function"
        out.append(
            SymbolInfo(
                id=f"repo:m{row // 10}.py:f{row}",
                repo="repo",
                path=f"m{row // 10}.py",
                language="go" if row == 5 else "python",
                label="Class" if kind == "class" else "Function",
                kind=kind,
                name=f"f{row}",
                qualname=f"m{row // 10}.f{row}",
                start_line=row % 10 * 5 + 1,
                end_line=row % 10 * 5 + 4,
            )
        )
    return out


def brute_force(vectors: np.ndarray, query: np.ndarray, k: int, keep: np.ndarray | None = None) -> list[int]:
    scores = vectors @ query
    if keep is not None:
        scores = np.where(keep, scores, -np.inf)
    order = np.argsort(-scores, kind="stable")[:k]
    return [int(row) for row in order if np.isfinite(scores[row])]


@pytest.fixture(scope="module")
def large() -> tuple[list[SymbolInfo], np.ndarray, SymbolIndex]:
    """3,000 random unit vectors, with HNSW (exact_below 1,000)."""
    vectors = unit_vectors(3000, seed=1)
    found = symbols(3000)
    return found, vectors, SymbolIndex.build(found, vectors, exact_below=1000)


def test_below_exact_below_the_search_is_exact_and_equals_brute_force() -> None:
    vectors, queries = unit_vectors(500, seed=2), unit_vectors(20, seed=3)
    index = SymbolIndex.build(symbols(500), vectors, exact_below=1000)
    assert index.kind == "exact"
    for query, hits in zip(queries, index.search(queries, 10), strict=True):
        assert [h.row for h in hits] == brute_force(vectors, query, 10)
        assert [h.score for h in hits] == pytest.approx([float(vectors[h.row] @ query) for h in hits], abs=1e-5)


def test_a_hit_carries_its_row_score_and_symbol() -> None:
    found, vectors = symbols(30), unit_vectors(30, seed=4)
    [[best]] = SymbolIndex.build(found, vectors, exact_below=100).search(vectors[12], 1)
    assert (best.row, round(best.score, 5), best.symbol) == (12, 1.0, found[12])


def test_from_exact_below_hnsw_finds_nearly_every_true_neighbour(large) -> None:
    _, vectors, index = large
    queries = unit_vectors(200, seed=5)
    assert index.kind == "hnsw"
    found = zip(queries, index.search(queries, 10), strict=True)
    overlap = [len({h.row for h in hits} & set(brute_force(vectors, q, 10))) for q, hits in found]
    recall = sum(overlap) / (10 * len(queries))
    assert recall >= 0.97


@pytest.mark.parametrize("exact_below", [1000, 10_000], ids=["hnsw", "exact"])
def test_filters_by_language_and_kind_keep_only_those_rows_and_the_true_top_k(large, exact_below) -> None:
    found, vectors, hnsw = large
    index = hnsw if exact_below == 1000 else SymbolIndex.build(found, vectors, exact_below=exact_below)
    query = unit_vectors(1, seed=6)[0]
    kinds = np.array([s.kind for s in found])
    [classes] = index.search(query, 10, kinds=["class"])
    assert [h.row for h in classes] == brute_force(vectors, query, 10, kinds == "class")
    [methods_or_classes] = index.search(query, 10, kinds=["method", "class"], languages=["python"])
    assert {h.symbol.kind for h in methods_or_classes} == {"method", "class"}
    assert len(methods_or_classes) == 10


@pytest.mark.parametrize("exact_below", [1000, 10_000], ids=["hnsw", "exact"])
def test_a_filter_that_keeps_one_row_finds_it_wherever_it_ranks(large, exact_below) -> None:
    found, vectors, hnsw = large
    index = hnsw if exact_below == 1000 else SymbolIndex.build(found, vectors, exact_below=exact_below)
    far_away = -vectors[5]  # row 5, the only Go symbol, is the least similar of all
    [hits] = index.search(far_away, 10, languages=["go"])
    assert [(h.row, h.symbol.language) for h in hits] == [(5, "go")]
    assert hits[0].score == pytest.approx(-1.0, abs=1e-5)


def test_a_filter_on_a_large_kept_set_goes_through_hnsw_and_still_returns_k(large) -> None:
    found, vectors, index = large
    queries = unit_vectors(50, seed=7)
    keep = np.array([s.kind != "class" for s in found])  # 2,571 rows: more than exact_below
    for query, hits in zip(queries, index.search(queries, 10, kinds=["function", "method"]), strict=True):
        assert len(hits) == 10 and all(keep[h.row] for h in hits)
        assert len({h.row for h in hits} & set(brute_force(vectors, query, 10, keep))) >= 8


def test_a_filter_naming_nothing_indexed_and_k_beyond_the_rows_are_answered_not_refused(large) -> None:
    _, _, index = large
    query = unit_vectors(1, seed=8)[0]
    assert index.search(query, 10, languages=["rust"]) == [[]]
    assert index.search(query, 10, languages=[]) == [[]]
    [one] = index.search(query, 50, languages=["go"])
    assert len(one) == 1


def test_an_empty_index_answers_no_hits_and_round_trips(tmp_path: Path) -> None:
    index = SymbolIndex.build([], np.zeros((0, DIMENSION), dtype=np.float32), exact_below=0)
    assert (len(index), index.kind, index.dimension) == (0, "exact", DIMENSION)
    assert index.search(unit_vectors(2, seed=9), 5) == [[], []]
    index.save(tmp_path / "empty.index")
    assert SymbolIndex.load(tmp_path / "empty.index").search(unit_vectors(1, seed=9), 5) == [[]]


@pytest.mark.parametrize("exact_below", [1000, 10_000], ids=["hnsw", "exact"])
def test_save_then_load_answers_the_same(large, tmp_path: Path, exact_below) -> None:
    found, vectors, hnsw = large
    index = hnsw if exact_below == 1000 else SymbolIndex.build(found, vectors, exact_below=exact_below)
    folder = tmp_path / "repo" / "model@v1.index"
    index.save(folder)
    loaded = SymbolIndex.load(folder)
    queries = unit_vectors(10, seed=10)
    assert (len(loaded), loaded.kind, loaded.dimension, loaded.build_id) == (3000, index.kind, 48, index.build_id)
    assert loaded.search(queries, 5, kinds=["class"]) == index.search(queries, 5, kinds=["class"])
    assert loaded.symbol(42) == found[42] and loaded.ef_search == index.ef_search
    manifest = read_manifest(folder)
    assert {k: manifest[k] for k in ("format", "count", "index", "dimension")} == {
        "format": 1,
        "count": 3000,
        "index": index.kind,
        "dimension": 48,
    }
    assert sorted(p.name for p in folder.parent.iterdir()) == ["model@v1.index"]  # no temporary left behind


def test_saving_again_replaces_the_old_index_whole(tmp_path: Path) -> None:
    folder = tmp_path / "repo.index"
    SymbolIndex.build(symbols(20), unit_vectors(20, seed=11), exact_below=100).save(folder)
    newer = SymbolIndex.build(symbols(8), unit_vectors(8, seed=12), exact_below=100)
    newer.save(folder)
    loaded = SymbolIndex.load(folder)
    assert (len(loaded), loaded.build_id) == (8, newer.build_id)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo.index"]


def test_a_missing_folder_is_index_missing(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="no index has been saved there"):
        SymbolIndex.load(tmp_path / "nothing.index")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda folder: (folder / MANIFEST).unlink(), "manifest.json is missing"),
        (lambda folder: (folder / MANIFEST).write_text("{not json"), "manifest.json is unreadable"),
        (lambda folder: _edit_manifest(folder, format=99), "format 99, expected 1"),
        (lambda folder: _edit_manifest(folder, count=7), "the manifest says exact, 7"),
        (lambda folder: (folder / VECTORS).unlink(), "vectors.faiss is missing"),
        (lambda folder: _truncate(folder / VECTORS), "vectors.faiss has"),
        (lambda folder: _edit_manifest(folder, bytes={}) or _truncate(folder / VECTORS), "vectors.faiss is unreadable"),
        (lambda folder: _edit_manifest(folder, bytes={}) or (folder / SYMBOLS).write_text("[]"), "symbols.json does"),
    ],
    ids=["no-manifest", "bad-json", "format", "count", "no-vectors", "short", "unreadable", "symbols"],
)
def test_a_damaged_folder_is_index_corrupt_saying_what_is_wrong(tmp_path: Path, damage, reason) -> None:
    folder = tmp_path / "repo.index"
    SymbolIndex.build(symbols(20), unit_vectors(20, seed=13), exact_below=100).save(folder)
    damage(folder)
    with pytest.raises(IndexCorrupt, match=reason) as raised:
        SymbolIndex.load(folder)
    assert str(folder) in str(raised.value)


def test_build_refuses_symbols_and_vectors_that_do_not_pair_up() -> None:
    with pytest.raises(ValueError, match="3 symbols but 2 vectors"):
        SymbolIndex.build(symbols(3), unit_vectors(2, seed=14), exact_below=10)
    index = SymbolIndex.build(symbols(3), unit_vectors(3, seed=14), exact_below=10)
    with pytest.raises(ValueError, match="dimension 5"):
        index.search(np.ones(5, dtype=np.float32), 1)


def _edit_manifest(folder: Path, **changes) -> None:
    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps({**manifest, **changes}))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_hnsw_searches_more_candidates_as_the_index_grows() -> None:
    assert [ef_search_for(n) for n in (3000, 250_000, 500_000, 1_000_000, 2_000_000, 10**9)] == [
        256,
        256,
        512,
        1024,
        2048,
        4096,
    ]


def test_a_search_leaves_the_callers_thread_count_as_it_was(large) -> None:
    _, _, index = large
    faiss.omp_set_num_threads(2)
    index.search(unit_vectors(1, seed=15), 3, kinds=["class"])
    assert faiss.omp_get_max_threads() == 2
