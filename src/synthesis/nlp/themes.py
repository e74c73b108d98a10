"""``synthesis_themes``: codebook theme matching per sentence, with negation.

The codebook's phrases and token patterns (see ``data/codebook.yaml``) are matched on lemmas; a
match is kept per (sentence, theme), denied when its clause negates it, and stored on
``doc._.synthesis_themes``. The learnt model (:mod:`synthesis.nlp.theme_model`) then adds themes
the patterns missed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import minibatch

from synthesis.nlp.cues import SUBJECTS, CueFinder, segments
from synthesis.nlp.matcher import TokenPatternMatcher
from synthesis.nlp.text import (
    A_LEMMA,
    Lemmatizer,
    Words,
    char_offsets,
    doc_arrays,
    lemma_table,
    sentence_bounds,
    sentence_words,
    span_text,
)
from synthesis.nlp.theme_model import DEFAULT_MODEL, ThemeModel

if not Doc.has_extension("synthesis_themes"):
    Doc.set_extension("synthesis_themes", default=None)

_EXPERIENTIAL = {"see", "experience", "find", "have", "face", "encounter", "notice", "spot", "observe", "identify",
                 "raise", "report", "detect", "hear", "get", "receive", "be", "cause", "show", "evidence"}
_ISSUE_WORDS = {"issue", "problem", "concern", "barrier", "challenge", "risk", "sign", "instance", "example",
                "complaint", "difficulty", "evidence", "case", "incident", "obstacle", "worry"}
_FAVOURABLE = {"good", "high", "excellent", "reliable", "accurate", "strong", "impressive", "robust", "fine", "great",
               "solid", "consistent"}
_INTENSIFIERS = {"very", "highly", "really", "remarkably", "generally", "mostly", "largely", "extremely", "pretty", "quite",
                 "surprisingly", "consistently", "always", "be", "been", "are", "is", "was", "were"}
_HANDLED = {"retained", "stored", "shared", "kept", "sent", "used", "held", "transferred", "processed", "saved", "uploaded",
            "entered", "recorded", "disclosed"}
_NEG_IMPACT = {"not", "n't", "never", "no", "none", "nor", "neither", "nothing", "nobody", "cannot"}
_DET_NEGATORS = {"no", "none", "without"}
#: words that open a condition: a denial inside it does not deny the purpose ("so their views are heard
#: even if they don't want to speak", "we do not record ... unless a parent agrees")
_CONDITIONS = {"if", "unless", "except", "whether"}
#: "made no difference to staff turnover", "no change in stress levels": the impact is denied
_NO_CHANGE = {"difference", "change", "impact", "effect", "improvement"}
_AUX_VERBS = {"is", "was", "are", "were", "has", "have", "had", "be", "been", "does", "do", "did", "will", "would",
              "can", "could", "should", "may", "might", "must", "'s", "’s"}
#: the words that deny a match before it, by family (:meth:`ThemeFinder._negated`)
_NEGATORS = frozenset(_NEG_IMPACT | {"without", "opposite"})
_NEGATORS_OF = {"governance": _NEGATORS | {"stop", "stopped"}, "use": _NEGATORS - {"without"}}
#: every word a denial in :meth:`ThemeFinder._negated` needs (outside the "risk" family, which has denials without one)
_ANY_NEGATOR = frozenset(_NEGATORS.union({"not", "n't", "never"}, *_NEGATORS_OF.values()))



WEAK = "|weak"
_PURPOSE_STOP_CUES = [
    "stop", "discontinue", "decommission", "reject", "no longer", "abandon", "withdraw", "cease", "scrap",
    "phase out", "turn down", "decide against", "give up", "shelve", "halt", "suspend", "terminate", "not renew",
    "did not renew", "switch off", "turn off", "rule out", "not proceed", "walk away", "not take forward",
    "not be take forward", "pull the plug", "rule it out", "rule them out", "not to proceed",
]


def _contains_any(lemmas: list[str], needles: tuple[frozenset[str], list[tuple[str, ...]]], skip_start: int,
                  skip_end: int) -> bool:
    """Whether a lemma of ``needles[0]`` or a lemma sequence of ``needles[1]`` occurs in ``lemmas`` outside
    [skip_start, skip_end). Two set tests for the single words instead of a set of the sentence per call:
    0.0055 s against 0.015 s for the 4,546 weak matches in 5,327 benchmark answers (2026-12-02)."""
    words, sequences = needles
    if not words.isdisjoint(lemmas[:skip_start]) or not words.isdisjoint(lemmas[skip_end:]):
        return True
    for needle in sequences:
        size = len(needle)
        for i in range(len(lemmas) - size + 1):
            if lemmas[i] == needle[0] and tuple(lemmas[i:i + size]) == needle and not (skip_start <= i < skip_end):
                return True
    return False


#: Nouns that, right after a match, make it the name of a team, role or committee ("the policy team",
#: "the disabled children's team", "the data protection officer", "the Scrutiny Committee")
_UNIT_NOUNS = {"team", "teams", "officer", "officers", "committee", "directorate", "department", "unit"}
_UNIT_FILLERS = {"children", "child", "'s", "’s", "and", "young", "people"}


def _names_a_unit(words: Words, end: int) -> bool:
    """Whether the match ending at ``end`` only names a team, a role or a committee."""
    low = words.low
    k = end
    while k < len(low) and k - end < 3 and low[k] in _UNIT_FILLERS:
        k += 1
    return k < len(low) and low[k] in _UNIT_NOUNS


def _theme_of(label: str) -> tuple[str, bool]:
    """(theme, whether a weak match) of a match label."""
    return (label[: -len(WEAK)], True) if label.endswith(WEAK) else (label, False)


class _Labels(dict):
    """Match label -> (theme, whether a weak match), filled on first need."""

    def __missing__(self, label: str) -> tuple[str, bool]:
        value = self[label] = _theme_of(label)
        return value


class _PhraseLabels(dict):
    """Phrase match id -> (label, theme, whether a weak match), filled on first need: a StringStore
    lookup decodes a new string every time."""

    def __init__(self, strings):
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> tuple[str, str, bool]:
        label = self.strings[key]
        value = self[key] = (label, *_theme_of(label))
        return value


class ThemeFinder:
    """``synthesis_themes``: codebook patterns per sentence, with negation."""

    def __init__(self, nlp: Language, codebook: str, model: str | ThemeModel = "", embedder: bool = False):
        from synthesis.knowledge import DEFAULT_CODEBOOK, load_codebook

        self.codebook = load_codebook(codebook or DEFAULT_CODEBOOK)
        if isinstance(model, ThemeModel):
            self.model: ThemeModel | None = model
        else:
            self.model = None if model == "none" else ThemeModel(model or DEFAULT_MODEL)
        embedder = embedder or self.codebook.sentence_embeddings
        if embedder and (self.model is None or self.model.embedding is None):
            raise ValueError("synthesis_themes: sentence embeddings need a theme model with an embedding part")
        self.embedder = None
        if embedder:
            from synthesis.nlp.embedder import shared_embedder

            self.embedder = shared_embedder()
        ids = {t.id for t in self.codebook.themes}
        self.model_themes = [(j, t) for j, t in enumerate(self.model.themes) if t in ids] if self.model else []
        self.model_column = dict(self.model_themes)
        self.model_index = {t: j for j, t in self.model_themes}
        self.table = lemma_table(nlp)
        self.matcher = TokenPatternMatcher(nlp.vocab)
        self.excluder = TokenPatternMatcher(nlp.vocab)  # other senses of a theme's words
        self.phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
        lemmatise = Lemmatizer(self.table, nlp.vocab.strings)
        #: per theme, what a weak match needs elsewhere in its sentence: single lemmas, lemma sequences
        self.requires: dict[str, tuple[frozenset[str], list[tuple[str, ...]]]] = {}
        for theme in self.codebook.themes:
            if theme.phrases:
                self.phrases.add(theme.id, [lemmatise(nlp.make_doc(p)) for p in self._plurals(theme.phrases)])
            if theme.patterns:
                self.matcher.add(theme.id, [self.normalise_pattern(p) for p in theme.patterns])
            if theme.weak_phrases:
                self.phrases.add(theme.id + WEAK, [lemmatise(nlp.make_doc(p)) for p in self._plurals(theme.weak_phrases)])
            if theme.weak_patterns:
                self.matcher.add(theme.id + WEAK, [self.normalise_pattern(p) for p in theme.weak_patterns])
            needles = [tuple(t.lemma_ for t in lemmatise(nlp.make_doc(r))) for r in theme.requires]
            self.requires[theme.id] = (frozenset(n[0] for n in needles if len(n) == 1),
                                       [n for n in needles if len(n) > 1])
            if theme.exclude:
                self.excluder.add(theme.id, [self.normalise_pattern(p) for p in theme.exclude])
        self.has_exclusions = {t.id for t in self.codebook.themes if t.exclude}
        self.negatable = {t.id: t.negatable for t in self.codebook.themes}
        self.cues = CueFinder(self.table)
        self.family = {t.id: t.family for t in self.codebook.themes}
        self.strings = nlp.vocab.strings
        self._labels = _Labels()
        self._phrase_labels = _PhraseLabels(self.strings)
        # status cues that deny a purpose ("we stopped using the risk model"); not "previous", "replace",
        # "used to", "end the pilot" (a purpose tried and ended is still affirmed)
        self.purpose_stops = {tuple(self.table(w) for w in c.replace("-", " - ").split()) for c in _PURPOSE_STOP_CUES}

    def _unknown_plural(self, word: str) -> str | None:
        """``word + "s"`` when the lemma table cannot reduce it ("smartphones", "datasets"), else None."""
        if len(word) > 2 and word.isalpha() and not word.endswith("s"):
            plural = word + "s"
            if self.table(plural) == plural:
                return plural
        return None

    def _plurals(self, phrases: list[str]) -> list[str]:
        """Phrases plus the regular plural of their last word where the lemma table does not know it."""
        out = list(phrases)
        for p in phrases:
            words = p.split()
            plural = self._unknown_plural(words[-1].lower()) if words else None
            if plural:
                out.append(" ".join(words[:-1] + [plural]))
        return out

    def normalise_pattern(self, pattern: list[dict]) -> list[dict]:
        """Pass LEMMA values through the same lemma function as the text."""
        out = []
        for spec in pattern:
            spec = dict(spec)
            lemma = spec.get("LEMMA")
            if isinstance(lemma, str):
                spec["LEMMA"] = self.table(lemma)
            elif isinstance(lemma, dict):
                lemma = dict(lemma)
                for op in ("IN", "NOT_IN"):
                    if op in lemma:
                        vals = {self.table(str(v)) for v in lemma[op]} | {str(v).lower() for v in lemma[op]}
                        if op == "IN":
                            vals |= {pl for v in vals if (pl := self._unknown_plural(v))}
                        lemma[op] = sorted(vals)
                spec["LEMMA"] = lemma
            out.append(spec)
        return out

    def __call__(self, doc: Doc) -> Doc:
        return self._process([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            yield from self._process(batch)

    def _process(self, docs: list[Doc]) -> list[Doc]:
        """Themes of each doc: the patterns doc by doc, then the classifier over all their sentences at once."""
        found = [self._pattern_hits(doc) for doc in docs]
        if self.model_themes:
            self._apply_model(docs, found)
        for doc, hits in zip(docs, found):
            doc._.synthesis_themes = sorted(hits.values(), key=lambda h: (h["start"], h["label"]))
            for key in ("synthesis_arrays", "synthesis_sent_bounds", "synthesis_sent_starts",
                        "synthesis_sent_spans"):  # keep docs picklable
                doc.user_data.pop(key, None)
        return docs

    def _pattern_hits(self, doc: Doc) -> dict[tuple[int, str], dict]:
        """What the codebook's phrases and patterns find, one hit per (sentence start, theme)."""
        hits: dict[tuple[int, str], dict] = {}
        # (label, start, end, theme, weak match?)
        labels, phrase_labels = self._labels, self._phrase_labels
        matches = [(label, s, e, *labels[label]) for label, s, e in self.matcher(doc)]
        phrase_hits = [(label, s, e, theme, weak) for m, s, e in self.phrases(doc)
                       for label, theme, weak in (phrase_labels[m],)]
        matches += phrase_hits
        matches.sort(key=lambda x: (x[1], -(x[2] - x[1]), x[0]))
        # words inside a longer fixed phrase of another theme are that phrase's ("data protection" in
        # "data protection impact assessment", "governance" in "information governance team")
        containers = [(t, s, e) for _, s, e, t, _ in phrase_hits if e - s > 1]
        # words inside a tool's name are not evidence ("Co-Pilot" is no pilot, "Front Door Insight")
        tool_chars = [(t["start"], t["end"]) for t in (doc._.synthesis_tools or [])]
        starts, ends = char_offsets(doc)
        bounds = sentence_bounds(doc)
        sent_starts = [a for a, _ in bounds]
        excluded = None  # other senses of the matched themes' words, found on first need
        for _, s, e, theme, weak in matches:
            first, last = bounds[bisect_right(sent_starts, s) - 1]
            old = hits.get((first, theme))
            if old is not None and not old["negated"]:
                continue  # the theme is already affirmed in this sentence
            if tool_chars:
                a, b = starts[s], ends[e - 1]
                if any(ts <= a and b <= te for ts, te in tool_chars):
                    continue
            if containers and any(t != theme and cs <= s and e <= ce and ce - cs > e - s for t, cs, ce in containers):
                continue
            if theme in self.has_exclusions:
                if excluded is None:
                    excluded = self.excluder(doc)
                if any(t == theme and xs <= s and e <= xe for t, xs, xe in excluded):
                    continue
            e = min(e, last)
            words = sentence_words(doc, first, last)
            if _names_a_unit(words, e - first):
                continue
            if weak and not _contains_any(words.lem, self.requires[theme], s - first, e - first):
                continue
            segs = segments(words)
            negated = self.negatable[theme] and self._negated(words, segs, s - first, e - first, self.family[theme])
            if not negated and self.negatable[theme] and self.family[theme] == "use":
                # "we stopped using the predictive model", "looked at risk scoring and decided not to proceed"
                negated = any(self._denies_purpose(words, segs, a, b, k, s - first)
                              for a, b, k in self.cues.find(words))
            if old is None or not negated:
                a, b = starts[s], ends[e - 1]
                hits[(first, theme)] = {"label": theme, "text": span_text(doc, s, e), "start": a, "end": b,
                                        "sent_start": starts[first], "negated": negated}
        return hits

    def _apply_model(self, docs: list[Doc], found: list[dict]) -> None:
        """The learnt model over every sentence of the batch at once: pattern matches it does not believe are
        dropped (below ``keep_threshold``), and themes it is confident of are added where the patterns missed them."""
        model = self.model
        sentences = []  # (doc index, start, end, word feature rows, all feature rows)
        for d, doc in enumerate(docs):
            lemma_ids = doc_arrays(doc)[:, A_LEMMA].tolist()
            doc_rows = model.rows_of_ids(lemma_ids, self.strings)
            fired: dict[int, list[int]] = {}
            starts, ends = char_offsets(doc) if model.window else ((), ())
            bounds = sentence_bounds(doc)
            sent_starts = [a for a, _ in bounds]
            for (start, theme), hit in found[d].items():
                if not hit["negated"] and theme in model.hit_rows:
                    rows = fired.setdefault(start, [])
                    rows.append(model.hit_rows[theme])
                    if model.window:
                        first, last = bisect_left(starts, hit["start"]), bisect_left(ends, hit["end"]) + 1
                        a, b = bounds[bisect_right(sent_starts, first) - 1]
                        window = lemma_ids[max(a, first - model.window):min(b, last + model.window)]
                        rows += model.window_rows_of_ids(theme.split(".", 1)[0], window, self.strings)
            for a, b in bounds:
                words = doc_rows[a:b]
                sentences.append((d, a, b, words, words + fired.get(a, [])))
        if not sentences:
            return
        z = model.logit_matrix([rows for *_, rows in sentences])
        keep = numpy.full(len(sentences), -numpy.inf if model.keep_logit is None else model.keep_logit)
        add = numpy.full(len(sentences), model.min_logit)
        if self.embedder is not None:
            z, keep, add = self._with_embedding(docs, found, sentences, z)
        gated = model.gated if self.embedder is None else model.embedding_gated
        index = {(d, a): k for k, (d, a, *_rest) in enumerate(sentences)}
        for d, hits in enumerate(found):
            for key in [key for key, hit in hits.items() if not hit["negated"]]:
                j = self.model_index.get(key[1]) if key[1] in gated else None
                k = index.get((d, key[0]))
                if j is not None and k is not None and z.item(k, j) < keep.item(k):
                    del hits[key]
        rows, columns = numpy.nonzero(~(z < add[:, None]))
        for k, j in zip(rows.tolist(), columns.tolist()):
            theme = self.model_column.get(j)
            d, start, _end, words, _rows = sentences[k]
            hits = found[d]
            if theme is None or (start, theme) in hits:
                continue
            i = model.evidence_of_rows(words, j)
            if i is None:
                continue
            tok = docs[d][start + i]
            hits[(start, theme)] = {"label": theme, "text": tok.text, "start": tok.idx,
                                    "end": tok.idx + len(tok.text), "sent_start": docs[d][start].idx,
                                    "negated": False}

    def _with_embedding(self, docs: list[Doc], found: list[dict], sentences: list[tuple],
                        z: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        """Log-odds of the mean of the lemma model's and the sentence-vector model's probabilities, with the
        embedding part's keep and add thresholds (as log-odds), for the sentences of the batch."""
        model = self.model
        hits = numpy.zeros((len(sentences), len(model.themes)))
        for k, (d, a, *_rest) in enumerate(sentences):
            for (start, theme), hit in found[d].items():
                if start == a and not hit["negated"] and theme in self.model_index:
                    hits[k, self.model_index[theme]] = 1.0
        vectors = self.embedder.embed([docs[d][a:b].text for d, a, b, *_rest in sentences])
        p = 0.5 * (1.0 / (1.0 + numpy.exp(-z)) + model.embedding_probabilities(vectors, hits))
        p = numpy.clip(p, 1e-12, 1 - 1e-12)
        _, _, add, keep = model.embedding
        n = len(sentences)
        return numpy.log(p / (1 - p)), numpy.full(n, numpy.log(keep / (1 - keep)) if keep > 0 else -numpy.inf), \
            numpy.full(n, numpy.log(add / (1 - add)) if add < 1 else numpy.inf)

    def _denies_purpose(self, words: Words, segs: list[tuple[int, int, str]], a: int, b: int, kind: str,
                        rs: int) -> bool:
        """Whether the status cue at words[a:b] denies a purpose matched at words[rs]: a "not used" cue or a
        stop cue, in the match's clause or in a later clause that has no subject of its own ("we looked
        at risk scoring and decided not to proceed"; not "..., and we don't use it where ...")."""
        if kind == "stopped":
            if tuple(words.lem[a:b]) not in self.purpose_stops:
                return False
        elif kind != "not_used":
            return False

        def seg_index(i: int) -> int:
            for k, (x, y, _) in enumerate(segs):
                if x <= i < y:
                    return k
            return len(segs) - 1

        if a > rs and any(w in _CONDITIONS for w in words.low[rs:a]):
            return False
        m, c = seg_index(rs), seg_index(a)
        if m == c:
            return True
        start = segs[max(m, c)][0]  # the later clause must not bring its own subject
        nxt = words.low[start + 1] if start + 1 < len(words) else ""
        return nxt not in SUBJECTS

    @staticmethod
    def _negated(words: Words, segs: list[tuple[int, int, str]], rs: int, re_: int, family: str) -> bool:
        """Whether the match at words[rs:re_] is denied by its clause."""
        seg_start, seg_end = 0, len(words)
        for k, (a, b, _) in enumerate(segs):
            if a <= rs < b:
                seg_start, seg_end = a, b
                if k and words.low[a] == "yet" and words.low[a - 1] in {"not", "n't", "never", "nothing", "no"}:
                    seg_start = segs[k - 1][0]  # "we have not yet seen any savings" is one clause
                break
        lo, hi = max(seg_start, rs - 8), min(seg_end, re_ + 7)
        if family != "risk" and _ANY_NEGATOR.isdisjoint(words.low[lo:hi]) and (
                family != "impact" or "no" not in words.low[seg_start:rs]):
            return False  # every denial below needs a negator near the match (most matches have none)
        lows = words.low[lo:rs]
        before_lemmas = words.lem[lo:rs]
        after_lows = words.low[re_:hi]
        after_lemmas = words.lem[re_:hi]
        # "X has not been an issue", "consent is not sought" (an auxiliary right after the match)
        if after_lows[:1] and after_lows[0] in _AUX_VERBS:
            for k, w in enumerate(after_lows[1:4], start=1):
                if w in {"not", "n't", "never"}:
                    rest = after_lows[k + 1:k + 4]
                    if any(x in _ISSUE_WORDS for x in after_lemmas) or any(
                            x.endswith(("ed", "ght", "en")) and x not in {"been", "seen", "often"} for x in rest):
                        return True
                    break
        if ("not" in after_lows[:3] or "n't" in after_lows[:3]) and not _ISSUE_WORDS.isdisjoint(after_lemmas[:6]):
            return True
        if family == "risk" and not any(w in _NEG_IMPACT for w in words.low[lo:hi]):
            # a risk judged favourably: "accuracy has been good overall", "the notes are very reliable",
            # "the accuracy of the transcripts has been very good"
            pred = after_lows
            if pred[:1] == ["of"] or words.low[re_ - 1] == "of":
                pred = next((pred[k:] for k in range(1, min(len(pred), 6)) if pred[k] in _AUX_VERBS), pred)
            if pred[:1] and pred[0] in _AUX_VERBS and any(w in _FAVOURABLE for w in pred[1:4]):
                return True
            if re_ - rs == 1 and words.low[rs] in _FAVOURABLE and lows[-1:] and lows[-1] in _INTENSIFIERS:
                return True
        if family == "impact" and any(w == "no" and any(x in _NO_CHANGE for x in words.low[i + 1:min(i + 4, rs)])
                                      for i, w in enumerate(words.low[seg_start:rs], start=seg_start)):
            return True  # "made no difference to turnover", "no noticeable effect on morale"
        negators = _NEGATORS_OF.get(family, _NEGATORS)
        # "no" / "without" deny the words right after them ("no DPIA for the pilot" denies the DPIA only)
        n = len(lows)
        if negators.isdisjoint(lows) or not any(
                w in negators and (w not in _DET_NEGATORS or n - i <= 3) for i, w in enumerate(lows)):
            return False
        if "longer" in lows or "only" in lows:  # "no longer have to", "not only"
            return False
        if family == "use" and any(w in {"unless", "except"} for w in words.low[re_:seg_end]):
            return False
        if family == "use":
            # the negator belongs to another predicate when a word and then a verb follow it before the
            # match ("families whose first language is not English are translated to")
            k = max(i for i, w in enumerate(lows) if w in negators)
            rest = lows[k + 1:]
            if any(w in _AUX_VERBS for w in rest[1:]) and rest[:1] and rest[0] not in _AUX_VERBS:
                return False
            if any(w in _CONDITIONS for w in rest):  # "have not agreed whether AI notes can be used"
                return False
        if family in ("risk", "barrier"):
            # "no issues with bias", "we have not seen any bias"; but "no funding" *is* the barrier
            k = max(i for i, w in enumerate(lows) if w in negators)
            if lows[k] == "opposite":
                return True
            between = before_lemmas[k + 1:]
            # "we do not have the digital teams", "can't find the investment": the lack is the barrier
            experiential = _EXPERIENTIAL - {"have", "find", "get", "receive"} if family == "barrier" else _EXPERIENTIAL
            if any(x in _ISSUE_WORDS or x in experiential for x in between):
                return True
            if family == "risk" and lows[k] == "no" and not between and any(w in _HANDLED for w in after_lows[:4]):
                return False  # "no personal data is retained": the safeguard, not a denial
            return family == "risk" and lows[k] in {"no", "never"} and not between
        if family == "impact" and "without" in lows and not any(w in _NEG_IMPACT for w in lows):
            return False
        return True


@Language.factory("synthesis_themes", default_config={"codebook": "", "model": "", "embedder": False})
def make_theme_finder(nlp: Language, name: str, codebook: str, model: str, embedder: bool) -> ThemeFinder:
    """``model``: path of a theme classifier, ``""`` for the shipped one, ``"none"`` for patterns only;
    ``embedder``: also use the model's sentence-vector part (all-MiniLM-L6-v2; slower, see the module); a
    codebook with ``sentence_embeddings: true`` asks for it too."""
    return ThemeFinder(nlp, codebook, model, embedder)
