"""The house style and the building blocks of every chart. Every function returns its artists.

House style (``STYLE``): type sizes readable on a projector, the Okabe–Ito colour-blind-safe
palette (``PALETTE``) for fills, lines and markers and its darker shades (``TEXT``, from
:func:`text_colour`) for text, a title that states the finding, labelled axes with units, and a
source line under the chart (:func:`add_source_line`).

Contrast (WCAG 2.1 AA): every text has at least 4.5:1 contrast with what is behind it. Text in a
palette colour uses its ``TEXT`` shade; text inside a bar is white on the dark fills (blue,
vermillion, black, the secondary purple) and black on the light ones (:func:`label_colour`).

A figure read only in a secondary source looks the same in every chart: a patch (bar, band) is
filled with ``ROLE["secondary"]`` and hatched with ``SECONDARY_HATCH`` (:func:`mark_secondary`,
which also tags it ``gid="secondary"``), a point is ringed or drawn in that purple, and its words
say "secondary source" in ``TEXT["purple"]``. No other patch is hatched that way.
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass

import matplotlib
import matplotlib.collections
import matplotlib.colors
import matplotlib.patches
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.path import Path

__all__ = ["PALETTE", "ROLE", "STYLE", "SOURCE_FONT_SIZE", "SECONDARY_HATCH", "styled",
           "new_figure", "add_source_line", "source_line_height", "finish", "PERSON",
           "IconArray", "icon_array", "icon_colours", "icon_grids", "icon_grids_with_legend",
           "show_icon_grid",
           "relative_luminance", "contrast_ratio", "icon_positions", "icon_columns", "ICON_BLOCK", "TEXT", "text_colour", "label_colour",
           "mark_secondary", "secondary_handle", "SECONDARY_WORDS", "GRID"]

#: Okabe & Ito (2008), safe for the common colour-vision deficiencies
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
    "black": "#000000",
}

def relative_luminance(colour) -> float:
    """WCAG 2.1's relative luminance of a colour (0 for black, 1 for white).

    >>> round(relative_luminance("#808080"), 3)
    0.216
    """
    rgb = np.array(matplotlib.colors.to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(foreground, background) -> float:
    """WCAG 2.1's contrast ratio of two colours, from 1 (the same) to 21 (black on white).

    >>> round(contrast_ratio("#000000", "#FFFFFF"), 1), round(contrast_ratio("#777777", "white"), 2)
    (21.0, 4.48)
    """
    a, b = relative_luminance(foreground), relative_luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


#: darker shades of the palette for text (at least 5.5:1 on white, same hue and saturation);
#: fills, lines and markers keep ``PALETTE``
TEXT = {
    "blue": "#005F96",
    "orange": "#8A6000",
    "sky": "#156EA0",
    "green": "#007454",
    "yellow": "#716A09",
    "vermillion": "#AC4C00",
    "purple": "#AB417C",
    "grey": "#666666",
    "black": "#000000",
}
#: the colour of light grid lines (drawn under the data)
GRID = "#EBEBEB"
#: how a chart names a figure read only in a secondary source
SECONDARY_WORDS = "secondary source"


def text_colour(colour) -> str:
    """The shade to write text in for a palette colour (``TEXT``); other colours unchanged.

    >>> text_colour(PALETTE["vermillion"]), text_colour("#123456")
    ('#AC4C00', '#123456')
    """
    hex_colour = matplotlib.colors.to_hex(colour).upper()
    for name, fill in PALETTE.items():
        if fill.upper() == hex_colour:
            return TEXT[name]
    return colour


def label_colour(fill) -> str:
    """White or black, whichever has more contrast with ``fill``: for text inside a bar.

    >>> label_colour(PALETTE["blue"]), label_colour(PALETTE["green"])
    ('white', 'black')
    """
    return "white" if contrast_ratio("white", fill) >= contrast_ratio("black", fill) else "black"


#: the same meaning keeps the same colour in every notebook
ROLE = {
    "alive": PALETTE["blue"],
    "expected_death": PALETTE["grey"],
    "excess_death": PALETTE["vermillion"],
    "male": PALETTE["blue"],
    "female": PALETTE["orange"],
    "all": PALETTE["black"],
    "adults": PALETTE["vermillion"],
    "children": PALETTE["sky"],
    "observed": PALETTE["black"],
    "expected": PALETTE["grey"],
    "relative": PALETTE["blue"],
    "net": PALETTE["green"],
    "secondary": PALETTE["purple"],
    "empty": "#FFFFFF",
}

#: readable from the back of a classroom
STYLE = {
    "font.size": 14,
    "axes.titlesize": 16,
    "axes.titleweight": "bold",
    "axes.labelsize": 14,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "figure.titlesize": 17,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=[PALETTE[c] for c in
                                                ("blue", "orange", "green", "vermillion",
                                                 "purple", "sky", "yellow", "black")]),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "white",
}

#: the source line under every chart: 13 pt, so that it prints at 8 pt or more when a chart
#: 12 inches wide is printed across an A4 or Letter page (8 mm margins)
SOURCE_FONT_SIZE = 13

#: how every chart marks a figure read only in a secondary source (with ROLE["secondary"])
SECONDARY_HATCH = "////"


def mark_secondary(patch, secondary: bool, colour=None) -> None:
    """Mark a patch drawn from a secondary figure: the secondary purple, white hatching and
    ``gid="secondary"``; or unmark it, back to ``colour`` (its own fill) when given."""
    if secondary:
        patch.set_facecolor(ROLE["secondary"])
        patch.set_hatch(SECONDARY_HATCH)
        patch.set_edgecolor("white")      # hatches take the edge colour (matplotlib 3.8 to 3.10)
        patch.set_gid("secondary")
    else:
        if colour is not None:
            patch.set_facecolor(colour)
        patch.set_hatch(None)
        patch.set_gid(None)


def secondary_handle(label: str = SECONDARY_WORDS):
    """A legend entry for patches marked by :func:`mark_secondary`."""
    return matplotlib.patches.Patch(facecolor=ROLE["secondary"], hatch=SECONDARY_HATCH,
                                    edgecolor="white", label=label)


def styled(func):
    """Run a plotting function inside the house style (rcParams are read at artist creation)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with plt.rc_context(STYLE):
            return func(*args, **kwargs)
    return wrapper


