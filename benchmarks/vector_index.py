"""Exact (IndexFlatIP) against HNSW (IndexHNSWFlat) search, as SymbolIndex builds them
(codeintel/analysis/embeddings/index.py): build seconds, one-query latency p50/p99, recall@10
of HNSW against the exact answer, memory; and filtered searches (filters keeping 50 %, 10 % and
0.1 % of the rows) through SymbolIndex itself, each by the path its rule picks.

    python benchmarks/vector_index.py [--sizes 100000 1000000] [--queries 500] [--dimension 384]
        [--real N --real-cache FILE.npy] [--fitted 100000 1000000] [--ef-search 512 1024 ...]
        [--sweep N --sweep-on random|fitted|real] [--exact-below 50000] [--json OUT]

Vectors:
- random (`--sizes`): uniform on the sphere, the hardest case for a graph index (no structure,
  every neighbour nearly as far as the next); queries are random too.
- real (`--real N`): the shipped encoder's vectors of the first N functions of the CPython
  standard library (18,814 at most), the queries those of the next `--queries` functions.
  Encoding takes minutes on a CPU: `--real-cache` keeps them in a .npy file between runs.
- fitted (`--fitted`): drawn from the Gaussian with the real vectors' mean and covariance, as
  anisotropic as real embeddings but without their clusters, for sizes beyond what the CPU can
  encode here; the queries are the real held-out functions.

`--sweep N` first measures HNSW's parameters on N vectors: build time for each M and
efConstruction, recall@10 and latency for each efSearch (how HNSW_M and HNSW_EF_CONSTRUCTION were
chosen); `--ef-search` searches each HNSW graph again with other efSearch values (how
`ef_search_for` was chosen). Latency is one query at a time on one thread, as SymbolIndex
searches a request's query; builds use the threads faiss finds (`OMP_NUM_THREADS`).
"""

from __future__ import annotations

import argparse
import ast
import json
import resource
import sysconfig
import textwrap
import time
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from codeintel.analysis.embeddings import index as symbol_index
from codeintel.analysis.embeddings.index import HNSW_EF_CONSTRUCTION, HNSW_M, SymbolIndex, ef_search_for

K = 10


def unit_vectors(count: int, dimension: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((count, dimension), dtype=np.float32)
    faiss.normalize_L2(vectors)
    return vectors


def stdlib_functions(limit: int) -> list[str]:
    """The source lines of the first `limit` functions of the standard library, dedented."""
    out: list[str] = []
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).rglob("*.py")):
        if "test" in path.parts or "site-packages" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        lines = text.splitlines(keepends=True)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                out.append(textwrap.dedent("".join(lines[node.lineno - 1 : node.end_lineno])))
                if len(out) == limit:
                    return out
    return out


def real_vectors(count: int, queries: int, cache: Path | None) -> tuple[np.ndarray, np.ndarray]:
    """The shipped encoder's vectors of stdlib functions: `count` to index, `queries` held out
    (kept in `cache`, a .npy file, when given: encoding takes minutes on a CPU)."""
    if cache is not None and cache.exists():
        vectors = np.load(cache)
    else:
        from codeintel.analysis.embeddings.encoder import TextEncoder

        vectors = TextEncoder.load().encode(stdlib_functions(count + queries))
        if cache is not None:
            np.save(cache, vectors)
    if len(vectors) < count + queries:
        raise SystemExit(f"{len(vectors)} functions' vectors, {count + queries} asked for")
    return vectors[:count], vectors[count : count + queries]


def fitted_vectors(real: np.ndarray, count: int, seed: int) -> np.ndarray:
    """`count` unit vectors drawn from the Gaussian with the mean and covariance of `real`: as
    anisotropic as real embeddings (their variance sits in a few hundred directions), without
    their clusters; a stand-in for a million real vectors that the CPU cannot encode here."""
    mean = real.mean(axis=0, dtype=np.float64)
    weights, directions = np.linalg.eigh(np.cov(real, rowvar=False))
    scale = (directions * np.sqrt(np.clip(weights, 0.0, None))).T.astype(np.float32)
    rng = np.random.default_rng(seed)
    out = np.empty((count, real.shape[1]), dtype=np.float32)
    for start in range(0, count, 100_000):
        rows = min(100_000, count - start)
        out[start : start + rows] = rng.standard_normal((rows, real.shape[1]), dtype=np.float32) @ scale + mean
    faiss.normalize_L2(out)
    return out


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def index_bytes(index: Any) -> int:
    """The vectors and, for HNSW, the graph (neighbour lists, their offsets, each node's level)."""
    if isinstance(index, faiss.IndexHNSW):
        graph = index.hnsw
        storage = faiss.downcast_index(index.storage)
        return (
            storage.ntotal * storage.d * 4
            + graph.neighbors.size() * 4
            + graph.offsets.size() * 8
            + graph.levels.size() * 4
        )
    return index.ntotal * index.d * 4


