"""Hotspots: the code that is both complex and changed often, and the files that change together.

The idea is Adam Tornhill's ("Your Code as a Crime Scene", code-maat, CodeScene): complexity alone
does not say where effort goes, and change frequency alone flags changelogs and config files; the
code that is complicated *and* keeps being changed is where defects and cost concentrate. Input:
a `History` (codeintel.analysis.history) and the function metrics rows of the same commit (the
`function_metrics` named query: id, qualname, file, start_line, end_line, lines, cyclomatic,
optionally cognitive).

Files
-----
    score = (commits / most commits of a ranked file) x (complexity / highest complexity of a ranked file)

`commits` is the number of commits read that changed the file; `complexity` is the sum over its
functions of the chosen measure (the complexity that a change to the file has to work through),
or with `complexity="lines"` its line count from `file_lines` (Tornhill's own proxy; without
`file_lines`, the lines of its functions). The product is used rather
than a sum because a hotspot needs both: a file that never changes or has no complexity scores 0,
however extreme the other figure. Dividing by the maxima only puts the score in [0, 1] for
display; the order is that of the plain product. Ranked: files that the scan knows (those with
function rows, or listed in `file_lines`), changed at least `min_commits` times, complexity > 0.

Functions
---------
    score = (commits / most commits of a ranked function) x (complexity / highest complexity of a ranked function)

A function's `commits` are the distinct commits with a hunk that, carried forward to the analysed
commit, overlaps its current span or was deleted since from inside it (see history.py for what
that measures and where it is approximate); `changed_lines` sums those overlaps, a hunk deleted
since counting 1. The measure is cognitive complexity when
every row has one, else cyclomatic (`complexity="auto"`), so that one ranking never mixes them.

Change coupling
---------------
For two files, over the commits that are not bulk commits (history.py's `bulk_commit_files`,
code-maat's max-changeset-size):

    degree = 100 x shared commits / average(commits of a, commits of b)

which is code-maat's coupling degree. Kept when shared >= `coupling_min_shared` (5), both files
have >= `coupling_min_commits` (5) such commits, and degree >= `coupling_min_degree` (30 %):
code-maat's defaults for min-shared-revs, min-revs and min-coupling. Ranked by degree, then shared
commits.

Every list is in a total, deterministic order (score, then the figures, then the path).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any, Literal, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from codeintel.analysis.history import DAY_S, History

Measure = Literal["cyclomatic", "cognitive", "lines"]


class HotspotConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    complexity: Literal["auto", "cyclomatic", "cognitive", "lines"] = Field(
        "auto",
        description="auto: cognitive where every function row has it, else cyclomatic; lines: file and function "
        "lengths (for files: file_lines when given)",
    )
    min_commits: int = Field(2, ge=1, description="a file or function changed fewer times is not ranked")
    max_files: int | None = Field(100, ge=1, description="keep this many file hotspots (None: all)")
    max_functions: int | None = Field(100, ge=1, description="keep this many function hotspots (None: all)")
    coupling_min_shared: int = Field(5, ge=1, description="code-maat min-shared-revs")
    coupling_min_commits: int = Field(5, ge=1, description="code-maat min-revs: commits of each file")
    coupling_min_degree: float = Field(30.0, ge=0, le=100, description="code-maat min-coupling, percent")
    max_couplings: int | None = Field(100, ge=1, description="keep this many couplings (None: all)")


class FileHotspot(NamedTuple):
    path: str
    score: float
    commits: int
    added: int
    deleted: int
    authors: int
    main_author: str
    """The author of most of its commits (ties: the first e-mail in order)."""
    age_days: float
    """Days from its last change to the analysed commit."""
    complexity: int
    """Sum of its functions' measure (or its lines, for measure 'lines')."""
    functions: int
    lines: int | None


class FunctionHotspot(NamedTuple):
    id: str
    qualname: str
    file: str
    start_line: int
    end_line: int
    score: float
    commits: int
    changed_lines: int
    authors: int
    age_days: float
    """Days from the last commit that changed it to the analysed commit."""
    complexity: int


class ChangeCoupling(NamedTuple):
    a: str
    b: str
    """The two files, a < b."""
    shared: int
    commits_a: int
    commits_b: int
    degree: float
    """100 x shared / average(commits_a, commits_b)."""


class Hotspots(NamedTuple):
    files: list[FileHotspot]
    functions: list[FunctionHotspot]
    couplings: list[ChangeCoupling]
    measure: Measure
    """The complexity measure that the scores use."""
    commits: int
    """Commits of history read."""
    truncated: bool
    """Older history exists that was not read because of max_commits or a shallow clone (a
    `since` bound is the caller's own choice and not flagged)."""
    seconds: float
    """Wall time of the ranking (the mining's is History.seconds)."""


def find_hotspots(
    history: History,
    function_metrics: Iterable[Mapping[str, Any]],
    file_lines: Mapping[str, int] | None = None,
    config: HotspotConfig | None = None,
) -> Hotspots:
    """Rank files and functions by change frequency x complexity, and list coupled file pairs."""
    started = time.perf_counter()
    config = config or HotspotConfig()
    rows = [row for row in function_metrics if row.get("file") and row.get("start_line") is not None]
    measure = _measure(config, rows, file_lines)
    files = _file_hotspots(history, rows, file_lines, measure, config)
    functions = _function_hotspots(history, rows, measure, config)
    couplings = change_coupling(history, config)
    return Hotspots(
        files, functions, couplings, measure, len(history.commits), history.truncated, time.perf_counter() - started
    )


