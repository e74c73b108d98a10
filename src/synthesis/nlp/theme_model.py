"""The learnt theme model: a per-theme logistic regression over a sentence's lemmas and the patterns that fired.

Rules for recall, the model for sense: the codebook patterns propose themes, and the model, which sees the
whole sentence, which themes' patterns fired in it (features ``hit:<theme>``) and the words around each
match (``win:<family>:<lemma>``, :func:`window_features`), keeps a proposed theme only when its probability
reaches ``keep_threshold`` ("procurement" as a department's name, "training" in "lack of training is holding
us back") and adds a theme the patterns missed when it reaches ``threshold``. It never denies a theme.

An optional second part (``embedding``) is a per-theme logistic regression over the sentence's
all-MiniLM-L6-v2 vector (:mod:`synthesis.nlp.embedder`) and the same ``hit:`` flags; when the theme finder
is built with ``embedder=True`` the two probabilities are averaged and decided with the part's own
thresholds. It costs a transformer pass per sentence, so it is off by default.

The weights ship as ``data/theme_model.json``, written by ``data/gold/train_theme_model.py`` from the
real-text gold corpus, and are checked against :data:`MODEL_SHA256` on load.
"""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path
from typing import Literal

import numpy
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from synthesis.knowledge import DATA_DIR

#: The shipped theme classifier (written by ``data/gold/train_theme_model.py``) and its sha256: the
#: file is checked against it on load, and since this module's source is part of the cache key, new
#: weights always give a new cache key.
DEFAULT_MODEL = DATA_DIR / "theme_model.json"
MODEL_SHA256 = "b216efd0464ed171bd09078ec2f9cad049bcc3e6ec4d9e175961976bb267a038"


def sentence_features(lemmas: list[str]) -> set[str]:
    """Classifier features of a sentence: its lower-cased lemmas that hold a letter."""
    return {w.lower() for w in lemmas if any(c.isalpha() for c in w)}


def window_features(lemmas: list[str], start: int, end: int, theme: str, radius: int) -> set[str]:
    """``win:<family>:<lemma>`` for the lemmas within ``radius`` words of a match of ``theme`` at
    ``lemmas[start:end]`` (the match included): what a theme's words mean depends on their neighbours."""
    if radius <= 0:
        return set()
    family = theme.split(".", 1)[0]
    return {f"win:{family}:{w}" for w in sentence_features(lemmas[max(0, start - radius):end + radius])}


class EmbeddingPart(BaseModel):
    """Per-theme logistic regression over a sentence vector and the ``hit:`` flags (see the module)."""

    model_config = ConfigDict(extra="forbid")

    dims: int = Field(gt=0)
    threshold: float = Field(gt=0, le=1)
    keep_threshold: float = Field(ge=0, lt=1)
    gated: list[str] | None = None  # as the lemma part's, for the mean of the two parts
    bias: list[float]
    weights: list[list[float]]  # (dims + one row per theme's hit flag) x themes


class ThemeModelFile(BaseModel):
    """The schema of ``theme_model.json``."""

    model_config = ConfigDict(extra="forbid")

    format: Literal[1]
    version: str = ""
    settings: dict[str, float] = {}  # how it was trained (recorded, not used)
    trained_on: str = ""  # which gold files (recorded, not used)
    threshold: float = Field(gt=0, le=1)
    keep_threshold: float = Field(default=0.0, ge=0, lt=1)  # 0: every pattern match is kept
    gated: list[str] | None = None  # themes whose pattern matches the model may drop (None: all; few examples: not)
    window: int = Field(default=0, ge=0, le=10)  # radius of the win: features (0: none)
    themes: list[str] = Field(min_length=1)
    bias: list[float]
    weights: dict[str, dict[str, float]]
    embedding: EmbeddingPart | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "ThemeModelFile":
        if len(self.bias) != len(self.themes):
            raise ValueError("'bias' must have one number per theme")
        part = self.embedding
        if part is not None and (len(part.bias) != len(self.themes) or len(part.weights) != part.dims + len(self.themes)
                                 or any(len(row) != len(self.themes) for row in part.weights)):
            raise ValueError("'embedding' must have one bias per theme and (dims + themes) rows of one weight per theme")
        unknown = sorted({t for row in self.weights.values() for t in row} - set(self.themes))
        if unknown:
            raise ValueError(f"'weights' name a theme that is not in 'themes': {unknown[0]}")
        return self


