"""JavaScript and TypeScript source bytes -> FileFacts, with tree-sitter.

One module, three grammars: `.js/.jsx/.mjs/.cjs` parse with tree-sitter-javascript, `.ts`
(and `.mts/.cts`) with tree-sitter-typescript's typescript grammar, `.tsx` with its tsx
grammar. TypeScript's tree is a superset of JavaScript's, so one walk serves all three.
`errors.scm` beside this module counts syntax errors (run only when the tree has some).

Definitions (interfaces, enums and namespaces are kind "class" too, and say what they are in
`type_kind`: "interface", "enum", "namespace"; classes have type_kind "class"):
  - `function f() {}` (also generators, `async`, `export`, `export default`) -> function `f`
    (an anonymous `export default function () {}` is named `default`);
  - `const f = () => ...` / `= function () {}` (const, let, var) -> function `f`;
  - `class C {}` (also abstract classes and `const C = class {}`) -> class `C`; its methods
    (constructor, getters, setters, static methods) -> method `C.m`, parent `C`;
  - TS `interface I`, `enum E`, `namespace N` / `module N` -> "class" as above; what a
    namespace declares is `N.f`, parent `N`. Interface method signatures and abstract
    methods have no body and are not definitions;
  - CommonJS: `exports.f = function () {}`, `module.exports.f = () => {}` and the
    function-valued members of `module.exports = { f() {}, g: () => {} }` -> function `f`, `g`.
  Anonymous functions (callbacks) are not definitions: what they call belongs to the
  definition that holds them, and so do their decisions for the metrics.
  Nested named functions get `outer.inner` qualnames; `bases` holds the `extends` expression
  first, then the `implements` types (for interfaces, every `extends` type), as written.

Docstrings are the `/** ... */` comment right above the definition (above its `export`
statement, or its `const` declaration), with the comment markers and leading `*` removed.

Metrics (functions and methods): lines of the span; cyclomatic 1 + one per `if`, `for`,
`for ... in/of`, `while`, `do`, `case` (not `default`), `catch`, `&&`, `||`, `??` and `?:`;
parameters as declared (a rest parameter counts one; TS's `this` parameter does not);
max_nesting of `if`/`for`/`while`/`do`/`try`/`switch` statements (`else if` stays at its
`if`'s depth); cognitive (codeintel.languages.cognitive): +1 and the nesting level for `if`,
`for`, `for ... in/of`, `while`, `do`, `switch` (as a whole), `catch` and `?:`, +1 for `else
if`, `else`, `break`/`continue` to a label and each run of like `&&`/`||` (`??` and `?.`
are shorthand the paper ignores); an anonymous function adds nothing but nests what it
holds; functions that are definitions, and classes, are skipped.

Imports (Import.module is the specifier as written, level is always 0):
  - `import x from "m"` -> name "default", alias "x";
  - `import {a as b} from "m"` -> name "a", alias "b" (alias None when not renamed);
  - `import * as ns from "m"` and `const ns = require("m")` -> name None, alias "ns";
  - `const {a, b: c} = require("m")` -> name "a" / "b", alias None / "c";
    `const f = require("m").f` -> name "f", alias "f" when renamed;
  - `import "m"` and a bare `require("m")` -> name None, alias None (side effect only);
  - `export {a as b} from "m"` -> name "a", alias "b"; `export * from "m"` -> name "*";
    `export * as ns from "m"` -> name None, alias "ns" (re-exports also appear in flows).

Call sites: callee as written with argument lists reduced to `()` and TS-only syntax
(`!`, type arguments, optional `?.`) dropped: `this.repo.save`, `ns.f`, `a().b`; `super(...)`
is `super`; a construction `new C()` is `new C` (`new ns.C` for a qualified class); a
member of a fresh object or an element is kept opaque (`new C().m` -> `<new>().m`,
`a[k]()` -> `a[]`). Chains keep their last 32 links (`...` stands for the rest), and the
walk stops 200 levels deep, so hostile input stays linear and never exhausts the stack.

Flows, free-form tuples the resolver (codeintel.resolve.javascript) reads:
  - ("export", local, exported): `export function f`, `export {a as b}`, `export default f`
    (exported "default"), `export const x = ...`;
  - ("reexport", specifier, name, exported): `export {a as b} from "m"` -> ("m", "a", "b");
    `export * from "m"` -> ("m", "*", "*"); `export * as ns from "m"` -> ("m", None, "ns");
  - ("cjs_export", exported, value): `exports.f = g` -> ("f", "g");
    `module.exports = {a, b: c}` -> ("a", "a"), ("b", "c"); `module.exports = X` -> ("=", "X");
  - ("assign", scope, target, value, is_new): `const x = new C()` -> (scope, "x", "C", True);
    `const g = a.b` -> (scope, "g", "a.b", False); `this.x = new C()` inside a method and a
    class field `x = new C()` -> target "this.x", with the class's qualname as scope;
  - ("typed", scope, name, type): a TS annotation naming a type: `(r: Repo)` -> (scope, "r",
    "Repo"); a class field `repo: Repo` or parameter property `constructor(private repo:
    Repo)` -> (class qualname, "this.repo", "Repo").
`scopes` is not used (empty).
"""

