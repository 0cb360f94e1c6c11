"""The HTTP API: a FastAPI app over a `Backend` (serve/backend.py).

`create_app(backend)` builds it; it knows nothing of Ray. Under plain uvicorn or in tests the
backend is `LocalBackend(EngineService(...))`; on Ray Serve the ingress deployment builds the
same app over `ServeBackend` (serve/deployments.py). docs/api.md describes every route.

- Routes live under /api/v1 and answer with the pydantic models of codeintel/service/models.py;
  lists are `Page`s with offset/limit (limit 1..500).
- Every error is `{"error": {"code", "message"}}`: service errors keep their code and status,
  validation errors are 422 `invalid_request`, unknown routes 404 `not_found`.
- /health, /ready and /metrics (Prometheus) need no token; neither does the git webhook, whose
  HMAC signature is its authentication.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.routing import APIRoute
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from codeintel.analysis.checks import CHECKS
from codeintel.planning.model import Plan, PlanRequest, PlanSummary
from codeintel.service.errors import ServiceError
from codeintel.service.models import (
    SCOPES,
    CallEdgeView,
    CouplingLevel,
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
    Severity,
    Symbol,
    TokenInfo,
)
from codeintel.service.semantic_search import KNOWN_KINDS, KNOWN_LANGUAGES, MAX_K, MAX_QUERY_CHARS
from serve.auth import ADMIN, PLAN, READ, SCAN, ApiError, Authenticator, require
from serve.backend import Backend
from serve.config import ApiConfig, load_api_config
from serve.middleware import ApiMetrics, BodyLimitMiddleware, MetricsMiddleware

API_VERSION = "1.0.0"
MAX_LIMIT = 500
MAX_DEPTH = 10
MAX_OFFSET = 2**63 - 1  # SQL OFFSET takes a 64-bit integer
MAX_SCAN_ID = 2**31 - 1  # scans.id is a 32-bit INTEGER column on PostgreSQL


# ---------------------------------------------------------------- models of the API's own


class ErrorBody(BaseModel):
    code: str = Field(description="machine-readable: not_found, invalid_request, unauthorized, ...")
    message: str
    details: list[dict[str, Any]] | None = Field(None, description="per-field problems of a 422")


class ErrorResponse(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class ReadyReport(BaseModel):
    status: Literal["ready", "unavailable"]
    checks: dict[str, str] = Field(description='each store: "ok", or why it cannot be reached')


class RescanRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    full: bool = Field(False, description="ignore earlier scans and rebuild the graph")


Scalar = str | int | float | bool | None
ParamValue = Scalar | list[str] | list[int] | list[float] | list[bool]


class CypherRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str = Field(min_length=1, max_length=100_000, description="a read-only Cypher query")
    params: dict[str, ParamValue] | None = Field(
        None, description="$name parameters: scalars, or lists of one type (what the graph store can bind)"
    )
    limit: int = Field(1000, ge=1, le=10_000, description="rows returned at most")


ScopeName = Literal["read", "scan", "plan", "admin"]  # codeintel.service.models.SCOPES
FindingKind = Literal[tuple(sorted(CHECKS))]  # the checks of codeintel.analysis.checks
LanguageName = Literal[KNOWN_LANGUAGES]  # the languages with an extractor
SymbolKind = Literal[KNOWN_KINDS]  # SymbolInfo.kind of the symbols embedded


# At least one character that str.strip() keeps: the service strips names and search text.
VISIBLE = r"[^\s\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, pattern=VISIBLE, description="not only blanks")
    scopes: list[ScopeName] = Field(min_length=1, max_length=len(SCOPES))


class CreatePlan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    repo_id: str = Field(min_length=1, max_length=200, description="the repository to plan on (its latest scan)")
    request: PlanRequest = Field(description="the operation and its parameters; `operation` says which")


class WebhookReceipt(BaseModel):
    status: Literal["queued", "ignored"]
    event: str
    reason: str | None = None
    ticket: ScanTicket | None = None


# ---------------------------------------------------------------- shared parameters

_STATUS_TEXT = {
    400: "Refused request (a Cypher query that writes)",
    401: "Missing or bad bearer token, or bad webhook signature",
    403: "The token lacks the scope",
    404: "Unknown repository, scan, symbol or token",
    409: "Conflicts with the current state (a scan running; no completed scan yet)",
    413: "Request body over the limit",
    422: "Invalid parameters or body",
    503: "A store cannot be reached",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorResponse, "description": _STATUS_TEXT[status]} for status in statuses}


AUTHED = (401, 403, 422, 503)


def _backend(request: Request) -> Backend:
    return request.app.state.backend


async def reject_unknown_query(request: Request) -> None:
    """A query parameter the route does not take is a 422, so `?limt=10` is not silently ignored."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.query_params:
        return
    key = (route.path, frozenset(route.methods or ()))
    known = _QUERY_NAMES.get(key)
    if known is None:
        known = _QUERY_NAMES[key] = _query_names(route)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ApiError(422, "invalid_request", f"unknown query parameter {unknown[0]!r}")


