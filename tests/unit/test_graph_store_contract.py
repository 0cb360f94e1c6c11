"""The GraphStore contract: every adapter must pass this suite unchanged.

A new adapter (Neo4j, ...) is added as one more parameter of the `make_store` fixture.
The graph used throughout is hand-written: two files, a.py and b.py, of repository `r`:

    a.py  module a: def f(): b.C().m(); os.path.join()     def g(): pass
          imports b (module) and os.path (external)
    b.py  module b: class C(Base-external `object`): def m(self): json.dumps(); a.g(); os.path.join()
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from codeintel.graph import GraphStore, GraphStoreError, ReadOnlyQueryError, SchemaVersionError, open_graph_store
from codeintel.graph.schema import (
    EDGE_PAIRS,
    NODE_COLUMNS,
    EdgeRow,
    GraphBatch,
    definition_id,
    external_id,
    file_id,
    module_id,
    repository_id,
)

ADAPTERS = ["ladybug"]

StoreFactory = Callable[..., GraphStore]


@pytest.fixture(params=ADAPTERS)
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """make_store(name='g', read_only=False) opens (and later closes) a store of the adapter under test."""
    opened: list[GraphStore] = []

    def factory(name: str = "g", read_only: bool = False) -> GraphStore:
        store = open_graph_store(request.param, tmp_path / name / "graph.lbug", read_only=read_only)
        opened.append(store)
        return store

    yield factory
    for store in reversed(opened):
        store.close()


# ---------------------------------------------------------------- a tiny hand-written repository


def _def(repo: str, path: str, label: str, qualname: str, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": definition_id(repo, path, qualname),
        "repo": repo,
        "file": path,
        "name": qualname.rsplit(".", 1)[-1],
        "qualname": f"{path.removesuffix('.py')}.{qualname}",
        "start_line": 1,
        "end_line": 2,
        "decorators": [],
        "docstring": None,
    }
    if label == "Function":
        row.update(kind="method" if "." in qualname else "function", parent="", signature="()", is_async=False)
        row.update(lines=2, cyclomatic=1, parameters=0, max_nesting=0)
    row.update(extra)
    return row


def _ext(repo: str, name: str, kind: str = "stdlib") -> dict[str, object]:
    return {"id": external_id(repo, name), "repo": repo, "file": "", "name": name, "kind": kind}


def _edge(repo: str, file: str, kind: str, src: tuple[str, str], dst: tuple[str, str], **props: object) -> EdgeRow:
    return EdgeRow(kind, src[0], src[1], dst[0], dst[1], repo, file, dict(props))


def file_nodes(repo: str, path: str, version: int = 1) -> GraphBatch:
    """Nodes of one file (File, Module, definitions) in a given version of its text."""
    batch = GraphBatch()
    batch.add_node(
        "File",
        {"id": file_id(repo, path), "repo": repo, "file": path, "path": path, "language": "python"}
        | {"content_hash": f"h{version}", "lines": 10 * version, "size": 100, "syntax_errors": 0},
    )
    batch.add_node(
        "Module", {"id": module_id(repo, path), "repo": repo, "file": path, "name": path[:-3], "docstring": None}
    )
    if path == "a.py":
        batch.add_node("Function", _def(repo, path, "Function", "f", decorators=["cache", "x.y"], is_async=True))
        batch.add_node("Function", _def(repo, path, "Function", "g", docstring="Say g."))
    elif path == "b.py":
        batch.add_node("Class", _def(repo, path, "Class", "C"))
        if version == 1:
            batch.add_node("Function", _def(repo, path, "Function", "C.m", parent="C"))
        else:
            batch.add_node("Function", _def(repo, path, "Function", "C.n", parent="C", cyclomatic=None))
    elif path == "c.py":
        batch.add_node("Function", _def(repo, path, "Function", "h"))
    return batch


def file_edges(repo: str, path: str, versions: dict[str, int]) -> GraphBatch:
    """Edges produced by one file's scan, resolved against the files that exist (`versions`)."""
    batch = GraphBatch()
    mod = ("Module", module_id(repo, path))
    batch.edges.append(_edge(repo, path, "CONTAINS", ("Repository", repo), ("File", file_id(repo, path))))
    batch.edges.append(_edge(repo, path, "CONTAINS", ("File", file_id(repo, path)), mod))

    def d(p: str, label: str, q: str) -> tuple[str, str]:
        return (label, definition_id(repo, p, q))

    def x(name: str, kind: str = "stdlib") -> tuple[str, str]:
        batch.add_node("External", _ext(repo, name, kind))
        return ("External", external_id(repo, name))

    if path == "a.py":
        batch.edges += [
            _edge(repo, path, "DEFINES", mod, d("a.py", "Function", "f")),
            _edge(repo, path, "DEFINES", mod, d("a.py", "Function", "g")),
            _edge(repo, path, "IMPORTS", mod, x("os.path"), line=1, alias=None),
            _edge(repo, path, "CALLS", d("a.py", "Function", "f"), x("os.path.join"), line=4, col=4),
        ]
        if "b.py" in versions:
            batch.edges.append(
                _edge(repo, path, "IMPORTS", mod, ("Module", module_id(repo, "b.py")), line=2, alias="bb")
            )
            batch.edges.append(
                _edge(repo, path, "CALLS", d("a.py", "Function", "f"), d("b.py", "Class", "C"), line=3, col=4)
            )
            if versions["b.py"] == 1:
                batch.edges.append(
                    _edge(repo, path, "CALLS", d("a.py", "Function", "f"), d("b.py", "Function", "C.m"), line=3, col=8)
                )
        else:
            batch.edges.append(
                _edge(repo, path, "CALLS", d("a.py", "Function", "f"), x("b.C", "unresolved"), line=3, col=4)
            )
    elif path == "b.py":
        method = "C.m" if versions["b.py"] == 1 else "C.n"
        batch.edges += [
            _edge(repo, path, "DEFINES", mod, d("b.py", "Class", "C")),
            _edge(repo, path, "DEFINES", d("b.py", "Class", "C"), d("b.py", "Function", method)),
            _edge(repo, path, "INHERITS", d("b.py", "Class", "C"), x("object", "builtin"), position=0),
            _edge(repo, path, "CALLS", d("b.py", "Function", method), x("os.path.join"), line=5, col=8),
        ]
        if versions["b.py"] == 1:
            batch.edges.append(
                _edge(repo, path, "CALLS", d("b.py", "Function", method), x("json.dumps"), line=6, col=8)
            )
        batch.edges.append(
            _edge(repo, path, "CALLS", d("b.py", "Function", method), d("a.py", "Function", "g"), line=7, col=8)
        )
    elif path == "c.py":
        batch.edges.append(_edge(repo, path, "DEFINES", mod, d("c.py", "Function", "h")))
        batch.edges.append(_edge(repo, path, "CALLS", d("c.py", "Function", "h"), x("json.dumps"), line=2, col=4))
    return batch


