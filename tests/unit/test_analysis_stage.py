"""The analyses run after every completed scan, and their findings are kept with a record of the run;
a failing analysis costs only its own findings, and bad options are refused with what is known."""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import pytest

from codeintel.analysis.checks import CHECKS, ComplexityCheck, GodClassCheck
from codeintel.analysis.class_metrics import class_metrics_from_rows
from codeintel.analysis.guarded_imports import guarded_import_lines
from codeintel.analysis.module_graph import owned_root
from codeintel.analysis.run import AnalysisConfigError, build_checks
from codeintel.config import Settings, load_settings
from codeintel.events.models import AnalysisCompleted
from codeintel.scan.engine import ScanEngine
from codeintel.store import open_metastore
from tests.helpers import ANN, BOB, GitRepo

FIXTURES = Path(__file__).parents[1] / "fixtures" / "projects"


class RecordingBus:
    """Keeps what is published; all a scan does with a bus it is given."""

    def __init__(self) -> None:
        self.published: list = []

    def publish(self, event) -> str:
        self.published.append(event)
        return str(len(self.published))


@pytest.fixture
def tangle(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "tangle", tmp_path / "tangle")
    return tmp_path / "tangle"


def test_a_scan_stores_its_findings_with_the_record_of_the_analyses(settings: Settings, tangle: Path) -> None:
    bus = RecordingBus()
    summary = ScanEngine(settings, events=bus).scan(str(tangle), use_ray=False)
    with closing(open_metastore(settings)) as meta:
        stored = meta.findings(summary.repo_id)
        record = meta.analysis_record(summary.repo_id)
    assert record is not None and record.scan_id == summary.scan_id
    assert (
        summary.findings
        == record.counts
        == {
            "syntax_error": 1,
            "complexity": 1,
            "cognitive_complexity": 1,  # tangle.rules.route: 21 ifs and 21 `and`s, 42
            "import_cycle": 1,
            "unresolved_import": 2,
            "long_function": 1,
            "dead_code": 8,  # nothing calls tangle's functions (place -> charge only from dead code)
        }
    )
    assert sum(record.counts.values()) == len(stored)
    assert set(record.seconds) >= {kind for kind in CHECKS if CHECKS[kind].needs == {"graph"}}
    assert "analyse" in summary.seconds and summary.analysis_errors == record.errors

    cycle = next(f for f in stored if f.kind == "import_cycle")
    assert cycle.fix == "break_cycle" and cycle.evidence["members"] == [
        "tangle.billing",
        "tangle.orders",
        "tangle.shipping",
    ]
    assert [(r.path, r.line) for r in cycle.related] == [("tangle/billing.py", 1)]  # the import to remove
    route = next(f for f in stored if f.kind == "complexity")
    assert route.evidence["cyclomatic"] == 43 and route.fix == "split_function" and route.end_line == 73

    completed = [e for e in bus.published if isinstance(e, AnalysisCompleted)]
    assert [(e.repo_id, e.scan_id, e.findings) for e in completed] == [(summary.repo_id, summary.scan_id, len(stored))]


