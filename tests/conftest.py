"""Shared fixtures: tiny hand-written tables of the documented shapes, and the briefing built once."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample" / "responses.csv"

_XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


@pytest.fixture
def responses() -> pd.DataFrame:
    """Six respondents: three local authorities (one confidential), a provider, a charity and a supplier."""
    rows = [
        ("R1", "Local authority", "London", "E09000002", "2025-03-01T10:00:00", False, "In use", ["Commercial"], "Extensive"),
        ("R2", "Local authority", "London", "E09000003", "2025-03-01T12:00:00", True, "Piloting", ["Commercial", "In-house"], "Limited"),
        ("R3", "Local authority", "North East", "E06000001", "2025-03-03T09:30:00", False, "Not using", ["Not applicable"], "Not at all"),
        ("R4", "Children's social care provider", "London", None, "2025-03-04T16:00:00", False, "Planning", [], None),
        ("R5", "Voluntary or community sector", "South West", None, "not a date", False, None, ["In-house"], "Don't know"),
        ("R6", "Technology supplier", "National", None, "2025-03-04T08:00:00", False, "In use", ["Commercial"], "Moderate"),
    ]
    cols = ["respondent_id", "organisation_type", "region", "la_code", "submitted_at", "confidential", "uses_ai", "tool_source", "single_view"]
    frame = pd.DataFrame(rows, columns=cols)
    frame.insert(0, "source_row", range(1, len(frame) + 1))
    frame["organisation_name"] = ["Barking", "Barnet", "Hartlepool", "Care Co", _XSS, "Vendor Ltd"]
    return frame


def _mention(rid, qid, kind, label, text, sentence, negated=False, status=None, vendor=None, category=None, provenance=None, known=None):
    return {
        "respondent_id": rid, "question_id": qid, "kind": kind, "label": label, "text": text, "start": 0,
        "end": len(text), "sentence": sentence, "negated": negated, "status": status, "vendor": vendor,
        "category": category, "provenance": provenance, "known": known,
    }


@pytest.fixture
def mentions() -> pd.DataFrame:
    mn = "We use Magic Notes to transcribe home visits and it saves hours."
    rows = [
        _mention("R1", "tools_used", "tool", "Magic Notes", "Magic Notes", mn, status="in_use", vendor="Beam", category="transcription", provenance="commercial", known=True),
        _mention("R1", "tools_used", "theme", "use.transcription", "transcribe", mn),
        _mention("R1", "impact", "theme", "impact.time_saving", "saves hours", "It saves hours every week for social workers."),
        _mention("R1", "barriers", "theme", "barrier.funding", "funding", "Funding is the main barrier for us."),
        _mention("R1", "barriers_overcome", "theme", "governance.evaluation", "pilot", "We ran a small pilot to build the case."),
        _mention("R2", "tools_used", "tool", "Magic Notes", "Magic Notes", "We are piloting Magic Notes.", status="piloting", vendor="Beam", category="transcription", provenance="commercial", known=True),
        _mention("R2", "tools_used", "tool", "Microsoft Copilot", "Copilot", "Copilot drafts letters.", status="in_use", vendor="Microsoft", category="assistant", provenance="commercial", known=True),
        _mention("R2", "tools_used", "theme", "use.drafting", "drafts letters", "Copilot drafts letters."),
        _mention("R2", "barriers", "theme", "barrier.funding", "cost", "The cost is high."),
        _mention("R2", "barriers", "theme", "barrier.skills", "skills", "We lack data skills."),
        _mention("R3", "tools_used", "tool", "Magic Notes", "Magic Notes", "We stopped using Magic Notes last year.", negated=True, status="stopped", vendor="Beam", category="transcription", provenance="commercial", known=True),
        _mention("R3", "risks_ethics", "theme", "risk.privacy", "data protection", "Data protection is our first concern."),
        _mention("R3", "risks_ethics", "theme", "risk.bias", "bias", "We do not see bias as a problem.", negated=True),
        _mention("R4", "tools_used", "tool", _XSS, _XSS, "We built " + _XSS + " ourselves.", status="in_use", category=None, provenance="in-house", known=False),
        _mention("R4", "tools_used", "theme", "use.transcription", "record", "We record visits with " + _XSS + " and transcribe them."),
        _mention("R6", "tools_used", "tool", "Microsoft Copilot", "Copilot", "We do not use Copilot.", negated=True, status="not_used", vendor="Microsoft", category="assistant", provenance="commercial", known=True),
    ]
    return pd.DataFrame(rows)


@pytest.fixture
def sentences() -> pd.DataFrame:
    rows = [
        ("R1", "tools_used", 0, "We use Magic Notes to transcribe home visits and it saves hours.", ["use.transcription"], ["Magic Notes"]),
        ("R1", "impact", 0, "It saves hours every week for social workers.", ["impact.time_saving"], []),
        ("R1", "support_needed", 0, "National guidance on procurement frameworks would help.", [], []),
        ("R2", "tools_used", 0, "Copilot drafts letters to families in plain English.", ["use.drafting"], ["Microsoft Copilot"]),
        ("R2", "support_needed", 0, "Clear national guidance on procurement would help us.", [], []),
        ("R3", "risks_ethics", 0, "Data protection is our first concern when we look at new tools.", ["risk.privacy"], []),
        ("R4", "tools_used", 0, "We record visits with " + _XSS + " and transcribe them.", ["use.transcription"], [_XSS]),
        ("R4", "support_needed", 0, "Funding.", [], []),
        ("R6", "tools_used", 0, "We sell software to councils.", [], []),
    ]
    frame = pd.DataFrame(rows, columns=["respondent_id", "question_id", "sentence_index", "sentence", "themes", "tools"])
    frame.insert(3, "start", 0)
    frame.insert(4, "end", frame["sentence"].str.len())
    return frame


@pytest.fixture
def local_authorities() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("E09000002", "Barking and Dagenham", "London", "E09000002"),
            ("E09000003", "Barnet", "London", "E09000003"),
            ("E06000001", "Hartlepool", "North East", "E06000001"),
            ("E06000063", "Cumberland", "North West", "E10000006"),
            ("E06000064", "Westmorland and Furness", "North West", "E10000006"),
            ("E06000099", "Newshire", "South West", "E06000099"),
        ],
        columns=["la_code", "name", "region", "hex_code"],
    )


@pytest.fixture
def hexjson() -> dict:
    return {
        "layout": "odd-r",
        "hexes": {
            "E09000002": {"n": "Barking and Dagenham", "q": 15, "r": 5},
            "E09000003": {"n": "Barnet", "q": 11, "r": 8},
            "E06000001": {"n": "Hartlepool", "q": 10, "r": 18},
            "E10000006": {"n": "Cumbria", "q": 6, "r": 17},
        },
    }


def chromium_path() -> str | None:
    """Path of the Chromium used by the browser tests, or ``None``."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def need_chromium() -> str:
    """Chromium's path and the playwright package, or skip (fail under ``CI=true``: CI must run the browser tests)."""
    path = chromium_path()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium (or the playwright package) is missing, and CI=true: install it (see .ci/run)")
        pytest.skip("Chromium or playwright is not installed")
    return path


