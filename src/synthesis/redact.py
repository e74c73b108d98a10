"""Personal data -> placeholders, before any free text is published (SPEC §4 "Personal data").

What is replaced, and by what::

``[EMAIL]``         e-mail addresses, also written out ("jo.smith at essex dot gov dot uk")
``[PHONE]``         UK numbers in any grouping ("01632 960 123", "07700.900.123", "07 700 900
                    123", "(020) 7946 0958"), with +44, 0044 or a bare 44 ("447700900123"),
                    and international ones starting with ``+`` or ``00``
``[POSTCODE]``      full UK postcodes in any case ("SW1A 1AA", "m1 1ae")
``[NI_NUMBER]``     National Insurance numbers ("QQ 12 34 56 C", "QQ123456C")
``[NHS_NUMBER]``    10-digit NHS numbers, usually written 3-3-4 ("943 476 5919")
``[PASSPORT]``      a number after "passport" ("passport number 502135326", "passport P4366918")
``[DRIVING_LICENCE]`` UK driving-licence numbers ("MORGA657054SM9IJ")
``[CASE_REF]``      case and file references ("CR-2024-001234", "LCS-123456"; "case ref 55123"
                    after a cue) and other runs of 8+ digits; not contract, ticket or
                    purchase-order numbers ("CCS-2024-0045", "INC0012345")
``[DATE_OF_BIRTH]`` a date marked as a date of birth, in figures or words ("DOB 12/03/2011",
                    "born on the third of March twenty eleven"); the marker words stay
``[ADDRESS]``       house number + street ("12 High Street"), flats and named buildings
                    ("Flat 2, Rosebank House, Mill Lane"), a street after "lives at"
``[HANDLE]``        social-media handles ("@janesmith_sw", "his snapchat is tyler_r_2011");
                    organisations' accounts ("@LGAcomms") are kept
``[URL]``           *personal* web addresses only: social-media profiles, personal sites and
                    blogs, OneDrive/SharePoint areas, staff and profile pages, and addresses
                    whose path holds a listed name ("example.org/news/sarah-jenkins").
                    Public web addresses (a council's site, gov.uk pages) are kept.
``[NAME]``          names of people (children, families, staff), titles included
                    ("Mr Patel" -> "[NAME]", "Dr. A. Khan" -> "[NAME]"), and words in
                    Arabic, Chinese, Cyrillic and other non-Latin scripts

How names are found, cheapest first:

1. rules over a light regex tokenisation (no spaCy):
   - an honorific + initials/capitalised words ("Mr Patel", "Dr. A. Khan", "Mrs Van der Merwe");
   - a first name from ``data/first_names.txt`` (about 1,080, from many origins) + capitalised
     surname (``data/surnames.txt``): "Sarah Jenkins", "Priya"; in lower case too ("sarah
     jenkins") unless it is also a word ("will", "tom"); names that are ordinary words ("Grace",
     "Will", "Summer") need a surname or a cue: "with Rose about", "Hunter, aged 4", "Bill from
     IT", "Frank was frank", "Grandma Pearl", "Summer and her brother";
   - family names ("the Nguyen children", "the Patels"); the other half of a name already
     redacted ("DeShawn [NAME]"); runs of Chinese, Vietnamese and Korean name words
     (``data/east_asian_names.txt``: "Le Van Thanh", "Zhang Min");
   - cues: "contact X", "a child called X", "my social worker X", "Dear X", "X said",
     "X Y (Head of Service)", "X, aged 7", "X's mum", "A and [NAME]" (lists of names);
   - an unusual capitalised word inside a sentence (not an English word -- the English
     pipeline's lemmatizer word index, inflections included -- and not on the allow-lists
     of products, places, local authorities and organisations) is taken as a name unless
     the text shows it is a product ("we piloted X", "the X app"), a place ("in X") or is
     listed with known products or places ("Genie, Beam and X");
   - a word found to be a name is redacted everywhere else in the same text.
2. spaCy's statistical NER (``PERSON``), run only on the sentences that still hold an
   unexplained capitalised word, through ``nlp.pipe`` with only ``ner`` enabled. Its
   ``PERSON`` entities are filtered: products, places, organisation names (and words right
   before "Council", "NHS", ...) and words in a product context are dropped.

Measured on the labelled benchmark in ``benchmarks/pii/`` (written independently of these rules;
``python benchmarks/pii.py``): on ``dev.jsonl``, whose misses were read while writing the rules,
recall 0.994 (173 of 174 identifiers) with 1 of 169 keep phrases wrongly redacted; on
``test.jsonl``, whose misses were never read (it was run after each round of changes, for its
figures only), recall 0.921 (163 of 177; names 82 of 92) with 4 of 184 keep phrases wrongly
redacted. The target of 0.99 is met on dev only: expect about one identifier in twelve in text
unlike the dev set to be missed, names most of all. (Before these rules: 0.713 and 0.706.)

Other published strings: :meth:`Redactor.personal_many` / :func:`is_personal_data` tell whether
a candidate tool name is personal data in its sentence (extraction drops such tools);
:func:`redact_value` redacts short strings such as file names; :func:`pseudonymise` gives stable
keyed pseudonyms for respondent ids.

Recall on names is preferred to precision: a leaked name is worse than an over-redacted
word. The price: an unknown product or small organisation named in an ordinary sentence
("Evaluation was done by Zentrix") can become ``[NAME]``; extend ``PRODUCT_WORDS`` /
``ORG_WORDS`` (or the tool list) when that happens. The module never downloads anything
and is deterministic.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

Span = tuple[int, int, str]

NAME = "[NAME]"
EMAIL = "[EMAIL]"
PHONE = "[PHONE]"
POSTCODE = "[POSTCODE]"
DATE_OF_BIRTH = "[DATE_OF_BIRTH]"
NI_NUMBER = "[NI_NUMBER]"
NHS_NUMBER = "[NHS_NUMBER]"
URL = "[URL]"
ADDRESS = "[ADDRESS]"
CASE_REF = "[CASE_REF]"
PASSPORT = "[PASSPORT]"
DRIVING_LICENCE = "[DRIVING_LICENCE]"
HANDLE = "[HANDLE]"

PLACEHOLDERS = (NAME, EMAIL, PHONE, POSTCODE, DATE_OF_BIRTH, NI_NUMBER, NHS_NUMBER, URL, ADDRESS,
                CASE_REF, PASSPORT, DRIVING_LICENCE, HANDLE)

# When two spans of different kinds overlap and are equally long, the earlier kind here wins.
_PRIORITY = {p: i for i, p in enumerate(
    (EMAIL, URL, HANDLE, DRIVING_LICENCE, NI_NUMBER, NHS_NUMBER, PHONE, PASSPORT, CASE_REF, DATE_OF_BIRTH,
     POSTCODE, ADDRESS, NAME))}


# ---------------------------------------------------------------------------------------
# Word lists (lower case). Kept here, next to the rules that use them.
# ---------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _name_list(file: str) -> frozenset[str]:
    """A shipped name list (``data/<file>``, one name a line, ``#`` comments), in lower case."""
    text = resources.files("synthesis").joinpath(f"data/{file}").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def first_names() -> frozenset[str]:
    """The shipped first-name list (lower case)."""
    return _name_list("first_names.txt")


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in text.split())


# Products, suppliers and platforms that appear in answers about AI in social care.
# Their capitalised words are never names on their own (an honorific still wins: "Mr Beam").
PRODUCT_WORDS = _words("""
    magic notes microsoft copilot chatgpt chat gpt gpt openai open ai beam liquidlogic mosaic
    mind of my own momo power bi powerbi google gemini bard otter deepgram capita palantir
    foundry azure teams word excel outlook sharepoint onedrive office forms dynamics fabric
    amazon aws alexa siri apple android iphone ipad windows anthropic claude meta llama
    mistral perplexity grammarly whisper zoom webex slack trello salesforce servicenow
    oracle sap ibm watson accenture deloitte pwc kpmg ey serco tribal northgate civica
    servelec eclipse rio systmone emis cerner epic nhsx xantura eab wonde egress docusign
    adobe acrobat dragon nuance speechmatics rev verbit fireflies fathom tldv notion
    canva padlet kahoot mentimeter miro jira github gitlab python tableau qlik looker
    databricks snowflake hugging face huggingface llm llms gpt-4 gpt-4o copilot365 lex
    textract comprehend polly rekognition transcribe cortana bing edge chrome firefox
    safari whatsapp signal telegram facebook instagram twitter tiktok linkedin youtube
    snapchat reddit wikipedia yammer viva loop planner bookings stream clipchamp
    signs safety storyteller brightsprout voice mee family connect caspar elevate
    cygnum charms pathway patchwork frontline ai genai ml nlp heidi tortus accurx caredirector
    carenotes caselens deepl exchange familylink gemini translate workspace immersive reader
    linguadoc minute scribely recite read&write tri.x ehm scribe humphrey yoti
    lifebook clearcare carefirst redbox consult extract parlex minerva i.ai
    xbox playstation psn nintendo roblox fortnite minecraft steam discord twitch
""")

# Places and local authorities in England (and the UK nations and big cities), so that
# NER "PERSON" errors on them ("Barnet", "North Yorkshire") are dropped.
PLACE_WORDS = _words("""
    england scotland wales ireland northern britain british uk london english welsh scottish
    north south east west midlands yorkshire humber north-east north-west south-east south-west
    barking dagenham barnet bexley brent bromley camden croydon ealing enfield greenwich
    hackney hammersmith fulham haringey harrow havering hillingdon hounslow islington
    kensington chelsea kingston thames lambeth lewisham merton newham redbridge richmond
    southwark sutton tower hamlets waltham forest wandsworth westminster city
    bedford bedfordshire central blackburn darwen blackpool bournemouth christchurch poole
    bracknell brighton hove bristol buckinghamshire cambridgeshire cheshire cornwall
    cumberland cumbria darlington derby derbyshire devon dorset durham essex gloucestershire
    halton hampshire hartlepool herefordshire hertfordshire isle wight scilly kent hull
    kingston-upon-hull lancashire leicester leicestershire lincolnshire lincoln luton medway
    middlesbrough milton keynes norfolk northamptonshire northumberland nottingham
    nottinghamshire oxfordshire peterborough plymouth portsmouth reading redcar cleveland
    rutland shropshire slough somerset southampton southend stockton tees stoke trent
    suffolk surrey swindon telford wrekin thurrock torbay warrington warwickshire berkshire
    wiltshire windsor maidenhead wokingham worcestershire york westmorland furness
    barnsley birmingham bolton bradford bury calderdale coventry doncaster dudley gateshead
    kirklees knowsley leeds liverpool manchester newcastle tyne oldham rochdale rotherham
    salford sandwell sefton sheffield solihull st helens stockport sunderland tameside
    trafford wakefield walsall wigan wirral wolverhampton tyneside cambridge oxford exeter
    norwich ipswich chester lancaster preston carlisle sussex cardiff edinburgh glasgow belfast
    europe european america american usa us canada australia india africa
    china chinese hong kong vietnam vietnamese hanoi saigon korea korean seoul beijing shanghai taiwan
    chi
""")

# Organisations, public bodies, and words that make the next or previous word an
# organisation or a place rather than a person.
ORG_SUFFIX_WORDS = _words("""
    council councils county borough district city metropolitan unitary authority authorities
    nhs trust trusts icb icbs partnership partnerships foundation ltd limited plc llp inc llc
    group academy school schools college university hospital hospitals service services hub
    hubs centre center police constabulary fire region regional board commission agency
    institute network alliance consortium federation society association charity
    department ministry office government team teams unit directorate programme project
    street road avenue lane drive close way crescent place court gardens terrace grove
    square park walk mews row rise parade
    app apps tool tools platform platforms software system systems solutions technologies
    technology labs digital analytics insight insights cloud studio assistant bot chatbot ai
    model review report framework approach inquiry method award
""")

ORG_WORDS = _words("""
    ofsted nhs dfe department education government parliament cabinet office home treasury
    whitehall ons lga adcs ico cafcass nspcc barnardo barnardo's barnardos coram mencap kooth
    childline healthwatch unison unite gmb ipsos mori yougov kantar nfer cordis ifs nao
    loti socitm crown commercial g-cloud ccs tpas unicef redthread
    what works centre wwcsc nesta nice cqc dhsc mhclg dluhc gds cddo cdei jisc socitm
    solace bascs basw skills social work england research practice ripfa frontline
    step up change think ahead open university ai council county borough city
""")

# Capitalised words common in these answers that are not names.
COMMON_CAPITALISED = _words("""
    i i'm i've i'd we our the a an this that these those it its in on at for with by from
    of to and or but if as so not no yes all any some each every many most more less
    however therefore also although because while when where which who whose what why how
    there here then than thus overall currently initially recently finally firstly
    secondly thirdly additionally furthermore moreover further using use used through
    children's children child young people parents parent families family carers carer
    social care work worker workers practice practitioners practitioner frontline
    head director assistant deputy principal senior manager managers lead leads chief
    officer officers executive member members cabinet portfolio holder coordinator analyst
    consultant adviser advisor advisers specialist engineer developer architect scientist
    data protection information governance security safeguarding early help edge
    local national public private voluntary independent community sector partners partner
    service services team teams board boards panel group groups committee hub hubs
    intelligence insight business development transformation improvement innovation
    quality assurance performance strategy policy policies framework guidance standards
    artificial intelligence machine learning generative large language model models
    case management recording records record assessment assessments plan plans planning
    review reviews visit visits meeting meetings conference conferences court courts
    independent reviewing looked after leaving leavers fostering adoption residential
    homes home placement placements mash front door contact referral referrals
    ehcp send sen iro iros pa pas dpia dpias dpo gdpr uk-gdpr eia eias ico
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun mon-fri mon-thu mon-sat jan feb mar apr jun jul
    aug sep sept oct nov dec
    pilot pilots trial trials phase stage year years quarter q1 q2 q3 q4 covid covid-19
    spring summer autumn winter easter christmas
    microsoft google amazon apple meta
    english welsh polish urdu arabic romanian punjabi bengali somali french spanish tigrinya
    pashto dari farsi kurdish albanian portuguese ukrainian russian turkish gujarati tamil
    caldicott guardian guardians lovelace makaton signalong bsl
    dear regards thanks thank please note see yours sincerely faithfully best kind colleague
    colleagues sir madam everyone wi-fi wifi wi fi e-mail email internet intranet bluetooth
    broadband zoom covid-19
    mr mrs ms miss dr prof tel mob mobile fax ext
""")



