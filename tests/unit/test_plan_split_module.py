"""split_module, acceptance: a module split along the communities of its call graph is a patch
that applies, parses, imports, passes the fixture's own tests and keeps the call graph under
the plan's mapping; each part moves to a module named after what it does, importers follow,
and what the module cannot give up is refused with the reason."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from codeintel.planning.model import ImpossibleRequest, SplitModuleRequest
from codeintel.planning.python.split import part_names, plan_split_module, words
from codeintel.service.errors import InvalidRequest, NotFound
from tests.planning_harness import ScannedRepo, applied_copy, scan_fixture, verify


@dataclass(frozen=True)
class Case:
    fixture: str
    module: str
    parts: dict[str, list[str]]
    """new module -> the names it receives, in the order the steps move them"""
    max_parts: int | None = None
    also_touched: list[str] = field(default_factory=list)
    """files beyond the module and its new parts that the plan must edit (importers)"""


CASES = {
    "two_clear_communities": Case(
        "split_text",
        "textkit.core",
        {"textkit.core_render": ["render_table", "render_row", "render_title", "_column_widths", "_pad_cell"]},
        also_touched=["textkit/report.py", "tests/test_core.py"],
    ),
    "three_communities": Case(
        "split_billing",
        "shop.billing",
        {
            "shop.billing_invoice": ["Invoice", "invoice_total", "_line_amount", "format_invoice"],
            "shop.billing_report": [
                "report_daily",
                "report_monthly",
                "report_lines",
                "report_summary",
                "_report_header",
            ],
        },
        also_touched=["shop/app.py", "tests/test_app.py", "tests/test_billing.py"],
    ),
    "max_parts_respected": Case(
        "split_billing",
        "shop.billing",
        {
            "shop.billing_invoice": [
                *("Invoice", "invoice_total", "_line_amount", "format_invoice"),
                *("report_daily", "report_monthly", "report_lines", "report_summary", "_report_header"),
            ]
        },
        max_parts=2,
    ),
    "class_kept_with_its_helper_functions": Case(
        "split_geometry",
        "geo.shapes",
        {"geo.shapes_polygon": ["Polygon", "_shoelace", "_edge_lengths", "_edges", "_scale_points", "square"]},
        also_touched=["tests/test_shapes.py"],
    ),
    "part_used_by_the_rest_moves_first": Case(
        "split_pipeline",
        "etl.steps",
        {
            "etl.steps_text": ["clean_text", "clean_flag", "_strip_quotes"],
            "etl.steps_extract": ["extract_rows", "extract_header", "_split_line", "_data_lines"],
        },
        also_touched=["etl/nightly.py"],
    ),
    "module_constants_shared_by_the_parts": Case(
        "split_rates",
        "pricing.rules",
        {"pricing.rules_discount": ["discount_for", "discounted", "discount_label", "_discount_rate"]},
        also_touched=["pricing/checkout.py"],
    ),
    "decorators_stay_shared": Case(
        "split_decorated",
        "svc.handlers",
        {
            "svc.handlers_user": ["user_create", "user_find", "_user_key"],
            "svc.handlers_mail": ["mail_send", "mail_render", "_mail_subject"],
        },
        also_touched=["tests/test_handlers.py"],
    ),
    "relative_imports_and_package_reexports": Case(
        "split_relative",
        "inv.stock",
        {"inv.stock_shipment": ["ship", "shipment_manifest", "shipment_grams", "shipment_is_heavy"]},
        also_touched=["inv/__init__.py", "inv/api.py", "tests/test_inventory.py"],
    ),
    "importers_of_every_style_updated": Case(
        "split_importers",
        "lib.strings",
        {"lib.strings_mask": ["mask_secret", "mask_width", "mask_all", "_mask_keep", "_mask_middle"]},
        also_touched=["app/pages.py", "tests/test_pages.py"],
    ),
    "base_classes_and_functions_passed_as_values": Case(
        "split_catalog",
        "catalog.items",
        {
            "catalog.items_cheapest": ["cheapest", "rank_keys", "_by_price", "_by_title"],
            "catalog.items_rank": ["rank", "rank_by_price", "rank_by_title"],
        },
        also_touched=["catalog/shelf.py", "tests/test_catalog.py"],
    ),
    "package_init_split_into_submodules": Case(
        "split_package",
        "tools",
        {"tools.hex": ["hex_to_rgb", "rgb_to_hex", "lighten", "_hex_digits", "_channel"]},
        also_touched=["tests/test_tools.py"],
    ),
    "module_code_keeps_what_it_needs": Case(
        # a table of exporters and a main guard at module level, exporters reading a module constant:
        # the exporters stay though the parsers are used more, and the parsers leave
        "split_registry",
        "fmt.exporters",
        {"fmt.exporters_parse": ["parse_json", "parse_lines", "_parse_row", "_parse_cell"]},
        also_touched=["tests/test_exporters.py"],
    ),
}


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    """Each fixture scanned once for the module's tests."""
    opened: dict[str, ScannedRepo] = {}

    def get(name: str) -> ScannedRepo:
        if name not in opened:
            opened[name] = scan_fixture(name, tmp_path_factory.mktemp(name))
        return opened[name]

    yield get
    for repo in opened.values():
        repo.close()


