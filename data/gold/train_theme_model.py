#!/usr/bin/env python3
"""Train the theme model shipped as src/synthesis/data/theme_model.json (deterministic).

The lemma part: one L2-regularised logistic regression per theme over a sentence's lemmas
(``synthesis.nlp.theme_model.sentence_features``), one ``hit:<theme>`` feature per theme whose codebook
patterns fired in it, and the lemmas around each match (``window_features``). Positive sentences weigh
(negatives / positives) ** POS_POWER, so that rare themes are not drowned. The embedding part (unless
``--no-embedding``): the same per theme over the sentence's all-MiniLM-L6-v2 vector and the ``hit:`` flags,
learnt from the real-text rows only.
Both are fitted by accelerated gradient descent (a fixed number of steps, from the same start), so the
same gold files give the same bytes. A theme coded only in some questions (``overcome.*``, ``support.*``)
is learnt only from sentences of those questions.

The keep and add thresholds of each part are chosen by 5-fold cross-validation on the real train split
(folds by page), never on dev; test is never read here. Writes the weights (rounded, small ones
dropped) and records the file's sha256 in ``synthesis.nlp.theme_model.MODEL_SHA256``.

    python data/gold/train_theme_model.py            # train and write
    python data/gold/train_theme_model.py --cv 5     # cross-validated F1 on the training rows, writes nothing
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from bisect import bisect_left
from pathlib import Path

import numpy as np

GOLD = Path(__file__).resolve().parent
ROOT = GOLD.parent.parent
THEMES_PY = ROOT / "src" / "synthesis" / "nlp" / "theme_model.py"
C, C_EMBEDDING, STEPS, MIN_DF, KEEP = 2.0, 8.0, 600, 2, 0.1
POS_POWER = 0.5  # a positive sentence weighs sqrt(negatives / positives)
WINDOW = 3  # win: features for the lemmas within 3 words of a match
FOLDS = 5
KEEP_GRID = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
ADD_GRID = (0.4, 0.5, 0.6, 0.7, 0.8)
#: which themes the model may drop pattern matches of, chosen by CV with the thresholds: those with at least
#: this many positive training sentences, outside the question-scoped sections (overcome.*, support.*)
MIN_GATED_GRID = (1, 20)
VERSION = "lr-real-hits-window-3"
TRAIN_FILES = ("real/train.jsonl", "train.jsonl", "dev.jsonl")


def read(name: str) -> list[dict]:
    with open(GOLD / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pipeline(rules: bool, themes: dict | None = None):
    """The extraction pipeline's tokens and lemmas (and, with ``rules``, its tool and pattern components,
    without any classifier unless ``themes`` configures one), built here so that training never needs an
    existing model file."""
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
        nlp.add_pipe("synthesis_themes", config=themes or {"model": "none"})
    return nlp


def parse(rows: list[dict]) -> list[tuple[list[str], list[tuple[str, int, int]]]]:
    """Each gold sentence's lemmas and its affirmed pattern matches (theme, first word, end word), from the
    same pipeline and lemmas as extraction."""
    out = []
    for doc in pipeline(True).pipe(r["text"] for r in rows):
        starts, ends = [t.idx for t in doc], [t.idx + len(t.text) for t in doc]
        matches = [(h["label"], bisect_left(starts, h["start"]), bisect_left(ends, h["end"]) + 1)
                   for h in doc._.synthesis_themes if not h["negated"]]
        out.append(([t.lemma_ for t in doc], matches))
    return out


def features(parsed: list[tuple[list[str], list[tuple[str, int, int]]]], window: int = WINDOW) -> list[set[str]]:
    """Lemma features, ``hit:<theme>`` and the window features of each parsed sentence (as extraction builds them)."""
    from synthesis.nlp.theme_model import sentence_features, window_features

    out = []
    for lemmas, matches in parsed:
        f = sentence_features(lemmas) | {f"hit:{t}" for t, _, _ in matches}
        for theme, a, b in matches:
            f |= window_features(lemmas, a, b, theme, window)
        out.append(f)
    return out


def rule_themes(parsed: list[tuple[list[str], list[tuple[str, int, int]]]]) -> list[set[str]]:
    """Affirmed themes the codebook patterns alone find in each parsed sentence."""
    return [{t for t, _, _ in matches} for _, matches in parsed]


def vocabulary(feats: list[set[str]]) -> list[str]:
    df: dict[str, int] = {}
    for f in feats:
        for w in f:
            df[w] = df.get(w, 0) + 1
    return sorted(w for w, c in df.items() if c >= MIN_DF)


class Binary:
    """A sparse 0/1 matrix (sentences x features) with the two products gradient descent needs."""

    def __init__(self, cells: list[list[int]], columns: int):
        self.shape = (len(cells), columns)
        self.cols = np.array([c for row in cells for c in row], dtype=np.int64)
        self.rows = np.repeat(np.arange(len(cells)), [len(row) for row in cells])
        self.row_starts = np.concatenate(([0], np.cumsum([len(row) for row in cells])[:-1])).astype(np.int64)
        order = np.argsort(self.cols, kind="stable")
        self.by_col_rows = self.rows[order]
        counts = np.bincount(self.cols, minlength=columns)
        self.col_starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
        self.filled = counts > 0

    def __matmul__(self, V: np.ndarray) -> np.ndarray:
        return np.add.reduceat(V[self.cols], self.row_starts, axis=0)

    def tdot(self, G: np.ndarray) -> np.ndarray:
        """X.T @ G."""
        out = np.zeros((self.shape[1], G.shape[1]))
        out[self.filled] = np.add.reduceat(G[self.by_col_rows], self.col_starts[self.filled], axis=0)
        return out


def design(vocab: list[str], feats: list[set[str]]) -> Binary:
    """0/1 matrix of sentences x (vocabulary features + a constant column for the bias)."""
    index = {w: i for i, w in enumerate(vocab)}
    return Binary([sorted(index[w] for w in f if w in index) + [len(vocab)] for f in feats], len(vocab) + 1)


def tdot(X, G: np.ndarray) -> np.ndarray:
    """X.T @ G for a dense or a :class:`Binary` X."""
    return X.tdot(G) if isinstance(X, Binary) else X.T @ G


def spectral_norm_sq(X, steps: int = 30) -> float:
    """An upper estimate of ||X||_2^2 by power iteration from a fixed start (deterministic, no SVD)."""
    v = np.ones((X.shape[1], 1)) / np.sqrt(X.shape[1])
    value = 0.0
    for _ in range(steps):
        u = tdot(X, X @ v)
        value = float(np.linalg.norm(u))
        if value == 0:
            return 0.0
        v = u / value
    return value * 1.05


def fit_matrix(X, Y: np.ndarray, M: np.ndarray, c: float, pos_power: float = POS_POWER,
               steps: int = STEPS) -> np.ndarray:
    """Weights ((columns of X, the last being the constant) x themes) minimising, per theme, the weighted mean
    log-loss + ||w||^2 / (2 c n) (the bias not shrunk), by Nesterov's accelerated gradient with the step and
    momentum of each theme set from its loss's smoothness and strong convexity. ``M`` (sentences x themes,
    0/1) leaves a sentence out of a theme's loss; positives weigh (negatives / positives) ** ``pos_power``."""
    n = X.shape[0]
    positives, counted = (M * Y).sum(axis=0), M.sum(axis=0)
    up = np.where(positives > 0, ((counted - positives) / np.maximum(positives, 1)) ** pos_power, 1.0)
    S = M * np.where(Y > 0, up, 1.0)  # per (sentence, theme) weight
    shrink = np.full((X.shape[1], 1), 1.0 / (c * n))
    shrink[-1] = 0.0  # the bias is not shrunk
    smooth = 0.25 * spectral_norm_sq(X) * S.max(axis=0) / n + 1.0 / (c * n)
    kappa = smooth * c * n
    momentum = (np.sqrt(kappa) - 1.0) / (np.sqrt(kappa) + 1.0)
    W = np.zeros((X.shape[1], Y.shape[1]))
    prior = ((M * Y).sum(axis=0) + 0.5) / (M.sum(axis=0) + 1.0)
    W[-1] = np.log(prior / (1.0 - prior))  # start from the base rates
    V = W.copy()
    for _ in range(steps):
        P = 1.0 / (1.0 + np.exp(-(X @ V)))
        nxt = V - (tdot(X, S * (P - Y)) / n + shrink * V) / smooth
        V = nxt + momentum * (nxt - W)
        W = nxt
    return W


