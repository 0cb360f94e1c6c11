"""The embedding stage of a scan: every function, method and class of the committed graph is
embedded with the active encoder (only texts not embedded before at that model version are
encoded), the vectors are kept per repository and version, and the repository's search index is
rebuilt from them. It runs at the start of the analysis stage, so the semantic clone check sees
this scan's vectors.

Few texts are encoded in the analysing process; many (more than `embeddings.ray_threshold`) go
to `pool`, a function that encodes through a pool of embedder actors (pipeline/embed.py), when
the caller offers one. The model is loaded only when there is something to encode: its version
and dimension are read from its folder.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from codeintel.analysis.embeddings.active import active_model_path, load_encoder
from codeintel.analysis.embeddings.encoder import model_version
from codeintel.analysis.embeddings.index import SymbolIndex
from codeintel.analysis.embeddings.store import EmbeddingStore, embed
from codeintel.analysis.embeddings.symbols import symbol_texts
from codeintel.analysis.inputs import RepositoryInputs
from codeintel.config import Settings
from codeintel.model import EmbeddingSummary

PoolEncode = Callable[[Path, list[str], Settings], np.ndarray]
"""pool(model folder, texts, settings) -> one L2-normalised row per text, in order."""


class StageEncoder:
    """The active model as the embedding store sees it: version and dimension read from its folder,
    the weights loaded (or the pool used) only when `encode` is called with something to do."""

    def __init__(self, settings: Settings, pool: PoolEncode | None = None) -> None:
        self.settings = settings
        self.path = active_model_path(settings)
        self.version = model_version(self.path)
        self.dimension = int(json.loads((self.path / "config.json").read_text())["hidden_size"])
        self.pool = pool
        self.pooled = False

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.pool is not None and len(texts) > self.settings.embeddings.ray_threshold:
            self.pooled = True
            return self.pool(self.path, list(texts), self.settings)
        encoder = load_encoder(self.settings)
        return encoder.encode(texts, batch_size=self.settings.embeddings.batch_size)


def embed_repository(inputs: RepositoryInputs, settings: Settings, pool: PoolEncode | None = None) -> EmbeddingSummary:
    """Embed the repository's symbols as of the scan, keep the vectors and rebuild its index."""
    started = time.perf_counter()
    encoder = StageEncoder(settings, pool)
    texts = symbol_texts(inputs.store, inputs.repo_id, inputs.sources)
    store = EmbeddingStore(settings.embeddings_path)
    outcome = embed(encoder, store, inputs.repo_id, [(item.symbol.id, item.text) for item in texts])
    symbols = [item.symbol for item in texts]
    index = SymbolIndex.build(symbols, outcome.embeddings.vectors, settings.embeddings.exact_below)
    index.save(store.index_dir(inputs.repo_id, encoder.version))
    return EmbeddingSummary(
        model=encoder.version,
        symbols=len(texts),
        computed=outcome.computed,
        reused=outcome.reused,
        pooled=encoder.pooled,
        index=index.kind,
        seconds=round(time.perf_counter() - started, 3),
    )
