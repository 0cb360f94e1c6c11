"""After a scan, every function, method and class is embedded with the active model; a scan that
changes nothing encodes nothing, a changed function is encoded alone, and a failure of the stage
costs only the vectors. Many texts go to a pool of embedder actors through Ray Data, which gives
the same vectors as encoding in process."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from codeintel.analysis.embeddings.encoder import TextEncoder, model_version
from codeintel.analysis.embeddings.store import EmbeddingStore
from codeintel.config import Settings, load_settings
from codeintel.events.models import EmbeddingsUpdated
from codeintel.scan.embed import StageEncoder
from codeintel.scan.engine import ScanEngine
from tests.conftest import EMBEDDING_ON

SHOP_SYMBOLS = 18
"""Definitions in tests/fixtures/projects/shop, counted by hand: 2 classes, 9 methods, 6 functions, 1 nested."""


class RecordingBus:
    def __init__(self) -> None:
        self.published: list = []

    def publish(self, event) -> str:
        self.published.append(event)
        return str(len(self.published))


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small random encoder saved as a checkpoint folder, so the stage loads it like any model."""
    folder = tmp_path_factory.mktemp("models") / "tiny"
    encoder = TextEncoder.tiny(seed=3)
    encoder.model.save_pretrained(folder)
    encoder.tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture
def tiny_settings(tmp_path: Path, tiny_model: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", embeddings={**EMBEDDING_ON, "model": str(tiny_model)})


def test_a_scan_embeds_every_symbol_and_a_scan_that_changes_nothing_encodes_nothing(
    tiny_settings: Settings, tiny_model: Path, shop: Path
) -> None:
    bus = RecordingBus()
    first = ScanEngine(tiny_settings, events=bus).scan(str(shop), use_ray=False)
    assert first.embeddings is not None
    assert (first.embeddings.symbols, first.embeddings.computed, first.embeddings.reused) == (SHOP_SYMBOLS, 18, 0)
    assert first.embeddings.model == model_version(tiny_model) and first.embeddings.index == "exact"
    stored = EmbeddingStore(tiny_settings.embeddings_path).load(first.repo_id, first.embeddings.model, 32)
    assert len(stored.ids) == SHOP_SYMBOLS and np.allclose(np.linalg.norm(stored.vectors, axis=1), 1.0, atol=1e-5)
    [event] = [e for e in bus.published if isinstance(e, EmbeddingsUpdated)]
    assert (event.repo_id, event.scan_id, event.symbols, event.computed) == (first.repo_id, first.scan_id, 18, 18)

    again = ScanEngine(tiny_settings).scan(str(shop), use_ray=False, full=True)
    assert (again.embeddings.computed, again.embeddings.reused) == (0, SHOP_SYMBOLS)

    util = shop / "shop" / "util.py"
    util.write_text(util.read_text().replace("def slug(text):", "def slug(text, sep='-'):"))
    changed = ScanEngine(tiny_settings).scan(str(shop), use_ray=False)
    assert (changed.embeddings.computed, changed.embeddings.reused) == (1, SHOP_SYMBOLS - 1)


def test_a_model_that_cannot_be_loaded_costs_only_the_vectors(tmp_path: Path, shop: Path) -> None:
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text(json.dumps({"hidden_size": 8}))  # no weights, no tokenizer
    settings = load_settings(data_dir=tmp_path / "data", embeddings={**EMBEDDING_ON, "model": str(broken)})
    summary = ScanEngine(settings).scan(str(shop), use_ray=False)
    assert summary.embeddings is None
    assert "embeddings" in summary.analysis_errors and "model.safetensors" in summary.analysis_errors["embeddings"]
    assert summary.findings == {"dead_code": summary.findings["dead_code"]}  # the checks still ran


def test_embedding_can_be_turned_off(tiny_settings: Settings, shop: Path) -> None:
    off = tiny_settings.model_copy(
        update={"embeddings": tiny_settings.embeddings.model_copy(update={"after_scan": False})}
    )
    summary = ScanEngine(off).scan(str(shop), use_ray=False)
    assert summary.embeddings is None and not off.embeddings_path.exists()


def test_many_texts_go_to_the_pool_and_few_stay_in_process(tiny_settings: Settings) -> None:
    calls: list[int] = []

    def pool(path: Path, texts: list[str], settings: Settings) -> np.ndarray:
        calls.append(len(texts))
        return np.zeros((len(texts), 32), dtype=np.float32)

    settings = tiny_settings.model_copy(
        update={"embeddings": tiny_settings.embeddings.model_copy(update={"ray_threshold": 3})}
    )
    encoder = StageEncoder(settings, pool)
    assert encoder.encode(["a", "b", "c"]).shape == (3, 32) and calls == []
    assert encoder.encode(["a", "b", "c", "d"]).shape == (4, 32) and calls == [4] and encoder.pooled


def test_the_actor_pool_gives_the_vectors_of_the_model_in_order(ray_session, tiny_settings: Settings) -> None:
    from pipeline.embed import encode_on_ray

    texts = [f"def f{i}(x):\n    return x + {i}" * (1 + i % 7) for i in range(300)]
    settings = tiny_settings.model_copy(
        update={"embeddings": tiny_settings.embeddings.model_copy(update={"batch_size": 16})}
    )
    model = Path(settings.embeddings.model)
    pooled = encode_on_ray(model, texts, settings)
    local = TextEncoder.load(model, "cpu").encode(texts)
    assert pooled.shape == (300, 32) and np.allclose(pooled, local, atol=1e-5)


def test_a_ray_scan_sends_many_texts_to_the_embedder_actors(ray_session, tiny_settings: Settings, shop: Path) -> None:
    settings = tiny_settings.model_copy(
        update={"embeddings": tiny_settings.embeddings.model_copy(update={"ray_threshold": 5})}
    )
    from pipeline.scan import RayScanRunner

    summary = ScanEngine(settings, ray_runner=RayScanRunner).scan(str(shop), use_ray=True)
    assert summary.used_ray and summary.embeddings is not None and summary.embeddings.pooled
    assert (summary.embeddings.symbols, summary.embeddings.computed) == (SHOP_SYMBOLS, SHOP_SYMBOLS)
    stored = EmbeddingStore(settings.embeddings_path).load(summary.repo_id, summary.embeddings.model, 32)
    local = TextEncoder.load(Path(settings.embeddings.model), "cpu")
    texts = {s.symbol.id: s.text for s in _shop_texts(settings, summary.repo_id)}
    assert np.allclose(stored.vectors, local.encode([texts[i] for i in stored.ids]), atol=1e-5)


def _shop_texts(settings: Settings, repo_id: str):
    from contextlib import closing

    from codeintel.analysis.embeddings.symbols import symbol_texts
    from codeintel.analysis.inputs import RepositoryInputs
    from codeintel.graph import open_graph_store
    from codeintel.store import open_metastore

    with closing(open_metastore(settings)) as meta:
        states, location = meta.file_states(repo_id), meta.get_repository(repo_id).location
    with closing(open_graph_store(settings.store.graph, settings.graph_path, read_only=True)) as store:
        return symbol_texts(store, repo_id, RepositoryInputs(store, repo_id, states, Path(location)).sources)


def test_with_type_4_turned_on_a_scan_with_the_shipped_model_reports_semantic_clones(
    settings: Settings, tmp_path: Path
) -> None:
    """The whole path with the real model: scan, embed, Type-4 clones in the stored findings.
    `SumInts` (a range loop) and `Total` (recursion on the tail) are labelled clones in the
    fixture's truth.yaml."""
    import shutil
    from contextlib import closing

    from codeintel.store import open_metastore

    fixture = tmp_path / "semantic"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "clones" / "semantic", fixture)
    semantic_on = load_settings(
        data_dir=settings.data_dir,
        embeddings=EMBEDDING_ON,
        analysis={"options": {"clone": {"semantic": {"enabled": True}}}},
    )
    summary = ScanEngine(semantic_on).scan(str(fixture), use_ray=False)
    assert summary.embeddings is not None and summary.embeddings.model.startswith("all-MiniLM-L6-v2@")
    with closing(open_metastore(semantic_on)) as meta:
        clones = [f for f in meta.findings(summary.repo_id) if f.kind == "clone"]
    semantic = [f for f in clones if f.evidence["type"] == 4]
    places = [{(f.path, f.line)} | {(r.path, r.line) for r in f.related} for f in semantic]
    assert {("go/internal/compat/compat.go", 70), ("go/internal/textutil/textutil.go", 106)} in places
    assert all(f.severity == "low" and f.fix == "extract_duplicate" for f in semantic)
