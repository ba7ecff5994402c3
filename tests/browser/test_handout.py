"""`make html`: the static handout, built from the committed notebooks and read with no network."""

from __future__ import annotations

import base64
import csv
import html
import io
import re
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import nbformat
import pytest

from allstats.charts import alt
from allstats.explorers import downloads
from allstats.text import PACK_SUMMARY
from scripts import voila_harness as harness
from tests.browser.helpers import data_of, save_download

NOTEBOOKS = harness.notebooks()


@pytest.fixture(scope="module")
def handout(handout_build):
    return handout_build


_FIGURE = re.compile(r'<figure class="allstats-figure">(.*?)</figure>', re.S)
_LINK = re.compile(r'<a class="allstats-download allstats-download-(\w+)" href="([^"]+)" '
                   r'download="([^"]+)"')


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def charts_on(page: str) -> list[dict]:
    """Every static chart of a handout page (the notebooks' figures): its picture, its download
    links (kind -> (file name, bytes)), its folded table (headers, rows) and source line."""
    found = []
    for figure in _FIGURE.findall(page):
        table = re.search(r"<table.*?</table>", figure, re.S)
        source = re.search(r"</table>\s*<p>(.*?)</p>", figure, re.S)
        found.append({
            "png": data_of(re.search(r'<img [^>]*src="([^"]+)"', figure).group(1)),
            "links": {kind: (html.unescape(name), data_of(href))
                      for kind, href, name in _LINK.findall(figure)},
            "headers": [_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", table.group(0))],
            "rows": [[_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
                     for row in re.findall(r"<tr>(.*?)</tr>", table.group(0).split("<tbody>")[1],
                                           re.S)],
            "source": _text(source.group(1)) if source else "",
            "note": downloads.STALE_NOTE in html.unescape(figure),
        })
    return found


def stored_figures(path) -> int:
    """How many chart figures the notebook shows (its stored outputs)."""
    nb = nbformat.read(path, as_version=4)
    return sum('class="allstats-figure"' in output.get("data", {}).get("text/html", "")
               for cell in nb.cells for output in cell.get("outputs", []))


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


CHART_PAGES = [p for p in NOTEBOOKS if stored_figures(p)]


@pytest.mark.parametrize("path", CHART_PAGES, ids=lambda p: p.stem)
def test_every_chart_offers_png_svg_and_csv_named_after_it(handout, path):
    out, pages = handout
    charts = charts_on((out / f"{path.stem}.html").read_text(encoding="utf-8"))
    assert len(charts) == stored_figures(path) == len(pages[path.name]["charts"])
    assert pages[path.name]["stale"] == 0
    names = []
    for chart in charts:
        assert not chart["note"], "a chart with its PNG only: its files were not drawn"
        assert set(chart["links"]) == {"png", "svg", "csv"}
        stems = {name.rsplit(".", 1)[0] for name, _ in chart["links"].values()}
        assert len(stems) == 1 and [name.rsplit(".", 1)[1] for name, _ in
                                    chart["links"].values()] == ["png", "svg", "csv"]
        stem = stems.pop()
        assert stem.startswith(f"{path.stem}_") and stem != f"{path.stem}_chart"
        names.append(stem)
        # the PNG is the picture on the page, byte for byte
        assert chart["links"]["png"][1] == chart["png"]
    assert len(set(names)) == len(names), "two charts of a page with the same file name"


@pytest.mark.parametrize("path", CHART_PAGES, ids=lambda p: p.stem)
def test_every_charts_svg_is_the_chart_with_its_title_as_text(handout, path):
    out, pages = handout
    charts = charts_on((out / f"{path.stem}.html").read_text(encoding="utf-8"))
    built = pages[path.name]["charts"]
    assert len(built) == len(charts)
    for chart, said in zip(charts, built):
        name, svg = chart["links"]["svg"]
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert b"<dc:date>" not in svg and b"<path" in svg
        # the title the chart's figure had when it drew this picture: it names the file, and
        # the SVG carries it as text (not outlines)
        title = said["title"]
        assert title and name.rsplit(".", 1)[0] in (
            downloads.chart_stem(path.stem, title),
            *(f"{downloads.chart_stem(path.stem, title)}-{i}" for i in range(2, 5)))
        assert alt.flat(title) in alt.flat(" ".join(root.itertext())), name


@pytest.mark.parametrize("path", CHART_PAGES, ids=lambda p: p.stem)
def test_every_charts_csv_holds_its_table_and_source_line(handout, path):
    out, _ = handout
    for chart in charts_on((out / f"{path.stem}.html").read_text(encoding="utf-8")):
        name, data = chart["links"]["csv"]
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert chart["headers"] and chart["rows"] and chart["source"]
        width = len(chart["headers"])
        assert rows[0][:width] == chart["headers"], name
        assert rows[0][width:] in (["quote", alt.SOURCE_LINE_COLUMN], [alt.SOURCE_LINE_COLUMN])
        assert [row[:width] for row in rows[1:]] == chart["rows"], name
        assert {row[-1] for row in rows[1:]} == {chart["source"]}, name


def data_quotes() -> set[str]:
    """Every ``quote`` of every file of data/, on one line."""
    quotes = set()
    for path in harness.ROOT.joinpath("data").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            quotes |= {alt.flat(row["quote"]) for row in csv.DictReader(f) if row.get("quote")}
    return quotes


def test_a_charts_quotes_are_the_sources_own_sentences_from_data(handout):
    """Where a chart gives each row's quote (the disagreements, the treatment timeline), its CSV
    carries it, and every one is a quote of a row of data/, word for word."""
    out, _ = handout
    known = data_quotes()
    quoted = {}
    for path in CHART_PAGES:
        for chart in charts_on((out / f"{path.stem}.html").read_text(encoding="utf-8")):
            name, data = chart["links"]["csv"]
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
            if "quote" in rows[0]:
                quoted[name] = [r["quote"] for r in rows]
    # 08's five disagreements and 05's treatment timeline
    assert sum(name.startswith("08_") for name in quoted) >= 5, sorted(quoted)
    assert any(name.startswith("05_") for name in quoted), sorted(quoted)
    for name, quotes in quoted.items():
        assert any(quotes), name
        # a quote that is the source pack's summary says so after the pack's words
        words = [q.removesuffix(f" ({PACK_SUMMARY})") for q in quotes]
        assert not [q for q in words if q and q not in known], name


def test_a_chart_without_its_files_offers_its_png_and_says_why(tmp_path):
    """Without the redrawn files (or with files of another picture) a chart gets its PNG only
    and the note, never another chart's SVG or numbers."""
    from scripts import build_html
    from tests import chart_cases

    artists = chart_cases.CASES["sex_split-deaths"][1]()
    png = alt.figure_png(artists.figure)
    other = chart_cases.CASES["sex_split-new_cases"][1]()
    alt.write_chart_files(other, alt.figure_png(other.figure), tmp_path)
    alt.write_chart_files(artists, png, tmp_path)
    src = base64.b64encode(png).decode("ascii")
    page = f'<img alt="a chart" src="data:image/png;base64,{src}">'
    for folder in (None, tmp_path / "empty", tmp_path):
        row = build_html.chart_downloads(page, "02_deaths", folder)
        found = _LINK.findall(row)
        if folder == tmp_path:
            assert [kind for kind, _, _ in found] == ["png", "svg", "csv"]
            assert data_of(found[1][1]) == alt.chart_svg(artists.figure)
            assert data_of(found[2][1]).decode("utf-8") == alt.chart_csv(artists.description)
            assert found[0][2] == downloads.chart_stem("02_deaths", alt.chart_title(artists)) \
                + ".png"
        else:
            assert [kind for kind, _, _ in found] == ["png"]
            assert html.escape(downloads.STALE_NOTE if folder else build_html.NOT_DRAWN_NOTE) \
                in row
    plt.close(artists.figure)
    plt.close(other.figure)


@pytest.mark.parametrize("path", CHART_PAGES, ids=lambda p: p.stem)
def test_every_charts_links_download_in_chromium(handout, browser, path, tmp_path):
    """Opened from disk with the network off, each chart's three links save, as Chromium saves
    them, the files the page offers, under their names; the PNG is the picture shown."""
    out, _ = handout
    charts = charts_on((out / f"{path.stem}.html").read_text(encoding="utf-8"))
    context = browser.new_context(viewport=harness.VIEWPORT, offline=True, accept_downloads=True)
    context.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    try:
        assert charts
        for i, chart in enumerate(charts):
            # a fresh page for each chart: on one page Chromium (150, headless) ignored the
            # click of the 11th download every time (a second click saved it)
            page = context.new_page()
            page.goto((out / f"{path.stem}.html").as_uri(), wait_until="load")
            figures = page.locator("figure.allstats-figure")
            assert figures.count() == len(charts)
            figure = figures.nth(i)
            assert figure.locator("a.allstats-download").count() == 3
            for kind in ("png", "svg", "csv"):
                saved = save_download(page, figure.locator(f"a.allstats-download-{kind}"), tmp_path)
                assert saved == chart["links"][kind], f"{path.stem}, chart {i + 1}: {kind}"
            shown = data_of(figure.locator("img").get_attribute("src"))
            assert chart["links"]["png"][1] == shown
            assert figure.locator("img").evaluate("i => i.complete && i.naturalWidth > 0")
            page.close()
    finally:
        context.close()


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
