"""Publishing: paths, parameters, escaping, failure handling and the built run folder."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from synthesis import briefings, methods, paths, publish
from synthesis.errors import InputError

from conftest import PLANTED_PII, REPO, SAMPLE

CHART_TABLES = {
    "respondents_by_type", "respondents_by_region", "responses_over_time", "coverage_by_region", "coverage_hex_map",
    "uses_ai", "uses_ai_by_region", "uses_ai_by_organisation_type", "tool_source", "tool_register", "purposes",
    "impact", "risks", "governance", "barriers", "barriers_overcome", "barrier_links", "single_view", "single_view_tools",
    "support_themes", "tool_theme_heatmap",
}


# --------------------------------------------------------------------------------------------- fast


def test_relative_sample_path_resolves_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.resolve_path("data/sample/responses.csv") == SAMPLE.resolve()
    assert paths.resolve_path("", SAMPLE) == SAMPLE
    (tmp_path / "mine.csv").write_text("x")
    assert paths.resolve_path("mine.csv") == (tmp_path / "mine.csv").resolve()


def test_default_run_dir_is_dated_under_outputs():
    path = paths.default_run_dir("briefing_Yorkshire and The Humber")
    assert path.parent == REPO / "outputs"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_briefing_yorkshire-and-the-humber", path.name)


def test_md_escape_neutralises_markup_and_links():
    text = publish.md_escape("[click](javascript:alert(1)) <script>x</script> *bold* Children's")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[click\\]\\(javascript" in text
    assert "\\*bold\\*" in text and "Children's" in text


def test_every_briefing_parameter_is_documented_for_papermill():
    import papermill

    declared = papermill.inspect_notebook(str(paths.BRIEFING_NOTEBOOK))
    for name in ("input_path", "question_map", "codebook", "tool_list", "title", "filter_region",
                 "filter_organisation_type", "suppress_below", "max_quotes_per_theme", "include_quote_table",
                 "run_dir", "accuracy_path", "status_marking", "min_group_size", "run_date"):
        assert name in declared, name
        assert declared[name]["help"], name
        assert declared[name]["inferred_type_name"] in ("str", "int", "bool"), name
    assert declared["suppress_below"]["default"] == "3"
    assert declared["input_path"]["default"] == '"data/sample/responses.csv"'


def test_committed_notebooks_have_no_outputs():
    for path in (paths.BRIEFING_NOTEBOOK, paths.NOTEBOOK_DIR / "explore.ipynb"):
        nb = nbformat.read(str(path), as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path


def test_bad_input_fails_before_any_notebook_runs_and_leaves_no_html(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent_id,organisation_type\n,Local authority\n,Nonsense\n", encoding="utf-8")
    out = tmp_path / "run"
    with pytest.raises(InputError) as caught:
        briefings.brief(input_path=bad, out_dir=out, show_progress=False)
    assert "bad.csv" in str(caught.value)
    assert not (out / "briefing.html").exists()


def test_missing_input_is_a_one_line_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        briefings.brief(input_path=tmp_path / "nope.csv", out_dir=tmp_path / "run", show_progress=False)


def test_write_index_escapes_group_names(tmp_path):
    path = briefings.write_index(tmp_path, "Title <b>", [("<script>x</script>", "a/briefing.html", 2)], "region")
    page = path.read_text(encoding="utf-8")
    assert "<script>x" not in page and "&lt;script&gt;x" in page
    assert '<html lang="en">' in page
    small = briefings.write_index(tmp_path, "T", [("North East", "ne/briefing.html", 2)], "region", threshold=3)
    assert "fewer than 3 respondents" in small.read_text(encoding="utf-8")


def test_load_accuracy_flattens_nested_figures(tmp_path):
    path = tmp_path / "acc.json"
    path.write_text(json.dumps({"tools": {"precision": 0.91234, "recall": 0.8}, "n": 430}), encoding="utf-8")
    table = methods.load_accuracy(path)
    assert table.set_index("measure")["value"].to_dict() == {"tools.precision": 0.912, "tools.recall": 0.8, "n": 430}
    assert methods.load_accuracy("").empty


def test_accuracy_is_scored_once_per_gold_file_and_pipeline(tmp_path, monkeypatch):
    import synthesis.evaluate

    monkeypatch.setenv("SYNTHESIS_CACHE_DIR", str(tmp_path / "cache"))
    gold = REPO / "data" / "gold" / "heldout.jsonl"
    calls = []

    class FakeReport:
        def to_dict(self):
            return {"tools": {"micro_f1": 0.5}, "n_sentences": len(calls)}

    def fake_evaluate(path, nlp=None):
        calls.append(path)
        return FakeReport()

    monkeypatch.setattr(synthesis.evaluate, "evaluate", fake_evaluate)
    first = json.loads(methods.compute_accuracy(tmp_path / "a.json", gold).read_text(encoding="utf-8"))
    again = json.loads(methods.compute_accuracy(tmp_path / "b.json", gold).read_text(encoding="utf-8"))
    assert len(calls) == 1 and first == again == {"tools": {"micro_f1": 0.5}, "n_sentences": 1}
    other = tmp_path / "gold.jsonl"
    other.write_text(gold.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    methods.compute_accuracy(tmp_path / "c.json", other)  # another gold file is scored afresh
    methods.compute_accuracy(tmp_path / "d.json", gold, use_cache=False)
    assert len(calls) == 3
    assert methods.accuracy_cache_path(gold) != methods.accuracy_cache_path(other)


def test_knowledge_is_validated_once_and_comes_back_equal(tmp_path, monkeypatch):
    import synthesis.knowledge

    monkeypatch.setenv("SYNTHESIS_CACHE_DIR", str(tmp_path / "cache"))
    codebook, tools = publish.load_knowledge()
    assert (codebook, tools) == (synthesis.knowledge.load_codebook(), synthesis.knowledge.load_tool_list())

    def no_loading(*args, **kwargs):
        raise AssertionError("validated again")

    monkeypatch.setattr(synthesis.knowledge, "load_codebook", no_loading)
    cached_codebook, cached_tools = publish.load_knowledge()
    assert cached_codebook == codebook and cached_tools.canonical("co-pilot") == tools.canonical("co-pilot")


def test_a_capped_table_says_how_many_rows_it_shows(tmp_path, monkeypatch):
    shown_html = []
    monkeypatch.setattr(publish, "show_html", shown_html.append)
    b = publish.Briefing(params={}, load=None, question_set=None, codebook=None, tool_list=None,
                         all_responses=pd.DataFrame(), responses=pd.DataFrame(), mentions=pd.DataFrame(),
                         sentences=pd.DataFrame(), labels={}, local_authorities=pd.DataFrame(), hexjson={},
                         run_dir=tmp_path)
    frame = pd.DataFrame({"sentence": [f"<b>sentence {i}</b>" for i in range(5)]})
    b.table("coded_sentences", frame, "Coded", shown=frame.head(2), what="coded sentences")
    assert len(pd.read_csv(tmp_path / "published" / "tables" / "coded_sentences.csv")) == 5  # the CSV holds every row
    assert "Showing 2 of 5 coded sentences; the full table is" in shown_html[0]
    assert 'href="tables/coded_sentences.csv"' in shown_html[0]
    assert "sentence 3" not in shown_html[0] and "<b>sentence" not in shown_html[0]
    b.table("coded_sentences", frame, "Coded", shown=frame, what="coded sentences")
    assert "Showing all 5 coded sentences" in shown_html[1]


# --------------------------------------------------------------------------------------------- the built briefing


@pytest.mark.slow
def test_run_folder_holds_html_notebook_tables_and_manifest(built_briefing):
    for name in ("briefing.html", "briefing.ipynb", "manifest.json"):
        assert (built_briefing / name).is_file(), name
    tables = {p.stem for p in (built_briefing / "tables").glob("*.csv")}
    assert CHART_TABLES <= tables
    assert {"tool_register", "quotes", "coded_sentences", "row_accounting", "versions", "parameters"} <= tables
    assert not list(built_briefing.glob(".staging-*")) and not (built_briefing / "briefing.failed.ipynb").exists()


@pytest.mark.slow
def test_manifest_records_provenance(built_briefing):
    manifest = json.loads((built_briefing / "manifest.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["input"]["sha256"])
    rows = manifest["rows"]
    assert rows["rows_in"] == rows["rows_analysed"] + rows["rows_excluded"]
    assert manifest["parameters"]["suppress_below"] == 3
    for key in ("synthesis", "pandas", "plotly", "spacy", "spacy_model", "codebook", "tool_list", "question_set"):
        assert manifest["versions"][key], key
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["versions"]["theme_model_sha256"])
    assert {"load", "extract", "notebook", "html"} <= set(manifest["timings_seconds"])
    assert set(manifest["charts"]) == CHART_TABLES
    assert manifest["html_bytes"] == (built_briefing / "briefing.html").stat().st_size


@pytest.mark.slow
def test_html_is_self_contained_and_small(built_briefing):
    page = (built_briefing / "briefing.html").read_text(encoding="utf-8")
    assert len(page.encode()) < 6_000_000
    assert page.count("plotly.js v") == 1  # plotly.js inlined once, not per chart
    assert not re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", page, re.I)
    assert "require.js" not in page and "mathjax@" not in page.lower()
    assert '<html lang="en">' in page
    assert page.count('class="synth-chart"') == len(CHART_TABLES)
    assert re.search(r"Showing (?:all )?[\d,]+(?: of [\d,]+)? coded sentences; the full table is <a href=\"tables/coded_sentences.csv\">", page)


@pytest.mark.slow
def test_no_response_text_appears_unescaped(built_briefing):
    page = (built_briefing / "briefing.html").read_text(encoding="utf-8")
    assert "<script>window.__xss" not in page
    assert "<img src=x onerror" not in page


@pytest.mark.slow
def test_headings_are_in_order(built_briefing):
    page = (built_briefing / "briefing.html").read_text(encoding="utf-8")
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", page)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


@pytest.mark.slow
def test_confidential_respondents_are_never_quoted(built_briefing):
    from synthesis.validate import load_responses

    internal = built_briefing.parent / "internal"
    nb = nbformat.read(str(internal / "briefing.ipynb"), as_version=4)
    responses = load_responses(nb.metadata["papermill"]["parameters"]["input_path"]).responses
    hidden = set(responses.loc[responses["confidential"], "respondent_id"])
    assert hidden, "the sample should include confidential respondents"
    mapping = pd.read_csv(internal / "pseudonyms.csv", dtype=str).set_index("respondent_id")["pseudonym"]
    hidden_pseudonyms = {mapping[r] for r in hidden}
    for name in ("quotes", "coded_sentences"):
        table = pd.read_csv(built_briefing / "tables" / f"{name}.csv", dtype=str)
        assert not (hidden | hidden_pseudonyms) & set(table["respondent_id"]), name
        assert set(table["respondent_id"]) <= set(mapping), name  # pseudonyms, never the ids typed
    page = (built_briefing / "briefing.html").read_text(encoding="utf-8")
    assert not any(rid in page for rid in hidden | hidden_pseudonyms)


@pytest.mark.slow
def test_executed_notebook_records_its_parameters_internally_only(built_briefing):
    nb = nbformat.read(str(built_briefing.parent / "internal" / "briefing.ipynb"), as_version=4)
    params = nb.metadata["papermill"]["parameters"]
    assert params["suppress_below"] == 3 and params["run_dir"] == "."
    assert params["input_path"].endswith("responses_with_payloads.csv")
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    shared = nbformat.read(str(built_briefing / "briefing.ipynb"), as_version=4)
    assert "papermill" not in shared.metadata
    assert not any({"parameters", "injected-parameters"} & set(c.metadata.get("tags", [])) for c in shared.cells)


@pytest.mark.slow
def test_by_region_writes_one_briefing_per_region_and_an_index(tmp_path):
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    two = sorted(sample["region"].unique())[:2]
    small = pd.concat([sample[sample["region"] == r].head(4) for r in two])
    source = tmp_path / "two_regions.csv"
    small.to_csv(source, index=False)
    regions = 2
    index = briefings.brief(input_path=source, out_dir=tmp_path / "by", by="region", show_progress=False, accuracy=False,
                          params={"include_quote_table": False, "min_group_size": 2})
    assert index.name == "index.html" and index.parent.name == "published"
    links = re.findall(r'href="([^"]+/briefing.html)"', index.read_text(encoding="utf-8"))
    assert len(links) == regions
    for link in links:
        assert (index.parent / link).is_file()
        nb = nbformat.read(str(tmp_path / "by" / "internal" / Path(link).parent / "briefing.ipynb"), as_version=4)
        assert nb.metadata["papermill"]["parameters"]["filter_region"]
    assert json.loads((index.parent / "manifest.json").read_text(encoding="utf-8"))["by"] == "region"


@pytest.mark.slow
def test_a_group_below_the_minimum_size_is_not_published_and_the_index_says_why(tmp_path):
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    region = sorted(sample["region"].unique())[0]
    source = tmp_path / "small.csv"
    sample[sample["region"] == region].head(4).to_csv(source, index=False)
    index = briefings.brief(input_path=source, out_dir=tmp_path / "by", by="region", show_progress=False, accuracy=False,
                          params={"include_quote_table": False})
    page = index.read_text(encoding="utf-8")
    assert "not published" in page and "minimum group size of 10" in page
    assert not list(index.parent.glob("*/briefing.html"))


@pytest.mark.slow
def test_a_failing_notebook_raises_a_clear_error_and_leaves_no_html(tmp_path):
    out = tmp_path / "run"
    with pytest.raises(InputError) as caught:
        briefings.brief(out_dir=out, params={"codebook": str(tmp_path / "missing.yaml")}, show_progress=False,
                      accuracy=False)
    assert "missing.yaml" in caught.value.location() and "\n" not in str(caught.value)
    assert ".staging" not in str(caught.value)
    assert not (out / "published" / "briefing.html").exists()
    assert not list(out.glob(".staging-*"))
    assert (out / "internal" / "briefing.failed.ipynb").exists()
    assert "missing.yaml" in (out / "FAILED.txt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_outputs_are_readable_like_any_other_file(built_briefing):
    umask = os.umask(0)
    os.umask(umask)
    expected = 0o666 & ~umask
    for path in [built_briefing / "briefing.html", built_briefing / "manifest.json", *(built_briefing / "tables").glob("*.csv")]:
        assert path.stat().st_mode & 0o777 == expected, path


@pytest.mark.slow
def test_excluded_rows_are_counted_and_listed_only_internally(built_briefing):
    manifest = json.loads((built_briefing / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"]["rows_excluded"] == 1
    assert manifest["excluded_reasons"] == {"duplicate respondent_id": 1}
    assert not (built_briefing / "internal").exists()  # nothing internal inside the folder to share
    internal = pd.read_csv(built_briefing.parent / "internal" / "excluded_rows.csv", dtype=str)
    assert list(internal["category"]) == ["duplicate respondent_id"]
    assert internal.loc[0, "reason"].startswith("duplicate respondent_id")
    problems = pd.read_csv(built_briefing.parent / "internal" / "input_problems.csv", dtype=str)
    duplicate = problems[problems["message"].str.startswith("duplicate respondent_id")]
    assert len(duplicate) == 1 and duplicate.iloc[0]["fatal"] == "True" and "/" not in duplicate.iloc[0]["file"]


@pytest.mark.slow
def test_planted_personal_details_never_reach_the_published_run_folder(built_briefing):
    published = [p for p in built_briefing.rglob("*") if p.is_file() and "internal" not in p.parts]
    assert any(p.suffix == ".csv" for p in published) and any(p.suffix == ".ipynb" for p in published)
    for path in published:
        text = path.read_text(encoding="utf-8", errors="replace")
        for detail in PLANTED_PII:
            assert detail not in text, f"{detail!r} found in {path.relative_to(built_briefing)}"


def test_the_masthead_carries_the_marking_the_run_date_and_for_the_sample_the_synthetic_banner(monkeypatch):
    from types import SimpleNamespace

    shown_html = []
    monkeypatch.setattr(publish, "show_html", shown_html.append)

    def masthead(path):
        b = publish.Briefing(params={"status_marking": "OFFICIAL-SENSITIVE", "run_date": "2026-12-01T10:00:00+00:00",
                                     "title": "A <b>title</b>"},
                             load=SimpleNamespace(path=path), question_set=None, codebook=None, tool_list=None,
                             all_responses=pd.DataFrame(), responses=pd.DataFrame(), mentions=pd.DataFrame(),
                             sentences=pd.DataFrame(), labels={}, local_authorities=pd.DataFrame(), hexjson={},
                             run_dir=None)
        b.masthead()
        return shown_html[-1]

    page = masthead(paths.SAMPLE_PATH)
    assert "OFFICIAL-SENSITIVE" in page and '<time datetime="2026-12-01">' in page
    assert publish.SAMPLE_BANNER in page and "<b>title</b>" not in page
    assert publish.SAMPLE_BANNER not in masthead(Path("/elsewhere/responses.csv"))


def test_by_index_accounts_for_respondents_with_no_listed_region(tmp_path):
    from synthesis.validate import load_responses

    frame = pd.read_csv(paths.SAMPLE_PATH, dtype=str, keep_default_na=False)
    frame.loc[:3, "region"] = ["Atlantis", "", "north east", "Wales"]
    frame.to_csv(tmp_path / "r.csv", index=False)
    loaded = load_responses(tmp_path / "r.csv")
    groups, ungrouped = briefings.group_counts(loaded, "region")
    assert ungrouped == 3  # "Wales" is an option; "north east" is typed text, as are the other two
    assert "Atlantis" not in dict(groups)
    page = briefings.write_index(tmp_path, "T", groups and [(groups[0][0], "a/briefing.html", groups[0][1])], "region",
                               threshold=3, ungrouped=ungrouped).read_text(encoding="utf-8")
    assert "No region in the option list: 3 respondents" in page and "the national briefing" not in page
    frame.loc[4:5, "region"] = ["Narnia", "Narnia"]
    frame.loc[:5, "confidential"] = ["Yes", "No", "No", "No", "Yes", "Yes"]
    frame.to_csv(tmp_path / "c.csv", index=False)
    assert briefings.group_counts(load_responses(tmp_path / "c.csv"), "region")[1] == 2  # confidential ones not counted
    small = briefings.write_index(tmp_path, "T", [], "region", threshold=5, ungrouped=3).read_text(encoding="utf-8")
    assert "No region in the option list: fewer than 5 respondents" in small


def test_methods_text_says_what_counts_as_a_non_answer():
    from types import SimpleNamespace

    from synthesis.validate import EXCLUDED_COLUMNS

    load = SimpleNamespace(accounting={"rows_in": 3, "rows_analysed": 3, "rows_excluded": 0},
                           excluded=pd.DataFrame(columns=EXCLUDED_COLUMNS))
    b = SimpleNamespace(load=load, n=3, scope="all respondents", threshold=1, confidential_sentence="", params={})
    text = methods.methods_text(b)
    assert "counts the respondents who answered its own question" in text
    assert '"N/A", "None", "Nil", "Nothing to add", "No comment"' in text and '("-", "?")' in text


def test_published_tables_round_each_share_once_to_one_decimal(tmp_path):
    b = publish.Briefing(params={}, load=None, question_set=None, codebook=None, tool_list=None,
                         all_responses=pd.DataFrame(), responses=pd.DataFrame(), mentions=pd.DataFrame(),
                         sentences=pd.DataFrame(), labels={}, local_authorities=pd.DataFrame(), hexjson={},
                         run_dir=tmp_path, display=False)
    table = pd.DataFrame({"theme": ["a", "b"], "respondents": [6, 5], "percent": [600 / 11, 500 / 11]})
    shown = b.publish("shares", table, counts=())
    assert shown["percent"].tolist() == [600 / 11, 500 / 11]  # charts and text round the exact share themselves
    written = pd.read_csv(tmp_path / "published" / "tables" / "shares.csv")
    assert written["percent"].tolist() == [54.5, 45.5]


def test_a_copy_of_the_sample_elsewhere_still_gets_the_synthetic_banner(tmp_path):
    copy = tmp_path / "responses.csv"
    copy.write_bytes(SAMPLE.read_bytes())
    assert publish.is_sample(SAMPLE) and publish.is_sample(copy)  # red team 4: a copy had no banner
    edited = tmp_path / "edited.csv"
    edited.write_bytes(SAMPLE.read_bytes().replace(b"Magic Notes", b"Magic Notez", 1))
    assert not publish.is_sample(edited) and not publish.is_sample(tmp_path / "missing.csv")


def test_input_problems_give_whole_row_numbers_beside_problems_of_the_whole_file(tmp_path):
    from synthesis.export import write_table
    from synthesis.load import Problem
    from synthesis.publish import problems_table

    table = problems_table([Problem("/data/in/book.xlsx", None, None, "sheet 'Notes' is not read", fatal=False),
                            Problem("/data/in/book.xlsx", 4, "impact", "cell holds a formula", fatal=False)])
    write_table(table, tmp_path / "problems.csv")
    written = pd.read_csv(tmp_path / "problems.csv", dtype=str, keep_default_na=False)
    assert list(written["row"]) == ["", "4"] and set(written["file"]) == {"book.xlsx"}
