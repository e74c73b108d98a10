"""Accuracy of extraction against hand-labelled gold sentences (``data/gold/*.jsonl``).

Each gold line is one sentence: ``{"id", "text", "question_id", "tools": [{"label", "text", "status",
"negated"}], "themes": [...], "negated_themes": [...]}``. Every sentence goes through the same
extraction as real answers; then, per sentence:

- tools: the set of canonical tool names found vs the gold set (compared case-insensitively, gold
  labels mapped through the tool list's aliases, so "Co-Pilot" and "Microsoft Copilot" agree);
- themes: the set of theme ids found *affirmed* vs the gold ``themes`` (negated matches are not
  positives; how well denials are spotted is reported separately);
- status: accuracy of the status (and of ``negated``) on tools found in both.

Precision, recall and F1 per label, micro- and macro-averaged, with seeded bootstrap 95%
confidence intervals over sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language

from synthesis.errors import InputError

#: Tool statuses (SPEC §4).
STATUSES = ("in_use", "piloting", "planned", "stopped", "not_used", "supplied", "mentioned")
N_BOOTSTRAP = 1000
SEED = 20240501


@dataclass
class LabelScore:
    label: str
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass
class Summary:
    """Micro and macro figures for one kind of finding, with bootstrap 95% intervals."""

    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_precision: float
    macro_recall: float
    macro_f1: float
    ci: dict[str, tuple[float, float]] = field(default_factory=dict)
    per_label: list[LabelScore] = field(default_factory=list)


@dataclass
class Report:
    gold_path: str
    n_sentences: int
    tools: Summary
    themes: Summary
    status_accuracy: float | None
    status_n: int
    negated_accuracy: float | None
    negated_theme_precision: float | None
    negated_theme_recall: float | None
    status_confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    #: 95% bootstrap intervals of the status and negation accuracies (pairs resampled)
    status_ci: tuple[float, float] | None = None
    negated_ci: tuple[float, float] | None = None
    #: how often ``part_of`` agrees, on tools found in both whose gold record gives ``part_of``
    part_of_accuracy: float | None = None
    part_of_n: int = 0
    #: tools found that are not on the tool list (discovered), and how many of them gold also has there
    discovered_n: int = 0
    discovered_correct: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    n_bootstrap: int = N_BOOTSTRAP
    seed: int = SEED
    versions: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for kind in ("tools", "themes"):
            data[kind]["ci"] = {k: list(v) for k, v in data[kind]["ci"].items()}
        return data


# ---------------------------------------------------------------------------------------------
# Reading gold
# ---------------------------------------------------------------------------------------------

def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold sentences; a malformed line raises :class:`InputError` naming file and line."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "gold file not found")
    rows = []
    with path.open(encoding="utf-8-sig") as handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(path, f"not valid JSON ({exc.msg})", row=n) from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise InputError(path, "each line needs a 'text' string", row=n)
            for key in ("tools", "themes", "negated_themes"):
                if not isinstance(row.get(key, []), list):
                    raise InputError(path, f"'{key}' must be a list", row=n, column=key)
            for tool in row.get("tools", []):
                if not isinstance(tool, dict) or not isinstance(tool.get("label"), str):
                    raise InputError(path, "each tool needs a 'label' string", row=n, column="tools")
                if tool.get("status", "mentioned") not in STATUSES:
                    raise InputError(path, f"tool status must be one of {', '.join(STATUSES)}", row=n,
                                     column="tools.status")
                if not isinstance(tool.get("part_of"), (str, type(None))):
                    raise InputError(path, "a tool's 'part_of' must be a tool name or null", row=n,
                                     column="tools.part_of")
            row.setdefault("id", f"line{n}")
            row.setdefault("question_id", "gold")
            rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------

def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _counts(gold: Sequence[set[str]], pred: Sequence[set[str]]) -> tuple[list[str], np.ndarray]:
    """Labels, and an array (sentences x labels x [tp, fp, fn])."""
    labels = sorted(set().union(*gold, *pred)) if gold else []
    index = {lab: i for i, lab in enumerate(labels)}
    arr = np.zeros((len(gold), len(labels), 3), dtype=np.int32)
    for k, (g, p) in enumerate(zip(gold, pred)):
        for lab in g & p:
            arr[k, index[lab], 0] += 1
        for lab in p - g:
            arr[k, index[lab], 1] += 1
        for lab in g - p:
            arr[k, index[lab], 2] += 1
    return labels, arr


def _figures(totals: np.ndarray) -> dict[str, float]:
    """Micro and macro P/R/F1 from per-label [tp, fp, fn] totals."""
    tp, fp, fn = totals[:, 0], totals[:, 1], totals[:, 2]
    mp, mr, mf = _prf(tp.sum(), fp.sum(), fn.sum())
    active = (tp + fp + fn) > 0
    if active.any():
        per = np.array([_prf(*row) for row in totals[active]])
        macro = per.mean(axis=0)
    else:
        macro = np.zeros(3)
    return {"micro_precision": mp, "micro_recall": mr, "micro_f1": mf,
            "macro_precision": float(macro[0]), "macro_recall": float(macro[1]), "macro_f1": float(macro[2])}


def score_sets(gold: Sequence[set[str]], pred: Sequence[set[str]], n_bootstrap: int = N_BOOTSTRAP,
               seed: int = SEED) -> Summary:
    """Per-label and averaged figures for per-sentence label sets, with bootstrap intervals."""
    labels, arr = _counts(gold, pred)
    totals = arr.sum(axis=0) if len(gold) else np.zeros((0, 3), dtype=np.int32)
    figures = _figures(totals) if len(labels) else _figures(np.zeros((1, 3)))
    per_label = [LabelScore(lab, int(t[0]), int(t[1]), int(t[2]), *_prf(*t)) for lab, t in zip(labels, totals)]
    ci: dict[str, tuple[float, float]] = {}
    if n_bootstrap and len(gold) and len(labels):
        rng = np.random.default_rng(seed)
        samples = {k: [] for k in figures}
        n = len(gold)
        for _ in range(n_bootstrap):
            idx = rng.integers(0, n, n)
            fig = _figures(arr[idx].sum(axis=0))
            for k, v in fig.items():
                samples[k].append(v)
        for k, values in samples.items():
            lo, hi = np.percentile(values, [2.5, 97.5])
            ci[k] = (float(lo), float(hi))
    return Summary(**{k: float(v) for k, v in figures.items()}, ci=ci, per_label=per_label)


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------

def accuracy_interval(hits: Sequence[bool], n_bootstrap: int = N_BOOTSTRAP, seed: int = SEED) -> tuple[float, float] | None:
    """95% percentile bootstrap interval of a proportion (``None`` for no items or no resampling)."""
    if not hits or n_bootstrap <= 0:
        return None
    values = np.asarray(hits, dtype=np.float64)
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, len(values), (n_bootstrap, len(values)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def evaluate(gold_path: str | Path, nlp: Language | None = None, n_bootstrap: int = N_BOOTSTRAP,
             seed: int = SEED) -> Report:
    """Run extraction over the gold sentences and score it."""
    from synthesis.extract import analyse_texts
    from synthesis.knowledge import load_codebook, load_tool_list
    from synthesis.nlp import build_pipeline, pipeline_versions

    rows = read_gold(gold_path)
    nlp = nlp or build_pipeline()
    tools_path = nlp.meta.get("synthesis_versions", {}).get("tools_path")
    tool_list = load_tool_list(tools_path)
    scopes = load_codebook(nlp.meta.get("synthesis_versions", {}).get("codebook_path")).scopes
    results = analyse_texts([r["text"] for r in rows], nlp, redact=False)

    def canon(label: str) -> str:
        return tool_list.canonical(label).lower()

    gold_tools, pred_tools, gold_themes, pred_themes = [], [], [], []
    gold_neg, pred_neg = [], []
    status_pairs: list[tuple[str, str]] = []
    negated_pairs: list[tuple[bool, bool]] = []
    part_of_pairs: list[tuple[str, str]] = []
    discovered: list[bool] = []  # per discovered tool in a sentence: whether gold names it there
    errors: list[dict[str, Any]] = []
    for row, result in zip(rows, results):
        m = result["mentions"]
        found_tools: dict[str, tuple[str, bool]] = {}
        found_parts: dict[str, str] = {}
        found_themes, denied = set(), set()
        found_unknown: set[str] = set()
        for kind, label, negated, status, part_of, known in zip(m["kind"], m["label"], m["negated"], m["status"],
                                                                m["part_of"], m["known"]):
            if kind == "tool":
                if not known:
                    found_unknown.add(canon(label))
                found_tools.setdefault(canon(label), (status, bool(negated)))
                found_parts.setdefault(canon(label), canon(part_of) if part_of else "")
            elif label in scopes and row["question_id"] not in scopes[label]:
                continue  # coded only in answers to other questions (SPEC §4)
            elif negated:
                denied.add(label)
            else:
                found_themes.add(label)
        denied -= found_themes
        g_tools = {canon(t["label"]): t for t in row.get("tools", [])}
        discovered += [label in g_tools for label in sorted(found_unknown)]
        gold_tools.append(set(g_tools))
        pred_tools.append(set(found_tools))
        gold_themes.append(set(row.get("themes", [])))
        pred_themes.append(found_themes)
        gold_neg.append(set(row.get("negated_themes", [])))
        pred_neg.append(denied)
        for label in set(g_tools) & set(found_tools):
            status, negated = found_tools[label]
            status_pairs.append((g_tools[label].get("status", "mentioned"), status))
            negated_pairs.append((bool(g_tools[label].get("negated", False)), negated))
            if "part_of" in g_tools[label]:
                gold_part = g_tools[label]["part_of"]
                part_of_pairs.append((canon(gold_part) if gold_part else "", found_parts[label]))
        if set(g_tools) != set(found_tools) or gold_themes[-1] != found_themes:
            errors.append({
                "id": row["id"], "text": row["text"],
                "tools_missed": sorted(set(g_tools) - set(found_tools)),
                "tools_extra": sorted(set(found_tools) - set(g_tools)),
                "themes_missed": sorted(gold_themes[-1] - found_themes),
                "themes_extra": sorted(found_themes - gold_themes[-1]),
            })
    confusion: dict[str, dict[str, int]] = {}
    for g, p in status_pairs:
        confusion.setdefault(g, {}).setdefault(p, 0)
        confusion[g][p] += 1
    neg = score_sets(gold_neg, pred_neg, n_bootstrap=0)
    return Report(
        gold_path=str(gold_path),
        n_sentences=len(rows),
        tools=score_sets(gold_tools, pred_tools, n_bootstrap, seed),
        themes=score_sets(gold_themes, pred_themes, n_bootstrap, seed),
        status_accuracy=(sum(g == p for g, p in status_pairs) / len(status_pairs)) if status_pairs else None,
        status_n=len(status_pairs),
        negated_accuracy=(sum(g == p for g, p in negated_pairs) / len(negated_pairs)) if negated_pairs else None,
        negated_theme_precision=neg.micro_precision if any(pred_neg) else None,
        negated_theme_recall=neg.micro_recall if any(gold_neg) else None,
        status_confusion=confusion,
        status_ci=accuracy_interval([g == p for g, p in status_pairs], n_bootstrap, seed),
        negated_ci=accuracy_interval([g == p for g, p in negated_pairs], n_bootstrap, seed),
        part_of_accuracy=(sum(g == p for g, p in part_of_pairs) / len(part_of_pairs)) if part_of_pairs else None,
        part_of_n=len(part_of_pairs),
        discovered_n=len(discovered),
        discovered_correct=sum(discovered),
        errors=errors,
        n_bootstrap=n_bootstrap,
        seed=seed,
        versions={k: v for k, v in pipeline_versions(tools_path).items() if not k.endswith("_path")},
    )


# ---------------------------------------------------------------------------------------------
# Printing
# ---------------------------------------------------------------------------------------------

def _ci(summary: Summary, key: str) -> str:
    if key not in summary.ci:
        return ""
    lo, hi = summary.ci[key]
    return f" [{lo:.3f}, {hi:.3f}]"


def _summary_lines(title: str, summary: Summary) -> list[str]:
    lines = [f"{title}", "-" * len(title)]
    width = max([len(s.label) for s in summary.per_label] + [5])
    lines.append(f"{'label':<{width}}  {'P':>6} {'R':>6} {'F1':>6}  {'tp':>4} {'fp':>4} {'fn':>4}")
    for s in sorted(summary.per_label, key=lambda s: s.label):
        lines.append(f"{s.label:<{width}}  {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.tp:4d} {s.fp:4d} {s.fn:4d}")
    lines.append("")
    for avg in ("micro", "macro"):
        parts = []
        for metric, name in (("precision", "P"), ("recall", "R"), ("f1", "F1")):
            key = f"{avg}_{metric}"
            parts.append(f"{name} {getattr(summary, key):.3f}{_ci(summary, key)}")
        lines.append(f"{avg:<5}  " + "   ".join(parts))
    return lines


def format_report(report: Report) -> str:
    """The report as plain text: per-label tables, micro/macro figures with 95% intervals."""
    lines = [
        f"Extraction accuracy on {report.gold_path} ({report.n_sentences} sentences; "
        f"95% intervals from {report.n_bootstrap} bootstrap resamples of sentences, seed {report.seed})",
        "",
    ]
    lines += _summary_lines("Tools (per sentence, canonical names)", report.tools)
    lines.append("")
    lines += _summary_lines("Themes (per sentence, affirmed theme ids)", report.themes)
    lines.append("")
    if report.status_accuracy is not None:
        def interval(ci: tuple[float, float] | None) -> str:
            return f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""

        lines.append(f"Status accuracy on tools found in both: {report.status_accuracy:.3f}{interval(report.status_ci)} "
                     f"(n={report.status_n}); negated accuracy: {report.negated_accuracy:.3f}{interval(report.negated_ci)}")
    else:
        lines.append("Status accuracy: no tool found in both")
    if report.part_of_accuracy is not None:
        lines.append(f"part_of accuracy on tools found in both: {report.part_of_accuracy:.3f} (n={report.part_of_n})")
    if report.discovered_n:
        lines.append(f"Discovered tools (not on the tool list): {report.discovered_correct} of {report.discovered_n} "
                     f"also in gold (precision {report.discovered_correct / report.discovered_n:.3f})")
    if report.negated_theme_recall is not None or report.negated_theme_precision is not None:
        p = "-" if report.negated_theme_precision is None else f"{report.negated_theme_precision:.3f}"
        r = "-" if report.negated_theme_recall is None else f"{report.negated_theme_recall:.3f}"
        lines.append(f"Denied themes: precision {p}, recall {r}")
    if report.versions:
        lines.append("Versions: " + "; ".join(f"{k} {v}" for k, v in sorted(report.versions.items())))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m synthesis.evaluate --gold FILE [--errors]``."""
    parser = argparse.ArgumentParser(prog="python -m synthesis.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", required=True, type=Path)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--errors", action="store_true", help="list the sentences with a difference")
    args = parser.parse_args(argv)
    try:
        report = evaluate(args.gold)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_report(report))
    if args.errors:
        for err in report.errors:
            print(f"\n{err['id']}: {err['text']}")
            for key in ("tools_missed", "tools_extra", "themes_missed", "themes_extra"):
                if err[key]:
                    print(f"  {key}: {', '.join(err[key])}")
    if args.json:
        args.json.write_text(json.dumps(report.to_dict(), indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
