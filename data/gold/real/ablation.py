"""Ablation of the theme coder on the real-text dev split: which combination of rules and learnt model wins.

    .venv/bin/python data/gold/real/ablation.py            # train on real train, score on real dev
    .venv/bin/python data/gold/real/ablation.py --test     # the chosen variant once on test (report only)

Variants: the codebook patterns alone; patterns plus today's shipped classifier (what ``synthesis evaluate``
gives); a model learnt on the real train split alone; the patterns gated by the model (a pattern match is kept
only when the model, which sees the whole sentence and which patterns fired, agrees it means the theme); and the
gated patterns plus the model's own confident additions. The model is one L2-regularised logistic regression per
theme (``train_theme_model.fit``) over the sentence's lemmas and one feature per theme whose patterns fired.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import train_theme_model as ttm  # noqa: E402


def read(name: str) -> list[dict]:
    return ttm.read(f"real/{name}.jsonl")


def scoped(rows: list[dict], found: list[set[str]], scopes: dict[str, set[str]]) -> list[set[str]]:
    return [{t for t in f if t not in scopes or r["question_id"] in scopes[t]} for r, f in zip(rows, found)]


def shipped(rows: list[dict]) -> list[set[str]]:
    """Patterns plus the shipped classifier, as extraction gives them."""
    from synthesis.extract import analyse_texts

    out = []
    for result in analyse_texts([r["text"] for r in rows], redact=False):
        m = result["mentions"]
        out.append({lab for kind, lab, neg in zip(m["kind"], m["label"], m["negated"]) if kind == "theme" and not neg})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--test", action="store_true", help="score the chosen settings on the test split (report only)")
    ap.add_argument("--with-synthetic", action="store_true", help="also train on data/gold/train.jsonl + dev.jsonl")
    args = ap.parse_args()
    from synthesis.knowledge import load_codebook

    codebook = load_codebook()
    themes = [t.id for t in codebook.themes]
    scopes = codebook.scopes
    train = read("train")
    if args.with_synthetic:
        train += ttm.read("train.jsonl") + ttm.read("dev.jsonl")
    target = read("test" if args.test else "dev")
    gold = [set(r["themes"]) for r in target]

    def feats(rows: list[dict]) -> tuple[list[set[str]], list[set[str]]]:
        rules = scoped(rows, ttm.rule_themes(rows), scopes)
        lemmas = ttm.features(rows)
        return rules, [f | {f"hit:{t}" for t in h} for f, h in zip(lemmas, rules)]

    train_rules, train_feats = feats(train)
    rules, x = feats(target)
    vocab, W = ttm.fit(train_feats, [set(r["themes"]) for r in train], themes)
    probs = ttm.predict(vocab, W, x)

    def decide(keep: float, add: float) -> list[set[str]]:
        out = []
        for hits, p in zip(rules, probs):
            chosen = {themes[j] for j in np.flatnonzero(p >= add)}
            chosen |= {t for t in hits if p[themes.index(t)] >= keep}
            out.append({t for t in chosen if t not in scopes or True})
        return scoped(target, out, scopes)

    def show(name: str, pred: list[set[str]]) -> None:
        p, r, f = ttm.micro_f1(gold, pred)
        print(f"{name:58s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")

    part = "test" if args.test else "dev"
    print(f"real {part}: {len(target)} sentences; trained on {len(train)} sentences")
    show("patterns alone", rules)
    show("patterns + shipped classifier (today)", scoped(target, shipped(target), scopes))
    for add in (0.4, 0.5, 0.6):
        show(f"learnt model alone (p >= {add})", decide(1.1, add))
    for keep in (0.05, 0.1, 0.15, 0.2, 0.3):
        show(f"patterns gated by the model (keep p >= {keep})", decide(keep, 1.1))
    for keep, add in ((0.1, 0.4), (0.1, 0.5), (0.15, 0.4), (0.15, 0.5), (0.2, 0.4), (0.2, 0.5)):
        show(f"gated patterns + model additions (keep {keep}, add {add})", decide(keep, add))


if __name__ == "__main__":
    main()
