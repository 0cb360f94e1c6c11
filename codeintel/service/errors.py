"""The errors the service raises, each with a machine-readable code and the HTTP status it maps to.

The HTTP API answers a ServiceError with `{"error": {"code": ..., "message": ...}}` and its
`status`; the HTTP client turns such an answer back into the same class (`error_from_response`).
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base class: `code` (machine-readable), `status` (HTTP), `message` (one line for people)."""

    code: str = "internal_error"
    status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, Any]:
        """The API's error body."""
        return {"error": {"code": self.code, "message": self.message}}


class NotFound(ServiceError):
    """An unknown repository, scan, symbol, module or token."""

    code = "not_found"
    status = 404


class InvalidRequest(ServiceError):
    """A bad parameter or a location that cannot be scanned."""

    code = "invalid_request"
    status = 422


class Conflict(ServiceError):
    """The request does not fit the current state (e.g. a repository that has no graph yet)."""

    code = "conflict"
    status = 409


class QueryRefused(ServiceError):
    """A Cypher query that would write, or call a procedure that is not a catalog reader."""

    code = "query_refused"
    status = 400


class Unavailable(ServiceError):
    """A store cannot be reached."""

    code = "unavailable"
    status = 503


class Unauthorized(ServiceError):
    """No token, or an unknown or revoked one (raised by the HTTP client on a 401)."""

    code = "unauthorized"
    status = 401


class Forbidden(ServiceError):
    """The token lacks the scope (raised by the HTTP client on a 403)."""

    code = "forbidden"
    status = 403


ERROR_CLASSES: tuple[type[ServiceError], ...] = (
    NotFound,
    InvalidRequest,
    Conflict,
    QueryRefused,
    Unavailable,
    Unauthorized,
    Forbidden,
)
_BY_CODE = {cls.code: cls for cls in ERROR_CLASSES}
_BY_STATUS = {cls.status: cls for cls in ERROR_CLASSES}


def error_from_response(status: int, body: Any) -> ServiceError:
    """The ServiceError of an API error answer: by its `error.code`, else by the status."""
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    if not isinstance(message, str) or not message:
        message = f"HTTP {status}" + (f": {body}" if isinstance(body, str) and body else "")
    cls = _BY_CODE.get(code) or _BY_STATUS.get(status) or ServiceError  # type: ignore[arg-type]
    if cls is ServiceError:
        error_obj = ServiceError(message)
        error_obj.status = status
        if isinstance(code, str):
            error_obj.code = code
        return error_obj
    return cls(message)
