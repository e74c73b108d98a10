"""Status and negation cues, and the clauses they govern (shared by tools and themes).

:func:`segments` cuts a sentence into clause-like pieces; :class:`CueFinder` finds status cues
("plan to", "no longer", "pilot") as lemma sequences, with the negation before them;
:func:`tool_statuses` gives each tool span the status its clause says, then lets the grammar around
the name speak where it is plainer than the nearest cue ("the X trial", "recorded with X", "the
company that makes X", "X is a platform that ...", "once X is used", "tools include X").
"""

from __future__ import annotations

import functools

from synthesis.nlp.text import LemmaTable, Words

NEGATORS = {"not", "n't", "never", "no", "none", "nor", "neither", "nobody", "nothing", "cannot", "without"}
SUBJECTS = {"we", "they", "it", "this", "that", "he", "she", "i", "staff", "these", "those", "there",
             "workers", "practitioners", "managers", "colleagues", "families", "children", "others", "which",
             "now", "then", "instead", "so", "also"}
_HARD_BOUNDARIES = {";", ":", "but", "however", "whereas", "although", "though", "while", "whilst", "except",
                    "unlike", "yet", "(", ")", "–", "—"}

# Status cues: lemma sequences (matched on lemmas of consecutive tokens) -> kind.
_CUES: dict[str, list[str]] = {
    "stopped": [
        "stop", "discontinue", "decommission", "reject", "no longer", "abandon", "withdraw", "cease", "remove",
        "pause", "on hold", "drop", "retire", "move away from", "switch from", "previous", "former", "old",
        "go into administration", "end the trial", "end the pilot", "end our", "end its", "scrap", "replace",
        "phase out", "turn down", "decide against", "give up", "used to", "shelve", "halt", "suspend", "terminate",
        "not renew", "did not renew", "let lapse", "switch off", "turn off", "rule out", "not proceed", "walk away",
        "not take forward", "not be take forward", "take out", "pull the plug", "rule it out", "rule them out",
        "not to proceed", "decline", "replacement for", "replacement of", "be end",
    ],
    "not_used": [
        "ban", "block", "prohibit", "not permit", "not allow", "be disable", "have disable", "switch off by default", "off by default",
        "not approve",
        "not by us", "not us", "restrict access", "not available to staff", "forbid", "bar",
    ],
    "planned": [
        "plan to", "be plan", "consider", "explore", "pending", "intend", "procure", "look at", "look into", "business case", "scope",
        "investigate", "hope to", "aim to", "roadmap", "tender", "in discussion", "want to", "would like to",
        "going to", "next year", "next month", "next phase", "later this year", "future", "soon", "shortlist",
        "evaluate option", "assess option", "seek funding", "bid", "will roll out", "will introduce",
        "will be", "will use", "will go live", "be due to go live", "early conversation", "in talks",
        "demonstrate", "demo", "demonstration", "see a demo", "have a demo", "expect", "due to be", "ambition",
        "aspiration", "procurement of", "procurement for",
    ],
    "piloting": [
        "pilot", "trial", "test", "proof of concept", "poc", "experiment", "prototype", "sandbox",
        "try out", "try", "alpha", "beta", "small-scale", "limited roll-out", "test and learn",
    ],
    "in_use": [
        "use", "utilise", "utilize", "deploy", "roll out", "rolled out", "roll-out", "implement", "adopt", "embed",
        "go live", "went live", "live", "introduce", "employ", "run on", "rely on", "build", "provide", "available",
        "access to", "subscribe", "lock in", "prefer", "stick with", "choose", "opt for", "go with",
        "select", "settle on", "have", "hold", "buy", "purchase", "run", "extend", "expand", "scale up", "access",
        "early adopter", "in place", "licensed", "business as usual", "mainstream", "support by",
    ],
    "mentioned": [
        "could", "suggest", "recommend", "propose", "claim", "hear of", "heard of", "aware of",
        "such as", "e.g.", "for example", "if", "whether", "among them", "and similar", "or similar", "cost",
        "price", "£", "per user", "per licence",
        "market", "advertise", "promise", "should", "would welcome", "may be use", "might be use",
    ],
}
_USAGE = {"use", "utilise", "utilize", "deploy", "roll", "implement", "adopt", "embed", "introduce", "employ",
          "have", "buy", "purchase", "run", "rely", "subscribe", "go"}
_CHOICE = {"prefer", "stick with", "choose", "opt for", "go with", "select", "settle on", "decide on"}
_CHOICE_PHRASES = frozenset(tuple(p.split()) for p in _CHOICE)
_BE = {"be", "get"}
#: How far after a tool a stop or a ban still speaks of it ("X roll-out is on hold", not "X is used
#: with data that is not used for training").
_STATE_REACH = 6
_FUTURE = {"will", "next", "plan", "going", "being", "soon", "future", "later", "due", "intend"}


