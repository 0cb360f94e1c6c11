"""Move top-level JavaScript or TypeScript functions and classes to another module.

The declaration moves with the comments right above it and becomes exported in its new module;
the destination gets the imports the moved code needs (recomputed from the destination's
folder; names that stay in the old module are imported from there, which must then export
them); the old module imports the moved names back when it still uses them; every importer's
`import {f} from` and `export {f} from` is pointed at the new module (split off when the
statement also names what stays), `export * from` the old module gains an explicit re-export,
and `ns.f` through a namespace import becomes a named import. Specifiers keep the extension
style the importer wrote (`./m.js`, `./m`).

Refused: a default export, a declaration of several names, a name exported through an export
list or under another name, a destination that already binds the name, a move that would
make two modules import each other (directly or through others), and CommonJS modules.
"""

from __future__ import annotations

import posixpath
import re

from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import ImpossibleRequest, MoveRequest, SymbolMapping
from codeintel.planning.treesitter import jsscope
from codeintel.planning.treesitter.jsmodules import (
    Node,
    Sources,
    is_default_export,
    module_of_path,
    module_statements,
    specifier_for,
    specifiers,
    string_value,
)
from codeintel.planning.treesitter.spans import Span, line_end, line_start, replace, text_of, walk
from codeintel.planning.workspace import Workspace
from codeintel.service.models import Symbol


def plan_js_move(workspace: Workspace, request: MoveRequest, symbols: list[Symbol], language: str) -> Draft:
    source = symbols[0].file or ""
    if any(s.file != source for s in symbols):
        raise ImpossibleRequest("the symbols of one JavaScript/TypeScript move must come from one file")
    changes = Changeset(workspace)
    move = _Move(workspace, changes, source, request.to_module, language)
    move.plan([s.qualname for s in symbols])
    return move.draft