def split_request(module: str, max_parts: int | None = None) -> dict:
    request: dict = {"operation": "split_module", "module": module}
    if max_parts is not None:
        request["max_parts"] = max_parts
    return request


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_split_applies_and_keeps_the_code_working(case: Case, repos, tmp_path):
    scanned = repos(case.fixture)
    plan = scanned.plan(split_request(case.module, case.max_parts))

    assert verify(scanned, plan, tmp_path) == []
    assert plan.goal == f"Split {case.module} into {', '.join([case.module, *case.parts])}"
    assert plan.mapping.added == list(case.parts)
    assert plan.mapping.renamed == {
        f"{case.module}.{name}": f"{new}.{name}" for new, names in case.parts.items() for name in names
    }
    assert [step.title for step in plan.steps] == [
        f"Move {', '.join(names)} to {new}" for new, names in case.parts.items()
    ]
    new_files = [new.replace(".", "/") + ".py" for new in case.parts]
    package_init = case.module.replace(".", "/") + "/__init__.py"
    module_file = package_init if (scanned.root / package_init).exists() else case.module.replace(".", "/") + ".py"
    assert set(plan.files_touched) >= {module_file, *new_files, *case.also_touched}
    assert sorted(plan.symbols_affected) == sorted(plan.mapping.renamed)


def test_a_flagged_god_module_split_resolves_its_finding(tmp_path, monkeypatch):
    # the fixture is small: the god_module thresholds come down through the settings
    for option, value in {"LINES": "60", "FUNCTIONS": "10", "COUPLING": "3"}.items():
        monkeypatch.setenv(f"CODEINTEL_ANALYSIS__OPTIONS__GOD_MODULE__{option}", value)
    scanned = scan_fixture("split_billing", tmp_path)
    try:
        plan = scanned.plan(split_request("shop.billing"))
        assert verify(scanned, plan, tmp_path) == []
        assert [(b.kind, b.path) for b in plan.benefit] == [("god_module", "shop/billing.py")]
        assert plan.mapping.added == ["shop.billing_invoice", "shop.billing_report"]
    finally:
        scanned.close()


def test_a_part_whose_move_would_close_a_cycle_through_another_module_stays(repos, tmp_path):
    # the store part uses web.helpers, which imports web.pages, and web.pages's own code uses the store
    scanned = repos("split_cyclic")
    plan = scanned.plan(split_request("web.pages"))

    assert verify(scanned, plan, tmp_path) == []
    assert plan.mapping.added == ["web.pages_size"]
    assert plan.goal == "Split web.pages into web.pages, web.pages_size"
    assert plan.warnings == [
        "store_save, store_load, store_key stay in web.pages: moving web.pages.store_save, web.pages.store_load, "
        "web.pages.store_key into web.pages_store would create the import cycle "
        "web.pages_store -> web.helpers -> web.pages -> web.pages_store"
    ]


def test_moved_public_names_can_be_reexported_from_the_module(repos, tmp_path):
    scanned = repos("split_billing")
    plan = scanned.plan({**split_request("shop.billing"), "reexport": True})

    assert verify(scanned, plan, tmp_path) == []
    assert plan.steps[-1].title == "Re-export the moved public names from shop.billing"
    added = [line for line in plan.steps[-1].edits[0].diff.splitlines() if line.startswith("+from")]
    assert added == [
        "+from shop.billing_invoice import Invoice, invoice_total, format_invoice",
        "+from shop.billing_report import report_daily, report_monthly, report_lines, report_summary",
    ]
    assert plan.warnings == []
    assert "changes a public name that code outside the repository may use" not in plan.risk.factors


