"""What the HTTP API needs beyond the engine's Settings: its secrets and its limits.

Secrets come from the environment only (`CODEINTEL_ADMIN_TOKEN`, `CODEINTEL_WEBHOOK_SECRET`); the
rest may also come from the `api:` section of the settings file (`--config`). Built once at the
edge (the `codeintel serve` driver, or a test) and handed to `create_app`; on Ray Serve it travels
to the ingress replicas as a constructor argument, so replicas never read the environment.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_BODY_BYTES = 1024 * 1024


class ApiConfig(BaseModel):
    """The API's configuration; `load_api_config` reads it from the file and the environment."""

    model_config = ConfigDict(extra="forbid")

    admin_token: SecretStr | None = Field(
        None,
        description="bootstrap admin token (CODEINTEL_ADMIN_TOKEN): lets a fresh deployment create tokens",
    )
    webhook_secret: SecretStr | None = Field(
        None,
        description="shared secret of the git push webhook (CODEINTEL_WEBHOOK_SECRET); webhooks are refused without it",
    )
    webhook_repositories: dict[str, str] = Field(
        default_factory=dict,
        description="push events of these repositories (full name 'org/repo' or clone URL) scan this location "
        "instead of the clone URL; CODEINTEL_WEBHOOK_REPOSITORIES as JSON",
    )
    max_body_bytes: int = Field(MAX_BODY_BYTES, ge=1, description="requests with a larger body get 413")

    def admin_token_hash(self) -> str | None:
        """The bootstrap token as the API keeps it: a SHA-256 hex digest, compared in constant time."""
        if self.admin_token is None or not self.admin_token.get_secret_value():
            return None
        return token_hash(self.admin_token.get_secret_value())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class _Environment(BaseSettings):
    """The CODEINTEL_* variables the API reads (others belong to codeintel.config.Settings)."""

    model_config = SettingsConfigDict(env_prefix="CODEINTEL_", extra="ignore")

    admin_token: SecretStr | None = None
    webhook_secret: SecretStr | None = None
    webhook_repositories: dict[str, str] | None = None


class _FileSection(BaseModel):
    """The `api:` section of a settings file: no secrets there."""

    model_config = ConfigDict(extra="forbid")

    webhook_repositories: dict[str, str] = Field(default_factory=dict)
    max_body_bytes: int = Field(MAX_BODY_BYTES, ge=1)


def load_api_config(config_file: Path | None = None, **overrides: Any) -> ApiConfig:
    """Defaults < the `api:` section of the YAML file < CODEINTEL_* environment < overrides."""
    values: dict[str, Any] = {}
    if config_file is not None:
        loaded = yaml.safe_load(Path(config_file).read_text()) or {}
        section = loaded.get("api") if isinstance(loaded, dict) else None
        if section is not None:
            if not isinstance(section, dict):
                raise ValueError(f"{config_file}: `api` must be a mapping")
            for secret in ("admin_token", "webhook_secret"):
                if secret in section:
                    raise ValueError(
                        f"{config_file}: api.{secret} belongs in the environment (CODEINTEL_{secret.upper()})"
                    )
            values = _FileSection.model_validate(section).model_dump(exclude_unset=True)
    env_values = _Environment().model_dump(exclude_unset=True)
    merged = {**values, **env_values, **{k: v for k, v in overrides.items() if v is not None}}
    return ApiConfig.model_validate(merged)
