"""Names of people: the rules over tokens, then spaCy's NER on what they leave unexplained;
the :class:`Redactor` that runs every finder."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from synthesis.redact.spans import ADDRESS, NAME, Span, apply_spans, span_coverage, is_covered, merge_spans
from synthesis.redact.structured import BUILDING_TYPES, STREET_TYPES, TEEN, UNIT, structured_spans
from synthesis.redact.tokens import (
    NER_CONTEXT, INITIAL_RE, INNER_CAPITAL_RE, MOJIBAKE_RE, MOJIBAKE_WORD_RE, NAME_PART_RE,
    PARTICLE_SURNAME_RE, TOKEN_RE, Tok, ranges_around, is_capitalised, sentence_ranges, tokenise, text_windows
)
from synthesis.redact.words import (
    AMBIGUOUS_FIRST_NAMES, COMMON_CAPITALISED, EAST_ASIAN_NAMES, HONORIFICS, NON_PERSON_WORDS, ORG_SUFFIX_WORDS, ORG_WORDS,
    PERSON_NOUNS, PLACE_WORDS, PRODUCT_WORDS, SURNAMES, TOOL_NOUNS, BUILTIN_PRODUCT_WORDS,
    HONORIFIC_PRODUCT_FOLLOWERS, HONORIFIC_SET, INITIAL_DOT_RE, LOWERCASE_AMBIGUOUS, NAME_PARTICLES,
    NOT_A_ROLE_HOLDER, NOT_SURNAME, POSSESSED_BY_PERSON, PRODUCT_AFTER_TITLE, PRODUCT_OR_PLACE,
    ROLE_CUES, SAFE_CAPITALISED, SPEECH_VERBS, WORD_FIRST_NAMES, WORD_HONORIFICS, word_set, first_names
)


def _english_words_from(nlp: Language | None) -> frozenset[str]:
    """Ordinary English words (the rule lemmatizer's word index), for telling names apart."""
    if nlp is None or "lemmatizer" not in nlp.component_names:
        return frozenset()
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except Exception:  # a lemmatizer without the index (lookup mode, other languages)
        return frozenset()
    words: set[str] = set()
    for values in table.values():
        words.update(v for v in values if "_" not in v)
    words.update(STOP_WORDS)
    return frozenset(words)


@lru_cache(maxsize=1)
def _default_nlp() -> Language:
    from synthesis.nlp import load_english
    # ner runs; the lemmatizer is loaded only for its word index and never runs.
    return load_english(exclude=("tok2vec", "tagger", "parser", "attribute_ruler", "senter"))


class Redactor:
    """Finds and replaces personal data. Build once, reuse: resources load on first use."""

    def __init__(self, nlp: Language | None = None, batch_size: int = 256):
        self._nlp = nlp
        self._loaded = False
        self.batch_size = batch_size
        self._english: frozenset[str] = frozenset()
        self._enabled: list[str] = []

    # -- public API -------------------------------------------------------------------

    def find(self, text: str) -> list[Span]:
        """``(start, end, placeholder)`` spans of personal data in ``text``, merged, in order."""
        return self.find_many([text])[0]

    def find_many(self, texts: Iterable[str]) -> list[list[Span]]:
        """``find`` for many texts; the statistical NER runs in batches over candidate sentences."""
        texts = [t if isinstance(t, str) else ("" if t is None else str(t)) for t in texts]
        self._load()
        spans: list[list[Span]] = []
        ner_jobs: list[tuple[int, int, str]] = []  # (text index, sentence offset, sentence)
        from_ner: set[int] = set()
        for i, text in enumerate(texts):
            found, candidates = self._rule_spans(text)
            spans.append(found)
            for start, end in candidates:
                ner_jobs.append((i, start, text[start:end]))
        if ner_jobs:
            for (i, offset, sentence), doc in zip(ner_jobs, self._pipe([s for _, _, s in ner_jobs])):
                text = texts[i]
                for ent in doc.ents:
                    if ent.label_ != "PERSON":
                        continue
                    span = self._accept_person(text, offset + ent.start_char, offset + ent.end_char)
                    if span is not None:
                        spans[i].append(span)
                        from_ner.add(i)
        for i in from_ner:  # "Dolores [Umbridge]": the other half of a name the NER found
            toks = tokenise(texts[i])
            spans[i].extend(self._half_names(toks, spans[i]))
            spans[i].extend(self._nicknames(toks, spans[i]))
        return [merge_spans(_propagate_names(text, s)) for text, s in zip(texts, spans)]

    def redact(self, text: str) -> str:
        return self.redact_many([text])[0]

    def redact_many(self, texts: Iterable[str]) -> list[str]:
        """Redact many texts; faster than calling ``redact`` one text at a time."""
        texts = [t if isinstance(t, str) else ("" if t is None else str(t)) for t in texts]
        return [apply_spans(t, s) for t, s in zip(texts, self.find_many(texts))]

    def personal_many(self, items: Iterable[tuple[str, int, int]]) -> list[bool]:
        """For each ``(text, start, end)``: True when ``text[start:end]`` (a candidate tool name) is
        or holds personal data, judged in its sentence ("a boy called Tyler", "the Jayden Smith
        app", "the Nguyen children"), or is made only of listed names."""
        items = list(items)
        bounds = [_sentence_around(text, s, e) for text, s, e in items]
        sentences = [text[a:b] for (text, _, _), (a, b) in zip(items, bounds)]
        unique = list(dict.fromkeys(sentences))
        spans_of = dict(zip(unique, self.find_many(unique)))
        out = []
        for (text, s, e), (a, _), sentence in zip(items, bounds, sentences):
            spans = spans_of[sentence]
            hit = any(ps < e - a and s - a < pe for ps, pe, _ in spans)
            # a word of a name redacted elsewhere in the sentence: "Thornbury-Smith Notes ..., built by
            # Margaret Thornbury" would give back the [NAME]
            named = {w.lower() for ps, pe, label in spans if label == NAME for w in _WORD_RE.findall(sentence[ps:pe])}
            hit = hit or not named.isdisjoint(w.lower() for w in _WORD_RE.findall(text[s:e]))
            out.append(hit or _all_name_words(text[s:e]))
        return out

    def redact_values(self, values: Iterable[object]) -> list[str]:
        """Redact short published strings (unknown category values, file names, parameter values):
        ``_``, ``+`` and ``.``/``-`` between letters count as spaces too, so
        "jane_smith_export.csv" becomes "[NAME]_export.csv"."""
        values = ["" if v is None else str(v) for v in values]
        found = self.find_many(values + [_spaced(v) for v in values])
        return [apply_spans(v, merge_spans(a + b)) for v, a, b in zip(values, found[:len(values)], found[len(values):])]

    # -- resources ----------------------------------------------------------------------

    def _load(self) -> None:
        if self._loaded:
            return
        if self._nlp is None:
            self._nlp = _default_nlp()
        nlp = self._nlp
        self._english = _english_words_from(nlp) - first_names() - SURNAMES
        if not self._english and "lemmatizer" not in nlp.component_names:
            try:
                self._english = _english_words_from(_default_nlp()) - first_names() - SURNAMES
            except Exception:
                self._english = frozenset()
        # Only ner runs, plus the shared embedding layer when ner listens to one; they run even when
        # disabled in ``nlp`` (the extraction pipeline keeps its statistical components disabled and
        # lends them here, so the model is loaded once).
        enabled = []
        if "ner" in nlp.component_names:
            enabled.append("ner")
            for name in ("tok2vec", "transformer"):
                if name in nlp.component_names:
                    listeners = getattr(nlp.get_pipe(name), "listening_components", [])
                    if "ner" in listeners:
                        enabled.insert(0, name)
        self._enabled = enabled
        self._loaded = True

    def _pipe(self, sentences: list[str]):
        nlp = self._nlp
        docs = (nlp.make_doc(s) for s in sentences)
        for name in self._enabled:
            docs = nlp.get_pipe(name).pipe(docs, batch_size=self.batch_size)
        return docs

    # -- word tests ---------------------------------------------------------------------

    def _is_english(self, low: str) -> bool:
        """An ordinary English word, also in a plural or -ing/-ed form; never a listed name."""
        e = self._english
        if low in e:
            return True
        if low in first_names() or low in SURNAMES or len(low) < 4:
            return False
        if low.endswith("s") and (low[:-1] in e or (low.endswith("es") and low[:-2] in e)
                                  or (low.endswith("ies") and low[:-3] + "y" in e)):
            return True
        if low.endswith("ing") and (low[:-3] in e or low[:-3] + "e" in e
                                    or (low[-4] == low[-5] and low[:-4] in e)):
            return True
        if low.endswith("ed") and (low[:-2] in e or low[:-1] in e
                                   or (low.endswith("ied") and low[:-3] + "y" in e)):
            return True
        return False

    def _name_word(self, t: Tok) -> bool:
        """A capitalised word that can be part of a name (surname position)."""
        # place words are allowed here: "Jo Sutton", "Amy Kent" (a place word is often a surname)
        return t.cap and t.low not in NOT_SURNAME

    def _name_like(self, t: Tok) -> bool:
        """A capitalised word that on its own looks like a name: a first name or an unusual word."""
        if not t.cap or t.low in NON_PERSON_WORDS:
            return False
        if t.low in first_names() or t.low in SURNAMES:
            return True
        return not self._is_english(t.low)

    # -- rules --------------------------------------------------------------------------

    def _rule_spans(self, text: str) -> tuple[list[Span], list[tuple[int, int]]]:
        spans: list[Span] = []
        if not text:
            return spans, []
        spans.extend(structured_spans(text, self._is_english))
        lowered = text.lower()
        if any(w in lowered for w in _MEETING_WORDS):
            spans.extend(self._meeting_spans(text))
        if self._no_name_possible(text):
            return spans, []
        toks = tokenise(text)
        names = self._name_rules(text, toks)
        names.extend(self._name_before_address(toks, {s for s, _, label in spans if label == ADDRESS}))
        spans.extend(names)
        # Words that may still be a name go to the statistical NER, with NER_CONTEXT words either side
        # (within their sentence: its features reach a few words).
        covered = span_coverage(spans)
        candidates = []
        for _, _, i, j in sentence_ranges(text, toks):
            unexplained = [
                k for k in range(i, j)
                if (t := toks[k]).cap and not is_covered(covered, t.start, t.end)
                and t.low not in NON_PERSON_WORDS and t.low not in ORG_SUFFIX_WORDS
                and t.low not in AMBIGUOUS_FIRST_NAMES and not self._is_english(t.low)]
            for a, b in ranges_around(unexplained, i, j, NER_CONTEXT):
                starts = [toks[k].start for k in unexplained if a <= k < b]
                # over-long pieces are cut; only those holding such a word go to the NER
                for x, y in text_windows(text, toks[a].start, toks[b - 1].end):
                    first = bisect.bisect_left(starts, x)
                    if first < len(starts) and starts[first] < y:
                        candidates.append((x, y))
        return spans, candidates

    def _no_name_possible(self, text: str) -> bool:
        """True when no name rule (and so no NER) can apply to ``text``: no listed first name,
        honorific, initial or name cue, and every capitalised word is in ``SAFE_CAPITALISED``
        (or is the first word and an ordinary English word). Cheap: no token objects."""
        if INITIAL_DOT_RE.search(text) or _LOWER_CUE_RE.search(text):
            return False
        words = TOKEN_RE.findall(text.replace("’", "'") if "’" in text else text)  # as Tok.low reads
        if not words:
            return True
        if not first_names().isdisjoint(map(str.lower, words)) or not HONORIFIC_SET.isdisjoint(words):
            return False
        first = words[0]
        if first[0].isupper() and first.lower() not in SAFE_CAPITALISED and is_capitalised(first) \
                and not self._is_english(first.lower()):
            return False
        if not all(w.lower() in SAFE_CAPITALISED or not is_capitalised(w) for w in words[1:] if w[0].isupper()):
            return False
        # rarer reasons, tested last
        if "-" in text and any("-" in w and w.partition("-")[0].lower() in first_names() for w in words):
            return False  # "ellie-may said"
        if MOJIBAKE_RE.search(text):
            return False  # "SiÃ¢n"
        if INNER_CAPITAL_RE.search(text) and any(self._run_together_name(w) or self._name_run_into_product(w)
                                                 for w in words if w[:1].isupper()):
            return False  # "visit_NguyenVanMinh.m4a", "MaryJonesGPT"
        if (not _KIN_NOUNS.isdisjoint(words) and _KIN_CUE_RE.search(text)) \
                or (not _LOWER_HONORIFICS.isdisjoint(words) and _LOWER_HONORIFIC_RE.search(text)) \
                or _INITIALS_CUE_RE.search(text) or ("," in text and _ROLE_APPOSITIVE_RE.search(text)):
            return False  # "her brother Lincoln", "TJ and his sister", "mrs khan", "Mack, our youth worker,"
        return _LOWER_FAMILY_RE.search(text) is None  # "the singh family"

    def _surname_run(self, toks: list[Tok], k: int, limit: int = 2) -> int:
        """Index after up to ``limit`` surname-like capitalised words starting at ``k``."""
        j = k
        n = len(toks)
        while j < n and j - k < limit:
            t = toks[j]
            if t.low in NAME_PARTICLES and j + 1 < n and toks[j + 1].start - t.end == 1 and (
                    (toks[j + 1].cap and j + 1 - k < limit + 1)
                    or (toks[j + 1].low in NAME_PARTICLES and j + 2 < n and toks[j + 2].cap)):
                j += 1
                continue
            if not self._name_word(t) or (j > k and t.start - toks[j - 1].end > 1):
                break
            # a capitalised word after a line break or a sentence end is not a surname
            if t.initial_of_sentence:
                break
            j += 1
        # do not take a surname that is really the start of an organisation ("Sarah Jenkins Council")
        if j > k and j < n and toks[j].low in ORG_SUFFIX_WORDS and toks[j].cap:
            return k
        return j

    def _name_rules(self, text: str, toks: list[Tok]) -> list[Span]:
        out: list[Span] = []
        n = len(toks)
        fn = first_names()
        # words the text itself shows to be products ("we use Zentrix", "the Zentrix app")
        tool_words = {m.group(1) or m.group(2) for m in _TOOL_WORD_RE.finditer(text)}

        def add(a: int, b: int) -> None:
            out.append((toks[a].start, toks[b - 1].end, NAME))

        def followed_by_org(b: int) -> bool:
            return b < n and toks[b].cap and toks[b].low in ORG_SUFFIX_WORDS

        def preceded_by_place_marker(a: int) -> bool:
            if a == 0:
                return False
            p = toks[a - 1]
            if p.text in ("St", "Saint", "Port", "Fort", "Upon", "upon", "Isle", "Mount", "Lake"):
                return True
            if p.text == "." and a >= 2 and toks[a - 2].text == "St":
                return True
            return p.low == "of" and a >= 2 and toks[a - 2].low in ORG_SUFFIX_WORDS | ORG_WORDS

        for k, t in enumerate(toks):
            # 1. Honorific + optional initials + capitalised word(s): "Mr Patel", "Dr. A. Khan".
            if t.text in HONORIFICS:
                j = k + 1
                if j < n and toks[j].text == "." and toks[j].start == t.end:
                    j += 1
                while j + 1 < n and INITIAL_RE.fullmatch(toks[j].text) and toks[j + 1].text == ".":
                    j += 2
                while j < n and INITIAL_RE.fullmatch(toks[j].text) and toks[j].text not in ("A", "I") \
                        and j + 1 < n and toks[j + 1].cap:
                    j += 1
                nxt = toks[j] if j < n else None
                if nxt is not None and nxt.cap and nxt.low not in HONORIFIC_PRODUCT_FOLLOWERS and (
                        nxt.low not in NOT_SURNAME if t.text not in WORD_HONORIFICS
                        else nxt.low in fn or nxt.low in SURNAMES or not self._is_english(nxt.low)):
                    end = j + 1
                    while end < n and end - j < 4:
                        x = toks[end]
                        if x.low in NAME_PARTICLES and end + 1 < n and toks[end + 1].cap:
                            end += 1  # "Mrs Van der Merwe", "Dr de Souza"
                            continue
                        if not x.cap or x.initial_of_sentence or x.low in ORG_SUFFIX_WORDS \
                                or x.low in NON_PERSON_WORDS:
                            break
                        end += 1
                    if not (end < n and toks[end].low in PRODUCT_AFTER_TITLE):
                        add(k, end)  # "Dr Foster data" is a product
                continue

            # 2. Initial(s) + surname: "A. Khan", "J. R. Smith" (a dot is required).
            if INITIAL_RE.fullmatch(t.text) and k + 2 < n and toks[k + 1].text == "." \
                    and (k == 0 or toks[k - 1].text not in HONORIFICS):
                j = k
                while j + 1 < n and INITIAL_RE.fullmatch(toks[j].text) and toks[j + 1].text == ".":
                    j += 2
                if j < n and self._name_like(toks[j]) and toks[j].low not in ORG_SUFFIX_WORDS \
                        and not (t.text in ("A", "I") and toks[j].initial_of_sentence and j == k + 2
                                 and self._is_english(toks[j].low)) \
                        and not followed_by_org(j + 1):
                    add(k, j + 1)
                continue

            if ((_after_tool_lead(toks, k) or k + 1 < n and toks[k + 1].text == "(")
                    and t.start in _tool_phrase_starts(text)
                    # "Ada, our virtual assistant,": an anchored test, cheaper than every phrase start
                    or k + 1 < n and toks[k + 1].text == "," and _TOOL_APPOSITIVE_RE.match(text, t.start)) \
                    and not self._person_context(toks, k) and not self._full_name_at(toks, k) \
                    and not (not t.cap and (self._run_together_name(t.text) or self._name_run_into_product(t.text))):
                continue  # "we use Millie", "tested Ask Jules"; not "the Siobhan O'Driscoll Assistant", "use JohnSmithAI"
            if k > 0 and toks[k - 1].text == "Ask" and t.cap and k + 1 < n and toks[k + 1].low in _VERBS_AFTER_SUBJECT \
                    and toks[k].start - toks[k - 1].end == 1:
                continue  # "Ask Jules gave the wrong answer": a product named as an instruction, as the subject
            if not t.cap:
                if t.text in _LOWER_HONORIFICS:
                    end = self._lower_honorific_name(toks, k)
                    if end:
                        add(k, end)  # "mrs khan said"
                        continue
                if len(t.text) in (2, 3) and t.text.isupper() and t.text.isalpha() and self._initials_as_name(toks, k):
                    out.extend((x.start, x.end, NAME) for x in toks if x.text == t.text)  # "TJ and his sister"
                    continue
                if t.text[:1].isupper() and self._run_together_name(t.text):
                    add(k, k + 1)  # "NguyenVanMinh", "JaneSmith" (file names, ids)
                    continue
                named = self._name_run_into_product(t.text)
                if named:
                    out.append((t.start, t.start + named, NAME))  # "MaryJonesGPT", "JohnSmithNotes"
                    continue
                if (t.low in fn and len(t.text) > 1) or ("-" in t.low and t.low.split("-")[0] in fn):
                    self._uncapitalised_name(text, toks, k, out)
                continue
            if preceded_by_place_marker(k):
                continue

            # 2b. A capitalised word right after a possessive and a family noun, even a place or a
            #     word: "her brother Lincoln", "the boy's mum Grace", "the child's name Florence".
            if not t.initial_of_sentence and (t.low not in _NOT_KIN_NAMED and (
                    self._kin_before(toks, k) or (k > 0 and toks[k - 1].low in _KIN_TITLES and toks[k - 1].cap
                                                  and t.start - toks[k - 1].end == 1))  # "Grandad Ted"
                    or (t.low not in _NOT_NAME_GIVEN and self._name_given_before(toks, k))):  # "her name is Alexa"
                end = max(self._surname_run(toks, k + 1), k + 1)
                if not followed_by_org(end) and not followed_by_org(k + 1):
                    add(k, end)
                    continue

            # 2c. A first name that is also a month or a place, right before a surname: "June Okafor",
            #     "Chelsea Walker-Brown" (not "in May Patel said", "5 June Smith", "Devon County").
            if t.low in WORD_FIRST_NAMES and self._surname_after_word_name(toks, k):
                add(k, k + 2)
                continue

            # 3. A first name from the list (+ surname): "Sarah Jenkins", "Priya".
            if (t.low in fn or self._hyphenated_first_name(t.low)) and t.low not in PRODUCT_OR_PLACE:
                end = self._surname_run(toks, k + 1)
                run = k + 1
                while run < n and run - k <= 3 and toks[run].cap and toks[run].low not in ORG_SUFFIX_WORDS:
                    run += 1
                # "Alan Turing Institute" is an organisation; "the Jayden Smith app" still names a person
                if run < n and toks[run].cap and toks[run].low in ORG_SUFFIX_WORDS:
                    if run > k + 1 and toks[run].low in _TOOL_SUFFIX_WORDS \
                            and (all(x.low in fn or x.low in SURNAMES for x in toks[k + 1:run])
                                 or self._full_name_words(toks[k:run])):  # "the Siobhan O'Driscoll Assistant"
                        add(k, run)
                    continue
                if end == k + 1 and self._listed_with_products(toks, k):
                    continue  # "Magic Notes, Beam, Millie and Mind Of My Own"
                if end > k + 1 and (t.low not in AMBIGUOUS_FIRST_NAMES
                                    or not _common_noun(toks[k + 1].low)):
                    # "Grace Okafor" and "Mark Ellison" yes, "Grace Period" and "Mark Scheme" no
                    add(k, end)
                    continue
                if t.low not in AMBIGUOUS_FIRST_NAMES:
                    add(k, k + 1)
                    continue
                # an ambiguous one ("Grace", "Will") needs a person cue
                if self._ambiguous_is_person(text, toks, k):
                    add(k, k + 1)
                continue

            # 4. Unlisted name followed by a speech verb or a bracketed job title: "Okoro said",
            #    "Olumide Adeyemi (Head of Service)".
            if self._name_like(t) and t.low not in ORG_SUFFIX_WORDS:
                end = self._surname_run(toks, k + 1)
                if followed_by_org(end):
                    continue
                nxt = toks[end] if end < n else None
                if nxt is not None and (nxt.low in SPEECH_VERBS or (
                        nxt.text in ("(", ",") and end + 1 < n and _job_title_at(toks, end + 1))
                        or _age_after(toks, end) or _person_possessive_after(toks, end)
                        or _described_as_person(text, toks[end - 1].end)
                        or _ROLE_APPOSITIVE_RE.match(text, toks[end - 1].end)
                        or _person_predicate_after(toks, end)):
                    add(k, end)
                    continue
                if end > k + 1 and (any(self._name_like(x) and not self._is_english(x.low)
                                        for x in toks[k:end])):
                    # two or more capitalised words, at least one unusual: a likely full name;
                    # keep it when a cue is near, otherwise leave it to the NER
                    if self._person_context(toks, k):
                        add(k, end)
                        continue
                if self._person_context(toks, k):
                    add(k, max(end, k + 1))
                    continue
                # 6. An unusual capitalised word inside a sentence, with nothing saying it is a
                #    product, place or organisation: "we met Okonkwo", "Ifeoma Chukwu led".
                # at the start of a sentence only with a second unusual word ("Ifeoma Chukwu led")
                if (not t.initial_of_sentence or any(not self._is_english(x.low) for x in toks[k + 1:end])) \
                        and self._unknown_word_is_name(text, toks, k, end, tool_words):
                    add(k, end)
                continue

            # 5. Any other capitalised word straight after a role ("my social worker Bright"),
            #    even when it is also an ordinary English word.
            if t.low not in NOT_A_ROLE_HOLDER and (
                    self._role_before(toks, k) or (k > 0 and toks[k - 1].low in ("dear", "thanks", "hi", "hello"))
                    or self._name_cue_before(toks, k)):
                end = max(self._surname_run(toks, k + 1), k + 1)
                if not followed_by_org(end) and not followed_by_org(k + 1):
                    add(k, end)
            # ... or right before one, between commas: "Mack, our youth worker, was off"
            elif t.low not in NOT_A_ROLE_HOLDER and t.low not in STOP_WORDS and _ROLE_APPOSITIVE_RE.match(text, t.end):
                add(k, k + 1)

        out.extend(self._cue_spans(text))
        if MOJIBAKE_RE.search(text):
            out.extend(self._mojibake_names(text))
        out.extend(self._family_and_east_asian_names(toks))
        if _KIN_PLURAL_RE.search(text):
            out.extend(self._listed_after_kin(toks))
        if "," in text and _CAPITALS_COMMA_RE.search(text):
            out.extend(self._surname_comma_first(toks))
        out.extend(self._coordinated(toks, out))
        out.extend(self._half_names(toks, out))
        if "(" in text:
            out.extend(self._named_in_brackets_after_kin(toks))
        if out and ("(" in text or "'" in text or '"' in text or "‘" in text or "“" in text):
            out.extend(self._nicknames(toks, out))
        return out

    def _named_in_brackets_after_kin(self, toks: list[Tok]) -> list[Span]:
        """A first name (or an unusual capitalised word) in brackets after a family noun: "mum (sue)
        rang", "her dad (Frank)"."""
        out: list[Span] = []
        for k in range(2, len(toks) - 1):
            t = toks[k]
            if toks[k - 1].text == "(" and toks[k + 1].text == ")" and toks[k - 2].low in _KIN_NOUNS \
                    and t.text.isalpha() and t.low not in NON_PERSON_WORDS and (
                        t.low in first_names() or t.low in AMBIGUOUS_FIRST_NAMES
                        or (t.cap and not self._is_english(t.low))):
                out.append((t.start, t.end, NAME))
        return out

    def _nicknames(self, toks: list[Tok], names: list[Span]) -> list[Span]:
        """A nickname given right after a name: "Olamide (Ola)", "Josephine ('Jojo' to us)",
        "Margaret "Peggy" Doyle". In quotes any word that is no product, place or body; in brackets
        alone, a capitalised first name or unusual word."""
        ends = {e for s, e, label in names if label == NAME}
        out: list[Span] = []
        n = len(toks)
        for k in range(1, n - 2):
            if toks[k - 1].end not in ends or toks[k].start - toks[k - 1].end > 1:
                continue
            m = k + 1 if toks[k].text == "(" else k
            if m + 2 < n and toks[m].text in _QUOTES and toks[m + 2].text == _QUOTES[toks[m].text] \
                    and toks[m].end == toks[m + 1].start and toks[m + 1].end == toks[m + 2].start:
                word = toks[m + 1]
                # bare quotes need more: a name-like word, a part of the name, or a surname after
                if word.text.isalpha() and len(word.text) > 1 and word.low not in STOP_WORDS \
                        and word.low not in NON_PERSON_WORDS and word.low not in ORG_SUFFIX_WORDS and (
                            m > k or word.low in toks[k - 1].low or word.low in first_names()
                            or not self._is_english(word.low)
                            or (m + 3 < n and toks[m + 3].cap and toks[m + 3].start - toks[m + 2].end == 1)):
                    out.append((word.start, word.end, NAME))
            elif m == k + 1 and m + 1 < n and toks[m + 1].text == ")":
                word = toks[m]
                if word.cap and word.low not in NON_PERSON_WORDS and word.low not in ORG_SUFFIX_WORDS \
                        and (word.low in first_names() or not self._is_english(word.low)
                             or (len(word.low) > 2 and word.low in toks[k - 1].low)):  # "Temitope (Tope)"
                    out.append((word.start, word.end, NAME))
        return out

    def _surname_after_word_name(self, toks: list[Tok], k: int) -> bool:
        """True when ``toks[k]`` (a month or place that is also a first name) is followed by a surname:
        a listed surname or an unusual word (each part, when hyphenated), with no day or year beside
        it, no date word before it and no organisation or street word after it."""
        n = len(toks)
        if k + 1 >= n:
            return False
        s = toks[k + 1]
        if not s.cap or s.start - toks[k].end != 1 or s.low in NON_PERSON_WORDS or s.low in ORG_SUFFIX_WORDS:
            return False
        if not all(p in SURNAMES or (p not in NON_PERSON_WORDS and not self._is_english(p)) for p in s.low.split("-")):
            return False
        if k > 0 and (toks[k - 1].text.isdigit() or toks[k - 1].low in _DATE_WORDS_BEFORE):
            return False
        after = toks[k + 2] if k + 2 < n else None
        return after is None or not (after.text.isdigit() or (after.cap and (
            after.low in ORG_SUFFIX_WORDS or after.low in _PLACE_FOLLOWERS or after.low in NON_PERSON_WORDS)))

    def _lower_honorific_name(self, toks: list[Tok], k: int) -> int:
        """The index after "mrs khan", "dr. okafor" (an honorific in lower case, then a lower-case listed
        surname or unusual word), else 0; after "miss" only an unusual word ("miss out" stays)."""
        j = k + 1
        if j < len(toks) and toks[j].text == "." and toks[j].start == toks[k].end:
            j += 1
        while j + 1 < len(toks) and len(toks[j].text) == 1 and toks[j].text.islower() and toks[j + 1].text == "." \
                and toks[j].start - toks[j - 1].end == 1:
            j += 2  # "mrs d. patel"
        if j >= len(toks) or toks[j].start - toks[j - 1].end != 1:
            return 0
        w = toks[j]
        if not w.text.isalpha() or not w.text.islower() or len(w.text) < 2 or w.low in STOP_WORDS \
                or w.low in NON_PERSON_WORDS or w.low in ORG_SUFFIX_WORDS:
            return 0
        if self._is_english(w.low) and (toks[k].text == "miss" or w.low not in SURNAMES):
            return 0
        return j + 1

    def _initials_as_name(self, toks: list[Tok], k: int) -> bool:
        """Initials in capitals used as a name ("TJ and his sister", "KC's mum", "RJ (9)"): no acronym,
        product or word, and a family noun, a person's possessive or an age after them."""
        low = toks[k].low
        if low in NON_PERSON_WORDS or low in ORG_SUFFIX_WORDS or low in STOP_WORDS or low in self._english:
            return False
        after = [x.low for x in toks[k + 1:k + 4]]
        if after[:2] in (["and", "his"], ["and", "her"], ["with", "his"], ["with", "her"]) \
                and len(after) > 2 and after[2] in _KIN_NOUNS:
            return True
        return _person_possessive_after(toks, k + 1) or _age_after(toks, k + 1)

    def _listed_after_kin(self, toks: list[Tok]) -> list[Span]:
        """Capitalised words listed after a possessive (or "the") and a plural family noun, even words:
        "their children, Harper, Mason and Ivy", "the twins Bay and Storm"."""
        out: list[Span] = []
        n = len(toks)
        for k in range(1, n - 1):
            if toks[k].low not in _KIN_PLURALS or not toks[k].text.islower() or not (toks[k - 1].low in _POSSESSIVE_PRONOUNS or toks[k - 1].low == "the"
                                                       or (k >= 3 and toks[k - 1].low == "s" and toks[k - 2].text in ("'", "’"))):
                continue
            j = k + 2 if toks[k + 1].text == "," else k + 1
            members: list[Tok] = []
            closed = False
            while j < n and toks[j].cap and not toks[j].initial_of_sentence and toks[j].low not in _NOT_KIN_NAMED:
                members.append(toks[j])
                if j + 2 < n and toks[j + 1].low in (",", "and", "&"):
                    closed = closed or toks[j + 1].low != ","
                    j += 2
                    continue
                j += 1
                break
            if not members or (j < n and (toks[j].cap or toks[j].text.isdigit())) or (len(members) > 1 and not closed):
                continue  # "their children, Harper Collins ...", "the children Act 1989", or a list of words
            out.extend((m.start, m.end, NAME) for m in members)
        return out

    def _kin_before(self, toks: list[Tok], k: int) -> bool:
        """True when a possessive and a family noun (or "name") stand right before ``toks[k]``: "her
        sister X", "our son X", "the child's name X" (not "the app's name X")."""
        if k < 2 or toks[k - 1].low not in _KIN_NOUNS or toks[k].start - toks[k - 1].end != 1:
            return False
        return self._person_possessive_before(toks, k - 1)

    def _person_possessive_before(self, toks: list[Tok], k: int) -> bool:
        """A possessive pronoun, or "'s" after a word that is no tool, product or body, before ``toks[k]``."""
        if k >= 1 and toks[k - 1].low in _POSSESSIVE_PRONOUNS:
            return True
        if k >= 3 and toks[k - 1].low == "s" and toks[k - 2].text in ("'", "’"):
            owner = toks[k - 3].low
            return owner not in TOOL_NOUNS and owner not in BUILTIN_PRODUCT_WORDS and owner not in ORG_SUFFIX_WORDS
        return False

    def _name_given_before(self, toks: list[Tok], k: int) -> bool:
        """ "the child's name: X", "her name is X": a person's name given, so ``toks[k]`` is one even
        when it is also a product's name."""
        return k >= 3 and toks[k - 1].low in (":", "is", "was") and toks[k - 2].low in ("name", "nickname") \
            and self._person_possessive_before(toks, k - 2)

    def _surname_comma_first(self, toks: list[Tok]) -> list[Span]:
        """A surname in capitals, a comma, then the first name(s), as records list people ("OKAFOR,
        Grace", "DUBOIS, Marie Claire"): the surname must be listed or a word of two or more vowels
        that is no English word and no product, place or body (so not "ICT, Sarah"); the first name
        listed or unusual."""
        out: list[Span] = []
        n = len(toks)
        for k in range(n - 2):
            t, comma, first = toks[k], toks[k + 1], toks[k + 2]
            if comma.text != "," or comma.start != t.end or not first.cap or first.start - comma.end != 1 \
                    or len(t.text) < 2 or not t.text.isupper() or not t.text.replace("-", "").replace("'", "").isalpha():
                continue
            low = t.low
            if low in NON_PERSON_WORDS or low in ORG_SUFFIX_WORDS or low in STOP_WORDS:
                continue
            if low not in SURNAMES and (len(low) < 4 or sum(c in "aeiouy" for c in low) < 2 or self._is_english(low)):
                continue
            if first.low in NON_PERSON_WORDS or first.low in ORG_SUFFIX_WORDS or not (
                    first.low in first_names() or (first.low not in AMBIGUOUS_FIRST_NAMES
                                                   and not self._is_english(first.low))):
                continue
            end = k + 3
            while end < n and end - k < 5 and toks[end].cap and toks[end].start - toks[end - 1].end == 1 \
                    and toks[end].low not in NOT_SURNAME and (toks[end].low in first_names()
                                                              or not self._is_english(toks[end].low)):
                end += 1
            out.append((t.start, toks[end - 1].end, NAME))
        return out

    def _hyphenated_first_name(self, low: str) -> bool:
        """ "sophie-louise", "ellie-may": a listed first name, then only names or unusual words
        (not "grace-period")."""
        parts = low.split("-")
        return len(parts) > 1 and parts[0] in first_names() and all(
            p in first_names() or p in AMBIGUOUS_FIRST_NAMES or (len(p) > 2 and not self._is_english(p))
            for p in parts[1:])

    def _mojibake_names(self, text: str) -> list[Span]:
        """Names whose accented letters were mangled by a wrong decoding ("SiÃ¢n", "JosÃ©"): the word
        is decoded again and judged as a name would be (capitalised, not an English word)."""
        out: list[Span] = []
        for m in MOJIBAKE_WORD_RE.finditer(text):
            try:
                repaired = m.group().encode("cp1252").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            plain = unicodedata.normalize("NFKD", repaired).encode("ascii", "ignore").decode().lower()
            if is_capitalised(repaired) and plain not in NON_PERSON_WORDS and (
                    plain in first_names() or plain in SURNAMES or not self._is_english(plain)):
                out.append((m.start(), m.end(), NAME))
        return out

    def _full_name_at(self, toks: list[Tok], k: int) -> bool:
        """A listed first name and, right after it, a capitalised surname that is no ordinary word:
        a person's full name even inside a product's name ("the Kevin McAllister Bot")."""
        if k + 1 >= len(toks) or not (toks[k].low in first_names() or toks[k].low in EAST_ASIAN_NAMES) \
                or toks[k].low in AMBIGUOUS_FIRST_NAMES:
            return False
        after = toks[k + 1]
        return after.start - toks[k].end == 1 and after.text[:1].isupper() and after.low not in NON_PERSON_WORDS \
            and (after.low in SURNAMES or after.low in EAST_ASIAN_NAMES or not self._is_english(after.low))

    def _full_name_words(self, words: list[Tok]) -> bool:
        """Two or more capitalised words that read as a person's full name: a first word that is a
        listed or unusual first name, a last word that is a listed or unusual surname."""
        first, last = words[0], words[-1]
        if len(words) < 2 or not all(w.text[:1].isupper() for w in words):
            return False
        plain = (NON_PERSON_WORDS, PRODUCT_WORDS, ORG_WORDS, ORG_SUFFIX_WORDS, PLACE_WORDS)
        if any(w.low in group for w in (first, last) for group in plain) or first.low in AMBIGUOUS_FIRST_NAMES:
            return False
        return (first.low in first_names() or first.low in EAST_ASIAN_NAMES or not self._is_english(first.low)) \
            and (last.low in SURNAMES or last.low in EAST_ASIAN_NAMES or not self._is_english(last.low))

    def _name_run_into_product(self, word: str) -> int:
        """How many characters of a one-word product name are a person's full name run together
        ("MaryJonesGPT", "LiamOConnorAI", "JohnSmithNotes" give the name's length), else 0."""
        tail = _PRODUCT_SUFFIX_RE.search(word)
        if not tail or tail.start() < 4:
            return 0
        head = word[:tail.start()].rstrip("-_")  # "MariaGarcia-GPT", "MariaGarcia_Bot"
        if _INITIAL_SURNAME_RE.fullmatch(head) and head[1:].lower() in SURNAMES:
            return len(head)  # an initial run into a listed surname: "DWilliamsAI", "JSmithAssist"
        first = NAME_PART_RE.match(head)
        return len(head) if first and first.group().lower() in first_names() \
            and first.group().lower() not in AMBIGUOUS_FIRST_NAMES and self._run_together_name(head) else 0

    def _run_together_name(self, word: str) -> bool:
        """A full name written as one word ("NguyenVanMinh", "JaneSmith"): capitalised parts, one
        of them a listed name and none an ordinary English word unless listed too (so not
        "MagicNotes", "OneView", "TikTok")."""
        parts = [p.lower() for p in NAME_PART_RE.findall(word)]
        if len(parts) < 2 or sum(map(len, parts)) != len(word):
            return False
        listed = [p in first_names() or p in SURNAMES or p in EAST_ASIAN_NAMES for p in parts]
        return any(listed) and all(is_listed or not self._is_english(p) for p, is_listed in zip(parts, listed)) \
            and not any(p in BUILTIN_PRODUCT_WORDS or p in AMBIGUOUS_FIRST_NAMES for p in parts)

    def _name_before_address(self, toks: list[Tok], address_starts: set[int]) -> list[Span]:
        """Capitalised words right before an address: "Colette Ferreira, 3 Willow Court" (a name and
        an address given together), "The Maltings, 3 Station Road" (a house name, part of the address)."""
        out: list[Span] = []
        if not address_starts:
            return out
        for j, t in enumerate(toks):
            if t.start not in address_starts or j < 2 or toks[j - 1].text != ",":
                continue
            end = j - 1
            k = end
            while k > 0 and end - k < 3 and toks[k - 1].cap and (k == end or toks[k].start - toks[k - 1].end == 1) \
                    and toks[k - 1].low not in NON_PERSON_WORDS and toks[k - 1].low not in ORG_SUFFIX_WORDS \
                    and toks[k - 1].low not in _PLACE_FOLLOWERS and toks[k - 1].text not in HONORIFIC_SET:
                k -= 1
                if toks[k].initial_of_sentence:
                    break
            run = toks[k:end]
            if run and k > 0 and toks[k - 1].low == "the":  # "The Laurels, 4 Kiln Road": a house name
                out.append((toks[k - 1].start, t.start, ADDRESS))
            elif run and (len(run) >= 2 or self._name_like(run[0])) \
                    and any(x.low in first_names() or x.low in SURNAMES or not self._is_english(x.low) for x in run):
                out.append((run[0].start, run[-1].end, NAME))
        return out

    def _family_and_east_asian_names(self, toks: list[Tok]) -> list[Span]:
        """ "the Nguyen children", "the Chaudhary family"; "Le Van Thanh", "Li Na" (two or more
        Chinese, Vietnamese or Korean name words in a row, one of them not an English word)."""
        out: list[Span] = []
        n = len(toks)
        k = 0
        while k < n:
            t = toks[k]
            if not t.cap:
                if k > 0 and toks[k - 1].low == "the" and k + 1 < n and toks[k + 1].low in _FAMILY_NOUNS \
                        and t.text.isalpha() and t.low not in NON_PERSON_WORDS and t.low not in STOP_WORDS \
                        and t.low not in ORG_SUFFIX_WORDS and not self._is_english(t.low):
                    out.append((t.start, t.end, NAME))  # "the singh family"
                k += 1
                continue
            if k + 1 < n and toks[k + 1].low in _FAMILY_NOUNS and t.low not in NON_PERSON_WORDS \
                    and not (toks[k + 1].cap and k + 2 < n and toks[k + 2].cap) \
                    and t.low not in ORG_SUFFIX_WORDS and (
                        t.low in SURNAMES or not self._is_english(t.low)
                        # "the Young family": an English word written as a name, before a lower-case noun
                        or (k > 0 and toks[k - 1].low == "the" and toks[k + 1].text.islower()
                            and not t.low.endswith(("ed", "ing")) and t.low not in STOP_WORDS)):
                out.append((t.start, t.end, NAME))
            elif k > 0 and toks[k - 1].low == "the" and t.low.endswith("s") and len(t.low) > 4 and (
                    t.low[:-1] in SURNAMES or not (
                        self._is_english(t.low) or self._is_english(t.low[:-1]) or t.low[:-1] in NON_PERSON_WORDS
                        or t.low in NON_PERSON_WORDS or t.low[:-1] in ORG_SUFFIX_WORDS
                        or (k + 1 < n and toks[k + 1].cap))):
                out.append((t.start, t.end, NAME))  # "the Patels", "the Hendersons"
            j = k
            while j < n and toks[j].cap and (j == k or (toks[j].start - toks[j - 1].end == 1
                                                       and not toks[j].initial_of_sentence)) \
                    and toks[j].low not in NON_PERSON_WORDS \
                    and (toks[j].low in EAST_ASIAN_NAMES or not self._is_english(toks[j].low)):
                j += 1
            run = toks[k:j]
            if len(run) >= 2 and any(x.low in EAST_ASIAN_NAMES for x in run) \
                    and (any(not self._is_english(x.low) and x.low not in AMBIGUOUS_FIRST_NAMES for x in run)
                         or all(x.low in EAST_ASIAN_NAMES and x.low not in STOP_WORDS
                                and x.low not in AMBIGUOUS_FIRST_NAMES for x in run)) \
                    and not (j < n and toks[j].cap and toks[j].low in ORG_SUFFIX_WORDS
                             and toks[j].low not in _TOOL_SUFFIX_WORDS):  # "the Zhang Wei Assistant" names her
                out.append((run[0].start, run[-1].end, NAME))
            k = max(j, k + 1)
        return out

    def _half_names(self, toks: list[Tok], names: list[Span]) -> list[Span]:
        """The other half of a name already redacted: "DeShawn [NAME]", "[NAME] Okafor"."""
        starts = {s for s, _, _ in names} | {t.start for t in toks if t.text == NAME}
        ends = {e for _, e, _ in names} | {t.end for t in toks if t.text == NAME}
        out: list[Span] = []

        def other_half(t: Tok) -> bool:
            if PARTICLE_SURNAME_RE.fullmatch(t.text):
                return True  # "Yusuf al-Hashimi", "Dara bin-Salleh"
            return (t.cap or t.text[:1].isupper()) and t.text.isalpha() and t.low not in NON_PERSON_WORDS \
                and t.low not in ORG_SUFFIX_WORDS and t.text not in HONORIFIC_SET \
                and (t.low in first_names() or t.low in SURNAMES or not self._is_english(t.low))

        span_end = {s: e for s, e, _ in names}

        def person_follows(k: int) -> bool:
            """What follows the name starting at token ``k`` says it is a person ("[NAME], a member of",
            "[NAME] turned 18", "[NAME] told us")."""
            end = span_end.get(toks[k].start, toks[k].end)
            m = next((i for i in range(k, len(toks)) if toks[i].start >= end), len(toks))
            if m >= len(toks):
                return False
            if toks[m].text == "," and m + 1 < len(toks):
                return toks[m + 1].low in ("a", "an", "who", "aged", "our", "my", "his", "her") \
                    or toks[m + 1].text.isdigit()
            return toks[m].low in SPEECH_VERBS or toks[m].low in _PERSON_VERBS

        def first_name_that_is_a_word(t: Tok, k: int) -> bool:
            """ "Clive [NAME]", "but Justice [NAME]'s mother", "Rich [NAME], a team manager": a capitalised
            word before a surname that is no role, place, body or product; at a sentence's start only a
            first name that is a word, or when what follows shows a person ("Princess [NAME] turned 18";
            "Yesterday [NAME]" stays)."""
            return t.cap and t.text.isalpha() and t.text not in HONORIFIC_SET and t.low not in STOP_WORDS \
                and t.low not in _NOT_A_FIRST_NAME and not any(t.low in words for words in (
                    NON_PERSON_WORDS, ORG_SUFFIX_WORDS, ORG_WORDS, PLACE_WORDS, PRODUCT_WORDS)) \
                and (not t.initial_of_sentence or t.low in AMBIGUOUS_FIRST_NAMES or person_follows(k + 1))

        for k, t in enumerate(toks):
            if k + 1 < len(toks) and toks[k + 1].start in starts and toks[k + 1].start - t.end == 1 \
                    and t.end not in ends and (other_half(t) or first_name_that_is_a_word(t, k)):
                out.append((t.start, t.end, NAME))
            elif k > 0 and toks[k - 1].end in ends and t.start - toks[k - 1].end == 1 \
                    and t.start not in starts and other_half(t) and not t.initial_of_sentence:
                out.append((t.start, t.end, NAME))
            elif k > 0 and toks[k - 1].end in ends and t.start - toks[k - 1].end == 1 and INITIAL_RE.fullmatch(t.text) \
                    and t.text != "I" and k + 1 < len(toks) and toks[k + 1].text == "." \
                    and toks[k + 1].start == t.end and toks[k - 1].text != NAME:
                out.append((t.start, t.end, NAME))  # "Tom H.", "Tobi A."
        return out

    def _coordinated(self, toks: list[Tok], names: list[Span]) -> list[Span]:
        """Unusual capitalised words listed with a name: "Siobhan and [Aoife]", "[Jo], Ola and Bea"."""
        if not names:
            return []
        starts = {s for s, _, _ in names}
        ends = {e for _, e, _ in names}
        extra: list[Span] = []
        n = len(toks)

        def unusual(t: Tok) -> bool:
            return t.cap and t.low not in NOT_SURNAME and t.low not in PLACE_WORDS \
                and not self._is_english(t.low)

        def name_follows(k: int) -> bool:
            """A name starts at ``toks[k]`` or just after a family noun there ("and baby [Oscar]")."""
            return k < n and (toks[k].start in starts
                              or (toks[k].low in _KIN_NOUNS and k + 1 < n and toks[k + 1].start in starts))

        def between_names(k: int) -> bool:
            """``toks[k]`` is a capitalised word listed between two names ("[Kevin], Jenny and [Oscar]"),
            and so a name even when it is also a word."""
            t = toks[k]
            return t.cap and t.low not in NON_PERSON_WORDS and t.low not in ORG_SUFFIX_WORDS \
                and k + 2 < n and toks[k + 1].low in ("and", "&", "or", ",") and name_follows(k + 2)

        # two passes, so that a chain "A, B and [C]" is followed both ways
        for _ in range(2):
            for k in range(n - 2):
                a, link, b = toks[k], toks[k + 1], toks[k + 2]
                if link.low not in ("and", "&", "or", ","):
                    continue
                if a.end in ends and b.start not in starts and (unusual(b) or between_names(k + 2)):
                    extra.append((b.start, b.end, NAME))
                    starts.add(b.start)
                    ends.add(b.end)
                elif b.start in starts and a.end not in ends and unusual(a):
                    extra.append((a.start, a.end, NAME))
                    starts.add(a.start)
                    ends.add(a.end)
        return extra

    def _unknown_word_is_name(self, text: str, toks: list[Tok], k: int, end: int,
                              tool_words: set[str]) -> bool:
        t = toks[k]
        if self._is_english(t.low) or t.text in tool_words or t.low.endswith(_PRODUCT_SUFFIXES):
            return False
        if any(x.text in tool_words or self._is_english(x.low) and x.low not in SURNAMES
               for x in toks[k + 1:end]):
            return False
        if k > 0 and (toks[k - 1].low in _NOT_BEFORE_NAME or toks[k - 1].text in ("/", "#", "@", "&")):
            return False
        if end < len(toks) and toks[end].cap and toks[end].low in NOT_SURNAME:
            return False  # "Zentrix Copilot", "Ladder Insight"
        if _TOOL_VERB_BEFORE_RE.search(text, max(0, t.start - 40), t.start) \
                or _TOOL_NOUN_AFTER_RE.match(text, toks[end - 1].end):
            return False
        # in a list ("Harlow, Kettering and Scunthorpe", "Genie, Beam and Sembly"): the list
        # is judged by its head and by its other members
        j, mates = _list_mates(toks, k, end)
        if any(m.low in NON_PERSON_WORDS or m.low in ORG_SUFFIX_WORDS or m.text in tool_words
               for m in mates):
            return False
        if j != k:
            if toks[j - 1].low in _NOT_BEFORE_NAME \
                    or _TOOL_VERB_BEFORE_RE.search(text, max(0, toks[j].start - 40), toks[j].start):
                return False
        return True

    def _uncapitalised_name(self, text: str, toks: list[Tok], k: int, out: list[Span]) -> None:
        """A listed first name in lower case ("sarah said") or capitals ("SARAH JENKINS")."""
        t = toks[k]
        n = len(toks)
        nxt = toks[k + 1] if k + 1 < n and toks[k + 1].start - t.end == 1 else None
        if t.text.isupper():
            # all capitals: only with a surname in capitals after it ("JO SMITH")
            if t.low not in AMBIGUOUS_FIRST_NAMES and nxt is not None and nxt.text.isupper() \
                    and len(nxt.text) > 1 and nxt.text.replace("'", "").replace("’", "").replace("-", "").isalpha() \
                    and nxt.low not in NOT_SURNAME \
                    and nxt.low not in NON_PERSON_WORDS:
                out.append((t.start, nxt.end, NAME))
            return
        if t.text.islower() and t.low in LOWERCASE_AMBIGUOUS and t.low not in PRODUCT_OR_PLACE \
                and self._ambiguous_is_person(text, toks, k, lower=True):
            out.append((t.start, t.end, NAME))  # "grace from the fostering team said"
            return
        if not t.text.islower() or t.low in LOWERCASE_AMBIGUOUS or t.low in PRODUCT_OR_PLACE:
            return
        if "-" in t.low and not self._hyphenated_first_name(t.low):
            return  # "ellie-may" yes, "grace-period" no
        end = t.end
        if nxt is not None and nxt.text.islower() and nxt.text.isalpha() and len(nxt.text) > 2 \
                and not self._is_english(nxt.low) and nxt.low not in NON_PERSON_WORDS \
                and nxt.low not in ORG_SUFFIX_WORDS and nxt.low not in SPEECH_VERBS:
            end = nxt.end  # "sarah jenkins" (not "sarah told")
        out.append((t.start, end, NAME))

    def _ambiguous_is_person(self, text: str, toks: list[Tok], k: int, lower: bool = False) -> bool:
        """True when a first name that is also a word ("Grace", "Summer", "Bill") is used as a name:
        a cue before, an age or a possessive after ("Hunter, aged 4", "Rose's mum"), "X from the
        fostering team", "X was upset", a family title before ("Grandma Pearl"), or, in capitals
        inside a sentence, no determiner before and a word that follows people after ("with Rose about")."""
        n = len(toks)
        nxt = toks[k + 1] if k + 1 < n else None
        after = [x.low for x in toks[k + 1:k + 5]]
        prev = toks[k - 1] if k > 0 else None
        if (not lower and self._person_context(toks, k)) or (nxt is not None and nxt.low in SPEECH_VERBS) \
                or _age_after(toks, k + 1) or _person_possessive_after(toks, k + 1) \
                or _described_as_person(text, toks[k].end):
            return True
        if after[:1] == ["from"] and any(w in _FROM_WORDS for w in after[1:]):
            return True  # "Bill from IT", "grace from the fostering team"
        if after[:1] in (["was"], ["is"]):
            rest = [w for w in after[1:] if w not in _INTENSIFIERS]
            if rest and rest[0] in _PERSON_PREDICATES:
                return True  # "Frank was frank with us", "Summer was placed with her aunt"
        if nxt is not None and nxt.text in (",", "(") and len(after) > 2 and (
                (after[1] in ("a", "an") and after[2].isdigit()) or after[1] in _POSSESSIVE_PRONOUNS):
            return True  # "Sky, a 16 year old", "Florin (her partner)"
        if nxt is not None and nxt.text == "(" and (prev is None or prev.low not in _NOT_BEFORE_AMBIGUOUS) \
                and any((w in PERSON_NOUNS or w in _BRACKET_ROLES) and not w.endswith("s") and w not in _GROUP_NOUNS
                        for w in after[1:3]) and after[2:3] != ["'"]:
            return True  # "Brooke (care leaver, 19)", "Ivy (foster child)"; not "the Grace (people first) policy"
        if prev is not None and prev.low in _FAMILY_TITLES:
            return True
        if len(after) > 1 and after[0] in ("and", "with") and after[1] in _POSSESSIVE_PRONOUNS:
            return True  # "Summer and her brother"
        if len(after) > 2 and after[0] == "," and after[1] in ("the", "our", "my", "a", "an") \
                and (after[2] in PERSON_NOUNS or after[2] in _JOB_TITLE_WORDS or after[2] == "social"):
            return True  # "Grace, the social worker, agreed"
        if prev is not None and prev.text == "," and nxt is not None and nxt.text in (",", ")") \
                and self._role_before(toks, k):
            return True  # "the young person, jade, asked"
        if not lower and self._pair_of_names(toks, k):
            return True  # "Autumn and Storm are twins", "Sunny and Jack live with their aunt"
        if lower or toks[k].initial_of_sentence or toks[k].low == "may" or prev is None \
                or prev.low in _NOT_BEFORE_AMBIGUOUS:
            return False
        if toks[k].low in _FEELING_NAMES and after[:1] in (["was"], ["is"]) and after[1:2] \
                and after[1] in _SAID_OF_FEELINGS:
            return False  # "Joy was expressed by all", "Hope is needed"
        return nxt is None or nxt.text in _PUNCT_AFTER_NAME or nxt.low in _AFTER_PERSON

    def _listed_with_products(self, toks: list[Tok], k: int) -> bool:
        """A first name listed among products and no people ("Beam, Millie and Copilot")."""
        _, mates = _list_mates(toks, k, k + 1)
        return any(m.low in PRODUCT_WORDS for m in mates) and not any(
            m.low in first_names() or m.low in SURNAMES or m.low in PLACE_WORDS for m in mates)

    def _pair_of_names(self, toks: list[Tok], k: int) -> bool:
        """Two capitalised listed first names joined by "and", then what people do or are ("Rose and
        Lily were both there"); not two seasons ("Summer and Autumn are busy")."""
        n = len(toks)

        def listed(t: Tok) -> bool:
            return t.cap and (t.low in first_names() or t.low in AMBIGUOUS_FIRST_NAMES)

        if k + 3 < n and toks[k + 1].low == "and" and listed(toks[k + 2]):
            other, after = toks[k + 2], toks[k + 3]
        elif k >= 2 and k + 1 < n and toks[k - 1].low == "and" and listed(toks[k - 2]):
            other, after = toks[k - 2], toks[k + 1]
        else:
            return False
        if toks[k].low in _SEASONS and other.low in _SEASONS:
            return False
        return after.low in SPEECH_VERBS or after.low in _PAIR_PREDICATES

    def _person_context(self, toks: list[Tok], k: int) -> bool:
        """True when the words just before token ``k`` introduce a person."""
        a = max(0, k - 4)
        before = " ".join(x.low for x in toks[a:k])
        if _PERSON_CUE_BEFORE_RE.search(before):
            return not _TOOL_CALLED_BEFORE_RE.search(before)
        # "X said", "X told me"
        if k + 1 < len(toks) and toks[k + 1].low in SPEECH_VERBS:
            return True
        return False

    def _name_cue_before(self, toks: list[Tok], k: int) -> bool:
        """ "Ask for X", "my name is X", "a boy called X" (but not "a tool called X")."""
        before = " ".join(x.low for x in toks[max(0, k - 4):k])
        return _NAME_CUE_BEFORE_RE.search(before) is not None and not _TOOL_CALLED_BEFORE_RE.search(before)

    def _role_before(self, toks: list[Tok], k: int) -> bool:
        """True when a role word ("social worker", "foster carer", "child") is right before ``k``."""
        before = " ".join(x.low for x in toks[max(0, k - 4):k])
        return _ROLE_BEFORE_RE.search(before) is not None

    def _cue_spans(self, text: str) -> list[Span]:
        """Lower-case first names after a strong cue: "a child called tom"."""
        out: list[Span] = []
        fn = first_names()
        for m in _LOWER_CUE_RE.finditer(text):
            word = m.group("name")
            before = " ".join(text[max(0, m.start() - 40):m.start("name")].lower().split())
            if word.lower() in fn and not _TOOL_CALLED_BEFORE_RE.search(before):  # not "an app called Millie"
                out.append((m.start("name"), m.end("name"), NAME))
        return out

    def _meeting_spans(self, text: str) -> list[Span]:
        """Lower-case names after a meeting verb: unlisted ones that are not English words ("we met
        with tayvon"), and listed ones that are also words when a clause follows ("asked summer what")."""
        out: list[Span] = []
        for m in _LOWER_MEETING_RE.finditer(text):
            word = m.group("name")
            if m.group("clause") is not None and word in LOWERCASE_AMBIGUOUS and word not in PRODUCT_OR_PLACE \
                    and (word in first_names() or word in AMBIGUOUS_FIRST_NAMES):
                out.append((m.start("name"), m.end("name"), NAME))  # "we asked summer what she wanted"
                continue
            if word not in STOP_WORDS and word not in NON_PERSON_WORDS and word not in ORG_SUFFIX_WORDS \
                    and not self._is_english(word) and not any(p in STOP_WORDS or self._is_english(p)
                                                               for p in word.split("-") if len(p) > 3):
                out.append((m.start("name"), m.end("name"), NAME))
        return out

    # -- NER ----------------------------------------------------------------------------

    def _accept_person(self, text: str, start: int, end: int) -> Span | None:
        """Keep an NER PERSON span unless it is a product, place, organisation or plain word."""
        toks = tokenise(text[start:end])
        # trim leading articles, trailing possessives and punctuation
        while toks and (toks[0].low in ("the", "a", "an", "our", "my", "and") or not toks[0].text[0].isalnum()):
            toks = toks[1:]
        while toks and not toks[-1].text[0].isalnum():
            toks = toks[:-1]
        if toks and toks[-1].low == "s" and len(toks) > 1 and toks[-2].text in ("'", "’"):
            toks = toks[:-2]
        if not toks:
            return None
        words = [t for t in toks if t.text[0].isalpha()]
        if not words or any(t.text.startswith("[") for t in toks) or any(t.text.isdigit() for t in toks):
            return None
        if not any(t.cap for t in words):
            return None
        named = words
        while len(named) > 1 and (named[-1].low in _PRODUCT_TAIL_WORDS or named[-1].low in TOOL_NOUNS
                                  or named[-1].low in PRODUCT_WORDS):
            named = named[:-1]
        if len(named) < len(words) and self._full_name_words(named):
            return (start + named[0].start, start + named[-1].end, NAME)  # "the Zhang Wei Assistant"
        # every word is a product, place, organisation or ordinary word, and no name among them
        if all(t.low in NON_PERSON_WORDS or t.low in ORG_SUFFIX_WORDS
               or t.low in AMBIGUOUS_FIRST_NAMES
               or (self._is_english(t.low) and t.low not in first_names())
               or t.text.isupper() or len(t.text) == 1
               for t in words):
            return None
        if any(t.low in PRODUCT_WORDS and t.low not in first_names() and t.low not in SURNAMES
               and len(words) > 1 for t in words):
            return None
        if any(t.cap and t.low in _STRICT_ORG_WORDS for t in words) \
                or any(t.low in TOOL_NOUNS for t in words) \
                or (len(words) > 1 and words[-1].low in _PRODUCT_TAIL_WORDS):
            return None
        s, e = start + toks[0].start, start + toks[-1].end
        if _tool_phrase_starts(text).intersection(start + t.start for t in words):
            return None  # "tested Ask Jules"
        # the next word makes it an organisation or place ("Barnet Council", "Sutton Trust")
        after = re.match(r"[\s'’s]*([A-Za-z]+)", text[e:e + 30])
        if after and after.group(1)[0].isupper() and after.group(1).lower() in ORG_SUFFIX_WORDS:
            return None
        before = text[max(0, s - 40):s]
        if re.search(r"\b(?:St\.?|Saint|NHS|HMP|HM|Port)\s*$", before):
            return None
        if before.endswith("Ask ") and after and after.group(1).lower() in _VERBS_AFTER_SUBJECT:
            return None  # "Ask Jules gave the wrong answer": a product
        # a word that is used, piloted or bought is a product, not a person ("we piloted Zentrix",
        # "Zentrix software") -- unless it is a listed first name
        if words[0].low not in first_names() and (
                _TOOL_VERB_BEFORE_RE.search(before) or _TOOL_NOUN_AFTER_RE.match(text, e)):
            return None
        return (s, e, NAME)


# the end of a one-word product name after a name run into it: "GPT", "AI", "360", "Notes", "Bot"
_INITIAL_SURNAME_RE = re.compile(r"[A-Z][A-Z][a-z]{2,}")
_PRODUCT_SUFFIX_RE = re.compile(r"(?:[A-Z]{2,}|\d+|Notes|Bot|Assist|Assistant|Scribe|Voice|Pro|Hub|App)$")

# Last words of product names ("Fenwick Assist", "Lantern Pro", "Family Connect").
_PRODUCT_TAIL_WORDS = word_set(
    "assist assistant pro plus premium studio suite hub connect go lite express cloud online "
    "enterprise copilot gpt notes scribe voice insight insights analytics labs one 365 360")

_STRICT_ORG_WORDS = word_set(
    "council county borough trust nhs ltd limited plc university school college academy hospital "
    "department ministry police constabulary authority partnership foundation services")

_TOOL_VERB_BEFORE_RE = re.compile(
    r"\b(?:use|uses|using|used|pilot|piloted|piloting|trial|trialled|trialed|trialling|procure|"
    r"procured|procuring|buy|bought|purchased|license|licensed|licence|implement|implemented|"
    r"implementing|deploy|deployed|deploying|adopt|adopted|introduced|install|installed|rolled\s+out|"
    r"rolling\s+out|via|through|tool|tools|app|platform|product|software|system|called|named|"
    r"explore|exploring|explored|consider|considering|considered|evaluate|evaluating|evaluated|"
    r"test|testing|tested|commissioned|commissioning|integrate|integrated|replaced|switched\s+to)"
    r"(?:\s+(?:the|a|an|of|both|either))?\s*$"
    # "the supplier, Netcall, built ...", "our provider Zentrix"
    r"|\b(?:supplier|suppliers|vendor|vendors|provider|providers|company|firm|developer|developers|"
    r"start-?up|contractor|partner\s+organisation)\s*,?\s*$", re.IGNORECASE)
_TOOL_NOUN_AFTER_RE = re.compile(
    r"(?:['’]s)?\s+(?:app|apps|tool|tools|platform|software|system|product|ai|licences?|licenses?|"
    r"pilot|rollout|roll-out|subscription|chatbot|bot|model|api|dashboard|transcripts?|"
    r"recordings?|outputs?|summaries|accounts?|dictation|transcription|integration|module|suite|"
    r"assistant|interface|solution|solutions|licen[cs]e|contract|plugin|plug-in|add-in|data|datasets?)\b",
    re.IGNORECASE)

_WORD_RE = re.compile(r"[A-Z][a-z]{2,}")  # a capitalised word, as the words of a name are written
_TOOL_WORD_RE = re.compile(
    r"\b(?:use|uses|using|used|pilot|piloted|piloting|trial|trialled|trialed|trialling|procured|"
    r"bought|purchased|licensed|implemented|deployed|adopted|introduced|installed|rolled\s+out)"
    r"\s+(?:the\s+|a\s+|an\s+)?([A-Z][\w.&-]*)"
    r"|\b([A-Z][\w.&-]*)(?:['’]s)?\s+(?:app|apps|tool|tools|platform|software|system|product|"
    r"licences?|licenses?|pilot|rollout|subscription|chatbot|bot|model|dashboard)\b")
# Capitalised phrases that the sentence shows to be products, even when they hold a first name:
# "we use Millie", "tested Ask Jules", "our chatbot Millie" (not "used Sarah's notes").
_TOOL_PHRASE_RE = re.compile(
    r"\b(?:use|uses|using|used|pilot|piloted|piloting|trial|trialled|trialed|trialling|test|tested|"
    r"testing|procured|bought|purchased|licensed|deployed|installed|rolled\s+out|launched|"
    r"(?i:our|the|a|an|its|their)\s+(?:chatbot|bot|app|tool|platform|avatar|virtual\s+assistant)|"
    # "our AI assistant is called Millie", "the chatbot, known as Ada"
    r"(?i:(?:chatbot|bot|app|tool|platform|avatar|assistant|product|system)s?,?\s+(?:is\s+|was\s+|are\s+)?"
    r"(?:called|named|known\s+as)))"
    r"\s+(?:the\s+|a\s+|an\s+)?([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}+)(?![\w'’])")
_TOOL_APPOSITIVE_HINT_RE = re.compile(r",\s+(?i:our|the|an?|its|their)\s")  # a cheap test before it runs
# a phrase described as a product right after it: "Ada, our digital assistant,", "Beam, the new app"
_TOOL_APPOSITIVE_RE = re.compile(
    r"(?<![\w'’])([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}+),\s+(?i:our|the|an?|its|their)\s+"
    r"(?:(?i:digital|virtual|ai|online|automated|ai-powered)\s+assistant\b"
    r"|(?:[\w-]+\s+){0,2}(?i:chatbot|bot|app|tool|platform|avatar|product|software)s?)"
    r"(?=\s*(?:[,.;:!?)]|$|(?:that|which)\b))")  # the noun ends the phrase: not "Priya, the app lead"


# a phrase described as a product in brackets after it: "Ask Sarah (our HR bot)"
_TOOL_IN_BRACKETS_RE = re.compile(
    r"(?<![\w'’])([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}+)\s*\(\s*(?i:our|an?|the|its)\s+(?:[\w-]+\s+){0,2}"
    r"(?i:chatbot|bot|app|tool|assistant|platform|avatar|product|software)s?\s*\)")
# words right before a phrase that _TOOL_PHRASE_RE can take: a cheap test before it runs
_TOOL_PHRASE_LEADS = word_set("""
    use uses using used pilot piloted piloting trial trialled trialed trialling test tested testing procured
    bought purchased licensed deployed installed out launched chatbot bot app tool platform avatar assistant
    the a an called named as""")


def _after_tool_lead(toks: list[Tok], k: int) -> bool:
    """True when a word of ``_TOOL_PHRASE_LEADS`` stands before ``toks[k]`` or before the one or two
    capitalised words just before it (a cheap test before ``_TOOL_PHRASE_RE`` runs)."""
    j = k - 1
    while j >= 0 and k - j <= 3 and toks[j].cap:
        j -= 1
    return j >= 0 and toks[j].low in _TOOL_PHRASE_LEADS


@lru_cache(maxsize=64)
def _tool_phrase_starts(text: str) -> frozenset[int]:
    """Start offsets of the words of capitalised phrases in a product context (``_TOOL_PHRASE_RE``)."""
    matches = [*_TOOL_PHRASE_RE.finditer(text)]
    if "(" in text:
        matches.extend(_TOOL_IN_BRACKETS_RE.finditer(text))
    if ", " in text and _TOOL_APPOSITIVE_HINT_RE.search(text):
        matches.extend(_TOOL_APPOSITIVE_RE.finditer(text))
    return frozenset(m.start(1) + w.start() for m in matches for w in re.finditer(r"\S+", m.group(1)))


# Words before a capitalised word that make it a place, product or organisation.
_NOT_BEFORE_NAME = word_set(
    "the a an its this that these those in at across near around throughout within outside into "
    "towards via version v upgrade")
# Endings of product and company names rather than personal names.
_PRODUCT_SUFFIXES = ("ify", "bot", "hub", "labs", "ware", "soft", "tech", "sys", "book", "care",
                     "notes", "voice", "link", "view", "scribe", "logic", "flow", "desk", "cloud",
                     "data", "gpt", "ai")

_ROLE_BEFORE_RE = re.compile(rf"\b(?:{ROLE_CUES})\s*,?$")
_PERSON_CUE_BEFORE_RE = re.compile(
    rf"(?:\b(?:{ROLE_CUES})\s*,?|\b(?:called|named|name\s+is|known\s+as|contact|"
    r"ask\s+for|speak\s+to|spoke\s+to|talk\s+to|email|e-mail|ring|phone|"
    r"thanks\s+to|thank|dear|regards\s*,|wishes\s*,|from\s*:|by\s*:)\s*:?)$")
# Cues that make the next capitalised word a name even when it is also a word ("Ask for Dolores")
_NAME_CUE_BEFORE_RE = re.compile(
    r"(?:\b(?:called|named|name\s+is|known\s+as|ask\s+for|thanks\s+to|i\s+am|i\s+'\s+m|i'm|"
    r"calls\s+(?:himself|herself|themselves)|goes\s+by|prefers\s+to\s+be\s+called|"
    # "called the boy \"Jay\"", "named their daughter Rose"
    rf"(?:called|calls|named|call|name)\s+(?:the|a|an|this|that|her|his|their|our|my)\s+"
    rf"(?:{'|'.join(sorted(PERSON_NOUNS))}))\s*[\"'“‘]?\s*)$")
_TOOL_CALLED_BEFORE_RE = re.compile(
    rf"\b(?:{'|'.join(sorted(TOOL_NOUNS))})\s+(?:(?:is|was|are)\s+)?(?:called|named|known\s+as)$")

_LOWER_CUE_RE = re.compile(
    r"\b(?:called|named|name\s+is|known\s+as)\s+(?P<name>[a-z][a-z'-]+)\b", re.IGNORECASE)
# "we met with tayvon", "spoke to deshawn": an unlisted lower-case word that is not English
_LOWER_MEETING_RE = re.compile(
    r"\b(?:(?:spoke|speak|speaking|talked|talk|talking|met|meet|meeting|sat\s+down)\s+(?:to|with)|asked|told|"
    r"visited)\s+(?P<name>[a-z][a-z'-]{2,})\b(?P<clause>(?=\s*,|\s+(?:what|whether|if|about|how|why|when|and\s+(?:her|his|their)))"
    r"|(?=\s*[.;!?]))?")
_MEETING_WORDS = ("spoke", "speak", "talk", "met", "meet", "sat down", "asked", "told", "visited")

_JOB_TITLE_WORDS = word_set("""
    head director assistant deputy principal senior lead chief manager officer coordinator
    co-ordinator analyst consultant adviser advisor social worker practitioner ceo cio cto
    cdo dcs dpo iro team service strategic group programme project data information
""")


# Capitalised words after an ambiguous first name that make it an ordinary word
# ("Grace Period", "Mark Scheme", "Amber Rating", "Will Power", "Max Length").
_AMBIGUOUS_FOLLOWERS = word_set("""
    period scheme schemes time times date dates point points note notes rating ratings status
    alert alerts warning warnings level levels value values size length power code list lists
    book books sheet sheets card cards test tests score scores scale step steps stage phase
    day days week weeks month months year years limit limits number numbers rag flag flags
    rate rates range areas area zone zones light lights box boxes tab tabs field fields
    it this that we you they he she i all the a an to of and or in on for
    forum forums club clubs chorus news fund funds festival event events café cafe
""")
_NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "ology")