@styled
def new_figure(width: float = 10, height: float = 6, **kwargs):
    """A figure and axes in the house style, not shown by pyplot (explorers display it)."""
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(width, height), **kwargs)
    return fig, ax


def add_source_line(fig, text: str, *, bottom: float | None = None):
    """Write ``text`` (e.g. from :func:`allstats.text.source_line`) under the chart.

    The text is wrapped once to the figure's width (matplotlib's own ``wrap=True`` re-wraps on
    every draw, which is slow) and the axes are raised to make room; returns the Text artist.
    """
    chars_per_line = int(fig.get_figwidth() * 72 / (SOURCE_FONT_SIZE * 0.55))
    wrapped = textwrap.fill(text, width=chars_per_line)
    text = fig.text(0.01, 0.01, wrapped, ha="left", va="bottom", fontsize=SOURCE_FONT_SIZE,
                    color="#333333")
    needed = source_line_height(fig, text, padding_pt=6)
    if bottom is not None:
        needed = max(needed, bottom)
    # above the source line: room for tick labels and an axis label (about 52 points)
    fig.subplots_adjust(bottom=max(fig.subplotpars.bottom,
                                   needed + 52 / (fig.get_figheight() * 72)))
    return text


def finish(ax, *, title: str, xlabel: str | None = None, ylabel: str | None = None):
    """Title (stating the finding, on the left) and axis labels (with units); returns the
    title's Text artist, for the charts that change it or report it."""
    title_text = ax.set_title(title, loc="left", fontsize=STYLE["axes.titlesize"],
                              fontweight=STYLE["axes.titleweight"])
    if xlabel is not None:
        ax.set_xlabel(xlabel, fontsize=STYLE["axes.labelsize"])
    if ylabel is not None:
        ax.set_ylabel(ylabel, fontsize=STYLE["axes.labelsize"])
    return title_text


