"""Extraction on hand-written sentences: tools, variants, discovery, status, negation, themes, offsets."""

from __future__ import annotations

import pandas as pd
import pytest

from synthesis.extract import MENTION_COLUMNS, SENTENCE_COLUMNS, analyse_texts, chunks, extract, extract_answers
from synthesis.nlp import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _found(nlp, text):
    result = analyse_texts([text], nlp, redact=False)[0]["mentions"]
    rows = [dict(zip(result, values)) for values in zip(*result.values())]
    tools = {r["label"]: r for r in rows if r["kind"] == "tool"}
    themes = {r["label"]: r for r in rows if r["kind"] == "theme"}
    return tools, themes


# ------------------------------------------------------------------------------------- known tools

@pytest.mark.parametrize("text, label", [
    ("Our practitioners record visits with Magic Notes.", "Magic Notes"),
    ("We bought magicnotes licences for the duty team.", "Magic Notes"),
    ("The Co-Pilot licences went to managers first.", "Microsoft Copilot"),
    ("MS Copilot drafts the minutes of our panels.", "Microsoft Copilot"),
    ("We rolled out M365 Copilot to business support.", "Microsoft Copilot"),
    ("we use co pilot for emails", "Microsoft Copilot"),
    ("Some staff tried Chat GPT at home.", "ChatGPT"),
    ("A few people paste text into chatgpt.", "ChatGPT"),
    ("Our case records sit in Liquidlogic.", "Liquidlogic"),
    ("The early help team has moved onto Mosaic.", "Mosaic"),
    ("Children use the Mind of my Own app before reviews.", "Mind Of My Own"),
    ("Performance dashboards are built in Power BI.", "Power BI"),
    ("Parents receive letters run through Google Translate.", "Google Translate"),
    ("We are trialling Azure OpenAI for search.", "Azure OpenAI Service"),
    ("Transcripts come from MS Teams calls.", "Microsoft Teams"),
    ("Our developers use the Copilot Studio builder.", "Microsoft Copilot"),
])
def test_known_tools_and_spelling_variants(nlp, text, label):
    tools, _ = _found(nlp, text)
    assert label in tools
    assert tools[label]["known"] is True
    assert tools[label]["vendor"]


@pytest.mark.parametrize("text", [
    "We took minutes at every meeting and typed them up later.",
    "Families told us there is a mosaic of services across the county.",
    "Our social work teams are stretched.",
    "The eclipse of local services after austerity is obvious.",
    "A minute later the call dropped.",
])
def test_ordinary_words_are_not_tools(nlp, text):
    tools, _ = _found(nlp, text)
    assert tools == {}


@pytest.mark.parametrize("text", [
    "We are exploring an AI tool for our front door.",
    "Our case management system is old.",
    "The new platform went live in May.",
    "We met the Department for Education and Ofsted to discuss AI.",
    "Staff in North Yorkshire use a bespoke tool.",
    "A social worker called Sarah led the pilot.",
    "Since January we have used the Local Government Association guidance.",
])
def test_generic_phrases_bodies_places_and_people_are_not_tools(nlp, text):
    tools, _ = _found(nlp, text)
    assert tools == {}


def test_ner_reads_a_window_around_candidates_with_sentence_offsets(nlp):
    """The NER sees only a few tokens either side of a candidate; its entities come back in the
    sentence's token offsets, so a person's name late in a long sentence is still recognised."""
    text = ("After a long period of consultation with staff, managers, partners and families across the "
            "whole county over the last two years, our team is now piloting Harriet Osei with the help of our IT team.")
    doc = nlp.make_doc(text)
    for name in ("synthesis_sentences", "synthesis_lemmas"):
        doc = nlp.get_pipe(name)(doc)
    finder = nlp.get_pipe("synthesis_tools")
    sent = next(iter(doc.sents))
    start = next(t.i for t in doc if t.text == "Harriet")
    (ents,) = finder._entities([(doc, sent, [(start, start + 2, True, False)])])
    assert (start - sent.start, start - sent.start + 2, "PERSON") in ents
    assert _found(nlp, text)[0] == {}


