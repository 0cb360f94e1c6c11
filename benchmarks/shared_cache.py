"""What the shared Redis facts cache saves: the same files scanned as a second repository.

    python benchmarks/shared_cache.py [--root DIR]

Copies the corpus (the stdlib by default) to two folders, A and B, and scans them in-process
with the facts cache on Redis (a fresh key prefix, deleted afterwards): A parses every file
and fills the cache; B finds every file in it. Printed side by side: each scan's parse stage
and total, and the same two scans with the local SQLite cache, whose cache is per data folder
(B parses again).
"""

from __future__ import annotations

import argparse
import shutil
import sysconfig
import tempfile
import uuid
from pathlib import Path

import redis

from codeintel.config import load_settings
from codeintel.scan.engine import ScanEngine


def scan_twice(work: Path, cache: str, prefix: str) -> list[dict[str, float]]:
    rows = []
    for name in ("A", "B"):
        settings = load_settings(data_dir=work / f"data-{cache}-{name}", store={"cache": cache, "cache_prefix": prefix})
        summary = ScanEngine(settings).scan(str(work / name), use_ray=False)
        rows.append(
            {
                "repo": name,
                "parse": summary.seconds["parse"],
                "total": summary.seconds["total"],
                "from_cache": summary.files_from_cache,
                "files": summary.files_parsed,
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    args = ap.parse_args()
    prefix = f"codeintel:bench:{uuid.uuid4().hex}:"
    with tempfile.TemporaryDirectory(prefix="codeintel-cache-bench-") as tmp:
        work = Path(tmp)
        for name in ("A", "B"):
            shutil.copytree(args.root, work / name, ignore=shutil.ignore_patterns("site-packages", "__pycache__"))
        try:
            for cache in ("redis", "local"):
                for row in scan_twice(work, cache, prefix):
                    print(
                        f"{cache:6} {row['repo']}: {row['files']} files, {row['from_cache']} from the cache, "
                        f"parse {row['parse']:.1f} s, total {row['total']:.1f} s"
                    )
        finally:
            client = redis.Redis.from_url(load_settings().redis_url)
            keys = list(client.scan_iter(match=prefix + "*", count=1000))
            if keys:
                client.delete(*keys)
            client.close()


if __name__ == "__main__":
    main()
