"""Aggregation functions: hand-written inputs, hand-checked answers."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from synthesis import analyse


def _lines_ok(masked: pd.DataFrame) -> bool:
    """No row or column has exactly one hidden cell (else the total would reveal it)."""
    hidden = masked.isna()
    rows = hidden.sum(axis=1) if masked.shape[1] > 1 else pd.Series([0])
    return not (hidden.sum(axis=0) == 1).any() and not (rows == 1).any()


# --------------------------------------------------------------------------------------------- suppression


def test_primary_and_secondary_suppression_in_a_list():
    table = pd.DataFrame({"n": [10, 2, 7, 0]}, index=list("abcd"))
    masked = analyse.suppress_counts(table, 3)
    assert masked["n"].isna().tolist() == [False, True, True, True]  # 2 is small; 7 hides it from the total
    # and the zero beside them is hidden too: shown, it would narrow down what the hidden cells hold


def test_zeros_are_shown_in_lines_without_a_hidden_cell():
    table = pd.DataFrame({"x": [5, 4], "y": [0, 9]}, index=["p", "q"])
    masked = analyse.suppress_counts(table, 3, margins=True)
    assert masked.loc["p", "y"] == 0 and not masked.isna().any().any()


def test_a_single_small_answer_beside_zeros_reveals_nothing():
    # one respondent in a row, every other cell of the row zero: the zeros would give the answer away
    table = pd.DataFrame({"In use": [1, 6], "Piloting": [0, 4], "Not using": [0, 5]}, index=["Isle", "Rest"])
    masked = analyse.suppress_counts(table, 3, margins=True)
    assert masked.loc["Isle", ["In use", "Piloting", "Not using"]].isna().all()
    assert pd.isna(masked.loc["Isle", "Total"])
    assert _lines_ok(masked)


def test_nothing_suppressed_when_all_counts_are_large():
    table = pd.DataFrame({"n": [10, 5, 3]}, index=list("abc"))
    assert not analyse.suppress_counts(table, 3)["n"].isna().any()


def test_threshold_of_one_suppresses_nothing():
    table = pd.DataFrame({"n": [1, 2]}, index=list("ab"))
    assert not analyse.suppress_counts(table, 1)["n"].isna().any()


def test_two_way_table_with_margins_never_leaves_a_single_hidden_cell():
    table = pd.DataFrame({"x": [5, 1, 7], "y": [4, 6, 8]}, index=["p", "q", "r"])
    masked = analyse.suppress_counts(table, 3, margins=True)
    assert pd.isna(masked.loc["q", "x"])
    assert masked.loc["Total", "Total"] == 31  # the grand total stays
    assert _lines_ok(masked)


def test_small_row_totals_are_suppressed_too():
    table = pd.DataFrame({"x": [2, 10], "y": [0, 9]}, index=["small", "big"])
    masked = analyse.suppress_counts(table, 3, margins=True)
    assert pd.isna(masked.loc["small", "Total"])
    assert _lines_ok(masked)


def test_count_by_suppressed_hides_percent_as_well(responses):
    table = analyse.count_by_suppressed(responses, "region", 3, analyse.REGIONS)
    london = table[table["region"] == "London"].iloc[0]
    assert london["respondents"] == 3 and not london["suppressed"]
    small = table[table["suppressed"]]
    assert len(small) == 3 and small["percent"].isna().all()


def test_crosstab_long_form_and_suppression(responses):
    long = analyse.crosstab(responses, "region", "uses_ai", analyse.REGIONS, analyse.USES_AI_ORDER, threshold=0)
    london = long[long["region"] == "London"].set_index("uses_ai")
    assert london.loc["In use", "respondents"] == 1
    assert london.loc["In use", "row_total"] == 3
    assert london.loc["In use", "percent"] == pytest.approx(100 / 3)  # 1 of 3, unrounded
    assert set(analyse.USES_AI_ORDER) <= set(long["uses_ai"])  # every option, even with no answers
    suppressed = analyse.crosstab(responses, "region", "uses_ai", analyse.REGIONS, analyse.USES_AI_ORDER, threshold=2)
    assert suppressed["suppressed"].any()
    assert suppressed.loc[suppressed["suppressed"], "percent"].isna().all()


# --------------------------------------------------------------------------------------------- who responded


def test_count_by_keeps_order_and_counts_missing_as_no_answer(responses):
    table = analyse.count_by(responses, "uses_ai", analyse.USES_AI_ORDER)
    assert table["uses_ai"].tolist() == ["In use", "Piloting", "Planning", "Not using", analyse.NO_ANSWER]
    assert table["respondents"].tolist() == [2, 1, 1, 1, 1]
    assert table["percent"].sum() == pytest.approx(100, abs=0.5)


def test_responses_over_time_counts_weeks_and_skips_unparseable_dates(responses):
    table = analyse.responses_over_time(responses)
    assert table["week"].tolist() == ["2025-02-24", "2025-03-03"]  # Saturday 1 March is in the week of Monday 24 Feb
    assert table["respondents"].tolist() == [2, 3]
    assert "cumulative" not in table  # a running total beside a hidden week would give it away


def test_la_coverage_draws_confidential_authorities_as_not_responding(responses, local_authorities):
    cov = analyse.la_coverage(responses, local_authorities).set_index("la_code")
    assert cov.loc["E09000002", "uses_ai"] == "In use"
    assert cov.loc["E09000003", "uses_ai"] == "No response"  # R2 is confidential: drawing it would single it out
    assert not cov.loc["E09000003", "responded"]
    assert cov.loc["E06000063", "uses_ai"] == "No response"
    assert int(cov["responded"].sum()) == 2


def test_la_coverage_marks_authorities_outside_a_regional_briefing(responses, local_authorities):
    cov = analyse.la_coverage(responses, local_authorities, region="London").set_index("la_code")
    assert cov.loc["E06000001", "uses_ai"] == analyse.OUTSIDE
    assert cov.loc["E09000002", "uses_ai"] == "In use"


def test_coverage_by_region(responses, local_authorities):
    table = analyse.coverage_by_region(analyse.la_coverage(responses, local_authorities)).set_index("region")
    assert table.loc["London", "authorities"] == 2 and table.loc["London", "responded"] == 1  # one in confidence
    assert table.loc["North West", "percent"] == 0.0


def test_hex_cells_share_hexes_and_report_what_is_not_drawn(responses, local_authorities, hexjson):
    cells, not_drawn = analyse.hex_cells(analyse.la_coverage(responses, local_authorities), hexjson)
    assert not_drawn == ["Newshire"]
    barking = cells.set_index("hex_code").loc["E09000002"]  # odd row: shifted half a hex right
    assert barking["x"] == 15.5 and barking["y"] == pytest.approx(5 * math.sqrt(3) / 2)
    barnet = cells.set_index("hex_code").loc["E09000003"]  # even row: not shifted
    assert barnet["x"] == 11 and barnet["scale"] == 1


def test_a_hex_split_between_successors_shows_each_one_its_own_answer(local_authorities, hexjson):
    """Cumberland answered, Westmorland and Furness did not: Cumbria's hex must not colour both by one answer."""
    people = pd.DataFrame({"respondent_id": ["A", "B"], "organisation_type": "Local authority", "region": "North West",
                           "la_code": ["E06000063", "E06000001"], "confidential": False, "uses_ai": ["Not using", "In use"]})
    cells, _ = analyse.hex_cells(analyse.la_coverage(people, local_authorities), hexjson)
    cumbria = cells[cells["hex_code"] == "E10000006"].set_index("names")
    assert cumbria.loc["Cumberland", "status"] == "Not using"
    assert cumbria.loc["Westmorland and Furness", "status"] == "No response"
    assert set(cumbria["scale"]) == {0.5} and set(cumbria["y"]) == {17 * math.sqrt(3) / 2}
    assert sorted(cumbria["x"]) == [6.25, 6.75]  # side by side inside the hex (odd row, shifted half a hex)
    assert cells.groupby("la_code").size().max() == 1