# Words for the rules on names that are also words (see ``Redactor._ambiguous_is_person``).
_TOOL_SUFFIX_WORDS = word_set("app apps tool tools platform platforms software system systems assistant bot chatbot")
_FAMILY_NOUNS = word_set("family families children kids household siblings twins brothers sisters boys girls")
_LOWER_FAMILY_RE = re.compile(rf"\bthe\s+[a-z]+\s+(?:{'|'.join(sorted(_FAMILY_NOUNS))})\b")
_FROM_WORDS = word_set("it hr team service services council school office department unit hub fostering "
                     "adoption finance legal admin reception ict digital")
_INTENSIFIERS = word_set("really very so quite not also always clearly initially understandably")
_PERSON_PREDICATES = word_set("""
    placed referred adopted fostered born excluded bullied diagnosed moved removed allocated
    happy unhappy sad upset angry worried scared frightened anxious nervous pleased excited keen
    reluctant confused distressed adamant honest frank clear open quiet shy tired living staying
    aged able unable present absent unwell ill pregnant autistic deaf disabled settled thriving
    struggling nonverbal non-verbal
""")
_POSSESSIVE_PRONOUNS = word_set("her his their my our your")
# Opening quotes and the quote that closes each.
_QUOTES = {"'": "'", '"': '"', "‘": "’", "“": "”", "’": "’"}
# Family nouns after a possessive that name the next capitalised word ("her brother X", "the child's name X").
_KIN_NOUNS = word_set("""
    brother sister son daughter mum mam mom mother dad father baby nephew niece cousin twin stepson
    stepdaughter stepbrother stepsister stepmum stepdad half-brother half-sister grandson granddaughter
    grandma grandmother grandad grandfather nan nana gran granny aunt auntie aunty uncle husband wife
    boyfriend girlfriend sibling name nickname
""")
# words that stay words even after "her name is" (products may be names there: "her name is Alexa")
# a word in capitals, a comma and a capitalised word: where _surname_comma_first may apply
_CAPITALS_COMMA_RE = re.compile(r"[A-Z]{2}, [A-Z]")
_NOT_NAME_GIVEN = ORG_WORDS | COMMON_CAPITALISED | ORG_SUFFIX_WORDS
_KIN_CUE_RE = re.compile(
    rf"(?:\b(?i:{'|'.join(sorted(_POSSESSIVE_PRONOUNS))})|['’]s)\s+(?i:{'|'.join(sorted(_KIN_NOUNS))})\s[A-Z]")
