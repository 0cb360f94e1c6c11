"""Split a god module along the communities of its internal call graph (Python).

The module's top-level functions and classes and their uses of one another (the graph's CALLS
edges, a method's counting for its class, plus the references `ast` sees that are not calls: a
base class, a decorator, a function passed as a value, a module-level constant) are grouped by
`communities.split_uses`. Each leaving part becomes a new module beside the original (inside it,
for a package), named after the words its definitions share (`report_*` in `billing` ->
`billing_report`), and is moved there by `move.move_symbols` (the plan keeps the move's
warnings), one step per new module, in an order in which no step makes an import cycle inside
the module; a part whose move would close a cycle through other modules stays, named in the
plan's warnings. Importers are pointed at the new modules; the original keeps the rest, and on
request (`reexport`) imports the moved public names back where that makes no cycle, for code
outside the repository, and keeps them in its `__all__`; names not re-exported leave its
`__all__` for the new module's (see move's `__all__` rules).
"""

from __future__ import annotations

import ast
import keyword
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

import libcst as cst

from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import ImpossibleRequest, SplitModuleRequest, SymbolMapping, UnknownTarget
from codeintel.planning.python.communities import BODY, MIN_SIZE, UseGraph, communities, split_uses
from codeintel.planning.python.imports import add_imports, is_package_file, prefers_relative, render_from
from codeintel.planning.python.move import module_graph_after, move_symbols, path_between, relist_in_all
from codeintel.planning.workspace import Workspace
from codeintel.service.models import Symbol

STOP_WORDS = frozenset(
    re.findall(r"\w+", "a an and as at by do for from get has in init is it main make new of on or run set the to with")
)
"""Words that say nothing about what a part is for, never used to name one."""


def plan_split_module(workspace: Workspace, request: SplitModuleRequest) -> Draft:
    module, path = _module(workspace, request.module)
    definitions = workspace.query("definitions_in_file", file=path)
    tops = top_level_definitions(workspace, module, definitions)
    graph = use_graph(workspace, module, path, tops, [row["id"] for row in definitions])
    split = split_uses(graph, max_parts=request.max_parts)
    if not split.parts:
        raise ImpossibleRequest(_inseparable(module, graph))
    parts = [_in_order(graph.names, part) for part in split.parts]
    lines = {name: (s.end_line or 0) - (s.start_line or 0) + 1 for name, s in tops.items()}
    new_modules = part_names(module, parts, lines, _free_beside(workspace, path), is_package_file(path))
    changes = Changeset(workspace)
    renamed: dict[str, str] = {}
    warnings: list[str] = []
    moved_parts: dict[str, list[str]] = {}
    for names, new_module in zip(parts, new_modules, strict=True):
        symbols = [tops[name] for name in names]
        try:
            move = move_symbols(workspace, changes, symbols, new_module)
        except ImpossibleRequest as refused:
            warnings.append(f"{', '.join(names)} stay in {module}: {refused.message}")
            continue
        renamed |= move.renamed
        warnings += move.warnings
        moved_parts[new_module] = names
        changes.end_step(f"Move {', '.join(names)} to {new_module}", _rationale(graph, set(names), module))
    if not moved_parts:
        raise ImpossibleRequest(f"{module} cannot be split: {'; '.join(warnings)}")
    moved = [tops[name].qualname for names in moved_parts.values() for name in names]
    public = {new: [name for name in names if not name.startswith("_")] for new, names in moved_parts.items()}
    exported: set[str] = set()
    if request.reexport:
        exported, not_exported = reexport(workspace, changes, module, path, public)
        warnings += not_exported
        changes.end_step(
            f"Re-export the moved public names from {module}",
            "code outside the repository may import them from there; importers inside it were updated",
        )
    return Draft(
        goal=f"Split {module} into {', '.join([module, *moved_parts])}",
        language="python",
        changes=changes,
        mapping=SymbolMapping(renamed=renamed, added=list(moved_parts)),
        symbols_affected=moved,
        resolves=[f.id for f in workspace.findings if f.kind == "god_module" and f.path == path],
        warnings=warnings,
        public_api=any(name not in exported for names in public.values() for name in names),
    )


