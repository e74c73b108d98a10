"""Reading files: every format, encoding and layout, and every file-level error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from synthesis.errors import InputError
from synthesis.load import QuestionMap, read_table
from synthesis.validate import load_responses

FIXTURES = Path(__file__).parent / "fixtures" / "load"
HEADER = "respondent_id,confidential,organisation_type,uses_ai,tool_source,tools_used\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_canonical_csv_reads_every_row_with_its_spreadsheet_row():
    table = read_table(FIXTURES / "canonical.csv")
    assert [r["respondent_id"] for r in table.rows] == ["R001", "R002"]
    assert table.row_numbers == [2, 3]
    assert len(table.sha256) == 64


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8-sig", b""), ("cp1252", b""), ("utf-16", b"")],
)
def test_encodings_from_excel_and_elsewhere_decode(tmp_path, encoding, prefix):
    text = HEADER + "E1,No,Local authority,In use,Commercial,Caf\u00e9 staff use \u2018Magic Notes\u2019 \u2013 \u00a3500\n"
    path = tmp_path / "r.csv"
    path.write_bytes(prefix + text.encode(encoding))
    result = load_responses(path)
    assert result.responses.loc[0, "tools_used"] == "Caf\u00e9 staff use \u2018Magic Notes\u2019 \u2013 \u00a3500"
    warned = [p.message for p in result.problems if p.row is None]
    assert ("decoded as Windows-1252" in " ".join(warned)) == (encoding == "cp1252")


def test_undecodable_bytes_are_decoded_not_dropped(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(HEADER.encode() + b"E1,No,Other,In use,,caf\x81\x8d text\n")
    result = load_responses(path)
    assert result.accounting["rows_analysed"] == 1
    assert "text" in result.responses.loc[0, "tools_used"]


def test_semicolon_delimiter_is_detected(tmp_path):
    path = write(tmp_path / "r.csv", HEADER.replace(",", ";") + "S1;No;Other;Piloting;Commercial;Copilot, and ChatGPT\n")
    result = load_responses(path)
    assert result.responses.loc[0, "tools_used"] == "Copilot, and ChatGPT"
    assert any("semicolon" in p.message for p in result.problems)


def test_xlsx_reads_like_csv(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append([7, "No", "Local authority", "In use", "Commercial, In-house", "Power BI dashboards"])
    book.save(tmp_path / "r.xlsx")
    result = load_responses(tmp_path / "r.xlsx")
    row = result.responses.iloc[0]
    assert row["respondent_id"] == "7"
    assert row["tool_source"] == ["Commercial", "In-house"]


def test_json_and_jsonl(tmp_path):
    result = load_responses(FIXTURES / "responses.jsonl")
    jsonl = result.responses
    assert list(jsonl["tool_source"]) == [["Commercial"], ["Commercial", "In-house"]]
    # J2 gives no confidential key while J1 does: treated as confidential, with a warning (red team 5)
    assert list(jsonl["confidential"]) == [False, True]
    assert [(p.row, p.column, p.fatal) for p in result.problems if "no confidential value" in p.message] == \
        [(2, "confidential", False)]
    document = load_responses(FIXTURES / "responses.json").responses
    assert list(document["respondent_id"]) == ["101", "102"]
    assert list(document["uses_ai"]) == ["Piloting", "Don't know"]
    assert document.loc[1, "tools_used"] == ""


def test_question_map_renames_export_headers():
    qmap = QuestionMap.load(FIXTURES / "question_map.yaml")
    result = load_responses(FIXTURES / "export.csv", qmap)
    row = result.responses.iloc[0]
    assert row["respondent_id"] == "CS-1"
    assert row["tool_source"] == ["In-house", "Commercial"]
    assert row["tools_used"] == "Copilot for minutes"
    assert "Started on" not in result.responses.columns
    assert not [p for p in result.problems if p.column == "Started on"], "listed under ignore: no warning"


def test_two_header_rows_gather_ticked_options():
    result = load_responses(FIXTURES / "two_header.csv", FIXTURES / "two_header_map.yaml")
    responses = result.responses.set_index("respondent_id")
    assert responses.loc["S-1", "tool_source"] == ["Commercial", "In-house"]
    assert responses.loc["S-2", "tool_source"] == ["Not applicable"]
    assert responses.loc["S-1", "tools_used"] == "Magic Notes"
    assert list(result.excluded["source_row"]) == []
    assert list(result.responses["source_row"]) == [3, 4]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "file is empty"),
        ("blank.csv", b"\n\n  \n", "file is empty"),
        ("header.csv", HEADER.encode(), "has a header but no data rows"),
        ("bad.json", b'[{"respondent_id": 1,}]', "malformed JSON"),
        ("bad.jsonl", b'[{"respondent_id": 1},\n {"respondent_id": 2}]\n', "malformed JSON"),  # no line reads
        ("renamed.csv", b"PK\x03\x04 not really a workbook", "rename it to .xlsx"),
        ("corrupt.xlsx", b"PK\x03\x04\x14\x00garbage", "XLSX file is corrupt"),
        ("text.xlsx", b"respondent_id\n1\n", "not a valid XLSX"),
        ("notes.docx", b"hello", "unsupported file type"),
        ("scalar.json", b"42", "expected a list"),
    ],
)
def test_unusable_files_raise_one_line_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_responses(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


def test_malformed_json_names_line_and_column(tmp_path):
    path = write(tmp_path / "r.json", '[\n  {"respondent_id": "a"},\n  {"respondent_id" "b"}\n]')
    with pytest.raises(InputError) as caught:
        load_responses(path)
    assert caught.value.location() == f"{path}:3:20"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        load_responses(tmp_path / "nowhere.csv")
    with pytest.raises(InputError, match="is a directory"):
        load_responses(tmp_path)


def test_real_xlsx_renamed_csv_is_named(tmp_path):
    book = Workbook()
    book.active.append(["respondent_id"])
    book.save(tmp_path / "r.xlsx")
    shutil.move(tmp_path / "r.xlsx", tmp_path / "r.csv")
    with pytest.raises(InputError, match="Excel workbook"):
        load_responses(tmp_path / "r.csv")


def test_question_map_must_have_columns(tmp_path):
    path = write(tmp_path / "map.yaml", "headers: {}\n")
    with pytest.raises(InputError, match="columns"):
        QuestionMap.load(path)
    nothing = write(tmp_path / "nothing.yaml", "columns:\n  Unknown header: respondent_id\n")
    with pytest.raises(InputError, match="no column header matches"):
        load_responses(FIXTURES / "canonical.csv", nothing)


def test_utf8_character_split_across_the_check_steps_is_still_utf8(tmp_path):
    from synthesis import load

    first = HEADER + "E1,No,Other,In use,Commercial,"
    pad = "x" * ((1 << 20) - len(first.encode()) - 1)  # the 2-byte "é" straddles the 1 MB boundary
    path = tmp_path / "r.csv"
    path.write_bytes((first + pad + "\u00e9 end\n").encode("utf-8"))
    assert load._encoding(path.read_bytes()) == "utf-8-sig"
    result = load_responses(path)
    assert result.responses.loc[0, "tools_used"].endswith("x\u00e9 end")
    assert not [p for p in result.problems if "decoded as" in p.message]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_and_quoted_newlines_keep_rows_and_row_numbers(tmp_path, newline):
    text = newline.join([HEADER.strip(), 'E1,No,Other,In use,,"two', 'lines"', "", "E2,No,Other,In use,,caf\u00e9", ""])
    path = tmp_path / "r.csv"
    path.write_bytes(text.encode("cp1252"))
    table = read_table(path)
    assert [r["respondent_id"] for r in table.rows] == ["E1", "E2"]
    assert table.row_numbers == [2, 4]  # spreadsheet rows: a quoted newline stays in its row
    assert table.rows[0]["tools_used"] == f"two{newline}lines"
    assert table.rows[1]["tools_used"] == "caf\u00e9"
    responses = load_responses(path).responses
    assert responses["tools_used"].dtype == object and responses["tools_used"].tolist() == ["two\nlines", "caf\u00e9"]


def test_xlsx_empty_rows_between_rows_are_counted_as_excluded(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["A1", "No", "Local authority", "In use", "Commercial", "Magic Notes"])
    sheet.append([])  # a row the analyst left empty
    sheet.append(["", "  ", None, "", ""])  # cells with only spaces
    sheet.cell(row=6, column=1, value="A2")  # row 5 is absent from the sheet's XML altogether
    sheet.cell(row=6, column=4, value="Piloting")
    sheet.cell(row=40, column=7).font = Font(bold=True)  # formatted, no value
    book.save(tmp_path / "r.xlsx")
    result = load_responses(tmp_path / "r.xlsx")
    assert list(result.responses["respondent_id"]) == ["A1", "A2"]
    assert list(result.excluded["source_row"]) == [3, 4, 5]
    assert set(result.excluded["reason"]) == {"empty row"}
    assert result.accounting["rows_excluded"] == 3


def test_xlsx_merged_cells_give_each_row_the_top_value_with_a_warning(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["M1", "No", "Local authority", "In use", "Commercial", "Magic Notes"])
    sheet.append(["M2", "No", None, "Piloting", "Commercial", "Copilot"])
    sheet.append(["M3", "No", None, "Planning", "", ""])
    sheet.merge_cells("C2:C4")  # organisation_type typed once for three rows (red team 4: rows 3-4 read empty)
    book.save(tmp_path / "r.xlsx")
    result = load_responses(tmp_path / "r.xlsx")
    assert list(result.responses["organisation_type"]) == ["Local authority"] * 3
    assert [p.row for p in result.problems if "merged" in p.message] == [2]
    assert any("cells C2:C4 of sheet" in p.message and not p.fatal for p in result.problems)


def test_quote_trouble_tells_misplaced_quotes_from_well_quoted_records():
    from synthesis.load import quote_trouble

    assert quote_trouble('A,"two\nlines, ""quoted""",x\n') is None
    assert quote_trouble('A,x "inch" y,"",z\n') is None  # quotes inside an unquoted field are text
    assert quote_trouble('A,"open,x\nB,y\n') == "unclosed"
    assert quote_trouble('A,"open\nB,"ok",y\n') == "reopened"
    assert quote_trouble('A;"a;b";c\n', ";") is None


