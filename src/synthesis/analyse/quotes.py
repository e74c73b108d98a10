"""Quotes: representative sentences per theme, the searchable sentence table and look-ups behind a number."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

from synthesis.analyse.common import (
    GROUP_QUESTION, MENTION_COLUMNS, as_list, is_blank, stable_key, theme_group, theme_label,
)
from synthesis.analyse.respondents import confidential_ids

def _attribution(responses: pd.DataFrame) -> dict[str, str]:
    out = {}
    for rid, kind, region in zip(responses["respondent_id"], responses["organisation_type"], responses["region"]):
        parts = [str(p) for p in (kind, region) if not is_blank(p)]
        out[rid] = ", ".join(parts) if parts else "Respondent"
    return out


_WORD = re.compile(r"[a-z0-9']+")


def _near_same(a: set[str], b: set[str]) -> bool:
    """Whether two quotes say nearly the same thing: at least 80% of the shorter one's words are in the
    other ("Also, staff with dyslexia describe it as ..." and "Staff with dyslexia describe it as ...")."""
    return bool(a) and bool(b) and len(a & b) >= 0.8 * min(len(a), len(b))


HEDGES = re.compile(
    r"\b(too (early|soon) to (say|tell|know)|(not|n't) (yet )?(sure|clear|known)|unclear|remains to be seen|"
    r"(hard|difficult) to (say|tell)|(do not|don't|dont) know( yet)? (if|whether)|we will see|no evidence yet)\b",
    re.IGNORECASE,
)
"""Wording that leaves a theme open ("too early to say whether it saves money"): never a quote for it."""


def _strength(mentions: pd.DataFrame | None) -> dict[tuple[str, str, str], dict[str, float]]:
    """Per (respondent, question, sentence): each affirmed theme's matched characters, or -1 when denied there."""
    out: dict[tuple[str, str, str], dict[str, float]] = {}
    if mentions is None or mentions.empty:
        return out
    themes = mentions[mentions["kind"] == "theme"]
    for rid, qid, sentence, label, text, negated in zip(themes["respondent_id"], themes["question_id"], themes["sentence"],
                                                        themes["label"], themes["text"], themes["negated"]):
        scores = out.setdefault((str(rid), str(qid), str(sentence)), {})
        if scores.get(label, 0) < 0:
            continue
        scores[label] = -1.0 if bool(negated) else scores.get(label, 0.0) + len(str(text))
    return out


