#!/usr/bin/env python3
"""Generate the SYNTHETIC sample consultation (call for evidence on AI in children's social care).

Nothing written here is a real response. Council names and ONS codes are real so that coverage maps
work, but every answer is invented by this seeded script and says nothing about what any named council
actually does. Non-council organisations are invented.

Phases:
1. respondents: who answers, when, and a hidden profile (AI use, tools and their status, barriers,
   voice, verbosity);
2. answers: free text written from the profile by combining phrase variants;
3. plants: personal details, closed/free-text disagreements, a few data-quality quirks;
4. files: responses.csv / responses.xlsx (canonical), citizen_space_export.csv with its question map,
   and README.md (which lists what was planted).

Usage: python data/sample/generate.py [--out DIR]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import string
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from openpyxl import Workbook

SEED = 20250501
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LA_CSV = ROOT / "src" / "synthesis" / "data" / "local_authorities.csv"
QUESTIONS = ROOT / "src" / "synthesis" / "data" / "questions.yaml"
OPENS, CLOSES = dt.datetime(2025, 2, 10, 9, 0), dt.datetime(2025, 5, 1, 23, 59)
FIXED_TIME = dt.datetime(2025, 5, 2, 9, 0, 0)
N_COUNCILS = 120
OTHER_COUNTS = {"Children's social care provider": 20, "Voluntary or community sector": 17,
                "Regional or sub-regional partnership": 8, "Technology supplier": 10, "Other": 5}


def L(block: str) -> list[str]:
    """One phrase variant per non-blank line."""
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------
# Phrase data
# ---------------------------------------------------------------------------------------------

# tool key -> (surface forms as respondents write them, provenance, purposes)
TOOLS = {
    "magic_notes": (["Magic Notes", "Magic Notes", "Magic notes", "magic notes", "magicnotes", "MagicNotes",
                     "Beam's Magic Notes", "Magic Notes (Beam)", "Magic Notes from Beam"], "commercial",
                    ["transcription", "summarisation", "drafting"]),
    "copilot": (["Microsoft Copilot", "Copilot", "Copilot", "Co-pilot", "MS Copilot", "Microsoft 365 Copilot",
                 "M365 Copilot", "Copilot Chat", "copilot"], "commercial", ["summarisation", "drafting", "search_insight"]),
    "teams": (["Teams transcription", "Copilot in Teams", "Teams Premium", "the transcription feature in Teams",
               "Teams intelligent recap"], "commercial", ["transcription", "summarisation"]),
    "chatgpt": (["ChatGPT", "chat gpt", "Chat GPT", "ChatGPT Enterprise", "chatGPT"], "commercial",
                ["drafting", "translation"]),
    "gemini": (["Google Gemini", "Gemini", "Gemini for Google Workspace"], "commercial", ["drafting", "summarisation"]),
    "azure_openai": (["Azure OpenAI", "Azure Open AI", "the Azure OpenAI service"], "commercial",
                     ["search_insight", "summarisation"]),
    "momo": (["Mind Of My Own", "Mind of My Own", "MOMO", "the Mind of my Own app"], "commercial", ["voice_of_child"]),
    "viewpoint": (["Viewpoint", "the Viewpoint survey tool"], "commercial", ["voice_of_child"]),
    "power_bi": (["Power BI", "PowerBI", "Microsoft Power BI"], "commercial", ["search_insight"]),
    "qlik": (["Qlik", "Qlik Sense"], "commercial", ["search_insight"]),
    "minute": (["Minute", "the Minute note-taker"], "commercial", ["transcription", "summarisation"]),
    "otter": (["Otter", "Otter.ai", "otter.ai"], "commercial", ["transcription"]),
    "granola": (["Granola", "the Granola note-taking app"], "commercial", ["transcription"]),
    "xantura": (["Xantura's OneView", "OneView (Xantura)", "Xantura"], "commercial", ["risk_prediction"]),
    "google_translate": (["Google Translate"], "commercial", ["translation"]),
    "read_write": (["Read&Write", "Texthelp Read&Write"], "commercial", ["accessibility"]),
    "dragon": (["Dragon", "Dragon dictation"], "commercial", ["transcription"]),
    "kinnect": (["Kinnect Notes", "Kinnect Notes (Kinnect Software)", "Kinnect Notes (technology from Deepgram and OpenAI)"], "commercial", ["transcription", "drafting"]),
    "caselens": (["CaseLens", "CaseLens from Northlight Analytics"], "commercial", ["summarisation"]),
    "visitpad": (["VisitPad", "Visit Pad"], "commercial", ["transcription", "voice_of_child"]),
    "tessera": (["Tessera Insight", "Tessera"], "commercial", ["risk_prediction"]),
    "storyloom": (["StoryLoom", "the StoryLoom app"], "commercial", ["voice_of_child"]),
}

# probability that an organisation of each type uses each tool (when it uses anything)
TOOL_WEIGHTS = {
    "Local authority": {"magic_notes": .5, "copilot": .45, "teams": .14, "chatgpt": .06, "gemini": .04,
                        "azure_openai": .06, "momo": .14, "viewpoint": .03, "power_bi": .1, "qlik": .03,
                        "minute": .04, "kinnect": .03, "caselens": .03, "visitpad": .03, "tessera": .02,
                        "xantura": .03, "google_translate": .04, "read_write": .03, "dragon": .02},
    "Children's social care provider": {"copilot": .45, "magic_notes": .25, "chatgpt": .15, "gemini": .08,
                                        "storyloom": .12, "momo": .1, "minute": .05, "power_bi": .08},
    "Voluntary or community sector": {"chatgpt": .35, "copilot": .3, "momo": .2, "google_translate": .12,
                                      "gemini": .08, "otter": .05, "storyloom": .05},
    "Regional or sub-regional partnership": {"magic_notes": .35, "copilot": .35, "power_bi": .3, "azure_openai": .1},
    "Other": {"copilot": .3, "chatgpt": .3, "magic_notes": .2},
}
STOPPABLE = ["otter", "granola", "chatgpt", "magic_notes", "copilot", "xantura", "tessera", "minute", "kinnect"]
REJECTABLE = ["magic_notes", "copilot", "xantura", "kinnect", "caselens", "tessera", "visitpad", "chatgpt"]

PURPOSES = {
    "transcription": L("""
        recording and transcribing home visits
        transcribing visits and meetings
        taking notes during visits so the worker can concentrate on the family
        capturing conversations in visits and supervision
        turning recorded visits into case notes
        minute-taking in strategy meetings and core groups"""),
    "summarisation": L("""
        summarising long case histories
        producing chronologies from case records
        summarising meeting transcripts
        pulling together summaries of historic files before transfer
        condensing partner reports ahead of conferences"""),
    "drafting": L("""
        drafting assessments and plans
        first drafts of letters to families
        writing up child and family assessments
        drafting court statements (always checked before filing)
        pre-populating review reports
        drafting emails, minutes and reports"""),
    "translation": L("""
        translating letters for parents whose first language is not English
        rewriting plans in plain English for children and parents
        producing easy-read versions of documents
        quick translation on visits while we wait for an interpreter"""),
    "risk_prediction": L("""
        identifying families who may need early help
        flagging young people at risk of exploitation
        risk scoring of contacts at the front door
        predicting which families are likely to need support"""),
    "search_insight": L("""
        searching policies and procedures
        answering practitioners' questions about procedures
        finding information in historic case records
        performance reporting and spotting trends
        analysing caseload and demand data"""),
    "voice_of_child": L("""
        capturing children's wishes and feelings
        giving children a way to tell us their views before meetings
        helping young people prepare for their reviews
        hearing from children in care between visits"""),
    "accessibility": L("""
        supporting staff with dyslexia
        reading back and checking written work"""),
    "admin": L("""
        funding bids and newsletters
        admin such as emails, policies and social media posts
        drafting policies and minutes"""),
    "provider_admin": L("""
        drafting Regulation 45 reports
        summarising daily logs from our homes
        writing placement reports for local authorities"""),
}

TEAMS = {
    "Local authority": L("""
        the assessment teams
        our Children in Need teams
        front door and MASH staff
        the Family Help service
        child protection teams
        the fostering and adoption teams
        our care leavers service
        Independent Reviewing Officers
        early help practitioners
        the disabled children's team
        two locality teams
        the Youth Justice Service
        family support workers
        personal advisers"""),
    "Children's social care provider": L("""
        registered managers
        residential staff
        supervising social workers
        our therapeutic team
        the fostering team"""),
    "Voluntary or community sector": L("""
        our advocates
        family support workers
        our helpline team
        youth workers"""),
    "Regional or sub-regional partnership": L("""
        partner councils
        the regional adoption agency
        member authorities"""),
    "Other": L("""
        colleagues
        our team"""),
}

# Lines may start with a tag that limits who can say them: [la] councils only, [nonla] everyone else,
# [rural] councils outside London and the metropolitan boroughs, [city] London and metropolitan boroughs,
# [vcs] voluntary and community organisations, [provider] care providers, [user] organisations already
# using or piloting a tool.

IN_USE = L("""
    We use {t} for {p}.
    {t} is now used across {team}, mainly for {p}.
    Since {month} {year}, {team} have had access to {t}, which they use for {p}.
    Around {n} practitioners use {t} day to day, mostly for {p}.
    {t} has been rolled out to {team} and is used for {p}.
    Our social workers use {t} for {p}; take-up has been good.
    We went live with {t} in {month} {year} ({p}).
    The main tool is {t}, used for {p}.
    {t} licences were bought for {team} and are used for {p}.
    {team} rely on {t} for {p}.
    We have {n} licences for {t}; the main use is {p}.
    {t} went from pilot to business as usual in {month} {year}. It is used for {p}.""")
PILOTING = L("""
    We are piloting {t} with {team}, focusing on {p}.
    A {k}-month pilot of {t} began in {month} {year} with around {n} staff, looking at {p}.
    {t} is being trialled in {team} for {p}.
    Small pilot of {t} ({n} licences) for {p}.
    We're currently testing {t} for {p} and will decide on a wider rollout after the evaluation.
    Proof of concept underway with {t} - {p}.
    {team} are trialling {t} to see whether it helps with {p}.
    We started a trial of {t} in {month}, initially for {p}.""")
PLANNED = L("""
    We plan to pilot {t} later this year for {p}.
    A business case for {t} goes to our digital board in {later}.
    We intend to procure {t} for {p}, subject to funding.
    We are exploring {t}, particularly for {p}.
    Procurement of {t} is under way and we hope to start a pilot in the summer.
    We have had demonstrations of {t} and are considering it for {p}.
    {t} is on our roadmap for next year, for {p}.""")
STOPPED = L("""
    We trialled {t} but stopped after {k} months because {reason}.
    {t} was piloted in {year} but discontinued - {reason}.
    We no longer use {t}: {reason}.
    Some staff started using {t} informally, which we have now stopped because {reason}.
    An earlier trial of {t} was ended when it became clear that {reason}.
    We used {t} for a while but have dropped it ({reason}).
    {t} was switched off in {month} {year} after {reason}.""")
REJECTED = L("""
    {t} was considered but rejected on cost.
    We looked at {t} but decided not to proceed because {reason}.
    We considered {t} and chose not to go ahead, as {reason}.
    {t} was looked at as part of a market review but not taken forward.
    We were offered a free trial of {t} and declined: {reason}.
    We had a demo of {t} but did not proceed; {reason}.""")
REASONS = L("""
    the cost per licence could not be justified
    transcripts needed too much correction
    staff did not use it consistently
    our information governance team were not satisfied about where the data was stored
    it did not integrate with our case management system
    the supplier could not assure us that our data would not be used to train their models
    the pilot funding ran out
    the output was not accurate enough for case records""")
REASONS_FREE = L("""
    the free version stores data outside the UK
    it is not approved for use with personal data
    nobody could tell us where the recordings went""")
REASONS_PREDICTIVE = L("""
    we could not explain its risk scores to families
    of concerns about bias in the model
    our ethics panel was not comfortable with automated risk scoring""")

INHOUSE = [
    ("FamilyView", "a dashboard that brings education, health, police and social care data into one view of the family", "single_view"),
    ("Ask Ada", "a chatbot built on Azure OpenAI that answers practitioners' questions about our procedures manual", "search_insight"),
    ("NoteMate", "a Copilot Studio agent that turns rough visit notes into a structured case note", "drafting"),
    ("Project Beacon", "a data warehouse and matching tool linking social care, education and Supporting Families data", "single_view"),
    ("ChronoBuilder", "a tool that drafts a chronology from case notes for the worker to check", "summarisation"),
    ("Hearth", "an early help model that flags families who might benefit from a conversation with a family hub worker", "risk_prediction"),
    ("PlainSpeak", "a plain-English rewriter for letters and plans sent to families", "translation"),
    ("Front Door Assistant", "a tool that summarises partner checks for MASH decision-makers", "summarisation"),
    ("Lighthouse", "a Power BI app showing each child's journey through our services", "single_view"),
    ("My Say", "a web form and text-message tool for children to tell us their views before reviews", "voice_of_child"),
    ("CaseCompass", "a search tool over historic case files, used mainly for care leavers' record requests", "search_insight"),
    ("Family Timeline", "a timeline that merges records from our case management system and the Early Help Module", "single_view"),
]
INHOUSE_SENT = L("""
    We have built {name} in-house: {desc}.
    Our data team developed {name}, {desc}.
    {name} is our own product - {desc}.
    In-house: {name} ({desc}).
    We also use {name}, {desc}, which we developed ourselves.
    Alongside commercial products we have our own tool, {name}: {desc}.""")

OPENERS = {
    "formal": L("""
        {org} welcomes the opportunity to respond to this call for evidence.
        [la] Children's Services in {short} have taken a measured approach to AI.
        [la] This response is made on behalf of the Children's Services directorate.
        Our use of AI in children's social care is at an early stage, and we set out below what we have in place.
        [la] The Council has adopted a 'test and learn' approach to AI over the last eighteen months.
        [nonla] We have taken a cautious, step-by-step approach to AI."""),
    "frank": L("""
        Not a huge amount yet, if I'm honest.
        We've been fairly cautious.
        [la] We are a small authority so we have moved slowly.
        Quick summary below.
        Where to start!"""),
}
NOT_USING_TOOLS = L("""
    We do not use any AI tools in children's social care at present.
    None.
    N/A
    [la] We don't currently use AI. Our case management system is Mosaic and we use Power BI for reporting, but neither involves AI.
    No AI tools in use. Staff have been told not to use public tools such as ChatGPT with any case information.
    Not currently using any - see answer above.
    [la] We are not using AI in frontline practice. Corporate colleagues are looking at options.
    nothing at the moment
    [nonla] We don't use AI with children or families. A couple of staff use it for admin on their own initiative.
    [nonla] We are a small organisation and have not had the time or money to look at this.""")
PLANNING_NO_TOOL = L("""
    We are planning a pilot but have not chosen a product yet.
    [la] Nothing live. We are working with corporate IT on an AI strategy that will include children's services.
    Options are being scoped, probably starting with AI note-taking.
    None yet - a soft market test is planned for the summer.""")
DONT_KNOW_TOOLS = L("""
    Not sure. Some teams may be using Copilot through the corporate Microsoft licence, but we have no record of it.
    Unknown - IT would have to confirm.
    Possibly Teams transcription in some meetings. We have no central list.""")

IMPACT_BY_PURPOSE = {
    "transcription": L("""
        Workers say they can look at the child rather than at a notebook during visits.
        Practitioners feel more present in visits because they are not scribbling notes.
        Notes now capture what children and parents actually said, in their own words.
        Write-ups are done the same day rather than days later.
        [la] Minutes of strategy meetings and conferences go out much faster.
        Families have commented that the worker seems to be listening more."""),
    "summarisation": L("""
        Chronologies that used to be out of date can now be produced in minutes.
        New workers get up to speed on a case far more quickly when it transfers.
        Summaries of long files have helped at the point of transfer and in permanence planning.
        Managers can review cases faster in supervision."""),
    "drafting": L("""
        Assessments are better structured, though some are longer than they need to be.
        Letters to families are clearer and go out sooner.
        First drafts save time but still need a lot of editing to sound like the worker.
        [la] Report writing for court and conference is quicker.
        [provider] Reports to placing authorities are more consistent and go out on time."""),
    "translation": L("""
        Parents with little English can read their plan, which they could not before.
        Plain-English versions of plans have helped parents with learning disabilities understand what is being asked of them.
        We still use interpreters for key meetings, but day-to-day contact is easier.
        Young people said the rewritten plans made more sense to them."""),
    "voice_of_child": L("""
        Children are more willing to share their views through the app than in a formal meeting.
        Young people like being able to say things in their own words before their review.
        More of the child's voice is coming through in plans.
        We hear from children between visits, not just when a worker is in the room.
        Some children use it a lot; others ignored it after the first week."""),
    "risk_prediction": L("""
        It is too early to say whether earlier identification has changed outcomes.
        The model identified some families we would not otherwise have contacted, but also many false positives.
        Early help workers found the flags useful as a prompt, not a decision."""),
    "search_insight": L("""
        Staff find answers to procedural questions in seconds instead of searching the manual.
        Managers have better sight of caseloads and demand.
        Performance conversations are more grounded in data."""),
    "accessibility": L("""
        It has been transformative for colleagues with dyslexia.
        Staff with dyslexia or ADHD describe it as a reasonable adjustment that actually works."""),
    "single_view": L("""
        Decisions at the front door are quicker because the information is in one place.
        Workers no longer have to chase partners for basic information."""),
    "admin": L("""
        It saves time on admin, which matters for a small team.
        Funding bids get written faster."""),
    "provider_admin": L("""
        Registered managers spend less time on Regulation 45 reports and more time on the floor.
        Reports to placing authorities are more consistent and go out on time.
        Daily logs are summarised in minutes for handovers.""")}
IMPACT = {
    "time_saving": L("""
        Social workers tell us they save around {h} hours a week on recording.
        Early figures suggest recording time has roughly halved for staff using {t}.
        A visit write-up that used to take {m} minutes now takes about {m2}.
        Time saved on admin is the main benefit reported so far.
        Our evaluation found an average saving of {h} hours per worker per week, although this varied a lot between teams.
        Less time typing, more time with families - that is what staff keep telling us.
        [la] Recording is more up to date and the backlog in one team has gone.
        Practitioners estimate they spend {pc}% less time on case notes.
        The pilot teams recorded a {pc}% drop in time spent on paperwork.
        Time saved is the headline: roughly {h} hours per person per week."""),
    "wellbeing_retention": L("""
        Staff feel less stressed about recording backlogs, and fewer people are working evenings to catch up.
        [la] It has helped with retention: newly qualified workers mention it at interview.
        Staff survey scores on workload improved in the pilot teams.
        Several practitioners said it is the first piece of technology in years that has made their job easier.
        [la] Agency workers have asked whether they can keep using it.
        People are less tired at the end of the week, which is hard to measure but real."""),
    "accessibility": L("""
        It has been transformative for colleagues with dyslexia.
        Staff with dyslexia or ADHD describe it as a reasonable adjustment that actually works.
        One worker with a visual impairment now dictates all her notes.
        Colleagues who speak English as a second language feel more confident about their written records."""),
    "cost": L("""
        We estimate savings of around £{k}k a year in agency and overtime costs, though this is not yet verified.
        On our modelling the licence cost is more than offset by time saved.
        We have not seen cashable savings; the benefit is capacity.
        [la] We spend less on external minute-takers for conferences.
        It is too early to say whether it saves money overall."""),
    "none_yet": L("""
        It is too early to measure impact.
        We have not yet evaluated the impact on children and families.
        Impact has been mixed: some staff love it, others have stopped using it.
        No measurable impact yet - the pilot only started in {month}.
        We do not have evidence of impact on outcomes for children and would be cautious about claiming any.
        The evaluation reports in the autumn."""),
}
PURPOSE_IMPACTS = {"transcription": ["time_saving", "accessibility"], "summarisation": ["time_saving"],
                   "drafting": ["time_saving", "accessibility"], "translation": [], "voice_of_child": [],
                   "risk_prediction": ["none_yet"], "search_insight": ["time_saving"], "accessibility": ["accessibility"],
                   "single_view": [], "admin": ["time_saving"],
                   "provider_admin": ["time_saving", "wellbeing_retention"]}
NA_ANSWERS = ["N/A", "n/a", "n/a - see above", "Not applicable.", "Not applicable as we do not currently use AI tools.",
              "", "", "None yet.", "N/A - not using AI at present.", "See previous answer.", "-"]

RISK_NOUNS = {"accuracy": ["accuracy", "the accuracy of transcripts", "errors ('hallucinations')"],
              "bias": ["bias", "fairness", "bias against some communities"],
              "privacy": ["data protection", "where data is stored", "data security"],
              "consent": ["consent", "how we get families' consent"],
              "transparency": ["being open with families", "transparency"],
              "oversight": ["keeping professional judgement with the social worker", "accountability"],
              "overreliance": ["over-reliance", "de-skilling"]}
CONCERN_FRAMES = ["Our main concerns are {a} and {b}.", "The biggest risks for us are {a} and {b}.",
                  "We are most worried about {a} and {b}.", "Risks we have identified include {a} and {b}.",
                  "{A} and {b} are the risks we talk about most.", "For us the key issues are {a} and {b}."]
RISKS = {
    "accuracy": L("""
        AI summaries can miss or invent details, so nothing goes on the file unchecked.
        We have seen transcripts attribute statements to the wrong person.
        A wrong word in a child protection record matters, so accuracy is our biggest worry.
        Transcription of strong accents and dialect is not always reliable.
        The tool sometimes produces confident but wrong statements.
        Summaries tend to smooth over uncertainty, and uncertainty is exactly what a social worker needs to see."""),
    "bias": L("""
        We are alert to the risk of bias, particularly in any predictive tool trained on historic data.
        We would not use risk scoring because of the potential for discrimination.
        Speech recognition works less well for people who speak English as an additional language, which is a fairness issue.
        Fairness needs to be tested, not assumed.
        Historic data reflects historic decisions, including their biases."""),
    "privacy": L("""
        Data must stay in the UK and must not be used to train models.
        We only use tools where the contract prevents reuse of our data.
        Security of sensitive information about children is paramount.
        [la] Public tools such as ChatGPT are blocked on council devices for data protection reasons.
        Recordings are deleted once the note is approved."""),
    "consent": L("""
        Workers ask families for consent before recording and explain how the recording is used.
        Families can refuse recording and some do.
        Consent from children is sought in an age-appropriate way.
        Getting meaningful consent during a crisis visit is difficult and we are still working out our approach.
        [nonla] Families we support often do not know that AI is being used in their records, let alone agree to it."""),
    "transparency": L("""
        Our privacy notice has been updated to explain how AI is used.
        We want to be open with families about where AI has been used in their records.
        Any tool has to be explainable to families and to the courts.
        [la] We have published an Algorithmic Transparency Recording Standard record for the pilot.
        [nonla] Children and families should be told, in plain language, when AI has been used."""),
    "oversight": L("""
        The social worker remains responsible for the record and for every decision.
        AI does not make decisions about children; practitioners and managers do.
        Professional judgement must stay with the practitioner.
        The tool assists; the worker decides."""),
    "overreliance": L("""
        There is a risk that newly qualified workers lose the skill of analytical writing if they rely on drafts.
        We worry about de-skilling and over-reliance on generated text.
        Managers look out for assessments that read as generic or 'AI-flavoured'.
        If the tool writes the analysis, has the worker done the thinking?"""),
}
GOV_NOUNS = {
    "human_review": ["human review of every output", "a rule that the worker checks and edits everything before it is saved",
                     "manager sign-off of AI-assisted assessments", "sample audits of AI-assisted records in supervision"],
    "training": ["mandatory training before anyone gets a licence", "practice guidance for staff", "AI champions in each team",
                 "e-learning on checking outputs"],
    "dpia": ["a DPIA signed off by the DPO", "Data Protection and Equality Impact Assessments",
             "a DPIA for every new tool", "a DPIA that is reviewed every six months"],
    "policy": ["a corporate AI policy", "an AI governance board", "a digital ethics panel that includes care-experienced young people",
               "a responsible AI framework", "our information governance board"],
    "evaluation": ["an independent evaluation", "monthly monitoring of usage and record quality", "a test-and-learn approach",
                   "an evaluation with a university partner"],
}
GOV_FRAMES = ["We rely on {x} and {y}.", "Safeguards include {x} and {y}.", "We have {x}, plus {y}.",
              "Controls: {x}; {y}.", "In practice that means {x} and {y}.", "To manage this we have put in place {x} and {y}."]
GOVERNANCE = {
    "human_review": L("""
        Every AI-generated note is reviewed and edited by the practitioner before it is saved.
        Managers check a sample of AI-assisted records in supervision.
        Outputs are treated as a draft only and must be signed off by the worker.
        Nothing produced by AI goes to court or to a conference without a human check."""),
    "training": L("""
        All users complete mandatory training before they get a licence.
        We have issued practice guidance on using AI in recording.
        Training covers prompting, checking outputs and when not to use the tool.
        We run drop-in sessions and have AI champions in each team."""),
    "dpia": L("""
        A DPIA was completed and signed off by the Data Protection Officer before the pilot started.
        We completed a Data Protection Impact Assessment and an Equality Impact Assessment.
        Each new tool goes through a DPIA and information governance review."""),
    "policy": L("""
        We have a corporate AI policy and a children's services addendum.
        [la] An AI governance board, chaired by the Director of Children's Services, approves any new use.
        Our digital ethics panel includes care-experienced young people.
        [la] The council's Digital Ethics Group reviews every proposal.
        [nonla] Our trustees approved an AI policy last year."""),
    "evaluation": L("""
        The pilot is being independently evaluated.
        We monitor usage, time saved and record quality every month.
        We take a test-and-learn approach before any wider rollout.
        We audit a sample of records produced with the tool."""),
}
RISKS_NONUSER = L("""
    Not applicable at present, but any future use would go through our DPIA process.
    We would follow corporate information governance processes.
    Our AI policy currently prohibits generative AI with personal data.
    N/A
    We have not got that far. When we do, we will want human review of anything produced and a full DPIA.
    [nonla] We have no policy yet. This is something we need to do.
    [la] Any proposal would go to the information governance board first.
    Staff guidance says no personal data in public AI tools. Beyond that, nothing specific yet.
    We are drafting an AI policy, which will cover children's services.
    [la] We are following the corporate approach led by the Chief Digital Officer.
    We will not use any tool that makes or recommends decisions about children.
    Too early for us - but consent and data protection would be the first questions.""")
RISKS_TERSE = ["DPIA, human review of all outputs.", "Via our IG board and a DPIA.", "Human in the loop, training, DPIA.",
               "Corporate AI policy applies.", "dpia + manager oversight", "Through existing governance."]

BARRIER_NOUNS = {
    "funding": ["funding", "the cost of licences", "the lack of a dedicated budget", "revenue costs once pilot money ends"],
    "procurement": ["procurement", "a slow procurement process", "writing a specification for something so new"],
    "skills": ["capacity", "a lack of technical skills", "limited IT capacity", "the time to do it properly"],
    "data_quality": ["legacy technology", "data quality", "integration with our case management system", "a patchwork of systems that don't talk to each other"],
    "information_governance": ["information governance", "legal uncertainty about data sharing", "getting IG sign-off"],
    "trust_culture": ["staff confidence", "scepticism among staff", "culture", "concern from the unions"],
    "evidence": ["lack of evidence", "the absence of national guidance", "not knowing what Ofsted expects"],
    "infrastructure": ["connectivity", "the age of our laptops", "poor Wi-Fi and mobile signal"],
    "vendor": ["supplier lock-in", "dependence on a few big suppliers", "the risk of small suppliers folding"]}
BARRIER_FRAMES = ["{X} has been the biggest challenge.", "The main barrier is {x}.", "We have struggled with {x}.",
                  "Then there is {x}.", "{X} remains a problem.", "Another issue is {x}.", "{X} has slowed us down.",
                  "{X} is a recurring theme."]
BARRIER_WEIGHTS = {"funding": .6, "information_governance": .45, "data_quality": .45, "skills": .35, "evidence": .35,
                   "trust_culture": .3, "procurement": .25, "infrastructure": .15, "vendor": .15}
BARRIERS = {
    "funding": L("""
        Licences are expensive and there is no dedicated budget.
        [user] We cannot find the money to scale beyond the pilot.
        [user] The pilot was paid for from a one-off grant which has now ended.
        [la] Every pound spent on licences is a pound not spent on placements.
        The business case depends on cashable savings that are hard to show.
        [user] Licence prices went up after the first year.
        Costs are per user, so scaling to the whole workforce multiplies them quickly.
        [la] Budget pressures mean AI competes with statutory spending.
        Per-user licence costs are hard to justify at scale."""),
    "procurement": L("""
        Procurement takes months and the market moves faster than our processes.
        It is hard to compare suppliers when products change every few months.
        Procurement rules made it difficult to run a short pilot."""),
    "skills": L("""
        We have no data scientists and rely on the supplier.
        IT capacity to support new tools is very limited.
        Staff confidence with technology varies a lot.
        [la] Our digital team is small and stretched across the whole council."""),
    "data_quality": L("""
        Our case management system is old and hard to integrate with.
        Data quality in our records is poor, which limits what any analytics can do.
        [la] Integration with Liquidlogic has been the sticking point.
        [la] There is no API into Mosaic, so outputs are copied and pasted into the record.
        [nonla] Every placing authority sends information in a different format."""),
    "information_governance": L("""
        [user] Information governance sign-off took the best part of a year.
        There is uncertainty about the legal basis for sharing data across agencies.
        Our IG team is cautious and there is no national position to point to.
        [la] Health and police partners have been reluctant to share data.
        [nonla] Councils we work with each have different rules on what we can and cannot use."""),
    "trust_culture": L("""
        Some staff are sceptical and worry that AI will replace them.
        Trade unions raised concerns early on.
        [user] Managers were wary about the quality of AI-written records.
        Young people asked us hard questions about who sees their data.
        There is a general nervousness about AI after stories in the media."""),
    "evidence": L("""
        There is very little independent evidence about what works.
        There is no national guidance on acceptable use in social care.
        [la] We don't know what Ofsted expects to see.
        Without evaluation evidence it is hard to make the business case."""),
    "infrastructure": L("""
        Laptops are old and Wi-Fi in some buildings is poor.
        [rural] Mobile signal on home visits in the rural parts of the county is patchy.
        [user] Staff needed new phones before they could use the app.
        [city] Connectivity in some tower blocks and basements means recordings fail."""),
    "vendor": L("""
        We are wary of being locked in to one supplier.
        [la] Members are uneasy about dependence on large US technology companies.
        Small suppliers may not be around in two years.
        [la] Our case management supplier's roadmap limits what we can do."""),
}
OVERCOME = {
    "funding": L("""
        [user] We used transformation funding for the pilot.
        [user] We made the business case on time saved and secured corporate funding for a year.
        Not overcome - we are still looking for funding.
        [user] We have limited licences to the teams that get most value from them.
        We are part of a regional bid for funding.
        [nonla] A charitable trust paid for the first year."""),
    "procurement": L("""
        We used an existing framework (G-Cloud) to speed up procurement.
        [user] We ran a short, time-limited pilot under our direct award threshold.
        A joint procurement with neighbouring councils helped."""),
    "skills": L("""
        We recruited a data scientist on a fixed-term contract.
        [user] AI champions in each team support their colleagues.
        We have partnered with a local university.
        [user] Supplier training plus our own guidance has helped."""),
    "data_quality": L("""
        We are investing in a data warehouse.
        Not yet - integration depends on our supplier's roadmap.
        [user] For now staff copy and paste into the case record, which works but is clunky.
        [user] A data cleansing project is running alongside the pilot."""),
    "information_governance": L("""
        Involving the DPO and IG team from the start made the difference.
        We used another council's DPIA as a starting point.
        [la] Information sharing agreements were agreed through the safeguarding partnership.
        We wrote a short, plain-English guide for staff on what can and cannot go into the tool."""),
    "trust_culture": L("""
        [user] Involving practitioners from the start and letting them shape the pilot.
        [user] We shared honest results, including what did not work.
        We talked to the unions early.
        Care-experienced young people on our ethics panel helped us explain it.
        [user] Word of mouth from the pilot teams did more than any comms plan."""),
    "evidence": L("""
        We are building our own evidence through evaluation.
        We learn from other councils through regional networks.
        We haven't - we need national evidence."""),
    "infrastructure": L("""
        [user] New devices were bought as part of the rollout.
        [user] The app's offline mode solved the connectivity problem.
        A device refresh is planned for next year, which should help."""),
    "vendor": L("""
        Contracts are short, with exit clauses.
        [user] We insist on data export and no model training on our data."""),
}
OVERCOME_PREFIX = ["", "", "", "On {noun}, ", "For {noun}: ", "{Noun}: "]
OVERCOME_TERSE = ["They have not, fully.", "Partly - see above.", "Still working on it.", "Not overcome yet.",
                  "N/A", "", "Ongoing.", "Mostly they haven't.", "In part."]

