"""The real `codeintel` command: bad input is reported and skipped, and the rest of the scan completes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import codeintel, git, sarif_errors

TANGLE = Path(__file__).parents[1] / "fixtures" / "projects" / "tangle"


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """A project with one good module and one of each kind of bad input."""
    root = tmp_path / "messy"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "good.py").write_text("def ok():\n    return helper()\n\ndef helper():\n    return 1\n")
    (root / "pkg" / "broken.py").write_text("def half(:\n    pass\n\ndef whole():\n    return 2\n")
    (root / "pkg" / "latin1.py").write_bytes(b"# caf\xe9\ndef f():\n    return '\xff\xfe'\n")
    (root / "pkg" / "blob.py").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    with open(root / "pkg" / "huge.py", "wb") as huge:
        huge.truncate(50 * 1024 * 1024)
    outside = tmp_path / "secret.py"
    outside.write_text("PASSWORD = 'x'\n")
    (root / "pkg" / "link.py").symlink_to(outside)
    return root


def test_scan_reports_each_bad_file_and_completes(messy, tmp_path):
    result = codeintel("scan", str(messy), "--json", data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["skipped_by_reason"] == {"binary": 1, "oversized": 1, "symlink_outside": 1}
    assert summary["files_by_language"] == {"python": 4}
    assert summary["files_with_syntax_errors"] == 1
    assert summary["definitions"]["function"] == 5  # ok, helper, half (recovered), whole, f


def test_missing_path_exits_with_code_2_and_a_clear_message(tmp_path):
    result = codeintel("scan", str(tmp_path / "nope"), data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert "does not exist" in result.stderr


@pytest.mark.parametrize(
    "url", ["http://example.com/r.git", "git://example.com/r.git", "ext::sh -c touch% /tmp/x", "--upload-pack=evil"]
)
def test_unsupported_url_is_refused_with_code_2(url, tmp_path):
    result = codeintel("scan", "--", url, data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert "error" in result.stderr.lower()


def test_query_is_read_only(messy, tmp_path):
    data = tmp_path / "data"
    assert codeintel("scan", str(messy), data_dir=data).returncode == 0
    rows = codeintel("query", "MATCH (f:Function) RETURN f.qualname AS q ORDER BY q", "--json", data_dir=data)
    assert rows.returncode == 0, rows.stderr
    assert [r["q"] for r in json.loads(rows.stdout)] == [
        "pkg.broken.half",
        "pkg.broken.whole",
        "pkg.good.helper",
        "pkg.good.ok",
        "pkg.latin1.f",
    ]
    refused = codeintel("query", "MATCH (f:Function) DETACH DELETE f", data_dir=data)
    assert refused.returncode == 2
    assert "read-only" in refused.stderr


def test_callgraph_formats(messy, tmp_path):
    data = tmp_path / "data"
    pycg = codeintel("callgraph", str(messy), "--format", "pycg", data_dir=data)
    assert pycg.returncode == 0, pycg.stderr
    graph = json.loads(pycg.stdout)
    assert graph["pkg.good.ok"] == ["pkg.good.helper"]
    assert graph["pkg.good.helper"] == []
    assert "pkg.good" in graph
    dot = codeintel("callgraph", str(messy), "--format", "dot", data_dir=data)
    assert '"pkg.good.ok" -> "pkg.good.helper";' in dot.stdout
    rich = json.loads(codeintel("callgraph", str(messy), "--format", "json", data_dir=data).stdout)
    assert {"nodes", "edges"} <= set(rich)


def test_git_url_at_a_ref_then_moving_to_another_commit_rescans_only_what_changed(tmp_path):
    origin = tmp_path / "origin"
    (origin / "pkg").mkdir(parents=True)
    (origin / "pkg" / "a.py").write_text("def one():\n    return 1\n")
    (origin / "pkg" / "b.py").write_text("from pkg.a import one\n\ndef two():\n    return one() + 1\n")
    git(origin, "init", "-q")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "v1")
    git(origin, "tag", "v1")
    (origin / "pkg" / "a.py").write_text("def one():\n    return 1\n\ndef three():\n    return 3\n")
    git(origin, "commit", "-qam", "v2")

    data = tmp_path / "data"
    first = json.loads(codeintel("scan", f"file://{origin}", "--ref", "v1", "--json", data_dir=data).stdout)
    latest = json.loads(codeintel("scan", f"file://{origin}", "--json", data_dir=data).stdout)
    assert (first["mode"], first["files_parsed"]) == ("full", 2)
    # b.py's edge two -> one points into a.py, whose nodes are rewritten, so b.py's edges are too
    assert (latest["mode"], latest["files_parsed"], latest["files_reresolved"]) == ("incremental", 1, 1)
    assert latest["commit"] != first["commit"]
    rows = codeintel("query", "MATCH (f:Function) RETURN f.qualname AS q ORDER BY q", "--json", data_dir=data)
    assert [r["q"] for r in json.loads(rows.stdout)] == ["pkg.a.one", "pkg.a.three", "pkg.b.two"]
    calls = codeintel(
        "query", "MATCH (a)-[:CALLS]->(b) RETURN a.qualname AS a, b.qualname AS b", "--json", data_dir=data
    )
    assert json.loads(calls.stdout) == [{"a": "pkg.b.two", "b": "pkg.a.one"}]


def test_findings_in_every_format_with_filters_and_a_ci_gate(tmp_path):
    """tangle has a syntax error (high), an import cycle and branchy functions (medium)."""
    root = tmp_path / "tangle"
    shutil.copytree(TANGLE, root)
    data = tmp_path / "data"
    as_json = codeintel("findings", str(root), "--format", "json", data_dir=data)
    assert as_json.returncode == 0, as_json.stderr
    found = json.loads(as_json.stdout)
    assert {f["kind"] for f in found} >= {"syntax_error", "import_cycle", "complexity"}
    assert found[0]["severity"] == "high"  # most severe first

    cycles = json.loads(
        codeintel("findings", str(root), "--format", "json", "--kind", "import_cycle", data_dir=data).stdout
    )
    assert [f["kind"] for f in cycles] == ["import_cycle"] and "removing 1 import breaks it" in cycles[0]["message"]
    assert cycles[0]["fix"] == "break_cycle" and cycles[0]["evidence"]["break"] == [
        {"source": "tangle.billing", "target": "tangle.shipping", "line": 1}
    ]

    sarif = codeintel(
        "findings", str(root), "--format", "sarif", "--output", str(tmp_path / "out.sarif"), data_dir=data
    )
    assert sarif.returncode == 0, sarif.stderr
    log = json.loads((tmp_path / "out.sarif").read_text())
    assert sarif_errors(log) == [] and len(log["runs"][0]["results"]) == len(found)

    table = codeintel("findings", str(root), "--severity", "medium", data_dir=data)
    assert table.returncode == 0 and "import_cycle" in table.stdout and "syntax_error" not in table.stdout
    assert "break cycle" in table.stdout  # the kind of refactoring that fixes each finding

    gate = codeintel("findings", str(root), "--fail-on", "high", data_dir=data)
    assert gate.returncode == 1
    assert (
        codeintel("findings", str(root), "--fail-on", "high", "--path", "tangle/ghosts.py", data_dir=data).returncode
        == 0
    )
    for bad in (["--fail-on", "fatal"], ["--kind", "nonsense"], ["--format", "xml"]):
        refused = codeintel("findings", str(root), *bad, data_dir=data)
        assert refused.returncode == 2 and bad[1] in refused.stderr


def test_finetune_with_too_few_pairs_says_how_many_and_changes_nothing(messy, tmp_path):
    data = tmp_path / "data"
    assert codeintel("scan", str(messy), data_dir=data).returncode == 0
    tuned = codeintel("finetune", data_dir=data)
    assert tuned.returncode == 2
    said = " ".join(tuned.stderr.split())  # rich wraps long lines
    assert "0 training pairs" in said and "at least 100 are needed" in said
    assert not (data / "models").exists() or not any((data / "models").iterdir())
