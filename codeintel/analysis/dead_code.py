"""Dead code: classes and functions that nothing live reaches, with how sure we are.

Liveness is reachability from roots over a reference graph built once from the code graph and
the repository's source text (both loaded in one pass each; the rest works on dicts):

* Roots: every module (its top-level code runs on import, `if __name__ == "__main__":` blocks
  included); declared entry points (console scripts and entry points in pyproject.toml,
  setup.cfg, setup.py); names in `__all__`; and what codeintel.analysis.entry_points' rules
  say: tests and fixtures, `main`, Go `init`, configured decorators (routes, tasks, commands...)
  and names, a library's public API (`public_api`). A repository's own decorator that hands back
  what it decorates (`def register(fn): REGISTRY.append(fn); return fn`) makes it a root too.
* References, from the scope that holds them: CALLS, IMPORTS (from the function an import sits
  in, not the whole module) and INHERITS edges; and the names the graph does not turn into
  edges, read from the source as tokens (comments skipped): a bare name refers to the
  definitions of that name in the same file (Python; a star import adds the star-imported
  modules') or anywhere in the language (others); `x.name` refers to every method or
  module-level definition called `name`; `getattr(x, "name")` counts as `x.name`; a string
  holding a dotted path (`"pkg.mod.Class"`, `"pkg.mod:func"`, as settings and `mock.patch` write
  them) refers to that definition; a string prefix that code completes at run time
  (`"visit_" + kind`, `f"on_{event}"`) refers to the definitions of its file, and the methods of
  its classes' subclasses, whose names start with it. Tokens the graph already resolved (a CALLS
  or IMPORTS edge from that line to something of that name) add nothing.
* Structure: what is reached makes what encloses it live (a called method keeps its class); a
  method reached by name only (`x.save()`, type unknown) is live only if its class is; a method
  of a live class is live when it overrides, or is overridden by, a live method (dynamic
  dispatch), when it is a dunder or a constructor, and when a base class outside the repository
  may call it: a builtin's attributes, what a standard-library base defines or looks up by
  prefix (read from its source), any public method of a third-party base (`external_overrides`).
  Definitions sharing a qualified name (a property's getter and setter, overloads) live together.
  Python class bodies run with their enclosing scope, so what they reference outside the class is
  referenced from there; a handler registered inside a factory function lives if the factory runs.

What is not reached is dead. A dead class or function is one finding; the dead definitions
inside it are its `members`, not findings of their own.

Confidence:
* high: nothing refers to it, and no other occurrence of its name (as a name tied to nothing, or
  in a string) could.
* medium: nothing refers to it, but its name appears elsewhere (in a string, or as a name the
  analysis could not tie to anything): a dynamic use (`getattr` with a computed name, a registry
  keyed by strings, a template) may reach it. Also: only dead code refers to it, and that dead
  code is itself a high-confidence finding.
* low: a dynamic feature could reach it unseen (its module is star-imported or looks names up
  with `globals()` or `sys.modules[__name__]`; its class looks methods up with
  `getattr(self, <computed>)`; a decorator from outside the repository might register it), or
  only dead code of medium or low confidence refers to it.

Two findings for tests/fixtures/dead_code/inventory:

    DeadDefinition(id='inventory-f53a796f:inventory/util.py:legacy_slug', qualname='inventory.util.legacy_slug',
        name='legacy_slug', kind='function', language='python', path='inventory/util.py', start_line=17,
        end_line=24, confidence='high', members=[],
        reason='nothing refers to it; no other occurrence of the name `legacy_slug` could refer to it')
    DeadDefinition(id='inventory-f53a796f:inventory/models.py:Warehouse._reindex',
        qualname='inventory.models.Warehouse._reindex', name='_reindex', kind='method', language='python',
        path='inventory/models.py', start_line=109, end_line=110, confidence='medium', members=[],
        reason='only dead code refers to it (`inventory.models.Warehouse.merge`)')
"""

from __future__ import annotations

import ast
import bisect
import builtins
import re
import textwrap
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ConfigDict

from codeintel.analysis.entry_points import (
    CONFIDENCE_RANK,
    TRANSPARENT_DECORATORS,
    Confidence,
    DeadCodeConfig,
    DefinitionShape,
    EntryPoint,
    all_exports,
    decorator_name,
    is_anonymous,
    is_dunder,
    is_test_path,
    matches,
    member_reason,
    read_entry_points,
    root_reason,
    stdlib_base_hooks,
)
from codeintel.graph.port import GraphStore

LANGUAGE_GROUPS = {"typescript": "javascript", "tsx": "javascript", "cpp": "c"}
"""Languages whose code refers to each other's names (JS and TS, C and C++)."""

MENTION_SAMPLES = 8
"""Locations kept per name for the evidence; counts are kept in full."""


class DeadDefinition(BaseModel):
    """One dead class or function, with the dead definitions inside it (qualified names)."""

    model_config = ConfigDict(frozen=True)

    id: str
    qualname: str
    name: str
    kind: str
    language: str
    path: str
    start_line: int
    end_line: int
    confidence: Confidence
    reason: str
    members: list[str]


# ---------------------------------------------------------------- the graph, loaded once


@dataclass(slots=True)
class Node:
    """A Class or Function of the graph."""

    id: str
    label: str
    name: str
    qualname: str
    kind: str
    path: str
    start_line: int
    end_line: int
    decorators: tuple[str, ...]
    signature: str
    parent: str = ""
    """The id of what defines it: a module, class or function."""


