"""Which encoder embeds and searches: the settings' `embeddings.model` resolved to a folder, and
that encoder loaded once per process.

`auto` is the checkpoint that fine-tuning last promoted (named by `ACTIVE_FILE` under the
models folder; finetune.py writes it only for a checkpoint that beat its predecessor on held-out
pairs), else the shipped model. Vectors and queries must come from the same weights, so search
and the embedding stage both go through `active_model_path`.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from codeintel.analysis.embeddings.encoder import TextEncoder, bundled_model_path
from codeintel.config import Settings

ACTIVE_FILE = "active.json"
"""Under the models folder: {"path": checkpoint folder (relative to the models folder), "version": ...}."""

_loaded: dict[tuple[str, str | None], TextEncoder] = {}
_lock = threading.Lock()


def promoted_checkpoint(models_path: Path) -> Path | None:
    """The checkpoint folder that fine-tuning promoted, or None when none was (or it is gone)."""
    record = models_path / ACTIVE_FILE
    if not record.exists():
        return None
    try:
        folder = models_path / json.loads(record.read_text())["path"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{record}: not a record of the model in use ({exc})") from exc
    return folder if (folder / "config.json").exists() else None


def active_model_path(settings: Settings) -> Path:
    choice = settings.embeddings.model
    if choice == "bundled":
        return bundled_model_path()
    if choice == "auto":
        return promoted_checkpoint(settings.models_path) or bundled_model_path()
    path = Path(choice).expanduser()
    if not (path / "config.json").exists():
        raise ValueError(f"embeddings.model: no model at {path} (expected a checkpoint folder with config.json)")
    return path


def load_encoder(settings: Settings) -> TextEncoder:
    """The active encoder on the configured device, loaded on first use and kept for the process."""
    key = (str(active_model_path(settings)), settings.embeddings.device)
    with _lock:
        if key not in _loaded:
            _loaded[key] = TextEncoder.load(Path(key[0]), settings.embeddings.device)
        return _loaded[key]