_QUERY_NAMES: dict[tuple[str, frozenset[str]], frozenset[str]] = {}


def _query_names(route: APIRoute) -> frozenset[str]:
    """The query parameters of the route and of its dependencies."""
    names: set[str] = set()
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        names.update(field.alias for field in dependant.query_params)
        pending.extend(dependant.dependencies)
    return frozenset(names)


BackendDep = Annotated[Backend, Depends(_backend)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
RepoId = Annotated[str, Path(min_length=1, max_length=200, description="a repository id (GET /repositories)")]
ScanId = Annotated[int, Path(ge=1, le=MAX_SCAN_ID)]
SymbolName = Annotated[str, Query(min_length=1, max_length=1000, description="qualified name, or a unique suffix")]
ModuleName = Annotated[str, Query(min_length=1, max_length=1000, description="module qualified name")]
Depth = Annotated[int, Query(ge=1, le=MAX_DEPTH, description="levels to follow")]


def limit_param(default: int) -> Any:
    return Query(default, ge=1, le=MAX_LIMIT, description=f"items per page, 1..{MAX_LIMIT}")


# ---------------------------------------------------------------- repositories and scans

repositories = APIRouter(prefix="/api/v1/repositories", tags=["repositories"], responses=errors(*AUTHED))


@repositories.post(
    "",
    status_code=202,
    response_model=ScanTicket,
    dependencies=[Depends(require(SCAN))],
    responses=errors(409, 413),
    summary="Register a repository and queue its scan",
)
async def register_repository(body: RegisterRepository, backend: BackendDep, request: Request) -> ScanTicket:
    ticket = await backend.register_repository(body)
    request.app.state.metrics.scans_started.labels("register").inc()
    return ticket


@repositories.get("", response_model=Page[RepositoryView], dependencies=[Depends(require(READ))])
async def list_repositories(backend: BackendDep, offset: Offset = 0, limit: int = limit_param(50)):
    return await backend.list_repositories(offset, limit)


@repositories.get(
    "/{repo_id}", response_model=RepositoryView, dependencies=[Depends(require(READ))], responses=errors(404)
)
async def get_repository(repo_id: RepoId, backend: BackendDep):
    return await backend.get_repository(repo_id)


@repositories.delete(
    "/{repo_id}",
    status_code=204,
    response_class=Response,
    dependencies=[Depends(require(SCAN))],
    responses=errors(404, 409),
    summary="Forget a repository: its graph and its records",
)
async def delete_repository(repo_id: RepoId, backend: BackendDep) -> Response:
    await backend.delete_repository(repo_id)
    return Response(status_code=204)


@repositories.post(
    "/{repo_id}/scans",
    status_code=202,
    response_model=ScanTicket,
    dependencies=[Depends(require(SCAN))],
    responses=errors(404, 409, 413),
    summary="Scan a known repository again (at the ref of its latest scan)",
)
async def rescan_repository(
    repo_id: RepoId, backend: BackendDep, request: Request, body: RescanRequest | None = None
) -> ScanTicket:
    ticket = await backend.rescan(repo_id, full=body.full if body is not None else False)
    request.app.state.metrics.scans_started.labels("rescan").inc()
    return ticket


@repositories.get(
    "/{repo_id}/scans", response_model=Page[ScanView], dependencies=[Depends(require(READ))], responses=errors(404)
)
async def list_scans(repo_id: RepoId, backend: BackendDep, offset: Offset = 0, limit: int = limit_param(50)):
    return await backend.list_scans(repo_id, offset, limit)


scans = APIRouter(
    prefix="/api/v1/scans", tags=["scans"], dependencies=[Depends(require(READ))], responses=errors(*AUTHED, 404)
)


@scans.get("/{scan_id}", response_model=ScanView)
async def get_scan(scan_id: ScanId, backend: BackendDep):
    return await backend.get_scan(scan_id)


@scans.get(
    "/{scan_id}/problems", response_model=Page[FileProblem], summary="Files of the scan that failed or were skipped"
)
async def scan_problems(scan_id: ScanId, backend: BackendDep, offset: Offset = 0, limit: int = limit_param(100)):
    return await backend.scan_problems(scan_id, offset, limit)


# ---------------------------------------------------------------- graph, analysis, search

graph = APIRouter(
    prefix="/api/v1/graph",
    tags=["graph"],
    dependencies=[Depends(require(READ))],
    responses=errors(*AUTHED, 404, 409),
)


@graph.get("/{repo_id}/symbols", response_model=Page[Symbol], summary="Symbols by exact qualname, suffix or name")
async def find_symbols(
    repo_id: RepoId,
    backend: BackendDep,
    name: Annotated[str, Query(min_length=1, max_length=1000)],
    kind: Annotated[str | None, Query(max_length=100, description="Function, Class, Module, External")] = None,
    offset: Offset = 0,
    limit: int = limit_param(50),
):
    return await backend.find_symbols(repo_id, name, kind, offset, limit)


@graph.get("/{repo_id}/callers", response_model=list[CallEdgeView])
async def callers(repo_id: RepoId, symbol: SymbolName, backend: BackendDep, depth: Depth = 1):
    return await backend.callers(repo_id, symbol, depth)


@graph.get("/{repo_id}/callees", response_model=list[CallEdgeView])
async def callees(repo_id: RepoId, symbol: SymbolName, backend: BackendDep, depth: Depth = 1):
    return await backend.callees(repo_id, symbol, depth)


@graph.get("/{repo_id}/dependencies", response_model=list[DependencyView], summary="Modules this module imports")
async def dependencies(repo_id: RepoId, module: ModuleName, backend: BackendDep, depth: Depth = 1):
    return await backend.dependencies(repo_id, module, depth)


@graph.get(
    "/{repo_id}/reverse-dependencies", response_model=list[DependencyView], summary="Modules importing this module"
)
async def reverse_dependencies(repo_id: RepoId, module: ModuleName, backend: BackendDep, depth: Depth = 1):
    return await backend.reverse_dependencies(repo_id, module, depth)


@graph.get("/{repo_id}/impact", response_model=ImpactReport, summary="What a change to the symbol may affect")
async def impact(repo_id: RepoId, symbol: SymbolName, backend: BackendDep, depth: Depth = 3):
    return await backend.impact(repo_id, symbol, depth)


@graph.get("/{repo_id}/path", response_model=PathView, summary="Shortest call path from source to target")
async def call_path(
    repo_id: RepoId,
    source: SymbolName,
    target: SymbolName,
    backend: BackendDep,
    max_depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 6,
):
    return await backend.path(repo_id, source, target, max_depth)


@graph.post(
    "/cypher",
    response_model=QueryResult,
    responses=errors(400, 413),
    summary="A read-only Cypher query over the whole graph",
)
async def cypher(body: CypherRequest, backend: BackendDep):
    return await backend.cypher(body.query, body.params, body.limit)


analyze = APIRouter(
    prefix="/api/v1/analyze",
    tags=["analysis"],
    dependencies=[Depends(require(READ))],
    responses=errors(*AUTHED, 404, 409),
)


@analyze.get("/{repo_id}/findings", response_model=Page[Finding])
async def findings(
    repo_id: RepoId,
    backend: BackendDep,
    kind: FindingKind | None = None,
    severity: Severity | None = None,
    path: Annotated[str | None, Query(max_length=1000, description="only findings under this path prefix")] = None,
    offset: Offset = 0,
    limit: int = limit_param(100),
):
    return await backend.findings(repo_id, kind, severity, path, offset, limit)


@analyze.get(
    "/{repo_id}/coupling",
    response_model=Page[CouplingView],
    summary="Afferent and efferent coupling and instability per module or package, most coupled first",
)
async def coupling(
    repo_id: RepoId,
    backend: BackendDep,
    level: CouplingLevel = "module",
    offset: Offset = 0,
    limit: int = limit_param(100),
):
    return await backend.coupling(repo_id, level, offset, limit)


@analyze.get("/{repo_id}/sarif", response_model=dict[str, Any], summary="All findings as a SARIF 2.1.0 log")
async def sarif(repo_id: RepoId, backend: BackendDep):
    return await backend.sarif(repo_id)


search = APIRouter(
    prefix="/api/v1/search",
    tags=["search"],
    dependencies=[Depends(require(READ))],
    responses=errors(*AUTHED, 404, 409),
)


@search.get(
    "/semantic",
    response_model=SemanticSearchResult,
    summary="Functions, methods and classes nearest in meaning to a query in words or code, across repositories",
)
async def semantic_search(
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, pattern=VISIBLE, description="words or code")],
    backend: BackendDep,
    k: Annotated[int, Query(ge=1, le=MAX_K, description=f"hits at most, 1..{MAX_K}")] = 10,
    repo: Annotated[
        list[Annotated[str, Query(min_length=1, max_length=200)]] | None,
        Query(description="only these repositories (repeat the parameter); default: every one"),
    ] = None,
    language: Annotated[list[LanguageName] | None, Query(description="only these languages (repeat)")] = None,
    kind: Annotated[list[SymbolKind] | None, Query(description="only these kinds (repeat)")] = None,
):
    return await backend.semantic_search(q, k, repo, language, kind)


