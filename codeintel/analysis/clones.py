"""Clone detection on tokens: Type-1, Type-2 and Type-3 clones, grouped into clone classes.

    classes = find_clones([SourceText("a.py", "python", text_a), SourceText("b.py", "python", text_b)])
    # [CloneClass(type=2, similarity=1.0, fragments=(Fragment(path='a.py', start_line=6, end_line=21,
    #             tokens=142), Fragment(path='b.py', start_line=9, end_line=24, tokens=142)))]

Types (Roy and Cordy's taxonomy, on tokens: comments and layout never count)
---------------------------------------------------------------------------
1. the same token text;
2. the same after normalisation (every identifier `$id`, every string `$str`, every number
   `$num`: tokens.py), the identifiers renamed consistently;
3. copied and edited: statements added, removed or changed, at least `similarity` alike.
(Type-4, the same behaviour in different code, is found on embeddings by semantic_clones.py
and merged into these classes there.)

A clone is at least `min_tokens` tokens (100) over at least `min_lines` lines holding a token
(10), SonarQube's defaults, on both sides. Import, package, `use` and `#include` statements are
left out of the token streams (SonarQube does so for Java): import lists look alike everywhere.
Files are compared within their language family only: C with C++ (they share headers),
JavaScript with TypeScript, every other language alone.

Type-1 and Type-2: exact matching, as CPD and jscpd do
-------------------------------------------------------
A polynomial rolling hash over every window of `min_tokens` normalised tokens (numpy, all files
of a family at once). Each window whose hash occurred before is paired with that previous
occurrence; consecutive windows paired with consecutive windows make one match, which is then
grown both ways while the normalised tokens agree (this carries it through a stretch that
repeats itself inside a copy) and compared token by token (hashes are not trusted). Two copies
in one file are cut where the second begins, so a table repeating itself is no clone of itself.
The match's longest stretch of identical tokens is Type-1 when it is a clone by itself (the code
after a copied function often has the same shape, and should not make the copy Type-2); the rest,
or all of it, is Type-2 when its renaming is consistent: as in Baker's parameterised matching,
each identifier is encoded as the distance back to its previous occurrence, and at least
`renaming` (0.8) of them must encode alike on both sides. That is what separates a renamed copy
from unrelated code of the same shape (two lists of `x.add(y, z)` calls over different names).

Type-3: near-miss, on function-sized fragments
----------------------------------------------
The fragments are blocks found on the tokens: in brace languages each balanced `{...}` with its
header (back to the statement start: the previous `;`, `{` or `}`, or the last line start at the
same nesting), in Python each `def` and compound statement with its indented suite. Nested blocks
are fragments too (a loop duplicated inside two different functions is found); containers are
not (a class, struct, interface, impl or namespace body: the functions inside them are compared
instead, and whole copied classes are exact clones). Blocks of `min_tokens` to
`max_fragment_tokens` tokens and `min_lines` lines get a MinHash signature (`permutations` values)
of their bag of normalised `shingle_size`-grams, banded for LSH (`bands` bands of
permutations / bands rows: with 16 x 4, pairs of Jaccard 0.7 become candidates with probability
0.99, of 0.5 with 0.64, of 0.3 with 0.12). An LSH bucket of more than `max_bucket` blocks
(boilerplate shapes) is skipped. Each candidate pair is verified exactly:
  * similarity = 2 LCS / (n + m) on the normalised tokens (bit-parallel LCS) >= `similarity`
    (0.85), after a cheap bound on the bags of tokens;
  * the identifiers aligned by that LCS renamed consistently (>= `renaming`, as for Type-2);
  * not already reported: the two blocks are not both covered (80 % of their tokens) by one
    exact clone class, and not both inside the blocks of another near-miss pair.
An exact match lying (80 %) inside a near-miss pair is reported as that near-miss pair.

Classes
-------
Union-find over the pairs' fragments, fragments of one file overlapping by half of the smaller
being one; a class lists per file the union of its fragments and has the type of its loosest
pair (a copy and a renamed copy of one function make a Type-2 class of three) and, for Type-3,
the least similarity among its pairs. Output order is deterministic (type, longest first, path,
line) and does not depend on the order of the input.

Cost: numpy over whole token arrays, with Python loops only per reported match, per brace and per
Type-3 candidate; a million lines take well under a minute on two cores (benchmarks/clones.py).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from codeintel.analysis.tokens import LANGUAGES, PLACEHOLDERS, TokenKind, lex, token_hash

FAMILIES: dict[str, str] = {
    "python": "python",
    "javascript": "javascript",
    "typescript": "javascript",
    "java": "java",
    "go": "go",
    "rust": "rust",
    "c": "c",
    "cpp": "c",
}
"""Languages compared with one another: C with C++ (headers are shared), JavaScript with TypeScript."""
assert set(FAMILIES) == LANGUAGES


class SourceText(NamedTuple):
    path: str
    language: str
    """One of tokens.LANGUAGES."""
    text: str


class CloneConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min_tokens: int = Field(100, ge=20, description="a clone is at least this many tokens (SonarQube: 100)")
    min_lines: int = Field(10, ge=1, description="... over at least this many lines holding a token (SonarQube: 10)")
    renaming: float = Field(
        0.8, ge=0, le=1, description="Type-2 and 3: share of identifiers whose renaming must be consistent"
    )
    near_miss: bool = Field(True, description="look for Type-3 clones too")
    similarity: float = Field(
        0.85, gt=0, le=1, description="Type-3: least 2 LCS / (n + m) of the two blocks' normalised tokens"
    )
    shingle_size: int = Field(3, ge=1, le=50, description="Type-3: normalised tokens per shingle (MinHash)")
    permutations: int = Field(64, ge=4, le=1024, description="Type-3: MinHash signature length")
    bands: int = Field(16, ge=1, description="Type-3: LSH bands; rows per band = permutations / bands")
    max_fragment_tokens: int = Field(4000, ge=20, description="Type-3: larger blocks are not compared as a whole")
    max_bucket: int = Field(50, ge=2, description="Type-3: an LSH bucket with more blocks is not paired")
    max_pairs: int = Field(
        500_000, ge=1, description="guard: at most this many exact matches and this many Type-3 candidates"
    )
    ignore_imports: bool = Field(True, description="leave import/package/use/#include statements out")

    @model_validator(mode="after")
    def _bands_divide(self) -> CloneConfig:
        if self.permutations % self.bands:
            raise ValueError(f"bands ({self.bands}) must divide permutations ({self.permutations})")
        return self


class Fragment(NamedTuple):
    path: str
    start_line: int
    end_line: int
    tokens: int

    @property
    def lines(self) -> int:
        return self.end_line - self.start_line + 1


class CloneClass(BaseModel):
    """Fragments that are clones of one another: `type` 1, 2 or 3 (see the module docstring), or
    4 when semantic_clones.py merged Type-4 pairs in, the loosest of its pairs'; `similarity` 1.0
    for Type-1 and 2, the least 2 LCS / (n + m) among its pairs for Type-3, and the least cosine
    of its Type-4 pairs for Type-4."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: Literal[1, 2, 3, 4]
    similarity: float
    fragments: tuple[Fragment, ...]

    @property
    def tokens(self) -> int:
        return max(f.tokens for f in self.fragments)


