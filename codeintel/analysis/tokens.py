"""A fast lexer for clone detection: source text -> tokens, for every language the engine holds.

Comments, whitespace and line continuations are dropped; every other token keeps its text, its
line (1-based, the line it starts on) and one of five kinds: keyword (per-language sets, from each
language's reference), identifier, string (character, byte, raw and template literals too),
number, operator (punctuation included). Each language family is one compiled regular expression
(`re.findall`, one alternative per token shape, tried in order), so lexing costs a fraction of a
microsecond per token; tree-sitter leaf walks in Python cost ten times that.

>>> [(t.kind.value, t.text, t.line) for t in tokenize("python", "x = 'a'  # note\\nreturn x + 1")]
[('identifier', 'x', 1), ('operator', '=', 1), ('string', "'a'", 1),
 ('keyword', 'return', 2), ('identifier', 'x', 2), ('operator', '+', 2), ('number', '1', 2)]

`Token.normal` is the text clone detection compares for Type-2 clones: every identifier becomes
`$id`, every string `$str`, every number `$num`; keywords and operators stay as written.

It is a lexer, not a parser: a JavaScript regular-expression literal comes out as operators and
identifiers, and a string quote that is not closed on its line is an operator; neither moves the
tokens after it (ordinary strings cannot span lines), which is what clone detection needs.
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum
from typing import NamedTuple


class TokenKind(StrEnum):
    KEYWORD = "keyword"
    IDENTIFIER = "identifier"
    STRING = "string"
    NUMBER = "number"
    OPERATOR = "operator"


PLACEHOLDERS = {TokenKind.IDENTIFIER: "$id", TokenKind.STRING: "$str", TokenKind.NUMBER: "$num"}
"""What a token of each kind becomes when normalised for Type-2 clones; keywords and operators stay."""


class Token(NamedTuple):
    kind: TokenKind
    text: str
    line: int

    @property
    def normal(self) -> str:
        return PLACEHOLDERS.get(self.kind, self.text)


# ---------------------------------------------------------------- keywords, per language reference

_PYTHON_KEYWORDS = """False None True and as assert async await break class continue def del elif else except
finally for from global if import in is lambda nonlocal not or pass raise return try while with yield"""
_JAVASCRIPT_KEYWORDS = """async await break case catch class const continue debugger default delete do else export
extends false finally for function if import in instanceof let new null return static super switch this throw true
try typeof var void while with yield"""
_TYPESCRIPT_KEYWORDS = (
    _JAVASCRIPT_KEYWORDS
    + """ abstract any as asserts bigint boolean declare enum implements infer interface is keyof namespace never
number object private protected public readonly satisfies string symbol unique unknown"""
)
_JAVA_KEYWORDS = """abstract assert boolean break byte case catch char class const continue default do double else
enum extends final finally float for goto if implements import instanceof int interface long native new package
private protected public return short static strictfp super switch synchronized this throw throws transient try
void volatile while true false null var record yield sealed permits"""
_GO_KEYWORDS = """break case chan const continue default defer else fallthrough for func go goto if import
interface map package range return select struct switch type var"""
_RUST_KEYWORDS = """as async await break const continue crate dyn else enum extern false fn for if impl in let loop
match mod move mut pub ref return self Self static struct super trait true type unsafe use where while yield"""
_C_KEYWORDS = """auto break case char const continue default do double else enum extern float for goto if inline int
long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while
_Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Static_assert _Thread_local bool true false"""
_CPP_KEYWORDS = (
    _C_KEYWORDS
    + """ alignas alignof and and_eq asm bitand bitor catch char8_t char16_t char32_t class compl concept consteval
