"""JavaScript and TypeScript modules as the planner sees them: files, specifiers, import statements.

Module names follow codeintel.resolve.javascript (the path without its extension, `/` -> `.`)
and relative specifiers resolve the way it probes them (as written, with an extension, as a
folder's index, a `.js` specifier finding the `.ts` file), so the planner's idea of "who
imports this file" is the call graph's.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

import tree_sitter

from codeintel.planning.changes import Changeset
from codeintel.planning.model import ImpossibleRequest
from codeintel.planning.treesitter.spans import Span, apply_spans, parse, text_of, walk
from codeintel.resolve.javascript import is_script, probe_script

Node = tree_sitter.Node
LANGUAGES = ("javascript", "typescript")
IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


class Sources:
    """The JavaScript/TypeScript files of a Changeset, parsed on demand, with the spans to replace
    in each; `flush` writes every file's spans as one new text."""

    def __init__(self, changes: Changeset) -> None:
        self.changes = changes
        self.workspace = changes.workspace
        self.spans: dict[str, set[Span]] = {}
        self._trees: dict[str, tuple[str, tree_sitter.Tree]] = {}

    def files(self) -> list[str]:
        return sorted(p for p, s in self.workspace.file_states.items() if s.language in LANGUAGES and is_script(p))

    def mentioning(self, name: str) -> list[str]:
        """The script files whose text holds `name` as a word: every file that can refer to it."""
        word = re.compile(rf"(?<![\w$]){re.escape(name)}(?![\w$])")
        return [p for p in self.files() if word.search(self.changes.read(p))]

    def mentioning_any(self, names: list[str]) -> list[str]:
        return sorted({path for name in names for path in self.mentioning(name)})

    def root(self, path: str) -> Node:
        text = self.changes.read(path)
        cached = self._trees.get(path)
        if cached is None or cached[0] != text:
            cached = (text, parse(path, text))
            self._trees[path] = cached
        return cached[1].root_node

    def add(self, path: str, span: Span) -> None:
        self.spans.setdefault(path, set()).add(span)

    def flush(self) -> None:
        for path, spans in sorted(self.spans.items()):
            self.changes.write(path, apply_spans(self.changes.read(path), spans))
        self.spans = {}

    def exists(self, path: str) -> bool:
        return self.changes.exists(path)


def probe(sources: Sources, base: str) -> str | None:
    """The script file a module path names (codeintel.resolve.javascript's order)."""
    return probe_script(base, lambda candidate: is_script(candidate) and sources.exists(candidate))


def resolve_specifier(sources: Sources, importer: str, spec: str) -> str | None:
    if not spec.startswith("."):
        return None
    return probe(sources, posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec)))


def specifier_for(importer: str, target: str, like: str | None) -> str:
    """The relative specifier from `importer` to `target`, in the extension style of `like` (a
    specifier the importer already wrote: `./m.js`, `./m` or `./m.ts`)."""
    stem, ext = posixpath.splitext(target)
    if like is None or posixpath.splitext(like)[1] == "":
        written = stem
    elif posixpath.splitext(like)[1] in (".js", ".mjs", ".cjs") and ext in (".ts", ".tsx", ".mts", ".cts"):
        written = stem + {".ts": ".js", ".tsx": ".js", ".mts": ".mjs", ".cts": ".cjs"}[ext]
    else:
        written = target
    relative = posixpath.relpath(written, posixpath.dirname(importer) or ".")
    return relative if relative.startswith("../") else "./" + relative


def module_of_path(path: str) -> str:
    return posixpath.splitext(path)[0].replace("/", ".")


@dataclass
class ModuleStatement:
    """An import or re-export statement of a file, with the file its specifier names."""

    node: Node
    source: Node
    target: str | None

    @property
    def specifier(self) -> str:
        return string_value(self.source)


def string_value(node: Node) -> str:
    return text_of(node)[1:-1]


def module_statements(sources: Sources, path: str) -> Iterator[ModuleStatement]:
    """The top-level `import ... from` and `export ... from` statements of `path`."""
    for statement in sources.root(path).named_children:
        if statement.type in ("import_statement", "export_statement"):
            source = statement.child_by_field_name("source")
            if source is not None:
                yield ModuleStatement(statement, source, resolve_specifier(sources, path, string_value(source)))


def specifiers(statement: Node, kind: str) -> list[Node]:
    """The `import_specifier` or `export_specifier` nodes of a statement."""
    return [n for n in walk(statement) if n.type == kind]


def is_default_export(statement: Node) -> bool:
    return statement.type == "export_statement" and any(c.type == "default" for c in statement.children)


def check_identifier(name: str, reserved: frozenset[str]) -> None:
    if not IDENTIFIER.match(name):
        raise ImpossibleRequest(f"{name!r} is not an identifier")
    if name in reserved:
        raise ImpossibleRequest(f"{name!r} is a reserved word")
