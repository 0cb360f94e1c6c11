"""Extract a duplicated block: the copies of a Type-1 or Type-2 clone finding become calls of one
shared function.

The copies are snapped to whole statements (extract_block.py), compared side by side
(extract_compare.py: only local names and literals may differ), and analysed with LibCST's scopes:
the shared function's parameters are the names the block reads from its function (in the first
copy's spelling; each call passes its own) and the literals that differ; its results are the names
the block binds that the function reads afterwards, returned as a tuple and unpacked at each call.
A copy that is a function's whole body keeps its `return` (the call is returned). Refused: Type-3
and Type-4 clones, copies that differ in a global name or a called function, a block that returns,
yields, awaits, breaks or continues out of itself or declares `global`/`nonlocal`.

The shared function goes where extract_place.py says (the copies' module, or one all of them can
import without a cycle); each copy's module imports it, and loses the imports only the block used.

LibCST, because the copies are edited as statements (a run of a block replaced by one call, a
function added after the definition that held the first copy) while the rest of each file, and the
comments inside the first copy, come back exactly as written; and because its scope analysis is what
tells a block's inputs and outputs apart.
"""

from __future__ import annotations

import keyword
import re
from collections import defaultdict

import libcst as cst
from libcst.metadata import GlobalScope, MetadataWrapper, ScopeProvider

from codeintel.analysis.findings import Finding
from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import ExtractCloneRequest, ImpossibleRequest, SymbolMapping
from codeintel.planning.python.extract_block import (
    Copy,
    Flow,
    ParsedModule,
    escapes,
    flow,
    has_return,
    locate,
    narrowed,
)
from codeintel.planning.python.extract_compare import Difference, aligned, differences, renamings
from codeintel.planning.python.extract_place import Placement, choose_target
from codeintel.planning.python.imports import add_imports, is_package_file
from codeintel.planning.python.nodes import node_ids, nodes_under
from codeintel.planning.python.unused_imports import drop_imports, importer_texts, reexported, removable_imports
from codeintel.planning.workspace import Workspace

TYPE_REFUSALS = {
    3: "Type-3 clones (copies edited apart: statements added, removed or changed) are not extracted: "
    "one function cannot stand for copies that do different things",
    4: "Type-4 clones (different code with the same behaviour) are not extracted: the copies share no code",
}


def plan_extract_clone(workspace: Workspace, request: ExtractCloneRequest) -> Draft:
    finding = workspace.finding(request.finding)
    fragments = _fragments(finding)
    changes = Changeset(workspace)
    parsed: dict[str, ParsedModule] = {}
    for path, _, _ in fragments:
        if path not in parsed:
            parsed[path] = ParsedModule.parse(path, workspace.module_of(path), changes.read(path))
    copies = _snap(parsed, fragments)
    _check_apart(copies)
    found = differences(copies)
    renames = renamings(copies, found)
    for copy in copies:
        reason = escapes(copy)
        if reason:
            raise ImpossibleRequest(f"the copy in {copy.qualname} ({copy.where}) cannot become a call: {reason}")
    flows = [flow(copy) for copy in copies]
    reads, writes = _interface(copies, flows, renames)
    literals = _literal_parameters(found, taken=_names_in(copies[0]))
    annotations = _annotations(copies, reads, renames)
    globals_read = list(dict.fromkeys([*flows[0].globals, *_annotation_names(annotations)]))
    placement = choose_target(workspace, copies, globals_read, request.to_module)
    name = _function_name(request.function_name, copies, writes, placement, changes)
    shared = f"{placement.module}.{name}"
    function = _shared_function(name, copies[0], reads, writes, literals, annotations)
    returns = copies[0].tail and has_return(copies[0])
    calls = {
        id(copy): _call_statement(copy, name, reads, writes, literals, renames[index], returns)
        for index, copy in enumerate(copies)
    }
    owners = [copy.qualname for copy in copies]
    rationale = _rationale(copies, reads, writes, literals)
    _edit_files(workspace, changes, copies, parsed, placement, function, calls, owners, rationale)
    added = [shared] if placement.exists else [placement.module, shared]
    removed, renamed = _nested_definitions(workspace, copies)
    affected = list(dict.fromkeys([*(c.qualname for c in copies), shared]))
    return Draft(
        goal=f"Extract the duplicated block of {_listing(owners)} into {shared}",
        language="python",
        changes=changes,
        mapping=SymbolMapping(added=added, inlined=[shared], removed=removed, renamed=renamed),
        symbols_affected=affected,
        resolves=[finding.id],
    )


