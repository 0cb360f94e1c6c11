"""Renaming a Python symbol: every reference, import and re-export changes, nothing else does.

Each acceptance case plans a rename on the `rename_inventory` fixture (a package with
re-exports, aliases, relative and star imports, a method hierarchy, a decorator, a nested
function, a `global` statement) and applies it: the copy must parse, import, pass the
fixture's own tests and keep its call graph under the plan's mapping (tests/planning_harness).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

import pytest

from codeintel.planning.python import rename_targets
from codeintel.planning.python.references import PythonFile
from codeintel.service.errors import InvalidRequest, NotFound
from tests.planning_harness import scanned_once, verify

FIXTURE = "rename_inventory"
inventory = scanned_once(FIXTURE)


@dataclass
class Case:
    symbol: str
    new_name: str
    renamed: dict[str, str]
    files: set[str]
    added: list[str] = field(default_factory=list)  # lines the patch adds (without the leading '+')
    untouched: list[str] = field(default_factory=list)  # lines the patch must not remove
    warnings: list[str] = field(default_factory=list)  # prefixes of warnings the plan must give
    public_api: bool = True


CASES = {
    "function_across_modules_with_alias_reexport_star_and_default_argument": Case(
        "inventory.pricing.net_price",
        "price_with_tax",
        {"inventory.pricing.net_price": "inventory.pricing.price_with_tax"},
        {
            "app.py",
            "inventory/__init__.py",
            "inventory/orders.py",
            "inventory/pricing.py",
            "inventory/reports.py",
            "inventory/shop.py",
            "tests/test_inventory.py",
        },
        added=[
            "def price_with_tax(amount, discount=None, rate=None):",
            "from inventory import Stock, price_with_tax",  # through the package's re-export
            "from .pricing import Discount, price_with_tax",  # the re-export itself
            '__all__ = ["Discount", "PerishableStock", "Stock", "price_with_tax"]',
            "from inventory.pricing import price_with_tax as price_of",  # the alias stays
            "    return round(sum(price_with_tax(amount) for amount in amounts), 2)  # noqa: F405",  # star import
            "def total(amounts, net_price=price_with_tax):",  # the default; the parameter keeps its name
            "    return [(amount, p.price_with_tax(amount)) for amount in amounts]",  # import pkg.mod as p
            "    return inventory.pricing.price_with_tax(amount, rate=0)",  # import pkg.mod
            "    return pricing.price_with_tax(amount, Discount(percent))",  # from . import mod
            "    assert inventory.price_with_tax(10) == 12.0",  # attribute of the re-exporting package
        ],
        untouched=[
            "    # keep this comment: net_price is the one entry point for prices",
            "    return round(sum(price_of(amount) * quantity for amount, quantity in self.lines), 2)",
            '    """The parameter shadows the function it defaults to; both stay what they are."""',
            "    return round(sum(net_price(a) for a in amounts), 2)",
        ],
    ),
    "local_variable_of_the_same_name_stays": Case(
        "inventory.pricing.tax_rate",
        "default_rate",
        {"inventory.pricing.tax_rate": "inventory.pricing.default_rate"},
        {"inventory/pricing.py", "inventory/reports.py", "tests/test_inventory.py"},
        added=["def default_rate():", "from .pricing import Discount, default_rate"],
        untouched=["    tax_rate = min(rates)  # a local with the name of a module function: not a reference to it"],
    ),
    "class_instantiation_inheritance_and_isinstance": Case(
        "inventory.pricing.Discount",
        "PercentOff",
        {"inventory.pricing.Discount": "inventory.pricing.PercentOff"},
        {"inventory/__init__.py", "inventory/pricing.py", "inventory/reports.py", "tests/test_inventory.py"},
        added=[
            "class PercentOff:",
            "class SeasonalDiscount(PercentOff):",
            "    if isinstance(discount, PercentOff):",
            "    return pricing.net_price(amount, PercentOff(percent))",
        ],
    ),
    "class_through_star_import_reexport_and_annotation": Case(
        "inventory.stock.Stock",
        "Inventory",
        {"inventory.stock.Stock": "inventory.stock.Inventory"},
        {
            "app.py",
            "inventory/__init__.py",
            "inventory/orders.py",
            "inventory/shop.py",
            "inventory/stock.py",
            "tests/test_inventory.py",
        },
        added=[
            '    return Inventory.from_pairs([("apple", 3), ("pear", 2)])  # noqa: F405',
            "def reserve(stock: Inventory, name, count):",
            '    s = stock.Inventory.from_pairs([("apple", 3)])',
        ],
    ),
    "method_family_with_override_super_and_an_unresolved_receiver": Case(
        "inventory.stock.Stock.add",
        "put",
        {
            "inventory.stock.Stock.add": "inventory.stock.Stock.put",
            "inventory.stock.PerishableStock.add": "inventory.stock.PerishableStock.put",
        },
        {"app.py", "inventory/orders.py", "inventory/stock.py", "tests/test_inventory.py"},
        added=[
            "    def put(self, name, count=1, days=7):",
            "        super().put(name, count)",
            "            stock.put(name, count)",
        ],
        untouched=["    seen.add(name)"],
        warnings=["inventory/stock.py:48: `seen.add` may be this method"],
    ),
    "method_through_self_and_instances": Case(
        "inventory.stock.Stock.count",
        "quantity",
        {"inventory.stock.Stock.count": "inventory.stock.Stock.quantity"},
        {"app.py", "inventory/orders.py", "inventory/stock.py", "tests/test_inventory.py"},
        added=["        if self.quantity(name) < count:", "    return stock.quantity(name)"],
    ),
    "method_called_on_a_parameter_the_graph_resolved": Case(
        "inventory.pricing.Discount.apply",
        "apply_to",
        {
            "inventory.pricing.Discount.apply": "inventory.pricing.Discount.apply_to",
            "inventory.pricing.SeasonalDiscount.apply": "inventory.pricing.SeasonalDiscount.apply_to",
        },
        {"inventory/pricing.py"},
        added=["        amount = discount.apply_to(amount)", "        return max(0.0, super().apply_to(amount) - 1)"],
    ),
    "classmethod_called_through_the_class": Case(
        "inventory.stock.Stock.from_pairs",
        "of_pairs",
        {"inventory.stock.Stock.from_pairs": "inventory.stock.Stock.of_pairs"},
        {"inventory/shop.py", "inventory/stock.py", "tests/test_inventory.py"},
        added=["    def of_pairs(cls, pairs):"],
    ),
    "nested_function_and_its_use_in_a_generator": Case(
        "inventory.reports.summary.line",
        "format_line",
        {"inventory.reports.summary.line": "inventory.reports.summary.format_line"},
        {"inventory/reports.py"},
        added=["    def format_line(amount):", '    return "\\n".join(format_line(amount) for amount in amounts)'],
        public_api=False,
    ),
    "decorator": Case(
        "inventory.pricing.logged",
        "traced",
        {"inventory.pricing.logged": "inventory.pricing.traced"},
        {"inventory/pricing.py"},
        added=["def traced(func):", "@traced"],
    ),
    "module_alias_attribute_and_default_argument": Case(
        "inventory.units.to_cents",
        "cents",
        {"inventory.units.to_cents": "inventory.units.cents"},
        {"inventory/ledger.py", "inventory/units.py", "tests/test_units.py"},
        added=["def entry(amount, convert=u.cents):", "    return inventory.units.cents(amount)"],
    ),
    "relative_import_of_the_module": Case(
        "inventory.units.from_cents",
        "amount_of",
        {"inventory.units.from_cents": "inventory.units.amount_of"},
        {"inventory/ledger.py", "inventory/units.py", "tests/test_units.py"},
        added=["    return units.amount_of(sum(u.to_cents(amount) for amount in amounts))"],
    ),
    "global_statement_rebinding_the_function": Case(
        "inventory.units.formatter",
        "format_amount",
        {"inventory.units.formatter": "inventory.units.format_amount"},
        {"inventory/units.py", "tests/test_units.py"},
        added=["    global format_amount", "    format_amount = str", "        units.format_amount = saved"],
    ),
    "private_helper_is_not_public_api": Case(
        "inventory.units._round_half_up",
        "_half_up",
        {"inventory.units._round_half_up": "inventory.units._half_up"},
        {"inventory/units.py"},
        added=["    return _half_up(amount * 100)"],
        public_api=False,
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_rename_applies_and_keeps_the_code_working(inventory, case: Case, tmp_path):
    plan = inventory.plan({"operation": "rename", "symbol": case.symbol, "new_name": case.new_name})

    assert verify(inventory, plan, tmp_path) == []
    assert plan.goal == f"Rename {case.symbol} to {case.new_name}"
    assert plan.mapping.renamed == case.renamed
    assert plan.symbols_affected == sorted(case.renamed)
    assert set(plan.files_touched) == case.files
    added = {line[1:] for line in plan.patch.splitlines() if line.startswith("+") and not line.startswith("+++")}
    removed = {line[1:] for line in plan.patch.splitlines() if line.startswith("-") and not line.startswith("---")}
    assert [line for line in case.added if line not in added] == []
    assert [line for line in case.untouched if line in removed] == []
    assert [w for w in case.warnings if not any(given.startswith(w) for given in plan.warnings)] == []
    assert plan.risk.score > 0 and (("changes a public name" in " ".join(plan.risk.factors)) == case.public_api)


# ---------------------------------------------------------------- refusals

REFUSALS = {
    "name_taken_by_a_module_global": (
        "inventory.pricing.net_price",
        "describe",
        "inventory.pricing already binds 'describe'",
    ),
    "name_taken_by_a_method_of_a_subclass": (
        "inventory.stock.Stock.count",
        "expired",
        "inventory.stock.PerishableStock already defines 'expired'",
    ),
    "keyword": ("inventory.pricing.net_price", "class", "'class' is a Python keyword"),
    "not_an_identifier": ("inventory.pricing.net_price", "net-price", "'net-price' is not a Python identifier"),
    "same_name": (
        "inventory.pricing.net_price",
        "net_price",
        "inventory.pricing.net_price is already called 'net_price'",
    ),
    "collision_in_a_module_importing_it_without_alias": (
        "inventory.pricing.net_price",
        "main",
        "renaming inventory.pricing.net_price to main would collide in app, which imports net_price without an alias "
        "and already binds 'main'",
    ),
    "would_shadow_a_builtin_the_module_uses": (
        "inventory.pricing.net_price",
        "round",
        "inventory/pricing.py:29 uses 'round' (a builtin or a star-imported name); naming net_price 'round' would "
        "change what it means",
    ),
    "a_local_would_capture_a_renamed_use": (
        "inventory.pricing.tax_rate",
        "rate",
        "inventory/pricing.py:29: 'rate' is a local name there, so the renamed reference to tax_rate would mean "
        "that local instead",
    ),
    "dunder_method": (
        "inventory.stock.Stock.__init__",
        "setup",
        "inventory.stock.Stock.__init__ is a dunder method: Python calls it by that name",
    ),
    "module": (
        "inventory.pricing",
        "prices",
        "inventory.pricing is a module: renaming a module is not supported (move its file and its imports instead)",
    ),
}


@pytest.mark.parametrize(("symbol", "new_name", "reason"), REFUSALS.values(), ids=REFUSALS.keys())
def test_impossible_rename_is_refused_with_the_reason(inventory, symbol, new_name, reason):
    with pytest.raises(InvalidRequest) as refused:
        inventory.plan({"operation": "rename", "symbol": symbol, "new_name": new_name})
    assert refused.value.message == reason


def test_unknown_symbol_is_not_found(inventory):
    with pytest.raises(NotFound, match="inventory.pricing.nope"):
        inventory.plan({"operation": "rename", "symbol": "inventory.pricing.nope", "new_name": "x"})


# ---------------------------------------------------------------- scopes and spans, without a scan

SCOPE_SOURCE = """\
def f():
    return 1

