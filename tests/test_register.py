"""The tool register's quality, on hand-written sentences: what is not a tool, in-house systems and
suites, aliases, components (``part_of``), suppliers (``supplied``) and status."""

from __future__ import annotations

import pytest

from synthesis.extract import analyse_texts
from synthesis.nlp import build_pipeline
from synthesis.nlp.cues import tool_statuses
from synthesis.nlp.text import Words
from synthesis.nlp.tools import component_parents


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _tools(nlp, text: str) -> dict[str, dict]:
    result = analyse_texts([text], nlp, redact=False)[0]["mentions"]
    rows = [dict(zip(result, values)) for values in zip(*result.values())]
    return {r["label"]: r for r in rows if r["kind"] == "tool"}


# ------------------------------------------------------------------------ names that are not tools

@pytest.mark.parametrize("text", [
    "Colleagues from Education and Housing joined the workshop on using AI.",
    "The pilot was signed off with help from Finance and Legal.",
    "We asked Information Security to review the supplier before using it.",
    "Staff log in via Single Sign-On before using any new system.",
    "We compared two Large Language models before the trial.",
    "We reviewed five AI tools last year.",
    "When AI tools are used, a manager checks the output.",
    "Some of our older workers still use a Dictaphone on visits.",
    "Richmond and Stockton shared what they learnt from using the tool.",
    "Our Ethics group reviewed the proposal before we tested anything.",
])
def test_departments_places_generic_words_and_leading_words_are_not_tools(nlp, text):
    assert _tools(nlp, text) == {}


# ------------------------------------------------------------------------ in-house systems and suites

@pytest.mark.parametrize("text, label", [
    ("Managers pull monthly figures out of the Harbour Data Warehouse.", "Harbour Data Warehouse"),
    ("Practitioners check the Family Support Database before a visit.", "Family Support Database"),
    ("Our Resident Insight Hub joins up housing and benefits records.", "Resident Insight Hub"),
    ("Parents book appointments through the Carers Online Booking Portal.", "Carers Online Booking Portal"),
    ("Workers look at the Young People and Carers View before each review.", "Young People and Carers View"),
    ("We are trialling Wexlo with two duty teams.", "Wexlo"),
    ("Our chatbot Poppy answers residents' questions about bins.", "Poppy"),
    ("We built an assistant called Procedure Pal for the front door.", "Procedure Pal"),
])
def test_named_systems_and_in_house_tools_are_discovered(nlp, text, label):
    tools = _tools(nlp, text)
    assert list(tools) == [label]
    assert tools[label]["known"] is False


@pytest.mark.parametrize("text", [
    "The Early Help Hub takes referrals from schools.",  # a team, not a system
    "We want a Single View of every family.",
])
def test_team_hubs_and_generic_views_are_not_tools(nlp, text):
    assert _tools(nlp, text) == {}


@pytest.mark.parametrize("text, label", [
    ("Health visitors look people up on the NHS Spine.", "NHS Spine"),
    ("Unscheduled care staff can see a child's plan through CP-IS.", "Child Protection – Information Sharing"),
    ("Our adult records moved out of Care Director in the spring.", "CareDirector"),
    ("The contracts team still runs payments on OLM.", "OLM Systems"),
    ("Our older case files are kept in Careworks.", "Careworks"),
])
def test_listed_systems_are_found(nlp, text, label):
    tools = _tools(nlp, text)
    assert label in tools and tools[label]["known"] is True


# ------------------------------------------------------------------------ aliases merged

@pytest.mark.parametrize("text, label", [
    ("Kinnect Notes drafts our supervision records.", "Kinnect"),
    ("Two teams record visits with Kinnect.", "Kinnect"),
    ("Tessera Insight scores households for early help.", "Tessera"),
    ("Our analysts have used Tessera since 2023.", "Tessera"),
    ("We used One View to see every service a household touches.", "OneView"),
    ("The EHPS flagged families to the early help team.", "Early Help Profiling System"),
])
def test_aliases_give_one_canonical_name(nlp, text, label):
    assert list(_tools(nlp, text)) == [label]


