"""The tool register and the tables built from tool mentions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from synthesis.analyse.common import (
    GROUP_QUESTION, NOT_USERS, STATUS_LABELS, STATUS_ORDER, as_list, is_blank, mentions_of, positive_themes, theme_group, theme_label, truthy,
)
from synthesis.analyse.themes import single_view_verdicts

def respondent_tool_status(tools: pd.DataFrame) -> pd.DataFrame:
    """One row per (tool, respondent) with the most advanced status stated anywhere; ``supplied``
    stated anywhere wins: a respondent that supplies the tool to others is no user of it, whatever
    its other answers say of its product ("VisitPad integrates with case management systems")."""
    if tools.empty:
        return pd.DataFrame(columns=["label", "respondent_id", "status"])
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    rank["supplied"] = -1
    frame = tools[["label", "respondent_id", "status", "negated"]].copy()
    frame["status"] = [
        ("not_used" if truthy(neg) and (s in (None, "mentioned") or is_blank(s)) else (s if not is_blank(s) else "mentioned"))
        for s, neg in zip(frame["status"], frame["negated"])
    ]
    if "question_id" in tools:
        frame["status"] = _pilot_impact(frame["status"], tools["question_id"], frame[["label", "respondent_id"]])
    frame["rank"] = frame["status"].map(lambda s: rank.get(s, len(rank)))
    frame = frame.sort_values(["label", "respondent_id", "rank"], kind="stable")
    return frame.drop_duplicates(["label", "respondent_id"])[["label", "respondent_id", "status"]]


def _pilot_impact(status: pd.Series, question: pd.Series, keys: pd.DataFrame) -> pd.Series:
    """Statuses where "in use" said only in the impact answer ("with X, letters go out sooner")
    becomes "piloting" for a tool the respondent says it pilots: a pilot's impact keeps it a pilot."""
    impact = question.eq(GROUP_QUESTION["impact"])
    used = status.eq("in_use")
    groups = [keys["label"], keys["respondent_id"]]
    piloted = status.eq("piloting").groupby(groups, dropna=False).transform("any")
    used_elsewhere = (used & ~impact).groupby(groups, dropna=False).transform("any")
    return status.mask(used & impact & piloted & ~used_elsewhere, "piloting")


def without_components(tools: pd.DataFrame) -> pd.DataFrame:
    """Tool mentions without the components named as the technology inside another tool
    (``part_of``: "Magic Notes, built on technology from Deepgram and OpenAI"): SPEC §4 does not count
    them as tools the organisation uses."""
    if tools.empty or "part_of" not in tools:
        return tools
    return tools[tools["part_of"].map(is_blank)]


def _first(values: Iterable[object]) -> object:
    kept = [v for v in values if not is_blank(v)]
    if not kept:
        return None
    counts = pd.Series(kept, dtype=object).value_counts()
    best = counts.max()
    return sorted(str(v) for v, c in counts.items() if c == best)[0]


def tool_register(mentions: pd.DataFrame, confidential: Iterable[str] = ()) -> pd.DataFrame:
    """The tool register: one row per tool named by at least one respondent.

    Columns: ``tool, vendor, category, provenance, known, organisations`` (respondents who name it
    other than to say they do not use it or supply it to others), one column per status in
    :data:`STATUS_ORDER` (respondents whose most advanced status is that one), ``status`` (a short
    summary) and ``confirmed`` (an analyst accepted it in a review file). A component named as the
    technology inside another tool (``part_of``) is not a tool the organisation uses, and a tool named
    only by ``confidential`` respondents is not named at all. Sorted by ``organisations`` then name.
    """
    tools = without_components(mentions_of(mentions, "tool"))
    columns = ["tool", "vendor", "category", "provenance", "known", "organisations", *STATUS_ORDER, "status", "confirmed"]
    if tools.empty:
        return pd.DataFrame(columns=columns)
    hidden = set(confidential)
    per = respondent_tool_status(tools)
    rows = []
    for label, group in tools.groupby("label", sort=True):
        if hidden and set(group["respondent_id"]) <= hidden:
            continue
        statuses = per[per["label"] == label]["status"].value_counts()
        row = {
            "tool": label,
            "vendor": _first(group["vendor"]),
            "category": _first(group["category"]),
            "provenance": _first(group["provenance"]) or "unknown",
            "known": bool(group["known"].map(truthy).any()),
            "confirmed": bool(group["confirmed"].map(truthy).any()) if "confirmed" in group else False,
        }
        for status in STATUS_ORDER:
            row[status] = int(statuses.get(status, 0))
        row["organisations"] = int(sum(row[s] for s in STATUS_ORDER if s not in NOT_USERS))
        row["status"] = status_summary(row)
        rows.append(row)
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["organisations", "tool"], ascending=[False, True], kind="stable").reset_index(drop=True)


