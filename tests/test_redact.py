"""Tests for synthesis.redact: personal data out, everything else untouched."""

from __future__ import annotations

import pytest

from synthesis.redact import (
    ADDRESS, DATE_OF_BIRTH, EMAIL, NAME, NHS_NUMBER, NI_NUMBER, PHONE, POSTCODE, URL,
    Redactor, first_names, redact,
)


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


# --- each identifier type: (text, the exact substring that must go, its placeholder) -------

IDENTIFIERS = [
    # phones
    ("Ring the duty team on 01632 960 123 before noon.", "01632 960 123", PHONE),
    ("Our number is +44 (0)20 7946 0958 for enquiries.", "+44 (0)20 7946 0958", PHONE),
    ("Text 07700 900123 if the family agree.", "07700 900123", PHONE),
    ("The helpline is 0800 123 4567 and is free.", "0800 123 4567", PHONE),
    ("Call (020) 7946 0958 today.", "(020) 7946 0958", PHONE),
    ("Call 07700900123 today.", "07700900123", PHONE),
    ("The supplier's US office is on +1 (555) 123-4567 for support.", "+1 (555) 123-4567", PHONE),
    ("Our French partner is on +33 1 23 45 67 89 during office hours.", "+33 1 23 45 67 89", PHONE),
    # e-mails
    ("Send it to sarah.jenkins@essex.gov.uk by Friday.", "sarah.jenkins@essex.gov.uk", EMAIL),
    ("Questions to jo.smith at essex dot gov dot uk please.", "jo.smith at essex dot gov dot uk", EMAIL),
    ("Write to jo [at] barnet [dot] gov [dot] uk for a copy.", "jo [at] barnet [dot] gov [dot] uk", EMAIL),
    ("Email jo dot smith at essex dot gov dot uk for details.", "jo dot smith at essex dot gov dot uk", EMAIL),
    ("Write to j.smith(at)kent.gov.uk for a copy.", "j.smith(at)kent.gov.uk", EMAIL),
    ("Call +44 (0) 1632 960 123 today.", "+44 (0) 1632 960 123", PHONE),
    ("Call 020-7946-0958 today.", "020-7946-0958", PHONE),
    ("See https://twitter.com/jsmith for the thread.", "https://twitter.com/jsmith", URL),
    # postcodes
    ("The family hub is at SW1A 1AA in the centre.", "SW1A 1AA", POSTCODE),
    ("she moved to m1 1ae last year", "m1 1ae", POSTCODE),
    ("Office: EC1A1BB.", "EC1A1BB", POSTCODE),
    ("They live near B33 8TH now.", "B33 8TH", POSTCODE),
    # National Insurance numbers
    ("His NI number is QQ 12 34 56 C on the form.", "QQ 12 34 56 C", NI_NUMBER),
    ("National Insurance: AB123456C.", "AB123456C", NI_NUMBER),
    ("NI number AB 12 34 56 was typed without the letter.", "AB 12 34 56", NI_NUMBER),
    # NHS numbers
    ("NHS number 943 476 5919 was on the referral.", "943 476 5919", NHS_NUMBER),
    ("The NHS no. 943-476-5919 was visible.", "943-476-5919", NHS_NUMBER),
    ("Reference 9434765919 appeared in the transcript.", "9434765919", NHS_NUMBER),
    # dates of birth (the marker stays, the date goes)
    ("Child A, DOB 12/03/2011, was referred.", "12/03/2011", DATE_OF_BIRTH),
    ("date of birth: 3 March 2011", "3 March 2011", DATE_OF_BIRTH),
    ("She was born on 4th July 2012 in Leeds.", "4th July 2012", DATE_OF_BIRTH),
    ("He was born in March 2013.", "March 2013", DATE_OF_BIRTH),
    ("D.O.B. 2011-03-12 was in the notes.", "2011-03-12", DATE_OF_BIRTH),
    ("Her birthday is 12 March.", "12 March", DATE_OF_BIRTH),
    ("His date of birth is 05.06.2010 and he is in Year 9.", "05.06.2010", DATE_OF_BIRTH),
    ("The child was born in 2015 and now lives with carers.", "2015", DATE_OF_BIRTH),
    ("Contact centre: 0300 123 4567 (weekdays).", "0300 123 4567", PHONE),
    # addresses
    ("The visit was at 12 High Street, Barnet.", "12 High Street", ADDRESS),
    ("They moved to Flat 3, 45 Church Road last month.", "Flat 3, 45 Church Road", ADDRESS),
    ("She lives at 7a Victoria Avenue.", "7a Victoria Avenue", ADDRESS),
    # personal web addresses
    ("His profile https://www.linkedin.com/in/sarah-jenkins-123 was shared.",
     "https://www.linkedin.com/in/sarah-jenkins-123", URL),
    ("Notes were saved to https://essex-my.sharepoint.com/personal/jo_smith/Documents/x.docx by mistake.",
     "https://essex-my.sharepoint.com/personal/jo_smith/Documents/x.docx", URL),
    ("See www.facebook.com/jo.smith.77 for the post.", "www.facebook.com/jo.smith.77", URL),
]


