"""Outputs never destroy (issue 13): locks, group folder names, failed runs, leftover staging folders, folders
holding the user's own files, earlier runs and an output named like the input. The hostile folders are made here.

Every ``brief`` call here is refused (or fails) before a notebook would run; ``_run_one`` or ``_execute`` is
replaced by a stub that says so if the refusal does not come, so a broken check fails at once.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from pathlib import Path

import pytest

from synthesis import briefings, paths, runfolder
from synthesis.cli import main
from synthesis.errors import InputError

from conftest import SAMPLE


def _contents(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path) and the sha256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def no_notebook(monkeypatch):
    """Make a briefing that gets as far as running the notebook fail the test."""
    def ran(*args, **kwargs):
        raise AssertionError("the run was not refused: it went on to build the briefing")

    monkeypatch.setattr(briefings, "_run_one", ran)


@pytest.fixture
def earlier_run(built_briefing, tmp_path) -> Path:
    """A copy of a complete run folder (record, published/ and internal/) of an earlier run."""
    copy = tmp_path / "earlier"
    shutil.copytree(built_briefing.parent, copy, ignore=shutil.ignore_patterns(runfolder.LOCK))
    assert (copy / "published" / "briefing.html").is_file() and runfolder.is_run_folder(copy)
    return copy


def _failing_notebook(monkeypatch, message: str = "the briefing notebook failed in cell 2: KeyError: 'x'"):
    """The notebook fails, as papermill reports it (the staging folder, the record and the rest are real)."""
    def failed(params, staging, show_progress):
        (staging / "briefing.ipynb").write_text("{}", encoding="utf-8")  # papermill leaves the executed notebook
        raise briefings.BriefingError(message)

    monkeypatch.setattr(briefings, "_execute", failed)


# --------------------------------------------------------------------------------------------- fast


def test_a_second_run_into_a_folder_being_written_is_refused_at_once(tmp_path, no_notebook):
    out = tmp_path / "run"
    with runfolder.locked(out):  # the first run holds the lock while its notebook runs
        with pytest.raises(InputError, match="another run is writing this folder now") as caught:
            briefings.brief(input_path=SAMPLE, out_dir=out, show_progress=False, accuracy=False)
    assert "\n" not in str(caught.value) and str(out) in caught.value.location()
    assert not (out / "published").exists() and not (out / "internal").exists()


def test_groups_whose_names_slug_alike_get_folders_of_their_own_and_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="synthesis"):
        folders = briefings.group_folders(["North East", "North-East", "north  east", "London"])
    assert folders == {"North East": "north-east", "North-East": "north-east-2", "north  east": "north-east-3",
                       "London": "london"}
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 2
    assert "'North-East'" in warned[0] and "'north-east-2'" in warned[0]


def test_leftover_staging_folders_of_a_killed_first_run_are_cleaned_by_the_next_run(tmp_path, monkeypatch):
    out = tmp_path / "run"
    out.mkdir()
    (out / runfolder.LOCK).touch()  # what a run killed before its record leaves: its lock and its staging folder
    killed = Path(tempfile.mkdtemp(prefix=runfolder.STAGING_PREFIX, dir=out))
    (killed / "published").mkdir()
    (killed / "published" / "briefing.html").write_text("<p>half written</p>", encoding="utf-8")
    _failing_notebook(monkeypatch)
    with pytest.raises(InputError, match="failed in cell 2"):
        briefings.brief(input_path=SAMPLE, out_dir=out, show_progress=False, accuracy=False)
    assert not list(out.glob(runfolder.STAGING_PREFIX + "*"))
    assert not (out / "published" / "briefing.html").exists() and (out / runfolder.FAILED).is_file()


def test_brief_into_a_folder_holding_the_users_own_files_is_refused_and_they_survive(tmp_path, capsys, no_notebook):
    out = tmp_path / "P"
    for rel, text in (("tables/mine.csv", "a,b\n1,2\n"), ("internal/notes.txt", "my notes"),
                      ("published/briefing.html", "<p>my own page</p>"), (".staging-mine/notes.txt", "mine")):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    before = _contents(out)
    for extra in ([], ["--replace"]):
        assert main(["brief", "--input", str(SAMPLE), "--out", str(out), *extra]) == 1
        err = capsys.readouterr().err.strip()
        assert err == f"{out}: error: is not empty and is not a folder this product made: choose another --out " \
                      "(nothing was changed)"
        assert _contents(out) == before


def test_extract_with_the_input_as_its_output_is_refused_and_the_input_is_unchanged(tmp_path, capsys):
    answers = tmp_path / "a.csv"
    shutil.copyfile(SAMPLE, answers)
    link = tmp_path / "link.csv"
    link.symlink_to(answers)
    before = answers.read_bytes()
    for out in (answers, link):
        assert main(["extract", "--input", str(answers), "--out", str(out)]) == 1
        err = capsys.readouterr().err.strip()
        assert err.endswith("error: is the input file: choose another --out (the responses were not touched)"), err
        assert "\n" not in err
        assert answers.read_bytes() == before


# --------------------------------------------------------------------------------------------- an earlier run


@pytest.mark.slow
def test_rerunning_into_an_earlier_run_folder_needs_replace_and_changes_nothing(earlier_run, capsys, no_notebook):
    before = _contents(earlier_run)
    assert main(["brief", "--input", str(SAMPLE), "--out", str(earlier_run)]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith(f"{earlier_run}: error: already holds a briefing")
    assert "pass --replace" in err
    assert _contents(earlier_run) == before


@pytest.mark.slow
def test_a_changed_parameter_with_the_default_folder_of_an_earlier_run_gets_a_new_folder(
        earlier_run, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SYNTHESIS_OUTPUTS", str(tmp_path / "outputs"))
    default = paths.default_run_dir("briefing")
    default.parent.mkdir(parents=True)
    shutil.move(earlier_run, default)
    before = _contents(default)
    used = []

    def run_one(params, run_dir, show_progress, part=""):
        used.append((run_dir, params["suppress_below"]))
        return run_dir / "published" / "briefing.html", {}

    monkeypatch.setattr(briefings, "_run_one", run_one)
    assert main(["brief", "--input", str(SAMPLE), "--param", "suppress_below=5"]) == 0
    assert used == [(default.with_name(default.name + "_2"), 5)]
    assert capsys.readouterr().out.strip() == str(default.with_name(default.name + "_2") / "published" / "briefing.html")
    assert _contents(default) == before


@pytest.mark.slow
def test_a_failed_run_into_an_earlier_briefing_removes_it_keeps_the_users_files_and_says_why(
        earlier_run, monkeypatch):
    recorded = runfolder.written_files(earlier_run)
    published = [rel for rel in recorded if rel.startswith("published/")]
    assert "published/briefing.html" in published and len(published) > 20
    mine = earlier_run / "published" / "my_notes.txt"  # the user's file beside the briefing: never ours to remove
    mine.write_text("mine", encoding="utf-8")
    internal_before = {rel: h for rel, h in _contents(earlier_run).items() if rel.startswith("internal/")}
    killed = Path(tempfile.mkdtemp(prefix=runfolder.STAGING_PREFIX, dir=earlier_run))  # an earlier killed re-run
    (killed / "briefing.ipynb").write_text("{}", encoding="utf-8")
    _failing_notebook(monkeypatch, "the briefing notebook failed in cell 4: ValueError: broken")
    with pytest.raises(InputError, match="failed in cell 4"):
        briefings.brief(input_path=SAMPLE, out_dir=earlier_run, replace=True, show_progress=False, accuracy=False)
    assert not any((earlier_run / rel).exists() for rel in published)  # no stale briefing can pass as current
    assert mine.read_text(encoding="utf-8") == "mine"
    failed = (earlier_run / runfolder.FAILED).read_text(encoding="utf-8")
    assert "failed, so its briefing was removed" in failed and "ValueError: broken" in failed
    after = _contents(earlier_run)
    assert all(after.get(rel) == h for rel, h in internal_before.items())  # internal/ is not shared: kept
    assert "internal/briefing.failed.ipynb" in after
    assert not list(earlier_run.glob(runfolder.STAGING_PREFIX + "*"))