# ---------------------------------------------------------------- the finding and its copies


def _fragments(finding: Finding) -> list[tuple[str, int, int]]:
    if finding.kind != "clone":
        raise ImpossibleRequest(f"finding {finding.id} is a {finding.kind} finding, not a clone")
    kind = finding.evidence.get("type")
    if kind in TYPE_REFUSALS:
        raise ImpossibleRequest(TYPE_REFUSALS[kind])
    fragments = finding.evidence.get("fragments") or []
    if len(fragments) < 2:
        raise ImpossibleRequest(f"finding {finding.id} lists fewer than two copies")
    return [(f["path"], f["start_line"], f["end_line"]) for f in fragments]


def _snap(parsed: dict[str, ParsedModule], fragments: list[tuple[str, int, int]]) -> list[Copy]:
    """The copies as corresponding runs of whole statements. A fragment's first and last lines may
    hold statements only partly inside the clone (its tokens start or end mid-line), so the lines
    are also tried without them; the largest runs that correspond in every copy win."""
    best: list[Copy] | None = None
    failure: ImpossibleRequest | None = None
    for skip_first, skip_last in ((0, 0), (1, 0), (0, 1), (1, 1)):
        try:
            found = [locate(parsed[path], start + skip_first, end - skip_last) for path, start, end in fragments]
            spans = aligned(found)
        except ImpossibleRequest as exc:
            failure = failure or exc
            continue
        copies = [narrowed(copy, start, end) for copy, (start, end) in zip(found, spans, strict=True)]
        if best is None or _size(copies[0]) > _size(best[0]):
            best = copies
    if best is None:
        raise failure or ImpossibleRequest("the copies could not be matched to statements")
    return best


def _size(copy: Copy) -> int:
    first, _ = copy.module.lines(copy.statements[0])
    _, last = copy.module.lines(copy.statements[-1])
    return last - first + 1


def _check_apart(copies: list[Copy]) -> None:
    for index, copy in enumerate(copies):
        for other in copies[:index]:
            if other.module.path == copy.module.path and (copy.nodes & other.nodes):
                raise ImpossibleRequest(f"two copies overlap once snapped to whole statements ({copy.where})")


def _interface(copies: list[Copy], flows: list[Flow], renames: list[dict[str, str]]) -> tuple[list[str], list[str]]:
    """The parameters (names read from the function) and results (names the function reads
    afterwards), in the first copy's names: the same reads in every copy, the union of the results."""
    reads = flows[0].reads
    writes = list(flows[0].writes)
    for index, (copy, copy_flow) in enumerate(zip(copies, flows, strict=True)):
        mapped = [renames[index].get(n, n) for n in reads]
        if set(mapped) != set(copy_flow.reads):
            raise ImpossibleRequest(
                f"the copies read different variables of their functions: {', '.join(sorted(mapped))} in "
                f"{copies[0].qualname}, {', '.join(sorted(copy_flow.reads))} in {copy.qualname}"
            )
        back = {mine: canonical for canonical, mine in renames[index].items()}
        for name in copy_flow.writes:
            canonical = back.get(name, name)
            if canonical not in writes:
                writes.append(canonical)
    return reads, writes


def _names_in(copy: Copy) -> set[str]:
    names = {param.name.value for param in copy.function.params.params}
    for statement in copy.statements:
        names |= {node.value for node in nodes_under(statement) if isinstance(node, cst.Name)}
    return names


def _literal_parameters(found: list[Difference], taken: set[str]) -> list[tuple[str, Difference]]:
    """A parameter per distinct tuple of differing literals, named after its keyword or variable."""
    out: list[tuple[str, Difference]] = []
    by_texts: dict[tuple[str, ...], str] = {}
    for difference in found:
        if difference.kind != "literal":
            continue
        texts = difference.texts()
        if texts in by_texts:
            out.append((by_texts[texts], difference))
            continue
        name = _free(_literal_name(difference), taken)
        taken.add(name)
        by_texts[texts] = name
        out.append((name, difference))
    return out


