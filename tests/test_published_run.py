"""What a built run publishes (issue 13): no local path or personal detail, every count protected, the manifest's
suppression log, the XLSX tables, and a regional briefing of the same input that, set beside the national one,
counts no confidential respondent. The hostile input is ``conftest.crafted_input``, written in the test folder.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from synthesis import analyse, briefings, publish, report, runfolder
from synthesis.analyse.disclosure import COUNT_COLUMNS
from synthesis.cli import main

from conftest import (
    CONFIDENTIAL_TOOL, CONTROL_TOOL, EMAIL_ID, FORMULA, REGION, REPO, SAMPLE, TITLE, UNLISTED_REGION, UNLISTED_TYPE,
    crafted_input,
)

SUPPRESS_BELOW = 3  # what conftest.built_briefing and the regional briefing use


def _published_texts(published: Path):
    """``(name, text)`` of every published file, each XLSX member read as text (the archive is compressed)."""
    for path in sorted(p for p in published.rglob("*") if p.is_file()):
        name = str(path.relative_to(published))
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                for member in book.namelist():
                    yield f"{name}!{member}", book.read(member).decode("utf-8", "replace")
        else:
            yield name, path.read_text(encoding="utf-8", errors="replace")


def _input_of(published: Path) -> Path:
    """The input file the run read (from the executed notebook, which stays internal)."""
    run = published.parent
    nb = nbformat.read(str(run / "internal" / "briefing.ipynb"), as_version=4)
    return Path(nb.metadata["papermill"]["parameters"]["input_path"])


def _responses(published: Path) -> pd.DataFrame:
    from synthesis.validate import load_responses

    return load_responses(_input_of(published)).responses


def _manifest(published: Path) -> dict:
    return json.loads((published / "manifest.json").read_text(encoding="utf-8"))


def _table(published: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(published / "tables" / f"{name}.csv")


@pytest.fixture(scope="module")
def regional_briefing(tmp_path_factory) -> Path:
    """The briefing of :data:`REGION` only, built from the same crafted input as ``built_briefing``."""
    work = tmp_path_factory.mktemp("regional")
    html = briefings.brief(input_path=crafted_input(work), out_dir=work / "run", show_progress=False, keep_going=True,
                           accuracy=False, params={"suppress_below": SUPPRESS_BELOW, "filter_region": REGION,
                                                   "title": TITLE})
    return html.parent


# --------------------------------------------------------------------------------------------- fast


def test_a_by_index_publishes_no_local_path_and_no_personal_detail_of_the_title(tmp_path):
    """Every group is below the minimum size, so no notebook runs: the index and its manifest are all there is."""
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    folder = tmp_path / EMAIL_ID
    folder.mkdir()
    source = folder / f"{EMAIL_ID}.csv"
    sample[sample["region"] == "London"].head(4).to_csv(source, index=False)
    index = briefings.brief(input_path=source, out_dir=tmp_path / "run", by="region", show_progress=False,
                            accuracy=False, params={"title": TITLE})
    page = index.read_text(encoding="utf-8")
    assert "not published" in page and "<h1>Briefing for " in page
    for name, text in _published_texts(index.parent):
        for forbidden in (EMAIL_ID, str(tmp_path), str(REPO), str(Path.home()) + "/"):
            assert forbidden not in text, f"{forbidden!r} in {name}"


def test_one_confidential_authority_among_twelve_voluntary_organisations_makes_no_headline(tmp_path, monkeypatch):
    """The case of the issue: the headline said "1 of 1 responding local authorities (100%)"."""
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    voluntary = sample[sample["organisation_type"] == "Voluntary or community sector"].iloc[0]
    authority = sample[(sample["organisation_type"] == "Local authority") & (sample["la_code"] != "")].iloc[0]
    rows = [voluntary.copy() for _ in range(12)] + [authority.copy()]
    for i, row in enumerate(rows[:12]):
        row[["respondent_id", "confidential", "uses_ai", "region"]] = [f"V{i:02d}", "No", "Planning", "London"]
    rows[12][["respondent_id", "confidential", "uses_ai"]] = ["LA-IN-CONFIDENCE", "Yes", "In use"]
    pd.DataFrame(rows).to_csv(tmp_path / "thirteen.csv", index=False)
    b = publish.prepare(input_path=str(tmp_path / "thirteen.csv"), write_files=False, display=False, use_cache=False,
                        suppress_below=SUPPRESS_BELOW)
    tables = report.tables(b)
    shown = []
    monkeypatch.setattr(publish, "show_markdown", shown.append)
    b.display = True
    report.key_findings(b, tables)
    findings = shown[0]
    assert b.n == 12 and b.withheld_confidential == 1
    assert findings.startswith("- 12 responses were analysed")
    assert "1 of 1" not in findings and "responses from local authorities" not in findings
    assert not re.search(r"\b13\b", findings) and "12, 100%" in findings  # 12 of 12 are voluntary organisations
    assert re.search(r"\b0 of the \d+ English local authorities", findings), findings
    by_type = tables["uses_ai_by_organisation_type"]
    assert by_type.loc[by_type["organisation_type"] == "Local authority", "row_total"].fillna(0).eq(0).all()


# --------------------------------------------------------------------------------------------- the built briefing


@pytest.mark.slow
def test_published_holds_no_local_path_and_the_input_name_and_parameters_are_redacted(built_briefing,
                                                                                      tmp_path_factory):
    run = built_briefing.parent
    source = _input_of(built_briefing)
    assert EMAIL_ID in source.name and source.parent.name == EMAIL_ID  # the hostile names are really there
    forbidden = [str(run.parent), str(run), str(source), str(source.parent), str(run / runfolder.STAGING_PREFIX),
                 str(tmp_path_factory.getbasetemp()), str(REPO), str(Path.home()) + "/", EMAIL_ID]
    names = [name for name, _ in _published_texts(built_briefing)]
    assert any(n.endswith(".xlsx!xl/worksheets/sheet1.xml") for n in names) and "briefing.ipynb" in names
    for name, text in _published_texts(built_briefing):
        for path in forbidden:
            assert path not in text, f"{path!r} in {name}"
    manifest = _manifest(built_briefing)
    assert manifest["input"]["file"].endswith("_responses_with_payloads.csv")
    assert "/" not in manifest["input"]["file"] and EMAIL_ID not in manifest["input"]["file"]
    parameters = manifest["parameters"]
    assert parameters["title"].startswith("Briefing for ") and EMAIL_ID not in parameters["title"]
    assert parameters["input_path"] == manifest["input"]["file"]
    for name, value in parameters.items():
        assert not (isinstance(value, str) and "/" in value), name


@pytest.mark.slow
def test_the_manifest_says_what_was_suppressed_and_why(built_briefing):
    responses = _responses(built_briefing)
    confidential = int(responses["confidential"].sum())
    assert "CONFIDENTIAL-TOOL" in set(responses.loc[responses["confidential"], "respondent_id"])
    manifest = _manifest(built_briefing)
    suppression = manifest["suppression"]
    assert suppression["threshold"] == SUPPRESS_BELOW and suppression["min_group_size"] == 10
    assert suppression["confidential_not_counted"] == confidential == manifest["rows"]["confidential_not_counted"]
    assert manifest["rows"]["rows_in_briefing"] == len(responses) - confidential
    logged = suppression["tables"]
    assert suppression["cells_hidden"] > 0 and suppression["cells_hidden"] == sum(t["cells_hidden"] for t in logged)
    published = {Path(t).stem for t in manifest["tables"]}
    for entry in logged:
        assert entry["table"] in published and entry["cells_hidden"] > 0, entry
        assert f"below {SUPPRESS_BELOW}" in entry["rule"], entry
        hidden = pd.read_csv(built_briefing / "tables" / f"{entry['table']}.csv")
        if "suppressed" in hidden:
            assert hidden["suppressed"].any(), entry["table"]


def _small_counts(published: Path) -> list[str]:
    """Every count of the published tables that is above 0 and below the threshold, as ``table:row:column``."""
    found = []
    tables = sorted((published / "tables").glob("*.csv"))
    assert len(tables) > 20
    for path in tables:
        table = pd.read_csv(path)
        for column in [c for c in (*COUNT_COLUMNS, "row_total") if c in table.columns]:
            values = pd.to_numeric(table[column], errors="raise")
            for row in table.index[(values > 0) & (values < SUPPRESS_BELOW)]:
                found.append(f"{path.stem}:{row}:{column}={values[row]}")
    return found


@pytest.mark.slow
def test_no_published_table_holds_a_small_count(built_briefing):
    assert not _small_counts(built_briefing)


@pytest.mark.slow
def test_a_tool_only_a_confidential_respondent_names_is_published_nowhere(built_briefing):
    register = pd.read_csv(built_briefing / "tables" / "tool_register.csv", dtype=str)
    assert CONTROL_TOOL in set(register["tool"])  # the same sentence from a respondent not in confidence
    assert CONTROL_TOOL in (built_briefing / "briefing.html").read_text(encoding="utf-8")
    for name, text in _published_texts(built_briefing):
        assert CONFIDENTIAL_TOOL not in text, name


@pytest.mark.slow
def test_an_email_respondent_id_and_values_outside_the_option_lists_are_never_published(built_briefing):
    pseudonyms = pd.read_csv(built_briefing.parent / "internal" / "pseudonyms.csv", dtype=str)
    assert EMAIL_ID in set(pseudonyms["respondent_id"])  # it was read, and given a pseudonym
    for name, text in _published_texts(built_briefing):
        for typed in (EMAIL_ID, UNLISTED_REGION, UNLISTED_TYPE):
            assert typed not in text, f"{typed!r} in {name}"
    assert publish.UNLISTED in set(_table(built_briefing, "respondents_by_region")["region"])
    assert publish.UNLISTED in set(_table(built_briefing, "respondents_by_type")["organisation_type"])
    assert publish.UNLISTED in set(_table(built_briefing, "uses_ai_by_region")["region"])


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return text in ("True", "False")
    return True


@pytest.mark.slow
def test_every_published_table_is_offered_as_xlsx_with_text_in_string_cells(built_briefing):
    from openpyxl import load_workbook

    tables = sorted((built_briefing / "tables").glob("*.csv"))
    assert {p.stem for p in (built_briefing / "tables").glob("*.xlsx")} == {p.stem for p in tables}
    checked = formulas = 0
    for path in tables:
        csv = pd.read_csv(path, dtype=str, keep_default_na=False)
        with zipfile.ZipFile(path.with_suffix(".xlsx")) as book:
            sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        assert not re.search(r"<f[ >]", sheet), f"{path.stem}.xlsx holds a formula"
        rows = list(load_workbook(path.with_suffix(".xlsx"), read_only=True).active.iter_rows())
        assert [c.value for c in rows[0]] == list(csv.columns), path.stem
        assert len(rows) == len(csv) + 1, path.stem
        for cells, values in zip(rows[1:], csv.itertuples(index=False)):
            for cell, value in zip(cells, values):
                if value and not _is_number(value):
                    # a string cell is never a formula: the quote that neutralises "=", "-" ... in the CSV is not needed
                    assert cell.data_type == "s" and value in (cell.value, f"'{cell.value}"), (path.stem, cell.coordinate)
                    checked += 1
                    formulas += str(cell.value).startswith(FORMULA[:11])
    assert checked > 1000
    assert formulas, "the crafted formula-like sentence is in no published table"


# --------------------------------------------------------------------------------------------- national and regional


@pytest.mark.slow
def test_a_regional_briefing_beside_the_national_one_counts_no_confidential_respondent(built_briefing,
                                                                                      regional_briefing):
    responses = _responses(regional_briefing)
    here = responses[responses["region"] == REGION]
    open_rows = here[~here["confidential"]]
    hidden_ids = set(here.loc[here["confidential"], "respondent_id"])
    assert len(hidden_ids) == 2 and _input_of(regional_briefing).read_bytes() == _input_of(built_briefing).read_bytes()
    manifest = _manifest(regional_briefing)
    # no number in a regional briefing: beside the national one it would say which region holds a lone one
    assert manifest["suppression"]["confidential_not_counted"] is None
    assert manifest["rows"]["rows_in_briefing"] == len(open_rows)
    assert not _small_counts(regional_briefing)

    compared = 0
    types = _table(regional_briefing, "respondents_by_type").dropna(subset=["respondents"])
    for kind, n in zip(types["organisation_type"], types["respondents"]):
        assert n == (open_rows["organisation_type"] == kind).sum(), kind
        compared += 1
    national = _table(built_briefing, "uses_ai_by_region").query("region == @REGION")
    regional = _table(regional_briefing, "uses_ai").set_index("uses_ai")["respondents"]
    answers = open_rows["uses_ai"].map(lambda v: analyse.NO_ANSWER if analyse.is_blank(v) else v)
    assert set(national["row_total"].dropna()) == {len(open_rows)}
    for answer, n in zip(national["uses_ai"], national["respondents"]):
        if pd.isna(n) or pd.isna(regional.get(answer)):
            continue
        assert n == (answers == answer).sum() == regional[answer], answer  # nothing to subtract
        compared += 1
    by_type = _table(regional_briefing, "uses_ai_by_organisation_type")
    for kind, total in by_type.dropna(subset=["row_total"]).groupby("organisation_type")["row_total"].first().items():
        assert total == (open_rows["organisation_type"] == kind).sum(), kind
        compared += 1
    for kind, answer, n in by_type.dropna(subset=["respondents"])[["organisation_type", "uses_ai", "respondents"]].values:
        assert n == ((open_rows["organisation_type"] == kind) & (answers == answer)).sum(), (kind, answer)
        compared += 1
    assert compared >= 6
    page = (regional_briefing / "briefing.html").read_text(encoding="utf-8")
    assert f"Evidence from {len(open_rows)} responses (in {REGION})" in page

    pseudonyms = pd.read_csv(regional_briefing.parent / "internal" / "pseudonyms.csv", dtype=str)
    hidden_pseudonyms = set(pseudonyms.loc[pseudonyms["respondent_id"].isin(hidden_ids), "pseudonym"])
    assert len(hidden_pseudonyms) == 2
    for published in (built_briefing, regional_briefing):
        for name, text in _published_texts(published):
            assert not any(p in text for p in hidden_pseudonyms | hidden_ids | {CONFIDENTIAL_TOOL}), name


@pytest.mark.slow
def test_neither_map_draws_a_confidential_authority(built_briefing, regional_briefing):
    responses = _responses(built_briefing)
    hidden = responses[responses["confidential"] & (responses["la_code"].fillna("") != "")]
    named = set(responses.loc[~responses["confidential"], "la_code"].dropna())
    alone = {code: where for code, where in zip(hidden["la_code"], hidden["region"])
             if code not in named}  # the authorities that answered only in confidence (each has a hexagon of its own)
    assert len(alone) >= 5 and REGION in alone.values()
    checked = 0
    for published, region in ((built_briefing, None), (regional_briefing, REGION)):
        cells = _table(published, "coverage_hex_map").set_index("la_code")
        for code, where in alone.items():
            expected = analyse.OUTSIDE if region and where != region else "No response"
            assert cells.loc[code, "status"] == expected and cells.loc[code, "responded"] == 0, (published, code)
            checked += expected == "No response"
    assert checked >= 5
    south_east = _table(regional_briefing, "coverage_hex_map").query("status != @analyse.OUTSIDE")
    assert "No response" in set(south_east["status"]) and south_east["responded"].sum() > 0


# --------------------------------------------------------------------------------------------- the command line


def _small_input(tmp_path: Path, regions: dict[str, int]) -> Path:
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    rows = pd.concat([sample[(sample["region"] == r) & (sample["confidential"] == "No")].head(n)
                      for r, n in regions.items()])
    path = tmp_path / "small.csv"
    rows.to_csv(path, index=False)
    return path


@pytest.mark.slow
def test_a_filtered_briefing_below_the_minimum_group_size_is_refused_in_one_line(tmp_path, capsys):
    source = _small_input(tmp_path, {"London": 4, "North West": 8})
    out = tmp_path / "run"
    assert main(["-q", "brief", "--input", str(source), "--out", str(out), "--param", "filter_region=London"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    assert "would count 4 respondent(s), fewer than min_group_size (10)" in err
    assert not (out / "published" / "briefing.html").exists() and (out / runfolder.FAILED).is_file()


@pytest.mark.slow
def test_brief_no_cache_on_the_command_line_reaches_the_notebook_and_writes_no_cache(tmp_path, monkeypatch, capsys):
    source = _small_input(tmp_path, {"London": 6, "North West": 6})
    cache = tmp_path / "cache"
    monkeypatch.setenv("SYNTHESIS_CACHE_DIR", str(cache))
    monkeypatch.chdir(tmp_path)  # the default cache folder, ./.cache/synthesis, would be here
    assert main(["-q", "brief", "--no-cache", "--input", str(source), "--out", str(tmp_path / "run")]) == 0
    html = Path(capsys.readouterr().out.strip())
    assert html.is_file() and _manifest(html.parent)["parameters"]["use_cache"] is False
    written = [p for folder in (cache, tmp_path / ".cache") if folder.exists() for p in folder.rglob("*")]
    assert not written, written
