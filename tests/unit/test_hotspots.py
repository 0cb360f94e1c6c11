"""Hotspots (codeintel.analysis.hotspots): files and functions ranked by change frequency x
complexity, and files that change together, on real repositories built with git and function
rows written by hand (as the function_metrics query returns them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from codeintel.analysis.history import HistoryConfig, mine_history
from codeintel.analysis.hotspots import ChangeCoupling, FileHotspot, HotspotConfig, change_coupling, find_hotspots
from tests.helpers import ANN, BOB, GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def cart(step: int, header: str = "") -> str:
    """total() on lines 1-5 (its loop body edited at each step), tax() on lines 7-9; `header`
    lines go on top and move both down."""
    return header + (
        "def total(items):\n"
        "    s = 0\n"
        "    for i in items:\n"
        f"        s += i * {step}\n"
        "    return s\n"
        "\n"
        "def tax(amount):\n"
        "    rate = 0.2\n"
        "    return amount * rate\n"
    )


def rows(file: str, shift: int = 0) -> list[dict]:
    return [
        {"id": "f1", "qualname": "cart.total", "file": file, "start_line": 1 + shift, "end_line": 5 + shift,
         "lines": 5, "cyclomatic": 2},
        {"id": "f2", "qualname": "cart.tax", "file": file, "start_line": 7 + shift, "end_line": 9 + shift,
         "lines": 3, "cyclomatic": 2},
    ]  # fmt: skip


# -- functions ----------------------------------------------------------------------------------


def test_a_function_edited_in_many_commits_ranks_above_one_edited_once(repo):
    for step in range(5):
        repo.commit({"cart.py": cart(step)}, day=step, author=(ANN, BOB)[step % 2])
    history = mine_history(repo.path)
    every = find_hotspots(history, rows("cart.py"), config=HotspotConfig(min_commits=1)).functions
    assert [(f.qualname, f.commits, f.authors) for f in every] == [("cart.total", 5, 2), ("cart.tax", 1, 1)]
    assert [f.score for f in every] == [1.0, 0.2]  # 5/5 x 2/2, 1/5 x 2/2
    assert [f.qualname for f in find_hotspots(history, rows("cart.py")).functions] == ["cart.total"]  # min 2


def test_lines_inserted_above_a_function_are_no_change_of_it_and_its_history_moves_with_it(repo):
    for step in range(3):
        repo.commit({"cart.py": cart(step)}, day=step)
    repo.commit({"cart.py": cart(2, header="import os\n\n")}, day=3)  # both functions two lines down
    functions = find_hotspots(mine_history(repo.path), rows("cart.py", shift=2), config=HotspotConfig(min_commits=1))
    assert {f.qualname: (f.start_line, f.commits) for f in functions.functions} == {
        "cart.total": (3, 3),
        "cart.tax": (9, 1),
    }


def test_a_line_deleted_from_inside_a_function_keeps_the_commits_that_changed_it(repo):
    body = ["def f(x):\n", "    a = 1\n", "    b = 2\n", "    c = 3\n", "    return a + b + c\n"]
    repo.commit({"m.py": "".join(body)}, day=0)
    repo.commit({"m.py": "".join(body).replace("b = 2", "b = 20")}, day=1)
    repo.commit({"m.py": "".join(body).replace("    b = 2\n", "").replace("a + b + c", "a + c")}, day=2)
    row = {"file": "m.py", "qualname": "f", "start_line": 1, "end_line": 4, "cyclomatic": 1}
    (f,) = find_hotspots(mine_history(repo.path), [row]).functions
    assert f.commits == 3  # the edit of `b = 2` counts although that line is gone


def test_the_history_of_a_deleted_function_does_not_land_on_the_one_before_it(repo):
    f = "def f():\n    return 1\n"
    g = ["def g(x):\n", "    y = x\n", "    return y\n"]
    repo.commit({"m.py": f + "".join(g)}, day=0)
    for day in (1, 2):
        repo.commit({"m.py": f + "".join(g).replace("y = x", f"y = x + {day}")}, day=day)
    repo.commit({"m.py": f}, day=3)
    row = {"file": "m.py", "qualname": "f", "start_line": 1, "end_line": 2, "cyclomatic": 1}
    (found,) = find_hotspots(mine_history(repo.path), [row], config=HotspotConfig(min_commits=1)).functions
    # its creation, and g's deletion right after its last line (a deletion counts for the line
    # before it); g's own two edits, deleted with g, are not f's
    assert found.commits == 2


def test_a_function_carries_the_evidence_of_its_rank(repo):
    repo.commit({"cart.py": cart(0)}, day=0)
    repo.commit({"cart.py": cart(1)}, day=2, author=BOB)
    repo.commit({"cart.py": cart(1) + "# end\n"}, day=5)  # after tax: no change of either
    (total,) = find_hotspots(mine_history(repo.path), rows("cart.py")).functions
    assert total._asdict() == {
        "id": "f1",
        "qualname": "cart.total",
        "file": "cart.py",
        "start_line": 1,
        "end_line": 5,
        "score": 1.0,
        "commits": 2,
        "changed_lines": 5 + 1,  # all of it when added, then line 4
        "authors": 2,
        "age_days": 3.0,  # changed last on day 2, analysed on day 5
        "complexity": 2,
    }


def test_cognitive_complexity_is_used_when_every_function_has_it_and_never_mixed_with_cyclomatic(repo):
    for step in range(2):
        repo.commit({"cart.py": cart(step)}, day=step)
    history = mine_history(repo.path)
    with_cognitive = [{**row, "cognitive": 7} for row in rows("cart.py")]
    assert find_hotspots(history, with_cognitive).measure == "cognitive"
    assert find_hotspots(history, with_cognitive).functions[0].complexity == 7
    partly = [with_cognitive[0], rows("cart.py")[1]]
    assert find_hotspots(history, partly).measure == "cyclomatic"


# -- files --------------------------------------------------------------------------------------


def test_files_rank_by_commits_times_complexity_each_divided_by_the_largest(repo):
    repo.commit({"core.py": "0\n", "util.py": "0\n", "big.py": "0\n", "README.md": "0\n"}, day=0)
    for day in range(1, 8):
        changed = {"util.py": f"{day}\n", "README.md": f"{day}\n"}
        if day <= 3:
            changed["core.py"] = f"{day}\n"
        repo.commit(changed, day=day)
    metrics = [
        {"file": "core.py", "qualname": "core.a", "start_line": 1, "end_line": 1, "cyclomatic": 6},
        {"file": "core.py", "qualname": "core.b", "start_line": 1, "end_line": 1, "cyclomatic": 4},
        {"file": "util.py", "qualname": "util.a", "start_line": 1, "end_line": 1, "cyclomatic": 2},
        {"file": "big.py", "qualname": "big.a", "start_line": 1, "end_line": 1, "cyclomatic": 30},
    ]
    files = find_hotspots(mine_history(repo.path), metrics).files
    # core: 4 commits, complexity 10; util: 8 commits, complexity 2; big.py changed once (below
    # min_commits 2); README.md changes most but is no code the scan knows
    assert [(f.path, f.commits, f.complexity, f.score) for f in files] == [
        ("core.py", 4, 10, 4 / 8 * 10 / 10),
        ("util.py", 8, 2, 8 / 8 * 2 / 10),
    ]
    assert files[0] == FileHotspot(
        path="core.py",
        score=0.5,
        commits=4,
        added=4,
        deleted=3,
        authors=1,
        main_author="ann@example.com",
        age_days=4.0,
        complexity=10,
        functions=2,
        lines=None,
    )


def test_with_the_lines_measure_a_file_is_as_complex_as_it_is_long(repo):
    repo.commit({"a.py": "0\n", "b.py": "0\n", "c.py": "0\n"}, day=0)
    repo.commit({"a.py": "1\n", "b.py": "1\n", "c.py": "1\n"}, day=1)
    lengths = {"a.py": 100, "b.py": 400, "c.py": 400}
    files = find_hotspots(mine_history(repo.path), [], lengths).files
    assert find_hotspots(mine_history(repo.path), [], lengths).measure == "lines"
    assert [(f.path, f.score, f.lines) for f in files] == [("b.py", 1.0, 400), ("c.py", 1.0, 400), ("a.py", 0.25, 100)]


# -- change coupling ----------------------------------------------------------------------------


def test_files_changed_together_in_most_of_their_commits_are_coupled_and_bulk_commits_do_not_count(repo):
    def change(day: int, *names: str) -> None:
        repo.commit({name: f"{day}\n" for name in names}, day=day)

    change(0, "a.py", "b.py", "c.py", "README.md")
    for day in range(1, 6):
        change(day, "a.py", "b.py")
    change(6, "a.py")
    change(7, "a.py")
    change(8, "a.py", "c.py")
    change(9, "a.py", "b.py", "c.py", "x.py", "y.py", "z.py")  # more than 5 files: bulk
    history = mine_history(repo.path, config=HistoryConfig(bulk_commit_files=5))
    # without the bulk commit: a in 9 commits, b in 6, together in 6: 6 / ((9 + 6) / 2) = 80 %;
    # a and c share 2 commits only (fewer than 5)
    assert change_coupling(history) == [ChangeCoupling("a.py", "b.py", shared=6, commits_a=9, commits_b=6, degree=80.0)]
    assert change_coupling(history, HotspotConfig(coupling_min_degree=81)) == []
    assert change_coupling(history, HotspotConfig(coupling_min_shared=2, coupling_min_commits=2))[1:] == [
        ChangeCoupling("a.py", "c.py", shared=2, commits_a=9, commits_b=2, degree=100 * 2 / 5.5)
    ]


# -- bounds -------------------------------------------------------------------------------------


def test_an_empty_history_ranks_nothing(repo):
    hotspots = find_hotspots(mine_history(repo.path), rows("cart.py"))
    assert (hotspots.files, hotspots.functions, hotspots.couplings, hotspots.commits) == ([], [], [], 0)


def test_max_commits_bounds_what_the_ranking_sees_and_it_says_so(repo):
    for step in range(6):
        repo.commit({"cart.py": cart(step)}, day=step)
    hotspots = find_hotspots(mine_history(repo.path, config=HistoryConfig(max_commits=3)), rows("cart.py"))
    assert (hotspots.commits, hotspots.truncated, hotspots.functions[0].commits) == (3, True, 3)
