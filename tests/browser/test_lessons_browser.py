"""Lessons and downloads in Chromium: every question answered right and wrong on the app's pages,
a prediction per notebook locked and compared after moving the chart, and the download links
of the app and the handout working as a browser saves them."""

from __future__ import annotations

import csv
import io
import re

import pytest

from allstats import lessons
from allstats.explorers import by_name, downloads
from allstats.lessons.model import MultipleChoice
from allstats.lessons.widgets import feedback_html

from scripts import voila_harness as harness
from tests.browser.helpers import answer, answers, data_of, save_download, wait_text
from tests.test_downloads import numbers_in, without_quotes

NOTEBOOKS = {p.stem: p for p in harness.notebooks()}
LESSON_PAGES = [NOTEBOOKS[stem] for stem in lessons.NOTEBOOKS]


@pytest.mark.parametrize("path", LESSON_PAGES, ids=lambda p: p.stem)
def test_every_question_answers_back_in_the_browser(rendered, path):
    page = rendered(path)
    lesson = lessons.lesson(path.stem)
    assert page.locator(".allstats-question").count() == len(lesson.questions)
    for q in lesson.questions:
        box = page.locator(f".allstats-question-{q.id}")
        assert box.count() == 1, q.id
        if isinstance(q, MultipleChoice):
            assert box.locator("input[type=radio]").count() == len(q.choices)
        for given in answers(q):
            answer(page, box, q, given)
    assert harness.errors_on_page(page) == []


def _target_move(prediction):
    """(control, value, actual): the one control move from the explorer's first state that
    shows the prediction's target, found on the library's explorer."""
    explorer = by_name()[prediction.explorer]()
    for key, control in explorer.controls.items():
        start = control.value
        values = ([o[1] if isinstance(o, tuple) else o for o in control.options]
                  if getattr(control, "options", None) else
                  [type(start)(round(control.min + control.step * i, 10)) for i in
                   range(int(round((control.max - control.min) / control.step)) + 1)])
        for value in values:
            control.value = value
            actual = prediction.target(explorer.values)
            if actual is not None:
                return key, value, actual
        control.value = start
    raise AssertionError(f"no move of {prediction.explorer} shows {prediction.id}'s target")


def _move(element, control, value):
    """Move a control on the page to ``value`` the way a student does."""
    kind = harness.control_kind(control)
    if kind == "slider":
        handle = element.locator(".noUi-handle").first
        handle.focus()
        now = harness.read_control(element, control)
        steps = int(round((value - now) / control.step))
        for _ in range(abs(steps)):
            handle.press("ArrowRight" if steps > 0 else "ArrowLeft")
    elif kind == "dropdown":
        element.locator("select").select_option(index=harness._options(control).index(value))
    elif kind == "toggle-buttons":
        element.locator("button").nth(harness._options(control).index(value)).click()
    else:
        raise AssertionError(kind)


@pytest.mark.parametrize("path", LESSON_PAGES, ids=lambda p: p.stem)
def test_a_locked_guess_is_compared_after_moving_the_chart(rendered, path):
    page = rendered(path)
    for prediction in lessons.lesson(path.stem).predictions:
        box = page.locator(f".allstats-prediction-{prediction.id}")
        result = page.locator(f".allstats-prediction-result-{prediction.id} .allstats-result")
        guess = prediction.guess_range[0] + prediction.guess_range[2] * 7
        box.locator("input").fill(str(guess))
        box.locator("button.allstats-lock").click()
        wait_text(page, box.locator(".allstats-status"),
                  harness.normalize(f"Guess locked: {prediction.fmt(guess)}. Now: "
                                    f"{prediction.move}"))
        key, value, actual = _target_move(prediction)
        # the explorer right after the guess box is the one the prediction is about
        index = page.evaluate("""(id) => {
            const guess = document.querySelector('.allstats-prediction-' + id);
            const boxes = [...document.querySelectorAll('.allstats-explorer')];
            return boxes.findIndex(b => guess.compareDocumentPosition(b)
                                        & Node.DOCUMENT_POSITION_FOLLOWING);
        }""", prediction.id)
        explorer_box = page.locator(harness.EXPLORER).nth(index)
        assert harness.explorer_name(explorer_box) == prediction.explorer
        library = by_name()[prediction.explorer]()
        # the page is shared by the session's tests, which leave its controls anywhere: back to
        # the explorer's first state (the library's), from which the target is one move away
        for name, shown in harness.visible_controls(explorer_box, library).items():
            _move(shown, library.controls[name], library.controls[name].value)
        element = explorer_box.locator(f".allstats-control-{key}")
        _move(element, library.controls[key], value)
        expected = feedback_html(prediction.compare(guess, float(actual)))
        wait_text(page, result, harness.rendered_text(page, expected))
    assert harness.errors_on_page(page) == []