# words in brackets after a name that say what the person is, besides PERSON_NOUNS ("(care leaver)")
_BRACKET_ROLES = word_set("leaver leavers mentor volunteer advocate nurse teacher pa")
_GROUP_NOUNS = word_set("people children family staff")
_LOWER_HONORIFICS = frozenset({"mr", "mrs", "ms", "mx", "dr", "miss"})
_LOWER_HONORIFIC_RE = re.compile(r"\b(?:mr|mrs|ms|mx|dr|miss)\.?\s[a-z]")
# a role given between commas right after a word: ", our youth worker,", ", her nan)"
_ROLE_APPOSITIVE_RE = re.compile(
    r",\s+(?:our|my|the|his|her|their)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:worker|social\s+worker|keyworker|caseworker|carer|manager|officer|practitioner|nurse|teacher|mentor|"
    r"adviser|advisor|advocate|therapist|psychologist|coordinator|co-ordinator|student|apprentice|volunteer|"
    r"grandmother|grandfather|mum|dad|mother|father|son|daughter|sister|brother|aunt|uncle|nan|gran|cousin|"
    r"friend|colleague|husband|wife|headteacher|head\s+teacher|senco|iro|pa)\s*[,)]")
# finite verbs after "Ask X" that make it the subject, and so a product's name, not an instruction
_VERBS_AFTER_SUBJECT = word_set(
    "gave gives is was has had answered answers got gets suggested suggests told tells said says quoted quotes "
    "replied replies returned returns produced produces sent sends can could will would does did kept keeps "
    "struggled struggles failed fails missed misses")