def test_a_quote_left_open_in_a_semicolon_file_with_a_question_map(tmp_path):
    qmap = write(tmp_path / "map.yaml", "columns:\n  Ref: respondent_id\n  Which tools?: tools_used\n")
    path = write(tmp_path / "r.csv", 'Which tools?;Ref\n"Copilot; and;E1\nTeams;E2\nOtter;E3\n')
    table = read_table(path, QuestionMap.load(qmap))
    fatal = [p for p in table.problems if p.fatal]
    assert [(p.row, p.column) for p in fatal] == [(2, "Which tools?")]
    assert "respondent_id 'E2', 'E3'" in fatal[0].message
    assert table.run_on == [(2, "E2"), (2, "E3")]


def test_a_quote_left_open_in_json_is_refused_with_its_line(tmp_path):
    # JSON strings cannot hold a line break, so an open quote cannot swallow the next record: it is a parse error
    path = write(tmp_path / "r.json", '[{"respondent_id": "A", "tools_used": "open},\n {"respondent_id": "B"}]')
    with pytest.raises(InputError) as caught:
        load_responses(path)
    assert str(caught.value).startswith(f"{path}:1:") and "\n" not in str(caught.value)


def test_each_malformed_jsonl_line_is_an_excluded_row_and_the_rest_are_read(tmp_path):
    # red team: reading stopped at the first malformed line, so the records after it were never read
    lines = [
        '{"respondent_id": "A", "confidential": "No"}',
        '{"respondent_id": "B", "tools_used": "open}',  # a quote left open
        '{"respondent_id": "C", "confidential": "No"}',
        '',  # a blank line is no record
        '{"respondent_id": "D", "confidential": "No", "confidential": "Yes"}',  # one value would be lost
        '{"respondent_id": "E", "confidential": "No"',  # cut short
        '{"respondent_id": "F", "confidential": "No"}',
    ]
    path = write(tmp_path / "r.jsonl", "\n".join(lines) + "\n")
    result = load_responses(path)
    assert list(result.responses["respondent_id"]) == ["A", "C", "F"]
    assert result.excluded["source_row"].tolist() == [2, 5, 6]
    assert set(result.excluded["category"]) == {"unreadable JSON line"}
    assert result.accounting == {"rows_in": 6, "rows_analysed": 3, "rows_excluded": 3}
    errors = [str(p) for p in result.problems if p.fatal]
    assert [e.split(": error: ")[0] for e in errors] == [f"{path}:2", f"{path}:5", f"{path}:6"]
    assert "malformed JSON" in errors[0] and "character" in errors[0] and "appears twice" in errors[1]
    assert all("\n" not in e for e in errors)
    assert result.excluded["reason"].tolist()[0].startswith("malformed JSON")


