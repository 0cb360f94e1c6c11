"""Pairs of (what a function does, in words; the function) taken from code itself: the training
and evaluation data of the encoder (finetune.py) and of the retrieval benchmark.

A Python function with a docstring gives the docstring's first sentence as the query and its
source without the docstring statement (decorators and signature kept, dedented) as the body:

    def mean(data):
        '''Return the sample arithmetic mean of data.

        More text that the query leaves out.
        '''
        return sum(data) / len(data)

gives query "Return the sample arithmetic mean of data." and body
"def mean(data):\\n    return sum(data) / len(data)". A sentence under `MIN_QUERY_WORDS` words
says too little to be a query and is dropped, as are test functions (`test_x`, `testX`, `TestX`)
and trivial bodies (nothing left, or only `pass`, `...` or `raise NotImplementedError`).

`python_pairs` reads one file with `ast`; `repository_pairs` reads a scanned repository of any
language from its graph (a function's docstring and span) and its files: the docstring's first
sentence where the graph holds one, else the name split into words when it has at least two
(`parse_config_file` -> "parse config file"). Other languages keep their doc comments outside
the span, so only a Python body has a docstring to take out.

`split_pairs` holds some pairs out, deterministically and never with one file on both sides:
whole repositories when there are two or more, else whole files.
"""

from __future__ import annotations

import ast
import hashlib
import re
import textwrap
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from codeintel.analysis.clones import SourceText
from codeintel.analysis.embeddings.bm25 import split_identifier
from codeintel.analysis.embeddings.symbols import symbol_texts
from codeintel.graph.port import GraphStore

MIN_QUERY_WORDS = 3
"""A docstring sentence shorter than this says too little to be searched for."""

MAX_QUERY_CHARS = 300
"""A first sentence is cut at this many characters (a paragraph with no full stop can run on)."""

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "cf.", "approx.", "resp.")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_TEST_NAME = re.compile(r"^(test|Test)(_|[A-Z0-9]|$)")
_SIGNATURE_LINE = re.compile(r"^[\w.]+\(.*\)\s*(->.*)?$")

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")

_DOCSTRINGS = """
MATCH (f:Function) WHERE f.repo = $repo
RETURN f.id AS id, f.docstring AS docstring
"""


