"""Name rules added for the fourth writer's tuning set: each rule on sentences written for it, with
the look-alikes it must leave alone. Expected outputs are exact."""

from __future__ import annotations

import pytest

from synthesis.redact import Redactor


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


REDACTED = [
    # a surname in capitals, a comma, the first name(s), as in case records
    ("Subject: OKONJO, Amara - review due.", "Subject: [NAME] - review due."),
    ("Listed as DUBOIS, Marie Claire on the file.", "Listed as [NAME] on the file."),
    ("Young person: BRENNAN, Siobhan / Worker: none", "Young person: [NAME] / Worker: none"),
    # people described by a role, even one holding a product noun
    ("Jo, our assistant, and Priya, the app lead, agreed.", "[NAME], our assistant, and [NAME], the app lead, agreed."),
    ("The boy is called Tom; a worker is called Priya.", "The boy is called [NAME]; a worker is called [NAME]."),
    # a handle after its network and a comma
    ("His TikTok handle, deano_07, was in the log.", "His TikTok handle, [HANDLE], was in the log."),
    # a family title before a name, as an honorific is; a keyworker is had only by a person
    ("We met Grandad Ted and Nanny Bisi there.", "We met Grandad [NAME] and Nanny [NAME] there."),
    ("Shireen's keyworker was off sick.", "[NAME]'s keyworker was off sick."),
    # capitalised words listed after a plural family noun, even words
    ("Their children, Harper, Mason and Ivy, moved.", "Their children, [NAME], [NAME] and [NAME], moved."),
    ("The twins Bay and Storm are five.", "The twins [NAME] and [NAME] are five."),
    # a word right before a role given between commas; Sunday as a first name
    ("Mack, our youth worker, was off.", "[NAME], our youth worker, was off."),
    ("We met Dusty, her nan, at home.", "We met [NAME], her nan, at home."),
    ("Sunday Okorie is a carer; on Sunday Okorie rang.", "[NAME] is a carer; on Sunday [NAME] rang."),
    # an honorific in lower case and a surname, with initials
    ("then mrs okafor and dr. nwosu rang", "then [NAME] and [NAME] rang"),
    ("carer mrs d. patel agreed", "carer [NAME] agreed"),
    # a person's name given, even one that is also a product's
    ("Child's name: Rio Adebayo-Smith", "Child's name: [NAME]"),
    ("Her name is Alexa and his nickname was Siri.", "Her name is [NAME] and his nickname was [NAME]."),
    # a web site named after a person
    ("Her blog is at https://amira-haddad.example.org/posts now.", "Her blog is at [URL] now."),
    # "Ask" as an instruction before a name
    ("Ask Oluwaseun about it, or ask Tom at reception.", "Ask [NAME] about it, or ask [NAME] at reception."),
    # a first name in brackets after a family noun; a possessive of what only people have
    ("dad (frank) rang and gran (Sky) wrote.", "dad ([NAME]) rang and gran ([NAME]) wrote."),
    ("her mum (sue) rang twice", "her mum ([NAME]) rang twice"),
    ("We misspelt Hope's name and quoted Ruby's words.", "We misspelt [NAME]'s name and quoted [NAME]'s words."),
    # a possessive and a family noun name the next word, even a place or a word
    ("We spoke to his sister Devon on Tuesday.", "We spoke to his sister [NAME] on Tuesday."),
    ("Their daughter Kendal and her son Hope came.", "Their daughter [NAME] and her son [NAME] came."),
    ("The boy's nickname Storm stuck.", "The boy's nickname [NAME] stuck."),
    # a word listed between two names is a name too
    ("The Osei household (Kwame, Penny and baby Ama) asked for it.",
     "The [NAME] household ([NAME], [NAME] and baby [NAME]) asked for it."),
    ("Forms for Priya, Dusty and Tom were late.", "Forms for [NAME], [NAME] and [NAME] were late."),
    # a nickname in brackets or quotes right after a name
    ("Oluwaseun (Seun) came on Monday.", "[NAME] ([NAME]) came on Monday."),
    ("josephine ('jojo' to us) said no.", "[NAME] ('[NAME]' to us) said no."),
    ('Margaret "Peggy" Doyle rang twice.', '[NAME] "[NAME]" [NAME] rang twice.'),
    # Welsh particles between the first name and the surname
    ("Rhodri ap Gwilym and Owain ab Ithel joined.", "[NAME] and [NAME] joined."),
    # an initial after a first name; initials used as a name
    ("The form names Kwame A. as the child.", "The form names [NAME] [NAME]. as the child."),
    ("TJ and his brother moved; TJ likes it.", "[NAME] and his brother moved; [NAME] likes it."),
    ("RJ (9) came with TJ's dad.", "[NAME] (9) came with [NAME]'s dad."),
    # a first name that is also a month or a place, right before a surname
    ("April Nowak and June Adeyemi chaired it.", "[NAME] and [NAME] chaired it."),
    ("India Fairweather-Jones wrote to us.", "[NAME] wrote to us."),
    # user names in brackets after a name: hyphenated, or with the platform named
    ("Ruth Okafor (rokafor-hr) sent it.", "[NAME] [HANDLE] sent it."),
    ("Dev Sharma (d_sharma on Slack) posted it.", "[NAME] ([HANDLE] on Slack) posted it."),
    # a name that is also a word, with what the person is in brackets after it
    ("Ivy (care leaver, 18) tried the chatbot.", "[NAME] (care leaver, 18) tried the chatbot."),
    ("Summer (foster child) drew a picture.", "[NAME] (foster child) drew a picture."),
]

