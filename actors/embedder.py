"""The embedder actor: one encoder held in memory, fed batches of texts by Ray Data.

Ray Data's `map_batches` drives a pool of these (pipeline/embed.py): each actor loads the model
once, on its GPU where it was given one (`num_gpus=1`; half precision there), and turns each
batch of texts into vectors. Batches arrive already grouped by token length, so little of a
forward pass is padding.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from codeintel.analysis.embeddings.encoder import TextEncoder


class EmbedderActor:
    """A callable class for `Dataset.map_batches`: {"row", "text"} -> {"row", "vector"}."""

    def __init__(self, model_path: str, batch_size: int = 64, device: str | None = None) -> None:
        self.encoder = TextEncoder.load(Path(model_path), device)
        self.batch_size = batch_size

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        texts = [str(text) for text in batch["text"]]
        return {"row": batch["row"], "vector": self.encoder.encode(texts, batch_size=self.batch_size)}
