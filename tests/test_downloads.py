"""Download what you see: every explorer's PNG, SVG and CSV links (allstats.explorers.downloads)."""

from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET

import pytest

from allstats.explorers import by_name, downloads
from allstats.explorers.base import render_readout

NAMES = sorted(by_name())
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> set[float]:
    """Every number written in ``text`` ('1,390' and '21.3' and '43%'), as floats."""
    return {float(m.replace(",", "")) for m in _NUMBER.findall(text)}


def readout_text(explorer) -> str:
    markup = render_readout(explorer.readout_text(explorer.values))
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def without_quotes(text: str) -> str:
    return re.sub(r"“[^”]*”", " ", text)


def csv_rows(explorer) -> list[dict]:
    return list(csv.DictReader(io.StringIO(explorer.downloads.csv())))


def links(explorer) -> dict[str, dict]:
    """The download links on the page: kind -> {href (None where the browser sets it),
    download}."""
    found = {}
    for m in re.finditer(r'<a class="allstats-download allstats-download-(\w+)" '
                         r'(?:href="([^"]+)"|(data-from-chart="")) download="([^"]+)"',
                         explorer.downloads.widget.value):
        found[m.group(1)] = {"href": m.group(2), "download": html.unescape(m.group(4)),
                             "from chart": bool(m.group(3))}
    return found


def decode(href: str) -> bytes:
    import base64
    assert href.startswith("data:") and ";base64," in href
    return base64.b64decode(href.split(",", 1)[1])


def states(explorer):
    """The first state, then one move of each control to another of its values."""
    yield "as built"
    for key, control in explorer.controls.items():
        if hasattr(control, "options") and control.options:
            values = [o[1] if isinstance(o, tuple) else o for o in control.options]
            other = values[-1] if control.value != values[-1] else values[0]
        else:
            other = control.max if control.value != control.max else control.min
        control.value = other
        yield f"{key} = {other!r}"


@pytest.mark.parametrize("name", NAMES)
def test_every_explorer_says_which_numbers_it_shows(name):
    explorer = by_name()[name]()
    rows = downloads.numbers(explorer)
    assert rows and all(isinstance(n, downloads.Number) for n in rows)


@pytest.mark.parametrize("name", NAMES)
def test_the_csv_holds_the_readouts_numbers_with_their_sources(name):
    explorer = by_name()[name]()
    explorer.widget                                   # builds the downloads row
    for state in states(explorer):
        rows = csv_rows(explorer)
        assert list(rows[0]) == list(downloads.CSV_COLUMNS)
        shown = readout_text(explorer)
        in_csv = numbers_in(" ".join(" ".join(r.values()) for r in rows))
        # every number of the readout (outside the sources' own quotes) is in the CSV ...
        missing = numbers_in(without_quotes(shown)) - in_csv
        assert not missing, f"{name} at {state}: the readout shows {sorted(missing)}, the CSV not"
        # ... and every number the CSV says is shown is in the readout as it is shown there
        said = numbers_in(" ".join(r["shown as"] for r in rows))
        assert said <= numbers_in(shown), f"{name} at {state}: {sorted(said - numbers_in(shown))}"
        # a number from the data names its source and quotes it
        for r in rows:
            if r["how"].startswith("from the data") or r["how"].startswith("the guide's value"):
                assert r["source"] and r["quote"], (name, state, r)


@pytest.mark.parametrize("name", NAMES)
def test_the_links_follow_the_controls_and_hold_the_pages_picture(name):
    explorer = by_name()[name]()
    explorer.widget
    stems = set()
    for state in states(explorer):
        found = links(explorer)
        assert set(found) == {"png", "csv"}, f"{name} at {state}: {sorted(found)}"
        stem = downloads.file_stem(explorer)
        stems.add(stem)
        assert found["png"]["download"] == f"{stem}.png"
        # the PNG link is the page's picture: the chart widget points it at the bytes it shows
        # (tests/browser/test_lessons_browser.py saves it), so the row carries no second copy
        assert found["png"]["from chart"] and found["png"]["href"] is None
        assert "data:image/png" not in explorer.downloads.widget.value
        assert explorer.downloads.png() == bytes(explorer.image.value) == explorer.png()
        assert decode(found["csv"]["href"]).decode("utf-8") == explorer.downloads.csv()
        # the SVG waits for the controls to rest; flush() draws it at once
        assert '<span class="allstats-download allstats-download-svg allstats-download-pending"' \
            in explorer.downloads.widget.value
        before = explorer.png()
        svg = explorer.downloads.flush()
        assert links(explorer)["svg"]["download"] == f"{stem}.svg"
        assert decode(links(explorer)["svg"]["href"]) == svg
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert explorer.png() == before, "drawing the SVG changed the page's picture"
    assert len(stems) == len(explorer.controls) + 1, "each state needs its own file name"


@pytest.mark.parametrize("name", ["survival-by-age", "worked-example", "new-cases"])
def test_the_svg_shows_the_current_state_not_the_first_one(name):
    explorer = by_name()[name]()
    explorer.widget
    first = explorer.chart.title.get_text()
    for _ in states(explorer):
        pass
    now = explorer.chart.title.get_text()
    assert now != first
    svg = explorer.downloads.flush().decode("utf-8")
    assert html.escape(now, quote=False) in svg or now in svg
    assert html.escape(first, quote=False) not in svg


def test_file_names_say_the_chart_and_its_state():
    explorer = by_name()["survival-by-age"]()
    explorer.controls["edition"].value = 2019
    explorer.controls["age_group"].value = "young"
    assert downloads.file_stem(explorer) == "survival-by-age_edition-2019_age-group-young"


def test_an_explorer_without_a_numbers_function_is_named_in_the_error():
    class Fake:
        name = "nobody"
        values = {}
    with pytest.raises(KeyError, match="numbers_of\\('nobody'\\)"):
        downloads.numbers(Fake())
