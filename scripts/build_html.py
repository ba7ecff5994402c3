"""`make html`: a static HTML handout of every executed notebook, readable with no network.

    python -m scripts.build_html notebooks build/html

Writes ``<notebook>.html`` for each committed notebook and ``index.html`` linking them, titled by
each notebook's first heading. Nothing is executed: the notebooks are committed executed.

- Code is hidden, as in `make present`: the handout is for reading; the code is in the notebooks.
- Figures are PNGs inline as ``data:`` URIs, so the pages work from a USB stick or an email.
- Explorers: a static page has no kernel, and the widget renderer nbconvert would load comes from
  a CDN. So each explorer is replaced by what it showed when the notebook was executed (its
  readout and its chart, taken from the widget state stored in the notebook), with a line saying
  that the live version is in the notebook or the presentation. No script is loaded from the
  network: require.js, MathJax, Mermaid and the widget manager are left out (the notebooks use
  neither maths nor diagrams).
- Downloads: under every chart, links save its picture as PNG (the picture shown) and SVG and its
  numbers as CSV (the chart's folded table and its source line), named after the notebook and
  the chart's title. To have the SVG and the numbers of the very figure each stored picture
  shows, the builder runs every notebook once more with :data:`allstats.charts.alt.CHART_FILES`
  set: each chart writes its SVG, CSV and title under the SHA-256 of its PNG
  (:func:`draw_chart_files`). A stored picture whose hash no chart wrote (the notebook is not
  up to date with the library) gets its PNG only, with a note saying so; the same rule as the
  explorers' rows (:func:`allstats.explorers.downloads.static_links`).
- Links between notebooks (``01_new_cases.ipynb``) point to their handout pages.
- Cells tagged ``jupyterlab-only`` (:data:`scripts.notebook_tags.LAB_ONLY`: "Run All",
  ``make lab``, JupyterLab's menus) are left out.
- Accessible (WCAG 2.1 AA): the page's title is the notebook's first heading, the notebook sits
  in a ``main`` landmark, charts are figures with their alt text (the notebooks' outputs), the
  page script and styles of the Voila app (``share/jupyter/voila/templates/allstats_a11y``:
  underlined links, focusable wide tables, reflow at 320 px, printing on A4 and Letter) are
  inlined, and nbconvert's ``tabindex="0"`` on every cell and output (empty tab stops) is
  removed.
"""

from __future__ import annotations

import base64
import html
import os
import re
import sys
import tempfile
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

from allstats.charts import alt
from allstats.explorers import downloads
from allstats.explorers.base import static_picture
from scripts.notebook_tags import LAB_ONLY

#: the page script and styles shared with the Voila app's template
A11Y_TEMPLATE = Path(__file__).resolve().parents[1] / "share" / "jupyter" / "voila" / \
    "templates" / "allstats_a11y"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

#: under each explorer's picture (the handout gives no command: it is read, not run)
LIVE_NOTE = ("In the notebooks and in the presentation a student moves this chart; here it "
             "shows its first picture.")

TEMPLATE = r"""
{%- extends 'index.html.j2' -%}
{#- nothing from the network: no require.js, MathJax, Mermaid or widget manager -#}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style>
{% include 'a11y.css' %}
</style>
<style>
  main { max-width: 1100px; margin: 0 auto; }
  .allstats-nav { max-width: 1100px; margin: 12px auto 0; font-size: 15px; }
  .allstats-static-explorer { border-left: 4px solid #0072B2; padding: 6px 0 6px 14px; }
  .allstats-static-explorer img { max-width: 900px; width: 100%; height: auto; display: block; }
  .allstats-static-readout { font-size: 15px; margin: 4px 0 8px; }
  .allstats-static-note { font-size: 13px; color: #555; font-style: italic; margin: 4px 0; }
  .allstats-downloads-row { font-size: 14px; margin: 4px 0 10px; }
  .allstats-static-question, .allstats-static-prediction { border-left: 4px solid #E69F00;
    padding: 4px 0 4px 14px; font-size: 15px; }
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
<nav class="allstats-nav"><a href="index.html">&larr; All notebooks</a></nav>
{%- endblock body_header -%}
{%- block footer_js -%}
<script>
{% include 'a11y.js' %}
</script>
{%- endblock footer_js -%}
"""


def widget_state(nb) -> dict:
    return nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def _models(state: dict, model_id: str):
    """The model and every model below it (children first to last)."""
    model = state.get(model_id)
    if model is None:
        return
    yield model_id, model
    for child in model["state"].get("children", []):
        yield from _models(state, child.removeprefix("IPY_MODEL_"))


def _image(model) -> str | None:
    """A stored Image widget's PNG as base64 text (its value is a base64 buffer)."""
    for buffer in model.get("buffers", []):
        if buffer.get("path") == ["value"] and buffer.get("encoding") == "base64":
            return buffer["data"]
    return None