@functools.lru_cache(maxsize=8)
def _compile_cues(table: LemmaTable) -> dict[tuple[str, ...], str]:
    compiled: dict[tuple[str, ...], str] = {}
    for kind, phrases in _CUES.items():
        for phrase in phrases:
            key = tuple(table(w) for w in phrase.replace("-", " - ").split())
            compiled.setdefault(key, kind)
    return compiled


def segments(words: Words) -> list[tuple[int, int, str]]:
    """Clause-like segments of a sentence: (start, end, boundary word that opened it)."""
    if words.segs is None:
        words.segs = _segments(words)
    return words.segs


def _segments(words: Words) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    start, opener = 0, ""
    lows, lems = words.low, words.lem
    n = len(lows)
    for i in [i for i, low in enumerate(lows) if low in _BOUNDARY_WORDS]:  # the words that may cut
        low = lows[i]
        cut = False
        if low in _HARD_BOUNDARIES and i > start:
            cut = True
        elif low in _SOFT_BOUNDARIES and 0 < i < n - 1:
            nxt = lows[i + 1]
            if low == "which" and lows[i - 1] == ",":
                cut = True
            elif nxt in SUBJECTS or nxt in _CLAUSE_OPENERS:
                cut = True
            elif lems[i + 1] in _VERB_CUES and lems[i - 1] not in _VERB_CUES:
                cut = True  # but "using or trialling X" is one clause
            elif low == "so":
                cut = True
        if cut:
            out.append((start, i, opener))
            start, opener = i, low
    out.append((start, n, opener))
    return out


_SOFT_BOUNDARIES = {",", "and", "or", "so", "which", "who"}
_BOUNDARY_WORDS = frozenset(_HARD_BOUNDARIES | _SOFT_BOUNDARIES)
_CLAUSE_OPENERS = {"but", "so", "and", "which", "not", "having", "replacing", "leaving", "meaning", "because", "as",
                   "until"}
_VERB_CUES = {"decline", "stop", "discontinue", "decommission", "reject", "abandon", "withdraw", "remove", "pause", "drop",
              "replace", "use", "pilot", "trial", "test", "roll", "plan to", "be plan", "consider", "explore", "pending", "now", "then",
              "find", "switch", "move", "decide", "end", "scrap", "ban", "block", "disable", "introduce", "adopt",
              "choose", "select", "opt", "settle", "stick", "prefer"}


