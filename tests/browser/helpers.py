"""Helpers shared by the browser tests: saving a download as Chromium saves it, reading a
``data:`` link, waiting for a text to show, answering a lesson's question as a student does."""

from __future__ import annotations

import base64
import time

from scripts import voila_harness as harness


def data_of(href: str) -> bytes:
    """The bytes of a ``data:…;base64,`` link."""
    assert href.startswith("data:") and ";base64," in href, href[:40]
    return base64.b64decode(href.split(",", 1)[1])


def save_download(page, link, tmp_path) -> tuple[str, bytes]:
    """Click ``link`` and save what Chromium downloads: (its file name, its bytes)."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return download.suggested_filename, target.read_bytes()


def wait_text(page, locator, expected: str, timeout_s: float = harness.SETTLE_TIMEOUT_S):
    """Wait until ``locator`` shows ``expected`` (normalised text), or fail saying what it shows."""
    deadline = time.monotonic() + timeout_s
    while True:
        shown = harness.normalize(locator.inner_text())
        if shown == expected:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"shown {shown!r}, expected {expected!r}")
        time.sleep(0.05)


def answers(question, *, every: bool = True) -> list:
    """What to answer ``question`` with: a multiple-choice question's options (every one, or
    with ``every=False`` one wrong and then the right one); a number question's too-high
    number, its answer and a word that is not a number (the last two left out with
    ``every=False``: wrong, then right)."""
    from allstats.lessons.model import MultipleChoice

    if isinstance(question, MultipleChoice):
        if every:
            return list(range(len(question.choices)))
        right = next(i for i, c in enumerate(question.choices) if c.correct)
        wrong = next(i for i, c in enumerate(question.choices) if not c.correct)
        return [wrong, right]
    typed = [str(question.answer + question.tolerance + 1), question.answer_text]
    return typed + ["lots"] if every else typed


def answer(page, box, question, given) -> None:
    """Answer ``question`` in its box on the page with ``given`` (an option's index or the
    text typed) as a student does, and wait until the box says back what the library says."""
    from allstats.lessons.model import MultipleChoice
    from allstats.lessons.widgets import feedback_html

    if isinstance(question, MultipleChoice):
        box.locator("input[type=radio]").nth(given).check()
    else:
        box.locator("input[type=text]").fill(given)
        box.locator("button.allstats-check").click()
    wait_text(page, box.locator(".allstats-feedback"),
              harness.rendered_text(page, feedback_html(question.check(given))))
