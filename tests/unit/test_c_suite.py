"""The C call graph against the hand-written ground truth of tests/c_suite.

Every case folder is scanned as its own repository with the registered extractors and analyses
(tests/suites.py: `.c` files are C, `.h` headers C unless their text shows C++, as the scan
routes them); its CALLS edges are compared with the case's expected.json, written from
C's semantics (see the suite's README). The figures are asserted for every language in
test_language_suites.py; this file holds what is particular to the language.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from codeintel.languages.c import extract_c
from codeintel.resolve.c import CAnalysis, module_name_for
from tests import suites
from tests.suites import TESTS
from tests.suites import case_facts as facts_of

SUITE = TESTS / "c_suite"


def cases() -> list[Path]:
    return suites.cases("c_suite")


def test_module_names_keep_the_extension_so_source_and_header_differ():
    assert module_name_for("src/util.c") == "src.util_c"
    assert module_name_for("include/util.h") == "include.util_h"
    assert module_name_for("main.c") == "main_c"


def test_includes_counts_and_external_kinds_of_a_case():
    facts = facts_of(SUITE / "include_paths" / "angle_include_dir")
    analysis = CAnalysis(facts, facts)
    analysis.solve()
    main = "src/main.c"
    stdio, api = facts[main].imports
    assert (stdio.module, stdio.level, api.module, api.level) == ("stdio.h", 0, "proj/api.h", 0)
    assert analysis.import_targets(main, api) == [("m", "include/proj/api.h")]
    assert analysis.import_status(main, api) == "internal"
    assert analysis.import_targets(main, stdio) == [("e", "stdio.h")]
    assert analysis.import_status(main, stdio) == "external"
    # proj_init -> proj_version (internal); main -> proj_init (internal), printf (external)
    assert analysis.call_site_counts() == {"internal": 2, "external": 1}
    assert analysis.bases_of("include/proj/api.h", 0) == []
    assert CAnalysis.external_kind("printf") == "stdlib"
    assert CAnalysis.external_kind("stdio.h") == "stdlib"
    assert CAnalysis.external_kind("SSL_new") == "third_party"
    analysis.release()


def test_an_include_naming_several_repository_files_equally_is_unresolved():
    facts = {
        "arch/x86/include/asm/io.h": extract_c(b"int inb(int);\n", "arch/x86/include/asm/io.h", "1"),
        "arch/arm/include/asm/io.h": extract_c(b"int inb(int);\n", "arch/arm/include/asm/io.h", "2"),
        "drivers/tty.c": extract_c(b"#include <asm/io.h>\nint f(void) { return inb(1); }\n", "drivers/tty.c", "3"),
    }
    analysis = CAnalysis(facts, facts)
    analysis.solve()
    (imp,) = facts["drivers/tty.c"].imports
    assert analysis.import_targets("drivers/tty.c", imp) == []
    assert analysis.import_status("drivers/tty.c", imp) == "unresolved"


def test_macro_calls_are_neither_edges_nor_counted_call_sites():
    source = b"#define MAX(a, b) ((a) > (b) ? (a) : (b))\nint f(void) { return MAX(1, 2); }\n"
    facts = {"m.c": extract_c(source, "m.c", "h")}
    analysis = CAnalysis(facts, facts)
    analysis.solve()
    assert list(analysis.calls_of("m.c")) == []
    assert analysis.call_site_counts() == {}


def test_an_alias_macro_counts_only_where_it_is_included():
    sources = {
        "compat.h": b"#define run_all real_run\n",
        "a.c": b"void run_all(void) { }\nvoid real_run(void) { }\n",
        "b.c": b"void run_all(void);\nvoid b(void) { run_all(); }\n",
        "c.c": b'#include "compat.h"\nvoid real_run(void);\nvoid c(void) { run_all(); }\n',
    }
    facts = {path: extract_c(source, path, path) for path, source in sources.items()}
    analysis = CAnalysis(facts, facts)
    analysis.solve()
    assert [edge.target for edge in analysis.calls_of("b.c")] == [("d", "a.c", 0)]
    assert [edge.target for edge in analysis.calls_of("c.c")] == [("d", "a.c", 1)]


def test_a_gcc_nested_function_is_called_from_its_parent():
    source = b"int outer(int x) { int inner(int y) { return y; } return inner(x); }\nint inner(int y) { return y; }\n"
    facts = {"n.c": extract_c(source, "n.c", "n")}
    analysis = CAnalysis(facts, facts)
    analysis.solve()
    assert [(edge.scope, edge.target) for edge in analysis.calls_of("n.c")] == [("outer", ("d", "n.c", 1))]


def test_typeof_and_gcc_builtins_are_not_calls_of_anything():
    source = b"int f(int x) { typeof(x) y = x; return typeof(y)(1) + __builtin_expect(x, 1); }\n"
    facts = {"b.c": extract_c(source, "b.c", "b")}
    analysis = CAnalysis(facts, facts)
    analysis.solve()
    assert list(analysis.calls_of("b.c")) == []
    assert analysis.call_site_counts() == {"unresolved": 3}  # `typeof(y)(1)` is two call sites


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")
def test_every_case_is_a_valid_c_program():
    assert suites.compile_errors("c_suite", ["gcc", "-std=gnu11"], (".c",)) == []


if __name__ == "__main__":  # pragma: no cover - a report: python -m tests.unit.test_c_suite
    suites.report("c_suite")
