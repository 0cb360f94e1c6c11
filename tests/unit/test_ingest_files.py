"""Listing and filtering the files of a source: what is parsed, what is skipped and why."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from codeintel.config import IngestSettings
from codeintel.ingest import Listing, Source, UnsafePathError, list_files, read_file, resolve_source
from codeintel.ingest.filters import FileFilter
from codeintel.model import FileRef, SkippedFile
from tests.helpers import git

PY = {"python"}


def make_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def plain(root: Path) -> Source:
    return Source(name=root.name, location=str(root), root=root, is_git=False)


def listed(listing: Listing) -> list[str]:
    return [f.path for f in listing.files]


def reasons(listing: Listing) -> dict[str, str]:
    return {s.path: str(s.reason) for s in listing.skipped}


def judge(root: Path, path: str, settings: IngestSettings | None = None) -> FileRef | SkippedFile:
    return FileFilter(root, settings or IngestSettings(), PY).judge(path)


# -- ignore rules and listings -------------------------------------------------------------------


def test_gitignore_is_honoured_at_every_level_of_a_plain_folder(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            ".gitignore": "*.log\nbuild/\n/top_only.py\n",
            "top_only.py": "",
            "app.py": "",
            "build/gen.py": "",
            "pkg/top_only.py": "",
            "pkg/.gitignore": "local_*.py\n!keep.log\n",
            "pkg/local_settings.py": "",
            "pkg/keep.log": "",
            "pkg/drop.log": "",
            "pkg/deep/.gitignore": "!local_ok.py\n",
            "pkg/deep/local_ok.py": "",
            "pkg/deep/mod.py": "",
        },
    )
    listing = list_files(plain(tmp_path), IngestSettings(), PY)
    assert listed(listing) == ["app.py", "pkg/deep/local_ok.py", "pkg/deep/mod.py", "pkg/top_only.py"]
    ignored = sorted(p for p, r in reasons(listing).items() if r == "ignored")
    assert ignored == ["build/", "pkg/drop.log", "pkg/local_settings.py", "top_only.py"]


def test_an_unpacked_release_can_be_listed_without_its_packaging_gitignore(tmp_path: Path) -> None:
    # Debian's linux-source tarball carries a .gitignore with `/*`: everything at the top level
    make_tree(tmp_path, {".gitignore": "/*\n!/debian/\n", "kernel/fork.py": "", "debian/rules.py": ""})
    assert listed(list_files(plain(tmp_path), IngestSettings(), PY)) == ["debian/rules.py"]
    everything = list_files(plain(tmp_path), IngestSettings(honour_gitignore=False), PY)
    assert listed(everything) == ["debian/rules.py", "kernel/fork.py"]


def test_walk_never_enters_dot_git(tmp_path: Path) -> None:
    make_tree(tmp_path, {".git/hooks/evil.py": "", "ok.py": ""})
    listing = list_files(plain(tmp_path), IngestSettings(), PY)
    assert (listed(listing), listing.skipped) == (["ok.py"], [])


def test_symlinked_folder_is_not_walked(tmp_path: Path) -> None:
    make_tree(tmp_path, {"real/mod.py": ""})
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    listing = list_files(plain(tmp_path), IngestSettings(), PY)
    assert listed(listing) == ["real/mod.py"]
    assert reasons(listing) == {"alias": "unreadable"}


def test_git_listing_includes_untracked_files_that_are_not_ignored(tmp_path: Path) -> None:
    make_tree(tmp_path, {".gitignore": "secret.py\n", "tracked.py": "", "untracked.py": "", "secret.py": ""})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".gitignore", "tracked.py")
    git(tmp_path, "commit", "-q", "-m", "c")
    listing = list_files(resolve_source(str(tmp_path), None, tmp_path / ".co"), IngestSettings(), PY)
    assert listed(listing) == ["tracked.py", "untracked.py"]
    assert reasons(listing)["secret.py"] == "ignored"


def test_git_listing_reports_an_ignored_folder_as_one_skip(tmp_path: Path) -> None:
    make_tree(tmp_path, {".gitignore": "build/\n", "a.py": "", "build/x.py": "", "build/y.py": ""})
    git(tmp_path, "init", "-q")
    listing = list_files(resolve_source(str(tmp_path), None, tmp_path / ".co"), IngestSettings(), PY)
    assert listing.skipped_by_reason() == {"ignored": 1, "unsupported_language": 1}  # build/ and .gitignore


def test_tracked_file_deleted_from_working_tree_is_skipped_as_unreadable(tmp_path: Path) -> None:
    make_tree(tmp_path, {"gone.py": "", "here.py": ""})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "c")
    (tmp_path / "gone.py").unlink()
    listing = list_files(resolve_source(str(tmp_path), None, tmp_path / ".co"), IngestSettings(), PY)
    assert (listed(listing), reasons(listing)) == (["here.py"], {"gone.py": "unreadable"})


# -- filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "node_modules/left-pad/index.py",
        "web/node_modules/x.py",
        "vendor/lib.py",
        "src/vendor/lib.py",
        "third_party/a.py",
        "static/app.min.js",
        "api/service_pb2.py",
    ],
)
def test_vendored_globs_skip_files_in_git_listings(path: str, tmp_path: Path) -> None:
    make_tree(tmp_path, {path: "x = 1\n", "app.py": ""})
    git(tmp_path, "init", "-q")
    listing = list_files(
        resolve_source(str(tmp_path), None, tmp_path / ".co"), IngestSettings(), {"python", "javascript"}
    )
    assert (listed(listing), reasons(listing)) == (["app.py"], {path: "vendored"})


def test_vendored_folder_counts_as_one_skip_in_a_plain_folder(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/a/x.js": "", "node_modules/b/y.js": "", "app.py": ""})
    listing = list_files(plain(tmp_path), IngestSettings(), PY)
    assert (listed(listing), reasons(listing)) == (["app.py"], {"node_modules/": "vendored"})


def test_custom_vendored_glob_is_honoured(tmp_path: Path) -> None:
    make_tree(tmp_path, {"external/lib.py": "", "app.py": ""})
    listing = list_files(plain(tmp_path), IngestSettings(vendored_globs=["external/"]), PY)
    assert listed(listing) == ["app.py"]


def test_file_with_generated_marker_is_skipped(tmp_path: Path) -> None:
    make_tree(tmp_path, {"gen.py": "# Code generated by protoc. DO NOT EDIT.\nx = 1\n"})
    assert judge(tmp_path, "gen.py").reason == "generated"


@pytest.mark.parametrize(
    "text",
    [
        "// @generated by the build\n",
        "# -*- coding: utf-8 -*-\n# Generated by the protocol buffer compiler.  DO NOT EDIT!\n",
        '"""Module docs.\n\nThis file is autogenerated by tools/gen.py.\n"""\n',
        "/*\n * Code generated by mockgen. DO NOT EDIT.\n */\n",
    ],
)
def test_generated_marker_in_a_header_comment_or_docstring_counts(text: str, tmp_path: Path) -> None:
    make_tree(tmp_path, {"gen.py": text})
    assert judge(tmp_path, "gen.py").reason == "generated"


def test_generated_marker_inside_code_does_not_count(tmp_path: Path) -> None:
    make_tree(tmp_path, {"settings.py": 'MARKERS = ["@generated", "DO NOT EDIT"]\n'})
    assert isinstance(judge(tmp_path, "settings.py"), FileRef)


def test_generated_marker_after_the_first_kilobyte_does_not_count(tmp_path: Path) -> None:
    make_tree(tmp_path, {"late.py": "#" * 2000 + "\n# @generated\n"})
    assert isinstance(judge(tmp_path, "late.py"), FileRef)


def test_file_with_nul_byte_is_skipped_as_binary(tmp_path: Path) -> None:
    make_tree(tmp_path, {"blob.py": b"x = 1\n\x00\x01\x02"})
    assert judge(tmp_path, "blob.py").reason == "binary"


def test_invalid_utf8_python_file_is_not_skipped(tmp_path: Path) -> None:
    make_tree(tmp_path, {"latin1.py": b"name = '\xe9t\xe9'\n"})
    ref = judge(tmp_path, "latin1.py")
    assert isinstance(ref, FileRef) and ref.language == "python"


def test_fifty_megabyte_file_is_skipped_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open(tmp_path / "huge.py", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no disk used
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    skipped = judge(tmp_path, "huge.py")
    assert (skipped.reason, opened) == ("oversized", [])


def test_file_of_exactly_max_file_bytes_is_kept(tmp_path: Path) -> None:
    make_tree(tmp_path, {"edge.py": "x" * 100})
    assert isinstance(judge(tmp_path, "edge.py", IngestSettings(max_file_bytes=100)), FileRef)


def test_symlink_pointing_outside_repository_is_skipped_with_reason(tmp_path: Path) -> None:
    repo = make_tree(tmp_path / "repo", {"ok.py": ""})
    make_tree(tmp_path, {"secret.py": "TOKEN = 'x'\n"})
    (repo / "leak.py").symlink_to(tmp_path / "secret.py")
    listing = list_files(plain(repo), IngestSettings(), PY)
    assert (listed(listing), reasons(listing)) == (["ok.py"], {"leak.py": "symlink_outside"})


def test_relative_symlink_climbing_out_of_repository_is_skipped(tmp_path: Path) -> None:
    repo = make_tree(tmp_path / "repo", {"pkg/ok.py": ""})
    make_tree(tmp_path, {"outside.py": ""})
    (repo / "pkg" / "up.py").symlink_to("../../outside.py")
    assert judge(repo, "pkg/up.py").reason == "symlink_outside"


def test_symlink_inside_repository_is_followed_when_enabled(tmp_path: Path) -> None:
    make_tree(tmp_path, {"real.py": "x = 1\n"})
    (tmp_path / "alias.py").symlink_to("real.py")
    ref = judge(tmp_path, "alias.py", IngestSettings(follow_symlinks_inside_repo=True))
    assert isinstance(ref, FileRef) and ref.content_hash == hashlib.sha256(b"x = 1\n").hexdigest()


def test_symlink_inside_repository_is_skipped_when_following_is_disabled(tmp_path: Path) -> None:
    make_tree(tmp_path, {"real.py": "x = 1\n"})
    (tmp_path / "alias.py").symlink_to("real.py")
    assert judge(tmp_path, "alias.py", IngestSettings(follow_symlinks_inside_repo=False)).reason == "ignored"


def test_broken_symlink_is_skipped_as_unreadable(tmp_path: Path) -> None:
    (tmp_path / "dangling.py").symlink_to(tmp_path / "missing.py")
    assert judge(tmp_path, "dangling.py").reason == "unreadable"


@pytest.mark.parametrize(
    "path",
    ["../escape.py", "/etc/passwd.py", "a/../../b.py", "a//b.py", "./a.py", "bad\x01name.py", "new\nline.py", ""],
)
def test_hostile_paths_are_skipped(path: str, tmp_path: Path) -> None:
    assert judge(tmp_path, path).reason == "hostile_path"


def test_path_through_a_symlinked_folder_leaving_the_root_is_hostile(tmp_path: Path) -> None:
    repo = make_tree(tmp_path / "repo", {})
    make_tree(tmp_path, {"elsewhere/secret.py": ""})
    (repo / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert judge(repo, "link/secret.py").reason == "hostile_path"


def test_file_name_that_is_not_utf8_is_skipped_as_hostile(tmp_path: Path) -> None:
    fd = os.open(os.fsencode(tmp_path) + b"/bad\xff.py", os.O_WRONLY | os.O_CREAT)
    os.close(fd)
    listing = list_files(plain(tmp_path), IngestSettings(), PY)
    assert listing.skipped == [
        SkippedFile(path="bad\\xff.py", reason="hostile_path", detail="file name is not valid UTF-8")
    ]


def test_fifo_is_skipped_as_unreadable_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    assert judge(tmp_path, "pipe.py").reason == "unreadable"


def test_file_that_cannot_be_opened_is_skipped_as_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A permission error, simulated: tests run as root here, and root reads a chmod-0 file anyway."""
    make_tree(tmp_path, {"locked.py": "x = 1\n"})

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(os, "open", refuse)
    assert judge(tmp_path, "locked.py") == SkippedFile(
        path="locked.py", reason="unreadable", detail="Permission denied"
    )