SINGLE_VIEW = {
    "Not at all": L("""
        We do not have a single-view system.
        None.
        N/A
        [la] No - information sits in separate systems and the MASH brings it together by hand.
        We don't have one; it would be very useful."""),
    "Limited": L("""
        [la] Our MASH uses partner checks rather than a shared system.
        [la] EHM holds early help and social care but not health or police data.
        [la] Limited: social workers can see education data in Capita One on request.
        [la] We have read-only access to some school attendance data through Capita One.
        [la] A Power BI dashboard combines social care and school attendance data, updated weekly.
        [nonla] We can see some placement data from the council's portal, nothing more."""),
    "Moderate": L("""
        [la] Our Early Help hub brings together police, health and school data for families open to early help.
        [la] We have built a data warehouse that links social care, education and Supporting Families data.
        [la] Liquidlogic LCS and EHM are linked to education data through our data warehouse, with a Power BI front end.
        [la] The MASH has a shared view of police, health and school information for new contacts.
        [la] We use Qlik to bring together social care, education and youth justice data for managers.
        [nonla] Our case records pull in education and health information shared by the placing authority."""),
    "Extensive": L("""
        [la] Our single view brings together data from more than a dozen systems, including police, health, housing and schools.
        [la] Practitioners see one record of the family drawn from social care, education, health and police.
        [la] We have used Xantura's OneView for several years to match records across services.
        [la] Our in-house data warehouse links around 15 data sources and is used daily at the front door.
        [nonla] Our care management system holds everything about each child in our care in one place."""),
    "Don't know": L("""
        Not sure.
        Don't know - would need to check with IT.
        I am not aware of one."""),
}
SV_REGIONAL = L("""
    Member councils use different case management systems, which makes a regional view hard.
    We are scoping a regional data platform for sufficiency and placement data.
    The regional adoption agency has a shared view of adopter and child records across partner councils.
    A regional Power BI dashboard pools performance data, but not individual records.""")
