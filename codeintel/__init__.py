"""Codebase Intelligence Engine: code graphs, analysis, refactoring plans proven safe.

`from codeintel import Client` gives the Python client (in-process or over HTTP); it is
imported on first use, so `import codeintel` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codeintel.client import Client

__all__ = ["Client"]


def __getattr__(name: str) -> Any:
    if name == "Client":
        from codeintel.client import Client

        return Client
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
