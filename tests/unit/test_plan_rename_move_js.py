"""Rename and move in JavaScript and TypeScript, at tree-sitter spans.

Each case plans on a fixture repository with its own tests (js_shop: ES modules run by
`node --test`; ts_inventory: compiled by a pinned TypeScript, then `node --test`), applies the
patch to a fresh copy and checks that it parses, passes those tests and keeps the call graph
under the plan's mapping (tests/planning_harness.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from codeintel.service.errors import InvalidRequest
from tests.planning_harness import scan_fixture, verify

TYPESCRIPT = "typescript@5.9.3"
NODE_TYPES = "@types/node@20.19.25"
NPM_PREFIX = Path.home() / ".cache" / "codeintel-npm"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="the JavaScript cases run their tests with Node")


@pytest.fixture(scope="session")
def npm_prefix() -> Path:
    """A pinned TypeScript compiler and Node's types, installed once into a cache folder."""
    tsc = NPM_PREFIX / "node_modules" / "typescript" / "package.json"
    types = NPM_PREFIX / "node_modules" / "@types" / "node" / "package.json"
    if not (tsc.exists() and types.exists() and '"version": "5.9.3"' in tsc.read_text()):
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed: the TypeScript cases need it")
        NPM_PREFIX.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["npm", "install", "--prefix", str(NPM_PREFIX), "--no-audit", "--no-fund", TYPESCRIPT, NODE_TYPES],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            pytest.skip(f"npm could not install {TYPESCRIPT}: {done.stderr.strip()[-300:]}")
    return NPM_PREFIX


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    scanned = scan_fixture("js_shop", tmp_path_factory.mktemp("js_shop"))
    yield scanned
    scanned.close()


@pytest.fixture(scope="module")
def inventory(tmp_path_factory, npm_prefix):
    scanned = scan_fixture("ts_inventory", tmp_path_factory.mktemp("ts_inventory"))
    (scanned.root / ".npm-prefix").write_text(str(npm_prefix))  # ignored by git; run_tests.sh reads it
    yield scanned
    scanned.close()


def _repo(request, name):
    return request.getfixturevalue(name)


RENAMES = [
    pytest.param(
        "shop",
        "src.pricing.subtotal",
        "netTotal",
        {"src.pricing.subtotal": "src.pricing.netTotal"},
        id="js-exported-function-through-re-export-alias-import-namespace-and-a-shadowing-local",
    ),
    pytest.param(
        "shop",
        "src.pricing.discount",
        "markdown",
        {"src.pricing.discount": "src.pricing.markdown"},
        id="js-function-exported-under-an-alias-keeps-the-alias",
    ),
    pytest.param(
        "shop",
        "src.pricing.formatPrice",
        "asDollars",
        {"src.pricing.formatPrice": "src.pricing.asDollars"},
        id="js-default-export-renames-the-declaration-only",
    ),
    pytest.param(
        "shop", "src.cart.Cart", "Basket", {"src.cart.Cart": "src.cart.Basket"}, id="js-class-used-by-a-subclass"
    ),
    pytest.param(
        "shop",
        "src.cart.GiftCart",
        "Present",
        {"src.cart.GiftCart": "src.cart.Present"},
        id="js-class-re-exported-under-an-alias",
    ),
    pytest.param(
        "shop",
        "src.util.math.round",
        "roundCents",
        {"src.util.math.round": "src.util.math.roundCents"},
        id="js-helper-imported-by-several-modules",
    ),
    pytest.param(
        "shop",
        "src.cart.Cart.total",
        "sum",
        {"src.cart.Cart.total": "src.cart.Cart.sum", "src.cart.GiftCart.total": "src.cart.GiftCart.sum"},
        id="js-method-with-an-override-this-and-super-calls",
    ),
    pytest.param(
        "shop",
        "src.cart.GiftCart.describe",
        "explain",
        {"src.cart.GiftCart.describe": "src.cart.GiftCart.explain"},
        id="js-method-called-on-an-instance-of-a-re-exported-alias",
    ),
    pytest.param(
        "shop",
        "src.legacy.units.toCents",
        "asCents",
        {"src.legacy.units.toCents": "src.legacy.units.asCents"},
        id="cjs-module-exports-member-destructured-by-require-and-named-import-from-esm",
    ),
    pytest.param(
        "shop",
        "src.legacy.units.fromCents",
        "asUnits",
        {"src.legacy.units.fromCents": "src.legacy.units.asUnits"},
        id="cjs-exports-member-through-a-require-namespace-and-an-aliased-destructuring",
    ),
    pytest.param(
        "inventory",
        "src.models.Stock",
        "Warehouse",
        {"src.models.Stock": "src.models.Warehouse"},
        id="ts-class-in-type-annotations-and-an-aliased-re-export",
    ),
    pytest.param(
        "inventory",
        "src.pricing.lineValue",
        "itemValue",
        {"src.pricing.lineValue": "src.pricing.itemValue"},
        id="ts-function-through-export-star-with-a-shadowing-local",
    ),
    pytest.param(
        "inventory",
        "src.models.Stock.value",
        "worth",
        {
            "src.models.Stock.value": "src.models.Stock.worth",
            "src.models.ColdStock.value": "src.models.ColdStock.worth",
        },
        id="ts-method-with-an-override-and-typed-receivers",
    ),
    pytest.param(
        "inventory",
        "src.models.Item",
        "StockItem",
        {"src.models.Item": "src.models.StockItem"},
        id="ts-interface-through-a-type-only-re-export",
    ),
    pytest.param(
        "inventory",
        "src.format.pad",
        "padRight",
        {"src.format.pad": "src.format.padRight"},
        id="ts-function-imported-by-source-and-tests",
    ),
]


