"""Extraction: tools and themes found in the free-text answers (SPEC §4).

Data flow: answers (respondent, question, text) -> :func:`analyse_texts` (one result per distinct
text, a pure function of the text, so results can be cached by text hash or computed on Dask
workers) -> :func:`assemble` -> :class:`Extraction` with the ``mentions`` and ``sentences`` tables.

Offsets (``start``, ``end``) are character offsets in the original answer text, so
``answer[start:end] == text`` for every finding. The ``sentence`` column is redacted
(:mod:`synthesis.redact`) before it leaves this module.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy
import pandas as pd

from synthesis.cache import gc_paused

if TYPE_CHECKING:  # spaCy is imported only where texts are analysed: assembling cached results needs none
    from spacy.language import Language

MENTION_COLUMNS = [
    "respondent_id", "question_id", "kind", "label", "text", "start", "end", "sentence", "negated", "status",
    "vendor", "category", "provenance", "known", "part_of",
]
SENTENCE_COLUMNS = ["respondent_id", "question_id", "sentence_index", "start", "end", "sentence", "themes", "tools"]
#: Per-answer columns (what :func:`analyse_texts` returns; no respondent or question id).
ANSWER_MENTION_COLUMNS = MENTION_COLUMNS[2:]
ANSWER_SENTENCE_COLUMNS = SENTENCE_COLUMNS[2:]

#: Texts longer than this are cut at paragraph (then line, sentence, word) boundaries into pieces
#: processed one by one, so a 1 MB answer takes bounded memory and time.
CHUNK_CHARS = 20_000
BATCH_SIZE = 64

AnswerResult = dict[str, dict[str, list[Any]]]


@dataclass
class Extraction:
    """What extraction found: one row per finding, and one row per sentence (coded or not)."""

    mentions: pd.DataFrame = field(default_factory=lambda: _empty(MENTION_COLUMNS))
    sentences: pd.DataFrame = field(default_factory=lambda: _empty(SENTENCE_COLUMNS))

    @property
    def tools(self) -> pd.DataFrame:
        return self.mentions[self.mentions["kind"] == "tool"]

    @property
    def themes(self) -> pd.DataFrame:
        return self.mentions[self.mentions["kind"] == "theme"]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


# ---------------------------------------------------------------------------------------------
# Redaction: every sentence that leaves extraction is redacted
# ---------------------------------------------------------------------------------------------

_REDACTORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _redactor(nlp: Language):
    """The :class:`~synthesis.redact.Redactor` that borrows ``nlp``'s NER (one per pipeline, so the
    English model is loaded once)."""
    redactor = _REDACTORS.get(nlp)
    if redactor is None:
        from synthesis.redact import Redactor

        redactor = _REDACTORS[nlp] = Redactor(nlp)
    return redactor


def _redact_many(texts: list[str], nlp: Language) -> list[str]:
    return _redactor(nlp).redact_many(texts) if texts else []


def _drop_personal_tools(texts: list[str], per_text: list[dict[str, list]], nlp: Language) -> None:
    """A discovered tool name that is personal data ("a boy called Tyler") is not a tool (SPEC §4)."""
    found = [(i, hit) for i, acc in enumerate(per_text) for hit in acc["tools"] if not hit["known"]]
    flags = _redactor(nlp).personal_many([(texts[i], h["start"], h["end"]) for i, h in found]) if found else []
    for (i, hit), personal in zip(found, flags):
        if personal:
            per_text[i]["tools"].remove(hit)


# ---------------------------------------------------------------------------------------------
# Chunking long answers
# ---------------------------------------------------------------------------------------------

_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """``(offset, piece)`` pieces of at most ``limit`` characters, cut at the gentlest boundary."""
    if len(text) <= limit:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        if n - start <= limit:
            out.append((start, text[start:]))
            break
        window = text[start:start + limit]
        cut = None
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() > limit // 4]
            if ends:
                cut = ends[-1]
                break
        if cut is None:
            cut = limit
        out.append((start, text[start:start + cut]))
        start += cut
    return out


# ---------------------------------------------------------------------------------------------
# Per-answer analysis
# ---------------------------------------------------------------------------------------------

def _default_nlp() -> Language:
    from synthesis.nlp import build_pipeline

    return build_pipeline()


def _sentence_bounds(doc, offset: int, text: str) -> list[tuple[int, int]]:
    """Character bounds of each sentence of ``text`` (the doc's text), without surrounding white
    space; blank sentences are dropped."""
    from spacy.attrs import IDX, SENT_START

    if not len(doc):
        return []
    arr = doc.to_array([SENT_START, IDX])
    starts = (arr[:, 0] == 1).nonzero()[0]
    chars = arr[starts, 1].astype("int64").tolist()
    if not chars or chars[0] != 0:
        chars.insert(0, 0)
    ends = chars[1:] + [len(text)]
    bounds = []
    for s, e in zip(chars, ends):
        piece = text[s:e]
        stripped = piece.strip()
        if not stripped or not any(c.isalnum() for c in stripped):
            continue
        s += len(piece) - len(piece.lstrip())
        bounds.append((offset + s, offset + s + len(stripped)))
    return bounds


def analyse_texts(texts: Sequence[str], nlp: Language | None = None, batch_size: int = BATCH_SIZE,
                  redact: bool = True) -> list[AnswerResult]:
    """Findings of each text: ``{"mentions": {column: [...]}, "sentences": {column: [...]}}``.

    A pure function of each text (and of the pipeline's versions): identical texts give identical
    results, offsets are relative to the text, and no respondent or question id is involved.
    """
    nlp = nlp or _default_nlp()
    # The pipeline and the results make many small acyclic objects: with the collector on, a tenth
    # of the time went to collections that found nothing to free.
    with gc_paused():
        return _analyse(["" if t is None else str(t) for t in texts], nlp, batch_size, redact)


def _analyse(texts: list[str], nlp: Language, batch_size: int, redact: bool) -> list[AnswerResult]:
    unique = list(dict.fromkeys(texts))
    pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
    for i, text in enumerate(unique):
        if text.strip():
            pieces.extend((i, off, piece) for off, piece in chunks(text))
    per_text: list[dict[str, list]] = [{"tools": [], "themes": [], "sentences": []} for _ in unique]
    stream = ((piece, (i, off, piece)) for i, off, piece in pieces)
    for doc, (i, off, piece) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        acc = per_text[i]
        acc["sentences"].extend(_sentence_bounds(doc, off, piece))
        for hit in doc._.synthesis_tools or []:
            acc["tools"].append({**hit, "start": hit["start"] + off, "end": hit["end"] + off})
        for hit in doc._.synthesis_themes or []:
            acc["themes"].append({**hit, "start": hit["start"] + off, "end": hit["end"] + off})
    # redact every sentence once
    all_sentences = sorted({unique[i][s:e] for i, acc in enumerate(per_text) for s, e in acc["sentences"]})
    redacted = dict(zip(all_sentences, _redact_many(all_sentences, nlp) if redact else all_sentences))
    if redact:
        _drop_personal_tools(unique, per_text, nlp)
    results = [_answer_result(unique[i], acc, redacted) for i, acc in enumerate(per_text)]
    by_text = dict(zip(unique, results))
    return [by_text[t] for t in texts]


def _answer_result(text: str, acc: dict[str, list], redacted: dict[str, str]) -> AnswerResult:
    bounds = sorted(acc["sentences"])
    starts = [s for s, _ in bounds]

    def sentence_of(pos: int) -> int:
        """Index of the last sentence starting at or before ``pos`` (0 when none does)."""
        return max(bisect.bisect_right(starts, pos) - 1, 0)

    mentions: dict[str, list] = {c: [] for c in ANSWER_MENTION_COLUMNS}
    tool_only = [mentions[c] for c in ("status", "vendor", "category", "provenance", "known", "part_of")]
    sent_tools: list[list[str]] = [[] for _ in bounds]
    sent_themes: list[list[str]] = [[] for _ in bounds]
    rows = []
    for hit in acc["tools"]:
        rows.append(("tool", hit))
    for hit in acc["themes"]:
        rows.append(("theme", hit))
    rows.sort(key=lambda r: (r[1]["start"], r[0], r[1]["label"]))
    for kind, hit in rows:
        if not bounds:
            break
        k = sentence_of(hit["start"])
        s, e = bounds[k]
        sentence = redacted.get(text[s:e], text[s:e])
        mentions["kind"].append(kind)
        mentions["label"].append(hit["label"])
        mentions["text"].append(text[hit["start"]:hit["end"]])
        mentions["start"].append(hit["start"])
        mentions["end"].append(hit["end"])
        mentions["sentence"].append(sentence)
        mentions["negated"].append(bool(hit["negated"]))
        if kind == "tool":
            mentions["status"].append(hit["status"])
            mentions["vendor"].append(hit["vendor"])
            mentions["category"].append(hit["category"])
            mentions["provenance"].append(hit["provenance"])
            mentions["known"].append(bool(hit["known"]))
            mentions["part_of"].append(hit.get("part_of"))
            if hit["label"] not in sent_tools[k]:
                sent_tools[k].append(hit["label"])
        else:
            for column in tool_only:
                column.append(None)
            if not hit["negated"] and hit["label"] not in sent_themes[k]:
                sent_themes[k].append(hit["label"])
    sentences: dict[str, list] = {c: [] for c in ANSWER_SENTENCE_COLUMNS}
    for k, (s, e) in enumerate(bounds):
        sentences["sentence_index"].append(k)
        sentences["start"].append(s)
        sentences["end"].append(e)
        sentences["sentence"].append(redacted.get(text[s:e], text[s:e]))
        sentences["themes"].append(sent_themes[k])
        sentences["tools"].append(sent_tools[k])
    return {"mentions": mentions, "sentences": sentences}


def assemble(keys: Sequence[tuple[str, str]], results: Sequence[AnswerResult]) -> Extraction:
    """Tables from per-answer results; ``keys`` are the (respondent_id, question_id) of each."""
    mention_parts: dict[str, list] = {c: [] for c in MENTION_COLUMNS}
    sentence_parts: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
    for (rid, qid), result in zip(keys, results):
        m = result["mentions"]
        n = len(m["kind"])
        mention_parts["respondent_id"].extend([rid] * n)
        mention_parts["question_id"].extend([qid] * n)
        for c in ANSWER_MENTION_COLUMNS:
            mention_parts[c].extend(m[c])
        s = result["sentences"]
        n = len(s["sentence_index"])
        sentence_parts["respondent_id"].extend([rid] * n)
        sentence_parts["question_id"].extend([qid] * n)
        for c in ANSWER_SENTENCE_COLUMNS:
            sentence_parts[c].extend(s[c])
    mentions = pd.DataFrame(mention_parts, columns=MENTION_COLUMNS)
    sentences = pd.DataFrame(sentence_parts, columns=SENTENCE_COLUMNS)
    if len(mentions):
        mentions = mentions.astype({"start": "int64", "end": "int64", "negated": "bool"})
        mentions = mentions.sort_values(
            ["respondent_id", "question_id", "start", "kind", "label"], kind="stable"
        ).reset_index(drop=True)
    else:
        mentions = _empty(MENTION_COLUMNS)
    if len(sentences):
        sentences = sentences.astype({"sentence_index": "int64", "start": "int64", "end": "int64"})
        sentences = sentences.sort_values(
            ["respondent_id", "question_id", "sentence_index"], kind="stable"
        ).reset_index(drop=True)
    else:
        sentences = _empty(SENTENCE_COLUMNS)
    return Extraction(mentions=mentions, sentences=sentences)


def scope_themes(extraction: Extraction, codebook: Any) -> Extraction:
    """Drop themes found in answers to questions their codebook entry does not cover (``questions``).

    The ``overcome.*`` and ``support.*`` sections are coded only in ``barriers_overcome`` and
    ``support_needed`` answers (SPEC §4): "still" is a sign of a barrier not yet overcome there, and of
    nothing elsewhere.
    """
    scopes = codebook.scopes
    if not scopes:
        return extraction

    def allowed(theme: str, question: str) -> bool:
        return theme not in scopes or question in scopes[theme]

    m = extraction.mentions
    if len(m):
        keep = [kind != "theme" or allowed(label, q) for kind, label, q in zip(m["kind"], m["label"], m["question_id"])]
        m = m[keep].reset_index(drop=True)
    s = extraction.sentences
    if len(s):
        s = s.copy()
        s["themes"] = [[t for t in themes if allowed(t, q)] for themes, q in zip(s["themes"], s["question_id"])]
    return Extraction(mentions=m, sentences=s)


def extract_answers(answers: Iterable[tuple[str, str, str]], nlp: Language | None = None,
                    batch_size: int = BATCH_SIZE, show_progress: bool = False) -> Extraction:
    """Extraction over ``(respondent_id, question_id, text)`` triples."""
    answers = [(str(r), str(q), "" if t is None else str(t)) for r, q, t in answers]
    nlp = nlp or _default_nlp()
    keys = [(r, q) for r, q, _ in answers]
    texts = [t for _, _, t in answers]
    if show_progress and texts:
        from tqdm.auto import tqdm

        results: list[AnswerResult] = []
        step = max(1, batch_size * 4)
        with tqdm(total=len(texts), desc="extract", unit="answer") as bar:
            for i in range(0, len(texts), step):
                results.extend(analyse_texts(texts[i:i + step], nlp, batch_size))
                bar.update(min(step, len(texts) - i))
    else:
        results = analyse_texts(texts, nlp, batch_size)
    return assemble(keys, results)


def free_text_columns(responses: pd.DataFrame, question_set: Any = None,
                      question_ids: Sequence[str] | None = None) -> list[str]:
    """The free-text question columns to read: explicit ids, else the question set's."""
    if question_ids is None:
        if question_set is None:
            from synthesis.questions import load_question_set

            question_set = load_question_set()
        question_ids = list(question_set.free_text_ids())
    return [q for q in question_ids if q in responses.columns]


def iter_answers(responses: pd.DataFrame, columns: Sequence[str]) -> list[tuple[str, str, str]]:
    """``(respondent_id, question_id, text)`` of every non-empty free-text answer."""
    answers = []
    for rid, row in zip(responses["respondent_id"], responses[list(columns)].itertuples(index=False)):
        for qid, text in zip(columns, row):
            if isinstance(text, str) and text.strip():
                answers.append((str(rid), qid, text))
    return answers


def extract(responses: pd.DataFrame, question_set: Any = None, nlp: Language | None = None,
            show_progress: bool = False, question_ids: Sequence[str] | None = None) -> Extraction:
    """Tools and themes in every free-text answer of ``responses`` (a ``LoadResult.responses``)."""
    columns = free_text_columns(responses, question_set, question_ids)
    return extract_answers(iter_answers(responses, columns), nlp=nlp, show_progress=show_progress)