# --------------------------------------------------------------------------------------------- adoption and tools


def test_tool_source_mix_reads_multi_choice_lists(responses):
    table = analyse.tool_source_mix(responses).set_index("tool_source")
    assert table.loc["Commercial only", "respondents"] == 2
    assert table.loc["Both commercial and in-house", "respondents"] == 1
    assert table.loc["In-house only", "respondents"] == 1
    assert analyse.NO_ANSWER not in table.index  # a blank is in the base, not a bar
    assert (table["asked"].iloc[0], table["answered"].iloc[0]) == (6, 5)


def test_choice_counts_give_shares_of_those_who_answered():
    people = pd.DataFrame({"respondent_id": list("ABCDE"), "uses_ai": ["In use", "In use", "Planning", None, "  "]})
    table = analyse.choice_counts(people, "uses_ai", analyse.USES_AI_ORDER, keep_empty=True).set_index("uses_ai")
    assert analyse.NO_ANSWER not in table.index
    assert table.loc["In use", "respondents"] == 2 and table.loc["In use", "percent"] == pytest.approx(200 / 3)
    assert table.loc["Piloting", "respondents"] == 0
    assert table["percent"].sum() == pytest.approx(100)
    assert set(table["asked"]) == {5} and set(table["answered"]) == {3}


