"""Aggregation: turn responses, mentions and coded sentences into the small tables behind every chart.

One module per question the briefing answers; every function is pure (DataFrames in, a new DataFrame or a
few sentences out). Nothing is drawn, escaped or written here: ``charts`` draws and ``publish`` writes.

- ``respondents``: who responded, coverage of local authorities, adoption;
- ``tools``: the tool register and tables built from tool mentions;
- ``themes``: theme counts per question, and what the codebook leaves uncoded;
- ``links``: barriers linked to how the same respondent overcame them;
- ``quotes``: representative quotes, the searchable sentence table, look-ups behind a number;
- ``disclosure``: suppression of small counts so nobody can be singled out;
- ``key_findings``: the key findings (``headlines``).
"""

from synthesis.analyse.common import (
    GROUP_QUESTION, MENTION_COLUMNS, NO_ANSWER, ORGANISATION_TYPES, OUTSIDE, REGIONS, SENTENCE_COLUMNS,
    SINGLE_VIEW_ORDER, STATUS_LABELS, STATUS_ORDER, SUPPRESSED, THEME_GROUPS, USES_AI_ORDER, as_list, is_blank, is_non_answer,
    pct, percent_text, round_percents, theme_group, theme_label, truthy,
)
from synthesis.analyse.disclosure import (
    counted_respondents, protect, protect_register, suppress_column, suppress_counts, too_small,
)
from synthesis.analyse.key_findings import headlines
from synthesis.analyse.links import OUTCOME_LABELS, barrier_links
from synthesis.analyse.quotes import (
    drill_down, keyword_in_context, quote_table, representative_quotes, section_quotes, spread_by_theme,
)
from synthesis.analyse.respondents import (
    adoption_headline, choice_counts, confidential_ids, count_by, count_by_suppressed, coverage_by_region, crosstab, filter_responses, hex_cells,
    la_coverage, responses_over_time, restrict, tool_source_mix,
)
from synthesis.analyse.themes import (
    SECTIONS, SINGLE_VIEW_USE, USING_AI, Section, codebook_coverage, keywords, nearest_theme, section_base, section_counts,
    single_view_use, single_view_verdict, theme_counts, uncoded_sentences,
)
from synthesis.analyse.tools import (
    discovered_tools, single_view_tools, status_summary, tool_register, tool_status_long, tool_theme_matrix,
    without_confidential_tools,
)

__all__ = [
    "GROUP_QUESTION",
    "MENTION_COLUMNS",
    "NO_ANSWER",
    "ORGANISATION_TYPES",
    "OUTCOME_LABELS",
    "OUTSIDE",
    "REGIONS",
    "SECTIONS",
    "SENTENCE_COLUMNS",
    "SINGLE_VIEW_USE",
    "SINGLE_VIEW_ORDER",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "SUPPRESSED",
    "Section",
    "THEME_GROUPS",
    "USES_AI_ORDER",
    "USING_AI",
    "without_confidential_tools",
    "adoption_headline",
    "as_list",
    "barrier_links",
    "choice_counts",
    "codebook_coverage",
    "confidential_ids",
    "count_by",
    "count_by_suppressed",
    "counted_respondents",
    "coverage_by_region",
    "crosstab",
    "discovered_tools",
    "drill_down",
    "filter_responses",
    "headlines",
    "hex_cells",
    "is_blank",
    "is_non_answer",
    "keyword_in_context",
    "keywords",
    "la_coverage",
    "nearest_theme",
    "pct",
    "percent_text",
    "round_percents",
    "protect",
    "protect_register",
    "quote_table",
    "representative_quotes",
    "responses_over_time",
    "restrict",
    "section_base",
    "section_quotes",
    "section_counts",
    "single_view_tools",
    "single_view_use",
    "single_view_verdict",
    "spread_by_theme",
    "status_summary",
    "suppress_column",
    "suppress_counts",
    "theme_counts",
    "theme_group",
    "theme_label",
    "too_small",
    "tool_register",
    "tool_source_mix",
    "tool_status_long",
    "tool_theme_matrix",
    "truthy",
    "uncoded_sentences",
]
