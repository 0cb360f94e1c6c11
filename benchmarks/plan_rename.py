"""How long planning a rename of a widely used function takes on the stdlib graph (target: < 2 s).

    python benchmarks/plan_rename.py [--root DIR] [--cache DIR] [--symbol QUALNAME] [--repeat 5]

The stdlib (site-packages left out) is copied and scanned once into `--cache`
(default ~/.cache/codeintel-bench/plan_rename; the scan takes about 90 s on two cores) and the
data folder is kept for later runs. The function renamed is `--symbol`, or else the repository
function with the most in-repository callers in the graph. Each round opens a fresh
EngineService and times `make_plan` twice: cold (the first plan after opening the service:
the snapshot, the symbol table and the graph are loaded) and warm (the same plan again). It
prints the median and the maximum of each, the plan's size, and the time of its parts: the
rename operation itself and the blast radius (the dependents index walked to depth 10 per renamed symbol).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sysconfig
import time
from pathlib import Path

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

DEFAULT_CACHE = Path.home() / ".cache" / "codeintel-bench" / "plan_rename"
NO_EMBEDDING = {"after_scan": False}


def prepare(root: Path, cache: Path) -> tuple[Path, str]:
    """The scanned copy of `root` and its repository id, scanning only on the first run."""
    from codeintel.scan.engine import ScanEngine

    corpus, marker = cache / "corpus", cache / "repo_id"
    if marker.exists():
        return corpus, marker.read_text().strip()
    if corpus.exists():
        shutil.rmtree(corpus)
    shutil.copytree(root, corpus, symlinks=True, ignore=shutil.ignore_patterns("site-packages", "__pycache__"))
    started = time.perf_counter()
    summary = ScanEngine(settings_for(cache)).scan(str(corpus), use_ray=False, full=True)
    print(f"scanned {corpus} once in {time.perf_counter() - started:.0f} s (kept in {cache})")
    marker.write_text(summary.repo_id)
    return corpus, summary.repo_id


def settings_for(cache: Path):
    from codeintel.config import load_settings

    return load_settings(data_dir=cache / "data", embeddings=NO_EMBEDDING)


MOST_CALLED = """
MATCH (a)-[e:CALLS]->(b:Function) WHERE e.repo = $repo AND b.repo = $repo AND b.kind = 'function'
RETURN b.qualname AS qualname, count(DISTINCT a.id) AS callers, count(e) AS calls
ORDER BY callers DESC, qualname LIMIT 5
"""


def most_called(settings, repo_id: str) -> list[dict]:
    """The repository's module-level functions with the most distinct callers in the graph."""
    from codeintel.graph import open_graph_store

    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        return store.query(MOST_CALLED, {"repo": repo_id})
    finally:
        store.close()


def callers_of(settings, repo_id: str, qualname: str) -> tuple[int, int]:
    from codeintel.graph import open_graph_store

    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        rows = store.query(
            "MATCH (a)-[e:CALLS]->(b:Function) WHERE e.repo = $repo AND b.qualname = $q "
            "RETURN count(DISTINCT a.id) AS callers, count(e) AS calls",
            {"repo": repo_id, "q": qualname},
        )
    finally:
        store.close()
    return rows[0]["callers"], rows[0]["calls"]


def one_round(settings, repo_id: str, request):
    """A fresh service; the seconds of the cold plan, the warm plan and their parts, and the plan."""
    from codeintel.planning.planner import blast_radius, make_plan
    from codeintel.planning.python.rename import plan_rename
    from codeintel.service.engine_service import EngineService

    service = EngineService(settings, scan_in_background=False)
    try:
        started = time.perf_counter()
        workspace = service._workspace(repo_id)
        opened = time.perf_counter() - started
        plan = make_plan(workspace, request)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        make_plan(service._workspace(repo_id), request)
        warm = time.perf_counter() - started
        started = time.perf_counter()
        draft = plan_rename(service._workspace(repo_id), request)
        operation = time.perf_counter() - started
        started = time.perf_counter()
        blast_radius(workspace, draft.symbols_affected)
        blast = time.perf_counter() - started
    finally:
        service.close()
    return {"cold": cold, "open": opened, "warm": warm, "operation": operation, "blast": blast}, plan


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--symbol", help="qualified name of the function to rename (default: the most called)")
    ap.add_argument("--new-name", default="renamed_for_benchmark")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--prepare-only", action="store_true")
    args = ap.parse_args()
    corpus, repo_id = prepare(args.root, args.cache)
    if args.prepare_only:
        return
    from codeintel.planning.model import RenameRequest

    settings = settings_for(args.cache)
    if args.symbol is None:
        top = most_called(settings, repo_id)
        print("most called functions:", ", ".join(f"{r['qualname']} ({r['callers']} callers)" for r in top))
        args.symbol = top[0]["qualname"]
    callers, calls = callers_of(settings, repo_id, args.symbol)
    print(f"renaming {args.symbol} ({callers} calling functions, {calls} calls in the graph) to {args.new_name}")
    request = RenameRequest(symbol=args.symbol, new_name=args.new_name)
    results = [one_round(settings, repo_id, request) for _ in range(args.repeat)]
    rounds, plan = [timings for timings, _ in results], results[-1][1]
    print(
        f"plan: {len(plan.files_touched)} files, {plan.patch.count(chr(10))} patch lines, "
        f"{len(plan.warnings)} warnings, blast radius {plan.blast_radius.symbols} symbols "
        f"in {plan.blast_radius.files} files"
    )
    print(f"{args.repeat} rounds; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'seconds':24} {'median':>8} {'max':>8}")
    for key, label in (
        ("cold", "make_plan, cold"),
        ("open", "  of which the snapshot"),
        ("warm", "make_plan, warm"),
        ("operation", "  of which the rename"),
        ("blast", "  of which blast radius"),
    ):
        values = [r[key] for r in rounds]
        print(f"{label:24} {statistics.median(values):8.3f} {max(values):8.3f}")


if __name__ == "__main__":
    main()