def test_adoption_headline_counts_local_authorities(responses):
    head = analyse.adoption_headline(responses)
    assert head == {"using": 2, "responding": 3, "percent": pytest.approx(200 / 3), "local_authorities": True}


def test_tool_register_statuses_and_organisations(mentions):
    register = analyse.tool_register(mentions).set_index("tool")
    magic = register.loc["Magic Notes"]
    assert (magic["in_use"], magic["piloting"], magic["stopped"]) == (1, 1, 1)
    assert magic["organisations"] == 3 and magic["vendor"] == "Beam" and magic["known"]
    copilot = register.loc["Microsoft Copilot"]
    assert copilot["not_used"] == 1 and copilot["organisations"] == 1  # "we do not use" is not an organisation using it
    assert analyse.tool_register(mentions)["tool"].iloc[0] == "Magic Notes"  # most named first


def _with_supplier(mentions: pd.DataFrame) -> pd.DataFrame:
    """R5 supplies Fenwick Assist, built on OpenAI, and says elsewhere what its product does."""
    pitch = "Fenwick Assist (an assistant) - using models from OpenAI. Live in 16 councils."
    fenwick = {"kind": "tool", "respondent_id": "R5", "question_id": "tools_used", "label": "Fenwick Assist",
               "text": "Fenwick Assist", "sentence": pitch, "negated": False, "status": "supplied", "known": False,
               "provenance": "unknown", "part_of": None}
    rows = [fenwick,
            {**fenwick, "label": "OpenAI", "text": "OpenAI", "part_of": "Fenwick Assist"},
            {**fenwick, "question_id": "single_view_detail", "status": "in_use",
             "sentence": "Fenwick Assist integrates with case management systems."},
            {**fenwick, "kind": "theme", "label": "use.drafting", "status": None, "known": None}]
    return pd.concat([mentions.assign(part_of=None), pd.DataFrame(rows)], ignore_index=True)


def test_register_counts_neither_components_nor_a_supplier_as_users(mentions):
    extra = _with_supplier(mentions)
    register = analyse.tool_register(extra).set_index("tool")
    assert "OpenAI" not in register.index and len(register) == 4  # Fenwick Assist, not the model inside it
    fenwick = register.loc["Fenwick Assist"]
    assert (fenwick["supplied"], fenwick["in_use"], fenwick["organisations"]) == (1, 0, 0)
    assert "OpenAI" not in set(analyse.tool_theme_matrix(extra)["tool"])
    assert "Fenwick Assist" in set(analyse.tool_theme_matrix(extra)["tool"])


def test_tool_status_long_has_one_row_per_tool_and_status(mentions):
    long = analyse.tool_status_long(analyse.tool_register(mentions))
    assert len(long) == 3 * len(analyse.STATUS_ORDER)
    assert long["respondents"].sum() == 6


def test_discovered_tools_lists_only_unknown_names(mentions):
    found = analyse.discovered_tools(mentions)
    assert len(found) == 1 and found["tool"].iloc[0].startswith("<script>")


def test_empty_mentions_give_empty_tables():
    empty = pd.DataFrame(columns=analyse.MENTION_COLUMNS)
    assert analyse.tool_register(empty).empty
    assert analyse.theme_counts(empty, "use", 5).empty
    assert analyse.barrier_links(pd.DataFrame(columns=["respondent_id"]), empty).empty
    assert analyse.tool_theme_matrix(empty).empty


# --------------------------------------------------------------------------------------------- themes


def test_theme_counts_ignore_denied_themes_and_add_zero_rows(mentions):
    risks = analyse.theme_counts(mentions, "risk", 6, all_themes=["risk.privacy", "risk.bias", "use.drafting"])
    assert risks.set_index("theme")["respondents"].to_dict() == {"risk.privacy": 1, "risk.bias": 0}
    assert risks["label"].tolist() == ["Privacy", "Bias"]


def test_theme_counts_use_codebook_labels_and_question_filter(mentions):
    labels = {"impact.time_saving": "Time saved"}
    table = analyse.theme_counts(mentions, None, 6, labels, question_id="impact")
    assert table["label"].tolist() == ["Time saved"]
    assert table["percent"].iloc[0] == pytest.approx(100 / 6)  # 1 of 6 respondents