@pytest.mark.parametrize("text, word, needed", [
    ("We are trialling NoteBridge with two teams.", "NoteBridge", False),
    ("The Kinship Compass app helps carers find support.", "Kinship", False),
    ("We are trialling McKenzie with two teams.", "McKenzie", True),
    ("We are trialling Verbatimo with two teams.", "Verbatimo", True),
])
def test_the_ner_is_asked_only_when_its_verdict_could_matter(nlp, text, word, needed):
    doc = nlp.make_doc(text)
    for name in ("synthesis_sentences", "synthesis_lemmas"):
        doc = nlp.get_pipe(name)(doc)
    finder = nlp.get_pipe("synthesis_tools")
    sent = next(iter(doc.sents))
    start = next(t.i for t in doc if t.text == word)
    end = start + (2 if word == "Kinship" else 1)
    assert finder._needs_ner(doc, sent, [(start, end, False, False)]) is needed


# ---------------------------------------------------------------------------------------- discovery

@pytest.mark.parametrize("text, labels", [
    ("The app runs on technology from Deepgram and OpenAI.", {"Deepgram", "OpenAI"}),
    ("We commissioned a chronology tool called Storyline from a local start-up.", {"Storyline"}),
    ("Our in-house tool, FamilyTrace, links records from schools and police.", {"FamilyTrace"}),
    ("We are piloting Verbatimo with two teams.", {"Verbatimo"}),
    ("The Kinship Compass app helps carers find support.", {"Kinship Compass"}),
])
def test_discovered_tools_are_flagged_unknown(nlp, text, labels):
    tools, _ = _found(nlp, text)
    assert labels <= set(tools)
    for label in labels:
        assert tools[label]["known"] is False
        assert tools[label]["provenance"] in ("unknown", "in-house")


def test_discovered_in_house_provenance(nlp):
    tools, _ = _found(nlp, "Our in-house tool, FamilyTrace, links records from schools and police.")
    assert tools["FamilyTrace"]["provenance"] == "in-house"


# ------------------------------------------------------------------------------------- status/scope

@pytest.mark.parametrize("text, label, status", [
    ("We use Magic Notes in every locality team.", "Magic Notes", "in_use"),
    ("We are piloting Microsoft Copilot with twenty staff.", "Microsoft Copilot", "piloting"),
    ("A proof of concept with Azure OpenAI ran over the summer.", "Azure OpenAI Service", "piloting"),
    ("We are considering Magic Notes for the disabled children's team.", "Magic Notes", "planned"),
    ("We plan to procure Power BI next year.", "Power BI", "planned"),
    ("We stopped using Otter.ai after the DPIA.", "Otter.ai", "stopped"),
    ("ChatGPT was considered but rejected.", "ChatGPT", "stopped"),
    ("Mosaic was decommissioned in 2022.", "Mosaic", "stopped"),
    ("We no longer use Grammarly.", "Grammarly", "stopped"),
    ("We do not use ChatGPT for anything involving families.", "ChatGPT", "not_used"),
    ("Access to Google Gemini is blocked on council laptops.", "Google Gemini", "not_used"),
    ("We have not adopted Microsoft Copilot.", "Microsoft Copilot", "not_used"),
    ("Some suppliers say Copilot could transform recording.", "Microsoft Copilot", "mentioned"),
])
def test_status(nlp, text, label, status):
    tools, _ = _found(nlp, text)
    assert tools[label]["status"] == status
    assert tools[label]["negated"] is (status in ("stopped", "not_used"))


