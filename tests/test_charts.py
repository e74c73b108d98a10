"""Figures: every chart builds, has a title, uses the palette, and never carries raw markup from responses."""

from __future__ import annotations

import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from synthesis import analyse, charts


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _strings(value)


def _assert_safe(fig: go.Figure):
    for text in _strings(fig.to_plotly_json()):
        assert "<script" not in text.lower()
        assert "<img" not in text.lower()


@pytest.fixture
def figures(responses, mentions, sentences, local_authorities, hexjson) -> dict[str, go.Figure]:
    coverage = analyse.la_coverage(responses, local_authorities)
    cells, not_drawn = analyse.hex_cells(coverage, hexjson)
    register = analyse.tool_register(mentions)
    by_type = analyse.count_by_suppressed(responses, "organisation_type", 2, analyse.ORGANISATION_TYPES)
    return {
        "by_type": charts.respondents_by(by_type, "organisation_type", "Respondents by type"),
        "over_time": charts.responses_over_time(analyse.responses_over_time(responses)),
        "coverage": charts.coverage_by_region(analyse.coverage_by_region(coverage)),
        "hex": charts.hex_map(cells, not_drawn=not_drawn),
        "adoption": charts.adoption(analyse.count_by(responses, "uses_ai", analyse.USES_AI_ORDER)),
        "adoption_by": charts.adoption_by(
            analyse.crosstab(responses, "region", "uses_ai", analyse.REGIONS, analyse.USES_AI_ORDER, 2), "region", "By region"),
        "source": charts.tool_source(analyse.tool_source_mix(responses)),
        "register": charts.tool_register(analyse.tool_status_long(register), register),
        "themes": charts.themes(analyse.theme_counts(mentions, "use", 6), "Purposes"),
        "sankey": charts.barrier_sankey(analyse.barrier_links(responses, mentions)),
        "heatmap": charts.tool_theme_heatmap(analyse.tool_theme_matrix(mentions)),
        "single_view": charts.single_view(analyse.count_by(responses, "single_view", analyse.SINGLE_VIEW_ORDER)),
        "discovered": charts.hbar(analyse.discovered_tools(mentions), "tool", "respondents", "Discovered", percent=None),
    }


def test_every_chart_has_a_title_and_data(figures):
    for name, fig in figures.items():
        assert isinstance(fig, go.Figure), name
        assert fig.layout.title.text, name
        assert len(fig.data) >= 1, name


def test_no_raw_markup_from_responses_reaches_a_figure(figures):
    for fig in figures.values():
        _assert_safe(fig)
    discovered = figures["discovered"].data[0]
    assert any("&lt;script&gt;" in y for y in discovered.y)  # shown as text, escaped


def test_hex_map_says_which_authorities_are_not_drawn(figures):
    fig = figures["hex"]
    assert any("Newshire" in a.text for a in fig.layout.annotations)
    assert {t.name for t in fig.data} >= {"In use (U)", "Not using (N)", "No response"}
    assert "Responded (not attributed)" not in {t.name for t in fig.data}  # confidential ones are drawn as no response
    assert all(t.marker.symbol == "hexagon" for t in fig.data)
    in_use = next(t for t in fig.data if t.name == "In use (U)")
    assert set(in_use.text) == {"U"}  # the answer is lettered in each hexagon, not carried by colour alone


def test_suppressed_counts_are_a_labelled_hatched_stub(figures):
    bar = figures["by_type"].data[0]
    assert "suppressed" in bar.text
    i = list(bar.text).index("suppressed")
    assert 0 < bar.x[i] < max(bar.x) / 10  # drawn, but never as a figure
    assert bar.marker.pattern.shape[i] == "x" and bar.marker.pattern.shape[list(bar.text).index(bar.text[0])] == ""


def test_adoption_by_region_switches_between_percent_and_number(figures):
    menu = figures["adoption_by"].layout.updatemenus[0]
    assert [b.label for b in menu.buttons] == ["Percent", "Number"]


def test_heatmap_has_one_panel_per_theme_group(figures):
    fig = figures["heatmap"]
    buttons = fig.layout.updatemenus[0].buttons
    assert 2 * len(buttons) == len(fig.data) >= 6  # each panel: the counts and the suppressed-cell overlay
    assert sum(bool(t.visible) for t in fig.data) == 2
    assert [sum(b.args[0]["visible"]) for b in buttons] == [2] * len(buttons)


def test_palette_is_okabe_ito(figures):
    allowed = {c.upper() for c in charts.OKABE_ITO.values()} | {charts.GREY, charts.LIGHT_GREY, "#F2F2F2", "#FAFAFA"}
    for name in ("adoption", "source", "single_view"):
        colours = figures[name].data[0].marker.color
        assert {c.upper() for c in colours} <= allowed, name


def test_empty_tables_give_a_titled_placeholder():
    empty = pd.DataFrame(columns=["label", "respondents"])
    fig = charts.themes(empty, "Nothing here")
    assert fig.layout.title.text == "Nothing here"
    assert fig.layout.annotations[0].text == "No responses to show"


