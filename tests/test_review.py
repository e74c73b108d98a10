"""The analyst's review loop: the review file written, checked, and its decisions applied."""

from __future__ import annotations

import pandas as pd
import pytest

from synthesis import analyse, review
from synthesis.cli import main
from synthesis.errors import InputError
from synthesis.extract import MENTION_COLUMNS, SENTENCE_COLUMNS, Extraction
from synthesis.knowledge import load_codebook, load_tool_list

from conftest import SAMPLE

A1 = "We use Kinnect Notes for home visits. It transcribes the meeting and saves hours."
A2 = "We piloted Kinnect last spring. The recordings are stored safely."


def _mention(rid, qid, kind, label, text, answer, known=None, status=None):
    start = answer.index(text)
    sentence = next(s for s in _sentences_of(answer) if s[0] <= start < s[1])
    return {"respondent_id": rid, "question_id": qid, "kind": kind, "label": label, "text": text, "start": start,
            "end": start + len(text), "sentence": answer[sentence[0]:sentence[1]], "negated": False, "status": status,
            "vendor": None, "category": "note-taking" if kind == "tool" else None,
            "provenance": "unknown" if kind == "tool" else None, "known": known}


def _sentences_of(answer: str) -> list[tuple[int, int]]:
    cut = answer.index(". ") + 1
    return [(0, cut), (cut + 1, len(answer))]


@pytest.fixture
def extraction() -> Extraction:
    mentions = pd.DataFrame([
        _mention("R1", "tools_used", "tool", "Kinnect Notes", "Kinnect Notes", A1, known=False, status="in_use"),
        _mention("R1", "tools_used", "theme", "use.transcription", "transcribes", A1),
        _mention("R1", "tools_used", "theme", "impact.time_saving", "saves hours", A1),
        _mention("R2", "tools_used", "tool", "Kinnect", "Kinnect", A2, known=False, status="piloting"),
        _mention("R2", "tools_used", "theme", "use.transcription", "recordings", A2),
    ], columns=MENTION_COLUMNS)
    rows = []
    for rid, answer, themes, tools in (("R1", A1, [[], ["use.transcription", "impact.time_saving"]], [["Kinnect Notes"], []]),
                                       ("R2", A2, [[], ["use.transcription"]], [["Kinnect"], []])):
        for i, (a, b) in enumerate(_sentences_of(answer)):
            rows.append({"respondent_id": rid, "question_id": "tools_used", "sentence_index": i, "start": a, "end": b,
                         "sentence": answer[a:b], "themes": themes[i], "tools": tools[i]})
    return Extraction(mentions=mentions, sentences=pd.DataFrame(rows, columns=SENTENCE_COLUMNS))


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def _decide(table: pd.DataFrame, finding: str, decision: str, merge_into: str = "", respondent: str | None = None):
    row = table["finding"] == finding
    if respondent is not None:
        row &= table["respondent_id"] == respondent
    assert row.sum() == 1, (finding, respondent)
    table.loc[row, ["decision", "merge_into"]] = [decision, merge_into]


