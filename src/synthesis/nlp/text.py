"""The shared text views: sentences, lemmas and the per-doc word arrays every component reads.

``synthesis_sentences`` sets sentence starts from punctuation and line breaks, and
``synthesis_lemmas`` sets lemmas from the English model's own rule tables without a tagger
(:class:`LemmaTable`). Both work on spaCy's token attribute arrays, never on Token objects, as they
run over every answer. The lemma table is kept instead of spaCy's tagger and rule lemmatizer
because it needs no tagger: on the 841 distinct sample answers it took 0.008 s against 3.3 s for
``tok2vec + tagger + attribute_ruler + lemmatizer`` (about 400x), and gave the same lemma for 95.4%
of the 28,822 tokens (``python benchmarks/matchers.py``).

:func:`doc_arrays`, :func:`char_offsets`, :func:`sentence_bounds` and :func:`sentence_words` read
a doc once and keep what they read in ``doc.user_data`` for the next component.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import numpy
from spacy.attrs import IDX, IS_LOWER, LEMMA, LENGTH, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------

_TERMINAL = {".", "!", "?", "...", "…", "!!", "?!", "!?"}
_CLOSERS = {'"', "'", ")", "]", "”", "’", "»"}
BULLETS = {"-", "*", "•", "–", "—", "·", "▪", "o"}


class SentenceSplitter:
    """Sentence starts after terminal punctuation and at line breaks; long runs are cut.

    Works on the token attribute arrays (no Token objects), as it runs over every answer.
    """

    def __init__(self, vocab, max_tokens: int):
        self.strings = vocab.strings
        self.max_tokens = max_tokens
        self._kind: dict[int, int] = {}  # orth hash -> 1 terminal, 2 closer, 3 newline space, 4 ";", 0 other

    def _kind_of(self, orth: int) -> int:
        kind = self._kind.get(orth)
        if kind is None:
            text = self.strings[orth]
            if text in _TERMINAL:
                kind = 1
            elif text in _CLOSERS:
                kind = 2
            elif not text.strip() and "\n" in text:
                kind = 3
            elif text == ";":
                kind = 4
            else:
                kind = 0
            self._kind[orth] = kind
        return kind

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        arr = doc.to_array([ORTH, IS_LOWER])
        orth = arr[:, 0].tolist()
        is_lower = arr[:, 1].tolist()
        kinds = list(map(self._kind.get, orth))
        if None in kinds:
            kinds = [self._kind_of(o) for o in orth]
        if n <= self.max_tokens + 1 and 4 not in kinds:
            # no ";" and too short for a forced cut: the starts depend on the neighbours only
            starts = [1] + [
                1 if p == 3 or ((p == 1 or (p == 2 and i >= 2 and kinds[i - 2] == 1)) and not is_lower[i]) else -1
                for i, p in zip(range(1, n), kinds)]
            doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))
            return doc
        starts = [-1] * n
        starts[0] = 1
        since = 0
        for i in range(1, n):
            prev = kinds[i - 1]
            if prev == 3:
                start = True
            elif prev == 1:
                start = not is_lower[i]
            elif prev == 2:
                start = i >= 2 and kinds[i - 2] == 1 and not is_lower[i]
            elif prev == 4:
                start = since > 60
            else:
                start = False
            if not start and since >= self.max_tokens:
                start = True
            if start:
                starts[i] = 1
                since = 0
            else:
                since += 1
        doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))
        return doc


@Language.factory("synthesis_sentences", default_config={"max_tokens": 150})
def make_sentence_splitter(nlp: Language, name: str, max_tokens: int) -> SentenceSplitter:
    return SentenceSplitter(nlp.vocab, max_tokens)


# ---------------------------------------------------------------------------------------------
# Lemmas without a tagger
# ---------------------------------------------------------------------------------------------

#: Spellings of "n't" as the tokenizer leaves them ("don’t", "dont" -> "do" + "n’t" / "nt"): read as "n't".
NOT_SPELLINGS = frozenset({"n’t", "nt"})


class LemmaTable:
    """Part-of-speech-free lemmas from the English model's rule lemmatizer tables.

    Tries verb, noun and adjective readings (exceptions first, then suffix rules checked against
    the word index), applied twice so that "savings" -> "saving" -> "save". Cheap and cached; the
    codebook's LEMMA patterns go through the same function, so both sides always agree.
    """

    ORDER = ("verb", "noun", "adj", "adv")
    KEEP = {"data", "media", "criteria", "ai", "its", "us", "was", "is", "has", "as", "this", "less", "news"}

    def __init__(self, lookups: object | None):
        tables = {}
        for name in ("lemma_rules", "lemma_exc", "lemma_index"):
            try:
                tables[name] = lookups.get_table(name) if lookups is not None else {}
            except Exception:  # noqa: BLE001 - a model without rule tables: identity lemmas
                tables[name] = {}
        self.rules = {pos: tables["lemma_rules"].get(pos, []) for pos in self.ORDER}
        self.exc = {pos: tables["lemma_exc"].get(pos, {}) for pos in self.ORDER}
        self.index = {pos: set(tables["lemma_index"].get(pos, [])) for pos in self.ORDER}
        self.cache: dict[str, str] = {}

    def _once(self, word: str) -> str:
        if word in NOT_SPELLINGS:
            return "n't"
        if word in self.KEEP or not word.isalpha():
            return {"was": "be", "is": "be", "has": "have"}.get(word, word)
        for pos in self.ORDER:
            forms = self.exc[pos].get(word)
            if forms:
                return forms[0]
        for suffix in ("lled", "lling", "lls"):  # British doubling: trialled, labelling, signalls
            if word.endswith(suffix):
                stem = word[: -len(suffix) + 1]
                if any(stem in self.index[pos] for pos in ("verb", "noun")):
                    return stem
        for pos in self.ORDER:
            if word in self.index[pos]:
                if pos == "verb" or not any(word.endswith(old) and old for old, _ in self.rules["verb"]):
                    return word
            for old, new in self.rules[pos]:
                if old and word.endswith(old):
                    cand = word[: len(word) - len(old)] + new
                    if cand in self.index[pos]:
                        return cand
        return word

    def __call__(self, word: str) -> str:
        word = word.lower()
        lemma = self.cache.get(word)
        if lemma is None:
            first = self._once(word)
            lemma = self._once(first) if first != word else first
            self.cache[word] = lemma
        return lemma


class Lemmatizer:
    """Sets ``token.lemma_`` from a :class:`LemmaTable` (lower-cased)."""

    def __init__(self, table: LemmaTable, strings):
        self.table = table
        self.strings = strings
        self._by_hash: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        by_hash = self._by_hash
        lowers = doc.to_array([LOWER]).reshape(-1).tolist()
        lemmas = list(map(by_hash.get, lowers))
        if None in lemmas:  # words not seen before
            for i, lower in enumerate(lowers):
                if lemmas[i] is None:
                    lemma = by_hash.get(lower)
                    if lemma is None:
                        lemma = by_hash[lower] = self.strings.add(self.table(self.strings[lower]))
                    lemmas[i] = lemma
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory("synthesis_lemmas", default_config={})
def make_lemmatizer(nlp: Language, name: str) -> Lemmatizer:
    return Lemmatizer(lemma_table(nlp), nlp.vocab.strings)


def lemma_table(nlp: Language) -> LemmaTable:
    """The lemma table of ``nlp``'s :class:`Lemmatizer`, else one built from its lemmatizer's tables."""
    for name in nlp.component_names:
        proc = nlp.get_pipe(name)
        if isinstance(proc, Lemmatizer):
            return proc.table
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None) if "lemmatizer" in nlp.component_names else None
    return LemmaTable(lookups)


#: Columns of :func:`doc_arrays`.
A_LEMMA, A_LOWER, A_ORTH, A_SENT, A_IDX, A_LENGTH = 0, 1, 2, 3, 4, 5


def doc_arrays(doc: Doc):
    """LEMMA, LOWER, ORTH, SENT_START, IDX, LENGTH of every token, read once per doc after the lemmas are set."""
    cache = doc.user_data.setdefault("synthesis_arrays", {})
    arr = cache.get("full")
    if arr is None:
        arr = cache["full"] = doc.to_array([LEMMA, LOWER, ORTH, SENT_START, IDX, LENGTH])
    return arr


def char_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offset of every token (no trailing space), read once per doc."""
    cache = doc.user_data.setdefault("synthesis_arrays", {})
    offsets = cache.get("chars")
    if offsets is None:
        arr = doc_arrays(doc)
        offsets = cache["chars"] = (arr[:, A_IDX].tolist(), (arr[:, A_IDX] + arr[:, A_LENGTH]).tolist())
    return offsets


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` from the word arrays: a token is followed by one space or none, so its
    text is the words joined by the gaps between their offsets. No Span or Token objects: 0.65-1.6 us
    against 1.3-1.9 us for spans of 1-4 words (2026-12-02)."""
    words = texts_of(doc.vocab.strings, doc_arrays(doc)[start:end, A_ORTH].tolist())
    if len(words) == 1:
        return words[0]
    starts, ends = char_offsets(doc)
    return "".join([w + " " * (starts[i + 1] - ends[i]) for i, w in enumerate(words[:-1], start)]) + words[-1]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token offsets of the sentences of ``doc``, cached on the doc."""
    bounds = doc.user_data.get("synthesis_sent_bounds")
    if bounds is None:
        n = len(doc)
        if n:
            cache = doc.user_data.get("synthesis_arrays")
            column = cache["full"][:, A_SENT] if cache and "full" in cache else doc.to_array([SENT_START]).reshape(-1)
            starts = (column.astype("int64") == 1).nonzero()[0].tolist()
            if not starts or starts[0] != 0:
                starts.insert(0, 0)
            bounds = list(zip(starts, starts[1:] + [n]))
        else:
            bounds = []
        doc.user_data["synthesis_sent_bounds"] = bounds
        doc.user_data["synthesis_sent_starts"] = [a for a, _ in bounds]
    return bounds


def _sentence_index(doc: Doc, i: int) -> int:
    sentence_bounds(doc)  # fills the starts
    return bisect.bisect_right(doc.user_data["synthesis_sent_starts"], i) - 1


def sentence_range(doc: Doc, i: int) -> tuple[int, int]:
    """(start, end) token offsets of the sentence that holds token ``i``."""
    return sentence_bounds(doc)[_sentence_index(doc, i)]


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence that holds token ``i``."""
    k = _sentence_index(doc, i)
    cache = doc.user_data.setdefault("synthesis_sent_spans", {})
    span = cache.get(k)
    if span is None:
        a, b = sentence_bounds(doc)[k]
        span = cache[k] = doc[a:b]
    return span


class Words:
    """Lower-cased forms and lemmas of a run of tokens: what the clause rules read.

    Plain string lists are far cheaper than spaCy Token objects on the fast path.
    """

    __slots__ = ("low", "lem", "segs", "cues")

    def __init__(self, low: list[str], lem: list[str]):
        self.low = low
        self.lem = lem
        self.segs: list[tuple[int, int, str]] | None = None  # filled by segments()
        self.cues: tuple[object, list[tuple[int, int, str]]] | None = None  # filled by CueFinder.find

    def __len__(self) -> int:
        return len(self.low)


#: hash -> text of the strings read so far (a hash names the same text in every vocab)
_TEXTS: dict[int, str] = {}


def texts_of(strings, ids: list[int]) -> list[str]:
    """The texts of the string hashes ``ids`` (``strings``: a vocab's StringStore), remembered across docs.

    A StringStore lookup decodes a new ``str`` every time; the dict is 2.3x faster per word (1.2 against
    2.8 us for a sentence of 22 words, 2026-12-02), and the sentence views read every word of most sentences.
    """
    out = list(map(_TEXTS.get, ids))
    if None in out:
        if len(_TEXTS) > 500_000:
            _TEXTS.clear()
        for k, h in enumerate(ids):
            if out[k] is None:
                out[k] = _TEXTS[h] = strings[h]
    return out


def sentence_words(doc: Doc, start: int, end: int) -> Words:
    """Words of tokens [start, end) of ``doc``, kept on the doc for the next component that asks; sliced
    from the words of the whole doc, read from the arrays once (not once per sentence)."""
    cache = doc.user_data.setdefault("synthesis_arrays", {})
    words = cache.get((start, end))
    if words is None:
        whole = cache.get("words")
        if whole is None:
            strings = doc.vocab.strings
            arr = doc_arrays(doc)
            low = texts_of(strings, arr[:, A_LOWER].tolist())
            if not NOT_SPELLINGS.isdisjoint(low):
                low = ["n't" if w in NOT_SPELLINGS else w for w in low]
            whole = cache["words"] = (low, texts_of(strings, arr[:, A_LEMMA].tolist()))
        words = cache[(start, end)] = Words(whole[0][start:end], whole[1][start:end])
    return words


def words_of(tokens: Iterable) -> Words:
    """Words of spaCy tokens (tests and small inputs)."""
    tokens = list(tokens)
    return Words([t.lower_ for t in tokens], [t.lemma_ for t in tokens])

