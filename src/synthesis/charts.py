"""Figures: one function per chart, each taking a table from ``analyse`` and returning a Plotly figure.

Every piece of text that comes from responses (tool names, categories, quotes, region names) is
HTML-escaped with :func:`esc` before it reaches a label, hover text or table cell, so an answer
that contains ``<script>`` is shown as text and never runs. Colours come from the Okabe-Ito
palette, which stays distinguishable with the common forms of colour blindness.

``notebook_setup()`` and ``show()`` put figures into a notebook so that the exported HTML carries
plotly.js exactly once, inline, and no script from a CDN.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from synthesis import analyse
from synthesis.analyse.common import NOT_USERS, percent_text, round_percents

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
PALETTE = [
    OKABE_ITO[k]
    for k in ("blue", "orange", "bluish_green", "reddish_purple", "sky_blue", "vermillion", "yellow", "black")
]
GREY = "#999999"
LIGHT_GREY = "#DDDDDD"
STATUS_COLOURS = {
    "In use": OKABE_ITO["blue"],
    "Piloting": OKABE_ITO["sky_blue"],
    "Planning": OKABE_ITO["bluish_green"],
    "Not using": OKABE_ITO["orange"],
    "Don't know": GREY,
    analyse.NO_ANSWER: LIGHT_GREY,
    "Responded (not attributed)": OKABE_ITO["reddish_purple"],
    "No response": "#F2F2F2",
    analyse.OUTSIDE: "#FAFAFA",
}
#: a letter written in each hexagon of the map, so the answer is never carried by colour alone
STATUS_CODES = {"In use": "U", "Piloting": "P", "Planning": "L", "Not using": "N", "Don't know": "?",
                analyse.NO_ANSWER: "–", "Responded (not attributed)": "R"}
DARK_STATUSES = {"In use"}
TOOL_STATUS_COLOURS = {
    "in_use": OKABE_ITO["blue"],
    "piloting": OKABE_ITO["sky_blue"],
    "planned": OKABE_ITO["bluish_green"],
    "stopped": OKABE_ITO["vermillion"],
    "not_used": OKABE_ITO["orange"],
    "mentioned": GREY,
}
# Sequential scale from white to Okabe-Ito blue, for heatmaps.
SEQUENTIAL = [[0.0, "#F7FBFF"], [0.5, "#7FB5D9"], [1.0, OKABE_ITO["blue"]]]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}

pio.templates["synthesis"] = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 13, "color": "#1b1b1b"},
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        title={"x": 0, "xanchor": "left", "font": {"size": 16}},
        margin={"l": 10, "r": 20, "t": 60, "b": 40},
        hoverlabel={"font": {"family": FONT}},
        xaxis={"gridcolor": "#E5E5E5", "zerolinecolor": "#BDBDBD", "automargin": True},
        yaxis={"gridcolor": "#E5E5E5", "zerolinecolor": "#BDBDBD", "automargin": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
    )
)
# Merged once under one name: a "plotly_white+synthesis" string would be merged again for every figure (~0.1 s each).
TEMPLATE = "synthesis_white"
pio.templates[TEMPLATE] = pio.templates.merge_templates("plotly_white", "synthesis")


def esc(value: object) -> str:
    """HTML-escape any value for a label, hover text or table cell (``None``/NaN become ``""``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


def _wrap(text: str, width: int = 28) -> str:
    """Break an (already escaped) label into lines with ``<br>`` so long category names fit."""
    words, lines, line = text.split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _layout(fig: go.Figure, title: str, x_title: str | None = None, y_title: str | None = None, height: int | None = None) -> go.Figure:
    fig.update_layout(template=TEMPLATE, title={"text": esc(title)})
    if x_title is not None:
        fig.update_layout(xaxis_title_text=esc(x_title))
    if y_title is not None:
        fig.update_layout(yaxis_title_text=esc(y_title))
    if height:
        fig.update_layout(height=height)
    return fig


def _bar_height(n: int) -> int:
    return max(260, 120 + 40 * n)


def _empty(title: str, message: str = "No responses to show") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 14})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=240)


def count_axis(top: float) -> dict:
    """Axis settings that tick counts at whole numbers only (never 0.5 respondents).

    Up to 10 the step is fixed (1 or 2). Above, plotly picks the step from the axis length, and as its
    automatic choice draws at most ten ticks the step cannot fall below 1; that way a narrow phone chart
    gets fewer ticks instead of a pile of overlapping ones.
    """
    top = max(float(top or 0), 1.0)
    if top <= 10:
        return {"tick0": 0, "dtick": 1 if top <= 5 else 2, "tickformat": ",d"}
    return {"tick0": 0, "dtick": None, "nticks": 0, "tickformat": ",d"}


#: the legend entry, pattern and label of a suppressed cell: drawn, hatched and named, never a blank that reads as zero
SUPPRESSED = "Suppressed (small number)"
SUPPRESSED_PATTERN = {"shape": "x", "fgcolor": "#404040", "bgcolor": "#FFFFFF", "size": 7, "solidity": 0.25}
#: fill patterns that go with the status colours, so a stacked bar never relies on colour alone
PATTERNS = ["", "/", ".", "\\", "-", "|", "+"]


def _suppressed_marks(fig: go.Figure, y: Sequence[str], x: Sequence[float], note: str = "suppressed") -> None:
    """Write ``note`` just right of each bar end ``x`` (the rows with a suppressed cell), in one legend-less trace."""
    if len(y):
        fig.add_scatter(y=list(y), x=list(x), mode="text", text=[note] * len(y), textposition="middle right",
                        textfont={"size": 11, "color": "#404040"}, showlegend=False, hoverinfo="skip", cliponaxis=False)


# --------------------------------------------------------------------------------------------- generic


def _drop_zeros(table: pd.DataFrame, category: str, value: str) -> tuple[pd.DataFrame, list[str]]:
    """Rows that are a published zero are left out of a bar chart (and named in a note); suppressed rows stay."""
    suppressed = table["suppressed"].astype(bool) if "suppressed" in table else pd.Series(False, index=table.index)
    zero = ~suppressed & (pd.to_numeric(table[value], errors="coerce").fillna(0) == 0)
    return table[~zero], [str(c) for c in table.loc[zero, category]]


