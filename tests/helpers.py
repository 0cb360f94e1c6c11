"""Helpers the test modules share: real git repositories (with authors and dates), graph dumps,
SARIF validation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from codeintel.analysis.history import DAY_S
from codeintel.config import Settings
from codeintel.graph import open_graph_store

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a fixed identity and no user or system configuration."""
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=GIT_ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def codeintel(*args: str, data_dir: Path, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real `codeintel` command in a child process, on its own data folder."""
    return subprocess.run(
        [sys.executable, "-m", "codeintel", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0", **(env or {})},
    )


def commit_files(repo: Path, files: dict[str, str], message: str = "change") -> str:
    """Write the files, commit everything, and return the new commit's sha."""
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def graph_dump(settings: Settings, repo: str):
    """Every node and edge of `repo`, to compare two graphs node for node and edge for edge."""
    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        return store.dump(repo)
    finally:
        store.close()


SARIF_SCHEMA_FILE = Path(__file__).parent / "fixtures" / "sarif" / "sarif-2.1.0.json"


@cache
def sarif_validator() -> Draft202012Validator:
    """The OASIS SARIF 2.1.0 schema (see tests/fixtures/sarif/README.md), strict as written."""
    schema = json.loads(SARIF_SCHEMA_FILE.read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def sarif_errors(log: dict) -> list[str]:
    """Where `log` breaks the SARIF 2.1.0 schema, one line per error; [] when it is valid."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in sarif_validator().iter_errors(log)]


# ---------------------------------------------------------------- git histories with authors and dates

T0 = 1_700_000_000  # 2023-11-14 22:13:20 UTC
ANN = "Ann <ann@example.com>"
BOB = "Bob <bob@example.com>"


class GitRepo:
    """A repository whose commits have the authors and dates a test gives them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q")

    def git(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
            cwd=self.path,
            env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent", **(env or {})},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def commit(
        self,
        files: Mapping[str, str | bytes | None] = {},  # noqa: B006 -- never mutated
        *,
        day: float,
        author: str = ANN,
        renames: Mapping[str, str] = {},  # noqa: B006
    ) -> str:
        """Rename, then write (None: delete) the files, and commit on day `day` after T0."""
        for old, new in renames.items():
            (self.path / new).parent.mkdir(parents=True, exist_ok=True)
            self.git("mv", old, new)
        for name, content in files.items():
            path = self.path / name
            if content is None:
                self.git("rm", "-q", name)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", f"day {day}", env=_identity(author, day))
        return self.git("rev-parse", "HEAD")

    def merge(self, branch: str, *, day: float, author: str = ANN) -> str:
        self.git("merge", "-q", "--no-ff", "-m", f"merge {branch}", branch, env=_identity(author, day))
        return self.git("rev-parse", "HEAD")


def _identity(author: str, day: float) -> dict[str, str]:
    name, email = author.rstrip(">").split(" <")
    stamp = f"{int(T0 + day * DAY_S)} +0000"
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