def test_products_of_one_vendor_share_the_vendor(nlp):
    one_view = _tools(nlp, "We used OneView for a year.")["OneView"]
    profiling = _tools(nlp, "The Early Help Profiling System sends alerts to managers.")["Early Help Profiling System"]
    assert one_view["vendor"] == profiling["vendor"] == "Xantura"


# ------------------------------------------------------------------------ components: part_of

def test_technology_a_tool_is_built_on_is_part_of_it(nlp):
    tools = _tools(nlp, "Magic Notes, which runs on technology from Deepgram and OpenAI, writes up our visits.")
    assert tools["Magic Notes"]["part_of"] is None
    assert tools["Deepgram"]["part_of"] == tools["OpenAI"]["part_of"] == "Magic Notes"


def test_a_component_takes_the_status_of_its_tool(nlp):
    tools = _tools(nlp, "We dropped Magic Notes (powered by Azure OpenAI) after the trial.")
    assert tools["Magic Notes"]["status"] == "stopped"
    assert tools["Azure OpenAI Service"]["part_of"] == "Magic Notes"
    assert tools["Azure OpenAI Service"]["status"] == "stopped"


def test_technology_without_a_named_tool_is_no_component(nlp):
    tools = _tools(nlp, "Our note-taking app is built on technology from Deepgram.")
    assert tools["Deepgram"]["part_of"] is None


FENWICK = ("Fenwick Assist (an assistant that drafts assessments from case notes) - using large language models "
           "from Anthropic and OpenAI.")


@pytest.mark.parametrize("text, label, parts", [
    (FENWICK, "Fenwick Assist", ["Anthropic", "OpenAI"]),
    ("Scribe for Social Care (an AI note-taker for social care meetings) - powered by Azure OpenAI.",
     "Scribe for Social Care", ["Azure OpenAI Service"]),
    ("Harbourline (a case chronology tool) - running on Azure OpenAI in a UK data centre.", "Harbourline",
     ["Azure OpenAI Service"]),
])
def test_a_product_described_in_brackets_is_found_with_what_it_is_built_on(nlp, text, label, parts):
    tools = _tools(nlp, text)
    assert tools[label]["known"] is False and tools[label]["part_of"] is None
    assert {p: tools[p]["part_of"] for p in parts} == {p: label for p in parts}
    assert set(tools) == {label, *parts}


@pytest.mark.parametrize("text", [
    "Signs of Safety (a practice model) is used across the county.",
    "Colleagues at Northgate Academy (a school in the north of the county) shared their notes.",
    "Anna Smith (a social worker) - using Magic Notes on visits - saves an hour a day.",
    "Kerry Duffield (a team manager) said the pilot went well.",
])
def test_a_bracketed_description_that_names_no_product_finds_no_tool(nlp, text):
    assert set(_tools(nlp, text)) <= {"Magic Notes"}


def test_component_parents_on_word_lists():
    low = "x , built on technology from y and z , helps".split()
    words = Words(low, ["x", ",", "build", "on", "technology", "from", "y", "and", "z", ",", "help"])
    assert component_parents(words, [(0, 1), (6, 7), (8, 9)]) == [None, 0, 0]
    assert component_parents(words, [(6, 7), (8, 9)]) == [None, None]


# ------------------------------------------------------------------------ status

