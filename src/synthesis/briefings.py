"""Building briefings: run the briefing notebook with papermill into a run folder and export it as one
self-contained HTML file; ``by="region"`` or ``"organisation_type"`` builds one briefing per group and an index.

Everything is built in a staging folder and moved into ``published/`` and ``internal/`` only when it
succeeded, so a failed run leaves no ``briefing.html`` behind (it raises :class:`BriefingError`).
"""

from __future__ import annotations

import html
import logging
import os
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from synthesis import analyse, parameters, runfolder
from synthesis.analyse import disclosure
from synthesis.errors import InputError
from synthesis.export import current_umask, write_json
from synthesis.provenance import git_commit, published_parameters, run_timestamp
from synthesis.paths import (
    BRIEFING_NOTEBOOK, SAMPLE_PATH, TEMPLATE_DIR, TEMPLATE_NAME, default_run_dir, resolve_path, run_name, slug,
)
from synthesis.publish import GROUP_COLUMNS, INTERNAL, PUBLISHED, BriefingError, published_title
from synthesis.questions import load_question_set

log = logging.getLogger(__name__)


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
        write_json(manifest, manifest_path)
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


def group_counts(result, by: str) -> tuple[list[tuple[str, int]], int]:
    """Each group's value and the number of respondents its briefing would count (see ``counted_respondents``),
    and the number of respondents in no group (the value empty or outside the option list) counted the same way."""
    responses = result.responses
    values = responses[by].dropna().astype(str)
    order = analyse.REGIONS if by == "region" else analyse.ORGANISATION_TYPES
    present = set(values)
    groups = [v for v in order if v in present]  # a value outside the option list is typed text: no briefing of its own
    hidden = analyse.confidential_ids(responses)
    out = []
    for group in groups:
        members = responses[values.reindex(responses.index) == group]
        counted, _ = disclosure.counted_respondents(members, hidden)
        out.append((group, len(counted)))
    outside = responses[~responses[by].astype("string").isin(order).fillna(False).astype(bool)]
    ungrouped, _ = disclosure.counted_respondents(outside, hidden)  # counted as the groups are: no confidential one
    return out, len(ungrouped)


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
                     f"(a briefing of all respondents, made without a grouping by {what}, counts them)</li>")
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

        title = published_title(values.get("title"))  # the index is published: personal data in the title redacted
        groups, ungrouped = group_counts(loaded, by)
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
        write_json({"by": by, "created": values["run_date"], "git_commit": git_commit(),
                     "parameters": published_parameters(values), "briefings": manifests}, published / "manifest.json")
        index = write_index(published, title, entries, by, threshold, min_group, ungrouped)
        for path in (published / "manifest.json", index):
            _readable_file(path)
        runfolder.record(run_dir, [f"{PUBLISHED}/manifest.json", f"{PUBLISHED}/index.html"])
        return index
