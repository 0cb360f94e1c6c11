"""Language detection by extension and by shebang."""

from __future__ import annotations

import pytest

from codeintel.ingest import detect_language

ALL = {"python", "javascript", "typescript", "java", "go", "rust", "c", "cpp"}


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("pkg/mod.py", "python"),
        ("stubs/mod.pyi", "python"),
        ("gui.pyw", "python"),
        ("Upper.PY", "python"),
        ("web/app.js", "javascript"),
        ("esm.mjs", "javascript"),
        ("common.cjs", "javascript"),
        ("view.jsx", "javascript"),
        ("app.ts", "typescript"),
        ("view.tsx", "typescript"),
        ("mod.mts", "typescript"),
        ("mod.cts", "typescript"),
        ("Main.java", "java"),
        ("main.go", "go"),
        ("lib.rs", "rust"),
        ("x.c", "c"),
        ("x.h", "c"),
        ("x.cc", "cpp"),
        ("x.cpp", "cpp"),
        ("x.cxx", "cpp"),
        ("x.hpp", "cpp"),
        ("x.hh", "cpp"),
        ("x.hxx", "cpp"),
    ],
)
def test_language_is_detected_by_extension(path: str, language: str) -> None:
    assert detect_language(path, b"", ALL) == language


@pytest.mark.parametrize("path", ["README.md", "data.json", "image.png", "archive.tar.gz", ".bashrc", "Makefile"])
def test_unknown_extensions_and_plain_names_have_no_language(path: str) -> None:
    assert detect_language(path, b"", ALL) is None


@pytest.mark.parametrize(
    ("head", "language"),
    [
        (b"#!/usr/bin/env python3\nprint()\n", "python"),
        (b"#!/usr/bin/python\n", "python"),
        (b"#!/usr/local/bin/python3.11 -u\n", "python"),
        (b"#! /usr/bin/env python\r\n", "python"),
        (b"#!/usr/bin/env -S python3 -X dev\n", "python"),
        (b"#!/usr/bin/env PYTHONPATH=. python3\n", "python"),
        (b"#!/usr/bin/pypy3\n", "python"),
        (b"#!/usr/bin/env node\n", "javascript"),
        (b"#!/usr/bin/env ts-node\n", "typescript"),
    ],
)
def test_file_without_extension_is_detected_by_shebang(head: bytes, language: str) -> None:
    assert detect_language("bin/tool", head, ALL) == language


@pytest.mark.parametrize("head", [b"#!/bin/sh\n", b"#!/usr/bin/env bash\n", b"#!/usr/bin/env\n", b"print('x')\n", b""])
def test_shebang_of_other_interpreters_or_none_gives_no_language(head: bytes) -> None:
    assert detect_language("bin/tool", head, ALL) is None


def test_extension_wins_over_shebang() -> None:
    assert detect_language("script.js", b"#!/usr/bin/env python3\n", ALL) == "javascript"


def test_language_outside_the_supported_set_is_reported_as_none() -> None:
    assert detect_language("app.js", b"", {"python"}) is None


def test_without_a_supported_set_every_known_language_is_reported() -> None:
    assert detect_language("main.go", b"") == "go"
