"""Semantic (Type-4) clones: functions that do the same thing in different code, found as
neighbours in embedding space, confirmed on their tokens, and merged into the static finder's
clone classes.

    found = find_semantic_clones(FunctionVectors(functions, vectors), static=report.classes)
    classes = merge_classes(report.classes, found.pairs)
    # [..., CloneClass(type=4, similarity=0.8983, fragments=(
    #     Fragment(path='python/legacy/compat.py', start_line=63, end_line=67, tokens=27),
    #     Fragment(path='python/shop/sequences.py', start_line=117, end_line=130, tokens=92)))]

Neighbours
----------
Every function and method with a vector (classes are no candidates: a class is embedded by its
header and first members, not by what it does) within the size bounds is a row of one matrix per
language family (clones.FAMILIES: a duplicate in another language cannot be extracted into one
function). The bounds: `min_tokens` over `min_lines` lines holding a token (which leaves out
accessors such as `def name(self): return self._name`), and at most `max_tokens` (the encoder
reads the first 256 word pieces, about 150 to 200 code tokens, so two long functions would be
paired on their openings). The `neighbours` nearest rows of each by cosine (an inner product of
the rows, L2-normalised again here) are found exactly, `block` rows at a time against all in one
matrix product, keeping the entries of at least `min_cosine`; a pair is a candidate when either
side is among the other's nearest. The products are symmetric, so only the upper triangle is
computed: 30 000 functions of 384 floats take 10 s, 100 000 about two minutes on the development
machine's two shared cores, a small part of the time embedding them takes.

Confirmation, rule by rule, and why
------------------------------------
The shipped encoder (all-MiniLM-L6-v2) is a sentence model: it reads names, signatures and
vocabulary. It puts `cheapest` next to `mostExpensive` (cosine 0.96 on the fixture) sooner than
next to the `reduce` that does the same (0.71), and on Django its nearest pairs are overrides
of one method in sibling classes and pairs like `from_x`/`to_x`. Each rule below removes a kind
of look-alike seen on the hand-labelled fixture (tests/fixtures/clones/semantic) or in a hand
check of Django's pairs (docs/accuracy.md); a pair is rejected by the first rule it fails:

* nested: a function and one defined inside it (or overlapping it) are one region;
* same_name: two definitions of one name are one interface implemented twice (an override in a
  sibling class, a database backend's version of a hook, a decorator's `wrapper`) or one
  function's overloads; they share their name and signature, which is what the model reads,
  whatever their bodies do (more than half of Django's candidates);
* siblings: two instance methods of one class (a receiver: self, this, a Go receiver; or not
  `static`) share its fields and vocabulary and are its complementary operations (`commit` and
  `close`, `startTest` and `stopTest`): none of 12 such pairs sampled on Django was a duplicate;
* name_variant: names one word apart, sharing a word (`to_current_timezone` and
  `from_current_timezone`, `urlsafe_base64_encode` and `_decode`, `padLeft` and `padRight`,
  `deactivate` and `deactivate_all`) name variants of one operation, not one operation twice;
* trivial: the larger function has fewer than `min_pair_tokens` tokens: two one-liners (a
  property, a forwarding call) leave nothing worth extracting (a one-liner against the loop it
  replaces stays);
* size_ratio: the larger has more than `max_size_ratio` times the tokens of the smaller (a loop
  against a comprehension or a library call is within 4x on the fixture);
* parameters: their counts differ by more than `max_parameter_difference` (self, cls, this not
  counted): calling one in place of the other is what a clone asks for, and needs the same
  arguments;
* result: where both declare a result type (Java, Go, Rust, C, C++, annotated Python and
  TypeScript) they differ; else one returns a value and the other not, or what they evidently
  return differs (a literal, a comparison, a known constructor such as `len(...)` or `[...]`,
  or the first value of the variable returned): `Contains` (bool) against `IndexOf` (int),
  `flatten` (a list) against `nesting_depth` (a number);
* delegation: one calls the other by its name (bare, through self, this or super, or through a
  module or class: `termcolors.parse_color_setting(...)`; a method of a value, `out.sort()`,
  is no such call): a wrapper is alike to what it wraps by construction;
* token_similarity: their normalised tokens (identifiers, strings and numbers as placeholders)
  are at least `max_token_similarity` alike (2 LCS / (n + m), the static Type-3 measure and
  bound). That is copied code, the static finder's business: if it did not report the pair, the
  pair is below its size bounds or the copy changed an operator or a constant and with it the
  behaviour (`sum` and `product`, `<` and `>`: 15 of the fixture's 36 hard negatives);
* static: both functions lie in one static (Type-1/2/3) class, which reports them already;
* not_best: of the pairs left, each function keeps its best `partners` by cosine, and a pair
  stays when it is among the best of either side: a function alike to several (a boilerplate
  shape) is most likely a clone of the nearest.

What is left is what the model and these rules cannot tell apart: same signature, different
code, different behaviour (`mean` and `median`, `cartTotal` and `averagePrice`). docs/accuracy.md has the
figures; with a model fine-tuned on code the same rules apply.

Merging
-------
`merge_classes` groups the confirmed pairs with the static classes by the static grouping's rule
(clones.py): union-find over fragments, fragments of one file overlapping by half of the smaller
being one. A function alike to a fragment of a static class joins that class, which becomes
Type-4 (the loosest pair's type); static classes that no Type-4 pair touches come back unchanged
(two static classes are never merged with each other here). A Type-4 class's `similarity` is
the least cosine among its Type-4 pairs; a merged fragment's `tokens` is the larger of those
merged.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from codeintel.analysis.clones import FAMILIES, CloneClass, DisjointSets, Fragment, lcs_length
from codeintel.analysis.embeddings.symbols import SymbolText
from codeintel.analysis.tokens import LANGUAGES, PLACEHOLDERS, TokenKind, lex


class SemanticConfig(BaseModel):
    """Type-4 settings; the defaults are the ones measured in docs/accuracy.md."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = Field(
        False,
        description="look for Type-4 clones when the repository has embeddings; off by default because on "
        "mature code few of them are real (1 in 20 on Django with the shipped model, docs/accuracy.md) and "
        "a clone finding proposes extracting a shared function",
    )
    min_cosine: float = Field(0.75, ge=-1, le=1, description="least cosine of the two functions' vectors")
    neighbours: int = Field(10, ge=1, le=1000, description="nearest functions considered per function")
    partners: int = Field(1, ge=1, description="confirmed pairs kept per function, its best by cosine")
    min_tokens: int = Field(15, ge=1, description="each function has at least this many tokens")
    min_lines: int = Field(2, ge=1, description="... over at least this many lines holding a token")
    min_pair_tokens: int = Field(30, ge=1, description="the larger function of a pair has at least this many tokens")
    max_tokens: int = Field(400, ge=1, description="longer functions are left out (the encoder reads their start)")
    max_size_ratio: float = Field(4.0, ge=1, description="the larger function has at most this many times the tokens")
    max_token_similarity: float = Field(
        0.85, gt=0, le=1, description="pairs whose normalised tokens are this alike are copies, not Type-4"
    )
    max_parameter_difference: int = Field(0, ge=0, description="parameters one may declare more than the other")
    block: int = Field(1024, ge=1, description="rows per matrix product in the neighbour search (memory-capped)")