# words before a month that make it a date ("in May", "since June", "early April")
_DATE_WORDS_BEFORE = word_set(
    "in on of since until till from by during before after early late mid last next this each every end "
    "start beginning between through throughout around about")
# initials in capitals with what may mark them as a name after them ("TJ and his", "KC's", "RJ (9")
_INITIALS_CUE_RE = re.compile(r"\b[A-Z]{2,3}(?:['’]s\b|\s*[(,]\s*(?:aged\b|\d)|\s+(?:and|with)\s+(?:his|her)\b)")
_KIN_PLURALS = word_set("brothers sisters sons daughters children kids siblings twins triplets grandchildren "
                        "cousins girls boys")
_KIN_PLURAL_RE = re.compile(rf"\b(?:{'|'.join(sorted(_KIN_PLURALS))})\b")  # lower case, as the rule wants
# Capitalised words that stay words after such a noun: products, bodies, common capitalised words.
_NOT_KIN_NAMED = NOT_A_ROLE_HOLDER - PLACE_WORDS
_SEASONS = word_set("spring summer autumn winter")
# What follows "X and Y" when they are people ("Rose and Lily were ...", "... live with their aunt").
_PAIR_PREDICATES = word_set("are were live both have had share attend each")
# Names that are also feelings or virtues, and what is said of the feeling rather than of a person.
_FEELING_NAMES = word_set("joy hope faith grace patience mercy harmony destiny favour blessing precious")
_SAID_OF_FEELINGS = word_set("expressed felt shown voiced restored lost needed required granted extended offered "
                           "evident apparent visible shared palpable")
