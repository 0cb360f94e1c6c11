"""The Rust extractor, specified by examples: definitions, spans, signatures, docs, metrics,
imports, calls, typing facts, syntax errors, and input that must never make it raise."""

from __future__ import annotations

import textwrap

from codeintel.languages.rust import extract_rust
from codeintel.languages.rust.extractor import EXTRACTOR_VERSION
from codeintel.model import CallSite, FunctionMetrics, Import, Span


def facts_of(source: str, path: str = "src/lib.rs"):
    return extract_rust(textwrap.dedent(source).encode(), path, "hash")


def by_qualname(facts):
    return {d.qualname: d for d in facts.definitions}


ITEMS = """\
//! The crate's doc,
//! on two lines.

/// A point.
#[derive(Debug, Clone)]
pub struct Point<T> {
    x: T,
}

enum Shape { Circle(f64) }
union Bits { i: u32 }
type Id = u64;

trait Named: Clone + std::fmt::Debug {
    fn name(&self) -> String;
    /** The greeting. */
    fn greet(&self) -> String {
        self.name()
    }
}

impl<T> Point<T> {
    pub fn new(x: T) -> Self {
        Point { x }
    }
}

impl Named for Point<u8> {
    fn name(&self) -> String {
        String::new()
    }
}

mod inner {
    pub fn f() {}
    mod deeper {
        fn g() {}
    }
}

fn outer() {
    fn nested() {}
    let c = |x: i32| x + 1;
}
"""


def test_items_become_definitions_with_kinds_type_kinds_and_qualnames():
    facts = facts_of(ITEMS)
    found = [(d.kind, d.type_kind, d.qualname, d.parent) for d in facts.definitions]
    assert found == [
        ("class", "struct", "Point", ""),
        ("class", "enum", "Shape", ""),
        ("class", "union", "Bits", ""),
        ("class", "type", "Id", ""),
        ("class", "trait", "Named", ""),
        ("method", None, "Named.greet", "Named"),
        ("method", None, "Point.new", "Point"),
        ("method", None, "Point.name", "Point"),
        ("class", "module", "inner", ""),
        ("function", None, "inner.f", "inner"),
        ("class", "module", "inner.deeper", "inner"),
        ("function", None, "inner.deeper.g", "inner.deeper"),
        ("function", None, "outer", ""),
        ("function", None, "outer.nested", "outer"),
    ]


def test_docs_attributes_signatures_spans_and_bases():
    facts = facts_of(ITEMS)
    defs = by_qualname(facts)
    assert facts.module_docstring == "The crate's doc,\non two lines."
    point = defs["Point"]
    assert point.docstring == "A point."
    assert point.decorators == ("derive(Debug, Clone)",)
    assert point.signature == "pub struct Point<T>"
    assert point.span == Span(6, 0, 8, 1)
    assert defs["Named"].bases == ("Clone", "std::fmt::Debug")
    assert defs["Named.greet"].docstring == "The greeting."
    assert defs["Point.new"].signature == "pub fn new(x: T) -> Self"
    assert defs["Id"].signature == "type Id = u64;"
    assert defs["inner"].signature == "mod inner"


def test_impl_and_trait_facts_are_flows():
    facts = facts_of(ITEMS)
    index = {d.qualname: i for i, d in enumerate(facts.definitions)}
    assert ("impl", "", "Point", "", 22) in facts.flows
    assert ("impl", "", "Point", "Named", 28) in facts.flows
    assert ("impl_fn", index["Point.new"], "Point", "", 22) in facts.flows
    assert ("impl_fn", index["Point.name"], "Point", "Named", 28) in facts.flows
    assert ("returns", index["Point.new"], "Self") in facts.flows
    assert ("field", "Point", "x", "T") in facts.flows


def test_two_impls_giving_a_type_the_same_method_name_give_two_definitions():
    facts = facts_of(
        """
        struct P;
        trait A { fn f(&self); }
        trait B { fn f(&self); }
        impl A for P { fn f(&self) {} }
        impl B for P { fn f(&self) {} }
        """
    )
    assert [d.qualname for d in facts.definitions if d.kind == "method"] == ["P.f", "P.f"]


