"""The scripts an app page loads, named in its head so that the browser fetches them at once.

A Voila page loads about a hundred JavaScript files (Voila's bundle and the widget extensions)
in waves: the bundle asks for its chunks, the chunks for the extensions, the extensions for
theirs, each wave only once the one before it has run. On a server busy with a class each wave
waits in the queue again. ``<link rel="preload" as="script">`` tags in the page's head let the
browser ask for all of them while the page itself still arrives; the waves then find them
fetched. Only the start-up scripts are listed, those every page asks for before its kernel
(below). Measured on 03 (one Chromium page, three fresh servers each, 2026-11-29): first chart
1.95 s without, 1.55 s with these 77 (medians); the page makes the same 109 requests.

The list depends only on the installed Voila and widget versions (pinned in pyproject.toml), so
it is written once into the template (``preload.html``) by::

    python -m scripts.preload          # after changing the Voila or ipywidgets versions

(it captures the pages with the list emptied, so a script no longer needed drops out), and
``tests/browser/test_voila.py`` fails on every page where a listed script is missing from the
server or goes unused (Chromium's console warning).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "allstats_a11y"
PRELOAD = TEMPLATE / "preload.html"
#: the pages whose scripts are compared: one with explorers and questions, one with no widget.
#: Only the scripts both load are listed: a page that does not use a preloaded script makes
#: Chromium warn in the console ("preloaded ... but not used"), and the app's pages, and any
#: notebook a teacher adds, must load without warnings.
PAGES = ("03_relative_survival.ipynb", "09_teachers_guide.ipynb")
#: scripts the template itself links in the page's head (they need no preload)
LINKED_BY_THE_TEMPLATE = ("voila/templates/allstats_a11y/static/",)
HEADER = ("{#- Written by `python -m scripts.preload`: the scripts an app page loads, fetched at "
          "once (see scripts/preload.py). -#}")


def is_preloadable(path: str) -> bool:
    """A script of Voila's bundle or of a widget extension (not the template's own files)."""
    bare = path.split("?", 1)[0]
    return (path.startswith("voila/") and bare.endswith(".js")
            and not path.startswith(LINKED_BY_THE_TEMPLATE))


def scripts_of_page(requests: list[str], base_url: str, *,
                    before_kernel: bool = False) -> list[str]:
    """The preloadable scripts among a page's requests, as paths under ``base_url``, in the
    order first asked for; with ``before_kernel``, only those asked for before the page's first
    request to its kernel (the start-up of the page's scripts, the same on every page; what
    comes after waits on the kernel, and on a busy server can come later than Chromium allows a
    preload to wait unused)."""
    base = base_url.rstrip("/") + "/"
    if before_kernel:
        first = next((i for i, url in enumerate(requests) if "/api/kernels" in url),
                     len(requests))
        requests = requests[:first]
    paths = [url[len(base):] for url in requests if url.startswith(base)]
    return [p for p in dict.fromkeys(paths) if is_preloadable(p)]


def listed(text: str | None = None) -> list[str]:
    """The paths ``preload.html`` names."""
    text = PRELOAD.read_text(encoding="utf-8") if text is None else text
    marker = 'href="{{ resources.base_url }}'
    return [line.split(marker, 1)[1].split('"', 1)[0]
            for line in text.splitlines() if marker in line]


def render(paths: list[str]) -> str:
    return "\n".join([HEADER] + [f'<link rel="preload" as="script" '
                                 f'href="{{{{ resources.base_url }}}}{p}">' for p in paths]) + "\n"


def capture(page_names=PAGES) -> list[str]:
    """Open each page in Chromium on a Voila server of this project; the scripts every one of
    them loads before it asks for its kernel, in the order the first asked for them."""
    from playwright.sync_api import sync_playwright

    from scripts import voila_harness as harness

    loaded = []
    with harness.VoilaServer() as server, sync_playwright() as playwright:
        browser = harness.launch_chromium(playwright)
        for name in page_names:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            path = harness.NOTEBOOKS / name
            harness.render(page, server.url(path), len(harness.stored_explorers(path)))
            page.wait_for_load_state("networkidle")
            loaded.append(scripts_of_page(requests, server.base_url, before_kernel=True))
            page.close()
        browser.close()
    return [path for path in loaded[0] if all(path in other for other in loaded[1:])]


def main(argv: list[str]) -> int:
    before = PRELOAD.read_text(encoding="utf-8") if PRELOAD.exists() else render([])
    PRELOAD.write_text(render([]), encoding="utf-8")        # what the page asks for by itself
    try:
        paths = capture(argv or PAGES)
    except BaseException:
        PRELOAD.write_text(before, encoding="utf-8")
        raise
    PRELOAD.write_text(render(paths), encoding="utf-8")
    print(f"{PRELOAD.relative_to(ROOT)}: {len(paths)} scripts")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