# Declared after /semantic, which a repository id cannot be (ids end with -<8 hex digits>).
@search.get("/{repo_id}", response_model=Page[SearchHit], summary="Symbols matching a text query, best first")
async def search_symbols(
    repo_id: RepoId,
    q: Annotated[str, Query(min_length=1, max_length=1000, pattern=VISIBLE, description="not only blanks")],
    backend: BackendDep,
    kind: Annotated[str | None, Query(max_length=100)] = None,
    offset: Offset = 0,
    limit: int = limit_param(20),
):
    return await backend.search(repo_id, q, kind, offset, limit)


# ---------------------------------------------------------------- refactoring plans

plans = APIRouter(prefix="/api/v1/plans", tags=["plans"], responses=errors(*AUTHED, 404))
PlanId = Annotated[str, Path(min_length=1, max_length=100, description="a plan id (p-...)")]


@plans.post(
    "",
    status_code=201,
    response_model=Plan,
    dependencies=[Depends(require(PLAN))],
    responses=errors(409, 413),
    summary="Plan a refactoring on a repository's latest scan; stored and returned",
    description=(
        "The plan's `patch` applies with `git apply` on the commit it was computed on. 409 when the "
        "repository changed since its scan; 422 with the reason for a request that cannot be carried "
        "out safely (a name that is taken, a move that would create an import cycle)."
    ),
)
async def create_plan(body: CreatePlan, backend: BackendDep):
    return await backend.plan(body.repo_id, body.request.model_dump(mode="json"))


