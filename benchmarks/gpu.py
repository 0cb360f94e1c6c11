"""The GPU check of issue 8, as one short command on a machine with a CUDA GPU:

    python benchmarks/gpu.py [--functions 20000] [--json OUT]

1. The shipped encoder in half precision on the GPU: functions per second at batch sizes 64 and
   256 over the first N standard-library functions, and peak GPU memory.
2. The same texts through the scan's path: Ray Data feeding a pool of embedder actors with
   `num_gpus=1` (pipeline/embed.py), checked to give the in-process vectors (cosine > 0.999;
   both run in half precision).
3. Contrastive fine-tuning on the GPU (mixed precision): training pairs per second over a few
   hundred steps of standard-library (docstring, body) pairs, and peak GPU memory.

It refuses to run without CUDA (exit status 2), so a CPU figure is never reported as a GPU one.
Takes about two minutes on one H200, most of it loading torch and Ray.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.embeddings import stdlib_functions  # noqa: E402


def _sync(device: str) -> None:
    import torch

    if device == "cuda":
        torch.cuda.synchronize()


def _reset_peak(device: str) -> None:
    import torch

    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()


def _peak_mib(device: str) -> float | None:
    import torch

    return round(torch.cuda.max_memory_allocated() / 2**20, 1) if device == "cuda" else None


def _encoder_speed(texts: list[str], batch_size: int, device: str) -> dict:
    from codeintel.analysis.embeddings.encoder import TextEncoder

    encoder = TextEncoder.load(device=device)
    encoder.encode(texts[:batch_size], batch_size=batch_size)  # warm-up: kernels, allocator
    _reset_peak(device)
    _sync(device)
    started = time.perf_counter()
    vectors = encoder.encode(texts, batch_size=batch_size)
    _sync(device)
    seconds = time.perf_counter() - started
    return {
        "batch_size": batch_size,
        "half_precision": encoder.half,
        "seconds": round(seconds, 2),
        "functions_per_s": round(len(texts) / seconds, 1),
        "gpu_peak_memory_mib": _peak_mib(device),
        "_vectors": vectors,
    }


def _pool_speed(texts: list[str], reference) -> dict:
    import numpy as np
    import ray

    from codeintel.analysis.embeddings.encoder import bundled_model_path
    from codeintel.config import load_settings
    from pipeline.embed import encode_on_ray

    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(data_dir=Path(data), embeddings={"batch_size": 256})
        ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False)
        try:
            encode_on_ray(bundled_model_path(), texts[:512], settings)  # warm-up: actor start, model load
            started = time.perf_counter()
            vectors = encode_on_ray(bundled_model_path(), texts, settings)
            seconds = time.perf_counter() - started
            gpus = ray.cluster_resources().get("GPU", 0)
        finally:
            ray.shutdown()
    agreement = float(np.min(np.sum(vectors * reference, axis=1)))
    return {
        "actors": max(1, int(gpus)),
        "seconds": round(seconds, 2),
        "functions_per_s": round(len(texts) / seconds, 1),
        "least_cosine_to_in_process": round(agreement, 5),
    }


def _stdlib_pairs(limit: int) -> list:
    """(docstring's first sentence, body) pairs of the standard library, file by file."""
    import sysconfig

    from codeintel.analysis.embeddings.pairs import python_pairs

    out: list = []
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).rglob("*.py")):
        if "test" in path.parts or "site-packages" in path.parts:
            continue
        try:
            out.extend(python_pairs("stdlib", str(path), path.read_text(encoding="utf-8")))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        if len(out) >= limit:
            return out[:limit]
    return out


def _training_speed(steps: int, batch_size: int, device: str) -> dict:
    from codeintel.analysis.embeddings.encoder import TextEncoder
    from codeintel.analysis.embeddings.finetune import FineTuneConfig, train_model

    pairs = _stdlib_pairs(steps * batch_size)
    encoder = TextEncoder.load(device="cpu")  # float32 weights: autocast runs the forward in half precision
    _reset_peak(device)
    config = FineTuneConfig(epochs=1, batch_size=batch_size, device=device)
    started = time.perf_counter()
    _, losses, done_steps = train_model(encoder.model, encoder.tokenizer, pairs, config, device)
    _sync(device)
    seconds = time.perf_counter() - started
    return {
        "pairs": len(pairs),
        "steps": done_steps,
        "batch_size": batch_size,
        "loss": [round(loss, 4) for loss in losses],
        "seconds": round(seconds, 2),
        "pairs_per_s": round(len(pairs) / seconds, 1),
        "gpu_peak_memory_mib": _peak_mib(device),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--functions", type=int, default=20_000)
    ap.add_argument("--train-steps", type=int, default=200)
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--cpu-dry-run",
        action="store_true",
        help="run every part on the CPU with small sizes, to check the script where there is no GPU; "
        "its figures are not GPU figures and say so",
    )
    args = ap.parse_args()

    import torch

    device = "cpu" if args.cpu_dry_run else "cuda"
    if device == "cuda" and not torch.cuda.is_available():
        print(
            "benchmarks/gpu.py needs a CUDA GPU; torch sees none here (--cpu-dry-run checks the script)",
            file=sys.stderr,
        )
        return 2
    texts = stdlib_functions(200 if args.cpu_dry_run else args.functions)
    steps = 2 if args.cpu_dry_run else args.train_steps
    report: dict = {
        "device_name": torch.cuda.get_device_name() if device == "cuda" else "cpu dry run: not a GPU figure",
        "torch": torch.__version__,
        "functions": len(texts),
    }
    report["encoder"] = [_encoder_speed(texts, size, device) for size in (64, 256)]
    reference = report["encoder"][-1]["_vectors"]
    for entry in report["encoder"]:
        entry.pop("_vectors")
    report["actor_pool"] = _pool_speed(texts, reference)
    report["fine_tuning"] = _training_speed(steps, 64 if device == "cuda" else 8, device)
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