def label_matrix(rows: list[dict], themes: list[str]) -> np.ndarray:
    return np.array([[t in r["themes"] for t in themes] for r in rows], dtype=np.float64)


def fit(feats: list[set[str]], labels: list[set[str]], themes: list[str],
        mask: np.ndarray | None = None) -> tuple[list[str], np.ndarray]:
    """Vocabulary and weights (features + 1 bias row) x themes of the lemma part (see :func:`fit_matrix`)."""
    vocab = vocabulary(feats)
    Y = np.array([[t in g for t in themes] for g in labels], dtype=np.float64)
    return vocab, fit_matrix(design(vocab, feats), Y, np.ones_like(Y) if mask is None else mask, C)


def predict(vocab: list[str], W: np.ndarray, feats: list[set[str]]) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(design(vocab, feats) @ W)))


def hit_matrix(rules: list[set[str]], themes: list[str]) -> np.ndarray:
    return np.array([[t in r for t in themes] for r in rules], dtype=np.float64)


def embedding_design(vectors: np.ndarray, rules: list[set[str]], themes: list[str]) -> np.ndarray:
    """Sentence vectors, hit flags (one column per theme) and the constant column."""
    return np.hstack([vectors, hit_matrix(rules, themes), np.ones((len(rules), 1))])


def sentence_vectors(rows: list[dict]) -> np.ndarray:
    from synthesis.nlp.embedder import shared_embedder

    return shared_embedder().embed([r["text"] for r in rows]).astype(np.float64)