def test_figure_html_has_a_fixed_id_and_no_plotly_js(figures):
    fragment = charts.figure_html(figures["adoption"], "chart-uses-ai", alt="Bar chart <b>", data_link="tables/uses_ai.csv")
    assert 'id="chart-uses-ai"' in fragment
    assert fragment == charts.figure_html(figures["adoption"], "chart-uses-ai", alt="Bar chart <b>", data_link="tables/uses_ai.csv")
    assert "Bar chart &lt;b&gt;" in fragment
    assert "plotly.js v" not in fragment and not re.search(r"src=[\"']https?://", fragment)
    assert "MathJax" not in fragment.replace("MathJaxConfig", "")


def test_table_html_escapes_everything(responses):
    frame = pd.DataFrame({"name": ['<script>alert(1)</script>', "x</script><b>"], "n": [1, 2]})
    fragment = charts.table_html(frame, "t<1>", "Caption <i>", {"name": "Name <u>", "n": "N"})
    assert "<script>alert" not in fragment and "</script><b>" not in fragment
    assert "Name &lt;u&gt;" in fragment and "Caption &lt;i&gt;" in fragment
    payload = re.search(r'<script type="application/json" class="synth-data">(.*?)</script>', fragment, re.S).group(1)
    assert "<" not in payload
    data = json.loads(payload)
    assert data["values"][0] == ['<script>alert(1)</script>', "x</script><b>"]  # decoded as text by the page script
    assert data["numeric"] == [False, True]


def test_table_data_stores_repeated_values_once():
    frame = pd.DataFrame({"region": ["London"] * 3 + ["North East"], "n": [1, 2, 3, 4]})
    data = charts.table_data(frame)
    assert data["values"][0] == ["London", "North East"]
    assert [r[0] for r in data["rows"]] == [0, 0, 0, 1]


def test_describe_bars_gives_a_text_alternative():
    table = pd.DataFrame({"tool": ["A", "B"], "respondents": [3, 5]})
    assert charts.describe_bars(table, "tool", "respondents", "tools") == "Bar chart of tools, largest first: B 5; A 3."


def test_describe_bars_names_what_is_suppressed_or_zero():
    table = pd.DataFrame({"type": ["A", "B", "C"], "respondents": pd.array([12, pd.NA, 0], dtype="Int64"),
                          "percent": [80.0, None, 0.0], "suppressed": [False, True, False]})
    assert charts.describe_bars(table, "type", "respondents", "types") == (
        "Bar chart of types, largest first: A 12 (80%). Suppressed (small numbers): B. None: C.")


def test_esc_handles_missing_values():
    assert charts.esc(None) == "" and charts.esc(float("nan")) == "" and charts.esc("a&b") == "a&amp;b"


def test_regional_hex_map_draws_only_the_region(responses, local_authorities, hexjson):
    coverage = analyse.la_coverage(responses, local_authorities, region="London")
    cells, _ = analyse.hex_cells(coverage, hexjson)
    fig = charts.hex_map(cells)
    drawn = sum(len(t.x) for t in fig.data)
    assert drawn == 2 and analyse.OUTSIDE not in {t.name for t in fig.data}


@pytest.mark.parametrize("top", [0, 1, 3, 4.5, 7, 10, 11, 40, 999, 125_000])
def test_count_axes_tick_whole_numbers_only(top):
    axis = charts.count_axis(top)
    assert axis["tick0"] == 0 and axis["tickformat"] == ",d"
    if axis.get("dtick") is not None:
        assert isinstance(axis["dtick"], int) and axis["dtick"] >= 1
    else:  # plotly picks the step; its automatic choice draws at most ten ticks, so above 10 it is at least 1
        assert top > 10 and axis["nticks"] == 0


def test_every_count_axis_of_the_bar_charts_is_whole_numbers(figures):
    for name in ("by_type", "over_time", "coverage", "adoption", "source", "register", "themes", "discovered"):
        fig = figures[name]
        axis = fig.layout.yaxis if name == "over_time" else fig.layout.xaxis
        assert axis.tickformat == ",d", name


def test_a_published_zero_gets_no_empty_bar_but_is_named():
    table = pd.DataFrame({"kind": ["A", "Other"], "respondents": [9, 0], "suppressed": [False, False]})
    fig = charts.hbar(table, "kind", "respondents", "Kinds")
    assert list(fig.data[0].y) == ["A"]
    assert any("None: Other." in a.text for a in fig.layout.annotations)


CROSSTAB = pd.DataFrame({
    "region": ["North"] * 3 + ["South"] * 3,
    "uses_ai": ["In use", "Piloting", "Not using"] * 2,
    "respondents": pd.array([8, pd.NA, pd.NA, 5, 4, 6], dtype="Int64"),
    "suppressed": [False, True, True, False, False, False],
    "row_total": [12, 12, 12, 15, 15, 15],
    "percent": [66.7, None, None, 33.3, 26.7, 40.0],
})


