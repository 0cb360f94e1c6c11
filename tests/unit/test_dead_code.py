"""Dead code, specified on small repositories written for each rule, then scored on the
hand-labelled fixtures of tests/fixtures/dead_code (see benchmarks/dead_code_accuracy.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from codeintel.analysis.dead_code import CodeGraph, DeadDefinition, analyse, find_dead_code
from codeintel.analysis.entry_points import (
    DeadCodeConfig,
    all_exports,
    read_entry_points,
    stdlib_base_hooks,
)
from codeintel.config import load_settings
from codeintel.graph import open_graph_store
from codeintel.scan.engine import ScanEngine

PY_APP = {
    "pyproject.toml": """
        [project]
        name = "app"
        version = "1.0"

        [project.scripts]
        app = "app.cli:main"
    """,
    "app/__init__.py": """
        __all__ = ["exported"]


        def exported():
            return 1


        def _private_unused():
            return 2
    """,
    "app/cli.py": """
        from app.dynamic import dispatch
        from app.models import make


        def main():
            make()
            dispatch("greet")


        def unused():
            return helper()


        def helper():
            return 1


        def from_main_block():
            return 2


        if __name__ == "__main__":
            from_main_block()
    """,
    "app/web.py": """
        import custom
        from flask import Flask

        app = Flask(__name__)


        @app.route("/")
        def index():
            return "home"


        @app.get("/items")
        def items():
            return []


        @custom.hook
        def custom_hooked():
            return 3
    """,
    "app/models.py": """
        import ast
        import json
        import threading

        from django.db import models


        class Article(models.Model):
            title = models.CharField(max_length=100)

            class Meta:
                ordering = ["title"]


        class Tag(models.Model):
            name = models.CharField(max_length=20)


        class Plugin:
            registry = []

            def __init_subclass__(cls, **kwargs):
                super().__init_subclass__(**kwargs)
                Plugin.registry.append(cls)


        class CsvPlugin(Plugin):
            pass


        class Point:
            def __init__(self, x):
                self.x = x

            def __repr__(self):
                return f"Point({self.x})"

            def __eq__(self, other):
                return self.x == other.x

            def used(self):
                return self.x

            def norm(self):
                return abs(self.x)


        class Encoder(json.JSONEncoder):
            def default(self, o):
                return str(o)

            def helper_never_called(self):
                return 0


        class Visitor(ast.NodeVisitor):
            def visit_Name(self, node):
                return node.id


        class Worker(threading.Thread):
            def run(self):
                return None


        class Dead:
            def a(self):
                return self.b()

            def b(self):
                return 1


        def make():
            Point(1).used()
            return Encoder(), Visitor(), Worker(), Article.objects.all()
    """,
    "app/dynamic.py": """
        HANDLERS = {"greet": "say_hello"}


        def say_hello():
            return "hello"


        def by_getattr():
            return "found"


        def dispatch(name):
            import app.dynamic as me

            return getattr(me, "by_getattr")()
    """,
    "tests/test_cli.py": """
        import unittest

        import pytest

        from app.cli import main


        class CleanupMixin:
            def tearDown(self):
                self.cleaned = True


        class CleanupTests(CleanupMixin, unittest.TestCase):
            def test_nothing(self):
                assert True


        @pytest.fixture
        def ready():
            return True


        def test_main(ready):
            main()


        class TestThing:
            def test_x(self):
                assert True


        def helper_unused_in_tests():
            return 0
    """,
}

GO_APP = {
    "go.mod": "module example.com/g\n\ngo 1.21\n",
    "main.go": """
        package main

        import "example.com/g/util"

        func main() {
            util.Used()
            f := helper
            f()
        }

        func helper() {}

        func unusedGo() {}

        func init() {}

        //export callbackFromC
        func callbackFromC() {}
    """,
    "util/u.go": """
        package util

        func Used() {}

        func Exported() {}
    """,
    "main_test.go": """
        package main

        import "testing"

        func TestHelper(t *testing.T) { helper() }
    """,
}

JAVA_APP = {
    "src/main/java/com/x/App.java": """
        package com.x;

        public class App {
            public static void main(String[] args) {
                new Helper().go();
            }

            private static void unusedJava() {}
        }

        class Helper {
            void go() {}

            void dead() {}

            @Override
            public String toString() { return "h"; }
        }
    """,
    "src/test/java/com/x/AppTest.java": """
        package com.x;

        import org.junit.jupiter.api.Test;

        class AppTest {
            @Test
            void runsMain() { App.main(new String[0]); }
        }
    """,
}

C_APP = {
    "shapes.h": """
        typedef struct _Shape {
            int w;
            int h;
        } Shape;

        int area(Shape *s);
    """,
    "shapes.c": """
        #include "shapes.h"

        int area(Shape *s) { return s->w * s->h; }

        int perimeter(Shape *s) { return 2 * (s->w + s->h); }
    """,
    "main.c": """
        #include "shapes.h"

        static int unused_helper(void) { return 1; }

        int main(void) {
            Shape s = {2, 3};
            return area(&s);
        }
    """,
}

RUST_APP = {
    "Cargo.toml": '[package]\nname = "r"\nversion = "0.1.0"\n',
    "src/main.rs": """
        mod util;

        fn main() {
            util::used();
        }

        fn dead_rs() {}
    """,
    "src/util.rs": """
        pub fn used() {}

        pub fn exported_unused() {}
    """,
    "tests/it.rs": """
        #[maybe_async_test]
        async fn runs_with_the_crates_own_test_macro() {}

        fn helper_unused() {}
    """,
}

JS_APP = {
    "src/index.js": """
        import { used } from './lib.js';

        export function api() { return used(); }

        function unusedJs() { return 1; }

        document.addEventListener('click', onClick);

        function onClick() { return 2; }
    """,
    "src/lib.js": """
        export function used() { return 1; }

        export function notUsed() { return 2; }
    """,
}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def _scan(root: Path, data: Path) -> CodeGraph:
    settings = load_settings(data_dir=data)
    summary = ScanEngine(settings).scan(str(root), use_ray=False)
    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        return CodeGraph.load(store, summary.repo_id)
    finally:
        store.close()


class Repo:
    """A repository written to disk and scanned once; `dead()` analyses it under a config."""

    def __init__(self, tmp: Path, files: dict[str, str]) -> None:
        self.root = tmp / "repo"
        _write(self.root, files)
        self.graph = _scan(self.root, tmp / "data")

    def dead(self, config: DeadCodeConfig | None = None) -> dict[str, DeadDefinition]:
        return {f.qualname: f for f in analyse(self.graph, self.root, config).findings}


@pytest.fixture(scope="module")
def py_app(tmp_path_factory) -> Repo:
    return Repo(tmp_path_factory.mktemp("py"), PY_APP)


@pytest.fixture(scope="module")
def dead(py_app) -> dict[str, DeadDefinition]:
    return py_app.dead()


def test_an_unused_function_is_reported_with_high_confidence(dead):
    finding = dead["app.cli.unused"]
    assert (finding.confidence, finding.kind, finding.path) == ("high", "function", "app/cli.py")
    assert finding.reason == "nothing refers to it; no other occurrence of the name `unused` could refer to it"


def test_a_function_only_dead_code_calls_is_reported_naming_its_caller(dead):
    finding = dead["app.cli.helper"]
    assert finding.confidence == "medium"  # as sure as its caller, less one step
    assert finding.reason == "only dead code refers to it (`app.cli.unused`)"


def test_code_under_a_main_block_keeps_what_it_calls_alive(dead):
    assert "app.cli.from_main_block" not in dead


def test_a_console_script_keeps_its_target_and_all_it_reaches_alive(dead):
    reached = {"app.cli.main", "app.models.make", "app.models.Point", "app.models.Point.used", "app.dynamic.dispatch"}
    assert reached.isdisjoint(dead)


def test_names_in_dunder_all_are_kept_and_other_unused_names_are_not(dead):
    assert "app.exported" not in dead
    assert dead["app._private_unused"].confidence == "high"


def test_dunder_methods_are_never_reported(dead):
    members = {m for f in dead.values() for m in f.members}
    dunders = {"app.models.Point.__init__", "app.models.Point.__repr__", "app.models.Point.__eq__"}
    assert dunders.isdisjoint(dead) and dunders.isdisjoint(members)


def test_a_method_of_a_live_class_that_nothing_calls_is_reported(dead):
    assert dead["app.models.Point.norm"].kind == "method"


def test_route_handlers_are_entry_points(dead):
    assert "app.web.index" not in dead and "app.web.items" not in dead


def test_a_decorator_from_elsewhere_lowers_confidence_and_can_be_declared_an_entry_point(py_app, dead):
    finding = dead["app.web.custom_hooked"]
    assert finding.confidence == "low" and "@custom.hook" in finding.reason
    assert "app.web.custom_hooked" not in py_app.dead(DeadCodeConfig(extra_root_decorators=["custom.hook"]))


def test_methods_that_an_external_base_calls_are_live_and_its_other_methods_are_not(dead):
    hooks = {"app.models.Encoder.default", "app.models.Visitor.visit_Name", "app.models.Worker.run"}
    hooks.add("app.models.Article.Meta")  # a third-party base (Django's Model) reads it
    assert hooks.isdisjoint(dead)
    assert "app.models.Encoder.helper_never_called" in dead  # json.JSONEncoder never calls it
    assert "tests.test_cli.CleanupMixin.tearDown" not in dead  # unittest calls it on CleanupTests


def test_subclasses_a_framework_finds_by_itself_are_entry_points(dead):
    assert "app.models.Tag" not in dead  # a Django model: the app registry and migrations find it
    assert "app.models.CsvPlugin" not in dead  # Plugin.__init_subclass__ registers it


def test_a_method_call_the_graph_gave_up_on_still_refers_to_methods_of_that_name():
    from codeintel.analysis.dead_code import _real_external

    assert not _real_external("<builtin>.object.admin_login", "builtin")  # a receiver whose class was not resolved
    assert not _real_external("unittest.TestCase.admin_login", "stdlib")
    assert _real_external("<builtin>.str.join", "builtin") and _real_external("unittest.TestCase.setUp", "stdlib")
    assert _real_external("os.path.exists", "stdlib") and _real_external("requests.Session.mount", "third_party")


def test_a_dead_class_is_one_finding_with_its_methods_as_members(dead):
    finding = dead["app.models.Dead"]
    assert finding.members == ["app.models.Dead.a", "app.models.Dead.b"]
    assert "app.models.Dead.a" not in dead and "app.models.Dead.b" not in dead


def test_tests_and_fixtures_are_entry_points_but_an_unused_test_helper_is_dead(dead):
    assert {"tests.test_cli.test_main", "tests.test_cli.ready", "tests.test_cli.TestThing"}.isdisjoint(dead)
    assert "tests.test_cli.helper_unused_in_tests" in dead


def test_a_name_found_only_in_a_string_is_reported_with_medium_confidence(dead):
    finding = dead["app.dynamic.say_hello"]
    assert finding.confidence == "medium"
    assert "`say_hello` appears elsewhere" in finding.reason and "app/dynamic.py:1 (string)" in finding.reason


def test_getattr_with_a_literal_name_is_a_reference(dead):
    assert "app.dynamic.by_getattr" not in dead


def test_public_api_makes_public_names_entry_points(py_app):
    dead = py_app.dead(DeadCodeConfig(public_api=True))
    assert {"app.cli.unused", "app.models.Dead", "app.models.Point.norm"}.isdisjoint(dead)
    assert "app._private_unused" in dead


def test_min_confidence_keeps_only_surer_findings(py_app):
    dead = py_app.dead(DeadCodeConfig(min_confidence="high"))
    assert "app.cli.unused" in dead and "app.cli.helper" not in dead and "app.dynamic.say_hello" not in dead


def test_findings_are_ordered_by_path_and_line_and_repeatable(py_app):
    first = analyse(py_app.graph, py_app.root).findings
    assert first == analyse(py_app.graph, py_app.root).findings
    assert [(f.path, f.start_line) for f in first] == sorted((f.path, f.start_line) for f in first)


def test_find_dead_code_reads_the_graph_store(tmp_path):
    root = tmp_path / "repo"
    _write(root, {"m.py": "def used():\n    return 1\n\n\ndef unused():\n    return used()\n\n\nused()\n"})
    settings = load_settings(data_dir=tmp_path / "data")
    summary = ScanEngine(settings).scan(str(root), use_ray=False)
    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        found = find_dead_code(store, summary.repo_id, root, DeadCodeConfig())
    finally:
        store.close()
    assert [(f.qualname, f.start_line, f.end_line, f.members) for f in found] == [("m.unused", 5, 6, [])]


# ---------------------------------------------------------------- what the repository declares


def test_entry_points_are_read_from_pyproject_setup_cfg_and_setup_py_without_running_them(tmp_path):
    _write(
        tmp_path,
        {
            "pyproject.toml": """
                [project.scripts]
                tool = "pkg.cli:main"
                [project.gui-scripts]
                gui = "pkg.gui:run"
                [project.entry-points."pkg.plugins"]
                csv = "pkg.export:CsvExporter"
                [tool.poetry.scripts]
                legacy = "pkg.old:main"
            """,
            "sub/setup.cfg": """
                [options.entry_points]
                console_scripts =
                    sub-tool = sub.cli:main [extra]
            """,
            "sub/setup.py": """
                import sys
                from setuptools import setup

                PLUGINS = ["audit = sub.audit:Plugin"]
                sys.exit("setup.py must not run")
                setup(entry_points={"console_scripts": ["s = sub.s:go"], "sub.plugins": PLUGINS})
            """,
        },
    )
    found = {(e.source, e.group, e.name, e.qualname) for e in read_entry_points(tmp_path, ["sub"])}
    assert found == {
        ("pyproject.toml", "console_scripts", "tool", "pkg.cli.main"),
        ("pyproject.toml", "gui_scripts", "gui", "pkg.gui.run"),
        ("pyproject.toml", "pkg.plugins", "csv", "pkg.export.CsvExporter"),
        ("pyproject.toml", "console_scripts", "legacy", "pkg.old.main"),
        ("sub/setup.cfg", "console_scripts", "sub-tool", "sub.cli.main"),
        ("sub/setup.py", "console_scripts", "s", "sub.s.go"),
        ("sub/setup.py", "sub.plugins", "audit", "sub.audit.Plugin"),
    }


def test_dunder_all_is_read_however_it_is_built():
    text = '__all__ = ["a", \'b\']\n__all__ += ("c",)\n__all__.extend([\n    "d",\n])\n__all__.append("e")\n'
    assert all_exports(text) == {"a", "b", "c", "d", "e"}


def test_standard_library_bases_are_read_for_the_hooks_they_call():
    assert stdlib_base_hooks("json.JSONEncoder").calls("default")
    assert stdlib_base_hooks("ast.NodeVisitor").calls("visit_Call")  # `'visit_' + node.__class__.__name__`
    assert stdlib_base_hooks("unittest.TestCase").calls("setUp")  # re-exported from unittest.case
    assert not stdlib_base_hooks("abc.ABC").calls("save")
    assert not stdlib_base_hooks("threading.Thread").calls("pause")


# ---------------------------------------------------------------- other languages


def test_go_main_init_and_tests_are_entry_points_and_unused_functions_are_dead(tmp_path):
    dead = Repo(tmp_path, GO_APP).dead()
    # helper is used as a value, TestHelper runs, cgo calls callbackFromC (//export)
    assert sorted(dead) == ["main.unusedGo", "util.u.Exported"]
    assert "util.u.Exported" not in Repo(tmp_path / "again", GO_APP).dead(DeadCodeConfig(public_api=True))


def test_java_main_overrides_and_junit_tests_are_live_and_unused_methods_are_dead(tmp_path):
    dead = Repo(tmp_path, JAVA_APP).dead()
    assert sorted(q.rsplit(".", 2)[-2] + "." + q.rsplit(".", 1)[-1] for q in dead) == ["App.unusedJava", "Helper.dead"]


def test_c_main_is_live_and_a_struct_named_through_its_typedef_is_not_dead(tmp_path):
    dead = Repo(tmp_path, C_APP).dead()
    assert sorted(f.name for f in dead.values()) == ["perimeter", "unused_helper"]


def test_rust_main_and_tests_under_any_test_attribute_are_live(tmp_path):
    repo = Repo(tmp_path, RUST_APP)
    assert sorted(f.name for f in repo.dead().values()) == ["dead_rs", "exported_unused", "helper_unused"]
    public = repo.dead(DeadCodeConfig(public_api=True))
    assert sorted(f.name for f in public.values()) == ["dead_rs", "helper_unused"]  # tests are no API


def test_javascript_callbacks_are_live_and_unused_exports_are_dead_unless_public_api(tmp_path):
    repo = Repo(tmp_path, JS_APP)
    assert sorted(repo.dead()) == ["src.index.api", "src.index.unusedJs", "src.lib.notUsed"]
    assert sorted(repo.dead(DeadCodeConfig(public_api=True))) == ["src.index.unusedJs"]


# ---------------------------------------------------------------- the hand-labelled fixtures


@pytest.fixture(scope="module")
def fixture_scores(tmp_path_factory):
    from benchmarks.dead_code_accuracy import FIXTURES, Score, expand, load_truth, ours, scan

    scores = {}
    for name, spec in load_truth().items():
        graph, universe = scan(FIXTURES / name, tmp_path_factory.mktemp(name))
        assert set(spec["dead"]) <= universe, f"{name}: the truth names definitions the graph lacks"
        dead = expand(set(spec["dead"]), universe)
        scores[name] = ours(FIXTURES / name, graph, universe, dead)["low"][0]
    python = Score()
    for name in ("inventory", "webshop"):
        python.add(scores[name])
    return python, scores


def test_the_fixtures_hold_at_least_30_labelled_dead_definitions():
    from benchmarks.dead_code_accuracy import load_truth

    truth = load_truth()
    assert sum(len(spec["dead"]) for spec in truth.values() if spec["language"] == "python") >= 30


def test_precision_and_recall_on_the_python_fixtures(fixture_scores):
    python, _ = fixture_scores
    assert python.precision >= 0.9, sorted(python.claimed - python.dead)
    assert python.recall >= 0.95, sorted(python.dead - python.claimed)


def test_every_dead_definition_of_the_go_fixture_is_found_and_nothing_else(fixture_scores):
    _, scores = fixture_scores
    assert scores["gotool"].claimed == scores["gotool"].dead
