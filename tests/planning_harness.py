"""What every planner acceptance case checks, in one place.

A fixture repository (a folder under tests/fixtures/planning with its own tests) is copied,
committed to git and scanned; a plan is made through the EngineService; then the plan's patch
is applied with `git apply` to a fresh copy, and the copy must

1. parse: a rescan finds no syntax error in it;
2. import: every Python module of it imports (JavaScript: every module loads; Java: it compiles);
3. pass its tests: `run_tests.sh` where the fixture has one, else `python -m pytest`;
4. have the original call graph under the plan's symbol mapping (codeintel.planning.equivalence);
5. no longer have the findings the plan claims to remove (its `benefit`).

`verify(...)` returns what failed, [] when everything held; the tests assert it is [].
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from codeintel.config import Settings, load_settings
from codeintel.graph import open_graph_store
from codeintel.graph.export import callgraph_from_rows, to_pycg
from codeintel.planning.equivalence import callgraph_differences
from codeintel.planning.model import Plan
from codeintel.scan.engine import ScanEngine
from codeintel.service.engine_service import EngineService
from codeintel.store import open_metastore
from tests.helpers import git

PLANNING_FIXTURES = Path(__file__).parent / "fixtures" / "planning"
TEST_TIMEOUT_S = 120


@dataclass
class ScannedRepo:
    """A committed, scanned copy of a fixture, and a service to plan on it."""

    root: Path
    repo_id: str
    settings: Settings
    service: EngineService
    callgraph: dict[str, list[str]]
    syntax_errors: int

    def plan(self, request: dict) -> Plan:
        return self.service.plan(self.repo_id, request)

    def close(self) -> None:
        self.service.close()


def scan_fixture(fixture: str | Path, workdir: Path) -> ScannedRepo:
    """Copy `fixture` (a name under tests/fixtures/planning, or a folder) into `workdir`/repo,
    commit it and scan it; the caller closes the result."""
    source = Path(fixture) if Path(fixture).is_absolute() else PLANNING_FIXTURES / fixture
    root = workdir / "repo"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.class"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "fixture")
    settings = load_settings(data_dir=workdir / "data")
    summary = ScanEngine(settings).scan(str(root), use_ray=False, full=True)
    callgraph = callgraph_of(settings, summary.repo_id)
    service = EngineService(settings, scan_in_background=False)
    return ScannedRepo(root, summary.repo_id, settings, service, callgraph, summary.syntax_errors)


def scanned_once(fixture: str | Path):  # type: ignore[no-untyped-def]
    """A module-scoped pytest fixture: `fixture` (as for scan_fixture) scanned once for the test
    module that binds it (`shop = scanned_once("move_shop")` gives its tests a `shop`), closed
    after the module's last test."""

    @pytest.fixture(scope="module")
    def scanned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScannedRepo]:
        repo = scan_fixture(fixture, tmp_path_factory.mktemp(Path(fixture).name))
        yield repo
        repo.close()

    return scanned


def callgraph_of(settings: Settings, repo_id: str) -> dict[str, list[str]]:
    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        nodes = store.named_query("callgraph_nodes", repo=repo_id)
        edges = store.named_query("callgraph_edges", repo=repo_id)
    finally:
        store.close()
    return to_pycg(callgraph_from_rows(nodes, edges))


def apply_patch(root: Path, patch: str) -> None:
    """`git apply` the patch in `root` (checked first, so a bad patch changes nothing)."""
    for args in (["apply", "--check", "-"], ["apply", "-"]):
        done = subprocess.run(
            ["git", *args], cwd=root, input=patch, text=True, capture_output=True, env={**os.environ, "HOME": "/x"}
        )
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr.strip()}\n{patch}")


def applied_copy(plan: Plan, workdir: Path) -> Path:
    """Where `verify(scanned, plan, workdir)` applied the plan: a test reads the code it left there."""
    return workdir / f"after-{plan.id}"


def verify(scanned: ScannedRepo, plan: Plan, workdir: Path) -> list[str]:
    """Apply `plan` to a copy of the scanned repository (`applied_copy`) and check the properties above."""
    after = applied_copy(plan, workdir)
    shutil.copytree(scanned.root, after, symlinks=True)
    apply_patch(after, plan.patch)
    problems: list[str] = []
    settings = load_settings(data_dir=workdir / f"data-{plan.id}")
    summary = ScanEngine(settings).scan(str(after), use_ray=False, full=True)
    if summary.syntax_errors > scanned.syntax_errors:
        problems.append(f"syntax errors after the patch: {summary.syntax_errors} (before: {scanned.syntax_errors})")
    problems += [f"import: {p}" for p in import_problems(after)]
    problems += [f"tests: {p}" for p in test_problems(after)]
    new_callgraph = callgraph_of(settings, summary.repo_id)
    problems += [f"call graph: {p}" for p in callgraph_differences(scanned.callgraph, new_callgraph, plan.mapping)]
    with closing(open_metastore(settings)) as meta:
        remaining = {finding.id for finding in meta.findings(summary.repo_id)}
    problems += [
        f"benefit: {finding.kind} {finding.id} is still found after the patch ({finding.message})"
        for finding in plan.benefit
        if finding.id in remaining
    ]
    return problems


def python_modules(root: Path) -> list[str]:
    """Dotted names of the Python modules under `root` that are not tests (packages included)."""
    modules = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in ("tests", ".git") or relative.name.startswith("test_") or relative.name == "setup.py":
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if parts and all(part.isidentifier() for part in parts):
            modules.append(".".join(parts))
    return modules


def import_problems(root: Path) -> list[str]:
    """Python files that do not parse or modules that do not import, in a fresh interpreter."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        try:
            ast.parse(path.read_text(), str(path))
        except SyntaxError as exc:
            problems.append(f"{path.relative_to(root)}: {exc}")
    modules = python_modules(root)
    if modules and not problems:
        script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
        done = _run([sys.executable, "-c", script, *modules], root)
        if done.returncode != 0:
            problems.append(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "import failed")
    return problems


def test_problems(root: Path) -> list[str]:
    """The fixture's own tests: `bash run_tests.sh` where there is one, else pytest."""
    if (root / "run_tests.sh").exists():
        command = ["bash", "run_tests.sh"]
    else:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header"]
    done = _run(command, root)
    if done.returncode == 0:
        return []
    return [f"`{' '.join(command[-4:])}` exited {done.returncode}:\n{done.stdout[-3000:]}{done.stderr[-2000:]}"]


test_problems.__test__ = False  # a helper, not a test pytest should collect


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd),
        "PYTHONPATH": str(cwd),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "LANG": "C.UTF-8",
    }
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TEST_TIMEOUT_S)
