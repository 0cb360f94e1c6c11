"""EngineService: the one façade the HTTP API, the Python client and the notebooks share.

    service = EngineService(settings)                     # in-process bus: scans run on a thread here
    ticket = service.register_repository(RegisterRepository(location="/src/shop"))
    service.wait_for_scan(ticket.repo_id).state           # 'ready'
    service.callers(ticket.repo_id, "shop.cli.helper", depth=2)
    service.close()

With the in-process event bus (the default) a ScanRouter runs on a daemon thread and scans
registered repositories in this process; with a Redis bus the service only publishes
scan.requested and the router actor scans. Graph reads open the graph read-only for each call
(a snapshot, alongside any writer); what a repository's latest completed scan implies (symbol
table, module graph, findings) is computed once per scan and kept.

Every method raises ServiceError subclasses only: NotFound, InvalidRequest, Conflict,
QueryRefused, Unavailable.
"""

from __future__ import annotations

import functools
import logging
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import sqlalchemy.exc
from pydantic import ValidationError

from codeintel.analysis.coupling import module_coupling, package_coupling
from codeintel.config import Settings
from codeintel.events.bus import EventBus, open_event_bus
from codeintel.events.inprocess import InProcessEventBus
from codeintel.events.models import PlanCreated, RepositoryRegistered, ScanRequested
from codeintel.graph import open_graph_store
from codeintel.graph.port import GraphStore, GraphStoreError, ReadOnlyQueryError
from codeintel.ingest import GitError, SourceError
from codeintel.ingest.source import checkout_dir_for, is_url
from codeintel.planning.model import Plan, PlanRequest, PlanSummary, plan_summary
from codeintel.planning.planner import make_plan, parse_request
from codeintel.planning.workspace import Workspace
from codeintel.scan.engine import ScanEngine, ScanRunner
from codeintel.service import graph_queries, tokens
from codeintel.service.background import RouterThread, ScanTracker
from codeintel.service.errors import Conflict, InvalidRequest, NotFound, QueryRefused, ServiceError, Unavailable
from codeintel.service.findings import filter_findings
from codeintel.service.graph_handles import ReadHandlePool, graph_generation
from codeintel.service.locations import describe_location
from codeintel.service.models import (
    CallEdgeView,
    CouplingView,
    CreatedToken,
    DependencyView,
    FileProblem,
    Finding,
    ImpactReport,
    Page,
    PathView,
    QueryResult,
    RegisterRepository,
    RepositoryState,
    RepositoryView,
    ScanTicket,
    ScanView,
    SearchHit,
    SemanticSearchResult,
    Symbol,
    TokenInfo,
)
from codeintel.service.plans import check_fresh, planning_errors, workspace_for
from codeintel.service.sarif import to_sarif
from codeintel.service.search import matches_kind, search_symbols
from codeintel.service.semantic_search import SearchedRepository, check_request, semantic_search
from codeintel.service.snapshot import RepositorySnapshot, SnapshotCache
from codeintel.service.views import file_problems, repository_view, scan_view, token_info
from codeintel.store import MetaStoreError, open_metastore
from codeintel.store.records import ScanRecord

log = logging.getLogger(__name__)

MAX_PAGE = 1000
MAX_QUERY_ROWS = 100_000
READ_OPEN_WAIT_SECONDS = 60.0
"""How long a graph read waits for a writer that keeps the store from opening read-only."""
TOKEN_TOUCH_SECONDS = 60.0
"""verify_token writes last_used_at at most this often per token (one write per request would
turn every API read into a database write)."""

_STATES: dict[str, RepositoryState] = {"running": "scanning", "completed": "ready", "failed": "failed"}

P = ParamSpec("P")
R = TypeVar("R")


