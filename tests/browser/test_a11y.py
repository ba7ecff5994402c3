"""Accessibility (WCAG 2.1 AA) of every page a reader sees, checked in Chromium.

- axe-core (the pinned copy in tests/browser/axe, `make axe`): no WCAG 2.1 A or AA violation on
  every Voila page after its widgets rendered (at 1280 and at 320 CSS px wide), on every handout
  page (every slide deck is checked in tests/browser/test_slides.py).
- What axe cannot see:
  - every picture has a text alternative that is not a placeholder, and it is the library's:
    a static chart's alt equals the one stored in the notebook (which strict nbval keeps equal
    to a fresh run of the library); an explorer's equals the library explorer's at the values
    the page shows, before and after a control moves;
  - every slider is found by its visible label (``get_by_role("slider", name=label)``) and its
    ``aria-valuetext`` is the number its readout shows, in the control's format ("90%");
  - every readout is a live region, and its text changes after a key press;
  - Tab reaches every control; every tab stop has a name and a visible focus outline (at least
    2 px, 3:1 against the page);
  - page titles are the notebooks' first headings; the notebook is the main landmark;
  - at 320 CSS px nothing but a focusable scroller needs horizontal scrolling;
  - the handout prints on A4 and Letter: figures, pictures and explorers fit on a page and are
    not split, headings stay with what follows, and the source line under every chart prints at
    8 pt or more.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest

from allstats.charts import SOURCE_FONT_SIZE, contrast_ratio
from allstats.charts.alt import PLACEHOLDER_ALTS
from allstats.explorers import by_name
from scripts import a11y, build_html, voila_harness as harness

NOTEBOOKS = harness.notebooks()
EXPLORERS = [(path, index, name) for path in NOTEBOOKS
             for index, name in enumerate(harness.stored_explorers(path))]
NARROW = {"width": 320, "height": 800}
#: printable area at 8 mm margins (a11y.css), in CSS pixels (96 per inch): width, height
PAPER = {"A4": (round((210 - 16) / 25.4 * 96), round((297 - 16) / 25.4 * 96)),
         "Letter": (round((215.9 - 16) / 25.4 * 96), round((279.4 - 16) / 25.4 * 96))}
#: the charts' pictures are drawn at 100 dots per inch
CHART_DPI = 100


@pytest.fixture(scope="session")
def axe(browser_ready):
    reason = a11y.axe_unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and axe cannot run: {reason}")
        pytest.skip(reason)
    return a11y


def notebook(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def stored_alts(path) -> list[str]:
    """The alt text of every chart figure the notebook stores, in page order."""
    alts = []
    for cell in notebook(path)["cells"]:
        for output in cell.get("outputs", []):
            markup = "".join(output.get("data", {}).get("text/html", ""))
            if 'class="allstats-figure"' in markup:
                alts += [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', markup)]
    return alts


def first_heading(path) -> str:
    import nbformat
    return build_html.title_of(nbformat.read(path, as_version=4), Path(path).stem)


# --------------------------------------------------------------------------- page-level checks

def focused(page, cdp) -> dict:
    """The focused element: its tag, accessible role and name (Chromium's accessibility tree),
    its outline and the colour behind it."""
    info = page.evaluate("""() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const s = getComputedStyle(e);
        let back = 'rgb(255, 255, 255)';
        for (let n = e.parentElement; n; n = n.parentElement) {
            const c = getComputedStyle(n).backgroundColor;
            if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { back = c; break; }
        }
        return {tag: e.tagName, cls: String(e.className).slice(0, 60), id: e.id,
                outline: [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor],
                shadow: s.boxShadow, back,
                control: e.matches('select, button, .noUi-handle, input')
                         && !!e.closest('.allstats-explorer')};
    }""")
    if info is None:
        return None
    handle = cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})
    tree = cdp.send("Accessibility.getPartialAXTree",
                    {"objectId": handle["result"]["objectId"], "fetchRelatives": False})
    node = tree["nodes"][0]
    info["role"] = node.get("role", {}).get("value", "")
    info["name"] = (node.get("name") or {}).get("value", "").strip()
    return info


def rgb(css: str) -> str:
    parts = [float(x) for x in re.findall(r"[\d.]+", css)[:3]]
    return "#" + "".join(f"{int(round(p)):02X}" for p in parts)


def tab_through(page, limit: int = 400) -> list[dict]:
    """Every tab stop of the page from its top, in order, once."""
    cdp = page.context.new_cdp_session(page)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); "
                  "window.scrollTo(0, 0); }")
    stops, seen = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page, cdp)
        if info is None:
            continue
        key = page.evaluate("""() => { const e = document.activeElement;
            if (!e.dataset.allstatsStop) e.dataset.allstatsStop = String(Math.random());
            return e.dataset.allstatsStop; }""")
        if key in seen:
            break
        seen.add(key)
        stops.append(info)
    cdp.detach()
    return stops


def check_tab_stops(stops: list[dict]):
    unnamed = [s for s in stops if not s["name"]]
    assert unnamed == [], f"tab stops without a name: {unnamed[:5]}"
    for stop in stops:
        style, width, colour = stop["outline"]
        visible = style not in ("none", "hidden") and width >= 2 and \
            contrast_ratio(rgb(colour), rgb(stop["back"])) >= 3
        assert visible, f"focus is not visible (outline {stop['outline']}) on {stop}"


def check_reflow(page, where: str):
    """At the current (narrow) width, whatever reaches past the window's right edge sits in a
    box that scrolls sideways and can be focused; with every chart's folded table opened too."""
    opened = page.evaluate("""() => { const closed = [...document.querySelectorAll('details:not([open])')];
        closed.forEach(d => d.open = true); return closed.length; }""")
    try:
        _check_reflow(page, where)
    finally:
        if opened:
            page.evaluate("() => document.querySelectorAll('details[open]').forEach(d => d.open = false)")
            page.evaluate("() => window.allstatsScrollers && window.allstatsScrollers()")


