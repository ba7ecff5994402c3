"""Charts of the *Start here* and *Sources and claims* notebooks. Each returns its artists.

- :func:`natural_frequency_figure`: a statistic as people, an icon array of 10, 100 or 1,000;
- :func:`figures_by_publisher_figure`: how many figures each publisher gives, verified or not;
- :func:`qx_by_age_figure`: the NCHS life tables' yearly probability of dying, both sexes;
- :func:`claims_summary_figure`: the verdict on each of the seed documents' claims, recomputed;
- :func:`disagreement_figure`: what each source states and what its wording allows.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib.colors
import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import matplotlib.transforms
import numpy as np
import pandas as pd

from ..text import fmt_count, fmt_number, fmt_percent
from .alt import Described, Description, flat, sentence
from .base import (GRID, PALETTE, ROLE, SECONDARY_WORDS, add_source_line, finish,
                   icon_grids_with_legend, mark_secondary, new_figure, secondary_handle,
                   show_icon_grid, source_line_height, styled)

__all__ = ["NATURAL_FREQUENCY_COLOURS", "NATURAL_FREQUENCY_GRIDS", "NaturalFrequencyArtists",
           "natural_frequency_figure", "PublisherArtists", "figures_by_publisher_figure",
           "QxArtists", "qx_by_age_figure", "ClaimsSummaryArtists", "VERDICT_COLOURS",
           "claims_headline", "claims_summary_figure",
           "DISAGREEMENT_COLOURS", "DisagreementArtists",
           "disagreement_figure", "wrap_title"]

#: icons: people the statistic counts, people a stated range may or may not count, the others
NATURAL_FREQUENCY_COLOURS = {"counted": PALETTE["blue"], "range": PALETTE["sky"],
                             "rest": PALETTE["grey"]}
#: denominators the natural-frequency chart can draw, with the number of icons per row
NATURAL_FREQUENCY_GRIDS = {10: 5, 100: 20, 1000: 50}

#: the two sides of a disagreement, the other sources, and secondary copies
DISAGREEMENT_COLOURS = {"left": PALETTE["orange"], "right": PALETTE["blue"],
                        "other": PALETTE["grey"], "secondary": ROLE["secondary"]}
TITLE_WIDTH = 72        # characters per line of a bold title across a 10-inch figure


def wrap_title(text: str, width: int = TITLE_WIDTH) -> str:
    """A title broken into lines that fit the figure (wrapped once, not at every draw)."""
    return textwrap.fill(text, width=width)


def _title_from_figure_edge(ax, text: str, margin: float = 0.02):
    """A left title that starts at the figure's edge rather than the axes' (long tick labels
    take the space on the left); call after the final ``subplots_adjust``. Returns the Text."""
    box = ax.get_position()
    return ax.set_title(wrap_title(text), loc="left", x=(margin - box.x0) / box.width)


def _finish_bars(ax, *, x_max: float, legend: str, left: float, xlabel: str, title: str):
    """Finish a chart of horizontal bars listed top down: the x range, the legend, the label,
    room for long tick labels on the left, and the title from the figure's edge (its Text)."""
    ax.invert_yaxis()
    ax.set_xlim(0, x_max)
    ax.legend(frameon=False, loc=legend)
    ax.set_xlabel(xlabel)
    ax.figure.subplots_adjust(left=left, right=0.97, top=1 - 1.0 / ax.figure.get_figheight())
    return _title_from_figure_edge(ax, title)


# --- a statistic as people --------------------------------------------------------------------

