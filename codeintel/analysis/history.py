"""Git history of a repository, mined once for hotspots: per file and per line, what changed, when,
by whom and together with what.

What is read
------------
1. `git rev-list --topo-order --no-merges --full-history -n <max_commits + 1> [--max-age=<since>]
   <commit> -- .` lists the commits to read: newest first and every child before its parents
   (which the line tracking below relies on), only those that touch a file under the analysed
   folder, at most `max_commits` of them and none older than `since` / `since_days`. With
   `merges="first-parent"` the walk follows first parents only and a merge is read as the diff
   against its first parent: one change per merged branch, attributed to whoever merged it.
2. `git log --no-walk=unsorted -p -U0 -M` over those commits, `page_commits` at a time (so memory
   is bounded by a page, not by the whole history): each commit's diff against its parent with
   zero lines of context. Only the headers are used: the file pair (`rename from`/`rename to`,
   `new file`, `deleted file`, `Binary files ... differ`) and each hunk's `@@ -a,b +c,d @@`; the
   `+`/`-` lines are skipped. Lines added and deleted per file (the churn) are the sums of d and b,
   which is what `--numstat` reports. Binary files count as changed, with no lines.
3. `git ls-tree -r --name-only <commit>`: the files that exist at the analysed commit. Figures are
   kept for those only, under their path at that commit (relative to the analysed folder).

The git runs go through `codeintel.ingest.gitcmd.run_git` (no shell, no prompts, no hooks), with
every repository-configurable diff behaviour pinned on the command line: no external diff
programs, no textconv, fixed `a/` `b/` prefixes, no context between hunks, the root commit's diff
shown, 50 % rename similarity, and git's default
(Myers) diff algorithm whatever `diff.algorithm` says: the one `git blame` uses, so that which
commit last changed a line agrees with blame (histogram aligns a rewrite differently: on this
repository a blank line that blame gives to a rewrite, histogram keeps as unchanged).

Renames, deletions, re-creations
--------------------------------
Commits are replayed newest first, keeping for every path *as it was named then* which current
file it became (or none). A rename `old -> new` hands the history of `new` on to `old` for older
commits, so a renamed file keeps its history; a file that was added (not renamed) has no history
before that commit under its name, even if another file had the name before; a deleted file's
older commits belong to no current file. Rename detection is git's (`-M`, per commit, content at
least 50 % similar); a rename git does not detect reads as a deletion plus an addition.

Per function: changed lines carried forward to the analysed commit
-------------------------------------------------------------------
Function spans are only known at the analysed commit, so every hunk is carried forward to that
commit's line numbers. For each current file a monotone line map "line in the version after
commit c -> line in the analysed version" is kept, starting as the identity and composed with
each commit's hunks while going back in time (offset pieces for unchanged lines; inside a hunk
that replaces `b` lines with `d`, old line `a + i` goes to `c + min(i, d - 1)`, so a line that was
later rewritten still lands where its rewrite is; lines that were later deleted outright are
"gone just after" the line before the deletion, kept as that line's number negated). A hunk of
commit c covers new lines `c .. c + d - 1` (for a pure deletion: the line just before it), which
the map sends to a current range `[first, last]`, or to a gone point `first = last = -line` when
every line of it was deleted since. Recorded per current file: `(commit, first, last)` for every
hunk (`History.line_changes`).

So "a function changed in commit c" means: some hunk of c, carried forward, overlaps the
function's current span, or was deleted since from strictly inside it (`start <= line < end`:
strictly, so that the history of a whole function deleted after another one does not land on the
other one's last line). This is exact for a linear history; approximate where branches ran in
parallel (their hunks are replayed in topological order, as if one came after the other; use
`merges="first-parent"` for an exact replay of the mainline); a range is carried as its two ends,
so lines inserted inside it later fall in it too; a change inside a nested function also counts
for the function around it; the commit that added a function counts as its first change.
benchmarks/hotspots.py checks it against `git blame` on this repository (every line's last
commit covers it: 2,687 of 2,690 sampled lines) and against a generated history over Django's
code whose edited functions are known. The cost is one pass over the hunk headers and a
composition per file and commit proportional to the pieces of that file's map (at most its
line count, usually a handful).

Dates, ages, authors
--------------------
Dates are committer dates (when a change entered the history, what `--max-age` filters on; an
author date can be much older after a rebase). Ages are measured from the analysed commit's
date, never from the clock, so results are reproducible. Authors are `%aE`: the author e-mail
after `.mailmap`, lower-cased.

Bad input
---------
A folder that git does not know raises `NotAGitRepository` (callers with a `Source` can check
`source.is_git` first); a repository without commits gives an empty `History`; a shallow clone is
read down to its boundary (the boundary commit, whose diff would show every file as added, is
left out) and says `shallow=True, truncated=True`.
"""

