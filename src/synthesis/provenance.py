"""Provenance of a run, in a form safe to publish: when, from which commit, from what input, with which settings.

Nothing here returns a local folder: file names are given without their folders and with personal data
redacted (:func:`synthesis.redact.redact_value`), free-text parameters redacted too.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PATH_PARAMETERS = ("input_path", "question_map", "questions", "codebook", "tool_list", "accuracy_path", "run_dir",
                   "review", "tables_dir")


def run_timestamp() -> str:
    """Now, in UTC, to the second (``SOURCE_DATE_EPOCH`` fixes it for reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return now.replace(microsecond=0).isoformat()


def git_commit(folder: Path | None = None) -> str | None:
    """The commit of the checkout the package runs from, or ``None`` outside a git checkout."""
    root = folder or Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def published_name(path: object) -> str:
    """A file's name without its folders, with any personal data in it redacted."""
    if path is None or str(path) == "":
        return ""
    from synthesis.redact import redact_value

    return redact_value(Path(str(path)).name)


def published_parameters(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters with paths cut to file names and free strings redacted."""
    from synthesis.redact import redact_value

    out: dict[str, Any] = {}
    for name, value in params.items():
        if name in PATH_PARAMETERS:
            out[name] = published_name(value)
        elif isinstance(value, str):
            out[name] = redact_value(value)
        else:
            out[name] = value
    return out