def test_barrier_links_pair_barriers_with_how_the_same_respondent_overcame_them(responses, mentions):
    extra = mentions.copy()
    row = extra.iloc[4].to_dict()  # R1's barriers_overcome answer
    extra.loc[len(extra)] = {**row, "label": "overcome.pilot_evidence", "text": "pilot"}
    answers = responses.assign(barriers_overcome=["We ran a pilot.", "Not much to say.", None, None, None, None])
    links = analyse.barrier_links(answers, extra)
    pairs = {(b, o): n for b, o, n in zip(links["barrier"], links["overcome"], links["respondents"])}
    assert pairs[("barrier.funding", "overcome.pilot_evidence")] == 1  # R1
    assert ("barrier.funding", "governance.evaluation") not in pairs  # only ways of overcoming are outcomes
    assert pairs[("barrier.funding", "none")] == 1  # R2 answered, but nothing codable about overcoming it
    assert pairs[("barrier.skills", "none")] == 1
    assert "Answer not coded" in set(links["overcome_label"])


def test_not_yet_overcome_is_its_own_outcome_and_silence_is_not_overcoming(responses, mentions):
    extra = mentions.copy()
    row = extra.iloc[4].to_dict()
    extra.loc[len(extra)] = {**row, "respondent_id": "R2", "label": "overcome.not_yet", "text": "still looking"}
    answers = responses.assign(barriers_overcome=[None, "Not overcome: still looking for funding.", None, None, None, None])
    links = analyse.barrier_links(answers, extra)
    outcomes = dict(zip(zip(links["barrier"], links["overcome"]), links["overcome_label"]))
    assert outcomes[("barrier.funding", "overcome.not_yet")] == "Not yet overcome"
    assert outcomes[("barrier.funding", "unanswered")] == "Did not say"  # R1 gave no answer here


def test_tool_theme_matrix_links_tools_and_themes_by_respondent(mentions):
    matrix = analyse.tool_theme_matrix(mentions)
    cells = {(t, th): n for t, th, n in zip(matrix["tool"], matrix["theme"], matrix["respondents"])}
    assert cells[("Magic Notes", "use.transcription")] == 1
    assert cells[("Magic Notes", "barrier.funding")] == 2  # R1 and R2
    assert ("Microsoft Copilot", "use.drafting") in cells
    assert not any(t == "Microsoft Copilot" and n > 1 for (t, _), n in cells.items())  # R6 does not use it


def test_single_view_tools(mentions, sentences):
    extra = sentences.copy()
    extra.loc[len(extra)] = ["R3", "single_view_detail", 0, 0, 10, "Power BI joins our data.", ["use.single_view"], ["Power BI"]]
    table = analyse.single_view_tools(mentions, extra)
    assert table.to_dict("records") == [{"tool": "Power BI", "respondents": 1}]


def test_keywords_prefer_phrases_and_need_two_respondents(sentences):
    support = sentences[sentences["question_id"] == "support_needed"]
    words = analyse.keywords(support, top=10)
    assert "national guidance" in set(words["keyword"])
    assert "national" not in set(words["keyword"])  # only ever seen inside the phrase
    assert "funding" not in set(words["keyword"])  # one respondent only


# --------------------------------------------------------------------------------------------- quotes and exploring


def test_quotes_never_come_from_confidential_respondents(sentences, responses):
    quotes = analyse.representative_quotes(sentences, responses, max_per_theme=5)
    assert "R2" not in set(quotes["respondent_id"])
    assert set(quotes["theme"]) >= {"use.transcription", "impact.time_saving", "risk.privacy"}
    assert quotes.groupby("theme").size().max() <= 5
    assert quotes.set_index("respondent_id").loc["R1"].iloc[0]["attribution"] == "Local authority, London"


def test_quotes_respect_the_maximum_and_skip_repeated_text(sentences, responses):
    repeated = pd.concat([sentences, sentences.assign(respondent_id="R3")], ignore_index=True)
    quotes = analyse.representative_quotes(repeated, responses, max_per_theme=1)
    assert quotes.groupby("theme").size().max() == 1
    both = analyse.representative_quotes(repeated, responses, max_per_theme=3)
    assert not both.duplicated(["theme", "quote"]).any()


def test_quotes_skip_near_repeats_of_a_quote_already_taken(responses):
    rows = [
        ("R1", "Staff with dyslexia describe the tool as a reasonable adjustment that actually works for them."),
        ("R3", "Also, staff with dyslexia describe the tool as a reasonable adjustment that actually works."),
        ("R4", "Two colleagues with dyslexia say writing up visits no longer fills them with dread."),
    ]
    sentences = pd.DataFrame({
        "respondent_id": [r for r, _ in rows], "question_id": ["impact"] * 3, "sentence_index": [0, 0, 0],
        "sentence": [t for _, t in rows], "themes": [["impact.accessibility"]] * 3, "tools": [[]] * 3,
    })
    people = pd.concat([responses, responses.iloc[:2].assign(respondent_id=["R3", "R4"], confidential=False)],
                       ignore_index=True)
    quotes = analyse.representative_quotes(sentences, people, max_per_theme=3)
    assert len(quotes) == 2
    assert rows[2][1] in set(quotes["quote"])
    assert sum("reasonable adjustment" in q for q in quotes["quote"]) == 1


