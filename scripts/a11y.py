"""Accessibility checks in a real browser: axe-core and what axe cannot see.

Shared by the browser tests (tests/browser/test_a11y.py) and ``python -m scripts.a11y``, which
prints axe's findings for every Voila page and handout page (a report, not a test).

axe-core is the pinned copy in ``tests/browser/axe`` (``make axe`` installs it with npm from
its package.json and package-lock.json); it is injected into each page from disk, so nothing is
loaded from the network. Rules: WCAG 2.0 and 2.1, levels A and AA (``AXE_TAGS``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE_DIR = ROOT / "tests" / "browser" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
#: the WCAG 2.1 A and AA rules (axe tags them by the version that introduced them)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_HINT = "install it with `make axe` (npm ci in tests/browser/axe)"


def axe_unavailable() -> str | None:
    """Why axe cannot run here, or None."""
    if not AXE_JS.is_file():
        return f"axe-core is missing at {AXE_JS.relative_to(ROOT)}: {AXE_HINT}"
    return None


def axe_version() -> str:
    return json.loads((AXE_JS.parent / "package.json").read_text(encoding="utf-8"))["version"]


def run_axe(page, context: str | None = None) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now (inject once per document).

    Each violation: ``{"id", "impact", "help", "nodes": [{"target", "html", "summary"}]}``.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async ([context, tags]) => {
            const r = await axe.run(context ? document.querySelector(context) : document,
                                    {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 300),
                                          summary: n.failureSummary}))}));
        }""", [context, AXE_TAGS])
    return result


def summary(violations: list[dict]) -> dict[str, int]:
    """{rule id (impact): number of elements}."""
    return {f"{v['id']} ({v['impact']})": len(v["nodes"]) for v in violations}


def describe(violations: list[dict], limit: int = 3) -> str:
    """A readable list of violations for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): {v['help']}")
        for node in v["nodes"][:limit]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
            if node.get("summary"):
                lines.append("      " + node["summary"].replace("\n", "\n      ")[:400])
    return "\n".join(lines)


def main(argv: list[str]) -> int:       # pragma: no cover - a report for developers
    """Print axe's findings for every Voila page and every handout page."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from scripts import build_html, voila_harness as harness

    reason = axe_unavailable() or harness.browser_unavailable()
    if reason:
        print(reason)
        return 2
    print(f"axe-core {axe_version()}, tags {', '.join(AXE_TAGS)}")
    totals = {"voila": {}, "handout": {}}
    with sync_playwright() as playwright, harness.VoilaServer(harness.NOTEBOOKS) as voila:
        browser = harness.launch_chromium(playwright)
        for path in harness.notebooks():
            page = harness.new_page(browser)
            harness.render(page, voila.url(path), len(harness.stored_explorers(path)))
            found = summary(run_axe(page))
            print(f"voila   {path.stem}: {found or 'no violations'}")
            for key, n in found.items():
                totals["voila"][key] = totals["voila"].get(key, 0) + n
            page.context.close()
        with tempfile.TemporaryDirectory() as out:
            build_html.build(harness.NOTEBOOKS, Path(out))
            for html_page in sorted(Path(out).glob("*.html")):
                context = browser.new_context(viewport=harness.VIEWPORT, offline=True)
                page = context.new_page()
                page.goto(html_page.as_uri(), wait_until="load")
                found = summary(run_axe(page))
                print(f"handout {html_page.stem}: {found or 'no violations'}")
                for key, n in found.items():
                    totals["handout"][key] = totals["handout"].get(key, 0) + n
                context.close()
        browser.close()
    for kind, found in totals.items():
        print(f"TOTAL {kind}: {sum(found.values())} elements; {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
