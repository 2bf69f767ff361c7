"""The walkthrough notebook runs end to end (samples → store → aggregation → map → geopandas)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "walkthrough.ipynb"


@pytest.mark.slow
def test_walkthrough_notebook_executes(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert os.environ["GEOTRACK_DB"].startswith(str(tmp_path))  # set by the autouse fixture; the kernel inherits it
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "other sites within 300 km" in text
    assert (tmp_path / "geotrack.db").exists()
    assert (tmp_path / "walkthrough_map.html").stat().st_size > 100_000
    assert not (NOTEBOOK.parent / "walkthrough.db").exists()
