"""Read handles are reused while the graph file is unchanged, and never serve a graph older than
the last committed write."""

from __future__ import annotations

from pathlib import Path

from codeintel.config import Settings
from codeintel.graph import open_graph_store
from codeintel.scan.engine import ScanEngine
from codeintel.service.engine_service import EngineService
from codeintel.service.graph_handles import ReadHandlePool, graph_generation
from codeintel.service.models import RegisterRepository


def _scanned(settings: Settings, shop: Path) -> str:
    return ScanEngine(settings).scan(str(shop), use_ray=False).repo_id


def test_a_handle_is_reused_until_the_graph_changes(settings: Settings, shop: Path) -> None:
    _scanned(settings, shop)
    opened = []

    def open_store():
        opened.append(open_graph_store(settings.store.graph, settings.graph_path, read_only=True))
        return opened[-1]

    pool = ReadHandlePool(open_store)
    generation = graph_generation(settings.graph_path)
    for _ in range(3):
        store = pool.acquire(generation)
        pool.release(generation, store, graph_generation(settings.graph_path))
    assert len(opened) == 1

    (shop / "shop" / "extra.py").write_text("def extra():\n    return 1\n")
    _scanned(settings, shop)
    changed = graph_generation(settings.graph_path)
    assert changed != generation
    store = pool.acquire(changed)
    assert len(opened) == 2 and store is opened[-1]
    pool.release(changed, store, changed)
    pool.close()


def test_no_generation_while_a_writer_log_exists_or_before_any_graph(settings: Settings, shop: Path) -> None:
    assert graph_generation(settings.graph_path) is None
    _scanned(settings, shop)
    assert graph_generation(settings.graph_path) is not None
    wal = settings.graph_path.with_name(settings.graph_path.name + ".wal")
    wal.write_bytes(b"")
    try:
        assert graph_generation(settings.graph_path) is None
    finally:
        wal.unlink()


def test_the_service_answers_from_the_graph_of_the_latest_scan(settings: Settings, shop: Path) -> None:
    with EngineService(settings) as service:
        repo_id = service.register_repository(RegisterRepository(location=str(shop))).repo_id
        assert service.wait_for_scan(repo_id, timeout=60).state == "ready"
        before = {e.caller.qualname for e in service.callers(repo_id, "shop.util.slug")}
        (shop / "shop" / "late.py").write_text("from shop.util import slug\n\n\ndef late():\n    return slug('x')\n")
        service.rescan(repo_id)
        assert service.wait_for_scan(repo_id, timeout=60).state == "ready"
        after = {e.caller.qualname for e in service.callers(repo_id, "shop.util.slug")}
    assert after == before | {"shop.late.late"}
