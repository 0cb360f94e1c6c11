"""Unified diffs that `git apply` takes: created and deleted files, files without a final newline.

difflib writes the hunks; this module adds git's headers (`diff --git`, `new file mode`,
`deleted file mode`, /dev/null sides) and the `\\ No newline at end of file` marker that
difflib leaves out, without which git rejects a patch that touches a file's last line.
"""

from __future__ import annotations

import difflib
import hashlib

NO_NEWLINE = "\\ No newline at end of file\n"
CONTEXT_LINES = 3


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unified_diff(path: str, before: str | None, after: str | None) -> str:
    """The diff that turns `before` into `after` (None: the file does not exist on that side);
    '' when they are equal."""
    if before == after:
        return ""
    old_lines = _lines(before or "")
    new_lines = _lines(after or "")
    header = [f"diff --git a/{path} b/{path}\n"]
    if before is None:
        header.append("new file mode 100644\n")
    elif after is None:
        header.append("deleted file mode 100644\n")
    old_name = "/dev/null" if before is None else f"a/{path}"
    new_name = "/dev/null" if after is None else f"b/{path}"
    hunks = list(difflib.unified_diff(old_lines, new_lines, old_name, new_name, n=CONTEXT_LINES))
    if not hunks:  # an empty file created or deleted
        return "".join(header)
    body: list[str] = []
    for line in hunks:
        if line.startswith(("---", "+++")):
            body.append(line if line.endswith("\n") else line + "\n")
        elif line.endswith("\n"):
            body.append(line)
        else:  # the last line of a side that has no final newline
            body.append(line + "\n" + NO_NEWLINE)
    return "".join(header + body)


def _lines(text: str) -> list[str]:
    """Lines split at \\n only, as git splits them (str.splitlines also splits at form feeds)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def join_patches(diffs: list[str]) -> str:
    return "".join(diff for diff in diffs if diff)
