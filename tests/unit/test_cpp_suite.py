"""The C++ call graph against the hand-written ground truth of tests/cpp_suite.

Every case folder is scanned as its own repository with the registered extractors and analyses
(tests/suites.py: `.c` files are C, `.h` headers C unless their text shows C++, as the scan
routes them); its CALLS edges are compared with the case's expected.json, written from
C++'s semantics (see the suite's README). The figures are asserted for every language in
test_language_suites.py; this file holds what is particular to the language.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from codeintel.languages.cpp import extract_cpp
from codeintel.resolve.cpp import CppAnalysis
from tests import suites
from tests.suites import TESTS
from tests.suites import case_facts as facts_of

SUITE = TESTS / "cpp_suite"


def cases() -> list[Path]:
    return suites.cases("cpp_suite")


def test_includes_counts_and_external_kinds_of_a_case():
    case = SUITE / "includes" / "project"
    facts = facts_of(case)
    analysis = CppAnalysis(facts, facts)
    analysis.solve()
    main = "src/main.cpp"
    (imp,) = facts[main].imports
    assert (imp.module, imp.level) == ("store/kv.hpp", 1)
    assert analysis.import_targets(main, imp) == [("m", "include/store/kv.hpp")]
    assert analysis.import_status(main, imp) == "internal"
    source = "src/kv.cpp"
    (angle,) = facts[source].imports
    assert (angle.module, angle.level) == ("store/kv.hpp", 0)
    assert analysis.import_targets(source, angle) == [("m", "include/store/kv.hpp")]
    header = "include/store/kv.hpp"
    assert [analysis.import_targets(header, i) for i in facts[header].imports] == [[("e", "map")], [("e", "string")]]
    assert analysis.import_status(header, facts[header].imports[0]) == "external"
    assert analysis.call_site_counts()["internal"] == 4
    assert analysis.module_name(main) == "src.main_cpp"
    assert analysis.module_name(header) == "include.store.kv_hpp"
    assert CppAnalysis.external_kind("std::sort") == "stdlib"
    assert CppAnalysis.external_kind("vector") == "stdlib"
    assert CppAnalysis.external_kind("boost/any.hpp") == "third_party"
    analysis.release()


def test_bases_are_repository_classes_or_externals():
    case = SUITE / "inheritance" / "inherited"
    facts = facts_of(case)
    analysis = CppAnalysis(facts, facts)
    analysis.solve()
    definitions = facts["main.cpp"].definitions
    index = {d.qualname: i for i, d in enumerate(definitions)}
    assert analysis.bases_of("main.cpp", index["Dog"]) == [("d", "main.cpp", index["Animal"])]
    assert analysis.bases_of("main.cpp", index["Oops"]) == [("e", "std::runtime_error")]
    assert analysis.bases_of("main.cpp", index["Animal"]) == []


def analysis_of(sources: dict[str, bytes]) -> tuple[CppAnalysis, dict]:
    facts = {path: extract_cpp(source, path, path) for path, source in sources.items()}
    analysis = CppAnalysis(facts, facts)
    analysis.solve()
    return analysis, facts


def test_a_standard_container_base_is_external_by_its_template_name():
    analysis, facts = analysis_of({"v.cpp": b"#include <vector>\nclass Row : public std::vector<int> {};\n"})
    assert analysis.bases_of("v.cpp", 0) == [("e", "std::vector")]


def test_cyclic_auto_declarations_and_self_reference_terminate_without_edges():
    source = b"""
class A { public: int f() { return 0; } };
int main() {
    auto a = b.f();
    auto b = a.f();
    auto c = c;
    return a.f() + c.f();
}
"""
    analysis, _ = analysis_of({"c.cpp": source})
    assert analysis.calls_of("c.cpp") == []
    assert analysis.call_site_counts() == {"unresolved": 4}


def test_an_ambiguous_include_gives_no_target():
    sources = {
        "a/include/cfg.h": b"int cfg_a();\n",
        "b/include/cfg.h": b"int cfg_b();\n",
        "main.cpp": b"#include <cfg.h>\nint main() { return 0; }\n",
    }
    analysis, facts = analysis_of(sources)
    (imp,) = facts["main.cpp"].imports
    assert analysis.import_targets("main.cpp", imp) == []
    assert analysis.import_status("main.cpp", imp) == "unresolved"


@pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")
def test_every_case_is_a_valid_cpp_program():
    assert suites.compile_errors("cpp_suite", ["g++", "-std=c++17"], (".cpp", ".cc", ".cxx")) == []


if __name__ == "__main__":  # pragma: no cover - a report: python -m tests.unit.test_cpp_suite
    suites.report("cpp_suite")
