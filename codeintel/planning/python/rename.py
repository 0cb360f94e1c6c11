"""Rename a Python function, class or method with every reference, import and re-export.

The references are found on Python's `ast` and replaced as identifier spans (see
`references`: formatting and comments stay byte for byte, and `ast` is fast enough for the
stdlib's 2-second target). Which files to read comes from the graph, not from reading the
repository: the defining file, the files with calls the graph resolved into the symbol, and
the modules that import the symbol or a module it can be reached through (`rename_targets`).

Three shapes of rename:
- a module-level function or class: the global binding in its module, imports of it (plain,
  aliased, relative, star), attribute uses through imported modules, re-exports and `__all__`;
- a function or class defined inside a function: its uses in the enclosing function;
- a method: the whole family of same-named methods in the classes related by inheritance,
  `self.m`/`cls.m`/`super().m` in those classes, and every call the graph resolved to a member;
  other `x.m` with a receiver the graph did not resolve are listed in the warnings, untouched.

Refused (ImpossibleRequest, with the reason): a new name that is no identifier, a keyword, the
same name or a dunder; a name already bound where the symbol is defined or in a module that
imports it without an alias; a rename that would capture or shadow another binding; dunder
methods; modules; classes defined in a class body.
"""

from __future__ import annotations

import keyword

from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import ImpossibleRequest, RenameRequest, SymbolMapping
from codeintel.planning.python.rename_targets import FileRename, find_renames
from codeintel.planning.workspace import Workspace
from codeintel.service.models import Symbol


def plan_rename(workspace: Workspace, request: RenameRequest) -> Draft:
    symbol = workspace.symbol(request.symbol, ("Class", "Function", "Module"))
    if symbol.label == "Module":
        raise ImpossibleRequest(
            f"{symbol.qualname} is a module: renaming a module is not supported (move its file and its imports instead)"
        )
    old, new = symbol.name, request.new_name
    check_new_name(symbol, new)
    changes = Changeset(workspace)
    found = find_renames(workspace, changes, symbol, new)
    _write(changes, found.files, found.defining_files, old, new)
    return Draft(
        goal=f"Rename {symbol.qualname} to {new}",
        language="python",
        changes=changes,
        mapping=SymbolMapping(renamed=found.renamed),
        symbols_affected=sorted(found.renamed),
        warnings=found.warnings,
        public_api=found.scope != "local" and not old.startswith("_"),
    )


def check_new_name(symbol: Symbol, new: str) -> None:
    old = symbol.name
    if not new.isidentifier():
        raise ImpossibleRequest(f"{new!r} is not a Python identifier")
    if keyword.iskeyword(new):
        raise ImpossibleRequest(f"{new!r} is a Python keyword")
    if new == old:
        raise ImpossibleRequest(f"{symbol.qualname} is already called {new!r}")
    if _dunder(old):
        raise ImpossibleRequest(f"{symbol.qualname} is a dunder method: Python calls it by that name")
    if _dunder(new):
        raise ImpossibleRequest(f"{new!r} is a dunder name: Python gives such names a meaning of their own")


def _dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _write(changes: Changeset, files: list[FileRename], defining: set[str], old: str, new: str) -> None:
    """The defining files first (the definitions with their own uses), then every other file."""
    for first in (True, False):
        chosen = [f for f in files if (f.file.path in defining) == first and f.spans]
        for rename in chosen:
            changes.write(rename.file.path, rename.file.replaced(rename.spans, old, new))
        if first:
            changes.end_step(
                f"Rename the definition of {old} to {new}",
                "the definition and its uses in the defining module (" + ", ".join(f.file.path for f in chosen) + ")",
            )
        else:
            count = sum(len(f.spans) for f in chosen)
            changes.end_step(
                f"Update {count} references to {old} in {len(chosen)} files",
                "imports, re-exports, attribute uses and calls that refer to the renamed symbol",
            )