def status_summary(row: Mapping[str, object]) -> str:
    """"12 in use, 3 piloting": the register's status counts in words (hidden counts say "fewer than ...")."""
    parts = []
    for status in STATUS_ORDER:
        n = row.get(status)
        if n is None or (isinstance(n, float) and n != n) or n is pd.NA:
            parts.append(f"{STATUS_LABELS[status].lower()} suppressed")
        elif int(n):
            parts.append(f"{int(n)} {STATUS_LABELS[status].lower()}")
    return ", ".join(parts)


def tool_status_long(register: pd.DataFrame, top: int | None = 20) -> pd.DataFrame:
    """Long table of the register for a stacked bar: ``tool, status, status_label, respondents``."""
    head = register if top is None else register.head(top)
    rows = [
        {"tool": t, "status": s, "status_label": STATUS_LABELS[s], "respondents": pd.NA if pd.isna(n) else int(n)}
        for t, *counts in head[["tool", *STATUS_ORDER]].itertuples(index=False)
        for s, n in zip(STATUS_ORDER, counts)
    ]
    return pd.DataFrame(rows, columns=["tool", "status", "status_label", "respondents"]).astype({"respondents": "Int64"})


def discovered_tools(mentions: pd.DataFrame) -> pd.DataFrame:
    """Tools found in the text that are not on the tool list (``known == False``), for analysts to review.

    Columns: ``tool, respondents, mentions, examples`` (up to three surface forms).
    """
    tools = mentions_of(mentions, "tool")
    tools = tools[~tools["known"].map(truthy)] if not tools.empty else tools
    if tools.empty:
        return pd.DataFrame(columns=["tool", "respondents", "mentions", "examples"])
    out = tools.groupby("label").agg(
        respondents=("respondent_id", "nunique"),
        mentions=("respondent_id", "size"),
        examples=("text", lambda s: "; ".join(sorted(set(map(str, s)))[:3])),
    )
    out = out.reset_index().rename(columns={"label": "tool"})
    return out.sort_values(["respondents", "tool"], ascending=[False, True], kind="stable").reset_index(drop=True)


def single_view_tools(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Tools named in ``single_view_detail`` answers or in sentences coded ``use.single_view``, except in a
    sentence that says it is no single view ("X links to our case system but is not a single view").

    Columns: ``tool, respondents``.
    """
    tools = mentions_of(mentions, "tool")
    if tools.empty:
        return pd.DataFrame(columns=["tool", "respondents"])
    denied = {key for key, verdict in single_view_verdicts(mentions).items() if verdict == "denied"}
    keys = zip(tools["respondent_id"].astype(str), tools["question_id"].astype(str), tools["sentence"].astype(str))
    said = pd.Series([key not in denied for key in keys], index=tools.index, dtype=bool)
    tools = tools[~tools["negated"].map(truthy).astype(bool) & said]
    in_detail = tools[tools["question_id"] == "single_view_detail"][["respondent_id", "label"]]
    coded = pd.DataFrame(columns=["respondent_id", "label"])
    if sentences is not None and not sentences.empty:
        sv = sentences[sentences["themes"].map(lambda t: "use.single_view" in as_list(t))]
        coded = pd.DataFrame(
            [(rid, tool) for rid, qid, text, tl in zip(sv["respondent_id"], sv["question_id"], sv["sentence"], sv["tools"])
             if (str(rid), str(qid), str(text)) not in denied for tool in as_list(tl)],
            columns=["respondent_id", "label"],
        )
    both = pd.concat([in_detail, coded], ignore_index=True).drop_duplicates()
    if both.empty:
        return pd.DataFrame(columns=["tool", "respondents"])
    out = both.groupby("label")["respondent_id"].nunique().rename("respondents").reset_index()
    out = out.rename(columns={"label": "tool"})
    return out.sort_values(["respondents", "tool"], ascending=[False, True], kind="stable").reset_index(drop=True)


def tool_theme_matrix(
    mentions: pd.DataFrame, labels: Mapping[str, str] | None = None, top_tools: int = 15, prefixes: Sequence[str] = ("use", "impact", "risk", "governance", "barrier")
) -> pd.DataFrame:
    """Respondents who name a tool (other than as not used) and whose answers carry a theme.

    Long table: ``tool, theme, label, respondents`` for the ``top_tools`` most named tools and
    themes in ``prefixes`` that go with at least one of them.
    """
    cols = ["tool", "theme", "label", "respondents"]
    tools = without_components(mentions_of(mentions, "tool"))
    themes = positive_themes(mentions)
    if tools.empty or themes.empty:
        return pd.DataFrame(columns=cols)
    per = respondent_tool_status(tools)
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


def without_confidential_tools(mentions: pd.DataFrame, confidential: Iterable[str]) -> pd.DataFrame:
    """Mentions without the tools that only ``confidential`` respondents name: such a name is never published."""
    hidden = set(confidential)
    tools = mentions_of(mentions, "tool")
    if not hidden or tools.empty:
        return mentions
    named = tools.groupby("label")["respondent_id"].agg(set)
    secret = {label for label, who in named.items() if who <= hidden}
    return mentions[~((mentions["kind"] == "tool") & mentions["label"].isin(secret))].reset_index(drop=True)