def test_quote_table_excludes_confidential_and_uncoded_sentences(sentences, responses):
    table = analyse.quote_table(sentences, responses, {"use.drafting": "Drafting"})
    assert "R2" not in set(table["respondent_id"])
    assert "We sell software to councils." not in set(table["sentence"])
    assert list(table.columns) == ["respondent_id", "organisation_type", "region", "question_id", "themes", "tools", "sentence"]


def test_uncoded_sentences(sentences):
    uncoded = analyse.uncoded_sentences(sentences, min_length=10)
    assert set(uncoded["question_id"]) == {"support_needed", "tools_used"}
    assert "Funding." not in set(uncoded["sentence"])


def test_keyword_in_context(sentences):
    hits = analyse.keyword_in_context(sentences, "GUIDANCE", width=10)
    assert len(hits) == 2
    assert hits["match"].str.lower().eq("guidance").all()
    assert hits.iloc[0]["left"] == "National "
    assert analyse.keyword_in_context(sentences, r"transcrib\w+", regex=True)["match"].tolist() == ["transcribe", "transcribe"]


def test_drill_down_from_a_tool_to_its_respondents(mentions, sentences, responses):
    rows = analyse.drill_down("Magic Notes", mentions, sentences, responses)
    assert rows["respondent_id"].tolist() == ["R1", "R2", "R3"]
    assert rows["confidential"].tolist() == [False, True, False]


def test_codebook_coverage(sentences):
    by_question, by_theme = analyse.codebook_coverage(sentences, ["use.transcription", "use.translation"])
    tools = by_question.set_index("question_id").loc["tools_used"]
    assert (tools["sentences"], tools["coded"]) == (4, 3)
    assert by_theme.set_index("theme").loc["use.translation", "sentences"] == 0


def _headline_tables(responses, mentions, local_authorities, threshold, region=None):
    types = analyse.count_by(responses, "organisation_type", analyse.ORGANISATION_TYPES)
    by_type = analyse.crosstab(responses, "organisation_type", "uses_ai", analyse.ORGANISATION_TYPES,
                               analyse.USES_AI_ORDER, threshold)
    coverage = analyse.la_coverage(responses, local_authorities, region=region)
    regions = analyse.coverage_by_region(coverage[coverage["uses_ai"] != analyse.OUTSIDE])
    register = analyse.protect_register(analyse.tool_register(mentions), threshold)[0]
    sections = {name: analyse.protect(analyse.section_counts(responses, mentions, section), threshold)[0]
                for name, section in analyse.SECTIONS.items()}
    return types, by_type, regions, register, sections


def test_headlines_are_sentences_computed_from_the_protected_tables(responses, mentions, local_authorities):
    answered = responses.assign(tools_used=["Magic Notes.", "Copilot.", "Magic Notes.", "x", None, "y"])
    lines = analyse.headlines(len(answered), 1, *_headline_tables(answered, mentions, local_authorities, 1))
    assert "2 of 3 responses from local authorities (67%) say they use or pilot AI tools." in lines
    assert any("Magic Notes (3 organisations)" in line for line in lines)  # in use, piloting and stopped all count
    assert any(line.startswith("The most common purpose") and "who use or pilot AI" in line for line in lines)
    assert analyse.headlines(0, 1, *_headline_tables(answered, mentions, local_authorities, 1)) == [
        "No responses match this briefing's filters."]


def test_the_tools_headline_says_when_it_counts_tools_that_no_respondent_uses(responses, mentions, local_authorities):
    types, by_type, regions, register, sections = _headline_tables(responses, mentions, local_authorities, 1)
    used = analyse.headlines(len(responses), 1, types, by_type, regions, register[register["organisations"] > 0],
                             sections)
    assert any(re.match(r"\d+ distinct tools were named; the most often named is", line) for line in used)
    supplied_only = pd.concat([register, register.iloc[[0]].assign(tool="Supplier Suite", organisations=0)])
    lines = analyse.headlines(len(responses), 1, types, by_type, regions, supplied_only, sections)
    assert any(f"{len(supplied_only)} distinct tools were named (some only by their suppliers or by respondents who "
               "do not use them)" in line for line in lines)


def test_headlines_state_no_small_or_hidden_count(responses, mentions, local_authorities):
    lines = analyse.headlines(len(responses), 3, *_headline_tables(responses, mentions, local_authorities, 3))
    assert not any("use or pilot AI tools" in line for line in lines)  # 2 of 3: the 2 is below the threshold
    assert not any(line.startswith("The most common purpose") for line in lines)  # every purpose count is below 3