def hbar(
    table: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    value_title: str = "Respondents",
    percent: str | None = "percent",
    colour: str = OKABE_ITO["blue"],
    colours: Mapping[str, str] | None = None,
    note: str | None = None,
) -> go.Figure:
    """Horizontal bar chart of one count per category, first row on top.

    A suppressed count is drawn as a short hatched stub labelled "suppressed"; a published zero gets no
    empty bar but is named under the chart ("None: Other").
    """
    if table.empty:
        return _empty(title)
    table, zeros = _drop_zeros(table, category, value)
    if zeros:
        note = " ".join(filter(None, [note, "None: " + ", ".join(zeros) + "."]))
    if table.empty:
        return _empty(title, note or "No responses to show")
    cats = [esc(c) for c in table[category]]
    suppressed = table["suppressed"].astype(bool).tolist() if "suppressed" in table else [False] * len(table)
    values = [0 if s or pd.isna(v) else float(v) for v, s in zip(table[value], suppressed)]
    pcts = table[percent].tolist() if percent and percent in table else [None] * len(table)
    top = max(values) if values else 0
    stub = max(1.0, top) * 0.02  # a hatched stub, so a suppressed row is never an empty gap
    labels, hovers = [], []
    for c, v, p, s in zip(cats, values, pcts, suppressed):
        if s:
            labels.append("suppressed")
            hovers.append(f"<b>{c}</b><br>Count suppressed (small number)")
        else:
            pct = f" ({percent_text(p)})" if p is not None and not pd.isna(p) else ""
            labels.append(f"{v:,.0f}{pct}")
            hovers.append(f"<b>{c}</b><br>{esc(value_title)}: {v:,.0f}{pct}")
    marker = [colours.get(str(c), colour) for c in table[category]] if colours else colour
    fig = go.Figure(
        go.Bar(
            y=[_wrap(c, 34) for c in cats],
            x=[stub if s else v for v, s in zip(values, suppressed)],
            orientation="h",
            marker={"color": marker,
                    "pattern": {"shape": ["x" if s else "" for s in suppressed], "fgcolor": "#404040",
                                "bgcolor": "#FFFFFF", "size": 6, "solidity": 0.3}},
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertext=hovers,
            hoverinfo="text",
            name=esc(value_title),
        )
    )
    fig.update_yaxes(autorange="reversed", title_text="")
    fig.update_xaxes(range=[0, max(1.0, top) * 1.03], rangemode="tozero", **count_axis(top))
    _layout(fig, title, x_title=value_title, height=_bar_height(len(table)))
    fig.update_layout(margin={"r": 84})  # room for the outside labels ("120 (67%)", "suppressed") on any width
    if note:
        fig.add_annotation(text=esc(note), showarrow=False, xref="paper", yref="paper", x=0, y=-0.02,
                           yanchor="top", xanchor="left", yshift=-30, font={"size": 11, "color": "#505050"})
        fig.update_layout(margin={"b": 80})
    return fig


# --------------------------------------------------------------------------------------------- who responded


def respondents_by(table: pd.DataFrame, column: str, title: str, note: str | None = None) -> go.Figure:
    """Respondents by organisation type or region (a :func:`analyse.count_by_suppressed` table)."""
    return hbar(table, column, "respondents", title, note=note)


def responses_over_time(table: pd.DataFrame, title: str = "Responses received per week") -> go.Figure:
    """Responses per week (an :func:`analyse.responses_over_time` table); suppressed weeks are labelled, not blank."""
    if table.empty:
        return _empty(title, "No submission dates")
    hidden = table["respondents"].isna().tolist()
    values = [0 if h else int(v) for v, h in zip(table["respondents"], hidden)]
    top = max(values + [1])
    stub = top * 0.03
    hover = [f"Week of {w}<br>" + ("count suppressed (small number)" if h else f"{v} responses")
             for w, v, h in zip(table["week"], values, hidden)]
    fig = go.Figure()
    fig.add_bar(x=table["week"], y=[stub if h else v for v, h in zip(values, hidden)], name="Responses that week",
                marker={"color": OKABE_ITO["sky_blue"],
                        "pattern": {**SUPPRESSED_PATTERN, "shape": ["x" if h else "" for h in hidden]}},
                text=["suppressed" if h else f"{v}" for v, h in zip(values, hidden)], textposition="outside",
                textangle=0, cliponaxis=False, hovertext=hover, hoverinfo="text")
    fig.update_xaxes(type="date")
    fig.update_yaxes(rangemode="tozero", range=[0, top * 1.15], **count_axis(top * 1.15))
    return _layout(fig, title, x_title="Week submitted (weeks start on Monday)", y_title="Responses per week", height=380)


def coverage_by_region(table: pd.DataFrame, title: str = "Local authorities that responded, by region") -> go.Figure:
    """Stacked bars: responding and non-responding authorities per region."""
    if table.empty:
        return _empty(title)
    regions = [esc(r) for r in table["region"]]
    fig = go.Figure()
    fig.add_bar(y=regions, x=table["responded"], orientation="h", name="Responded", marker_color=OKABE_ITO["blue"],
                customdata=list(zip(table["authorities"], map(percent_text, table["percent"]))),
                hovertemplate="<b>%{y}</b><br>%{x} of %{customdata[0]} authorities responded (%{customdata[1]})<extra></extra>")
    fig.add_bar(y=regions, x=table["authorities"] - table["responded"], orientation="h", name="Did not respond",
                marker={"color": LIGHT_GREY, "pattern": {"shape": "/", "fgcolor": "#8A8A8A", "size": 6, "solidity": 0.2}},
                customdata=table["authorities"],
                hovertemplate="<b>%{y}</b><br>%{x} of %{customdata} authorities did not respond<extra></extra>")
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(**count_axis(float(table["authorities"].max())))
    return _layout(fig, title, x_title="Local authorities", height=_bar_height(len(table)))


