"""C source bytes -> FileFacts, with tree-sitter queries (tree-sitter-c, files `*.c` and `*.h`).

One parse and one query pass per file: the query is the concatenation of the `.scm` files
beside this module; `errors.scm` runs only when the tree reports an error. The preprocessor
is not run: tree-sitter-c parses `#if`/`#ifdef`/`#else` branches as nodes, and whatever any
branch defines, includes or calls is extracted (as Go's build constraints: two definitions
of one function in two branches both exist). Macros in odd places, `__attribute__`, K&R
parameter lists and kernel-style declarations parse with error recovery; what parses is kept.
Attribute-like macro invocations in a declaration's header (`static inline __alloc_size(1)
void *kzalloc(...)`, `int __printf(6, 7) f(...)`, `f(x) __acquires(x)`), which tree-sitter
cannot expand and which would swallow the whole function into an ERROR node, are blanked
(same length, so every offset, line and column is the file's) in the text that is parsed;
signatures and all other text are read from the file as written.

Definitions:
  - A function with a body -> kind "function", qualname its name (prototypes are not
    definitions). A GCC nested function is `outer.inner` (parent `outer`). `decorators` holds
    the storage classes as written (`static`, `inline`, `extern`) then `__attribute__((...))`
    specifiers: a `static` function is private to its file (the resolver reads this).
  - `struct S {...}`, `union U {...}`, `enum E {...}` (a tag and a body) -> kind "class" with
    type_kind "struct" / "union" / "enum", qualname the tag; `typedef struct {...} Name;`
    (an anonymous one) -> the same, named Name. Any other typedef (`typedef int myint;`,
    `typedef struct s s_t;`, `typedef int (*cb_t)(int);`) -> kind "class", type_kind "type"
    (not `typedef struct S {...} S;`, whose one definition is the struct S).
    Types are all at file scope (C has no nested type scopes), parent "".
  - Not recovered: functions a macro defines (`SYSCALL_DEFINE3(open, ...) {...}` reads as a
    file-level call and a block). A "function" whose parameter list is only an ERROR
    (`int __printf(6, 7)` left over by error recovery) is a macro's arguments: no definition.
Spans are the definition's (for a struct declared with a typedef or a variable, the whole
declaration). signature: the header up to the body, on one line, whitespace collapsed.
docstring: the comment block (`/** */`, `/* */` or `//` lines) that ends on the line right
above, markers (and leading `*` of block lines) stripped; the file's first comment, when
it is not some definition's doc comment, is the module docstring.

Metrics (functions): lines of the span; cyclomatic 1 + one per `if`, `for`, `while`, `do`,
`case` (not `default`), `&&`, `||` and `?:`; parameters: declared parameters (`(void)` and
`()` count 0, `...` counts 1, K&R names count each); max_nesting: deepest nesting of
if/for/while/do/switch statements; cognitive (codeintel.languages.cognitive): +1 and the
nesting level for `if`, `for`, `while`, `do`, `switch` (as a whole) and `?:`, +1 for `else
if`, `else`, `goto` and each run of like `&&`/`||` (statements inside `#if` branches count
like any other; the directives add nothing).

Imports: one Import per `#include`: module = the spec as written without its delimiters
(`util.h`, `linux/list.h`), name None, alias None, and `level` says the form: 1 for a quoted
include (`"util.h"`: searched relative to the including file first, like a relative import),
0 for an angle one (`<stdio.h>`). Computed includes (`#include MACRO`) are skipped.

Calls: the called expression as written with argument lists reduced to `()`: `f`,
`s->ops->open`, `obj.cb`, `(*fp)`, `get_ops()->run`, `table[]`. The arguments of an
`__attribute__((aligned(16)))` are not calls.

Language-specific facts, in `flows` (tuples, first item the kind):
  ("macro", name)     a function-like macro `#define NAME(...)` (read from the source lines
                      by a regex: error recovery often swallows a `#define` written inside
                      an initializer): calls of it are macro expansions, never edges
  ("alias", name, target)
                      an object-like macro whose value is one identifier (`#define my_alloc
                      xmalloc`): a call `my_alloc(n)` is a call of `xmalloc` once expanded
  ("proto", name)     a prototype at file scope (`int f(int);`, `extern void g(void);`, also
                      one that error recovery left outside a declaration, as a trailing
                      attribute macro `void f(int) _X_ATTRIBUTE_PRINTF(1, 2);` does)
  ("global", name)    a variable declared at file scope (`int (*hook)(void);`, `extern int n;`)
  ("block_local", scope, name, first line, last line)
                      a function pointer declared in a nested block (`{ int (*f)(void) = g;
                      ... }`): it shadows functions of its name from its line to the block's
                      end only
`scopes` holds, per function qualname, the other names it binds (parameters, K&R parameters
and local variables, function pointers included), which shadow functions of the same name in
the whole function; a local prototype (`int f(int);` inside a body) binds nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

import tree_sitter
import tree_sitter_c

from codeintel.languages.cognitive import CognitiveRules, CognitiveScan
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

LANGUAGE_NAME = "c"
EXTRACTOR_VERSION = f"{MODEL_EXTRACTOR_VERSION}+c-2"
QUERY_FILES = ("definitions.scm", "imports.scm", "calls.scm", "bindings.scm", "metrics.scm")
ERROR_QUERY_FILE = "errors.scm"
MAX_DEPTH = 10_000
_MAX_LINKS = 32
_MAX_SIGNATURE = 400
_IDENTIFIER = re.compile(rb"\s*([A-Za-z_]\w*)\s*")
_ATTRIBUTE_MACRO = re.compile(rb"_(?<![\w.>]_)[_A-Z]\w*[ \t]*\([^()\n]*\)(?=[ \t]*(?:[A-Za-z_{]|\r?\n|/[*/]))")
"""`__printf(1, 2)`, `__acquires(x->lock)`, `_X_ATTRIBUTE_PRINTF(1, 2)` followed by more of a
declaration (a name, `{`, a comment or the end of the line), not by `;`, `,` or `)`. The
pattern starts with a literal `_` (the look-behind comes after it), which the engine scans
for 8x faster than it tries a leading look-behind at every byte."""
_DECLARATOR_AHEAD = re.compile(
    rb"\s*+[A-Za-z_]\w*+(?:\s*+\*[\s*]*+|\s++)(?:[A-Za-z_]\w*+(?:\s*+\*[\s*]*+|\s++))*[A-Za-z_]\w*+\s*+\("
)
"""A type and a name before a `(` (`void *kzalloc(`), not one name (`__acquires(`). Possessive
atoms, and a separator required after each name, keep it linear: no split of `abcdef` into
names can be tried."""
_NAME_AHEAD = re.compile(rb"[ \t]*[A-Za-z_]\w*[ \t]*\(")
_NUMBERS = re.compile(rb"[\d\s,]*")
_LINE_END = re.compile(rb"[ \t]*(?:\r?\n|/[*/]|\{)")
_FUNCTION_MACRO = re.compile(rb"#[ \t]*define[ \t]+([A-Za-z_]\w*)\(")
"""Unanchored (7x faster than `^...` with MULTILINE); the line start is checked per match."""
_WRAPPERS = frozenset(("pointer_declarator", "parenthesized_declarator", "attributed_declarator"))
_TYPE_KINDS = {"struct_specifier": "struct", "union_specifier": "union", "enum_specifier": "enum"}
COGNITIVE = CognitiveRules(
    structures=("for_statement", "while_statement", "do_statement", "switch_statement", "conditional_expression"),
    ifs=("if_statement",),
    else_clauses=("else_clause",),
    flat=("goto_statement",),
    definitions=("function_definition",),
    logical=("binary_expression",),
    operators={"&&": "&&", "||": "||"},
    parentheses=("parenthesized_expression",),
)
"""Cognitive complexity in C (see the module docstring); metrics.scm captures these types."""
_SPECIFIERS = frozenset(("storage_class_specifier", "attribute_specifier", "ms_declspec_modifier"))


@cache
def runtime() -> Grammar:
    """The cached Parser, Language and Queries of this process."""
    return Grammar(tree_sitter.Language(tree_sitter_c.language()), __package__, QUERY_FILES, ERROR_QUERY_FILE)


def extract_c(source: bytes, path: str, content_hash: str) -> FileFacts:
    """Extract definitions, includes, calls, metrics and scoping facts from one C file.

    Never raises: syntax errors are counted in `syntax_errors` and everything recoverable
    is still extracted; an unexpected failure is reported in `FileFacts.error`.
    """
    try:
        return _Extraction(source).facts(path, content_hash)
    except Exception as exc:  # one bad file must not stop a scan
        return failed_extraction(source, path, content_hash, LANGUAGE_NAME, EXTRACTOR_VERSION, exc)


def _declared(node: tree_sitter.Node | None) -> tuple[tree_sitter.Node | None, tree_sitter.Node | None]:
    """The name a declarator declares, and the function_declarator that names it directly
    (`f` in `int *f(int)`), if it declares a function rather than a variable."""
    for _ in range(_MAX_LINKS):
        if node is None:
            return None, None
        kind = node.type
        if kind in ("identifier", "type_identifier", "field_identifier"):
            return node, None
        if kind == "function_declarator":
            inner = node.child_by_field_name("declarator")
            if inner is not None and inner.type in ("identifier", "type_identifier"):
                return inner, node
            node = inner
        elif kind in _WRAPPERS or kind in ("init_declarator", "array_declarator"):
            inner = node.child_by_field_name("declarator")
            if inner is None:  # parenthesized_declarator and attributed ones have no field name
                inner = next((c for c in node.named_children if c.type != "attribute_specifier"), None)
            node = inner
        else:
            return None, None
    return None, None


def _blank_attribute_macros(source: bytes) -> bytes:
    """The source to parse: attribute-like macro invocations in the header of a declaration
    (`static inline __alloc_size(1) void *kzalloc(...)`, `int __printf(6, 7) f(...)`,
    `void lock(x) __acquires(x->lock)`, `_X_ATTRIBUTE_PRINTF(1, 2)`) replaced by spaces of the
    same length, so that tree-sitter (which cannot expand them) sees the function; offsets,
    lines and columns stay those of the file. Only on lines that start at column 0 with a
    name (declarations, not statements of a body), or alone on an indented line right after
    such a line that ends with `)` (`f(x)\n\t__acquires(x)`); only names `__x`/`_X` followed
    by something other than `;`, `,`, `)` or an operator (so `__setup("x", f);` stays a call)."""
    if b"_" not in source:
        return source
    found = None
    for match in _ATTRIBUTE_MACRO.finditer(source):
        start = match.start()
        line_start = source.rfind(b"\n", 0, start) + 1
        end = match.end()
        if not _in_declaration_header(source, line_start, start, end):
            continue
        if found is None:
            found = bytearray(source)
        found[start:end] = b" " * (end - start)
    return bytes(found) if found is not None else source


def _in_declaration_header(source: bytes, line_start: int, start: int, end: int) -> bool:
    first = source[line_start : line_start + 1]
    if first in (b" ", b"\t"):
        # `f(x)\n\t__acquires(x)\n{`: alone on its line, right after a declarator's line.
        if source[line_start:start].strip() or _LINE_END.match(source, end) is None:
            return False
        previous = source[source.rfind(b"\n", 0, line_start - 1) + 1 : max(line_start - 1, 0)]
        return previous[:1].isalpha() and previous.rstrip().endswith(b")")
    if not first or not (first.isalpha() or first == b"_"):
        return False
    # After the declarator's parameters (`f(x) __acquires(x)`), or before more of the
    # declarator (`__printf(1, 2) void f(`, `int __printf(1, 2) f(`); not a function's own
    # name (`static void __f(int a)\n{`).
    before = source[line_start:start]
    if b")" in before or _DECLARATOR_AHEAD.match(source, end, end + 300) is not None:
        return True
    # `int __printf(1, 2) f(`: numbers for arguments (no parameter list looks like that).
    return (
        bool(before.strip())
        and _NUMBERS.fullmatch(source, source.index(b"(", start) + 1, end - 1) is not None
        and _NAME_AHEAD.match(source, end, end + 300) is not None
    )


def _macro_arguments(function_declarator: tree_sitter.Node) -> bool:
    """Whether a "parameter list" is in fact a macro's arguments, as in `int __printf(6, 7)
    f(...)` that error recovery reads as a function `__printf` whose parameters are an
    ERROR holding `6, 7`: errors and no parameter at all."""
    parameters = function_declarator.child_by_field_name("parameters")
    if parameters is None or not parameters.has_error:
        return False
    return all(child.type in ("ERROR", "comment") for child in parameters.named_children)


class _Extraction(SourceReader):
    def __init__(self, source: bytes) -> None:
        self.source = bytes(source)
        rt = runtime()
        self.tree = rt.parser.parse(_blank_attribute_macros(self.source))
        self.root = self.tree.root_node
        self.captures = sorted_captures(rt.query, self.root, MAX_DEPTH)
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.parents: list[int] = []  # index of the enclosing function (GCC nested functions), or -1
        self.qualnames: list[str] = []
        self.flows: list[tuple] = []

    # -- helpers ------------------------------------------------------------------------

    def function_index(self, position: int) -> int:
        """Index (among functions) of the innermost function around a byte, or -1."""
        index = bisect_right(self.starts, position) - 1
        while index >= 0 and self.ends[index] <= position:
            index = self.parents[index]
        return index

    def scope(self, position: int) -> str:
        index = self.function_index(position)
        return self.qualnames[index] if index >= 0 else ""

    def callee(self, node: tree_sitter.Node) -> str:
        parts: list[str] = []
        current: tree_sitter.Node | None = node
        while current is not None:
            if len(parts) == _MAX_LINKS:
                parts.append("...")
                break
            kind = current.type
            if kind == "identifier":
                parts.append(self.text(current))
                current = None
            elif kind == "field_expression":
                operator = current.child_by_field_name("operator")
                parts.append(self.text(operator) + self.text(current.child_by_field_name("field")))
                current = current.child_by_field_name("argument")
            elif kind == "call_expression":
                parts.append("()")
                current = current.child_by_field_name("function")
            elif kind == "subscript_expression":
                parts.append("[]")
                current = current.child_by_field_name("argument")
            else:
                parts.append(self.short(current))
                current = None
        return "".join(reversed(parts))

    def doc_comment(self, node: tree_sitter.Node) -> str | None:
        lines: list[str] = []
        line = node.start_point[0]
        previous = node.prev_sibling
        while previous is not None and previous.type == "comment" and previous.end_point[0] == line - 1:
            lines.append(self.text(previous))
            line = previous.start_point[0]
            previous = previous.prev_sibling
        if not lines:
            return None
        return _strip_comments(reversed(lines))

    # -- the records --------------------------------------------------------------------

    def facts(self, path: str, content_hash: str) -> FileFacts:
        captures = self.captures
        definitions = self.definitions()
        scopes = self.bindings()
        attributes = {node.start_byte for node in captures.get("attribute_call", ())}
        calls = [
            CallSite(self.callee(node), node.start_point[0] + 1, node.start_point[1], self.scope(node.start_byte))
            for node in captures.get("call", ())
            if node.start_byte not in attributes
        ]
        return FileFacts.model_construct(
            path=path,
            language=LANGUAGE_NAME,
            content_hash=content_hash,
            extractor_version=EXTRACTOR_VERSION,
            lines=count_lines(self.source),
            size=len(self.source),
            module_docstring=self.module_docstring(),
            definitions=definitions,
            imports=self.imports(captures.get("include", ())),
            calls=calls,
            assignments=[],
            all_names=None,
            flows=self.flows,
            scopes=scopes,
            syntax_errors=count_syntax_errors(runtime().error_query, self.root),
            error=None,
        )

    def module_docstring(self) -> str | None:
        first = self.root.child(0) if self.root.child_count else None
        if first is None or first.type != "comment":
            return None
        lines = [self.text(first)]
        following = first.next_sibling
        while following is not None and following.type == "comment":
            if following.start_point[0] > first.end_point[0] + 1:
                break
            lines.append(self.text(following))
            first, following = following, following.next_sibling
        if (
            following is not None
            and following.start_point[0] == first.end_point[0] + 1
            and following.type not in ("preproc_include", "preproc_def", "preproc_ifdef", "preproc_if")
        ):
            return None  # the comment documents the definition right below
        return _strip_comments(lines)

    def definitions(self) -> list[Definition]:
        captures = self.captures
        found: list[tuple[int, int, tree_sitter.Node, str]] = []
        for capture, order in (("function", 0), ("struct", 1), ("union", 1), ("enum", 1), ("typedef", 2)):
            found.extend((node.start_byte, order, node, capture) for node in captures.get(capture, ()))
        found.sort(key=lambda item: (item[0], item[1]))
        records: list[Definition] = []
        functions: list[int] = []  # record index of each function, in self.starts order
        bodies: list[tree_sitter.Node | None] = []  # and its body
        for _, _, node, capture in found:
            if capture == "function":
                record = self.function(node)
                if record is not None:
                    functions.append(len(records))
                    bodies.append(node.child_by_field_name("body"))
                    records.append(record)
            elif capture == "typedef":
                records.extend(self.typedef(node))
            else:
                name = self.text(node.child_by_field_name("name"))
                parent = node.parent
                outer = node
                if parent is not None and parent.type in ("type_definition", "declaration"):
                    outer = parent
                records.append(self.type_record(node, name, capture, outer))
        metrics = self.metrics()
        roles = COGNITIVE.roles
        nodes = [node for node in captures.get("branch", ()) if node.type in roles]
        nodes += captures.get("nesting", ())
        nodes += captures.get("function", ())
        nodes += captures.get("cognitive", ())
        cognitive = CognitiveScan(COGNITIVE, nodes).of
        for position, index in enumerate(functions):
            record = records[index]
            cyclomatic, nesting = metrics.get(position, (1, 0))
            counted = record.metrics._replace(
                cyclomatic=cyclomatic, max_nesting=nesting, cognitive=cognitive(bodies[position])
            )
            records[index] = record._replace(metrics=counted)
        self.macros()
        return records

    def function(self, node: tree_sitter.Node) -> Definition | None:
        declarator = node.child_by_field_name("declarator")
        name_node, function_declarator = _declared(declarator)
        body = node.child_by_field_name("body")
        if body is None:
            return None
        start = node
        if function_declarator is None:
            # `static int __maybe_unused f(void) {...}` parses as a declaration `static int
            # __maybe_unused` (its `;` MISSING) then `f (void) {...}`: f as a type, `(void)` as
            # a parenthesized declarator. Read it as the function it is.
            type_node = node.child_by_field_name("type")
            if type_node is None or type_node.type != "type_identifier" or declarator is None:
                return None
            if declarator.type != "parenthesized_declarator":
                return None
            name_node = type_node
            previous = node.prev_sibling
            if (
                previous is not None
                and previous.type == "declaration"
                and previous.has_error
                and previous.end_point[0] == node.start_point[0]
            ):
                start = previous
        elif name_node is None or _macro_arguments(function_declarator):
            return None
        name = self.text(name_node)
        parent_index = self.function_index(node.start_byte)
        parent = self.qualnames[parent_index] if parent_index >= 0 else ""
        qualname = f"{parent}.{name}" if parent else name
        self.starts.append(node.start_byte)
        self.ends.append(node.end_byte)
        self.parents.append(parent_index)
        self.qualnames.append(qualname)
        decorators: list[str] = []
        attributes: list[str] = []
        for child in (*start.children, *node.children) if start is not node else node.children:
            if child.type == "storage_class_specifier":
                decorators.append(self.text(child))
            elif child.type in ("attribute_specifier", "ms_declspec_modifier"):
                attributes.append(self.short(child))
        header = self.source[start.start_byte : body.start_byte].decode("utf-8", "replace")
        signature = " ".join(header.split())
        if len(signature) > _MAX_SIGNATURE:
            signature = signature[:_MAX_SIGNATURE] + "..."
        count = 0
        parameters = function_declarator.child_by_field_name("parameters") if function_declarator else None
        if function_declarator is None and declarator is not None:
            count = 0 if self.text(declarator).strip("() \t") == "void" else 1
        for parameter in parameters.named_children if parameters is not None else ():
            kind = parameter.type
            if kind == "parameter_declaration":
                if (
                    parameter.child_by_field_name("declarator") is None
                    and self.text(parameter.child_by_field_name("type")) == "void"
                ):
                    continue
                count += 1
            elif kind in ("variadic_parameter", "identifier"):
                count += 1
        (start_line, _), (end_line, _) = node.start_point, node.end_point
        return Definition(
            kind="function",
            name=name,
            qualname=qualname,
            parent=parent,
            span=self.span(start) if start is not node else self.span(node),
            signature=signature,
            decorators=tuple(decorators + attributes),
            docstring=self.doc_comment(start),
            metrics=FunctionMetrics(lines=end_line - start_line + 1, cyclomatic=1, parameters=count, max_nesting=0),
        )

    def type_record(self, node: tree_sitter.Node, name: str, type_kind: str, outer: tree_sitter.Node) -> Definition:
        body = node.child_by_field_name("body")
        end = body.start_byte if body is not None else node.end_byte
        header = " ".join(self.source[node.start_byte : end].decode("utf-8", "replace").split())
        if outer is not node and outer.type == "type_definition" and not node.child_by_field_name("name"):
            header = f"typedef {header} {name}"
        return Definition(
            kind="class",
            name=name,
            qualname=name,
            span=self.span(outer),
            signature=header[:_MAX_SIGNATURE],
            docstring=self.doc_comment(outer),
            type_kind=type_kind,  # type: ignore[arg-type]
        )

    def typedef(self, node: tree_sitter.Node) -> list[Definition]:
        declarators = node.children_by_field_name("declarator")
        if not declarators:
            return []
        name_node, _ = _declared(declarators[0])
        if name_node is None:
            return []
        name = self.text(name_node)
        type_node = node.child_by_field_name("type")
        if (
            type_node is not None
            and type_node.type in _TYPE_KINDS
            and type_node.child_by_field_name("name") is None
            and type_node.child_by_field_name("body") is not None
            and declarators[0].type == "type_identifier"
        ):
            return [self.type_record(type_node, name, _TYPE_KINDS[type_node.type], node)]
        if (
            type_node is not None
            and type_node.type in _TYPE_KINDS
            and type_node.child_by_field_name("body") is not None
            and self.text(type_node.child_by_field_name("name")) == name
        ):
            return []  # `typedef struct S {...} S;`: the struct S is the definition
        header = " ".join(self.text(node).split())
        if len(header) > _MAX_SIGNATURE:
            header = header[:_MAX_SIGNATURE] + "..."
        return [
            Definition(
                kind="class",
                name=name,
                qualname=name,
                span=self.span(node),
                signature=header,
                docstring=self.doc_comment(node),
                type_kind="type",
            )
        ]

    def macros(self) -> None:
        flows = self.flows
        # A regex, not the tree: a `#define` inside an initializer or another odd place is
        # often swallowed by an ERROR node, and the line is all there is to read.
        source = self.source
        names: dict[bytes, None] = {}
        for match in _FUNCTION_MACRO.finditer(source):
            start = match.start()
            if not source[source.rfind(b"\n", 0, start) + 1 : start].strip(b" \t"):
                names[match.group(1)] = None
        flows.extend(("macro", name.decode("ascii")) for name in names)
        for node in self.captures.get("object_macro", ()):
            value = node.child_by_field_name("value")
            name = node.child_by_field_name("name")
            if value is None or name is None or value.end_byte - value.start_byte > 80:
                continue
            alias = _IDENTIFIER.fullmatch(self.source, value.start_byte, value.end_byte)
            if alias is not None:
                flows.append(("alias", self.text(name), alias.group(1).decode("ascii")))

    def metrics(self) -> dict[int, tuple[int, int]]:
        cyclomatic: dict[int, int] = {}
        for node in self.captures.get("branch", ()):
            index = self.function_index(node.start_byte)
            if index >= 0:
                cyclomatic[index] = cyclomatic.get(index, 1) + 1
        scoped = ((self.function_index(node.start_byte), node) for node in self.captures.get("nesting", ()))
        nesting = max_nesting((index, node) for index, node in scoped if index >= 0)
        return {i: (cyclomatic.get(i, 1), nesting.get(i, 0)) for i in cyclomatic.keys() | nesting}

    def bindings(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
        local: dict[str, list[str]] = {}
        flows = self.flows
        for node in self.captures.get("declarator", ()):
            scope = self.scope(node.start_byte)
            name_node, function = _declared(node)
            if name_node is None or name_node.type != "identifier":
                continue
            parent = node.parent
            if scope:
                if function is None or parent is None or parent.type == "parameter_declaration":
                    block = self.inner_block(node, parent)
                    if block is not None:
                        first, last = name_node.start_point[0] + 1, block.end_point[0] + 1
                        flows.append(("block_local", scope, self.text(name_node), first, last))
                    else:
                        local.setdefault(scope, []).append(self.text(name_node))
            elif parent is not None and parent.type == "declaration":
                flows.append(("proto" if function is not None else "global", self.text(name_node)))
        for node in self.captures.get("error_proto", ()):
            if not self.scope(node.start_byte):
                flows.append(("proto", self.text(node)))
        for node in self.captures.get("local", ()):
            scope = self.scope(node.start_byte)
            if scope:
                local.setdefault(scope, []).append(self.text(node))
        for qualname in self.qualnames:
            local.setdefault(qualname, [])
        return {scope: (tuple(dict.fromkeys(names)), (), ()) for scope, names in local.items()}

    @staticmethod
    def inner_block(declarator: tree_sitter.Node, parent: tree_sitter.Node | None) -> tree_sitter.Node | None:
        """The nested block (not the function's body) of a local function pointer declared in
        it (`{ int (*f)(void) = g; f(); }`), or None for any other local (seen in the whole
        function: a plain variable, a parameter, or a typedef'd pointer that cannot be told)."""
        if parent is None or parent.type != "declaration":
            return None
        block = parent.parent
        if block is None or block.type != "compound_statement":
            return None
        outer = block.parent
        if outer is None or outer.type == "function_definition":
            return None
        node: tree_sitter.Node | None = declarator
        pointer = False
        for _ in range(_MAX_LINKS):  # `(*f)(...)` somewhere on the way down to the name
            if node is None or node.type == "identifier":
                break
            if node.type == "function_declarator":
                inner = node.child_by_field_name("declarator")
                pointer = pointer or (inner is not None and inner.type == "parenthesized_declarator")
                node = inner
            else:
                inner = node.child_by_field_name("declarator")
                if inner is None and node.named_child_count:
                    inner = node.named_child(0)
                node = inner
        return block if pointer else None

    def imports(self, nodes: list[tree_sitter.Node]) -> list[Import]:
        records = []
        for node in nodes:
            spec = node.child_by_field_name("path")
            if spec is None:
                continue
            if spec.type == "string_literal":
                module, level = self.text(spec).strip('"'), 1
            elif spec.type == "system_lib_string":
                module, level = self.text(spec).strip("<>"), 0
            else:  # `#include MACRO`: computed, nothing to name
                continue
            module = module.strip()
            if module:
                records.append(Import(module=module, line=node.start_point[0] + 1, level=level, scope=""))
        return records


def _strip_comments(comments) -> str:
    out: list[str] = []
    for comment in comments:
        if comment.startswith("//"):
            body = comment[2:].lstrip("/!")
            out.append(body[1:] if body.startswith(" ") else body)
        else:
            inner = comment[2:-2] if comment.endswith("*/") else comment[2:]
            inner = inner.lstrip("*!")
            for part in inner.strip().splitlines():
                part = part.strip()
                if part.startswith("*"):
                    part = part[1:].lstrip() if part != "*" else ""
                out.append(part)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
