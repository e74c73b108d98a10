#!/usr/bin/env python3
"""Train the theme model shipped as src/synthesis/data/theme_model.json (deterministic).

One L2-regularised logistic regression per theme over a sentence's lemmas (``synthesis.nlp.theme_model.
sentence_features``) and one ``hit:<theme>`` feature per theme whose codebook patterns fired in it, fitted by
accelerated gradient descent (a fixed number of steps) on the real-text gold corpus's train split
(data/gold/real/train.jsonl; dev chose the thresholds, test is never read here). A theme coded only in some
questions (``overcome.*``, ``support.*``) is learnt only from sentences of those questions. Writes the weights
(rounded, small ones dropped) and records the file's sha256 in ``synthesis.nlp.theme_model.MODEL_SHA256``.

    python data/gold/train_theme_model.py            # train and write
    python data/gold/train_theme_model.py --cv 5     # cross-validated F1 on the training rows, writes nothing
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np

GOLD = Path(__file__).resolve().parent
ROOT = GOLD.parent.parent
THEMES_PY = ROOT / "src" / "synthesis" / "nlp" / "theme_model.py"
C, STEPS, MIN_DF, KEEP = 2.0, 2000, 2, 0.1
THRESHOLD, KEEP_THRESHOLD = 0.4, 0.15  # add a theme at p >= 0.4; keep a pattern match at p >= 0.15 (chosen on real dev)
MIN_GATED = 20  # a theme with fewer positive training sentences keeps every pattern match (so do overcome.*, support.*)
VERSION = "lr-real-hits-1"
TRAIN_FILES = ("real/train.jsonl", "train.jsonl", "dev.jsonl")


def read(name: str) -> list[dict]:
    with open(GOLD / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pipeline(rules: bool):
    """The extraction pipeline's tokens and lemmas (and, with ``rules``, its tool and pattern components,
    without any classifier), built here so that training never needs an existing model file."""
    import synthesis.nlp  # noqa: F401  (registers synthesis_themes)
    from synthesis.nlp import STATISTICAL, load_english

    nlp = load_english(exclude=("senter",))
    for name in (*STATISTICAL, "lemmatizer"):
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    nlp.add_pipe("synthesis_sentences")
    nlp.add_pipe("synthesis_lemmas")
    if rules:
        nlp.add_pipe("synthesis_tools")
        nlp.add_pipe("synthesis_themes", config={"model": "none"})
    return nlp


def features(rows: list[dict]) -> list[set[str]]:
    """Features of each gold sentence, from the same lemmas and function as extraction."""
    from synthesis.nlp import words_of
    from synthesis.nlp.theme_model import sentence_features

    return [sentence_features(words_of(doc).lem) for doc in pipeline(False).pipe(r["text"] for r in rows)]


def fit(feats: list[set[str]], labels: list[set[str]], themes: list[str],
        mask: np.ndarray | None = None) -> tuple[list[str], np.ndarray]:
    """Vocabulary and weights (features + 1 bias row) x themes: for every theme, the minimum of the
    mean log-loss + ||w||^2 / (2 C n) (the bias not shrunk), by Nesterov's accelerated gradient with
    the step and momentum set from the loss's smoothness and strong convexity. ``mask`` (sentences x
    themes, 0/1) leaves a sentence out of a theme's loss."""
    df: dict[str, int] = {}
    for f in feats:
        for w in f:
            df[w] = df.get(w, 0) + 1
    vocab = sorted(w for w, c in df.items() if c >= MIN_DF)
    X = design(vocab, feats)
    Y = np.array([[t in g for t in themes] for g in labels], dtype=np.float64)
    M = np.ones_like(Y) if mask is None else mask
    n = len(feats)
    shrink = np.full((X.shape[1], 1), 1.0 / (C * n))
    shrink[-1] = 0.0  # the bias is not shrunk
    smooth = 0.25 * np.linalg.norm(X, 2) ** 2 / n + 1.0 / (C * n)
    kappa = smooth * C * n
    momentum = (np.sqrt(kappa) - 1.0) / (np.sqrt(kappa) + 1.0)
    W = np.zeros((X.shape[1], len(themes)))
    prior = ((M * Y).sum(axis=0) + 0.5) / (M.sum(axis=0) + 1.0)
    W[-1] = np.log(prior / (1.0 - prior))  # start from the base rates
    V = W.copy()
    for _ in range(STEPS):
        P = 1.0 / (1.0 + np.exp(-(X @ V)))
        nxt = V - (X.T @ (M * (P - Y)) / n + shrink * V) / smooth
        V = nxt + momentum * (nxt - W)
        W = nxt
    return vocab, W


def design(vocab: list[str], feats: list[set[str]]) -> np.ndarray:
    """0/1 matrix of sentences x (vocabulary features + a constant column for the bias)."""
    index = {w: i for i, w in enumerate(vocab)}
    X = np.zeros((len(feats), len(vocab) + 1))
    X[:, -1] = 1.0
    for i, f in enumerate(feats):
        X[i, [index[w] for w in f if w in index]] = 1.0
    return X


def predict(vocab: list[str], W: np.ndarray, feats: list[set[str]]) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(design(vocab, feats) @ W)))


