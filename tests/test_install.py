"""Install routes: `pip install allstats`, Binder (repo2docker), and notebooks run outside the repo.

- `pip install allstats` brings what the notebooks and the library import, and no test tool.
- Binder: the Dockerfile repo2docker renders from binder/ builds the conda environment before
  the repository is copied in, so binder/environment.yml names packages only; binder/postBuild
  installs allstats afterwards.
- The wheel carries the data package; installed into a fresh virtual environment, it runs every
  notebook copied to a folder far from the repository (the route of Colab, VS Code, a hub).
- Each notebook's first code cell installs allstats where it is missing, and only there.
"""

from __future__ import annotations

import ast
import email
import json
import os
import re
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.markers import default_environment
from packaging.requirements import Requirement

from conftest import ROOT
from scripts import install_cell

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TEST_TOOLS = {"pytest", "nbval", "hypothesis", "frictionless", "playwright", "jupyter-repo2docker",
              "hatchling"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# --------------------------------------------------------------------------- the wheel

@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """allstats' wheel, built from this checkout without the network (no build isolation)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--no-index", "--quiet", "-w", str(out), str(ROOT)], check=True)
    wheels = list(out.glob("allstats-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def wheel_metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        return email.message_from_bytes(zf.read(name))


def test_the_wheel_carries_the_library_and_the_whole_data_package(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    data = [p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*")
            if p.is_file()]
    assert "allstats/data/datapackage.json" in names
    assert {f"allstats/data/{p}" for p in data} <= names
    library = [p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src").rglob("*.py")]
    assert set(library) <= names
    assert not [n for n in names if n.startswith(("tests/", "notebooks/", "scripts/"))]


def requirement_closure(requirements: list[str]) -> set[str]:
    """Every distribution that installing ``requirements`` brings, as this environment resolves
    them (markers evaluated here, extras followed)."""
    env = default_environment()
    seen, todo = set(), [(Requirement(r), "") for r in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker and not req.marker.evaluate({**env, "extra": extra}):
            continue
        name = canonical(req.name)
        key = (name, tuple(sorted(req.extras)))
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{req.name} is required but not installed here")
        for sub in dist.requires or []:
            sub_req = Requirement(sub)
            if sub_req.marker is None or sub_req.marker.evaluate({**env, "extra": ""}):
                todo.append((sub_req, ""))
            for wanted in req.extras:
                if sub_req.marker and sub_req.marker.evaluate({**env, "extra": wanted}):
                    todo.append((sub_req, wanted))
    return {name for name, _ in seen}


def imported_modules() -> set[str]:
    """Top-level modules imported by the library and by the notebooks' code cells."""
    from IPython.core.inputtransformer2 import TransformerManager

    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py")]
    transform = TransformerManager().transform_cell
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        sources += [transform(c.source) for c in nb.cells if c.cell_type == "code"]
    modules = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"allstats"}


def test_pip_install_allstats_brings_what_the_notebooks_import_and_no_test_tool(wheel):
    requires = wheel_metadata(wheel).get_all("Requires-Dist") or []
    runtime = [r for r in requires if "extra ==" not in r]

    def specs(reqs):
        return {(canonical(Requirement(r).name), str(Requirement(r).specifier)) for r in reqs}
    assert specs(runtime) == specs(PYPROJECT["dependencies"])
    brought = requirement_closure(runtime)
    assert not brought & TEST_TOOLS, f"`pip install allstats` brings {brought & TEST_TOOLS}"
    providers = metadata.packages_distributions()
    missing = {}
    for module in sorted(imported_modules()):
        dists = {canonical(d) for d in providers.get(module, [])}
        assert dists, f"no installed distribution provides `import {module}`"
        if not dists & brought:
            missing[module] = sorted(dists)
    assert missing == {}, f"imported but not brought by `pip install allstats`: {missing}"


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory, wheel) -> Path:
    """A new virtual environment holding allstats only from the wheel. Its dependencies are
    this environment's, made visible by one .pth line (no network): the .pth adds a plain
    folder, so the editable allstats of this checkout is not visible there."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True)
    fresh_site = Path(site.stdout.strip())
    (fresh_site / "dependencies-from-the-dev-environment.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", "--ignore-installed", str(wheel)], check=True)
    return venv


RUN_NOTEBOOKS = textwrap.dedent("""
    import json, pathlib, sys
    import nbformat
    from nbclient import NotebookClient

    folder = pathlib.Path(sys.argv[1])
    report = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        probe = nbformat.v4.new_code_cell(
            "import sys, allstats; print(sys.prefix); print(allstats.__file__)")
        nb.cells.append(probe)
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
        first = next(c for c in nb.cells if c.cell_type == "code")
        report[path.name] = {
            "errors": [o.get("ename") for c in nb.cells if c.cell_type == "code"
                       for o in c.outputs if o.output_type == "error"],
            "first_cell_outputs": [o.get("output_type") for o in first.outputs],
            "probe": probe.outputs[0]["text"].split(),
        }
    print(json.dumps(report))