@pytest.mark.parametrize(("repo", "symbol", "new_name", "renamed"), RENAMES)
def test_rename_keeps_the_code_working(request, tmp_path, repo, symbol, new_name, renamed):
    scanned = _repo(request, repo)
    plan = scanned.plan({"operation": "rename", "symbol": symbol, "new_name": new_name})
    assert plan.mapping.renamed == renamed
    assert plan.warnings == []
    assert verify(scanned, plan, tmp_path) == []


MOVES = [
    pytest.param(
        "shop",
        ["src.pricing.applyTax"],
        "src.tax",
        {"src/tax.js"},
        id="js-exported-function-to-a-new-module-splitting-import-and-re-export-lists",
    ),
    pytest.param(
        "shop",
        ["src.pricing.discount"],
        "src.labels",
        set(),
        id="js-private-function-the-source-still-uses-into-an-existing-module",
    ),
    pytest.param(
        "shop",
        ["src.cart.GiftCart"],
        "src.gifts",
        {"src/gifts.js"},
        id="js-subclass-whose-base-stays-behind",
    ),
    pytest.param("shop", ["src.cart.newCart"], "src.labels", set(), id="js-factory-used-only-by-the-tests"),
    pytest.param(
        "shop",
        ["src.util.math.clamp"],
        "src.labels",
        set(),
        id="js-helper-into-a-module-that-imports-its-old-module",
    ),
    pytest.param(
        "shop",
        ["src.report.summary", "src.report.report"],
        "src.util.reports",
        {"src/util/reports.js"},
        id="js-two-functions-using-a-namespace-and-a-default-import-into-a-deeper-folder",
    ),
    pytest.param(
        "inventory",
        ["src.pricing.withVat"],
        "src.tax",
        {"src/tax.ts"},
        id="ts-function-used-through-a-namespace-import-and-export-star",
    ),
    pytest.param(
        "inventory",
        ["src.pricing.lineValue"],
        "src.format",
        set(),
        id="ts-function-the-source-still-uses-into-a-module-it-imports",
    ),
    pytest.param(
        "inventory",
        ["src.models.ColdStock"],
        "src.cold",
        {"src/cold.ts"},
        id="ts-subclass-out-of-a-re-export-list",
    ),
    pytest.param(
        "inventory", ["src.format.money"], "src.currency", {"src/currency.ts"}, id="ts-helper-to-a-new-module"
    ),
    pytest.param(
        "inventory",
        ["src.pricing.priceList"],
        "src.listing",
        {"src/listing.ts"},
        id="ts-function-needing-a-type-import-and-a-helper-of-its-old-module",
    ),
]


