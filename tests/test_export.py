"""Writing tables: formats, formula neutralising and atomic writes."""

from __future__ import annotations

import json
import time

import pandas as pd
import pytest
from openpyxl import load_workbook

from synthesis.export import FORMATS, atomic_path, neutralise, write_table

HOSTILE = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "plain", "a=b"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-x", "'-x"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("safe", "safe"), ("", ""), (-3, -3), (None, None)],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_and_xlsx_cells_cannot_run_as_formulas(tmp_path):
    frame = pd.DataFrame({"text": HOSTILE, "n": range(len(HOSTILE)), "themes": [["a", "b"]] * len(HOSTILE)})
    csv_back = pd.read_csv(write_table(frame, tmp_path / "t.csv"), keep_default_na=False)
    assert list(csv_back["text"])[:4] == ["'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3", "'@SUM(A1)"]
    assert list(csv_back["text"])[-2:] == ["plain", "a=b"]
    assert csv_back.loc[0, "themes"] == "a; b"
    sheet = load_workbook(write_table(frame, tmp_path / "t.xlsx")).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(not str(c).startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


def test_same_table_gives_same_bytes_in_every_format(tmp_path):
    frame = pd.DataFrame({"text": ["a", "=b"], "n": [1, 2]})
    first = {suffix: write_table(frame, tmp_path / f"first{suffix}").read_bytes() for suffix in FORMATS}
    time.sleep(2.1)  # past the 2-second resolution of ZIP timestamps, so a time-stamped XLSX would differ
    again = {suffix: write_table(frame, tmp_path / f"again{suffix}").read_bytes() for suffix in FORMATS}
    assert again == first


def test_jsonl_and_parquet_keep_values_as_they_are(tmp_path):
    frame = pd.DataFrame({"text": ["=1+1"], "start": [3]})
    line = (write_table(frame, tmp_path / "t.jsonl")).read_text().strip()
    assert json.loads(line) == {"text": "=1+1", "start": 3}
    assert pd.read_parquet(write_table(frame, tmp_path / "t.parquet")).equals(frame)


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unsupported output format"):
        write_table(pd.DataFrame(), tmp_path / "t.txt")


def test_a_failed_write_leaves_neither_file_nor_temporary(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temporary:
            temporary.write_text("half")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_same_table_gives_same_bytes(tmp_path):
    frame = pd.DataFrame({"a": ["x", "=y"], "b": [1.5, 2.0]})
    assert write_table(frame, tmp_path / "1.csv").read_bytes() == write_table(frame, tmp_path / "2.csv").read_bytes()