def test_xlsx_rows_ending_in_empty_cells_read_like_csv_rows_with_empty_fields(tmp_path):
    # red team: a sheet row ends at its last value, so a row with empty last cells warned of a missing field
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["A1", "No", "Local authority", "In use", "", None])
    sheet.append(["A2", "No", "Other", None, None, None])
    book.save(tmp_path / "r.xlsx")
    result = load_responses(tmp_path / "r.xlsx")
    assert result.accounting == {"rows_in": 2, "rows_analysed": 2, "rows_excluded": 0}
    assert not [p for p in result.problems if "fields but the header has" in p.message]
    assert list(result.responses["tools_used"]) == ["", ""]


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


RESPONSES = [HEADER.strip().split(","), ["W1", "No", "Local authority", "In use", "Commercial", "Magic Notes"]]


def test_xlsx_reads_the_sheet_with_a_respondent_id_column_and_names_each_sheet_it_does_not_read(tmp_path):
    # red team: only the first sheet was read, here a page of notes, so no respondent was read
    path = workbook(tmp_path / "r.xlsx", {"Notes": [["Exported 1 May"], ["by the policy team"]], "Empty": [],
                                          "Responses": RESPONSES, "Summary": [["Total", 1]]})
    result = load_responses(path)
    assert list(result.responses["respondent_id"]) == ["W1"]
    sheets = [str(p) for p in result.problems if "sheet" in p.message]
    assert sheets == [f"{path}: warning: sheet '{title}' is not read: its header has no respondent_id column, so "
                      "it is taken to hold no responses (only sheet 'Responses' is read)"
                      for title in ("Notes", "Summary")]


