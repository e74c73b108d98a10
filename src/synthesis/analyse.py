"""Aggregation: turn responses, mentions and coded sentences into the small tables behind every chart.

Every function here is pure: DataFrames in, a new DataFrame (or a short list of sentences) out.
Nothing is drawn, escaped or written here; ``charts`` draws and ``publish`` writes.

Inputs follow ``docs/design.md``:

- ``responses``: one row per usable respondent (``respondent_id``, ``organisation_type``, ``region``,
  ``la_code``, ``submitted_at``, ``confidential`` (bool) and the question ids; multi-choice answers are lists).
- ``mentions``: SPEC §4 columns, one row per tool or theme finding.
- ``sentences``: ``respondent_id, question_id, sentence_index, start, end, sentence, themes, tools``.

Counts are numbers of distinct respondents unless a column name says otherwise.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

USES_AI_ORDER = ["In use", "Piloting", "Planning", "Not using", "Don't know"]
SINGLE_VIEW_ORDER = ["Extensive", "Moderate", "Limited", "Not at all", "Don't know"]
ORGANISATION_TYPES = [
    "Local authority",
    "Regional or sub-regional partnership",
    "Children's social care provider",
    "Voluntary or community sector",
    "Technology supplier",
    "Other",
]
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "National",
    "Other",
]
STATUS_ORDER = ["in_use", "piloting", "planned", "stopped", "not_used", "mentioned"]
STATUS_LABELS = {
    "in_use": "In use",
    "piloting": "Piloting",
    "planned": "Planned or considered",
    "stopped": "Stopped or rejected",
    "not_used": "Not used",
    "mentioned": "Mentioned (status not stated)",
}
NO_ANSWER = "No answer"
OUTSIDE = "Outside this briefing"
SUPPRESSED = "suppressed"
THEME_GROUPS = {
    "use": "Purposes",
    "impact": "Impact",
    "risk": "Risks and ethics",
    "governance": "How risks are managed",
    "barrier": "Barriers",
}
# The question whose answers best illustrate each theme group (quotes prefer these).
GROUP_QUESTION = {
    "use": "tools_used",
    "impact": "impact",
    "risk": "risks_ethics",
    "governance": "risks_ethics",
    "barrier": "barriers",
}

MENTION_COLUMNS = [
    "respondent_id", "question_id", "kind", "label", "text", "start", "end", "sentence",
    "negated", "status", "vendor", "category", "provenance", "known",
]
SENTENCE_COLUMNS = ["respondent_id", "question_id", "sentence_index", "start", "end", "sentence", "themes", "tools"]


# --------------------------------------------------------------------------------------------- helpers


def theme_label(theme_id: str, labels: Mapping[str, str] | None = None) -> str:
    """Human label of a theme id, from ``labels`` when given, else derived from the id."""
    if labels and theme_id in labels:
        return str(labels[theme_id])
    tail = theme_id.split(".", 1)[-1]
    return tail.replace("_", " ").capitalize()


def theme_group(theme_id: str) -> str:
    """The prefix of a theme id (``use``, ``impact``, ``risk``, ``governance``, ``barrier``)."""
    return theme_id.split(".", 1)[0]


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _as_list(value: object) -> list:
    if value is None:
        return []
    if isinstance(value, float) and math.isnan(value):
        return []
    if isinstance(value, str):
        return [value] if value else []
    try:
        return list(value)  # list, tuple, numpy array
    except TypeError:
        return [value]


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"yes", "true", "1", "y"}
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)


def _mentions_of(mentions: pd.DataFrame, kind: str) -> pd.DataFrame:
    if mentions is None or mentions.empty:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    return mentions[mentions["kind"] == kind]


def _positive_themes(mentions: pd.DataFrame) -> pd.DataFrame:
    """Theme mentions that are not denied."""
    themes = _mentions_of(mentions, "theme")
    if themes.empty:
        return themes
    return themes[~themes["negated"].map(_bool)]


def filter_responses(
    responses: pd.DataFrame, region: str | None = None, organisation_type: str | None = None
) -> pd.DataFrame:
    """Respondents in ``region`` and of ``organisation_type`` (``None`` or ``""`` = no filter)."""
    keep = pd.Series(True, index=responses.index)
    if region:
        keep &= responses["region"] == region
    if organisation_type:
        keep &= responses["organisation_type"] == organisation_type
    return responses[keep].reset_index(drop=True)


def restrict(frame: pd.DataFrame, respondent_ids: Iterable[str]) -> pd.DataFrame:
    """Rows of ``frame`` (mentions or sentences) that belong to the given respondents."""
    ids = set(respondent_ids)
    return frame[frame["respondent_id"].isin(ids)].reset_index(drop=True)


def confidential_ids(responses: pd.DataFrame) -> set[str]:
    """Respondents who asked not to be attributed: never quoted or named."""
    if "confidential" not in responses:
        return set()
    flags = responses["confidential"].map(_bool)
    return set(responses.loc[flags, "respondent_id"])


# --------------------------------------------------------------------------------------------- suppression


def suppress_counts(counts: pd.DataFrame, threshold: int, margins: bool = False) -> pd.DataFrame:
    """Mask small counts in a table of counts whose totals are published.

    Primary suppression hides every count ``0 < n < threshold``. Secondary suppression then hides
    another cell (the smallest non-zero one, else a zero) in any line (row or column, with its
    total) that has exactly one hidden cell, so no hidden value can be worked out by subtraction;
    this repeats until nothing changes. Zeros are shown unless needed as secondary cells.

    A one-column table is a list whose total is published. With ``margins`` the table gets a
    ``Total`` row and column, which are suppressed like any other cell except the grand total.
    Returns a copy with nullable integer columns where hidden cells are ``<NA>``.
    """
    values = counts.astype("int64")
    if margins:
        values = values.copy()
        values["Total"] = values.sum(axis=1)
        values.loc["Total"] = values.sum(axis=0)
    hidden = (values > 0) & (values < threshold) if threshold and threshold > 1 else values < 0
    if margins:
        hidden.loc["Total", "Total"] = False
    lines = [("column", c) for c in values.columns]
    if values.shape[1] > 1:
        lines += [("row", r) for r in values.index]
    changed = True
    while changed:
        changed = False
        for axis, key in lines:
            mask = hidden[key] if axis == "column" else hidden.loc[key]
            vals = values[key] if axis == "column" else values.loc[key]
            if int(mask.sum()) != 1:
                continue
            free = ~mask
            if margins and key == "Total":
                free &= vals.index != "Total"  # never hide the grand total
            candidates = vals[free & (vals > 0)]
            if candidates.empty:
                candidates = vals[free]
            if candidates.empty:
                continue
            # the smallest other cell; ties broken by position so the result is deterministic
            pick = candidates.sort_values(kind="stable").index[0]
            if axis == "column":
                hidden.loc[pick, key] = True
            else:
                hidden.loc[key, pick] = True
            changed = True
    return values.astype("Int64").mask(hidden)


def suppress_column(table: pd.DataFrame, column: str, threshold: int) -> pd.DataFrame:
    """``table`` with ``column`` masked by :func:`suppress_counts` and a boolean ``suppressed`` column."""
    masked = suppress_counts(table[[column]], threshold)[column]
    out = table.copy()
    out[column] = masked
    out["suppressed"] = masked.isna()
    return out


# --------------------------------------------------------------------------------------------- who responded


def count_by(
    responses: pd.DataFrame, column: str, order: Sequence[str] | None = None, keep_empty: bool = False
) -> pd.DataFrame:
    """Respondents per value of a single-choice ``column``, in ``order`` then by count.

    Columns: ``column``, ``respondents``, ``percent`` (of all respondents). Missing answers are
    counted as ``No answer``. Values in ``order`` with no respondents are kept when ``keep_empty``.
    """
    values = responses[column].map(lambda v: NO_ANSWER if _is_blank(v) else str(v))
    counts = values.value_counts()
    known = list(order or [])
    rest = sorted((v for v in counts.index if v not in known and v != NO_ANSWER), key=lambda v: (-counts[v], v))
    levels = [v for v in known if v != NO_ANSWER and (keep_empty or v in counts.index)] + rest
    if NO_ANSWER in counts.index:
        levels.append(NO_ANSWER)
    total = len(responses)
    rows = [{column: v, "respondents": int(counts.get(v, 0)), "percent": _pct(counts.get(v, 0), total)} for v in levels]
    return pd.DataFrame(rows, columns=[column, "respondents", "percent"])


def count_by_suppressed(
    responses: pd.DataFrame, column: str, threshold: int, order: Sequence[str] | None = None
) -> pd.DataFrame:
    """:func:`count_by` with small counts (and what would reveal them) suppressed."""
    table = suppress_column(count_by(responses, column, order), "respondents", threshold)
    table["percent"] = table["percent"].where(~table["suppressed"])
    return table


def crosstab(
    responses: pd.DataFrame,
    rows: str,
    columns: str,
    row_order: Sequence[str] | None = None,
    column_order: Sequence[str] | None = None,
    threshold: int = 0,
) -> pd.DataFrame:
    """Long table of respondents by two single-choice columns, small counts suppressed.

    Columns: ``rows``, ``columns``, ``respondents`` (``<NA>`` when suppressed), ``suppressed``,
    ``row_total``, ``percent`` (of the row; ``NaN`` when suppressed).
    """
    left = responses[rows].map(lambda v: NO_ANSWER if _is_blank(v) else str(v))
    right = responses[columns].map(lambda v: NO_ANSWER if _is_blank(v) else str(v))
    table = pd.crosstab(left, right)
    r_levels = [v for v in (row_order or []) if v in table.index]
    r_levels += sorted(v for v in table.index if v not in r_levels)
    c_levels = [v for v in (column_order or []) if v in table.columns or v != NO_ANSWER]
    c_levels += sorted(v for v in table.columns if v not in c_levels)
    table = table.reindex(index=r_levels, columns=c_levels, fill_value=0)
    masked = suppress_counts(table, threshold, margins=True)
    row_totals = masked["Total"]
    masked = masked.drop(index="Total", columns="Total")
    long = masked.stack(future_stack=True).rename("respondents").reset_index()
    long.columns = [rows, columns, "respondents"]
    long["suppressed"] = long["respondents"].isna()
    long["row_total"] = long[rows].map(row_totals).astype("Int64")
    long["percent"] = [
        float("nan") if pd.isna(n) or pd.isna(t) else _pct(int(n), int(t))
        for n, t in zip(long["respondents"], long["row_total"])
    ]
    return long


def responses_over_time(responses: pd.DataFrame) -> pd.DataFrame:
    """Responses per submission day with a running total.

    Columns: ``date`` (``YYYY-MM-DD``), ``respondents``, ``cumulative``. Unparseable dates are left out.
    """
    stamps = pd.to_datetime(responses["submitted_at"], errors="coerce", utc=True, format="mixed")
    days = stamps.dropna().dt.strftime("%Y-%m-%d")
    counts = days.value_counts().sort_index()
    out = pd.DataFrame({"date": counts.index.astype(str), "respondents": counts.to_numpy(dtype="int64")})
    out["cumulative"] = out["respondents"].cumsum()
    return out.reset_index(drop=True)


def la_coverage(responses: pd.DataFrame, local_authorities: pd.DataFrame, region: str | None = None) -> pd.DataFrame:
    """One row per English local authority: did it respond, and what did it say about AI?

    With ``region`` (a regional briefing), authorities elsewhere get ``uses_ai`` = ``Outside this briefing``.

    Columns: ``la_code, name, region, hex_code, responded, respondents, attributable, uses_ai``.
    ``uses_ai`` is the most advanced adoption status among the authority's non-confidential
    responses; an authority that only responded in confidence shows ``Responded (not attributed)``.
    """
    la_rows = responses[responses["la_code"].map(lambda v: not _is_blank(v))]
    if "organisation_type" in la_rows:
        la_rows = la_rows[la_rows["organisation_type"].isin(["Local authority", None]) | la_rows["organisation_type"].isna()]
    rank = {s: i for i, s in enumerate(USES_AI_ORDER)}
    records = []
    for _, la in local_authorities.iterrows():
        mine = la_rows[la_rows["la_code"] == la["la_code"]]
        open_rows = mine[~mine["confidential"].map(_bool)] if "confidential" in mine else mine
        statuses = sorted(
            (str(s) for s in open_rows.get("uses_ai", pd.Series(dtype=object)) if not _is_blank(s)),
            key=lambda s: rank.get(s, len(rank)),
        )
        if region and la["region"] != region:
            status = OUTSIDE
        elif mine.empty:
            status = "No response"
        elif open_rows.empty:
            status = "Responded (not attributed)"
        else:
            status = statuses[0] if statuses else NO_ANSWER
        records.append(
            {
                "la_code": la["la_code"],
                "name": la["name"],
                "region": la["region"],
                "hex_code": la.get("hex_code", la["la_code"]),
                "responded": not mine.empty,
                "respondents": len(mine),
                "attributable": not open_rows.empty,
                "uses_ai": status,
            }
        )
    return pd.DataFrame(records)


def coverage_by_region(coverage: pd.DataFrame) -> pd.DataFrame:
    """Authorities and responding authorities per region. Columns: ``region, authorities, responded, percent``."""
    grouped = coverage.groupby("region", sort=False).agg(
        authorities=("la_code", "size"), responded=("responded", "sum")
    )
    order = [r for r in REGIONS if r in grouped.index] + sorted(r for r in grouped.index if r not in REGIONS)
    grouped = grouped.reindex(order)
    out = grouped.reset_index()
    out["responded"] = out["responded"].astype("int64")
    out["percent"] = [_pct(a, b) for a, b in zip(out["responded"], out["authorities"])]
    return out


def hex_cells(coverage: pd.DataFrame, hexjson: Mapping) -> tuple[pd.DataFrame, list[str]]:
    """Place authorities on the hexes of a HexJSON ``odd-r`` layout.

    Several authorities may share a hex (e.g. Cumberland and Westmorland and Furness on Cumbria's).
    Returns the table of drawn hexes (``hex_code, hex_name, q, r, x, y, authorities, names,
    responded, status``) and the names of authorities whose ``hex_code`` is not in the file.
    """
    layout = str(hexjson.get("layout", "odd-r"))
    hexes = hexjson["hexes"]
    rank = {s: i for i, s in enumerate(USES_AI_ORDER + ["Responded (not attributed)", NO_ANSWER, "No response", OUTSIDE])}
    rows, not_drawn = [], []
    by_hex: dict[str, list[pd.Series]] = {}
    for _, la in coverage.iterrows():
        code = la["hex_code"] if not _is_blank(la["hex_code"]) else la["la_code"]
        if code in hexes:
            by_hex.setdefault(code, []).append(la)
        else:
            not_drawn.append(str(la["name"]))
    for code, members in sorted(by_hex.items()):
        cell = hexes[code]
        q, r = int(cell["q"]), int(cell["r"])
        shift = 0.5 if (r % 2 == 1) == (layout in ("odd-r", "odd-q")) else 0.0
        statuses = sorted((m["uses_ai"] for m in members), key=lambda s: rank.get(s, len(rank)))
        rows.append(
            {
                "hex_code": code,
                "hex_name": cell.get("n", cell.get("name", code)),
                "q": q,
                "r": r,
                "x": q + shift,
                "y": r * math.sqrt(3) / 2,
                "authorities": len(members),
                "names": "; ".join(str(m["name"]) for m in members),
                "responded": sum(bool(m["responded"]) for m in members),
                "status": statuses[0],
            }
        )
    return pd.DataFrame(rows), sorted(not_drawn)


# --------------------------------------------------------------------------------------------- adoption


def tool_source_mix(responses: pd.DataFrame) -> pd.DataFrame:
    """Commercial, in-house or both, from the multi-choice ``tool_source``.

    Columns: ``tool_source, respondents, percent``; categories ``Commercial only``,
    ``In-house only``, ``Both commercial and in-house``, ``Not applicable``, ``No answer``.
    """
    order = ["Commercial only", "In-house only", "Both commercial and in-house", "Not applicable", NO_ANSWER]

    def classify(value: object) -> str:
        chosen = set(_as_list(value))
        if {"Commercial", "In-house"} <= chosen:
            return "Both commercial and in-house"
        if "Commercial" in chosen:
            return "Commercial only"
        if "In-house" in chosen:
            return "In-house only"
        if "Not applicable" in chosen:
            return "Not applicable"
        return NO_ANSWER

    frame = pd.DataFrame({"tool_source": responses["tool_source"].map(classify)})
    return count_by(frame, "tool_source", order)


def adoption_headline(responses: pd.DataFrame) -> dict[str, int | float]:
    """Local authorities that use or pilot AI: ``{'using', 'responding', 'percent'}``."""
    las = responses[responses["organisation_type"] == "Local authority"]
    base = las if not las.empty else responses
    using = int(base["uses_ai"].isin(["In use", "Piloting"]).sum())
    return {"using": using, "responding": len(base), "percent": _pct(using, len(base)), "local_authorities": not las.empty}


# --------------------------------------------------------------------------------------------- tools


def _respondent_tool_status(tools: pd.DataFrame) -> pd.DataFrame:
    """One row per (tool, respondent) with the most advanced status stated anywhere."""
    if tools.empty:
        return pd.DataFrame(columns=["label", "respondent_id", "status"])
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    frame = tools[["label", "respondent_id", "status", "negated"]].copy()
    frame["status"] = [
        ("not_used" if _bool(neg) and (s in (None, "mentioned") or _is_blank(s)) else (s if not _is_blank(s) else "mentioned"))
        for s, neg in zip(frame["status"], frame["negated"])
    ]
    frame["rank"] = frame["status"].map(lambda s: rank.get(s, len(rank)))
    frame = frame.sort_values(["label", "respondent_id", "rank"], kind="stable")
    return frame.drop_duplicates(["label", "respondent_id"])[["label", "respondent_id", "status"]]


def _first(values: Iterable[object]) -> object:
    kept = [v for v in values if not _is_blank(v)]
    if not kept:
        return None
    counts = pd.Series(kept, dtype=object).value_counts()
    best = counts.max()
    return sorted(str(v) for v, c in counts.items() if c == best)[0]


def tool_register(mentions: pd.DataFrame) -> pd.DataFrame:
    """The tool register: one row per tool named by at least one respondent.

    Columns: ``tool, vendor, category, provenance, known, confirmed`` (an analyst accepted or merged it
    in a review, :mod:`synthesis.review`), ``organisations`` (respondents who name it
    other than to say they do not use it), one column per status in :data:`STATUS_ORDER` (respondents
    whose most advanced status is that one) and ``status`` (a short summary). Sorted by
    ``organisations`` then name.
    """
    tools = _mentions_of(mentions, "tool")
    columns = ["tool", "vendor", "category", "provenance", "known", "confirmed", "organisations", *STATUS_ORDER, "status"]
    if tools.empty:
        return pd.DataFrame(columns=columns)
    per = _respondent_tool_status(tools)
    rows = []
    for label, group in tools.groupby("label", sort=True):
        statuses = per[per["label"] == label]["status"].value_counts()
        row = {
            "tool": label,
            "vendor": _first(group["vendor"]),
            "category": _first(group["category"]),
            "provenance": _first(group["provenance"]) or "unknown",
            "known": bool(group["known"].map(_bool).any()),
            "confirmed": bool("confirmed" in group and group["confirmed"].map(_bool).any()),
        }
        for status in STATUS_ORDER:
            row[status] = int(statuses.get(status, 0))
        row["organisations"] = int(sum(row[s] for s in STATUS_ORDER if s != "not_used"))
        row["status"] = ", ".join(f"{row[s]} {STATUS_LABELS[s].lower()}" for s in STATUS_ORDER if row[s])
        rows.append(row)
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["organisations", "tool"], ascending=[False, True], kind="stable").reset_index(drop=True)


def tool_status_long(register: pd.DataFrame, top: int | None = 20) -> pd.DataFrame:
    """Long table of the register for a stacked bar: ``tool, status, status_label, respondents``."""
    head = register if top is None else register.head(top)
    rows = [
        {"tool": t, "status": s, "status_label": STATUS_LABELS[s], "respondents": int(n)}
        for t, *counts in head[["tool", *STATUS_ORDER]].itertuples(index=False)
        for s, n in zip(STATUS_ORDER, counts)
    ]
    return pd.DataFrame(rows, columns=["tool", "status", "status_label", "respondents"])


def discovered_tools(mentions: pd.DataFrame) -> pd.DataFrame:
    """Tools found in the text that are not on the tool list (``known == False``), for analysts to review.

    Columns: ``tool, respondents, mentions, examples`` (up to three surface forms).
    """
    tools = _mentions_of(mentions, "tool")
    tools = tools[~tools["known"].map(_bool)] if not tools.empty else tools
    if tools.empty:
        return pd.DataFrame(columns=["tool", "respondents", "mentions", "examples"])
    out = tools.groupby("label").agg(
        respondents=("respondent_id", "nunique"),
        mentions=("respondent_id", "size"),
        examples=("text", lambda s: "; ".join(sorted(set(map(str, s)))[:3])),
    )
    out = out.reset_index().rename(columns={"label": "tool"})
    return out.sort_values(["respondents", "tool"], ascending=[False, True], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------- themes


def theme_counts(
    mentions: pd.DataFrame,
    prefix: str | None,
    n_respondents: int,
    labels: Mapping[str, str] | None = None,
    question_id: str | None = None,
    all_themes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Respondents whose answers carry each theme (not denied), for theme ids starting ``prefix.``.

    ``question_id`` limits the count to one question; ``all_themes`` adds codebook themes nobody
    mentioned (count 0). Columns: ``theme, label, respondents, percent`` (of ``n_respondents``).
    """
    themes = _positive_themes(mentions)
    if prefix:
        themes = themes[themes["label"].str.startswith(prefix + ".")] if not themes.empty else themes
    if question_id and not themes.empty:
        themes = themes[themes["question_id"] == question_id]
    counts = themes.groupby("label")["respondent_id"].nunique() if not themes.empty else pd.Series(dtype="int64")
    ids = set(counts.index)
    for theme in all_themes or []:
        if (not prefix or theme.startswith(prefix + ".")) and theme not in ids:
            counts.loc[theme] = 0
    rows = [
        {"theme": t, "label": theme_label(t, labels), "respondents": int(n), "percent": _pct(n, n_respondents)}
        for t, n in counts.items()
    ]
    out = pd.DataFrame(rows, columns=["theme", "label", "respondents", "percent"])
    return out.sort_values(["respondents", "theme"], ascending=[False, True], kind="stable").reset_index(drop=True)


def barrier_links(mentions: pd.DataFrame, labels: Mapping[str, str] | None = None, top: int | None = None) -> pd.DataFrame:
    """Barriers linked to how the same respondents overcame them.

    For each respondent, every barrier theme in their ``barriers`` answer is linked to every theme in
    their ``barriers_overcome`` answer (or to ``No coded answer`` when that answer carries none).
    With ``top``, only the ``top`` most common answer themes are kept and the rest become
    ``Other themes`` (id ``other``; each respondent counted once per link).
    Columns: ``barrier, barrier_label, overcome, overcome_label, respondents``.
    """
    themes = _positive_themes(mentions)
    cols = ["barrier", "barrier_label", "overcome", "overcome_label", "respondents"]
    if themes.empty:
        return pd.DataFrame(columns=cols)
    barriers = themes[(themes["question_id"] == "barriers") & themes["label"].str.startswith("barrier.")]
    overcome = themes[themes["question_id"] == "barriers_overcome"]
    if top is not None and not overcome.empty:
        ranked = overcome.groupby("label")["respondent_id"].nunique().reset_index()
        ranked = ranked.sort_values(["respondent_id", "label"], ascending=[False, True], kind="stable")
        keep = set(ranked["label"].head(top))
        overcome = overcome.assign(label=overcome["label"].where(overcome["label"].isin(keep), "other"))
    how = overcome.groupby("respondent_id")["label"].agg(lambda s: sorted(set(s))).to_dict()
    pairs: dict[tuple[str, str], set[str]] = {}
    for rid, group in barriers.groupby("respondent_id"):
        for barrier in sorted(set(group["label"])):
            for fix in how.get(rid, ["none"]):
                pairs.setdefault((barrier, fix), set()).add(rid)
    rows = [
        {
            "barrier": b,
            "barrier_label": theme_label(b, labels),
            "overcome": o,
            "overcome_label": {"none": "No coded answer", "other": "Other themes"}.get(o) or theme_label(o, labels),
            "respondents": len(ids),
        }
        for (b, o), ids in pairs.items()
    ]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["respondents", "barrier", "overcome"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def single_view_tools(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Tools named in ``single_view_detail`` answers or in sentences coded ``use.single_view``.

    Columns: ``tool, respondents``.
    """
    tools = _mentions_of(mentions, "tool")
    if tools.empty:
        return pd.DataFrame(columns=["tool", "respondents"])
    tools = tools[~tools["negated"].map(_bool)]
    in_detail = tools[tools["question_id"] == "single_view_detail"][["respondent_id", "label"]]
    coded = pd.DataFrame(columns=["respondent_id", "label"])
    if sentences is not None and not sentences.empty:
        sv = sentences[sentences["themes"].map(lambda t: "use.single_view" in _as_list(t))]
        coded = pd.DataFrame(
            [(rid, tool) for rid, tl in zip(sv["respondent_id"], sv["tools"]) for tool in _as_list(tl)],
            columns=["respondent_id", "label"],
        )
    both = pd.concat([in_detail, coded], ignore_index=True).drop_duplicates()
    if both.empty:
        return pd.DataFrame(columns=["tool", "respondents"])
    out = both.groupby("label")["respondent_id"].nunique().rename("respondents").reset_index()
    out = out.rename(columns={"label": "tool"})
    return out.sort_values(["respondents", "tool"], ascending=[False, True], kind="stable").reset_index(drop=True)


_STOP = {
    "a", "about", "across", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but",
    "by", "can", "could", "do", "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into",
    "is", "it", "its", "local", "more", "most", "much", "need", "needs", "of", "on", "or", "other", "our",
    "ours", "should", "so", "some", "such", "than", "that", "the", "their", "them", "there", "these", "they",
    "this", "those", "to", "us", "use", "using", "very", "was", "we", "were", "what", "when", "which", "while",
    "who", "will", "with", "would", "you", "your", "government", "central", "better", "support", "help",
    "authorities", "authority", "councils", "council", "ai", "tools", "tool", "would", "not", "no", "name",
    "email", "phone", "postcode", "including", "way", "ways", "make", "makes", "making", "real", "lot", "lots",
    "really", "able", "want", "like", "things", "thing", "currently", "example", "e.g",
}


def _spacy_stop_words() -> set[str]:
    try:
        from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:  # pragma: no cover - spaCy is a dependency
        return set()
    return set(STOP_WORDS)


def keywords(sentences: pd.DataFrame, top: int = 20, min_respondents: int = 2) -> pd.DataFrame:
    """Most frequent words and two-word phrases in ``sentences``, counted once per respondent.

    Meant for uncoded answers (what the codebook misses). Columns: ``keyword, respondents``.
    """
    stop = _STOP | _spacy_stop_words()
    found: dict[str, set[str]] = {}
    for rid, text in zip(sentences["respondent_id"], sentences["sentence"]):
        words = [w.strip("'-") for w in re.findall(r"[a-z][a-z'\-]+", str(text).lower())]
        grams = {w for w in words if len(w) > 2 and w not in stop}
        grams |= {f"{a} {b}" for a, b in zip(words, words[1:]) if a not in stop and b not in stop and len(a) > 2 and len(b) > 2}
        for gram in grams:
            found.setdefault(gram, set()).add(rid)
    # a word that only ever occurs inside one phrase adds nothing: keep the phrase
    phrases = {k: v for k, v in found.items() if " " in k}
    for word in [k for k in found if " " not in k]:
        if any(found[word] == v and word in p.split() for p, v in phrases.items()):
            del found[word]
    rows = [(k, len(v)) for k, v in found.items() if len(v) >= min_respondents]
    out = pd.DataFrame(rows, columns=["keyword", "respondents"])
    out = out.sort_values(["respondents", "keyword"], ascending=[False, True], kind="stable")
    return out.head(top).reset_index(drop=True)


def tool_theme_matrix(
    mentions: pd.DataFrame, labels: Mapping[str, str] | None = None, top_tools: int = 15, prefixes: Sequence[str] = ("use", "impact", "risk", "governance", "barrier")
) -> pd.DataFrame:
    """Respondents who name a tool (other than as not used) and whose answers carry a theme.

    Long table: ``tool, theme, label, respondents`` for the ``top_tools`` most named tools and
    themes in ``prefixes`` that go with at least one of them.
    """
    cols = ["tool", "theme", "label", "respondents"]
    tools = _mentions_of(mentions, "tool")
    themes = _positive_themes(mentions)
    if tools.empty or themes.empty:
        return pd.DataFrame(columns=cols)
    per = _respondent_tool_status(tools)
    per = per[per["status"] != "not_used"]
    ranked = per.groupby("label")["respondent_id"].nunique().reset_index()
    ranked = ranked.sort_values(["respondent_id", "label"], ascending=[False, True], kind="stable")
    keep = list(ranked["label"].head(top_tools))
    themes = themes[themes["label"].map(theme_group).isin(prefixes)][["respondent_id", "label"]].drop_duplicates()
    joined = per[per["label"].isin(keep)].merge(themes, on="respondent_id", suffixes=("_tool", "_theme"))
    if joined.empty:
        return pd.DataFrame(columns=cols)
    out = joined.groupby(["label_tool", "label_theme"])["respondent_id"].nunique().reset_index()
    out.columns = ["tool", "theme", "respondents"]
    out["label"] = out["theme"].map(lambda t: theme_label(t, labels))
    out["tool"] = pd.Categorical(out["tool"], categories=keep, ordered=True)
    out = out.sort_values(["tool", "theme"], kind="stable")
    out["tool"] = out["tool"].astype(str)
    return out[cols].reset_index(drop=True)


# --------------------------------------------------------------------------------------------- quotes


def _attribution(responses: pd.DataFrame) -> dict[str, str]:
    out = {}
    for rid, kind, region in zip(responses["respondent_id"], responses["organisation_type"], responses["region"]):
        parts = [str(p) for p in (kind, region) if not _is_blank(p)]
        out[rid] = ", ".join(parts) if parts else "Respondent"
    return out


_WORD = re.compile(r"[a-z0-9']+")


def _near_same(a: set[str], b: set[str]) -> bool:
    """Whether two quotes say nearly the same thing: at least 80% of the shorter one's words are in the
    other ("Also, staff with dyslexia describe it as ..." and "Staff with dyslexia describe it as ...")."""
    return bool(a) and bool(b) and len(a & b) >= 0.8 * min(len(a), len(b))


def representative_quotes(
    sentences: pd.DataFrame,
    responses: pd.DataFrame,
    max_per_theme: int = 3,
    labels: Mapping[str, str] | None = None,
    themes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Up to ``max_per_theme`` quotes per theme, never from confidential respondents.

    Picks, per theme, sentences of readable length (about 140 characters scores best) from the
    question that the theme's group is about, one per respondent, deterministically.
    Columns: ``theme, label, respondent_id, question_id, attribution, quote``.
    """
    cols = ["theme", "label", "respondent_id", "question_id", "attribution", "quote"]
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=cols)
    hidden = confidential_ids(responses)
    known = set(responses["respondent_id"])
    pool = sentences[~sentences["respondent_id"].isin(hidden) & sentences["respondent_id"].isin(known)]
    who = _attribution(responses)
    candidates = []
    for row in pool.itertuples(index=False):
        text = str(row.sentence).strip()
        if len(text) < 25:
            continue
        for theme in _as_list(row.themes):
            if themes is not None and theme not in themes:
                continue
            preferred = GROUP_QUESTION.get(theme_group(theme)) == row.question_id
            score = abs(len(text) - 140) + (0 if preferred else 200) + (400 if len(text) > 400 else 0)
            candidates.append((theme, score, str(row.respondent_id), str(row.question_id), int(row.sentence_index), text))
    candidates.sort()
    rows, used = [], set()
    chosen: dict[str, list[set[str]]] = {}  # theme -> words of the quotes taken
    for theme, _score, rid, qid, _idx, text in candidates:
        words = set(_WORD.findall(text.lower()))
        taken = chosen.setdefault(theme, [])
        if len(taken) >= max_per_theme or (theme, rid) in used or any(_near_same(words, w) for w in taken):
            continue
        used.add((theme, rid))
        taken.append(words)
        rows.append(
            {"theme": theme, "label": theme_label(theme, labels), "respondent_id": rid, "question_id": qid,
             "attribution": who.get(rid, "Respondent"), "quote": text}
        )
    return pd.DataFrame(rows, columns=cols)


def _stable_key(*parts: object) -> str:
    """A hash that orders rows the same way on every run and machine (unlike ``hash()``)."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass")).hexdigest()


def spread_by_theme(sentences: pd.DataFrame, max_rows: int) -> pd.DataFrame:
    """At most ``max_rows`` sentences, the same number per theme where the themes have enough.

    Themes (and sentences with tools but no theme) take turns in id order; each picks its next
    sentence in a fixed pseudo-random order (a hash of respondent, question and sentence index), so
    the rows are spread over respondents, and the same input always gives the same rows. A
    sentence with several themes is taken once. Returns the chosen rows in their original order.
    """
    if max_rows <= 0:
        return sentences.iloc[:0]
    if len(sentences) <= max_rows:
        return sentences
    keys = [_stable_key(r, q, i) for r, q, i in
            zip(sentences["respondent_id"], sentences["question_id"], sentences["sentence_index"])]
    queues: dict[str, list[tuple[str, int]]] = {}
    for position, (key, themes) in enumerate(zip(keys, sentences["themes"])):
        for theme in _as_list(themes) or [""]:
            queues.setdefault(str(theme), []).append((key, position))
    order = sorted(queues, key=lambda t: (t == "", t))  # sentences with tools only come last
    pending = [sorted(queues[t], reverse=True) for t in order]  # pop() takes the smallest key
    chosen: set[int] = set()
    while len(chosen) < max_rows and pending:
        for queue in pending:
            while queue and queue[-1][1] in chosen:
                queue.pop()
            if queue and len(chosen) < max_rows:
                chosen.add(queue.pop()[1])
        pending = [q for q in pending if q]
    return sentences.iloc[sorted(chosen)]


def quote_table(
    sentences: pd.DataFrame, responses: pd.DataFrame, labels: Mapping[str, str] | None = None, coded_only: bool = True,
    max_rows: int | None = None,
) -> pd.DataFrame:
    """Every coded sentence of non-confidential respondents, for the searchable table.

    With ``max_rows``, at most that many, spread over the themes (:func:`spread_by_theme`).
    Columns: ``respondent_id, organisation_type, region, question_id, themes, tools, sentence``.
    """
    cols = ["respondent_id", "organisation_type", "region", "question_id", "themes", "tools", "sentence"]
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=cols)
    hidden = confidential_ids(responses)
    keep = sentences[~sentences["respondent_id"].isin(hidden) & sentences["respondent_id"].isin(set(responses["respondent_id"]))]
    if coded_only:
        keep = keep[keep["themes"].map(lambda t: len(_as_list(t)) > 0) | keep["tools"].map(lambda t: len(_as_list(t)) > 0)]
    if max_rows is not None:
        keep = spread_by_theme(keep, max_rows)
    meta = responses.set_index("respondent_id")[["organisation_type", "region"]]
    out = keep[["respondent_id", "question_id", "sentence_index", "sentence", "themes", "tools"]].copy()
    out["themes"] = out["themes"].map(lambda t: "; ".join(theme_label(x, labels) for x in _as_list(t)))
    out["tools"] = out["tools"].map(lambda t: "; ".join(map(str, _as_list(t))))
    out = out.join(meta, on="respondent_id")
    out = out.sort_values(["respondent_id", "question_id", "sentence_index"], kind="stable")
    return out[cols].reset_index(drop=True)


# --------------------------------------------------------------------------------------------- exploring


def uncoded_sentences(sentences: pd.DataFrame, min_length: int = 1) -> pd.DataFrame:
    """Sentences that match no theme: what the codebook may be missing."""
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=SENTENCE_COLUMNS)
    mask = sentences["themes"].map(lambda t: len(_as_list(t)) == 0)
    mask &= sentences["sentence"].map(lambda s: len(str(s).strip()) >= min_length)
    return sentences[mask].reset_index(drop=True)


def keyword_in_context(
    frame: pd.DataFrame, pattern: str, width: int = 40, column: str = "sentence", regex: bool = False
) -> pd.DataFrame:
    """Keyword-in-context: every match of ``pattern`` in ``frame[column]`` with ``width`` characters each side.

    Case-insensitive; ``pattern`` is a plain string unless ``regex``. Columns: the frame's
    ``respondent_id`` and ``question_id`` (when present), ``left, match, right``.
    """
    needle = re.compile(pattern if regex else re.escape(pattern), re.IGNORECASE)
    keys = [c for c in ("respondent_id", "question_id") if c in frame.columns]
    rows = []
    for record in frame.itertuples(index=False):
        text = str(getattr(record, column) or "")
        for hit in needle.finditer(text):
            if hit.start() == hit.end():
                continue
            row = {k: getattr(record, k) for k in keys}
            row["left"] = text[max(0, hit.start() - width) : hit.start()]
            row["match"] = hit.group(0)
            row["right"] = text[hit.end() : hit.end() + width]
            rows.append(row)
    return pd.DataFrame(rows, columns=[*keys, "left", "match", "right"])


def drill_down(label: str, mentions: pd.DataFrame, sentences: pd.DataFrame, responses: pd.DataFrame | None = None) -> pd.DataFrame:
    """The respondents and sentences behind a theme id or tool name.

    Columns: ``respondent_id, organisation_type, region, confidential, question_id, kind, text,
    negated, status, sentence``, one row per mention.
    """
    cols = ["respondent_id", "organisation_type", "region", "confidential", "question_id", "kind", "text", "negated", "status", "sentence"]
    hits = mentions[mentions["label"] == label] if mentions is not None and not mentions.empty else pd.DataFrame(columns=MENTION_COLUMNS)
    out = hits[["respondent_id", "question_id", "kind", "text", "negated", "status", "sentence"]].copy()
    if responses is not None and not responses.empty:
        meta = responses.set_index("respondent_id")[["organisation_type", "region", "confidential"]]
        out = out.join(meta, on="respondent_id")
    for c in cols:
        if c not in out:
            out[c] = None
    return out[cols].sort_values(["respondent_id", "question_id"], kind="stable").reset_index(drop=True)


def codebook_coverage(sentences: pd.DataFrame, themes: Sequence[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How much of the text the codebook codes.

    Returns ``(by_question, by_theme)``: per question ``question_id, sentences, coded, percent_coded``;
    per theme ``theme, sentences`` (including codebook themes that never matched, with 0).
    """
    if sentences is None or sentences.empty:
        by_q = pd.DataFrame(columns=["question_id", "sentences", "coded", "percent_coded"])
    else:
        coded = sentences["themes"].map(lambda t: len(_as_list(t)) > 0)
        by_q = (
            pd.DataFrame({"question_id": sentences["question_id"], "coded": coded})
            .groupby("question_id", sort=True)
            .agg(sentences=("coded", "size"), coded=("coded", "sum"))
            .reset_index()
        )
        by_q["coded"] = by_q["coded"].astype("int64")
        by_q["percent_coded"] = [_pct(c, s) for c, s in zip(by_q["coded"], by_q["sentences"])]
    counts: dict[str, int] = {t: 0 for t in themes}
    if sentences is not None:
        for tl in sentences.get("themes", []):
            for t in _as_list(tl):
                counts[t] = counts.get(t, 0) + 1
    by_t = pd.DataFrame(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), columns=["theme", "sentences"])
    return by_q, by_t


# --------------------------------------------------------------------------------------------- headlines


def headlines(
    responses: pd.DataFrame,
    mentions: pd.DataFrame,
    coverage: pd.DataFrame | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[str]:
    """Headline findings as plain sentences computed from the data (unescaped; escape to display)."""
    n = len(responses)
    lines = []
    if n == 0:
        return ["No responses match this briefing's filters."]
    types = count_by(responses, "organisation_type", ORGANISATION_TYPES)
    if not types.empty:
        top = types.iloc[0]
        lines.append(
            f"{n} responses were analysed; the largest group is {str(top['organisation_type']).lower()}"
            f" respondents ({top['respondents']}, {top['percent']:.0f}%)."
        )
    head = adoption_headline(responses)
    who = "responding local authorities" if head["local_authorities"] else "respondents"
    lines.append(f"{head['using']} of {head['responding']} {who} ({head['percent']:.0f}%) use or pilot AI tools.")
    if coverage is not None and not coverage.empty:
        inside = coverage[coverage["uses_ai"] != OUTSIDE]
        regional = len(inside) < len(coverage)
        where = f" in {inside['region'].iloc[0]}" if regional and inside["region"].nunique() == 1 else ""
        responded = int(inside["responded"].sum())
        lines.append(
            f"Responses came from {responded} of the {len(inside)} {'' if regional else 'English '}local authorities"
            f" with children's services{where} ({_pct(responded, len(inside)):.0f}%)."
        )
    register = tool_register(mentions)
    if not register.empty:
        t = register.iloc[0]
        lines.append(
            f"{len(register)} distinct tools were named; the most often named is {t['tool']}"
            f" ({t['organisations']} organisations)."
        )
    for prefix, phrase in (("use", "purpose"), ("barrier", "barrier"), ("risk", "risk raised")):
        counts = theme_counts(mentions, prefix, n, labels)
        if not counts.empty and counts.iloc[0]["respondents"] > 0:
            c = counts.iloc[0]
            lines.append(
                f"The most common {phrase} is {str(c['label']).lower()}"
                f" ({c['respondents']} respondents, {c['percent']:.0f}%)."
            )
    return lines
