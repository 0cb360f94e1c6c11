"""Break Python import cycles: each plan on the cycle_app fixture (one package per cycle, whose
modules load in any order) applies, parses, imports, passes the fixture's own tests and keeps the
call graph under the plan's mapping; it names the fix it chose, and the finding it removes. A cycle
that neither a move nor a local import can break is refused with the reason."""

from __future__ import annotations

import pytest

from codeintel.service.errors import InvalidRequest
from tests.planning_harness import scanned_once, verify

app = scanned_once("cycle_app")


def cycle_finding(scanned, package: str):
    found = scanned.service.findings(scanned.repo_id, kind="import_cycle", limit=100).items
    return next(f for f in found if f.evidence["members"][0].split(".")[0] == package)


CASES = {
    # id: (package, request by modules?, renamed, added, step title, lines the patch must hold)
    "name_moved_into_the_module_that_imports_it": (
        "blog",
        False,
        {"blog.text.slugify": "blog.article.slugify"},
        [],
        "Move slugify from blog.text to blog.article",
        ["-from blog.text import slugify", "+def slugify(text):\n+    # Lower case, words joined by dashes."],
    ),
    "name_its_own_module_uses_too_moves_to_a_new_shared_module": (
        "orders",
        False,
        {"orders.parse.normalise": "orders.parse_shared.normalise"},
        ["orders.parse_shared"],
        "Move normalise from orders.parse to orders.parse_shared",
        ["+from orders.parse_shared import normalise"],
    ),
    "class_that_needs_its_module_is_imported_locally": (
        "reports",
        False,
        {},
        [],
        "Import reports.report inside the functions of reports.builder that use it",
        [
            "-from reports.report import Report  # noqa: E402",
            "def build(rows):\n+    from reports.report import Report\n+\n     return Report(rows)",
        ],
    ),
    "three_module_cycle_broken_by_a_move": (
        "routing",
        False,
        {"routing.router.route": "routing.router_shared.route"},
        ["routing.router_shared"],
        "Move route from routing.router to routing.router_shared",
        ["-from routing.router import route\n+from routing.router_shared import route"],
    ),
    "relative_module_attribute_use_becomes_local": (
        "shapes",
        False,
        {"shapes.units.scale": "shapes.area.scale"},
        [],
        "Move scale from shapes.units to shapes.area",
        ["-from . import units", "-    return units.scale(side) ** 2\n+    return scale(side) ** 2"],
    ),
    "three_module_cycle_broken_by_a_local_import": (
        "ledger",
        False,
        {},
        [],
        "Import ledger.rules inside the functions of ledger.audit that use it",
        ["+    from ledger.rules import Policy"],
    ),
    "cycle_named_by_its_modules_class_moved": (
        "books",
        True,
        {"books.shelf.Shelf": "books.library.Shelf"},
        [],
        "Move Shelf from books.shelf to books.library",
        ['+class Shelf:\n+    """A named shelf of titles."""'],
    ),
    "import_the_analysis_names_cannot_be_cut_the_other_one_is": (
        "sensors",
        False,
        {},
        [],
        "Import sensors.config inside the functions of sensors.reading that use it",
        [
            "-from sensors.config import describe  # noqa: E402",
            "+def show(value):\n+    from sensors.config import describe",
        ],
    ),
    "local_import_into_several_functions_after_their_docstring": (
        "stock",
        False,
        {},
        [],
        "Import stock.prices inside the functions of stock.items that use it",
        [
            '"""Half price, rounded down."""\n+    from stock.prices import discount\n+\n',
            "def price_of(item):\n+    from stock.prices import Price\n",
        ],
    ),
    "package_init_function_moved_into_its_submodule": (
        "gallery",
        False,
        {"gallery.default_size": "gallery.image.default_size"},
        [],
        "Move default_size from gallery to gallery.image",
        ['-__all__ = ["Image", "default_size"]', "-from gallery import default_size"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_break_cycle_plan_applies_and_removes_the_finding(case, app, tmp_path):
    package, by_modules, renamed, added, title, expected_lines = CASES[case]
    finding = cycle_finding(app, package)
    if by_modules:
        request = {"operation": "break_cycle", "modules": finding.evidence["members"]}
    else:
        request = {"operation": "break_cycle", "finding": finding.id}
    plan = app.plan(request)
    assert verify(app, plan, tmp_path) == []
    cycle = finding.evidence["cycle"]
    assert plan.goal == f"Break the import cycle {' -> '.join([*cycle, cycle[0]])}"
    assert [b.id for b in plan.benefit] == [finding.id]
    assert plan.mapping.renamed == renamed
    assert plan.mapping.added == added
    assert [step.title for step in plan.steps] == [title]
    for line in expected_lines:
        assert line in plan.patch


def test_the_local_import_fix_says_why_a_move_could_not_do(app):
    plan = app.plan({"operation": "break_cycle", "finding": cycle_finding(app, "stock").id})
    rationale = plan.steps[0].rationale
    assert "stock.items would still import stock.prices after moving them into stock.items" in rationale
    assert "only inside stock.items.price_of, stock.items.sale_price" in rationale


REFUSALS = {
    "module_level_uses_both_ways": (
        {"finding": "rigid"},
        "the import cycle rigid.left -> rigid.right -> rigid.left cannot be broken safely: "
        "rigid.left uses two from rigid.right at module level (two outside any function body)",
    ),
    "local_import_not_allowed": (
        {"finding": "reports", "allow_local_import": False},
        "a local import (the only other fix) was not allowed",
    ),
    "modules_that_are_not_a_cycle": (
        {"modules": ["blog.article", "orders.model"]},
        "blog.article, orders.model do not import one another in a cycle",
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_cycles_that_cannot_be_broken_are_refused_with_the_reason(case, app):
    request, reason = REFUSALS[case]
    request = {"operation": "break_cycle", **request}
    if "finding" in request:
        request["finding"] = cycle_finding(app, request["finding"]).id
    with pytest.raises(InvalidRequest) as refused:
        app.plan(request)
    assert reason in refused.value.message
