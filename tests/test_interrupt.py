"""Ctrl-C (issue 13): the command exits 130 with one line, no Python or ZMQ traceback from it or its kernel."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from synthesis import cli

ROOT = Path(__file__).resolve().parents[1]


def test_keyboard_interrupt_in_a_command_exits_130_in_one_line(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "validate", interrupted)
    assert cli.main(["validate", "--input", "x.csv"]) == 130
    assert capsys.readouterr().err == "interrupted\n"


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to a process group")
def test_ctrl_c_while_the_notebook_runs_exits_130_without_a_traceback(tmp_path):
    out = tmp_path / "run"
    command = [sys.executable, "-m", "synthesis.cli", "brief", "--out", str(out), "--param", "score_accuracy=false"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)  # its own group, as a terminal's foreground job is
    try:
        deadline = time.monotonic() + 120
        while not any(out.glob(".staging-*/briefing.ipynb")) and not list(out.glob(".staging-*")):
            assert process.poll() is None and time.monotonic() < deadline, "the notebook never started"
            time.sleep(0.1)
        time.sleep(2.0)  # into the kernel's cells
        assert process.poll() is None, "finished before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert "Traceback" not in err and "ZMQError" not in err and "KeyboardInterrupt" not in err, err
    assert err.rstrip().splitlines()[-1] == "interrupted"
