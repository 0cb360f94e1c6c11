"""Clone detection (codeintel/analysis/clones.py) and its tokenizer (tokens.py), as specifications.

Most cases start from one realistic function, PARSE, and derive the copy under test from it by
hand-written edits; the last ones run on the hand-labelled fixture repository
(tests/fixtures/clones, truth.yaml).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from codeintel.analysis.clones import CloneConfig, SourceText, find_clones, lcs_length, renaming_consistency
from codeintel.analysis.tokens import LANGUAGES, TokenKind, tokenize
from codeintel.ingest.language import language_by_extension

PARSE = '''\
import logging

log = logging.getLogger(__name__)


def parse_records(path, delimiter=","):
    """Read a CSV file into a list of dicts keyed by its header."""
    records = []
    with open(path, encoding="utf-8") as handle:
        header = handle.readline().strip().split(delimiter)
        for number, line in enumerate(handle, start=2):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            values = line.split(delimiter)
            if len(values) != len(header):
                raise ValueError(f"line {number}: expected {len(header)} fields, got {len(values)}")
            record = dict(zip(header, values))
            record["amount"] = float(record.get("amount", 0) or 0)
            records.append(record)
    return records
'''
PARSE_LINES = (6, 21)  # the function, def to return


def python(**files: str) -> list[SourceText]:
    return [SourceText(path, "python", text) for path, text in files.items()]


def spans(classes) -> list[list[tuple[str, int, int]]]:
    return [[(f.path, f.start_line, f.end_line) for f in c.fragments] for c in classes]


def covers(fragment, lines: tuple[int, int]) -> bool:
    """The fragment holds at least the labelled lines' middle: it overlaps them by more than half."""
    shared = min(fragment.end_line, lines[1]) - max(fragment.start_line, lines[0]) + 1
    return shared * 2 > lines[1] - lines[0] + 1


# ---------------------------------------------------------------- what is a clone


def test_a_verbatim_copy_is_a_type1_clone():
    classes = find_clones(python(**{"a.py": PARSE, "b.py": "x = 1\n\n\n" + PARSE}))
    assert [(c.type, len(c.fragments)) for c in classes] == [(1, 2)]
    a, b = classes[0].fragments
    assert covers(a, PARSE_LINES) and covers(b, (PARSE_LINES[0] + 3, PARSE_LINES[1] + 3))


def test_comments_blank_lines_and_layout_do_not_make_a_difference():
    edited = (
        PARSE.replace("    records = []\n", "    # collected rows\n    records = []\n\n")
        .replace("            continue\n", "            continue  # skip comments\n")
        .replace("values = line.split(delimiter)", "values = line.split(\n                delimiter\n            )")
    )
    classes = find_clones(python(**{"a.py": PARSE, "b.py": edited}))
    assert [c.type for c in classes] == [1]


def test_renamed_identifiers_and_changed_literals_make_a_type2_clone():
    renamed = (
        PARSE.replace("parse_records", "load_rows")
        .replace("records", "rows")
        .replace("record", "row")
        .replace("handle", "stream")
        .replace('"amount"', '"total"')
        .replace('"utf-8"', '"latin-1"')
        .replace("start=2", "start=1")
    )
    classes = find_clones(python(**{"a.py": PARSE, "b.py": renamed}))
    assert [c.type for c in classes] == [2]


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(
            lambda s: s.replace(
                "            record = dict(zip(header, values))\n",
                "            record = dict(zip(header, values))\n            log.debug('row %d', number)\n",
            ),
            id="inserted statement",
        ),
        pytest.param(
            lambda s: s.replace('            if not line or line.startswith("#"):\n                continue\n', ""),
            id="removed statement",
        ),
    ],
)
def test_a_copy_with_a_statement_added_or_removed_is_a_type3_clone(edit):
    classes = find_clones(python(**{"a.py": PARSE, "b.py": edit(PARSE)}))
    assert [c.type for c in classes] == [3]
    assert 0.85 <= classes[0].similarity < 1.0
    assert all(covers(f, (PARSE_LINES[0], PARSE_LINES[1] - 2)) for f in classes[0].fragments)


