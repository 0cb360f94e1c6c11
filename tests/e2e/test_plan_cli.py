"""The real `codeintel plan` command on a git repository: a plan is written as a patch that `git
apply` takes, stored, listed and shown; a refused request and a stale plan exit 2 with the reason."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.helpers import codeintel, commit_files, git


def _repository(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    shutil.copytree(FIXTURES / "projects" / "shop", root)
    git(root, "init", "-q")
    commit_files(root, {}, "shop")
    return root


def test_a_rename_is_planned_written_as_a_patch_and_applied_with_git_apply(tmp_path: Path) -> None:
    root, data = _repository(tmp_path), tmp_path / "data"
    patch_file = tmp_path / "rename.patch"
    made = codeintel("plan", "rename", str(root), "shop.cli.helper", "assist", "-o", str(patch_file), data_dir=data)
    assert made.returncode == 0, made.stderr
    plan_id = made.stdout.split()[0]
    assert plan_id.startswith("p-") and "Rename shop.cli.helper" in made.stdout
    assert "shop.cli.helper -> shop.cli.assist" in made.stdout

    listed = codeintel("plan", "list", str(root), data_dir=data)
    assert plan_id in listed.stdout
    shown = json.loads(codeintel("plan", "show", plan_id, "--json", data_dir=data).stdout)
    assert shown["mapping"]["renamed"] == {"shop.cli.helper": "shop.cli.assist"}
    assert codeintel("plan", "patch", plan_id, data_dir=data).stdout == patch_file.read_text()

    git(root, "apply", str(patch_file))
    cli = (root / "shop" / "cli.py").read_text()
    assert "def assist():" in cli and "return assist()" in cli and "helper" not in cli


def test_a_request_that_cannot_be_done_safely_exits_2_with_the_reason(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    refused = codeintel("plan", "rename", str(root), "shop.cli.helper", "main", data_dir=tmp_path / "data")
    assert refused.returncode == 2
    assert "plan refused" in refused.stderr and "main" in refused.stderr


def test_the_patch_of_a_plan_is_refused_once_the_repository_has_a_new_commit(tmp_path: Path) -> None:
    root, data = _repository(tmp_path), tmp_path / "data"
    made = codeintel("plan", "rename", str(root), "shop.util.slug", "slugify", data_dir=data)
    plan_id = made.stdout.split()[0]
    commit_files(root, {"NOTES.md": "a later commit\n"}, "later")
    stale = codeintel("plan", "patch", plan_id, data_dir=data)
    assert stale.returncode == 2
    assert "was computed on commit" in stale.stderr and "plan again" in stale.stderr
