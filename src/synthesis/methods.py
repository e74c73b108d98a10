"""The briefing's methods section: what was analysed and left out, the versions, the parameters, and the
extraction's accuracy on the real-text gold set."""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from synthesis import __version__, english
from synthesis.analyse.common import NON_ANSWER_TEXT
from synthesis.bounded import loads_json, read_text
from synthesis.errors import InputError
from synthesis.export import jsonable, write_json
from synthesis.paths import REAL_GOLD, REPO_ROOT, resolve_path
from synthesis.provenance import published_parameters

if TYPE_CHECKING:
    from synthesis.publish import Briefing

def versions() -> dict[str, str]:
    """Versions of the packages that shape the output."""
    out = {"python": platform.python_version(), "synthesis": __version__}
    for name in ("pandas", "plotly", "spacy", "papermill", "nbconvert", "pydantic"):
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    try:
        out["spacy_model"] = english.model_version()
    except RuntimeError as exc:  # pragma: no cover - no model installed
        out["spacy_model"] = f"unavailable ({type(exc).__name__})"
    return out


def theme_model_sha256() -> str:
    """The sha256 of the shipped theme classifier's weights (checked when the pipeline loads them)."""
    from synthesis.nlp.theme_model import MODEL_SHA256

    return MODEL_SHA256


def excluded_counts(excluded: pd.DataFrame) -> pd.Series:
    """Excluded rows counted by category (no row numbers or ids, so safe to publish)."""
    return excluded["category"].value_counts().sort_index() if len(excluded) else pd.Series(dtype="int64")


def methods_text(b: Briefing) -> str:
    """The methods paragraph: what was analysed, what was left out, and how small counts are protected."""
    rows = b.load.accounting
    excluded = "; ".join(f"{reason} ({n})" for reason, n in excluded_counts(b.load.excluded).items())
    text = (
        f"The input file held {rows['rows_in']} rows: {rows['rows_analysed']} were analysed and "
        f"{rows['rows_excluded']} were excluded{' (' + excluded + ')' if excluded else ''}. "
        f"This briefing covers {b.n} respondents ({b.scope}). "
        "Each theme section counts the respondents who answered its own question (its base, stated under each "
        f"chart); {NON_ANSWER_TEXT} are counted as not answered. "
    )
    if b.threshold > 1:
        text += (
            f"Every published table and chart went through one disclosure pass: counts of respondents below "
            f"{b.threshold} are shown as suppressed, and so is the next smallest count (and any zero) in a row or "
            "column whose total is published, so that a hidden count cannot be worked out from a total. "
            "The base of a section on those who use or pilot AI is not stated where, with the table on using AI, it "
            "would give a hidden count; in the tool register, the organisations naming a tool is the total of the "
            "statuses of those using it, so a hidden one of those is joined by the next smallest. "
            "Answers given in confidence are not counted in any table or chart; they are never quoted, named in the "
            "tool register or drawn on the map (an authority that responded only in confidence is shown as not "
            "having responded). Suppression hides small counts; it does not hide the answers of respondents who "
            "agreed to be named, which the map and the quotes show. "
        )
    else:
        text += "No counts are suppressed in this briefing (suppress_below is 1 or less). "
    if b.confidential_sentence:
        text += b.confidential_sentence + " "
    min_group = int(b.params.get("min_group_size") or 0)
    if min_group > 1:
        text += f"A briefing for a region or organisation type is published only if it counts at least {min_group} respondents. "
    text += ("Respondents are shown by pseudonym; quotes and the table of coded sentences never include respondents "
             "who asked for confidentiality. ")
    text += ("Accuracy, below, is measured on real public text coded by two independent coders. What it means for each "
             "section: the counts of who responded, of use of AI, of commercial or in-house tools and of single-view "
             "systems come from choice questions and do not depend on it; the tool register depends on how well tools "
             "are found (tools F1) and how well their status is read (status accuracy); the theme charts (purposes, "
             "impact, risks and safeguards, barriers, how they were overcome, support asked) are a first pass whose "
             "per-theme F1 says how far to trust each bar, to be checked against the quoted sentences.")
    return text


def accounting_table(b: Briefing) -> pd.DataFrame:
    """Rows in, analysed and excluded, with one row per exclusion reason."""
    rows = [("Rows in the input file", b.load.accounting["rows_in"]),
            ("Rows analysed", b.load.accounting["rows_analysed"]),
            ("Rows excluded", b.load.accounting["rows_excluded"])]
    for reason, n in excluded_counts(b.load.excluded).items():
        rows.append((f"Excluded: {reason}", int(n)))
    rows.append(("Respondents in this briefing", b.n))
    return pd.DataFrame(rows, columns=["measure", "rows"])


def versions_table(b: Briefing) -> pd.DataFrame:
    """Input hash and versions as a two-column table."""
    man = b.manifest()
    rows = [("Input file", man["input"]["file"]), ("Input SHA-256", man["input"]["sha256"])]
    rows += [(k.replace("_", " "), "" if v is None else str(v)) for k, v in man["versions"].items()]
    return pd.DataFrame(rows, columns=["item", "value"])