def test_a_copy_under_100_tokens_is_not_reported():
    short = """\
def slugify(value):
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\\w\\s-]", "", value.lower())
    value = re.sub(r"[-\\s]+", "-", value)
    value = value.strip("-_")
    if not value:
        return "item"
    if len(value) > 50:
        value = value[:50].rstrip("-")
    return value
"""
    assert len(tokenize("python", short)) < 100 and short.count("\n") >= 10
    assert find_clones(python(**{"a.py": short, "b.py": short})) == []


def test_a_copy_under_10_lines_is_not_reported():
    one_liners = PARSE.replace("\n            ", " ").replace("\n        ", " ")  # the same tokens on fewer lines
    assert len(one_liners.splitlines()) < 14
    dense = "\n".join(line for line in one_liners.splitlines() if line.strip())
    config = CloneConfig()
    assert find_clones(python(**{"a.py": dense, "b.py": dense}), config) == []
    assert find_clones(python(**{"a.py": dense, "b.py": dense}), config.model_copy(update={"min_lines": 5}))


def test_three_copies_form_one_class():
    classes = find_clones(python(**{"a.py": PARSE, "b.py": PARSE, "c.py": PARSE}))
    assert [len(c.fragments) for c in classes] == [3]
    assert [f.path for f in classes[0].fragments] == ["a.py", "b.py", "c.py"]


def test_two_copies_in_one_file_are_a_clone_but_a_function_is_not_its_own():
    body = PARSE.split("\n\n\n", 1)[1]
    twice = body + "\n\n" + body.replace("parse_records", "parse_again")
    second = twice.splitlines().index('def parse_again(path, delimiter=","):') + 1
    classes = find_clones(python(**{"a.py": twice}))
    assert [[(f.path, f.start_line) for f in c.fragments] for c in classes] == [[("a.py", 1), ("a.py", second)]]
    assert find_clones(python(**{"a.py": body})) == []


def test_unrelated_code_of_the_same_shape_is_not_reported():
    """Two lists of calls with the same token shape whose names do not correspond one to one:
    normalised, they are identical; renamed consistently, they are not."""
    first = "def register_user_routes(app):\n" + "".join(
        f"    app.add_route({path!r}, {handler}, methods=[{method!r}])\n"
        for path, handler, method in [
            ("/users", "list_users", "GET"),
            ("/users", "create_user", "POST"),
            ("/users/<id>", "get_user", "GET"),
            ("/users/<id>", "update_user", "PUT"),
            ("/users/<id>", "delete_user", "DELETE"),
            ("/users/<id>/roles", "list_roles", "GET"),
            ("/users/<id>/roles", "grant_role", "POST"),
            ("/login", "login", "POST"),
            ("/logout", "logout", "POST"),
            ("/me", "get_user", "GET"),
        ]
    )
    second = "def configure_metrics(registry):\n" + "".join(
        f"    {obj}.{method}({name!r}, {kind}, labels=[{label!r}])\n"
        for obj, method, name, kind, label in [
            ("registry", "counter", "requests", "Counter", "path"),
            ("registry", "gauge", "inflight", "Gauge", "path"),
            ("metrics", "histogram", "latency", "Histogram", "route"),
            ("registry", "counter", "errors", "Counter", "code"),
            ("defaults", "summary", "size", "Summary", "path"),
            ("registry", "gauge", "pool", "Gauge", "pool"),
            ("metrics", "counter", "retries", "Counter", "path"),
            ("registry", "info", "build", "Info", "version"),
            ("defaults", "counter", "logins", "Counter", "method"),
            ("registry", "histogram", "queue", "Histogram", "queue"),
        ]
    )
    assert [t.normal for t in tokenize("python", first)][4:] == [t.normal for t in tokenize("python", second)][4:]
    assert find_clones(python(**{"routes.py": first, "metrics.py": second})) == []


