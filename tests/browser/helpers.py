"""Helpers shared by the browser tests: saving a download as Chromium saves it, reading a
``data:`` link, waiting for a text to show."""

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
