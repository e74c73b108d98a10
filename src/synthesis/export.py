"""Writing tables to disk: one function for every CSV, XLSX, JSONL and Parquet file the product writes.

CSV: a cell that begins with ``=``, ``+``, ``-``, ``@`` (or their full-width forms ``＝ ＋ － ＠``), a tab or a
carriage return is prefixed with ``'`` so that a spreadsheet never runs it as a formula (OWASP's advice on CSV
injection); so is every such character that follows a ``;``, ``,`` or tab inside a cell (and any spaces), since
a spreadsheet that splits the file on that separator would start a new cell there. XLSX: every text cell is
typed as a string, so it shows exactly as written and is never a formula. Files are written to a temporary
name in the same folder and renamed, so a reader never sees half a file and two runs side by side never share a
temporary file.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import zipfile
from datetime import datetime
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Mapping
from typing import Any, Iterator

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\t", "\r")
#: A formula character after a separator another program may split a cell on (spaces between are skipped).
_AFTER_SEPARATOR = re.compile(r"([;,\t]\s*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])")
FORMATS = (".csv", ".xlsx", ".jsonl", ".parquet")
#: The timestamp written into XLSX files, so that the same table gives the same bytes.
FIXED_TIME = datetime(2000, 1, 1)
_DOC_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)([^<]*)(</dcterms:)")


def neutralise(value: object) -> object:
    """Make one CSV cell safe: text a spreadsheet would run as a formula, at the start or after a ``;``, ``,``
    or tab, gets a ``'`` before it."""
    if not isinstance(value, str):
        return value
    if any(separator in value for separator in ";,\t"):
        value = _AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


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


def jsonable(value: Any) -> Any:
    """``value`` with what JSON cannot hold made plain: mappings and sequences walked, paths as text, NaN as
    null, numpy scalars as Python numbers."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def write_json(data: object, path: str | Path) -> Path:
    """Write JSON atomically (through :func:`jsonable`), keys sorted so that the same data gives the same bytes."""
    return write_text(json.dumps(jsonable(data), indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n",
                      path)


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """XLSX with every text cell typed as a string (never a formula) and fixed document and archive timestamps
    (openpyxl would stamp the current time)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([str(c) for c in frame.columns])
    for values in frame.itertuples(index=False, name=None):
        row = []
        for value in values:
            value = _flat(value)
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                row.append(None)
            elif isinstance(value, (bool, int, float)) or hasattr(value, "item"):
                row.append(value.item() if hasattr(value, "item") else value)
            else:
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value)))
                cell.data_type = "s"  # openpyxl would make "=..." a formula
                row.append(cell)
        sheet.append(row)
    book.save(path)
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
            _write_xlsx(frame, temporary)
        elif suffix == ".jsonl":
            frame.to_json(temporary, orient="records", lines=True, force_ascii=False)
        else:
            frame.to_parquet(temporary, index=False)
    return path


def write_csv_and_xlsx(frame: pd.DataFrame, path: str | Path) -> tuple[Path, Path]:
    """Write ``frame`` as ``path`` (CSV, formula-safe) and as the XLSX of the same name beside it (string-typed
    cells), so that every table is offered in both forms; returns both paths."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ValueError(f"{path}: expected a .csv path (the .xlsx is written beside it)")
    return write_table(frame, path), write_table(frame, path.with_suffix(".xlsx"))
