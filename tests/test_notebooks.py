"""Both notebooks run top to bottom (nbval), and the briefing runs under papermill with parameters."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import nbformat
import pandas as pd
import pytest

from conftest import REPO, SAMPLE

NOTEBOOKS_DIR = REPO / "src" / "synthesis" / "notebooks"

NOTEBOOKS = ["briefing.ipynb", "explore.ipynb"]


@pytest.mark.slow
def test_notebooks_run_under_nbval(tmp_path):
    """``pytest --nbval-lax`` on copies of the notebooks, so nothing is written inside the repository."""
    pytest.importorskip("nbval")
    if not SAMPLE.exists():
        pytest.skip("the shipped sample is not there yet")
    for name in NOTEBOOKS:
        shutil.copy(NOTEBOOKS_DIR / name, tmp_path / name)
    env = {**os.environ, "SYNTHESIS_CACHE_DIR": os.environ.get("SYNTHESIS_CACHE_DIR", str(REPO / ".cache" / "synthesis")),
           "SYNTHESIS_OUTPUTS": str(tmp_path / "outputs")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-q", "-p", "no:cacheprovider", *NOTEBOOKS],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "passed" in result.stdout
    # the run folder goes under outputs/ (here $SYNTHESIS_OUTPUTS), never into the working folder
    assert [p.name for p in (tmp_path / "outputs").glob("*_briefing/published/tables/uses_ai.csv")] == ["uses_ai.csv"]
    assert not (tmp_path / "tables").exists() and not (tmp_path / "manifest.json").exists()


@pytest.mark.slow
def test_papermill_run_records_parameters_and_writes_tables(tmp_path):
    """A filtered briefing run straight through papermill into a temporary folder."""
    import papermill

    if not SAMPLE.exists():
        pytest.skip("the shipped sample is not there yet")
    region = pd.read_csv(SAMPLE, dtype=str)["region"].value_counts().index[0]
    params = {"filter_region": region, "suppress_below": 5, "include_quote_table": False,
              "max_quotes_per_theme": 1, "run_dir": str(tmp_path / "out")}
    executed = tmp_path / "briefing.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS_DIR / "briefing.ipynb"), str(executed), parameters=params,
                               cwd=str(tmp_path), progress_bar=False, kernel_name="python3")
    nb = nbformat.read(str(executed), as_version=4)
    recorded = nb.metadata["papermill"]["parameters"]
    assert {k: recorded[k] for k in params} == params
    assert "injected-parameters" in nb.cells[2].metadata.get("tags", [])
    tables = tmp_path / "out" / "published" / "tables"
    assert (tables / "uses_ai.csv").exists() and not (tables / "coded_sentences.csv").exists()
    by_region = pd.read_csv(tables / "respondents_by_region.csv")
    assert by_region["region"].tolist() == [region]
    quotes = pd.read_csv(tables / "quotes.csv")
    assert quotes.groupby("theme").size().max() <= 1
    manifest = (tmp_path / "out" / "published" / "manifest.json").read_text(encoding="utf-8")
    assert f'"filter_region": "{region}"' in manifest
