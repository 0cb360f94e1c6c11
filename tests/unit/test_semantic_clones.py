"""Semantic (Type-4) clones (codeintel/analysis/semantic_clones.py), as specifications.

Most cases give hand-set vectors (every function alike unless said otherwise) to functions
written here, so that each confirmation rule is seen alone; one runs the shipped model on pairs
of the hand-labelled fixture (tests/fixtures/clones/semantic, truth.yaml).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest
import yaml

from codeintel.analysis.clone_checks import CloneCheck, CloneCheckConfig
from codeintel.analysis.clones import CloneClass, Fragment, SourceText, find_clones
from codeintel.analysis.embeddings.store import EmbeddingSet, EmbeddingStore, text_hash
from codeintel.analysis.embeddings.symbols import SymbolInfo, SymbolText
from codeintel.analysis.inputs import EMBEDDINGS, RepositoryInputs
from codeintel.analysis.semantic_clones import (
    FunctionVectors,
    SemanticConfig,
    SemanticPair,
    find_semantic_clones,
    merge_classes,
    nearest_pairs,
    shape,
)
from codeintel.ingest.language import language_by_extension
from codeintel.store.records import FileState

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "clones" / "semantic"

EVEN_SQUARES = '''\
def even_squares(numbers):
    """The squares of the even numbers, in order."""
    squares = []
    for number in numbers:
        if number % 2 == 0:
            squares.append(number * number)
    return squares
'''
SQUARES_OF_EVENS = """\
def squares_of_evens(values):
    return [value**2 for value in values if value % 2 == 0]
