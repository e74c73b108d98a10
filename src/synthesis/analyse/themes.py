"""Theme counts, and what the codebook leaves uncoded."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from synthesis.analyse.common import (
    SENTENCE_COLUMNS, as_list, is_non_answer, pct, positive_themes, theme_label, truthy
)

USING_AI = ("In use", "Piloting")


@dataclass(frozen=True)
class Section:
    """One section of the briefing: the themes it counts, the question they are counted in, and its base."""

    prefix: str
    question_id: str
    users_only: bool = False
    """Count only respondents who use or pilot AI (purposes and impact)."""


SECTIONS = {
    "purposes": Section("use", "tools_used", users_only=True),
    "impact": Section("impact", "impact", users_only=True),
    "risks": Section("risk", "risks_ethics"),
    "governance": Section("governance", "risks_ethics"),
    "barriers": Section("barrier", "barriers"),
    "barriers_overcome": Section("overcome", "barriers_overcome"),
    "support_themes": Section("support", "support_needed"),
}
"""SPEC §5 "Counting": each section counts what respondents said in answer to its own question."""


def section_base(responses: pd.DataFrame, section: Section) -> tuple[pd.DataFrame, int, str]:
    """The respondents a section counts, how many were asked, and the base in words.

    Returns ``(answered, asked, description)``: the respondents of the base who answered the
    section's question, the number in the base, and a sentence naming the base. A blank answer or one that
    says nothing ("N/A", "None.", "No comment", "-": :func:`is_non_answer`) is not an answer.
    """
    base = responses
    who = "respondents"
    if section.users_only and "uses_ai" in responses:
        base = responses[responses["uses_ai"].isin(USING_AI)]
        who = "respondents who use or pilot AI"
    if section.question_id not in base:
        return base.iloc[0:0], len(base), f"{who} who answered this question"
    given = base[section.question_id].map(lambda v: not is_non_answer(v)).astype(bool)  # bool even when empty: else
    answered = base.loc[given]  # pandas would read an empty mask as a list of columns
    return answered, len(base), f"{who} who answered this question"


def section_counts(
    responses: pd.DataFrame,
    mentions: pd.DataFrame,
    section: Section,
    labels: Mapping[str, str] | None = None,
    all_themes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Respondents whose answer to the section's own question carries each of its themes.

    Columns: ``theme, label, respondents, percent`` (of those who answered), ``question_id``, ``base``
    (who is counted, in words), ``asked`` (respondents in the base) and ``answered``.
    """
    answered, asked, base = section_base(responses, section)
    ids = set(answered["respondent_id"])
    mine = mentions[mentions["respondent_id"].isin(ids)] if len(mentions) else mentions
    out = theme_counts(mine, section.prefix, len(ids), labels, question_id=section.question_id, all_themes=all_themes)
    return out.assign(question_id=section.question_id, base=base, asked=asked, answered=len(ids))


_CLAUSE_BREAK = re.compile(r"\s*(?:;|\bbut\b|\bhowever\b|\balthough\b|\bwhereas\b)\s*", re.IGNORECASE)
_NEGATOR = re.compile(r"\b(?:not|no|never|without|cannot|nor)\b|n't\b", re.IGNORECASE)
_VIEW_NAMED = re.compile(r"\bsingle[- ]view\b|\bone view\b|\bsingle record\b", re.IGNORECASE)
_TO_COME = re.compile(
    r"\b(?:plan(?:s|ned|ning)?|business case|intend\w*|hope to|aim to|will|would like|due (?:in|to)|next (?:year|step|phase)"
    r"|in (?:the )?future|(?:is|are|am|being|be) (?:now )?(?:develop|build|scop|explor|design|procur|consider|prepar)\w*)\b",
    re.IGNORECASE,
)
SINGLE_VIEW_USE = ("Have or use one", "Only planned or being developed", "Neither (none described, or say they have none)")


