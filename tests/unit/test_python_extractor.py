"""The Python extractor, specified on hand-written fixtures with hand-counted expectations.

Fixtures live in tests/fixtures/python_extract/; sources that are broken on purpose
(syntax errors, invalid UTF-8) are written inline so that linters never see them.
"""

from __future__ import annotations

import random
import sysconfig
import time
from pathlib import Path

import pytest

from codeintel.languages import EXTRACTORS, UnsupportedLanguage, extract
from codeintel.languages.python import extract_python
from codeintel.languages.python.extractor import runtime
from codeintel.model import Definition, FileFacts, FunctionMetrics, Span

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "python_extract"


def facts_of(name: str) -> FileFacts:
    return extract_python((FIXTURES / name).read_bytes(), f"pkg/{name}", "hash-" + name)


def definitions_by_qualname(facts: FileFacts) -> dict[str, Definition]:
    return {d.qualname: d for d in facts.definitions}


@pytest.fixture(scope="module")
def definitions() -> FileFacts:
    return facts_of("definitions.py")


@pytest.fixture(scope="module")
def imports() -> FileFacts:
    return facts_of("imports.py")


@pytest.fixture(scope="module")
def metrics() -> dict[str, Definition]:
    return definitions_by_qualname(facts_of("metrics.py"))


@pytest.fixture(scope="module")
def calls() -> FileFacts:
    return facts_of("calls.py")


# -- the registry --------------------------------------------------------------------------


def test_registry_dispatches_python_to_the_python_extractor():
    assert EXTRACTORS["python"] is extract_python
    facts = extract("python", b"def f():\n    pass\n", "m.py", "h")
    assert [d.qualname for d in facts.definitions] == ["f"]


def test_unknown_language_raises_unsupported_language():
    with pytest.raises(UnsupportedLanguage, match="cobol"):
        extract("cobol", b"", "x.cbl", "h")


def test_parser_and_queries_are_built_once_per_process():
    assert runtime() is runtime()


# -- file-level facts ----------------------------------------------------------------------


def test_file_facts_carry_path_language_hash_and_line_count(definitions):
    assert definitions.path == "pkg/definitions.py"
    assert definitions.language == "python"
    assert definitions.content_hash == "hash-definitions.py"
    assert definitions.lines == 85
    assert definitions.syntax_errors == 0
    assert definitions.error is None


def test_module_docstring_is_the_literal_value(definitions):
    assert definitions.module_docstring == "Module docstring.\n\nSecond paragraph."


def test_last_line_without_newline_still_counts():
    assert extract_python(b"x = 1\ny = 2", "m.py", "h").lines == 2


def test_empty_file_yields_empty_facts():
    facts = extract_python(b"", "empty.py", "h")
    assert facts.lines == 0
    assert facts.definitions == facts.imports == facts.calls == facts.assignments == []
    assert facts.module_docstring is None
    assert facts.all_names is None
    assert facts.syntax_errors == 0
    assert facts.error is None


# -- definitions ---------------------------------------------------------------------------


def test_definitions_at_every_depth_in_source_order(definitions):
    assert [(d.kind, d.qualname) for d in definitions.definitions] == [
        ("function", "plain"),
        ("function", "fetch"),
        ("function", "cached"),
        ("class", "Base"),
        ("class", "Meta"),
        ("class", "Widget"),
        ("method", "Widget.method"),
        ("function", "Widget.method.helper"),
        ("method", "Widget.size"),
        ("method", "Widget.refresh"),
        ("class", "Widget.Inner"),
        ("method", "Widget.Inner.deep"),
        ("function", "factory"),
        ("class", "factory.Local"),
        ("method", "factory.Local.inside"),
        ("function", "in_if"),
        ("function", "in_else"),
        ("function", "in_try"),
        ("function", "multiline"),
    ]


def test_method_qualname_includes_class(definitions):
    method = definitions_by_qualname(definitions)["Widget.method"]
    assert (method.kind, method.name, method.parent) == ("method", "method", "Widget")


def test_function_nested_in_a_method_is_a_function_whose_parent_is_the_method(definitions):
    helper = definitions_by_qualname(definitions)["Widget.method.helper"]
    assert (helper.kind, helper.name, helper.parent) == ("function", "helper", "Widget.method")


def test_class_defined_inside_a_function_has_the_function_as_parent(definitions):
    by_qualname = definitions_by_qualname(definitions)
    assert by_qualname["factory.Local"].parent == "factory"
    assert by_qualname["factory.Local.inside"].kind == "method"


def test_functions_in_if_and_try_blocks_are_module_level(definitions):
    by_qualname = definitions_by_qualname(definitions)
    assert [by_qualname[name].parent for name in ("in_if", "in_else", "in_try")] == ["", "", ""]


