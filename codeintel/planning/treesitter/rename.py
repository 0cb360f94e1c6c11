"""Rename for JavaScript, TypeScript and Java: the planner's entry, by the language of the symbol's file."""

from __future__ import annotations

from codeintel.planning.changes import Draft
from codeintel.planning.model import ImpossibleRequest, RenameRequest
from codeintel.planning.workspace import Workspace


def plan_rename(workspace: Workspace, request: RenameRequest) -> Draft:
    symbol = workspace.symbol(request.symbol)
    language = workspace.language_of(symbol.file or "")
    if language in ("javascript", "typescript"):
        from codeintel.planning.treesitter.jsrename import plan_js_rename

        return plan_js_rename(workspace, request, symbol, language)
    if language == "java":
        from codeintel.planning.treesitter.javarename import plan_java_rename

        return plan_java_rename(workspace, request, symbol)
    raise ImpossibleRequest(f"tree-sitter rename is for JavaScript, TypeScript and Java, not {language}")
