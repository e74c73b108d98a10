"""Links across questions: each barrier and how the same respondent overcame it."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from synthesis.analyse.common import positive_themes, theme_label

def barrier_links(mentions: pd.DataFrame, labels: Mapping[str, str] | None = None, top: int | None = None) -> pd.DataFrame:
    """Barriers linked to how the same respondents overcame them.

    For each respondent, every barrier theme in their ``barriers`` answer is linked to every theme in
    their ``barriers_overcome`` answer (or to ``No coded answer`` when that answer carries none).
    With ``top``, only the ``top`` most common answer themes are kept and the rest become
    ``Other themes`` (id ``other``; each respondent counted once per link).
    Columns: ``barrier, barrier_label, overcome, overcome_label, respondents``.
    """
    themes = positive_themes(mentions)
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
