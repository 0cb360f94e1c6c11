"""Rename and move in Java, at tree-sitter spans.

Each case plans on java_bank (three packages and a plain-Java test main run by its
run_tests.sh: javac, then java, which exits non-zero on a failed check), applies the patch to
a fresh copy and checks that it parses, compiles, passes the checks and keeps the call graph
under the plan's mapping (tests/planning_harness.py)."""

from __future__ import annotations

import shutil

import pytest

from codeintel.service.errors import InvalidRequest
from tests.planning_harness import scan_fixture, verify

pytestmark = pytest.mark.skipif(shutil.which("javac") is None, reason="the Java cases need a JDK (javac)")

BANK = "com.acme.bank"


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    scanned = scan_fixture("java_bank", tmp_path_factory.mktemp("java_bank"))
    yield scanned
    scanned.close()


def _created(plan) -> set[str]:
    return {e.path for step in plan.steps for e in step.edits if e.action == "create"}


def _deleted(plan) -> set[str]:
    return {e.path for step in plan.steps for e in step.edits if e.action == "delete"}


RENAMES = [
    pytest.param(
        "com.acme.bank.Account.Account",
        "Wallet",
        {
            "com.acme.bank.Account": "com.acme.bank.Wallet",
            "com.acme.bank.Account.Account": "com.acme.bank.Wallet.Wallet",
            "com.acme.bank.Account.Account.Account": "com.acme.bank.Wallet.Wallet.Wallet",
        },
        ("src/com/acme/bank/Account.java", "src/com/acme/bank/Wallet.java"),
        id="public-class-renames-its-file-constructor-subclass-same-package-and-wildcard-users",
    ),
    pytest.param(
        "com.acme.bank.Notifier.Notifier",
        "Listener",
        {
            "com.acme.bank.Notifier": "com.acme.bank.Listener",
            "com.acme.bank.Notifier.Notifier": "com.acme.bank.Listener.Listener",
        },
        ("src/com/acme/bank/Notifier.java", "src/com/acme/bank/Listener.java"),
        id="interface-implemented-in-another-package",
    ),
    pytest.param(
        "com.acme.app.Bank.Bank",
        "Branch",
        {"com.acme.app.Bank": "com.acme.app.Branch", "com.acme.app.Bank.Bank": "com.acme.app.Branch.Branch"},
        ("src/com/acme/app/Bank.java", "src/com/acme/app/Branch.java"),
        id="class-without-a-constructor-imported-by-the-tests",
    ),
    pytest.param(
        "com.acme.bank.Currency.Currency",
        "Denomination",
        {
            "com.acme.bank.Currency": "com.acme.bank.Denomination",
            "com.acme.bank.Currency.Currency": "com.acme.bank.Denomination.Denomination",
            "com.acme.bank.Currency.Currency.Currency": "com.acme.bank.Denomination.Denomination.Denomination",
        },
        ("src/com/acme/bank/Currency.java", "src/com/acme/bank/Denomination.java"),
        id="enum-used-from-another-package",
    ),
    pytest.param(
        "com.acme.bank.Audit.AuditEntry",
        "Event",
        {"com.acme.bank.Audit.AuditEntry": "com.acme.bank.Audit.Event"},
        None,
        id="package-private-second-class-of-a-file-keeps-the-file",
    ),
    pytest.param(
        "com.acme.bank.Ledger.Ledger.Line",
        "Row",
        {
            "com.acme.bank.Ledger.Ledger.Line": "com.acme.bank.Ledger.Ledger.Row",
            "com.acme.bank.Ledger.Ledger.Line.Line": "com.acme.bank.Ledger.Ledger.Row.Row",
        },
        None,
        id="nested-class-named-through-its-outer-class",
    ),
    pytest.param(
        "com.acme.bank.Account.Account.deposit",
        "credit",
        {
            "com.acme.bank.Account.Account.deposit": "com.acme.bank.Account.Account.credit",
            "com.acme.bank.SavingsAccount.SavingsAccount.deposit": "com.acme.bank.SavingsAccount.SavingsAccount.credit",
        },
        None,
        id="method-with-an-override-super-call-and-unqualified-call",
    ),
    pytest.param(
        "com.acme.bank.Notifier.Notifier.notify",
        "send",
        {
            "com.acme.bank.Notifier.Notifier.notify": "com.acme.bank.Notifier.Notifier.send",
            "com.acme.app.ConsoleNotifier.ConsoleNotifier.notify": "com.acme.app.ConsoleNotifier.ConsoleNotifier.send",
        },
        None,
        id="interface-method-with-its-implementation-in-another-package",
    ),
    pytest.param(
        "com.acme.bank.Fees.Fees.fee",
        "charge",
        {"com.acme.bank.Fees.Fees.fee": "com.acme.bank.Fees.Fees.charge"},
        None,
        id="static-method-behind-a-static-import",
    ),
    pytest.param(
        "com.acme.bank.Fees.Fees.cap",
        "floor",
        {"com.acme.bank.Fees.Fees.cap": "com.acme.bank.Fees.Fees.floor"},
        None,
        id="static-method-behind-a-method-reference",
    ),
    pytest.param(
        "com.acme.util.Money.Money.format",
        "render",
        {"com.acme.util.Money.Money.format": "com.acme.util.Money.Money.render"},
        None,
        id="static-method-called-through-a-fully-qualified-name",
    ),
    pytest.param(
        "src/com/acme/util/Strings.java:Strings.pad",
        "padLeft",
        {"com.acme.util.Strings.Strings.pad": "com.acme.util.Strings.Strings.padLeft"},
        None,
        id="overloaded-method-renamed-with-its-overloads",
    ),
]


