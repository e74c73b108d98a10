"""Key findings as plain sentences, written from the protected tables that the briefing publishes."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from synthesis.analyse.common import pct, percent_text
from synthesis.analyse.links import NOT_YET

PHRASES = {
    "purposes": "purpose named in answers about the tools used",
    "impact": "impact reported",
    "risks": "risk raised",
    "governance": "way of managing risks",
    "barriers": "barrier",
    "barriers_overcome": "way barriers were overcome",
    "support_themes": "kind of support asked of government",
}


def _count(n: object, threshold: int) -> str | None:
    """A count as published: ``None`` when hidden or small (a finding is then not stated)."""
    if n is None or n is pd.NA or (isinstance(n, float) and n != n):
        return None
    n = int(n)
    return None if 0 < n < threshold else str(n)


def headlines(
    n: int,
    threshold: int,
    types: pd.DataFrame,
    uses_ai_by_type: pd.DataFrame,
    coverage_regions: pd.DataFrame | None,
    register: pd.DataFrame,
    sections: Mapping[str, pd.DataFrame],
    region: str = "",
) -> list[str]:
    """Headline findings, each taken from a table the briefing publishes (already protected).

    Nothing is stated from a hidden or small count: a finding that would need one is left out. Theme
    findings come from each section's own question (``sections``: the protected ``section_counts``).
    """
    if n == 0:
        return ["No responses match this briefing's filters."]
    lines = [f"{n} responses were analysed."]
    shown = types.dropna(subset=["respondents"])
    shown = shown[shown["respondents"] > 0]
    if not shown.empty:
        top = shown.sort_values("respondents", ascending=False, kind="stable").iloc[0]
        lines[0] = (f"{n} responses were analysed; the largest group is {str(top['organisation_type']).lower()} "
                    f"respondents ({int(top['respondents'])}, {percent_text(top['percent'])}).")
    las = uses_ai_by_type[uses_ai_by_type["organisation_type"] == "Local authority"]
    if not las.empty:
        total = _count(las["row_total"].iloc[0], threshold)
        using_cells = las[las["uses_ai"].isin(["In use", "Piloting"])]["respondents"]
        using = None if using_cells.isna().any() else _count(int(using_cells.sum()), threshold)
        if total and using and int(total):
            # responses, as the table counts them: an authority may answer twice (a council and its children's trust)
            share = percent_text(pct(int(using), int(total)))
            lines.append(f"{using} of {total} responses from local authorities ({share}) say they use or pilot AI tools.")
    if coverage_regions is not None and not coverage_regions.empty:
        responded = int(coverage_regions["responded"].sum())
        authorities = int(coverage_regions["authorities"].sum())
        where = f" in {region}" if region else ""
        english = "" if region else "English "
        lines.append(f"{responded} of the {authorities} {english}local authorities with children's services{where} "
                     f"responded and agreed to be named ({percent_text(pct(responded, authorities))}).")
    named = register.dropna(subset=["organisations"]) if not register.empty else register
    if not named.empty and int(named["organisations"].iloc[0]) >= max(threshold, 1):
        t = named.iloc[0]
        # the register lists tools named only by their suppliers or by those who do not use them (0 organisations)
        some_not_used = " (some only by their suppliers or by respondents who do not use them)" \
            if (register["organisations"] == 0).any() else ""
        lines.append(f"{len(register)} distinct tools were named{some_not_used}; the most often named is {t['tool']} "
                     f"({int(t['organisations'])} organisations).")
    for name, phrase in PHRASES.items():
        table = sections.get(name)
        if table is None or table.empty:
            continue
        table = table.dropna(subset=["respondents"])
        table = table[table["respondents"] > 0]
        if name == "barriers_overcome" and (table["theme"] == NOT_YET).any():
            c = table[table["theme"] == NOT_YET].iloc[0]
            lines.append(f"{int(c['respondents'])} of {int(c['answered'])} {c['base']} say their barriers are not yet "
                         f"(or only partly) overcome ({percent_text(c['percent'])}).")
            table = table[table["theme"] != NOT_YET]
        if table.empty:
            continue
        c = table.iloc[0]
        lines.append(f"The most common {phrase} is {_lower_first(str(c['label']))} ({_of_base(c)}).")
    return lines


def _of_base(c: pd.Series) -> str:
    """"5 of 12 respondents who answered this question, 42%", or without the base where it is withheld."""
    if pd.isna(c["answered"]):
        return f"{int(c['respondents'])} {c['base']}"
    return f"{int(c['respondents'])} of {int(c['answered'])} {c['base']}, {percent_text(c['percent'])}"


def _lower_first(label: str) -> str:
    """"Human review of AI output" -> "human review of AI output" (acronyms keep their capitals)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label
