"""Accessibility of the exported briefing (WCAG 2.2 AA): axe-core in headless Chromium, headings, text alternatives,
and a phone-width layout where nothing overlaps.

axe-core comes from npm (pinned in package.json / package-lock.json, installed by ``make axe``) and is
injected from node_modules: nothing is fetched from a network.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from test_browser import ARGS, need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 375, "height": 800}


def _need_axe() -> Path:
    if not AXE.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{AXE} is missing, and CI=true: run `make axe` (npm ci)")
        pytest.skip("axe-core is not installed: run `make axe`")
    return AXE


def _open(browser, briefing: Path, viewport: dict):
    page = browser.new_page(viewport=viewport)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    page.goto((briefing / "briefing.html").as_uri(), wait_until="load")
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
    page.wait_for_timeout(800)
    return page


@pytest.fixture(scope="module")
def audit(built_briefing):
    """axe-core results and layout facts, at desktop and phone width."""
    executable = need_chromium()
    axe = _need_axe()
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
            page = _open(browser, built_briefing, viewport)
            page.add_script_tag(path=str(axe))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                WCAG_TAGS)
            out[name] = {
                "violations": [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]),
                                "example": v["nodes"][0]["html"][:160] if v["nodes"] else ""}
                               for v in result["violations"]],
                "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
                "headings": page.evaluate(
                    "Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1])"),
                "captions": page.evaluate(
                    "Array.from(document.querySelectorAll('figure.synth-chart')).map(f => ["
                    "f.querySelector('.js-plotly-plot').id, (f.querySelector('figcaption') || {}).textContent || ''])"),
                "overlaps": page.evaluate("""Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(d => {
                    const box = e => e.getBoundingClientRect();
                    const hit = (a, b) => a.width && b.width && a.left < b.right && b.left < a.right
                                          && a.top < b.bottom && b.top < a.bottom;
                    const menus = Array.from(d.querySelectorAll('.updatemenu-container .updatemenu-button')).map(box);
                    const legend = d.querySelector('.legend .bg');
                    return legend && menus.some(m => hit(m, box(legend))) ? [d.id] : [];
                })"""),
                "wide_tables": page.evaluate(
                    "Array.from(document.querySelectorAll('.synth-table')).filter(t => "
                    "t.getBoundingClientRect().right > window.innerWidth + 1).length"),
            }
            page.close()
        browser.close()
    print(json.dumps(out, indent=1)[:6000])
    return out


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_axe_finds_no_serious_or_critical_violation(audit, width):
    serious = [v for v in audit[width]["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_headings_start_at_h1_and_never_skip_a_level(audit):
    levels = audit["desktop"]["headings"]
    assert levels and levels[0] == 1 and levels.count(1) == 1
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert jumps == []


def test_every_chart_has_a_text_alternative_with_its_figures(audit):
    captions = audit["desktop"]["captions"]
    assert len(captions) >= 10
    missing = [cid for cid, text in captions if not any(ch.isdigit() for ch in text)]
    assert missing == []


def test_phone_width_nothing_overlaps_and_only_tables_and_charts_scroll(audit):
    phone = audit["phone"]
    assert phone["scroll_width"] <= PHONE["width"]  # the page itself never scrolls sideways
    assert phone["wide_tables"] == 0  # tables scroll inside their own box
    assert phone["overlaps"] == []  # Percent/Number buttons never sit on a legend
    assert audit["desktop"]["overlaps"] == []
