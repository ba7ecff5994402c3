"""Real-browser harness: Voila, as `make present` runs it, driven by Playwright in Chromium.

Shared by the browser tests (tests/browser) and the browser benchmark (benchmarks/bench_browser.py),
which both import it from here (benchmarks never import from tests/).
Everything stays on 127.0.0.1: Voila listens on a free port chosen at run time, and the browser
aborts every request that would leave the machine. Each page also keeps what the tests assert is
absent: every request that tried to leave 127.0.0.1 (``page.off_machine``) and every warning or
error in the browser console (``page.console_problems``); ``errors_on_page`` reports both.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


NOTEBOOKS = ROOT / "notebooks"
LANDING = "00_start_here.ipynb"
SCREENSHOTS = ROOT / "build" / "screenshots"

#: Playwright's own browser download does not work here; Debian's package does
CHROMIUM = Path(os.environ.get("ALLSTATS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 800}
INSTALL_HINT = "install it with `apt-get install -y chromium` (Debian/Ubuntu; root or sudo)"

#: a notebook runs in a fresh kernel when its page opens; ours take seconds, this is the ceiling
RENDER_TIMEOUT_S = 180
#: from a key press or click to the page agreeing with the library
SETTLE_TIMEOUT_S = 20

EXPLORER = ".allstats-explorer"
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


# --------------------------------------------------------------------------- environment

def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing: pip install -e '.[test]'"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM}: {INSTALL_HINT}"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    return sorted(folder.glob("*.ipynb"))


# --------------------------------------------------------------------------- Voila server

class VoilaServer:
    """`python -m scripts.present FOLDER [OPTIONS]` on a free port of 127.0.0.1, stopped on exit.

    ``options`` are more command-line options (``--lesson=``, ``--other-pool=``, ...); with
    ``wait_warm`` the server is returned once every pool of warm kernels is full."""

    def __init__(self, folder: Path = NOTEBOOKS, log_path: Path | None = None,
                 start_timeout_s: float = 60, options: list[str] | tuple = (),
                 wait_warm: bool = True, warm_timeout_s: float = 600,
                 module: str = "scripts.present"):
        self.folder = Path(folder)
        self.module = module                 # or "scripts.slides" for `make slides`
        self.port = 0
        self.log_path = log_path or ROOT / "build" / "voila.log"
        self.start_timeout_s = start_timeout_s
        self.options = list(options)
        self.wait_warm = wait_warm
        self.warm_timeout_s = warm_timeout_s
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str | Path) -> str:
        return f"{self.base_url}/voila/render/{Path(notebook).name}"

    def __enter__(self) -> "VoilaServer":
        # a free port can be taken by someone else before Voila binds it: try a few
        for attempt in range(3):
            self.port = free_port()
            if self._start():
                if self.wait_warm:
                    self.wait_until_warm()
                return self
        raise RuntimeError(f"Voila did not start; log:\n{self._log_tail()}")

    def status(self) -> dict:
        """The server's /allstats/status: pools (size, ready, pending) and kernel counts."""
        with urllib.request.urlopen(f"{self.base_url}/allstats/status", timeout=10) as response:
            return json.load(response)

    def wait_until_warm(self, timeout_s: float | None = None) -> dict:
        """Wait until every pool holds its warm kernels; return the status."""
        deadline = time.monotonic() + (self.warm_timeout_s if timeout_s is None else timeout_s)
        while True:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"Voila stopped; log:\n{self._log_tail()}")
            status = self.status()
            if status["warm"]:
                return status
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the kernel pools were not warm within the time: {status}")
            time.sleep(0.5)

    def kernel_running(self, kernel_id: str) -> bool:
        """Whether the server still runs this kernel (GET /api/kernels/<id>: 404 once stopped)."""
        import urllib.error
        try:
            with urllib.request.urlopen(f"{self.base_url}/api/kernels/{kernel_id}", timeout=10):
                return True
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return False
            raise

    def kernel_pids(self) -> list[int]:
        """Process ids of the kernels this server runs (its children running ipykernel)."""
        import psutil
        if self.process is None:
            return []
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        pids = []
        for child in children:
            try:
                if any("ipykernel" in part for part in child.cmdline()):
                    pids.append(child.pid)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return pids

    def _start(self) -> bool:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w", encoding="utf-8")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            # as `make present` runs it, plus tracebacks on the page for the error check
            [sys.executable, "-m", self.module, str(self.folder), "--Voila.ip=127.0.0.1",
             f"--port={self.port}", "--no-browser", "--show_tracebacks=True", *self.options],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True)        # its own process group: stopped as one below
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                self._close_log()
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Voila did not listen on port {self.port} within "
                           f"{self.start_timeout_s:.0f} s; log:\n{self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8")[-3000:]
        except OSError:
            return "(no log)"

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        """SIGTERM lets Voila shut its kernels down; what is left of its group is killed."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None
        self._close_log()

    def _close_log(self) -> None:
        if getattr(self, "_log", None) and not self._log.closed:
            self._log.close()


# --------------------------------------------------------------------------- browser

def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


#: addresses on this machine: the server on 127.0.0.1, and what the page makes itself
_ON_MACHINE = re.compile(r"^((https?|wss?)://127\.0\.0\.1[:/]|(blob|data|about):)")
#: network addresses elsewhere: aborted (only these pass through Python, so pages stay fast)
_OFF_MACHINE = re.compile(r"^(?!(https?|wss?)://127\.0\.0\.1[:/])(https?|wss?)://")


def leaves_machine(url: str, allowed_files: Path | None = None) -> bool:
    """Whether a request for ``url`` would leave 127.0.0.1 (file: URLs count as leaving unless
    they lie under ``allowed_files``)."""
    if _ON_MACHINE.match(url):
        return False
    if url.startswith("file://") and allowed_files is not None:
        return not url.startswith(Path(allowed_files).resolve().as_uri())
    return True


def new_page(browser, *, offline: bool = False, allowed_files: Path | None = None):
    """A page at 1280x800 that never leaves the machine. It records what the tests require to
    be absent: requests and websockets that tried to leave 127.0.0.1 (``page.off_machine``;
    network ones are aborted), console warnings and errors (``page.console_problems``) and
    uncaught exceptions (``page.js_errors``)."""
    context = browser.new_context(viewport=VIEWPORT, offline=offline)
    context.route(_OFF_MACHINE, lambda route: route.abort())
    page = context.new_page()
    page.off_machine, page.js_errors, page.console_problems = [], [], []

    def record(url):
        if leaves_machine(url, allowed_files) and url not in page.off_machine:
            page.off_machine.append(url)
    page.on("request", lambda request: record(request.url))
    page.on("websocket", lambda websocket: record(websocket.url))
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    page.on("console", lambda message: page.console_problems.append(
        f"{message.type}: {message.text}") if message.type in ("warning", "error") else None)
    return page


def render(page, url: str, explorers: int, timeout_s: float = RENDER_TIMEOUT_S) -> None:
    """Open a Voila page and wait until the notebook ran and every explorer shows its chart."""
    page.goto(url, wait_until="load", timeout=timeout_s * 1000)
    wait_rendered(page, explorers, timeout_s)


def wait_rendered(page, explorers: int, timeout_s: float = RENDER_TIMEOUT_S) -> None:
    """Wait until Voila has run the page's notebook and every explorer shows its chart."""
    try:
        # Voila removes its spinner and shows the cells when the last cell has run
        page.wait_for_function(
            """(n) => {
                const cells = document.getElementById('rendered_cells');
                if (!cells || cells.style.display === 'none' || document.getElementById('loading'))
                    return false;
                const boxes = document.querySelectorAll('.allstats-explorer');
                if (boxes.length < n) return false;
                return [...document.querySelectorAll('.allstats-explorer img.allstats-chart')]
                    .every(img => img.complete && img.naturalWidth > 0);
            }""", arg=explorers, timeout=timeout_s * 1000, polling=100)
    except Exception as exc:
        problems = errors_on_page(page)
        raise AssertionError(f"{page.url} did not finish rendering {explorers} explorer(s): "
                             f"{problems or exc}") from exc