@pytest.mark.parametrize(("symbol", "new_name", "renamed", "file_move"), RENAMES)
def test_rename_keeps_the_bank_working(bank, tmp_path, symbol, new_name, renamed, file_move):
    if symbol.startswith("src/"):
        symbol = f"{bank.repo_id}:{symbol}"  # one overload by id: they share a qualified name
    plan = bank.plan({"operation": "rename", "symbol": symbol, "new_name": new_name})
    assert plan.mapping.renamed == renamed
    assert plan.warnings == []
    if file_move is not None:
        assert (_deleted(plan), _created(plan)) == ({file_move[0]}, {file_move[1]})
    assert verify(bank, plan, tmp_path) == []


MOVES = [
    pytest.param("com.acme.util.Money.Money", "com.acme.bank", id="class-reached-by-import-and-fully-qualified-name"),
    pytest.param(
        "com.acme.bank.Fees.Fees", "com.acme.util", id="class-behind-a-static-import-used-unimported-by-its-package"
    ),
    pytest.param(
        "com.acme.bank.Account.Account",
        "com.acme.core",
        id="base-class-to-a-new-package-wildcard-importer-gains-an-import",
    ),
    pytest.param("com.acme.util.Strings.Strings", "com.acme.text", id="helper-its-old-package-used-without-import"),
    pytest.param(
        "com.acme.app.ConsoleNotifier.ConsoleNotifier", "com.acme.bank", id="implementation-into-its-interfaces-package"
    ),
    pytest.param("com.acme.bank.Notifier.Notifier", "com.acme.notify", id="interface-to-a-new-package"),
    pytest.param(
        "com.acme.bank.SavingsAccount.SavingsAccount",
        "com.acme.accounts",
        id="subclass-imports-its-base-from-the-old-package",
    ),
    pytest.param("com.acme.app.Bank.Bank", "com.acme.bank.Bank", id="to-module-given-as-the-new-module-name"),
    pytest.param("com.acme.util.Ids.Ids", "com.acme.bank", id="class-used-only-by-fully-qualified-name"),
    pytest.param("com.acme.bank.Currency.Currency", "com.acme.util", id="enum-into-the-package-of-its-importer"),
    pytest.param("com.acme.app.Report.Report", "com.acme.reports", id="class-using-a-sibling-of-its-old-package"),
]