@dataclass(slots=True)
class CodeGraph:
    """The parts of one repository's graph that liveness needs, as plain dicts and lists."""

    nodes: dict[str, Node]
    modules: dict[str, tuple[str, str]]
    """module id -> (dotted name, file)."""
    languages: dict[str, str]
    """file path -> language."""
    calls: list[tuple[str, str, str, str, int]]
    """(source id, target id, target name, file, line); targets include External nodes."""
    imports: list[tuple[str, str, str, str, int, str]]
    """(module id, target id, target name, file, line, alias)."""
    inherits: list[tuple[str, str, str, str, str]]
    """(class id, base id, base label, base name, base kind)."""
    externals: dict[str, tuple[str, str]] = field(default_factory=dict)
    """External id -> (name, kind: builtin, stdlib, third_party or unresolved)."""

    @classmethod
    def load(cls, store: GraphStore, repo_id: str) -> CodeGraph:
        p = {"repo": repo_id}
        nodes: dict[str, Node] = {}
        for row in store.query(
            "MATCH (n:Function) WHERE n.repo = $repo RETURN n.id AS id, n.name AS name, n.qualname AS qualname, "
            "n.kind AS kind, n.file AS file, n.start_line AS s, n.end_line AS e, n.decorators AS decorators, "
            "n.signature AS signature",
            p,
        ):
            nodes[row["id"]] = _node("Function", row)
        for row in store.query(
            "MATCH (n:Class) WHERE n.repo = $repo RETURN n.id AS id, n.name AS name, n.qualname AS qualname, "
            "n.kind AS kind, n.file AS file, n.start_line AS s, n.end_line AS e, n.decorators AS decorators",
            p,
        ):
            nodes[row["id"]] = _node("Class", row)
        modules = {
            row["id"]: (row["name"] or "", row["file"] or "")
            for row in store.query(
                "MATCH (m:Module) WHERE m.repo = $repo RETURN m.id AS id, m.name AS name, m.file AS file", p
            )
        }
        languages = {
            row["path"]: row["language"] or ""
            for row in store.query(
                "MATCH (f:File) WHERE f.repo = $repo RETURN f.path AS path, f.language AS language", p
            )
        }
        for row in store.query(
            "MATCH (a)-[e:DEFINES]->(b) WHERE e.repo = $repo RETURN a.id AS parent, b.id AS child", p
        ):
            child = nodes.get(row["child"])
            if child is not None:
                child.parent = row["parent"]
        calls = [
            (r["src"], r["dst"], _short(r["name"] or ""), r["file"] or "", r["line"] or 0)
            for r in store.query(
                "MATCH (a)-[e:CALLS]->(b) WHERE e.repo = $repo "
                "RETURN a.id AS src, b.id AS dst, b.name AS name, e.file AS file, e.line AS line",
                p,
            )
        ]
        imports = [
            (r["src"], r["dst"], _short(r["name"] or ""), r["file"] or "", r["line"] or 0, r["alias"] or "")
            for r in store.query(
                "MATCH (a:Module)-[e:IMPORTS]->(b) WHERE e.repo = $repo RETURN a.id AS src, b.id AS dst, "
                "b.name AS name, e.file AS file, e.line AS line, e.alias AS alias",
                p,
            )
        ]
        inherits = [
            (r["src"], r["dst"], r["label"], r["name"] or "", r["kind"] or "")
            for r in store.query(
                "MATCH (a:Class)-[e:INHERITS]->(b) WHERE e.repo = $repo "
                "RETURN a.id AS src, b.id AS dst, label(b) AS label, b.name AS name, b.kind AS kind",
                p,
            )
        ]
        externals = {
            r["id"]: (r["name"] or "", r["kind"] or "")
            for r in store.query(
                "MATCH (x:External) WHERE x.repo = $repo RETURN x.id AS id, x.name AS name, x.kind AS kind", p
            )
        }
        # sorted, so that what the analysis reports (and why it thinks things live) is the same every run
        return cls(
            dict(sorted(nodes.items())),
            dict(sorted(modules.items())),
            dict(sorted(languages.items())),
            sorted(calls),
            sorted(imports),
            sorted(inherits),
            dict(sorted(externals.items())),
        )


def _node(label: str, row: Mapping) -> Node:
    return Node(
        id=row["id"],
        label=label,
        name=row["name"] or "",
        qualname=row["qualname"] or row["name"] or "",
        kind=(row["kind"] or ("class" if label == "Class" else "function")),
        path=row["file"] or "",
        start_line=row["s"] or 0,
        end_line=row["e"] or row["s"] or 0,
        decorators=tuple(row.get("decorators") or ()),
        signature=row.get("signature") or "",
    )


def _short(name: str) -> str:
    """The last component of a dotted (or `::`) name: what a token in the source would read."""
    return re.split(r"\.|::", name)[-1] if name else ""


def _real_external(name: str, kind: str) -> bool:
    """Whether a call the graph ties to something outside the repository really goes there. A builtin
    or a standard-library class's member must exist: `<builtin>.object.login` or
    `unittest.TestCase.login` is what a method call becomes when the receiver's own class could not be
    resolved, and `login` may well be a method of the repository's."""
    if name.startswith("<builtin>."):
        found: object = builtins
        for part in name.removeprefix("<builtin>.").split("."):
            if not hasattr(found, part):
                return False
            found = getattr(found, part)
        return True
    if kind == "stdlib" and name.count(".") >= 2:
        owner, _, member = name.rpartition(".")
        hooks = stdlib_base_hooks(owner)
        return hooks is None or hooks.calls(member)
    return True


def _group(language: str) -> str:
    return LANGUAGE_GROUPS.get(language, language)


# ---------------------------------------------------------------- the source, read as tokens

_PY_SKIP = re.compile(
    r"""
    (?=[\#"'rRbBuUfF])  # what a comment or string starts with: a quick test at each position
    (?:
    (?P<comment>\#[^\n]*)
  | (?P<prefix>(?<![\w.])[rRbBuUfF]{0,2})(?P<string>
        \"\"\"(?:[^"\\]|\\[\s\S]|"(?!""))*(?:\"\"\"|\Z)
      | '''(?:[^'\\]|\\[\s\S]|'(?!''))*(?:'''|\Z)
      | "(?:[^"\\\n]|\\[\s\S])*"
      | '(?:[^'\\\n]|\\[\s\S])*')
    )
    """,
    re.VERBOSE,
)
_C_SKIP = re.compile(
    r"""
    (?=[/"'`])
    (?:
    (?P<comment>//[^\n]*|/\*[\s\S]*?(?:\*/|\Z))
  | (?P<prefix>)(?P<string>"(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\(?:u\{[0-9a-fA-F]+\}|[\s\S][^'\n]{0,8}))')
    )
    """,
    re.VERBOSE,
)
_JS_SKIP = re.compile(
    r"""
    (?=[/"'`])
    (?:
    (?P<comment>//[^\n]*|/\*[\s\S]*?(?:\*/|\Z))
  | (?P<prefix>)(?P<string>"(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\[\s\S])*'|`(?:[^`\\]|\\[\s\S])*`)
    )
    """,
    re.VERBOSE,
)
_GO_SKIP = re.compile(
    r"""
    (?=[/"'`])
    (?:
    (?P<comment>//[^\n]*|/\*[\s\S]*?(?:\*/|\Z))
  | (?P<prefix>)(?P<string>"(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\[\s\S][^'\n]{0,8})'|`[^`]*`)
    )
    """,
    re.VERBOSE,
)
_SKIP = {"python": _PY_SKIP, "javascript": _JS_SKIP, "go": _GO_SKIP}
"""Comments and string literals, per language group (C's rules for the others)."""

