"""What every plan rests on: diffs that `git apply` takes, the call-graph comparison under a
symbol mapping, steps that apply in order, and the refusals of stale graphs and stale plans."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.diff import unified_diff
from codeintel.planning.equivalence import callgraph_differences, rename_symbol
from codeintel.planning.model import BlastRadius, ImpossibleRequest, RenameRequest, StaleGraph, StalePlan, SymbolMapping
from codeintel.planning.planner import finish_plan, risk_of
from codeintel.service.errors import Conflict, NotFound
from codeintel.service.plans import check_fresh
from tests.conftest import FIXTURES
from tests.helpers import commit_files, git
from tests.planning_harness import apply_patch, scan_fixture

# ---------------------------------------------------------------- diffs


def _apply_in(tmp_path: Path, files: dict[str, str], patch: str) -> Path:
    root = tmp_path / "applied"
    root.mkdir()
    for name, text in files.items():
        (root / name).write_text(text)
    git(root, "init", "-q")
    apply_patch(root, patch)
    return root


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("a\nb\nc\n", "a\nB\nc\n"),
        ("a\nb", "a\nB"),  # no final newline on either side
        ("a\nb\n", "a\nb"),  # the final newline removed
        ("a\nb", "a\nb\n"),  # and added
        ("x = 1\n\x0cy = 2\n", "x = 1\n\x0cy = 3\n"),  # a form feed is not a line break for git
        ("", "first\n"),
    ],
    ids=["middle", "no-final-newline", "newline-removed", "newline-added", "form-feed", "from-empty"],
)
def test_a_modification_applies_with_git_apply(tmp_path: Path, before: str, after: str) -> None:
    root = _apply_in(tmp_path, {"f.py": before}, unified_diff("f.py", before, after))
    assert (root / "f.py").read_text() == after


def test_created_and_deleted_files_apply_with_git_apply(tmp_path: Path) -> None:
    patch = unified_diff("new.py", None, "x = 1\n") + unified_diff("old.py", "y = 2\n", None)
    root = _apply_in(tmp_path, {"old.py": "y = 2\n"}, patch)
    assert (root / "new.py").read_text() == "x = 1\n"
    assert not (root / "old.py").exists()


def test_equal_texts_make_no_diff() -> None:
    assert unified_diff("f.py", "same\n", "same\n") == ""


# ---------------------------------------------------------------- call graphs under a mapping


def test_a_renamed_symbol_carries_what_it_defines() -> None:
    renamed = {"a.C": "b.D", "a.f": "a.g"}
    assert rename_symbol("a.C.m", renamed) == "b.D.m"
    assert rename_symbol("a.C", renamed) == "b.D"
    assert rename_symbol("a.Cx", renamed) == "a.Cx"  # a prefix only at a dot
    assert rename_symbol("a.f", renamed) == "a.g"


def test_a_rename_maps_callers_and_callees() -> None:
    old = {"m": [], "m.f": ["m.g"], "m.g": ["<builtin>.print"]}
    new = {"m": [], "m.f": ["m.h"], "m.h": ["<builtin>.print"]}
    assert callgraph_differences(old, new, SymbolMapping(renamed={"m.g": "m.h"})) == []
    problems = callgraph_differences(old, new, SymbolMapping())
    assert "missing after the patch: m.g" in problems and "new after the patch: m.h" in problems


def test_removed_symbols_disappear_with_what_they_define() -> None:
    old = {"m": [], "m.C": [], "m.C.dead": ["m.f"], "m.f": []}
    new = {"m": [], "m.C": [], "m.f": []}
    assert callgraph_differences(old, new, SymbolMapping(removed=["m.C.dead"])) == []


def test_calls_through_an_inlined_helper_count_as_calls_of_its_callers() -> None:
    old = {"m": [], "m.a": ["m.log", "m.save"], "m.b": ["m.log", "m.save"], "m.log": [], "m.save": []}
    new = {
        "m": [],
        "m.a": ["m._shared"],
        "m.b": ["m._shared"],
        "m._shared": ["m.log", "m.save"],
        "m.log": [],
        "m.save": [],
    }
    mapping = SymbolMapping(added=["m._shared"], inlined=["m._shared"])
    assert callgraph_differences(old, new, mapping) == []
    new["m._shared"] = ["m.log"]  # the helper lost a call: the copies' behaviour changed
    lost = ["m.a no longer calls ['m.save']", "m.b no longer calls ['m.save']"]
    assert callgraph_differences(old, new, mapping) == lost


def test_a_lost_or_gained_call_is_reported_by_name() -> None:
    old = {"m.f": ["m.g"], "m.g": []}
    new = {"m.f": ["m.h"], "m.g": [], "m.h": []}
    assert callgraph_differences(old, new, SymbolMapping(added=["m.h"])) == [
        "m.f no longer calls ['m.g']",
        "m.f now also calls ['m.h']",
    ]


# ---------------------------------------------------------------- changesets, plans, staleness


@pytest.fixture
def shop_scanned(tmp_path: Path):
    scanned = scan_fixture(FIXTURES / "projects" / "shop", tmp_path)
    yield scanned
    scanned.close()


def test_steps_apply_in_order_and_the_patch_is_all_of_them(shop_scanned, tmp_path: Path) -> None:
    workspace = shop_scanned.service._workspace(shop_scanned.repo_id)
    changes = Changeset(workspace)
    util = changes.read("shop/util.py")
    changes.write("shop/util.py", util + "\n\ndef first():\n    return 1\n")
    changes.end_step("add first")
    changes.write("shop/util.py", changes.read("shop/util.py") + "\n\ndef second():\n    return 2\n")
    changes.create("shop/extra.py", "VALUE = 3\n")
    changes.end_step("add second and a module")
    assert [len(step.edits) for step in changes.steps] == [1, 2]
    second_util_edit = next(edit for edit in changes.steps[1].edits if edit.path == "shop/util.py")
    assert second_util_edit.before_hash == changes.steps[0].edits[0].after_hash
    plan = finish_plan(workspace, RenameRequest(symbol="shop.util.slug", new_name="x"), Draft("g", "python", changes))
    assert plan.files_touched == ["shop/extra.py", "shop/util.py"]
    assert plan.base_hashes["shop/extra.py"] is None
    step_by_step = tmp_path / "steps"
    subprocess.run(["cp", "-r", str(shop_scanned.root), str(step_by_step)], check=True)
    for step in plan.steps:
        apply_patch(step_by_step, "".join(edit.diff for edit in step.edits))
    apply_patch(shop_scanned.root, plan.patch)
    for path in plan.files_touched:
        assert (step_by_step / path).read_text() == (shop_scanned.root / path).read_text()


def test_a_plan_that_changes_nothing_is_refused(shop_scanned) -> None:
    workspace = shop_scanned.service._workspace(shop_scanned.repo_id)
    with pytest.raises(ImpossibleRequest, match="changes nothing"):
        finish_plan(workspace, RenameRequest(symbol="a", new_name="b"), Draft("g", "python", Changeset(workspace)))


def test_a_file_changed_since_the_scan_is_refused(shop_scanned) -> None:
    (shop_scanned.root / "shop" / "util.py").write_text("changed = True\n")
    workspace = shop_scanned.service._workspace(shop_scanned.repo_id)
    with pytest.raises(StaleGraph, match="shop/util.py changed since scan"):
        workspace.source("shop/util.py")


def test_a_new_commit_since_the_scan_is_refused(shop_scanned) -> None:
    commit_files(shop_scanned.root, {"NOTES.md": "later\n"})
    workspace = shop_scanned.service._workspace(shop_scanned.repo_id)
    with pytest.raises(StaleGraph, match="rescan the repository"):
        workspace.check_head()


def _stored_plan(scanned):
    workspace = scanned.service._workspace(scanned.repo_id)
    changes = Changeset(workspace)
    changes.write("shop/util.py", changes.read("shop/util.py") + "# touched\n")
    plan = finish_plan(workspace, RenameRequest(symbol="a", new_name="b"), Draft("g", "python", changes))
    scanned.service._meta.save_plan(plan)
    return plan


def test_a_stored_plan_is_listed_and_its_patch_handed_out_while_fresh(shop_scanned) -> None:
    plan = _stored_plan(shop_scanned)
    service = shop_scanned.service
    assert [p.id for p in service.list_plans(shop_scanned.repo_id).items] == [plan.id]
    assert service.get_plan(plan.id) == plan
    assert service.plan_patch(plan.id) == plan.patch
    with pytest.raises(NotFound):
        service.get_plan("p-missing")


def test_a_stored_plan_is_refused_once_the_repository_has_a_new_commit(shop_scanned) -> None:
    plan = _stored_plan(shop_scanned)
    commit_files(shop_scanned.root, {"NOTES.md": "later\n"})
    with pytest.raises(Conflict, match=f"plan {plan.id} was computed on commit {plan.commit[:12]}"):
        shop_scanned.service.plan_patch(plan.id)


def test_a_stored_plan_is_refused_once_a_file_it_edits_changed(shop_scanned) -> None:
    plan = _stored_plan(shop_scanned)
    (shop_scanned.root / "shop" / "util.py").write_text("edited by hand\n")
    with pytest.raises(StalePlan, match="files changed since it was computed: shop/util.py"):
        check_fresh(plan, shop_scanned.root)


def test_risk_grows_with_the_blast_radius_warnings_and_public_names(shop_scanned) -> None:
    workspace = shop_scanned.service._workspace(shop_scanned.repo_id)
    quiet = Draft("g", "python", Changeset(workspace))
    loud = Draft("g", "python", Changeset(workspace), warnings=["a", "b", "c"], public_api=True)
    small, large = BlastRadius(symbols=0, depth=10), BlastRadius(symbols=5000, files=400, depth=10)
    assert risk_of(quiet, small, 1).level == "low"
    assert risk_of(loud, large, 30).level == "high"
    assert risk_of(loud, large, 30).score == 1.0
