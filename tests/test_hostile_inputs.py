"""Hostile input files (issue 13): each is built in tmp_path, and each must fail fast with one line naming the
file, or be read with a warning, never exhausting memory, hanging or raising a bare MemoryError/RecursionError."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from synthesis import bounded, load
from synthesis.errors import InputError
from synthesis.knowledge import KnowledgeError, load_codebook
from synthesis.load import QuestionMap, read_table
from synthesis.questions import load_question_set
from synthesis.validate import load_responses

HEADER = "respondent_id,organisation_name,confidential,tools_used\n"


def alias_bomb() -> str:
    """The classic 'billion laughs' in YAML: nine levels of nine aliases (about 370 bytes)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        previous, current = chr(96 + level), chr(97 + level)
        lines.append(f"{current}: &{current} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines.append("columns: {Response ID: *i}")
    return "\n".join(lines) + "\n"


# --- YAML ----------------------------------------------------------------------------------------


def test_yaml_alias_bomb_as_question_map_fails_fast_naming_the_file(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text(alias_bomb())
    assert len(path.read_bytes()) < 400
    started = time.perf_counter()
    with pytest.raises(InputError, match="aliases expand to more than") as error:
        QuestionMap.load(path)
    assert time.perf_counter() - started < 2
    assert str(error.value).startswith(str(path))


def test_yaml_alias_bomb_as_question_set_and_codebook_is_refused(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb())
    with pytest.raises(InputError, match="aliases expand"):
        load_question_set(path)
    with pytest.raises(KnowledgeError, match="aliases expand") as error:
        load_codebook(path)
    assert str(path) in str(error.value)


def test_yaml_with_a_few_aliases_still_loads(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text("shared: &id respondent_id\ncolumns:\n  Response ID: *id\n  ID: *id\n")
    assert QuestionMap.load(path).columns == {"response id": "respondent_id", "id": "respondent_id"}


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "[" * 100_000 + "]" * 100_000])
def test_self_referring_or_deeply_nested_yaml_is_refused(tmp_path, text):
    path = tmp_path / "map.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as error:
        QuestionMap.load(path)
    assert str(path) in str(error.value)
    assert "YAML" in error.value.message


# --- files that are not files --------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_as_input_or_question_map_is_refused_at_once(tmp_path):
    fifo = tmp_path / "responses.csv"
    os.mkfifo(fifo)
    started = time.perf_counter()
    with pytest.raises(InputError, match="FIFO") as error:
        read_table(fifo)
    assert error.value.file == str(fifo)
    with pytest.raises(InputError, match="FIFO"):
        QuestionMap.load(fifo)
    assert time.perf_counter() - started < 2


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_device_as_input_is_refused_at_once():
    with pytest.raises(InputError, match="is a device") as error:
        read_table(Path("/dev/zero"))
    assert error.value.file == "/dev/zero"


def test_folder_as_input_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_table(tmp_path)


# --- JSON ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_nested_100k_deep_is_refused_naming_the_file(tmp_path, suffix):
    path = tmp_path / f"responses{suffix}"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(InputError, match="nested too deeply") as error:
        read_table(path)
    assert error.value.file == str(path)


def test_json_nested_past_the_cap_but_under_the_parser_limit_is_refused(tmp_path):
    path = tmp_path / "responses.json"
    deep = "[" * (bounded.MAX_DEPTH + 5) + "]" * (bounded.MAX_DEPTH + 5)
    path.write_text('[{"respondent_id": "R1", "tools_used": ' + deep + "}]")
    with pytest.raises(InputError, match=f"more than {bounded.MAX_DEPTH} levels"):
        read_table(path)


def test_jsonl_with_u2028_inside_a_string_is_one_record(tmp_path):
    path = tmp_path / "responses.jsonl"
    path.write_text('{"respondent_id": "R1", "tools_used": "Magic Notes\u2028and Copilot"}\n'
                    '{"respondent_id": "R2", "tools_used": "None\u2029yet"}\n', encoding="utf-8")
    table = read_table(path)
    assert [r["tools_used"] for r in table.rows] == ["Magic Notes\u2028and Copilot", "None\u2029yet"]
    assert table.row_numbers == [1, 2]


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_duplicated_json_key_is_a_fatal_error(tmp_path, suffix):
    path = tmp_path / f"responses{suffix}"
    record = '{"respondent_id": "R1", "confidential": "Yes", "confidential": "No"}'
    path.write_text(f"[{record}]" if suffix == ".json" else record + "\n")
    with pytest.raises(InputError, match="'confidential' appears twice"):
        read_table(path)


# --- encoding ------------------------------------------------------------------------------------


def test_stray_windows_1252_byte_is_reported_at_its_row_and_the_rest_stays_utf8(tmp_path):
    path = tmp_path / "responses.csv"
    body = (HEADER + "R1,Zo\u00eb's team,No,Magic Notes\n").encode("utf-8")
    body += b'R2,Other,No,"We\x92re using ' + "caf\u00e9 tools\nover two lines".encode("utf-8") + b'"\n'
    body += "R3,Siân,No,Copilot\n".encode("utf-8")
    path.write_bytes(body)
    result = load_responses(path)
    rows = result.responses.set_index("respondent_id")
    assert rows.loc["R1", "organisation_name"] == "Zo\u00eb's team"
    assert rows.loc["R2", "tools_used"] == "We\u2019re using caf\u00e9 tools\nover two lines"
    assert rows.loc["R3", "organisation_name"] == "Siân"
    stray = [p for p in result.problems if "not UTF-8" in p.message]
    assert len(stray) == 1
    assert (stray[0].row, stray[0].fatal) == (3, False)
    assert "0x92" in stray[0].message and "\u2019" in stray[0].message
    assert not any("decoded as" in p.message for p in result.problems)


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_stray_byte_rows_are_right_whatever_the_line_ends(tmp_path, newline):
    lines = [HEADER.strip().encode(), "R1,Zoë,No,x".encode(), b'R2,"two', b'lines",No,x', b"R3,Caf\xe9,No,x", b""]
    path = tmp_path / "responses.csv"
    path.write_bytes(newline.join(lines))
    table = read_table(path)
    assert [r["organisation_name"] for r in table.rows] == ["Zoë", "two" + newline.decode() + "lines", "Caf\u00e9"]
    assert [p.row for p in table.problems if "not UTF-8" in p.message] == [4]


def test_broken_utf16_is_read_with_replacement_characters(tmp_path):
    path = tmp_path / "responses.csv"
    path.write_bytes("respondent_id\nR1\n".encode("utf-16") + b"\x00\xd8")
    table = read_table(path)
    assert table.rows[0]["respondent_id"] == "R1"


def test_stray_byte_in_jsonl_is_reported_at_its_line(tmp_path):
    path = tmp_path / "responses.jsonl"
    path.write_bytes('{"respondent_id": "R1", "organisation_name": "Zoë"}\n'.encode("utf-8")
                     + b'{"respondent_id": "R2", "organisation_name": "Caf\xe9"}\n')
    table = read_table(path)
    assert [r["organisation_name"] for r in table.rows] == ["Zoë", "Caf\u00e9"]
    assert [(p.row, p.fatal) for p in table.problems if "not UTF-8" in p.message] == [(2, False)]


def test_whole_windows_1252_file_is_still_read_as_windows_1252(tmp_path):
    path = tmp_path / "responses.csv"
    path.write_bytes((HEADER + "R1,Zo\u00eb,No,\u2018Magic Notes\u2019\n").encode("cp1252"))
    table = read_table(path)
    assert table.rows[0]["organisation_name"] == "Zo\u00eb"
    assert [p.message for p in table.problems] == ["not UTF-8: decoded as Windows-1252"]


# --- the confidential flag ------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Confidential", " CONFIDENTIAL ", "confidential "])
def test_confidential_header_variants_keep_the_flag(tmp_path, header):
    path = tmp_path / "responses.csv"
    path.write_text(f"Respondent ID,organisation_name,{header},tools_used\nR1,Isle of Wight,Yes,Casebook\n")
    result = load_responses(path)
    assert bool(result.responses.loc[0, "confidential"]) is True
    assert result.responses.loc[0, "respondent_id"] == "R1"


@pytest.mark.parametrize("second", ["confidential", "Confidential", "CONFIDENTIAL "])
def test_duplicated_confidential_column_is_fatal_naming_both(tmp_path, second):
    path = tmp_path / "responses.csv"
    path.write_text(f"respondent_id,confidential,tools_used,{second}\nR1,Yes,Casebook,No\n")
    with pytest.raises(InputError) as error:
        load_responses(path)
    message = str(error.value)
    assert "'confidential' (column B)" in message and f"{second.strip()!r} (column D)" in message
    assert "\n" not in message


def test_json_keys_differing_in_case_are_fatal_naming_both(tmp_path):
    path = tmp_path / "responses.json"
    path.write_text('[{"respondent_id": "R1", "Confidential": "Yes", "confidential": "No"}]')
    with pytest.raises(InputError, match="'Confidential' and 'confidential' are the same column"):
        load_responses(path)


def test_json_records_may_spell_a_key_differently_from_each_other(tmp_path):
    path = tmp_path / "responses.json"
    path.write_text('[{"respondent_id": "R1", "Confidential": "Yes"}, {"Respondent ID": "R2", "confidential": "No"}]')
    result = load_responses(path)
    assert dict(zip(result.responses["respondent_id"], result.responses["confidential"])) == {"R1": True, "R2": False}


@pytest.mark.parametrize(("mapped", "headers", "match"), [
    # a mapped column and a variant of its id: one would silently win
    ("Keep private?", "Keep private?,Confidential", "'confidential' and 'Confidential' are both read as 'confidential'"),
    # an export whose confidentiality header changed, so the map no longer finds it: nobody would be confidential
    ("Keep confidential?", "Keep confidential? (Required),Other",
     r"no confidential column.*is 'Keep confidential\? \(Required\)' that column"),
])
def test_mapped_confidential_column_troubles_are_fatal(tmp_path, mapped, headers, match):
    qmap = tmp_path / "map.yaml"
    qmap.write_text(f"columns:\n  Response ID: respondent_id\n  {mapped}: confidential\n")
    path = tmp_path / "responses.csv"
    path.write_text(f"Response ID,{headers}\nR1,Yes,No\n")
    with pytest.raises(InputError, match=match):
        load_responses(path, qmap)


# --- XLSX ----------------------------------------------------------------------------------------


def workbook_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def patched_workbook(path: Path, rows: list[list[object]], old: bytes, new: bytes) -> Path:
    """A workbook of ``rows`` written to ``path`` with ``old`` replaced by ``new`` in its sheet's XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(rows))) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in part
                part = part.replace(old, new)
            target.writestr(info.filename, part)
    path.write_bytes(out.getvalue())
    return path


ROWS = [["respondent_id", "tools_used"], ["R1", "Magic Notes"]]


def test_xlsx_declaring_the_whole_sheet_is_refused_before_parsing(tmp_path):
    path = patched_workbook(tmp_path / "responses.xlsx", ROWS, b'<dimension ref="A1:B2"',
                            b'<dimension ref="A1:XFD1048576"')
    assert path.stat().st_size < 10_000
    with pytest.raises(InputError, match="declares the range A1:XFD1048576") as error:
        read_table(path)
    assert error.value.file == str(path)


def test_xlsx_declared_dimension_is_not_used_to_count_rows_or_columns(tmp_path):
    path = patched_workbook(tmp_path / "responses.xlsx", ROWS, b'<dimension ref="A1:B2"', b'<dimension ref="A1:Z5000"')
    table = read_table(path)
    assert table.columns == ["respondent_id", "tools_used"]
    assert table.rows == [{"respondent_id": "R1", "tools_used": "Magic Notes"}]


def test_xlsx_whose_shared_strings_inflate_past_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_SHARED_STRINGS_BYTES", 1 << 20)
    path = tmp_path / "responses.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst><si><t>" + b"x" * (2 << 20) + b"</t></si></sst>")
    assert path.stat().st_size < 20_000
    with pytest.raises(InputError, match="shared strings") as error:
        read_table(path)
    assert error.value.file == str(path)


def test_xlsx_shared_strings_bomb_is_refused_with_the_shipped_caps(tmp_path):
    """About 1 MB on disk, past the 256 MB cap on shared strings once inflated: refused before parsing."""
    path = tmp_path / "responses.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<sst uniqueCount="1"><si><t>')
            for _ in range(load.MAX_SHARED_STRINGS_BYTES >> 20):
                part.write(b"x" * (1 << 20))
            part.write(b"</t></si></sst>")
    assert path.stat().st_size < 2_000_000
    started = time.perf_counter()
    with pytest.raises(InputError, match="shared strings .* over the limit"):
        read_table(path)
    assert time.perf_counter() - started < 5


def test_xlsx_declaring_too_many_shared_strings_is_refused(tmp_path):
    path = tmp_path / "responses.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", f'<sst uniqueCount="{load.MAX_SHARED_STRINGS + 1}"></sst>')
    with pytest.raises(InputError, match="shared strings"):
        read_table(path)


def test_xlsx_inflating_past_the_total_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_XLSX_BYTES", 100_000)
    path = tmp_path / "responses.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 200_000)
    with pytest.raises(InputError, match="inflates to 200,000 bytes"):
        read_table(path)


def test_xlsx_with_far_away_cells_past_the_cell_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_XLSX_CELLS", 10_000)
    far = b'<row r="7"><c r="XFD7" t="inlineStr"><is><t>far</t></is></c></row></sheetData>'
    path = patched_workbook(tmp_path / "responses.xlsx", ROWS, b"</sheetData>", far)
    with pytest.raises(InputError, match="more than 10,000 cells"):
        read_table(path)


def test_xlsx_formula_without_a_cached_value_warns_naming_the_cell(tmp_path):
    path = tmp_path / "responses.xlsx"
    path.write_bytes(workbook_bytes([["respondent_id", "tools_used"], ["R1", "=CONCAT(\"Magic\",\" Notes\")"]]))
    table = read_table(path)
    assert table.rows[0]["tools_used"] == ""
    warned = [p for p in table.problems if "formula" in p.message]
    assert len(warned) == 1 and "cell B2" in warned[0].message and not warned[0].fatal


def test_accuracy_file_nested_without_end_or_a_fifo_is_refused(tmp_path):
    from synthesis.methods import load_accuracy

    deep = tmp_path / "accuracy.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputError, match="nested too deeply") as error:
        load_accuracy(deep)
    assert error.value.file == str(deep)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.json"
        os.mkfifo(fifo)
        with pytest.raises(InputError, match="FIFO"):
            load_accuracy(fifo)


def test_xlsx_formula_with_a_cached_value_reads_the_value_without_a_warning(tmp_path):
    path = patched_workbook(tmp_path / "responses.xlsx", [["respondent_id", "tools_used"], ["R1", "=A2"]],
                            b'<c r="B2"><f>A2</f><v />', b'<c r="B2" t="str"><f>A2</f><v>R1</v>')
    table = read_table(path)
    assert table.rows[0]["tools_used"] == "R1"
    assert not [p for p in table.problems if "formula" in p.message]