def static_widget(state: dict, model_id: str) -> str:
    """HTML for what a displayed widget showed: each explorer's readout and chart."""
    parts = []
    for box_id, model in _models(state, model_id):
        classes = model["state"].get("_dom_classes", [])
        if "allstats-explorer" not in classes:
            continue
        readout = chart = None
        alt = ""
        for _, part in _models(state, box_id):
            part_classes = part["state"].get("_dom_classes", [])
            if "allstats-readout" in part_classes:
                readout = part["state"].get("value", "")
            if "allstats-chart" in part_classes:
                chart = _image(part)
                alt = part["state"].get("alt", "")      # the chart's text alternative
        title = next((c.removeprefix("allstats-explorer-") for c in classes
                      if c.startswith("allstats-explorer-")), "explorer")
        parts.append(static_picture(title, readout, chart, LIVE_NOTE, alt=alt,
                                    after_picture=(downloads.static_links(title, _png(chart))
                                                   if chart else "")))
    if not parts:
        parts = [lesson_html(state, model_id)]
    if not parts[0]:        # some other widget: say it is live-only rather than show nothing
        parts = [f'<p class="allstats-static-note">An interactive control; {LIVE_NOTE}</p>']
    return "\n".join(parts)


def _png(base64_text: str) -> bytes:
    """A stored picture's bytes from its base64 text (:func:`_image`)."""
    return base64.b64decode(base64_text)


def lesson_html(state: dict, model_id: str) -> str:
    """A question or prediction box, as text with its answer folded (allstats.lessons), or ''
    for any other widget. The comparison box under an explorer needs a kernel: left out."""
    from allstats import lessons
    from allstats.lessons.widgets import static_html
    classes = state.get(model_id, {}).get("state", {}).get("_dom_classes", [])
    for prefix, find in (("allstats-question-", lessons.find_question),
                         ("allstats-prediction-result-", None),
                         ("allstats-prediction-", lessons.find_prediction)):
        for c in classes:
            if c.startswith(prefix):
                return static_html(find(c.removeprefix(prefix))) if find else \
                    '<p class="allstats-static-note">(In the notebook, your guess is compared ' \
                    "here with what the chart shows.)</p>"
    return ""


#: under a chart when the handout was built without redrawing the charts (``redraw=False``)
NOT_DRAWN_NOTE = ("(this handout was built without drawing the charts again: `make html` draws "
                  "their SVG and numbers; only the PNG is offered)")

_IMAGE = re.compile(r'<img ([^>]*?)src="(data:image/png;base64,[^"]+)"([^>]*)>')


def chart_downloads(page: str, stem: str, chart_files: Path | None = None,
                    found: list | None = None) -> str:
    """Under every picture of a chart (not the explorers', which have their own row), links that
    download it as PNG, SVG and CSV, named after the notebook and the chart's title: the files
    :func:`draw_chart_files` wrote into ``chart_files`` for the chart whose PNG is the stored
    picture. A picture with no such files gets its PNG only, with a note saying why.
    ``found``: a list to which each chart's ``{"name", "title"}`` is appended (title None for a
    chart with its PNG only)."""
    used: dict[str, int] = {}

    def add(match):
        if "allstats-static-chart" in match.group(0):       # an explorer's: it has its row
            return match.group(0)
        png = base64.b64decode(match.group(2).split(",", 1)[1])
        files = alt.chart_files(chart_files, png) if chart_files is not None else None
        name = downloads.chart_stem(stem, files["title"] if files else "")
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:                                   # two charts with the same title
            name = f"{name}-{used[name]}"
        if found is not None:
            found.append({"name": name, "title": files["title"] if files else None})
        if files is None:
            return match.group(0) + downloads.static_row(
                name, png, note=downloads.STALE_NOTE if chart_files is not None else
                NOT_DRAWN_NOTE)
        return match.group(0) + downloads.static_row(
            name, png, files["svg"], files["csv"],
            csv_label="Numbers with their source (CSV)")
    return _IMAGE.sub(add, page)


def draw_chart_files(paths, folder: Path) -> Path:
    """Run each notebook (not written back) with :data:`allstats.charts.alt.CHART_FILES` set
    to ``folder``: every chart it shows writes its SVG, CSV and title there, named by the
    SHA-256 of its PNG. Returns ``folder``."""
    from scripts.execute_notebooks import run

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, alt.CHART_FILES: str(folder.resolve()), "MPLBACKEND": "Agg"}
    for path in paths:
        run(Path(path), env=env)
    return folder


def freeze_widgets(nb) -> int:
    """Replace each widget output with its stored picture; drop the widget state. Returns how
    many widget outputs were replaced."""
    state = widget_state(nb)
    replaced = 0
    for cell in nb.cells:
        for i, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if not view:
                continue
            cell.outputs[i] = nbformat.v4.new_output(
                "display_data", data={"text/html": static_widget(state, view["model_id"])})
            replaced += 1
    nb.metadata.pop("widgets", None)
    return replaced