def micro_f1(gold: list[set[str]], pred: list[set[str]]) -> tuple[float, float, float]:
    """Micro precision, recall and F1, as ``synthesis evaluate`` computes them (no intervals)."""
    from synthesis.evaluate import score_sets

    summary = score_sets(gold, pred, n_bootstrap=0)
    return summary.micro_precision, summary.micro_recall, summary.micro_f1


def rule_themes(rows: list[dict]) -> list[set[str]]:
    """Affirmed themes the codebook patterns alone find in each sentence."""
    return [{h["label"] for h in doc._.synthesis_themes if not h["negated"]}
            for doc in pipeline(True).pipe(r["text"] for r in rows)]


def cross_validate(rows: list[dict], feats: list[set[str]], themes: list[str], k: int) -> None:
    """k folds by sentence id hash: the classifier alone, the patterns alone, and both."""
    fold = [int(hashlib.sha256(r["id"].encode()).hexdigest(), 16) % k for r in rows]
    gold = [set(r["themes"]) for r in rows]
    rules = rule_themes(rows)
    probs = np.zeros((len(rows), len(themes)))
    for f in range(k):
        train = [i for i in range(len(rows)) if fold[i] != f]
        test = [i for i in range(len(rows)) if fold[i] == f]
        vocab, W = fit([feats[i] for i in train], [gold[i] for i in train], themes)
        probs[test] = predict(vocab, W, [feats[i] for i in test])
    p, r, f1 = micro_f1(gold, rules)
    print(f"{k}-fold CV on train+dev ({len(rows)} sentences), patterns: P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    for threshold in sorted({THRESHOLD, 0.5, 0.6, 0.7, 0.8, 0.9}):
        alone = [{themes[j] for j in np.flatnonzero(q >= threshold)} for q in probs]
        for name, pred in (("classifier", alone), ("patterns + classifier", [a | b for a, b in zip(rules, alone)])):
            p, r, f1 = micro_f1(gold, pred)
            print(f"  threshold {threshold:.1f}, {name}: P {p:.3f} R {r:.3f} F1 {f1:.3f}")


def training_rows() -> list[dict]:
    rows = []
    for name in TRAIN_FILES:
        rows += read(name)
    return rows


def hit_features(rows: list[dict]) -> list[set[str]]:
    """Each sentence's lemma features plus ``hit:<theme>`` for every theme its patterns affirm."""
    return [f | {f"hit:{t}" for t in hits} for f, hits in zip(features(rows), rule_themes(rows))]


def theme_mask(rows: list[dict], themes: list[str], scopes: dict[str, set[str]]) -> np.ndarray:
    """1 where a sentence counts for a theme: always, except themes coded only in some questions."""
    return np.array([[1.0 if t not in scopes or r.get("question_id") in scopes[t] else 0.0 for t in themes]
                     for r in rows])


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", type=int, default=0, help="report k-fold cross-validated F1 and write nothing")
    ap.add_argument("--out", default=str(ROOT / "src" / "synthesis" / "data" / "theme_model.json"))
    args = ap.parse_args(argv)
    rows = training_rows()
    from synthesis.knowledge import load_codebook

    codebook = load_codebook()
    themes = [t.id for t in codebook.themes]
    scopes = codebook.scopes
    feats = hit_features(rows)
    if args.cv:
        cross_validate(rows, feats, themes, args.cv)
        return 0
    mask = theme_mask(rows, themes, scopes)
    vocab, W = fit(feats, [set(r["themes"]) for r in rows], themes, mask)
    positives = {t: sum(1 for r, m in zip(rows, mask[:, j]) if m and t in r["themes"]) for j, t in enumerate(themes)}
    gated = [t for t in themes if positives[t] >= MIN_GATED and t not in scopes]  # question-scoped sections: patterns decide
    weights = {w: {t: round(float(x), 2) for t, x in zip(themes, W[i]) if abs(x) >= KEEP}
               for i, w in enumerate(vocab) if np.abs(W[i]).max() >= KEEP}
    model = {"format": 1, "version": VERSION, "threshold": THRESHOLD, "keep_threshold": KEEP_THRESHOLD, "gated": gated,
             "trained_on": f"{' + '.join('data/gold/' + f for f in TRAIN_FILES)} ({len(rows)} sentences)",
             "settings": {"C": C, "steps": STEPS, "min_df": MIN_DF},
             "themes": themes, "bias": [round(float(x), 3) for x in W[-1]], "weights": weights}
    blob = json.dumps(model, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n"
    Path(args.out).write_bytes(blob)
    sha = hashlib.sha256(blob).hexdigest()
    source = THEMES_PY.read_text(encoding="utf-8")
    source, n = re.subn(r'^MODEL_SHA256 = "[0-9a-f]*"$', f'MODEL_SHA256 = "{sha}"', source, flags=re.M)
    if n != 1:
        print(f"could not find MODEL_SHA256 in {THEMES_PY}", file=sys.stderr)
        return 1
    THEMES_PY.write_text(source, encoding="utf-8")
    print(f"wrote {args.out}: {len(weights)} features x {len(themes)} themes, sha256 {sha}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
