"""Python source bytes -> FileFacts, with tree-sitter queries.

One parse and one query pass per file. The query is the concatenation of the `.scm` files
beside this module (definitions, imports, calls, assignments, metrics); each capture name
collects its nodes (sorted here into source order), and the Python side only looks at
captured nodes, never at every node of the tree. `errors.scm` runs only when the tree
reports an error. Records are built as dicts and validated once per file as a FileFacts.

Scopes. A position belongs to the innermost definition whose *body* contains it, so
decorators, default values, annotations and base classes belong to the enclosing scope
(where Python evaluates them). A call in a class body outside its methods has the class's
qualname as scope.

Positions. Lines are 1-based, columns 0-based UTF-8 byte offsets (as `ast.col_offset`).

Metrics (functions and methods only, never classes; a nested function's body counts for
the nested function alone):
  - lines: end_line - start_line + 1 of the definition's span (decorators included).
  - cyclomatic: 1 + one per `if`, `elif`, `for` (also `async for`), `while`, `except`
    (also `except*`) clause, `case` clause of `match` but an irrefutable one (`case _:` or
    `case name:`, the default, as a `switch`'s `default` elsewhere), boolean operator (`a and b or c`
    counts two), conditional expression (`x if c else y`), comprehension `for` and `if`
    clauses, and the `if` guard of a `case` clause (`case x if x > 0:`; a decision like a
    comprehension `if`). `else`, `finally`, `with`, `try` and lambdas add nothing (a
    lambda's decision points count for the function that holds it).
  - parameters: every declared parameter, `*args` and `**kwargs` one each; the bare `*`
    and `/` separators do not count, nor does a leading `self`/`cls` of a method.
  - max_nesting: deepest nesting of `if`/`for`/`while`/`try`/`with`/`match` statements in
    the body (0 for a body with none; `elif`/`else`/`except` stay at their statement's depth).
  - cognitive: cognitive complexity (codeintel.languages.cognitive): +1 and the nesting level
    for `if`, `for`, `while`, `except`, a conditional expression and `match` (a switch: its
    cases and guards add nothing); +1 for `elif` and for each `else` (of `if`, `for`, `while`
    and `try`, as SonarQube's Python analyser counts them); +1 per run of like `and`/`or`
    operators; a lambda adds nothing but nests what it holds; comprehension clauses (as in
    SonarQube), `try`, `finally` and `with` add nothing and do not nest. A nested `def` or
    `class` is skipped whole (its default values too); its decorators count here.

Callees are the called expression as written, on one line, with argument lists inside
the chain reduced to `()`: `foo(1, 2).bar()` -> 'foo().bar', `x[0]()` -> 'x[0]',
`super().__init__()` -> 'super().__init__'. A bare decorator `@dec` is a call of 'dec' at
the decorator's name. Hostile input stays linear: chains keep their last 32 links (`...`
stands for the rest), pieces such as a lambda keep 200 bytes, and captures start at most
MAX_DEPTH levels deep in the tree.

Docstrings are the literal value of a first-statement string (what `__doc__` would hold):
quotes and prefixes removed and escapes applied, not re-indented. Bytes and f-strings are
not docstrings in Python, so they give None here as well.
"""

from __future__ import annotations

import ast
import re
import warnings
from bisect import bisect_right
from collections.abc import Callable
from functools import cache

import tree_sitter
import tree_sitter_python

from codeintel.languages.cognitive import CognitiveRules, CognitiveScan
from codeintel.languages.common import (
    Grammar,
    count_lines,
    count_syntax_errors,
    failed_extraction,
    max_nesting,
    sorted_captures,
)
from codeintel.languages.python.flow import FlowWalker
from codeintel.model import (
    EXTRACTOR_VERSION,
    Assignment,
    CallSite,
    Definition,
    FileFacts,
    FunctionMetrics,
    Import,
    Span,
)

LANGUAGE_NAME = "python"
QUERY_FILES = ("definitions.scm", "imports.scm", "calls.scm", "assignments.scm", "metrics.scm")
ERROR_QUERY_FILE = "errors.scm"