@pytest.mark.parametrize("text, expected", [
    ("We use Magic Notes but stopped using ChatGPT.", {"Magic Notes": "in_use", "ChatGPT": "stopped"}),
    ("We replaced Mosaic with Liquidlogic last year.", {"Mosaic": "stopped", "Liquidlogic": "in_use"}),
    ("We trialled Copilot and Magic Notes and chose Magic Notes.", {"Microsoft Copilot": "stopped", "Magic Notes": "in_use"}),
    ("Our partners use ChatGPT, but we don't.", {"ChatGPT": "not_used"}),
    ("We are piloting Copilot; Power BI has been in use for years.", {"Microsoft Copilot": "piloting", "Power BI": "in_use"}),
])
def test_negation_scope(nlp, text, expected):
    tools, _ = _found(nlp, text)
    assert {k: tools[k]["status"] for k in expected} == expected


# ------------------------------------------------------------------------------------------ themes

@pytest.mark.parametrize("text, theme", [
    ("The tool transcribes conversations during home visits.", "use.transcription"),
    ("It condenses twenty years of case notes into a short overview.", "use.summarisation"),
    ("Workers use it to draft letters to parents.", "use.drafting"),
    ("Plans are translated into Polish and Arabic for families.", "use.translation"),
    ("The model flags families likely to escalate before crisis.", "use.risk_prediction"),
    ("Practitioners can search the whole file with plain questions.", "use.search_insight"),
    ("The app captures children's wishes and feelings before reviews.", "use.voice_of_child"),
    ("It brings together data from police, health and schools in one place.", "use.single_view"),
    ("Each worker has saved about four hours a week.", "impact.time_saving"),
    ("Case notes are more detailed and consistent.", "impact.quality"),
    ("Workers now spend more time with children and families.", "impact.engagement"),
    ("Staff morale has improved and fewer people are leaving.", "impact.wellbeing_retention"),
    ("It has been a real help for colleagues with dyslexia.", "impact.accessibility"),
    ("We have cut agency spend by a third.", "impact.cost"),
    ("The summaries sometimes hallucinate details.", "risk.accuracy"),
    ("We worry the model is biased against some communities.", "risk.bias"),
    ("Data protection is our first concern.", "risk.privacy"),
    ("Families are asked for consent before anything is recorded.", "risk.consent"),
    ("We explain to families how the tool is used.", "risk.transparency"),
    ("Decisions remain with the social worker at all times.", "risk.oversight"),
    ("There is a danger of deskilling newly qualified staff.", "risk.overreliance"),
    ("Every summary is checked by the worker before it is saved.", "governance.human_review"),
    ("All users complete e-learning before they get a licence.", "governance.training"),
    ("A DPIA was completed before launch.", "governance.dpia"),
    ("Our AI steering group approves new uses.", "governance.policy"),
    ("An independent evaluation measured the impact on practice.", "governance.evaluation"),
    ("There is no budget for licences after the first year.", "barrier.funding"),
    ("The procurement process took nine months.", "barrier.procurement"),
    ("We lack data scientists and digital skills.", "barrier.skills"),
    ("Our legacy systems cannot integrate with new tools.", "barrier.data_quality"),
    ("Information governance colleagues were cautious about data sharing.", "barrier.information_governance"),
    ("Some staff are sceptical and resistant to change.", "barrier.trust_culture"),
    ("There is little evidence of what works and no national guidance.", "barrier.evidence"),
    ("Poor mobile signal in rural areas stops uploads.", "barrier.infrastructure"),
    ("We are locked in to our case management supplier.", "barrier.vendor"),
])
def test_each_theme_with_paraphrase(nlp, text, theme):
    _, themes = _found(nlp, text)
    assert theme in themes
    assert themes[theme]["negated"] is False


@pytest.mark.parametrize("text, theme", [
    ("We have not seen any time savings yet.", "impact.time_saving"),
    ("We have had no issues with bias.", "risk.bias"),
    ("Funding has not been a barrier for us.", "barrier.funding"),
    ("We have not carried out a DPIA.", "governance.dpia"),
])
def test_negated_themes(nlp, text, theme):
    _, themes = _found(nlp, text)
    assert themes[theme]["negated"] is True