_NEGATED_AUXILIARIES = word_set("didn't doesn't won't wasn't isn't can't couldn't wouldn't didnt doesnt wont cant")
_PERSON_WANTS = word_set("want like understand know feel agree trust mind realise realize think speak engage "
                       "attend come turn wish")
_FAMILY_TITLES = word_set("grandma grandad grandpa granny nan nanny gran auntie aunty aunt uncle cousin "
                        "mum mam dad baby sister brother")
# family titles written before a name as honorifics are ("Grandad Ted", "Auntie Bisi")
_KIN_TITLES = _FAMILY_TITLES - word_set("mum mam dad baby sister brother") | word_set("nana nanny")
_NOT_BEFORE_AMBIGUOUS = word_set(
    "the a an this that these those its our their his her my your in on at during over since until by "
    "of from into through throughout every each next last early late mid we i you they he she it "
    "' - / & amazing")
_PUNCT_AFTER_NAME = frozenset(",.;:!?)")
_AFTER_PERSON = word_set(
    "and or but who was is has had did does will would could can should might about for with to at "
    "too also herself himself")


# Street and building words after an ambiguous first name make a place ("Summer Hill", "Holly Lodge").
_PLACE_FOLLOWERS = word_set(STREET_TYPES.replace("|", " ") + " " + BUILDING_TYPES.replace("|", " "))


