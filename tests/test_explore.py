"""synthesis.explore, the logic behind explore.ipynb: filters, charts, evidence, search and the review view."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from synthesis.explore import ALL, TOOLS, Explorer, notebook_review_path

LABELS = {"use.transcription": "Transcription", "use.drafting": "Drafting", "impact.time_saving": "Time saved",
          "barrier.funding": "Funding", "barrier.skills": "Skills", "risk.privacy": "Privacy", "risk.bias": "Bias",
          "governance.evaluation": "Evaluation"}


@dataclass
class Loaded:
    """The part of a :class:`synthesis.publish.Briefing` the explorer reads."""

    all_responses: pd.DataFrame
    mentions: pd.DataFrame
    sentences: pd.DataFrame
    labels: dict[str, str]

    @property
    def theme_ids(self) -> list[str]:
        return sorted(self.labels)


@pytest.fixture
def explorer(responses, mentions, sentences) -> Explorer:
    return Explorer(Loaded(responses, mentions, sentences, LABELS))


def test_filters_list_what_is_present_in_the_usual_order(explorer):
    assert explorer.regions() == ["North East", "London", "South West", "National"]
    assert explorer.organisation_types()[0] == "Local authority"


def test_scope_keeps_the_chosen_respondents_and_their_findings(explorer):
    london = explorer.scope("London", ALL)
    assert set(london.responses["respondent_id"]) == {"R1", "R2", "R4"}
    assert set(london.mentions["respondent_id"]) <= {"R1", "R2", "R4"}
    assert london.description == "all organisation types, London: 3 respondents"
    la = explorer.scope("London", "Local authority")
    assert set(la.responses["respondent_id"]) == {"R1", "R2"}


def test_the_chart_follows_the_filter(explorer):
    everyone = explorer.figure("barrier", explorer.scope())
    north_east = explorer.figure("barrier", explorer.scope("North East"))
    assert "6 respondents" in everyone.layout.title.text and "North East: 1 respondents" in north_east.layout.title.text
    # nobody in North East names a barrier: its chart has no bar where the national one has some
    assert list(everyone.data[0].x) and (not north_east.data or list(everyone.data[0].x) != list(north_east.data[0].x))
    tools = explorer.figure(TOOLS, explorer.scope("London"))
    assert "Magic Notes" in list(tools.data[0].y)


def test_choices_evidence_and_keyword_in_context(explorer):
    assert ("Transcription", "use.transcription") in explorer.choices("use")
    assert "Magic Notes" in [value for _, value in explorer.choices(TOOLS)]
    rows = explorer.evidence("Magic Notes", explorer.scope())
    assert set(rows["respondent_id"]) == {"R1", "R2"}  # R3 stopped using it: a denied mention is not evidence
    assert list(rows.columns)[:3] == ["respondent_id", "organisation_type", "region"]
    hits = explorer.keyword_in_context("procurement", explorer.scope())
    assert set(hits["respondent_id"]) == {"R1", "R2"} and set(hits["match"].str.lower()) == {"procurement"}
    assert explorer.keyword_in_context("", explorer.scope()).empty
    assert explorer.keyword_in_context("procurement", explorer.scope("North East")).empty


def test_widgets_are_built_and_redraw(explorer):
    pytest.importorskip("ipywidgets")
    dashboard = explorer.dashboard()
    (region, org), (group, pick) = (box.children for box in dashboard.children[:2])
    assert pick.value == explorer.choices("use")[0][1]
    group.value = TOOLS
    assert pick.value == "Magic Notes"
    region.value = "North East"  # redraws without error
    search = explorer.keyword_search("procurement")
    assert search.children[0].children[0].value == "procurement"


def test_review_view_writes_the_review_file(explorer, tmp_path, monkeypatch):
    pytest.importorskip("ipywidgets")
    from synthesis import review

    monkeypatch.setattr(review, "_theme_probabilities", lambda sentences, themes, nlp=None: [0.5] * len(sentences))
    view = explorer.review_view(tmp_path / "review.xlsx", themes=3)
    rows = [child for child in view.children if hasattr(child, "children") and len(child.children) == 3]
    decision, target, _ = rows[0].children
    decision.value = "merge"
    target.value = "Magic Notes"
    button = next(child for child in view.children if getattr(child, "description", "") == "Write review file")
    button.click()
    written = pd.read_csv(tmp_path / "review.csv", dtype=str, keep_default_na=False)
    assert (tmp_path / "review.xlsx").exists()
    assert written.loc[0, "decision"] == "merge" and written.loc[0, "merge_into"] == "Magic Notes"
    assert (written["decision"] != "").sum() == 1
    assert [d.action for d in review.read_review(tmp_path / "review.csv")] == ["merge"]


def test_the_review_path_defaults_under_outputs(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNTHESIS_OUTPUTS", str(tmp_path))
    assert notebook_review_path("").parent.parent == tmp_path
    assert notebook_review_path(str(tmp_path / "mine.xlsx")) == tmp_path / "mine.xlsx"