def hex_map(cells: pd.DataFrame, title: str = "Which local authorities responded", not_drawn: Sequence[str] = ()) -> go.Figure:
    """Hex cartogram of English local authorities coloured by response and adoption status.

    One trace per status, so the legend toggles groups. Hexes are pointy-topped markers on an
    ``odd-r`` offset grid (see :func:`analyse.hex_cells`), with equal axis scales; a hex split between
    authorities (``scale`` below 1) is drawn as smaller hexagons side by side, one per authority.
    """
    if cells.empty:
        return _empty(title, "No local authority hexes to draw")
    order = ["In use", "Piloting", "Planning", "Not using", "Don't know", analyse.NO_ANSWER, "Responded (not attributed)",
             "No response", analyse.OUTSIDE]
    regional = (cells["status"] == analyse.OUTSIDE).any() and (cells["status"] != analyse.OUTSIDE).any()
    if regional:  # a regional briefing draws only its own region's authorities
        cells = cells[cells["status"] != analyse.OUTSIDE]
    statuses = [s for s in order if s in set(cells["status"])] + sorted(set(cells["status"]) - set(order))
    top, bottom = 60, 40
    x_range = [float(cells["x"].min()) - 0.8, float(cells["x"].max()) + 0.8]
    y_range = [float(cells["y"].min()) - 0.8, float(cells["y"].max()) + 0.8]
    height = int(min(760, max(360, 42 * (y_range[1] - y_range[0]) + top + bottom)))
    unit = (height - top - bottom) / (y_range[1] - y_range[0])  # pixels per hex width when the height binds
    size = max(6.0, unit * 0.98)
    fig = go.Figure()
    for status in statuses:
        part = cells[cells["status"] == status]
        hover = [
            f"<b>{esc(names)}</b><br>{esc(status)}" + (f"<br>Drawn in the place of {esc(old)}, split between the "
                                                       f"{n} authorities that replaced it" if n > 1 else "")
            for names, n, old in zip(part["names"], part["authorities"], part["hex_name"])
        ]
        scale = part["scale"] if "scale" in part else pd.Series(1.0, index=part.index)
        code = STATUS_CODES.get(status, "")
        fig.add_scatter(
            x=part["x"], y=part["y"], mode="markers+text" if code else "markers",
            name=esc(status) + (f" ({code})" if code else ""), text=[code] * len(part), textposition="middle center",
            textfont={"size": [max(6, int(size * f * 0.42)) for f in scale],
                      "color": "#FFFFFF" if status in DARK_STATUSES else "#1b1b1b"},
            marker={"symbol": "hexagon", "size": [size * f for f in scale], "color": STATUS_COLOURS.get(status, GREY),
                    "line": {"width": 1, "color": "#BBBBBB" if status in ("No response", analyse.OUTSIDE) else "#FFFFFF"}},
            hovertext=hover, hoverinfo="text",
        )
    fig.update_xaxes(visible=False, range=x_range, scaleanchor="y", scaleratio=1, constrain="domain", fixedrange=False)
    fig.update_yaxes(visible=False, range=y_range, constrain="domain")
    _layout(fig, title, height=height)
    fig.update_layout(legend={"orientation": "v", "y": 0.98, "yanchor": "top", "x": 0.0, "title": {"text": "Adoption of AI"},
                              "itemsizing": "constant"},
                      margin={"l": 10, "r": 10, "t": top, "b": bottom})
    _needs_width(fig, 560)
    if not_drawn:
        fig.add_annotation(text="Not drawn: " + esc(", ".join(not_drawn)), showarrow=False, xref="paper", yref="paper",
                           x=0, y=0, yanchor="top", xanchor="left", font={"size": 11, "color": "#555"})
    return fig


# --------------------------------------------------------------------------------------------- adoption


def adoption(table: pd.DataFrame, title: str = "Is your organisation using AI tools in children's social care?") -> go.Figure:
    """Answers to ``uses_ai`` (a :func:`analyse.count_by` table)."""
    return hbar(table, "uses_ai", "respondents", title, colours=STATUS_COLOURS)


def _legend_below(height: int, bottom: int) -> dict:
    """A horizontal legend under the axis title: it may wrap onto more lines on a narrow screen, covering nothing."""
    return {"orientation": "h", "yanchor": "top", "y": -70 / max(1, height - bottom - 50), "xanchor": "left", "x": 0,
            "traceorder": "normal"}


def adoption_by(long: pd.DataFrame, group: str, title: str) -> go.Figure:
    """100% stacked bars of ``uses_ai`` within each region or organisation type, with a count/percent switch.

    ``long`` is an :func:`analyse.crosstab` table. The suppressed cells of a row are drawn together as one
    hatched "suppressed" segment (their sum is the row total less the cells shown, already public), and each
    status has a fill pattern as well as a colour.
    """
    if long.empty:
        return _empty(title)
    groups = list(dict.fromkeys(long[group]))
    statuses = list(dict.fromkeys(long["uses_ai"]))
    fig = go.Figure()
    percents, counts = [], []
    for i, status in enumerate(statuses):
        part = long[long["uses_ai"] == status].set_index(group).reindex(groups)
        count = [0 if pd.isna(v) else int(v) for v in part["respondents"]]
        pct = [0.0 if pd.isna(v) else float(v) for v in part["percent"]]
        hover = [
            f"<b>{esc(g)}</b><br>{esc(status)}: " + ("suppressed (small number)" if s else f"{c} of {t} ({percent_text(p)})")
            for g, c, p, s, t in zip(groups, count, pct, part["suppressed"], part["row_total"])
        ]
        fig.add_bar(y=[_wrap(esc(g)) for g in groups], x=pct, orientation="h", name=esc(status),
                    marker={"color": STATUS_COLOURS.get(status, GREY),
                            "pattern": {"shape": PATTERNS[i % len(PATTERNS)], "fgcolor": "#FFFFFF", "size": 7,
                                        "solidity": 0.25}},
                    hovertext=hover, hoverinfo="text")
        percents.append(pct)
        counts.append(count)
    by_group = long.groupby(group, sort=False)
    hidden_rows = [g for g in groups if by_group.get_group(g)["suppressed"].astype(bool).any()]
    if hidden_rows:
        rows = by_group.agg(total=("row_total", "first"), shown_n=("respondents", "sum"), shown_p=("percent", "sum"),
                            cells=("suppressed", "sum"))
        pct = [max(0.0, 100.0 - float(rows.at[g, "shown_p"])) if g in hidden_rows else 0.0 for g in groups]
        count = [int(rows.at[g, "total"]) - int(rows.at[g, "shown_n"]) if g in hidden_rows and pd.notna(rows.at[g, "total"])
                 else 0 for g in groups]
        hover = [f"<b>{esc(g)}</b><br>{int(rows.at[g, 'cells'])} answers suppressed (small numbers), "
                 f"together {c} respondents" for g, c in zip(groups, count)]
        fig.add_bar(y=[_wrap(esc(g)) for g in groups], x=pct, orientation="h", name=SUPPRESSED,
                    marker={"color": "#FFFFFF", "line": {"color": "#404040", "width": 1}, "pattern": SUPPRESSED_PATTERN},
                    hovertext=hover, hoverinfo="text")
        percents.append(pct)
        counts.append(count)
    top = max((sum(c) for c in zip(*counts)), default=1)
    fig.update_layout(
        barmode="stack",
        updatemenus=[{
            "type": "buttons", "direction": "right", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom",
            "showactive": True, "pad": {"l": 0, "b": 4},
            "buttons": [
                {"label": "Percent", "method": "update",
                 "args": [{"x": percents}, {"xaxis.title.text": "Percent of respondents", "xaxis.range": [0, 100],
                                            "xaxis.dtick": 20, "xaxis.nticks": 0}]},
                {"label": "Number", "method": "update",
                 "args": [{"x": counts}, {"xaxis.title.text": "Respondents", "xaxis.range": [0, top * 1.02],
                                          **{f"xaxis.{k}": v for k, v in count_axis(top).items()}}]},
            ],
        }],
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 100], tick0=0, dtick=20, tickformat=",d")
    height = _bar_height(len(groups)) + 110
    _layout(fig, title, x_title="Percent of respondents", height=height)
    fig.update_layout(margin={"t": 50, "b": 130}, legend=_legend_below(height, 130))
    return fig