def test_file_in_language_without_extractor_is_unsupported(tmp_path: Path) -> None:
    make_tree(tmp_path, {"app.js": "let x = 1;\n", "notes.txt": "hi\n"})
    listing = list_files(plain(tmp_path), IngestSettings(), PY)
    assert reasons(listing) == {"app.js": "unsupported_language", "notes.txt": "unsupported_language"}


def test_extensionless_script_with_python_shebang_is_listed_as_python(tmp_path: Path) -> None:
    make_tree(tmp_path, {"bin/tool": "#!/usr/bin/env python3\nprint('hi')\n", "bin/run": "#!/bin/sh\necho hi\n"})
    listing = list_files(plain(tmp_path), IngestSettings(), PY)
    assert ([(f.path, f.language) for f in listing.files], reasons(listing)) == (
        [("bin/tool", "python")],
        {"bin/run": "unsupported_language"},
    )


# -- the listing as a whole ----------------------------------------------------------------------


def test_every_candidate_is_either_listed_or_skipped_with_its_reason(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            ".gitignore": "*.tmp\n",
            "a.py": "x = 1\n",
            "b.py": b"\x00",
            "c.py": "# @generated\n",
            "d.tmp": "",
            "e.js": "",
            "vendor/v.py": "",
        },
    )
    with open(tmp_path / "f.py", "wb") as handle:
        handle.truncate(2 * 1024 * 1024)
    listing = list_files(plain(tmp_path), IngestSettings(), PY)
    assert listing.skipped_by_reason() == {
        "binary": 1,
        "generated": 1,
        "ignored": 1,
        "oversized": 1,
        "unsupported_language": 2,  # e.js and .gitignore
        "vendored": 1,
    }
    assert len(listing.files) + len(listing.skipped) == 8