def test_filter_and_restrict(responses, mentions):
    london = analyse.filter_responses(responses, region="London")
    assert london["respondent_id"].tolist() == ["R1", "R2", "R4"]
    las = analyse.filter_responses(responses, region="London", organisation_type="Local authority")
    assert las["respondent_id"].tolist() == ["R1", "R2"]
    assert set(analyse.restrict(mentions, las["respondent_id"])["respondent_id"]) == {"R1", "R2"}
    assert analyse.filter_responses(responses, "", "").shape == responses.shape


def test_regional_headline_counts_only_authorities_in_the_region(responses, local_authorities):
    london = analyse.filter_responses(responses, region="London")
    empty = pd.DataFrame(columns=analyse.MENTION_COLUMNS)
    tables = _headline_tables(london, empty, local_authorities, 1, region="London")
    lines = analyse.headlines(len(london), 1, *tables, region="London")
    assert ("1 of the 2 local authorities with children's services in London responded and agreed to be named (50%)."
            in lines)


def _many_sentences(n_per_theme: dict[str, int]) -> pd.DataFrame:
    rows = []
    for theme, n in n_per_theme.items():
        for i in range(n):
            rows.append({"respondent_id": f"R{i:04d}", "question_id": "impact", "sentence_index": len(rows),
                         "start": 0, "end": 10, "sentence": f"{theme} sentence {i}", "themes": [theme] if theme else [],
                         "tools": [] if theme else ["Magic Notes"]})
    return pd.DataFrame(rows)


def test_spread_by_theme_caps_rows_and_shares_them_between_themes():
    sentences = _many_sentences({"use.drafting": 500, "risk.bias": 30, "impact.quality": 200, "": 100})
    picked = analyse.spread_by_theme(sentences, 200)
    assert len(picked) == 200
    per_theme = picked["themes"].map(lambda t: t[0] if t else "").value_counts().to_dict()
    assert per_theme == {"impact.quality": 57, "risk.bias": 30, "use.drafting": 57, "": 56}  # bias has only 30
    assert list(picked.index) == sorted(picked.index)  # original order kept
    assert picked.equals(analyse.spread_by_theme(sentences.copy(), 200))  # deterministic
    drafting = picked[picked["themes"].map(lambda t: t == ["use.drafting"])]
    assert drafting["respondent_id"].max() > "R0100"  # spread over respondents, not the first ids
    assert analyse.spread_by_theme(sentences, 5000).equals(sentences)
    assert analyse.spread_by_theme(sentences, 0).empty


def test_spread_by_theme_takes_a_sentence_with_several_themes_once():
    sentences = _many_sentences({"use.drafting": 3})
    sentences["themes"] = [["use.drafting", "risk.bias"]] * 3
    assert len(analyse.spread_by_theme(sentences, 2)) == 2
    assert not analyse.spread_by_theme(sentences, 2).index.duplicated().any()


def test_quote_table_with_max_rows(sentences, responses):
    full = analyse.quote_table(sentences, responses)
    capped = analyse.quote_table(sentences, responses, max_rows=1)
    assert len(full) > 1 and len(capped) == 1
    assert list(capped.columns) == list(full.columns)
    assert capped.iloc[0]["sentence"] in set(full["sentence"])


def test_a_share_is_computed_once_from_the_counts_and_rounded_once():
    assert analyse.pct(6, 11) == pytest.approx(600 / 11)  # unrounded in the table
    assert analyse.percent_text(analyse.pct(6, 11)) == "55%"  # 54.5 then 54 was the old double rounding
    assert analyse.percent_text(analyse.pct(1, 8)) == "13%"  # a half is rounded up
    assert analyse.percent_text(analyse.pct(17, 380)) == "4%"  # 4.47: rounding to 4.5 first gave 5%
    assert analyse.percent_text(float("nan")) == "" and analyse.percent_text(None) == ""
    table = analyse.round_percents(pd.DataFrame({"respondents": [6], "percent": [analyse.pct(6, 11)]}))
    assert table["percent"].tolist() == [54.5] and table["respondents"].tolist() == [6]
    # tables round halves up as the text does (red team 4: 5 of 16 was 31.2 in a table); a half a hair
    # below itself in floating point still goes up
    halves = analyse.round_percents(pd.DataFrame({"percent": [analyse.pct(5, 16), 100 * 0.145, float("nan")]}))
    assert halves["percent"].tolist()[:2] == [31.3, 14.5] and pd.isna(halves["percent"].iloc[2])
    assert analyse.percent_text(100 * 0.145) == "15%" and analyse.percent_text(analyse.pct(29, 200)) == "15%"


