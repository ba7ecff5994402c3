"""Every notebook as `make present` serves it (Voila), in Chromium, moved the way a student does.

For each notebook: the page renders with no error, no traceback, no stderr and no code, and a
full-page screenshot goes to build/screenshots/<notebook>.png. For each explorer on it: every
slider is moved with the keyboard (End, Home, the arrow keys on its handle), every dropdown and
toggle is changed, and after each change the readout and the chart must equal what the library's
own explorer (same factory, found by the explorer's name) shows for the values the page shows.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from allstats.explorers import by_name

from scripts import voila_harness as harness

NOTEBOOKS = harness.notebooks()
EXPLORERS = [(path, index, name) for path in NOTEBOOKS
             for index, name in enumerate(harness.stored_explorers(path))]


def code_lines(path) -> list[str]:
    """Lines of the notebook's code that could not be mistaken for prose in an output."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            lines += [line.strip() for line in source.splitlines()
                      if line.startswith(("import ", "from ")) or " = " in line]
    return [line for line in lines if len(line) >= 12]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_renders_without_errors_or_code(rendered, path):
    page = rendered(path)
    assert harness.errors_on_page(page) == []
    boxes = page.locator(harness.EXPLORER)
    shown = [harness.explorer_name(boxes.nth(i)) for i in range(boxes.count())]
    assert shown == harness.stored_explorers(path), \
        "the page shows other explorers than the committed notebook: re-run `make notebooks`?"
    content = page.content()
    leaked = [line for line in code_lines(path) if html.escape(line, quote=False) in content]
    assert leaked == [], "code reached the page (strip_sources should remove it)"
    assert page.locator(".jp-CodeCell .jp-InputArea-editor, .jp-CodeMirrorEditor").count() == 0
    assert (harness.SCREENSHOTS / f"{path.stem}.png").stat().st_size > 10_000


def expected_after(control, before, key: str):
    """Where a key press on a slider's handle must leave it."""
    if harness.control_kind(control) == "selection-slider":
        options = harness._options(control)
        i = options.index(before)
        return {"Home": options[0], "End": options[-1],
                "ArrowRight": options[min(i + 1, len(options) - 1)],
                "ArrowLeft": options[max(i - 1, 0)]}[key]
    return {"Home": control.min, "End": control.max,
            "ArrowRight": min(before + control.step, control.max),
            "ArrowLeft": max(before - control.step, control.min)}[key]


@pytest.mark.parametrize("path,index,name", EXPLORERS,
                         ids=[f"{p.stem}-{i}-{n}" for p, i, n in EXPLORERS])
def test_explorer_follows_the_library(rendered, path, index, name):
    page = rendered(path)
    box = page.locator(harness.EXPLORER).nth(index)
    assert harness.explorer_name(box) == name
    factories = by_name()
    assert name in factories, f"no make_*_explorer builds an explorer named {name!r}"
    explorer = factories[name]()
    elements = harness.visible_controls(box, explorer)
    assert elements, f"the page shows none of {name}'s controls {list(explorer.controls)}"

    # as rendered: the page and the library agree before anything moves
    values = harness.wait_until_page_matches(box, explorer, elements)
    for key, element in elements.items():
        control = explorer.controls[key]
        moved = 0
        for label, change in harness.actions(element, control):
            before, old_src, old_png = values, harness.chart_src(box), explorer.png()
            change()
            values = harness.wait_until_page_matches(box, explorer, elements,
                                                     old_src=old_src, old_png=old_png)
            if label.startswith("key "):
                want = expected_after(control, before[key], label.removeprefix("key "))
                assert values[key] == pytest.approx(want), f"{key} after {label}"
            moved += values[key] != before[key]
            assert harness.errors_on_page(page) == [], f"after {label} on {key}"
        assert moved, f"no change of {key} on the page moved its value"


def test_every_explorer_on_the_pages_has_a_factory():
    names = {name for _, _, name in EXPLORERS}
    assert names <= set(by_name()), sorted(names - set(by_name()))


def test_root_opens_the_landing_page_which_links_every_notebook(voila, rendered):
    landing = harness.NOTEBOOKS / harness.LANDING
    assert landing.is_file(), f"`make present` opens on {harness.LANDING}, which is missing"
    page = rendered(landing)
    # the redirect itself, without running the notebook a second time
    response = page.request.get(voila.base_url + "/", max_redirects=0)
    assert response.status in (301, 302, 303, 307)
    assert response.headers["location"] == f"/voila/render/{harness.LANDING}"
    hrefs = page.locator("#rendered_cells a[href]").evaluate_all("links => links.map(a => a.href)")
    linked = {href.split("#")[0] for href in hrefs if href.split("#")[0].endswith(".ipynb")}
    others = {voila.url(p) for p in NOTEBOOKS if p.name != harness.LANDING}
    assert linked <= {voila.url(p) for p in NOTEBOOKS}, "a link to a missing notebook"
    assert others <= linked, f"not linked from the landing page: {sorted(others - linked)}"