"""


def fn(
    code: str,
    path: str = "pkg/a.py",
    start: int = 1,
    qualname: str | None = None,
    kind: str = "function",
    language: str = "python",
) -> SymbolText:
    """A function symbol with its text, named by its `def` (or `qualname`), at `start` in `path`."""
    code = textwrap.dedent(code).strip("\n")
    if qualname is None:
        qualname = code.split("(", 1)[0].split()[-1]
    name = qualname.rsplit(".", 1)[-1]
    info = SymbolInfo(
        id=f"{path}:{qualname}",
        repo="r",
        path=path,
        language=language,
        label="Function",
        kind=kind,
        name=name,
        qualname=qualname,
        start_line=start,
        end_line=start + code.count("\n"),
    )
    return SymbolText(symbol=info, text=code)


def alike(*functions: SymbolText, vectors: list[list[float]] | None = None) -> FunctionVectors:
    """The functions with the vectors given, or all with one vector (cosine 1 between any two)."""
    rows = np.array(vectors if vectors is not None else [[1.0, 0.0, 0.0]] * len(functions), dtype=np.float32)
    return FunctionVectors(list(functions), rows)


def names(found) -> list[tuple[str, str]]:
    return [p.names for p in found.pairs]


def why(found) -> set[str]:
    return {rule for rule, count in found.stats.rejected.items() if count}


# ---------------------------------------------------------------- neighbours


def test_each_row_is_paired_with_its_nearest_rows_above_the_threshold():
    vectors = np.array([[1, 0], [0.95, 0.31], [0.8, 0.6], [0, 1]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pairs = nearest_pairs(vectors, neighbours=1, min_cosine=0.9)
    assert [(int(i), int(j)) for i, j, _ in pairs] == [(0, 1), (1, 2)]


def test_a_pair_is_kept_when_either_side_has_the_other_among_its_nearest():
    # 2's nearest is 1, but 1's nearest is 0: the pair (1, 2) stays for 2's sake
    vectors = np.array([[1, 0], [0.99, 0.14], [0.9, 0.44]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pairs = {(int(i), int(j)) for i, j, _ in nearest_pairs(vectors, neighbours=1, min_cosine=0.0)}
    assert pairs == {(0, 1), (1, 2)}


@pytest.mark.parametrize("block", [1, 3, 7, 1000])
def test_the_search_in_blocks_finds_what_the_whole_matrix_says(block):
    rng = np.random.default_rng(block)
    vectors = rng.normal(size=(40, 6)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    products = vectors.astype(np.float64) @ vectors.T.astype(np.float64)
    np.fill_diagonal(products, -np.inf)
    expected = set()
    for i in range(40):
        for j in np.argsort(-products[i], kind="stable")[:3]:
            if products[i, j] >= 0.2:
                expected.add((min(i, int(j)), max(i, int(j))))
    found = {(int(i), int(j)) for i, j, _ in nearest_pairs(vectors, neighbours=3, min_cosine=0.2, block=block)}
    assert found == expected


# ---------------------------------------------------------------- what counts as a Type-4 clone


def test_a_loop_and_a_comprehension_with_alike_vectors_are_a_type4_pair():
    found = find_semantic_clones(alike(fn(EVEN_SQUARES), fn(SQUARES_OF_EVENS, path="pkg/b.py")))
    assert names(found) == [("even_squares", "squares_of_evens")]
    assert found.pairs[0].a == Fragment("pkg/a.py", 1, 7, 33)


def test_vectors_below_the_least_cosine_are_not_paired():
    vectors = [[1.0, 0.0], [0.6, 0.8]]  # cosine 0.6
    found = find_semantic_clones(alike(fn(EVEN_SQUARES), fn(SQUARES_OF_EVENS, path="pkg/b.py"), vectors=vectors))
    assert found.pairs == []


def test_classes_are_no_candidates():
    cls = fn(EVEN_SQUARES, path="pkg/b.py")
    cls = SymbolText(symbol=cls.symbol.model_copy(update={"label": "Class", "kind": "class"}), text=cls.text)
    assert find_semantic_clones(alike(fn(EVEN_SQUARES), cls)).pairs == []


def test_functions_in_different_language_families_are_never_paired():
    js = fn(
        """
        function evenSquares(numbers) {
          return numbers.filter((n) => n % 2 === 0).map((n) => n * n);
        }
        """,
        path="web/a.js",
        language="javascript",
    )
    assert find_semantic_clones(alike(fn(EVEN_SQUARES), js)).pairs == []


def test_a_function_and_one_defined_inside_it_are_one_region():
    outer = fn(
        """
        def outer(numbers):
            def inner(values):
                return [value**2 for value in values if value % 2 == 0]
            return inner(numbers) + [number * number for number in numbers]
        """
    )
    inner = fn(SQUARES_OF_EVENS.replace("squares_of_evens", "inner"), start=2, qualname="outer.inner")
    found = find_semantic_clones(alike(outer, inner))
    assert found.pairs == [] and why(found) == {"nested"}


def test_two_definitions_of_one_name_are_an_interface_implemented_twice():
    # an override in a sibling class, a backend's version of a hook, an overload
    a = fn(EVEN_SQUARES, path="backends/mysql.py", qualname="Ops.even_squares", kind="method")
    b = fn(SQUARES_OF_EVENS.replace("squares_of_evens", "even_squares"), path="backends/sqlite.py")
    found = find_semantic_clones(alike(a, b))
    assert found.pairs == [] and why(found) == {"same_name"}


def test_two_instance_methods_of_one_class_are_siblings_but_static_ones_may_be_clones():
    def method(code: str, start: int, static: bool) -> SymbolText:
        name = code.split("(", 1)[0].split()[-1]
        header = "public static int" if static else "public int"
        return fn(
            code.replace("HEADER", header),
            path="src/Numbers.java",
            start=start,
            qualname=f"Numbers.{name}",
            kind="method",
            language="java",
        )

    loop = """
        HEADER largest(List<Integer> values) {
            int best = values.get(0);
            for (int value : values) {
                if (value > best) {
                    best = value;
                }
            }
            return best;
        }
        """
    library = """
        HEADER maximum(List<Integer> numbers) {
            return Collections.max(numbers);
        }
        """
    instance = find_semantic_clones(alike(method(loop, 1, False), method(library, 20, False)))
    assert instance.pairs == [] and why(instance) == {"siblings"}
    static = find_semantic_clones(alike(method(loop, 1, True), method(library, 20, True)))
    assert names(static) == [("Numbers.largest", "Numbers.maximum")]


def test_names_one_word_apart_are_variants_of_one_operation():
    to_utc = fn("def to_utc(value, zone):\n    return value.replace(tzinfo=zone).astimezone(UTC)\n")
    from_utc = fn("def from_utc(value, zone):\n    return value.astimezone(zone).replace(tzinfo=None)\n", start=5)
    found = find_semantic_clones(alike(to_utc, from_utc), SemanticConfig(min_pair_tokens=1))
    assert found.pairs == [] and why(found) == {"name_variant"}


def test_two_one_line_functions_are_too_trivial_to_report():
    first = fn("def first_item(items):\n    return items[0] if items else None\n")
    head = fn("def head(values):\n    return next(iter(values), None)\n", path="pkg/b.py")
    found = find_semantic_clones(alike(first, head))
    assert found.pairs == [] and why(found) == {"trivial"}


def test_functions_of_very_different_size_are_not_a_pair():
    big = fn(
        EVEN_SQUARES.replace(
            "    return squares", "    squares.sort()\n    squares.reverse()\n" * 8 + "    return squares"
        )
    )
    found = find_semantic_clones(alike(big, fn(SQUARES_OF_EVENS, path="pkg/b.py")))
    assert found.pairs == [] and why(found) == {"size_ratio"}


def test_functions_taking_different_arguments_are_not_a_pair_the_receiver_not_counted():
    method = fn(EVEN_SQUARES.replace("(numbers)", "(self, numbers)"), qualname="Stats.even_squares", kind="method")
    assert names(find_semantic_clones(alike(method, fn(SQUARES_OF_EVENS, path="pkg/b.py")))) != []
    two = fn(SQUARES_OF_EVENS.replace("(values)", "(values, limit)"), path="pkg/b.py")
    found = find_semantic_clones(alike(fn(EVEN_SQUARES), two))
    assert found.pairs == [] and why(found) == {"parameters"}


def test_a_function_returning_a_value_and_one_returning_none_are_not_a_pair():
    printer = fn(
        """
        def show_squares_of_evens(values):
            for value in values:
                if value % 2 == 0:
                    print(value**2)
        """,
        path="pkg/b.py",
    )
    found = find_semantic_clones(alike(fn(EVEN_SQUARES), printer))
    assert found.pairs == [] and why(found) == {"result"}


def test_what_the_returns_evidently_are_must_agree():
    total = fn(
        """
        def total_of_even_squares(values):
            total = 0
            for value in values:
                if value % 2 == 0:
                    total += value * value
            return total
        """,
        path="pkg/b.py",
    )
    assert shape(EVEN_SQUARES, "python", "even_squares").kinds == {"list"}
    assert shape(total.text, "python", "total_of_even_squares").kinds == {"number"}
    found = find_semantic_clones(alike(fn(EVEN_SQUARES), total))
    assert found.pairs == [] and why(found) == {"result"}


def test_declared_result_types_must_be_the_same():
    def go(code: str, path: str) -> SymbolText:
        return fn(code, path=path, language="go")

    contains = go(
        """
        func Contains(list []string, s string) bool {
        \tfor _, item := range list {
        \t\tif item == s {
        \t\t\treturn true
        \t\t}
        \t}
        \treturn false
        }
        """,
        "a/a.go",
    )
    index = go("func Position(items []string, target string) int {\n\treturn slices.Index(items, target)\n}", "b/b.go")
    found = find_semantic_clones(alike(contains, index))
    assert found.pairs == [] and why(found) == {"result"}


def test_a_wrapper_calling_the_other_function_is_not_a_clone_of_it():
    wrapper = fn(
        """
        def nonzero_evens_squared(values):
            squares = even_squares(values)
            return [square for square in squares if square > 0]
        """,
        path="pkg/b.py",
    )
    found = find_semantic_clones(alike(fn(EVEN_SQUARES), wrapper))
    assert found.pairs == [] and why(found) == {"delegation"}


def test_calling_a_method_of_a_value_that_has_the_other_functions_name_is_no_delegation():
    def java(code: str, start: int) -> SymbolText:
        name = code.split("(", 1)[0].split()[-1]
        return fn(
            code, path="src/Numbers.java", start=start, qualname=f"Numbers.{name}", kind="method", language="java"
        )

    loop = java(
        """
        public static long sum(List<Integer> values) {
            long total = 0;
            for (int value : values) {
                total += value;
            }
            return total;
        }
        """,
        1,
    )
    stream = java(
        "public static long total(List<Integer> numbers) {\n"
        "    return numbers.stream().mapToLong(Integer::longValue).sum();\n}",
        20,
    )
    assert names(find_semantic_clones(alike(loop, stream))) == [("Numbers.sum", "Numbers.total")]


def test_code_one_operator_apart_is_a_copy_not_a_type4_clone():
    # the static finder's business: below its size bounds, and the copy does something else
    cheapest = """
        function cheapest(products) {
          let best = null;
          for (const product of products) {
            if (best === null || product.price < best.price) {
              best = product;
            }
          }
          return best;
        }
        """
    a = fn(cheapest, path="web/a.js", language="javascript")
    b = fn(cheapest.replace("cheapest", "dearest").replace("<", ">"), path="web/b.js", language="javascript")
    found = find_semantic_clones(alike(a, b))
    assert found.pairs == [] and why(found) == {"token_similarity"}


def test_each_function_keeps_only_its_best_partner():
    comprehension = fn(SQUARES_OF_EVENS, path="pkg/b.py")
    mapped = fn(
        """
        def evens_squared(items):
            evens = filter(lambda item: item % 2 == 0, items)
            return list(map(lambda item: item * item, evens))
        """,
        path="pkg/c.py",
    )
    vectors = [[1.0, 0.0], [0.96, 0.28], [0.9, 0.44]]  # loop-comprehension 0.96, loop-map 0.90, comprehension-map 0.98
    found = find_semantic_clones(alike(fn(EVEN_SQUARES), comprehension, mapped, vectors=vectors))
    assert names(found) == [("even_squares", "squares_of_evens"), ("squares_of_evens", "evens_squared")]
    assert found.stats.rejected["not_best"] == 1


# ---------------------------------------------------------------- what the tokens say


@pytest.mark.parametrize(
    ("language", "code", "name", "parameters", "result"),
    [
        ("python", "def f(self, a, b=(1, 2), *args, **kwargs) -> list[int]:\n    return []", "f", 4, "list [ int ]"),
        ("python", "def f(a, /, b, *, c):\n    return a", "f", 3, None),
        (
            "java",
            "public static Map<String, Integer> f(Map<String, Integer> m, int n) {}",
            "f",
            2,
            "Map < String , Integer >",
        ),
        ("java", "@Override\npublic void f() {}", "f", 0, "void"),
        (
            "go",
            "func (r *Repo) Find(ctx context.Context, ids ...int) (*Item, error) {}",
            "Find",
            2,
            "( * Item , error )",
        ),
        ("rust", "pub fn f(&mut self, x: Vec<(u8, u8)>) -> Option<u8> {}", "f", 1, "Option < u8 >"),
        ("typescript", "export const f = (a: number, b: number): number => a + b;", "f", 2, "number"),
        ("javascript", "const f = x => x * 2;", "f", 1, None),
    ],
)
def test_parameters_and_the_declared_result_are_read_from_the_header(language, code, name, parameters, result):
    found = shape(code, language, name)
    assert (found.parameters, found.result) == (parameters, result)


# ---------------------------------------------------------------- merged with the static classes


def static_class(*fragments: Fragment, kind: int = 2) -> CloneClass:
    return CloneClass(type=kind, similarity=1.0, fragments=fragments)


def pair(a: Fragment, b: Fragment, cosine: float = 0.9) -> SemanticPair:
    return SemanticPair(a, b, cosine, ("a", "b"))


def test_a_function_alike_to_a_fragment_of_a_static_class_joins_it_as_type4():
    copies = static_class(Fragment("a.py", 10, 30, 150), Fragment("b.py", 5, 25, 150))
    other = static_class(Fragment("x.py", 1, 20, 120), Fragment("y.py", 1, 20, 120), kind=1)
    merged = merge_classes([copies, other], [pair(Fragment("a.py", 10, 30, 150), Fragment("c.py", 1, 6, 40), 0.82)])
    assert merged == [
        other,
        CloneClass(
            type=4,
            similarity=0.82,
            fragments=(Fragment("a.py", 10, 30, 150), Fragment("b.py", 5, 25, 150), Fragment("c.py", 1, 6, 40)),
        ),
    ]


def test_pairs_outside_the_static_classes_make_classes_of_their_own():
    copies = static_class(Fragment("a.py", 10, 30, 150), Fragment("b.py", 5, 25, 150))
    p, q = (
        pair(Fragment("c.py", 1, 6, 40), Fragment("d.py", 3, 9, 45), 0.8),
        pair(Fragment("d.py", 3, 9, 45), Fragment("e.py", 1, 4, 30), 0.77),
    )
    merged = merge_classes([copies], [p, q])
    assert merged[0] == copies
    assert merged[1].type == 4 and merged[1].similarity == 0.77
    assert [f.path for f in merged[1].fragments] == ["c.py", "d.py", "e.py"]


def test_without_type4_pairs_the_static_classes_come_back_unchanged():
    copies = static_class(Fragment("a.py", 10, 30, 150), Fragment("b.py", 5, 25, 150))
    assert merge_classes([copies], []) == [copies]


def test_a_pair_already_in_one_static_class_is_not_reported_again():
    a = fn(EVEN_SQUARES)
    b = fn(SQUARES_OF_EVENS, path="pkg/b.py", start=40)
    copies = static_class(Fragment("pkg/a.py", 1, 7, 120), Fragment("pkg/b.py", 38, 45, 120))
    found = find_semantic_clones(alike(a, b), static=[copies])
    assert found.pairs == [] and why(found) == {"static"}


# ---------------------------------------------------------------- inputs and the clone check


class FakeGraph:
    """What symbol_texts asks the graph: the repository's functions and classes."""

    def __init__(self, rows: list[dict]) -> None:
        self.rows = rows

    def query(self, cypher: str, params: dict) -> list[dict]:
        return self.rows