_NAMES = re.compile(r"(\n)|(\.|->|::)?([^\W\d]\w*)")
_JS_NAMES = re.compile(r"(\n)|(\.)?((?:[^\W\d]|\$)[\w$]*)")
"""Once comments and strings are blanked: newlines (to count lines) and names, with the `.`, `->` or
`::` that makes a name an attribute."""

_WORD = re.compile(r"[^\W\d]\w*")
_DOTTED = re.compile(r"[^\W\d]\w*(?:[.:][^\W\d]\w*)+")
_PREFIX = re.compile(r"([^\W\d]\w*?)(?:%[-#0 +]*\d*[sdrif]|\{[^{}]*\}|\$\{)")
_GETATTR_BEFORE = re.compile(r"\b(?:getattr|hasattr|setattr|delattr)\s*\(\s*(?:[^,()]|\([^()]{0,40}\)){1,80},\s*$")
_COMPUTED_GETATTR = re.compile(r"\bgetattr\s*\(\s*(?:self|cls|type\(self\)|self\.__class__)\s*,\s*(?![\s'\"])")
_DYNAMIC_GLOBALS = re.compile(r"\bglobals\(\)|\bvars\(\)|sys\.modules\[__name__\]|\blocals\(\)\[")
_GO_DIRECTIVE = re.compile(r"^//(?:go:linkname|export)\s+(\w+)", re.MULTILINE)
_FSTRING_CODE = re.compile(r"\{([^{}]*)\}")
_TEMPLATE_CODE = re.compile(r"\$\{([^{}]*)\}")


@dataclass(slots=True)
class Mentions:
    """Where a name occurs without the analysis drawing a reference from it."""

    count: int = 0
    samples: list[tuple[str, int, str]] = field(default_factory=list)
    """(path, line, what): what is 'string' or 'name' (a name tied to nothing; line 0, unknown)."""

    def add(self, path: str, line: int, what: str) -> None:
        self.count += 1
        if len(self.samples) < MENTION_SAMPLES:
            self.samples.append((path, line, what))


@dataclass(slots=True)
class SourceFacts:
    """What the source text adds to the graph. The references are kept in dicts used as ordered sets,
    in the order the files (sorted) and their tokens were read, so every run is the same."""

    bare: dict[tuple[str, str, str, str], None] = field(default_factory=dict)
    """(scope id, file, language group, name): a name read as a bare token."""
    attr: dict[tuple[str, str, str], None] = field(default_factory=dict)
    """(scope id, language group, name): `x.name`, `x->name`, `x::name`, getattr(x, "name")."""
    paths: dict[tuple[str, str], None] = field(default_factory=dict)
    """(scope id, dotted path): a string naming a definition by its dotted path."""
    prefixes: dict[tuple[str, str, str], None] = field(default_factory=dict)
    """(scope id, language group, prefix): a string prefix completed at run time."""
    mentions: dict[tuple[str, str], Mentions] = field(default_factory=lambda: defaultdict(Mentions))
    """(language group, name) -> where the name occurs in strings, or as a name tied to nothing."""
    all_names: dict[str, set[str]] = field(default_factory=dict)
    """file -> names its `__all__` lists."""
    dynamic_globals: set[str] = field(default_factory=set)
    """files that look their own names up at run time (`globals()`, `sys.modules[__name__]`)."""
    computed_getattr: dict[str, list[int]] = field(default_factory=dict)
    """file -> lines with `getattr(self, <computed name>)`."""
    unreadable: set[str] = field(default_factory=set)


class _FileScopes:
    """The innermost definition around each line of one file, and each definition's own name token."""

    def __init__(self, module_id: str, defs: list[Node]) -> None:
        ordered = sorted(defs, key=lambda d: (d.start_line, -d.end_line))
        last = max((d.end_line for d in ordered), default=0)
        self.module_id = module_id
        self.at: list[str] = [module_id] * (last + 2)
        for d in ordered:  # enclosing definitions first, so the innermost one is painted last
            if d.start_line > 0:
                self.at[d.start_line : d.end_line + 1] = [d.id] * (d.end_line - d.start_line + 1)
        self.own_name: dict[str, list[Node]] = defaultdict(list)
        for d in ordered:
            self.own_name[d.name].append(d)

    def scope_at(self, line: int) -> str:
        """The innermost definition whose span holds `line`, else the module."""
        return self.at[line] if 0 <= line < len(self.at) else self.module_id

    def consume_own_name(self, name: str, line: int) -> Node | None:
        """The definition this token names, if it is the first token of that name in its span."""
        pending = self.own_name.get(name)
        if not pending:
            return None
        for i, d in enumerate(pending):
            if d.start_line <= line <= d.end_line:
                del pending[i]
                return d
            if d.start_line > line:
                break
        return None