def test_span_of_plain_function_covers_def_to_last_statement(definitions):
    assert definitions_by_qualname(definitions)["plain"].span == Span(
        start_line=9, start_col=0, end_line=11, end_col=16
    )


def test_span_of_decorated_definition_includes_decorators(definitions):
    by_qualname = definitions_by_qualname(definitions)
    assert by_qualname["cached"].span == Span(start_line=19, start_col=0, end_line=23, end_col=12)
    assert by_qualname["Widget.size"].span == Span(start_line=43, start_col=4, end_line=45, end_col=16)


def test_decorators_are_expressions_without_at_sign(definitions):
    by_qualname = definitions_by_qualname(definitions)
    assert by_qualname["cached"].decorators == ("functools.lru_cache(maxsize=None)", "staticmethod")
    assert by_qualname["Widget.size"].decorators == ("property",)
    assert by_qualname["plain"].decorators == ()


def test_signature_runs_from_def_through_return_annotation(definitions):
    by_qualname = definitions_by_qualname(definitions)
    assert by_qualname["plain"].signature == "def plain(a, b=1) -> int"
    assert by_qualname["fetch"].signature == "async def fetch(url, *, timeout: float = 1.0)"
    assert by_qualname["Widget"].signature == "class Widget(Base, dict, metaclass=Meta)"
    assert by_qualname["Base"].signature == "class Base"


def test_multiline_signature_is_collapsed_to_one_line(definitions):
    assert definitions_by_qualname(definitions)["multiline"].signature == "def multiline(first, second,)"


def test_docstrings_are_literal_values_with_quotes_and_prefixes_removed(definitions):
    by_qualname = definitions_by_qualname(definitions)
    assert by_qualname["plain"].docstring == "Add one."
    assert by_qualname["fetch"].docstring == "Raw \\d docstring."
    assert by_qualname["cached"].docstring == "Single-quoted docstring."
    assert by_qualname["Widget"].docstring == "A widget."
    assert by_qualname["Base"].docstring is None


def test_bytes_literal_is_not_a_docstring(definitions):
    assert definitions_by_qualname(definitions)["multiline"].docstring is None


def test_escapes_in_docstrings_are_applied():
    source = b'def f():\n    """Tab\\there \\u00e9."""\n'
    assert extract_python(source, "m.py", "h").definitions[0].docstring == "Tab\there \u00e9."


def test_docstring_after_a_comment_is_still_the_docstring():
    source = b'def f():\n    # a comment first\n    """Doc."""\n'
    assert extract_python(source, "m.py", "h").definitions[0].docstring == "Doc."


def test_bases_are_positional_expressions_without_keywords(definitions):
    by_qualname = definitions_by_qualname(definitions)
    assert by_qualname["Widget"].bases == ("Base", "dict")
    assert by_qualname["Meta"].bases == ("type",)
    assert by_qualname["Base"].bases == ()


def test_async_functions_and_methods_are_marked_async(definitions):
    asynchronous = [d.qualname for d in definitions.definitions if d.is_async]
    assert asynchronous == ["fetch", "Widget.refresh"]


def test_classes_have_no_metrics(definitions):
    assert all(d.metrics is None for d in definitions.definitions if d.kind == "class")
    assert all(d.metrics is not None for d in definitions.definitions if d.kind != "class")


# -- metrics -------------------------------------------------------------------------------


def test_metrics_of_a_hand_counted_function(metrics):
    # decisions: for, if, and, elif, or, while, comprehension for, comprehension if,
    # except, if, for, if, conditional expression, case 1 = 14, so 15 (`case _:` is the default).
    # parameters: self (a function, not a method), items, limit, *args, flag, **options.
    # nesting: with > if > for > if = 4.
    # cognitive: for 1, if 2 (nested in the for), and 1, elif 1, or 1, else 1, while 3 (for >
    # if/else), except 1, if 1, for 2, if 3, conditional 1, match 1 = 19 (try, with and the
    # comprehension add nothing).
    assert metrics["complex_function"].metrics == FunctionMetrics(
        lines=26, cyclomatic=15, parameters=6, max_nesting=4, cognitive=19
    )


def test_nested_function_body_counts_only_for_the_nested_function(metrics):
    assert metrics["Shape.area"].metrics == FunctionMetrics(
        lines=7, cyclomatic=1, parameters=2, max_nesting=0, cognitive=0
    )
    assert metrics["Shape.area.nested"].metrics == FunctionMetrics(
        lines=4, cyclomatic=2, parameters=1, max_nesting=1, cognitive=1
    )