def test_a_table_repeating_itself_is_not_a_clone_of_itself():
    table = "CODES = [\n" + "".join(f"    ({n}, 'code {n}', {n * 7 % 13}),\n" for n in range(200)) + "]\n"
    assert find_clones(python(**{"codes.py": table})) == []


def test_import_lists_are_left_out():
    imports = """import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import static java.util.Objects.requireNonNull;
import com.acme.model.Customer;
import com.acme.model.Order;
"""
    other = imports.replace("java.", "javax.").replace("acme", "example")  # the same shape
    sources = [
        SourceText("A.java", "java", imports + "class A {}\n"),
        SourceText("B.java", "java", other + "class B {}\n"),
    ]
    assert find_clones(sources) == []
    assert find_clones(sources, CloneConfig(ignore_imports=False, min_tokens=40))


def test_languages_are_compared_within_their_family_only():
    c_function = """int sum(const int *values, int count)
{
    int total = 0;
    for (int i = 0; i < count; i++) {
        if (values[i] < 0) {
            continue;
        }
        total += values[i];
        if (total > 1000000) {
            return -1;
        }
    }
    return total;
}
"""
    body = c_function * 3
    sources = [SourceText("a.c", "c", body), SourceText("b.cpp", "cpp", body), SourceText("c.java", "java", body)]
    classes = find_clones(sources, CloneConfig(min_tokens=60, near_miss=False))
    families = [{f.path.rsplit(".", 1)[1] for f in c.fragments} for c in classes]
    assert {"c", "cpp"} in families
    assert all(kinds <= {"c", "cpp"} or kinds == {"java"} for kinds in families)


def test_the_output_does_not_depend_on_the_order_of_the_input():
    sources = python(**{"a.py": PARSE, "b.py": PARSE.replace("records", "rows"), "c.py": PARSE})
    shuffled = sources[:]
    random.Random(3).shuffle(shuffled)
    assert find_clones(sources) == find_clones(shuffled)


def test_config_rejects_bands_that_do_not_divide_the_signature():
    with pytest.raises(ValueError, match="bands"):
        CloneConfig(permutations=64, bands=10)


# ---------------------------------------------------------------- the pieces


def test_renaming_consistency_is_one_for_a_one_to_one_renaming_and_lower_otherwise():
    import numpy as np

    original = np.array([1, 2, 1, 3, 2, 1], dtype=np.uint64)
    assert renaming_consistency(original, np.array([7, 8, 7, 9, 8, 7], dtype=np.uint64)) == 1.0
    assert renaming_consistency(original, np.array([7, 7, 7, 9, 8, 7], dtype=np.uint64)) < 1.0


def test_lcs_length_agrees_with_dynamic_programming():
    rng = random.Random(5)
    for _ in range(200):
        a = [rng.randrange(5) for _ in range(rng.randrange(40))]
        b = [rng.randrange(5) for _ in range(rng.randrange(40))]
        table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
        for i, x in enumerate(a):
            for j, y in enumerate(b):
                table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
        assert lcs_length(a, b) == table[-1][-1]