def reexport(
    workspace: Workspace, changes: Changeset, module: str, path: str, public: Mapping[str, list[str]]
) -> tuple[set[str], list[str]]:
    """Import each new module's public names back into `module` where that makes no import
    cycle (the new module does not lead back to it), and list them in its `__all__` again where
    it declares one (the moves took them out); the names re-exported, and a warning for each new
    module whose names could not be."""
    graph = {source: set(targets) for source, targets in module_graph_after(workspace, changes).items()}
    tree = cst.parse_module(changes.read(path))
    relative = prefers_relative(tree)
    is_package = is_package_file(path)
    codes: list[str] = []
    exported: set[str] = set()
    warnings: list[str] = []
    for new_module, names in public.items():
        if not names:
            continue
        back = path_between(graph, new_module, module)
        if back is not None:
            cycle = " -> ".join([module, *back])
            warnings.append(f"{', '.join(names)} not re-exported from {module}: that would make the cycle {cycle}")
            continue
        codes.append(render_from(module, is_package, new_module, [(name, None) for name in names], relative))
        graph.setdefault(module, set()).add(new_module)
        exported.update(names)
    if codes:
        tree = add_imports(tree, codes, module, is_package)
        tree = relist_in_all(tree, cst.parse_module(workspace.source(path)), exported)
        changes.write(path, tree.code)
    return exported, warnings


def _beside(path: str, new_module: str) -> str:
    """The file of `new_module`: beside the module at `path`, or inside it for a package."""
    return str(PurePosixPath(path).parent / f"{new_module.rpartition('.')[2]}.py")


