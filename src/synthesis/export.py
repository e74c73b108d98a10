"""Writing tables to disk: one function for every CSV, XLSX, JSONL and Parquet file the product writes.

Spreadsheet cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are prefixed
with ``'`` so that a spreadsheet never runs them as formulas (OWASP's advice on CSV injection).
Files are written to a temporary name in the same folder and renamed, so a reader never sees half a file
and two runs side by side never share a temporary file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from datetime import datetime
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = (".csv", ".xlsx", ".jsonl", ".parquet")
#: The timestamp written into XLSX files, so that the same table gives the same bytes.
FIXED_TIME = datetime(2000, 1, 1)
_DOC_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)([^<]*)(</dcterms:)")


def neutralise(value: object) -> object:
    """Make one spreadsheet cell safe: text that a spreadsheet would run as a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _flat(value: object) -> object:
    """Lists (multi-choice answers, theme sets) become ``a; b`` in flat formats."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with list cells joined and formula-like text neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: neutralise(_flat(v)), na_action="ignore")
    return safe


def current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it to ``path`` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, 0o666 & ~current_umask())  # mkstemp makes private files; give the usual permissions
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_text(text: str, path: str | Path) -> Path:
    """Write text atomically (UTF-8)."""
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return Path(path)


def write_json(data: object, path: str | Path) -> Path:
    """Write JSON atomically, keys sorted so that the same data gives the same bytes."""
    return write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n", path)


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """XLSX with fixed document and archive timestamps (openpyxl would stamp the current time)."""
    frame.to_excel(path, index=False, engine="openpyxl")
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            if name == "docProps/core.xml":
                data = _DOC_TIMES.sub(lambda m: m[1] + stamp + m[3], data)
            target.writestr(zipfile.ZipInfo(name, FIXED_TIME.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` in the format named by the extension of ``path`` (.csv, .xlsx, .jsonl, .parquet)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: unsupported output format '{suffix}': use one of {', '.join(FORMATS)}")
    with atomic_path(path) as temporary:
        if suffix == ".csv":
            spreadsheet_safe(frame).to_csv(temporary, index=False, encoding="utf-8", lineterminator="\n")
        elif suffix == ".xlsx":
            _write_xlsx(spreadsheet_safe(frame), temporary)
        elif suffix == ".jsonl":
            frame.to_json(temporary, orient="records", lines=True, force_ascii=False)
        else:
            frame.to_parquet(temporary, index=False)
    return path
