"""The trainer actor: the fine-tuning loop (codeintel/analysis/embeddings/finetune.py) in a process
of its own, on the cluster's GPU where it has one.

`trainer_options()` asks for one GPU when the cluster has any (`ray.cluster_resources()`), else
one CPU; on a GPU the loop trains in mixed precision and scores in half precision. The actor
reads the model in use and writes the checkpoint, the history and the promotion record under the
models folder it is given, so that folder must be one the driver sees too (the data folder is
shared on a cluster, as the graph's is).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import ray

from codeintel.analysis.embeddings.finetune import FineTuneConfig, FineTuneResult, fine_tune
from codeintel.analysis.embeddings.pairs import Pair


def trainer_options() -> dict[str, Any]:
    """One GPU when the cluster has one, else one CPU (Ray then gives torch one thread unless
    FineTuneConfig.threads says otherwise)."""
    return {"num_gpus": 1} if ray.cluster_resources().get("GPU", 0) >= 1 else {"num_cpus": 1}


@ray.remote(max_restarts=0)
class TrainerActor:
    def __init__(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
        logging.getLogger("codeintel.analysis.embeddings.finetune").setLevel(logging.INFO)

    def fine_tune(
        self, train: list[Pair], held_out: list[Pair], models_path: str, config: FineTuneConfig, base: str
    ) -> FineTuneResult:
        return fine_tune(train, held_out, Path(models_path), config, base=Path(base))
