"""API tokens: `ci_` + 32 random URL-safe bytes, shown once and stored only as their SHA-256 hex
digest, with scopes from SCOPES."""

from __future__ import annotations

import hashlib
import secrets

from codeintel.service.errors import InvalidRequest
from codeintel.service.models import SCOPES

TOKEN_PREFIX = "ci_"
TOKEN_BYTES = 32
MAX_NAME_LENGTH = 200


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def new_token_id() -> str:
    return secrets.token_hex(8)


def hash_token(token: str) -> str:
    """The digest stored and looked up; the token itself is never stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise InvalidRequest(f"a token name must have 1 to {MAX_NAME_LENGTH} characters")
    return name


def check_scopes(scopes: list[str]) -> list[str]:
    """The scopes, each once, in SCOPES order; InvalidRequest for none or an unknown one."""
    if not scopes:
        raise InvalidRequest(f"a token needs at least one scope of {', '.join(SCOPES)}")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise InvalidRequest(f"unknown scopes {unknown}; known: {', '.join(SCOPES)}")
    return [scope for scope in SCOPES if scope in scopes]