_ASCII_DOTTED = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_SPACE_AFTER_OPEN = re.compile(r"([(\[]) ")
_SPACE_BEFORE_CLOSE = re.compile(r" ([)\]])")
_NOT_PARAMETERS = frozenset(("comment", "line_continuation", "positional_separator", "keyword_separator", "ERROR"))
_NOT_BASES = frozenset(("keyword_argument", "dictionary_splat", "comment", "line_continuation"))
_NOT_VALUES = frozenset(("comment", "line_continuation"))
_SELF_NAMES = frozenset((b"self", b"cls"))
_PLAIN_PREFIXES = frozenset(("", "u", "U"))
_RAW_PREFIXES = frozenset(("r", "R"))
MAX_DEPTH = 10_000
"""Captures start at most this deep in the tree. Real code stays in the low hundreds; past
about 32k levels tree-sitter's query cursor turns quadratic (a 400 KB chain `a.b().b()...`
took a minute), so hostile or generated files are cut off here instead."""
_MAX_LINKS = 32  # links of a callee chain kept (attributes, calls, subscripts)
_MAX_PIECE = 200  # bytes of one callee piece kept (a subscript, a lambda, a literal)
COGNITIVE = CognitiveRules(
    structures=("for_statement", "while_statement", "except_clause", "conditional_expression", "match_statement"),
    ifs=("if_statement",),
    else_clauses=("else_clause",),
    flat=("elif_clause",),
    closures=("lambda",),
    definitions=("function_definition", "class_definition"),
    logical=("boolean_operator",),
    operators={"and": "and", "or": "or"},
    parentheses=("parenthesized_expression",),
)
"""Cognitive complexity in Python (see the module docstring); metrics.scm captures these types."""


@cache
def runtime() -> Grammar:
    """The cached Parser, Language and Queries of this process."""
    return Grammar(tree_sitter.Language(tree_sitter_python.language()), __package__, QUERY_FILES, ERROR_QUERY_FILE)


def parse_python(source: bytes) -> tree_sitter.Tree:
    """A bare tree-sitter parse with the cached parser (benchmarks compare against this)."""
    return runtime().parser.parse(source)


def _one_line(text: str) -> str:
    """Whitespace runs become one space, and none is left just inside brackets."""
    text = " ".join(text.split())
    if "( " in text or "[ " in text:
        text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    if " )" in text or " ]" in text:
        text = _SPACE_BEFORE_CLOSE.sub(r"\1", text)
    return text


def extract_python(source: bytes, path: str, content_hash: str) -> FileFacts:
    """Extract definitions, imports, calls, assignments, `__all__` and metrics from one file.

    Never raises: syntax errors are counted in `syntax_errors` and everything recoverable
    is still extracted; an unexpected failure is reported in `FileFacts.error`.
    """
    try:
        return _Extraction(source).facts(path, content_hash)
    except Exception as exc:  # one bad file must not stop a scan
        return failed_extraction(source, path, content_hash, LANGUAGE_NAME, EXTRACTOR_VERSION, exc)


