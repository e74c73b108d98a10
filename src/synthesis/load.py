"""Reading response files (CSV, XLSX, JSON, JSONL) into raw records of strings.

This step knows about files, encodings and layouts, not about questions: it returns every record with
the spreadsheet row it came from, so that later steps can name the row of any problem. Export headers
are renamed to question ids through a question map (a YAML file).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path

from charset_normalizer import from_bytes

from synthesis.errors import InputError
from synthesis.questions import read_yaml

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = "CSV, XLSX, JSON or JSONL"
ZIP_MAGIC = b"PK\x03\x04"
NUL_MARK = "\ufffe"  # stands in for a NUL byte until the cell holding it is known

csv.field_size_limit(2**31 - 1)


@dataclass
class Problem:
    """One thing wrong with the input, printed as ``FILE:ROW:COLUMN: message``."""

    file: str
    row: int | None
    column: str | None
    message: str
    fatal: bool

    def __str__(self) -> str:
        parts = [self.file, "" if self.row is None else str(self.row), self.column or ""]
        while parts and parts[-1] == "":
            parts.pop()
        level = "error" if self.fatal else "warning"
        return f"{':'.join(parts)}: {level}: {self.message}"


@dataclass
class RawTable:
    """Records as read from a file: ``rows[i]`` came from spreadsheet row ``row_numbers[i]``."""

    path: Path
    sha256: str
    columns: list[str]
    rows: list[dict[str, object]]
    row_numbers: list[int]
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class QuestionMap:
    """Export header -> question id, and how many header rows the export has."""

    columns: dict[str, str]
    header_rows: int = 1
    ignore: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: str | Path) -> "QuestionMap":
        path = Path(path)
        data = read_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
            raise InputError(path, "a question map needs a 'columns:' mapping of export header -> question id")
        header_rows = data.get("header_rows", 1)
        if header_rows not in (1, 2):
            raise InputError(path, "header_rows must be 1 or 2")
        columns = {_header_key(str(k)): str(v) for k, v in data["columns"].items()}
        ignore = frozenset(_header_key(str(h)) for h in data.get("ignore") or [])
        return cls(columns=columns, header_rows=header_rows, ignore=ignore)


def _header_key(text: str) -> str:
    """Headers compare without case and runs of white space."""
    return " ".join(text.split()).casefold()


def read_table(path: str | Path, question_map: QuestionMap | None = None) -> RawTable:
    """Read any supported file into a :class:`RawTable`, raising :class:`InputError` for unusable files."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    if path.is_dir():
        raise InputError(path, f"is a directory, not a {SUPPORTED} file")
    data = path.read_bytes()
    if not data or data.isspace():  # not data.strip(): that copies the whole file
        raise InputError(path, "file is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    is_zip = data.startswith(ZIP_MAGIC)
    if is_zip and suffix not in XLSX_SUFFIXES:
        raise InputError(path, f"is an Excel workbook (XLSX) named '{suffix}': rename it to .xlsx")
    if suffix in XLSX_SUFFIXES:
        if not is_zip:
            raise InputError(path, "is not a valid XLSX workbook (it is not a zip archive; was it saved as CSV?)")
        grid, problems = _read_xlsx(path, data)
    elif suffix in JSON_SUFFIXES | JSONL_SUFFIXES:
        return _records_table(path, sha256, _read_json(path, data, jsonl=suffix in JSONL_SUFFIXES), question_map)
    elif suffix in CSV_SUFFIXES or not suffix:
        grid, problems = _read_csv(path, data)
    else:
        raise InputError(path, f"unsupported file type '{suffix}': expected {SUPPORTED}")
    return _grid_table(path, sha256, grid, problems, question_map)


# --- CSV ---------------------------------------------------------------------------------------


def _encoding(data: bytes) -> str | None:
    """The codec a file decodes with: UTF-16 (BOM), UTF-8 (with or without BOM), Windows-1252, else ``None``.

    UTF-8 and Windows-1252 are tried in 1 MB steps, so the whole text is never held just to check it.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    view = memoryview(data)
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for i in range(0, len(data), 1 << 20):
                decoder.decode(view[i:i + (1 << 20)])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _not_utf8(path: Path, encoding: str | None) -> list[Problem]:
    if encoding in ("utf-16", "utf-8-sig"):
        return []
    name = "Windows-1252" if encoding == "cp1252" else encoding
    return [Problem(str(path), None, None, f"not UTF-8: decoded as {name}", fatal=False)]


def decode(path: Path, data: bytes) -> tuple[str, list[Problem]]:
    """Decode text from UTF-8 (with or without BOM), UTF-16 or, failing that, Excel's Windows-1252."""
    encoding = _encoding(data)
    if encoding is not None:
        return data.decode(encoding), _not_utf8(path, encoding)
    text, encoding = _guessed(data)
    return text, _not_utf8(path, encoding)


def _guessed(data: bytes) -> tuple[str, str]:
    """Text and encoding as charset_normalizer guesses them (Latin-1 when it cannot)."""
    best = from_bytes(data).best()
    return (str(best), best.encoding) if best else (data.decode("latin-1"), "latin-1")


def _text_stream(path: Path, data: bytes) -> tuple[io.TextIOBase, list[Problem]]:
    """The file's text as a stream decoded on the fly (lines end as in the file), and any decoding note."""
    encoding = _encoding(data)
    if encoding is None:  # rare: let charset_normalizer guess, holding the text
        text, encoding = _guessed(data)
        return io.StringIO(text, newline=""), _not_utf8(path, encoding)
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""), _not_utf8(path, encoding)


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: comma, semicolon or tab, whichever is most common outside quotes."""
    lines = text[:65536].splitlines()
    header = re.sub(r'"[^"]*"', "", lines[0] if lines else "")
    counts = {d: header.count(d) for d in ",;\t"}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _read_csv(path: Path, data: bytes) -> tuple[Iterator[tuple[int, list[str]]], list[Problem]]:
    """Numbered records of a CSV file, parsed as they are read (the file's text is never held whole)."""
    stream, problems = _text_stream(path, data)
    delimiter = _sniff_delimiter(stream.read(65536))
    stream.seek(0)
    if delimiter != ",":
        name = {";": "semicolon", "\t": "tab"}[delimiter]
        problems.append(Problem(str(path), None, None, f"{name}-delimited file read as such", fatal=False))
    lines = (line.replace("\x00", NUL_MARK) if "\x00" in line else line for line in stream)
    reader = csv.reader(lines, delimiter=delimiter)

    def records() -> Iterator[tuple[int, list[str]]]:
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as exc:
            raise InputError(path, f"cannot parse CSV: {exc}", row=reader.line_num) from None

    return records(), problems


# --- XLSX --------------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path, data: bytes) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(path, f"cannot read workbook, the XLSX file is corrupt ({type(exc).__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        grid = [
            (number, [_cell_text(v).replace("\x00", NUL_MARK) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(path, f"cannot read workbook, the XLSX file is corrupt ({type(exc).__name__})") from None
    finally:
        workbook.close()
    problems = []
    if len(workbook.worksheets) > 1:
        problems.append(Problem(str(path), None, None, f"read the first sheet '{sheet.title}' only", fatal=False))
    return grid, problems


# --- grids (CSV and XLSX) -------------------------------------------------------------------------


def _headers(path: Path, grid: list[tuple[int, list[str]]], header_rows: int) -> list[str]:
    if len(grid) < header_rows:
        raise InputError(path, "no header row")
    top = [h.strip() for h in grid[0][1]]
    if header_rows == 1:
        return top
    # Two header rows: the question on top (merged cells leave blanks to fill from the left),
    # the sub-heading (an option or "Response") below.
    below = [h.strip() for h in grid[1][1]] + [""] * max(0, len(top) - len(grid[1][1]))
    headers, current = [], ""
    for i, sub in enumerate(below):
        current = (top[i] if i < len(top) else "") or current
        headers.append(f"{current} | {sub}" if sub and sub.casefold() not in GENERIC_SUBHEADINGS else current)
    return headers


GENERIC_SUBHEADINGS = {"response", "open-ended response", "answer", "comments", ""}


def _grid_table(
    path: Path,
    sha256: str,
    grid: Iterable[tuple[int, list[str]]],
    problems: list[Problem],
    question_map: QuestionMap | None,
) -> RawTable:
    """Records of a grid (a list, or CSV records as they are parsed), keyed by header."""
    header_rows = question_map.header_rows if question_map else 1
    records = iter(grid)
    headers = _headers(path, list(islice(records, header_rows)), header_rows)
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise InputError(path, "the header row is empty")
    rows, numbers = [], []
    for number, record in records:
        if not any(c.strip() for c in record):
            continue
        extra = record[len(headers):]
        if any(c.strip() for c in extra):
            problems.append(
                Problem(str(path), number, None, f"row has {len(record)} fields but the header has {len(headers)}", True)
            )
        elif len(record) < len(headers):
            problems.append(Problem(str(path), number, None, f"row has {len(record)} fields but the header has "
                                    f"{len(headers)}: the missing ones are read as empty", fatal=False))
        cells = record[: len(headers)] + [""] * (len(headers) - len(record))
        rows.append(dict(zip(headers, cells)))
        numbers.append(number)
    if not rows:
        raise InputError(path, "has a header but no data rows")
    return _apply_map(RawTable(path, sha256, headers, rows, numbers, problems), question_map)


# --- JSON and JSONL --------------------------------------------------------------------------------


def _read_json(path: Path, data: bytes, jsonl: bool) -> list[tuple[int, object]]:
    text, _ = decode(path, data)
    if jsonl:
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise InputError(path, f"malformed JSON: {exc.msg}", row=number, column=str(exc.colno)) from None
        return records
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON: {exc.msg}", row=exc.lineno, column=str(exc.colno)) from None
    if isinstance(document, dict):
        lists = [v for v in document.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise InputError(path, "expected a list of response objects, or an object holding one such list")
        document = lists[0]
    if not isinstance(document, list):
        raise InputError(path, "expected a list of response objects")
    return list(enumerate(document, start=1))


def _records_table(
    path: Path, sha256: str, records: list[tuple[int, object]], question_map: QuestionMap | None
) -> RawTable:
    if not records:
        raise InputError(path, "holds no responses")
    columns: dict[str, None] = {}
    rows, numbers, problems = [], [], []
    for number, record in records:
        if not isinstance(record, dict):
            problems.append(Problem(str(path), number, None, "is not a JSON object", fatal=True))
            record = {}
        for key in record:
            columns.setdefault(str(key), None)
        rows.append({str(k): _json_cell(v) for k, v in record.items()})
        numbers.append(number)
    return _apply_map(RawTable(path, sha256, list(columns), rows, numbers, problems), question_map)


def _json_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return [_json_cell(v) for v in value]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return _cell_text(value)


# --- question map --------------------------------------------------------------------------------


def _apply_map(table: RawTable, question_map: QuestionMap | None) -> RawTable:
    """Rename export headers to question ids; columns mapped to one multi-choice id are gathered later."""
    if question_map is None:
        return table
    renamed: dict[str, str] = {}
    for header in table.columns:
        key = _header_key(header)
        target = question_map.columns.get(key) or question_map.columns.get(_header_key(header.split(" | ")[0]))
        if target:
            renamed[header] = target
    if not renamed:
        raise InputError(table.path, "no column header matches the question map")
    dropped = {h for h in table.columns if _header_key(h) in question_map.ignore}
    rows = []
    for row in table.rows:
        new: dict[str, object] = {}
        for header, value in row.items():
            target = renamed.get(header)
            if header in dropped:
                continue
            if target is None:
                new[header] = value
            elif target in new:
                # several columns for one question: one column per ticked option, or answer parts
                new[target] = _gather(new[target], value, header)
            else:
                new[target] = _gather([], value, header) if " | " in header else value
        rows.append(new)
    columns = list(dict.fromkeys(renamed.get(h, h) for h in table.columns if h not in dropped))
    return RawTable(table.path, table.sha256, columns, rows, table.row_numbers, table.problems)


TICKED = {"1", "x", "yes", "true", "ticked", "selected", "✓"}


def _gather(current: object, value: object, header: str) -> list[str]:
    """A ticked option column contributes its option name (from the sub-heading), other cells their text."""
    parts = list(current) if isinstance(current, list) else ([current] if current else [])
    text = str(value).strip()
    if not text:
        return parts
    option = header.split(" | ", 1)[1] if " | " in header else None
    parts.append(option if option and text.casefold() in TICKED else text)
    return parts
