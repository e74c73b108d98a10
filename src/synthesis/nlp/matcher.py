"""A small, fast matcher for the codebook's and the tool list's token patterns.

Kept instead of :class:`spacy.matcher.Matcher` because it is much faster on the codebook's wide
``IN`` lists and ``{0,n}`` gaps: on the 841 distinct sample answers (28,822 tokens, 221 compiled
theme patterns) spaCy's Matcher took 1.85 s against 0.045 s here, 41x slower, for the same 634
(theme, start) matches plus 5 of its own (``python benchmarks/matchers.py``, codebook 2026.11.9).
Skipping an anchor word by the tests all its patterns need, and testing tokens inline, made the three
matchers of the pipeline 4% faster again on the 5,327 distinct answers of the 1,000-respondent benchmark
input (0.385 s against 0.369 s, best of 7, 2026-12-02), for the same matches.
"""

from __future__ import annotations

import functools
import operator
import re

from spacy.attrs import IS_PUNCT, LIKE_NUM
from spacy.matcher import Matcher
from spacy.tokens import Doc

from synthesis.nlp.text import A_LEMMA, A_LOWER, A_ORTH, A_SENT, NOT_SPELLINGS, doc_arrays

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

    def _anchor_sets(self) -> tuple:
        """Per attribute: the anchor words, word -> bit mask of the tests it meets, those words, and
        anchor word -> (the tests all its patterns need, as a bit mask; its patterns)."""
        if self._anchors is None:
            anchors = tuple({v for a, v in self.index if a == attr} for attr in _TEXT_ATTRS)
            masks: tuple[dict[int, int], ...] = tuple({} for _ in _TEXT_ATTRS)
            for i, (attr, values) in enumerate(self.tests):
                by_word = masks[_TEXT_ATTRS.index(attr)]
                for v in values:
                    by_word[v] = by_word.get(v, 0) | (1 << i)
            entries: tuple[dict[int, tuple[int, list[int]]], ...] = tuple({} for _ in _TEXT_ATTRS)
            for (attr, value), pids in self.index.items():
                common = functools.reduce(operator.and_, (self.required[pid] for pid in pids))
                entries[_TEXT_ATTRS.index(attr)][value] = (common, pids)
            self._anchors = (anchors, masks, tuple(frozenset(m) for m in masks), entries)
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
                        return {add(w) for w in [v, *(NOT_SPELLINGS if v == "n't" else ())]}
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
        present = feats.get("present")
        if present is None:  # the doc's words, shared by every matcher that reads the doc
            present = feats["present"] = {"LEMMA": set(feats["LEMMA"]), "LOWER": set(feats["LOWER"]),
                                          "ORTH": set(feats["ORTH"])}
        anchor_sets, test_masks, test_words, entries = self._anchor_sets()
        if not self.unanchored and not self.has_fallback and all(
                words.isdisjoint(present[attr]) for attr, words in zip(_TEXT_ATTRS, anchor_sets)):
            return []  # no anchor word in the doc (most docs, for a short list of patterns)
        sent_start = feats["SENT"]
        lazy: dict[str, list[bool]] = {"IS_SENT_START": sent_start}
        found: dict[tuple[str, int], int] = {}

        def flag(attr: str, i: int) -> bool:
            values = lazy.get(attr)
            if values is None:
                values = [bool(v) for v in doc.to_array([LIKE_NUM if attr == "LIKE_NUM" else IS_PUNCT]).reshape(-1)]
                lazy[attr] = values
            return bool(values[i])

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
            if i < n and (k == 0 or not sent_start[i]):
                for attr, mode, value in el.tests:  # the token's tests, inline (a call each cost more)
                    if mode == "eq":
                        if feats[attr][i] not in value:
                            break
                    elif mode == "ne":
                        if feats[attr][i] in value:
                            break
                    elif flag(attr, i) != value:
                        break
                else:
                    end = match(els, k + 1, i + 1)
                    if end >= 0:
                        return end
            if el.optional:
                return match(els, k + 1, i)
            return -1

        patterns = self.patterns
        lemma, lower, orth = feats["LEMMA"], feats["LOWER"], feats["ORTH"]
        met = 0  # the tests the doc's words meet, as a bit mask
        for attr, by_word, words in zip(_TEXT_ATTRS, test_masks, test_words):
            for value in words.intersection(present[attr]):
                met |= by_word[value]
        unmet = ((1 << len(self.tests)) - 1) ^ met  # positive: '&' on it is cheaper than on ~met
        required = self.required
        # per attribute, the anchor words of the doc, each with the patterns that could match in it (in
        # index order)
        live: list[dict[int, list[int]]] = [{}, {}, {}]
        for attr, anchor_words, by_anchor, live_words in zip(_TEXT_ATTRS, anchor_sets, entries, live):
            for value in anchor_words.intersection(present[attr]):
                common, pids = by_anchor[value]
                if common & unmet:  # a test every pattern of the word needs is not met (most words)
                    continue
                if len(pids) > 1:
                    pids = [pid for pid in pids if not required[pid] & unmet]
                    if not pids:
                        continue
                live_words[value] = pids
        l_lemma, l_lower, l_orth = live
        unanchored = [pid for pid in self.unanchored if not required[pid] & unmet]
        if unanchored or l_lower or l_orth:
            positions = range(n) if unanchored else [
                i for i in range(n) if lemma[i] in l_lemma or lower[i] in l_lower or orth[i] in l_orth]
            candidates = [l_lemma.get(lemma[i], []) + l_lower.get(lower[i], []) + l_orth.get(orth[i], []) + unanchored
                          for i in positions]
        else:  # the usual case: lemma anchors only, the candidates read straight from them
            positions = [i for i, v in enumerate(lemma) if v in l_lemma] if l_lemma else []
            candidates = [l_lemma[lemma[i]] for i in positions]
        for i, cands in zip(positions, candidates):
            for pid in cands:
                label, els, offset = patterns[pid]
                start = i - offset
                if start < 0 or (label, start) in found:
                    continue
                end = match(els, 0, start)
                if end > start:
                    found[(label, start)] = end
        match = None  # the closure refers to itself: without this, every doc would wait for the collector
        out = [(label, i, end) for (label, i), end in found.items()]
        if self.has_fallback:
            strings = doc.vocab.strings
            out.extend((strings[m], s, e) for m, s, e in self.fallback(doc))
        return out
