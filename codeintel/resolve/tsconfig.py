"""Where a bare JavaScript/TypeScript specifier lands under tsconfig `paths` and `baseUrl`.

TypeScript's own rules (moduleResolution node/bundler), over the tsconfig facts of
codeintel.languages.manifests:
  - a file is governed by the nearest `tsconfig.json` (or `jsconfig.json`) in its directory or
    above; `extends` chains (relative specifiers, `.json` optional) pass on `baseUrl` and
    `paths` that a nearer config does not set; a package specifier in `extends` is outside the
    repository and ends the chain;
  - `baseUrl` is relative to the config that declares it; `paths` targets are relative to the
    effective `baseUrl`, else to the config that declares `paths`;
  - a specifier equal to a pattern without `*` matches it first; else, of the patterns with one
    `*`, the one with the longest prefix before the `*` that matches; each target of the
    matched pattern is tried in order with the `*` replaced;
  - then, when a `baseUrl` is set, the specifier relative to it.
`bases` gives the candidate paths in that order, without extensions; the analysis probes each
as it probes relative specifiers. A candidate that climbs out of the repository is dropped.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from codeintel.model import FileFacts
from codeintel.resolve.port import paths_in_language

_PRIMARY_NAMES = ("tsconfig.json", "jsconfig.json")
_MAX_EXTENDS = 16


class TsconfigPaths:
    def __init__(self, facts_by_path: Mapping[str, FileFacts]) -> None:
        self._configs: dict[str, tuple] = {}
        for path in paths_in_language(facts_by_path, "tsconfig"):
            for flow in facts_by_path[path].flows:
                if flow[0] == "tsconfig":
                    self._configs[path] = flow
        self._primary: dict[str, str] = {}
        for name in reversed(_PRIMARY_NAMES):  # tsconfig.json wins over jsconfig.json
            for path in self._configs:
                directory, _, file_name = path.rpartition("/")
                if file_name == name:
                    self._primary[directory] = path
        self._effective_memo: dict[str, tuple[str | None, tuple | None, str]] = {}
        self._governing_memo: dict[str, str | None] = {}

    def __bool__(self) -> bool:
        return bool(self._primary)

    def bases(self, importing: str, spec: str) -> list[str]:
        """Candidate paths (no extension added) a bare specifier may name, in TypeScript's order."""
        config = self._governing(posixpath.dirname(importing))
        if config is None:
            return []
        base_url, paths, paths_dir = self._effective(config)
        found: list[str] = []
        if paths:
            for target in _matched_targets(paths, spec):
                found.append(posixpath.join(base_url if base_url is not None else paths_dir, target))
        if base_url is not None:
            found.append(posixpath.join(base_url, spec))
        normalised = (posixpath.normpath(candidate) for candidate in found)
        return [c for c in normalised if c != ".." and not c.startswith(("../", "/"))]

    def _governing(self, directory: str) -> str | None:
        if directory in self._governing_memo:
            return self._governing_memo[directory]
        config = self._primary.get(directory)
        if config is None and directory:
            config = self._governing(posixpath.dirname(directory))
        self._governing_memo[directory] = config
        return config

    def _effective(self, config: str) -> tuple[str | None, tuple | None, str]:
        """(baseUrl as a repository path or None, paths or None, the directory paths are relative to)."""
        memo = self._effective_memo.get(config)
        if memo is not None:
            return memo
        base_url: str | None = None
        paths: tuple | None = None
        paths_dir = posixpath.dirname(config)
        seen: set[str] = set()
        current: str | None = config
        while current is not None and current not in seen and len(seen) < _MAX_EXTENDS:
            seen.add(current)
            _, written_base, written_paths, extends = self._configs[current]
            directory = posixpath.dirname(current)
            if base_url is None and written_base is not None:
                base_url = posixpath.normpath(posixpath.join(directory, written_base))
            if paths is None and written_paths is not None:
                paths, paths_dir = written_paths, directory
            current = self._extended(directory, extends)
        if base_url == ".":
            base_url = ""
        memo = self._effective_memo[config] = (base_url, paths, paths_dir)
        return memo

    def _extended(self, directory: str, extends: str | None) -> str | None:
        if not extends or not extends.startswith("."):
            return None  # none, or a package's config (outside the repository)
        target = posixpath.normpath(posixpath.join(directory, extends))
        for candidate in (target, target + ".json"):
            if candidate in self._configs:
                return candidate
        return None


def _matched_targets(paths: tuple, spec: str) -> list[str]:
    best: tuple[int, str, tuple] | None = None
    for pattern, targets in paths:
        if "*" not in pattern:
            if pattern == spec:
                return list(targets)
            continue
        prefix, _, suffix = pattern.partition("*")
        if "*" in suffix or not (spec.startswith(prefix) and spec.endswith(suffix)):
            continue
        if len(spec) < len(prefix) + len(suffix):
            continue
        if best is None or len(prefix) > best[0]:
            star = spec[len(prefix) : len(spec) - len(suffix)]
            best = (len(prefix), star, targets)
    if best is None:
        return []
    _, star, targets = best
    return [target.replace("*", star, 1) for target in targets]
