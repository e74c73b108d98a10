"""explore.ipynb driven in a real JupyterLab: every cell run, charts and tables drawn, a filter changes a chart.

JupyterLab is started on a loopback port in a temporary folder (a copy of the notebook, so autosave
never touches the repository), driven by Playwright in Debian's Chromium with every request outside
the server blocked, and stopped by its process id.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE, need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = REPO / "src" / "synthesis" / "notebooks" / "explore.ipynb"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-proxy-server", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "synthesis-lab-test"
CHART_TITLE = "#explore-dashboard .js-plotly-plot .gtitle"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kernel_installed() -> bool:
    from jupyter_client.kernelspec import KernelSpecManager

    return "synthesis" in KernelSpecManager().find_kernel_specs()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a folder with a copy of explore.ipynb; yields its base URL."""
    if not SAMPLE.exists():
        pytest.skip("the shipped sample is not there yet")
    if shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("JupyterLab is not installed in this environment: run `make install` (the explore extra)")
    if not _kernel_installed():
        pytest.fail("the Jupyter kernel 'synthesis' is not registered: run `make kernel`")
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(NOTEBOOK, root / "explore.ipynb")
    settings = root / ".settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # every cell in the DOM (JupyterLab 4 otherwise draws only the cells in view), no announcements popup
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    apputils = root / ".settings" / "@jupyterlab" / "apputils-extension"
    apputils.mkdir(parents=True)
    (apputils / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".jupyter"), "JUPYTER_RUNTIME_DIR": str(root / ".runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(root / ".settings"), "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces"),
           "SYNTHESIS_OUTPUTS": str(root / "outputs"),
           "SYNTHESIS_CACHE_DIR": os.environ.get("SYNTHESIS_CACHE_DIR", str(REPO / ".cache" / "synthesis"))}
    log = open(root / "lab.log", "w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly", *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not start: " + (root / "lab.log").read_text()[-2000:])
            time.sleep(0.5)
        yield base, root
    finally:
        server.send_signal(signal.SIGTERM)  # by its pid: the server shuts its kernels down
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def report(lab):
    """Open the notebook, run all cells, look at the charts and tables, change the region filter."""
    base, root = lab
    executable = need_chromium()
    from playwright.sync_api import sync_playwright

    out = {"external": [], "page_errors": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.on("pageerror", lambda e: out["page_errors"].append(str(e)))

        def route(request_route):
            if request_route.request.url.startswith(base):
                request_route.continue_()
            else:
                out["external"].append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        started = time.monotonic()
        page.goto(f"{base}/lab/tree/explore.ipynb?token={TOKEN}", wait_until="domcontentloaded")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        dialog = page.locator(".jp-Dialog button.jp-mod-accept", has_text="Select")
        try:  # JupyterLab asks which kernel to start; the notebook's own, "synthesis", is preselected
            dialog.wait_for(timeout=20_000)
            dialog.click()
        except Exception:
            pass
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
        out["open_seconds"] = time.monotonic() - started
        out["kernel"] = page.locator(".jp-KernelName").first.inner_text()

        started = time.monotonic()
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
        try:
            page.wait_for_function(
                """() => {
                    const prompts = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'));
                    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
                }""", timeout=240_000, polling=500)
        except Exception:
            page.screenshot(path=str(root / "failed.png"), full_page=True)
            prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
            pytest.fail(f"not every cell ran: prompts {prompts}; screenshot {root / 'failed.png'}")
        out["run_seconds"] = time.monotonic() - started
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        page.wait_for_selector(".dt-container", timeout=60_000)
        page.wait_for_timeout(1000)
        out["errors"] = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        out["tracebacks"] = page.locator(".jp-OutputArea-output .ansi-red-fg, .jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count()
        out["charts"] = page.locator(".js-plotly-plot .main-svg").count()
        out["tables"] = page.locator(".dt-container").count()
        out["widgets"] = page.locator(".jupyter-widgets select").count()

        # mark the dashboard (the first widget area holding a chart), then filter it by a region
        page.evaluate("""() => {
            const plot = document.querySelector('.js-plotly-plot');
            plot.closest('.jupyter-widgets.widget-vbox, .widget-vbox').id = 'explore-dashboard';
        }""")
        title = page.locator(CHART_TITLE).first
        out["title_before"] = title.text_content()
        out["bars_before"] = page.evaluate("() => document.querySelector('#explore-dashboard .js-plotly-plot').data[0].x")
        region = page.locator("#explore-dashboard select").first
        out["region_choice"] = region.locator("option").nth(1).text_content().replace("\xa0", " ")
        region.select_option(index=1)
        page.wait_for_function(f"""(before) => {{
            const t = document.querySelector({json.dumps(CHART_TITLE)});
            return t && t.textContent !== before;
        }}""", arg=out["title_before"], timeout=60_000)
        out["title_after"] = page.locator(CHART_TITLE).first.text_content()
        out["bars_after"] = page.evaluate("() => document.querySelector('#explore-dashboard .js-plotly-plot').data[0].x")

        # the search box of a table filters its rows
        search = page.locator(".dt-container .dt-search input").first
        out["search_boxes"] = page.locator(".dt-container .dt-search input").count()
        info = page.locator(".dt-container .dt-info").first
        out["info_before"] = info.inner_text()
        search.fill("zzqq-no-such-words")
        page.wait_for_timeout(500)
        out["info_none"] = info.inner_text()
        page.screenshot(path=str(root / "lab.png"), full_page=False)
        page.locator("#explore-dashboard").screenshot(path=str(root / "dashboard.png"))
        browser.close()
    shots = os.environ.get("SYNTHESIS_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        for name in ("lab.png", "dashboard.png"):
            shutil.copy(root / name, Path(shots) / name)
    print(json.dumps({k: v for k, v in out.items() if "bars" not in k}, indent=1))
    return out


def test_the_notebook_runs_in_jupyterlab_with_the_synthesis_kernel(report):
    assert "synthesis" in report["kernel"].lower()
    assert report["errors"] == [] and report["tracebacks"] == 0
    # itables 2.9's dark-mode helper runs before its own offline bundle is defined; tables are unaffected
    assert [e for e in report["page_errors"] if "set_or_remove_dark_class" not in e] == []


def test_charts_and_searchable_tables_render_offline(report):
    assert report["charts"] >= 1
    assert report["tables"] >= 4 and report["search_boxes"] >= 4  # itables leaves the box off one-page tables
    assert report["info_none"] != report["info_before"] and "0" in report["info_none"]
    assert report["external"] == []  # nothing fetched from outside the server


def test_the_region_filter_changes_the_chart(report):
    assert report["widgets"] >= 4  # region, organisation, group and pick, at least
    assert report["region_choice"] in report["title_after"]
    assert report["title_before"] != report["title_after"]
    assert "all regions" in report["title_before"]
    assert report["bars_before"] != report["bars_after"]
