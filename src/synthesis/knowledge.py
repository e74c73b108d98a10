"""Domain knowledge shipped as versioned data: the tool list and the theme codebook.

Both files are YAML, validated on load with pydantic. A malformed entry raises
:class:`KnowledgeError`, a one-line ``FILE:LINE: entry 'NAME': problem`` message, never a
pydantic traceback, so an analyst editing the files sees at once what to fix.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from synthesis.bounded import load_yaml
from synthesis.errors import InputError

DATA_DIR = Path(str(resources.files("synthesis") / "data"))
DEFAULT_TOOLS = DATA_DIR / "tools.yaml"
DEFAULT_CODEBOOK = DATA_DIR / "codebook.yaml"

PROVENANCES = ("commercial", "in-house", "unknown")
THEME_FAMILIES = ("use", "impact", "risk", "governance", "barrier", "overcome", "support")

#: Theme ids of the default codebook (SPEC §4); a codebook that lacks one of them is still valid
#: (another consultation has other themes), but the shipped one must hold them all.
SPEC_THEME_IDS = (
    "use.transcription", "use.summarisation", "use.drafting", "use.translation",
    "use.risk_prediction", "use.search_insight", "use.voice_of_child", "use.single_view",
    "impact.time_saving", "impact.quality", "impact.engagement", "impact.wellbeing_retention",
    "impact.accessibility", "impact.cost",
    "risk.accuracy", "risk.bias", "risk.privacy", "risk.consent", "risk.transparency",
    "risk.oversight", "risk.overreliance",
    "governance.human_review", "governance.training", "governance.dpia", "governance.policy",
    "governance.evaluation",
    "barrier.funding", "barrier.procurement", "barrier.skills", "barrier.data_quality",
    "barrier.information_governance", "barrier.trust_culture", "barrier.evidence",
    "barrier.infrastructure", "barrier.vendor",
)

TokenPattern = list[dict[str, Any]]


class KnowledgeError(InputError):
    """A problem in the tool list or the codebook: ``FILE:LINE: entry 'NAME': message``."""

    def __init__(self, file: object, message: str, line: int | None = None, entry: str | None = None):
        self.line = line
        self.entry = entry
        text = f"entry '{entry}': {message}" if entry else message
        super().__init__(file, text, row=line)


# --------------------------------------------------------------------------------------------
# YAML with line numbers
# --------------------------------------------------------------------------------------------

class _Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml's when available) whose mappings carry their source lines."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    loader.flatten_mapping(node)
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> Any:
    try:
        return load_yaml(path, loader=_LineLoader)  # bounded: alias expansion and nesting are capped
    except InputError as exc:
        raise KnowledgeError(path, exc.message.replace("invalid YAML", "not valid YAML"), line=exc.row) from None


def _plain(value: Any) -> Any:
    """Strip line bookkeeping so pydantic sees ordinary dicts."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _error_line(raw: Any, loc: tuple[Any, ...]) -> int | None:
    """The most precise source line for a pydantic error location inside ``raw``."""
    line = getattr(raw, "line", None)
    node = raw
    for part in loc:
        if isinstance(node, _Mapping):
            line = node.key_lines.get(str(part), line)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        else:
            break
    return line


def _describe(error: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in error["loc"])
    return f"{loc}: {error['msg']}" if loc else error["msg"]


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# Tool list
# --------------------------------------------------------------------------------------------

