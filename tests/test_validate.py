"""Validation: every row-level message, quarantine with reasons, and row accounting."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthesis.errors import InputError
from synthesis.validate import load_responses, split_choices

FIXTURES = Path(__file__).parent / "fixtures" / "load"
HEADER = "respondent_id,organisation_type,uses_ai,tool_source,la_code,submitted_at,confidential,tools_used\n"
OPTIONS = ["Commercial", "In-house", "Not applicable"]


def load(tmp_path: Path, body: str, header: str = HEADER):
    path = tmp_path / "responses.csv"
    path.write_bytes((header + body).encode("utf-8"))
    return load_responses(path)


def messages(result, fatal: bool | None = None, header: bool = False) -> list[str]:
    """Problems as ``ROW:COLUMN: message``; header-row problems (missing columns) only when asked for."""
    return [
        f"{p.row}:{p.column}: {p.message}"
        for p in result.problems
        if (fatal is None or p.fatal == fatal) and (header or p.row != 1)
    ]


def test_canonical_fixture_is_clean():
    result = load_responses(FIXTURES / "canonical.csv")
    assert result.problems == []
    assert result.accounting == {"rows_in": 2, "rows_analysed": 2, "rows_excluded": 0}
    row = result.responses.iloc[0]
    assert row["tool_source"] == ["Commercial", "In-house"]
    assert row["submitted_at"] == "2025-03-04T10:15:00"
    assert list(result.responses["confidential"]) == [False, True]


@pytest.mark.parametrize(
    ("text", "chosen", "leftover"),
    [
        ("Commercial, In-house", ["Commercial", "In-house"], []),
        ("in-house;commercial", ["In-house", "Commercial"], []),
        ("Not applicable", ["Not applicable"], []),
        ("Commercial, and something else", ["Commercial"], ["and something else"]),
        ("", [], []),
    ],
)
def test_multi_choice_is_split_against_options(text, chosen, leftover):
    assert split_choices(text, OPTIONS) == (chosen, leftover)


def test_an_option_may_contain_a_comma():
    options = ["Yes, fully", "Yes, partly", "No"]
    assert split_choices("Yes, partly, No", options) == (["Yes, partly", "No"], [])
    assert split_choices("yes, fully", options) == (["Yes, fully"], [])


def test_unknown_choice_values_warn_and_keep_the_row(tmp_path):
    result = load(tmp_path, "A,Local authority,Sometimes,Commercial; Bespoke,E10000016,,No,\n")
    assert messages(result, fatal=False) == [
        "2:uses_ai: unknown value 'Sometimes' (expected one of: In use, Piloting, Planning, Not using, "
        "Don't know); kept as given",
        "2:tool_source: unknown option 'Bespoke' (expected: Commercial, In-house, Not applicable); kept as given",
    ]
    assert result.accounting["rows_analysed"] == 1
    assert result.responses.loc[0, "uses_ai"] == "Sometimes"


def test_choice_matching_ignores_case_space_and_curly_quotes(tmp_path):
    result = load(tmp_path, "A,local  AUTHORITY,Don\u2019t know,,,,No,\n")
    assert messages(result) == []
    assert result.responses.loc[0, "organisation_type"] == "Local authority"
    assert result.responses.loc[0, "uses_ai"] == "Don't know"


def test_duplicate_ids_keep_the_first_and_quarantine_the_rest(tmp_path):
    result = load(tmp_path, "A,Other,,,,,,first\nB,Other,,,,,,\nA,Other,,,,,,second\n")
    assert messages(result, fatal=True) == ["4:respondent_id: duplicate respondent_id 'A' (first at row 2)"]
    assert list(result.responses["tools_used"]) == ["first", ""]
    assert result.excluded.to_dict("records") == [
        {"source_row": 4, "respondent_id": "A", "reason": "duplicate respondent_id 'A' (first at row 2)",
         "category": "duplicate respondent_id"}
    ]
    assert result.accounting == {"rows_in": 3, "rows_analysed": 2, "rows_excluded": 1}


def test_duplicates_that_disagree_on_confidentiality_keep_the_first_row_as_confidential(tmp_path):
    result = load(tmp_path, "A,Other,,,,,No,first\nB,Other,,,,,No,\nA,Other,,,,,Yes,second\nB,Other,,,,,No,again\n")
    assert list(result.responses["tools_used"]) == ["first", ""]
    assert list(result.responses["confidential"]) == [True, False]
    assert "4:confidential: this copy of respondent_id 'A' asks for confidentiality: the row kept (row 2) is treated " \
           "as confidential" in messages(result, fatal=False)
    assert result.accounting == {"rows_in": 4, "rows_analysed": 2, "rows_excluded": 2}


def test_a_duplicate_copy_that_fails_validation_still_makes_the_kept_row_confidential(tmp_path):
    # the NUL byte makes the copy invalid (no validated record); its confidential cell still counts
    result = load(tmp_path, "A,Other,,,,,No,first\nA,Other,,,,,Yes,sec\x00ond\nB,Other,,,,,No,x\nB,Other,,,,,No,y\x00\n")
    assert list(result.responses["confidential"]) == [True, False]
    assert result.excluded["source_row"].tolist() == [3, 5]


def test_missing_id_and_ragged_rows_are_quarantined(tmp_path):
    result = load(tmp_path, ",Other,,,,,,no id\nB,Other,,,,,,ok\nC,Other,,,,,,too,many\n")
    assert messages(result, fatal=True) == [
        "4:None: row has 9 fields but the header has 8",
        "2:respondent_id: is empty: every response needs an id",
    ]
    assert set(result.excluded["source_row"]) == {2, 4}
    assert sorted(result.excluded["category"]) == ["invalid respondent_id", "ragged row"]
    assert result.accounting == {"rows_in": 3, "rows_analysed": 1, "rows_excluded": 2}
    assert result.fatal


def test_short_rows_and_trailing_empty_fields_are_fine(tmp_path):
    result = load(tmp_path, "A,Other\nB,Other,,,,,No,text,,,\n")
    assert messages(result, fatal=True) == []
    assert messages(result, fatal=False) == [
        "2:None: row has 2 fields but the header has 8: the missing ones are read as empty",
        "2:confidential: no confidential value (expected Yes or No); treated as confidential"]
    assert list(result.responses["confidential"]) == [True, False], "a row too short to say No is not published"
    assert result.accounting["rows_analysed"] == 2


def test_nul_bytes_are_reported_with_row_and_column(tmp_path):
    result = load(tmp_path, "A,Other,,,,,,bin\x00ary\nB,Other,,,,,,fine\n")
    assert messages(result, fatal=True) == ["2:tools_used: contains a NUL byte (binary data in a text file?)"]
    assert list(result.responses["respondent_id"]) == ["B"]


def test_dates_codes_and_confidential_flags(tmp_path):
    body = (
        "A,Local authority,,,e10000016,30/04/2025 17:05,yes,\n"
        "B,Local authority,,,E99999999,yesterday,perhaps,\n"
        "C,Local authority,,,LEEDS,,,\n"
    )
    result = load(tmp_path, body)
    rows = result.responses.set_index("respondent_id")
    assert rows.loc["A", "submitted_at"] == "2025-04-30T17:05:00"
    assert rows.loc["A", "la_code"] == "E10000016"
    assert rows.loc["A", "confidential"]
    assert rows.loc["B", "confidential"], "an unreadable flag is treated as confidential"
    assert rows.loc["C", "confidential"], "a blank flag is treated as confidential: a 'No' would be quoted and mapped"
    warned = messages(result, fatal=False)
    assert "3:submitted_at: cannot read 'yesterday' as a date and time (use ISO 8601, e.g. 2025-04-30T17:05); left blank" in warned
    assert "3:confidential: unknown value 'perhaps' (expected Yes or No); treated as confidential" in warned
    assert "4:confidential: no confidential value (expected Yes or No); treated as confidential" in warned
    assert "4:la_code: 'LEEDS' is not an ONS local authority code such as E10000023" in warned


def test_unknown_and_missing_columns_are_warnings_on_the_header_row(tmp_path):
    result = load(tmp_path, "A,No,extra\n", header="respondent_id,confidential,Favourite colour\n")
    warned = messages(result, fatal=False, header=True)
    assert "1:Favourite colour: column is not in the question set and is ignored" in warned
    assert "1:uses_ai: no such column: answers treated as empty" in warned
    assert result.responses.loc[0, "tools_used"] == ""


def test_no_respondent_id_column_is_fatal(tmp_path):
    with pytest.raises(InputError, match="no respondent_id column .found: id, name."):
        load(tmp_path, "1,x\n", header="id,name\n")


def test_a_missing_confidential_column_is_fatal_and_names_a_renamed_one(tmp_path):
    # fail closed: without the column every confidential respondent would be published
    with pytest.raises(InputError) as caught:
        load(tmp_path, "A,Yes,In use\n", header="respondent_id,Confidential?,uses_ai\n")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'responses.csv'}:1:confidential: no confidential column")
    assert "'Confidential?'" in message and "\n" not in message
    with pytest.raises(InputError, match="no confidential column.*add a confidential column"):
        load(tmp_path, "A,In use\n", header="respondent_id,uses_ai\n")


def test_a_question_set_without_a_confidential_field_needs_no_such_column(tmp_path):
    from synthesis.questions import QuestionSet

    fields = [{"id": "respondent_id", "type": "text", "text": "ID"}]
    questions = QuestionSet(name="x", version="1", title="x", respondent_fields=fields,
                            questions=[{"id": "q", "type": "free_text", "text": "Q?"}])
    path = tmp_path / "r.csv"
    path.write_text("respondent_id,q\nA,answer\n")
    assert load_responses(path, question_set=questions).accounting["rows_analysed"] == 1


def test_free_text_line_endings_are_normalised(tmp_path):
    result = load(tmp_path, 'A,Other,,,,,,"first line\r\nsecond line  "\n')
    assert result.responses.loc[0, "tools_used"] == "first line\nsecond line"


def test_ids_that_differ_only_in_case_are_two_respondents_with_a_warning(tmp_path):
    result = load(tmp_path, "ANON-DUP,Other,,,,,No,\nanon-dup,Other,,,,,No,\n")
    assert result.accounting["rows_analysed"] == 2
    assert [m for m in messages(result, fatal=False) if "fields" not in m] == [
        "3:respondent_id: respondent_id 'anon-dup' differs from 'ANON-DUP' (row 2) only in case: counted as another "
        "respondent"]


def swallowed_fatal(result, rid: str) -> list[str]:
    """The fatal messages of ``result``, checked to open with row 2's open quote naming the swallowed ``rid``."""
    fatal = messages(result, fatal=True)
    assert fatal and fatal[0].startswith("2:tools_used: a quote left open") and f"{rid!r}" in fatal[0]
    return fatal