@plans.get("", response_model=Page[PlanSummary], dependencies=[Depends(require(READ))], summary="Stored plans")
async def list_plans(
    backend: BackendDep,
    repo: Annotated[str, Query(min_length=1, max_length=200, description="the repository")],
    offset: Offset = 0,
    limit: int = limit_param(50),
):
    return await backend.list_plans(repo, offset, limit)


@plans.get("/{plan_id}", response_model=Plan, dependencies=[Depends(require(READ))])
async def get_plan(plan_id: PlanId, backend: BackendDep):
    return await backend.get_plan(plan_id)


@plans.get(
    "/{plan_id}/patch",
    response_class=Response,  # not PlainTextResponse: its media type would be documented for the JSON errors too
    dependencies=[Depends(require(READ))],
    responses={
        **errors(409),
        200: {"content": {"text/x-diff": {"schema": {"type": "string"}}}, "description": "the patch, for git apply"},
    },
    summary="The plan's patch, refused (409) when the repository has moved on since the plan",
)
async def plan_patch(plan_id: PlanId, backend: BackendDep) -> Response:
    return Response(await backend.plan_patch(plan_id), media_type="text/x-diff")


# ---------------------------------------------------------------- tokens

tokens = APIRouter(
    prefix="/api/v1/tokens", tags=["tokens"], dependencies=[Depends(require(ADMIN))], responses=errors(*AUTHED)
)


