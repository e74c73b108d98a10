"""Scoring against a tiny hand-made gold file, with the figures worked out by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from synthesis.errors import InputError
from synthesis.evaluate import evaluate, format_report, read_gold, score_sets

GOLD = Path(__file__).parent / "fixtures" / "extract" / "tiny_gold.jsonl"


def test_score_sets_by_hand():
    gold = [{"a"}, {"a", "b"}, set(), {"c"}]
    pred = [{"a"}, {"a"}, {"b"}, {"c", "d"}]
    s = score_sets(gold, pred, n_bootstrap=0)
    # tp: a, a, c = 3; fp: b, d = 2; fn: b = 1
    assert s.micro_precision == pytest.approx(3 / 5)
    assert s.micro_recall == pytest.approx(3 / 4)
    assert s.micro_f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    per = {x.label: x for x in s.per_label}
    assert (per["a"].tp, per["a"].fp, per["a"].fn) == (2, 0, 0)
    assert (per["b"].tp, per["b"].fp, per["b"].fn) == (0, 1, 1)
    assert (per["d"].precision, per["d"].recall, per["d"].f1) == (0.0, 0.0, 0.0)
    # macro F1: a 1, b 0, c 1, d 0
    assert s.macro_f1 == pytest.approx(0.5)


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    gold = [{"a"}, {"a", "b"}, set(), {"c"}] * 5
    pred = [{"a"}, {"a"}, {"b"}, {"c", "d"}] * 5
    one = score_sets(gold, pred, n_bootstrap=200, seed=7)
    two = score_sets(gold, pred, n_bootstrap=200, seed=7)
    assert one.ci == two.ci
    lo, hi = one.ci["micro_f1"]
    assert lo <= one.micro_f1 <= hi


def test_evaluate_tiny_gold_file():
    report = evaluate(GOLD, n_bootstrap=100)
    assert report.n_sentences == 4
    # tools: t1 Magic Notes tp; t2 "Chat GPT" maps to ChatGPT -> tp; t3 Power BI missed -> fn
    assert report.tools.micro_precision == pytest.approx(1.0)
    assert report.tools.micro_recall == pytest.approx(2 / 3)
    assert report.tools.micro_f1 == pytest.approx(0.8)
    # themes: t1 transcription tp; t3 training tp, bias fn, policy fp (the sentence names a policy)
    per = {x.label: x for x in report.themes.per_label}
    assert per["use.transcription"].tp == 1
    assert per["governance.training"].tp == 1
    assert per["risk.bias"].fn == 1
    # statuses of the two tools found in both are right
    assert report.status_accuracy == pytest.approx(1.0)
    assert report.status_n == 2
    text = format_report(report)
    for word in ("Tools", "Themes", "micro", "macro", "magic notes", "Status accuracy", "95%"):
        assert word in text
    data = report.to_dict()
    assert data["tools"]["micro_f1"] == pytest.approx(0.8)


def test_bad_gold_line_names_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "ok", "tools": [], "themes": []}\n{not json}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_gold(path)
    assert str(info.value).startswith(f"{path}:2:")


def test_missing_gold_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        read_gold(tmp_path / "nope.jsonl")


def test_shipped_gold_files_are_valid_and_do_not_overlap():
    """data/gold/check_gold.py: labels valid, ids unique, no sentence in two of train/dev/heldout."""
    script = Path(__file__).parents[1] / "data" / "gold" / "check_gold.py"
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "OK: gold set is valid" in run.stdout


def _gold_file(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_part_of_and_supplied_are_scored(tmp_path):
    path = _gold_file(tmp_path, [
        '{"text": "Magic Notes, built on technology from Deepgram, writes our notes.", "tools": ['
        '{"label": "Magic Notes", "status": "in_use"}, {"label": "Deepgram", "status": "in_use", "part_of": "Magic Notes"}]}',
        '{"text": "We supply Magic Notes to 12 councils.", "tools": [{"label": "Magic Notes", "status": "supplied", '
        '"part_of": null}]}',
    ])
    report = evaluate(path, n_bootstrap=10)
    assert report.status_accuracy == pytest.approx(1.0) and report.status_n == 3
    assert report.part_of_accuracy == pytest.approx(1.0) and report.part_of_n == 2
    assert "part_of accuracy" in format_report(report)


def test_discovered_tool_precision_counts_only_tools_not_on_the_list(tmp_path):
    # two discovered systems, one of which gold has; Mosaic is on the tool list and does not count
    path = _gold_file(tmp_path, [
        '{"text": "We built the Harbour Family Portal in-house to bring records together.", '
        '"tools": [{"label": "Harbour Family Portal", "status": "in_use"}]}',
        '{"text": "The council uses Mosaic and the Kestrel Casebook system.", '
        '"tools": [{"label": "Mosaic", "status": "in_use"}]}',
    ])
    report = evaluate(path, n_bootstrap=0)
    assert (report.discovered_correct, report.discovered_n) == (1, 2)
    assert "Discovered tools (not on the tool list): 1 of 2 also in gold (precision 0.500)" in format_report(report)


@pytest.mark.parametrize("tool, column", [
    ('{"label": "Magic Notes", "status": "in use"}', "tools.status"),
    ('{"label": "Magic Notes", "part_of": 3}', "tools.part_of"),
    ('"Magic Notes"', "tools"),
])
def test_bad_gold_tool_names_file_line_and_field(tmp_path, tool, column):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "ok", "tools": []}\n{"text": "We use Magic Notes.", "tools": [' + tool + ']}\n',
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_gold(path)
    assert str(info.value).startswith(f"{path}:2:{column}: ")
    assert "\n" not in str(info.value)
