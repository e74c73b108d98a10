"""A damaged cache heals (issue 13): it is reported with its file, discarded and rebuilt, never a failed run;
``use_cache=False`` bypasses every cache."""

from __future__ import annotations

import json
import sqlite3
import zlib

import pandas as pd
import pytest

from synthesis import methods, publish
from synthesis.cache import AnswerCache, stored_json, stored_path, version_inputs
from synthesis.knowledge import Codebook, ToolList

RESULT = {"mentions": {"label": ["Magic Notes"]}, "sentences": {"sentence_index": [0]}}
INPUTS = {"cache_format": "1", "model": "m", "spacy": "3.8", "synthesis": "0.1", "code": "c",
          "tools": "1:a", "codebook": "1:b", "data": "d"}


def filled(folder) -> AnswerCache:
    store = AnswerCache(folder, INPUTS)
    store.put_many({str(i): {"mentions": {"label": [str(i) * 40]}, "sentences": {}} for i in range(3000)})
    store.close()
    return store


@pytest.mark.parametrize("keep", [0, 50, 4096, "half"])
def test_truncated_sqlite_cache_is_reported_discarded_and_rebuilt(tmp_path, capsys, keep):
    path = filled(tmp_path).path
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 if keep == "half" else keep] if keep else b"")
    with AnswerCache(tmp_path, INPUTS) as store:
        if keep == 0:  # an empty file is a valid empty database: nothing to report
            assert capsys.readouterr().err == ""
        else:
            err = capsys.readouterr().err
            assert f"{path}: warning: cache is corrupt" in err and "rebuilt" in err
        assert len(store) == 0
        assert store.put_many({"a": RESULT}) == 1
        assert store.get_many(["a", "b"]) == {"a": RESULT}
    with AnswerCache(tmp_path, INPUTS) as again:
        assert again.get_many(["a"]) == {"a": RESULT}


def test_garbage_instead_of_a_database_is_rebuilt(tmp_path, capsys):
    path = filled(tmp_path).path
    path.write_bytes(b"not a database " * 500)
    with AnswerCache(tmp_path, INPUTS) as store:
        assert store.get_many(["1"]) == {}
        assert store.put_many({"1": RESULT}) == 1
    assert "file is not a database" in capsys.readouterr().err


def test_pages_damaged_behind_an_intact_header_heal_on_read(tmp_path, capsys):
    path = filled(tmp_path).path
    data = bytearray(path.read_bytes())
    data[8192:] = b"\xff" * (len(data) - 8192)
    path.write_bytes(bytes(data))
    with AnswerCache(tmp_path, INPUTS) as store:
        found = store.get_many(str(i) for i in range(3000))
        assert len(found) < 3000  # what could be read is served; the rest is extracted again
        assert store.put_many({"new": RESULT}) >= 0
        assert store.get_many(["new"]) == {"new": RESULT}
    assert f"{path}: warning: cache is corrupt" in capsys.readouterr().err


def test_a_stored_value_that_does_not_decode_is_dropped_and_stored_again(tmp_path, capsys):
    with AnswerCache(tmp_path, INPUTS) as store:
        path = store.path
        store.put_many({"good": RESULT})
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO results VALUES (?, ?)",
                       [("bad", b"\x00garbage"), ("shape", zlib.compress(json.dumps([1, 2]).encode()))])
    with AnswerCache(tmp_path, INPUTS) as store:
        assert store.get_many(["good", "bad", "shape"]) == {"good": RESULT}
        assert "2 stored value(s) do not decode" in capsys.readouterr().err
        assert store.put_many({"bad": RESULT}) == 1, "the bad value was deleted, so it is stored again"
        assert store.get_many(["bad"]) == {"bad": RESULT}


