"""The port the HTTP app talks to: EngineService's methods, awaitable.

`create_app` needs a `Backend`; two adapters provide one:

- `LocalBackend(service)` runs the (blocking) EngineService methods in a thread pool: plain
  uvicorn, the tests, a notebook.
- `ServeBackend(repositories, graph, analysis, planner)` calls Ray Serve deployment handles
  (`serve/deployments.py`), each deployment owning its own EngineService.

Both go through one `_call(method, *args, **kwargs)`, so the list of methods below is the whole
contract: the names and arguments of `codeintel/service/engine_service.py`, plus `ready()`
(`probe_stores`).
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool

from codeintel.planning.model import Plan, PlanSummary
from codeintel.service.errors import ServiceError, Unavailable
from codeintel.service.models import (
    CallEdgeView,
    CreatedToken,
    DependencyView,
    FileProblem,
    Finding,
    ImpactReport,
    Page,
    PathView,
    QueryResult,
    RegisterRepository,
    RepositoryView,
    ScanTicket,
    ScanView,
    SearchHit,
    SemanticSearchResult,
    Symbol,
    TokenInfo,
)


class Backend:
    """Async mirror of EngineService. Subclasses implement `_call`; nothing else."""

    async def _call(self, method: str, /, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    # repositories and scans
    async def register_repository(self, request: RegisterRepository, requested_by: str = "api") -> ScanTicket:
        return await self._call("register_repository", request, requested_by=requested_by)

    async def list_repositories(self, offset: int = 0, limit: int = 50) -> Page[RepositoryView]:
        return await self._call("list_repositories", offset, limit)

    async def get_repository(self, repo_id: str) -> RepositoryView:
        return await self._call("get_repository", repo_id)

    async def delete_repository(self, repo_id: str) -> None:
        return await self._call("delete_repository", repo_id)

    async def list_scans(self, repo_id: str, offset: int = 0, limit: int = 50) -> Page[ScanView]:
        return await self._call("list_scans", repo_id, offset, limit)

    async def get_scan(self, scan_id: int) -> ScanView:
        return await self._call("get_scan", scan_id)

    async def scan_problems(self, scan_id: int, offset: int = 0, limit: int = 100) -> Page[FileProblem]:
        return await self._call("scan_problems", scan_id, offset, limit)

    async def rescan(self, repo_id: str, full: bool = False) -> ScanTicket:
        """Scan a known repository again, at the ref of its latest scan."""
        return await self._call("rescan", repo_id, full)

    # graph
    async def find_symbols(
        self, repo_id: str, name: str, kind: str | None = None, offset: int = 0, limit: int = 50
    ) -> Page[Symbol]:
        return await self._call("find_symbols", repo_id, name, kind, offset, limit)

    async def callers(self, repo_id: str, symbol: str, depth: int = 1) -> list[CallEdgeView]:
        return await self._call("callers", repo_id, symbol, depth)

    async def callees(self, repo_id: str, symbol: str, depth: int = 1) -> list[CallEdgeView]:
        return await self._call("callees", repo_id, symbol, depth)

    async def dependencies(self, repo_id: str, module: str, depth: int = 1) -> list[DependencyView]:
        return await self._call("dependencies", repo_id, module, depth)

    async def reverse_dependencies(self, repo_id: str, module: str, depth: int = 1) -> list[DependencyView]:
        return await self._call("reverse_dependencies", repo_id, module, depth)

    async def impact(self, repo_id: str, symbol: str, depth: int = 3) -> ImpactReport:
        return await self._call("impact", repo_id, symbol, depth)

    async def path(self, repo_id: str, source: str, target: str, max_depth: int = 6) -> PathView:
        return await self._call("path", repo_id, source, target, max_depth)

    async def cypher(self, query: str, params: dict[str, Any] | None = None, limit: int = 1000) -> QueryResult:
        return await self._call("cypher", query, params, limit)

    # analysis and search
    async def findings(
        self,
        repo_id: str,
        kind: str | None = None,
        severity: str | None = None,
        path_prefix: str | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> Page[Finding]:
        return await self._call("findings", repo_id, kind, severity, path_prefix, offset, limit)

    async def coupling(self, repo_id: str, level: str = "module", offset: int = 0, limit: int = 100):
        return await self._call("coupling", repo_id, level, offset, limit)

    async def sarif(self, repo_id: str) -> dict[str, Any]:
        return await self._call("sarif", repo_id)

    async def search(
        self, repo_id: str, q: str, kind: str | None = None, offset: int = 0, limit: int = 20
    ) -> Page[SearchHit]:
        return await self._call("search", repo_id, q, kind, offset, limit)

    async def semantic_search(
        self,
        q: str,
        k: int = 10,
        repos: list[str] | None = None,
        languages: list[str] | None = None,
        kinds: list[str] | None = None,
    ) -> SemanticSearchResult:
        return await self._call("semantic_search", q, k, repos, languages, kinds)

    # refactoring plans
    async def plan(self, repo_id: str, request: dict[str, Any]) -> Plan:
        return await self._call("plan", repo_id, request)

    async def get_plan(self, plan_id: str) -> Plan:
        return await self._call("get_plan", plan_id)

    async def list_plans(self, repo_id: str, offset: int = 0, limit: int = 50) -> Page[PlanSummary]:
        return await self._call("list_plans", repo_id, offset, limit)

    async def plan_patch(self, plan_id: str) -> str:
        return await self._call("plan_patch", plan_id)

    # tokens
    async def create_token(self, name: str, scopes: list[str]) -> CreatedToken:
        return await self._call("create_token", name, scopes)

    async def verify_token(self, token: str) -> TokenInfo | None:
        return await self._call("verify_token", token)

    async def list_tokens(self) -> list[TokenInfo]:
        return await self._call("list_tokens")

    async def revoke_token(self, token_id: str) -> None:
        return await self._call("revoke_token", token_id)

    # readiness
    async def ready(self) -> dict[str, str]:
        """Each store's state, "ok" or why not: the metadata store and the graph store."""
        return await self._call("ready")