KEPT = [
    # capitals that are acronyms, bodies or words, before a comma and a name
    ("ICT, Sarah and the DPO met.", "ICT, [NAME] and the DPO met."),
    ("OFSTED, CAFCASS, Barnardo's and NSPCC were there.", "OFSTED, CAFCASS, Barnardo's and NSPCC were there."),
    ("URGENT, Please reply by Friday.", "URGENT, Please reply by Friday."),
    ("NOTE, Magic Notes is not approved.", "NOTE, Magic Notes is not approved."),
    # products, bodies and organisations after such a noun; a product's name
    ("Her mum Teams us daily; his dad Copilot.", "Her mum Teams us daily; his dad Copilot."),
    ("The tool's name Beam came from a vote.", "The tool's name Beam came from a vote."),
    ("Her son Leeds City Council placed him.", "Her son Leeds City Council placed him."),
    ("We work with our partner Bradford on it.", "We work with our partner Bradford on it."),
    # places, products and bodies listed between names
    ("Visits by Priya, Teams and Tom.", "Visits by [NAME], Teams and [NAME]."),
    ("Visits by Priya, Barnardo's and Tom.", "Visits by [NAME], Barnardo's and [NAME]."),
    ("Priya, Leeds and Tom.", "[NAME], Leeds and [NAME]."),
    # places, roles, acronyms, products and quoted words after a name
    ("Jo Smith (Leeds) met Sarah (Manager) and Tom (HR).", "[NAME] (Leeds) met [NAME] (Manager) and [NAME] (HR)."),
    ("Amir ('Teams') and Priya 'said' it was fine.", "[NAME] ('Teams') and [NAME] 'said' it was fine."),
    # a particle-like word before a lower-case word
    ("Tom ab initio rejected it.", "[NAME] ab initio rejected it."),
    # acronyms before a pronoun, a possessive or a year; an article after a word
    ("IT and his team said no; HR and her manager agreed.", "IT and his team said no; HR and her manager agreed."),
    ("The NHS's data and UK (2024) figures.", "The NHS's data and UK (2024) figures."),
    ("We chose Plan A. It worked.", "We chose Plan A. It worked."),
    # months in dates, places before organisations and streets
    ("in April Nowak said no; on 3 June Adeyemi rang.", "in April [NAME] said no; on 3 June [NAME] rang."),
    ("Devon County Council and Chelsea Bridge Road.", "Devon County Council and Chelsea Bridge Road."),
    ("We met in May 2024 and June 2025.", "We met in May 2024 and June 2025."),
    # hyphenated words, and words with a platform, in brackets
    ("Sarah Jones (well-being) and Tom Smith (e-learning).", "[NAME] (well-being) and [NAME] (e-learning)."),
    ("Amy Hill (notes on Teams) and the pilot (auto-save).", "[NAME] (notes on Teams) and the pilot (auto-save)."),
    # such words before groups of people and possessives in brackets
    # schools named after a first name
    ("Pupils at Ivy Bank Primary and Rose Hill Infants took part.",
     "Pupils at Ivy Bank Primary and Rose Hill Infants took part."),
    # words after a network and a comma
    ("Her snapchat, which she rarely uses, was checked.", "Her snapchat, which she rarely uses, was checked."),
    # a family title before a body
    ("Cousin Council and Uncle Teams", "Cousin Council and Uncle Teams"),
    # plural family nouns before laws, bodies, dates and words
    ("Under the Children Act 1989 and their children Social Care.", "Under the Children Act 1989 and their children Social Care."),
    ("For the children Christmas was hard; the kids Monday to Friday.",
     "For the children Christmas was hard; the kids Monday to Friday."),
    # a product's name; a body after "her name"
    ("The app's name is Mosaic. Her name: Council.", "The app's name is Mosaic. Her name: Council."),
    # a product named as an instruction, used as the subject
    ("Ask Maxine gave the wrong threshold; Ask Jules told her no.", "Ask Maxine gave the wrong threshold; Ask Jules told her no."),
    # Welsh and Scottish council areas, and languages
    ("Staff in Ceredigion, Rhondda Cynon Taf and Inverclyde tested Tigrinya and Kurmanji.",
     "Staff in Ceredigion, Rhondda Cynon Taf and Inverclyde tested Tigrinya and Kurmanji."),
    # products, places and bodies before a role between commas
    ("Beam, our partner, Leeds, our neighbour, and Ofsted, our regulator.",
     "Beam, our partner, Leeds, our neighbour, and Ofsted, our regulator."),
    # lower-case honorifics before words and products
    ("we miss out when ms teams drops and the dr said no", "we miss out when ms teams drops and the dr said no"),
    # sites named after words, bodies or names that are also words
    ("See https://grace-academy.example.org and https://tom-cat.example.com/a.",
     "See https://grace-academy.example.org and https://tom-cat.example.com/a."),
    # words in brackets after a family noun
    ("Add the mum (optional) and dad (tbc) fields.", "Add the mum (optional) and dad (tbc) fields."),
    # a product named like a person: described right after, or "called" after a product noun
    ("Ada, our virtual assistant, books rooms.", "Ada, our virtual assistant, books rooms."),
    ("The chatbot is called Nora and the app was named Olive.", "The chatbot is called Nora and the app was named Olive."),
    ("The Grace (people first) policy and Hope (child's voice) work.",
     "The Grace (people first) policy and Hope (child's voice) work."),
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_name_rules_redact(redactor, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize(("text", "expected"), KEPT)
def test_name_rules_keep_look_alikes(redactor, text, expected):
    assert redactor.redact(text) == expected