def read_sources(root: Path | None, paths: Iterable[str]) -> dict[str, str | None]:
    """The text of each file (None when it cannot be read), decoded leniently."""
    texts: dict[str, str | None] = {}
    for path in paths:
        if root is None:
            texts[path] = None
            continue
        try:
            texts[path] = (root / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            texts[path] = None
    return texts


def scan_sources(graph: CodeGraph, texts: Mapping[str, str | None]) -> SourceFacts:
    """Read every file's tokens once; keep only what concerns names the repository defines."""
    facts = SourceFacts()
    def_names = {n.name for n in graph.nodes.values() if not is_anonymous(n.name)}
    defs_by_file: dict[str, list[Node]] = defaultdict(list)
    for n in graph.nodes.values():
        defs_by_file[n.path].append(n)
    module_of_file = {path: mid for mid, (_, path) in graph.modules.items()}
    resolved: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for _, dst, name, file, line in graph.calls:
        if dst in graph.nodes or _real_external(*graph.externals.get(dst, ("", ""))):
            resolved[file].add((line, name))
    for _, _, name, file, line, alias in graph.imports:
        resolved[file].add((line, name))
        if alias and alias != "*":
            resolved[file].add((line, alias))
    for path in sorted(texts):
        text = texts[path]
        language = graph.languages.get(path, "")
        module_id = module_of_file.get(path)
        if module_id is None or language not in _LEXABLE:
            continue
        if text is None:
            facts.unreadable.add(path)
            continue
        scopes = _FileScopes(module_id, defs_by_file.get(path, []))
        _scan_file(facts, path, _group(language), text, scopes, def_names, resolved.get(path, set()))
    return facts


_LEXABLE = {"python", "javascript", "typescript", "tsx", "go", "java", "rust", "c", "cpp"}


def _scan_file(
    facts: SourceFacts,
    path: str,
    group: str,
    text: str,
    scopes: _FileScopes,
    def_names: set[str],
    resolved: set[tuple[int, str]],
) -> None:
    """Two passes: comments and strings are read and blanked (newlines kept), then the names of the
    code that remains are walked in order, counting lines."""
    python = group == "python"
    mentions = facts.mentions
    embedded: list[tuple[int, str]] = []  # (line, code) inside f-strings and template literals
    state = [1, 0]  # the line reached, and the offset it was counted to

    def blank(m: re.Match) -> str:
        start = m.start()
        state[0] += text.count("\n", state[1], start)
        state[1] = start
        if m.lastgroup == "comment":
            return "\n" * m.group(0).count("\n")
        line = state[0]
        body = m.group("string")
        quote = 3 if body[:3] in ('"""', "'''") else 1
        content = body[quote:-quote] if len(body) >= 2 * quote else body[quote:]
        literal = content
        if "f" in (m.group("prefix") or "").lower():
            embedded.extend((line, code) for code in _FSTRING_CODE.findall(content))
            literal = _FSTRING_CODE.sub(" ", content)
        elif body[0] == "`" and group == "javascript":
            embedded.extend((line, code) for code in _TEMPLATE_CODE.findall(content))
            literal = _TEMPLATE_CODE.sub(" ", content)
        for word in _WORD.findall(literal):
            if word in def_names:
                mentions[(group, word)].add(path, line, "string")
        _string_meaning(facts, group, text, m.start("string"), m.end(), content, scopes.scope_at(line), def_names)
        return '""' + "\n" * m.group(0).count("\n")

    code = _SKIP.get(group, _C_SKIP).sub(blank, text)
    at, module_id, own_name = scopes.at, scopes.module_id, scopes.own_name
    bare, attr = facts.bare, facts.attr
    line = 1
    for newline, dot, name in (_JS_NAMES if group == "javascript" else _NAMES).findall(code):
        if newline:
            line += 1
            continue
        if name not in def_names:
            continue
        if name in own_name and scopes.consume_own_name(name, line) is not None:
            continue
        if (line, name) in resolved:  # the graph holds this reference (or ties it to another definition)
            continue
        scope = at[line] if line < len(at) else module_id
        if dot:
            attr[(scope, group, name)] = None
        else:
            bare[(scope, path, group, name)] = None
    for line, part in embedded:
        scope = scopes.scope_at(line)
        for _, dot, name in _NAMES.findall(part):
            if name in def_names and (line, name) not in resolved:
                if dot:
                    attr[(scope, group, name)] = None
                else:
                    bare[(scope, path, group, name)] = None
    if group == "go" and ("//go:linkname" in text or "//export" in text):
        for directive in _GO_DIRECTIVE.finditer(text):  # the linker or cgo calls these by name
            bare[(module_id, path, group, directive.group(1))] = None
    if python:
        if "__all__" in text:
            names = all_exports(text)
            if names:
                facts.all_names[path] = names
        if ("globals()" in text or "vars()" in text or "sys.modules[" in text or "locals()[" in text) and (
            _DYNAMIC_GLOBALS.search(text)
        ):
            facts.dynamic_globals.add(path)
        if "getattr(" in text:
            lines = [text.count("\n", 0, g.start()) + 1 for g in _COMPUTED_GETATTR.finditer(text)]
            if lines:
                facts.computed_getattr[path] = lines


def _string_meaning(
    facts: SourceFacts,
    group: str,
    text: str,
    start: int,
    end: int,
    content: str,
    scope: str,
    def_names: set[str],
) -> None:
    """A string that names an attribute (`getattr(x, "name")`), a definition by its dotted path, or the
    start of a name completed at run time (`"visit_" + kind`)."""
    if not content or len(content) > 200:
        return
    before = max(0, start - 100)
    if content in def_names and "attr" in text[before:start] and _GETATTR_BEFORE.search(text, before, start):
        facts.attr[(scope, group, content)] = None
        return
    if _DOTTED.fullmatch(content) and _short(content.replace(":", ".")) in def_names:
        facts.paths[(scope, content.replace(":", "."))] = None
        return
    found = _PREFIX.match(content)
    candidate = found.group(1) if found else None
    if candidate is None and _WORD.fullmatch(content) and text[end : end + 8].lstrip().startswith("+"):
        candidate = content
    if candidate and len(candidate) >= 3:
        facts.prefixes[(scope, group, candidate)] = None


# ---------------------------------------------------------------- liveness


@dataclass(slots=True)
class _Reach:
    """The reference graph and the marking of what is live."""

    graph: CodeGraph
    hard: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """source -> definitions it refers to for certain (reaching one makes what encloses it live)."""
    soft: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """source -> definitions it refers to by name (live only once what encloses them is)."""
    hubs: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    """source -> ('attr' | 'bare', language group, name): every definition of that name; or
    ('prefix', file, prefix): the definitions a name completed at run time in that file may reach."""
    family: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    same_name: dict[str, list[str]] = field(default_factory=dict)
    live: dict[str, str] = field(default_factory=dict)
    """What is live, and what made it so (a referring scope, or why it is an entry point)."""
    live_hubs: set[tuple[str, str, str]] = field(default_factory=set)
    pending: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    stack: list[str] = field(default_factory=list)
    hub_members: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    """(language group, name) -> definitions reachable by name."""
    attr_members: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    """(language group, name) -> definitions reachable as `x.name` (not nested in functions)."""
    names_by_group: dict[str, list[str]] = field(default_factory=dict)
    class_files: dict[str, set[str]] = field(default_factory=dict)
    """class id -> the files of the class and of its ancestors in the repository."""

    def mark(self, node: str, cause: str = "an entry point") -> None:
        if node not in self.live:
            self.live[node] = cause
            self.stack.append(node)

    def reach(self, node: str, cause: str = "an entry point") -> None:
        """Live now if what encloses it is (or it is at the top of a module), else once that is."""
        parent = self.graph.nodes[node].parent
        if parent not in self.graph.nodes or parent in self.live:
            self.mark(node, cause)
        else:
            self.pending[parent].append((node, cause))

    def hub_targets(self, hub: tuple[str, str, str]) -> Iterable[str]:
        how, group, name = hub
        if how == "attr":
            return self.attr_members.get((group, name), ())
        if how == "bare":
            return self.hub_members.get((group, name), ())
        path = group  # a prefix hub is keyed by the file of the string, not a language group
        group = _group(self.graph.languages.get(path, ""))
        names = self.names_by_group.get(group, [])
        i = bisect.bisect_left(names, name)
        out: list[str] = []
        while i < len(names) and names[i].startswith(name):
            out.extend(t for t in self.hub_members.get((group, names[i]), ()) if self.completes(path, t))
            i += 1
        return out

    def completes(self, path: str, node: str) -> bool:
        """Whether a name completed at run time in file `path` may reach `node`: a definition of the same
        file, or a method of a class that inherits from a class of that file (a visitor's `visit_*`)."""
        found = self.graph.nodes[node]
        if found.path == path:
            return True
        parent = self.graph.nodes.get(found.parent)
        return parent is not None and parent.label == "Class" and path in self.class_files.get(parent.id, ())

    def run(self) -> None:
        nodes = self.graph.nodes
        while self.stack:
            x = self.stack.pop()
            for t in self.hard.get(x, ()):
                self.mark(t, x)
            for t in self.soft.get(x, ()):
                self.reach(t, x)
            for hub in self.hubs.get(x, ()):
                if hub not in self.live_hubs:
                    self.live_hubs.add(hub)
                    how, _, name = hub
                    cause = f"{x} ({'.' if how == 'attr' else ''}{name}{'*' if how == 'prefix' else ''})"
                    for t in self.hub_targets(hub):
                        self.reach(t, cause)
            node = nodes.get(x)
            if node is None:
                continue
            if node.parent in nodes:
                self.mark(node.parent, f"{x} (inside it)")
            for t, cause in self.pending.pop(x, ()):
                self.mark(t, cause)
            for t in self.family.get(x, ()):
                self.reach(t, f"{x} (override)")
            for t in self.same_name.get(x, ()):
                self.mark(t, f"{x} (same name)")


@dataclass(slots=True)
class DeadCodeAnalysis:
    """Everything find_dead_code computes, for callers that want more than the findings."""

    findings: list[DeadDefinition]
    live: dict[str, str]
    """id -> what made it live: the id of a scope that refers to it (with how, in parentheses, when not
    by a plain reference), or why it is an entry point."""
    roots: dict[str, str]
    """definition id -> why it is an entry point (rules, declarations, __all__)."""
    entry_points: list[EntryPoint]
    seconds: dict[str, float]
    """Time per stage: read (the files), tokens, references, reach, findings."""


def find_dead_code(
    store: GraphStore, repo_id: str, root: Path | None, config: DeadCodeConfig | None = None
) -> list[DeadDefinition]:
    """The dead classes and functions of a scanned repository whose files are under `root`,
    at least as sure as `config.min_confidence`, ordered by path, line and qualified name."""
    return analyse(CodeGraph.load(store, repo_id), root, config).findings


def analyse(
    graph: CodeGraph,
    root: Path | None,
    config: DeadCodeConfig | None = None,
    texts: Mapping[str, str | None] | None = None,
) -> DeadCodeAnalysis:
    """Dead-code analysis of a loaded graph; `texts` (path -> source) saves reading the files again."""
    config = config or DeadCodeConfig()
    clock, seconds = time.perf_counter(), {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = round(now - clock, 3)
        clock = now

    if texts is None:
        texts = read_sources(root, sorted(p for _, (_, p) in graph.modules.items() if p))
        lap("read")
    facts = scan_sources(graph, texts)
    lap("tokens")
    folders = sorted({PurePosixPath(p).parent.as_posix() for p in graph.languages} - {"."})
    entry_points = read_entry_points(root, folders) if root is not None else []
    reach = _Reach(graph)
    roots = _build(reach, graph, facts, texts, entry_points, config)
    lap("references")
    reach.run()
    lap("reach")
    findings = _findings(reach, graph, facts, config)
    lap("findings")
    return DeadCodeAnalysis(findings, reach.live, roots, entry_points, seconds)


def _build(
    reach: _Reach,
    graph: CodeGraph,
    facts: SourceFacts,
    texts: Mapping[str, str | None],
    entry_points: list[EntryPoint],
    config: DeadCodeConfig,
) -> dict[str, str]:
    nodes = graph.nodes
    language_of = graph.languages
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    attr_members: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_file_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_qualname: dict[str, list[str]] = defaultdict(list)
    for node in nodes.values():
        group = _group(language_of.get(node.path, ""))
        by_name[(group, node.name)].append(node.id)
        by_file_name[(node.path, node.name)].append(node.id)
        by_qualname[node.qualname].append(node.id)
        parent = nodes.get(node.parent)
        if parent is None or parent.label == "Class":
            attr_members[(group, node.name)].append(node.id)
    reach.hub_members = dict(by_name)
    reach.attr_members = dict(attr_members)
    names_by_group: dict[str, set[str]] = defaultdict(set)
    for group, name in by_name:
        names_by_group[group].add(name)
    reach.names_by_group = {g: sorted(names) for g, names in names_by_group.items()}
    for ids in by_qualname.values():
        if len(ids) > 1:
            for i in ids:
                reach.same_name[i] = [j for j in ids if j != i]

    def python_source(source: str, target: str | None) -> str:
        """Python class bodies run with the scope around them: what a class body refers to outside the
        class is referred to from the nearest enclosing function or module."""
        node = nodes.get(source)
        if node is None or node.label != "Class" or language_of.get(node.path) != "python":
            return source
        if target is not None and _inside(nodes, target, source):
            return source
        while node is not None and node.label == "Class":
            source = node.parent
            node = nodes.get(source)
        return source

    # references the graph holds
    for src, dst, _, _, _ in graph.calls:
        if dst in nodes and dst != src:
            reach.hard[python_source(src, dst)].append(dst)
    scopes_by_file: dict[str, _FileScopes] = {}
    defs_by_file: dict[str, list[Node]] = defaultdict(list)
    for n in nodes.values():
        defs_by_file[n.path].append(n)
    star_imports: dict[str, list[str]] = defaultdict(list)  # file -> star-imported module ids
    for src, dst, _, file, line, alias in graph.imports:
        if alias == "*" and dst in graph.modules:
            star_imports[file].append(dst)
        if dst not in nodes:
            continue
        scopes = scopes_by_file.get(file)
        if scopes is None:
            scopes = scopes_by_file[file] = _FileScopes(src, defs_by_file.get(file, []))
        scope = scopes.scope_at(line)
        reach.hard[python_source(scope, dst)].append(dst)
    for cls, base, label, _, _ in graph.inherits:
        if label == "Class" and base in nodes and base != cls:
            reach.hard[cls].append(base)

    # references read from the source
    module_level_by_file_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for n in nodes.values():
        if n.parent in graph.modules:
            module_level_by_file_name[(n.path, n.name)].append(n.id)
    module_file = {mid: path for mid, (_, path) in graph.modules.items()}
    seen_bare: set[tuple[str, str, str]] = set()
    for scope, path, group, name in facts.bare:
        key = (scope, path, name)
        if key in seen_bare:
            continue
        seen_bare.add(key)
        if group != "python":
            reach.hubs[scope].append(("bare", group, name))
            continue
        targets = []
        for t in by_file_name.get((path, name), ()):
            holder = nodes.get(nodes[t].parent)
            # a bare name reaches module-level and nested definitions, and members from their class body
            if holder is None or holder.label == "Function" or holder.id == scope:
                targets.append(t)
        for star in star_imports.get(path, ()):
            targets += module_level_by_file_name.get((module_file[star], name), [])
        if not targets:  # a name tied to nothing here: a local, a parameter, or a use we cannot see
            facts.mentions[(group, name)].add(path, 0, "name")
        for t in dict.fromkeys(targets):
            if t != scope:
                reach.soft[python_source(scope, t)].append(t)
    for scope, group, name in facts.attr:
        reach.hubs[python_source(scope, None)].append(("attr", group, name))
    for scope, _, prefix in facts.prefixes:
        path = nodes[scope].path if scope in nodes else module_file.get(scope, "")
        reach.hubs[python_source(scope, None)].append(("prefix", path, prefix))
    qual_index: dict[str, list[str]] = defaultdict(list)
    for n in nodes.values():
        qual_index[n.name].append(n.id)
    for scope, dotted in facts.paths:
        for t in qual_index.get(_short(dotted), ()):
            q = nodes[t].qualname
            if q == dotted or q.endswith("." + dotted):
                reach.hard[python_source(scope, t)].append(t)

    # overrides: a method is related to the methods of the same name up and down its class tree
    _families(reach, graph, config)

    # roots
    roots: dict[str, str] = {}
    for mid in graph.modules:
        reach.mark(mid, "a module: its top-level code runs when it is imported")
    for ep in entry_points:
        for t in by_qualname.get(ep.qualname, []) or [
            i for i in qual_index.get(_short(ep.qualname), ()) if nodes[i].qualname.endswith("." + ep.qualname)
        ]:
            if not ep.folder or nodes[t].path.startswith(ep.folder + "/"):
                roots[t] = f"the {ep.group} entry point `{ep.name}` in {ep.source}"
                reach.mark(t, roots[t])
    for path, names in facts.all_names.items():
        for name in names:
            for t in module_level_by_file_name.get((path, name), ()):
                roots.setdefault(t, f"listed in `__all__` of {path}")
                reach.mark(t, roots[t])
    registering = _registering_decorators(graph, texts)
    lines_of: dict[str, list[str]] = {}
    test_files = {path: is_test_path(path, config.test_paths) for path in language_of}
    for node in nodes.values():
        language = language_of.get(node.path, "")
        test_file = test_files.get(node.path, False)
        parent = nodes.get(node.parent)
        shape = DefinitionShape(
            name=node.name,
            qualname=node.qualname,
            label=node.label,
            kind=node.kind,
            language=language,
            path=node.path,
            decorators=node.decorators,
            signature=node.signature,
            parent_label=parent.label if parent else "Module",
            parent_name=parent.name if parent else "",
            line=_line_of(lines_of, texts, node),
            parent_kind=parent.kind if parent and parent.label == "Class" else "",
        )
        why = root_reason(shape, config, test_file=test_file)
        if why is None and language == "python":
            names = [decorator_name(d) for d in node.decorators]
            hit = next((n for n in names if _short(n) in registering), None)
            if hit:
                why = f"decorated @{hit}, which registers what it decorates (it returns it unchanged)"
        if why is not None:
            roots[node.id] = why
            if parent is not None and parent.label == "Function" and language == "python":
                reach.reach(node.id, why)  # a handler registered inside a factory lives if the factory runs
            else:
                reach.mark(node.id, why)
            continue
        why = member_reason(shape, config, test_file=test_file)
        if why is not None:
            roots[node.id] = why
            reach.reach(node.id, why)
    return roots


def _inside(nodes: Mapping[str, Node], node_id: str, ancestor: str) -> bool:
    node = nodes.get(node_id)
    while node is not None:
        if node.id == ancestor:
            return True
        node = nodes.get(node.parent)
    return False


def _line_of(lines_of: dict[str, list[str]], texts: Mapping[str, str | None], node: Node) -> str:
    """The line of a definition's span that names it (after decorators and annotations)."""
    lines = lines_of.get(node.path)
    if lines is None:
        lines = lines_of[node.path] = (texts.get(node.path) or "").splitlines()
    if node.start_line <= 0:
        return ""
    window = lines[node.start_line - 1 : min(node.end_line, node.start_line + 20)]
    for line in window:
        if node.name in line and not line.lstrip().startswith(("@", "#[")):
            return line
    return window[0] if window else ""


def _families(reach: _Reach, graph: CodeGraph, config: DeadCodeConfig) -> None:
    nodes = graph.nodes
    methods: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for n in nodes.values():
        parent = nodes.get(n.parent)
        if parent is not None and parent.label == "Class":  # methods, and nested classes (a model's `Meta`)
            methods[parent.id][n.name].append(n.id)
    bases: dict[str, list[str]] = defaultdict(list)
    externals: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for cls, base, label, name, kind in graph.inherits:
        if label == "Class" and base in nodes and base != cls:
            bases[cls].append(base)
        elif label == "External":
            externals[cls].append((name, kind))
    ancestors: dict[str, list[str]] = {}

    def ancestors_of(cls: str) -> list[str]:
        found = ancestors.get(cls)
        if found is not None:
            return found
        ancestors[cls] = []  # a cycle (broken code) ends here
        seen: dict[str, None] = {}
        for base in bases.get(cls, ()):
            seen[base] = None
            for a in ancestors_of(base):
                seen[a] = None
        seen.pop(cls, None)
        ancestors[cls] = list(seen)
        return ancestors[cls]

    family: dict[str, set[str]] = defaultdict(set)
    for cls in sorted(bases.keys() | methods.keys() | externals.keys()):
        lineage = [cls, *ancestors_of(cls)]
        reach.class_files[cls] = {nodes[c].path for c in lineage}
        # what an instance of this class answers to: the methods of the class and of all its ancestors.
        # Those sharing a name override one another here (a method and the base's it overrides, or a
        # mixin's and another base's), so a call to one may run any of them.
        answers: dict[str, list[str]] = defaultdict(list)
        for c in lineage:
            for name, ids in methods.get(c, {}).items():
                answers[name].extend(ids)
        for ids in answers.values():
            if len(ids) > 1:
                for i in ids:
                    family[i].update(j for j in ids if j != i)
        hook = next((a for a in lineage[1:] if "__init_subclass__" in methods.get(a, {})), None)
        if hook is not None:
            reach.reach(cls, f"its base `{nodes[hook].qualname}` sees every subclass (`__init_subclass__`)")
        else:
            names = [name for c in lineage for name, _ in externals.get(c, ())]
            names += [nodes[c].qualname for c in lineage[1:]]
            found = next((n for n in names if matches(decorator_name(n), config.root_bases)), None)
            if found is not None:
                reach.reach(cls, f"a subclass of `{found}`, whose framework finds its subclasses itself")
        outside = [pair for c in lineage for pair in externals.get(c, ())]
        if not outside:
            continue
        language = graph.languages.get(nodes[cls].path, "")
        for name, ids in answers.items():
            if _overrides_external(name, outside, language, config):
                for i in ids:  # live once this class is: its instances answer to the base's call
                    reach.pending[cls].append((i, "it may override a method of a class outside the repository"))
    reach.family = {i: sorted(related) for i, related in sorted(family.items())}


def _overrides_external(name: str, bases: list[tuple[str, str]], language: str, config: DeadCodeConfig) -> bool:
    """Whether a class outside the repository among `bases` (name, External kind) may call a method
    called `name` of its subclass: builtins by their attributes, the standard library by what its source
    defines and looks up; third-party and unresolved bases may call any public method
    (`external_overrides`)."""
    for base, kind in bases:
        base = decorator_name(base)
        if kind == "builtin" or base.startswith("<builtin>."):
            found = getattr(builtins, base.removeprefix("<builtin>."), None)
            if isinstance(found, type) and name in dir(found):
                return True
            continue
        if base in ("object", "java.lang.Object"):
            continue
        hooks = stdlib_base_hooks(base) if kind == "stdlib" and language == "python" else None
        if hooks is not None:
            if hooks.calls(name):
                return True
            continue
        if config.external_overrides and (language != "python" or not name.startswith("_") or is_dunder(name)):
            return True
    return False


def _registering_decorators(graph: CodeGraph, texts: Mapping[str, str | None]) -> set[str]:
    """Names of the repository's Python decorators that hand back what they decorate unchanged: they
    exist to record it somewhere (a registry), so what they decorate is an entry point."""
    used = {_short(decorator_name(d)) for n in graph.nodes.values() for d in n.decorators}
    out = set()
    for node in graph.nodes.values():
        if node.label != "Function" or node.name not in used or graph.languages.get(node.path) != "python":
            continue
        text = texts.get(node.path)
        if text and _returns_its_argument(text, node):
            out.add(node.name)
    return out


def _returns_its_argument(text: str, node: Node) -> bool:
    lines = text.splitlines()[node.start_line - 1 : node.end_line]
    try:
        tree = ast.parse(textwrap.dedent("\n".join(lines)))
    except (SyntaxError, ValueError):
        return False
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args) if a.arg not in ("self", "cls")]
        if not params:
            continue
        for sub in ast.walk(fn):
            if isinstance(sub, ast.Return) and isinstance(sub.value, ast.Name) and sub.value.id == params[0]:
                return True
    return False


