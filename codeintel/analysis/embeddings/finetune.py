"""Fine-tuning the encoder on a codebase's own pairs, and the retrieval scores that decide whether
the tuned model is used.

Training is contrastive with in-batch negatives, as sentence-transformers trains
all-MiniLM-L6-v2 (MultipleNegativesRankingLoss, made symmetric): in a batch of n pairs the
cosine similarities of every query with every body, times `scale` (20), are logits; the loss is
the cross-entropy of each query picking its own body among the n, averaged with that of each
body picking its own query. AdamW (weight decay off for biases and LayerNorm), the learning
rate warmed up linearly over the first `warmup` of the steps and then decayed linearly to 0,
gradients clipped at norm 1, dropout on; mixed precision (bfloat16 autocast, float16 with a
gradient scaler where bfloat16 is missing) on CUDA, float32 on the CPU. The seed fixes the
initial state, the shuffling and dropout.

Each run saves a checkpoint folder `finetuned-NNNN` under the models folder in the layout
`TextEncoder.load` reads (config.json, model.safetensors, tokenizer files; its version is the
folder name and the weights' hash), scores it and the model in use on the same held-out pairs,
appends a line to `history.jsonl`, and names it in `ACTIVE_FILE` (written atomically) only when
its held-out MRR@10 is higher than the model in use's. A checkpoint that did not win stays on
disk, unused.

    result = fine_tune(train, held_out, settings.models_path, FineTuneConfig(epochs=1))
    result.promoted, result.base_scores.mrr_at_10, result.scores.mrr_at_10

Retrieval is scored as the benchmark scores it: each query ranks every body of its own set, the
right one being its pair's; a tie counts against the right body (it ranks below every body
that scores as high), so a model that scores everything alike gets no credit. MRR@10 is the
mean of 1/rank over the queries (0 past rank 10), recall@10 the share ranked in the top 10.
"""

from __future__ import annotations

import copy
import json
import logging
import math
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from codeintel.analysis.embeddings.active import ACTIVE_FILE, promoted_checkpoint
from codeintel.analysis.embeddings.encoder import TextEncoder, bundled_model_path
from codeintel.analysis.embeddings.pairs import Pair, unique_pairs

log = logging.getLogger(__name__)

HISTORY_FILE = "history.jsonl"
"""Under the models folder: one JSON line per fine-tuning run."""

CHECKPOINT_PREFIX = "finetuned-"

EncodeFn = Callable[[Sequence[str]], np.ndarray]


class FineTuneError(ValueError):
    """Fine-tuning cannot start: no repositories, or too few pairs (the message says how many)."""


class FineTuneConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    epochs: int = Field(1, ge=1, description="passes over the training pairs")
    batch_size: int = Field(32, ge=2, description="pairs per step; each query's negatives are the batch's other bodies")
    learning_rate: float = Field(
        5e-5, ge=0, description="AdamW's peak rate (5e-5: a few dozen steps move the model; benchmarks/retrieval.py)"
    )
    warmup: float = Field(0.1, ge=0, le=1, description="share of the steps over which the rate rises from 0")
    weight_decay: float = Field(0.01, ge=0)
    max_grad_norm: float = Field(1.0, gt=0)
    scale: float = Field(20.0, gt=0, description="similarities times this are the loss's logits")
    max_query_tokens: int = Field(64, ge=8)
    max_body_tokens: int = Field(256, ge=16, description="a body is truncated to this many tokens when training")
    max_train_pairs: int | None = Field(None, ge=2, description="train on a seeded sample of at most this many")
    max_held_out_pairs: int | None = Field(
        2000, ge=1, description="score on a seeded sample of at most this many held-out pairs"
    )
    held_out: float = Field(0.2, gt=0, lt=1, description="share of the pairs held out to decide promotion")
    min_train_pairs: int = Field(100, ge=2, description="fewer training pairs than this and no run starts")
    min_held_out_pairs: int = Field(20, ge=1, description="fewer held-out pairs than this and no run starts")
    seed: int = 0
    device: str | None = Field(None, description="torch device; default: cuda where there is one, else cpu")
    threads: int | None = Field(
        None, ge=1, description="torch CPU threads while tuning and scoring (default: torch's); 1 on a busy machine"
    )