@dataclass
class NaturalFrequencyArtists(Described):
    """An icon array per denominator (only one visible), the title and the source line."""

    figure: object
    ax: object
    arrays: dict
    legend: object
    title: object
    source: object
    legend_key: tuple = ()   # the legend's entries now (it changes only with the statistic)

    @property
    def dynamic(self) -> list:
        return ([a.collection.axes for a in self.arrays.values()]
                + [self.legend, self.title, self.source])

    def show(self, denominator: int, counted: int, in_range: int, *, title: str,
             source: str) -> dict[str, int]:
        """Colour ``counted`` of ``denominator`` icons (and ``in_range`` more that a stated
        range may count), set the title, the legend and the source line; returns the icon
        counts. The legend names the range only when there is one."""
        icons = {"counted": counted, "range": in_range,
                 "rest": denominator - counted - in_range}
        show_icon_grid(self.arrays, denominator, icons, NATURAL_FREQUENCY_COLOURS,
                       what="denominator")
        # the entries shown fill the legend's first slots; an unused slot is hidden
        words = list(natural_frequency_legend(icons).items())
        self.legend_key = tuple(key for key, _ in words)
        for i, (handle, text) in enumerate(zip(self.legend.legend_handles,
                                               self.legend.get_texts())):
            shown = i < len(words)
            if shown:
                handle.set_color(NATURAL_FREQUENCY_COLOURS[words[i][0]])
            text.set_text(words[i][1] if shown else "")
            text.set_visible(shown)
            handle.set_visible(shown)
        self.title.set_text(wrap_title(title))
        self.source.set_text(source)
        legend = natural_frequency_legend(icons)
        colours = {"counted": "blue", "range": "light blue", "rest": "grey"}
        self.description = Description(
            sentence(f"Icon array of {denominator:,} people, one icon each: "
                     + "; ".join(f"{icons[k]:,} {colours[k]}, {words}"
                                 for k, words in legend.items()), title),
            pd.DataFrame({"icons": [colours[k] for k in legend],
                          "people": [f"{icons[k]:,}" for k in legend],
                          "meaning": list(legend.values())}),
            source)
        return icons


def natural_frequency_legend(icons: dict[str, int]) -> dict[str, str]:
    """The legend of the natural-frequency chart in plain words, one entry per colour shown
    (the counts are in the title; without them the legend changes only with the statistic, and
    an explorer keeps it in that statistic's background).

    >>> natural_frequency_legend({"counted": 2, "range": 1, "rest": 7})
    {'counted': 'the people the statistic counts', 'range': 'more people its range allows', 'rest': 'the people it does not count'}
    >>> list(natural_frequency_legend({"counted": 1, "range": 0, "rest": 9}))
    ['counted', 'rest']
    """
    words = {"counted": "the people the statistic counts"}
    if icons["range"]:
        words["range"] = "more people its range allows"
    words["rest"] = "the people it does not count"
    return words


@styled
def natural_frequency_figure(denominator: int, counted: int, in_range: int = 0, *, title: str,
                             source: str, grids: dict[int, int] | None = None
                             ) -> NaturalFrequencyArtists:
    """A statistic drawn as people: ``counted`` of ``denominator`` icons coloured.

    ``grids`` maps each denominator the chart can show to its icons per row
    (:data:`NATURAL_FREQUENCY_GRIDS`); every grid is drawn once and only the visible one
    changes. Room is kept for a two-line title and a two-line source line.
    """
    grids = grids or NATURAL_FREQUENCY_GRIDS
    fig, ax = new_figure(10, 5.6)
    source_text = add_source_line(fig, "\n")
    fig.subplots_adjust(top=0.84, left=0.02, right=0.98)
    arrays, legend = icon_grids_with_legend(ax, grids, NATURAL_FREQUENCY_COLOURS)
    title_text = ax.set_title("", loc="left")
    artists = NaturalFrequencyArtists(fig, ax, arrays, legend, title_text, source_text)
    artists.show(denominator, counted, in_range, title=title, source=source)
    return artists


# --- figures per publisher --------------------------------------------------------------------

@dataclass
class PublisherArtists(Described):
    figure: object
    ax: object
    verified: object        # BarContainer
    secondary: object       # BarContainer, stacked after the verified bars, hatched
    totals: list            # Text, the total at the end of each bar
    title: object
    source: object


