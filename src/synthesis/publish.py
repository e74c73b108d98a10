"""Publishing: run the briefing notebook with papermill and export it as one self-contained HTML file.

Two halves:

- :func:`prepare` is called by ``synthesis/notebooks/briefing.ipynb`` (and ``explore.ipynb``): it loads and
  extracts the responses, applies the briefing's filters and returns a :class:`Briefing` whose
  methods write each chart's table as CSV and display the chart, with all response text escaped.
- :func:`brief` runs that notebook (papermill) into a run folder, converts it to HTML (nbconvert,
  code hidden, plotly.js inline once, nothing fetched from the network), and writes
  ``briefing.html``, ``briefing.ipynb``, ``tables/*.csv`` and ``manifest.json``.
  ``by="region"`` or ``"organisation_type"`` writes one briefing per group plus ``index.html``.

A failed run raises :class:`BriefingError` and leaves no ``briefing.html`` behind: everything is
built in a staging folder and moved into place only when it succeeded.
"""

from __future__ import annotations

import datetime as _dt
import html
import importlib.metadata
import importlib.resources
import json
import logging
import math
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from synthesis import __version__, analyse, english, parameters, runfolder  # charts (plotly) is imported where used
from synthesis.analyse import disclosure
from synthesis.bounded import loads_json, read_text
from synthesis.errors import InputError
from synthesis.export import current_umask
from synthesis.provenance import git_commit, published_name, published_parameters, run_timestamp
from synthesis.questions import load_question_set

log = logging.getLogger(__name__)
PACKAGE_DIR = Path(str(importlib.resources.files("synthesis")))  # notebooks and templates are package data
REPO_ROOT = PACKAGE_DIR.parents[1]
SAMPLE_PATH = REPO_ROOT / "data" / "sample" / "responses.csv"
REAL_GOLD = REPO_ROOT / "data" / "gold" / "real"  # the real-text gold corpus; its test split is what the methods report
NOTEBOOK_DIR = PACKAGE_DIR / "notebooks"
BRIEFING_NOTEBOOK = NOTEBOOK_DIR / "briefing.ipynb"
TEMPLATE_DIR = PACKAGE_DIR / "templates"
TEMPLATE_NAME = "synthesis_briefing"
HEXJSON_PATH = PACKAGE_DIR / "data" / "uk-upper-tier-local-authorities.hexjson"
LA_PATH = PACKAGE_DIR / "data" / "local_authorities.csv"
DEFAULT_TITLE = "AI and digital technology in children's social care: what the call for evidence told us"
GROUP_COLUMNS = {"region": "filter_region", "organisation_type": "filter_organisation_type"}


PUBLISHED = "published"  # the one folder of a run that is safe to share as it stands
INTERNAL = "internal"  # the executed notebook, excluded rows, pseudonyms, tables before suppression
EXCLUDED_ROWS = "excluded_rows.csv"  # internal: which rows were left out and why; never published
PSEUDONYMS = "pseudonyms.csv"  # internal: respondent id -> published pseudonym
SAMPLE_BANNER = "Synthetic sample data: not real responses"


def is_sample(path: object) -> bool:
    """Whether ``path`` is one of the synthetic sample files shipped in ``data/sample/``."""
    if path is None or str(path) == "":
        return False
    try:
        return Path(str(path)).resolve().parent == SAMPLE_PATH.parent.resolve()
    except OSError:
        return False


class BriefingError(InputError):
    """The briefing could not be built: ``NOTEBOOK: message`` in one line (the CLI prints it without a traceback)."""

    def __init__(self, message: str, file: object = None):
        super().__init__(file or BRIEFING_NOTEBOOK, message)


# --------------------------------------------------------------------------------------------- paths


def resolve_path(path: str | os.PathLike | None, default: Path | None = None) -> Path | None:
    """An absolute path: as given if it exists (or is absolute), else relative to the repository.

    So ``data/sample/responses.csv`` works from any working directory. ``None`` or ``""`` gives ``default``.
    """
    if path is None or str(path) == "":
        return default
    candidate = Path(path).expanduser()
    if candidate.is_absolute() or candidate.exists():
        return candidate.resolve()
    in_repo = REPO_ROOT / candidate
    return in_repo.resolve() if in_repo.exists() else candidate.resolve()


