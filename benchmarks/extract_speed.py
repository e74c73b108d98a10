"""Words per second of extraction against a plain full ``en_core_web_sm`` pass, side by side.

Both runs read the same texts: the free-text answers of ``--input`` (default: the shipped sample,
``data/sample/responses.csv``), repeated until about ``--words`` words. The baseline is what a
naive extraction would do: every text through the whole English pipeline with ``nlp.pipe``.
Extraction is what ``synthesis extract`` runs on each distinct answer
(:func:`synthesis.extract.analyse_texts`): the rule components over everything, the statistical
NER only on the sentences that hold a candidate for an unlisted tool or an unexplained capitalised
word, the redaction of every sentence, and the per-answer result tables. ``--no-redact`` leaves
the redaction out.

Usage: python benchmarks/extract_speed.py [--words 200000] [--input data/sample/responses.csv] [--no-redact]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sample_texts(path: Path, words: int) -> list[str]:
    import pandas as pd

    from synthesis.questions import load_question_set

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    columns = [q for q in load_question_set().free_text_ids() if q in frame.columns]
    base = [t for c in columns for t in frame[c].tolist() if isinstance(t, str) and t.strip()]
    if not base:
        raise SystemExit(f"{path}: no free-text answers")
    texts: list[str] = []
    total = 0
    while total < words:
        for text in base:
            texts.append(text)
            total += len(text.split())
            if total >= words:
                break
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=ROOT / "data" / "sample" / "responses.csv")
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=1, help="timed passes; the best of each is kept")
    parser.add_argument("--blocks", type=int, default=20, help="blocks the texts are timed in, alternately")
    parser.add_argument("--no-redact", dest="redact", action="store_false",
                        help="leave the redaction of the sentences out of the extraction run")
    args = parser.parse_args(argv)

    from synthesis.extract import analyse_texts
    from synthesis.nlp import build_pipeline, load_english

    texts = sample_texts(args.input, args.words)
    n_words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} answers, {n_words} words (sample answers repeated)")

    # the results are a pure function of the text: de-duplication would flatter extraction, so
    # every repeated answer is made unique with a suffix both runs see
    texts = [f"{t} [{i}]" for i, t in enumerate(texts)]

    started = time.perf_counter()
    nlp = build_pipeline()
    load_extract = time.perf_counter() - started
    started = time.perf_counter()
    full = load_english()
    load_full = time.perf_counter() - started

    # warm both up (first calls allocate, fill caches); then time them block by block, alternating,
    # so that a busy shared machine slows both runs alike; the best of --repeat passes is kept
    analyse_texts(texts[:200], nlp, batch_size=args.batch_size, redact=args.redact)
    list(full.pipe(texts[:200], batch_size=args.batch_size))
    size = max(1, len(texts) // args.blocks)
    blocks = [texts[i:i + size] for i in range(0, len(texts), size)]
    # wall and CPU seconds of this process (CPU time leaves out waiting for a core on a busy machine)
    best = {"extract": [float("inf")] * 2, "full": [float("inf")] * 2}
    for _ in range(args.repeat):
        spent = {"extract": [0.0, 0.0], "full": [0.0, 0.0]}
        n_tools = n_themes = n_ents = 0
        for k, block in enumerate(blocks):
            for name in (("extract", "full") if k % 2 == 0 else ("full", "extract")):  # alternate who goes first
                wall, cpu = time.perf_counter(), time.process_time()
                if name == "extract":
                    results = analyse_texts(block, nlp, batch_size=args.batch_size, redact=args.redact)
                    n_tools += sum(r["mentions"]["kind"].count("tool") for r in results)
                    n_themes += sum(r["mentions"]["kind"].count("theme") for r in results)
                else:
                    n_ents += sum(len(doc.ents) for doc in full.pipe(block, batch_size=args.batch_size))
                spent[name][0] += time.perf_counter() - wall
                spent[name][1] += time.process_time() - cpu
        for name in best:
            best[name] = [min(a, b) for a, b in zip(best[name], spent[name])]

    (t_extract, c_extract), (t_full, c_full) = best["extract"], best["full"]
    print(f"{'run':<44} {'seconds':>8} {'words/s':>10} {'CPU s':>8} {'CPU words/s':>12}")
    label = "extract (rules, NER on candidates" + (", redaction)" if args.redact else ", no redaction)")
    print(f"{label:<44} {t_extract:8.2f} {n_words / t_extract:10.0f} {c_extract:8.2f} {n_words / c_extract:12.0f}"
          f"   ({n_tools} tool and {n_themes} theme findings; load {load_extract:.1f}s)")
    print(f"{'full en_core_web_sm nlp.pipe':<44} {t_full:8.2f} {n_words / t_full:10.0f} {c_full:8.2f} "
          f"{n_words / c_full:12.0f}   ({n_ents} entities; load {load_full:.1f}s)")
    print(f"speed-up: {t_full / t_extract:.1f}x wall, {c_full / c_extract:.1f}x CPU (same texts, timed alternately "
          f"in {len(blocks)} blocks after a warm-up)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
