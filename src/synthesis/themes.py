"""Kept for callers of the old module: the theme model's sha256 now lives in :mod:`synthesis.nlp.theme_model`."""

from synthesis.nlp.theme_model import MODEL_SHA256

__all__ = ["MODEL_SHA256"]
