"""The analyst's review loop: what extraction is least sure of, checked by a person, applied to the next run.

1. :func:`review_table` lists the tools discovered in the text (not on the tool list), one row per
   tool with up to three evidence sentences, and the theme findings the theme classifier is least
   confident of, one row per finding with its sentence. ``synthesis review`` writes it as XLSX and CSV.
2. An analyst fills in ``decision`` on each row: ``accept``, ``reject`` or ``merge`` (``merge-into``
   also reads), with the target in ``merge_into`` for a merge (a tool name, or a theme id of the codebook).
   Blank rows are left as they are.
3. :func:`read_review` checks the file (one-line errors naming file, row and column) and
   :func:`apply_review` applies it to an :class:`~synthesis.extract.Extraction`: a rejected finding is
   dropped, a merged one is relabelled, and accepted or merged ones get ``confirmed = True``, which the
   tool register shows. ``extract --review`` and ``brief --review`` do this after extraction.

Confidence of a theme finding is the classifier's probability of that theme for the sentence
(:class:`synthesis.nlp.theme_model.ThemeModel`): a theme the patterns found but the classifier doubts comes first.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from synthesis.errors import InputError
from synthesis.export import FORMULA_STARTS

log = logging.getLogger("synthesis")

#: Columns of the review file, in order; the analyst fills in the last three.
COLUMNS = ["kind", "finding", "label", "respondent_id", "question_id", "start", "text", "evidence", "confidence",
           "respondents", "decision", "merge_into", "note"]
REQUIRED = ["kind", "finding", "respondent_id", "question_id", "start", "decision", "merge_into"]
DECISIONS = {"accept": "accept", "reject": "reject", "merge": "merge", "merge-into": "merge", "merge into": "merge",
             "merge_into": "merge"}
SUFFIXES = (".xlsx", ".csv")
EVIDENCE_PER_TOOL = 3


@dataclass(frozen=True)
class Decision:
    """One analyst decision: ``action`` is accept, reject or merge (``target`` names what to merge into)."""

    kind: str
    finding: str
    action: str
    target: str = ""
    respondent_id: str = ""
    question_id: str = ""
    start: int | None = None
    row: int = 0


# --------------------------------------------------------------------------------------------- the review table


def _theme_probabilities(sentences: list[str], themes: list[str], nlp=None) -> list[float]:
    """The classifier's probability of ``themes[i]`` for ``sentences[i]`` (NaN for a theme it does not know)."""
    from synthesis.nlp.theme_model import ThemeModel

    model = ThemeModel()
    column = {t: j for j, t in enumerate(model.themes)}
    if nlp is None:
        from synthesis.nlp import build_pipeline

        nlp = build_pipeline()
    distinct = list(dict.fromkeys(sentences))
    probabilities = {text: model.probabilities([t.lemma_ for t in doc])
                     for text, doc in zip(distinct, nlp.pipe(distinct, batch_size=256))}
    return [float(probabilities[s][column[t]]) if t in column else math.nan for s, t in zip(sentences, themes)]


def _tool_rows(mentions: pd.DataFrame) -> pd.DataFrame:
    tools = mentions[(mentions["kind"] == "tool") & ~mentions["known"].eq(True)]
    rows = []
    for label, group in tools.groupby("label", sort=False):
        evidence = list(dict.fromkeys(map(str, group["sentence"])))[:EVIDENCE_PER_TOOL]
        rows.append({"kind": "tool", "finding": label, "label": group["category"].dropna().iloc[0]
                     if group["category"].notna().any() else "", "respondent_id": "", "question_id": "", "start": "",
                     "text": "; ".join(sorted(set(map(str, group["text"])))[:EVIDENCE_PER_TOOL]),
                     "evidence": " | ".join(evidence), "confidence": math.nan,
                     "respondents": int(group["respondent_id"].nunique())})
    frame = pd.DataFrame(rows, columns=COLUMNS[:10])
    return frame.sort_values(["respondents", "finding"], ascending=[False, True], kind="stable")


def _theme_rows(mentions: pd.DataFrame, labels: dict[str, str], limit: int, nlp=None) -> pd.DataFrame:
    themes = mentions[(mentions["kind"] == "theme") & ~mentions["negated"].eq(True)]
    if themes.empty or limit <= 0:
        return pd.DataFrame(columns=COLUMNS[:10])
    scored = themes.assign(confidence=_theme_probabilities(themes["sentence"].astype(str).tolist(),
                                                           themes["label"].astype(str).tolist(), nlp))
    scored = scored.sort_values(["confidence", "respondent_id", "question_id", "start"], kind="stable",
                                na_position="first").head(limit)
    return pd.DataFrame({
        "kind": "theme", "finding": scored["label"], "label": scored["label"].map(lambda t: labels.get(t, t)),
        "respondent_id": scored["respondent_id"], "question_id": scored["question_id"], "start": scored["start"],
        "text": scored["text"], "evidence": scored["sentence"], "confidence": scored["confidence"].round(3),
        "respondents": 1,
    }, columns=COLUMNS[:10])