class Pair(BaseModel):
    """A query in words and the function it describes, with where the function is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    query: str
    body: str
    repo: str
    path: str
    name: str
    line: int
    """The function's first line (its first decorator's, when it has any), 1-based."""


def first_sentence(docstring: str | None) -> str | None:
    """The docstring's first sentence, on one line: its first paragraph up to the first full stop
    (or ? or !) that ends a sentence; None when that is under MIN_QUERY_WORDS words or is only a
    call signature (`name(args) -> result`, as C functions' docstrings start)."""
    if not docstring:
        return None
    paragraph = re.split(r"\n\s*\n", textwrap.dedent(docstring).strip(), maxsplit=1)[0]
    text = " ".join(paragraph.split())
    if not text or _SIGNATURE_LINE.match(text) or text.startswith((">>>", ":", "..")):
        return None
    for match in _SENTENCE_END.finditer(text):
        head = text[: match.end()]
        if not head.lower().endswith(_ABBREVIATIONS):
            text = head
            break
    text = text[:MAX_QUERY_CHARS].strip()
    return text if len(text.split()) >= MIN_QUERY_WORDS else None


def name_query(name: str) -> str | None:
    """A function's name as words (`getUserByEmail` -> "get user by email"), or None when it has
    fewer than two (a one-word name says little that the body's signature does not)."""
    if name.startswith("__") and name.endswith("__"):
        return None
    words = split_identifier(name)
    return " ".join(words) if len(words) >= 2 else None


def is_test_name(name: str) -> bool:
    return bool(_TEST_NAME.match(name))


def source_lines(text: str) -> list[str]:
    """The lines as Python numbers them (ends kept): split at \\n, \\r\\n and \\r only, not at the
    form feeds and other separators that str.splitlines also splits at."""
    return _LINE.findall(text)


def _is_trivial(statements: Sequence[ast.stmt]) -> bool:
    """Nothing a reader could match a sentence against: no statements, or only placeholders."""
    for statement in statements:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # `...` or a stray string
        if isinstance(statement, ast.Raise) and statement.exc is not None:
            exc = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
            if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                continue
        return False
    return True


def _docstring_statement(node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Expr | None:
    first = node.body[0] if node.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first
    return None


def _alone_on_its_lines(lines: Sequence[str], statement: ast.stmt) -> bool:
    """Whether nothing but blanks comes before the statement on its first line and nothing but
    blanks or a comment after it on its last (ast's columns count UTF-8 bytes)."""
    end_line = statement.end_lineno or statement.lineno
    if end_line > len(lines) or statement.end_col_offset is None:
        return False
    before = lines[statement.lineno - 1].encode("utf-8", errors="surrogatepass")[: statement.col_offset]
    after = lines[end_line - 1].encode("utf-8", errors="surrogatepass")[statement.end_col_offset :].strip()
    return not before.strip() and (not after or after.startswith(b"#"))


def body_without_docstring(lines: Sequence[str], node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The function's source (decorators and signature kept) without its docstring statement,
    dedented; None when the body is trivial or the docstring shares a line with other code
    (`def f(): "Doc."; return 1`), which cannot be cut out by lines."""
    doc = _docstring_statement(node)
    rest = node.body[1:] if doc is not None else node.body
    if _is_trivial(rest):
        return None
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    last = node.end_lineno or node.lineno
    keep = list(range(first, last + 1))
    if doc is not None:
        doc_end = doc.end_lineno or doc.lineno
        if not _alone_on_its_lines(lines, doc):
            return None
        after = doc_end + 1
        while after <= last and after - 1 < len(lines) and not lines[after - 1].strip():
            after += 1  # the blank lines that set the docstring off go with it
        keep = [n for n in keep if not doc.lineno <= n < after]
    text = textwrap.dedent("".join(lines[n - 1] for n in keep if n - 1 < len(lines))).strip("\n")
    return text or None


def python_pairs(repo: str, path: str, text: str) -> list[Pair]:
    """A pair for each function and method of a Python file whose docstring's first sentence says
    enough (see the module docstring); none when the file does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    lines = source_lines(text)
    out: list[Pair] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or is_test_name(node.name):
            continue
        query = first_sentence(ast.get_docstring(node, clean=True))
        if query is None:
            continue
        body = body_without_docstring(lines, node)
        if body is None:
            continue
        line = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        out.append(Pair(query=query, body=body, repo=repo, path=path, name=node.name, line=line))
    out.sort(key=lambda pair: pair.line)
    return out


def _python_body(text: str) -> str | None:
    """A Python symbol's span (dedented) without its docstring; None when trivial or unparsable."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    return body_without_docstring(source_lines(text), node)


def _has_body(text: str) -> bool:
    """More than a signature line: at least two lines that are not blank or a lone brace."""
    return sum(1 for line in text.splitlines() if line.strip() not in ("", "{", "}", "};")) >= 2


def repository_pairs(store: GraphStore, repo_id: str, sources: Iterable[SourceText]) -> list[Pair]:
    """A pair for each function and method of a scanned repository (any language): the graph's
    docstring's first sentence, else the name in words (two or more), with the function's text
    as the scan read it (a Python docstring taken out). Lambdas, test functions and trivial
    bodies are left out."""
    docstrings = {row["id"]: row["docstring"] for row in store.query(_DOCSTRINGS, {"repo": repo_id})}
    out: list[Pair] = []
    for item in symbol_texts(store, repo_id, sources):
        symbol = item.symbol
        if symbol.label != "Function" or symbol.kind == "lambda" or is_test_name(symbol.name):
            continue
        query = first_sentence(docstrings.get(symbol.id)) or name_query(symbol.name)
        if query is None:
            continue
        body = _python_body(item.text) if symbol.language == "python" else item.text
        if body is None or not _has_body(body):
            continue
        out.append(
            Pair(query=query, body=body, repo=repo_id, path=symbol.path, name=symbol.name, line=symbol.start_line)
        )
    return out


def unique_pairs(pairs: Iterable[Pair]) -> list[Pair]:
    """The pairs in order, without any whose query or body (whitespace aside) came before: a
    repeated query or body would be a right answer counted wrong, in training and in ranking."""
    seen_queries: set[str] = set()
    seen_bodies: set[str] = set()
    out: list[Pair] = []
    for pair in pairs:
        query, body = " ".join(pair.query.lower().split()), " ".join(pair.body.split())
        if query in seen_queries or body in seen_bodies:
            continue
        seen_queries.add(query)
        seen_bodies.add(body)
        out.append(pair)
    return out


def _rank(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).hexdigest()


def split_pairs(pairs: Sequence[Pair], held_out: float = 0.2) -> tuple[list[Pair], list[Pair]]:
    """(training, held-out) pairs. Whole groups are held out: repositories when the pairs come from
    two or more, else files, so no repository (or file) is on both sides. Groups are taken in the
    order of the sha256 of their name (the same pairs always split the same way) while the
    held-out side is short of `held_out` of all pairs, passing over a group that would make it
    more than twice that; the smallest group is held out when every group would. At least one
    group is left for training; with a single group nothing is held out."""
    if not 0 < held_out < 1:
        raise ValueError(f"held_out must be between 0 and 1, not {held_out}")
    by_repo = len({pair.repo for pair in pairs}) > 1
    groups: dict[str, list[Pair]] = {}
    for pair in pairs:
        groups.setdefault(pair.repo if by_repo else f"{pair.repo}\0{pair.path}", []).append(pair)
    if len(groups) < 2:
        return list(pairs), []
    target = held_out * len(pairs)
    chosen: set[str] = set()
    count = 0
    for key in sorted(groups, key=_rank):
        if count >= target or len(chosen) == len(groups) - 1:
            break
        if count + len(groups[key]) <= 2 * target:
            chosen.add(key)
            count += len(groups[key])
    if not chosen:
        chosen.add(min(groups, key=lambda key: (len(groups[key]), _rank(key))))
    train = [pair for key, group in groups.items() if key not in chosen for pair in group]
    held = [pair for key, group in groups.items() if key in chosen for pair in group]
    return train, held
