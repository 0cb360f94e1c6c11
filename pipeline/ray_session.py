"""Start or join Ray once per process, quietly, with the settings' address."""

from __future__ import annotations

import logging
import os

import ray

from codeintel.config import Settings


def ensure_ray(settings: Settings) -> None:
    if ray.is_initialized():
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(
        address=settings.pipeline.ray_address,
        include_dashboard=False,
        ignore_reinit_error=True,
        log_to_driver=False,
        configure_logging=False,
    )
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # the CLI draws its own progress
