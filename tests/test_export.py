"""Writing tables: formats, formula neutralising and atomic writes."""

from __future__ import annotations

import json
import time

import pandas as pd
import pytest
from openpyxl import load_workbook

from synthesis.export import FORMATS, atomic_path, neutralise, write_csv_and_xlsx, write_table

HOSTILE = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "plain", "a=b"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-x", "'-x"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("safe", "safe"), ("", ""), (-3, -3), (None, None),
     ("\uff1d1+1", "'\uff1d1+1"), ("\uff0b1", "'\uff0b1"), ("\uff0dx", "'\uff0dx"), ("\uff20x", "'\uff20x"),
     ("We need Copilot funding;=1+1;=HYPERLINK(x)", "We need Copilot funding;'=1+1;'=HYPERLINK(x)"),
     ("a, =b", "a, '=b"), ("a,\t@b", "a,\t'@b"), ("a\t+b", "a\t'+b"), ("a;\uff1db", "a;'\uff1db"),
     ("=a;-b", "'=a;'-b"), ("a=b;c, d", "a=b;c, d")],
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
    text = [row[0] for row in sheet.iter_rows(min_row=2)]
    as_written = [h.replace("\r", "\n") for h in HOSTILE]  # XML reads a carriage return as a line feed
    assert [c.value for c in text] == as_written, "XLSX text is shown exactly as written"
    assert {c.data_type for c in text} == {"s"}, "and is typed as a string, never a formula"
    assert [row[1].data_type for row in sheet.iter_rows(min_row=2)] == ["n"] * len(HOSTILE), "numbers stay numbers"


def test_separator_split_csv_never_gives_a_formula_cell(tmp_path):
    """Opened with ';' (or ',' or tab) as its delimiter, no piece of a cell starts with a formula character."""
    import csv

    cells = ["We need Copilot funding;=1+1;=HYPERLINK(\"http://x\")", "a, +b", "x\t@y", "\uff1dz", "fine; really"]
    path = write_table(pd.DataFrame({"text": cells}), tmp_path / "t.csv")
    for delimiter in ";,\t":
        for row in csv.reader(path.read_text(encoding="utf-8").splitlines(), delimiter=delimiter):
            for piece in row:
                assert not piece.strip().startswith(("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")), piece


def test_write_csv_and_xlsx_offers_both(tmp_path):
    frame = pd.DataFrame({"tool": ["=cmd|' /C calc'!A0", "Magic Notes"], "respondents": [4, 53]})
    csv_path, xlsx_path = write_csv_and_xlsx(frame, tmp_path / "tables" / "register.csv")
    assert (csv_path.name, xlsx_path.name) == ("register.csv", "register.xlsx")
    assert pd.read_csv(csv_path)["tool"].tolist() == ["'=cmd|' /C calc'!A0", "Magic Notes"]
    rows = list(load_workbook(xlsx_path).active.iter_rows(values_only=True))
    assert rows == [("tool", "respondents"), ("=cmd|' /C calc'!A0", 4), ("Magic Notes", 53)]
    with pytest.raises(ValueError, match="expected a .csv path"):
        write_csv_and_xlsx(frame, tmp_path / "register.xlsx")


def test_xlsx_replaces_characters_xml_cannot_hold(tmp_path):
    frame = pd.DataFrame({"text": ["bell\x07 and vertical tab\x0b"]})
    sheet = load_workbook(write_table(frame, tmp_path / "t.xlsx")).active
    assert sheet["A2"].value == "bell\ufffd and vertical tab\ufffd"


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