@dataclass(frozen=True)
class FunctionVectors:
    """Functions (their symbol and text) and their embeddings: row i of `vectors` is functions[i]'s."""

    functions: list[SymbolText]
    vectors: np.ndarray

    @classmethod
    def empty(cls) -> FunctionVectors:
        return cls([], np.zeros((0, 0), dtype=np.float32))

    def __len__(self) -> int:
        return len(self.functions)


class SemanticPair(NamedTuple):
    a: Fragment
    b: Fragment
    cosine: float
    names: tuple[str, str]
    """The two functions' qualified names."""


class SemanticStats(BaseModel):
    """What a run did: how many functions took part, how many candidate pairs each rule removed."""

    functions: int = 0
    candidates: int = 0
    """Pairs of nearest neighbours at least `min_cosine` alike."""
    rejected: dict[str, int] = Field(default_factory=dict)
    pairs: int = 0
    seconds: dict[str, float] = Field(default_factory=dict)


class SemanticReport(NamedTuple):
    pairs: list[SemanticPair]
    stats: SemanticStats


# ---------------------------------------------------------------- what a function's tokens say

_OPEN, _CLOSE = frozenset("([{"), frozenset(")]}")
_ANGLED = frozenset({"java", "typescript", "rust", "cpp", "c"})
"""Languages whose parameter lists hold `<...>` generics (their commas do not separate parameters)."""
_RECEIVERS = frozenset({"self", "cls", "this"})
_SELVES = _RECEIVERS | {"super"}
_STATIC_WORD = frozenset({"java", "c", "cpp", "javascript", "typescript"})
"""Languages whose methods are instance methods unless declared `static`."""
_MODIFIER_WORDS = """public private protected static final abstract synchronized native strictfp default
inline extern virtual constexpr explicit override friend async export declare"""
_MODIFIERS = frozenset(_MODIFIER_WORDS.split())
_NO_RESULT = frozenset({"", "void", "None", "()"})


