"""The C++ extractor on a hand-written file: definitions, kinds, spans, signatures, doc
comments, metrics, includes, call sites and typing facts; broken input gives partial facts."""

from __future__ import annotations

from codeintel.languages.cpp import extract_cpp
from codeintel.languages.cpp.extractor import normalise_type
from codeintel.model import FunctionMetrics, Span

SOURCE = b"""// Shapes and their registry.
// Second line of the file comment.

#include <vector>
#include "shape.hpp"

namespace geo {

/// A shape with an area.
template <typename T>
class Shape : public Base<T>, protected ns::Named {
public:
    Shape() = default;
    explicit Shape(int sides) : sides_(sides) {}
    virtual ~Shape() {}
    virtual double area() const = 0;
    int sides() const { return sides_; }
    Shape& operator+=(const Shape& other) { return *this; }

private:
    int sides_ = 0;
    Registry* registry_;
};

enum class Color { Red, Green };
union Value { int i; float f; };
struct Point { int x; int y; };

namespace {
int hidden() { return 1; }
}  // namespace

namespace inner {
// Count the things,
// carefully.
int count(const std::vector<int>& items, Registry& reg, int limit = 10, ...) {
    int n = 0;
    for (int i : items) {
        if (i > 0 && i < limit || i == -1) {
            switch (i) {
                case 1: n++; break;
                case 2: n += 2; break;
                default: break;
            }
        }
    }
    while (n > 100) { n--; }
    try { reg.flush(); } catch (...) { n = -1; }
    auto twice = [&](int x) { return helper(x) ? x : 2 * x; };
    return n + twice(n);
}
}  // namespace inner

}  // namespace geo

void geo::Registry::add(Shape<int>* s) {
    Shape<int> local(3);
    auto owned = std::make_unique<Point>();
    auto made = geo::make(1, 2);
    this->store(s);
    s->area();
    registry_->items.push_back(s);
    new Point{1, 2};
    std::sort(items.begin(), items.end());
    ::global();
    f<int>(1, 2);
}

static int file_only() { return 0; }
"""


def facts():
    return extract_cpp(SOURCE, "src/shape.cpp", "h")


def by_qualname():
    return {d.qualname: d for d in facts().definitions}


def test_definitions_in_source_order_with_kinds_and_type_kinds():
    got = [(d.qualname, d.kind, d.type_kind) for d in facts().definitions]
    assert got == [
        ("geo", "class", "namespace"),
        ("geo.Shape", "class", "class"),
        ("geo.Shape.Shape", "method", None),
        ("geo.Shape.~Shape", "method", None),
        ("geo.Shape.sides", "method", None),
        ("geo.Shape.operator+=", "method", None),
        ("geo.Color", "class", "enum"),
        ("geo.Value", "class", "union"),
        ("geo.Point", "class", "struct"),
        ("geo.hidden", "function", None),
        ("geo.inner", "class", "namespace"),
        ("geo.inner.count", "function", None),
        ("geo.Registry.add", "method", None),
        ("file_only", "function", None),
    ]


def test_parents_name_the_class_even_for_an_out_of_line_method():
    found = by_qualname()
    assert found["geo.Shape.sides"].parent == "geo.Shape"
    assert found["geo.Registry.add"].parent == "geo.Registry"
    assert found["geo.Shape"].parent == "geo"
    assert found["geo.inner.count"].parent == ""  # free functions: namespaced by qualname


def test_bodiless_declarations_and_lambdas_are_not_definitions():
    names = set(by_qualname())
    assert "geo.Shape.area" not in names  # pure virtual
    assert not any("twice" in name or "lambda" in name for name in names)


def test_spans_signatures_and_bases():
    found = by_qualname()
    shape = found["geo.Shape"]
    assert shape.span == Span(10, 0, 23, 1)  # from `template <typename T>`
    assert shape.signature == "class Shape : public Base<T>, protected ns::Named"
    assert shape.bases == ("Base<T>", "ns::Named")
    assert found["geo.Shape.Shape"].signature == "explicit Shape(int sides)"
    assert found["geo.Registry.add"].signature == "void geo::Registry::add(Shape<int>* s)"
    assert found["geo.Color"].signature == "enum class Color"


