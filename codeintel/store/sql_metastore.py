"""MetaStore on SQLAlchemy Core: one code path for SQLite (default) and PostgreSQL (psycopg 3).

The schema is owned by the Alembic migrations shipped in codeintel/store/migrations; opening a
store upgrades it to the newest revision (a no-op when it is current). The Table objects
below mirror the migrations for building statements; they never create tables themselves.
SQLite files run in WAL mode so readers never block the scan that writes. On PostgreSQL the
store keeps a small pool of checked connections, and processes that start at once take turns
migrating under an advisory lock, so the later ones find the schema current.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL, Engine

from codeintel.analysis.findings import Finding
from codeintel.filelock import FileLock
from codeintel.planning.model import Plan
from codeintel.store.metastore import MetaStoreError, ScanProgressRecord, TokenRecord
from codeintel.store.records import AnalysisRecord, FileState, RepositoryRecord, ScanMode, ScanRecord, ScanStatus

MIGRATIONS = Path(__file__).parent / "migrations"
_CHUNK = 500
_MAX_OVERFLOW = 2  # connections a PostgreSQL pool may open beyond pool_size under a burst
_MIGRATION_LOCK = 0x636F6465696E74  # pg_advisory_xact_lock key shared by every process ("codeint")
_MIGRATING = threading.Lock()  # Alembic's `context` and `op` are module globals: one upgrade at a time per process

_metadata = sa.MetaData()

repositories = sa.Table(
    "repositories",
    _metadata,
    sa.Column("id", sa.String(255), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("location", sa.Text(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_commit", sa.String(64)),
)

scans = sa.Table(
    "scans",
    _metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("repo_id", sa.String(255), sa.ForeignKey("repositories.id", ondelete="CASCADE"), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("ref", sa.Text()),
    sa.Column("commit", sa.String(64)),
    sa.Column("counts", sa.JSON(), nullable=False),
    sa.Column("timings", sa.JSON(), nullable=False),
    sa.Column("error", sa.Text()),
    sa.Column("progress_stage", sa.String(32)),
    sa.Column("progress_done", sa.Integer()),
    sa.Column("progress_total", sa.Integer()),
)

_PROGRESS_COLUMNS = ("progress_stage", "progress_done", "progress_total")
_SCAN_COLUMNS = [c for c in scans.c if c.name not in _PROGRESS_COLUMNS]  # a ScanRecord's fields

files = sa.Table(
    "files",
    _metadata,
    sa.Column("repo_id", sa.String(255), sa.ForeignKey("repositories.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("path", sa.Text(), primary_key=True),
    sa.Column("content_hash", sa.String(128), nullable=True),
    sa.Column("language", sa.String(32)),
    sa.Column("size", sa.BigInteger(), nullable=True),
    sa.Column("lines", sa.Integer(), nullable=True),
    sa.Column("syntax_errors", sa.Integer(), nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("skip_reason", sa.String(64)),
    sa.Column("edges_fingerprint", sa.String(64), nullable=True),
)

analyses = sa.Table(
    "analyses",
    _metadata,
    sa.Column("repo_id", sa.String(255), sa.ForeignKey("repositories.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("scan_id", sa.Integer(), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("seconds", sa.JSON(), nullable=False),
    sa.Column("counts", sa.JSON(), nullable=False),
    sa.Column("errors", sa.JSON(), nullable=False),
    sa.Column("skipped", sa.JSON(), nullable=False),
)

findings = sa.Table(
    "findings",
    _metadata,
    sa.Column("row_id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("repo_id", sa.String(255), sa.ForeignKey("repositories.id", ondelete="CASCADE"), nullable=False),
    sa.Column("scan_id", sa.Integer(), nullable=False),
    sa.Column("id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("severity", sa.String(16), nullable=False),
    sa.Column("path", sa.Text(), nullable=False),
    sa.Column("line", sa.Integer()),
    sa.Column("data", sa.JSON(), nullable=False),
)

plans = sa.Table(
    "plans",
    _metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("repo_id", sa.String(255), sa.ForeignKey("repositories.id", ondelete="CASCADE"), nullable=False),
    sa.Column("scan_id", sa.Integer(), nullable=False),
    sa.Column("commit", sa.String(64)),
    sa.Column("operation", sa.String(32), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("data", sa.JSON(), nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    _metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("scopes", sa.JSON(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_used_at", sa.DateTime(timezone=True)),
    sa.Column("revoked", sa.Boolean(), nullable=False),
)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database behind `engine` to `revision` (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    file_lock = FileLock(Path(f"{database}.migrate.lock")) if database not in (None, "", ":memory:") else nullcontext()
    with _MIGRATING, file_lock, engine.begin() as conn:  # threads, then processes sharing a SQLite file
        if conn.dialect.name == "postgresql":
            # held until this transaction ends: concurrent starts run their upgrades one by one,
            # and Alembic's DDL commits or rolls back with it
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime | None) -> datetime | None:
    """Everything stored is UTC: SQLite hands back naive datetimes, PostgreSQL ones in the
    session's time zone; both come back as the same instant with tzinfo=UTC."""
    if value is None:
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _where(url: URL) -> str:
    """Where a database lives, for messages: host:port/database or the SQLite path; never a password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    port = url.port or (5432 if url.get_backend_name() == "postgresql" else None)
    return f"{url.host or 'localhost'}{f':{port}' if port else ''}/{url.database or ''}"


def _cause(exc: BaseException, url: URL) -> str:
    """The driver's own words on one line, with the password (if any) masked."""
    original = getattr(exc, "orig", None) or exc
    text = " ".join(str(original).split()) or type(original).__name__
    if url.password:
        text = text.replace(str(url.password), "***")
    return text


