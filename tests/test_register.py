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
])
def test_status(nlp, text, label, status):
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
