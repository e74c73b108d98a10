"""Disclosure control: one pass that every published table goes through, so nobody can be singled out.

The rules (issue 13, SPEC §4 "Personal data"):

- **Primary suppression**: a count ``0 < n < threshold`` is hidden.
- **Secondary suppression**: in a line whose total is published (a single-choice question, a row or
  column of a cross-tabulation), a single hidden cell is joined by the next smallest, so no hidden
  value can be worked out by subtraction.
- **Zeros beside a hidden cell** in such a line are hidden too: ``[0, hidden, 0]`` with a total of 2
  would say what everyone in the line answered.
- **Confidential respondents** are counted in no published table (:func:`counted_respondents`), so no
  table, alone or compared with the map, the quotes or another briefing, holds anything they answered.
- **Bases**: a base that is the sum of some answers of a published list (who use or pilot AI) is
  stated only when it reveals no hidden cell of that list (:func:`sum_is_safe`, :func:`withhold_base`).
- **Minimum group size**: a filtered or group briefing of fewer than ``min_group_size`` respondents is
  not published (:func:`too_small`).

:func:`protect` applies the cell rules to any table and returns the protected table and a log entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from synthesis.analyse.common import NOT_USERS, STATUS_ORDER

COUNT_COLUMNS = ("respondents", "organisations", *STATUS_ORDER)
"""Columns that count respondents: :func:`protect` suppresses them unless told otherwise."""


def suppress_counts(counts: pd.DataFrame, threshold: int, margins: bool = False) -> pd.DataFrame:
    """Mask small counts in a table of counts whose totals are published.

    Primary suppression hides every count ``0 < n < threshold``. Secondary suppression then hides
    another cell (the smallest non-zero one, else a zero) in any line (row or column, with its
    total) that has exactly one hidden cell, so no hidden value can be worked out by subtraction;
    this repeats until nothing changes. Zeros in a line with a hidden cell are hidden too.

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
        changed = _secondary_pass(values, hidden, lines, margins)
        widened = _hide_zeros_beside(values, hidden, both_axes=values.shape[1] > 1)
        if (widened != hidden).any().any():
            hidden, changed = widened, True
    return values.astype("Int64").mask(hidden)


def _secondary_pass(values: pd.DataFrame, hidden: pd.DataFrame, lines: list, margins: bool) -> bool:
    """Hide one more cell in every line with exactly one hidden cell (in place); whether any was hidden."""
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
    return changed


def _hide_zeros_beside(values: pd.DataFrame, hidden: pd.DataFrame, both_axes: bool) -> pd.DataFrame:
    """Also hide the zeros of every line (column, and row when ``both_axes``) that has a hidden cell."""
    hidden = hidden.copy()
    zeros = values == 0
    for column in values.columns:
        if hidden[column].any():
            hidden[column] |= zeros[column]
    if both_axes:
        rows = hidden.any(axis=1)
        hidden.loc[rows] = hidden.loc[rows] | zeros.loc[rows]
    return hidden


def suppress_column(table: pd.DataFrame, column: str, threshold: int) -> pd.DataFrame:
    """``table`` with ``column`` masked by :func:`suppress_counts` and a boolean ``suppressed`` column."""
    masked = suppress_counts(table[[column]], threshold)[column]
    out = table.copy()
    out[column] = masked
    out["suppressed"] = masked.isna()
    return out


def counted_respondents(responses: pd.DataFrame, confidential: Iterable[str]) -> tuple[set[str], int]:
    """The respondents whose answers a briefing counts, and how many confidential ones in it are left out.

    A confidential respondent is counted in no published table. Pooling them in groups was not enough:
    the map names every other authority's answer, so an authorities' row less the map is what the
    confidential ones said, and a pool that all gave the same answer discloses each of them (red team,
    issue 13). Returns ``(ids counted, number of confidential respondents left out)``.
    """
    hidden = set(confidential)
    ids = set(responses["respondent_id"])
    return ids - hidden, len(ids & hidden)


def shown_count(n: int, threshold: int) -> int | str:
    """A count of respondents as it may be published: ``"fewer than 3"`` for ``0 < n < threshold``.

    For counts stated in words or in the manifest (how many confidential responses a briefing left
    out): a 1 in a regional briefing says that one authority there answered in confidence.
    """
    return f"fewer than {threshold}" if threshold > 1 and 0 < n < threshold else n


def sum_is_safe(published: pd.DataFrame, column: str, categories: Iterable[str]) -> bool:
    """Whether the sum of some ``categories`` of a published list (total published) can be stated.

    The sum reveals nothing new when none of the list's hidden cells is among ``categories`` (it is
    the sum of shown cells) or all of them are (it is the total less the shown cells). Otherwise
    the sum less the shown cells of ``categories`` is a hidden cell, or a sum of fewer hidden cells
    than the list protects (red team: a base of 7 beside "In use 6" showed "Piloting 1").
    """
    inside = published[column].isin(list(categories))
    hidden = published["respondents"].isna()
    return not (hidden & inside).any() or not (hidden & ~inside).any()


