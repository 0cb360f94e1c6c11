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
    """The language of `path` from its extension, else from the shebang in `head`.

    With `supported`, a language outside that set is reported as None (unsupported).
    """
    language = language_by_extension(path)
    if language is None and not extension_of(path):
        language = language_by_shebang(head)
    if language is not None and supported is not None and language not in supported:
        return None
    return language
