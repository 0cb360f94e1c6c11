"""Search indices built in tests as the embedding stage builds them: a scanned repository's
symbols (`symbol_texts` over its graph and files), encoded, `SymbolIndex.build(...).save(...)`
at the encoder's version."""

from __future__ import annotations

from pathlib import Path

from codeintel.analysis.clones import SourceText
from codeintel.analysis.embeddings.index import SymbolIndex
from codeintel.analysis.embeddings.store import EmbeddingStore
from codeintel.analysis.embeddings.symbols import SymbolText, symbol_texts
from codeintel.config import Settings, load_settings
from codeintel.graph import open_graph_store
from codeintel.scan.engine import ScanEngine


def settings_without_embedding(data_dir: Path, **overrides) -> Settings:
    """Embedded defaults in `data_dir`, with the scan's own embedding stage off (the tests build
    the indices they need) and no analyses (they are not what is tested)."""
    return load_settings(
        data_dir=data_dir,
        embeddings={"after_scan": False},
        analysis={"after_scan": False},
        events={"coalesce_seconds": 0.02},
        **overrides,
    )


def scanned(settings: Settings, location: Path) -> str:
    """Scan `location` in this process; its repository id."""
    return ScanEngine(settings).scan(str(location), use_ray=False).repo_id


def repository_texts(settings: Settings, repo_id: str, root: Path) -> list[SymbolText]:
    """The symbols of the repository's graph with their texts, from the Python files under `root`."""
    sources = [
        SourceText(str(path.relative_to(root)), "python", path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.py"))
    ]
    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        return symbol_texts(store, repo_id, sources)
    finally:
        store.close()


def build_index(settings: Settings, repo_id: str, root: Path, encoder, exact_below: int | None = None) -> SymbolIndex:
    """Embed the repository's symbols with `encoder` and save its index where search looks for it."""
    texts = repository_texts(settings, repo_id, root)
    vectors = encoder.encode([item.text for item in texts])
    bound = settings.embeddings.exact_below if exact_below is None else exact_below
    index = SymbolIndex.build([item.symbol for item in texts], vectors, bound)
    index.save(EmbeddingStore(settings.embeddings_path).index_dir(repo_id, encoder.version))
    return index
