"""`make slides`: every notebook as a live reveal.js slideshow (Voila's reveal template).

    python -m scripts.slides [NOTEBOOK_DIR] [--port=8867] [--no-browser] [other Voila options]

The same app as `make present` (:mod:`scripts.present`: code stripped, 127.0.0.1, ``/`` opens
the start-here notebook, execute requests refused) with the ``allstats-reveal`` template
(``scripts/jupyter/voila/templates/``): each notebook's cells become slides by their
``slideshow.slide_type`` metadata, and the widgets stay live (a kernel runs behind each deck).

Nothing is loaded from outside the machine: reveal.js's CSS and fonts and jQuery come from the npm
packages the Makefile installs into ``.venv/npm`` (served here under ``/allstats-slides/``),
reveal.js's JavaScript is Voila's own bundle, and the template drops the CDN links (Font
Awesome, jQuery, the widget renderer) that Voila's and nbconvert's reveal templates carry.

:func:`mark_slides` is the rule that gives every cell its slide metadata (one idea per slide,
each explorer and question on a slide of its own, charts and long tables as sub-slides);
``python -m scripts.slides --mark notebooks/*.ipynb`` applies it to notebooks in place.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from jupyter_server.utils import url_path_join
from tornado.web import StaticFileHandler

from scripts import present

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "scripts" / "jupyter"
#: where the Makefile installs the npm packages the slides need: reveal.js (its CSS, themes and
#: fonts) and jQuery (which Voila's reveal bundle expects on the page)
NODE_MODULES = Path(os.environ.get("ALLSTATS_NODE_MODULES",
                                   ROOT / ".venv" / "npm" / "node_modules"))
PACKAGES = ("reveal.js", "jquery")
REVEAL_DIR = NODE_MODULES / "reveal.js"
STATIC_URL = "allstats-slides"
DEFAULT_PORT = 8867
#: the template's settings (reveal.js's address, theme, size) are in its conf.json
TEMPLATE_CONF = TEMPLATES / "voila" / "templates" / "allstats-reveal" / "conf.json"

#: what `make slides` means unless the command line sets the same option
DEFAULTS = [
    ("--VoilaConfiguration.template=allstats-reveal",
     ("--template", "--VoilaConfiguration.template")),
    (f"--port={DEFAULT_PORT}", ("--port", "--Voila.port")),
]


class SlidesApp(present.PresentApp):
    """The present app, plus reveal.js's CSS, themes and fonts served from this machine."""

    name = "allstats-slides"

    def init_handlers(self):
        handlers = super().init_handlers()
        missing = [p for p in PACKAGES if not (NODE_MODULES / p / "package.json").is_file()]
        if missing:
            raise SystemExit(f"{', '.join(missing)} not installed in {NODE_MODULES}: run "
                             "`make slides` (it installs them with npm) or set "
                             "ALLSTATS_NODE_MODULES")
        # only these packages, nothing else of node_modules
        static = (url_path_join(self.base_url, STATIC_URL,
                                f"((?:{'|'.join(re.escape(p) for p in PACKAGES)})/.*)"),
                  StaticFileHandler, {"path": str(NODE_MODULES)})
        return [static, *handlers]


def arguments(argv: list[str]) -> list[str]:
    names = {a.split("=", 1)[0] for a in argv if a.startswith("--")}
    ours = [default for default, spellings in DEFAULTS if not names & set(spellings)]
    return present.arguments([*ours, *argv])


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--mark":
        for name in argv[1:]:
            mark_file(Path(name))
        return
    os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
    # our template folder first, so that Voila finds allstats-reveal
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(TEMPLATES), os.environ.get("JUPYTER_PATH", "")) if p)
    SlidesApp.launch_instance(argv=arguments(argv))


# --- the slide metadata -------------------------------------------------------------------------

WIDGET = "application/vnd.jupyter.widget-view+json"


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def cell_kind(cell) -> str:
    """What a cell shows: heading, subheading, text, code-only, chart, table, markdown output,
    explorer, question, prediction, goals or summary."""
    source = _source(cell)
    if cell["cell_type"] == "markdown":
        if re.match(r"#{1,2}\s", source):
            return "heading"
        if re.match(r"#{3,}\s", source):
            return "subheading"
        return "text"
    if "lessons.goals(" in source:
        return "goals"
    if "lessons.summary(" in source:
        return "summary"
    if "lessons.question(" in source:
        return "question"
    if "lessons.predict(" in source or ".watch(" in source:
        return "prediction"
    outputs = cell.get("outputs", [])
    data = [o.get("data", {}) for o in outputs]
    if any(WIDGET in d for d in data):
        return "explorer"
    if any("image/png" in d for d in data):
        return "chart"
    if any("<table" in "".join(d.get("text/html", "")) for d in data):
        return "table"
    if any("".join(d.get("text/markdown", "")).startswith("#") for d in data):
        return "heading"
    if any("text/markdown" in d or "text/html" in d for d in data) or \
            any(o.get("output_type") == "stream" for o in outputs):
        return "output"
    return "code"


def slide_types(cells) -> list[str]:
    """The rule: headings, goals, questions and the summary open a slide; sub-headings, charts
    and tables open a sub-slide (under their section); an explorer stays on the slide of the
    text that introduces it (with its prediction) and opens a slide of its own otherwise; text
    and short outputs continue the slide; code without output is skipped."""
    types = []
    previous = None
    for cell in cells:
        kind = cell_kind(cell)
        if kind in ("heading", "goals", "summary", "question"):
            slide = "slide"
        elif kind in ("subheading", "chart", "table"):
            slide = "subslide"
        elif kind == "explorer":
            slide = "-" if previous in ("text", "heading", "subheading", "prediction") \
                else "slide"
        elif kind == "prediction":
            slide = "-"
        elif kind == "code":
            slide = "skip"
        else:
            slide = "-"
        types.append(slide)
        if kind != "code":
            previous = kind
    return types


def mark_slides(nb) -> None:
    for cell, slide in zip(nb.cells, slide_types(nb.cells)):
        cell.metadata.setdefault("slideshow", {})["slide_type"] = slide


def mark_file(path: Path) -> None:
    import nbformat
    nb = nbformat.read(path, as_version=4)
    mark_slides(nb)
    nbformat.write(nb, path)
    print(f"{path}: slide metadata on {len(nb.cells)} cells")


if __name__ == "__main__":
    main()