def test_parameters_exclude_leading_cls_of_methods_and_count_star_args_once(metrics):
    assert metrics["Shape.build"].metrics.parameters == 1


def test_straight_line_function_has_complexity_one(metrics):
    assert metrics["simple"].metrics == FunctionMetrics(lines=2, cyclomatic=1, parameters=0, max_nesting=0, cognitive=0)


def test_case_guard_counts_as_a_decision():
    source = b"""def f(x):
    match x:
        case int() if x > 0:
            return 1
        case _:
            return 0
"""
    # one refutable case clause and one guard; `case _:` is the default, no path of its own
    assert extract_python(source, "m.py", "h").definitions[0].metrics.cyclomatic == 3


def test_an_irrefutable_case_adds_no_path_but_its_guard_does():
    source = b"""def f(x):
    match x:
        case Color.RED:
            return 1
        case [first, *_]:
            return first
        case (other):
            return other
        case y if y > 2:
            return 0
"""
    # Color.RED and the list pattern are decisions; `case (other):` matches anything; the guard decides
    assert extract_python(source, "m.py", "h").definitions[0].metrics.cyclomatic == 4


def test_backslash_continuation_is_not_a_parameter_and_leaves_the_signature():
    source = b"def f(a, \\\n      b=1):\n    pass\n"
    function = extract_python(source, "m.py", "h").definitions[0]
    assert function.metrics.parameters == 2
    assert function.signature == "def f(a, b=1)"


def test_comments_inside_parameter_lists_are_left_out_of_the_signature():
    source = b"def f(a,  # the first\n      b):\n    pass\n"
    assert extract_python(source, "m.py", "h").definitions[0].signature == "def f(a, b)"


def test_metric_lines_include_decorators(metrics):
    assert metrics["Shape.build"].metrics.lines == 3


# -- imports -------------------------------------------------------------------------------


def test_every_import_form_gives_one_import_per_name(imports):
    assert [(i.module, i.name, i.alias, i.level, i.line, i.scope) for i in imports.imports] == [
        ("__future__", "annotations", None, 0, 4, ""),
        ("os", None, None, 0, 6, ""),
        ("os.path", None, None, 0, 7, ""),
        ("xml.etree.ElementTree", None, "ET", 0, 8, ""),
        ("json", None, None, 0, 9, ""),
        ("re", None, "regex", 0, 9, ""),
        ("", "sibling", None, 1, 10, ""),
        ("", "grandparent", "gp", 2, 11, ""),
        ("p.q", "x", "y", 2, 12, ""),
        ("p.q", "z", None, 2, 12, ""),
        ("collections", "OrderedDict", None, 0, 13, ""),
        ("collections", "defaultdict", "dd", 0, 13, ""),
        ("typing", "TYPE_CHECKING", None, 0, 14, ""),
        ("typing", "Any", None, 0, 14, ""),
        ("glob", "*", None, 0, 18, ""),
        ("ujson", None, None, 0, 21, ""),
        ("pathlib", "Path", None, 0, 26, ""),
        ("pickle", None, None, 0, 30, "load"),
        ("codecs", "decode", None, 1, 37, "Loader.run"),
    ]


def test_relative_import_levels(imports):
    relative = [(i.module, i.name, i.level) for i in imports.imports if i.level]
    assert relative == [
        ("", "sibling", 1),
        ("", "grandparent", 2),
        ("p.q", "x", 2),
        ("p.q", "z", 2),
        ("codecs", "decode", 1),
    ]


def test_imports_inside_functions_have_the_function_as_scope(imports):
    assert {i.module: i.scope for i in imports.imports if i.scope} == {"pickle": "load", "codecs": "Loader.run"}


# -- calls and assignments -----------------------------------------------------------------


def test_calls_with_callee_position_and_scope(calls):
    assert sorted((c.line, c.col, c.callee, c.scope) for c in calls.calls) == [
        (4, 0, "print", ""),
        (5, 7, "os.path.join", ""),
        (13, 1, "register", ""),
        (15, 15, "dict", "Service"),
        (16, 10, "logging.getLogger", "Service"),
        (19, 8, "super", "Service.__init__"),
        (19, 8, "super().__init__", "Service.__init__"),
        (21, 23, "client.open", "Service.__init__"),
        (22, 8, "self.save", "Service.__init__"),
        (24, 5, "decorators.traced", "Service"),
        (26, 8, "self.client.send", "Service.save"),
        (26, 8, "self.client.send().wait", "Service.save"),
        (29, 8, "values[0]", "Service.save"),
        (30, 8, "factory", "Service.save"),
        (30, 8, "factory().build", "Service.save"),
        (30, 8, "factory().build().run", "Service.save"),
        (35, 15, "helper", "outer.inner"),
        (37, 11, "inner", "outer"),
    ]


