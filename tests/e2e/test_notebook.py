"""notebooks/explore.ipynb runs from top to bottom on a real kernel, against this project's own code."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).parents[2] / "notebooks" / "explore.ipynb"


def test_explore_notebook_executes_without_errors(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CODEINTEL_NOTEBOOK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the plots were not drawn"
    assert os.listdir(tmp_path / "data")  # it scanned into the folder it was given