def micro_f1(gold: list[set[str]], pred: list[set[str]]) -> tuple[float, float, float]:
    """Micro precision, recall and F1, as ``synthesis evaluate`` computes them (no intervals)."""
    from synthesis.evaluate import score_sets

    summary = score_sets(gold, pred, n_bootstrap=0)
    return summary.micro_precision, summary.micro_recall, summary.micro_f1


def decide(probs: np.ndarray, rules: list[set[str]], themes: list[str], keep: float, add: float,
           gated: set[str], allowed) -> list[set[str]]:
    """What extraction keeps: gated pattern matches at p >= keep, the rest of them, and additions at p >= add;
    ``allowed(i, theme)`` applies the codebook's question scopes."""
    column = {t: j for j, t in enumerate(themes)}
    out = []
    for i, (p, hits) in enumerate(zip(probs, rules)):
        chosen = {themes[j] for j in np.flatnonzero(p >= add)}
        chosen |= {t for t in hits if t not in gated or p[column[t]] >= keep}
        out.append({t for t in chosen if allowed(i, t)})
    return out


def folds_of(rows: list[dict], k: int) -> np.ndarray:
    """Fold of each row: by a hash of its page (real text) or of its id (the synthetic files have no page)."""
    return np.array([int(hashlib.sha256((r.get("url") or r["id"]).encode()).hexdigest(), 16) % k for r in rows])


def theme_mask(rows: list[dict], themes: list[str], scopes: dict[str, set[str]]) -> np.ndarray:
    """1 where a sentence counts for a theme: always, except themes coded only in some questions."""
    return np.array([[1.0 if t not in scopes or r.get("question_id") in scopes[t] else 0.0 for t in themes]
                     for r in rows])


def training_rows() -> list[dict]:
    rows = []
    for name in TRAIN_FILES:
        rows += read(name)
    return rows


