"""Personal data -> placeholders, before any free text is published (SPEC §4 "Personal data").

What is replaced, and by what::

``[EMAIL]``         e-mail addresses, also written out ("jo.smith at essex dot gov dot uk")
``[PHONE]``         UK numbers in any grouping ("01632 960 123", "07700.900.123", "07 700 900
                    123", "(020) 7946 0958"), with +44, 0044 or a bare 44 ("447700900123"),
                    and international ones starting with ``+`` or ``00``; an extension
                    right after the number goes with it ("... ext 4321", "(extn 21)", "x4321")
``[POSTCODE]``      full UK postcodes in any case ("SW1A 1AA", "m1 1ae")
``[NI_NUMBER]``     National Insurance numbers ("QQ 12 34 56 C", "QQ123456C")
``[NHS_NUMBER]``    10-digit NHS numbers, usually written 3-3-4 ("943 476 5919"), in any
                    grouping after "NHS" or "CHI" ("NHS number 9434 765 919")
``[PASSPORT]``      a number after "passport" ("passport number 502135326", "passport P4366918")
``[DRIVING_LICENCE]`` UK driving-licence numbers, spaced or not ("MORGA657054SM9IJ")
``[CASE_REF]``      case and file references ("CR-2024-001234", "LCS-123456"; "case ref 55123"
                    after a cue) and other runs of 8+ digits; not contract, ticket or
                    purchase-order numbers ("CCS-2024-0045", "INC0012345")
``[DATE_OF_BIRTH]`` a date marked as a date of birth, in figures or words ("DOB 12/03/2011",
                    "born on the third of March twenty eleven", "born 2013"); the marker
                    words stay
``[ADDRESS]``       house number + street ("12 High Street"), flats and named buildings
                    ("Flat 2, Rosebank House, Mill Lane", "Flat 3/2"), a street after "lives
                    at", the village after it ("4 Mill Lane, Great Ayton"); a known town or
                    authority after it stays ("12 Elm Grove, Rochdale")
``[HANDLE]``        social-media handles ("@janesmith_sw", "his snapchat is tyler_r_2011",
                    "Discord: nightowl#4821", "a user called bluefox_2011"); organisations'
                    accounts ("@LGAcomms") are kept; user names in brackets after or instead of
                    a name ("Jo Smith (jsmith)", "(j.smith)", "(jdoe)", "(jpatel-ict)",
                    "(mi_iqbal on Teams)": the user name only); ordinary words,
                    acronyms, products and versions in brackets stay ("(optional)", "(3.8.0)");
                    user names after a label ("Owner: JSmith", "user r_vaughan", "owned by
                    r_darwin", "skype id ellen.m.home", "Teams name d_okoro") and on their
                    own: listed names and initials joined by "." or "_" ("bob.lee",
                    "j_smith2", "priya.k"), a login with its domain ("DOMAIN\\jsmith"), a
                    first name and surname run together before a suffix ("sarahjenkins-ai");
                    not "Power.BI", "node.js", "e.g.", "case_notes", "report.pdf"
``[IP_ADDRESS]``    IPv4 and IPv6 addresses ("192.168.10.24", "fe80::1c2b:3a4f"); not version
                    numbers ("version 1.2.3.4", "3.8.0")
``[URL]``           *personal* web addresses only: social-media profiles, personal sites and
                    blogs, OneDrive/SharePoint areas, staff, profile and child or client
                    pages, and addresses whose path or host holds a listed name or a first
                    name and surname ("example.org/news/sarah-jenkins", ".../leo-castellano",
                    "phoebe-lawson.example.org").
                    Public web addresses (a council's site, gov.uk pages) are kept.
``[NAME]``          names of people (children, families, staff), titles included
                    ("Mr Patel" -> "[NAME]", "Dr. A. Khan" -> "[NAME]"), and words in
                    Arabic, Chinese, Cyrillic and other non-Latin scripts

How names are found, cheapest first:

1. rules over a light regex tokenisation (no spaCy):
   - an honorific + initials/capitalised words ("Mr Patel", "Dr. A. Khan", "Mrs Van der Merwe");
   - a first name from ``data/first_names.txt`` (about 1,240, from many origins) + capitalised
     surname (``data/surnames.txt``): "Sarah Jenkins", "Priya"; in lower case too ("sarah
     jenkins") unless it is also a word ("will", "tom"); names that are ordinary words ("Grace",
     "Will", "Summer") need a surname or a cue: "with Rose about", "Hunter, aged 4", "Bill from
     IT", "Frank was frank", "Grandma Pearl", "Summer and her brother", or what follows saying
     it is a person ("Rose, who ...", "Grace is nine", "River is a seven-year-old", "Sunny is
     his nickname", "Mark went into care", "Autumn and Storm are twins"); not when it is said
     of a feeling ("Joy was expressed"); hyphenated first names ("Sophie-Louise", "ellie-may");
   - a name just before an address ("Colette Ferreira, 3 Willow Court"), a full name run
     together in a file name ("visit_NguyenVanMinh.m4a"), a name whose accents were mangled
     by a wrong decoding ("SiÃ¢n"), a lower-case particle before a surname ("al-Hashimi"),
     an initial after a name ("Priya S.");
   - family names ("the Nguyen children", "the Patels", "the Hendersons", "the singh
     family"); the other half of a name already
     redacted ("DeShawn [NAME]"); runs of Chinese, Vietnamese and Korean name words
     (``data/east_asian_names.txt``: "Le Van Thanh", "Zhang Min");
   - cues: "contact X", "a child called X", "called the boy \"X\"", "my social worker X",
     "the young person, jade,", "we asked summer what", "Dear X", "X said",
     "X Y (Head of Service)", "X, aged 7", "X's mum", "A and [NAME]" (lists of names);
   - family nouns and titles: "her brother Lincoln", "the child's name Florence", "her name is
     Alexa", "Grandad Ted", "mum (sue)", "their children, Harper, Mason and Ivy", "[Kevin], Jenny
     and baby [Oscar]", "Mack, our youth worker,"; nicknames right after a name ("Temitope
     (Tope)", "('paddy' to everyone)"); record forms "MENSAH, Kojo", "mrs khan", "Tobi A.",
     initials as a name ("AJ and his sister"); a month or place as a first name before a surname
     ("June Okoro", "Chelsea Walker-Brown"); the particles "ap" and "ab" ("Dafydd ap Rhys");
   - an unusual capitalised word inside a sentence (not an English word -- the English
     pipeline's lemmatizer word index, inflections included -- and not on the allow-lists
     of products, places, local authorities and organisations) is taken as a name unless
     the text shows it is a product ("we piloted X", "the X app"), a place ("in X") or is
     listed with known products or places ("Genie, Beam and X");
   - a capitalised phrase the sentence shows to be a product stays even when it holds a first
     name ("we use Millie", "tested Ask Jules", "our chatbot Millie", "Beam, Millie and
     Otter", "Dr Foster data", "Dora, our digital assistant,", "the assistant is called Millie",
     "Ask Jules gave ..."), and so does an organisation named after its role ("the supplier,
     Netcall,");
   - a word found to be a name is redacted everywhere else in the same text.
2. spaCy's statistical NER (``PERSON``), run only on the sentences that still hold an
   unexplained capitalised word, through ``nlp.pipe`` with only ``ner`` enabled. Its
   ``PERSON`` entities are filtered: products, places, organisation names (and words right
   before "Council", "NHS", ...) and words in a product context are dropped.

Modules: ``spans`` (placeholders, merging and replacing), ``words`` (the word lists),
``structured`` (identifiers with a shape), ``tokens`` (the light tokenisation), ``names`` (the
name rules, the NER and :class:`Redactor`), ``published`` (:func:`redact`, short values,
pseudonyms). Everything other modules use is imported from ``synthesis.redact``.

Measured on the labelled benchmark in ``benchmarks/pii/`` (six files by four writers who had not
seen these rules; ``python benchmarks/pii.py``, 2026-12-02). Tuning sets, whose misses were read
while writing the rules: ``dev.jsonl`` recall 1.000 (174 of 174), 1 of 169 keep phrases wrongly
redacted; ``dev2.jsonl`` 0.996 (225 of 226), 2 of 400; ``dev3.jsonl`` 0.980 (287 of 293; names
215 of 216), 5 of 406; ``dev4.jsonl`` 1.000 (249 of 249; names 176 of 176), 4 of 380. Held out,
never read, run for their figures only: ``test.jsonl`` 0.938 (166 of 177; names 85 of 92), 4 of
184 keep phrases wrongly redacted; ``test2.jsonl`` 0.918 (201 of 219; names 112 of 125), 4 of 372.
The target of 0.99 is met on the tuning sets only: expect about one identifier in twelve to
sixteen in unseen text to be missed, names most of all.

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

from synthesis.redact.spans import (
    ADDRESS, CASE_REF, DATE_OF_BIRTH, DRIVING_LICENCE, EMAIL, HANDLE, IP_ADDRESS, NAME, NHS_NUMBER, NI_NUMBER,
    PASSPORT, PHONE, PLACEHOLDERS, POSTCODE, Span, URL
)
from synthesis.redact.words import (
    AMBIGUOUS_FIRST_NAMES, COMMON_CAPITALISED, EAST_ASIAN_NAMES, HONORIFICS, NON_PERSON_WORDS,
    ORG_SUFFIX_WORDS, ORG_WORDS, PERSON_NOUNS, PLACE_WORDS, PRODUCT_WORDS, SURNAMES, TOOL_NOUNS, first_names
)
from synthesis.redact.tokens import NER_CONTEXT, tokenise
from synthesis.redact.names import Redactor
from synthesis.redact.published import (
    PSEUDONYM_CHARS, default_redactor, is_personal_data, pseudonym_key, pseudonymise, redact, redact_value
)
