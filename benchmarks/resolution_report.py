"""Share of call sites resolved on real code, and a random sample of resolved edges to check by hand.

    python benchmarks/resolution_report.py PATH [--sample 50] [--seed 7] [--out sample.md]

Scans PATH in-process with the embedded stores in a temporary folder, prints the call-site
shares (resolved inside the repository, external only, unresolved) and writes a Markdown list
of randomly chosen CALLS edges into the repository, each with the calling line and the
callee's definition, for a person to judge.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from codeintel.config import load_settings
from codeintel.graph import open_graph_store
from codeintel.scan.engine import ScanEngine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("resolution_sample.md"))
    args = parser.parse_args()
    root = args.path.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp) / "data")
        summary = ScanEngine(settings).scan(str(root), use_ray=False, full=True)
        counts = summary.resolution
        sites = sum(counts.get(f"calls_{k}", 0) for k in ("internal", "external", "unresolved"))
        print(f"{root.name}: {summary.files_by_language} files, {summary.lines} lines, {sites} call sites")
        for kind in ("internal", "external", "unresolved"):
            n = counts.get(f"calls_{kind}", 0)
            print(f"  calls {kind}: {n} ({n / sites:.1%})")
        for kind in ("internal", "external", "unresolved"):
            print(f"  imports {kind}: {counts.get(f'imports_{kind}', 0)}")
        print("  seconds:", summary.seconds)
        store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
        try:
            rows = store.query(
                "MATCH (a)-[c:CALLS]->(b) WHERE c.repo = $repo AND label(b) <> 'External' "
                "RETURN coalesce(a.qualname, a.name) AS caller, c.file AS file, c.line AS line, "
                "b.qualname AS callee, b.file AS callee_file, b.start_line AS callee_line",
                {"repo": summary.repo_id},
            )
        finally:
            store.close()
    rows.sort(key=lambda r: (r["file"], r["line"], r["callee"]))
    sample = random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
    lines = [f"# {args.sample} random resolved call edges of {root.name} (seed {args.seed})", ""]
    for n, row in enumerate(sample, 1):
        source = (root / row["file"]).read_text(errors="replace").splitlines()
        call_line = source[row["line"] - 1].strip() if row["line"] <= len(source) else "?"
        lines += [
            f"{n}. `{row['caller']}` -> `{row['callee']}`",
            f"   - call: {row['file']}:{row['line']}: `{call_line}`",
            f"   - callee: {row['callee_file']}:{row['callee_line']}",
        ]
    args.out.write_text("\n".join(lines) + "\n")
    print(f"wrote {len(sample)} sampled edges of {len(rows)} to {args.out}")


if __name__ == "__main__":
    main()
