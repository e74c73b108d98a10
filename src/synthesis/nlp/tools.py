"""``synthesis_tools``: listed tools, discovered tools, their status and negation.

Tools in the tool list (``data/tools.yaml``) are matched by name, alias and pattern. Unlisted
capitalised names next to a cue ("a tool called X", "we use X", "the X app") are candidates for
discovery, ruled in or out by word lists and, where it could change the verdict, by the English
model's NER read over a few words around the candidate. A company named as a party ("worked with X",
"X Limited", "Xantura says", "developed by X", "a system from X") is not a tool, listed or not; a cue
counts only where it can introduce a product ("technology from X" but not "insights from X", "tools
such as X" but not "settings such as X"). Status comes from :mod:`synthesis.nlp.cues`.
Results are stored on ``doc._.synthesis_tools``.
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from synthesis.nlp.cues import CueFinder, tool_statuses
from synthesis.nlp.matcher import TokenPatternMatcher
from synthesis.nlp.text import (
    A_LEMMA,
    A_LOWER,
    A_ORTH,
    BULLETS,
    Words,
    char_offsets,
    doc_arrays,
    lemma_table,
    sentence_bounds,
    sentence_of,
    sentence_words,
    texts_of,
)
from synthesis.redact import first_names

#: Sentences longer than this (in tokens) never go to the statistical model (bounded time).
MAX_STAT_TOKENS = 120
#: Tokens either side of a candidate tool name that the NER reads (its features reach about four).
#: With 4, 5 or 8, or whole sentences, the tools found in 4,243 sample, benchmark and gold texts are the same.
NER_CONTEXT = 5
#: Docs the tool finder handles together (its NER call sees all their candidate sentences).
MIN_TOOL_BATCH = 256
MAX_TOOL_BATCH_TOKENS = 100_000

if not Doc.has_extension("synthesis_tools"):
    Doc.set_extension("synthesis_tools", default=None)

#: Words that make a sentence-initial or exact-case alias count as a tool (with ``context``).
TOOL_CONTEXT = {
    "use", "pilot", "trial", "test", "roll", "deploy", "implement", "adopt", "procure", "buy", "licence", "license",
    "app", "application", "tool", "platform", "software", "system", "product", "supplier", "vendor", "ai", "record",
    "live", "replace", "module", "install", "introduce", "integrate", "feature", "function", "version", "upgrade",
    "access", "we", "our", "staff", "migrate", "contract", "provider", "database", "recording", "case",
    "decommission", "discontinue", "stop", "switch", "retire", "implement", "go", "licence", "rollout",
}
HEAD_NOUNS = {"app", "apps", "application", "platform", "tool", "tools", "software", "system", "solution", "chatbot",
              "bot", "assistant", "product", "portal", "module", "suite", "agent", "model", "package"}
_DETERMINERS = {"a", "an", "the", "our", "their", "its", "this", "that", "these", "those", "my", "your", "his", "her",
                "new", "own", "bespoke", "smaller", "small", "called", "most", "some", "many", "all", "any", "other",
                "such", "several", "few", "more", "every", "each", "no"}
#: Passive or relative cues after a name: "Charms is used by", "Scribely was not taken forward".
_CUE_AFTER = {"used", "piloted", "trialled", "trialed", "tested", "adopted", "introduced", "procured",
              "decommissioned", "replaced", "discontinued", "deployed", "implemented", "taken", "rolled", "switched",
              "licensed", "built", "developed", "being"}
_AUX = {"is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "not", "n't", "now", "also", "still",
        "currently", "then", "no", "longer", "only"}
_MAKERS = {"we", "our"}
_MAKER_VERBS = {"built", "developed", "use", "used", "created", "commissioned", "bought", "designed", "wrote", "call"}
#: Cues after which a supplier's own name counts as a tool ("runs on technology from OpenAI").
_TECH_CUES = {("from",), ("power", "by"), ("build", "on"), ("run", "on"), ("base", "on")}
_CUE_BEFORE = {
    ("use",), ("pilot",), ("trial",), ("test",), ("roll", "out"), ("introduce",), ("adopt",), ("procure",),
    ("implement",), ("deploy",), ("call",), ("name",), ("know", "as"), ("from",), ("via",), ("buy",),
    ("purchase",), ("license",), ("licence",), ("choose",), ("select",), ("such", "as"), ("include",),
    ("switch", "to"), ("move", "to"), ("replace", "with"), ("power", "by"), ("build", "on"), ("run", "on"),
    ("base", "on"),
    ("consider",), ("explore",), ("look", "at"), ("stop", "use"), ("try",),
    ("we", "call"), ("call", "it"), ("e.g.",), ("like",), ("with",), ("onto",), ("into",),
}
_CUE_FIRST = set()  # filled below from _CUE_BEFORE
_STRONG_CUES = {("call",), ("name",), ("know", "as"), ("we", "call"), ("call", "it")}
_CONNECT = {"&", "-", "+", "of", "in", "for", "my", "on"}
_CUE_FIRST.update(key[0] for key in _CUE_BEFORE)
#: Nouns that make "X from Y" name Y as the technology ("a risk model from Xantura"); after any other
#: noun Y is a party ("insights from Multiverse", "funding from the Nuffield Foundation").
_TECH_NOUNS = HEAD_NOUNS | {"technology", "technologies", "engine", "engines", "service", "services", "apps",
                            "applications", "platforms", "tools", "systems", "solutions", "products", "chatbots",
                            "bots", "assistants", "models", "programs", "program", "api", "apis", "module",
                            "modules", "software", "feature", "features", "product", "offering", "offer", "llm",
                            "llms"}
#: Verbs after which "with X" or "into X" names a system ("recorded with X", "imported into X"); after
#: others ("worked with X", "partner with X", "into the Digital Age") X is a party or a place.
_WITH_VERBS = {"record", "integrate", "integration", "build", "link", "connect", "pair", "combine", "compatible",
               "interface", "sync", "capture", "transcribe", "create", "produce", "generate", "draft", "enhance",
               "upgrade", "replace", "equip", "issue", "integrated", "recorded", "interoperable", "interoperate",
               "experiment", "experimenting", "trial", "trialling", "pilot", "piloting", "test", "testing", "start"}
_OWNERS = {"our", "their", "its", "my", "your"}
_INTO_VERBS = {"import", "integrate", "feed", "flow", "upload", "enter", "input", "paste", "load", "migrate", "move",
               "build", "embed", "plug", "transfer", "put", "record", "type", "incorporate", "bring", "copy", "go",
               "log", "integrated", "built", "embedded", "fed", "loaded", "entered", "pasted", "uploaded"}
#: Cues that bring a list of examples: they name tools only after a technology noun ("tools such as X",
#: "apps like Y"), not after "settings such as Mental Capacity Assessments" or "signatories include".
_MOVE_VERBS = {"move", "switch", "migrate", "transfer", "transition", "change", "away", "moved", "switched",
               "migrated"}
_LIST_CUES = {("such", "as"), ("include",), ("like",), ("e.g.",)}
#: How far before a list cue its technology noun may be ("AI tools and apps such as").
_LIST_REACH = 4
#: Words after a name that make it a company ("CareWorks Limited", "Liquidlogic Ltd").
_COMPANY_SUFFIXES = {"ltd", "ltd.", "limited", "plc", "inc", "inc.", "llp", "llc", "gmbh", "corporation", "corp"}
#: Verbs that make a company named like its product the actor of the sentence ("Xantura says",
#: "Liquidlogic has teamed up with"), not a tool in use.
_ACTOR_VERBS = {"say", "said", "says", "report", "reports", "reported", "aim", "aims", "expect", "expects",
                "acknowledge", "acknowledges", "team", "teamed", "offer", "offers", "claim", "claims", "note", "notes",
                "announce", "announced", "announces", "state", "states", "warn", "warns", "estimate", "estimates",
                "argue", "argues", "believe", "believes", "working", "brought", "set", "win", "won", "wins", "bought",
                "acquired", "partnered", "joined", "told", "tells", "explained", "added", "blog", "director",
                "founder", "spokesperson", "chief", "ceo", "aimed", "expected", "hopes", "plans", "owned",
                "launched", "launches"}

#: Cue words that let a CamelCase word count as a tool, and how far from it they may be: not
#: "supplier", "contract", "we" (companies: "LocalGov and Multiverse have published", "BetterGov was
#: appointed").
_CAMEL_CONTEXT = TOOL_CONTEXT - {"supplier", "vendor", "provider", "contract", "go", "case",
                                 "access", "record", "feature", "function"} | {"develop", 
    "chatbot", "bot", "assistant", "build", "release", "launch", "run", "answer", "transcribe", "summarise"}
_CAMEL_REACH = 6


#: Words after a name that only a company does or has ("Capita One acknowledges", "a Capita One
#: survey", "Liquidlogic, owned by"), whatever the company's products are called.
_CORPORATE_VERBS = {"say", "said", "says", "acknowledge", "acknowledges", "acknowledged", "teamed", "partnered",
                    "announced", "announces", "acquired", "bought", "owned", "hired", "employs", "founded", "director",
                    "founder", "spokesperson", "ceo", "survey", "blog", "told", "tells", "expects", "claims", "argues",
                    "believes", "warns", "aims"}
#: Verbs whose direct object is a company, not a tool ("paid Corelogic", "hired the firm").
_PAID = {"paid", "pay", "pays", "paying", "hired", "hire", "appointed", "appoint"}
#: Verbs before "with" or "by" that make the name after them a party ("worked with X", "backed by X").
_PARTY_VERBS = {"work", "partner", "team", "join", "sign", "contract", "collaborate", "together",
                "agreement", "deal", "alongside", "back", "fund", "support", "commission", "acquire", "buy", "own",
                "meet", "talk", "speak", "engage", "discussion", "conversation", "expert", "experts"}


#: Last words of the names of events, programmes and awards ("the AWS Public Sector Summit", "a
#: CivTech challenge"): a name inside one is not a tool.
_EVENT_WORDS = {"summit", "conference", "awards", "award", "event", "expo", "week", "day", "festival", "challenge",
                "competition", "programme", "initiative", "scheme", "fund", "tour", "roadshow", "hackathon",
                "network", "forum", "prize", "campaign"}

#: Last words of a discovered name that make it an event's ("Practice Week", "Family Network Meeting").
_EVENT_ENDS = _EVENT_WORDS | {"meeting", "meetings"}


def _in_event_name(doc: Doc, e: int, lower_head: bool = False) -> bool:
    """Whether the capitalised words from ``e`` on end an event's or a programme's name (with
    ``lower_head``, a lower-case head also: "a CivTech challenge"; for listed tools it is not: "the
    CP-IS programme" is the tool's roll-out)."""
    q = e
    while q < len(doc) and doc[q].text[:1].isupper() and q - e < 5:
        if doc[q].lower_ in _EVENT_WORDS:
            return True
        q += 1
    return lower_head and q == e and q < len(doc) and doc[q].lower_ in _EVENT_WORDS


#: Lower-case nouns after a capitalised name that make it the name of a plan, a body or a document, not
#: of a product ("the BeDigital strategy", "the LEAP approach"; not "model": "our Front Door Insight
#: model" is a tool).
_NOT_PRODUCT_HEADS = {
    "strategy", "strategies", "programme", "programmes", "program", "project", "projects", "initiative",
    "initiatives", "approach", "agenda", "framework", "frameworks", "policy", "policies", "plan", "plans", "standard",
    "standards", "scheme", "fund", "funding", "grant", "team", "teams", "board", "group", "unit", "partnership",
    "network", "event", "conference", "summit", "award", "awards", "challenge", "campaign", "principles",
    "guidance", "methodology", "method", "pathway", "review", "report", "survey", "study", "ethos",
    "practice", "values", "principle", "bid", "contract", "consortium", "cohort", "session", "sessions",
    "webinar", "course", "accreditation", "charter", "pledge", "vision", "roadmap",
}
#: Lower-case nouns after a name that only a product has ("our Google Workspace licence", "the Acme
#: roll-out"): with them, a name of ordinary words after a weak cue still counts.
_PRODUCT_AFTER = {"licence", "licences", "license", "licenses", "subscription", "subscriptions", "account",
                  "accounts", "tenancy", "tenant", "instance", "deployment", "rollout", "roll-out", "pilot", "trial",
                  "users", "seats", "integration", "upgrade", "version"}
#: Words after a plural word that opens a sentence ("Teams need", "Teams who") that make it people:
#: an exact alias such as "Teams" is then not the product.
_PEOPLE_FOLLOW = {"are", "were", "have", "need", "do", "say", "feel", "want", "told", "across", "who", "themselves",
                  "within", "working", "don't", "said", "felt"}
#: Makers whose name before a capitalised word makes a product's name ("Google Workspace").
_MAKER_WORDS = {"microsoft", "google", "amazon", "apple", "meta", "ibm", "oracle", "salesforce", "sap", "adobe",
                "zoom", "openai", "anthropic", "aws", "azure"}
#: Verbs by which a maker speaks of its product, and how far into the sentence the verb may be.
_SPEECH_VERBS = {"say", "report", "claim", "announce", "state", "explain"}
_SPEAKER_REACH = 5
_MAKER_NOUNS = {"company", "firm", "supplier", "vendor", "developer", "provider"}
#: Possessive words inside a system's name ("Integrated Children's System", "Adults' Social Care").
_POSSESSIVE_NAME_WORDS = {"children", "child", "adults", "adult", "people", "families", "family", "carers",
                          "women", "men", "patients", "residents", "citizens", "parents", "workers", "users"}


def _corporate_after(doc: Doc, e: int) -> bool:
    """Whether the words after a name at ``e`` are what only a company does or has: "X acknowledges",
    "X, owned by", "X has partnered", "an X director", "X is working with"."""
    q = e
    while q < len(doc) and doc[q].lower_ in {",", "has", "have", "had", "also", "now", "been"} and q - e < 3:
        q += 1
    return q < len(doc) and (doc[q].lower_ in _CORPORATE_VERBS or (
        doc[q].lower_ == "working" and q + 1 < len(doc) and doc[q + 1].lower_ == "with"))


def _head_noun(low: str) -> bool:
    """A tool head noun, singular or plural ("assistant", "assistants")."""
    return low in HEAD_NOUNS or (low.endswith("s") and low[:-1] in HEAD_NOUNS)


#: Cues after a bracketed description that say what a product runs on ("X (an assistant ...) - using
#: models from Y", "- powered by Z").
_BUILT_ON = {("use",)} | (_TECH_CUES - {("from",)})
#: How far a bracketed description may run before its closing bracket.
_BRACKET_REACH = 15


#: Words that end the head of a bracketed description ("(an assistant that ...)", "(a note-taker for
#: meetings)").
_AFTER_HEAD = {"that", "which", "who", "for", "to", "with", "from", "in", "of", "on", "at", "by", "used", "built",
               "designed", "developed", "made", ",", ";"}
#: Heads that describe a person, not a product ("Anna Smith (a social worker) - using ...").
_PERSON_HEADS = {"practitioner", "parent", "carer", "child", "person", "lead", "leader", "consultant", "specialist",
                 "adviser", "advisor", "coordinator", "chair", "member", "student", "apprentice", "volunteer",
                 "colleague", "employee", "nurse", "clinician", "mother", "father", "grandparent"}


def _described_in_brackets(lows: list[str], lems: list[str], i: int) -> bool:
    """Whether the words from ``i`` open a bracketed description of a product: "(an assistant that
    drafts assessments)", or "(an AI note-taker ...) - powered by Azure OpenAI"; not "(a practice
    model)", "(a charity) - using ..." or "(a social worker) - using ..."."""
    if i + 2 >= len(lows) or lows[i] != "(" or lows[i + 1] not in ("a", "an"):
        return False
    close = next((j for j in range(i + 2, min(len(lows), i + _BRACKET_REACH)) if lows[j] == ")"), None)
    if close is None or "who" in lows[i + 2:close]:
        return False
    stop = next((j for j in range(i + 3, close) if lows[j] in _AFTER_HEAD), close)
    head = lows[stop - 1]
    if head in _ORG_WORDS or head in _PERSON_HEADS or lems[stop - 1] in _PERSON_HEADS:
        return False
    if _head_noun(head) and head not in ("model", "models"):
        return True
    j = close + 1
    while j < len(lows) and lows[j] in {"-", "–", "—", ","}:
        j += 1
    return any(tuple(lems[j:j + len(cue)]) == cue for cue in _BUILT_ON)


#: Bracketed words after a name that say where a product comes from ("Compass (in-house) - ...").
_PROVENANCE_TAGS = {"in-house", "inhouse", "bespoke", "home-grown", "homegrown", "commercial", "open-source"}


def _provenance_tag(texts: list[str], i: int) -> bool:
    """Whether the words from ``i`` are a bracketed provenance tag: "(in-house)", "(bespoke)"."""
    if i >= len(texts) or texts[i] != "(":
        return False
    close = next((j for j in range(i + 1, min(len(texts), i + 5)) if texts[j] == ")"), None)
    return close is not None and "".join(texts[i + 1:close]).lower() in _PROVENANCE_TAGS


def _defined_as_product(lows: list[str], i: int) -> bool:
    """Whether the words from ``i`` (right after a name) define it as a product: "is a Power BI app
    showing ...", "is our in-house data warehouse", "was a timeline that ..."."""
    n = len(lows)
    if i + 2 >= n or lows[i] not in ("is", "was"):
        return False
    j = i + 1
    while j < n and lows[j] in {"now", "also", "still"}:
        j += 1
    if j >= n or lows[j] not in {"a", "an", "our", "the", "their", "its"}:
        return False
    for q in range(j + 1, min(n, j + 8)):
        hyphened = lows[q - 1] == "-" or (q + 1 < n and lows[q + 1] == "-")  # "in-house"
        if not hyphened and (lows[q] in _AFTER_HEAD or not lows[q][:1].isalnum()):
            return False
        if lows[q] in _DEFINED_HEADS and not hyphened:
            nxt = lows[q + 1] if q + 1 < n else "."
            return nxt in _AFTER_DEFINED or not nxt[:1].isalpha() or nxt.endswith(("ing", "ed"))
    return False


def _described_after(after: Span) -> bool:
    """Whether the words right after a name tag it ("(in-house)") or define it as a product ("is a
    Power BI app ...")."""
    words = [t.lower_ for t in after[:12]]
    return _provenance_tag(words, 0) or _defined_as_product(words, 0)


#: Determiners before "the X note-taking app" that make X the app's name.
_OWNED_DETERMINERS = {"the", "our", "their", "its", "a", "an", "this", "that"}
#: Lower-case words that cannot modify a head noun inside a product's description.
_NOT_MODIFIERS = _AFTER_HEAD | _DETERMINERS | {"and", "or", "is", "are", "was", "were", "be", "it", "we", "they", "as"}


def _modified_name_end(texts: list[str], flags: list[int], k: int) -> int | None:
    """The end of a capitalised name that one or two lower-case modifiers separate from the head
    noun at ``k`` ("the Granola note-taking app", "our Pip survey tool"), or None."""
    j, words = k - 1, 0
    while j > 0 and not flags[j]:
        word = texts[j]
        if word == "-" and texts[j - 1][:1].islower() and texts[j + 1][:1].islower():
            j -= 1
            continue
        if not (word.isalpha() and word.islower()) or word in _NOT_MODIFIERS:
            return None
        if texts[j + 1] != "-":
            words += 1  # "note-taking" is one modifier
        j -= 1
    return j + 1 if flags[j] and 1 <= words <= 2 else None


def _in_apposition(doc: Doc, s: int, e: int, end: int) -> bool:
    """Whether doc[s:e] is set beside a tool noun: "digital assistants, Darcie and Ali,", "Voicescape,
    software that", "Ravel, a tool for", "Fenwick Assist (an assistant that ...)"."""
    after = doc[e:end]
    if _described_in_brackets([t.lower_ for t in after], [t.lemma_ for t in after], 0):
        return True
    j = s - 1
    while j > 0 and (doc[j].lower_ in {",", "and"} or doc[j].text[:1].isupper()) and s - j < 6:
        if doc[j].text == "," and _head_noun(doc[j - 1].lower_):
            return True
        j -= 1
    if e + 1 < end and doc[e].text == ",":
        if _head_noun(doc[e + 1].lower_):
            return True
        return doc[e + 1].lower_ in {"a", "an", "its", "their"} and any(_head_noun(t.lower_) for t in doc[e + 2:e + 5])
    return False


def _party_cue_before(doc: Doc, s: int) -> bool:
    """Whether the name at ``s`` (or the list it ends) follows a party cue: "from" after a word that is
    no technology noun ("experts from Microsoft, EY and Xantura") or in a description of a tool named
    before ("CareMobile, a mobile system from OLM Systems"), "with" or "by" after a party verb."""
    j = s - 1
    while j > 0 and (doc[j].text[:1].isupper() or doc[j].lower_ in {",", "and", "&", "the"}) and s - j < 12:
        j -= 1
    if j <= 0:
        return False
    cue, before = doc[j].lower_, doc[j - 1]
    if cue == "from":  # but "technology from X", "moved our records from X"
        moved = any(t.lemma_ in _MOVE_VERBS or t.lower_ in _MOVE_VERBS for t in doc[max(0, j - 6):j])
        if moved or not before.is_alpha:
            return False
        if before.lower_ not in _TECH_NOUNS and before.lemma_ not in _TECH_NOUNS:
            return True
        lows = [t.lower_ for t in doc[max(0, j - 7):j]]
        return any(a == "," and b in ("a", "an") for a, b in zip(lows, lows[1:]))
    if cue in ("with", "by"):  # "worked with X"; but "the app works with X" is a fit, not a party
        return (before.lemma_ in _PARTY_VERBS or before.lower_ in _PARTY_VERBS) and before.lower_ != "works"
    return False


#: Nouns before "called", "named", "known as" that make the name a body's, not a tool's.
_NAMED_BODIES = {"team", "group", "unit", "project", "programme", "program", "initiative", "company", "firm",
                 "charity", "organisation", "organization", "event", "conference", "campaign", "scheme", "network",
                 "partnership", "board", "panel", "service", "department", "body", "forum", "community", "approach",
                 "model", "framework", "check", "method", "process", "strategy", "report", "review", "fund"}
#: Words right before a name that make it a company ("supplier CoreLogic", "Leeds-based Liquidlogic").
_COMPANY_BEFORE = {"supplier", "suppliers", "firm", "company", "consultancy", "vendor", "based", "provider",
                   "contractor"}
#: Participles before "by" after which the name is the technology ("powered by X"); after any other
#: ("developed by", "supported by", "used by") it is a maker, a backer or a user.
_TECH_BY = {"powered", "enabled", "driven", "underpinned", "run", "hosted"}


def _cue_fits(key: tuple[str, ...], lem: list[str], low: list[str], k: int) -> bool:
    """Whether the cue at ``k`` can introduce a tool's name (see :data:`_TECH_NOUNS`, :data:`_WITH_VERBS`,
    :data:`_INTO_VERBS`, :data:`_LIST_CUES`)."""
    before = lem[k - 1] if k > 0 else ""
    before_low = low[k - 1] if k > 0 else ""
    if key == ("from",):  # "technology from X", "moved from X to Y"
        return before in _TECH_NOUNS or before_low in _TECH_NOUNS or before in _MOVE_VERBS
    if key == ("with",):  # "recorded with X", "bundled with our X licence"; not "worked with X"
        return before in _WITH_VERBS or before_low in _WITH_VERBS or (k + 1 < len(low) and low[k + 1] in _OWNERS)
    if key in {("into",), ("onto",)}:
        window = set(lem[max(0, k - 3):k]) | set(low[max(0, k - 3):k])
        return not window.isdisjoint(_INTO_VERBS)
    if key in _LIST_CUES:
        window = low[max(0, k - _LIST_REACH):k] + lem[max(0, k - _LIST_REACH):k]
        return not _TECH_NOUNS.isdisjoint(window)
    return True


#: Capitalised words and names that are never tools (bodies, places, generic terms, roles).
NOT_TOOLS = {
    "ai", "a.i.", "artificial intelligence", "generative ai", "gen ai", "genai", "llm", "llms", "large language model",
    "large language models", "machine learning", "ml", "nlp", "rpa", "it", "ict", "api", "apis", "app", "apps", "saas",
    "microsoft", "google", "amazon", "apple", "meta", "ibm", "oracle", "salesforce", "sap", "the council", "council",
    "dfe", "department for education", "ofsted", "nhs", "ico", "lga", "local government association", "dluhc", "mhclg",
    "cqc", "adcs", "adass", "solace", "socitm", "nesta", "what works", "foundations", "i.ai", "gds", "cdei", "ons",
    "police", "home office", "cabinet office", "treasury", "hm treasury", "dsit", "government", "ministry",
    "children's services", "children’s services", "social care", "children's social care", "adult social care",
    "early help", "child protection", "care act", "looked after", "child in need", "mash", "send", "ehcp", "ehcps",
    "iro", "iros", "sgo", "lac", "cla", "cin", "cp", "dpia", "dpias", "gdpr", "uk gdpr", "data protection act",
    "access to work", "family hub", "family hubs", "family safeguarding", "signs of safety", "troubled families",
    "supporting families", "youth justice", "virtual school", "leaving care", "care leavers", "english", "welsh",
    "england", "wales", "scotland", "uk", "britain", "london", "europe", "eu", "us", "usa", "covid", "covid-19",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "year",
    "i", "we", "our", "they", "it", "this", "the", "ok", "okay", "n/a", "na", "none", "ps", "pdf", "word document",
    "excel spreadsheet", "teams", "team", "local authority", "local authorities", "la", "las", "the la", "trust",
    "independent reviewing officer", "social worker", "social workers", "principal social worker", "head of service",
    "director", "directors", "cabinet", "scrutiny", "board", "ethics board", "information governance", "ig",
    "data protection officer", "dpo", "caldicott guardian", "algorithmic transparency recording standard", "atrs",
    "data and digital solutions fund", "g-cloud", "crown commercial service", "ccs", "procurement act",
    "front door", "the front door", "digital front door", "business as usual", "q1", "q2", "q3", "q4",
    "single view", "single view of the child", "a single view", "dictaphone", "dictaphones",
}
#: Words that make a capitalised phrase an organisation, a body or a role, never a tool.
_ORG_WORDS = {
    "council", "borough", "county", "city", "department", "ministry", "office", "agency", "authority", "trust",
    "partnership", "university", "college", "school", "academy", "association", "board", "commissioner",
    "government", "services", "unit", "centre", "center", "court", "police", "nhs", "committee", "panel",
    "programme", "act", "regulation", "institute", "society", "charity", "forum", "directorate", "division",
    "worker", "workers", "officer", "manager", "director", "mr", "mrs", "ms", "dr", "miss", "standard", "fund",
    "framework", "guidance", "policy", "strategy", "consultants", "consultancy", "consulting", "foundation",
    "levy", "grant", "grants", "scheme", "award", "awards", "prize", "alliance", "ltd", "limited", "plc",
}
#: Organisation words that name a document, not a body: with a strong cue and a word of its own, the
#: name is a tool's ("a chatbot called Policy Buddy").
_DOCUMENT_WORDS = {"policy", "framework", "guidance", "standard"}
#: Words that rule a name out unless a strong cue ("the X app", "a tool called X") says it is a tool.
_SOFT_ORG_WORDS = {
    "team", "teams", "hub", "network", "project", "plan", "group", "region", "combined", "integrated", "care",
    "social", "safeguarding", "children", "children's", "families", "family", "adults", "young", "people", "lead",
    "head", "assessment", "conference", "review", "meeting", "meetings", "plans", "service", "yes", "no", "north",
    "south", "east", "west", "midlands", "yorkshire", "humber",
}
#: Capitalised words that name a council department, a profession or a generic technology, never a
#: product on their own: a name made only of these ("Education", "Information Security", "Single
#: Sign-On", "Large Language") is not a tool.
GENERIC_NAME_WORDS = {
    "education", "health", "finance", "financial", "ethics", "legal", "law", "housing", "procurement", "hr", "audit",
    "information", "security", "cyber", "governance", "digital", "data", "transformation", "commissioning",
    "communications", "comms", "revenues", "benefits", "planning", "public", "adult", "adults", "children", "people",
    "resources", "human", "customer", "customers", "estates", "property", "highways", "transport", "environment",
    "waste", "libraries", "leisure", "quality", "assurance", "performance", "intelligence", "strategy", "policy",
    "research", "risk", "compliance", "business", "support", "operations", "technology", "technologies", "innovation",
    "single", "sign", "sign-on", "on", "-", "login", "log", "authentication", "multi", "factor", "mfa", "sso",
    "large", "language", "languages", "model", "models", "learning", "machine", "artificial", "generative",
    "natural", "processing", "ai", "it", "ict", "and", "&", "of", "the", "management", "protection", "analytics",
    "privacy", "safety", "wellbeing", "workforce", "training", "development", "improvement", "practice", "care",
    "social", "early", "help", "dictaphone", "dictaphones", "laptop", "laptops", "tablet", "tablets", "smartphone",
    "smartphones", "phone", "phones", "mobile", "email", "internet", "intranet", "cloud", "chatbot", "chatbots",
    "age", "era", "speech", "text", "voice", "recognition", "dictation", "transcription", "translation", "automation",
    "robotic", "automated", "predictive", "conversational", "virtual", "assistant", "assistants", "search",
}
#: Words that open a capitalised run without being part of a name ("Where AI is used", "three AI tools").
_LEADING_NON_NAME = {
    "where", "when", "while", "whilst", "if", "how", "what", "which", "why", "whether", "although", "because", "as",
    "and", "or", "but", "so", "both", "all", "each", "every", "some", "any", "most", "few", "other", "using", "use",
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many", "various", "new",
    "once", "since", "until", "after", "before", "unlike", "like", "with", "without", "for", "from", "at", "by",
    "in", "into", "on", "of", "to", "is", "are", "was", "were", "do", "does", "did", "can", "could", "should",
    "would", "will", "may", "might", "must", "not", "no", "yes", "also", "only", "just", "even", "there", "here",
}
#: Capitalised last words that make the run before them a system's name ("Transform Data Warehouse",
#: "Early Help Profiling System"), with the fewest name words they need before them.
NAME_HEADS = {"database": 1, "warehouse": 1, "hub": 1, "portal": 2, "system": 2, "view": 2, "dashboard": 1,
              "databank": 1, "register": 2, "index": 1, "tracker": 2}
#: Nouns that end a definition of a product ("X is a data warehouse ...", "X is a timeline that ...");
#: not "model" ("Signs of Safety is a practice model").
_DEFINED_HEADS = (HEAD_NOUNS - {"model", "package"}) | set(NAME_HEADS) | {"timeline", "website", "dashboards"}
#: Words that may follow the head of such a definition (so "a software company" is no product).
_AFTER_DEFINED = _AFTER_HEAD | {"and", "or", "we", "they", "our", "is", "was", "."}
#: A "... Hub" is a system, not a team, only with one of these in its name ("Resident Data Hub").
_DATA_WORDS = {"data", "digital", "information", "insight", "insights", "analytics", "integration",
               "integrated", "record", "records", "technology", "tech"}
#: Nouns that name what comes right after them as a tool ("our chatbot Millie").
_NAMING_HEADS = {"chatbot", "bot", "assistant", "app", "platform", "tool", "software", "system", "solution",
                 "product", "model", "copilot"}
#: A candidate tool name: (start, end, strong cue, object of a product verb).
Candidate = tuple[int, int, bool, bool]
#: Cues whose object is never a person ("trialling Kuulo"): the NER's PERSON does not rule it out.
_PRODUCT_VERBS = {("pilot",), ("trial",), ("test",), ("roll", "out"), ("introduce",), ("adopt",), ("procure",),
                  ("implement",), ("deploy",), ("buy",), ("purchase",), ("license",), ("licence",), ("install",)}
#: Entity labels that rule a candidate out. The small model often calls unfamiliar product names GPE,
#: so places are instead ruled out by a list (:func:`_places`).
_PERSONAL = {"PERSON", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT",
             "LAW", "LANGUAGE"}
_CITIES = {
    "manchester", "birmingham", "leeds", "liverpool", "sheffield", "bristol", "newcastle", "nottingham", "leicester",
    "london", "coventry", "bradford", "cambridge", "oxford", "brighton", "plymouth", "southampton", "portsmouth",
    "york", "hull", "derby", "stoke", "wolverhampton", "sunderland", "norwich", "exeter", "cardiff", "edinburgh",
    "glasgow", "belfast", "swansea", "preston", "reading", "milton keynes", "northampton", "luton", "ipswich",
    "england", "wales", "scotland", "northern ireland", "ireland", "britain", "great britain", "united kingdom",
    "europe", "america", "united states", "australia", "india", "canada", "new zealand", "usa", "uk", "us", "eu",
    "north east", "north west", "south east", "south west", "east midlands", "west midlands", "east of england",
    "yorkshire and the humber", "yorkshire", "humber", "midlands", "the north", "the south", "greater manchester",
    "merseyside", "tyneside", "west yorkshire", "south yorkshire", "cornwall", "devon", "kent", "essex", "surrey",
}


@functools.lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Lower-cased English place names: local authorities (shipped list), regions, big cities."""
    from synthesis.knowledge import DATA_DIR

    names = set(_CITIES)
    path = DATA_DIR / "local_authorities.csv"
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name = (row.get("name") or "").lower()
                for part in name.replace(" and ", ",").split(","):
                    part = part.strip().removeprefix("city of ").strip()
                    if part:
                        names.add(part)
                        # "Kingston upon Thames", "Southend-on-Sea": "Kingston", "Southend" alone too
                        for joint in (" upon ", "-on-", "-upon-", " on "):
                            if joint in part:
                                names.add(part.split(joint)[0].strip())
                names.add(name)
    return frozenset(names)


_IN_HOUSE = {"in-house", "in house", "our own", "we built", "we developed", "home-grown", "homegrown",
             "built internally", "developed internally", "internally", "in-house,"}


#: CamelCase words shaped like surnames or given names (McKenzie, MacLeod, DeShawn, LaToya, VanDyke, O'Neill)
_SURNAME_SHAPE = re.compile(r"^(Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz|O')[A-Z][a-z]+$")


def _is_camel(text: str) -> bool:
    if _CODE_NAME.match(text):
        return True
    return len(text) > 3 and any(c.islower() for c in text[:-1]) and any(
        text[i].islower() and text[i + 1].isupper() for i in range(len(text) - 1))


#: Lemmas right before a tool that make it a component of a tool named earlier in the sentence
#: ("Magic Notes, built on technology from Deepgram and OpenAI").
_COMPONENT_CUES = {("technology", "from"), ("model", "from"), ("engine", "from"), ("power", "by"), ("build", "on"),
                   ("run", "on"), ("base", "on"), ("underpin", "by"), ("build", "with"), ("build", "in"),
                   ("host", "on"), ("host", "in")}
_LIST_JOINS = {",", "and", "&", "or"}


def component_parents(words: Words, spans: list[tuple[int, int]]) -> list[int | None]:
    """For each tool span (token offsets within ``words``, in order), the index of the span it is a
    component of, or None: a span after a component cue ("powered by", "technology from"), directly or
    in a list after one, is part of the nearest span before the cue that is not a component itself."""
    lems, lows = words.lem, words.low
    parents: list[int | None] = [None] * len(spans)
    cue_start: list[int | None] = [None] * len(spans)
    for i, (ts, _) in enumerate(spans):
        j = ts - 1
        while j >= 0 and lows[j] in {"the", "a", "an", "its", "their"}:
            j -= 1
        if j >= 0 and lows[j] in _LIST_JOINS and i > 0 and cue_start[i - 1] is not None:
            if all(w in _LIST_JOINS for w in lows[spans[i - 1][1]:ts]):  # "... from Deepgram and OpenAI"
                cue_start[i], parents[i] = cue_start[i - 1], parents[i - 1]
            continue
        if j >= 1 and tuple(lems[j - 1:j + 1]) in _COMPONENT_CUES:
            before = [k for k in range(i) if spans[k][1] <= j - 1 and cue_start[k] is None]
            if before:
                cue_start[i], parents[i] = j - 1, before[-1]
    return parents


#: Words that say how many customers a product reaches ("Live in 16 councils", "It is currently used
#: by 56 local authorities"), the customers (lemmas) and the words that may come between.
_REACH_WORDS = {"live", "used", "deployed", "installed", "running", "available"}
_REACH_PREPS = {"in", "by", "across", "at", "to"}
_REACH_SKIP = {"is", "are", "was", "has", "have", "been", "being", "now", "currently", "already", "also", "today"}
_ABOUT = {"over", "more", "than", "around", "about", "nearly", "almost", "some", "up", "to", "of", "the"}
_CUSTOMERS = {"council", "authority", "customer", "client", "organisation", "organization", "trust", "la", "borough"}
_NUMBER = re.compile(r"^\d[\d,]*\+?$")


def _customer_count(lows: list[str], lems: list[str], i: int, end: int) -> bool:
    """Whether the words from ``i`` (before ``end``) count a product's customers: "live in 16
    councils", "is currently used by over 50 local authorities"."""
    while i < end and lows[i] in _REACH_SKIP:
        i += 1
    if i + 2 >= end or lows[i] not in _REACH_WORDS or lows[i + 1] not in _REACH_PREPS:
        return False
    j = i + 2
    while j < end and lows[j] in _ABOUT and j - i < 5:
        j += 1
    if j >= end or not _NUMBER.match(lows[j]):
        return False
    return any(lem in _CUSTOMERS for lem in lems[j + 1:min(end, j + 4)])


def _own_product(lows: list[str], s: int, start: int) -> bool:
    """Whether the tool at ``s`` is named as the writer's product: "Our product, VisitPad,", "our app
    StoryLoom"."""
    j = s - 1
    if j >= start and lows[j] == ",":
        j -= 1
    return j > start and _head_noun(lows[j]) and lows[j - 1] == "our"


def _after_bullets(lows: list[str], a: int, b: int) -> int:
    """The first word of the sentence ``a:b`` after any list bullets."""
    while a < b and lows[a] in BULLETS:
        a += 1
    return a


def _supplied_by_writer(doc: Doc) -> None:
    """Mark as ``supplied`` the writer's own product that is said to reach customers, with its
    components: "Our product, X, is an app ... It is currently used by 56 councils", or a pitch that
    opens with the product and goes on without a subject ("X (an assistant ...) - using ... Live in
    16 councils."). "Magic Notes is used by 85 councils" (nothing says the writer makes it) is left."""
    found = doc._.synthesis_tools
    if not found:
        return
    strings = doc.vocab.strings
    arr = doc_arrays(doc)
    lows = texts_of(strings, arr[:, A_LOWER].tolist())
    if _REACH_WORDS.isdisjoint(lows):
        return
    lems = texts_of(strings, arr[:, A_LEMMA].tolist())
    starts, _ = char_offsets(doc)
    bounds = sentence_bounds(doc)
    sentence_at = {starts[a]: k for k, (a, _) in enumerate(bounds)}
    tools_of: list[list[tuple[int, dict]]] = [[] for _ in bounds]
    for entry in found:
        tools_of[sentence_at[entry["sent_start"]]].append((bisect.bisect_left(starts, entry["start"]), entry))
    for k, (a, b) in enumerate(bounds):
        first = _after_bullets(lows, a, b)
        reached = [entry for s, entry in tools_of[k] if entry["part_of"] is None and _own_product(lows, s, a)
                   and any(_customer_count(lows, lems, i, b) for i in range(s + 1, b))]
        if k and not tools_of[k]:
            bare = _customer_count(lows, lems, first, b)  # "Live in 16 councils."
            if bare or (lows[first] in ("it", "this") and _customer_count(lows, lems, first + 1, b)):
                k -= 1
                while k and not "".join(lows[bounds[k][0]:bounds[k][1]]).strip():
                    k -= 1  # a line break between the two
                pa, pb = bounds[k]
                opener = _after_bullets(lows, pa, pb)
                reached = [entry for s, entry in tools_of[k] if entry["part_of"] is None and (
                    _own_product(lows, s, pa) or (bare and s == opener))]
        for entry in reached:
            if entry["status"] not in ("in_use", "mentioned"):
                continue
            for other in [entry] + [e for _, e in tools_of[k] if e["part_of"] == entry["label"]]:
                other["status"], other["negated"] = "supplied", False


#: Product codes: capitals, a hyphen and a number ("AB-1", "GPT-4o"); "COVID-19" has too many letters.
_CODE_NAME = re.compile(r"^[A-Z]{1,4}-[0-9]{1,3}[a-z]?$")


def _proper_kind(text: str, orth: int = 0) -> int:
    """2 for a CamelCase word or a product code, 1 for another capitalised word, 0 otherwise."""
    if _is_camel(text) or _CODE_NAME.match(text):
        return 2
    if text and text[0].isupper() and text not in {"I", "A"} and any(c.isalnum() for c in text):
        return 1
    if text and text[0].isalpha() and any(c.isupper() for c in text[1:]):
        return 1
    return 0


class ToolFinder:
    """``synthesis_tools``: listed tools, discovered tools, their status and negation."""

    def __init__(self, nlp: Language, tool_list: str, discover: bool, use_ner: bool):
        from synthesis.knowledge import DEFAULT_TOOLS, load_tool_list

        self.nlp = nlp
        self.tools = load_tool_list(tool_list or DEFAULT_TOOLS)
        self.discover = discover
        self.use_ner = use_ner
        self.table = lemma_table(nlp)
        self.cue_finder = CueFinder(self.table)
        vocab = nlp.vocab
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.matcher = TokenPatternMatcher(vocab)
        self.context: dict[str, set[str]] = {}
        for tool in self.tools.tools:
            names = list(dict.fromkeys([tool.name, *tool.aliases])) if tool.name not in tool.exact_aliases else list(
                tool.aliases)
            if names:
                self.lower.add(tool.name, [nlp.make_doc(a) for a in names])
            if tool.exact_aliases:
                self.exact.add(tool.name, [nlp.make_doc(a) for a in tool.exact_aliases])
            if tool.patterns:
                self.matcher.add(tool.name, tool.patterns)
            self.context[tool.name] = {self.table(w) for w in tool.context} | TOOL_CONTEXT
        self.needs_context = {t.name for t in self.tools.tools if t.needs_context}
        self._proper_cache: dict[int, int] = {}
        self._trigger_cache: dict[int, bool] = {}
        self.vendor_names = set()
        self.vendors_of: dict[str, set[str]] = {}
        self._sent_vendors: set[str] = set()
        self._known_cache: list[tuple[int, int, str]] = []  # the listed tools of the doc at hand
        for tool in self.tools.tools:
            for part in (tool.vendor or "").replace("(", ",").replace(")", ",").replace(" and ", ",").split(","):
                part = part.strip().lower().removeprefix("formerly ").strip()
                if part:
                    self.vendor_names.add(part)
                    self.vendors_of.setdefault(tool.name, set()).add(part)
        self.alias_lower = {a.lower() for a in self.tools.alias_index}

    # -- spaCy component protocol -----------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        # at least MIN_TOOL_BATCH docs at a time (up to MAX_TOOL_BATCH_TOKENS tokens): the NER runs
        # once per batch, and a few sentences per call cost up to three times as much per word as dozens
        batch_size = max(batch_size, MIN_TOOL_BATCH)
        batch: list[Doc] = []
        tokens = 0
        for doc in docs:
            batch.append(doc)
            tokens += len(doc)
            if len(batch) >= batch_size or tokens >= MAX_TOOL_BATCH_TOKENS:
                yield from self._process(batch)
                batch = []
                tokens = 0
        if batch:
            yield from self._process(batch)

    # -- work -------------------------------------------------------------------------------------

    def _process(self, docs: list[Doc]) -> list[Doc]:
        pending: list[tuple[Doc, Span, list[Candidate]]] = []
        for doc in docs:
            doc._.synthesis_tools = []
            self._known_cache = self._known(doc)
            known = [k for k in self._known_cache if not self._named_as_party(doc, k[0], k[1], k[2])]
            by_sent: dict[int, list[tuple[int, int, str, bool]]] = {}
            for s, e, label in known:
                by_sent.setdefault(sentence_of(doc, s).start, []).append((s, e, label, True))
            if self.discover:
                proper = self._proper_flags(doc)
                self._flags = proper
                trigger = self._trigger_flags(doc)
                for s, e, _ in self._known_cache:  # parties too: they are not discovered again
                    trigger[s:e] = [False] * (e - s)
                parties = [(s, e) for s, e, label in self._known_cache if (s, e, label) not in known]
                for a, b in sentence_bounds(doc):
                    # a capitalised first word only counts as CamelCase or before a bracketed
                    # description ("Harbourline (a case chronology tool) - running on ...")
                    if not any(trigger[a + 1:b]) and proper[a] != 2 and not (
                            trigger[a] and a + 1 < b and (doc[a + 1].text == "(" or doc[a + 1].lower_ in ("is", "was"))):
                        continue
                    sent = sentence_of(doc, a)
                    items = by_sent.get(sent.start, [])
                    taken = [(s, e) for s, e, _, _ in items] + [p for p in parties if a <= p[0] < b]
                    self._sent_vendors = {v for _, _, label, _ in items for v in self.vendors_of.get(label, ())}
                    cands = self._candidates(sent, taken)
                    if cands:
                        pending.append((doc, sent, cands))
            doc.user_data["_synthesis_known"] = by_sent
        verdicts = self._entities(pending) if self.use_ner else [[] for _ in pending]
        for (doc, sent, cands), ents in zip(pending, verdicts):
            by_sent = doc.user_data["_synthesis_known"]
            for s, e in self._accept(sent, cands, ents):
                by_sent.setdefault(sent.start, []).append((s, e, "", False))
        for doc in docs:
            by_sent = doc.user_data.pop("_synthesis_known")
            for sent_start, items in sorted(by_sent.items()):
                self._finish(doc, sentence_of(doc, sent_start), sorted(items))
            _supplied_by_writer(doc)
        return docs

    def _entities(self, pending: list[tuple[Doc, Span, list[Candidate]]]) -> list[list[tuple[int, int, str]]]:
        """The statistical NER's entities (sentence-relative token offsets) around each sentence's
        candidates, all in one batch: the model reads only a window of NER_CONTEXT tokens either side
        of the candidates (its features reach a few tokens), never more than MAX_STAT_TOKENS."""
        if not pending or "ner" not in self.nlp.component_names:
            return [[] for _ in pending]
        windows = []
        for doc, sent, cands in pending:
            a = max(sent.start, min(c[0] for c in cands) - NER_CONTEXT)
            b = min(sent.end, max(c[1] for c in cands) + NER_CONTEXT)
            windows.append((a, b) if b - a <= MAX_STAT_TOKENS and self._needs_ner(doc, sent, cands) else None)
        todo = [sent.doc[w[0]:w[1]].as_doc() for (_, sent, _), w in zip(pending, windows) if w is not None]
        done = iter(self.nlp.get_pipe("ner").pipe(todo, batch_size=256))
        verdicts = []
        for (_, sent, _), w in zip(pending, windows):
            if w is None:
                verdicts.append([])
                continue
            shift = w[0] - sent.start
            verdicts.append([(e.start + shift, e.end + shift, e.label_) for e in next(done).ents])
        return verdicts

    def _needs_ner(self, doc: Doc, sent: Span, cands: list[Candidate]) -> bool:
        """Whether the NER could change a verdict on these candidates: not when each is named as a tool
        ("the Kinship Compass app") or is a CamelCase word that is not shaped like a surname
        ("NoteBridge", "OpenAI"; but "McKenzie", "DeSouza" are asked about)."""
        for s, e, _, _ in cands:
            s, e = self._trim(doc, s, e)
            if s >= e or (e < sent.end and doc[e].lower_ in HEAD_NOUNS) or self._names_system(doc, s, e):
                continue
            if _is_camel(doc[s].text) and not _SURNAME_SHAPE.match(doc[s].text):
                continue
            return True
        return False

    def _known(self, doc: Doc) -> list[tuple[int, int, str]]:
        strings = self.nlp.vocab.strings
        spans = []
        for match_id, s, e in self.lower(doc):
            spans.append((s, e, strings[match_id], False))
        for match_id, s, e in self.exact(doc):
            spans.append((s, e, strings[match_id], True))
        for label, s, e in self.matcher(doc):
            spans.append((s, e, label, False))
        # longest first, then earliest; no overlaps
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        used = set()
        out = []
        for s, e, label, exact in spans:
            if any(i in used for i in range(s, e)):
                continue
            if exact and not self._context_ok(doc, s, e, label):
                continue
            if not exact and e - s == 1 and doc[s].is_lower and doc[s].lower_ in {"copilot", "co-pilot"}:
                pass  # "copilot" lower case is still the product in survey answers
            used.update(range(s, e))
            out.append((s, e, label))
        out.sort()
        # merge adjacent mentions of the same tool ("Zoom's AI Companion")
        merged: list[tuple[int, int, str]] = []
        for s, e, label in out:
            if merged and merged[-1][2] == label and s - merged[-1][1] <= 1:
                merged[-1] = (merged[-1][0], e, label)
            else:
                merged.append((s, e, label))
        return merged

    def _named_as_party(self, doc: Doc, s: int, e: int, label: str) -> bool:
        """Whether a listed tool's name at doc[s:e] names a company as a party, not a tool: "CareWorks
        Limited"; and for tools named like their maker, "worked with EY and Xantura", "experts from
        Xantura", "Xantura says"."""
        if e < len(doc) and doc[e].lower_ in _COMPANY_SUFFIXES or _in_event_name(doc, e):
            return True
        if s > 0 and (doc[s - 1].lower_ in _COMPANY_BEFORE - {"provider"} or doc[s - 1].lower_ in _PAID):
            return True  # "supplier CareWorks", "Leeds-based Liquidlogic", "the council paid Corelogic"
        if _corporate_after(doc, e):
            return True  # "Capita One acknowledges", "Liquidlogic, owned by", "a Mind Of My Own director"
        if e + 1 < len(doc) and doc[e].lower_ in ("'s", "’s") and any(
                t.lower_ in _TECH_NOUNS for t in doc[e + 1:e + 6]) and len(self._known_cache) > 1:
            return True  # "Amazon Translate, AWS's neural translation service": the maker
        if e < len(doc) and any(a == e for a, _, _ in self._known_cache):
            return True  # "the council's CareWorks CareDirector system": the maker's name
        if any(label.lower() in self.vendors_of.get(other, ()) for _, _, other in self._known_cache if other != label):
            return True  # "CareMobile, a mobile system from OLM Systems": the maker of a tool named here
        if label.lower() not in self.vendor_names:
            return False
        if _party_cue_before(doc, s) and not (e < len(doc) and doc[e].lower_ in _TECH_NOUNS):
            return True
        q = e
        while q < len(doc) and doc[q].lower_ in _AUX | {"has", "have", "had", "'s"} and q - e < 3:
            q += 1
        if q >= len(doc) or doc[q].lower_ not in _ACTOR_VERBS:
            return False
        # "X launched its project" is the company; "X launched in Suffolk" is the product
        return doc[q].lower_ not in ("launched", "launches") or (
            q + 1 < len(doc) and doc[q + 1].lower_ in {"its", "a", "an", "the", "new", "their"})

    def _context_ok(self, doc: Doc, s: int, e: int, label: str) -> bool:
        sent = sentence_of(doc, s)
        initial = s == sent.start or (s > sent.start and doc[s - 1].text in BULLETS | {'"', "'", "(", "‘", "“"})
        prev = doc[s - 1]
        if s > sent.start and not initial and prev.is_title and prev.is_alpha and not prev.is_stop and \
                prev.lower_ not in self.vendors_of.get(label, ()) and prev.lower_ not in {"ms", "microsoft"}:
            return False  # part of another name: "the Digital and Adult Services Teams", "Digital Networks Exchange"
        if initial and e - s == 1 and e < len(doc) and doc[s].lower_.endswith("s") and \
                doc[e].lower_ in _PEOPLE_FOLLOW:
            return False  # "Teams need to ask ...", "Teams across the council": people, not the product
        if label not in self.needs_context and not initial:
            return True
        if s > 0 and doc[s - 1].lower_ in {"one", "a", "every", "each", "last", "per", "the"} and label == "Minute":
            return False
        cues = self.context[label]
        return any(t.lemma_ in cues or t.lower_ in cues for t in sent if not (s <= t.i < e))

    # -- discovery --------------------------------------------------------------------------------

    def _per_word(self, doc: Doc, cache: dict, flag_of) -> list:
        """``flag_of(text, orth)`` for every token of ``doc``, cached per word in ``cache``."""
        orths = doc_arrays(doc)[:, A_ORTH].tolist()
        out = list(map(cache.get, orths))
        if None not in out:
            return out
        strings = self.nlp.vocab.strings
        for i, orth in enumerate(orths):
            if out[i] is None:
                flag = cache.get(orth)
                if flag is None:
                    flag = cache[orth] = flag_of(strings[orth], orth)
                out[i] = flag
        return out

    def _proper_flags(self, doc: Doc) -> list[int]:
        """Per token: 2 CamelCase, 1 other capitalised word, 0 otherwise (cached per word)."""
        return self._per_word(doc, self._proper_cache, _proper_kind)

    def _trigger_flags(self, doc: Doc) -> list[bool]:
        """Capitalised words that could start a new tool name (not "AI", "DfE", "March", ...)."""
        def trigger(text: str, orth: int) -> bool:
            low = text.lower()
            return bool(self._proper_cache.get(orth)) and low not in NOT_TOOLS and low not in _ORG_WORDS \
                and low not in _places()

        return self._per_word(doc, self._trigger_cache, trigger)

    def _proper_run(self, sent: Span, i: int, step: int, allow_and: bool) -> int:
        """End (exclusive, or start inclusive when step=-1) of the run of name tokens from ``i``."""
        doc = sent.doc
        lo, hi = sent.start, sent.end
        j = i
        while lo <= j + step < hi:
            nxt = doc[j + step]
            if self._flags[j + step] > 0 or (nxt.like_num and j != i - step):
                j += step
                continue
            if (nxt.lower_ in _CONNECT or (allow_and and nxt.lower_ == "and")) and lo <= j + 2 * step < hi \
                    and self._flags[j + 2 * step] > 0:
                j += 2 * step
                continue
            # "Integrated Children's System"; not "Camden's Residents Index" (a place's system)
            if nxt.lower_ in ("'s", "’s") and lo <= j + 2 * step < hi and self._flags[j + 2 * step] > 0:
                owner = doc[j] if step == 1 else doc[j + 2 * step]
                if owner.lower_ not in _places() and owner.lower_ in _POSSESSIVE_NAME_WORDS:
                    j += 2 * step
                    continue
            break
        return j

    def _candidates(self, sent: Span, taken: list[tuple[int, int]]) -> list[Candidate]:
        """(start, end, strong) spans that may be tool names, from cue words and head nouns."""
        doc = sent.doc
        strings = doc.vocab.strings
        base, n = sent.start, len(sent)
        arr = doc_arrays(doc)[base:sent.end]
        lem = texts_of(strings, arr[:, A_LEMMA].tolist())
        low = texts_of(strings, arr[:, A_LOWER].tolist())
        txt = texts_of(strings, arr[:, A_ORTH].tolist())
        flags = self._flags[base:sent.end]
        out: list[Candidate] = []

        def run(i: int, step: int, allow_and: bool) -> int:
            return self._proper_run(sent, base + i, step, allow_and) - base

        def add(s: int, e: int, strong: bool, tech: bool = False, product: bool = False) -> None:
            s, e = s + base, e + base
            if s >= e or any(a < e and s < b for a, b in taken):
                return
            name = doc[s:e].text.lower().removesuffix("'s")
            if name in self.vendor_names and (not tech or name in self._sent_vendors):
                return  # a supplier's name ("Our supplier, Servelec,", "Magic Notes from Beam") is not a tool
            out.append((s, e, strong, product))

        for k in range(n):
            # 1. cue before: "using X", "a tool called X", "technology from X and Y"
            if lem[k] in _CUE_FIRST:
                for size in (2, 1):
                    key = tuple(lem[k:k + size])
                    if len(key) != size or key not in _CUE_BEFORE:
                        continue
                    if k > 0 and txt[k][:1].isupper():  # part of a title: 'Using AI Safely'
                        break
                    if not _cue_fits(key, lem, low, k):
                        break
                    if key in _STRONG_CUES and k > 0 and (low[k - 1] in _NAMED_BODIES or lem[k - 1] in _NAMED_BODIES):
                        break  # "a team called Local AI", "a project known as X"
                    j = k + size
                    while j < n and (low[j] in _DETERMINERS or txt[j].isspace()) and not flags[j]:
                        j += 1
                    if j < n and flags[j]:
                        end = run(j, 1, False) + 1
                        strong = key in _STRONG_CUES
                        tech = key in _TECH_CUES
                        product = key in _PRODUCT_VERBS
                        add(j, end, strong, tech, product)
                        # lists: "from Deepgram and OpenAI", "such as Otter, Fireflies and Rev"
                        m = end
                        while m + 1 < n and low[m] in {",", "and", "or", "&"}:
                            q = m + 1
                            if low[q] in {"and", "or"} and q + 1 < n:
                                q += 1
                            if not flags[q]:
                                break
                            m = run(q, 1, False) + 1
                            add(q, m, strong, tech, product)
                    break
            # 2. head noun after: "the Fizz app", "Children and Families View app"
            if low[k] in HEAD_NOUNS and k > 0 and flags[k - 1]:
                start = run(k - 1, -1, True)
                if start > 0 or flags[start] == 2 or n > 3:
                    keep = k - start >= 2 or (k - start == 1 and (txt[start].isupper() or flags[start] == 2))
                    add(start, k + 1 if txt[k].istitle() and keep else k, True)
            # 2a. lower-case modifiers before the head noun: "the Granola note-taking app", "our Pip survey tool"
            elif low[k] in HEAD_NOUNS and k > 1:
                m = _modified_name_end(txt, flags, k)
                if m is not None:
                    start = run(m - 1, -1, False)
                    while start < m - 1 and low[start] in _OWNED_DETERMINERS:
                        start += 1  # "The Granola note-taking app" opening a sentence
                    if start > 0 and low[start - 1] in _OWNED_DETERMINERS:
                        add(start, m, True)
            # 3. appositive: "our in-house tool, CaseLens, lets", "two digital assistants, Darcie and Ali,"
            if txt[k] == "," and k + 1 < n and flags[k + 1]:
                if k > 0 and (_head_noun(low[k - 1]) or low[k - 1] in {"supplier", "provider", "vendor"}):
                    end = run(k + 1, 1, False) + 1
                    if end + 1 < n and low[end] == "and" and flags[end + 1] and low[k - 1] not in HEAD_NOUNS:
                        second = run(end + 1, 1, False) + 1
                        if second >= n or txt[second] in {",", ".", ")", ";"}:
                            add(k + 1, end, True)
                            add(end + 1, second, True)
                    elif end >= n or txt[end] in {",", ".", ")", ";"} or lem[end] in {"be", "have"}:
                        add(k + 1, end, True)
            # 3a. a head noun right before: "our chatbot Millie", "the assistant Policy Buddy"
            if k > 0 and low[k - 1] in _NAMING_HEADS and flags[k] and not flags[k - 1]:  # not "Whole System Look"
                add(k, run(k, 1, False) + 1, True)
            # 3c. a capitalised system word ends the name: "Transform Data Warehouse", "Resident Data Hub"
            if flags[k] and low[k] in NAME_HEADS and k > 0 and flags[k - 1]:
                start = run(k - 1, -1, True)
                if self._names_system(doc, start + base, k + 1 + base):
                    add(start, k + 1, True)
            if not flags[k] or (k > 0 and flags[k - 1]):
                continue
            end = run(k, 1, False) + 1
            # 3b. "NoteBridge, a transcription tool"
            if end + 2 < n and txt[end] == "," and low[end + 1] in {"a", "an", "our", "the", "its", "their"}:
                if any(w in HEAD_NOUNS for w in low[end + 2:end + 8]):
                    add(k, end, True)
            elif end + 2 < n and txt[end] == "," and low[end + 1] in HEAD_NOUNS and low[end + 2] in {"that", "which"}:
                add(k, end, True)  # "Voicescape, software that analyses"
            elif _described_in_brackets(low, lem, end) or _provenance_tag(txt, end) or _defined_as_product(low, end):
                add(k, end, True)  # "Fenwick Assist (an assistant that ...)", "Compass (in-house)", "X is a ... app"
            # 4. CamelCase words next to a cue ("CaseLens", "NoteBridge AI"), not company words
            if flags[k] == 2 and not _CAMEL_CONTEXT.isdisjoint(
                    lem[max(0, k - _CAMEL_REACH):end + _CAMEL_REACH]):
                add(k, end, False)
            # 5. cue after: "Charms is used by", "Scribely was not taken forward", "X we built"
            q = end
            while q < n and low[q] in _AUX:
                q += 1
            if end < q < n and low[q] in _CUE_AFTER and (low[q] != "taken" or (
                    q + 1 < n and low[q + 1] in {"forward", "up", "on", "off"})):
                add(k, end, True)
            elif end + 1 < n and low[end] in _MAKERS and low[end + 1] in _MAKER_VERBS:
                add(k, end, True)
        # dedupe, keep the longest
        out.sort(key=lambda x: (x[0], -(x[1] - x[0]), not x[2]))
        kept: list[Candidate] = []
        for cand in out:
            if kept and cand[0] < kept[-1][1]:
                continue
            kept.append(cand)
        return [c for c in kept if self._plausible(doc, c[0], c[1], c[2])]

    def _plausible(self, doc: Doc, s: int, e: int, strong: bool) -> bool:
        s, e = self._trim(doc, s, e)
        if s >= e:
            return False
        text = doc[s:e].text
        low = text.lower()
        if low in NOT_TOOLS or low.removesuffix("'s") in NOT_TOOLS or low in _places():
            return False
        words = [t.lower_ for t in doc[s:e]]
        if self._company_context(doc, s, e):
            return False
        # "the Pip survey tool": a modifier and a tool noun after the name
        modified = e + 1 < len(doc) and doc[e].is_lower and doc[e + 1].lower_ in HEAD_NOUNS
        if e < len(doc) and doc[e].lower_ in _NOT_PRODUCT_HEADS and not modified:
            return False  # "our DigitalFirst strategy", "the LEAP approach"
        named = e < len(doc) and doc[e].lower_ in HEAD_NOUNS or modified
        if words[-1] in _EVENT_ENDS or (words[-1] in {"it", "ict"} and e - s > 1):
            return False  # "Practice Week", "the Family Group Conference model"; "the Housing IT system"
        if not named and (_party_cue_before(doc, s) or _corporate_after(doc, e)):
            return False  # "worked with FutureGov", "experts from Acme", "TechCo has partnered": a company
        if all(w in GENERIC_NAME_WORDS or w in NOT_TOOLS or w in _places() or t.like_num
               for w, t in zip(words, doc[s:e])):
            return False  # "Education", "Information Security", "Single Sign-On", "Kingston and Southend"
        strong = strong or self._names_system(doc, s, e)
        org = [w for w in words if w in _ORG_WORDS]
        if strong and org and all(w in _DOCUMENT_WORDS for w in org) and any(
                w.isalpha() and w not in _ORG_WORDS and w not in GENERIC_NAME_WORDS for w in words):
            org = []  # "an assistant called Policy Buddy", "the Guidance Finder app"
        if org or (not strong and any(w in _SOFT_ORG_WORDS for w in words)):
            return False
        if doc[s].is_alpha and doc[s].is_upper and len(doc[s].text) <= 5 and not strong and e - s == 1:
            return False  # bare acronyms (MASH, SEND, IRO) need a strong cue
        if all(t.is_stop for t in doc[s:e]):
            return False
        if doc[s].is_sent_start and not _is_camel(doc[s].text):
            if not strong:
                return False
            head_after = e < len(doc) and doc[e].lower_ in HEAD_NOUNS
            if e - s == 1 and head_after and self._ordinary(doc[s].lower_):  # "Public tools such as ..."
                return False
        return True

    @staticmethod
    def _company_context(doc: Doc, s: int, e: int) -> bool:
        """Whether the words around doc[s:e] make it a company or a maker: "CareWorks Limited",
        "supplier CoreLogic", "developed by the Digital Care Hub", "a Client Management Database"
        (a kind of system, not a name)."""
        if any(t.lower_ in _COMPANY_SUFFIXES for t in doc[e:e + 2]) or _in_event_name(doc, e, lower_head=True):
            return True
        j = s - 1
        while j >= 0 and doc[j].lower_ in {"the", "new", "bespoke", "single"}:
            j -= 1
        if j < 0:
            return False
        if doc[j].lower_ in _COMPANY_BEFORE:
            return True
        if doc[j].lower_ == "by" and j > 0 and doc[j - 1].lower_ not in _TECH_BY:
            return True
        head = doc[e - 1].lower_
        after = doc[e].lower_ if e < len(doc) else ""
        acronym = e - s == 1 and doc[s].is_upper
        return doc[j].lower_ in {"a", "an"} and (head in NAME_HEADS or head in HEAD_NOUNS or (
            acronym and after in HEAD_NOUNS))  # "a Client Records Database", "a DLSW platform"

    def _ordinary(self, low: str) -> bool:
        """An ordinary English word (in the English model's lemma index)."""
        table = self.table
        return any(low in table.index[pos] or table(low) in table.index[pos] for pos in table.ORDER)

    @staticmethod
    def _names_system(doc: Doc, s: int, e: int) -> bool:
        """Whether doc[s:e] is a capitalised name that ends in a system word: "Transform Data Warehouse",
        "Children and Families View" (see :data:`NAME_HEADS`); not "Early Help Hub" (a team)."""
        if e - s < 2 or not doc[e - 1].text[:1].isupper():
            return False
        head = doc[e - 1].lower_
        need = NAME_HEADS.get(head)
        if need is None:
            return False
        words = [t.lower_ for t in doc[s:e - 1] if t.is_alpha and t.lower_ not in _CONNECT and t.lower_ != "and"]
        if len(words) < need or words[0] in {"single", "one"} or all(w in _DATA_WORDS for w in words):
            return False  # not "Single View", "Data Warehouse", "Digital Hub": kinds of system
        return head != "hub" or any(w in _DATA_WORDS for w in words)

    @classmethod
    def _trim(cls, doc: Doc, s: int, e: int) -> tuple[int, int]:
        while s < e and (doc[s].lower_ in _DETERMINERS or (doc[s].lower_ in _LEADING_NON_NAME or doc[s].like_num)
                         and not _is_camel(doc[s].text)):
            s += 1
        while e > s and (doc[e - 1].lower_ in HEAD_NOUNS | {"'s", "’s", "-", "&"} or doc[e - 1].is_punct):
            if doc[e - 1].lower_ in NAME_HEADS and cls._names_system(doc, s, e):
                break
            short = e - s == 2 and (doc[s].is_upper or _is_camel(doc[s].text))  # "Q Assistant", "EHC App"
            if (e - s >= 3 or short) and doc[e - 1].text.istitle() and doc[e - 1].lower_ in HEAD_NOUNS and all(
                    t.text[:1].isupper() or t.lower_ in _CONNECT | {"and"} for t in doc[s:e - 1]):
                break  # a capitalised head ends the name: "Care Leavers App", "Knowledge Mining Tool"
            e -= 1
        return s, e

    def _accept(self, sent: Span, cands: list[Candidate],
                ents: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
        doc = sent.doc
        out = []
        for s, e, strong, product in cands:
            s, e = self._trim(doc, s, e)
            if s >= e:
                continue
            rs, re_ = s - sent.start, e - sent.start
            labels = {lab for a, b, lab in ents if a < re_ and rs < b}
            # "the Humphrey suite", "our chatbot Millie", "trialling Kuulo"
            named_as_tool = (e < sent.end and doc[e].lower_ in HEAD_NOUNS) or bool(_CODE_NAME.match(doc[s].text)) or \
                _in_apposition(doc, s, e, sent.end) or (
                s > sent.start and doc[s - 1].lower_ in _NAMING_HEADS) or self._names_system(doc, s, e) or \
                _described_after(doc[e:sent.end]) or self._modifies_head(doc, s, e, sent.end)
            if product and labels <= {"PERSON", "GPE", "NORP", "ORG", "PRODUCT", "WORK_OF_ART"} and (
                    doc[s].lower_ not in first_names()):
                named_as_tool = True  # "trialling Kuulo"; but "piloting Harriet Osei" stays a person
            if labels & _PERSONAL and not labels & {"ORG", "PRODUCT", "WORK_OF_ART"} and not named_as_tool:
                continue
            # "our Google Workspace licence", "runs on Amazon Connect": a product noun after, or a maker before
            licensed = (e < sent.end and doc[e].lower_ in _PRODUCT_AFTER) or doc[s].lower_ in self.vendor_names \
                or doc[s].lower_ in _MAKER_WORDS
            if not (strong or product or named_as_tool or licensed) and not _head_noun(doc[e - 1].lower_) and all(
                    self._ordinary(t.lower_) or t.lower_ in _CONNECT | {"and"} for t in doc[s:e]) and e - s > 1 \
                    and not _is_camel(doc[s].text):
                continue  # a weak cue before ordinary words: "use the Single Point of Access", not "use Trello"
            if not strong and not labels and not _is_camel(doc[s].text) and self.use_ner and ents is not None:
                # weak cue and the model sees nothing: keep only product-looking names
                if not any(t.text.lower() in HEAD_NOUNS for t in doc[e:e + 1]) and (
                        e - s > 3 or doc[s].lower_ in {"with", "into"}):
                    continue
            out.append((s, e))
        return out

    def _modifies_head(self, doc: Doc, s: int, e: int, end: int) -> bool:
        """Whether one or two lower-case modifiers join doc[s:e] to a tool noun: "our Pip survey tool"."""
        texts = [t.text for t in doc[s:min(end, e + 5)]]
        flags = self._flags[s:s + len(texts)]
        return any(texts[k].lower() in HEAD_NOUNS and _modified_name_end(texts, flags, k) == e - s
                   for k in range(e - s + 1, len(texts)))

    # -- status -----------------------------------------------------------------------------------

    def _finish(self, doc: Doc, sent: Span, items: list[tuple[int, int, str, bool]]) -> None:
        tokens = sentence_words(doc, sent.start, sent.end)
        cues = self.cue_finder.find(tokens)
        rel = [(s - sent.start, e - sent.start) for s, e, _, _ in items]
        parents = component_parents(tokens, rel)
        # a component is used as its tool is: only the others are read for status
        whole = [k for k, parent in enumerate(parents) if parent is None]
        statuses = [""] * len(rel)
        for k, status in zip(whole, tool_statuses(tokens, [rel[k] for k in whole], cues)):
            statuses[k] = status
        for k, parent in enumerate(parents):
            if parent is not None:
                statuses[k] = statuses[parent]
        found = doc._.synthesis_tools
        first = len(found)
        starts, ends = char_offsets(doc)
        for (s, e, label, known), status in zip(items, statuses):
            if known:
                entry = self.tools.by_name[label]
                vendor, category, provenance = entry.vendor, entry.category, entry.provenance
                if status in ("in_use", "mentioned") and self._maker_speaks(doc, sent, s, label):
                    status = "supplied"
                elif status == "in_use" and self._maker_says(tokens, s - sent.start, label):
                    status = "mentioned"  # a maker's claim says nothing of the respondent's use
            else:
                label = self._normalise(doc[s:e])
                canonical = self.tools.alias_index.get(label.lower()) or self._maker_alias(doc, s, label)
                if canonical:
                    entry = self.tools.by_name[canonical]
                    label, known = canonical, True
                    vendor, category, provenance = entry.vendor, entry.category, entry.provenance
                else:
                    vendor, category = None, None
                    sent_low = sent.text.lower()
                    provenance = "in-house" if any(c in sent_low for c in _IN_HOUSE) else "unknown"
            found.append({
                "label": label, "text": doc[s:e].text, "start": starts[s], "end": ends[e - 1],
                "sent_start": starts[sent.start], "status": status, "negated": status in ("stopped", "not_used"),
                "vendor": vendor, "category": category, "provenance": provenance, "known": known, "part_of": None,
            })
        for k, parent in enumerate(parents):
            if parent is not None:
                found[first + k]["part_of"] = found[first + parent]["label"]

    def _maker_speaks(self, doc: Doc, sent: Span, s: int, label: str) -> bool:
        """Whether the tool's own maker, named earlier in the sentence, calls it "its" tool: "Xantura
        reports that version 1.0 of its Early Help Profiling System has been built"."""
        if s == 0 or doc[s - 1].lower_ not in ("its", "their"):
            return False
        makers = self.vendors_of.get(label, set())
        return any(t.lower_ in makers or doc[t.i:t.i + 2].text.lower() in makers for t in doc[sent.start:s - 1])

    def _maker_says(self, words: Words, s: int, label: str) -> bool:
        """Whether the sentence opens with the tool's maker speaking of it: "Policy in Practice says
        LIFT helped nine councils", "the company reports that X ..."."""
        makers = self.vendors_of.get(label, set())
        for v in range(1, min(s, _SPEAKER_REACH + 1)):
            if words.lem[v] in _SPEECH_VERBS:
                speaker = " ".join(w for w in words.low[:v] if w != "the")
                return speaker in makers or speaker in _MAKER_NOUNS
        return False

    def _maker_alias(self, doc: Doc, s: int, label: str) -> str | None:
        """The listed tool that "Microsoft's new Translator" names: the maker's name before the
        possessive joined to the name, when that is a listed alias."""
        j = s - 1
        while j > 0 and doc[j].lower_ in {"new", "latest", "own", "free"}:
            j -= 1
        if j > 0 and doc[j].lower_ in ("'s", "’s"):
            return self.tools.alias_index.get(f"{doc[j - 1].lower_} {label.lower()}")
        return None

    @staticmethod
    def _normalise(span: Span) -> str:
        text = span.text
        for suffix in ("'s", "’s"):
            if text.endswith(suffix):
                text = text[: -len(suffix)]
        return " ".join(text.split())


@Language.factory(
    "synthesis_tools",
    default_config={"tool_list": "", "discover": True, "use_ner": True},
)
def make_tool_finder(nlp: Language, name: str, tool_list: str, discover: bool, use_ner: bool) -> ToolFinder:
    return ToolFinder(nlp, tool_list, discover, use_ner)

