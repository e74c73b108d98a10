#!/usr/bin/env python3
"""Validate the hand-labelled gold set (data/gold/train.jsonl, dev.jsonl, heldout.jsonl).

Checks: JSON well-formed, required fields and types, every tool `text` is a substring of the
sentence, theme ids valid (those of SPEC.md section 4), statuses valid, `negated`
consistent with status, ids unique, no overlap (ids or texts) between any two files, no theme both
affirmed and negated. Prints counts per label per split. Exit status 1 on any error.

Usage: .venv/bin/python data/gold/check_gold.py [GOLD_DIR]
"""
import collections
import json
import sys
from pathlib import Path

from synthesis.knowledge import SPEC_THEME_IDS as THEME_IDS  # the default codebook's ids (SPEC section 4)

STATUSES = ["in_use", "piloting", "planned", "stopped", "not_used", "mentioned"]
NEGATED_STATUSES = {"stopped", "not_used"}
QUESTION_IDS = ["tools_used", "impact", "risks_ethics", "barriers", "barriers_overcome",
                "single_view_detail", "support_needed"]
FIELDS = {"id": str, "text": str, "question_id": str, "tools": list, "themes": list,
          "negated_themes": list, "origin": str}
SPLITS = ["train", "dev", "heldout"]
MIN_PER_THEME = 6


def load(path, errors):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"{path.name}:{n}: blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{path.name}:{n}: invalid JSON ({e})")
                continue
            rows.append((n, obj))
    return rows


def check_row(name, n, r, errors):
    where = f"{name}:{n} ({r.get('id', '?')})"
    for field, typ in FIELDS.items():
        if field not in r:
            errors.append(f"{where}: missing field {field!r}")
            return
        if not isinstance(r[field], typ):
            errors.append(f"{where}: field {field!r} should be {typ.__name__}")
            return
    extra = set(r) - set(FIELDS)
    if extra:
        errors.append(f"{where}: unexpected fields {sorted(extra)}")
    if not r["text"].strip():
        errors.append(f"{where}: empty text")
    if r["question_id"] not in QUESTION_IDS:
        errors.append(f"{where}: unknown question_id {r['question_id']!r}")
    for t in r["themes"] + r["negated_themes"]:
        if t not in THEME_IDS:
            errors.append(f"{where}: unknown theme id {t!r}")
    if len(set(r["themes"])) != len(r["themes"]):
        errors.append(f"{where}: duplicate theme")
    both = set(r["themes"]) & set(r["negated_themes"])
    if both:
        errors.append(f"{where}: theme both affirmed and negated: {sorted(both)}")
    for tool in r["tools"]:
        if set(tool) != {"label", "text", "status", "negated"}:
            errors.append(f"{where}: tool needs exactly label/text/status/negated: {tool}")
            continue
        if not tool["label"].strip():
            errors.append(f"{where}: empty tool label")
        if tool["text"] not in r["text"]:
            errors.append(f"{where}: tool text {tool['text']!r} is not a substring of the sentence")
        if tool["status"] not in STATUSES:
            errors.append(f"{where}: invalid status {tool['status']!r}")
        if not isinstance(tool["negated"], bool):
            errors.append(f"{where}: negated must be true/false")
        elif tool["negated"] != (tool["status"] in NEGATED_STATUSES):
            errors.append(f"{where}: negated={tool['negated']} inconsistent with status {tool['status']!r}")


def main(argv):
    gold = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    errors = []
    data = {}
    for s in SPLITS:
        p = gold / f"{s}.jsonl"
        if not p.exists():
            errors.append(f"missing file {p}")
            data[s] = []
            continue
        data[s] = load(p, errors)
        for n, r in data[s]:
            if isinstance(r, dict):
                check_row(p.name, n, r, errors)
            else:
                errors.append(f"{p.name}:{n}: not a JSON object")
    ids = collections.Counter(r.get("id") for s in SPLITS for _, r in data[s] if isinstance(r, dict))
    for i, c in ids.items():
        if c > 1:
            errors.append(f"id {i!r} occurs {c} times")
    for a_i, a in enumerate(SPLITS):
        for b in SPLITS[a_i + 1:]:
            a_ids = {r.get("id") for _, r in data[a]}
            b_ids = {r.get("id") for _, r in data[b]}
            if a_ids & b_ids:
                errors.append(f"ids in both {a} and {b}: {sorted(a_ids & b_ids)[:10]}")
            b_txt = {r.get("text") for _, r in data[b]}
            same = sorted(r.get("id") for _, r in data[a] if r.get("text") in b_txt)
            if same:  # name only the ids on the first file's side: held-out text is never printed
                errors.append(f"sentences of {a} also in {b}: {same[:10]}")
    texts = collections.Counter(r.get("text") for s in SPLITS for _, r in data[s])
    for s in SPLITS:  # named by id (held-out text is never printed)
        dup = [r.get("id") for _, r in data[s] if texts[r.get("text")] > 1]
        if dup:
            errors.append(f"{s}: sentences occurring more than once: {dup[:10]}")

    rows = {s: [r for _, r in data[s] if isinstance(r, dict)] for s in SPLITS}

    def table(title, counter_fn, keys=None):
        counts = {s: counter_fn(rows[s]) for s in SPLITS}
        keys = keys or sorted(set().union(*[set(c) for c in counts.values()]))
        width = max([len(title)] + [len(str(k)) for k in keys])
        heads = " ".join(f"{s[:5]:>5}" for s in SPLITS)
        print(f"\n{title:<{width}}  {heads} {'total':>6}")
        for k in keys:
            vals = [counts[s].get(k, 0) for s in SPLITS]
            print(f"{str(k):<{width}}  {' '.join(f'{v:>5}' for v in vals)} {sum(vals):>6}")
        return counts

    print("sentences: " + " ".join(f"{s}={len(rows[s])}" for s in SPLITS)
          + f" total={sum(len(rows[s]) for s in SPLITS)}")
    table("question_id", lambda rs: collections.Counter(r["question_id"] for r in rs), QUESTION_IDS)
    tc = table("theme (affirmed)", lambda rs: collections.Counter(t for r in rs for t in r["themes"]), THEME_IDS)
    table("theme (negated)", lambda rs: collections.Counter(t for r in rs for t in r["negated_themes"]))
    table("sentences by number of themes",
          lambda rs: collections.Counter(min(len(r["themes"]), 3) for r in rs), [0, 1, 2, 3])
    table("tool status", lambda rs: collections.Counter(t["status"] for r in rs for t in r["tools"]), STATUSES)
    table("tool label", lambda rs: collections.Counter(t["label"] for r in rs for t in r["tools"]))
    n_tools = sum(len(r["tools"]) for s in SPLITS for r in rows[s])
    n_neg = sum(t["negated"] for s in SPLITS for r in rows[s] for t in r["tools"])
    print(f"\ntool mentions: {n_tools} (negated {n_neg}); "
          f"sentences without tools: {sum(not r['tools'] for s in SPLITS for r in rows[s])}; "
          f"sentences without themes: {sum(not r['themes'] for s in SPLITS for r in rows[s])}")
    low = [t for t in THEME_IDS if tc["dev"].get(t, 0) + tc["heldout"].get(t, 0) < MIN_PER_THEME]
    low_train = [t for t in THEME_IDS if tc["train"].get(t, 0) < MIN_PER_THEME]
    if low_train:
        print(f"WARNING: themes with fewer than {MIN_PER_THEME} affirmed examples in train: {low_train}")
    if low:
        print(f"WARNING: themes with fewer than {MIN_PER_THEME} affirmed examples: {low}")

    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK: gold set is valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