@pytest.mark.parametrize("text, label, status", [
    ("We supply Magic Notes to 30 local authorities.", "Magic Notes", "supplied"),
    ("We provide ChatGPT Enterprise, configured for social care, to councils in three regions.", "ChatGPT",
     "supplied"),
    ("We provide Copilot to every social worker.", "Microsoft Copilot", "in_use"),
    ("We had a demonstration of Magic Notes last month and are weighing it up.", "Magic Notes", "planned"),
    ("The supplier demonstrated Copilot to our leadership team.", "Microsoft Copilot", "planned"),
    ("We intend to trial Otter with the fostering team.", "Otter.ai", "planned"),
    ("We stopped trialling Otter after a month.", "Otter.ai", "stopped"),
    ("We don't use OneView any more.", "OneView", "stopped"),
    ("We were offered a trial of Magic Notes and declined.", "Magic Notes", "stopped"),
    ("We moved our case records from Mosaic to Liquidlogic.", "Mosaic", "stopped"),
    ("We moved our case records from Mosaic to Liquidlogic.", "Liquidlogic", "in_use"),
    ("We are moving from Mosaic to Liquidlogic next year.", "Liquidlogic", "planned"),
    # the grammar around the name (issue 11)
    ("Beam reports that the newest version of its Magic Notes has been released.", "Magic Notes", "supplied"),
    ("The county is piloting and exploring tools such as Magic Notes.", "Magic Notes", "piloting"),
    ("The team has built several products, among them the Family Finder app.", "Family Finder", "in_use"),
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
    ("Common tools include Claude, ChatGPT and Google Gemini.", "Claude", "mentioned"),
    ("Copilot is AI software that works inside everyday tools such as Word and Excel.", "Microsoft Excel",
     "mentioned"),
    ("The county is to replace Mosaic with a new system.", "Mosaic", "in_use"),
    ("Magic Notes was brought in to record visits, and in some cases to replace paper notes.", "Magic Notes",
     "in_use"),
    ("The report recommended buying Magic Notes for the adults' teams.", "Magic Notes", "planned"),
    ("Rent checks rely only on Tenantwise, software that scores risk, such as arrears.", "Tenantwise", "in_use"),
    ("Magic Notes is a web app that adult teams and children's teams use to record visits.", "Magic Notes",
     "in_use"),
    # a hedged use is not known to be a use
    ("A few managers may be using ChatGPT on their own phones, but IT cannot tell.", "ChatGPT", "mentioned"),
    ("Some staff might be using Otter already; we have not checked.", "Otter.ai", "mentioned"),
    ("Personal data may be processed when staff use Copilot for letters.", "Microsoft Copilot", "in_use"),
    # a purchase under way is a plan
    ("Procurement of Power BI is under way and we hope to trial it in spring.", "Power BI", "planned"),
    ("The procurement of Magic Notes for the fostering team starts in May.", "Magic Notes", "planned"),
    # out of the pilot and into use
    ("Otter went from pilot to business as usual in the autumn.", "Otter.ai", "in_use"),
    ("We moved Copilot from the trial into business as usual across children's services.", "Microsoft Copilot",
     "in_use"),
    ("Results from the pilot of Copilot are due in June.", "Microsoft Copilot", "piloting"),
    # a past habit of something else
    ("With Power BI, dashboards that used to take a fortnight now appear overnight.", "Power BI", "in_use"),
    ("Mosaic, which used to hold our case records, was switched off last year.", "Mosaic", "stopped"),
    # a condition speaks of what follows it, not of a tool before it
    ("Our Power BI dashboard tells duty staff whether a family has an open plan.", "Power BI", "in_use"),
    ("We will decide whether to use Otter after the review.", "Otter.ai", "mentioned"),
    # who made it, with no use said
    ("Designed by the software firm Halcyon with practitioners, Magic Notes writes up visits.", "Magic Notes",
     "mentioned"),
    ("Developed by Beam, Magic Notes is used by our adult teams.", "Magic Notes", "in_use"),
    # what a tool is for is no plan
    ("CP-IS is intended to warn hospital staff when a child is on a plan.", "Child Protection – Information Sharing",
     "in_use"),
    ("We intend to roll out Copilot to managers.", "Microsoft Copilot", "planned"),
    ("The Power BI report shows housing need, current and future.", "Power BI", "in_use"),
    # a replacement: what is replaced follows "replacement for"
    ("Liquidlogic was chosen as a replacement for CareFirst in 2019.", "CareFirst", "stopped"),
    ("Liquidlogic was chosen as a replacement for CareFirst in 2019.", "Liquidlogic", "in_use"),
    ("Magic Notes was bought as a replacement for handwritten notes.", "Magic Notes", "in_use"),
    # a later denial by some people only
    ("Mosaic is live in every team, but some managers have stopped using it.", "Mosaic", "in_use"),
    ("Mosaic was trialled, but it was dropped after a year.", "Mosaic", "stopped"),
    ("We use Magic Notes, and the time spent typing dropped by half.", "Magic Notes", "in_use"),
    ("We used Dragon for a year but have dropped it because of the cost.", "Dragon", "stopped"),
    # the maker's claim about its product says nothing of anyone's use
    ("Beam says Magic Notes has saved councils thousands of hours.", "Magic Notes", "mentioned"),
    ("The company reports that Tessera Insight flags risk earlier.", "Tessera", "mentioned"),
    ("Our managers say Magic Notes has saved them hours.", "Magic Notes", "in_use"),
    # an appositive that glosses a tool whose own verb follows
    ("Mosaic, a case management system, records every visit.", "Mosaic", "in_use"),
    ("Mosaic, a case management system from Servelec.", "Mosaic", "mentioned"),
    # a bid after the tool is its work, before it a plan
    ("With Copilot, grant bids are drafted in a day.", "Microsoft Copilot", "in_use"),
    ("We have put in a bid for Magic Notes funding.", "Magic Notes", "planned"),
    # what supports the work is in use, also through examples of a kind
    ("Visits are written up by hand or supported by apps such as Magic Notes.", "Magic Notes", "in_use"),
    ("Apps such as Magic Notes could help our visits.", "Magic Notes", "mentioned"),
    # "sooner" compares; a trial that "was ended" stopped
    ("Thanks to Magic Notes, minutes reach families sooner.", "Magic Notes", "in_use"),
    ("We will soon trial Otter in two teams.", "Otter.ai", "planned"),
    ("A short trial of Dragon was ended in March after poor accuracy.", "Dragon", "stopped"),
    # a status in brackets right after the name
    ("Magic Notes, Google Translate (pilot), Power BI", "Google Translate", "piloting"),
    ("We use Power BI (live), Otter (stopped) and Copilot (trial).", "Microsoft Copilot", "piloting"),
    ("We use Power BI (live), Otter (stopped) and Copilot (trial).", "Otter.ai", "stopped"),
])
def test_status(nlp, text, label, status):
    assert _tools(nlp, text)[label]["status"] == status