def test_review_table_lists_discovered_tools_then_the_least_confident_themes(extraction, codebook):
    labels = {t.id: t.label for t in codebook.themes}
    table = review.review_table(extraction.mentions, labels, themes=2)
    assert list(table.columns) == review.COLUMNS
    tools = table[table["kind"] == "tool"]
    assert sorted(tools["finding"]) == ["Kinnect", "Kinnect Notes"]
    assert tools.set_index("finding").loc["Kinnect Notes", "evidence"] == "We use Kinnect Notes for home visits."
    themes = table[table["kind"] == "theme"]
    assert len(themes) == 2  # the limit
    confidence = themes["confidence"].tolist()
    assert confidence == sorted(confidence) and all(0 <= c <= 1 for c in confidence)
    assert set(themes["label"]) <= set(labels.values())
    assert (table["decision"] == "").all() and (table["merge_into"] == "").all()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_decisions_round_trip_and_apply(extraction, codebook, tmp_path, suffix):
    table = review.review_table(extraction.mentions, themes=10)
    _decide(table, "Kinnect", "merge-into", "Magic Notes")  # a tool on the tool list
    _decide(table, "Kinnect Notes", "Accept")
    _decide(table, "impact.time_saving", "reject")
    _decide(table, "use.transcription", "merge", "use.summarisation", respondent="R2")
    _decide(table, "use.transcription", "accept", respondent="R1")
    xlsx, csv = review.write_review(table, tmp_path / "review")
    assert xlsx.suffix == ".xlsx" and csv.suffix == ".csv" and xlsx.exists() and csv.exists()

    done = review.apply_review(extraction, xlsx if suffix == ".xlsx" else csv, codebook, load_tool_list())
    tools = done.mentions[done.mentions["kind"] == "tool"].set_index("respondent_id")
    assert tools.loc["R2", "label"] == "Magic Notes" and tools.loc["R2", "vendor"] == "Beam"
    assert bool(tools.loc["R2", "known"]) and bool(tools.loc["R2", "confirmed"])
    register = analyse.tool_register(done.mentions).set_index("tool")
    assert register["confirmed"].to_dict() == {"Kinnect Notes": True, "Magic Notes": True}

    themes = done.mentions[done.mentions["kind"] == "theme"]
    assert "impact.time_saving" not in set(themes["label"])
    assert set(zip(themes["respondent_id"], themes["label"], themes["confirmed"])) == {
        ("R1", "use.transcription", True), ("R2", "use.summarisation", True)}
    coded = done.sentences.set_index(["respondent_id", "sentence_index"])["themes"]
    assert coded[("R1", 1)] == ["use.transcription"]
    assert coded[("R2", 1)] == ["use.summarisation"]
    assert done.sentences.set_index(["respondent_id", "sentence_index"])["tools"][("R2", 0)] == ["Magic Notes"]
    assert len(extraction.mentions) == 5  # the input extraction is left as it was


def test_rejecting_a_tool_drops_it_everywhere_and_blank_rows_change_nothing(extraction, codebook, tmp_path):
    table = review.review_table(extraction.mentions, themes=0)
    _decide(table, "Kinnect", "reject")
    path = review.write_review(table, tmp_path / "r.csv")[1]
    done = review.apply_review(extraction, path, codebook)
    assert "Kinnect" not in set(done.mentions["label"])
    assert all("Kinnect" not in tools for tools in done.sentences["tools"])
    assert (done.mentions["label"] == "Kinnect Notes").sum() == 1
    assert not done.mentions["confirmed"].any()


def test_decisions_for_findings_no_longer_there_are_logged(extraction, codebook, tmp_path, caplog):
    table = review.review_table(extraction.mentions, themes=0)
    _decide(table, "Kinnect", "accept")
    path = review.write_review(table, tmp_path / "r.csv")[1]
    gone = Extraction(mentions=extraction.mentions[extraction.mentions["label"] != "Kinnect"],
                      sentences=extraction.sentences)
    with caplog.at_level("WARNING", logger="synthesis"):
        review.apply_review(gone, path, codebook)
    assert "1 of 1 decisions match no finding" in caplog.text


def _csv(tmp_path, rows: list[dict], columns=review.COLUMNS):
    path = tmp_path / "bad.csv"
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False)
    return path


THEME_ROW = {"kind": "theme", "finding": "use.transcription", "respondent_id": "R1", "question_id": "tools_used",
             "start": "41", "decision": "reject", "merge_into": ""}