@pytest.mark.parametrize("text", ['{"a": [1, 2', "", "\udcff".encode("utf-8", "surrogateescape").decode("latin-1")])
def test_truncated_json_entry_is_reported_and_computed_again(tmp_path, capsys, text):
    path = tmp_path / "accuracy" / "k.json"
    path.parent.mkdir()
    path.write_bytes(text.encode("latin-1"))
    calls = []
    data = stored_json(path, lambda: calls.append(1) or {"a": [1, 2]})
    assert data == {"a": [1, 2]} and calls == [1]
    assert json.loads(path.read_text()) == {"a": [1, 2]}
    assert f"{path}: warning: cache is corrupt" in capsys.readouterr().err
    assert stored_json(path, lambda: calls.append(1)) == {"a": [1, 2]} and calls == [1], "then it is a hit"


def test_corrupt_knowledge_entry_heals_and_no_cache_bypasses_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SYNTHESIS_CACHE_DIR", str(tmp_path))
    kept = stored_path("knowledge", version_inputs())
    kept.parent.mkdir(parents=True)
    kept.write_text('{"codebook": {"version": "1", "themes": [')
    codebook, tools = publish.load_knowledge(use_cache=False)
    assert isinstance(codebook, Codebook) and isinstance(tools, ToolList)
    assert capsys.readouterr().err == "" and kept.read_text().endswith("["), "--no-cache neither reads nor writes"
    codebook, tools = publish.load_knowledge()
    assert len(codebook.themes) > 10 and len(tools.tools) > 10
    assert f"{kept}: warning: cache is corrupt" in capsys.readouterr().err
    kept.write_text('{"codebook": {"version": "1"}, "tool_list": {}}')  # valid JSON of the wrong shape
    assert publish.load_knowledge()[0].ids == codebook.ids
    assert "ValidationError" in capsys.readouterr().err


def test_corrupt_accuracy_entry_is_scored_again(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SYNTHESIS_CACHE_DIR", str(tmp_path))
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"text": "We use Magic Notes.", "tools": ["Magic Notes"]}\n')
    kept = methods.accuracy_cache_path(gold)
    kept.parent.mkdir(parents=True)
    kept.write_text('{"tools": {"micro_f1": 0.')

    class Report:
        def to_dict(self):
            return {"n_sentences": 1}

    monkeypatch.setattr("synthesis.evaluate.evaluate", lambda gold, nlp=None: Report())
    out = methods.compute_accuracy(tmp_path / "accuracy.json", gold=gold)
    assert json.loads(out.read_text()) == {"n_sentences": 1}
    assert json.loads(kept.read_text()) == {"n_sentences": 1}
    assert f"{kept}: warning: cache is corrupt" in capsys.readouterr().err


def test_extraction_runs_through_a_corrupt_cache(tmp_path, capsys):
    from synthesis.questions import load_question_set
    from synthesis.scale import run_extraction

    answers = {"respondent_id": "R1", "tools_used": "We use Magic Notes for transcription."}
    responses = pd.DataFrame([{c: answers.get(c, "") for c in load_question_set().columns()}])
    first = run_extraction(responses, load_question_set(), cache_dir=tmp_path)
    assert "Magic Notes" in set(first.mentions["label"])
    (database,) = tmp_path.glob("*.sqlite")
    database.write_bytes(database.read_bytes()[:1000])
    again = run_extraction(responses, load_question_set(), cache_dir=tmp_path)
    assert again.mentions.equals(first.mentions)
    assert f"{database}: warning: cache is corrupt" in capsys.readouterr().err


def test_no_cache_run_neither_reads_nor_writes_any_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SYNTHESIS_CACHE_DIR", str(folder))
    kept = stored_path("knowledge", version_inputs())
    kept.parent.mkdir(parents=True)
    kept.write_text("{truncated")
    responses = tmp_path / "responses.csv"
    responses.write_text("respondent_id,confidential,tools_used\nR1,No,We use Magic Notes for transcription.\n")
    prepared = publish.prepare(input_path=str(responses), use_cache=False, write_files=False, display=False)
    assert "Magic Notes" in set(prepared.mentions["label"])
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == [kept.parent.relative_to(folder),
                                                                         kept.relative_to(folder)]
    assert kept.read_text() == "{truncated"
