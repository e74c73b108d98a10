"""Where things are: the package's notebooks, templates and data, the shipped sample and gold sets, and the
run folders' default places and names."""

from __future__ import annotations

import datetime as _dt
import importlib.resources
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(str(importlib.resources.files("synthesis")))  # notebooks and templates are package data
REPO_ROOT = PACKAGE_DIR.parents[1]
SAMPLE_PATH = REPO_ROOT / "data" / "sample" / "responses.csv"
REAL_GOLD = REPO_ROOT / "data" / "gold" / "real"  # the real-text gold corpus; its test split is what the methods report
NOTEBOOK_DIR = PACKAGE_DIR / "notebooks"
BRIEFING_NOTEBOOK = NOTEBOOK_DIR / "briefing.ipynb"
TEMPLATE_DIR = PACKAGE_DIR / "templates"
TEMPLATE_NAME = "synthesis_briefing"
HEXJSON_PATH = PACKAGE_DIR / "data" / "uk-upper-tier-local-authorities.hexjson"
LA_PATH = PACKAGE_DIR / "data" / "local_authorities.csv"


def resolve_path(path: str | os.PathLike | None, default: Path | None = None) -> Path | None:
    """An absolute path: as given if it exists (or is absolute), else relative to the repository.

    So ``data/sample/responses.csv`` works from any working directory. ``None`` or ``""`` gives ``default``.
    """
    if path is None or str(path) == "":
        return default
    candidate = Path(path).expanduser()
    if candidate.is_absolute() or candidate.exists():
        return candidate.resolve()
    in_repo = REPO_ROOT / candidate
    return in_repo.resolve() if in_repo.exists() else candidate.resolve()


def slug(text: str) -> str:
    """File-name-safe lower-case slug: ``Yorkshire and The Humber`` -> ``yorkshire-and-the-humber``."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "all"


def default_run_dir(name: str = "briefing", base: Path | None = None) -> Path:
    """``outputs/<YYYY-MM-DD>_<name>/`` under ``base``; ``_`` separates name parts.

    Without ``base``: the folder ``$SYNTHESIS_OUTPUTS`` names, else ``outputs/`` of the repository in
    a checkout, else ``outputs/`` of the working folder (a pip install on a scheduler host).
    """
    if base is not None:
        outputs = base / "outputs"
    elif os.environ.get("SYNTHESIS_OUTPUTS"):
        outputs = Path(os.environ["SYNTHESIS_OUTPUTS"]).expanduser()
    else:
        outputs = (REPO_ROOT if (REPO_ROOT / "pyproject.toml").exists() else Path.cwd()) / "outputs"
    safe = "_".join(slug(part) for part in str(name).split("_"))
    return outputs / f"{_dt.date.today().isoformat()}_{safe}"


def run_name(values: Mapping[str, Any], by: str | None = None) -> str:
    """The run folder's name: ``briefing`` and the filters (``briefing_london``), or the grouping (``_by-region``)."""
    return "_".join(["briefing", *(slug(str(values[k])) for k in ("filter_region", "filter_organisation_type")
                                   if values.get(k)), *([f"by-{by.replace('_', '-')}"] if by else [])])
