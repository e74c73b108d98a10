"""Extraction: the spaCy pipeline that finds tools and themes in answers.

One module each: :mod:`~synthesis.nlp.pipeline` (the factory), :mod:`~synthesis.nlp.text` (sentences,
lemmas, words), :mod:`~synthesis.nlp.cues` (status and negation), :mod:`~synthesis.nlp.matcher` (token
patterns), :mod:`~synthesis.nlp.tools`, :mod:`~synthesis.nlp.themes` and
:mod:`~synthesis.nlp.theme_model` (the learnt theme model). ``python -m synthesis.nlp`` checks the install.
"""

from synthesis.nlp.pipeline import STATISTICAL, build_pipeline, clear_pipeline_cache, load_english, pipeline_versions
from synthesis.nlp.text import words_of
from synthesis.nlp.theme_model import MODEL_SHA256

__all__ = ["MODEL_SHA256", "STATISTICAL", "build_pipeline", "clear_pipeline_cache", "load_english", "pipeline_versions",
           "words_of"]
