"""The Python client: EngineService's methods and answers, in-process; and the same over HTTP
against the API in serve/ (when it is importable)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import codeintel
from codeintel.client import Client
from codeintel.config import Settings, load_settings
from codeintel.service.engine_service import EngineService
from codeintel.service.errors import (
    Conflict,
    Forbidden,
    InvalidRequest,
    NotFound,
    QueryRefused,
    ServiceError,
    Unauthorized,
    Unavailable,
    error_from_response,
)
from codeintel.service.models import Page, RegisterRepository, RepositoryView


def _settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", events={"coalesce_seconds": 0.02})


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    with Client(settings=_settings(tmp_path)) as client:
        yield client


def test_the_client_is_exported_lazily_by_the_package() -> None:
    assert codeintel.Client is Client


def test_an_in_process_client_registers_waits_and_asks_the_graph(client: Client, shop: Path) -> None:
    ticket = client.register_repository(str(shop))
    view = client.wait_for_scan(ticket.repo_id, timeout=60)
    assert isinstance(view, RepositoryView) and view.state == "ready" and not client.remote
    callers = client.callers(ticket.repo_id, "shop.cli.helper")
    assert {(e.caller.qualname, e.line) for e in callers} == {("shop.cli.main", 13), ("shop.cli.main.inner", 16)}
    page = client.list_repositories()
    assert isinstance(page, Page) and [r.id for r in page.items] == [ticket.repo_id]
    assert {f.kind for f in client.findings(ticket.repo_id).items} == {"dead_code"}  # nothing runs shop's code
    assert client.coupling(ticket.repo_id, level="package").items[0].model_dump() == {
        "level": "package",
        "name": "shop",
        "path": "shop",
        "afferent": 0,
        "efferent": 0,
        "instability": 0.0,
    }
    assert client.search(ticket.repo_id, "slug").items[0].symbol.qualname == "shop.util.slug"
    assert client.sarif(ticket.repo_id)["version"] == "2.1.0"


def test_an_in_process_client_raises_the_service_errors(client: Client, shop: Path) -> None:
    with pytest.raises(NotFound):
        client.get_repository("nope")
    with pytest.raises(InvalidRequest):
        client.register_repository(RegisterRepository(location=str(shop / "missing")))
    with pytest.raises(QueryRefused):
        client.cypher("MATCH (n) DETACH DELETE n")


def test_a_client_over_a_given_service_leaves_it_open(tmp_path: Path) -> None:
    with EngineService(_settings(tmp_path), scan_in_background=False) as service:
        with Client(service=service) as client:
            created = client.create_token("notebook", ["read"])
            assert client.verify_token(created.token) is not None
        assert [t.name for t in service.list_tokens()] == ["notebook"]  # still usable


def test_url_and_in_process_arguments_do_not_mix(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        Client(url="http://localhost:1", settings=_settings(tmp_path))


def test_api_errors_map_back_to_the_service_classes() -> None:
    def error(code: str, status: int) -> dict:
        return {"error": {"code": code, "message": f"{code}!"}}

    cases = {
        ("not_found", 404): NotFound,
        ("invalid_request", 422): InvalidRequest,
        ("conflict", 409): Conflict,
        ("query_refused", 400): QueryRefused,
        ("unavailable", 503): Unavailable,
        ("unauthorized", 401): Unauthorized,
        ("forbidden", 403): Forbidden,
    }
    for (code, status), cls in cases.items():
        raised = error_from_response(status, error(code, status))
        assert type(raised) is cls and (raised.code, raised.status, raised.message) == (code, status, f"{code}!")
    assert type(error_from_response(404, "<html>gone</html>")) is NotFound  # no JSON: by status
    odd = error_from_response(500, error("internal_error", 500))
    assert type(odd) is ServiceError and (odd.status, odd.code) == (500, "internal_error")


def test_a_client_whose_server_is_down_raises_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with Client(url=f"http://127.0.0.1:{port}", token="ci_x", timeout=2) as client, pytest.raises(Unavailable):
        client.list_repositories()


@pytest.fixture
def api(tmp_path: Path) -> Iterator[str]:
    """The HTTP API of serve/ over an in-process EngineService, served by uvicorn on a free port."""
    uvicorn = pytest.importorskip("uvicorn")
    app_module = pytest.importorskip("serve.app")
    from serve.backend import LocalBackend
    from serve.config import ApiConfig

    service = EngineService(_settings(tmp_path))
    app = app_module.create_app(LocalBackend(service), ApiConfig(admin_token="bootstrap-secret"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the API did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    service.close()


def test_over_http_the_client_gives_the_same_answers_and_errors(api: str, shop: Path) -> None:
    with Client(url=api, token="bootstrap-secret") as admin:
        created = admin.create_token("notebook", ["read", "scan"])
    with Client(url=api, token=created.token) as client:
        assert client.remote
        ticket = client.register_repository(str(shop))
        view = client.wait_for_scan(ticket.repo_id, timeout=60)
        assert view.state == "ready" and view.latest_scan is not None and view.latest_scan.progress is not None
        callers = client.callers(ticket.repo_id, "shop.cli.helper", depth=2)
        assert {(e.caller.qualname, e.callee.qualname, e.depth) for e in callers} == {
            ("shop.cli.main", "shop.cli.helper", 1),
            ("shop.cli.main.inner", "shop.cli.helper", 1),
            ("shop.cli", "shop.cli.main", 2),
            ("shop.cli.main", "shop.cli.main.inner", 2),
        }
        chain = client.path(ticket.repo_id, "shop.util.make", "shop.models.Product.label").symbols
        assert [s.name for s in chain] == ["make", "describe", "label"]
        assert [d.target for d in client.dependencies(ticket.repo_id, "shop.cli")] == ["shop.models", "shop.util"]
        assert client.find_symbols(ticket.repo_id, "label").total == 2
        assert client.cypher("MATCH (m:Module) RETURN m.name AS name ORDER BY name", limit=1).truncated
        assert client.findings(ticket.repo_id, severity="high").items == []
        coupling = client.coupling(ticket.repo_id)
        assert coupling.items[0].name == "shop.models" and coupling.items[0].afferent == 3
        with pytest.raises(NotFound):
            client.get_repository("nope")
        with pytest.raises(QueryRefused):
            client.cypher("MATCH (n) DETACH DELETE n")
        with pytest.raises(InvalidRequest, match="ambiguous"):
            client.callers(ticket.repo_id, "label")
        with pytest.raises(Forbidden):
            client.list_tokens()
    with Client(url=api, token="ci_wrong") as stranger, pytest.raises(Unauthorized):
        stranger.list_repositories()