@tokens.post(
    "",
    status_code=201,
    response_model=CreatedToken,
    responses=errors(409, 413),
    summary="Create an API token (shown once)",
)
async def create_token(body: TokenRequest, backend: BackendDep):
    return await backend.create_token(body.name, list(body.scopes))


@tokens.get("", response_model=list[TokenInfo])
async def list_tokens(backend: BackendDep):
    return await backend.list_tokens()


@tokens.delete("/{token_id}", status_code=204, response_class=Response, responses=errors(404))
async def revoke_token(token_id: Annotated[str, Path(min_length=1, max_length=200)], backend: BackendDep) -> Response:
    await backend.revoke_token(token_id)
    return Response(status_code=204)


# ---------------------------------------------------------------- git webhook

_PUSH_SCHEMA = {
    "type": "object",
    "description": "A GitHub-style push event (other fields are ignored)",
    "properties": {
        "ref": {"type": "string", "example": "refs/heads/main"},
        "after": {"type": "string"},
        "deleted": {"type": "boolean"},
        "repository": {
            "type": "object",
            "properties": {
                "full_name": {"type": "string", "example": "acme/shop"},
                "clone_url": {"type": "string", "example": "https://github.com/acme/shop.git"},
            },
        },
    },
}

webhooks = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])


@webhooks.post(
    "/git",
    status_code=202,
    response_model=WebhookReceipt,
    responses=errors(401, 413, 422, 503),
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": _PUSH_SCHEMA}}}},
    summary="A git push webhook (GitHub style): queues a scan of the pushed ref",
)
async def git_webhook(
    request: Request,
    backend: BackendDep,
    x_hub_signature_256: Annotated[
        str | None, Header(description="sha256=<HMAC-SHA256 of the raw body with CODEINTEL_WEBHOOK_SECRET>")
    ] = None,
    x_github_event: Annotated[str | None, Header(description="push; other events are ignored")] = None,
) -> WebhookReceipt:
    config: ApiConfig = request.app.state.config
    body = await request.body()
    if config.webhook_secret is None or not config.webhook_secret.get_secret_value():
        raise ApiError(401, "unauthorized", "webhooks are disabled: CODEINTEL_WEBHOOK_SECRET is not set")
    if not signature_matches(config.webhook_secret.get_secret_value(), body, x_hub_signature_256):
        raise ApiError(401, "unauthorized", "missing or bad X-Hub-Signature-256")
    event = x_github_event or "unknown"
    if event != "push":
        return WebhookReceipt(status="ignored", event=event, reason="only push events start scans")
    request_or_reason = push_to_scan_request(body, config.webhook_repositories)
    if isinstance(request_or_reason, str):
        return WebhookReceipt(status="ignored", event=event, reason=request_or_reason)
    ticket = await backend.register_repository(request_or_reason, requested_by="webhook")
    request.app.state.metrics.scans_started.labels("webhook").inc()
    return WebhookReceipt(status="queued", event=event, ticket=ticket)


