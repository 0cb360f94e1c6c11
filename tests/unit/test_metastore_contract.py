"""The MetaStore contract, run against SQLite and against a fresh schema of a real PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from codeintel.analysis.findings import Finding, RelatedLocation
from codeintel.planning.model import BlastRadius, Plan, PlanStep, Risk, SymbolMapping
from codeintel.store.metastore import MetaStore, MetaStoreError, ScanProgressRecord
from codeintel.store.records import AnalysisRecord, FileState
from codeintel.store.sql_metastore import SqlMetaStore
from tests.pg import fresh_schema

ADAPTERS = ["sqlite", "postgresql"]

StoreFactory = Callable[[], MetaStore]


@pytest.fixture(params=ADAPTERS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh schema of the test PostgreSQL (which must be up)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'meta' / 'meta.sqlite'}"
    elif request.param == "postgresql":
        with fresh_schema() as url:
            yield url
    else:
        raise ValueError(request.param)


@pytest.fixture
def make_store(url: str) -> Iterator[StoreFactory]:
    """make_store() opens (migrating) the database under test; every store is closed afterwards."""
    opened: list[MetaStore] = []

    def factory() -> MetaStore:
        store = SqlMetaStore(url)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: StoreFactory) -> MetaStore:
    store = make_store()
    store.upsert_repository("r", "shop", "/src/shop")
    return store


def _state(path: str, **changes: object) -> FileState:
    return FileState(path=path, content_hash=f"hash-{path}", language="python", size=10, lines=2).model_copy(
        update=changes
    )


def test_opening_twice_applies_migrations_once_and_keeps_data(make_store: StoreFactory, url: str) -> None:
    first = make_store()
    first.upsert_repository("r", "shop", "/src")
    first.close()
    second = make_store()
    assert [r.id for r in second.list_repositories()] == ["r"]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == ["0005"]
    engine.dispose()


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    """SQLite only (not part of the contract): readers never block the scan that writes."""
    url = f"sqlite:///{tmp_path / 'meta.sqlite'}"
    SqlMetaStore(url).close()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_repository_round_trip_and_upsert_keeps_created_at(store: MetaStore) -> None:
    first = store.get_repository("r")
    assert first is not None and first.name == "shop" and first.created_at is not None
    assert first.created_at.tzinfo is not None
    updated = store.upsert_repository("r", "shop2", "/elsewhere")
    assert (updated.name, updated.location, updated.created_at) == ("shop2", "/elsewhere", first.created_at)
    store.upsert_repository("a", "alpha", "/a", "c0")
    assert [(r.id, r.last_commit) for r in store.list_repositories()] == [("a", "c0"), ("r", None)]
    assert store.upsert_repository("a", "alpha", "/a").last_commit == "c0"  # None never erases
    assert store.get_repository("missing") is None


def test_scan_lifecycle_records_counts_timings_and_last_commit(store: MetaStore) -> None:
    scan_id = store.start_scan("r", "full", "main", "abc123")
    running = store.get_scan(scan_id)
    assert running is not None and running.status == "running" and running.finished_at is None
    store.finish_scan(scan_id, "completed", {"files": 3, "nodes": {"Function": 7}}, {"parse": 0.25})
    done = store.get_scan(scan_id)
    assert done is not None
    assert (done.status, done.mode, done.ref, done.commit) == ("completed", "full", "main", "abc123")
    assert done.counts == {"files": 3, "nodes": {"Function": 7}} and done.timings == {"parse": 0.25}
    assert done.finished_at is not None and done.finished_at >= done.started_at
    assert done.started_at.tzinfo == UTC
    repo = store.get_repository("r")
    assert repo is not None and repo.last_commit == "abc123"


def test_a_failed_scan_keeps_its_error_and_not_its_commit(store: MetaStore) -> None:
    scan_id = store.start_scan("r", "incremental", None, "def456")
    store.finish_scan(scan_id, "failed", {}, {}, error="boom")
    scan = store.get_scan(scan_id)
    assert scan is not None and (scan.status, scan.error) == ("failed", "boom")
    repo = store.get_repository("r")
    assert repo is not None and repo.last_commit is None


def test_latest_scan_is_the_last_started(store: MetaStore) -> None:
    assert store.latest_scan("r") is None
    ids = [store.start_scan("r", "full", None, None) for _ in range(3)]
    assert ids == sorted(ids)
    latest = store.latest_scan("r")
    assert latest is not None and latest.id == ids[-1]


def test_scan_errors_are_clear(store: MetaStore) -> None:
    with pytest.raises(MetaStoreError, match="unknown repository"):
        store.start_scan("nope", "full", None, None)
    with pytest.raises(MetaStoreError, match="unknown scan"):
        store.finish_scan(999, "completed", {}, {})
    assert store.get_scan(999) is None


def test_skipped_files_keep_nulls(store: MetaStore) -> None:
    skipped = FileState(path="big.bin", status="skipped", skip_reason="binary")
    store.replace_file_states("r", [skipped], [])
    assert store.file_states("r") == {"big.bin": skipped}
    assert skipped.content_hash is None and skipped.size is None


def test_file_states_round_trip_and_replace(store: MetaStore) -> None:
    assert store.file_states("r") == {}
    a = _state("a.py", edges_fingerprint="5f3a9c")
    b = _state("b.py", status="skipped", skip_reason="oversized", language=None)
    store.replace_file_states("r", [a, b], [])
    assert store.file_states("r") == {"a.py": a, "b.py": b}
    a2 = _state("a.py", content_hash="new", syntax_errors=2, status="error")
    c = _state("c.py")
    store.replace_file_states("r", [a2, c], ["b.py"])
    assert store.file_states("r") == {"a.py": a2, "c.py": c}


def test_file_states_are_per_repository(store: MetaStore) -> None:
    store.upsert_repository("s", "s", "/s")
    store.replace_file_states("r", [_state("a.py")], [])
    store.replace_file_states("s", [_state("a.py", lines=99)], [])
    store.replace_file_states("s", [], ["a.py"])
    assert set(store.file_states("r")) == {"a.py"}
    assert store.file_states("s") == {}


def test_replace_file_states_is_one_transaction(store: MetaStore) -> None:
    store.replace_file_states("r", [_state("a.py")], [])
    bad = FileState.model_construct(**{**_state("z.py").model_dump(), "status": "bogus"})
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises for a CHECK constraint
        store.replace_file_states("r", [bad], ["a.py"])
    assert set(store.file_states("r")) == {"a.py"}


def test_thousands_of_file_states_replace_quickly(store: MetaStore) -> None:
    states = [_state(f"pkg/m{i}.py", edges_fingerprint=f"{i:032x}") for i in range(3000)]
    started = time.perf_counter()
    store.replace_file_states("r", states, [])
    store.replace_file_states("r", states[:1500], [s.path for s in states[1500:]])
    loaded = store.file_states("r")
    assert len(loaded) == 1500
    assert time.perf_counter() - started < 5


def test_repository_deletion_forgets_its_scans_and_files(store: MetaStore) -> None:
    store.upsert_repository("s", "other", "/other")
    scan_id = store.start_scan("r", "full", None, None)
    store.replace_file_states("r", [_state("a.py")], [])
    other_scan = store.start_scan("s", "full", None, None)
    store.delete_repository("r")
    assert store.get_repository("r") is None and store.get_scan(scan_id) is None
    assert store.file_states("r") == {} and store.latest_scan("r") is None
    assert store.get_scan(other_scan) is not None
    store.delete_repository("never-there")  # nothing to do, no error


def _finding(index: int) -> Finding:
    return Finding(
        id=f"{index:016x}",
        kind="import_cycle",
        severity="medium",
        path=f"pkg/m{index}.py",
        line=index,
        message=f"import cycle {index}",
        fix="break_cycle",
        evidence={"members": ["pkg.a", "pkg.b"], "minimal": True},
        related=[RelatedLocation(path="pkg/b.py", line=3, message="pkg.b imports pkg.a")],
    )


def test_findings_and_their_analysis_record_are_replaced_whole_per_repository(store: MetaStore) -> None:
    store.upsert_repository("s", "other", "/other")
    first = store.start_scan("r", "full", None, None)
    assert store.findings("r") == [] and store.analysis_record("r") is None
    record = AnalysisRecord(
        repo_id="r",
        scan_id=first,
        finished_at=datetime(2026, 11, 29, 12, 0, tzinfo=UTC),
        seconds={"import_cycle": 0.5},
        counts={"import_cycle": 3},
        errors={"clones": "ValueError: broken"},
        skipped={"hotspot": "the repository has no git history"},
    )
    store.replace_findings(record, [_finding(i) for i in range(3)])
    store.replace_findings(record.model_copy(update={"repo_id": "s"}), [_finding(9)])
    assert store.findings("r") == [_finding(i) for i in range(3)]  # evidence and related locations kept, in order
    assert store.analysis_record("r") == record

    second = store.start_scan("r", "incremental", None, None)
    store.replace_findings(record.model_copy(update={"scan_id": second, "errors": {}}), [_finding(7)])
    assert store.findings("r") == [_finding(7)] and store.analysis_record("r").scan_id == second
    assert store.findings("s") == [_finding(9)]
    store.delete_repository("r")
    assert store.findings("r") == [] and store.analysis_record("r") is None


def _plan(plan_id: str, repo_id: str, minute: int) -> Plan:
    return Plan(
        id=plan_id,
        repo_id=repo_id,
        commit="c0ffee",
        scan_id=1,
        created_at=datetime(2026, 11, 30, 12, minute, tzinfo=UTC),
        operation="rename",
        request={"operation": "rename", "symbol": "pkg.f", "new_name": "g"},
        language="python",
        goal="Rename pkg.f to g",
        steps=[PlanStep(title="rename", edits=[])],
        patch="diff --git a/pkg.py b/pkg.py\n",
        files_touched=["pkg.py"],
        base_hashes={"pkg.py": "ab" * 32},
        symbols_affected=["pkg.f"],
        mapping=SymbolMapping(renamed={"pkg.f": "pkg.g"}),
        blast_radius=BlastRadius(symbols=2, files=1, depth=10, sample=["pkg.main"], affected_files=["main.py"]),
        risk=Risk(score=0.1, level="low"),
    )


def test_plans_are_kept_whole_listed_newest_first_and_go_with_their_repository(store: MetaStore) -> None:
    store.upsert_repository("s", "other", "/other")
    older, newer, elsewhere = _plan("p-1", "r", 1), _plan("p-2", "r", 2), _plan("p-3", "s", 3)
    for plan in (older, newer, elsewhere):
        store.save_plan(plan)
    assert store.get_plan("p-1") == older
    assert [p.id for p in store.list_plans("r")] == ["p-2", "p-1"]
    assert [p.id for p in store.list_plans("r", offset=1, limit=1)] == ["p-1"]
    assert store.count_plans("r") == 2
    store.save_plan(older.model_copy(update={"goal": "again"}))  # the same id: replaced, not doubled
    assert store.count_plans("r") == 2 and store.get_plan("p-1").goal == "again"
    store.delete_repository("r")
    assert store.get_plan("p-1") is None and store.list_plans("r") == [] and store.get_plan("p-3") == elsewhere


def test_thousands_of_findings_are_stored_at_once(store: MetaStore) -> None:
    scan_id = store.start_scan("r", "full", None, None)
    many = [_finding(i) for i in range(12_000)]
    store.replace_findings(AnalysisRecord(repo_id="r", scan_id=scan_id, finished_at=datetime.now(UTC)), many)
    assert len(store.findings("r")) == 12_000


def test_scans_are_listed_newest_first_by_status_and_counted(store: MetaStore) -> None:
    ids = [store.start_scan("r", "full", None, None) for _ in range(4)]
    store.finish_scan(ids[0], "completed", {}, {})
    store.finish_scan(ids[1], "failed", {}, {}, error="x")
    store.finish_scan(ids[2], "completed", {}, {})
    assert [s.id for s in store.list_scans("r")] == ids[::-1]
    assert [s.id for s in store.list_scans("r", offset=1, limit=2)] == [ids[2], ids[1]]
    assert [s.id for s in store.list_scans("r", status="completed")] == [ids[2], ids[0]]
    assert store.count_scans("r") == 4 and store.count_scans("r", status="running") == 1
    assert store.list_scans("nope") == [] and store.count_scans("nope") == 0


def test_scan_progress_keeps_the_last_report(store: MetaStore) -> None:
    first, second = store.start_scan("r", "full", None, None), store.start_scan("r", "full", None, None)
    assert store.scan_progress([first, second]) == {}
    store.update_scan_progress(first, "parse", 10, 400)
    store.update_scan_progress(first, "parse", 120, 400)
    store.finish_scan(first, "completed", {}, {})
    assert store.scan_progress([first, second, 999]) == {first: ScanProgressRecord(stage="parse", done=120, total=400)}
    finished = store.get_scan(first)
    assert finished is not None and finished.status == "completed"  # the scan record itself is unchanged
    with pytest.raises(MetaStoreError, match="unknown scan"):
        store.update_scan_progress(999, "parse", 1, 2)


def test_tokens_are_stored_by_hash_listed_touched_and_revoked(store: MetaStore) -> None:
    created = store.add_token("t1", "ci bot", "a" * 64, ["read", "scan"])
    assert (created.id, created.name, created.scopes, created.revoked) == ("t1", "ci bot", ["read", "scan"], False)
    assert created.created_at.tzinfo == UTC and created.last_used_at is None
    store.add_token("t2", "admin", "b" * 64, ["admin"])
    assert store.token_by_hash("a" * 64) == created and store.token_by_hash("c" * 64) is None
    with pytest.raises(MetaStoreError):
        store.add_token("t3", "same hash", "a" * 64, ["read"])
    used = created.created_at.replace(microsecond=0)
    store.touch_token("t1", used)
    touched = store.get_token("t1")
    assert touched is not None and touched.last_used_at == used
    assert store.revoke_token("t1") is True and store.revoke_token("missing") is False
    assert [(t.id, t.revoked) for t in store.list_tokens()] == [("t1", True), ("t2", False)]
