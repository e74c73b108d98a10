"""Validating raw records against the question set, and quarantining rows that cannot be used.

Each row is checked by a pydantic model built from the question set. Fatal problems (no usable
``respondent_id``, a duplicate id, a ragged row, a NUL byte, a quote left open over the rows after it, a JSON
Lines line that does not read) exclude the row with a reason, and with it the rows such a quote swallowed;
warnings (an unknown choice value, a malformed date) keep the row. Every load accounts for rows in = rows
analysed + rows excluded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, ValidationInfo, create_model
from pydantic import Field as PydanticField

from synthesis.errors import InputError
from synthesis.load import NUL_MARK, Problem, QuestionMap, RawTable, column_key, read_table
from synthesis.questions import Field, QuestionSet, load_question_set

EXCLUDED_COLUMNS = ["source_row", "respondent_id", "reason", "category"]  # category: reason without row details
HEADER_ROW = 1  # header problems are reported at the header row
LA_CODE = re.compile(r"^E(06|07|08|09|10)\d{6}$")
YES = {"yes", "y", "true", "1", "confidential"}
NO = {"no", "n", "false", "0"}
UK_DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")


@dataclass
class LoadResult:
    """Usable responses, the rows excluded (with reasons), and every problem found."""

    path: Path
    sha256: str
    responses: pd.DataFrame
    excluded: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def accounting(self) -> dict[str, int]:
        analysed, excluded = len(self.responses), len(self.excluded)
        return {"rows_in": analysed + excluded, "rows_analysed": analysed, "rows_excluded": excluded}

    @property
    def fatal(self) -> bool:
        return any(p.fatal for p in self.problems)


# --- value parsers (used as pydantic validators) ---------------------------------------------------


def fold(text: str) -> str:
    """Text as choice values compare: case, runs of spaces and curly apostrophes aside."""
    return " ".join(text.replace("\u2019", "'").split()).casefold()


def _warn(info: ValidationInfo, message: str) -> None:
    info.context["warnings"].append((info.field_name, message))


def _text(value: Any, info: ValidationInfo) -> str:
    text = "" if value is None else str(value)
    if NUL_MARK in text:
        raise ValueError("contains a NUL byte (binary data in a text file?)")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _required_text(value: Any, info: ValidationInfo) -> str:
    text = _text(value, info)
    if not text:
        raise ValueError("is empty: every response needs an id")
    return text


def _single_choice(options: list[str], value: Any, info: ValidationInfo) -> str | None:
    text = _text(value, info)
    if not text:
        return None
    for option in options:
        if fold(option) == fold(text):
            return option
    _warn(info, f"unknown value {text!r} (expected one of: {', '.join(options)}); kept as given")
    return text


def split_choices(text: str, options: list[str]) -> tuple[list[str], list[str]]:
    """Split a multi-choice answer against the known options (which may contain commas).

    Returns the options found, in the order given, and any leftover pieces that match no option.
    """
    text = " ".join(text.replace("\u2019", "'").split())
    found: list[tuple[int, str]] = []
    taken = [False] * len(text)
    for option in sorted(options, key=len, reverse=True):
        pattern = r"(?<![\w])" + re.escape(" ".join(option.split())) + r"(?![\w])"
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            span = range(match.start(), match.end())
            if not any(taken[i] for i in span):
                found.append((match.start(), option))
                for i in span:
                    taken[i] = True
    rest = "".join(" " if taken[i] else ch for i, ch in enumerate(text))
    leftovers = [p.strip() for p in re.split(r"[,;|\n/]+", rest) if p.strip(" .-")]
    chosen = list(dict.fromkeys(option for _, option in sorted(found)))
    return chosen, leftovers


def _multi_choice(options: list[str], value: Any, info: ValidationInfo) -> list[str]:
    pieces = value if isinstance(value, list) else [value]
    chosen: list[str] = []
    for piece in pieces:
        found, leftovers = split_choices(_text(piece, info), options)
        chosen += found
        for leftover in leftovers:
            _warn(info, f"unknown option {leftover!r} (expected: {', '.join(options)}); kept as given")
            chosen.append(leftover)
    return list(dict.fromkeys(chosen))


def _datetime(value: Any, info: ValidationInfo) -> str | None:
    text = _text(value, info)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    for fmt in UK_DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).isoformat()
        except ValueError:
            continue
    _warn(info, f"cannot read {text!r} as a date and time (use ISO 8601, e.g. 2025-04-30T17:05); left blank")
    return None


@lru_cache(maxsize=1)
def known_la_codes() -> frozenset[str]:
    """ONS codes of the English local authorities with children's services (shipped reference list)."""
    path = resources.files("synthesis") / "data" / "local_authorities.csv"
    if not path.is_file():
        return frozenset()
    return frozenset(pd.read_csv(path, dtype=str)["la_code"])