def test_xlsx_with_one_sheet_of_values_reads_it_without_a_warning(tmp_path):
    path = workbook(tmp_path / "r.xlsx", {"Blank": [], "Responses": RESPONSES, "Blank 2": []})
    result = load_responses(path)
    assert list(result.responses["respondent_id"]) == ["W1"]
    assert not [p for p in result.problems if "sheet" in p.message]


@pytest.mark.parametrize(("sheets", "message"), [
    ({"Batch 1": RESPONSES, "Batch 2": RESPONSES}, "sheets 'Batch 1' and 'Batch 2' each have a respondent_id column"),
    ({"Notes": [["Exported 1 May"]], "Data": [["R1", "No"]]}, "no sheet has a respondent_id column in its header"),
])
def test_xlsx_whose_responses_sheet_is_not_plain_is_refused_naming_the_sheets(tmp_path, sheets, message):
    path = workbook(tmp_path / "r.xlsx", sheets)
    with pytest.raises(InputError) as caught:
        load_responses(path)
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_xlsx_with_two_header_rows_finds_the_id_column_through_the_question_map(tmp_path):
    top = ["Response ID", "Confidential", "Which tools?", None]
    below = ["", "", "Magic Notes", "Copilot"]
    path = workbook(tmp_path / "r.xlsx", {"Notes": [["Read me"]], "Export": [top, below, ["X1", "No", "1", ""]]})
    qmap = write(tmp_path / "map.yaml", "header_rows: 2\ncolumns:\n  Response ID: respondent_id\n"
                 "  Confidential: confidential\n  Which tools?: tools_used\n")
    result = load_responses(path, question_map=qmap)
    assert list(result.responses["respondent_id"]) == ["X1"]
