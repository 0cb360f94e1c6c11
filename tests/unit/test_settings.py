"""Settings: embedded defaults < YAML file < CODEINTEL_* environment < explicit overrides; secrets
only from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from codeintel.config import load_settings

PRODUCTION = Path(__file__).parents[2] / "configs" / "production.yaml"


def test_embedded_defaults_need_no_server(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.metadata_url_or_default == f"sqlite:///{tmp_path / 'meta.sqlite'}"
    assert (settings.store.cache, settings.events.bus) == ("local", "inprocess")


def test_production_file_switches_every_store_to_the_servers() -> None:
    settings = load_settings(PRODUCTION)
    assert settings.store.metadata_url.startswith("postgresql+psycopg://")
    assert (settings.store.cache, settings.events.bus) == ("redis", "redis")
    assert settings.redis_url.startswith("redis://")
    assert settings.redis_password is None


def test_environment_overrides_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODEINTEL_STORE__METADATA_URL", "postgresql+psycopg://app:s3cret@db:5432/ci")
    monkeypatch.setenv("CODEINTEL_EVENTS__MAX_DELIVERIES", "9")
    monkeypatch.setenv("CODEINTEL_REDIS_PASSWORD", "hunter2")
    settings = load_settings(PRODUCTION)
    assert settings.store.metadata_url == "postgresql+psycopg://app:s3cret@db:5432/ci"
    assert settings.events.max_deliveries == 9
    assert settings.redis_password is not None and settings.redis_password.get_secret_value() == "hunter2"
    assert "hunter2" not in repr(settings)


@pytest.mark.parametrize(
    "text",
    [
        "store:\n  metadata_url: postgresql+psycopg://app:s3cret@db:5432/ci\n",
        "redis_url: redis://:s3cret@cache:6379/0\n",
        "redis_password: s3cret\n",
    ],
)
def test_a_settings_file_holding_a_secret_is_refused(tmp_path: Path, text: str) -> None:
    config = tmp_path / "leaky.yaml"
    config.write_text(text)
    with pytest.raises(ValueError, match="environment") as raised:
        load_settings(config)
    assert "s3cret" not in str(raised.value)


def test_bad_values_are_refused_with_the_key_named(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("events:\n  max_deliveries: 0\n")
    with pytest.raises(ValueError, match="max_deliveries"):
        load_settings(config)
