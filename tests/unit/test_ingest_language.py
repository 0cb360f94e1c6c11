"""Language detection by extension, by shebang, and for `.h` headers by their text."""

from __future__ import annotations

import pytest

from codeintel.ingest import detect_language
from codeintel.ingest.language import refine_language

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


@pytest.mark.parametrize(
    ("source", "language"),
    [
        (b"#ifndef X\n#define X\nstruct point { int x; };\nint f(void);\n#endif\n", "c"),
        (b"#pragma once\n#include <vector>\nint f();\n", "cpp"),
        (b"namespace geometry {\nint area();\n}\n", "cpp"),
        (b"class Shape : public Base {\npublic:\n  virtual ~Shape();\n};\n", "cpp"),
        (b"template <typename T> T largest(T a, T b);\n", "cpp"),
        (b"using namespace std;\n", "cpp"),
        (b"/*\n *  class   Device class to match\n */\nstruct class_info;\n", "c"),
        (b"class Forward;\nint f(void);\n", "c"),
        (b'#ifdef __cplusplus\nextern "C" {\n#endif\ntemplate <typename T> int g();\n', "c"),
    ],
)
def test_a_dot_h_header_is_cpp_only_when_its_text_shows_cpp(source, language):
    assert refine_language("include/shape.h", "c", source) == language


def test_only_dot_h_headers_are_refined():
    assert refine_language("src/a.c", "c", b"class Shape {\n") == "c"
    assert refine_language("src/a.hpp", "cpp", b"int f(void);\n") == "cpp"