XSS_ID = "XSS-TEST-0001"
#: A sentence that starts like a spreadsheet formula (in the XSS respondent's answer on impact).
FORMULA = '=HYPERLINK("http://example.org/x","Magic Notes")'
XSS_QUOTE = "We record visits with Magic Notes <script>window.__xss = 3</script> and it saves our social workers hours."


#: Personal details planted in an answer; none of them may reach a run folder's published files.
PLANTED_PII = ["Priya Ramaswamy", "priya.ramaswamy@example.org", "07700 900461", "LS1 4AP"]
PLANTED_PII_ANSWER = (
    "We use Magic Notes to record visits. For details contact Priya Ramaswamy on 07700 900461 or "
    "priya.ramaswamy@example.org, Civic Hall, LS1 4AP."
)


#: More hostile rows of issue 13 (see :func:`crafted_input`): an e-mail address as a respondent id, a region
#: and an organisation type outside the option list, and a tool that only a confidential respondent names
#: (the same sentence from a respondent not in confidence names :data:`CONTROL_TOOL`, which is published).
EMAIL_ID = "jane.smith@example.org"
UNLISTED_REGION = "Zarnovia Vale"
UNLISTED_TYPE = "Quellbridge collective"
CONFIDENTIAL_TOOL = "Zephyrine Casebook"
CONTROL_TOOL = "Quillmark Casebook"
TOOL_ANSWER = "We use {} to record home visits and write case notes."
#: The region the filtered briefing of the crafted input covers: two respondents in it are confidential.
REGION = "South East"
#: The input's file name holds an e-mail address, and the title one too: neither may be published.
INPUT_NAME = f"{EMAIL_ID}_responses_with_payloads.csv"
TITLE = f"Briefing for {EMAIL_ID}"