def _local_authority_words() -> frozenset[str]:
    """Words of the shipped English local authority names ("Redcar", "Cleveland", ...)."""
    try:
        import csv
        text = resources.files("synthesis").joinpath("data/local_authorities.csv").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return frozenset()
    words: set[str] = set()
    for row in csv.DictReader(text.splitlines()):
        for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", row.get("name") or ""):
            words.update(part.lower() for part in w.split("-"))
            words.add(w.lower())
    return frozenset(words - {"and", "of", "on", "upon", "the", "city"})



# First names that are also ordinary words or products: redacted only when a surname
# follows or a person cue comes before ("my social worker Grace", "Grace Okafor").
AMBIGUOUS_FIRST_NAMES = _words("""
    ada amber aria bailey carol chase dawn dean eve faith florence grace heather holly hope ivy
    jack jade jordan joy lily mark mason max may nick rob robin rose ruby sue victoria will
    willow bill frank pat rich sky summer
    precious blessing pearl hunter gift favour harmony destiny patience mercy hazel violet iris
    brooke aurora luna jean noel river phoenix angel star autumn storm sunny honey cherry raven
    saffron indigo
""")

# Listed first names that are ordinary words when written in lower case ("a tom cat",
# "the big ben"): a lower-case listed name is a name only when it is none of these.
_LOWERCASE_AMBIGUOUS = AMBIGUOUS_FIRST_NAMES | _words("""
    tom ben john harry ken dan leo karen sam alex charlie james lewis scott taylor morgan
    owen martin harrison harvey kelly logan ashley casey frankie thomas ali matt phil pete
    sally tony jess maya ruth raj kai max finn mo mike jim liz
    teddy julian norman douglas duncan howard stanley warren spencer wesley frederick dominic
    felicity madison lennon libby otis kobe jasper pauline rupert troy dung yaw daisy poppy nancy
    gabriel amir ana
""")

# Surnames (data/surnames.txt): the statistical NER is trusted with these even though some are also
# ordinary English words ("Mrs Baker", "Jenkins and Baker said").
SURNAMES = _name_list("surnames.txt")
# Chinese, Vietnamese and Korean names (data/east_asian_names.txt): a name only beside another
# name-like word ("Le Van Thanh", "Li Na"), since many are also words ("Long", "Do", "Lan").
EAST_ASIAN_NAMES = _name_list("east_asian_names.txt")


def _tool_list_words() -> frozenset[str]:
    """Words of the shipped tool list's names, aliases and vendors ("Accurx", "Texthelp").

    Listed first names and surnames are left out, so that a tool named like a person does
    not let that person's name through.
    """
    try:
        import yaml
        text = resources.files("synthesis").joinpath("data/tools.yaml").read_text("utf-8")
        tools = (yaml.safe_load(text) or {}).get("tools") or []
    except Exception:  # no tool list (or an unreadable one): the built-in words still apply
        return frozenset()
    words: set[str] = set()
    for tool in tools:
        if not isinstance(tool, dict):
            continue
        phrases = [tool.get("name"), tool.get("vendor"), *(tool.get("aliases") or []),
                   *(tool.get("exact_aliases") or [])]
        for phrase in phrases:
            for w in re.findall(r"[^\W\d_][\w.&'’-]*", str(phrase or "")):
                if len(w) > 2:
                    words.add(w.lower().replace("’", "'"))
    return frozenset(words - first_names() - SURNAMES)


_BUILTIN_PRODUCT_WORDS = PRODUCT_WORDS
PRODUCT_WORDS = PRODUCT_WORDS | _tool_list_words()

_KNOWN_PLACES = PLACE_WORDS | _local_authority_words()
NON_PERSON_WORDS = PRODUCT_WORDS | PLACE_WORDS | ORG_WORDS | COMMON_CAPITALISED | _local_authority_words()
# Words that cannot be the person named after a role ("my social worker Bright" is a person
# even though Bright is also a supplier's name in the tool list).
_NOT_A_ROLE_HOLDER = (_BUILTIN_PRODUCT_WORDS | ORG_WORDS | COMMON_CAPITALISED | ORG_SUFFIX_WORDS
                      | PLACE_WORDS)

# Words that cannot be a surname after a first name (place words can: "Jo Sutton").
_NOT_SURNAME = PRODUCT_WORDS | ORG_WORDS | COMMON_CAPITALISED | ORG_SUFFIX_WORDS
_PRODUCT_OR_PLACE = PRODUCT_WORDS | PLACE_WORDS

HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame",
              "Cllr", "Councillor", "Rev", "Revd", "Lord", "Lady", "Judge", "Nurse")

# Capitalised words that no name rule can take, wherever they stand (no first name, no
# honorific, not a possible role holder): a text whose capitalised words are all of these
# (the first word may also be an ordinary English word) needs no name rules at all.
_SAFE_CAPITALISED = (NON_PERSON_WORDS & _NOT_A_ROLE_HOLDER) - first_names() - _words(" ".join(HONORIFICS))
_HONORIFIC_SET = frozenset(HONORIFICS)
# An initial: a capital letter on its own followed by a full stop ("A. Khan").
_INITIAL_DOT_RE = re.compile(r"(?<![^\W\d_])[A-Z]\s*\.")

# Titles that are also ordinary words ("Miss deadlines", "Nurse Practitioner"): the next
# word must look like a name, not merely be capitalised.
_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "bin",
                             "bint", "al", "el", "ibn", "ben", "abu", "umm", "los", "las", "del", "dos",
                             "das", "ní", "ó", "mac", "nic"})

# Words right after "Dr X" that make it a product's name ("Dr Foster data", "the Dr Jo app").
_PRODUCT_AFTER_TITLE = _words("data dataset datasets app apps software tool tools platform system systems "
                              "dashboard dashboards analytics product products")

_WORD_HONORIFICS = frozenset({"Miss", "Sir", "Dame", "Lord", "Lady", "Judge", "Nurse"})

# Capitalised words that follow "Ms"/"Mr" in product names ("Ms Teams") rather than names.
_HONORIFIC_PRODUCT_FOLLOWERS = _words(
    "teams word excel forms office outlook copilot dynamics sharepoint onedrive access "
    "powerpoint project planner visio edge windows azure power")

# Nouns before "called"/"named" that make the following word a person, or a product.
PERSON_NOUNS = _words("""
    child children boy girl baby toddler teenager teen son daughter brother sister sibling
    mum mother dad father parent grandparent grandmother grandfather nan gran aunt uncle
    cousin carer carers person people man woman lady gentleman guy someone somebody
    worker workers colleague colleagues manager practitioner officer student apprentice
    client resident tenant pupil learner friend partner husband wife family lad
""")
TOOL_NOUNS = _words("""
    tool tools app apps application applications system systems platform platforms product
    products software programme program project company companies supplier suppliers
    vendor vendors firm startup start-up bot chatbot model models assistant service
    services solution solutions package module feature function website site portal
    framework initiative scheme pilot
""")

# Role words before a name ("my social worker Priya", "our team manager, Jo Smith").
_ROLE_CUES = (
    r"social\s+worker|key\s*worker|case\s*worker|support\s+worker|family\s+support\s+worker|"
    r"worker|personal\s+adviser|personal\s+advisor|advis[eo]r|team\s+manager|service\s+manager|"
    r"manager|practitioner|mentor|teacher|carer|foster\s+carer|supervisor|colleague|"
    r"head\s+of\s+service|director|officer|iro|reviewing\s+officer|nurse|therapist|"
    r"psychologist|child|son|daughter|brother|sister|mum|dad|mother|father|foster\s+child|"
    r"young\s+person|boy|girl|baby|friend|grandson|granddaughter")

_SPEECH_VERBS = _words(
    "said says told asked explained shared felt wrote commented reported noted stated "
    "added described mentioned replied emailed called wants wanted thinks thought "
    "visited attended lives lived moved cried smiled liked loved enjoyed drew laughed "
    "agreed disagreed refused chose signed aged attends loves likes hates enjoys goes plays cries "
    "smiles draws tells asks feels came comes went goes ran left returned arrived joined wrote writes met meets")

# Words after "X's" that make X a person ("Kayleigh's foster carer", "Tom's mum").
_POSSESSED_BY_PERSON = _words("""
    mum dad mother father parents parent foster carer carers social worker key support
    sister brother sisters brothers siblings nan gran grandmother grandfather aunt uncle
    family teacher school friend friends partner husband wife son daughter children child
    baby birthday bedroom views wishes voice feelings story life placement
""")


# ---------------------------------------------------------------------------------------
# Structured identifiers: regular expressions.
# ---------------------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

_TLD = r"(?:uk|com|org|net|gov|nhs|ac|co|io|ai|info|edu|scot|wales|eu|me|biz)"
_AT_MARK = r"(?:\s*[\[({]\s*at\s*[\])}]\s*|\s+at\s+)"
_DOT_WORD = r"(?:\s*[\[({]\s*dot\s*[\])}]\s*|\s+dot\s+)"
# "jo.smith at essex dot gov dot uk", "jo [at] essex [dot] gov [dot] uk"
_OBFUSCATED_EMAIL_RE = re.compile(
    rf"(?<![\w.])(?:[A-Za-z0-9][\w+-]*{_DOT_WORD})*[A-Za-z0-9][\w.+-]*"  # local part
    rf"{_AT_MARK}"
    rf"[A-Za-z0-9-]+(?:(?:{_DOT_WORD}|\.)[A-Za-z0-9-]+)*(?:{_DOT_WORD}|\.){_TLD}\b",  # domain
    re.IGNORECASE,
)

_URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"'`]+"
    # bare addresses with a path, or on a host for personal pages ("linkedin.com/in/jo-smith-1")
    r"|(?<![\w@.\-/])(?:[a-z0-9-]+\.)+(?:com|org|net|uk|io|me|app|co|ee|tv|blog|page)"
    r"(?:/[^\s<>\"'`]*|(?=[\s<>\"'`,;:!?)]|\.(?!\w)|$))",
    re.IGNORECASE)
_BARE_DOMAIN_HINT_RE = re.compile(r"\.(?:com|org|net|uk|io|me|app|co|ee|tv|blog|page)\b", re.IGNORECASE)
_PERSONAL_URL_RE = re.compile(
    r"(?:facebook\.com|fb\.com|instagram\.com|linkedin\.com|twitter\.com|//x\.com|\bx\.com|"
    r"tiktok\.com|snapchat\.com|threads\.net|bsky\.app|youtube\.com/(?:@|user/|c/|channel/)|"
    r"/personal/|-my\.sharepoint\.com|1drv\.ms|onedrive\.live\.com|/~|@|mailto:|"
    r"[?&](?:name|email|user|username|dob|nhs)=|"
    # personal sites and blogs, and pages about one person
    r"wordpress\.com|blogspot\.|substack\.com|medium\.com/@|github\.io|wixsite\.com|tumblr\.com|"
    r"linktr\.ee|about\.me|"
    r"/(?:staff|people|person|profiles?|our-team|team|about-me|authors?|users?|u|members?|in|"
    r"child|children|young-people|young-person|client|clients|pupils?|students?|family|families|carers?)/"
    r"[^/\s?#]+)",
    re.IGNORECASE,
)
_URL_WORD_RE = re.compile(r"[^\W\d_]+")
# two words joined by "-", "_" or "." in a web address's path ("tom-whitaker")
_SLUG_PAIR_RE = re.compile(r"(?<![^\W\d_])(?=([^\W\d_]+)[-_.]([^\W\d_]+)(?![^\W\d_]))")

# Phone numbers: a run of digit groups is cut into the longest piece that has the shape of a UK
# number (0 + 9-10 digits; +44 / 0044 / 44 + 9-10 digits) or an international one (+ or 00 first).
_PHONE_RUN_RE = re.compile(
    r"(?<![\w+/£$€.,:])(?:\+\s?)?\(?\d+\)?(?:(?:\s?\(0\)\s?|[ .-])\(?\d+\)?)*(?![\w/%])")
_DIGIT_GROUP_RE = re.compile(r"\d+")

_NHS_RE = re.compile(r"(?<![\w/£$€.,+-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w/%])")
_NHS_CUE_RE = re.compile(r"\b(?:nhs|chi)\b[^.\n]{0,30}$", re.IGNORECASE)
# after the cue, ten digits in any grouping ("3423 667 125", "34236 67125")
_NHS_CUED_RE = re.compile(
    r"(?i:\b(?:nhs|chi)\b(?:\s+(?:number|no\.?|num))?\s*(?:is|was|:|#|-|\()?\s*[\"'“‘]?)"
    r"(\d(?:[ -]?\d){9})(?![\w/%]|[ -]\d)")

_NI_RE = re.compile(r"\b[A-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b|\b[a-z]{2}\d{6}[a-d]\b")
_NI_CUED_RE = re.compile(
    r"(?i:\b(?:national\s+insurance|NI|NINO)\b(?:\s+(?:number|no\.?|num))?\s*[:#-]?\s*(?:is\s+)?)"
    r"([A-Za-z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}(?:[ -]?[A-Da-d])?)\b")

# UK driving licence: 5 letters of the surname (9-padded), 6 digits, 2 initials, a digit, 2 letters.
_DRIVING_LICENCE_RE = re.compile(r"(?<![\w-])[A-Z9]{5} ?\d{6} ?[A-Z9]{2} ?\d ?[A-Z]{2}(?: ?\d{2})?(?![\w-])")
_PASSPORT_RE = re.compile(
    r"(?i:\bpassport\b[^.\d\n]{0,30}?)\b((?:[A-Z]{1,3} ?)?\d(?: ?\d){5,8}[A-Z]?)\b")
# Case and file references: letters, then digits whose last group has 5 or more ("CR-2024-001234",
# "LCS-123456", "HO-U1234567"); shorter ones after a cue ("case ref 55123", "ref ADP-2024-0132").
_CASE_REF_RE = re.compile(
    r"(?<![\w/-])(?!(?:ISO|IEC|BS|EN|PAS|GPT|COVID|INC|REQ|RITM|CHG|TKT|PO)[-/\d])"
    r"(?:[A-Z]{2,5}(?:[-/][A-Z]{1,3})?[-/]?(?:\d{2,4}[-/])?[A-Z]?\d{5,8}"
    r"|[A-Z]{2,5}[-/](?:19|20)\d\d[-/]\d{3,6})(?![\w/-])")