# ---------------------------------------------------------------- findings and their evidence


def _findings(reach: _Reach, graph: CodeGraph, facts: SourceFacts, config: DeadCodeConfig) -> list[DeadDefinition]:
    nodes, live = graph.nodes, reach.live
    dead = [n for n in nodes.values() if n.id not in live]
    unit_of: dict[str, str] = {}

    def unit(node_id: str) -> str:
        found = unit_of.get(node_id)
        if found is not None:
            return found
        node = nodes[node_id]
        parent = node.parent
        top = unit(parent) if parent in nodes and parent not in live else node_id
        unit_of[node_id] = top
        return top

    members: dict[str, list[str]] = defaultdict(list)
    for n in dead:
        top = unit(n.id)
        if top != n.id and not is_anonymous(n.name):
            members[top].append(n.qualname)
    tops = [n for n in dead if unit(n.id) == n.id and not is_anonymous(n.name)]

    referrers = _referrers(reach, graph, {n.id for n in tops})
    star_imported = {dst for _, dst, _, _, _, alias in graph.imports if alias == "*"}
    module_file = {mid: path for mid, (_, path) in graph.modules.items()}
    star_files = {module_file[m] for m in star_imported if m in module_file}
    repo_functions = {x.name for x in nodes.values() if x.label == "Function"}

    own: dict[str, tuple[Confidence, str]] = {}
    for n in tops:
        own[n.id] = _own_evidence(n, nodes, facts, star_files, repo_functions, graph)
    out = []
    for n in tops:
        confidence, reason = own[n.id]
        sources = sorted({unit(s) for s in referrers.get(n.id, ()) if s in nodes and s not in live} - {n.id})
        if sources:
            weakest = min((own[s][0] for s in sources if s in own), key=CONFIDENCE_RANK.__getitem__, default="low")
            inherited: Confidence = "medium" if weakest == "high" else "low"
            if CONFIDENCE_RANK[inherited] < CONFIDENCE_RANK[confidence]:
                confidence = inherited
            names = ", ".join(f"`{nodes[s].qualname}`" for s in sources[:5])
            more = f" and {len(sources) - 5} more" if len(sources) > 5 else ""
            reason = f"only dead code refers to it ({names}{more})" + ("" if own[n.id][0] == "high" else f", {reason}")
        else:
            reason = "nothing refers to it" + (", " if reason.startswith("but") else "; ") + reason
        if CONFIDENCE_RANK[confidence] < CONFIDENCE_RANK[config.min_confidence]:
            continue
        out.append(
            DeadDefinition(
                id=n.id,
                qualname=n.qualname,
                name=n.name,
                kind=n.kind,
                language=graph.languages.get(n.path, ""),
                path=n.path,
                start_line=n.start_line,
                end_line=n.end_line,
                confidence=confidence,
                reason=reason,
                members=sorted(members.get(n.id, [])),
            )
        )
    out.sort(key=lambda d: (d.path, d.start_line, d.qualname, d.id))
    return out


