"""Project manifests that change how a language's imports resolve: `go.mod` and `tsconfig.json`.

They are scanned like source files (listed, hashed, cached, extracted to FileFacts), so the
analyses read them from the same `facts_by_path` as the code and an edit to one is seen by the
next incremental scan. Their facts hold no definitions, imports or calls, only `flows`:

  go.mod (language "gomod"):
    ("go_module", module path)             the `module` directive (`module example.com/app`)
  tsconfig.json, jsconfig.json and tsconfig.*.json (language "tsconfig"):
    ("tsconfig", base_url, paths, extends) compilerOptions.baseUrl (or None), compilerOptions.paths
                                           as ((pattern, (target, ...)), ...) in file order, and
                                           the `extends` specifier (or None), all as written

tsconfig files are JSON with comments and trailing commas (as TypeScript reads them). A manifest
that cannot be read gets `error` (and one syntax error), never an exception: the scan goes on,
and its language resolves as if it were absent.
"""

from __future__ import annotations

import json
import re

from codeintel.languages.common import count_lines
from codeintel.model import EXTRACTOR_VERSION as MODEL_EXTRACTOR_VERSION
from codeintel.model import FileFacts

MANIFEST_VERSION = f"{MODEL_EXTRACTOR_VERSION}+manifest-1"
MANIFEST_LANGUAGES = frozenset(("gomod", "tsconfig"))
"""Languages whose files configure resolution; they have no Module node in the graph."""

_MODULE_DIRECTIVE = re.compile(r'^\s*module\s+("(?:[^"\\]|\\.)*"|`[^`]*`|\S+)', re.MULTILINE)
_MAX_PATHS = 1000


def extract_gomod(source: bytes, path: str, content_hash: str) -> FileFacts:
    facts = _manifest(source, path, content_hash, "gomod")
    text = _decode(source, facts)
    if text is None:
        return facts
    match = _MODULE_DIRECTIVE.search(_strip_line_comments(text))
    if match is None:
        facts.error = "go.mod has no module directive"
        facts.syntax_errors = 1
        return facts
    module = match.group(1)
    if module[0] in '"`':
        module = json.loads(module) if module[0] == '"' else module[1:-1]
    facts.flows = [("go_module", module)]
    return facts


def extract_tsconfig(source: bytes, path: str, content_hash: str) -> FileFacts:
    facts = _manifest(source, path, content_hash, "tsconfig")
    text = _decode(source, facts)
    if text is None:
        return facts
    try:
        config = json.loads(strip_jsonc(text))
    except (ValueError, RecursionError) as exc:
        facts.error = f"not JSON: {exc}"
        facts.syntax_errors = 1
        return facts
    if not isinstance(config, dict):
        facts.error = "not a JSON object"
        facts.syntax_errors = 1
        return facts
    options = config.get("compilerOptions")
    options = options if isinstance(options, dict) else {}
    base_url = options.get("baseUrl")
    paths = options.get("paths")
    mapped: list[tuple[str, tuple[str, ...]]] = []
    if isinstance(paths, dict):
        for pattern, targets in list(paths.items())[:_MAX_PATHS]:
            if isinstance(targets, list):
                mapped.append((pattern, tuple(t for t in targets if isinstance(t, str))))
    extends = config.get("extends")
    if isinstance(extends, list):  # TypeScript 5: several bases, later ones win
        extends = next((e for e in reversed(extends) if isinstance(e, str)), None)
    facts.flows = [
        (
            "tsconfig",
            base_url if isinstance(base_url, str) else None,
            tuple(mapped) if isinstance(paths, dict) else None,
            extends if isinstance(extends, str) else None,
        )
    ]
    return facts


def strip_jsonc(text: str) -> str:
    """JSON with `//` and `/* */` comments and trailing commas -> JSON (strings left intact)."""
    out: list[str] = []
    i, n = 0, len(text)
    pending_comma = -1  # index in `out` of a comma that a closing bracket may make trailing
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            pending_comma = -1
            i = j + 1
        elif text.startswith("//", i):
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c in "}]" and pending_comma >= 0:
            out[pending_comma] = ""
            out.append(c)
            pending_comma = -1
            i += 1
        else:
            if c == ",":
                pending_comma = len(out)
            elif not c.isspace():
                pending_comma = -1
            out.append(c)
            i += 1
    return "".join(out)


def _strip_line_comments(text: str) -> str:
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def _manifest(source: bytes, path: str, content_hash: str, language: str) -> FileFacts:
    return FileFacts(
        path=path,
        language=language,
        content_hash=content_hash,
        extractor_version=MANIFEST_VERSION,
        lines=count_lines(source),
        size=len(source),
    )


def _decode(source: bytes, facts: FileFacts) -> str | None:
    try:
        return source.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        facts.error = f"not UTF-8: {exc}"
        facts.syntax_errors = 1
        return None