def test_metrics_count_branches_match_arms_beyond_the_first_and_the_question_mark():
    facts = facts_of(
        """
        fn f(a: i32, b: &mut Vec<i32>) -> Result<i32, String> {
            if a > 0 && a < 10 {
                for x in b.iter() {
                    while *x > 0 {
                        loop { break; }
                    }
                }
            } else if a < 0 {
                return Err(String::new());
            }
            let v = g()?;
            match v {
                1 => Ok(1),
                2 | 3 => Ok(2),
                _ => Ok(3),
            }
        }
        """
    )
    (f,) = facts.definitions
    # 1 + if + && + for + while + else-if + ? + 2 arms beyond the first
    # cognitive: if 1, && 1, for 2, while 3, loop 4, else if 1, match 1 = 13 (`?` adds nothing)
    assert f.metrics == FunctionMetrics(lines=17, cyclomatic=9, parameters=2, max_nesting=4, cognitive=13)


def test_self_is_not_a_parameter_and_nested_functions_count_for_themselves():
    facts = facts_of(
        """
        struct S;
        impl S {
            fn m(&self, x: u8) -> u8 {
                fn inner(y: u8) -> u8 { if y > 0 { 1 } else { 0 } }
                inner(x)
            }
        }
        """
    )
    defs = by_qualname(facts)
    assert defs["S.m"].metrics.parameters == 1
    assert defs["S.m"].metrics.cyclomatic == 1
    assert defs["S.m.inner"].metrics.cyclomatic == 2


def test_use_trees_flatten_to_one_import_per_bound_name():
    facts = facts_of(
        """
        use crate::a::b::{C, d as e, self};
        use super::x;
        use std::collections::*;
        pub use self::y::{z::{w}};
        extern crate alloc as heap;
        fn f() { use std::mem::swap; }
        """
    )
    assert facts.imports == [
        Import(module="crate::a::b::C", line=2, name="C"),
        Import(module="crate::a::b::d", line=2, name="d", alias="e"),
        Import(module="crate::a::b", line=2, name="b"),
        Import(module="super::x", line=3, name="x"),
        Import(module="std::collections", line=4, name="*"),
        Import(module="self::y::z::w", line=5, name="w"),
        Import(module="alloc", line=6, name="alloc", alias="heap"),
        Import(module="std::mem::swap", line=7, name="swap", scope="f"),
    ]


def test_calls_are_written_with_argument_lists_reduced_and_generics_dropped():
    facts = facts_of(
        """
        fn f(x: S) {
            g();
            a::b::<u8>::h();
            Vec::<u8>::new();
            Self::new();
            <T as Tr>::m(&x);
            x.m::<u8>();
            self.field.m();
            S::new().m();
            k()?.m();
            xs[0].m();
            (self.callback)(1);
        }
        """
    )
    assert [c.callee for c in facts.calls] == [
        "g",
        "a::b::h",
        "Vec::new",
        "Self::new",
        "<T as Tr>::m",
        "x.m",
        "self.field.m",
        "S::new().m",
        "S::new",
        "k()?.m",
        "k",
        "xs[].m",
        "(self.callback)",
    ]
    assert facts.calls[0] == CallSite("g", 3, 4, "f")


def test_calls_in_macro_arguments_are_read_with_their_positions():
    facts = facts_of(
        """
        fn f() {
            println!("{} {}", g(1), x.m());
            assert_eq!(vec![h(), 2], format!("{}", k()));
        }
        """
    )
    assert sorted((c.callee, c.line, c.col) for c in facts.calls) == [
        ("g", 3, 22),
        ("h", 4, 20),
        ("k", 4, 43),
        ("x.m", 3, 28),
    ]


def test_items_inside_macros_among_items_are_read_where_they_are_written():
    facts = facts_of(
        """
        cfg_net! {
            #[path = "tcp_impl.rs"]
            pub mod tcp;
            pub use tcp::TcpStream;
            impl Conn {
                cfg_io! {
                    /// Reads.
                    pub fn read(&self) { helper(); }
                }
            }
        }
        getter!(answer, 42);
        """
    )
    assert ("mod", "", "tcp", "tcp_impl.rs", 4) in facts.flows
    assert facts.imports == [Import(module="tcp::TcpStream", line=5, name="TcpStream")]
    (read,) = facts.definitions
    assert (read.qualname, read.kind, read.docstring, read.span.start_line) == ("Conn.read", "method", "Reads.", 9)
    assert facts.calls == [CallSite("helper", 9, 33, "Conn.read")]


