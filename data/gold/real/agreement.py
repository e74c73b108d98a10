"""Agreement between the two independent coders of the real-text corpus, and the sentences they disagree on.

    .venv/bin/python data/gold/real/agreement.py            # prints the figures, writes agreement.json
    .venv/bin/python data/gold/real/agreement.py --disagreements FILE   # also the sentences for a third reading

Themes: micro-F1 between the coders over (sentence, theme) pairs (symmetric: either coder may be taken as the
reference), and Cohen's kappa per theme over sentences. Tools: micro-F1 over (sentence, canonical name) pairs,
names compared case-insensitively with spaces and hyphens ignored; status agreement on the tools both found.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def norm(name: str) -> str:
    """A tool name compared across coders: case, spaces, hyphens and dots ignored."""
    return re.sub(r"[\s\-–._]+", "", name.lower())


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def passages() -> dict[str, dict]:
    out = {}
    for path in sorted((HERE / "passages").glob("*.jsonl")):
        for record in read_jsonl(path):
            out[record["passage_id"]] = record
    return out


def labels(coder: str) -> dict[tuple[str, int], dict]:
    out = {}
    for path in sorted((HERE / "labels" / coder).glob("*.jsonl")):
        for record in read_jsonl(path):
            out[(record["passage_id"], int(record["index"]))] = record
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def kappa(a: list[bool], b: list[bool]) -> float | None:
    """Cohen's kappa of two binary codings of the same items (``None`` when both never or always code it)."""
    n = len(a)
    agree = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return None if expected == 1 else (agree - expected) / (1 - expected)


def compare(a: dict, b: dict) -> dict:
    keys = sorted(set(a) & set(b))
    theme_ids = sorted({t for k in keys for t in a[k]["themes"] + b[k]["themes"]})
    tp = fp = fn = 0
    for k in keys:
        sa, sb = set(a[k]["themes"]), set(b[k]["themes"])
        tp, fp, fn = tp + len(sa & sb), fp + len(sb - sa), fn + len(sa - sb)
    per_theme = {}
    for theme in theme_ids:
        xa = [theme in a[k]["themes"] for k in keys]
        xb = [theme in b[k]["themes"] for k in keys]
        per_theme[theme] = {"coder_a": sum(xa), "coder_b": sum(xb), "both": sum(x and y for x, y in zip(xa, xb)),
                            "kappa": kappa(xa, xb)}
    ttp = tfp = tfn = 0
    status_same = status_n = 0
    for k in keys:
        ta = {norm(t["label"]): t for t in a[k]["tools"]}
        tb = {norm(t["label"]): t for t in b[k]["tools"]}
        ttp, tfp, tfn = ttp + len(ta.keys() & tb.keys()), tfp + len(tb.keys() - ta.keys()), tfn + len(ta.keys() - tb.keys())
        for name in ta.keys() & tb.keys():
            status_n += 1
            status_same += ta[name]["status"] == tb[name]["status"]
    p, r, f = prf(tp, fp, fn)
    tpr, trr, tf = prf(ttp, tfp, tfn)
    return {
        "sentences": len(keys),
        "themes": {"micro_f1": round(f, 3), "pairs_both": tp, "only_a": fn, "only_b": fp,
                   "mean_kappa": round(sum(v["kappa"] for v in per_theme.values() if v["kappa"] is not None)
                                       / max(1, sum(v["kappa"] is not None for v in per_theme.values())), 3)},
        "per_theme": {t: {**v, "kappa": None if v["kappa"] is None else round(v["kappa"], 3)} for t, v in per_theme.items()},
        "tools": {"micro_f1": round(tf, 3), "both": ttp, "only_a": tfn, "only_b": tfp},
        "tool_status_agreement": round(status_same / status_n, 3) if status_n else None,
    }


def disagreements(a: dict, b: dict, texts: dict[str, dict]) -> list[dict]:
    """Sentences where the coders differ on themes, denied themes, tool names or tool status."""
    out = []
    for key in sorted(set(a) & set(b)):
        la, lb = a[key], b[key]
        tools_a = {norm(t["label"]): t["status"] for t in la["tools"]}
        tools_b = {norm(t["label"]): t["status"] for t in lb["tools"]}
        if (set(la["themes"]) != set(lb["themes"]) or set(la["negated_themes"]) != set(lb["negated_themes"])
                or tools_a != tools_b):
            passage = texts[key[0]]
            out.append({"passage_id": key[0], "index": key[1], "question_id": passage["question_id"],
                        "passage": passage["sentences"], "sentence": passage["sentences"][key[1]],
                        "coder_1": {k: la[k] for k in ("themes", "negated_themes", "tools")},
                        "coder_2": {k: lb[k] for k in ("themes", "negated_themes", "tools")}})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disagreements", type=Path, help="write the sentences the coders disagree on (JSON Lines)")
    args = parser.parse_args()
    a, b = labels("coder_a"), labels("coder_b")
    report = compare(a, b)
    (HERE / "agreement.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{report['sentences']} sentences coded by both coders")
    print(f"themes: micro-F1 {report['themes']['micro_f1']} (both {report['themes']['pairs_both']}, "
          f"only A {report['themes']['only_a']}, only B {report['themes']['only_b']}); "
          f"mean Cohen's kappa over themes {report['themes']['mean_kappa']}")
    print(f"tools: micro-F1 {report['tools']['micro_f1']}; status agreement on shared tools "
          f"{report['tool_status_agreement']}")
    for theme, v in sorted(report["per_theme"].items()):
        print(f"  {theme:34s} A {v['coder_a']:4d}  B {v['coder_b']:4d}  both {v['both']:4d}  kappa {v['kappa']}")
    if args.disagreements:
        rows = disagreements(a, b, passages())
        with args.disagreements.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{len(rows)} sentences to settle by a third reading: {args.disagreements}")
    counts = Counter(k[0].split("-")[0] for k in a)
    print("sentences per gatherer:", dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
