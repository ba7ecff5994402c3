"""Fixtures of the browser tests: one Voila server and one Chromium for the whole session.

Without Chromium the tests skip and say how to install it; with CI=true they fail instead.
Tests that need Chromium are marked ``browser``: ``pytest tests -m "not browser"`` (or
``--ignore=tests/browser``) leaves them out of a quick run; `make test` runs them.
"""

from __future__ import annotations

import contextlib
import os
import warnings

import pytest

from scripts import voila_harness as harness


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Chromium against Voila (slow)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser_ready" in getattr(item, "fixturenames", ()):
            item.add_marker("browser")


@pytest.fixture(scope="session")
def browser_ready():
    reason = harness.browser_unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the browser tests cannot run: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def handout_build(tmp_path_factory):
    """`make html` once for the session (it runs every notebook again for the charts'
    downloads): (the folder, {notebook file name: what build_html.build says of its page})."""
    from scripts import build_html

    out = tmp_path_factory.mktemp("handout")
    return out, {page["notebook"]: page for page in build_html.build(harness.NOTEBOOKS, out)}


@pytest.fixture(scope="session")
def voila(browser_ready):
    with harness.VoilaServer(harness.NOTEBOOKS) as server:
        yield server


@pytest.fixture(scope="session")
def browser(browser_ready):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = harness.launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def rendered(voila, browser):
    """rendered(path) -> the notebook's page, opened once per session (its kernel stays up, so the
    explorer tests move the same widgets); the screenshot is taken as it first appears."""
    pages = {}

    def open_page(path):
        page = pages.get(path)
        if page is not None and (getattr(page, "crashed", False) or page.is_closed()):
            # A renderer that crashed between tests (seen once in CI, on 08's long page after
            # twenty minutes of axe runs and key presses) would fail every later test of the
            # page: open it again, and say so in the run's warnings rather than hide it.
            warnings.warn(f"Chromium's page of {path.name} crashed or closed; opened it again")
            with contextlib.suppress(Exception):
                page.context.close()
            del pages[path]
        if path not in pages:
            page = harness.new_page(browser)
            page.crashed = False
            page.on("crash", lambda crashed=page: setattr(crashed, "crashed", True))
            pages[path] = page
            try:
                harness.render(page, voila.url(path), len(harness.stored_explorers(path)))
                harness.full_page_screenshot(page, harness.SCREENSHOTS / f"{path.stem}.png")
            except Exception as exc:
                page.failed = exc
                raise
        page = pages[path]
        if getattr(page, "failed", None):
            pytest.fail(f"{path.name} did not render: {page.failed}")
        return page

    yield open_page
    for page in pages.values():
        page.context.close()