def _literal_name(difference: Difference) -> str:
    """After the keyword it is passed as, the name it is compared with, or the variable it is
    assigned to; else after its kind."""
    parent = difference.parent
    if isinstance(parent, cst.Arg) and parent.keyword is not None:
        return parent.keyword.value
    for node in reversed(difference.ancestors):
        if isinstance(node, cst.Comparison) and isinstance(node.left, cst.Name):
            return f"{node.left.value}_limit"
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            return f"{node.targets[0].target.value}_value"
        if isinstance(node, cst.BaseStatement | cst.Call):
            break
    return "text" if isinstance(difference.nodes[0], cst.SimpleString) else "number"


def _free(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}_{number}" in taken:
        number += 1
    return f"{wanted}_{number}"


def _annotations(copies: list[Copy], reads: list[str], renames: list[dict[str, str]]) -> dict[str, cst.Annotation]:
    """The annotations of the parameters that are parameters of every copy's function, annotated the
    same in each (they let the call graph resolve calls on them); `self` of methods of one class is
    annotated with the class."""
    out: dict[str, cst.Annotation] = {}
    for name in reads:
        found = []
        for index, copy in enumerate(copies):
            mine = renames[index].get(name, name)
            param = next((p for p in copy.function.params.params if p.name.value == mine), None)
            if param is None or param.annotation is None:
                found = []
                break
            found.append(param.annotation)
        codes = {copy.module.tree.code_for_node(a.annotation) for copy, a in zip(copies, found, strict=False)}
        if found and len(codes) == 1:
            out[name] = cst.Annotation(found[0].annotation)
    return out


def _annotation_names(annotations: dict[str, cst.Annotation]) -> list[str]:
    """The module-level names the annotations read (the root of `a.b.C`)."""
    names = []
    for annotation in annotations.values():
        attributes = {id(n.attr) for n in nodes_under(annotation) if isinstance(n, cst.Attribute)}
        names += [n.value for n in nodes_under(annotation) if isinstance(n, cst.Name) and id(n) not in attributes]
    return names


def _nested_definitions(workspace: Workspace, copies: list[Copy]) -> tuple[list[str], dict[str, str]]:
    """What the call graph names inside the copies (lambdas, nested functions and classes): they leave
    with the block, into the shared function (whose inside the call-graph check follows through);
    the anonymous ones left after the block are numbered anew (`<lambda2>` becomes `<lambda1>`)."""
    removed: list[str] = []
    renamed: dict[str, str] = {}
    for copy in copies:
        first, _ = copy.module.lines(copy.statements[0])
        _, last = copy.module.lines(copy.statements[-1])
        prefix = copy.qualname + "."
        inside = [
            s
            for s in workspace.symbols.symbols
            if s.file == copy.module.path and s.qualname.startswith(prefix) and s.label in ("Class", "Function")
        ]
        gone = {s.qualname for s in inside if s.start_line is not None and first <= s.start_line <= last}
        removed += sorted(gone)
        anonymous = sorted(
            (s for s in inside if _LAMBDA.fullmatch(s.qualname.removeprefix(prefix))),
            key=lambda s: int(_LAMBDA.fullmatch(s.qualname.removeprefix(prefix)).group(1)),  # type: ignore[union-attr]
        )
        kept = [s.qualname for s in anonymous if s.qualname not in gone]
        for number, old in enumerate(kept, start=1):
            new = f"{prefix}<lambda{number}>"
            if new != old:
                renamed[old] = new
    return removed, renamed


_LAMBDA = re.compile(r"<lambda(\d+)>")


# ---------------------------------------------------------------- the shared function