_CASE_REF_CUED_RE = re.compile(
    r"(?i:\b(?:case|ref|reference|referral|file|record|client|child|person|subject|mosaic|lcs|"
    r"liquidlogic|eclipse|lac|cin|cp|quote)\b(?:\s+(?:ref|reference|number|no\.?|id|#))?"
    r"\s*(?:is|was|:|#|-|\()?\s*)"
    r"((?:[A-Z]{1,5}[-/]?)?(?:[A-Z0-9]{1,6}[-/])*\d{3,10}(?:[-/][A-Z0-9]{1,6})*)(?![\w/-])")
_CASE_REF_CUE_WORDS = ("case", "ref", "file", "record", "client", "child", "person", "subject", "mosaic",
                       "lcs", "liquidlogic", "eclipse", "lac", "cin", "cp", "quote")
_NOT_PERSONAL_REF_BEFORE_RE = re.compile(
    r"\b(?:contract|tender|framework|lot|procurement|invoice|order|purchase|version|release|ticket|"
    r"incident|helpdesk|service\s+desk)\b[^.]{0,15}$",
    re.IGNORECASE)
# IT tickets, purchase orders and standards, not people's cases
_NOT_PERSONAL_PREFIX_RE = re.compile(r"(?:ISO|IEC|BS|EN|PAS|GPT|COVID|INC|REQ|RITM|CHG|TKT|PO)[-/\d]")
_YEAR_LIKE_RE = re.compile(r"(?:19|20)\d\d(?:[-/]\d{2,4})?")
# Any other run of 8 or more digits on its own is an identifier of some kind.
_LONG_NUMBER_RE = re.compile(r"(?<![\w.,/£$€+-])\d{8,}(?![\w/%]|[.,]\d)")

# Social-media handles: "@janesmith_sw", or a name after the network ("his snapchat is tyler_r_2011").
_HANDLE_RE = re.compile(r"(?<![\w@.+-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
_HANDLE_CUED_RE = re.compile(
    r"(?i:\b(?:snapchat|snap|insta|instagram|tiktok|twitter|threads|bluesky|discord|telegram|youtube|"
    r"twitch|xbox|psn|playstation|steam|gamertag|handle|username|user\s+name|"
    r"(?:user|account|profile|player)(?=\s+(?:called|named)))\b)"
    r"(?P<link>(?i:\s+(?:handle|name|username|account|id|tag|gamertag|is|was|as|called|named))*\s*[:=]?\s*)"
    # a Discord tag keeps its number ("shadowfox#1234")
    r"([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?:#\d{4})?)(?![\w@])")

_HANDLE_CUE_WORDS = ("snap", "insta", "tiktok", "twitter", "threads", "bluesky", "discord", "telegram",
                     "youtube", "twitch", "gamertag", "handle", "user", "xbox", "psn", "playstation", "steam",
                     "account", "profile", "player")

_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}"
_POSTCODE_RE = re.compile(rf"\b{_POSTCODE}\b", re.IGNORECASE)

_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
          r"december|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?:\.(?=\s*\d))?)(?![a-z])")
_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEEN = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_ORDINAL = (r"(?:(?:twenty|thirty)[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
            r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
            r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
            r"thirtieth)")
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL})(?![\dA-Za-z])"
# years in figures or in words ("2011", "two thousand and nine", "twenty eleven", "nineteen ninety-nine")
_YEAR = (rf"(?:\d{{4}}|'?\d{{2}}|two\s+thousand(?:\s+and)?(?:[\s-]+(?:{_TEEN}|{_UNIT}))?"
         rf"|(?:nineteen|twenty)[\s-]+(?:{_TEEN}|twenty(?:[\s-]+{_UNIT})?|(?:oh|o)[\s-]+{_UNIT}"
         rf"|(?:eighty|ninety)(?:[\s-]+{_UNIT})?))(?![\w])")
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
    rf"|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH},?(?:\s+{_YEAR})?"
    rf"|{_MONTH}\s+(?:the\s+)?{_DAY},?(?:\s+{_YEAR})?"
    rf"|{_MONTH}\s+{_YEAR})"
)
_DOB_CUE = (r"(?:\bd\.?o\.?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bbirthday\b|\bborn\b)")
_DOB_GAP = r"(?:[\s:,(\-–—]|\b(?:is|was|on|in|of|the|their|his|her|child's|given|recorded|as|listed)\b)*?"
_DOB_RE = re.compile(rf"{_DOB_CUE}{_DOB_GAP}({_DATE}|(?:(?<=in )|(?<=born )|(?<=\(born ))\d{{4}}(?![\w-]))",
                     re.IGNORECASE)
_DOB_AFTER_RE = re.compile(rf"({_DATE})\s*\(?\s*(?:d\.?o\.?b\b\.?|date\s+of\s+birth)", re.IGNORECASE)

_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Cl|Way|Crescent|Cres|Place|Pl|Court|Ct|"
    r"Gardens|Gdns|Terrace|Grove|Hill|Square|Sq|Walk|Mews|Row|Rise|Parade|Boulevard|Vale|Croft|"
    r"Wynd|Green|Park|Gate|View|Meadows?|Fields|Chase|Bank|Yard")
_BUILDING_TYPES = (r"House|Court|Lodge|Cottage|Cottages|Farm|Mansions|Tower|Towers|Heights|Buildings|"
                   r"Manor|Villas|Grange|Vicarage|Rectory|Barn|Mill|Apartments|Flats|Point|Wharf")
_CAP = r"[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?"
_HOUSE_NUMBER = r"(?<![\d£$€.,/])\b\d{1,4}[A-Za-z]?(?:\s?[-–]\s?\d{1,4}[A-Za-z]?)?"
_STREET = rf"(?:{_HOUSE_NUMBER},?\s+)?(?:{_CAP}\s+){{1,3}}(?:{_STREET_TYPES})\b"
_BUILDING = rf"(?:The\s+)?(?:{_CAP}\s+){{0,2}}(?:{_BUILDING_TYPES})\b"
_FLAT = r"\b(?:Flat|Apartment|Apt|Unit|Room|Suite|Studio)\s+\d{1,4}[A-Za-z]?(?:/\d{1,2})?\b"
# a town or village between the street and a postcode ("Church Lane, Little Wittenham, OX14 4RA")
_LOCALITY = rf"(?:,\s+(?:{_CAP}\s+){{0,2}}{_CAP}(?=,?\s+{_POSTCODE}\b))?"
_ADDRESS_RE = re.compile(
    rf"(?:{_FLAT}(?:,?\s+{_BUILDING})?(?:,?\s+{_STREET})?"  # "Flat 2, Rosebank House, Mill Lane"
    rf"|{_BUILDING},\s+{_STREET}"  # "Rosebank House, Mill Lane"
    rf"|{_HOUSE_NUMBER},?\s+(?:{_CAP}\s+){{1,3}}(?:{_STREET_TYPES})\b"  # "12 High Street"
    rf"(?!\s+[A-Z][a-z]+\s+(?:Council|Trust|Hospital))"
    # all in lower case: "flat 3, 12 mill lane"
    rf"|(?:\b(?:flat|apartment|unit)\s+\d{{1,4}}[a-z]?,?\s+)?{_HOUSE_NUMBER},?\s+"
    rf"(?:(?!(?:the|a|an|of|to|down|up|along|on|in|my|our|their|his|her|more|miles?|minutes?)\s)[a-z]{{3,}}\s+){{1,2}}"
    rf"(?:street|road|lane|avenue|drive|close|crescent|terrace|gardens|grove)\b)"
    rf"{_LOCALITY}")
# Cheap tests before the address patterns (which cost ~180 us a sentence): a capitalised word and
# a street or building word, or a flat number; in lower case, a number and a street word.
_ADDRESS_HINT_RE = re.compile(
    rf"[A-Z][a-z'’]+,?\s+(?:{_STREET_TYPES}|{_BUILDING_TYPES})\b"
    r"|\b(?:Flat|Apartment|Apt|Unit|Room|Suite|Studio)\s+\d")
_LOWER_ADDRESS_HINT_RE = re.compile(
    r"\d[a-z]?,?\s+(?:[a-z]+\s+){1,2}(?:street|road|lane|avenue|drive|close|crescent|terrace|gardens|grove)\b"
    r"|\b(?:flat|apartment|unit)\s+\d")
_ADDRESS_CUE_WORDS = ("live", "moved", "moving", "resid", "stay", "address")
# a street without a number where the text says someone lives there ("she lives on Mill Lane")
_ADDRESS_CUED_RE = re.compile(
    rf"(?i:\b(?:lives?|living|lived|moved|moving|resides?|residing|staying|stays|address(?:\s+is)?)"
    rf"\s+(?:at|on|in|to|is|:)?\s*)"
    rf"((?:{_BUILDING},?\s+)?(?:{_CAP}\s+){{1,3}}(?:{_STREET_TYPES})\b{_LOCALITY})")


# ---------------------------------------------------------------------------------------
# Light tokenisation for the name rules.
# ---------------------------------------------------------------------------------------

# Words (any alphabet: "Zoë", "Łukasz"), numbers, placeholders, single other characters.
# "'s" is split off ("Sarah's" -> "Sarah", "'", "s"); "O'Brien" stays one word.
_L = r"[^\W\d_]"
_TOKEN_RE = re.compile(
    r"\[(?:NAME|EMAIL|PHONE|POSTCODE|DATE_OF_BIRTH|NI_NUMBER|NHS_NUMBER|URL|ADDRESS|CASE_REF|PASSPORT|"
    r"DRIVING_LICENCE|HANDLE)\]"
    rf"|{_L}+(?:['’](?![sS]\b){_L}+)*(?:-{_L}+)*|\d+|\S")
_NAME_PREFIX_RE = re.compile(r"^(?:Mc|Mac|O['’]|D['’]|De|Da|Di|Du|La|Le|Ja|Ke|Sha|Ta)(?=[^\W\d_])")


def _is_capitalised(word: str) -> bool:
    """Written as names are: "Sarah", "Zoë", "O'Brien", "McDonald", "Smith-Jones".

    Inner capitals other than after Mc/Mac/O'/D' mark product names ("MagicNotes", "OneView").
    """
    if not word[:1].isupper():
        return False
    for part in word.split("-"):
        plain = part[:1].isupper() and len(part) > 1 and part[1:].islower() and part.isalpha()
        if not plain:
            rest = _NAME_PREFIX_RE.sub("", part)
            if rest == part or not (rest[:1].isupper() and len(rest) > 1 and rest[1:].islower()
                                    and rest.isalpha()):
                return False
    return True


_INITIAL_RE = re.compile(r"[A-Z]")
_INNER_CAPITAL_RE = re.compile(r"[a-z][A-Z]")
_PARTICLE_SURNAME_RE = re.compile(r"(?:al|el|bin|bint|ibn|abu|ben|van|von|de|da|di|du|le|la|dos|das)-[A-Z][a-z]+")
# UTF-8 read as Windows-1252: a lead character (Ã, Â, Å, ...) and a continuation character.
_MOJIBAKE_CONT = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122"
_MOJIBAKE_RE = re.compile(f"[\u00c2-\u00df][{_MOJIBAKE_CONT}]")
_MOJIBAKE_WORD_RE = re.compile(f"[A-Za-z]*(?:[\u00c2-\u00df][{_MOJIBAKE_CONT}][A-Za-z]*)+")
_NAME_PART_RE = re.compile(r"[A-Z][a-z]+")
_SENTENCE_END = frozenset(".!?")
_ABBREVIATIONS = frozenset(HONORIFICS) | {"St", "No", "Fig", "etc", "e.g", "i.e", "vs", "approx"}


class _Tok:
    __slots__ = ("start", "end", "text", "low", "cap", "initial_of_sentence")

    def __init__(self, start: int, end: int, text: str, initial: bool):
        self.start, self.end, self.text = start, end, text
        self.low = text.lower().replace("’", "'")
        self.cap = _is_capitalised(text)
        self.initial_of_sentence = initial