class Shape(NamedTuple):
    """What the confirmation rules read of one function, from its tokens."""

    tokens: int
    lines: int
    """Lines holding a token."""
    normal: tuple[str, ...]
    """The tokens normalised as for Type-2 clones ($id, $str, $num)."""
    parameters: int
    """Declared parameters, the receiver (self, cls, this) not counted."""
    instance: bool
    """Whether it works on an instance: a receiver (self, cls, this, a Go receiver), or a method
    not declared `static` (Java, C++, JavaScript, TypeScript)."""
    result: str | None
    """The declared result type as written ("" or "void" for none), None where none is declared."""
    returns: bool
    """Whether it returns a value (from the result type where declared, else from its returns)."""
    kinds: frozenset[str]
    """Where no result type is declared: what its returns evidently return (bool, number, str,
    list, dict, set), from the returned expression or the first value of the returned variable."""
    calls: frozenset[str]
    """Names it calls as functions of the code base (`f(`, `self.f(`, `module.f(`; see _calls)."""


def shape(text: str, language: str, name: str) -> Shape:
    """The shape of one function from its source text (its span, as embedded)."""
    texts, kinds, lines = lex(language, text)
    normal = tuple(PLACEHOLDERS.get(k, t) for t, k in zip(texts, kinds, strict=True))
    at = _name_at(texts, kinds, name, language)
    closing, parameters, instance = _parameters(texts, at, language)
    if language == "go":
        instance = texts[:2] == ["func", "("]
    elif language in _STATIC_WORD:
        instance = "static" not in texts[: max(at, 0)]
    result = _result(texts, at, closing, language)
    evident: frozenset[str] = frozenset()
    if result is not None:
        returns = result not in _NO_RESULT
    else:
        returns = _returns_value(texts, lines, language, closing)
        evident = _returned_kinds(texts, kinds, lines, language, closing)
    calls = _calls(texts, kinds, closing + 1)
    return Shape(len(texts), len(set(lines)), normal, parameters, instance, result, returns, evident, calls)


def _name_at(texts: list[str], kinds: list[TokenKind], name: str, language: str) -> int:
    """Where the function's name is in its header (after `def` in Python), else -1."""
    for i, text in enumerate(texts):
        if text != name or kinds[i] != TokenKind.IDENTIFIER:
            continue
        if language == "python" and (i == 0 or texts[i - 1] != "def"):
            continue
        return i
    return -1


def _parameters(texts: list[str], at: int, language: str) -> tuple[int, int, bool]:
    """(where the parameter list closes, how many parameters it declares, whether the first was
    a receiver: self, cls, this). An arrow function's single bare parameter (`x => ...`) counts one."""
    n = len(texts)
    i = at + 1 if at >= 0 else 0
    while i < n and texts[i] not in ("(", "=>", "{", ":"):
        i += 1
    if i >= n or texts[i] != "(":
        bare = i < n and texts[i] == "=>" and i > 0 and texts[i - 1] not in ("=", ")")
        return i, int(bare), False
    depth = 0
    angled = language in _ANGLED
    j = i
    items: list[list[str]] = [[]]
    while j < n:
        t = texts[j]
        if t in _OPEN or (angled and t == "<"):
            depth += 1
        elif t in _CLOSE or (angled and t == ">"):
            depth -= 1
        elif angled and t == ">>":
            depth -= 2
        if depth == 0:
            break
        if depth == 1 and t == ",":
            items.append([])
        elif not (depth == 1 and t == "("):
            items[-1].append(t)
        j += 1
    kept = [x for x in items if x and x not in (["*"], ["/"])]
    receiver = bool(kept) and _is_receiver(kept[0])
    return j, len(kept) - receiver, receiver


def _is_receiver(item: list[str]) -> bool:
    words = [t for t in item if t not in ("&", "mut", "'")]
    return bool(words) and words[0] in _RECEIVERS