def _la_code(value: Any, info: ValidationInfo) -> str | None:
    text = _text(value, info).upper()
    if not text:
        return None
    if not LA_CODE.match(text):
        _warn(info, f"{text!r} is not an ONS local authority code such as E10000023")
    elif known_la_codes() and text not in known_la_codes():
        _warn(info, f"{text!r} is not one of the English local authorities with children's services")
    return text


def _confidential(value: Any, info: ValidationInfo) -> bool:
    text = fold(_text(value, info))
    if text in YES:
        return True
    if text in NO:
        return False
    # a blank cell, a key left out or null fails closed too: a "No" would be quoted and mapped
    given = f"unknown value {text!r}" if text else "no confidential value"
    _warn(info, f"{given} (expected Yes or No); treated as confidential")
    return True


def _parser(f: Field):
    if f.id == "respondent_id":
        return _required_text
    if f.id == "confidential":
        return _confidential
    return {
        "single_choice": partial(_single_choice, f.options),
        "multi_choice": partial(_multi_choice, f.options),
        "datetime": _datetime,
        "la_code": _la_code,
    }.get(f.type, _text)


_ROW_MODELS: dict[str, type[BaseModel]] = {}


def row_model(question_set: QuestionSet) -> type[BaseModel]:
    """A pydantic model of one response row, built from the question set (once per question set)."""
    key = question_set.model_dump_json()
    if key not in _ROW_MODELS:
        _ROW_MODELS[key] = _build_row_model(question_set)
    return _ROW_MODELS[key]


def _build_row_model(question_set: QuestionSet) -> type[BaseModel]:
    fields = {
        f"f{i}": (Annotated[Any, AfterValidator(_parser(f))], PydanticField(default="", alias=f.id))
        for i, f in enumerate(question_set.fields)
    }
    return create_model("Response", __config__=ConfigDict(extra="ignore", validate_default=True), **fields)


# --- the step ------------------------------------------------------------------------------------


def _canonical_columns(table: RawTable, ids: list[str]) -> RawTable:
    """Columns named like a question id but for case and spacing ("Confidential", "Respondent ID") take the id.

    Two columns of one row that would both become one id are a fatal one-line error naming both (JSON records
    may spell a key differently from one record to the next).
    """
    by_key = {column_key(i): i for i in ids}
    names = {c: c if c in ids else by_key.get(column_key(c), c) for c in table.columns}
    if all(c == t for c, t in names.items()):
        return table
    rows = []
    for number, row in zip(table.row_numbers, table.rows):
        new, source = {}, {}
        for column, value in row.items():
            target = names.get(column, column)
            if target in new:
                header = len(row) == len(table.columns)  # every column in every row: a header problem
                raise InputError(table.path, f"columns {source[target]!r} and {column!r} are both read as "
                                             f"{target!r}: remove or rename one", row=HEADER_ROW if header else number)
            new[target], source[target] = value, column
        rows.append(new)
    columns = list(dict.fromkeys(names[c] for c in table.columns))
    return replace(table, columns=columns, rows=rows)


def _asks_confidentiality(record: dict[str, Any] | None, raw: dict[str, Any]) -> bool:
    """Whether a row asks for confidentiality; a row that failed validation unless it plainly says no."""
    if record is not None:
        return record.get("confidential") is True
    value = raw.get("confidential")
    return fold("" if value is None else str(value)) not in NO


def _no_confidential_column(table: RawTable) -> str:
    """Why a table without the ``confidential`` column is refused, naming a header that looks like it if any.

    Fail closed: without the column every respondent would be treated as not confidential and be published.
    """
    message = "no confidential column: without it every respondent would be published as not confidential"
    alike = [c for c in table.columns if "confidential" in column_key(c)]
    if alike:
        message += f"; is {alike[0]!r} that column? rename it to 'confidential' or map it with --question-map"
    else:
        message += "; add a confidential column (Yes/No) or map the export's column with --question-map"
    return message


