"""Fine-tuning on Ray: the driver's part. The pairs are gathered in the driver (they are small:
sentences and function texts) and the loop runs in a trainer actor (actors/trainer.py), on a GPU
where the cluster has one.

    result = run_fine_tuning_on_ray(settings, repo_ids, FineTuneConfig())
    # the same as run_fine_tuning(settings, repo_ids, config, use_ray=True, ray_trainer=RayTrainer(settings))
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import ray

from actors.trainer import TrainerActor, trainer_options
from codeintel.analysis.embeddings.finetune import FineTuneConfig, FineTuneResult
from codeintel.analysis.embeddings.pairs import Pair
from codeintel.analysis.embeddings.tuning_job import run_fine_tuning
from codeintel.config import Settings
from pipeline.ray_session import ensure_ray


class RayTrainer:
    """A `tuning_job.Trainer` that runs `fine_tune` in a new trainer actor and waits for it; the
    actor is ended when the run is over, so its GPU is free again."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(
        self, train: list[Pair], held_out: list[Pair], models_path: Path, config: FineTuneConfig, base: Path
    ) -> FineTuneResult:
        ensure_ray(self.settings)
        actor = TrainerActor.options(**trainer_options()).remote()
        try:
            return ray.get(actor.fine_tune.remote(train, held_out, str(models_path), config, str(base)))
        finally:
            ray.kill(actor)


def run_fine_tuning_on_ray(
    settings: Settings, repo_ids: Sequence[str] | None = None, config: FineTuneConfig | None = None
) -> FineTuneResult:
    return run_fine_tuning(settings, repo_ids, config, use_ray=True, ray_trainer=RayTrainer(settings))