@pytest.mark.parametrize(("text", "secret", "placeholder"), IDENTIFIERS)
def test_each_identifier_is_redacted(redactor, text, secret, placeholder):
    out = redactor.redact(text)
    assert secret not in out
    assert out == text.replace(secret, placeholder)


NAMES = [
    ("We transcribed the visit with Sarah Jenkins last week.", ["Sarah Jenkins"]),
    ("Mr Patel approved the pilot.", ["Mr Patel"]),
    ("The evaluation was led by Dr. A. Khan at the university.", ["Dr. A. Khan"]),
    ("Please contact Jo Smith (Head of Service) for details.", ["Jo Smith"]),
    ("my social worker Priya said it was quicker", ["Priya"]),
    ("A child called Tom asked what the app did with his words.", ["Tom"]),
    ("a child called tom asked about it", ["tom"]),
    ("Mrs O'Brien and Ms Smith-Jones were at the panel.", ["Mrs O'Brien", "Ms Smith-Jones"]),
    ("Olumide Adeyemi (Head of Service) chaired the board.", ["Olumide Adeyemi"]),
    ("Jenkins said the tool saved her an hour a day.", ["Jenkins"]),
    ("Councillor Priya Desai, cabinet member for children's services, spoke.", ["Councillor Priya Desai"]),
    ("The Director, Mark Ellison, has championed the work.", ["Mark Ellison"]),
    ("Sarah's mum was present at the visit.", ["Sarah"]),
    ("Ask for Kwame at reception.", ["Kwame"]),
    ("Our Principal Social Worker, Hannah Baxter, chairs the AI board with Cllr Jones.",
     ["Hannah Baxter", "Cllr Jones"]),
    ("Grace said the letter was easier to read.", ["Grace"]),
    ("my foster carer Will helped me fill it in", ["Will"]),
    ("We trained Chidi Okoro and Aleksandra Nowak as champions.", ["Chidi Okoro", "Aleksandra Nowak"]),
    ("Feedback from Emily and Jack was positive.", ["Emily"]),
    # names not on the shipped list, found from their context
    ("Zephyrine and Siobhan tested it.", ["Zephyrine", "Siobhan"]),
    ("Ottoline's mum said it was fine.", ["Ottoline"]),
    ("Yevgenia, aged 9, drew a picture of her family.", ["Yevgenia"]),
    ("My key worker Blessing helps me with forms.", ["Blessing"]),
    ("my social worker Bright said the plan was clear", ["Bright"]),
    ("Her name is Oyinda and she is nine.", ["Oyinda"]),
    ("We spoke to Amber about the Amber rating.", ["spoke to Amber"]),
    ("Our data lead, Oluwaseun Adebayo, built the dashboard.", ["Oluwaseun Adebayo"]),
    ("Report prepared by: Gavin Price, Assistant Director.", ["Gavin Price"]),
    ("We worked with Professor Eileen Munro on the review.", ["Eileen Munro"]),
    ("Regards,\nStephen Barker", ["Stephen Barker"]),
    ("One young person, Kayden (15), told his worker the app helped.", ["Kayden"]),
    ("We met Okonkwo yesterday to go through the notes.", ["Okonkwo"]),
    ("Bogdan and Wiktoria joined the team in the spring.", ["Bogdan", "Wiktoria"]),
    ("Ifeoma Chukwu led the evaluation.", ["Ifeoma Chukwu"]),
    ("We asked Mrs Van der Merwe and Mr Okonkwo-Smith.", ["Van der Merwe", "Okonkwo-Smith"]),
    ("Thanks Marguerite for the help.", ["Marguerite"]),
    ("Mrs Okonkwo raised it first; later Okonkwo said it was fixed.", ["Okonkwo"]),
    # lower case, capitals and letters beyond ASCII
    ("i spoke to sarah jenkins and priya about it", ["sarah jenkins", "priya"]),
    ("JO SMITH (HEAD OF SERVICE) signed the form.", ["JO SMITH"]),
    ("Zoë Müller said it helped, as did Łukasz Nowak and José García.",
     ["Zoë Müller", "Łukasz Nowak", "José García"]),
]