class LocalBackend(Backend):
    """The service in this process; its blocking methods run in the thread pool."""

    def __init__(self, service: Any) -> None:
        self.service = service

    async def _call(self, method: str, /, *args: Any, **kwargs: Any) -> Any:
        if method == "ready":
            return await run_in_threadpool(probe_stores, self.service)
        return await run_in_threadpool(getattr(self.service, method), *args, **kwargs)


def probe_stores(service: Any) -> dict[str, str]:
    """Ask each store something cheap; "ok" or the one-line reason it failed."""
    checks: dict[str, str] = {}
    for name, probe in (
        ("metadata", lambda: service.list_repositories(0, 1)),
        ("graph", lambda: service.cypher("RETURN 1 AS ok", None, 1)),
    ):
        try:
            probe()
            checks[name] = "ok"
        except ServiceError as exc:
            checks[name] = exc.message
        except Exception as exc:  # noqa: BLE001 - a readiness probe reports, it never raises
            checks[name] = f"{type(exc).__name__}: {exc}"
    return checks


class ServeBackend(Backend):
    """Ray Serve deployment handles; each method goes to the deployment that serves it."""

    GRAPH = frozenset(
        {"find_symbols", "callers", "callees", "dependencies", "reverse_dependencies", "impact", "path", "cypher"}
    )
    ANALYSIS = frozenset({"findings", "coupling", "sarif", "search", "semantic_search"})
    PLANNING = frozenset({"plan", "get_plan", "list_plans", "plan_patch"})

    def __init__(self, repositories: Any, graph: Any, analysis: Any, planner: Any) -> None:
        self.repositories = repositories
        self.graph = graph
        self.analysis = analysis
        self.planner = planner

    def _handle(self, method: str) -> Any:
        if method in self.GRAPH:
            return self.graph
        if method in self.ANALYSIS:
            return self.analysis
        if method in self.PLANNING:
            return self.planner
        return self.repositories

    async def _call(self, method: str, /, *args: Any, **kwargs: Any) -> Any:
        from ray.exceptions import RayActorError, RayTaskError
        from ray.serve.exceptions import BackPressureError, DeploymentUnavailableError, ReplicaUnavailableError

        try:
            return await getattr(self._handle(method), method).remote(*args, **kwargs)
        except RayTaskError as exc:
            # The replica's own exception (a ServiceError most of the time) is the useful one.
            cause = getattr(exc, "cause", None)
            if isinstance(cause, Exception):
                raise cause from None
            raise
        except (BackPressureError, DeploymentUnavailableError, ReplicaUnavailableError, RayActorError) as exc:
            raise Unavailable(f"{method}: no replica can answer now ({type(exc).__name__})") from exc

    async def ready(self) -> dict[str, str]:
        """The stores as the repository and the graph deployments see them; a failure wins."""
        checks: dict[str, str] = {}
        for name, handle in (("repositories", self.repositories), ("graph", self.graph)):
            try:
                seen = await handle.ready.remote()
            except Exception as exc:  # noqa: BLE001 - a replica that cannot answer is not ready
                seen = {f"{name} deployment": f"{type(exc).__name__}: {exc}"}
            for store, state in seen.items():
                if checks.get(store, "ok") == "ok":
                    checks[store] = state
        return checks
