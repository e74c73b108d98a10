"""Recall of the redactor on the labelled personal-data benchmark, and how often it wrongly redacts.

Each line of a benchmark file is a JSON object: ``text``, ``identifiers`` (``[{"text", "kind"}]``:
substrings of ``text`` that must be redacted) and ``keep`` (``[{"text"}]``: look-alikes that must
stay, such as "Mind Of My Own", "a grace period", council names). See ``benchmarks/pii/README.md``.

Scoring, on the spans :meth:`synthesis.redact.Redactor.find` returns:

- an identifier is *caught* when every letter and digit of every place it occurs in the text lies
  inside a redacted span (half an address or "DeShawn [NAME]" is a miss);
- a keep phrase is *wrongly redacted* when any letter or digit of it lies inside a redacted span.

Usage: python benchmarks/pii.py [FILE ...] [--misses]   (default: the six shipped files)

The shipped files are ``dev.jsonl``, ``dev2.jsonl``, ``dev3.jsonl`` and ``dev4.jsonl`` (tuning sets: their misses may
be read) and
``test.jsonl`` and ``test2.jsonl`` (held out: run for their figures only). ``--misses`` lists
misses for the tuning sets only unless files are named on the command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
TUNING_FILES = tuple(HERE / "pii" / name for name in ("dev.jsonl", "dev2.jsonl", "dev3.jsonl", "dev4.jsonl"))
HELD_OUT_FILES = (HERE / "pii" / "test.jsonl", HERE / "pii" / "test2.jsonl")
DEFAULT_FILES = TUNING_FILES + HELD_OUT_FILES


class BenchmarkError(ValueError):
    """A benchmark file that cannot be scored (the message names file, line and field)."""


@dataclass
class Record:
    where: str  # "file:line", for messages
    text: str
    identifiers: list[tuple[str, str]]  # (text, kind)
    keep: list[str]


@dataclass
class Score:
    found: Counter = field(default_factory=Counter)  # kind -> identifiers caught
    total: Counter = field(default_factory=Counter)  # kind -> identifiers
    keep_total: int = 0
    keep_redacted: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.total.values()))

    @property
    def keep_error_rate(self) -> float:
        return self.keep_redacted / max(1, self.keep_total)


def _occurrences(text: str, part: str) -> list[tuple[int, int]]:
    out, start = [], text.find(part)
    while start >= 0:
        out.append((start, start + len(part)))
        start = text.find(part, start + 1)
    return out


def _field_text(item: object, where: str, name: str) -> str:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"]:
        raise BenchmarkError(f"{where}: each entry of {name!r} needs a non-empty string 'text'")
    return item["text"]


def load(path: Path) -> list[Record]:
    """The records of one benchmark file; a malformed line is a one-line error naming it."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BenchmarkError(f"{path}: cannot be read ({exc})") from None
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BenchmarkError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise BenchmarkError(f"{where}: a record needs a string 'text'")
        text = row["text"]
        identifiers = []
        for item in row.get("identifiers") or []:
            part = _field_text(item, where, "identifiers")
            if not isinstance(item.get("kind"), str):
                raise BenchmarkError(f"{where}: identifier {part!r} has no 'kind'")
            identifiers.append((part, item["kind"]))
        keep = [_field_text(item, where, "keep") for item in row.get("keep") or []]
        for part in [p for p, _ in identifiers] + keep:
            if part not in text:
                raise BenchmarkError(f"{where}: {part!r} does not occur in 'text'")
        records.append(Record(where, text, identifiers, keep))
    return records


def _covered(spans: Sequence[tuple[int, int, str]], text: str, start: int, end: int) -> tuple[bool, bool]:
    """(all letters and digits of text[start:end] are redacted, any of them is)."""
    inside = [any(s <= i < e for s, e, _ in spans) for i in range(start, end) if text[i].isalnum()]
    return all(inside), any(inside)


def score(records: Iterable[Record], find_many) -> Score:
    """Score records with ``find_many`` (texts -> spans per text, as ``Redactor.find_many``)."""
    records = list(records)
    result = Score()
    for record, spans in zip(records, find_many([r.text for r in records])):
        for part, kind in record.identifiers:
            result.total[kind] += 1
            if all(_covered(spans, record.text, s, e)[0] for s, e in _occurrences(record.text, part)):
                result.found[kind] += 1
            else:
                result.misses.append(f"{record.where}: {kind} {part!r} in {record.text!r}")
        for part in record.keep:
            result.keep_total += 1
            if any(_covered(spans, record.text, s, e)[1] for s, e in _occurrences(record.text, part)):
                result.keep_redacted += 1
                result.wrong.append(f"{record.where}: kept {part!r} was redacted in {record.text!r}")
    return result


def report(name: str, result: Score) -> str:
    """A Markdown table of recall per kind, overall, and the wrongly redacted keep phrases."""
    lines = [f"### {name}", "", "| kind | caught | of | recall |", "|---|---:|---:|---:|"]
    for kind in sorted(result.total):
        found, total = result.found[kind], result.total[kind]
        lines.append(f"| {kind} | {found} | {total} | {found / total:.3f} |")
    lines.append(f"| **all** | {sum(result.found.values())} | {sum(result.total.values())} | "
                 f"{result.recall:.3f} |")
    lines += ["", f"Keep phrases wrongly redacted: {result.keep_redacted} of {result.keep_total} "
                  f"({result.keep_error_rate:.3f})."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=None)
    parser.add_argument("--misses", action="store_true", help="list every miss and wrong redaction")
    args = parser.parse_args(argv)
    from synthesis.redact import Redactor

    redactor = Redactor()
    named = bool(args.files)
    files = args.files or list(DEFAULT_FILES)
    try:
        loaded = [(path, load(path)) for path in files]
    except BenchmarkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path, records in loaded:
        result = score(records, redactor.find_many)
        held_out = not named and path in HELD_OUT_FILES
        print(report(f"{path.name} ({'held out' if held_out else 'tuning'})" if not named else path.name, result))
        if args.misses and not held_out:
            print("", *result.misses, *result.wrong, sep="\n")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