def slug(text: str) -> str:
    """File-name-safe lower-case slug: ``Yorkshire and The Humber`` -> ``yorkshire-and-the-humber``."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "all"


def default_run_dir(name: str = "briefing", base: Path | None = None) -> Path:
    """``outputs/<YYYY-MM-DD>_<name>/`` under ``base``; ``_`` separates name parts.

    Without ``base``: the folder ``$SYNTHESIS_OUTPUTS`` names, else ``outputs/`` of the repository in
    a checkout, else ``outputs/`` of the working folder (a pip install on a scheduler host).
    """
    if base is not None:
        outputs = base / "outputs"
    elif os.environ.get("SYNTHESIS_OUTPUTS"):
        outputs = Path(os.environ["SYNTHESIS_OUTPUTS"]).expanduser()
    else:
        outputs = (REPO_ROOT if (REPO_ROOT / "pyproject.toml").exists() else Path.cwd()) / "outputs"
    safe = "_".join(slug(part) for part in str(name).split("_"))
    return outputs / f"{_dt.date.today().isoformat()}_{safe}"


def run_name(values: Mapping[str, Any], by: str | None = None) -> str:
    """The run folder's name: ``briefing`` and the filters (``briefing_london``), or the grouping (``_by-region``)."""
    return "_".join(["briefing", *(slug(str(values[k])) for k in ("filter_region", "filter_organisation_type")
                                   if values.get(k)), *([f"by-{by.replace('_', '-')}"] if by else [])])


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


def versions() -> dict[str, str]:
    """Versions of the packages that shape the output."""
    out = {"python": platform.python_version(), "synthesis": __version__}
    for name in ("pandas", "plotly", "spacy", "papermill", "nbconvert", "pydantic"):
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    try:
        out["spacy_model"] = english.model_version()
    except RuntimeError as exc:  # pragma: no cover - no model installed
        out["spacy_model"] = f"unavailable ({type(exc).__name__})"
    return out