def signature_matches(secret: str, body: bytes, header: str | None) -> bool:
    """GitHub's X-Hub-Signature-256: `sha256=` and the hex HMAC-SHA256 of the raw body."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), header.removeprefix("sha256=").strip().lower().encode())


def push_to_scan_request(body: bytes, mapping: dict[str, str]) -> RegisterRepository | str:
    """The scan a push asks for, or why it asks for none. Raises ApiError 422 for a body that is not
    a push event. The location is the configured one for the repository (by full name or clone
    URL), else its clone URL; the ref is the pushed branch or tag."""
    try:
        event = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(422, "invalid_request", f"push event is not JSON: {exc}") from None
    repository = event.get("repository") if isinstance(event, dict) else None
    if not isinstance(repository, dict) or not isinstance(event.get("ref"), str):
        raise ApiError(422, "invalid_request", "push event without `ref` and `repository`")
    if event.get("deleted") is True:
        return "the pushed ref was deleted"
    names = [repository.get(key) for key in ("full_name", "clone_url", "html_url", "ssh_url")]
    location = next((mapping[n] for n in names if isinstance(n, str) and n in mapping), None)
    location = location or repository.get("clone_url")
    if not isinstance(location, str) or not location:
        raise ApiError(422, "invalid_request", "push event without repository.clone_url and no configured mapping")
    ref = event["ref"]
    for prefix in ("refs/heads/", "refs/tags/"):
        ref = ref.removeprefix(prefix)
    return RegisterRepository(location=location, ref=ref or None)


# ---------------------------------------------------------------- operations

operations = APIRouter(tags=["operations"])


@operations.get("/health", response_model=Health, summary="Liveness: the process answers")
async def health() -> Health:
    return Health()


@operations.get(
    "/ready",
    response_model=ReadyReport,
    responses={503: {"model": ReadyReport, "description": "A store cannot be reached"}},
    summary="Readiness: the metadata and graph stores answer",
)
async def ready(backend: BackendDep) -> JSONResponse:
    checks = await backend.ready()
    ok = all(state == "ok" for state in checks.values())
    report = ReadyReport(status="ready" if ok else "unavailable", checks=checks)
    return JSONResponse(report.model_dump(), status_code=200 if ok else 503)


@operations.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "Prometheus text"}},
    summary="Prometheus metrics of this process",
)
async def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)


# ---------------------------------------------------------------- errors

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any):
    body: dict[str, Any] = {"code": code, "message": message, **extra}
    return JSONResponse({"error": body}, status_code=status, headers=headers)


async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def _service_error(_: Request, exc: ServiceError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    headers = exc.headers
    if exc.status_code == 404 and message == "Not Found":
        message = "no such route"
    if exc.status_code == 400 and message == "There was an error parsing the body":
        # FastAPI's answer to a body that is not UTF-8; bad JSON is already a 422 like this
        return error_response(422, "invalid_request", "the body is not UTF-8 JSON")
    if exc.status_code == 405:
        # Starlette names the methods of the first route matching the path; a path served by
        # several routes (GET and POST /repositories) has all of theirs.
        headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
        message = f"{request.method} is not allowed here; allowed: {headers['Allow']}"
    return error_response(exc.status_code, code, message, headers)


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, APIRoute | Route) and route.path_regex.match(request.url.path):
            methods |= route.methods or set()
    return sorted(methods)


async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    details = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": error.get("msg", ""), "type": error.get("type")}
        for error in exc.errors()
    ]
    first = details[0] if details else {"loc": [], "msg": "invalid request"}
    message = f"{'.'.join(first['loc'])}: {first['msg']}" if first["loc"] else first["msg"]
    return error_response(422, "invalid_request", message, details=details)


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    # Starlette re-raises after this answer, so the server logs the traceback once.
    return error_response(500, "internal_error", "internal error; the server log has the details")


# ---------------------------------------------------------------- the app


def create_app(backend: Backend, config: ApiConfig | None = None) -> FastAPI:
    """The API over `backend`; `config` defaults to the environment (CODEINTEL_ADMIN_TOKEN, ...)."""
    config = config if config is not None else load_api_config()
    app = FastAPI(
        title="Codebase Intelligence Engine",
        version=API_VERSION,
        description="Code graphs, analysis and search over HTTP. Bearer-token auth; see docs/api.md.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        dependencies=[Depends(reject_unknown_query)],
    )
    app.state.backend = backend
    app.state.config = config
    app.state.authenticator = Authenticator(backend, config.admin_token_hash())
    app.state.metrics = ApiMetrics()
    for router in (repositories, scans, graph, analyze, search, plans, tokens, webhooks, operations):
        app.include_router(router)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body_bytes)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)  # added last: outermost
    return app