class _Move:
    def __init__(self, workspace: Workspace, changes: Changeset, source: str, to_module: str, language: str):
        self.workspace = workspace
        self.sources = Sources(changes)
        self.source = source
        self.old_module = workspace.module_of(source)
        self.dest = workspace.file_of_module.get(to_module) or _new_path(to_module, source)
        self.new_module = to_module
        self.created = not changes.exists(self.dest)
        if self.dest == source:
            raise ImpossibleRequest(f"{source} is already the module of what the request moves")
        self.draft = Draft(goal="", language=language, changes=changes)

    # ---- the plan

    def plan(self, qualnames: list[str]) -> None:
        names = []
        for qualname in qualnames:
            if not qualname.startswith(self.old_module + ".") or "." in qualname[len(self.old_module) + 1 :]:
                raise ImpossibleRequest(f"{qualname} is not a top-level function or class; only those are moved")
            names.append(qualname[len(self.old_module) + 1 :])
        self.names = names
        root = self.sources.root(self.source)
        for path in (self.source, self.dest):
            if self.sources.changes.exists(path) and _commonjs(self.sources.changes.read(path)):
                raise ImpossibleRequest(
                    f"{path} is a CommonJS module; moves between CommonJS modules are not supported"
                )
        statements = sorted((self._statement(root, name) for name in names), key=lambda n: n.start_byte)
        dest_root = None if self.created else self.sources.root(self.dest)
        dest_names = jsscope.top_level_names(dest_root) if dest_root is not None else set()
        dest_imports_of_moved = self._dest_imports_of_moved(dest_root)
        for name in names:
            if name in dest_names and name not in dest_imports_of_moved:
                raise ImpossibleRequest(f"{name!r} is taken in {self.dest}: it is declared or imported there already")
        needs_old, dest_imports = self._needed_imports(root, statements, dest_names)
        still_used = self._still_used(root, statements)
        self._check_cycles(needs_old, bool(still_used), bool(dest_imports_of_moved))
        self.draft.goal = f"move {', '.join(names)} from {self.old_module} to {self.new_module}"
        # step 1: the source loses the declarations, the destination gains them
        self._cut(root, statements, still_used)
        self._paste(statements, dest_imports, dest_root, dest_imports_of_moved)
        self.sources.flush()
        self.draft.changes.end_step(
            f"move {', '.join(names)} to {self.dest}", "the declarations with their comments, and the imports they need"
        )
        # step 2: importers follow
        star = [p for p in self.sources.files() if "export *" in self.sources.changes.read(p)]
        for path in sorted(set(self.sources.mentioning_any(names)) | set(star)):
            if path not in (self.source, self.dest):
                self._redirect(path)
        self.sources.flush()
        self.draft.changes.end_step("point the importers at the new module")
        self.draft.mapping = SymbolMapping(
            renamed={f"{self.old_module}.{n}": f"{self.new_module}.{n}" for n in names},
            added=[self.new_module] if self.created else [],
        )
        self.draft.symbols_affected = [f"{self.old_module}.{n}" for n in names]
        self.draft.public_api = True

    def _statement(self, root: Node, name: str) -> Node:
        for statement in root.named_children:
            declared = [text_of(n) for n in jsscope.statement_names(statement)]
            if name not in declared or statement.type == "import_statement":
                continue
            if is_default_export(statement):
                raise ImpossibleRequest(f"{name} is the default export of {self.source}; moving one is not supported")
            if len(declared) > 1:
                raise ImpossibleRequest(f"{name} is declared together with {declared}; move a single declaration")
            return statement
        raise ImpossibleRequest(f"no top-level declaration of {name} in {self.source}")

    def _dest_imports_of_moved(self, dest_root: Node | None) -> dict[str, Node]:
        """The destination's own imports of the moved names from the source (they become local)."""
        found: dict[str, Node] = {}
        if dest_root is None:
            return found
        for statement in module_statements(self.sources, self.dest):
            if statement.target == self.source and statement.node.type == "import_statement":
                for spec in specifiers(statement.node, "import_specifier"):
                    name = text_of(spec.child_by_field_name("name"))
                    if name in self.names:
                        if spec.child_by_field_name("alias") is not None:
                            raise ImpossibleRequest(f"{self.dest} imports {name} under another name")
                        found[name] = spec
        return found

    # ---- what the moved code needs, and who still needs it

    def _needed_imports(self, root: Node, statements: list[Node], dest_names: set[str]) -> tuple[list[str], list[str]]:
        """(names of the source the moved code uses, import lines the destination needs)."""
        used: dict[str, Node] = {}
        for statement in statements:
            for node in walk(statement):
                name = text_of(node)
                if (
                    node.type in jsscope.REFERENCES
                    and name not in self.names
                    and jsscope.is_reference(node)
                    and jsscope.binding_scope(node, name) == root
                ):
                    used.setdefault(name, node)
        local_decls = {}
        for statement in root.named_children:
            if statement.type != "import_statement":
                for n in jsscope.statement_names(statement):
                    local_decls[text_of(n)] = statement
        self.used_imports = [n for n in used if n not in local_decls]
        needs_old: list[str] = []
        lines: list[str] = []
        for name in sorted(used):
            if name in local_decls:
                needs_old.append(name)
                continue
            line = self._import_line_for(name)
            if line is not None and name not in dest_names:
                lines.append(line)
        if needs_old:
            for name in needs_old:
                self._ensure_exported(root, local_decls[name], name)
            like = self._some_specifier(self.dest) or self._some_specifier(self.source)
            spec = specifier_for(self.dest, self.source, like)
            lines.append(f"import {{ {', '.join(needs_old)} }} from '{spec}';")
        return needs_old, lines

    def _import_line_for(self, name: str) -> str | None:
        """The import the destination needs for the source's imported `name` (None: the name is
        the destination's own)."""
        for statement in module_statements(self.sources, self.source):
            node = statement.node
            if node.type != "import_statement":
                continue
            if statement.target is not None:
                if statement.target == self.dest:
                    return None
                spec = specifier_for(self.dest, statement.target, statement.specifier)
            else:
                spec = statement.specifier
            clause = next((c for c in node.named_children if c.type == "import_clause"), None)
            if clause is None:
                continue
            type_only = any(c.type == "type" for c in node.children)
            prefix = "import type" if type_only else "import"
            for child in clause.named_children:
                if child.type == "identifier" and text_of(child) == name:
                    return f"{prefix} {name} from '{spec}';"
                if child.type == "namespace_import" and text_of(child.named_children[-1]) == name:
                    return f"{prefix} * as {name} from '{spec}';"
            for spec_node in specifiers(node, "import_specifier"):
                local = spec_node.child_by_field_name("alias") or spec_node.child_by_field_name("name")
                if text_of(local) == name:
                    return f"{prefix} {{ {text_of(spec_node)} }} from '{spec}';"
        return None

    def _ensure_exported(self, root: Node, statement: Node, name: str) -> None:
        if statement.type == "export_statement":
            return
        for other in root.named_children:
            if other.type == "export_statement" and other.child_by_field_name("source") is None:
                for spec in specifiers(other, "export_specifier"):
                    if text_of(spec.child_by_field_name("name")) == name and spec.child_by_field_name("alias") is None:
                        return
        self.sources.add(self.source, Span(statement.start_byte, statement.start_byte, "export "))

    def _still_used(self, root: Node, statements: list[Node]) -> list[str]:
        """The moved names the source still refers to outside the moved declarations."""
        inside = [(s.start_byte, s.end_byte) for s in statements]
        out = []
        for name in self.names:
            for node in jsscope.module_references(root, name):
                if any(a <= node.start_byte < b for a, b in inside):
                    continue
                parent = node.parent
                if parent is not None and parent.type == "export_specifier":
                    raise ImpossibleRequest(
                        f"{name} is exported through an export list in {self.source}; moving it is not supported"
                    )
                out.append(name)
                break
        return out

    def _check_cycles(self, needs_old: list[str], source_needs_dest: bool, dest_imported_moved: bool) -> None:
        graph = {m: set(t) for m, t in self.workspace.module_graph.edges.items()}
        dest, old = self.new_module, self.old_module
        if dest_imported_moved and not needs_old:
            graph.get(dest, set()).discard(old)  # what the destination imported from the source becomes its own
        self.graph = graph
        if needs_old:
            graph.setdefault(dest, set()).add(old)
        if source_needs_dest:
            graph.setdefault(old, set()).add(dest)
        for start, end in ((dest, old), (old, dest)):
            if end in graph.get(start, set()) and _reaches(graph, end, start):
                raise ImpossibleRequest(
                    f"moving {', '.join(self.names)} to {dest} would create an import cycle between {dest} and "
                    f"{old}" + (f" (the moved code uses {', '.join(needs_old)} of {old})" if needs_old else "")
                )

    # ---- editing the source and the destination

    def _cut(self, root: Node, statements: list[Node], still_used: list[str]) -> None:
        data = self.sources.changes.read(self.source).encode("utf-8")
        extents: list[list[int]] = []
        for start, end in sorted(_extent(data, statement) for statement in statements):
            if extents and start <= extents[-1][1]:
                extents[-1][1] = max(end, extents[-1][1])
            else:
                extents.append([start, end])
        for start, end in extents:
            self.sources.add(self.source, Span(start, end, ""))
        self._drop_unused_imports(root, statements)
        if still_used:
            like = self._some_specifier(self.source)
            spec = specifier_for(self.source, self.dest, like)
            self._insert_imports(self.source, root, [f"import {{ {', '.join(still_used)} }} from '{spec}';"])

    def _drop_unused_imports(self, root: Node, statements: list[Node]) -> None:
        """Imports of the source that only the moved code used go with it."""
        inside = [(s.start_byte, s.end_byte) for s in statements]
        unused_specs: dict[int, list[Node]] = {}
        for name in self.used_imports:
            refs = jsscope.module_references(root, name)
            binding = [n for n in refs if _import_of(n) is not None]
            if not binding or any(
                _import_of(n) is None and not any(a <= n.start_byte < b for a, b in inside) for n in refs
            ):
                continue
            node = binding[0]
            spec = node.parent if node.parent.type == "import_specifier" else None
            statement = _import_of(node)
            if spec is not None:
                unused_specs.setdefault(statement.start_byte, []).append(spec)
            elif len([n for n in walk(statement) if n.type == "identifier" and _binds(n)]) == 1:
                data = self.sources.changes.read(self.source).encode("utf-8")
                start, end = line_start(data, statement.start_byte), line_end(data, statement.end_byte)
                self.sources.add(self.source, Span(start, end, ""))
        for specs in unused_specs.values():
            self._remove_specifiers(self.source, specs)

    def _paste(
        self,
        statements: list[Node],
        imports: list[str],
        dest_root: Node | None,
        dest_imports_of_moved: dict[str, Node],
    ) -> None:
        data = self.sources.changes.read(self.source).encode("utf-8")
        chunks = []
        for statement in statements:
            start, _ = _extent(data, statement)
            text = data[start : statement.end_byte].decode("utf-8")
            if statement.type != "export_statement":
                offset = len(data[start : statement.start_byte].decode("utf-8"))
                text = text[:offset] + "export " + text[offset:]
            chunks.append(text.strip("\n").rstrip() + "\n")
        body = "\n".join(chunks)
        if dest_root is None:
            header = "\n".join(imports) + "\n\n" if imports else ""
            self.sources.changes.create(self.dest, header + body)
            return
        for spec in dest_imports_of_moved.values():
            self._remove_specifier(self.dest, spec)  # one per statement: see _dest_imports_of_moved
        self._insert_imports(self.dest, dest_root, imports)
        text = self.sources.changes.read(self.dest)
        end = len(text.encode("utf-8"))
        sep = "" if text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
        self.sources.add(self.dest, Span(end, end, sep + body))

    def _insert_imports(self, path: str, root: Node, lines: list[str]) -> None:
        if not lines:
            return
        data = self.sources.changes.read(path).encode("utf-8")
        last = None
        for statement in root.named_children:
            if statement.type == "import_statement" or (
                statement.type == "export_statement" and statement.child_by_field_name("source") is not None
            ):
                last = statement
        if last is not None:
            at = line_end(data, last.end_byte)
            self.sources.add(path, Span(at, at, "\n".join(lines) + "\n"))
        else:
            at = 0
            for statement in root.named_children:
                if statement.type != "comment":
                    at = line_start(data, statement.start_byte)
                    break
            self.sources.add(path, Span(at, at, "\n".join(lines) + "\n\n"))

    def _remove_specifier(self, path: str, spec: Node) -> None:
        self._remove_specifiers(path, [spec])

    def _remove_specifiers(self, path: str, specs: list[Node]) -> None:
        """Remove specifiers from their `{...}` list (rewritten with what stays), or their whole
        statement when nothing else is left in it."""
        statement = specs[0]
        while statement.type not in ("import_statement", "export_statement"):
            statement = statement.parent
        gone = {s.start_byte for s in specs}
        kept = [s for s in specifiers(statement, specs[0].type) if s.start_byte not in gone]
        has_default = any(
            c.type in ("identifier", "namespace_import")
            for clause in statement.named_children
            if clause.type == "import_clause"
            for c in clause.named_children
        )
        data = self.sources.changes.read(path).encode("utf-8")
        braces = specs[0].parent
        if kept:
            self.sources.add(path, replace(braces, "{ " + ", ".join(text_of(s) for s in kept) + " }"))
        elif has_default:  # `import d, { f } from` -> `import d from`
            start = braces.start_byte
            while data[start - 1 : start] in (b" ", b","):
                start -= 1
            self.sources.add(path, Span(start, braces.end_byte, ""))
        else:
            self.sources.add(path, Span(line_start(data, statement.start_byte), line_end(data, statement.end_byte), ""))

    # ---- importers

    def _redirect(self, path: str) -> None:
        root = self.sources.root(path)
        added: list[str] = []
        for statement in module_statements(self.sources, path):
            if statement.target != self.source:
                continue
            node = statement.node
            kind = "import_specifier" if node.type == "import_statement" else "export_specifier"
            specs = specifiers(node, kind)
            moved = [s for s in specs if text_of(s.child_by_field_name("name")) in self.names]
            spec_text = specifier_for(path, self.dest, statement.specifier)
            if (
                node.type == "export_statement"
                and not specs
                and not any(c.type == "namespace_export" for c in node.named_children)
            ):
                added.append(f"export {{ {', '.join(self.names)} }} from '{spec_text}';")  # export * from
                continue
            for namespace in (n for n in walk(node) if n.type == "namespace_import"):
                added += self._namespace_uses(path, root, text_of(namespace.named_children[-1]), spec_text)
            if not moved:
                continue
            has_default = any(
                c.type in ("identifier", "namespace_import")
                for clause in node.named_children
                if clause.type == "import_clause"
                for c in clause.named_children
            )
            if len(moved) == len(specs) and not has_default:
                quote = text_of(statement.source)[0]
                self.sources.add(path, replace(statement.source, f"{quote}{spec_text}{quote}"))
                continue
            keyword = "import" if node.type == "import_statement" else "export"
            if any(c.type == "type" for c in node.children):
                keyword += " type"
            self._remove_specifiers(path, moved)
            added.append(f"{keyword} {{ {', '.join(text_of(s) for s in moved)} }} from '{spec_text}';")
        if added:
            self._insert_imports(path, root, added)
        if path in self.sources.spans and _reaches(self.graph, self.new_module, module_of_path(path)):
            raise ImpossibleRequest(
                f"moving {', '.join(self.names)} to {self.new_module} would create an import cycle: "
                f"{self.new_module} already depends on {module_of_path(path)}, which imports what moves"
            )

    def _namespace_uses(self, path: str, root: Node, namespace: str, spec_text: str) -> list[str]:
        """`ns.f` of a moved `f` -> `f`, imported by name from the new module."""
        used = set()
        taken = jsscope.top_level_names(root)
        for node in walk(root):
            if node.type != "member_expression":
                continue
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            name = text_of(prop)
            if obj.type == "identifier" and text_of(obj) == namespace and name in self.names:
                if name in taken or jsscope.captured(node, root, name):
                    raise ImpossibleRequest(f"{path} uses {namespace}.{name} but {name!r} is taken there")
                self.sources.add(path, replace(node, name))
                used.add(name)
        return [f"import {{ {', '.join(sorted(used))} }} from '{spec_text}';"] if used else []

    def _some_specifier(self, path: str) -> str | None:
        if self.sources.changes.exists(path) and not (path == self.dest and self.created):
            for statement in module_statements(self.sources, path):
                if statement.target is not None:
                    return string_value(statement.source)
        return None