def repository(tmp_path: Path, files: dict[str, str]) -> tuple[Path, dict[str, FileState], FakeGraph]:
    root = tmp_path / "repo"
    rows = []
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
        start = None
        for number, line in enumerate(text.splitlines() + ["<end>"], 1):
            if start is not None and not line.startswith((" ", "\t")):
                name = text.splitlines()[start - 1].split("(")[0].split()[-1]
                rows.append(
                    {
                        "id": f"{path}:{name}",
                        "label": "Function",
                        "name": name,
                        "qualname": name,
                        "file": path,
                        "start_line": start,
                        "end_line": number - 1,
                        "kind": "function",
                    }
                )
                start = None
            if line.startswith("def "):
                start = number
    states = {p: FileState(path=p, language="python", status="parsed") for p in files}
    return root, states, FakeGraph(rows)


TYPE_4_ON = CloneCheckConfig(semantic=SemanticConfig(enabled=True))
"""Type-4 is off by default (few are real on mature code: docs/accuracy.md); these tests turn it on."""


def test_type_4_is_off_by_default_and_the_evidence_says_so(tmp_path):
    root, states, graph = repository(tmp_path, {"a.py": EVEN_SQUARES, "b.py": SQUARES_OF_EVENS})
    store = EmbeddingStore(tmp_path / "vectors")
    ids = [r["id"] for r in graph.rows]
    store.save("r", "m@1", EmbeddingSet(ids, ["x", "y"], np.ones((2, 3), dtype=np.float32)))
    inputs = RepositoryInputs(graph, "r", states, root, embeddings=store, embedding_version="m@1")
    assert CloneCheck().run(inputs) == []
    code = (FIXTURE.parent / "python" / "billing" / "importer.py").read_text()
    copy = (FIXTURE.parent / "python" / "reports" / "loader.py").read_text()
    root, states, graph = repository(tmp_path / "static", {"importer.py": code, "loader.py": copy})
    (static,) = CloneCheck().run(RepositoryInputs(graph, "r", states, root))
    assert static.evidence["semantic"]["searched"] is False and "disabled" in static.evidence["semantic"]["why"]


