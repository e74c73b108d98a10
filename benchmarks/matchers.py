"""The project's token-pattern matcher and tagger-free lemmas against spaCy's own (prints figures).

Over the distinct answers of ``data/sample/responses.csv``, after the fast path's sentences and lemmas:

1. the codebook's theme patterns (as the theme finder compiles them) through
   :class:`synthesis.nlp.matcher.TokenPatternMatcher` and through :class:`spacy.matcher.Matcher`:
   best-of-N seconds for each, and how many (label, start) matches they share;
2. lemmas from :class:`synthesis.nlp.text.LemmaTable` against the English model's
   ``tok2vec + tagger + attribute_ruler + lemmatizer``: seconds, and the share of words whose lemma
   agrees.

Usage: ``python benchmarks/matchers.py [--repeats 5]``
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
from spacy.matcher import Matcher

from synthesis.nlp import build_pipeline, load_english

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "responses.csv"
FREE_TEXT = ["tools_used", "impact", "risks_ethics", "barriers", "barriers_overcome", "single_view_detail",
             "support_needed"]


def _answers() -> list[str]:
    frame = pd.read_csv(SAMPLE, dtype=str)
    texts = [t for column in FREE_TEXT if column in frame for t in frame[column].dropna() if t.strip()]
    return list(dict.fromkeys(texts))


def _best(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    texts = _answers()
    nlp = build_pipeline()
    finder = nlp.get_pipe("synthesis_themes")
    with nlp.select_pipes(enable=["synthesis_sentences", "synthesis_lemmas"]):
        docs = list(nlp.pipe(texts))
    words = sum(len(d) for d in docs)
    ours = finder.matcher
    theirs = Matcher(nlp.vocab)
    for theme in finder.codebook.themes:
        for suffix, patterns in (("", theme.patterns), ("|weak", theme.weak_patterns)):
            if patterns:
                theirs.add(theme.id + suffix, [finder.normalise_pattern(p) for p in patterns])
    strings = nlp.vocab.strings

    def run_ours() -> set:
        return {(label, s) for d in docs for label, s, _ in ours(d)}

    def run_theirs() -> set:
        return {(strings[m], s) for d in docs for m, s, _ in theirs(d)}

    t_ours, t_theirs = _best(run_ours, args.repeats), _best(run_theirs, args.repeats)
    a, b = run_ours(), run_theirs()
    print(f"{len(texts)} distinct answers, {words} tokens, {len(ours.patterns)} compiled theme patterns")
    print(f"token patterns: ours {t_ours:.3f}s, spaCy Matcher {t_theirs:.3f}s ({t_theirs / t_ours:.1f}x slower); "
          f"(label, start) matches: ours {len(a)}, spaCy {len(b)}, shared {len(a & b)}")

    tagger = load_english(exclude=("senter", "parser", "ner"))
    lemmas = nlp.get_pipe("synthesis_lemmas")
    plain = [nlp.make_doc(t) for t in texts]

    def run_table() -> None:
        for d in plain:
            lemmas(d)

    def run_tagger() -> None:
        list(tagger.pipe(texts))

    t_table, t_tagger = _best(run_table, args.repeats), _best(run_tagger, max(1, args.repeats // 2))
    run_table()
    tagged = list(tagger.pipe(texts))
    same = sum(x.lemma_.lower() == y.lemma_.lower() for d, e in zip(plain, tagged) for x, y in zip(d, e))
    total = sum(len(d) for d in plain)
    print(f"lemmas: table {t_table:.3f}s, tagger + lemmatizer {t_tagger:.3f}s ({t_tagger / t_table:.0f}x slower); "
          f"same lemma for {same / total:.1%} of {total} tokens")


if __name__ == "__main__":
    main()