def _extent(data: bytes, statement: Node) -> tuple[int, int]:
    """Bytes of a top-level statement with the comments right above it and its line end, plus one
    blank line after it (or before it at the end of the file)."""
    first = statement
    previous = statement.prev_sibling
    while previous is not None and previous.type == "comment" and previous.end_point[0] >= first.start_point[0] - 1:
        if previous.start_point[0] == (previous.prev_sibling.end_point[0] if previous.prev_sibling else -1):
            break  # a trailing comment of the statement above
        first = previous
        previous = previous.prev_sibling
    start = line_start(data, first.start_byte)
    end = line_end(data, statement.end_byte)
    if data[end : end + 1] == b"\n":
        end += 1
    elif end >= len(data) and data[start - 2 : start] == b"\n\n":
        start -= 1
    return start, end


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = {start}, [start]
    while todo:
        current = todo.pop()
        if current == goal:
            return True
        for nxt in graph.get(current, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def _new_path(module: str, like: str) -> str:
    return module.replace(".", "/") + posixpath.splitext(like)[1]


def _import_of(node: Node) -> Node | None:
    current = node.parent
    while current is not None and current.type != "program":
        if current.type == "import_statement":
            return current
        current = current.parent
    return None


def _binds(node: Node) -> bool:
    """Whether an identifier of an import statement is a local binding (not an imported name)."""
    parent = node.parent
    if parent.type == "import_specifier":
        alias = parent.child_by_field_name("alias")
        return alias is None or alias == node
    return parent.type in ("import_clause", "namespace_import")


def _commonjs(text: str) -> bool:
    return "require(" in text or "module.exports" in text or re.search(r"(?<![\w$.])exports\.", text) is not None