def _common_noun(low: str) -> bool:
    """A word after an ambiguous first name that makes it an ordinary word or a place ("Grace Period",
    "Will Writing", "Holly Lodge")."""
    return low in _AMBIGUOUS_FOLLOWERS or low in _PLACE_FOLLOWERS or low.endswith(_NOUN_SUFFIXES) \
        or (low.endswith("ing") and len(low) > 5)


def _propagate_names(text: str, spans: list[Span]) -> list[Span]:
    """Once a word is known to be a name in a text, redact its other mentions there too
    ("Mrs Okonkwo ... Okonkwo later said")."""
    words: set[str] = set()
    for s, e, label in spans:
        if label != NAME:
            continue
        for m in TOKEN_RE.finditer(text, s, e):
            w = m.group()
            low = w.lower()
            if len(w) > 2 and is_capitalised(w) and w not in HONORIFICS and low not in NON_PERSON_WORDS \
                    and low not in ORG_SUFFIX_WORDS and low not in AMBIGUOUS_FIRST_NAMES:
                words.add(w)
    if not words:
        return spans
    pattern = re.compile(r"(?<![\w\[])(?:" + "|".join(re.escape(w) for w in sorted(words)) + r")(?![\w\]])")
    coverage = span_coverage(spans)
    extra = [(m.start(), m.end(), NAME) for m in pattern.finditer(text)
             if not is_covered(coverage, m.start(), m.end())]
    if extra:  # not a product's mention ("we use Millie ... Millie Sandford said")
        in_tool_phrase = _tool_phrase_starts(text)
        extra = [span for span in extra if span[0] not in in_tool_phrase]
    return spans + extra


