"""Requests/s and latency of a callers query: the API on Ray Serve against the same FastAPI app
under plain uvicorn, side by side on the same graph.

    python benchmarks/serve.py [--seconds 10] [--clients 1 8 32] [--json OUT]

The repository scanned is this project itself (in a fresh data folder). The query is
`GET /api/v1/graph/{repo}/callers?symbol=...&depth=1` for a function with many callers. For each
number of concurrent clients (asyncio tasks on one httpx.AsyncClient each, looping for
`--seconds`) it prints requests/s, p50 and p99 for both servers, and the ratio Serve/uvicorn.
The load generator runs on the same two cores as the servers: compare the rows with each
other, not with a dedicated load-test rig.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
REPOSITORY = Path(__file__).parents[1]
# run as a script, this file's folder comes first on sys.path and its name would shadow the serve package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]
TOKEN = "bench-admin-token"
SYMBOL = "codeintel.config.load_settings"

UVICORN_APP = """
from codeintel.config import load_settings
from codeintel.service.engine_service import EngineService
from serve.app import create_app
from serve.backend import LocalBackend
from serve.config import ApiConfig
service = EngineService(load_settings(), scan_in_background=False)
app = create_app(LocalBackend(service), ApiConfig(admin_token="{token}"))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def load(url: str, clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60) as http:
            while time.perf_counter() < stop:
                started = time.perf_counter()
                response = await http.get(url)
                if response.status_code != 200:
                    errors += 1
                latencies.append(time.perf_counter() - started)

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests_per_s": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "requests": len(latencies),
        "errors": errors,
    }


def wait_healthy(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{base} never became healthy")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    from codeintel.config import load_settings
    from codeintel.service.engine_service import EngineService
    from codeintel.service.models import RegisterRepository

    work = Path(tempfile.mkdtemp(prefix="codeintel-serve-bench-"))
    settings = load_settings(data_dir=work / "data")
    with EngineService(settings) as service:
        ticket = service.register_repository(RegisterRepository(location=str(REPOSITORY)))
        assert service.wait_for_scan(ticket.repo_id, timeout=600).state == "ready"
        expected = len(service.callers(ticket.repo_id, SYMBOL))
    path = f"/api/v1/graph/{ticket.repo_id}/callers?symbol={SYMBOL}&depth=1"
    print(f"{REPOSITORY.name}: callers of {SYMBOL}: {expected} edges; {args.seconds:.0f} s per run")

    env = {**os.environ, "CODEINTEL_DATA_DIR": str(settings.data_dir)}
    (work / "bench_app.py").write_text(UVICORN_APP.format(token=TOKEN))
    uvicorn_port = free_port()
    uvicorn = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench_app:app", "--port", str(uvicorn_port), "--log-level", "warning"],
        cwd=work,
        env=env,
    )
    results: dict[str, dict[int, dict[str, float]]] = {"serve": {}, "uvicorn": {}}
    try:
        import ray
        from ray import serve

        from serve.config import ApiConfig
        from serve.deployments import APP_NAME, build_application, prepare_stores

        ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False)
        prepare_stores(settings)
        serve_port = free_port()
        serve.start(http_options={"host": "127.0.0.1", "port": serve_port})
        serve.run(build_application(settings, ApiConfig(admin_token=TOKEN)), name=APP_NAME, route_prefix="/")
        targets = {"serve": f"http://127.0.0.1:{serve_port}", "uvicorn": f"http://127.0.0.1:{uvicorn_port}"}
        for base in targets.values():
            wait_healthy(base)
            asyncio.run(load(base + path, 1, 1.0))  # warm up
        for clients in args.clients:
            for name, base in targets.items():
                results[name][clients] = asyncio.run(load(base + path, clients, args.seconds))
        serve.shutdown()
        ray.shutdown()
    finally:
        uvicorn.terminate()
        uvicorn.wait(timeout=30)

    print(f"{'clients':>7} {'server':8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}   Serve/uvicorn req/s")
    for clients in args.clients:
        for name in ("serve", "uvicorn"):
            row = results[name][clients]
            ratio = results["serve"][clients]["requests_per_s"] / results["uvicorn"][clients]["requests_per_s"]
            print(
                f"{clients:>7} {name:8} {row['requests_per_s']:8.1f} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f}"
                f" {row['errors']:6}" + (f"   {ratio:.2f}" if name == "uvicorn" else "")
            )
    if args.json:
        args.json.write_text(json.dumps({"symbol": SYMBOL, "seconds": args.seconds, "results": results}, indent=2))


if __name__ == "__main__":
    main()
