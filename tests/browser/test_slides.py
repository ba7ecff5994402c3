"""`make slides` in Chromium: every deck opens, every slide is walked, a control moved on a slide
changes its chart, and no request leaves 127.0.0.1."""

from __future__ import annotations

import os
import re

import pytest

from allstats import lessons
from allstats.explorers import by_name

from scripts import a11y, slides, voila_harness as harness
from tests.browser.helpers import answer, answers

NOTEBOOKS = harness.notebooks()
_LOCAL = re.compile(r"^((https?|wss?)://127\.0\.0\.1[:/]|data:|blob:|about:)")


@pytest.fixture(scope="module")
def deck_server(browser_ready):
    with harness.VoilaServer(harness.NOTEBOOKS, module="scripts.slides",
                             log_path=harness.ROOT / "build" / "slides.log") as server:
        yield server


def open_deck(browser, server, path):
    """The deck of ``path``, with every request that would leave the machine recorded and
    refused."""
    context = browser.new_context(viewport=harness.VIEWPORT)
    left = []

    def route(r):
        if _LOCAL.match(r.request.url):
            return r.continue_()
        left.append(r.request.url)
        return r.abort()
    context.route("**/*", route)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    page.left_machine = left
    harness.render(page, server.url(path), len(harness.stored_explorers(path)))
    return page


LEAVES = """() => [...document.querySelectorAll('.reveal .slides section')]
                   .filter(s => !s.querySelector('section'))"""


def present_leaf(page) -> int:
    return page.evaluate(f"""() => {{
        const leaves = ({LEAVES})();
        return leaves.findIndex(s => s.classList.contains('present'));
    }}""")


def present_shows_something(page) -> bool:
    """The slide on screen shows text or a picture (what a reader sees, not hidden markup)."""
    return page.evaluate(f"""() => {{
        const leaf = ({LEAVES})().find(s => s.classList.contains('present'));
        return !!leaf && (leaf.innerText.trim().length > 0
                          || [...leaf.querySelectorAll('img')].some(i => i.naturalWidth > 0));
    }}""")


def walk(page, until=None) -> list[int]:
    """Press N (reveal.js's next, sub-slides included) until the deck ends; the indices of the
    slides shown, in order. Stops early when ``until(page)`` is true."""
    page.locator("body").click(position={"x": 5, "y": 5})
    shown = [present_leaf(page)]
    page.empty_slides = [] if present_shows_something(page) else [shown[0]]
    total = page.evaluate(f"() => ({LEAVES})().length")
    for _ in range(total + 3):
        if until and until(page):
            break
        page.keyboard.press("n")
        page.wait_for_timeout(60)
        now = present_leaf(page)
        if now == shown[-1]:
            break
        shown.append(now)
        if not present_shows_something(page):
            page.empty_slides.append(now)
    return shown


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_slide_of_every_deck_is_shown_with_nothing_from_outside(deck_server, browser,
                                                                       path):
    page = open_deck(browser, deck_server, path)
    try:
        assert harness.errors_on_page(page) == []
        leaves = page.evaluate(f"""() => ({LEAVES})().map(s => ({{
            explorers: s.querySelectorAll('.allstats-explorer').length,
            questions: s.querySelectorAll('.allstats-question').length,
            }}))""")
        assert len(leaves) > 3
        # one idea per slide: never two explorers, two questions, or an explorer and a question
        for i, leaf in enumerate(leaves):
            assert leaf["explorers"] + leaf["questions"] <= 1, f"slide {i}: {leaf}"
        assert sum(leaf["explorers"] for leaf in leaves) == len(harness.stored_explorers(path))
        shown = walk(page)
        assert shown == list(range(len(leaves))), "the walk skipped or repeated a slide"
        assert page.empty_slides == [], f"slides shown empty: {page.empty_slides}"
        page.screenshot(path=str(harness.SCREENSHOTS / f"slides-{path.stem}-last.png"))
        assert harness.errors_on_page(page) == []
        assert page.left_machine == [], f"requests left the machine: {page.left_machine}"
    finally:
        page.context.close()


DECKS_WITH_EXPLORERS = [p for p in NOTEBOOKS if harness.stored_explorers(p)]