def _bound_names(source: str) -> set[str]:
    """Every name the module's top level binds (definitions, assignments, imports)."""
    names: set[str] = set()
    for statement in ast.parse(source).body:
        if isinstance(statement, _DEFINITIONS):
            names.add(statement.name)
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in statement.names)
        else:
            names.update(n.id for n in ast.walk(statement) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    return names


# ---------------------------------------------------------------- the module and its graph


def _module(workspace: Workspace, name: str) -> tuple[str, str]:
    """(dotted name, file) of the module `name` designates (a dotted name or a file)."""
    if name in workspace.file_of_module:
        module, path = name, workspace.file_of_module[name]
    elif name in workspace.symbols.module_of_file:
        module, path = workspace.symbols.module_of_file[name], name
    else:
        raise UnknownTarget(f"no module {name!r} in {workspace.repo_id}")
    language = workspace.language_of(path)
    if language != "python":
        raise ImpossibleRequest(f"{path} is {language} code: split_module splits Python modules only")
    return module, path


def top_level_definitions(workspace: Workspace, module: str, definitions: list[dict[str, Any]]) -> dict[str, Symbol]:
    """The module's top-level functions and classes by name, in definition order, among the
    `definitions` of its file (rows of the definitions_in_file query)."""
    return {
        row["name"]: workspace.symbols.by_id[row["id"]]
        for row in definitions
        if row["qualname"] == f"{module}.{row['name']}" and row["id"] in workspace.symbols.by_id
    }


def use_graph(workspace: Workspace, module: str, path: str, tops: dict[str, Symbol], ids: list[str]) -> UseGraph:
    """How the top-level definitions (and the module's own code, BODY) use one another, and how
    much other modules use each of them; `ids` are those of every class and function in the file.

    A use is counted once per (user, used, line), from whichever source sees it: the graph's
    CALLS edges (they also resolve method calls on objects) and `ast` names. Calls that run when
    a definition is made (its decorators, default values) belong to it, not to the module code.
    The graph routes calls to a decorated function through its decorator's wrapper, which seems
    to call every function it decorates: those edges are dropped, and uses of a decorator weigh
    nothing for the communities (shared plumbing says nothing about what belongs together) while
    still counting as dependencies."""
    source = ReadSource(workspace.source(path), set(tops))
    module_ids = [s.id for s in workspace.symbols.by_qualname.get(module, []) if s.label == "Module"]

    def top_of(qualname: str | None) -> str | None:
        if not qualname or not qualname.startswith(module + "."):
            return None
        head = qualname[len(module) + 1 :].split(".", 1)[0]
        return head if head in tops else None

    seen = set(source.references)
    for row in workspace.query("calls_from", ids=ids + module_ids):
        line = row.get("line") or 0
        caller = source.owner_at(line) if row["src_id"] in module_ids else top_of(row["src_qualname"])
        callee = top_of(row["dst_qualname"]) if row["dst_file"] == path else None
        if caller is None or callee is None or caller == callee or (callee, caller) in source.decorated_by:
            continue
        seen.add((caller, callee, line))
    decorators = {d for _, d in source.decorated_by}
    uses: Counter[tuple[str, str]] = Counter()
    for user, used, _ in sorted(seen):
        uses[(user, used)] += 0 if used in decorators or user in decorators else 1
    outside: Counter[str] = Counter()
    for row in workspace.query("calls_into", ids=ids):
        name = top_of(row["dst_qualname"])
        if name is not None and row["src_file"] != path:
            outside[name] += 1
    by_id = {symbol.id: name for name, symbol in tops.items()}
    for row in workspace.query("importers_of", ids=list(by_id)):
        outside[by_id[row["target"]]] += 1
    return UseGraph(names=list(tops), uses=dict(uses), outside_uses=dict(outside))


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class ReadSource:
    """What `ast` sees of a module's top-level definitions `tops`:

    - `references`: (user, used, line) for each name of a sibling definition (a call, a base
      class, a decorator, a function passed as a value), the module's own code as BODY, and each
      use of a module-level variable as a use of BODY (which keeps the variables);
    - `decorated_by`: (definition, decorator) where a sibling decorates it or one of its methods;
    - `owner_at(line)`: the definition whose lines (decorators included) hold `line`, else BODY.
    """

    def __init__(self, text: str, tops: set[str]) -> None:
        tree = ast.parse(text)
        variables = _module_variables(tree) - tops
        self.references: set[tuple[str, str, int]] = set()
        self.decorated_by: set[tuple[str, str]] = set()
        self._spans: list[tuple[int, int, str]] = []
        for statement in tree.body:
            owner = BODY
            if isinstance(statement, _DEFINITIONS) and statement.name in tops:
                owner = statement.name
                first = min([statement.lineno, *(d.lineno for d in statement.decorator_list)])
                self._spans.append((first, statement.end_lineno or statement.lineno, owner))
            for node in ast.walk(statement):
                if isinstance(node, _DEFINITIONS):
                    for decorator in node.decorator_list:
                        name = decorator.func if isinstance(decorator, ast.Call) else decorator
                        if isinstance(name, ast.Name) and name.id in tops and owner != BODY:
                            self.decorated_by.add((owner, name.id))
                if not isinstance(node, ast.Name):
                    continue
                if node.id in tops and node.id != owner:
                    self.references.add((owner, node.id, node.lineno))
                elif node.id in variables and owner != BODY:
                    self.references.add((owner, BODY, node.lineno))

    def owner_at(self, line: int) -> str:
        for first, last, owner in self._spans:
            if first <= line <= last:
                return owner
        return BODY


def _module_variables(tree: ast.Module) -> set[str]:
    """Names the module's own code binds by assignment (constants, registries, state)."""
    names: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, (*_DEFINITIONS, ast.Import, ast.ImportFrom)):
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return names


# ---------------------------------------------------------------- names of the new modules