def test_typing_facts_of_parameters_lets_and_bounds():
    facts = facts_of(
        """
        fn f<T: Tr>(a: &mut S, b: Box<dyn Tr>, c: Option<S>, t: T) where T: Other {
            let x: S = make();
            let y = S::new();
            let z = S { n: 1 };
        }
        """
    )
    flows = set(facts.flows)
    assert {
        ("var", "f", "a", "S", 2),
        ("var", "f", "b", "dyn Tr", 2),
        ("var", "f", "c", "?S", 2),
        ("var", "f", "t", "T", 2),
        ("bound", "f", "T", "Tr"),
        ("bound", "f", "T", "Other"),
        ("var", "f", "x", "S", 3),
        ("var_expr", "f", "y", "S::new()", 4),
        ("var_expr", "f", "z", "S{}", 5),
    } <= flows
    assert facts.scopes["f"][0] == ("a", "b", "c", "t", "x", "y", "z")


def test_typing_facts_of_collections_option_bindings_and_aliases():
    facts = facts_of(
        """
        type Ref<'a> = &'a Point;
        fn f(xs: &[Item], v: Vec<Box<Item>>, o: Option<Item>) {
            for x in &xs {}
            v.iter().map(|y| y.price());
            if let Some(a) = &o {}
            while let Some(b) = v.pop() {}
            match o { Some(c) => {}, None => {} }
            let Ok(d) = g() else { return };
        }
        """
    )
    flows = set(facts.flows)
    assert {
        ("alias", "Ref", "Point"),
        ("var", "f", "xs", "[]Item", 3),
        ("var", "f", "v", "[]Item", 3),
        ("var_elem", "f", "x", "xs", 4),
        ("var_elem", "f", "y", "v.iter()", 5),
        ("var_some", "f", "a", "o", 6),
        ("var_some", "f", "b", "v.pop()", 7),
        ("var_some", "f", "c", "o", 8),
        ("var_some", "f", "d", "g()", 9),
    } <= flows
    assert {"x", "y", "a", "b", "c", "d"} <= set(facts.scopes["f"][0])


def test_mod_declarations_are_flows_not_definitions():
    facts = facts_of('mod net;\n#[path = "other.rs"]\nmod other;\n')
    assert facts.definitions == []
    assert [f for f in facts.flows if f[0] == "mod"] == [("mod", "", "net", "", 1), ("mod", "", "other", "other.rs", 3)]


def test_syntax_errors_are_counted_and_what_parses_is_kept():
    facts = facts_of("fn ok() {}\nfn broken( {\n")
    assert facts.syntax_errors >= 1
    assert facts.error is None
    assert "ok" in by_qualname(facts)


def test_garbage_deep_nesting_and_huge_input_never_raise():
    nested_macros = b"fn f() { " + b"a!(x(), " * 3000 + b"g()" + b")" * 3000 + b"; }"  # each parsed again: bounded
    nested_item_macros = b"m!{ " * 3000 + b"fn f() {}" + b"}" * 3000
    for source in (
        b"\x00\xff\xfe" * 1000,
        b"fn f() {" + b"(" * 10_000 + b")" * 10_000 + b"}",
        b"{" * 20_000,
        nested_macros,
        nested_item_macros,
    ):
        facts = extract_rust(source, "x.rs", "h")
        assert facts.error is None
        assert facts.extractor_version == EXTRACTOR_VERSION
    big = b"fn f() { g(); }\n" * 50_000
    assert len(extract_rust(big, "big.rs", "h").calls) == 50_000


def test_a_failure_is_reported_not_raised():
    facts = extract_rust(None, "x.rs", "h")  # type: ignore[arg-type]
    assert facts.error is not None and facts.error.startswith("extraction failed")
