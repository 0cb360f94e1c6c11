"""Resolution across files, checked against a call graph written by hand for `tests/fixtures/projects/shop`.

Every import form (absolute, relative, `from . import`, aliases, star, re-export through
`__init__`), methods through self, cls and super(), inheritance and builtins appear there.
"""

from __future__ import annotations

import pytest

from codeintel.graph import open_graph_store
from codeintel.graph.export import callgraph_from_rows, to_pycg
from codeintel.scan.engine import ScanEngine

EXPECTED_PYCG = {
    "shop": [],
    "shop.cli": ["shop.cli.main"],
    "shop.cli.helper": ["<builtin>.len"],
    "shop.cli.main": [
        "<builtin>.print",
        "shop.cli.helper",
        "shop.cli.main.inner",
        "shop.models.Base.check",
        "shop.models.Product.__init__",
        "shop.models.Product.to_json",
        "shop.util.join",
        "shop.util.slug",
    ],
    "shop.cli.main.inner": ["shop.cli.helper"],
    "shop.models": [],
    "shop.models.Base": ["<builtin>.classmethod", "<builtin>.staticmethod"],  # decorators run in the class body
    "shop.models.Base.__init__": [],
    "shop.models.Base.check": ["<builtin>.bool"],
    "shop.models.Base.create": ["shop.models.Base.__init__"],
    "shop.models.Base.describe": ["shop.models.Product.label"],  # self is the Product that make() calls it on
    "shop.models.Base.label": [],
    "shop.models.Product": [],
    "shop.models.Product.__init__": ["<builtin>.super", "shop.models.Base.__init__"],
    "shop.models.Product.exists": ["os.path.exists"],
    "shop.models.Product.label": ["shop.models.Base.label"],
    "shop.models.Product.to_json": ["json.dumps"],
    "shop.util": [],
    "shop.util.counter": ["collections.Counter"],
    "shop.util.join": ["os.path.join"],
    "shop.util.make": ["shop.models.Base.create", "shop.models.Base.describe", "shop.models.Product.__init__"],
    "shop.util.slug": [],
}


@pytest.fixture
def scanned(shop, settings):
    summary = ScanEngine(settings).scan(str(shop), use_ray=False)
    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    yield summary, store
    store.close()


def _pycg(store, repo):
    return to_pycg(
        callgraph_from_rows(
            store.named_query("callgraph_nodes", repo=repo), store.named_query("callgraph_edges", repo=repo)
        )
    )


def test_call_graph_matches_hand_written_expectation(scanned):
    summary, store = scanned
    assert _pycg(store, summary.repo_id) == EXPECTED_PYCG


def _imports_of(store, repo, module):
    rows = store.query(
        "MATCH (m:Module)-[i:IMPORTS]->(t) WHERE m.repo = $repo AND m.name = $module "
        "RETURN label(t) AS label, coalesce(t.qualname, t.name) AS target, i.alias AS alias",
        {"repo": repo, "module": module},
    )
    return sorted((r["label"], r["target"], r["alias"]) for r in rows)


def test_imports_resolve_through_reexports_relative_and_aliases(scanned):
    summary, store = scanned
    assert _imports_of(store, summary.repo_id, "shop.cli") == [
        ("Class", "shop.models.Base", "B"),
        ("Class", "shop.models.Product", "Product"),
        ("Module", "shop.util", "shop"),
        ("Module", "shop.util", "util"),
    ]
    assert _imports_of(store, summary.repo_id, "shop") == [
        ("Class", "shop.models.Product", "Product"),
        ("Module", "shop.util", "util"),
    ]


def test_external_imports_are_named_as_imported(scanned):
    summary, store = scanned
    assert _imports_of(store, summary.repo_id, "shop.models") == [
        ("External", "json", "json"),
        ("External", "os.path", "ospath"),
    ]
    assert ("External", "collections", "col") in _imports_of(store, summary.repo_id, "shop.util")
    assert ("Module", "shop.models", "*") in _imports_of(store, summary.repo_id, "shop.util")


