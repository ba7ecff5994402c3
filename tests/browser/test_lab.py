"""Where the reader is: JupyterLab before the kernel has run, and the code-free app.

- JupyterLab (as `make lab` serves it) opens each notebook as a fresh clone gives it: untrusted,
  nothing run. Every explorer shows its stored picture and readout, never the widget's text form
  ``VBox(children=(HBox(...``; the notebook is not marked modified once its kernel is up; the
  start-here notebook shows its JupyterLab-only cells ("Run All", `make lab`).
- The app (Voila, as `make present` serves it) shows none of the JupyterLab-only cells.

JupyterLab runs on a copy of the notebooks with its own settings, workspace and trust database,
so nothing here writes to the project or to the user's Jupyter folders.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

from scripts import voila_harness as harness
from scripts.notebook_tags import LAB_ONLY

NOTEBOOKS = harness.notebooks()
START_HERE = harness.NOTEBOOKS / harness.LANDING
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


class JupyterLab:
    """`jupyter lab` on a copy of the notebooks, on a free port of 127.0.0.1, without a token."""

    def __init__(self, home):
        self.home, self.port, self.process = home, 0, None

    def __enter__(self):
        notebooks = self.home / "notebooks"
        shutil.copytree(harness.NOTEBOOKS, notebooks)
        # all cells drawn at once (JupyterLab otherwise draws only those near the viewport)
        tracker = self.home / "settings" / "@jupyterlab" / "notebook-extension"
        tracker.mkdir(parents=True)
        (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(self.home / "config"),
               "JUPYTER_DATA_DIR": str(self.home / "data"),
               "JUPYTER_RUNTIME_DIR": str(self.home / "runtime"), "JUPYTER_PREFER_ENV_PATH": "1"}
        self.port = harness.free_port()
        self.log = open(self.home / "lab.log", "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--ip=127.0.0.1", f"--port={self.port}",
             "--no-browser", "--allow-root", "--IdentityProvider.token=",
             "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
             f"--notebook-dir={notebooks}",
             f"--LabApp.user_settings_dir={self.home / 'settings'}",
             f"--LabApp.workspaces_dir={self.home / 'workspaces'}"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/status", timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"JupyterLab did not start: {(self.home / 'lab.log').read_text()[-2000:]}")

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop_kernels(self):
        with urllib.request.urlopen(f"{self.base_url}/api/sessions", timeout=10) as response:
            sessions = json.load(response)
        for session in sessions:
            request = urllib.request.Request(f"{self.base_url}/api/sessions/{session['id']}",
                                             method="DELETE")
            urllib.request.urlopen(request, timeout=30).close()

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def lab(browser_ready, tmp_path_factory):
    with JupyterLab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="module")
def opened(browser, lab):
    """Every notebook open in its own page and fresh workspace, once its kernel is connected and
    idle (all opened at once, so that their kernels start side by side)."""
    pages = {}
    for path in NOTEBOOKS:
        page = harness.new_page(browser)
        page.goto(f"{lab.base_url}/lab/workspaces/{uuid.uuid4().hex[:8]}/tree/{path.name}?reset",
                  wait_until="domcontentloaded", timeout=90_000)
        pages[path] = page
    for page in pages.values():
        page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=120_000)
        # the status bar says "Python 3 (ipykernel) | Idle" once the kernel is connected and idle
        page.wait_for_function(
            """() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
                     .some(e => / \\| Idle$/.test(e.textContent.trim()))""",
            timeout=180_000, polling=200)
    next(iter(pages.values())).wait_for_timeout(2000)   # language_info reaches the notebooks
    yield pages
    for page in pages.values():
        page.context.close()
    lab.stop_kernels()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_jupyterlab_shows_each_explorer_s_stored_picture_and_keeps_the_notebook_unmodified(
        opened, path):
    page = opened[path]
    panel = page.locator(PANEL)
    stored = harness.stored_explorers(path)
    # JupyterLab keeps an untrusted output's classes (not its data- attributes)
    shown = panel.locator(".allstats-static-explorer img").evaluate_all(
        """imgs => imgs.map(i => [...i.classList]
            .find(c => c.startsWith('allstats-static-chart-'))
            .replace('allstats-static-chart-', ''))""")
    assert shown == stored
    assert panel.locator(".allstats-static-explorer img").evaluate_all(
        "imgs => imgs.every(i => i.complete && i.naturalWidth > 0)")
    assert panel.locator(".allstats-static-readout").count() == len(stored)
    assert panel.get_by_text("VBox(children=").count() == 0
    if stored:
        shot = harness.SCREENSHOTS / f"lab-{path.stem}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        panel.locator(".allstats-static-explorer").first.scroll_into_view_if_needed()
        page.screenshot(path=str(shot))
    tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current")
    assert tab.count() == 1 and "jp-mod-dirty" not in (tab.get_attribute("class") or ""), \
        f"opening {path.name} marked it modified"
    if path == START_HERE:
        assert panel.get_by_text("Run All Cells").count() >= 1
        assert panel.get_by_text("make lab").count() >= 1


def test_the_app_leaves_out_the_cells_for_jupyterlab(rendered):
    page = rendered(START_HERE)
    text = page.locator("#rendered_cells").inner_text()
    nb = json.loads(START_HERE.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if LAB_ONLY in c["metadata"].get("tags", [])]
    assert tagged
    for phrase in ("Run All Cells", "make lab", "Presentation Mode"):
        assert phrase not in text
    assert "Sliders" in text and "Without code at all" in text      # the cells around them
    assert page.locator(".allstats-static-explorer").count() == 0    # the live widgets instead