def _mention(respondent: str, question: str, label: str, status: str) -> dict:
    return {"kind": "tool", "respondent_id": respondent, "question_id": question, "label": label, "text": label,
            "sentence": "", "negated": False, "status": status, "known": True, "vendor": None, "category": None,
            "provenance": "commercial", "part_of": None}


def test_the_impact_of_a_pilot_keeps_it_a_pilot():
    import pandas as pd

    from synthesis.analyse import tool_register

    rows = [
        _mention("R1", "tools_used", "Power BI", "piloting"),  # "we are trialling Power BI"
        _mention("R1", "impact", "Power BI", "in_use"),  # "with Power BI, reports go out sooner"
        _mention("R2", "tools_used", "Power BI", "piloting"),
        _mention("R2", "tools_used", "Power BI", "in_use"),  # a use stated in the answer on tools
        _mention("R2", "impact", "Power BI", "in_use"),
        _mention("R3", "impact", "Power BI", "in_use"),  # impact with no stage said elsewhere
        _mention("R4", "tools_used", "Power BI", "planned"),
        _mention("R4", "impact", "Power BI", "in_use"),
    ]
    row = tool_register(pd.DataFrame(rows)).set_index("tool").loc["Power BI"]
    assert (row["piloting"], row["in_use"], row["planned"], row["organisations"]) == (1, 3, 0, 4)