class ThemeModel:
    """A per-theme logistic regression over lemma features that adds themes the patterns missed.

    The file holds ``format``, ``version``, ``threshold``, ``themes``, ``bias`` (one per theme) and
    ``weights`` (feature -> {theme id: weight}, weights near zero left out). A theme is added to a sentence when its probability
    reaches ``threshold``; it never removes or denies what the patterns found.
    """

    def __init__(self, path: str | Path = DEFAULT_MODEL, sha256: str | None = None):
        path = Path(path)
        blob = path.read_bytes()
        expected = MODEL_SHA256 if sha256 is None else sha256
        if expected and hashlib.sha256(blob).hexdigest() != expected:
            raise ValueError(f"{path}: sha256 does not match, expected {expected} (synthesis.nlp.theme_model."
                             "MODEL_SHA256; retrain with data/gold/train_theme_model.py, which updates both)")
        try:
            raw = ThemeModelFile.model_validate_json(blob)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ValueError(f"{path}: not a valid theme model: {where + ': ' if where else ''}{first['msg']}") from None
        themes, bias, weights, threshold = raw.themes, raw.bias, raw.weights, raw.threshold
        column = {t: j for j, t in enumerate(themes)}
        self.path, self.version, self.threshold = str(path), raw.version, threshold
        self.min_logit = float(numpy.log(threshold / (1.0 - threshold))) if threshold < 1 else float("inf")
        keep = raw.keep_threshold
        self.keep_logit = float(numpy.log(keep / (1.0 - keep))) if keep > 0 else None
        self.gated = set(themes if raw.gated is None else raw.gated)
        self.window = raw.window
        part = raw.embedding
        #: the optional sentence-vector part: bias (themes), weights ((dims + themes) x themes), thresholds
        self.embedding = None if part is None else (
            numpy.asarray(part.bias), numpy.asarray(part.weights), part.threshold, part.keep_threshold)
        self.embedding_gated = self.gated if part is None or part.gated is None else set(part.gated)
        self._rows: dict[str, int] = {}  # lemma -> feature row, -1 for none (bounded cache)
        self._rows_by_id: dict[int, int] = {}  # the same by lemma hash
        self._window_by_id: dict[str, dict[int, int]] = {}  # family -> lemma hash -> win: row, -1 for none
        self.themes = themes
        self.features = {f: i for i, f in enumerate(sorted(weights))}
        self.bias = numpy.asarray(bias, dtype=numpy.float64)
        self.weights = numpy.zeros((len(weights), len(themes)))
        for f, row in self.features.items():
            for t, x in weights[f].items():
                self.weights[row, column[t]] = x
        #: whether a sentence without any feature stays below the threshold for every theme
        self.silent = bool(self.bias.max() < self.min_logit)
        #: feature row of ``hit:<theme>`` (the theme's patterns fired in the sentence), by theme id
        self.hit_rows = {f[4:]: i for f, i in self.features.items() if f.startswith("hit:")}
        #: feature row of ``win:<family>:<lemma>``, by (family, lower-cased lemma)
        self.window_rows = {tuple(f[4:].split(":", 1)): i for f, i in self.features.items() if f.startswith("win:")}

    def logits(self, lemmas: list[str]) -> numpy.ndarray:
        """Log-odds of each of ``self.themes`` for one sentence."""
        return self.logits_of_rows([self._row(w) for w in lemmas])

    def logits_of_rows(self, rows: list[int]) -> numpy.ndarray:
        """:meth:`logits` from the feature rows of a sentence's words (see :meth:`rows_of_ids`)."""
        present = set(rows)
        present.discard(-1)
        return self.bias + self.weights[list(present)].sum(axis=0) if present else self.bias

    def logit_matrix(self, sentences: list[list[int]]) -> numpy.ndarray:
        """Log-odds (sentences x themes) for many sentences given as feature rows: one matrix sum for all."""
        present = [sorted(set(rows)) for rows in sentences]
        for rows in present:  # -1 (no feature) sorts first
            if rows and rows[0] < 0:
                del rows[0]
        z = numpy.tile(self.bias, (len(present), 1))
        flat = list(itertools.chain.from_iterable(present))
        if flat:
            sizes = numpy.array([len(rows) for rows in present])
            starts = numpy.concatenate(([0], numpy.cumsum(sizes)[:-1]))
            filled = sizes > 0
            z[filled] += numpy.add.reduceat(self.weights[flat], starts[filled], axis=0)
        return z

    def themes_at_threshold(self, sentences: list[list[int]]) -> list[tuple[int, int]]:
        """``(sentence index, theme column)`` of every theme at the threshold, for many sentences given
        as feature rows (see :meth:`rows_of_ids`)."""
        if self.silent:  # a sentence without any feature stays below the threshold
            keep = [k for k, rows in enumerate(sentences) if any(r >= 0 for r in rows)]
        else:
            keep = list(range(len(sentences)))
        if not keep:
            return []
        z = self.logit_matrix([sentences[k] for k in keep])
        rows, cols = numpy.nonzero(~(z < self.min_logit))
        return [(keep[r], c) for r, c in zip(rows.tolist(), cols.tolist())]

    def rows_of_ids(self, ids: list[int], strings) -> list[int]:
        """Feature row (-1 for none) of each lemma hash in ``ids``; ``strings`` is the vocab's StringStore."""
        cache = self._rows_by_id
        if len(cache) > 200_000:
            cache.clear()
        out = list(map(cache.get, ids))
        if None in out:
            for k, h in enumerate(ids):
                if out[k] is None:
                    out[k] = cache[h] = self._row(strings[h])
        return out

    def window_rows_of_ids(self, family: str, ids: list[int], strings) -> list[int]:
        """The ``win:<family>:<lemma>`` feature rows of the lemma hashes ``ids`` (those the model has; repeats
        kept). Remembered by hash instead of a set of ``(family, lemma)`` strings per match: with it (and
        :meth:`logit_matrix` without a set difference per sentence) the theme finder's model step took 0.19 s
        against 0.25 s over the 5,327 distinct answers of the 1,000-respondent benchmark input (2026-12-02)."""
        cache = self._window_by_id.get(family)
        if cache is None or len(cache) > 200_000:
            cache = self._window_by_id[family] = {}
        rows = list(map(cache.get, ids))
        if None in rows:
            for k, h in enumerate(ids):
                if rows[k] is None:
                    rows[k] = cache[h] = self.window_rows.get((family, strings[h].lower()), -1)
        return [r for r in rows if r >= 0]

    def _row(self, lemma: str) -> int:
        row = self._rows.get(lemma)
        if row is None:
            if len(self._rows) > 200_000:
                self._rows.clear()
            row = self._rows[lemma] = next((self.features.get(f, -1) for f in sentence_features([lemma])), -1)
        return row

    def embedding_probabilities(self, vectors: numpy.ndarray, hits: numpy.ndarray) -> numpy.ndarray:
        """Probabilities (sentences x themes) of the embedding part from sentence vectors and 0/1 hit
        flags (sentences x themes)."""
        if self.embedding is None:
            raise ValueError(f"{self.path}: this theme model has no embedding part (train it with --embedding)")
        bias, weights, _, _ = self.embedding
        z = bias + numpy.hstack([vectors, hits]) @ weights
        return 1.0 / (1.0 + numpy.exp(-z))

    def probabilities(self, lemmas: list[str]) -> numpy.ndarray:
        """Probability of each of ``self.themes`` for one sentence."""
        return 1.0 / (1.0 + numpy.exp(-self.logits(lemmas)))

    def evidence(self, lemmas: list[str], theme: int) -> int | None:
        """Index of the word that weighs most for ``theme`` (shown as the matched text)."""
        return self.evidence_of_rows([self._row(w) for w in lemmas], theme)

    def evidence_of_rows(self, rows: list[int], theme: int) -> int | None:
        """:meth:`evidence` from the feature rows of a sentence's words."""
        best, where = 0.0, None
        for i, row in enumerate(rows):
            if row >= 0 and self.weights[row, theme] > best:
                best, where = self.weights[row, theme], i
        return where