def withhold_base(table: pd.DataFrame) -> pd.DataFrame:
    """A section table whose base may not be stated: ``asked``, ``answered`` and ``percent`` hidden.

    Who answered is bounded by who was asked, and a share with its count gives who answered, so all
    three go; the counts themselves stay. ``base_withheld`` says so to whatever writes the base.
    """
    out = table.copy()
    for column in ("asked", "answered"):
        if column in out.columns:
            out[column] = pd.array([pd.NA] * len(out), dtype="Int64")
    if "percent" in out.columns:
        out["percent"] = float("nan")
    return out.assign(base_withheld=True)


def _protect_users_total(out: pd.DataFrame, i: object, users: list[str], values: pd.Series, threshold: int) -> int:
    """Hide more user statuses of register row ``i`` (in place) while its published ``organisations`` total, less
    the user statuses shown, would give a hidden cell or a hidden sum below ``threshold`` (one hidden cell, or
    "piloting + planned = 1"): the smallest shown status next, else the total; the number of cells hidden."""
    if pd.isna(out.loc[i, "organisations"]):
        return 0
    hidden = 0
    while True:
        cells = out.loc[i, users]
        if not cells.isna().any():
            return hidden
        rest = int(values[cells.isna()].fillna(0).sum())
        if cells.isna().sum() > 1 and (rest == 0 or rest >= threshold):
            return hidden
        free = values[cells.notna()].fillna(0).astype("int64")
        if free.empty:
            out.loc[i, "organisations"] = pd.NA
            return hidden + 1
        candidates = free[free > 0] if (free > 0).any() else free
        out.loc[i, candidates.sort_values(kind="stable").index[0]] = pd.NA  # the smallest, ties by position
        hidden += 1


def too_small(n: int, min_group_size: int) -> bool:
    """Whether a filtered or group briefing of ``n`` respondents is too small to publish."""
    return min_group_size > 1 and n < min_group_size


def protect(
    table: pd.DataFrame,
    threshold: int,
    counts: Sequence[str] | None = None,
    total: bool = False,
) -> tuple[pd.DataFrame, int]:
    """The table with its count columns suppressed, and the number of cells newly hidden.

    ``counts`` names the count columns (default: those of :data:`COUNT_COLUMNS` present). With
    ``total``, each count column is a list whose total is published (a single-choice question), so
    secondary suppression and the zero rule apply down the column. A ``percent`` column is hidden
    with its ``respondents``; a ``suppressed`` column says which rows have a hidden cell.
    Cells already hidden (``<NA>``) stay hidden.
    """
    columns = [c for c in (counts if counts is not None else COUNT_COLUMNS) if c in table.columns]
    if not columns or table.empty or threshold <= 1:
        return table, 0
    out = table.copy()
    before = int(out[columns].isna().sum().sum())
    already = out[columns].isna()
    values = out[columns].fillna(0).astype("int64")
    if total:
        masked = pd.concat([suppress_counts(values[[c]], threshold) for c in columns], axis=1)
    else:
        masked = values.astype("Int64").mask((values > 0) & (values < threshold))
    masked = masked.mask(already)
    for c in columns:
        out[c] = masked[c]
    hidden_rows = masked.isna().any(axis=1)
    if "percent" in out.columns and "respondents" in columns:
        out["percent"] = out["percent"].where(~masked["respondents"].isna())
    out["suppressed"] = hidden_rows | (out["suppressed"].astype(bool) if "suppressed" in table.columns else False)
    return out, int(masked.isna().sum().sum()) - before


def protect_register(register: pd.DataFrame, threshold: int) -> tuple[pd.DataFrame, int]:
    """The tool register with small counts hidden, row by row.

    A row's status counts add up to what it says of the tool, so each row is a list whose total is
    published: primary and secondary suppression and the zero rule apply across it, ``organisations``
    is hidden when small, and ``status`` is written again from what is left. ``organisations`` is the
    total of the statuses of users alone (not "not used" or "supplied"), so that part of the row is a
    line of its own: a single hidden cell in it, or hidden cells that add up to less than the threshold, are
    joined by the next smallest, or else the total goes (red team 2: 23 organisations less the shown user
    statuses gave "piloting 1"; red team 5: in use 5, piloting 1 gave "the rest add up to 1").
    """
    from synthesis.analyse.tools import status_summary

    if register.empty or threshold <= 1:
        return register, 0
    statuses = [c for c in STATUS_ORDER if c in register.columns]
    out = register.copy().astype({c: "Int64" for c in [*statuses, "organisations"]})
    hidden = 0
    for i in out.index:
        cells = out.loc[i, statuses]
        before = cells.isna()
        row = suppress_counts(pd.DataFrame({"n": cells.fillna(0).astype("int64")}), threshold)["n"].mask(before)
        hidden += int(row.isna().sum() - before.sum())
        out.loc[i, statuses] = row.to_numpy()
    small = ((out["organisations"] > 0) & (out["organisations"] < threshold)).fillna(False)
    hidden += int(small.sum())
    out["organisations"] = out["organisations"].mask(small)
    users = [c for c in statuses if c not in NOT_USERS]
    for i in out.index:
        hidden += _protect_users_total(out, i, users, register.loc[i, users], threshold)
    out["status"] = [status_summary(r) for r in out[statuses].to_dict("records")]
    out["suppressed"] = out[[*statuses, "organisations"]].isna().any(axis=1)
    return out, hidden
