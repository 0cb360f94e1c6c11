"""What every hand-written call-graph suite (tests/<language>_suite) does the same way.

A case is a folder with source files and an `expected.json` in PyCG's format. It is read as the
scan reads a repository: every file whose name the ingest layer gives a language with an
extractor (manifests such as go.mod and tsconfig.json included, `.h` headers sniffed for C++),
extracted with the registered extractor and built by the GraphBuilder with the registered
analyses. Its CALLS edges, named as the PyCG export names them, are scored against the case.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from codeintel.ingest.language import language_by_name, refine_language
from codeintel.languages import EXTRACTORS, extract
from codeintel.model import FileFacts
from codeintel.resolve.accuracy import Score
from codeintel.resolve.build import GraphBuilder

TESTS = Path(__file__).resolve().parent


def cases(suite: str) -> list[Path]:
    """The case folders of tests/<suite>, sorted."""
    return sorted(path.parent for path in (TESTS / suite).glob("*/*/expected.json"))


def case_facts(case: Path) -> dict[str, FileFacts]:
    facts = {}
    for file in sorted(case.rglob("*")):
        if not file.is_file() or file.name == "expected.json":
            continue
        path = file.relative_to(case).as_posix()
        language = language_by_name(path)
        if language is None:
            continue
        data = file.read_bytes()
        language = refine_language(path, language, data)
        if language in EXTRACTORS:
            facts[path] = extract(language, data, path, path)
    return facts


def pycg_of(case: Path) -> dict[str, list[str]]:
    """What `codeintel callgraph --format pycg` gives for the case scanned as a repository."""
    facts = case_facts(case)
    builder = GraphBuilder("r", facts)
    try:
        batch = builder.build(node_files=facts, edge_files=facts).batch
    finally:
        builder.close()
    labels = ("Module", "Class", "Function", "External")
    names = {row["id"]: row.get("qualname") or row["name"] for label in labels for row in batch.nodes.get(label, ())}
    graph: dict[str, set[str]] = {names[row["id"]]: set() for label in labels[:3] for row in batch.nodes.get(label, ())}
    for edge in batch.edges:
        if edge.type == "CALLS":
            graph.setdefault(names[edge.src], set()).add(names[edge.dst])
    return {key: sorted(values) for key, values in sorted(graph.items())}


def expected_of(case: Path) -> dict[str, list[str]]:
    return json.loads((case / "expected.json").read_text())


def name_of(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


def scores(suite: str) -> tuple[Score, dict[str, Score]]:
    """Edge precision and recall over the whole suite and per category."""
    overall, by_category = Score(), {}
    for case in cases(suite):
        expected, actual = expected_of(case), pycg_of(case)
        overall.add(name_of(case), expected, actual)
        by_category.setdefault(case.parent.name, Score()).add(name_of(case), expected, actual)
    return overall, by_category


def badly_formed(suite: str) -> list[str]:
    """Cases whose expectation is not sorted PyCG JSON naming exactly the case's modules, types and
    functions (keys) with sorted, distinct callees."""
    wrong = []
    for case in cases(suite):
        expected = expected_of(case)
        if list(expected) != sorted(expected):
            wrong.append(f"{name_of(case)}: keys not sorted")
        wrong.extend(
            f"{name_of(case)}: callees of {caller} not sorted and distinct"
            for caller, callees in expected.items()
            if callees != sorted(set(callees))
        )
        keys = set(pycg_of(case))
        if set(expected) != keys:
            wrong.append(f"{name_of(case)}: keys differ: {sorted(set(expected) ^ keys)}")
    return wrong


def report(suite: str) -> None:  # pragma: no cover - `python -m tests.unit.test_<language>_suite`
    overall, by_category = scores(suite)
    for category, score in sorted(by_category.items()):
        print(f"{category:24} precision {score.precision:.3f} recall {score.recall:.3f}")
    print(f"{'all':24} precision {overall.precision:.3f} recall {overall.recall:.3f} ({len(cases(suite))} cases)")
    print("missing:", *overall.missing, sep="\n  ")
    print("spurious:", *overall.spurious, sep="\n  ")


def compile_errors(suite: str, compiler: list[str], suffixes: tuple[str, ...]) -> list[str]:
    """Every source file of every case through the compiler (`-fsyntax-only`), with the case's
    root and its `include` folders as include directories: the suites hold only valid programs."""
    errors = []
    for case in cases(suite):
        folders = sorted({case, *(p for p in case.rglob("include") if p.is_dir())})
        for file in sorted(p for p in case.rglob("*") if p.suffix in suffixes):
            done = subprocess.run(
                [*compiler, "-fsyntax-only", *(f"-I{folder}" for folder in folders), str(file)],
                capture_output=True,
                text=True,
            )
            if done.returncode:
                errors.append(f"{name_of(case)}/{file.name}: {done.stderr[-300:]}")
    return errors
