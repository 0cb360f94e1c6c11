"""The extractor finds the same functions and classes as Python's own `ast`.

A deterministic sample of the interpreter's stdlib (every 10th file, sorted by path, the
same file selection as benchmarks/ast_count.py) is counted both ways.
"""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest

from benchmarks import ast_count
from codeintel.languages.python import extract_python
from codeintel.scan.ast_check import ast_definition_counts

STDLIB = Path(sysconfig.get_paths()["stdlib"])


@pytest.fixture(scope="module")
def sample() -> list[tuple[str, tuple[int, int], tuple[int, int], int]]:
    """(path, ast counts, extractor counts, extractor syntax errors) for files ast parses."""
    corpus = ast_count.load_corpus(STDLIB)
    rows = []
    for path, data in corpus.files[::10]:
        expected = ast_definition_counts(data)
        if expected is None:
            continue
        facts = extract_python(data, str(path), "")
        classes = sum(1 for d in facts.definitions if d.kind == "class")
        functions = sum(1 for d in facts.definitions if d.kind in ("function", "method"))  # ast counts no lambdas
        rows.append((str(path), expected, (functions, classes), facts.syntax_errors))
    return rows


def test_sample_is_large_enough(sample):
    assert len(sample) >= 150


@pytest.mark.parametrize(("index", "label"), [(0, "functions"), (1, "classes")])
def test_totals_agree_within_one_percent(sample, index, label):
    expected = sum(row[1][index] for row in sample)
    actual = sum(row[2][index] for row in sample)
    assert ast_count.relative_difference(expected, actual) <= 0.01, (label, expected, actual)


def test_counts_are_exact_per_file_where_tree_sitter_parses_cleanly(sample):
    # Files where tree-sitter's grammar disagrees with CPython (it reports syntax errors on
    # a few valid files, e.g. test/test_compile.py) are excused from exactness only.
    differing = [
        (path, expected, actual) for path, expected, actual, errors in sample if not errors and expected != actual
    ]
    assert differing == []


def test_almost_every_file_ast_parses_is_clean_for_tree_sitter(sample):
    assert sum(1 for row in sample if row[3]) <= len(sample) // 100 + 1
