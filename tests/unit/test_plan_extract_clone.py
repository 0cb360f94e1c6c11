"""Extract a duplicated block: each plan on the clone_store fixture turns the copies of one clone
finding into calls of one shared function; the result applies, parses, imports, passes the store's
own tests, and has the old call graph once calls through the shared function are followed into it.
What one function cannot stand for is refused with the reason."""

from __future__ import annotations

import pytest

from codeintel.service.errors import InvalidRequest
from tests.planning_harness import applied_copy, scanned_once, verify

store = scanned_once("clone_store")


def clone_at(store, path: str) -> str:
    """The id of the clone finding whose first copy is in `path`."""
    found = [f for f in store.service.findings(store.repo_id, kind="clone", limit=100).items if f.path == path]
    assert len(found) == 1, found
    return found[0].id


CASES = {
    # id: (first copy's file, extra request fields, the shared function, files touched, lines the patch adds)
    "type1_whole_functions_in_one_module": (
        "store/shipping.py",
        {},
        "store.shipping._weight",
        ["store/shipping.py"],
        ["+    return _weight(items)", "+def _weight(items):"],
    ),
    "type1_whole_functions_across_modules_drop_imports_left_unused": (
        "store/invoices.py",
        {},
        "store.invoices.shared_lines",
        ["store/invoices.py", "store/quotes.py"],
        ["+from store.invoices import shared_lines", "-import math", "-from store.catalogue import PRICES, VAT"],
    ),
    "three_copies_of_one_function": (
        "store/notify.py",
        {},
        "store.notify._body",
        ["store/notify.py"],
        ["+    return _body(order)"],
    ),
    "type2_block_with_renamed_locals_whose_results_are_used_after": (
        "store/reports.py",
        {},
        "store.reports._compute_lines_and_headline",
        ["store/reports.py"],
        [
            "+    lines, headline = _compute_lines_and_headline(rows)",
            "+    body, title = _compute_lines_and_headline(chosen)",
            "+    return lines, headline",
        ],
    ),
    "type2_block_with_differing_literals": (
        "store/discounts.py",
        {},
        "store.discounts._compute_saved",
        ["store/discounts.py"],
        [
            '+    saved = _compute_saved(customer, amount, 2, "silver")',
            '+    saved = _compute_saved(customer, amount, 5, "gold")',
            "+def _compute_saved(customer, amount, years_limit, label_value):",
            "+    if years >= years_limit and orders >= 10:",
        ],
    ),
    "block_in_two_methods_of_a_class": (
        "store/accounts.py",
        {},
        "store.accounts._compute_summary_and_entry",
        ["store/accounts.py"],
        ["+        summary, entry = _compute_summary_and_entry(self, amount, note)"],
    ),
    "block_inside_a_loop_body": (
        "store/stock.py",
        {},
        "store.stock._compute_code_and_target",
        ["store/stock.py"],
        ["+        code, target, status = _compute_code_and_target(code, levels, count)"],
    ),
    "across_modules_into_the_one_importing_it_makes_no_cycle": (
        "store/labels.py",
        {},
        "store.printing.text",
        ["store/labels.py", "store/printing.py"],
        ["+from store.printing import rule, text", "+def text(item):"],
    ),
    "into_a_new_module_with_the_given_name": (
        "store/exports.py",
        {"to_module": "store.formatting", "function_name": "csv_row"},
        "store.formatting.csv_row",
        ["store/exports.py", "store/feeds.py", "store/formatting.py"],
        ["+from store.formatting import csv_row", "+def csv_row(order):"],
    ),
    "into_an_existing_module_that_imports_neither_copy": (
        "store/exports.py",
        {"to_module": "store.catalogue"},
        "store.catalogue.order_row_shared",
        ["store/catalogue.py", "store/exports.py", "store/feeds.py"],
        ["+from store.catalogue import order_row_shared"],
    ),
    "the_given_name_in_the_copies_module": (
        "store/shipping.py",
        {"function_name": "weight_of"},
        "store.shipping.weight_of",
        ["store/shipping.py"],
        ["+    return weight_of(items)"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_extracting_a_clone_leaves_working_code(store, tmp_path, case):
    path, extra, shared, touched, added = CASES[case]
    finding = clone_at(store, path)
    plan = store.plan({"operation": "extract_clone", "finding": finding, **extra})

    assert verify(store, plan, tmp_path) == []
    assert plan.mapping.inlined == [shared]
    assert shared in plan.mapping.added
    assert plan.files_touched == touched
    assert [b.id for b in plan.benefit] == [finding]
    assert plan.goal.startswith("Extract the duplicated block of ") and plan.goal.endswith(f" into {shared}")
    name = shared.rpartition(".")[2]
    assert plan.patch.count(f"+def {name}(") == 1
    for line in added:
        assert line in plan.patch


def test_the_copies_comments_stay_and_the_rest_of_the_file_is_untouched(store, tmp_path):
    plan = store.plan({"operation": "extract_clone", "finding": clone_at(store, "store/accounts.py")})
    verify(store, plan, tmp_path)
    after = (applied_copy(plan, tmp_path) / "store/accounts.py").read_text()
    before = (store.root / "store/accounts.py").read_text()
    assert after.startswith(before[: before.index("        self._check(amount)")])
    assert "    def _check(self, amount):\n        if abs(amount) > 10_000:" in after


def test_one_step_per_file_the_shared_function_first(store):
    plan = store.plan({"operation": "extract_clone", "finding": clone_at(store, "store/labels.py")})
    assert [step.title for step in plan.steps] == [
        "Add store.printing.text and call it from `store.printing.receipt_text`",
        "Call store.printing.text from `store.labels.label_text` in place of its copy",
    ]


# ---------------------------------------------------------------- refusals


def refusal(store, path: str, **extra) -> str:
    with pytest.raises(InvalidRequest) as refused:
        store.plan({"operation": "extract_clone", "finding": clone_at(store, path), **extra})
    return refused.value.message


def test_a_type3_clone_is_refused(store):
    assert refusal(store, "store/legacy.py") == (
        "Type-3 clones (copies edited apart: statements added, removed or changed) are not extracted: "
        "one function cannot stand for copies that do different things"
    )


def test_copies_calling_different_functions_are_refused(store):
    assert refusal(store, "store/taxes.py") == (
        "the copies call different functions (`vat_rate` in store.taxes.vat_amount / `duty_rate` in "
        "store.taxes.duty_amount): one shared function would change the call graph; only names local to the "
        "copies' functions and literals may differ"
    )


def test_a_block_returning_from_the_middle_of_its_function_is_refused(store):
    assert refusal(store, "store/returns.py") == (
        "the copy in store.returns.refund (store/returns.py:5-18) cannot become a call: "
        "it returns from the middle of its function"
    )


def test_a_name_that_is_taken_is_refused(store):
    assert refusal(store, "store/shipping.py", function_name="shipping_price") == (
        "`shipping_price` is taken in store.shipping: choose another function_name"
    )


def test_a_module_that_would_close_an_import_cycle_is_refused(store):
    assert refusal(store, "store/invoices.py", to_module="store.billing") == (
        "store.invoices importing the shared function from store.billing closes a cycle: "
        "store.invoices -> store.billing -> store.invoices"
    )


def test_a_finding_that_is_not_a_clone_is_refused(store):
    other = [f for f in store.service.findings(store.repo_id, limit=100).items if f.kind != "clone"]
    if not other:
        pytest.skip("the fixture has only clone findings")
    with pytest.raises(InvalidRequest) as refused:
        store.plan({"operation": "extract_clone", "finding": other[0].id})
    assert refused.value.message == f"finding {other[0].id} is a {other[0].kind} finding, not a clone"


def test_a_new_module_is_created_in_a_step_of_its_own_first(store):
    finding = clone_at(store, "store/exports.py")
    plan = store.plan({"operation": "extract_clone", "finding": finding, "to_module": "store.formatting"})
    assert [(step.title, [edit.action for edit in step.edits]) for step in plan.steps][0] == (
        "Add store.formatting.order_row_shared",
        ["create"],
    )
    assert plan.mapping.added == ["store.formatting", "store.formatting.order_row_shared"]