def crafted_input(folder: Path, keep: int | None = None) -> Path:
    """The shipped sample plus a respondent whose answers carry script payloads, one with planted personal
    details, a duplicate row that must be excluded, and the rows of :data:`EMAIL_ID` and what follows it."""
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    if keep is not None:
        sample = sample.head(keep)
    row = sample.iloc[0].copy()
    row["respondent_id"] = XSS_ID
    row["organisation_name"] = _XSS
    row["organisation_type"] = "Local authority"
    row["confidential"] = "No"
    row["tools_used"] = XSS_QUOTE
    row["impact"] = ("It saves time <img src=x onerror=\"window.__xss = 4\"> for the whole team. "
                     f"{FORMULA} and it saves hours on every visit.")
    personal = sample.iloc[1].copy()
    personal["respondent_id"] = "PLANTED-PII"
    personal["confidential"] = "No"
    personal["tools_used"] = PLANTED_PII_ANSWER
    duplicate = sample.iloc[2].copy()  # same id as a row above: excluded, and accounted for
    extra = []
    for rid, confidential, region, kind, tool in (
        (EMAIL_ID, "No", REGION, "Voluntary or community sector", CONTROL_TOOL),
        ("CONFIDENTIAL-TOOL", "Yes", REGION, "Voluntary or community sector", CONFIDENTIAL_TOOL),
        ("UNLISTED-VALUES", "No", UNLISTED_REGION, UNLISTED_TYPE, None),
    ):
        added = sample.iloc[0].copy()
        added[["respondent_id", "confidential", "region", "organisation_type", "la_code"]] = [rid, confidential, region,
                                                                                             kind, ""]
        if tool:
            added["tools_used"] = TOOL_ANSWER.format(tool)
        extra.append(added.to_frame().T)
    out = pd.concat([sample, row.to_frame().T, personal.to_frame().T, duplicate.to_frame().T, *extra],
                    ignore_index=True)
    path = folder / EMAIL_ID / INPUT_NAME  # a folder named after a person too: no folder is ever published
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def built_briefing(tmp_path_factory) -> Path:
    """The briefing built once (sample + a hostile respondent) for every test that reads it; its run folder."""
    if not SAMPLE.exists():
        pytest.skip("the shipped sample data/sample/responses.csv is not there yet")
    from synthesis.briefings import brief

    work = tmp_path_factory.mktemp("briefing")
    source = crafted_input(work)
    html_path = brief(
        input_path=source, out_dir=work / "run", params={"suppress_below": 3, "title": TITLE}, show_progress=False,
        keep_going=True,
    )
    return html_path.parent


@pytest.fixture(autouse=True)
def _fresh_synthesis_logger():
    """Each test starts with the ``synthesis`` logger as a library leaves it (a CLI test configures its own handler)."""
    import logging

    logger = logging.getLogger("synthesis")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    logger.handlers[:], logger.propagate = [], True
    logger.setLevel(logging.NOTSET)
    yield
    logger.handlers[:], logger.propagate = saved[0], saved[2]
    logger.setLevel(saved[1])