def title_of(nb, fallback: str) -> str:
    """The text of the notebook's first heading (markdown marks removed)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            match = re.match(r"#+\s+(.*\S)", line)
            if match:
                text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match.group(1))   # links
                return re.sub(r"[*_`]", "", text).strip()
    return fallback


def no_empty_tab_stops(page: str) -> str:
    """nbconvert puts ``tabindex="0"`` on every cell and output: a keyboard user would stop on
    each of them with nothing to do. Only content that scrolls needs it (the page script adds
    it there)."""
    return re.sub(r'(<div class="[^"]*(?:jp-Cell-inputWrapper|jp-OutputArea-output)[^"]*"'
                  r'[^>]*?) tabindex="0"', r"\1", page)


def link_pages(page: str) -> str:
    """Links to sibling notebooks go to their handout pages."""
    return re.sub(r'href="([^"/:]+)\.ipynb(#[^"]*)?"',
                  lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', page)


def exporter() -> HTMLExporter:
    # cells for JupyterLab only ("Run All", `make lab`, its menus) are not for the handout
    config = Config({"TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": {LAB_ONLY}}})
    return HTMLExporter(config=config, template_name="lab",
                        template_file="allstats_handout.html.j2",
                        extra_loaders=[jinja2.DictLoader({
                            "allstats_handout.html.j2": TEMPLATE,
                            **{name: (A11Y_TEMPLATE / name).read_text(encoding="utf-8")
                               for name in ("a11y.css", "a11y.js")}})],
                        exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True, embed_images=True)


def build_page(path: Path, out_dir: Path, html_exporter: HTMLExporter | None = None,
               chart_files: Path | None = None) -> dict:
    """One notebook's page; ``chart_files``: the folder of :func:`draw_chart_files` (without
    it, charts offer their PNG only)."""
    nb = nbformat.read(path, as_version=4)
    title = title_of(nb, path.stem)
    nb.metadata["title"] = title
    frozen = freeze_widgets(nb)
    body, _ = (html_exporter or exporter()).from_notebook_node(
        nb, resources={"metadata": {"name": path.stem, "path": str(path.parent)}})
    target = out_dir / f"{path.stem}.html"
    charts: list[dict] = []
    page = chart_downloads(no_empty_tab_stops(link_pages(body)), path.stem, chart_files, charts)
    target.write_text(page, encoding="utf-8")
    return {"notebook": path.name, "page": target.name, "title": title, "widgets": frozen,
            "charts": charts, "stale": page.count(html.escape(downloads.STALE_NOTE))}


INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>allstats: the statistics of acute lymphocytic leukemia, explained</title>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 900px; margin: 40px auto;
          padding: 0 20px; line-height: 1.5; color: #222; }}
  h1 {{ font-size: 30px; }}
  li {{ font-size: 20px; margin: 10px 0; }}
  p {{ font-size: 16px; }}
  .note {{ color: #555; font-size: 14px; }}
</style>
<style>
{a11y_css}
</style>
</head>
<body>
<main>
<h1>allstats: the statistics of acute lymphocytic leukemia, explained</h1>
<p>A handout of the notebooks: every number comes from a sourced row of the project's data, and
every chart names its source. The notebooks explain statistics; they never advise a person.</p>
<ol>
{items}
</ol>
<p class="note">Code is hidden. The interactive charts appear here as their first picture; they
move in the notebooks and in the presentation.</p>
</main>
</body>
</html>
"""


def index_page(items: str) -> str:
    """The handout's index page, listing ``items`` (``<li>`` links to the pages)."""
    a11y_css = (A11Y_TEMPLATE / "a11y.css").read_text(encoding="utf-8")
    return INDEX.format(items=items, a11y_css=a11y_css)


def build(src_dir: Path, out_dir: Path, *, redraw: bool = True) -> list[dict]:
    """Every notebook's page and the index. ``redraw``: run the notebooks once more for the
    charts' SVG and CSV downloads (:func:`draw_chart_files`); without it, PNG only."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html_exporter = exporter()
    paths = sorted(Path(src_dir).glob("*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="allstats-charts-") as folder:
        chart_files = draw_chart_files(paths, Path(folder)) if redraw else None
        pages = [build_page(path, out_dir, html_exporter, chart_files) for path in paths]
    items = "\n".join(f'<li><a href="{html.escape(p["page"])}">{html.escape(p["title"])}</a></li>'
                      for p in pages)
    (out_dir / "index.html").write_text(index_page(items), encoding="utf-8")
    return pages


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    src_dir, out_dir = Path(argv[0]), Path(argv[1])
    pages = build(src_dir, out_dir)
    for page in pages:
        print(f"{out_dir / page['page']}: {page['title']} "
              f"({page['widgets']} widget output(s) shown as their stored picture; "
              f"{len(page['charts'])} chart(s) with downloads"
              + (f", {page['stale']} of them PNG only: run `make notebooks`" if page["stale"]
                 else "") + ")")
    print(f"{out_dir / 'index.html'}: {len(pages)} notebook(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