class CloneStats(BaseModel):
    """What a run did, for benchmarks and for telling a truncated answer from a complete one."""

    files: int = 0
    tokens: int = 0
    seconds: dict[str, float] = Field(default_factory=dict)
    exact_matches: int = 0
    blocks: int = 0
    candidates: int = 0
    near_miss_pairs: int = 0
    skipped_buckets: int = 0
    truncated: bool = False
    """True when `max_pairs` cut the work short: the classes found are right, some may be missing."""


class CloneReport(NamedTuple):
    classes: list[CloneClass]
    stats: CloneStats


# ---------------------------------------------------------------- token streams

_ID, _STR, _NUM = (token_hash(PLACEHOLDERS[k]) for k in (TokenKind.IDENTIFIER, TokenKind.STRING, TokenKind.NUMBER))
_H = {text: token_hash(text) for text in ["(", "[", "{", ")", "]", "}", ";"]}
_OPEN = np.array([_H["("], _H["["], _H["{"]], dtype=np.uint64)
_CLOSE = np.array([_H[")"], _H["]"], _H["}"]], dtype=np.uint64)
_hash_cache: dict[str, int] = {}

_IMPORT_STARTERS = {
    "python": {"import", "from"},
    "java": {"import", "package"},
    "javascript": {"import"},
    "typescript": {"import"},
    "go": {"import", "package"},
    "rust": {"use"},
    "c": {"#"},
    "cpp": {"#", "using"},
}
_PYTHON_BLOCKS = {"def", "if", "for", "while", "with", "try", "async"}
_CONTAINER_WORDS = "class struct interface enum impl trait namespace union record extern mod"
_CONTAINERS = frozenset(token_hash(w) for w in _CONTAINER_WORDS.split())
"""A brace block whose header holds one of these after its last `)` (`class A(B) {`, not
`struct t *f(struct t *x) {`) is a container: a class body, impl, namespace... It is not a
Type-3 fragment as a whole; the functions inside it are."""


class TokenStream(NamedTuple):
    """One file's tokens as arrays (what detection works on; pickles cheaply between processes)."""

    path: str
    language: str
    normal: np.ndarray
    """uint64: token_hash of each token's normal form ($id, $str, $num, or the text)."""
    exact: np.ndarray
    """uint64: token_hash of each token's text."""
    lines: np.ndarray
    """int32: the line of each token."""
    indents: np.ndarray
    """int32, Python only: the indentation of each token's line (Python blocks end by it)."""


def _hash(text: str) -> int:
    value = _hash_cache.get(text)
    if value is None:
        if len(_hash_cache) > 1_000_000:
            _hash_cache.clear()
        value = _hash_cache[text] = token_hash(text)
    return value


