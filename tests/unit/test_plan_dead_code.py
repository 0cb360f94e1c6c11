"""Remove dead code: each plan on the dead_shop fixture applies, parses, imports, passes the shop's own
tests and leaves the call graph as it was less the removed definitions; what is not dead is refused."""

from __future__ import annotations

import pytest

from codeintel.service.errors import InvalidRequest
from tests.planning_harness import applied_copy, scanned_once, verify

shop = scanned_once("dead_shop")


CASES = {
    # id: (request, removed qualified names, lines that must be gone, lines that must stay)
    "unused_function_and_the_import_only_it_used": (
        {"symbols": ["shop.pricing.legacy_floor"]},
        ["shop.pricing.legacy_floor"],
        ["-import math"],
        [],
    ),
    "import_still_used_elsewhere_stays": (
        {"symbols": ["shop.pricing.parse_sku"]},
        ["shop.pricing.parse_sku"],
        ["-def parse_sku("],
        ["-import re"],
    ),
    "half_used_from_import_is_trimmed": (
        {"symbols": ["shop.pricing.round_half_up"]},
        ["shop.pricing.round_half_up"],
        ["-from decimal import ROUND_HALF_UP, Decimal", "+from decimal import Decimal"],
        [],
    ),
    "decorated_and_commented_function": (
        {"symbols": ["shop.pricing.tax_line"]},
        ["shop.pricing.tax_line"],
        ["-# Kept for the old checkout page", "-# Nothing calls it since", "-@functools.cache"],
        ["-import functools"],
    ),
    "unused_class_and_the_name_only_it_imported": (
        {"symbols": ["shop.cart.Wishlist"]},
        ["shop.cart.Wishlist"],
        ["-class Wishlist:", "-from shop.pricing import subtotal, summary", "+from shop.pricing import summary"],
        [],
    ),
    "unused_method_with_its_comment": (
        {"symbols": ["shop.cart.Cart._recount"]},
        ["shop.cart.Cart._recount"],
        ["-    def _recount(self)", "-        # The quantity before promotions"],
        ["-    def total(self)"],
    ),
    "class_left_empty_gets_pass": (
        {"symbols": ["shop.cart.Marker.badge"]},
        ["shop.cart.Marker.badge"],
        ["-    def badge(self)", "+    pass"],
        ["-class Marker:"],
    ),
    "dead_function_with_the_helper_only_it_calls": (
        {"symbols": ["shop.receipt.legacy_total_line", "shop.receipt._rounded"]},
        ["shop.receipt._rounded", "shop.receipt.legacy_total_line"],
        ["-def _rounded(", "-def legacy_total_line("],
        [],
    ),
    "whole_module_of_dead_code_keeps_docstring_and_future_import": (
        {"paths": ["shop/legacy.py"]},
        ["shop.legacy.LegacyExporter", "shop.legacy.export_rows"],
        ["-import csv", "-import io", "-from shop.format import money"],
        ["-from __future__ import annotations", '-"""The CSV export'],
    ),
    "module_left_with_nothing": (
        {"paths": ["shop/oldapi.py"]},
        ["shop.oldapi.dump_cart", "shop.oldapi.load_cart"],
        ["-import json"],
        [],
    ),
    "reexport_in_package_init_stays": (
        {"symbols": ["shop._describe"]},
        ["shop._describe"],
        ["-def _describe("],
        ["-from shop.format import money, percent"],
    ),
    "names_in_all_and_names_imported_from_here_stay": (
        {"symbols": ["shop.compat.rate_label"]},
        ["shop.compat.rate_label"],
        ["-def rate_label("],
        ["-from decimal import Decimal", "-from shop.format import percent"],
    ),
    "low_confidence_only_when_asked": (
        {"symbols": ["shop.plugins.shouting"], "include_low_confidence": True},
        ["shop.plugins.shouting"],
        ["-def shouting("],
        ["-def plain("],
    ),
    "every_finding_of_one_file": (
        {"paths": ["shop/pricing.py"]},
        ["shop.pricing.legacy_floor", "shop.pricing.parse_sku", "shop.pricing.round_half_up", "shop.pricing.tax_line"],
        ["-import math", "+from decimal import Decimal"],
        ["-import re", "-import functools"],
    ),
    "every_finding_of_the_repository": (
        {},
        [
            "shop._describe",
            "shop.cart.Cart._recount",
            "shop.cart.Marker.badge",
            "shop.cart.Wishlist",
            "shop.compat.rate_label",
            "shop.legacy.LegacyExporter",
            "shop.legacy.export_rows",
            "shop.oldapi.dump_cart",
            "shop.oldapi.load_cart",
            "shop.pricing.legacy_floor",
            "shop.pricing.parse_sku",
            "shop.pricing.round_half_up",
            "shop.pricing.tax_line",
            "shop.receipt._rounded",
            "shop.receipt.legacy_total_line",
        ],
        ["-class Wishlist:", "-import json"],
        ["-def shouting("],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_removing_dead_code_leaves_working_code(shop, tmp_path, case):
    request, removed, gone, kept = CASES[case]
    plan = shop.plan({"operation": "remove_dead_code", **request})

    assert verify(shop, plan, tmp_path) == []
    assert plan.mapping.removed == removed
    assert plan.goal.startswith(f"Remove {len(removed)} dead definition")
    for line in gone:
        assert line in plan.patch
    for line in kept:
        assert line not in plan.patch
    findings = {f.symbol: f.id for f in shop.service.findings(shop.repo_id, kind="dead_code", limit=100).items}
    assert [b.id for b in plan.benefit] == sorted(findings[name] for name in removed if name in findings)


def test_each_file_is_one_step(shop):
    plan = shop.plan({"operation": "remove_dead_code", "paths": ["shop/cart.py", "shop/receipt.py"]})
    assert [step.title for step in plan.steps] == [
        "Remove 3 dead definitions from shop/cart.py",
        "Remove 2 dead definitions from shop/receipt.py",
    ]
    assert plan.files_touched == ["shop/cart.py", "shop/receipt.py"]


def test_comments_and_blank_lines_around_the_removed_code_survive(shop, tmp_path):
    plan = shop.plan({"operation": "remove_dead_code", "symbols": ["shop.cart.Wishlist"]})
    verify(shop, plan, tmp_path)
    after = (applied_copy(plan, tmp_path) / "shop/cart.py").read_text()
    assert "        return summary(self.lines)\n\n    def _recount" in after
    assert "        return sum(quantity for _, quantity in self.lines)\n\n\n# A sentinel" in after


# ---------------------------------------------------------------- refusals


def test_a_symbol_with_callers_is_refused_naming_one(shop):
    with pytest.raises(InvalidRequest) as refused:
        shop.plan({"operation": "remove_dead_code", "symbols": ["shop.pricing.normalise_code"]})
    assert refused.value.message == (
        "shop.pricing.normalise_code is not dead: shop.receipt.render_line calls it (shop/receipt.py:8)"
    )


def test_a_dead_helper_is_refused_while_its_dead_caller_stays(shop):
    with pytest.raises(InvalidRequest) as refused:
        shop.plan({"operation": "remove_dead_code", "symbols": ["shop.receipt._rounded"]})
    assert refused.value.message == (
        "shop.receipt._rounded is still used by shop.receipt.legacy_total_line (a call at shop/receipt.py:17), "
        "which the request does not remove; remove both together"
    )


def test_low_confidence_is_refused_unless_asked(shop):
    with pytest.raises(InvalidRequest) as refused:
        shop.plan({"operation": "remove_dead_code", "symbols": ["shop.plugins.shouting"]})
    assert refused.value.message.startswith("shop.plugins.shouting is dead with low confidence only (")
    assert refused.value.message.endswith("pass include_low_confidence to remove it")


def test_a_file_with_only_low_confidence_findings_has_nothing_to_remove(shop):
    with pytest.raises(InvalidRequest) as refused:
        shop.plan({"operation": "remove_dead_code", "paths": ["shop/plugins.py"]})
    assert refused.value.message == (
        "no dead code to remove in shop/plugins.py; 2 low-confidence findings were left out (include_low_confidence)"
    )
