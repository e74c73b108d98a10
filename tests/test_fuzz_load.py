"""Fuzzing the loaders: any bytes give a result or a one-line InputError, and no row is lost."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthesis.errors import InputError
from synthesis.validate import load_responses

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
cells = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def _load_bytes(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"responses{suffix}"
        path.write_bytes(data)
        try:
            return load_responses(path)
        except InputError as exc:
            assert "\n" not in str(exc)
            return None


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".json", ".jsonl"]))
def test_arbitrary_bytes_never_crash(data, suffix):
    _load_bytes(data, suffix)


@SETTINGS
@given(rows=st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=12))
def test_every_csv_row_is_analysed_or_excluded(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["respondent_id", "uses_ai", "tools_used"])
    writer.writerows(rows)
    result = _load_bytes(buffer.getvalue().encode("utf-8"), ".csv")
    if result is None:
        return
    counts = result.accounting
    assert counts["rows_in"] == counts["rows_analysed"] + counts["rows_excluded"]
    non_blank = sum(1 for row in rows if any(c.strip() for c in "".join(row).splitlines() or [""]))
    assert counts["rows_in"] <= len(rows)
    assert counts["rows_in"] >= min(1, non_blank)
    assert result.responses["respondent_id"].is_unique


@SETTINGS
@given(records=st.lists(st.dictionaries(st.sampled_from(["respondent_id", "uses_ai", "tool_source", "impact", "x"]),
                                        st.one_of(cells, st.integers(), st.none(), st.booleans(), st.lists(cells))),
                        max_size=8))
def test_jsonl_records_of_any_shape(records):
    data = "\n".join(json.dumps(r) for r in records).encode()
    result = _load_bytes(data, ".jsonl")
    if result is not None:
        assert result.accounting["rows_in"] == len(records)