class RetrievalScores(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    mrr_at_10: float
    recall_at_10: float
    pairs: int


class FineTuneResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str
    """The new checkpoint's version (folder name @ weights' hash)."""
    path: str
    """The checkpoint folder."""
    base_version: str
    """The model in use, that training started from and had to beat."""
    base_scores: RetrievalScores
    scores: RetrievalScores
    promoted: bool
    train_pairs: int
    held_out_pairs: int
    epochs: int
    steps: int
    epoch_losses: list[float]
    """Mean training loss of each epoch."""
    train_seconds: float
    seconds: float
    """The whole run: training, saving and scoring both models."""
    pairs_per_second: float
    """Training pairs a second (each epoch counts)."""
    device: str


# -- scoring -------------------------------------------------------------------------------------


def ranks(similarity: np.ndarray, offset: int = 0) -> np.ndarray:
    """For each query (a row: query `offset + i` for row i), the rank of its own body (column
    `offset + i`) among all the bodies, 1 best; a body that scores as high as the right one ranks
    above it."""
    rows = np.arange(len(similarity))
    right = similarity[rows, rows + offset][:, None]
    return (similarity >= right).sum(axis=1)


def retrieval_scores(rank: np.ndarray, k: int = 10) -> RetrievalScores:
    """MRR@k and recall@k of the right answers' ranks."""
    if len(rank) == 0:
        return RetrievalScores(mrr_at_10=0.0, recall_at_10=0.0, pairs=0)
    within = rank <= k
    return RetrievalScores(
        mrr_at_10=round(float(np.where(within, 1.0 / rank, 0.0).mean()), 4),
        recall_at_10=round(float(within.mean()), 4),
        pairs=len(rank),
    )


def evaluate(encoder: TextEncoder | EncodeFn | Any, pairs: Sequence[Pair], chunk: int = 1024) -> RetrievalScores:
    """MRR@10 and recall@10 of `pairs`: each query ranks all the set's bodies by cosine similarity
    (`encoder` is anything with `encode(texts)`, or such a function, giving L2-normalised rows)."""
    encode: EncodeFn = encoder.encode if hasattr(encoder, "encode") else encoder
    if not pairs:
        return retrieval_scores(np.zeros(0))
    queries = encode([pair.query for pair in pairs])
    bodies = encode([pair.body for pair in pairs])
    found = [ranks(queries[start : start + chunk] @ bodies.T, start) for start in range(0, len(pairs), chunk)]
    return retrieval_scores(np.concatenate(found))


# -- training ------------------------------------------------------------------------------------


def sample(pairs: Sequence[Pair], limit: int | None, seed: int) -> list[Pair]:
    """At most `limit` of the pairs, a seeded random choice kept in the given order."""
    if limit is None or len(pairs) <= limit:
        return list(pairs)
    chosen = sorted(random.Random(seed).sample(range(len(pairs)), limit))
    return [pairs[i] for i in chosen]


def check_enough(train: Sequence[Pair], held_out: Sequence[Pair], config: FineTuneConfig) -> None:
    if len(train) < config.min_train_pairs:
        raise FineTuneError(
            f"too few pairs to train: {len(train)} training pairs (and {len(held_out)} held out), "
            f"at least {config.min_train_pairs} are needed (min_train_pairs); scan more code with docstrings "
            "or descriptive names"
        )
    if len(held_out) < config.min_held_out_pairs:
        raise FineTuneError(
            f"too few pairs held out to judge the new model: {len(held_out)}, at least "
            f"{config.min_held_out_pairs} are needed (min_held_out_pairs)"
        )


def default_device(config: FineTuneConfig) -> str:
    import torch

    return config.device or ("cuda" if torch.cuda.is_available() else "cpu")


@contextmanager
def cpu_threads(threads: int | None) -> Iterator[None]:
    """torch's CPU threads set to `threads` for the block (unchanged when None), then restored."""
    import torch

    before = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _pool(model: Any, batch: dict[str, Any]) -> Any:
    import torch

    hidden = model(**batch).last_hidden_state.float()
    mask = batch["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2, dim=1)


def train_model(
    model: Any, tokenizer: Any, pairs: Sequence[Pair], config: FineTuneConfig, device: str
) -> tuple[Any, list[float], int]:
    """Train `model` (a transformers encoder, changed in place, in float32) on `pairs`; returns the
    model in eval mode, each epoch's mean loss and the number of steps."""
    with cpu_threads(config.threads):
        return _train(model, tokenizer, pairs, config, device)


def _train(
    model: Any, tokenizer: Any, pairs: Sequence[Pair], config: FineTuneConfig, device: str
) -> tuple[Any, list[float], int]:
    import torch

    torch.manual_seed(config.seed)
    shuffler = random.Random(config.seed)
    model.to(device).float().train()  # trained in float32 (autocast mixes precision on CUDA), even if handed in half
    batches_per_epoch = len(pairs) // config.batch_size + (1 if len(pairs) % config.batch_size >= 2 else 0)
    total_steps = max(1, batches_per_epoch * config.epochs)
    warmup_steps = math.ceil(total_steps * config.warmup)
    no_decay = ("bias", "LayerNorm.weight", "LayerNorm.bias")
    named = [(name, p) for name, p in model.named_parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        [
            {"params": [p for n, p in named if not n.endswith(no_decay)], "weight_decay": config.weight_decay},
            {"params": [p for n, p in named if n.endswith(no_decay)], "weight_decay": 0.0},
        ],
        lr=config.learning_rate,
    )

    def rate(step: int) -> float:
        if step < warmup_steps:
            return (step + 1) / (warmup_steps + 1)
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup_steps))

    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, rate)
    cuda = device.startswith("cuda")
    dtype = torch.bfloat16 if cuda and torch.cuda.is_bf16_supported() else torch.float16
    scaler = torch.amp.GradScaler("cuda", enabled=cuda and dtype == torch.float16)
    labels_of: dict[int, Any] = {}
    epoch_losses: list[float] = []
    step = 0
    for epoch in range(config.epochs):
        order = list(range(len(pairs)))
        shuffler.shuffle(order)
        losses = []
        for start in range(0, len(order), config.batch_size):
            chosen = [pairs[i] for i in order[start : start + config.batch_size]]
            if len(chosen) < 2:
                continue  # one pair has no negative to learn from
            queries = tokenizer(
                [p.query for p in chosen],
                padding=True,
                truncation=True,
                max_length=config.max_query_tokens,
                return_tensors="pt",
            ).to(device)
            bodies = tokenizer(
                [p.body for p in chosen],
                padding=True,
                truncation=True,
                max_length=config.max_body_tokens,
                return_tensors="pt",
            ).to(device)
            labels = labels_of.setdefault(len(chosen), torch.arange(len(chosen), device=device))
            with torch.autocast("cuda", dtype=dtype, enabled=cuda):
                logits = _pool(model, queries) @ _pool(model, bodies).T * config.scale
            loss = (
                torch.nn.functional.cross_entropy(logits, labels) + torch.nn.functional.cross_entropy(logits.T, labels)
            ) / 2
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.max_grad_norm)
            scaler.step(optimizer)
            scaler.update()
            schedule.step()
            step += 1
            losses.append(float(loss.detach()))
        epoch_losses.append(round(sum(losses) / max(1, len(losses)), 4))
        log.info(
            "fine-tuning epoch %d/%d: mean loss %.4f over %d steps",
            epoch + 1,
            config.epochs,
            epoch_losses[-1],
            len(losses),
        )
    return model.eval(), epoch_losses, step


def _next_checkpoint(models_path: Path) -> int:
    numbers = [
        int(p.name[len(CHECKPOINT_PREFIX) :])
        for p in models_path.glob(f"{CHECKPOINT_PREFIX}*")
        if p.name[len(CHECKPOINT_PREFIX) :].isdigit()
    ]
    return max(numbers, default=0) + 1


def save_checkpoint(model: Any, tokenizer: Any, models_path: Path) -> Path:
    """Write the model and tokenizer to a new `finetuned-NNNN` folder (written whole under a
    temporary name, then renamed into place); returns the folder."""
    models_path.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".saving-", dir=models_path))
    try:
        model.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        number = _next_checkpoint(models_path)
        while True:
            folder = models_path / f"{CHECKPOINT_PREFIX}{number:04d}"
            try:
                os.rename(staging, folder)  # fails if another run took the number first
                return folder
            except OSError:
                if not folder.exists():
                    raise
                number += 1
    except BaseException:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def promote(models_path: Path, folder: Path, version: str, **extra: Any) -> None:
    """Name `folder` (under `models_path`) as the model in use; `extra` is kept in the record."""
    record = {"path": folder.relative_to(models_path).as_posix(), "version": version, **extra}
    _write_atomically(models_path / ACTIVE_FILE, json.dumps(record, indent=1) + "\n")


