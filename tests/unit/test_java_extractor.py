"""The Java extractor, specified by small sources: definitions, kinds, spans, signatures,
Javadoc, annotations, bases, metrics, imports, calls and the typing facts in `flows`."""

from __future__ import annotations

from codeintel.languages.java import extract_java
from codeintel.languages.java.extractor import EXTRACTOR_VERSION
from codeintel.model import Import, Span

SOURCE = b"""/** The shapes package. */
package com.acme.geo;

import java.util.List;
import java.util.*;
import static java.lang.Math.max;
import static com.acme.Util.*;

/**
 * A shape.
 *
 * @author nobody
 */
@Deprecated
@SuppressWarnings("unchecked")
public abstract class Shape<T> extends Base<T> implements Comparable<Shape<T>>, java.io.Serializable {
    static { init(); }

    private final List<String> names = new ArrayList<>();

    /** Makes one. */
    protected Shape(int sides, String... labels) {
        super(sides);
    }

    public abstract double area();

    @Override
    public int compareTo(Shape<T> other) {
        if (other == null || area() < 0) {
            return 0;
        }
        for (String n : names) {
            while (n.isEmpty()) {
                n = n.trim();
            }
        }
        return area() > other.area() ? 1 : -1;
    }

    static class Nested {
        class Inner {
            void run() {
                Runnable r = () -> helper();
                new Thread(new Runnable() {
                    public void run() { helper(); }
                }).start();
            }
        }
    }

    interface Visitor { void visit(Shape<?> s); }

    enum Kind { ROUND, SQUARE; Kind() { } }

    record Pair(int a, int b) { Pair { check(a); } }

    @interface Marker { int value() default 0; }
}
"""


def facts():
    return extract_java(SOURCE, "com/acme/geo/Shape.java", "h")


def by_qualname():
    return {d.qualname: d for d in facts().definitions}


def test_types_of_every_kind_nested_by_qualname():
    kinds = {d.qualname: d.type_kind for d in facts().definitions if d.kind == "class"}
    assert kinds == {
        "Shape": "class",
        "Shape.Nested": "class",
        "Shape.Nested.Inner": "class",
        "Shape.Visitor": "interface",
        "Shape.Kind": "enum",
        "Shape.Pair": "record",
        "Shape.Marker": "annotation",
    }
    assert by_qualname()["Shape.Nested.Inner"].parent == "Shape.Nested"


def test_methods_constructors_and_abstract_methods_are_definitions_anonymous_classes_are_not():
    methods = [d.qualname for d in facts().definitions if d.kind == "method"]
    assert methods == [
        "Shape.Shape",
        "Shape.area",
        "Shape.compareTo",
        "Shape.Nested.Inner.run",
        "Shape.Visitor.visit",
        "Shape.Kind.Kind",
        "Shape.Pair.Pair",
    ]
    assert by_qualname()["Shape.Shape"].parent == "Shape"


def test_spans_signatures_docstrings_decorators_and_bases():
    shape = by_qualname()["Shape"]
    assert shape.span == Span(14, 0, 59, 1)  # annotations included, Javadoc not
    assert shape.signature == (
        "public abstract class Shape<T> extends Base<T> implements Comparable<Shape<T>>, java.io.Serializable"
    )
    assert shape.docstring == "A shape.\n\n@author nobody"
    assert shape.decorators == ("Deprecated", 'SuppressWarnings("unchecked")')
    assert shape.bases == ("Base<T>", "Comparable<Shape<T>>", "java.io.Serializable")
    constructor = by_qualname()["Shape.Shape"]
    assert constructor.signature == "protected Shape(int sides, String... labels)"
    assert constructor.docstring == "Makes one."
    assert by_qualname()["Shape.compareTo"].decorators == ("Override",)
    assert by_qualname()["Shape.area"].signature == "public abstract double area()"
    assert facts().module_docstring == "The shapes package."


def test_metrics_count_branches_nesting_and_declared_parameters():
    compare = by_qualname()["Shape.compareTo"].metrics
    # if, ||, for-each, while, ?: -> 1 + 5
    assert (compare.lines, compare.cyclomatic, compare.parameters, compare.max_nesting) == (12, 6, 1, 2)
    assert by_qualname()["Shape.Shape"].metrics.parameters == 2
    assert by_qualname()["Shape.Pair.Pair"].metrics.parameters == 2
    assert by_qualname()["Shape.area"].metrics.cyclomatic == 1


def test_switch_cases_count_but_default_does_not():
    source = b"class A { int f(int x) { switch (x) { case 1: return 1; case 2: return 2; default: return 0; } } }"
    (_, f) = extract_java(source, "A.java", "h").definitions
    assert f.metrics.cyclomatic == 3
    assert f.metrics.max_nesting == 1


def test_imports_single_wildcard_and_static():
    result = facts()
    assert result.imports == [
        Import(module="java.util", line=4, name="List"),
        Import(module="java.util", line=5, name="*"),
        Import(module="java.lang.Math", line=6, name="max"),
        Import(module="com.acme.Util", line=7, name="*"),
    ]
    assert ("static_import", 6) in result.flows and ("static_import", 7) in result.flows
    assert ("package", "com.acme.geo") in result.flows