def test_files_are_sorted_by_path_and_hashed_with_sha256(tmp_path: Path) -> None:
    make_tree(tmp_path, {"z.py": "z = 1\n", "a/b.py": "b = 1\n", "a.py": "a = 1\n"})
    listing = list_files(plain(tmp_path), IngestSettings(), PY)
    assert [(f.path, f.size, f.content_hash) for f in listing.files] == [
        (p, len(t), hashlib.sha256(t).hexdigest())
        for p, t in [("a.py", b"a = 1\n"), ("a/b.py", b"b = 1\n"), ("z.py", b"z = 1\n")]
    ]


def test_a_file_vanishing_during_the_listing_does_not_stop_the_others(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.py": "", "b.py": ""})
    fil = FileFilter(tmp_path, IngestSettings(), PY)
    (tmp_path / "a.py").unlink()
    assert [type(fil.judge(p)).__name__ for p in ("a.py", "b.py")] == ["SkippedFile", "FileRef"]


# -- read_file -----------------------------------------------------------------------------------


def test_read_file_returns_the_bytes_of_a_file_under_root(tmp_path: Path) -> None:
    make_tree(tmp_path, {"pkg/mod.py": b"x = '\xff'\n"})
    assert read_file(tmp_path, "pkg/mod.py") == b"x = '\xff'\n"


@pytest.mark.parametrize("path", ["../outside.py", "/etc/passwd", "pkg/../../outside.py", "a\x00b"])
def test_read_file_refuses_hostile_paths(path: str, tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError):
        read_file(tmp_path / "repo", path)


def test_read_file_refuses_a_symlink_escaping_the_root(tmp_path: Path) -> None:
    repo = make_tree(tmp_path / "repo", {})
    make_tree(tmp_path, {"secret.txt": "s"})
    (repo / "leak.py").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(UnsafePathError, match="outside"):
        read_file(repo, "leak.py")


def test_read_file_of_a_missing_file_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_file(tmp_path, "missing.py")