def _load_base(base: TextEncoder | Path | None, models_path: Path, device: str) -> tuple[TextEncoder, Any]:
    """The model in use for scoring, and a float32 copy of its weights to train."""
    if isinstance(base, TextEncoder):
        return base, copy.deepcopy(base.model).float()
    from transformers import AutoModel

    path = Path(base) if base is not None else promoted_checkpoint(models_path) or bundled_model_path()
    return TextEncoder.load(path, device), AutoModel.from_pretrained(path, local_files_only=True)


def fine_tune(
    train: Sequence[Pair],
    held_out: Sequence[Pair],
    models_path: Path,
    config: FineTuneConfig | None = None,
    base: TextEncoder | Path | None = None,
) -> FineTuneResult:
    """Tune the model in use on `train`, save the result as a new checkpoint, and make it the model
    in use only if it ranks `held_out` better (MRR@10) than the model in use does.

    `base` is the model in use, that training starts from and must beat: an encoder, a checkpoint
    folder, or (None) the one the models folder makes active (its promoted checkpoint, else the
    shipped model). Repeated queries or bodies are dropped, then the caps of `config` apply;
    FineTuneError when too few pairs are left."""
    config = config or FineTuneConfig()
    with cpu_threads(config.threads):
        return _fine_tune(train, held_out, Path(models_path), config, base)


def _fine_tune(
    train: Sequence[Pair],
    held_out: Sequence[Pair],
    models_path: Path,
    config: FineTuneConfig,
    base: TextEncoder | Path | None,
) -> FineTuneResult:
    started = time.perf_counter()
    train = sample(unique_pairs(train), config.max_train_pairs, config.seed)
    held_out = sample(unique_pairs(held_out), config.max_held_out_pairs, config.seed)
    check_enough(train, held_out, config)
    device = default_device(config)
    encoder, weights = _load_base(base, models_path, device)

    trained_at = time.perf_counter()
    model, epoch_losses, steps = train_model(weights, encoder.tokenizer, train, config, device)
    train_seconds = time.perf_counter() - trained_at
    folder = save_checkpoint(model, encoder.tokenizer, models_path)
    del model, weights
    tuned = TextEncoder.load(folder, device)

    base_scores = evaluate(encoder, held_out)
    scores = evaluate(tuned, held_out)
    promoted = scores.mrr_at_10 > base_scores.mrr_at_10
    now = datetime.now(UTC).isoformat(timespec="seconds")
    if promoted:
        promote(models_path, folder, tuned.version, base=encoder.version, mrr_at_10=scores.mrr_at_10, promoted_at=now)
    result = FineTuneResult(
        version=tuned.version,
        path=str(folder),
        base_version=encoder.version,
        base_scores=base_scores,
        scores=scores,
        promoted=promoted,
        train_pairs=len(train),
        held_out_pairs=len(held_out),
        epochs=config.epochs,
        steps=steps,
        epoch_losses=epoch_losses,
        train_seconds=round(train_seconds, 2),
        seconds=round(time.perf_counter() - started, 2),
        pairs_per_second=round(len(train) * config.epochs / max(train_seconds, 1e-9), 2),
        device=device,
    )
    entry = {"at": now, "checkpoint": folder.name, **result.model_dump(exclude={"path"}), "config": config.model_dump()}
    with open(models_path / HISTORY_FILE, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")
    log.info(
        "fine-tuned %s -> %s: held-out MRR@10 %.4f -> %.4f (%s)",
        encoder.version,
        tuned.version,
        base_scores.mrr_at_10,
        scores.mrr_at_10,
        "promoted" if promoted else "kept, not promoted",
    )
    return result


def history(models_path: Path) -> list[dict[str, Any]]:
    """The fine-tuning runs recorded under the models folder, oldest first."""
    path = Path(models_path) / HISTORY_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
