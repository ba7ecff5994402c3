"""Text alternatives: what a chart shows, in words and as a table, built with the chart.

Every chart function returns artists that are :class:`Described`: their ``description`` (a
:class:`Description`) is made from the same numbers as the title, and a chart that changes
(an explorer's) rewrites it in ``show``. It has three parts:

- ``alt``: a few sentences for the picture's ``alt`` attribute: what kind of chart it is, what it
  shows and the finding its title states;
- ``table``: the numbers drawn, one row per bar, point or group, with plain headers and the
  numbers written as the chart writes them: the long description;
- ``source``: the source line under the chart, as text;
- ``quotes`` (where the chart can say them): for each row of the table, the sentence of the
  source that the row's number comes from (the ``quote`` of its row of ``data/``; '' for a row
  computed from others). The CSV download carries them; the page shows the table without them.

In a notebook a chart cell ends with the artists (``chart``), whose display is
:func:`figure_bundle`: a ``text/html`` figure (the picture with its ``alt``, and the table folded
in a ``<details>`` under it) that JupyterLab, Voila, the handout and the slides show, plus the
bare ``image/png`` and the alt as ``text/plain``.

Downloads of a static chart (the handout's, `make html`): where the environment variable
:data:`CHART_FILES` names a folder, :func:`figure_bundle` also writes there, for each chart it
shows, the same figure as SVG (:func:`figure_svg`), its numbers as CSV (:func:`chart_csv`: the
folded table and the source line) and its title, each file named by the SHA-256 of the chart's
PNG (:func:`write_chart_files`). The handout finds a stored picture's files by that hash.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["Description", "Described", "figure_png", "encode_png", "PNG_COMPRESS_LEVEL",
           "figure_svg", "figure_html", "figure_bundle", "flat", "sentence", "chart_title",
           "chart_csv", "write_chart_files", "chart_files", "chart_svg", "PLACEHOLDER_ALTS",
           "NUMBERS_SUMMARY", "CHART_FILES", "SOURCE_LINE_COLUMN", "SVG_RC"]

#: alt texts that say nothing (nbconvert's and others' defaults): never a chart's alternative
PLACEHOLDER_ALTS = ("", "No description has been provided for this image", "image", "chart",
                    "figure", "plot")
#: the words on the folded table under every chart
NUMBERS_SUMMARY = "The numbers in this chart"
#: the environment variable naming the folder where :func:`figure_bundle` writes each chart's
#: SVG, CSV and title (`make html` sets it while it runs the notebooks)
CHART_FILES = "ALLSTATS_CHART_FILES"
#: the last column of a chart's CSV: the source line under the chart
SOURCE_LINE_COLUMN = "source line under the chart"
#: SVG with its text kept as text (not outlines) and the same file for the same figure
SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "allstats"}


def flat(text: str) -> str:
    """A chart's text on one line (titles and labels are wrapped with newlines).

    >>> flat("New cases,\\n2014–2025:  between 5,690 and 6,660")
    'New cases, 2014–2025: between 5,690 and 6,660'
    """
    return " ".join(str(text).split())


@dataclass
class Description:
    """A chart's text alternative (see the module's docstring)."""

    alt: str
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    source: str = ""
    quotes: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.quotes and len(self.quotes) != len(self.table):
            raise ValueError(f"a chart's quotes go one per row of its table: {len(self.quotes)} "
                             f"quotes for {len(self.table)} rows")
        self.quotes = [flat(q) for q in self.quotes]
        self.alt = flat(self.alt)
        if flat(self.alt).rstrip(".").strip().lower() in [p.lower() for p in PLACEHOLDER_ALTS]:
            raise ValueError(f"a chart's alt text must say what it shows, not {self.alt!r}")
        self.source = flat(self.source)
        self.table = self.table.map(lambda v: flat(v) if isinstance(v, str) else v)
        self.table.columns = [flat(c) for c in self.table.columns]


def sentence(*parts: str) -> str:
    """Parts joined into sentences, each ending with a full stop.

    >>> sentence("Bar chart of new cases by sex", "An estimated 6,550 people: 3,590 men")
    'Bar chart of new cases by sex. An estimated 6,550 people: 3,590 men.'
    """
    out = []
    for part in parts:
        part = flat(part)
        if part:
            part = part[0].upper() + part[1:]
            out.append(part if part.endswith((".", "!", "?")) else part + ".")
    return " ".join(out)


class Described:
    """A chart's artists that carry their :class:`Description` and display as a figure.

    The chart function sets ``description``; a chart that changes rewrites it in ``show``.
    """

    description: Description | None = None

    @property
    def alt(self) -> str:
        return self.description.alt

    def _repr_mimebundle_(self, include=None, exclude=None):   # pragma: no cover - notebooks
        return figure_bundle(self)


#: zlib level of every chart PNG. With the alpha channel dropped (the charts are opaque), level 2
#: encodes the notebooks' charts about twice as fast as Pillow's default 6 and 12% smaller
#: (measured on 15 charts, 2026-11-29: 0.21 s and 1,557 KB against 0.43 s and 1,765 KB).
PNG_COMPRESS_LEVEL = 2


def encode_png(rgba) -> bytes:
    """A chart's pixels (height × width × 4 bytes, RGBA) as PNG: RGB where every pixel is
    opaque, RGBA otherwise."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(rgba)
    image = Image.fromarray(pixels, "RGBA")
    if (pixels[..., 3] == 255).all():
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def figure_png(fig) -> bytes:
    """The figure as the notebooks show it: PNG at the figure's dpi, cropped to its content.

    The crop is ``savefig(bbox_inches="tight")``'s (the tight box of every artist, padded by
    ``savefig.pad_inches``, the padding in the figure's colour), taken from one draw of the
    figure where ``savefig`` draws it twice.
    """
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    pad = matplotlib.rcParams["savefig.pad_inches"]
    box = fig.get_tightbbox(canvas.get_renderer()).padded(pad)
    width, height = canvas.get_width_height()
    dpi = fig.dpi
    left, top = int(np.floor(box.x0 * dpi)), int(np.floor(height - box.y1 * dpi))
    out_w, out_h = max(int(box.width * dpi), 1), max(int(box.height * dpi), 1)
    face = np.round(np.array(matplotlib.colors.to_rgba(fig.get_facecolor())) * 255)
    cropped = np.empty((out_h, out_w, 4), dtype=np.uint8)
    cropped[:] = face.astype(np.uint8)
    pixels = np.asarray(canvas.buffer_rgba())
    x0, y0 = max(left, 0), max(top, 0)
    x1, y1 = min(left + out_w, width), min(top + out_h, height)
    if x1 > x0 and y1 > y0:
        cropped[y0 - top:y1 - top, x0 - left:x1 - left] = pixels[y0:y1, x0:x1]
    return encode_png(cropped)


