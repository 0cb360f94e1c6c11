"""Language detection: by file extension, and by shebang line for files without one.

Detection knows more languages than the engine can parse; callers pass the set of languages
that have an extractor (`supported`) and treat everything else as unsupported.
"""

from __future__ import annotations

import re

EXTENSIONS: dict[str, str] = {
    ".py": "python",
    ".pyi": "python",
    ".pyw": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".tsx": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".java": "java",
    ".go": "go",
    ".rs": "rust",
    ".c": "c",
    ".h": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".hpp": "cpp",
    ".hh": "cpp",
    ".hxx": "cpp",
}

FILE_NAMES: dict[str, str] = {
    "go.mod": "gomod",
    "tsconfig.json": "tsconfig",
    "jsconfig.json": "tsconfig",
}
"""Whole file names with a language of their own: the manifests that steer resolution."""
_TSCONFIG_VARIANT = re.compile(r"^tsconfig\.[\w.-]+\.json$")

INTERPRETERS: dict[str, str] = {
    "python": "python",
    "pypy": "python",
    "node": "javascript",
    "nodejs": "javascript",
    "deno": "typescript",
    "ts-node": "typescript",
    "tsx": "typescript",
}

SHEBANG_BYTES = 256
"""How much of an extension-less file is needed to read its shebang line."""

# `#!/usr/bin/env -S python3 -u`, `#!/usr/bin/python3.11`, `#! /usr/local/bin/node`
_SHEBANG = re.compile(rb"^#![ \t]*(\S+)(?:[ \t]+(.*))?")
_VERSION_SUFFIX = re.compile(r"[0-9.]+$")


def extension_of(path: str) -> str:
    """The lower-cased extension of the last path component ('' when there is none)."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def language_by_extension(path: str) -> str | None:
    return EXTENSIONS.get(extension_of(path))


def language_by_name(path: str) -> str | None:
    """The language a file's name gives: a manifest's whole name (`go.mod`, `tsconfig.json`,
    `tsconfig.build.json`) first, then the extension."""
    name = path.rsplit("/", 1)[-1]
    language = FILE_NAMES.get(name)
    if language is None and _TSCONFIG_VARIANT.match(name):
        language = "tsconfig"
    return language or language_by_extension(path)


_CPP_HEADER_MARKERS = re.compile(
    rb"^[ \t]*(?:template[ \t]*<|(?:class|namespace)[ \t]+\w+[ \t]*(?:final[ \t]*)?(?::[^:]|\{|$)"
    rb"|using[ \t]+namespace[ \t]"
    rb"|(?:public|private|protected)[ \t]*:"
    rb"|#[ \t]*include[ \t]*<(?:cstdint|cstddef|cstdlib|cstring|string|vector|map|set|list|array|memory|utility"
    rb"|functional|algorithm|unordered_map|unordered_set|iostream|istream|ostream|sstream|fstream)>)"
    rb"|\bstd::\w|\bextern[ \t]+\"C\+\+\"",
    re.MULTILINE,
)
_BOTH_LANGUAGES = re.compile(rb"^[ \t]*#[ \t]*if(?:def[ \t]+|[ \t]+defined[ \t]*\(?[ \t]*)__cplusplus", re.MULTILINE)
_HEADER_SNIFF_BYTES = 64 * 1024


def refine_language(path: str, language: str, data: bytes) -> str:
    """`.h` is C by extension, but C++ projects use it too: a header whose first 64 KiB show
    C++ (templates, classes, namespaces, access specifiers, C++ standard headers, `std::`) is
    C++, so the C++ grammar parses it and the C++ analysis sees its classes (as GitHub's
    linguist decides between the two). A header that tests `__cplusplus` is written for both
    and stays C: its C++ parts are guarded."""
    if language != "c" or extension_of(path) != ".h":
        return language
    head = data[:_HEADER_SNIFF_BYTES]
    if _CPP_HEADER_MARKERS.search(head) and not _BOTH_LANGUAGES.search(head):
        return "cpp"
    return language


def language_by_shebang(head: bytes) -> str | None:
    """The language named by a `#!` first line, e.g. `#!/usr/bin/env python3` -> 'python'."""
    first_line = head.split(b"\n", 1)[0].rstrip(b"\r")
    match = _SHEBANG.match(first_line)
    if match is None:
        return None
    program = match.group(1).decode("ascii", "replace").rsplit("/", 1)[-1]
    if program == "env":
        args = [a for a in (match.group(2) or b"").decode("ascii", "replace").split() if not a.startswith("-")]
        args = [a for a in args if "=" not in a]  # `env -S VAR=1 python3`
        if not args:
            return None
        program = args[0].rsplit("/", 1)[-1]
    return INTERPRETERS.get(_VERSION_SUFFIX.sub("", program))


def detect_language(path: str, head: bytes, supported: set[str] | None = None) -> str | None:
    """The language of `path` from its name or extension, else from the shebang in `head`.

    With `supported`, a language outside that set is reported as None (unsupported).
    """
    language = language_by_name(path)
    if language is None and not extension_of(path):
        language = language_by_shebang(head)
    if language is not None and supported is not None and language not in supported:
        return None
    return language