class _Extraction:
    """The work on one file: parse, one query pass, then turn captures into records."""

    def __init__(self, source: bytes) -> None:
        self.source = bytes(source)
        rt = runtime()
        self.tree = rt.parser.parse(self.source)
        self.root = self.tree.root_node
        self.captures = sorted_captures(rt.query, self.root, MAX_DEPTH)
        # Definitions in pre-order, with the byte range of their bodies (their scope).
        self.body_starts: list[int] = []
        self.body_ends: list[int] = []
        self.parents: list[int] = []
        self.qualnames: list[str] = []

    # -- text helpers -------------------------------------------------------------------

    def text(self, node: tree_sitter.Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def collapsed(self, node: tree_sitter.Node) -> str:
        """Node text on one line: whitespace runs become one space, none inside brackets."""
        return _one_line(self.text(node))

    def dotted(self, node: tree_sitter.Node) -> str | None:
        """`a.b.c` as text when the node is a plain (possibly dotted) name, else None."""
        raw = self.source[node.start_byte : node.end_byte]
        if _ASCII_DOTTED.fullmatch(raw):
            return raw.decode("ascii")
        parts = [part.strip() for part in raw.decode("utf-8", "replace").split(".")]
        if all(part.isidentifier() for part in parts):
            return ".".join(parts)
        return None

    def short(self, node: tree_sitter.Node) -> str:
        """`collapsed`, cut after _MAX_PIECE bytes so huge expressions stay cheap."""
        start, end = node.start_byte, node.end_byte
        if end - start <= _MAX_PIECE:
            return _one_line(self.source[start:end].decode("utf-8", "replace"))
        return _one_line(self.source[start : start + _MAX_PIECE].decode("utf-8", "replace")) + "..."

    def callee(self, node: tree_sitter.Node) -> str:
        """The called expression, normalised: `foo(1, 2).bar` -> 'foo().bar', `x[0]` kept.

        Walks at most _MAX_LINKS links down the chain (`...` stands for the rest), so a
        chain of n calls costs O(n), not O(n^2), in hostile or generated code.
        """
        parts: list[str] = []
        current: tree_sitter.Node | None = node
        while current is not None:  # walk down the chain without recursion
            if len(parts) == _MAX_LINKS:
                parts.append("...")
                break
            kind = current.type
            if kind == "attribute":
                attr = current.child_by_field_name("attribute")
                parts.append("." + (self.short(attr) if attr is not None else ""))
                current = current.child_by_field_name("object")
            elif kind == "call":
                parts.append("()")
                current = current.child_by_field_name("function")
            elif kind == "subscript":
                subscripts = current.children_by_field_name("subscript")
                parts.append("[" + ", ".join(self.short(s) for s in subscripts) + "]")
                current = current.child_by_field_name("value")
            else:
                parts.append(self.short(current))
                current = None
        return "".join(reversed(parts))

    def string_value(self, node: tree_sitter.Node) -> str | None:
        """The value of a str literal (plain or implicitly concatenated); None otherwise."""
        parts = node.named_children if node.type == "concatenated_string" else (node,)
        values = []
        for part in parts:
            if part.type != "string":
                return None
            start = part.child(0)
            opener = self.text(start) if start is not None else ""
            quote = opener.lstrip("rRuUbBfFtT")
            prefix = opener[: len(opener) - len(quote)]
            if not quote or any(c in prefix for c in "bBfFtT"):
                return None  # bytes and f-strings are not docstrings
            text = self.text(part)
            if prefix in _RAW_PREFIXES or (prefix in _PLAIN_PREFIXES and "\\" not in text):
                end = len(text) - len(quote) if text.endswith(quote) and len(text) >= len(opener) + len(quote) else None
                value = text[len(opener) : end]
            else:
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        value = ast.literal_eval(text)
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    value = text[len(opener) :].removesuffix(quote)
                if not isinstance(value, str):
                    return None
            values.append(value)
        value = "".join(values)
        return value.replace("\r\n", "\n") if "\r" in value else value

    def docstring(self, block: tree_sitter.Node | None) -> str | None:
        if block is None:
            return None
        first = None
        for index in range(block.named_child_count):
            first = block.named_child(index)
            if first.type not in _NOT_VALUES:
                break
        if first is None or first.type != "expression_statement" or first.named_child_count != 1:
            return None
        literal = first.named_child(0)
        if literal is None or literal.type not in ("string", "concatenated_string"):
            return None
        return self.string_value(literal)

    # -- scopes -------------------------------------------------------------------------

    def scope_index(self, position: int) -> int:
        """Index of the innermost definition whose body contains `position`, or -1."""
        index = bisect_right(self.body_starts, position) - 1
        body_ends = self.body_ends
        parents = self.parents
        while index >= 0 and body_ends[index] <= position:
            index = parents[index]
        return index

    def scope(self, position: int) -> str:
        index = self.scope_index(position)
        return self.qualnames[index] if index >= 0 else ""

    # -- the records --------------------------------------------------------------------
    # Records are built as dicts and validated once, as a whole FileFacts: one pydantic
    # call per file instead of one per record (the scan makes hundreds of thousands).

    def facts(self, path: str, content_hash: str) -> FileFacts:
        captures = self.captures
        definition_nodes = captures.get("definition", [])
        definitions = self.definitions(definition_nodes, captures.get("decorated", []))
        call_nodes = captures.get("call", [])
        walker = FlowWalker(
            self.source,
            {node.start_byte: i for i, node in enumerate(definition_nodes)},
            self.qualnames,
            {(node.start_byte, node.end_byte): i for i, node in enumerate(call_nodes)},
        )
        imports = self.imports(captures.get("import", []))
        walker.bind_imports(imports)
        try:
            walker.walk_module(self.root)
        except RecursionError:  # an expression nested past the interpreter's limit: no flows, the rest stays
            walker.ops.clear()
        return FileFacts.model_construct(  # every field is built here with its exact type
            path=path,
            language=LANGUAGE_NAME,
            content_hash=content_hash,
            extractor_version=EXTRACTOR_VERSION,
            lines=count_lines(self.source),
            size=len(self.source),
            module_docstring=self.docstring(self.root),
            definitions=definitions,
            imports=imports,
            calls=self.calls(call_nodes),
            assignments=self.assignments(captures.get("assignment", [])),
            all_names=self.all_names(captures.get("all", [])),
            flows=walker.ops,
            scopes=walker.scope_table(),
            syntax_errors=self.syntax_errors(),
            error=None,
        )

    def definitions(self, nodes: list[tree_sitter.Node], decorated: list[tree_sitter.Node]) -> list[Definition]:
        qualnames = self.qualnames
        kinds: list[str] = []
        bodies: list[tree_sitter.Node | None] = []
        lambdas_in: dict[int, int] = {}  # parent index -> lambdas numbered so far
        for node in nodes:
            parent = self.scope_index(node.start_byte)
            if node.type == "lambda":
                lambdas_in[parent] = lambdas_in.get(parent, 0) + 1
                name = f"<lambda{lambdas_in[parent]}>"
            else:
                name_node = node.child_by_field_name("name")
                name = self.text(name_node) if name_node is not None else ""
            qualnames.append(f"{qualnames[parent]}.{name}" if parent >= 0 else name)
            body = node.child_by_field_name("body")
            bodies.append(body)
            self.body_starts.append(body.start_byte if body is not None else node.end_byte)
            self.body_ends.append(body.end_byte if body is not None else node.end_byte)
            self.parents.append(parent)
            if node.type == "class_definition":
                kinds.append("class")
            elif node.type == "lambda":
                kinds.append("lambda")
            else:
                kinds.append("method" if parent >= 0 and kinds[parent] == "class" else "function")
        self.kinds = kinds
        outer_of: dict[int, tree_sitter.Node] = {}
        for node in decorated:
            inner = node.child_by_field_name("definition")
            if inner is not None:
                outer_of[inner.start_byte] = node
        metrics = self.metrics() if nodes else {}
        cognitive = self.cognitive(nodes).of
        parents = self.parents
        return [
            self.definition(
                node,
                bodies[i],
                kinds[i],
                qualnames[i],
                qualnames[parents[i]] if parents[i] >= 0 else "",
                outer_of.get(node.start_byte),
                metrics.get(i),
                cognitive,
            )
            for i, node in enumerate(nodes)
        ]

    def definition(
        self,
        node: tree_sitter.Node,
        body: tree_sitter.Node | None,
        kind: str,
        qualname: str,
        parent: str,
        decorated: tree_sitter.Node | None,
        counts: tuple[int, int] | None,
        cognitive: Callable[[tree_sitter.Node | None], int],
    ) -> Definition:
        outer = decorated or node
        (start_line, start_col), (end_line, end_col) = outer.start_point, outer.end_point
        decorators = []
        if decorated is not None:
            for child in decorated.named_children:
                if child.type == "decorator":
                    expression = child.named_child(0) if child.named_child_count else None
                    decorators.append(self.collapsed(expression) if expression is not None else "")
        is_class = kind == "class"
        bases: list[str] = []
        if kind == "lambda":
            parameters = node.child_by_field_name("parameters")
            raw = self.text(parameters) if parameters is not None else ""
            return Definition(
                kind="lambda",
                name=qualname.rpartition(".")[2],
                qualname=qualname,
                parent=parent,
                span=Span(start_line + 1, start_col, end_line + 1, end_col),
                signature=_one_line(f"lambda {raw}" if raw else "lambda"),
            )
        if is_class:
            superclasses = node.child_by_field_name("superclasses")
            header_end = superclasses or node.child_by_field_name("type_parameters") or node.child_by_field_name("name")
            container = superclasses
            if superclasses is not None:
                bases = [self.collapsed(child) for child in superclasses.named_children if child.type not in _NOT_BASES]
            parameters = None
        else:
            parameters = node.child_by_field_name("parameters")
            header_end = node.child_by_field_name("return_type") or parameters or node.child_by_field_name("name")
            container = parameters
        signature = self.signature(node, container, header_end) if header_end is not None else ""
        metrics = None
        if not is_class:
            cyclomatic, nesting = counts or (1, 0)
            metrics = FunctionMetrics(
                lines=end_line - start_line + 1,
                cyclomatic=cyclomatic,
                parameters=self.parameter_count(parameters, kind == "method") if parameters is not None else 0,
                max_nesting=nesting,
                cognitive=cognitive(body),
            )
        return Definition(
            kind=kind,
            name=qualname.rpartition(".")[2],
            qualname=qualname,
            parent=parent,
            span=Span(start_line + 1, start_col, end_line + 1, end_col),
            signature=signature,
            decorators=tuple(decorators),
            docstring=self.docstring(body),
            bases=tuple(bases),
            is_async=not is_class and signature.startswith("async"),
            metrics=metrics,
        )

    def signature(self, node: tree_sitter.Node, container: tree_sitter.Node | None, end: tree_sitter.Node) -> str:
        """Header text from `def`/`class` to `end`, on one line, without comments or `\\`."""
        source = self.source
        raw = source[node.start_byte : end.end_byte]
        if container is not None and (b"#" in raw or b"\\" in raw):
            pieces = []
            position = node.start_byte
            for child in container.named_children:
                if child.type in _NOT_VALUES:
                    pieces.append(source[position : child.start_byte])
                    position = child.end_byte
            pieces.append(source[position : end.end_byte])
            raw = b"".join(pieces)
        return _one_line(raw.decode("utf-8", "replace"))

    def parameter_count(self, parameters: tree_sitter.Node, is_method: bool) -> int:
        declared = [child for child in parameters.named_children if child.type not in _NOT_PARAMETERS]
        if is_method and declared:
            first = declared[0]
            if first.type == "typed_parameter" and first.named_child_count:
                first = first.named_child(0)
            if first.type == "identifier" and self.source[first.start_byte : first.end_byte] in _SELF_NAMES:
                return len(declared) - 1
        return len(declared)

    def metrics(self) -> dict[int, tuple[int, int]]:
        """(cyclomatic, max_nesting) per definition index that holds any decision or block."""
        body_starts, body_ends, parents, kinds = self.body_starts, self.body_ends, self.parents, self.kinds
        cyclomatic: dict[int, int] = {}
        for node in self.captures.get("branch", ()):
            if node.type == "case_clause" and _irrefutable(node):
                continue  # `case _:` or `case name:` is the match's default: no path of its own
            start = node.start_byte
            index = bisect_right(body_starts, start) - 1  # scope_index(), inlined
            while index >= 0 and (body_ends[index] <= start or kinds[index] == "lambda"):
                index = parents[index]
            if index >= 0:
                cyclomatic[index] = cyclomatic.get(index, 1) + 1
        scoped = []
        for node in self.captures.get("nesting", ()):
            start = node.start_byte
            index = bisect_right(body_starts, start) - 1
            while index >= 0 and (body_ends[index] <= start or kinds[index] == "lambda"):
                index = parents[index]
            if index >= 0:
                scoped.append((index, node))
        nesting = max_nesting(scoped)
        return {index: (cyclomatic.get(index, 1), nesting.get(index, 0)) for index in cyclomatic.keys() | nesting}

    def cognitive(self, definitions: list[tree_sitter.Node]) -> CognitiveScan:
        """The file's nodes with a cognitive role, gathered from the captures the other metrics
        already made (a second capture of the same nodes cost the query pass a third more)."""
        roles = COGNITIVE.roles
        captures = self.captures
        nodes = [node for node in captures.get("branch", ()) if node.type in roles]
        nodes += [node for node in captures.get("nesting", ()) if node.type == "match_statement"]
        nodes += definitions
        nodes += captures.get("else", ())
        return CognitiveScan(COGNITIVE, nodes)

    def imports(self, nodes: list[tree_sitter.Node]) -> list[Import]:
        records: list[Import] = []
        for node in nodes:
            line = node.start_point[0] + 1
            scope = self.scope(node.start_byte)
            kind = node.type
            if kind == "import_statement":
                for child in node.children_by_field_name("name"):
                    module, alias = self.imported_name(child)
                    records.append(Import(module=module, alias=alias, line=line, scope=scope))
                continue
            level = 0
            module = ""
            if kind == "future_import_statement":
                module = "__future__"
            else:
                module_node = node.child_by_field_name("module_name")
                if module_node is not None and module_node.type == "relative_import":
                    for child in module_node.named_children:
                        if child.type == "import_prefix":
                            level = self.text(child).count(".")
                        elif child.type == "dotted_name":
                            module = "".join(self.text(child).split())
                elif module_node is not None:
                    module = "".join(self.text(module_node).split())
            names = node.children_by_field_name("name")
            if not names and any(child.type == "wildcard_import" for child in node.named_children):
                records.append(Import(module=module, name="*", level=level, line=line, scope=scope))
            for child in names:
                name, alias = self.imported_name(child)
                records.append(Import(module=module, name=name, alias=alias, level=level, line=line, scope=scope))
        return records

    def imported_name(self, node: tree_sitter.Node) -> tuple[str, str | None]:
        if node.type == "aliased_import":
            name = node.child_by_field_name("name")
            alias = node.child_by_field_name("alias")
            return (
                "".join(self.text(name).split()) if name is not None else "",
                self.text(alias) if alias is not None else None,
            )
        return "".join(self.text(node).split()), None

    def calls(self, nodes: list[tree_sitter.Node]) -> list[CallSite]:
        """One record per callee node (a call's `function`, or a bare decorator)."""
        # The hottest loop of the extractor (a third of all captures): scope_index() inlined.
        source = self.source
        qualnames, body_starts, body_ends, parents = self.qualnames, self.body_starts, self.body_ends, self.parents
        callee = self.callee
        fullmatch = _ASCII_DOTTED.fullmatch
        records: list[CallSite] = []
        append = records.append
        for node in nodes:
            start = node.start_byte
            kind = node.type
            end = node.end_byte
            if kind == "identifier":
                name = source[start:end].decode("utf-8", "replace")
            elif kind == "attribute" and end - start <= _MAX_PIECE and fullmatch(raw := source[start:end]):
                name = raw.decode("ascii")
            else:
                name = callee(node)
            index = bisect_right(body_starts, start) - 1
            while index >= 0 and body_ends[index] <= start:
                index = parents[index]
            scope = qualnames[index] if index >= 0 else ""
            line, col = node.start_point
            append(CallSite(name, line + 1, col, scope))
        return records

    def assignments(self, nodes: list[tree_sitter.Node]) -> list[Assignment]:
        records: list[Assignment] = []
        for node in nodes:
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None:
                continue
            target = self.dotted(left)
            if target is None:
                continue
            is_call = right.type == "call"
            if is_call:
                right = right.child_by_field_name("function")
                if right is None or right.type not in ("identifier", "attribute"):
                    continue
            value = self.dotted(right)
            if value is None:
                continue
            records.append(
                Assignment(
                    target=target,
                    value=value,
                    is_call=is_call,
                    line=node.start_point[0] + 1,
                    scope=self.scope(node.start_byte),
                )
            )
        return records

    def all_names(self, nodes: list[tree_sitter.Node]) -> list[str] | None:
        """The last module-level `__all__ = [...]` of string literals, else None."""
        names = None
        for node in nodes:
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None or self.text(left) != "__all__":
                continue
            values = []
            for element in right.named_children:
                if element.type in _NOT_VALUES:
                    continue
                value = self.string_value(element) if element.type in ("string", "concatenated_string") else None
                if value is None:
                    values = None
                    break
                values.append(value)
            names = values
        return names

    def syntax_errors(self) -> int:
        return count_syntax_errors(runtime().error_query, self.root)


def _irrefutable(case: tree_sitter.Node) -> bool:
    """A `case` clause that matches anything: a wildcard or a bare capture name (PEP 634), or an
    or-pattern or parentheses holding one; its guard, if any, is counted as the decision it is."""
    patterns = [child for child in case.named_children if child.type == "case_pattern"]
    if len(patterns) != 1:
        return False
    pattern = patterns[0]
    while pattern.named_child_count == 1:
        inner = pattern.named_children[0]
        if inner.type == "case_pattern":
            pattern = inner
        elif inner.type == "tuple_pattern" and inner.named_child_count == 1 and inner.child_count == 3:
            pattern = inner.named_children[0]  # `(name)` is a group, not a tuple: no comma
        else:
            break
    children = pattern.children
    if len(children) != 1:
        return False
    only = children[0]
    return only.type == "_" or (only.type == "dotted_name" and only.named_child_count == 1)
