"""Disclosure control: hostile inputs built here, each a way to single out a confidential respondent."""

from __future__ import annotations

import pandas as pd
import pytest

from synthesis import analyse
from synthesis import report
from synthesis.analyse import disclosure
from synthesis.errors import InputError
from synthesis.runfolder import check_output_file


def _people(rows):
    return pd.DataFrame(rows, columns=["respondent_id", "region", "organisation_type", "confidential", "uses_ai"])


def test_confidential_respondents_are_counted_in_no_briefing_even_in_a_group_of_them():
    everyone = _people([("C1", "South East", "Local authority", True, "In use")]
                       + [(f"R{i}", "South East", "Local authority", False, "Planning") for i in range(6)]
                       + [(f"C{i}", "London", "Local authority", True, "Not using") for i in range(2, 5)])
    hidden = analyse.confidential_ids(everyone)
    national, withheld = disclosure.counted_respondents(everyone, hidden)
    assert national == {f"R{i}" for i in range(6)} and withheld == 4
    # three in one region and type who all said "Not using": counting them would tell each one's answer
    # once the map's named London authorities are subtracted from the authorities' row
    london = everyone[everyone["region"] == "London"]
    assert disclosure.counted_respondents(london, hidden) == (set(), 3)


def test_a_tool_only_confidential_respondents_name_is_dropped_before_any_table():
    mentions = pd.DataFrame([
        {"respondent_id": "C1", "question_id": "single_view_detail", "kind": "tool", "label": "Quorvex Hub"},
        {"respondent_id": "R1", "question_id": "tools_used", "kind": "tool", "label": "Magic Notes"},
        {"respondent_id": "C1", "question_id": "tools_used", "kind": "tool", "label": "Magic Notes"},
    ])
    kept = analyse.without_confidential_tools(mentions, {"C1"})
    assert set(kept["label"]) == {"Magic Notes"} and len(kept) == 2


def test_zeros_beside_a_suppressed_cell_are_hidden_in_a_published_list():
    table = pd.DataFrame({"uses_ai": ["In use", "Piloting", "Not using"], "respondents": [12, 1, 0], "percent": [92.3, 7.7, 0]})
    shown, hidden = disclosure.protect(table, 3, total=True)
    assert shown["respondents"].isna().tolist() == [True, True, True] and hidden == 3
    assert shown["percent"].isna().all()


def test_the_register_is_protected_row_by_row():
    register = pd.DataFrame([{"tool": "Magic Notes", "organisations": 13, "in_use": 12, "piloting": 1, "planned": 0,
                              "stopped": 0, "not_used": 0, "supplied": 0, "mentioned": 0, "status": ""}])
    shown, hidden = disclosure.protect_register(register, 3)
    row = shown.iloc[0]
    assert pd.isna(row["piloting"]) and pd.isna(row["in_use"]) and row["organisations"] == 13
    assert "suppressed" in row["status"] and hidden >= 2


def test_outputs_never_overwrite_the_input_or_someone_elses_file(tmp_path):
    answers = tmp_path / "responses.csv"
    answers.write_text("respondent_id\nR1\n", encoding="utf-8")
    mine = tmp_path / "notes.csv"
    mine.write_text("my,own,notes\n", encoding="utf-8")
    with pytest.raises(InputError, match="is the input file"):
        check_output_file(answers, ["respondent_id", "kind"], answers)
    with pytest.raises(InputError, match="was not written by this command"):
        check_output_file(mine, ["respondent_id", "kind"], answers)
    earlier = tmp_path / "mentions.csv"
    earlier.write_text("respondent_id,kind,extra\n", encoding="utf-8")
    check_output_file(earlier, ["respondent_id", "kind"], answers)  # an earlier output of the same command


def test_responses_without_a_confidential_column_are_refused_not_read_as_nobody_confidential():
    with pytest.raises(ValueError, match="no confidential column"):
        analyse.confidential_ids(pd.DataFrame({"respondent_id": ["R1"], "region": ["London"]}))


def test_an_empty_row_is_counted_and_excluded_with_its_reason(tmp_path):
    from synthesis.validate import load_responses

    path = tmp_path / "blank.csv"
    path.write_text("respondent_id,confidential,region\nR1,No,London\n,,\n  ,  ,\nR2,No,London\n", encoding="utf-8")
    result = load_responses(path)
    assert result.accounting == {"rows_in": 4, "rows_analysed": 2, "rows_excluded": 2}
    assert result.excluded["category"].tolist() == ["empty row", "empty row"]


