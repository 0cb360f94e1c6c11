"""Embeddings are kept per repository and model version: embedding the same code again at the same
version recomputes nothing, a changed function is encoded alone, moved code keeps its vector, and
another version starts afresh."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from codeintel.analysis.embeddings.encoder import TextEncoder
from codeintel.analysis.embeddings.store import EmbeddingStore, embed

FUNCTIONS = [
    ("shop.util.slug", "def slug(text):\n    return text.lower().replace(' ', '-')"),
    ("shop.util.total", "def total(items):\n    return sum(item.price for item in items)"),
    ("shop.cli.main", "def main():\n    print(total(load()))"),
]


class Counting:
    """An encoder that counts the texts it is asked to encode."""

    def __init__(self, inner: TextEncoder) -> None:
        self.inner, self.version, self.dimension, self.texts = inner, inner.version, inner.dimension, 0

    def encode(self, texts):
        self.texts += len(texts)
        return self.inner.encode(texts)


@pytest.fixture(scope="module")
def tiny() -> TextEncoder:
    return TextEncoder.tiny(seed=1)


def test_embedding_again_at_the_same_version_recomputes_nothing(tiny, tmp_path: Path) -> None:
    store, encoder = EmbeddingStore(tmp_path), Counting(tiny)
    first = embed(encoder, store, "shop-1", FUNCTIONS)
    assert (first.computed, first.reused, encoder.texts) == (3, 0, 3)
    again = embed(encoder, store, "shop-1", FUNCTIONS)
    assert (again.computed, again.reused, encoder.texts) == (0, 3, 3)
    assert np.array_equal(again.embeddings.vectors, first.embeddings.vectors)
    assert np.allclose(first.embeddings.vectors, tiny.encode([text for _, text in FUNCTIONS]), atol=1e-6)


def test_a_changed_function_is_encoded_alone_and_moved_code_keeps_its_vector(tiny, tmp_path: Path) -> None:
    store, encoder = EmbeddingStore(tmp_path), Counting(tiny)
    before = embed(encoder, store, "shop-1", FUNCTIONS).embeddings
    changed = [
        ("shop.text.slug", FUNCTIONS[0][1]),  # moved to another module, same text
        ("shop.util.total", FUNCTIONS[1][1].replace("sum(", "round(sum(") + ")"),
    ]  # shop.cli.main is gone
    after = embed(encoder, store, "shop-1", changed)
    assert (after.computed, after.reused, encoder.texts) == (1, 1, 4)
    assert after.embeddings.ids == ["shop.text.slug", "shop.util.total"]
    assert np.array_equal(after.embeddings.vectors[0], before.vectors[0])
    assert len(store.load("shop-1", tiny.version, tiny.dimension).ids) == 2  # the stored set is the latest


def test_another_model_version_or_repository_starts_afresh(tiny, tmp_path: Path) -> None:
    store = EmbeddingStore(tmp_path)
    embed(Counting(tiny), store, "shop-1", FUNCTIONS)
    other_model = Counting(TextEncoder.tiny(seed=2))
    assert embed(other_model, store, "shop-1", FUNCTIONS).computed == 3
    assert embed(Counting(tiny), store, "other-2", FUNCTIONS).computed == 3
    assert store.path("shop-1", tiny.version) != store.path("shop-1", other_model.version)
    for hostile in ("../../etc", "..", ".", "a/b"):  # a hostile id stays inside the store
        assert store.path(hostile, "x/y").resolve().parent.parent == tmp_path.resolve()
