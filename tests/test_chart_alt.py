"""Text alternatives: every chart says what it shows, in words and as a table, from the same
numbers as its title; explorers' alternatives follow their controls; notebooks show them.

The browser tests (tests/browser/test_a11y.py) check that the pages carry these same texts.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import matplotlib.pyplot as plt
import pytest

from allstats.tables import in_words

from allstats.charts.alt import NUMBERS_SUMMARY, PLACEHOLDER_ALTS, Description, figure_html, flat
from allstats.explorers import by_name

from chart_cases import CASES, explorer_states
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


class _Figure(HTMLParser):
    """The parts of a figure's HTML: img attributes, whether details is open, table cells."""

    def __init__(self):
        super().__init__()
        self.tags, self.img, self.details_open, self.cells, self._cell = [], None, None, [], None
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "img":
            self.img = attrs
        if tag == "details":
            self.details_open = "open" in attrs
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(markup: str) -> _Figure:
    parser = _Figure()
    parser.feed(markup)
    return parser


def check_description(chart, title: str):
    d = chart.description
    assert isinstance(d, Description)
    assert d.alt.rstrip(".") not in PLACEHOLDER_ALTS and len(d.alt) > 40
    # the same words and numbers as the chart's title
    assert flat(title).rstrip(".").lower() in d.alt.lower(), (title, d.alt)
    assert len(d.table) >= 1 and all(isinstance(c, str) and c for c in d.table.columns)
    shown = d.table.astype(str).to_numpy().ravel()
    assert not [v for v in shown if v in ("True", "False", "nan", "NaN", "None")]


def title_of(chart) -> str:
    return chart.title.get_text()


@pytest.mark.parametrize("name", list(CASES))
def test_static_chart_describes_itself_with_its_title_and_numbers(name):
    chart = CASES[name][1]()
    check_description(chart, title_of(chart))
    assert chart.description.source == flat(chart.source.get_text())
    page = parse(figure_html(chart))
    assert page.tags[:2] == ["figure", "img"] and "figcaption" in page.tags
    assert page.img["alt"] == chart.description.alt
    assert page.img["src"].startswith("data:image/png;base64,iVBORw0KGgo")
    assert page.details_open is False, "the numbers are folded by default"
    assert NUMBERS_SUMMARY in "".join(page.text)
    table = chart.description.table
    # the numbers are the description's table as every reader's table is written
    shown = [in_words(v) for v in table.to_numpy().ravel()]
    assert page.cells == [*table.columns, *shown]
    assert not any(c in ("nan", "NaN", "None", "<NA>") for c in page.cells)


def test_a_placeholder_is_refused():
    for placeholder in ("", "No description has been provided for this image", "Figure."):
        with pytest.raises(ValueError, match="alt text must say what it shows"):
            Description(placeholder)


@pytest.mark.parametrize("name", sorted(by_name()))
def test_explorer_alt_follows_its_controls(name):
    explorer = by_name()[name]()
    alts = set()
    for state in explorer_states(explorer):
        chart = explorer.chart
        title = title_of(chart)
        check_description(chart, title)
        assert explorer.image.alt == explorer.alt == chart.description.alt, state
        alts.add(explorer.image.alt)
    assert len(alts) > 1, "the alt text should change when the controls change"
    plt.close("all")


# --- the committed notebooks --------------------------------------------------------------------

def chart_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data or "allstats-figure" in "".join(data.get("text/html", "")):
                yield i, data


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chart_in_a_notebook_is_a_figure_with_its_alternative(path):
    found = list(chart_outputs(path))
    for index, data in found:
        markup = "".join(data.get("text/html", ""))
        assert '<figure class="allstats-figure">' in markup, \
            f"cell {index}: a bare picture; end the cell with the chart's artists, not .figure"
        page = parse(markup)
        alt = page.img["alt"]
        assert alt and alt.rstrip(".") not in PLACEHOLDER_ALTS
        assert html.unescape("".join(data["text/plain"])) == alt
        assert page.details_open is False and page.cells
    pictures = sum("image/png" in data for _, data in found)
    assert pictures == len(found)


def test_every_notebook_chart_cell_ends_with_the_artists():
    """A cell that ends with ``chart.figure`` would show a bare picture with no alternative."""
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            source = "".join(cell["source"]) if cell["cell_type"] == "code" else ""
            assert not re.search(r"(?m)^\w+\.figure;?\s*$", source), (path.name, source[-80:])