def only_r3_analysed(result, rid: str, secret: str) -> None:
    """Check that row 2's open quote swallowed ``rid``, both are excluded, and only R3, without ``secret``, is kept."""
    swallowed_fatal(result, rid)
    assert result.responses["respondent_id"].tolist() == ["R3"]
    assert secret not in " ".join(map(str, result.responses.astype(str).to_numpy().ravel()))
    assert result.excluded["respondent_id"].tolist() == ["R1", rid]
    assert result.accounting == {"rows_in": 3, "rows_analysed": 1, "rows_excluded": 2}


def test_a_quote_left_open_is_a_fatal_problem_and_the_rows_it_swallowed_are_counted(tmp_path):
    # R1's answer opens a quote that is never closed: R2 and R3 would vanish inside it
    result = load(tmp_path, 'R1,Other,,,,,,"we use Magic Notes, daily\nR2,Other,,,,,,Copilot\nR3,Other,,,,,,Teams\n')
    fatal = messages(result, fatal=True)
    assert len(fatal) == 1 and fatal[0].startswith("2:tools_used: a quote left open runs this answer on over 2 line(s)")
    assert "'R2', 'R3'" in fatal[0] and "\n" not in fatal[0]
    assert result.excluded["respondent_id"].tolist() == ["R1", "R2", "R3"]
    assert set(result.excluded["category"]) == {"unclosed quote"}
    assert result.accounting == {"rows_in": 3, "rows_analysed": 0, "rows_excluded": 3}
    assert result.fatal


