"""Module names from file paths, and the index that finds a module by the name code imports it as.

A module is named by its path relative to the scanned root (`pkg/sub/mod.py` -> `pkg.sub.mod`,
`pkg/__init__.py` -> `pkg`), which is how the call graph names things. Code imports it by the
name under its source root, which differs in a `src/` layout: `src/pkg/mod.py` is imported as
`pkg.mod`. The index answers both.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

PYTHON_SUFFIXES = (".py", ".pyi", ".pyw")


def module_name_for(path: str) -> str:
    """`a/b/c.py` -> `a.b.c`; `a/b/__init__.py` -> `a.b`; a root `__init__.py` -> `__init__`."""
    pure = PurePosixPath(path)
    parts = list(pure.parts[:-1])
    stem = pure.name
    for suffix in PYTHON_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    if stem != "__init__" or not parts:
        parts.append(stem)
    return ".".join(parts)


def is_package_init(path: str) -> bool:
    return PurePosixPath(path).stem == "__init__"


class ModuleIndex:
    """Maps module names to file paths, preferring `.py` over `.pyi` stubs for the same module."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.name_of: dict[str, str] = {}
        self.path_of: dict[str, str] = {}
        self._import_path_of: dict[str, str] = {}
        ordered = sorted(paths, key=lambda p: (p.endswith(".pyi"), p))
        package_dirs = {str(PurePosixPath(p).parent) for p in ordered if is_package_init(p)}
        for path in ordered:
            name = module_name_for(path)
            self.name_of[path] = name
            self.path_of.setdefault(name, path)
        for path in ordered:
            import_name = self._import_name(path, package_dirs)
            if import_name and import_name not in self.path_of:
                self._import_path_of.setdefault(import_name, path)

    @staticmethod
    def _import_name(path: str, package_dirs: set[str]) -> str:
        """The name under the nearest source root: leading directories that are not packages are dropped."""
        parents = list(PurePosixPath(path).parents)[:-1]  # innermost first, without '.'
        keep = 0
        for parent in parents:
            if str(parent) in package_dirs:
                keep += 1
            else:
                break
        name = module_name_for(path)
        parts = name.split(".")
        own = 0 if is_package_init(path) else 1
        return ".".join(parts[len(parts) - keep - own :]) if keep + own else name

    def find(self, name: str) -> str | None:
        """The file path of the module imported as `name`, or None when it is not in this repository."""
        return self.path_of.get(name) or self._import_path_of.get(name)

    def package_of(self, path: str) -> str:
        """The package a module belongs to: itself for `__init__`, else its parent."""
        name = self.name_of[path]
        if is_package_init(path):
            return name
        return name.rpartition(".")[0]