def single_view_verdict(sentence: str, found: Sequence[str], denied: Sequence[bool]) -> str:
    """Whether a sentence coded ``use.single_view`` says the respondent has one (``in use``), plans one
    (``planned``) or has none (``denied``); ``found`` are the matched texts, ``denied`` their negation.

    The sentence is cut into clauses at "but", "however", ";" and the like, and the last clause that
    names a single view (or holds a match) speaks: "X links our case records but is not a single view"
    has none, "we would not call it a single view, but a dashboard brings the data together" has one. A
    clause denies when a negator comes before what it names, and plans with a cue of something to come
    ("we are developing", "a business case is being prepared", "due in 2026").
    """
    if denied and all(denied):
        return "denied"
    verdict = "in use"
    for clause in _CLAUSE_BREAK.split(sentence):
        low = clause.lower()
        starts = [low.find(text.lower()) for text, no in zip(found, denied) if not no and text.lower() in low]
        named = _VIEW_NAMED.search(clause)
        starts += [named.start()] if named else []
        if starts:
            verdict = ("denied" if _NEGATOR.search(clause[:min(starts)]) else
                       "planned" if _TO_COME.search(clause) else "in use")
    return verdict


def single_view_verdicts(mentions: pd.DataFrame) -> dict[tuple[str, str, str], str]:
    """(respondent, question, sentence) -> :func:`single_view_verdict`, for every sentence coded ``use.single_view``."""
    if mentions is None or mentions.empty:
        return {}
    themes = mentions[(mentions["kind"] == "theme") & (mentions["label"] == "use.single_view")]
    out = {}
    for (rid, qid, sentence), rows in themes.groupby(["respondent_id", "question_id", "sentence"], sort=True):
        found = [str(t) for t in rows["text"]]
        out[(str(rid), str(qid), str(sentence))] = single_view_verdict(str(sentence), found,
                                                                        [truthy(n) for n in rows["negated"]])
    return out


def single_view_use(responses: pd.DataFrame, mentions: pd.DataFrame, question_id: str = "single_view_detail") -> pd.DataFrame:
    """Respondents whose description of their single-view systems says they have or use one, and those who only
    plan or are developing one (counted apart, never as having one); the rest of those who answered are the third
    row. A respondent with any sentence of use counts as having one (:func:`single_view_verdict`).

    Columns: ``answer`` (:data:`SINGLE_VIEW_USE`), ``respondents``, ``percent`` (of ``answered``), ``question_id``,
    ``asked``, ``answered``.
    """
    answered, asked, _ = section_base(responses, Section("use", question_id))
    ids = set(answered["respondent_id"])
    verdicts: dict[str, set[str]] = {}
    for (rid, qid, _sentence), verdict in single_view_verdicts(mentions).items():
        if qid == question_id and rid in ids:
            verdicts.setdefault(rid, set()).add(verdict)
    have = sum("in use" in v for v in verdicts.values())
    planned = sum("in use" not in v and "planned" in v for v in verdicts.values())
    counts = [have, planned, len(ids) - have - planned]
    rows = [{"answer": a, "respondents": n, "percent": pct(n, len(ids)), "question_id": question_id, "asked": asked,
             "answered": len(ids)} for a, n in zip(SINGLE_VIEW_USE, counts)]
    return pd.DataFrame(rows, columns=["answer", "respondents", "percent", "question_id", "asked", "answered"])


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
    themes = positive_themes(mentions)
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
        {"theme": t, "label": theme_label(t, labels), "respondents": int(n), "percent": pct(n, n_respondents)}
        for t, n in counts.items()
    ]
    out = pd.DataFrame(rows, columns=["theme", "label", "respondents", "percent"])
    return out.sort_values(["respondents", "theme"], ascending=[False, True], kind="stable").reset_index(drop=True)


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


def uncoded_sentences(sentences: pd.DataFrame, min_length: int = 1) -> pd.DataFrame:
    """Sentences that match no theme: what the codebook may be missing."""
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=SENTENCE_COLUMNS)
    mask = sentences["themes"].map(lambda t: len(as_list(t)) == 0)
    mask &= sentences["sentence"].map(lambda s: len(str(s).strip()) >= min_length)
    return sentences[mask].reset_index(drop=True)


