"""The import helpers of the Python move: where relative imports point, how an import of a module
is written from another, and where added imports go."""

from __future__ import annotations

import libcst as cst
import pytest

from codeintel.planning.python.imports import (
    ImportRewriter,
    absolute_from,
    add_future_imports,
    add_imports,
    relative_from,
    render_from,
    valid_module_name,
)


@pytest.mark.parametrize(
    ("module", "is_package", "level", "name", "expected"),
    [
        ("shop.orders", False, 1, "util", "shop.util"),
        ("shop.orders", False, 1, None, "shop"),
        ("shop", True, 1, "util", "shop.util"),
        ("shop.views.page", False, 2, "models", "shop.models"),
        ("shop.orders", False, 3, "x", None),
        ("shop.orders", False, 0, "os.path", "os.path"),
    ],
)
def test_absolute_from_resolves_relative_imports(module, is_package, level, name, expected):
    assert absolute_from(module, is_package, level, name) == expected


@pytest.mark.parametrize(
    ("module", "is_package", "target", "expected"),
    [
        ("shop.orders", False, "shop.finance.money", (1, "finance.money")),
        ("shop.views.page", False, "shop.models", (2, "models")),
        ("shop", True, "shop.util", (1, "util")),
        ("shop.orders", False, "shop", (1, "")),
        ("shop.orders", False, "ledger.money", None),
    ],
)
def test_relative_from_is_the_inverse(module, is_package, target, expected):
    assert relative_from(module, is_package, target) == expected
    if expected is not None:
        assert absolute_from(module, is_package, expected[0], expected[1] or None) == target


def test_render_from_keeps_the_relative_style_where_it_can():
    assert render_from("shop.orders", False, "shop.text", [("slug", None)], relative=True) == "from .text import slug"
    assert render_from("shop.orders", False, "ledger.x", [("f", "g")], relative=True) == "from ledger.x import f as g"
    assert render_from("shop.orders", False, "shop.text", [("a", None), ("b", None)], False) == (
        "from shop.text import a, b"
    )


def test_valid_module_name():
    assert valid_module_name("shop.finance.money")
    assert not valid_module_name("shop.2fast")
    assert not valid_module_name("shop.class")


def test_added_imports_go_after_the_existing_ones_once():
    tree = cst.parse_module('"""Doc."""\n\nimport os\n\nX = 1\n')
    code = add_imports(tree, ["import re", "import os", "import re"]).code
    assert code == '"""Doc."""\n\nimport os\nimport re\n\nX = 1\n'


def test_an_added_import_after_a_docstring_is_set_off_by_blank_lines():
    tree = cst.parse_module('"""Doc."""\nX = 1\n')
    assert add_imports(tree, ["import os"]).code == '"""Doc."""\n\nimport os\n\nX = 1\n'


def test_an_added_import_goes_below_the_header_comments():
    tree = cst.parse_module("#!/usr/bin/env python\n# header\nX = 1\n")
    assert add_imports(tree, ["import os"]).code == "#!/usr/bin/env python\n# header\nimport os\n\nX = 1\n"


def test_a_from_import_joins_one_of_the_same_module_written_either_way():
    code = '"""Doc."""\nfrom __future__ import annotations\n\nfrom .util import f\nimport os\n\nX = 1\n'
    added = add_imports(cst.parse_module(code), ["from shop.util import g", "from shop import h"], "shop.orders")
    assert added.code == (
        '"""Doc."""\nfrom __future__ import annotations\n\n'
        "from .util import f, g\nimport os\nfrom shop import h\n\nX = 1\n"
    )


def test_without_the_module_name_only_the_same_spelling_joins():
    code = "from .util import f\n\nX = 1\n"
    assert add_imports(cst.parse_module(code), ["from shop.util import g"]).code == (
        "from .util import f\nfrom shop.util import g\n\nX = 1\n"
    )
    assert add_imports(cst.parse_module(code), ["from .util import g"]).code == "from .util import f, g\n\nX = 1\n"


def test_a_joined_name_follows_the_layout_of_the_import_and_is_not_repeated():
    code = "from shop.util import (\n    f,\n    g,\n)\n"
    assert add_imports(cst.parse_module(code), ["from shop.util import h, f"]).code == (
        "from shop.util import (\n    f,\n    g,\n    h,\n)\n"
    )


def test_a_later_import_of_the_module_is_not_joined():
    # a from-import after the first statement binds its names only from there on
    code = "import os\n\nX = 1\nfrom shop.util import f\n"
    assert add_imports(cst.parse_module(code), ["from shop.util import g"]).code == (
        "import os\nfrom shop.util import g\n\nX = 1\nfrom shop.util import f\n"
    )


def test_future_imports_go_first_after_the_docstring():
    tree = cst.parse_module('"""Doc."""\n\nimport os\n')
    assert (
        add_future_imports(tree, ["annotations"]).code
        == '"""Doc."""\n\nfrom __future__ import annotations\n\nimport os\n'
    )


def test_rewriter_splits_a_from_import_rewrites_attribute_uses_and_drops_what_it_left_unused():
    code = (
        "import shop.util as u\n"
        "from shop.util import shout, money  # both\n"
        "\n"
        "def f():\n"
        "    from shop.util import money\n"
        "    return u.money(1) + money(2) + shout('a')\n"
    )
    rewriter = ImportRewriter("shop.orders", False, "shop.util", "shop.cash", ["money"], {"shop.util", "shop.cash"})
    assert rewriter.rewrite(cst.parse_module(code)).code == (  # `u` is left unused: it goes
        "import shop.cash as cash\n"
        "from shop.util import shout  # both\n"
        "from shop.cash import money\n"
        "\n"
        "def f():\n"
        "    from shop.cash import money\n"
        "    return cash.money(1) + money(2) + shout('a')\n"
    )