@styled
def figures_by_publisher_figure(counts, *, source: str) -> PublisherArtists:
    """Stacked horizontal bars: each publisher's verified and secondary figures.

    ``counts`` is :func:`allstats.provenance.figures_by_publisher` (publisher, verified,
    secondary, total). Secondary figures are hatched and purple.
    """
    # whole names, on two lines where they are long (never cut short)
    names = [textwrap.fill(p.split(" (")[0], 44) for p in counts["publisher"]]
    lines = max(name.count("\n") + 1 for name in names)
    y = np.arange(len(counts))
    fig, ax = new_figure(10, 1.9 + (0.36 if lines == 1 else 0.46) * len(counts))
    source_text = add_source_line(fig, source)
    verified = ax.barh(y, counts["verified"], color=PALETTE["blue"], height=0.7,
                       label="verified at the publisher or a seed document")
    some = (counts["secondary"] > 0).to_numpy()
    secondary = ax.barh(y[some], counts["secondary"][some], left=counts["verified"][some],
                        height=0.7, label="secondary source (seen only in a copy)")
    for bar in secondary:
        mark_secondary(bar, True)
    totals = [ax.text(total + 0.8, yi, fmt_count(total), va="center", fontsize=12)
              for total, yi in zip(counts["total"], y)]
    ax.set_yticks(y, names, fontsize=12, linespacing=1.05)
    top = counts.iloc[0]
    total, secondary_total = int(counts["total"].sum()), int(counts["secondary"].sum())
    title = _finish_bars(
        ax, x_max=counts["total"].max() * 1.12, legend="center right", left=0.42,
        xlabel="figures (rows of the data package)",
        title=f"{top['publisher'].split(' (')[0]} gives {fmt_count(top['total'])} of the "
              f"{fmt_count(total)} figures; {fmt_count(secondary_total)} come from secondary "
              "copies")
    artists = PublisherArtists(fig, ax, verified, secondary, totals, title, source_text)
    artists.description = Description(
        sentence(f"Bar chart of the figures each of {len(counts)} publishers gives, longest "
                 "first: verified at the publisher (blue) and read only in a secondary copy "
                 "(purple, hatched)", title.get_text()),
        pd.DataFrame({"publisher": [flat(n) for n in names],
                      "verified": [fmt_count(n) for n in counts["verified"]],
                      "secondary": [fmt_count(n) for n in counts["secondary"]],
                      "all": [fmt_count(n) for n in counts["total"]]}),
        source_text.get_text())
    return artists


# --- life tables ------------------------------------------------------------------------------

@dataclass
class QxArtists(Described):
    figure: object
    ax: object
    lines: dict             # {"male": Line2D, "female": Line2D}
    title: object
    source: object


@styled
def qx_by_age_figure(life_tables, *, source: str) -> QxArtists:
    """The probability of dying within a year (qx) by age, males and females, log scale.

    ``life_tables`` is ``allstats.load("us_life_tables_2019")``.
    """
    fig, ax = new_figure(10, 6)
    source_text = add_source_line(fig, source)
    lines = {}
    by_sex = {sex: t.sort_values("age") for sex, t in life_tables.groupby("sex")}
    for sex in ("male", "female"):
        table = by_sex[sex]
        (lines[sex],) = ax.plot(table["age"], table["qx"], color=ROLE[sex], linewidth=2.5,
                                label=f"{sex}s")
    ax.set_yscale("log")
    ax.legend(frameon=False, loc="upper left")
    ax.grid(True, which="major", axis="y", color=GRID)
    ax.set_axisbelow(True)
    male, female = by_sex["male"].set_index("age")["qx"], by_sex["female"].set_index("age")["qx"]
    ages = male.index.intersection(female.index)
    higher = int((male[ages] > female[ages]).sum())
    lowest = {sex: int(t.loc[t["qx"].idxmin(), "age"]) for sex, t in by_sex.items()}
    youngest = min(lowest.values())
    oldest = max(lowest.values())
    low_ages = f"{youngest}" if youngest == oldest else f"{youngest}–{oldest}"
    finish(ax, title="", xlabel="age x (years)",
           ylabel="qx: probability of dying\nbefore age x + 1 (log scale)")
    fig.subplots_adjust(right=0.97, top=1 - 1.0 / fig.get_figheight())
    title = _title_from_figure_edge(
        ax, f"The chance of dying within a year is lowest around age {low_ages}; it is higher "
            f"for males at {fmt_count(higher)} of {fmt_count(len(ages))} ages")
    artists = QxArtists(fig, ax, lines, title, source_text)
    artists.description = Description(
        sentence(f"Line chart on a log scale of the probability of dying within a year (qx) at "
                 f"each age from {int(ages.min())} to {int(ages.max())}, one line for males and "
                 "one for females", title.get_text()),
        pd.DataFrame({"age": [str(int(a)) for a in ages],
                      "qx, males": [f"{male[a]:.6f}" for a in ages],
                      "qx, females": [f"{female[a]:.6f}" for a in ages]}),
        source_text.get_text())
    return artists