@pytest.mark.parametrize("text, label", [
    (FENWICK + " Live in 16 councils.", "Fenwick Assist"),
    (FENWICK + "\n- Live in 16 councils.", "Fenwick Assist"),
    ("Our product, VisitPad, is a mobile app for recording visits. It is currently used by 45 councils.",
     "VisitPad"),
    ("Our product, Tessera Insight, is a predictive analytics platform used by 56 local authorities.", "Tessera"),
])
def test_the_writers_own_product_with_its_customers_is_supplied(nlp, text, label):
    tools = _tools(nlp, text)
    assert tools[label]["status"] == "supplied"
    assert all(t["status"] == "supplied" for t in tools.values() if t["part_of"] == label)


@pytest.mark.parametrize("text, label, status", [
    ("Magic Notes is used by 85 UK councils and records meetings.", "Magic Notes", "in_use"),
    ("Magic Notes is a web app for visits. It is used by 85 councils.", "Magic Notes", "mentioned"),
    ("We use Magic Notes for visits. Live in 16 councils.", "Magic Notes", "in_use"),
    ("Our product, VisitPad, is a mobile app for recording visits. It is used by 300 social workers.", "VisitPad",
     "in_use"),
])
def test_customers_of_a_product_the_writer_does_not_make_are_not_supplied(nlp, text, label, status):
    assert _tools(nlp, text)[label]["status"] == status


def test_supplied_is_not_negated(nlp):
    tool = _tools(nlp, "We sell Magic Notes to housing associations.")["Magic Notes"]
    assert tool["status"] == "supplied" and tool["negated"] is False


def test_tool_statuses_on_word_lists():
    low = "we plan to pilot x next year".split()
    words = Words(low, ["we", "plan", "to", "pilot", "x", "next", "year"])
    from synthesis.nlp.cues import CueFinder
    from synthesis.nlp.text import LemmaTable

    cues = CueFinder(LemmaTable(None)).find(words)
    assert tool_statuses(words, [(4, 5)], cues) == ["planned"]


# ======================================================================== rules from real public text (issue 11)
# Parties and makers are not tools, names of systems keep their head word, and status follows the
# grammar around the name. The sentences are written for these tests.

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


def test_built_in_a_platform_is_a_component(nlp):
    tools = _tools(nlp, "The council released an improved QX-2 built in Azure last year.")
    assert tools["Microsoft Azure"]["part_of"] == "QX-2"


def test_a_paid_company_and_short_names_with_a_capitalised_head(nlp):
    assert _tools(nlp, "They asked how much the council paid Corelogic in licences.") == {}
    assert "Q Assistant" in _tools(nlp, "It is piloting AI technologies such as Minute and Q Assistant.")


def test_with_our_licence_and_a_camelcase_name_we_develop(nlp):
    assert "Google Workspace" in _tools(nlp, "Gemini came bundled with our Google Workspace licence.")
    assert "CaseLens" in _tools(nlp, "We are developing CaseLens further for assessments.")
    assert "NoteBridge" in _tools(nlp, "Two teams are experimenting with NoteBridge for visit notes.")


def test_a_word_that_only_looks_like_a_modifier_cue_does_not_stop(nlp):
    tools = _tools(nlp, "The department is developing a Find Local Courses tool to help 16 to 18-year-olds.")
    assert tools["Find Local Courses"]["status"] != "stopped"


# ------------------------------------------------------------------------ status from prospect, making, comparison

@pytest.mark.parametrize("text, label", [
    ("Microsoft's Translator app may be just what our family support workers need.", "Microsoft Translator"),
    ("Under the proposal, eCAF would hold far more sensitive detail than any local system.", "eCAF"),
    ("Managers were keen to see what Microsoft Copilot might do for the contact centre.", "Microsoft Copilot"),
    ("The Reasonable Adjustment Flag could be imported into our adult social care records.",
     "NHS Reasonable Adjustment Flag"),
    ("The service is building a Family Finder tool that matches carers to children.", "Family Finder"),
])
def test_a_modal_or_a_build_in_progress_makes_the_tool_planned(nlp, text, label):
    assert _tools(nlp, text)[label]["status"] == "planned"