def test_calls_as_written_with_their_scopes():
    calls = [(c.callee, c.scope) for c in facts().calls]
    assert calls == [
        ("init", "Shape"),  # a static initialiser belongs to the class
        ("new ArrayList", "Shape"),  # so does a field initialiser
        ("super", "Shape.Shape"),
        ("area", "Shape.compareTo"),
        ("n.isEmpty", "Shape.compareTo"),
        ("n.trim", "Shape.compareTo"),
        ("area", "Shape.compareTo"),
        ("other.area", "Shape.compareTo"),
        ("helper", "Shape.Nested.Inner.run"),  # in a lambda
        ("new Thread", "Shape.Nested.Inner.run"),
        ("new Runnable", "Shape.Nested.Inner.run"),
        ("helper", "Shape.Nested.Inner.run"),  # in an anonymous class
        ("new Thread().start", "Shape.Nested.Inner.run"),
        ("check", "Shape.Pair.Pair"),
    ]


def test_call_positions_are_the_method_names():
    source = b"class A { void f() { a.b(1).c(); } }"
    calls = extract_java(source, "A.java", "h").calls
    assert [(c.callee, c.line, c.col) for c in calls] == [("a.b", 1, 23), ("a.b().c", 1, 28)]


def test_receivers_casts_references_and_enum_constants():
    source = b"""class A {
    enum E { X(1); E(int v) { } }
    void f(Object o) {
        ((A) o).g();
        "s".length();
        xs[0].h();
        Runnable r = A::g;
        java.util.function.Supplier<A> s = A::new;
        this.g();
        super.toString();
    }
    void g() { }
}
"""
    calls = [c.callee for c in extract_java(source, "A.java", "h").calls]
    assert calls == ["new A.E", "(A).g", '"".length', "xs[].h", "A::g", "A::new", "this.g", "super.toString"]


def test_typing_facts_for_the_resolver():
    source = b"""package p;
class A {
    private B b;
    int[] counts;
    B make(String s, int n) { return null; }
    void f(C c) {
        var x = new D();
        E e = null;
        for (F item : items) { }
        if (c instanceof G g) { }
        try (H h = open()) { } catch (java.io.IOException ex) { }
        run(1, "s", x, null, 2.0f, -3L, a.b(), "a" + x, (T) y, this.z, () -> 1, x > 1, x * 2);
    }
}
"""
    flows = extract_java(source, "p/A.java", "h").flows
    assert ("field", "A", "b", "B") in flows
    assert ("field", "A", "counts", "int[]") in flows
    assert ("sig", 1, 2, False, "B", ("String", "int")) in flows
    assert ("var", "A.f", "c", "C", 6, 13) in flows  # a parameter: its method's lines
    assert ("var_expr", "A.f", "x", "new D()", 6, 13) in flows
    assert ("var", "A.f", "e", "E", 6, 13) in flows
    assert ("var", "A.f", "item", "F", 9, 9) in flows
    assert ("var", "A.f", "g", "G", 6, 13) in flows
    assert ("var", "A.f", "h", "H", 11, 11) in flows
    assert ("var", "A.f", "ex", "java.io.IOException", 11, 11) in flows
    arguments = ("#int", "#String", "x", "#null", "#float", "#long", "a.b()", "#String", "(T)", "this.z")
    assert ("args", 12, 8, 13, (*arguments, "#lambda", "#boolean", "")) in flows


def test_anonymous_class_bodies_are_recorded_with_their_base_and_methods():
    source = b"class A { void f() { new Base() { void g() { } void h() { } }; } }"
    flows = extract_java(source, "A.java", "h").flows
    assert ("anon", "A.f", 1, 1, "Base", ("g", "h")) in flows


def test_type_parameters_and_their_one_bound():
    source = b"class A<T extends Entity, U> { <R extends B & C> R m() { return null; } }"
    flows = extract_java(source, "A.java", "h").flows
    assert [f for f in flows if f[0] == "tparam"] == [
        ("tparam", "A", "T", "Entity"),
        ("tparam", "A", "U", ""),
        ("tparam", "A.m", "R", ""),
    ]


def test_file_without_package_and_version():
    result = extract_java(b"class A { }", "A.java", "h")
    assert not [f for f in result.flows if f[0] == "package"]
    assert result.language == "java" and result.extractor_version == EXTRACTOR_VERSION
    assert result.lines == 1 and result.size == 11


def test_syntax_errors_are_counted_and_the_rest_still_extracted():
    result = extract_java(b"class A { void f() { g(; } void h() { k(); } }", "A.java", "h")
    assert result.syntax_errors >= 1
    assert "A.h" in [d.qualname for d in result.definitions]
    assert result.error is None


def test_garbage_and_deep_nesting_never_raise():
    for source in (b"\x00\xff\xfe" * 1000, bytes(range(256)) * 50, b"class {{{{", b""):
        result = extract_java(source, "x.java", "h")
        assert result.error is None
    deep = b"class A { void f() { int x = " + b"(" * 10_000 + b"1" + b")" * 10_000 + b"; } }"
    assert extract_java(deep, "A.java", "h").error is None
    nested = b"class A { void f() { " + b"if (x) { " * 3000 + b"g();" + b"}" * 3000 + b" } }"
    result = extract_java(nested, "A.java", "h")
    assert result.error is None


def test_an_unexpected_failure_is_reported_not_raised():
    result = extract_java("not bytes", "A.java", "h")  # type: ignore[arg-type]
    assert result.error is not None and result.error.startswith("extraction failed")