def repository_batch(repo: str, versions: dict[str, int], commit: str = "c1") -> GraphBatch:
    """The whole repository as a full scan of files at `versions` produces it."""
    batch = GraphBatch()
    batch.add_node("Repository", {"id": repository_id(repo), "repo": repo, "file": "", "name": repo}
                   | {"location": "/src", "commit": commit})  # fmt: skip
    for path, version in versions.items():
        batch.extend(file_nodes(repo, path, version))
        batch.extend(file_edges(repo, path, versions))
    return batch


def incremental_batch(repo: str, versions: dict[str, int], changed: list[str], dependents: list[str]) -> GraphBatch:
    """What an incremental scan writes: nodes and edges of changed files, edges of dependents."""
    batch = GraphBatch()
    batch.add_node("Repository", {"id": repository_id(repo), "repo": repo, "file": "", "name": repo}
                   | {"location": "/src", "commit": "c2"})  # fmt: skip
    for path in changed:
        if path in versions:
            batch.extend(file_nodes(repo, path, versions[path]))
    for path in [*changed, *dependents]:
        if path in versions:
            batch.extend(file_edges(repo, path, versions))
    return batch


V1 = {"a.py": 1, "b.py": 1}


def _write_v1(store: GraphStore, repo: str = "r") -> None:
    store.write(repo, repository_batch(repo, V1), fresh=True)


