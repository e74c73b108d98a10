"""Who responded: counts by type, region and date, coverage of local authorities, adoption."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from synthesis.analyse.common import (
    NO_ANSWER, OUTSIDE, REGIONS, USES_AI_ORDER, as_list, is_blank, pct, truthy,
)
from synthesis.analyse.disclosure import suppress_column, suppress_counts

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
    """Respondents who asked not to be attributed: never quoted or named.

    A table without the ``confidential`` column is refused (fail closed) rather than read as nobody confidential.
    """
    if "confidential" not in responses:
        raise ValueError("responses have no confidential column: cannot tell who asked not to be attributed")
    flags = responses["confidential"].map(truthy)
    return set(responses.loc[flags, "respondent_id"])


def count_by(
    responses: pd.DataFrame, column: str, order: Sequence[str] | None = None, keep_empty: bool = False
) -> pd.DataFrame:
    """Respondents per value of a single-choice ``column``, in ``order`` then by count.

    Columns: ``column``, ``respondents``, ``percent`` (of all respondents). Missing answers are
    counted as ``No answer``. Values in ``order`` with no respondents are kept when ``keep_empty``.
    """
    values = responses[column].map(lambda v: NO_ANSWER if is_blank(v) else str(v))
    counts = values.value_counts()
    known = list(order or [])
    rest = sorted((v for v in counts.index if v not in known and v != NO_ANSWER), key=lambda v: (-counts[v], v))
    levels = [v for v in known if v != NO_ANSWER and (keep_empty or v in counts.index)] + rest
    if NO_ANSWER in counts.index:
        levels.append(NO_ANSWER)
    total = len(responses)
    rows = [{column: v, "respondents": int(counts.get(v, 0)), "percent": pct(counts.get(v, 0), total)} for v in levels]
    return pd.DataFrame(rows, columns=[column, "respondents", "percent"])


def choice_counts(
    responses: pd.DataFrame, column: str, order: Sequence[str] | None = None, keep_empty: bool = False
) -> pd.DataFrame:
    """Answers to a closed question, as shares of those who answered it (SPEC §5: every chart states its base).

    A blank is not an answer: it is left out of the bars and the percentages and counted in the base
    instead. Columns: those of :func:`count_by` (``percent`` of ``answered``), ``asked``, ``answered``.
    """
    answered = responses[~responses[column].map(is_blank).astype(bool)]
    out = count_by(answered, column, order, keep_empty=keep_empty)
    return out.assign(asked=len(responses), answered=len(answered))


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
    left = responses[rows].map(lambda v: NO_ANSWER if is_blank(v) else str(v))
    right = responses[columns].map(lambda v: NO_ANSWER if is_blank(v) else str(v))
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
        float("nan") if pd.isna(n) or pd.isna(t) else pct(int(n), int(t))
        for n, t in zip(long["respondents"], long["row_total"])
    ]
    return long


def responses_over_time(responses: pd.DataFrame) -> pd.DataFrame:
    """Responses per week of submission (weeks start on Monday).

    Columns: ``week`` (``YYYY-MM-DD`` of the Monday), ``respondents``. Weeks rather than days, and no
    running total: a running total beside a hidden week would give that week away. Unreadable dates
    are left out.
    """
    stamps = pd.to_datetime(responses["submitted_at"], errors="coerce", utc=True, format="mixed").dropna()
    monday = (stamps.dt.tz_localize(None).dt.normalize() - pd.to_timedelta(stamps.dt.day_of_week, unit="D"))
    counts = monday.dt.strftime("%Y-%m-%d").value_counts().sort_index()
    return pd.DataFrame({"week": counts.index.astype(str), "respondents": counts.to_numpy(dtype="int64")})


def la_coverage(responses: pd.DataFrame, local_authorities: pd.DataFrame, region: str | None = None) -> pd.DataFrame:
    """One row per English local authority: did it respond, and what did it say about AI?

    With ``region`` (a regional briefing), authorities elsewhere get ``uses_ai`` = ``Outside this briefing``.

    Columns: ``la_code, name, region, hex_code, responded, respondents, attributable, uses_ai``.
    ``uses_ai`` is the most advanced adoption status among the authority's non-confidential
    responses. An authority that only responded in confidence is shown as not having responded
    (``No response``, ``responded`` false): drawing it would single it out.
    """
    la_rows = responses[responses["la_code"].map(lambda v: not is_blank(v))]
    if "organisation_type" in la_rows:
        la_rows = la_rows[la_rows["organisation_type"].isin(["Local authority", None]) | la_rows["organisation_type"].isna()]
    rank = {s: i for i, s in enumerate(USES_AI_ORDER)}
    records = []
    for _, la in local_authorities.iterrows():
        mine = la_rows[la_rows["la_code"] == la["la_code"]]
        open_rows = mine[~mine["confidential"].map(truthy)] if "confidential" in mine else mine
        statuses = sorted(
            (str(s) for s in open_rows.get("uses_ai", pd.Series(dtype=object)) if not is_blank(s)),
            key=lambda s: rank.get(s, len(rank)),
        )
        if region and la["region"] != region:
            status = OUTSIDE
        elif open_rows.empty:
            status = "No response"
        else:
            status = statuses[0] if statuses else NO_ANSWER
        records.append(
            {
                "la_code": la["la_code"],
                "name": la["name"],
                "region": la["region"],
                "hex_code": la.get("hex_code", la["la_code"]),
                "responded": not open_rows.empty,
                "respondents": len(open_rows),
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
    out["percent"] = [pct(a, b) for a, b in zip(out["responded"], out["authorities"])]
    return out


def hex_cells(coverage: pd.DataFrame, hexjson: Mapping) -> tuple[pd.DataFrame, list[str]]:
    """Place authorities on the hexes of a HexJSON ``odd-r`` layout, one drawn hexagon per authority.

    Authorities that replaced one authority of the layout (North and West Northamptonshire on
    Northamptonshire's hex) split its hex: each is drawn as a smaller hexagon side by side in its place,
    coloured by its own answer only. Returns the table of drawn hexagons (``la_code, hex_code, hex_name,
    q, r, x, y, scale, authorities, names, responded, status``: ``authorities`` is how many share the layout
    hex, ``names`` the authority drawn, ``hex_name`` the layout hex's own name) and the names of authorities
    whose ``hex_code`` is not in the file.
    """
    layout = str(hexjson.get("layout", "odd-r"))
    hexes = hexjson["hexes"]
    rows, not_drawn = [], []
    by_hex: dict[str, list[pd.Series]] = {}
    for _, la in coverage.iterrows():
        code = la["hex_code"] if not is_blank(la["hex_code"]) else la["la_code"]
        if code in hexes:
            by_hex.setdefault(code, []).append(la)
        else:
            not_drawn.append(str(la["name"]))
    for code, members in sorted(by_hex.items()):
        cell = hexes[code]
        q, r = int(cell["q"]), int(cell["r"])
        shift = 0.5 if (r % 2 == 1) == (layout in ("odd-r", "odd-q")) else 0.0
        n = len(members)
        for i, la in enumerate(sorted(members, key=lambda m: str(m["la_code"]))):
            rows.append(
                {
                    "la_code": la["la_code"],
                    "hex_code": code,
                    "hex_name": cell.get("n", cell.get("name", code)),
                    "q": q,
                    "r": r,
                    "x": q + shift + (i - (n - 1) / 2) / n,
                    "y": r * math.sqrt(3) / 2,
                    "scale": 1 / n,
                    "authorities": n,
                    "names": str(la["name"]),
                    "responded": int(bool(la["responded"])),
                    "status": la["uses_ai"],
                }
            )
    return pd.DataFrame(rows), sorted(not_drawn)


def tool_source_mix(responses: pd.DataFrame) -> pd.DataFrame:
    """Commercial, in-house or both, from the multi-choice ``tool_source``.

    A :func:`choice_counts` table (shares of those who answered); categories ``Commercial only``,
    ``In-house only``, ``Both commercial and in-house``, ``Not applicable``.
    """
    order = ["Commercial only", "In-house only", "Both commercial and in-house", "Not applicable"]

    def classify(value: object) -> str | None:
        chosen = set(as_list(value))
        if {"Commercial", "In-house"} <= chosen:
            return "Both commercial and in-house"
        if "Commercial" in chosen:
            return "Commercial only"
        if "In-house" in chosen:
            return "In-house only"
        if "Not applicable" in chosen:
            return "Not applicable"
        return None

    frame = pd.DataFrame({"tool_source": responses["tool_source"].map(classify)})
    return choice_counts(frame, "tool_source", order)


def adoption_headline(responses: pd.DataFrame) -> dict[str, int | float]:
    """Local authorities that use or pilot AI: ``{'using', 'responding', 'percent'}``."""
    las = responses[responses["organisation_type"] == "Local authority"]
    base = las if not las.empty else responses
    using = int(base["uses_ai"].isin(["In use", "Piloting"]).sum())
    return {"using": using, "responding": len(base), "percent": pct(using, len(base)), "local_authorities": not las.empty}