def test_section_headline_shows_six_of_eleven_as_55_percent():
    responses = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(11)], "risks_ethics": ["Some risks."] * 11})
    rows = [{"respondent_id": f"R{i}", "question_id": "risks_ethics", "kind": "theme", "label": "risk.bias",
             "negated": False} for i in range(6)]
    mentions = pd.DataFrame(rows).reindex(columns=analyse.MENTION_COLUMNS)
    section = analyse.section_counts(responses, mentions, analyse.SECTIONS["risks"])
    empty = pd.DataFrame(columns=["organisation_type", "respondents", "percent"])
    lines = analyse.headlines(11, 1, empty, pd.DataFrame(columns=["organisation_type", "uses_ai", "respondents"]),
                              None, pd.DataFrame(), {"risks": section})
    assert any("(6 of 11 respondents who answered this question, 55%)" in line for line in lines)


@pytest.mark.parametrize("text", ["N/A", "None.", "n/a", "-", "No comment", " no comments. ", "Nothing to add.",
                                  "Don\u2019t know", "...", "NA", "Not applicable.", None, "", "  "])
def test_answers_that_say_nothing_are_non_answers(text):
    assert analyse.is_non_answer(text)


@pytest.mark.parametrize("text", ["No", "None at this time, but we plan a pilot", "N/A - we do not use AI yet",
                                  "We use none of these", "Nothing yet: still looking for funding"])
def test_short_or_negative_answers_that_say_something_are_answers(text):
    assert not analyse.is_non_answer(text)


def test_section_bases_leave_out_non_answers():
    answers = ["Bias in the model.", "N/A", "None.", "-", "No comment", "Privacy of records.", None]
    responses = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(7)], "risks_ethics": answers,
                              "uses_ai": ["In use"] * 7, "impact": ["n/a"] * 6 + ["Time saved."]})
    mentions = pd.DataFrame([{"respondent_id": "R0", "question_id": "risks_ethics", "kind": "theme",
                              "label": "risk.bias", "negated": False}]).reindex(columns=analyse.MENTION_COLUMNS)
    risks = analyse.section_counts(responses, mentions, analyse.SECTIONS["risks"])
    assert (risks["asked"].iloc[0], risks["answered"].iloc[0]) == (7, 2)
    assert risks.set_index("theme").loc["risk.bias", "percent"] == pytest.approx(50.0)  # 1 of the 2 who answered
    impact = analyse.section_counts(responses, mentions, analyse.SECTIONS["impact"], all_themes=["impact.cost"])
    assert impact["answered"].iloc[0] == 1


def test_a_non_answer_on_overcoming_barriers_is_did_not_say(responses, mentions):
    answers = responses.assign(barriers_overcome=["N/A", "Not much to say.", None, None, None, None])
    links = analyse.barrier_links(answers, mentions)
    outcomes = {(b, o) for b, o in zip(links["barrier"], links["overcome"]) if b == "barrier.funding"}
    assert ("barrier.funding", "unanswered") in outcomes  # R1 said "N/A": not an answer to code
    assert ("barrier.funding", "none") in outcomes  # R2 answered; nothing about overcoming was coded


def test_uncoded_support_answers_leave_out_non_answers():
    sentences = pd.DataFrame({"respondent_id": ["R1", "R2"], "question_id": ["support_needed"] * 2,
                              "sentence_index": [0, 0], "start": [0, 0], "end": [4, 30],
                              "sentence": ["N/A.", "Funding for a national licence."], "themes": [[], []],
                              "tools": [[], []]})
    near = analyse.nearest_theme(sentences, None, "support", "support_needed")
    assert near["sentence"].tolist() == ["Funding for a national licence."]


@pytest.mark.parametrize("sentence, found, denied, verdict", [
    ("Our dashboard pulls school and police data together for each family.", ["pulls school and police data"], [False], "in use"),
    ("We have no single view of the child.", ["single view"], [True], "denied"),
    ("The portal links our case records but it is not a single view.", ["links our case records"], [False], "denied"),
    ("It is not a single view as such, but our hub merges records from five services.", ["merges records"], [False], "in use"),
    ("We are building a single view with our health partners.", ["single view"], [False], "planned"),
    ("A joined-up family record will go live next spring.", ["joined-up family record"], [False], "planned"),
    ("Our single view does not yet hold housing data.", ["single view"], [False], "in use"),
])
def test_single_view_verdict(sentence, found, denied, verdict):
    assert analyse.single_view_verdict(sentence, found, denied) == verdict