def test_values_outside_the_option_list_are_never_published_as_typed():
    from synthesis.publish import UNLISTED, published_categories
    from synthesis.questions import load_question_set

    typed = pd.DataFrame({"respondent_id": ["R1", "R2"], "region": ["Bob", "London"],
                          "organisation_type": ["jsmith", "Local authority"],
                          "uses_ai": ["jane.doe@kent.gov.uk", "In use"], "single_view": ["Kevin McAllister", ""],
                          "tool_source": [["Commercial", "Priya Patel"], ["In-house"]]})
    shown = published_categories(typed, load_question_set())
    assert shown["region"].tolist() == [UNLISTED, "London"]
    assert shown["organisation_type"].tolist() == [UNLISTED, "Local authority"]
    assert shown["uses_ai"].tolist() == [UNLISTED, "In use"]  # every choice question, not only the two above
    assert shown["single_view"].tolist() == [UNLISTED, ""]
    assert shown["tool_source"].tolist() == [["Commercial", UNLISTED], ["In-house"]]


def test_each_section_counts_only_the_answers_to_its_own_question(tmp_path):
    """40 respondents; funding is named in barriers by half of them and in support by the other half."""
    from synthesis import publish, report

    rows = []
    for i in range(40):
        rows.append({
            "respondent_id": f"R{i:02d}", "organisation_type": "Local authority", "region": "London",
            "confidential": "No", "uses_ai": "In use",
            "tools_used": "We use Magic Notes to transcribe home visits.",
            "impact": "It saves time on admin every week.",
            "risks_ethics": "Every summary is checked by the social worker before it is saved.",
            "barriers": "Lack of funding is the main barrier." if i % 2 else "Legacy systems do not talk to each other.",
            "barriers_overcome": "Not overcome - we are still working on it.",
            "support_needed": "We need national guidance." if i % 2 else "We need ring-fenced funding for licences.",
        })
    path = tmp_path / "forty.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    b = publish.prepare(input_path=str(path), write_files=False, display=False, use_cache=False, suppress_below=3)
    tables = report.tables(b)
    count = {name: dict(zip(t["theme"], t["respondents"])) for name, t in tables.items() if "theme" in t}
    assert count["barriers"]["barrier.funding"] == 20  # only the barriers answers count here
    assert count["support_themes"]["support.funding"] == 20
    assert count["purposes"]["use.transcription"] == 40
    assert count["impact"]["impact.time_saving"] == 40
    assert count["barriers_overcome"]["overcome.not_yet"] == 40
    assert all(t.startswith("support.") for t in count["support_themes"])
    assert set(tables["barriers"]["question_id"]) == {"barriers"} and set(tables["barriers"]["answered"]) == {40}


def test_a_default_run_folder_that_is_not_ours_gets_a_new_name_and_empty_folders_do_not_count(tmp_path):
    from synthesis.runfolder import claim

    default = tmp_path / "2026-12-01_briefing"
    (default / "published" / "tables").mkdir(parents=True)
    assert claim(default, default=True) == default  # only empty folders: nothing to protect
    (default / "notes.txt").write_text("mine", encoding="utf-8")
    assert claim(default, default=True) == tmp_path / "2026-12-01_briefing_2"
    with pytest.raises(InputError, match="not a folder this product made"):
        claim(default, replace=True)


def test_three_confidential_authorities_with_one_answer_cannot_be_read_off_the_map(tmp_path):
    """Red team, issue 13: three London authorities in confidence, all "Not using". The authorities' row of a
    table less the map's named authorities would be their answers, if they were counted anywhere."""
    from synthesis import publish, report
    from synthesis.paths import SAMPLE_PATH

    frame = pd.read_csv(SAMPLE_PATH, dtype=str, keep_default_na=False)
    london = frame.index[(frame["region"] == "London") & (frame["organisation_type"] == "Local authority")]
    frame.loc[london, "confidential"] = "No"
    frame.loc[london[:3], ["confidential", "uses_ai"]] = ["Yes", "Not using"]
    frame.to_csv(tmp_path / "pool.csv", index=False)
    b = publish.prepare(input_path=str(tmp_path / "pool.csv"), write_files=False, display=False, use_cache=False,
                        filter_region="London")
    tables = report.tables(b)
    drawn = b.coverage[b.coverage["region"] == "London"]["uses_ai"].value_counts()
    authorities = tables["uses_ai_by_organisation_type"].query("organisation_type == 'Local authority'")
    assert set(authorities["row_total"]) == {len(london) - 3}
    for status, shown in zip(authorities["uses_ai"], authorities["respondents"]):
        if not pd.isna(shown):
            assert shown == drawn.get(status, 0), status
    listed = tables["uses_ai"]
    assert listed["uses_ai"].tolist()[:5] == analyse.USES_AI_ORDER  # every option, a zero one included
    in_london = frame[frame["region"] == "London"]
    assert b.withheld_confidential == int((in_london["confidential"] == "Yes").sum())  # the three and any other