# --- claims -----------------------------------------------------------------------------------

@dataclass
class ClaimsSummaryArtists(Described):
    figure: object
    ax: object
    bars: dict              # verdict -> BarContainer, stacked in the order of VERDICT_COLOURS
    labels: list
    title: object
    source: object


#: the verdicts of :func:`allstats.claims`, in the order they are stacked, with their colours
VERDICT_COLOURS = {"consistent with the data": PALETTE["blue"],
                   "not consistent with the data": PALETTE["vermillion"],
                   "arithmetic identity": PALETTE["grey"],
                   "cannot be checked from these data": PALETTE["yellow"]}


def claims_headline(claims) -> str:
    """The seeds' own statements set apart from arithmetic checks: 'Of the N statements of the
    two seed documents that other data can test, X are consistent with them and Y are not; ...'.
    ``claims`` is :func:`allstats.claims`."""
    seed = claims[claims["seed"]]
    tested = seed[seed["verdict"].isin(list(VERDICT_COLOURS)[:2])]
    consistent = int((tested["verdict"] == "consistent with the data").sum())
    identities = int((claims["verdict"] == "arithmetic identity").sum())
    unchecked = int((claims["verdict"] == "cannot be checked from these data").sum())
    return (f"Of the seed documents' {fmt_count(len(tested))} statements that other data can "
            f"test, {fmt_count(consistent)} are consistent and {fmt_count(len(tested) - consistent)}"
            f" are not; {fmt_count(identities)} checks are arithmetic on a source's own numbers; "
            f"{fmt_count(unchecked)} cannot be checked")


@styled
def claims_summary_figure(claims, *, source: str) -> ClaimsSummaryArtists:
    """Stacked horizontal bars by topic: how many claims get each verdict.

    ``claims`` is :func:`allstats.claims`; the title is :func:`claims_headline`.
    """
    counts = (claims.groupby(["topic", "verdict"], sort=False).size().unstack(fill_value=0)
              .reindex(columns=list(VERDICT_COLOURS), fill_value=0))
    counts["count"] = counts.sum(axis=1)
    counts = counts.sort_values("count", ascending=False, kind="stable")
    y = np.arange(len(counts))
    fig, ax = new_figure(10, 2.6 + 0.5 * len(counts))
    source_text = add_source_line(fig, source)
    bars, left = {}, np.zeros(len(counts))
    for verdict, colour in VERDICT_COLOURS.items():
        bars[verdict] = ax.barh(y, counts[verdict], left=left, color=colour, height=0.65,
                                label=verdict)
        left = left + counts[verdict].to_numpy()
    labels = [ax.text(total + 0.3, yi, fmt_count(total), va="center", fontsize=13)
              for total, yi in zip(counts["count"], y)]
    ax.set_yticks(y, [t.replace("_", " ") for t in counts.index])
    title = _finish_bars(
        ax, x_max=counts["count"].max() * 1.2, legend="lower right", left=0.2,
        xlabel="claims (one per year, source or pair of sources compared)",
        title=claims_headline(claims))
    artists = ClaimsSummaryArtists(fig, ax, bars, labels, title, source_text)
    colours = {"consistent with the data": "blue", "not consistent with the data": "vermillion",
               "arithmetic identity": "grey", "cannot be checked from these data": "yellow"}
    table = pd.DataFrame({"topic": [t.replace("_", " ") for t in counts.index]})
    for verdict in VERDICT_COLOURS:
        table[verdict] = [fmt_count(n) for n in counts[verdict]]
    table["claims"] = [fmt_count(n) for n in counts["count"]]
    artists.description = Description(
        sentence("Stacked bar chart of the seed documents' checkable claims by topic, one colour "
                 "per verdict: " + ", ".join(f"{v} ({colours.get(v, 'colour')})"
                                             for v in VERDICT_COLOURS), title.get_text()),
        table, source_text.get_text())
    return artists


