"""Placeholders and span arithmetic: merging overlapping finds and replacing them."""

from __future__ import annotations

import bisect


Span = tuple[int, int, str]

NAME = "[NAME]"
EMAIL = "[EMAIL]"
PHONE = "[PHONE]"
POSTCODE = "[POSTCODE]"
DATE_OF_BIRTH = "[DATE_OF_BIRTH]"
NI_NUMBER = "[NI_NUMBER]"
NHS_NUMBER = "[NHS_NUMBER]"
URL = "[URL]"
ADDRESS = "[ADDRESS]"
CASE_REF = "[CASE_REF]"
PASSPORT = "[PASSPORT]"
DRIVING_LICENCE = "[DRIVING_LICENCE]"
HANDLE = "[HANDLE]"
IP_ADDRESS = "[IP_ADDRESS]"

PLACEHOLDERS = (NAME, EMAIL, PHONE, POSTCODE, DATE_OF_BIRTH, NI_NUMBER, NHS_NUMBER, URL, ADDRESS,
                CASE_REF, PASSPORT, DRIVING_LICENCE, HANDLE, IP_ADDRESS)

# When two spans of different kinds overlap and are equally long, the earlier kind here wins.
_PRIORITY = {p: i for i, p in enumerate(
    (EMAIL, URL, HANDLE, IP_ADDRESS, DRIVING_LICENCE, NI_NUMBER, NHS_NUMBER, PHONE, PASSPORT, CASE_REF, DATE_OF_BIRTH,
     POSTCODE, ADDRESS, NAME))}


def merge_spans(spans: list[Span]) -> list[Span]:
    """Merge overlapping (or touching name) spans; the longest original span names the result."""
    if not spans:
        return []
    spans = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    merged: list[Span] = []
    best: list[tuple[int, int, str]] = []  # the span that gives each merged group its label
    for s, e, label in spans:
        if merged and s < merged[-1][1]:
            ms, me, _ = merged[-1]
            bs, be, bl = best[-1]
            if (e - s, -_PRIORITY[label]) > (be - bs, -_PRIORITY[bl]):
                best[-1] = (s, e, label)
            merged[-1] = (ms, max(me, e), best[-1][2])
        else:
            merged.append((s, e, label))
            best.append((s, e, label))
    return merged


def span_coverage(spans: list[Span]) -> list[tuple[int, int]]:
    """Merged (start, end) intervals, for quick "is this token already covered" tests."""
    return [(s, e) for s, e, _ in merge_spans(spans)]


def is_covered(coverage: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(coverage, (start, float("inf"))) - 1
    return i >= 0 and coverage[i][0] <= start and end <= coverage[i][1]


def apply_spans(text: str, spans: list[Span]) -> str:
    """Replace the (sorted, disjoint) spans; text outside them is copied unchanged."""
    parts: list[str] = []
    pos = 0
    for s, e, label in spans:
        parts.append(text[pos:s])
        parts.append(label)
        pos = e
    parts.append(text[pos:])
    return "".join(parts)