from __future__ import annotations

import os
import re
import time
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal, NamedTuple

from pathspec import GitIgnoreSpec
from pydantic import BaseModel, ConfigDict, Field

from codeintel.config import DEFAULT_VENDORED_GLOBS
from codeintel.ingest.gitcmd import GitError, run_git

DAY_S = 86_400


class HistoryError(RuntimeError):
    """The history cannot be read; the message says why."""


class NotAGitRepository(HistoryError):
    """The folder is not inside a git repository."""


class HistoryConfig(BaseModel):
    """How much history to read and what to leave out."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_commits: int = Field(5000, ge=1, description="read at most this many commits, the newest")
    since: date | None = Field(None, description="read no commit older than this day (UTC)")
    since_days: int | None = Field(
        None, ge=0, description="read no commit older than this many days before the analysed commit"
    )
    exclude: tuple[str, ...] = Field(
        tuple(DEFAULT_VENDORED_GLOBS),
        description="files matching these patterns (gitignore semantics, on the current path) are left out",
    )
    bulk_commit_files: int = Field(
        50,
        ge=2,
        description="a commit changing more files than this (after exclusions) is left out of change coupling "
        "(code-maat's max-changeset-size); it still counts as a change of each file",
    )
    merges: Literal["skip", "first-parent"] = Field(
        "skip",
        description="skip: every non-merge commit (git log --no-merges); first-parent: the mainline only, "
        "each merge read as its diff against the first parent",
    )
    rename_similarity: int = Field(50, ge=1, le=100, description="git -M: percent similarity for a rename")
    page_commits: int = Field(500, ge=1, description="commits per git log call (bounds the memory of one call)")


class FileHistory(NamedTuple):
    """One current file's history in the window read."""

    path: str
    commits: int
    """Commits read that changed it, the one that added it included (when it is in the window)."""
    added: int
    deleted: int
    authors: tuple[tuple[str, int], ...]
    """(author e-mail, commits), most commits first, then by e-mail."""
    first_change: int
    """Committer date (Unix seconds) of the oldest commit read that changed it."""
    last_change: int
    binary: bool
    """Its newest change was to a binary file (no lines counted)."""

    @property
    def churn(self) -> int:
        return self.added + self.deleted


class CommitInfo(NamedTuple):
    sha: str
    time: int
    """Committer date, Unix seconds."""
    author: str
    files: tuple[str, ...]
    """The current files it changed (sorted; excluded and since-deleted files left out)."""
    changed: int
    """How many files its diff touched after exclusions, deleted ones included."""
    bulk: bool
    """changed > bulk_commit_files: left out of change coupling."""


class LineChange(NamedTuple):
    commit: int
    """Index into History.commits."""
    first: int
    last: int
    """The hunk's lines, carried forward to the analysed commit (1-based, inclusive); both
    negative when all of them were deleted since: gone from just after line -first."""


class LineChanges:
    """The hunks of one current file as three parallel int arrays (compact; numpy can wrap them)."""

    __slots__ = ("commit", "first", "last")

    def __init__(self) -> None:
        self.commit = array("i")
        self.first = array("i")
        self.last = array("i")

    def append(self, commit: int, first: int, last: int) -> None:
        self.commit.append(commit)
        self.first.append(first)
        self.last.append(last)

    def __len__(self) -> int:
        return len(self.commit)

    def __iter__(self) -> Iterator[LineChange]:
        return map(LineChange, self.commit, self.first, self.last)


