"""Bearer API tokens and their scopes.

A request carries `Authorization: Bearer <token>`. The token is checked by the engine
(`EngineService.verify_token`: tokens are stored hashed, revoked ones refused), or matches the
bootstrap token of `CODEINTEL_ADMIN_TOKEN` (its SHA-256 digest compared in constant time), which
has every scope, so a fresh deployment can create its first tokens.

Scopes: `read` for every GET, `scan` for repository and scan writes, `admin` for tokens. An
`admin` token may do everything. No or a bad token: 401 with `WWW-Authenticate: Bearer`; a good
token without the scope: 403.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from serve.config import token_hash

READ, SCAN, PLAN, ADMIN = "read", "scan", "plan", "admin"

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    description="An API token (`POST /api/v1/tokens`), or the bootstrap CODEINTEL_ADMIN_TOKEN",
)


class ApiError(Exception):
    """An error the API answers with `{"error": {"code", "message"}}` and this status."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def unauthorized(message: str) -> ApiError:
    return ApiError(401, "unauthorized", message, {"WWW-Authenticate": 'Bearer realm="codeintel"'})


@dataclass(frozen=True)
class Principal:
    """Who is asking: a stored token, or the bootstrap admin token."""

    name: str
    scopes: frozenset[str]
    token_id: str | None = None

    def allows(self, scope: str) -> bool:
        return scope in self.scopes or ADMIN in self.scopes


class Authenticator:
    def __init__(self, backend, admin_token_hash: str | None) -> None:
        self.backend = backend
        self.admin_token_hash = admin_token_hash

    async def principal(self, token: str) -> Principal:
        if self.admin_token_hash is not None and hmac.compare_digest(token_hash(token), self.admin_token_hash):
            return Principal(name="bootstrap-admin", scopes=frozenset({ADMIN}))
        info = await self.backend.verify_token(token)
        if info is None or info.revoked:
            raise unauthorized("unknown or revoked token")
        return Principal(name=info.name, scopes=frozenset(info.scopes), token_id=info.id)


def require(scope: str):
    """A FastAPI dependency: the request's Principal, which must hold `scope`."""

    async def dependency(
        request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
    ) -> Principal:
        if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
            raise unauthorized("a bearer token is required (Authorization: Bearer <token>)")
        principal = await request.app.state.authenticator.principal(credentials.credentials)
        if not principal.allows(scope):
            raise ApiError(403, "forbidden", f"this token lacks the {scope!r} scope")
        request.state.principal = principal
        return principal

    return dependency
