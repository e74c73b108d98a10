"""Briefing parameters (issues 12 and 13): values as typed, typed by the notebook, choices checked first."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthesis import briefings, paths, publish
from synthesis.cli import main
from synthesis.errors import InputError
from synthesis.parameters import checked_choices, for_notebook, parse_pairs, typed
from synthesis.questions import load_question_set

NOTEBOOK = paths.BRIEFING_NOTEBOOK
REGIONS = load_question_set().field("region").options


@pytest.mark.parametrize(("pair", "value"), [
    ("title=Children #1 priority", "Children #1 priority"),
    ("title=@x", "@x"),
    ("title=[not, a, list]", "[not, a, list]"),
    ("title={a: 1}", "{a: 1}"),
    ("title=yes", "yes"),
    ("title=1e3", "1e3"),
    ("title=a=b", "a=b"),
    ("title=", ""),
    (" title = 'quoted' ", " 'quoted' "),
])
def test_values_are_the_text_typed(pair, value):
    assert parse_pairs([pair]) == {"title": value}


@pytest.mark.parametrize(("pairs", "message"), [
    (["no-equals-sign"], "expected NAME=VALUE"),
    (["=value"], "expected NAME=VALUE"),
    (["title=a", "title=b"], "title is given twice"),
])
def test_malformed_pairs_are_one_line_errors(pairs, message):
    with pytest.raises(InputError, match=message):
        parse_pairs(pairs)


def test_values_take_the_type_the_notebook_declares():
    params = typed(parse_pairs(["suppress_below=5", "include_quote_table=no", "use_cache=True", "title=7",
                                "filter_region=Yes"]), NOTEBOOK)
    assert params == {"suppress_below": 5, "include_quote_table": False, "use_cache": True, "title": "7",
                      "filter_region": "Yes"}
    assert typed({"title": 3, "keep_going": 1, "max_table_rows": " 40 "}, NOTEBOOK) == {
        "title": "3", "keep_going": True, "max_table_rows": 40}


@pytest.mark.parametrize(("params", "message"), [
    ({"colour": "red"}, "unknown parameter"),
    ({"suppress_below": "five"}, "suppress_below must be a whole number, got 'five'"),
    ({"suppress_below": True}, "must be a whole number"),
    ({"suppress_below": "2.5"}, "must be a whole number"),
    ({"include_quote_table": "maybe"}, "include_quote_table must be true or false"),
])
def test_values_the_notebook_cannot_take_are_refused(params, message):
    with pytest.raises(InputError, match=message):
        typed(params, NOTEBOOK)


@pytest.mark.parametrize(("given", "canonical"), [
    ("london", "London"), ("LONDON", "London"), ("  south   east ", "South East"),
    ("yorkshire and the humber", "Yorkshire and The Humber"), ("London", "London"),
])
def test_region_matches_without_case_or_spacing(given, canonical):
    assert checked_choices({"filter_region": given}, load_question_set())["filter_region"] == canonical


def test_organisation_type_matches_curly_apostrophes_and_case():
    params = checked_choices({"filter_organisation_type": "children\u2019s SOCIAL care provider"}, load_question_set())
    assert params["filter_organisation_type"] == "Children's social care provider"


@pytest.mark.parametrize(("name", "value", "field"), [
    ("filter_region", "Londn", "region"), ("filter_organisation_type", "Council", "organisation_type")])
def test_unknown_choice_is_one_line_listing_the_valid_values(name, value, field):
    with pytest.raises(InputError) as error:
        checked_choices({name: value}, load_question_set())
    message = str(error.value)
    assert message.startswith(f"--param: {name}: unknown value {value!r}; valid values: ")
    assert all(option in message for option in load_question_set().field(field).options)
    assert "\n" not in message


def test_empty_choice_means_no_filter():
    assert checked_choices({"filter_region": "", "title": "x"}, load_question_set()) == {"filter_region": "",
                                                                                         "title": "x"}


def test_for_notebook_types_then_checks():
    params = for_notebook({"filter_region": "north west", "suppress_below": "4"}, NOTEBOOK, load_question_set())
    assert params == {"filter_region": "North West", "suppress_below": 4}


def test_cli_refuses_a_misspelt_region_before_any_notebook_runs(tmp_path, capsys, monkeypatch):
    ran = []
    monkeypatch.setattr(briefings, "_run_one", lambda *args, **kwargs: ran.append(args))
    out = tmp_path / "run"
    assert main(["brief", "--param", "filter_region=Londn", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("--param: error: filter_region: unknown value 'Londn'; valid values: North East,")
    assert len(err.splitlines()) == 1
    assert not ran and not out.exists()


def test_cli_passes_text_and_canonical_choices_to_the_notebook(tmp_path, capsys, monkeypatch):
    ran = []

    def run_one(params, run_dir, show_progress):
        ran.append(params)
        return Path(run_dir) / "briefing.html", {}

    monkeypatch.setattr(briefings, "_run_one", run_one)
    code = main(["brief", "--out", str(tmp_path / "run"), "--param", "title=Children #1 priority",
                 "--param", "filter_region=london", "--param", "suppress_below=5", "--param", "scheduler=@x"])
    assert code == 0, capsys.readouterr().err
    (params,) = ran
    assert (params["title"], params["filter_region"], params["suppress_below"], params["scheduler"]) == (
        "Children #1 priority", "London", 5, "@x")


def test_prepare_matches_case_and_refuses_unknown_values(tmp_path):
    prepared = publish.prepare(filter_region="london", write_files=False, display=False)
    assert prepared.params["filter_region"] == "London"
    assert prepared.n > 0 and set(prepared.responses["region"]) == {"London"}
    with pytest.raises(InputError, match="filter_region: unknown value 'Londn'; valid values: North East"):
        publish.prepare(filter_region="Londn", write_files=False, display=False)


def test_a_notebook_cell_shows_an_input_error_as_one_line():
    error = InputError("--param", "filter_region: unknown value 'Londn'")
    assert error._render_traceback_() == ["--param: error: filter_region: unknown value 'Londn'"]


@pytest.mark.slow
def test_papermill_run_with_a_misspelt_region_fails_in_one_line_not_a_traceback(tmp_path):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as error:
        papermill.execute_notebook(str(NOTEBOOK), str(tmp_path / "out.ipynb"), parameters={"filter_region": "Londn"},
                                   cwd=str(tmp_path), progress_bar=False, kernel_name="python3")
    assert error.value.ename == "InputError"
    lines = [line for line in error.value.traceback if line.strip()]
    assert lines == [f"--param: error: filter_region: unknown value 'Londn'; valid values: {', '.join(REGIONS)}"]
