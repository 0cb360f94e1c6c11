"""Go source bytes -> FileFacts, with tree-sitter queries.

One parse and one query pass per file, as for Python: the query is the concatenation of the
`.scm` files beside this module; `errors.scm` runs only when the tree reports an error.

Definitions (all at the top of a file; Go has no nested named functions):
  - `func F(...)` -> kind "function", qualname `F`.
  - `func (r *T) M(...)` -> kind "method", qualname `T.M`, parent `T` (type arguments of a
    generic receiver dropped: `func (s *Stack[T]) Push` -> `Stack.Push`). The type may be
    declared in another file of the package; parent still names it.
  - `type T struct/interface/...` -> kind "class", type_kind "struct", "interface" or "type"
    (other defined types such as `type Celsius float64`, which may have methods too;
    `type A = B` aliases and types declared inside functions are not definitions). `bases` holds the embedded
    types as written (`Base`, `*pkg.Other`) for structs, embedded interfaces for interfaces.
  - Function literals are not definitions: calls inside one belong to the enclosing
    function (scope), as a comprehension's do in Python.
  Several `func init()` in one file share the qualname `init` (the graph numbers them).

Spans are the declaration's (a type in a `type (...)` group: its spec; a lone type: the
whole `type` declaration). signature: the header up to the body, on one line
(`func (s *Stack[T]) Push(v T) error`, `type Stack[T any] struct`). docstring: the `//`
(or `/* */`) comment block that ends on the line right above, markers stripped, lines
joined with newlines; the package clause's doc comment is the module docstring.

Metrics (functions and methods): lines of the span; cyclomatic 1 + one per `if`, `for`,
`case` of a switch, type switch or select (not `default`), `&&` and `||` (function literals
count for the enclosing function); parameters: every declared parameter name (an unnamed
parameter counts one; the receiver none); max_nesting: deepest nesting of if/for/switch/
select statements; cognitive (codeintel.languages.cognitive): +1 and the nesting level for
`if`, `for` and each `switch`, type switch and `select` as a whole, +1 for `else if`,
`else`, `goto`, `break`/`continue` to a label and each run of like `&&`/`||`; a function
literal adds nothing but nests what it holds (it counts for the enclosing function).

Imports: one Import per spec, module = the import path, name = the package name it binds
by convention (the last path element, or the one before a `/vN` suffix), alias = the
explicit name (`_` and `.` included). `Import.bound_name` is then alias or name.

Calls: the called expression as written with argument lists reduced to `()`: `pkg.Func`,
`recv.Method`, `Func`, `s.store.Get`, `NewT().Run`, `(*T).M`; explicit type arguments are
dropped (`Map[int](xs)` -> `Map`); a function literal called in place is `func`.

Language-specific facts, in `flows` (tuples, first item the kind; scope = the enclosing
definition's qualname, '' at package level):
  ("package", name)                       the package clause
  ("var", scope, name, type, first, last)
                                          a name whose type is declared or evident: params
                                          and receivers, `var x T`, `x := T{}`, `x := &T{}`,
                                          `x := new(T)`, `var x = T{}`, `x := v.(T)`,
                                          `x, ok := v.(T)`; first..last: the lines of the
                                          block it is declared in (0, 0: the whole function,
                                          or the package for package-level variables)
  ("var_call", scope, name, callee, pos, first, last)
                                          `x := F()` / `a, x := F()` (pos: x's position among
                                          the call's results); the resolver reads F's result
  ("var_range", scope, name, expression, pos, first, last)
                                          `for _, x := range e` (pos 1) or `for x := range e`
                                          (pos 0), e written as a callee is (`r.items`)
  ("case_var", scope, name, type, first line, last line)
                                          `switch x := v.(type)`: x's type inside a `case T:`
                                          clause of one type (those lines)
  ("results", qualname, (type, ...))      a function's or method's declared result types
  ("field", type qualname, name, type)    a named struct field
  ("embed", type qualname, type)          an embedded struct field (also in `bases`)
  ("typekind", qualname, kind)            "struct", "interface" or "other"
Types are normalised to `T` or `pkg.T` (pointers and type arguments dropped); variables,
parameters and fields may also be `[]T` (a slice, array or map whose elements are `T`) or
`<-T` (a channel of `T`); any other type (funcs, nested collections) is left out. `scopes`
holds, per function qualname, the local names it binds (parameters, receiver, results,
`:=`, `var`, `const`, `range`), which shadow package-level functions of the same name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

import tree_sitter
import tree_sitter_go

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

LANGUAGE_NAME = "go"
EXTRACTOR_VERSION = f"{MODEL_EXTRACTOR_VERSION}+go-3"
QUERY_FILES = ("definitions.scm", "imports.scm", "calls.scm", "bindings.scm", "metrics.scm")
ERROR_QUERY_FILE = "errors.scm"
MAX_DEPTH = 10_000
_MAX_LINKS = 32
_VERSION_SUFFIX = re.compile(r"v[0-9]+")
COGNITIVE = CognitiveRules(
    structures=("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"),
    ifs=("if_statement",),
    else_field="alternative",
    flat=("goto_statement",),
    jumps={"break_statement": ("label_name",), "continue_statement": ("label_name",)},
    closures=("func_literal",),
    logical=("binary_expression",),
    operators={"&&": "&&", "||": "||"},
    parentheses=("parenthesized_expression",),
)
"""Cognitive complexity in Go (see the module docstring); metrics.scm captures these types."""
_BLOCKS = frozenset(
    (
        "block",
        "if_statement",
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "expression_case",
        "type_case",
        "default_case",
        "communication_case",
        "func_literal",
    )
)


@cache
def runtime() -> Grammar:
    """The cached Parser, Language and Queries of this process."""
    return Grammar(tree_sitter.Language(tree_sitter_go.language()), __package__, QUERY_FILES, ERROR_QUERY_FILE)


def package_name_of(import_path: str) -> str:
    """The package name an import binds by convention: the last element, skipping `/vN`."""
    parts = [p for p in import_path.split("/") if p]
    if not parts:
        return import_path
    if len(parts) > 1 and _VERSION_SUFFIX.fullmatch(parts[-1]):
        return parts[-2]
    return parts[-1]


def extract_go(source: bytes, path: str, content_hash: str) -> FileFacts:
    """Extract definitions, imports, calls, metrics and typing facts from one Go file.

    Never raises: syntax errors are counted in `syntax_errors` and everything recoverable
    is still extracted; an unexpected failure is reported in `FileFacts.error`.
    """
    try:
        return _Extraction(source).facts(path, content_hash)
    except Exception as exc:  # one bad file must not stop a scan
        return failed_extraction(source, path, content_hash, LANGUAGE_NAME, EXTRACTOR_VERSION, exc)


class _Extraction(SourceReader):
    def __init__(self, source: bytes) -> None:
        self.source = bytes(source)
        rt = runtime()
        self.tree = rt.parser.parse(self.source)
        self.root = self.tree.root_node
        self.captures = sorted_captures(rt.query, self.root, MAX_DEPTH)
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.qualnames: list[str] = []
        self.flows: list[tuple] = []
        self.visible: tuple[int, int] = (0, 0)  # lines where the next declared variables are seen

    # -- helpers ------------------------------------------------------------------------

    def scope_index(self, position: int) -> int:
        index = bisect_right(self.starts, position) - 1
        if index >= 0 and self.ends[index] > position:
            return index
        return -1

    def scope(self, position: int) -> str:
        index = self.scope_index(position)
        return self.qualnames[index] if index >= 0 else ""

    def type_name(self, node: tree_sitter.Node | None) -> str | None:
        """`T`, `*T`, `pkg.T`, `T[int]`, `*pkg.T[int]` -> `T` / `pkg.T`; None for other types."""
        while node is not None:
            kind = node.type
            if kind == "type_identifier":
                return self.text(node)
            if kind == "qualified_type":
                package = node.child_by_field_name("package")
                name = node.child_by_field_name("name")
                if package is None or name is None:
                    return None
                return f"{self.text(package)}.{self.text(name)}"
            if kind in ("pointer_type", "parenthesized_type"):
                node = node.named_child(0) if node.named_child_count else None
            elif kind == "generic_type":
                node = node.child_by_field_name("type")
            else:
                return None
        return None

    def value_type_name(self, node: tree_sitter.Node | None) -> str | None:
        """`type_name`, or `[]T` for a slice, array or map whose elements (values) are `T`."""
        named = self.type_name(node)
        if named is not None or node is None:
            return named
        if node.type in ("slice_type", "array_type"):
            element = self.type_name(node.child_by_field_name("element"))
        elif node.type == "map_type":
            element = self.type_name(node.child_by_field_name("value"))
        elif node.type == "channel_type":
            element = self.type_name(node.child_by_field_name("value"))
            return "<-" + element if element is not None else None
        else:
            return None
        return "[]" + element if element is not None else None

    def callee(self, node: tree_sitter.Node) -> str:
        parts: list[str] = []
        current: tree_sitter.Node | None = node
        while current is not None:
            if len(parts) == _MAX_LINKS:
                parts.append("...")
                break
            kind = current.type
            if kind == "selector_expression":
                parts.append("." + self.text(current.child_by_field_name("field")))
                current = current.child_by_field_name("operand")
            elif kind == "call_expression":
                parts.append("()")
                current = current.child_by_field_name("function")
            elif kind == "index_expression":
                parts.append("[" + self.short(current.child_by_field_name("index") or current) + "]")
                current = current.child_by_field_name("operand")
            elif kind == "generic_type":
                current = current.child_by_field_name("type")
            elif kind == "func_literal":
                parts.append("func")
                current = None
            elif kind == "parenthesized_expression" and current.named_child_count == 1:
                inner = current.named_child(0)
                if inner.type == "unary_expression" and self.text(inner).startswith("*"):
                    operand = inner.child_by_field_name("operand")
                    parts.append("(*" + (self.type_name(operand) or self.short(operand)) + ")")
                    current = None
                else:
                    current = inner
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
        out: list[str] = []
        for comment in reversed(lines):
            if comment.startswith("//"):
                body = comment[2:]
                out.append(body[1:] if body.startswith(" ") else body)
            else:
                inner = comment[2:-2] if comment.endswith("*/") else comment[2:]
                out.extend(part.strip() for part in inner.strip().splitlines())
        return "\n".join(out)

    # -- the records --------------------------------------------------------------------

    def facts(self, path: str, content_hash: str) -> FileFacts:
        captures = self.captures
        definitions = self.definitions()
        module_docstring = None
        for node in captures.get("package", ()):
            self.flows.append(("package", self.text(node)))
            if node.parent is not None:
                module_docstring = self.doc_comment(node.parent)
            break
        scopes = self.bindings()
        calls = [
            CallSite(self.callee(node), node.start_point[0] + 1, node.start_point[1], self.scope(node.start_byte))
            for node in captures.get("call", ())
        ]
        return FileFacts.model_construct(
            path=path,
            language=LANGUAGE_NAME,
            content_hash=content_hash,
            extractor_version=EXTRACTOR_VERSION,
            lines=count_lines(self.source),
            size=len(self.source),
            module_docstring=module_docstring,
            definitions=definitions,
            imports=self.imports(captures.get("import", ())),
            calls=calls,
            assignments=[],
            all_names=None,
            flows=self.flows,
            scopes=scopes,
            syntax_errors=self.syntax_errors(),
            error=None,
        )

    def definitions(self) -> list[Definition]:
        captures = self.captures
        found = [(n, "function") for n in captures.get("function", ())]
        found += [(n, "method") for n in captures.get("method", ())]
        found += [(n, "class") for n in captures.get("type", ())]
        found.sort(key=lambda item: item[0].start_byte)
        records: list[Definition] = []
        functions: list[tuple[int, tree_sitter.Node]] = []
        for node, kind in found:
            name = self.text(node.child_by_field_name("name"))
            if kind == "class":
                records.append(self.type_definition(node, name))
                continue
            parent = ""
            if kind == "method":
                receiver = node.child_by_field_name("receiver")
                for parameter in receiver.named_children if receiver is not None else ():
                    if parameter.type == "parameter_declaration":
                        parent = self.type_name(parameter.child_by_field_name("type")) or ""
                        break
            qualname = f"{parent}.{name}" if parent else name
            self.starts.append(node.start_byte)
            self.ends.append(node.end_byte)
            self.qualnames.append(qualname)
            functions.append((len(records), node))
            records.append(self.function_definition(node, kind, name, qualname, parent))
        metrics = self.metrics()
        captures = self.captures
        cognitive = CognitiveScan(
            COGNITIVE,
            [
                *captures.get("nesting", ()),
                *(node for node in captures.get("branch", ()) if node.type == "binary_expression"),
                *captures.get("cognitive", ()),
            ],
        ).of
        for position, (index, node) in enumerate(functions):
            cyclomatic, nesting = metrics.get(position, (1, 0))
            record = records[index]
            records[index] = record._replace(
                metrics=record.metrics._replace(
                    cyclomatic=cyclomatic,
                    max_nesting=nesting,
                    cognitive=cognitive(node.child_by_field_name("body")),
                )
            )
        return records

    def function_definition(
        self, node: tree_sitter.Node, kind: str, name: str, qualname: str, parent: str
    ) -> Definition:
        body = node.child_by_field_name("body")
        header_end = body.start_byte if body is not None else node.end_byte
        signature = " ".join(self.source[node.start_byte : header_end].decode("utf-8", "replace").split())
        parameters = node.child_by_field_name("parameters")
        count = 0
        for parameter in parameters.named_children if parameters is not None else ():
            if parameter.type in ("parameter_declaration", "variadic_parameter_declaration"):
                names = parameter.children_by_field_name("name")
                count += len(names) or 1
                self.declare(qualname, names, parameter.child_by_field_name("type"))
        receiver = node.child_by_field_name("receiver")
        for parameter in receiver.named_children if receiver is not None else ():
            if parameter.type == "parameter_declaration":
                self.declare(qualname, parameter.children_by_field_name("name"), parameter.child_by_field_name("type"))
        result = node.child_by_field_name("result")
        if result is not None:
            if result.type == "parameter_list":
                types = []
                for parameter in result.named_children:
                    if parameter.type != "parameter_declaration":
                        continue
                    names = parameter.children_by_field_name("name")
                    type_ = self.type_name(parameter.child_by_field_name("type")) or ""
                    types.extend([type_] * (len(names) or 1))
                    self.declare(qualname, names, parameter.child_by_field_name("type"))
                self.flows.append(("results", qualname, tuple(types)))
            else:
                self.flows.append(("results", qualname, (self.type_name(result) or "",)))
        (start_line, _), (end_line, _) = node.start_point, node.end_point
        return Definition(
            kind=kind,
            name=name,
            qualname=qualname,
            parent=parent,
            span=self.span(node),
            signature=signature,
            docstring=self.doc_comment(node),
            metrics=FunctionMetrics(lines=end_line - start_line + 1, cyclomatic=1, parameters=count, max_nesting=0),
        )

    def declare(self, scope: str, names: list[tree_sitter.Node], type_node: tree_sitter.Node | None) -> None:
        type_ = self.value_type_name(type_node)
        if type_ is None:
            return
        for name in names:
            if name.type == "identifier":
                self.flows.append(("var", scope, self.text(name), type_, *self.visible))

    def type_definition(self, node: tree_sitter.Node, name: str) -> Definition:
        declaration = node.parent
        outer = declaration if declaration is not None and declaration.named_child_count == 1 else node
        if declaration is not None and outer is declaration and node.start_point[0] != declaration.start_point[0]:
            outer = node
        type_node = node.child_by_field_name("type")
        kind = {"struct_type": "struct", "interface_type": "interface"}.get(
            type_node.type if type_node else "", "other"
        )
        self.flows.append(("typekind", name, kind))
        bases: list[str] = []
        if kind == "struct" and type_node is not None:
            for fields in type_node.named_children:
                if fields.type != "field_declaration_list":
                    continue
                for field in fields.named_children:
                    if field.type != "field_declaration":
                        continue
                    field_type = field.child_by_field_name("type")
                    names = field.children_by_field_name("name")
                    if not names:
                        written = self.text(field_type) if field_type is not None else ""
                        if written.startswith("*") or field.child(0).type == "*":
                            written = "*" + written.lstrip("*")
                        bases.append(" ".join(written.split()))
                        normalised = self.type_name(field_type)
                        if normalised is not None:
                            self.flows.append(("embed", name, normalised))
                        continue
                    normalised = self.value_type_name(field_type)
                    if normalised is not None:
                        for field_name in names:
                            self.flows.append(("field", name, self.text(field_name), normalised))
        elif kind == "interface" and type_node is not None:
            for element in type_node.named_children:
                if element.type == "type_elem":
                    bases.append(self.short(element))
        if type_node is None:
            header = "type " + name
        elif kind in ("struct", "interface"):
            header = self.source[node.start_byte : type_node.start_byte].decode("utf-8", "replace") + kind
            header = "type " + header
        else:
            header = "type " + self.text(node)
        return Definition(
            kind="class",
            name=name,
            qualname=name,
            span=self.span(outer),
            signature=" ".join(header.split())[:_MAX_PIECE],
            docstring=self.doc_comment(outer) or (self.doc_comment(node) if outer is not node else None),
            bases=tuple(bases),
            type_kind="type" if kind == "other" else kind,
        )

    def metrics(self) -> dict[int, tuple[int, int]]:
        cyclomatic: dict[int, int] = {}
        for node in self.captures.get("branch", ()):
            index = self.scope_index(node.start_byte)
            if index >= 0:
                cyclomatic[index] = cyclomatic.get(index, 1) + 1
        scoped = ((self.scope_index(node.start_byte), node) for node in self.captures.get("nesting", ()))
        nesting = max_nesting((index, node) for index, node in scoped if index >= 0)
        return {i: (cyclomatic.get(i, 1), nesting.get(i, 0)) for i in cyclomatic.keys() | nesting}

    def bindings(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
        captures = self.captures
        local: dict[str, list[str]] = {}
        for node in captures.get("local", ()):
            name = self.text(node)
            if name != "_":
                local.setdefault(self.scope(node.start_byte), []).append(name)
        for node in captures.get("var_spec", ()):
            scope = self.scope(node.start_byte)
            self.visible = self.block_of(node) if scope else (0, 0)
            names = node.children_by_field_name("name")
            declared = node.child_by_field_name("type")
            if declared is not None:
                self.declare(scope, names, declared)
                continue
            value = node.child_by_field_name("value")
            if value is not None:
                self.assigned(scope, names, value.named_children)
        for node in captures.get("short_var", ()):
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is not None and right is not None:
                self.visible = self.block_of(node)
                self.assigned(self.scope(node.start_byte), left.named_children, right.named_children)
        for node in captures.get("range", ()):
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is not None and right is not None and left.named_child_count in (1, 2):
                position = left.named_child_count - 1
                value = left.named_child(position)
                if value.type == "identifier" and self.text(value) != "_":
                    scope = self.scope(node.start_byte)
                    self.visible = self.block_of(node)
                    self.flows.append(
                        ("var_range", scope, self.text(value), self.callee(right), position, *self.visible)
                    )
        self.visible = (0, 0)
        for node in captures.get("type_switch", ()):
            self.type_switch(node)
        for qualname in self.qualnames:
            local.setdefault(qualname, [])
        return {scope: (tuple(dict.fromkeys(names)), (), ()) for scope, names in local.items() if scope}

    def block_of(self, node: tree_sitter.Node) -> tuple[int, int]:
        """First and last line of the block a declaration is seen in: the innermost block,
        case clause, or the if/for/switch statement whose header declares it."""
        current = node.parent
        while current is not None:
            if current.type in _BLOCKS:
                return current.start_point[0] + 1, current.end_point[0] + 1
            current = current.parent
        return 0, 0

    def type_switch(self, node: tree_sitter.Node) -> None:
        """`switch x := v.(type) { case *T: ... }`: in a clause of one type, x has that type."""
        alias = node.child_by_field_name("alias")
        if alias is None or alias.named_child_count != 1:
            return
        name = self.text(alias.named_child(0))
        scope = self.scope(node.start_byte)
        for clause in node.named_children:
            if clause.type != "type_case":
                continue
            types = clause.children_by_field_name("type")
            type_ = self.type_name(types[0]) if len(types) == 1 else None
            if type_ is not None:
                self.flows.append(("case_var", scope, name, type_, clause.start_point[0] + 1, clause.end_point[0] + 1))

    def assigned(self, scope: str, names: list[tree_sitter.Node], values: list[tree_sitter.Node]) -> None:
        """Types of `x := value`: composite literals, `&T{}`, `new(T)`, or a call's result."""
        if len(values) == 1 and len(names) > 1:
            value = values[0]
            if value.type == "type_assertion_expression" and names[0].type == "identifier":
                type_ = self.type_name(value.child_by_field_name("type"))
                if type_ is not None and self.text(names[0]) != "_":
                    self.flows.append(("var", scope, self.text(names[0]), type_, *self.visible))
            elif value.type == "call_expression":
                function = value.child_by_field_name("function")
                callee = self.callee(function) if function is not None else ""
                for position, name in enumerate(names):
                    if name.type == "identifier" and self.text(name) != "_":
                        self.flows.append(("var_call", scope, self.text(name), callee, position, *self.visible))
            return
        for name, value in zip(names, values, strict=False):
            if name.type != "identifier" or self.text(name) == "_":
                continue
            target = self.text(name)
            if value.type == "unary_expression" and self.text(value).startswith("&"):
                value = value.child_by_field_name("operand") or value
            if value.type in ("composite_literal", "type_assertion_expression"):
                type_ = self.type_name(value.child_by_field_name("type"))
                if type_ is not None:
                    self.flows.append(("var", scope, target, type_, *self.visible))
            elif value.type == "call_expression":
                function = value.child_by_field_name("function")
                if function is None:
                    continue
                arguments = value.child_by_field_name("arguments")
                if self.text(function) == "new" and arguments is not None and arguments.named_child_count == 1:
                    type_ = self.type_name(arguments.named_child(0))
                    if type_ is not None:
                        self.flows.append(("var", scope, target, type_, *self.visible))
                    continue
                self.flows.append(("var_call", scope, target, self.callee(function), 0, *self.visible))

    def imports(self, nodes: list[tree_sitter.Node]) -> list[Import]:
        records = []
        for node in nodes:
            path_node = node.child_by_field_name("path")
            if path_node is None:
                continue
            module = self.text(path_node).strip('"`')
            alias_node = node.child_by_field_name("name")
            records.append(
                Import(
                    module=module,
                    line=node.start_point[0] + 1,
                    name=package_name_of(module),
                    alias=self.text(alias_node) if alias_node is not None else None,
                    scope="",
                )
            )
        return records

    def syntax_errors(self) -> int:
        return count_syntax_errors(runtime().error_query, self.root)