def theme_model_sha256() -> str:
    """The sha256 of the shipped theme classifier's weights (checked when the pipeline loads them)."""
    from synthesis.nlp.theme_model import MODEL_SHA256

    return MODEL_SHA256


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _write_json(data: Any, path: Path) -> None:
    from synthesis.export import write_json

    write_json(_jsonable(data), path)


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
        from synthesis.export import write_table

        folder = (self.internal / "tables") if internal else self.tables_dir
        if folder is None:
            return Path(f"{name}.csv")
        path = folder / f"{name}.csv"
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
        accounting["confidential_not_counted"] = self.withheld_confidential
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
                "confidential_not_counted": self.withheld_confidential,
                "tables": list(self.suppressions),
                "cells_hidden": sum(s["cells_hidden"] for s in self.suppressions),
            },
            "charts": list(self.charts),
            "tables": [f"tables/{t}.csv" for t in self.tables] if self.tables_dir else [],
            "timings_seconds": {k: round(v, 3) for k, v in self.timings.items()},
        }

    def write_manifest(self) -> Path | None:
        """Write ``published/manifest.json`` and the internal files (excluded rows, pseudonyms)."""
        if self.run_dir is None:
            return None
        from synthesis.export import write_table

        write_table(self.load.excluded, self.internal / EXCLUDED_ROWS)
        mapping = pd.DataFrame(sorted(self.pseudonyms.items()), columns=["respondent_id", "pseudonym"])
        write_table(mapping, self.internal / PSEUDONYMS)
        path = self.published / "manifest.json"
        _write_json(self.manifest(), path)
        return path


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
    respondents are counted only when enough of them are in scope
    (:func:`synthesis.analyse.disclosure.counted_respondents`); a filtered briefing of fewer than
    ``min_group_size`` respondents is refused.
    """
    from synthesis.extract import scope_themes
    from synthesis.redact import pseudonym_key, pseudonymise
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
    counted, withheld = disclosure.counted_respondents(chosen, load.responses, analyse.confidential_ids(load.responses),
                                                       int(suppress_below))
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
    """Responses whose region or organisation type is outside the option list shown as :data:`UNLISTED`.

    Such a value is free text a respondent typed ("Bob", "jsmith"): too short for the redactor to judge,
    so it is never published as typed.
    """
    out = responses.copy()
    for column in ("organisation_type", "region"):
        if column not in out:
            continue
        try:
            options = set(question_set.field(column).options)
        except KeyError:
            continue
        if options:
            out[column] = [v if analyse.is_blank(v) or str(v) in options else UNLISTED for v in out[column]]
    return out


def excluded_counts(excluded: pd.DataFrame) -> pd.Series:
    """Excluded rows counted by category (no row numbers or ids, so safe to publish)."""
    return excluded["category"].value_counts().sort_index() if len(excluded) else pd.Series(dtype="int64")


def methods_text(b: Briefing) -> str:
    """The methods paragraph: what was analysed, what was left out, and how small counts are protected."""
    rows = b.load.accounting
    excluded = "; ".join(f"{reason} ({n})" for reason, n in excluded_counts(b.load.excluded).items())
    text = (
        f"The input file held {rows['rows_in']} rows: {rows['rows_analysed']} were analysed and "
        f"{rows['rows_excluded']} were excluded{' (' + excluded + ')' if excluded else ''}. "
        f"This briefing covers {b.n} respondents ({b.scope}). "
    )
    if b.threshold > 1:
        text += (
            f"Every published table and chart went through one disclosure pass: counts of respondents below "
            f"{b.threshold} are shown as suppressed, and so is the next smallest count (and any zero) in a row or "
            "column whose total is published, so that a hidden count cannot be worked out from a total. "
            f"Answers given in confidence are counted only when at least {b.threshold} such respondents are in the "
            "briefing; they are never quoted, named in the tool register or drawn on the map (an authority that "
            "responded only in confidence is shown as not having responded). "
        )
    else:
        text += "No counts are suppressed in this briefing (suppress_below is 1 or less). "
    if b.withheld_confidential:
        text += f"{b.withheld_confidential} response(s) given in confidence are not counted here, as too few to pool. "
    min_group = int(b.params.get("min_group_size") or 0)
    if min_group > 1:
        text += f"A briefing for a region or organisation type is published only if it counts at least {min_group} respondents. "
    text += ("Respondents are shown by pseudonym; quotes and the table of coded sentences never include respondents "
             "who asked for confidentiality. ")
    text += ("Accuracy, below, is measured on real public text coded by two independent coders. What it means for each "
             "section: the counts of who responded, of use of AI, of commercial or in-house tools and of single-view "
             "systems come from choice questions and do not depend on it; the tool register depends on how well tools "
             "are found (tools F1) and how well their status is read (status accuracy); the theme charts (purposes, "
             "impact, risks and safeguards, barriers, how they were overcome, support asked) are a first pass whose "
             "per-theme F1 says how far to trust each bar, to be checked against the quoted sentences.")
    return text


def accounting_table(b: Briefing) -> pd.DataFrame:
    """Rows in, analysed and excluded, with one row per exclusion reason."""
    rows = [("Rows in the input file", b.load.accounting["rows_in"]),
            ("Rows analysed", b.load.accounting["rows_analysed"]),
            ("Rows excluded", b.load.accounting["rows_excluded"])]
    for reason, n in excluded_counts(b.load.excluded).items():
        rows.append((f"Excluded: {reason}", int(n)))
    rows.append(("Respondents in this briefing", b.n))
    return pd.DataFrame(rows, columns=["measure", "rows"])


def versions_table(b: Briefing) -> pd.DataFrame:
    """Input hash and versions as a two-column table."""
    man = b.manifest()
    rows = [("Input file", man["input"]["file"]), ("Input SHA-256", man["input"]["sha256"])]
    rows += [(k.replace("_", " "), "" if v is None else str(v)) for k, v in man["versions"].items()]
    return pd.DataFrame(rows, columns=["item", "value"])


def parameters_table(b: Briefing) -> pd.DataFrame:
    """The briefing's parameters as a two-column table (paths cut to file names, free text redacted)."""
    rows = published_parameters(b.params).items()
    return pd.DataFrame([(k, "" if v is None else str(v)) for k, v in rows], columns=["parameter", "value"])


def load_accuracy(path: str | os.PathLike | None) -> pd.DataFrame:
    """Evaluation figures from a JSON file as a ``measure, value`` table (empty when no path).

    A report from ``synthesis evaluate --json`` is summarised (micro precision, recall and F1 with
    their 95% intervals for tools and themes, status and negation accuracy); any other JSON is flattened.
    """
    resolved = resolve_path(path)
    if resolved is None:
        return pd.DataFrame(columns=["measure", "value"])
    if not resolved.exists():
        raise InputError(resolved, "accuracy file not found")
    data = loads_json(resolved, read_text(resolved))  # a regular file, not nested without end
    if isinstance(data, Mapping) and isinstance(data.get("tools"), Mapping) and "micro_f1" in data["tools"]:
        return _accuracy_summary(data)
    rows = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif isinstance(value, list):
            rows.append((prefix, json.dumps(value)[:200]))
        else:
            rows.append((prefix, value if not isinstance(value, float) else round(value, 3)))

    walk("", data)
    return pd.DataFrame(rows, columns=["measure", "value"])


def _accuracy_summary(data: Mapping[str, Any]) -> pd.DataFrame:
    def fmt(value: Any, ci: Sequence[float] | None = None) -> str:
        if value is None:
            return ""
        text = f"{float(value):.2f}"
        if ci and len(ci) == 2:
            text += f" (95% CI {float(ci[0]):.2f} to {float(ci[1]):.2f})"
        return text

    rows = [("Gold sentences scored", str(data.get("n_sentences", "")))]
    for part, name in (("tools", "Tools"), ("themes", "Themes")):
        figures = data.get(part) or {}
        ci = figures.get("ci") or {}
        for key, label in (("micro_precision", "precision"), ("micro_recall", "recall"), ("micro_f1", "F1")):
            rows.append((f"{name}: {label}", fmt(figures.get(key), ci.get(key))))
    for key, label in (("status_accuracy", "Tool status accuracy"), ("negated_accuracy", "Negation accuracy")):
        if data.get(key) is not None:
            rows.append((label, fmt(data[key], data.get(key.replace("accuracy", "ci")))))
    for score in (data.get("themes") or {}).get("per_label", []):
        if score.get("support", score.get("tp", 0) + score.get("fn", 0)) >= 20:
            rows.append((f"Theme {score['label']}: F1 (n={score.get('support', score.get('tp', 0) + score.get('fn', 0))})",
                         fmt(score.get("f1"))))
    if data.get("gold_path"):
        rows.append(("Gold file", Path(str(data["gold_path"])).name))
    ceiling = REAL_GOLD / "agreement.json"
    if Path(str(data.get("gold_path", ""))).parent.name == "real" and ceiling.exists():
        agreement = json.loads(ceiling.read_text(encoding="utf-8"))
        rows.append(("Agreement of the two independent coders (the ceiling): themes micro-F1",
                     fmt(agreement["themes"]["micro_f1"])))
        rows.append(("Agreement of the two independent coders: tool names micro-F1", fmt(agreement["tools"]["micro_f1"])))
    return pd.DataFrame(rows, columns=["measure", "value"])


def accuracy_cache_path(gold: Path, codebook: Path | None = None, tool_list: Path | None = None) -> Path:
    """Where the accuracy figures of this gold file, pipeline, tool list and codebook are kept.

    ``<extraction cache>/accuracy/<key>.json``: the key hashes the gold file, the evaluation code and
    everything that keys the extraction cache (:func:`synthesis.cache.version_inputs`).
    """
    from synthesis.cache import _file_sha, _module_sha, stored_path, version_inputs

    inputs = {**version_inputs(tool_list, codebook), "gold": _file_sha(gold), "evaluate": _module_sha("synthesis.evaluate")}
    return stored_path("accuracy", inputs)


def compute_accuracy(out: Path, gold: Path | None = None, codebook: Path | None = None,
                     tool_list: Path | None = None, use_cache: bool = True) -> Path | None:
    """Score extraction (with the briefing's codebook and tool list) on the real-text test split (else the held-out set).

    Writes the figures to ``out``; returns ``None`` when there is no gold set. The figures are
    kept in the extraction cache folder (:func:`accuracy_cache_path`), so an unchanged pipeline is
    scored once.
    """
    from synthesis.cache import stored_json

    gold = gold or next((g for g in (REAL_GOLD / "test.jsonl", REPO_ROOT / "data" / "gold" / "heldout.jsonl")
                         if g.exists()), REAL_GOLD / "test.jsonl")
    if not gold.exists():
        return None

    def score() -> dict[str, Any]:
        from synthesis.evaluate import evaluate

        nlp = None
        if codebook or tool_list:
            from synthesis.nlp import build_pipeline

            nlp = build_pipeline(tool_list=tool_list, codebook=codebook)
        return _jsonable(evaluate(gold, nlp=nlp).to_dict())

    report = stored_json(accuracy_cache_path(gold, codebook, tool_list), score) if use_cache else score()
    _write_json(report, out)
    return out


def _kernel_manager_class():
    """A kernel manager talking to the kernel over local IPC sockets on POSIX (no TCP ports, no warning).

    The kernel's own log goes nowhere: cell output and errors come back through the notebook, and after a
    Ctrl-C the kernel would print a ZMQ traceback as it is shut down mid-reply.
    """
    import subprocess

    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if os.name == "posix":
                self.transport = "ipc"

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            kw.setdefault("stdout", subprocess.DEVNULL)
            kw.setdefault("stderr", subprocess.DEVNULL)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return LocalKernelManager


def _execute(params: dict[str, Any], staging: Path, show_progress: bool):
    """Run the notebook into ``staging/briefing.ipynb``; return the executed notebook node."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    executed = staging / "briefing.ipynb"
    # the kernel runs inside the staging folder: keep the extraction cache where the caller runs
    saved = os.environ.get("SYNTHESIS_CACHE_DIR")
    os.environ["SYNTHESIS_CACHE_DIR"] = str(Path(saved).resolve() if saved else Path.cwd() / ".cache" / "synthesis")
    try:
        nb = papermill.execute_notebook(
            str(BRIEFING_NOTEBOOK), str(executed), parameters=params, cwd=str(staging), progress_bar=show_progress,
            kernel_name="python3", log_output=False, kernel_manager_class=_kernel_manager_class(),
            request_save_on_cell_execute=False,  # one write at the end, not two per cell
        )
    except PapermillExecutionError as exc:
        last = (exc.evalue or "").strip().splitlines()
        if exc.ename in ("InputError", "KnowledgeError") and last:
            where, sep, message = last[-1].partition(": ")  # the notebook's error reads "FILE[:ROW[:COLUMN]]: message"
            raise (InputError(where, message) if sep else InputError(BRIEFING_NOTEBOOK, last[-1])) from None
        raise BriefingError(f"the briefing notebook failed in cell {exc.exec_count}: {exc.ename}: "
                            f"{last[-1] if last else ''} (the executed notebook is kept as briefing.failed.ipynb)") from None
    finally:
        if saved is None:
            os.environ.pop("SYNTHESIS_CACHE_DIR", None)
        else:
            os.environ["SYNTHESIS_CACHE_DIR"] = saved
    return nb


def html_exporter():
    """The nbconvert exporter of the briefing: our template, code and prompts hidden, tagged cells left out."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TemplateExporter.exclude_input = True
    config.TemplateExporter.exclude_input_prompt = True
    config.TemplateExporter.exclude_output_prompt = True
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = ("remove-cell", "parameters", "injected-parameters")
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    config.HTMLExporter.template_name = TEMPLATE_NAME
    exporter = HTMLExporter(config=config)
    exporter.register_preprocessor("nbconvert.preprocessors.TagRemovePreprocessor", enabled=True)
    return exporter


def _warm_exporter():
    """An exporter that has converted an empty notebook once (imports, template compiled): built while the kernel runs."""
    import nbformat

    exporter = html_exporter()
    exporter.from_notebook_node(nbformat.v4.new_notebook(), resources={"language_code": "en"})
    return exporter


