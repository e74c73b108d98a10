"""The command line: exit codes and one-line messages, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from synthesis.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "load"


def test_validate_clean_file_exits_0(capsys):
    assert main(["validate", "--input", str(FIXTURES / "canonical.csv")]) == 0
    assert "2 rows in, 2 analysed, 0 excluded" in capsys.readouterr().err


def test_validate_prints_file_row_column_and_exits_1_on_fatal(tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text("respondent_id,uses_ai\nA,In use\nA,Maybe\n")
    assert main(["validate", "--input", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:3:respondent_id: error: duplicate respondent_id 'A' (first at row 2)" in err
    assert f"{path}:3:uses_ai: warning: unknown value 'Maybe'" in err
    assert "2 rows in, 1 analysed, 1 excluded" in err


def test_warnings_alone_exit_0(tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text("respondent_id,uses_ai\nA,Perhaps\n")
    assert main(["validate", "--input", str(path)]) == 0


@pytest.mark.parametrize("content", [b"", b"respondent_id\n", b"\x00\x01PK", b"id,name\n1,a\n"])
def test_bad_files_give_one_line_and_no_traceback(tmp_path, content):
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    run = subprocess.run(
        [sys.executable, "-m", "synthesis.cli", "validate", "--input", str(path)], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert errors and all(line.startswith(str(path)) for line in errors)


def test_debug_shows_the_traceback(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "synthesis.cli", "--debug", "validate", "--input", str(tmp_path / "none.csv")],
        capture_output=True, text=True,
    )
    assert run.returncode == 1 and "Traceback" in run.stderr


def test_bad_param_is_one_line(capsys):
    assert main(["brief", "--param", "no-equals-sign"]) == 1
    assert capsys.readouterr().err.strip() == "--param: error: expected NAME=VALUE, got 'no-equals-sign'"
