"""Fuzzing extraction: any text gives findings whose offsets point at their text, and never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthesis.extract import extract_answers
from synthesis.nlp import build_pipeline

WORDS = ["Magic Notes", "Copilot", "we", "stopped", "using", "not", "the", "app", "piloting", "Dr", "Smith",
         "time", "saved", "bias", "funding", "<script>", "=1+1", "\n\n", ".", ",", "O'Neil", "e-mail", "07700 900123"]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
)


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(answers=st.lists(texts, min_size=1, max_size=4))
def test_any_text_extracts_with_consistent_offsets(answers):
    nlp = build_pipeline()
    keys = [(f"R{i}", "tools_used", text) for i, text in enumerate(answers)]
    extraction = extract_answers(keys, nlp)
    by_id = {rid: text for rid, _, text in keys}
    for row in extraction.mentions.itertuples():
        assert by_id[row.respondent_id][row.start:row.end] == row.text
        assert row.kind in ("tool", "theme")
    assert set(extraction.sentences["respondent_id"]) <= set(by_id)
