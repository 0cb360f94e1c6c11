"""The service layer shared by the HTTP API, the Python client and the notebooks.

`EngineService` (engine_service.py) is the façade; what crosses its boundary is in models.py
and the errors it raises are in errors.py. `EngineService` is imported on first use, so the
models and errors load without the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codeintel.service.errors import (
    Conflict,
    Forbidden,
    InvalidRequest,
    NotFound,
    QueryRefused,
    ServiceError,
    Unauthorized,
    Unavailable,
)

if TYPE_CHECKING:
    from codeintel.service.engine_service import EngineService

__all__ = [
    "Conflict",
    "EngineService",
    "Forbidden",
    "InvalidRequest",
    "NotFound",
    "QueryRefused",
    "ServiceError",
    "Unauthorized",
    "Unavailable",
]


def __getattr__(name: str) -> Any:
    if name == "EngineService":
        from codeintel.service.engine_service import EngineService

        return EngineService
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