def source_line_height(fig, source_text, *, padding_pt: float = 0.0) -> float:
    """The height the source line (:func:`add_source_line`) takes, as a fraction of the
    figure's height, plus ``padding_pt`` points: for placing a legend or a note above it."""
    lines = source_text.get_text().count("\n") + 1
    return (lines * SOURCE_FONT_SIZE * 1.35 + padding_pt) / 72 / fig.get_figheight()


def _person_path() -> Path:
    """A person-shaped marker (head and shoulders): the icons that readers recall best."""
    head = Path.circle(center=(0.0, 0.62), radius=0.33)
    t = np.linspace(0, np.pi, 24)
    body_top = np.column_stack([0.55 * np.cos(t), 0.55 * np.sin(t) - 0.42])
    body = np.vstack([[0.5, -1.0], body_top, [-0.5, -1.0], [0.5, -1.0]])
    codes = [Path.MOVETO] + [Path.LINETO] * (len(body) - 2) + [Path.CLOSEPOLY]
    return Path.make_compound_path(head, Path(body, codes))


PERSON = _person_path()


@dataclass
class IconArray:
    """The artists of an icon array: one scatter collection, recoloured in place."""

    collection: matplotlib.collections.PathCollection
    rows: int
    columns: int

    @property
    def size(self) -> int:
        return self.rows * self.columns

    def recolour(self, counts: dict[str, int], colours: dict[str, str]) -> np.ndarray:
        """Colour the icons in reading order by ``counts`` (``{category: n}``); returns the colours."""
        faces = icon_colours(counts, colours, self.size)
        self.collection.set_facecolor(faces)
        return faces


def icon_colours(counts: dict[str, int], colours: dict[str, str], size: int) -> np.ndarray:
    """RGBA colours for ``size`` icons, grouped by category in the order of ``counts``."""
    total = sum(counts.values())
    if total != size:
        raise ValueError(f"the counts add up to {total}, but the array has {size} icons")
    if any(n < 0 for n in counts.values()):
        raise ValueError(f"counts must not be negative: {counts}")
    rgba = [matplotlib.colors.to_rgba(colours[k]) for k in counts]
    return np.repeat(np.array(rgba), list(counts.values()), axis=0)


#: icon arrays of more than 100 people are drawn in blocks of 10 x 10, one icon's width apart
ICON_BLOCK = 10