SV_PLANNED = L("""
    We are developing a single view as part of our data strategy, due in {year}.
    A business case for a single view of the child is being prepared.
    [extend] We hope to extend it to health data next year.
    [extend] Next step is adding police data, subject to an information sharing agreement.""")

SUPPORT_NOUNS = {
    "guidance": ["clear national guidance on the safe use of AI in social care", "a national position on consent to record visits",
                 "guidance from DfE and Ofsted on what good looks like", "clarity on what Ofsted expects in AI-assisted records",
                 "a national code of practice for AI in case recording"],
    "funding": ["funding to pilot and evaluate tools properly", "ring-fenced funding for digital transformation",
                "multi-year funding rather than one-off grants", "help with licence costs once pilots end"],
    "framework": ["[la] an assured supplier framework so each council does not have to assess the same products",
                  "national assurance of tools (a kitemark) covering data protection and accuracy",
                  "national licence deals with the big suppliers", "a list of approved products that have passed security checks"],
    "evidence": ["independent evaluation of the main tools, with results published",
                 "a central library of evaluations, DPIAs and lessons learned",
                 "a way to share what others are doing, including what failed",
                 "research on the impact on children and families, not just on staff time"],
    "data_standards": ["national data standards for children's social care",
                       "interoperability requirements for case management suppliers",
                       "a requirement that case management suppliers provide open APIs",
                       "a consistent child identifier across services"],
    "info_sharing": ["legislative clarity on information sharing between agencies",
                     "an explicit legal basis for sharing data in single-view systems",
                     "clear guidance for health partners on sharing data with children's services"],
    "skills": ["support for workforce skills, including data literacy", "AI content in social work qualifying training",
               "national training materials for practitioners and managers"],
    "voice": ["[nonla] a requirement to involve children and families in decisions about AI",
              "[nonla] attention to digital exclusion: not every family has a smartphone or data",
              "[vcs] funding for the voluntary sector to take part, not just councils"],
}
SUPPORT_FRAMES = ["{X}.", "We would ask for {x}.", "Most helpful would be {x}.", "{X} would make a real difference.",
                  "We need {x}.", "It would help to have {x}.", "Government could provide {x}.", "Priority for us: {x}.",
                  "Please consider {x}."]
