"""Candidate files of a source, and the Listing that ingest hands to the parse stage.

Candidates come from one git call for repositories (`git ls-files` for a working tree: tracked
and untracked-not-ignored files; `git ls-tree` for a managed checkout at a commit) or from a
deterministic walk for plain folders that honours `.gitignore` files at every level, never
enters `.git` and never follows symlinked folders. Paths are POSIX, relative, sorted.

Ignored entries are reported too, so that every skip is counted: an ignored folder is one
entry, `build/`, not one per file inside it (and so is a vendored folder in a walk).
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pathspec import GitIgnoreSpec
from pydantic import BaseModel

from codeintel.ingest.gitcmd import GitError, run_git
from codeintel.ingest.ignore import IgnoreRules
from codeintel.ingest.paths import display_path
from codeintel.ingest.source import Source
from codeintel.model import FileRef, SkippedFile, SkipReason

_IGNORED = "matched by .gitignore"
_VENDORED = "folder matches vendored_globs"


class Listing(BaseModel):
    """The files of one source to parse, and every file that was skipped, with its reason."""

    root: Path
    files: list[FileRef]
    skipped: list[SkippedFile]

    def skipped_by_reason(self) -> dict[str, int]:
        """How many entries were skipped for each reason, e.g. {'binary': 3, 'vendored': 120}."""
        counts = Counter(str(s.reason) for s in self.skipped)
        return dict(sorted(counts.items()))


class ListingError(RuntimeError):
    """The source as a whole could not be listed (not one bad file: those are skipped)."""


@dataclass
class Candidates:
    paths: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


def list_candidates(source: Source, vendored_globs: Sequence[str] = (), honour_gitignore: bool = True) -> Candidates:
    """The candidate paths of `source`, plus entries skipped while listing (ignored, unreadable).

    A plain-folder walk does not enter folders matching `vendored_globs`: each is one skipped
    entry (`node_modules/`), and honours `.gitignore` files unless told not to. Git listings are
    flat; the filters judge their vendored files.
    """
    if not source.is_git:
        return walk_candidates(source.root, vendored_globs, honour_gitignore)
    if source.managed and source.commit:
        return git_tree_candidates(source.root, source.commit)
    return git_worktree_candidates(source.root)


def git_worktree_candidates(root: Path) -> Candidates:
    """Tracked files and untracked files that are not ignored; ignored entries as skipped."""
    listed = _git_paths(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root)
    ignored = _git_paths(["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"], root)
    skipped = [SkippedFile(path=display_path(p), reason=SkipReason.ignored, detail=_IGNORED) for p in ignored]
    return Candidates(paths=listed, skipped=skipped)


def git_tree_candidates(root: Path, commit: str) -> Candidates:
    """Every file of `commit` below `root` (root may be a subfolder of the checkout)."""
    return Candidates(paths=_git_paths(["ls-tree", "-r", "-z", "--name-only", commit], root))


def _git_paths(args: list[str], root: Path) -> list[str]:
    try:
        out = run_git(args, root)
    except GitError as exc:
        raise ListingError(f"{root}: {exc}") from exc
    return sorted({os.fsdecode(p) for p in out.split(b"\0") if p})


def walk_candidates(root: Path, vendored_globs: Sequence[str] = (), honour_gitignore: bool = True) -> Candidates:
    """Walk a plain folder: sorted, `.gitignore`-aware (unless told not to), `.git` and symlinked
    folders not entered."""
    found = Candidates()
    rules = IgnoreRules(enabled=honour_gitignore)
    vendored = GitIgnoreSpec.from_lines(vendored_globs) if vendored_globs else None
    _walk(str(root), "", rules, vendored, found)
    found.paths.sort()
    found.skipped.sort(key=lambda s: s.path)
    return found


def _walk(folder: str, prefix: str, rules: IgnoreRules, vendored: GitIgnoreSpec | None, found: Candidates) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        found.skipped.append(
            SkippedFile(
                path=display_path(prefix or "./"),
                reason=SkipReason.unreadable,
                detail=f"cannot list folder: {exc.strerror}",
            )
        )
        return
    pushed = rules.push(prefix, Path(folder, ".gitignore"))
    try:
        for entry in entries:
            if entry.name == ".git":
                continue
            path = prefix + entry.name
            try:
                is_dir = stat.S_ISDIR(entry.stat(follow_symlinks=False).st_mode)
            except OSError:
                is_dir = False  # vanished or unreadable: the filters will say so
            if rules.is_ignored(path, is_dir):
                shown = path + "/" if is_dir else path
                found.skipped.append(SkippedFile(path=display_path(shown), reason=SkipReason.ignored, detail=_IGNORED))
            elif is_dir and vendored is not None and vendored.match_file(path + "/"):
                found.skipped.append(
                    SkippedFile(path=display_path(path + "/"), reason=SkipReason.vendored, detail=_VENDORED)
                )
            elif is_dir:
                _walk(entry.path, path + "/", rules, vendored, found)
            else:
                found.paths.append(path)
    finally:
        if pushed:
            rules.pop()
