"""Java source bytes -> FileFacts, with tree-sitter queries.

One parse and one query pass per file: the query is the concatenation of the `.scm` files
beside this module; `errors.scm` runs only when the tree reports an error.

Definitions:
  - Types: `class` (type_kind "class"), `interface` ("interface"), `enum` ("enum"), `record`
    ("record") and `@interface` ("annotation") declarations at the top of the file or as
    members of another kept type (nested and inner classes: qualname `Outer.Inner`, parent
    `Outer`). Anonymous classes (`new T() { ... }`, enum constant bodies) and local classes
    (declared inside a method body) are not definitions: calls inside them belong to the
    enclosing definition, as calls in lambdas do.
  - Methods and constructors of kept types: kind "method", parent the type's qualname.
    A constructor is named as its class: `Foo(...)` in class `Foo` -> qualname `Foo.Foo`
    (a record's compact constructor too). Abstract and interface methods, which have no
    body, ARE definitions in Java: they are the static target javac binds a call to.
    Overloads share one qualname (the graph numbers them); annotation type elements are not
    definitions.
  Spans are the declaration's (Javadoc excluded, annotations included). signature: the
  header up to the body on one line, annotations left out (`public static <T> T max(T a,
  T b) throws E`, `public class Foo<T> extends Bar<T> implements Runnable`). docstring: the
  Javadoc (`/** ... */`) right before the declaration, markers stripped; the Javadoc before
  the package clause is the module docstring (FileFacts.scopes stays empty: Java's
locals do not shadow methods). decorators: the annotations as written, `@`
  dropped (`Override`, `SuppressWarnings("unchecked")`). bases: `extends` then `implements`
  types as written (`Bar<T>`, `java.io.Serializable`); an interface's `extends` list.

Metrics (methods): lines of the span; cyclomatic 1 + one per `if`, `for`, for-each,
`while`, `do`, `catch`, `?:`, `case` label (not `default`), `&&` and `||` (lambdas and
anonymous classes count for the enclosing method); parameters: declared parameters (a
receiver parameter `Foo this` not counted; a compact constructor counts the record's
components); max_nesting: deepest nesting of if/for/while/do/switch/try statements;
cognitive (codeintel.languages.cognitive): +1 and the nesting level for `if`, `for`,
for-each, `while`, `do`, `switch` (statement or expression, as a whole), `catch` and `?:`;
+1 for `else if`, `else`, `break`/`continue` to a label and each run of like `&&`/`||`; a
lambda, and a method of an anonymous or local class (no record of its own), adds nothing
but nests what it holds. `try`/`finally` add nothing.

Imports (scope ""): `import a.b.C;` -> module "a.b", name "C"; `import a.b.*;` -> module
"a.b", name "*"; `import static a.b.C.m;` -> module "a.b.C", name "m"; `import static
a.b.C.*;` -> module "a.b.C", name "*" (static ones also give a ("static_import", line) flow).

Calls: the called expression as written with argument lists reduced to `()` and type
arguments dropped: `foo`, `this.foo`, `super.foo`, `obj.field.m`, `a.b().c`, `pkg.Cls.m`,
`new Foo` (instance creation, `new Outer.Inner`), `this` / `super` (explicit constructor
calls), `Foo::bar` / `Foo::new` / `this::m` (method references), `(Foo).m` (a call on a cast
`((Foo) x).m()`), `""` for a string literal receiver, `xs[].m` for an element of an array;
any other receiver expression is written as is (whitespace collapsed), which the resolver
does not read. An enum constant with arguments `A(1)` is a call `new E` of its enum's
constructor. line/col: where the method's NAME is (a chain `a.b().c()` starts both calls at
`a`): the name of a method invocation, the type of `new T()`, the start of `this(...)`,
`super(...)` and of a method reference, the constant's name. Scope: the innermost enclosing
definition's qualname; calls in field initialisers and static or instance initialisers
belong to the class (scope = the class qualname).

Language-specific facts, in `flows` (tuples, first item the kind; types are written types
normalised: type arguments and annotations dropped, `Outer.Inner` and `pkg.Cls` dotted,
arrays `T[]`, primitives as written; "" for an unknown type):
  ("package", name)                        the package clause
  ("static_import", line)                  the import on that line is `import static`
  ("sig", index, arity, varargs, returns, (param types, ...))
                                           per method definition (index into definitions);
                                           returns "" for constructors
  ("field", class qualname, name, type)    fields, interface constants, record components,
                                           enum constants (typed as their enum)
  ("var", scope, name, type, first, last)  parameters, locals, for-each, catch, resources,
                                           `instanceof T t` bindings and lambda parameters
                                           (type ""); first..last: lines of the block it is
                                           visible in (a parameter: its method's lines, as
                                           overloads share a qualname)
  ("var_expr", scope, name, expression, first, last)
                                           `var x = <expression>`: expression written as a
                                           call's receiver is (`new Foo()`, `(Foo)`, `a.b()`)
  ("args", line, col, count, (arguments, ...))
                                           per call site with arguments (none: a call
                                           without any): argument count and, per argument,
                                           `#type` for a literal (`#int`, `#long`, `#double`,
                                           `#float`, `#String`, `#char`, `#boolean`, `#null`;
                                           a concatenation with a string literal is
                                           `#String`, a comparison, `!x`, `&&`, `||` and
                                           `instanceof` are `#boolean`, a lambda or method
                                           reference `#lambda`), the expression in the
                                           callee notation for names, field accesses,
                                           calls, `new T()` and casts (`x`, `this.f`,
                                           `a.b()`, `new T()`, `(T)`), or "" for anything
                                           else (arithmetic, `?:`)
  ("tparam", scope, name, bound)           a type parameter of a class or method and its
                                           bound (`T extends Entity`; "" when none or several)
  ("anon", scope, first, last, base type, (method names, ...))
                                           an anonymous class body (or enum constant body,
                                           or local class) on those lines, the type it
                                           extends or implements ("" for none) and the
                                           methods it declares
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

import tree_sitter
import tree_sitter_java

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

LANGUAGE_NAME = "java"
EXTRACTOR_VERSION = f"{MODEL_EXTRACTOR_VERSION}+java-2"
QUERY_FILES = ("definitions.scm", "imports.scm", "calls.scm", "bindings.scm", "metrics.scm")
ERROR_QUERY_FILE = "errors.scm"
MAX_DEPTH = 10_000
_MAX_LINKS = 32
_MAX_SIGNATURE = 500
_BOOLEAN_OPERATORS = frozenset(("==", "!=", "<", ">", "<=", ">=", "&&", "||"))
_BLANKS = frozenset(b" \t\r\n\f")
_TYPE_KINDS = {
    "class_declaration": "class",
    "interface_declaration": "interface",
    "enum_declaration": "enum",
    "record_declaration": "record",
    "annotation_type_declaration": "annotation",
}
_BODIES = frozenset(("class_body", "interface_body", "enum_body_declarations", "annotation_type_body"))
COGNITIVE = CognitiveRules(
    structures=(
        "for_statement",
        "enhanced_for_statement",
        "while_statement",
        "do_statement",
        "switch_expression",
        "catch_clause",
        "ternary_expression",
    ),
    ifs=("if_statement",),
    else_field="alternative",
    jumps={"break_statement": ("identifier",), "continue_statement": ("identifier",)},
    closures=("lambda_expression", "method_declaration", "constructor_declaration", "compact_constructor_declaration"),
    logical=("binary_expression",),
    operators={"&&": "&&", "||": "||"},
    parentheses=("parenthesized_expression",),
)
"""Cognitive complexity in Java (see the module docstring); metrics.scm captures these types.
Methods of anonymous and local classes are closures here: they have no record of their own."""
_PRIMITIVES = frozenset(("integral_type", "floating_point_type", "boolean_type", "void_type"))
_LITERALS = {
    "string_literal": "String",
    "text_block": "String",
    "character_literal": "char",
    "true": "boolean",
    "false": "boolean",
    "null_literal": "null",
}
_INTEGERS = frozenset(
    ("decimal_integer_literal", "hex_integer_literal", "octal_integer_literal", "binary_integer_literal")
)
_ARGUMENT_EXPRESSIONS = frozenset(
    (
        "identifier",
        "field_access",
        "method_invocation",
        "object_creation_expression",
        "cast_expression",
        "parenthesized_expression",
        "array_access",
        "this",
    )
)
_VISIBILITY = frozenset(
    (
        "block",
        "constructor_body",
        "switch_block_statement_group",
        "switch_rule",
        "lambda_expression",
        "for_statement",
        "enhanced_for_statement",
        "catch_clause",
        "try_with_resources_statement",
    )
)


@cache
def runtime() -> Grammar:
    """The cached Parser, Language and Queries of this process."""
    return Grammar(tree_sitter.Language(tree_sitter_java.language()), __package__, QUERY_FILES, ERROR_QUERY_FILE)


def extract_java(source: bytes, path: str, content_hash: str) -> FileFacts:
    """Extract definitions, imports, calls, metrics and typing facts from one Java file.

    Never raises: syntax errors are counted in `syntax_errors` and everything recoverable
    is still extracted; an unexpected failure is reported in `FileFacts.error`.
    """
    try:
        return _Extraction(source).facts(path, content_hash)
    except Exception as exc:  # one bad file must not stop a scan
        return failed_extraction(source, path, content_hash, LANGUAGE_NAME, EXTRACTOR_VERSION, exc)


def _declaring_type(body: tree_sitter.Node | None) -> tree_sitter.Node | None:
    """The declaration (or anonymous class creation, enum constant) a member body belongs to."""
    if body is None or body.type not in _BODIES:
        return None
    owner = body.parent
    if body.type == "enum_body_declarations" and owner is not None:
        owner = owner.parent
    return owner


class _Extraction(SourceReader):
    def __init__(self, source: bytes) -> None:
        self.source = bytes(source)
        rt = runtime()
        self.tree = rt.parser.parse(self.source)
        self.root = self.tree.root_node
        self.captures = sorted_captures(rt.query, self.root, MAX_DEPTH)
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.parents: list[int] = []
        self.qualnames: list[str] = []
        self.kinds: list[str] = []
        self.node_ids: list[int] = []
        self.flows: list[tuple] = []
        self.comments = {node.end_byte: node for node in self.captures.get("doc", ())}

    # -- helpers ------------------------------------------------------------------------

    def scope_index(self, position: int) -> int:
        index = bisect_right(self.starts, position) - 1
        while index >= 0 and self.ends[index] <= position:
            index = self.parents[index]
        return index

    def scope(self, position: int) -> str:
        index = self.scope_index(position)
        return self.qualnames[index] if index >= 0 else ""

    def type_name(self, node: tree_sitter.Node | None) -> str:
        """A written type normalised: `List<String>` -> `List`, `a.b.C<T>.D` -> `a.b.C.D`,
        `int[][]` -> `int[][]`, `@NonNull T` -> `T`; "" for anything else."""
        suffix = ""
        while node is not None:
            kind = node.type
            if kind == "type_identifier":
                return self.text(node) + suffix
            if kind in _PRIMITIVES:
                return self.text(node) + suffix
            if kind == "generic_type":
                node = node.named_child(0) if node.named_child_count else None
            elif kind == "array_type":
                dimensions = node.child_by_field_name("dimensions")
                suffix = "[]" * max(1, self.text(dimensions).count("[")) + suffix
                node = node.child_by_field_name("element")
            elif kind == "annotated_type":
                node = node.named_child(node.named_child_count - 1) if node.named_child_count else None
            elif kind == "scoped_type_identifier":
                names: list[str] = []
                current: tree_sitter.Node | None = node
                while current is not None and len(names) < _MAX_LINKS:
                    if current.type == "scoped_type_identifier":
                        last = current.named_child(current.named_child_count - 1)
                        if last is None or last.type != "type_identifier":
                            return ""
                        names.append(self.text(last))
                        current = current.named_child(0)
                    elif current.type == "generic_type":
                        current = current.named_child(0) if current.named_child_count else None
                    elif current.type == "type_identifier":
                        names.append(self.text(current))
                        current = None
                    else:
                        return ""
                return ".".join(reversed(names)) + suffix
            else:
                return ""
        return ""

    def expression(self, node: tree_sitter.Node | None) -> str:
        """An expression in the callee notation (see the module docstring)."""
        parts: list[str] = []
        current = node
        while current is not None:
            if len(parts) == _MAX_LINKS:
                parts.append("...")
                break
            kind = current.type
            if kind in ("identifier", "this", "super"):
                parts.append(self.text(current))
                break
            if kind == "field_access":
                parts.append("." + self.text(current.child_by_field_name("field")))
                current = current.child_by_field_name("object")
            elif kind == "method_invocation":
                name = self.text(current.child_by_field_name("name")) + "()"
                current = current.child_by_field_name("object")
                parts.append("." + name if current is not None else name)
            elif kind == "object_creation_expression":
                parts.append("new " + self.type_name(current.child_by_field_name("type")) + "()")
                break
            elif kind == "cast_expression":
                parts.append("(" + self.type_name(current.child_by_field_name("type")) + ")")
                break
            elif kind == "parenthesized_expression" and current.named_child_count == 1:
                current = current.named_child(0)
            elif kind == "array_access":
                parts.append("[]")
                current = current.child_by_field_name("array")
            elif kind in ("string_literal", "text_block"):
                parts.append('""')
                break
            else:
                parts.append(self.short(current))
                break
        return "".join(reversed(parts))

    def doc_comment(self, node: tree_sitter.Node) -> str | None:
        source = self.source
        end = node.start_byte
        while end > 0 and source[end - 1] in _BLANKS:
            end -= 1
        previous = self.comments.get(end)
        if previous is None:
            return None
        comment = self.text(previous)
        if not comment.startswith("/**") or comment == "/**/":
            return None
        inner = comment[3:-2] if comment.endswith("*/") else comment[3:]
        lines = []
        for line in inner.splitlines():
            line = line.strip()
            if line.startswith("*"):
                line = line[1:]
                line = line[1:] if line.startswith(" ") else line
            lines.append(line.rstrip())
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)

    def header(self, node: tree_sitter.Node, body: tree_sitter.Node | None) -> tuple[str, tuple[str, ...]]:
        """The signature (annotations left out) and the annotations (decorators) of a declaration."""
        end = body.start_byte if body is not None else node.end_byte
        start = node.start_byte
        keywords: list[str] = []
        decorators: list[str] = []
        first = node.child(0)
        if first is not None and first.type == "modifiers":
            for child in first.children:
                if child.type in ("marker_annotation", "annotation"):
                    decorators.append(self.short(child)[1:].strip())
                elif child.type not in ("line_comment", "block_comment"):
                    keywords.append(self.text(child))
            start = first.end_byte
        rest = self.source[start:end].decode("utf-8", "replace")
        signature = " ".join(keywords + rest.split()).removesuffix(";").rstrip()
        return signature[:_MAX_SIGNATURE], tuple(decorators)

    def visible_lines(self, node: tree_sitter.Node) -> tuple[int, int]:
        current = node.parent
        for _ in range(_MAX_LINKS):
            if current is None:
                break
            if current.type in _VISIBILITY:
                return current.start_point[0] + 1, current.end_point[0] + 1
            current = current.parent
        return 0, 0

    # -- the records --------------------------------------------------------------------

    def facts(self, path: str, content_hash: str) -> FileFacts:
        captures = self.captures
        module_docstring = None
        for node in captures.get("package", ()):
            name = node.named_child(0) if node.named_child_count else None
            while name is not None and name.type in ("marker_annotation", "annotation"):
                name = name.next_named_sibling
            if name is not None and name.type in ("identifier", "scoped_identifier"):
                self.flows.append(("package", "".join(self.text(name).split())))
                module_docstring = self.doc_comment(node)
                break
        definitions = self.definitions()
        self.bindings()
        calls = self.calls()
        for node in captures.get("tparam", ()):
            name = node.named_child(0)
            while name is not None and name.type != "type_identifier":
                name = name.next_named_sibling
            if name is not None:
                bound = name.next_named_sibling
                written = ""
                if bound is not None and bound.type == "type_bound" and bound.named_child_count == 1:
                    written = self.type_name(bound.named_child(0))
                self.flows.append(("tparam", self.scope(node.start_byte), self.text(name), written))
        return FileFacts(
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
            flows=self.flows,
            syntax_errors=count_syntax_errors(runtime().error_query, self.root),
        )

    def definitions(self) -> list[Definition]:
        found = [(n, True) for n in self.captures.get("type", ())]
        found += [(n, False) for n in self.captures.get("method", ())]
        found.sort(key=lambda item: item[0].start_byte)
        kept: dict[int, int] = {}  # node id of a kept type -> its record index
        records: list[Definition] = []
        methods: list[int] = []
        method_nodes: dict[int, tree_sitter.Node] = {}
        for node, is_type in found:
            parent = node.parent
            if parent is None:
                continue
            if parent.type == "program":
                owner_index = -1
            else:
                owner = _declaring_type(parent)
                if owner is None or owner.id not in kept:
                    if is_type and parent.type in _BODIES | {"block"}:
                        self.anonymous(node)
                    continue
                owner_index = kept[owner.id]
            name_node = node.child_by_field_name("name")
            if name_node is None:
                continue
            name = self.text(name_node)
            outer = records[owner_index].qualname if owner_index >= 0 else ""
            if not is_type and node.type != "method_declaration":
                name = records[owner_index].name if owner_index >= 0 else name
            qualname = f"{outer}.{name}" if outer else name
            index = len(records)
            self.starts.append(node.start_byte)
            self.ends.append(node.end_byte)
            self.parents.append(owner_index)
            self.qualnames.append(qualname)
            self.node_ids.append(node.id)
            if is_type:
                kept[node.id] = index
                self.kinds.append("class")
                records.append(self.type_definition(node, name, qualname, outer))
            else:
                self.kinds.append("method")
                methods.append(index)
                method_nodes[index] = node
                owner_node = parent if owner_index < 0 else _declaring_type(parent)
                records.append(self.method_definition(node, index, name, qualname, outer, owner_node))
        metrics = self.metrics()
        cognitive = self.cognitive()
        for index in methods:
            cyclomatic, nesting = metrics.get(index, (1, 0))
            record = records[index]
            score = cognitive.of(method_nodes[index].child_by_field_name("body"))
            if cyclomatic != 1 or nesting or score:
                lines, _, parameters, _, _ = record.metrics
                records[index] = record._replace(metrics=FunctionMetrics(lines, cyclomatic, parameters, nesting, score))
        return records

    def cognitive(self) -> CognitiveScan:
        """The file's nodes with a cognitive role: from the metrics' captures, the methods and
        constructors (those nested in a method are closures: they have no record of their own),
        and the `@cognitive` ones."""
        roles = COGNITIVE.roles
        captures = self.captures
        nodes = [node for node in captures.get("nesting", ()) if node.type in roles]
        nodes += (node for node in captures.get("branch", ()) if node.type in roles)
        nodes += captures.get("method", ())
        nodes += captures.get("cognitive", ())
        return CognitiveScan(COGNITIVE, nodes)

    def anonymous(self, node: tree_sitter.Node) -> None:
        """A local class (in a block) or a class nested in an anonymous class: not a definition."""
        body = node.child_by_field_name("body")
        if body is None:
            return
        superclass = node.child_by_field_name("superclass")
        base = self.type_name(superclass.named_child(0)) if superclass is not None else ""
        self.anon_flow(node, body, base)

    def anon_flow(self, at: tree_sitter.Node, body: tree_sitter.Node, base: str) -> None:
        names = []
        for member in body.named_children:
            if member.type == "method_declaration":
                names.append(self.text(member.child_by_field_name("name")))
        self.flows.append(
            ("anon", self.scope(at.start_byte), body.start_point[0] + 1, body.end_point[0] + 1, base, tuple(names))
        )

    def type_definition(self, node: tree_sitter.Node, name: str, qualname: str, outer: str) -> Definition:
        kind = _TYPE_KINDS[node.type]
        body = node.child_by_field_name("body")
        signature, decorators = self.header(node, body)
        bases: list[str] = []
        for child in node.named_children:
            if child.type in ("superclass", "super_interfaces", "extends_interfaces"):
                for part in child.named_children:
                    if part.type == "type_list":
                        bases.extend(self.short(t) for t in part.named_children)
                    else:
                        bases.append(self.short(part))
        if kind == "record":
            parameters = node.child_by_field_name("parameters")
            for parameter in parameters.named_children if parameters is not None else ():
                if parameter.type == "formal_parameter":
                    self.flows.append(
                        (
                            "field",
                            qualname,
                            self.text(parameter.child_by_field_name("name")),
                            self.type_name(parameter.child_by_field_name("type")),
                        )
                    )
        elif kind == "enum" and body is not None:
            for constant in body.named_children:
                if constant.type == "enum_constant":
                    self.flows.append(("field", qualname, self.text(constant.child_by_field_name("name")), qualname))
        return Definition(
            kind="class",
            name=name,
            qualname=qualname,
            parent=outer,
            span=self.span(node),
            signature=signature,
            decorators=decorators,
            docstring=self.doc_comment(node),
            bases=tuple(bases),
            type_kind=kind,
        )

    def method_definition(
        self,
        node: tree_sitter.Node,
        index: int,
        name: str,
        qualname: str,
        parent: str,
        owner: tree_sitter.Node | None,
    ) -> Definition:
        body = node.child_by_field_name("body")
        signature, decorators = self.header(node, body)
        parameters = node.child_by_field_name("parameters")
        if node.type == "compact_constructor_declaration" and owner is not None:
            parameters = owner.child_by_field_name("parameters")
        types: list[str] = []
        varargs = False
        lines = (node.start_point[0] + 1, node.end_point[0] + 1)  # overloads share the qualname
        for parameter in parameters.named_children if parameters is not None else ():
            if parameter.type == "formal_parameter":
                type_ = self.type_name(parameter.child_by_field_name("type"))
                types.append(type_)
                variable = parameter.child_by_field_name("name")
                dimensions = parameter.child_by_field_name("dimensions")
                if dimensions is not None:
                    type_ += "[]" * self.text(dimensions).count("[")
                if node.type != "compact_constructor_declaration":
                    self.flows.append(("var", qualname, self.text(variable), type_, *lines))
            elif parameter.type == "spread_parameter":
                varargs = True
                type_node = parameter.named_child(0)
                while type_node is not None and type_node.type in ("modifiers", "marker_annotation", "annotation"):
                    type_node = type_node.next_named_sibling
                type_ = self.type_name(type_node)
                types.append(type_ + "[]" if type_ else "")
                declarator = parameter.named_child(parameter.named_child_count - 1)
                if declarator is not None and declarator.type == "variable_declarator":
                    variable = declarator.child_by_field_name("name")
                    self.flows.append(("var", qualname, self.text(variable), types[-1], *lines))
        returns = self.type_name(node.child_by_field_name("type")) if node.type == "method_declaration" else ""
        self.flows.append(("sig", index, len(types), varargs, returns, tuple(types)))
        (start_line, _), (end_line, _) = node.start_point, node.end_point
        return Definition(
            kind="method",
            name=name,
            qualname=qualname,
            parent=parent,
            span=self.span(node),
            signature=signature,
            decorators=decorators,
            docstring=self.doc_comment(node),
            metrics=FunctionMetrics(
                lines=end_line - start_line + 1, cyclomatic=1, parameters=len(types), max_nesting=0
            ),
        )

    def metrics(self) -> dict[int, tuple[int, int]]:
        kinds = self.kinds
        cyclomatic: dict[int, int] = {}
        for node in self.captures.get("branch", ()):
            index = self.scope_index(node.start_byte)
            if index < 0 or kinds[index] != "method":
                continue
            if node.type == "switch_label" and not self.source.startswith(b"case", node.start_byte):
                continue
            cyclomatic[index] = cyclomatic.get(index, 1) + 1
        scoped = ((self.scope_index(node.start_byte), node) for node in self.captures.get("nesting", ()))
        nesting = max_nesting((index, node) for index, node in scoped if index >= 0 and kinds[index] == "method")
        return {i: (cyclomatic.get(i, 1), nesting.get(i, 0)) for i in cyclomatic.keys() | nesting}

    def bindings(self) -> None:
        captures = self.captures
        flows = self.flows
        kept_ids = set(self.node_ids)
        for node in captures.get("param", ()):
            parent = node.parent
            if parent is None or parent.parent is None or parent.parent.id in kept_ids:
                continue  # parameters of a kept method: read with their method
            if node.type == "formal_parameter":
                type_ = self.type_name(node.child_by_field_name("type"))
                variable = node.child_by_field_name("name")
            else:
                declarator = node.named_child(node.named_child_count - 1)
                variable = declarator.child_by_field_name("name") if declarator is not None else None
                type_ = ""
            if variable is not None:
                first, last = parent.parent.start_point[0] + 1, parent.parent.end_point[0] + 1
                flows.append(("var", self.scope(node.start_byte), self.text(variable), type_, first, last))
        for node in captures.get("lambda_param", ()):
            lam = node.parent if node.parent.type == "lambda_expression" else node.parent.parent
            if lam is not None:
                first, last = lam.start_point[0] + 1, lam.end_point[0] + 1
                flows.append(("var", self.scope(node.start_byte), self.text(node), "", first, last))
        for node in captures.get("catch", ()):
            variable = node.child_by_field_name("name")
            types = [c for c in node.named_children if c.type == "catch_type"]
            type_ = ""
            if types and types[0].named_child_count == 1:
                type_ = self.type_name(types[0].named_child(0))
            if variable is not None:
                scope = self.scope(node.start_byte)
                flows.append(("var", scope, self.text(variable), type_, *self.visible_lines(node)))
        for node in captures.get("local", ()):
            self.declarators(node, self.scope(node.start_byte), self.visible_lines(node))
        for node in captures.get("field", ()):
            index = self.scope_index(node.start_byte)
            owner = _declaring_type(node.parent)
            if index < 0 or self.kinds[index] != "class" or owner is None or owner.id != self.node_ids[index]:
                # a field of an anonymous or local class: a variable of the enclosing definition
                self.declarators(node, self.scope(node.start_byte), self.visible_lines(node))
                continue
            type_ = self.type_name(node.child_by_field_name("type"))
            for declarator in node.children_by_field_name("declarator"):
                name = self.text(declarator.child_by_field_name("name"))
                flows.append(("field", self.qualnames[index], name, self.array_of(type_, declarator)))
        for node in captures.get("foreach", ()):
            variable = node.child_by_field_name("name")
            if variable is None:
                continue
            type_ = self.type_name(node.child_by_field_name("type"))
            first, last = node.start_point[0] + 1, node.end_point[0] + 1
            scope = self.scope(node.start_byte)
            if type_ == "var":
                value = self.expression(node.child_by_field_name("value"))
                flows.append(("var_expr", scope, self.text(variable), value + "[]", first, last))
            else:
                flows.append(("var", scope, self.text(variable), type_, first, last))
        for node in captures.get("resource", ()):
            variable = node.child_by_field_name("name")
            if variable is None:
                continue
            type_ = self.type_name(node.child_by_field_name("type"))
            scope = self.scope(node.start_byte)
            statement = node.parent.parent if node.parent is not None else None
            first, last = (statement.start_point[0] + 1, statement.end_point[0] + 1) if statement else (0, 0)
            if type_ == "var":
                value = self.expression(node.child_by_field_name("value"))
                flows.append(("var_expr", scope, self.text(variable), value, first, last))
            else:
                flows.append(("var", scope, self.text(variable), type_, first, last))
        for node in captures.get("instanceof", ()):
            variable = node.child_by_field_name("name")
            type_ = self.type_name(node.child_by_field_name("right"))
            flows.append(("var", self.scope(node.start_byte), self.text(variable), type_, *self.visible_lines(node)))

    def array_of(self, type_: str, declarator: tree_sitter.Node) -> str:
        dimensions = declarator.child_by_field_name("dimensions")
        return type_ + "[]" * self.text(dimensions).count("[") if dimensions is not None and type_ else type_

    def declarators(self, node: tree_sitter.Node, scope: str, lines: tuple[int, int]) -> None:
        type_ = self.type_name(node.child_by_field_name("type"))
        for declarator in node.children_by_field_name("declarator"):
            name = self.text(declarator.child_by_field_name("name"))
            if type_ == "var":
                value = declarator.child_by_field_name("value")
                written = self.expression(value) if value is not None else ""
                self.flows.append(("var_expr", scope, name, written, *lines))
            else:
                self.flows.append(("var", scope, name, self.array_of(type_, declarator), *lines))

    def arguments(self, node: tree_sitter.Node | None, line: int, col: int) -> None:
        if node is None or not node.named_child_count:
            return  # no flow for a call without arguments: the resolver reads none as zero
        kinds = []
        for argument in node.named_children:
            if argument.type in ("line_comment", "block_comment"):
                continue
            kinds.append(self.argument(argument))
        self.flows.append(("args", line, col, len(kinds), tuple(kinds)))

    def argument(self, argument: tree_sitter.Node) -> str:
        """`#type` for a literal (or a string concatenation, a signed number), the expression in
        the callee notation for names, field accesses, calls, `new T()` and casts; else ""."""
        kind = argument.type
        if kind == "unary_expression" and argument.named_child_count == 1:
            operand = argument.named_child(0)
            if operand.type in _INTEGERS or operand.type == "decimal_floating_point_literal":
                argument, kind = operand, operand.type
        if kind in _INTEGERS:
            return "#long" if self.text(argument)[-1:] in "lL" else "#int"
        if kind == "decimal_floating_point_literal":
            return "#float" if self.text(argument)[-1:] in "fF" else "#double"
        if kind in _LITERALS:
            return "#" + _LITERALS[kind]
        if kind in _ARGUMENT_EXPRESSIONS:
            return self.expression(argument)
        if kind == "binary_expression":
            operator = argument.child_by_field_name("operator").type
            if operator in _BOOLEAN_OPERATORS:
                return "#boolean"
            left, right = argument.child_by_field_name("left"), argument.child_by_field_name("right")
            if operator == "+" and "string_literal" in (left.type, right.type):
                return "#String"
        elif kind == "instanceof_expression" or (kind == "unary_expression" and self.text(argument)[:1] == "!"):
            return "#boolean"
        elif kind in ("lambda_expression", "method_reference"):
            return "#lambda"
        return ""

    def calls(self) -> list[CallSite]:
        captures = self.captures
        found: list[tuple[int, int, str, int, tree_sitter.Node | None]] = []
        for node in captures.get("call", ()):
            name = node.child_by_field_name("name")
            if name is None:
                continue
            obj = node.child_by_field_name("object")
            callee = self.text(name) if obj is None else self.expression(obj) + "." + self.text(name)
            line, col = name.start_point
            found.append((line + 1, col, callee, node.start_byte, node.child_by_field_name("arguments")))
        for node in captures.get("new", ()):
            type_node = node.child_by_field_name("type")
            if type_node is None:
                continue
            written = self.type_name(type_node)
            line, col = type_node.start_point
            found.append((line + 1, col, "new " + written, node.start_byte, node.child_by_field_name("arguments")))
            for child in node.named_children:
                if child.type == "class_body":
                    self.anon_flow(node, child, written)
        for node in captures.get("ctor_call", ()):
            constructor = node.child_by_field_name("constructor")
            if constructor is None:
                continue
            obj = node.child_by_field_name("object")
            callee = self.text(constructor) if obj is None else self.expression(obj) + "." + self.text(constructor)
            line, col = node.start_point
            found.append((line + 1, col, callee, node.start_byte, node.child_by_field_name("arguments")))
        for node in captures.get("ref", ()):
            first = node.named_child(0)
            last = node.child(node.child_count - 1)
            if first is None or last is None:
                continue
            if first.type in ("type_identifier", "scoped_type_identifier", "generic_type", "array_type"):
                head = self.type_name(first)
            else:
                head = self.expression(first)
            line, col = node.start_point
            found.append((line + 1, col, f"{head}::{self.text(last)}", node.start_byte, None))
        for node in captures.get("enum_constant", ()):
            arguments = node.child_by_field_name("arguments")
            body = node.child_by_field_name("body")
            scope_index = self.scope_index(node.start_byte)
            enum = self.qualnames[scope_index] if scope_index >= 0 else ""
            if body is not None:
                self.anon_flow(node, body, enum)
            if arguments is None or not enum:
                continue
            name = node.child_by_field_name("name")
            line, col = (name or node).start_point
            found.append((line + 1, col, "new " + enum, node.start_byte, arguments))
        found.sort(key=lambda item: (item[0], item[1]))
        records = []
        for line, col, callee, start, arguments in found:
            records.append(CallSite(callee=callee, line=line, col=col, scope=self.scope(start)))
            if arguments is not None:
                self.arguments(arguments, line, col)
        return records

    def imports(self, nodes: list[tree_sitter.Node]) -> list[Import]:
        records = []
        for node in nodes:
            is_static = False
            wildcard = False
            written = ""
            for child in node.children:
                if child.type == "static":
                    is_static = True
                elif child.type == "asterisk":
                    wildcard = True
                elif child.type in ("identifier", "scoped_identifier"):
                    written = "".join(self.text(child).split())
            if not written:
                continue
            line = node.start_point[0] + 1
            if wildcard:
                module, name = written, "*"
            else:
                module, _, name = written.rpartition(".")
            records.append(Import(module=module, line=line, name=name))
            if is_static:
                self.flows.append(("static_import", line))
        return records
