"""Size and coupling of every class: lines, methods, weighted methods (WMC, the sum of the
methods' cyclomatic complexity, as Chidamber and Kemerer define it), and how many other
classes its methods use (fan-out) or are used by (fan-in) through calls and construction.

Read from the graph in three flat queries (classes, DEFINES, CALLS) and put together here,
so that it costs three scans of the repository's rows whatever its size."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from codeintel.graph.port import GraphStore

_CLASSES = """
MATCH (c:Class) WHERE c.repo = $repo
RETURN c.id AS id, c.qualname AS qualname, c.file AS file, c.kind AS kind,
       c.start_line AS start_line, c.end_line AS end_line
"""

_DEFINES = """
MATCH (p)-[:DEFINES]->(d) WHERE d.repo = $repo
RETURN p.id AS parent, d.id AS child, label(p) AS parent_label, label(d) AS child_label,
       CASE WHEN label(d) = 'Function' THEN d.cyclomatic ELSE NULL END AS cyclomatic
"""

_CALLS = """
MATCH (a)-[e:CALLS]->(b) WHERE e.repo = $repo AND label(b) <> 'External'
RETURN DISTINCT a.id AS src, b.id AS dst
"""


class ClassMetrics(NamedTuple):
    id: str
    qualname: str
    file: str
    kind: str
    start_line: int | None
    end_line: int | None
    lines: int
    methods: int
    """Functions the class defines directly (methods, static and class methods, constructors)."""
    wmc: int
    """Weighted methods per class: the sum of its methods' cyclomatic complexity."""
    fan_in: int
    """Other classes whose code calls a method of this one or constructs it."""
    fan_out: int
    """Other classes whose methods this one's code calls or that it constructs."""


def load_class_metrics(store: GraphStore, repo_id: str) -> list[ClassMetrics]:
    params = {"repo": repo_id}
    return class_metrics_from_rows(
        store.query(_CLASSES, params), store.query(_DEFINES, params), store.query(_CALLS, params)
    )


def class_metrics_from_rows(
    classes: Iterable[Mapping[str, Any]], defines: Iterable[Mapping[str, Any]], calls: Iterable[Mapping[str, Any]]
) -> list[ClassMetrics]:
    """Metrics per class from the rows of the three queries above, by file and line."""
    classes = list(classes)
    parent_of: dict[str, str] = {}
    labels: dict[str, str] = {row["id"]: "Class" for row in classes}
    methods: dict[str, int] = {}
    wmc: dict[str, int] = {}
    for row in defines:
        parent_of[row["child"]] = row["parent"]
        labels[row["parent"]], labels[row["child"]] = row["parent_label"], row["child_label"]
        if row["parent_label"] == "Class" and row["child_label"] == "Function":
            methods[row["parent"]] = methods.get(row["parent"], 0) + 1
            wmc[row["parent"]] = wmc.get(row["parent"], 0) + (row["cyclomatic"] or 1)

    owner_cache: dict[str, str | None] = {}

    def owner(node: str) -> str | None:
        """The innermost class that holds `node` (itself for a class); None at module level."""
        if node in owner_cache:
            return owner_cache[node]
        chain, step, found = [], node, None
        while step is not None and step not in owner_cache:
            if labels.get(step) == "Class":
                found = step
                break
            chain.append(step)
            step = parent_of.get(step)
        else:
            found = owner_cache.get(step) if step is not None else None
        for item in chain:
            owner_cache[item] = found
        owner_cache[node] = found
        return found

    uses: dict[str, set[str]] = {}
    used_by: dict[str, set[str]] = {}
    for row in calls:
        source, target = owner(row["src"]), owner(row["dst"])
        if source is not None and target is not None and source != target:
            uses.setdefault(source, set()).add(target)
            used_by.setdefault(target, set()).add(source)

    out = []
    for row in classes:
        cid, start, end = row["id"], row["start_line"], row["end_line"]
        out.append(
            ClassMetrics(
                id=cid,
                qualname=row["qualname"],
                file=row["file"],
                kind=row["kind"] or "class",
                start_line=start,
                end_line=end,
                lines=(end - start + 1) if start and end else 0,
                methods=methods.get(cid, 0),
                wmc=wmc.get(cid, 0),
                fan_in=len(used_by.get(cid, ())),
                fan_out=len(uses.get(cid, ())),
            )
        )
    return sorted(out, key=lambda m: (m.file, m.start_line or 0, m.qualname))
