"""Code retrieval on real code, issue 8's acceptance: find a function from the first sentence of
its docstring. BM25 over identifiers, the shipped all-MiniLM-L6-v2 and the model fine-tuned on
the other repository, side by side.

    bash ../shared/bench/fetch_corpus.sh bench     # ~/.cache/codeintel-corpus (stdlib and Django)
    python benchmarks/retrieval.py [--train-pairs 1000] [--body-tokens 128] [--epochs 1]
        [--batch-size 32] [--learning-rate 5e-5] [--directions stdlib:django,django:stdlib]
        [--baselines-only] [--json OUT]

Pairs (codeintel/analysis/embeddings/pairs.py): every function and method with a docstring of
CPython 3.11's standard library and of Django 5.2, the docstring's first sentence as the query
and the function's source without its docstring as the body; test folders (test, tests,
idle_test) and test functions are left out, and so is a pair whose query or body repeats one
already taken in either repository (the same text on both sides would leak the answer).

Split by repository: fine-tune on one repository and test on the other, both ways. Each test
set is all of its repository's pairs, each query ranking every body of that repository.
Training starts from the shipped model and sees only the training repository: a seeded sample of
`--train-pairs` of its pairs from the files that fine_tune does not hold out (a fifth of the
files, by hash of the path, on which the run decides whether the new checkpoint beats the
shipped model; `--held-out-pairs` of them). Nothing is tuned on the test repository. The
checkpoints go to a temporary folder unless `--models-dir` names one.

Reported per test repository: MRR@10 and recall@10 of BM25, the pretrained model and the
fine-tuned one, with the pairs; per training run: pairs, steps, seconds and pairs a second; per
encoding pass: functions (bodies) a second.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repository root

from codeintel.analysis.embeddings.bm25 import BM25  # noqa: E402
from codeintel.analysis.embeddings.encoder import TextEncoder, bundled_model_path  # noqa: E402
from codeintel.analysis.embeddings.finetune import (  # noqa: E402
    FineTuneConfig,
    RetrievalScores,
    fine_tune,
    ranks,
    retrieval_scores,
)
from codeintel.analysis.embeddings.pairs import Pair, python_pairs, split_pairs, unique_pairs  # noqa: E402

CORPUS = Path.home() / ".cache" / "codeintel-corpus" / "src" / "python"
REPOSITORIES = {"stdlib": "cpython-3.11-stdlib", "django": "django-5.2.19"}
TEST_FOLDERS = {"test", "tests", "idle_test"}


def repository_pairs_on_disk(name: str, root: Path) -> list[Pair]:
    """The pairs of every .py file under `root` outside test folders, in path order."""
    out: list[Pair] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if TEST_FOLDERS.intersection(relative.parts) or "site-packages" in relative.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        out.extend(python_pairs(name, relative.as_posix(), text))
    return unique_pairs(out)


def without_shared(pairs: dict[str, list[Pair]]) -> tuple[dict[str, list[Pair]], int]:
    """Each repository's pairs less those whose query or body (whitespace aside) is also another's."""

    def keys(pair: Pair) -> tuple[str, str]:
        return " ".join(pair.query.lower().split()), " ".join(pair.body.split())

    texts = {name: {key for p in ps for key in keys(p)} for name, ps in pairs.items()}
    out, dropped = {}, 0
    for name, ps in pairs.items():
        others = set().union(*(t for other, t in texts.items() if other != name))
        kept = [p for p in ps if not others.intersection(keys(p))]
        dropped += len(ps) - len(kept)
        out[name] = kept
    return out, dropped


def bm25_scores(pairs: list[Pair]) -> RetrievalScores:
    index = BM25([p.body for p in pairs])
    found = [ranks(index.score_matrix([p.query for p in pairs[s : s + 512]]), s) for s in range(0, len(pairs), 512)]
    return retrieval_scores(np.concatenate(found))


def model_scores(encoder: TextEncoder, pairs: list[Pair]) -> tuple[RetrievalScores, dict[str, float]]:
    """Scores, and the time taken to encode the bodies (functions a second) and the queries."""
    started = time.perf_counter()
    queries = encoder.encode([p.query for p in pairs])
    query_s = time.perf_counter() - started
    started = time.perf_counter()
    bodies = encoder.encode([p.body for p in pairs])
    body_s = time.perf_counter() - started
    found = [ranks(queries[s : s + 1024] @ bodies.T, s) for s in range(0, len(pairs), 1024)]
    timing = {
        "body_seconds": round(body_s, 1),
        "functions_per_s": round(len(pairs) / body_s, 1),
        "query_seconds": round(query_s, 1),
    }
    return retrieval_scores(np.concatenate(found)), timing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder holding the two projects")
    ap.add_argument("--directions", default="stdlib:django,django:stdlib", help="train:test,...")
    ap.add_argument("--train-pairs", type=int, default=1000, help="training pairs at most (a seeded sample)")
    ap.add_argument("--held-out-pairs", type=int, default=300, help="pairs of the training repository to decide on")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--learning-rate", type=float, default=5e-5)
    ap.add_argument("--warmup", type=float, default=0.1)
    ap.add_argument("--body-tokens", type=int, default=128, help="body tokens when training (256 when scoring)")
    ap.add_argument("--query-tokens", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default=None)
    ap.add_argument("--baselines-only", action="store_true", help="BM25 and the pretrained model only")
    ap.add_argument("--models-dir", type=Path, default=None, help="keep the checkpoints here")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    import torch

    started = time.perf_counter()
    pairs, shared = without_shared(
        {name: repository_pairs_on_disk(name, args.corpus / folder) for name, folder in REPOSITORIES.items()}
    )
    print(f"pairs: {', '.join(f'{n} {len(p)}' for n, p in pairs.items())} ({shared} shared texts dropped)", flush=True)
    directions = [tuple(d.split(":")) for d in args.directions.split(",")]
    config = FineTuneConfig(
        epochs=args.epochs,
        batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        warmup=args.warmup,
        max_query_tokens=args.query_tokens,
        max_body_tokens=args.body_tokens,
        max_train_pairs=args.train_pairs,
        max_held_out_pairs=args.held_out_pairs,
        seed=args.seed,
        device=args.device,
    )
    report: dict = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {torch.get_num_threads()} torch threads, "
        + (torch.cuda.get_device_name() if torch.cuda.is_available() else "no GPU"),
        "pairs": {name: len(p) for name, p in pairs.items()},
        "shared_texts_dropped": shared,
        "config": config.model_dump(),
        "capped": f"training: at most {args.train_pairs} pairs, {args.epochs} epoch(s), bodies truncated to "
        f"{args.body_tokens} tokens, queries to {args.query_tokens}; promotion decided on at most "
        f"{args.held_out_pairs} held-out pairs of the training repository; test sets not capped",
        "tests": {},
        "training": {},
    }
    pretrained = TextEncoder.load(device=args.device)
    for test in dict.fromkeys(t for _, t in directions):
        ps = pairs[test]
        bm25 = bm25_scores(ps)
        print(f"[{test}] BM25 {bm25}", flush=True)
        scores, timing = model_scores(pretrained, ps)
        print(f"[{test}] pretrained {scores} {timing}", flush=True)
        report["tests"][test] = {"pairs": len(ps), "bm25": bm25.model_dump(), "pretrained": scores.model_dump()}
        report["tests"][test]["pretrained_timing"] = timing

    if not args.baselines_only:
        models_root = args.models_dir or Path(tempfile.mkdtemp(prefix="retrieval-models-"))
        for train_repo, test in directions:
            train, held_out = split_pairs(pairs[train_repo], held_out=config.held_out)
            result = fine_tune(train, held_out, models_root / train_repo, config, base=bundled_model_path())
            print(
                f"[{train_repo} -> {test}] trained on {result.train_pairs} pairs, {result.steps} steps, "
                f"{result.train_seconds} s ({result.pairs_per_second} pairs/s), losses {result.epoch_losses}; "
                f"held-out {train_repo}: {result.base_scores.mrr_at_10} -> {result.scores.mrr_at_10} "
                f"(promoted: {result.promoted})",
                flush=True,
            )
            tuned = TextEncoder.load(Path(result.path), args.device)
            scores, timing = model_scores(tuned, pairs[test])
            print(f"[{train_repo} -> {test}] fine-tuned {scores} {timing}", flush=True)
            report["tests"][test][f"fine_tuned_on_{train_repo}"] = scores.model_dump()
            report["training"][f"{train_repo}->{test}"] = {
                **result.model_dump(exclude={"path"}),
                "test": scores.model_dump(),
                "test_timing": timing,
            }
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
