"""Checks on the shipped reference list of local authorities and the synthetic sample consultation."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
LA_CSV = ROOT / "src" / "synthesis" / "data" / "local_authorities.csv"
SAMPLE = ROOT / "data" / "sample"
REGIONS = {"North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West"}
GENERATED = ["responses.csv", "responses.xlsx", "citizen_space_export.csv", "citizen_space_question_map.yaml",
             "README.md"]


def read_csv(path: Path, encoding: str = "utf-8") -> list[dict]:
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def authorities() -> list[dict]:
    return read_csv(LA_CSV)


@pytest.fixture(scope="module")
def responses() -> list[dict]:
    return read_csv(SAMPLE / "responses.csv")


def test_local_authorities_are_the_153_with_unique_codes_and_valid_regions(authorities):
    assert len(authorities) == 153
    assert len({a["la_code"] for a in authorities}) == 153
    assert len({a["name"] for a in authorities}) == 153
    assert {a["region"] for a in authorities} == REGIONS
    assert all(a["la_code"][:3] in {"E06", "E08", "E09", "E10"} and len(a["la_code"]) == 9 for a in authorities)


def test_local_authority_region_counts(authorities):
    by_region = {}
    for a in authorities:
        by_region[a["region"]] = by_region.get(a["region"], 0) + 1
    assert by_region["London"] == 33
    assert by_region["North West"] == 24
    assert by_region["North East"] == 12


def test_reorganised_authorities_share_an_old_hex(authorities):
    hexes = {a["la_code"]: a["hex_code"] for a in authorities}
    assert hexes["E06000063"] == hexes["E06000064"] == "E10000006"  # Cumberland, Westmorland and Furness
    assert hexes["E06000061"] == hexes["E06000062"] == "E10000021"  # North and West Northamptonshire
    assert hexes["E08000025"] == "E08000025"  # Birmingham unchanged
    assert len(set(hexes.values())) == 151


def test_sample_has_about_180_unique_respondents(responses):
    ids = [r["respondent_id"] for r in responses]
    assert 170 <= len(ids) <= 190
    assert all(ids) and len(set(ids)) == len(ids)


def test_sample_councils_use_real_codes_and_regions(authorities, responses):
    known = {a["la_code"]: a["region"] for a in authorities}
    councils = [r for r in responses if r["organisation_type"] == "Local authority"]
    assert 100 <= len(councils) <= 140
    assert all(known[r["la_code"]] == r["region"] for r in councils)
    assert not any(r["la_code"] for r in responses if r["organisation_type"] != "Local authority")


def test_sample_columns_follow_the_question_set(responses):
    qset = yaml.safe_load((ROOT / "src" / "synthesis" / "data" / "questions.yaml").read_text(encoding="utf-8"))
    expected = [f["id"] for f in qset["respondent_fields"]] + [q["id"] for q in qset["questions"]]
    assert list(responses[0]) == expected


def test_closed_answers_are_valid_options_apart_from_case_and_spacing(responses):
    qset = yaml.safe_load((ROOT / "src" / "synthesis" / "data" / "questions.yaml").read_text(encoding="utf-8"))
    options = {q["id"]: q["options"] for q in qset["questions"] if q["type"] == "single_choice"}
    not_exact = 0
    for row in responses:
        for qid, allowed in options.items():
            value = row[qid]
            assert value.strip().lower() in {o.lower() for o in allowed}, (row["respondent_id"], qid, value)
            not_exact += value not in allowed
    assert 1 <= not_exact <= 4  # a couple of planted case quirks such as "piloting", no more


def test_readme_lists_only_respondents_that_exist(responses):
    import re

    listed = set(re.findall(r"ANON-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]", (SAMPLE / "README.md").read_text(encoding="utf-8")))
    assert len(listed) >= 15
    assert listed <= {r["respondent_id"] for r in responses}


def test_planted_personal_details_are_in_the_free_text(responses):
    text = "\n".join(v for row in responses for v in row.values())
    for detail in ("Sarah Jenkins", "sarah.jenkins@example.gov.uk", "07700 900123", "020 7946 0418", "BD1 4AB"):
        assert detail in text
    assert sum(r["confidential"] == "Yes" for r in responses) == 8


def test_sample_is_marked_synthetic():
    assert "SYNTHETIC" in (SAMPLE / "README.md").read_text(encoding="utf-8")


def test_citizen_space_headers_are_all_covered_by_the_question_map():
    qmap = yaml.safe_load((SAMPLE / "citizen_space_question_map.yaml").read_text(encoding="utf-8"))
    with open(SAMPLE / "citizen_space_export.csv", encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    covered = set(qmap["columns"]) | set(qmap.get("ignore", []))
    assert set(header) <= covered
    assert qmap["columns"]["Response ID"] == "respondent_id"
    assert "Is your organisation currently using AI tools in children's social care?" in header


def test_citizen_space_export_holds_the_same_respondents(responses):
    export = read_csv(SAMPLE / "citizen_space_export.csv", encoding="utf-8-sig")
    assert [r["Response ID"] for r in export] == [r["respondent_id"] for r in responses]


def test_regenerating_gives_identical_bytes(tmp_path):
    subprocess.run([sys.executable, str(SAMPLE / "generate.py"), "--out", str(tmp_path)], check=True)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name