def parameters_table(b: Briefing) -> pd.DataFrame:
    """The briefing's parameters as a two-column table (paths cut to file names, free text redacted)."""
    rows = published_parameters(b.params).items()
    return pd.DataFrame([(k, "" if v is None else str(v)) for k, v in rows], columns=["parameter", "value"])


def load_accuracy(path: str | os.PathLike | None) -> pd.DataFrame:
    """Evaluation figures from a JSON file as a ``measure, value`` table (empty when no path).

    A report from ``synthesis evaluate --json`` is summarised (micro precision, recall and F1 with
    their 95% intervals for tools and themes, status and negation accuracy); any other JSON is flattened.
    """
    resolved = resolve_path(path)
    if resolved is None:
        return pd.DataFrame(columns=["measure", "value"])
    if not resolved.exists():
        raise InputError(resolved, "accuracy file not found")
    data = loads_json(resolved, read_text(resolved))  # a regular file, not nested without end
    if isinstance(data, Mapping) and isinstance(data.get("tools"), Mapping) and "micro_f1" in data["tools"]:
        return _accuracy_summary(data)
    rows = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif isinstance(value, list):
            rows.append((prefix, json.dumps(value)[:200]))
        else:
            rows.append((prefix, value if not isinstance(value, float) else round(value, 3)))

    walk("", data)
    return pd.DataFrame(rows, columns=["measure", "value"])


def _accuracy_summary(data: Mapping[str, Any]) -> pd.DataFrame:
    def fmt(value: Any, ci: Sequence[float] | None = None) -> str:
        if value is None:
            return ""
        text = f"{float(value):.2f}"
        if ci and len(ci) == 2:
            text += f" (95% CI {float(ci[0]):.2f} to {float(ci[1]):.2f})"
        return text

    rows = [("Gold sentences scored", str(data.get("n_sentences", "")))]
    for part, name in (("tools", "Tools"), ("themes", "Themes")):
        figures = data.get(part) or {}
        ci = figures.get("ci") or {}
        for key, label in (("micro_precision", "precision"), ("micro_recall", "recall"), ("micro_f1", "F1")):
            rows.append((f"{name}: {label}", fmt(figures.get(key), ci.get(key))))
    for key, label in (("status_accuracy", "Tool status accuracy"), ("negated_accuracy", "Negation accuracy")):
        if data.get(key) is not None:
            rows.append((label, fmt(data[key], data.get(key.replace("accuracy", "ci")))))
    for score in (data.get("themes") or {}).get("per_label", []):
        if score.get("support", score.get("tp", 0) + score.get("fn", 0)) >= 20:
            rows.append((f"Theme {score['label']}: F1 (n={score.get('support', score.get('tp', 0) + score.get('fn', 0))})",
                         fmt(score.get("f1"))))
    if data.get("gold_path"):
        rows.append(("Gold file", Path(str(data["gold_path"])).name))
    ceiling = REAL_GOLD / "agreement.json"
    if Path(str(data.get("gold_path", ""))).parent.name == "real" and ceiling.exists():
        agreement = json.loads(ceiling.read_text(encoding="utf-8"))
        rows.append(("Agreement of the two independent coders (the ceiling): themes micro-F1",
                     fmt(agreement["themes"]["micro_f1"])))
        rows.append(("Agreement of the two independent coders: tool names micro-F1", fmt(agreement["tools"]["micro_f1"])))
    return pd.DataFrame(rows, columns=["measure", "value"])


def accuracy_cache_path(gold: Path, codebook: Path | None = None, tool_list: Path | None = None) -> Path:
    """Where the accuracy figures of this gold file, pipeline, tool list and codebook are kept.

    ``<extraction cache>/accuracy/<key>.json``: the key hashes the gold file, the evaluation code and
    everything that keys the extraction cache (:func:`synthesis.cache.version_inputs`).
    """
    from synthesis.cache import file_sha, module_sha, stored_path, version_inputs

    inputs = {**version_inputs(tool_list, codebook), "gold": file_sha(gold), "evaluate": module_sha("synthesis.evaluate")}
    return stored_path("accuracy", inputs)


def compute_accuracy(out: Path, gold: Path | None = None, codebook: Path | None = None,
                     tool_list: Path | None = None, use_cache: bool = True) -> Path | None:
    """Score extraction (with the briefing's codebook and tool list) on the real-text test split (else the held-out set).

    Writes the figures to ``out``; returns ``None`` when there is no gold set. The figures are
    kept in the extraction cache folder (:func:`accuracy_cache_path`), so an unchanged pipeline is
    scored once.
    """
    from synthesis.cache import stored_json

    gold = gold or next((g for g in (REAL_GOLD / "test.jsonl", REPO_ROOT / "data" / "gold" / "heldout.jsonl")
                         if g.exists()), REAL_GOLD / "test.jsonl")
    if not gold.exists():
        return None

    def score() -> dict[str, Any]:
        from synthesis.evaluate import evaluate

        nlp = None
        if codebook or tool_list:
            from synthesis.nlp import build_pipeline

            nlp = build_pipeline(tool_list=tool_list, codebook=codebook)
        return jsonable(evaluate(gold, nlp=nlp).to_dict())

    report = stored_json(accuracy_cache_path(gold, codebook, tool_list), score) if use_cache else score()
    write_json(report, out)
    return out
