"""Hotspots at scale: git history mining (codeintel.analysis.history) and ranking
(codeintel.analysis.hotspots), seconds per stage and peak memory, on

  (a) the bench corpus of ../shared/bench/fetch_corpus.sh: unpacked releases from package
      registries, none a git repository, so each is answered with NotAGitRepository (timed);
  (b) a real repository with history (this one by default, --repo): mining, function metrics
      of its files at the analysed commit (the real extractors, from `git archive`), ranking;
      and a cross-check with `git blame`: every current line whose last change lies in the
      window must be covered by a hunk of that very commit carried forward;
  (c) a synthetic history of realistic size over real code: the Python files of a corpus project
      (django-5.2.19: 2,823 files, 492k lines) imported by `git fast-import` as the root commit,
      then --commits more commits (20,000 by default, deterministic: seeded) that edit lines
      inside real functions (a comment appended to a line, a comment line inserted, an inserted
      line deleted again), with skewed popularity of files and functions, 60 authors, files
      that change with fixed partners (coupling), 0.4 % bulk commits of 60-200 files, renames,
      files added and deleted. The generator knows which functions each commit edited, so the
      per-function commit counts are checked against the truth; the function spans it tracked
      are checked against the extractor's on the final tree. Mined twice: with the default
      bound (max_commits 5,000) and the whole history;
  (d) the worst case for the line maps: one 3,000-line file changed in each of 5,000 commits
      (1-4 random lines inserted, deleted or rewritten each time), so its map has ~1,800 pieces.

Each measured stage runs in a fresh process, so its peak resident memory (ru_maxrss) is its own;
git's peak is that of its largest child process. The synthetic repository is built once under
--work and reused (delete it to rebuild). Usage:

    bash ../shared/bench/fetch_corpus.sh bench
    python benchmarks/hotspots.py [--repo PATH] [--project django-5.2.19] [--commits 20000]
        [--work DIR] [--skip-synthetic] [--json OUT]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import random
import resource
import subprocess
import sys
import tarfile
import time
from collections import defaultdict
from pathlib import Path

CORPUS = Path(os.environ.get("CORPUS_CACHE", Path.home() / ".cache" / "codeintel-corpus"))
T0 = 1_600_000_000
SEED = 20240607


# -- function rows, as the function_metrics query gives them -------------------------------------


def function_rows(path: str, data: bytes) -> list[dict]:
    from codeintel.ingest.language import detect_language
    from codeintel.languages import EXTRACTORS, extract

    language = detect_language(path, data[:512])
    if language not in EXTRACTORS or language in ("gomod", "tsconfig"):
        return []
    facts = extract(language, data, path, "")
    return [
        {
            "id": f"{path}::{d.qualname}:{d.span.start_line}",
            "qualname": d.qualname,
            "file": path,
            "start_line": d.span.start_line,
            "end_line": d.span.end_line,
            "lines": d.metrics.lines,
            "cyclomatic": d.metrics.cyclomatic,
        }
        for d in facts.definitions
        if d.metrics is not None
    ]


def peak() -> dict:
    return {
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "git_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


# -- (a) the corpus -----------------------------------------------------------------------------


def stage_corpus(_args: dict) -> dict:
    from codeintel.analysis.history import NotAGitRepository, mine_history

    projects = sorted(p for p in (CORPUS / "src").glob("*/*") if p.is_dir())
    out = []
    for project in projects:
        started = time.perf_counter()
        try:
            history = mine_history(project)
            answer = f"{len(history.commits)} commits"
        except NotAGitRepository:
            answer = "NotAGitRepository"
        out.append({"project": project.name, "answer": answer, "seconds": round(time.perf_counter() - started, 4)})
    return {"projects": out, **peak()}


# -- (b) a real repository ----------------------------------------------------------------------


def stage_real(args: dict) -> dict:
    from codeintel.analysis.history import mine_history
    from codeintel.analysis.hotspots import find_hotspots
    from codeintel.ingest.gitcmd import run_git

    root = Path(args["repo"])
    history = mine_history(root)
    started = time.perf_counter()
    rows, file_lines = [], {}
    with tarfile.open(fileobj=io.BytesIO(run_git(["archive", "--format=tar", history.commit], root))) as archive:
        for member in archive.getmembers():
            if member.isfile() and member.name in history.files:
                data = archive.extractfile(member).read()
                file_lines[member.name] = data.count(b"\n")
                rows += function_rows(member.name, data)
    metrics_s = time.perf_counter() - started
    hotspots = find_hotspots(history, rows, file_lines)
    return {
        "repo": str(root),
        "commits": len(history.commits),
        "files": len(history.files),
        "functions": len(rows),
        "hunks": sum(len(v) for v in history.line_changes.values()),
        "mine_s": round(history.seconds, 3),
        "function_metrics_s": round(metrics_s, 3),
        "rank_s": round(hotspots.seconds, 3),
        "blame_check": blame_check(root, history),
        "top_files": [(f.path, round(f.score, 3), f.commits, f.complexity) for f in hotspots.files[:5]],
        "top_functions": [
            (f.file, f.qualname, round(f.score, 3), f.commits, f.complexity) for f in hotspots.functions[:5]
        ],
        "top_couplings": [(c.a, c.b, c.shared, round(c.degree, 1)) for c in hotspots.couplings[:5]],
        **peak(),
    }


def blame_check(root: Path, history, files: int = 80) -> dict:
    """Lines whose `git blame` commit is in the window, and how many a hunk of that commit covers."""
    from codeintel.ingest.gitcmd import run_git

    index = {c.sha: i for i, c in enumerate(history.commits)}
    paths = sorted(p for p, f in history.files.items() if not f.binary)
    paths = random.Random(SEED).sample(paths, min(files, len(paths)))
    checked = covered = 0
    for path in paths:
        cover = defaultdict(list)
        for change in history.line_changes[path]:
            cover[change.commit].append((change.first, change.last))
        porcelain = run_git(["blame", "--porcelain", history.commit, "--", path], root)
        for line in porcelain.decode("utf-8", "replace").splitlines():
            parts = line.split()
            if len(parts) >= 3 and len(parts[0]) == 40 and parts[0] in index:
                checked += 1
                final = int(parts[2])
                covered += any(a <= final <= b for a, b in cover[index[parts[0]]])
    return {"files": len(paths), "lines": checked, "covered": covered}


# -- (c) a synthetic history over real code -----------------------------------------------------


class Generated:
    """The files as they are after the last commit generated, and which commits touched which function."""

    def __init__(self) -> None:
        self.lines: dict[str, list[str]] = {}
        self.spans: dict[str, list[list]] = {}  # path -> [[start, end, function key]]
        self.truth: dict[int, set[int]] = defaultdict(set)  # function key -> commit marks
        self.rows: dict[int, dict] = {}  # function key -> its metrics row (file, lines updated at the end)


def build_synthetic(work: Path, project: str, commits: int) -> Path:
    repo = work / f"{project}-{commits}.git"
    done = repo / "codeintel-truth.pickle"
    if done.exists():
        return repo
    source = CORPUS / "src" / "python" / project
    if not source.is_dir():
        sys.exit(f"{source} is missing: run bash ../shared/bench/fetch_corpus.sh bench")
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(repo)], check=True)
    rng = random.Random(SEED)
    state = Generated()
    started = time.perf_counter()
    for path in sorted(source.rglob("*.py")):
        rel = str(path.relative_to(source))
        add_file(state, rel, path.read_bytes(), mark=1)
    paths = sorted(state.lines)
    file_weight = {p: rng.paretovariate(1.2) for p in paths}
    fn_weight = {key: rng.paretovariate(1.2) for spans in state.spans.values() for *_, key in spans}
    by_dir = defaultdict(list)
    for p in paths:
        by_dir[os.path.dirname(p)].append(p)
    partners = {p: rng.sample(by_dir[os.path.dirname(p)], min(2, len(by_dir[os.path.dirname(p)]))) for p in paths}
    authors = [(f"Dev {i}", f"dev{i}@example.com") for i in range(60)]
    author_weight = [1 / (i + 1) for i in range(60)]
    fi = subprocess.Popen(
        ["git", "fast-import", "--quiet", f"--export-marks={repo / 'marks'}"], cwd=repo, stdin=subprocess.PIPE
    )
    out = fi.stdin
    emit_commit(out, 1, authors[0], T0, sorted(state.lines), state, deleted=())
    generated = []
    for mark in range(2, commits + 2):
        when = T0 + mark * 1800 + rng.randrange(900)
        author = rng.choices(authors, author_weight)[0]
        live = sorted(state.lines)
        roll = rng.random()
        changed, deleted = set(), []
        if roll < 0.004:  # bulk: a sweep over many files
            for path in rng.sample(live, rng.randrange(60, 200)):
                changed |= edit(state, path, rng, fn_weight, mark, edits=1)
        elif roll < 0.005:  # rename (and edit) a file
            old = rng.choices(paths, [file_weight[p] for p in paths])[0]
            if old in state.lines:
                new = f"moved/m{mark}/{os.path.basename(old)}"
                rename(state, old, new, file_weight, partners)
                paths[paths.index(old)] = new
                deleted.append(old)
                changed |= {new} | edit(state, new, rng, fn_weight, mark, edits=1)
        elif roll < 0.007:  # a new module
            path = f"generated/mod_{mark}.py"
            add_file(state, path, template(mark).encode(), mark)
            for *_, key in state.spans[path]:
                fn_weight[key] = rng.paretovariate(1.2)
            file_weight[path] = rng.paretovariate(1.2)
            partners[path] = []
            paths.append(path)
            generated.append(path)
            changed.add(path)
        elif roll < 0.008 and generated:  # a module deleted again
            path = generated.pop(rng.randrange(len(generated)))
            paths.remove(path)
            del state.lines[path], state.spans[path]
            deleted.append(path)
        else:
            first = rng.choices(paths, [file_weight[p] for p in paths])[0]
            chosen = [first]
            if partners[first] and rng.random() < 0.35:
                chosen += rng.sample(partners[first], rng.randint(1, len(partners[first])))
            if rng.random() < 0.15:
                chosen += rng.sample(paths, rng.randint(1, 3))
            for path in dict.fromkeys(chosen):
                changed |= edit(state, path, rng, fn_weight, mark, edits=rng.randint(1, 3))
        emit_commit(out, mark, author, when, sorted(changed), state, deleted)
    out.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    marks = dict(line.split() for line in (repo / "marks").read_text().splitlines())
    build_s = time.perf_counter() - started
    # final rows: the tracked spans, checked against the extractor's on the final tree
    final = {}
    for path, spans in state.spans.items():
        for start, end, key in spans:
            final[key] = {**state.rows[key], "file": path, "start_line": start, "end_line": end}
    extracted = set()
    for path, lines in state.lines.items():
        for row in function_rows(path, "".join(lines).encode()):
            extracted.add((row["file"], row["qualname"], row["start_line"], row["end_line"]))
    tracked = {(r["file"], r["qualname"], r["start_line"], r["end_line"]) for r in final.values()}
    truth = {
        "rows": list(final.values()),
        "truth": {final[k]["id"]: sorted(marks[f":{m}"] for m in ms) for k, ms in state.truth.items() if k in final},
        "spans_agree": len(tracked & extracted),
        "spans_tracked": len(tracked),
        "build_s": round(build_s, 1),
        "commits": commits + 1,
        "files": len(state.lines),
        "lines": sum(len(v) for v in state.lines.values()),
    }
    done.write_bytes(pickle.dumps(truth))
    return repo


def add_file(state: Generated, path: str, data: bytes, mark: int) -> None:
    text = data.decode("utf-8", "surrogateescape")
    state.lines[path] = text.splitlines(keepends=True)
    if state.lines[path] and not state.lines[path][-1].endswith("\n"):
        state.lines[path][-1] += "\n"
    state.spans[path] = []
    for row in function_rows(path, data):
        key = len(state.rows)
        state.rows[key] = {**row, "id": f"fn{key}"}
        state.spans[path].append([row["start_line"], row["end_line"], key])
        state.truth[key].add(mark)


def template(mark: int) -> str:
    return "".join(
        f"def f{mark}_{i}(x, y):\n    if x > y:\n        return x - y\n    for _ in range(y):\n"
        f"        x += 1\n    return x\n\n\n"
        for i in range(4)
    )


def rename(state: Generated, old: str, new: str, file_weight: dict, partners: dict) -> None:
    state.lines[new] = state.lines.pop(old)
    state.spans[new] = state.spans.pop(old)
    file_weight[new] = file_weight.pop(old)
    partners[new] = [p for p in partners.pop(old) if p != old]
    for others in partners.values():
        if old in others:
            others[others.index(old)] = new


def edit(state: Generated, path: str, rng: random.Random, fn_weight: dict, mark: int, edits: int) -> set[str]:
    """Edit lines inside functions of `path` (chosen by weight), or when it has none (or no edit
    fitted) append a comment line at its end, outside any function; return {path}."""
    lines, spans = state.lines[path], state.spans[path]
    bodies = [s for s in spans if s[1] > s[0]]
    changed = False
    for _ in range(edits if bodies else 0):
        start, end, key = rng.choices(bodies, [fn_weight[s[2]] for s in bodies])[0]
        p = rng.randint(start + 1, end)  # 1-based, strictly after the def line
        kind = rng.random()
        if kind < 0.15:  # delete a comment line inserted earlier, when the function has one
            mine = [  # not one inserted by this very commit: the two edits would cancel out
                q
                for q in range(start + 1, end + 1)
                if lines[q - 1].lstrip().startswith("# e") and lines[q - 1].strip() != f"# e{mark}"
            ]
            if not mine:
                continue
            p = rng.choice(mine)
            touched = [s for s in spans if s[0] <= p <= s[1]]
            del lines[p - 1]
            for s in spans:
                if s[0] > p:
                    s[0] -= 1
                    s[1] -= 1
                elif s[0] < p <= s[1]:
                    s[1] -= 1
        elif kind < 0.55:  # insert a comment line before line p
            if lines[p - 2].rstrip("\n").endswith("\\"):
                continue
            indent = lines[p - 1][: len(lines[p - 1]) - len(lines[p - 1].lstrip())].rstrip("\n")
            lines.insert(p - 1, f"{indent}# e{mark}\n")
            for s in spans:
                if s[0] >= p:
                    s[0] += 1
                    s[1] += 1
                elif s[0] < p <= s[1]:
                    s[1] += 1
            touched = [s for s in spans if s[0] <= p <= s[1]]
        else:  # append a comment to line p
            text = lines[p - 1].rstrip("\n")
            if text.endswith("\\") or not text.strip():
                continue
            lines[p - 1] = f"{text}  # c{mark}\n"
            touched = [s for s in spans if s[0] <= p <= s[1]]
        for *_, touched_key in touched:
            state.truth[touched_key].add(mark)
        changed = True
    if not changed:
        lines.append(f"# t{mark}\n")
    return {path}


def emit_commit(out, mark: int, author: tuple, when: int, changed: list, state: Generated, deleted) -> None:
    who = f"{author[0]} <{author[1]}> {when} +0000"
    message = f"commit {mark}\n".encode()
    head = f"commit refs/heads/main\nmark :{mark}\nauthor {who}\ncommitter {who}\ndata {len(message)}\n"
    out.write(head.encode() + message)
    if mark > 1:
        out.write(f"from :{mark - 1}\n".encode())
    for path in deleted:
        out.write(f"D {path}\n".encode())
    for path in changed:
        data = "".join(state.lines[path]).encode("utf-8", "surrogateescape")
        out.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
    out.write(b"\n")


def stage_synthetic(args: dict) -> dict:
    from codeintel.analysis.history import HistoryConfig, mine_history
    from codeintel.analysis.hotspots import find_hotspots

    repo = Path(args["repo"])
    truth = pickle.loads((repo / "codeintel-truth.pickle").read_bytes())
    history = mine_history(repo, config=HistoryConfig(max_commits=args["max_commits"]))
    hotspots = find_hotspots(history, truth["rows"])
    window = {c.sha for c in history.commits}
    counted = {}
    for fn in find_hotspots(history, truth["rows"], config=_all()).functions:
        counted[fn.id] = fn.commits
    exact = close = total = 0
    for row in truth["rows"]:
        expected = len([s for s in truth["truth"].get(row["id"], ()) if s in window])
        if not expected:
            continue
        total += 1
        got = counted.get(row["id"], 0)
        exact += got == expected
        close += abs(got - expected) <= max(1, expected // 10)
    return {
        "max_commits": args["max_commits"],
        "commits_read": len(history.commits),
        "truncated": history.truncated,
        "files": len(history.files),
        "hunks": sum(len(v) for v in history.line_changes.values()),
        "bulk_commits": sum(c.bulk for c in history.commits),
        "mine_s": round(history.seconds, 2),
        "rank_s": round(hotspots.seconds, 2),
        "functions_changed": total,
        "function_commits_exact": exact,
        "function_commits_within_10pct": close,
        "top_functions": [(f.file, f.qualname, f.commits, f.complexity) for f in hotspots.functions[:3]],
        "top_couplings": [(c.a, c.b, c.shared, round(c.degree, 1)) for c in hotspots.couplings[:3]],
        **peak(),
    }


def _all():
    from codeintel.analysis.hotspots import HotspotConfig

    return HotspotConfig(min_commits=1, max_functions=None, complexity="lines")


# -- (d) one hot file ---------------------------------------------------------------------------


def build_hot_file(work: Path, commits: int = 5000, length: int = 3000) -> Path:
    repo = work / f"hot-file-{commits}.git"
    if (repo / "refs" / "heads" / "main").exists():
        return repo
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(repo)], check=True)
    rng = random.Random(SEED)
    lines = [f"x_{i} = {i}\n" for i in range(length)]
    fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
    for mark in range(1, commits + 1):
        for _ in range(rng.randint(1, 4)):
            p, kind = rng.randrange(len(lines)), rng.random()
            if kind < 0.3:
                lines.insert(p, f"inserted_{mark} = 0\n")
            elif kind < 0.5 and len(lines) > length // 2:
                del lines[p]
            else:
                lines[p] = f"{lines[p].rstrip()}  # {mark}\n"
        data = "".join(lines).encode()
        who = f"Dev <dev@example.com> {T0 + mark * 60} +0000"
        fi.stdin.write(f"commit refs/heads/main\nmark :{mark}\nauthor {who}\ncommitter {who}\ndata 2\nm\n".encode())
        if mark > 1:
            fi.stdin.write(f"from :{mark - 1}\n".encode())
        fi.stdin.write(f"M 100644 inline hot.py\ndata {len(data)}\n".encode() + data + b"\n\n")
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    return repo


def stage_hot_file(args: dict) -> dict:
    from codeintel.analysis.history import mine_history

    history = mine_history(Path(args["repo"]))
    return {
        "commits": len(history.commits),
        "hunks": len(history.line_changes["hot.py"]),
        "mine_s": round(history.seconds, 2),
        **peak(),
    }


# -- driver -------------------------------------------------------------------------------------

STAGES = {"corpus": stage_corpus, "real": stage_real, "synthetic": stage_synthetic, "hot_file": stage_hot_file}


def run_stage(name: str, **kwargs) -> dict:
    """One stage in a fresh process, so that its peak memory is its own."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--stage", name, "--stage-args", json.dumps(kwargs)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"stage {name} failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["stage_wall_s"] = round(time.perf_counter() - started, 2)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    ap.add_argument("--project", default="django-5.2.19")
    ap.add_argument("--commits", type=int, default=20_000)
    ap.add_argument("--work", type=Path, default=Path.home() / ".cache" / "codeintel-bench-hotspots")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    ap.add_argument("--stage-args", default="{}", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        print(json.dumps(STAGES[args.stage](json.loads(args.stage_args))))
        return

    report = {"corpus": run_stage("corpus"), "real": run_stage("real", repo=str(args.repo))}
    print(json.dumps(report["corpus"], indent=1), json.dumps(report["real"], indent=1), sep="\n", flush=True)
    if not args.skip_synthetic:
        args.work.mkdir(parents=True, exist_ok=True)
        repo = build_synthetic(args.work, args.project, args.commits)
        truth = pickle.loads((repo / "codeintel-truth.pickle").read_bytes())
        report["synthetic_repo"] = {k: v for k, v in truth.items() if k not in ("rows", "truth")}
        report["synthetic_repo"]["functions"] = len(truth["rows"])
        print(json.dumps(report["synthetic_repo"], indent=1), flush=True)
        report["synthetic"] = [
            run_stage("synthetic", repo=str(repo), max_commits=bound) for bound in (5000, args.commits + 1)
        ]
        print(json.dumps(report["synthetic"], indent=1))
        report["hot_file"] = run_stage("hot_file", repo=str(build_hot_file(args.work)))
        print(json.dumps(report["hot_file"], indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
