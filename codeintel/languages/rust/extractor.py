"""Rust source bytes -> FileFacts, with tree-sitter queries.

One parse and one query pass per file: the query is the concatenation of the `.scm` files
beside this module; `errors.scm` runs only when the tree reports an error. Macros add work
only where they are: a file with item-level macros that hold items is parsed again with
their wrappers blanked out, and the token trees of macros with calls in their arguments are
parsed on their own (see Calls).

Definitions (qualnames are dotted paths inside the file):
  - `fn f` -> kind "function", qualname `f`; inside an inline module `mod m { fn f }` ->
    `m.f` (parent `m`); an item function nested in a function body -> `f.inner` (parent `f`).
    Closures are not definitions: calls inside one belong to the enclosing function.
  - `impl T { fn m }` and `impl Tr for T { fn m }` -> kind "method", qualname `T.m`, parent
    `T` (the last segment of the impl's self type, generic arguments and `&` dropped:
    `impl<T> Tr for &Stack<T>` -> `Stack`), prefixed by the enclosing module or function
    (`m.T.m`). Two impls that give T a method of the same name (two traits, or cfg'd
    impls) give two definitions with the same qualname; the graph numbers them (`#2`).
  - Trait methods with a default body -> kind "method", `Tr.m`, parent `Tr`; trait methods
    without a body (and `extern` function declarations) are not definitions.
  - `struct`, `enum`, `union`, `trait`, `type` aliases and inline `mod m { ... }` -> kind
    "class" with type_kind "struct", "enum", "union", "trait", "type", "module". Associated
    types inside impls and traits are not definitions; `mod m;` (a module in another file)
    is not a definition but a ("mod", ...) flow.
  - bases: a trait's supertraits as written (`trait A: B + fmt::Debug` -> `B`,
    `fmt::Debug`); which traits a type implements is an ("impl", ...) flow (the analysis
    gives both as the class's bases).

Spans are the item's, without its attributes and doc comments. signature: the header up to
the body on one line (`pub fn get<T: Copy>(&self, i: usize) -> Option<T>`, `pub struct
Stack<T>`, `type Id = u64;`). docstring: the `///` lines (or `/** */` block) above the item,
attributes between them skipped, markers stripped, lines joined with newlines; the file's
leading `//!` lines (or `/*! */`) are the module docstring. decorators: the outer attributes
as written inside `#[...]` (`derive(Debug, Clone)`, `test`, `cfg(test)`).

Metrics (functions and methods): lines of the span; cyclomatic 1 + one per `if` (`if let`
too), `while`, `for`, match arm beyond the first, `&&`, `||` and `?` operator (`loop` is
not a decision; closures count for the enclosing function, nested fn items for
themselves); parameters: declared parameters, `self` not counted; max_nesting: deepest
nesting of if/while/for/loop/match expressions (an `else if` is not one level deeper);
cognitive (codeintel.languages.cognitive): +1 and the nesting level for `if` (`if let`
too), `while` (`while let` too), `for`, `loop` and `match` (as a switch: arms add nothing),
+1 for `else if`, `else`, `break`/`continue` to a label and each run of like `&&`/`||`; `?`
adds nothing; a closure adds nothing but nests what it holds; nested fn items are skipped.

Imports, one per name a `use` tree binds, `::` paths as written: module = the full path of
the imported item (`use crate::a::{B, c as d, self}` -> `crate::a::B` name `B`;
`crate::a::c` name `c` alias `d`; `crate::a` name `a`), a glob `use a::b::*` -> module
`a::b`, name `*`. `extern crate foo as bar;` -> module `foo`, name `foo`, alias `bar`.
scope: the enclosing definition (an inline module's or function's qualname).

Calls: the called expression as written with argument lists reduced to `()` and generic
arguments dropped: `f`, `a::b::f`, `Type::new`, `Self::new`, `<T as Tr>::m`, `self.m`,
`self.field.m`, `x.m`, `Foo::new().m`, `f()?.m` (`?` kept), `x.await.m`, `xs[].m`.
Macros (`println!`, `vec!`, `assert_eq!`) are not calls, but the calls written in their
arguments are: the token tree of a macro invoked in an expression or statement is parsed
again as an array expression `[<tokens>]` (which also reads `vec![x; n]`), and its calls
(and nested macros') are kept with their positions in the file; a token tree that does not
parse cleanly that way (`select! { a = f => ... }`) gives nothing. A macro invoked among
items whose token tree reads cleanly as items (`cfg_net! { pub mod net; impl T { .. } }`,
tokio's and others' `cfg` wrappers) is read as if its items were written there: the wrapper
(`cfg_net! {` and `}`) is blanked out (bytes replaced by spaces, so every position stays
the same) and the file is parsed again, up to three levels of such macros. Other macros'
items (`getter!(answer, 42);`, anything `macro_rules!` generates) are not definitions.

Language-specific facts, in `flows` (tuples, first item the kind; scope = the enclosing
definition's qualname, '' at file level; types are normalised: `&`, `&mut`, lifetimes and
generic arguments dropped, `Box<T>`, `Rc<T>`, `Arc<T>` -> `T` (auto-deref reaches T's
methods), `Option<T>` / `Result<T, E>` -> `?T`, `Vec<T>`, `VecDeque<T>`, sets, `[T]`,
`[T; N]` -> `[]T`, `dyn Tr` / `impl Tr` -> `dyn Tr`, paths kept with `::`, a generic
parameter by its name (`T`, which a "bound" flow explains); other types (tuples, fn
pointers, primitives) are left out):
  ("mod", scope, name, path attribute or "", line)
                                          `mod name;` declared in the file (scope: the
                                          inline module it is written in)
  ("impl", scope, self type, trait or "", line)
                                          an impl block (trait as written, generics dropped)
  ("impl_fn", definition index, self type, trait or "", impl line)
                                          a method defined in an impl block (the line of
                                          the block's `impl` tells blocks apart)
  ("var", scope, name, type, line)        a parameter or `let x: T` (line: where it is seen
                                          from; parameters: the function's first line)
  ("var_expr", scope, name, expression, line)
                                          `let x = <expression>` written as a callee is
                                          (`Foo::new()`, `T{}`, `a.b()?`)
  ("var_elem", scope, name, expression, line)
                                          `for x in xs` / `for x in &xs` and the one parameter
                                          of a closure passed to an iterator adapter
                                          (`xs.iter().map(|x| ...)`, `filter`, `any`, `find`,
                                          `for_each`...): x is an element of the expression
  ("var_some", scope, name, expression, line)
                                          `if let Some(x) = e`, `while let Ok(x) = e`,
                                          `let Some(x) = e else { .. }`, a match arm `Some(x) =>`
                                          on `match e`: x is what e (an Option/Result) holds
  ("bound", scope, generic name, trait)   `fn f<T: Tr>`, `where T: Tr`, `impl<T: Tr>` (first
                                          trait of each bound)
  ("returns", definition index, type)     a function's declared return type
  ("field", type qualname, name, type)    a struct's named (or tuple: `0`, `1`) field
  ("alias", qualname, type)               `type A = B;`: the aliased type
`scopes` holds, per function qualname, the local names it binds (parameters, `let`,
closure parameters, `for` patterns, `Some(x)` / `Ok(x)` bindings), which shadow items of
the same name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from importlib import resources

import tree_sitter
import tree_sitter_rust

from codeintel.languages.cognitive import CognitiveRules, CognitiveScan
from codeintel.languages.common import (
    MAX_PIECE as _MAX_PIECE,
)
from codeintel.languages.common import (
    Grammar,
    SourceReader,
    count_lines,
    count_syntax_errors,
    failed_extraction,
    max_nesting,
    sorted_captures,
)
from codeintel.model import EXTRACTOR_VERSION as MODEL_EXTRACTOR_VERSION
from codeintel.model import CallSite, Definition, FileFacts, FunctionMetrics, Import

LANGUAGE_NAME = "rust"
EXTRACTOR_VERSION = f"{MODEL_EXTRACTOR_VERSION}+rust-2"
QUERY_FILES = ("definitions.scm", "imports.scm", "calls.scm", "bindings.scm", "metrics.scm")
ERROR_QUERY_FILE = "errors.scm"
MAX_DEPTH = 10_000
_MAX_LINKS = 32
_TYPE_KINDS = {
    "struct_item": "struct",
    "enum_item": "enum",
    "union_item": "union",
    "trait_item": "trait",
    "type_item": "type",
}
COGNITIVE = CognitiveRules(
    structures=("while_expression", "for_expression", "loop_expression", "match_expression"),
    ifs=("if_expression",),
    else_clauses=("else_clause",),
    jumps={"break_expression": ("label",), "continue_expression": ("label",)},
    closures=("closure_expression",),
    definitions=("function_item",),
    logical=("binary_expression",),
    operators={"&&": "&&", "||": "||"},
    parentheses=("parenthesized_expression",),
)
"""Cognitive complexity in Rust (see the module docstring); metrics.scm captures these types."""
_DEREF_WRAPPERS = frozenset(("Box", "Rc", "Arc"))
_SEQUENCES = frozenset(("Vec", "VecDeque", "LinkedList", "HashSet", "BTreeSet", "BinaryHeap"))
_ELEMENT_ADAPTERS = frozenset(
    (
        "map",
        "filter",
        "for_each",
        "any",
        "all",
        "find",
        "position",
        "filter_map",
        "flat_map",
        "take_while",
        "skip_while",
        "inspect",
        "max_by_key",
        "min_by_key",
        "retain",
        "sort_by_key",
        "partition",
    )
)
_FALLIBLE = frozenset(("Option", "Result"))
_NEWLINE = re.compile(rb"\n")
_NOT_NEWLINE = re.compile(rb"[^\n]")
_MACRO_ROUNDS = 3
_MACRO_NESTING = 4
_ITEM_KINDS = frozenset(
    (
        "function_item",
        "function_signature_item",
        "impl_item",
        "struct_item",
        "enum_item",
        "union_item",
        "trait_item",
        "type_item",
        "mod_item",
        "use_declaration",
        "const_item",
        "static_item",
        "extern_crate_declaration",
        "foreign_mod_item",
        "macro_invocation",
        "macro_definition",
        "attribute_item",
        "line_comment",
        "block_comment",
        "associated_type",
    )
)
_MACRO_PREFIX = b"fn f(){["
_MAX_MACROS = 20_000
_MAX_MACRO_BYTES = 100_000
_PATH_HEADS = frozenset(("identifier", "crate", "super", "self", "type_identifier", "metavariable"))


@cache
def runtime() -> Grammar:
    """The cached Parser, Language and Queries of this process."""
    return Grammar(tree_sitter.Language(tree_sitter_rust.language()), __package__, QUERY_FILES, ERROR_QUERY_FILE)


@cache
def _calls_query() -> tree_sitter.Query:
    """The calls query alone, for the token trees of macros parsed again."""
    text = resources.files(__package__).joinpath("calls.scm").read_text(encoding="utf-8")
    return tree_sitter.Query(runtime().language, text)


def extract_rust(source: bytes, path: str, content_hash: str) -> FileFacts:
    """Extract definitions, imports, calls, metrics and typing facts from one Rust file.

    Never raises: syntax errors are counted in `syntax_errors` and everything recoverable
    is still extracted; an unexpected failure is reported in `FileFacts.error`.
    """
    try:
        return _Extraction(source).facts(path, content_hash)
    except Exception as exc:  # one bad file must not stop a scan
        return failed_extraction(source, path, content_hash, LANGUAGE_NAME, EXTRACTOR_VERSION, exc)


class _Container:
    """An item that encloses others while definitions are read in source order."""

    __slots__ = ("bounds", "end", "full", "kind", "line", "qualname", "trait", "type")

    def __init__(
        self, end: int, kind: str, qualname: str, type_: str = "", trait: str = "", bounds=(), full: str = ""
    ) -> None:
        self.end = end
        self.full = full  # impl: the self type as the resolver reads it
        self.line = 0  # impl: the line of `impl`
        self.kind = kind  # "fn", "trait", "mod", "impl", "type"
        self.qualname = qualname  # for an impl: the qualname of what encloses it
        self.type = type_  # impl: the self type's last segment
        self.trait = trait
        self.bounds = bounds


class _Extraction(SourceReader):
    def __init__(self, source: bytes) -> None:
        self.source = bytes(source)
        rt = runtime()
        self.tree = rt.parser.parse(self.source)
        for _round in range(_MACRO_ROUNDS):  # item macros written inside item macros, a few levels
            blanks = self.item_macro_wrappers(self.tree.root_node)
            if not blanks:
                break
            written = bytearray(self.source)
            newlines = [m.start() for m in _NEWLINE.finditer(self.source)]
            for start, end in blanks:  # same length: an edit of the old tree, parsed incrementally
                written[start:end] = _NOT_NEWLINE.sub(b" ", written[start:end])
                start_point, end_point = _point(newlines, start), _point(newlines, end)
                self.tree.edit(start, end, end, start_point, end_point, end_point)
            self.source = bytes(written)
            self.tree = rt.parser.parse(self.source, self.tree)
        self.root = self.tree.root_node
        self.captures = sorted_captures(rt.query, self.root, MAX_DEPTH)
        self.scope_starts: list[int] = []
        self.scope_ends: list[int] = []
        self.scope_names: list[str] = []
        self.scope_is_function: list[bool] = []
        self.flows: list[tuple] = []

    def item_macro_wrappers(self, root: tree_sitter.Node) -> list[tuple[int, int]]:
        """Byte ranges of the wrappers (`cfg_net! {`, `}`) of macros invoked among items whose
        token tree reads cleanly as items: blanked, the items inside are read where they are."""
        parser = runtime().parser
        found: list[tuple[int, int]] = []
        pending = [(root, 0)]
        budget = _MAX_MACROS
        while pending and budget > 0:
            container, depth = pending.pop()
            for child in container.named_children:
                kind = child.type
                if kind in ("mod_item", "impl_item", "trait_item") and depth < 4:
                    body = child.child_by_field_name("body")
                    if body is not None:
                        pending.append((body, depth + 1))
                    continue
                if kind != "macro_invocation" or not child.named_child_count:
                    continue
                tree_node = child.named_children[-1]
                start, end = tree_node.start_byte + 1, tree_node.end_byte - 1
                if tree_node.type != "token_tree" or end <= start or end - start > _MAX_MACRO_BYTES:
                    continue
                budget -= 1
                inner = parser.parse(self.source[start:end]).root_node
                if inner.has_error or not inner.named_child_count:
                    continue
                if any(item.type not in _ITEM_KINDS for item in inner.named_children):
                    continue
                found.append((child.start_byte, start))
                found.append((end, child.end_byte))
        return found

    # -- helpers ------------------------------------------------------------------------

    def innermost(self, nodes: list[tree_sitter.Node]) -> list[int]:
        """Index of the innermost scope around each node (nodes in source order); -1 for none.
        Scopes nest properly and are sorted by start, so one merge walk with a stack does it."""
        starts, ends = self.scope_starts, self.scope_ends
        count = len(starts)
        out: list[int] = []
        stack: list[int] = []
        j = 0
        for node in nodes:
            position = node.start_byte
            while j < count and starts[j] <= position:
                while stack and ends[stack[-1]] <= starts[j]:
                    stack.pop()
                stack.append(j)
                j += 1
            while stack and ends[stack[-1]] <= position:
                stack.pop()
            out.append(stack[-1] if stack else -1)
        return out

    def path_text(self, node: tree_sitter.Node | None) -> str:
        """A path (`a::b::C`, `crate::x`, `Vec::<T>::new`, `<T as Tr>::m`) with generic arguments dropped."""
        parts: list[str] = []
        current = node
        while current is not None and len(parts) < _MAX_LINKS:
            kind = current.type
            if kind in ("scoped_identifier", "scoped_type_identifier"):
                parts.append(self.text(current.child_by_field_name("name")))
                current = current.child_by_field_name("path")
                if current is None:  # `::name` (a global path)
                    parts.append("")
            elif kind == "generic_type":
                current = current.child_by_field_name("type")
            elif kind == "generic_function":
                current = current.child_by_field_name("function")
            elif kind == "bracketed_type":
                inner = current.named_child(0) if current.named_child_count else None
                if inner is not None and inner.type == "qualified_type":
                    type_ = self.path_text(inner.child_by_field_name("type"))
                    alias = self.path_text(inner.child_by_field_name("alias"))
                    parts.append(f"<{type_} as {alias}>")
                else:
                    parts.append(self.path_text(inner) if inner is not None else "")
                current = None
            elif kind in _PATH_HEADS:
                parts.append(self.text(current))
                current = None
            else:
                parts.append(self.short(current))
                current = None
        return "::".join(reversed(parts))

    def type_name(self, node: tree_sitter.Node | None) -> str | None:
        """A type as the resolver reads it (see the module docstring); None for other types."""
        for _ in range(_MAX_LINKS):
            if node is None:
                return None
            kind = node.type
            if kind in ("type_identifier", "scoped_type_identifier", "scoped_identifier", "identifier"):
                return self.path_text(node)
            if kind in ("reference_type", "pointer_type"):
                node = node.child_by_field_name("type")
            elif kind == "generic_type":
                base = self.path_text(node.child_by_field_name("type"))
                last = base.rpartition("::")[2]
                arguments = node.child_by_field_name("type_arguments")
                first = None
                for child in arguments.named_children if arguments is not None else ():
                    if child.type not in ("lifetime", "type_binding"):
                        first = child
                        break
                if last in _DEREF_WRAPPERS and first is not None:
                    node = first
                elif last in _SEQUENCES and first is not None:
                    inner = self.type_name(first)
                    return "[]" + inner if inner is not None else None
                elif last in _FALLIBLE and first is not None:
                    inner = self.type_name(first)
                    return "?" + inner if inner is not None and not inner.startswith("?") else None
                else:
                    return base
            elif kind in ("dynamic_type", "abstract_type"):
                trait = node.child_by_field_name("trait")
                if trait is not None and trait.type == "trait_bounds":
                    trait = trait.named_child(0) if trait.named_child_count else None
                name = self.type_name(trait) if trait is not None else None
                return "dyn " + name if name is not None and not name.startswith(("?", "dyn ")) else None
            elif kind == "array_type":
                inner = self.type_name(node.child_by_field_name("element"))
                return "[]" + inner if inner is not None else None
            elif kind == "bounded_type":
                node = node.named_child(0) if node.named_child_count else None
            else:
                return None
        return None

    def callee(self, node: tree_sitter.Node) -> str:
        parts: list[str] = []
        current: tree_sitter.Node | None = node
        while current is not None:
            if len(parts) == _MAX_LINKS:
                parts.append("...")
                break
            kind = current.type
            if kind == "field_expression":
                parts.append("." + self.text(current.child_by_field_name("field")))
                current = current.child_by_field_name("value")
            elif kind == "call_expression":
                parts.append("()")
                current = current.child_by_field_name("function")
            elif kind == "generic_function":
                current = current.child_by_field_name("function")
            elif kind == "try_expression":
                parts.append("?")
                current = current.named_child(0) if current.named_child_count else None
            elif kind == "await_expression":
                parts.append(".await")
                current = current.named_child(0) if current.named_child_count else None
            elif kind == "index_expression":
                parts.append("[]")
                current = current.named_child(0) if current.named_child_count else None
            elif kind == "parenthesized_expression" and current.named_child_count == 1:
                inner = current.named_child(0)
                if inner.type in ("field_expression", "identifier"):  # `(self.f)(x)`: a function value
                    parts.append("(" + self.short(inner) + ")")
                    current = None
                else:
                    current = inner
            elif kind == "struct_expression":
                parts.append(self.path_text(current.child_by_field_name("name")) + "{}")
                current = None
            elif kind in ("scoped_identifier", "identifier", "self", "bracketed_type", "generic_type"):
                parts.append(self.path_text(current))
                current = None
            elif kind == "closure_expression":
                parts.append("closure")
                current = None
            else:
                parts.append(self.short(current))
                current = None
        return "".join(reversed(parts))

    def doc_and_attributes(self, node: tree_sitter.Node) -> tuple[str | None, tuple[str, ...]]:
        """The outer doc comment and the outer attributes written above an item."""
        docs: list[str] = []
        attributes: list[str] = []
        previous = node.prev_sibling
        while previous is not None:
            kind = previous.type
            if kind == "attribute_item":
                attribute = previous.named_child(0) if previous.named_child_count else None
                attributes.append(" ".join(self.text(attribute).split()))
            elif kind == "line_comment":
                written = self.text(previous)
                if not written.startswith("///") or written.startswith("////"):
                    break
                docs.append(written[3:].rstrip("\r\n"))
            elif kind == "block_comment":
                written = self.text(previous)
                if not written.startswith("/**") or written.startswith(("/***", "/**/")):
                    break
                docs.append(written)
            else:
                break
            previous = previous.prev_sibling
        attributes.reverse()
        if not docs:
            return None, tuple(attributes)
        return _doc_text(reversed(docs)), tuple(attributes)

    def module_docstring(self) -> str | None:
        docs: list[str] = []
        for child in self.root.children:
            kind = child.type
            if kind == "line_comment":
                written = self.text(child)
                if written.startswith("//!"):
                    docs.append("///" + written[3:].rstrip("\r\n"))
                    continue
                if docs:
                    break
            elif kind == "block_comment":
                written = self.text(child)
                if written.startswith("/*!"):
                    docs.append("/**" + written[3:])
                    continue
                if docs:
                    break
            elif kind == "inner_attribute_item":
                continue
            else:
                break
        if not docs:
            return None
        return _doc_text(doc[3:] if doc.startswith("///") else doc for doc in docs)

    def header(self, node: tree_sitter.Node) -> str:
        body = node.child_by_field_name("body")
        end = body.start_byte if body is not None and body.type != "ordered_field_declaration_list" else node.end_byte
        written = " ".join(self.source[node.start_byte : end].decode("utf-8", "replace").split())
        return written if len(written) <= _MAX_PIECE else written[:_MAX_PIECE] + "..."

    # -- the records --------------------------------------------------------------------

    def facts(self, path: str, content_hash: str) -> FileFacts:
        captures = self.captures
        definitions = self.definitions()
        calls = self.calls(captures.get("call", ()))
        imports = self.imports()
        scopes = self.bindings()
        return FileFacts(
            path=path,
            language=LANGUAGE_NAME,
            content_hash=content_hash,
            extractor_version=EXTRACTOR_VERSION,
            lines=count_lines(self.source),
            size=len(self.source),
            module_docstring=self.module_docstring(),
            definitions=definitions,
            imports=imports,
            calls=calls,
            flows=self.flows,
            scopes=scopes,
            syntax_errors=count_syntax_errors(runtime().error_query, self.root),
        )

    def definitions(self) -> list[Definition]:
        captures = self.captures
        found = [(n, "fn") for n in captures.get("function", ())]
        found += [(n, "type") for n in captures.get("type", ())]
        found += [(n, "mod") for n in captures.get("mod", ())]
        found += [(n, "impl") for n in captures.get("impl", ())]
        found.sort(key=lambda item: item[0].start_byte)
        records: list[Definition] = []
        functions: list[int] = []  # record index of each function scope, in scope order
        function_nodes: list[tree_sitter.Node] = []  # and its node
        stack: list[_Container] = []
        for node, what in found:
            start = node.start_byte
            while stack and stack[-1].end <= start:
                stack.pop()
            top = stack[-1] if stack else None
            prefix = top.qualname if top is not None else ""
            if what == "impl":
                self.impl(node, prefix, stack)
                continue
            if what == "mod":
                self.module(node, prefix, top, records, stack)
                continue
            name = self.text(node.child_by_field_name("name"))
            if what == "type":
                if top is not None and top.kind in ("impl", "trait"):
                    continue  # associated types
                record = self.type_definition(node, name, prefix)
                records.append(record)
                if node.type == "trait_item":
                    stack.append(_Container(node.end_byte, "trait", record.qualname))
                else:
                    stack.append(_Container(node.end_byte, "type", record.qualname))
                continue
            kind, parent, bounds = "function", prefix, ()
            if top is not None and top.kind == "impl" and _in_body_of(node, top):
                kind = "method"
                parent = f"{prefix}.{top.type}" if prefix else top.type
                bounds = top.bounds
            elif top is not None and top.kind == "trait":
                kind = "method"
            elif top is not None and top.kind == "type":
                continue  # a function inside a type's definition (an array length's const block)
            qualname = f"{parent}.{name}" if parent else name
            if kind == "method" and top.kind == "impl":
                self.flows.append(("impl_fn", len(records), top.full, top.trait, top.line))
            functions.append(len(records))
            function_nodes.append(node)
            self.add_scope(node, qualname, True)
            records.append(self.function_definition(node, kind, name, qualname, parent, len(records), bounds))
            stack.append(_Container(node.end_byte, "fn", qualname))
        self.add_metrics(records, functions)
        cognitive = self.cognitive()
        for index, node in zip(functions, function_nodes, strict=True):
            score = cognitive(node.child_by_field_name("body"))
            if score:
                record = records[index]
                records[index] = record._replace(metrics=record.metrics._replace(cognitive=score))
        return records

    def cognitive(self):
        """A function scoring a function body's cognitive complexity, from the nodes with a
        role: the metrics' captures, the functions, and the `@cognitive` ones."""
        roles = COGNITIVE.roles
        captures = self.captures
        nodes = [node for node in captures.get("branch", ()) if node.type in roles]
        nodes += captures.get("nesting", ())
        nodes += captures.get("function", ())
        nodes += captures.get("cognitive", ())
        return CognitiveScan(COGNITIVE, nodes).of

    def add_scope(self, node: tree_sitter.Node, qualname: str, is_function: bool) -> None:
        self.scope_starts.append(node.start_byte)
        self.scope_ends.append(node.end_byte)
        self.scope_names.append(qualname)
        self.scope_is_function.append(is_function)

    def impl(self, node: tree_sitter.Node, prefix: str, stack: list[_Container]) -> None:
        type_node = node.child_by_field_name("type")
        type_ = self.type_name(type_node) or ""
        if type_.startswith("?"):  # `impl Tr for Option<T>`: the impl is for Option itself
            type_ = self.path_text(type_node.child_by_field_name("type")) if type_node is not None else ""
        if type_.startswith("dyn "):
            type_ = type_[4:]
        trait_node = node.child_by_field_name("trait")
        trait = self.path_text(trait_node) if trait_node is not None else ""
        bounds = self.generic_bounds(node)
        self.flows.append(("impl", prefix, type_, trait, node.start_point[0] + 1))
        last = type_.rpartition("::")[2] or "_"
        container = _Container(node.end_byte, "impl", prefix, last, trait, bounds, type_)
        container.line = node.start_point[0] + 1
        stack.append(container)

    def module(
        self,
        node: tree_sitter.Node,
        prefix: str,
        top: _Container | None,
        records: list[Definition],
        stack: list[_Container],
    ) -> None:
        name = self.text(node.child_by_field_name("name"))
        body = node.child_by_field_name("body")
        docstring, attributes = self.doc_and_attributes(node)
        if body is None:
            if top is None or top.kind == "mod":
                path_attribute = ""
                for attribute in attributes:
                    if attribute.startswith("path") and "=" in attribute:
                        path_attribute = attribute.partition("=")[2].strip().strip('"')
                self.flows.append(("mod", prefix, name, path_attribute, node.start_point[0] + 1))
            return
        qualname = f"{prefix}.{name}" if prefix else name
        self.add_scope(node, qualname, False)
        records.append(
            Definition(
                kind="class",
                name=name,
                qualname=qualname,
                parent=prefix,
                span=self.span(node),
                signature=self.header(node),
                decorators=attributes,
                docstring=docstring,
                type_kind="module",
            )
        )
        stack.append(_Container(node.end_byte, "mod", qualname))

    def generic_bounds(self, node: tree_sitter.Node) -> tuple[tuple[str, str], ...]:
        """(generic name, first trait) of `<T: Tr>` and `where T: Tr` of an item."""
        found: list[tuple[str, str]] = []
        parameters = node.child_by_field_name("type_parameters")
        for parameter in parameters.named_children if parameters is not None else ():
            if parameter.type == "type_parameter":
                bounds = parameter.child_by_field_name("bounds")
                trait = self.first_trait(bounds)
                if trait:
                    found.append((self.text(parameter.child_by_field_name("name")), trait))
        for child in node.named_children:
            if child.type != "where_clause":
                continue
            for predicate in child.named_children:
                if predicate.type != "where_predicate":
                    continue
                left = predicate.child_by_field_name("left")
                trait = self.first_trait(predicate.child_by_field_name("bounds"))
                if left is not None and left.type == "type_identifier" and trait:
                    found.append((self.text(left), trait))
        return tuple(found)

    def first_trait(self, bounds: tree_sitter.Node | None) -> str:
        for bound in bounds.named_children if bounds is not None else ():
            if bound.type in ("type_identifier", "scoped_type_identifier", "generic_type"):
                return self.path_text(bound)
        return ""

    def function_definition(
        self,
        node: tree_sitter.Node,
        kind: str,
        name: str,
        qualname: str,
        parent: str,
        index: int,
        bounds: tuple[tuple[str, str], ...],
    ) -> Definition:
        docstring, attributes = self.doc_and_attributes(node)
        line = node.start_point[0] + 1
        parameters = node.child_by_field_name("parameters")
        count = 0
        for parameter in parameters.named_children if parameters is not None else ():
            kind_ = parameter.type
            if kind_ == "parameter":
                count += 1
                pattern = parameter.child_by_field_name("pattern")
                type_ = self.type_name(parameter.child_by_field_name("type"))
                if pattern is not None and pattern.type == "identifier" and type_ is not None:
                    self.flows.append(("var", qualname, self.text(pattern), type_, line))
            elif kind_ in ("variadic_parameter", "_"):
                count += 1
        for generic, trait in bounds + self.generic_bounds(node):
            self.flows.append(("bound", qualname, generic, trait))
        result = node.child_by_field_name("return_type")
        if result is not None:
            type_ = self.type_name(result)
            if type_ is not None:
                self.flows.append(("returns", index, type_))
        modifiers = next((c for c in node.children if c.type == "function_modifiers"), None)
        (start_line, _), (end_line, _) = node.start_point, node.end_point
        return Definition(
            kind=kind,
            name=name,
            qualname=qualname,
            parent=parent,
            span=self.span(node),
            signature=self.header(node),
            decorators=attributes,
            docstring=docstring,
            is_async=modifiers is not None and "async" in self.text(modifiers).split(),
            metrics=FunctionMetrics(lines=end_line - start_line + 1, cyclomatic=1, parameters=count, max_nesting=0),
        )

    def type_definition(self, node: tree_sitter.Node, name: str, prefix: str) -> Definition:
        qualname = f"{prefix}.{name}" if prefix else name
        type_kind = _TYPE_KINDS[node.type]
        docstring, attributes = self.doc_and_attributes(node)
        bases: tuple[str, ...] = ()
        body = node.child_by_field_name("body")
        if type_kind == "trait":
            bounds = node.child_by_field_name("bounds")
            bases = tuple(
                self.path_text(b)
                for b in (bounds.named_children if bounds is not None else ())
                if b.type in ("type_identifier", "scoped_type_identifier", "generic_type")
            )
        elif type_kind in ("struct", "union") and body is not None:
            if body.type == "field_declaration_list":
                for field in body.named_children:
                    if field.type == "field_declaration":
                        type_ = self.type_name(field.child_by_field_name("type"))
                        if type_ is not None:
                            self.flows.append(("field", qualname, self.text(field.child_by_field_name("name")), type_))
            elif body.type == "ordered_field_declaration_list":
                for position, field in enumerate(body.children_by_field_name("type")):
                    type_ = self.type_name(field)
                    if type_ is not None:
                        self.flows.append(("field", qualname, str(position), type_))
        elif type_kind == "type":
            aliased = self.type_name(node.child_by_field_name("type"))
            if aliased is not None:
                self.flows.append(("alias", qualname, aliased))
        signature = self.header(node) if type_kind != "type" else " ".join(self.short(node).split())
        return Definition(
            kind="class",
            name=name,
            qualname=qualname,
            parent=prefix,
            span=self.span(node),
            signature=signature,
            decorators=attributes,
            docstring=docstring,
            bases=bases,
            type_kind=type_kind,
        )

    def add_metrics(self, records: list[Definition], functions: list[int]) -> None:
        # scope index -> record index, for function scopes only
        record_of: dict[int, int] = {}
        position = 0
        for scope, is_function in enumerate(self.scope_is_function):
            if is_function:
                record_of[scope] = functions[position]
                position += 1
        cyclomatic: dict[int, int] = {}
        for key, step in (("branch", 1), ("match_block", -1)):
            nodes = self.captures.get(key, ())
            for node, scope in zip(nodes, self.innermost(nodes), strict=True):
                if scope in record_of:
                    if step < 0 and not node.named_child_count:
                        continue
                    cyclomatic[scope] = cyclomatic.get(scope, 1) + step
        nodes = [n for n in self.captures.get("nesting", ()) if n.parent is None or n.parent.type != "else_clause"]
        scoped = zip(self.innermost(nodes), nodes, strict=True)
        nesting = max_nesting((scope, node) for scope, node in scoped if scope in record_of)
        for scope in cyclomatic.keys() | nesting.keys():
            index = record_of[scope]
            record = records[index]
            records[index] = record._replace(
                metrics=record.metrics._replace(cyclomatic=cyclomatic.get(scope, 1), max_nesting=nesting.get(scope, 0))
            )

    def calls(self, nodes: list[tree_sitter.Node]) -> list[CallSite]:
        records = []
        names = self.scope_names
        for node, scope in zip(nodes, self.innermost(nodes), strict=True):
            (line, col) = node.start_point
            records.append(CallSite(self.callee(node), line + 1, col, names[scope] if scope >= 0 else ""))
        macros = self.captures.get("macro", ())
        if macros:
            records.extend(self.macro_calls(macros))
            records.sort(key=lambda call: (call.line, call.col))
        return records

    def macro_calls(self, macros: list[tree_sitter.Node]) -> list[CallSite]:
        """Calls in macro arguments (`println!("{}", f(x))`, `assert_eq!(a.m(), 1)`): the token
        tree is parsed again as an array expression (`[<tokens>]`, which also reads `vec![x; n]`);
        a token tree that does not parse cleanly gives nothing. Nested macros are read the same
        way, four levels deep, and what is parsed again is bounded by twice the file's size."""
        names = self.scope_names
        pending: list[tuple[tree_sitter.Node, int, int, int, bytes, int]] = []  # node, scope, line, col, source, depth
        for node, scope in zip(macros, self.innermost(macros), strict=True):
            parent = node.parent
            if parent is not None and parent.type in ("source_file", "declaration_list"):
                continue  # items (`cfg_io! { ... }`, `getter!(x, 1);`), not expressions
            pending.append((node, scope, 0, 0, self.source, 0))
        records: list[CallSite] = []
        parser, query = runtime().parser, _calls_query()
        outer = self.source
        budget = _MAX_MACROS
        bytes_left = 2 * len(outer) + _MAX_MACRO_BYTES  # what is parsed again stays linear in the file
        try:
            while pending and budget > 0:
                node, scope, line_shift, col_shift, source, nesting = pending.pop()
                tree_node = node.named_children[-1] if node.named_child_count else None
                if tree_node is None or tree_node.type != "token_tree":
                    continue
                start, end = tree_node.start_byte + 1, tree_node.end_byte - 1
                if end - start > min(_MAX_MACRO_BYTES, bytes_left) or b"(" not in source[start:end]:
                    continue
                budget -= 1
                bytes_left -= end - start
                sub_source = _MACRO_PREFIX + source[start:end] + b"];}"
                sub_root = parser.parse(sub_source).root_node
                if sub_root.has_error:
                    continue
                row, column = tree_node.start_point
                base_line = line_shift + row
                base_col = (col_shift if row == 0 else 0) + column + 1 - len(_MACRO_PREFIX)
                found = sorted_captures(query, sub_root, MAX_DEPTH)
                self.source = sub_source
                for call in found.get("call", ()):
                    (r, c) = call.start_point
                    line, col = base_line + r, (base_col + c) if r == 0 else c
                    records.append(CallSite(self.callee(call), line + 1, col, names[scope] if scope >= 0 else ""))
                if nesting < _MACRO_NESTING:
                    for inner in found.get("macro", ()):
                        pending.append((inner, scope, base_line, base_col, sub_source, nesting + 1))
                self.source = outer
        finally:
            self.source = outer
        return records

    def imports(self) -> list[Import]:
        records: list[Import] = []
        uses = self.captures.get("use", ())
        for node, scope in zip(uses, self.innermost(uses), strict=True):
            self.use_records(node, self.scope_names[scope] if scope >= 0 else "", node.start_point[0] + 1, records)
        crates = self.captures.get("extern_crate", ())
        for node, scope in zip(crates, self.innermost(crates), strict=True):
            name = self.text(node.child_by_field_name("name"))
            alias = node.child_by_field_name("alias")
            records.append(
                Import(
                    module=name,
                    line=node.start_point[0] + 1,
                    name=name,
                    alias=self.text(alias) if alias is not None else None,
                    scope=self.scope_names[scope] if scope >= 0 else "",
                )
            )
        records.sort(key=lambda imp: imp.line)
        return records

    def use_records(self, node: tree_sitter.Node, scope_name: str, line: int, records: list[Import]) -> None:
        """The Imports of one `use` declaration: one per name its tree binds."""
        argument = node.child_by_field_name("argument")
        pending: list[tuple[tree_sitter.Node, str]] = [(argument, "")] if argument is not None else []
        while pending and len(records) < 100_000:
            tree, prefix = pending.pop()
            kind = tree.type
            join = (prefix + "::") if prefix else ""
            if kind == "use_list":
                pending.extend((child, prefix) for child in reversed(tree.named_children))
            elif kind == "scoped_use_list":
                path = tree.child_by_field_name("path")
                inner = join + self.path_text(path) if path is not None else prefix
                listed = tree.child_by_field_name("list")
                if listed is not None:
                    pending.append((listed, inner))
            elif kind == "use_wildcard":
                path = tree.named_child(0) if tree.named_child_count else None
                module = join + self.path_text(path) if path is not None else prefix
                records.append(Import(module=module, line=line, name="*", scope=scope_name))
            elif kind == "use_as_clause":
                path = self.path_text(tree.child_by_field_name("path"))
                alias = self.text(tree.child_by_field_name("alias"))
                records.append(self.use_import(join + path, prefix, line, scope_name, alias))
            elif kind == "self":
                records.append(self.use_import(prefix, prefix, line, scope_name, None))
            elif kind in ("scoped_identifier", "identifier", "crate", "super"):
                records.append(self.use_import(join + self.path_text(tree), prefix, line, scope_name, None))

    @staticmethod
    def use_import(module: str, prefix: str, line: int, scope: str, alias: str | None) -> Import:
        name = module.rpartition("::")[2]
        return Import(module=module, line=line, name=name, alias=alias, scope=scope)

    def unwrapped(self, node: tree_sitter.Node, kind: str, scope: str) -> str:
        """`if let Some(x) = e`, `while let Ok(x) = e`, `let Some(x) = e else { .. }` and a match
        arm `Some(x) =>` on `match e`: x is what the Option or Result e holds."""
        if kind == "arm":
            pattern = node.child_by_field_name("pattern")
            pattern = pattern.named_child(0) if pattern is not None and pattern.named_child_count else None
            block = node.parent
            match = block.parent if block is not None else None
            value = match.child_by_field_name("value") if match is not None else None
        else:
            if kind == "let" and node.child_by_field_name("alternative") is None:
                return ""
            pattern = node.child_by_field_name("pattern")
            value = node.child_by_field_name("value")
        if pattern is None or value is None or pattern.type != "tuple_struct_pattern":
            return ""
        if pattern.named_child_count != 2 or self.text(pattern.child_by_field_name("type")) not in ("Some", "Ok"):
            return ""
        bound = pattern.named_child(1)
        if bound.type != "identifier":
            return ""
        if value.type == "reference_expression":
            value = value.child_by_field_name("value") or value
        line = node.start_point[0] + 1
        self.flows.append(("var_some", scope, self.text(bound), self.callee(value), line))
        return self.text(bound)

    def closure_element(self, node: tree_sitter.Node, scope: str) -> None:
        """`xs.iter().map(|x| ...)`: the closure's parameter is an element of the receiver."""
        pattern, declared = _closure_parameter(node.child_by_field_name("parameters"))
        if pattern is None or pattern.type != "identifier":
            return
        line = node.start_point[0] + 1
        if declared is not None:
            type_ = self.type_name(declared)
            if type_ is not None:
                self.flows.append(("var", scope, self.text(pattern), type_, line))
            return
        arguments = node.parent
        call = arguments.parent if arguments is not None and arguments.type == "arguments" else None
        function = call.child_by_field_name("function") if call is not None else None
        if function is None or function.type != "field_expression" or arguments.named_child_count != 1:
            return
        if self.text(function.child_by_field_name("field")) not in _ELEMENT_ADAPTERS:
            return
        receiver = function.child_by_field_name("value")
        if receiver is not None:
            self.flows.append(("var_elem", scope, self.text(pattern), self.callee(receiver), line))

    def bindings(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
        local: dict[str, list[str]] = {}
        names, functional = self.scope_names, self.scope_is_function
        nodes = self.captures.get("local", ())
        for node, scope in zip(nodes, self.innermost(nodes), strict=True):
            if scope >= 0 and functional[scope]:
                local.setdefault(names[scope], []).append(self.text(node))
        lets = self.captures.get("let", ())
        for node, scope in zip(lets, self.innermost(lets), strict=True):
            if scope < 0 or not functional[scope]:
                continue
            pattern = node.child_by_field_name("pattern")
            if pattern is None or pattern.type != "identifier":
                continue
            name, line = self.text(pattern), node.end_point[0] + 1
            declared = node.child_by_field_name("type")
            if declared is not None:
                type_ = self.type_name(declared)
                if type_ is not None:
                    self.flows.append(("var", names[scope], name, type_, line))
                continue
            value = node.child_by_field_name("value")
            if value is None or node.child_by_field_name("alternative") is not None:
                continue
            if value.type == "reference_expression":
                value = value.child_by_field_name("value") or value
            self.flows.append(("var_expr", names[scope], name, self.callee(value), line))
        loops = self.captures.get("for", ())
        for node, scope in zip(loops, self.innermost(loops), strict=True):
            pattern = node.child_by_field_name("pattern")
            value = node.child_by_field_name("value")
            if scope < 0 or not functional[scope] or pattern is None or pattern.type != "identifier" or value is None:
                continue
            if value.type == "reference_expression":
                value = value.child_by_field_name("value") or value
            line = node.start_point[0] + 1
            self.flows.append(("var_elem", names[scope], self.text(pattern), self.callee(value), line))
        for key in ("let_condition", "arm", "let"):
            nodes = self.captures.get(key, ())
            for node, scope in zip(nodes, self.innermost(nodes), strict=True):
                if scope >= 0 and functional[scope]:
                    bound = self.unwrapped(node, key, names[scope])
                    if bound:
                        local.setdefault(names[scope], []).append(bound)
        closures = self.captures.get("closure", ())
        for node, scope in zip(closures, self.innermost(closures), strict=True):
            if scope >= 0 and functional[scope]:
                self.closure_element(node, names[scope])
        for scope, is_function in zip(names, functional, strict=True):
            if is_function:
                local.setdefault(scope, [])
        return {scope: (tuple(dict.fromkeys(found)), (), ()) for scope, found in local.items()}


def _point(newlines: list[int], position: int) -> tuple[int, int]:
    """(row, column) of a byte offset, from the offsets of the file's newlines."""
    row = bisect_left(newlines, position)
    return row, position - (newlines[row - 1] + 1 if row else 0)


def _closure_parameter(parameters: tree_sitter.Node | None) -> tuple[tree_sitter.Node | None, tree_sitter.Node | None]:
    """The pattern and declared type of a closure's only parameter ((None, None) otherwise)."""
    if parameters is None or parameters.named_child_count != 1:
        return None, None
    only = parameters.named_child(0)
    if only.type == "identifier":
        return only, None
    if only.type == "parameter":
        return only.child_by_field_name("pattern"), only.child_by_field_name("type")
    return None, None


def _in_body_of(node: tree_sitter.Node, container: _Container) -> bool:
    """Whether a function item is directly in the impl's body (not in a method's body)."""
    parent = node.parent
    return parent is not None and parent.type == "declaration_list" and parent.end_byte == container.end


def _doc_text(comments) -> str:
    """`///` bodies and `/** */` blocks -> the doc text, one leading space and markers stripped."""
    out: list[str] = []
    for comment in comments:
        if comment.startswith("/**"):
            inner = comment[3:-2] if comment.endswith("*/") else comment[3:]
            for part in inner.strip().splitlines():
                part = part.strip()
                out.append(part[1:].lstrip() if part.startswith("*") else part)
        else:
            out.append(comment[1:] if comment.startswith(" ") else comment)
    return "\n".join(out)