def test_a_briefing_where_nobody_uses_ai_counts_its_sections_from_an_empty_base():
    from synthesis.analyse.themes import SECTIONS, section_counts

    nobody = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(12)], "uses_ai": ["Not using"] * 12,
                           "impact": ["It would save time."] * 12})
    mentions = pd.DataFrame(columns=["respondent_id", "question_id", "kind", "label", "sentence_id"])
    counts = section_counts(nobody, mentions, SECTIONS["impact"])
    assert set(counts["asked"]) <= {0} and counts["respondents"].fillna(0).sum() == 0


def test_the_status_marking_is_published_redacted():
    from synthesis import publish

    b = publish.prepare(write_files=False, display=False, status_marking="OFFICIAL - for Priya Patel only")
    assert b.params["status_marking"] == "OFFICIAL - for [NAME] only"
    assert "Priya" not in str(b.manifest())


def test_a_small_number_of_confidential_responses_left_out_is_not_stated_exactly():
    assert disclosure.shown_count(1, 3) == disclosure.shown_count(2, 3) == "fewer than 3"
    assert disclosure.shown_count(0, 3) == 0 and disclosure.shown_count(8, 3) == 8
    assert disclosure.shown_count(1, 1) == 1  # no suppression asked for


def test_the_map_caption_counts_each_authority_once_by_its_own_answer():
    """Red team 3: authorities sharing a hexagon were both counted with the hexagon's colour."""
    from synthesis import publish, report

    b = publish.prepare(write_files=False, display=False)
    report.tables(b)
    counts = report.map_answers(b.coverage)
    assert int(counts.sum()) == 153  # every authority once
    assert int(counts.drop("No response").sum()) == int(b.coverage["responded"].sum())


def test_a_group_briefing_states_no_number_of_confidential_responses():
    from synthesis import publish

    national = publish.prepare(write_files=False, display=False)
    regional = publish.prepare(write_files=False, display=False, filter_region="London")
    assert national.confidential_not_counted == national.withheld_confidential > 0
    assert regional.confidential_not_counted is None and regional.withheld_confidential > 0
    assert not any(ch.isdigit() for ch in regional.confidential_sentence)


def test_a_sum_of_list_answers_is_stated_only_when_it_reveals_no_hidden_cell():
    listed = pd.DataFrame({"uses_ai": analyse.USES_AI_ORDER, "respondents": pd.array([6, pd.NA, 5, 3, pd.NA], "Int64")})
    assert not disclosure.sum_is_safe(listed, "uses_ai", analyse.USING_AI)  # 7 asked less 6 in use: 1 piloting
    both = listed.assign(respondents=pd.array([pd.NA, pd.NA, 5, 3, 9], "Int64"))
    assert disclosure.sum_is_safe(both, "uses_ai", analyse.USING_AI)  # the total less the shown cells anyway
    shown = listed.assign(respondents=pd.array([6, 4, pd.NA, 3, pd.NA], "Int64"))
    assert disclosure.sum_is_safe(shown, "uses_ai", analyse.USING_AI)


def test_a_region_briefing_states_no_users_base_that_would_reveal_its_piloting_count(tmp_path):
    """Red team 2: "Base: 7 respondents who use or pilot AI asked" beside "In use 6" gave Piloting 1."""
    from synthesis import publish, report
    from synthesis.paths import SAMPLE_PATH

    frame = pd.read_csv(SAMPLE_PATH, dtype=str, keep_default_na=False)
    region = (frame["region"] == "North East") & (frame["confidential"] != "Yes")
    rows = frame.index[region]
    frame.loc[rows, "uses_ai"] = ["Piloting"] + ["In use"] * 6 + [("Planning", "Not using")[i % 2] for i in range(len(rows) - 7)]
    frame.to_csv(tmp_path / "pilot.csv", index=False)
    b = publish.prepare(input_path=str(tmp_path / "pilot.csv"), write_files=False, display=False, use_cache=False,
                        filter_region="North East")
    tables = report.tables(b)
    listed = tables["uses_ai"].set_index("uses_ai")["respondents"]
    assert pd.isna(listed["Piloting"]) and listed["In use"] == 6
    for name in ("purposes", "impact"):
        section = tables[name]
        assert section["asked"].isna().all() and section["answered"].isna().all() and section["percent"].isna().all()
        assert not any(ch.isdigit() for ch in report.base_sentence(section)), name
    assert not tables["barriers"]["asked"].isna().any()  # a base of everyone is the published total
    for line in analyse.headlines(b.n, b.threshold, tables["respondents_by_type"], tables["uses_ai_by_organisation_type"],
                                  tables["coverage_by_region"], tables["tool_register"],
                                  {n: tables[n] for n in ("purposes", "impact")}):
        assert " of 7 " not in line and " of 6 " not in line