def tool_source(table: pd.DataFrame, title: str = "Commercial products, in-house tools, or both") -> go.Figure:
    """Answers to ``tool_source`` (an :func:`analyse.tool_source_mix` table)."""
    colours = {"Commercial only": OKABE_ITO["blue"], "In-house only": OKABE_ITO["orange"],
               "Both commercial and in-house": OKABE_ITO["bluish_green"], "Not applicable": GREY, analyse.NO_ANSWER: LIGHT_GREY}
    return hbar(table, "tool_source", "respondents", title, colours=colours)


# --------------------------------------------------------------------------------------------- tools


def tool_register(long: pd.DataFrame, register: pd.DataFrame, title: str = "Tools named by respondents") -> go.Figure:
    """Stacked bars of organisations per tool by the status they report (an :func:`analyse.tool_status_long` table).

    A tool whose status counts are suppressed gets a hatched segment for the organisations not shown by status
    (the tool's published total less the statuses shown) and the word "suppressed" at the end of its bar.
    """
    if long.empty:
        return _empty(title, "No tools were named")
    tools = list(dict.fromkeys(long["tool"]))
    info = register.set_index("tool")
    fig = go.Figure()
    shown = pd.Series(0, index=tools)
    for i, status in enumerate(analyse.STATUS_ORDER):
        part = long[long["status"] == status].set_index("tool").reindex(tools)
        values = [0 if pd.isna(v) else int(v) for v in part["respondents"]]
        if status not in NOT_USERS:
            shown += values
        if not any(values):
            continue
        hover = [
            f"<b>{esc(t)}</b><br>{esc(info.at[t, 'vendor']) or 'Vendor not known'} · {esc(info.at[t, 'provenance'])}"
            f"<br>{esc(analyse.STATUS_LABELS[status])}: {'not shown (small number)' if pd.isna(n) else int(n)}"
            for t, n in zip(tools, part["respondents"])
        ]  # a hidden count is drawn as no bar, never said to be 0
        fig.add_bar(y=[esc(t) for t in tools], x=values, orientation="h", name=esc(analyse.STATUS_LABELS[status]),
                    marker={"color": TOOL_STATUS_COLOURS[status],
                            "pattern": {"shape": PATTERNS[i % len(PATTERNS)], "fgcolor": "#FFFFFF", "size": 7,
                                        "solidity": 0.25}},
                    hovertext=hover, hoverinfo="text")
    hidden = long.groupby("tool", sort=False)["respondents"].apply(lambda v: bool(v.isna().any())).reindex(tools)
    if hidden.any():
        organisations = pd.to_numeric(info["organisations"].reindex(tools), errors="coerce").fillna(0)
        rest = [max(0, int(n) - int(k)) if h else 0 for n, k, h in zip(organisations, shown, hidden)]
        fig.add_bar(y=[esc(t) for t in tools], x=rest, orientation="h", name=SUPPRESSED,
                    marker={"color": "#FFFFFF", "line": {"color": "#404040", "width": 1}, "pattern": SUPPRESSED_PATTERN},
                    hovertext=[f"<b>{esc(t)}</b><br>Some status counts suppressed (small numbers): {r} organisations "
                               "not shown by status" for t, r in zip(tools, rest)], hoverinfo="text")
        ends = [max(int(n), int(k)) for n, k in zip(organisations, shown)]
        _suppressed_marks(fig, [esc(t) for t, h in zip(tools, hidden) if h], [x for x, h in zip(ends, hidden) if h])
    totals = long.groupby("tool", sort=False)["respondents"].sum().reindex(tools)
    peaks = [pd.to_numeric(totals, errors="coerce").max(),
             pd.to_numeric(info["organisations"].reindex(tools), errors="coerce").max()]
    top = max([float(x) for x in peaks if not pd.isna(x)] or [1.0])
    height = _bar_height(len(tools)) + 90
    fig.update_layout(barmode="stack", legend=_legend_below(height, 120))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, top * 1.22], **count_axis(top * 1.22))
    _layout(fig, title, x_title="Organisations", height=height)
    return fig.update_layout(margin={"b": 120})


def themes(table: pd.DataFrame, title: str, colour: str = OKABE_ITO["blue"], value_title: str = "Respondents") -> go.Figure:
    """Respondents per theme (a :func:`analyse.theme_counts` table)."""
    return hbar(table, "label", "respondents", title, value_title=value_title, colour=colour)


