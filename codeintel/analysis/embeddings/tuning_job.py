"""The fine-tuning job: learn from the scanned repositories' own code, keep the result only if it
searches better.

    result = run_fine_tuning(settings, ["shop-1a2b3c"], FineTuneConfig(epochs=1))
    result.promoted  # True: searches and new embeddings use result.version from now on

The pairs are each repository's functions as its last scan saw them (pairs.repository_pairs: a
docstring's first sentence, or a descriptive name, with the function's text), read from the
graph and the repository's folder; a file that changed since the scan (its hash differs) is left
out, since the graph's spans no longer fit it. A repeated query or body is taken once. Held out:
whole repositories when there are two or more, else whole files (pairs.split_pairs). Training
starts from the model in use (`active_model_path`: the promoted checkpoint, the shipped model or
the configured folder) and the new checkpoint is promoted only if it beats that model on the
held-out pairs (finetune.fine_tune).

Training runs in this process, or (`use_ray=True`) in a trainer actor that `ray_trainer` starts,
on a GPU where the cluster has one: pipeline/finetune.py's `RayTrainer(settings)`. The engine
imports no Ray, so the caller hands the trainer in, as it does the scan's Ray runner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path

from codeintel.analysis.clones import SourceText
from codeintel.analysis.embeddings.active import active_model_path
from codeintel.analysis.embeddings.finetune import (
    FineTuneConfig,
    FineTuneError,
    FineTuneResult,
    check_enough,
    fine_tune,
)
from codeintel.analysis.embeddings.pairs import Pair, repository_pairs, split_pairs, unique_pairs
from codeintel.config import Settings
from codeintel.graph import open_graph_store
from codeintel.ingest.hashing import content_hash
from codeintel.ingest.source import checkout_dir_for, is_url
from codeintel.store import open_metastore
from codeintel.store.records import FileState, RepositoryRecord

Trainer = Callable[[list[Pair], list[Pair], Path, FineTuneConfig, Path], FineTuneResult]
"""trainer(train, held_out, models folder, config, model in use) -> the run's result."""


def repository_root(settings: Settings, record: RepositoryRecord) -> Path:
    """The folder a repository's scans read: its managed checkout for a URL, else its path."""
    if is_url(record.location):
        return checkout_dir_for(record.location, record.name, settings.checkouts_path)
    return Path(record.location)


def scanned_sources(root: Path, file_states: Mapping[str, FileState]) -> Iterator[SourceText]:
    """The parsed files that are still as the scan read them (same sha256), decoded as UTF-8."""
    base = root.resolve()
    for path, state in sorted(file_states.items()):
        if state.status != "parsed" or not state.language:
            continue
        target = (base / path).resolve()
        if not target.is_relative_to(base):
            continue
        try:
            data = target.read_bytes()
        except OSError:
            continue
        if state.content_hash is None or content_hash(data) == state.content_hash:
            yield SourceText(path, state.language, data.decode("utf-8", errors="replace"))


def collect_pairs(settings: Settings, repo_ids: Sequence[str] | None = None) -> list[Pair]:
    """The pairs of the given scanned repositories (all of them when None or empty), each query and
    body taken once. FineTuneError when there is no repository, or one is unknown."""
    with closing(open_metastore(settings)) as meta:
        ids = list(dict.fromkeys(repo_ids or [record.id for record in meta.list_repositories()]))
        if not ids:
            raise FineTuneError("no repositories to learn from: scan one first")
        records = {repo_id: meta.get_repository(repo_id) for repo_id in ids}
        unknown = [repo_id for repo_id, record in records.items() if record is None]
        if unknown:
            raise FineTuneError(f"unknown repositories: {', '.join(unknown)}")
        pairs: list[Pair] = []
        with closing(open_graph_store(settings.store.graph, settings.graph_path, read_only=True)) as store:
            for repo_id, record in records.items():
                assert record is not None
                sources = scanned_sources(repository_root(settings, record), meta.file_states(repo_id))
                pairs.extend(repository_pairs(store, repo_id, sources))
    return unique_pairs(pairs)


def run_fine_tuning(
    settings: Settings,
    repo_ids: Sequence[str] | None = None,
    config: FineTuneConfig | None = None,
    use_ray: bool = False,
    ray_trainer: Trainer | None = None,
) -> FineTuneResult:
    """Fine-tune the model in use on the repositories' pairs (all scanned repositories when
    `repo_ids` is None or empty) and promote the result only if it wins on the held-out pairs.

    FineTuneError, before any training, when there is no repository or too few pairs (it says
    how many there are and how many are needed)."""
    config = config or FineTuneConfig()
    if config.device is None and settings.embeddings.device is not None:
        config = config.model_copy(update={"device": settings.embeddings.device})
    pairs = collect_pairs(settings, repo_ids)
    train, held_out = split_pairs(pairs, config.held_out)
    try:
        check_enough(train, held_out, config)
    except FineTuneError as exc:
        repositories = len({pair.repo for pair in pairs})
        raise FineTuneError(f"{len(pairs)} pairs from {repositories} repositories: {exc}") from exc
    base = active_model_path(settings)
    if not use_ray:
        return fine_tune(train, held_out, settings.models_path, config, base=base)
    if ray_trainer is None:
        raise RuntimeError("use_ray was asked for but no Ray trainer was given (pipeline.finetune.RayTrainer)")
    return ray_trainer(train, held_out, settings.models_path, config, base)
