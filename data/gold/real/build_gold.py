"""Build the real-text gold sentences from the two coders' labels and the third reading, split by page.

    .venv/bin/python data/gold/real/build_gold.py

Where the two coders agree (same themes, denied themes, tool names and statuses), their labels are the gold;
where they differ, the third reading (``labels/third_reading/``) decides. Every sentence becomes one record in
the format of ``data/gold/*.jsonl`` (``text``, ``question_id``, ``tools``, ``themes``, ``negated_themes``) with its
``passage_id``, ``url`` and ``source_kind``.

Pages, not sentences, are split: every sentence of a page goes to the same part, so no page's wording is in two
parts. A page's part follows from a hash of its URL (60% train, 20% dev, 20% test), so the split is stable
when pages are added. ``test.jsonl`` is only ever run to report.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from agreement import labels, norm, passages, read_jsonl

HERE = Path(__file__).resolve().parent
SPLITS = (("train", 60), ("dev", 20), ("test", 20))
STOPPED = {"stopped", "not_used"}


def split_of(url: str) -> str:
    """The part a page belongs to, from a hash of its URL (stable, independent of the order of pages)."""
    bucket = int(hashlib.sha256(url.encode("utf-8")).hexdigest(), 16) % 100
    edge = 0
    for name, share in SPLITS:
        edge += share
        if bucket < edge:
            return name
    return SPLITS[-1][0]


def same(a: dict, b: dict) -> bool:
    tools_a = {norm(t["label"]): t["status"] for t in a["tools"]}
    tools_b = {norm(t["label"]): t["status"] for t in b["tools"]}
    return (set(a["themes"]) == set(b["themes"]) and set(a["negated_themes"]) == set(b["negated_themes"])
            and tools_a == tools_b)


def gold_tool(tool: dict) -> dict:
    status = tool.get("status") or "mentioned"
    out = {"label": tool["label"], "text": tool["text"], "status": status, "negated": status in STOPPED}
    if tool.get("part_of"):
        out["part_of"] = tool["part_of"]
    return out


def build() -> dict[str, list[dict]]:
    texts = passages()
    a, b = labels("coder_a"), labels("coder_b")
    third = {}
    for path in sorted((HERE / "labels" / "third_reading").glob("*.jsonl")):
        for record in read_jsonl(path):
            third[(record["passage_id"], int(record["index"]))] = record
    parts: dict[str, list[dict]] = {name: [] for name, _ in SPLITS}
    missing = []
    for pid, passage in sorted(texts.items()):
        for i, sentence in enumerate(passage["sentences"]):
            key = (pid, i)
            if key in a and key in b and same(a[key], b[key]):
                final = a[key]
            elif key in third:
                final = third[key]
            else:
                missing.append(key)
                continue
            tools = [gold_tool(t) for t in final["tools"] if t["text"] in sentence]
            parts[split_of(passage["url"])].append({
                "id": f"{pid}.{i}", "text": sentence, "question_id": passage["question_id"],
                "tools": tools, "themes": sorted(set(final["themes"])),
                "negated_themes": sorted(set(final["negated_themes"]) - set(final["themes"])),
                "passage_id": pid, "url": passage["url"], "source_kind": passage["source_kind"],
            })
    if missing:
        raise SystemExit(f"{len(missing)} sentences have no settled labels, e.g. {missing[:3]}")
    return parts


def main() -> None:
    parts = build()
    for name, rows in parts.items():
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        pages = len({r["url"] for r in rows})
        themes = sum(len(r["themes"]) for r in rows)
        print(f"{name}: {len(rows)} sentences from {pages} pages, {themes} theme labels, "
              f"{sum(len(r['tools']) for r in rows)} tool mentions")
    kinds = Counter(r["source_kind"] for rows in parts.values() for r in rows)
    print("source kinds:", dict(kinds.most_common()))


if __name__ == "__main__":
    main()