SUPPORT_REASONS = ["At the moment everyone is working this out alone.",
                   "That would save each organisation repeating the same work.",
                   "Ideally this should be developed with the sector, not for it.",
                   "Without it, pilots will not become business as usual.",
                   "Smaller organisations in particular cannot do this on their own.",
                   "Every authority is currently doing its own due diligence on the same handful of products.",
                   "The pace of change means guidance needs to be updated regularly, not every five years.",
                   "This matters more than any single product."]
SUPPORT_SHORT = {"guidance": "national guidance", "funding": "funding", "framework": "an approved supplier list",
                 "evidence": "evidence of what works", "data_standards": "data standards", "info_sharing":
                 "clarity on data sharing", "skills": "training", "voice": "involving families"}

CONNECTORS = ["Also, ", "In addition, ", "Separately, ", "On top of that, ", "Alongside this, ", "Equally, "]
FRANK_ASIDES = {"barriers": [", to be honest", " - that's the reality", " (which has been frustrating)", ", frankly",
                             " (no surprise there)"],
                "impact": [" - it's early days", " - so far, anyway", ", touch wood"]}
PROPER_STARTS = {"Magic", "Microsoft", "Copilot", "Liquidlogic", "Mosaic", "Ofsted", "Power", "Qlik", "Google", "Azure",
                 "DPIA", "AI", "IG"}
COMMON_STARTS = set("""We Our The It There This Staff Managers Some Every Each All Nothing Families Workers Practitioners
    A An Any Licences Time Records Less More Young Children Fairness Security Speech Consent Getting Outputs Legacy
    Information Health Trade Members Small Laptops Without Professional Data Per-user Procurement Transcription
    Several One Funding Involving Contracts New Supplier Chronologies Audits Agency Plain-English Parents Letters
    Assessments Notes Write-ups Summaries Decisions People Recordings Historic Summaries""".split())

SUPPLIERS = [
    ("Kinnect Software Ltd", "Kinnect Notes", "a visit recording and note-drafting assistant", "built on technology from Deepgram and OpenAI"),
    ("Northlight Analytics", "CaseLens", "a case file summarisation and chronology tool", "running on Azure OpenAI in a UK data centre"),
    ("Harbour Digital", "VisitPad", "a mobile app for recording visits and capturing children's views", "using our own speech models hosted in the UK"),
    ("Clearwater Data Ltd", "Tessera Insight", "a predictive analytics platform for early help", "using machine learning on council data"),
    ("StoryLoom Ltd", "StoryLoom", "a life story and voice-of-the-child app for children in care", "with optional AI prompts"),
    ("Fenwick AI", "Fenwick Assist", "an assistant that drafts assessments from case notes", "using large language models from Anthropic and OpenAI"),
    ("Greyfriars Systems", "Greyfriars Connect", "a single-view data platform for children's services", "with record matching across agencies"),
    ("Ampleforth Tech", "Scribe for Social Care", "an AI note-taker for social care meetings", "powered by Azure OpenAI"),
    ("Tallis Consulting", "Tallis Insight Hub", "dashboards and a natural-language search over case records", "built on Microsoft Fabric"),
    ("BrightPath Digital", "Pathway Planner", "a pathway planning tool for care leavers", "that drafts plans with young people in plain English"),
]
SUPPLIER_LINES = {
    "tools_used": L("""
        {product} is {desc}, {tech}.
        We provide {product}, {desc} {tech}, to {n} local authorities and several independent providers.
        Our product, {product}, is {desc}, {tech}. It is currently used by {n} councils.
        {product} ({desc}) - {tech}. Live in {n} councils."""),
    "tools_extra": L("""
        Most customers start with a pilot of 20 to 50 users and scale from there.
        We integrate with Liquidlogic, Mosaic and Eclipse.
        Customers include county councils, London boroughs and independent fostering agencies.
        Our roadmap for this year includes translation into the ten most common community languages."""),
    "barriers_overcome": L("""
        We are on G-Cloud, which shortens procurement.
        We publish our DPIA template, security documentation and evaluation reports so councils can reuse them.
        We have built integrations with the main case management systems.
        We offer a free, time-limited pilot so councils can build their own evidence.
        We co-fund independent evaluations with partner councils."""),
    "impact": L("""
        Customers report time savings of up to {pc}% on recording.
        Independent evaluation with one council found an average of {h} hours saved per practitioner per week.
        Users consistently tell us they spend more time with children and families.
        Our customers see improved recording quality and timeliness, as well as better staff retention."""),
    "risks_ethics": L("""
        We are ISO 27001 certified and hold Cyber Essentials Plus, and all data is hosted in the UK.
        Customer data is never used to train models.
        Human-in-the-loop by design: the practitioner edits and approves every output.
        We support councils with a template DPIA and an Algorithmic Transparency Recording Standard record."""),
    "barriers": L("""
        Long procurement cycles in local government.
        Councils lack budget even where the business case is clear.
        Integration with legacy case management systems, which rarely have open APIs.
        Each council runs its own information governance review of the same product."""),
}

PROVIDER_NAMES = L("""
    Oakleaf Fostering
    Horizon Children's Homes
    Brightwater Care Group
    Meadowbank Residential Care
    Northern Lights Fostering Agency
    Kestrel Therapeutic Care
    Rosewood Children's Services
    Harbourside Homes for Children
    The Willow Trust (residential services)
    Pennine Family Placements
    Greenfield Secure Children's Home
    Lanterns Fostering
    Oak Tree Therapeutic Communities
    Seaview Supported Accommodation
    Beacon Residential Schools
    Heartwood Fostering
    Compass Point Care
    Maple Leaf Children's Services
    Riverside Family Assessment Centre
    Thistle Care Ltd""")
VCS_NAMES = L("""
    Families First Network
    Young Voices Advocacy
    Kinship Carers Together
    Care Leavers Forward
    Parents in Partnership
    The Hope Street Project
    Open Door Youth Trust
    Foster Carers' Association (Midlands)
    Safe Harbour Children's Charity
    Bridges Family Support
    Speak Up Advocacy Service
    Refugee Families Support Network
    Children's Rights Collective
    Community Mentors Trust
    The Parenting Circle
    Northgate Young Carers
    Family Rights Advice Project""")
REGIONAL = [("North West Children's Digital Collaborative", "North West"),
            ("Yorkshire and Humber Regional Improvement Alliance", "Yorkshire and The Humber"),
            ("East Midlands Regional Practice Network", "East Midlands"),
            ("Thames Valley Children's Commissioning Partnership", "South East"),
            ("South West Children's Services Improvement Partnership", "South West"),
            ("West Midlands Regional Adoption Partnership", "West Midlands"),
            ("London Care Leavers Digital Partnership", "London"),
            ("North East Regional Fostering Hub", "North East")]
OTHER_NAMES = [("University research group on social work and technology", "National"),
               ("Independent social work consultant", "South East"),
               ("Association of Independent Reviewing Officers (informal network)", "National"),
               ("A social worker responding in a personal capacity", "North West"),
               ("Local Safeguarding Children Partnership business unit", "East of England")]
