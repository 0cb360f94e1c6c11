"""#include specs name repository files the way a reader of the tree would find them."""

from __future__ import annotations

from codeintel.model import Import
from codeintel.resolve.includes import IncludeResolver

TREE = [
    "src/main.c",
    "src/util.h",
    "src/util.c",
    "src/net/socket.c",
    "src/common/log.h",
    "include/linux/list.h",
    "include/linux/types.h",
    "include/uapi/linux/types.h",
    "arch/x86/include/asm/io.h",
    "arch/arm/include/asm/io.h",
    "arch/x86/kernel/setup.c",
    "drivers/net/e1000.c",
    "lib/mylib/api.h",
    "third/zlib/zlib.h",
    "string.h",
]


def resolver() -> IncludeResolver:
    return IncludeResolver(TREE)


def test_a_quoted_include_is_found_beside_the_including_file_first():
    assert resolver().resolve("src/main.c", "util.h", quoted=True) == "src/util.h"
    assert resolver().resolve("src/net/socket.c", "../common/log.h", quoted=True) == "src/common/log.h"


def test_an_angle_include_is_found_under_an_include_directory():
    assert resolver().resolve("drivers/net/e1000.c", "linux/list.h", quoted=False) == "include/linux/list.h"


def test_the_shallowest_include_root_wins_as_the_kernels_include_order_has_it():
    assert resolver().resolve("drivers/net/e1000.c", "linux/types.h", quoted=False) == "include/linux/types.h"


def test_the_file_closest_to_the_includer_wins_and_a_tie_is_ambiguous():
    assert resolver().resolve("arch/x86/kernel/setup.c", "asm/io.h", quoted=False) == "arch/x86/include/asm/io.h"
    assert resolver().resolve("drivers/net/e1000.c", "asm/io.h", quoted=False) is None
    assert sorted(resolver().candidates("drivers/net/e1000.c", "asm/io.h", quoted=False)) == [
        "arch/arm/include/asm/io.h",
        "arch/x86/include/asm/io.h",
    ]


def test_system_headers_are_outside_the_repository():
    assert resolver().resolve("src/main.c", "stdio.h", quoted=False) is None
    assert resolver().resolve("src/main.c", "vector", quoted=False) is None


def test_a_header_at_the_root_is_found_by_angle_include():
    assert resolver().resolve("src/main.c", "string.h", quoted=False) == "string.h"


def test_a_quoted_include_may_match_under_any_directory_but_an_angle_one_may_not():
    assert resolver().resolve("src/main.c", "mylib/api.h", quoted=True) == "lib/mylib/api.h"
    assert resolver().resolve("src/main.c", "mylib/api.h", quoted=False) is None
    assert resolver().resolve("src/main.c", "zlib.h", quoted=True) == "third/zlib/zlib.h"


def test_specs_that_climb_out_of_the_repository_or_are_absolute_name_nothing():
    for spec in ("/etc/passwd", "../../../etc/passwd", "..", "", "a\\b.h", "x\0.h"):
        assert resolver().resolve("src/main.c", spec, quoted=True) is None, spec


def test_an_include_answers_for_the_analyses_module_external_or_nothing_when_ambiguous():
    quoted, angle = Import("util.h", 1, level=1), Import("stdio.h", 2)
    ambiguous = Import("asm/io.h", 3)
    assert resolver().import_targets("src/main.c", quoted) == [("m", "src/util.h")]
    assert resolver().import_status("src/main.c", quoted) == "internal"
    assert resolver().import_targets("src/main.c", angle) == [("e", "stdio.h")]
    assert resolver().import_status("src/main.c", angle) == "external"
    assert resolver().import_targets("drivers/net/e1000.c", ambiguous) == []
    assert resolver().import_status("drivers/net/e1000.c", ambiguous) == "unresolved"