def test_a_quote_closed_by_the_next_rows_quote_names_the_swallowed_row(tmp_path):
    # the stray quote pairs with the opening quote of R2's answer; R3 after it reads normally
    result = load(tmp_path, 'R1,Other,,,,,,"open\nR2,Other,,,,,,"Copilot, daily"\nR3,Other,,,,,,Teams\n')
    fatal = messages(result, fatal=True)  # the rest of R2's line also makes row 2 ragged
    assert fatal[0].startswith("2:tools_used: a quote left open") and "respondent_id 'R2'" in fatal[0]
    assert fatal[1:] == ["2:None: row has 9 fields but the header has 8"]
    assert result.responses["respondent_id"].tolist() == ["R3"]
    assert result.excluded["respondent_id"].tolist() == ["R1", "R2"]
    assert result.accounting == {"rows_in": 3, "rows_analysed": 1, "rows_excluded": 2}


def test_a_swallowed_row_is_found_whatever_the_characters_of_its_id(tmp_path):
    # Citizen Space ids with and without digits side by side: the open quote in R1 must not hide the next row
    body = ('ANON-QR55-ST66-G,Other,,,,,,"We use Copilot.,ok\n'
            'ANON-UNSL-DBRW-W,Other,,,,,,"Magic Notes"\nANON-MN11-OP22-H,Other,,,,,,Teams\n')
    result = load(tmp_path, body)
    swallowed_fatal(result, "ANON-UNSL-DBRW-W")
    assert result.responses["respondent_id"].tolist() == ["ANON-MN11-OP22-H"]
    assert result.accounting == {"rows_in": 3, "rows_analysed": 1, "rows_excluded": 2}


