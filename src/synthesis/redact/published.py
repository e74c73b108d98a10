"""Other published strings: candidate tool names, short values, file names, respondent ids."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from functools import lru_cache

from synthesis.redact.names import Redactor


@lru_cache(maxsize=1)
def default_redactor() -> Redactor:
    """A shared ``Redactor`` with the default pipeline (loaded on first use)."""
    return Redactor()


def redact(text: str) -> str:
    """Replace personal data in one text with placeholders such as ``[NAME]``."""
    return default_redactor().redact(text)


def is_personal_data(candidate: str, context: str | None = None) -> bool:
    """True when ``candidate`` (e.g. a discovered tool name) is or holds personal data, judged in
    ``context`` (the text it was found in; it must occur there) or on its own."""
    if context is None or candidate not in context:
        context = candidate
    start = context.index(candidate)
    return default_redactor().personal_many([(context, start, start + len(candidate))])[0]


def redact_value(value: object) -> str:
    """Redact one short published string (see :meth:`Redactor.redact_values`)."""
    return default_redactor().redact_values(["" if value is None else str(value)])[0]


#: Length of a pseudonym's code (base32 characters of an HMAC-SHA256): 50 bits.
PSEUDONYM_CHARS = 10


def pseudonym_key(data: bytes) -> bytes:
    """A key for :func:`pseudonymise` derived from the input file's bytes: the same input gives the
    same pseudonyms, and the published sha256 of the input does not give the key away."""
    return hashlib.sha256(b"synthesis pseudonym key\0" + data).digest()


def pseudonymise(ids: Iterable[object], key: bytes, prefix: str = "R-") -> dict[str, str]:
    """Stable pseudonyms for respondent ids: ``{id: "R-" + HMAC-SHA256(key, id) in base32}``.

    Deterministic for a key; codes are lengthened for every id if two would collide.
    """
    if not key:
        raise ValueError("pseudonymise: the key is empty")
    unique = sorted({str(i) for i in ids})
    digests = {i: base64.b32encode(hmac.new(key, i.encode("utf-8"), hashlib.sha256).digest()).decode("ascii")
               for i in unique}
    chars = PSEUDONYM_CHARS
    while len({d[:chars] for d in digests.values()}) < len(digests):
        chars += 2
    return {i: prefix + d[:chars] for i, d in digests.items()}
