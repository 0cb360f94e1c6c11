"""Every node under a LibCST node: the edits that must tell what lies inside a statement (a moved
definition, a copy of a clone) compare node identities against these."""

from __future__ import annotations

import libcst as cst


def nodes_under(node: cst.CSTNode) -> list[cst.CSTNode]:
    """`node` and every node below it, in source order."""
    out = [node]
    for child in node.children:
        out += nodes_under(child)
    return out


def node_ids(node: cst.CSTNode) -> set[int]:
    """The `id` of `node` and of every node below it."""
    return {id(inner) for inner in nodes_under(node)}
