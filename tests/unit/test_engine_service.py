"""EngineService, specified method by method on real stores and the in-process bus.

Expected edges, dependencies and findings are written by hand from the sources of
tests/fixtures/projects/shop (its call graph: tests/unit/test_resolution.py) and
tests/fixtures/projects/tangle (a package with a branchy, a long, a broken and a haunted file,
and an import cycle billing -> shipping -> orders -> billing).
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from codeintel.analysis.checks import CHECKS, ImportCycleCheck, UnreadableFileCheck
from codeintel.analysis.module_graph import ModuleGraph
from codeintel.config import Settings, load_settings
from codeintel.events.inprocess import InProcessEventBus
from codeintel.events.models import TYPE_NAMES
from codeintel.scan.engine import RecordedProgress, repository_id_for
from codeintel.service.engine_service import EngineService
from codeintel.service.errors import Conflict, InvalidRequest, NotFound, QueryRefused
from codeintel.service.models import SCOPES, RegisterRepository, ScanProgress, Symbol
from codeintel.service.search import search_symbols
from codeintel.store.metastore import ScanProgressRecord
from codeintel.store.records import FileState
from codeintel.store.sql_metastore import SqlMetaStore
from tests.helpers import sarif_errors

FIXTURES = Path(__file__).parents[1] / "fixtures" / "projects"


def _settings(data_dir: Path) -> Settings:
    # shop and tangle are libraries: their public functions are their API, not dead code
    analysis = {"options": {"dead_code": {"public_api": True}}}
    return load_settings(data_dir=data_dir, events={"coalesce_seconds": 0.02}, analysis=analysis)


def _scanned(service: EngineService, location: Path) -> str:
    ticket = service.register_repository(RegisterRepository(location=str(location)))
    view = service.wait_for_scan(ticket.repo_id, timeout=60)
    assert view.state == "ready", view
    return ticket.repo_id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EngineService, str, str, Path]]:
    """One service with shop and tangle scanned, for the tests that only read."""
    root = tmp_path_factory.mktemp("world")
    shutil.copytree(FIXTURES / "shop", root / "shop")
    shutil.copytree(FIXTURES / "tangle", root / "tangle")
    service = EngineService(_settings(root / "data"))
    shop_id, tangle_id = _scanned(service, root / "shop"), _scanned(service, root / "tangle")
    yield service, shop_id, tangle_id, root
    service.close()


@pytest.fixture
def shop_id(world) -> str:
    return world[1]


@pytest.fixture
def tangle_id(world) -> str:
    return world[2]


@pytest.fixture
def service(world) -> EngineService:
    return world[0]


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[EngineService]:
    """A service of its own, for tests that change things."""
    service = EngineService(_settings(tmp_path / "data"))
    yield service
    service.close()


def _edges(edges) -> set[tuple[str, str, int, int]]:
    return {(e.caller.qualname, e.callee.qualname, e.line, e.depth) for e in edges}


# ---------------------------------------------------------------- repositories and scans


def test_registering_queues_a_scan_under_the_id_the_scan_gives(tmp_path: Path, shop: Path) -> None:
    bus = InProcessEventBus(load_settings().events)
    bus.read("watch", "w", sorted(TYPE_NAMES), block_ms=0)
    with EngineService(_settings(tmp_path / "data"), bus=bus, scan_in_background=False) as service:
        ticket = service.register_repository(RegisterRepository(location=str(shop), full=True))
        assert (ticket.repo_id, ticket.location, ticket.status) == (
            repository_id_for("shop", str(shop)),
            str(shop),
            "queued",
        )
        view = service.get_repository(ticket.repo_id)
        assert (view.name, view.state, view.latest_scan) == ("shop", "queued", None)
        events = {d.event.type: d.event for d in bus.read("watch", "w", sorted(TYPE_NAMES), count=10, block_ms=0)}
        assert set(events) == {"repository.registered", "scan.requested"}
        assert (events["scan.requested"].location, events["scan.requested"].full) == (str(shop), True)
        assert events["scan.requested"].id == ticket.request_id
    bus.close()


def test_a_registered_repository_is_scanned_in_the_background_and_becomes_ready(service, shop_id, world) -> None:
    view = service.get_repository(shop_id)
    assert (view.state, view.location) == ("ready", str(world[3] / "shop"))
    scan = view.latest_scan
    assert scan is not None and (scan.status, scan.mode, scan.repo_id) == ("completed", "full", shop_id)
    assert scan.progress == ScanProgress(stage="parse", done=4, total=4)
    assert scan.counts["files_parsed"] == 4
    assert service.get_scan(scan.id) == scan


def test_repositories_and_scans_are_listed_in_pages(service, shop_id, tangle_id) -> None:
    page = service.list_repositories(offset=0, limit=1)
    assert (page.total, page.offset, page.limit, [r.id for r in page.items]) == (2, 0, 1, [shop_id])
    assert [r.id for r in service.list_repositories(offset=1).items] == [tangle_id]
    scans = service.list_scans(shop_id)
    assert scans.total == 1 and scans.items[0].repo_id == shop_id


def test_a_rescan_is_incremental_and_listed_first(fresh: EngineService, shop: Path) -> None:
    repo_id = _scanned(fresh, shop)
    (shop / "shop" / "util.py").write_text("def slug(text):\n    return text\n")
    ticket = fresh.rescan(repo_id)
    assert ticket.repo_id == repo_id
    assert fresh.wait_for_scan(repo_id, timeout=60).state == "ready"
    scans = fresh.list_scans(repo_id).items
    assert [s.mode for s in scans] == ["incremental", "full"] and scans[0].id > scans[1].id
    assert scans[0].progress == ScanProgress(stage="parse", done=1, total=1)


def test_scan_problems_list_broken_and_skipped_files(service, tangle_id) -> None:
    scan = service.get_repository(tangle_id).latest_scan
    assert scan is not None
    problems = service.scan_problems(scan.id)
    assert [(p.path, p.status, p.reason, p.syntax_errors) for p in problems.items] == [
        ("tangle/broken.py", "syntax_error", None, 1),
        ("ruff.toml", "skipped", "unsupported_language", None),
    ]


def test_a_location_that_cannot_be_scanned_is_refused_at_once(fresh: EngineService, tmp_path: Path) -> None:
    (tmp_path / "file.py").write_text("x = 1\n")
    for location in (
        str(tmp_path / "missing"),
        str(tmp_path / "file.py"),
        "http://example.com/repo.git",
        "git@github.com:org/repo.git",
        "ext::sh -c touch% /tmp/pwned",
        "-rf",
    ):
        with pytest.raises(InvalidRequest):
            fresh.register_repository(RegisterRepository(location=location))
    with pytest.raises(InvalidRequest, match="ref"):
        fresh.register_repository(RegisterRepository(location=str(tmp_path), ref="--upload-pack=x"))
    assert fresh.list_repositories().total == 0


def test_a_url_names_the_repository_without_cloning(tmp_path: Path) -> None:
    with EngineService(_settings(tmp_path / "data"), scan_in_background=False) as service:
        ticket = service.register_repository(
            RegisterRepository(location="https://user:secret@example.com/org/app.git/")
        )
        assert ticket.location == "https://user:***@example.com/org/app.git"
        assert ticket.repo_id == repository_id_for("app", ticket.location)
        assert not (tmp_path / "data" / "checkouts").exists()


def test_a_scan_that_fails_before_it_starts_leaves_a_failed_record(fresh: EngineService, tmp_path: Path) -> None:
    ticket = fresh.register_repository(RegisterRepository(location=f"file://{tmp_path}/nothing-here.git"))
    view = fresh.wait_for_scan(ticket.repo_id, timeout=60)
    assert view.state == "failed"
    assert view.latest_scan is not None and "nothing-here" in (view.latest_scan.error or "")


def test_unknown_repositories_and_scans_are_not_found(service) -> None:
    for call in (
        lambda: service.get_repository("nope"),
        lambda: service.list_scans("nope"),
        lambda: service.get_scan(10_000),
        lambda: service.scan_problems(10_000),
        lambda: service.delete_repository("nope"),
        lambda: service.callers("nope", "x"),
        lambda: service.findings("nope"),
    ):
        with pytest.raises(NotFound):
            call()


def test_bad_pages_are_invalid(service, shop_id) -> None:
    for call in (
        lambda: service.list_repositories(offset=-1),
        lambda: service.list_repositories(limit=0),
        lambda: service.findings(shop_id, limit=10_001),
    ):
        with pytest.raises(InvalidRequest):
            call()


def test_a_repository_without_a_completed_scan_has_no_graph_to_ask(tmp_path: Path, shop: Path) -> None:
    with EngineService(_settings(tmp_path / "data"), scan_in_background=False) as service:
        ticket = service.register_repository(RegisterRepository(location=str(shop)))
        with pytest.raises(Conflict, match="no completed scan"):
            service.callers(ticket.repo_id, "shop.cli.helper")


def test_delete_removes_graph_metadata_and_leaves_others(fresh: EngineService, shop: Path, tmp_path: Path) -> None:
    other = tmp_path / "tangle"
    shutil.copytree(FIXTURES / "tangle", other)
    shop_id, tangle_id = _scanned(fresh, shop), _scanned(fresh, other)
    count = "MATCH (n) WHERE n.repo = $repo RETURN count(n) AS n"
    assert fresh.cypher(count, {"repo": shop_id}).rows[0]["n"] > 0
    fresh.delete_repository(shop_id)
    with pytest.raises(NotFound):
        fresh.get_repository(shop_id)
    assert fresh.cypher(count, {"repo": shop_id}).rows == [{"n": 0}]
    meta = SqlMetaStore(fresh.settings.metadata_url_or_default)
    assert meta.file_states(shop_id) == {} and meta.list_scans(shop_id) == []
    meta.close()
    assert fresh.get_repository(tangle_id).state == "ready"
    assert fresh.cypher(count, {"repo": tangle_id}).rows[0]["n"] > 0


# ---------------------------------------------------------------- graph


def test_callers_follow_calls_back_to_the_given_depth(service, shop_id) -> None:
    direct = {("shop.cli.main", "shop.cli.helper", 13, 1), ("shop.cli.main.inner", "shop.cli.helper", 16, 1)}
    assert _edges(service.callers(shop_id, "shop.cli.helper")) == direct
    assert _edges(service.callers(shop_id, "shop.cli.helper", depth=2)) == direct | {
        ("shop.cli", "shop.cli.main", 26, 2),  # the `if __name__ == "__main__"` block
        ("shop.cli.main", "shop.cli.main.inner", 18, 2),
    }


def test_callees_follow_calls_forward_to_the_given_depth(service, shop_id) -> None:
    direct = {
        ("shop.util.make", "shop.models.Product.__init__", 20, 1),
        ("shop.util.make", "shop.models.Base.describe", 21, 1),
        ("shop.util.make", "shop.models.Base.create", 22, 1),
    }
    assert _edges(service.callees(shop_id, "shop.util.make")) == direct
    assert _edges(service.callees(shop_id, "util.make", depth=2)) == direct | {
        ("shop.models.Product.__init__", "<builtin>.super", 26, 2),
        ("shop.models.Product.__init__", "shop.models.Base.__init__", 26, 2),
        ("shop.models.Base.describe", "shop.models.Product.label", 10, 2),
        ("shop.models.Base.create", "shop.models.Base.__init__", 17, 2),
    }


def test_call_edges_carry_whole_symbols(service, shop_id) -> None:
    (edge,) = [e for e in service.callees(shop_id, "shop.cli.main") if e.callee.label == "External"]
    assert edge.callee == Symbol(
        id=f"{shop_id}::<builtin>.print", label="External", qualname="<builtin>.print", name="print", kind="builtin"
    )
    assert (edge.caller.file, edge.caller.start_line, edge.caller.end_line, edge.caller.kind) == (
        "shop/cli.py",
        6,
        18,
        "function",
    )


def test_symbols_are_named_by_qualname_suffix_or_id_and_ambiguity_is_refused(service, shop_id) -> None:
    assert [s.qualname for s in service.find_symbols(shop_id, "label").items] == [
        "shop.models.Base.label",
        "shop.models.Product.label",
    ]
    assert [s.qualname for s in service.find_symbols(shop_id, "label", kind="class").items] == []
    assert [s.label for s in service.find_symbols(shop_id, "shop/cli.py").items] == ["Module"]
    with pytest.raises(InvalidRequest, match="ambiguous"):
        service.callers(shop_id, "label")
    with pytest.raises(NotFound):
        service.callers(shop_id, "shop.nothing")
    for depth in (0, 11):
        with pytest.raises(InvalidRequest, match="depth"):
            service.callers(shop_id, "shop.cli.helper", depth=depth)


def test_dependencies_are_module_imports_both_ways(service, shop_id) -> None:
    deps = service.dependencies(shop_id, "shop.cli", depth=2)
    assert {(d.source, d.target, d.depth) for d in deps} == {
        ("shop.cli", "shop.models", 1),  # from shop.models import Base; from shop import Product
        ("shop.cli", "shop.util", 1),
        ("shop.util", "shop.models", 2),  # from .models import *
    }
    reverse = service.reverse_dependencies(shop_id, "shop.models", depth=2)
    assert {(d.source, d.target, d.depth) for d in reverse} == {
        ("shop", "shop.models", 1),
        ("shop.cli", "shop.models", 1),
        ("shop.util", "shop.models", 1),
        ("shop", "shop.util", 2),
        ("shop.cli", "shop.util", 2),
    }
    with pytest.raises(NotFound):
        service.dependencies(shop_id, "shop.cli.main")  # a function, not a module


def test_impact_of_a_class_reaches_callers_of_its_methods_subclasses_and_importers(service, shop_id) -> None:
    report = service.impact(shop_id, "shop.models.Base", depth=3)
    assert report.symbol.qualname == "shop.models.Base" and report.depth == 3
    assert [s.qualname for s in report.affected_symbols] == [
        "shop.cli",  # imports Base as B
        "shop.cli.main",  # calls B.check
        "shop.models.Product",  # inherits from Base
        "shop.models.Product.__init__",  # calls Base.__init__ through super()
        "shop.models.Product.label",  # calls Base.label
        "shop.util.make",  # calls Base.create and describe
    ]
    assert report.affected_files == ["shop/cli.py", "shop/models.py", "shop/util.py"]


def test_path_is_a_shortest_call_chain_within_max_depth(service, shop_id) -> None:
    chain = service.path(shop_id, "shop.util.make", "shop.models.Product.label")
    assert [s.qualname for s in chain.symbols] == [
        "shop.util.make",
        "shop.models.Base.describe",
        "shop.models.Product.label",
    ]
    assert service.path(shop_id, "shop.util.make", "shop.models.Product.label", max_depth=1).symbols == []
    assert service.path(shop_id, "shop.cli.helper", "shop.util.make").symbols == []


def test_cypher_reads_with_parameters_and_truncates(service, shop_id) -> None:
    query = "MATCH (f:Function) WHERE f.repo = $repo RETURN f.qualname AS name ORDER BY name"
    result = service.cypher(query, {"repo": shop_id}, limit=2)
    assert result.columns == ["name"] and result.truncated
    assert result.rows == [{"name": "shop.cli.helper"}, {"name": "shop.cli.main"}]
    assert service.cypher(query, {"repo": shop_id}).truncated is False


def test_cypher_refuses_writes_and_procedure_calls(service) -> None:
    for query in (
        "CREATE (:Module {id: 'x', repo: 'x', file: 'x', name: 'x'})",
        "MATCH (n:Function) DETACH DELETE n",
        "MATCH (n:Function) SET n.name = 'x'",
        "MATCH (n) RETURN n; MATCH (m) DELETE m",
        "CALL show_tables() RETURN *",
        "CALL table_info('Function') RETURN *",
    ):
        with pytest.raises(QueryRefused):
            service.cypher(query)
    with pytest.raises(InvalidRequest):
        service.cypher("MATCH (n:NoSuchLabel) RETURN n")


# ---------------------------------------------------------------- findings and SARIF

TANGLE_FINDINGS = [
    ("syntax_error", "high", "tangle/broken.py", None, None),
    ("cognitive_complexity", "high", "tangle/rules.py", 30, "tangle.rules.route"),  # 21 ifs + 21 ands = 42
    ("complexity", "high", "tangle/rules.py", 30, "tangle.rules.route"),  # 1 + 21 ifs + 21 ands = 43, high from 30
    ("import_cycle", "medium", "tangle/billing.py", 1, "tangle.billing"),
    ("unresolved_import", "medium", "tangle/ghosts.py", 1, "tangle.nowhere.ghost"),
    ("unresolved_import", "medium", "tangle/ghosts.py", 2, "tangle.gone.spirit"),
    ("long_function", "low", "tangle/report.py", 4, "tangle.report.render"),  # lines 4..92
]


def _summary(findings) -> list[tuple]:
    return [(f.kind, f.severity, f.path, f.line, f.symbol) for f in findings]


def test_findings_are_what_the_hand_reading_finds_most_severe_first(service, tangle_id) -> None:
    page = service.findings(tangle_id)
    assert page.total == len(TANGLE_FINDINGS)
    assert _summary(page.items) == TANGLE_FINDINGS
    cycle = page.items[3]
    assert cycle.message == (
        "import cycle: tangle.billing -> tangle.shipping -> tangle.orders -> tangle.billing; "
        "removing 1 import breaks it: tangle.billing -> tangle.shipping (line 1)"
    )
    assert len({f.id for f in page.items}) == len(page.items)


def test_findings_filter_by_kind_severity_and_path_and_paginate(service, tangle_id) -> None:
    assert _summary(service.findings(tangle_id, kind="complexity").items) == [TANGLE_FINDINGS[2]]
    # tangle.rules.classify (cyclomatic 12) is below lizard's threshold of 15
    assert len(service.findings(tangle_id, severity="medium").items) == 3
    assert _summary(service.findings(tangle_id, path_prefix="./tangle/ghosts").items) == TANGLE_FINDINGS[4:6]
    page = service.findings(tangle_id, offset=1, limit=2)
    assert (page.total, _summary(page.items)) == (7, TANGLE_FINDINGS[1:3])
    for bad in ({"kind": "nope"}, {"severity": "critical"}):
        with pytest.raises(InvalidRequest):
            service.findings(tangle_id, **bad)


class _Inputs:
    """FindingInputs written out by hand."""

    def __init__(self, file_states=None, module_graph=None) -> None:
        self.function_metrics: list = []
        self.file_states = file_states or {}
        self.module_graph = module_graph or ModuleGraph()


def test_files_that_failed_extraction_are_unreadable_findings() -> None:
    states = {
        "a.py": FileState(path="a.py", status="error", skip_reason="unreadable: [Errno 13] Permission denied"),
        "b.py": FileState(path="b.py", status="parsed"),
        "c.bin": FileState(path="c.bin", status="skipped", skip_reason="binary"),
    }
    (finding,) = UnreadableFileCheck().run(_Inputs(file_states=states))
    assert (finding.kind, finding.severity, finding.path, finding.line) == ("unreadable_file", "medium", "a.py", None)
    assert finding.message == "could not be analysed: unreadable: [Errno 13] Permission denied"


def test_every_import_cycle_is_found_once_as_a_shortest_loop() -> None:
    graph = ModuleGraph(
        files={m: f"{m}.py" for m in "abcdexy"},
        edges={
            "a": {"b": 1},
            "b": {"c": 1, "a": 2},  # a <-> b, and a -> b -> c -> a: one component of three
            "c": {"a": 1},
            "d": {"e": 1},
            "e": {},
            "x": {"y": 1},
            "y": {"x": 1},
        },
    )
    assert graph.cycles() == [(["a", "b"], ["a", "b", "c"]), (["x", "y"], ["x", "y"])]
    first, second = ImportCycleCheck().run(_Inputs(module_graph=graph))
    assert (first.path, first.line, first.symbol) == ("a.py", 1, "a")
    assert first.message == (
        "import cycle: a -> b -> a (3 modules import one another in cycles: a, b, c); "
        "removing 1 import breaks it: a -> b (line 1)"  # both loops go through a -> b
    )
    assert second.message == "import cycle: x -> y -> x; removing 1 import breaks it: x -> y (line 1)"


def test_the_clean_shop_has_no_findings(service, shop_id) -> None:
    assert service.findings(shop_id).total == 0


def test_finding_ids_survive_a_rescan_that_moves_code(fresh: EngineService, tmp_path: Path) -> None:
    root = tmp_path / "tangle"
    shutil.copytree(FIXTURES / "tangle", root)
    repo_id = _scanned(fresh, root)
    before = {f.symbol: f for f in fresh.findings(repo_id, kind="complexity").items}
    rules = root / "tangle" / "rules.py"
    rules.write_text("\n\n" + rules.read_text())
    fresh.rescan(repo_id)
    assert fresh.wait_for_scan(repo_id, timeout=60).state == "ready"
    after = {f.symbol: f for f in fresh.findings(repo_id, kind="complexity").items}
    assert {s: f.id for s, f in after.items()} == {s: f.id for s, f in before.items()}
    assert after["tangle.rules.route"].line == before["tangle.rules.route"].line + 2


def test_sarif_is_a_2_1_0_log_with_rules_and_located_results(service, tangle_id, world) -> None:
    log = service.sarif(tangle_id)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    assert sarif_errors(log) == []
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    rules = [rule["id"] for rule in driver["rules"]]
    assert driver["name"] == "codeintel" and rules == list(CHECKS)  # every rule, found here or not
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == (world[3] / "tangle").as_uri() + "/"
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        (kind, {"high": "error", "medium": "warning", "low": "note"}[severity])
        for kind, severity, *_ in TANGLE_FINDINGS
    ]
    for result, (kind, _, path, line, _) in zip(results, TANGLE_FINDINGS, strict=True):
        assert rules[result["ruleIndex"]] == kind and result["message"]["text"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == path
        assert physical.get("region", {}).get("startLine") == line  # with the end line where the finding has a span


# ---------------------------------------------------------------- search


def _symbol(qualname: str, label: str = "Function") -> Symbol:
    return Symbol(id=qualname, label=label, qualname=qualname, name=qualname.rsplit(".", 1)[-1])


def test_search_ranks_exact_then_prefix_then_substring_then_fuzzy() -> None:
    symbols = [_symbol(q) for q in ("pkg.p_a_r_s_e", "pkg.reparse", "pkg.parse_file", "pkg.parse", "pkg.unrelated")]
    hits = search_symbols(symbols, "PARSE")
    assert [h.symbol.qualname for h in hits] == ["pkg.parse", "pkg.parse_file", "pkg.reparse", "pkg.p_a_r_s_e"]
    scores = [h.score for h in hits]
    assert scores[0] == 1.0 and scores == sorted(scores, reverse=True) and len(set(scores)) == 4
    assert all(0.0 < s <= 1.0 for s in scores)
    assert search_symbols(symbols, "pkg.parse")[0].score == 1.0  # the qualified name counts too


def test_search_over_a_repository_pages_and_filters_by_kind(service, shop_id) -> None:
    page = service.search(shop_id, "pro", limit=2)
    assert page.total > 2 and page.items[0].symbol.qualname == "shop.models.Product"
    assert [h.symbol.label for h in service.search(shop_id, "label", kind="method").items] == ["Function", "Function"]
    assert service.search(shop_id, "label", kind="class").items == []
    with pytest.raises(InvalidRequest):
        service.search(shop_id, "  ")


# ---------------------------------------------------------------- tokens


def test_tokens_are_created_verified_and_revoked(fresh: EngineService) -> None:
    created = fresh.create_token("ci bot", ["scan", "read", "read"])
    assert created.token.startswith("ci_") and len(created.token) == 3 + 43
    assert (created.info.name, created.info.scopes, created.info.revoked) == ("ci bot", ["read", "scan"], False)
    assert created.info.last_used_at is None
    verified = fresh.verify_token(created.token)
    assert verified is not None and verified.id == created.info.id and verified.last_used_at is not None
    assert fresh.verify_token(created.token + "x") is None and fresh.verify_token("nope") is None
    fresh.revoke_token(created.info.id)
    assert fresh.verify_token(created.token) is None
    assert [(t.id, t.revoked) for t in fresh.list_tokens()] == [(created.info.id, True)]
    with pytest.raises(NotFound):
        fresh.revoke_token("missing")


def test_only_the_hash_of_a_token_is_stored(fresh: EngineService) -> None:
    created = fresh.create_token("admin", list(SCOPES))
    meta = SqlMetaStore(fresh.settings.metadata_url_or_default)
    stored = meta.token_by_hash(hashlib.sha256(created.token.encode()).hexdigest())
    meta.close()
    assert stored is not None and stored.id == created.info.id
    database = Path(fresh.settings.metadata_url_or_default.removeprefix("sqlite:///"))
    files = [database, *database.parent.glob(database.name + "-*")]  # with the WAL
    assert not any(created.token.encode() in f.read_bytes() for f in files)


def test_token_names_and_scopes_are_checked(fresh: EngineService) -> None:
    for name, scopes in (("x", []), ("x", ["root"]), ("", ["read"]), ("x" * 201, ["read"])):
        with pytest.raises(InvalidRequest):
            fresh.create_token(name, scopes)


# ---------------------------------------------------------------- scan progress


def test_scan_progress_is_recorded_throttled_and_at_stage_ends(tmp_path: Path) -> None:
    meta = SqlMetaStore(f"sqlite:///{tmp_path / 'meta.sqlite'}")
    meta.upsert_repository("r", "r", "/r")
    scan_id = meta.start_scan("r", "full", None, None)
    now = [0.0]
    seen: list[tuple[str, int, int]] = []
    progress = RecordedProgress(lambda *a: seen.append(a), meta, scan_id, every=0.5, clock=lambda: now[0])

    def recorded() -> tuple[str, int, int] | None:
        found = meta.scan_progress([scan_id]).get(scan_id)
        return None if found is None else (found.stage, found.done, found.total)

    progress("parse", 1, 100)  # a new stage: recorded at once
    assert recorded() == ("parse", 1, 100)
    now[0] = 0.3
    progress("parse", 2, 100)  # too soon
    assert recorded() == ("parse", 1, 100)
    now[0] = 0.8
    progress("parse", 3, 100)
    assert recorded() == ("parse", 3, 100)
    progress("parse", 100, 100)  # the end of a stage is always recorded
    assert meta.scan_progress([scan_id])[scan_id] == ScanProgressRecord(stage="parse", done=100, total=100)
    assert len(seen) == 4  # the wrapped callback sees every call
    meta.close()