def token_stream(source: SourceText, ignore_imports: bool = True) -> TokenStream:
    """Tokenise one file into arrays (import statements left out unless `ignore_imports` is False)."""
    texts, kinds, lines = lex(source.language, source.text)
    vocabulary: dict[str, int] = {}
    local = np.fromiter((vocabulary.setdefault(t, len(vocabulary)) for t in texts), dtype=np.int64, count=len(texts))
    unique = list(vocabulary)
    kind_of = dict(zip(texts, kinds, strict=True))
    exact_table = np.array([_hash(t) for t in unique], dtype=np.uint64)
    placeholders = {TokenKind.IDENTIFIER: _ID, TokenKind.STRING: _STR, TokenKind.NUMBER: _NUM}
    normal_table = np.array(
        [placeholders.get(kind_of[t], h) for t, h in zip(unique, exact_table.tolist(), strict=True)], dtype=np.uint64
    )
    exact, normal = exact_table[local], normal_table[local]
    line_array = np.array(lines, dtype=np.int32)
    if ignore_imports and texts:
        keep = _outside_imports(source.language, texts, normal, line_array)
        if not keep.all():
            exact, normal, line_array = exact[keep], normal[keep], line_array[keep]
    indents = np.zeros(0, dtype=np.int32)
    if source.language == "python" and len(line_array):
        per_line = [len(s) - len(s.lstrip(" \t")) for s in source.text.split("\n")]
        indents = np.array(per_line, dtype=np.int32)[line_array - 1]
    return TokenStream(source.path, source.language, normal, exact, line_array, indents)


def _depths(normal: np.ndarray) -> np.ndarray:
    """The bracket depth before each token."""
    step = np.isin(normal, _OPEN).astype(np.int32) - np.isin(normal, _CLOSE).astype(np.int32)
    return np.cumsum(step) - step


def _line_first(lines: np.ndarray) -> np.ndarray:
    first = np.ones(len(lines), dtype=bool)
    first[1:] = lines[1:] != lines[:-1]
    return first


