"""Move top-level functions and classes to another module, updating every import.

Edits are made on LibCST trees (a lossless concrete syntax tree): the moved definitions keep
their decorators, comments and formatting byte for byte, and the imports of every importer are
rewritten in place without disturbing the rest of the file, which raw spans or `ast` (that
drops comments and formatting) would not give.
"""

from __future__ import annotations

from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import ImpossibleRequest, MoveRequest
from codeintel.planning.workspace import Workspace
from codeintel.service.models import Symbol


def move_symbols(workspace: Workspace, changes: Changeset, symbols: list[Symbol], to_module: str) -> dict[str, str]:
    """Move the top-level functions and classes `symbols` into `to_module` (created, with any
    missing package `__init__.py`, when it does not exist), writing into `changes`.

    The definitions leave their modules with their decorators and the comments directly above
    them and land after the destination's imports (or at its end); what they use comes along as
    imports (the source's imports they use, in the same style; the source's names that stay,
    imported from it); every importer (`from src import f`, relative forms, `import src` with
    `src.f` uses, re-exports in `__init__.py`, `__all__`) is rewritten to the destination, and a
    source module that still uses a moved name imports it from there.

    Returns the renamed mapping {old qualname: new qualname} (a class carries its methods by the
    prefix rule). Raises ImpossibleRequest, with the reason, when the destination already binds a
    name, a symbol is not top level, the destination is a source, its name is not a valid module
    name, or the module graph after the move would have a new import cycle (named). It does not
    end a step: the caller does.
    """
    raise NotImplementedError


def plan_move(workspace: Workspace, request: MoveRequest) -> Draft:
    raise NotImplementedError