@pytest.mark.parametrize("path", [p for p in LESSON_PAGES if harness.stored_explorers(p)],
                         ids=lambda p: p.stem)
def test_the_apps_download_links_save_what_the_page_shows(rendered, path, tmp_path):
    page = rendered(path)
    box = page.locator(harness.EXPLORER).last
    name = harness.explorer_name(box)
    explorer = by_name()[name]()
    elements = harness.visible_controls(box, explorer)
    harness.wait_until_page_matches(box, explorer, elements)
    key, element = next(iter(elements.items()))
    label, change = harness.actions(element, explorer.controls[key])[0]
    old_src, old_png = harness.chart_src(box), explorer.png()
    change()
    harness.wait_until_page_matches(box, explorer, elements, old_src=old_src, old_png=old_png)
    stem = downloads.file_stem(explorer)
    row = box.locator(".allstats-downloads-row")
    # the row is rewritten on every change: look it up afresh inside the explorer's box
    page.wait_for_function(
        """([box, stem]) => {
            const row = box.querySelector('.allstats-downloads-row');
            return row && row.dataset.state === stem
                && row.querySelector('a.allstats-download-svg');
        }""", arg=[box.element_handle(), stem], timeout=harness.SETTLE_TIMEOUT_S * 1000)
    png_name, png = save_download(page, row.locator("a.allstats-download-png"), tmp_path)
    assert png_name == f"{stem}.png"
    assert harness.same_picture(png, harness.chart_png(box)), "the PNG is not the page's picture"
    svg_name, svg = save_download(page, row.locator("a.allstats-download-svg"), tmp_path)
    assert svg_name == f"{stem}.svg" and b"<svg" in svg[:500]
    assert svg == explorer.downloads.flush()
    csv_name, csv_bytes = save_download(page, row.locator("a.allstats-download-csv"), tmp_path)
    assert csv_name == f"{stem}.csv"
    text = csv_bytes.decode("utf-8")
    assert text == explorer.downloads.csv()
    cells = " ".join(" ".join(r.values()) for r in csv.DictReader(io.StringIO(text)))
    assert numbers_in(without_quotes(harness.readout_text(box))) <= numbers_in(cells)


@pytest.fixture(scope="module")
def handout(handout_build):
    return handout_build[0]


@pytest.mark.parametrize("path", [p for p in LESSON_PAGES if harness.stored_explorers(p)],
                         ids=lambda p: p.stem)
def test_the_handouts_links_work_offline(handout, browser, path, tmp_path):
    context = browser.new_context(viewport=harness.VIEWPORT, offline=True, accept_downloads=True)
    context.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto((handout / f"{path.stem}.html").as_uri(), wait_until="load")
        boxes = page.locator(".allstats-static-explorer")
        assert boxes.count() == len(harness.stored_explorers(path))
        for i in range(boxes.count()):
            box = boxes.nth(i)
            name = box.get_attribute("data-explorer")
            explorer = by_name()[name]()
            stem = downloads.file_stem(explorer)
            kinds = box.locator("a.allstats-download")
            assert kinds.count() == 3, f"{name}: PNG, SVG and CSV"
            png_name, png = save_download(page, box.locator("a.allstats-download-png"), tmp_path)
            shown = data_of(box.locator("img").get_attribute("src"))
            assert png_name == f"{stem}.png" and png == shown
            assert harness.same_picture(png, explorer.png())
            svg_name, svg = save_download(page, box.locator("a.allstats-download-svg"), tmp_path)
            assert svg_name == f"{stem}.svg" and svg == downloads.figure_svg(explorer)
            csv_name, text = save_download(page, box.locator("a.allstats-download-csv"), tmp_path)
            assert csv_name == f"{stem}.csv"
            assert text.decode("utf-8") == downloads.numbers_csv(downloads.numbers(explorer))
        # every chart on the page, static ones included, offers its picture, named after it
        pictures = page.locator("main img")
        links = page.locator("a.allstats-download-png")
        assert links.count() == pictures.count() > boxes.count()
        static = page.locator(f'a.allstats-download-png[download^="{path.stem}_"]')
        assert static.count() == pictures.count() - boxes.count()
        name, png = save_download(page, static.first, tmp_path)
        assert name == static.first.get_attribute("download")
        sources = pictures.evaluate_all("imgs => imgs.map(i => i.src)")
        assert png in [data_of(src) for src in sources]
    finally:
        context.close()
