"""The same input and parameters give byte-identical extraction output, across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "responses.csv"


def _extract(input_path: Path, out: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    run = subprocess.run(
        [sys.executable, "-m", "synthesis.cli", "extract", "--input", str(input_path), "--out", str(out), "--no-cache"],
        capture_output=True, text=True, env=env, cwd=out.parent,
    )
    assert run.returncode == 0, run.stderr
    return out.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_two_runs_give_identical_bytes(tmp_path, suffix):
    subset = tmp_path / "responses.csv"
    pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(40).to_csv(subset, index=False)
    first = _extract(subset, tmp_path / f"first{suffix}", seed="1")
    second = _extract(subset, tmp_path / f"second{suffix}", seed="2")
    assert first == second
    assert len(first) > 1000, "the subset holds tools and themes"