def test_doc_comments_and_the_file_comment():
    result = facts()
    found = by_qualname()
    assert result.module_docstring == "Shapes and their registry.\nSecond line of the file comment."
    assert found["geo.Shape"].docstring == "A shape with an area."
    assert found["geo.inner.count"].docstring == "Count the things,\ncarefully."
    assert found["geo.Shape.sides"].docstring is None


def test_metrics_count_branches_and_nesting_of_the_function_only():
    count = by_qualname()["geo.inner.count"]
    # for, if, &&, ||, case, case, while, catch, ?: (in the lambda) -> 1 + 9
    # cognitive: for 1, if 2, `&& ||` 2, switch 3, while 1, catch 1, ?: 2 (the lambda nests) = 12
    assert count.metrics == FunctionMetrics(lines=16, cyclomatic=10, parameters=3, max_nesting=3, cognitive=12)
    assert by_qualname()["geo.Shape.sides"].metrics == FunctionMetrics(1, 1, 0, 0, 0)


def test_includes_record_the_spec_and_its_form():
    got = [(i.module, i.level, i.name, i.line) for i in facts().imports]
    assert got == [("vector", 0, None, 4), ("shape.hpp", 1, None, 5)]


def test_call_sites_as_written_with_constructions():
    got = [(c.callee, c.scope) for c in facts().calls]
    assert got == [
        ("sides_", "geo.Shape.Shape"),
        ("reg.flush", "geo.inner.count"),
        ("helper", "geo.inner.count"),
        ("twice", "geo.inner.count"),
        ("Shape", "geo.Registry.add"),
        ("std::make_unique", "geo.Registry.add"),
        ("geo::make", "geo.Registry.add"),
        ("this->store", "geo.Registry.add"),
        ("s->area", "geo.Registry.add"),
        ("registry_->items.push_back", "geo.Registry.add"),
        ("new Point", "geo.Registry.add"),
        ("std::sort", "geo.Registry.add"),
        ("items.begin", "geo.Registry.add"),
        ("items.end", "geo.Registry.add"),
        ("::global", "geo.Registry.add"),
        ("f", "geo.Registry.add"),
    ]
    flows = facts().flows
    (arities,) = [f[1] for f in flows if f[0] == "arities"]
    assert arities == (1, 0, 1, 1, 1, 0, 2, 1, 0, 1, 2, 2, 0, 0, 0, 2)
    assert ("inits", ((14, 32),)) in flows


def test_typing_facts_for_the_resolver():
    flows = facts().flows
    assert ("var", "geo.inner.count", "reg", "Registry", 36, 51) in flows
    assert ("var", "geo.Registry.add", "local", "Shape", 56, 67) in flows
    assert ("var", "geo.Registry.add", "owned", "Point", 56, 67) in flows
    assert ("var_call", "geo.Registry.add", "made", "geo::make", 56, 67) in flows
    assert ("field", "geo.Shape", "registry_", "Registry") in flows
    assert ("declares", "geo.Shape", "area", 0) in flows
    index = {d.qualname: i for i, d in enumerate(facts().definitions)}
    assert ("internal", index["geo.hidden"]) in flows
    assert ("internal", index["file_only"]) in flows
    assert ("params", index["geo.inner.count"], 2, -1) in flows
    assert "twice" in facts().scopes["geo.inner.count"][0]


def test_using_aliases_and_namespace_aliases_are_flows():
    source = (
        b"using namespace std;\n"
        b"namespace a { using b::c; using T = ns::Klass; typedef Other O; }\n"
        b"namespace z = x::y;\n"
    )
    flows = extract_cpp(source, "u.cpp", "h").flows
    assert ("using_namespace", "", "std") in flows
    assert ("using", "a", "b::c") in flows
    assert ("alias", "a", "T", "ns::Klass") in flows
    assert ("alias", "a", "O", "Other") in flows
    assert ("namespace_alias", "", "z", "x::y") in flows