class CueFinder:
    """Finds status cues (with their negation) in a token list."""

    def __init__(self, table: LemmaTable):
        self.cues = _compile_cues(table)
        self.max_len = max(len(k) for k in self.cues)
        self.longest: dict[str, int] = {}  # first lemma -> length of the longest cue it starts
        for key in self.cues:
            self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def find(self, words: Words) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every cue, longest first at each position, negation applied (kept on
        ``words``: finders built from one lemma table share their cues)."""
        if words.cues is None or words.cues[0] is not self.cues:
            words.cues = (self.cues, self._find(words))
        return words.cues[1]

    def _find(self, words: Words) -> list[tuple[int, int, str]]:
        lemmas = words.lem
        found: list[tuple[int, int, str]] = []
        i, n = 0, len(lemmas)
        longest = self.longest
        while i < n:
            size = longest.get(lemmas[i])
            if size is None:  # no cue starts with this word
                i += 1
                continue
            hit = None
            for size in range(min(size, n - i), 0, -1):
                kind = self.cues.get(tuple(lemmas[i:i + size]))
                if kind:
                    hit = (i, i + size, kind)
                    break
            if hit is None:
                i += 1
                continue
            s, e, kind = hit
            if kind == "stopped" and e - s == 2 and words.lem[s] == "use" and (
                    words.low[s] != "used" or (s > 0 and words.lem[s - 1] in _BE)):
                kind = "in_use"  # "it is used to summarise", "staff use to record": a use, not a past habit
            kind = self._negate(words, s, kind)
            found.append((s, e, kind))
            i = e
        return found

    @staticmethod
    def _negate(words: Words, start: int, kind: str) -> str:
        """Apply a negator in the three tokens before a cue: "do not use" -> not_used."""
        if kind in ("not_used", "mentioned"):
            return kind
        if kind == "in_use" and words.lem[start] not in _USAGE:
            return kind
        window = words.low[max(0, start - 3):start]
        if not any(w in NEGATORS for w in window):
            return kind
        if "only" in window or "longer" in window:  # "not only", handled by "no longer"
            return kind
        if "yet" in window or (start + 1 < len(words) and words.low[start + 1] == "yet"):
            return "planned" if kind in ("in_use", "piloting") else kind
        if kind == "stopped":  # "we have not stopped using X"
            return "in_use"
        rest = words.low[start + 1:start + 12]
        if "anymore" in rest or any(a == "any" and b in ("more", "longer") for a, b in zip(rest, rest[1:])):
            return "stopped"  # "we don't use X any more"
        return "not_used"


#: Adjectives that stop a tool only when they modify its name ("our previous system, X"), not
#: "the previous year" elsewhere in the sentence; how many words may come between.
_MODIFIER_CUES = {"previous", "former", "old"}
_MODIFIER_REACH = 3
#: Cues that introduce examples: they stand aside for a cue before them ("staff use tools such as X").
_EXAMPLE_CUES = {("such", "as"), ("e.g.",), ("for", "example"), ("like",), ("among", "them")}
#: Words before a pilot or trial that make it the background of the clause ("after the trial, X was
#: extended"): another cue in the clause then governs the tool.
_BACKGROUND = {"after", "following", "since"}
#: Usage verbs that say what the tool itself does when the tool is their subject ("X uses large
#: language models", "software that runs on Azure"): not a sign that anyone uses the tool.
_OWN_VERBS = {"use", "utilise", "utilize", "employ", "run", "have", "hold", "provide", "build", "rely", "access"}
_RELATIVES = {"that", "which", "who", ",", "also", "now", "then", "already"}
#: Verbs by which a tool named like its maker supplies itself ("Mind Of My Own provides apps").
_SELF_SUPPLY = {"provide", "offer", "supply", "sell"}


#: Stop cues that also say an amount fell ("the time dropped from four hours"): in a later clause
#: they do not stop the tool.
_AMOUNT_STOPS = {"drop", "fall", "cut", "reduce"}
#: Words after a stop verb that make it a stop of something ("have dropped it"), not a fall.
_OBJECTS = {"it", "them", "this", "that", "the", "our", "its", "their"}


def _amount_fell(words: Words, cue: tuple[int, int, str]) -> bool:
    """Whether a stop cue says an amount fell ("the time dropped from four hours"), not that a
    thing was stopped ("it was dropped", "we have dropped it")."""
    s, e, _ = cue
    if words.lem[s] not in _AMOUNT_STOPS:
        return False
    passive = s > 0 and words.lem[s - 1] in _BE
    return not passive and not (e < len(words.low) and words.low[e] in _OBJECTS)


#: Verbs by which a company makes a tool: "the company that makes X", "Beam, a company, built X".
_MAKE_VERBS = {"make", "build", "develop", "design", "create", "produce", "launch"}
_MAKERS = {"company", "firm", "supplier", "which", "that", "who", "startup", "start-up", "vendor", "enterprise"}
#: Participles before "with X", "through X": the instrument of something done ("recorded with X",
#: "captured with the X tool"): the tool is in use.
_INSTRUMENT = {"with", "through", "via", "using", "on", "in", "by"}
_DONE = {"recorded", "captured", "gathered", "collected", "transcribed", "produced", "held", "stored", "made",
         "written", "created", "generated", "processed", "kept", "shared", "run", "hosted", "managed", "logged",
         "summarised", "summarized", "drafted"}
#: The start of a definition: "X is a platform that ...", "X, a platform from Y, ...".
_DEFINES = {"a", "an", "not", "ai", "the"}


_PRODUCT_NOUNS = {"tool", "app", "platform", "product", "software", "system", "service", "solution", "chatbot",
                  "assistant", "own"}
#: Words that open a relative clause with a subject of its own ("an app that practitioners can reach").
_OPEN_SUBJECTS = {"we", "our", "staff", "practitioners", "workers", "council", "councils", "the", "social", "teams",
                  "officers", "colleagues", "users", "people", "families", "you", "they"}


def _other_subject(lows: list[str], te: int) -> bool:
    """Whether the first relative clause after the tool has a subject of its own (someone uses it)."""
    for i in range(te, min(len(lows) - 1, te + 10)):
        if lows[i] in ("that", "which", "who"):
            return lows[i + 1] in _OPEN_SUBJECTS
    return False


#: Words before "replace" that put the replacement still to come ("is to replace", "will replace").
_TO_COME = {"to", "will", "plan", "plans", "planning", "intend", "intends", "going", "shall"}


def _replaces_something(words: Words, cue: tuple[int, int, str]) -> bool:
    """Whether a "replace" cue has an object of its own ("... to replace paper records"): the tool
    does the replacing, it is not replaced ("was replaced", "replaced by")."""
    s, e, _ = cue
    lows, lems = words.low, words.lem
    if lems[s] == "replacement":
        return True  # "as a replacement for paper notes": what is replaced follows
    if lems[s] != "replace":
        return False
    passive = s > 0 and lems[s - 1] in _BE
    return not passive and e < len(lows) and lows[e] not in ("by", "with", "it", "them", ".", ",")


#: Nouns before "include" that make what follows examples ("tools include", "options include").
_KIND_NOUNS = {"tools", "products", "apps", "platforms", "systems", "examples", "options", "services", "solutions",
               "technologies", "assistants", "chatbots", "models"}


#: Words before "such as", "like", "e.g." that make the examples kinds of tool ("AI tools such as X",
#: "suppliers such as Y"); after other nouns ("meetings such as Teams") the cue says nothing of use.
_EXAMPLE_KINDS = _KIND_NOUNS | {"tool", "product", "app", "platform", "system", "service", "solution", "technology",
                                "assistant", "chatbot", "model", "ai", "software", "application", "applications",
                                "program", "programs", "programme", "package", "packages", "supplier", "suppliers",
                                "vendor", "vendors", "provider", "providers", "llm", "llms", "genai", "bot", "bots",
                                "ones"}
#: The example cues that the noun before them decides; "for example" and "e.g." give examples of
#: whatever was said ("for example the NHS Spine") and always speak.
_KIND_EXAMPLE_CUES = {("such", "as"), ("like",)}
#: How far before an example cue its kind noun may be ("AI tools and apps such as").
_KIND_REACH = 4


def _example_of_kind(lows: list[str], lems: list[str], s: int) -> bool:
    """Whether the example cue at ``s`` lists kinds of tool: a tool noun shortly before it."""
    window = lows[max(0, s - _KIND_REACH):s]
    return not _EXAMPLE_KINDS.isdisjoint(window) or not _EXAMPLE_KINDS.isdisjoint(lems[max(0, s - _KIND_REACH):s])


def _listed_as_example(words: Words, cues: list[tuple[int, int, str]], ts: int, s0: int) -> bool:
    """Whether the tool follows "<kind> include(s)" (present tense) with no cue in between."""
    lows = words.low
    for i in range(max(s0, ts - 12), ts):
        if lows[i] in ("include", "includes") and not _KIND_NOUNS.isdisjoint(lows[max(s0, i - 3):i]):
            return not any(i < c[0] < ts and c[2] != "mentioned" for c in cues)
    return False


def _instrument(words: Words, ts: int, s0: int) -> bool:
    """Whether the tool at ``ts`` is the instrument of something done: "recorded with the X tool"."""
    lows = words.low
    j = ts - 1
    while j > s0 and lows[j] in {"the", "our", "its", "their", "a", "an"}:
        j -= 1
    return j > s0 and lows[j] in _INSTRUMENT and (lows[j - 1] in _DONE or lows[j - 1] == "used")


#: Modals that, with the tool as their subject, put its use in prospect ("the Translator app may be
#: the answer", "eCAF would hold", "what Copilot might do").
_PROSPECT_MODALS = {"may", "might", "would"}
#: Words between a tool's name and its modal ("the X app may").
_NAME_TAILS = _PRODUCT_NOUNS | {"tools", "apps", "systems", "platforms", "itself"}


def _in_prospect(lows: list[str], ts: int, te: int) -> bool:
    """Whether the tool at [ts, te) is the subject of a modal of prospect ("X may", "X would", "X
    could be rolled out"), not negated ("X would not"), and not after "if" or "whether" (a condition)."""
    n = len(lows)
    q = te
    while q < n and q - te < 2 and lows[q] in _NAME_TAILS:
        q += 1
    if q >= n:
        return False
    if lows[q] in _PROSPECT_MODALS:
        pass
    elif lows[q] == "could" and q + 2 < n and lows[q + 1] == "be" and lows[q + 2].endswith("ed"):
        pass  # "the flag could be imported": a possibility for the organisation
    else:
        return False
    if q + 1 < n and lows[q + 1] in NEGATORS | {"never"}:
        return False
    return not {"if", "whether", "unless"} & set(lows[max(0, ts - 6):ts])


#: "developing a X tool", "X is being built": the tool is still being made ("worked with EY to build
#: One View" tells of a purpose, often met, so the infinitive is not among them).
_IN_THE_MAKING = {("developing",), ("building",), ("being", "developed"), ("being", "built")}
_FILLERS = {"a", "an", "the", "its", "their", "our", "new", "own", "bespoke", "further"}


def _in_the_making(lows: list[str], ts: int, te: int, s0: int) -> bool:
    """Whether a word of making right before the tool ("is developing a Find X tool") says it is
    still being built, with no negator before it ("developing X further" works on one in use)."""
    if "further" in lows[te:te + 3]:
        return False
    j = ts
    while j > s0 and lows[j - 1] in _FILLERS:
        j -= 1
    for size in (2, 1):
        if j - size >= s0 and tuple(lows[j - size:j]) in _IN_THE_MAKING:
            return not any(w in NEGATORS for w in lows[max(s0, j - size - 3):j - size])
    return False


def _construction(words: Words, cues: list[tuple[int, int, str]], ts: int, te: int, s0: int, status: str,
                  sentence_cues: list[tuple[int, int, str]] = ()) -> str:
    """Status that the grammar around the tool says, over what the nearest cue said: "the X trial"
    (piloting), "recorded with X" (in use), "the company that makes X" and "X is a platform that ..."
    (mentioned)."""
    lows, lems = words.low, words.lem
    n = len(lows)
    # "a Copilot trial", "the Magic Notes pilot": the noun after the name
    if te < n and any(c[0] == te and c[2] == "piloting" for c in cues) and status in ("in_use", "", "mentioned"):
        return "piloting"
    # "Google Translate (pilot)", "Otter (stopped)": a status in brackets right after the name
    tag = [c for c in sentence_cues if te + 1 < n and lows[te] == "(" and c[0] == te + 1 and c[1] < n
           and lows[c[1]] == ")" and c[2] != "mentioned"]
    if tag:
        return tag[0][2]
    if _instrument(words, ts, s0) and status in ("", "mentioned", "planned"):
        return "in_use"
    # "the Translator app may be the answer", "eCAF would hold": a use in prospect
    if status in ("in_use", "", "mentioned") and _in_prospect(lows, ts, te):
        return "planned"
    # "the department is developing a Find X tool": still being made
    if status in ("in_use", "", "mentioned") and _in_the_making(lows, ts, te, s0):
        return "planned"
    # "an AI program that, like Magic Notes, transcribes": a comparison
    if ts >= 2 and lows[ts - 1] == "like" and lows[ts - 2] == "," and status in ("in_use", ""):
        return "mentioned"
    # the maker: "the company that makes X", "Beam, a social impact company, built X"
    for v in range(max(s0, ts - 3), ts):
        if lems[v] in _MAKE_VERBS and not _MAKERS.isdisjoint(lows[max(s0, v - 4):v]) and "we" not in lows[s0:v]:
            return "mentioned"
    # "built by the AI company Beam, X records ...": who made it, with no use said
    if status in ("in_use", "") and any(lems[v] in _MAKE_VERBS and lows[v + 1] == "by" for v in range(s0, ts)) and all(
            lems[c[0]] in _MAKE_VERBS or c[2] == "mentioned" for c in cues):
        return "mentioned"
    # "common tools include X, Y and Z": examples of a kind
    if status in ("in_use", "") and _listed_as_example(words, cues, ts, s0):
        return "mentioned"
    # "once X is used": a condition still to come
    if status in ("in_use", "") and any(lows[i] == "once" and lows[i - 1] != "at" for i in range(max(1, ts - 2), ts)):
        return "planned"
    # "CASEFLOW, its tool for sharing data": the writer's own product
    if te + 2 < n and lows[te] == "," and lows[te + 1] in ("its", "their") and (
            lows[te + 2] in _PRODUCT_NOUNS or (te + 3 < n and lows[te + 3] in _PRODUCT_NOUNS)):
        return "supplied"
    # "ChatGPT and similar tools": a kind of tool, not one in use
    if te + 1 < n and lows[te] in ("and", "or") and lows[te + 1] in ("similar", "comparable", "other") \
            and status in ("in_use", ""):
        return "mentioned"
    # a definition, with no use by anyone else in the clause: "CaringLife is a digital platform that"
    if ts - s0 <= 1 and te + 1 < n and not _other_subject(lows, te):
        q = te
        if lows[q] == ",":  # "One View, a platform from EY, is ..."; not "X, a records system, holds ..."
            return "mentioned" if lows[q + 1] in ("a", "an") and not cues and not _acts_after(lows, lems, q + 1) \
                else status
        used = [c for c in sentence_cues or cues if c[0] > q + 1 and c[2] != "mentioned"
                and not (lows[c[0] - 1] in ("that", "which") and lems[c[0]] in _OWN_VERBS)]
        if lems[q] == "be" and lows[q + 1] in _DEFINES and not used:
            return "mentioned"  # but "X is a web app that social workers use" is in use
    return status


#: Words that, paired with "future", make "every time" ("current and future").
_NOW_WORDS = {"current", "present", "existing", "past"}
#: How far after "from pilot" the state it moved to may start ("from pilot into full use").
_MOVE_REACH = 3


def _left_behind(lows: list[str], s: int, e: int) -> bool:
    """Whether the pilot at [s, e) is the state a tool moved out of: "from (the) pilot to/into ..."."""
    j = s - 1 if s > 0 and lows[s - 1] not in ("the", "a", "its", "our") else s - 2
    if j < 0 or lows[j] != "from":
        return False
    return any(w in ("to", "into", "onto") for w in lows[e:e + _MOVE_REACH]) and "date" not in lows[e:e + _MOVE_REACH]


def _habit_of_other(lows: list[str], s: int, ts: int, te: int) -> bool:
    """Whether "used to" at ``s`` opens a relative clause about something other than the tool at
    [ts, te): "chronologies that used to take days" (but "X, which used to be our main tool")."""
    if s == 0 or lows[s - 1] not in ("that", "which", "who"):
        return False
    return not (te == s - 1 or (te == s - 2 and lows[te] == ","))


def _acts_after(lows: list[str], lems: list[str], q: int) -> bool:
    """Whether an appositive that starts at ``q`` ("X, an EDRMS, holds ...") is followed by an inflected
    verb other than "be" or "have": the sentence says what the tool does, not what it is."""
    end = next((i for i in range(q, len(lows)) if lows[i] == ","), None)
    if end is None or end + 1 >= len(lows):
        return False
    word, lemma = lows[end + 1], lems[end + 1]
    return lemma != word and lemma not in ("be", "have")


def _cues_for(words: Words, cues: list[tuple[int, int, str]], ts: int, te: int) -> list[tuple[int, int, str]]:
    """The cues of a clause that can speak about the tool at [ts, te): modifier adjectives only next to
    it, background pilots only when something else is said, not the tool's own usage verbs."""
    lows, lems = words.low, words.lem
    out = []
    for c in cues:
        s, e, kind = c
        if tuple(lems[s:e]) in _KIND_EXAMPLE_CUES and not _example_of_kind(lows, lems, s):
            continue  # "meetings such as Teams", "councils such as Barnsley": examples, not a status
        if lems[s] in _MODIFIER_CUES and e - s == 1 and (
                lows[s] not in _MODIFIER_CUES or not (e <= ts and ts - e <= _MODIFIER_REACH)):
            continue  # not "the previous year", nor "18-year-olds"
        if kind == "in_use" and s >= te and lems[s] in _OWN_VERBS and lows[s] != "used" and all(
                w in _RELATIVES for w in lows[te:s]) and s - te <= 2:
            continue  # "X uses", "X, which runs on"
        if lems[s] == "have" and e - s == 1 and (
                (e < len(lows) and (lows[e] == "been" or lows[e].endswith("ed")))
                or any(0 < c2[0] - e <= 3 for c2 in cues)):
            continue  # "had been trialled", "has had successful trials": the other cue speaks
        if kind == "planned" and lems[s] == "intend" and s > 0 and lems[s - 1] == "be" and 0 <= s - te <= 2:
            continue  # "X is intended to give staff ...": what the tool is for, not a plan
        if lems[s] == "future" and s >= 2 and lows[s - 1] in ("and", "or") and lows[s - 2] in _NOW_WORDS:
            continue  # "current and future needs": every time, not a plan
        if lems[s] == "soon" and lows[s] != "soon":
            continue  # "letters go out sooner": a comparison, not a plan
        if lems[s] == "bid" and s >= te:
            continue  # "with X, funding bids get written faster": the bids are the tool's work
        if kind == "piloting" and _left_behind(lows, s, e):
            continue  # "went from pilot to business as usual": the pilot is over
        if kind == "stopped" and tuple(lems[s:e]) == ("use", "to") and _habit_of_other(lows, s, ts, te):
            continue  # "chronologies that used to take days": the habit is the chronologies'
        out.append(c)
    if len(out) > 1:
        rest = [c for c in out if not (c[2] == "piloting" and _BACKGROUND & set(lows[max(0, c[0] - 3):c[0]]))]
        if rest:
            out = rest
    return out


#: How far along the use of a tool each status is, for coordinated cues ("piloting and exploring").
_ADVANCE = {"planned": 1, "piloting": 2, "in_use": 3}
#: Cues that, before a use verb, propose the use ("the decision recommended buying X").
_PROPOSALS = {"recommend", "suggest", "propose"}
#: How far before "such as" a use verb may be to speak for its examples ("use AI tools such as").
_EXAMPLE_REACH = 4
#: Cues that put a condition on what follows them ("whether to use X"), not on a tool before them
#: ("X shows whether a child is known").
_CONDITIONS = {("if",), ("whether",)}
#: A cue this far before a tool loses to one this near after it.
_FAR = 6
_NEAR = 2


#: Papers whose subject, "on implementing X", is a roll-out still to come.
_PAPERS = {"note", "report", "paper", "briefing", "plan", "proposal", "options", "case", "recommendation",
           "consultation", "decision"}
_ADOPTING = {"implement", "introduce", "deploy", "adopt", "roll"}


def _about_adoption(lems: list[str], c: int) -> bool:
    """Whether the usage verb at ``c`` is the subject of a paper: "a report on implementing X"."""
    return lems[c] in _ADOPTING and c >= 2 and lems[c - 1] in ("on", "about", "for") and lems[c - 2] in _PAPERS


def _pick(cues: list[tuple[int, int, str]], ts: int, te: int, lems: list[str] | None = None) -> str:
    """The status word that governs a tool: the nearest cue before it, else the nearest after it.

    A usage verb right after another cue takes that cue's meaning ("plan to use", "stopped using",
    "should be made available"); a cue that brings examples stands aside for a cue before it
    ("staff use tools such as X"); of "using or trialling X" the first counts.
    """
    before = [c for c in cues if c[1] <= ts]
    after = [c for c in cues if c[0] >= te]
    if lems is not None:  # "X, software that scores risk, such as ...": the examples are of something else
        after = [c for c in after if tuple(lems[c[0]:c[1]]) not in _EXAMPLE_CUES]
        condition = [c[0] for c in after if tuple(lems[c[0]:c[1]]) in _CONDITIONS]
        after = [c for c in after if not condition or c[0] < condition[0]]  # "X shows whether a child holds"
    if before and after and ts - max(c[1] for c in before) > _FAR and min(c[0] for c in after) - te <= _NEAR:
        before = []  # "the notice should be read with ..., where X is used": the verb of X's own clause
    if before and lems is not None:
        chosen = max(before, key=lambda c: c[0])
        if tuple(lems[chosen[0]:chosen[1]]) in _EXAMPLE_CUES:
            earlier = [c for c in before if c[1] <= chosen[0] and c[2] != "mentioned"
                       and chosen[0] - c[1] <= _EXAMPLE_REACH]
            if earlier:
                before = earlier
        chosen = max(before, key=lambda c: c[0])
        pair = [c for c in before if c[1] + 1 == chosen[0] and lems[c[1]] in ("or", "and")]
        if pair and _ADVANCE.get(pair[0][2], 0) > _ADVANCE.get(chosen[2], 0) and _ADVANCE.get(chosen[2], 0):
            return pair[0][2]  # "using or trialling X", "piloting and exploring X": the further along
    if before:
        chosen = max(before, key=lambda c: c[0])
    elif after:
        chosen = min(after, key=lambda c: c[0])
    else:
        return ""
    kind = chosen[2]
    if kind == "in_use" and lems is not None and _about_adoption(lems, chosen[0]):
        return "planned"  # "a briefing note on implementing Mosaic": a paper about a roll-out to come
    if kind in ("in_use", "piloting"):
        # "plan to pilot", "stopped trialling"; a pilot is not made "mentioned" by "could"
        leads = ("planned", "stopped", "not_used") if kind == "piloting" else ("planned", "stopped", "not_used",
                                                                             "piloting", "mentioned")
        # "could use", "plan to pilot"; but not the examples of the subject ("councils such as Barnsley
        # are using X")
        lead = [c for c in cues if c[1] <= chosen[0] and chosen[0] - c[1] <= 3 and c[2] in leads
                and (lems is None or tuple(lems[c[0]:c[1]]) not in _EXAMPLE_CUES)]
        if lead:
            kind = max(lead, key=lambda c: c[0])[2]
            if kind == "mentioned" and lems is not None and lems[max(lead, key=lambda c: c[0])[0]] in _PROPOSALS:
                kind = "planned"  # "recommended buying X", "proposed using X"
    return kind


#: "we supply X", "we provide X to 44 councils": the respondent supplies the tool to others.
_SUPPLY_VERBS = {"supply", "sell", "resell", "distribute", "provide", "offer", "license", "licence", "deliver"}
#: Verbs that supply by themselves; the others need a recipient such as "to 44 councils".
_SUPPLY_ALONE = {"supply", "sell", "resell", "distribute"}
_CLIENTS = {"council", "authority", "customer", "client", "organisation", "organization", "trust", "la",
            "provider", "partner", "agency", "school", "borough", "county"}
_MOVE_VERBS = {"move", "migrate", "switch", "transfer", "transition", "change"}


def _supplied(words: Words, seg: tuple[int, int, str], ts: int, te: int) -> bool:
    """Whether the clause says "we" supply the tool at [ts, te) to others ("we provide X, a recording
    assistant, to 11 local authorities")."""
    s0 = seg[0]
    lows, lems = words.low, words.lem
    for v in range(s0, ts):
        if lems[v] not in _SUPPLY_VERBS or not any(w == "we" for w in lows[max(s0, v - 3):v]):
            continue
        if lems[v] in _SUPPLY_ALONE:
            return True
        for p in range(te, min(len(lems), te + 30)):
            if lems[p] == "to" and not _CLIENTS.isdisjoint(lems[p + 1:p + 5]):
                return True
    return False


def _moved(words: Words, seg: tuple[int, int, str], ts: int, future: bool) -> str:
    """Status from "moved from X to Y": X stopped, Y in use ("" when the clause says no such thing)."""
    s0, _, _ = seg
    lows, lems = words.low, words.lem
    verbs = [v for v in range(s0, ts) if lems[v] in _MOVE_VERBS]
    if not verbs:
        return ""
    between = [w for w in lows[verbs[0] + 1:ts] if w in ("from", "to", "onto", "into")]
    if not between or "from" not in lows[verbs[0] + 1:ts + 1] + lows[ts:seg[1]]:
        return ""
    if between[-1] == "from":
        return "in_use" if future else "stopped"
    return "planned" if future else "in_use"


#: Words in a later clause that make its stop or denial someone else's, or only some people's
#: ("X is live, but some teams have no plan to use it").
_OTHERS = {"other", "else", "another", "some", "several", "few"}
#: Words after a tool, or after the ban that follows it, that narrow the ban to one purpose or
#: setting ("not to use X to share data", "X is not permitted for reviews").
_SCOPES = {"to", "for", "when", "during", "in"}
#: Words after the scope that make the ban whole again ("not for anything", "not in any way").
_WHOLE = {"any", "anything", "all", "work", "council", "now"}


def _restricted(words: Words, cues: list[tuple[int, int, str]], ts: int, te: int) -> bool:
    """Whether a ban or a denied use of the tool is narrowed to a purpose or setting: the tool is in use
    with that limit ("staff are asked not to use X to share special category data")."""
    lows = words.low
    n = len(lows)
    before = [c for c in cues if c[2] == "not_used" and c[1] <= ts and ts - c[1] <= 3]
    after = [e for s, e, k in cues if k == "not_used" and te <= s <= te + 3]
    if not before and not after:
        return False  # the ban is in another clause ("trialled X for a month, but it was not approved")
    end = max([te] + after)
    if end + 1 >= n or lows[end] not in _SCOPES:
        return False
    if lows[end] == "to" and lows[end + 1] in ("the", "a", "an", "our", "their", "its"):
        return False  # "not to use X to the full" is no purpose; nor "access to the X"
    return lows[end + 1] not in _WHOLE


def tool_statuses(words: Words, tools: list[tuple[int, int]], cues: list[tuple[int, int, str]]) -> list[str]:
    """Status of each tool span (token offsets within ``words``) from the cues of its clause."""
    segs = segments(words)

    def seg_of(i: int) -> int:
        for k, (s, e, _) in enumerate(segs):
            if s <= i < e:
                return k
        return len(segs) - 1

    inside = set()
    for ts, te in tools:
        inside.update(range(ts, te))
    cues = [c for c in cues if c[0] not in inside]  # "Co-pilot" is no pilot
    lowers, lemmas = words.low, words.lem
    future = not _FUTURE.isdisjoint(lowers)
    chosen_after = [e for s, e, k in cues if tuple(lemmas[s:e]) in _CHOICE_PHRASES]
    statuses: list[str] = []
    for ts, te in tools:
        k = seg_of(ts)
        s0, e0, _ = segs[k]
        local = [c for c in cues if s0 <= c[0] < e0]
        # "replace": the thing replaced is stopped, its replacement in use (or planned).
        rep = [c for c in local if lemmas[c[0]] == "replace" and c[2] == "stopped"]
        if rep:
            rs, re_, _ = rep[0]
            if ts >= re_:
                via = any(lowers[i] in ("by", "with") for i in range(re_, ts))
                # "the council is to replace X": X is still in use
                to_come = not _TO_COME.isdisjoint(lowers[max(0, rs - 3):rs])
                status = ("planned" if future else "in_use") if via else ("in_use" if to_come else "stopped")
            else:
                by = re_ < len(lowers) and lowers[re_] == "by"
                status = ("in_use" if future else "stopped") if by else ("planned" if future else "in_use")
            statuses.append(status)
            continue
        if _supplied(words, segs[k], ts, te):
            statuses.append("supplied")
            continue
        moved = _moved(words, segs[k], ts, future)
        if moved:
            statuses.append(moved)
            continue
        local = _cues_for(words, local, ts, te)
        if te < e0 and lemmas[te] in _SELF_SUPPLY and lowers[te] != "provided":
            statuses.append("supplied")  # "Mind Of My Own provides apps that ..."
            continue
        status = _pick(local, ts, te, lemmas)
        status = _construction(words, local, ts, te, s0, status, cues)
        # a later change of state close by in the same clause wins: "X roll-out is on hold"; not after
        # "data used with X", whose verb speaks of the data
        strong = [c for c in local if c[2] in ("stopped", "not_used") and te <= c[0] <= te + _STATE_REACH
                  and lemmas[c[0]] != "replacement"]
        if strong and status not in ("stopped", "not_used") and not _instrument(words, ts, s0):
            status = strong[0][2]
        # later clauses without a tool: "X was trialled but rejected", ", so it was removed", "but we don't"
        for j in range(k + 1, len(segs)):
            s1, e1, opener = segs[j]
            if any(s1 <= a < e1 for a, _ in tools):
                break
            if opener in (";", ":"):
                break
            if opener == "(":  # an aside: "X (technology from Y) was dropped" reads past it
                continue
            later = [c[2] for c in cues if s1 <= c[0] < e1 and not _amount_fell(words, c)
                     and not _replaces_something(words, c)]
            seg_words = set(lowers[s1:e1])
            if opener == "which" and all(o == "," for _, _, o in segs[k + 1:j]) and not local:
                relative = [c[2] for c in _cues_for(words, [c for c in cues if s1 <= c[0] < e1], ts, te)]
                if relative and relative[0] != "mentioned":
                    status = relative[0]  # "the X app, which had been trialled since March"
                    break
            if any(c in ("stopped", "not_used") for c in later) and not seg_words & _OTHERS:
                status = next(c for c in later if c in ("stopped", "not_used"))
                break
            negative = seg_words & {"neither", "none", "not", "n't", "never", "nor"}
            if opener == "but" and negative:
                if status in ("planned", "piloting"):
                    status = "stopped"
                elif e1 - s1 <= 5 and seg_words & {"we", "us", "i"}:  # "..., but we don't"
                    status = "not_used"
                break
        if status in ("", "mentioned") and any(ts >= e for e in chosen_after):
            status = "in_use"
        if status == "mentioned" and ts > 0 and lowers[ts - 1] in {"our", "we"}:  # "our X licences cost ..."
            status = "in_use"
        if chosen_after and status in ("piloting", "planned") and not any(ts >= e for e in chosen_after):
            if any(seg_of(e) != k for e in chosen_after):
                status = "stopped"
        if status == "not_used" and _restricted(words, local, ts, te):
            status = "in_use"  # "asked not to use X to share ...", "X is not permitted for reviews"
        statuses.append(status or "in_use")
    return statuses