from __future__ import annotations

import re
from importlib import resources

import tree_sitter
import tree_sitter_javascript
import tree_sitter_typescript

from codeintel.languages.cognitive import CognitiveRules, CognitiveScan
from codeintel.languages.common import count_lines
from codeintel.model import EXTRACTOR_VERSION, CallSite, Definition, FileFacts, FunctionMetrics, Import, Span

JS_EXTRACTOR_VERSION = f"{EXTRACTOR_VERSION}+js-2"
MAX_DEPTH = 200
MAX_LINKS = 32

_FUNCTION_VALUES = {"arrow_function", "function_expression", "function", "generator_function"}
_CLASS_DECLS = {"class_declaration", "abstract_class_declaration"}
_FUNCTION_DECLS = {"function_declaration", "generator_function_declaration"}
_BRANCHES = {
    "if_statement",
    "for_statement",
    "for_in_statement",
    "while_statement",
    "do_statement",
    "switch_case",
    "catch_clause",
    "ternary_expression",
}
_NESTING = {"if_statement", "for_statement", "for_in_statement", "while_statement", "do_statement", "try_statement"}
_NESTING_ALL = _NESTING | {"switch_statement"}
_BOOL_OPS = {"&&", "||", "??"}
COGNITIVE = CognitiveRules(
    structures=(
        "for_statement",
        "for_in_statement",
        "while_statement",
        "do_statement",
        "switch_statement",
        "catch_clause",
        "ternary_expression",
    ),
    ifs=("if_statement",),
    else_clauses=("else_clause",),
    jumps={"break_statement": ("statement_identifier",), "continue_statement": ("statement_identifier",)},
    closures=(
        "arrow_function",
        "function_expression",
        "generator_function",
        "function_declaration",
        "generator_function_declaration",
        "method_definition",
    ),
    logical=("binary_expression",),
    operators={"&&": "&&", "||": "||"},  # `??` is shorthand the paper ignores
    parentheses=("parenthesized_expression",),
)
"""Cognitive complexity in JavaScript and TypeScript (see the module docstring); the metrics
walk gathers the nodes of these types (functions that are definitions never reach it)."""
_COGNITIVE_TYPES = COGNITIVE.node_types
_WRAPPERS = {
    "non_null_expression",
    "parenthesized_expression",
    "type_assertion",
    "as_expression",
    "satisfies_expression",
}


class _Runtime:
    def __init__(self) -> None:
        self.languages = {
            "javascript": tree_sitter.Language(tree_sitter_javascript.language()),
            "typescript": tree_sitter.Language(tree_sitter_typescript.language_typescript()),
            "tsx": tree_sitter.Language(tree_sitter_typescript.language_tsx()),
        }
        self.parsers = {name: tree_sitter.Parser(lang) for name, lang in self.languages.items()}
        text = resources.files(__package__).joinpath("errors.scm").read_text()
        self.error_queries = {name: tree_sitter.Query(lang, text) for name, lang in self.languages.items()}


_RUNTIME: _Runtime | None = None


def runtime() -> _Runtime:
    global _RUNTIME
    if _RUNTIME is None:
        _RUNTIME = _Runtime()
    return _RUNTIME