def test_calls_are_listed_in_source_order(calls):
    positions = [(c.line, c.col) for c in calls.calls]
    assert positions == sorted(positions)


def test_class_body_calls_have_the_class_as_scope(calls):
    assert {c.callee for c in calls.calls if c.scope == "Service"} == {
        "dict",
        "logging.getLogger",
        "decorators.traced",
    }


def test_bare_decorator_is_a_call_in_the_enclosing_scope(calls):
    decorator_calls = [(c.callee, c.scope) for c in calls.calls if c.callee in ("register", "decorators.traced")]
    assert decorator_calls == [("register", ""), ("decorators.traced", "Service")]


def test_decorator_with_arguments_is_one_call_of_the_decorator(definitions):
    assert [(c.callee, c.line, c.scope) for c in definitions.calls] == [
        ("functools.lru_cache", 19, ""),
        ("staticmethod", 20, ""),
        ("property", 43, "Widget"),
    ]


def test_simple_assignments_of_names_and_calls(calls):
    assert [(a.target, a.value, a.is_call, a.line, a.scope) for a in calls.assignments] == [
        ("path", "os.path.join", True, 5, ""),
        ("alias", "os.path", False, 6, ""),
        ("registry", "dict", True, 15, "Service"),
        ("log", "logging.getLogger", True, 16, "Service"),
        ("self.client", "client", False, 20, "Service.__init__"),
        ("self.session", "client.open", True, 21, "Service.__init__"),
    ]


def test_assignments_of_literals_are_not_recorded(imports):
    assert imports.assignments == []  # `ujson = None` binds a literal


# -- __all__ -------------------------------------------------------------------------------


def test_all_names_is_the_last_module_level_literal():
    assert facts_of("all_names.py").all_names == ["alpha", "beta", "gamma"]


def test_all_names_is_none_without_a_literal_all():
    assert facts_of("calls.py").all_names is None
    assert extract_python(b"__all__ = names + ['x']\n", "m.py", "h").all_names is None


def test_all_names_accepts_a_tuple_with_or_without_parentheses():
    assert extract_python(b"__all__ = ('a', 'b')\n", "m.py", "h").all_names == ["a", "b"]
    assert extract_python(b"__all__ = 'a', 'b',\n", "m.py", "h").all_names == ["a", "b"]


# -- broken input --------------------------------------------------------------------------

BROKEN = b"""def ok():
    return 1

def broken(:
    pass

class Still:
    def there(self):
        helper()
"""


def test_file_with_syntax_errors_still_yields_definitions():
    facts = extract_python(BROKEN, "broken.py", "h")
    assert facts.syntax_errors == 1
    assert facts.error is None
    assert [d.qualname for d in facts.definitions] == ["ok", "broken", "Still", "Still.there"]
    assert [(c.callee, c.scope) for c in facts.calls] == [("helper", "Still.there")]


def test_missing_tokens_count_as_syntax_errors():
    facts = extract_python(b"class A(B:\n    pass\n", "m.py", "h")
    assert facts.syntax_errors == 1
    assert facts.definitions[0].bases == ("B",)


def test_invalid_utf8_is_replaced_not_fatal():
    facts = extract_python(b"def f():\n    '''caf\xe9'''\n    g('\xff')\n", "latin1.py", "h")
    assert facts.error is None
    assert facts.definitions[0].docstring == "caf\ufffd"
    assert [c.callee for c in facts.calls] == ["g"]


def test_pathologically_long_call_chains_stay_fast_and_bounded():
    started = time.perf_counter()
    facts = extract_python(b"a" + b".b()" * 100_000 + b"\n", "generated.py", "h")
    assert time.perf_counter() - started < 5  # about 0.1 s; quadratic would be minutes
    assert facts.error is None
    assert max(len(c.callee) for c in facts.calls) < 100
    assert any(c.callee.startswith("...") for c in facts.calls)


def test_random_bytes_never_raise():
    generator = random.Random(20240229)
    for _ in range(200):
        source = bytes(generator.randrange(256) for _ in range(generator.randrange(400)))
        assert isinstance(extract_python(source, "fuzz.py", "h"), FileFacts)


def test_truncated_stdlib_files_never_raise():
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    generator = random.Random(7)
    for name in ("argparse.py", "dataclasses.py", "json/decoder.py", "asyncio/tasks.py", "typing.py"):
        data = (stdlib / name).read_bytes()
        for _ in range(10):
            facts = extract_python(data[: generator.randrange(len(data))], name, "h")
            assert facts.error is None