def _service_call(method: Callable[P, R]) -> Callable[P, R]:
    """Store outages become Unavailable; ServiceErrors pass unchanged."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except ServiceError:
            raise
        except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError) as exc:
            raise Unavailable(f"the metadata store cannot be reached: {' '.join(str(exc.orig).split())}") from exc
        except MetaStoreError as exc:
            raise Unavailable(str(exc)) from exc

    return wrapper


def _page_bounds(offset: int, limit: int) -> None:
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidRequest(f"offset must be an integer of at least 0, got {offset!r}")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise InvalidRequest(f"limit must be an integer from 1 to {MAX_PAGE}, got {limit!r}")


def _page(page: type[Page], items: Sequence[Any], offset: int, limit: int) -> Any:
    """One page of `items`, as `page` (a parametrised Page such as Page[Finding])."""
    return page(items=list(items[offset : offset + limit]), total=len(items), offset=offset, limit=limit)


class EngineService:
    def __init__(
        self,
        settings: Settings,
        *,
        bus: EventBus | None = None,
        scan_in_background: bool = True,
        ray_runner: Callable[[], ScanRunner] | None = None,
    ) -> None:
        """Open the stores (raising Unavailable when the metadata store cannot be reached).

        ray_runner: supplied by `pipeline/` where large scans may use Ray; without one every
        in-process scan parses in this process."""
        self.settings = settings
        self.ray_runner = ray_runner
        try:
            self._meta = open_metastore(settings)
        except MetaStoreError as exc:
            raise Unavailable(str(exc)) from exc
        try:
            self._own_bus = bus is None
            self._bus = bus if bus is not None else open_event_bus(settings)
        except BaseException:
            self._meta.close()
            raise
        self._tracker = ScanTracker()
        self._snapshots = SnapshotCache()
        self._read_handles = ReadHandlePool(self._open_graph_for_reading)
        self._closed = False
        self._ensure_graph()
        self._router: RouterThread | None = None
        if scan_in_background and isinstance(self._bus, InProcessEventBus):
            self._router = RouterThread(
                self._bus,
                self._run_scan,
                coalesce_seconds=settings.events.coalesce_seconds,
                reclaim_idle_ms=settings.events.reclaim_idle_ms,
            )
            self._router.start()

    def close(self) -> None:
        """Stop the router (waiting a while for running scans), then close the bus and the store."""
        if self._closed:
            return
        self._closed = True
        if self._router is not None:
            self._router.stop()
        if self._own_bus:
            self._bus.close()
        self._read_handles.close()
        self._meta.close()

    def __enter__(self) -> EngineService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ repositories and scans

    @_service_call
    def register_repository(self, request: RegisterRepository, *, requested_by: str = "api") -> ScanTicket:
        """Check the location (InvalidRequest), remember the repository, and queue a scan of it.

        The ticket's repo_id is the id the scan will give the repository: poll it at once."""
        if isinstance(request, dict):
            request = RegisterRepository.model_validate(request)
        try:
            located = describe_location(request.location, request.ref, self.settings.checkouts_path)
        except (SourceError, GitError) as exc:
            raise InvalidRequest(str(exc)) from exc
        known = self._meta.get_repository(located.repo_id) is not None
        self._meta.upsert_repository(located.repo_id, located.name, located.location)
        if not known:
            self._publish(RepositoryRegistered(repo_id=located.repo_id, name=located.name, location=located.location))
        event = ScanRequested(
            location=located.scan_location, ref=request.ref, full=request.full, requested_by=requested_by
        )
        self._tracker.requested(located.repo_id)
        try:
            self._bus.publish(event)
        except Exception as exc:
            self._tracker.withdraw(located.repo_id)
            raise Unavailable(f"could not queue the scan: {exc}") from exc
        return ScanTicket(
            repo_id=located.repo_id, location=located.location, ref=request.ref, request_id=event.id, status="queued"
        )

    @_service_call
    def rescan(self, repo_id: str, full: bool = False, ref: str | None = None) -> ScanTicket:
        """Queue another scan of a known repository, at `ref` or else the ref of its latest scan."""
        record = self._repository(repo_id)
        if ref is None:
            latest = self._meta.latest_scan(repo_id)
            ref = latest.ref if latest is not None else None
        return self.register_repository(RegisterRepository(location=record.location, ref=ref, full=full))

    @_service_call
    def list_repositories(self, offset: int = 0, limit: int = 50) -> Page[RepositoryView]:
        _page_bounds(offset, limit)
        records = self._meta.list_repositories()
        return Page[RepositoryView](
            items=[self._view(r) for r in records[offset : offset + limit]],
            total=len(records),
            offset=offset,
            limit=limit,
        )

    @_service_call
    def get_repository(self, repo_id: str) -> RepositoryView:
        return self._view(self._repository(repo_id))

    @_service_call
    def delete_repository(self, repo_id: str, *, force: bool = False) -> None:
        """Remove the repository's graph, its metadata and its managed checkout.

        Conflict while a scan of it runs (force: also when the metadata says one runs but not in
        this process, e.g. a record left `running` by a process that died); a scan still queued
        is dropped."""
        record = self._repository(repo_id)
        latest = self._meta.latest_scan(repo_id)
        running = Conflict(f"a scan of {repo_id} is running; delete it when the scan has finished")
        if latest is not None and latest.status == "running" and not force:
            raise running
        if not self._tracker.mark_deleted(repo_id):
            raise running
        if self.settings.graph_path.exists():
            try:
                store = open_graph_store(self.settings.store.graph, self.settings.graph_path)
            except GraphStoreError as exc:
                raise Unavailable(f"the graph store cannot be opened for writing: {exc}") from exc
            try:
                store.delete_repository(repo_id)
            finally:
                store.close()
        self._meta.delete_repository(repo_id)
        self._snapshots.drop(repo_id)
        self._remove_checkout(record.location, record.name)

    @_service_call
    def list_scans(self, repo_id: str, offset: int = 0, limit: int = 50) -> Page[ScanView]:
        _page_bounds(offset, limit)
        self._repository(repo_id)
        records = self._meta.list_scans(repo_id, offset=offset, limit=limit)
        return Page[ScanView](
            items=self._scan_views(records), total=self._meta.count_scans(repo_id), offset=offset, limit=limit
        )

    @_service_call
    def get_scan(self, scan_id: int) -> ScanView:
        return self._scan_views([self._scan(scan_id)])[0]

    @_service_call
    def scan_problems(self, scan_id: int, offset: int = 0, limit: int = 100) -> Page[FileProblem]:
        """Files of the scan's repository (as its latest scan left them) that failed extraction,
        have syntax errors, or were skipped, with the reason."""
        _page_bounds(offset, limit)
        scan = self._scan(scan_id)
        return _page(Page[FileProblem], file_problems(self._meta.file_states(scan.repo_id)), offset, limit)

    def wait_for_scan(self, repo_id: str, timeout: float = 120) -> RepositoryView:
        """Poll until the repository is `ready` or `failed`; after `timeout` seconds, the view as it
        stands (check `.state`)."""
        deadline = time.monotonic() + timeout
        while True:
            view = self.get_repository(repo_id)
            left = deadline - time.monotonic()
            if view.state in ("ready", "failed") or left <= 0:
                return view
            time.sleep(min(0.05, left))

    # ------------------------------------------------------------ graph

    @_service_call
    def find_symbols(
        self, repo_id: str, name: str, kind: str | None = None, offset: int = 0, limit: int = 50
    ) -> Page[Symbol]:
        """Symbols whose id or qualified name is `name`, then those whose qualified name ends with
        `.name` (so a short name finds every definition of it), then modules whose file is `name`."""
        _page_bounds(offset, limit)
        if not name:
            raise InvalidRequest("empty symbol name")
        found = [s for s in self._snapshot(repo_id).symbols.find(name) if matches_kind(s, kind)]
        return _page(Page[Symbol], found, offset, limit)

    @_service_call
    def callers(self, repo_id: str, symbol: str, depth: int = 1) -> list[CallEdgeView]:
        """Call edges into `symbol` (a qualified name, a unique suffix of one, or an id) within
        `depth` (1..10) hops, nearest first."""
        graph_queries.check_depth(depth)
        target = self._snapshot(repo_id).symbols.resolve(symbol)
        with self._read_graph() as store:
            return graph_queries.call_edges(store, repo_id, target, depth, callers=True)

    @_service_call
    def callees(self, repo_id: str, symbol: str, depth: int = 1) -> list[CallEdgeView]:
        """Call edges out of `symbol` within `depth` (1..10) hops, nearest first."""
        graph_queries.check_depth(depth)
        source = self._snapshot(repo_id).symbols.resolve(symbol)
        with self._read_graph() as store:
            return graph_queries.call_edges(store, repo_id, source, depth, callers=False)

    @_service_call
    def dependencies(self, repo_id: str, module: str, depth: int = 1) -> list[DependencyView]:
        """Modules of the repository that `module` imports, within `depth` hops (externals left out)."""
        return self._dependencies(repo_id, module, depth, reverse=False)

    @_service_call
    def reverse_dependencies(self, repo_id: str, module: str, depth: int = 1) -> list[DependencyView]:
        """Modules of the repository that import `module`, within `depth` hops."""
        return self._dependencies(repo_id, module, depth, reverse=True)

    def _dependencies(self, repo_id: str, module: str, depth: int, *, reverse: bool) -> list[DependencyView]:
        graph_queries.check_depth(depth)
        snapshot = self._snapshot(repo_id)
        found = snapshot.symbols.resolve(module, {"Module"}, what="module")
        edges = snapshot.module_graph.reachable(found.qualname, depth, reverse=reverse)
        return [DependencyView(source=source, target=target, depth=hops) for source, target, hops in edges]

    @_service_call
    def impact(self, repo_id: str, symbol: str, depth: int = 3) -> ImpactReport:
        """What a change to `symbol` may affect within `depth` hops: transitive callers of it and of
        what it defines, subclasses, and modules importing it (transitively)."""
        graph_queries.check_depth(depth)
        snapshot = self._snapshot(repo_id)
        return snapshot.dependents.impact(snapshot.symbols, snapshot.symbols.resolve(symbol), depth)

    @_service_call
    def path(self, repo_id: str, source: str, target: str, max_depth: int = 6) -> PathView:
        """A shortest call chain from `source` to `target` of at most `max_depth` calls (empty if none)."""
        graph_queries.check_depth(max_depth, "max_depth")
        symbols = self._snapshot(repo_id).symbols
        start, end = symbols.resolve(source), symbols.resolve(target)
        with self._read_graph() as store:
            return graph_queries.call_path(store, repo_id, start, end, max_depth)

    @_service_call
    def cypher(self, query: str, params: dict[str, Any] | None = None, limit: int = 1000) -> QueryResult:
        """One read-only Cypher statement over the whole graph; QueryRefused for anything that
        could write; at most `limit` rows (`truncated` says whether there were more)."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_QUERY_ROWS:
            raise InvalidRequest(f"limit must be an integer from 1 to {MAX_QUERY_ROWS}, got {limit!r}")
        if params is not None and not isinstance(params, dict):
            raise InvalidRequest("params must be an object of parameter names to values")
        with self._read_graph() as store:
            try:
                rows = store.query(query, params or {}, procedures=False)
            except ReadOnlyQueryError as exc:
                raise QueryRefused(str(exc)) from exc
            except (GraphStoreError, ValueError, TypeError) as exc:  # bad syntax, unbindable parameters
                raise InvalidRequest(str(exc)) from exc
        return QueryResult(columns=list(rows[0]) if rows else [], rows=rows[:limit], truncated=len(rows) > limit)

    # ------------------------------------------------------------ analysis and search

    @_service_call
    def findings(
        self,
        repo_id: str,
        kind: str | None = None,
        severity: str | None = None,
        path_prefix: str | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> Page[Finding]:
        """Findings of the latest completed scan, most severe first; filtered by kind, severity and
        path prefix."""
        _page_bounds(offset, limit)
        everything = self._snapshot(repo_id).findings
        return _page(Page[Finding], filter_findings(everything, kind, severity, path_prefix), offset, limit)

    @_service_call
    def coupling(self, repo_id: str, level: str = "module", offset: int = 0, limit: int = 100) -> Page[CouplingView]:
        """Afferent and efferent coupling and instability per module or per package (a package is a
        folder of modules), most coupled first."""
        _page_bounds(offset, limit)
        if level not in ("module", "package"):
            raise InvalidRequest(f"unknown coupling level {level!r}; use module or package")
        graph = self._snapshot(repo_id).module_graph
        if level == "module":
            measured = {m: c for m, c in module_coupling(graph.edges).items() if m in graph.files}
            path_of = graph.files.__getitem__
        else:
            measured = package_coupling(graph.edges, graph.files)
            path_of = str  # a package is named by its folder
        views = [
            CouplingView(
                level=level,  # type: ignore[arg-type]
                name=name,
                path=path_of(name),
                afferent=c.afferent,
                efferent=c.efferent,
                instability=round(c.instability, 4),
            )
            for name, c in measured.items()
        ]
        views.sort(key=lambda v: (-(v.afferent + v.efferent), v.name))
        return _page(Page[CouplingView], views, offset, limit)

    @_service_call
    def sarif(self, repo_id: str) -> dict[str, Any]:
        """Every finding as a SARIF 2.1.0 log."""
        record = self._repository(repo_id)
        return to_sarif(self._snapshot(repo_id).findings, location=record.location, commit=record.last_commit)

    @_service_call
    def search(
        self, repo_id: str, q: str, kind: str | None = None, offset: int = 0, limit: int = 20
    ) -> Page[SearchHit]:
        """Modules, classes and functions by name, best first: exact, prefix, substring, fuzzy."""
        _page_bounds(offset, limit)
        hits = search_symbols(self._snapshot(repo_id).symbols.code_symbols(), q, kind)
        return _page(Page[SearchHit], hits, offset, limit)

    @_service_call
    def semantic_search(
        self,
        q: str,
        k: int = 10,
        repos: Sequence[str] | None = None,
        languages: Sequence[str] | None = None,
        kinds: Sequence[str] | None = None,
    ) -> SemanticSearchResult:
        """Functions, methods and classes nearest in meaning to `q` (words or code), best first: the
        top `k` (1..100) across `repos` (default: every repository), of `languages` and `kinds`
        (class, function, method, nested, lambda). Repositories without an index at the current
        model version are listed in `unsearched` with the reason. NotFound for an unknown
        repository, InvalidRequest for a bad query, k, language or kind."""
        check_request(q, k, languages, kinds)
        records = [self._repository(r) for r in dict.fromkeys(repos)] if repos else self._meta.list_repositories()
        targets = [SearchedRepository(r.id, self._source_root(r.location, r.name)) for r in records]
        return semantic_search(self.settings, targets, q, k, languages, kinds)

    # ------------------------------------------------------------ refactoring plans

    @_service_call
    def plan(self, repo_id: str, request: PlanRequest | dict[str, Any]) -> Plan:
        """Plan a refactoring on the repository's latest completed scan, store the plan and return it.

        Conflict when the repository changed since that scan (rescan first), NotFound for a symbol,
        module or finding that does not exist, InvalidRequest for a request that cannot be carried
        out safely, each with the reason."""
        if isinstance(request, dict):
            try:
                request = parse_request(request)
            except ValidationError as exc:
                raise InvalidRequest(f"bad plan request: {exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}") from exc
        with planning_errors():
            plan = make_plan(self._workspace(repo_id), request)
        self._meta.save_plan(plan)
        self._publish(PlanCreated(repo_id=repo_id, plan_id=plan.id, kind=plan.operation, files=plan.files_touched))
        return plan

    @_service_call
    def get_plan(self, plan_id: str) -> Plan:
        plan = self._meta.get_plan(plan_id)
        if plan is None:
            raise NotFound(f"no plan {plan_id!r}")
        return plan

    @_service_call
    def list_plans(self, repo_id: str, offset: int = 0, limit: int = 50) -> Page[PlanSummary]:
        """A repository's stored plans, newest first."""
        _page_bounds(offset, limit)
        self._repository(repo_id)
        plans = self._meta.list_plans(repo_id, offset=offset, limit=limit)
        return Page[PlanSummary](
            items=[plan_summary(p) for p in plans],
            total=self._meta.count_plans(repo_id),
            offset=offset,
            limit=limit,
        )

    @_service_call
    def plan_patch(self, plan_id: str) -> str:
        """The plan's patch for `git apply`; Conflict when the repository moved on since the plan."""
        plan = self.get_plan(plan_id)
        record = self._repository(plan.repo_id)
        with planning_errors():
            check_fresh(plan, self._source_root(record.location, record.name))
        return plan.patch

    def _workspace(self, repo_id: str) -> Workspace:
        snapshot = self._snapshot(repo_id)
        record = self._repository(repo_id)
        scan = self._scan(snapshot.scan_id)
        return workspace_for(snapshot, self._source_root(record.location, record.name), scan.commit)

    # ------------------------------------------------------------ tokens

    @_service_call
    def create_token(self, name: str, scopes: list[str]) -> CreatedToken:
        """A new token with `scopes` (of SCOPES); the token is in the answer only, stored hashed."""
        name = tokens.check_name(name)
        scopes = tokens.check_scopes(list(scopes))
        token = tokens.new_token()
        record = self._meta.add_token(tokens.new_token_id(), name, tokens.hash_token(token), scopes)
        return CreatedToken(token=token, info=token_info(record))

    @_service_call
    def verify_token(self, token: str) -> TokenInfo | None:
        """The token's info, or None when it is unknown or revoked; records when it was last used."""
        if not token or not token.startswith(tokens.TOKEN_PREFIX):
            return None
        record = self._meta.token_by_hash(tokens.hash_token(token))
        if record is None or record.revoked:
            return None
        now = datetime.now(UTC)
        if record.last_used_at is None or now - record.last_used_at >= timedelta(seconds=TOKEN_TOUCH_SECONDS):
            self._meta.touch_token(record.id, now)
            record = record.model_copy(update={"last_used_at": now})
        return token_info(record)

    @_service_call
    def list_tokens(self) -> list[TokenInfo]:
        return [token_info(record) for record in self._meta.list_tokens()]

    @_service_call
    def revoke_token(self, token_id: str) -> None:
        if not self._meta.revoke_token(token_id):
            raise NotFound(f"no token {token_id!r}")

    # ------------------------------------------------------------ internals

    def _repository(self, repo_id: str):
        record = self._meta.get_repository(repo_id)
        if record is None:
            raise NotFound(f"no repository {repo_id!r}")
        return record

    def _source_root(self, location: str, name: str) -> Path:
        """Where the repository's files are read: its folder, or the managed checkout of a URL."""
        if is_url(location):
            return checkout_dir_for(location, name, self.settings.checkouts_path)
        return Path(location)

    def _scan(self, scan_id: int) -> ScanRecord:
        record = self._meta.get_scan(scan_id)
        if record is None:
            raise NotFound(f"no scan {scan_id}")
        return record

    def _scan_views(self, records: list[ScanRecord]) -> list[ScanView]:
        progress = self._meta.scan_progress([r.id for r in records])
        return [scan_view(r, progress.get(r.id)) for r in records]

    def _view(self, record) -> RepositoryView:
        latest = self._meta.latest_scan(record.id)
        latest_view = self._scan_views([latest])[0] if latest is not None else None
        return repository_view(record, latest_view, self._state(record.id, latest))

    def _state(self, repo_id: str, latest: ScanRecord | None) -> RepositoryState:
        requested_at, running_here = self._tracker.status(repo_id)
        if running_here:
            return "scanning"
        if requested_at is not None and (latest is None or latest.started_at < requested_at):
            return "queued"
        if latest is None:
            return "queued"
        return _STATES[latest.status]

    def _snapshot(self, repo_id: str) -> RepositorySnapshot:
        """The repository's latest completed scan, as a snapshot; Conflict when it has none yet."""
        self._repository(repo_id)
        completed = self._meta.list_scans(repo_id, status="completed", limit=1)
        if not completed:
            latest = self._meta.latest_scan(repo_id)
            state = self._state(repo_id, latest)
            raise Conflict(
                f"repository {repo_id} has no completed scan yet (it is {state}); try again when it is ready"
            )
        scan_id = completed[0].id
        return self._snapshots.get(
            repo_id, scan_id, lambda: RepositorySnapshot(repo_id, scan_id, self._read_graph, self._meta)
        )

    @contextmanager
    def _read_graph(self) -> Iterator[GraphStore]:
        """The graph, opened read-only for one call: a snapshot that a running scan does not disturb.

        Ladybug refuses read-only opens while a writer's large transaction is uncommitted
        ("checkpoint recovery is pending"), for up to the length of a scan's graph write; the open
        is retried meanwhile, so a read waits for the write instead of failing."""
        generation = graph_generation(self.settings.graph_path)
        if generation is None:  # no graph yet, or a write in progress: a handle for this call only
            store = self._open_graph_for_reading()
            try:
                yield store
            finally:
                store.close()
            return
        store = self._read_handles.acquire(generation)
        try:
            yield store
        finally:
            self._read_handles.release(generation, store, graph_generation(self.settings.graph_path))

    def _open_graph_for_reading(self) -> GraphStore:
        deadline = time.monotonic() + READ_OPEN_WAIT_SECONDS
        pause = 0.02
        while True:
            try:
                return open_graph_store(self.settings.store.graph, self.settings.graph_path, read_only=True)
            except GraphStoreError as exc:
                if time.monotonic() + pause > deadline:
                    raise Unavailable(f"the graph store cannot be read: {exc}") from exc
                time.sleep(pause)
                pause = min(pause * 2, 0.25)

    def _ensure_graph(self) -> None:
        """Create an empty graph store if there is none, so queries work before the first scan."""
        if self.settings.graph_path.exists():
            return
        try:
            open_graph_store(self.settings.store.graph, self.settings.graph_path).close()
        except GraphStoreError as exc:
            log.warning("could not create the graph store at %s: %s", self.settings.graph_path, exc)

    def _publish(self, event) -> None:
        try:
            self._bus.publish(event)
        except Exception as exc:  # noqa: BLE001 - a notice only; the request that follows reports an outage
            log.warning("could not publish %s: %s", event.type, exc)

    def _run_scan(self, request: ScanRequested) -> None:
        """The in-process router's scan: skip repositories deleted since the request; record a
        failure that happened before the scan had a record (a clone that failed, a folder gone)."""
        try:
            repo_id = describe_location(request.location, request.ref, self.settings.checkouts_path).repo_id
        except (SourceError, GitError):
            repo_id = None
        if repo_id is not None and not self._tracker.started(repo_id):
            log.info("skipping a scan of %s: the repository was deleted", repo_id)
            return
        before = self._meta.latest_scan(repo_id) if repo_id is not None else None
        try:
            ScanEngine(self.settings, self.ray_runner, events=self._bus).scan(
                request.location,
                request.ref,
                full=request.full,
                use_ray=None if self.ray_runner is not None else False,
            )
        except Exception as exc:
            if repo_id is not None:
                self._record_early_failure(repo_id, request, before, exc)
            raise
        finally:
            if repo_id is not None:
                self._tracker.finished(repo_id)

    def _record_early_failure(
        self, repo_id: str, request: ScanRequested, before: ScanRecord | None, exc: Exception
    ) -> None:
        try:
            latest = self._meta.latest_scan(repo_id)
            if (latest is None or (before is not None and latest.id == before.id)) and self._meta.get_repository(
                repo_id
            ):
                scan_id = self._meta.start_scan(repo_id, "full", request.ref, None)
                self._meta.finish_scan(scan_id, "failed", {}, {}, error=f"{type(exc).__name__}: {exc}")
        except Exception as error:  # noqa: BLE001 - the scan's own failure is what matters
            log.warning("could not record the failed scan of %s: %s", repo_id, error)

    def _remove_checkout(self, location: str, name: str) -> None:
        """The managed checkout made for this location, unless another repository still uses it."""
        folder = checkout_dir_for(location, name, self.settings.checkouts_path)
        if not folder.exists():
            return
        for other in self._meta.list_repositories():
            if checkout_dir_for(other.location, other.name, self.settings.checkouts_path) == folder:
                return
        shutil.rmtree(folder, ignore_errors=True)
        folder.with_name(folder.name + ".lock").unlink(missing_ok=True)
