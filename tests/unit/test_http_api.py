"""The HTTP API without Ray: the FastAPI app over LocalBackend and a hand-written service.

The service here answers like EngineService with canned data and records what it is asked,
so these tests pin the HTTP layer alone: auth and scopes, limits, the error shape, pagination,
the git webhook, the operational endpoints and the published OpenAPI.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime

import httpx
import pytest

from codeintel.service.errors import Conflict, NotFound, QueryRefused, Unavailable
from codeintel.service.models import (
    SCOPES,
    CreatedToken,
    Page,
    QueryResult,
    RegisterRepository,
    RepositoryView,
    ScanTicket,
    SemanticHit,
    SemanticSearchResult,
    TokenInfo,
)
from serve.app import ScopeName, create_app
from serve.backend import LocalBackend
from serve.config import ApiConfig

pytestmark = pytest.mark.anyio

ADMIN_TOKEN = "bootstrap-secret-token"
WEBHOOK_SECRET = "webhook-secret"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


class FakeService:
    """EngineService's surface: one repository `shop`, tokens in a dict, scans recorded."""

    def __init__(self) -> None:
        self.registered: list[RegisterRepository] = []
        self.requested_by: list[str] = []
        self.tokens: dict[str, TokenInfo] = {}
        self.list_calls: list[tuple[int, int]] = []
        self.graph_down = False
        self.semantic_calls: list[tuple] = []
        self.repository = RepositoryView(id="shop", name="shop", location="/src/shop", created_at=NOW, state="ready")

    def register_repository(self, request: RegisterRepository, *, requested_by: str = "api") -> ScanTicket:
        self.registered.append(request)
        self.requested_by.append(requested_by)
        return ScanTicket(repo_id="shop", location=request.location, ref=request.ref, request_id="r1", status="queued")

    def list_repositories(self, offset: int = 0, limit: int = 50) -> Page[RepositoryView]:
        self.list_calls.append((offset, limit))
        items = [self.repository][offset : offset + limit]
        return Page[RepositoryView](items=items, total=1, offset=offset, limit=limit)

    def get_repository(self, repo_id: str) -> RepositoryView:
        if repo_id != "shop":
            raise NotFound(f"no repository {repo_id!r}")
        return self.repository

    def delete_repository(self, repo_id: str) -> None:
        if repo_id == "busy":
            raise Conflict("a scan of busy is running")
        self.get_repository(repo_id)

    def cypher(self, query: str, params=None, limit: int = 1000) -> QueryResult:
        if self.graph_down:
            raise Unavailable("graph store unreachable")
        if "CREATE" in query:
            raise QueryRefused("writes are refused")
        return QueryResult(columns=["ok"], rows=[{"ok": 1}], truncated=False)

    def callers(self, repo_id: str, symbol: str, depth: int = 1):
        raise RuntimeError("a bug in the engine")

    def semantic_search(self, q: str, k: int = 10, repos=None, languages=None, kinds=None) -> SemanticSearchResult:
        self.semantic_calls.append((q, k, repos, languages, kinds))
        for repo in repos or []:
            self.get_repository(repo)
        hit = SemanticHit(
            repo="shop",
            path="shop/models.py",
            start_line=32,
            end_line=33,
            score=0.61,
            symbol_id="shop:models:to_json",
            name="to_json",
            qualname="shop.models.Product.to_json",
            kind="method",
            language="python",
        )
        return SemanticSearchResult(
            query=q, model="m@1", k=k, hits=[hit], searched=["shop"], unsearched=[], query_truncated=False
        )

    def create_token(self, name: str, scopes: list[str]) -> CreatedToken:
        token = f"tok-{len(self.tokens)}"
        info = TokenInfo(
            id=f"id-{len(self.tokens)}", name=name, scopes=scopes, created_at=NOW, last_used_at=None, revoked=False
        )
        self.tokens[token] = info
        return CreatedToken(token=token, info=info)

    def verify_token(self, token: str) -> TokenInfo | None:
        info = self.tokens.get(token)
        return None if info is None or info.revoked else info

    def list_tokens(self) -> list[TokenInfo]:
        return list(self.tokens.values())

    def revoke_token(self, token_id: str) -> None:
        for token, info in self.tokens.items():
            if info.id == token_id:
                self.tokens[token] = info.model_copy(update={"revoked": True})
                return
        raise NotFound(f"no token {token_id!r}")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def service() -> FakeService:
    return FakeService()


