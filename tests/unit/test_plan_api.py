"""Plans over HTTP with the real engine behind the app: a committed, scanned copy of `shop`, the
FastAPI app over LocalBackend, tokens with and without the plan scope."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from serve.app import create_app
from serve.backend import LocalBackend
from serve.config import ApiConfig
from tests.conftest import FIXTURES
from tests.helpers import commit_files
from tests.planning_harness import ScannedRepo, scan_fixture

pytestmark = pytest.mark.anyio

ADMIN = {"Authorization": "Bearer plan-api-admin"}
RENAME = {"operation": "rename", "symbol": "shop.cli.helper", "new_name": "assist"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def scanned(tmp_path: Path):
    repo = scan_fixture(FIXTURES / "projects" / "shop", tmp_path)
    yield repo
    repo.close()


@pytest.fixture
async def api(scanned: ScannedRepo):
    app = create_app(LocalBackend(scanned.service), ApiConfig(admin_token="plan-api-admin"))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        yield client


async def token(api: httpx.AsyncClient, *scopes: str) -> dict[str, str]:
    created = await api.post("/api/v1/tokens", json={"name": "t", "scopes": list(scopes)}, headers=ADMIN)
    return {"Authorization": f"Bearer {created.json()['token']}"}


async def test_a_plan_is_made_stored_listed_and_its_patch_handed_out(api, scanned):
    planner = await token(api, "plan", "read")
    made = await api.post("/api/v1/plans", json={"repo_id": scanned.repo_id, "request": RENAME}, headers=planner)
    assert made.status_code == 201, made.text
    plan = made.json()
    assert plan["mapping"]["renamed"] == {"shop.cli.helper": "shop.cli.assist"}
    assert plan["commit"] is not None and plan["files_touched"] == ["shop/cli.py"]

    listed = await api.get("/api/v1/plans", params={"repo": scanned.repo_id}, headers=planner)
    assert [item["id"] for item in listed.json()["items"]] == [plan["id"]]
    assert (await api.get(f"/api/v1/plans/{plan['id']}", headers=planner)).json() == plan
    patch = await api.get(f"/api/v1/plans/{plan['id']}/patch", headers=planner)
    assert patch.status_code == 200 and patch.headers["content-type"].startswith("text/x-diff")
    assert patch.text == plan["patch"]


async def test_making_a_plan_needs_the_plan_scope_and_reading_one_the_read_scope(api, scanned):
    reader = await token(api, "read")
    refused = await api.post("/api/v1/plans", json={"repo_id": scanned.repo_id, "request": RENAME}, headers=reader)
    assert refused.status_code == 403
    planner = await token(api, "plan")
    made = await api.post("/api/v1/plans", json={"repo_id": scanned.repo_id, "request": RENAME}, headers=planner)
    assert made.status_code == 201
    assert (await api.get(f"/api/v1/plans/{made.json()['id']}", headers=planner)).status_code == 403
    assert (await api.get(f"/api/v1/plans/{made.json()['id']}", headers=reader)).status_code == 200


@pytest.mark.parametrize(
    ("request_body", "status", "words"),
    [
        ({"operation": "rename", "symbol": "shop.cli.helper", "new_name": "main"}, 422, "main"),
        ({"operation": "rename", "symbol": "shop.cli.helper", "new_name": "class"}, 422, "class"),
        ({"operation": "rename", "symbol": "shop.nowhere.f", "new_name": "g"}, 404, "shop.nowhere.f"),
        ({"operation": "teleport", "symbol": "shop.cli.helper"}, 422, "operation"),
        ({"operation": "move", "symbols": [], "to_module": "shop.x"}, 422, "symbols"),
    ],
    ids=["name-taken", "keyword", "unknown-symbol", "unknown-operation", "nothing-to-move"],
)
async def test_a_request_that_cannot_be_planned_is_refused_with_the_reason(api, scanned, request_body, status, words):
    planner = await token(api, "plan")
    answer = await api.post(
        "/api/v1/plans", json={"repo_id": scanned.repo_id, "request": request_body}, headers=planner
    )
    assert answer.status_code == status, answer.text
    assert words in answer.json()["error"]["message"] or words in str(answer.json()["error"].get("details"))


async def test_a_repository_that_moved_on_gets_no_plan_and_no_stale_patch(api, scanned):
    planner = await token(api, "plan", "read")
    made = await api.post("/api/v1/plans", json={"repo_id": scanned.repo_id, "request": RENAME}, headers=planner)
    commit_files(scanned.root, {"shop/cli.py": "def helper():\n    return 0\n"}, "edited after the scan")
    stale = await api.get(f"/api/v1/plans/{made.json()['id']}/patch", headers=planner)
    assert stale.status_code == 409
    assert "was computed on commit" in stale.json()["error"]["message"]
    again = await api.post("/api/v1/plans", json={"repo_id": scanned.repo_id, "request": RENAME}, headers=planner)
    assert again.status_code == 409
    assert "rescan" in again.json()["error"]["message"]