def figure_svg(fig, **savefig) -> bytes:
    """The figure as SVG: text kept as text, no date, the same bytes for the same figure.
    ``savefig`` passes options on (the static charts' crop: :func:`chart_svg`)."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(SVG_RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, **savefig)
    return buffer.getvalue()


def chart_svg(fig) -> bytes:
    """A static chart as SVG, cropped as :func:`figure_png` crops its PNG."""
    return figure_svg(fig, dpi=fig.dpi, bbox_inches="tight", facecolor=fig.get_facecolor())


def chart_title(artists) -> str:
    """The chart's title on one line (its ``title`` artist), or '' for a chart without one."""
    title = getattr(artists, "title", None)
    return flat(title.get_text()) if hasattr(title, "get_text") else ""


def chart_csv(description: Description) -> str:
    """A chart's numbers as CSV: the folded table under the chart, cell for cell as the reader
    reads it there (:func:`allstats.tables.reader_rows`), each row's quote where the chart
    gives them (``quote``), and the source line in a last column.

    >>> print(chart_csv(Description("Bar chart of two groups", pd.DataFrame(
    ...     {"group": ["a", "b"], "people": [1200, 30.0]}), "Source: a made-up source")), end="")
    group,people,source line under the chart
    a,"1,200",Source: a made-up source
    b,30,Source: a made-up source
    >>> print(chart_csv(Description("Bar chart of one group", pd.DataFrame({"group": ["a"]}),
    ...     "Source: a made-up source", quotes=["About 4 in 10 are a."])), end="")
    group,quote,source line under the chart
    a,About 4 in 10 are a.,Source: a made-up source
    """
    from ..tables import reader_rows

    headers, rows = reader_rows(description.table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    quotes = [[q] for q in description.quotes] if description.quotes else [[] for _ in rows]
    writer.writerow([*headers, *(["quote"] if description.quotes else []), SOURCE_LINE_COLUMN])
    writer.writerows([*row, *quote, description.source] for row, quote in zip(rows, quotes))
    return buffer.getvalue()


def chart_files(folder, png: bytes) -> dict | None:
    """The files :func:`write_chart_files` wrote for the chart whose PNG is ``png``:
    ``{"svg": bytes, "csv": str, "title": str}``, or None if there are none."""
    key = Path(folder) / hashlib.sha256(png).hexdigest()
    paths = {kind: key.with_suffix(f".{kind}") for kind in ("svg", "csv", "json")}
    if not all(path.is_file() for path in paths.values()):
        return None
    return {"svg": paths["svg"].read_bytes(), "csv": paths["csv"].read_text(encoding="utf-8"),
            "title": json.loads(paths["json"].read_text(encoding="utf-8"))["title"]}


def write_chart_files(artists, png: bytes, folder) -> Path:
    """Write the chart's SVG, CSV and title (JSON) into ``folder``, named by the SHA-256 of
    ``png`` (the picture shown); returns the path without its suffix."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / hashlib.sha256(png).hexdigest()
    key.with_suffix(".svg").write_bytes(chart_svg(artists.figure))
    key.with_suffix(".csv").write_text(chart_csv(artists.description), encoding="utf-8")
    key.with_suffix(".json").write_text(json.dumps({"title": chart_title(artists)}),
                                        encoding="utf-8")
    return key


def _table_html(table: pd.DataFrame) -> str:
    from ..tables import reader_table
    return str(reader_table(table))


def figure_html(artists, png: bytes | None = None) -> str:
    """The chart as an accessible figure: the picture with its alt text and, folded under it,
    the numbers as a table (the long description) and the source line.

    ``<figure><img alt><figcaption><details>…</details></figcaption></figure>``; the picture is
    a ``data:`` URI, so the page loads nothing else.
    """
    from PIL import Image

    description = artists.description
    png = figure_png(artists.figure) if png is None else png
    width, height = Image.open(io.BytesIO(png)).size
    encoded = base64.b64encode(png).decode("ascii")
    parts = [f'<figure class="allstats-figure">',
             f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(description.alt)}" '
             f'width="{width}" height="{height}" style="max-width: 100%; height: auto;">']
    if len(description.table) or description.source:
        parts.append(f'<figcaption><details><summary>{NUMBERS_SUMMARY}</summary>')
        if len(description.table):
            parts.append(_table_html(description.table))
        if description.source:
            parts.append(f"<p>{html.escape(description.source)}</p>")
        parts.append("</details></figcaption>")
    parts.append("</figure>")
    return "\n".join(parts)


def figure_bundle(artists) -> dict:
    """What a notebook shows for a chart: the accessible figure (``text/html``), the bare
    picture (``image/png``) and the alt text (``text/plain``)."""
    png = figure_png(artists.figure)
    if os.environ.get(CHART_FILES):                 # `make html`: the downloads of the handout
        write_chart_files(artists, png, os.environ[CHART_FILES])
    return {"text/html": figure_html(artists, png),
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": artists.description.alt}
