"""Which repository file a C or C++ `#include` names.

A scan has no compiler command line, so the include directories are found in the tree, as a
reader would: a quoted include is looked up beside the including file first (`"util.h"`,
`"../common/log.h"`), then like an angle include. An angle include (`<linux/list.h>`) names
a file whose path ends with the spec, under a directory that looks like an include root: the
repository root or any directory with an `include` component (`include/`,
`arch/x86/include/`, `include/uapi/`). A quoted include that still finds nothing may match
under any directory (projects that build with `-Isrc`).

When several files match, the one sharing the longest directory prefix with the including file
wins (a driver's own `arch/x86/...` beats `arch/arm/...`), then the one under the shallowest
root (`include/linux/types.h` before `include/uapi/linux/types.h`, as the kernel's `-I` order
has it). Candidates equal on both are ambiguous: `resolve` gives None rather than a guess (the
`<asm/io.h>` of a generic driver is one per architecture), and `candidates` lists them.
A spec that climbs out of the repository or is absolute names nothing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from codeintel.model import Import
from codeintel.resolve.port import EXTERNAL, MODULE, ImportStatus

_INCLUDE_ROOT_MARKERS = frozenset(("include",))


class IncludeResolver:
    def __init__(self, paths: Iterable[str]) -> None:
        self._paths = frozenset(paths)
        self._by_basename: dict[str, list[str]] = {}
        for path in sorted(self._paths):
            self._by_basename.setdefault(path.rsplit("/", 1)[-1], []).append(path)
        self._memo: dict[tuple[str, str, bool], tuple] = {}  # a plain dict: no reference cycle through self

    def resolve(self, including: str, spec: str, quoted: bool) -> str | None:
        """The repository file the include names, or None (outside the repository, or ambiguous)."""
        ranked = self._ranked(posixpath.dirname(including), spec.strip(), quoted)
        if not ranked:
            return None
        if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
            return None
        return ranked[0][1]

    def import_targets(self, including: str, imp: Import) -> list[tuple]:
        """The LanguageAnalysis answer for an `#include` (an Import whose `level` is 1 when
        quoted): the repository file's Module, an External for a header outside the repository,
        nothing for an ambiguous one."""
        target = self._of_import(including, imp)
        if target is not None:
            return [(MODULE, target)]
        return [] if self._ambiguous(including, imp) else [(EXTERNAL, imp.module)]

    def import_status(self, including: str, imp: Import) -> ImportStatus:
        if self._of_import(including, imp) is not None:
            return "internal"
        return "unresolved" if self._ambiguous(including, imp) else "external"

    def _of_import(self, including: str, imp: Import) -> str | None:
        return self.resolve(including, imp.module, imp.level == 1)

    def _ambiguous(self, including: str, imp: Import) -> bool:
        """Several files match equally well (`resolve` gave none although some match)."""
        return bool(self.candidates(including, imp.module, imp.level == 1))

    def candidates(self, including: str, spec: str, quoted: bool) -> list[str]:
        """Every file the include may name, best first."""
        return [path for _, path in self._ranked(posixpath.dirname(including), spec.strip(), quoted)]

    def _ranked(self, directory: str, spec: str, quoted: bool) -> tuple[tuple[tuple[bool, int, int], str], ...]:
        key = (directory, spec, quoted)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._rank(directory, spec, quoted)
        return found

    def _rank(self, directory: str, spec: str, quoted: bool) -> tuple[tuple[tuple[bool, int, int], str], ...]:
        if not spec or spec.startswith("/") or "\\" in spec or "\0" in spec:
            return ()
        if quoted:
            beside = posixpath.normpath(posixpath.join(directory, spec))
            if beside in self._paths:
                return (((False, -1, 0), beside),)
        suffix = posixpath.normpath(spec)
        if suffix.startswith("../") or suffix == "..":
            return ()
        matches = []
        for path in self._by_basename.get(suffix.rsplit("/", 1)[-1], ()):
            if path != suffix and not path.endswith("/" + suffix):
                continue
            root = path[: len(path) - len(suffix)].rstrip("/")
            root_parts = root.split("/") if root else []
            outside_roots = bool(root_parts) and _INCLUDE_ROOT_MARKERS.isdisjoint(root_parts)
            if outside_roots and not quoted:
                continue
            matches.append(((outside_roots, -_shared_components(directory, path), len(root_parts)), path))
        matches.sort()
        return tuple(matches)


def _shared_components(directory: str, path: str) -> int:
    """How many leading directory components the two share."""
    shared = 0
    for mine, theirs in zip(directory.split("/") if directory else (), path.split("/")[:-1], strict=False):
        if mine != theirs:
            break
        shared += 1
    return shared
