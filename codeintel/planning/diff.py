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
    if len(old_lines) == len(new_lines):
        hunks = _in_place_hunks(old_lines, new_lines, old_name, new_name)
    else:
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


def _in_place_hunks(old: list[str], new: list[str], old_name: str, new_name: str) -> list[str]:
    """The unified diff of two texts with as many lines, each line compared with its own: what
    an edit that changes lines without adding or removing any (a rename) needs, in time linear in
    the lines, where difflib compares every line with every other (most of the time a rename of
    a widely used function took to plan)."""
    changed = [number for number, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    if not changed:
        return []
    groups: list[list[int]] = [[changed[0]]]
    for number in changed[1:]:
        if number - groups[-1][-1] > 2 * CONTEXT_LINES:
            groups.append([number])
        else:
            groups[-1].append(number)
    out = [f"--- {old_name}\n", f"+++ {new_name}\n"]
    for group in groups:
        start, stop = max(0, group[0] - CONTEXT_LINES), min(len(old), group[-1] + 1 + CONTEXT_LINES)
        size = stop - start
        counted = f"{start + 1}" if size == 1 else f"{start + 1},{size}"
        out.append(f"@@ -{counted} +{counted} @@\n")
        number = start
        while number < stop:
            if old[number] == new[number]:
                out.append(" " + old[number])
                number += 1
                continue
            block_end = number
            while block_end < stop and old[block_end] != new[block_end]:
                block_end += 1
            out.extend("-" + line for line in old[number:block_end])
            out.extend("+" + line for line in new[number:block_end])
            number = block_end
    return out


def _lines(text: str) -> list[str]:
    """Lines split at \\n only, as git splits them (str.splitlines also splits at form feeds)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines
