"""A class on one server (`make present`): warm kernels, and no kernel that outlives its page.

One server for the module, on a folder of two small notebooks (so that warming its pools takes
seconds), with culling made short: a kernel nobody is connected to stops after IDLE_S seconds.
Each test says which way a kernel must end (or must not), and checks it by the kernel's id
(GET /api/kernels/<id>: 404 once it stopped), by the server's log (who stopped it), and by the
kernel processes the server runs.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request

import nbformat
import pytest

from scripts import voila_harness as harness

IDLE_S = 6
INTERVAL_S = 1
LESSON_POOL = 3
OTHER_POOL = 1
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

LESSON = """\
import time
import ipywidgets as widgets
executed_at = time.time()
print(f"executed at {executed_at!r}")"""

SLIDER = """\
slider = widgets.IntSlider(value=5, min=0, max=10, description="n")
label = widgets.Label("value 5")
slider.observe(lambda change: setattr(label, "value", f"value {change.new}"), names="value")
widgets.VBox([slider, label])"""


def notebook(*sources: str):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A small lesson"),
                                         *[nbformat.v4.new_code_cell(s) for s in sources]])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def lesson_server(tmp_path_factory, *, lesson_pool: int, idle_s: float):
    folder = tmp_path_factory.mktemp("lessons")
    nbformat.write(notebook(LESSON, SLIDER), folder / "lesson.ipynb")
    nbformat.write(notebook("print('another notebook')"), folder / "other.ipynb")
    options = ["--lesson=lesson", f"--lesson-pool={lesson_pool}", f"--other-pool={OTHER_POOL}",
               f"--idle-timeout={idle_s}", f"--cull-interval={INTERVAL_S}", "--refill-calm=0"]
    return harness.VoilaServer(folder, log_path=folder / "voila.log", options=options)


@pytest.fixture(scope="module")
def server(browser_ready, tmp_path_factory):
    with lesson_server(tmp_path_factory, lesson_pool=LESSON_POOL, idle_s=IDLE_S) as server:
        yield server


@pytest.fixture(scope="module")
def server_without_culling(browser_ready, tmp_path_factory):
    """Culling an hour away: a kernel that stops within the test was stopped by its page."""
    with lesson_server(tmp_path_factory, lesson_pool=1, idle_s=3600) as server:
        yield server


def wait_stopped(server, kernel_id: str, within_s: float) -> float:
    """Seconds until the kernel stopped; fails if it still runs after ``within_s``."""
    start = time.monotonic()
    while server.kernel_running(kernel_id):
        assert time.monotonic() - start < within_s, f"kernel {kernel_id} still runs"
        time.sleep(0.2)
    return time.monotonic() - start


def page_kernel_id(html: str) -> str:
    config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                       html, flags=re.S)
    assert config, "the page carries no jupyter-config-data"
    return json.loads(config.group(1))["kernelId"]


def culled(server, kernel_id: str) -> bool:
    """Whether the server's log says the culler stopped this kernel."""
    return bool(re.search(rf"Culling .*\({kernel_id}\)", server.log_path.read_text()))


def open_page(server, browser):
    page = harness.new_page(browser)
    page.goto(server.url("lesson.ipynb"), wait_until="load")
    page.locator(".widget-slider .noUi-handle").wait_for(timeout=60_000)
    page.locator(".widget-label", has_text="value 5").wait_for(timeout=60_000)
    return page, page_kernel_id(page.content())


def test_pools_hold_the_lessons_kernels_and_one_of_each_other_notebook(server):
    status = server.wait_until_warm()
    assert {name: pool["size"] for name, pool in status["pools"].items()} == \
        {"lesson.ipynb": LESSON_POOL, "other.ipynb": OTHER_POOL}
    assert all(pool["ready"] == pool["size"] for pool in status["pools"].values())
    assert status["in_pools"] == LESSON_POOL + OTHER_POOL
    # the counts are the server's real kernels: one process each
    assert len(server.kernel_pids()) == status["kernels"]
    # and never their ids, which would let one page reach another student's kernel
    assert not re.search(UUID, json.dumps(status))


def test_a_page_comes_from_a_kernel_that_ran_the_notebook_before_it_was_asked(server):
    server.wait_until_warm()
    asked_at = time.time()
    with urllib.request.urlopen(server.url("lesson.ipynb"), timeout=60) as response:
        html = response.read().decode()
    executed_at = float(re.search(r"executed at ([0-9.]+)", html).group(1))
    assert executed_at < asked_at, "the notebook ran after the request: no warm kernel was used"
    assert "Using pre-heated kernel" in server.log_path.read_text()