OTHER_TEXT = {
    "tools_used": L("""
        I am aware of Magic Notes and Copilot being used widely; in my own work I use ChatGPT to draft training material, never with case data.
        Our research team is studying how councils use AI note-takers.
        As a partnership we do not run tools ourselves but partners use several, including Magic Notes and Copilot."""),
}

# common misspellings applied to a few long answers
TYPOS = [("their ", "thier "), ("which", "wich"), ("practitioners", "practioners"), ("because", "becuase"),
         ("assessment", "assesment"), ("licence", "license"), ("information", "infomation"), ("governance", "goverance"),
         ("transcription", "transciption"), ("summaris", "summeris"), ("across", "accross"), ("business", "buisness"),
         ("families", "familes"), ("with ", "wiht "), ("staff", "satff"), ("government", "goverment"), ("the ", "teh ")]  # "the " only as a last resort



# ---------------------------------------------------------------------------------------------
# Respondents
# ---------------------------------------------------------------------------------------------

@dataclass
class Respondent:
    rid: str
    org: str
    otype: str
    region: str
    la_code: str
    submitted: dt.datetime
    started: dt.datetime
    uses_ai: str = ""
    voice: str = "formal"
    verbosity: str = "normal"
    tools: list = field(default_factory=list)     # (key, status, surface form, purpose)
    inhouse: list = field(default_factory=list)   # (name, desc, purpose, status)
    barriers: list = field(default_factory=list)
    single_view: str = ""
    confidential: str = "No"
    answers: dict = field(default_factory=dict)
    typos: list = field(default_factory=list)     # (question, misspelt word) planted in the answers


TRUSTS = {"E08000025": "Birmingham Children's Trust", "E08000028": "Sandwell Children's Trust",
          "E08000032": "Bradford Children and Families Trust", "E06000039": "Slough Children First",
          "E10000034": "Worcestershire Children First", "E06000061": "Northamptonshire Children's Trust",
          "E06000062": "Northamptonshire Children's Trust"}


def council_name(code: str, name: str) -> str:
    """The name a council (or the trust running its children's services) would give in a response."""
    special = {"E06000010": "Hull City Council", "E06000019": "Herefordshire Council", "E06000023": "Bristol City Council",
               "E06000047": "Durham County Council", "E06000053": "Council of the Isles of Scilly",
               "E06000058": "BCP Council", "E06000014": "City of York Council", "E09000001": "City of London Corporation",
               "E09000020": "Royal Borough of Kensington and Chelsea", "E09000021": "Royal Borough of Kingston upon Thames",
               "E09000011": "Royal Borough of Greenwich", "E09000033": "Westminster City Council",
               "E08000032": "City of Bradford Metropolitan District Council", "E08000031": "City of Wolverhampton Council",
               "E08000013": "St Helens Borough Council", "E06000043": "Brighton & Hove City Council",
               "E08000021": "Newcastle City Council", "E06000040": "Royal Borough of Windsor and Maidenhead"}
    cities = {"Manchester", "Liverpool", "Birmingham", "Leeds", "Sheffield", "Coventry", "Sunderland", "Salford",
              "Plymouth", "Derby", "Leicester", "Nottingham", "Portsmouth", "Southampton", "Peterborough", "Stoke-on-Trent"}
    if code in special:
        council = special[code]
    elif code.startswith("E10"):
        council = f"{name} County Council"
    elif name in cities:
        council = f"{name} City Council"
    elif code.startswith("E09"):
        council = f"London Borough of {name}" if int(code[-2:]) % 3 else f"{name} Council"
    elif code.startswith("E08") and int(code[-2:]) % 4 == 0:
        council = f"{name} Metropolitan Borough Council"
    else:
        council = f"{name} Council"
    return f"{TRUSTS[code]} (on behalf of {council})" if code in TRUSTS else council


def make_id(rng: random.Random, seen: set) -> str:
    alphabet = "".join(c for c in string.ascii_uppercase + string.digits if c not in "01IO")
    while True:
        rid = "ANON-{}-{}-{}".format("".join(rng.choices(alphabet, k=4)), "".join(rng.choices(alphabet, k=4)),
                                     rng.choice(alphabet))
        if rid not in seen:
            seen.add(rid)
            return rid


def submission_time(rng: random.Random) -> dt.datetime:
    """Spread over the window with the usual surge in the final week and on closing day."""
    span = (CLOSES.date() - OPENS.date()).days
    u = rng.random()
    day = span if u < .12 else rng.randint(span - 7, span - 1) if u < .45 else rng.randint(0, span - 8)
    hour = rng.choices(range(7, 24), weights=[1, 3, 6, 7, 7, 6, 5, 6, 7, 8, 6, 3, 2, 2, 2, 1, 2])[0]
    t = dt.datetime.combine(OPENS.date() + dt.timedelta(days=day), dt.time(hour, rng.randint(0, 59), rng.randint(0, 59)))
    return min(max(t, OPENS), CLOSES)


def build_respondents(rng: random.Random, las: list[dict]) -> list[Respondent]:
    seen: set = set()
    chosen = sorted(rng.sample(las, N_COUNCILS), key=lambda r: r["la_code"])
    suffixes = [""] * 8 + [" - Children's Services", " (Children and Families)", " Children's Social Care"]
    orgs = [(council_name(la["la_code"], la["name"]) + rng.choice(suffixes), "Local authority", la["region"], la["la_code"])
            for la in chosen]
    regions = sorted({la["region"] for la in las})
    orgs += [(n, "Children's social care provider", rng.choice(regions + ["National"] * 3), "") for n in PROVIDER_NAMES]
    orgs += [(n, "Voluntary or community sector", rng.choice(regions + ["National"] * 4), "") for n in VCS_NAMES]
    orgs += [(n, "Regional or sub-regional partnership", reg, "") for n, reg in REGIONAL]
    orgs += [(s[0], "Technology supplier", "National", "") for s in SUPPLIERS]
    orgs += [(n, "Other", reg, "") for n, reg in OTHER_NAMES]
    out = []
    for org, otype, region, code in orgs:
        sub = submission_time(rng)
        start = max(OPENS, sub - dt.timedelta(minutes=rng.choice([12, 25, 40, 90, 300, 2000, 9000]) + rng.randint(0, 30)))
        out.append(Respondent(make_id(rng, seen), org, otype, region, code, sub, start))
    out.sort(key=lambda r: (r.submitted, r.rid))
    return out


USES = ["In use", "Piloting", "Planning", "Not using", "Don't know"]
USES_WEIGHTS = {
    "Local authority": [29, 21, 24, 19, 7], "Children's social care provider": [30, 20, 20, 25, 5],
    "Voluntary or community sector": [25, 10, 15, 45, 5], "Regional or sub-regional partnership": [30, 40, 20, 10, 0],
    "Technology supplier": [100, 0, 0, 0, 0], "Other": [30, 10, 10, 40, 10]}
SV_LEVELS = ["Not at all", "Limited", "Moderate", "Extensive", "Don't know"]
SV_WEIGHTS = {"Local authority": [14, 34, 30, 12, 10], "Regional or sub-regional partnership": [20, 40, 30, 5, 5]}


def tool_entry(rng: random.Random, r: Respondent, key: str, status: str) -> tuple:
    forms, _, purposes = TOOLS[key]
    if key in ("chatgpt", "copilot", "gemini") and r.otype in ("Voluntary or community sector", "Children's social care provider"):
        purposes = purposes + ["admin" if r.otype == "Voluntary or community sector" else "provider_admin"] * 2
    return (key, status, rng.choice(forms), rng.choice(purposes))


def profile(rng: random.Random, r: Respondent, inhouse_pool: list) -> None:
    """Decide, out of sight, what this organisation does; the answers are written from it."""
    r.uses_ai = rng.choices(USES, weights=USES_WEIGHTS[r.otype])[0]
    r.voice = rng.choices(["formal", "frank"], weights=[6, 4] if r.otype == "Local authority" else [5, 5])[0]
    r.verbosity = rng.choices(["terse", "normal", "long"], weights=[25, 50, 25])[0]
    r.single_view = rng.choices(SV_LEVELS, weights=SV_WEIGHTS.get(r.otype, [50, 25, 8, 2, 15]))[0]
    r.barriers = [b for b, w in BARRIER_WEIGHTS.items() if rng.random() < w][:4] or ["funding"]
    rng.shuffle(r.barriers)
    if r.otype == "Technology supplier":
        return
    weights = TOOL_WEIGHTS[r.otype]
    picked = [k for k, w in weights.items() if rng.random() < w][:4]
    if r.uses_ai in ("In use", "Piloting") and not picked:
        picked = [rng.choices(list(weights), weights=list(weights.values()))[0]]
    if r.uses_ai == "In use":
        r.tools = [tool_entry(rng, r, k, "piloting" if rng.random() < .2 else "in_use") for k in picked]
    elif r.uses_ai == "Piloting":
        r.tools = [tool_entry(rng, r, k, "in_use" if k == "copilot" and rng.random() < .4 else "piloting") for k in picked]
    elif r.uses_ai == "Planning":
        r.tools = [tool_entry(rng, r, k, "planned") for k in picked[:2]]
    elif r.uses_ai == "Don't know" and rng.random() < .3:
        r.tools = [tool_entry(rng, r, "copilot", "mentioned")]
    used = {t[0] for t in r.tools}
    if rng.random() < (.2 if r.uses_ai in ("In use", "Piloting", "Not using") else .08):
        k = rng.choice([k for k in STOPPABLE if k not in used])
        r.tools.append(tool_entry(rng, r, k, "stopped"))
        used.add(k)
    if rng.random() < .14:
        r.tools.append(tool_entry(rng, r, rng.choice([k for k in REJECTABLE if k not in used]), "rejected"))
    if r.otype == "Local authority" and r.uses_ai in ("In use", "Piloting") and rng.random() < .25 and inhouse_pool:
        name, desc, purpose = inhouse_pool.pop(0)
        r.inhouse.append((name, desc, purpose, "in_use" if r.uses_ai == "In use" else "piloting"))
        if purpose == "single_view":
            r.single_view = rng.choice(["Moderate", "Extensive"])


def tool_source(r: Respondent) -> str:
    active = [t for t in r.tools if t[1] in ("in_use", "piloting")]
    parts = (["Commercial"] if active or r.otype == "Technology supplier" else []) + (["In-house"] if r.inhouse else [])
    if r.uses_ai == "Planning" and r.tools and r.rid[-1] in "ABCDEFGHJKLMN":  # about half of planners answer for the plan
        parts = ["Commercial"]
    return "; ".join(parts) or "Not applicable"


# ---------------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------------

TAG = re.compile(r"^\[(\w+)\] ")


def allowed(line: str, r: Respondent) -> bool:
    m = TAG.match(line)
    if m is None:
        return True
    city = r.la_code.startswith(("E08", "E09"))
    is_la = r.otype == "Local authority"
    return {"la": is_la, "nonla": not is_la, "rural": is_la and not city, "city": is_la and city,
            "vcs": r.otype == "Voluntary or community sector", "user": bool(active_tools(r)),
            "provider": r.otype == "Children's social care provider"}[m.group(1)]