@dataclass
class History:
    """What `mine_history` read. `commits` is newest first; files are keyed by current path."""

    root: Path
    commit: str | None
    """The analysed commit; None for a repository without commits."""
    time: int | None
    """Its committer date (Unix seconds): the 'now' of every age."""
    config: HistoryConfig
    files: dict[str, FileHistory] = field(default_factory=dict)
    commits: list[CommitInfo] = field(default_factory=list)
    line_changes: dict[str, LineChanges] = field(default_factory=dict)
    shallow: bool = False
    truncated: bool = False
    """Older commits exist that were not read (max_commits, or a shallow clone's boundary)."""
    seconds: float = 0.0
    """Wall time the mining took."""

    def age_days(self, path: str) -> float:
        """Days from the file's last change to the analysed commit."""
        return max(0, (self.time or 0) - self.files[path].last_change) / DAY_S


def mine_history(root: Path, commit: str | None = None, config: HistoryConfig | None = None) -> History:
    """Read the history of the folder `root` (a repository or a folder inside one) up to `commit`
    (default HEAD), as bounded by `config`."""
    started = time.perf_counter()
    config = config or HistoryConfig()
    root = Path(root)
    if not root.is_dir():
        raise NotAGitRepository(f"not a directory: {root}")
    try:
        run_git(["rev-parse", "--git-dir"], root)
    except GitError as exc:
        raise NotAGitRepository(f"{root} is not in a git repository ({exc})") from exc
    sha, now = _analysed_commit(root, commit)
    history = History(root=root, commit=sha, time=now, config=config)
    if sha is None:
        history.seconds = time.perf_counter() - started
        return history
    shallow = _shallow_commits(root)
    shas = _commits_to_read(root, sha, now, config)
    history.truncated = len(shas) > config.max_commits
    shas = shas[: config.max_commits]
    if shallow and any(s in shallow for s in shas):
        shas = [s for s in shas if s not in shallow]
        history.truncated = True
    history.shallow = bool(shallow)
    replay = _Replay(_current_files(root, sha), GitIgnoreSpec.from_lines(config.exclude), config)
    for start in range(0, len(shas), config.page_commits):
        page = shas[start : start + config.page_commits]
        for header, diffs in _parse_log(_log_page(root, page, config)):
            replay.commit(header, diffs)
    replay.finish(history)
    history.seconds = time.perf_counter() - started
    return history


# -- git calls ----------------------------------------------------------------------------------


def _analysed_commit(root: Path, commit: str | None) -> tuple[str | None, int | None]:
    if commit is not None and (not commit or commit.startswith("-") or any(ord(c) < 0x21 for c in commit)):
        raise HistoryError(f"not a commit name: {commit!r}")
    try:
        out = run_git(["rev-parse", "-q", "--verify", "--end-of-options", f"{commit or 'HEAD'}^{{commit}}"], root)
    except GitError as exc:
        if commit is None:
            return None, None  # no commit yet
        raise HistoryError(f"no such commit: {commit}") from exc
    sha = out.decode().strip()
    stamp = run_git(["log", "-1", "--no-show-signature", "--format=%ct", sha, "--"], root).decode().strip()
    return sha, int(stamp)


def _shallow_commits(root: Path) -> set[str]:
    if run_git(["rev-parse", "--is-shallow-repository"], root).decode().strip() != "true":
        return set()
    path = Path(run_git(["rev-parse", "--git-path", "shallow"], root).decode().strip())
    path = path if path.is_absolute() else root / path
    try:
        return set(path.read_text().split())
    except OSError:
        return {"?"}  # shallow, boundary unknown: still say so


def _commits_to_read(root: Path, sha: str, now: int, config: HistoryConfig) -> list[str]:
    args = ["rev-list", "--topo-order", f"--max-count={config.max_commits + 1}"]
    args += ["--first-parent"] if config.merges == "first-parent" else ["--no-merges", "--full-history"]
    oldest = _oldest_allowed(now, config)
    if oldest is not None:
        args.append(f"--max-age={oldest}")
    return run_git([*args, sha, "--", "."], root).decode().split()


