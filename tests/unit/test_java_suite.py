"""The Java call graph against the hand-written ground truth of tests/java_suite.

Every case folder is scanned as its own repository with the registered extractors and analyses
(tests/suites.py); its CALLS edges are compared with the case's expected.json, written from
Java's semantics (see the suite's README). The figures are asserted for every language in
test_language_suites.py; this file holds what is particular to the language.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from codeintel.languages.java import extract_java
from codeintel.resolve.build import GraphBuilder
from codeintel.resolve.java import JavaAnalysis
from tests import suites
from tests.suites import TESTS
from tests.suites import case_facts as facts_of

SUITE = TESTS / "java_suite"


def cases() -> list[Path]:
    return suites.cases("java_suite")


def test_imports_counts_and_external_kinds_of_a_case():
    case = SUITE / "imports" / "single_and_wildcard"
    facts = facts_of(case)
    analysis = JavaAnalysis(facts, facts)
    analysis.solve()
    main = "src/app/Main.java"
    assert analysis.module_name(main) == "app.Main"
    targets = {imp.name: analysis.import_targets(main, imp) for imp in facts[main].imports}
    assert targets["Shape"] == [("m", "src/geo/Shape.java")]
    assert targets["List"] == [("e", "java.util.List")]
    assert sorted(targets["*"]) == [("m", "src/util/Maths.java"), ("m", "src/util/Strings.java")]
    statuses = {imp.name: analysis.import_status(main, imp) for imp in facts[main].imports}
    assert statuses == {"Shape": "internal", "List": "external", "*": "internal"}
    counts = analysis.call_site_counts()
    assert counts["internal"] >= 4 and counts["external"] >= 1
    assert JavaAnalysis.external_kind("java.util.List.add") == "stdlib"
    assert JavaAnalysis.external_kind("javax.swing.JFrame") == "stdlib"
    assert JavaAnalysis.external_kind("org.junit.Assert.assertEquals") == "third_party"
    analysis.release()


def test_bases_are_repository_classes_or_qualified_externals():
    case = SUITE / "inheritance" / "extends_implements"
    facts = facts_of(case)
    analysis = JavaAnalysis(facts, facts)
    analysis.solve()
    path = "zoo/Dog.java"
    index = next(i for i, d in enumerate(facts[path].definitions) if d.qualname == "Dog")
    bases = analysis.bases_of(path, index)
    assert bases[0][0] == "d" and facts[bases[0][1]].definitions[bases[0][2]].qualname == "Animal"
    assert ("e", "java.lang.Comparable") in bases and ("e", "java.io.Serializable") in bases
    analysis.release()


def test_overloads_are_chosen_by_argument_types_and_specificity():
    case = SUITE / "overloads" / "by_argument_types"
    facts = facts_of(case)
    analysis = JavaAnalysis(facts, facts)
    analysis.solve()
    path = "ov4/Pick.java"
    definitions = facts[path].definitions
    chosen = {(edge.line, edge.col): definitions[edge.target[2]].signature for edge in analysis.calls_of(path)}
    assert chosen == {
        (36, 8): "static void f(Animal a)",
        (37, 8): "static void f(Dog d)",  # the most specific
        (38, 8): "static void f(Dog d)",
        (38, 14): "static class Dog extends Animal",  # `new Dog()`: no constructor declared
        (39, 8): "static void g(int x)",
        (40, 8): "static void g(long x)",
        (41, 8): "static void g(Object o)",
        (42, 8): "static void g(Object o)",  # subtyping before unboxing
        (43, 8): "static void h(String s)",  # the declared result of name()
        (43, 10): "static String name()",
        (44, 8): "static void h(Integer i)",
        (45, 8): "static void h(String s)",  # a string concatenation
    }
    analysis.release()


def test_booleans_lambdas_and_primitive_fields_select_overloads():
    case = SUITE / "overloads" / "lambdas_booleans_primitives"
    facts = facts_of(case)
    analysis = JavaAnalysis(facts, facts)
    analysis.solve()
    path = "ov5/Check.java"
    definitions = facts[path].definitions
    chosen = [definitions[edge.target[2]].signature for edge in analysis.calls_of(path)]
    assert chosen == [
        "static void check(boolean ok)",
        "static void check(boolean ok, String message)",
        "static void check(boolean ok, Supplier<String> message)",  # a lambda is no String
        "static void index(int i, int n)",  # `size` is an int field
        "static void index(long i, long n)",
    ]
    analysis.release()


def test_a_class_declared_twice_resolves_to_nothing_and_files_keep_unique_module_names():
    one = b"package p; public class A { int n; void f() { this.g(); g(); n++; } void g() { } }"
    user = b"package q; import p.A; class U { void h(A a) { a.g(); new A(); } }"
    sources = {"one/p/A.java": one, "two/p/A.java": one, "q/U.java": user}
    facts = {path: extract_java(source, path, path) for path, source in sources.items()}
    analysis = JavaAnalysis(facts, facts)
    analysis.solve()
    assert {analysis.module_name(path) for path in facts} == {"one.p.A", "two.p.A", "q.U"}
    assert all(not analysis.calls_of(path) for path in facts)
    assert analysis.call_site_counts() == {"unresolved": 6}
    (imp,) = facts["q/U.java"].imports
    assert analysis.import_targets("q/U.java", imp) == [("m", "one/p/A.java"), ("m", "two/p/A.java")]
    analysis.release()


def test_calls_from_and_to_overloads_join_the_right_nodes():
    facts = facts_of(SUITE / "overloads" / "by_arity")
    builder = GraphBuilder("r", facts)
    result = builder.build(node_files=facts, edge_files=facts)
    builder.close()
    lines = {
        row["id"]: row["start_line"] for rows in result.batch.nodes.values() for row in rows if "start_line" in row
    }
    calls = sorted((lines[e.src], lines[e.dst]) for e in result.batch.edges if e.type == "CALLS")
    # print() -> print(String) -> print(String, int); use() calls each overload and emit(int)
    assert calls == [(4, 8), (8, 12), (15, 4), (15, 8), (15, 12), (15, 22)]


@pytest.mark.skipif(shutil.which("javac") is None, reason="javac is not installed")
def test_every_case_is_a_valid_java_program(tmp_path):
    """The suite holds only programs javac accepts."""
    failures = []
    for case in cases():
        sources = [str(path) for path in sorted(case.rglob("*.java"))]
        out = tmp_path / case.parent.name / case.name
        done = subprocess.run(["javac", "-d", str(out), *sources], capture_output=True, text=True)
        if done.returncode:
            failures.append((suites.name_of(case), done.stderr[-500:]))
    assert failures == []


if __name__ == "__main__":  # pragma: no cover - a report: python -m tests.unit.test_java_suite
    suites.report("java_suite")