def barrier_sankey(links: pd.DataFrame, title: str = "Barriers and how the same respondents overcame them") -> go.Figure:
    """Sankey from barrier themes (left) to the themes of the same respondents' ``barriers_overcome`` answers (right)."""
    if links.empty:
        return _empty(title, "No barriers were coded")
    hidden = int(links["respondents"].isna().sum())
    links = links[links["respondents"].notna()]
    if links.empty:
        return _empty(title, f"All {hidden} links are suppressed (small numbers)")
    left = list(links.groupby("barrier_label", sort=True)["respondents"].sum().sort_values(ascending=False, kind="stable").index)
    totals = links.groupby("overcome_label", sort=True)["respondents"].sum().sort_values(ascending=False, kind="stable")
    right = [o for o in totals.index if o not in ("Other themes", "No coded answer")]
    right += [o for o in ("Other themes", "No coded answer") if o in totals.index]
    labels = [esc(b) for b in left] + [esc(o) for o in right]
    colours = [OKABE_ITO["vermillion"]] * len(left) + [
        LIGHT_GREY if o in ("No coded answer", "Other themes") else OKABE_ITO["bluish_green"] for o in right
    ]
    source = [left.index(b) for b in links["barrier_label"]]
    target = [len(left) + right.index(o) for o in links["overcome_label"]]
    hover = [f"{esc(b)} → {esc(o)}" for b, o in zip(links["barrier_label"], links["overcome_label"])]
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": labels, "color": colours, "pad": 12, "thickness": 16, "line": {"width": 0},
              "hovertemplate": "%{label}<br>%{value} links<extra></extra>"},
        link={"source": source, "target": target, "value": [int(v) for v in links["respondents"]], "customdata": hover,
              "color": "rgba(0,114,178,0.25)", "hovertemplate": "%{customdata}<br>%{value} respondents<extra></extra>"},
    ))
    fig.add_annotation(text="<b>Barrier</b>", x=0, y=1.06, xref="paper", yref="paper", showarrow=False, xanchor="left")
    fig.add_annotation(text="<b>How it was overcome</b>", x=1, y=1.06, xref="paper", yref="paper", showarrow=False, xanchor="right")
    _layout(fig, title, height=max(420, 30 * max(len(left), len(right)) + 120))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 90, "b": 50 if hidden else 20})
    _needs_width(fig, 640)
    if hidden:
        fig.add_annotation(text=f"Not drawn: {hidden} suppressed links (fewer respondents than the threshold, or "
                           "revealing one); the table lists them.", showarrow=False, xref="paper", yref="paper",
                           x=0, y=0, yshift=-14, xanchor="left", yanchor="top", font={"size": 11, "color": "#404040"})
    return fig


