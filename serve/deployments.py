"""The engine on Ray Serve: four thin deployments over EngineService, and the HTTP ingress.

    HTTP -> ApiIngress (FastAPI app of serve/app.py over ServeBackend)
              |-> RepositoryDeployment   registration, scans, tokens; runs the background scans
              |-> GraphDeployment        symbols, callers/callees, dependencies, impact, path, Cypher
              |-> AnalysisDeployment     findings, SARIF, search (by name and by meaning)
              `-> PlannerDeployment      refactoring plans: make, store, list, hand out patches

Each deployment owns an EngineService built from the settings, which travel to the replicas as
a pydantic dump (`Settings.model_dump()`), and forwards calls to it; the engine's errors
(ServiceError) come back through the handles and the ingress answers them like any other.
Each autoscales between its min and max replicas on ongoing requests, and asks for a fraction of
a CPU, so the whole application fits a 2-CPU local Ray with room for scans.

With the in-process event bus the repository deployment keeps to one replica: scan requests
published in a replica are scanned by that replica's own router. With the Redis bus, requests
go to the router actor (`codeintel router`) and the repository deployment scales like the rest.
"""

from __future__ import annotations

from typing import Any

from ray import serve
from ray.serve.handle import DeploymentHandle

from codeintel.config import Settings
from serve.app import create_app
from serve.backend import ServeBackend, probe_stores
from serve.config import ApiConfig, load_api_config

APP_NAME = "codeintel"


def _autoscaling(min_replicas: int, max_replicas: int, target_ongoing_requests: float) -> dict[str, Any]:
    return {
        "min_replicas": min_replicas,
        "max_replicas": max_replicas,
        "target_ongoing_requests": target_ongoing_requests,
        "upscale_delay_s": 10,
        "downscale_delay_s": 120,
    }


def _service(settings: dict[str, Any], *, scan_in_background: bool):
    from codeintel.service.engine_service import EngineService

    def ray_runner():  # scans above settings.pipeline.ray_threshold_files parse on Ray Data
        from pipeline.scan import RayScanRunner

        return RayScanRunner()

    return EngineService(
        Settings.model_validate(settings), scan_in_background=scan_in_background, ray_runner=ray_runner
    )


class _ServiceDeployment:
    """Owns an EngineService; sync methods run in the replica's thread pool (Serve's default)."""

    scan_in_background = False

    def __init__(self, settings: dict[str, Any]) -> None:
        self.service = _service(settings, scan_in_background=self.scan_in_background)

    def ready(self) -> dict[str, str]:
        return probe_stores(self.service)

    def __del__(self) -> None:
        service = getattr(self, "service", None)
        if service is not None:
            service.close()


@serve.deployment(
    autoscaling_config=_autoscaling(1, 2, 4),
    ray_actor_options={"num_cpus": 0.5},
    max_ongoing_requests=32,
)
class RepositoryDeployment(_ServiceDeployment):
    """Repositories, scans and tokens; its service runs the scans it is asked for."""

    scan_in_background = True

    def register_repository(self, request, requested_by: str = "api"):
        return self.service.register_repository(request, requested_by=requested_by)

    def rescan(self, repo_id: str, full: bool):
        return self.service.rescan(repo_id, full)

    def list_repositories(self, offset: int, limit: int):
        return self.service.list_repositories(offset, limit)

    def get_repository(self, repo_id: str):
        return self.service.get_repository(repo_id)

    def delete_repository(self, repo_id: str) -> None:
        return self.service.delete_repository(repo_id)

    def list_scans(self, repo_id: str, offset: int, limit: int):
        return self.service.list_scans(repo_id, offset, limit)

    def get_scan(self, scan_id: int):
        return self.service.get_scan(scan_id)

    def scan_problems(self, scan_id: int, offset: int, limit: int):
        return self.service.scan_problems(scan_id, offset, limit)

    def create_token(self, name: str, scopes: list[str]):
        return self.service.create_token(name, scopes)

    def verify_token(self, token: str):
        return self.service.verify_token(token)

    def list_tokens(self):
        return self.service.list_tokens()

    def revoke_token(self, token_id: str) -> None:
        return self.service.revoke_token(token_id)


