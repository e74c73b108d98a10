"""Speed, memory and size figures for extraction and the briefing (prints a table; not a test).

Phases:

1. **inputs**: from the shipped sample ``data/sample/responses.csv`` build inputs of 1k, 10k and 100k
   respondents in ``benchmarks/work/`` (git-ignored): answers are re-composed per question from
   sentences of different sample answers, lightly perturbed, with new respondent ids (seeded, so the
   same files every time), plus a "+1%" version of one size with 1% new respondents appended;
2. **extraction**: for each size, a child process loads the file and runs
   ``synthesis.scale.run_extraction`` into an empty cache (a cold run); it reports words/s and its
   own peak RSS;
3. **baseline**: right after, another child runs the full ``en_core_web_sm``
   pipeline (``synthesis.nlp.load_english()`` + ``nlp.pipe``) over the same answers, or over an
   evenly spaced sample of them when there are more than ``--baseline-words`` words (extrapolated
   by words: the output says so); the ratio is extraction words/s over baseline words/s; and
   because the machine is noisy, a third child times both on the *same* slices of text, interleaved;
4. **cache**: warm (same input again) and +1% new respondents against that cold run;
5. **briefing**: ``synthesis brief`` wall time (extraction cache warm) and HTML size per size, and
   ``brief`` on the sample against papermill + nbconvert of an empty notebook;
5b. **scale-up** (``--scale-up 100000``): that many respondents resampled from the largest input,
   every answer served by the cache: cache reads, assembly, peak RSS and the briefing at that size;
6. **cluster** (``--dask``): a ``LocalCluster`` of 2 single-thread worker processes against the
   local run, on the sample and on the smallest size.

Usage::

    python benchmarks/run.py                              # 1k, 10k, 100k
    python benchmarks/run.py --sizes 1000,10000 --scale-up 100000 --dask   # what benchmarks/README.md shows
    python benchmarks/run.py --sizes 1000 --quick          # quick: smaller baseline sample, no 100k
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
SAMPLE = REPO / "data" / "sample" / "responses.csv"
BIN = Path(sys.executable).parent
FREE_TEXT = ["tools_used", "impact", "risks_ethics", "barriers", "barriers_overcome", "single_view_detail", "support_needed"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_CLAUSES = [" in most teams", " this year", " across the service", " so far", " in children's services",
            " for now", " in our area", " at the moment", " in the pilot teams", " since the spring",
            " according to the team managers", " in the first year"]
_UNITS = ["weeks", "months", "staff", "teams", "practitioners", "visits", "hours a week"]
_SWAPS = [("staff", "colleagues"), ("social workers", "practitioners"), ("families", "parents and carers"),
          ("We ", "As a service we "), ("helped", "has helped"), ("really", "genuinely")]


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------

def _read_sample() -> tuple[list[str], list[dict[str, str]]]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _perturb(sentence: str, rng: random.Random) -> str:
    """Small edits that keep the meaning (and the tool names) but make most answers distinct."""
    if rng.random() < 0.35 and sentence.endswith("."):
        sentence = sentence[:-1] + rng.choice(_CLAUSES) + "."
    if rng.random() < 0.3:
        old, new = rng.choice(_SWAPS)
        sentence = sentence.replace(old, new, 1)
    if rng.random() < 0.3 and sentence.endswith("."):
        sentence = sentence[:-1] + f" (about {rng.randint(2, 90)} {rng.choice(_UNITS)})."
    if rng.random() < 0.15:
        sentence = re.sub(r"\d+", lambda m: str(rng.randint(2, 60)), sentence)
    return sentence


def generate(n: int, seed: int, prefix: str) -> tuple[list[str], list[dict[str, str]]]:
    """``n`` synthetic respondents re-composed from the sample (deterministic for a seed)."""
    fields, rows = _read_sample()
    pools = {q: [s for r in rows for s in _SENTENCE_END.split(r[q].strip()) if s] for q in FREE_TEXT}
    rng = random.Random(seed)
    out = []
    for i in range(n):
        template = rng.choice(rows)
        row = dict(template)
        row["respondent_id"] = f"BENCH-{prefix}{i:07d}"
        for q in FREE_TEXT:
            source = rng.choice(rows)[q].strip()
            if not source or len(source) < 12:  # keep blanks and "N/A"-like answers as they come
                row[q] = source
                continue
            k = len(_SENTENCE_END.split(source))
            row[q] = " ".join(_perturb(rng.choice(pools[q]), rng) for _ in range(k))
        out.append(row)
    return fields, out


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def build_input(n: int, plus_one_percent: bool = False) -> Path:
    """The input of ``n`` respondents (+1%), rebuilt whenever the shipped sample changes."""
    import hashlib

    tag = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()[:8]
    name = f"responses_{n}{'_plus1pct' if plus_one_percent else ''}_{tag}.csv"
    path = WORK / name
    if path.exists():
        return path
    fields, rows = generate(n, seed=n, prefix="A")
    if plus_one_percent:
        rows += generate(max(1, n // 100), seed=n + 1, prefix="B")[1]
    _write(path, fields, rows)
    return path


# --------------------------------------------------------------------------------------------
# Child processes (each measures itself)
# --------------------------------------------------------------------------------------------

def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_extract(args: argparse.Namespace) -> dict:
    from synthesis import scale
    from synthesis.validate import load_responses

    t0 = time.perf_counter()
    responses = load_responses(args.input).responses
    t1 = time.perf_counter()
    rss_after_load = _maxrss_mb()
    answers = scale.answers_from(responses)
    words = sum(len(text.split()) for _, _, text in answers)
    del answers
    t2 = time.perf_counter()
    extraction = scale.run_extraction(
        responses, use_cache=not args.no_cache, cache_dir=args.cache_dir, scheduler=args.scheduler
    )
    t3 = time.perf_counter()
    stats = scale.last_stats
    return {
        "respondents": len(responses), "answers": stats.answers, "words": words,
        "rss_after_load_mb": rss_after_load, "load_s": t1 - t0,
        "extract_s": t3 - t2, "mentions": len(extraction.mentions), "sentences": len(extraction.sentences),
        "cached": stats.cached, "extracted": stats.extracted, "distinct": stats.distinct,
        "seconds": stats.seconds, "maxrss_mb": _maxrss_mb(),
    }


def child_baseline(args: argparse.Namespace) -> dict:
    from synthesis.nlp import load_english

    with open(args.input, encoding="utf-8-sig", newline="") as handle:
        texts = [row[q] for row in csv.DictReader(handle) for q in FREE_TEXT if row[q].strip()]
    if args.distinct:  # what extraction analyses: each distinct answer once
        texts = list(dict.fromkeys(texts))
    total_words = sum(len(t.split()) for t in texts)
    step = max(1, -(-total_words // args.baseline_words))  # every step-th answer
    sample = texts[::step]
    words = sum(len(t.split()) for t in sample)
    nlp = load_english()
    t0 = time.perf_counter()
    for _ in nlp.pipe(sample, batch_size=256):
        pass
    seconds = time.perf_counter() - t0
    return {"total_words": total_words, "words": words, "seconds": seconds, "sampled": step > 1,
            "pipes": nlp.pipe_names}


def child_ratio(args: argparse.Namespace) -> dict:
    """Extraction and the baseline on the same slices of text, interleaved (robust to a noisy machine)."""
    from synthesis.extract import analyse_texts
    from synthesis.nlp import build_pipeline, load_english

    with open(args.input, encoding="utf-8-sig", newline="") as handle:
        texts = [row[q] for row in csv.DictReader(handle) for q in FREE_TEXT if row[q].strip()]
    texts = list(dict.fromkeys(texts))  # distinct texts: no help from repeated answers
    step = max(1, -(-sum(len(t.split()) for t in texts) // args.baseline_words))
    sample = texts[::step]
    ours, base = build_pipeline(), load_english()
    analyse_texts(sample[:20], ours)
    list(base.pipe(sample[:20]))
    spent = {"extract": 0.0, "baseline": 0.0, "extract_cpu": 0.0, "baseline_cpu": 0.0}
    slice_ratios = []  # baseline / extraction CPU seconds, slice by slice
    for i in range(0, len(sample), 100):
        part = sample[i:i + 100]
        order = ("extract", "baseline") if (i // 100) % 2 == 0 else ("baseline", "extract")
        cpu = {}
        for name in order:
            t0, c0 = time.perf_counter(), time.process_time()
            if name == "extract":
                analyse_texts(part, ours)
            else:
                for _ in base.pipe(part, batch_size=256):
                    pass
            spent[name] += time.perf_counter() - t0
            cpu[name] = time.process_time() - c0
            spent[name + "_cpu"] += cpu[name]
        slice_ratios.append(cpu["baseline"] / max(cpu["extract"], 1e-9))
    words = sum(len(t.split()) for t in sample)
    return {"words": words, "texts": len(sample), "median_slice_ratio": statistics.median(slice_ratios), **spent}


def _child(mode: str, *extra: str, env: dict | None = None) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, *extra]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise RuntimeError(f"{mode} child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _timed(command: list[str], env: dict | None = None) -> tuple[float, bool, str]:
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=REPO)
    return time.perf_counter() - t0, done.returncode == 0, (done.stdout + done.stderr)[-2000:]


# --------------------------------------------------------------------------------------------
# Phases
# --------------------------------------------------------------------------------------------

def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" for _ in headers) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> str:
    import spacy

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        ram = f"{int(mem.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        ram = "unknown"
    from synthesis.english import model_version

    return (f"nproc {os.cpu_count()}, CPU {cpu}, RAM {ram}, Python {platform.python_version()}, "
            f"spaCy {spacy.__version__}, model {model_version()}, {platform.system()} {platform.release()}")


def _brief(path: Path, out: Path, cache: Path) -> tuple[str, str]:
    """``synthesis brief`` wall time and HTML size, with the extraction cache in ``cache``."""
    shutil.rmtree(out, ignore_errors=True)
    seconds, ok, tail = _timed([str(BIN / "synthesis"), "brief", "--input", str(path), "--out", str(out)],
                               env={"SYNTHESIS_CACHE_DIR": str(cache)})
    if ok and (out / "briefing.html").exists():
        return _fmt(seconds), _fmt((out / "briefing.html").stat().st_size / 1024, 0)
    print(f"  brief {path.name} failed: {tail.strip().splitlines()[-1] if tail.strip() else ''}", file=sys.stderr)
    return "failed", "n/a"


def run_sizes(sizes: list[int], baseline_words: int, brief: bool, baseline: bool = True) -> dict[int, dict]:
    rows, results = [], {}
    for n in sizes:
        path = build_input(n)
        cache = WORK / f"cache_sizes_{n}"
        shutil.rmtree(cache, ignore_errors=True)
        extract = _child("extract", "--input", str(path), "--cache-dir", str(cache))  # cold: empty cache
        rate = extract["words"] / extract["extract_s"]
        if baseline:
            base = _child("baseline", "--input", str(path), "--baseline-words", str(baseline_words))
            base_rate = base["words"] / base["seconds"]
            base_cells = [
                _fmt(base_rate, 0) + (f" (sample of {base['words']:,} words)" if base["sampled"] else ""),
                _fmt(rate / base_rate) + "x",
                _fmt(base["total_words"] / base_rate / 60) + (" (extrapolated)" if base["sampled"] else ""),
            ]
        else:
            base_cells = ["n/a"] * 3
        results[n] = extract
        brief_s, html_kb = _brief(path, WORK / f"brief_{n}", cache) if brief else ("n/a", "n/a")
        t = extract["seconds"]
        rows.append([
            f"{n:,}", f"{extract['answers']:,}", f"{extract['extracted']:,}", f"{extract['words']:,}",
            _fmt(extract["load_s"]), _fmt(extract["extract_s"]),
            f"{_fmt(t['extract'])} / {_fmt(t['lookup'] + t['store'])} / {_fmt(t['assemble'])}", _fmt(rate, 0),
            *base_cells, _fmt(extract["rss_after_load_mb"], 0), _fmt(extract["maxrss_mb"], 0), f"{extract['mentions']:,}", brief_s, html_kb,
        ])
        print(f"  {n:,} respondents done", file=sys.stderr, flush=True)
    print("\n### Extraction (cold cache) against the full en_core_web_sm pipeline\n")
    print("extract s = run_extraction wall time; split = spaCy+redaction / cache lookup+store / assembling tables. "
          "words/s = all answer words / extract s. brief s = `synthesis brief` with the extraction cache warm.\n")
    print(_table(
        ["respondents", "answers", "distinct texts extracted", "words", "load+validate s", "extract s", "split s",
         "extract words/s", "baseline words/s", "ratio", "baseline min for all", "load peak RSS MB", "peak RSS MB",
         "mentions",
         "brief s", "HTML KB"],
        rows,
    ))
    return results


def run_cache(n: int, cold: dict) -> None:
    """Warm and +1% runs against the cache the cold run of ``run_sizes`` filled."""
    path, plus = build_input(n), build_input(n, plus_one_percent=True)
    cache = WORK / f"cache_sizes_{n}"
    rows = []
    for name, file in (("cold (empty cache)", None), ("warm (same input)", path), ("+1% new respondents", plus)):
        result = cold if file is None else _child("extract", "--input", str(file), "--cache-dir", str(cache))
        share = "" if file is None else f"{result['extract_s'] / cold['extract_s']:.1%}"
        t = result["seconds"]
        rows.append([name, f"{result['answers']:,}", f"{result['cached']:,}", f"{result['extracted']:,}",
                     _fmt(result["extract_s"], 2), share, _fmt(t["extract"], 2), _fmt(t["lookup"] + t["store"], 2),
                     _fmt(t["assemble"], 2), _fmt(result["maxrss_mb"], 0)])
    size = sum(p.stat().st_size for p in cache.glob("*")) / 1024 / 1024
    print(f"\n### Cache, {n:,} respondents (run_extraction wall time; cache on disk {size:.0f} MB)\n")
    print("from cache = answers served by the cache (including texts repeated within the run); extracted = "
          "distinct texts extracted.\n")
    print(_table(["run", "answers", "from cache", "extracted", "seconds", "of cold", "spaCy s", "cache s",
                  "assemble s", "peak RSS MB"], rows))


def run_scale_up(source: int, target: int, brief: bool) -> None:
    """``target`` respondents resampled (new ids) from the ``source`` input, all answers cached.

    Measures what grows with respondents apart from spaCy itself: cache reads, assembling the
    tables, peak memory, and the briefing. Cold spaCy time at this size follows from words/s above.
    """
    path = WORK / f"responses_{target}_from_{source}_{build_input(source).stem.rsplit('_', 1)[-1]}.csv"
    if not path.exists():
        with build_input(source).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields, rows = list(reader.fieldnames or []), list(reader)
        rng = random.Random(target)
        out = []
        for i in range(target):
            row = dict(rng.choice(rows))
            row["respondent_id"] = f"BENCH-X{i:07d}"
            out.append(row)
        _write(path, fields, out)
    cache = WORK / f"cache_sizes_{source}"
    result = _child("extract", "--input", str(path), "--cache-dir", str(cache))
    brief_s, html_kb = _brief(path, WORK / f"brief_{target}", cache) if brief else ("n/a", "n/a")
    t = result["seconds"]
    print(f"\n### {target:,} respondents resampled from the {source:,} input (every answer served by the cache)\n")
    print(_table(["respondents", "answers", "words", "from cache", "extracted", "load+validate s", "extract s",
                  "cache s", "assemble s", "load peak RSS MB", "peak RSS MB", "mentions", "sentences", "brief s",
                  "HTML KB"],
                 [[f"{result['respondents']:,}", f"{result['answers']:,}", f"{result['words']:,}",
                   f"{result['cached']:,}", f"{result['extracted']:,}", _fmt(result["load_s"]),
                   _fmt(result["extract_s"]), _fmt(t["lookup"] + t["store"]), _fmt(t["assemble"]),
                   _fmt(result["rss_after_load_mb"], 0), _fmt(result["maxrss_mb"], 0), f"{result['mentions']:,}",
                   f"{result['sentences']:,}", brief_s, html_kb]]))


def run_brief_vs_empty() -> None:
    import nbformat

    empty = WORK / "empty.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, empty)
    executed = WORK / "empty_out.ipynb"
    cache = {"SYNTHESIS_CACHE_DIR": str(WORK / "cache_sample_brief")}
    shutil.rmtree(WORK / "cache_sample_brief", ignore_errors=True)
    rows, empty_s = [], 0.0
    for label in ("papermill + nbconvert, empty notebook", "synthesis brief, sample, cold cache",
                  "synthesis brief, sample, warm cache"):
        if label.startswith("papermill"):
            t1, ok1, _ = _timed([str(BIN / "papermill"), "--log-level", "ERROR", str(empty), str(executed)])
            t2, ok2, _ = _timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)])
            seconds, ok = t1 + t2, ok1 and ok2
            empty_s = seconds if ok else 0.0
        else:
            out = WORK / "brief_sample"
            shutil.rmtree(out, ignore_errors=True)
            seconds, ok, tail = _timed([str(BIN / "synthesis"), "brief", "--out", str(out)], env=cache)
            if not ok:
                print(f"  {label} failed: {tail.strip().splitlines()[-1] if tail.strip() else ''}", file=sys.stderr)
        rows.append([label, _fmt(seconds, 1) if ok else "failed",
                     f"{seconds / empty_s:.2f}x" if ok and empty_s else ""])
    print("\n### Briefing on the sample against an empty notebook (target: within 2.5x)\n")
    print(_table(["run", "wall s", "of empty"], rows))


def run_ratio(n: int, words: int) -> None:
    result = _child("ratio", "--input", str(build_input(n)), "--baseline-words", str(words))
    w = result["words"]
    print(f"\n### Extraction against the baseline, interleaved on the same text ({n:,}-respondent input)\n")
    print(f"{result['texts']:,} distinct answers ({w:,} words), slices of 100 answers, alternating which runs first; "
          "extraction = `synthesis.extract.analyse_texts` (pipeline + redaction + per-answer results, no cache); "
          "baseline = full en_core_web_sm `nlp.pipe`. Wall seconds, and CPU seconds of the process (which leave out "
          "waiting for a core on a shared machine); the last column is the median of the per-slice CPU ratios.\n")
    print(_table(["extraction s", "extraction words/s", "baseline s", "baseline words/s", "ratio",
                  "extraction CPU s", "baseline CPU s", "CPU ratio", "median slice ratio"],
                 [[_fmt(result["extract"]), _fmt(w / result["extract"], 0), _fmt(result["baseline"]),
                   _fmt(w / result["baseline"], 0), f"{result['baseline'] / result['extract']:.1f}x",
                   _fmt(result["extract_cpu"]), _fmt(result["baseline_cpu"]),
                   f"{result['baseline_cpu'] / result['extract_cpu']:.1f}x", f"{result['median_slice_ratio']:.1f}x"]]))


def run_dask(sizes: list[int]) -> None:
    from distributed import LocalCluster

    inputs = [("sample (180)", SAMPLE)] + [(f"{n:,}", build_input(n)) for n in sizes]
    rows = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        for label, path in inputs:
            local = _child("extract", "--input", str(path), "--no-cache")
            remote = _child("extract", "--input", str(path), "--no-cache", "--scheduler", cluster.scheduler_address)
            remote_again = _child("extract", "--input", str(path), "--no-cache", "--scheduler", cluster.scheduler_address)
            rows.append([label, f"{local['words']:,}", _fmt(local["extract_s"], 2),
                         _fmt(local["words"] / local["extract_s"], 0), _fmt(remote["extract_s"], 2),
                         _fmt(remote_again["extract_s"], 2), _fmt(local["words"] / remote_again["extract_s"], 0),
                         f"{local['extract_s'] / remote_again['extract_s']:.2f}x"])
    print("\n### Dask LocalCluster (2 worker processes x 1 thread) against the local run (no cache)\n")
    print("First cluster run includes building the pipeline on each worker; the second reuses it.\n")
    print(_table(["input", "words", "local s", "local words/s", "cluster s (first)", "cluster s (again)",
                  "cluster words/s", "speed-up"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="respondents per input, comma separated")
    parser.add_argument("--quick", action="store_true", help="smaller baseline sample; drops sizes over 10k")
    parser.add_argument("--baseline-words", type=int, default=None, help="cap on words the baseline processes")
    parser.add_argument("--cache-size", type=int, default=10000, help="one of --sizes: warm and +1%% runs on it")
    parser.add_argument("--scale-up", type=int, default=0,
                        help="also N respondents resampled from the largest size, served by its cache")
    parser.add_argument("--no-brief", action="store_true", help="skip the briefing timings")
    parser.add_argument("--no-empty-notebook", action="store_true", help="skip brief on the sample vs an empty notebook")
    parser.add_argument("--dask", action="store_true", help="also compare a 2-worker LocalCluster")
    parser.add_argument("--ratio", action="store_true", help="only the interleaved extraction/baseline ratio")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the en_core_web_sm baseline and the interleaved ratio (the slow part)")
    parser.add_argument("--child", choices=["extract", "baseline", "ratio"], help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-cache", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scheduler", help=argparse.SUPPRESS)
    parser.add_argument("--distinct", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        children = {"extract": child_extract, "baseline": child_baseline, "ratio": child_ratio}
        result = children[args.child](args)
        print(json.dumps(result))
        return

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.quick:
        sizes = [s for s in sizes if s <= 10000]
    baseline_words = args.baseline_words or (60_000 if args.quick else 200_000)
    if args.ratio:
        run_ratio(max(sizes), baseline_words // 2)
        return
    print(f"## Benchmark {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    print(f"Machine: {machine()}\n")
    print(f"Baseline sample cap: {baseline_words:,} words (every k-th answer; larger inputs extrapolated by words).")
    started = time.perf_counter()
    cold = run_sizes(sizes, baseline_words, brief=not args.no_brief, baseline=not args.no_baseline)
    if not args.no_baseline:
        run_ratio(max(sizes), baseline_words // 2)
    if args.cache_size in cold:
        run_cache(args.cache_size, cold[args.cache_size])
    if args.scale_up and max(sizes) < args.scale_up:
        run_scale_up(max(sizes), args.scale_up, brief=not args.no_brief)
    if not args.no_brief and not args.no_empty_notebook:
        run_brief_vs_empty()
    if args.dask:
        run_dask([s for s in sizes if s <= 1000][:1])
    print(f"\nTotal benchmark time: {(time.perf_counter() - started) / 60:.1f} min")


if __name__ == "__main__":
    main()