def latencies(search, queries: np.ndarray) -> tuple[np.ndarray, list[float]]:
    """Each query alone on one thread, as SymbolIndex searches; the rows found and the
    milliseconds each took."""
    rows, times = [], []
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        for query in queries:
            started = time.perf_counter()
            _, found = search(query[None, :])
            times.append((time.perf_counter() - started) * 1000)
            rows.append(found[0])
    finally:
        faiss.omp_set_num_threads(threads)
    return np.array(rows), times


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f[f >= 0]) & set(t)) / len(t) for f, t in zip(found, truth, strict=True)]))


def percentiles(times: list[float]) -> dict[str, float]:
    return {"p50_ms": round(float(np.percentile(times, 50)), 3), "p99_ms": round(float(np.percentile(times, 99)), 3)}


def hnsw(vectors: np.ndarray, m: int, ef_construction: int) -> tuple[Any, float]:
    index = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = ef_construction
    started = time.perf_counter()
    index.add(vectors)
    return index, time.perf_counter() - started


def sweep(vectors: np.ndarray, queries: np.ndarray) -> list[dict[str, Any]]:
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    truth = flat.search(queries, K)[1]
    rows = []
    for m in (16, 32, 48):
        for ef_construction in (64, 128, 256):
            index, seconds = hnsw(vectors, m, ef_construction)
            for ef_search in (32, 64, 128, 256):
                params = faiss.SearchParametersHNSW(efSearch=ef_search)
                found, times = latencies(lambda q, p=params, i=index: i.search(q, K, params=p), queries)
                row = {
                    "M": m,
                    "efConstruction": ef_construction,
                    "efSearch": ef_search,
                    "build_s": round(seconds, 1),
                    "recall@10": round(recall(found, truth), 4),
                    **percentiles(times),
                }
                print(json.dumps(row), flush=True)
                rows.append(row)
    return rows


def columns_for(count: int, seed: int) -> dict[str, list[Any]]:
    """Synthetic symbols' columns: 50 % of them in language `python`, 0.1 % in `rare` (the rest
    `go`), 10 % of kind `class`."""
    draws = np.random.default_rng(seed).random(count)
    rows = range(count)
    return {
        "id": [f"s{row}" for row in rows],
        "repo": ["bench"] * count,
        "path": [f"f{row // 50}.py" for row in rows],
        "language": ["rare" if draw < 0.001 else "python" if draw < 0.501 else "go" for draw in draws.tolist()],
        "label": ["Class" if row % 10 == 0 else "Function" for row in rows],
        "kind": ["class" if row % 10 == 0 else "function" for row in rows],
        "name": [f"n{row}" for row in rows],
        "qualname": [f"m.n{row}" for row in rows],
        "start_line": [1] * count,
        "end_line": [2] * count,
    }


