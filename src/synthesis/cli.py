"""The ``synthesis`` command: validate, extract, evaluate, brief.

Problems with the user's input are printed as one line (``FILE:ROW:COLUMN: message``) and exit with
status 1; ``--debug`` shows the traceback instead.
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

from synthesis.errors import InputError


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="synthesis", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a responses file and report every problem")
    _add_input_options(validate, required=True)

    extract = commands.add_parser("extract", help="write the table of tools and themes found in the answers")
    _add_input_options(extract, required=True)
    extract.add_argument("--out", required=True, type=Path, help="output file: .csv, .jsonl or .parquet")
    _add_run_options(extract)

    evaluate = commands.add_parser("evaluate", help="score extraction against hand-labelled sentences")
    evaluate.add_argument("--gold", required=True, type=Path, help="gold sentences (.jsonl)")
    evaluate.add_argument("--json", type=Path, help="also write the figures as JSON here")

    brief = commands.add_parser("brief", help="build the HTML briefing (default: from the shipped sample)")
    _add_input_options(brief, required=False)
    brief.add_argument("--out", type=Path, help="run folder (default: outputs/<date>_<name>/)")
    brief.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="notebook parameter")
    brief.add_argument("--by", type=str.lower, choices=["region", "organisation_type"],
                       help="one briefing per group, plus an index")
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


def cmd_extract(args: argparse.Namespace) -> int:
    from synthesis.export import write_table
    from synthesis.questions import load_question_set
    from synthesis.scale import run_extraction

    if args.out.suffix.lower() not in (".csv", ".jsonl", ".parquet"):
        raise InputError(args.out, "output must end in .csv, .jsonl or .parquet")
    result = _load(args)
    if result.fatal and not args.keep_going:
        print("stopped: fix the errors above, or pass --keep-going to leave those rows out", file=sys.stderr)
        return 1
    started = time.perf_counter()
    extraction = run_extraction(
        result.responses,
        load_question_set(args.questions),
        show_progress=True,
        use_cache=not args.no_cache,
        scheduler=args.scheduler,
    )
    write_table(extraction.mentions, args.out)
    tools = int((extraction.mentions["kind"] == "tool").sum())
    print(
        f"wrote {args.out}: {len(extraction.mentions)} findings ({tools} tool mentions) from "
        f"{len(extraction.sentences)} sentences in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
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
    from synthesis.publish import brief

    params = parse_pairs(args.param)

    html = brief(
        input_path=args.input,
        out_dir=args.out,
        params=params,
        by=args.by,
        question_map=args.question_map,
        questions=args.questions,
        use_cache=not args.no_cache,
        scheduler=args.scheduler,
        keep_going=args.keep_going,
    )
    print(html)
    return 0


COMMANDS = {"validate": cmd_validate, "extract": cmd_extract, "evaluate": cmd_evaluate, "brief": cmd_brief}


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