_AGE_NOT_UNITS = word_set("""
    % per percent pc weeks week months month days day hours hour minutes mins years year times miles
    km pounds million m k bn out of or to th st nd rd x
""")


def _list_mates(toks: list[Tok], k: int, end: int) -> tuple[int, list[Tok]]:
    """The capitalised words listed with ``toks[k:end]`` ("Genie, Beam and X"), and the index of the
    list's first word."""
    j = k
    mates = []
    while j >= 2 and toks[j - 1].low in (",", "and", "or", "&") and toks[j - 2].cap:
        j -= 2
        mates.append(toks[j])
    i = end
    while i + 1 < len(toks) and toks[i].low in (",", "and", "or", "&") and toks[i + 1].cap:
        mates.append(toks[i + 1])
        i += 2
    return j, mates


def _person_predicate_after(toks: list[Tok], k: int) -> bool:
    """ "X is autistic", "X was upset", "X didn't want it": what is said of people, not of tools."""
    after = [x.low for x in toks[k:k + 4] if x.low not in _INTENSIFIERS]
    if len(after) < 2:
        return False
    if after[0] in ("is", "was"):
        return after[1] in _PERSON_PREDICATES
    return after[0] in _NEGATED_AUXILIARIES and after[1] in _PERSON_WANTS