def export_html(notebook, html_path: Path, title: str, exporter=None) -> Path:
    """Convert an executed notebook (a path or a notebook node) to self-contained HTML and write it atomically."""
    import nbformat

    from synthesis.export import write_text

    nb = nbformat.read(str(notebook), as_version=4) if isinstance(notebook, (str, Path)) else notebook
    nb.metadata["title"] = title
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:  # warnings and logs belong in the executed notebook, not in the briefing
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    body, _ = (exporter or html_exporter()).from_notebook_node(nb, resources={"language_code": "en"})
    write_text(body, html_path)
    return html_path


def _readable_file(path: Path) -> None:
    os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~current_umask())


def _readable(folder: Path) -> None:
    """Give outputs the usual permissions (the atomic writer's temporary files are private)."""
    for path in [folder, *folder.rglob("*")]:
        _readable_file(path)


def published_notebook(notebook) -> Any:
    """A copy of the executed notebook fit to publish: no parameters cells, no papermill metadata, no warnings."""
    import copy

    nb = copy.deepcopy(notebook)
    drop = {"parameters", "injected-parameters"}
    nb.cells = [c for c in nb.cells if not drop & set(c.get("metadata", {}).get("tags", []))]
    for cell in nb.cells:
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    nb.metadata.pop("papermill", None)
    return nb


def _run_one(params: dict[str, Any], run_dir: Path, show_progress: bool, part: str = "") -> tuple[Path, dict[str, Any]]:
    """Build one briefing into ``run_dir/published/<part>`` and ``run_dir/internal/<part>`` via a staging folder.

    The caller holds the run folder's lock (:func:`synthesis.runfolder.locked`). Returns the HTML
    path and the manifest. On failure the briefing this run was to replace is removed and
    ``FAILED.txt`` says why (:func:`synthesis.runfolder.mark_failed`).
    """
    import nbformat

    published, internal = run_dir / PUBLISHED / part, run_dir / INTERNAL / part
    staging = Path(tempfile.mkdtemp(prefix=runfolder.STAGING_PREFIX, dir=run_dir))
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(1) as pool:  # nbconvert loads on the other core while the kernel runs
            exporter = pool.submit(_warm_exporter)
            executed = _execute({**params, "run_dir": "."}, staging, show_progress)  # the kernel runs in staging
            execute_seconds = time.perf_counter() - started
            started = time.perf_counter()
            export_html(executed, staging / PUBLISHED / "briefing.html", published_title(params.get("title")),
                        exporter.result())
        convert_seconds = time.perf_counter() - started
        nbformat.write(published_notebook(executed), str(staging / PUBLISHED / "briefing.ipynb"))
        os.replace(staging / "briefing.ipynb", staging / INTERNAL / "briefing.ipynb")
        manifest_path = staging / PUBLISHED / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
        timings = manifest.setdefault("timings_seconds", {})
        timings.update({"notebook": round(execute_seconds, 3), "html": round(convert_seconds, 3)})
        manifest["outputs"] = ["briefing.html", "briefing.ipynb", "manifest.json", *manifest.get("tables", [])]
        manifest["html_bytes"] = (staging / PUBLISHED / "briefing.html").stat().st_size
        _write_json(manifest, manifest_path)
        _readable(staging)
        # replace what an earlier run wrote here (only that), then move into place, the HTML last
        prefixes = tuple(f"{top}/{part}/" if part else f"{top}/" for top in (PUBLISHED, INTERNAL))
        runfolder.remove_written(run_dir, prefixes)
        moved = []
        for top, target in ((INTERNAL, internal), (PUBLISHED, published)):
            target.mkdir(parents=True, exist_ok=True)
            files = sorted(p for p in (staging / top).rglob("*") if p.is_file())
            for path in sorted(files, key=lambda p: p.name == "briefing.html"):
                dest = target / path.relative_to(staging / top)
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, dest)
                moved.append(str(dest.relative_to(run_dir)))
        runfolder.clear_failed(run_dir)
        runfolder.record(run_dir, moved)
        return published / "briefing.html", manifest
    except BaseException as exc:
        failed = staging / "briefing.ipynb"
        if failed.exists():
            internal.mkdir(parents=True, exist_ok=True)
            os.replace(failed, internal / "briefing.failed.ipynb")
            runfolder.record(run_dir, [str((internal / "briefing.failed.ipynb").relative_to(run_dir))])
        prefix = f"{PUBLISHED}/{part}/" if part else f"{PUBLISHED}/"
        runfolder.mark_failed(run_dir, str(exc) or type(exc).__name__, (prefix,))
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def check_input(input_path: Path, question_map: Path | None = None, questions: Path | None = None,
                keep_going: bool = False):
    """Load and validate the input before any notebook runs, so bad input fails fast with one line."""
    from synthesis.validate import load_responses

    result = load_responses(input_path, question_map, questions)
    fatal = [p for p in result.problems if getattr(p, "fatal", False)]
    if fatal and not keep_going:
        first = fatal[0]
        raise InputError(getattr(first, "file", input_path),
                         f"{getattr(first, 'message', first)} ({len(fatal)} fatal problem(s); "
                         "fix them or use keep_going to leave those rows out)",
                         row=getattr(first, "row", None), column=getattr(first, "column", None))
    return result


