"""The Ray Data pipeline and the in-process path share the engine and build identical graphs."""

from __future__ import annotations

import shutil
import sysconfig
from pathlib import Path

import pytest

from codeintel.config import load_settings
from codeintel.scan.engine import ScanEngine
from pipeline.scan import RayScanRunner, batch_size_for
from tests.helpers import graph_dump

pytestmark = pytest.mark.ray

STDLIB = Path(sysconfig.get_paths()["stdlib"])


def _engine(settings):
    return ScanEngine(settings, ray_runner=RayScanRunner)


@pytest.fixture(scope="module")
def stdlib_sample(tmp_path_factory) -> Path:
    """About 60 real stdlib modules, packages included, copied so the test owns them."""
    root = tmp_path_factory.mktemp("stdlib_sample")
    for name in ("json", "email", "http", "urllib", "collections", "importlib"):
        shutil.copytree(STDLIB / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "test*"))
    for name in ("os.py", "posixpath.py", "genericpath.py", "argparse.py", "functools.py", "typing.py"):
        shutil.copy(STDLIB / name, root / name)
    return root


@pytest.mark.parametrize("phase_process_files", [20_000, 0], ids=["one builder process", "a process per phase"])
def test_ray_and_in_process_scans_build_identical_graphs(phase_process_files, ray_session, stdlib_sample, tmp_path):
    on_ray = load_settings(data_dir=tmp_path / "ray", pipeline={"phase_process_files": phase_process_files})
    in_process = load_settings(data_dir=tmp_path / "local")
    ray_summary = _engine(on_ray).scan(str(stdlib_sample), use_ray=True)
    local_summary = _engine(in_process).scan(str(stdlib_sample), use_ray=False)
    assert ray_summary.used_ray and not local_summary.used_ray
    assert ray_summary.files_parsed == local_summary.files_parsed > 50
    assert graph_dump(on_ray, ray_summary.repo_id) == graph_dump(in_process, local_summary.repo_id)


def test_incremental_scan_on_ray_equals_full_scan(ray_session, stdlib_sample, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(stdlib_sample, project)
    incremental = load_settings(data_dir=tmp_path / "incremental")
    _engine(incremental).scan(str(project), use_ray=True)
    target = project / "json" / "encoder.py"
    target.write_text(target.read_text().replace("def encode(self, o):", "def encode_value(self, o):"))
    (project / "http" / "cookies.py").unlink()
    second = _engine(incremental).scan(str(project), use_ray=True)
    assert (second.mode, second.files_parsed, second.files_deleted) == ("incremental", 1, 1)

    full = load_settings(data_dir=tmp_path / "full")
    _engine(full).scan(str(project), use_ray=False)
    assert graph_dump(incremental, second.repo_id) == graph_dump(full, second.repo_id)


def test_small_scans_stay_in_process_unless_ray_is_asked_for(stdlib_sample, tmp_path):
    summary = _engine(load_settings(data_dir=tmp_path / "d")).scan(str(stdlib_sample / "json"))
    assert not summary.used_ray


def test_batches_are_large_but_keep_every_worker_busy():
    assert batch_size_for(files=2000, workers=2, largest=256) == 250
    assert batch_size_for(files=100_000, workers=2, largest=256) == 256
    assert batch_size_for(files=3, workers=2, largest=256) == 1