def test_types_are_normalised_as_written():
    assert normalise_type("const ns::Klass<T>&") == "ns::Klass"
    assert normalise_type("std::unique_ptr<Widget>") == "Widget"
    assert normalise_type("::Global *") == "Global"
    assert normalise_type("const std::vector<const Task*>&") == "[]Task"
    assert normalise_type("std::map<std::string, std::unique_ptr<ns::Task>>") == "{}ns::Task"
    assert normalise_type("std::map<int, std::vector<Task>>") is None  # nested containers: left out
    assert normalise_type("auto") is None
    assert normalise_type("void (*)(int)") is None


def test_syntax_errors_are_counted_and_the_rest_still_extracted():
    result = extract_cpp(
        b"int ok() { return 1; }\nclass Broken { void f( };\nint after() { return ok(); }\n", "b.cpp", "h"
    )
    assert result.error is None
    assert result.syntax_errors > 0
    assert "ok" in {d.qualname for d in result.definitions}


def test_garbage_deep_nesting_and_empty_input_never_raise():
    for source in (b"", b"\\x00\\xff\\xfe" * 1000, b"{" * 10_000, b"(" * 10_000 + b")" * 10_000, "é".encode() * 10):
        result = extract_cpp(source, "g.cpp", "h")
        assert result.error is None
    deep = b"void f() {" + b"if (x) {" * 3000 + b"}" * 3000 + b"}"
    result = extract_cpp(deep, "d.cpp", "h")
    assert result.error is None
    assert result.definitions[0].metrics.max_nesting == 3000


def test_a_failing_extraction_is_reported_not_raised():
    result = extract_cpp(None, "x.cpp", "h")  # type: ignore[arg-type]
    assert result.error is not None and result.error.startswith("extraction failed")


def test_range_for_over_auto_and_structured_bindings_are_flows():
    source = b"void f() { for (auto& t : tasks) {} for (const auto& [k, v] : reg.items()) {} }"
    flows = extract_cpp(source, "r.cpp", "h").flows
    assert ("var_range", "f", "t", "tasks", 1, 1) in flows
    assert ("var_range_value", "f", "v", "reg.items()", 1, 1) in flows


def test_an_export_macro_before_the_class_name_does_not_derail_the_parse():
    source = b"class ARROW_EXPORT Table : public Base {\n public:\n  int rows() { return 0; }\n};\n"
    result = extract_cpp(source, "t.hpp", "h")
    assert [(d.qualname, d.bases) for d in result.definitions] == [("Table", ("Base",)), ("Table.rows", ())]
    assert result.syntax_errors == 0
    assert result.definitions[0].signature == "class ARROW_EXPORT Table : public Base"


def test_casts_are_not_calls():
    source = b"int f(long x) { return static_cast<int>(x) + g(x); }"
    assert [c.callee for c in extract_cpp(source, "c.cpp", "h").calls] == ["g"]


def test_decorators_are_attributes_and_specifiers_as_written():
    source = (
        b"struct A {\n"
        b"  [[nodiscard]] virtual int f() const override { return 1; }\n"
        b"  static inline int g() { return 2; }\n"
        b"  explicit A(int) {}\n"
        b"};\n"
    )
    got = {d.qualname: d.decorators for d in extract_cpp(source, "a.cpp", "h").definitions}
    assert got == {
        "A": (),
        "A.f": ("nodiscard", "virtual", "override"),
        "A.g": ("static", "inline"),
        "A.A": ("explicit",),
    }


def test_first_arguments_of_plain_calls_are_kept_for_argument_dependent_lookup():
    source = b"void f() { describe(p); swap(&a.b, c); g(1); obj.m(x); }"
    flows = extract_cpp(source, "a.cpp", "h").flows
    (first_args,) = [flow[1] for flow in flows if flow[0] == "first_args"]
    assert first_args == ((1, 11, "p"), (1, 24, "a.b"))
