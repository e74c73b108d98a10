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
    path.write_text("respondent_id,confidential,uses_ai\nA,No,In use\nA,No,Maybe\n")
    assert main(["validate", "--input", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:3:respondent_id: error: duplicate respondent_id 'A' (first at row 2)" in err
    assert f"{path}:3:uses_ai: warning: unknown value 'Maybe'" in err
    assert "2 rows in, 1 analysed, 1 excluded" in err


def test_warnings_alone_exit_0(tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text("respondent_id,confidential,uses_ai\nA,No,Perhaps\n")
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


def test_version_is_printed(capsys):
    from synthesis import __version__

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"synthesis {__version__}"


@pytest.mark.parametrize("flags, info_shown", [([], False), (["-v"], True), (["-q"], False)])
def test_verbose_and_quiet_set_the_log_level(tmp_path, capsys, flags, info_shown):
    out = tmp_path / "mentions.csv"
    assert main([*flags, "extract", "--input", str(FIXTURES / "canonical.csv"), "--out", str(out), "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert ("INFO: extraction:" in err) is info_shown  # the summary line scale.py logs
    assert ("extract:" in err.replace("INFO: extraction:", "")) is (flags != ["-q"])  # the progress bar


def test_verbose_and_quiet_together_are_refused(capsys):
    with pytest.raises(SystemExit) as done:
        main(["-v", "-q", "validate", "--input", str(FIXTURES / "canonical.csv")])
    assert done.value.code == 2 and "not allowed with" in capsys.readouterr().err


def test_brief_without_input_or_sample_says_what_to_do(tmp_path, monkeypatch, capsys):
    from synthesis import paths

    monkeypatch.setattr(paths, "SAMPLE_PATH", tmp_path / "no-sample.csv")
    assert main(["brief"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["--input: error: no input file given, and the sample responses are not installed here (they come "
                   "with a checkout of the repository): pass --input FILE"]


def test_scheduler_without_the_cluster_extra_is_one_line(tmp_path, monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a))
    code = main(["extract", "--input", str(FIXTURES / "canonical.csv"), "--out", str(tmp_path / "m.csv"), "--no-cache",
                 "--scheduler", "tcp://127.0.0.1:1"])
    assert code == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "--scheduler: error: running on a Dask cluster needs the cluster extra: pip install 'synthesis[cluster]'")