def _tokenise(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    initial = True
    prev: _Tok | None = None
    for m in _TOKEN_RE.finditer(text):
        if prev is not None:
            gap = text[prev.end:m.start()]
            if "\n" in gap:
                initial = True
        t = _Tok(m.start(), m.end(), m.group(), initial)
        toks.append(t)
        if t.text in _SENTENCE_END:
            # "Dr." and "A." do not end a sentence
            before = toks[-2].text if len(toks) > 1 else ""
            initial = not (t.text == "." and (before in _ABBREVIATIONS or (len(before) == 1 and before.isupper())))
        elif t.text in ("\"", "'", "(", "“", "‘", "-", "*", "•", ":") and initial:
            initial = True
        else:
            initial = False
        prev = t
    return toks


_MAX_SENTENCE = 2000
#: Words either side of a possible name that the NER reads (its features reach about four).
#: With 4, 5 or 8 the redaction of 8,324 test, gold, sample and benchmark texts is the same.
NER_CONTEXT = 5


def _around(marks: list[int], lo: int, hi: int, context: int) -> list[tuple[int, int]]:
    """Token ranges of ``context`` tokens either side of each index in ``marks`` (sorted), clipped to
    ``[lo, hi)``; overlapping ranges are merged."""
    out: list[tuple[int, int]] = []
    for k in marks:
        a, b = max(lo, k - context), min(hi, k + context + 1)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut an over-long "sentence" into pieces of at most ``_MAX_SENTENCE`` characters at spaces."""
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start + _MAX_SENTENCE // 2, start + _MAX_SENTENCE)
        if cut <= start:
            cut = start + _MAX_SENTENCE
        yield start, cut
        start = cut
    yield start, end


def _sentences(text: str, toks: list[_Tok]) -> Iterator[tuple[int, int, int, int]]:
    """(char start, char end, first token index, end token index) of each sentence."""
    i = 0
    n = len(toks)
    while i < n:
        j = i + 1
        while j < n and not toks[j].initial_of_sentence:
            j += 1
        yield toks[i].start, toks[j - 1].end, i, j
        i = j


# ---------------------------------------------------------------------------------------
# Shared, lazily loaded resources.
# ---------------------------------------------------------------------------------------

def _english_words_from(nlp: Language | None) -> frozenset[str]:
    """Ordinary English words (the rule lemmatizer's word index), for telling names apart."""
    if nlp is None or "lemmatizer" not in nlp.component_names:
        return frozenset()
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except Exception:  # a lemmatizer without the index (lookup mode, other languages)
        return frozenset()
    words: set[str] = set()
    for values in table.values():
        words.update(v for v in values if "_" not in v)
    words.update(STOP_WORDS)
    return frozenset(words)


@lru_cache(maxsize=1)
def _default_nlp() -> Language:
    from synthesis.nlp import load_english
    # ner runs; the lemmatizer is loaded only for its word index and never runs.
    return load_english(exclude=("tok2vec", "tagger", "parser", "attribute_ruler", "senter"))


# ---------------------------------------------------------------------------------------
# The redactor.
# ---------------------------------------------------------------------------------------

class Redactor:
    """Finds and replaces personal data. Build once, reuse: resources load on first use."""

    def __init__(self, nlp: Language | None = None, batch_size: int = 256):
        self._nlp = nlp
        self._loaded = False
        self.batch_size = batch_size
        self._english: frozenset[str] = frozenset()
        self._enabled: list[str] = []

    # -- public API -------------------------------------------------------------------

    def find(self, text: str) -> list[Span]:
        """``(start, end, placeholder)`` spans of personal data in ``text``, merged, in order."""
        return self.find_many([text])[0]

    def find_many(self, texts: Iterable[str]) -> list[list[Span]]:
        """``find`` for many texts; the statistical NER runs in batches over candidate sentences."""
        texts = [t if isinstance(t, str) else ("" if t is None else str(t)) for t in texts]
        self._load()
        spans: list[list[Span]] = []
        ner_jobs: list[tuple[int, int, str]] = []  # (text index, sentence offset, sentence)
        from_ner: set[int] = set()
        for i, text in enumerate(texts):
            found, candidates = self._rule_spans(text)
            spans.append(found)
            for start, end in candidates:
                ner_jobs.append((i, start, text[start:end]))
        if ner_jobs:
            for (i, offset, sentence), doc in zip(ner_jobs, self._pipe([s for _, _, s in ner_jobs])):
                text = texts[i]
                for ent in doc.ents:
                    if ent.label_ != "PERSON":
                        continue
                    span = self._accept_person(text, offset + ent.start_char, offset + ent.end_char)
                    if span is not None:
                        spans[i].append(span)
                        from_ner.add(i)
        for i in from_ner:  # "Dolores [Umbridge]": the other half of a name the NER found
            spans[i].extend(self._half_names(_tokenise(texts[i]), spans[i]))
        return [_merge(_propagate_names(text, s)) for text, s in zip(texts, spans)]

    def redact(self, text: str) -> str:
        return self.redact_many([text])[0]

    def redact_many(self, texts: Iterable[str]) -> list[str]:
        """Redact many texts; faster than calling ``redact`` one text at a time."""
        texts = [t if isinstance(t, str) else ("" if t is None else str(t)) for t in texts]
        return [_apply(t, s) for t, s in zip(texts, self.find_many(texts))]

    def personal_many(self, items: Iterable[tuple[str, int, int]]) -> list[bool]:
        """For each ``(text, start, end)``: True when ``text[start:end]`` (a candidate tool name) is
        or holds personal data, judged in its sentence ("a boy called Tyler", "the Jayden Smith
        app", "the Nguyen children"), or is made only of listed names."""
        items = list(items)
        bounds = [_sentence_around(text, s, e) for text, s, e in items]
        sentences = [text[a:b] for (text, _, _), (a, b) in zip(items, bounds)]
        unique = list(dict.fromkeys(sentences))
        spans_of = dict(zip(unique, self.find_many(unique)))
        out = []
        for (text, s, e), (a, _), sentence in zip(items, bounds, sentences):
            hit = any(ps < e - a and s - a < pe for ps, pe, _ in spans_of[sentence])
            out.append(hit or _all_name_words(text[s:e]))
        return out

    def redact_values(self, values: Iterable[object]) -> list[str]:
        """Redact short published strings (unknown category values, file names, parameter values):
        ``_``, ``+`` and ``.``/``-`` between letters count as spaces too, so
        "jane_smith_export.csv" becomes "[NAME]_export.csv"."""
        values = ["" if v is None else str(v) for v in values]
        found = self.find_many(values + [_spaced(v) for v in values])
        return [_apply(v, _merge(a + b)) for v, a, b in zip(values, found[:len(values)], found[len(values):])]

    # -- resources ----------------------------------------------------------------------

    def _load(self) -> None:
        if self._loaded:
            return
        if self._nlp is None:
            self._nlp = _default_nlp()
        nlp = self._nlp
        self._english = _english_words_from(nlp) - first_names() - SURNAMES
        if not self._english and "lemmatizer" not in nlp.component_names:
            try:
                self._english = _english_words_from(_default_nlp()) - first_names() - SURNAMES
            except Exception:
                self._english = frozenset()
        # Only ner runs, plus the shared embedding layer when ner listens to one; they run even when
        # disabled in ``nlp`` (the extraction pipeline keeps its statistical components disabled and
        # lends them here, so the model is loaded once).
        enabled = []
        if "ner" in nlp.component_names:
            enabled.append("ner")
            for name in ("tok2vec", "transformer"):
                if name in nlp.component_names:
                    listeners = getattr(nlp.get_pipe(name), "listening_components", [])
                    if "ner" in listeners:
                        enabled.insert(0, name)
        self._enabled = enabled
        self._loaded = True

    def _pipe(self, sentences: list[str]):
        nlp = self._nlp
        docs = (nlp.make_doc(s) for s in sentences)
        for name in self._enabled:
            docs = nlp.get_pipe(name).pipe(docs, batch_size=self.batch_size)
        return docs

    # -- word tests ---------------------------------------------------------------------

    def _is_english(self, low: str) -> bool:
        """An ordinary English word, also in a plural or -ing/-ed form; never a listed name."""
        e = self._english
        if low in e:
            return True
        if low in first_names() or low in SURNAMES or len(low) < 4:
            return False
        if low.endswith("s") and (low[:-1] in e or (low.endswith("es") and low[:-2] in e)
                                  or (low.endswith("ies") and low[:-3] + "y" in e)):
            return True
        if low.endswith("ing") and (low[:-3] in e or low[:-3] + "e" in e
                                    or (low[-4] == low[-5] and low[:-4] in e)):
            return True
        if low.endswith("ed") and (low[:-2] in e or low[:-1] in e
                                   or (low.endswith("ied") and low[:-3] + "y" in e)):
            return True
        return False

    def _name_word(self, t: _Tok) -> bool:
        """A capitalised word that can be part of a name (surname position)."""
        # place words are allowed here: "Jo Sutton", "Amy Kent" (a place word is often a surname)
        return t.cap and t.low not in _NOT_SURNAME

    def _name_like(self, t: _Tok) -> bool:
        """A capitalised word that on its own looks like a name: a first name or an unusual word."""
        if not t.cap or t.low in NON_PERSON_WORDS:
            return False
        if t.low in first_names() or t.low in SURNAMES:
            return True
        return not self._is_english(t.low)

    # -- rules --------------------------------------------------------------------------

    def _rule_spans(self, text: str) -> tuple[list[Span], list[tuple[int, int]]]:
        spans: list[Span] = []
        if not text:
            return spans, []
        spans.extend(_structured_spans(text, self._is_english))
        lowered = text.lower()
        if any(w in lowered for w in _MEETING_WORDS):
            spans.extend(self._meeting_spans(text))
        if self._no_name_possible(text):
            return spans, []
        toks = _tokenise(text)
        names = self._name_rules(text, toks)
        names.extend(self._name_before_address(toks, {s for s, _, label in spans if label == ADDRESS}))
        spans.extend(names)
        # Words that may still be a name go to the statistical NER, with NER_CONTEXT words either side
        # (within their sentence: its features reach a few words).
        covered = _coverage(spans)
        candidates = []
        for _, _, i, j in _sentences(text, toks):
            unexplained = [
                k for k in range(i, j)
                if (t := toks[k]).cap and not _covered(covered, t.start, t.end)
                and t.low not in NON_PERSON_WORDS and t.low not in ORG_SUFFIX_WORDS
                and t.low not in AMBIGUOUS_FIRST_NAMES and not self._is_english(t.low)]
            for a, b in _around(unexplained, i, j, NER_CONTEXT):
                starts = [toks[k].start for k in unexplained if a <= k < b]
                # over-long pieces are cut; only those holding such a word go to the NER
                for x, y in _windows(text, toks[a].start, toks[b - 1].end):
                    first = bisect.bisect_left(starts, x)
                    if first < len(starts) and starts[first] < y:
                        candidates.append((x, y))
        return spans, candidates

    def _no_name_possible(self, text: str) -> bool:
        """True when no name rule (and so no NER) can apply to ``text``: no listed first name,
        honorific, initial or name cue, and every capitalised word is in ``_SAFE_CAPITALISED``
        (or is the first word and an ordinary English word). Cheap: no token objects."""
        if _INITIAL_DOT_RE.search(text) or _LOWER_CUE_RE.search(text) or _LOWER_FAMILY_RE.search(text):
            return False
        words = _TOKEN_RE.findall(text.replace("’", "'") if "’" in text else text)  # as _Tok.low reads
        if not words:
            return True
        if not first_names().isdisjoint(map(str.lower, words)) or not _HONORIFIC_SET.isdisjoint(words):
            return False
        if any("-" in w and w.partition("-")[0].lower() in first_names() for w in words):
            return False  # "ellie-may said"
        if _MOJIBAKE_RE.search(text):
            return False  # "SiÃ¢n"
        if _INNER_CAPITAL_RE.search(text) and any(self._run_together_name(w) for w in words if w[:1].isupper()):
            return False  # "visit_NguyenVanMinh.m4a"
        first = words[0]
        if first[0].isupper() and first.lower() not in _SAFE_CAPITALISED and _is_capitalised(first) \
                and not self._is_english(first.lower()):
            return False
        return all(w.lower() in _SAFE_CAPITALISED or not _is_capitalised(w)
                   for w in words[1:] if w[0].isupper())

    def _surname_run(self, toks: list[_Tok], k: int, limit: int = 2) -> int:
        """Index after up to ``limit`` surname-like capitalised words starting at ``k``."""
        j = k
        n = len(toks)
        while j < n and j - k < limit:
            t = toks[j]
            if t.low in _NAME_PARTICLES and j + 1 < n and toks[j + 1].start - t.end == 1 and (
                    (toks[j + 1].cap and j + 1 - k < limit + 1)
                    or (toks[j + 1].low in _NAME_PARTICLES and j + 2 < n and toks[j + 2].cap)):
                j += 1
                continue
            if not self._name_word(t) or (j > k and t.start - toks[j - 1].end > 1):
                break
            # a capitalised word after a line break or a sentence end is not a surname
            if t.initial_of_sentence:
                break
            j += 1
        # do not take a surname that is really the start of an organisation ("Sarah Jenkins Council")
        if j > k and j < n and toks[j].low in ORG_SUFFIX_WORDS and toks[j].cap:
            return k
        return j

    def _name_rules(self, text: str, toks: list[_Tok]) -> list[Span]:
        out: list[Span] = []
        n = len(toks)
        fn = first_names()
        # words the text itself shows to be products ("we use Zentrix", "the Zentrix app")
        tool_words = {m.group(1) or m.group(2) for m in _TOOL_WORD_RE.finditer(text)}
        in_tool_phrase = _tool_phrase_starts(text) if any(c.isupper() for c in text[1:]) else frozenset()

        def add(a: int, b: int) -> None:
            out.append((toks[a].start, toks[b - 1].end, NAME))

        def followed_by_org(b: int) -> bool:
            return b < n and toks[b].cap and toks[b].low in ORG_SUFFIX_WORDS

        def preceded_by_place_marker(a: int) -> bool:
            if a == 0:
                return False
            p = toks[a - 1]
            if p.text in ("St", "Saint", "Port", "Fort", "Upon", "upon", "Isle", "Mount", "Lake"):
                return True
            if p.text == "." and a >= 2 and toks[a - 2].text == "St":
                return True
            return p.low == "of" and a >= 2 and toks[a - 2].low in ORG_SUFFIX_WORDS | ORG_WORDS

        for k, t in enumerate(toks):
            # 1. Honorific + optional initials + capitalised word(s): "Mr Patel", "Dr. A. Khan".
            if t.text in HONORIFICS:
                j = k + 1
                if j < n and toks[j].text == "." and toks[j].start == t.end:
                    j += 1
                while j + 1 < n and _INITIAL_RE.fullmatch(toks[j].text) and toks[j + 1].text == ".":
                    j += 2
                while j < n and _INITIAL_RE.fullmatch(toks[j].text) and toks[j].text not in ("A", "I") \
                        and j + 1 < n and toks[j + 1].cap:
                    j += 1
                nxt = toks[j] if j < n else None
                if nxt is not None and nxt.cap and nxt.low not in _HONORIFIC_PRODUCT_FOLLOWERS and (
                        nxt.low not in _NOT_SURNAME if t.text not in _WORD_HONORIFICS
                        else nxt.low in fn or nxt.low in SURNAMES or not self._is_english(nxt.low)):
                    end = j + 1
                    while end < n and end - j < 4:
                        x = toks[end]
                        if x.low in _NAME_PARTICLES and end + 1 < n and toks[end + 1].cap:
                            end += 1  # "Mrs Van der Merwe", "Dr de Souza"
                            continue
                        if not x.cap or x.initial_of_sentence or x.low in ORG_SUFFIX_WORDS \
                                or x.low in NON_PERSON_WORDS:
                            break
                        end += 1
                    if not (end < n and toks[end].low in _PRODUCT_AFTER_TITLE):
                        add(k, end)  # "Dr Foster data" is a product
                continue

            # 2. Initial(s) + surname: "A. Khan", "J. R. Smith" (a dot is required).
            if _INITIAL_RE.fullmatch(t.text) and k + 2 < n and toks[k + 1].text == "." \
                    and (k == 0 or toks[k - 1].text not in HONORIFICS):
                j = k
                while j + 1 < n and _INITIAL_RE.fullmatch(toks[j].text) and toks[j + 1].text == ".":
                    j += 2
                if j < n and self._name_like(toks[j]) and toks[j].low not in ORG_SUFFIX_WORDS \
                        and not (t.text in ("A", "I") and toks[j].initial_of_sentence and j == k + 2
                                 and self._is_english(toks[j].low)) \
                        and not followed_by_org(j + 1):
                    add(k, j + 1)
                continue

            if t.start in in_tool_phrase and not self._person_context(toks, k):
                continue
            if not t.cap:
                if t.text[:1].isupper() and self._run_together_name(t.text):
                    add(k, k + 1)  # "NguyenVanMinh", "JaneSmith" (file names, ids)
                    continue
                if (t.low in fn and len(t.text) > 1) or ("-" in t.low and t.low.split("-")[0] in fn):
                    self._uncapitalised_name(text, toks, k, out)
                continue
            if preceded_by_place_marker(k):
                continue

            # 3. A first name from the list (+ surname): "Sarah Jenkins", "Priya".
            if (t.low in fn or self._hyphenated_first_name(t.low)) and t.low not in _PRODUCT_OR_PLACE:
                end = self._surname_run(toks, k + 1)
                run = k + 1
                while run < n and run - k <= 3 and toks[run].cap and toks[run].low not in ORG_SUFFIX_WORDS:
                    run += 1
                # "Alan Turing Institute" is an organisation; "the Jayden Smith app" still names a person
                if run < n and toks[run].cap and toks[run].low in ORG_SUFFIX_WORDS:
                    if run > k + 1 and toks[run].low in _TOOL_SUFFIX_WORDS \
                            and all(x.low in fn or x.low in SURNAMES for x in toks[k + 1:run]):
                        add(k, run)
                    continue
                if end == k + 1 and self._listed_with_products(toks, k):
                    continue  # "Magic Notes, Beam, Millie and Mind Of My Own"
                if end > k + 1 and (t.low not in AMBIGUOUS_FIRST_NAMES
                                    or not _common_noun(toks[k + 1].low)):
                    # "Grace Okafor" and "Mark Ellison" yes, "Grace Period" and "Mark Scheme" no
                    add(k, end)
                    continue
                if t.low not in AMBIGUOUS_FIRST_NAMES:
                    add(k, k + 1)
                    continue
                # an ambiguous one ("Grace", "Will") needs a person cue
                if self._ambiguous_is_person(text, toks, k):
                    add(k, k + 1)
                continue

            # 4. Unlisted name followed by a speech verb or a bracketed job title: "Okoro said",
            #    "Olumide Adeyemi (Head of Service)".
            if self._name_like(t) and t.low not in ORG_SUFFIX_WORDS:
                end = self._surname_run(toks, k + 1)
                if followed_by_org(end):
                    continue
                nxt = toks[end] if end < n else None
                if nxt is not None and (nxt.low in _SPEECH_VERBS or (
                        nxt.text in ("(", ",") and end + 1 < n and _job_title_at(toks, end + 1))
                        or _age_after(toks, end) or _person_possessive_after(toks, end)
                        or _described_as_person(text, toks[end - 1].end)
                        or _person_predicate_after(toks, end)):
                    add(k, end)
                    continue
                if end > k + 1 and (any(self._name_like(x) and not self._is_english(x.low)
                                        for x in toks[k:end])):
                    # two or more capitalised words, at least one unusual: a likely full name;
                    # keep it when a cue is near, otherwise leave it to the NER
                    if self._person_context(toks, k):
                        add(k, end)
                        continue
                if self._person_context(toks, k):
                    add(k, max(end, k + 1))
                    continue
                # 6. An unusual capitalised word inside a sentence, with nothing saying it is a
                #    product, place or organisation: "we met Okonkwo", "Ifeoma Chukwu led".
                # at the start of a sentence only with a second unusual word ("Ifeoma Chukwu led")
                if (not t.initial_of_sentence or any(not self._is_english(x.low) for x in toks[k + 1:end])) \
                        and self._unknown_word_is_name(text, toks, k, end, tool_words):
                    add(k, end)
                continue

            # 5. Any other capitalised word straight after a role ("my social worker Bright"),
            #    even when it is also an ordinary English word.
            if t.low not in _NOT_A_ROLE_HOLDER and (
                    self._role_before(toks, k) or (k > 0 and toks[k - 1].low in ("dear", "thanks", "hi", "hello"))
                    or self._name_cue_before(toks, k)):
                end = max(self._surname_run(toks, k + 1), k + 1)
                if not followed_by_org(end) and not followed_by_org(k + 1):
                    add(k, end)

        out.extend(self._cue_spans(text))
        if _MOJIBAKE_RE.search(text):
            out.extend(self._mojibake_names(text))
        out.extend(self._family_and_east_asian_names(toks))
        out.extend(self._coordinated(toks, out))
        out.extend(self._half_names(toks, out))
        return out

    def _hyphenated_first_name(self, low: str) -> bool:
        """ "sophie-louise", "ellie-may": a listed first name, then only names or unusual words
        (not "grace-period")."""
        parts = low.split("-")
        return len(parts) > 1 and parts[0] in first_names() and all(
            p in first_names() or p in AMBIGUOUS_FIRST_NAMES or (len(p) > 2 and not self._is_english(p))
            for p in parts[1:])

    def _mojibake_names(self, text: str) -> list[Span]:
        """Names whose accented letters were mangled by a wrong decoding ("SiÃ¢n", "JosÃ©"): the word
        is decoded again and judged as a name would be (capitalised, not an English word)."""
        out: list[Span] = []
        for m in _MOJIBAKE_WORD_RE.finditer(text):
            try:
                repaired = m.group().encode("cp1252").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            plain = unicodedata.normalize("NFKD", repaired).encode("ascii", "ignore").decode().lower()
            if _is_capitalised(repaired) and plain not in NON_PERSON_WORDS and (
                    plain in first_names() or plain in SURNAMES or not self._is_english(plain)):
                out.append((m.start(), m.end(), NAME))
        return out

    def _run_together_name(self, word: str) -> bool:
        """A full name written as one word ("NguyenVanMinh", "JaneSmith"): capitalised parts, one
        of them a listed name and none an ordinary English word unless listed too (so not
        "MagicNotes", "OneView", "TikTok")."""
        parts = [p.lower() for p in _NAME_PART_RE.findall(word)]
        if len(parts) < 2 or sum(map(len, parts)) != len(word):
            return False
        listed = [p in first_names() or p in SURNAMES or p in EAST_ASIAN_NAMES for p in parts]
        return any(listed) and all(is_listed or not self._is_english(p) for p, is_listed in zip(parts, listed)) \
            and not any(p in _BUILTIN_PRODUCT_WORDS or p in AMBIGUOUS_FIRST_NAMES for p in parts)

    def _name_before_address(self, toks: list[_Tok], address_starts: set[int]) -> list[Span]:
        """Capitalised words right before an address: "Colette Ferreira, 3 Willow Court" (a name and
        an address given together), "The Maltings, 3 Station Road" (a house name, part of the address)."""
        out: list[Span] = []
        if not address_starts:
            return out
        for j, t in enumerate(toks):
            if t.start not in address_starts or j < 2 or toks[j - 1].text != ",":
                continue
            end = j - 1
            k = end
            while k > 0 and end - k < 3 and toks[k - 1].cap and (k == end or toks[k].start - toks[k - 1].end == 1) \
                    and toks[k - 1].low not in NON_PERSON_WORDS and toks[k - 1].low not in ORG_SUFFIX_WORDS \
                    and toks[k - 1].low not in _PLACE_FOLLOWERS and toks[k - 1].text not in _HONORIFIC_SET:
                k -= 1
                if toks[k].initial_of_sentence:
                    break
            run = toks[k:end]
            if run and k > 0 and toks[k - 1].low == "the":  # "The Laurels, 4 Kiln Road": a house name
                out.append((toks[k - 1].start, t.start, ADDRESS))
            elif run and (len(run) >= 2 or self._name_like(run[0])) \
                    and any(x.low in first_names() or x.low in SURNAMES or not self._is_english(x.low) for x in run):
                out.append((run[0].start, run[-1].end, NAME))
        return out

    def _family_and_east_asian_names(self, toks: list[_Tok]) -> list[Span]:
        """ "the Nguyen children", "the Chaudhary family"; "Le Van Thanh", "Li Na" (two or more
        Chinese, Vietnamese or Korean name words in a row, one of them not an English word)."""
        out: list[Span] = []
        n = len(toks)
        k = 0
        while k < n:
            t = toks[k]
            if not t.cap:
                if k > 0 and toks[k - 1].low == "the" and k + 1 < n and toks[k + 1].low in _FAMILY_NOUNS \
                        and t.text.isalpha() and t.low not in NON_PERSON_WORDS and t.low not in STOP_WORDS \
                        and t.low not in ORG_SUFFIX_WORDS and not self._is_english(t.low):
                    out.append((t.start, t.end, NAME))  # "the singh family"
                k += 1
                continue
            if k + 1 < n and toks[k + 1].low in _FAMILY_NOUNS and t.low not in NON_PERSON_WORDS \
                    and not (toks[k + 1].cap and k + 2 < n and toks[k + 2].cap) \
                    and t.low not in ORG_SUFFIX_WORDS and (t.low in SURNAMES or not self._is_english(t.low)):
                out.append((t.start, t.end, NAME))
            elif k > 0 and toks[k - 1].low == "the" and t.low.endswith("s") and len(t.low) > 4 and (
                    t.low[:-1] in SURNAMES or not (
                        self._is_english(t.low) or self._is_english(t.low[:-1]) or t.low[:-1] in NON_PERSON_WORDS
                        or t.low in NON_PERSON_WORDS or t.low[:-1] in ORG_SUFFIX_WORDS
                        or (k + 1 < n and toks[k + 1].cap))):
                out.append((t.start, t.end, NAME))  # "the Patels", "the Hendersons"
            j = k
            while j < n and toks[j].cap and (j == k or (toks[j].start - toks[j - 1].end == 1
                                                       and not toks[j].initial_of_sentence)) \
                    and toks[j].low not in NON_PERSON_WORDS \
                    and (toks[j].low in EAST_ASIAN_NAMES or not self._is_english(toks[j].low)):
                j += 1
            run = toks[k:j]
            if len(run) >= 2 and any(x.low in EAST_ASIAN_NAMES for x in run) \
                    and (any(not self._is_english(x.low) and x.low not in AMBIGUOUS_FIRST_NAMES for x in run)
                         or all(x.low in EAST_ASIAN_NAMES and x.low not in STOP_WORDS
                                and x.low not in AMBIGUOUS_FIRST_NAMES for x in run)) \
                    and not (j < n and toks[j].cap and toks[j].low in ORG_SUFFIX_WORDS):
                out.append((run[0].start, run[-1].end, NAME))
            k = max(j, k + 1)
        return out

    def _half_names(self, toks: list[_Tok], names: list[Span]) -> list[Span]:
        """The other half of a name already redacted: "DeShawn [NAME]", "[NAME] Okafor"."""
        starts = {s for s, _, _ in names} | {t.start for t in toks if t.text == NAME}
        ends = {e for _, e, _ in names} | {t.end for t in toks if t.text == NAME}
        out: list[Span] = []

        def other_half(t: _Tok) -> bool:
            if _PARTICLE_SURNAME_RE.fullmatch(t.text):
                return True  # "Yusuf al-Hashimi", "Dara bin-Salleh"
            return (t.cap or t.text[:1].isupper()) and t.text.isalpha() and t.low not in NON_PERSON_WORDS \
                and t.low not in ORG_SUFFIX_WORDS and t.text not in _HONORIFIC_SET \
                and (t.low in first_names() or t.low in SURNAMES or not self._is_english(t.low))

        for k, t in enumerate(toks):
            if k + 1 < len(toks) and toks[k + 1].start in starts and toks[k + 1].start - t.end == 1 \
                    and t.end not in ends and other_half(t):
                out.append((t.start, t.end, NAME))
            elif k > 0 and toks[k - 1].end in ends and t.start - toks[k - 1].end == 1 \
                    and t.start not in starts and other_half(t) and not t.initial_of_sentence:
                out.append((t.start, t.end, NAME))
            elif k > 0 and toks[k - 1].end in ends and t.start - toks[k - 1].end == 1 and _INITIAL_RE.fullmatch(t.text) \
                    and t.text not in ("A", "I") and k + 1 < len(toks) and toks[k + 1].text == "." \
                    and toks[k + 1].start == t.end and toks[k - 1].text != NAME:
                out.append((t.start, t.end, NAME))  # "Tom H."
        return out

    def _coordinated(self, toks: list[_Tok], names: list[Span]) -> list[Span]:
        """Unusual capitalised words listed with a name: "Siobhan and [Aoife]", "[Jo], Ola and Bea"."""
        if not names:
            return []
        starts = {s for s, _, _ in names}
        ends = {e for _, e, _ in names}
        extra: list[Span] = []
        n = len(toks)

        def unusual(t: _Tok) -> bool:
            return t.cap and t.low not in _NOT_SURNAME and t.low not in PLACE_WORDS \
                and not self._is_english(t.low)

        # two passes, so that a chain "A, B and [C]" is followed both ways
        for _ in range(2):
            for k in range(n - 2):
                a, link, b = toks[k], toks[k + 1], toks[k + 2]
                if link.low not in ("and", "&", "or", ","):
                    continue
                if a.end in ends and b.start not in starts and unusual(b):
                    extra.append((b.start, b.end, NAME))
                    starts.add(b.start)
                    ends.add(b.end)
                elif b.start in starts and a.end not in ends and unusual(a):
                    extra.append((a.start, a.end, NAME))
                    starts.add(a.start)
                    ends.add(a.end)
        return extra

    def _unknown_word_is_name(self, text: str, toks: list[_Tok], k: int, end: int,
                              tool_words: set[str]) -> bool:
        t = toks[k]
        if self._is_english(t.low) or t.text in tool_words or t.low.endswith(_PRODUCT_SUFFIXES):
            return False
        if any(x.text in tool_words or self._is_english(x.low) and x.low not in SURNAMES
               for x in toks[k + 1:end]):
            return False
        if k > 0 and (toks[k - 1].low in _NOT_BEFORE_NAME or toks[k - 1].text in ("/", "#", "@", "&")):
            return False
        if end < len(toks) and toks[end].cap and toks[end].low in _NOT_SURNAME:
            return False  # "Zentrix Copilot", "Ladder Insight"
        if _TOOL_VERB_BEFORE_RE.search(text, max(0, t.start - 40), t.start) \
                or _TOOL_NOUN_AFTER_RE.match(text, toks[end - 1].end):
            return False
        # in a list ("Harlow, Kettering and Scunthorpe", "Genie, Beam and Sembly"): the list
        # is judged by its head and by its other members
        j, mates = _list_mates(toks, k, end)
        if any(m.low in NON_PERSON_WORDS or m.low in ORG_SUFFIX_WORDS or m.text in tool_words
               for m in mates):
            return False
        if j != k:
            if toks[j - 1].low in _NOT_BEFORE_NAME \
                    or _TOOL_VERB_BEFORE_RE.search(text, max(0, toks[j].start - 40), toks[j].start):
                return False
        return True

    def _uncapitalised_name(self, text: str, toks: list[_Tok], k: int, out: list[Span]) -> None:
        """A listed first name in lower case ("sarah said") or capitals ("SARAH JENKINS")."""
        t = toks[k]
        n = len(toks)
        nxt = toks[k + 1] if k + 1 < n and toks[k + 1].start - t.end == 1 else None
        if t.text.isupper():
            # all capitals: only with a surname in capitals after it ("JO SMITH")
            if t.low not in AMBIGUOUS_FIRST_NAMES and nxt is not None and nxt.text.isupper() \
                    and len(nxt.text) > 1 and nxt.text.replace("'", "").replace("’", "").replace("-", "").isalpha() \
                    and nxt.low not in _NOT_SURNAME \
                    and nxt.low not in NON_PERSON_WORDS:
                out.append((t.start, nxt.end, NAME))
            return
        if t.text.islower() and t.low in _LOWERCASE_AMBIGUOUS and t.low not in _PRODUCT_OR_PLACE \
                and self._ambiguous_is_person(text, toks, k, lower=True):
            out.append((t.start, t.end, NAME))  # "grace from the fostering team said"
            return
        if not t.text.islower() or t.low in _LOWERCASE_AMBIGUOUS or t.low in _PRODUCT_OR_PLACE:
            return
        if "-" in t.low and not self._hyphenated_first_name(t.low):
            return  # "ellie-may" yes, "grace-period" no
        end = t.end
        if nxt is not None and nxt.text.islower() and nxt.text.isalpha() and len(nxt.text) > 2 \
                and not self._is_english(nxt.low) and nxt.low not in NON_PERSON_WORDS \
                and nxt.low not in ORG_SUFFIX_WORDS and nxt.low not in _SPEECH_VERBS:
            end = nxt.end  # "sarah jenkins" (not "sarah told")
        out.append((t.start, end, NAME))

    def _ambiguous_is_person(self, text: str, toks: list[_Tok], k: int, lower: bool = False) -> bool:
        """True when a first name that is also a word ("Grace", "Summer", "Bill") is used as a name:
        a cue before, an age or a possessive after ("Hunter, aged 4", "Rose's mum"), "X from the
        fostering team", "X was upset", a family title before ("Grandma Pearl"), or, in capitals
        inside a sentence, no determiner before and a word that follows people after ("with Rose about")."""
        n = len(toks)
        nxt = toks[k + 1] if k + 1 < n else None
        after = [x.low for x in toks[k + 1:k + 5]]
        prev = toks[k - 1] if k > 0 else None
        if (not lower and self._person_context(toks, k)) or (nxt is not None and nxt.low in _SPEECH_VERBS) \
                or _age_after(toks, k + 1) or _person_possessive_after(toks, k + 1) \
                or _described_as_person(text, toks[k].end):
            return True
        if after[:1] == ["from"] and any(w in _FROM_WORDS for w in after[1:]):
            return True  # "Bill from IT", "grace from the fostering team"
        if after[:1] in (["was"], ["is"]):
            rest = [w for w in after[1:] if w not in _INTENSIFIERS]
            if rest and rest[0] in _PERSON_PREDICATES:
                return True  # "Frank was frank with us", "Summer was placed with her aunt"
        if nxt is not None and nxt.text in (",", "(") and len(after) > 2 and (
                (after[1] in ("a", "an") and after[2].isdigit()) or after[1] in _POSSESSIVE_PRONOUNS):
            return True  # "Sky, a 16 year old", "Florin (her partner)"
        if prev is not None and prev.low in _FAMILY_TITLES:
            return True
        if len(after) > 1 and after[0] in ("and", "with") and after[1] in _POSSESSIVE_PRONOUNS:
            return True  # "Summer and her brother"
        if len(after) > 2 and after[0] == "," and after[1] in ("the", "our", "my", "a", "an") \
                and (after[2] in PERSON_NOUNS or after[2] in _JOB_TITLE_WORDS or after[2] == "social"):
            return True  # "Grace, the social worker, agreed"
        if prev is not None and prev.text == "," and nxt is not None and nxt.text in (",", ")") \
                and self._role_before(toks, k):
            return True  # "the young person, jade, asked"
        if not lower and self._pair_of_names(toks, k):
            return True  # "Autumn and Storm are twins", "Sunny and Jack live with their aunt"
        if lower or toks[k].initial_of_sentence or toks[k].low == "may" or prev is None \
                or prev.low in _NOT_BEFORE_AMBIGUOUS:
            return False
        if toks[k].low in _FEELING_NAMES and after[:1] in (["was"], ["is"]) and after[1:2] \
                and after[1] in _SAID_OF_FEELINGS:
            return False  # "Joy was expressed by all", "Hope is needed"
        return nxt is None or nxt.text in _PUNCT_AFTER_NAME or nxt.low in _AFTER_PERSON

    def _listed_with_products(self, toks: list[_Tok], k: int) -> bool:
        """A first name listed among products and no people ("Beam, Millie and Copilot")."""
        _, mates = _list_mates(toks, k, k + 1)
        return any(m.low in PRODUCT_WORDS for m in mates) and not any(
            m.low in first_names() or m.low in SURNAMES or m.low in PLACE_WORDS for m in mates)

    def _pair_of_names(self, toks: list[_Tok], k: int) -> bool:
        """Two capitalised listed first names joined by "and", then what people do or are ("Rose and
        Lily were both there"); not two seasons ("Summer and Autumn are busy")."""
        n = len(toks)

        def listed(t: _Tok) -> bool:
            return t.cap and (t.low in first_names() or t.low in AMBIGUOUS_FIRST_NAMES)

        if k + 3 < n and toks[k + 1].low == "and" and listed(toks[k + 2]):
            other, after = toks[k + 2], toks[k + 3]
        elif k >= 2 and k + 1 < n and toks[k - 1].low == "and" and listed(toks[k - 2]):
            other, after = toks[k - 2], toks[k + 1]
        else:
            return False
        if toks[k].low in _SEASONS and other.low in _SEASONS:
            return False
        return after.low in _SPEECH_VERBS or after.low in _PAIR_PREDICATES

    def _person_context(self, toks: list[_Tok], k: int) -> bool:
        """True when the words just before token ``k`` introduce a person."""
        a = max(0, k - 4)
        before = " ".join(x.low for x in toks[a:k])
        if _PERSON_CUE_BEFORE_RE.search(before):
            return not _TOOL_CALLED_BEFORE_RE.search(before)
        # "X said", "X told me"
        if k + 1 < len(toks) and toks[k + 1].low in _SPEECH_VERBS:
            return True
        return False

    def _name_cue_before(self, toks: list[_Tok], k: int) -> bool:
        """ "Ask for X", "my name is X", "a boy called X" (but not "a tool called X")."""
        before = " ".join(x.low for x in toks[max(0, k - 4):k])
        return _NAME_CUE_BEFORE_RE.search(before) is not None and not _TOOL_CALLED_BEFORE_RE.search(before)

    def _role_before(self, toks: list[_Tok], k: int) -> bool:
        """True when a role word ("social worker", "foster carer", "child") is right before ``k``."""
        before = " ".join(x.low for x in toks[max(0, k - 4):k])
        return _ROLE_BEFORE_RE.search(before) is not None

    def _cue_spans(self, text: str) -> list[Span]:
        """Lower-case first names after a strong cue: "a child called tom"."""
        out: list[Span] = []
        fn = first_names()
        for m in _LOWER_CUE_RE.finditer(text):
            word = m.group("name")
            if word.lower() in fn:
                out.append((m.start("name"), m.end("name"), NAME))
        return out

    def _meeting_spans(self, text: str) -> list[Span]:
        """Lower-case names after a meeting verb: unlisted ones that are not English words ("we met
        with tayvon"), and listed ones that are also words when a clause follows ("asked summer what")."""
        out: list[Span] = []
        for m in _LOWER_MEETING_RE.finditer(text):
            word = m.group("name")
            if m.group("clause") is not None and word in _LOWERCASE_AMBIGUOUS and word not in _PRODUCT_OR_PLACE \
                    and (word in first_names() or word in AMBIGUOUS_FIRST_NAMES):
                out.append((m.start("name"), m.end("name"), NAME))  # "we asked summer what she wanted"
                continue
            if word not in STOP_WORDS and word not in NON_PERSON_WORDS and word not in ORG_SUFFIX_WORDS \
                    and not self._is_english(word) and not any(p in STOP_WORDS or self._is_english(p)
                                                               for p in word.split("-") if len(p) > 3):
                out.append((m.start("name"), m.end("name"), NAME))
        return out

    # -- NER ----------------------------------------------------------------------------

    def _accept_person(self, text: str, start: int, end: int) -> Span | None:
        """Keep an NER PERSON span unless it is a product, place, organisation or plain word."""
        toks = _tokenise(text[start:end])
        # trim leading articles, trailing possessives and punctuation
        while toks and (toks[0].low in ("the", "a", "an", "our", "my", "and") or not toks[0].text[0].isalnum()):
            toks = toks[1:]
        while toks and not toks[-1].text[0].isalnum():
            toks = toks[:-1]
        if toks and toks[-1].low == "s" and len(toks) > 1 and toks[-2].text in ("'", "’"):
            toks = toks[:-2]
        if not toks:
            return None
        words = [t for t in toks if t.text[0].isalpha()]
        if not words or any(t.text.startswith("[") for t in toks) or any(t.text.isdigit() for t in toks):
            return None
        if not any(t.cap for t in words):
            return None
        # every word is a product, place, organisation or ordinary word, and no name among them
        if all(t.low in NON_PERSON_WORDS or t.low in ORG_SUFFIX_WORDS
               or t.low in AMBIGUOUS_FIRST_NAMES
               or (self._is_english(t.low) and t.low not in first_names())
               or t.text.isupper() or len(t.text) == 1
               for t in words):
            return None
        if any(t.low in PRODUCT_WORDS and t.low not in first_names() and t.low not in SURNAMES
               and len(words) > 1 for t in words):
            return None
        if any(t.cap and t.low in _STRICT_ORG_WORDS for t in words) \
                or any(t.low in TOOL_NOUNS for t in words) \
                or (len(words) > 1 and words[-1].low in _PRODUCT_TAIL_WORDS):
            return None
        s, e = start + toks[0].start, start + toks[-1].end
        if _tool_phrase_starts(text).intersection(start + t.start for t in words):
            return None  # "tested Ask Jules"
        # the next word makes it an organisation or place ("Barnet Council", "Sutton Trust")
        after = re.match(r"[\s'’s]*([A-Za-z]+)", text[e:e + 30])
        if after and after.group(1)[0].isupper() and after.group(1).lower() in ORG_SUFFIX_WORDS:
            return None
        before = text[max(0, s - 40):s]
        if re.search(r"\b(?:St\.?|Saint|NHS|HMP|HM|Port)\s*$", before):
            return None
        # a word that is used, piloted or bought is a product, not a person ("we piloted Zentrix",
        # "Zentrix software") -- unless it is a listed first name
        if words[0].low not in first_names() and (
                _TOOL_VERB_BEFORE_RE.search(before) or _TOOL_NOUN_AFTER_RE.match(text, e)):
            return None
        return (s, e, NAME)


# Last words of product names ("Fenwick Assist", "Lantern Pro", "Family Connect").
_PRODUCT_TAIL_WORDS = _words(
    "assist assistant pro plus premium studio suite hub connect go lite express cloud online "
    "enterprise copilot gpt notes scribe voice insight insights analytics labs one 365 360")

_STRICT_ORG_WORDS = _words(
    "council county borough trust nhs ltd limited plc university school college academy hospital "
    "department ministry police constabulary authority partnership foundation services")

_TOOL_VERB_BEFORE_RE = re.compile(
    r"\b(?:use|uses|using|used|pilot|piloted|piloting|trial|trialled|trialed|trialling|procure|"
    r"procured|procuring|buy|bought|purchased|license|licensed|licence|implement|implemented|"
    r"implementing|deploy|deployed|deploying|adopt|adopted|introduced|install|installed|rolled\s+out|"
    r"rolling\s+out|via|through|tool|tools|app|platform|product|software|system|called|named|"
    r"explore|exploring|explored|consider|considering|considered|evaluate|evaluating|evaluated|"
    r"test|testing|tested|commissioned|commissioning|integrate|integrated|replaced|switched\s+to)"
    r"(?:\s+(?:the|a|an|of|both|either))?\s*$"
    # "the supplier, Netcall, built ...", "our provider Zentrix"
    r"|\b(?:supplier|suppliers|vendor|vendors|provider|providers|company|firm|developer|developers|"
    r"start-?up|contractor|partner\s+organisation)\s*,?\s*$", re.IGNORECASE)
_TOOL_NOUN_AFTER_RE = re.compile(
    r"(?:['’]s)?\s+(?:app|apps|tool|tools|platform|software|system|product|ai|licences?|licenses?|"
    r"pilot|rollout|roll-out|subscription|chatbot|bot|model|api|dashboard|transcripts?|"
    r"recordings?|outputs?|summaries|accounts?|dictation|transcription|integration|module|suite|"
    r"assistant|interface|solution|solutions|licen[cs]e|contract|plugin|plug-in|add-in|data|datasets?)\b",
    re.IGNORECASE)

_TOOL_WORD_RE = re.compile(
    r"\b(?:use|uses|using|used|pilot|piloted|piloting|trial|trialled|trialed|trialling|procured|"
    r"bought|purchased|licensed|implemented|deployed|adopted|introduced|installed|rolled\s+out)"
    r"\s+(?:the\s+|a\s+|an\s+)?([A-Z][\w.&-]*)"
    r"|\b([A-Z][\w.&-]*)(?:['’]s)?\s+(?:app|apps|tool|tools|platform|software|system|product|"
    r"licences?|licenses?|pilot|rollout|subscription|chatbot|bot|model|dashboard)\b")
# Capitalised phrases that the sentence shows to be products, even when they hold a first name:
# "we use Millie", "tested Ask Jules", "our chatbot Millie" (not "used Sarah's notes").
_TOOL_PHRASE_RE = re.compile(
    r"\b(?:use|uses|using|used|pilot|piloted|piloting|trial|trialled|trialed|trialling|test|tested|"
    r"testing|procured|bought|purchased|licensed|deployed|installed|rolled\s+out|launched|"
    r"(?i:our|the|a|an|its|their)\s+(?:chatbot|bot|app|tool|platform|avatar|virtual\s+assistant))"
    r"\s+(?:the\s+|a\s+|an\s+)?([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}+)(?![\w'’])")


@lru_cache(maxsize=64)
def _tool_phrase_starts(text: str) -> frozenset[int]:
    """Start offsets of the words of capitalised phrases in a product context (``_TOOL_PHRASE_RE``)."""
    return frozenset(m.start(1) + w.start() for m in _TOOL_PHRASE_RE.finditer(text)
                     for w in re.finditer(r"\S+", m.group(1)))


# Words before a capitalised word that make it a place, product or organisation.
_NOT_BEFORE_NAME = _words(
    "the a an its this that these those in at across near around throughout within outside into "
    "towards via version v upgrade")
# Endings of product and company names rather than personal names.
_PRODUCT_SUFFIXES = ("ify", "bot", "hub", "labs", "ware", "soft", "tech", "sys", "book", "care",
                     "notes", "voice", "link", "view", "scribe", "logic", "flow", "desk", "cloud",
                     "data", "gpt", "ai")

_ROLE_BEFORE_RE = re.compile(rf"\b(?:{_ROLE_CUES})\s*,?$")
_PERSON_CUE_BEFORE_RE = re.compile(
    rf"(?:\b(?:{_ROLE_CUES})\s*,?|\b(?:called|named|name\s+is|known\s+as|contact|"
    r"ask\s+for|speak\s+to|spoke\s+to|talk\s+to|email|e-mail|ring|phone|"
    r"thanks\s+to|thank|dear|regards\s*,|wishes\s*,|from\s*:|by\s*:)\s*:?)$")
# Cues that make the next capitalised word a name even when it is also a word ("Ask for Dolores")
_NAME_CUE_BEFORE_RE = re.compile(
    r"(?:\b(?:called|named|name\s+is|known\s+as|ask\s+for|thanks\s+to|i\s+am|i\s+'\s+m|i'm|"
    r"calls\s+(?:himself|herself|themselves)|goes\s+by|prefers\s+to\s+be\s+called|"
    # "called the boy \"Jay\"", "named their daughter Rose"
    rf"(?:called|calls|named|call|name)\s+(?:the|a|an|this|that|her|his|their|our|my)\s+"
    rf"(?:{'|'.join(sorted(PERSON_NOUNS))}))\s*[\"'“‘]?\s*)$")
_TOOL_CALLED_BEFORE_RE = re.compile(
    rf"\b(?:{'|'.join(sorted(TOOL_NOUNS))})\s+(?:called|named|known\s+as)$")

_LOWER_CUE_RE = re.compile(
    r"\b(?:called|named|name\s+is|known\s+as)\s+(?P<name>[a-z][a-z'-]+)\b", re.IGNORECASE)
# "we met with tayvon", "spoke to deshawn": an unlisted lower-case word that is not English
_LOWER_MEETING_RE = re.compile(
    r"\b(?:(?:spoke|speak|speaking|talked|talk|talking|met|meet|meeting|sat\s+down)\s+(?:to|with)|asked|told|"
    r"visited)\s+(?P<name>[a-z][a-z'-]{2,})\b(?P<clause>(?=\s*,|\s+(?:what|whether|if|about|how|why|when|and\s+(?:her|his|their)))"
    r"|(?=\s*[.;!?]))?")
_MEETING_WORDS = ("spoke", "speak", "talk", "met", "meet", "sat down", "asked", "told", "visited")

_JOB_TITLE_WORDS = _words("""
    head director assistant deputy principal senior lead chief manager officer coordinator
    co-ordinator analyst consultant adviser advisor social worker practitioner ceo cio cto
    cdo dcs dpo iro team service strategic group programme project data information
""")


# Capitalised words after an ambiguous first name that make it an ordinary word
# ("Grace Period", "Mark Scheme", "Amber Rating", "Will Power", "Max Length").
_AMBIGUOUS_FOLLOWERS = _words("""
    period scheme schemes time times date dates point points note notes rating ratings status
    alert alerts warning warnings level levels value values size length power code list lists
    book books sheet sheets card cards test tests score scores scale step steps stage phase
    day days week weeks month months year years limit limits number numbers rag flag flags
    rate rates range areas area zone zones light lights box boxes tab tabs field fields
    it this that we you they he she i all the a an to of and or in on for
""")
_NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "ology")


# Words for the rules on names that are also words (see ``Redactor._ambiguous_is_person``).
_TOOL_SUFFIX_WORDS = _words("app apps tool tools platform platforms software system systems assistant bot chatbot")
_FAMILY_NOUNS = _words("family families children kids household siblings twins brothers sisters boys girls")
_LOWER_FAMILY_RE = re.compile(rf"\bthe\s+[a-z]+\s+(?:{'|'.join(sorted(_FAMILY_NOUNS))})\b")
_FROM_WORDS = _words("it hr team service services council school office department unit hub fostering "
                     "adoption finance legal admin reception ict digital")
_INTENSIFIERS = _words("really very so quite not also always clearly initially understandably")
_PERSON_PREDICATES = _words("""
    placed referred adopted fostered born excluded bullied diagnosed moved removed allocated
    happy unhappy sad upset angry worried scared frightened anxious nervous pleased excited keen
    reluctant confused distressed adamant honest frank clear open quiet shy tired living staying
    aged able unable present absent unwell ill pregnant autistic deaf disabled settled thriving
    struggling nonverbal non-verbal
""")
_POSSESSIVE_PRONOUNS = _words("her his their my our your")
_SEASONS = _words("spring summer autumn winter")
# What follows "X and Y" when they are people ("Rose and Lily were ...", "... live with their aunt").
_PAIR_PREDICATES = _words("are were live both have had share attend each")
# Names that are also feelings or virtues, and what is said of the feeling rather than of a person.
_FEELING_NAMES = _words("joy hope faith grace patience mercy harmony destiny favour blessing precious")
_SAID_OF_FEELINGS = _words("expressed felt shown voiced restored lost needed required granted extended offered "
                           "evident apparent visible shared palpable")
_NEGATED_AUXILIARIES = _words("didn't doesn't won't wasn't isn't can't couldn't wouldn't didnt doesnt wont cant")
_PERSON_WANTS = _words("want like understand know feel agree trust mind realise realize think speak engage "
                       "attend come turn wish")
_FAMILY_TITLES = _words("grandma grandad grandpa granny nan nanny gran auntie aunty aunt uncle cousin "
                        "mum mam dad baby sister brother")
_NOT_BEFORE_AMBIGUOUS = _words(
    "the a an this that these those its our their his her my your in on at during over since until by "
    "of from into through throughout every each next last early late mid we i you they he she it "
    "' - / & amazing")
_PUNCT_AFTER_NAME = frozenset(",.;:!?)")
_AFTER_PERSON = _words(
    "and or but who was is has had did does will would could can should might about for with to at "
    "too also herself himself")


# Street and building words after an ambiguous first name make a place ("Summer Hill", "Holly Lodge").
_PLACE_FOLLOWERS = _words(_STREET_TYPES.replace("|", " ") + " " + _BUILDING_TYPES.replace("|", " "))


def _common_noun(low: str) -> bool:
    """A word after an ambiguous first name that makes it an ordinary word or a place ("Grace Period",
    "Will Writing", "Holly Lodge")."""
    return low in _AMBIGUOUS_FOLLOWERS or low in _PLACE_FOLLOWERS or low.endswith(_NOUN_SUFFIXES) \
        or (low.endswith("ing") and len(low) > 5)


def _propagate_names(text: str, spans: list[Span]) -> list[Span]:
    """Once a word is known to be a name in a text, redact its other mentions there too
    ("Mrs Okonkwo ... Okonkwo later said")."""
    words: set[str] = set()
    for s, e, label in spans:
        if label != NAME:
            continue
        for m in _TOKEN_RE.finditer(text, s, e):
            w = m.group()
            low = w.lower()
            if len(w) > 2 and _is_capitalised(w) and w not in HONORIFICS and low not in NON_PERSON_WORDS \
                    and low not in ORG_SUFFIX_WORDS and low not in AMBIGUOUS_FIRST_NAMES:
                words.add(w)
    if not words:
        return spans
    pattern = re.compile(r"(?<![\w\[])(?:" + "|".join(re.escape(w) for w in sorted(words)) + r")(?![\w\]])")
    coverage = _coverage(spans)
    in_tool_phrase = _tool_phrase_starts(text)  # "we use Millie ... Millie Sandford said"
    extra = [(m.start(), m.end(), NAME) for m in pattern.finditer(text)
             if not _covered(coverage, m.start(), m.end()) and m.start() not in in_tool_phrase]
    return spans + extra


_AGE_NOT_UNITS = _words("""
    % per percent pc weeks week months month days day hours hour minutes mins years year times miles
    km pounds million m k bn out of or to th st nd rd x
""")


def _list_mates(toks: list[_Tok], k: int, end: int) -> tuple[int, list[_Tok]]:
    """The capitalised words listed with ``toks[k:end]`` ("Genie, Beam and X"), and the index of the
    list's first word."""
    j = k
    mates = []
    while j >= 2 and toks[j - 1].low in (",", "and", "or", "&") and toks[j - 2].cap:
        j -= 2
        mates.append(toks[j])
    i = end
    while i + 1 < len(toks) and toks[i].low in (",", "and", "or", "&") and toks[i + 1].cap:
        mates.append(toks[i + 1])
        i += 2
    return j, mates


def _person_predicate_after(toks: list[_Tok], k: int) -> bool:
    """ "X is autistic", "X was upset", "X didn't want it": what is said of people, not of tools."""
    after = [x.low for x in toks[k:k + 4] if x.low not in _INTENSIFIERS]
    if len(after) < 2:
        return False
    if after[0] in ("is", "was"):
        return after[1] in _PERSON_PREDICATES
    return after[0] in _NEGATED_AUXILIARIES and after[1] in _PERSON_WANTS


_NUMBER_WORD = rf"(?:\d{{1,2}}|{_UNIT}|{_TEEN}|twenty)"
# What is said right after a word that only a person can be: "X, who ...", "X is nine", "X is a
# bright seven-year-old", "X is his nickname", "X (his sister)".
_DESCRIBED_AS_PERSON_RE = re.compile(
    rf"(?:['’]s)?\s*,\s*who(?:se|m)?\b"
    rf"|\s*,?\s+(?:who\s+)?(?:is|was|turns|turned|has\s+just\s+turned)\s+(?:now\s+|only\s+|just\s+|nearly\s+|almost\s+)?"
    rf"(?:(?:an?\s+)?(?:[a-z]+\s+){{0,2}}{_NUMBER_WORD}[\s-]+(?:years?|months?)[\s-]+old"
    rf"|{_NUMBER_WORD}(?=\s*(?:[,.;:!?)]|and\b|now\b|years?\b|$)))"
    rf"|\s+(?:is|was)\s+(?:his|her|their|my|our)\s+(?:nick)?name\b"
    rf"|\s*\(\s*(?:his|her|their|my|our)\s+[a-z]+",
    re.IGNORECASE)


def _described_as_person(text: str, end: int) -> bool:
    """True when the words right after ``text[:end]`` describe a person (see ``_DESCRIBED_AS_PERSON_RE``)."""
    return _DESCRIBED_AS_PERSON_RE.match(text, end) is not None


def _age_after(toks: list[_Tok], k: int) -> bool:
    """ "X, aged 7", "X (7)", "X, 12," : an age right after a word marks a person."""
    if k + 1 < len(toks) and toks[k].low in ("is", "was", "turns", "turned") and toks[k + 1].text.isdigit():
        # "Rose is 12", but not "Summer is 12 weeks away"
        return int(toks[k + 1].text) <= 25 and (k + 2 >= len(toks) or toks[k + 2].low not in _AGE_NOT_UNITS)
    if k + 1 >= len(toks) or toks[k].text not in (",", "("):
        return False
    nxt = toks[k + 1]
    if nxt.low in ("aged", "age"):
        return True
    return nxt.text.isdigit() and int(nxt.text) <= 25 and k + 2 < len(toks) \
        and toks[k + 2].text in (",", ")") and (k + 3 >= len(toks) or toks[k + 3].text != "0")


def _person_possessive_after(toks: list[_Tok], k: int) -> bool:
    """ "X's mum", "X's foster carer": a possessive followed by a family or care word."""
    return k + 2 < len(toks) and toks[k].text in ("'", "’") and toks[k + 1].low == "s" \
        and toks[k + 2].low in _POSSESSED_BY_PERSON


def _job_title_at(toks: list[_Tok], k: int) -> bool:
    """True when a job title starts at token ``k`` ("Head of Service", "Team Manager")."""
    return k < len(toks) and toks[k].low in _JOB_TITLE_WORDS


# ---------------------------------------------------------------------------------------
# Structured identifiers.
# ---------------------------------------------------------------------------------------

_DIGIT_RE = re.compile(r"\d")


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _valid_phone(digits: str, plus: bool) -> bool:
    """The digits of a UK number (with or without +44 / 0044 / 44) or of an international one."""
    if plus or digits.startswith("00"):
        rest = digits[2:] if digits.startswith("00") else digits
        if rest.startswith("44"):
            national = rest[2:].removeprefix("0")
            return len(national) in (9, 10) and national[0] in "1235789"
        return 8 <= len(rest) <= 15 and rest[0] != "0"
    if digits.startswith("0"):
        return len(digits) in (10, 11) and digits[1] != "0"
    return len(digits) == 12 and digits.startswith("44") and digits[2] in "1237"


def _phone_spans(text: str) -> Iterator[Span]:
    """The longest pieces of each run of digit groups that are phone numbers."""
    for m in _PHONE_RUN_RE.finditer(text):
        run = m.group()
        groups = [(g.start(), g.end()) for g in _DIGIT_GROUP_RE.finditer(run)]
        dotted = "." in run
        i = 0
        while i < len(groups):
            for j in range(len(groups), i, -1):
                plus = i == 0 and run.startswith("+")
                # dots part dates and versions too: a dotted number starts with a group of 4 or more
                if dotted and groups[i][1] - groups[i][0] < 4 and not plus:
                    continue
                if _valid_phone("".join(run[a:b] for a, b in groups[i:j]), plus):
                    start = 0 if i == 0 else groups[i][0] - (run[groups[i][0] - 1] == "(")
                    end = groups[j - 1][1] + (run[groups[j - 1][1]:groups[j - 1][1] + 1] == ")")
                    yield m.start() + start, m.start() + end, PHONE
                    i = j - 1
                    break
            i += 1


def _personal_url(url: str, is_english: Callable[[str], bool]) -> bool:
    """A web address about one person: a profile, a personal site, or a path naming someone
    ("/news/sarah-jenkins", "/blog/tom-whitaker-story": a first name, then a surname or a word
    that is not English)."""
    if _PERSONAL_URL_RE.search(url):
        return True
    path = url.split("://", 1)[-1].partition("/")[2]
    words = [w.lower() for w in _URL_WORD_RE.findall(path)]
    if any((w in first_names() and w not in _LOWERCASE_AMBIGUOUS) or w in SURNAMES for w in words):
        return True
    return any(a in first_names() and (b in SURNAMES or (len(b) > 2 and not is_english(b)))
               for a, b in _SLUG_PAIR_RE.findall(path.lower()))


_NOT_HANDLES = _words("private public down blocked banned deleted closed open active new fine good "
                      "account handle name username page profile")


def _handle_ok(handle: str, link: str) -> bool:
    """A handle written after its network: it has a digit, "_" or ".", or the text says it is one
    ("snapchat: kaylaxo", "her username is kaylaxo")."""
    if any(c.isdigit() or c in "_." for c in handle):
        return True
    low = handle.lower()
    return (":" in link or "=" in link or re.search(r"\b(?:is|called)\b", link, re.IGNORECASE) is not None) \
        and len(low) > 2 and low not in STOP_WORDS and low not in _NOT_HANDLES


def _organisation_handle(handle: str) -> bool:
    """An organisation's account ("@LGAcomms", "@EssexCouncil"): an acronym or an organisation word."""
    if re.search(r"[A-Z]{2,}", handle):
        return True
    words = re.findall(r"[A-Z]?[a-z]+", handle)
    return any(w.lower() in ORG_WORDS or w.lower() in PLACE_WORDS or w.lower() in ORG_SUFFIX_WORDS
               or w.lower() in _BUILTIN_PRODUCT_WORDS for w in words if len(w) > 2)


# Words in Arabic, Hebrew, Cyrillic, Indic, Thai, Chinese, Japanese or Korean script inside these
# (English) answers are nearly always names: "His name is محمد", "王伟".
_SCRIPT = ("\u0400-\u04FF\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u0900-\u0DFF\u0E00-\u0E7F"
           "\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF")
_OTHER_SCRIPT_RE = re.compile(rf"[{_SCRIPT}]+(?:[ \u200c\u200d][{_SCRIPT}]+){{0,3}}")


_TOWN_AT_END_RE = re.compile(r",\s+((?:[A-Z][\w'’-]*\s+){0,2}[A-Z][\w'’-]*)$")
# a place name right after an address, then the end of the clause ("4 Mill Lane, Great Ayton.")
_LOCALITY_AFTER_RE = re.compile(r",\s+((?:[A-Z][a-z'’-]+\s+){0,2}[A-Z][a-z'’-]+)(?=\s*(?:[.,;:)\n]|$))")


def _address_end(text: str, start: int, end: int, is_english: Callable[[str], bool]) -> int:
    """Where an address found at ``text[start:end]`` ends: with the village or town after it when
    that is not a known town or authority ("4 Mill Lane, Great Ayton"), without its last part when
    it is one ("12 Mill Lane, Rochdale" up to "Lane"): a city names no one."""
    m = _LOCALITY_AFTER_RE.match(text, end)
    if m:
        words = [w.lower() for w in re.findall(r"[^\W\d_]+", m.group(1))]
        if not any(w in _KNOWN_PLACES or w in COMMON_CAPITALISED for w in words) \
                and any(not is_english(w) for w in words):
            return m.end()
    m = _TOWN_AT_END_RE.search(text, start, end)
    if m and all(w.lower() in _KNOWN_PLACES for w in re.findall(r"[^\W\d_]+", m.group(1))):
        return m.start()
    return end


def _structured_spans(text: str, is_english: Callable[[str], bool]) -> list[Span]:
    out: list[Span] = []
    if not text.isascii():
        out.extend((m.start(), m.end(), NAME) for m in _OTHER_SCRIPT_RE.finditer(text))
    lowered = text.lower()
    if "@" in text:
        out.extend((m.start(), m.end(), EMAIL) for m in _EMAIL_RE.finditer(text))
        out.extend((m.start(), m.end(), HANDLE) for m in _HANDLE_RE.finditer(text)
                   if not _organisation_handle(m.group()))
    if " at " in lowered or "[at]" in lowered or "(at)" in lowered or "{at}" in lowered:
        for m in _OBFUSCATED_EMAIL_RE.finditer(text):
            s = m.group()
            # a bare " at " needs a spelt-out " dot " too ("looked at gov.uk" is not an e-mail)
            if re.search(r"[\[({]\s*at\s*[\])}]", s, re.IGNORECASE) or re.search(r"\bdot\b", s, re.IGNORECASE):
                out.append((m.start(), m.end(), EMAIL))
    if "www." in lowered or "://" in lowered or _BARE_DOMAIN_HINT_RE.search(text):
        for m in _URL_RE.finditer(text):
            url = m.group().rstrip(".,;:!?)]}")
            if _personal_url(url, is_english):
                out.append((m.start(), m.start() + len(url), URL))
    if any(w in lowered for w in _HANDLE_CUE_WORDS):
        out.extend((m.start(2), m.end(2), HANDLE) for m in _HANDLE_CUED_RE.finditer(text)
                   if _handle_ok(m.group(2), m.group("link")))
    if "birth" in lowered or "born" in lowered or "dob" in lowered or "d.o.b" in lowered:
        out.extend((m.start(1), m.end(1), DATE_OF_BIRTH) for m in _DOB_RE.finditer(text))
        out.extend((m.start(1), m.end(1), DATE_OF_BIRTH) for m in _DOB_AFTER_RE.finditer(text))
    if _DIGIT_RE.search(text):
        out.extend(_phone_spans(text))
        if "nhs" in lowered or "chi" in lowered:
            out.extend((m.start(1), m.end(1), NHS_NUMBER) for m in _NHS_CUED_RE.finditer(text))
        for m in _NHS_RE.finditer(text):
            if m.group()[0] != "0" or _NHS_CUE_RE.search(text[max(0, m.start() - 40):m.start()]):
                out.append((m.start(), m.end(), NHS_NUMBER))
        out.extend((m.start(), m.end(), NI_NUMBER) for m in _NI_RE.finditer(text))
        out.extend((m.start(1), m.end(1), NI_NUMBER) for m in _NI_CUED_RE.finditer(text))
        out.extend((m.start(), m.end(), DRIVING_LICENCE) for m in _DRIVING_LICENCE_RE.finditer(text))
        if "passport" in lowered:
            out.extend((m.start(1), m.end(1), PASSPORT) for m in _PASSPORT_RE.finditer(text))
        for m in _CASE_REF_RE.finditer(text):
            if not _NOT_PERSONAL_REF_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()):
                out.append((m.start(), m.end(), CASE_REF))
        for m in (_CASE_REF_CUED_RE.finditer(text) if any(w in lowered for w in _CASE_REF_CUE_WORDS) else ()):
            ref = m.group(1)
            if _digits(ref) >= 4 and not _YEAR_LIKE_RE.fullmatch(ref) and not _NOT_PERSONAL_PREFIX_RE.match(ref) \
                    and not _NOT_PERSONAL_REF_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()):
                out.append((m.start(1), m.end(1), CASE_REF))
        out.extend((m.start(), m.end(), CASE_REF) for m in _LONG_NUMBER_RE.finditer(text))
        out.extend((m.start(), m.end(), POSTCODE) for m in _POSTCODE_RE.finditer(text))
    has_digit = _DIGIT_RE.search(text) is not None
    # every address form has a number, a comma or a cue ("lives on Mill Lane")
    if (has_digit or ", " in text or any(w in lowered for w in _ADDRESS_CUE_WORDS)) and (
            _ADDRESS_HINT_RE.search(text) or (has_digit and _LOWER_ADDRESS_HINT_RE.search(lowered))):
        out.extend((m.start(), _address_end(text, m.start(), m.end(), is_english), ADDRESS)
                   for m in _ADDRESS_RE.finditer(text))
        if any(w in lowered for w in _ADDRESS_CUE_WORDS):
            out.extend((m.start(1), _address_end(text, m.start(1), m.end(1), is_english), ADDRESS)
                       for m in _ADDRESS_CUED_RE.finditer(text))
    return out


