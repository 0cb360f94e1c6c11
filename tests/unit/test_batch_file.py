"""Batch files and the results table: what a batch job reads, and how a rerun resumes it. No Ray here."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batch import (
    EXIT_BAD_BATCH,
    EXIT_COMPLETED,
    EXIT_SOME_FAILED,
    BatchEntry,
    BatchFileError,
    ResultTable,
    ScanOutcome,
    batch_settings,
    default_results_path,
    exit_code,
    load_batch,
    main,
    run_batch,
)


def write(folder: Path, text: str, name: str = "nightly.yaml") -> Path:
    path = folder / name
    path.write_text(text)
    return path


# ---------------------------------------------------------------- the batch file


def test_minimal_batch_takes_its_name_from_the_file_and_defaults_per_entry(tmp_path):
    batch = load_batch(write(tmp_path, "repositories:\n  - location: /srv/shop\n"))
    assert batch.name == "nightly"
    assert batch.repositories == [BatchEntry(location="/srv/shop", ref=None, full=False)]
    assert batch.settings == {}


def test_relative_locations_are_relative_to_the_batch_file_and_urls_stay_as_written(tmp_path):
    text = """
repositories:
  - location: shop
  - location: ../elsewhere/lib
    ref: v1.2
    full: true
  - location: https://example.com/org/repo.git