def test_lack_of_funding_is_the_barrier_not_its_denial(nlp):
    _, themes = _found(nlp, "There is no funding for licences.")
    assert themes["barrier.funding"]["negated"] is False


def test_words_inside_tool_names_are_not_theme_evidence(nlp):
    _, themes = _found(nlp, "We use Co-Pilot every day.")
    assert "governance.evaluation" not in themes


# ------------------------------------------------------------------------------- tables and offsets

def test_extract_tables_columns_offsets_and_uncoded_sentences(nlp):
    text = ("We use Magic Notes on visits.\n\nIt saved time. The weather was nice.\n"
            "Contact jo.bloggs@example.org for details.")
    frame = pd.DataFrame({
        "respondent_id": ["R1", "R2"],
        "tools_used": [text, ""],
        "impact": ["We stopped using ChatGPT.", None],
    })
    result = extract(frame, nlp=nlp, question_ids=["tools_used", "impact"])
    assert list(result.mentions.columns) == MENTION_COLUMNS
    assert list(result.sentences.columns) == SENTENCE_COLUMNS
    answers = {("R1", "tools_used"): text, ("R1", "impact"): "We stopped using ChatGPT."}
    for row in result.mentions.itertuples():
        assert answers[(row.respondent_id, row.question_id)][row.start:row.end] == row.text
    themes = result.mentions[result.mentions["kind"] == "theme"]
    assert themes[["status", "vendor", "category", "provenance", "known"]].isna().all().all()
    sentences = result.sentences[result.sentences["question_id"] == "tools_used"]
    assert len(sentences) == 4
    uncoded = sentences[sentences["themes"].map(len) == 0]
    assert "The weather was nice." in set(uncoded["sentence"])
    assert not result.sentences["sentence"].str.contains("jo.bloggs").any()  # redacted
    for row in result.sentences.itertuples():
        assert answers[(row.respondent_id, row.question_id)][row.start:row.end].startswith(row.sentence[:2])
    # deterministic order
    again = extract(frame, nlp=nlp, question_ids=["tools_used", "impact"])
    pd.testing.assert_frame_equal(result.mentions, again.mentions)
    keys = list(zip(result.mentions["respondent_id"], result.mentions["question_id"], result.mentions["start"]))
    assert keys == sorted(keys)


def test_extract_answers_on_triples_and_empty_input(nlp):
    result = extract_answers([("R9", "impact", "Copilot saves me an hour a day.")], nlp)
    assert set(result.mentions["label"]) >= {"Microsoft Copilot", "impact.time_saving"}
    empty = extract_answers([], nlp)
    assert list(empty.mentions.columns) == MENTION_COLUMNS and empty.mentions.empty


def test_results_are_a_pure_function_of_the_text(nlp):
    text = "We are piloting Magic Notes and it saves time."
    a, b = analyse_texts([text, "Other text.", text], nlp, redact=False)[0::2]
    assert a == b


def test_long_answers_are_chunked_with_correct_offsets(nlp):
    paragraph = "We use Magic Notes for visits and it saves time. " * 40
    text = "\n\n".join([paragraph] * 300)  # about 600 kB
    pieces = chunks(text)
    assert len(pieces) > 1 and "".join(p for _, p in pieces) == text
    result = analyse_texts([text], nlp, redact=False)[0]["mentions"]
    starts, ends, texts = result["start"], result["end"], result["text"]
    assert len(starts) > 1000
    assert all(text[s:e] == t for s, e, t in zip(starts, ends, texts))