@pytest.mark.parametrize("path", DECKS_WITH_EXPLORERS, ids=lambda p: p.stem)
def test_a_control_moved_on_a_slide_changes_its_chart(deck_server, browser, path):
    page = open_deck(browser, deck_server, path)
    try:
        def on_explorer(p):
            return p.evaluate(f"""() => {{
                const leaf = ({LEAVES})().find(s => s.classList.contains('present'));
                return !!(leaf && leaf.querySelector('.allstats-explorer'));
            }}""")
        walk(page, until=on_explorer)
        assert on_explorer(page), "no slide shows an explorer"
        index = page.evaluate(f"""() => {{
            const leaf = ({LEAVES})().find(s => s.classList.contains('present'));
            return [...document.querySelectorAll('.allstats-explorer')]
                .indexOf(leaf.querySelector('.allstats-explorer'));
        }}""")
        box = page.locator(harness.EXPLORER).nth(index)
        name = harness.explorer_name(box)
        page.screenshot(path=str(harness.SCREENSHOTS / f"slides-{path.stem}-{name}.png"))
        explorer = by_name()[name]()
        elements = harness.visible_controls(box, explorer)
        key, element = next(iter(elements.items()))
        harness.wait_until_page_matches(box, explorer, elements)
        label, change = harness.actions(element, explorer.controls[key])[0]
        old_src, old_png = harness.chart_src(box), explorer.png()
        change()
        values = harness.wait_until_page_matches(box, explorer, elements, old_src=old_src,
                                                 old_png=old_png)
        assert harness.chart_src(box) != old_src, f"{label} on {key} did not change the chart"
        assert on_explorer(page), "moving the control left the slide"
        assert page.left_machine == []
    finally:
        page.context.close()


DECKS_WITH_QUESTIONS = [p for p in NOTEBOOKS
                        if p.stem in lessons.NOTEBOOKS and lessons.lesson(p.stem).questions]


@pytest.mark.parametrize("path", DECKS_WITH_QUESTIONS, ids=lambda p: p.stem)
def test_every_question_answers_back_on_its_slide(deck_server, browser, path):
    """Walking the deck, each question is answered on its own slide, wrong and then right (the
    helpers of the app's test, tests/browser/helpers.py), and says back what the library says."""
    questions = {q.id: q for q in lessons.lesson(path.stem).questions}
    page = open_deck(browser, deck_server, path)
    answered = []
    try:
        def question_shown(p):
            return p.evaluate(f"""(ids) => {{
                const leaf = ({LEAVES})().find(s => s.classList.contains('present'));
                const box = leaf && leaf.querySelector('.allstats-question');
                return box ? ids.find(id => box.classList.contains('allstats-question-' + id))
                           : null;
            }}""", list(questions))

        while True:
            walk(page, until=lambda p: question_shown(p) not in (None, *answered))
            shown = question_shown(page)
            if shown is None or shown in answered:
                break                                # the deck ended
            q = questions[shown]
            box = page.locator(f".allstats-question-{shown}")
            assert box.is_visible(), f"{shown}: the question's slide is on screen, its box not"
            for given in answers(q, every=False):
                answer(page, box, q, given)
            assert question_shown(page) == shown, "answering left the slide"
            answered.append(shown)
        assert sorted(answered) == sorted(questions), "questions not met on the walk"
        assert harness.errors_on_page(page) == []
        assert page.left_machine == []
    finally:
        page.context.close()


def test_slides_defaults_keep_the_app_local_and_use_the_reveal_template():
    args = slides.arguments([])
    assert "--VoilaConfiguration.template=allstats-reveal" in args
    assert f"--port={slides.DEFAULT_PORT}" in args and "--Voila.ip=127.0.0.1" in args
    assert "--strip_sources=True" in args
    assert slides.arguments(["--port=9000"]).count("--port=9000") == 1
    assert not [a for a in slides.arguments(["--port=9000"]) if a == "--port=8867"]


def test_every_notebook_carries_slide_metadata_by_the_rule():
    import nbformat
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        stored = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
        assert stored == slides.slide_types(nb.cells), \
            f"{path.name}: run `python -m scripts.slides --mark {path}`"
        assert stored[0] == "slide"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_deck_passes_axe_on_its_first_and_last_slides(deck_server, browser, path):
    """axe-core (WCAG 2.1 A and AA rules) on the live deck as it opens and as it ends."""
    reason = a11y.axe_unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and axe cannot run: {reason}")
        pytest.skip(reason)
    page = open_deck(browser, deck_server, path)
    try:
        assert a11y.run_axe(page) == [], f"{path.stem}, first slide"
        walk(page)
        violations = a11y.run_axe(page)
        assert violations == [], f"{path.stem}, last slide:\n{a11y.describe(violations)}"
    finally:
        page.context.close()