def test_stacked_adoption_bars_draw_suppressed_cells_as_one_hatched_segment():
    fig = charts.adoption_by(CROSSTAB, "region", "By region")
    hidden = next(t for t in fig.data if t.name == charts.SUPPRESSED)
    assert hidden.marker.pattern.shape == "x"
    assert list(hidden.x) == pytest.approx([33.3, 0.0])  # the row's remainder, never a blank gap
    number = next(b for b in fig.layout.updatemenus[0].buttons if b.label == "Number")
    assert number.args[0]["x"][-1] == [4, 0]  # 12 in the row less the 8 shown
    assert len({t.marker.pattern.shape for t in fig.data}) == len(fig.data)  # a pattern per status, not colour alone


def test_text_alternative_of_stacked_bars_states_each_part():
    text = charts.describe_stacked(CROSSTAB, "region", "uses_ai", "respondents", "answers by region")
    assert text == ("Stacked bars of answers by region. North (of 12): In use 8, 2 counts suppressed; "
                    "South (of 15): In use 5, Piloting 4, Not using 6.")


def test_tool_register_marks_tools_whose_statuses_are_suppressed():
    register = pd.DataFrame({"tool": ["Alpha", "Beta"], "vendor": ["V", "W"], "provenance": ["commercial"] * 2,
                             "organisations": [10, 6]})
    long = pd.DataFrame({"tool": ["Alpha", "Alpha", "Beta", "Beta"], "status": ["in_use", "piloting"] * 2,
                         "status_label": ["In use", "Piloting"] * 2,
                         "respondents": pd.array([10, 0, pd.NA, pd.NA], dtype="Int64")})
    fig = charts.tool_register(long, register)
    hidden = next(t for t in fig.data if t.name == charts.SUPPRESSED)
    assert list(hidden.x) == [0, 6]
    labels = next(t for t in fig.data if t.type == "scatter")
    assert list(labels.y) == ["Beta"] and list(labels.text) == ["suppressed"]
    in_use = next(t for t in fig.data if t.name == "In use")
    assert in_use.hovertext[0].endswith("In use: 10") and in_use.hovertext[1].endswith("In use: not shown (small number)")


def test_heatmap_greys_and_letters_suppressed_cells():
    long = pd.DataFrame({"tool": ["T1", "T2", "T1", "T2"], "theme": ["use.a", "use.a", "use.b", "use.b"],
                         "label": ["A", "A", "B", "B"], "respondents": pd.array([7, pd.NA, 0, 5], dtype="Int64"),
                         "suppressed": [False, True, False, False]})
    fig = charts.tool_theme_heatmap(long)
    counts, overlay = fig.data[:2]
    assert list(counts.z[0]) == [7, None] and list(overlay.text[0]) == ["", "s"] and list(overlay.z[0]) == [None, 1]
    assert any("suppressed" in a.text for a in fig.layout.annotations)


def test_sankey_says_how_many_links_are_hidden():
    links = pd.DataFrame({"barrier_label": ["Funding", "Skills", "Skills"],
                          "overcome_label": ["Not yet overcome", "Training", "Not yet overcome"],
                          "respondents": pd.array([9, 5, pd.NA], dtype="Int64"), "suppressed": [False, False, True]})
    fig = charts.barrier_sankey(links)
    assert list(fig.data[0].link.value) == [9, 5]
    assert any("1 suppressed links" in a.text for a in fig.layout.annotations)
    assert "1 links are suppressed" in charts.describe_links(links)


def test_weeks_label_suppressed_weeks_and_state_every_count():
    weeks = pd.DataFrame({"week": ["2025-02-10", "2025-02-17"], "respondents": pd.array([13, pd.NA], dtype="Int64")})
    fig = charts.responses_over_time(weeks)
    assert list(fig.data[0].text) == ["13", "suppressed"] and fig.data[0].y[1] > 0
    assert charts.describe_weeks(weeks).endswith("2025-02-10 13; 2025-02-17 suppressed.")


def test_figure_title_becomes_html_above_a_scrollable_plot(figures):
    fragment = charts.figure_html(figures["heatmap"], "chart-heat", alt="Heatmap")
    assert '<p class="synth-chart-title" id="chart-heat-title">' in fragment
    assert 'aria-labelledby="chart-heat-title"' in fragment
    assert "--min-width:720px" in fragment  # a grid this wide scrolls sideways on a phone
    assert '"title":{"text":""}' in fragment.replace(" ", "")


def test_bar_labels_text_and_tables_round_a_share_once():
    table = pd.DataFrame({"type": ["A", "B"], "respondents": [6, 5], "percent": [600 / 11, 500 / 11]})
    assert charts.describe_bars(table, "type", "respondents", "types") == (
        "Bar chart of types, largest first: A 6 (55%); B 5 (45%).")
    assert list(charts.hbar(table, "type", "respondents", "Types").data[0].text) == ["6 (55%)", "5 (45%)"]
    data = charts.table_data(table)
    assert data["values"][2] == ["54.5", "45.5"]  # the published table: one decimal, rounded once