def active_tools(r: Respondent) -> list:
    return [t for t in r.tools if t[1] in ("in_use", "piloting")] + r.inhouse


def pick(rng: random.Random, bank: list[str], r: Respondent) -> str:
    """A random variant this respondent could plausibly say (tags filter by organisation type and place)."""
    return TAG.sub("", rng.choice([line for line in bank if allowed(line, r)]))


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def frame(template: str, **parts: str) -> str:
    """Fill {x}/{X}, {a}/{A} style slots with a phrase and its capitalised form."""
    values = {}
    for k, v in parts.items():
        values[k], values[cap(k)] = v, cap(v)
    return template.format(**values)


def fill(rng: random.Random, template: str, r: Respondent, **kw) -> str:
    months = ["January", "February", "March", "April", "May", "June", "July", "September", "October", "November"]
    first = next((t[2] for t in r.tools if t[1] in ("in_use", "piloting")), "the tool")
    year = rng.choice([2023, 2024, 2024, 2024, 2025])  # past dates only: the call closed on 1 May 2025
    values = dict(team=rng.choice(TEAMS.get(r.otype, TEAMS["Other"])), year=year,
                  month=rng.choice(months[:r.submitted.month - 1] or months[:1] if year == 2025 else months),
                  later=rng.choice(["June", "July", "September", "the autumn"]), n=rng.choice([6, 10, 12, 20, 25, 40, 60, 85, 120, 200]),
                  k=rng.choice([3, 4, 6, 6, 9, 12]), h=rng.choice([2, 3, 4, 4, 5, 6, 8]), m=rng.choice([60, 75, 90, 120]),
                  m2=rng.choice([15, 20, 30]), pc=rng.choice([20, 30, 40, 50, 60]), t=first, org=r.org.strip(),
                  short=re.sub(r" (County |City |Borough |Metropolitan Borough )?Council.*", "", r.org),
                  reason=rng.choice(REASONS))
    values.update(kw)
    text = template.format(**values)
    return cap(text) if not text.startswith(("magicnotes", "chat gpt", "copilot", "chatGPT")) else text


def polish(rng: random.Random, sentences: list[str], r: Respondent, asides: str = "") -> list[str]:
    """Vary the joins: connectives, a frank aside now and then, 'The Council's' in formal council answers."""
    out = []
    for i, s in enumerate(sentences):
        if i > 0 and s.split(" ", 1)[0] in COMMON_STARTS and rng.random() < .18:
            s = rng.choice(CONNECTORS) + s[0].lower() + s[1:]
        if (asides and r.voice == "frank" and s.endswith(".") and rng.random() < .15
                and not any(w in s for w in ("not", "too early", "No ", "?", " - "))):
            s = s[:-1] + rng.choice(FRANK_ASIDES[asides]) + "."
        if r.voice == "formal" and r.otype == "Local authority" and s.startswith("Our ") and rng.random() < .35:
            s = "The Council's " + s[4:]
        out.append(s)
    return out


def compose(rng: random.Random, sentences: list[str], r: Respondent, asides: str = "") -> str:
    """Join sentences as one paragraph, or several for long answers."""
    sentences = polish(rng, list(dict.fromkeys(s for s in sentences if s)), r, asides)
    if r.verbosity == "long" and len(sentences) >= 4:
        cut = sorted(rng.sample(range(1, len(sentences)), k=min(2, len(sentences) - 2)))
        paras = [sentences[a:b] for a, b in zip([0] + cut, cut + [len(sentences)])]
        return "\n\n".join(" ".join(p) for p in paras if p)
    return " ".join(sentences)


def tool_sentence(rng: random.Random, r: Respondent, entry) -> str:
    key, status, surface, purpose = entry
    reason = rng.choice(REASONS_PREDICTIVE if key in ("xantura", "tessera") else
                        REASONS_FREE + REASONS if key in ("otter", "granola", "chatgpt") else REASONS)
    bank = {"in_use": IN_USE, "piloting": PILOTING, "planned": PLANNED, "stopped": STOPPED, "rejected": REJECTED,
            "mentioned": DONT_KNOW_TOOLS[:1]}[status]
    if key in ("google_translate", "otter", "granola", "dragon", "viewpoint"):  # free or per-device: no licence counts
        bank = [b for b in bank if "licence" not in b]
    return fill(rng, rng.choice(bank), r, t=surface, p=rng.choice(PURPOSES[purpose]), reason=reason)


def answer_tools(rng: random.Random, r: Respondent) -> str:
    if r.otype == "Technology supplier":
        return r.answers["tools_used"]
    if not r.tools and not r.inhouse:
        bank = {"Don't know": DONT_KNOW_TOOLS, "Planning": PLANNING_NO_TOOL}.get(r.uses_ai, NOT_USING_TOOLS)
        return pick(rng, bank, r)
    active = [t for t in r.tools if t[1] in ("in_use", "piloting")]
    if r.verbosity == "terse" and active:
        if rng.random() < .5:
            return ", ".join(t[2] for t in active) + rng.choice(["", ".", " - see Q1", " (pilot)" if r.uses_ai == "Piloting" else ""])
        return f"{active[0][2]} for {rng.choice(PURPOSES[active[0][3]])}"
    if len(active) >= 2 and rng.random() < .3:  # list layout, as many councils answer
        bullet = rng.choice(["- ", "* ", "• ", "{i}. "])
        lines = [bullet.format(i=i + 1) + f"{t[2]} {rng.choice(['-', '–', ':'])} {rng.choice(PURPOSES[t[3]])}"
                 for i, t in enumerate(active)]
        lines += [bullet.format(i=len(lines) + 1 + i) + f"{name} (in-house) - {desc}" for i, (name, desc, _, _) in enumerate(r.inhouse)]
        rest = [tool_sentence(rng, r, t) for t in r.tools if t not in active]
        head = rng.choice(["We currently use:", "Tools in use:", "The following are in use:", ""])
        return "\n".join(([head] if head else []) + lines) + ("\n\n" + " ".join(rest) if rest else "")
    sentences = [tool_sentence(rng, r, t) for t in r.tools]
    if len(active) >= 2 and rng.random() < .35:  # two tools in one sentence
        a, b = active[0], active[1]
        joined = rng.choice(["Alongside {a}, staff also use {b} for {p}.", "Both {a} and {b} are used, the second mainly for {p}.",
                             "We use {a} and {b}; {b} mostly for {p}."])
        sentences[1] = joined.format(a=a[2], b=b[2], p=rng.choice(PURPOSES[b[3]]))
    sentences += [fill(rng, rng.choice(INHOUSE_SENT), r, name=n, desc=d) +
                  (" It is still in testing." if s == "piloting" else "") for n, d, _, s in r.inhouse]
    if r.verbosity == "long" and r.voice in OPENERS:
        sentences.insert(0, fill(rng, pick(rng, OPENERS[r.voice], r), r))
    return compose(rng, sentences, r)


def answer_impact(rng: random.Random, r: Respondent) -> str:
    active = [t for t in r.tools if t[1] in ("in_use", "piloting")] + [(n, s, n, p) for n, _, p, s in r.inhouse]
    if not active:
        if r.uses_ai == "Planning" and rng.random() < .5:
            return rng.choice(["We hope it will free up practitioner time, but it is too early to say.",
                               "Not yet known - we are not live.", "None yet as we are still planning."])
        return rng.choice(NA_ANSWERS)
    if r.verbosity == "terse":
        return rng.choice(["Time saved on recording.", "Positive so far.", "Too early to say.", "Mixed.",
                           f"Saves roughly {rng.choice([2, 3, 4, 5])} hrs/week per worker", "Staff like it."])
    purposes = list(dict.fromkeys(t[3] for t in active))
    sentences = [pick(rng, IMPACT_BY_PURPOSE[p], r) for p in purposes[:2]]
    if sentences and rng.random() < .4 and sentences[0].split(" ", 1)[0] in COMMON_STARTS:
        sentences[0] = f"With {active[0][2]}, " + sentences[0][0].lower() + sentences[0][1:]
    themes = [th for p in purposes for th in PURPOSE_IMPACTS.get(p, [])]
    for extra, p in (("wellbeing_retention", .3), ("cost", .2), ("none_yet", .15)):
        if rng.random() < p:
            themes.append(extra)
    themes = list(dict.fromkeys(themes))
    rng.shuffle(themes)
    n = rng.randint(1, 2) if r.verbosity == "normal" else rng.randint(3, 5)
    sentences += [fill(rng, pick(rng, IMPACT[th], r), r, t=active[0][2], k=rng.choice([40, 80, 150, 250])) for th in themes[:n]]
    return compose(rng, sentences, r, asides="impact")


def answer_risks(rng: random.Random, r: Respondent) -> str:
    if r.otype == "Technology supplier":
        return r.answers["risks_ethics"]
    if not active_tools(r):
        return pick(rng, RISKS_NONUSER, r)
    if r.verbosity == "terse":
        return rng.choice(RISKS_TERSE)
    risks = rng.sample(list(RISKS), k=rng.randint(1, 3))
    gov = rng.sample(list(GOVERNANCE), k=rng.randint(1, 3))
    sentences = []
    if rng.random() < .55:
        nouns = [rng.choice(RISK_NOUNS[k]) for k in risks[:2]]
        sentences.append(frame(rng.choice(CONCERN_FRAMES), a=nouns[0], b=nouns[1]) if len(nouns) > 1
                         else f"The main concern is {nouns[0]}.")
    sentences += [pick(rng, RISKS[k], r) for k in risks]
    if len(gov) >= 2 and rng.random() < .4:
        sentences.append(frame(rng.choice(GOV_FRAMES), x=rng.choice(GOV_NOUNS[gov[0]]), y=rng.choice(GOV_NOUNS[gov[1]])))
        gov = gov[2:]
    sentences += [pick(rng, GOVERNANCE[k], r) for k in gov]
    return compose(rng, sentences[: (4 if r.verbosity == "normal" else 8)], r)


def answer_barriers(rng: random.Random, r: Respondent) -> str:
    if r.otype == "Technology supplier":
        return r.answers["barriers"]
    if r.verbosity == "terse":
        nouns = [BARRIER_NOUNS[b][0] for b in r.barriers]
        text = ", ".join(nouns[:-1]) + " and " + nouns[-1] if len(nouns) > 1 else nouns[0]
        return cap(text) + rng.choice([".", "", ", mainly."])
    sentences, frames = [], BARRIER_FRAMES[:]
    for i, b in enumerate(r.barriers):
        u = rng.random()
        if u > .4:  # a topic sentence naming the barrier; "main"/"biggest" only once per answer
            f = rng.choice([f for f in frames if i > 0 or not f.startswith(("Then", "Another"))])
            frames = [x for x in frames if x != f and not (("main" in f or "biggest" in f) and ("main" in x or "biggest" in x))]
            sentences.append(frame(f, x=rng.choice(BARRIER_NOUNS[b])))
        if u < .7:
            sentences.append(pick(rng, BARRIERS[b], r))
    if r.verbosity == "long":
        opener = {"formal": ["The Council has faced a number of challenges, summarised below." if r.otype == "Local authority"
                             else "We have faced several challenges.", "Key challenges are set out below.", ""],
                  "frank": ["Where do I start?", "Lots.", "Challenges have been practical more than ethical.", ""]}
        sentences.insert(0, rng.choice(opener.get(r.voice, [""])))
    return compose(rng, sentences, r, asides="barriers")


