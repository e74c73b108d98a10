"""Tests for the personal-data kinds of issue 13, candidate tool names, short published strings,
pseudonyms, and the benchmark scorer (benchmarks/pii.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from synthesis.redact import (
    CASE_REF, DATE_OF_BIRTH, DRIVING_LICENCE, HANDLE, NAME, PASSPORT, PHONE, URL, ADDRESS,
    Redactor, is_personal_data, pseudonym_key, pseudonymise, redact_value,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


# (text, substring that must go, its placeholder)
KINDS = [
    ("Call 0044 7700 900123 after six.", "0044 7700 900123", PHONE),
    ("Call 07700.900.123 after six.", "07700.900.123", PHONE),
    ("Call 07 700 900 123 after six.", "07 700 900 123", PHONE),
    ("The number on file was 447700900123 in the import.", "447700900123", PHONE),
    ("born on the third of March twenty eleven", "the third of March twenty eleven", DATE_OF_BIRTH),
    ("date of birth: first May two thousand and nine", "first May two thousand and nine", DATE_OF_BIRTH),
    ("Case CR-2024-001234 was opened.", "CR-2024-001234", CASE_REF),
    ("The file LCS-123456 was closed.", "LCS-123456", CASE_REF),
    ("case ref 55123 was the one", "55123", CASE_REF),
    ("passport number 502135326 was visible", "502135326", PASSPORT),
    ("licence MORGA657054SM9IJ was scanned", "MORGA657054SM9IJ", DRIVING_LICENCE),
    ("She lives at Flat 2, Rosebank House, Mill Lane now.", "Flat 2, Rosebank House, Mill Lane", ADDRESS),
    ("follow @janesmith_sw for updates", "@janesmith_sw", HANDLE),
    ("his snapchat is tyler_r_2011 apparently", "tyler_r_2011", HANDLE),
    ("see https://example.org/staff/jane-smith for her profile", "https://example.org/staff/jane-smith", URL),
    ("see linkedin.com/in/jane-smith-12345 for her profile", "linkedin.com/in/jane-smith-12345", URL),
]


@pytest.mark.parametrize(("text", "secret", "placeholder"), KINDS)
def test_issue_13_kinds_are_redacted(redactor, text, secret, placeholder):
    assert redactor.redact(text) == text.replace(secret, placeholder)


NAMES = [
    ("I spoke with Rose about the pilot.", "Rose"),
    ("Summer was placed with her aunt.", "Summer"),
    ("Hunter, aged 4, was at the visit.", "Hunter"),
    ("Bill from IT sorted the licences.", "Bill"),
    ("we spoke to jonny and kerry-ann about it", "kerry-ann"),
    ("DeShawn [NAME] and his sister", "DeShawn"),
    ("The Chaudhary family asked about storage.", "Chaudhary"),
    ("The Nguyen children were referred.", "Nguyen"),
    ("Le Van Thanh runs the community association.", "Le Van Thanh"),
    ("Li Wei and Zhang Min reported it.", "Zhang Min"),
    ("Fatima bint Khalid attended.", "Khalid"),
    ("His name is محمد and he is 9.", "محمد"),
    ("The Jayden Smith App was co-designed.", "Jayden Smith"),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
def test_issue_13_names_are_redacted(redactor, text, name):
    out = redactor.redact(text)
    assert name not in out and NAME in out, out


KEEP = [
    "We use Mind Of My Own and Magic Notes.",
    "We will review it in the summer.",
    "There is a grace period of 30 days.",
    "Faith groups and the Summer School were consulted.",
    "my social worker will help",
    "The contract ref is CCS-2024-0045.",
    "Ticket INC0012345 logged with IT.",
    "Tag us @LGAcomms for updates.",
    "Tel. 0161 496 0999",
    "the Alan Turing Institute is doing a study",
    "We opened an office in Hong Kong.",
    "Versions 3.2.1 and 01.02.2023 10.30 logs.",
]


@pytest.mark.parametrize("text", KEEP)
def test_look_alikes_are_kept(redactor, text):
    out = redactor.redact(text)
    if text.startswith("Tel."):
        assert out == "Tel. [PHONE]"
    else:
        assert out == text


# --- candidate tool names -------------------------------------------------------------------

@pytest.mark.parametrize(("candidate", "context"), [
    ("Tyler", "A boy called Tyler, aged 7, was referred after the tool flagged him."),
    ("Jayden Smith", "We piloted the Jayden Smith app with families."),
    ("Nguyen", "The tool helped us support the Nguyen children."),
    ("Jayden Smith", None),
    ("Kevin McAllister", "Our team built an in-house tool, Kevin McAllister Bot, for case summaries."),  # red team
    ("JohnSmithNotes", "We write our notes in JohnSmithNotes."),
])
def test_personal_tool_names(candidate, context):
    assert is_personal_data(candidate, context)


@pytest.mark.parametrize(("candidate", "context"), [
    ("Zephyrine Casebook", "We built our own tool called Zephyrine Casebook."),
    ("Magic Notes", "We use Magic Notes for visits."),
    ("Mind Of My Own", None),
])
def test_tool_names_that_are_not_personal(candidate, context):
    assert not is_personal_data(candidate, context)


def test_extraction_keeps_no_personal_discovered_tool():
    from synthesis.extract import analyse_texts

    texts = ["A boy called Tyler, aged 7, was referred after the tool flagged him.",
             "We piloted the Jayden Smith app with families.",
             "We use our own tool called Zephyrine Casebook.",
             "Our team built an in-house tool, Kevin McAllister Bot, for case summaries.",
             # red team 7: the surname redacted in "built by [NAME]" would be given back by the tool's name
             "We are piloting Thornbury-Smith Notes, an app for transcription of visits, built by Margaret Thornbury."]
    labels = [set(r["mentions"]["label"][i] for i, k in enumerate(r["mentions"]["kind"]) if k == "tool")
              for r in analyse_texts(texts)]
    assert "Tyler" not in labels[0] and "Jayden Smith" not in labels[1]
    assert "Zephyrine Casebook" in labels[2]
    assert not any("McAllister" in label for label in labels[3])
    assert not any("Thornbury" in label for label in labels[4])


# --- short strings and pseudonyms ---------------------------------------------------------------

def test_redact_value_reads_file_name_separators():
    assert redact_value("jane_smith_responses.csv") == "[NAME]_responses.csv"
    assert redact_value("jane.smith@example.org") == "[EMAIL]"
    assert redact_value("South East") == "South East"
    assert redact_value(None) == ""


def test_pseudonyms_are_keyed_stable_and_distinct():
    key = pseudonym_key(b"respondent_id\njane.smith@example.org\n")
    ids = ["jane.smith@example.org", "R2", "R3"]
    first = pseudonymise(ids, key)
    assert first == pseudonymise(reversed(ids), key)
    assert len(set(first.values())) == 3
    assert all(p.startswith("R-") and "jane" not in p for p in first.values())
    assert pseudonymise(ids, pseudonym_key(b"other input")) != first
    with pytest.raises(ValueError):
        pseudonymise(ids, b"")


# --- the benchmark scorer -------------------------------------------------------------------------

def _scorer():
    spec = importlib.util.spec_from_file_location("pii_benchmark", ROOT / "benchmarks" / "pii.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_scorer_on_a_hand_made_file(tmp_path):
    pii = _scorer()
    rows = [
        {"text": "Ask Sarah Jenkins on 07700 900123.", "identifiers": [
            {"text": "Sarah Jenkins", "kind": "NAME"}, {"text": "07700 900123", "kind": "PHONE"}],
         "keep": [{"text": "Ask"}]},
        {"text": "Flat 2, Mill Lane, and Beam.", "identifiers": [{"text": "Flat 2, Mill Lane", "kind": "ADDRESS"}],
         "keep": [{"text": "Beam"}]},
    ]
    path = tmp_path / "hand.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")

    def find_many(texts):  # a fake redactor: the name and half the address, and the kept "Beam"
        spans = {"Ask Sarah Jenkins on 07700 900123.": [(4, 17, NAME)],
                 "Flat 2, Mill Lane, and Beam.": [(0, 6, ADDRESS), (23, 27, NAME)]}
        return [spans[t] for t in texts]

    result = pii.score(pii.load(path), find_many)
    assert dict(result.total) == {"NAME": 1, "PHONE": 1, "ADDRESS": 1}
    assert dict(result.found) == {"NAME": 1}
    assert result.recall == pytest.approx(1 / 3)
    assert (result.keep_redacted, result.keep_total) == (1, 2)
    assert "| NAME | 1 | 1 | 1.000 |" in pii.report("hand", result)


def test_scorer_names_a_bad_line(tmp_path):
    pii = _scorer()
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Hi Jo", "identifiers": [{"text": "Sam", "kind": "NAME"}]}\n', "utf-8")
    with pytest.raises(pii.BenchmarkError, match=r"bad.jsonl:1: 'Sam' does not occur"):
        pii.load(path)


def test_scorer_lists_misses_of_tuning_sets_only(tmp_path, monkeypatch, capsys):
    pii = _scorer()
    row = {"text": "The reference was zq-77.", "identifiers": [{"text": "zq-77", "kind": "CASE_REF"}], "keep": []}
    tuning, held_out = tmp_path / "tune.jsonl", tmp_path / "held.jsonl"
    for path in (tuning, held_out):
        path.write_text(json.dumps(row) + "\n", "utf-8")
    monkeypatch.setattr(pii, "TUNING_FILES", (tuning,))
    monkeypatch.setattr(pii, "HELD_OUT_FILES", (held_out,))
    monkeypatch.setattr(pii, "DEFAULT_FILES", (tuning, held_out))
    assert pii.main(["--misses"]) == 0
    out = capsys.readouterr().out
    assert "### tune.jsonl (tuning)" in out and "### held.jsonl (held out)" in out
    assert "tune.jsonl:1: CASE_REF 'zq-77'" in out
    assert "held.jsonl:1:" not in out