# ---------------------------------------------------------------- schema


def test_ensure_schema_is_idempotent_and_survives_reopen(make_store: StoreFactory) -> None:
    store = make_store()
    store.ensure_schema()
    store.ensure_schema()
    _write_v1(store)
    store.close()
    again = make_store()
    again.ensure_schema()
    assert again.counts("r")["Function"] == 3


def test_counts_of_an_empty_store_name_every_label_and_edge_type(make_store: StoreFactory) -> None:
    counts = make_store().counts("nothing")
    assert counts == dict.fromkeys([*NODE_COLUMNS, *EDGE_PAIRS], 0)


# ---------------------------------------------------------------- writes


def test_fresh_write_then_counts(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    assert store.counts("r") == {
        "Repository": 1,
        "File": 2,
        "Module": 2,
        "Class": 1,
        "Function": 3,
        "External": 4,  # os.path, os.path.join, object, json.dumps
        "CONTAINS": 4,
        "DEFINES": 4,
        "IMPORTS": 2,
        "CALLS": 6,
        "INHERITS": 1,
    }


def test_fresh_write_replaces_everything_the_repository_had(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    store.write("r", repository_batch("r", {"a.py": 1}), fresh=True)
    assert store.counts("r")["File"] == 1
    assert store.counts("r")["Class"] == 0


def test_properties_round_trip_with_nulls_lists_and_booleans(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    nodes, _ = store.dump("r")
    f = next(props for label, node_id, props in nodes if node_id == definition_id("r", "a.py", "f"))
    props = dict(f)
    assert props["decorators"] == ("cache", "x.y")
    assert props["is_async"] is True
    assert props["docstring"] is None
    g = dict(next(props for label, node_id, props in nodes if node_id == definition_id("r", "a.py", "g")))
    assert (g["decorators"], g["is_async"], g["docstring"]) == ((), False, "Say g.")


def test_empty_batch_writes_nothing_and_fails_nothing(make_store: StoreFactory) -> None:
    store = make_store()
    store.write("r", GraphBatch(), fresh=True)
    store.write("r", GraphBatch(), replace_files=["x.py"], replace_edges_of_files=["x.py"])
    assert sum(store.counts("r").values()) == 0


def test_replacing_one_file_replaces_its_subgraph(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    versions = {"a.py": 1, "b.py": 2}  # b.py: C.m renamed C.n, json.dumps call gone
    # a.py is not a dependent here on purpose: its call into b.C.m must vanish with C.m.
    store.write(
        "r", incremental_batch("r", versions, ["b.py"], []), replace_files=["b.py"], replace_edges_of_files=["b.py"]
    )
    nodes, edges = store.dump("r")
    ids = {node_id for _, node_id, _ in nodes}
    assert definition_id("r", "b.py", "C.n") in ids
    assert definition_id("r", "b.py", "C.m") not in ids
    # DETACH DELETE took a.py's edge into the old method with it
    assert not any(dst == definition_id("r", "b.py", "C.m") for _, _, dst, _ in edges)
    # a.py's edges into nodes that b.py does not own are untouched
    kept = (("col", 4), ("file", "a.py"), ("line", 4), ("repo", "r"))
    assert ("CALLS", definition_id("r", "a.py", "f"), external_id("r", "os.path.join"), kept) in edges
    # json.dumps lost its only caller and is pruned; os.path.join is still called from a.py
    assert external_id("r", "json.dumps") not in ids
    assert external_id("r", "os.path.join") in ids


def test_incremental_write_equals_fresh_write_of_the_final_state(make_store: StoreFactory) -> None:
    incremental, full = make_store("inc"), make_store("full")
    _write_v1(incremental)
    final = {"a.py": 1, "b.py": 2, "c.py": 1}
    incremental.write(
        "r",
        incremental_batch("r", final, changed=["b.py", "c.py"], dependents=["a.py"]),
        replace_files=["b.py", "c.py"],
        replace_edges_of_files=["b.py", "c.py", "a.py"],
    )
    full.write("r", repository_batch("r", final, commit="c2"), fresh=True)
    assert incremental.dump("r") == full.dump("r")


def test_deleting_a_file_incrementally_equals_fresh_write_without_it(make_store: StoreFactory) -> None:
    incremental, full = make_store("inc"), make_store("full")
    _write_v1(incremental)
    final = {"a.py": 1}
    incremental.write(
        "r",
        incremental_batch("r", final, changed=["b.py"], dependents=["a.py"]),
        replace_files=["b.py"],
        replace_edges_of_files=["b.py", "a.py"],
    )
    full.write("r", repository_batch("r", final, commit="c2"), fresh=True)
    assert incremental.dump("r") == full.dump("r")


def test_shared_external_nodes_are_upserted_not_duplicated(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    batch = incremental_batch("r", {"a.py": 1, "b.py": 1}, changed=["a.py"], dependents=[])
    batch.add_node("External", _ext("r", "os.path.join", kind="third_party"))  # a changed property wins
    store.write("r", batch, replace_files=["a.py"], replace_edges_of_files=["a.py"])
    rows = store.query(
        "MATCH (n:External) WHERE n.repo = $r AND n.name = 'os.path.join' RETURN n.kind AS kind", {"r": "r"}
    )
    assert rows == [{"kind": "third_party"}]


def test_a_failed_write_leaves_the_graph_as_it_was(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    before = store.dump("r")
    batch = incremental_batch("r", {"a.py": 1, "b.py": 1}, changed=["a.py"], dependents=[])
    batch.edges.append(_edge("r", "a.py", "CALLS", ("Function", definition_id("r", "a.py", "f")), ("Function", "nope")))
    with pytest.raises(GraphStoreError):
        store.write("r", batch, replace_files=["a.py"], replace_edges_of_files=["a.py"])
    assert store.dump("r") == before


def test_a_write_in_several_batches_equals_one_write(make_store: StoreFactory) -> None:
    streamed, whole = make_store("streamed"), make_store("whole")
    final = {"a.py": 1, "b.py": 1, "c.py": 1}
    with streamed.writer("r", fresh=True) as writer:
        first = GraphBatch()
        first.add_node("Repository", {"id": repository_id("r"), "repo": "r", "file": "", "name": "r"}
                       | {"location": "/src", "commit": "c1"})  # fmt: skip
        for path, version in final.items():
            first.extend(file_nodes("r", path, version))
        writer.write(first)
        for path in final:  # each file's edges alone; the same External nodes come again and again
            writer.write(file_edges("r", path, final))
    whole.write("r", repository_batch("r", final), fresh=True)
    assert streamed.dump("r") == whole.dump("r")


def test_an_incremental_write_in_batches_equals_a_fresh_write_of_the_final_state(make_store: StoreFactory) -> None:
    incremental, full = make_store("inc"), make_store("full")
    _write_v1(incremental)
    final = {"a.py": 1, "b.py": 2, "c.py": 1}
    with incremental.writer("r") as writer:
        writer.delete_files(["b.py", "c.py"])
        batch = incremental_batch("r", final, changed=["b.py", "c.py"], dependents=[])
        writer.delete_edges_of_files(["b.py", "c.py"])
        writer.write(batch)
        writer.delete_edges_of_files(["a.py"])  # a later group of files, found after the first was written
        writer.write(file_edges("r", "a.py", final))
    full.write("r", repository_batch("r", final, commit="c2"), fresh=True)
    assert incremental.dump("r") == full.dump("r")


def test_a_failure_in_a_later_batch_rolls_back_the_earlier_ones(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    before = store.dump("r")
    broken = GraphBatch()
    broken.edges.append(_edge("r", "a.py", "CALLS", ("Function", definition_id("r", "a.py", "f")), ("Function", "no")))
    with pytest.raises(GraphStoreError), store.writer("r", fresh=True) as writer:
        writer.write(repository_batch("r", {"a.py": 1}))
        writer.write(broken)
    assert store.dump("r") == before


def test_rows_outside_the_schema_are_refused(make_store: StoreFactory) -> None:
    store = make_store()
    bad_column = GraphBatch(nodes={"External": [_ext("r", "x") | {"colour": "red"}]})
    with pytest.raises(GraphStoreError, match="colour"):
        store.write("r", bad_column, fresh=True)
    bad_pair = GraphBatch(edges=[_edge("r", "a.py", "INHERITS", ("Function", "x"), ("Class", "y"))])
    with pytest.raises(GraphStoreError, match="INHERITS"):
        store.write("r", bad_pair, fresh=True)


def test_delete_repository_leaves_other_repositories_intact(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store, "r")
    _write_v1(store, "s")
    s_before = store.dump("s")
    store.delete_repository("r")
    assert sum(store.counts("r").values()) == 0
    assert store.dump("s") == s_before


def test_writes_to_one_repository_leave_another_intact(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store, "r")
    _write_v1(store, "s")
    s_before = store.dump("s")
    store.write("r", incremental_batch("r", {"a.py": 1}, ["b.py"], ["a.py"]), replace_files=["b.py"],
                replace_edges_of_files=["a.py", "b.py"])  # fmt: skip
    store.write("r", repository_batch("r", {"c.py": 1}), fresh=True)
    assert store.dump("s") == s_before


# ---------------------------------------------------------------- reads


def test_query_returns_rows_keyed_by_column_with_plain_node_dicts(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    rows = store.query(
        "MATCH (n:Function)-[c:CALLS]->(x:External) WHERE n.repo = $repo RETURN n, c, x.name AS callee ORDER BY callee",
        {"repo": "r"},
    )
    assert [row["callee"] for row in rows] == ["json.dumps", "os.path.join", "os.path.join"]
    node, rel = rows[0]["n"], rows[0]["c"]
    assert node["_label"] == "Function" and node["qualname"] == "b.C.m"
    assert rel == {"_label": "CALLS", "repo": "r", "file": "b.py", "line": 6, "col": 8}


def test_query_allows_write_words_inside_strings_and_names(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    rows = store.query("MATCH (n:Function) WHERE n.name <> 'CREATE (x) SET y; DELETE' RETURN count(*) AS `set`")
    assert rows == [{"set": 3}]


@pytest.mark.parametrize(
    "cypher",
    [
        "CREATE (:External {id: 'x', repo: 'r', file: '', name: 'x', kind: 'builtin'})",
        "match (n:Function) detach delete n",
        "MATCH (n:Function) SET n.name = 'x' RETURN n",
        "MATCH (n:Function) /* harmless? */ REMOVE n.name",
        "MATCH (n:Function) // trailing comment\nDELETE n",
        "MATCH (n) RETURN n; MATCH (n) DETACH DELETE n",
        "MATCH (n) RETURN n;CREATE (:External {id: 'y'})",
        "MERGE (n:External {id: 'x'})",
        "DROP TABLE Function",
        "ALTER TABLE Function ADD x INT64",
        "COPY Function FROM 'x.csv'",
        "LOAD FROM 'x.csv' RETURN *",
        "CALL clear_warnings() RETURN *",
        "CALL project_graph('pg', ['Function'], ['CALLS'])",
        "CALL threads = 1",
        "INSTALL json",
        "BEGIN TRANSACTION",
        "ATTACH 'other.db' AS other (dbtype lbug)",
        "",
    ],
)
def test_query_rejects_anything_that_could_write(make_store: StoreFactory, cypher: str) -> None:
    store = make_store()
    _write_v1(store)
    before = store.counts("r")
    with pytest.raises(ReadOnlyQueryError):
        store.query(cypher)
    assert store.counts("r") == before


def test_query_allows_catalog_procedures(make_store: StoreFactory) -> None:
    store = make_store()
    assert {"name": "Function"} in store.query("CALL show_tables() RETURN name")


def test_query_sees_the_latest_write(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    assert store.query("MATCH (n:File) RETURN count(*) AS n") == [{"n": 2}]
    store.write("r", repository_batch("r", {"a.py": 1}), fresh=True)
    assert store.query("MATCH (n:File) RETURN count(*) AS n") == [{"n": 1}]


def test_a_read_only_store_opens_alongside_the_writer_and_refuses_writes(make_store: StoreFactory) -> None:
    writer = make_store()
    _write_v1(writer)
    reader = make_store(read_only=True)
    assert reader.counts("r") == writer.counts("r")
    assert reader.named_query("definitions_in_file", repo="r", file="a.py")
    with pytest.raises(GraphStoreError):
        reader.write("r", GraphBatch(), fresh=True)


# ---------------------------------------------------------------- named queries


def test_named_query_callgraph_lists_every_call_and_every_code_node(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    rows = store.named_query("callgraph", repo="r")
    calls = {(r["src_qualname"], r["dst_qualname"], r["dst_label"]) for r in rows if r["dst"] is not None}
    assert calls == {
        ("a.f", "os.path.join", "External"),
        ("a.f", "b.C", "Class"),
        ("a.f", "b.C.m", "Function"),
        ("b.C.m", "os.path.join", "External"),
        ("b.C.m", "json.dumps", "External"),
        ("b.C.m", "a.g", "Function"),
    }
    nodes = {(r["src_qualname"], r["src_label"], r["src_kind"]) for r in rows if r["dst"] is None}
    assert nodes == {
        ("a", "Module", "module"),
        ("b", "Module", "module"),
        ("b.C", "Class", "class"),
        ("a.f", "Function", "function"),
        ("a.g", "Function", "function"),
        ("b.C.m", "Function", "method"),
    }


def test_named_queries_callgraph_nodes_and_edges(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    nodes = store.named_query("callgraph_nodes", repo="r")
    assert {(n["name"], n["label"], n["kind"], n["file"]) for n in nodes} == {
        ("a", "Module", "module", "a.py"),
        ("b", "Module", "module", "b.py"),
        ("b.C", "Class", "class", "b.py"),
        ("a.f", "Function", "function", "a.py"),
        ("a.g", "Function", "function", "a.py"),
        ("b.C.m", "Function", "method", "b.py"),
    }
    edges = store.named_query("callgraph_edges", repo="r")
    assert {(e["src"], e["dst_name"], e["dst_label"], e["dst_kind"], e["line"]) for e in edges} == {
        (definition_id("r", "a.py", "f"), "os.path.join", "External", "stdlib", 4),
        (definition_id("r", "a.py", "f"), "b.C", "Class", "class", 3),
        (definition_id("r", "a.py", "f"), "b.C.m", "Function", "method", 3),
        (definition_id("r", "b.py", "C.m"), "os.path.join", "External", "stdlib", 5),
        (definition_id("r", "b.py", "C.m"), "json.dumps", "External", "stdlib", 6),
        (definition_id("r", "b.py", "C.m"), "a.g", "Function", "function", 7),
    }


def test_set_repository_commit(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    store.set_repository_commit("r", "c9")
    assert store.query("MATCH (n:Repository) RETURN n.`commit` AS c") == [{"c": "c9"}]


def test_named_query_definitions_in_file(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    rows = store.named_query("definitions_in_file", repo="r", file="b.py")
    assert [(r["qualname"], r["label"], r["kind"]) for r in rows] == [
        ("b.C", "Class", "class"),
        ("b.C.m", "Function", "method"),
    ]


def test_named_query_callers_of_is_bounded_by_depth(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    direct = store.named_query("callers_of", repo="r", target="a.g")
    assert [(r["qualname"], r["depth"]) for r in direct] == [("b.C.m", 1)]
    two_hops = store.named_query("callers_of", repo="r", target="a.g", depth=2)
    assert [(r["qualname"], r["depth"]) for r in two_hops] == [("b.C.m", 1), ("a.f", 2)]
    with pytest.raises(GraphStoreError, match="depth"):
        store.named_query("callers_of", repo="r", target="a.g", depth=100)


def test_dependency_edges_are_every_call_inheritance_import_and_definition_of_one_repository(
    make_store: StoreFactory,
) -> None:
    store = make_store()
    _write_v1(store)
    _write_v1(store, "other")
    a, b = "r:a.py", "r:b.py"
    assert sorted(store.dependency_edges("r")) == sorted(
        [
            ("CALLS", f"{a}:f", "r::os.path.join"),
            ("CALLS", f"{a}:f", f"{b}:C"),
            ("CALLS", f"{a}:f", f"{b}:C.m"),
            ("CALLS", f"{b}:C.m", "r::os.path.join"),
            ("CALLS", f"{b}:C.m", "r::json.dumps"),
            ("CALLS", f"{b}:C.m", f"{a}:g"),
            ("INHERITS", f"{b}:C", "r::object"),
            ("IMPORTS", f"{a}:<module>", "r::os.path"),
            ("IMPORTS", f"{a}:<module>", f"{b}:<module>"),
            ("DEFINES", f"{a}:<module>", f"{a}:f"),
            ("DEFINES", f"{a}:<module>", f"{a}:g"),
            ("DEFINES", f"{b}:<module>", f"{b}:C"),
            ("DEFINES", f"{b}:C", f"{b}:C.m"),
        ]
    )


def test_named_query_imports_of_module(make_store: StoreFactory) -> None:
    store = make_store()
    _write_v1(store)
    rows = store.named_query("imports_of_module", repo="r", module="a")
    assert [(r["name"], r["label"], r["line"], r["alias"]) for r in rows] == [
        ("os.path", "External", 1, None),
        ("b", "Module", 2, "bb"),
    ]


def test_unknown_named_query_and_missing_parameters_are_errors(make_store: StoreFactory) -> None:
    store = make_store()
    with pytest.raises(GraphStoreError, match="unknown named query"):
        store.named_query("everything")
    with pytest.raises(GraphStoreError, match="file"):
        store.named_query("definitions_in_file", repo="r")


# ---------------------------------------------------------------- adapter-specific


def test_ladybug_refuses_a_store_with_another_schema_version(tmp_path: Path) -> None:
    import ladybug as lb

    path = tmp_path / "graph.lbug"
    open_graph_store("ladybug", path).close()
    db = lb.Database(str(path))
    conn = lb.Connection(db)
    conn.execute("MATCH (s:SchemaInfo) SET s.value = '0-old'")
    conn.close()
    db.close()
    with pytest.raises(SchemaVersionError, match="0-old"):
        open_graph_store("ladybug", path)


def test_unknown_graph_store_kind_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GraphStoreError, match="ladybug"):
        open_graph_store("neo5j", tmp_path / "g")


def test_ladybug_query_handle_is_read_only_in_the_engine_too(make_store: StoreFactory) -> None:
    store = make_store()
    if not hasattr(store, "_read_connection"):
        pytest.skip("Ladybug adapter detail")
    with pytest.raises(RuntimeError, match="(?i)read-only"):
        store._read_connection().execute("CREATE (:External {id: 'x'})")


def test_writers_of_one_graph_queue_up_instead_of_corrupting_it(tmp_path: Path) -> None:
    """Two read-write opens of one Ladybug file in one process corrupt it; the writer lock makes
    the second wait until the first closes."""
    import threading

    from codeintel.graph.ladybug_store import LadybugGraphStore

    first = LadybugGraphStore(tmp_path / "graph")
    opened = threading.Event()

    def open_second() -> None:
        LadybugGraphStore(tmp_path / "graph").close()
        opened.set()

    waiter = threading.Thread(target=open_second)
    waiter.start()
    assert not opened.wait(0.5)
    first.close()
    assert opened.wait(30)
    waiter.join()