def answer_overcome(rng: random.Random, r: Respondent) -> str:
    if r.verbosity == "terse" or rng.random() < .12:
        return rng.choice(OVERCOME_TERSE)
    if not active_tools(r) and rng.random() < .6:
        return rng.choice(["N/A - we have not got that far.", "They haven't, which is partly why we are not using AI yet.",
                           "Not applicable at this stage.", "We have not overcome them yet.", "n/a"])
    sentences = []
    for b in r.barriers[: rng.randint(1, len(r.barriers))]:
        s = pick(rng, OVERCOME[b], r)
        prefix = frame(rng.choice(OVERCOME_PREFIX), noun=BARRIER_NOUNS[b][0])
        first = s.split(" ", 1)[0]
        if prefix and first != "Not" and first[1:].islower() and first not in PROPER_STARTS:
            s = prefix + s[0].lower() + s[1:]
        elif prefix.endswith(": "):
            s = prefix + s
        sentences.append(s)
    if rng.random() < .25:
        sentences.append(rng.choice(["Others remain.", "The rest are still barriers.", "Funding remains the issue.",
                                     "Culture change takes longer than any procurement."]))
    return compose(rng, sentences, r)


def answer_single_view(rng: random.Random, r: Respondent) -> str:
    if r.otype == "Regional or sub-regional partnership":
        return compose(rng, rng.sample(SV_REGIONAL, k=rng.randint(1, 2)), r)
    if r.otype != "Local authority" and rng.random() < .6:
        return rng.choice(["N/A", "Not applicable to our organisation.", "", "We do not hold multi-agency data."])
    sentences = [pick(rng, SINGLE_VIEW[r.single_view], r)]
    own = [h for h in r.inhouse if h[2] == "single_view"]
    if own:
        sentences.append(f"{own[0][0]} is {own[0][1]}.")
    if (r.otype == "Local authority" and r.single_view in ("Not at all", "Limited", "Moderate") and rng.random() < .35
            and sentences[0] not in ("N/A", "None.")):
        plans = [p for p in SV_PLANNED if r.single_view != "Not at all" or not p.startswith("[extend]")]
        sentences.append(fill(rng, rng.choice(plans).replace("[extend] ", ""), r, year=rng.choice([2025, 2026])))
    if r.verbosity == "long" and r.single_view in ("Moderate", "Extensive"):
        sentences.append(pick(rng, SINGLE_VIEW[r.single_view], r))
    return compose(rng, sentences, r)


def answer_support(rng: random.Random, r: Respondent) -> str:
    keys = [k for k in SUPPORT_NOUNS if k != "voice" or r.otype != "Local authority"]
    asks = rng.sample(keys, k={"terse": 2, "normal": rng.randint(1, 3), "long": rng.randint(3, 5)}[r.verbosity])
    if r.verbosity == "terse":
        return cap(rng.choice(["", "{} and {}.", "{}, {}", "more {} and {}."]).format(*(SUPPORT_SHORT[a] for a in asks)))
    nouns = [pick(rng, SUPPORT_NOUNS[a], r) for a in asks]
    if len(nouns) >= 3 and rng.random() < .3:
        head = rng.choice(["The Council would welcome:" if r.otype == "Local authority" else "We would welcome:",
                           "We would welcome:", "In order of priority:", ""])
        return "\n".join(([head] if head else []) + [f"- {cap(x)}" for x in nouns])
    sentences = [frame(f, x=x) for f, x in zip(rng.sample(SUPPORT_FRAMES, k=len(nouns)), nouns)]
    if rng.random() < .4:
        i = rng.randrange(len(sentences))
        sentences[i] += " " + rng.choice(SUPPORT_REASONS)
    if r.voice == "frank" and rng.random() < .4:
        sentences.append(rng.choice(["Honestly, money would help most.", "Please don't make every council work this out alone.",
                                     "Fewer pilots, more sustained funding.", "Listen to frontline staff, not just suppliers."]))
    if r.otype == "Technology supplier":
        sentences.insert(0, "A national route to market for assured suppliers would shorten sales cycles for everyone.")
    return compose(rng, sentences, r)


def supplier_answers(rng: random.Random, r: Respondent, supplier) -> None:
    """Suppliers answer about their own product, in a marketing register."""
    _, product, desc, tech = supplier
    r.tools = [(product, "in_use", product, "drafting")]
    r.verbosity = rng.choice(["normal", "long"])
    r.voice = "supplier"
    for q in ("tools_used", "impact", "risks_ethics", "barriers", "barriers_overcome"):
        lines = rng.sample(SUPPLIER_LINES[q], k=1 if q == "tools_used" else rng.randint(2, 3))
        if q == "tools_used" and rng.random() < .6:
            lines.append(rng.choice(SUPPLIER_LINES["tools_extra"]))
        r.answers[q] = " ".join(fill(rng, s, r, product=product, desc=desc, tech=tech, n=rng.randint(4, 60)) for s in lines)
    single = "single-view" in desc
    r.single_view = "Extensive" if single else rng.choice(["Not at all", "Don't know"])
    r.answers["single_view_detail"] = (f"{product} matches records across social care, education, health and police for "
                                       "our council customers, with role-based access." if single else
                                       rng.choice(["N/A - our product is not a single-view system.", "N/A",
                                                   f"{product} integrates with case management systems but is not a single view."]))


def add_typo(rng: random.Random, r: Respondent, q: str) -> None:
    """Misspell one common word in an answer, and note it for the README."""
    for right, wrong in rng.sample(TYPOS[:-1], k=len(TYPOS) - 1) + TYPOS[-1:]:
        if right in r.answers[q]:
            r.answers[q] = r.answers[q].replace(right, wrong, 1)
            r.typos.append((q, wrong.strip()))
            return


def write_answers(rng: random.Random, r: Respondent) -> None:
    r.answers["tools_used"] = answer_tools(rng, r)
    if r.otype == "Other" and not r.tools and rng.random() < .7:
        r.answers["tools_used"] = rng.choice(OTHER_TEXT["tools_used"])
    r.answers["impact"] = r.answers.get("impact") or answer_impact(rng, r)
    r.answers["risks_ethics"] = answer_risks(rng, r)
    r.answers["barriers"] = answer_barriers(rng, r)
    r.answers["barriers_overcome"] = r.answers.get("barriers_overcome") or answer_overcome(rng, r)
    r.answers["single_view_detail"] = r.answers.get("single_view_detail") or answer_single_view(rng, r)
    r.answers["support_needed"] = answer_support(rng, r)
    if r.verbosity == "terse" and rng.random() < .3:  # some respondents leave later questions blank
        for q in ("barriers_overcome", "single_view_detail", "support_needed")[rng.randint(0, 2):]:
            r.answers[q] = ""
    if r.verbosity == "long" and rng.random() < .35:
        q = rng.choice(["tools_used", "impact", "risks_ethics", "barriers"])
        add_typo(rng, r, q)
    if r.voice == "formal" and rng.random() < .2:  # pasted from a word processor: curly apostrophes
        r.answers = {q: a.replace("'", "\u2019") for q, a in r.answers.items()}


# ---------------------------------------------------------------------------------------------
# Plants: personal details, disagreements, quirks (each logged for the README)
# ---------------------------------------------------------------------------------------------

PERSONAL = [  # (organisation type, question, text appended, what it plants)
    ("Local authority", "support_needed", " Happy to discuss further: please contact Sarah Jenkins, Head of Service for "
     "Children's Digital, at sarah.jenkins@example.gov.uk.", "person name + email address"),
    ("Local authority", "tools_used", " For more detail on the pilot contact our project lead, Tom Whitfield, on "
     "07700 900123.", "person name + mobile number"),
    ("Local authority", "barriers_overcome", " Our IG lead, Dr Priya Raman, is happy to share our DPIA with other "
     "councils - ring her on 020 7946 0418.", "person name + landline number"),
    ("Local authority", "impact", " One young person, Kayden (15), told his worker the app let him say things he "
     "could not say in the room.", "child's first name and age"),
    ("Voluntary or community sector", "support_needed", " We would welcome a visit: our drop-in is at 14 Mill Lane, "
     "Bradford BD1 4AB.", "street address + postcode"),
    ("Children's social care provider", "risks_ethics", " Questions can go to our Responsible Individual at "
     "j.osei@example.org.uk.", "email address"),
    ("Local authority", "barriers", " Frankly our Director, Mark Ellison, has been reluctant to sign anything off.",
     "person name (in a confidential response)"),
]


def plant(rng: random.Random, rows: list[Respondent]) -> tuple[list, list, list]:
    """Add personal details, closed/free-text disagreements and data-quality quirks; return logs of each."""
    pool = rows[:]
    rng.shuffle(pool)
    taken: set = set()

    def take(pred):
        r = next(x for x in pool if x.rid not in taken and pred(x))
        taken.add(r.rid)
        return r

    personal = []
    for otype, q, text, what in PERSONAL:
        r = take(lambda x: x.otype == otype and x.answers.get(q) not in ("", "N/A", None) and x.verbosity != "terse"
                 and ("app" not in text or any(t[3] == "voice_of_child" for t in active_tools(x)))
                 and ("pilot" not in text or x.uses_ai == "Piloting"))
        r.answers[q] = r.answers[q].rstrip() + ("\n\n" + text.strip() if "\n" in r.answers[q] else text)
        personal.append((r.rid, q, what))
    confidential = [r for r in rows if r.rid == personal[-1][0]]
    confidential += [take(lambda x, t=t: x.otype == t) for t in ["Local authority"] * 5 +
                     ["Children's social care provider", "Voluntary or community sector"]]
    for r in confidential:
        r.confidential = "Yes"

    la = lambda *uses: (lambda x: x.otype == "Local authority" and x.uses_ai in uses)  # noqa: E731
    disagreements = []
    r = take(la("Not using"))
    r.answers["tools_used"] = ("We are not using AI in frontline practice, although business support staff are part "
                               "of a small Co-pilot pilot run by corporate IT.")
    disagreements.append((r.rid, "uses_ai is 'Not using' but tools_used describes a Copilot pilot"))
    r = take(la("Not using"))
    r.answers["tools_used"] = "Magic notes is being piloted by two locality teams since January."
    disagreements.append((r.rid, "uses_ai is 'Not using' but tools_used says Magic Notes is being piloted"))
    r = take(lambda x: x.otype == "Local authority" and any(t[0] == "magic_notes" and t[1] == "in_use" for t in x.tools)
             and not x.inhouse)
    r.answers["tool_source_override"] = "In-house"
    disagreements.append((r.rid, "tool_source is 'In-house' but the only tools named are commercial (Magic Notes)"))
    r = take(lambda x: x.otype == "Local authority" and x.single_view == "Not at all")
    r.answers["single_view_detail"] = ("We would not call it a single view, but a Power BI dashboard brings together "
                                       "school attendance, exclusions and social care data for each child open to us.")
    disagreements.append((r.rid, "single_view is 'Not at all' but the detail describes a dashboard joining data sources"))
    r = take(la("In use"))
    r.answers["tools_used"] = "We don't use any AI tools yet but are planning a pilot of MS Copilot in the autumn."
    disagreements.append((r.rid, "uses_ai is 'In use' but tools_used says no AI tools are used yet"))

    quirks = []
    r = take(la("Piloting"))
    r.uses_ai = "piloting"
    quirks.append((r.rid, "uses_ai", "option in lower case: 'piloting'"))
    r = take(lambda x: x.otype == "Local authority" and x.single_view == "Moderate")
    r.single_view = "moderate"
    quirks.append((r.rid, "single_view", "option in lower case: 'moderate'"))
    r = take(lambda x: x.otype == "Local authority")
    r.org += " "
    quirks.append((r.rid, "organisation_name", "trailing space after the name"))
    r = take(lambda x: x.answers["barriers"].strip() != "")
    r.answers["barriers"] = " " + r.answers["barriers"] + "   "
    quirks.append((r.rid, "barriers", "leading and trailing whitespace"))
    r = take(lambda x: x.verbosity == "long" and x.answers["impact"].count(". ") >= 2)
    r.answers["impact"] = r.answers["impact"].replace(". ", ".\n \n\n", 1)
    quirks.append((r.rid, "impact", "blank lines (one holding only a space) inside the answer"))
    r = take(lambda x: x.inhouse and any(t[1] == "in_use" for t in x.tools))
    r.answers["tool_source_override"] = "Commercial;In-house"
    quirks.append((r.rid, "tool_source", "multi-choice joined with ';' and no space"))
    for _ in range(2):
        r = take(lambda x: x.otype != "Technology supplier")
        r.answers["tool_source_override"] = ""
        quirks.append((r.rid, "tool_source", "left blank"))
    return personal, disagreements, quirks


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