@pytest.mark.parametrize("text, theme", [
    ("Conversations with parents are captured on the worker's phone and turned into text.", "use.transcription"),
    ("Copilot condenses a 200-page court bundle into a two-page overview.", "use.summarisation"),
    ("A vulnerability score is calculated for every pupil.", "use.risk_prediction"),
    ("Workers can type a question and get an answer drawn from the case file.", "use.search_insight"),
    ("We matched datasets from early help and education to build a whole-household view.", "use.single_view"),
    ("Assessments are being completed in days rather than weeks.", "impact.time_saving"),
    ("We hope it will help us keep experienced social workers who are close to leaving.", "impact.wellbeing_retention"),
    ("Names of family members are often misspelled or attributed to the wrong person.", "risk.accuracy"),
    ("Any tool has to treat families equitably regardless of ethnicity.", "risk.bias"),
    ("We want reassurance that none of our data leaves the country or is used to train models.", "risk.privacy"),
    ("Young people can withdraw their agreement to the recording at any point.", "risk.consent"),
    ("Workers stay in charge of what goes on the file.", "risk.oversight"),
    ("Newer workers may come to depend on the tool.", "risk.overreliance"),
    ("Staff were shown how to write good prompts in lunchtime sessions.", "governance.training"),
    ("We had to buy new smartphones for the whole team.", "barrier.infrastructure"),
    ("Small councils simply do not have the digital teams that the big counties have.", "barrier.skills"),
    ("The AI product and our case management system do not exchange data.", "barrier.data_quality"),
    ("No one can tell us whether it improves outcomes for children.", "barrier.evidence"),
    ("Switching to another supplier would mean losing all our templates.", "barrier.vendor"),
])
def test_themes_from_paraphrases(nlp, text, theme):
    _, themes = _found(nlp, text)
    assert theme in themes
    assert themes[theme]["negated"] is False


@pytest.mark.parametrize("text, theme", [
    ("The trust operates across three local authorities.", "barrier.trust_culture"),
    ("The council's budget for 2025/26 was agreed in February.", "impact.cost"),
    ("Fostering recruitment campaigns focus on the local Polish community.", "impact.quality"),
    ("We recorded a rise in referrals last year.", "use.transcription"),
    ("Our information governance team reviewed the DPIA.", "governance.policy"),
    ("A data protection impact assessment was completed.", "risk.privacy"),
])
def test_near_misses_are_not_coded(nlp, text, theme):
    _, themes = _found(nlp, text)
    assert theme not in themes or themes[theme]["negated"]


def test_favourable_accuracy_is_a_denied_risk(nlp):
    _, themes = _found(nlp, "So far we have found the notes to be very reliable.")
    assert themes["risk.accuracy"]["negated"] is True


def test_purpose_stop_cue_only_in_its_own_clause(nlp):
    _, themes = _found(nlp, "We looked at predictive tools but decided against it.")
    assert themes["use.risk_prediction"]["negated"] is True
    _, themes = _found(nlp, "Chronologies that used to take days are now generated automatically by the tool.")
    assert themes["use.summarisation"]["negated"] is False


def test_overcome_and_support_themes_are_coded_only_in_their_own_question():
    from synthesis.extract import extract_answers, scope_themes
    from synthesis.knowledge import load_codebook

    answers = [
        ("r1", "barriers_overcome", "Not overcome - we are still looking for funding."),
        ("r1", "support_needed", "National guidance on acceptable use would help."),
        ("r1", "tools_used", "We still use Magic Notes and want national guidance."),
    ]
    found = scope_themes(extract_answers(answers), load_codebook())
    themes = found.mentions[found.mentions["kind"] == "theme"]
    by_question = themes.groupby("question_id")["label"].agg(set).to_dict()
    assert "overcome.not_yet" in by_question["barriers_overcome"]
    assert "support.guidance" in by_question["support_needed"]
    assert not any(t.startswith(("overcome.", "support.")) for t in by_question.get("tools_used", set()))
    sentence_themes = {t for q, ts in zip(found.sentences["question_id"], found.sentences["themes"]) if q == "tools_used"
                       for t in ts}
    assert not any(t.startswith(("overcome.", "support.")) for t in sentence_themes)