@pytest.mark.parametrize("swallowed, rid", [
    # the swallowed row is confidential and has a multi-line answer: it must not be published under R1's id
    ('ANON-DKDY-GJLG-H,Other,"Not sure, no",,,,Yes,"Challenges:\n\nOur Director, Mark Ellison."\n', "ANON-DKDY-GJLG-H"),
    # the swallowed line ends early (fewer fields than the header): it must still be counted and excluded
    ('ANON-UNSL-DBRW-W,Other,,,,"Magic Notes",ok\n', "ANON-UNSL-DBRW-W"),
])
def test_a_swallowed_row_of_any_shape_is_found(tmp_path, swallowed, rid):
    result = load(tmp_path, f'R1,Other,,,,,No,"Not applicable, ok\n{swallowed}R3,Other,,,,,No,Teams\n')
    only_r3_analysed(result, rid, "Ellison")


def test_misplaced_quotes_over_lines_that_are_no_row_exclude_the_row(tmp_path):
    # a stray quote pairs with a later one; what it runs over reads as no row of its own, yet the row is excluded
    result = load(tmp_path, 'R1,Other,,,,,,"first part\nsecond" part\nR2,Other,,,,,,Teams\n')
    assert messages(result, fatal=True) == ["2:tools_used: misplaced quotes run this answer on over 2 lines, so a row "
                                            "of its own may be read into it: fix the quotes and load again"]
    assert result.excluded["category"].tolist() == ["misplaced quotes"]
    assert result.responses["respondent_id"].tolist() == ["R2"]
    assert result.accounting == {"rows_in": 2, "rows_analysed": 1, "rows_excluded": 1}


def test_the_rest_of_a_swallowed_rows_answer_is_never_read_as_a_row(tmp_path):
    # R1's open quote is closed by the quote that opens the swallowed row's own two-line answer: the answer's
    # second line would read as a row with the id 'Our Director' and the confidential respondent's words
    body = ('R1,Other,,,,,No,"Not applicable\n'
            'ANON-DKDY-GJLG-H,Other,,,,,Yes,"Challenges:\n'
            'Our Director, Mark Ellison, said no."\n'
            'R3,Other,,,,,No,Teams\n')
    result = load(tmp_path, body)
    fatal = swallowed_fatal(result, "ANON-DKDY-GJLG-H")
    assert fatal[1].startswith("3:None: this line, read after the misplaced quotes of row 2, starts with no "
                               "respondent id")
    assert "Ellison" not in " ".join(fatal) and len(fatal) == 2
    assert result.responses["respondent_id"].tolist() == ["R3"]
    assert "Ellison" not in " ".join(map(str, result.responses.astype(str).to_numpy().ravel()))
    assert result.excluded["respondent_id"].tolist() == ["R1", "ANON-DKDY-GJLG-H"]
    assert result.accounting == {"rows_in": 3, "rows_analysed": 1, "rows_excluded": 2}


