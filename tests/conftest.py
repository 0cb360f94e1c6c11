"""Shared fixtures: one local Ray for the whole session, fresh data folders, fixture projects."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from codeintel.config import Settings, load_settings

FIXTURES = Path(__file__).parent / "fixtures"
collect_ignore = ["fixtures"]
"""Fixture repositories carry their own tests (the planner's acceptance runs them in a copy);
they are data here, never collected by this suite."""

os.environ.setdefault("CODEINTEL_EMBEDDINGS__AFTER_SCAN", "false")
"""The embedding stage is off in tests unless a test turns it on (`EMBEDDING_ON`): on these CPUs it
encodes about 50 symbols a second, and most tests scan to check something else. Its own tests
(test_embedding_stage, test_semantic_search, the scan-events story) run it with the real model.
The variable is inherited by the CLI and notebook processes the end-to-end tests start."""

EMBEDDING_ON = {"after_scan": True}


@pytest.fixture(scope="session")
def ray_session():
    """One local Ray per test session (Ray 2.60 has no local_mode); torn down at the end."""
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield ray
    ray.shutdown()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Embedded defaults with their own data folder, so tests never touch ~/.codeintel."""
    return load_settings(data_dir=tmp_path / "data")


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A private copy of the hand-written `shop` project, free to edit."""
    target = tmp_path / "shop"
    shutil.copytree(FIXTURES / "projects" / "shop", target)
    return target
