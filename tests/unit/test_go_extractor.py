"""The Go extractor on a hand-written file: definitions, spans, signatures, doc comments,
metrics, imports, call sites and typing facts; broken input gives partial facts."""

from __future__ import annotations

from codeintel.languages.go import extract_go
from codeintel.model import FunctionMetrics, Span

SOURCE = b"""// Package shop sells things.
package shop

import (
	"fmt"
	str "strings"
	_ "embed"

	"example.com/shop/store/v2"
)

// Item is one thing for sale.
// It has a price.
type Item struct {
	Base
	*store.Record
	Name  string
	price int
}

type (
	// Pricer prices.
	Pricer interface {
		Price() int
	}
	Cents int
)

type Alias = Item

// Price returns the price.
func (i *Item) Price() int {
	return i.price
}

func Total(items []Item, discount func(int) int, extra ...int) (sum int, err error) {
	for _, it := range items {
		if it.price > 0 && discount != nil || len(extra) > 0 {
			switch {
			case it.price > 100:
				sum += discount(it.Price())
			default:
				sum += it.Price()
			}
		}
	}
	fmt.Println(str.ToUpper("total"))
	go func() { audit(sum) }()
	defer store.Flush()
	return sum, nil
}

func audit(n int) {
	item := &Item{}
	cart := NewCart()
	var p Pricer
	b := new(Item)
	_, _, _ = item, cart, p
	_ = b
}

func init() {}
"""


def facts():
    return extract_go(SOURCE, "shop/shop.go", "h")


def by_qualname():
    return {d.qualname: d for d in facts().definitions}


def test_definitions_are_functions_methods_and_named_types():
    kinds = {d.qualname: (d.kind, d.parent) for d in facts().definitions}
    assert kinds == {
        "Item": ("class", ""),
        "Pricer": ("class", ""),
        "Cents": ("class", ""),
        "Item.Price": ("method", "Item"),
        "Total": ("function", ""),
        "audit": ("function", ""),
        "init": ("function", ""),
    }


def test_spans_are_one_based_lines_of_the_declaration():
    defs = by_qualname()
    assert defs["Item"].span == Span(14, 0, 19, 1)
    assert defs["Pricer"].span.start_line == 23  # a spec inside a `type (...)` group
    assert defs["Item.Price"].span == Span(32, 0, 34, 1)


def test_signatures_are_the_header_on_one_line():
    defs = by_qualname()
    assert defs["Item.Price"].signature == "func (i *Item) Price() int"
    assert defs["Total"].signature == (
        "func Total(items []Item, discount func(int) int, extra ...int) (sum int, err error)"
    )
    assert defs["Item"].signature == "type Item struct"
    assert defs["Cents"].signature == "type Cents int"


def test_doc_comments_are_the_comment_block_right_above():
    defs = by_qualname()
    assert defs["Item"].docstring == "Item is one thing for sale.\nIt has a price."
    assert defs["Item.Price"].docstring == "Price returns the price."
    assert defs["Pricer"].docstring == "Pricer prices."
    assert defs["Total"].docstring is None
    assert facts().module_docstring == "Package shop sells things."


def test_struct_bases_are_the_embedded_types_as_written():
    assert by_qualname()["Item"].bases == ("Base", "*store.Record")


def test_metrics_count_decisions_parameters_and_nesting():
    defs = by_qualname()
    # for, if, &&, ||, one case (default adds nothing)
    # cognitive: for 1, if 2 (in the for), `&& ||` 2 (two runs), switch 3 (for > if) = 8
    assert defs["Total"].metrics == FunctionMetrics(lines=16, cyclomatic=6, parameters=3, max_nesting=3, cognitive=8)
    assert defs["Item.Price"].metrics == FunctionMetrics(
        lines=3, cyclomatic=1, parameters=0, max_nesting=0, cognitive=0
    )
    assert defs["Item"].metrics is None


def test_imports_bind_the_alias_or_the_package_name():
    imports = [(i.module, i.bound_name, i.line) for i in facts().imports]
    assert imports == [
        ("fmt", "fmt", 5),
        ("strings", "str", 6),
        ("embed", "_", 7),
        ("example.com/shop/store/v2", "store", 9),
    ]


def test_call_sites_are_written_callees_in_their_enclosing_definition():
    calls = [(c.callee, c.scope) for c in facts().calls if c.scope == "Total"]
    assert calls == [
        ("len", "Total"),
        ("discount", "Total"),
        ("it.Price", "Total"),
        ("it.Price", "Total"),
        ("fmt.Println", "Total"),
        ("str.ToUpper", "Total"),
        ("func", "Total"),
        ("audit", "Total"),  # inside the goroutine's function literal
        ("store.Flush", "Total"),
    ]


def test_typing_facts_for_the_resolver():
    flows = set(facts().flows)
    assert ("package", "shop") in flows
    assert ("var", "Item.Price", "i", "Item", 0, 0) in flows  # the receiver: the whole method
    assert ("var", "audit", "item", "Item", 53, 60) in flows  # &Item{}, seen in the body's block
    assert ("var", "audit", "b", "Item", 53, 60) in flows  # new(Item)
    assert ("var", "audit", "p", "Pricer", 53, 60) in flows  # var p Pricer
    assert ("var_call", "audit", "cart", "NewCart", 0, 53, 60) in flows
    assert ("var_range", "Total", "it", "items", 1, 37, 46) in flows  # seen in the for statement
    assert ("results", "Total", ("int", "error")) in flows  # named results: their types
    assert ("embed", "Item", "store.Record") in flows
    assert ("field", "Item", "price", "int") in flows
    assert ("typekind", "Pricer", "interface") in flows
    assert "sum" in facts().scopes["Total"][0]


def test_broken_input_gives_partial_facts_and_counts_errors():
    broken = b"package p\n\nfunc ok() { helper() }\n\nfunc bad( {\n\treturn\n\nfunc helper() {}\n"
    result = extract_go(broken, "p/p.go", "h")
    assert result.error is None
    assert result.syntax_errors > 0
    assert "ok" in {d.qualname for d in result.definitions}
    assert ("helper", "ok") in {(c.callee, c.scope) for c in result.calls}


def test_garbage_never_raises():
    for source in (b"", b"\x00\xff\xfe", b"func (", b"package", "package p // \u00e9".encode()):
        result = extract_go(source, "x.go", "h")
        assert result.language == "go"
