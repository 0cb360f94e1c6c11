"""An incremental scan must end in exactly the graph a full scan of the new state builds."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from codeintel.config import load_settings
from codeintel.scan.engine import ScanEngine
from tests.helpers import graph_dump


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


MUTATIONS: dict[str, Callable[[Path], None]] = {
    "body_changed": lambda root: _edit(root / "shop/models.py", "return bool(value)", "return len(str(value))"),
    "method_renamed_callers_break": lambda root: _edit(
        root / "shop/models.py", "def describe(self)", "def summary(self)"
    ),
    "file_added_and_imported": lambda root: (
        (root / "shop/extra.py").write_text("from .util import slug\n\ndef shout(t):\n    return slug(t).upper()\n"),
        _edit(root / "shop/cli.py", "    helper()\n", "    helper()\n    extra.shout('x')\n"),
        _edit(root / "shop/cli.py", "import shop.util\n", "import shop.util\nfrom shop import extra\n"),
    ),
    "imported_module_deleted": lambda root: (root / "shop/util.py").unlink(),
    "file_renamed": lambda root: (root / "shop/util.py").rename(root / "shop/utils.py"),
    "base_class_changed": lambda root: _edit(root / "shop/models.py", "class Product(Base):", "class Product:"),
    "reexport_removed": lambda root: _edit(root / "shop/__init__.py", "from .models import Product\n", ""),
    "syntax_error_introduced": lambda root: _edit(root / "shop/util.py", "def slug(text):", "def slug(text:"),
    "identical_files_added": lambda root: (
        (root / "shop/a").mkdir(),
        (root / "shop/a/__init__.py").write_text(""),
        (root / "shop/b").mkdir(),
        (root / "shop/b/__init__.py").write_text(""),
    ),
    "nothing_changed": lambda root: None,
}


IN_PHASE_PROCESSES = ("file_added_and_imported", "imported_module_deleted", "method_renamed_callers_break")


@pytest.mark.parametrize(
    ("mutation", "phase_process_files"),
    [(m, 20_000) for m in sorted(MUTATIONS)] + [(m, 0) for m in IN_PHASE_PROCESSES],
)
def test_incremental_scan_equals_full_scan(mutation, phase_process_files, shop, tmp_path):
    # the incremental side writes its rows two files at a time (some also a process per phase),
    # the full side all at once
    incremental_settings = load_settings(
        data_dir=tmp_path / "incremental",
        pipeline={"graph_batch_files": 2, "phase_process_files": phase_process_files},
    )
    engine = ScanEngine(incremental_settings)
    first = engine.scan(str(shop), use_ray=False)
    assert first.mode == "full"

    MUTATIONS[mutation](shop)
    second = engine.scan(str(shop), use_ray=False)
    assert second.mode == "incremental"

    full_settings = load_settings(data_dir=tmp_path / "full")
    full = ScanEngine(full_settings).scan(str(shop), use_ray=False)
    assert full.repo_id == second.repo_id

    incremental_nodes, incremental_edges = graph_dump(incremental_settings, second.repo_id)
    full_nodes, full_edges = graph_dump(full_settings, full.repo_id)
    assert incremental_nodes == full_nodes
    assert incremental_edges == full_edges
    assert second.edges_by_type == full.edges_by_type


def test_unchanged_rescan_parses_nothing(shop, settings):
    engine = ScanEngine(settings)
    engine.scan(str(shop), use_ray=False)
    again = engine.scan(str(shop), use_ray=False)
    assert (again.files_parsed, again.files_reresolved, again.files_reused) == (0, 0, 4)


def test_changed_module_reresolves_only_its_dependents(shop, settings):
    engine = ScanEngine(settings)
    engine.scan(str(shop), use_ray=False)
    _edit(shop / "shop/util.py", "return text.lower()", "return text.casefold()")
    again = engine.scan(str(shop), use_ray=False)
    assert again.files_parsed == 1
    # util is read by cli (util.slug, shop.util.join) and by __init__ (`from . import util`); models never reads util
    assert again.files_reresolved == 2


def test_files_with_identical_content_each_keep_their_facts(shop, settings):
    """Facts are cached by content; two empty __init__.py files share one entry but stay two files."""
    for package in ("a", "b", "c"):
        (shop / "shop" / package).mkdir()
        (shop / "shop" / package / "__init__.py").write_text("")
    engine = ScanEngine(settings)
    engine.scan(str(shop), use_ray=False)
    _edit(shop / "shop/util.py", "return text.lower()", "return text.casefold()")
    again = engine.scan(str(shop), use_ray=False)
    assert again.nodes_by_label["File"] == 7


def test_unreadable_cache_entries_are_parsed_again_not_fatal(shop, settings, tmp_path):
    """A corrupt or foreign facts cache costs a re-parse; the rescan still equals a full scan."""
    engine = ScanEngine(settings)
    engine.scan(str(shop), use_ray=False)
    with sqlite3.connect(settings.cache_path) as db:
        (table,) = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchone()
        db.execute(f"UPDATE {table} SET {_value_column(db, table)} = ?", (b"not a pickle",))
    _edit(shop / "shop/cli.py", "print(item)", "print(item, item)")
    again = engine.scan(str(shop), use_ray=False)

    full_settings = load_settings(data_dir=tmp_path / "full")
    ScanEngine(full_settings).scan(str(shop), use_ray=False)
    assert graph_dump(settings, again.repo_id) == graph_dump(full_settings, again.repo_id)


def _value_column(db, table: str) -> str:
    return next(row[1] for row in db.execute(f"PRAGMA table_info({table})") if row[2].upper() == "BLOB")


POLYGLOT = {
    "go.mod": "module example.com/app\n\ngo 1.22\n",
    "cmd/main.go": 'package main\n\nimport "example.com/app/util"\n\nfunc main() { util.Do() }\n',
    "util/util.go": 'package util\n\nimport "fmt"\n\nfunc Do() { fmt.Println(helper()) }\n\n'
    "func helper() int { return 1 }\n",
    "web/tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@lib/*": ["lib/*"]}}}',
    "web/lib/fmt.ts": "export function pad(s: string): string { return s; }\n",
    "web/app.ts": 'import { pad } from "@lib/fmt";\nimport { readFileSync } from "fs";\n'
    "export function run(): string { readFileSync('x'); return pad('a'); }\n",
    "web/old.js": "const { run } = require('./app');\nfunction start() { run(); }\nmodule.exports = { start };\n",
    "native/util.h": "int add(int a, int b);\n",
    "native/util.c": '#include "util.h"\n#include "detail.h"\n\nint add(int a, int b) { return a + b; }\n',
    "native/detail.h": "namespace detail {\nint twice(int x);\n}\n",  # C++ by its text, included from C
    "native/app.cpp": '#include "util.h"\n\nint main() { return add(1, 2); }\n',
    "tools/report.py": "import json\n\n\ndef report():\n    return json.dumps(summary())\n\n\n"
    "def summary():\n    return {}\n",
}


PHASES_IN = {"one process": 20_000, "a process per phase": 0}


@pytest.mark.parametrize("phases_in", sorted(PHASES_IN))
def test_a_polyglot_repository_written_in_small_batches_and_incrementally_equals_a_full_scan(phases_in, tmp_path):
    """Every language is resolved and written in its own phase (and here one file per batch),
    edges across phases included (C++ calling C; C including a header that reads as C++): the
    graph is the same as one written all at once, before and after an edit, whether the phases
    run in this process or each in a process of its own (as a very large scan runs them)."""
    root = tmp_path / "repo"
    for path, text in POLYGLOT.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    pipeline = {"graph_batch_files": 1, "phase_process_files": PHASES_IN[phases_in]}
    small = load_settings(data_dir=tmp_path / "small", pipeline=pipeline)
    engine = ScanEngine(small)
    first = engine.scan(str(root), use_ray=False)
    whole = load_settings(data_dir=tmp_path / "whole")
    assert graph_dump(small, first.repo_id) == graph_dump(whole, ScanEngine(whole).scan(str(root)).repo_id)
    assert first.edges_by_type["CALLS"] == 9  # C++ main -> C add crosses from one phase to another
    languages = {"go": 2, "gomod": 1, "typescript": 2, "tsconfig": 1, "javascript": 1, "python": 1, "c": 2, "cpp": 2}
    assert first.files_by_language == languages
    assert first.edges_by_type["IMPORTS"] >= 4  # includes, a C file's of a header read as C++ too

    _edit(
        root / "util/util.go",
        "func helper() int { return 1 }",
        "func helper() int { return other() }\n\nfunc other() int { return 2 }",
    )
    second = engine.scan(str(root), use_ray=False)
    assert second.mode == "incremental"
    again = load_settings(data_dir=tmp_path / "again")
    full = ScanEngine(again).scan(str(root))
    assert graph_dump(small, second.repo_id) == graph_dump(again, full.repo_id)
    assert second.edges_by_type["CALLS"] == 10
