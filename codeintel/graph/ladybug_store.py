"""GraphStore on Ladybug, the embedded Cypher database (a fork of Kùzu) kept in one local file.

Write paths, chosen from measurements (docs/benchmarks.md):
- bulk rows go in by `COPY <table> FROM $arrow_table` (nodes per label; edges per
  (type, from label, to label) with `(from=..., to=...)`), also into non-empty tables;
- nodes shared by many files (Repository, External) are upserted with
  `LOAD FROM $dataframe MERGE (n:L {id: ...}) SET ...`; never UNWIND of Python dicts.
Every write runs inside one explicit transaction: COPY, LOAD FROM and DETACH DELETE all work
inside `BEGIN TRANSACTION ... COMMIT` in this Ladybug, and a failing statement rolls the
whole transaction back, so a failed write leaves the previous graph untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ladybug as lb
import pandas as pd
import pyarrow as pa

from codeintel.filelock import FileLock, FileLockTimeout
from codeintel.graph.port import (
    EdgeTuple,
    GraphStoreError,
    NodeTuple,
    ReadOnlyQueryError,
    SchemaVersionError,
)
from codeintel.graph.schema import (
    COMMON_COLUMNS,
    EDGE_COLUMNS,
    EDGE_PAIRS,
    NODE_COLUMNS,
    ColumnType,
    EdgeRow,
    GraphBatch,
)

SCHEMA_REVISION = 1
"""Bump by hand for changes the fingerprint cannot see (id formats, meaning of a column)."""

SHARED_LABELS = frozenset({"Repository", "External"})
"""Nodes that belong to no single file: upserted on incremental writes, never replaced by file."""

EDGE_COMMON_COLUMNS: dict[str, ColumnType] = {"repo": "STRING", "file": "STRING"}

_ARROW_TYPES: dict[str, pa.DataType] = {
    "STRING": pa.string(),
    "INT64": pa.int64(),
    "BOOLEAN": pa.bool_(),
    "STRING[]": pa.list_(pa.string()),
}

_META_TABLE = "SchemaInfo"

BUFFER_POOL_ENV = "CODEINTEL_GRAPH_BUFFER_POOL_MB"


def buffer_pool_bytes() -> int:
    """Ladybug's page cache per open database: left alone, it grows to 80% of the machine while a
    large scan writes millions of edges, in the process that also holds the analysis (the kernel
    scan ran out of memory that way). A fifth of the machine, at most 8 GiB, unless
    CODEINTEL_GRAPH_BUFFER_POOL_MB says otherwise; pages beyond it are evicted to the file."""
    configured = os.environ.get(BUFFER_POOL_ENV)
    if configured:
        return int(configured) * 1024 * 1024
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return min(physical // 5, 8 * 1024**3)


def schema_version() -> str:
    """SCHEMA_REVISION plus a fingerprint of codeintel.graph.schema, so any table change is seen."""
    declared = json.dumps([COMMON_COLUMNS, NODE_COLUMNS, EDGE_PAIRS, EDGE_COLUMNS, EDGE_COMMON_COLUMNS], sort_keys=True)
    return f"{SCHEMA_REVISION}-{hashlib.sha256(declared.encode()).hexdigest()[:12]}"


def node_columns(label: str) -> dict[str, ColumnType]:
    """All columns of a node table in declaration order (the order COPY expects)."""
    return {**COMMON_COLUMNS, **NODE_COLUMNS[label]}


def edge_columns(edge_type: str) -> dict[str, ColumnType]:
    """All property columns of a relationship table in declaration order."""
    return {**EDGE_COMMON_COLUMNS, **EDGE_COLUMNS[edge_type]}


def schema_ddl() -> list[str]:
    """CREATE statements for every table, in dependency order (nodes before relationships)."""
    statements = [f"CREATE NODE TABLE IF NOT EXISTS {_META_TABLE}(key STRING, value STRING, PRIMARY KEY(key))"]
    for label in NODE_COLUMNS:
        cols = ", ".join(f"`{name}` {kind}" for name, kind in node_columns(label).items())
        statements.append(f"CREATE NODE TABLE IF NOT EXISTS {label}({cols}, PRIMARY KEY(id))")
    for edge_type, pairs in EDGE_PAIRS.items():
        ends = ", ".join(f"FROM {src} TO {dst}" for src, dst in pairs)
        cols = ", ".join(f"`{name}` {kind}" for name, kind in edge_columns(edge_type).items())
        statements.append(f"CREATE REL TABLE IF NOT EXISTS {edge_type}({ends}, {cols})")
    return statements


# ---------------------------------------------------------------- read-only guard

_WRITE_KEYWORDS = (
    "CREATE",
    "MERGE",
    "DELETE",
    "DETACH",
    "SET",
    "REMOVE",
    "DROP",
    "COPY",
    "ALTER",
    "INSTALL",
    "UNINSTALL",
    "LOAD",
    "ATTACH",
    "USE",
    "IMPORT",
    "EXPORT",
    "CHECKPOINT",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "TRANSACTION",
    "FOREACH",
    "RENAME",
)
_WRITE_RE = re.compile(r"(?<![\w.$`])(" + "|".join(_WRITE_KEYWORDS) + r")(?![\w`])", re.IGNORECASE)
_CALL_RE = re.compile(r"(?<![\w.$`])CALL(?![\w`])\s*(`?)([A-Za-z_][\w]*)\1?\s*(\(|=)?", re.IGNORECASE)
_LEXEME_RE = re.compile(
    r"""
    (?P<line_comment>//[^\n]*)
    | (?P<block_comment>/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:[^'\\]|\\.|'')*(?:'|\Z)|"(?:[^"\\]|\\.|"")*(?:"|\Z))
    | (?P<ident>`(?:[^`]|``)*(?:`|\Z))
    """,
    re.VERBOSE | re.DOTALL,
)

READ_PROCEDURES = frozenset(
    {
        "TABLE_INFO",
        "SHOW_TABLES",
        "SHOW_CONNECTION",
        "SHOW_FUNCTIONS",
        "SHOW_INDEXES",
        "SHOW_SEQUENCES",
        "SHOW_MACROS",
        "SHOW_GRAPHS",
        "SHOW_PROJECTED_GRAPHS",
        "PROJECTED_GRAPH_INFO",
        "SHOW_WARNINGS",
        "SHOW_LOADED_EXTENSIONS",
        "SHOW_OFFICIAL_EXTENSIONS",
        "SHOW_ATTACHED_DATABASES",
        "CURRENT_SETTING",
        "DB_VERSION",
        "STORAGE_VERSION",
        "CATALOG_VERSION",
        "STATS_INFO",
    }
)
"""Procedures `query` lets through: catalog and settings readers. Everything else (projected
graph creation, warning clearing, file readers, `CALL setting=value`) is refused."""


def check_read_only(cypher: str, *, procedures: bool = True) -> None:
    """Raise ReadOnlyQueryError unless `cypher` is one statement that cannot write; with
    `procedures=False` (the HTTP API) also for any CALL, read-only catalog procedures included.

    Comments and string literals are blanked first, so neither hides a keyword nor trips on one
    (`WHERE n.name = 'SET'` is fine; `MATCH (n) /* */ SET n.x = 1` is not). Back-quoted names
    are blanked too. This is a guard for honest mistakes and obvious abuse; the engine's own
    read-only mode (a read-only Database handle) is the enforcement behind it.
    """
    if not cypher or not cypher.strip():
        raise ReadOnlyQueryError("empty query")
    code = _LEXEME_RE.sub(lambda m: " " if not m.group("ident") else "`x`", cypher)
    if ";" in code.rstrip().rstrip(";"):
        raise ReadOnlyQueryError("only one statement per query is allowed (found ';')")
    found = _WRITE_RE.search(code)
    if found:
        raise ReadOnlyQueryError(f"read-only query refused: it contains {found.group(1).upper()}")
    for call in _CALL_RE.finditer(code):
        name, opener = call.group(2).upper(), call.group(3)
        if not procedures:
            raise ReadOnlyQueryError(f"query refused: procedure calls (CALL {call.group(2)}) are not allowed here")
        if opener != "(" or name not in READ_PROCEDURES:
            raise ReadOnlyQueryError(f"read-only query refused: CALL {call.group(2)} is not a read procedure")


# ---------------------------------------------------------------- named queries


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A canned query: Cypher with $parameters, the parameters it needs, and their defaults."""

    cypher: str
    required: tuple[str, ...]
    defaults: tuple[tuple[str, Any], ...] = ()
    doc: str = ""
    build: Callable[[dict[str, Any]], str] | None = None
    """Formats the Cypher from validated parameters, for what Cypher cannot take as a $parameter."""


MAX_CALL_DEPTH = 10

_CALLGRAPH = """
MATCH (a)-[e:CALLS]->(b) WHERE e.repo = $repo
RETURN a.id AS src, coalesce(a.qualname, a.name) AS src_qualname, label(a) AS src_label,
       CASE WHEN label(a) = 'Function' THEN a.kind ELSE lower(label(a)) END AS src_kind,
       b.id AS dst, coalesce(b.qualname, b.name) AS dst_qualname, b.name AS dst_name,
       label(b) AS dst_label, e.file AS file, e.line AS line, e.col AS col
UNION ALL
MATCH (n:Module:Class:Function) WHERE n.repo = $repo
RETURN n.id AS src, coalesce(n.qualname, n.name) AS src_qualname, label(n) AS src_label,
       CASE WHEN label(n) = 'Function' THEN n.kind ELSE lower(label(n)) END AS src_kind,
       CAST(NULL AS STRING) AS dst, CAST(NULL AS STRING) AS dst_qualname, CAST(NULL AS STRING) AS dst_name,
       CAST(NULL AS STRING) AS dst_label, n.file AS file, CAST(NULL AS INT64) AS line,
       CAST(NULL AS INT64) AS col
"""

_CALLGRAPH_NODES = """
MATCH (n:Module:Class:Function) WHERE n.repo = $repo
RETURN n.id AS id, label(n) AS label, coalesce(n.qualname, n.name) AS name, n.file AS file,
       n.start_line AS line, CASE WHEN label(n) = 'Function' THEN n.kind ELSE lower(label(n)) END AS kind
ORDER BY id
"""

_CALLGRAPH_EDGES = """
MATCH (a)-[e:CALLS]->(b) WHERE e.repo = $repo
RETURN a.id AS src, b.id AS dst, label(b) AS dst_label, coalesce(b.qualname, b.name) AS dst_name,
       CASE WHEN label(b) = 'Class' THEN 'class' ELSE b.kind END AS dst_kind,
       e.file AS file, e.line AS line, e.col AS col
ORDER BY src, dst, line, col
"""

_DEFINITIONS_IN_FILE = """
MATCH (n:Class:Function) WHERE n.repo = $repo AND n.file = $file
RETURN n.id AS id, label(n) AS label, n.name AS name, n.qualname AS qualname,
       CASE WHEN label(n) = 'Function' THEN n.kind ELSE 'class' END AS kind,
       n.start_line AS start_line, n.end_line AS end_line
ORDER BY start_line, qualname
"""


def _callers_of(params: dict[str, Any]) -> str:
    depth = params["depth"]
    if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= MAX_CALL_DEPTH:
        raise GraphStoreError(f"callers_of: depth must be an integer from 1 to {MAX_CALL_DEPTH}, got {depth!r}")
    return f"""
MATCH p = (c)-[:CALLS*1..{depth}]->(t)
WHERE t.repo = $repo AND (t.id = $target OR coalesce(t.qualname, t.name) = $target)
RETURN c.id AS id, coalesce(c.qualname, c.name) AS qualname, label(c) AS label, c.file AS file,
       min(length(p)) AS depth
ORDER BY depth, qualname
"""


_IMPORTS_OF_MODULE = """
MATCH (m:Module)-[i:IMPORTS]->(x)
WHERE m.repo = $repo AND (m.name = $module OR m.id = $module OR m.file = $module)
RETURN x.id AS id, coalesce(x.qualname, x.name) AS name, label(x) AS label, i.line AS line, i.alias AS alias
ORDER BY line, name
"""

_DEFINITION_KINDS = """
MATCH (c:Class) WHERE c.repo = $repo RETURN c.kind AS kind, count(c) AS n
UNION ALL
MATCH (f:Function) WHERE f.repo = $repo RETURN f.kind AS kind, count(f) AS n
"""


def _symbol_columns(var: str, prefix: str = "", *, only: str | None = None) -> str:
    """The columns that describe a Module, Class, Function or External node as a symbol.

    Over several labels a property that a label lacks reads as NULL; a variable of one label
    (`only`) may name only that label's properties."""
    start = "CAST(NULL AS INT64)" if only in ("Module", "External") else f"{var}.start_line"
    end = "CAST(NULL AS INT64)" if only in ("Module", "External") else f"{var}.end_line"
    kind = f"'{only.lower()}'" if only in ("Module", "Class") else f"{var}.kind"
    qualname = f"{var}.name" if only in ("Module", "External") else f"coalesce({var}.qualname, {var}.name)"
    return (
        f"{var}.id AS {prefix}id, label({var}) AS {prefix}label, {qualname} AS {prefix}qualname, "
        f"{var}.name AS {prefix}name, {var}.file AS {prefix}file, {start} AS {prefix}start_line, "
        f"{end} AS {prefix}end_line, {kind} AS {prefix}kind"
    )


_SYMBOLS = f"""
MATCH (n:Module:Class:Function:External) WHERE n.repo = $repo
RETURN {_symbol_columns("n")}
ORDER BY qualname, id
"""

_CALLS_INTO = f"""
MATCH (a)-[e:CALLS]->(b) WHERE e.repo = $repo AND b.id IN $ids
RETURN {_symbol_columns("a", "src_")}, {_symbol_columns("b", "dst_")}, e.file AS file, e.line AS line, e.col AS col
ORDER BY dst_id, src_qualname, src_id, line, col
"""

_CALLS_FROM = f"""
MATCH (a)-[e:CALLS]->(b) WHERE e.repo = $repo AND a.id IN $ids
RETURN {_symbol_columns("a", "src_")}, {_symbol_columns("b", "dst_")}, e.file AS file, e.line AS line, e.col AS col
ORDER BY src_id, line, col, dst_qualname, dst_id
"""

_MODULE_IMPORTS = """
MATCH (m:Module)-[i:IMPORTS]->(x) WHERE m.repo = $repo
RETURN m.name AS source, m.file AS source_file, label(x) AS target_label, coalesce(x.qualname, x.name) AS target,
       x.file AS target_file, x.kind AS target_kind, i.line AS line, i.alias AS alias
ORDER BY source, line, target
"""

_SUBCLASSES_OF = f"""
MATCH (c:Class)-[:INHERITS]->(b) WHERE c.repo = $repo AND b.id IN $ids
RETURN {_symbol_columns("c", only="Class")}, b.id AS base
ORDER BY qualname, id
"""

_BASES_OF = f"""
MATCH (c:Class)-[:INHERITS]->(b:Class) WHERE c.repo = $repo AND c.id IN $ids
RETURN {_symbol_columns("b", only="Class")}, c.id AS subclass
ORDER BY qualname, id
"""

_IMPORTERS_OF = f"""
MATCH (m:Module)-[i:IMPORTS]->(x) WHERE m.repo = $repo AND x.id IN $ids
RETURN {_symbol_columns("m", only="Module")}, x.id AS target, i.line AS line
ORDER BY qualname, line
"""

_FUNCTION_METRICS = """
MATCH (f:Function) WHERE f.repo = $repo
RETURN f.id AS id, f.qualname AS qualname, f.file AS file, f.start_line AS start_line, f.end_line AS end_line,
       f.lines AS lines, f.cyclomatic AS cyclomatic, f.max_nesting AS max_nesting, f.parameters AS parameters,
       f.cognitive AS cognitive
ORDER BY file, start_line, qualname
"""


DEPENDENCY_EDGE_TYPES = ("CALLS", "INHERITS", "IMPORTS", "DEFINES")

NAMED_QUERIES: dict[str, NamedQuery] = {
    "callgraph": NamedQuery(
        _CALLGRAPH,
        ("repo",),
        doc="Every CALLS edge of a repository (src -> dst) plus one row per Module/Class/Function "
        "with dst NULL, so functions that call nothing still appear.",
    ),
    "callgraph_nodes": NamedQuery(
        _CALLGRAPH_NODES,
        ("repo",),
        doc="Every Module/Class/Function of a repository: id, label, name (qualified), file, line, kind.",
    ),
    "callgraph_edges": NamedQuery(
        _CALLGRAPH_EDGES,
        ("repo",),
        doc="Every CALLS edge: src, dst, dst_label, dst_name (qualified), dst_kind, file, line, col.",
    ),
    "definitions_in_file": NamedQuery(
        _DEFINITIONS_IN_FILE, ("repo", "file"), doc="Classes and functions defined in one file."
    ),
    "callers_of": NamedQuery(
        "",
        ("repo", "target"),
        (("depth", 1),),
        doc="Code that calls `target` (an id or qualname) within `depth` (1..10) CALLS hops, nearest first.",
        build=_callers_of,
    ),
    "definition_kinds": NamedQuery(
        _DEFINITION_KINDS,
        ("repo",),
        doc="How many definitions of each kind (class, struct, interface, ..., function, method, nested) there are.",
    ),
    "imports_of_module": NamedQuery(
        _IMPORTS_OF_MODULE,
        ("repo", "module"),
        doc="What one module (by dotted name, id or file path) imports.",
    ),
    "symbols": NamedQuery(
        _SYMBOLS,
        ("repo",),
        doc="Every Module, Class, Function and External node of a repository as a symbol: id, label, "
        "qualname, name, file, start_line, end_line, kind.",
    ),
    "calls_into": NamedQuery(
        _CALLS_INTO,
        ("repo", "ids"),
        doc="CALLS edges into any of `ids`: the caller (src_*) and callee (dst_*) as symbols, file, line, col.",
    ),
    "calls_from": NamedQuery(
        _CALLS_FROM,
        ("repo", "ids"),
        doc="CALLS edges out of any of `ids`: the caller (src_*) and callee (dst_*) as symbols, file, line, col.",
    ),
    "module_imports": NamedQuery(
        _MODULE_IMPORTS,
        ("repo",),
        doc="Every IMPORTS edge of a repository: source module and file, target label, name, file and kind "
        "(externals), line, alias.",
    ),
    "subclasses_of": NamedQuery(
        _SUBCLASSES_OF, ("repo", "ids"), doc="Classes that inherit directly from any of `ids`, with the base's id."
    ),
    "bases_of": NamedQuery(
        _BASES_OF,
        ("repo", "ids"),
        doc="Classes of the repository that any of `ids` inherits from directly, with the subclass's id.",
    ),
    "importers_of": NamedQuery(
        _IMPORTERS_OF, ("repo", "ids"), doc="Modules that import any of `ids` directly, with the target and line."
    ),
    "function_metrics": NamedQuery(
        _FUNCTION_METRICS,
        ("repo",),
        doc=(
            "Every function's size and complexity: id, qualname, file, lines, cyclomatic, max_nesting, "
            "parameters, cognitive."
        ),
    ),
}


# ---------------------------------------------------------------- the adapter


class LadybugGraphStore:
    """GraphStore on an embedded Ladybug database file at `path` (created on first open).

    Concurrency: one read-write Database per file. Ladybug refuses a second read-write open
    from another process ("Could not set lock on file") and, worse, lets two in one process
    corrupt the file (seen with two scans on two threads of the event router), so a read-write
    open first takes an exclusive lock on `<path>.writer.lock` and waits for it: writers of any
    thread or process queue up instead of failing. Any number of `read_only=True` opens run
    alongside, each reading a snapshot of the data as of its open. `query()` on a read-write
    store goes through its own read-only handle so that the engine itself refuses writes; that
    handle is reopened after every write so it sees it.
    Not thread-safe: one store object per thread (or guard it).

    Two Ladybug behaviours callers never meet because this class hides them: executing the
    same DataFrame object twice with the same COPY statement crashes the process (the client
    caches a prepared statement per object), so every COPY gets a fresh Arrow table; and the
    client's prepared-statement cache grows by one entry per DataFrame, so it is cleared after
    each write.
    """

    kind = "ladybug"

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise GraphStoreError(f"no graph store at {self.path} (run a scan first)")
        self._writer_lock: FileLock | None = None
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._writer_lock = FileLock(self.path.with_name(self.path.name + ".writer.lock"))
            except FileLockTimeout as exc:
                raise GraphStoreError(f"cannot open graph store {self.path} for writing: {exc}") from exc
        try:
            self._db = lb.Database(str(self.path), read_only=read_only, buffer_pool_size=buffer_pool_bytes())
        except RuntimeError as exc:
            if self._writer_lock is not None:
                self._writer_lock.release()
            raise GraphStoreError(f"cannot open graph store {self.path}: {exc}") from exc
        self._conn = lb.Connection(self._db)
        self._ro_db: lb.Database | None = None
        self._ro_conn: lb.Connection | None = None
        self._closed = False

    # ---- schema

    def _table_names(self) -> set[str]:
        return {row[0] for row in self._conn.execute("CALL show_tables() RETURN name").get_all()}

    def ensure_schema(self) -> None:
        expected = schema_version()
        tables = self._table_names()
        if _META_TABLE in tables:
            rows = self._conn.execute(
                f"MATCH (s:{_META_TABLE}) WHERE s.key = 'schema_version' RETURN s.value"
            ).get_all()
            found = rows[0][0] if rows else None
            if found != expected:
                raise SchemaVersionError(
                    f"graph store {self.path} has schema version {found}, this code expects {expected}; "
                    "delete it (or point data_dir elsewhere) and rescan"
                )
            return
        if tables:
            raise SchemaVersionError(
                f"graph store {self.path} holds tables {sorted(tables)} but no schema version; "
                "it was not made by codeintel: delete it or use another path"
            )
        if self.read_only:
            raise GraphStoreError(f"graph store {self.path} is empty and opened read-only")
        with self._transaction():
            for statement in schema_ddl():
                self._conn.execute(statement)
            self._conn.execute(
                f"CREATE (:{_META_TABLE} {{key: 'schema_version', value: $v}})",
                {"v": expected},
            )

    # ---- writes

    def write(
        self,
        repo: str,
        batch: GraphBatch,
        *,
        replace_files: Collection[str] = (),
        replace_edges_of_files: Collection[str] = (),
        fresh: bool = False,
    ) -> None:
        with self.writer(repo, fresh=fresh) as writer:
            if not fresh:
                writer.delete_files(replace_files)
                writer.delete_edges_of_files(replace_edges_of_files)
            writer.write(batch)

    @contextlib.contextmanager
    def writer(self, repo: str, *, fresh: bool = False) -> Iterator[GraphWriter]:
        """One transaction that takes a scan's rows in as many batches as the caller builds (so a
        large repository never holds all its rows at once); committed when the block ends,
        rolled back if it raises. See GraphStore.writer."""
        self._require_writable()
        with self._transaction():
            if fresh:
                self._delete_repository(repo)
            writer = GraphWriter(self, repo, fresh)
            yield writer
            self._prune_externals(repo)

    def set_repository_commit(self, repo: str, commit: str | None) -> None:
        self._require_writable()
        with self._transaction():
            self._conn.execute(
                "MATCH (n:Repository) WHERE n.repo = $repo SET n.`commit` = $commit", {"repo": repo, "commit": commit}
            )

    def delete_repository(self, repo: str) -> None:
        self._require_writable()
        with self._transaction():
            self._delete_repository(repo)

    def _delete_repository(self, repo: str) -> None:
        for label in NODE_COLUMNS:
            self._conn.execute(f"MATCH (n:{label}) WHERE n.repo = $repo DETACH DELETE n", {"repo": repo})

    def _delete_files(self, repo: str, files: list[str]) -> None:
        if not files:
            return
        for label in NODE_COLUMNS:
            if label in SHARED_LABELS:
                continue
            self._conn.execute(
                f"MATCH (n:{label}) WHERE n.repo = $repo AND n.file IN $files DETACH DELETE n",
                {"repo": repo, "files": files},
            )

    def _delete_edges_of_files(self, repo: str, files: list[str]) -> None:
        if not files:
            return
        for edge_type in EDGE_PAIRS:
            self._conn.execute(
                f"MATCH ()-[e:{edge_type}]->() WHERE e.repo = $repo AND e.file IN $files DELETE e",
                {"repo": repo, "files": files},
            )

    def _prune_externals(self, repo: str) -> None:
        self._conn.execute(
            "MATCH (n:External) WHERE n.repo = $repo AND NOT EXISTS { MATCH ()-->(n) } DELETE n",
            {"repo": repo},
        )

    @staticmethod
    def _node_rows(repo: str, label: str, rows: list[dict[str, object]]) -> list[dict[str, object]]:
        if label not in NODE_COLUMNS:
            raise GraphStoreError(f"unknown node label {label!r}; known: {sorted(NODE_COLUMNS)}")
        allowed = node_columns(label)
        unknown = set().union(*rows) - allowed.keys() if rows else set()
        if unknown:
            raise GraphStoreError(f"{label} rows carry columns the schema lacks: {sorted(unknown)}")
        other_repos = {row.get("repo", repo) for row in rows} - {repo}
        if other_repos:
            raise GraphStoreError(f"{label} rows of repositories {sorted(other_repos)} in a write for {repo!r}")
        if any(row.get("id") is None for row in rows):
            raise GraphStoreError(f"{label} rows without an id")
        # repo and file may be left out (file '' = belongs to no single file). Last row wins for a
        # repeated id (e.g. a function redefined under `if`), on every write path alike.
        unique = {row["id"]: row for row in rows}
        return [
            row if "repo" in row and "file" in row else {"repo": repo, "file": "", **row} for row in unique.values()
        ]

    @staticmethod
    def _edge_groups(repo: str, edges: list[EdgeRow]) -> dict[tuple[str, str, str], list[EdgeRow]]:
        groups: dict[tuple[str, str, str], list[EdgeRow]] = defaultdict(list)
        for edge in edges:
            groups[(edge.type, edge.src_label, edge.dst_label)].append(edge)
        for edge_type, src_label, dst_label in groups:
            if (src_label, dst_label) not in EDGE_PAIRS.get(edge_type, ()):
                raise GraphStoreError(f"schema has no {edge_type} edge from {src_label} to {dst_label}")
        other_repos = {edge.repo for edge in edges} - {repo}
        if other_repos:
            raise GraphStoreError(f"edges of repositories {sorted(other_repos)} in a write for {repo!r}")
        return groups

    def _copy_nodes(self, label: str, rows: list[dict[str, object]]) -> None:
        columns = node_columns(label)
        table = pa.table(
            {name: pa.array([row.get(name) for row in rows], type=_ARROW_TYPES[kind]) for name, kind in columns.items()}
        )
        self._execute_scan(f"COPY {label} FROM $rows", table)

    def _merge_nodes(self, label: str, rows: list[dict[str, object]]) -> None:
        columns = node_columns(label)
        names = list(columns)
        # Positional column names: property names such as `commit` are Cypher keywords.
        frame = pa.table(
            {
                f"v{i}": pa.array([row.get(name) for row in rows], type=_ARROW_TYPES[columns[name]])
                for i, name in enumerate(names)
            }
        )
        sets = ", ".join(f"n.`{name}` = v{i}" for i, name in enumerate(names) if name != "id")
        self._execute_scan(f"LOAD FROM $rows MERGE (n:{label} {{id: v0}}) SET {sets}", frame)

    def _copy_edges(self, edge_type: str, src_label: str, dst_label: str, edges: list[EdgeRow]) -> None:
        props = edge_columns(edge_type)
        data: dict[str, pa.Array] = {
            "from": pa.array([e.src for e in edges], type=pa.string()),
            "to": pa.array([e.dst for e in edges], type=pa.string()),
            "repo": pa.array([e.repo for e in edges], type=pa.string()),
            "file": pa.array([e.file for e in edges], type=pa.string()),
        }
        for name, kind in EDGE_COLUMNS[edge_type].items():
            data[name] = pa.array([e.props.get(name) for e in edges], type=_ARROW_TYPES[kind])
        unknown = set().union(*(e.props for e in edges)) - props.keys()
        if unknown:
            raise GraphStoreError(f"{edge_type} edges carry properties the schema lacks: {sorted(unknown)}")
        self._execute_scan(f"COPY {edge_type} FROM $rows (from='{src_label}', to='{dst_label}')", pa.table(data))

    def _execute_scan(self, statement: str, rows: pa.Table | pd.DataFrame) -> None:
        try:
            self._conn.execute(statement, {"rows": rows})
        except RuntimeError as exc:
            raise GraphStoreError(f"{statement.split(' FROM ')[0]} failed: {exc}") from exc

    # ---- transactions and handles

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    def _require_writable(self) -> None:
        if self.read_only:
            raise GraphStoreError(f"graph store {self.path} is opened read-only")

    def _drop_read_handle(self) -> None:
        if self._ro_conn is not None:
            self._ro_conn.close()
        if self._ro_db is not None:
            self._ro_db.close()
        self._ro_conn = self._ro_db = None

    def _read_connection(self) -> lb.Connection:
        if self.read_only:
            return self._conn
        if self._ro_conn is None:
            try:
                self._ro_db = lb.Database(str(self.path), read_only=True, buffer_pool_size=buffer_pool_bytes())
                self._ro_conn = lb.Connection(self._ro_db)
            except RuntimeError:  # e.g. the file cannot be opened twice here: fall back to the guard alone
                self._ro_db = None
                return self._conn
        return self._ro_conn

    # ---- reads

    def counts(self, repo: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for label in NODE_COLUMNS:
            out[label] = self._scalar(f"MATCH (n:{label}) WHERE n.repo = $repo RETURN count(n)", repo)
        for edge_type in EDGE_PAIRS:
            out[edge_type] = self._scalar(f"MATCH ()-[e:{edge_type}]->() WHERE e.repo = $repo RETURN count(e)", repo)
        return out

    def _scalar(self, cypher: str, repo: str) -> int:
        return int(self._conn.execute(cypher, {"repo": repo}).get_all()[0][0])

    def dependency_edges(self, repo: str) -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        for edge_type in DEPENDENCY_EDGE_TYPES:
            # DEFINES has no repo column: the defined node's says which repository it belongs to
            owner = "b" if edge_type == "DEFINES" else "e"
            cypher = f"MATCH (a)-[e:{edge_type}]->(b) WHERE {owner}.repo = $repo RETURN a.id, b.id"
            out.extend((edge_type, source, target) for source, target in self._conn.execute(cypher, {"repo": repo}))
        return out

    def dump(self, repo: str) -> tuple[set[NodeTuple], set[EdgeTuple]]:
        nodes: set[NodeTuple] = set()
        for label in NODE_COLUMNS:
            names = [name for name in node_columns(label) if name != "id"]
            projection = ", ".join(["n.id"] + [f"n.`{name}`" for name in names])
            cypher = f"MATCH (n:{label}) WHERE n.repo = $repo RETURN {projection}"
            for row in self._conn.execute(cypher, {"repo": repo}):
                props = tuple(sorted(zip(names, map(_hashable, row[1:]), strict=True)))
                nodes.add((label, row[0], props))
        edges: set[EdgeTuple] = set()
        for edge_type in EDGE_PAIRS:
            names = list(edge_columns(edge_type))
            projection = ", ".join(["a.id", "b.id"] + [f"e.`{name}`" for name in names])
            cypher = f"MATCH (a)-[e:{edge_type}]->(b) WHERE e.repo = $repo RETURN {projection}"
            for row in self._conn.execute(cypher, {"repo": repo}):
                props = tuple(sorted(zip(names, map(_hashable, row[2:]), strict=True)))
                edges.add((edge_type, row[0], row[1], props))
        return nodes, edges

    def query(
        self, cypher: str, params: dict[str, Any] | None = None, *, procedures: bool = True
    ) -> list[dict[str, Any]]:
        check_read_only(cypher, procedures=procedures)
        try:
            result = self._read_connection().execute(cypher, dict(params or {}))
        except RuntimeError as exc:
            if "read-only" in str(exc).lower() or "read only" in str(exc).lower():
                raise ReadOnlyQueryError(str(exc)) from exc
            raise GraphStoreError(f"query failed: {exc}") from exc
        if isinstance(result, list):
            raise ReadOnlyQueryError("only one statement per query is allowed")
        return _rows(result)

    def named_query(self, name: str, **params: Any) -> list[dict[str, Any]]:
        spec = NAMED_QUERIES.get(name)
        if spec is None:
            raise GraphStoreError(f"unknown named query {name!r}; known: {sorted(NAMED_QUERIES)}")
        values = {**dict(spec.defaults), **params}
        missing = [key for key in spec.required if key not in values]
        if missing:
            raise GraphStoreError(f"named query {name!r} needs parameters {missing}")
        unknown = set(values) - set(spec.required) - {key for key, _ in spec.defaults}
        if unknown:
            raise GraphStoreError(f"named query {name!r} takes no parameters {sorted(unknown)}")
        cypher = spec.build(values) if spec.build else spec.cypher
        bound = {key: value for key, value in values.items() if f"${key}" in cypher}
        return _rows(self._conn.execute(cypher, bound))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._drop_read_handle()
        self._conn.close()
        self._db.close()
        if self._writer_lock is not None:
            self._writer_lock.release()

    def __enter__(self) -> LadybugGraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class GraphWriter:
    """Writes one repository's rows inside an open transaction (LadybugGraphStore.writer)."""

    def __init__(self, store: LadybugGraphStore, repo: str, fresh: bool) -> None:
        self._store = store
        self._repo = repo
        self._fresh = fresh
        self._shared_written: dict[str, set[str]] = {label: set() for label in SHARED_LABELS}

    def delete_files(self, files: Collection[str]) -> None:
        """Nodes of these files, with every edge touching them (incremental scans)."""
        self._store._delete_files(self._repo, list(dict.fromkeys(files)))

    def delete_edges_of_files(self, files: Collection[str]) -> None:
        """Edges these files produced (incremental scans)."""
        self._store._delete_edges_of_files(self._repo, list(dict.fromkeys(files)))

    def write(self, batch: GraphBatch) -> None:
        """Nodes first, then edges, whose ends must be written by now (in this batch or an
        earlier one). Shared nodes (Repository, External) may come again in later batches:
        a fresh write loads each id once, an incremental one upserts them."""
        store, repo = self._store, self._repo
        node_tables = {label: store._node_rows(repo, label, rows) for label, rows in batch.nodes.items()}
        edge_groups = store._edge_groups(repo, batch.edges)
        for label, rows in node_tables.items():
            if label in SHARED_LABELS:
                written = self._shared_written[label]
                if self._fresh:
                    rows = [row for row in rows if row["id"] not in written]
                written.update(row["id"] for row in rows)
                if not rows:
                    continue
                if not self._fresh:
                    store._merge_nodes(label, rows)
                    continue
            if rows:
                store._copy_nodes(label, rows)
        for (edge_type, src_label, dst_label), edges in edge_groups.items():
            store._copy_edges(edge_type, src_label, dst_label, edges)


class _Transaction:
    """BEGIN TRANSACTION ... COMMIT around a write; ROLLBACK (if still open) on error."""

    def __init__(self, store: LadybugGraphStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        self.store._drop_read_handle()  # a read-only snapshot must not outlive the data it saw
        self.store._conn.execute("BEGIN TRANSACTION")

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        conn = self.store._conn
        try:
            if exc_type is None:
                conn.execute("COMMIT")
            else:
                # Ladybug has usually rolled back already: a failing statement ends its transaction.
                with contextlib.suppress(RuntimeError):
                    conn.execute("ROLLBACK")
        finally:
            cache = getattr(conn, "_pybind_implicit_prepared_cache", None)
            if isinstance(cache, dict):
                cache.clear()


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


_NODE_KEYS = {label: set(node_columns(label)) for label in NODE_COLUMNS}
_EDGE_KEYS = {edge_type: set(edge_columns(edge_type)) for edge_type in EDGE_PAIRS}


def _plain(value: Any) -> Any:
    """Ladybug node/rel/path values -> plain dicts of their own properties plus `_label`."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "_NODES" in value and "_RELS" in value:
        return {"_nodes": _plain(value["_NODES"]), "_rels": _plain(value["_RELS"])}
    if "_LABEL" in value:
        label = value["_LABEL"]
        keys = _NODE_KEYS.get(label) or _EDGE_KEYS.get(label)
        props = {k: _plain(v) for k, v in value.items() if not k.startswith("_") and (keys is None or k in keys)}
        return {"_label": label, **props}
    return {k: _plain(v) for k, v in value.items()}


def _rows(result: Any) -> list[dict[str, Any]]:
    columns = result.get_column_names()
    return [dict(zip(columns, (_plain(v) for v in row), strict=True)) for row in result.get_all()]