def part_names(
    module: str,
    parts: Sequence[Sequence[str]],
    lines: Mapping[str, int],
    free: Callable[[str], bool],
    is_package: bool = False,
) -> list[str]:
    """A module name for each part: beside `module`, its last name and the word that best says
    what the part's definitions share (`billing` -> `billing_report`); inside a package, that word
    alone (`billing` -> `billing.report`); a valid identifier and `free` (no module or file has it).

    `lines` gives every top-level definition of the module with its length. A word weighs the
    lines of the definitions whose names hold it: the best word covers much of the part and
    little of the rest of the module (weight in the part squared over weight in the module), so
    a class names the part it leaves with, not its small helpers."""
    package, _, leaf = module.rpartition(".")
    own = set(words(leaf))
    if is_package:
        package, leaf = module, ""
    vocabulary = {word for name in lines for word in words(name)}
    split_words = {name: _words(name, vocabulary, own) for name in lines}
    in_module: Counter[str] = Counter()
    for name, found in split_words.items():
        in_module.update(dict.fromkeys(found, lines[name]))
    chosen: list[str] = []
    for number, part in enumerate(parts, start=2):
        weight: Counter[str] = Counter()
        first: dict[str, int] = {}
        for name in part:
            weight.update(dict.fromkeys(split_words[name], lines[name]))
            for word in split_words[name]:
                first.setdefault(word, len(first))
        ranked = sorted(weight, key=lambda w: (-(weight[w] ** 2) / in_module[w], -weight[w], first[w]))
        stems = [ranked[0], "_".join(ranked[:2])] if ranked else []
        stems += [f"{ranked[0] if ranked else 'part'}{n}" for n in range(number, number + 50)]
        for candidate in (f"{leaf}_{stem}" if leaf else stem for stem in stems):
            dotted = f"{package}.{candidate}" if package else candidate
            if candidate.isidentifier() and not keyword.iskeyword(candidate) and dotted not in chosen and free(dotted):
                chosen.append(dotted)
                break
    return chosen


def words(name: str) -> list[str]:
    """The lower-case words of an identifier: `_reportHTMLLines` -> report, html, lines."""
    out = []
    for piece in name.split("_"):
        out += [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", piece)]
    return out


def _words(name: str, vocabulary: set[str], own: set[str]) -> list[str]:
    """The words of `name` that can name a part: plurals as their singular where both occur."""
    out = []
    for word in words(name):
        if word.endswith("s") and not word.endswith("ss") and word[:-1] in vocabulary:
            word = word[:-1]
        if word not in STOP_WORDS and word not in own and not word.isdigit() and len(word) > 1:
            out.append(word)
    return out


def _free_beside(workspace: Workspace, path: str) -> Callable[[str], bool]:
    """Whether a new module's name is free: no module has it, no file or package is where it
    would be created, and (inside a package) the package binds no name that importing the
    submodule would overwrite."""
    bound = _bound_names(workspace.source(path)) if is_package_file(path) else set()

    def free(dotted: str) -> bool:
        file = PurePosixPath(_beside(path, dotted))
        places = (file, file.with_suffix("") / "__init__.py", file.with_suffix(""))
        taken = dotted in workspace.file_of_module or dotted.rpartition(".")[2] in bound
        return not taken and not any(workspace.exists(str(p)) for p in places)

    return free


# ---------------------------------------------------------------- explanations


def _in_order(names: Sequence[str], part: Iterable[str]) -> list[str]:
    members = set(part)
    return [name for name in names if name in members]


def _rationale(graph: UseGraph, part: set[str], module: str) -> str:
    inside = sum(n for (a, b), n in graph.uses.items() if a in part and b in part)
    across = sum(n for (a, b), n in graph.uses.items() if (a in part) != (b in part))
    return (
        f"{len(part)} definitions that refer to one another {inside} times and to or from the rest of "
        f"{module} {across} times: a community of its call graph"
    )


def _inseparable(module: str, graph: UseGraph) -> str:
    found = [c for c in communities(graph) if len(c) >= MIN_SIZE]
    if len(found) < 2:
        why = f"its {len(graph.names)} functions and classes form a single community"
    else:
        why = (
            f"its {len(found)} communities use one another (or the module's own code) both ways, "
            "so none can leave without an import cycle"
        )
    return f"{module} has no two separable communities: {why}; there is nothing to split"
