"""Move Python functions and classes: each plan on the move_shop and move_ledger fixtures applies,
parses, imports, passes the fixture's own tests and keeps the call graph under the plan's mapping;
moves that cannot be carried out are refused with the reason."""

from __future__ import annotations

import pytest

from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import SymbolMapping
from codeintel.planning.planner import finish_plan, parse_request
from codeintel.planning.python.move import move_symbols
from codeintel.service.errors import InvalidRequest
from tests.planning_harness import scanned_once, verify

shop = scanned_once("move_shop")
ledger = scanned_once("move_ledger")


CASES = {
    # id: (fixture, symbols, to_module, modules the plan creates, lines the patch must hold)
    "function_with_its_imports_into_an_existing_module": (
        "shop",
        ["shop.util.money"],
        "shop.pricing",
        [],
        [
            "+from decimal import ROUND_HALF_UP, Decimal",
            "-    return u.money(sum(prices))",
            "+    return money(sum(prices))",
        ],
    ),
    "into_a_new_module_of_a_new_package": (
        "shop",
        ["shop.util.money"],
        "shop.finance.money",
        ["shop.finance", "shop.finance.money"],
        ['+"""The shop.finance package."""', "+from .finance.money import money"],
    ),
    "class_with_methods_used_across_modules": (
        "shop",
        ["shop.models.Product"],
        "shop.catalog",
        ["shop.catalog"],
        [
            "+from shop.util import slug",
            "+from .catalog import Product",
            " from shop.models import (\n-    Product,\n-    cheapest,\n-)\n+    cheapest,\n+)\n"
            "+from shop.catalog import Product",
        ],
    ),
    "several_symbols_at_once_keep_decorators_and_comments": (
        "shop",
        ["shop.util.headline", "shop.util.slug", "shop.util._clean"],
        "shop.text",
        [],
        [
            "+# Title case, for page headers.\n+# (registered for the templates)\n+@register\n"
            "+def headline(text):  # keep this comment",
            "+from shop.registry import register",
            "-from shop.util import slug\n+from shop.text import slug",
        ],
    ),
    "moved_name_still_used_by_its_source_and_re_exported_by_the_package": (
        "shop",
        ["shop.util.slug", "shop.util._clean"],
        "shop.slugs",
        ["shop.slugs"],
        ["+from shop.slugs import slug", "-from shop.util import slug"],
    ),
    "relative_importer_split_and_module_alias_attribute_users": (
        "shop",
        ["shop.util.shout"],
        "shop.shouting",
        ["shop.shouting"],
        [
            "-from .util import money, shout\n+from .util import money\n+from .shouting import shout",
            "+import shop.shouting as",
        ],
    ),
    "function_local_import_of_the_moved_name": (
        "shop",
        ["shop.util.headline"],
        "shop.headlines",
        ["shop.headlines"],
        ["-    from shop.util import headline\n+    from shop.headlines import headline"],
    ),
    "symbols_from_two_modules_at_once_one_using_the_other": (
        "shop",
        ["shop.util.headline", "shop.text.fold"],
        "shop.fmt",
        ["shop.fmt"],
        ["+from shop.fmt import fold", "+from shop.registry import register\n+import unicodedata\n+\n+__all__"],
    ),
    "dotted_import_attribute_users": (
        "ledger",
        ["ledger.accounts.open_account"],
        "ledger.opening",
        ["ledger.opening"],
        [
            "-import ledger.accounts\n+import ledger.opening",
            "+    account = ledger.opening.open_account(",
            "+from __future__ import annotations\n+\n+from ledger.accounts import Account\n",
        ],
    ),
    "module_imported_from_its_package_by_alias": (
        "ledger",
        ["ledger.money.parse_money"],
        "ledger.parsing",
        ["ledger.parsing"],
        ["+from ledger import parsing", "+        total = total + parsing.parse_money(text)", "+from ..parsing import"],
    ),
    "decorated_dataclass_to_a_new_module": (
        "ledger",
        ["ledger.money.Money"],
        "ledger.amounts",
        ["ledger.amounts"],
        [
            "+from dataclasses import dataclass\n+\n+\n+@dataclass(frozen=True)\n+class Money:",
            "-from dataclasses import",
        ],
    ),
    "into_a_module_with_all_and_a_main_block": (
        "ledger",
        ["ledger.report.grand_total"],
        "ledger.tools",
        [],
        ['+__all__ = ["longest", "grand_total"]', "+from ledger import money as m", "-from ledger import money as m"],
    ),
    "subclass_and_function_whose_import_statement_moves_whole": (
        "ledger",
        ["ledger.accounts.SavingsAccount", "ledger.accounts.open_account"],
        "ledger.opening",
        ["ledger.opening"],
        ["-from ..accounts import SavingsAccount, open_account\n+from ..opening import SavingsAccount, open_account"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_move_plan_applies_and_keeps_the_code_working(case, request, tmp_path):
    fixture, symbols, to_module, created, expected_lines = CASES[case]
    scanned = request.getfixturevalue(fixture)
    plan = scanned.plan({"operation": "move", "symbols": symbols, "to_module": to_module})
    assert verify(scanned, plan, tmp_path) == []
    assert plan.mapping.renamed == {name: f"{to_module}.{name.rpartition('.')[2]}" for name in symbols}
    assert plan.mapping.added == created
    assert sorted(plan.symbols_affected) == sorted(symbols)
    assert plan.goal == f"Move {', '.join(symbols)} to {to_module}"
    for line in expected_lines:
        assert line in plan.patch


def test_a_public_name_moved_is_public_api_a_private_one_is_not(shop):
    public = shop.plan({"operation": "move", "symbols": ["shop.util.money"], "to_module": "shop.pricing"})
    assert "changes a public name that code outside the repository may use" in public.risk.factors


REFUSALS = {
    "move_that_would_create_an_import_cycle": (
        ["shop.util.slug"],
        "shop.models",
        "moving shop.util.slug into shop.models would create the import cycle shop.models -> shop.util -> shop.models",
    ),
    "name_taken_in_the_destination": (
        ["shop.models.cheapest"],
        "shop.util",
        "shop.util already binds cheapest: the moved definition would replace it",
    ),
    "a_method": (
        ["shop.models.Product.key"],
        "shop.text",
        "shop.models.Product.key is a method, not a top-level function or class of shop.models",
    ),
    "destination_is_the_source": (
        ["shop.util.money"],
        "shop.util",
        "shop.util.money is defined in shop.util already",
    ),
    "destination_inside_a_module_that_is_not_a_package": (
        ["shop.util.money"],
        "shop.pricing.money",
        "shop.pricing is a module, not a package: shop.pricing.money cannot be created in it",
    ),
    "destination_not_a_module_name": (
        ["shop.util.money"],
        "shop.2fast",
        "'shop.2fast' is not a valid Python module name",
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_impossible_moves_are_refused_with_the_reason(case, shop):
    symbols, to_module, reason = REFUSALS[case]
    with pytest.raises(InvalidRequest) as refused:
        shop.plan({"operation": "move", "symbols": symbols, "to_module": to_module})
    assert reason in refused.value.message


def test_move_symbols_twice_on_one_changeset_rewrites_the_modules_the_first_move_made(shop, tmp_path):
    """split_module calls move_symbols once per new module: the second move must see the first's
    new module as an importer of what it moves, and its own new package."""
    workspace = shop.service._workspace(shop.repo_id)
    changes = Changeset(workspace)
    first = move_symbols(workspace, changes, [workspace.symbol("shop.util.money")], "shop.finance.money")
    changes.end_step("money")
    moved = [workspace.symbol(name) for name in ("shop.util.shout", "shop.util.slug", "shop.util._clean")]
    second = move_symbols(workspace, changes, moved, "shop.finance.words")
    changes.end_step("words")
    assert first.added_modules + second.added_modules == ["shop.finance", "shop.finance.money", "shop.finance.words"]
    mapping = SymbolMapping(renamed=first.renamed | second.renamed, added=first.added_modules + second.added_modules)
    draft = Draft("split shop.util", "python", changes, mapping)
    plan = finish_plan(workspace, parse_request({"operation": "split_module", "module": "shop.util"}), draft)
    assert verify(shop, plan, tmp_path) == []
    assert len(plan.steps) == 2


def test_a_moved_name_spelt_out_in_a_string_is_a_warning(shop):
    plan = shop.plan({"operation": "move", "symbols": ["shop.util.headline"], "to_module": "shop.headlines"})
    assert plan.warnings == ["shop/registry.py names shop.util.headline in a string, which this plan does not rewrite"]