class ToolEntry(BaseModel):
    """One tool: a canonical name and how it is written in free text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    aliases: list[str] = []
    """Matched case-insensitively, token by token (the canonical name is always one)."""
    exact_aliases: list[str] = []
    """Matched only with this exact capitalisation (ambiguous words: "Mosaic", "Minute")."""
    patterns: list[TokenPattern] = []
    """spaCy Matcher token patterns for spelling variants."""
    needs_context: bool = False
    """Exact aliases count only when a tool cue (use, app, record, ...) is in the same sentence."""
    context: list[str] = []
    """Extra cue lemmas for ``needs_context``."""
    vendor: str | None = None
    category: str = Field(min_length=1)
    provenance: Literal["commercial", "in-house", "unknown"]
    url: str | None = None
    note: str | None = None

    @field_validator("aliases", "exact_aliases", "context")
    @classmethod
    def _no_blank(cls, values: list[str]) -> list[str]:
        if any(not v.strip() for v in values):
            raise ValueError("must not contain empty strings")
        return values

    @field_validator("patterns")
    @classmethod
    def _patterns_not_empty(cls, values: list[TokenPattern]) -> list[TokenPattern]:
        if any(not p for p in values):
            raise ValueError("a token pattern must have at least one token")
        return values


class ToolList(BaseModel):
    """The shipped, versioned list of known tools."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(min_length=1)
    tools: list[ToolEntry]
    path: str = ""
    sha: str = ""

    @functools.cached_property
    def by_name(self) -> dict[str, ToolEntry]:
        return {t.name: t for t in self.tools}

    @functools.cached_property
    def alias_index(self) -> dict[str, str]:
        """Lower-cased name or alias -> canonical name (used to map gold labels)."""
        index: dict[str, str] = {}
        for tool in self.tools:
            for alias in (tool.name, *tool.aliases, *tool.exact_aliases):
                index.setdefault(alias.lower(), tool.name)
        return index

    @functools.cached_property
    def vendors(self) -> set[str]:
        return {t.vendor.lower() for t in self.tools if t.vendor}

    def canonical(self, label: str) -> str:
        """Canonical name for a label or alias; the label itself when unknown."""
        return self.alias_index.get(label.strip().lower(), label.strip())


# --------------------------------------------------------------------------------------------
# Codebook
# --------------------------------------------------------------------------------------------

class Theme(BaseModel):
    """One theme of the codebook."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z]+\.[a-z_]+$")
    label: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    phrases: list[str] = []
    """Matched on lemmas, case-insensitively: "save time" also finds "saved time", "saving time"."""
    patterns: list[TokenPattern] = []
    """spaCy Matcher token patterns (LEMMA / LOWER / OP ...)."""
    weak_phrases: list[str] = []
    """Ambiguous wording ("supplier", "summary"): counts only with a ``requires`` word in the sentence."""
    weak_patterns: list[TokenPattern] = []
    requires: list[str] = []
    """Lemmas or short phrases; one must occur in the sentence for a weak match to count."""
    exclude: list[TokenPattern] = []
    """Token patterns for other senses ("evaluation of the child", "a bias towards"): a match of the
    theme inside one of them does not count."""
    negatable: bool = True
    """False for themes usually stated in the negative ("AI will never make the decision")."""
    questions: list[str] = []
    """The question ids whose answers are coded with this theme (empty: every question)."""

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @field_validator("phrases", "weak_phrases", "requires")
    @classmethod
    def _no_blank(cls, values: list[str]) -> list[str]:
        if any(not v.strip() for v in values):
            raise ValueError("must not contain empty strings")
        return values

    @model_validator(mode="after")
    def _has_patterns(self) -> "Theme":
        if not self.phrases and not self.patterns and not self.weak_phrases and not self.weak_patterns:
            raise ValueError("a theme needs at least one phrase or pattern")
        if any(not p for p in [*self.patterns, *self.weak_patterns, *self.exclude]):
            raise ValueError("a token pattern must have at least one token")
        if (self.weak_phrases or self.weak_patterns) and not self.requires:
            raise ValueError("weak_phrases / weak_patterns need a 'requires' list")
        return self


class Codebook(BaseModel):
    """The shipped, versioned theme codebook."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(min_length=1)
    themes: list[Theme]
    path: str = ""
    sha: str = ""
    sentence_embeddings: bool = False
    """Also read each sentence's all-MiniLM-L6-v2 vector (the ``embed`` extra): more accurate, ~20x slower."""

    @functools.cached_property
    def by_id(self) -> dict[str, Theme]:
        return {t.id: t for t in self.themes}

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    @functools.cached_property
    def scopes(self) -> dict[str, set[str]]:
        """Theme id -> the question ids it is coded in, for the themes coded only in some questions."""
        return {t.id: set(t.questions) for t in self.themes if t.questions}


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