class K:
    f = 2
    def m(self):
        return f()          # the global: class bodies do not enclose methods

def g(f):
    return [f for f in range(3)], f   # a parameter and a comprehension variable

def h():
    def inner():
        nonlocal f
        f = 3
    f = 0
    return lambda: f

def j(x=f, *, y=f()):
    global f
    f = x
"""


def test_scopes_find_only_the_global_binding():
    file = PythonFile("m.py", "m", SCOPE_SOURCE)
    spans = sorted(file.span_of(o) for o in file.scopes.references(file.scopes.module, "f"))
    lines = [span.line for span in spans]
    assert lines == [1, 7, 19, 19, 20, 21]  # def f, the method's call, j's two defaults, global, assignment


def test_spans_are_utf8_byte_offsets():
    file = PythonFile("m.py", "m", 'def f():\n    return "é" + g()\n\ndef g():\n    return "ü"\n')
    spans = [file.span_of(o) for o in file.scopes.references(file.scopes.module, "g")]
    assert file.replaced(spans, "g", "gee") == 'def f():\n    return "é" + gee()\n\ndef gee():\n    return "ü"\n'
    assert ast.parse(file.replaced(spans, "g", "gee"))


@pytest.mark.parametrize(
    "symbol",
    ["inventory.pricing.net_price", "inventory.stock.Stock", "inventory.units.to_cents", "inventory.pricing.Discount"],
)
def test_the_fast_path_edits_what_the_full_analysis_edits(inventory, symbol, monkeypatch):
    """Files whose mentions of the name the graph explains are edited without parsing them; the
    patch is the one the full scope analysis of every file gives."""
    request = {"operation": "rename", "symbol": symbol, "new_name": "renamed"}
    fast = inventory.plan(request)
    monkeypatch.setattr(rename_targets._Search, "_explained", lambda *args: False)
    assert inventory.plan(request).patch == fast.patch