def test_without_a_stored_set_there_are_no_embeddings_and_no_function_vectors(tmp_path):
    root, states, graph = repository(tmp_path, {"a.py": EVEN_SQUARES, "b.py": SQUARES_OF_EVENS})
    inputs = RepositoryInputs(
        graph, "r", states, root, embeddings=EmbeddingStore(tmp_path / "vectors"), embedding_version="m@1"
    )
    assert EMBEDDINGS not in inputs.available
    assert len(inputs.function_vectors) == 0
    assert CloneCheck(TYPE_4_ON).run(inputs) == []  # nothing static here, and no Type-4 without vectors


def test_missing_embeddings_leave_the_static_findings_as_they_were(tmp_path):
    code = (FIXTURE.parent / "python" / "billing" / "importer.py").read_text()
    copy = (FIXTURE.parent / "python" / "reports" / "loader.py").read_text()
    root, states, graph = repository(tmp_path, {"importer.py": code, "loader.py": copy})
    plain = CloneCheck(TYPE_4_ON).run(RepositoryInputs(graph, "r", states, root))
    absent = CloneCheck(TYPE_4_ON).run(
        RepositoryInputs(graph, "r", states, root, embeddings=EmbeddingStore(tmp_path / "v"), embedding_version="m@1")
    )
    assert plain and absent == plain
    assert [f.evidence["type"] for f in plain] == [1]
    assert absent[0].evidence["semantic"]["searched"] is False
    assert "no embeddings" in absent[0].evidence["semantic"]["why"]