def _measure(config: HotspotConfig, rows: list[Mapping[str, Any]], file_lines: Mapping[str, int] | None) -> Measure:
    if config.complexity != "auto":
        return config.complexity
    if not rows:
        return "lines" if file_lines else "cyclomatic"
    return "cognitive" if all(row.get("cognitive") is not None for row in rows) else "cyclomatic"


def _complexity(row: Mapping[str, Any], measure: Measure) -> int:
    return int(row.get(measure) or 0)


def _ranked(scored: list[tuple[int, int, Any]], limit: int | None) -> list[tuple[float, Any]]:
    """(commits, complexity, item) -> (normalised product, item), best first; ties by the item."""
    if not scored:
        return []
    most = max(c for c, _, _ in scored)
    highest = max(x for _, x, _ in scored)
    out = [((c / most) * (x / highest), item) for c, x, item in scored]
    out.sort(key=lambda pair: (-pair[0], pair[1]))
    return out[:limit] if limit is not None else out


def _file_hotspots(
    history: History,
    rows: list[Mapping[str, Any]],
    file_lines: Mapping[str, int] | None,
    measure: Measure,
    config: HotspotConfig,
) -> list[FileHotspot]:
    complexity: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    for row in rows:
        functions[row["file"]] += 1
        complexity[row["file"]] += _complexity(row, measure)
    known = set(functions) | set(file_lines or ())
    scored = []
    for path in sorted(known):
        changes = history.files.get(path)
        if changes is None or changes.commits < config.min_commits:
            continue
        lines = (file_lines or {}).get(path)
        value = (lines or 0) if measure == "lines" and file_lines else complexity[path]
        if value > 0:
            scored.append((changes.commits, value, (-changes.commits, -value, path)))
    out = []
    for score, (_, value, path) in _ranked(scored, config.max_files):
        changes = history.files[path]
        main_author = changes.authors[0][0] if changes.authors else ""
        out.append(
            FileHotspot(
                path,
                score,
                changes.commits,
                changes.added,
                changes.deleted,
                len(changes.authors),
                main_author,
                history.age_days(path),
                -value,
                functions[path],
                (file_lines or {}).get(path),
            )
        )
    return out


def _function_hotspots(
    history: History, rows: list[Mapping[str, Any]], measure: Measure, config: HotspotConfig
) -> list[FunctionHotspot]:
    by_file: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        by_file[row["file"]].append(row)
    authors = {name: k for k, name in enumerate(sorted({c.author for c in history.commits}))}
    author_of = np.array([authors[c.author] for c in history.commits], dtype=np.int32)
    commit_time = np.array([c.time for c in history.commits], dtype=np.int64)
    now = history.time or 0
    scored = []
    for path in sorted(by_file):
        changes = history.line_changes.get(path)
        if changes is None or not len(changes):
            continue
        commit = np.frombuffer(changes.commit, dtype=np.int32)
        first = np.frombuffer(changes.first, dtype=np.int32)
        last = np.frombuffer(changes.last, dtype=np.int32)
        for row in by_file[path]:
            start, end = int(row["start_line"]), int(row.get("end_line") or row["start_line"])
            alive = (first > 0) & (first <= end) & (last >= start)
            gone = (first < 0) & (-first >= start) & (-first < end)  # deleted since, from strictly inside
            hit = alive | gone
            if not hit.any():
                continue
            commits = np.unique(commit[hit])
            if len(commits) < config.min_commits:
                continue
            value = _complexity(row, measure)
            if value <= 0:
                continue
            overlap = int((np.minimum(last[alive], end) - np.maximum(first[alive], start) + 1).sum() + gone.sum())
            evidence = (
                len(commits),
                overlap,
                len(np.unique(author_of[commits])),
                max(0, now - int(commit_time[commits].max())) / DAY_S,
            )
            key = (-len(commits), -value, path, start, str(row.get("qualname", "")))
            scored.append((len(commits), value, (key, row, evidence)))
    out = []
    for score, (key, row, (n, overlap, n_authors, age)) in _ranked(scored, config.max_functions):
        out.append(
            FunctionHotspot(
                str(row.get("id") or f"{row['file']}::{row.get('qualname', '')}"),
                str(row.get("qualname", "")),
                row["file"],
                key[3],
                int(row.get("end_line") or key[3]),
                score,
                n,
                overlap,
                n_authors,
                age,
                -key[1],
            )
        )
    return out


def change_coupling(history: History, config: HotspotConfig | None = None) -> list[ChangeCoupling]:
    """File pairs that change together (code-maat's coupling analysis), strongest first."""
    config = config or HotspotConfig()
    changesets = [c.files for c in history.commits if not c.bulk]
    counts = Counter(path for files in changesets for path in files)  # a file's commits, alone or not
    floor = max(config.coupling_min_commits, config.coupling_min_shared)
    shared: Counter[tuple[str, str]] = Counter()
    for files in changesets:
        if len(files) < 2:
            continue
        eligible = [p for p in files if counts[p] >= floor]  # files are sorted, so pairs come out a < b
        shared.update(combinations(eligible, 2))
    out = []
    for (a, b), n in shared.items():
        if n < config.coupling_min_shared:
            continue
        degree = 100.0 * n / ((counts[a] + counts[b]) / 2)
        if degree >= config.coupling_min_degree:
            out.append(ChangeCoupling(a, b, n, counts[a], counts[b], degree))
    out.sort(key=lambda c: (-c.degree, -c.shared, c.a, c.b))
    return out[: config.max_couplings] if config.max_couplings is not None else out
