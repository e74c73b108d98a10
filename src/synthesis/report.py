"""The briefing's sections: the notebook calls one function per section, in the order of SPEC §5.

:func:`tables` builds every table the briefing publishes and passes each through the disclosure pass
(:meth:`synthesis.publish.Briefing.publish`) once; the key findings and every chart are then drawn from
those protected tables only, so no figure on the page can show what a table hides.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from synthesis import analyse, charts
from synthesis.analyse import disclosure
from synthesis.analyse.themes import SECTIONS

SECTION_TITLES = {
    "purposes": ("What AI and digital tools are used for", charts.OKABE_ITO["blue"]),
    "impact": ("Impact reported on practice, children and families", charts.OKABE_ITO["bluish_green"]),
    "risks": ("Risks and ethical concerns raised", charts.OKABE_ITO["vermillion"]),
    "governance": ("How risks are managed", charts.OKABE_ITO["blue"]),
    "barriers": ("Barriers to using AI in frontline practice", charts.OKABE_ITO["orange"]),
    "barriers_overcome": ("How barriers were overcome", charts.OKABE_ITO["bluish_green"]),
    "support_themes": ("What respondents ask of government", charts.OKABE_ITO["sky_blue"]),
}


def _sentence_case(title: str) -> str:
    """A title to run on in a sentence: its first letter lower-cased, acronyms ("AI") kept."""
    return title[:1].lower() + title[1:]


def _bars(table: pd.DataFrame, category: str, what: str) -> str:
    return charts.describe_bars(table, category, "respondents", what)


def base_sentence(table: pd.DataFrame) -> str:
    """The base of a section table in words: asked, answered, counted (or why the numbers are not shown)."""
    if table.empty:
        return ""
    row = table.iloc[0]
    who = row["base"].replace(" who answered this question", "")
    counted = "each bar counts the respondents whose own answer to this question carries the theme."
    if bool(row.get("base_withheld", False)) or pd.isna(row["asked"]) or pd.isna(row["answered"]):
        return (f"Base: {who}. How many were asked and how many answered are not shown, nor the percentages: with "
                f"the table on using AI they would reveal a small count. The bars give numbers only; {counted}")
    if who == "respondents":
        return f"Base: {int(row['asked'])} {who} asked; {int(row['answered'])} answered; {counted}"
    # a section on a subgroup (those who use or pilot AI): everyone was asked, the section counts only the subgroup
    return (f"Base: the {int(row['asked'])} {who} (every respondent was asked; this section counts only them); "
            f"{int(row['answered'])} of them answered; {counted}")


def choice_base(table: pd.DataFrame) -> str:
    """The base of a closed question's chart (a :func:`synthesis.analyse.choice_counts` table), worded like
    :func:`base_sentence`: asked, answered, and those who gave no answer, who are in no bar."""
    if table.empty or "answered" not in table.columns:
        return ""
    asked, answered = int(table["asked"].iloc[0]), int(table["answered"].iloc[0])
    blank = f" ({asked - answered} gave no answer)" if asked > answered else ""
    return (f"Base: {asked} respondents asked; {answered} answered{blank}; each bar counts the respondents who chose "
            "that answer, with its percentage of those who answered.")


def tables(b: Any) -> dict[str, pd.DataFrame]:
    """Every table of the briefing, built and protected once (written to ``published/tables``)."""
    t: dict[str, pd.DataFrame] = {}
    r = b.responses
    t["respondents_by_type"] = b.publish("respondents_by_type", analyse.count_by(r, "organisation_type",
                                         analyse.ORGANISATION_TYPES), total=True)
    t["respondents_by_region"] = b.publish("respondents_by_region", analyse.count_by(r, "region", analyse.REGIONS),
                                           total=True)
    t["responses_over_time"] = b.publish("responses_over_time", analyse.responses_over_time(r), total=True)
    region = b.params.get("filter_region") or None
    coverage = analyse.la_coverage(r, b.local_authorities, region=region)
    b.coverage = coverage
    inside = coverage[coverage["uses_ai"] != analyse.OUTSIDE]
    t["coverage_by_region"] = b.publish("coverage_by_region", analyse.coverage_by_region(inside), counts=())
    t["uses_ai"] = b.publish("uses_ai", analyse.choice_counts(r, "uses_ai", analyse.USES_AI_ORDER, keep_empty=True),
                             total=True)  # every option listed: a missing row would be a published zero
    t["uses_ai_by_region"] = b.publish("uses_ai_by_region", analyse.crosstab(
        r, "region", "uses_ai", analyse.REGIONS, analyse.USES_AI_ORDER, b.threshold))
    t["uses_ai_by_organisation_type"] = b.publish("uses_ai_by_organisation_type", analyse.crosstab(
        r, "organisation_type", "uses_ai", analyse.ORGANISATION_TYPES, analyse.USES_AI_ORDER, b.threshold))
    t["tool_source"] = b.publish("tool_source", analyse.tool_source_mix(r), total=True)
    register = analyse.tool_register(b.mentions, analyse.confidential_ids(r))
    t["tool_register"] = b.publish("tool_register", register, protect=disclosure.protect_register)
    for name, section in SECTIONS.items():
        counts = analyse.section_counts(r, b.mentions, section, b.labels, all_themes=b.theme_ids)
        if section.users_only and not disclosure.sum_is_safe(t["uses_ai"], "uses_ai", analyse.USING_AI):
            counts = disclosure.withhold_base(counts)  # its base is In use + Piloting of the table above
        t[name] = b.publish(name, counts)
    t["barrier_links"] = b.publish("barrier_links", analyse.barrier_links(r, b.mentions, b.labels))
    single_view = analyse.choice_counts(r, "single_view", analyse.SINGLE_VIEW_ORDER, keep_empty=True)
    t["single_view"] = b.publish("single_view", single_view, total=True)
    t["single_view_detail"] = b.publish("single_view_detail", analyse.single_view_use(r, b.mentions), total=True)
    t["single_view_tools"] = b.publish("single_view_tools", analyse.single_view_tools(b.mentions, b.sentences))
    t["tool_theme_heatmap"] = b.publish("tool_theme_heatmap", analyse.tool_theme_matrix(b.mentions, b.labels))
    return t


def header(b: Any) -> None:
    """Marking, title, run date and (for the shipped sample) the synthetic-data banner."""
    b.masthead()
    b.say(f"Evidence from {b.n} responses ({b.scope}) to the Department for Education's call for evidence on AI and "
          "digital technology in children's social care. Every number below is computed from the responses; "
          "the table behind each chart is in the tables folder beside this page.")
    if b.confidential_sentence:
        b.say(b.confidential_sentence + " No table of this briefing, alone or compared with another in it, shows "
              "what they answered (compared with an earlier briefing, a respondent who asked for confidence in "
              "between can be worked out: publish each call for evidence once, after its close).")


def key_findings(b: Any, t: dict[str, pd.DataFrame]) -> None:
    sections = {name: t[name] for name in SECTIONS}
    b.bullets(analyse.headlines(b.n, b.threshold, t["respondents_by_type"], t["uses_ai_by_organisation_type"],
                                t["coverage_by_region"], t["tool_register"], sections,
                                region=b.params.get("filter_region") or ""))


def who_responded(b: Any, t: dict[str, pd.DataFrame]) -> None:
    by_type, by_region, weeks = t["respondents_by_type"], t["respondents_by_region"], t["responses_over_time"]
    b.figure("respondents_by_type", charts.respondents_by(by_type, "organisation_type", "Respondents by type of organisation"),
             _bars(by_type, "organisation_type", "respondents by type of organisation"))
    b.figure("respondents_by_region", charts.respondents_by(by_region, "region", "Respondents by region"),
             _bars(by_region, "region", "respondents by region"))
    b.figure("responses_over_time", charts.responses_over_time(weeks), charts.describe_weeks(weeks))


def map_answers(coverage: pd.DataFrame) -> pd.Series:
    """Authorities by their answer on using AI, one count each: from the authorities, not the hexagons
    (two authorities sharing a hexagon would both be counted with its colour)."""
    inside = coverage[coverage["uses_ai"] != analyse.OUTSIDE]
    return inside["uses_ai"].value_counts()


def coverage(b: Any, t: dict[str, pd.DataFrame]) -> None:
    regions = t["coverage_by_region"]
    b.figure("coverage_by_region", charts.coverage_by_region(regions),
             f"Stacked bars: {int(regions['responded'].sum())} of {int(regions['authorities'].sum())} authorities "
             "responded and agreed to be named; per region, those that did and did not.")
    cells, not_drawn = analyse.hex_cells(b.coverage, b.hexjson)
    b.publish("coverage_hex_map", cells, counts=())
    drawn = cells[cells["status"] != analyse.OUTSIDE] if (cells["status"] != analyse.OUTSIDE).any() else cells
    split = drawn[drawn["authorities"] > 1].groupby("hex_name", sort=True)["names"].agg("; ".join)
    answers = map_answers(b.coverage)
    caption = ("Hex map with one hexagon per authority, coloured and lettered by the authority's answer on using AI: "
               + "; ".join(f"{s} ({charts.STATUS_CODES[s]}) {int(answers[s])}" if s in charts.STATUS_CODES else f"{s} {int(answers[s])}"
                           for s in answers.sort_values(ascending=False).index)
               + ". Authorities that responded in confidence are shown as not having responded.")
    if len(split):
        caption += (" Authorities that replaced one authority of the layout each have a smaller hexagon of their own, "
                    "side by side in its place, coloured by their own answer. "
                    + " ".join(f"{old}'s hexagon: {names}." for old, names in split.items()))
    b.figure("coverage_hex_map", charts.hex_map(cells, not_drawn=not_drawn), caption)
    if not_drawn:
        b.say("Not drawn on the map (no hexagon in the layout): " + ", ".join(not_drawn) + ".")


def adoption(b: Any, t: dict[str, pd.DataFrame]) -> None:
    b.figure("uses_ai", charts.adoption(t["uses_ai"]), _bars(t["uses_ai"], "uses_ai", "answers on using AI"))
    b.say(choice_base(t["uses_ai"]))
    for name, group, title in (("uses_ai_by_region", "region", "Use of AI by region"),
                               ("uses_ai_by_organisation_type", "organisation_type", "Use of AI by type of organisation")):
        b.figure(name, charts.adoption_by(t[name], group, title),
                 charts.describe_stacked(t[name], group, "uses_ai", "respondents",
                                         f"answers on using AI by {group.replace('_', ' ')}, respondents (buttons "
                                         "switch between percentages and numbers)"))


def tool_source(b: Any, t: dict[str, pd.DataFrame]) -> None:
    b.figure("tool_source", charts.tool_source(t["tool_source"]), _bars(t["tool_source"], "tool_source", "where tools come from"))
    b.say(choice_base(t["tool_source"]))


def tool_register(b: Any, t: dict[str, pd.DataFrame], max_rows: int) -> None:
    register = t["tool_register"]
    status_long = analyse.tool_status_long(register, top=20)
    b.figure("tool_register", charts.tool_register(status_long, register,
             "The 20 most named tools, by what respondents say about them"),
             charts.describe_stacked(status_long, "tool", "status_label", "respondents",
                                     "organisations naming each of the 20 most named tools, by what they say about it"))
    shown = register.assign(known=register["known"].map({True: "on the list", False: "not on the list"}),
                            confirmed=register["confirmed"].map({True: "confirmed", False: ""}))
    b.table("tool_register", shown, "Tool register",
            {"tool": "Tool", "vendor": "Vendor", "category": "Category", "provenance": "Provenance", "known": "Tool list",
             "confirmed": "Analyst review", "organisations": "Organisations", "status": "Status"},
            shown=shown.head(max_rows), what="tools, the most named first", protect=disclosure.protect_register)


def section(b: Any, t: dict[str, pd.DataFrame], name: str) -> None:
    """One theme section: its chart, counted in answers to its own question, with the base stated."""
    title, colour = SECTION_TITLES[name]
    table = t[name]
    question = b.questions.get(SECTIONS[name].question_id, SECTIONS[name].question_id)
    b.say(f"Question: {question}", base_sentence(table))
    b.figure(name, charts.themes(table, title, colour=colour),
             _bars(table, "label", f"respondents by theme in answers to this question ({_sentence_case(title)})"))


def barrier_flow(b: Any, t: dict[str, pd.DataFrame]) -> None:
    links = t["barrier_links"]
    b.figure("barrier_links", charts.barrier_sankey(links),
             charts.describe_links(links) + " 'Not yet overcome' is an outcome of its own.")


def single_view(b: Any, t: dict[str, pd.DataFrame]) -> None:
    single = t["single_view"]
    b.figure("single_view", charts.single_view(single), _bars(single, "single_view", "answers on single-view systems"))
    b.say(choice_base(single))
    b.say(single_view_sentence(t["single_view_detail"]))
    tools = t["single_view_tools"]
    b.figure("single_view_tools", charts.hbar(tools, "tool", "respondents", "Tools named for single-view systems",
             percent=None, colour=charts.OKABE_ITO["reddish_purple"]),
             _bars(tools, "tool", "tools named for single-view systems"))


def single_view_sentence(detail: pd.DataFrame) -> str:
    """How many describe a single-view system they have or use, with those who only plan one stated apart."""
    if detail.empty:
        return ""
    have, planned = (detail.iloc[i] for i in (0, 1))

    have_n, planned_n = ("a number too small to show" if pd.isna(row["respondents"]) else
                         charts.count_text(row["respondents"], row["percent"]) for row in (have, planned))
    return (f"Of the {int(have['answered'])} respondents who described their single-view systems, {have_n} describe "
            f"one they have or use. A further {planned_n} describe only one they plan or are developing; they are not "
            "counted as having one.")


def uncoded_support(b: Any, max_rows: int) -> None:
    """The support answers no theme caught, each beside the nearest support theme, for an analyst to scan."""
    quotable = set(b.responses["respondent_id"]) - analyse.confidential_ids(b.responses)
    near = analyse.nearest_theme(b.sentences, b.codebook, "support", "support_needed", quotable)
    near = near.assign(respondent=near["respondent_id"].map(b.pseudonym)).drop(columns=["respondent_id", "nearest_theme"])
    b.table("support_uncoded", near, "Support answers no theme caught, beside the nearest theme",
            {"label": "Nearest theme", "shared": "Words shared", "respondent": "Respondent", "sentence": "Sentence"},
            shown=near.head(max_rows), what="uncoded sentences")


def heatmap(b: Any, t: dict[str, pd.DataFrame]) -> None:
    matrix = t["tool_theme_heatmap"]
    b.figure("tool_theme_heatmap", charts.tool_theme_heatmap(matrix, "Tools and the themes in the same respondents' answers "
                                                                   "(all questions pooled)"),
             charts.describe_heatmap(matrix, "label", "tool", "respondents", "tools against themes, one panel per group "
                                     "of themes, each cell counting respondents, all questions pooled"))


def quotes(b: Any, max_per_theme: int) -> pd.DataFrame:
    """Quotes for every section, each from answers to the section's own question, once per section."""
    sections = {name: (sec.prefix, sec.question_id) for name, sec in SECTIONS.items()}
    out = analyse.section_quotes(b.sentences, b.responses, sections, b.theme_ids, max_per_theme, labels=b.labels,
                                 mentions=b.mentions, questions=b.questions)
    published = out.assign(respondent_id=out["respondent_id"].map(b.pseudonym)) if len(out) else out
    b.publish("quotes", published, counts=())
    for name in SECTIONS:
        b.heading(f"Quotes: {_sentence_case(SECTION_TITLES[name][0])}", 3)
        b.quotes(out[out["section"] == name] if len(out) else out)
    return out


def coded_sentences(b: Any, max_rows: int) -> None:
    table = analyse.quote_table(b.sentences, b.responses, b.labels)
    shown = analyse.quote_table(b.sentences, b.responses, b.labels, max_rows=max_rows)
    relabel = {"question_id": lambda s: s.map(lambda q: b.questions.get(q, q)),
               "respondent_id": lambda s: s.map(b.pseudonym)}
    table, shown = (f.assign(**{k: fn(f[k]) for k, fn in relabel.items()}) for f in (table, shown))
    if len(shown) < len(table):
        b.say("The table below shows the same number of sentences for each theme (fewer where a theme has fewer), "
              "picked in a fixed order spread over the respondents.")
    b.table("coded_sentences", table, "Coded sentences from non-confidential respondents",
            {"sentence": "Sentence", "themes": "Themes", "tools": "Tools", "question_id": "Question",
             "organisation_type": "Organisation type", "region": "Region", "respondent_id": "Respondent"}, page_size=20,
            shown=shown, what="coded sentences")
