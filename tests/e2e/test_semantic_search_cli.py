"""The real `codeintel` commands, end to end with the shipped model: a scan embeds the repository
and builds its index, and `codeintel search` finds the method that a plain-English query describes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import codeintel as run_codeintel

pytestmark = pytest.mark.slow


def codeintel(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    """The command with the embedding stage on (the suite turns it off)."""
    return run_codeintel(*args, data_dir=data_dir, env={"CODEINTEL_EMBEDDINGS__AFTER_SCAN": "true"})


def test_a_scanned_repository_is_searched_by_meaning_from_the_command_line(shop: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    scanned = codeintel("scan", str(shop), "--json", data_dir=data)
    assert scanned.returncode == 0, scanned.stderr
    assert json.loads(scanned.stdout)["embeddings"]["index"] == "exact"

    shown = codeintel("search", "convert a product to JSON", "-k", "3", data_dir=data)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[1].split()[::2] == ["shop/models.py:32-33", "method"]
    assert shown.stdout.splitlines()[1].split()[3] == "shop.models.Product.to_json"

    as_json = json.loads(codeintel("search", "slugify a title", "--kind", "function", "--json", data_dir=data).stdout)
    assert as_json["hits"][0]["qualname"] == "shop.util.slug" and as_json["unsearched"] == []
