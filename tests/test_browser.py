"""The exported briefing opened in headless Chromium, offline: every chart drawn, nothing fetched, nothing run."""

from __future__ import annotations

import json

import pytest

from conftest import XSS_QUOTE, need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def page_report(built_briefing):
    """Open briefing.html once with every non-file request blocked; collect what happened."""
    executable = need_chromium()
    from playwright.sync_api import sync_playwright

    report = {"console_errors": [], "page_errors": [], "external": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("console", lambda m: report["console_errors"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: report["page_errors"].append(str(e)))

        def route(request_route):
            if request_route.request.url.startswith("file://"):
                request_route.continue_()
            else:
                report["external"].append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        page.goto((built_briefing / "briefing.html").as_uri(), wait_until="load")
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
        page.wait_for_timeout(1000)
        report["charts"] = page.evaluate("document.querySelectorAll('figure.synth-chart').length")
        report["drawn"] = page.evaluate(
            "Array.from(document.querySelectorAll('.js-plotly-plot')).filter(d => d.querySelector('.main-svg')).length")
        report["main_svg"] = page.evaluate("document.querySelectorAll('.js-plotly-plot .main-svg').length")
        report["empty_plots"] = page.evaluate(
            "Array.from(document.querySelectorAll('.js-plotly-plot')).filter(d => !(d.data && d.data.length)).map(d => d.id)")
        report["xss"] = page.evaluate("window.__xss === undefined ? null : window.__xss")
        report["lang"] = page.evaluate("document.documentElement.lang")
        report["title"] = page.title()
        report["headings"] = page.evaluate("document.querySelectorAll('h2').length")
        report["hidden_headings"] = page.evaluate(
            "Array.from(document.querySelectorAll('h1, h2, h3, h4')).filter(h => h.getBoundingClientRect().height === 0)"
            ".map(h => h.textContent)")
        report["broken_anchors"] = page.evaluate(
            "Array.from(document.querySelectorAll('a[href^=\"#\"]')).map(a => decodeURIComponent(a.getAttribute('href').slice(1)))"
            ".filter(id => id && !document.getElementById(id))")
        report["duplicate_ids"] = page.evaluate(
            "(() => { const seen = {}; document.querySelectorAll('[id]').forEach(e => seen[e.id] = (seen[e.id] || 0) + 1);"
            " return Object.keys(seen).filter(k => seen[k] > 1); })()")

        # search the table of coded sentences for a known quote
        box = page.locator(".synth-table", has=page.locator("#table-coded-sentences"))
        report["rows_before"] = box.locator("tbody tr").count()
        box.locator("input[type=search]").fill("window.__xss = 3")
        page.wait_for_timeout(200)
        report["rows_found"] = box.locator("tbody tr").count()
        report["found_text"] = box.locator("tbody tr").first.inner_text() if report["rows_found"] else ""
        report["count_label"] = box.locator(".synth-count").inner_text()
        box.locator("input[type=search]").fill("zzqq-no-such-words")
        page.wait_for_timeout(200)
        report["rows_none"] = box.locator("tbody tr").count()

        # sorting the tool register by organisations, both ways
        register = page.locator(".synth-table", has=page.locator("#table-tool-register"))
        header = register.locator("th button", has_text="Organisations")
        column = int(header.get_attribute("data-col"))
        header.click()
        first_up = register.locator("tbody tr").first.locator("td").nth(column).inner_text()
        header.click()
        first_down = register.locator("tbody tr").first.locator("td").nth(column).inner_text()
        report["sorted"] = (int(first_up), int(first_down))

        # hover text shows and legend toggles work on the first chart with a legend
        page.locator("#chart-uses-ai-by-region .legendtoggle").first.click()
        page.wait_for_timeout(1000)  # plotly waits out its double-click delay before toggling
        report["hidden_after_toggle"] = page.evaluate(
            "document.getElementById('chart-uses-ai-by-region').data.filter(t => t.visible === 'legendonly').length")
        browser.close()
    print(json.dumps({k: v for k, v in report.items() if k != "found_text"}, indent=1))
    return report


def test_every_chart_is_drawn(page_report):
    assert page_report["charts"] >= 10
    # every chart container holds drawn SVG (plotly draws three .main-svg layers per chart)
    assert page_report["drawn"] == page_report["charts"]
    assert page_report["main_svg"] >= page_report["charts"]
    assert page_report["empty_plots"] == []


def test_nothing_is_fetched_and_nothing_fails(page_report):
    assert page_report["external"] == []
    assert page_report["console_errors"] == []
    assert page_report["page_errors"] == []


def test_response_text_never_runs_as_script(page_report):
    assert page_report["xss"] is None


def test_searching_the_quote_table_finds_a_known_quote(page_report):
    assert page_report["rows_before"] > 0
    assert page_report["rows_found"] == 1
    assert "<script>window.__xss = 3</script>" in page_report["found_text"]  # shown as text
    assert XSS_QUOTE.split("<")[0].strip() in page_report["found_text"]
    assert page_report["count_label"].startswith("1 of ")
    assert page_report["rows_none"] == 0


def test_tables_sort_and_legends_toggle(page_report):
    low, high = page_report["sorted"]
    assert low <= high
    assert page_report["hidden_after_toggle"] == 1


def test_page_is_labelled_and_links_work(page_report):
    assert page_report["lang"] == "en"
    assert page_report["title"]
    assert page_report["broken_anchors"] == []
    assert page_report["headings"] >= 12 and page_report["hidden_headings"] == []  # the narrative is visible
    assert page_report["duplicate_ids"] == []
