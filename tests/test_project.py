"""The project's promises: light imports, docs that show the commands and links as they are,
`make lab`'s one line, CI that runs everything a plain clone can."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SHARED_ENV, shared_folder
from scripts import lab

README = (ROOT / "README.md").read_text(encoding="utf-8")
SOURCE = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Source"]
OWNER_REPO = urllib.parse.urlparse(SOURCE).path.strip("/")


def test_import_allstats_needs_only_pandas():
    code = ("import sys, allstats; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_readme_shows_the_two_commands_first():
    first_code = README.index("```")
    block = README[first_code:README.index("```", first_code + 3)]
    assert "make lab" in block and "make test" in block


def test_ci_runs_make_test_with_the_seed_documents_when_they_are_beside_it():
    run = (ROOT / ".ci" / "run").read_text()
    assert "make test" in run
    assert "bash .ci/run" in (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    lines = [line.strip() for line in run.splitlines()]
    assert f"{SHARED_ENV}=\"$(cd ../shared && pwd)\"" in lines
    assert lines.index(f"export {SHARED_ENV}") < lines.index("make test")


def test_every_shell_script_parses():
    # a merge once left an unclosed backquote in .ci/run's header comment: bash stopped after 1 s
    scripts = [ROOT / ".ci" / "run"] + sorted(p for p in ROOT.glob("**/*.sh") if ".venv" not in p.parts and "node_modules" not in p.parts)
    for script in scripts:
        parsed = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert parsed.returncode == 0, f"{script.relative_to(ROOT)}: {parsed.stderr.strip()}"


# --------------------------------------------------------------------------- the seed documents

def test_the_seed_documents_are_found_only_where_the_variable_names_them(tmp_path):
    assert shared_folder({}) is None
    assert shared_folder({SHARED_ENV: "  "}) is None
    for part in ("seeds", "sources"):
        (tmp_path / part).mkdir()
    assert shared_folder({SHARED_ENV: str(tmp_path)}) == tmp_path.resolve()


def test_a_wrong_folder_for_the_seed_documents_is_an_error_not_a_skip(tmp_path):
    with pytest.raises(pytest.UsageError, match=f"{SHARED_ENV}=.*no seeds/ or sources/"):
        shared_folder({SHARED_ENV: str(tmp_path)})


def test_without_the_variable_the_seed_tests_skip_even_under_ci(tmp_path):
    """A plain clone under CI=true (GitHub's workflow) skips the two seed tests and says why."""
    env = {k: v for k, v in os.environ.items() if k != SHARED_ENV}
    env["CI"] = "true"
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                          "tests/test_data_package.py", "-k", "seed or quotes"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:]
    assert re.search(r"2 skipped", run.stdout), run.stdout[-2000:]
    assert f"set {SHARED_ENV}" in run.stdout


# --------------------------------------------------------------------------- make lab

def test_the_readme_shows_the_line_make_lab_prints():
    shown = [line for line in README.splitlines() if line.startswith("JupyterLab is ready: open ")]
    assert len(shown) == 1, "the README shows `make lab`'s line once"
    pattern = re.escape(lab.READY).replace(re.escape("{url}"), r"(\S+)")
    url = re.fullmatch(pattern, shown[0])
    assert url, f"{shown[0]!r} is not what scripts/lab.py prints"
    assert re.fullmatch(r"http://127\.0\.0\.1:8888/lab/tree/00_start_here\.ipynb\?token=\S+",
                        url.group(1))


def test_make_lab_prints_one_line_whose_address_opens_jupyterlab(tmp_path):
    from scripts.voila_harness import free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "scripts.lab", f"--port={port}",
                                str(ROOT / "notebooks")], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().rstrip("\n")
        pattern = re.escape(lab.READY).replace(re.escape("{url}"), r"(\S+)")
        match = re.fullmatch(pattern, line)
        assert match, f"make lab printed {line!r}; stderr: {process.stderr.read(2000)}"
        url = match.group(1)
        assert url.startswith(f"http://127.0.0.1:{port}/lab/tree/00_start_here.ipynb?token=")
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200 and "JupyterLab" in response.read().decode()
        # without the token: the login page, which is why the line carries it
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(f"http://127.0.0.1:{port}/lab", timeout=30)
        assert refused.value.code == 302 and "/login" in refused.value.headers["Location"]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert process.returncode == 0
    # JupyterLab went with it: nothing listens on its port any more
    import socket
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_make_lab_refuses_a_bad_port_clearly():
    run = subprocess.run([sys.executable, "-m", "scripts.lab", "--port=70000"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "PORT=70000 is not a port number" in run.stderr


# --------------------------------------------------------------------------- links

def test_binder_and_colab_links_point_at_files_of_this_repository():
    binder = re.findall(r"https://mybinder\.org/v2/gh/([^/\s)]+/[^/\s)]+)/([^?\s)]+)"
                        r"\?urlpath=([^\s)]+)", README)
    colab = re.findall(r"https://colab\.research\.google\.com/github/([^/\s)]+/[^/\s)]+)"
                       r"/blob/([^/\s)]+)/([^\s)]+)", README)
    assert binder and colab, "the README links Binder and Colab"
    for repo, _ref, urlpath in binder:
        assert repo == OWNER_REPO
        target = urllib.parse.unquote(urlpath)
        path = re.sub(r"^(voila/render|lab/tree)/", "", target)
        assert path != target, f"urlpath {target} opens neither Voila nor JupyterLab"
        assert (ROOT / path).is_file(), f"Binder link to missing {path}"
    for repo, _ref, path in colab:
        assert repo == OWNER_REPO
        assert (ROOT / path).is_file() and path.endswith(".ipynb"), path
    assert (ROOT / "binder" / "environment.yml").is_file()


def test_the_notebooks_do_not_depend_on_the_request():
    """A warm kernel runs its notebook before anyone asks for the page: that is only right while
    no notebook reads the request (its address, query string or headers, which Voila passes in
    environment variables)."""
    import nbformat

    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        code = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells
                         if cell.cell_type == "code")
        for name in ("QUERY_STRING", "SCRIPT_NAME", "VOILA_REQUEST", "HTTP_", "os.environ",
                     "getenv"):
            assert name not in code, f"{path.name} reads {name}: a warm kernel cannot serve it"