def _check_reflow(page, where: str):
    page.evaluate("() => window.allstatsScrollers && window.allstatsScrollers()")
    problems = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const out = [];
        if (document.documentElement.scrollWidth > width + 1) out.push('the page scrolls sideways');
        for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.right <= width + 1 || getComputedStyle(e).visibility === 'hidden')
                continue;
            let ok = false;
            for (let n = e.parentElement; n; n = n.parentElement) {
                if (n.hasAttribute('data-allstats-scroller') && n.tabIndex === 0
                    && n.getBoundingClientRect().right <= width + 1) { ok = true; break; }
            }
            if (!ok && !e.closest('[data-allstats-scroller]')) {
                // a box that scrolls itself and is focusable
                const s = getComputedStyle(e);
                if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && e.tabIndex === 0) continue;
                out.push(e.tagName + '.' + String(e.className).slice(0, 50) + ' right=' + Math.round(r.right));
            }
        }
        return out.slice(0, 10);
    }""")
    assert problems == [], f"{where}: content past the window's edge at 320 px: {problems}"


# --------------------------------------------------------------------------- the Voila app

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_voila_page_passes_axe_title_and_landmark(rendered, axe, path):
    page = rendered(path)
    violations = axe.run_axe(page)
    assert violations == [], axe.describe(violations)
    assert page.title() == first_heading(path) == notebook(path)["metadata"]["title"]
    mains = page.locator("main, [role=main]")
    assert mains.count() == 1
    assert page.evaluate("""() => { const m = document.querySelector('main, [role=main]');
        return [...document.querySelectorAll('.jp-Cell')].every(c => m.contains(c)); }""")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_voila_pictures_carry_the_librarys_text_alternatives(rendered, path):
    page = rendered(path)
    alts = page.locator("img").evaluate_all(
        "imgs => imgs.filter(i => i.getBoundingClientRect().width > 0).map(i => i.alt)")
    # a page with charts or explorers shows pictures (the teacher's guide has none)
    assert alts or not (stored_alts(path) or any(p == path for p, _, _ in EXPLORERS))
    assert all(a.strip().rstrip(".") not in PLACEHOLDER_ALTS for a in alts)
    shown = page.locator("figure.allstats-figure img").evaluate_all(
        "imgs => imgs.map(i => i.alt)")
    assert shown == stored_alts(path)
    boxes = page.locator(harness.EXPLORER)
    for i in range(boxes.count()):
        box = boxes.nth(i)
        explorer = by_name()[harness.explorer_name(box)]()
        elements = harness.visible_controls(box, explorer)
        harness.wait_until_page_matches(box, explorer, elements)
        assert box.locator("img.allstats-chart").get_attribute("alt") == explorer.alt


@pytest.mark.parametrize("path,index,name", EXPLORERS,
                         ids=[f"{p.stem}-{i}-{n}" for p, i, n in EXPLORERS])
def test_explorer_controls_are_named_and_announced(rendered, path, index, name):
    import ipywidgets as w

    page = rendered(path)
    box = page.locator(harness.EXPLORER).nth(index)
    explorer = by_name()[name]()
    elements = harness.visible_controls(box, explorer)
    values = harness.wait_until_page_matches(box, explorer, elements)
    readout = box.locator(".allstats-readout")
    assert readout.evaluate("r => !!r.closest('[role=status], [aria-live=polite]')"), \
        "the readout is not a live region"
    assert box.locator("[title='null'], [title='undefined']").count() == 0, \
        "a control shows the tooltip 'null'"
    for key, element in elements.items():
        control = explorer.controls[key]
        if isinstance(control, (w.IntSlider, w.FloatSlider)):
            slider = box.get_by_role("slider", name=control.description, exact=True)
            assert slider.count() == 1, f"no slider named {control.description!r}"
            shown = element.locator(".widget-readout").inner_text().strip()
            assert slider.get_attribute("aria-valuetext") == shown
            assert shown == format(values[key], control.readout_format), \
                "the readout shows the value in the control's format"
            # a key press: the value, its announcement, the readout and the alt all follow
            before = (readout.inner_text(), box.locator("img.allstats-chart").get_attribute("alt"))
            old_src = harness.chart_src(box)
            key_name = "ArrowLeft" if values[key] > control.min else "ArrowRight"
            slider.focus()
            slider.press(key_name)
            values = harness.wait_until_page_matches(box, explorer, elements, old_src=old_src)
            shown = element.locator(".widget-readout").inner_text().strip()
            assert slider.get_attribute("aria-valuetext") == shown == \
                format(values[key], control.readout_format)
            after = (readout.inner_text(), box.locator("img.allstats-chart").get_attribute("alt"))
            assert after[0] != before[0], "the readout did not change after a key press"
            assert after[1] == explorer.alt
        elif isinstance(control, w.Dropdown):
            assert box.get_by_role("combobox", name=control.description).count() == 1
        elif isinstance(control, w.ToggleButtons):
            buttons = element.locator("button")
            labels = [o[0] if isinstance(o, tuple) else str(o) for o in control.options]
            for i, label in enumerate(labels):
                button = element.get_by_role("button", name=label, exact=True)
                assert button.count() == 1
                assert button.get_attribute("aria-pressed") == \
                    ("true" if "mod-active" in buttons.nth(i).get_attribute("class") else "false")
            group = element.get_by_role("group", name=control.description)
            assert group.count() == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_voila_tab_reaches_every_control_with_a_name_and_a_visible_focus(rendered, path):
    page = rendered(path)
    stops = tab_through(page)
    check_tab_stops(stops)
    controls = page.evaluate("""() => [...document.querySelectorAll('.allstats-explorer')]
        .flatMap(b => [...b.querySelectorAll('select, button, .noUi-handle')])
        .filter(e => e.getBoundingClientRect().width > 0).length""")
    reached = sum(s["control"] for s in stops)
    # a page with explorers has controls to reach (the teacher's guide has none)
    assert controls > 0 or not harness.stored_explorers(path)
    assert reached == controls, f"Tab reached {reached} of {controls} controls"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_voila_page_reflows_at_320_px(rendered, axe, path):
    page = rendered(path)
    page.set_viewport_size(NARROW)
    try:
        page.wait_for_timeout(400)
        check_reflow(page, path.stem)
        violations = axe.run_axe(page)
        assert violations == [], axe.describe(violations)
        check_tab_stops(tab_through(page))
    finally:
        page.set_viewport_size(harness.VIEWPORT)


# --------------------------------------------------------------------------- the handout

@pytest.fixture(scope="module")
def handout(handout_build):
    return handout_build[0]


@pytest.fixture
def open_page(browser):
    contexts = []

    def opener(path: Path, viewport=harness.VIEWPORT):
        context = browser.new_context(viewport=viewport, offline=True)
        context.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        return page

    yield opener
    for context in contexts:
        context.close()


HANDOUT_PAGES = [*(f"{p.stem}.html" for p in NOTEBOOKS), "index.html"]


@pytest.mark.parametrize("name", HANDOUT_PAGES)
def test_handout_page_passes_axe_with_named_stops(handout, axe, open_page, name):
    page = open_page(handout / name)
    violations = axe.run_axe(page)
    assert violations == [], axe.describe(violations)
    check_tab_stops(tab_through(page))
    assert page.locator("main").count() == 1
    page.set_viewport_size(NARROW)
    page.wait_for_timeout(200)
    check_reflow(page, name)
    violations = axe.run_axe(page)
    assert violations == [], axe.describe(violations)


def has_pictures(path) -> bool:
    """Whether the notebook shows a chart or an explorer (the teacher's guide shows neither)."""
    return bool(stored_alts(path) or harness.stored_explorers(path))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_handout_page_title_and_text_alternatives(handout, open_page, path):
    page = open_page(handout / f"{path.stem}.html")
    assert page.title() == first_heading(path)
    shown = page.locator("figure.allstats-figure img").evaluate_all("imgs => imgs.map(i => i.alt)")
    assert shown == stored_alts(path)
    alts = page.locator("main img").evaluate_all("imgs => imgs.map(i => i.alt)")
    assert alts or not has_pictures(path)
    assert all(a.strip().rstrip(".") not in PLACEHOLDER_ALTS for a in alts)
    # an explorer's first picture carries the alt the library gave it when the notebook ran
    frozen = page.locator(".allstats-static-explorer img").evaluate_all(
        "imgs => imgs.map(i => i.alt)")
    assert len(frozen) == len(harness.stored_explorers(path))
    assert all(a and not a.endswith("first picture") for a in frozen)


@pytest.mark.parametrize("paper", list(PAPER))
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_handout_prints_on_a4_and_letter(handout, open_page, path, paper):
    width, height = PAPER[paper]
    page = open_page(handout / f"{path.stem}.html", viewport={"width": width, "height": height})
    page.emulate_media(media="print")
    layout = page.evaluate("""() => {
        const box = e => e.getBoundingClientRect();
        const style = e => getComputedStyle(e);
        return {
          blocks: [...document.querySelectorAll('main figure, main .allstats-static-explorer, main img')]
            .map(e => ({tag: e.tagName, h: box(e).height, w: box(e).width,
                        split: style(e).breakInside, natural: e.naturalWidth || 0})),
          headings: [...document.querySelectorAll('main h1, main h2, main h3, main h4')]
            .map(e => style(e).breakAfter),
          scrollWidth: document.documentElement.scrollWidth,
        };
    }""")
    assert layout["scrollWidth"] <= width + 1, "the printed page is wider than the paper"
    assert layout["blocks"] or not has_pictures(path)
    for block in layout["blocks"]:
        assert block["h"] <= height, f"{block} is taller than a {paper} page"
        assert block["split"] == "avoid", f"{block} may be split across pages"
        if block["tag"] == "IMG" and block["natural"]:
            # the chart's source line, printed: SOURCE_FONT_SIZE pt is SOURCE_FONT_SIZE / 72
            # inch at 100 dpi in the picture, shown at w / natural of its size, where a CSS
            # pixel prints as 0.75 pt
            printed_pt = SOURCE_FONT_SIZE / 72 * CHART_DPI * 0.75 * block["w"] / block["natural"]
            assert printed_pt >= 8, f"a source line prints at {printed_pt:.1f} pt on {paper}"
    assert all(b == "avoid" for b in layout["headings"])
    pdf = page.pdf(format=paper, print_background=True,
                   margin={k: "8mm" for k in ("top", "right", "bottom", "left")})
    assert pdf.startswith(b"%PDF")
    target = harness.SCREENSHOTS / f"handout-{path.stem}-{paper}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
