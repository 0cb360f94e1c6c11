"""Batch jobs on a real Ray cluster, submitted through `codeintel submit`: a bad repository fails
alone, and submitting the batch again skips what completed.

The test starts a cluster of its own (`ray start --head` with the dashboard, which serves the
Jobs API) in its own temp folder, on free ports, in a process session of its own. Only
subprocesses talk to it, so the session's local Ray in this process is never involved. It is
stopped by ending that session's processes: `ray stop` would stop every Ray on the machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from codeintel.graph import open_graph_store
from pipeline.batch import ResultRow, ResultTable

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

FIXTURES = Path(__file__).parents[1] / "fixtures" / "projects"
RAY = Path(sys.executable).with_name("ray")


def ray_env() -> dict[str, str]:
    """This environment, minus any address that would point Ray's tools at another cluster."""
    env = {k: v for k, v in os.environ.items() if k not in ("RAY_ADDRESS", "RAY_API_SERVER_ADDRESS")}
    return {**env, "RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def session_members(sid: int) -> list[int]:
    """Live (not zombie) processes of session `sid`."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getsid(int(entry)) != sid:
                continue
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            members.append(int(entry))
    return members


def stop_session(sid: int, grace: float = 15.0) -> None:
    """SIGTERM every process of the session the cluster was started in, then SIGKILL stragglers."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        for pid in session_members(sid):
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while session_members(sid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not session_members(sid):
            return


@pytest.fixture(scope="module")
def cluster():
    """The job server URL of a two-CPU Ray cluster of this module's own."""
    if not RAY.exists():
        pytest.skip(f"no ray command beside {sys.executable}")
    temp = Path(tempfile.mkdtemp(prefix="cibatch-", dir="/tmp"))  # short: Ray's socket paths must fit 107 bytes
    gcs, dashboard, client, agent_http, agent_grpc, runtime_env, metrics, node_manager = free_ports(8)
    command = [
        str(RAY),
        "start",
        "--head",
        f"--port={gcs}",
        f"--dashboard-port={dashboard}",
        "--dashboard-host=127.0.0.1",
        "--include-dashboard=true",
        f"--ray-client-server-port={client}",
        f"--dashboard-agent-listen-port={agent_http}",
        f"--dashboard-agent-grpc-port={agent_grpc}",
        f"--runtime-env-agent-port={runtime_env}",
        f"--metrics-export-port={metrics}",
        f"--node-manager-port={node_manager}",
        "--num-cpus=2",
        f"--temp-dir={temp}",
        "--disable-usage-stats",
    ]
    start = subprocess.Popen(
        command, cwd=temp, env=ray_env(), start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        output, _ = start.communicate(timeout=90)
        assert start.returncode == 0, output.decode(errors="replace")[-4000:]
        url = f"http://127.0.0.1:{dashboard}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/version", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield url
    finally:
        if start.poll() is None:
            start.kill()
        stop_session(start.pid)
        shutil.rmtree(temp, ignore_errors=True)


def submit(batch: Path, config: Path, address: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "codeintel", "submit", str(batch), "--address", address, "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=150,
        env=ray_env(),
    )


def results(path: Path) -> dict[str, ResultRow]:
    with ResultTable(path) as table:
        return {Path(row.location).name: row for row in table.rows()}


def test_a_bad_repository_fails_alone_and_a_resubmission_skips_what_completed(cluster, tmp_path):
    for name in ("shop", "library"):
        shutil.copytree(FIXTURES / name, tmp_path / name)
    data = tmp_path / "data"
    config = tmp_path / "settings.yaml"
    config.write_text(f"data_dir: {data}\n")
    batch = tmp_path / "repos.yaml"
    batch.write_text(
        "repositories:\n  - location: shop\n  - location: ./library\n    full: true\n  - location: missing\n"
        "settings:\n  pipeline:\n    ray_threshold_files: 0\n"
    )

    first = submit(batch, config, cluster)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "FAILED (exit code 1)" in first.stderr
    assert first.stdout.count("parsed on Ray Data") == 2  # ray_threshold_files: 0 sends every scan to Ray Data
    rows = results(data / "batches" / "repos.sqlite")
    assert {name: row.status for name, row in rows.items()} == {
        "shop": "completed",
        "library": "completed",
        "missing": "failed",
    }
    assert rows["missing"].error == f"SourceError: path does not exist: {tmp_path / 'missing'}"
    assert rows["shop"].counts["files"] == 4 and rows["library"].counts["files"] == 3

    store = open_graph_store("ladybug", data / "graph", read_only=True)
    try:
        functions = store.query(
            "MATCH (f:Function) WHERE f.repo = $repo RETURN f.qualname AS q ORDER BY q",
            {"repo": rows["library"].repo_id},
        )
        shop_counts = store.counts(rows["shop"].repo_id)
    finally:
        store.close()
    assert [row["q"] for row in functions] == [
        "library.catalog.Book.__init__",
        "library.catalog.Book.label",
        "library.catalog.Catalog.__init__",
        "library.catalog.Catalog.add",
        "library.catalog.Catalog.find",
        "library.loans.demo",
        "library.loans.lend",
        "library.loans.receipt",
    ]
    assert shop_counts["Class"] == 2

    batch.write_text("repositories:\n  - location: shop\n  - location: ./library\n    full: true\n")
    second = submit(batch, config, cluster)
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.count("skipped (completed earlier)") == 2
    again = results(data / "batches" / "repos.sqlite")
    for name in ("shop", "library"):
        assert again[name] == rows[name]  # not run again: same scan, same attempt, same timestamp
