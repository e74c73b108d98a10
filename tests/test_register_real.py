"""Rules of the tool register learnt from real public text (issue 11): parties and makers are not
tools, names of systems keep their head word, and status follows the grammar around the name. The
sentences are written for these tests."""

from __future__ import annotations

import pytest

from synthesis.extract import analyse_texts
from synthesis.nlp import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _tools(nlp, text: str) -> dict[str, dict]:
    result = analyse_texts([text], nlp, redact=False)[0]["mentions"]
    rows = [dict(zip(result, values)) for values in zip(*result.values())]
    return {r["label"]: r for r in rows if r["kind"] == "tool"}


# ------------------------------------------------------------------------ parties, makers, bodies

@pytest.mark.parametrize("text", [
    "The council worked with Brightwater Analytics to map its referral data.",  # a partner
    "The guide draws on insights from Fenmoor and other councils.",  # "from" after no technology noun
    "The review was carried out with support from the Halden Foundation.",
    "The toolkit was developed by the Northgate Care Forum with frontline staff.",  # a maker
    "The trust used the Skills Levy to pay for digital apprenticeships.",  # a fund
    "The department set up a team called Local Data to help councils.",  # a body "called" X
    "Our new platforms carried the service into the Mobile Age.",  # "into" after no data verb
    "Settings such as Family Group Conferences were observed.",  # examples of no technology
    "The county signed with supplier Greyfield for five years.",  # "supplier X"
    "The contract went to Orrin Systems Limited after the tender.",  # a company's legal name
    "The county commissioned Harwood Partners to review its systems.",  # commissioned to do work
    "The report names a Client Records Database as the first step.",  # a kind of system, not a name
])
def test_parties_makers_and_bodies_are_not_tools(nlp, text):
    assert _tools(nlp, text) == {}


@pytest.mark.parametrize("text, label", [
    ("We started with Amazon Translate, AWS's managed translation service, last spring.", "Amazon Translate"),
    ("Capita One acknowledges that councils want lower costs.", None),
    ("Inspectors found problems with the council's CareWorks CareDirector system.", "CareDirector"),
    ("The Adult Services Teams won an award for their work with residents.", None),
])
def test_listed_companies_named_as_parties_are_dropped(nlp, text, label):
    assert list(_tools(nlp, text)) == ([label] if label else [])


@pytest.mark.parametrize("text, label", [
    ("Social workers book rooms through the Care Leavers Booking App.", "Care Leavers Booking App"),
    ("Managers review the Performance Dashboard each week.", "Performance Dashboard"),
    ("Analysts link records held in the Harbour Databank.", "Harbour Databank"),
    ("The county introduces CASEFLOW, its tool for sharing safeguarding notes.", "CASEFLOW"),
    ("Rent checks are limited to Tenantwise, software that scores arrears risk.", "Tenantwise"),
])
def test_system_names_and_appositives(nlp, text, label):
    assert label in _tools(nlp, text)


def test_microsoft_office_names_and_copilot_in_an_app(nlp):
    tools = _tools(nlp, "Copilot in Word drafts the letter and saves it to SharePoint.")
    assert {"Microsoft Copilot", "Microsoft Word", "Microsoft SharePoint"} <= set(tools)
    assert "Microsoft 365" in _tools(nlp, "Meetings are held on MS365 and recorded.")


def test_care_director_needs_its_capitals(nlp):
    assert _tools(nlp, "The adult social care director said empathy cannot be replaced.") == {}
    assert "CareDirector" in _tools(nlp, "We use Care Director for adult case records.")


# ------------------------------------------------------------------------ status

@pytest.mark.parametrize("text, label, status", [
    ("Copilot is used to summarise long case files.", "Microsoft Copilot", "in_use"),  # not "used to"
    ("After the trial went well, Magic Notes was extended to all teams.", "Magic Notes", "in_use"),
    ("Following a pilot the previous year, the charity is extending Otter to its services.", "Otter.ai",
     "in_use"),
    ("We replaced our previous system, Mosaic, last year.", "Mosaic", "stopped"),
    ("Social workers use tools such as Magic Notes to record visits.", "Magic Notes", "in_use"),
    ("It covers tools such as ChatGPT, although new tools keep being built.", "ChatGPT", "mentioned"),
    ("Ten councils are using or trialling Magic Notes for visits.", "Magic Notes", "in_use"),
    ("Mind Of My Own provides apps that let children speak up.", "Mind Of My Own", "supplied"),
    ("Staff may use Magic Notes for home visits.", "Magic Notes", "in_use"),
    ("The council started a Copilot trial lasting six months.", "Microsoft Copilot", "piloting"),
    ("Information recorded with the Magic Notes tool is kept for a year.", "Magic Notes", "in_use"),
    ("Beam, a social enterprise, built Magic Notes for social workers.", "Magic Notes", "mentioned"),
    ("ChatGPT is a chatbot that answers questions in plain English.", "ChatGPT", "mentioned"),
    ("Copilot is AI software that uses large language models.", "Microsoft Copilot", "mentioned"),
    ("Our trial of Magic Notes ran for a month, and the time spent on notes dropped by half.", "Magic Notes",
     "piloting"),
    ("The council data used with Copilot is not used for training other models.", "Microsoft Copilot",
     "in_use"),
    ("Officers said Copilot is in use across the council.", "Microsoft Copilot", "in_use"),
])
def test_status_from_the_grammar_around_the_name(nlp, text, label, status):
    assert _tools(nlp, text)[label]["status"] == status


def test_a_pilot_read_through_had_been(nlp):
    tools = _tools(nlp, "Staff shared views on the Otter app, which had been trialled since March.")
    assert tools["Otter.ai"]["status"] == "piloting"