RESPONDENT_COLUMNS = ["respondent_id", "organisation_name", "organisation_type", "region", "la_code", "submitted_at",
                      "confidential"]


def canonical_rows(rows: list[Respondent], question_ids: list[str]) -> list[list[str]]:
    out = []
    for r in rows:
        closed = {"uses_ai": r.uses_ai, "single_view": r.single_view,
                  "tool_source": r.answers.get("tool_source_override", tool_source(r))}
        out.append([r.rid, r.org, r.otype, r.region, r.la_code, r.submitted.isoformat(), r.confidential] +
                   [closed.get(q, r.answers.get(q, "")) for q in question_ids])
    return out


def write_csv(path: Path, header: list[str], rows: list[list[str]], bom: bool = False, crlf: bool = False) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        writer = csv.writer(f, lineterminator="\r\n" if crlf else "\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write the workbook, then rewrite the zip with fixed timestamps so the bytes never change."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Responses"
    ws.append(header)
    for row in rows:
        ws.append([v if v != "" else None for v in row])
    ws.freeze_panes = "B2"
    wb.properties.creator = "data/sample/generate.py"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6]), data,
                         compress_type=zipfile.ZIP_DEFLATED)


def write_citizen_space(out: Path, rows: list[Respondent], canon: list[list[str]], qset: dict) -> None:
    """An export as Citizen Space would give it: question text as headers, an ID column and an ignored column."""
    fields = {f["id"]: f["text"] for f in qset["respondent_fields"]}
    mapping = {"Response ID": "respondent_id", "Submitted on": "submitted_at"}
    for fid in ("organisation_name", "organisation_type", "region", "la_code", "confidential"):
        mapping[fields[fid]] = fid
    for q in qset["questions"]:
        mapping[q["text"]] = q["id"]
    header = ["Response ID", "Started on"] + list(mapping)[1:]
    index = RESPONDENT_COLUMNS + [q["id"] for q in qset["questions"]]
    body = []
    for r, row in zip(rows, canon):
        values = dict(zip(index, row))
        values["submitted_at"] = r.submitted.strftime("%Y-%m-%d %H:%M:%S")
        values["tool_source"] = values["tool_source"].replace("; ", ", ")
        body.append([r.rid, r.started.strftime("%Y-%m-%d %H:%M:%S")] + [values[mapping[h]] for h in header[2:]])
    write_csv(out / "citizen_space_export.csv", header, body, bom=True, crlf=True)
    lines = ["# Question map: export column header -> question id",
             "# For data/sample/citizen_space_export.csv (generated by data/sample/generate.py).",
             "columns:"] + [f"  {quote(h)}: {qid}" for h, qid in mapping.items()]
    lines += ["# Columns present in the export that carry nothing to analyse.", "ignore:", f"  - {quote('Started on')}"]
    (out / "citizen_space_question_map.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


README = """# Sample responses (SYNTHETIC)

**Every response in this folder is synthetic.** The files were written by `generate.py`, a seeded
script, and are not real responses to the Department for Education's call for evidence. Council
names, regions and ONS codes are real (taken from `src/synthesis/data/local_authorities.csv`), as are
the names of a few children's trusts that run councils' services, so that coverage maps and region
breakdowns have something to show. The answers attached to them are invented and say nothing about
what any council or trust actually does or thinks. Real products are named (Magic Notes, Microsoft
Copilot, ...), but every statement about who uses them, how well they work or why they were dropped is
invented too. All other organisations, the products marked as invented below, people, email
addresses, phone numbers and addresses are fictional (emails use the reserved `example.*` domains;
phone numbers come from Ofcom's ranges reserved for TV and radio drama).

## Files

| file | what it is |
|---|---|
| `responses.csv` | canonical layout, UTF-8: respondent fields then question ids in `questions.yaml` order; `tool_source` joined with `"; "` |
| `responses.xlsx` | the same rows and columns as one worksheet |
| `citizen_space_export.csv` | the same responses as a Citizen Space-style export: full question text as headers, `Response ID`, an ignored `Started on` column, `Submitted on` as `YYYY-MM-DD HH:MM:SS`, multi-choice joined with `", "`, UTF-8 with BOM and CRLF line ends |
| `citizen_space_question_map.yaml` | maps each export header to a question id; `ignore:` lists columns with nothing to analyse |
| `generate.py` | the generator (seed {seed}) |

Regenerate (byte-identical every time):

```
python data/sample/generate.py            # writes into data/sample/
python data/sample/generate.py --out DIR  # writes into DIR
```

## What is in it

{n} respondents submitted between {first} and {last}, with most arriving in the final week and on
closing day (1 May). By type: {by_type}. `uses_ai`: {by_use}.

Tools are a mix of well-known products (Magic Notes, Microsoft Copilot, Teams transcription, ChatGPT,
Gemini, Azure OpenAI, Mind Of My Own, Power BI, Qlik, Otter, Granola, ...), invented small-supplier
products that are on no tool list (Kinnect Notes, CaseLens, VisitPad, Tessera Insight, StoryLoom,
Fenwick Assist, Greyfriars Connect, Scribe for Social Care, Tallis Insight Hub, Pathway Planner) and
invented in-house builds (FamilyView, Ask Ada, NoteMate, Project Beacon, ChronoBuilder, Hearth,
PlainSpeak, Front Door Assistant, Lighthouse, My Say, CaseCompass, Family Timeline). Product names
are spelled inconsistently on purpose ("Magic notes", "magicnotes", "Co-pilot", "MS Copilot",
"chat gpt"). Tools appear as in use, piloting, planned, stopped and rejected. Free text ranges from
empty, "N/A" and "n/a - see above" to several paragraphs and bulleted lists.

How it is written: each organisation first gets a hidden profile (AI use, tools and their status,
in-house builds, barriers, voice: formal / frank / supplier, and verbosity: terse / normal / long).
Each answer is then assembled from that profile out of phrase variants and sentence frames, some of
them limited to councils, to other organisations, to rural or urban councils, or to organisations
that already use a tool. So `barriers_overcome` answers address that respondent's own barriers, and
closed answers agree with the free text except where disagreement is planted (below). Expect the
loose ends real data has too: a council "Planning" a pilot may tick `Commercial` or `Not applicable`.

## Planted on purpose

Personal details (for redaction tests):

| respondent_id | question | planted |
|---|---|---|
{personal}

Confidential respondents (`confidential = Yes`): {confidential}.

Closed answers that disagree with the free text (as in real data):

| respondent_id | disagreement |
|---|---|
{disagreements}

Data-quality quirks that must still load (no fatal errors: ids are present and unique):

| respondent_id | column | quirk |
|---|---|---|
{quirks}

Common misspellings planted in long answers: {typos}.

Whole-file quirks: `citizen_space_export.csv` starts with a UTF-8 BOM, uses CRLF line ends, writes
dates with a space instead of `T`, joins multi-choice answers with `", "`, and has a `Local authority
ONS code` column (a real export would more likely carry the authority's name). Long answers contain
line breaks and blank lines; some use curly or en-dash punctuation and `£`.
"""


def count(values) -> str:
    tally: dict = {}
    for v in values:
        tally[v] = tally.get(v, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])))


def write_readme(out: Path, rows, personal, disagreements, quirks) -> None:
    text = README.format(
        seed=SEED, n=len(rows), first=min(r.submitted for r in rows).date(), last=max(r.submitted for r in rows).date(),
        by_type=count(r.otype for r in rows), by_use=count(r.uses_ai for r in rows),
        personal="\n".join(f"| `{a}` | `{b}` | {c} |" for a, b, c in personal),
        confidential=", ".join(f"`{r.rid}`" for r in rows if r.confidential == "Yes"),
        disagreements="\n".join(f"| `{a}` | {b} |" for a, b in disagreements),
        quirks="\n".join(f"| `{a}` | `{b}` | {c} |" for a, b, c in quirks),
        typos=", ".join(f"`{r.rid}` {q} (\"{w}\")" for r in rows for q, w in r.typos))
    (out / "README.md").write_text(text, encoding="utf-8")


def generate(out: Path) -> None:
    rng = random.Random(SEED)
    qset = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    with open(LA_CSV, encoding="utf-8", newline="") as f:
        las = list(csv.DictReader(f))
    rows = build_respondents(rng, las)
    inhouse_pool = INHOUSE[:]
    suppliers = {s[0]: s for s in SUPPLIERS}
    for r in rows:
        profile(rng, r, inhouse_pool)
        if r.otype == "Technology supplier":
            supplier_answers(rng, r, suppliers[r.org])
        write_answers(rng, r)
    personal, disagreements, quirks = plant(rng, rows)
    question_ids = [q["id"] for q in qset["questions"]]
    header = RESPONDENT_COLUMNS + question_ids
    canon = canonical_rows(rows, question_ids)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "responses.csv", header, canon)
    write_xlsx(out / "responses.xlsx", header, canon)
    write_citizen_space(out, rows, canon, qset)
    write_readme(out, rows, personal, disagreements, quirks)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: data/sample)")
    generate(parser.parse_args(argv).out)


if __name__ == "__main__":
    main()
