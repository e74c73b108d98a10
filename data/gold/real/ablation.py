"""Ablation of the theme coder on the real-text dev split: which combination of rules and learnt model wins.

    .venv/bin/python data/gold/real/ablation.py            # train on train splits, score on real dev
    .venv/bin/python data/gold/real/ablation.py --test     # the shipped model once on test (report only)
    .venv/bin/python data/gold/real/ablation.py --learning-curve   # the lemma part on part of real train

Variants, each trained by ``train_theme_model.Trainer`` (the trainer's own code) with its keep and add
thresholds chosen by cross-validation on the real train split, never on dev: the codebook patterns alone;
patterns plus the shipped model as extraction gives them (``analyse_texts``); the lemma part (lemmas,
``hit:`` flags, the words around each match, weighted positives) trained on real train only and on real
plus the synthetic files; the embedding part (all-MiniLM-L6-v2 vector and ``hit:`` flags); and the mean of
the two, on every sentence or only on sentences where a pattern fired. Each row has a 95% interval of F1
from a bootstrap over pages.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import train_theme_model as ttm  # noqa: E402


def shipped(rows: list[dict], embedder: bool = False) -> list[set[str]]:
    """Patterns plus the shipped model, as extraction gives them."""
    from synthesis.extract import analyse_texts
    from synthesis.nlp import build_pipeline

    nlp = ttm.pipeline(True, {"embedder": True}) if embedder else build_pipeline()
    out = []
    for result in analyse_texts([r["text"] for r in rows], nlp, redact=False):
        m = result["mentions"]
        out.append({lab for kind, lab, neg in zip(m["kind"], m["label"], m["negated"]) if kind == "theme" and not neg})
    return out


def page_interval(rows: list[dict], gold: list[set[str]], pred: list[set[str]], n: int = 1000,
                  seed: int = 0) -> tuple[float, float]:
    """95% interval of micro-F1 from resampling pages (a page's sentences go together)."""
    pages = sorted({r["url"] for r in rows})
    where = {u: i for i, u in enumerate(pages)}
    per = np.zeros((len(pages), 3))
    for r, g, p in zip(rows, gold, pred):
        per[where[r["url"]]] += (len(g & p), len(p), len(g))
    rng = np.random.default_rng(seed)
    scores = []
    for _ in range(n):
        tp, npred, ngold = per[rng.integers(0, len(pages), len(pages))].sum(axis=0)
        scores.append(2 * tp / (npred + ngold) if npred + ngold else 0.0)
    return float(np.percentile(scores, 2.5)), float(np.percentile(scores, 97.5))


def in_share(url: str, share: float) -> bool:
    """Whether a page falls in the first ``share`` of pages by a hash of its URL (a fixed subset)."""
    return int(hashlib.sha256(url.encode()).hexdigest()[:8], 16) / 2 ** 32 < share


def learning_curve(target: list[dict], show, allowed, shares: tuple[float, ...] = (0.5, 0.75, 1.0)) -> None:
    """The lemma part trained on a share of the real train pages (plus the synthetic files), scored on
    ``target``: whether more real text of the same kind would help."""
    parsed = ttm.parse(target)
    feats, hit_rules = ttm.features(parsed), ttm.rule_themes(parsed)
    for share in shares:
        rows = [r for f in ttm.TRAIN_FILES for r in ttm.read(f) if not r.get("url") or in_share(r["url"], share)]
        trainer = ttm.Trainer(rows, embedding=False)
        lemma_cv, _ = trainer.cv_probabilities(ttm.FOLDS)
        keep, add, gated, _ = trainer.best_thresholds(lemma_cv)
        vocab, W = trainer.fit_lemmas(np.arange(len(rows)))
        pages = len({r["url"] for r in rows if r.get("url")})
        show(f"lemma part, {share:.0%} of real train ({pages} pages, {int(trainer.real.sum())} sentences) + synthetic",
             ttm.decide(ttm.predict(vocab, W, feats), hit_rules, trainer.themes, keep, add, gated, allowed))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--test", action="store_true", help="score the shipped model on the test split (report only)")
    ap.add_argument("--learning-curve", action="store_true", help="the lemma part on 50%%, 75%% and all of real train")
    args = ap.parse_args()
    part = "test" if args.test else "dev"
    target = ttm.read(f"real/{part}.jsonl")
    gold = [set(r["themes"]) for r in target]
    from synthesis.knowledge import load_codebook

    scopes = load_codebook().scopes

    def scoped(pred: list[set[str]]) -> list[set[str]]:
        return [{t for t in p if t not in scopes or r["question_id"] in scopes[t]} for r, p in zip(target, pred)]

    def show(name: str, pred: list[set[str]]) -> None:
        p, r, f = ttm.micro_f1(gold, pred)
        lo, hi = page_interval(target, gold, pred)
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} [{lo:.3f}, {hi:.3f}] |", flush=True)

    allowed = lambda i, t: t not in scopes or target[i]["question_id"] in scopes[t]  # noqa: E731
    print(f"real {part}: {len(target)} sentences\n\n| variant | P | R | F1 [95% page bootstrap] |\n|---|---:|---:|---:|")
    if args.learning_curve:
        learning_curve(target, show, allowed)
        return
    show("patterns + shipped model, lemma part (extraction)", scoped(shipped(target)))
    if args.test:
        show("patterns + shipped model, lemma + embedding (`embedder=True`)", scoped(shipped(target, True)))
        return
    rules = scoped(ttm.rule_themes(ttm.parse(target)))
    show("patterns alone", rules)
    parsed = ttm.parse(target)
    feats = ttm.features(parsed)
    vectors = ttm.sentence_vectors(target)
    hit_rules = ttm.rule_themes(parsed)
    for name, files in (("real train", ("real/train.jsonl",)), ("real + synthetic train", ttm.TRAIN_FILES)):
        trainer = ttm.Trainer([r for f in files for r in ttm.read(f)], embedding=True)
        themes = trainer.themes
        lemma_cv, vector_cv = trainer.cv_probabilities(ttm.FOLDS)
        vocab, W = trainer.fit_lemmas(np.arange(len(trainer.rows)))
        lemma = ttm.predict(vocab, W, feats)
        V = trainer.fit_embedding(np.arange(len(trainer.rows)))
        vector = 1.0 / (1.0 + np.exp(-(ttm.embedding_design(vectors, hit_rules, themes) @ V)))
        fired = np.array([bool(h) for h in hit_rules])[:, None]
        fired_cv = np.array([bool(h) for h in trainer.rules])[:, None]
        for label, cv, probs in (
                ("lemma part", lemma_cv, lemma),
                ("embedding part", vector_cv, vector),
                ("mean of both", 0.5 * (lemma_cv + vector_cv), 0.5 * (lemma + vector)),
                ("mean of both where a pattern fired, else lemma part",
                 np.where(fired_cv, 0.5 * (lemma_cv + vector_cv), lemma_cv),
                 np.where(fired, 0.5 * (lemma + vector), lemma))):
            keep, add, gated, _ = trainer.best_thresholds(cv)
            show(f"{label}, {name} (keep {keep}, add {add}, {len(gated)} themes gated, by CV)",
                 ttm.decide(probs, hit_rules, themes, keep, add, gated, allowed))


if __name__ == "__main__":
    main()