def test_the_page_cannot_run_code(rendered, tmp_path):
    """Voila passes widget messages to the kernel but drops execute requests from the page."""
    page = rendered(NOTEBOOKS[0])
    marker = tmp_path / "executed"
    replies = page.evaluate("""async ([code]) => {
        const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
        const url = location.origin.replace('http', 'ws') + '/api/kernels/' + config.kernelId
            + '/channels?session_id=browser-test';
        const ws = new WebSocket(url);
        const replies = [];
        ws.onmessage = (event) => {
            if (typeof event.data === 'string') replies.push(JSON.parse(event.data).msg_type);
        };
        await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
        const send = (msg_type, content) => ws.send(JSON.stringify({
            header: {msg_id: msg_type + Math.random(), msg_type, session: 'browser-test',
                     username: '', date: new Date().toISOString(), version: '5.3'},
            parent_header: {}, metadata: {}, content, channel: 'shell'}));
        send('execute_request', {code, silent: false, store_history: false,
                                 user_expressions: {}, allow_stdin: false, stop_on_error: true});
        send('kernel_info_request', {});
        await new Promise(resolve => setTimeout(resolve, 3000));
        ws.close();
        return replies;
    }""", [f"open({str(marker)!r}, 'w').close()"])
    assert "kernel_info_reply" in replies, f"the kernel channel did not answer: {replies}"
    assert "execute_reply" not in replies
    assert not marker.exists()


def test_the_error_check_sees_a_failing_cell(browser, tmp_path):
    """The render check is not blind: a notebook that raises shows up as an error."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# A broken notebook"),
        nbformat.v4.new_code_cell("import sys\nprint('to stderr', file=sys.stderr)"),
        nbformat.v4.new_code_cell("raise ValueError('this cell fails on purpose')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, tmp_path / "broken.ipynb")
    with harness.VoilaServer(tmp_path, log_path=tmp_path / "voila.log") as server:
        page = harness.new_page(browser)
        try:
            harness.render(page, server.url("broken.ipynb"), explorers=0)
            problems = harness.errors_on_page(page)
        finally:
            page.context.close()
    assert any(p.startswith("stderr output") for p in problems), problems
    assert any("ValueError" in p for p in problems), problems


def test_the_list_of_notebooks_loads_nothing_from_elsewhere(voila, browser):
    page = harness.new_page(browser)
    try:
        response = page.goto(voila.base_url + "/voila/tree", wait_until="load")
        page.wait_for_load_state("networkidle")
        assert response.status == 200
        listed = page.locator("body").inner_text()
        assert all(path.name in listed for path in NOTEBOOKS)
        assert harness.errors_on_page(page) == []
    finally:
        page.context.close()


def test_a_missing_page_says_so_and_loads_nothing_from_elsewhere(voila, browser):
    page = harness.new_page(browser)
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        url = voila.url("no_such_notebook.ipynb")
        response = page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        assert response.status == 404
        assert "404" in page.locator("body").inner_text()
        # the browser reports the page's own status as a console error; nothing else may show
        assert failed == [url]
        own_status = "console error: Failed to load resource: the server responded with a " \
                     "status of 404 (Not Found)"
        problems = harness.errors_on_page(page)
        assert [p for p in problems if p != own_status] == [] and problems.count(own_status) == 1
        assert page.off_machine == []
    finally:
        page.context.close()


def test_every_notebook_has_a_pool_of_warm_kernels(voila):
    status = voila.status()
    assert set(status["pools"]) == {path.name for path in NOTEBOOKS}
    assert all(pool["size"] >= 1 for pool in status["pools"].values())


def test_static_files_come_compressed_with_an_etag_and_never_from_outside(voila):
    import gzip
    import http.client
    import urllib.request

    def get(path, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", voila.port, timeout=30)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, \
            response.read()

    page = urllib.request.urlopen(voila.url(harness.LANDING), timeout=120).read().decode()
    script = re.search(r'src="(/voila/static/[^"?]+\.js)', page).group(1)
    status, headers, body = get(script, {"Accept-Encoding": "gzip"})
    # gzip from a static file: scripts/assets.py answered (Voila's handlers never compress)
    assert status == 200 and headers["content-encoding"] == "gzip"
    plain_status, plain_headers, plain = get(script)
    assert plain_status == 200 and "content-encoding" not in plain_headers
    assert gzip.decompress(body) == plain
    assert get(script, {"If-None-Match": headers["etag"]})[0] == 304
    css = "/voila/templates/allstats_a11y/static/index.css"
    assert get(css)[0] == 200
    for path in ["/voila/static/../../../../../etc/passwd",
                 "/voila/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
                 "/voila/templates/..%2f..%2f/static/x", "/voila/labextensions/../../setup.py"]:
        assert get(path)[0] in (403, 404), path


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_page_head_preloads_every_script_the_page_asks_for(voila, browser, path):
    """scripts/preload.py: the head of every app page names, as preloads, the scripts of Voila's
    bundle and of the widget extensions that every page loads; each one exists and is used
    (Chromium warns in the console about a preloaded script a page does not use)."""
    from scripts import preload

    page = harness.new_page(browser)
    requests, failed = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: failed.append(response.url)
            if response.status >= 400 else None)
    try:
        harness.render(page, voila.url(path), len(harness.stored_explorers(path)))
        page.wait_for_load_state("networkidle")
        listed = preload.listed()
        in_head = page.evaluate("""() => [...document.head.querySelectorAll(
            'link[rel="preload"][as="script"]')].map(link => link.getAttribute('href'))""")
        assert [href.removeprefix("/") for href in in_head] == listed and len(listed) > 50
        asked = preload.scripts_of_page(requests, voila.base_url)
        assert set(listed) <= set(asked), "run `python -m scripts.preload`"
        assert failed == []
        assert harness.errors_on_page(page) == []
    finally:
        page.context.close()
