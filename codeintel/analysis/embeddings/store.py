"""Embeddings kept per repository and model version, so that embedding a repository again
recomputes only what changed.

A set is three parallel arrays (symbol ids, sha256 of the text embedded, the vectors) in one
`.npz` file per repository and model version under the store's folder, written whole and
atomically (a temporary file renamed into place). A text whose hash the set already holds, under
any symbol, is not encoded again: moved or renamed code keeps its vector. Another model version
is another file, so vectors of different weights are never mixed.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

_SAFE = re.compile(r"[^A-Za-z0-9._@-]")


class Encoder(Protocol):
    version: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class EmbeddingSet:
    ids: list[str]
    hashes: list[str]
    vectors: np.ndarray

    @classmethod
    def empty(cls, dimension: int) -> EmbeddingSet:
        return cls([], [], np.zeros((0, dimension), dtype=np.float32))


@dataclass(frozen=True)
class EmbedOutcome:
    embeddings: EmbeddingSet
    computed: int
    """Texts encoded in this call."""
    reused: int
    """Texts whose vector the stored set already held."""


def _file_name(name: str) -> str:
    """`name` as one path component: no separators, never `.` or `..`."""
    safe = _SAFE.sub("_", name)
    return f"_{safe}" if safe.strip(".") == "" else safe


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


class EmbeddingStore:
    """The embedding sets under one folder (`data_dir/embeddings` by default)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, repo_id: str, version: str) -> Path:
        return self.root / _file_name(repo_id) / f"{_file_name(version)}.npz"

    def index_dir(self, repo_id: str, version: str) -> Path:
        """The folder of the repository's search index at this version (index.py writes it)."""
        return self.root / _file_name(repo_id) / f"{_file_name(version)}.index"

    def repositories(self) -> list[str]:
        """The folder names of the repositories that have embeddings (their ids, made path-safe)."""
        return sorted(p.name for p in self.root.iterdir() if p.is_dir()) if self.root.is_dir() else []

    def load(self, repo_id: str, version: str, dimension: int) -> EmbeddingSet:
        """The stored set, or an empty one when none was saved."""
        path = self.path(repo_id, version)
        if not path.exists():
            return EmbeddingSet.empty(dimension)
        with np.load(path, allow_pickle=False) as data:
            return EmbeddingSet(list(data["ids"]), list(data["hashes"]), data["vectors"].astype(np.float32))

    def save(self, repo_id: str, version: str, embeddings: EmbeddingSet) -> None:
        path = self.path(repo_id, version)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(
                    out,
                    ids=np.array(embeddings.ids, dtype=str),
                    hashes=np.array(embeddings.hashes, dtype=str),
                    vectors=embeddings.vectors.astype(np.float32),
                )
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def embed(encoder: Encoder, store: EmbeddingStore, repo_id: str, items: Sequence[tuple[str, str]]) -> EmbedOutcome:
    """Vectors for `items` (symbol id, text) under the encoder's version, encoding only the texts
    the stored set lacks; the set saved is exactly `items`' (symbols gone are dropped)."""
    stored = store.load(repo_id, encoder.version, encoder.dimension)
    row_of = {digest: row for row, digest in enumerate(stored.hashes)}
    hashes = [text_hash(text) for _, text in items]
    missing = list(dict.fromkeys(h for h in hashes if h not in row_of))
    texts_of = {h: text for h, (_, text) in zip(hashes, items, strict=True)}
    fresh = encoder.encode([texts_of[h] for h in missing]) if missing else np.zeros((0, encoder.dimension))
    fresh_row = {digest: row for row, digest in enumerate(missing)}
    vectors = np.zeros((len(items), encoder.dimension), dtype=np.float32)
    for index, digest in enumerate(hashes):
        vectors[index] = fresh[fresh_row[digest]] if digest in fresh_row else stored.vectors[row_of[digest]]
    embeddings = EmbeddingSet([symbol for symbol, _ in items], hashes, vectors)
    store.save(repo_id, encoder.version, embeddings)
    return EmbedOutcome(embeddings, computed=len(missing), reused=len(items) - sum(h in fresh_row for h in hashes))
