"""The house style and the building blocks of every chart. Every function returns its artists.

House style (``STYLE``): type sizes readable on a projector, the Okabe–Ito colour-blind-safe
palette (``PALETTE``), a title that states the finding, labelled axes with units, and a source
line under the chart (:func:`add_source_line`).
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
           "IconArray", "icon_array", "icon_colours", "icon_grids", "show_icon_grid"]

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

SOURCE_FONT_SIZE = 11

#: how every chart marks a figure read only in a secondary source (with ROLE["secondary"])
SECONDARY_HATCH = "////"


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


@styled
def icon_array(ax, counts: dict[str, int], colours: dict[str, str], *, columns: int | None = None,
               marker_size: float | None = None) -> IconArray:
    """Draw ``sum(counts)`` person icons in a grid, grouped by category, reading order.

    Grouped (not scattered) arrays are read more accurately; the grid never moves when the
    counts change, only the colours do (:meth:`IconArray.recolour`).
    """
    size = sum(counts.values())
    columns = columns or int(np.ceil(np.sqrt(size * 1.6)))
    rows = int(np.ceil(size / columns))
    if rows * columns != size:
        raise ValueError(f"{size} icons do not fill a grid of {columns} columns")
    index = np.arange(size)
    x, y = index % columns, rows - 1 - index // columns
    if marker_size is None:   # fill 90% of a grid cell, measured in points on the axes
        fig, box = ax.figure, ax.get_position()
        cell = min(box.width * fig.get_figwidth() / (columns + 0.4),
                   box.height * fig.get_figheight() / (rows + 0.6)) * 72
        marker_size = (0.9 * cell) ** 2
    collection = ax.scatter(x, y, s=marker_size, marker=PERSON, linewidths=0,
                            c=icon_colours(counts, colours, size))
    ax.set_xlim(-0.7, columns - 0.3)
    ax.set_ylim(-0.8, rows - 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return IconArray(collection, rows, columns)


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
