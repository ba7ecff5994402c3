"""`make html`: the static handout, built from the committed notebooks and read with no network."""

from __future__ import annotations

import re

import nbformat
import pytest

from scripts import build_html, voila_harness as harness

NOTEBOOKS = harness.notebooks()


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    pages = build_html.build(harness.NOTEBOOKS, out)
    return out, {page["notebook"]: page for page in pages}


def test_index_links_every_notebook_by_its_first_heading(handout):
    out, pages = handout
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', index)
    assert [href for href, _ in links] == [f"{p.stem}.html" for p in NOTEBOOKS]
    for path, (href, title) in zip(NOTEBOOKS, links):
        first_heading = next(line for cell in nbformat.read(path, as_version=4).cells
                             if cell.cell_type == "markdown"
                             for line in cell.source.splitlines() if line.startswith("#"))
        assert title.replace("&#x27;", "'").replace("&amp;", "&") \
            == re.sub(r"[*_`]", "", first_heading.lstrip("#")).strip()
        assert (out / href).is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_page_needs_no_network_and_shows_no_code(handout, path):
    out, pages = handout
    page = (out / f"{path.stem}.html").read_text(encoding="utf-8")
    assert not re.search(r'<script[^>]+src=', page), "a script loaded from elsewhere"
    assert not re.search(r'<link[^>]+href="https?:', page), "a stylesheet loaded from the network"
    assert not re.search(r'<img[^>]+src="(?!data:)', page), "an image that is not inline"
    assert not re.search(r'class="[^"]*jp-InputArea-editor', page), "code cells should be hidden"
    nb = nbformat.read(path, as_version=4)
    imports = [line for cell in nb.cells if cell.cell_type == "code"
               for line in cell.source.splitlines() if line.startswith(("import ", "from "))]
    assert imports and not [line for line in imports if line in page]
    assert "application/vnd.jupyter.widget" not in page
    assert not re.search(r'href="[^"/:]+\.ipynb', page), "a link to a notebook, not its page"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_explorer_appears_as_its_stored_picture(handout, path):
    out, pages = handout
    page = (out / f"{path.stem}.html").read_text(encoding="utf-8")
    shown = re.findall(r'<div class="allstats-static-explorer" data-explorer="([^"]+)">', page)
    assert shown == harness.stored_explorers(path)
    pictures = re.findall(r'<div class="allstats-static-explorer".*?<img [^>]*src="([^"]+)"',
                          page, flags=re.S)
    assert len(pictures) == len(shown)
    assert all(src.startswith("data:image/png;base64,iVBORw0KGgo") for src in pictures)


PAGES = ["index", *[p.stem for p in NOTEBOOKS]]


@pytest.mark.parametrize("stem", PAGES)
def test_page_renders_offline_in_chromium(handout, browser, stem):
    """Opened from disk with the network off: each picture decodes and shows, no request leaves
    the handout's folder, and the console shows no warning or error."""
    out, _ = handout
    page = harness.new_page(browser, offline=True, allowed_files=out)
    try:
        page.goto((out / f"{stem}.html").as_uri(), wait_until="load")
        page.wait_for_load_state("networkidle")
        if stem != "index":
            images = page.locator("main img")
            assert images.count() >= len(harness.stored_explorers(harness.NOTEBOOKS /
                                                                  f"{stem}.ipynb"))
            broken = images.evaluate_all(
                "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt)")
            assert broken == []
        assert page.off_machine == []
        assert page.console_problems == []
        assert page.js_errors == []
        page.screenshot(path=str(harness.SCREENSHOTS / f"handout-{stem}.png"), full_page=True)
    finally:
        page.context.close()
