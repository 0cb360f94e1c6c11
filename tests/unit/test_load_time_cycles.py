"""Import cycles are about what runs when modules load: an import inside a function or under
`if TYPE_CHECKING:` takes no part in one, so making an import local breaks a cycle."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from codeintel.analysis.guarded_imports import deferred_import_lines
from codeintel.config import Settings
from codeintel.scan.engine import ScanEngine
from codeintel.store import open_metastore

SOURCE = """\
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.models import Order


def total(order):
    from app.pricing import price
    return price(order)


async def fetch():
    if os.environ.get("X"):
        import json
    return json


class Shop:
    import re
"""


def test_imports_in_functions_and_under_type_checking_are_deferred_and_others_are_not() -> None:
    assert deferred_import_lines(SOURCE) == {5, 9, 15}  # a class body runs at load time: line 20 is not


def test_a_file_that_does_not_parse_has_no_deferred_imports() -> None:
    assert deferred_import_lines("def broken(:\n    import os\n") == set()


def _cycles(settings: Settings, root: Path, files: dict[str, str]) -> list:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    summary = ScanEngine(settings).scan(str(root), use_ray=False)
    with closing(open_metastore(settings)) as meta:
        return [f for f in meta.findings(summary.repo_id) if f.kind == "import_cycle"]


ORDERS = "from app.pricing import price\n\n\ndef order():\n    return price()\n"
PACKAGE = {"app/__init__.py": "", "app/orders.py": ORDERS}


def test_modules_importing_each_other_at_load_time_are_a_cycle(settings: Settings, tmp_path: Path) -> None:
    pricing = "from app.orders import order\n\n\ndef price():\n    return 1\n\n\ndef again():\n    return order()\n"
    [cycle] = _cycles(settings, tmp_path / "app-root", {**PACKAGE, "app/pricing.py": pricing})
    assert cycle.evidence["members"] == ["app.orders", "app.pricing"]


def test_a_cycle_closed_only_by_a_local_import_is_none(settings: Settings, tmp_path: Path) -> None:
    pricing = "def price():\n    return 1\n\n\ndef again():\n    from app.orders import order\n\n    return order()\n"
    assert _cycles(settings, tmp_path / "app-root", {**PACKAGE, "app/pricing.py": pricing}) == []
