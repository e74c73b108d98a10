"""Word lists (lower case) that tell names from products, places, organisations and words."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def _name_list(file: str) -> frozenset[str]:
    """A shipped name list (``data/<file>``, one name a line, ``#`` comments), in lower case."""
    text = resources.files("synthesis").joinpath(f"data/{file}").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def first_names() -> frozenset[str]:
    """The shipped first-name list (lower case)."""
    return _name_list("first_names.txt")


def word_set(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in text.split())


# Products, suppliers and platforms that appear in answers about AI in social care.
# Their capitalised words are never names on their own (an honorific still wins: "Mr Beam").
PRODUCT_WORDS = word_set("""
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
PLACE_WORDS = word_set("""
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
    gwynedd ceredigion powys conwy denbighshire flintshire wrexham anglesey pembrokeshire carmarthenshire
    swansea neath talbot rhondda cynon taf caerphilly torfaen monmouthshire newport bridgend merthyr tydfil
    blaenau gwent glamorgan
    aberdeen aberdeenshire dundee inverclyde renfrewshire lanarkshire ayrshire dunbartonshire falkirk
    clackmannanshire stirling kinross argyll bute dumfries galloway midlothian lothian orkney shetland fife
    moray eilean siar
    sorani sylheti kurmanji tigrinya pashto dari urdu punjabi gujarati bengali somali amharic farsi tamil
    sinhala twi yoruba igbo hausa lingala krio oromo bravanese tetum luganda shona
""")
# (the last lines: Welsh and Scottish council areas, and languages families speak)

# Organisations, public bodies, and words that make the next or previous word an
# organisation or a place rather than a person.
ORG_SUFFIX_WORDS = word_set("""
    council councils county borough district city metropolitan unitary authority authorities
    nhs trust trusts icb icbs partnership partnerships foundation ltd limited plc llp inc llc
    group academy school schools primary infants juniors nursery college university hospital hospitals service services hub
    hubs centre center police constabulary fire region regional board commission agency
    institute network alliance consortium federation society association charity
    department ministry office government team teams unit directorate programme project
    street road avenue lane drive close way crescent place court gardens terrace grove
    square park walk mews row rise parade
    app apps tool tools platform platforms software system systems solutions technologies
    technology labs digital analytics insight insights cloud studio assistant bot chatbot ai
    model review report framework approach inquiry method award
""")

ORG_WORDS = word_set("""
    ofsted nhs dfe department education government parliament cabinet office home treasury
    whitehall ons lga adcs ico cafcass nspcc barnardo barnardo's barnardos coram mencap kooth
    childline healthwatch unison unite gmb ipsos mori yougov kantar nfer cordis ifs nao
    loti socitm crown commercial g-cloud ccs tpas unicef redthread
    what works centre wwcsc nesta nice cqc dhsc mhclg dluhc gds cddo cdei jisc socitm
    solace bascs basw skills social work england research practice ripfa frontline
    step up change think ahead open university ai council county borough city
""")

# Capitalised words common in these answers that are not names.
COMMON_CAPITALISED = word_set("""
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
AMBIGUOUS_FIRST_NAMES = word_set("""
    ada amber aria bailey carol chase dawn dean eve faith florence grace heather holly hope ivy
    jack jade jordan joy lily mark mason max may nick rob robin rose ruby sue victoria will
    willow bill frank pat rich sky summer
    precious blessing pearl hunter gift favour harmony destiny patience mercy hazel violet iris
    brooke aurora luna jean noel river phoenix angel star autumn storm sunny honey cherry raven
    saffron indigo
""")

# Months and places that are also first names, taken as one only right before a surname ("June
# Okafor", "Chelsea Walker-Brown").
WORD_FIRST_NAMES = word_set("jan april may june august sunday chelsea lincoln paris india devon chester kingston")

# Listed first names that are ordinary words when written in lower case ("a tom cat",
# "the big ben"): a lower-case listed name is a name only when it is none of these.
LOWERCASE_AMBIGUOUS = AMBIGUOUS_FIRST_NAMES | word_set("""
    tom ben john harry ken dan leo karen sam alex charlie james lewis scott taylor morgan
    owen martin harrison harvey kelly logan ashley casey frankie thomas ali matt phil pete
    sally tony jess maya ruth raj kai max finn mo mike jim liz
    teddy julian norman douglas duncan howard stanley warren spencer wesley frederick dominic
    felicity madison lennon libby otis kobe jasper pauline rupert troy dung yaw daisy poppy nancy
    gabriel amir ana bob
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


BUILTIN_PRODUCT_WORDS = PRODUCT_WORDS
PRODUCT_WORDS = PRODUCT_WORDS | _tool_list_words()

KNOWN_PLACES = PLACE_WORDS | _local_authority_words()
NON_PERSON_WORDS = PRODUCT_WORDS | PLACE_WORDS | ORG_WORDS | COMMON_CAPITALISED | _local_authority_words()
# Words that cannot be the person named after a role ("my social worker Bright" is a person
# even though Bright is also a supplier's name in the tool list).
NOT_A_ROLE_HOLDER = (BUILTIN_PRODUCT_WORDS | ORG_WORDS | COMMON_CAPITALISED | ORG_SUFFIX_WORDS
                      | PLACE_WORDS)

# Words that cannot be a surname after a first name (place words can: "Jo Sutton").
NOT_SURNAME = PRODUCT_WORDS | ORG_WORDS | COMMON_CAPITALISED | ORG_SUFFIX_WORDS
PRODUCT_OR_PLACE = PRODUCT_WORDS | PLACE_WORDS

HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame",
              "Cllr", "Councillor", "Rev", "Revd", "Lord", "Lady", "Judge", "Nurse")

# Capitalised words that no name rule can take, wherever they stand (no first name, no
# honorific, not a possible role holder): a text whose capitalised words are all of these
# (the first word may also be an ordinary English word) needs no name rules at all.
SAFE_CAPITALISED = (NON_PERSON_WORDS & NOT_A_ROLE_HOLDER) - first_names() - word_set(" ".join(HONORIFICS))
HONORIFIC_SET = frozenset(HONORIFICS)
# An initial: a capital letter on its own followed by a full stop ("A. Khan").
INITIAL_DOT_RE = re.compile(r"(?<![^\W\d_])[A-Z]\s*\.")

# Titles that are also ordinary words ("Miss deadlines", "Nurse Practitioner"): the next
# word must look like a name, not merely be capitalised.
NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "bin", "ap", "ab",
                             "bint", "al", "el", "ibn", "ben", "abu", "umm", "los", "las", "del", "dos",
                             "das", "ní", "ó", "mac", "nic"})

# Words right after "Dr X" that make it a product's name ("Dr Foster data", "the Dr Jo app").
PRODUCT_AFTER_TITLE = word_set("data dataset datasets app apps software tool tools platform system systems "
                              "dashboard dashboards analytics product products")

WORD_HONORIFICS = frozenset({"Miss", "Sir", "Dame", "Lord", "Lady", "Judge", "Nurse"})

# Capitalised words that follow "Ms"/"Mr" in product names ("Ms Teams") rather than names.
HONORIFIC_PRODUCT_FOLLOWERS = word_set(
    "teams word excel forms office outlook copilot dynamics sharepoint onedrive access "
    "powerpoint project planner visio edge windows azure power")

# Nouns before "called"/"named" that make the following word a person, or a product.
PERSON_NOUNS = word_set("""
    child children boy girl baby toddler teenager teen son daughter brother sister sibling
    mum mother dad father parent grandparent grandmother grandfather nan gran aunt uncle
    cousin carer carers person people man woman lady gentleman guy someone somebody
    worker workers colleague colleagues manager practitioner officer student apprentice
    client resident tenant pupil learner friend partner husband wife family lad
""")
TOOL_NOUNS = word_set("""
    tool tools app apps application applications system systems platform platforms product
    products software programme program project company companies supplier suppliers
    vendor vendors firm startup start-up bot chatbot model models assistant service
    services solution solutions package module feature function website site portal
    framework initiative scheme pilot
""")

# Role words before a name ("my social worker Priya", "our team manager, Jo Smith").
ROLE_CUES = (
    r"social\s+worker|key\s*worker|case\s*worker|support\s+worker|family\s+support\s+worker|"
    r"worker|personal\s+adviser|personal\s+advisor|advis[eo]r|team\s+manager|service\s+manager|"
    r"manager|practitioner|mentor|teacher|carer|foster\s+carer|supervisor|colleague|"
    r"head\s+of\s+service|director|officer|iro|reviewing\s+officer|nurse|therapist|"
    r"psychologist|child|son|daughter|brother|sister|mum|dad|mother|father|foster\s+child|"
    r"young\s+person|boy|girl|baby|friend|grandson|granddaughter")

SPEECH_VERBS = word_set(
    "said says told asked explained shared felt wrote commented reported noted stated "
    "added described mentioned replied emailed called wants wanted thinks thought "
    "visited attended lives lived moved cried smiled liked loved enjoyed drew laughed "
    "agreed disagreed refused chose signed aged attends loves likes hates enjoys goes plays cries "
    "smiles draws tells asks feels came comes went goes ran left returned arrived joined wrote writes met meets")

# Words after "X's" that make X a person ("Kayleigh's foster carer", "Tom's mum").
POSSESSED_BY_PERSON = word_set("""
    mum dad mother father parents parent foster carer carers social worker key support
    sister brother sisters brothers siblings nan gran grandmother grandfather aunt uncle
    family teacher school friend friends partner husband wife son daughter children child
    baby birthday bedroom views wishes voice feelings story life placement name nickname words keyworker
    caseworker advocate grandma grandad granny auntie cousin
""")