@pytest.mark.parametrize("text, label", [
    ("The council runs an internal QX-2 that answers staff questions.", "QX-2"),  # a product code
    ("Microsoft's new Translator app helps the charity's volunteers.", "Microsoft Translator"),  # maker's alias
    ("We use LIFT to find households missing out on benefits.", "LIFT"),
])
def test_codes_and_makers_possessives_name_tools(nlp, text, label):
    assert label in _tools(nlp, text)


def test_the_maker_of_a_tool_named_in_the_sentence_is_not_a_tool(nlp):
    tools = _tools(nlp, "Every social worker has CareMobile, a mobile system from OLM Systems.")
    assert "OLM Systems" not in tools
    assert "COVID-19" not in _tools(nlp, "Since COVID-19 we have used more online tools.")


def test_use_to_is_not_a_past_habit(nlp):
    tools = _tools(nlp, "Magic Notes is a web app that adult teams use to record visits.")
    assert tools["Magic Notes"]["status"] == "in_use"
    assert _tools(nlp, "We used to use Otter for minutes.")["Otter.ai"]["status"] == "stopped"


@pytest.mark.parametrize("text, label, status", [
    ("The council expects bigger savings once Copilot is rolled out to housing.", "Microsoft Copilot", "planned"),
    ("She saw at once that staff use Magic Notes well.", "Magic Notes", "in_use"),
    ("The firm introduces CASEFLOW, its tool for sharing safeguarding notes.", "CASEFLOW", "supplied"),
    ("Using ChatGPT and similar tools risks bland daily notes.", "ChatGPT", "mentioned"),
    ("Popular tools, among them ChatGPT and Claude, changed how people write.", "Claude", "mentioned"),
    ("Magic Notes is an app that practitioners can open on council phones.", "Magic Notes", "in_use"),
    ("The notice should be read with the privacy policy and, where Copilot is used, the AI notice.",
     "Microsoft Copilot", "in_use"),
    ("Hospital staff can access CP-IS from emergency departments.", "Child Protection – Information Sharing",
     "in_use"),
    ("Otter is due to be extended to two more teams for recording meetings.", "Otter.ai", "planned"),
])
def test_status_of_conditions_kinds_and_own_products(nlp, text, label, status):
    assert _tools(nlp, text)[label]["status"] == status


@pytest.mark.parametrize("text, absent", [
    ("Staff met suppliers at the AWS Public Sector Summit in London.", "Amazon Web Services"),
    ("The region ran a CivTech challenge on trust in algorithms.", "CivTech"),
    ("Liquidlogic has been working with partners on a shared system.", "Liquidlogic"),
    ("The study looked at a DLSW platform used in children's homes.", "DLSW"),
    ("In what it calls the Harlow Spark Programme, the council joined up its data work.", "Harlow Spark Programme"),
])
def test_events_programmes_and_kinds_are_not_tools(nlp, text, absent):
    assert absent not in _tools(nlp, text)


@pytest.mark.parametrize("text, label", [
    ("The department is developing a Find Local Courses tool for school leavers.", "Find Local Courses"),
    ("The team running the CP-IS programme met health colleagues.", "Child Protection – Information Sharing"),
    ("Mind Of My Own launched in Suffolk in 2017 for children in care.", "Mind Of My Own"),
])
def test_names_that_look_like_events_or_kinds_but_are_tools(nlp, text, label):
    assert label in _tools(nlp, text)


@pytest.mark.parametrize("text, labels", [
    ("Two virtual assistants, Bella and Omar, now answer the council's phones.", {"Bella", "Omar"}),
    ("Arrears checks are limited to Harlowe, software that scores tenancy risk.", {"Harlowe"}),
    ("Agencies improved records, including the Integrated People's Care System and others.",
     {"Integrated People's Care System"}),
])
def test_names_set_beside_a_tool_noun_and_possessive_system_names(nlp, text, labels):
    assert labels <= set(_tools(nlp, text))


def test_a_places_possessive_is_not_part_of_the_name(nlp):
    tools = _tools(nlp, "It underpins Camden's Residents Index, running since 2010.")
    assert "Residents Index" in tools


@pytest.mark.parametrize("text, label, status", [
    ("Common tools include Claude, ChatGPT and Google Gemini.", "Claude", "mentioned"),
    ("Copilot is AI software that works inside everyday tools such as Word and Excel.", "Microsoft Excel",
     "mentioned"),
    ("The county is to replace Mosaic with a new system.", "Mosaic", "in_use"),
    ("Magic Notes was brought in to record visits, and in some cases to replace paper notes.", "Magic Notes",
     "in_use"),
    ("The report recommended buying Magic Notes for the adults' teams.", "Magic Notes", "planned"),
])
def test_status_of_examples_replacements_and_proposals(nlp, text, label, status):
    assert _tools(nlp, text)[label]["status"] == status


@pytest.mark.parametrize("text, label, status", [
    ("Rent checks rely only on Tenantwise, software that scores risk, such as arrears.", "Tenantwise", "in_use"),
    ("Magic Notes is a web app that adult teams and children's teams use to record visits.", "Magic Notes",
     "in_use"),
])
def test_examples_after_a_tool_and_uses_in_a_later_clause(nlp, text, label, status):
    assert _tools(nlp, text)[label]["status"] == status


def test_built_in_a_platform_is_a_component(nlp):
    tools = _tools(nlp, "The council released an improved QX-2 built in Azure last year.")
    assert tools["Microsoft Azure"]["part_of"] == "QX-2"


def test_a_paid_company_and_short_names_with_a_capitalised_head(nlp):
    assert _tools(nlp, "They asked how much the council paid Corelogic in licences.") == {}
    assert "Q Assistant" in _tools(nlp, "It is piloting AI technologies such as Minute and Q Assistant.")
