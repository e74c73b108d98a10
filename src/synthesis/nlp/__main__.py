"""``python -m synthesis.nlp``: check that the English pipeline loads and say which one it is."""

from synthesis.english import english_model_package
from synthesis.nlp.pipeline import load_english

nlp = load_english()
print(f"English pipeline: {english_model_package()} {nlp.meta['version']} ({', '.join(nlp.pipe_names)})")
