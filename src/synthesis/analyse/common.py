"""Names, orders and small helpers shared by the analysis modules.

Inputs follow ``docs/design.md``: ``responses`` (one row per usable respondent), ``mentions`` (SPEC §4
columns, one row per tool or theme finding) and ``sentences`` (``respondent_id, question_id,
sentence_index, start, end, sentence, themes, tools``). Counts are numbers of distinct respondents
unless a column name says otherwise.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping

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


STATUS_ORDER = ["in_use", "piloting", "planned", "stopped", "not_used", "supplied", "mentioned"]


NOT_USERS = ("not_used", "supplied")
"""Statuses that do not make a respondent a user of the tool."""


STATUS_LABELS = {
    "in_use": "In use",
    "piloting": "Piloting",
    "planned": "Planned or considered",
    "stopped": "Stopped or rejected",
    "not_used": "Not used",
    "supplied": "Supplied to others",
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


def theme_label(theme_id: str, labels: Mapping[str, str] | None = None) -> str:
    """Human label of a theme id, from ``labels`` when given, else derived from the id."""
    if labels and theme_id in labels:
        return str(labels[theme_id])
    tail = theme_id.split(".", 1)[-1]
    return tail.replace("_", " ").capitalize()


def theme_group(theme_id: str) -> str:
    """The prefix of a theme id (``use``, ``impact``, ``risk``, ``governance``, ``barrier``)."""
    return theme_id.split(".", 1)[0]


def pct(part: float, whole: float) -> float:
    """The share ``part`` of ``whole`` in percent, unrounded: each display rounds it once (a share rounded
    to 54.5 and then to 54 would show 6 of 11 as 54%, not 55%)."""
    return 100.0 * part / whole if whole else 0.0


PERCENT_DECIMALS = 1
"""Decimals of the ``percent`` columns in published tables (CSV, XLSX and the HTML tables)."""

#: shares are ratios of counts, so a true half may come out a hair below it in floating point
#: (100 * 0.145 is 14.499999999999998); this much is added before rounding halves up
_HALF_SLACK = 1e-9


def half_up(value: float, decimals: int = 0) -> float:
    """``value`` rounded to ``decimals`` places, halves up (Python's ``round`` takes halves to even: 31.25 -> 31.2)."""
    scale = 10 ** decimals
    return math.floor(value * scale + 0.5 + _HALF_SLACK) / scale


def percent_text(share: object) -> str:
    """A share as text shows it: a whole percent, halves rounded up ("55%" for 6 of 11, "13%" for 1 of 8);
    ``""`` for a hidden share."""
    if share is None or share is pd.NA or (isinstance(share, float) and math.isnan(share)):
        return ""
    return f"{int(half_up(float(share)))}%"


def round_percents(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` as published: its ``percent`` columns rounded (once, halves up as in the text) to
    :data:`PERCENT_DECIMALS` places."""
    columns = [c for c in table.columns if isinstance(c, str) and c.startswith("percent")
               and pd.api.types.is_float_dtype(table[c])]
    if not columns:
        return table
    return table.assign(**{c: table[c].map(lambda v: v if pd.isna(v) else half_up(v, PERCENT_DECIMALS))
                           for c in columns})


def as_list(value: object) -> list:
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


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


NON_ANSWERS = frozenset({
    "n/a", "n / a", "na", "n.a", "n a", "nil", "none", "none at all", "nothing", "nothing to add", "nothing further",
    "nothing further to add", "no comment", "no comments", "no response", "no answer", "not answered",
    "not applicable", "don't know", "dont know", "do not know", "not known", "unknown", "not sure", "tbc",
})
"""Free-text answers that say nothing, compared without case, spaces or the punctuation around them ("N/A.",
"None.", "No comment"). An answer with no letter or digit ("-", "...", "?") says nothing either."""

NON_ANSWER_TEXT = ('blank answers, answers without a letter or digit ("-", "?") and answers that say nothing '
                   'else than "N/A", "None", "Nil", "Nothing to add", "No comment", "Not applicable", "Don\'t '
                   'know" or "Not sure"')
"""The non-answers in words, for the methods text."""

_EDGE_PUNCTUATION = " \t\r\n.,;:!?-–—'\"()[]*_"


def is_non_answer(value: object) -> bool:
    """Whether a free-text answer is blank or says nothing (:data:`NON_ANSWERS`): it is not counted as an answer
    in any section's base."""
    if is_blank(value):
        return True
    if not isinstance(value, str):
        return False
    text = " ".join(value.replace("\u2019", "'").casefold().split()).strip(_EDGE_PUNCTUATION)
    return not any(c.isalnum() for c in text) or text in NON_ANSWERS


def truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"yes", "true", "1", "y"}
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)


def mentions_of(mentions: pd.DataFrame, kind: str) -> pd.DataFrame:
    if mentions is None or mentions.empty:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    return mentions[mentions["kind"] == kind]


def positive_themes(mentions: pd.DataFrame) -> pd.DataFrame:
    """Theme mentions that are not denied."""
    themes = mentions_of(mentions, "theme")
    if themes.empty:
        return themes
    return themes[~themes["negated"].map(truthy)]


def stable_key(*parts: object) -> str:
    """A hash that orders rows the same way on every run and machine (unlike ``hash()``)."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass")).hexdigest()
