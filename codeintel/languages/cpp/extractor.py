"""C++ source bytes -> FileFacts, with tree-sitter queries.

One parse and one query pass per file: the query is the concatenation of the `.scm` files
beside this module; `errors.scm` runs only when the tree reports an error. Nothing walks up
or sideways in the tree (tree-sitter's `parent`, `prev_sibling` and `next_sibling` cost as
many steps as the siblings before a node, quadratic in a file of thousands of declarations):
enclosing functions, containers, blocks, templates and doc comments are found from the
captures by position. An export macro between `class`/`struct` and the name
(`class ARROW_EXPORT Table : ...`, which derails tree-sitter-cpp) is blanked out for the
parse, keeping every position; signatures keep it as written.

Definitions (qualnames are dotted, `::` -> `.`; template arguments and parameters dropped):
  - `namespace ns { namespace inner {} }` / `namespace ns::inner {}` -> kind "class",
    type_kind "namespace", qualname `ns.inner`. A namespace reopened in one file is one
    definition per block (the graph numbers the namesakes). Anonymous namespaces are not
    definitions and add nothing to qualnames (their members are named as if declared in the
    enclosing namespace, and marked internal, see ("internal", ...) below); `extern "C" {}`
    blocks are transparent too.
  - `class`/`struct`/`union`/`enum` (incl. `enum class`) with a body -> kind "class",
    type_kind "class"/"struct"/"union"/"enum"; templates are named without their parameters,
    a specialisation `class Stack<int> {}` is another `Stack`. `bases`: the base classes as
    written (`Base`, `ns::Base`, `Base<T>`; access specifiers and `virtual` dropped).
  - Functions with a body: kind "function" (`ns.f`, parent '': a free function is a
    top-level function of its module whatever its namespace), or "method" (`ns.Klass.m`, parent
    `ns.Klass`) when defined in a class body, or defined out of line with a qualified name
    (`void ns::Klass::m() {}` -> `ns.Klass.m`, after the qualnames of the namespaces
    around it, parent `ns.Klass`, though the class is declared in another file) unless the qualifier names
    a namespace this file defines (`void ns::f() {}` -> function `ns.f`). Constructors are
    `Klass.Klass`, destructors `Klass.~Klass`, operators `Klass.operator+`, conversions
    `Klass.operator bool`. Bodiless declarations (prototypes, pure virtual, `= default`,
    `= delete`) and lambdas are not definitions: calls in a lambda belong to the function
    around it. Functions inside a function's local class get that class as parent.
decorators (functions and methods): attributes, specifiers and virt-specifiers as written, in
order: `nodiscard`, `deprecated("x")`, `static`, `inline`, `virtual`, `explicit`,
`override`, `final`.
Spans are the definition's node (a template's: the `template <...>` declaration). signature:
the header up to the body without the template prefix or a constructor's initialiser list,
on one line. docstring: the comment block (`///`, `//!`, `//`, `/** */`, `/* */`) that ends
on the line right above, markers stripped, lines joined with newlines; the file's leading
comment block, when it is not attached to the first declaration, is the module docstring.

Metrics (functions and methods): lines of the span; cyclomatic 1 + one per `if`, `for`,
range-`for`, `while`, `do`, `case` (not `default`), `catch`, `?:`, `&&`/`and`, `||`/`or`
(lambdas count for the enclosing function); parameters: declared parameters (`...` not
counted; `this` is implicit); max_nesting: deepest nesting of if/for/while/do/switch/try;
cognitive (codeintel.languages.cognitive): +1 and the nesting level for `if`, `for`,
range-`for`, `while`, `do`, `switch` (as a whole), `catch` and `?:`, +1 for `else if`,
`else`, `goto` and each run of like `&&`/`and` or `||`/`or`; a lambda adds nothing but nests
what it holds; a function defined inside a function (a local class's method) is skipped.

Imports: one Import per `#include`, as the C extractor records them: module = the spec as
written without its delimiters (`vector`, `shape.hpp`, `../util/log.h`), name None, alias
None, scope "", and `level` says the form: 1 for `#include "x"` (quoted: looked up beside the
including file first), 0 for `#include <x>` (angle). Computed includes (`#include MACRO`) are
skipped. `using` directives and declarations are not imports: they are flows.

Calls: the called expression as written with argument lists reduced to `()`: `f`, `ns::f`,
`::f`, `obj.m`, `p->m`, `this->m`, `obj.field.m`, `Klass::staticM`, `make().run`, `v[].m`;
template arguments are dropped (`f<int>` -> `f`, `std::make_unique<K>` -> `std::make_unique`);
casts (`static_cast<T>(x)` and its kin) are no calls.
Constructions are calls too: `new Klass(...)` -> `new Klass`; a declaration of a variable of a
named, non-pointer type (`Klass k;`, `Klass k(1, 2);`, `Klass k{1};`) -> `Klass` at the
declarator (not for `std::` types and smart pointers); `Klass(1)` is a call of `Klass` as
written; a constructor's initialisers (`: Base(x), member_(y), Klass(z)`) -> `Base`,
`member_`, `Klass` at the initialiser (listed in the ("inits", ...) flow).

Language-specific facts, in `flows` (tuples, first item the kind; scope = the qualname of the
enclosing function definition, '' outside functions; container = the qualname of the
innermost enclosing namespace, class or function, '' at file level):
  ("arities", (n, ...))                  argument counts aligned with `calls` (-1: unknown,
                                          a pack expansion `f(args...)`)
  ("first_args", ((line, col, expression), ...))
                                          calls of a plain name `f(x, ...)` whose first
                                          argument is a variable or field (`x`, `a.b`, `&x`):
                                          its expression, for argument-dependent lookup
  ("inits", ((line, col), ...))           the calls that are constructor initialisers: a
                                          member's name (its type's constructor), or a base's
                                          or the class's own (delegating) name
  ("var", scope, name, type, first, last) a local, parameter (also a lambda's) or
                                          range-for variable with a named type, visible on
                                          lines first..last (its block; a parameter: its
                                          function or lambda)
  ("var_range", scope, name, expression, first, last)
                                          `for (auto& x : expression)`: x is an element
  ("var_range_value", scope, name, expression, first, last)
                                          `for (auto& [k, name] : expression)`: name is a
                                          value of the map expression
  ("global", container, name, type)       a namespace-level variable of a named type
  ("var_call", scope, name, callee, first, last)
                                          `auto x = F(...)` / `auto x = ns::K(...)`: x has
                                          F's result type, or is a K when K is a class
  ("var_expr", scope, name, expression, first, last)
                                          `auto& x = a.b;`, `auto* p = &y;`: x has the type
                                          of the expression (written as a callee is)
  ("field", class qualname, name, type)   a data member with a named type
  ("returns", definition index, type)     a function's declared named result type
  ("declares", class qualname, name, n)   a member function declared in the class without a
                                          body (prototype, pure virtual, `= default`), n
                                          parameters; it hides base members of that name
  ("internal", definition index)          a `static` free function or one in an anonymous
                                          namespace: not visible from other files
  ("params", definition index, min, max)  arity range when it differs from metrics.parameters
                                          (defaults: min smaller; `...`: max -1)
  ("extern_c", definition index)          a function defined in an `extern "C"` block
  ("using_namespace", container, "ns::inner")
  ("using", container, "ns::name")        `using ns::name;` (also `using Base::m;` in a class)
  ("alias", container, name, type)        `using Alias = T;`, `typedef T Alias;`
  ("namespace_alias", container, name, "ns::inner")
Types are normalised to `Klass` or `ns::Klass` as written: cv-qualifiers, `*`, `&`, template
arguments and a leading `::` dropped; `std::unique_ptr<K>`/`std::shared_ptr<K>` (and
`std::make_unique<K>(...)`/`std::make_shared<K>(...)`) read as `K`; standard sequences and
sets of K (`std::vector<K>`, `std::array<K, 3>`, `std::set<K>`) as `[]K`, maps to K
(`std::map<std::string, K>`) as `{}K`; fundamental types,
`auto` without a known initialiser and arrays are left out. `scopes` holds, per function
qualname, the local names it binds (parameters and variables, lambdas' included), which
shadow functions of the same name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

import tree_sitter
import tree_sitter_cpp

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
    sorted_captures,
)
from codeintel.model import EXTRACTOR_VERSION as MODEL_EXTRACTOR_VERSION
from codeintel.model import CallSite, Definition, FileFacts, FunctionMetrics, Import, Span

LANGUAGE_NAME = "cpp"
EXTRACTOR_VERSION = f"{MODEL_EXTRACTOR_VERSION}+cpp-2"
QUERY_FILES = ("definitions.scm", "imports.scm", "calls.scm", "bindings.scm", "metrics.scm")
ERROR_QUERY_FILE = "errors.scm"
MAX_DEPTH = 10_000
_MAX_LINKS = 32
_TEMPLATE_ARGS = re.compile(r"<[^<>]*>")
_TYPE_NAME = re.compile(r"[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*")
_SMART = re.compile(r"(?:::)?(?:std::)?(?:unique_ptr|shared_ptr)\s*<\s*(.*?)\s*(?:,.*)?>")
_CONTAINER = re.compile(
    r"(?:::)?std::(?:vector|list|deque|forward_list|set|multiset|unordered_set|unordered_multiset|array|span"
    r"|initializer_list|queue|stack|priority_queue)\s*<"
)
_MAPPING = re.compile(r"(?:::)?std::(?:map|multimap|unordered_map|unordered_multimap)\s*<")
_MAKE_SMART = re.compile(r"(?:::)?std::make_(?:unique|shared)")
_QUALIFIERS = re.compile(r"\b(?:const|volatile|struct|class|union|enum|typename|mutable|constexpr)\b")
_TYPES = {
    "class_specifier": "class",
    "struct_specifier": "struct",
    "union_specifier": "union",
    "enum_specifier": "enum",
}
_DECLARATORS = frozenset(("pointer_declarator", "reference_declarator", "init_declarator", "attributed_declarator"))
_NOT_VALUE = frozenset(("pointer_declarator", "reference_declarator", "array_declarator", "function_declarator"))
_EXPORT_MACRO = re.compile(
    rb"(\b(?:class|struct)\s+)([A-Z][A-Z0-9_]*[A-Z0-9](?:\([^()\n]*\))?)"
    rb"(?=\s+[A-Za-z_]\w*\s*(?:final\b|:[^:]|\{))"
)
_MAX_DOC_COMMENTS = 200
_NOT_SPACE = re.compile(rb"\S")
_CASTS = frozenset(("static_cast", "dynamic_cast", "const_cast", "reinterpret_cast", "bit_cast"))
COGNITIVE = CognitiveRules(
    structures=(
        "for_statement",
        "for_range_loop",
        "while_statement",
        "do_statement",
        "switch_statement",
        "catch_clause",
        "conditional_expression",
    ),
    ifs=("if_statement",),
    else_clauses=("else_clause",),
    flat=("goto_statement",),
    closures=("lambda_expression",),
    definitions=("function_definition",),
    logical=("binary_expression",),
    operators={"&&": "&&", "||": "||", "and": "&&", "or": "||"},
    parentheses=("parenthesized_expression",),
)
"""Cognitive complexity in C++ (see the module docstring); metrics.scm captures these types."""


@cache
def runtime() -> Grammar:
    """The cached Parser, Language and Queries of this process."""
    return Grammar(tree_sitter.Language(tree_sitter_cpp.language()), __package__, QUERY_FILES, ERROR_QUERY_FILE)


def _argument(written: str, position: int) -> str | None:
    """`std::map<std::pair<A, B>, C>`, 0 -> `std::pair<A, B>`; 1 -> ` C`."""
    start = written.find("<")
    if start < 0 or not written.rstrip().endswith(">"):
        return None
    depth = 0
    begin = start + 1
    for index in range(start + 1, len(written)):
        char = written[index]
        if char == "<":
            depth += 1
        elif char == ">" or char == ",":
            if depth == 0:
                if position == 0:
                    return written[begin:index]
                position -= 1
                begin = index + 1
                if char == ">":
                    return None
            elif char == ">":
                depth -= 1
    return None


def normalise_type(written: str) -> str | None:
    """`const ns::Klass<T>&` -> `ns::Klass`; `std::unique_ptr<K>` -> `K`; a standard sequence
    or set of K (`std::vector<K>`, `std::array<K, 3>`) -> `[]K`; None for other types."""
    written = written.strip()
    bare = _QUALIFIERS.sub("", written).strip().rstrip("*& ")
    container = _CONTAINER.match(bare)
    mapping = _MAPPING.match(bare) if container is None else None
    if container is not None or mapping is not None:
        argument = _argument(bare, 0 if container is not None else 1)
        element = normalise_type(argument) if argument is not None and len(argument) < _MAX_PIECE else None
        if element is None or element.startswith(("[]", "{}")):
            return None
        return ("[]" if container is not None else "{}") + element
    smart = _SMART.fullmatch(written)
    if smart is not None:
        written = smart.group(1)
    written = _QUALIFIERS.sub("", written)
    for _ in range(8):
        if "<" not in written:
            break
        written = _TEMPLATE_ARGS.sub("", written)
    written = "".join(written.split()).rstrip("*&").removeprefix("::")
    if not _TYPE_NAME.fullmatch(written) or written in ("auto", "void", "decltype"):
        return None
    return written


def extract_cpp(source: bytes, path: str, content_hash: str) -> FileFacts:
    """Extract definitions, includes, calls, metrics and typing facts from one C++ file.

    Never raises: syntax errors are counted in `syntax_errors` and everything recoverable
    is still extracted; an unexpected failure is reported in `FileFacts.error`.
    """
    try:
        return _Extraction(source).facts(path, content_hash)
    except Exception as exc:  # one bad file must not stop a scan
        return failed_extraction(source, path, content_hash, LANGUAGE_NAME, EXTRACTOR_VERSION, exc)


def _blank(match: re.Match) -> bytes:
    return match.group(1) + b" " * len(match.group(2))


class _Extraction(SourceReader):
    def __init__(self, source: bytes) -> None:
        self.source = bytes(source)
        rt = runtime()
        # `class ARROW_EXPORT Table : ...` (an export macro) derails tree-sitter-cpp: the macro
        # is blanked out for the parse (same length, so every position stays where it was).
        parsed = _EXPORT_MACRO.sub(_blank, self.source) if b"class" in self.source or b"struct" in self.source else None
        self.tree = rt.parser.parse(parsed if parsed is not None else self.source)
        self.root = self.tree.root_node
        self.captures = sorted_captures(rt.query, self.root, MAX_DEPTH)
        # functions (definitions with a body) in source order, for the scope of a position
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.scope_names: list[str] = []
        self.parents: list[int] = []  # index of the enclosing function, -1 for none
        # containers (namespaces, classes, functions) in source order
        self.c_starts: list[int] = []
        self.c_ends: list[int] = []
        self.c_names: list[str] = []
        self.c_parents: list[int] = []
        self.flows: list[tuple] = []
        self.locals: dict[str, list[str]] = {}
        captures = self.captures
        self.comments: list[tree_sitter.Node] = captures.get("comment", [])
        self.comment_at_row: dict[int, tree_sitter.Node] = {c.end_point[0]: c for c in self.comments}
        self.templates: dict[int, tree_sitter.Node] = {}  # start of what it declares -> template
        for template in captures.get("template", ()):
            count = template.named_child_count
            inner = template.named_child(count - 1) if count else None
            if inner is not None:
                self.templates[inner.start_byte] = template
        self.linkages = [(n.start_byte, n.end_byte) for n in captures.get("linkage", ())]
        self.b_starts: list[int] = []
        self.b_ends: list[int] = []
        self.b_parents: list[int] = []
        self.b_lines: list[tuple[int, int]] = []
        for block in captures.get("block", ()):
            self.b_parents.append(_enclosing(self.b_starts, self.b_ends, self.b_parents, block.start_byte))
            self.b_starts.append(block.start_byte)
            self.b_ends.append(block.end_byte)
            self.b_lines.append((block.start_point[0] + 1, block.end_point[0] + 1))

    # -- helpers ------------------------------------------------------------------------

    def scope_of(self, position: int) -> tuple[str, int]:
        """The qualname of the innermost function around a byte position and its index."""
        index = bisect_right(self.starts, position) - 1
        while index >= 0 and self.ends[index] <= position:
            index = self.parents[index]
        return (self.scope_names[index], index) if index >= 0 else ("", -1)

    def container_of(self, position: int) -> str:
        index = bisect_right(self.c_starts, position) - 1
        while index >= 0 and self.c_ends[index] <= position:
            index = self.c_parents[index]
        return self.c_names[index] if index >= 0 else ""

    def type_of(self, node: tree_sitter.Node | None) -> str | None:
        if node is None or node.type in ("primitive_type", "sized_type_specifier", "placeholder_type_specifier"):
            return None
        if node.end_byte - node.start_byte > _MAX_PIECE:
            return None
        return normalise_type(self.text(node))

    def name_parts(self, node: tree_sitter.Node | None) -> list[str]:
        """`ns::Klass<T>::m` -> ["ns", "Klass", "m"]; `::f` -> ["f"]."""
        parts: list[str] = []
        while node is not None and len(parts) < _MAX_LINKS:
            kind = node.type
            if kind == "qualified_identifier":
                scope = node.child_by_field_name("scope")
                if scope is not None:
                    if scope.type == "qualified_identifier":
                        parts.extend(self.name_parts(scope))
                    else:
                        parts.append(self.plain(scope))
                node = node.child_by_field_name("name")
            else:
                parts.append(self.plain(node))
                break
        return parts

    def plain(self, node: tree_sitter.Node) -> str:
        """A name without template arguments; `operator +` -> `operator+`."""
        kind = node.type
        if kind in ("template_type", "template_function", "template_method"):
            name = node.child_by_field_name("name")
            return self.text(name) if name is not None else self.short(node)
        if kind == "operator_name":
            return "operator" + "".join(self.text(node)[len("operator") :].split())
        if kind == "operator_cast":
            type_node = node.child_by_field_name("type")
            return "operator " + (self.short(type_node) if type_node is not None else "")
        if kind == "destructor_name":
            return "~" + self.text(node).lstrip("~").strip()
        return self.short(node)

    def callee(self, node: tree_sitter.Node) -> str:
        parts: list[str] = []
        derefs = 0
        current: tree_sitter.Node | None = node
        while current is not None:
            if len(parts) == _MAX_LINKS:
                parts.append("...")
                break
            kind = current.type
            if kind == "field_expression":
                operator = current.child_by_field_name("operator")
                field = current.child_by_field_name("field")
                separator = self.text(operator) if operator is not None else "."
                if field is not None and field.type == "qualified_identifier":
                    name = "::".join(self.name_parts(field))
                else:
                    name = self.plain(field) if field is not None else ""
                parts.append(separator + name)
                current = current.child_by_field_name("argument")
            elif kind == "call_expression":
                parts.append("()")
                current = current.child_by_field_name("function")
            elif kind == "subscript_expression":
                parts.append("[]")
                current = current.child_by_field_name("argument")
            elif kind == "parenthesized_expression" and current.named_child_count == 1:
                inner = current.named_child(0)
                if inner.type == "pointer_expression" and self.text(inner).startswith("*"):
                    parts.append(")")
                    derefs += 1
                    current = inner.child_by_field_name("argument")
                else:
                    current = inner
            elif kind == "qualified_identifier":
                prefix = "::" if self.text(current).startswith("::") else ""
                parts.append(prefix + "::".join(self.name_parts(current)))
                current = None
            elif kind in ("template_function", "template_method", "template_type"):
                parts.append(self.plain(current))
                current = None
            elif kind == "lambda_expression":
                parts.append("lambda")
                current = None
            else:
                parts.append(self.short(current))
                current = None
        parts.extend(["(*"] * derefs)
        return "".join(reversed(parts))

    @staticmethod
    def arity(arguments: tree_sitter.Node | None) -> int:
        if arguments is None:
            return 0
        count = 0
        for child in arguments.named_children:
            if child.type == "parameter_pack_expansion":
                return -1
            if child.type != "comment":
                count += 1
        return count

    def doc_comment(self, node: tree_sitter.Node) -> str | None:
        """The comments that end on the line above (or on the same line, before the node),
        with nothing but whitespace between, each on a line of its own."""
        lines: list[str] = []
        source = self.source
        position, row = node.start_byte, node.start_point[0]
        while len(lines) < _MAX_DOC_COMMENTS:
            comment = self.comment_at_row.get(row)
            if comment is None or comment.end_byte > position:
                comment = self.comment_at_row.get(row - 1)
            if comment is None or comment.end_byte > position or source[comment.end_byte : position].strip():
                break
            line_start = source.rfind(b"\n", 0, comment.start_byte) + 1
            if source[line_start : comment.start_byte].strip():
                break  # a trailing comment of the code before (`int x; // note`)
            lines.append(self.text(comment))
            position, row = comment.start_byte, comment.start_point[0]
        if not lines:
            return None
        return _strip_comments(reversed(lines))

    # -- the records --------------------------------------------------------------------

    def facts(self, path: str, content_hash: str) -> FileFacts:
        captures = self.captures
        definitions = self.definitions()
        calls: list[CallSite] = []
        arities: list[int] = []
        adl: list[tuple[int, int, str]] = []
        for node in captures.get("call", ()):
            function = node.child_by_field_name("function")
            if function is None:
                continue
            scope, _ = self.scope_of(node.start_byte)
            callee = self.callee(function)
            if callee in _CASTS:
                continue  # `static_cast<T>(x)`: a cast, not a call
            calls.append(CallSite(callee, function.start_point[0] + 1, function.start_point[1], scope))
            arguments = node.child_by_field_name("arguments")
            arities.append(self.arity(arguments))
            if function.type == "identifier" and arguments is not None and arguments.named_child_count:
                first = arguments.named_child(0)
                if first.type == "pointer_expression" and self.text(first).startswith("&"):
                    first = first.child_by_field_name("argument") or first
                if first.type in ("identifier", "field_expression", "this"):
                    adl.append((function.start_point[0] + 1, function.start_point[1], self.callee(first)))
        for node in captures.get("new", ()):
            type_node = node.child_by_field_name("type")
            written = self.type_of(type_node)
            if written is None:
                continue
            scope, _ = self.scope_of(node.start_byte)
            calls.append(CallSite("new " + written, node.start_point[0] + 1, node.start_point[1], scope))
            arities.append(self.arity(node.child_by_field_name("arguments")))
        if adl:
            self.flows.append(("first_args", tuple(adl)))
        inits = []
        for node in captures.get("init", ()):
            name = node.named_child(0) if node.named_child_count else None
            if name is None or name.type not in ("field_identifier", "qualified_identifier", "template_method"):
                continue
            scope, _ = self.scope_of(node.start_byte)
            line, col = node.start_point[0] + 1, node.start_point[1]
            callee = "::".join(self.name_parts(name)) if name.type == "qualified_identifier" else self.plain(name)
            calls.append(CallSite(callee, line, col, scope))
            arguments = node.named_child(node.named_child_count - 1)
            arities.append(self.arity(arguments) if arguments is not name else 0)
            inits.append((line, col))
        if inits:
            self.flows.append(("inits", tuple(inits)))
        self.bindings(calls, arities)
        if calls:
            order = sorted(range(len(calls)), key=lambda i: (calls[i].line, calls[i].col))
            calls = [calls[i] for i in order]
            arities = [arities[i] for i in order]
        self.flows.append(("arities", tuple(arities)))
        scopes = {scope: (tuple(dict.fromkeys(names)), (), ()) for scope, names in self.locals.items() if scope}
        for qualname in self.scope_names:
            scopes.setdefault(qualname, ((), (), ()))
        return FileFacts.model_construct(
            path=path,
            language=LANGUAGE_NAME,
            content_hash=content_hash,
            extractor_version=EXTRACTOR_VERSION,
            lines=count_lines(self.source),
            size=len(self.source),
            module_docstring=self.module_docstring(),
            definitions=definitions,
            imports=self.imports(),
            calls=calls,
            assignments=[],
            all_names=None,
            flows=self.flows,
            scopes=scopes,
            syntax_errors=count_syntax_errors(runtime().error_query, self.root),
            error=None,
        )

    def module_docstring(self) -> str | None:
        """The comment block the file starts with, unless it is attached to the first
        declaration (which then has it as its docstring); `#include`s do not attach."""
        comments = self.comments
        source = self.source
        if not comments or comments[0].start_point[0] != 0 or source[: comments[0].start_byte].strip():
            return None
        block = [comments[0]]
        for comment in comments[1 : _MAX_DOC_COMMENTS + 1]:
            last = block[-1]
            if comment.start_point[0] != last.end_point[0] + 1 or source[last.end_byte : comment.start_byte].strip():
                break
            block.append(comment)
        end = block[-1].end_byte
        following = _NOT_SPACE.search(source, end)
        if following is not None:
            row = block[-1].end_point[0] + source.count(b"\n", end, following.start())
            if row == block[-1].end_point[0] + 1 and not source.startswith(b"#include", following.start()):
                return None
        return _strip_comments(self.text(c) for c in block)

    def definitions(self) -> list[Definition]:
        captures = self.captures
        # a member declared with its type's definition (`struct In { ... } in;`) starts where
        # that type starts: fields first, so that the field belongs to the class around both
        found = [(n, "field") for n in captures.get("field", ())]
        found += [(n, "namespace") for n in captures.get("namespace", ())]
        found += [(n, "type") for n in captures.get("type", ())]
        found += [(n, "function") for n in captures.get("function", ())]
        found.sort(key=lambda item: item[0].start_byte)
        records: list[Definition] = []
        stack: list[tuple[int, str, str, bool]] = []  # (end byte, qualname, kind, internal)
        namespaces: set[str] = set()
        branch = self.metrics_by_position()
        cognitive = self.cognitive()
        for node, what in found:
            while stack and stack[-1][0] <= node.start_byte:
                stack.pop()
            _, container, container_kind, internal = stack[-1] if stack else (0, "", "", False)
            if what == "namespace":
                name_node = node.child_by_field_name("name")
                if name_node is None:  # anonymous: transparent, its members internal
                    stack.append((node.end_byte, container, "namespace", True))
                    continue
                pieces = name_node.named_children if name_node.named_child_count else [name_node]
                name = ".".join(self.text(n) for n in pieces)
                qualname = f"{container}.{name}" if container else name
                namespaces.add(qualname)
                stack.append((node.end_byte, qualname, "namespace", internal))
                self.container(node, qualname)
                records.append(
                    Definition(
                        kind="class",
                        name=name.rpartition(".")[2],
                        qualname=qualname,
                        span=self.span(node),
                        parent=container,
                        signature=f"namespace {name.replace('.', '::')}",
                        docstring=self.doc_comment(node),
                        type_kind="namespace",
                    )
                )
            elif what == "type":
                record = self.type_definition(node, container)
                if record is None:
                    continue
                stack.append((node.end_byte, record.qualname, "class", internal))
                self.container(node, record.qualname)
                records.append(record)
            elif what == "field":
                if container_kind == "class":
                    self.member(node, container)
            else:
                record = self.function(node, container, container_kind, namespaces, len(records), internal)
                if record is None:
                    continue
                stack.append((node.end_byte, record.qualname, "function", internal))
                self.container(node, record.qualname)
                self.parents.append(_enclosing(self.starts, self.ends, self.parents, node.start_byte))
                self.starts.append(node.start_byte)
                self.ends.append(node.end_byte)
                self.scope_names.append(record.qualname)
                cyclomatic, nesting = branch(node)
                metrics = record.metrics._replace(
                    cyclomatic=cyclomatic, max_nesting=nesting, cognitive=cognitive(node.child_by_field_name("body"))
                )
                records.append(record._replace(metrics=metrics))
        return records

    def cognitive(self):
        """A function scoring a function body's cognitive complexity, from the nodes with a
        role: the metrics' captures, the functions and lambdas, and the `@cognitive` ones."""
        roles = COGNITIVE.roles
        captures = self.captures
        nodes = [node for node in captures.get("branch", ()) if node.type in roles]
        nodes += (node for node in captures.get("nesting", ()) if node.type in roles)
        nodes += captures.get("function", ())
        nodes += captures.get("lambda", ())
        nodes += captures.get("cognitive", ())
        return CognitiveScan(COGNITIVE, nodes).of

    def container(self, node: tree_sitter.Node, qualname: str) -> None:
        self.c_parents.append(_enclosing(self.c_starts, self.c_ends, self.c_parents, node.start_byte))
        self.c_starts.append(node.start_byte)
        self.c_ends.append(node.end_byte)
        self.c_names.append(qualname)

    def metrics_by_position(self):
        """A function computing (cyclomatic, max_nesting) of a function node from the captures:
        branches and nesting statements inside it that are not inside a nested function."""
        branches = [n.start_byte for n in self.captures.get("branch", ())]
        nesting = [(n.start_byte, n.end_byte) for n in self.captures.get("nesting", ())]
        nesting_starts = [start for start, _ in nesting]
        functions = [(n.start_byte, n.end_byte) for n in self.captures.get("function", ())]
        function_starts = [start for start, _ in functions]

        def inner_ranges(start: int, end: int) -> list[tuple[int, int]]:
            first = bisect_right(function_starts, start)
            last = bisect_right(function_starts, end)
            ranges: list[tuple[int, int]] = []
            for s, e in functions[first:last]:
                if not ranges or s >= ranges[-1][1]:
                    ranges.append((s, e))
            return ranges

        def outside(position: int, ranges: list[tuple[int, int]]) -> bool:
            return all(not (s <= position < e) for s, e in ranges)

        def compute(node: tree_sitter.Node) -> tuple[int, int]:
            start, end = node.start_byte, node.end_byte
            ranges = inner_ranges(start, end)
            first, last = bisect_right(branches, start - 1), bisect_right(branches, end - 1)
            cyclomatic = 1 + sum(1 for p in branches[first:last] if not ranges or outside(p, ranges))
            deepest = 0
            open_ends: list[int] = []
            first, last = bisect_right(nesting_starts, start - 1), bisect_right(nesting_starts, end - 1)
            for s, e in nesting[first:last]:
                if ranges and not outside(s, ranges):
                    continue
                while open_ends and open_ends[-1] <= s:
                    open_ends.pop()
                open_ends.append(e)
                deepest = max(deepest, len(open_ends))
            return cyclomatic, deepest

        return compute

    def span(self, node: tree_sitter.Node) -> Span:
        (sl, sc), (el, ec) = self.outer(node).start_point, node.end_point
        return Span(sl + 1, sc, el + 1, ec)

    def outer(self, node: tree_sitter.Node) -> tree_sitter.Node:
        """The (outermost) `template <...>` declaration around a definition, or itself."""
        outer = node
        for _ in range(_MAX_LINKS):
            template = self.templates.get(outer.start_byte)
            if template is None or template.start_byte >= outer.start_byte:
                break
            outer = template
        return outer

    def type_definition(self, node: tree_sitter.Node, container: str) -> Definition | None:
        name_node = node.child_by_field_name("name")
        if name_node is None:
            return None  # anonymous struct/union/enum: not a definition
        parts = self.name_parts(name_node)
        name = parts[-1]
        qualname = ".".join(([container] if container else []) + parts)
        bases: list[str] = []
        body = node.child_by_field_name("body")
        for child in node.named_children:
            if child.type != "base_class_clause":
                continue
            for base in child.named_children:
                if base.type not in ("access_specifier", "comment"):
                    bases.append(self.short(base))
        header = self.source[node.start_byte : body.start_byte if body is not None else node.end_byte]
        return Definition(
            kind="class",
            name=name,
            qualname=qualname,
            span=self.span(node),
            parent=container,
            signature=" ".join(header.decode("utf-8", "replace").split())[:_MAX_PIECE],
            docstring=self.doc_comment(self.outer(node)),
            bases=tuple(bases),
            type_kind=_TYPES[node.type],
        )

    def member(self, node: tree_sitter.Node, klass: str) -> None:
        """A field declaration in a class body: a data member, or a member function prototype."""
        type_node = node.child_by_field_name("type")
        for declarator in node.children_by_field_name("declarator"):
            current = declarator
            is_value = True
            while current is not None and current.type in _NOT_VALUE:
                if current.type == "function_declarator":
                    parameters = current.child_by_field_name("parameters")
                    name = current.child_by_field_name("declarator")
                    if name is not None:
                        count = len(self.parameters(parameters)[0]) if parameters is not None else 0
                        self.flows.append(("declares", klass, self.plain(name), count))
                    is_value = False
                    break
                if current.type != "pointer_declarator" and current.type != "reference_declarator":
                    is_value = False
                    break
                current = current.child_by_field_name("declarator") or (
                    current.named_child(current.named_child_count - 1) if current.named_child_count else None
                )
            if not is_value or current is None:
                continue
            if current.type == "operator_cast":
                self.flows.append(("declares", klass, self.plain(current), 0))
                continue
            if current.type == "field_identifier":
                type_ = self.type_of(type_node)
                if type_node is not None and type_node.type in _TYPES:  # `struct In { ... } in;`
                    named = type_node.child_by_field_name("name")
                    type_ = self.text(named) if named is not None else None
                if type_ is not None:
                    self.flows.append(("field", klass, self.text(current), type_))

    def parameters(self, parameters: tree_sitter.Node) -> tuple[list[tree_sitter.Node], int, bool]:
        """(declared parameters, how many have defaults, variadic `...`)."""
        declared = []
        defaults = 0
        variadic = False
        for child in parameters.children:
            kind = child.type
            if kind in ("parameter_declaration", "optional_parameter_declaration", "variadic_parameter_declaration"):
                type_node = child.child_by_field_name("type")
                is_single = kind == "parameter_declaration" and child.named_child_count == 1
                if is_single and type_node is not None and self.text(type_node) == "void":
                    continue  # `f(void)`
                declared.append(child)
                if kind == "optional_parameter_declaration":
                    defaults += 1
                elif kind == "variadic_parameter_declaration":
                    variadic = True
            elif kind == "...":
                variadic = True
        return declared, defaults, variadic

    def function(
        self,
        node: tree_sitter.Node,
        container: str,
        container_kind: str,
        namespaces: set[str],
        index: int,
        internal: bool,
    ) -> Definition | None:
        body = node.child_by_field_name("body")
        if body is None:
            return None  # `= default`, `= delete`, or a pure virtual written as a definition
        declarator = node.child_by_field_name("declarator")
        parameters = None
        name_node = None
        current = declarator
        for _ in range(_MAX_LINKS):
            if current is None:
                break
            kind = current.type
            if kind == "function_declarator":
                parameters = current.child_by_field_name("parameters")
                name_node = current.child_by_field_name("declarator")
                break
            if kind in ("pointer_declarator", "reference_declarator", "attributed_declarator"):
                current = current.child_by_field_name("declarator") or (
                    current.named_child(current.named_child_count - 1) if current.named_child_count else None
                )
            elif kind in ("operator_cast", "qualified_identifier"):
                name_node = current
                inner = current
                while inner is not None and inner.type == "qualified_identifier":
                    inner = inner.child_by_field_name("name")
                if inner is not None and inner.type == "operator_cast":
                    abstract = inner.child_by_field_name("declarator")
                    parameters = abstract.child_by_field_name("parameters") if abstract is not None else None
                break
            else:
                break
        if name_node is None:
            return None
        parts = self.name_parts(name_node)
        if not parts or not parts[-1]:
            return None
        name = parts[-1]
        qualifier = parts[:-1]
        prefix = [container] if container else []
        qualname = ".".join(prefix + parts)
        if qualifier:
            parent = ".".join(prefix + qualifier)
            kind = "function" if parent in namespaces else "method"
        elif container_kind == "class":
            kind, parent = "method", container
        else:
            kind, parent = "function", ""
        if kind == "function":
            parent = ""  # free functions are top-level functions of the module, namespaced by qualname
        declared, defaults, variadic = self.parameters(parameters) if parameters is not None else ([], 0, False)
        count = len(declared)
        if defaults or variadic:
            self.flows.append(("params", index, count - defaults, -1 if variadic else count))
        decorators: list[str] = []
        for child in node.children:
            kind_ = child.type
            if kind_ == "attribute_declaration":
                decorators.extend(self.short(a) for a in child.named_children if a.type == "attribute")
            elif kind_ in ("storage_class_specifier", "virtual", "explicit_function_specifier"):
                decorators.append(self.text(child))
        for child in current.children if current is not None and current.type == "function_declarator" else ():
            if child.type == "virtual_specifier":
                decorators.append(self.text(child))
        storage = decorators
        if kind == "function" and not qualifier and container_kind != "class" and (internal or "static" in storage):
            self.flows.append(("internal", index))
        if any(start <= node.start_byte < end for start, end in self.linkages):
            self.flows.append(("extern_c", index))
        type_node = node.child_by_field_name("type")
        if type_node is not None and type_node.type == "placeholder_type_specifier" and current is not None:
            for child in current.named_children:  # `auto f() -> T`
                if child.type == "trailing_return_type" and child.named_child_count:
                    type_node = child.named_child(0).child_by_field_name("type")
        returns = self.type_of(type_node)
        if returns is not None:
            self.flows.append(("returns", index, returns))
        self.parameter_flows(qualname, declared, node)
        end = declarator.end_byte if declarator is not None else body.start_byte
        header = " ".join(self.source[node.start_byte : end].decode("utf-8", "replace").split())
        (start_line, _), (end_line, _) = self.outer(node).start_point, node.end_point
        return Definition(
            kind=kind,
            name=name,
            qualname=qualname,
            parent=parent,
            span=self.span(node),
            signature=header[: _MAX_PIECE * 2],
            decorators=tuple(decorators),
            docstring=self.doc_comment(self.outer(node)),
            metrics=FunctionMetrics(lines=end_line - start_line + 1, cyclomatic=1, parameters=count, max_nesting=0),
        )

    def parameter_flows(self, scope: str, declared: list[tree_sitter.Node], function: tree_sitter.Node) -> None:
        first, last = function.start_point[0] + 1, function.end_point[0] + 1
        names = self.locals.setdefault(scope, [])
        for parameter in declared:
            name = self.declared_name(parameter.child_by_field_name("declarator"))
            if name is None:
                continue
            names.append(name[0])
            type_ = self.type_of(parameter.child_by_field_name("type"))
            if type_ is not None:
                self.flows.append(("var", scope, name[0], type_, first, last))

    def declared_name(self, declarator: tree_sitter.Node | None) -> tuple[str, tree_sitter.Node, bool] | None:
        """The identifier a declarator declares, its node, and whether it is a plain value
        (not a pointer or reference): None for arrays, functions and the rest."""
        plain = True
        current = declarator
        for _ in range(_MAX_LINKS):
            if current is None:
                return None
            kind = current.type
            if kind == "identifier":
                return self.text(current), current, plain
            if kind in _DECLARATORS:
                if kind != "init_declarator" and kind != "attributed_declarator":
                    plain = False
                current = current.child_by_field_name("declarator") or (
                    current.named_child(current.named_child_count - 1) if current.named_child_count else None
                )
            else:
                return None
        return None

    # -- bindings -----------------------------------------------------------------------

    def block_of(self, node: tree_sitter.Node) -> tuple[int, int]:
        """First and last line of the innermost block (or lambda) around a node."""
        position = node.start_byte
        index = bisect_right(self.b_starts, position) - 1
        while index >= 0 and (self.b_ends[index] <= position or self.b_starts[index] == position):
            index = self.b_parents[index]
        return self.b_lines[index] if index >= 0 else (node.start_point[0] + 1, node.end_point[0] + 1)

    def bindings(self, calls: list[CallSite], arities: list[int]) -> None:
        captures = self.captures
        for node in captures.get("declaration", ()):
            self.declaration(node, calls, arities)
        for node in captures.get("lambda_parameter", ()):
            # parameters of lambdas (those of function definitions were read with them)
            name = self.declared_name(node.child_by_field_name("declarator"))
            if name is None:
                continue
            scope, _ = self.scope_of(node.start_byte)
            if not scope:
                continue
            self.locals.setdefault(scope, []).append(name[0])
            type_ = self.type_of(node.child_by_field_name("type"))
            if type_ is not None:
                self.flows.append(("var", scope, name[0], type_, *self.block_of(node)))
        for node in captures.get("range", ()):
            declarator = node.child_by_field_name("declarator")
            name = self.declared_name(declarator)
            scope, _ = self.scope_of(node.start_byte)
            if name is None and scope and declarator is not None:
                self.structured_binding(node, declarator, scope)
            if name is None or not scope:
                continue
            self.locals.setdefault(scope, []).append(name[0])
            type_node = node.child_by_field_name("type")
            lines = (node.start_point[0] + 1, node.end_point[0] + 1)
            if type_node is not None and type_node.type == "placeholder_type_specifier":
                right = node.child_by_field_name("right")
                if right is not None and right.type in ("identifier", "field_expression", "call_expression", "this"):
                    self.flows.append(("var_range", scope, name[0], self.callee(right), *lines))
                continue
            type_ = self.type_of(type_node)
            if type_ is not None:
                self.flows.append(("var", scope, name[0], type_, *lines))
        for node in captures.get("using", ()):
            container = self.container_of(node.start_byte)
            target = node.named_child(node.named_child_count - 1) if node.named_child_count else None
            if target is None:
                continue
            written = "::".join(self.name_parts(target))
            is_directive = any(child.type == "namespace" for child in node.children)
            self.flows.append(("using_namespace" if is_directive else "using", container, written))
        for node in captures.get("alias", ()):
            name = node.child_by_field_name("name")
            type_ = self.type_of(node.child_by_field_name("type"))
            if name is not None and type_ is not None:
                self.flows.append(("alias", self.container_of(node.start_byte), self.text(name), type_))
        for node in captures.get("typedef", ()):
            type_ = self.type_of(node.child_by_field_name("type"))
            if type_ is None:
                continue
            for declarator in node.children_by_field_name("declarator"):
                if declarator.type == "type_identifier":
                    self.flows.append(("alias", self.container_of(node.start_byte), self.text(declarator), type_))
        for node in captures.get("namespace_alias", ()):
            name = node.child_by_field_name("name")
            target = node.named_child(node.named_child_count - 1) if node.named_child_count else None
            if name is not None and target is not None and target is not name:
                written = "::".join(self.name_parts(target))
                if target.type == "nested_namespace_specifier":
                    written = "::".join(self.text(n) for n in target.named_children)
                self.flows.append(("namespace_alias", self.container_of(node.start_byte), self.text(name), written))

    def structured_binding(self, node: tree_sitter.Node, declarator: tree_sitter.Node, scope: str) -> None:
        """`for (auto& [key, value] : m)`: the names are locals; over a map, value is a value."""
        while declarator.type == "reference_declarator" and declarator.named_child_count:
            declarator = declarator.named_child(0)
        if declarator.type != "structured_binding_declarator":
            return
        names = [self.text(n) for n in declarator.named_children if n.type == "identifier"]
        self.locals.setdefault(scope, []).extend(names)
        right = node.child_by_field_name("right")
        if (
            len(names) == 2
            and right is not None
            and right.type in ("identifier", "field_expression", "call_expression")
        ):
            lines = (node.start_point[0] + 1, node.end_point[0] + 1)
            self.flows.append(("var_range_value", scope, names[1], self.callee(right), *lines))

    def declaration(self, node: tree_sitter.Node, calls: list[CallSite], arities: list[int]) -> None:
        scope, _ = self.scope_of(node.start_byte)
        type_node = node.child_by_field_name("type")
        if type_node is None:
            return
        storage = {self.text(c) for c in node.children if c.type == "storage_class_specifier"}
        type_ = self.type_of(type_node)
        is_auto = type_node.type == "placeholder_type_specifier"
        is_class_body = type_node.type in _TYPES and type_node.child_by_field_name("body") is not None
        if is_class_body:
            type_name = type_node.child_by_field_name("name")
            type_ = self.text(type_name) if type_name is not None else None
        first = last = 0
        if scope:
            first, last = self.block_of(node)
        for declarator in node.children_by_field_name("declarator"):
            if declarator.type == "function_declarator":
                continue  # a prototype
            found = self.declared_name(declarator)
            if found is None:
                continue
            name, name_node, plain = found
            if scope:
                self.locals.setdefault(scope, []).append(name)
            value = declarator.child_by_field_name("value") if declarator.type == "init_declarator" else None
            known = type_
            if is_auto and value is not None:
                known = self.value_type(value, scope, name, first, last)
            if known is not None:
                if scope:
                    self.flows.append(("var", scope, name, known, first, last))
                else:
                    self.flows.append(("global", self.container_of(node.start_byte - 1), name, known))
            if is_auto or not plain or type_ is None or is_class_body or "extern" in storage:
                continue
            if type_.startswith(("std::", "[]", "{}")) or _SMART.fullmatch(self.text(type_node).strip()):
                continue  # standard library types: their constructors are no edges
            # a construction: `Klass k;`, `Klass k(1);`, `Klass k{1};`
            if value is None:
                count = 0
            elif value.type in ("argument_list", "initializer_list"):
                count = self.arity(value)
            else:
                continue
            if not scope and self.outer(node) is not node:
                continue  # a variable template
            calls.append(CallSite(type_, name_node.start_point[0] + 1, name_node.start_point[1], scope))
            arities.append(count)

    def value_type(self, value: tree_sitter.Node, scope: str, name: str, first: int, last: int) -> str | None:
        """The type of `auto x = value` when evident: `new K(...)`, `std::make_unique<K>(...)`;
        `F(...)` is left to the resolver (a ("var_call", ...) flow)."""
        if value.type == "new_expression":
            return self.type_of(value.child_by_field_name("type"))
        if value.type == "pointer_expression" and self.text(value).startswith("&"):
            value = value.child_by_field_name("argument") or value
        if value.type in ("identifier", "field_expression", "this") and scope:
            self.flows.append(("var_expr", scope, name, self.callee(value), first, last))
            return None
        if value.type != "call_expression":
            return None
        function = value.child_by_field_name("function")
        if function is None:
            return None
        if function.type == "qualified_identifier":
            inner = function
            while inner is not None and inner.type == "qualified_identifier":
                inner = inner.child_by_field_name("name")
            if inner is not None and inner.type == "template_function":
                head = self.text(function)[: inner.start_byte - function.start_byte] + self.plain(inner)
                if _MAKE_SMART.fullmatch(head):
                    arguments = inner.child_by_field_name("arguments")
                    if arguments is not None and arguments.named_child_count:
                        return self.type_of(arguments.named_child(0))
                    return None
        if scope:
            self.flows.append(("var_call", scope, name, self.callee(function), first, last))
        return None

    def imports(self) -> list[Import]:
        records = []
        for node in self.captures.get("include", ()):
            spec = node.child_by_field_name("path")
            if spec is None:
                continue
            written = self.text(spec).strip()
            if spec.type == "system_lib_string":
                module, level = written.strip("<>").strip(), 0
            elif spec.type == "string_literal":
                module, level = written.strip('"').strip(), 1
            else:
                continue  # `#include MACRO`
            if module:
                records.append(Import(module=module, line=node.start_point[0] + 1, level=level, scope=""))
        return records


def _enclosing(starts: list[int], ends: list[int], parents: list[int], position: int) -> int:
    """The last range (appended in start order, nested or disjoint) still open at position."""
    index = len(starts) - 1
    while index >= 0 and ends[index] <= position:
        index = parents[index]
    return index


def _strip_comments(comments) -> str:
    out: list[str] = []
    for comment in comments:
        if comment.startswith("//"):
            body = comment[2:]
            if body[:1] in ("/", "!"):
                body = body[1:]
            out.append(body[1:] if body.startswith(" ") else body)
        else:
            inner = comment[2:-2] if comment.endswith("*/") else comment[2:]
            if inner[:1] in ("*", "!"):
                inner = inner[1:]
            for part in inner.strip().splitlines():
                part = part.strip()
                if part.startswith("*"):
                    part = part[1:].lstrip()
                out.append(part)
    return "\n".join(out).strip()
