"""Extraction at scale: the one entry point the CLI and the briefing call.

:func:`run_extraction` gives the same :class:`~synthesis.extract.Extraction` as
:func:`synthesis.extract.extract` (same rows, same order, same types), but

1. turns the responses into answers ``(respondent_id, question_id, text)`` for the free-text questions;
2. looks every distinct answer text up in the on-disk cache (:mod:`synthesis.cache`);
3. extracts only the missing ones: here with one spaCy pipeline built once, or on a Dask cluster
   (:mod:`synthesis.distributed`) when ``scheduler`` names one;
4. stores the new results and assembles the tables, window by window, so that no more than one
   window of spaCy ``Doc`` objects and per-answer results is held at a time.

Memory and speed at 100,000 respondents (``benchmarks/README.md``): a run of several windows reads the
cache once (:meth:`~synthesis.cache.AnswerCache.preload`); each window is decoded and assembled with the
cyclic garbage collector paused; equal ``themes`` / ``tools`` cells share one list (read-only); and Arrow
buffers come from the system allocator while the tables are built.

A log line on the ``synthesis`` logger gives the counts (answers, cached, extracted, mentions) and timings.
"""

from __future__ import annotations

import importlib.util
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from tqdm.auto import tqdm

from synthesis.cache import AnswerCache, AnswerResult, answer_key, gc_paused, version_inputs
from synthesis.errors import InputError

if TYPE_CHECKING:
    from synthesis.extract import Extraction
    from synthesis.questions import QuestionSet

log = logging.getLogger("synthesis")

Answer = tuple[str, str, str]  # (respondent_id, question_id, text)


#: Answers assembled per window (locally; a Dask window is ``CLUSTER_WINDOW``).
LOCAL_WINDOW = 2000
CLUSTER_WINDOW = 20000
#: Texts extracted per call locally (the progress bar moves this often).
PROGRESS_STEP = 250


# --------------------------------------------------------------------------------------------
# Answers and tables
# --------------------------------------------------------------------------------------------

def answers_from(responses: pd.DataFrame, question_set: QuestionSet | None = None) -> list[Answer]:
    """The non-blank free-text answers, exactly those :func:`synthesis.extract.extract` reads."""
    from synthesis.extract import free_text_columns, iter_answers

    return iter_answers(responses, free_text_columns(responses, question_set))


def _dtype_for(parts: list[pd.Series]) -> str | None:
    """The dtype one big ``assemble`` would have inferred for a column built window by window.

    A window with no tool rows has an all-``None`` object column where other windows have ``str``;
    pandas infers ``str`` for the whole column, so the concatenated ``object`` column is cast back.
    """
    kinds = set()
    for part in parts:
        if part.dtype == object and part.isna().all():
            kinds.add("null")
        else:
            kinds.add(str(part.dtype))
    if "str" in kinds and kinds <= {"str", "null"}:
        return "str"
    return None