SNIPPETS = {
    "python": ("def f(x):  # note\n    '''doc\n    more'''\n    return x + 1.5\n", "def", "f", "'''doc\n    more'''"),
    "javascript": ("function f(x) { // note\n  /* a\n  b */ return `t ${x}` + 0x1F;\n}\n", "function", "f", "`t ${x}`"),
    "typescript": ("function f(x: number): string { // n\n  return 'a' + x;\n}\n", "function", "f", "'a'"),
    "java": ("class A { /** doc\n */ int f(int x) { return x + 1L; } }\n", "class", "A", None),
    "go": ("func f(x int) int { // n\n\treturn x + len(`raw\nstring`)\n}\n", "func", "f", "`raw\nstring`"),
    "rust": ("fn f<'a>(x: &'a str) -> char { // n\n    let r = r#\"q\"#; 'c'\n}\n", "fn", "f", 'r#"q"#'),
    "c": ('#include <stdio.h>\nint f(int x) { /* n */\n    return printf("%d\\n", x);\n}\n', "int", "f", '"%d\\n"'),
    "cpp": ('int f(int x) { // n\n    auto s = u8"x"; return x;\n}\n', "int", "f", 'u8"x"'),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_language_tokenizes_without_comments_and_with_lines(language):
    source, keyword, identifier, string = SNIPPETS[language]
    tokens = tokenize(language, source)
    kinds = {t.text: t.kind for t in tokens}
    assert kinds[keyword] is TokenKind.KEYWORD
    assert kinds[identifier] is TokenKind.IDENTIFIER
    if string is not None:
        assert kinds[string] is TokenKind.STRING
    assert not any("note" in t.text or t.text.startswith(("//", "/*", "#")) and t.text != "#" for t in tokens)
    assert [t.line for t in tokens] == sorted(t.line for t in tokens)
    last = tokens[-1]
    assert last.line == source.rstrip("\n").count("\n") + 1  # multi-line comments and strings counted


def test_normal_forms_replace_identifiers_and_literals_only():
    tokens = tokenize("java", 'if (count > 10) { log("x"); }')
    assert [t.normal for t in tokens] == ["if", "(", "$id", ">", "$num", ")", "{", "$id", "(", "$str", ")", ";", "}"]


def test_rust_lifetimes_are_not_character_literals():
    tokens = tokenize("rust", "fn f<'a, 'b>(x: &'a str, y: &'b str) -> char { 'x' }")
    assert [t.text for t in tokens if t.kind is TokenKind.STRING] == ["'x'"]
    assert [t.text for t in tokens if t.text.startswith("'") and t.kind is TokenKind.IDENTIFIER] == ["'a", "'b"] * 2


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="no tokenizer"):
        tokenize("cobol", "MOVE A TO B.")


# ---------------------------------------------------------------- the labelled fixture

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "clones"


@pytest.fixture(scope="module")
def fixture_classes():
    sources = [
        SourceText(p.relative_to(FIXTURE).as_posix(), language_by_extension(p.name), p.read_text())
        for p in sorted(FIXTURE.rglob("*"))
        if p.is_file() and language_by_extension(p.name)
    ]
    return find_clones(sources)


def _labelled():
    return yaml.safe_load((FIXTURE / "truth.yaml").read_text())["clones"]


def _matches(fragment, side) -> bool:
    """Same file, overlapping by at least half of each (benchmarks/clone_accuracy.py's rule)."""
    lines = side["lines"]
    shared = min(fragment.end_line, lines[1]) - max(fragment.start_line, lines[0]) + 1
    return (
        fragment.path == side["path"]
        and shared * 2 >= lines[1] - lines[0] + 1
        and shared * 2 >= fragment.end_line - fragment.start_line + 1
    )


def _holds(clone_class, pair) -> bool:
    return any(_matches(f, pair["a"]) for f in clone_class.fragments) and any(
        _matches(f, pair["b"]) for f in clone_class.fragments
    )


@pytest.mark.parametrize("pair", _labelled(), ids=lambda p: p["id"])
def test_each_labelled_clone_of_the_fixture_is_found_with_its_type(fixture_classes, pair):
    """In one class, whose type is the loosest of the labelled pairs it holds (a copy and a
    renamed copy of one function make one Type-2 class)."""
    holding = [c for c in fixture_classes if _holds(c, pair)]
    assert len(holding) == 1
    assert holding[0].type == max(p["type"] for p in _labelled() if _holds(holding[0], p))


def test_every_clone_reported_on_the_fixture_is_labelled(fixture_classes):
    labelled = _labelled()
    unlabelled = [
        (x, y)
        for c in fixture_classes
        for i, x in enumerate(c.fragments)
        for y in c.fragments[i + 1 :]
        if not any(
            (_matches(x, p["a"]) and _matches(y, p["b"])) or (_matches(x, p["b"]) and _matches(y, p["a"]))
            for p in labelled
        )
    ]
    assert unlabelled == []
