"""The tool list and the codebook: shipped files valid, malformed entries named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthesis.knowledge import (
    SPEC_THEME_IDS,
    KnowledgeError,
    load_codebook,
    load_tool_list,
)


def test_shipped_tool_list_is_valid_and_large_enough():
    tools = load_tool_list()
    assert tools.version
    assert len(tools.tools) >= 40
    assert {t.provenance for t in tools.tools} <= {"commercial", "in-house", "unknown"}
    assert tools.by_name["Magic Notes"].vendor == "Beam"
    assert tools.by_name["Microsoft Copilot"].vendor == "Microsoft"


@pytest.mark.parametrize("alias, canonical", [
    ("Co-Pilot", "Microsoft Copilot"),
    ("M365 Copilot", "Microsoft Copilot"),
    ("ms copilot", "Microsoft Copilot"),
    ("Chat GPT", "ChatGPT"),
    ("MagicNotes", "Magic Notes"),
    ("Liquid Logic", "Liquidlogic"),
    ("Something Else", "Something Else"),
])
def test_canonical_names_through_aliases(alias, canonical):
    assert load_tool_list().canonical(alias) == canonical


def test_shipped_codebook_has_every_spec_theme():
    book = load_codebook()
    assert book.version
    assert set(SPEC_THEME_IDS) <= set(book.ids)
    for theme in book.themes:
        assert theme.label and theme.definition


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_TOOL = """\
  - name: Good Tool
    aliases: [Good Tool]
    vendor: Good Ltd
    category: analytics
    provenance: commercial
"""


@pytest.mark.parametrize("entry, line, words", [
    # wrong provenance: the message names the entry, the line of the field and the problem
    ("  - name: Bad Tool\n    category: analytics\n    provenance: homemade\n", 10, ["Bad Tool", "provenance"]),
    # missing category
    ("  - name: No Category\n    provenance: commercial\n", 8, ["No Category", "category"]),
    # unknown field (typo)
    ("  - name: Typo Tool\n    category: x\n    provenance: commercial\n    vendorr: X\n", 11, ["Typo Tool", "vendorr"]),
    # invalid spaCy token pattern
    ("  - name: Bad Pattern\n    category: x\n    provenance: commercial\n    patterns:\n      - [{NOTANATTR: x}]\n", 8,
     ["Bad Pattern", "patterns[0]"]),
])
def test_malformed_tool_entry_names_file_line_and_entry(tmp_path, entry, line, words):
    path = _write(tmp_path, "tools.yaml", 'version: "t1"\ntools:\n' + GOOD_TOOL + entry)
    with pytest.raises(KnowledgeError) as info:
        load_tool_list(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}:"), message
    for word in words:
        assert word in message
    assert "\n" not in message


def test_duplicate_alias_is_an_error(tmp_path):
    text = 'version: "t1"\ntools:\n' + GOOD_TOOL + GOOD_TOOL.replace("name: Good Tool", "name: Other Tool")
    with pytest.raises(KnowledgeError, match="already used by 'Good Tool'"):
        load_tool_list(_write(tmp_path, "tools.yaml", text))


def test_yaml_syntax_error_has_a_line(tmp_path):
    path = _write(tmp_path, "tools.yaml", 'version: "t1"\ntools:\n  - name: [unclosed\n')
    with pytest.raises(KnowledgeError) as info:
        load_tool_list(path)
    assert str(info.value).startswith(f"{path}:")
    assert info.value.line is not None


def test_missing_version(tmp_path):
    with pytest.raises(KnowledgeError, match="version"):
        load_tool_list(_write(tmp_path, "tools.yaml", "tools:\n" + GOOD_TOOL))


@pytest.mark.parametrize("body, line, words", [
    ("  - id: use.thing\n    label: Thing\n    definition: d\n    phrases: [thing]\n"
     "  - id: Bad-Id\n    label: Bad\n    definition: d\n    phrases: [bad]\n", 7, ["Bad-Id", "id"]),
    ("  - id: use.empty\n    label: Empty\n    definition: d\n", 3, ["use.empty", "phrase or pattern"]),
    ("  - id: use.weak\n    label: Weak\n    definition: d\n    weak_phrases: [cost]\n", 3, ["use.weak", "requires"]),
    ("  - id: other.family\n    label: X\n    definition: d\n    phrases: [x]\n", 3, ["other.family", "family"]),
    ("  - id: use.thing\n    label: Thing\n    definition: d\n    phrases: [thing]\n    exclude: [[]]\n", 3,
     ["use.thing", "at least one token"]),
])
def test_malformed_theme_names_file_line_and_entry(tmp_path, body, line, words):
    path = _write(tmp_path, "codebook.yaml", 'version: "c1"\nthemes:\n' + body)
    with pytest.raises(KnowledgeError) as info:
        load_codebook(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}:"), message
    for word in words:
        assert word in message


def test_yaml_booleans_in_patterns_are_caught(tmp_path):
    # an unquoted `on` is YAML for true: spaCy's validator reports it against the theme
    body = ("  - id: impact.engagement\n    label: E\n    definition: d\n"
            "    patterns:\n      - [{LOWER: focus}, {LOWER: on}]\n")
    path = _write(tmp_path, "codebook.yaml", 'version: "c1"\nthemes:\n' + body)
    with pytest.raises(KnowledgeError, match="impact.engagement"):
        load_codebook(path)


def test_missing_file():
    with pytest.raises(KnowledgeError, match="file not found"):
        load_tool_list("/nonexistent/tools.yaml")
