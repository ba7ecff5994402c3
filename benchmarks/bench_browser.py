"""Browser: median time from a key press on a slider to the new chart decoded in the page (Voila).

The notebooks are served as `make present` serves them and opened in Debian's Chromium (the
harness of tests/browser). For each explorer, its first slider takes ``presses`` key presses on
its handle, alternating ArrowRight and ArrowLeft so that each one changes the value. Timed in
the page, from the keydown event to the moment the chart's <img> has a new src and
``img.decode()`` has finished (the new picture is ready to paint): the round trip to the kernel,
the update, the blitted redraw, the PNG, and its decoding. Target: median under 150 ms.
Without Chromium the benchmark returns one row saying why.
"""

from __future__ import annotations

import statistics
import time

TARGET_MS = 150.0
COLUMNS = ["control", "presses", "lost", "median_ms", "p90_ms", "max_ms", "within_target",
           "skipped"]
#: a press whose picture has not arrived after this long is counted as lost
PRESS_TIMEOUT_MS = 5000

_ARM = """(box) => {
    const img = box.querySelector('img.allstats-chart');
    const handle = box.querySelector('.noUi-handle');
    window.__allstatsPress = {start: null};
    handle.addEventListener('keydown', () => { window.__allstatsPress.start = performance.now(); },
                            {capture: true, once: true});
    window.__allstatsPress.done = new Promise(resolve => {
        const observer = new MutationObserver(async () => {
            observer.disconnect();
            try { await img.decode(); } catch (e) { /* a broken picture still ends the wait */ }
            resolve(performance.now());
        });
        observer.observe(img, {attributes: true, attributeFilter: ['src']});
        setTimeout(() => { observer.disconnect(); resolve(null); }, %d);
    });
}""" % PRESS_TIMEOUT_MS

_RESULT = """async () => {
    const end = await window.__allstatsPress.done;
    return end === null || window.__allstatsPress.start === null
        ? null : end - window.__allstatsPress.start;
}"""


def _wait_quiet(box, quiet_s: float = 0.3, limit_s: float = 5.0) -> None:
    """Wait until the chart stops changing (one press can send two pictures when a control's
    bounds follow another control), so the next press times only its own picture."""
    from scripts import voila_harness as harness

    src, since, deadline = harness.chart_src(box), time.monotonic(), time.monotonic() + limit_s
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = harness.chart_src(box)
        if now != src:
            src, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return


def time_presses(page, box, presses: int) -> tuple[list[float], int]:
    """Milliseconds from key press to decoded picture, and how many presses showed nothing."""
    handle = box.locator(".noUi-handle").first
    at_max = box.locator(".noUi-target").first.evaluate(
        "t => Number(t.noUiSlider.get(true)) >= t.noUiSlider.options.range.max")
    keys = ["ArrowLeft", "ArrowRight"] if at_max else ["ArrowRight", "ArrowLeft"]
    samples, lost = [], 0
    for i in range(presses):
        _wait_quiet(box)
        box.evaluate(_ARM)
        handle.focus()
        handle.press(keys[i % 2])
        elapsed = page.evaluate(_RESULT)
        if elapsed is None:
            lost += 1
        else:
            samples.append(elapsed)
    return samples, lost


def run(quick: bool = False) -> list[dict]:
    from scripts import voila_harness as harness

    reason = harness.browser_unavailable()
    if reason:
        return [{"explorer": "(all)", "skipped": reason}]
    from playwright.sync_api import sync_playwright

    presses = 6 if quick else 20
    rows = []
    with harness.VoilaServer() as server, sync_playwright() as playwright:
        browser = harness.launch_chromium(playwright)
        try:
            for path in harness.notebooks():
                names = harness.stored_explorers(path)
                if not names:
                    continue
                if not _has_slider(path):       # nothing to press: do not run the notebook
                    rows += [{"notebook": path.stem, "explorer": f"{index}:{name}",
                              **dict.fromkeys(COLUMNS, ""), "skipped": "no slider"}
                             for index, name in enumerate(names)]
                    continue
                page = harness.new_page(browser)
                try:
                    harness.render(page, server.url(path), len(names))
                    for index, name in enumerate(names):
                        box = page.locator(harness.EXPLORER).nth(index)
                        row = {"notebook": path.stem, "explorer": f"{index}:{name}",
                               **dict.fromkeys(COLUMNS, "")}
                        slider = box.locator(".widget-slider").first
                        if not slider.count():
                            rows.append({**row, "skipped": "no slider"})
                            continue
                        control = next((c.removeprefix("allstats-control-") for c in
                                        (slider.get_attribute("class") or "").split()
                                        if c.startswith("allstats-control-")), "?")
                        samples, lost = time_presses(page, box, presses)
                        median = statistics.median(samples) if samples else float("nan")
                        rows.append({**row, "control": control, "presses": presses,
                                     "lost": lost, "median_ms": median,
                                     "p90_ms": _percentile(samples, 0.9),
                                     "max_ms": max(samples, default=float("nan")),
                                     "within_target": bool(samples) and not lost
                                     and median < TARGET_MS, "skipped": ""})
                finally:
                    page.context.close()
        finally:
            browser.close()
    return rows


def _has_slider(path) -> bool:
    """Whether the notebook's stored widget state holds a slider that is an explorer's control."""
    import json

    nb = json.loads(path.read_text(encoding="utf-8"))
    state = nb.get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    return any(model["model_name"].endswith("SliderModel")
               and any(c.startswith("allstats-control-")
                       for c in model["state"].get("_dom_classes", []))
               for model in state.values())


def _percentile(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


if __name__ == "__main__":
    from benchmarks.__main__ import table
    print(table(run()))
