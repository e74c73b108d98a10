"""Key findings as plain sentences computed from the tables."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from synthesis.analyse.common import ORGANISATION_TYPES, OUTSIDE, pct
from synthesis.analyse.respondents import adoption_headline, count_by
from synthesis.analyse.themes import theme_counts
from synthesis.analyse.tools import tool_register

def headlines(
    responses: pd.DataFrame,
    mentions: pd.DataFrame,
    coverage: pd.DataFrame | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[str]:
    """Headline findings as plain sentences computed from the data (unescaped; escape to display)."""
    n = len(responses)
    lines = []
    if n == 0:
        return ["No responses match this briefing's filters."]
    types = count_by(responses, "organisation_type", ORGANISATION_TYPES)
    if not types.empty:
        top = types.iloc[0]
        lines.append(
            f"{n} responses were analysed; the largest group is {str(top['organisation_type']).lower()}"
            f" respondents ({top['respondents']}, {top['percent']:.0f}%)."
        )
    head = adoption_headline(responses)
    who = "responding local authorities" if head["local_authorities"] else "respondents"
    lines.append(f"{head['using']} of {head['responding']} {who} ({head['percent']:.0f}%) use or pilot AI tools.")
    if coverage is not None and not coverage.empty:
        inside = coverage[coverage["uses_ai"] != OUTSIDE]
        regional = len(inside) < len(coverage)
        where = f" in {inside['region'].iloc[0]}" if regional and inside["region"].nunique() == 1 else ""
        responded = int(inside["responded"].sum())
        lines.append(
            f"Responses came from {responded} of the {len(inside)} {'' if regional else 'English '}local authorities"
            f" with children's services{where} ({pct(responded, len(inside)):.0f}%)."
        )
    register = tool_register(mentions)
    if not register.empty:
        t = register.iloc[0]
        lines.append(
            f"{len(register)} distinct tools were named; the most often named is {t['tool']}"
            f" ({t['organisations']} organisations)."
        )
    for prefix, phrase in (("use", "purpose"), ("barrier", "barrier"), ("risk", "risk raised")):
        counts = theme_counts(mentions, prefix, n, labels)
        if not counts.empty and counts.iloc[0]["respondents"] > 0:
            c = counts.iloc[0]
            lines.append(
                f"The most common {phrase} is {str(c['label']).lower()}"
                f" ({c['respondents']} respondents, {c['percent']:.0f}%)."
            )
    return lines