def test_inheritance_links_subclass_to_base(scanned):
    summary, store = scanned
    rows = store.query(
        "MATCH (c:Class)-[:INHERITS]->(b) WHERE c.repo = $repo RETURN c.qualname AS cls, b.qualname AS base",
        {"repo": summary.repo_id},
    )
    assert [(r["cls"], r["base"]) for r in rows] == [("shop.models.Product", "shop.models.Base")]


def test_methods_are_functions_defined_by_their_class(scanned):
    summary, store = scanned
    rows = store.query(
        "MATCH (c:Class)-[:DEFINES]->(f:Function) WHERE c.qualname = 'shop.models.Base' "
        "RETURN f.name AS name, f.kind AS kind ORDER BY name",
    )
    assert [(r["name"], r["kind"]) for r in rows] == [
        ("__init__", "method"),
        ("check", "method"),
        ("create", "method"),
        ("describe", "method"),
        ("label", "method"),
    ]


def test_nested_function_is_defined_by_its_enclosing_function(scanned):
    _, store = scanned
    rows = store.query(
        "MATCH (f:Function)-[:DEFINES]->(g:Function) RETURN f.qualname AS outer, g.qualname AS inner, g.kind AS kind"
    )
    assert [(r["outer"], r["inner"], r["kind"]) for r in rows] == [("shop.cli.main", "shop.cli.main.inner", "nested")]


def test_file_nodes_carry_size_lines_and_hash(scanned, shop):
    summary, store = scanned
    rows = store.query(
        "MATCH (f:File) WHERE f.repo = $repo AND f.path = 'shop/models.py' RETURN f.size AS size, f.lines AS lines",
        {"repo": summary.repo_id},
    )
    source = (shop / "shop" / "models.py").read_bytes()
    assert rows == [{"size": len(source), "lines": source.count(b"\n")}]


def test_odd_methods_resolve_without_failing_the_analysis():
    """A method with no parameters, or only *args, called on an instance (wrong, but real code has it)."""
    from codeintel.languages.python import extract_python
    from codeintel.resolve.python import PythonAnalysis

    source = b"class C:\n    def m():\n        return 1\n    def n(*args):\n        return args\nC().m()\nC().n()\n"
    facts = {"main.py": extract_python(source, "main.py", "h")}
    analysis = PythonAnalysis(facts, ["main.py"])
    analysis.solve()
    targets = {facts["main.py"].definitions[e.target[2]].qualname for e in analysis.edges["main.py"]}
    assert targets == {"C", "C.m", "C.n"}


def test_a_hierarchy_made_cyclic_by_a_class_decorator_still_resolves():
    """`register` hands each class to `decorator` through `*args`, so (context-insensitively) each
    decorated name may be any of them and every class has every other as a base: a cycle Python
    would refuse, met in Django (`@deconstructible`). Each linearisation must visit a class once,
    not once per path through the cycle (factorial: this took 65 s with ten classes, and made
    the stdlib-and-Django resolution nine times slower once three scripts joined it)."""
    from codeintel.languages.python import extract_python
    from codeintel.resolve.python import PythonAnalysis

    register = "def register(*args):\n    def decorator(klass):\n        return klass\n    return decorator(*args)\n"
    classes = ["\n\n@register\nclass C0:\n    def hello(self):\n        return 0\n"]
    classes += [f"\n\n@register\nclass C{i}(C{i - 1}):\n    pass\n" for i in range(1, 14)]
    source = register + "".join(classes) + "\n\nC13().hello()\n"
    facts = {"main.py": extract_python(source.encode(), "main.py", "h")}
    analysis = PythonAnalysis(facts, ["main.py"])
    analysis.solve()
    targets = {facts["main.py"].definitions[e.target[2]].qualname for e in analysis.edges["main.py"]}
    assert "C0.hello" in targets
    last = next(i for i, d in enumerate(facts["main.py"].definitions) if d.qualname == "C13")
    assert len(analysis.mro(analysis.def_obj("main.py", last))) == 14  # C13, then the others in some order