"""
    batch = load_batch(write(tmp_path, text))
    assert [(e.location, e.ref, e.full) for e in batch.repositories] == [
        (str(tmp_path / "shop"), None, False),
        (str(tmp_path.parent / "elsewhere" / "lib"), "v1.2", True),
        ("https://example.com/org/repo.git", None, False),
    ]


def test_an_explicit_name_names_the_results_file(tmp_path, settings):
    batch = load_batch(write(tmp_path, "name: weekly-all\nrepositories:\n  - location: /a\n"))
    assert default_results_path(settings, batch) == settings.data_dir / "batches" / "weekly-all.sqlite"


def test_a_bad_field_is_reported_with_the_entry_number_and_location(tmp_path):
    text = "repositories:\n  - location: /a\n  - location: /b\n    full: sometimes\n"
    with pytest.raises(BatchFileError) as caught:
        load_batch(write(tmp_path, text))
    message = str(caught.value)
    assert "nightly.yaml" in message
    assert "entry 2 of repositories (location '/b'): full:" in message


def test_an_unknown_key_in_an_entry_is_refused_by_name(tmp_path):
    with pytest.raises(BatchFileError, match=r"entry 1 of repositories \(location '/a'\): branch: unknown key"):
        load_batch(write(tmp_path, "repositories:\n  - location: /a\n    branch: main\n"))


def test_an_entry_without_a_location_is_refused(tmp_path):
    with pytest.raises(BatchFileError, match=r"entry 1 of repositories: location: Field required"):
        load_batch(write(tmp_path, "repositories:\n  - ref: main\n"))


def test_a_batch_without_repositories_is_refused(tmp_path):
    with pytest.raises(BatchFileError, match="repositories"):
        load_batch(write(tmp_path, "repositories: []\n"))


def test_the_same_location_and_ref_twice_is_refused(tmp_path):
    text = "repositories:\n  - location: shop\n  - location: ./shop\n"
    with pytest.raises(BatchFileError, match="entry 2 repeats"):
        load_batch(write(tmp_path, text))


def test_the_same_location_at_two_refs_is_two_entries(tmp_path):
    text = "repositories:\n  - location: /a\n    ref: main\n  - location: /a\n    ref: v1\n"
    assert len(load_batch(write(tmp_path, text)).repositories) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("repositories: [\n", "nightly.yaml: not valid YAML"),
        ("- location: /a\n", "nightly.yaml: expected a mapping"),
        ("repositories:\n  - location: /a\nextra: 1\n", "nightly.yaml: extra: unknown key"),
    ],
)
def test_a_malformed_file_is_refused_with_its_name(tmp_path, text, expected):
    with pytest.raises(BatchFileError, match=expected):
        load_batch(write(tmp_path, text))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(BatchFileError, match="cannot read it"):
        load_batch(tmp_path / "nope.yaml")


def test_a_typo_in_the_inline_settings_is_refused_not_ignored(tmp_path):
    text = "repositories:\n  - location: /a\nsettings:\n  pipeline:\n    batch_sise: 8\n"
    with pytest.raises(BatchFileError, match=r"settings: .*unknown key: pipeline\.batch_sise"):
        load_batch(write(tmp_path, text))


def test_a_password_in_the_inline_settings_is_refused(tmp_path):
    text = "repositories:\n  - location: /a\nsettings:\n  store:\n    metadata_url: postgresql+psycopg://u:pw@db/x\n"
    with pytest.raises(BatchFileError, match="holds a password"):
        load_batch(write(tmp_path, text))


def test_inline_settings_override_the_settings_file_and_data_dir_overrides_both(tmp_path):
    config = write(tmp_path, "pipeline:\n  batch_size: 64\n  ray_threshold_files: 10\n", name="settings.yaml")
    batch = load_batch(write(tmp_path, "repositories:\n  - location: /a\nsettings:\n  pipeline:\n    batch_size: 8\n"))
    settings = batch_settings(batch, config, data_dir=tmp_path / "data")
    assert (settings.pipeline.batch_size, settings.pipeline.ray_threshold_files) == (8, 10)
    assert settings.data_dir == tmp_path / "data"


def test_a_relative_data_dir_in_the_inline_settings_is_relative_to_the_batch_file(tmp_path):
    batch = load_batch(write(tmp_path, "repositories:\n  - location: /a\nsettings:\n  data_dir: state\n"))
    assert batch_settings(batch, None).data_dir == tmp_path / "state"


def test_the_job_exits_with_code_2_on_a_bad_batch_file(tmp_path, capsys):
    bad = write(tmp_path, "repositories:\n  - location: /a\n    full: sometimes\n")
    assert main([str(bad), "--data-dir", str(tmp_path / "data")]) == EXIT_BAD_BATCH
    assert "entry 1 of repositories" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()


# ---------------------------------------------------------------- the results table and resumption

A = BatchEntry(location="/repos/a")
B = BatchEntry(location="/repos/b", ref="main")
C = BatchEntry(location="/repos/c")


class FakeRunner:
    """Runs entries in order, failing those in `failing`; remembers what it was asked to run."""

    def __init__(self, failing: set[str] = frozenset()) -> None:
        self.failing = failing
        self.ran: list[str] = []

    def __call__(self, entries, started):
        for entry in entries:
            started(entry)
            self.ran.append(entry.location)
            if entry.location in self.failing:
                yield entry, ScanOutcome(ok=False, error="SourceError: path does not exist", seconds=0.1)
            else:
                yield entry, ScanOutcome(ok=True, scan_id=7, repo_id="r", counts={"files": 3}, seconds=0.5)


def batch_of(tmp_path: Path, *entries: BatchEntry):
    lines = ["repositories:"]
    for entry in entries:
        lines.append(f"  - location: {entry.location}")
        if entry.ref:
            lines.append(f"    ref: {entry.ref}")
    return load_batch(write(tmp_path, "\n".join(lines) + "\n"))


@pytest.fixture
def table(tmp_path):
    with ResultTable(tmp_path / "results" / "nightly.sqlite") as table:
        yield table


def test_a_new_batch_records_every_entry_as_pending_and_runs_them_all(table):
    assert table.plan([A, B, C]) == [A, B, C]
    assert [row.status for row in table.rows([A, B, C])] == ["pending"] * 3


def test_each_outcome_is_recorded_with_its_counts_error_and_attempt(tmp_path, table):
    rows = run_batch(batch_of(tmp_path, A, B, C), table, FakeRunner(failing={"/repos/b"}), say=lambda _: None)
    assert [(r.location, r.ref, r.status, r.attempts) for r in rows] == [
        ("/repos/a", None, "completed", 1),
        ("/repos/b", "main", "failed", 1),
        ("/repos/c", None, "completed", 1),
    ]
    assert (rows[0].scan_id, rows[0].repo_id, rows[0].counts, rows[0].error) == (7, "r", {"files": 3}, None)
    assert rows[1].error == "SourceError: path does not exist"
    assert exit_code(rows) == EXIT_SOME_FAILED


def test_a_rerun_skips_completed_entries_and_retries_the_failed_one(tmp_path, table):
    batch = batch_of(tmp_path, A, B, C)
    run_batch(batch, table, FakeRunner(failing={"/repos/b"}), say=lambda _: None)
    first = table.row(A)
    said: list[str] = []
    runner = FakeRunner()
    rows = run_batch(batch, table, runner, say=said.append)
    assert runner.ran == ["/repos/b"]
    assert "skipped (completed earlier): /repos/a" in said
    assert table.row(A) == first
    assert [(r.status, r.attempts, r.error) for r in rows] == [
        ("completed", 1, None),
        ("completed", 2, None),
        ("completed", 1, None),
    ]
    assert exit_code(rows) == EXIT_COMPLETED


def test_an_entry_a_dead_job_left_running_is_run_again(table):
    table.plan([A, B])
    table.started(A)  # the job died here
    assert table.plan([A, B]) == [A, B]
    assert table.row(A).status == "running"


def test_an_entry_removed_from_the_batch_stays_in_the_file_but_no_longer_counts(tmp_path, table):
    run_batch(batch_of(tmp_path, A, B), table, FakeRunner(failing={"/repos/b"}), say=lambda _: None)
    rows = run_batch(batch_of(tmp_path, A), table, FakeRunner(), say=lambda _: None)
    assert exit_code(rows) == EXIT_COMPLETED
    assert [(r.location, r.status) for r in table.rows()] == [("/repos/a", "completed"), ("/repos/b", "failed")]


def test_an_entry_added_to_a_finished_batch_is_the_only_one_run(tmp_path, table):
    run_batch(batch_of(tmp_path, A), table, FakeRunner(), say=lambda _: None)
    runner = FakeRunner()
    run_batch(batch_of(tmp_path, A, C), table, runner, say=lambda _: None)
    assert runner.ran == ["/repos/c"]


def test_the_results_survive_reopening_the_file(tmp_path):
    path = tmp_path / "r.sqlite"
    with ResultTable(path) as table:
        run_batch(batch_of(tmp_path, A), table, FakeRunner(), say=lambda _: None)
    with ResultTable(path) as table:
        assert table.plan([A]) == []