def _result(texts: list[str], at: int, closing: int, language: str) -> str | None:
    """The declared result type as written (tokens joined by spaces), None where none is declared."""
    n = len(texts)
    if language in ("java", "c", "cpp"):
        if at < 0:
            return None
        words = _without_annotations(texts[:at])
        while len(words) >= 2 and words[-1] == "::":  # Class::method
            words = words[:-2]
        return " ".join(w for w in words if w not in _MODIFIERS)
    after = texts[closing + 1 :] if closing < n else []
    if language == "go":
        return " ".join(_until(after, ("{",)))
    if language == "rust":
        return " ".join(_until(after[1:], ("{", "where"))) if after[:1] == ["->"] else ""
    if language == "python" and after[:1] == ["->"]:
        return " ".join(_until(after[1:], (":",)))
    if language == "typescript" and after[:1] == [":"]:
        return " ".join(_until(after[1:], ("{", "=>")))
    return None


def _until(texts: list[str], stops: tuple[str, ...]) -> list[str]:
    """The tokens before the first of `stops` at bracket depth 0."""
    depth = 0
    for i, t in enumerate(texts):
        if depth == 0 and t in stops:
            return texts[:i]
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
    return texts


def _without_annotations(texts: list[str]) -> list[str]:
    """Header tokens less `@Name` and `@Name(...)` annotations."""
    out: list[str] = []
    i = 0
    while i < len(texts):
        if texts[i] == "@" and i + 1 < len(texts):
            i += 2
            while i + 1 < len(texts) and texts[i] == ".":
                i += 2
            if i < len(texts) and texts[i] == "(":
                i += len(_until(texts[i + 1 :], (")",))) + 2
            continue
        out.append(texts[i])
        i += 1
    return out


def _returns_value(texts: list[str], lines: list[int], language: str, closing: int) -> bool:
    """A `return` with a value (a token after it on its line other than `;` or `}`), a `yield`,
    or an arrow function's expression body."""
    n = len(texts)
    if language in ("javascript", "typescript"):
        arrow = closing + 1 if closing < n and texts[closing] == ")" else closing
        if arrow < n and texts[arrow] == "=>" and arrow + 1 < n and texts[arrow + 1] != "{":
            return True
    for i, t in enumerate(texts):
        if t == "yield" and language == "python":
            return True
        if t == "return" and i + 1 < n and lines[i + 1] == lines[i] and texts[i + 1] not in (";", "}"):
            return True
    return False


_BOOLEAN_WORDS = frozenset({"True", "False", "true", "false"})
_COMPARISONS = frozenset({"==", "!=", "===", "!==", "<", ">", "<=", ">=", "in", "is", "instanceof", "not", "!"})
_QUOTES = ("'", '"', "`")
_CONDITIONAL = frozenset({"if", "else", "?", "and", "or", "&&", "||", "??", "lambda", "=>"})
_CALLS_OF_KIND = {
    "python": {
        "number": "len sum int float abs round",
        "str": "str",
        "list": "list sorted",
        "dict": "dict",
        "set": "set frozenset",
        "bool": "bool all any isinstance",
    },
    "javascript": {"str": "String", "number": "Number parseInt parseFloat", "bool": "Boolean"},
}
_CONSTRUCTORS = {
    language: {name: kind for kind, names in table.items() for name in names.split()}
    for language, table in _CALLS_OF_KIND.items()
}
"""Per language, calls whose result is of one kind when they are the whole returned expression."""
_CONSTRUCTORS["typescript"] = _CONSTRUCTORS["javascript"]


def _returned_kinds(
    texts: list[str], kinds: list[TokenKind], lines: list[int], language: str, closing: int
) -> frozenset[str]:
    """The evident kinds of the values returned: each `return` expression (or an arrow
    function's expression body) read by `_kind_of`, a returned variable by its first assignment."""
    n = len(texts)
    assigned: dict[str, list[str]] = {}
    for i in range(1, n - 1):
        target = texts[i - 1]
        plain = kinds[i - 1] == TokenKind.IDENTIFIER and (i < 2 or texts[i - 2] not in (".", "[", ","))
        if texts[i] in ("=", ":=") and plain and target not in assigned:
            assigned[target] = _expression(texts, lines, i + 1, language)
    found: set[str] = set()
    starts = [i + 1 for i, t in enumerate(texts) if t == "return" and i + 1 < n and lines[i + 1] == lines[i]]
    arrow = closing + 1 if closing < n and texts[closing] == ")" else closing
    if language in ("javascript", "typescript") and arrow < n - 1 and texts[arrow] == "=>" and texts[arrow + 1] != "{":
        starts.append(arrow + 1)
    for start in starts:
        expression = _expression(texts, lines, start, language)
        if len(expression) == 1 and expression[0] in assigned:
            expression = assigned[expression[0]]
        kind = _kind_of(expression, language)
        if kind:
            found.add(kind)
    return frozenset(found)