def _grid(long: pd.DataFrame, row: str, column: str, value: str, rows: Sequence[str], cols: Sequence[str]
          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts (``NaN`` where suppressed) and a suppressed mask of a long table, as ``rows`` × ``cols`` grids."""
    flags = long["suppressed"].astype(bool) if "suppressed" in long else long[value].isna()
    frame = long.assign(_n=pd.to_numeric(long[value], errors="coerce").where(~flags), _s=flags)
    counts = frame.pivot_table(index=row, columns=column, values="_n", aggfunc="sum", fill_value=0)
    mask = frame.pivot_table(index=row, columns=column, values="_s", aggfunc="max", fill_value=False)
    mask = mask.reindex(index=rows, columns=cols, fill_value=False).astype(bool)
    return counts.reindex(index=rows, columns=cols, fill_value=0).mask(mask), mask


def _heat_traces(grid: pd.DataFrame, mask: pd.DataFrame, visible: bool = True, zmax: float | None = None
                 ) -> list[go.Heatmap]:
    """The counts, written in their cells, and an overlay that greys and labels every suppressed cell."""
    x, y = [esc(c) for c in grid.columns], [_wrap(esc(r), 34) for r in grid.index]
    names = [[f"{esc(c)} × {esc(r)}" for c in grid.columns] for r in grid.index]
    z = [[None if pd.isna(v) else int(v) for v in r] for r in grid.to_numpy().tolist()]
    top = zmax if zmax is not None else max([v for r in z for v in r if v is not None] + [1])
    counts = go.Heatmap(
        z=z, x=x, y=y, text=[[str(v) if v else "" for v in r] for r in z], texttemplate="%{text}", visible=visible,
        colorscale=SEQUENTIAL, zmin=0, zmax=top, hoverongaps=False,
        colorbar={"title": {"text": "Respondents"}, **count_axis(top)},
        customdata=names, hovertemplate="%{customdata}<br>%{z} respondents<extra></extra>", xgap=1, ygap=1,
    )
    hidden = mask.to_numpy().tolist()
    overlay = go.Heatmap(
        z=[[1 if h else None for h in r] for r in hidden], x=x, y=y, visible=visible, showscale=False,
        colorscale=[[0, "#BDBDBD"], [1, "#BDBDBD"]], zmin=0, zmax=1, hoverongaps=False, xgap=1, ygap=1,
        text=[["s" if h else "" for h in r] for r in hidden], texttemplate="%{text}", textfont={"color": "#1b1b1b"},
        customdata=names, hovertemplate="%{customdata}<br>suppressed (small number)<extra></extra>",
    )
    return [counts, overlay]


_HEAT_NOTE = "Grey cells marked s: suppressed (small number). Blank white cells: none."


def heatmap(long: pd.DataFrame, row: str, column: str, value: str, title: str, row_title: str, column_title: str,
            column_label: str | None = None) -> go.Figure:
    """Heatmap of a long table (e.g. theme × tool), counts written in the cells, suppressed cells marked."""
    if long.empty:
        return _empty(title, "Nothing to cross-tabulate")
    rows = list(dict.fromkeys(long[row]))
    label_col = column_label or column
    cols = list(dict.fromkeys(long.sort_values(column)[label_col]))
    fig = go.Figure(_heat_traces(*_grid(long, row, label_col, value, rows, cols)))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-40, side="bottom")
    _note(fig, _HEAT_NOTE)
    return _layout(fig, title, x_title=column_title, y_title=row_title, height=max(420, 34 * len(rows) + 260))


def _note(fig: go.Figure, text: str) -> None:
    """A small grey line of explanation above the plot, under the buttons."""
    fig.add_annotation(text=esc(text), showarrow=False, xref="paper", yref="paper", x=0, y=1.0, yshift=4,
                       xanchor="left", yanchor="bottom", font={"size": 11, "color": "#404040"})


def tool_theme_heatmap(long: pd.DataFrame, title: str = "Which tools go with which themes") -> go.Figure:
    """Themes (rows) × tools (columns), one panel per theme group chosen with buttons.

    ``long`` is an :func:`analyse.tool_theme_matrix` table; each panel is two traces (counts, suppressed cells).
    """
    if long.empty:
        return _empty(title, "No tools and themes to cross-tabulate")
    tools = list(dict.fromkeys(long["tool"]))
    peak = pd.to_numeric(long["respondents"], errors="coerce").max()
    zmax = 1.0 if pd.isna(peak) else float(peak)
    groups = [g for g in analyse.THEME_GROUPS if (long["theme"].map(analyse.theme_group) == g).any()]
    fig = go.Figure()
    sizes = []
    for i, group in enumerate(groups):
        part = long[long["theme"].map(analyse.theme_group) == group]
        order = pd.to_numeric(part["respondents"], errors="coerce").groupby(part["label"]).sum()
        order = order.sort_values(ascending=False, kind="stable").index
        fig.add_traces(_heat_traces(*_grid(part, "label", "tool", "respondents", list(order), tools),
                                    visible=(i == 0), zmax=zmax))
        sizes.append(len(order))
    buttons = [
        {"label": esc(analyse.THEME_GROUPS[g]), "method": "update",
         "args": [{"visible": [j // 2 == i for j in range(2 * len(groups))]}]}
        for i, g in enumerate(groups)
    ]
    fig.update_layout(updatemenus=[{"type": "buttons", "direction": "right", "buttons": buttons, "showactive": True,
                                    "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom", "pad": {"b": 24}}])
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-40, side="bottom")
    _note(fig, _HEAT_NOTE)
    _needs_width(fig, 720)
    _layout(fig, title, x_title="Tool", height=max(460, 38 * max(sizes) + 300))
    fig.update_layout(margin={"t": 110})
    return fig


def single_view(table: pd.DataFrame, title: str = "Use of single-view systems") -> go.Figure:
    """Answers to ``single_view``."""
    colours = {"Extensive": OKABE_ITO["blue"], "Moderate": OKABE_ITO["sky_blue"], "Limited": OKABE_ITO["bluish_green"],
               "Not at all": OKABE_ITO["orange"], "Don't know": GREY, analyse.NO_ANSWER: LIGHT_GREY}
    return hbar(table, "single_view", "respondents", title, colours=colours)


# --------------------------------------------------------------------------------------------- tables


def _json_for_script(data: object) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` become ``\\u`` escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _cell_text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def table_data(frame: pd.DataFrame, columns: Mapping[str, str] | None = None) -> dict:
    """Column-wise dictionary encoding of a table: repeated values (types, regions, themes) stored once."""
    names = dict(columns or {c: c for c in frame.columns})
    frame = round_percents(frame)  # a share is rounded once, as in the CSV
    values, rows = [], []
    indexes = []
    for column in names:
        texts = [_cell_text(v) for v in frame[column]]
        uniques = list(dict.fromkeys(texts))
        lookup = {t: i for i, t in enumerate(uniques)}
        values.append(uniques)
        indexes.append([lookup[t] for t in texts])
    rows = [list(r) for r in zip(*indexes)] if indexes else []
    numeric = [bool(pd.api.types.is_numeric_dtype(frame[c])) and not pd.api.types.is_bool_dtype(frame[c]) for c in names]
    wide = [bool(v) and sum(map(len, v)) / len(v) > 60 for v in values]
    return {"headers": list(names.values()), "values": values, "rows": rows, "numeric": numeric, "wide": wide}


def table_html(frame: pd.DataFrame, table_id: str, caption: str, columns: Mapping[str, str] | None = None,
               page_size: int = 25) -> str:
    """A sortable, searchable, paged table whose rows are drawn by :func:`table_assets`' script.

    Blank (suppressed) numbers sort last whichever way a column is sorted.

    The data travel as JSON inside ``<script type="application/json">`` (with ``<``, ``>`` and ``&``
    escaped) and cells are filled with ``textContent``, so response text can never become markup.
    Headers and caption are HTML-escaped. A printed copy shows the first :data:`PRINT_ROWS` rows (in the
    current order and filter) and says that the full table is in the CSV file.
    """
    data = table_data(frame, columns)
    head = "".join(
        f'<th scope="col"><button type="button" class="sort" data-col="{i}">{esc(h)}</button></th>'
        for i, h in enumerate(data["headers"])
    )
    tid = esc(table_id)
    return (
        f'<div class="synth-table" data-page-size="{int(page_size)}">'
        f'<label class="synth-search">Search <input type="search" aria-controls="{tid}" placeholder="Type to filter rows"></label>'
        f' <span class="synth-count" aria-live="polite"></span>'
        f'<div class="synth-scroll"><table id="{tid}"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody></tbody></table></div>"
        f'<noscript><p>This table needs JavaScript; its data are in the CSV file of the same name.</p></noscript>'
        f'<p class="synth-print-note"></p>'
        f'<div class="synth-pager"><button type="button" class="prev">Previous</button> '
        f'<span class="page"></span> <button type="button" class="next">Next</button></div>'
        f'<script type="application/json" class="synth-data">{_json_for_script(data)}</script></div>'
    )


_TABLE_CSS = """
.synth-table{margin:0.5em 0 1.5em;font-size:0.9rem}
.synth-table .synth-scroll{max-width:100%;overflow-x:auto}
.synth-table table{border-collapse:collapse;width:100%}
.synth-table caption{text-align:left;font-weight:600;padding:0.3em 0}
.synth-table th,.synth-table td{border-bottom:1px solid #ddd;padding:0.3em 0.5em;text-align:left;vertical-align:top}
.synth-table td.num{text-align:right}
.synth-table td.wide{min-width:22em}
.synth-table th{background:#f3f3f3}
.synth-table th button{all:unset;cursor:pointer;font-weight:600}
.synth-table th button:focus-visible{outline:2px solid #0072B2}
.synth-table th[aria-sort=ascending] button::after{content:" \\25B2"}
.synth-table th[aria-sort=descending] button::after{content:" \\25BC"}
.synth-table input{font:inherit;padding:0.2em 0.4em;margin-left:0.3em;min-width:16em}
.synth-table .synth-pager{margin-top:0.4em}
.synth-table .synth-pager button{font:inherit}
.synth-table .synth-print-note{display:none}
@media print{.synth-table input,.synth-table .synth-pager,.synth-table .synth-count,.synth-search{display:none}
.synth-table .synth-print-note{display:block;font-style:italic;margin:0.2em 0}
.synth-table tr{break-inside:avoid}
.synth-table .synth-scroll{overflow:visible}
.synth-table td.wide{min-width:0}
.synth-table thead{display:table-row-group}}
"""

#: rows of each searchable table in a printed copy (the CSV holds them all)
PRINT_ROWS = 10

_TABLE_JS = """
(function(){
var PRINT_ROWS=%d;
function setup(box){
  var data=JSON.parse(box.querySelector('script.synth-data').textContent);
  var table=box.querySelector('table'), tbody=table.tBodies[0], input=box.querySelector('input');
  var count=box.querySelector('.synth-count'), pageLabel=box.querySelector('.page'), note=box.querySelector('.synth-print-note');
  var size=parseInt(box.getAttribute('data-page-size')||'25',10), page=0, printing=false;
  var rows=data.rows.map(function(r){return r.map(function(v,c){return data.values[c][v];});});
  var haystack=rows.map(function(r){return r.join(' \\u0001 ').toLowerCase();});
  var order=rows.map(function(_,i){return i;}), shown=order.slice();
  function draw(){
    var pages=Math.max(1,Math.ceil(shown.length/size)); if(page>=pages){page=pages-1;}
    var from=printing?0:page*size, to=printing?Math.min(shown.length,PRINT_ROWS):Math.min(shown.length,(page+1)*size);
    var frag=document.createDocumentFragment();
    for(var i=from;i<to;i++){
      var tr=document.createElement('tr'), r=rows[shown[i]];
      for(var c=0;c<r.length;c++){var td=document.createElement('td'); td.textContent=r[c]; if(data.numeric[c]){td.className='num';} else if(data.wide[c]){td.className='wide';} tr.appendChild(td);}
      frag.appendChild(tr);
    }
    tbody.textContent=''; tbody.appendChild(frag);
    count.textContent=shown.length+' of '+rows.length+' rows';
    pageLabel.textContent='Page '+(page+1)+' of '+pages;
    box.querySelector('.synth-pager').style.display=(pages>1)?'':'none';
    note.textContent=(shown.length>PRINT_ROWS)?('Printed copy: the first '+PRINT_ROWS+' of '+shown.length+' rows. The full table is in the CSV file of the same name in the tables folder.'):'';
  }
  if(rows.length<=size){box.querySelector('.synth-search').style.display='none'; count.style.display='none';}
  function filter(){
    var q=input.value.toLowerCase().trim();
    shown=order.filter(function(i){return !q || haystack[i].indexOf(q)>=0;});
  }
  input.addEventListener('input',function(){filter(); page=0; draw();});
  box.querySelector('.prev').addEventListener('click',function(){ if(page>0){page--;draw();} });
  box.querySelector('.next').addEventListener('click',function(){ page++; draw(); });
  var ths=table.tHead.rows[0].cells;
  Array.prototype.forEach.call(ths,function(th,col){
    th.querySelector('button').addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(ths,function(o){o.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var num=data.numeric[col];
      order.sort(function(a,b){
        var x=rows[a][col], y=rows[b][col];
        if(num){x=parseFloat(x); y=parseFloat(y); if(isNaN(x)||isNaN(y)){return isNaN(x)&&isNaN(y)?a-b:(isNaN(x)?1:-1);}}
        else {x=x.toLowerCase(); y=y.toLowerCase();}
        var c=x<y?-1:(x>y?1:a-b); return asc?c:-c;
      });
      filter(); draw();
    });
  });
  function setPrinting(on){ if(on!==printing){printing=on; draw();} }
  window.addEventListener('beforeprint',function(){setPrinting(true);});
  window.addEventListener('afterprint',function(){setPrinting(false);});
  if(window.matchMedia){ var mq=window.matchMedia('print'); var f=function(e){setPrinting(e.matches);};
    if(mq.addEventListener){mq.addEventListener('change',f);} else if(mq.addListener){mq.addListener(f);} }
  draw();
}
function init(){ Array.prototype.forEach.call(document.querySelectorAll('.synth-table:not([data-ready])'),function(b){b.setAttribute('data-ready','1'); setup(b);}); }
window.synthTables=init;
if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',init);} else {init();}
})();
"""


def table_assets() -> str:
    """CSS and script for :func:`table_html` tables; include once per page."""
    return f"<style>{_TABLE_CSS}</style><script>{_TABLE_JS % PRINT_ROWS}</script>"


def table_init() -> str:
    """Script that sets up tables added after :func:`table_assets` ran (call after each table)."""
    return "<script>window.synthTables && window.synthTables();</script>"


# --------------------------------------------------------------------------------------------- notebook display


#: narrowest width (px) a chart is drawn at; on a narrower screen its box scrolls sideways (``layout.meta.min_width``)
MIN_WIDTH = 420


def _needs_width(fig: go.Figure, pixels: int) -> go.Figure:
    """Mark a chart that cannot be read narrower than ``pixels`` (a map, a flow, a grid)."""
    return fig.update_layout(meta={"min_width": int(pixels)})


def figure_html(fig: go.Figure, chart_id: str, alt: str = "", data_link: str | None = None) -> str:
    """The figure as an HTML fragment without plotly.js, in a ``<figure>`` with a text alternative.

    The title is taken out of the plot and set as HTML above it, where it wraps on a narrow screen; the plot
    sits in a box that scrolls sideways when the screen is narrower than the plot's minimum width. The
    caption (``alt``) states the chart's figures in words. The div id is fixed (``chart_id``) so the same
    data gives the same HTML.
    """
    title = html.unescape(fig.layout.title.text or "")
    fig = go.Figure(fig).update_layout(title_text="")
    if fig.layout.margin.t is None:
        fig.update_layout(margin_t=24)
    cid = esc(chart_id)
    div = pio.to_html(fig, include_plotlyjs=False, include_mathjax=False, full_html=False, div_id=cid,
                      config=CONFIG, default_width="100%", validate=True)
    caption = esc(alt)
    if data_link:
        caption += f' <a href="{esc(data_link)}">Data (CSV)</a>'
    heading = f'<p class="synth-chart-title" id="{cid}-title">{esc(title)}</p>' if title else ""
    label = f'aria-labelledby="{cid}-title"' if title else 'aria-label="Chart"'
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    width = int(meta.get("min_width", MIN_WIDTH))
    return (f'<figure class="synth-chart" role="group" {label}>{heading}'
            f'<div class="synth-plot" style="--min-width:{width}px">{div}</div>'
            f"<figcaption>{caption}</figcaption></figure>")


def plotly_js_html() -> str:
    """plotly.js inline, to include once at the top of a notebook or page."""
    from plotly.offline import get_plotlyjs

    return f'<script type="text/javascript">window.PlotlyConfig = {{MathJaxConfig: "local"}};</script><script type="text/javascript">{get_plotlyjs()}</script>'


class _OfflineRenderer(pio.base_renderers.MimetypeRenderer):
    """Renderer that emits a figure as HTML relying on the plotly.js included once by :func:`notebook_setup`."""

    def to_mimebundle(self, fig_dict):  # noqa: D102 - plotly interface
        digest = hashlib.sha1(json.dumps(fig_dict, sort_keys=True, default=str).encode()).hexdigest()[:12]
        return {"text/html": figure_html(go.Figure(fig_dict), f"chart-{digest}")}


pio.renderers["synthesis_offline"] = _OfflineRenderer()


def notebook_setup() -> None:
    """Pin plotly to the offline renderer and display plotly.js and the table script once."""
    from IPython.display import HTML, display

    pio.renderers.default = "synthesis_offline"
    display(HTML(plotly_js_html() + table_assets()))


def show(fig: go.Figure, chart_id: str, alt: str = "", data_link: str | None = None) -> None:
    """Display a figure in the notebook (HTML with a fixed div id and a caption)."""
    from IPython.display import HTML, display

    display(HTML(figure_html(fig, chart_id, alt, data_link)))


def _flags(table: pd.DataFrame, value: str) -> pd.Series:
    """Which rows' ``value`` is hidden: marked suppressed, or blank."""
    blank = table[value].isna()
    return (table["suppressed"].astype(bool) | blank) if "suppressed" in table else blank


def count_text(v: object, p: object = None) -> str:
    """A count as the page shows it, with its share when known: "52 (38%)", or "suppressed"."""
    if v is None or pd.isna(v):
        return "suppressed"
    pct = f" ({percent_text(float(p))})" if p is not None and not pd.isna(p) else ""
    return f"{int(v):,}{pct}"


def describe_bars(table: pd.DataFrame, category: str, value: str, what: str, percent: str = "percent") -> str:
    """Text alternative for a bar chart: every bar's figure, largest first, then what is suppressed or zero."""
    if table.empty:
        return f"No {what}."
    hidden = _flags(table, value).to_numpy(dtype=bool)
    numbers = pd.to_numeric(table[value], errors="coerce")
    positive = (numbers.fillna(0) > 0).to_numpy(dtype=bool)
    shown = table.assign(_n=numbers)[~hidden & positive].sort_values("_n", ascending=False, kind="stable")
    pcts = shown[percent] if percent in shown else [None] * len(shown)
    parts = [f"{c} {count_text(v, p)}" for c, v, p in zip(shown[category], shown["_n"], pcts)]
    text = f"Bar chart of {what}" + (", largest first: " + "; ".join(parts) if parts else "") + "."
    if hidden.any():
        text += " Suppressed (small numbers): " + ", ".join(map(str, table.loc[hidden, category])) + "."
    zeros = table.loc[~hidden & ~positive, category]
    if len(zeros):
        text += " None: " + ", ".join(map(str, zeros)) + "."
    return text


def describe_stacked(long: pd.DataFrame, group: str, series: str, value: str, what: str, labels: Mapping[str, str] | None = None) -> str:
    """Text alternative for stacked bars: per bar, each part's figure, and how many parts are suppressed."""
    if long.empty:
        return f"No {what}."
    hidden = _flags(long, value)
    bars = []
    for name, rows in long.assign(_hidden=hidden).groupby(group, sort=False):
        parts = [f"{(labels or {}).get(k, k)} {int(v)}" for k, v, h in zip(rows[series], rows[value], rows["_hidden"])
                 if not h and not pd.isna(v) and int(v) > 0]
        n_hidden = int(rows["_hidden"].sum())
        if n_hidden:
            parts.append(f"{n_hidden} {'count' if n_hidden == 1 else 'counts'} suppressed")
        total = f" (of {int(rows['row_total'].iloc[0])})" if "row_total" in rows and pd.notna(rows["row_total"].iloc[0]) else ""
        bars.append(f"{name}{total}: " + (", ".join(parts) or "none"))
    return f"Stacked bars of {what}. " + "; ".join(bars) + "."


def describe_weeks(table: pd.DataFrame) -> str:
    """Text alternative for the responses-per-week chart: every week's count."""
    if table.empty:
        return "No submission dates."
    parts = [f"{w} {'suppressed' if pd.isna(n) else int(n)}" for w, n in zip(table["week"], table["respondents"])]
    return f"Bar chart of responses per week, {len(table)} weeks (week starting): " + "; ".join(parts) + "."


def describe_links(links: pd.DataFrame, top: int = 8) -> str:
    """Text alternative for the barrier flow: the largest links and how many are suppressed."""
    if links.empty:
        return "No barriers were coded."
    hidden = links["respondents"].isna()
    shown = links[~hidden].sort_values("respondents", ascending=False, kind="stable").head(top)
    parts = [f"{b} to {o} {int(n)}" for b, o, n in zip(shown["barrier_label"], shown["overcome_label"], shown["respondents"])]
    text = (f"Flow diagram from each barrier (left) to how the same respondents said they overcame it (right), "
            f"{int((~hidden).sum())} links drawn; the largest: " + "; ".join(parts) + ".")
    if hidden.any():
        text += f" {int(hidden.sum())} links are suppressed (small numbers) and not drawn."
    return text


def describe_heatmap(long: pd.DataFrame, row: str, column: str, value: str, what: str, top: int = 8) -> str:
    """Text alternative for a heatmap: its size, the largest cells and how many are suppressed."""
    if long.empty:
        return f"No {what}."
    hidden = _flags(long, value)
    numbers = pd.to_numeric(long[value], errors="coerce")
    shown = long.assign(_n=numbers)[(~hidden & numbers.notna()).to_numpy(dtype=bool)]
    shown = shown.sort_values("_n", ascending=False, kind="stable").head(top)
    parts = [f"{c} with {r} {int(n)}" for c, r, n in zip(shown[column], shown[row], shown["_n"])]
    return (f"Heatmap of {what}: {long[column].nunique()} columns by {long[row].nunique()} rows. Largest cells: "
            + "; ".join(parts) + f". {int(hidden.sum())} cells are suppressed (small numbers).")