def _oldest_allowed(now: int, config: HistoryConfig) -> int | None:
    bounds = []
    if config.since is not None:
        bounds.append(int(datetime(config.since.year, config.since.month, config.since.day, tzinfo=UTC).timestamp()))
    if config.since_days is not None:
        bounds.append(now - config.since_days * DAY_S)
    return max(bounds) if bounds else None


def _current_files(root: Path, sha: str) -> set[str]:
    out = run_git(["ls-tree", "-r", "-z", "--name-only", sha], root)
    return {os.fsdecode(p) for p in out.split(b"\0") if p}


def _log_page(root: Path, shas: list[str], config: HistoryConfig) -> bytes:
    args = [
        "log",
        "--no-walk=unsorted",
        "--format=%x01%H%x1f%ct%x1f%aE",
        "-p",
        "-U0",
        "--inter-hunk-context=0",
        "--root",
        f"-M{config.rename_similarity}%",
        "--diff-algorithm=myers",
        "--relative",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--no-notes",
        "--no-show-signature",
        "--src-prefix=a/",
        "--dst-prefix=b/",
    ]
    if config.merges == "first-parent":
        args.append("--diff-merges=first-parent")
    return run_git([*args, *shas, "--", "."], root)


# -- parsing git log -p -U0 ---------------------------------------------------------------------


class _Header(NamedTuple):
    sha: str
    time: int
    author: str


@dataclass
class _Diff:
    old: str | None
    new: str | None
    hunks: list[tuple[int, int, int, int]] = field(default_factory=list)
    """(old_lo, old_hi, new_lo, new_hi): half-open line ranges; empty ranges sit where the lines went/came."""
    binary: bool = False