def make_app(service: FakeService, **config):
    values = {"admin_token": ADMIN_TOKEN, "webhook_secret": WEBHOOK_SECRET, **config}
    return create_app(LocalBackend(service), ApiConfig(**values))


@pytest.fixture
async def api(service: FakeService):
    transport = httpx.ASGITransport(app=make_app(service), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


ADMIN = bearer(ADMIN_TOKEN)


async def token_with(api: httpx.AsyncClient, *scopes: str) -> dict[str, str]:
    created = await api.post("/api/v1/tokens", json={"name": "t", "scopes": list(scopes)}, headers=ADMIN)
    assert created.status_code == 201, created.text
    return bearer(created.json()["token"])


def error_of(response: httpx.Response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    return body["error"]


# ---------------------------------------------------------------- auth


async def test_a_request_without_a_token_is_401_with_a_bearer_challenge(api):
    response = await api.get("/api/v1/repositories")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert error_of(response)["code"] == "unauthorized"


async def test_an_unknown_token_is_401(api):
    response = await api.get("/api/v1/repositories", headers=bearer("made-up"))
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_a_token_without_the_scope_is_403(api):
    reader = await token_with(api, "read")
    assert (await api.get("/api/v1/repositories", headers=reader)).status_code == 200
    refused = await api.post("/api/v1/repositories", json={"location": "/src/shop"}, headers=reader)
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "forbidden"
    assert (await api.get("/api/v1/tokens", headers=reader)).status_code == 403


async def test_a_scan_token_registers_repositories_but_cannot_read_or_manage_tokens(api, service):
    scanner = await token_with(api, "scan")
    response = await api.post("/api/v1/repositories", json={"location": "/src/shop", "ref": "main"}, headers=scanner)
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert service.registered == [RegisterRepository(location="/src/shop", ref="main")]
    assert (await api.get("/api/v1/repositories", headers=scanner)).status_code == 403
    create = await api.post("/api/v1/tokens", json={"name": "x", "scopes": ["read"]}, headers=scanner)
    assert create.status_code == 403


async def test_the_bootstrap_admin_token_creates_a_token_that_then_works(api, service):
    created = await api.post("/api/v1/tokens", json={"name": "ci", "scopes": ["read", "scan"]}, headers=ADMIN)
    assert created.status_code == 201
    token = created.json()["token"]
    assert created.json()["info"]["scopes"] == ["read", "scan"]
    assert (await api.get("/api/v1/repositories/shop", headers=bearer(token))).json()["id"] == "shop"


async def test_the_bootstrap_token_is_unknown_when_the_environment_sets_none(service):
    transport = httpx.ASGITransport(app=make_app(service, admin_token=None))
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as api:
        assert (await api.get("/api/v1/tokens", headers=ADMIN)).status_code == 401


async def test_a_revoked_token_is_401(api):
    created = (await api.post("/api/v1/tokens", json={"name": "t", "scopes": ["read"]}, headers=ADMIN)).json()
    assert (await api.delete(f"/api/v1/tokens/{created['info']['id']}", headers=ADMIN)).status_code == 204
    assert (await api.get("/api/v1/repositories", headers=bearer(created["token"]))).status_code == 401


async def test_a_token_request_with_an_unknown_scope_is_422(api):
    response = await api.post("/api/v1/tokens", json={"name": "t", "scopes": ["root"]}, headers=ADMIN)
    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_request"


def test_the_api_offers_exactly_the_service_scopes():
    from typing import get_args

    assert set(get_args(ScopeName)) == set(SCOPES)


# ---------------------------------------------------------------- limits and errors


async def test_a_body_over_one_mebibyte_is_413(api):
    body = json.dumps({"location": "x" * (1024 * 1024)})
    response = await api.post(
        "/api/v1/repositories", content=body, headers={**ADMIN, "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"


@pytest.mark.parametrize("declared", [b"10", None])
async def test_a_streamed_body_over_the_limit_is_413_whatever_content_length_says(service, declared):
    """The limit counts the bytes that arrive, so a small (or no) Content-Length does not get a
    large body through."""
    app = make_app(service, max_body_bytes=1000)
    chunks = [b'{"location": "' + b"x" * 600, b"y" * 600 + b'"}']
    headers = [(b"authorization", f"Bearer {ADMIN_TOKEN}".encode()), (b"content-type", b"application/json")]
    if declared is not None:
        headers.append((b"content-length", declared))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/repositories",
        "raw_path": b"/api/v1/repositories",
        "query_string": b"",
        "headers": headers,
        "server": ("api", 80),
        "client": ("test", 1),
        "root_path": "",
    }
    messages = [{"type": "http.request", "body": chunk, "more_body": True} for chunk in chunks]
    messages[-1]["more_body"] = False
    sent: list[dict] = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    assert sent[0]["status"] == 413
    assert json.loads(b"".join(m.get("body", b"") for m in sent[1:]))["error"]["code"] == "payload_too_large"
    assert service.registered == []


async def test_an_unknown_route_is_404_in_the_error_shape(api):
    response = await api.get("/api/v1/nothing-here", headers=ADMIN)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


async def test_an_unknown_repository_is_the_services_404(api):
    response = await api.get("/api/v1/repositories/nope", headers=ADMIN)
    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "message": "no repository 'nope'"}


async def test_a_bad_parameter_is_422_invalid_request_naming_the_parameter(api):
    response = await api.get("/api/v1/graph/shop/callers", params={"symbol": "f", "depth": 0}, headers=ADMIN)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_request"
    assert error["message"].startswith("query.depth:")


async def test_an_unknown_query_parameter_is_422_not_ignored(api):
    response = await api.get("/api/v1/repositories", params={"limt": 10}, headers=ADMIN)
    assert response.status_code == 422
    assert error_of(response) == {"code": "invalid_request", "message": "unknown query parameter 'limt'"}


async def test_a_conflict_is_409(api):
    response = await api.delete("/api/v1/repositories/busy", headers=ADMIN)
    assert response.status_code == 409
    assert error_of(response)["code"] == "conflict"


async def test_a_cypher_write_is_refused_with_400(api):
    response = await api.post("/api/v1/graph/cypher", json={"query": "CREATE (n:X)"}, headers=ADMIN)
    assert response.status_code == 400
    assert error_of(response)["code"] == "query_refused"


async def test_an_engine_bug_is_500_in_the_error_shape_without_details(api):
    response = await api.get("/api/v1/graph/shop/callers", params={"symbol": "f"}, headers=ADMIN)
    assert response.status_code == 500
    assert error_of(response)["code"] == "internal_error"
    assert "a bug in the engine" not in response.text


async def test_a_wrong_method_is_405_in_the_error_shape(api):
    response = await api.put("/api/v1/repositories", headers=ADMIN)
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


# ---------------------------------------------------------------- semantic search


async def test_semantic_search_takes_repeated_filters_and_is_not_mistaken_for_a_repository(api, service):
    params = [("q", "convert to JSON"), ("k", "3"), ("repo", "shop"), ("language", "python")]
    params += [("kind", "method"), ("kind", "class")]
    response = await api.get("/api/v1/search/semantic", params=params, headers=ADMIN)
    assert response.status_code == 200, response.text
    assert response.json()["hits"][0]["qualname"] == "shop.models.Product.to_json"
    assert service.semantic_calls == [("convert to JSON", 3, ["shop"], ["python"], ["method", "class"])]
    await api.get("/api/v1/search/semantic", params={"q": "json"}, headers=ADMIN)
    assert service.semantic_calls[-1] == ("json", 10, None, None, None)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "query.q"),
        ({"q": "  "}, "query.q"),
        ({"q": "x" * 10_001}, "query.q"),
        ({"q": "json", "k": 0}, "query.k"),
        ({"q": "json", "k": 101}, "query.k"),
        ({"q": "json", "language": "cobol"}, "query.language.0"),
        ({"q": "json", "kind": "module"}, "query.kind.0"),
    ],
    ids=["missing", "blank", "long", "k0", "k101", "language", "kind"],
)
async def test_semantic_search_with_a_bad_parameter_is_422_naming_it(api, service, params, field):
    response = await api.get("/api/v1/search/semantic", params=params, headers=ADMIN)
    assert response.status_code == 422
    assert error_of(response)["message"].startswith(f"{field}:")
    assert service.semantic_calls == []