def _finish(chunks: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    """Concatenate window tables (already in final order) into what one ``assemble`` gives.

    Column by column, dropping each column from the windows as it is copied, so the peak is the
    final table plus one column, not twice the table.
    """
    frames = [c for c in chunks if len(c)]
    chunks.clear()
    if not frames:
        return empty
    if len(frames) == 1:
        return frames[0]
    columns: dict[str, pd.Series] = {}
    for name in list(frames[0].columns):
        parts = [frame[name] for frame in frames]
        dtype = _dtype_for(parts)
        if dtype is not None:  # cast the small all-None parts, so str parts concatenate without a copy
            parts = [p if str(p.dtype) == dtype else p.astype(dtype) for p in parts]
        column = pd.concat(parts, ignore_index=True)
        del parts
        for frame in frames:
            del frame[name]
        columns[name] = column
    return pd.DataFrame(columns, copy=False)


def _share_lists(results: Iterable[AnswerResult], shared: dict[tuple[str, ...], list[str]]) -> None:
    """Make equal ``themes`` / ``tools`` cells of the sentences one list object, run-wide.

    There are two such lists per sentence and most are empty or repeat a few labels: shared, they
    cost a pointer per row instead of a list each (about 200 MB at 100,000 respondents). The values
    are unchanged; like any object column, treat the cells as read-only.
    """
    for result in results:
        sentences = result["sentences"]
        for column in ("themes", "tools"):
            cells = sentences.get(column)
            if cells:
                sentences[column] = [shared.setdefault(tuple(cell), cell) for cell in cells]


@contextmanager
def _system_arrow_pool() -> Iterator[None]:
    """Arrow buffers made during the run come from the system allocator, not pyarrow's mimalloc pool.

    The window tables' long-lived string buffers are made between short-lived ones; mimalloc keeps
    the pages they share, which measured ~300 MB more peak RSS at 100,000 respondents (1,543 MB
    against 1,244 MB). The previous default pool is restored afterwards.
    """
    import pyarrow as pa

    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def _nonblank(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _answer_windows(responses: pd.DataFrame, columns: Sequence[str], size: int) -> Iterator[list[Answer]]:
    """Answers in the order of the final tables (respondent id, then question id), a window at a time.

    Windows are built from blocks of respondents as they are needed, so the answers are never all
    held at once, and the window tables concatenate into sorted tables without a final sort.
    """
    from synthesis.extract import iter_answers

    ids = [str(r) for r in responses["respondent_id"].tolist()]
    order = sorted(range(len(ids)), key=ids.__getitem__)
    questions = sorted(columns)
    per_block = max(1, size // max(1, len(questions)))
    for i in range(0, len(order), per_block):
        yield iter_answers(responses.iloc[order[i:i + per_block]], questions)


def extract_texts(texts: Sequence[str], nlp: Any) -> list[AnswerResult]:
    """Findings of each text on its own (offsets relative to the text); local and on Dask workers."""
    from synthesis.extract import analyse_texts

    return analyse_texts(list(texts), nlp)


# --------------------------------------------------------------------------------------------
# Extractors: local or on a cluster
# --------------------------------------------------------------------------------------------

class _LocalExtractor:
    """Extracts in this process with one pipeline, built on first use (never, on a warm cache)."""

    def __init__(self, nlp: Any = None):
        self.nlp = nlp

    def __call__(self, texts: list[str], progress: Callable[[int], None]) -> list[AnswerResult]:
        if self.nlp is None:
            from synthesis.nlp import build_pipeline

            self.nlp = build_pipeline()
        results: list[AnswerResult] = []
        for i in range(0, len(texts), PROGRESS_STEP):  # small steps so the progress bar moves
            results.extend(extract_texts(texts[i:i + PROGRESS_STEP], self.nlp))
            progress(len(texts[i:i + PROGRESS_STEP]))
        return results

    def close(self) -> None:
        pass


@dataclass
class RunStats:
    """What one run did, for the log line and the benchmark."""

    answers: int = 0
    distinct: int = 0  # distinct texts per window, summed
    cached: int = 0
    extracted: int = 0
    words_extracted: int = 0
    mentions: int = 0
    sentences: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: {"lookup": 0.0, "extract": 0.0, "store": 0.0, "assemble": 0.0})

    def line(self, total: float) -> str:
        t = self.seconds
        rate = f", {self.words_extracted / t['extract']:,.0f} words/s" if t["extract"] > 0 and self.words_extracted else ""
        return (
            f"extraction: {self.answers} answers: {self.cached} from cache, {self.extracted} distinct texts "
            f"extracted; {self.mentions} mentions, {self.sentences} sentences in {total:.2f}s "
            f"(lookup {t['lookup']:.2f}s, extract {t['extract']:.2f}s{rate}, store {t['store']:.2f}s, "
            f"assemble {t['assemble']:.2f}s)"
        )


#: The statistics of the last :func:`run_extraction` in this process (for benchmarks).
last_stats: RunStats | None = None


def _knowledge_paths(nlp: Any) -> tuple[str | None, str | None]:
    """Tool list and codebook a given pipeline was built with (``None``: the shipped ones)."""
    if nlp is None:
        return None, None
    versions = getattr(nlp, "meta", {}).get("synthesis_versions") or {}
    from synthesis.knowledge import DEFAULT_CODEBOOK, DEFAULT_TOOLS

    def custom(path: str | None, default: Path) -> str | None:
        if not path or Path(path).resolve() == default.resolve():
            return None
        return str(path)

    return custom(versions.get("tools_path"), DEFAULT_TOOLS), custom(versions.get("codebook_path"), DEFAULT_CODEBOOK)


def run_extraction(
    responses: pd.DataFrame,
    question_set: QuestionSet | None = None,
    *,
    use_cache: bool = True,
    cache_dir: str | Path | None = None,
    scheduler: str | None = None,
    show_progress: bool = False,
    nlp: Any = None,
    window: int | None = None,
) -> Extraction:
    """Tools and themes in the free-text answers, the same as ``extract()`` gives, but incremental.

    Parameters
    ----------
    responses, question_set
        As for :func:`synthesis.extract.extract` (``question_set`` defaults to the shipped one).
    use_cache
        Read and write the on-disk cache. ``False`` neither reads nor writes it.
    cache_dir
        Cache folder (default ``$SYNTHESIS_CACHE_DIR`` or ``./.cache/synthesis``).
    scheduler
        Address of a Dask scheduler (``tcp://host:8786``): missing answers are extracted there.
    show_progress
        Show a tqdm progress bar.
    nlp
        A pipeline from :func:`synthesis.nlp.build_pipeline` to reuse. Built with another tool list or
        codebook, the cache key follows those files, and Dask workers build the same pipeline.
    window
        Answers assembled at a time (memory bound); default 2,000 locally, 20,000 on a cluster.
    """
    from synthesis.extract import Extraction, assemble, free_text_columns

    global last_stats
    started = time.perf_counter()
    stats = RunStats()
    columns = free_text_columns(responses, question_set)
    total = sum(int(responses[q].map(_nonblank).sum()) for q in columns)

    tool_list, codebook = _knowledge_paths(nlp)
    cache = AnswerCache(cache_dir, version_inputs(tool_list, codebook)) if use_cache else None
    if scheduler:
        if importlib.util.find_spec("distributed") is None:
            raise InputError("--scheduler", "running on a Dask cluster needs the cluster extra: "
                             "pip install 'synthesis[cluster]'")
        from synthesis.distributed import ClusterExtractor

        extractor: Any = ClusterExtractor(
            scheduler, check_versions=cache.inputs if cache is not None else None,
            tool_list=tool_list, codebook=codebook,
        )
        size = window or CLUSTER_WINDOW
    else:
        extractor = _LocalExtractor(nlp)
        size = window or LOCAL_WINDOW

    if cache is not None and total > size:
        cache.preload()  # several windows: read the cache once, not once per window
    chunks: dict[str, list[pd.DataFrame]] = {"mentions": [], "sentences": []}
    shared: dict[tuple[str, ...], list[str]] = {}
    bar = tqdm(total=total, unit="answer", desc="extract", disable=not show_progress, leave=False)
    with _system_arrow_pool():
        try:
            for part in _answer_windows(responses, columns, size):
                # The collector is paused from the lookup to the end of the window, so the decoded
                # results are freed before it ever scans them (see gc_paused).
                with gc_paused():
                    t0 = time.perf_counter()
                    stats.answers += len(part)
                    keys = [answer_key(text) for _, _, text in part]
                    texts = dict(zip(keys, (text for _, _, text in part)))
                    stats.distinct += len(texts)
                    results = cache.get_many(texts) if cache is not None else {}
                    missing = [k for k in texts if k not in results]
                    hits = sum(1 for k in keys if k in results)
                    stats.cached += hits
                    bar.update(hits)
                    t1 = time.perf_counter()
                    stats.seconds["lookup"] += t1 - t0
                    if missing:
                        done = bar.n
                        fresh = dict(zip(missing, extractor([texts[k] for k in missing], bar.update)))
                        bar.update(len(keys) - hits - (bar.n - done))  # texts repeated in this window
                        t2 = time.perf_counter()
                        stats.seconds["extract"] += t2 - t1
                        stats.extracted += len(missing)
                        stats.words_extracted += sum(len(texts[k].split()) for k in missing)
                        if cache is not None:
                            cache.put_many(fresh)
                        results.update(fresh)
                        stats.seconds["store"] += time.perf_counter() - t2
                    t3 = time.perf_counter()
                    _share_lists(results.values(), shared)
                    tables = assemble([(r, q) for r, q, _ in part], [results[k] for k in keys])
                    chunks["mentions"].append(tables.mentions)
                    chunks["sentences"].append(tables.sentences)
                    del results, tables
                    stats.seconds["assemble"] += time.perf_counter() - t3
            t4 = time.perf_counter()
            empty = assemble([], [])
            mentions = _finish(chunks.pop("mentions"), empty.mentions)
            sentences = _finish(chunks.pop("sentences"), empty.sentences)
            stats.seconds["assemble"] += time.perf_counter() - t4
        finally:
            bar.close()
            extractor.close()
            if cache is not None:
                cache.close()
    stats.mentions, stats.sentences = len(mentions), len(sentences)
    last_stats = stats
    log.info(stats.line(time.perf_counter() - started))
    return Extraction(mentions=mentions, sentences=sentences)