_CONTINUING = frozenset({".", "?.", "+", "-", "*", "/", "&&", "||", "??", "?", ":", "=>", ","})
"""Outside Python an expression goes on to the next line after (or before) one of these."""


def _expression(texts: list[str], lines: list[int], start: int, language: str) -> list[str]:
    """The tokens of the expression starting at `start`: to the line's end (or `;`, or a closing
    bracket of an enclosing group) at bracket depth 0."""
    depth = 0
    end = start
    while end < len(texts):
        t = texts[end]
        if depth == 0 and (t == ";" or t in _CLOSE or (end > start and lines[end] != lines[end - 1])):
            continued = t in _CONTINUING or texts[end - 1] in _CONTINUING
            if t == ";" or t in _CLOSE or language == "python" or not continued:
                break
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
        end += 1
    return texts[start:end]


def _kind_of(expression: list[str], language: str) -> str | None:
    """What an expression evidently is: a literal, a comparison, a call of a known constructor
    spanning the whole expression; None when it does not say (a name, a method call, a sum...)."""
    if not expression:
        return None
    depth = 0
    for t in expression:
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
        elif depth == 0 and t in _CONDITIONAL:
            return None
    first = expression[0]
    if (len(expression) == 1 and first in _BOOLEAN_WORDS) or any(t in _COMPARISONS for t in _top_level(expression)):
        return "bool"
    if expression[-1][:1].isdigit() and (len(expression) == 1 or (len(expression) == 2 and first == "-")):
        return "number"
    if len(expression) == 1 and first[-1:] in _QUOTES:
        return "str"
    group = _group_end(expression, 0 if first in _OPEN else 1)
    if group == len(expression) - 1:
        if first == "[":
            return "list"
        if first == "{":
            return "dict"
        return _CONSTRUCTORS.get(language, {}).get(first)
    if len(expression) >= 4 and first[-1:] in _QUOTES and expression[1:3] == [".", "join"]:
        return "str"
    return None


def _top_level(expression: list[str]) -> list[str]:
    depth = 0
    out = []
    for t in expression:
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
        elif depth == 0:
            out.append(t)
    return out


