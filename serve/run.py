"""Run the API on Ray Serve in the foreground until interrupted (`codeintel serve`)."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable

from ray import serve as ray_serve

from codeintel.config import Settings
from pipeline.ray_session import ensure_ray
from serve.config import ApiConfig
from serve.deployments import APP_NAME, build_application, prepare_stores


def run_api(settings: Settings, api: ApiConfig, host: str, port: int, on_ready: Callable[[str], None]) -> None:
    """Migrate the stores (MetaStoreError when they cannot be reached), start or join Ray, deploy
    the application on `host:port`, call `on_ready(url)`, and block until Ctrl-C or SIGTERM (a
    container's stop). On a local Ray, Serve is shut down; on a shared cluster only this
    application is removed."""
    prepare_stores(settings)
    ensure_ray(settings)
    ray_serve.start(http_options={"host": host, "port": port})
    ray_serve.run(build_application(settings, api), name=APP_NAME, route_prefix="/", blocking=False)
    on_ready(f"http://{host}:{port}")

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        if settings.pipeline.ray_address is None:
            ray_serve.shutdown()
        else:
            ray_serve.delete(APP_NAME)
