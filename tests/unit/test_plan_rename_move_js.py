"""Rename and move in JavaScript and TypeScript: each case plans on a fixture repository with its
own `node --test` tests, applies the patch to a fresh copy, and checks that it parses, passes
its tests and keeps the call graph under the plan's mapping (tests/planning_harness.py)."""

from __future__ import annotations

import pytest

from codeintel.service.errors import InvalidRequest
from tests.planning_harness import scan_fixture, verify


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    scanned = scan_fixture("js_shop", tmp_path_factory.mktemp("js_shop"))
    yield scanned
    scanned.close()


JS_RENAMES = [
    pytest.param("src.pricing.subtotal", "netTotal", {"src.pricing.subtotal": "src.pricing.netTotal"},
                 id="exported-function-through-re-export-namespace-and-shadowing-local"),
    pytest.param("src.pricing.discount", "markdown", {"src.pricing.discount": "src.pricing.markdown"},
                 id="function-exported-under-an-alias-keeps-the-alias"),
    pytest.param("src.pricing.formatPrice", "asDollars", {"src.pricing.formatPrice": "src.pricing.asDollars"},
                 id="default-export-renames-the-declaration-only"),
    pytest.param("src.cart.Cart", "Basket", {"src.cart.Cart": "src.cart.Basket"},
                 id="class-used-by-subclass-and-imported-under-an-alias"),
    pytest.param("src.cart.GiftCart", "Present", {"src.cart.GiftCart": "src.cart.Present"},
                 id="class-re-exported-under-an-alias"),
    pytest.param("src.util.math.round", "roundCents", {"src.util.math.round": "src.util.math.roundCents"},
                 id="helper-imported-by-several-modules"),
    pytest.param("src.cart.Cart.total", "sum",
                 {"src.cart.Cart.total": "src.cart.Cart.sum", "src.cart.GiftCart.total": "src.cart.GiftCart.sum"},
                 id="method-with-override-and-this-and-super-calls"),
]


@pytest.mark.parametrize(("symbol", "new_name", "renamed"), JS_RENAMES)
def test_js_rename_keeps_the_shop_working(shop, tmp_path, symbol, new_name, renamed):
    plan = shop.plan({"operation": "rename", "symbol": symbol, "new_name": new_name})
    assert plan.mapping.renamed == renamed
    assert verify(shop, plan, tmp_path) == []
