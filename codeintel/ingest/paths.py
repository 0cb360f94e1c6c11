"""Path safety: which relative paths may be joined to a root, and reading a file under a root."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UnsafePathError(ValueError):
    """A path that must not be read: absolute, with '..', control characters, or leaving the root."""


def hostile_reason(path: str) -> str | None:
    """Why `path` is not a safe POSIX path relative to a root, or None when it is safe."""
    if not path:
        return "empty path"
    if path.startswith("/"):
        return "absolute path"
    if _CONTROL.search(path):
        return "control character in path"
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8"
    parts = path.split("/")
    if ".." in parts:
        return "'..' component in path"
    if "." in parts or "" in parts:
        return "'.' or empty component in path"
    return None


def display_path(path: str) -> str:
    """`path` made printable: bytes that are not UTF-8 are shown as backslash escapes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_under(real_root: str, real_path: str) -> bool:
    """Whether resolved `real_path` is `real_root` or inside it (both from os.path.realpath)."""
    return real_path == real_root or real_path.startswith(real_root.rstrip("/") + "/")


def resolve_under(root: Path, path: str) -> str:
    """The resolved absolute path of `path` below `root`; UnsafePathError if it would leave root."""
    reason = hostile_reason(path)
    if reason is not None:
        raise UnsafePathError(f"refusing to read {display_path(path)!r}: {reason}")
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(real_root, path))
    if not is_under(real_root, real):
        raise UnsafePathError(f"refusing to read {display_path(path)!r}: it resolves outside {real_root}")
    return real


def read_file(root: Path, path: str) -> bytes:
    """The bytes of `path` (relative, POSIX) below `root`, for parse workers.

    Raises UnsafePathError for hostile paths and paths that resolve outside `root` (through
    '..' or a symlink), FileNotFoundError / PermissionError as usual, and OSError for
    anything that is not a regular file (a folder, or a FIFO that would otherwise block).
    """
    real = resolve_under(root, path)
    fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"not a regular file: {display_path(path)}")
        return handle.read()