def test_single_view_use_counts_only_those_who_have_one():
    people = pd.DataFrame({"respondent_id": ["A", "B", "C", "D", "E"],
                           "single_view_detail": ["Our hub joins the records.", "We do not have a single view.",
                                                  "We plan to build a single view.", "N/A", "Spreadsheets only."]})
    said = [("A", "Our hub joins the records.", "joins the records", False),
            ("A", "We plan to extend the single view.", "single view", False),
            ("B", "We do not have a single view.", "single view", True),
            ("C", "We plan to build a single view.", "single view", False)]
    mentions = pd.DataFrame([{"respondent_id": r, "question_id": "single_view_detail", "kind": "theme",
                              "label": "use.single_view", "sentence": s, "text": t, "negated": n} for r, s, t, n in said])
    table = analyse.single_view_use(people, mentions).set_index("answer")["respondents"]
    assert table.tolist() == [1, 1, 2]  # A has one; C only plans one; B denies, E describes none; D did not answer
    assert table.index.tolist() == list(analyse.SINGLE_VIEW_USE)


def test_section_quotes_quote_a_sentence_once_across_sections_of_one_question():
    people = pd.DataFrame({"respondent_id": ["A", "B", "C"], "organisation_type": "Local authority", "region": "London",
                           "confidential": False})
    both = "We publish an algorithm register entry and our ethics board reviews every new use case."
    risk_only = "Families have asked us to be open about where an algorithm shapes a decision about them."
    rows = [("A", 0, both, ["risk.transparency", "governance.policy"]), ("B", 0, risk_only, ["risk.transparency"]),
            ("C", 0, "The ethics board signs off each deployment before any child's data is used.", ["governance.policy"])]
    sentences = pd.DataFrame([{"respondent_id": r, "question_id": "risks_ethics", "sentence_index": i, "start": 0, "end": len(s),
                               "sentence": s, "themes": t, "tools": []} for r, i, s, t in rows])
    mentions = pd.DataFrame([
        {"respondent_id": "A", "question_id": "risks_ethics", "kind": "theme", "label": "governance.policy",
         "text": "our ethics board reviews every new use case", "sentence": both, "negated": False},
        {"respondent_id": "A", "question_id": "risks_ethics", "kind": "theme", "label": "risk.transparency",
         "text": "algorithm register", "sentence": both, "negated": False},
    ])
    sections = {"risks": ("risk", "risks_ethics"), "governance": ("governance", "risks_ethics")}
    quotes = analyse.section_quotes(sentences, people, sections, ["risk.transparency", "governance.policy"], 3,
                                    mentions=mentions)
    assert (quotes["quote"] == both).sum() == 1  # under the theme it says most about, in one section only
    assert quotes.set_index("quote").loc[both, ["theme", "section"]].tolist() == ["governance.policy", "governance"]
    assert quotes[quotes["section"] == "risks"]["quote"].tolist() == [risk_only]  # the next-best quote
    assert set(quotes[quotes["section"] == "governance"]["respondent_id"]) == {"A", "C"}


def test_a_section_does_not_quote_the_same_wording_twice():
    people = pd.DataFrame({"respondent_id": ["A", "B"], "organisation_type": "Local authority", "region": "London",
                           "confidential": False})
    text = "Every AI draft is read and corrected by the social worker before it goes on the file."
    sentences = pd.DataFrame([{"respondent_id": r, "question_id": "risks_ethics", "sentence_index": 0, "start": 0,
                               "end": len(text), "sentence": text, "themes": t, "tools": []}
                              for r, t in (("A", ["governance.human_review"]), ("B", ["risk.accuracy"]))])
    quotes = analyse.representative_quotes(sentences, people, 3, question_id="risks_ethics")
    assert quotes["quote"].tolist() == [text]


def test_single_view_tools_leave_out_a_tool_said_to_be_no_single_view(mentions, sentences):
    denial = "Casebook Notes links to our case records but is not a single view."
    extra = sentences.copy()
    extra.loc[len(extra)] = ["R3", "single_view_detail", 0, 0, 10, "Power BI joins our data.", ["use.single_view"], ["Power BI"]]
    extra.loc[len(extra)] = ["R6", "single_view_detail", 0, 0, 10, denial, ["use.single_view"], ["Casebook Notes"]]
    more = pd.DataFrame([
        {"respondent_id": "R6", "question_id": "single_view_detail", "kind": "tool", "label": "Casebook Notes",
         "text": "Casebook Notes", "sentence": denial, "negated": False, "status": "in_use"},
        {"respondent_id": "R6", "question_id": "single_view_detail", "kind": "theme", "label": "use.single_view",
         "text": "links to our case records", "sentence": denial, "negated": False},
    ])
    table = analyse.single_view_tools(pd.concat([mentions, more], ignore_index=True), extra)
    assert table["tool"].tolist() == ["Power BI"]