def codebook_coverage(sentences: pd.DataFrame, themes: Sequence[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How much of the text the codebook codes.

    Returns ``(by_question, by_theme)``: per question ``question_id, sentences, coded, percent_coded``;
    per theme ``theme, sentences`` (including codebook themes that never matched, with 0).
    """
    if sentences is None or sentences.empty:
        by_q = pd.DataFrame(columns=["question_id", "sentences", "coded", "percent_coded"])
    else:
        coded = sentences["themes"].map(lambda t: len(as_list(t)) > 0)
        by_q = (
            pd.DataFrame({"question_id": sentences["question_id"], "coded": coded})
            .groupby("question_id", sort=True)
            .agg(sentences=("coded", "size"), coded=("coded", "sum"))
            .reset_index()
        )
        by_q["coded"] = by_q["coded"].astype("int64")
        by_q["percent_coded"] = [pct(c, s) for c, s in zip(by_q["coded"], by_q["sentences"])]
    counts: dict[str, int] = {t: 0 for t in themes}
    if sentences is not None:
        for tl in sentences.get("themes", []):
            for t in as_list(tl):
                counts[t] = counts.get(t, 0) + 1
    by_t = pd.DataFrame(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), columns=["theme", "sentences"])
    return by_q, by_t


_TOKEN = re.compile(r"[a-z][a-z'\-]+")


def _stem(word: str) -> str:
    """A crude stem, good enough to match "guidance"/"guide", "funding"/"funded": the first five letters."""
    return word[:5]


def nearest_theme(
    sentences: pd.DataFrame, codebook: object, prefix: str, question_id: str, quotable: set[str] | None = None,
) -> pd.DataFrame:
    """The uncoded sentences of one question, each put beside the theme of ``prefix`` whose wording it shares most.

    A list for an analyst to scan for what the codebook misses: closeness is the number of shared word
    stems (stop words left out) with the theme's label, definition and phrases. Only sentences of
    ``quotable`` respondents (when given) are listed. Columns: ``nearest_theme, label, shared,
    respondent_id, sentence``; sentences sharing nothing with any theme come last, as ``none``.
    """
    cols = ["nearest_theme", "label", "shared", "respondent_id", "sentence"]
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=cols)
    stop = _STOP | _spacy_stop_words()
    themes = [t for t in getattr(codebook, "themes", []) if t.id.startswith(prefix + ".")]
    vocab = {t.id: {_stem(w) for text in (t.label, t.definition, *t.phrases) for w in _TOKEN.findall(text.lower())
                    if w not in stop and len(w) > 2} for t in themes}
    labels = {t.id: t.label for t in themes}
    pool = uncoded_sentences(sentences[sentences["question_id"] == question_id])
    pool = pool[~pool["sentence"].map(is_non_answer).astype(bool)]  # "N/A." is not a need the codebook missed
    if quotable is not None:
        pool = pool[pool["respondent_id"].isin(quotable)]
    rows = []
    for rid, text in zip(pool["respondent_id"], pool["sentence"]):
        words = {_stem(w) for w in _TOKEN.findall(str(text).lower()) if w not in stop and len(w) > 2}
        best, shared = "none", 0
        for theme_id, theme_words in vocab.items():
            n = len(words & theme_words)
            if n > shared:
                best, shared = theme_id, n
        rows.append({"nearest_theme": best, "label": labels.get(best, "No near theme"), "shared": shared,
                     "respondent_id": rid, "sentence": str(text)})
    out = pd.DataFrame(rows, columns=cols)
    order = {t: i for i, t in enumerate([*vocab, "none"])}
    out["_order"] = out["nearest_theme"].map(order)
    out = out.sort_values(["_order", "shared", "respondent_id"], ascending=[True, False, True], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)