def test_a_negated_modal_or_further_development_is_not_a_plan(nlp):
    assert _tools(nlp, "Magic Notes would not work offline, so staff use it only in the office.")[
        "Magic Notes"]["status"] != "planned"
    assert _tools(nlp, "We are developing CaseLens further for assessments.")["CaseLens"]["status"] != "planned"


def test_a_comparison_and_examples_of_something_else(nlp):
    tools = _tools(nlp, "Several councils use Copilot, a program that, like Magic Notes, writes up meetings.")
    assert tools["Magic Notes"]["status"] == "mentioned"
    assert tools["Microsoft Copilot"]["status"] == "in_use"
    # examples of councils or of meetings say nothing about the tool's use
    assert _tools(nlp, "Councils such as Wigan are now using Microsoft Copilot for minutes.")[
        "Microsoft Copilot"]["status"] == "in_use"
    assert _tools(nlp, "The notice covers online meetings such as Microsoft Teams and home visits.")[
        "Microsoft Teams"]["status"] == "in_use"
    # but examples of a kind of tool are only named
    assert _tools(nlp, "The guidance covers AI tools such as ChatGPT.")["ChatGPT"]["status"] == "mentioned"


# ------------------------------------------------------------------------ stricter discovery

@pytest.mark.parametrize("text, name", [
    ("Since 2022 our BrightStart strategy has shaped how we adopt new tools.", "BrightStart"),
    ("We are piloting the LEAP approach alongside the new recording tool.", "LEAP"),
    ("We use the Single Point of Access to triage referrals from schools.", "Single Point of Access"),
    ("The council worked with DataWise to design its new referral process.", "DataWise"),
    ("Building on the 'Whole System Look' review, the team mapped its systems.", "Look"),
])
def test_plans_approaches_ordinary_phrases_and_parties_are_not_discovered(nlp, text, name):
    assert name not in _tools(nlp, text)


@pytest.mark.parametrize("text, name", [
    ("Frontline staff use Trello to plan their visits.", "Trello"),
    ("Our chatbot Millie answers questions about council tax.", "Millie"),
    ("The team now runs on Google Workspace for shared documents.", "Google Workspace"),
])
def test_product_names_are_still_discovered(nlp, text, name):
    assert name in _tools(nlp, text)


# ------------------------------------------------------------------------ national and sector systems

@pytest.mark.parametrize("text, label", [
    ("Practitioners once recorded every assessment in the Integrated Children's System.",
     "Integrated Children's System"),
    ("ContactPoint held basic details of every child in England.", "ContactPoint"),
    ("School data reaches the council through Groupcall Xporter each night.", "Xporter"),
    ("Case documents are kept in Livelink, the council's records system.", "OpenText"),
    ("The data held in the TFD covers most families in the city.", "Think Family Database"),
])
def test_national_and_sector_systems_are_listed(nlp, text, label):
    assert label in _tools(nlp, text)


def test_ics_and_lower_case_forms_are_not_the_childrens_system(nlp):
    assert "Integrated Children's System" not in _tools(
        nlp, "Leaders from each ICS met to discuss shared care records.")
    assert "Integrated Children's System" not in _tools(
        nlp, "Social workers complete integrated children's system forms on tablets.")


def test_a_plural_word_opening_a_sentence_is_people_not_the_product(nlp):
    assert "Microsoft Teams" not in _tools(nlp, "Teams need to agree who checks what the tool writes.")
    assert "Microsoft Teams" in _tools(nlp, "Teams records the meeting so that the tool can write the notes.")


def test_a_paper_about_a_roll_out_makes_the_tool_planned(nlp):
    tools = _tools(nlp, "Cabinet received a report on implementing Mosaic across adult services.")
    assert tools["Mosaic"]["status"] == "planned"
    assert _tools(nlp, "We finished implementing Mosaic across adult services last year.")[
        "Mosaic"]["status"] == "in_use"


