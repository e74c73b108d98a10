"""Publishing, the notebook's side: :func:`prepare` loads, validates and extracts the responses for
``synthesis/notebooks/briefing.ipynb`` (and ``explore.ipynb``), applies the briefing's filters and returns a
:class:`Briefing`, whose methods write each table (after the disclosure pass) and display its chart, with all
response text escaped and redacted. :mod:`synthesis.briefings` runs the notebook into a run folder.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from synthesis import analyse, parameters  # charts (plotly) is imported where used
from synthesis.analyse import disclosure
from synthesis.cache import file_sha
from synthesis.errors import InputError
from synthesis.export import write_json
from synthesis.methods import compute_accuracy, excluded_counts, theme_model_sha256, versions
from synthesis.paths import (
    BRIEFING_NOTEBOOK, HEXJSON_PATH, LA_PATH, SAMPLE_PATH, default_run_dir, resolve_path, run_name, slug,
)
from synthesis.provenance import git_commit, published_name, published_parameters, run_timestamp
from synthesis.questions import load_question_set

log = logging.getLogger(__name__)
DEFAULT_TITLE = "AI and digital technology in children's social care: what the call for evidence told us"
GROUP_COLUMNS = {"region": "filter_region", "organisation_type": "filter_organisation_type"}


PUBLISHED = "published"  # the one folder of a run that is safe to share as it stands
INTERNAL = "internal"  # the executed notebook, excluded rows, pseudonyms, tables before suppression
EXCLUDED_ROWS = "excluded_rows.csv"  # internal: which rows were left out and why; never published
PSEUDONYMS = "pseudonyms.csv"  # internal: respondent id -> published pseudonym
PROBLEMS = "input_problems.csv"  # internal: every problem and warning the input gave, as FILE:ROW:COLUMN says
SAMPLE_BANNER = "Synthetic sample data: not real responses"


def is_sample(path: object) -> bool:
    """Whether ``path`` is one of the synthetic sample files shipped in ``data/sample/``, or a byte-for-byte
    copy of one of them (a copy elsewhere is still not real responses)."""
    if path is None or str(path) == "":
        return False
    try:
        given = Path(str(path)).resolve()
        folder = SAMPLE_PATH.parent.resolve()
        if given.parent == folder:
            return True
        size = given.stat().st_size
        return any(f.is_file() and f.stat().st_size == size and file_sha(f) == file_sha(given)
                   for f in folder.iterdir() if f.suffix in (".csv", ".xlsx", ".jsonl", ".json"))
    except OSError:
        return False


class BriefingError(InputError):
    """The briefing could not be built: ``NOTEBOOK: message`` in one line (the CLI prints it without a traceback)."""

    def __init__(self, message: str, file: object = None):
        super().__init__(file or BRIEFING_NOTEBOOK, message)


# --------------------------------------------------------------------------------------------- display helpers


def md_escape(text: object) -> str:
    """Escape text for Markdown output: HTML special characters and Markdown punctuation."""
    marked = re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", str(text))
    return html.escape(marked, quote=False)


def show_markdown(markdown: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(markdown))


def show_html(fragment: str) -> None:
    from IPython.display import HTML, display

    display(HTML(fragment))


# --------------------------------------------------------------------------------------------- the notebook side


@dataclass
class Briefing:
    """Everything one briefing needs, with helpers that write tables and display escaped output.

    Every table and chart goes through :meth:`publish`, the one disclosure pass: the protected table
    is written to ``published/tables/`` (and drawn), the table before suppression to
    ``internal/tables/`` for the analyst, and what was hidden is logged for the manifest.
    """

    params: dict[str, Any]
    load: Any
    question_set: Any
    codebook: Any
    tool_list: Any
    all_responses: pd.DataFrame
    responses: pd.DataFrame
    mentions: pd.DataFrame
    sentences: pd.DataFrame
    labels: dict[str, str]
    local_authorities: pd.DataFrame
    hexjson: dict
    run_dir: Path | None
    display: bool = True
    withheld_confidential: int = 0
    pseudonyms: dict[str, str] = field(default_factory=dict)
    coverage: pd.DataFrame | None = None
    charts: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    suppressions: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    # -- scope

    @property
    def n(self) -> int:
        """Respondents counted in this briefing."""
        return len(self.responses)

    @property
    def confidential_not_counted(self) -> int | str | None:
        """How many confidential responses this briefing leaves out, as published ("fewer than 3"); ``None``
        in a filtered or group briefing, where the number of each group, set beside the national one,
        would say which region holds a lone confidential respondent (red team 3)."""
        if self.params.get("filter_region") or self.params.get("filter_organisation_type"):
            return None
        return disclosure.shown_count(self.withheld_confidential, self.threshold)

    @property
    def confidential_sentence(self) -> str:
        """What the briefing says of the responses given in confidence that it leaves out ("" if none)."""
        shown = self.confidential_not_counted
        if shown is None:
            return "Responses given in confidence, if there are any in this group, are not counted."
        if not shown:
            return ""
        verb = "is" if shown == 1 else "are"
        noun = "response" if shown == 1 else "responses"
        return f"{str(shown).capitalize()} {noun} given in confidence {verb} not counted."

    @property
    def scope(self) -> str:
        """Plain description of who is in this briefing."""
        parts = []
        if self.params.get("filter_organisation_type"):
            parts.append(str(self.params["filter_organisation_type"]).lower() + " respondents")
        if self.params.get("filter_region"):
            parts.append("in " + str(self.params["filter_region"]))
        return " ".join(parts) if parts else "all respondents"

    @property
    def threshold(self) -> int:
        return int(self.params.get("suppress_below") or 0)

    @property
    def theme_ids(self) -> list[str]:
        return list(self.codebook.ids) if self.codebook is not None else sorted(self.labels)

    @property
    def published(self) -> Path | None:
        """``published/``: safe to share as it stands."""
        return self.run_dir / PUBLISHED if self.run_dir is not None else None

    @property
    def internal(self) -> Path | None:
        """``internal/``: the executed notebook, excluded rows, pseudonyms, tables before suppression."""
        return self.run_dir / INTERNAL if self.run_dir is not None else None

    @property
    def tables_dir(self) -> Path | None:
        return self.published / "tables" if self.published is not None else None

    @property
    def questions(self) -> dict[str, str]:
        """Question ids and the question text shown for them."""
        return {q.id: q.text for q in self.question_set.questions} if self.question_set is not None else {}

    def pseudonym(self, respondent_id: object) -> str:
        """The stable pseudonym published for a respondent id (the mapping stays in ``internal/``)."""
        return self.pseudonyms.get(str(respondent_id), "Respondent")

    # -- output

    def write_table(self, name: str, table: pd.DataFrame, internal: bool = False) -> Path:
        """Write ``published/tables/<name>.csv`` and ``.xlsx`` (or ``internal/tables/`` with ``internal``)."""
        from synthesis.analyse import round_percents
        from synthesis.export import write_table

        folder = (self.internal / "tables") if internal else self.tables_dir
        if folder is None:
            return Path(f"{name}.csv")
        path = folder / f"{name}.csv"
        table = round_percents(table)  # shares are kept unrounded until they are published
        write_table(table, path)
        if not internal:
            write_table(table, folder / f"{name}.xlsx")
            if name not in self.tables:
                self.tables.append(name)
        return path

    def _protected(self, table: pd.DataFrame, counts: Sequence[str] | None, total: bool, protect: Any):
        from synthesis.analyse import disclosure

        if protect is not None:
            return protect(table, self.threshold)
        return disclosure.protect(table, self.threshold, counts, total)

    def publish(self, name: str, table: pd.DataFrame, counts: Sequence[str] | None = None, total: bool = False,
                protect: Any = None) -> pd.DataFrame:
        """The disclosure pass: protect ``table``, write it, log what was hidden, return what may be shown.

        ``counts`` names the count columns (default: every respondent count present); ``total`` says each
        is a list whose total is published (a single-choice question). ``protect`` replaces the default
        rule for tables with a structure of their own (the register). Tables already protected where
        they were built (``suppressed`` column) are checked again.
        """
        shown, hidden = self._protected(table, counts, total, protect)
        already = int(table["suppressed"].sum()) if "suppressed" in table.columns else 0
        if hidden or already:
            self.suppressions.append({"table": name, "cells_hidden": int(hidden) + already,
                                      "rule": f"counts below {self.threshold}, and what would reveal them"})
            if self.internal is not None:
                self.write_table(name, table, internal=True)
        self.write_table(name, shown)
        return shown

    def figure(self, name: str, fig, alt: str = "") -> None:
        """Display a chart drawn from the published table ``name``, with its text alternative and a link to the CSV."""
        from synthesis import charts

        if name not in self.charts:
            self.charts.append(name)
        if self.display:
            link = f"tables/{name}.csv" if self.tables_dir is not None else None
            charts.show(fig, f"chart-{slug(name)}", alt=alt, data_link=link)

    def masthead(self) -> None:
        """The protective marking, the title, the run date and, for the shipped sample, the synthetic-data banner."""
        from synthesis import charts

        if not self.display:
            return
        marking = str(self.params.get("status_marking") or "").strip()
        when = str(self.params.get("run_date") or "")[:10]
        parts = []
        if marking:
            parts.append(f'<p class="synth-marking" role="note">{charts.esc(marking)}</p>')
        if is_sample(self.load.path):
            parts.append(f'<p class="synth-banner" role="note"><strong>{charts.esc(SAMPLE_BANNER)}</strong>. '
                         "The organisation names are real local authorities, but every answer is invented.</p>")
        parts.append(f"<h1>{charts.esc(self.params.get('title') or DEFAULT_TITLE)}</h1>")
        if when:
            parts.append(f'<p class="synth-run-date">Run on <time datetime="{charts.esc(when)}">{charts.esc(when)}</time>'
                         + (f" · {charts.esc(marking)}" if marking else "") + "</p>")
        show_html("\n".join(parts))

    def say(self, *lines: str) -> None:
        """Display plain sentences (escaped) as Markdown paragraphs."""
        if self.display:
            show_markdown("\n\n".join(md_escape(line) for line in lines if line))

    def bullets(self, lines: Sequence[str]) -> None:
        if self.display and lines:
            show_markdown("\n".join(f"- {md_escape(line)}" for line in lines))

    def heading(self, text: str, level: int = 1) -> None:
        if self.display:
            show_markdown("#" * level + " " + md_escape(text))

    def table(self, name: str, frame: pd.DataFrame, caption: str, columns: Mapping[str, str] | None = None,
              page_size: int = 15, shown: pd.DataFrame | None = None, what: str = "rows", protect: Any = None) -> None:
        """Write the table as CSV and display it as a sortable, searchable HTML table.

        With ``shown`` (some rows of ``frame``), only those are displayed, under a sentence saying
        how many of how many ``what`` are shown and where the full table is; the CSV holds every row.
        """
        from synthesis import charts

        frame = self.publish(name, frame, protect=protect)
        if shown is not None:
            shown = self._protected(shown, None, False, protect)[0]
        if not self.display:
            return
        note = ""
        if shown is not None:
            where = f"tables/{name}.csv"
            count = f"all {len(frame):,}" if len(shown) >= len(frame) else f"{len(shown):,} of {len(frame):,}"
            note = (f'<p class="synth-shown">Showing {count} {charts.esc(what)}; the full table is '
                    f'<a href="{charts.esc(where)}">{charts.esc(where)}</a>.</p>')
        part = frame if shown is None else shown
        show_html(note + charts.table_html(part, f"table-{slug(name)}", caption, columns, page_size) + charts.table_init())

    def quotes(self, quotes: pd.DataFrame) -> None:
        """Display quotes as block quotes under a heading per theme, attributed by type, region and pseudonym."""
        from synthesis import charts

        if not self.display:
            return
        if quotes.empty:
            show_markdown("*No quotable sentences for these themes.*")
            return
        blocks = []
        for _theme, rows in quotes.groupby("theme", sort=False):
            blocks.append(f"<h4>{charts.esc(rows['label'].iloc[0])}</h4>")
            for rid, who, quote, question in zip(rows["respondent_id"], rows["attribution"], rows["quote"],
                                                 rows.get("question", rows["question_id"])):
                blocks.append(
                    f'<blockquote class="synth-quote"><p>{charts.esc(quote)}</p>'
                    f"<footer>{charts.esc(who)} ({charts.esc(self.pseudonym(rid))}), answering "
                    f"<cite>{charts.esc(question)}</cite></footer></blockquote>"
                )
        show_html("\n".join(blocks))

    def manifest(self) -> dict[str, Any]:
        """Provenance of this run: when, from what (by hash), with which parameters and versions, what was hidden.

        Nothing in it names a local folder or a respondent: the input is given by file name (redacted)
        and hash, path parameters by file name.
        """
        accounting = dict(self.load.accounting)
        accounting["rows_in_briefing"] = self.n
        accounting["confidential_not_counted"] = self.confidential_not_counted
        return {
            "created": self.params.get("run_date") or run_timestamp(),
            "git_commit": git_commit(),
            "status_marking": self.params.get("status_marking", ""),
            "input": {"file": published_name(self.load.path), "sha256": self.load.sha256,
                      "synthetic_sample": is_sample(self.load.path)},
            "parameters": published_parameters(self.params),
            "versions": {
                **versions(),
                "question_set": getattr(self.question_set, "version", None),
                "codebook": getattr(self.codebook, "version", None),
                "codebook_sha256": getattr(self.codebook, "sha", None),
                "tool_list": getattr(self.tool_list, "version", None),
                "tool_list_sha256": getattr(self.tool_list, "sha", None),
                "theme_model_sha256": theme_model_sha256(),
            },
            "rows": accounting,
            "excluded_reasons": excluded_counts(self.load.excluded).to_dict(),
            "suppression": {
                "threshold": self.threshold,
                "min_group_size": int(self.params.get("min_group_size") or 0),
                "confidential_not_counted": self.confidential_not_counted,
                "tables": list(self.suppressions),
                "cells_hidden": sum(s["cells_hidden"] for s in self.suppressions),
            },
            "charts": list(self.charts),
            "tables": [f"tables/{t}.csv" for t in self.tables] if self.tables_dir else [],
            "timings_seconds": {k: round(v, 3) for k, v in self.timings.items()},
        }

    def write_manifest(self) -> Path | None:
        """Write ``published/manifest.json`` and the internal files (excluded rows, pseudonyms, input problems)."""
        if self.run_dir is None:
            return None
        from synthesis.export import write_table

        write_table(self.load.excluded, self.internal / EXCLUDED_ROWS)
        mapping = pd.DataFrame(sorted(self.pseudonyms.items()), columns=["respondent_id", "pseudonym"])
        write_table(mapping, self.internal / PSEUDONYMS)
        write_table(problems_table(self.load.problems), self.internal / PROBLEMS)
        path = self.published / "manifest.json"
        write_json(self.manifest(), path)
        return path


def problems_table(problems) -> pd.DataFrame:
    """The input's problems as rows of ``internal/input_problems.csv``: the file's name (never its folder), and
    row numbers as whole numbers, blank where a problem is about the whole file."""
    table = pd.DataFrame([{"file": Path(p.file).name, "row": p.row, "column": p.column, "message": p.message,
                           "fatal": p.fatal} for p in problems], columns=["file", "row", "column", "message", "fatal"])
    table["row"] = table["row"].astype("Int64")
    return table


def _extract(responses: pd.DataFrame, question_set, codebook_path, tool_list_path, use_cache: bool, scheduler: str,
             show_progress: bool):
    """Run extraction through the on-disk cache (:func:`synthesis.scale.run_extraction`), locally or on Dask.

    A custom codebook or tool list gets its own pipeline, and with it its own cache key.
    """
    import warnings

    nlp = None
    if codebook_path or tool_list_path:
        from synthesis.nlp import build_pipeline

        nlp = build_pipeline(tool_list=tool_list_path, codebook=codebook_path)
    with warnings.catch_warnings():  # tqdm.auto warns in kernels without ipywidgets
        warnings.simplefilter("ignore")
        from synthesis.scale import run_extraction
    return run_extraction(responses, question_set, use_cache=use_cache, scheduler=scheduler or None,
                          show_progress=show_progress, nlp=nlp)


def load_knowledge(codebook: Path | None = None, tool_list: Path | None = None, use_cache: bool = True):
    """The validated codebook and tool list (``None``: the shipped ones), as ``(codebook, tool_list)``.

    Validating the codebook (YAML with line numbers, every spaCy pattern checked) needs spaCy, so
    the validated models are kept as JSON in the extraction cache folder, under the extraction
    version key (which hashes both files and the code that reads them); a changed file is validated again,
    a damaged entry is rebuilt, and ``use_cache=False`` neither reads nor writes it.
    """
    from synthesis.cache import stored_json, stored_path, version_inputs
    from synthesis.knowledge import Codebook, ToolList, load_codebook, load_tool_list

    if not use_cache:
        return load_codebook(codebook), load_tool_list(tool_list)
    try:
        kept = stored_path("knowledge", version_inputs(tool_list, codebook))
    except OSError:  # a missing or unreadable file: the loaders say which, with its name
        return load_codebook(codebook), load_tool_list(tool_list)
    return stored_json(kept, lambda: {"codebook": load_codebook(codebook).model_dump(mode="json"),
                                      "tool_list": load_tool_list(tool_list).model_dump(mode="json")},
                       lambda data: (Codebook.model_validate(data["codebook"]), ToolList.model_validate(data["tool_list"])))


def prepare(
    input_path: str | os.PathLike | None = None,
    question_map: str | None = "",
    questions: str | None = "",
    codebook: str | None = "",
    tool_list: str | None = "",
    title: str = DEFAULT_TITLE,
    filter_region: str = "",
    filter_organisation_type: str = "",
    suppress_below: int = 3,
    max_quotes_per_theme: int = 3,
    include_quote_table: bool = True,
    max_table_rows: int = 2000,
    accuracy_path: str | None = "",
    score_accuracy: bool = False,
    use_cache: bool = True,
    scheduler: str = "",
    keep_going: bool = False,
    display: bool = True,
    run_dir: str | os.PathLike = "",
    review: str | os.PathLike | None = "",
    min_group_size: int = 10,
    status_marking: str = "DRAFT",
    write_files: bool = True,
    **extra: Any,
) -> Briefing:
    """Load, validate and extract the responses for a briefing, and set up the notebook's output.

    Parameters mirror the notebook's ``parameters`` cell. Raises :class:`synthesis.errors.InputError`
    when the input has fatal problems (unless ``keep_going``). With ``score_accuracy`` (and no
    ``accuracy_path``), extraction is scored on the held-out gold sentences with the pipeline just
    used (:func:`compute_accuracy`), into ``accuracy.json`` beside the tables folder, and
    ``params["accuracy_path"]`` names that file. Files go to ``run_dir/published/`` and
    ``run_dir/internal/`` (empty ``run_dir``: :func:`default_run_dir`, never the working folder;
    ``write_files=False``: nowhere). ``review`` names an analyst's review file
    (:mod:`synthesis.review`) whose decisions are applied to what extraction found. Confidential
    respondents are not counted (:func:`synthesis.analyse.disclosure.counted_respondents`); a filtered briefing of fewer than
    ``min_group_size`` respondents is refused.
    """
    from synthesis.extract import scope_themes
    from synthesis.redact import pseudonym_key, pseudonymise, redact_value
    from synthesis.validate import load_responses

    timings: dict[str, float] = {}
    started = time.perf_counter()
    params = {
        "input_path": str(input_path or ""), "question_map": question_map or "", "questions": questions or "",
        "codebook": codebook or "", "tool_list": tool_list or "", "title": title, "filter_region": filter_region or "",
        "filter_organisation_type": filter_organisation_type or "", "suppress_below": int(suppress_below),
        "max_quotes_per_theme": int(max_quotes_per_theme), "include_quote_table": bool(include_quote_table),
        "max_table_rows": int(max_table_rows), "accuracy_path": accuracy_path or "",
        "min_group_size": int(min_group_size), "status_marking": str(status_marking or ""),
        "score_accuracy": bool(score_accuracy), "use_cache": bool(use_cache),
        "scheduler": scheduler or "", "keep_going": bool(keep_going), "run_dir": str(run_dir or ""),
        "review": str(review or ""), **extra,
    }
    source = resolve_path(input_path, SAMPLE_PATH)
    if source is None or not source.exists():
        raise InputError(input_path or SAMPLE_PATH, "input file not found")
    question_set = load_question_set(resolve_path(questions))
    params.update(parameters.checked_choices(params, question_set))  # "london" is London; "Londn" is an error
    filter_region, filter_organisation_type = params["filter_region"], params["filter_organisation_type"]
    code_book, tools = load_knowledge(resolve_path(codebook), resolve_path(tool_list), use_cache)
    load = load_responses(source, resolve_path(question_map), question_set)
    fatal = [p for p in load.problems if getattr(p, "fatal", False)]
    if fatal and not keep_going:
        first = fatal[0]
        raise InputError(getattr(first, "file", source), f"{getattr(first, 'message', first)} "
                         f"({len(fatal)} fatal problem(s); set keep_going to leave those rows out)",
                         row=getattr(first, "row", None), column=getattr(first, "column", None))
    timings["load"] = time.perf_counter() - started

    started = time.perf_counter()
    extraction = _extract(load.responses, question_set, resolve_path(codebook), resolve_path(tool_list), use_cache,
                          scheduler, show_progress=False)
    extraction = scope_themes(extraction, code_book)
    timings["extract"] = time.perf_counter() - started
    if review:
        from synthesis.review import apply_review

        extraction = apply_review(extraction, resolve_path(review), code_book, tools)
    base = (Path(run_dir) if str(run_dir or "") else default_run_dir(run_name(params))) if write_files else None
    if score_accuracy and not accuracy_path and base is not None:
        started = time.perf_counter()
        scored = compute_accuracy(base / INTERNAL / "accuracy.json", codebook=resolve_path(codebook),
                                  tool_list=resolve_path(tool_list), use_cache=use_cache)
        params["accuracy_path"] = str(scored or "")
        timings["accuracy"] = time.perf_counter() - started

    chosen = analyse.filter_responses(load.responses, filter_region, filter_organisation_type)
    counted, withheld = disclosure.counted_respondents(chosen, analyse.confidential_ids(load.responses))
    chosen = published_categories(chosen[chosen["respondent_id"].isin(counted)].reset_index(drop=True), question_set)
    if (filter_region or filter_organisation_type) and disclosure.too_small(len(chosen), int(min_group_size)):
        raise BriefingError(f"this briefing would count {len(chosen)} respondent(s), fewer than min_group_size "
                            f"({int(min_group_size)}): it is not published, so nobody in it can be singled out")
    labels = {t.id: t.label for t in code_book.themes}
    mentions = analyse.restrict(extraction.mentions, counted)
    mentions = analyse.without_confidential_tools(mentions, analyse.confidential_ids(chosen))
    if base is not None:
        for folder in (base / PUBLISHED / "tables", base / INTERNAL):
            folder.mkdir(parents=True, exist_ok=True)
    local_authorities = pd.read_csv(LA_PATH, dtype=str, keep_default_na=False)
    hexjson = json.loads(HEXJSON_PATH.read_text(encoding="utf-8-sig"))
    if display:
        from synthesis import charts

        charts.notebook_setup()
    params["run_date"] = params.get("run_date") or run_timestamp()
    params["title"] = published_title(params.get("title"))
    params["status_marking"] = redact_value(params.get("status_marking") or "")
    return Briefing(
        params=params, load=load, question_set=question_set, codebook=code_book, tool_list=tools,
        all_responses=load.responses, responses=chosen, mentions=mentions,
        sentences=analyse.restrict(extraction.sentences, counted), labels=labels, local_authorities=local_authorities,
        hexjson=hexjson, run_dir=base, display=display, timings=timings, withheld_confidential=withheld,
        pseudonyms=pseudonymise(load.responses["respondent_id"], pseudonym_key(source.read_bytes())),
    )


UNLISTED = "Not in the option list"


def published_title(title: object) -> str:
    """The briefing's title as published: personal data in it redacted."""
    from synthesis.redact import redact_value

    return redact_value(str(title or DEFAULT_TITLE))


def published_categories(responses: pd.DataFrame, question_set: Any) -> pd.DataFrame:
    """Responses whose answer to a choice question (region, organisation type, use of AI, single view,
    tool source, ...) is outside its option list shown as :data:`UNLISTED`.

    Such a value is free text a respondent typed ("Bob", "jsmith", an e-mail address): too short for
    the redactor to judge, so it is never published as typed.
    """
    out = responses.copy()
    for question in question_set.fields:
        if not question.type.endswith("_choice") or question.id not in out:
            continue
        options = set(question.options)

        def shown(value: object) -> object:
            if isinstance(value, (list, tuple)):  # a multiple choice: each choice on its own
                return list(dict.fromkeys(v if str(v) in options else UNLISTED for v in value))
            return value if analyse.is_blank(value) or str(value) in options else UNLISTED

        out[question.id] = [shown(v) for v in out[question.id]]
    return out