def _function_name(
    requested: str | None, copies: list[Copy], writes: list[str], placement: Placement, changes: Changeset
) -> str:
    modules = {copy.module.path: copy.module for copy in copies}
    taken: dict[str, str] = {}
    for module in modules.values():
        for bound in _module_names(module.tree):
            taken.setdefault(bound, module.name)
    if placement.exists and placement.path not in modules:
        for bound in _module_names(cst.parse_module(changes.read(placement.path))):
            taken.setdefault(bound, placement.module)
    for copy in copies:
        for local in _names_in_function(copy.function):
            taken.setdefault(local, copy.qualname)
    if requested:
        if not requested.isidentifier() or keyword.iskeyword(requested):
            raise ImpossibleRequest(f"{requested!r} is not a Python identifier")
        if requested in taken:
            raise ImpossibleRequest(f"`{requested}` is taken in {taken[requested]}: choose another function_name")
        return requested
    private = len(modules) == 1 and placement.path in modules
    words = _common_words([copy.function.name.value for copy in copies])
    if copies[0].whole:
        stem = "_".join(words) or f"{copies[0].function.name.value}_shared"
    elif writes:
        stem = "compute_" + "_and_".join(w.strip("_") for w in writes[:2])
    else:
        stem = "_".join([*words, "step"]) if words else "shared_step"
    stem = ("_" if private else "") + stem.lstrip("_")
    if stem in taken and copies[0].whole:
        stem = ("_" if private else "") + "shared_" + stem.lstrip("_")
    return _free(stem, set(taken))


def _names_in_function(function: cst.FunctionDef) -> set[str]:
    """Every name a function mentions: the shared function's name must shadow none of them."""
    return {node.value for node in nodes_under(function.body) if isinstance(node, cst.Name)} | {
        param.name.value for param in function.params.params
    }


def _module_names(tree: cst.Module) -> set[str]:
    """The names bound at the top of a module (definitions, assignments, imports)."""
    wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
    scopes = wrapper.resolve(ScopeProvider)
    scope = next((s for s in scopes.values() if isinstance(s, GlobalScope)), None)
    return {a.name.split(".")[0] for a in scope.assignments} if scope is not None else set()


def _common_words(names: list[str]) -> list[str]:
    split = [[w for w in re.split(r"_+", n) if w] for n in names]
    return [w for w in split[0] if all(w in other for other in split[1:])]


class _Substitute(cst.CSTTransformer):
    """Replaces given nodes (by identity) with others."""

    def __init__(self, replacements: dict[int, cst.CSTNode]) -> None:
        self.replacements = replacements

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode):  # type: ignore[no-untyped-def]
        return self.replacements.get(id(original), updated)


def _shared_function(
    name: str,
    first: Copy,
    reads: list[str],
    writes: list[str],
    literals: list[tuple[str, Difference]],
    annotations: dict[str, cst.Annotation],
) -> cst.FunctionDef:
    substitute = _Substitute({id(d.nodes[0]): cst.Name(param) for param, d in literals})
    body = [statement.visit(substitute) for statement in first.statements]
    body[0] = body[0].with_changes(leading_lines=[])
    if writes:
        value = ", ".join(writes)
        body.append(cst.parse_statement(f"return {value}\n"))
    parameters = [cst.Param(cst.Name(n), annotation=annotations.get(n)) for n in reads]
    parameters += [cst.Param(cst.Name(p)) for p in dict.fromkeys(p for p, _ in literals)]
    return cst.FunctionDef(
        name=cst.Name(name),
        params=cst.Parameters(params=parameters),
        body=cst.IndentedBlock(body=body),  # type: ignore[arg-type]
        leading_lines=[cst.EmptyLine(), cst.EmptyLine()],
    )


def _call_statement(
    copy: Copy,
    name: str,
    reads: list[str],
    writes: list[str],
    literals: list[tuple[str, Difference]],
    rename: dict[str, str],
    returns: bool,
) -> cst.BaseStatement:
    position = _copy_index(copy, literals)
    arguments = [rename.get(n, n) for n in reads]
    seen: set[str] = set()
    for param, difference in literals:
        if param in seen:
            continue
        seen.add(param)
        arguments.append(copy.module.tree.code_for_node(difference.nodes[position]))
    call = f"{name}({', '.join(arguments)})"
    if returns:
        code = f"return {call}"
    elif writes:
        code = f"{', '.join(rename.get(w, w) for w in writes)} = {call}"
    else:
        code = call
    statement = cst.parse_statement(code + "\n")
    return statement.with_changes(leading_lines=copy.statements[0].leading_lines)  # type: ignore[attr-defined]


def _copy_index(copy: Copy, literals: list[tuple[str, Difference]]) -> int:
    """Which of a difference's nodes belongs to `copy`."""
    for _, difference in literals:
        for index, node in enumerate(difference.nodes):
            if id(node) in copy.nodes:
                return index
    return 0


