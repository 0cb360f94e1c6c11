"""Move for JavaScript, TypeScript and Java: the planner's entry, by the language of the first symbol's file."""

from __future__ import annotations

from codeintel.planning.changes import Draft
from codeintel.planning.model import ImpossibleRequest, MoveRequest
from codeintel.planning.workspace import Workspace


def plan_move(workspace: Workspace, request: MoveRequest) -> Draft:
    symbols = [workspace.symbol(name) for name in request.symbols]
    language = workspace.language_of(symbols[0].file or "")
    if any(workspace.language_of(s.file or "") != language for s in symbols):
        raise ImpossibleRequest("the symbols of one move must be of one language")
    if language in ("javascript", "typescript"):
        from codeintel.planning.treesitter.jsmove import plan_js_move

        return plan_js_move(workspace, request, symbols, language)
    if language == "java":
        from codeintel.planning.treesitter.javamove import plan_java_move

        return plan_java_move(workspace, request, symbols)
    raise ImpossibleRequest(f"tree-sitter move is for JavaScript, TypeScript and Java, not {language}")