def _group_end(expression: list[str], at: int) -> int:
    """Where the bracket group opening at `at` closes (-1 when none opens there)."""
    if at >= len(expression) or expression[at] not in _OPEN:
        return -1
    depth = 0
    for i in range(at, len(expression)):
        if expression[i] in _OPEN:
            depth += 1
        elif expression[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return -1


_DOTS = frozenset({".", "?.", "::"})


def _calls(texts: list[str], kinds: list[TokenKind], body: int) -> frozenset[str]:
    """The names the body (from `body` on) calls as functions of the code base: bare (`f(`),
    through the receiver (`self.f(`, `this.f(`, `super().f(`), or through a name the function
    does not bind, a module or a class (`termcolors.parse_color_setting(`); not the methods of
    its values (`out.sort()`, `numbers.stream().sum()`), which are no calls of the other function."""
    bound = {t for t, k in zip(texts[:body], kinds[:body], strict=True) if k == TokenKind.IDENTIFIER}
    for i in range(body, len(texts) - 1):
        if texts[i] in ("=", ":=", "in") and kinds[i - 1] == TokenKind.IDENTIFIER:
            bound.add(texts[i - 1])
        elif texts[i] in ("as", "let", "const", "var") and kinds[i + 1] == TokenKind.IDENTIFIER:
            bound.add(texts[i + 1])
    called: set[str] = set()
    for i in range(max(body, 1), len(texts) - 1):
        if texts[i + 1] != "(" or kinds[i] != TokenKind.IDENTIFIER:
            continue
        if texts[i - 1] not in _DOTS:
            called.add(texts[i])
            continue
        chain = []  # the dotted names before it, nearest first
        k = i - 1
        while k >= 1 and texts[k] in _DOTS and (kinds[k - 1] == TokenKind.IDENTIFIER or texts[k - 1] in _SELVES):
            chain.append(texts[k - 1])
            k -= 2
        if not chain:
            if texts[max(k - 3, 0) : k] == ["super", "(", ")"]:
                called.add(texts[i])
            continue
        if k >= 0 and texts[k] in _DOTS:  # the chain hangs off an expression: `f().a.g(`
            continue
        if (len(chain) == 1 and chain[0] in _SELVES) or chain[-1] not in bound | _SELVES:
            called.add(texts[i])
    return frozenset(called)


# ---------------------------------------------------------------- neighbours


_PRODUCTS = 1 << 25
"""Inner products held at once in the neighbour search (32 M floats: 128 MB)."""


def nearest_pairs(vectors: np.ndarray, neighbours: int, min_cosine: float, block: int = 1024) -> np.ndarray:
    """Rows (i, j) with i < j where j is among i's `neighbours` nearest rows by inner product, or
    i among j's, and their inner product is at least `min_cosine`; with the inner products, as
    an (m, 3) float64 array sorted by i then j.

    Exact, over the upper triangle only (the products are symmetric): `block` rows at a time
    (fewer when a block's products would pass `_PRODUCTS`) against the rows from the block's
    first on. A block keeps the entries of at least `min_cosine` that are among the best
    `neighbours` of their row or of their column within the block, which holds every row's true
    nearest; the best `neighbours` of each row are then chosen among the entries kept."""
    n = len(vectors)
    matrix = np.ascontiguousarray(vectors, dtype=np.float32)
    found: list[np.ndarray] = []
    start = 0
    while start < n:
        stop = min(n, start + max(1, min(block, _PRODUCTS // (n - start))))
        sims = matrix[start:stop] @ matrix[start:].T
        below = np.tril_indices(stop - start)
        sims[below] = -np.inf  # itself, and the pairs its block met before
        rows, cols = np.nonzero(sims >= min_cosine)
        if len(rows):
            values = sims[rows, cols]
            keep = _best_of(rows, cols, values, neighbours) | _best_of(cols, rows, values, neighbours)
            found.append(np.stack([rows[keep] + start, cols[keep] + start, values[keep]], axis=1).astype(np.float64))
        start = stop
    if not found:
        return np.zeros((0, 3), dtype=np.float64)
    pairs = np.concatenate(found)
    i, j = pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64)
    best = _best_of(np.concatenate([i, j]), np.concatenate([j, i]), np.tile(pairs[:, 2], 2), neighbours)
    pairs = pairs[best[: len(pairs)] | best[len(pairs) :]]
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]


def _best_of(owner: np.ndarray, other: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """For entries (owner, other, value): whether each is among its owner's `count` best by value
    (ties: the lower `other` first)."""
    order = np.lexsort((other, -values, owner))
    ranked = owner[order]
    rank = np.arange(len(order)) - np.searchsorted(ranked, ranked)
    best = np.zeros(len(order), dtype=bool)
    best[order] = rank < count
    return best


# ---------------------------------------------------------------- confirmation


class _Function(NamedTuple):
    row: int
    symbol: SymbolText
    shape: Shape

    @property
    def fragment(self) -> Fragment:
        s = self.symbol.symbol
        return Fragment(s.path, s.start_line, s.end_line, self.shape.tokens)


def find_semantic_clones(
    functions: FunctionVectors, config: SemanticConfig | None = None, static: Sequence[CloneClass] = ()
) -> SemanticReport:
    """The confirmed Type-4 pairs among `functions` (see the module docstring), none of them
    already a pair of the `static` classes."""
    config = config or SemanticConfig()
    if len(functions.vectors) != len(functions.functions):
        raise ValueError(f"{len(functions.functions)} functions but {len(functions.vectors)} vectors")
    stats = SemanticStats()
    started = time.perf_counter()
    by_family: dict[str, list[_Function]] = defaultdict(list)
    for row, item in enumerate(functions.functions):
        symbol = item.symbol
        if symbol.label != "Function" or symbol.kind == "lambda" or symbol.language not in LANGUAGES:
            continue
        form = shape(item.text, symbol.language, symbol.name)
        if not (config.min_tokens <= form.tokens <= config.max_tokens and form.lines >= config.min_lines):
            continue
        by_family[FAMILIES[symbol.language]].append(_Function(row, item, form))
    stats.functions = sum(len(members) for members in by_family.values())
    stats.seconds["shapes"] = round(time.perf_counter() - started, 3)
    candidates: list[tuple[_Function, _Function, float]] = []
    for name in sorted(by_family):
        members = by_family[name]
        vectors = functions.vectors[[m.row for m in members]].astype(np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)  # cosines, whatever the scale
        for i, j, cosine in nearest_pairs(vectors, config.neighbours, config.min_cosine, config.block).tolist():
            candidates.append((members[int(i)], members[int(j)], cosine))
    stats.candidates = len(candidates)
    stats.seconds["neighbours"] = round(time.perf_counter() - started - stats.seconds["shapes"], 3)
    static_of = _StaticIndex(static)
    vocabulary: dict[str, int] = {}
    pairs: list[SemanticPair] = []
    for a, b, cosine in candidates:
        why = _rejected(a, b, config, vocabulary) or ("static" if static_of.together(a.fragment, b.fragment) else None)
        if why:
            stats.rejected[why] = stats.rejected.get(why, 0) + 1
            continue
        first, second = sorted([a, b], key=lambda f: f.fragment)
        names = (first.symbol.symbol.qualname, second.symbol.symbol.qualname)
        pairs.append(SemanticPair(first.fragment, second.fragment, round(cosine, 4), names))
    pairs = _best(pairs, config.partners, stats)
    stats.pairs = len(pairs)
    stats.seconds["confirm"] = round(time.perf_counter() - started - sum(stats.seconds.values()), 3)
    return SemanticReport(pairs, stats)


def _best(pairs: list[SemanticPair], partners: int, stats: SemanticStats) -> list[SemanticPair]:
    """The pairs among the best `partners` of either function (by cosine, then position)."""
    ranked: dict[Fragment, list[tuple[float, SemanticPair]]] = defaultdict(list)
    for p in pairs:
        ranked[p.a].append((-p.cosine, p))
        ranked[p.b].append((-p.cosine, p))
    kept: set[SemanticPair] = set()
    for options in ranked.values():
        kept.update(p for _, p in sorted(options)[:partners])
    stats.rejected["not_best"] = len(pairs) - len(kept)
    return sorted(kept)


def _rejected(a: _Function, b: _Function, config: SemanticConfig, vocabulary: dict[str, int]) -> str | None:
    """Why a candidate pair is no Type-4 clone (the first rule it fails), or None."""
    sa, sb = a.symbol.symbol, b.symbol.symbol
    if sa.path == sb.path and sa.start_line <= sb.end_line and sb.start_line <= sa.end_line:
        return "nested"
    if sa.name == sb.name:
        return "same_name"
    if _siblings(a, b):
        return "siblings"
    if _variants(sa.name, sb.name):
        return "name_variant"
    x, y = a.shape, b.shape
    if max(x.tokens, y.tokens) < config.min_pair_tokens:
        return "trivial"
    if max(x.tokens, y.tokens) > config.max_size_ratio * min(x.tokens, y.tokens):
        return "size_ratio"
    if abs(x.parameters - y.parameters) > config.max_parameter_difference:
        return "parameters"
    if x.result is not None and y.result is not None:
        if x.result != y.result and not (x.result in _NO_RESULT and y.result in _NO_RESULT):
            return "result"
    elif x.returns != y.returns or (x.kinds and y.kinds and not x.kinds & y.kinds):
        return "result"
    if sa.name in y.calls or sb.name in x.calls:
        return "delegation"
    if _token_similarity(x.normal, y.normal, config.max_token_similarity, vocabulary) >= config.max_token_similarity:
        return "token_similarity"
    return None


def _siblings(a: _Function, b: _Function) -> bool:
    """Two instance methods of one class."""
    sa, sb = a.symbol.symbol, b.symbol.symbol
    parent_a, _, _ = sa.qualname.rpartition(".")
    parent_b, _, _ = sb.qualname.rpartition(".")
    return (
        sa.path == sb.path
        and bool(parent_a)
        and parent_a == parent_b
        and sa.kind == sb.kind == "method"
        and a.shape.instance
        and b.shape.instance
    )


_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def name_words(name: str) -> list[str]:
    """The words of an identifier, lower-cased: `parseHTTPDate_v2` -> parse, http, date, v, 2."""
    return [w.lower() for w in _WORD.findall(name)]


def _variants(a: str, b: str) -> bool:
    """Whether two names sharing a word are one word apart: one substituted (`to_local` and
    `from_local`, `lpad` is one word), added or removed (`deactivate`, `deactivate_all`)."""
    x, y = name_words(a), name_words(b)
    if not set(x) & set(y):
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y, strict=True)) == 1
    short, long = (x, y) if len(x) < len(y) else (y, x)
    return len(long) == len(short) + 1 and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _token_similarity(a: Sequence[str], b: Sequence[str], bound: float, vocabulary: dict[str, int]) -> float:
    """2 LCS / (n + m) of two token sequences; any value below `bound` when the bags of tokens
    already show that LCS cannot reach it."""
    shared = sum((Counter(a) & Counter(b)).values())
    if 2 * shared < bound * (len(a) + len(b)):
        return 2 * shared / (len(a) + len(b))
    codes_a = [vocabulary.setdefault(t, len(vocabulary)) for t in a]
    codes_b = [vocabulary.setdefault(t, len(vocabulary)) for t in b]
    return 2 * lcs_length(codes_a, codes_b) / (len(a) + len(b))


# ---------------------------------------------------------------- merging with the static classes


def _overlap(x: Fragment, y: Fragment) -> bool:
    """Same file, overlapping by at least half of the smaller (the static grouping's rule, in lines)."""
    if x.path != y.path:
        return False
    shared = min(x.end_line, y.end_line) - max(x.start_line, y.start_line) + 1
    return shared > 0 and 2 * shared >= min(x.lines, y.lines)


class _StaticIndex:
    """The static classes' fragments by file, to find the classes a fragment belongs to."""

    def __init__(self, classes: Sequence[CloneClass]) -> None:
        self.by_path: dict[str, list[tuple[Fragment, int]]] = defaultdict(list)
        for k, clone in enumerate(classes):
            for f in clone.fragments:
                self.by_path[f.path].append((f, k))

    def classes_of(self, fragment: Fragment) -> set[int]:
        return {k for f, k in self.by_path.get(fragment.path, ()) if _overlap(f, fragment)}

    def together(self, a: Fragment, b: Fragment) -> bool:
        return bool(self.classes_of(a) & self.classes_of(b))


def merge_classes(static: Sequence[CloneClass], pairs: Sequence[SemanticPair]) -> list[CloneClass]:
    """The static classes with the Type-4 pairs grouped in (see the module docstring), sorted as
    detect_clones sorts (type, longest first, fragments)."""
    if not pairs:
        return list(static)
    index = _StaticIndex(static)
    fragments = sorted({f for p in pairs for f in (p.a, p.b)})
    node_of = {f: len(static) + k for k, f in enumerate(fragments)}
    sets = DisjointSets(len(static) + len(fragments))
    find, union = sets.find, sets.union
    for p in pairs:
        union(node_of[p.a], node_of[p.b])
    by_path: dict[str, list[Fragment]] = defaultdict(list)
    for f in fragments:
        by_path[f.path].append(f)
        for k in index.classes_of(f):
            union(node_of[f], k)
    for same_file in by_path.values():
        for i, x in enumerate(same_file):
            for y in same_file[i + 1 :]:
                if _overlap(x, y):
                    union(node_of[x], node_of[y])
    cosine: dict[int, float] = {}
    for p in pairs:
        root = find(node_of[p.a])
        cosine[root] = min(cosine.get(root, 1.0), p.cosine)
    members: dict[int, list[Fragment]] = defaultdict(list)
    classes = []
    for k, clone in enumerate(static):
        if find(k) in cosine:
            members[find(k)].extend(clone.fragments)
        else:
            classes.append(clone)
    for f in fragments:
        members[find(node_of[f])].append(f)
    for root, found in members.items():
        merged = _merged(found)
        if len(merged) >= 2:
            classes.append(CloneClass(type=4, similarity=cosine[root], fragments=tuple(merged)))
    classes.sort(key=lambda c: (c.type, -c.tokens, c.fragments))
    return classes


def _merged(fragments: list[Fragment]) -> list[Fragment]:
    """Per file, the union of overlapping fragments (their tokens: the larger's)."""
    out: list[Fragment] = []
    for f in sorted(set(fragments)):
        last = out[-1] if out else None
        if last is not None and last.path == f.path and f.start_line <= last.end_line:
            out[-1] = Fragment(f.path, last.start_line, max(last.end_line, f.end_line), max(last.tokens, f.tokens))
        else:
            out.append(f)
    return out