ALL_AFTER_SPLIT = {
    # tools/__init__.py declares __all__ = ["VERSION", "parse_duration", "format_duration", "hex_to_rgb",
    # "rgb_to_hex", "lighten"]; the colour functions leave for tools.hex
    "reexported_names_stay_in_all": (
        True,
        ["VERSION", "parse_duration", "format_duration", "hex_to_rgb", "rgb_to_hex", "lighten"],
        ["hex_to_rgb", "rgb_to_hex", "lighten"],
    ),
    "moved_names_leave_all_for_the_new_module_s": (
        False,
        ["VERSION", "parse_duration", "format_duration"],
        ["hex_to_rgb", "rgb_to_hex", "lighten"],
    ),
}


@pytest.mark.parametrize(("reexport", "module_all", "new_all"), ALL_AFTER_SPLIT.values(), ids=ALL_AFTER_SPLIT.keys())
def test_all_lists_the_moved_names_where_they_can_be_imported_from(reexport, module_all, new_all, repos, tmp_path):
    scanned = repos("split_package")
    plan = scanned.plan({**split_request("tools"), "reexport": reexport})

    assert verify(scanned, plan, tmp_path) == []
    after = applied_copy(plan, tmp_path)
    assert declared_all(after / "tools/__init__.py") == module_all
    assert declared_all(after / "tools/hex.py") == new_all
    if reexport:  # the module's __all__ is as it was, written as it was
        original = (scanned.root / "tools/__init__.py").read_text()
        assert (
            next(line for line in original.splitlines() if line.startswith("__all__"))
            in (after / "tools/__init__.py").read_text()
        )


def declared_all(path: Path) -> list[str]:
    for statement in ast.parse(path.read_text()).body:
        if isinstance(statement, ast.Assign) and [getattr(t, "id", None) for t in statement.targets] == ["__all__"]:
            return ast.literal_eval(statement.value)
    raise AssertionError(f"{path} declares no __all__")


def test_a_part_that_imports_the_module_is_not_reexported(repos, tmp_path):
    # the discount functions read the module's constants: importing them back would be a cycle
    scanned = repos("split_rates")
    plan = scanned.plan({**split_request("pricing.rules"), "reexport": True})

    assert verify(scanned, plan, tmp_path) == []
    assert len(plan.steps) == 1
    assert plan.warnings == [
        "discount_for, discounted, discount_label not re-exported from pricing.rules: that would make the cycle "
        "pricing.rules -> pricing.rules_discount -> pricing.rules"
    ]


def test_the_module_can_be_named_by_its_file(repos):
    scanned = repos("split_text")
    by_file = scanned.plan(split_request("textkit/core.py"))
    assert by_file.mapping.added == ["textkit.core_render"]


# ---------------------------------------------------------------- refusals


def test_a_module_whose_functions_form_one_community_is_refused(repos):
    with pytest.raises(InvalidRequest) as refused:
        repos("split_tangled").plan(split_request("calc.parser"))
    assert refused.value.message == (
        "calc.parser has no two separable communities: its 4 functions and classes form a single community; "
        "there is nothing to split"
    )


def test_a_module_that_is_not_python_is_refused(repos):
    with pytest.raises(InvalidRequest) as refused:
        repos("split_tangled").plan(split_request("web/widget.js"))
    assert refused.value.message == "split_module is not planned for javascript code; it is for: python"


def test_a_javascript_module_given_to_the_python_split_directly_is_refused(repos):
    scanned = repos("split_tangled")
    workspace = scanned.service._workspace(scanned.repo_id)
    with pytest.raises(ImpossibleRequest) as refused:
        plan_split_module(workspace, SplitModuleRequest(module="web/widget.js"))
    assert refused.value.message == "web/widget.js is javascript code: split_module splits Python modules only"


def test_an_unknown_module_is_refused(repos):
    with pytest.raises(NotFound) as refused:
        repos("split_tangled").plan(split_request("calc.nowhere"))
    assert "calc.nowhere" in refused.value.message


# ---------------------------------------------------------------- names of the new modules


def test_words_of_identifiers():
    assert words("_reportHTMLLines") == ["report", "html", "lines"]
    assert words("load_orders2") == ["load", "orders", "2"]


def test_a_part_is_named_after_the_word_its_code_shares_and_a_taken_name_is_avoided():
    lines = {"report_daily": 3, "report_lines": 4, "load_orders": 3, "save_orders": 3, "parse_order": 2}
    parts = [["report_daily", "report_lines"], ["load_orders", "save_orders", "parse_order"]]
    assert part_names("shop.billing", parts, lines, lambda name: True) == ["shop.billing_report", "shop.billing_order"]
    taken = {"shop.billing_report"}
    assert part_names("shop.billing", parts, lines, lambda name: name not in taken) == [
        "shop.billing_report_lines",  # the next word by weight: report_lines is the longer
        "shop.billing_order",
    ]