def test_a_failing_analysis_is_recorded_and_the_others_findings_are_kept(
    settings: Settings, tangle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(self, inputs):
        raise RuntimeError("the cycle finder fell over")

    monkeypatch.setattr(type(CHECKS["import_cycle"]), "run", explode)
    summary = ScanEngine(settings).scan(str(tangle), use_ray=False)
    assert summary.analysis_errors["import_cycle"] == "RuntimeError: the cycle finder fell over"
    assert "import_cycle" not in summary.findings and summary.findings["unresolved_import"] == 2
    with closing(open_metastore(settings)) as meta:
        assert meta.analysis_record(summary.repo_id).errors["import_cycle"].startswith("RuntimeError")


def test_options_set_thresholds_and_skip_drops_a_kind(tmp_path: Path, tangle: Path) -> None:
    settings = load_settings(
        data_dir=tmp_path / "data",
        analysis={"skip": ["long_function"], "options": {"complexity": {"threshold": 10, "high": 40}}},
    )
    summary = ScanEngine(settings).scan(str(tangle), use_ray=False)
    assert "long_function" not in summary.findings
    assert summary.findings["complexity"] == 2  # classify (12) now counts; route (43) is high from 40


def test_unknown_kinds_options_and_bad_values_are_refused_with_what_is_known() -> None:
    with pytest.raises(AnalysisConfigError, match=r"unknown finding kind 'complexitty'; known: .*complexity"):
        build_checks(skip=["complexitty"])
    with pytest.raises(AnalysisConfigError, match=r"options of 'complexity': limit: Extra inputs.*threshold, high"):
        build_checks(options={"complexity": {"limit": 3}})
    with pytest.raises(AnalysisConfigError, match=r"threshold: Input should be greater than or equal to 1"):
        build_checks(options={"complexity": {"threshold": 0}})
    with pytest.raises(AnalysisConfigError, match="takes no options"):
        build_checks(options={"syntax_error": {"anything": 1}})
    (check,) = [c for c in build_checks(options={"complexity": {"threshold": 7}}) if c.kind == "complexity"]
    assert isinstance(check, ComplexityCheck) and check.config.threshold == 7


def test_with_analysis_after_scan_off_the_service_still_answers_from_the_graph(tmp_path: Path, tangle: Path) -> None:
    from codeintel.service.engine_service import EngineService

    settings = load_settings(data_dir=tmp_path / "data", analysis={"after_scan": False})
    summary = ScanEngine(settings).scan(str(tangle), use_ray=False)
    assert summary.findings == {} and "analyse" not in summary.seconds
    service = EngineService(settings)
    try:
        kinds = {f.kind for f in service.findings(summary.repo_id).items}
    finally:
        service.close()
    assert {"import_cycle", "complexity", "syntax_error"} <= kinds


def test_class_metrics_count_methods_weighted_methods_and_the_classes_used_either_way() -> None:
    classes = [
        {"id": "E", "qualname": "m.Engine", "file": "m.py", "kind": None, "start_line": 1, "end_line": 600},
        {"id": "P", "qualname": "m.Part", "file": "m.py", "kind": None, "start_line": 601, "end_line": 610},
        {"id": "Q", "qualname": "m.Other", "file": "m.py", "kind": None, "start_line": 611, "end_line": 620},
    ]
    defines = [
        {"parent": "M", "child": "E", "parent_label": "Module", "child_label": "Class", "cyclomatic": None},
        {"parent": "E", "child": "E.run", "parent_label": "Class", "child_label": "Function", "cyclomatic": 30},
        {"parent": "E", "child": "E.stop", "parent_label": "Class", "child_label": "Function", "cyclomatic": 20},
        {
            "parent": "E.run",
            "child": "E.run.inner",
            "parent_label": "Function",
            "child_label": "Function",
            "cyclomatic": 5,
        },  # a nested function: not a method, but its calls are the class's
        {"parent": "P", "child": "P.go", "parent_label": "Class", "child_label": "Function", "cyclomatic": 1},
    ]
    calls = [
        {"src": "E.run.inner", "dst": "P"},  # Engine constructs Part
        {"src": "E.stop", "dst": "P.go"},  # and calls its method: still one class used
        {"src": "E.run", "dst": "E.stop"},  # calls within the class do not count
        {"src": "Q", "dst": "E.run"},  # Other uses Engine
        {"src": "M", "dst": "E"},  # module-level code is no class
    ]
    engine, part, other = class_metrics_from_rows(classes, defines, calls)
    assert (engine.lines, engine.methods, engine.wmc, engine.fan_out, engine.fan_in) == (600, 2, 50, 1, 1)
    assert (part.methods, part.fan_in, part.fan_out) == (1, 1, 0)
    assert (other.fan_out, other.fan_in) == (1, 0)

    class Inputs:
        class_metrics = [engine, part, other]

    (finding,) = GodClassCheck().run(Inputs())
    assert finding.symbol == "m.Engine" and finding.fix == "split_class"
    assert (
        finding.message == "m.Engine has 600 lines and 2 methods, weighted methods 50; it uses 1 classes and 1 use it"
    )


def _branchy(name: str, branches: int, tag: int) -> str:
    body = "".join(f"    if x == {i}:\n        return {i + tag}\n" for i in range(branches))
    return f"def {name}(x):\n{body}    return -1\n"


def test_a_git_repository_gets_hotspots_and_change_coupling_from_its_history(settings: Settings, tmp_path: Path):
    repo = GitRepo(tmp_path / "hot")
    for day in range(6):  # rules.py and table.py change together six times; rules.py is the complex one
        repo.commit(
            {"pkg/__init__.py": "", "pkg/rules.py": _branchy("route", 20, day), "pkg/table.py": f"ROWS = {day}\n"},
            day=day,
            author=(ANN, BOB)[day % 2],
        )
    repo.commit({"pkg/calm.py": _branchy("steady", 20, 0)}, day=7)  # as complex, changed once
    summary = ScanEngine(settings).scan(str(repo.path), use_ray=False)
    with closing(open_metastore(settings)) as meta:
        found = meta.findings(summary.repo_id)
    hotspots = [f for f in found if f.kind == "hotspot"]
    assert [(f.path, f.symbol) for f in hotspots] == [("pkg/rules.py", None), ("pkg/rules.py", "pkg.rules.route")]
    file_spot = hotspots[0]
    assert (file_spot.evidence["commits"], file_spot.evidence["authors"], file_spot.fix) == (6, 2, "split_module")
    (coupled,) = [f for f in found if f.kind == "change_coupling"]
    assert {coupled.path, coupled.related[0].path} == {"pkg/rules.py", "pkg/table.py"}
    assert coupled.evidence["shared"] == 6 and coupled.evidence["degree"] == 100.0


def test_a_folder_without_history_skips_the_history_checks_and_says_why(settings: Settings, tangle: Path) -> None:
    summary = ScanEngine(settings).scan(str(tangle), use_ray=False)
    with closing(open_metastore(settings)) as meta:
        record = meta.analysis_record(summary.repo_id)
    assert record.skipped["hotspot"] == "the repository has no git history"
    assert "hotspot" not in summary.analysis_errors and record.errors == {}  # skipped is not failed


PARSER = """
def parse_records(lines, separator, strict):
    records = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        fields = [field.strip() for field in text.split(separator)]
        if len(fields) != 3:
            if strict:
                raise ValueError(f"line {number}: expected 3 fields, got {len(fields)}")
            continue
        name, quantity, price = fields
        try:
            records.append({"name": name, "quantity": int(quantity), "price": float(price)})
        except ValueError as error:
            if strict:
                raise ValueError(f"line {number}: {error}") from None
    return records
"""


def test_duplicated_code_is_one_finding_per_clone_class_with_the_other_copies(settings: Settings, tmp_path: Path):
    root = tmp_path / "dup"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "orders.py").write_text(PARSER)
    renamed = PARSER.replace("parse_records", "read_rows").replace("records", "rows").replace('"#"', '";"')
    (root / "pkg" / "stock.py").write_text("import os\n\n" + renamed)
    summary = ScanEngine(settings).scan(str(root), use_ray=False)
    with closing(open_metastore(settings)) as meta:
        (clone,) = [f for f in meta.findings(summary.repo_id) if f.kind == "clone"]
    assert (clone.path, clone.line, clone.fix, clone.evidence["type"]) == ("pkg/orders.py", 2, "extract_duplicate", 2)
    assert [(r.path, r.line) for r in clone.related] == [("pkg/stock.py", 4)]
    assert clone.message.startswith("Type-2 clone, ") and "pkg/stock.py:4-" in clone.message


def test_guarded_imports_are_optional_by_design_and_only_the_repository_s_own_names_count() -> None:
    text = (
        "import os\n"
        "try:\n    from pkg._speedups import (fast,\n        faster)\n"
        "except (ImportError, OSError):\n    fast = None\n"
        "try:\n    import pkg.strict\nexcept ValueError:\n    pass\n"
        "if typing.TYPE_CHECKING:\n    from pkg.stubs import Stub\n"
    )
    assert guarded_import_lines(text) == {3, 4, 12}  # not pkg.strict: a ValueError handler does not catch it
    assert guarded_import_lines("def broken(:\n") == set()
    assert owned_root("com.ledger.audit.AuditTrail") == "com.ledger" != owned_root("com.fasterxml.jackson.X")
    assert owned_root("ledger.missing.rate") == "ledger" and owned_root("com") == "com"