def test_the_register_total_of_users_cannot_give_a_single_hidden_status():
    """Red team 2: organisations 23 less in use 10, planned 4, stopped 3 and mentioned 5 gave piloting 1."""
    register = pd.DataFrame([{"tool": "Copilot", "organisations": 23, "in_use": 10, "piloting": 1, "planned": 4,
                              "stopped": 3, "not_used": 2, "supplied": 0, "mentioned": 5, "status": ""}])
    shown, _ = disclosure.protect_register(register, 3)
    row = shown.iloc[0]
    users = ["in_use", "piloting", "planned", "stopped", "mentioned"]
    assert pd.isna(row["piloting"]) and row["organisations"] == 23
    assert sum(pd.isna(row[c]) for c in users) >= 2 and pd.isna(row["stopped"])  # the next smallest user status
    # the row's own second cell is "supplied", outside the users' total: one more user status goes
    supplied = register.assign(planned=4, stopped=5, not_used=6, supplied=3, organisations=25)
    row = disclosure.protect_register(supplied, 3)[0].iloc[0]
    assert pd.isna(row["supplied"]) and pd.isna(row["planned"]) and row["organisations"] == 25
    assert "planned or considered suppressed" in row["status"]


@pytest.mark.parametrize("counts", [
    {"in_use": 5, "piloting": 1, "not_used": 4},  # red team 5: the hidden user statuses added up to 1
    {"in_use": 9, "piloting": 1, "supplied": 1},
    {"in_use": 6, "piloting": 1, "planned": 3},
    {"in_use": 10, "piloting": 1, "planned": 4, "stopped": 3, "not_used": 2, "mentioned": 5},
])
def test_the_register_total_less_the_shown_user_statuses_is_zero_or_not_small(counts):
    statuses = ["in_use", "piloting", "planned", "stopped", "not_used", "supplied", "mentioned"]
    users = ["in_use", "piloting", "planned", "stopped", "mentioned"]
    row = {c: counts.get(c, 0) for c in statuses}
    register = pd.DataFrame([{"tool": "T", **row, "organisations": sum(row[c] for c in users), "status": ""}])
    shown = disclosure.protect_register(register, 3)[0].iloc[0]
    if not pd.isna(shown["organisations"]):
        rest = shown["organisations"] - sum(0 if pd.isna(shown[c]) else shown[c] for c in users)
        assert rest == 0 or rest >= 3


def test_a_users_only_base_says_everyone_was_asked():
    """Analyst review: "Base: 93 respondents who use or pilot AI asked" read as if only they were asked."""
    section = pd.DataFrame([{"base": "respondents who use or pilot AI who answered this question",
                             "asked": 93, "answered": 90}])
    sentence = report.base_sentence(section)
    assert sentence.startswith("Base: the 93 respondents who use or pilot AI (every respondent was asked; ")
    assert "90 of them answered" in sentence
    everyone = pd.DataFrame([{"base": "respondents who answered this question", "asked": 172, "answered": 168}])
    assert report.base_sentence(everyone).startswith("Base: 172 respondents asked; 168 answered;")


def test_a_closed_question_base_states_who_gave_no_answer():
    people = pd.DataFrame({"respondent_id": list("ABCD"), "single_view": ["Limited", "Extensive", "", "Limited"]})
    table = analyse.choice_counts(people, "single_view", analyse.SINGLE_VIEW_ORDER)
    assert report.choice_base(table).startswith("Base: 4 respondents asked; 3 answered (1 gave no answer);")
    assert "(" not in report.choice_base(table.assign(asked=3))


def test_the_single_view_sentence_states_plans_apart_and_never_a_hidden_count():
    table = pd.DataFrame({"answer": list(analyse.SINGLE_VIEW_USE), "respondents": pd.array([20, 2, 18], dtype="Int64"),
                          "percent": [50.0, 5.0, 45.0], "answered": 40})
    assert report.single_view_sentence(table).startswith("Of the 40 respondents who described their single-view systems, "
                                                         "20 (50%) describe one they have or use. A further 2 (5%)")
    shown, _ = disclosure.protect(table, 3, total=True)
    sentence = report.single_view_sentence(shown)
    assert "too small to show" in sentence and " 2 " not in sentence