@pytest.mark.parametrize(("text", "names"), NAMES)
def test_person_names_are_redacted(redactor, text, names):
    out = redactor.redact(text)
    for name in names:
        assert name not in out, out
    assert NAME in out


def test_name_placeholder_keeps_surrounding_words(redactor):
    assert redactor.redact("Please contact Jo Smith (Head of Service) for details.") == \
        "Please contact [NAME] (Head of Service) for details."
    assert redactor.redact("my social worker Priya said it was quicker") == \
        "my social worker [NAME] said it was quicker"
    assert redactor.redact("Sarah's mum was present.") == "[NAME]'s mum was present."


# --- must not redact -------------------------------------------------------------------

KEEP = [
    "We use Magic Notes and Microsoft Copilot to record visits.",
    "ChatGPT is blocked on council devices.",
    "We piloted Beam, Otter and Deepgram alongside Liquidlogic and Mosaic.",
    "Children use Mind Of My Own to share their views.",
    "Dashboards are built in Power BI and staff can use Google Gemini.",
    "OpenAI, Capita and Palantir were all considered.",
    "Heidi and Tortus were suggested by health colleagues.",
    "Accurx is used by our health partners, not by us.",
    "Essex County Council and North Yorkshire shared their DPIAs.",
    "Barnet and Redcar and Cleveland joined the regional group.",
    "We wrote to the Department for Education, Ofsted and the NHS.",
    "NHS England and the ICO gave advice.",
    "The Head of Service and the Principal Social Worker sign off every use case.",
    "Our Assistant Director for Quality Assurance chairs the AI board.",
    "Transcription saves time and improves the quality of records.",
    "The licence cost £25,000 for the year.",
    "It saved 2,000 hours, about 15% of admin time, in 2024/25.",
    "The pilot ran from 1 April 2024 to 31 March 2025.",
    "Staff used MS Teams and Ms Teams recordings.",
    "Guidance is at https://www.gov.uk/government/publications/ai-guidance and www.essex.gov.uk.",
    "We looked at gov.uk for guidance.",
    "It was good at summarising dot points at speed.",
    "Our site is https://www.essex.gov.uk/children for families.",
    "Around 120 social workers in 14 teams took part; 85 % said it helped.",
    "Version 2.1 was released in Q3 2024 for 3,500 users.",
    "Call volumes rose 12 per cent between 2022 and 2024.",
    "The tool, called Scribe, was piloted in Kent.",
    "A platform named Lantern was considered.",
    "We follow the Signs of Safety practice model across Children's Services.",
    "Early Help and the MASH use the Think Family Database.",
    "St Helens and Stockton-on-Tees use the same supplier.",
    "The council has 1200 staff and 0 complaints so far.",
    "The Early Help Identifier we built with our analytics partner, Ladder Insight, ranks families.",
    "Humphrey and Consult were developed by i.AI.",
    "We were inspired by Barnardo's and the Ada Lovelace Institute.",
    "Microsoft Teams Premium, Azure OpenAI and Copilot Studio were used by the Family Safeguarding teams.",
    "The Local Government Association and Social Work England gave guidance.",
    "Staff in Bury, Bolton, Wigan and Sutton tested the tool.",
    "Microsoft's Copilot and Google's Gemini were compared by Deloitte.",
    "Caldicott Guardian approval was sought before the DPIA.",
    "The What Works Centre for Children's Social Care evaluated Beam.",
    "Hertfordshire's Family Safeguarding model uses Liquidlogic.",
    "We used Whisper, Llama and Mistral models on Azure.",
    "We have three tools: Beam, 12, and Otter.",
    "Hallucinations, Recordings and Transcripts were reviewed by Researchers.",
    "Grace Period and Mark Scheme are headings in the form.",
    "Staff Miss Deadlines When Systems Fail.",
    "The Nurse Practitioner joined the panel.",
    "MARK ALL THAT APPLY.",
    "we use magic notes and copilot, will it work?",
    "Social workers in Harlow, Kettering and Scunthorpe were part of the trial.",
    "We are exploring Cogna, Wysa and Tortus for summarisation.",
    "Frontline staff found Lexacom dictation useful.",
    "Pilots with Genie, Beam and Sembly were short.",
    "We have been working with Xantura and Kooth, and commissioned Coram to evaluate.",
    "We piloted Zentrix for six months and the Zentrix app is good.",
    "Up to 10 15 20 a day were recorded.",
    "Please contact Ofsted or Childline.",
    "Please contact Customer Services on the main number.",
    "Dear Sir/Madam, Dear Colleague, Hi Team.",
    "A tool called Minute and an app called Lantern.",
    "Fenwick Assist (an assistant that drafts assessments) is used.",
    "Laptops are old and Wi-Fi in some buildings is poor.",
    "Between 2019-2020 and 2023-2024 referrals rose from 12,345 to 15,678.",
    "The contract ref is CCS-2024-0045 and the G-Cloud 14 lot 2 listing.",
    "ISO 27001 and Cyber Essentials Plus, DSPT 2023/24.",
    "Timeline: 01/04/2024 to 31/03/2025; go-live on 2 June 2025.",
    "Version 3.2.1 released 2024-11-05 for 1,000 users.",
    "The A1 and M62 roads, and the B1234 road.",
    "Our team of 45 in the 0-19 service and 16-25 leaving care team.",
    "Population 1,234,567; 0.5 FTE; 100% compliance; 24/7 support.",
    "Year 7 2nd place; Q4 2024; Level 3 NVQ; KS2 SATs.",
    "The tool was born out of a hackathon in 2019.",
    "The helpline is open Mon-Fri.",
    "",
]