@pytest.mark.parametrize("change, where, words", [
    ({"decision": "maybe"}, ":3:decision", "accept, reject or merge"),
    ({"decision": "merge"}, ":3:merge_into", "merge needs"),
    ({"decision": "merge", "merge_into": "use.nothing"}, ":3:merge_into", "not a theme id"),
    ({"merge_into": "use.drafting"}, ":3:merge_into", "only read with decision merge"),
    ({"kind": "person"}, ":3:kind", "tool or theme"),
    ({"start": "forty"}, ":3:start", "whole number"),
    ({"respondent_id": ""}, ":3:respondent_id", "blank"),
    ({"finding": ""}, ":3:finding", "blank"),
    ({"decision": "accept"}, ":3:decision", "differently from row 2"),
])
def test_bad_rows_name_file_row_and_column(tmp_path, codebook, change, where, words):
    path = _csv(tmp_path, [THEME_ROW, {**THEME_ROW, **change}])
    with pytest.raises(InputError) as caught:
        review.read_review(path, codebook.ids)
    assert caught.value.location() == f"{path}{where}"
    assert words in caught.value.message


def test_bad_files_are_one_line_errors(tmp_path):
    missing = _csv(tmp_path, [THEME_ROW], columns=[c for c in review.COLUMNS if c != "merge_into"])
    with pytest.raises(InputError, match="missing column 'merge_into'"):
        review.read_review(missing)
    with pytest.raises(InputError, match="review file not found"):
        review.read_review(tmp_path / "none.xlsx")
    (tmp_path / "r.txt").write_text("x")
    with pytest.raises(InputError, match="must be .xlsx or .csv"):
        review.read_review(tmp_path / "r.txt")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError, match="cannot read the review file"):
        review.read_review(tmp_path / "broken.xlsx")


def test_formula_like_cells_survive_the_round_trip(tmp_path):
    table = pd.DataFrame([{**THEME_ROW, "kind": "tool", "finding": "=Tool", "respondent_id": "", "question_id": "",
                           "start": "", "decision": "accept"}]).reindex(columns=review.COLUMNS)
    csv = review.write_review(table, tmp_path / "r.xlsx")[1]
    assert "'=Tool" in csv.read_text(encoding="utf-8")  # neutralised in the file
    assert [d.finding for d in review.read_review(csv)] == ["=Tool"]  # and read back as written


def test_cli_review_then_extract_with_it(tmp_path, capsys):
    if not SAMPLE.exists():
        pytest.skip("the shipped sample is not there yet")
    small = tmp_path / "small.csv"
    pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(40).to_csv(small, index=False)
    assert main(["-q", "review", "--input", str(small), "--out", str(tmp_path / "review.xlsx"), "--themes", "5"]) == 0
    written = capsys.readouterr().out.split()
    assert written == [str(tmp_path / "review.xlsx"), str(tmp_path / "review.csv")]
    table = pd.read_csv(tmp_path / "review.csv", dtype=str, keep_default_na=False)
    assert (table["kind"] == "theme").sum() == 5
    first = table.index[table["kind"] == "theme"][0]
    table.loc[first, "decision"] = "reject"
    table.to_csv(tmp_path / "decided.csv", index=False)

    out = tmp_path / "mentions.csv"
    assert main(["-q", "extract", "--input", str(small), "--out", str(out), "--review", str(tmp_path / "decided.csv")]) == 0
    mentions = pd.read_csv(out, dtype=str, keep_default_na=False)
    rejected = table.loc[first]
    same = ((mentions["label"] == rejected["finding"]) & (mentions["respondent_id"] == rejected["respondent_id"])
            & (mentions["question_id"] == rejected["question_id"]) & (mentions["start"] == rejected["start"]))
    assert not same.any() and "confirmed" in mentions.columns


def test_cli_bad_review_file_is_one_line_before_any_extraction(tmp_path, capsys):
    path = _csv(tmp_path, [{**THEME_ROW, "decision": "perhaps"}])
    code = main(["extract", "--input", str(SAMPLE), "--out", str(tmp_path / "m.csv"), "--review", str(path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and err == [f"{path}:2:decision: error: decision must be accept, reject or merge, not 'perhaps'"]
    assert not (tmp_path / "m.csv").exists()
    assert main(["brief", "--input", str(SAMPLE), "--review", str(path)]) == 1
    assert capsys.readouterr().err.strip().splitlines() == err