# ---------------------------------------------------------------------------------------
# Span arithmetic.
# ---------------------------------------------------------------------------------------

def _merge(spans: list[Span]) -> list[Span]:
    """Merge overlapping (or touching name) spans; the longest original span names the result."""
    if not spans:
        return []
    spans = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    merged: list[Span] = []
    best: list[tuple[int, int, str]] = []  # the span that gives each merged group its label
    for s, e, label in spans:
        if merged and s < merged[-1][1]:
            ms, me, _ = merged[-1]
            bs, be, bl = best[-1]
            if (e - s, -_PRIORITY[label]) > (be - bs, -_PRIORITY[bl]):
                best[-1] = (s, e, label)
            merged[-1] = (ms, max(me, e), best[-1][2])
        else:
            merged.append((s, e, label))
            best.append((s, e, label))
    return merged


def _coverage(spans: list[Span]) -> list[tuple[int, int]]:
    """Merged (start, end) intervals, for quick "is this token already covered" tests."""
    return [(s, e) for s, e, _ in _merge(spans)]


def _covered(coverage: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(coverage, (start, float("inf"))) - 1
    return i >= 0 and coverage[i][0] <= start and end <= coverage[i][1]


def _apply(text: str, spans: list[Span]) -> str:
    """Replace the (sorted, disjoint) spans; text outside them is copied unchanged."""
    parts: list[str] = []
    pos = 0
    for s, e, label in spans:
        parts.append(text[pos:s])
        parts.append(label)
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


# ---------------------------------------------------------------------------------------
# Convenience.
# ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def default_redactor() -> Redactor:
    """A shared ``Redactor`` with the default pipeline (loaded on first use)."""
    return Redactor()


def redact(text: str) -> str:
    """Replace personal data in one text with placeholders such as ``[NAME]``."""
    return default_redactor().redact(text)


# ---------------------------------------------------------------------------------------
# Other published strings: candidate tool names, short values, respondent ids.
# ---------------------------------------------------------------------------------------

_SENTENCE_END_RE = re.compile(r"[.!?](?:\s+|$)|\n")
_CONTEXT_CHARS = 300


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence holding ``text[start:end]`` (at most ``_CONTEXT_CHARS`` either side)."""
    lo = max(0, start - _CONTEXT_CHARS)
    a = lo
    for m in _SENTENCE_END_RE.finditer(text, lo, start):
        a = m.end()
    m = _SENTENCE_END_RE.search(text, end, min(len(text), end + _CONTEXT_CHARS))
    return a, (m.end() if m else min(len(text), end + _CONTEXT_CHARS))


def _all_name_words(candidate: str) -> bool:
    """Every word is a listed surname or an unambiguous listed first name ("Tyler", "Jayden Smith")."""
    words = _TOKEN_RE.findall(candidate)
    words = [w for w in words if w[0].isalpha()]
    return bool(words) and all(
        _is_capitalised(w) and w.lower() not in _BUILTIN_PRODUCT_WORDS
        and ((w.lower() in first_names() and w.lower() not in AMBIGUOUS_FIRST_NAMES) or w.lower() in SURNAMES)
        for w in words)


def _spaced(value: str) -> str:
    """``value`` with the separators of file names and ids read as spaces (same length, same offsets)."""
    return re.sub(r"[_+]|(?<=[^\W\d_])[.-](?=[^\W\d_])", " ", value)


def is_personal_data(candidate: str, context: str | None = None) -> bool:
    """True when ``candidate`` (e.g. a discovered tool name) is or holds personal data, judged in
    ``context`` (the text it was found in; it must occur there) or on its own."""
    if context is None or candidate not in context:
        context = candidate
    start = context.index(candidate)
    return default_redactor().personal_many([(context, start, start + len(candidate))])[0]


def redact_value(value: object) -> str:
    """Redact one short published string (see :meth:`Redactor.redact_values`)."""
    return default_redactor().redact_values(["" if value is None else str(value)])[0]


#: Length of a pseudonym's code (base32 characters of an HMAC-SHA256): 50 bits.
PSEUDONYM_CHARS = 10


def pseudonym_key(data: bytes) -> bytes:
    """A key for :func:`pseudonymise` derived from the input file's bytes: the same input gives the
    same pseudonyms, and the published sha256 of the input does not give the key away."""
    return hashlib.sha256(b"synthesis pseudonym key\0" + data).digest()


def pseudonymise(ids: Iterable[object], key: bytes, prefix: str = "R-") -> dict[str, str]:
    """Stable pseudonyms for respondent ids: ``{id: "R-" + HMAC-SHA256(key, id) in base32}``.

    Deterministic for a key; codes are lengthened for every id if two would collide.
    """
    if not key:
        raise ValueError("pseudonymise: the key is empty")
    unique = sorted({str(i) for i in ids})
    digests = {i: base64.b32encode(hmac.new(key, i.encode("utf-8"), hashlib.sha256).digest()).decode("ascii")
               for i in unique}
    chars = PSEUDONYM_CHARS
    while len({d[:chars] for d in digests.values()}) < len(digests):
        chars += 2
    return {i: prefix + d[:chars] for i, d in digests.items()}