@pytest.mark.parametrize(("repo", "symbols", "to_module", "created"), MOVES)
def test_move_keeps_the_code_working(request, tmp_path, repo, symbols, to_module, created):
    scanned = _repo(request, repo)
    plan = scanned.plan({"operation": "move", "symbols": symbols, "to_module": to_module})
    assert plan.mapping.renamed == {s: f"{to_module}.{s.rsplit('.', 1)[1]}" for s in symbols}
    assert {e.path for step in plan.steps for e in step.edits if e.action == "create"} == created
    assert verify(scanned, plan, tmp_path) == []


REFUSALS = [
    pytest.param(
        {"operation": "rename", "symbol": "src.pricing.subtotal", "new_name": "applyTax"},
        "'applyTax' is taken in src/pricing.js: it is declared or imported there already",
        id="rename-to-a-taken-name",
    ),
    pytest.param(
        {"operation": "rename", "symbol": "src.pricing.subtotal", "new_name": "class"},
        "'class' is a reserved word",
        id="rename-to-a-keyword",
    ),
    pytest.param(
        {"operation": "rename", "symbol": "src.util.math.clamp", "new_name": "amount"},
        "src/pricing.js:16: a local 'amount' there would capture the renamed 'clamp'",
        id="rename-captured-by-a-parameter",
    ),
    pytest.param(
        {"operation": "rename", "symbol": "src.util.math.round", "new_name": "Math"},
        "src/util/math.js:5 uses the global 'Math', which the renamed 'round' would hide",
        id="rename-onto-a-global-the-module-uses",
    ),
    pytest.param(
        {"operation": "rename", "symbol": "src.cart.GiftCart.describe", "new_name": "add"},
        "'add' is taken: src.cart.Cart in the same hierarchy has a member 'add' already",
        id="rename-method-onto-a-method-of-its-base",
    ),
    pytest.param(
        {"operation": "rename", "symbol": "src.cart.Cart.constructor", "new_name": "init"},
        "a constructor is renamed with its class, not on its own",
        id="rename-a-constructor",
    ),
    pytest.param(
        {"operation": "move", "symbols": ["src.pricing.bestPrice"], "to_module": "src.util.math"},
        "moving bestPrice to src.util.math would create an import cycle between src.util.math and src.pricing "
        "(the moved code uses discount, subtotal of src.pricing)",
        id="move-that-creates-a-cycle",
    ),
    pytest.param(
        {"operation": "move", "symbols": ["src.pricing.formatPrice"], "to_module": "src.labels"},
        "formatPrice is the default export of src/pricing.js; moving one is not supported",
        id="move-a-default-export",
    ),
    pytest.param(
        {"operation": "move", "symbols": ["src.legacy.units.toCents"], "to_module": "src.legacy.cents"},
        "src/legacy/units.cjs is a CommonJS module; moves between CommonJS modules are not supported",
        id="move-out-of-a-commonjs-module",
    ),
    pytest.param(
        {"operation": "move", "symbols": ["src.pricing.subtotal"], "to_module": "src.report"},
        "'subtotal' is taken in src/report.js: it is declared or imported there already",
        id="move-onto-a-taken-name",
    ),
]


@pytest.mark.parametrize(("request_data", "reason"), REFUSALS)
def test_impossible_requests_are_refused_with_the_reason(shop, request_data, reason):
    with pytest.raises(InvalidRequest) as refused:
        shop.plan(request_data)
    assert refused.value.message == reason