def validate_table(table: RawTable, question_set: QuestionSet) -> LoadResult:
    """Check every row of ``table``; quarantine unusable rows; collect problems."""
    file = str(table.path)
    ids = question_set.columns()
    table = _canonical_columns(table, ids)
    problems = list(table.problems)
    if "respondent_id" not in table.columns:
        found = ", ".join(table.columns[:6]) + (", ..." if len(table.columns) > 6 else "")
        raise InputError(table.path, f"no respondent_id column (found: {found}); map your ID column with --question-map")
    if "confidential" in ids and "confidential" not in table.columns:
        raise InputError(table.path, _no_confidential_column(table), row=HEADER_ROW, column="confidential")
    for column in table.columns:
        if column not in ids and table.keyed:
            first = next((n for n, row in zip(table.row_numbers, table.rows) if column in row), None)
            problems.append(Problem(file, first, column, "key is not in the question set and is ignored (first "
                                    "given in this record)", False))
        elif column not in ids:
            problems.append(Problem(file, HEADER_ROW, column, "column is not in the question set and is ignored", False))
    for missing in [i for i in ids if i not in table.columns]:
        problems.append(Problem(file, HEADER_ROW, missing, "no such column: answers treated as empty", False))

    unreadable: dict[int, list[Problem]] = {}  # rows the reading step already found unusable
    for problem in problems:
        if problem.fatal and problem.row is not None:
            unreadable.setdefault(problem.row, []).append(problem)
    model = row_model(question_set)
    names = {f"f{i}": f.id for i, f in enumerate(question_set.fields)}
    columns: dict[str, list[Any]] = {c: [] for c in ["source_row", *ids]}  # kept rows, column by column
    excluded, first_seen, folded = [], {}, {}
    kept_at: dict[str, int] = {}  # respondent_id -> position of its kept row among the columns' values
    for number, raw in zip(table.row_numbers, table.rows):
        warnings: list[tuple[str, str]] = []
        reasons: list[str] = []
        categories: list[str] = []
        record = None
        for problem in unreadable.get(number, []):  # first: they explain any invalid value that follows
            if problem.category == "ragged row":
                reasons.append("ragged row: more fields than the header")
            else:
                reasons.append(f"{problem.column}: {problem.message}" if problem.column else problem.message)
            categories.append(problem.category or "unreadable row")
        try:
            if not (reasons and not raw):  # a record nothing was read from has no value to check
                parsed = model.model_validate(raw, context={"warnings": warnings})
                record = {names[k]: v for k, v in parsed if k in names}
        except ValidationError as exc:
            for error in exc.errors():
                column = names.get(str(error["loc"][0]), str(error["loc"][0])) if error["loc"] else None
                message = error["msg"].removeprefix("Value error, ")
                problems.append(Problem(file, number, column, message, fatal=True))
                reasons.append(f"{column}: {message}")
                categories.append(f"invalid {column}")
        for column, message in warnings:
            problems.append(Problem(file, number, names.get(column, column), message, fatal=False))
        rid = record["respondent_id"] if record else str(raw.get("respondent_id", "")).strip()
        if record and rid in first_seen:
            message = f"duplicate respondent_id {rid!r} (first at row {first_seen[rid]})"
            problems.append(Problem(file, number, "respondent_id", message, fatal=True))
            reasons.append(message)
            categories.append("duplicate respondent_id")
        if rid in kept_at and "confidential" in columns and _asks_confidentiality(record, raw):
            kept = kept_at[rid]
            if not columns["confidential"][kept]:  # copies disagree: fail closed, keep the row as confidential
                columns["confidential"][kept] = True
                problems.append(Problem(file, number, "confidential", f"this copy of respondent_id {rid!r} asks for "
                                        f"confidentiality: the row kept (row {first_seen[rid]}) is treated as "
                                        "confidential", fatal=False))
        if reasons:
            excluded.append(
                {"source_row": number, "respondent_id": rid, "reason": "; ".join(reasons), "category": categories[0]}
            )
            continue
        first_seen[rid] = number
        kept_at[rid] = len(columns["source_row"])
        twin = folded.setdefault(rid.casefold(), rid)
        if twin != rid:
            problems.append(Problem(file, number, "respondent_id", f"respondent_id {rid!r} differs from {twin!r} (row "
                                    f"{first_seen[twin]}) only in case: counted as another respondent", fatal=False))
        columns["source_row"].append(number)
        for column, value in record.items():
            columns[column].append(value)
    responses = _frame(columns, question_set)
    for number in table.empty_rows:
        excluded.append({"source_row": number, "respondent_id": "", "reason": "empty row", "category": "empty row"})
    for number, rid in table.run_on:  # rows a quote left open in row ``number`` read into its answer
        excluded.append({"source_row": number, "respondent_id": rid, "category": "unclosed quote",
                         "reason": f"read into the answer of row {number} by a quote left open there"})
    excluded.sort(key=lambda row: row["source_row"])
    excluded_frame = pd.DataFrame(excluded, columns=EXCLUDED_COLUMNS)
    return LoadResult(table.path, table.sha256, responses, excluded_frame, problems)


def _frame(columns: dict[str, list[Any]], question_set: QuestionSet) -> pd.DataFrame:
    """The responses table: text columns hold the validated ``str`` objects themselves (``object``
    dtype, no copy); other columns get the dtype pandas infers."""
    text = {f.id for f in question_set.fields if f.type in ("text", "free_text")}
    data = {}
    for name in list(columns):
        values = columns.pop(name)  # drop each list as soon as its column is built
        data[name] = pd.Series(values, dtype=object) if name in text else pd.Series(values)
        del values
    return pd.DataFrame(data, copy=False)


def load_responses(
    path: str | Path,
    question_map: str | Path | QuestionMap | None = None,
    question_set: QuestionSet | str | Path | None = None,
) -> LoadResult:
    """Read and validate a response file: the first step of every run."""
    if not isinstance(question_set, QuestionSet):
        question_set = load_question_set(question_set)
    if question_map is not None and not isinstance(question_map, QuestionMap):
        question_map = QuestionMap.load(question_map)
    return validate_table(read_table(path, question_map), question_set)