@serve.deployment(
    autoscaling_config=_autoscaling(1, 2, 8),
    ray_actor_options={"num_cpus": 0.25},
    max_ongoing_requests=32,
)
class GraphDeployment(_ServiceDeployment):
    """Read-only graph queries."""

    def find_symbols(self, repo_id: str, name: str, kind: str | None, offset: int, limit: int):
        return self.service.find_symbols(repo_id, name, kind, offset, limit)

    def callers(self, repo_id: str, symbol: str, depth: int):
        return self.service.callers(repo_id, symbol, depth)

    def callees(self, repo_id: str, symbol: str, depth: int):
        return self.service.callees(repo_id, symbol, depth)

    def dependencies(self, repo_id: str, module: str, depth: int):
        return self.service.dependencies(repo_id, module, depth)

    def reverse_dependencies(self, repo_id: str, module: str, depth: int):
        return self.service.reverse_dependencies(repo_id, module, depth)

    def impact(self, repo_id: str, symbol: str, depth: int):
        return self.service.impact(repo_id, symbol, depth)

    def path(self, repo_id: str, source: str, target: str, max_depth: int):
        return self.service.path(repo_id, source, target, max_depth)

    def cypher(self, query: str, params: dict[str, Any] | None, limit: int):
        return self.service.cypher(query, params, limit)


@serve.deployment(
    autoscaling_config=_autoscaling(1, 2, 4),
    ray_actor_options={"num_cpus": 0.25},
    max_ongoing_requests=16,
)
class AnalysisDeployment(_ServiceDeployment):
    """Findings, coupling, SARIF and search (by name; by meaning with the encoder loaded on first use)."""

    def findings(self, repo_id: str, kind, severity, path_prefix, offset: int, limit: int):
        return self.service.findings(repo_id, kind, severity, path_prefix, offset, limit)

    def coupling(self, repo_id: str, level: str, offset: int, limit: int):
        return self.service.coupling(repo_id, level, offset, limit)

    def sarif(self, repo_id: str):
        return self.service.sarif(repo_id)

    def search(self, repo_id: str, q: str, kind: str | None, offset: int, limit: int):
        return self.service.search(repo_id, q, kind, offset, limit)

    def semantic_search(self, q: str, k: int, repos, languages, kinds):
        return self.service.semantic_search(q, k, repos, languages, kinds)


@serve.deployment(
    autoscaling_config=_autoscaling(1, 2, 2),
    ray_actor_options={"num_cpus": 0.25},
    max_ongoing_requests=8,
)
class PlannerDeployment(_ServiceDeployment):
    """Refactoring plans (codeintel.planning): each plan reads the graph and the files it edits, a
    second or so of CPU, so a replica takes few at once and the deployment scales out instead."""

    def plan(self, repo_id: str, request: dict[str, Any]):
        return self.service.plan(repo_id, request)

    def get_plan(self, plan_id: str):
        return self.service.get_plan(plan_id)

    def list_plans(self, repo_id: str, offset: int, limit: int):
        return self.service.list_plans(repo_id, offset, limit)

    def plan_patch(self, plan_id: str):
        return self.service.plan_patch(plan_id)


@serve.deployment(
    autoscaling_config=_autoscaling(1, 2, 16),
    ray_actor_options={"num_cpus": 0.25},
    max_ongoing_requests=64,
)
@serve.ingress()
class ApiIngress:
    """The FastAPI app of serve/app.py over the other deployments' handles."""

    def __init__(
        self,
        api_config: dict[str, Any],
        repositories: DeploymentHandle,
        graph: DeploymentHandle,
        analysis: DeploymentHandle,
        planner: DeploymentHandle,
    ) -> None:
        self.config = ApiConfig.model_validate(api_config)
        self.backend = ServeBackend(repositories, graph, analysis, planner)

    def __serve_build_asgi_app__(self):
        return create_app(self.backend, self.config)


def build_application(settings: Settings, api: ApiConfig | None = None) -> serve.Application:
    """The whole API as one Serve application; `api` defaults to the environment's (load_api_config)."""
    api = api if api is not None else load_api_config()
    dump = settings.model_dump()
    repository_max = 1 if settings.events.bus == "inprocess" else 2
    repositories = RepositoryDeployment.options(autoscaling_config=_autoscaling(1, repository_max, 4)).bind(dump)
    return ApiIngress.bind(
        api.model_dump(),
        repositories,
        GraphDeployment.bind(dump),
        AnalysisDeployment.bind(dump),
        PlannerDeployment.bind(dump),
    )


def prepare_stores(settings: Settings) -> None:
    """Create the data folder and migrate the metadata store once, in the driver, before the
    replicas start together (and so that an unreachable database is reported here, not by
    replicas failing over and over). Raises MetaStoreError."""
    from codeintel.store import open_metastore

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    open_metastore(settings).close()