def test_rows_after_quote_trouble_are_excluded_until_quoting_is_back_in_step(tmp_path):
    # after R1's broken quotes, R2's short line and the id-less line are not trusted; R4, a clean whole row, is
    body = ('R1,Other,,,,,No,"open\nR9,Other,,,,,,"closed here\n'
            'R2,Other,No\n'
            'and then, some text\n'
            '\n'
            'R4,Other,,,,,No,"Teams, daily"\n')
    result = load(tmp_path, body)
    fatal = messages(result, fatal=True)
    assert fatal[1:] == [
        "3:None: read after the misplaced quotes of row 2, before quoting is back in step: the row may be misread, "
        "so it is excluded; fix the quotes and load again",
        "4:None: this line, read after the misplaced quotes of row 2, starts with no respondent id: it is most "
        "plausibly the rest of an answer above and is not read as a row; fix the quotes and load again"]
    assert result.responses["respondent_id"].tolist() == ["R4"]
    assert result.excluded["respondent_id"].tolist() == ["R1", "R9", "R2"]
    assert result.accounting == {"rows_in": 4, "rows_analysed": 1, "rows_excluded": 3}


@pytest.mark.parametrize("answer", [
    '"Two paragraphs.\nSecond one, with commas, and more"',
    '"He said ""no"",\nthen ""yes""."',
])
def test_quoted_multi_line_answers_still_load(tmp_path, answer):
    result = load(tmp_path, f"R1,Other,,,,,No,{answer}\nR2,Other,,,,,No,Teams\n")
    assert messages(result) == []
    assert result.responses["respondent_id"].tolist() == ["R1", "R2"]
    assert "\n" in result.responses.loc[0, "tools_used"]


@pytest.mark.parametrize("body, rid", [
    # R1's quote is never closed; the stray quote ending R2's answer balances it, so the quotes look in place
    ('R1,Other,,,,,No,"open\nR2,Other,,,,,Yes,secret of R2"\nR3,Other,,,,,No,Teams\n', "R2"),
    ('R1,Other,,,,,No,"open\r\nR2,Other,,,,,Yes,secret of R2"\r\nR3,Other,,,,,No,Teams\r\n', "R2"),
    ('R1,Other,,,,,No,"open\rR2,Other,,,,,Yes,secret of R2"\rR3,Other,,,,,No,Teams\r', "R2"),
    # ids that do not look like ids (a space, a final full stop) on a line with the header's number of fields
    ('R1,Other,,,,,No,"open\nR 2,Other,,,,,Yes,secret of R 2"\nR3,Other,,,,,No,Teams\n', "R 2"),
    ('R1,Other,,,,,No,"open\nR2.,Other,,,,,Yes,secret of R2"\nR3,Other,,,,,No,Teams\n', "R2."),
    # a short swallowed line: at least half the header's fields and an id-like id
    ('R1,Other,,,,,No,"open\nR2,Other,,,Yes,secret"\nR3,Other,,,,,No,Teams\n', "R2"),
])
def test_a_swallowed_row_balanced_by_a_later_stray_quote_is_found(tmp_path, body, rid):
    result = load(tmp_path, body)
    only_r3_analysed(result, rid, "secret")


def test_a_quoted_answer_holding_lines_that_read_as_rows_fails_closed(tmp_path):
    # quoted on purpose or closed by a stray quote, these lines cannot be told apart: they are counted and excluded
    answer = '"Pasted lines that look like rows but are quoted:\nR9,Other,,,,,,x\nR8,Other,,,,,,y"'
    result = load(tmp_path, f"R1,Other,,,,,No,{answer}\nR2,Other,,,,,No,Teams\n")
    assert "respondent_id 'R9', 'R8'" in swallowed_fatal(result, "R9")[0]
    assert result.responses["respondent_id"].tolist() == ["R2"]
    assert result.excluded["respondent_id"].tolist() == ["R1", "R9", "R8"]
    assert result.accounting == {"rows_in": 4, "rows_analysed": 1, "rows_excluded": 3}