_HUNK = re.compile(rb"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13, b'"': 34, b"\\": 92}


def _parse_log(out: bytes) -> Iterator[tuple[_Header, list[_Diff]]]:
    header: _Header | None = None
    diffs: list[_Diff] = []
    diff: _Diff | None = None
    lines = out.split(b"\n")
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        i += 1
        first = line[:1]
        if first in (b"+", b"-", b"", b" ", b"\\", b"i", b"s"):  # content, ---/+++, index, similarity
            continue
        if first == b"\x01":
            if header is not None:
                yield header, diffs
            sha, stamp, author = line[1:].decode("utf-8", "replace").split("\x1f")
            header, diffs, diff = _Header(sha, int(stamp), author.strip().lower()), [], None
        elif first == b"@" and diff is not None:
            match = _HUNK.match(line)
            if match is None:
                continue
            a, b, c, d = (int(g) if g is not None else 1 for g in match.groups())
            old_lo, new_lo = (a if b else a + 1), (c if d else c + 1)
            diff.hunks.append((old_lo, old_lo + b, new_lo, new_lo + d))
            i += b + d  # skip the hunk's lines ("\ No newline" lines are skipped by the test above)
        elif line.startswith(b"diff --git "):
            old, new = _header_paths(line[len(b"diff --git ") :])
            diff = _Diff(old, new)
            diffs.append(diff)
        elif diff is None:
            continue
        elif line.startswith(b"rename from "):
            diff.old = _path(line[len(b"rename from ") :])
        elif line.startswith(b"rename to "):
            diff.new = _path(line[len(b"rename to ") :])
        elif line.startswith(b"new file mode"):
            diff.old = None
        elif line.startswith(b"deleted file mode"):
            diff.new = None
        elif line.startswith(b"Binary files "):
            diff.binary = True
    if header is not None:
        yield header, diffs


def _header_paths(rest: bytes) -> tuple[str, str]:
    """`a/X b/Y` of a diff header. Unquoted names with spaces are split in the middle, which is
    right unless renamed, and then the `rename from`/`rename to` lines that follow correct it."""
    if rest.startswith(b'"'):
        old, tail = _unquote(rest)
        tail = tail[1:]
        new = _unquote(tail)[0] if tail.startswith(b'"') else tail
    elif rest.endswith(b'"') and b' "' in rest:
        k = rest.rindex(b' "')
        old, new = rest[:k], _unquote(rest[k + 1 :])[0]
    else:
        half = (len(rest) - 5) // 2
        old, new = rest[: half + 2], rest[half + 3 :]
    return os.fsdecode(old[2:]), os.fsdecode(new[2:])


def _path(raw: bytes) -> str:
    return os.fsdecode(_unquote(raw)[0] if raw.startswith(b'"') else raw)


def _unquote(raw: bytes) -> tuple[bytes, bytes]:
    """Git's C-style quoted name at the start of `raw` -> (name, what follows the closing quote)."""
    out = bytearray()
    i = 1
    while i < len(raw):
        ch = raw[i : i + 1]
        if ch == b'"':
            return bytes(out), raw[i + 1 :]
        if ch == b"\\":
            nxt = raw[i + 1 : i + 2]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            if nxt.isdigit():
                out.append(int(raw[i + 1 : i + 4], 8))
                i += 4
                continue
        out += ch
        i += 1
    return bytes(out), b""


# -- replaying the commits newest first ---------------------------------------------------------


class _LineMap:
    """A monotone map from the lines of one version of a file to the lines of the analysed version.

    Pieces start at `starts[k]` and run to the next start; a piece either adds an offset
    (`const[k]` False) or sends every line to one line (`const[k]` True): a line number, minus a
    line number for lines deleted since just after that line, or 0 for nowhere.
    """

    __slots__ = ("starts", "const", "values")

    def __init__(self, identity: bool = True) -> None:
        self.starts: list[int] = [1] if identity else []
        self.const: list[bool] = [False] if identity else []
        self.values: list[int] = [0] if identity else []

    def __call__(self, line: int) -> int:
        k = bisect_right(self.starts, line) - 1
        return self.values[k] if self.const[k] else line + self.values[k]

    def before(self, hunks: list[tuple[int, int, int, int]]) -> _LineMap:
        """The map for the version before a commit with these hunks (self is the one after)."""
        out = _LineMap(identity=False)
        shift, pos = 0, 1
        for old_lo, old_hi, new_lo, new_hi in hunks:
            if pos < old_lo:
                self._offset_piece(out, pos, old_lo, shift)
            if old_hi > old_lo:
                added = new_hi - new_lo
                if added:
                    kept = min(old_hi - old_lo, added)
                    self._offset_piece(out, old_lo, old_lo + kept, new_lo - old_lo)
                    if old_lo + kept < old_hi:
                        _push(out, old_lo + kept, True, self(new_hi - 1))
                else:
                    anchor = new_lo - 1  # deleted outright: gone, just after this line
                    _push(out, old_lo, True, -abs(self(anchor)) if anchor >= 1 else 0)
            shift += (new_hi - new_lo) - (old_hi - old_lo)
            pos = max(pos, old_hi)
        self._offset_piece(out, pos, None, shift)
        return out

    def _offset_piece(self, out: _LineMap, lo: int, hi: int | None, shift: int) -> None:
        """Lines [lo, hi) that the commit moved by `shift`, then through self."""
        image = lo + shift
        k = max(bisect_right(self.starts, image) - 1, 0)
        end = len(self.starts) if hi is None else bisect_left(self.starts, hi + shift)
        _push(out, max(self.starts[k], image) - shift, self.const[k], self.values[k] + (0 if self.const[k] else shift))
        if end > k + 1:  # the pieces after the first, in bulk: they differ from one another already
            const = self.const[k + 1 : end]
            out.starts += [start - shift for start in self.starts[k + 1 : end]]
            out.const += const
            out.values += [v if c else v + shift for v, c in zip(self.values[k + 1 : end], const, strict=True)]


def _push(out: _LineMap, start: int, const: bool, value: int) -> None:
    start = max(start, 1)
    if out.starts and out.starts[-1] >= start:  # an empty piece before this one: replaced
        while out.starts and out.starts[-1] >= start:
            out.starts.pop(), out.const.pop(), out.values.pop()
    if out.starts and out.const[-1] == const and out.values[-1] == value:
        return
    out.starts.append(start)
    out.const.append(const)
    out.values.append(value)


class _Track:
    __slots__ = ("current", "excluded", "map")

    def __init__(self, current: str, excluded: bool, line_map: _LineMap) -> None:
        self.current = current
        self.excluded = excluded
        self.map = line_map


@dataclass
class _FileAcc:
    commits: int = 0
    added: int = 0
    deleted: int = 0
    authors: Counter = field(default_factory=Counter)
    first: int = 0
    last: int = 0
    binary: bool | None = None
    lines: LineChanges = field(default_factory=LineChanges)


class _Replay:
    def __init__(self, current: set[str], exclude: GitIgnoreSpec, config: HistoryConfig) -> None:
        self.current = current
        self.exclude = exclude
        self.config = config
        self.tracks: dict[str, _Track | None] = {}
        self.files: dict[str, _FileAcc] = {}
        self.commits: list[CommitInfo] = []

    def _track(self, path: str) -> _Track | None:
        if path in self.tracks:
            return self.tracks[path]
        if path not in self.current:
            return None  # gone by the analysed commit, on a way we did not see (a parallel branch)
        track = self.tracks[path] = _Track(path, self.exclude.match_file(path), _LineMap())
        return track

    def commit(self, header: _Header, diffs: list[_Diff]) -> None:
        index = len(self.commits)
        touched: set[str] = set()
        changed = 0
        updates: dict[str, _Track] = {}
        dead: list[str] = []
        for diff in diffs:
            if diff.new is None:  # deleted here: its older history is no current file's
                if diff.old is not None:
                    dead.append(diff.old)
                    changed += not self.exclude.match_file(diff.old)
                continue
            track = self._track(diff.new)
            changed += not (track.excluded if track is not None else self.exclude.match_file(diff.new))
            if diff.old != diff.new:  # added or renamed here: nothing older under the new name
                dead.append(diff.new)
            if track is None:
                continue
            before = track.map
            if not track.excluded:
                if track.current not in touched:
                    touched.add(track.current)
                    self._count(track.current, header, diff)
                self._record_lines(track, index, diff)
                if diff.hunks:
                    before = track.map.before(diff.hunks)
            if diff.old is not None:
                updates[diff.old] = _Track(track.current, track.excluded, before)
        for path in dead:
            self.tracks[path] = None
        self.tracks.update(updates)
        files = tuple(sorted(touched))
        bulk = changed > self.config.bulk_commit_files
        self.commits.append(CommitInfo(header.sha, header.time, header.author, files, changed, bulk))

    def _count(self, path: str, header: _Header, diff: _Diff) -> None:
        acc = self.files.get(path)
        if acc is None:
            acc = self.files[path] = _FileAcc(last=header.time, binary=diff.binary)
        acc.commits += 1
        acc.authors[header.author] += 1
        acc.first = header.time if acc.commits == 1 else min(acc.first, header.time)
        acc.last = max(acc.last, header.time)
        for old_lo, old_hi, new_lo, new_hi in diff.hunks:
            acc.added += new_hi - new_lo
            acc.deleted += old_hi - old_lo

    def _record_lines(self, track: _Track, index: int, diff: _Diff) -> None:
        lines = self.files[track.current].lines
        line_map = track.map
        for _old_lo, _old_hi, new_lo, new_hi in diff.hunks:
            lo, hi = (new_lo, new_hi - 1) if new_hi > new_lo else (max(new_lo - 1, 1),) * 2
            first, last = line_map(lo), line_map(hi)
            if first > 0 and last > 0:
                lines.append(index, first, last)
            elif first > 0 or last > 0:  # one end deleted since: what is left of it
                if first <= 0:
                    first = min(1 - first, last) if first < 0 else last
                else:
                    last = max(-last, first) if last < 0 else first
                lines.append(index, first, last)
            elif first < 0 or last < 0:  # all of it deleted since
                gone = first if first < 0 else last
                lines.append(index, gone, gone)

    def finish(self, history: History) -> None:
        history.commits = self.commits
        for path in sorted(self.files):
            acc = self.files[path]
            authors = tuple(sorted(acc.authors.items(), key=lambda kv: (-kv[1], kv[0])))
            history.files[path] = FileHistory(
                path, acc.commits, acc.added, acc.deleted, authors, acc.first, acc.last, bool(acc.binary)
            )
            history.line_changes[path] = acc.lines