def _outside_imports(language: str, texts: list[str], normal: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """False for the tokens of import statements: from a starter at a line start (`pub use` too)
    to the `;` or the line end at the same bracket depth."""
    keep = np.ones(len(texts), dtype=bool)
    starters = _IMPORT_STARTERS[language]
    first = _line_first(lines)
    depth: list[int] | None = None
    line_of: list[int] = []
    n = len(texts)
    for i in np.flatnonzero(first).tolist():
        start = i
        word = texts[i]
        if word == "pub" and i + 1 < n and texts[i + 1] == "use":
            word = "use"
        if word not in starters:
            continue
        if word == "#" and (i + 1 >= n or texts[i + 1] not in ("include", "import")):
            continue
        if depth is None:
            depth, line_of = _depths(normal).tolist(), lines.tolist()
        base = depth[start]
        j = start
        while j < n:
            after = depth[j + 1] if j + 1 < n else base
            if after == base and (texts[j] == ";" or j + 1 == n or line_of[j + 1] != line_of[j]):
                break
            j += 1
        keep[start : j + 1] = False
    return keep


# ---------------------------------------------------------------- the whole of one family


class _Family:
    """The streams of one language family laid end to end."""

    def __init__(self, streams: Sequence[TokenStream]) -> None:
        self.paths = [s.path for s in streams]
        self.languages = [s.language for s in streams]
        sizes = np.array([len(s.normal) for s in streams], dtype=np.int64)
        self.starts = np.zeros(len(streams) + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.starts[1:])
        self.normal = np.concatenate([s.normal for s in streams])
        self.exact = np.concatenate([s.exact for s in streams])
        self.lines = np.concatenate([s.lines for s in streams])
        self.file_of = np.repeat(np.arange(len(streams), dtype=np.int32), sizes)
        first = np.ones(len(self.lines), dtype=bool)
        first[1:] = self.lines[1:] != self.lines[:-1]
        first[self.starts[:-1][sizes > 0]] = True
        self.line_first = first
        self.line_count = np.cumsum(first)  # lines holding a token, up to and including each token
        self.streams = streams

    def __len__(self) -> int:
        return len(self.normal)

    def lines_of(self, start: np.ndarray | int, length: np.ndarray | int) -> np.ndarray | int:
        """Lines holding a token in [start, start + length)."""
        return self.line_count[start + length - 1] - self.line_count[start] + 1

    def fragment(self, start: int, length: int) -> Fragment:
        f = int(self.file_of[start])
        return Fragment(self.paths[f], int(self.lines[start]), int(self.lines[start + length - 1]), int(length))


def _window_hashes(values: np.ndarray, width: int, seed: int) -> np.ndarray:
    """Polynomial hash mod 2^64 of every window of `width` values: h[i] = sum values[i+k] B^k."""
    n = len(values)
    rng = np.random.default_rng(seed)
    base = int(rng.integers(1 << 62)) * 2 + 1  # odd: invertible mod 2^64
    powers = np.full(n, base, dtype=np.uint64)
    powers[0] = 1
    np.cumprod(powers, out=powers)
    inverse = np.full(n, pow(base, -1, 1 << 64), dtype=np.uint64)
    inverse[0] = 1
    np.cumprod(inverse, out=inverse)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(values * powers, out=prefix[1:])
    count = n - width + 1
    return (prefix[width:] - prefix[:count]) * inverse[:count]


def _inside_one_file(family: _Family, width: int) -> np.ndarray:
    """Start positions of the windows of `width` tokens that do not cross a file boundary."""
    count = len(family) - width + 1
    positions = np.arange(count, dtype=np.int64)
    ends = family.starts[1:][family.file_of[:count]]
    return positions[positions + width <= ends]


# ---------------------------------------------------------------- Type-1 and Type-2


class _Pair(NamedTuple):
    a: int
    b: int
    length_a: int
    length_b: int
    type: int
    similarity: float


def _previous_distance(values: np.ndarray) -> np.ndarray:
    """For each value, how many places back it occurred last (0: not before): Baker's prev()."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    repeat = np.zeros(len(values), dtype=bool)
    repeat[1:] = ordered[1:] == ordered[:-1]
    distance = np.zeros(len(values), dtype=np.int64)
    distance[order[repeat]] = order[repeat] - order[np.flatnonzero(repeat) - 1]
    return distance


def renaming_consistency(a: np.ndarray, b: np.ndarray) -> float:
    """How consistently the identifiers `a` were renamed into `b` (same length): the share of
    places where both sides' identifier last occurred equally far back. 1.0 is a parameterised
    match (a one-to-one renaming); unrelated names in the same token shape score far lower."""
    if len(a) == 0:
        return 1.0
    return float(np.mean(_previous_distance(a) == _previous_distance(b)))


def _exact_pairs(family: _Family, config: CloneConfig, stats: CloneStats) -> list[_Pair]:
    width = config.min_tokens
    if len(family) < width:
        return []
    windows = _inside_one_file(family, width)
    hashes = _window_hashes(family.normal, width, seed=1)[windows]
    order = np.argsort(hashes, kind="stable")  # equal hashes keep position order: the first is the earliest
    ordered = hashes[order]
    positions = windows[order]
    repeat = np.zeros(len(order), dtype=bool)
    repeat[1:] = ordered[1:] == ordered[:-1]
    if not repeat.any():
        return []
    later, first = positions[repeat], positions[np.flatnonzero(repeat) - 1]  # each with the occurrence before it
    by_position = np.argsort(later)
    later, first = later[by_position], first[by_position]
    new_run = np.ones(len(later), dtype=bool)
    new_run[1:] = (later[1:] != later[:-1] + 1) | (first[1:] != first[:-1] + 1)
    run_starts = np.flatnonzero(new_run)
    run_windows = np.diff(np.append(run_starts, len(later)))
    a, b = first[run_starts], later[run_starts]
    length = run_windows + width - 1
    same_file = family.file_of[a] == family.file_of[b]
    length = np.where(same_file, np.minimum(length, b - a), length)  # copies in one file may not overlap
    keep = length >= width
    keep &= (family.lines_of(a, length) >= config.min_lines) & (family.lines_of(b, length) >= config.min_lines)
    a, b, length = a[keep], b[keep], length[keep]
    if len(a) > config.max_pairs:
        stats.truncated = True
        longest = np.argsort(-length, kind="stable")[: config.max_pairs]
        a, b, length = a[longest], b[longest], length[longest]
    matches = set()
    for x, y, n in zip(a.tolist(), b.tolist(), length.tolist(), strict=True):
        if np.array_equal(family.normal[x : x + n], family.normal[y : y + n]):  # else a hash collision
            matches.add(_extended(family, x, y, n))
    pairs = [p for x, y, n in sorted(matches) for p in _typed(family, config, x, y, n)]
    pairs = _outermost(family, pairs)
    stats.exact_matches = len(pairs)
    return pairs


def _extended(family: _Family, x: int, y: int, n: int) -> tuple[int, int, int]:
    """The match of n tokens at x and y (x < y) grown both ways while the normalised tokens agree,
    within their files and without the two overlapping. Runs of windows stop where a window's
    previous occurrence is not the other copy (a stretch repeating itself inside a copy); this
    carries the match on through such a stretch."""
    normal = family.normal
    same_file = family.file_of[x] == family.file_of[y]
    x_begin, x_end = (int(v) for v in family.starts[family.file_of[x] : family.file_of[x] + 2])
    y_begin, y_end = (int(v) for v in family.starts[family.file_of[y] : family.file_of[y] + 2])
    forward = _agreeing(normal, x + n, y + n, min(y if same_file else x_end, x_end) - (x + n), y_end - (y + n), 1)
    n += forward
    backward = _agreeing(normal, x - 1, y - 1, x - x_begin, y - max(y_begin, x + n if same_file else y_begin), -1)
    return x - backward, y - backward, n + backward


def _agreeing(normal: np.ndarray, i: int, j: int, room_i: int, room_j: int, step: int) -> int:
    """How many tokens agree from i and j on, going `step` (1 or -1), within the room each has."""
    room = max(0, min(room_i, room_j))
    done = 0
    while done < room:
        size = min(256, room - done)
        if step > 0:
            agree = normal[i + done : i + done + size] == normal[j + done : j + done + size]
        else:
            agree = normal[i - done - size + 1 : i - done + 1][::-1] == normal[j - done - size + 1 : j - done + 1][::-1]
        if not agree.all():
            return done + int(np.argmin(agree))
        done += size
    return done


def _typed(family: _Family, config: CloneConfig, x: int, y: int, n: int) -> list[_Pair]:
    """A normalised match of n tokens at x and y as Type-1 and Type-2 pairs: its longest stretch of
    identical tokens is Type-1 if it is a clone by itself (a copy whose match runs on into code of
    the same shape), the rest on either side Type-2 if it is one; all of it Type-2 otherwise. A
    Type-2 stretch must rename its identifiers consistently."""
    same = family.exact[x : x + n] == family.exact[y : y + n]
    start, stop = _longest_run(same)
    if not _big_enough(family, config, x + start, y + start, stop - start):
        start = stop = 0
    pieces = [(0, start, 2), (start, stop, 1), (stop, n, 2)] if stop > start else [(0, n, 2)]
    pairs = []
    for begin, end, kind in pieces:
        size = end - begin
        if not size or (kind == 2 and not _big_enough(family, config, x + begin, y + begin, size)):
            continue
        if kind == 2:
            names = family.normal[x + begin : x + end] == _ID
            a_names = family.exact[x + begin : x + end][names]
            if renaming_consistency(a_names, family.exact[y + begin : y + end][names]) < config.renaming:
                continue
        pairs.append(_Pair(x + begin, y + begin, size, size, kind, 1.0))
    return pairs


def _big_enough(family: _Family, config: CloneConfig, x: int, y: int, n: int) -> bool:
    return n >= config.min_tokens and min(family.lines_of(x, n), family.lines_of(y, n)) >= config.min_lines


def _longest_run(flags: np.ndarray) -> tuple[int, int]:
    """[start, stop) of the longest run of True."""
    edges = np.flatnonzero(np.diff(np.concatenate([[False], flags, [False]]).astype(np.int8)))
    starts, stops = edges[::2], edges[1::2]
    if not len(starts):
        return 0, 0
    k = int(np.argmax(stops - starts))
    return int(starts[k]), int(stops[k])


# ---------------------------------------------------------------- Type-3


def _blocks(family: _Family, config: CloneConfig) -> np.ndarray:
    """[start, end) token ranges of the family's blocks within the size limits, sorted."""
    found: list[tuple[int, int]] = []
    for f, stream in enumerate(family.streams):
        offset = int(family.starts[f])
        if len(stream.normal) < config.min_tokens:
            continue
        python = stream.language == "python"
        spans = _python_blocks(stream) if python else _brace_blocks(stream, config.min_tokens // 2)
        found.extend((offset + s, offset + e) for s, e in spans)
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    blocks = np.array(sorted(set(found)), dtype=np.int64)
    size = blocks[:, 1] - blocks[:, 0]
    keep = (size >= config.min_tokens) & (size <= config.max_fragment_tokens)
    keep &= family.lines_of(blocks[:, 0], size) >= config.min_lines
    return blocks[keep]


def _brace_blocks(stream: TokenStream, min_body: int) -> list[tuple[int, int]]:
    normal, lines = stream.normal, stream.lines
    braces = np.flatnonzero((normal == _H["{"]) | (normal == _H["}"]))
    separators = np.flatnonzero((normal == _H[";"]) | (normal == _H["{"]) | (normal == _H["}"]))
    spans = []
    stack: list[int] = []
    opening = _H["{"]
    for i, value in zip(braces.tolist(), normal[braces].tolist(), strict=True):
        if value == opening:
            stack.append(i)
        elif stack:
            spans.append((stack.pop(), i + 1))
    spans = [(s, e) for s, e in spans if e - s >= min_body]
    if not spans:
        return []
    depth = _depths(normal).tolist()
    first = _line_first(lines).tolist()
    header = normal.tolist()
    previous = np.searchsorted(separators, [s for s, _ in spans]) - 1
    result = []
    for (open_at, end), k in zip(spans, previous.tolist(), strict=True):
        start = int(separators[k]) + 1 if k >= 0 else 0
        level = depth[open_at]
        j = open_at - 1
        while j > start and not (first[j] and depth[j] == level):
            j -= 1
        start = max(start, j)
        if not _container(header[start:open_at], depth[start:open_at], level):
            result.append((start, end))
    return result


def _container(header: list[int], depth: list[int], level: int) -> bool:
    """Whether a block header opens a container: a container word after the last `)`, at the block's depth."""
    last_word, last_paren = -1, -1
    for k, (value, d) in enumerate(zip(header, depth, strict=True)):
        if d == level:
            if value in _CONTAINERS:
                last_word = k
            elif value == _H[")"]:
                last_paren = k
    return last_word > last_paren


def _python_blocks(stream: TokenStream) -> list[tuple[int, int]]:
    """A compound statement (def, class, if, for...) at a line start runs to the next line start
    at bracket depth 0 indented no deeper."""
    depth = _depths(stream.normal)
    heads = np.flatnonzero(_line_first(stream.lines) & (depth == 0))
    indents = stream.indents[heads].tolist()
    openers = {_hash(word) for word in _PYTHON_BLOCKS}
    is_opener = [h in openers for h in stream.normal[heads].tolist()]
    ends = [len(stream.normal)] * len(heads)
    stack: list[int] = []
    for k, indent in enumerate(indents):
        while stack and indents[stack[-1]] >= indent:
            ends[stack.pop()] = int(heads[k])
        stack.append(k)
    return [(int(heads[k]), ends[k]) for k in range(len(heads)) if is_opener[k]]


def _signatures(shingles: list[np.ndarray], permutations: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    multipliers = rng.integers(1, 1 << 63, size=permutations, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    increments = rng.integers(0, 1 << 63, size=permutations, dtype=np.uint64)
    result = np.empty((len(shingles), permutations), dtype=np.uint64)
    for k, values in enumerate(shingles):
        result[k] = (np.multiply.outer(multipliers, values) + increments[:, None]).min(axis=1)
    return result


def _bag(values: np.ndarray) -> np.ndarray:
    """The values made unique by their occurrence number, so a set of them is the bag: sorted."""
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered
    run = np.ones(len(ordered), dtype=bool)
    run[1:] = ordered[1:] != ordered[:-1]
    occurrence = np.arange(len(ordered)) - np.maximum.accumulate(np.where(run, np.arange(len(ordered)), 0))
    mixed = ordered ^ (occurrence.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    return np.unique(mixed)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


def _candidates(signatures: np.ndarray, config: CloneConfig, stats: CloneStats) -> np.ndarray:
    """Pairs (i < j) of blocks sharing at least one LSH band bucket."""
    rows = config.permutations // config.bands
    mixers = np.random.default_rng(11).integers(1, 1 << 63, size=rows, dtype=np.uint64)
    found = []
    for band in range(config.bands):
        keys = (signatures[:, band * rows : (band + 1) * rows] * mixers).sum(axis=1)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        group_starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
        group_sizes = np.diff(np.append(group_starts, len(ordered)))
        shared = group_sizes >= 2
        stats.skipped_buckets += int(np.count_nonzero(group_sizes > config.max_bucket))
        two = group_starts[group_sizes == 2]
        found.append(np.stack([order[two], order[two + 1]], axis=1))
        larger = shared & (group_sizes > 2) & (group_sizes <= config.max_bucket)
        for start, size in zip(group_starts[larger].tolist(), group_sizes[larger].tolist(), strict=True):
            group = order[start : start + size]
            i, j = np.triu_indices(size, k=1)
            found.append(np.stack([group[i], group[j]], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(found), axis=1)
    return np.unique(pairs, axis=0)


def _near_miss_pairs(
    family: _Family, config: CloneConfig, exact: list[_Pair], stats: CloneStats, clock: _Clock
) -> list[_Pair]:
    blocks = _blocks(family, config)
    stats.blocks += len(blocks)
    clock.stop("blocks")
    if len(blocks) < 2:
        return []
    width = config.shingle_size
    shingles = _window_hashes(family.normal, width, seed=3)
    signatures = _signatures([_bag(shingles[s : e - width + 1]) for s, e in blocks.tolist()], config.permutations)
    clock.stop("minhash")
    candidates = _candidates(signatures, config, stats)
    clock.stop("lsh")
    if len(candidates) > config.max_pairs:
        stats.truncated = True
        candidates = candidates[: config.max_pairs]
    stats.candidates += len(candidates)
    candidates = _possible(family, blocks, candidates, config.similarity)
    covered = _Coverage(family, exact)
    normal = family.normal.tolist()
    verified = []
    for x, y in candidates.tolist():
        (sx, ex), (sy, ey) = blocks[x].tolist(), blocks[y].tolist()
        similarity = 2 * lcs_length(normal[sx:ex], normal[sy:ey]) / (ex - sx + ey - sy)
        if similarity < config.similarity:
            continue
        in_a, in_b = lcs_alignment(normal[sx:ex], normal[sy:ey])
        at_a, at_b = np.array(in_a, dtype=np.int64) + sx, np.array(in_b, dtype=np.int64) + sy
        names = family.normal[at_a] == _ID
        if renaming_consistency(family.exact[at_a[names]], family.exact[at_b[names]]) < config.renaming:
            continue
        if covered.covers(sx, ex, sy, ey):
            continue
        verified.append(_Pair(sx, sy, ex - sx, ey - sy, 3, round(similarity, 3)))
    result = _outermost(family, verified)
    clock.stop("verify")
    return result


def _possible(family: _Family, blocks: np.ndarray, candidates: np.ndarray, similarity: float) -> np.ndarray:
    """The candidates that may reach `similarity`: not overlapping in one file (a block and the
    block inside it), and whose bags of normalised tokens overlap enough (an upper bound of LCS)."""
    starts, ends = blocks[:, 0], blocks[:, 1]
    i, j = candidates[:, 0], candidates[:, 1]
    overlapping = (
        (family.file_of[starts[i]] == family.file_of[starts[j]]) & (starts[j] < ends[i]) & (starts[i] < ends[j])
    )
    candidates = candidates[~overlapping]
    if not len(candidates):
        return candidates
    vocabulary, codes = np.unique(family.normal, return_inverse=True)
    counts = np.zeros((len(blocks), len(vocabulary)), dtype=np.int32)
    for k, (s, e) in enumerate(blocks.tolist()):
        counts[k] = np.bincount(codes[s:e], minlength=len(vocabulary))
    sizes = ends - starts
    keep = np.zeros(len(candidates), dtype=bool)
    for chunk in range(0, len(candidates), 4096):
        i, j = candidates[chunk : chunk + 4096, 0], candidates[chunk : chunk + 4096, 1]
        shared = np.minimum(counts[i], counts[j]).sum(axis=1)
        keep[chunk : chunk + 4096] = 2 * shared >= similarity * (sizes[i] + sizes[j])
    return candidates[keep]


def lcs_length(a: Sequence[int], b: Sequence[int]) -> int:
    """Length of the longest common subsequence, bit-parallel over b (Crochemore, Iliopoulos,
    Pinzon and Reid 2001): one big-integer addition per element of a, so 200 x 200 tokens take
    about 0.1 ms in Python."""
    masks: dict[int, int] = {}
    for position, value in enumerate(b):
        masks[value] = masks.get(value, 0) | (1 << position)
    full = (1 << len(b)) - 1
    row = full
    for value in a:
        matched = row & masks.get(value, 0)
        row = ((row + matched) | (row - matched)) & full
    return len(b) - row.bit_count()


def lcs_alignment(a: Sequence[int], b: Sequence[int]) -> tuple[list[int], list[int]]:
    """The positions in a and in b of one longest common subsequence, in order: lcs_length's rows
    kept and walked back (a row's zero bits are where the LCS table steps up along b)."""
    masks: dict[int, int] = {}
    for position, value in enumerate(b):
        masks[value] = masks.get(value, 0) | (1 << position)
    full = (1 << len(b)) - 1
    rows = [full]
    for value in a:
        row = rows[-1]
        matched = row & masks.get(value, 0)
        rows.append(((row + matched) | (row - matched)) & full)

    def table(i: int, j: int) -> int:  # LCS of a[:i] and b[:j]
        return j - (rows[i] & ((1 << j) - 1)).bit_count()

    in_a: list[int] = []
    in_b: list[int] = []
    i, j = len(a), len(b)
    while i and j:
        if a[i - 1] == b[j - 1]:
            i, j = i - 1, j - 1
            in_a.append(i)
            in_b.append(j)
        elif table(i - 1, j) >= table(i, j - 1):
            i -= 1
        else:
            j -= 1
    return in_a[::-1], in_b[::-1]


class _Coverage:
    """The token ranges exact clones already report, by clone class (positions are family-wide,
    so one sorted array serves every file), to keep Type-3 from repeating them: two blocks both
    covered by fragments of one exact class are not a near-miss pair."""

    share = 0.8
    """A block is covered by an exact fragment holding this share of its tokens."""

    def __init__(self, family: _Family, pairs: list[_Pair]) -> None:
        spans, root, _ = _components(family, pairs)
        table = np.array(sorted((s, e, r) for (s, e), r in zip(spans, root, strict=True)), dtype=np.int64)
        table = table.reshape(-1, 3)
        self.starts, self.ends, self.pair = table[:, 0], table[:, 1], table[:, 2]
        self.longest = int((self.ends - self.starts).max()) if len(table) else 0

    def _hits(self, start: int, end: int) -> np.ndarray:
        lo, hi = np.searchsorted(self.starts, [start - self.longest, end])
        s, e = self.starts[lo:hi], self.ends[lo:hi]
        return self.pair[lo:hi][np.minimum(e, end) - np.maximum(s, start) >= self.share * (end - start)]

    def covers(self, sx: int, ex: int, sy: int, ey: int) -> bool:
        if not self.longest:
            return False
        return len(np.intersect1d(self._hits(sx, ex), self._hits(sy, ey))) > 0


def _not_inside(family: _Family, pairs: list[_Pair], outer: list[_Pair]) -> list[_Pair]:
    """`pairs` less those lying (mostly: 80 % of each fragment) inside a pair of `outer`: an exact
    stretch of a near-miss clone is reported as the near-miss clone."""
    inside = _inside(family, pairs, outer, same=False, share=0.8)
    return [p for p, dropped in zip(pairs, inside.tolist(), strict=True) if not dropped]


def _outermost(family: _Family, pairs: list[_Pair]) -> list[_Pair]:
    """Drop a pair whose two fragments lie inside the two fragments of another pair (either way
    round). Containment is transitive, so this keeps exactly the pairs inside no other."""
    inside = _inside(family, pairs, pairs, same=True, share=1.0)
    return [p for p, dropped in zip(pairs, inside.tolist(), strict=True) if not dropped]


def _inside(family: _Family, pairs: list[_Pair], outer: list[_Pair], same: bool, share: float) -> np.ndarray:
    """For each pair, whether both its fragments lie inside the two fragments of a pair of
    `outer`, either way round: `share` of each fragment's tokens at least (1.0: wholly).
    `same`: outer is pairs, and a pair is not inside itself."""
    inside = np.zeros(len(pairs), dtype=bool)
    if not pairs or not outer:
        return inside

    def table(some: list[_Pair]) -> tuple[np.ndarray, np.ndarray]:
        spans = np.array([(p.a, p.a + p.length_a, p.b, p.b + p.length_b) for p in some], dtype=np.int64)
        file_a, file_b = family.file_of[spans[:, 0]].astype(np.int64), family.file_of[spans[:, 2]].astype(np.int64)
        return spans, np.minimum(file_a, file_b) * len(family.paths) + np.maximum(file_a, file_b)

    spans, keys = table(pairs)
    outer_spans, outer_keys = table(outer)
    by_key: dict[int, np.ndarray] = {}
    order = np.argsort(outer_keys, kind="stable")
    for group in np.split(order, np.flatnonzero(np.diff(outer_keys[order])) + 1):
        by_key[int(outer_keys[group[0]])] = group
    order = np.argsort(keys, kind="stable")
    for rows in np.split(order, np.flatnonzero(np.diff(keys[order])) + 1):
        group = by_key.get(int(keys[rows[0]]))
        if group is None:
            continue
        candidates = outer_spans[group]
        for chunk in range(0, len(rows), 512):
            some = rows[chunk : chunk + 512]
            inner = spans[some][:, None, :]
            hit = (_within(inner, 0, candidates, 0, share) & _within(inner, 1, candidates, 1, share)) | (
                _within(inner, 0, candidates, 1, share) & _within(inner, 1, candidates, 0, share)
            )
            if same:
                hit &= some[:, None] != group[None, :]  # not inside itself
            inside[some] = hit.any(axis=1)
    return inside


def _within(inner: np.ndarray, side: int, outer: np.ndarray, outer_side: int, share: float) -> np.ndarray:
    """Whether fragment `side` of each inner pair has `share` of its tokens in fragment `outer_side` of each outer."""
    start, end = inner[..., 2 * side], inner[..., 2 * side + 1]
    shared = np.minimum(end, outer[:, 2 * outer_side + 1]) - np.maximum(start, outer[:, 2 * outer_side])
    return shared >= share * (end - start)


# ---------------------------------------------------------------- classes


class DisjointSets:
    """Union-find over 0..n-1 with path halving; a set's representative is its smallest member,
    so the grouping does not depend on the order of the unions."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


class _Components(NamedTuple):
    spans: list[tuple[int, int]]
    """Every fragment of the pairs once, [start, end) in family positions."""
    root: list[int]
    """For each span, its component (the smallest span index in it)."""
    edges: list[tuple[int, int]]
    """For each pair, its two span indices."""


def _components(family: _Family, pairs: list[_Pair]) -> _Components:
    """Union-find over the pairs' fragments: one node per fragment, joined by the pairs, and
    fragments of one file that overlap by half of the smaller are one."""
    spans: list[tuple[int, int]] = []
    index: dict[tuple[int, int], int] = {}

    def node(start: int, length: int) -> int:
        key = (start, start + length)
        if key not in index:
            index[key] = len(spans)
            spans.append(key)
        return index[key]

    edges = [(node(p.a, p.length_a), node(p.b, p.length_b)) for p in pairs]
    sets = DisjointSets(len(spans))
    find, union = sets.find, sets.union
    for x, y in edges:
        union(x, y)
    reach = -1
    for k in sorted(range(len(spans)), key=lambda k: spans[k]):
        s, e = spans[k]
        if reach >= 0:
            rs, re_ = spans[reach]
            same_file = family.file_of[rs] == family.file_of[s]
            if same_file and min(e, re_) - s >= 0.5 * min(e - s, re_ - rs):
                union(k, reach)
        if reach < 0 or e > spans[reach][1] or family.file_of[spans[reach][0]] != family.file_of[s]:
            reach = k
    return _Components(spans, [find(k) for k in range(len(spans))], edges)


def _classes(family: _Family, pairs: list[_Pair]) -> list[CloneClass]:
    """The clone classes of the pairs: their components, each listing per file the union of its
    overlapping fragments; a component of one fragment (a region matching itself) is none."""
    spans, root, edges = _components(family, pairs)
    members: dict[int, list[int]] = defaultdict(list)
    for k in range(len(spans)):
        members[root[k]].append(k)
    kind: dict[int, int] = {}
    similarity: dict[int, float] = {}
    for p, (x, _) in zip(pairs, edges, strict=True):
        component = root[x]
        kind[component] = max(kind.get(component, 0), p.type)
        similarity[component] = min(similarity.get(component, 1.0), p.similarity)
    classes = []
    for component, nodes in members.items():
        merged: list[list[int]] = []
        for s, e in sorted(spans[k] for k in nodes):
            if merged and family.file_of[merged[-1][0]] == family.file_of[s] and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        if len(merged) < 2:
            continue
        fragments = sorted(family.fragment(s, e - s) for s, e in merged)
        classes.append(CloneClass(type=kind[component], similarity=similarity[component], fragments=tuple(fragments)))
    return classes


# ---------------------------------------------------------------- entry points


def find_clones(sources: Iterable[SourceText], config: CloneConfig | None = None) -> list[CloneClass]:
    """The clone classes among `sources` (see the module docstring for what counts as a clone)."""
    config = config or CloneConfig()
    return detect_clones([token_stream(s, config.ignore_imports) for s in sources], config).classes


def detect_clones(streams: Iterable[TokenStream], config: CloneConfig | None = None) -> CloneReport:
    """`find_clones` on streams already tokenised (by `token_stream`, possibly in other processes),
    with the seconds each stage took and what was cut short."""
    config = config or CloneConfig()
    stats = CloneStats()
    by_family: dict[str, list[TokenStream]] = defaultdict(list)
    for stream in streams:
        by_family[FAMILIES[stream.language]].append(stream)
        stats.files += 1
        stats.tokens += len(stream.normal)
    classes: list[CloneClass] = []
    clock = _Clock(stats)
    for name in sorted(by_family):
        family = _Family(sorted(by_family[name], key=lambda s: s.path))
        clock.start()
        exact = _exact_pairs(family, config, stats)
        clock.stop("exact")
        near = _near_miss_pairs(family, config, exact, stats, clock) if config.near_miss else []
        exact = _not_inside(family, exact, near)
        stats.near_miss_pairs += len(near)
        classes.extend(_classes(family, exact))
        classes.extend(_classes(family, near))
        clock.stop("classes")
    classes.sort(key=lambda c: (c.type, -c.tokens, c.fragments))
    return CloneReport(classes, stats)


class _Clock:
    def __init__(self, stats: CloneStats) -> None:
        self.stats = stats
        self.mark = time.perf_counter()

    def start(self) -> None:
        self.mark = time.perf_counter()

    def stop(self, stage: str) -> None:
        now = time.perf_counter()
        self.stats.seconds[stage] = self.stats.seconds.get(stage, 0.0) + now - self.mark
        self.mark = now
