"""`.gitignore` rules for folders that are not git repositories, with git's semantics.

Each folder's `.gitignore` applies to the paths below that folder, relative to it; a deeper
file overrides a shallower one, and the last matching pattern wins (`!pattern` re-includes).
As in git, nothing below an ignored folder can be re-included: the walk never enters it.
"""

from __future__ import annotations

from pathlib import Path

from pathspec import GitIgnoreSpec


class IgnoreRules:
    """The stack of `.gitignore` specs in force while walking one folder tree."""

    def __init__(self, enabled: bool = True) -> None:
        """enabled=False: no file is ever ignored (`.gitignore` files are not read)."""
        self._levels: list[tuple[str, GitIgnoreSpec]] = []
        self._enabled = enabled

    def push(self, prefix: str, gitignore: Path) -> bool:
        """Load `gitignore` (if it exists) for the folder whose relative path is `prefix`.

        `prefix` is '' for the root, else 'a/b/'. Returns True when a level was pushed.
        """
        if not self._enabled:
            return False
        try:
            text = gitignore.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
        spec = GitIgnoreSpec.from_lines(text.splitlines())
        if not spec.patterns:
            return False
        self._levels.append((prefix, spec))
        return True

    def pop(self) -> None:
        self._levels.pop()

    def is_ignored(self, path: str, is_dir: bool = False) -> bool:
        """Whether the file or folder at relative `path` is ignored by the specs in force."""
        verdict: bool | None = None
        for prefix, spec in self._levels:
            if not path.startswith(prefix):
                continue
            relative = path[len(prefix) :]
            include = spec.check_file(relative + "/" if is_dir else relative).include
            if include is not None:
                verdict = include
        return bool(verdict)
