"""Mining git history (codeintel.analysis.history) on real repositories built here with git:
churn, authors and dates per file, renames, deletions, binary and bulk commits, the bounds, and
the hunks carried forward to the analysed commit's line numbers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from codeintel.analysis.history import (
    DAY_S,
    FileHistory,
    HistoryConfig,
    HistoryError,
    LineChange,
    NotAGitRepository,
    mine_history,
)
from tests.helpers import BOB, T0, GitRepo


def lines(n: int, tag: str = "line") -> str:
    return "".join(f"{tag} {i}\n" for i in range(1, n + 1))


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


# -- per file -----------------------------------------------------------------------------------


def test_each_file_has_its_commits_churn_authors_and_first_and_last_change(repo):
    repo.commit({"app.py": lines(10), "util.py": lines(3)}, day=0)
    repo.commit({"app.py": lines(10).replace("line 2\n", "LINE 2\n")}, day=1, author=BOB)
    repo.commit({"app.py": lines(12)}, day=3)  # line 2 back, lines 11 and 12 added
    history = mine_history(repo.path)
    assert history.files["app.py"] == FileHistory(
        path="app.py",
        commits=3,
        added=10 + 1 + 3,
        deleted=0 + 1 + 1,
        authors=(("ann@example.com", 2), ("bob@example.com", 1)),
        first_change=T0,
        last_change=T0 + 3 * DAY_S,
        binary=False,
    )
    assert history.files["util.py"].commits == 1 and history.files["util.py"].churn == 3


def test_ages_count_back_from_the_analysed_commit_not_from_today(repo):
    repo.commit({"old.py": "a\n", "new.py": "a\n"}, day=0)
    second = repo.commit({"new.py": "b\n"}, day=10)
    repo.commit({"old.py": "b\n"}, day=30)
    history = mine_history(repo.path, commit=second)  # the third commit is in the future
    assert history.time == T0 + 10 * DAY_S
    assert (history.age_days("old.py"), history.age_days("new.py")) == (10.0, 0.0)
    assert [c.sha for c in history.commits][0] == second


def test_mailmap_makes_one_author_of_two_addresses_and_case_does_not_matter(repo):
    repo.commit({".mailmap": "Ann <ann@example.com> <ann@old.example.com>\n", "a.py": "1\n"}, day=0)
    repo.commit({"a.py": "2\n"}, day=1, author="Ann <ann@old.example.com>")
    repo.commit({"a.py": "3\n"}, day=2, author="Ann <Ann@Example.COM>")
    assert mine_history(repo.path).files["a.py"].authors == (("ann@example.com", 3),)


def test_a_binary_file_counts_its_changes_but_no_lines(repo):
    repo.commit({"logo.png": b"\x89PNG\x00\x01"}, day=0)
    repo.commit({"logo.png": b"\x89PNG\x00\x02"}, day=1)
    logo = mine_history(repo.path).files["logo.png"]
    assert (logo.commits, logo.churn, logo.binary) == (2, 0, True)


def test_file_names_with_spaces_quotes_and_accents_are_read_back_exactly(repo):
    names = ["my file.py", 'say "hi".py', "café.py", "tab\there.py"]
    repo.commit(dict.fromkeys(names, "x\n"), day=0)
    repo.commit({name: "y\n" for name in names}, day=1)
    assert {path: f.commits for path, f in mine_history(repo.path).files.items()} == dict.fromkeys(names, 2)


def test_the_repositorys_own_diff_settings_and_diff_programs_change_nothing(repo):
    repo.commit({"a.py": lines(30), "b.py": lines(3)}, day=0)
    repo.commit({"a.py": lines(30).replace("line 3\n", "3\n").replace("line 9\n", "9\n")}, day=1)
    plain = mine_history(repo.path)
    (repo.path / ".gitattributes").write_text("*.py diff=evil\n")
    marker = repo.path.parent / "ran"
    for key, value in {
        "diff.interHunkContext": "10",
        "diff.noprefix": "true",
        "diff.algorithm": "histogram",
        "log.showRoot": "false",
        "diff.renames": "false",
        "diff.external": f"touch {marker}",
        "diff.evil.command": f"touch {marker}",
        "diff.evil.textconv": f"touch {marker}",
    }.items():
        repo.git("config", key, value)
    configured = mine_history(repo.path)
    assert (configured.files, configured.commits) == (plain.files, plain.commits)
    hunks = {path: list(changes) for path, changes in plain.line_changes.items()}
    assert {path: list(changes) for path, changes in configured.line_changes.items()} == hunks
    assert not marker.exists()


# -- renames, deletions -------------------------------------------------------------------------


def test_a_renamed_file_keeps_its_history_under_its_current_name(repo):
    repo.commit({"app.py": lines(20)}, day=0)
    repo.commit({"app.py": lines(21)}, day=1)
    repo.commit({"pkg/core.py": lines(22)}, day=2, renames={"app.py": "pkg/core.py"})  # renamed and edited
    repo.commit({"pkg/core.py": lines(23)}, day=3)
    history = mine_history(repo.path)
    assert set(history.files) == {"pkg/core.py"}
    core = history.files["pkg/core.py"]
    assert (core.commits, core.added, core.first_change) == (4, 23, T0)


def test_a_deleted_file_is_left_out_and_a_file_recreated_under_its_name_starts_afresh(repo):
    repo.commit({"gone.py": "1\n", "again.py": "1\n"}, day=0)
    repo.commit({"gone.py": "2\n", "again.py": "2\n"}, day=1)
    repo.commit({"gone.py": None, "again.py": None}, day=2)
    repo.commit({"again.py": "new\n"}, day=3)
    history = mine_history(repo.path)
    assert "gone.py" not in history.files
    assert (history.files["again.py"].commits, history.files["again.py"].first_change) == (1, T0 + 3 * DAY_S)
    assert history.commits[1].files == () and history.commits[1].changed == 2  # the deletions


# -- what a commit says -------------------------------------------------------------------------


def test_a_commit_that_changes_more_files_than_the_bulk_cutoff_is_marked_bulk_but_still_counts(repo):
    repo.commit({f"m{i}.py": "1\n" for i in range(4)}, day=0)
    repo.commit({"m0.py": "2\n", "m1.py": "2\n"}, day=1)
    history = mine_history(repo.path, config=HistoryConfig(bulk_commit_files=3))
    newest, oldest = history.commits
    assert (newest.files, newest.changed, newest.bulk) == (("m0.py", "m1.py"), 2, False)
    assert (oldest.changed, oldest.bulk) == (4, True)
    assert history.files["m3.py"].commits == 1


def test_vendored_files_are_left_out_of_everything_by_default(repo):
    repo.commit({"app.py": "1\n", "vendor/lib.py": "1\n", "node_modules/x/i.js": "1\n"}, day=0)
    repo.commit({"app.py": "2\n", "vendor/lib.py": "2\n"}, day=1)
    history = mine_history(repo.path)
    assert set(history.files) == {"app.py"}
    assert [(c.files, c.changed) for c in history.commits] == [(("app.py",), 1), (("app.py",), 1)]
    everything = mine_history(repo.path, config=HistoryConfig(exclude=()))
    assert set(everything.files) == {"app.py", "vendor/lib.py", "node_modules/x/i.js"}


def test_a_folder_inside_a_repository_is_read_alone_with_paths_relative_to_it(repo):
    repo.commit({"svc/api.py": "1\n", "web/app.js": "1\n"}, day=0)
    repo.commit({"web/app.js": "2\n"}, day=1)
    repo.commit({"svc/api.py": "2\n"}, day=2)
    history = mine_history(repo.path / "svc")
    assert set(history.files) == {"api.py"} and len(history.commits) == 2


def test_merged_branches_count_each_commit_or_once_per_merge_on_the_mainline(repo):
    repo.commit({"a.py": "1\n"}, day=0)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit({"a.py": "2\n"}, day=1, author=BOB)
    repo.commit({"a.py": "3\n"}, day=2, author=BOB)
    repo.git("checkout", "-q", "main")
    repo.commit({"b.py": "1\n"}, day=3)
    repo.merge("feature", day=4)
    each = mine_history(repo.path)
    assert (len(each.commits), each.files["a.py"].commits) == (4, 3)
    assert each.files["a.py"].authors == (("bob@example.com", 2), ("ann@example.com", 1))
    mainline = mine_history(repo.path, config=HistoryConfig(merges="first-parent"))
    assert (len(mainline.commits), mainline.files["a.py"].commits) == (3, 2)  # the merge brought a.py's change
    assert mainline.files["a.py"].authors == (("ann@example.com", 2),)


# -- bounds and bad input -----------------------------------------------------------------------


def test_max_commits_reads_only_the_newest_commits_and_says_the_history_was_cut(repo):
    for day in range(6):
        repo.commit({"a.py": f"{day}\n"}, day=day)
    history = mine_history(repo.path, config=HistoryConfig(max_commits=4))
    assert (len(history.commits), history.files["a.py"].commits, history.truncated) == (4, 4, True)
    assert history.files["a.py"].first_change == T0 + 2 * DAY_S
    assert not mine_history(repo.path, config=HistoryConfig(max_commits=6)).truncated


def test_since_days_counts_back_from_the_analysed_commit_and_since_is_a_day(repo):
    for day in (0, 10, 20, 30):
        repo.commit({"a.py": f"{day}\n"}, day=day)
    assert len(mine_history(repo.path, config=HistoryConfig(since_days=15)).commits) == 2  # days 20 and 30
    day_5 = datetime.fromtimestamp(T0 + 5 * DAY_S, UTC).date()
    assert len(mine_history(repo.path, config=HistoryConfig(since=day_5)).commits) == 3  # days 10, 20, 30


def test_a_folder_that_git_does_not_know_is_refused_with_a_clear_error(tmp_path):
    (tmp_path / "plain").mkdir()
    with pytest.raises(NotAGitRepository, match="not in a git repository"):
        mine_history(tmp_path / "plain")
    with pytest.raises(NotAGitRepository, match="not a directory"):
        mine_history(tmp_path / "missing")


def test_a_repository_without_commits_has_an_empty_history(repo):
    history = mine_history(repo.path)
    assert (history.commit, history.files, history.commits, history.truncated) == (None, {}, [], False)


def test_an_unknown_commit_is_refused(repo):
    repo.commit({"a.py": "1\n"}, day=0)
    with pytest.raises(HistoryError, match="no such commit"):
        mine_history(repo.path, commit="0" * 40)
    with pytest.raises(HistoryError, match="not a commit name"):
        mine_history(repo.path, commit="--all")


def test_a_shallow_clone_is_read_down_to_its_boundary_and_says_so(repo, tmp_path):
    for day in range(5):
        repo.commit({"a.py": lines(day + 1)}, day=day)
    clone = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone))
    history = mine_history(clone)
    assert (history.shallow, history.truncated, len(history.commits)) == (True, True, 1)
    assert history.files["a.py"].churn == 1  # not the boundary commit's whole file "added"


# -- lines carried forward ----------------------------------------------------------------------


def test_each_hunk_lands_on_the_current_line_numbers_after_later_commits_moved_it(repo):
    text = lines(10)
    repo.commit({"a.py": text}, day=0)  # commit 3 (newest first: index 3)
    repo.commit({"a.py": text.replace("line 5\n", "LINE 5\n")}, day=1)  # index 2: line 5
    repo.commit({"a.py": lines(3, "top") + text.replace("line 5\n", "LINE 5\n")}, day=2)  # index 1: +3 on top
    final = lines(3, "top") + text.replace("line 5\n", "LINE 5\n").replace("line 9\n", "")
    repo.commit({"a.py": final}, day=3)  # index 0: delete old line 9 (now line 12)
    changes = set(mine_history(repo.path).line_changes["a.py"])
    assert changes == {
        LineChange(0, 11, 11),  # the deletion sits on the line before it, old line 8
        LineChange(1, 1, 3),
        LineChange(2, 8, 8),  # line 5, three lines further down now
        LineChange(3, 4, 12),  # the first ten lines, one of them deleted since
    }


def test_a_rewritten_line_keeps_its_earlier_changes_and_a_deleted_one_is_gone_after_the_line_before_it(repo):
    repo.commit({"a.py": lines(6)}, day=0)  # index 3
    repo.commit({"a.py": lines(6).replace("line 2\n", "two\n")}, day=1)  # index 2: line 2
    repo.commit({"a.py": lines(6).replace("line 2\n", "TWO\n").replace("line 5\n", "five\n")}, day=2)  # index 1
    repo.commit({"a.py": lines(6).replace("line 2\n", "TWO\n").replace("line 5\n", "")}, day=3)  # index 0
    assert set(mine_history(repo.path).line_changes["a.py"]) == {
        LineChange(3, 1, 5),  # six lines then, five now
        LineChange(2, 2, 2),  # line 2, rewritten by commit 1 since: still line 2
        LineChange(1, 2, 2),
        LineChange(1, -4, -4),  # its other hunk, line 5, deleted by commit 0 since: gone after line 4
        LineChange(0, 4, 4),  # the deletion, on the line before it
    }