def test_a_ban_narrowed_to_a_purpose_leaves_the_tool_in_use(nlp):
    assert _tools(nlp, "Staff are asked not to use Microsoft Teams to share health records.")[
        "Microsoft Teams"]["status"] == "in_use"
    assert _tools(nlp, "Magic Notes is not permitted for child protection conferences.")[
        "Magic Notes"]["status"] == "in_use"
    # a whole ban, or a ban in another clause, is not narrowed
    assert _tools(nlp, "Staff are asked not to use ChatGPT.")["ChatGPT"]["status"] == "not_used"
    assert _tools(nlp, "We trialled Otter for a month, but it was not approved because of where data is held.")[
        "Otter.ai"]["status"] in ("stopped", "not_used")


def test_older_national_systems_and_their_acronyms_in_context(nlp):
    tools = _tools(nlp, "Councils were given guidance on IRT so that agencies could share referral data.")
    assert "Identification, Referral and Tracking" in tools
    assert "Identification, Referral and Tracking" not in _tools(
        nlp, "The form asks for identification, such as a passport.")
    tools = _tools(nlp, "Care records must follow shared standards to feed the Single Patient Record ambition.")
    assert tools["Single Patient Record"]["status"] == "planned"
    assert "Single Patient Record" not in _tools(nlp, "Each person should have a single patient record.")


# ------------------------------------------------------------------------ products named by a definition

@pytest.mark.parametrize("text, label", [
    ("Harbourview is a Power BI app that shows each family's contacts with us.", "Harbourview"),
    ("Project Kestrel is a data warehouse and matching tool for our early help records.", "Project Kestrel"),
    ("Case Chronicle is a timeline that pulls together notes from several systems.", "Case Chronicle"),
    ("Route Finder is a planning tool for care leavers, written with young people.", "Route Finder"),
    ("Lantern (in-house) - a dashboard of open cases for team managers.", "Lantern"),
    ("The Tidewell note-taking app was switched off last spring.", "Tidewell"),
    ("Managers preferred our Pipit survey tool to the paper forms.", "Pipit"),
])
def test_a_product_defined_tagged_or_described_before_its_noun_is_discovered(nlp, text, label):
    tools = _tools(nlp, text)
    assert label in tools and tools[label]["known"] is False


@pytest.mark.parametrize("text", [
    "Kent is a county that has piloted several tools.",
    "Signs of Safety is a practice model that many councils use.",
    "Northgate is a software company that sells case management systems.",
    "The council uses a note-taking app on visits.",
    "Social workers in the Disabled Children's Team use a dictation app.",
    "Barnardo's (a charity) - using the tool with care leavers.",
])
def test_definitions_that_name_no_product_find_no_tool(nlp, text):
    assert [label for label, t in _tools(nlp, text).items() if not t["known"]] == []


@pytest.mark.parametrize("text", [
    "We introduced Learning Week so teams could share what they had tried.",
    "Our workers use the Family Network Meeting model before we use any tool.",
    "We are piloting Speech Recognition in two duty teams.",
    "We tested Predictive Analytics on historic referrals.",
    "Managers use Data Warehouse extracts to check performance.",
    "Contracts are held on the Housing IT system.",
])
def test_events_technology_kinds_and_a_services_it_are_not_discovered(nlp, text):
    assert [label for label, t in _tools(nlp, text).items() if not t["known"]] == []


def test_ehm_alone_is_not_liquidlogic_but_its_full_names_are(nlp):
    assert "Liquidlogic" not in _tools(nlp, "EHM keeps the early help notes for each household.")
    assert "Liquidlogic" in _tools(nlp, "Early help notes are kept in the Liquidlogic EHM.")
    assert "Liquidlogic" in _tools(nlp, "Liquidlogic LCS and EHM feed our reporting database.")
