"""Embeddings per second with the shipped encoder (all-MiniLM-L6-v2), on real functions: the
first N functions of the CPython standard library (their source as written, docstrings
included), on the CPU here or on a GPU where there is one.

    python benchmarks/embeddings.py [--functions 2000] [--batch-size 64] [--device cpu|cuda] [--json OUT]

Reports functions per second and tokens per second (tokens the model read, after truncation to
256), the load time, and on a GPU its peak memory. One warm-up batch is not timed.
"""

from __future__ import annotations

import argparse
import ast
import json
import sysconfig
import time
from pathlib import Path


def stdlib_functions(limit: int) -> list[str]:
    """The source of the first `limit` functions of the standard library, file by file in name order."""
    out: list[str] = []
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).rglob("*.py")):
        if "test" in path.parts or "site-packages" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                segment = ast.get_source_segment(text, node)
                if segment:
                    out.append(segment)
                    if len(out) == limit:
                        return out
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--functions", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--device", default=None, help="cpu or cuda (default: cuda where available)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    import torch

    from codeintel.analysis.embeddings.encoder import MAX_TOKENS, TextEncoder

    texts = stdlib_functions(args.functions)
    started = time.perf_counter()
    encoder = TextEncoder.load(device=args.device)
    load_s = time.perf_counter() - started
    encoder.encode(texts[: args.batch_size], batch_size=args.batch_size)  # warm-up
    if encoder.device.startswith("cuda"):
        torch.cuda.reset_peak_memory_stats()
        torch.cuda.synchronize()
    started = time.perf_counter()
    encoder.encode(texts, batch_size=args.batch_size)
    if encoder.device.startswith("cuda"):
        torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    tokens = sum(len(ids) for ids in encoder.tokenizer(texts, truncation=True, max_length=MAX_TOKENS)["input_ids"])
    report = {
        "device": encoder.device,
        "device_name": torch.cuda.get_device_name() if encoder.device.startswith("cuda") else "cpu",
        "threads": torch.get_num_threads(),
        "half_precision": encoder.half,
        "model": encoder.version,
        "functions": len(texts),
        "tokens": tokens,
        "batch_size": args.batch_size,
        "load_s": round(load_s, 2),
        "seconds": round(seconds, 2),
        "functions_per_s": round(len(texts) / seconds, 1),
        "tokens_per_s": round(tokens / seconds),
    }
    if encoder.device.startswith("cuda"):
        report["gpu_peak_memory_mib"] = round(torch.cuda.max_memory_allocated() / 2**20, 1)
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
