"""The on-disk answer cache: hits and misses, version keys, where it lives, concurrent writers."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from synthesis import cache as cache_module
from synthesis.cache import AnswerCache, answer_key, cache_dir, decode, encode, version_inputs, version_key

RESULT = {
    "mentions": {"kind": ["tool"], "label": ["Magic Notes"], "start": [7], "end": [18], "negated": [False],
                 "known": [True], "vendor": ["Beam"], "sentence": ["We use Magic Notes."]},
    "sentences": {"sentence_index": [0], "start": [0], "end": [19], "themes": [["use.transcription"]],
                  "tools": [["Magic Notes"]]},
}
INPUTS = {"cache_format": "1", "model": "m==1", "spacy": "3.8", "synthesis": "0.1", "code": "c",
          "tools": "1:a", "codebook": "1:b", "data": "d"}


def test_answer_key_is_sha256_of_the_text():
    assert answer_key("We use Magic Notes.") == answer_key("We use Magic Notes.")
    assert answer_key("We use Magic Notes.") != answer_key("We use Magic Notes. ")
    assert len(answer_key("")) == 64


def test_encode_round_trip_keeps_types():
    assert decode(encode(RESULT)) == RESULT
    assert encode(RESULT) == encode(RESULT)


def test_cache_dir_argument_then_environment_then_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(cache_module.ENV_VAR, raising=False)
    assert cache_dir() == tmp_path / ".cache" / "synthesis"
    monkeypatch.setenv(cache_module.ENV_VAR, str(tmp_path / "env"))
    assert cache_dir() == tmp_path / "env"
    assert cache_dir(tmp_path / "arg") == tmp_path / "arg"


def test_miss_then_hit(tmp_path):
    with AnswerCache(tmp_path, INPUTS) as store:
        assert store.get_many(["a", "b"]) == {}
        assert store.put_many({"a": RESULT}) == 1
        assert store.put_many({"a": RESULT}) == 0  # already there: left alone
        assert store.get_many(["a", "b"]) == {"a": RESULT}
        assert len(store) == 1
    with AnswerCache(tmp_path, INPUTS) as again:  # persists across connections
        assert again.get_many(["a"]) == {"a": RESULT}


def test_many_keys_are_looked_up_in_chunks(tmp_path):
    with AnswerCache(tmp_path, INPUTS) as store:
        store.put_many({str(i): RESULT for i in range(1200)})
        assert len(store.get_many(str(i) for i in range(-5, 1300))) == 1200


def test_one_database_per_version_key(tmp_path):
    with AnswerCache(tmp_path, INPUTS) as store:
        store.put_many({"a": RESULT})
    for name in INPUTS:
        changed = {**INPUTS, name: INPUTS[name] + "x"}
        assert version_key(changed) != version_key(INPUTS)
        with AnswerCache(tmp_path, changed) as other:
            assert other.get_many(["a"]) == {}, name


@pytest.fixture
def knowledge_copies(tmp_path):
    from synthesis.knowledge import DEFAULT_CODEBOOK, DEFAULT_TOOLS

    tools, codebook = tmp_path / "tools.yaml", tmp_path / "codebook.yaml"
    tools.write_bytes(DEFAULT_TOOLS.read_bytes())
    codebook.write_bytes(DEFAULT_CODEBOOK.read_bytes())
    return tools, codebook


def test_version_inputs_name_model_and_versions(knowledge_copies):
    tools, codebook = knowledge_copies
    inputs = version_inputs(tools, codebook)
    assert inputs == version_inputs()  # same bytes, same key, wherever the files are
    assert "==" in inputs["model"]
    assert inputs["tools"].split(":")[0] not in ("", "unversioned")


@pytest.mark.parametrize("which", ["tools", "codebook"])
def test_any_edit_to_the_tool_list_or_codebook_invalidates(knowledge_copies, which):
    tools, codebook = knowledge_copies
    before = version_key(version_inputs(tools, codebook))
    path = tools if which == "tools" else codebook
    text = path.read_text("utf-8")
    path.write_text(text + "\n# a comment changes the content hash\n", "utf-8")
    after_content = version_key(version_inputs(tools, codebook))
    path.write_text(text.replace("version:", "version: '9999' #", 1), "utf-8")
    after_version = version_key(version_inputs(tools, codebook))
    assert len({before, after_content, after_version}) == 3


@pytest.mark.parametrize(
    "target, attribute, value",
    [
        ("synthesis.english", "model_version", lambda: "en_core_web_sm==9.9.9"),
        ("synthesis", "__version__", "9.9.9"),
        ("synthesis.cache", "_package_version", lambda name: "9.9.9"),
        ("synthesis.cache", "module_sha", lambda name: "changed"),
        ("synthesis.cache", "CACHE_FORMAT", 99),
    ],
)
def test_model_package_code_and_format_changes_invalidate(monkeypatch, target, attribute, value):
    import importlib

    before = version_key(version_inputs())
    monkeypatch.setattr(importlib.import_module(target), attribute, value)
    assert version_key(version_inputs()) != before


def _writer(folder: str, start: int, count: int) -> None:
    with AnswerCache(folder, INPUTS, timeout=60) as store:
        for i in range(start, start + count, 10):  # many small transactions, interleaving with the other
            store.put_many({f"k{j}": {**RESULT, "n": {"i": [j]}} for j in range(i, i + 10)})
            store.get_many([f"k{i}", f"k{i + 5000}"])


def test_two_processes_writing_at_once_do_not_corrupt_it(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), start, 1500)) for start in (0, 1000)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    with AnswerCache(tmp_path, INPUTS) as store:
        found = store.get_many(f"k{i}" for i in range(2500))
        assert len(found) == 2500
        assert all(found[f"k{i}"]["n"]["i"] == [i] for i in range(2500))
        path = store.path
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sorted(p.name for p in Path(tmp_path).iterdir() if not p.name.endswith(("-wal", "-shm"))) == [path.name]


def test_preload_serves_the_same_results_and_sees_this_runs_writes(tmp_path):
    with AnswerCache(tmp_path, INPUTS) as store:
        store.put_many({str(i): {**RESULT, "n": {"i": [i]}} for i in range(600)})
        direct = store.get_many(str(i) for i in range(-5, 700))
        assert store.preload(max_bytes=0) is False and store._blobs is None  # too big: keep querying
        assert store.preload() is True
        assert store.get_many(str(i) for i in range(-5, 700)) == direct and len(direct) == 600
        store.put_many({"new": RESULT})
        assert store.get_many(["new", "gone"]) == {"new": RESULT}


def test_gc_is_paused_only_inside_and_restored_as_it_was():
    import gc

    assert gc.isenabled()
    with cache_module.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with cache_module.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