""")


def test_the_notebooks_run_from_the_wheel_outside_the_repository(fresh_venv, tmp_path):
    """Colab's, VS Code's or a hub's route: the notebooks copied to a folder of their own, run
    by a kernel whose allstats (code and data) comes from the installed wheel."""
    folder = tmp_path / "class"
    folder.mkdir()
    for path in NOTEBOOKS:
        (folder / path.name).write_bytes(path.read_bytes())
    python = fresh_venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(JUPYTER_PREFER_ENV_PATH="1", PYTHONNOUSERSITE="1", MPLBACKEND="Agg")
    run = subprocess.run([str(python), "-c", RUN_NOTEBOOKS, str(folder)], cwd=folder, env=env,
                         capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert sorted(report) == [p.name for p in NOTEBOOKS]
    for name, result in report.items():
        assert result["errors"] == [], name
        prefix, module = result["probe"]
        assert Path(prefix) == fresh_venv, f"{name} ran in {prefix}, not the fresh environment"
        assert Path(module).is_relative_to(fresh_venv), f"{name} imported allstats from {module}"
        stored = next(c for c in nbformat.read(ROOT / "notebooks" / name, as_version=4).cells
                      if c.cell_type == "code")
        # allstats is installed: the install lines did nothing, the cell shows what it stores
        assert result["first_cell_outputs"] == [o.output_type for o in stored.outputs], name
    assert not list(folder.glob("data")) and not (folder.parent / "data").exists()


# --------------------------------------------------------------------------- the first cell

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_first_code_cell_opens_with_the_install_lines(path):
    first = install_cell.first_code_cell(nbformat.read(path, as_version=4))
    assert first.source.startswith(install_cell.block() + "\n"), \
        f"run `python -m scripts.install_cell {path.relative_to(ROOT)}`"
    assert f"git+{PYPROJECT['urls']['Source']}" in install_cell.block()


RUN_FIRST_CELL = textwrap.dedent("""
    import json, sys
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    hide = sys.argv[2] == "missing"
    if hide:
        sys.modules["allstats"] = None          # find_spec() now says: not installed
    shell = InteractiveShell.instance()
    calls = []

    def pip(line):                              # instead of installing: note, then un-hide
        calls.append(line)
        sys.modules.pop("allstats", None)

    shell.register_magic_function(pip, "line", "pip")

    with capture_output() as captured:
        result = shell.run_cell(open(sys.argv[1]).read())
    print(json.dumps({"calls": calls, "ok": result.success,
                      "stdout": captured.stdout, "stderr": captured.stderr}))