# ---------------------------------------------------------------- the edits


def _edit_files(
    workspace: Workspace,
    changes: Changeset,
    copies: list[Copy],
    parsed: dict[str, ParsedModule],
    placement: Placement,
    function: cst.FunctionDef,
    calls: dict[int, cst.BaseStatement],
    owners: list[str],
    rationale: str,
) -> None:
    """One step per file: the shared function's module first, then each copy's module (its copies
    replaced by calls, the import of the shared function added, the imports only the copies used dropped)."""
    name = function.name.value
    shared = f"{placement.module}.{name}"
    by_path: dict[str, list[Copy]] = defaultdict(list)
    for copy in copies:
        by_path[copy.module.path].append(copy)
    if placement.path not in by_path:
        _write_target(changes, placement, function, owners)
        changes.end_step(f"Add {shared}", rationale)
    for path in sorted(by_path, key=lambda p: (p != placement.path, p)):
        module = parsed[path]
        edited = _replace_copies(module, by_path[path], calls)
        if path == placement.path:
            edited = _insert_after(edited, module, by_path[path][0], function)
        else:
            edited = add_imports(edited, [f"from {placement.module} import {name}"], module.name, is_package_file(path))
            dropped = removable_imports(module.tree, edited, path=path)
            if dropped:
                dropped -= reexported(module.name, dropped, importer_texts(workspace, changes, path, module.name))
            edited = drop_imports(edited, dropped)
        changes.write(path, edited.code)
        here = ", ".join(f"`{c.qualname}`" for c in by_path[path])
        if path == placement.path:
            changes.end_step(f"Add {shared} and call it from {here}", rationale)
        else:
            changes.end_step(f"Call {shared} from {here} in place of its copy", rationale)


def _replace_copies(module: ParsedModule, copies: list[Copy], calls: dict[int, cst.BaseStatement]) -> cst.Module:
    runs: dict[int, list[Copy]] = defaultdict(list)
    for copy in copies:
        runs[id(copy.owner)].append(copy)

    class Replace(cst.CSTTransformer):
        def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:
            mine = runs.get(id(original))
            if not mine:
                return updated
            body = list(updated.body)
            for copy in sorted(mine, key=lambda c: -c.start):
                body[copy.start : copy.end] = [calls[id(copy)]]
            return updated.with_changes(body=body)

    return module.tree.visit(Replace())


def _insert_after(edited: cst.Module, module: ParsedModule, copy: Copy, function: cst.FunctionDef) -> cst.Module:
    """`edited` with `function` after the top-level statement that holds `copy` (positions in the
    original and the edited module body agree: only nested statements were replaced)."""
    index = next(i for i, statement in enumerate(module.tree.body) if id(copy.function) in node_ids(statement))
    body = list(edited.body)
    after = body[index + 1] if index + 1 < len(body) else None
    if after is not None and len(after.leading_lines) < 2:  # type: ignore[attr-defined]
        body[index + 1] = after.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])  # type: ignore[attr-defined]
    body.insert(index + 1, function)
    return edited.with_changes(body=body)


def _write_target(changes: Changeset, placement: Placement, function: cst.FunctionDef, owners: list[str]) -> None:
    if placement.exists:
        tree = cst.parse_module(changes.read(placement.path))
        tree = add_imports(tree, placement.imports, placement.module, is_package_file(placement.path))
        tree = tree.with_changes(body=[*tree.body, function])
        changes.write(placement.path, tree.code)
        return
    docstring = cst.parse_statement(f'"""Code {_listing(owners)} share."""\n')
    imports = [cst.parse_statement(code + "\n") for code in placement.imports]
    if imports:
        imports[0] = imports[0].with_changes(leading_lines=[cst.EmptyLine()])
    changes.create(placement.path, cst.Module(body=[docstring, *imports, function]).code)


def _listing(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _rationale(copies: list[Copy], reads: list[str], writes: list[str], literals: list[tuple[str, Difference]]) -> str:
    where = ", ".join(copy.where for copy in copies)
    params = list(dict.fromkeys([*reads, *(p for p, _ in literals)]))
    parts = [f"copies at {where}"]
    parts.append(f"parameters: {', '.join(params) or 'none'}")
    if writes:
        parts.append(f"results: {', '.join(writes)}")
    return "; ".join(parts)
