"""Briefing parameters: parsed, typed and checked in one place, before any notebook runs.

``--param NAME=VALUE`` values are taken as the text typed (never read as YAML, so ``title=Children #1
priority`` stays whole and ``@x`` is just text); :func:`typed` then converts each to the type the
notebook's parameters cell declares (``int``, ``bool``, ``str``). Choice parameters (the region and
organisation-type filters) must name one of the question set's options, matched without regard to
case or spacing ("london" is London); anything else is a one-line error listing the valid values. The
CLI and :func:`synthesis.briefings.brief` check before running the notebook; :func:`synthesis.publish.prepare`
checks again, so a notebook run directly with papermill fails the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from synthesis.errors import InputError
from synthesis.questions import QuestionSet
from synthesis.validate import fold

WHERE = "--param"
TRUE = {"1", "true", "yes", "y", "on"}
FALSE = {"0", "false", "no", "n", "off"}
#: Parameter -> the question-set field whose options it must name.
CHOICES = {"filter_region": "region", "filter_organisation_type": "organisation_type"}


def parse_pairs(pairs: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings as ``{name: value}``, each value exactly as typed (split at the first ``=``)."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(WHERE, f"expected NAME=VALUE, got {pair!r}")
        if name in params:
            raise InputError(WHERE, f"{name} is given twice ({params[name]!r} and {value!r})")
        params[name] = value
    return params


@functools.lru_cache(maxsize=4)
def _declared(notebook: str, mtime: float) -> dict[str, str]:
    import papermill

    return {name: (spec.get("inferred_type_name") or "").lower()
            for name, spec in papermill.inspect_notebook(notebook).items()}


def declared_types(notebook: str | Path) -> dict[str, str]:
    """Each parameter of ``notebook``'s parameters cell with its declared type name (``int``, ``bool``, ``str``...)."""
    path = Path(notebook)
    return _declared(str(path), path.stat().st_mtime)


def _as_int(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise InputError(WHERE, f"{name} must be a whole number, got {value!r}")
    try:
        return int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise InputError(WHERE, f"{name} must be a whole number, got {value!r}") from None


def _as_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise InputError(WHERE, f"{name} must be true or false (or yes/no, 1/0), got {value!r}")


def typed(params: Mapping[str, Any], notebook: str | Path) -> dict[str, Any]:
    """``params`` checked against the notebook's parameters cell and converted to its declared types."""
    declared = declared_types(notebook)
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise InputError(WHERE, f"unknown parameter(s) {', '.join(unknown)}; the briefing takes {', '.join(declared)}")
    out: dict[str, Any] = {}
    for name, value in params.items():
        kind = declared[name]
        if kind == "int":
            out[name] = _as_int(name, value)
        elif kind == "bool":
            out[name] = _as_bool(name, value)
        elif kind == "str":
            out[name] = "" if value is None else str(value)
        else:
            out[name] = value
    return out


def choice(name: str, value: str, options: list[str]) -> str:
    """The option ``value`` names, matched without regard to case, spacing or curly apostrophes; else a one-line
    error listing the options."""
    for option in options:
        if fold(option) == fold(value):
            return option
    raise InputError(WHERE, f"{name}: unknown value {value!r}; valid values: {', '.join(options)}")


def checked_choices(params: Mapping[str, Any], question_set: QuestionSet) -> dict[str, Any]:
    """``params`` with each non-empty choice parameter replaced by the option it names (see :func:`choice`)."""
    out = dict(params)
    for name, field_id in CHOICES.items():
        value = str(out.get(name) or "").strip()
        if not value:
            continue
        try:
            options = question_set.field(field_id).options
        except KeyError:
            raise InputError(WHERE, f"{name}: the question set has no {field_id!r} field to filter on") from None
        out[name] = choice(name, value, options) if options else value
    return out


def for_notebook(params: Mapping[str, Any], notebook: str | Path, question_set: QuestionSet) -> dict[str, Any]:
    """Typed (:func:`typed`) and checked (:func:`checked_choices`) parameters for one notebook run."""
    return checked_choices(typed(params, notebook), question_set)