""")


@pytest.mark.parametrize("state", ["missing", "installed"])
def test_the_install_lines_install_allstats_only_where_it_is_missing(tmp_path, state):
    lines = tmp_path / "cell.py"
    lines.write_text(install_cell.block() + "\nimport allstats\nprint('ready')\n")
    run = subprocess.run([sys.executable, "-c", RUN_FIRST_CELL, str(lines), state],
                         capture_output=True, text=True, check=True, cwd=tmp_path)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["ok"], result
    if state == "missing":
        assert result["calls"] == [
            f'install --quiet "allstats @ git+{PYPROJECT["urls"]["Source"]}"']
    else:
        assert result["calls"] == []
    assert result["stdout"] == "ready\n" and result["stderr"] == ""


# --------------------------------------------------------------------------- Binder

BINDER = ROOT / "binder"


def binder_pip_list() -> list[str]:
    env = yaml.safe_load((BINDER / "environment.yml").read_text())
    return next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)


def test_binder_environment_is_the_runtime_lab_and_present_dependencies():
    wanted = PYPROJECT["dependencies"] + sum((PYPROJECT["optional-dependencies"][extra]
                                              for extra in ("lab", "present")), [])
    assert sorted(binder_pip_list()) == sorted(wanted)
    assert not {canonical(Requirement(r).name) for r in binder_pip_list()} & TEST_TOOLS
    env = yaml.safe_load((BINDER / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and
                  d.startswith("python="))
    from packaging.specifiers import SpecifierSet
    assert python.split("=", 1)[1] + ".0" in SpecifierSet(PYPROJECT["requires-python"])


def test_the_conda_environment_is_binders_plus_allstats_from_this_folder():
    # conda runs pip in the file's folder, so "-e ." is this repository; repo2docker never reads
    # this file (binder/ exists: see the Dockerfile test below)
    binder = yaml.safe_load((BINDER / "environment.yml").read_text())
    conda = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_of = lambda env: next(d["pip"] for d in env["dependencies"]  # noqa: E731
                              if isinstance(d, dict) and "pip" in d)
    assert pip_of(conda) == pip_of(binder) + ["-e ."]
    strings = lambda env: [d for d in env["dependencies"] if isinstance(d, str)]  # noqa: E731
    assert strings(conda) == strings(binder)
    assert (conda["name"], conda["channels"]) == (binder["name"], binder["channels"])


@pytest.fixture
def dockerfile(monkeypatch):
    """The Dockerfile repo2docker renders for this repository: the first build pack, in
    repo2docker's own order, that recognises it."""
    from repo2docker.app import Repo2Docker

    monkeypatch.chdir(ROOT)
    app = Repo2Docker()
    pack = next(cls(app.base_image) for cls in app.buildpacks if cls(app.base_image).detect())
    assert type(pack).__name__ == "CondaBuildPack", f"repo2docker picks {type(pack).__name__}"
    assert pack.binder_dir == "binder"
    pack.platform = "linux/amd64"
    return pack.render()


@pytest.mark.filterwarnings("ignore:pythonjsonlogger.jsonlogger has been moved:DeprecationWarning")
def test_repo2docker_builds_the_environment_before_the_repository_and_postbuild_after(
        dockerfile):
    lines = dockerfile.splitlines()

    def first(pattern):
        found = [i for i, line in enumerate(lines) if re.search(pattern, line)]
        assert found, f"no line matches {pattern!r} in the Dockerfile"
        return found[0]

    copy_repository = first(r"^COPY .* src/ \$\{REPO_DIR\}/$")
    env_update = first(r'env update .*--file "binder/environment.yml"')
    postbuild = first(r"^RUN \./binder/postBuild$")
    assert env_update < copy_repository < postbuild
    # what the environment step can see: only the files copied before the repository
    copied_before = {m.group(1) for line in lines[:copy_repository]
                     for m in [re.match(r"^COPY \S+ src/(\S+) ", line)] if m}
    assert copied_before == {"binder/environment.yml"}, copied_before
    for entry in binder_pip_list():
        requirement = Requirement(entry)        # a package, not "-e ." or a path
        assert requirement.url is None, f"{entry}: the repository is not there yet"


def test_postbuild_installs_allstats_from_the_copied_repository():
    postbuild = BINDER / "postBuild"
    assert os.access(postbuild, os.X_OK)
    text = postbuild.read_text()
    assert text.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in text
    commands = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert commands[-1] == "python -m pip install --no-deps --no-cache-dir ."
    subprocess.run(["bash", "-n", str(postbuild)], check=True)      # valid bash