def group_counts(result, by: str, threshold: int) -> tuple[list[tuple[str, int]], int]:
    """Each group's value and the number of respondents its briefing would count (see ``counted_respondents``),
    and the number of respondents in no group (the value empty or outside the option list)."""
    responses = result.responses
    values = responses[by].dropna().astype(str)
    order = analyse.REGIONS if by == "region" else analyse.ORGANISATION_TYPES
    present = set(values)
    groups = [v for v in order if v in present]  # a value outside the option list is typed text: no briefing of its own
    hidden = analyse.confidential_ids(responses)
    out = []
    for group in groups:
        members = responses[values.reindex(responses.index) == group]
        counted, _ = disclosure.counted_respondents(members, responses, hidden, threshold)
        out.append((group, len(counted)))
    ungrouped = int((~responses[by].astype("string").isin(order).fillna(False)).sum())
    return out, ungrouped


def group_folders(groups: Sequence[str]) -> dict[str, str]:
    """A folder name per group, unique: "North East" and "North-East" both slug to ``north-east``, so one gets ``-2``."""
    folders: dict[str, str] = {}
    taken: set[str] = set()
    for group in groups:
        name, n = slug(group) or "group", 2
        while name in taken:
            name, n = f"{slug(group) or 'group'}-{n}", n + 1
        if name != slug(group):
            log.warning("%r and another group share the folder name %r: this one goes to %r", group, slug(group), name)
        taken.add(name)
        folders[group] = name
    return folders