def test_a_kernel_nobody_connects_to_stops_after_the_idle_time(server):
    """A plain GET (no browser, so no websocket): the culler stops its kernel, the pool refills."""
    server.wait_until_warm()
    with urllib.request.urlopen(server.url("lesson.ipynb"), timeout=60) as response:
        kernel_id = page_kernel_id(response.read().decode())
    assert server.kernel_running(kernel_id)
    wait_stopped(server, kernel_id, within_s=IDLE_S + INTERVAL_S + 30)
    assert culled(server, kernel_id)
    status = server.wait_until_warm(timeout_s=60)
    assert status["serving"] == 0 and len(server.kernel_pids()) == status["kernels"]


def test_closing_a_page_stops_its_kernel_at_once(server_without_culling, browser):
    """The page's own request on closing (with the _xsrf cookie it now has) stops the kernel.
    On a server whose culler would wait an hour, so that only the page can have stopped it
    (with IDLE_S seconds of culling, a loaded machine that delivers the page's beacon late
    lets the culler win the race, and the test could not tell who stopped the kernel)."""
    server = server_without_culling
    server.wait_until_warm()
    page, kernel_id = open_page(server, browser)
    handle = page.locator(".widget-slider .noUi-handle")
    handle.focus()
    handle.press("ArrowRight")
    page.locator(".widget-label", has_text="value 6").wait_for(timeout=20_000)
    assert server.kernel_running(kernel_id)
    assert harness.errors_on_page(page) == []
    # the tab closes, the browser stays (closing the whole browser at once can drop the
    # request a closing page sends, as a browser killed with its tabs would)
    page.close(run_before_unload=True)
    try:
        wait_stopped(server, kernel_id, within_s=60)
    finally:
        page.context.close()
    log = server.log_path.read_text()
    assert f"Kernel shutdown: {kernel_id}" in log
    assert not culled(server, kernel_id)
    assert "'_xsrf' argument missing" not in log


def test_a_page_that_vanishes_loses_its_kernel_to_the_culler(server, browser):
    """A tab closed without its unload handlers (a crash, a lid shut): the websocket drops, and
    the kernel, connected to nobody, stops after the idle time."""
    server.wait_until_warm()
    page, kernel_id = open_page(server, browser)
    page.close(run_before_unload=False)
    page.context.close()
    wait_stopped(server, kernel_id, within_s=IDLE_S + INTERVAL_S + 30)
    assert culled(server, kernel_id)


def test_a_page_left_untouched_longer_than_the_idle_time_still_works(server, browser):
    """A student who reads without touching anything keeps a working page: the open websocket
    keeps the kernel out of the culler's reach."""
    server.wait_until_warm()
    page, kernel_id = open_page(server, browser)
    try:
        time.sleep(2 * IDLE_S + 2 * INTERVAL_S)      # idle, for longer than the culler allows
        assert server.kernel_running(kernel_id)
        handle = page.locator(".widget-slider .noUi-handle")
        handle.focus()
        handle.press("ArrowLeft")
        page.locator(".widget-label", has_text="value 4").wait_for(timeout=20_000)
        assert harness.errors_on_page(page) == []
        assert not culled(server, kernel_id)
    finally:
        page.close(run_before_unload=True)
        page.context.close()


def executed_at(html: str) -> float:
    return float(re.search(r"executed at ([0-9.]+)", html).group(1))


def test_pools_refill_once_pages_stop_but_a_waiting_page_gets_a_kernel_at_once(
        browser_ready, tmp_path):
    """While a class arrives, refills wait for calm (the cores go to the students); a page that
    finds the pool empty does not wait for the calm: its kernel is warmed at once."""
    nbformat.write(notebook(LESSON), tmp_path / "lesson.ipynb")
    calm = 120
    options = ["--lesson=lesson", "--lesson-pool=1", "--other-pool=0", f"--refill-calm={calm}"]
    with harness.VoilaServer(tmp_path, log_path=tmp_path / "voila.log", options=options) as server:
        with urllib.request.urlopen(server.url("lesson.ipynb"), timeout=60) as response:
            first_page = response.read().decode()
        time.sleep(3)
        pool = server.status()["pools"]["lesson.ipynb"]
        assert (pool["ready"], pool["pending"]) == (0, 1), pool
        assert server.status()["warming"] == 0, "the refill did not wait for calm"
        asked_at = time.time()
        # well within the calm: only a warm-up started for this page can answer in time
        with urllib.request.urlopen(server.url("lesson.ipynb"), timeout=calm / 2) as response:
            second_page = response.read().decode()
        assert executed_at(first_page) < asked_at < executed_at(second_page)
        assert page_kernel_id(first_page) != page_kernel_id(second_page)
