"""Links across questions: each barrier and how the same respondent overcame it."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from synthesis.analyse.common import is_non_answer, positive_themes, theme_label

NOT_YET = "overcome.not_yet"
NO_CODED_ANSWER = "none"
NO_ANSWER_GIVEN = "unanswered"
OUTCOME_LABELS = {NOT_YET: "Not yet overcome", NO_CODED_ANSWER: "Answer not coded", NO_ANSWER_GIVEN: "Did not say"}


def barrier_links(responses: pd.DataFrame, mentions: pd.DataFrame, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Barriers (``barriers`` answers) linked to how the same respondent overcame them (``barriers_overcome``).

    Each barrier theme of a respondent's ``barriers`` answer is linked to every ``overcome.*`` theme of
    their ``barriers_overcome`` answer: ``overcome.not_yet`` ("not overcome", "still looking for
    funding") is an outcome of its own, an answer with no way of overcoming coded goes to ``Answer not
    coded``, and no answer (or one that says nothing, such as "N/A") to ``Did not say``. Columns:
    ``barrier, barrier_label, overcome, overcome_label, respondents``.
    """
    cols = ["barrier", "barrier_label", "overcome", "overcome_label", "respondents"]
    themes = positive_themes(mentions)
    if themes.empty:
        return pd.DataFrame(columns=cols)
    barriers = themes[(themes["question_id"] == "barriers") & themes["label"].str.startswith("barrier.")]
    overcome = themes[(themes["question_id"] == "barriers_overcome") & themes["label"].str.startswith("overcome.")]
    how = overcome.groupby("respondent_id")["label"].agg(lambda s: sorted(set(s))).to_dict()
    answered = set()
    if "barriers_overcome" in responses:
        answered = set(responses.loc[responses["barriers_overcome"].map(lambda v: not is_non_answer(v)), "respondent_id"])
    pairs: dict[tuple[str, str], set[str]] = {}
    for rid, group in barriers.groupby("respondent_id"):
        outcomes = how.get(rid) or [NO_CODED_ANSWER if rid in answered else NO_ANSWER_GIVEN]
        for barrier in sorted(set(group["label"])):
            for fix in outcomes:
                pairs.setdefault((barrier, fix), set()).add(rid)
    rows = [
        {
            "barrier": b,
            "barrier_label": theme_label(b, labels),
            "overcome": o,
            "overcome_label": OUTCOME_LABELS.get(o) or theme_label(o, labels),
            "respondents": len(ids),
        }
        for (b, o), ids in pairs.items()
    ]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["respondents", "barrier", "overcome"], ascending=[False, True, True], kind="stable").reset_index(drop=True)
