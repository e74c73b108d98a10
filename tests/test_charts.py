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
    assert {t.name for t in fig.data} >= {"In use", "Responded (not attributed)", "No response"}
    assert all(t.marker.symbol == "hexagon" for t in fig.data)


def test_suppressed_counts_are_labelled_not_drawn(figures):
    bar = figures["by_type"].data[0]
    assert "suppressed" in bar.text
    assert bar.x[list(bar.text).index("suppressed")] == 0


def test_adoption_by_region_switches_between_percent_and_number(figures):
    menu = figures["adoption_by"].layout.updatemenus[0]
    assert [b.label for b in menu.buttons] == ["Percent", "Number"]


def test_heatmap_has_one_panel_per_theme_group(figures):
    fig = figures["heatmap"]
    labels = [b.label for b in fig.layout.updatemenus[0].buttons]
    assert len(labels) == len(fig.data) >= 3
    assert sum(bool(t.visible) for t in fig.data) == 1


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
    assert charts.describe_bars(table, "tool", "respondents", "tools") == "Bar chart of tools. Largest: B (5); A (3)."


def test_esc_handles_missing_values():
    assert charts.esc(None) == "" and charts.esc(float("nan")) == "" and charts.esc("a&b") == "a&amp;b"


def test_regional_hex_map_draws_only_the_region(responses, local_authorities, hexjson):
    coverage = analyse.la_coverage(responses, local_authorities, region="London")
    cells, _ = analyse.hex_cells(coverage, hexjson)
    fig = charts.hex_map(cells)
    drawn = sum(len(t.x) for t in fig.data)
    assert drawn == 2 and analyse.OUTSIDE not in {t.name for t in fig.data}
