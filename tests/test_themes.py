"""Theme matching (``synthesis.nlp.themes``): registration, word senses, and which denials count."""

from __future__ import annotations

import hashlib
import json

import pytest

from synthesis.nlp import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _themes(nlp, text: str) -> dict[str, bool]:
    """Theme id -> negated, for one sentence."""
    return {h["label"]: h["negated"] for h in nlp(text)._.synthesis_themes}


def test_build_pipeline_registers_and_adds_the_theme_component(nlp):
    from synthesis.nlp.themes import ThemeFinder

    assert isinstance(nlp.get_pipe("synthesis_themes"), ThemeFinder)
    assert nlp.pipe_names[-1] == "synthesis_themes"


@pytest.mark.parametrize("text, theme", [
    ("All staff are trained before they get a licence.", "governance.training"),
    ("Training on safe prompting is mandatory.", "governance.training"),
    ("Decisions are made by qualified social workers, never by the software.", "risk.oversight"),
    ("The worker then compares the summary against the original audio.", "governance.human_review"),
    ("Two managers who had planned to leave have stayed.", "impact.wellbeing_retention"),
    ("Letters are now pitched at the right reading level for each parent.", "use.translation"),
    ("The licence price went up sharply in year two.", "barrier.vendor"),
    ("Getting legal sign-off took most of a year.", "barrier.information_governance"),
    ("The hub brings together police notifications and school attendance for each family.", "use.single_view"),
    ("Our AI policy sets out which tools staff may use.", "governance.policy"),
    ("An independent evaluation of the tool is under way.", "governance.evaluation"),
    ("The tool translates letters into Polish.", "use.translation"),
    ("A lack of training is holding our teams back.", "barrier.skills"),
    ("The new system had strong backing from the chief executive.", "overcome.leadership"),
    ("A national kitemark for AI products, covering data protection and bias, would help us buy safely.",
     "support.assurance"),
    ("We need a clear legal basis for sharing data with health partners.", "support.legal_clarity"),
    ("Clarity on data protection law would give our lawyers confidence.", "support.legal_clarity"),
    ("Laptops were replaced and the wifi in our offices was upgraded.", "overcome.infrastructure"),
])
def test_paraphrases_find_the_theme(nlp, text, theme):
    assert _themes(nlp, text).get(theme) is False


@pytest.mark.parametrize("text, theme", [
    ("A model trained on past referrals would repeat old patterns.", "governance.training"),
    ("The supplier cannot use our data to train its models.", "governance.training"),
    ("Good working relationships made up for the lack of a budget.", "risk.accuracy"),
    ("Joining a buying consortium made procurement much simpler.", "use.translation"),
    # words that only name a team, a role or a committee
    ("Our policy team wrote the consultation response.", "governance.policy"),
    ("She moved to the disabled children's team last spring.", "impact.accessibility"),
    ("The translation team moved to another building.", "use.translation"),
    # other senses, excluded by the codebook's `exclude` patterns
    ("The paediatrician's evaluation of the child went to the chair.", "governance.evaluation"),
    ("Our front door has a strong bias towards early help.", "risk.bias"),
    ("Signs of Safety is our practice framework.", "governance.policy"),
    ("Planning consent for the new children's home was granted.", "risk.consent"),
    ("Through an oversight, the letter went to the wrong address.", "risk.oversight"),
    ("Most of our care leavers are in education, employment or training.", "governance.training"),
    # a lack of training is the obstacle, not the safeguard (SPEC §4; the labelling guide says the same)
    ("A lack of training is holding our teams back.", "governance.training"),
    ("Staff shortages and a lack of guidance held the roll-out back.", "overcome.training_guidance"),
    ("Caseloads held the pilot back for months.", "overcome.leadership"),
    ("Turning the vision into day-to-day practice falls to managers; translating it into practice is hard.",
     "use.translation"),
    # what an assurance scheme checks is support.assurance, not a call for legal clarity; licences are bought, not kit
    ("A national kitemark for AI products, covering data protection and bias, would help us buy safely.",
     "support.legal_clarity"),
    ("We want products accredited by a national body that tests them against UK GDPR.", "support.legal_clarity"),
    ("We kept the number of licences down to the teams that use them daily.", "overcome.infrastructure"),
    ("Buying a licence for every worker was out of reach, so we shared them.", "overcome.infrastructure"),
])
def test_other_word_senses_do_not_count(nlp, text, theme):
    assert theme not in _themes(nlp, text) or _themes(nlp, text)[theme] is True