async def test_semantic_search_of_an_unknown_repository_is_404_and_needs_a_read_token(api):
    response = await api.get("/api/v1/search/semantic", params={"q": "json", "repo": "nope"}, headers=ADMIN)
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert (await api.get("/api/v1/search/semantic", params={"q": "json"})).status_code == 401
    scanner = await token_with(api, "scan")
    assert (await api.get("/api/v1/search/semantic", params={"q": "json"}, headers=scanner)).status_code == 403


# ---------------------------------------------------------------- pagination


@pytest.mark.parametrize("limit", [1, 500])
async def test_limits_from_1_to_500_are_accepted_and_passed_on(api, service, limit):
    response = await api.get("/api/v1/repositories", params={"offset": 0, "limit": limit}, headers=ADMIN)
    assert response.status_code == 200
    assert response.json() == {"items": [response.json()["items"][0]], "total": 1, "offset": 0, "limit": limit}
    assert service.list_calls == [(0, limit)]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "ten"}])
async def test_limits_and_offsets_out_of_bounds_are_422(api, service, params):
    response = await api.get("/api/v1/repositories", params=params, headers=ADMIN)
    assert response.status_code == 422
    assert service.list_calls == []


async def test_an_offset_past_the_end_is_an_empty_page(api):
    response = await api.get("/api/v1/repositories", params={"offset": 5}, headers=ADMIN)
    assert response.json()["items"] == []
    assert response.json()["total"] == 1