def write_index(folder: Path, title: str, entries: Sequence[tuple[str, str | None, int]], by: str,
                threshold: int = 0, min_group_size: int = 0, ungrouped: int = 0) -> Path:
    """``index.html`` linking the briefings of a ``by`` run; groups too small to publish are listed with why,
    and so are the ``ungrouped`` respondents, whose value is empty or not in the option list."""
    from synthesis.charts import FONT
    from synthesis.export import write_text
    from synthesis.redact import redact_value

    def respondents(n: int) -> str:
        if threshold > 1 and n < threshold:
            return f"fewer than {threshold} respondents"
        return f"{n} respondent{'s' if n != 1 else ''}"

    items = []
    for name, href, n in entries:
        shown = html.escape(redact_value(name))
        if href is None:
            items.append(f"<li>{shown}: not published, because it would count {respondents(n)}, fewer than the "
                         f"minimum group size of {min_group_size}, and someone in it could be singled out</li>")
        else:
            items.append(f'<li><a href="{html.escape(href)}">{shown}</a> ({respondents(n)})</li>')
    what = "region" if by == "region" else "organisation type"
    if ungrouped:
        items.append(f"<li>No {what} in the option list: {respondents(ungrouped)}, in no briefing of this page "
                     "(the national briefing counts them)</li>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}: briefings by {what}</title>
<style>body{{font-family:{FONT};max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
a{{color:#0072B2}}</style></head>
<body><main><h1>{html.escape(title)}</h1><h2>Briefings by {what}</h2>
<ul>
{chr(10).join(items)}
</ul>
<p>Each briefing covers only the respondents of that {what}. Small counts are suppressed in each.</p>
</main></body></html>
"""
    path = folder / "index.html"
    write_text(page, path)
    return path


def brief(
    input_path: str | os.PathLike | None = None,
    out_dir: str | os.PathLike | None = None,
    params: dict | None = None,
    by: str | None = None,
    question_map: str | os.PathLike | None = None,
    show_progress: bool = True,
    questions: str | os.PathLike | None = None,
    use_cache: bool | None = None,
    scheduler: str | None = None,
    keep_going: bool | None = None,
    accuracy: bool = True,
    replace: bool = False,
) -> Path:
    """Build the HTML briefing (default: from the shipped sample) and return the path of ``briefing.html``.

    Everything goes into a run folder (:mod:`synthesis.runfolder`): ``published/`` to share and
    ``internal/``. An existing ``out_dir`` is used only when it is empty, or an earlier run's folder
    and ``replace`` is true. With ``by="region"`` or ``"organisation_type"`` one briefing is built per
    group (groups of fewer than ``min_group_size`` respondents are not) and the path returned is the
    ``index.html`` that links them. Unless ``params`` name an ``accuracy_path`` (or ``accuracy`` is
    false), extraction is scored on the held-out gold sentences for the methods section.
    """
    if not BRIEFING_NOTEBOOK.exists():
        raise BriefingError("briefing notebook not found (is the package installed with its data?)")
    if by not in (None, *GROUP_COLUMNS):
        raise InputError("--by", f"expected one of {', '.join(GROUP_COLUMNS)}, got {by!r}")
    source = resolve_path(input_path, SAMPLE_PATH)
    if source is None or not source.exists():
        raise InputError(input_path or SAMPLE_PATH, "input file not found")
    values: dict[str, Any] = dict(params or {})
    values["input_path"] = str(source)
    for name, value in (("question_map", question_map), ("questions", questions)):
        if value is not None:
            values[name] = str(resolve_path(value))
    for name, value in (("use_cache", use_cache), ("scheduler", scheduler), ("keep_going", keep_going)):
        if value is not None:
            values[name] = value
    question_set = load_question_set(resolve_path(values.get("questions")))
    values = parameters.for_notebook(values, BRIEFING_NOTEBOOK, question_set)  # before any notebook runs
    loaded = check_input(source, resolve_path(values.get("question_map")), resolve_path(values.get("questions")),
                         bool(values.get("keep_going")))
    wanted = (Path(out_dir) if out_dir else default_run_dir(run_name(values, by))).resolve()
    run_dir = runfolder.claim(wanted, replace=replace, default=not out_dir)
    if "score_accuracy" not in values:  # scored in the kernel, with the pipeline extraction used
        values["score_accuracy"] = bool(accuracy and not values.get("accuracy_path"))
    values["run_date"] = run_timestamp()
    threshold = int(values.get("suppress_below", 3))
    min_group = int(values.get("min_group_size", 10))

    with runfolder.locked(run_dir):
        if by is None:
            html_path, _ = _run_one(values, run_dir, show_progress)
            return html_path

        title = str(values.get("title") or DEFAULT_TITLE)
        groups, ungrouped = group_counts(loaded, by, threshold)
        folders = group_folders([g for g, _ in groups])
        entries, manifests = [], {}
        for i, (group, count) in enumerate(groups, 1):
            if disclosure.too_small(count, min_group):
                entries.append((group, None, count))
                continue
            if show_progress:
                print(f"[{i}/{len(groups)}] {by.replace('_', ' ')}: {group}", file=sys.stderr, flush=True)
            sub = {**values, GROUP_COLUMNS[by]: group, "title": f"{title}: {group}"}
            html_path, manifest = _run_one(sub, run_dir, show_progress, part=folders[group])
            entries.append((group, f"{folders[group]}/briefing.html", count))
            manifests[folders[group]] = {"html_bytes": manifest.get("html_bytes")}
        published = run_dir / PUBLISHED
        published.mkdir(parents=True, exist_ok=True)
        _write_json({"by": by, "created": values["run_date"], "git_commit": git_commit(),
                     "parameters": published_parameters(values), "briefings": manifests}, published / "manifest.json")
        index = write_index(published, title, entries, by, threshold, min_group, ungrouped)
        for path in (published / "manifest.json", index):
            _readable_file(path)
        runfolder.record(run_dir, [f"{PUBLISHED}/manifest.json", f"{PUBLISHED}/index.html"])
        return index
