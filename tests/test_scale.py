"""run_extraction: the same tables as extract(), with and without the cache; counts, progress, logging."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

pytest.importorskip("synthesis.extract")

from synthesis import scale  # noqa: E402
from synthesis.extract import extract  # noqa: E402

QUESTIONS = ["tools_used", "impact", "risks_ethics", "barriers", "barriers_overcome", "single_view_detail", "support_needed"]


def _responses(rows: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [{"source_row": i + 1, "respondent_id": r["id"], "organisation_name": f"Org {i}",
          "organisation_type": "Local authority", "region": "London", "la_code": None,
          "submitted_at": "2025-03-01T10:00:00", "confidential": False, "uses_ai": "In use",
          "tool_source": ["Commercial"], "single_view": "Limited",
          **{q: r.get(q, "") for q in QUESTIONS}} for i, r in enumerate(rows)]
    )
    return frame


@pytest.fixture
def answers_frame() -> pd.DataFrame:
    return _responses([
        {"id": "R2", "tools_used": "We use Magic Notes to transcribe home visits. It saves social workers hours.",
         "impact": "Staff say recording is quicker and families feel listened to.",
         "barriers": "Funding and procurement rules. Our data is poor quality.",
         "support_needed": "N/A"},
        {"id": "R1", "tools_used": "We stopped using Copilot last year because of data protection worries. "
                                   "Contact Jane Smith on jane.smith@example.org for details.",
         "risks_ethics": "A DPIA was completed and a worker always checks the output.",
         "support_needed": "N/A"},
        {"id": "R3", "tools_used": "", "impact": "   ", "barriers_overcome": "We ran a pilot with CaseLens, an app built by a small supplier."},
        {"id": "R4", "tools_used": "We use Magic Notes to transcribe home visits. It saves social workers hours."},
    ])


def _same(a, b) -> None:
    pd.testing.assert_frame_equal(a.mentions, b.mentions)
    pd.testing.assert_frame_equal(a.sentences, b.sentences)


def test_answers_skip_blanks_and_keep_question_order(answers_frame):
    answers = scale.answers_from(answers_frame)
    assert [(r, q) for r, q, _ in answers] == [
        ("R2", "tools_used"), ("R2", "impact"), ("R2", "barriers"), ("R2", "support_needed"),
        ("R1", "tools_used"), ("R1", "risks_ethics"), ("R1", "support_needed"),
        ("R3", "barriers_overcome"), ("R4", "tools_used"),
    ]


def test_uncached_equals_extract(answers_frame):
    expected = extract(answers_frame)
    assert len(expected.mentions) > 0
    _same(scale.run_extraction(answers_frame, use_cache=False), expected)


def test_cold_and_warm_cache_equal_extract_and_warm_builds_no_pipeline(answers_frame, tmp_path, monkeypatch):
    expected = extract(answers_frame)
    cold = scale.run_extraction(answers_frame, cache_dir=tmp_path)
    assert scale.last_stats.cached == 0
    assert scale.last_stats.extracted == scale.last_stats.distinct == 7  # "N/A" twice, R4 = R2

    import synthesis.nlp

    def no_pipeline(*args, **kwargs):
        raise AssertionError("a warm run must not build the pipeline")

    monkeypatch.setattr(synthesis.nlp, "build_pipeline", no_pipeline)
    warm = scale.run_extraction(answers_frame, cache_dir=tmp_path)
    assert scale.last_stats.cached == 9 and scale.last_stats.extracted == 0
    _same(cold, expected)
    _same(warm, expected)


def test_only_new_answers_are_extracted(answers_frame, tmp_path):
    scale.run_extraction(answers_frame, cache_dir=tmp_path)
    more = pd.concat(
        [answers_frame, _responses([{"id": "R5", "barriers": "Legacy systems and no budget for licences."}])],
        ignore_index=True,
    )
    result = scale.run_extraction(more, cache_dir=tmp_path)
    assert (scale.last_stats.cached, scale.last_stats.extracted) == (9, 1)
    _same(result, extract(more))


def test_small_windows_give_the_same_tables(answers_frame, tmp_path):
    _same(scale.run_extraction(answers_frame, cache_dir=tmp_path, window=2), extract(answers_frame))


def test_no_cache_writes_nothing(answers_frame, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SYNTHESIS_CACHE_DIR", raising=False)
    scale.run_extraction(answers_frame, use_cache=False)
    scale.run_extraction(answers_frame, use_cache=False, cache_dir=tmp_path / "explicit")
    assert list(tmp_path.iterdir()) == []


def test_cache_goes_to_the_environment_folder(answers_frame, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SYNTHESIS_CACHE_DIR", str(tmp_path / "env"))
    scale.run_extraction(answers_frame)
    assert [p.suffix for p in (tmp_path / "env").glob("*.sqlite")] == [".sqlite"]
    assert not (tmp_path / ".cache").exists()


def test_no_answers_gives_empty_tables_with_the_columns(tmp_path):
    empty = _responses([{"id": "R9"}])
    result = scale.run_extraction(empty, cache_dir=tmp_path)
    expected = extract(empty)
    assert list(result.mentions.columns) == list(expected.mentions.columns)
    assert result.mentions.empty and result.sentences.empty


def test_progress_is_off_by_default_and_a_log_line_has_the_counts(answers_frame, tmp_path, capfd, caplog):
    caplog.set_level(logging.INFO, logger="synthesis")
    scale.run_extraction(answers_frame, cache_dir=tmp_path)
    captured = capfd.readouterr()
    assert "answer" not in captured.err and "%" not in captured.err
    line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("extraction:"))
    assert "9 answers" in line and "0 from cache" in line and "7 distinct texts extracted" in line and "mentions" in line


def test_progress_bar_when_asked(answers_frame, tmp_path, capfd):
    scale.run_extraction(answers_frame, cache_dir=tmp_path, show_progress=True)
    assert "answer" in capfd.readouterr().err


def test_a_custom_tool_list_gets_its_own_cache_and_the_same_tables(answers_frame, tmp_path):
    from synthesis.knowledge import DEFAULT_TOOLS
    from synthesis.nlp import build_pipeline

    tools = tmp_path / "tools.yaml"
    tools.write_text(DEFAULT_TOOLS.read_text("utf-8").replace("Magic Notes, MagicNotes,", "MagicNotes,", 1), "utf-8")
    custom = build_pipeline(tool_list=tools)
    scale.run_extraction(answers_frame, cache_dir=tmp_path / "cache")
    result = scale.run_extraction(answers_frame, cache_dir=tmp_path / "cache", nlp=custom)
    assert scale.last_stats.cached == 0  # nothing shared with the shipped tool list's results
    assert len(list((tmp_path / "cache").glob("*.sqlite"))) == 2
    _same(result, extract(answers_frame, nlp=custom))


@pytest.mark.slow
def test_the_sample_in_small_windows_equals_extract(tmp_path):
    from pathlib import Path

    from synthesis.validate import load_responses

    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "responses.csv"
    if not sample.exists():
        pytest.skip("no shipped sample yet")
    responses = load_responses(sample).responses
    expected = extract(responses)
    _same(scale.run_extraction(responses, cache_dir=tmp_path, window=97), expected)  # cold, many windows
    _same(scale.run_extraction(responses, cache_dir=tmp_path, window=500), expected)  # warm, other windows
    assert scale.last_stats.extracted == 0


def test_equal_theme_and_tool_lists_are_one_object_across_windows(answers_frame, tmp_path):
    result = scale.run_extraction(answers_frame, cache_dir=tmp_path, window=2)
    _same(result, extract(answers_frame))
    for column in ("themes", "tools"):
        cells = result.sentences[column].tolist()
        by_value = {tuple(cell): id(cell) for cell in cells}
        assert len({id(cell) for cell in cells}) == len(by_value) < len(cells)


def test_arrow_buffers_come_from_the_system_pool_during_the_run_only(answers_frame, tmp_path, monkeypatch):
    import pyarrow as pa

    before = pa.default_memory_pool().backend_name
    seen = []
    import synthesis.extract

    original = synthesis.extract.assemble

    def spy(*args, **kwargs):
        seen.append(pa.default_memory_pool().backend_name)
        return original(*args, **kwargs)

    monkeypatch.setattr(synthesis.extract, "assemble", spy)
    scale.run_extraction(answers_frame, cache_dir=tmp_path)
    assert seen and set(seen) == {"system"}
    assert pa.default_memory_pool().backend_name == before