# ---------------------------------------------------------------- git webhook


PUSH = {
    "ref": "refs/heads/main",
    "after": "0" * 39 + "1",
    "repository": {"full_name": "acme/shop", "clone_url": "https://git.example.com/acme/shop.git"},
}


def signed(body: bytes, secret: str = WEBHOOK_SECRET, event: str = "push") -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "X-GitHub-Event": event, "Content-Type": "application/json"}


async def test_a_signed_push_becomes_a_scan_request_of_the_pushed_branch(api, service):
    body = json.dumps(PUSH).encode()
    response = await api.post("/api/v1/webhooks/git", content=body, headers=signed(body))
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert service.registered == [RegisterRepository(location="https://git.example.com/acme/shop.git", ref="main")]
    assert service.requested_by == ["webhook"]


async def test_a_configured_mapping_chooses_the_location_to_scan(service):
    transport = httpx.ASGITransport(app=make_app(service, webhook_repositories={"acme/shop": "/mirrors/shop"}))
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as api:
        body = json.dumps({**PUSH, "ref": "refs/tags/v1.2"}).encode()
        assert (await api.post("/api/v1/webhooks/git", content=body, headers=signed(body))).status_code == 202
    assert service.registered == [RegisterRepository(location="/mirrors/shop", ref="v1.2")]


@pytest.mark.parametrize(
    "headers",
    [
        {"X-GitHub-Event": "push"},
        {"X-GitHub-Event": "push", "X-Hub-Signature-256": "sha256=" + "0" * 64},
        signed(json.dumps(PUSH).encode(), secret="another secret"),
        signed(b"a different body"),
    ],
    ids=["missing", "zeros", "wrong-secret", "other-body"],
)
async def test_a_push_without_a_good_signature_is_401_and_scans_nothing(api, service, headers):
    response = await api.post("/api/v1/webhooks/git", content=json.dumps(PUSH).encode(), headers=headers)
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"
    assert service.registered == []


async def test_webhooks_are_refused_when_no_secret_is_configured(service):
    transport = httpx.ASGITransport(app=make_app(service, webhook_secret=None))
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as api:
        body = json.dumps(PUSH).encode()
        assert (await api.post("/api/v1/webhooks/git", content=body, headers=signed(body))).status_code == 401
    assert service.registered == []


