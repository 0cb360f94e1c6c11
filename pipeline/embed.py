"""Encoding many texts on the cluster: Ray Data feeds batches to a pool of embedder actors
(actors/embedder.py), one GPU each where the cluster has GPUs, else on CPUs.

Texts are sorted by length before they are cut into batches, so a batch holds texts of similar
token length and pads little; each row carries its place, so the vectors come back in the order
the texts were given.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import ray

from actors.embedder import EmbedderActor
from codeintel.config import Settings
from pipeline.ray_session import ensure_ray


def pool_size(settings: Settings, gpus: float) -> int:
    """The configured number of actors, else one per GPU, else one (a CPU actor already uses
    every core through torch's threads)."""
    if settings.embeddings.actors:
        return settings.embeddings.actors
    return max(1, int(gpus))


def encode_on_ray(model_path: Path, texts: list[str], settings: Settings) -> np.ndarray:
    """One L2-normalised vector per text, in order, computed by a pool of embedder actors."""
    ensure_ray(settings)
    gpus = ray.cluster_resources().get("GPU", 0)
    actors = pool_size(settings, gpus)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    rows = [{"row": i, "text": texts[i]} for i in order]
    batch = settings.embeddings.batch_size
    dataset = ray.data.from_items(rows, override_num_blocks=max(1, math.ceil(len(rows) / (batch * 4))))
    vectors = dataset.map_batches(
        EmbedderActor,
        fn_constructor_kwargs={
            "model_path": str(model_path),
            "batch_size": batch,
            "device": settings.embeddings.device or ("cuda" if gpus else "cpu"),
        },
        batch_size=batch,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_gpus=1 if gpus else 0,
        num_cpus=0 if gpus else 1,
    )
    out: np.ndarray | None = None
    for part in vectors.iter_batches(batch_size=None, batch_format="numpy"):
        if out is None:
            out = np.zeros((len(texts), part["vector"].shape[1]), dtype=np.float32)
        out[part["row"]] = part["vector"]
    if out is None:
        raise RuntimeError("the embedder pool returned no vectors")
    return out
