"""The ``synthesis`` command: validate, extract, review, evaluate, brief.

Problems with the user's input are printed as one line (``FILE:ROW:COLUMN: message``) and exit with
status 1; ``--debug`` shows the traceback instead. Log lines go to stderr through :mod:`logging`
(the ``synthesis`` logger): warnings by default, ``-v`` adds progress and timings, ``-q`` errors only.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from synthesis import __version__
from synthesis.errors import InputError

log = logging.getLogger("synthesis")


def _add_input_options(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--input", required=required, type=Path, help="responses file (.csv, .xlsx, .json, .jsonl)")
    parser.add_argument("--question-map", type=Path, help="YAML mapping export column headers to question ids")
    parser.add_argument("--questions", type=Path, help="question set YAML (default: the one shipped)")


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the extraction cache")
    parser.add_argument("--scheduler", help="address of a Dask distributed scheduler to run extraction on")
    parser.add_argument(
        "--keep-going", action="store_true", help="carry on without the rows that have fatal problems (they are reported)"
    )


def _add_review_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--review", type=Path, metavar="FILE",
                        help="apply an analyst's review file from `synthesis review` (.xlsx or .csv)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="synthesis", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-v", "--verbose", action="count", default=0, help="more log lines (-vv: debug)")
    loudness.add_argument("-q", "--quiet", action="store_true", help="errors only")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a responses file and report every problem")
    _add_input_options(validate, required=True)

    extract = commands.add_parser("extract", help="write the table of tools and themes found in the answers")
    _add_input_options(extract, required=True)
    extract.add_argument("--out", required=True, type=Path, help="output file: .csv, .jsonl or .parquet")
    _add_review_option(extract)
    _add_run_options(extract)

    review = commands.add_parser("review", help="write the findings an analyst should check to a review file")
    _add_input_options(review, required=True)
    review.add_argument("--out", type=Path,
                        help="review file, written as .xlsx and .csv (default: outputs/<date>_review/review.xlsx)")
    review.add_argument("--themes", type=int, default=100, metavar="N",
                        help="how many of the least confident theme findings to list (default 100)")
    _add_run_options(review)

    evaluate = commands.add_parser("evaluate", help="score extraction against hand-labelled sentences")
    evaluate.add_argument("--gold", required=True, type=Path, help="gold sentences (.jsonl)")
    evaluate.add_argument("--json", type=Path, help="also write the figures as JSON here")

    brief = commands.add_parser("brief", help="build the HTML briefing (default: from the shipped sample)")
    _add_input_options(brief, required=False)
    brief.add_argument("--out", type=Path, help="run folder (default: outputs/<date>_<name>/)")
    brief.add_argument("--replace", action="store_true",
                       help="replace the briefing of an earlier run in --out (only files this product wrote)")
    brief.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="notebook parameter")
    brief.add_argument("--by", type=str.lower, choices=["region", "organisation_type"],
                       help="one briefing per group, plus an index")
    _add_review_option(brief)
    _add_run_options(brief)
    return parser


def _load(args: argparse.Namespace):
    from synthesis.validate import load_responses

    result = load_responses(args.input, args.question_map, args.questions)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    counts = result.accounting
    print(
        f"{args.input}: {counts['rows_in']} rows in, {counts['rows_analysed']} analysed, "
        f"{counts['rows_excluded']} excluded",
        file=sys.stderr,
    )
    return result


def cmd_validate(args: argparse.Namespace) -> int:
    result = _load(args)
    return 1 if result.fatal else 0


def _extract(args: argparse.Namespace):
    """Load the input and extract from it; ``None`` when fatal problems stop the run (they were printed)."""
    from synthesis.extract import scope_themes
    from synthesis.publish import load_knowledge
    from synthesis.questions import load_question_set
    from synthesis.scale import run_extraction

    result = _load(args)
    if result.fatal and not args.keep_going:
        print("stopped: fix the errors above, or pass --keep-going to leave those rows out", file=sys.stderr)
        return None
    extraction = run_extraction(
        result.responses,
        load_question_set(args.questions),
        show_progress=not args.quiet,
        use_cache=not args.no_cache,
        scheduler=args.scheduler,
    )
    return scope_themes(extraction, load_knowledge()[0])


def cmd_extract(args: argparse.Namespace) -> int:
    from synthesis.export import write_table

    if args.out.suffix.lower() not in (".csv", ".jsonl", ".parquet"):
        raise InputError(args.out, "output must end in .csv, .jsonl or .parquet")
    from synthesis.extract import MENTION_COLUMNS
    from synthesis.runfolder import check_output_file

    check_output_file(args.out, MENTION_COLUMNS, args.input)
    if args.review:
        from synthesis.knowledge import load_codebook, load_tool_list
        from synthesis.review import apply_review, read_review

        codebook, tools = load_codebook(), load_tool_list()
        read_review(args.review, codebook.ids)  # a bad review file stops the run before extraction
    started = time.perf_counter()
    extraction = _extract(args)
    if extraction is None:
        return 1
    if args.review:
        extraction = apply_review(extraction, args.review, codebook, tools)
    write_table(extraction.mentions, args.out)
    tools = int((extraction.mentions["kind"] == "tool").sum())
    print(
        f"wrote {args.out}: {len(extraction.mentions)} findings ({tools} tool mentions) from "
        f"{len(extraction.sentences)} sentences in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from synthesis.knowledge import load_codebook
    from synthesis.review import review_table, write_review

    if args.themes < 0:
        raise InputError("--themes", f"must be 0 or more, got {args.themes}")
    out = args.out
    if out is None:
        from synthesis.paths import default_run_dir

        out = default_run_dir("review") / "review.xlsx"
    from synthesis.review import COLUMNS, SUFFIXES
    from synthesis.runfolder import check_output_file

    stem = out.with_suffix("") if out.suffix.lower() in SUFFIXES else out
    for suffix in SUFFIXES:
        check_output_file(stem.with_suffix(suffix), COLUMNS, args.input)
    extraction = _extract(args)
    if extraction is None:
        return 1
    labels = {t.id: t.label for t in load_codebook().themes}
    table = review_table(extraction.mentions, labels, themes=args.themes)
    paths = write_review(table, out)
    tools = int((table["kind"] == "tool").sum())
    print(f"wrote {len(table)} rows to review ({tools} discovered tools, {len(table) - tools} theme findings): "
          "fill in decision (accept, reject or merge) and merge_into, then pass the file as --review", file=sys.stderr)
    for path in paths:
        print(path)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from synthesis.evaluate import evaluate, format_report
    from synthesis.export import write_json

    report = evaluate(args.gold)
    print(format_report(report))
    if args.json:
        write_json(report.to_dict(), args.json)
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from synthesis.parameters import parse_pairs
    from synthesis.briefings import brief
    from synthesis.paths import SAMPLE_PATH

    params = parse_pairs(args.param)
    if args.input is None and not params.get("input_path") and not SAMPLE_PATH.exists():
        raise InputError("--input", "no input file given, and the sample responses are not installed here "
                         "(they come with a checkout of the repository): pass --input FILE")
    if args.review:
        from synthesis.knowledge import load_codebook
        from synthesis.review import read_review

        read_review(args.review, load_codebook(params.get("codebook") or None).ids)  # fail before the notebook runs
        params["review"] = str(args.review.resolve())

    html = brief(
        input_path=args.input,
        out_dir=args.out,
        replace=args.replace,
        params=params,
        by=args.by,
        question_map=args.question_map,
        questions=args.questions,
        use_cache=not args.no_cache,
        scheduler=args.scheduler,
        keep_going=args.keep_going,
        show_progress=not args.quiet,
    )
    print(html)
    return 0


COMMANDS = {"validate": cmd_validate, "extract": cmd_extract, "review": cmd_review, "evaluate": cmd_evaluate,
            "brief": cmd_brief}


class _StderrHandler(logging.StreamHandler):
    """A handler that writes to whatever ``sys.stderr`` is when a line is logged (not the stream of its creation)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # StreamHandler.__init__ assigns it; the property always answers sys.stderr
        pass


def configure_logging(verbose: int = 0, quiet: bool = False) -> None:
    """Log lines of the ``synthesis`` logger to stderr: WARNING, INFO with ``-v``, DEBUG with ``-vv``, ERROR with ``-q``."""
    level = logging.ERROR if quiet else {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


@contextmanager
def _quiet_after_ctrl_c():
    """On Ctrl-C, silence library logging from then on (the notebook client's "Kernel died", asyncio's "Task
    exception was never retrieved" at exit) and stop as Python does, with ``KeyboardInterrupt``."""
    def interrupted(signum, frame):
        logging.disable(logging.CRITICAL)
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose, args.quiet)
    try:
        with _quiet_after_ctrl_c():
            return COMMANDS[args.command](args)
    except InputError as exc:
        if args.debug:
            raise
        print(f"{exc.location()}: error: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one line for the user; --debug for the traceback
        if args.debug:
            raise
        print(f"synthesis {args.command}: error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