def test_stored_vectors_give_the_functions_and_the_check_a_type4_finding(tmp_path):
    root, states, graph = repository(tmp_path, {"a.py": EVEN_SQUARES, "b.py": SQUARES_OF_EVENS})
    store = EmbeddingStore(tmp_path / "vectors")
    texts = {
        r["id"]: "\n".join((root / r["file"]).read_text().splitlines()[r["start_line"] - 1 : r["end_line"]])
        for r in graph.rows
    }
    store.save(
        "r",
        "m@1",
        EmbeddingSet(list(texts), [text_hash(t) for t in texts.values()], np.ones((2, 3), dtype=np.float32)),
    )
    inputs = RepositoryInputs(graph, "r", states, root, embeddings=store, embedding_version="m@1")
    assert EMBEDDINGS in inputs.available
    assert [f.symbol.name for f in inputs.function_vectors.functions] == ["even_squares", "squares_of_evens"]
    (finding,) = CloneCheck(TYPE_4_ON).run(inputs)
    assert finding.message.startswith("Type-4 clone, ")
    assert "semantically alike: different code, same behaviour" in finding.message
    assert (finding.severity, finding.fix, finding.evidence["type"]) == ("low", "extract_duplicate", 4)
    assert finding.evidence["semantic"] == {"searched": True, "model": "m@1", "functions": 2, "pairs": 1}