@pytest.mark.parametrize("text", KEEP)
def test_non_personal_text_is_kept(redactor, text):
    assert redactor.redact(text) == text
    assert redactor.find(text) == []


# --- a paragraph with several identifiers ------------------------------------------------

def test_multi_identifier_paragraph(redactor):
    text = (
        "We piloted Magic Notes in Essex County Council from April 2024. "
        "Contact Jo Smith (Head of Service) on 01632 960 123 or jo.smith@essex.gov.uk. "
        "In one case Mr Patel's son, DOB 12/03/2011, NHS number 943 476 5919, living at "
        "12 High Street, SW1A 1AA, told his social worker Priya that the summary was wrong. "
        "It saved 2,000 hours (15%) in 2024/25."
    )
    expected = (
        "We piloted Magic Notes in Essex County Council from April 2024. "
        "Contact [NAME] (Head of Service) on [PHONE] or [EMAIL]. "
        "In one case [NAME]'s son, DOB [DATE_OF_BIRTH], NHS number [NHS_NUMBER], living at "
        "[ADDRESS], [POSTCODE], told his social worker [NAME] that the summary was wrong. "
        "It saved 2,000 hours (15%) in 2024/25."
    )
    assert redactor.redact(text) == expected


# --- find(): offsets in the original text ------------------------------------------------

def test_find_returns_spans_in_the_original_text(redactor):
    text = "Email sarah.jenkins@essex.gov.uk or call 07700 900123, said Mr Patel."
    spans = redactor.find(text)
    assert [(text[s:e], label) for s, e, label in spans] == [
        ("sarah.jenkins@essex.gov.uk", EMAIL), ("07700 900123", PHONE), ("Mr Patel", NAME)]
    # sorted and disjoint
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_untouched_text_keeps_its_offsets(redactor):
    text = "Before. Call 01632 960 123 now, then ask Sarah Jenkins. After: £25,000 and 15%."
    spans = redactor.find(text)
    out = redactor.redact(text)
    # everything outside the spans appears, in order and unchanged, in the output
    pos_in, pos_out = 0, 0
    for s, e, label in spans:
        chunk = text[pos_in:s]
        assert out[pos_out:pos_out + len(chunk)] == chunk
        pos_out += len(chunk)
        assert out[pos_out:pos_out + len(label)] == label
        pos_out += len(label)
        pos_in = e
    assert out[pos_out:] == text[pos_in:]
    assert out.startswith("Before. Call ") and out.endswith(" After: £25,000 and 15%.")


def test_overlapping_spans_are_merged(redactor):
    # the NHS-number pattern also matches inside the phone number: one [PHONE] only
    text = "Call +44 207 946 0958 now."
    assert redactor.redact(text) == "Call [PHONE] now."
    spans = redactor.find(text)
    assert len(spans) == 1


# --- idempotence, batches, edge cases ----------------------------------------------------

IDEMPOTENCE = [t for t, _, _ in IDENTIFIERS] + [t for t, _ in NAMES] + KEEP


def test_redacting_twice_is_redacting_once(redactor):
    once = redactor.redact_many(IDEMPOTENCE)
    twice = redactor.redact_many(once)
    assert twice == once


