"""What the Java planners read from a file's tree: its package, its imports, and where a type's
simple or qualified name refers to one class.

Names follow codeintel.resolve.java: a file's module is its package plus its file stem, a type is
`<module>.<qualname>`, a method `<module>.<Type>.<name>`, a constructor `<module>.<Type>.<Type>`.
Which class a simple name means follows Java's order for top-level types: a type the file
declares, a single-type import, the file's package, then on-demand imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tree_sitter

from codeintel.planning.changes import Changeset
from codeintel.planning.model import ImpossibleRequest
from codeintel.planning.treesitter.spans import Span, apply_spans, line_end, parse, text_of, walk

Node = tree_sitter.Node
KEYWORDS = frozenset(
    [
        "abstract",
        "assert",
        "boolean",
        "break",
        "byte",
        "case",
        "catch",
        "char",
        "class",
        "const",
        "continue",
        "default",
        "do",
        "double",
        "else",
        "enum",
        "extends",
        "final",
        "finally",
        "float",
        "for",
        "goto",
        "if",
        "implements",
        "import",
        "instanceof",
        "int",
        "interface",
        "long",
        "native",
        "new",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "short",
        "static",
        "strictfp",
        "super",
        "switch",
        "synchronized",
        "this",
        "throw",
        "throws",
        "transient",
        "try",
        "void",
        "volatile",
        "while",
        "true",
        "false",
        "null",
        "var",
        "record",
        "yield",
        "sealed",
        "permits",
    ]
)
TYPE_DECLS = {"class_declaration", "interface_declaration", "enum_declaration", "record_declaration"}
QUALIFIED = {"scoped_identifier", "scoped_type_identifier", "field_access"}
IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def check_name(name: str) -> None:
    if not IDENTIFIER.match(name):
        raise ImpossibleRequest(f"{name!r} is not a Java identifier")
    if name in KEYWORDS:
        raise ImpossibleRequest(f"{name!r} is a Java keyword")


@dataclass
class JavaImport:
    node: Node
    name: str
    """The imported name as written (`a.b.C`, `a.b.C.m` for a static import, `a.b` for `a.b.*`)."""
    static: bool
    wildcard: bool


class JavaFile:
    """One parsed Java file."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.root = parse(path, text).root_node
        package = next((c for c in self.root.named_children if c.type == "package_declaration"), None)
        self.package_node = package.named_children[0] if package is not None and package.named_children else None
        self.package = _dotted(self.package_node) if self.package_node is not None else ""
        self.imports: list[JavaImport] = []
        for node in self.root.named_children:
            if node.type == "import_declaration":
                target = next(c for c in node.named_children if c.type in ("scoped_identifier", "identifier"))
                self.imports.append(
                    JavaImport(
                        node,
                        _dotted(target),
                        any(c.type == "static" for c in node.children),
                        any(c.type == "asterisk" for c in node.named_children),
                    )
                )
        self.types = [n for n in self.root.named_children if n.type in TYPE_DECLS]

    def declares_type(self, name: str) -> bool:
        return any(text_of(n.child_by_field_name("name")) == name for n in walk(self.root) if n.type in TYPE_DECLS)

    def sees(self, fqn: str) -> bool:
        """Whether the simple name of the top-level class `fqn` means that class in this file."""
        package, _, name = fqn.rpartition(".")
        single = [i for i in self.imports if not i.static and not i.wildcard and i.name.rsplit(".", 1)[-1] == name]
        if single:
            return any(i.name == fqn for i in single)
        if self.declares_type(name):
            return self.package == package
        return self.package == package or any(i.wildcard and not i.static and i.name == package for i in self.imports)

    def import_insertion(self) -> int:
        """Where a new import line goes: after the last import, else after the package line."""
        anchor = self.imports[-1].node if self.imports else self.root.named_children[0]
        if anchor.type not in ("import_declaration", "package_declaration"):
            return 0  # the default package, no imports yet: the file starts with them
        return line_end(self.text.encode("utf-8"), anchor.end_byte)

    def add_imports(self, names: list[str]) -> Span:
        at = self.import_insertion()
        lines = "".join(f"import {n};\n" for n in names)
        if not self.imports:
            lines = "\n" + lines
        return Span(at, at, lines)


def _dotted(node: Node) -> str:
    return "".join(text_of(node).split())


def qualifier(node: Node) -> str | None:
    """For the last name of a qualified name (`a.b.C`'s `C`), the qualifier (`a.b`); else None."""
    parent = node.parent
    if parent is None or parent.type not in QUALIFIED or parent.named_children[-1] != node:
        return None
    if parent.type == "field_access" and parent.child_by_field_name("field") != node:
        return None
    return _dotted(parent)[: -len(text_of(node)) - 1]