def test_a_vector_made_from_another_text_is_left_out(tmp_path):
    root, states, graph = repository(tmp_path, {"a.py": EVEN_SQUARES, "b.py": SQUARES_OF_EVENS})
    store = EmbeddingStore(tmp_path / "vectors")
    ids = [r["id"] for r in graph.rows]
    store.save(
        "r", "m@1", EmbeddingSet(ids, [text_hash("old text"), text_hash("old")], np.ones((2, 3), dtype=np.float32))
    )
    inputs = RepositoryInputs(graph, "r", states, root, embeddings=store, embedding_version="m@1")
    assert len(inputs.function_vectors) == 0


# ---------------------------------------------------------------- the shipped model on the fixture


def test_the_shipped_model_finds_labelled_clones_and_leaves_their_look_alikes():
    from benchmarks.semantic_clone_accuracy import functions_of
    from codeintel.analysis.embeddings.encoder import TextEncoder

    _, items = functions_of(FIXTURE)
    wanted = {"merge_sorted", "merge_two_sorted_lists", "interleave", "gcd", "greatest_common_divisor", "lcm"}
    chosen = [i for i in items if i.symbol.qualname in wanted]
    found = find_semantic_clones(FunctionVectors(chosen, TextEncoder.load().encode([i.text for i in chosen])))
    labelled = {
        frozenset((c["a"]["function"], c["b"]["function"])): c["label"]
        for c in yaml.safe_load((FIXTURE / "truth.yaml").read_text())["cases"]
    }
    assert {labelled.get(frozenset(p.names)) for p in found.pairs} == {"clone"}
    assert {frozenset(p.names) for p in found.pairs} == {
        frozenset(("merge_sorted", "merge_two_sorted_lists")),
        frozenset(("gcd", "greatest_common_divisor")),
    }


def test_the_semantic_fixture_holds_no_static_clone():
    """Its cases are different code: the static finder (and so the fixture of test_clones.py,
    which holds this folder) reports none of them."""
    sources = [
        SourceText(p.relative_to(FIXTURE).as_posix(), language_by_extension(p.name), p.read_text())
        for p in sorted(FIXTURE.rglob("*"))
        if p.is_file() and language_by_extension(p.name)
    ]
    assert len(sources) == 14 and find_clones(sources) == []