def _chunks(items: list[str], size: int = _CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SqlMetaStore:
    """MetaStore for any SQLAlchemy URL: `sqlite:///path/meta.sqlite`, `postgresql+psycopg://...`."""

    def __init__(self, url: str, *, pool_size: int = 5, connect_timeout: float = 5.0) -> None:
        """Open (and migrate) the database; a database that cannot be reached or migrated raises
        MetaStoreError naming where it is and why, and leaves nothing open.

        pool_size and connect_timeout (seconds, whole seconds of at least 2 as libpq counts them)
        apply to PostgreSQL; SQLite opens its file directly."""
        parsed = sa.make_url(url)
        self.url = parsed.render_as_string(hide_password=True)
        is_sqlite = parsed.get_backend_name() == "sqlite"
        if is_sqlite and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        if parsed.get_backend_name() == "postgresql":
            self._engine = sa.create_engine(
                parsed,
                poolclass=sa.QueuePool,
                pool_size=pool_size,
                max_overflow=_MAX_OVERFLOW,
                pool_pre_ping=True,
                connect_args={"connect_timeout": max(1, math.ceil(connect_timeout))},
            )
        else:
            self._engine = sa.create_engine(parsed)
        if is_sqlite:
            sa.event.listen(self._engine, "connect", _sqlite_pragmas)
        step = "reach"
        try:
            with self._engine.connect():
                pass
            step = "migrate"
            migrate(self._engine)
        except sa.exc.SQLAlchemyError as exc:
            self._engine.dispose()
            raise MetaStoreError(
                f"cannot {step} the metadata database at {_where(parsed)}: {_cause(exc, parsed)}"
            ) from exc
        except BaseException:
            self._engine.dispose()
            raise

    # ---- repositories

    def upsert_repository(
        self, repo_id: str, name: str, location: str, last_commit: str | None = None
    ) -> RepositoryRecord:
        exists = sa.select(repositories.c.id).where(repositories.c.id == repo_id)
        values: dict[str, Any] = {"name": name, "location": location}
        if last_commit is not None:
            values["last_commit"] = last_commit
        try:
            with self._engine.begin() as conn:
                if conn.execute(exists).first() is None:
                    conn.execute(repositories.insert().values(id=repo_id, created_at=_now(), **values))
                else:
                    conn.execute(repositories.update().where(repositories.c.id == repo_id).values(**values))
        except sa.exc.IntegrityError:  # another process inserted it between our select and insert
            with self._engine.begin() as conn:
                conn.execute(repositories.update().where(repositories.c.id == repo_id).values(**values))
        stored = self.get_repository(repo_id)
        assert stored is not None
        return stored

    def get_repository(self, repo_id: str) -> RepositoryRecord | None:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(repositories).where(repositories.c.id == repo_id)).mappings().first()
        return None if row is None else _repository(row)

    def list_repositories(self) -> list[RepositoryRecord]:
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(repositories).order_by(repositories.c.id)).mappings().all()
        return [_repository(row) for row in rows]

    # ---- scans

    def start_scan(self, repo_id: str, mode: ScanMode, ref: str | None, commit: str | None) -> int:
        if mode not in ("full", "incremental"):
            raise MetaStoreError(f"scan mode must be full or incremental, not {mode!r}")
        with self._engine.begin() as conn:
            if conn.execute(sa.select(repositories.c.id).where(repositories.c.id == repo_id)).first() is None:
                raise MetaStoreError(f"unknown repository {repo_id!r}: upsert_repository first")
            result = conn.execute(
                scans.insert().values(
                    repo_id=repo_id,
                    started_at=_now(),
                    status="running",
                    mode=mode,
                    ref=ref,
                    commit=commit,
                    counts={},
                    timings={},
                )
            )
            return int(result.inserted_primary_key[0])

    def finish_scan(
        self,
        scan_id: int,
        status: ScanStatus,
        counts: dict[str, Any],
        timings: dict[str, float],
        error: str | None = None,
    ) -> None:
        if status not in ("completed", "failed"):
            raise MetaStoreError(f"a scan finishes completed or failed, not {status!r}")
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(scans.c.repo_id, scans.c.commit).where(scans.c.id == scan_id)).first()
            if row is None:
                raise MetaStoreError(f"unknown scan {scan_id}")
            conn.execute(
                scans.update()
                .where(scans.c.id == scan_id)
                .values(finished_at=_now(), status=status, counts=dict(counts), timings=dict(timings), error=error)
            )
            if status == "completed" and row.commit is not None:
                conn.execute(
                    repositories.update().where(repositories.c.id == row.repo_id).values(last_commit=row.commit)
                )

    def get_scan(self, scan_id: int) -> ScanRecord | None:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(*_SCAN_COLUMNS).where(scans.c.id == scan_id)).mappings().first()
        return None if row is None else _scan(row)

    def latest_scan(self, repo_id: str) -> ScanRecord | None:
        found = self.list_scans(repo_id, limit=1)
        return found[0] if found else None

    def list_scans(
        self, repo_id: str, *, status: ScanStatus | None = None, offset: int = 0, limit: int | None = None
    ) -> list[ScanRecord]:
        query = sa.select(*_SCAN_COLUMNS).where(scans.c.repo_id == repo_id)
        if status is not None:
            query = query.where(scans.c.status == status)
        query = query.order_by(scans.c.id.desc()).offset(max(0, offset))
        if limit is not None:
            query = query.limit(max(0, limit))
        with self._engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [_scan(row) for row in rows]

    def count_scans(self, repo_id: str, *, status: ScanStatus | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(scans).where(scans.c.repo_id == repo_id)
        if status is not None:
            query = query.where(scans.c.status == status)
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def update_scan_progress(self, scan_id: int, stage: str, done: int, total: int) -> None:
        with self._engine.begin() as conn:
            result = conn.execute(
                scans.update()
                .where(scans.c.id == scan_id)
                .values(progress_stage=stage[:32], progress_done=int(done), progress_total=int(total))
            )
        if result.rowcount == 0:
            raise MetaStoreError(f"unknown scan {scan_id}")

    def scan_progress(self, scan_ids: Sequence[int]) -> dict[int, ScanProgressRecord]:
        ids = sorted({int(i) for i in scan_ids})
        out: dict[int, ScanProgressRecord] = {}
        if not ids:
            return out
        columns = [scans.c.id, *(scans.c[name] for name in _PROGRESS_COLUMNS)]
        with self._engine.connect() as conn:
            for chunk in _chunks(ids):
                query = sa.select(*columns).where(scans.c.id.in_(chunk), scans.c.progress_stage.is_not(None))
                for row in conn.execute(query):
                    out[row.id] = ScanProgressRecord(
                        stage=row.progress_stage, done=row.progress_done or 0, total=row.progress_total or 0
                    )
        return out

    # ---- files

    def file_states(self, repo_id: str) -> dict[str, FileState]:
        columns = [c for c in files.c if c.name != "repo_id"]
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(*columns).where(files.c.repo_id == repo_id)).mappings().all()
        return {row["path"]: FileState(**row) for row in rows}

    def replace_file_states(self, repo_id: str, upserts: list[FileState], deletes: list[str]) -> None:
        latest = {state.path: state for state in upserts}  # last one wins for a repeated path
        gone = list(dict.fromkeys([*deletes, *latest]))
        with self._engine.begin() as conn:
            for chunk in _chunks(gone):
                conn.execute(files.delete().where(files.c.repo_id == repo_id, files.c.path.in_(chunk)))
            if latest:
                conn.execute(files.insert(), [{"repo_id": repo_id, **s.model_dump()} for s in latest.values()])

    def delete_repository(self, repo_id: str) -> None:
        with self._engine.begin() as conn:
            for table in (plans, findings, analyses, files, scans):
                conn.execute(table.delete().where(table.c.repo_id == repo_id))
            conn.execute(repositories.delete().where(repositories.c.id == repo_id))

    # ---- findings

    def replace_findings(self, record: AnalysisRecord, found: Sequence[Finding]) -> None:
        repo_id = record.repo_id
        rows = [
            {
                "repo_id": repo_id,
                "scan_id": record.scan_id,
                "id": f.id,
                "kind": f.kind,
                "severity": f.severity,
                "path": f.path,
                "line": f.line,
                "data": f.model_dump(mode="json"),
            }
            for f in found
        ]
        with self._engine.begin() as conn:
            conn.execute(findings.delete().where(findings.c.repo_id == repo_id))
            conn.execute(analyses.delete().where(analyses.c.repo_id == repo_id))
            conn.execute(analyses.insert(), [{**record.model_dump(), "finished_at": _utc(record.finished_at)}])
            for start in range(0, len(rows), _CHUNK * 10):
                conn.execute(findings.insert(), rows[start : start + _CHUNK * 10])

    def analysis_record(self, repo_id: str) -> AnalysisRecord | None:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(analyses).where(analyses.c.repo_id == repo_id)).mappings().first()
        return None if row is None else AnalysisRecord(**{**row, "finished_at": _utc(row["finished_at"])})

    def findings(self, repo_id: str) -> list[Finding]:
        query = sa.select(findings.c.data).where(findings.c.repo_id == repo_id).order_by(findings.c.row_id)
        with self._engine.connect() as conn:
            return [Finding.model_validate(data) for (data,) in conn.execute(query)]

    # ---- plans

    def save_plan(self, plan: Plan) -> None:
        row = {
            "id": plan.id,
            "repo_id": plan.repo_id,
            "scan_id": plan.scan_id,
            "commit": plan.commit,
            "operation": plan.operation,
            "created_at": _utc(plan.created_at),
            "data": plan.model_dump(mode="json"),
        }
        with self._engine.begin() as conn:
            conn.execute(plans.delete().where(plans.c.id == plan.id))
            conn.execute(plans.insert(), [row])

    def get_plan(self, plan_id: str) -> Plan | None:
        with self._engine.connect() as conn:
            data = conn.execute(sa.select(plans.c.data).where(plans.c.id == plan_id)).scalar_one_or_none()
        return None if data is None else Plan.model_validate(data)

    def list_plans(self, repo_id: str, *, offset: int = 0, limit: int | None = None) -> list[Plan]:
        query = (
            sa.select(plans.c.data)
            .where(plans.c.repo_id == repo_id)
            .order_by(plans.c.created_at.desc(), plans.c.id)
            .offset(offset)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [Plan.model_validate(data) for (data,) in conn.execute(query)]

    def count_plans(self, repo_id: str) -> int:
        query = sa.select(sa.func.count()).select_from(plans).where(plans.c.repo_id == repo_id)
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    # ---- API tokens

    def add_token(self, token_id: str, name: str, token_hash: str, scopes: list[str]) -> TokenRecord:
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    api_tokens.insert().values(
                        id=token_id,
                        name=name,
                        token_hash=token_hash,
                        scopes=list(scopes),
                        created_at=_now(),
                        last_used_at=None,
                        revoked=False,
                    )
                )
        except sa.exc.IntegrityError as exc:
            raise MetaStoreError(f"a token with id {token_id!r} or the same hash exists") from exc
        stored = self.get_token(token_id)
        assert stored is not None
        return stored

    def token_by_hash(self, token_hash: str) -> TokenRecord | None:
        return self._token(api_tokens.c.token_hash == token_hash)

    def get_token(self, token_id: str) -> TokenRecord | None:
        return self._token(api_tokens.c.id == token_id)

    def _token(self, condition: Any) -> TokenRecord | None:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(api_tokens).where(condition)).mappings().first()
        return None if row is None else _token(row)

    def list_tokens(self) -> list[TokenRecord]:
        query = sa.select(api_tokens).order_by(api_tokens.c.created_at, api_tokens.c.id)
        with self._engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [_token(row) for row in rows]

    def touch_token(self, token_id: str, used_at: datetime) -> None:
        with self._engine.begin() as conn:
            conn.execute(api_tokens.update().where(api_tokens.c.id == token_id).values(last_used_at=used_at))

    def revoke_token(self, token_id: str) -> bool:
        with self._engine.begin() as conn:
            result = conn.execute(api_tokens.update().where(api_tokens.c.id == token_id).values(revoked=True))
        return result.rowcount > 0

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> SqlMetaStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _repository(row: Any) -> RepositoryRecord:
    return RepositoryRecord(**{**row, "created_at": _utc(row["created_at"])})


def _token(row: Any) -> TokenRecord:
    return TokenRecord(
        **{
            **row,
            "scopes": list(row["scopes"] or []),
            "created_at": _utc(row["created_at"]),
            "last_used_at": _utc(row["last_used_at"]),
            "revoked": bool(row["revoked"]),
        }
    )


def _scan(row: Any) -> ScanRecord:
    return ScanRecord(
        **{
            **row,
            "started_at": _utc(row["started_at"]),
            "finished_at": _utc(row["finished_at"]),
            "counts": dict(row["counts"] or {}),
            "timings": dict(row["timings"] or {}),
        }
    )
