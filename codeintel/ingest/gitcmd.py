"""Running git safely: no shell, no prompts, no repository-configured programs, one transport.

Every git call of the ingest package goes through `run_git`. Positional arguments that come
from users (URLs, paths, refs) are always placed after `--` or `--end-of-options` by the
callers; this module adds the configuration that makes a hostile repository or remote
harmless: prompts off, fsmonitor and hooks off, and every transport refused except the one
that the caller names.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

GIT_TIMEOUT_S = 900.0
"""Upper bound for one git command (a clone of a large repository included)."""

# Inherited variables that would point git at another repository, index or object store.
_REDIRECTING_ENV = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_EXTERNAL_DIFF",
    "GIT_PROXY_COMMAND",
)

_HARDENING = (
    "-c",
    "protocol.allow=never",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "submodule.recurse=false",
    "-c",
    "advice.detachedHead=false",
)


class GitError(RuntimeError):
    """A git command failed; the message holds the command's own error text."""


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REDIRECTING_ENV}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GCM_INTERACTIVE"] = "never"
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    env["LC_ALL"] = "C"
    return env


def run_git(
    args: Sequence[str],
    cwd: Path,
    *,
    allow_protocol: str | None = None,
    timeout: float = GIT_TIMEOUT_S,
) -> bytes:
    """Run `git <hardening> <args>` in `cwd`; return stdout; raise GitError on failure.

    `allow_protocol` ("https", "ssh" or "file") is the only transport git may use; None
    allows none (local commands never need one).
    """
    done = _run(args, cwd, allow_protocol, timeout)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise GitError(f"git {args[0]} failed: {message}")
    return done.stdout


def git_exit_code(args: Sequence[str], cwd: Path, *, timeout: float = GIT_TIMEOUT_S) -> int:
    """Run a local git command whose exit status is the answer (`check-ignore`, `diff --quiet`)."""
    return _run(args, cwd, None, timeout).returncode


def _run(
    args: Sequence[str], cwd: Path, allow_protocol: str | None, timeout: float
) -> subprocess.CompletedProcess[bytes]:
    config = list(_HARDENING)
    if allow_protocol is not None:
        config += ["-c", f"protocol.{allow_protocol}.allow=always"]
    try:
        return subprocess.run(
            ["git", *config, *args],
            cwd=cwd,
            env=git_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed (no `git` on PATH)") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} took longer than {timeout:.0f} s") from exc