# --- where sources disagree -------------------------------------------------------------------

@dataclass
class DisagreementArtists(Described):
    """One slot per statement: a bar (what the wording allows), a dot (the number as written),
    a label (who says it) and the figure as stated. Unused slots are hidden."""

    figure: object
    ax: object
    bars: object            # BarContainer, one Rectangle per slot
    dots: object            # PathCollection, one point per slot
    labels: list            # Text per slot
    values: list            # Text per slot
    title: object
    source: object
    unit: str

    @property
    def slots(self) -> int:
        return len(self.labels)

    @property
    def dynamic(self) -> list:
        return [*self.bars, self.dots, *self.labels, *self.values, self.title]

    def colour_of(self, disagreement, index: int) -> str:
        statement = disagreement.statements[index]
        if statement.secondary:
            return DISAGREEMENT_COLOURS["secondary"]
        if index in disagreement.left:
            return DISAGREEMENT_COLOURS["left"]
        if index in disagreement.right:
            return DISAGREEMENT_COLOURS["right"]
        return DISAGREEMENT_COLOURS["other"]

    def set_axis(self, unit: str, axis_max: float) -> bool:
        """Set the x axis for ``unit``; returns whether it changed (a static part)."""
        changed = (unit, axis_max) != (self.unit, self.ax.get_xlim()[1])
        self.unit = unit
        self.ax.set_xlim(0, axis_max)
        self.ax.set_xlabel("percent of the group the source describes (%)" if unit == "percent"
                           else "people (estimated count)")
        self.ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        return changed

    def show(self, disagreement) -> list[tuple[float, float]]:
        """Draw ``disagreement`` in place; returns the (low, high) drawn in each used slot.

        The x axis is not changed here: call :meth:`set_axis` first when the unit changes.
        """
        statements = disagreement.statements
        if len(statements) > self.slots:
            raise ValueError(f"{len(statements)} statements do not fit in {self.slots} slots")
        offsets, faces, drawn = [], [], []
        for i in range(self.slots):
            bar, label, value = self.bars[i], self.labels[i], self.values[i]
            used = i < len(statements)
            for artist in (bar, label, value):
                artist.set_visible(used)
            if not used:
                offsets.append((np.nan, np.nan))
                faces.append(DISAGREEMENT_COLOURS["other"])
                continue
            s = statements[i]
            colour = self.colour_of(disagreement, i)
            bar.set_x(s.low)
            bar.set_width(s.high - s.low)
            # a bar under a dot is paler, so that the dot stands out; a secondary source's bar
            # is the secondary purple, hatched, like every secondary figure
            mark_secondary(bar, s.secondary,
                           matplotlib.colors.to_rgba(colour, 0.9 if s.value is None else 0.4))
            offsets.append((s.value if s.value is not None else np.nan, i))
            faces.append(colour)
            label.set_text(s.label + (f" — {SECONDARY_WORDS}" if s.secondary
                                      and "secondary" not in s.label else ""))
            if s.computed:      # the number drawn is derived from the row, say so
                number = (fmt_percent(round(s.value, 1)) if self.unit == "percent"
                          else fmt_count(s.value))
                value.set_text(f"{number} (computed)")
            else:
                value.set_text(s.stated)
            # the stated figure sits right of the bar, or left of it near the axis end
            near_end = s.high > 0.72 * self.ax.get_xlim()[1]
            value.xy = (s.low if near_end else s.high, i)
            value.xyann = (-8 if near_end else 8, 0)
            value.set_horizontalalignment("right" if near_end else "left")
            drawn.append((s.low, s.high))
        self.dots.set_offsets(offsets)
        self.dots.set_facecolor(faces)
        # the rows in use fill the axes: no empty band under a shorter comparison
        self.ax.set_ylim(len(statements) - 0.5, -0.85)
        self.title.set_text(wrap_title(disagreement.finding))
        unit = "%" if self.unit == "percent" else " people"
        self.description = Description(
            sentence(f"Chart of {len(statements)} statements, one row each: a dot at the number "
                     "as written and a bar over what its words allow; the two sides quoted are "
                     "orange and blue, other sources grey, secondary sources purple and hatched",
                     disagreement.finding),
            pd.DataFrame({"source": [s.label for s in statements],
                          "says": [s.stated for s in statements],
                          "its words allow": [f"{fmt_number(lo)}{unit} to {fmt_number(hi)}{unit}"
                                              if lo != hi else f"{fmt_number(lo)}{unit}"
                                              for lo, hi in drawn],
                          "seen in": [SECONDARY_WORDS if s.secondary else "the source itself"
                                      for s in statements]}),
            self.source.get_text(), quotes=[s.quote_as_read for s in statements])
        return drawn