def test_redact_many_matches_redact(redactor):
    texts = [t for t, _ in NAMES[:8]] + KEEP[:8]
    assert redactor.redact_many(texts) == [redactor.redact(t) for t in texts]
    assert redactor.redact_many(iter(texts)) == redactor.redact_many(texts)


def test_module_level_redact():
    assert redact("Ask Mr Patel on 07700 900123.") == "Ask [NAME] on [PHONE]."


def test_empty_and_blank_texts(redactor):
    assert redactor.redact("") == ""
    assert redactor.find("") == []
    assert redactor.redact_many(["", "  ", "\n"]) == ["", "  ", "\n"]
    assert redactor.redact_many([]) == []


def test_one_megabyte_text(redactor):
    block = (
        "We use Magic Notes in Barnet and it saved 2,000 hours in 2024/25. "
        "Contact Jo Smith on 01632 960 123 or jo.smith@barnet.gov.uk. "
        "my social worker Priya said the summary was good\n"
    )
    text = block * (1_000_000 // len(block) + 1)
    assert len(text) >= 1_000_000
    out = redactor.redact(text)
    assert "Jo Smith" not in out and "Priya" not in out
    assert "01632" not in out and "@barnet" not in out
    assert out.count("Magic Notes") == text.count("Magic Notes")
    assert out.count("[NAME]") == 2 * text.count(block)


def test_a_long_text_without_sentence_breaks(redactor):
    text = "word " * 100_000 + "then Sarah Jenkins called " + "word " * 1000
    out = redactor.redact(text)
    assert "Sarah Jenkins" not in out
    assert out.startswith("word word") and out.endswith("word ")


def test_the_extraction_pipeline_lends_its_ner_and_names_late_in_long_sentences_are_found():
    """The NER reads a few words either side of each possible name, so a name the rules do not know,
    far into a long sentence, is still found; and the extraction pipeline's (disabled) NER serves."""
    from synthesis.nlp import build_pipeline

    lead = ("After a long period of consultation with staff, managers, partners and families across the "
            "whole county over the last two years, ")
    texts = [lead + "the review was led by Oyelaran Adebayo-Williams from the quality team.",
             lead + "our thanks go to Oyelaran Adebayo for the pilot, which Tomasz Wiśniewski evaluated."]
    shared = Redactor(nlp=build_pipeline()).redact_many(texts)
    assert shared == Redactor().redact_many(texts)
    assert shared[0].endswith("led by [NAME] from the quality team.")
    assert shared[1].endswith("go to [NAME] for the pilot, which [NAME] evaluated.")


def test_first_name_list_is_shipped():
    names = first_names()
    assert len(names) >= 1000
    assert {"sarah", "priya", "tom", "mohammed", "abdullahi", "xiaoming", "thanh", "wojciech"} <= names


def test_deterministic():
    texts = [t for t, _ in NAMES] + KEEP
    assert Redactor().redact_many(texts) == Redactor().redact_many(texts)


def test_a_pipeline_without_ner_still_applies_the_rules():
    import spacy

    rules_only = Redactor(nlp=spacy.blank("en"))
    assert rules_only.redact("Contact Jo Smith on 07700 900123; we use Magic Notes.") == \
        "Contact [NAME] on [PHONE]; we use Magic Notes."


def test_a_full_pipeline_can_be_passed_in():
    from synthesis.nlp import load_english

    full = Redactor(nlp=load_english())
    texts = ["Mr Patel said Beam helped.", "We met Okonkwo yesterday.", "Essex County Council uses Mosaic."]
    assert full.redact_many(texts) == Redactor().redact_many(texts)


def test_the_shortcut_skips_only_texts_no_name_rule_applies_to(redactor):
    """Texts that skip the name rules would get no name and no NER sentence from them either."""
    from synthesis.redact import tokenise

    redactor._load()
    texts = [t for t, _ in NAMES] + KEEP + [
        "We use Magic Notes for visits.", "Overall the Council found it useful.",
        "Using Copilot saved time in London.", "Grace said the tool helped.", "A. Khan reviewed it.",
        "Staff asked Dr Sutton about it.", "a child called tom", "The Beam app is good.",
    ]
    skipped = [t for t in texts if redactor._no_name_possible(t)]
    assert 0 < len(skipped) < len(texts)
    for text in skipped:
        assert redactor._name_rules(text, tokenise(text)) == []
        assert redactor._rule_spans(text)[1] == []
    for text in ("Grace said the tool helped.", "A. Khan reviewed it.", "Staff asked Dr Sutton about it.",
                 "a child called tom", "We met Okonkwo yesterday."):
        assert not redactor._no_name_possible(text), text