def errors_on_page(page) -> list[str]:
    """Error outputs and tracebacks the page shows, uncaught JavaScript errors, console warnings
    and errors, and requests that tried to leave the machine."""
    problems = [f"stderr output: {text[:500]}"
                for text in page.locator(STDERR_OUTPUT).all_inner_texts()]
    body = page.locator("body").inner_text()
    for pattern in ("Traceback", "There was an error when executing cell",
                    r"\b[A-Z]\w*Error: "):
        for match in re.finditer(pattern, body):
            context = body[max(0, match.start() - 80):match.end() + 200]
            problems.append(f"page text: …{context}…")
    problems += [f"JavaScript error: {e}" for e in getattr(page, "js_errors", [])]
    problems += [f"console {p}" for p in getattr(page, "console_problems", [])]
    problems += [f"request off the machine: {url}" for url in getattr(page, "off_machine", [])]
    return problems


def full_page_screenshot(page, path: Path) -> Path:
    """The whole notebook at 1280 px wide: Voila scrolls an inner element, not the document,
    so the viewport is stretched to the content for the shot and then put back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("""() => {
        const cells = document.getElementById('rendered_cells');
        return Math.ceil(Math.max(cells ? cells.scrollHeight : 0,
                                  document.documentElement.scrollHeight));
    }""")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], height)})
    try:
        page.wait_for_timeout(200)       # let the widgets lay themselves out at the new size
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(VIEWPORT)
    return path


# --------------------------------------------------------------------------- notebooks

def stored_explorers(path: Path) -> list[str]:
    """Names of the explorers a notebook displays, in page order, from its stored widget state
    (read once per process, so that every test of a session expects the same explorers)."""
    return list(_stored_explorers(Path(path).resolve()))


@functools.lru_cache(maxsize=None)
def _stored_explorers(path: Path) -> tuple[str, ...]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    names: list[str] = []

    def visit(model_id: str) -> None:
        model = state.get(model_id)
        if model is None:
            return
        classes = model["state"].get("_dom_classes", [])
        if "allstats-explorer" in classes:
            names.extend(c.removeprefix("allstats-explorer-") for c in classes
                         if c.startswith("allstats-explorer-"))
            return
        for child in model["state"].get("children", []):
            visit(child.removeprefix("IPY_MODEL_"))

    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                visit(view["model_id"])
    return tuple(names)


def explorer_name(box) -> str:
    classes = box.get_attribute("class").split()
    names = [c.removeprefix("allstats-explorer-") for c in classes
             if c.startswith("allstats-explorer-")]
    assert len(names) == 1, f"an explorer box needs one allstats-explorer-<name> class: {classes}"
    return names[0]


# --------------------------------------------------------------------------- readouts, pictures

def rendered_text(page, markup: str) -> str:
    """The text this browser shows for ``markup`` (the library's readout HTML), rendered off
    screen in the page, so that tables, line breaks and entities read as they do on the page."""
    return normalize(page.evaluate("""(markup) => {
        const probe = document.createElement('div');
        probe.className = 'widget-html-content';
        probe.style.cssText = 'position: absolute; left: -20000px; top: 0; width: 1200px';
        probe.innerHTML = markup;
        document.body.appendChild(probe);
        const text = probe.innerText;
        probe.remove();
        return text;
    }""", markup))


def normalize(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def readout_text(box) -> str:
    return normalize(box.locator(".allstats-readout .widget-html-content").inner_text())


def chart_src(box) -> str:
    return box.locator("img.allstats-chart").get_attribute("src") or ""


def chart_png(box) -> bytes:
    """The bytes behind the chart's blob: URL, as the browser received them."""
    encoded = box.locator("img.allstats-chart").evaluate("""async (img) => {
        const buffer = await (await fetch(img.src)).arrayBuffer();
        let binary = '';
        const bytes = new Uint8Array(buffer);
        for (let i = 0; i < bytes.length; i += 0x8000)
            binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
        return btoa(binary);
    }""")
    return base64.b64decode(encoded)


def same_picture(png_a: bytes, png_b: bytes) -> bool:
    """Pixel-for-pixel equality (PNG bytes may differ in encoding, not in what they show)."""
    if png_a == png_b:
        return True
    import numpy as np
    from PIL import Image
    a, b = (np.asarray(Image.open(io.BytesIO(p)).convert("RGBA")) for p in (png_a, png_b))
    return a.shape == b.shape and bool(np.array_equal(a, b))


# --------------------------------------------------------------------------- controls

def control_kind(control) -> str:
    """How the page shows a library control (the ipywidgets class decides the DOM)."""
    import ipywidgets as w
    kinds = [(w.FloatLogSlider, "log-slider"), (w.SelectionSlider, "selection-slider"),
             (w.IntSlider, "slider"), (w.FloatSlider, "slider"),
             (w.Dropdown, "dropdown"), (w.ToggleButtons, "toggle-buttons"),
             (w.RadioButtons, "radio-buttons"), (w.ToggleButton, "toggle-button"),
             (w.Checkbox, "checkbox")]
    for cls, kind in kinds:
        if isinstance(control, cls):
            return kind
    raise NotImplementedError(f"the browser tests cannot drive a {type(control).__name__} yet; "
                              "teach scripts/voila_harness.py how to read and move it")


def _options(control) -> list:
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def _labels(control) -> list[str]:
    return [o[0] if isinstance(o, tuple) else str(o) for o in control.options]


def _same_spaces(label: str | None) -> str | None:
    # ipywidgets writes a dropdown's labels with no-break spaces so that HTML keeps them
    return None if label is None else label.replace("\xa0", " ")


@dataclass(frozen=True)
class ShownOption:
    """A dropdown's option as the page shows it, by its label. A dropdown's options can depend
    on another control (the natural-frequency explorer offers the denominators of the chosen
    statistic), so the label is matched against the library control's options only once the
    other controls are set (:func:`set_library`), not by its index in whatever options the
    library control had when the page was read."""
    label: str | None


def read_control(element, control):
    """The value a control shows on the page, in the library's terms."""
    kind = control_kind(control)
    if kind in ("slider", "log-slider", "selection-slider"):
        raw = element.locator(".noUi-target").evaluate("t => t.noUiSlider.get(true)")
        if kind == "selection-slider":
            return _options(control)[int(round(raw))]
        if kind == "log-slider":
            return control.base ** raw
        return int(round(raw)) if isinstance(control.value, int) else float(raw)
    if kind == "dropdown":
        return ShownOption(element.locator("select").evaluate(
            "s => s.selectedIndex < 0 ? null : s.options[s.selectedIndex].text"))
    if kind == "toggle-buttons":
        buttons = element.locator("button")
        active = [i for i in range(buttons.count())
                  if "mod-active" in (buttons.nth(i).get_attribute("class") or "")]
        return _options(control)[active[0]]
    if kind == "radio-buttons":
        return _options(control)[element.locator("input[type=radio]").evaluate_all(
            "inputs => inputs.findIndex(i => i.checked)")]
    if kind == "toggle-button":
        return "mod-active" in (element.get_attribute("class") or "")
    if kind == "checkbox":
        return element.locator("input[type=checkbox]").is_checked()
    raise AssertionError(kind)


def set_library(explorer, values: dict) -> bool:
    """Put the page's values on the library explorer's controls (twice: a control's bounds or
    options may depend on another one's value). False when the page shows, for a moment, a
    combination the library refuses (one control moved, the other not yet updated)."""
    from traitlets import TraitError

    try:
        for _ in range(2):
            for key, value in values.items():
                control = explorer.controls[key]
                if isinstance(value, ShownOption):
                    labels = [_same_spaces(label) for label in _labels(control)]
                    if _same_spaces(value.label) not in labels:
                        return False
                    value = _options(control)[labels.index(_same_spaces(value.label))]
                control.value = value
    except TraitError:
        return False
    return True


def slider_keys(element, control) -> list[str]:
    """Key presses that move a slider to both ends and one step in from each, each one a change."""
    value = read_control(element, control)
    at_max = value == (_options(control)[-1] if control_kind(control) == "selection-slider"
                       else control.max)
    return ["Home", "ArrowRight", "End", "ArrowLeft"] if at_max else \
        ["End", "ArrowLeft", "Home", "ArrowRight"]


def actions(element, control):
    """(description, do) pairs that change a control the way a student does: sliders with the
    keyboard on the handle, dropdowns by choosing each other option, toggles both ways."""
    kind = control_kind(control)
    if kind.endswith("slider"):
        handle = element.locator(".noUi-handle").first

        def press(key):
            def do():
                handle.focus()
                handle.press(key)
            return do
        return [(f"key {key}", press(key)) for key in slider_keys(element, control)]
    if kind == "dropdown":
        select = element.locator("select")
        current = select.evaluate("s => s.selectedIndex")
        order = [i for i in range(len(control.options)) if i != current] + [current]
        return [(f"option {i}", (lambda i=i: select.select_option(index=i))) for i in order]
    if kind in ("toggle-buttons", "radio-buttons"):
        items = element.locator("button" if kind == "toggle-buttons" else "input[type=radio]")
        current = _options(control).index(read_control(element, control))
        order = [i for i in range(items.count()) if i != current] + [current]
        return [(f"choice {i}", (lambda i=i: items.nth(i).click())) for i in order]
    if kind == "toggle-button":
        return [("click", element.click), ("click back", element.click)]
    if kind == "checkbox":
        box = element.locator("input[type=checkbox]")
        return [("click", box.click), ("click back", box.click)]
    raise AssertionError(kind)


def visible_controls(box, explorer) -> dict:
    """The library explorer's controls that this explorer box shows, by name → page element."""
    found = {}
    for key in explorer.controls:
        element = box.locator(f".allstats-control-{key}")
        if element.count():
            assert element.count() == 1, f"{element.count()} controls named {key} in one explorer"
            found[key] = element
    return found


def page_values(elements: dict, explorer) -> dict:
    return {key: read_control(element, explorer.controls[key])
            for key, element in elements.items()}


def wait_until_page_matches(box, explorer, elements: dict, *, old_src: str | None = None,
                            old_png: bytes | None = None, timeout_s: float = SETTLE_TIMEOUT_S):
    """Poll until the page's readout and chart equal the library explorer set to the page's
    control values; return those values. When the library's picture changed since ``old_png``,
    the page's image must have a new src too."""
    deadline = time.monotonic() + timeout_s
    last = "nothing compared yet"
    while True:
        values = page_values(elements, explorer)
        if not set_library(explorer, values):
            last = f"the page shows {values}, which the library refuses (still updating?)"
            if time.monotonic() > deadline:
                raise AssertionError(f"after {timeout_s:.0f} s: {last}")
            time.sleep(0.05)
            continue
        values = {key: explorer.controls[key].value for key in elements}   # labels resolved
        expected_text = rendered_text(box.page, explorer.readout.value)
        shown_text = readout_text(box)
        expected_png = explorer.png()
        src = chart_src(box)
        if shown_text != expected_text:
            last = f"readout {shown_text!r} != library {expected_text!r} at {values}"
        elif old_png is not None and expected_png != old_png and src == old_src:
            last = f"the picture should change at {values} but the image src did not"
        elif not same_picture(chart_png(box), expected_png):
            last = f"the page's chart differs from the library's PNG at {values}"
        else:
            return values
        if time.monotonic() > deadline:
            raise AssertionError(f"after {timeout_s:.0f} s: {last}")
        time.sleep(0.05)
