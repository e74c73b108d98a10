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
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from synthesis.bounded import loads_json, read_bytes
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
    category: str = ""
    """For a fatal problem of a whole row: why the row is excluded, without row details ("ragged row")."""

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
    empty_rows: list[int] = field(default_factory=list)
    """Rows with no value in any column: counted in, skipped with a warning, never silently lost."""
    run_on: list[tuple[int, str]] = field(default_factory=list)
    """Records read into another row's answer by a quote left open, as ``(that row, respondent id)``: counted
    in and excluded, never silently lost."""
    keyed: bool = False
    """Each record names its own keys (JSON): a column starts at the first record giving it, not at a header row."""


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


def column_key(text: str) -> str:
    """What makes two column names the same column: case, spaces, ``_`` and ``-`` aside ("Respondent ID" is
    ``respondent_id``, " Confidential " is ``confidential``)."""
    return " ".join(re.sub(r"[_\-]+", " ", text).split()).casefold()


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column ``index`` (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_unique_columns(path: Path, names: list[str], row: int | None = None) -> None:
    """A fatal one-line error when two columns are one column once case and spacing are set aside.

    Otherwise one of them would silently win (a second ``confidential`` column could unmark a respondent).
    ``row``: the JSON record the names are the keys of (``None``: a header row, named with column letters).
    """
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name.strip():
            continue
        first = seen.setdefault(column_key(name), index)
        if first != index:
            where = (lambda i: "") if row is not None else (lambda i: f" (column {column_letter(i)})")
            raise InputError(path, f"columns {names[first]!r}{where(first)} and {name!r}{where(index)} are the same "
                                   "column (names differ only in case or spacing): remove or rename one",
                             row=row if row is not None else 1)


def read_table(path: str | Path, question_map: QuestionMap | None = None) -> RawTable:
    """Read any supported file into a :class:`RawTable`, raising :class:`InputError` for unusable files."""
    path = Path(path)
    data = read_bytes(path)  # refuses folders, FIFOs and devices at once
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
        grid, problems = _read_xlsx(path, data, question_map)
    elif suffix in JSON_SUFFIXES | JSONL_SUFFIXES:
        return _records_table(path, sha256, _read_json(path, data, jsonl=suffix in JSONL_SUFFIXES), question_map)
    elif suffix in CSV_SUFFIXES or not suffix:
        grid, problems, run_on = _read_csv(path, data, question_map)
        return _grid_table(path, sha256, grid, problems, question_map, run_on)
    else:
        raise InputError(path, f"unsupported file type '{suffix}': expected {SUPPORTED}")
    return _grid_table(path, sha256, grid, problems, question_map, sheet=True)


# --- decoding -----------------------------------------------------------------------------------

STRAY = "synthesis-stray-byte"  # codec error handler: a byte that is not UTF-8 is read as Windows-1252
_STEP = 1 << 20


def _stray_byte(error: UnicodeError) -> tuple[str, int]:
    """Read one undecodable byte as Windows-1252 (U+FFFD for the five bytes that code page leaves undefined)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    byte = error.object[error.start:error.start + 1]
    return byte.decode("cp1252", "replace"), error.start + 1


codecs.register_error(STRAY, _stray_byte)


def _decodes(data: bytes, encoding: str, errors: str = "strict", check=None) -> bool:
    """Whether ``data`` decodes as ``encoding``, in 1 MB steps (the whole text is never held just to check it).

    With ``check``, stop and say ``True`` as soon as ``check(piece)`` holds for a decoded piece instead.
    """
    view = memoryview(data)
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    try:
        for i in range(0, len(data), _STEP):
            piece = decoder.decode(view[i:i + _STEP])
            if check is not None and check(piece):
                return True
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return check is None


def _encoding(data: bytes) -> str | None:
    """How a file is decoded: ``utf-16`` (BOM); ``utf-8-sig`` (valid UTF-8, with or without BOM); ``utf-8-stray``
    (UTF-8 with a few bytes that are not, read one by one); ``cp1252`` (Excel's Windows-1252); else ``None``.

    A file counts as UTF-8 when it holds at least one well-formed multi-byte UTF-8 character: then a stray
    byte never changes how the rest of the file reads ("Zoë" stays "Zoë").
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if _decodes(data, "utf-8-sig"):
        return "utf-8-sig"
    if _decodes(data, "utf-8-sig", "ignore", check=lambda piece: not piece.isascii()):
        return "utf-8-stray"
    if _decodes(data, "cp1252"):
        return "cp1252"
    return None


class DecodedLines:
    """The lines of a text file, decoded as they are read (line ends kept as in the file).

    A UTF-8 file with stray bytes is decoded line by line, so a bad byte changes only its own line. Iterate
    once. ``problems`` holds the note on the file's encoding; ``stray`` the bytes that were not UTF-8 in a UTF-8 file, as ``(line, note)`` with ``line`` counted from 1 in the lines given out.
    ``split_cr``: a lone carriage return also ends a line (old Mac files; off for JSON Lines).
    """

    def __init__(self, path: Path, data: bytes, split_cr: bool = True):
        self.path, self.data, self.split_cr = path, data, split_cr
        self.encoding = _encoding(data)
        self.stray: list[tuple[int, str]] = []
        self.problems: list[Problem] = []
        name = {"cp1252": "Windows-1252", None: None}.get(self.encoding, "")
        if name is None:
            text, guessed = _guessed(data)
            self._text: str | None = text
            name = guessed
        else:
            self._text = None
        if name:
            self.problems.append(Problem(str(path), None, None, f"not UTF-8: decoded as {name}", fatal=False))

    def __iter__(self) -> Iterator[str]:
        newline = "" if self.split_cr else "\n"
        if self._text is not None:
            yield from io.StringIO(self._text, newline=newline)
            return
        if self.encoding != "utf-8-stray":  # the whole file decodes: let the C decoder stream it
            yield from io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, errors="replace",
                                        newline=newline)
            return
        source = io.BytesIO(self.data)
        source.seek(len(codecs.BOM_UTF8) if self.data.startswith(codecs.BOM_UTF8) else 0)
        number = 0
        for raw in source:
            for piece in _LONE_CR.split(raw) if self.split_cr and b"\r" in raw else (raw,):
                number += 1
                try:
                    yield piece.decode("utf-8")
                except UnicodeDecodeError as exc:
                    self.stray.append((number, _stray_note(piece, exc)))
                    yield piece.decode("utf-8", STRAY)


_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")


def _stray_note(piece: bytes, first: UnicodeDecodeError) -> str:
    """Which bytes of a line were not UTF-8 and what they were read as."""
    count = len(piece) - len(piece.decode("utf-8", "ignore").encode("utf-8"))
    byte = piece[first.start:first.start + 1]
    more = f" (and {count - 1} more byte(s) in the row)" if count > 1 else ""
    return (f"byte 0x{byte[0]:02x} is not UTF-8: read as Windows-1252 {byte.decode('cp1252', 'replace')!r}{more}; "
            "the rest of the file is read as UTF-8")


def _guessed(data: bytes) -> tuple[str, str]:
    """Text and encoding as charset_normalizer guesses them (Latin-1 when it cannot)."""
    best = from_bytes(data).best()
    return (str(best), best.encoding) if best else (data.decode("latin-1"), "latin-1")


# --- CSV ---------------------------------------------------------------------------------------


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: comma, semicolon or tab, whichever is most common outside quotes."""
    lines = text[:65536].splitlines()
    header = re.sub(r'"[^"]*"', "", lines[0] if lines else "")
    counts = {d: header.count(d) for d in ",;\t"}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _read_csv(
    path: Path, data: bytes, question_map: QuestionMap | None = None
) -> tuple[Iterator[tuple[int, list[str]]], list[Problem], list[tuple[int, str]]]:
    """Numbered records of a CSV file, parsed as they are read (the file's text is never held whole).

    A byte that is not UTF-8 in a UTF-8 file is reported as a warning at the row (record) that holds it.
    A record over several lines whose answer holds lines that read as rows of their own (a quote left open
    swallows the rows after it, even when a stray quote further on makes the quotes look in place) is a fatal
    problem of that row; those rows are listed in the third value, filled as the records are read. So is a
    record with a quote open at the end of the file, with or without a final newline.

    After such a row, quoting is not trusted until a record is provably back in step (:func:`_in_step`: one
    line, quotes in place, the header's number of fields, an id-like id). Every record before that is excluded
    with a fatal problem, or, when it starts with no id, reported as the rest of a broken answer and not counted
    as a row (:func:`_after_trouble`); nothing read out of step is analysed.
    """
    lines = DecodedLines(path, data)
    problems = lines.problems
    stream = iter(lines)
    first = next(stream, "")
    delimiter = _sniff_delimiter(first)
    if delimiter != ",":
        name = {";": "semicolon", "\t": "tab"}[delimiter]
        problems.append(Problem(str(path), None, None, f"{name}-delimited file read as such", fatal=False))
    marked = (line.replace("\x00", NUL_MARK) if "\x00" in line else line for line in chain([first], stream))
    held: list[str] = []  # the physical lines of the record being parsed (the reader never reads ahead)

    def holding(source: Iterator[str]) -> Iterator[str]:
        for line in source:
            held.append(line)
            yield line

    reader = csv.reader(holding(marked), delimiter=delimiter)
    run_on: list[tuple[int, str]] = []

    def records() -> Iterator[tuple[int, list[str]]]:
        header: list[str] | None = None
        troubled: int | None = None  # the row whose quotes went wrong, until quoting is back in step
        try:
            for number, record in enumerate(reader, start=1):
                while lines.stray and lines.stray[0][0] <= reader.line_num:
                    problems.append(Problem(str(path), number, None, lines.stray.pop(0)[1], fatal=False))
                if header is None:
                    header = record
                elif troubled is not None and not _in_step(record, held, header, delimiter, question_map):
                    doubt = _after_trouble(path, number, record, header, troubled, question_map)
                    held.clear()
                    if doubt is None:  # a blank line: part of the answer the quotes broke up
                        continue
                    problems.append(doubt)
                    if doubt.category == "unclosed quote":  # a row of its own, counted in and excluded
                        yield number, record
                    continue
                elif len(held) > 1 or (held and '"' in held[-1] and quote_trouble(held[-1], delimiter)):
                    troubled = None
                    found = _open_quote(path, number, record, held, header, delimiter, question_map)
                    if found:
                        problems.append(found[0])
                        run_on.extend((number, rid) for rid in found[1])
                        troubled = number
                else:
                    troubled = None
                held.clear()
                yield number, record
        except csv.Error as exc:
            raise InputError(path, f"cannot parse CSV: {exc}", row=reader.line_num) from None

    return records(), problems, run_on


def quote_trouble(text: str, delimiter: str = ",") -> str | None:
    """How the quotes of ``text`` (the lines of one CSV record) are misplaced, as the lenient reader sees them.

    ``"unclosed"``: a quoted field is still open at the end; ``"reopened"``: text follows the quote that
    closes a field (the reader runs on with it, as when a stray quote closed the field early); ``None``: every
    quote is where a CSV writer would put it.
    """
    ends = re.compile(f"[{re.escape(delimiter)}\r\n]")
    i, trouble = 0, None
    while i < len(text):
        if text[i] == '"':  # a quoted field runs to the next quote that is not doubled
            j = i + 1
            while True:
                j = text.find('"', j)
                if j < 0:
                    return "unclosed"
                if not text.startswith('""', j):
                    break
                j += 2
            i = j + 1
            if i < len(text) and not ends.match(text, i):
                trouble = "reopened"
        end = ends.search(text, i)
        if end is None:
            break
        i = end.end()
    return trouble


def id_makeup(text: str) -> frozenset[str]:
    """What an id is made of: letters, digits, spaces and each other character ("R001" and "R12" alike)."""
    return frozenset("a" if c.isalpha() else "9" if c.isdigit() else " " if c.isspace() else c for c in text)


#: Lines a row read into another's answer is followed over, to see whether it reads as a whole row of its own.
MAX_ROW_LINES = 200
#: A later line of a record with this many fields or more, as many as the header's, is a row of its own whatever
#: its id looks like (in a narrower file a line of an answer may split into the header's fields by chance).
WHOLE_ROW_FIELDS = 4


def looks_like_id(text: str) -> bool:
    """Whether ``text`` could be a respondent id: short, no spaces, some letter or digit, not a sentence's end."""
    return (0 < len(text) <= 64 and not any(c.isspace() for c in text) and any(c.isalnum() for c in text)
            and not text.endswith((".", ",", ";", ":", "!", "?")))


def _named_id(header: list[str], question_map: QuestionMap | None) -> int | None:
    """The position of the column named as the respondent id (by the question map, or so named), if any."""
    for index, name in enumerate(header):
        keys = (_header_key(name), _header_key(name.split(" | ")[0]))  # as _apply_map reads two header rows
        mapped = next(filter(None, map(question_map.columns.get, keys)), None) if question_map else None
        if mapped == "respondent_id" or column_key(name) == "respondent id":
            return index
    return None


def _id_column(header: list[str], question_map: QuestionMap | None) -> int:
    """The position of the respondent id among the header's columns (the first column when none is named so)."""
    at = _named_id(header, question_map)
    return 0 if at is None else at


def _open_quote(
    path: Path,
    number: int,
    record: list[str],
    held: list[str],
    header: list[str],
    delimiter: str,
    question_map: QuestionMap | None,
) -> tuple[Problem, list[str]] | None:
    """The problem of a record that a misplaced quote ran on over the rows after it, and their ids.

    Every record over more than one line is scanned, its quotes in place or not: a stray quote further on can
    balance a quote left open. Lines after the first read as a row when, parsed alone, they have the header's
    number of fields (at least :data:`WHOLE_ROW_FIELDS`) and a non-empty id, whatever it looks like; in a
    narrower file their id must look like one (:func:`looks_like_id`). A line that
    opens a quote of its own (fewer fields) reads as a row when, read on from it, it makes a whole row, or when
    its id is made like the record's own id (any id, when the quote opened before the id). A line with fewer
    fields than the header but at least half as many (and more than one) reads as a row too.
    Misplaced quotes over several lines none of which reads as a row are still a fatal problem of the record.
    A well-quoted record none of whose lines reads as a row (a true multi-line answer) is not flagged; one that
    holds such a line cannot be told from a swallowed row and fails closed.
    """
    trouble = quote_trouble("".join(held), delimiter)
    if trouble is None and len(held) < 2:
        return None
    at = _id_column(header, question_map)
    own = record[at].strip() if at < len(record) and not re.search(r"[\r\n]", record[at]) else ""
    like = id_makeup(own) if own else None  # the open quote took the row's own id too: any id without spaces
    swallowed: list[str] = []
    for index in range(1, len(held)):
        parts = next(csv.reader([held[index]], delimiter=delimiter), [])
        rid = parts[at].strip() if at < len(parts) else ""
        if rid and len(parts) == len(header) >= WHOLE_ROW_FIELDS:  # a whole row, whatever its id looks like
            swallowed.append(rid)
            continue
        if not looks_like_id(rid):
            continue
        if 1 < len(parts) < len(header) and quote_trouble(held[index], delimiter):  # it may go on over lines
            whole = next(csv.reader(islice(held, index, index + MAX_ROW_LINES), delimiter=delimiter), [])
            if len(whole) == len(header) or like is None or id_makeup(rid) == like:
                swallowed.append(rid)
        elif len(parts) == len(header):  # a whole row: an id-like first field, whatever its characters
            swallowed.append(rid)
        elif 1 < len(parts) and 2 * len(parts) >= len(header):  # a short row: at least half the header's fields
            swallowed.append(rid)
    broken = [i for i, cell in enumerate(record[: len(header)]) if "\n" in cell or "\r" in cell]
    owner = [i for i in broken if swallowed and re.search(rf"[\r\n]{re.escape(swallowed[0])}", record[i])]
    column = header[(owner or broken)[0]].strip() if broken else None
    if not swallowed:
        if trouble is None:  # quotes in place and no line that reads as a row: a true multi-line answer
            return None
        if trouble == "unclosed":  # it runs to the end of the file: the row's later fields are lost
            if column is None and 0 < len(record) <= len(header):  # on one line: the last field read holds it
                column = header[len(record) - 1].strip()
            return Problem(str(path), number, column, "a quote opened in this row is never closed: the rest of "
                           "the file is read as part of its answer; close the quote and load again", fatal=True,
                           category="unclosed quote"), []
        if len(held) < 2:
            return None
        return Problem(str(path), number, column, f"misplaced quotes run this answer on over {len(held)} lines, so "
                       "a row of its own may be read into it: fix the quotes and load again", fatal=True,
                       category="misplaced quotes"), []
    ids = ", ".join(repr(rid) for rid in swallowed[:3]) + (", ..." if len(swallowed) > 3 else "")
    message = (f"a quote left open runs this answer on over {len(swallowed)} line(s) that read as rows of their own "
               f"(respondent_id {ids}): close or double the quote and load again")
    return Problem(str(path), number, column, message, fatal=True, category="unclosed quote"), swallowed


def _in_step(
    record: list[str], held: list[str], header: list[str], delimiter: str, question_map: QuestionMap | None
) -> bool:
    """Whether quoting is provably back in step at ``record``, read after a row whose quotes went wrong.

    It is when the record is one physical line with an even number of quotes, all in place
    (:func:`quote_trouble`), the header's number of fields, and an id that looks like an id (:func:`looks_like_id`).
    """
    if len(held) != 1 or held[0].count('"') % 2 or quote_trouble(held[0], delimiter) or len(record) != len(header):
        return False
    at = _id_column(header, question_map)
    return looks_like_id(record[at].strip())


def _after_trouble(
    path: Path, number: int, record: list[str], header: list[str], troubled: int, question_map: QuestionMap | None
) -> Problem | None:
    """The fatal problem of a record read after row ``troubled``'s quotes went wrong, before they are back in step.

    A record with more than one field and an id that looks like one is most plausibly a row of its own: it is
    counted in and excluded (category ``unclosed quote``). Any other record is most plausibly the rest of an answer
    the quotes broke up: it is no row of its own, and is reported without its text (category ``answer fragment``);
    a blank line is part of such an answer and gives ``None``.
    """
    if not any(cell.strip() for cell in record):
        return None
    at = _id_column(header, question_map)
    rid = record[at].strip() if at < len(record) else ""
    if len(record) > 1 and looks_like_id(rid):
        return Problem(str(path), number, None, f"read after the misplaced quotes of row {troubled}, before quoting "
                       "is back in step: the row may be misread, so it is excluded; fix the quotes and load again",
                       fatal=True, category="unclosed quote")
    return Problem(str(path), number, None, f"this line, read after the misplaced quotes of row {troubled}, starts "
                   "with no respondent id: it is most plausibly the rest of an answer above and is not read as a "
                   "row; fix the quotes and load again", fatal=True, category="answer fragment")


# --- XLSX --------------------------------------------------------------------------------------

#: Caps checked in the archive's directory before any part of a workbook is parsed.
MAX_XLSX_BYTES = 512 * 1024 * 1024  # all parts, uncompressed
MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024
MAX_SHARED_STRINGS = 5_000_000
#: Cells (rows x columns) a sheet may declare in its <dimension>, and may fill in fact.
MAX_XLSX_CELLS = 20_000_000
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")
_UNIQUE_COUNT = re.compile(rb"uniqueCount=\"(\d+)\"")


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


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts, shared strings or declared sheet size exceed the caps, before parsing it."""
    parts = archive.infolist()
    total = sum(info.file_size for info in parts)
    if total > MAX_XLSX_BYTES:
        raise InputError(path, f"workbook inflates to {total:,} bytes, over the limit of {MAX_XLSX_BYTES:,}: refused")
    for info in parts:
        name = info.filename.lower()
        head = b""
        if name.endswith("sharedstrings.xml") or (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            with archive.open(info) as part:
                head = part.read(4096)
        if name.endswith("sharedstrings.xml"):
            count = _UNIQUE_COUNT.search(head)
            strings = f"{int(count[1]):,} strings" if count else "strings not counted"
            if info.file_size > MAX_SHARED_STRINGS_BYTES or (count and int(count[1]) > MAX_SHARED_STRINGS):
                raise InputError(path, f"workbook's shared strings ({info.file_size:,} bytes, {strings}) are over "
                                       f"the limit of {MAX_SHARED_STRINGS_BYTES:,} bytes or {MAX_SHARED_STRINGS:,} "
                                       "strings: refused")
        dimension = _DIMENSION.search(head)
        if dimension and dimension[3]:
            rows = int(dimension[4]) - int(dimension[2]) + 1
            columns = _column_number(dimension[3]) - _column_number(dimension[1]) + 1
            if rows * columns > MAX_XLSX_CELLS:
                ref = b":".join([dimension[1] + dimension[2], dimension[3] + dimension[4]]).decode()
                raise InputError(path, f"sheet {info.filename} declares the range {ref} ({rows * columns:,} cells), "
                                       f"over the limit of {MAX_XLSX_CELLS:,}: refused")


def _sheet_rows(
    path: Path, workbook, sheet, limit: int | None = None
) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """The rows of a read-only sheet, from its XML as it is (the declared dimension is not used): every row
    from the first with a value to the last, the empty ones between them included (as ``[]``). With ``limit``,
    only that many rows from the first with a value (its header), and the rest of the sheet is not parsed.

    A formula cell without a cached value (a workbook saved by a program that does not calculate) reads as
    empty, with a warning naming the cell.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    uncached: list[str] = []

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if element.find(FORMULA_TAG) is not None and not element.findtext(VALUE_TAG):  # <v/> or none
                uncached.append(element.get("r") or f"row {cell['row']} column {cell['column']}")
            return cell

    grid, cells, last = [], 0, 0
    # openpyxl's own sheet parser, driven here: the read-only sheet's rows would be padded to the declared range
    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = Parser(source, workbook.shared_strings, data_only=True, epoch=workbook.epoch,
                        date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        for number, parsed in parser.parse():
            values = {c["column"]: c["value"] for c in parsed if c["value"] is not None}
            if not values:
                continue
            if grid:  # empty rows between two rows with values are rows too: counted as excluded, like a CSV's
                grid.extend((blank, []) for blank in range(last + 1, number))
            width = max(values)
            cells += width + max(0, number - last - 1)
            last = number
            if cells > MAX_XLSX_CELLS:
                raise InputError(path, f"sheet '{sheet.title}' holds more than {MAX_XLSX_CELLS:,} cells: refused",
                                 row=number)
            grid.append((number, [_cell_text(values.get(i)).replace("\x00", NUL_MARK) for i in range(1, width + 1)]))
            if limit is not None and len(grid) >= limit:
                return grid[:limit], []
    problems = [Problem(str(path), None, None, f"cell {ref} of sheet '{sheet.title}' holds a formula without a "
                        "saved value: read as empty (open and save the file in Excel to store the values)", False)
                for ref in uncached]
    problems += _fill_merged(path, sheet.title, grid, parser.merged_cells)
    return grid, problems


def _fill_merged(path: Path, title: str, grid: list[tuple[int, list[str]]], merged: Any) -> list[Problem]:
    """Give every cell of a merged range the value of its top-left cell, as the analyst who merged them meant
    (a sheet keeps the value only there, so the rows below would read as empty), with a warning naming the range.
    A row that is empty apart from the range stays empty."""
    from openpyxl.utils.cell import range_boundaries

    if not merged or not merged.mergeCell:
        return []
    where = {number: i for i, (number, _) in enumerate(grid)}
    out = []
    for cell_range in merged.mergeCell:
        first_col, first_row, last_col, last_row = range_boundaries(cell_range.ref)
        if first_row not in where or (first_row == last_row and first_col == last_col):
            continue
        top = grid[where[first_row]][1]
        value = top[first_col - 1] if first_col <= len(top) else ""
        if not value:
            continue
        for number in range(first_row, last_row + 1):
            values = grid[where[number]][1] if number in where else []
            if not values:
                continue
            values.extend([""] * max(0, last_col - len(values)))
            for col in range(first_col, last_col + 1):
                values[col - 1] = value
        if last_row > first_row:
            out.append(Problem(str(path), first_row, None, f"cells {cell_range.ref} of sheet '{title}' are merged: "
                               f"each row of the range is read with the top cell's value", False))
    return out


def _responses_sheet(path: Path, workbook, question_map: QuestionMap | None) -> tuple[Any, list[Problem]]:
    """The sheet that holds the responses, and a warning naming each other sheet with values, which is not read.

    It is the only sheet with values, or else the only one whose header names a respondent id column. A workbook
    with several such sheets is refused (reading one would drop the respondents of the others), and so is one with
    several sheets with values none of which has such a column (which holds the responses cannot be told).
    """
    if len(workbook.worksheets) == 1:
        return workbook.worksheets[0], []
    header_rows = question_map.header_rows if question_map else 1
    tops = [(sheet, _sheet_rows(path, workbook, sheet, header_rows)[0]) for sheet in workbook.worksheets]
    filled = [(sheet, top) for sheet, top in tops if top]
    if len(filled) < 2:
        return (filled[0][0] if filled else workbook.worksheets[0]), []
    named = [sheet for sheet, top in filled
             if len(top) == header_rows and _named_id(_headers(path, top, header_rows), question_map) is not None]
    titles = [f"'{sheet.title}'" for sheet in (named if len(named) > 1 else [s for s, _ in filled])]
    titles = f"{', '.join(titles[:-1])} and {titles[-1]}"
    if len(named) > 1:
        raise InputError(path, f"sheets {titles} each have a respondent_id column: put the responses on one sheet "
                               "(or save each sheet as a file of its own) and load again")
    if not named:
        raise InputError(path, f"no sheet has a respondent_id column in its header (sheets with values: {titles}), so "
                               "which holds the responses cannot be told: name the id column respondent_id or map it "
                               "with --question-map")
    chosen = named[0]
    return chosen, [Problem(str(path), None, None, f"sheet '{sheet.title}' is not read: its header has no "
                            f"respondent_id column, so it is taken to hold no responses (only sheet '{chosen.title}' "
                            "is read)", fatal=False) for sheet, _ in filled if sheet is not chosen]


def _read_xlsx(
    path: Path, data: bytes, question_map: QuestionMap | None = None
) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    from openpyxl import load_workbook

    corrupt = (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(path, archive)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except corrupt as exc:
        raise InputError(path, f"cannot read workbook, the XLSX file is corrupt ({type(exc).__name__})") from None
    try:
        if not workbook.worksheets:
            raise InputError(path, "workbook has no worksheet")
        sheet, problems = _responses_sheet(path, workbook, question_map)
        grid, read = _sheet_rows(path, workbook, sheet)
    except corrupt as exc:
        raise InputError(path, f"cannot read workbook, the XLSX file is corrupt ({type(exc).__name__})") from None
    finally:
        workbook.close()
    return grid, problems + read


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
    run_on: list[tuple[int, str]] | None = None,
    sheet: bool = False,
) -> RawTable:
    """Records of a grid (a list, or CSV records as they are parsed), keyed by header.

    ``run_on``: filled while the CSV records are read (see :func:`_read_csv`). ``sheet``: the grid is a
    workbook's, whose rows end at their last cell with a value, so a row shorter than the header is no problem
    (as a CSV row whose last fields are empty is none).
    """
    header_rows = question_map.header_rows if question_map else 1
    records = iter(grid)
    headers = _headers(path, list(islice(records, header_rows)), header_rows)
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise InputError(path, "the header row is empty")
    check_unique_columns(path, headers)
    rows, numbers, empty = [], [], []
    for number, record in records:
        if not any(c.strip() for c in record):
            empty.append(number)
            problems.append(Problem(str(path), number, None, "row is empty: skipped (counted as excluded)", fatal=False))
            continue
        extra = record[len(headers):]
        if any(c.strip() for c in extra):
            problems.append(Problem(str(path), number, None, f"row has {len(record)} fields but the header has "
                                    f"{len(headers)}", True, category="ragged row"))
        elif len(record) < len(headers) and not sheet:
            problems.append(Problem(str(path), number, None, f"row has {len(record)} fields but the header has "
                                    f"{len(headers)}: the missing ones are read as empty", fatal=False))
        cells = record[: len(headers)] + [""] * (len(headers) - len(record))
        rows.append(dict(zip(headers, cells)))
        numbers.append(number)
    if not rows:
        raise InputError(path, "has a header but no data rows")
    table = RawTable(path, sha256, headers, rows, numbers, problems, empty, list(run_on or []))
    return _apply_map(table, question_map)


# --- JSON and JSONL --------------------------------------------------------------------------------


def _read_json(path: Path, data: bytes, jsonl: bool) -> tuple[list[tuple[int, object]], list[Problem]]:
    """Numbered records of a JSON or JSON Lines file (lines end only at line feeds: U+2028 is text).

    A JSON Lines line that does not read (malformed, a key given twice, nested too deeply) is an empty record with a
    fatal problem naming the line, so it is counted in and excluded and the lines after it are still read; a file
    none of whose lines reads is refused with the first line's error.
    """
    lines = DecodedLines(path, data, split_cr=False)
    problems = lines.problems
    if jsonl:
        records, unread = [], []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                records.append((number, loads_json(path, line, row=number)))
            except InputError as exc:  # one bad line loses only its own record: counted in and excluded
                unread.append(exc)
                records.append((number, {}))
                where = f" (character {exc.column})" if exc.column else ""  # json's "Invalid ... at" needs no "at"
                problems.append(Problem(str(path), number, None, f"{exc.message.removesuffix(' at')}{where}: "
                                        "the line is not read",
                                        fatal=True, category="unreadable JSON line"))
        if unread and len(unread) == len(records):  # no line reads: not JSON Lines at all (a JSON file?)
            raise unread[0]
        problems += [Problem(str(path), n, None, note, fatal=False) for n, note in lines.stray]
        return records, problems
    document = loads_json(path, "".join(lines))
    problems += [Problem(str(path), None, None, f"line {n}: {note}", fatal=False) for n, note in lines.stray]
    if isinstance(document, dict):
        lists = [v for v in document.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise InputError(path, "expected a list of response objects, or an object holding one such list")
        document = lists[0]
    if not isinstance(document, list):
        raise InputError(path, "expected a list of response objects")
    return list(enumerate(document, start=1)), problems


def _records_table(
    path: Path, sha256: str, read: tuple[list[tuple[int, object]], list[Problem]], question_map: QuestionMap | None
) -> RawTable:
    records, problems = read
    if not records:
        raise InputError(path, "holds no responses")
    columns: dict[str, None] = {}
    rows, numbers = [], []
    for number, record in records:
        if not isinstance(record, dict):
            problems.append(Problem(str(path), number, None, "is not a JSON object", fatal=True,
                                    category="not a JSON object"))
            record = {}
        check_unique_columns(path, list(record), row=number)
        for key in record:
            columns.setdefault(str(key), None)
        rows.append({str(k): _json_cell(v) for k, v in record.items()})
        numbers.append(number)
    return _apply_map(RawTable(path, sha256, list(columns), rows, numbers, problems, keyed=True), question_map)


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
    return replace(table, columns=columns, rows=rows)


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
