"""The Python client: the same methods as EngineService, in this process or over HTTP.

    from codeintel import Client

    client = Client()                                              # in-process, default settings
    client = Client(settings=load_settings(data_dir="/tmp/ci"))    # in-process, these settings
    client = Client(url="http://localhost:8000", token="ci_...")   # the HTTP API

    ticket = client.register_repository("/src/shop")              # a RegisterRepository or a location
    client.wait_for_scan(ticket.repo_id).state                     # 'ready'
    client.callers(ticket.repo_id, "shop.cli.helper", depth=2)
    client.close()                                                 # or use it as a context manager

Errors are the service's: NotFound, InvalidRequest, Conflict, QueryRefused, Unavailable (and,
over HTTP, Unauthorized and Forbidden), whichever side raised them.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pydantic import TypeAdapter

from codeintel.planning.model import Plan, PlanRequest, PlanSummary
from codeintel.service.errors import InvalidRequest, ServiceError, Unavailable, error_from_response
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
    RepositoryView,
    ScanTicket,
    ScanView,
    SearchHit,
    SemanticSearchResult,
    Symbol,
    TokenInfo,
)

if TYPE_CHECKING:
    from codeintel.config import Settings

API_PREFIX = "/api/v1"


class Client:
    def __init__(
        self,
        url: str | None = None,
        *,
        token: str | None = None,
        settings: Settings | None = None,
        timeout: float = 60.0,
        service: Any = None,
    ) -> None:
        """In-process over an EngineService (made from `settings`, default settings when none, or
        the `service` given), or over HTTP to the API at `url` with a bearer `token`."""
        if url is not None and (settings is not None or service is not None):
            raise ValueError("give either url (HTTP) or settings/service (in-process), not both")
        self.url = url
        self._backend: Any  # an EngineService, or _HttpBackend with the same methods
        if url is not None:
            self._backend = _HttpBackend(url, token, timeout)
            self._owns_backend = True
        elif service is not None:
            self._backend = service
            self._owns_backend = False
        else:
            from codeintel.config import load_settings
            from codeintel.service.engine_service import EngineService

            self._backend = EngineService(settings if settings is not None else load_settings())
            self._owns_backend = True

    @property
    def remote(self) -> bool:
        return self.url is not None

    def close(self) -> None:
        if self._owns_backend:
            self._backend.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client(url={self.url!r})" if self.url else "Client(in-process)"

    # ---- repositories and scans

    def register_repository(
        self, request: RegisterRepository | str, ref: str | None = None, full: bool = False
    ) -> ScanTicket:
        """Queue a scan of a repository; `request` may be a location (then `ref` and `full` apply)."""
        if isinstance(request, str):
            request = RegisterRepository(location=request, ref=ref, full=full)
        return self._backend.register_repository(request)

    def rescan(self, repo_id: str, full: bool = False) -> ScanTicket:
        """Queue another scan of a known repository, at the ref of its latest scan."""
        return self._backend.rescan(repo_id, full=full)

    def list_repositories(self, offset: int = 0, limit: int = 50) -> Page[RepositoryView]:
        return self._backend.list_repositories(offset, limit)

    def get_repository(self, repo_id: str) -> RepositoryView:
        return self._backend.get_repository(repo_id)

    def delete_repository(self, repo_id: str) -> None:
        return self._backend.delete_repository(repo_id)

    def list_scans(self, repo_id: str, offset: int = 0, limit: int = 50) -> Page[ScanView]:
        return self._backend.list_scans(repo_id, offset, limit)

    def get_scan(self, scan_id: int) -> ScanView:
        return self._backend.get_scan(scan_id)

    def scan_problems(self, scan_id: int, offset: int = 0, limit: int = 100) -> Page[FileProblem]:
        return self._backend.scan_problems(scan_id, offset, limit)

    def wait_for_scan(self, repo_id: str, timeout: float = 120) -> RepositoryView:
        """Until the repository is ready or failed; after `timeout` seconds, the view as it stands."""
        return self._backend.wait_for_scan(repo_id, timeout)

    # ---- graph

    def find_symbols(
        self, repo_id: str, name: str, kind: str | None = None, offset: int = 0, limit: int = 50
    ) -> Page[Symbol]:
        return self._backend.find_symbols(repo_id, name, kind, offset, limit)

    def callers(self, repo_id: str, symbol: str, depth: int = 1) -> list[CallEdgeView]:
        return self._backend.callers(repo_id, symbol, depth)

    def callees(self, repo_id: str, symbol: str, depth: int = 1) -> list[CallEdgeView]:
        return self._backend.callees(repo_id, symbol, depth)

    def dependencies(self, repo_id: str, module: str, depth: int = 1) -> list[DependencyView]:
        return self._backend.dependencies(repo_id, module, depth)

    def reverse_dependencies(self, repo_id: str, module: str, depth: int = 1) -> list[DependencyView]:
        return self._backend.reverse_dependencies(repo_id, module, depth)

    def impact(self, repo_id: str, symbol: str, depth: int = 3) -> ImpactReport:
        return self._backend.impact(repo_id, symbol, depth)

    def path(self, repo_id: str, source: str, target: str, max_depth: int = 6) -> PathView:
        return self._backend.path(repo_id, source, target, max_depth)

    def cypher(self, query: str, params: dict[str, Any] | None = None, limit: int = 1000) -> QueryResult:
        return self._backend.cypher(query, params, limit)

    # ---- analysis and search

    def findings(
        self,
        repo_id: str,
        kind: str | None = None,
        severity: str | None = None,
        path_prefix: str | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> Page[Finding]:
        return self._backend.findings(repo_id, kind, severity, path_prefix, offset, limit)

    def coupling(self, repo_id: str, level: str = "module", offset: int = 0, limit: int = 100) -> Page[CouplingView]:
        """Afferent and efferent coupling and instability per module or package, most coupled first."""
        return self._backend.coupling(repo_id, level, offset, limit)

    def sarif(self, repo_id: str) -> dict[str, Any]:
        return self._backend.sarif(repo_id)

    def search(
        self, repo_id: str, q: str, kind: str | None = None, offset: int = 0, limit: int = 20
    ) -> Page[SearchHit]:
        return self._backend.search(repo_id, q, kind, offset, limit)

    def semantic_search(
        self,
        q: str,
        k: int = 10,
        repos: list[str] | None = None,
        languages: list[str] | None = None,
        kinds: list[str] | None = None,
    ) -> SemanticSearchResult:
        """Functions, methods and classes nearest in meaning to `q` (words or code), best first,
        across `repos` (default: all); `unsearched` names repositories without an index."""
        return self._backend.semantic_search(q, k, repos, languages, kinds)

    # ---- refactoring plans

    def plan(self, repo_id: str, request: PlanRequest | dict[str, Any]) -> Plan:
        """Plan a refactoring (a RenameRequest, MoveRequest, ... or its dict) on the latest scan."""
        return self._backend.plan(repo_id, request)

    def get_plan(self, plan_id: str) -> Plan:
        return self._backend.get_plan(plan_id)

    def list_plans(self, repo_id: str, offset: int = 0, limit: int = 50) -> Page[PlanSummary]:
        return self._backend.list_plans(repo_id, offset, limit)

    def plan_patch(self, plan_id: str) -> str:
        """The plan's patch for `git apply`; Conflict when the repository moved on since the plan."""
        return self._backend.plan_patch(plan_id)

    # ---- tokens

    def create_token(self, name: str, scopes: list[str]) -> CreatedToken:
        return self._backend.create_token(name, scopes)

    def verify_token(self, token: str) -> TokenInfo | None:
        """In-process only: the server checks tokens itself and has no route for it."""
        return self._backend.verify_token(token)

    def list_tokens(self) -> list[TokenInfo]:
        return self._backend.list_tokens()

    def revoke_token(self, token_id: str) -> None:
        return self._backend.revoke_token(token_id)


