"""The project's own promises: light imports, one dependency list, docs that name the commands."""

import re
import subprocess
import sys
import tomllib

import yaml

from conftest import ROOT


def _names(specs):
    return {re.split(r"[<>=!~\[ ]", s.strip(), maxsplit=1)[0].lower(): s.replace(" ", "")
            for s in specs}


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"] + sum(project["optional-dependencies"].values(), []))
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    listed = _names([p for p in pip if not p.startswith("-e")])
    assert listed == wanted, {"only in environment.yml": set(listed) - set(wanted),
                              "only in pyproject.toml": set(wanted) - set(listed)}
    assert "-e ." in pip
    assert "python=3.11" in env["dependencies"] and "pip" in env["dependencies"]


def test_import_allstats_needs_only_pandas():
    code = ("import sys, allstats; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_readme_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    first_code = readme.index("```")
    block = readme[first_code:readme.index("```", first_code + 3)]
    assert "make lab" in block and "make test" in block


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "bash .ci/run" in (ROOT / ".github" / "workflows" / "ci.yml").read_text()