def icon_positions(size: int, columns: int, *, block: int | None = None):
    """Grid positions (x, y) of ``size`` icons in reading order, ``columns`` to a row.

    With ``block`` the icons fill square blocks of ``block`` x ``block`` one after the other
    (``columns // block`` blocks to a row), with a gap of one icon between blocks, so that
    1,000 people read as ten blocks of 100. Returns ``(x, y, width, height)`` in grid units.

    >>> x, y, width, height = icon_positions(200, 20, block=10)
    >>> [int(v) for v in (x[9], x[10], x[100])], (width, height)
    ([9, 0, 11], (21, 10))
    """
    rows = int(np.ceil(size / columns))
    if rows * columns != size:
        raise ValueError(f"{size} icons do not fill a grid of {columns} columns")
    index = np.arange(size)
    if block is None:
        return index % columns, rows - 1 - index // columns, columns, rows
    per_block = block * block
    if columns % block or size % per_block:
        raise ValueError(f"{size} icons in {columns} columns do not make blocks of "
                         f"{block} x {block}")
    across = columns // block
    blocks_down = size // per_block // across + bool(size // per_block % across)
    b, j = index // per_block, index % per_block
    x = (b % across) * (block + 1) + j % block
    height = blocks_down * (block + 1) - 1
    y = height - 1 - ((b // across) * (block + 1) + j // block)
    return x, y, across * (block + 1) - 1, height


def icon_columns(size: int) -> int:
    """How many icons to a row by default: 10 for 100 people, five blocks of 100 across for
    larger multiples of 100, otherwise a grid about 1.6 times as wide as it is tall.

    >>> icon_columns(100), icon_columns(1000), icon_columns(40)
    (10, 50, 8)
    """
    if size == ICON_BLOCK ** 2:
        return ICON_BLOCK
    if size > ICON_BLOCK ** 2 and size % ICON_BLOCK ** 2 == 0:
        return ICON_BLOCK * min(5, size // ICON_BLOCK ** 2)
    return int(np.ceil(np.sqrt(size * 1.6)))


@styled
def icon_array(ax, counts: dict[str, int], colours: dict[str, str], *, columns: int | None = None,
               marker_size: float | None = None, block: int | None = None) -> IconArray:
    """Draw ``sum(counts)`` person icons in a grid, grouped by category, reading order.

    Grouped (not scattered) arrays are read more accurately; the grid never moves when the
    counts change, only the colours do (:meth:`IconArray.recolour`). More than 100 icons are
    drawn in blocks of 100 (``ICON_BLOCK``; :func:`icon_positions`) unless ``block`` says
    otherwise (0: no blocks).
    """
    size = sum(counts.values())
    columns = columns or icon_columns(size)
    if block is None:
        block = ICON_BLOCK if size > ICON_BLOCK ** 2 and size % ICON_BLOCK ** 2 == 0 \
            and columns % ICON_BLOCK == 0 else 0
    x, y, width, height = icon_positions(size, columns, block=block or None)
    if marker_size is None:   # fill 90% of a grid cell, measured in points on the axes
        fig, box = ax.figure, ax.get_position()
        cell = min(box.width * fig.get_figwidth() / (width + 0.4),
                   box.height * fig.get_figheight() / (height + 0.6)) * 72
        marker_size = (0.9 * cell) ** 2
    collection = ax.scatter(x, y, s=marker_size, marker=PERSON, linewidths=0,
                            c=icon_colours(counts, colours, size))
    ax.set_xlim(-0.7, width - 0.3)
    ax.set_ylim(-0.8, height - 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return IconArray(collection, size // columns, columns)


def icon_grids_with_legend(ax, sizes: dict[int, int], colours: dict[str, str], *,
                           fontsize: float = 13) -> tuple[dict[int, IconArray], object]:
    """The layout of every icon-array chart: ``ax`` without its frame, :func:`icon_grids` over
    it, and under it a legend with one entry per colour in a row, its labels left empty for the
    chart's ``show`` to fill. Returns the grids and the legend."""
    ax.axis("off")
    grids = icon_grids(ax, sizes, colours)
    handles = [matplotlib.patches.Patch(color=c) for c in colours.values()]
    legend = ax.legend(handles, [""] * len(handles), loc="upper center",
                       bbox_to_anchor=(0.5, 0.0), ncol=len(handles), frameon=False,
                       fontsize=fontsize, handlelength=1.2)
    return grids, legend


def icon_grids(ax, sizes: dict[int, int], colours: dict[str, str]) -> dict[int, IconArray]:
    """One icon array per size (``{size: columns}``), each on its own axes laid over ``ax`` so
    that each keeps its own scale. Every icon starts in the first colour; show one grid, with
    its counts, by :func:`show_icon_grid`."""
    first, others = next(iter(colours)), list(colours)[1:]
    grids = {}
    for size, columns in sizes.items():
        grid_ax = ax.figure.add_axes(ax.get_position(), label=f"icons-{size}")
        grids[size] = icon_array(grid_ax, {first: size, **dict.fromkeys(others, 0)}, colours,
                                 columns=columns)
    return grids


def show_icon_grid(grids: dict[int, IconArray], size: int, counts: dict[str, int],
                   colours: dict[str, str], *, what: str = "size") -> dict[str, int]:
    """Make the grid of ``size`` icons the only visible one and colour it by ``counts``.

    ``what`` names the parameter in the error raised for a size without a grid."""
    if size not in grids:
        raise ValueError(f"{what} must be one of {sorted(grids)} to draw it, got {size}")
    for n, grid in grids.items():
        grid.collection.axes.set_visible(n == size)
    grids[size].recolour(counts, colours)
    return counts
