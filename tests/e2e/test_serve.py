"""The API on Ray Serve, end to end: the real application on the session's local Ray, the real
HTTP proxy on a free port, the embedded stores in a fresh data folder.

The bootstrap admin token creates a token; with it a copy of `shop` is registered, scanned in the
repository deployment, queried through the graph and analysis deployments and given a rename
plan by the planner deployment, first with plain HTTP, then with `codeintel.Client`.
"""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from codeintel import Client
from codeintel.config import load_settings
from serve.config import ApiConfig
from serve.deployments import APP_NAME, build_application, prepare_stores

pytestmark = [pytest.mark.ray, pytest.mark.slow]

ADMIN_TOKEN = "e2e-bootstrap-admin"
# shop/cli.py: main() calls helper(), and so does the function nested in main.
HELPER_CALLERS = ["shop.cli.main", "shop.cli.main.inner"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(ray_session, tmp_path):
    """The application deployed on the session's Ray; Serve is shut down afterwards."""
    from ray import serve

    settings = load_settings(data_dir=tmp_path / "data")
    prepare_stores(settings)
    port = free_port()
    serve.start(http_options={"host": "127.0.0.1", "port": port})
    try:
        serve.run(build_application(settings, ApiConfig(admin_token=ADMIN_TOKEN)), name=APP_NAME, route_prefix="/")
        yield f"http://127.0.0.1:{port}"
    finally:
        serve.shutdown()


def wait_until_ready(http: httpx.Client, repo_id: str, headers: dict[str, str], timeout: float = 45) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        view = http.get(f"/api/v1/repositories/{repo_id}", headers=headers).json()
        if view["state"] in ("ready", "failed") or time.monotonic() > deadline:
            return view
        time.sleep(0.25)


def test_a_repository_registered_over_http_is_scanned_and_queried_on_serve(served, shop):
    with httpx.Client(base_url=served, timeout=30) as http:
        assert http.get("/health").json() == {"status": "ok"}
        assert http.get("/ready").json()["status"] == "ready"

        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        created = http.post("/api/v1/tokens", json={"name": "e2e", "scopes": ["read", "scan", "plan"]}, headers=admin)
        assert created.status_code == 201, created.text
        token = created.json()["token"]
        auth = {"Authorization": f"Bearer {token}"}

        ticket = http.post("/api/v1/repositories", json={"location": str(shop)}, headers=auth)
        assert ticket.status_code == 202, ticket.text
        repo_id = ticket.json()["repo_id"]
        view = wait_until_ready(http, repo_id, auth)
        assert view["state"] == "ready", view

        callers = http.get(f"/api/v1/graph/{repo_id}/callers", params={"symbol": "shop.cli.helper"}, headers=auth)
        assert callers.status_code == 200, callers.text
        assert sorted(edge["caller"]["qualname"] for edge in callers.json()) == HELPER_CALLERS

        findings = http.get(f"/api/v1/analyze/{repo_id}/findings", headers=auth)
        assert findings.status_code == 200, findings.text
        assert findings.json()["total"] == len(findings.json()["items"])

        rename = {"operation": "rename", "symbol": "shop.cli.helper", "new_name": "assist"}
        made = http.post("/api/v1/plans", json={"repo_id": repo_id, "request": rename}, headers=auth)
        assert made.status_code == 201, made.text  # planned in the planner deployment
        assert made.json()["mapping"]["renamed"] == {"shop.cli.helper": "shop.cli.assist"}
        patch = http.get(f"/api/v1/plans/{made.json()['id']}/patch", headers=auth)
        assert patch.status_code == 200 and "+def assist():" in patch.text

        assert http.get("/api/v1/tokens", headers=auth).status_code == 403  # read, scan and plan, not admin
        missing = http.get("/api/v1/graph/nope/callers", params={"symbol": "x"}, headers=auth)
        assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")  # from a replica

    with Client(url=served, token=token) as client:
        assert sorted(edge.caller.qualname for edge in client.callers(repo_id, "shop.cli.helper")) == HELPER_CALLERS
        assert client.findings(repo_id).total == findings.json()["total"]
        assert client.get_repository(repo_id).state == "ready"
        plan = client.get_plan(made.json()["id"])
        assert client.plan_patch(plan.id) == plan.patch
        assert [item.id for item in client.list_plans(repo_id).items] == [plan.id]