async def test_other_events_and_deleted_branches_are_accepted_and_ignored(api, service):
    ping = json.dumps({"zen": "hi"}).encode()
    response = await api.post("/api/v1/webhooks/git", content=ping, headers=signed(ping, event="ping"))
    assert (response.status_code, response.json()["status"]) == (202, "ignored")
    deleted = json.dumps({**PUSH, "deleted": True}).encode()
    response = await api.post("/api/v1/webhooks/git", content=deleted, headers=signed(deleted))
    assert (response.status_code, response.json()["status"]) == (202, "ignored")
    assert service.registered == []


async def test_a_signed_push_that_is_not_a_push_event_is_422(api):
    body = b'{"hello": "world"}'
    response = await api.post("/api/v1/webhooks/git", content=body, headers=signed(body))
    assert response.status_code == 422


# ---------------------------------------------------------------- operations


async def test_health_needs_no_token(api):
    response = await api.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_ready_when_both_stores_answer_and_503_when_the_graph_does_not(api, service):
    response = await api.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"metadata": "ok", "graph": "ok"}}
    service.graph_down = True
    response = await api.get("/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"metadata": "ok", "graph": "graph store unreachable"}


async def test_metrics_count_requests_by_route_template_and_status_and_scans_requested(api):
    await api.get("/api/v1/repositories/nope", headers=ADMIN)
    await api.post("/api/v1/repositories", json={"location": "/src/shop"}, headers=ADMIN)
    response = await api.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'requests_total{method="GET",route="/api/v1/repositories/{repo_id}",status="404"} 1.0' in text
    assert 'duration_seconds_count{method="POST",route="/api/v1/repositories",status="202"} 1.0' in text
    assert 'codeintel_scans_requested_total{trigger="register"} 1.0' in text


# ---------------------------------------------------------------- OpenAPI


ROUTES = {
    ("post", "/api/v1/repositories"),
    ("get", "/api/v1/repositories"),
    ("get", "/api/v1/repositories/{repo_id}"),
    ("delete", "/api/v1/repositories/{repo_id}"),
    ("post", "/api/v1/repositories/{repo_id}/scans"),
    ("get", "/api/v1/repositories/{repo_id}/scans"),
    ("get", "/api/v1/scans/{scan_id}"),
    ("get", "/api/v1/scans/{scan_id}/problems"),
    ("get", "/api/v1/graph/{repo_id}/symbols"),
    ("get", "/api/v1/graph/{repo_id}/callers"),
    ("get", "/api/v1/graph/{repo_id}/callees"),
    ("get", "/api/v1/graph/{repo_id}/dependencies"),
    ("get", "/api/v1/graph/{repo_id}/reverse-dependencies"),
    ("get", "/api/v1/graph/{repo_id}/impact"),
    ("get", "/api/v1/graph/{repo_id}/path"),
    ("post", "/api/v1/graph/cypher"),
    ("get", "/api/v1/analyze/{repo_id}/findings"),
    ("get", "/api/v1/analyze/{repo_id}/sarif"),
    ("get", "/api/v1/analyze/{repo_id}/coupling"),
    ("get", "/api/v1/search/{repo_id}"),
    ("get", "/api/v1/search/semantic"),
    ("post", "/api/v1/plans"),
    ("get", "/api/v1/plans"),
    ("get", "/api/v1/plans/{plan_id}"),
    ("get", "/api/v1/plans/{plan_id}/patch"),
    ("post", "/api/v1/tokens"),
    ("get", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{token_id}"),
    ("post", "/api/v1/webhooks/git"),
    ("get", "/health"),
    ("get", "/ready"),
    ("get", "/metrics"),
}
OPEN = {("post", "/api/v1/webhooks/git"), ("get", "/health"), ("get", "/ready"), ("get", "/metrics")}


async def test_openapi_publishes_every_route_and_which_need_a_bearer_token(api):
    spec = (await api.get("/openapi.json")).json()
    operations = {(method, path): op for path, item in spec["paths"].items() for method, op in item.items()}
    assert set(operations) == ROUTES
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token (`POST /api/v1/tokens`), or the bootstrap CODEINTEL_ADMIN_TOKEN",
    }
    needs_token = {key for key, op in operations.items() if op.get("security")}
    assert needs_token == ROUTES - OPEN
