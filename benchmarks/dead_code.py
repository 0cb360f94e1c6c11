"""Dead-code analysis timed on a scanned corpus: the bench tier of ../shared/bench/fetch_corpus.sh
(about 2.6M lines: CPython's stdlib, Django, lodash, three.js, zod, rxjs, Go, Rust crates, the JDK's
java.util and javac, the X server) scanned as one repository.

It reuses the graph that benchmarks/corpus.py leaves in its work folder rather than scanning again:

    bash ../shared/bench/fetch_corpus.sh bench
    python benchmarks/corpus.py --tier bench --skip-per-language --no-ray --work /tmp/corpus
    python benchmarks/dead_code.py --data /tmp/corpus/data/whole [--json OUT]

`--data` is any data folder a scan wrote (its graph store); the repository's files are read from
where the scan found them (the Repository node's location) unless `--root` says otherwise.
Prints the seconds of each stage (loading the graph, reading the files, tokens, references,
reachability, findings), the peak resident memory, and the findings by language and confidence.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections import Counter
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="the data folder of a scan (holds the graph store)")
    ap.add_argument("--repo", help="repository id (default: the only one in the store)")
    ap.add_argument("--root", type=Path, help="where the repository's files are (default: where it was scanned)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    from codeintel.analysis.dead_code import CodeGraph, analyse
    from codeintel.config import load_settings
    from codeintel.graph import open_graph_store

    settings = load_settings(data_dir=args.data)
    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    repos = store.query("MATCH (r:Repository) RETURN r.id AS id, r.location AS location ORDER BY id")
    repo = next((r for r in repos if r["id"] == args.repo), None) if args.repo else (repos[0] if repos else None)
    if repo is None:
        raise SystemExit(f"no repository {args.repo or ''} in {args.data}; found {[r['id'] for r in repos]}")
    root = args.root or Path(repo["location"])

    started = time.perf_counter()
    graph = CodeGraph.load(store, repo["id"])
    load_s = time.perf_counter() - started
    store.close()
    result = analyse(graph, root)
    total_s = time.perf_counter() - started

    by_language = Counter((f.language, f.confidence) for f in result.findings)
    figures = {
        "repo": repo["id"],
        "definitions": len(graph.nodes),
        "modules": len(graph.modules),
        "calls": len(graph.calls),
        "imports": len(graph.imports),
        "inherits": len(graph.inherits),
        "findings": len(result.findings),
        "dead_definitions": len(graph.nodes) - sum(1 for i in graph.nodes if i in result.live),
        "seconds": {"load": round(load_s, 2), **result.seconds, "total": round(total_s, 2)},
        "peak_rss_gib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2),
        "findings_by_language": {
            language: {c: by_language[(language, c)] for c in ("high", "medium", "low")}
            for language in sorted({language for language, _ in by_language})
        },
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    print("\n| stage | seconds |\n|---|---:|\n" + "\n".join(f"| {k} | {v} |" for k, v in figures["seconds"].items()))


if __name__ == "__main__":
    main()