def representative_quotes(
    sentences: pd.DataFrame,
    responses: pd.DataFrame,
    max_per_theme: int = 3,
    labels: Mapping[str, str] | None = None,
    themes: Sequence[str] | None = None,
    question_id: str | None = None,
    mentions: pd.DataFrame | None = None,
    questions: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Up to ``max_per_theme`` quotes per theme, never from confidential respondents.

    With ``question_id`` (a section's own question), only answers to it are quoted and each sentence
    is quoted once, under its strongest theme (the most matched text in ``mentions``); the same wording
    from another respondent is not quoted again under another theme. A quote must
    affirm its theme: sentences that hedge (:data:`HEDGES`) or also deny the theme are skipped.
    Picks sentences of readable length (about 140 characters scores best), one per respondent and
    theme, deterministically. ``questions`` maps question ids to the labels shown.
    Columns: ``theme, label, respondent_id, question_id, question, attribution, quote``.
    """
    cols = ["theme", "label", "respondent_id", "question_id", "question", "attribution", "quote"]
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=cols)
    hidden = confidential_ids(responses)
    known = set(responses["respondent_id"])
    pool = sentences[~sentences["respondent_id"].isin(hidden) & sentences["respondent_id"].isin(known)]
    if question_id:
        pool = pool[pool["question_id"] == question_id]
    who = _attribution(responses)
    strength = _strength(mentions)
    candidates = []
    for row in pool.itertuples(index=False):
        text = str(row.sentence).strip()
        if len(text) < 25 or HEDGES.search(text):
            continue
        scores = strength.get((str(row.respondent_id), str(row.question_id), str(row.sentence)), {})
        eligible = [t for t in as_list(row.themes) if (themes is None or t in themes) and scores.get(t, 0) >= 0]
        if question_id and eligible:  # once per section, under its strongest theme
            eligible = [max(eligible, key=lambda t: (scores.get(t, 0), t))]
        for theme in eligible:
            preferred = question_id is not None or GROUP_QUESTION.get(theme_group(theme)) == row.question_id
            score = abs(len(text) - 140) + (0 if preferred else 200) + (400 if len(text) > 400 else 0)
            candidates.append((theme, score, str(row.respondent_id), str(row.question_id), int(row.sentence_index), text))
    candidates.sort()
    rows, used = [], set()
    chosen: dict[str, list[set[str]]] = {}  # theme -> words of the quotes taken
    for theme, _score, rid, qid, _idx, text in candidates:
        words = set(_WORD.findall(text.lower()))
        taken = chosen.setdefault(theme, [])
        seen = [w for ws in chosen.values() for w in ws] if question_id else taken  # a section quotes a text once
        if len(taken) >= max_per_theme or (theme, rid) in used or any(_near_same(words, w) for w in seen):
            continue
        used.add((theme, rid))
        taken.append(words)
        rows.append(
            {"theme": theme, "label": theme_label(theme, labels), "respondent_id": rid, "question_id": qid,
             "question": (questions or {}).get(qid, qid), "attribution": who.get(rid, "Respondent"), "quote": text}
        )
    return pd.DataFrame(rows, columns=cols)


def section_quotes(
    sentences: pd.DataFrame,
    responses: pd.DataFrame,
    sections: Mapping[str, tuple[str, str]],
    theme_ids: Sequence[str],
    max_per_theme: int = 3,
    **options: object,
) -> pd.DataFrame:
    """:func:`representative_quotes` for each section (name -> ``(theme prefix, question id)``), in a ``section`` column.

    Sections that count the same question (risks, and how risks are managed) share one pick, so a sentence is
    quoted once in all of them, under the theme it is the best evidence for; the other themes take their
    next-best quote. ``options`` go to :func:`representative_quotes` (``labels``, ``mentions``, ``questions``).
    """
    by_question: dict[str, list[str]] = {}
    for name, (_prefix, qid) in sections.items():
        by_question.setdefault(qid, []).append(name)
    found = {}
    for qid, names in by_question.items():
        prefixes = {sections[n][0] + ".": n for n in names}
        themes = [t for t in theme_ids if any(t.startswith(p) for p in prefixes)]
        picked = representative_quotes(sentences, responses, max_per_theme, themes=themes, question_id=qid, **options)
        home = picked["theme"].map(lambda t: next(n for p, n in prefixes.items() if t.startswith(p)))
        for name in names:
            found[name] = picked[home == name].assign(section=name)
    parts = [found[name] for name in sections]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


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
    keys = [stable_key(r, q, i) for r, q, i in
            zip(sentences["respondent_id"], sentences["question_id"], sentences["sentence_index"])]
    queues: dict[str, list[tuple[str, int]]] = {}
    for position, (key, themes) in enumerate(zip(keys, sentences["themes"])):
        for theme in as_list(themes) or [""]:
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
        keep = keep[keep["themes"].map(lambda t: len(as_list(t)) > 0) | keep["tools"].map(lambda t: len(as_list(t)) > 0)]
    if max_rows is not None:
        keep = spread_by_theme(keep, max_rows)
    meta = responses.set_index("respondent_id")[["organisation_type", "region"]]
    out = keep[["respondent_id", "question_id", "sentence_index", "sentence", "themes", "tools"]].copy()
    out["themes"] = out["themes"].map(lambda t: "; ".join(theme_label(x, labels) for x in as_list(t)))
    out["tools"] = out["tools"].map(lambda t: "; ".join(map(str, as_list(t))))
    out = out.join(meta, on="respondent_id")
    out = out.sort_values(["respondent_id", "question_id", "sentence_index"], kind="stable")
    return out[cols].reset_index(drop=True)


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