@pytest.mark.parametrize(("symbol", "to_module"), MOVES)
def test_move_keeps_the_bank_working(bank, tmp_path, symbol, to_module):
    name = symbol.rsplit(".", 1)[1]
    package = to_module.removesuffix(f".{name}")
    old_module = symbol.rsplit(".", 1)[0]
    plan = bank.plan({"operation": "move", "symbols": [symbol], "to_module": to_module})
    assert plan.mapping.renamed == {old_module: f"{package}.{name}"}
    old_file = "src/" + old_module.replace(".", "/") + ".java"
    assert (_deleted(plan), _created(plan)) == ({old_file}, {"src/" + package.replace(".", "/") + f"/{name}.java"})
    assert verify(bank, plan, tmp_path) == []


REFUSALS = [
    pytest.param(
        {"operation": "rename", "symbol": "com.acme.bank.Account.Account", "new_name": "Ledger"},
        "'Ledger' is taken: the package com.acme.bank has a type com.acme.bank.Ledger already",
        id="rename-class-to-a-taken-name",
    ),
    pytest.param(
        {"operation": "rename", "symbol": "com.acme.bank.Account.Account.deposit", "new_name": "withdraw"},
        "'withdraw' is taken: com.acme.bank.Account.Account has a member 'withdraw' already",
        id="rename-method-to-a-taken-name",
    ),
    pytest.param(
        {
            "operation": "rename",
            "symbol": "com.acme.bank.SavingsAccount.SavingsAccount.addInterest",
            "new_name": "withdraw",
        },
        "'withdraw' is taken: com.acme.bank.Account.Account in the same hierarchy has a member 'withdraw' already",
        id="rename-method-onto-a-method-of-its-base-would-override-it",
    ),
    pytest.param(
        {"operation": "rename", "symbol": "com.acme.bank.Account.Account", "new_name": "String"},
        "src/com/acme/app/Bank.java:11 already names a type 'String', which the renamed class would hide",
        id="rename-class-onto-a-java-lang-name-its-users-see",
    ),
    pytest.param(
        {"operation": "rename", "symbol": "com.acme.bank.Fees.Fees.fee", "new_name": "static"},
        "'static' is a Java keyword",
        id="rename-to-a-keyword",
    ),
    pytest.param(
        {"operation": "rename", "symbol": "com.acme.bank.Account.Account.Account", "new_name": "Open"},
        "a constructor is renamed with its class, not on its own",
        id="rename-a-constructor",
    ),
    pytest.param(
        {"operation": "move", "symbols": ["com.acme.bank.Ledger.Ledger"], "to_module": "com.acme.ledger"},
        "the moved class uses AuditEntry, which is package-private in com.acme.bank",
        id="move-a-class-using-a-package-private-type",
    ),
    pytest.param(
        {"operation": "move", "symbols": ["com.acme.bank.Audit.Audit"], "to_module": "com.acme.util"},
        "src/com/acme/bank/Audit.java also declares AuditEntry; moving a file of several types is not supported",
        id="move-a-file-of-several-types",
    ),
    pytest.param(
        {"operation": "move", "symbols": ["com.acme.bank.Audit.AuditEntry"], "to_module": "com.acme.util"},
        "com.acme.bank.Audit.AuditEntry is not a top-level class in a file of its own name; only those move",
        id="move-a-secondary-class",
    ),
    pytest.param(
        {"operation": "move", "symbols": ["com.acme.util.Money.Money"], "to_module": "com.acme.util"},
        "Money is in the package com.acme.util already",
        id="move-into-its-own-package",
    ),
]


@pytest.mark.parametrize(("request_data", "reason"), REFUSALS)
def test_impossible_requests_are_refused_with_the_reason(bank, request_data, reason):
    with pytest.raises(InvalidRequest) as refused:
        bank.plan(request_data)
    assert refused.value.message == reason