@pytest.mark.parametrize("answer", [
    '"Tools we use:\nCopilot, Teams and Otter\nand more"',  # a list line with fewer than half the fields
    # a line with more fields than the header whose first field is no id
    '"Notes\nR9 says, in short, that it works, mostly, for now, and then, well, yes, so\nno more"',
])
def test_multi_line_answers_with_commas_that_read_as_no_row_still_load(tmp_path, answer):
    result = load(tmp_path, f"R1,Other,,,,,No,{answer}\nR2,Other,,,,,No,Teams\n")
    assert messages(result) == []
    assert result.responses["respondent_id"].tolist() == ["R1", "R2"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("last, column", [("Other,,,,,No,\"open and on", "tools_used"),
                                          ('Other,,"open,,,No,Teams', "tool_source")])
def test_a_quote_open_in_the_last_row_with_a_final_newline_excludes_it(tmp_path, newline, last, column):
    result = load(tmp_path, f"R1,Other,,,,,No,Teams{newline}R2,{last}{newline}")
    fatal = messages(result, fatal=True)
    assert len(fatal) == 1 and fatal[0].startswith(f"3:{column}: a quote opened in this row is never closed")
    assert result.responses["respondent_id"].tolist() == ["R1"]
    assert result.excluded["respondent_id"].tolist() == ["R2"]
    assert result.accounting == {"rows_in": 2, "rows_analysed": 1, "rows_excluded": 1}


def test_a_quote_open_at_the_end_of_the_file_excludes_the_row(tmp_path):
    result = load(tmp_path, 'R1,Other,,,,,No,Teams\nR2,Other,,,,,No,"it goes on\nand on')
    assert messages(result) == ["3:tools_used: a quote opened in this row is never closed: the rest of the file is "
                                "read as part of its answer; close the quote and load again"]
    assert result.fatal and result.excluded["category"].tolist() == ["unclosed quote"]
    assert result.accounting == {"rows_in": 2, "rows_analysed": 1, "rows_excluded": 1}


def test_a_quote_open_in_the_last_row_without_a_final_newline_loses_no_field_unseen(tmp_path):
    # the quote opens in tools_used of the last row; the later fields would be read into it, so the row is excluded
    header = "respondent_id,confidential,tools_used,uses_ai,single_view\n"
    result = load(tmp_path, 'R1,No,Teams,In use,Limited\nR2,Yes,"Copilot,Planning,Moderate', header=header)
    fatal = messages(result, fatal=True)
    assert len(fatal) == 1 and fatal[0].startswith("3:tools_used: a quote opened in this row is never closed")
    assert result.responses["respondent_id"].tolist() == ["R1"]
    assert result.excluded.to_dict("records")[0]["respondent_id"] == "R2"
    assert result.accounting == {"rows_in": 2, "rows_analysed": 1, "rows_excluded": 1}


def test_validate_reports_a_quote_left_open_in_one_line_and_fails(tmp_path, capsys):
    from synthesis.cli import main

    path = tmp_path / "responses.csv"
    path.write_text(HEADER + 'R1,Other,,,,,,"open\nR2,Other,,,,,,Copilot\n', encoding="utf-8")
    assert main(["validate", "--input", str(path)]) == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"{path}:2:tools_used: error: a quote left open")
    assert f"{path}: 2 rows in, 0 analysed, 2 excluded" in err


def test_empty_rows_are_counted_when_columns_are_renamed_to_question_ids(tmp_path):
    header = HEADER.replace("respondent_id", "Respondent ID")
    result = load(tmp_path, "A,Other\n,,,\nB,Other\n", header=header)
    assert result.excluded["category"].tolist() == ["empty row"]
    assert result.accounting == {"rows_in": 3, "rows_analysed": 2, "rows_excluded": 1}


def test_a_json_record_that_is_not_an_object_is_excluded_as_such(tmp_path):
    path = tmp_path / "responses.jsonl"
    path.write_text('{"respondent_id": "A", "confidential": "No"}\n["B"]\n', encoding="utf-8")
    result = load_responses(path)
    assert result.excluded["category"].tolist() == ["not a JSON object"]
    # no value to check, so no second message that the id is empty
    assert result.excluded["reason"].tolist() == ["is not a JSON object"]
    assert [p.message for p in result.problems if p.fatal] == ["is not a JSON object"]


@pytest.mark.parametrize("name", ["responses.jsonl", "responses.json"])
def test_a_key_not_in_the_question_set_is_reported_at_the_first_record_giving_it(tmp_path, name):
    # red team: a key given only by the third record was reported at row 1
    records = ['{"respondent_id": "A", "confidential": "No"}', '{"respondent_id": "B", "confidential": "No"}',
               '{"respondent_id": "C", "confidential": "No", "favourite colour": "green"}',
               '{"respondent_id": "D", "confidential": "No", "favourite colour": "red"}']
    text = "\n".join(records) + "\n" if name.endswith("l") else "[" + ",\n".join(records) + "]"
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    warned = [(p.row, p.message) for p in load_responses(path).problems if p.column == "favourite colour"]
    assert warned == [(3, "key is not in the question set and is ignored (first given in this record)")]