def simple_type_use(node: Node) -> bool:
    """Whether an unqualified identifier node sits where a type name can (not a variable or method)."""
    if node.type == "type_identifier":
        return True
    parent = node.parent
    if parent is None:
        return False
    kind = parent.type
    if kind == "method_invocation":
        return parent.child_by_field_name("object") == node
    if kind == "field_access":
        return parent.child_by_field_name("object") == node
    if kind == "method_reference":
        return parent.named_children[0] == node
    if kind in ("scoped_identifier", "scoped_type_identifier"):
        return (
            parent.named_children[0] == node
            and parent.parent is not None
            and parent.parent.type != "package_declaration"
        )
    return False


class JavaSources:
    """The Java files of a Changeset, parsed on demand, with spans to replace per file."""

    def __init__(self, changes: Changeset) -> None:
        self.changes = changes
        self.workspace = changes.workspace
        self.spans: dict[str, set[Span]] = {}
        self._files: dict[str, JavaFile] = {}

    def files(self) -> list[str]:
        return sorted(
            p for p, s in self.workspace.file_states.items() if s.language == "java" and self.changes.exists(p)
        )

    def mentioning(self, name: str) -> list[str]:
        word = re.compile(rf"(?<![\w$]){re.escape(name)}(?![\w$])")
        return [p for p in self.files() if word.search(self.changes.read(p))]

    def file(self, path: str) -> JavaFile:
        text = self.changes.read(path)
        cached = self._files.get(path)
        if cached is None or cached.text != text:
            cached = JavaFile(path, text)
            self._files[path] = cached
        return cached

    def add(self, path: str, span: Span) -> None:
        self.spans.setdefault(path, set()).add(span)

    def edited(self, path: str) -> str:
        return apply_spans(self.changes.read(path), self.spans.get(path, ()))

    def flush(self, skip: frozenset[str] = frozenset()) -> None:
        for path, spans in sorted(self.spans.items()):
            if path not in skip and spans:
                self.changes.write(path, apply_spans(self.changes.read(path), spans))
        self.spans = {p: s for p, s in self.spans.items() if p in skip}


def type_references(jf: JavaFile, fqn: str, outer: str | None = None) -> list[Node]:
    """Every identifier in `jf` that names the class `fqn`: simple names where the file sees it,
    qualified ones (`a.b.C`, and `Outer.C` for a nested class whose `outer` the file sees)."""
    package, _, name = fqn.rpartition(".")
    nested = outer is not None
    sees = jf.sees(outer) if nested else jf.sees(fqn)
    inside_outer = nested and (_declares_top(jf, outer) or any(i.name == fqn and not i.static for i in jf.imports))
    found = []
    for node in walk(jf.root):
        if node.type not in ("identifier", "type_identifier") or text_of(node) != name:
            continue
        qual = qualifier(node)
        if qual is not None:
            if qual == package or (nested and sees and qual == outer.rsplit(".", 1)[-1]):
                found.append(node)
            continue
        parent = node.parent
        if parent is not None and parent.type in TYPE_DECLS | {"constructor_declaration"}:
            if parent.child_by_field_name("name") == node and _is_declaration_of(jf, parent, fqn, outer):
                found.append(node)
            continue
        if not simple_type_use(node):
            continue
        if (not nested and sees) or inside_outer:
            found.append(node)
    return found


def _declares_top(jf: JavaFile, fqn: str | None) -> bool:
    if fqn is None:
        return False
    package, _, name = fqn.rpartition(".")
    return jf.package == package and any(text_of(t.child_by_field_name("name")) == name for t in jf.types)


def _is_declaration_of(jf: JavaFile, decl: Node, fqn: str, outer: str | None) -> bool:
    """Whether a type or constructor declaration node declares `fqn` (or its constructor)."""
    package, _, name = fqn.rpartition(".")
    if decl.type == "constructor_declaration":
        decl = _enclosing_type(decl)
        if decl is None or text_of(decl.child_by_field_name("name")) != name:
            return False
    if outer is None:
        return jf.package == package and decl.parent == jf.root
    enclosing = _enclosing_type(decl)
    return (
        enclosing is not None
        and text_of(enclosing.child_by_field_name("name")) == outer.rsplit(".", 1)[-1]
        and _declares_top(jf, outer)
    )


def _enclosing_type(node: Node) -> Node | None:
    current = node.parent
    while current is not None and current.type not in TYPE_DECLS:
        current = current.parent
    return current