@pytest.mark.parametrize("text, theme, negated", [
    # a denial in a clause of its own, or a condition, leaves the purpose affirmed
    ("Children's views are heard even if they don't want to speak in the meeting.", "use.voice_of_child", False),
    ("We do not record conversations with under-12s unless a parent agrees.", "use.transcription", False),
    ("Legal have not agreed whether AI notes can be relied upon in court.", "use.transcription", False),
    ("We do not use predictive risk scoring.", "use.risk_prediction", True),
    # "not yet" keeps the denial in one clause
    ("We have not yet seen any financial savings.", "impact.cost", True),
    ("It has made no difference to staff turnover so far.", "impact.wellbeing_retention", True),
    # a risk judged favourably after an "of" phrase
    ("The accuracy of the transcripts has been very good.", "risk.accuracy", True),
    ("The accuracy of summaries is a concern.", "risk.accuracy", False),
    # "n't" as survey answers spell it ("dont", "don’t"), and "nobody"
    ("we havent had any training on it", "governance.training", True),
    ("we haven’t had any training on it", "governance.training", True),
    ("havent spotted anything that looks like bias", "risk.bias", True),
    ("Nobody checks the AI notes before they go on file.", "governance.human_review", True),
])
def test_denials(nlp, text, theme, negated):
    assert _themes(nlp, text).get(theme) is negated


# ------------------------------------------------------------------------------ the theme classifier

def test_shipped_model_loads_and_matches_its_recorded_sha():
    from synthesis.nlp.theme_model import DEFAULT_MODEL, MODEL_SHA256, ThemeModel

    model = ThemeModel()
    assert hashlib.sha256(DEFAULT_MODEL.read_bytes()).hexdigest() == MODEL_SHA256
    assert 0 < model.threshold < 1 and model.weights.shape == (len(model.features), len(model.themes))


def test_model_file_that_does_not_match_the_recorded_sha_is_refused(tmp_path):
    from synthesis.nlp.theme_model import DEFAULT_MODEL, ThemeModel

    raw = json.loads(DEFAULT_MODEL.read_text())
    raw["threshold"] = 0.01
    path = tmp_path / "theme_model.json"
    path.write_text(json.dumps(raw))
    with pytest.raises(ValueError, match="sha256"):
        ThemeModel(path)


@pytest.mark.parametrize("change, words", [
    ({"format": 2}, "format"),
    ({"bias": [0.0]}, "bias"),
    ({"threshold": 1.5}, "threshold"),
    ({"weights": {"tool": {"no.such_theme": 1.0}}}, "weights"),
])
def test_malformed_model_is_reported(tmp_path, change, words):
    from synthesis.nlp.theme_model import DEFAULT_MODEL, ThemeModel

    raw = json.loads(DEFAULT_MODEL.read_text())
    raw.update(change)
    path = tmp_path / "theme_model.json"
    path.write_text(json.dumps(raw))
    with pytest.raises(ValueError, match=words):
        ThemeModel(path, sha256="")


def _before_themes(nlp, text: str):
    """``text`` through every component before ``synthesis_themes``."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "synthesis_themes":
            break
        doc = proc(doc)
    return doc


def test_model_adds_confident_themes_the_patterns_missed(nlp, tmp_path):
    """A theme the classifier is confident of is added where the patterns found nothing, with the word
    that weighs most as its text; themes below the threshold are not."""
    from synthesis.nlp.themes import ThemeFinder
    from synthesis.nlp.theme_model import ThemeModel

    blob = json.dumps({"format": 1, "threshold": 0.6, "themes": ["use.transcription", "risk.bias"],
                       "bias": [-5.0, -5.0], "weights": {"kettle": {"use.transcription": 7.0, "risk.bias": 4.0},
                                                          "room": {"use.transcription": 1.0}}}).encode()
    path = tmp_path / "model.json"
    path.write_bytes(blob)
    model = ThemeModel(path, sha256=hashlib.sha256(blob).hexdigest())
    text = "The kettle in the team room is broken again."
    with_model = {h["label"]: h for h in ThemeFinder(nlp, "", model)(_before_themes(nlp, text))._.synthesis_themes}
    without = ThemeFinder(nlp, "", "none")(_before_themes(nlp, text))._.synthesis_themes
    assert without == []
    assert set(with_model) == {"use.transcription"}  # risk.bias: sigmoid(-1) < 0.6
    hit = with_model["use.transcription"]
    assert hit["negated"] is False and hit["text"] == "kettle" == text[hit["start"]:hit["end"]]


def test_model_never_overrides_a_denial(nlp):
    text = "We have not seen any time savings and staff do not feel more supported."
    found = {h["label"]: h["negated"] for h in nlp(text)._.synthesis_themes}
    assert found.get("impact.time_saving") is True


# ------------------------------------------------------------------------------ codebook fixes on real wording

@pytest.fixture(scope="module")
def rules(nlp):
    """The codebook's patterns alone (no learnt model), on the shipped pipeline's tokens and lemmas."""
    from synthesis.nlp.themes import ThemeFinder

    finder = ThemeFinder(nlp, "", model="none")
    return lambda text: {h["label"]: h["negated"] for h in finder(_before_themes(nlp, text))._.synthesis_themes}


def test_a_dpia_process_is_governance_not_a_hurdle(nlp, rules):
    text = "Not applicable at present, but any future use would go through our DPIA process."
    for found in (_themes(nlp, text), rules(text)):
        assert found.get("governance.dpia") is False
        assert "barrier.information_governance" not in found


def test_a_slow_dpia_process_is_a_hurdle_and_still_a_dpia(rules):
    found = rules("The DPIA process was slow and held the pilot back by months.")
    assert found.get("barrier.information_governance") is False
    assert found.get("governance.dpia") is False
