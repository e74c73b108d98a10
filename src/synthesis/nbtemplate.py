"""The nbconvert side of the briefing template, so a plain ``jupyter nbconvert --template synthesis`` matches.

The template's ``conf.json`` names :class:`BriefingPreprocessor`, so every conversion with the template
(``synthesis brief`` or nbconvert on a papermill output) leaves out the cells tagged for removal and the
stderr streams, and titles the page with the briefing's ``title`` parameter, not the file name.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor

#: cells with one of these tags are never shown in the HTML
HIDDEN_TAGS = frozenset({"remove-cell", "parameters", "injected-parameters"})


def _is_stderr(output) -> bool:
    return output.get("output_type") == "stream" and output.get("name") == "stderr"


class BriefingPreprocessor(Preprocessor):
    """Drop hidden cells and stderr, drop widget state, and set the page title from the parameters."""

    def preprocess(self, nb, resources):
        if not nb.metadata.get("title"):
            parameters = nb.metadata.get("papermill", {}).get("parameters", {})
            title = parameters.get("title")
            if not title:
                from synthesis.publish import DEFAULT_TITLE

                title = DEFAULT_TITLE
            nb.metadata["title"] = str(title)
        nb.metadata.pop("widgets", None)
        nb.cells = [cell for cell in nb.cells if not HIDDEN_TAGS & set(cell.metadata.get("tags", []))]
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [output for output in cell.outputs if not _is_stderr(output)]
        return nb, resources