_ADAPTERS: dict[Any, TypeAdapter] = {}


def _adapter(model: Any) -> TypeAdapter:
    found = _ADAPTERS.get(model)
    if found is None:
        found = _ADAPTERS[model] = TypeAdapter(model)
    return found


def _segment(value: str | int) -> str:
    return quote(str(value), safe="")


class _HttpBackend:
    """EngineService's methods as calls to the HTTP API (routes under /api/v1)."""

    def __init__(self, url: str, token: str | None, timeout: float) -> None:
        import httpx

        self._httpx = httpx
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(base_url=url.rstrip("/") + API_PREFIX, headers=headers, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def _request(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, body: Any = None, text: bool = False
    ) -> Any:
        """The answer's JSON (with `text`, its body as text); a ServiceError for an error answer."""
        query = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            response = self._http.request(method, path, params=query, json=body)
        except self._httpx.TransportError as exc:
            raise Unavailable(f"cannot reach {self._http.base_url}: {exc}") from exc
        if response.status_code >= 400:
            try:
                payload: Any = response.json()
            except ValueError:
                payload = response.text
            raise error_from_response(response.status_code, payload)
        if text:
            return response.text
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise ServiceError(f"{method} {path}: the answer is not JSON") from exc

    def _get(self, path: str, model: Any, /, **params: Any) -> Any:
        return _adapter(model).validate_python(self._request("GET", path, params=params))

    # ---- repositories and scans

    def register_repository(self, request: RegisterRepository) -> ScanTicket:
        data = self._request("POST", "/repositories", body=request.model_dump())
        return ScanTicket.model_validate(data)

    def rescan(self, repo_id: str, full: bool = False) -> ScanTicket:
        data = self._request("POST", f"/repositories/{_segment(repo_id)}/scans", body={"full": full})
        return ScanTicket.model_validate(data)

    def list_repositories(self, offset: int = 0, limit: int = 50) -> Page[RepositoryView]:
        return self._get("/repositories", Page[RepositoryView], offset=offset, limit=limit)

    def get_repository(self, repo_id: str) -> RepositoryView:
        return self._get(f"/repositories/{_segment(repo_id)}", RepositoryView)

    def delete_repository(self, repo_id: str) -> None:
        self._request("DELETE", f"/repositories/{_segment(repo_id)}")

    def list_scans(self, repo_id: str, offset: int = 0, limit: int = 50) -> Page[ScanView]:
        return self._get(f"/repositories/{_segment(repo_id)}/scans", Page[ScanView], offset=offset, limit=limit)

    def get_scan(self, scan_id: int) -> ScanView:
        return self._get(f"/scans/{_segment(scan_id)}", ScanView)

    def scan_problems(self, scan_id: int, offset: int = 0, limit: int = 100) -> Page[FileProblem]:
        return self._get(f"/scans/{_segment(scan_id)}/problems", Page[FileProblem], offset=offset, limit=limit)

    def wait_for_scan(self, repo_id: str, timeout: float = 120) -> RepositoryView:
        deadline = time.monotonic() + timeout
        while True:
            view = self.get_repository(repo_id)
            left = deadline - time.monotonic()
            if view.state in ("ready", "failed") or left <= 0:
                return view
            time.sleep(min(0.25, left))

    # ---- graph

    def find_symbols(
        self, repo_id: str, name: str, kind: str | None = None, offset: int = 0, limit: int = 50
    ) -> Page[Symbol]:
        return self._get(
            f"/graph/{_segment(repo_id)}/symbols", Page[Symbol], name=name, kind=kind, offset=offset, limit=limit
        )

    def callers(self, repo_id: str, symbol: str, depth: int = 1) -> list[CallEdgeView]:
        return self._get(f"/graph/{_segment(repo_id)}/callers", list[CallEdgeView], symbol=symbol, depth=depth)

    def callees(self, repo_id: str, symbol: str, depth: int = 1) -> list[CallEdgeView]:
        return self._get(f"/graph/{_segment(repo_id)}/callees", list[CallEdgeView], symbol=symbol, depth=depth)

    def dependencies(self, repo_id: str, module: str, depth: int = 1) -> list[DependencyView]:
        return self._get(f"/graph/{_segment(repo_id)}/dependencies", list[DependencyView], module=module, depth=depth)

    def reverse_dependencies(self, repo_id: str, module: str, depth: int = 1) -> list[DependencyView]:
        path = f"/graph/{_segment(repo_id)}/reverse-dependencies"
        return self._get(path, list[DependencyView], module=module, depth=depth)

    def impact(self, repo_id: str, symbol: str, depth: int = 3) -> ImpactReport:
        return self._get(f"/graph/{_segment(repo_id)}/impact", ImpactReport, symbol=symbol, depth=depth)

    def path(self, repo_id: str, source: str, target: str, max_depth: int = 6) -> PathView:
        return self._get(
            f"/graph/{_segment(repo_id)}/path", PathView, source=source, target=target, max_depth=max_depth
        )

    def cypher(self, query: str, params: dict[str, Any] | None = None, limit: int = 1000) -> QueryResult:
        data = self._request("POST", "/graph/cypher", body={"query": query, "params": params or {}, "limit": limit})
        return QueryResult.model_validate(data)

    # ---- analysis and search

    def findings(
        self,
        repo_id: str,
        kind: str | None = None,
        severity: str | None = None,
        path_prefix: str | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> Page[Finding]:
        return self._get(
            f"/analyze/{_segment(repo_id)}/findings",
            Page[Finding],
            kind=kind,
            severity=severity,
            path=path_prefix,
            offset=offset,
            limit=limit,
        )

    def coupling(self, repo_id: str, level: str = "module", offset: int = 0, limit: int = 100) -> Page[CouplingView]:
        path = f"/analyze/{_segment(repo_id)}/coupling"
        return self._get(path, Page[CouplingView], level=level, offset=offset, limit=limit)

    def sarif(self, repo_id: str) -> dict[str, Any]:
        return self._request("GET", f"/analyze/{_segment(repo_id)}/sarif")

    def search(
        self, repo_id: str, q: str, kind: str | None = None, offset: int = 0, limit: int = 20
    ) -> Page[SearchHit]:
        return self._get(f"/search/{_segment(repo_id)}", Page[SearchHit], q=q, kind=kind, offset=offset, limit=limit)

    def semantic_search(
        self,
        q: str,
        k: int = 10,
        repos: list[str] | None = None,
        languages: list[str] | None = None,
        kinds: list[str] | None = None,
    ) -> SemanticSearchResult:
        return self._get(
            "/search/semantic",
            SemanticSearchResult,
            q=q,
            k=k,
            repo=list(repos) if repos else None,
            language=list(languages) if languages else None,
            kind=list(kinds) if kinds else None,
        )

    # ---- refactoring plans

    def plan(self, repo_id: str, request: Any) -> Plan:
        body = request.model_dump(mode="json") if hasattr(request, "model_dump") else request
        data = self._request("POST", "/plans", body={"repo_id": repo_id, "request": body})
        return Plan.model_validate(data)

    def get_plan(self, plan_id: str) -> Plan:
        return self._get(f"/plans/{_segment(plan_id)}", Plan)

    def list_plans(self, repo_id: str, offset: int = 0, limit: int = 50) -> Page[PlanSummary]:
        return self._get("/plans", Page[PlanSummary], repo=repo_id, offset=offset, limit=limit)

    def plan_patch(self, plan_id: str) -> str:
        return self._request("GET", f"/plans/{_segment(plan_id)}/patch", text=True)

    # ---- tokens

    def create_token(self, name: str, scopes: list[str]) -> CreatedToken:
        data = self._request("POST", "/tokens", body={"name": name, "scopes": list(scopes)})
        return CreatedToken.model_validate(data)

    def verify_token(self, token: str) -> TokenInfo | None:
        raise InvalidRequest("verify_token runs on the server; over HTTP, any call with the token checks it")

    def list_tokens(self) -> list[TokenInfo]:
        data = self._request("GET", "/tokens")
        if isinstance(data, dict) and "items" in data:  # a Page, should the API ever paginate tokens
            data = data["items"]
        return _adapter(list[TokenInfo]).validate_python(data)

    def revoke_token(self, token_id: str) -> None:
        self._request("DELETE", f"/tokens/{_segment(token_id)}")