def _referrers(reach: _Reach, graph: CodeGraph, targets: set[str]) -> dict[str, set[str]]:
    """For each target, the scopes whose references point at it (directly or by its name)."""
    nodes = graph.nodes
    wanted_hubs: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for t in targets:
        node = nodes[t]
        group = _group(graph.languages.get(node.path, ""))
        wanted_hubs[("attr", group, node.name)].append(t)
        wanted_hubs[("bare", group, node.name)].append(t)
    out: dict[str, set[str]] = defaultdict(set)
    for source, dsts in reach.hard.items():
        for d in dsts:
            if d in targets and d != source:
                out[d].add(source)
    for source, dsts in reach.soft.items():
        for d in dsts:
            if d in targets and d != source:
                out[d].add(source)
    prefix_sources: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for source, hubs in reach.hubs.items():
        for hub in hubs:
            how, group, name = hub
            if how == "prefix":
                prefix_sources[name].add((group, source))
                continue
            for t in wanted_hubs.get(hub, ()):
                if t != source and (how != "attr" or _attr_reachable(nodes, t)):
                    out[t].add(source)
    if prefix_sources:
        for t in targets:
            name = nodes[t].name
            for k in range(3, len(name) + 1):
                for path, source in prefix_sources.get(name[:k], ()):
                    if source != t and reach.completes(path, t):
                        out[t].add(source)
    return out