def _load_entries(path: Path, list_key: str, entry_model: type[BaseModel], name_key: str,
                  switches: tuple[str, ...] = ()) -> tuple[str, list, dict[str, int], dict[str, bool]]:
    """The version, the validated entries, each entry's source line (by name) and the top-level
    true/false ``switches`` given, of one YAML file."""
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise KnowledgeError(path, "expected a mapping with 'version' and '%s'" % list_key, line=1)
    given = {}
    for key in switches:
        if key in raw:
            if not isinstance(raw[key], bool):
                raise KnowledgeError(path, f"'{key}' must be true or false", line=raw.key_lines.get(key))
            given[key] = raw[key]
    unknown = set(raw) - {"version", list_key, *switches}
    if unknown:
        key = sorted(unknown)[0]
        raise KnowledgeError(path, f"unknown top-level key '{key}'", line=raw.key_lines.get(key))
    version = raw.get("version")
    if not isinstance(version, (str, int, float)) or str(version).strip() == "":
        raise KnowledgeError(path, "missing top-level 'version' string", line=raw.key_lines.get("version", 1))
    entries_raw = raw.get(list_key)
    if not isinstance(entries_raw, list) or not entries_raw:
        raise KnowledgeError(path, f"'{list_key}' must be a non-empty list", line=raw.key_lines.get(list_key, 1))
    entries = []
    for index, item in enumerate(entries_raw):
        line = getattr(item, "line", None)
        label = (item.get(name_key) if isinstance(item, dict) else None) or f"#{index + 1}"
        if not isinstance(item, dict):
            raise KnowledgeError(path, "each entry must be a mapping", line=line, entry=str(label))
        try:
            entries.append(entry_model.model_validate(_plain(item)))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise KnowledgeError(
                path, _describe(first), line=_error_line(item, first["loc"]), entry=str(label)
            ) from None
    lines = {str(item.get(name_key)): item.line for item in entries_raw if isinstance(item, _Mapping)}
    return str(version), entries, lines, given


def _check_patterns(path: Path, raw_lines: dict[str, int], name: str, patterns: list[TokenPattern]) -> None:
    """Let spaCy's own validator judge each token pattern."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    matcher = Matcher(Vocab(), validate=True)
    for i, pattern in enumerate(patterns):
        try:
            matcher.add(f"p{i}", [pattern])
        except (MatchPatternError, ValueError, TypeError) as exc:
            detail = " ".join(str(exc).split())
            raise KnowledgeError(
                path, f"patterns[{i}]: invalid spaCy token pattern ({detail[:160]})",
                line=raw_lines.get(name), entry=name,
            ) from None


@functools.lru_cache(maxsize=8)
def _load_tool_list_cached(path: str, mtime: float) -> ToolList:
    p = Path(path)
    version, tools, lines, _ = _load_entries(p, "tools", ToolEntry, "name")
    seen: dict[str, str] = {}
    for tool in tools:
        for alias in (tool.name, *tool.aliases):
            key = alias.lower()
            if key in seen and seen[key] != tool.name:
                raise KnowledgeError(
                    p, f"alias '{alias}' is already used by '{seen[key]}'", line=lines.get(tool.name), entry=tool.name
                )
            seen[key] = tool.name
        _check_patterns(p, lines, tool.name, tool.patterns)
    names = [t.name for t in tools]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise KnowledgeError(p, "duplicate tool name", line=lines.get(dupes[0]), entry=dupes[0])
    return ToolList(version=version, tools=tools, path=str(p), sha=_file_hash(p))


@functools.lru_cache(maxsize=8)
def _load_codebook_cached(path: str, mtime: float) -> Codebook:
    p = Path(path)
    version, themes, lines, switches = _load_entries(p, "themes", Theme, "id", ("sentence_embeddings",))
    ids = [t.id for t in themes]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise KnowledgeError(p, "duplicate theme id", line=lines.get(dupes[0]), entry=dupes[0])
    for theme in themes:
        if theme.family not in THEME_FAMILIES:
            raise KnowledgeError(
                p, f"theme family '{theme.family}' is not one of {', '.join(THEME_FAMILIES)}",
                line=lines.get(theme.id), entry=theme.id,
            )
        _check_patterns(p, lines, theme.id, [*theme.patterns, *theme.weak_patterns])
    return Codebook(version=version, themes=themes, path=str(p), sha=_file_hash(p), **switches)


def _resolve(path: str | Path | None, default: Path) -> Path:
    p = Path(path) if path is not None else default
    if not p.exists():
        raise KnowledgeError(p, "file not found")
    return p.resolve()


def load_tool_list(path: str | Path | None = None) -> ToolList:
    """Load and validate the tool list (default: the shipped ``data/tools.yaml``)."""
    p = _resolve(path, DEFAULT_TOOLS)
    return _load_tool_list_cached(str(p), p.stat().st_mtime)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate the theme codebook (default: the shipped ``data/codebook.yaml``)."""
    p = _resolve(path, DEFAULT_CODEBOOK)
    return _load_codebook_cached(str(p), p.stat().st_mtime)
