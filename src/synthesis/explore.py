"""The logic behind ``explore.ipynb``: searchable tables, filter widgets, keyword in context and the review view.

The notebook only calls :class:`Explorer`. Tables are shown with itables in offline mode (DataTables
shipped inside the notebook, response text escaped); charts are plotly figures drawn by JupyterLab's
plotly renderer, nothing fetched from the network. Widgets (ipywidgets) filter by region and organisation
type and pick a theme group and a theme or tool; the chart and the sentences behind it follow. The review
view writes the analyst's decisions to the review file of :mod:`synthesis.review`.

Nothing here is published: the explorer shows confidential respondents too (flagged), for the analyst.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from synthesis import analyse, paths, publish, review

ALL = ""  # the dropdown value meaning "no filter"
TOOLS = "tools"  # the group of the picker that lists tools instead of themes
TOP_TOOLS = 20
EVIDENCE_COLUMNS = ["respondent_id", "organisation_type", "region", "confidential", "question_id", "text", "sentence"]


@dataclass(frozen=True)
class Scope:
    """The respondents a filter keeps, with their findings and sentences."""

    region: str
    organisation_type: str
    responses: pd.DataFrame
    mentions: pd.DataFrame
    sentences: pd.DataFrame

    @property
    def description(self) -> str:
        parts = [self.organisation_type or "all organisation types", self.region or "all regions"]
        return f"{', '.join(parts)}: {len(self.responses)} respondents"


class Explorer:
    """One loaded input, explored: every method takes the filters and returns a table or a figure."""

    def __init__(self, briefing: publish.Briefing):
        """``briefing``: what :func:`synthesis.publish.prepare` returns (its responses, findings, sentences, labels)."""
        self.b = briefing

    @classmethod
    def load(cls, input_path: str = "", question_map: str = "", codebook: str = "", tool_list: str = "",
             review_path: str = "", use_cache: bool = True) -> Explorer:
        """Load, validate and extract (through the cache) the input; ``review_path`` applies earlier decisions."""
        applied = review_path if review_path and paths.resolve_path(review_path).exists() else ""
        # nothing is written: no tables folder (tables_dir=""), no run folder (write_files=False)
        return cls(publish.prepare(input_path=input_path, question_map=question_map, codebook=codebook,
                                   tool_list=tool_list, tables_dir="", write_files=False, display=False,
                                   use_cache=use_cache, review=applied))

    # -- data

    @property
    def labels(self) -> dict[str, str]:
        return self.b.labels

    def regions(self) -> list[str]:
        present = set(self.b.all_responses["region"].dropna().astype(str))
        return [r for r in analyse.REGIONS if r in present] + sorted(present - set(analyse.REGIONS))

    def organisation_types(self) -> list[str]:
        present = set(self.b.all_responses["organisation_type"].dropna().astype(str))
        return [t for t in analyse.ORGANISATION_TYPES if t in present] + sorted(present - set(analyse.ORGANISATION_TYPES))

    def scope(self, region: str = ALL, organisation_type: str = ALL) -> Scope:
        chosen = analyse.filter_responses(self.b.all_responses, region or None, organisation_type or None)
        ids = set(chosen["respondent_id"])
        # prepare() was given no filter: the briefing's mentions and sentences are every respondent's
        return Scope(region, organisation_type, chosen, analyse.restrict(self.b.mentions, ids),
                     analyse.restrict(self.b.sentences, ids))

    def theme_table(self, group: str, scope: Scope) -> pd.DataFrame:
        return analyse.theme_counts(scope.mentions, group, len(scope.responses), self.labels, all_themes=self.b.theme_ids)

    def tool_table(self, scope: Scope) -> pd.DataFrame:
        return analyse.tool_register(scope.mentions)

    def choices(self, group: str) -> list[tuple[str, str]]:
        """``(label, value)`` pairs of the picker for a theme group, or for the tools."""
        if group == TOOLS:
            return [(t, t) for t in self.tool_table(self.scope())["tool"]]
        return [(analyse.theme_label(t, self.labels), t) for t in self.b.theme_ids if t.startswith(group + ".")]

    def evidence(self, finding: str, scope: Scope) -> pd.DataFrame:
        """The sentences behind a theme id or tool name in ``scope`` (denied mentions left out)."""
        rows = analyse.drill_down(finding, scope.mentions, scope.sentences, scope.responses)
        rows = rows[~rows["negated"].eq(True)]
        return rows[EVIDENCE_COLUMNS].reset_index(drop=True)

    def keyword_in_context(self, term: str, scope: Scope, regex: bool = False, width: int = 50) -> pd.DataFrame:
        if not term:
            return pd.DataFrame(columns=["respondent_id", "question_id", "left", "match", "right"])
        return analyse.keyword_in_context(scope.sentences, term, width=width, regex=regex)

    # -- charts

    def figure(self, group: str, scope: Scope, picked: str = ""):
        """The chart of a theme group (respondents per theme) or of the most named tools, for ``scope``."""
        from synthesis import charts

        if group == TOOLS:
            table = self.tool_table(scope).head(TOP_TOOLS)
            fig = charts.hbar(table, "tool", "organisations", f"Most named tools ({scope.description})",
                              value_title="Organisations", percent=None)
        else:
            table = self.theme_table(group, scope)
            fig = charts.themes(table, f"{analyse.THEME_GROUPS.get(group, group)} ({scope.description})")
        if picked:
            fig.update_layout(meta={"picked": picked})
        return fig

    # -- display

    @staticmethod
    def setup() -> None:
        """Load DataTables into the notebook once, offline (the bundle travels in this cell's output)."""
        import itables

        itables.init_notebook_mode(all_interactive=False, connected=False)

    @staticmethod
    def table(frame: pd.DataFrame, caption: str = "", page_length: int = 10) -> None:
        """A searchable, sortable, paged table (response text escaped)."""
        import itables

        itables.show(frame, caption=caption or None, pageLength=page_length, lengthMenu=[10, 25, 100],
                     classes="display compact", maxBytes="1MB", allow_html=False,
                     columnDefs=[{"className": "dt-left", "targets": "_all"}])

    @staticmethod
    def plot(fig) -> None:
        """Draw a figure with JupyterLab's plotly renderer (plotly.js comes with the extension, not a CDN)."""
        fig.show(renderer="plotly_mimetype")

    # -- widgets

    def _filters(self):
        import ipywidgets as w

        region = w.Dropdown(options=[("All regions", ALL), *[(r, r) for r in self.regions()]], description="Region",
                            layout=w.Layout(width="22rem"))
        org = w.Dropdown(options=[("All types", ALL), *[(t, t) for t in self.organisation_types()]],
                         description="Organisation", layout=w.Layout(width="26rem"),
                         style={"description_width": "initial"})
        return region, org

    def dashboard(self):
        """Filters, a theme group or the tools, a pick within it; the chart and the sentences behind the pick."""
        import ipywidgets as w

        region, org = self._filters()
        groups = [(label, prefix) for prefix, label in analyse.THEME_GROUPS.items()] + [("Tools", TOOLS)]
        group = w.Dropdown(options=groups, value="use", description="Show")
        pick = w.Dropdown(options=self.choices("use"), description="Theme or tool",
                          layout=w.Layout(width="30rem"), style={"description_width": "initial"})
        chart, behind = w.Output(), w.Output()

        def redraw(_=None) -> None:
            scope = self.scope(region.value, org.value)
            with chart:
                chart.clear_output(wait=True)
                self.plot(self.figure(group.value, scope, pick.value or ""))
            with behind:
                behind.clear_output(wait=True)
                if pick.value:
                    rows = self.evidence(pick.value, scope)
                    name = pick.label or pick.value
                    what = "sentence" if len(rows) == 1 else "sentences"
                    self.table(rows, f"{len(rows)} {what} behind {name} ({scope.description})")

        def regroup(_=None) -> None:
            options = self.choices(group.value)
            pick.unobserve(redraw, names="value")  # one redraw for the new group, not one per trait change
            pick.options = options
            pick.value = options[0][1] if options else None
            pick.observe(redraw, names="value")
            redraw()

        for control in (region, org, pick):
            control.observe(redraw, names="value")
        group.observe(regroup, names="value")
        redraw()
        return w.VBox([w.HBox([region, org]), w.HBox([group, pick]), chart, behind])

    def keyword_search(self, term: str = ""):
        """A search box: every match in the sentences of the filtered respondents, with the words either side."""
        import ipywidgets as w

        region, org = self._filters()
        box = w.Text(value=term, description="Search", placeholder="word or phrase", continuous_update=False)
        regex = w.Checkbox(value=False, description="regular expression")
        out = w.Output()

        def redraw(_=None) -> None:
            scope = self.scope(region.value, org.value)
            with out:
                out.clear_output(wait=True)
                try:
                    rows = self.keyword_in_context(box.value, scope, regex=regex.value)
                except Exception as exc:  # a bad regular expression: say so, keep the widget alive
                    print(f"not a valid regular expression: {exc}")
                    return
                self.table(rows, f"{len(rows)} matches of {box.value!r} ({scope.description})")

        for control in (box, regex, region, org):
            control.observe(redraw, names="value")
        redraw()
        return w.VBox([w.HBox([box, regex]), w.HBox([region, org]), out])

    def review_view(self, path: str | os.PathLike, themes: int = 30):
        """Each discovered tool and least confident theme finding with accept / reject / merge controls,
        and a button that writes the review file (``path`` as .xlsx and .csv) for ``--review``."""
        import ipywidgets as w

        table = review.review_table(self.b.mentions, self.labels, themes=themes)
        rows, controls = [], []
        for record in table.itertuples(index=False):
            decision = w.Dropdown(options=["", "accept", "reject", "merge"], value="", layout=w.Layout(width="7rem"))
            target = w.Text(placeholder="merge into", layout=w.Layout(width="12rem"))
            what = f"<b>{html.escape(str(record.finding))}</b> ({html.escape(str(record.kind))})"
            sentence = html.escape(str(record.evidence))[:400]
            rows.append(w.HBox([decision, target, w.HTML(f"{what}: {sentence}", layout=w.Layout(width="60rem"))]))
            controls.append((decision, target))
        button = w.Button(description="Write review file", button_style="primary")
        status = w.Output()

        def write(_=None) -> None:
            decided = table.assign(decision=[d.value for d, _ in controls], merge_into=[t.value for _, t in controls])
            with status:
                status.clear_output()
                written = review.write_review(decided, Path(path))
                count = int((decided["decision"] != "").sum())
                print(f"{count} decisions written to {', '.join(map(str, written))}; "
                      f"apply them with --review {written[0]}")

        button.on_click(write)
        return w.VBox([w.HTML(f"<p>{len(table)} findings to check.</p>"), *rows, button, status])


def notebook_review_path(path: str = "") -> Path:
    """Where the review view writes: ``path``, else ``outputs/<date>_review/review.xlsx``."""
    return paths.resolve_path(path) if path else paths.default_run_dir("review") / "review.xlsx"