_NUMBER_WORD = rf"(?:\d{{1,2}}|{UNIT}|{TEEN}|twenty)"
# What is said right after a word that only a person can be: "X, who ...", "X is nine", "X is a
# bright seven-year-old", "X is his nickname", "X (his sister)".
_DESCRIBED_AS_PERSON_RE = re.compile(
    rf"(?:['’]s)?\s*,\s*who(?:se|m)?\b"
    rf"|\s*,?\s+(?:who\s+)?(?:is|was|turns|turned|has\s+just\s+turned)\s+(?:now\s+|only\s+|just\s+|nearly\s+|almost\s+)?"
    rf"(?:(?:an?\s+)?(?:[a-z]+\s+){{0,2}}{_NUMBER_WORD}[\s-]+(?:years?|months?)[\s-]+old"
    rf"|{_NUMBER_WORD}(?=\s*(?:[,.;:!?)]|and\b|now\b|years?\b|$)))"
    rf"|\s+(?:is|was)\s+(?:his|her|their|my|our)\s+(?:nick)?name\b"
    rf"|\s*\(\s*(?:his|her|their|my|our)\s+[a-z]+",
    re.IGNORECASE)


def _described_as_person(text: str, end: int) -> bool:
    """True when the words right after ``text[:end]`` describe a person (see ``_DESCRIBED_AS_PERSON_RE``)."""
    return _DESCRIBED_AS_PERSON_RE.match(text, end) is not None


def _age_after(toks: list[Tok], k: int) -> bool:
    """ "X, aged 7", "X (7)", "X, 12," : an age right after a word marks a person."""
    if k + 1 < len(toks) and toks[k].low in ("is", "was", "turns", "turned") and toks[k + 1].text.isdigit():
        # "Rose is 12", but not "Summer is 12 weeks away"
        return int(toks[k + 1].text) <= 25 and (k + 2 >= len(toks) or toks[k + 2].low not in _AGE_NOT_UNITS)
    if k + 1 >= len(toks) or toks[k].text not in (",", "("):
        return False
    nxt = toks[k + 1]
    if nxt.low in ("aged", "age"):
        return True
    return nxt.text.isdigit() and int(nxt.text) <= 25 and k + 2 < len(toks) \
        and toks[k + 2].text in (",", ")") and (k + 3 >= len(toks) or toks[k + 3].text != "0")


def _person_possessive_after(toks: list[Tok], k: int) -> bool:
    """ "X's mum", "X's foster carer": a possessive followed by a family or care word."""
    return k + 2 < len(toks) and toks[k].text in ("'", "’") and toks[k + 1].low == "s" \
        and toks[k + 2].low in POSSESSED_BY_PERSON


def _job_title_at(toks: list[Tok], k: int) -> bool:
    """True when a job title starts at token ``k`` ("Head of Service", "Team Manager")."""
    return k < len(toks) and toks[k].low in _JOB_TITLE_WORDS


_SENTENCE_END_RE = re.compile(r"[.!?](?:\s+|$)|\n")
_CONTEXT_CHARS = 300


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence holding ``text[start:end]`` (at most ``_CONTEXT_CHARS`` either side)."""
    lo = max(0, start - _CONTEXT_CHARS)
    a = lo
    for m in _SENTENCE_END_RE.finditer(text, lo, start):
        a = m.end()
    m = _SENTENCE_END_RE.search(text, end, min(len(text), end + _CONTEXT_CHARS))
    return a, (m.end() if m else min(len(text), end + _CONTEXT_CHARS))


def _all_name_words(candidate: str) -> bool:
    """Every word is a listed surname or an unambiguous listed first name ("Tyler", "Jayden Smith")."""
    words = TOKEN_RE.findall(candidate)
    words = [w for w in words if w[0].isalpha()]
    return bool(words) and all(
        is_capitalised(w) and w.lower() not in BUILTIN_PRODUCT_WORDS
        and ((w.lower() in first_names() and w.lower() not in AMBIGUOUS_FIRST_NAMES) or w.lower() in SURNAMES)
        for w in words)




# verbs after a name that say it is a person's
_PERSON_VERBS = word_set("turned told asked wrote lives lived moved was is has had went came joined left")

# capitalised words before a surname that are roles or parts of a title, not first names
_NOT_A_FIRST_NAME = PERSON_NOUNS - {"guy"} | word_set("""
    social worker workers manager director head lead chair chief senior principal deputy assistant team
    service officer coordinator practitioner advocate sponsor keyworker key foster kinship carer nurse
    teacher minister secretary member cabinet portfolio holder mayor leader commissioner inspector
    judge sergeant constable detective captain colonel general professor doctor father mother sister
    brother uncle auntie aunty aunt grandma grandad grandpa granny nan nanny gran cousin saint st new old young
    little big great north south
    east west ask meet thanks thank dear hi hello welcome congratulations yesterday today tomorrow
""")


def _spaced(value: str) -> str:
    """``value`` with the separators of file names and ids read as spaces (same length, same offsets)."""
    return re.sub(r"[_+]|(?<=[^\W\d_])[.-](?=[^\W\d_])", " ", value)