def _text(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


def _string_value(node) -> str | None:
    if node is None or node.type != "string":
        return None
    return "".join(_text(c) for c in node.named_children if c.type in ("string_fragment", "escape_sequence"))


def _doc_of(anchor) -> str | None:
    prev = anchor.prev_sibling
    if prev is None or prev.type != "comment" or prev.end_point[0] < anchor.start_point[0] - 1:
        return None
    raw = _text(prev)
    if not raw.startswith("/**"):
        return None
    body = raw[3:-2] if raw.endswith("*/") else raw[3:]
    lines = [re.sub(r"^\s*\* ?", "", line).rstrip() for line in body.splitlines()]
    return "\n".join(lines).strip() or None


def callee_text(node) -> str:
    """The called expression as written, argument lists reduced to `()` (see the module doc).

    Iterative, and a chain keeps its last MAX_LINKS links (`...` stands for the rest)."""
    suffix: list[str] = []
    while node is not None and len(suffix) < MAX_LINKS:
        t = node.type
        if t in ("identifier", "this", "super", "property_identifier", "private_property_identifier"):
            return _text(node) + "".join(reversed(suffix))
        if t in ("nested_type_identifier", "type_identifier", "nested_identifier"):
            return _text(node) + "".join(reversed(suffix))
        if t in _WRAPPERS:
            node = node.named_children[0] if node.named_children else None
        elif t == "member_expression":
            suffix.append("." + _text(node.child_by_field_name("property")))
            node = node.child_by_field_name("object")
        elif t == "call_expression":
            suffix.append("()")
            node = node.child_by_field_name("function")
        elif t == "new_expression":  # `new C().m` -> '<new>().m': a value nothing resolves
            return "<new>()" + "".join(reversed(suffix))
        elif t == "subscript_expression":
            suffix.append("[]")
            node = node.child_by_field_name("object")
        else:
            return f"<{t}>" + "".join(reversed(suffix))
    return "..." + "".join(reversed(suffix))


def _type_name(annotation) -> str | None:
    """`: Repo` -> 'Repo', `: ns.Repo` -> 'ns.Repo', `: Repo<T>` -> 'Repo'; else None."""
    if annotation is None:
        return None
    node = annotation.named_children[0] if annotation.type == "type_annotation" and annotation.named_children else None
    if node is None:
        return None
    if node.type == "generic_type":
        node = node.child_by_field_name("name") or node.named_children[0]
    if node.type in ("type_identifier", "nested_type_identifier", "identifier"):
        return _text(node)
    return None


class _Walk:
    def __init__(self, root) -> None:
        self.root = root
        self.defs: list[Definition] = []
        self.def_nodes: list = []  # (node whose body holds the metrics, span node) per function definition
        self.def_node_ids: set[int] = set()
        self.imports: list[Import] = []
        self.calls: list[CallSite] = []
        self.flows: list[tuple] = []
        self.level = 0  # visits in progress: bounds the recursion on deeply nested input

    # ---- definitions ---------------------------------------------------------------

    def add_def(self, kind, name, scope, span_node, doc_anchor, signature="", bases=(), type_kind=None, fn=None):
        qual = f"{scope}.{name}" if scope else name
        s = span_node
        self.defs.append(
            Definition(
                kind,
                name,
                qual,
                Span(s.start_point[0] + 1, s.start_point[1], s.end_point[0] + 1, s.end_point[1]),
                scope,
                signature,
                (),
                _doc_of(doc_anchor),
                tuple(bases),
                fn is not None and any(c.type == "async" for c in fn.children),
                None,
                type_kind,
            )
        )
        if fn is not None:
            self.def_nodes.append((len(self.defs) - 1, fn))
            self.def_node_ids.add(fn.id)
        return qual

    @staticmethod
    def signature(name: str, fn) -> str:
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        ret = fn.child_by_field_name("return_type")
        text = _text(params) if params is not None else "()"
        if params is not None and params.type == "identifier":
            text = f"({text})"
        return re.sub(r"\s+", " ", f"{name}{text}{_text(ret)}")

    def anchor(self, node):
        parent = node.parent
        while parent is not None and parent.type in ("export_statement", "lexical_declaration", "variable_declaration"):
            node, parent = parent, parent.parent
        return node

    def function(self, kind, name, scope, fn, span_node, anchor, class_qual=None):
        qual = self.add_def(kind, name, scope, span_node, anchor, self.signature(name, fn), fn=fn)
        self.typed_params(qual, fn, name == "constructor" and class_qual is not None, class_qual)
        body = fn.child_by_field_name("body")
        if body is not None:
            self.visit(body, qual, None)
        return qual

    def typed_params(self, scope, fn, is_ctor, class_qual=None):
        params = fn.child_by_field_name("parameters")
        if params is None:
            return
        for p in params.named_children:
            if p.type not in ("required_parameter", "optional_parameter"):
                continue
            pattern = p.child_by_field_name("pattern")
            type_ = _type_name(p.child_by_field_name("type"))
            if pattern is None or pattern.type != "identifier" or type_ is None:
                continue
            self.flows.append(("typed", scope, _text(pattern), type_))
            if is_ctor and class_qual and any(c.type in ("accessibility_modifier", "readonly") for c in p.children):
                self.flows.append(("typed", class_qual, "this." + _text(pattern), type_))

    def klass(self, node, name, scope, type_kind="class"):
        bases = []
        for child in node.named_children:
            if child.type == "class_heritage":
                for clause in child.named_children:
                    if clause.type == "extends_clause":
                        value = clause.child_by_field_name("value")
                        bases.extend(callee_text(v) for v in ([value] if value is not None else []))
                    elif clause.type == "implements_clause":
                        bases.extend(_text(t) for t in clause.named_children)
                    else:  # javascript: the heritage holds the expression itself
                        bases.append(callee_text(clause))
            elif child.type == "extends_type_clause":
                bases.extend(_text(t) for t in child.named_children)
        qual = self.add_def("class", name, scope, node, self.anchor(node), bases=bases, type_kind=type_kind)
        body = node.child_by_field_name("body")
        if body is None:
            return qual
        for member in body.named_children:
            if member.type == "method_definition":
                mname = _text(member.child_by_field_name("name"))
                self.function("method", mname, qual, member, member, member, class_qual=qual)
            elif member.type in ("field_definition", "public_field_definition"):
                prop = member.child_by_field_name("property") or member.child_by_field_name("name")
                value = member.child_by_field_name("value")
                fname = _text(prop)
                if value is not None and value.type in _FUNCTION_VALUES:
                    self.function("method", fname, qual, value, member, member)
                    continue
                type_ = _type_name(member.child_by_field_name("type"))
                if type_:
                    self.flows.append(("typed", qual, "this." + fname, type_))
                if value is not None:
                    self.assign_flow(qual, "this." + fname, value)
                    self.visit(value, qual, qual)
            elif member.type == "class_static_block":
                self.visit(member, qual, qual)
        return qual

    # ---- statements and expressions ------------------------------------------------

    def assign_flow(self, scope, target, value):
        if value.type == "new_expression":
            ctor = value.child_by_field_name("constructor")
            if ctor is not None:
                self.flows.append(("assign", scope, target, callee_text(ctor), True))
        elif value.type in ("identifier", "member_expression"):
            self.flows.append(("assign", scope, target, callee_text(value), False))

    def require_of(self, node) -> str | None:
        if node is not None and node.type == "call_expression":
            fn = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if fn is not None and _text(fn) == "require" and args is not None and args.named_children:
                return _string_value(args.named_children[0])
        return None

    def declarator(self, node, scope):
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None:
            return
        if value is not None and name.type == "identifier":
            vname = _text(name)
            if value.type in _FUNCTION_VALUES:
                self.function("function", vname, scope, value, node, self.anchor(node))
                return
            if value.type == "class":
                self.klass(value, vname, scope)
                return
            spec = self.require_of(value)
            if spec is not None:
                self.imports.append(Import(spec, node.start_point[0] + 1, None, vname, 0, scope))
                return
            if value.type == "member_expression":
                obj = value.child_by_field_name("object")
                spec = self.require_of(obj)
                if spec is not None:
                    member = _text(value.child_by_field_name("property"))
                    alias = vname if vname != member else None
                    self.imports.append(Import(spec, node.start_point[0] + 1, member, alias, 0, scope))
                    return
            self.assign_flow(scope, vname, value)
        elif value is not None and name.type == "object_pattern":
            spec = self.require_of(value)
            if spec is not None:
                line = node.start_point[0] + 1
                for prop in name.named_children:
                    if prop.type == "shorthand_property_identifier_pattern":
                        self.imports.append(Import(spec, line, _text(prop), None, 0, scope))
                    elif prop.type == "pair_pattern":
                        key, val = prop.child_by_field_name("key"), prop.child_by_field_name("value")
                        if val is not None and val.type == "identifier":
                            alias = _text(val) if _text(val) != _text(key) else None
                            self.imports.append(Import(spec, line, _text(key), alias, 0, scope))
                return
        if name.type == "identifier":
            type_ = _type_name(node.child_by_field_name("type"))
            if type_:
                self.flows.append(("typed", scope, _text(name), type_))
        if value is not None:
            self.visit(value, scope, None)

    def import_statement(self, node, scope):
        spec = _string_value(node.child_by_field_name("source"))
        if spec is None:
            return
        line = node.start_point[0] + 1
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            self.imports.append(Import(spec, line, None, None, 0, scope))
            return
        for part in clause.named_children:
            if part.type == "identifier":
                self.imports.append(Import(spec, line, "default", _text(part), 0, scope))
            elif part.type == "namespace_import":
                ident = next((c for c in part.named_children if c.type == "identifier"), None)
                self.imports.append(Import(spec, line, None, _text(ident), 0, scope))
            elif part.type == "named_imports":
                for s in part.named_children:
                    if s.type == "import_specifier":
                        n, a = s.child_by_field_name("name"), s.child_by_field_name("alias")
                        self.imports.append(Import(spec, line, _text(n), _text(a) if a is not None else None, 0, scope))

    def export_statement(self, node, scope, class_qual):
        if scope:  # `export` inside a namespace: a member of the namespace, not of the module
            decl = node.child_by_field_name("declaration")
            if decl is not None:
                self.visit(decl, scope, class_qual)
            return
        source = _string_value(node.child_by_field_name("source"))
        line = node.start_point[0] + 1
        is_default = any(c.type == "default" for c in node.children)
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        if source is not None:
            if clause is not None:
                for s in clause.named_children:
                    if s.type == "export_specifier":
                        n, a = _text(s.child_by_field_name("name")), s.child_by_field_name("alias")
                        alias = _text(a) if a is not None else None
                        self.imports.append(Import(source, line, n, alias, 0, scope))
                        self.flows.append(("reexport", source, n, alias or n))
                return
            ns = next((c for c in node.named_children if c.type == "namespace_export"), None)
            if ns is not None:
                ident = ns.named_children[-1] if ns.named_children else None
                self.imports.append(Import(source, line, None, _text(ident), 0, scope))
                self.flows.append(("reexport", source, None, _text(ident)))
            else:
                self.imports.append(Import(source, line, "*", None, 0, scope))
                self.flows.append(("reexport", source, "*", "*"))
            return
        if clause is not None:
            for s in clause.named_children:
                if s.type == "export_specifier":
                    n, a = _text(s.child_by_field_name("name")), s.child_by_field_name("alias")
                    self.flows.append(("export", n, _text(a) if a is not None else n))
            return
        decl = node.child_by_field_name("declaration")
        if decl is not None:
            before = len(self.defs)
            self.visit(decl, scope, class_qual)
            if decl.type in ("lexical_declaration", "variable_declaration"):
                for d in decl.named_children:
                    name = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                    if name is not None and name.type == "identifier":
                        self.flows.append(("export", _text(name), _text(name)))
            elif len(self.defs) > before:
                name = self.defs[before].name
                self.flows.append(("export", name, "default" if is_default else name))
            return
        value = node.child_by_field_name("value")
        if value is None:
            value = next((c for c in node.named_children if c.type != "comment"), None)
        if value is None:
            return
        if value.type in _FUNCTION_VALUES or value.type in _FUNCTION_DECLS:
            name_node = value.child_by_field_name("name")
            name = _text(name_node) if name_node is not None else "default"
            self.function("function", name, scope, value, node, node)
            self.flows.append(("export", name, "default"))
        elif value.type in ("class", *_CLASS_DECLS):
            name_node = value.child_by_field_name("name")
            name = _text(name_node) if name_node is not None else "default"
            self.klass(value, name, scope)
            self.flows.append(("export", name, "default"))
        else:
            if value.type in ("identifier", "member_expression"):
                self.flows.append(("export", callee_text(value), "default"))
            self.visit(value, scope, class_qual)

    def cjs_assignment(self, node, scope) -> bool:
        """`module.exports = ...`, `exports.f = ...`, `module.exports.f = ...` at module level."""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or left.type != "member_expression":
            return False
        target = callee_text(left)
        if target == "module.exports":
            if right.type == "object":
                for prop in right.named_children:
                    if prop.type == "shorthand_property_identifier":
                        self.flows.append(("cjs_export", _text(prop), _text(prop)))
                    elif prop.type == "pair":
                        key, val = _text(prop.child_by_field_name("key")), prop.child_by_field_name("value")
                        if val is None:
                            continue
                        if val.type in _FUNCTION_VALUES:
                            self.function("function", key, scope, val, prop, prop)
                            self.flows.append(("cjs_export", key, key))
                        else:
                            if val.type in ("identifier", "member_expression"):
                                self.flows.append(("cjs_export", key, callee_text(val)))
                            self.visit(val, scope, None)
                    elif prop.type == "method_definition":
                        key = _text(prop.child_by_field_name("name"))
                        self.function("function", key, scope, prop, prop, prop)
                        self.flows.append(("cjs_export", key, key))
                return True
            if right.type in _FUNCTION_VALUES or right.type == "class":
                name_node = right.child_by_field_name("name")
                name = _text(name_node) if name_node is not None else "default"
                if right.type == "class":
                    self.klass(right, name, scope)
                else:
                    self.function("function", name, scope, right, node, node.parent)
                self.flows.append(("cjs_export", "=", name))
                return True
            if right.type in ("identifier", "member_expression"):
                self.flows.append(("cjs_export", "=", callee_text(right)))
                return True
            spec = self.require_of(right)
            if spec is not None:
                self.imports.append(Import(spec, node.start_point[0] + 1, "*", None, 0, scope))
                self.flows.append(("reexport", spec, "*", "*"))
                return True
            return False
        if target.startswith(("exports.", "module.exports.")) and target.count(".") == target.startswith("module.") + 1:
            name = target.rsplit(".", 1)[1]
            if right.type in _FUNCTION_VALUES:
                self.function("function", name, scope, right, node, node.parent)
                self.flows.append(("cjs_export", name, name))
                return True
            if right.type == "class":
                self.klass(right, name, scope)
                self.flows.append(("cjs_export", name, name))
                return True
            if right.type in ("identifier", "member_expression"):
                self.flows.append(("cjs_export", name, callee_text(right)))
                return True
        return False

    def visit(self, node, scope: str, class_qual: str | None) -> None:
        """Visit a node; nesting is counted across definitions (self.level), so deeply nested
        input stops at MAX_DEPTH levels instead of exhausting Python's stack."""
        if self.level >= MAX_DEPTH:
            return
        self.level += 1
        try:
            self._visit(node, scope, class_qual)
        finally:
            self.level -= 1

    def _visit(self, node, scope: str, class_qual: str | None) -> None:
        t = node.type
        if t in _FUNCTION_DECLS:
            name = node.child_by_field_name("name")
            if name is not None:
                self.function("function", _text(name), scope, node, node, self.anchor(node))
                return
        elif t in _CLASS_DECLS:
            name = node.child_by_field_name("name")
            if name is not None:
                self.klass(node, _text(name), scope)
                return
        elif t == "interface_declaration":
            self.klass(node, _text(node.child_by_field_name("name")), scope, "interface")
            return
        elif t == "enum_declaration":
            self.klass(node, _text(node.child_by_field_name("name")), scope, "enum")
            return
        elif t in ("internal_module", "module") and node.child_by_field_name("name") is not None:
            name_node = node.child_by_field_name("name")
            name = _string_value(name_node) or _text(name_node)
            qual = self.add_def("class", name, scope, node, self.anchor(node.parent or node), type_kind="namespace")
            body = node.child_by_field_name("body")
            if body is not None:
                for child in body.named_children:
                    self.visit(child, qual, None)
            return
        elif t == "variable_declarator":
            self.declarator(node, scope)
            return
        elif t == "import_statement":
            self.import_statement(node, scope)
            return
        elif t == "export_statement":
            self.export_statement(node, scope, class_qual)
            return
        elif t == "assignment_expression":
            if scope == "" and self.cjs_assignment(node, scope):
                return
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and right is not None and left.type in ("identifier", "member_expression"):
                target = callee_text(left)
                if target.startswith("this.") and target.count(".") == 1 and "." in scope:
                    self.assign_flow(scope.rsplit(".", 1)[0], target, right)
                elif left.type == "identifier":
                    self.assign_flow(scope, target, right)
        elif t == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None:
                callee = callee_text(fn)
                self.calls.append(CallSite(callee, node.start_point[0] + 1, node.start_point[1], scope))
                if callee == "require":
                    spec = self.require_of(node)
                    parent = node.parent
                    if spec is not None and parent is not None and parent.type == "expression_statement":
                        self.imports.append(Import(spec, node.start_point[0] + 1, None, None, 0, scope))
        elif t == "new_expression":
            ctor = node.child_by_field_name("constructor")
            if ctor is not None:
                self.calls.append(
                    CallSite(f"new {callee_text(ctor)}", node.start_point[0] + 1, node.start_point[1], scope)
                )
        for child in node.named_children:
            self.visit(child, scope, class_qual)

    # ---- metrics -------------------------------------------------------------------

    def metrics(self) -> None:
        for index, fn in self.def_nodes:
            d = self.defs[index]
            params = fn.child_by_field_name("parameters")
            if params is not None:
                n = sum(
                    1
                    for p in params.named_children
                    if p.type != "comment" and not (p.type == "required_parameter" and _text(p).startswith("this"))
                )
            else:
                n = 1 if fn.child_by_field_name("parameter") is not None else 0
            body = fn.child_by_field_name("body")
            cyclomatic, nesting = 1, 0
            stack = [(body, 0)] if body is not None else []
            roles = []  # the nodes cognitive complexity reads
            while stack:
                node, level = stack.pop()
                t = node.type
                if t in _COGNITIVE_TYPES:
                    roles.append(node)
                if t in _BRANCHES:
                    cyclomatic += 1
                elif t == "binary_expression":
                    op = node.child_by_field_name("operator")
                    if op is not None and op.type in _BOOL_OPS:
                        cyclomatic += 1
                if t in _NESTING_ALL and not (t == "if_statement" and node.parent.type == "else_clause"):
                    level += 1
                    nesting = max(nesting, level)
                for child in node.named_children:
                    if child.id not in self.def_node_ids and child.type not in ("class_declaration", "class"):
                        stack.append((child, level))
            lines = d.span.end_line - d.span.start_line + 1
            cognitive = CognitiveScan(COGNITIVE, roles).of(body) if roles else 0
            self.defs[index] = d._replace(metrics=FunctionMetrics(lines, cyclomatic, n, nesting, cognitive))


def _grammar_for(path: str, default: str) -> str:
    if path.endswith(".tsx"):
        return "tsx"
    if path.endswith((".ts", ".mts", ".cts")):
        return "typescript"
    if path.endswith((".js", ".jsx", ".mjs", ".cjs")):
        return "javascript"
    return default


def _extract(source: bytes, path: str, content_hash: str, language: str, grammar: str) -> FileFacts:
    rt = runtime()
    tree = rt.parsers[grammar].parse(source)
    root = tree.root_node
    walk = _Walk(root)
    walk.visit(root, "", None)
    walk.metrics()
    errors = 0
    if root.has_error:
        found = tree_sitter.QueryCursor(rt.error_queries[grammar]).captures(root)
        errors = sum(len(nodes) for nodes in found.values()) or 1
    lines = count_lines(source)
    return FileFacts.model_construct(
        path=path,
        language=language,
        content_hash=content_hash,
        extractor_version=JS_EXTRACTOR_VERSION,
        lines=lines,
        size=len(source),
        module_docstring=None,
        definitions=walk.defs,
        imports=walk.imports,
        calls=walk.calls,
        assignments=[],
        all_names=None,
        flows=walk.flows,
        scopes={},
        syntax_errors=errors,
        error=None,
    )


def extract_javascript(source: bytes, path: str, content_hash: str) -> FileFacts:
    """Facts of a JavaScript file (`.js`, `.jsx`, `.mjs`, `.cjs`; a `.ts`/`.tsx` path picks its grammar)."""
    return _extract(source, path, content_hash, "javascript", _grammar_for(path, "javascript"))


def extract_typescript(source: bytes, path: str, content_hash: str) -> FileFacts:
    """Facts of a TypeScript file: `.tsx` with the tsx grammar, anything else with typescript's."""
    grammar = "tsx" if path.endswith(".tsx") else "typescript"
    return _extract(source, path, content_hash, "typescript", grammar)