def measure(
    name: str, vectors: np.ndarray, queries: np.ndarray, exact_below: int, ef_searches: list[int]
) -> dict[str, Any]:
    count = len(vectors)
    report: dict[str, Any] = {"vectors": name, "count": count, "dimension": vectors.shape[1]}
    before = peak_rss_mib()
    started = time.perf_counter()
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    flat_build = time.perf_counter() - started
    truth, flat_times = latencies(lambda q: flat.search(q, K), queries)
    report["exact"] = {
        "build_s": round(flat_build, 2),
        "mib": round(index_bytes(flat) / 2**20),
        **percentiles(flat_times),
    }
    index, seconds = hnsw(vectors, HNSW_M, HNSW_EF_CONSTRUCTION)
    index.hnsw.efSearch = ef_search_for(count)  # as SymbolIndex.build sets it
    params = faiss.SearchParametersHNSW(efSearch=index.hnsw.efSearch)
    found, times = latencies(lambda q: index.search(q, K, params=params), queries)
    report["hnsw"] = {
        "M": HNSW_M,
        "efConstruction": HNSW_EF_CONSTRUCTION,
        "efSearch": index.hnsw.efSearch,
        "build_s": round(seconds, 1),
        "mib": round(index_bytes(index) / 2**20),
        **percentiles(times),
        "recall@10": round(recall(found, truth), 4),
    }
    for ef_search in ef_searches:  # the same graph searched with other efSearch values
        other = faiss.SearchParametersHNSW(efSearch=ef_search)
        found, times = latencies(lambda q, p=other: index.search(q, K, params=p), queries)
        report["hnsw"][f"efSearch={ef_search}"] = {**percentiles(times), "recall@10": round(recall(found, truth), 4)}
    report["peak_rss_mib_growth"] = round(peak_rss_mib() - before)
    print(json.dumps(report), flush=True)

    # Filtered searches through SymbolIndex over the same faiss indices, each by the path its rule
    # picks (exact over the kept rows when kept² < exact_below · n, else HNSW with a selector).
    columns = columns_for(count, seed=2)
    kind = "exact" if count < exact_below else "hnsw"
    built = SymbolIndex(flat if kind == "exact" else index, columns, kind=kind, exact_below=exact_below)
    exact = SymbolIndex(flat, columns, kind="exact", exact_below=exact_below)
    filtered: dict[str, Any] = {"index": built.kind}
    for label, filters in (
        ("language=python (50 %)", {"languages": ["python"]}),
        ("kind=class (10 %)", {"kinds": ["class"]}),
        ("language=rare (0.1 %)", {"languages": ["rare"]}),
    ):
        kept = sum(1 for row in range(count) if _keeps(columns, row, filters))
        path = "exact" if built.kind == "exact" or kept * kept < exact_below * count else "hnsw"
        truth_rows = [[h.row for h in hits] for q in queries for hits in exact.search(q, K, **filters)]
        found_rows, times = [], []
        for query in queries:
            started = time.perf_counter()
            [hits] = built.search(query, K, **filters)
            times.append((time.perf_counter() - started) * 1000)
            found_rows.append([h.row for h in hits])
        hit_rate = np.mean([len(set(f) & set(t)) / max(1, len(t)) for f, t in zip(found_rows, truth_rows, strict=True)])
        filtered[label] = {"path": path, **percentiles(times), "recall@10": round(float(hit_rate), 4)}
    report["filtered"] = filtered
    print(json.dumps({"vectors": name, "count": count, "filtered": filtered}), flush=True)
    return report


def _keeps(columns: dict[str, list[Any]], row: int, filters: dict[str, list[str]]) -> bool:
    return all(
        columns[{"languages": "language", "kinds": "kind"}[key]][row] in values for key, values in filters.items()
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--dimension", type=int, default=384)
    ap.add_argument("--real", type=int, default=0, help="also stdlib functions' real vectors, this many")
    ap.add_argument("--real-cache", type=Path, help="a .npy file keeping the real vectors between runs")
    ap.add_argument(
        "--fitted",
        type=int,
        nargs="*",
        default=[],
        help="also this many vectors fitted to the real ones",
    )
    ap.add_argument("--sweep-on", choices=("random", "fitted", "real"), default="random")
    ap.add_argument("--sweep", type=int, default=0, help="first sweep HNSW's parameters on this many vectors")
    ap.add_argument("--exact-below", type=int, default=50_000)
    ap.add_argument("--ef-search", type=int, nargs="*", default=[], help="also search HNSW with these efSearch")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    out: dict[str, Any] = {"faiss": faiss.__version__, "threads": faiss.omp_get_max_threads(), "runs": []}
    queries = unit_vectors(args.queries, args.dimension, seed=0)
    real, held_out = real_vectors(args.real, args.queries, args.real_cache) if args.real else (None, None)
    if args.sweep:
        if args.sweep_on == "real":
            out["sweep"] = sweep(real[: args.sweep], held_out)
        elif args.sweep_on == "fitted":
            out["sweep"] = sweep(fitted_vectors(real, args.sweep, seed=3), held_out)
        else:
            out["sweep"] = sweep(unit_vectors(args.sweep, args.dimension, seed=1), queries)
    runs = [("stdlib functions", lambda: real, held_out)] if real is not None else []
    runs += [("fitted to stdlib", lambda n=n: fitted_vectors(real, n, seed=3), held_out) for n in args.fitted]
    runs += [("random", lambda n=n: unit_vectors(n, args.dimension, seed=1), queries) for n in args.sizes]
    for name, make, asked in runs:
        out["runs"].append(measure(name, make(), asked, args.exact_below, args.ef_search))
    out["index_module"] = symbol_index.__name__
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
