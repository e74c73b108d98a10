"""Disclosure control: small counts suppressed so that no respondent can be singled out."""

from __future__ import annotations

import pandas as pd

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
