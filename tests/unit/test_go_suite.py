"""The Go call graph against the hand-written ground truth of tests/go_suite.

Every case folder (its Go files and go.mod) is scanned as its own repository with the registered
extractors and analyses (tests/suites.py); its CALLS edges are compared with the case's
expected.json, written from Go's semantics (see the suite's README). The figures are asserted
for every language in test_language_suites.py; this file holds what is particular to Go.
"""

from __future__ import annotations

from codeintel.languages.go import extract_go
from codeintel.resolve.go import GoAnalysis
from tests import suites
from tests.suites import TESTS

SUITE = TESTS / "go_suite"


def test_imports_counts_and_external_kinds_of_a_case():
    case = SUITE / "cross_package" / "no_gomod"
    facts = {}
    for file in sorted(case.rglob("*.go")):
        path = file.relative_to(case).as_posix()
        facts[path] = extract_go(file.read_bytes(), path, path)
    analysis = GoAnalysis(facts, facts)
    analysis.solve()
    main = "cmd/tool/main.go"
    (imp,) = facts[main].imports
    assert analysis.import_targets(main, imp) == [("m", "pkg/util/util.go")]
    assert analysis.import_status(main, imp) == "internal"
    (fmt,) = facts["pkg/util/util.go"].imports
    assert analysis.import_targets("pkg/util/util.go", fmt) == [("e", "fmt")]
    assert analysis.call_site_counts() == {"internal": 1, "external": 1}
    assert analysis.module_name(main) == "cmd.tool.main"
    assert GoAnalysis.external_kind("net/http.Get") == "stdlib"
    assert GoAnalysis.external_kind("github.com/pkg/errors.Wrap") == "third_party"
    analysis.release()


if __name__ == "__main__":  # pragma: no cover - a report: python -m tests.unit.test_go_suite
    suites.report("go_suite")