def _attr_reachable(nodes: Mapping[str, Node], node_id: str) -> bool:
    parent = nodes.get(nodes[node_id].parent)
    return parent is None or parent.label == "Class"


def _own_evidence(
    n: Node,
    nodes: Mapping[str, Node],
    facts: SourceFacts,
    star_files: set[str],
    repo_functions: set[str],
    graph: CodeGraph,
) -> tuple[Confidence, str]:
    """How sure the finding is from what surrounds the definition itself, and the clause that says why."""
    parent = nodes.get(n.parent)
    module_level = parent is None
    if module_level and n.path in star_files:
        return "low", "but its module is star-imported (`from ... import *`), and what imports it may use it"
    if module_level and n.path in facts.dynamic_globals:
        return "low", "but its module looks names up at run time (`globals()`, `sys.modules`)"
    names = [decorator_name(d) for d in n.decorators]
    unknown = [d for d in names if d and not matches(d, TRANSPARENT_DECORATORS) and _short(d) not in repo_functions]
    if unknown and graph.languages.get(n.path) == "python":
        return "low", f"but its decorator @{unknown[0]} comes from outside the repository and may register it"
    if parent is not None and parent.label == "Class":
        lines = facts.computed_getattr.get(n.path, ())
        if any(parent.start_line <= line <= parent.end_line for line in lines):
            return "low", f"but its class `{parent.name}` looks methods up by computed names (getattr)"
    if n.path in facts.unreadable:
        return "medium", "but its source could not be read to look for other uses"
    mention = facts.mentions.get((_group(graph.languages.get(n.path, "")), n.name))
    if mention is not None and mention.count:
        outside = [s for s in mention.samples if not (s[0] == n.path and n.start_line <= s[1] <= n.end_line)]
        if outside or mention.count > len(mention.samples):
            where = ", ".join(f"{p}{f':{line}' if line else ''} ({what})" for p, line, what in outside[:3])
            times = f"{mention.count} time{'s' if mention.count != 1 else ''}"
            return "medium", f"but the name `{n.name}` appears elsewhere ({times}{', e.g. ' + where if where else ''})"
    return "high", f"no other occurrence of the name `{n.name}` could refer to it"