class Trainer:
    """The training rows with their parses, features, labels and masks, and the fits on any subset of them."""

    def __init__(self, rows: list[dict], embedding: bool):
        from synthesis.knowledge import load_codebook

        codebook = load_codebook()
        self.rows = rows
        self.themes = [t.id for t in codebook.themes]
        self.scopes = codebook.scopes
        parsed = parse(rows)
        self.rules = rule_themes(parsed)
        self.feats = features(parsed)
        self.Y = label_matrix(rows, self.themes)
        self.mask = theme_mask(rows, self.themes, self.scopes)
        self.vectors = sentence_vectors(rows) if embedding else None
        self.real = np.array([bool(r.get("url")) for r in rows])  # the real-text rows (CV is scored on these)

    def allowed(self, i: int, theme: str) -> bool:
        return theme not in self.scopes or self.rows[i].get("question_id") in self.scopes[theme]

    def fit_lemmas(self, idx: np.ndarray) -> tuple[list[str], np.ndarray]:
        vocab = vocabulary([self.feats[i] for i in idx])
        X = design(vocab, [self.feats[i] for i in idx])
        return vocab, fit_matrix(X, self.Y[idx], self.mask[idx], C)

    def fit_embedding(self, idx: np.ndarray) -> np.ndarray:
        """The embedding part learns from the real-text rows only: sentence vectors of the synthetic files
        say more about how this team writes than about the themes (dev, mean of both parts: 0.567 against
        0.541 with them)."""
        idx = idx[self.real[idx]]
        X = embedding_design(self.vectors[idx], [self.rules[i] for i in idx], self.themes)
        return fit_matrix(X, self.Y[idx], self.mask[idx], C_EMBEDDING)

    def cv_probabilities(self, k: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Out-of-fold probabilities of the lemma part and (with vectors) of the embedding part."""
        fold = folds_of(self.rows, k)
        lemma = np.zeros(self.Y.shape)
        vector = np.zeros(self.Y.shape) if self.vectors is not None else None
        for f in range(k):
            train, test = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
            vocab, W = self.fit_lemmas(train)
            lemma[test] = predict(vocab, W, [self.feats[i] for i in test])
            if vector is not None:
                V = self.fit_embedding(train)
                X = embedding_design(self.vectors[test], [self.rules[i] for i in test], self.themes)
                vector[test] = 1.0 / (1.0 + np.exp(-(X @ V)))
        return lemma, vector

    def best_thresholds(self, probs: np.ndarray) -> tuple[float, float, set[str], tuple[float, float, float]]:
        """The (keep, add, gated themes) of the grids with the best micro-F1 on the real training rows, and
        that P, R, F1."""
        real = np.flatnonzero(self.real)
        gold = [set(self.rows[i]["themes"]) for i in real]
        rules = [self.rules[i] for i in real]
        best = None
        for least in MIN_GATED_GRID:
            gated = self.gated(least)
            for keep in KEEP_GRID:
                for add in ADD_GRID:
                    pred = decide(probs[real], rules, self.themes, keep, add, gated,
                                  lambda i, t: self.allowed(real[i], t))
                    score = micro_f1(gold, pred)
                    if best is None or score[2] > best[3][2]:
                        best = (keep, add, gated, score)
        return best

    def gated(self, least: int) -> set[str]:
        """Themes whose pattern matches the model may drop: ``least``+ positives, not question-scoped."""
        positives = (self.mask * self.Y).sum(axis=0)
        return {t for j, t in enumerate(self.themes) if positives[j] >= least and t not in self.scopes}


def rounded(W: np.ndarray, digits: int = 3) -> list[list[float]]:
    return [[round(float(x), digits) for x in row] for row in W]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", type=int, default=0, help="report k-fold cross-validated F1 and write nothing")
    ap.add_argument("--no-embedding", action="store_true", help="leave out the sentence-vector part")
    ap.add_argument("--out", default=str(ROOT / "src" / "synthesis" / "data" / "theme_model.json"))
    args = ap.parse_args(argv)
    trainer = Trainer(training_rows(), embedding=not args.no_embedding)
    lemma_cv, vector_cv = trainer.cv_probabilities(args.cv or FOLDS)
    keep, add, gated, score = trainer.best_thresholds(lemma_cv)
    print(f"lemma part, CV on real train: keep {keep} add {add}, {len(gated)} themes gated: "
          f"P {score[0]:.3f} R {score[1]:.3f} F1 {score[2]:.3f}")
    part = None
    if vector_cv is not None:
        e_keep, e_add, e_gated, e_score = trainer.best_thresholds(0.5 * (lemma_cv + vector_cv))
        print(f"lemma + embedding, CV on real train: keep {e_keep} add {e_add}, {len(e_gated)} themes gated: "
              f"P {e_score[0]:.3f} R {e_score[1]:.3f} F1 {e_score[2]:.3f}")
    if args.cv:
        return 0
    everything = np.arange(len(trainer.rows))
    vocab, W = trainer.fit_lemmas(everything)
    themes = trainer.themes
    if vector_cv is not None:
        V = trainer.fit_embedding(everything)
        part = {"dims": int(trainer.vectors.shape[1]), "threshold": e_add, "keep_threshold": e_keep,
                "gated": sorted(e_gated),
                "bias": [round(float(x), 3) for x in V[-1]], "weights": rounded(V[:-1])}
    weights = {w: {t: round(float(x), 2) for t, x in zip(themes, W[i]) if abs(x) >= KEEP}
               for i, w in enumerate(vocab) if np.abs(W[i]).max() >= KEEP}
    model = {"format": 1, "version": VERSION, "threshold": add, "keep_threshold": keep, "gated": sorted(gated),
             "window": WINDOW,
             "trained_on": f"{' + '.join('data/gold/' + f for f in TRAIN_FILES)} ({len(trainer.rows)} sentences)",
             "settings": {"C": C, "C_embedding": C_EMBEDDING, "steps": STEPS, "min_df": MIN_DF, "pos_power": POS_POWER},
             "themes": themes, "bias": [round(float(x), 3) for x in W[-1]], "weights": weights}
    if part is not None:
        model["embedding"] = part
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