def review_table(mentions: pd.DataFrame, labels: dict[str, str] | None = None, themes: int = 100,
                 nlp=None) -> pd.DataFrame:
    """The rows to review: every discovered tool, then the ``themes`` least confident theme findings.

    ``decision``, ``merge_into`` and ``note`` are left blank for the analyst.
    """
    parts = [_tool_rows(mentions), _theme_rows(mentions, labels or {}, themes, nlp)]
    table = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else parts[0]
    return table.reindex(columns=COLUMNS).assign(decision="", merge_into="", note="").reset_index(drop=True)


def write_review(table: pd.DataFrame, path: Path) -> list[Path]:
    """Write the review table as ``path`` with both suffixes (``.xlsx`` and ``.csv``); return both paths."""
    from synthesis.export import write_table

    stem = path.with_suffix("") if path.suffix.lower() in SUFFIXES else path
    return [write_table(table, stem.with_suffix(suffix)) for suffix in SUFFIXES]


# --------------------------------------------------------------------------------------------- reading decisions


def _text(value: object) -> str:
    """A cell as text: blanks and NaN as ``""``, the ``'`` that neutralised a formula-like value removed."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text


def _read_frame(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise InputError(path, "review file not found")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(path, f"a review file must be .xlsx or .csv, not '{suffix or 'no extension'}'")
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        return pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(path, f"cannot read the review file: {reason}") from None
    except Exception as exc:  # openpyxl's own errors for a damaged workbook
        raise InputError(path, f"cannot read the review file ({type(exc).__name__})") from None


def read_review(path: str | Path, theme_ids: Iterable[str] | None = None) -> list[Decision]:
    """The decisions in a review file; blank ``decision`` rows are skipped.

    Raises :class:`InputError` naming the file, the row (as a spreadsheet numbers it, the header
    being row 1) and the column for: a missing column, an unknown decision, a merge without a target,
    a theme merged into a theme not in the codebook (``theme_ids``), a bad ``start``, or two rows
    deciding the same finding differently.
    """
    path = Path(path)
    frame = _read_frame(path)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(path, f"missing column '{missing[0]}' (a review file has {', '.join(REQUIRED)})", row=1,
                         column=missing[0])
    known_themes = set(theme_ids) if theme_ids is not None else None
    decisions: dict[tuple, Decision] = {}
    for index, record in enumerate(frame.to_dict("records")):
        row = index + 2
        cell = {c: _text(record.get(c)) for c in REQUIRED}
        if not cell["decision"]:
            continue
        action = DECISIONS.get(cell["decision"].lower())
        if action is None:
            raise InputError(path, f"decision must be accept, reject or merge, not {cell['decision']!r}", row=row,
                             column="decision")
        kind = cell["kind"].lower()
        if kind not in ("tool", "theme"):
            raise InputError(path, f"kind must be tool or theme, not {cell['kind']!r}", row=row, column="kind")
        if not cell["finding"]:
            raise InputError(path, "finding is blank", row=row, column="finding")
        target = cell["merge_into"]
        if action == "merge" and not target:
            raise InputError(path, "merge needs the name to merge into in merge_into", row=row, column="merge_into")
        if action != "merge" and target:
            raise InputError(path, f"merge_into is only read with decision merge (this row says {action})", row=row,
                             column="merge_into")
        if action == "merge" and kind == "theme" and known_themes is not None and target not in known_themes:
            raise InputError(path, f"{target!r} is not a theme id of the codebook", row=row, column="merge_into")
        start = None
        if kind == "theme":
            for column in ("respondent_id", "question_id", "start"):
                if not cell[column]:
                    raise InputError(path, f"{column} is blank: a theme row names one finding", row=row, column=column)
            try:
                start = int(float(cell["start"]))
            except ValueError:
                raise InputError(path, f"start must be a whole number, not {cell['start']!r}", row=row,
                                 column="start") from None
        decision = Decision(kind, cell["finding"], action, target, cell["respondent_id"], cell["question_id"], start,
                            row)
        key = (kind, decision.finding, decision.respondent_id, decision.question_id, start)
        earlier = decisions.get(key)
        if earlier is not None and (earlier.action, earlier.target) != (action, target):
            raise InputError(path, f"this row decides {decision.finding!r} differently from row {earlier.row}",
                             row=row, column="decision")
        decisions[key] = decision
    return list(decisions.values())


# --------------------------------------------------------------------------------------------- applying them


def _tool_entry(tool_list, name: str):
    if tool_list is None:
        return None
    return tool_list.by_name.get(tool_list.canonical(name))


def _relabel_lists(column: pd.Series, old: str, new: str | None) -> pd.Series:
    """Replace (or, with ``new=None``, remove) ``old`` in every list cell of ``column``."""

    def change(values):
        if not isinstance(values, (list, tuple)) or old not in values:
            return values
        out = [new if v == old else v for v in values if not (new is None and v == old)]
        return list(dict.fromkeys(out))

    return column.map(change)


def _apply_tool(mentions: pd.DataFrame, sentences: pd.DataFrame, decision: Decision, tool_list):
    hit = (mentions["kind"] == "tool") & (mentions["label"] == decision.finding)
    if not hit.any():
        return mentions, sentences, False
    if decision.action == "reject":
        mentions = mentions[~hit]
        sentences = sentences.assign(tools=_relabel_lists(sentences["tools"], decision.finding, None))
        return mentions, sentences, True
    if decision.action == "merge":
        entry = _tool_entry(tool_list, decision.target)
        name = entry.name if entry is not None else decision.target
        mentions = mentions.copy()
        mentions.loc[hit, "label"] = name
        if entry is not None:
            mentions.loc[hit, ["vendor", "category", "provenance", "known"]] = [
                entry.vendor, entry.category, entry.provenance, True]
        sentences = sentences.assign(tools=_relabel_lists(sentences["tools"], decision.finding, name))
    else:
        mentions = mentions.copy()
    mentions.loc[hit, "confirmed"] = True
    return mentions, sentences, True


def _offsets(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column, errors="coerce")


def _sentence_of(sentences: pd.DataFrame, decision: Decision) -> pd.Series:
    return ((sentences["respondent_id"].astype(str) == decision.respondent_id)
            & (sentences["question_id"].astype(str) == decision.question_id)
            & (_offsets(sentences["start"]) <= decision.start) & (_offsets(sentences["end"]) > decision.start))


def _apply_theme(mentions: pd.DataFrame, sentences: pd.DataFrame, decision: Decision):
    hit = ((mentions["kind"] == "theme") & (mentions["label"] == decision.finding)
           & (mentions["respondent_id"].astype(str) == decision.respondent_id)
           & (mentions["question_id"].astype(str) == decision.question_id)
           & (_offsets(mentions["start"]) == decision.start))
    if not hit.any():
        return mentions, sentences, False
    in_sentence = _sentence_of(sentences, decision)
    if decision.action == "accept":
        mentions = mentions.copy()
        mentions.loc[hit, "confirmed"] = True
        return mentions, sentences, True
    sentence = mentions.loc[hit, "sentence"].iloc[0]
    same = ((mentions["kind"] == "theme") & (mentions["respondent_id"].astype(str) == decision.respondent_id)
            & (mentions["question_id"].astype(str) == decision.question_id) & (mentions["sentence"] == sentence))
    if decision.action == "merge":
        duplicate = same & (mentions["label"] == decision.target) & ~hit  # the sentence has the target already
        mentions, hit = mentions[~duplicate].copy(), hit[~duplicate]
        mentions.loc[hit, ["label", "confirmed"]] = [decision.target, True]
        new: str | None = decision.target
    else:
        mentions, new = mentions[~hit], None
    left = same.reindex(mentions.index, fill_value=False) & (mentions["label"] == decision.finding)
    sentences = sentences.copy()
    if not left.any():  # no other finding of the old theme in that sentence
        sentences.loc[in_sentence, "themes"] = _relabel_lists(sentences.loc[in_sentence, "themes"],
                                                              decision.finding, new)
    elif new is not None:
        sentences.loc[in_sentence, "themes"] = sentences.loc[in_sentence, "themes"].map(
            lambda values: list(dict.fromkeys([*values, new])) if isinstance(values, (list, tuple)) else values)
    return mentions, sentences, True


def apply_review(extraction, path: str | Path, codebook=None, tool_list=None):
    """A new :class:`~synthesis.extract.Extraction` with the decisions of the review file at ``path`` applied.

    Every mention gets a ``confirmed`` column (True where an analyst accepted or merged it). Decisions
    that match no finding (the answers changed since the review) are counted in a log warning.
    """
    from synthesis.extract import Extraction

    decisions = read_review(path, codebook.ids if codebook is not None else None)
    mentions = extraction.mentions.assign(confirmed=False)
    sentences = extraction.sentences
    unmatched = 0
    for decision in decisions:
        if decision.kind == "tool":
            mentions, sentences, matched = _apply_tool(mentions, sentences, decision, tool_list)
        else:
            mentions, sentences, matched = _apply_theme(mentions, sentences, decision)
        unmatched += not matched
    if unmatched:
        log.warning("%s: %d of %d decisions match no finding of this run", path, unmatched, len(decisions))
    log.info("%s: %d decisions applied", path, len(decisions) - unmatched)
    return Extraction(mentions=mentions.reset_index(drop=True), sentences=sentences.reset_index(drop=True))
