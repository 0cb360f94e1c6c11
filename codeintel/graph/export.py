"""Call-graph exports from the graph store: PyCG-style JSON, a richer JSON, and DOT.

PyCG naming: every module, class, function and method of the repository is a key named by
its module path relative to the scanned root (`pkg.mod.Class.method`), even with no callees;
callees outside the repository are named as imported (`os.path.join`), builtins as
`<builtin>.print`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from codeintel.resolve.python import BUILTIN_PREFIX


@dataclass(frozen=True, slots=True)
class CallGraph:
    nodes: dict[str, dict]  # node id -> {label, name (qualified), file, line, kind}
    edges: list[dict]  # {src, dst, line, col}

    def display_name(self, node_id: str) -> str:
        node = self.nodes[node_id]
        if node["label"] == "External" and node.get("kind") == "builtin":
            return f"{BUILTIN_PREFIX}.{node['name']}" if not node["name"].startswith(BUILTIN_PREFIX) else node["name"]
        return node["name"]


def callgraph_from_rows(node_rows: Iterable[dict], edge_rows: Iterable[dict]) -> CallGraph:
    nodes = {row["id"]: row for row in node_rows}
    edges = []
    for row in edge_rows:
        nodes.setdefault(row["dst"], {"label": row["dst_label"], "name": row["dst_name"], "kind": row.get("dst_kind")})
        edges.append(row)
    return CallGraph(nodes, edges)


def to_pycg(graph: CallGraph) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    for node_id, node in graph.nodes.items():
        if node["label"] != "External":
            out.setdefault(graph.display_name(node_id), set())
    for edge in graph.edges:
        out.setdefault(graph.display_name(edge["src"]), set()).add(graph.display_name(edge["dst"]))
    return {key: sorted(values) for key, values in sorted(out.items())}


def to_json(graph: CallGraph) -> str:
    nodes = [
        {
            "id": node_id,
            "name": graph.display_name(node_id),
            **{k: v for k, v in node.items() if k not in ("id", "name")},
        }
        for node_id, node in sorted(graph.nodes.items())
    ]
    edges = [
        {"src": e["src"], "dst": e["dst"], "line": e.get("line"), "col": e.get("col")}
        for e in sorted(graph.edges, key=lambda e: (e["src"], e["dst"], e.get("line") or 0, e.get("col") or 0))
    ]
    return json.dumps({"nodes": nodes, "edges": edges}, indent=2)


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph: CallGraph) -> str:
    lines = ["digraph callgraph {", "  node [shape=box, fontname=monospace];"]
    for name, callees in to_pycg(graph).items():
        lines.append(f"  {_dot_quote(name)};")
        lines.extend(f"  {_dot_quote(name)} -> {_dot_quote(callee)};" for callee in callees)
    lines.append("}")
    return "\n".join(lines) + "\n"