constexpr constinit const_cast co_await co_return co_yield decltype delete dynamic_cast explicit export final friend
mutable namespace new noexcept not not_eq nullptr operator or or_eq override private protected public
reinterpret_cast requires static_assert static_cast template this thread_local throw try typeid typename using
virtual wchar_t xor xor_eq"""
)

KEYWORDS: dict[str, frozenset[str]] = {
    "python": frozenset(_PYTHON_KEYWORDS.split()),
    "javascript": frozenset(_JAVASCRIPT_KEYWORDS.split()),
    "typescript": frozenset(_TYPESCRIPT_KEYWORDS.split()),
    "java": frozenset(_JAVA_KEYWORDS.split()),
    "go": frozenset(_GO_KEYWORDS.split()),
    "rust": frozenset(_RUST_KEYWORDS.split()),
    "c": frozenset(_C_KEYWORDS.split()),
    "cpp": frozenset(_CPP_KEYWORDS.split()),
}
LANGUAGES = frozenset(KEYWORDS)

# ---------------------------------------------------------------- one pattern per family

_NEWLINE = r"\n"
_CONTINUATION = r"\\\r?\n"  # a backslash ending the line: Python's explicit joining, C's macro lines
_NUMBER = r"(?:\d|\.\d)(?:[eEpP][+-]\d|\.(?!\.)|\w)*"  # 0x1F, 1_000, 3.14f, 1e-5, 10u64; 0..n is 0 .. n
_DQ = r'"(?:[^"\\\n]|\\[\s\S])*"'
_SQ = r"'(?:[^'\\\n]|\\[\s\S])*'"
_TRIPLE = r"QQQ[^Q\\]*(?:(?:\\[\s\S]|Q(?!QQ))[^Q\\]*)*QQQ"  # unrolled, fast on long docstrings
_C_OPERATOR_TEXTS = """>>>= <<= >>= >>> ... === !== **= &&= ||= ??= <=> ->* &^= :: -> ++ -- << >> <= >= == != && ||
    += -= *= /= %= &= |= ^= => ?? ?. ** := <- &^ ..= .. .*"""
_PY_OPERATOR_TEXTS = "**= //= >>= <<= ... -> := ** // << >> <= >= == != += -= *= /= %= &= |= ^= @="
_C_OPERATORS = sorted(_C_OPERATOR_TEXTS.split(), key=len, reverse=True)  # longest first: >>= before >>
_PY_OPERATORS = sorted(_PY_OPERATOR_TEXTS.split(), key=len, reverse=True)


def _alternatives(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts))


def _operators(operators: list[str]) -> str:
    return "|".join(re.escape(op) for op in operators) + r"|[^\w\s]"


_PYTHON = _alternatives(
    _NEWLINE,
    _CONTINUATION,
    r"\#[^\n]*",
    r"(?i:[rbuf]{1,2})?(?:" + _TRIPLE.replace("Q", "'") + "|" + _TRIPLE.replace("Q", '"') + "|" + _SQ + "|" + _DQ + ")",
    _NUMBER,
    r"[^\W\d]\w*",
    _operators(_PY_OPERATORS),
)
_C_COMMENTS = (r"//[^\n]*", r"/\*[^*]*\*+(?:[^/*][^*]*\*+)*/|/\*[\s\S]*")  # unrolled; one not closed: to the end
_C_IDENTIFIER = r"(?:[^\W\d]|\$)[\w$]*"
_C_FAMILY = _alternatives(
    _NEWLINE,
    _CONTINUATION,
    *_C_COMMENTS,
    r'(?:u8|[uUL])?R"[^()\\\s]{0,16}\([\s\S]*?\)[^()\\\s"]{0,16}"',  # C++ raw string, R"x(...)x"
    r"(?:u8|[uUL])?" + _DQ,
    r"(?:u8|[uUL])?" + _SQ,
    _NUMBER,
    _C_IDENTIFIER,
    _operators(_C_OPERATORS),
)
_JAVA = _alternatives(
    _NEWLINE, *_C_COMMENTS, r'"""[\s\S]*?"""', _DQ, _SQ, _NUMBER, _C_IDENTIFIER, _operators(_C_OPERATORS)
)
_JAVASCRIPT = _alternatives(
    _NEWLINE,
    _CONTINUATION,
    *_C_COMMENTS,
    r"`(?:[^`\\]|\\[\s\S])*`",  # template literal, ${...} included
    _DQ,
    _SQ,
    _NUMBER,
    _C_IDENTIFIER,
    _operators(_C_OPERATORS),
)
_GO = _alternatives(_NEWLINE, *_C_COMMENTS, r"`[^`]*`", _DQ, _SQ, _NUMBER, r"[^\W\d]\w*", _operators(_C_OPERATORS))
_RUST = _alternatives(
    _NEWLINE,
    *_C_COMMENTS,
    r'b?r(?:"[^"]*"|#"[\s\S]*?"#|##"[\s\S]*?"##|###"[\s\S]*?"###)',  # raw strings r"..", r#".."#
    r"b?" + _DQ,
    r"b?'(?:[^'\\\n]|\\[^\n][^'\n]{0,8})'",  # one character or one escape: 'a' is a char, 'a a lifetime
    r"'[^\W\d]\w*",  # lifetime or loop label
    _NUMBER,
    r"(?:[^\W\d]|\$)\w*",  # $x inside macro_rules!
    _operators(_C_OPERATORS),
)
_PATTERNS: dict[str, re.Pattern[str]] = {
    "python": _PYTHON,
    "javascript": _JAVASCRIPT,
    "typescript": _JAVASCRIPT,
    "java": _JAVA,
    "go": _GO,
    "rust": _RUST,
    "c": _C_FAMILY,
    "cpp": _C_FAMILY,
}
assert set(_PATTERNS) == LANGUAGES
assert not any(p.groups for p in _PATTERNS.values()), "findall returns groups when a pattern captures"

# ---------------------------------------------------------------- classification, cached per text

_DROP = None
_KINDS = (TokenKind.KEYWORD, TokenKind.IDENTIFIER, TokenKind.STRING, TokenKind.NUMBER, TokenKind.OPERATOR)
_QUOTES = frozenset("\"'`")
_CACHE_LIMIT = 400_000
_caches: dict[str, dict[str, tuple[TokenKind | None, int]]] = {language: {} for language in LANGUAGES}


def _classify(language: str, text: str) -> TokenKind | None:
    """The kind of one matched text (None: a comment or a line continuation, dropped)."""
    first = text[0]
    if first == "\n" or (first == "\\" and len(text) > 1):
        return _DROP
    if language == "python":
        if first == "#":
            return _DROP
    elif first == "/" and text[:2] in ("//", "/*"):
        return _DROP
    if first in _QUOTES:
        if len(text) == 1:
            return TokenKind.OPERATOR  # a quote not closed on its line
        if first == "'" and language == "rust" and text[-1] != "'":
            return TokenKind.IDENTIFIER  # lifetime
        return TokenKind.STRING
    if first.isdigit() or (first == "." and len(text) > 1):
        return TokenKind.NUMBER
    if first.isalpha() or first in "_$" or first.isidentifier():
        if text[-1] in _QUOTES or (text[-1] == "#" and '"' in text):
            return TokenKind.STRING  # prefixed: r"..", b'..', f"..", u8"..", R"x(..)x", r#".."#
        return TokenKind.KEYWORD if text in KEYWORDS[language] else TokenKind.IDENTIFIER
    return TokenKind.OPERATOR


def lex(language: str, text: str) -> tuple[list[str], list[TokenKind], list[int]]:
    """The tokens of `text` as three parallel lists: texts, kinds, lines. `tokenize` wraps them in
    Tokens; clone detection uses the lists as they are (a million lines lex in seconds)."""
    try:
        findall = _PATTERNS[language].findall
    except KeyError:
        raise ValueError(f"no tokenizer for language {language!r}; known: {sorted(LANGUAGES)}") from None
    cache = _caches[language]
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    texts: list[str] = []
    kinds: list[TokenKind] = []
    lines: list[int] = []
    line = 1
    for match in findall(text):
        if match == "\n":
            line += 1
            continue
        info = cache.get(match)
        if info is None:
            info = cache[match] = (_classify(language, match), match.count("\n"))
        kind, newlines = info
        if kind is not None:
            texts.append(match)
            kinds.append(kind)
            lines.append(line)
        line += newlines
    return texts, kinds, lines


def tokenize(language: str, text: str) -> list[Token]:
    """The tokens of `text` in `language` (one of LANGUAGES), comments and whitespace dropped."""
    return [Token(k, t, n) for t, k, n in zip(*lex(language, text), strict=True)]


def normalise(tokens: list[Token]) -> list[str]:
    """Type-2 normal form: identifiers and literals replaced by their placeholders."""
    return [token.normal for token in tokens]


def token_hash(text: str) -> int:
    """A stable 64-bit hash of a token's text (the same in every process and run)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