@styled
def disagreement_figure(disagreement, *, source: str,
                        slots: int | None = None) -> DisagreementArtists:
    """What each source states (dot) and what its wording allows (bar), one row per statement.

    "about 85%" is drawn as the numbers that round to it, a range as its bounds, "less than
    50%" from 0 to 50. Statements quoted side by side are orange (left) and blue (right), other
    sources grey; secondary sources purple and hatched. ``slots`` reserves rows for an explorer
    that shows other disagreements in the same figure.
    """
    slots = slots or len(disagreement.statements)
    height = 3.2 + 0.62 * slots
    fig, ax = new_figure(10, height)
    source_text = add_source_line(fig, source)
    # from the bottom: the source line, the legend, the x axis label and ticks, the axes
    source_height = source_line_height(fig, source_text) * height + 0.1
    legend_bottom = source_height + 0.08
    fig.subplots_adjust(top=1 - 0.95 / height, bottom=(legend_bottom + 0.65 + 0.75) / height,
                        left=0.03, right=0.97)
    y = np.arange(slots)
    bars = ax.barh(y, np.zeros(slots), height=0.32, edgecolor="none", linewidth=0)
    dots = ax.scatter(np.zeros(slots), y, s=90, zorder=3, edgecolors="black", linewidths=1.2)
    label_transform = matplotlib.transforms.blended_transform_factory(ax.transAxes, ax.transData)
    labels = [ax.text(0.0, yi - 0.4, "", transform=label_transform, va="center", ha="left",
                      fontsize=13) for yi in y]
    values = [ax.annotate("", (0, yi), xytext=(8, 0), textcoords="offset points", va="center",
                          ha="left", fontsize=13, fontweight="bold") for yi in y]
    ax.set_ylim(slots - 0.5, -0.85)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.grid(True, axis="x", color=GRID)
    ax.set_axisbelow(True)
    handles = [matplotlib.patches.Patch(color=DISAGREEMENT_COLOURS[k], label=text) for k, text in
               (("left", "quoted on the left"), ("right", "quoted on the right"),
                ("other", "other sources"))]
    handles.append(secondary_handle())
    handles.append(matplotlib.lines.Line2D([], [], marker="o", linestyle="none", markersize=9,
                                           markerfacecolor="white", markeredgecolor="black",
                                           label="the number as written"))
    handles.append(matplotlib.patches.Patch(color=PALETTE["grey"], alpha=0.4,
                                            label="what the wording allows"))
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, legend_bottom / height),
               ncol=3, frameon=False, fontsize=12, handlelength=1.2)
    title = ax.set_title("", loc="left")
    artists = DisagreementArtists(fig, ax, bars, dots, labels, values, title, source_text,
                                  disagreement.unit)
    artists.set_axis(disagreement.unit, disagreement.axis_max)
    artists.show(disagreement)
    return artists
