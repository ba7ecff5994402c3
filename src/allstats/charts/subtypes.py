"""Charts of the subtypes notebook: B and T cells, genetic changes, remission, treatment time.

They draw the frames of :mod:`allstats.subtypes`. How a statement is drawn follows what its
words allow (:func:`allstats.statements.share_allowed`, the same reading everywhere):

- a range ("20% to 30%") is a bar from its low to its high end;
- "about 85%" is a dot, with a faint band of the rounding that "about" allows
  ("about 25" covers 22.5 to 27.5);
- "more than 95%" / "at least" is a dot with a light arrow to 100%: somewhere above the bound;
- "up to 50%" / "less than" is a light bar from 0 to the bound: somewhere below it.

In icon arrays of 100 people (:func:`icon_counts_for`), a point is the number as written, a
range or bound solid to its lower end and a lighter band to its upper end.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib.lines
import matplotlib.patches
import numpy as np
import pandas as pd

from ..arithmetic import natural_frequency
from ..catalogue import TREATMENT
from ..statements import as_people, describe, share_allowed
from ..text import fmt_number
from .alt import Described, Description, sentence
from .base import (GRID, PALETTE, ROLE, SECONDARY_WORDS, STYLE, TEXT, add_source_line,
                   icon_array, label_colour, mark_secondary, new_figure, secondary_handle,
                   source_line_height, styled, text_colour)

__all__ = [
    "icon_counts_for", "population_colour", "SPLIT_COLOURS", "RANGE_ICON_COLOURS",
    "BTSplitArtists", "bt_split_figure",
    "QualifiedArtists", "qualified_figures_figure", "genetics_figure", "remission_figure",
    "TreatmentArtists", "treatment_timeline_figure",
    "RangeIconsArtists", "range_icons_figure", "RANGE_ICON_WORDS", "RANGE_ICON_COLOUR_WORDS",
    "range_icon_key",
]

SPLIT_COLOURS = {"B": PALETTE["blue"], "T": PALETTE["green"], "not stated": "#F2F2F2"}
#: icons: the share (or its lower end), the rest of its range, everybody else
RANGE_ICON_COLOURS = {"solid": PALETTE["blue"], "band": PALETTE["sky"], "rest": "#D9D9D9"}
_SECONDARY = SECONDARY_WORDS


def icon_counts_for(row, size: int = 100) -> dict[str, int]:
    """How many of ``size`` icons are solid, light (the rest of a range) and grey (everybody
    else): 20% to 30% of 100 -> 20 solid, 10 light, 70 grey; more than 95% -> 95 solid, 5 light;
    up to 50% -> 0 solid, 50 light; about 85% -> 85 solid (a point is drawn as written).

    Each end is rounded to whole people with :func:`allstats.natural_frequency`.

    >>> icon_counts_for({"qualifier": "range", "low": 20, "high": 30, "unit": "percent"})
    {'solid': 20, 'band': 10, 'rest': 70}
    """
    interval = share_allowed(row)
    if interval.kind == "point":
        low = high = natural_frequency(interval.value, size)[0]
    else:
        low = natural_frequency(interval.low, size)[0]
        high = natural_frequency(interval.high, size)[0]
    return {"solid": low, "band": high - low, "rest": size - high}


def population_colour(population: str) -> str:
    """Children sky blue, adults (and people over 60) vermillion, everybody else blue."""
    text = population.lower()
    if "children" in text:
        return ROLE["children"]
    if "adult" in text or "over the age" in text:
        return ROLE["adults"]
    return PALETTE["blue"]


# --- B and T cells -----------------------------------------------------------------------------

@dataclass
class BTSplitArtists(Described):
    figure: object
    ax: object
    bars: dict
    title: object
    source: object


@styled
def bt_split_figure(split: pd.DataFrame, *, source: str) -> BTSplitArtists:
    """One 100% bar per source and population (:func:`allstats.subtypes.bt_split`): B cells,
    T cells, and what the source leaves unsaid (light grey, outlined). Populations are labelled;
    a secondary row's bars are purple and hatched, and its label says so.

    The title sets the share of B-cell ALL among everybody with ALL against adults.
    """
    fig, ax = new_figure(11.5, 1.6 + 0.95 * len(split))
    source_text = add_source_line(fig, source)
    y = np.arange(len(split))
    bars = {}
    for yi, (fid, row) in zip(y, split.iterrows()):
        secondary = row["verification"] == "secondary"
        left = 0.0
        parts = [("B", row["b"], row["b_text"]), ("T", row["t"], row["t_text"]),
                 ("not stated", row["not_stated"], "")]
        for part, width, words in parts:
            if np.isnan(width) or width <= 0:
                continue
            stated = part != "not stated"
            bar = ax.barh(yi, width, left=left, height=0.62, color=SPLIT_COLOURS[part],
                          edgecolor="white" if stated else "#767676",
                          linewidth=0 if stated else 0.8)[0]
            mark_secondary(bar, secondary and stated)
            bars[(fid, part)] = bar
            narrow = width < 30
            text = (f"{part}{chr(10) if narrow else ': '}{words}" if stated else
                    "not\nstated" if narrow else "not stated by this source")
            fill = bar.get_facecolor()
            # on a hatched bar the words sit on a box of the bar's own colour
            ax.text(left + width / 2, yi, text, ha="center", va="center", fontsize=12,
                    color=label_colour(fill) if stated else "#333333", fontweight="bold",
                    bbox=dict(facecolor=fill, edgecolor="none", pad=1.5)
                    if secondary and stated else None)
            left += width
    labels = [f"{row['population']}\n{row['caption']}"
              + (f"\n({_SECONDARY})" if row["verification"] == "secondary" else "")
              for _, row in split.iterrows()]
    ax.set_yticks(y, labels, fontsize=11)
    for tick, (_, row) in zip(ax.get_yticklabels(), split.iterrows()):
        tick.set_color(TEXT["purple"] if row["verification"] == "secondary"
                       else text_colour(population_colour(row["population"])))
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of people with ALL in each group (%)")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    everyone = split[split["population"] == "people with ALL"].iloc[0]
    adults = split[split["population"] == "adults with ALL"].iloc[0]
    title = fig.suptitle(
        f"B-cell ALL: {everyone['b_text']} of people with ALL, but {adults['b_text']} "
        "adults:\nthe sources describe different groups", x=0.02, ha="left", fontweight="bold",
        fontsize=STYLE["axes.titlesize"])
    fig.subplots_adjust(left=0.3, right=0.98, top=1 - 1.0 / fig.get_figheight())
    artists = BTSplitArtists(fig, ax, bars, title, source_text)
    artists.description = Description(
        sentence("Bars of 100%, one per source and group of people: the share of B-cell ALL, "
                 "the share of T-cell ALL, and the part the source does not state",
                 title.get_text()),
        pd.DataFrame({"group": list(split["population"]), "source": list(split["caption"]),
                      "B cells": list(split["b_text"]),
                      "T cells": [t if isinstance(t, str) and t else "not stated"
                                  for t in split["t_text"]],
                      "seen in": [_SECONDARY if v == "secondary" else "the source itself"
                                  for v in split["verification"]]}),
        source_text.get_text())
    return artists


# --- statements with their qualifiers ----------------------------------------------------------

@dataclass
class QualifiedArtists(Described):
    figure: object
    ax: object
    marks: dict
    captions: dict
    title: object
    source: object


@styled
def qualified_figures_figure(rows: pd.DataFrame, *, title: str, source: str,
                             xlabel: str = "Share (%)") -> QualifiedArtists:
    """One line per statement, drawn by its qualifier (see the module's docstring), coloured by
    the population it describes; a caption above each line names what (``name``), who and
    which source (``caption``). ``rows`` is :func:`allstats.subtypes.statement_rows`.
    """
    n = len(rows)
    fig, ax = new_figure(11, 1.9 + 0.78 * n)
    source_text = add_source_line(fig, source)
    marks, captions, notes = {}, {}, []
    for yi, (_, row) in enumerate(rows.iterrows()):
        fid = row["id"]
        interval = share_allowed(row)
        secondary = row["verification"] == "secondary"
        colour = ROLE["secondary"] if secondary else population_colour(row["population"])
        drawn = []
        if interval.kind == "range":
            drawn.append(ax.barh(yi, interval.high - interval.low, left=interval.low, height=0.34,
                                 color=colour, edgecolor="white", linewidth=0)[0])
            mark_secondary(drawn[-1], secondary)
            end = interval.high
        elif interval.kind == "point":
            if interval.high > interval.low:        # "about": the rounding it allows
                drawn.append(ax.barh(yi, interval.high - interval.low, left=interval.low,
                                     height=0.34, color=colour, alpha=0.25, edgecolor="white",
                                     linewidth=0)[0])
                mark_secondary(drawn[-1], secondary)
            drawn.append(ax.plot(interval.value, yi, marker="o", markersize=11, color=colour,
                                 markerfacecolor="white" if secondary else colour,
                                 markeredgewidth=2.5, linestyle="none")[0])
            end = interval.high
        elif interval.kind == "lower bound":
            drawn.append(ax.annotate("", xy=(100, yi), xytext=(interval.value, yi),
                                     arrowprops=dict(arrowstyle="-|>", color=colour, alpha=0.45,
                                                     linewidth=5, mutation_scale=22)))
            drawn.append(ax.plot(interval.value, yi, marker="|", markersize=22,
                                 markeredgewidth=4, color=colour)[0])
            end = 100.0
        else:   # upper bound: somewhere from 0 up to the value
            drawn.append(ax.barh(yi, interval.value, left=0, height=0.34, color=colour,
                                 alpha=0.3, edgecolor="white", linewidth=0)[0])
            mark_secondary(drawn[-1], secondary)
            drawn.append(ax.plot(interval.value, yi, marker="|", markersize=22,
                                 markeredgewidth=4, color=colour)[0])
            end = interval.value
        words = describe(row)
        if end > 92:      # no room on the right: write it on the left of the statement
            start = interval.value if interval.kind == "lower bound" else interval.low
            ax.annotate(words, (start, yi),
                        xytext=(-10, 0), textcoords="offset points", ha="right", va="center",
                        fontsize=12, fontweight="bold", color=text_colour(colour))
        else:
            ax.annotate(words, (end, yi), xytext=(8, 0), textcoords="offset points",
                        va="center", fontsize=12, fontweight="bold", color=text_colour(colour))
        marks[fid] = drawn
        what = row["name"]
        population, _, note = row["population"].partition(" (")
        if note:          # a caveat on the population goes in a footnote under the chart
            notes.append(f"{'†' * len(notes + [0])} {row['population']}")
            population += "†" * len(notes)
        caption = f"{what} · {population} · {row['caption']}"
        if secondary:
            caption += f" · {_SECONDARY.upper()}"
        captions[fid] = ax.text(0, yi - 0.3, caption, ha="left", va="bottom", fontsize=11.5,
                                color=TEXT["purple"] if secondary else "#222222")
    ax.set_ylim(n - 0.5, -0.9)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlim(0, 112)
    ax.set_xticks(np.arange(0, 101, 10))
    ax.spines["bottom"].set_bounds(0, 100)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color=GRID)
    ax.set_axisbelow(True)
    key = [matplotlib.patches.Patch(color=PALETTE["grey"]),
           matplotlib.lines.Line2D([], [], marker="o", color=PALETTE["grey"], linestyle="none",
                                   markersize=10),
           matplotlib.patches.FancyArrow(0, 0, 1, 0, color=PALETTE["grey"], alpha=0.5),
           secondary_handle()]
    height = fig.get_figheight()
    above_source = source_line_height(fig, source_text, padding_pt=10)
    fig.legend(key, ["range", "about (band: the rounding)", "more than / up to", _SECONDARY],
               loc="lower center", bbox_to_anchor=(0.5, above_source - 0.05 / height), ncol=4,
               frameon=False,
               fontsize=12, handlelength=1.6)
    title_text = fig.suptitle(title, x=0.02, ha="left", fontweight="bold",
                              fontsize=STYLE["axes.titlesize"])
    if notes:
        fig.text(0.02, above_source + 0.4 / height, "\n".join(notes), fontsize=11,
                 ha="left", va="bottom", color="#333333")
    fig.subplots_adjust(left=0.03, right=0.97, top=1 - 1.05 / height,
                        bottom=above_source + (0.95 + 0.25 * len(notes)) / height)
    artists = QualifiedArtists(fig, ax, marks, captions, title_text, source_text)
    artists.description = Description(
        sentence(f"Chart of {n} statements, one row each, drawn as their words allow "
                 f"({xlabel}): a bar for a range, a dot for a single figure with a faint band "
                 "for the rounding that “about” allows, an arrow to 100% for “more than”, a "
                 "bar from 0 for “up to”", title, *notes),
        pd.DataFrame({"statement": list(rows["name"]), "group": list(rows["population"]),
                      "source": list(rows["caption"]),
                      "says": [describe(r) for _, r in rows.iterrows()],
                      "its words allow": [_allows(share_allowed(r))
                                          for _, r in rows.iterrows()],
                      "seen in": [_SECONDARY if v == "secondary" else "the source itself"
                                  for v in rows["verification"]]}),
        source_text.get_text())
    return artists


def _allows(interval) -> str:
    """What a statement's words allow, in percent ("75% to 85%", "more than 95%")."""
    if interval.kind == "lower bound":
        return f"more than {fmt_number(interval.value)}%"
    if interval.kind == "upper bound":
        return f"up to {fmt_number(interval.value)}%"
    if interval.low == interval.high:
        return f"{fmt_number(interval.value)}%"
    return f"{fmt_number(interval.low)}% to {fmt_number(interval.high)}%"


def genetics_figure(rows: pd.DataFrame, *, source: str) -> QualifiedArtists:
    """The Philadelphia chromosome, Ph-like ALL and normal karyotype, each as its source states it.

    ``rows``: :func:`allstats.subtypes.statement_rows` of :data:`allstats.catalogue.GENETICS`,
    the guide's first. The title sets the guide's range for adults against the highest bound
    for older patients.
    """
    guide = rows.iloc[0]
    older = rows[rows["population"].str.contains("over the age")]
    extra = (f"; {describe(older.iloc[0])} of {older.iloc[0]['population']} "
             f"({older.iloc[0]['caption'].split(' (')[0]})") if len(older) else ""
    title = (f"Philadelphia chromosome: {describe(guide)} of {guide['population']} "
             f"({guide['caption'].split(' (')[0]}){extra}")
    if len(title) > 75:
        title = title.replace("; ", ";\n", 1)
    return qualified_figures_figure(rows, title=title, source=source,
                                    xlabel="Share of the group (%)")


def remission_figure(rows: pd.DataFrame, *, source: str) -> QualifiedArtists:
    """Complete remission in children and adults, from the guide and the other sources.

    ``rows``: :func:`allstats.subtypes.statement_rows` of :data:`allstats.catalogue.REMISSION`,
    the guide's children first. The title gives the guide's children's figure and the span of
    the adults' statements.
    """
    children = rows.iloc[0]
    adults = [share_allowed(r) for _, r in rows.iterrows()
              if r["population"].startswith("adults")]
    low = min(i.low for i in adults)
    high = max(i.high for i in adults)
    title = (f"Complete remission: {describe(children)} of children (the guide);\nfor adults "
             f"the sources give from {fmt_number(low)}% to {fmt_number(high)}%")
    return qualified_figures_figure(rows, title=title, source=source,
                                    xlabel="Share of the group who reach remission (%)")


# --- treatment timeline ------------------------------------------------------------------------

@dataclass
class TreatmentArtists(Described):
    figure: object
    axes: tuple
    solid: dict
    extension: dict
    title: object
    source: object


_SOURCE_COLOURS = (PALETTE["blue"], PALETTE["green"], PALETTE["orange"], PALETTE["purple"])


@styled
def treatment_timeline_figure(phases: pd.DataFrame, *, source: str,
                              horizon_months: float | None = None) -> TreatmentArtists:
    """A Gantt-like chart in months since diagnosis: solid to the shortest stated duration, a
    lighter extension to the longest, an arrow when open-ended ('at least'), a question mark
    where no duration is given. The treatment of a recurrence, which may start at any time, is
    drawn below on its own axis (months from its own start). Bars are coloured by source.
    ``phases`` is :func:`allstats.subtypes.treatment_phases`.
    """
    main = phases[phases["since"] == "diagnosis"].reset_index(drop=True)
    other = phases[phases["since"] != "diagnosis"].reset_index(drop=True)
    ends = (main["start"] + main["longest"].fillna(main["shortest"])).dropna()
    x_max = horizon_months or float(np.ceil((ends.max() + 6) / 12) * 12)
    fig = new_figure(12, 3.4 + 0.8 * len(phases))[0]
    fig.clear()
    source_text = add_source_line(fig, source)
    height = fig.get_figheight()
    legend_y = source_line_height(fig, source_text, padding_pt=8)
    grid = fig.add_gridspec(2, 1, height_ratios=[1.25 * len(main), max(1, len(other)) + 0.5],
                            hspace=0.75, left=0.3, right=0.97, top=1 - 1.05 / height,
                            bottom=legend_y + 1.3 / height)
    ax = fig.add_subplot(grid[0])
    ax_other = fig.add_subplot(grid[1], sharex=ax)
    sources = list(dict.fromkeys(phases["source_id"]))
    colours = {s: _SOURCE_COLOURS[i % len(_SOURCE_COLOURS)] for i, s in enumerate(sources)}
    solid, extension = {}, {}
    for axis, frame in ((ax, main), (ax_other, other)):
        for yi, (_, row) in enumerate(frame.iterrows()):
            colour = colours[row["source_id"]]
            name = row["phase"]
            if np.isnan(row["shortest"]):
                axis.text(row["start"], yi, "?  ", ha="left", va="center", fontsize=16,
                          fontweight="bold", color=text_colour(colour))
                axis.annotate(f"{row['stated']} ({row['caption'].split(' (')[0]})",
                              (row["start"], yi), xytext=(22, 0), textcoords="offset points",
                              va="center", fontsize=12, style="italic", color="#333333")
                continue
            solid[name] = axis.barh(yi, row["shortest"], left=row["start"], height=0.5,
                                    color=colour, linewidth=0)[0]
            end = row["start"] + row["shortest"]
            if row["open_ended"]:
                extension[name] = axis.annotate(
                    "", xy=(x_max, yi), xytext=(end, yi),
                    arrowprops=dict(arrowstyle="-|>", color=colour, alpha=0.4, linewidth=9,
                                    mutation_scale=26, shrinkA=0, shrinkB=0))
                label_x = end
            elif row["longest"] > row["shortest"]:
                extension[name] = axis.barh(yi, row["longest"] - row["shortest"], left=end,
                                            height=0.5, color=colour, alpha=0.35,
                                            linewidth=0)[0]
                label_x = row["start"] + row["longest"]
            else:
                label_x = end
            months = (f"{fmt_number(round(row['shortest'], 1))} to "
                      f"{fmt_number(round(row['longest'], 1))} months"
                      if row["longest"] > row["shortest"] else
                      f"{fmt_number(round(row['shortest'], 1))} months"
                      + (" or more" if row["open_ended"] else ""))
            inside = label_x > 0.7 * x_max and not row["open_ended"] and label_x == end
            axis.annotate(f"{row['stated']} = {months}", (label_x, yi),
                          xytext=(-8 if inside else 6, 12 if row["open_ended"] else 0),
                          textcoords="offset points", ha="right" if inside else "left",
                          va="bottom" if row["open_ended"] else "center", fontsize=12,
                          fontweight="bold",
                          color=label_colour(colour) if inside else text_colour(colour))
        ticks = [f"{r['phase']}\n({r['start_note']})" if r["start_note"].startswith(
                     ("start not given", "after treatment")) else r["phase"]
                 for _, r in frame.iterrows()]
        axis.set_yticks(np.arange(len(frame)), ticks, fontsize=12.5)
        axis.set_ylim(len(frame) - 0.4, -0.6)
        axis.tick_params(axis="y", length=0)
        axis.spines["left"].set_visible(False)
        axis.grid(axis="x", color=GRID)
        axis.set_axisbelow(True)
    ax.set_xlim(0, x_max)
    ax.set_xticks(np.arange(0, x_max + 1, 12))
    ax.set_xlabel("Months since diagnosis (12 months = 1 year; a week = 7 / 30.44 of a month)")
    ax_other.set_xlabel("Months from the start of that treatment (it may begin at any time)")
    ax_other.set_title("If ALL comes back", loc="left", fontsize=13, fontweight="bold")
    _zoom_on_the_first_weeks(ax, main, colours)
    handles = [matplotlib.patches.Patch(color=colours[s]) for s in sources]
    captions = phases.drop_duplicates("source_id").set_index("source_id")["caption"]
    labels = [captions[s] for s in sources]
    handles += [matplotlib.patches.Patch(color=PALETTE["grey"]),
                matplotlib.patches.Patch(color=PALETTE["grey"], alpha=0.35)]
    labels += ["shortest stated", "up to the longest stated"]
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False, fontsize=12,
               bbox_to_anchor=(0.5, legend_y))
    stated = phases.set_index("figure_id")["stated"]
    title = fig.suptitle(
        f"Treatment takes years: induction {stated[TREATMENT['induction']]},\n"
        f"maintenance {stated[TREATMENT['maintenance']]}, "
        f"{stated[TREATMENT['whole_treatment']]} in all (ACS)",
        x=0.02, ha="left", fontweight="bold", fontsize=STYLE["axes.titlesize"])
    artists = TreatmentArtists(fig, (ax, ax_other), solid, extension, title, source_text)

    def months(row):
        if np.isnan(row["shortest"]):
            return "not given"
        low, high = round(row["shortest"], 1), round(row["longest"], 1)
        return (f"{fmt_number(low)} to {fmt_number(high)}" if row["longest"] > row["shortest"]
                else fmt_number(low) + (" or more" if row["open_ended"] else ""))
    artists.description = Description(
        sentence("Timeline of the phases of treatment in months since diagnosis, one bar per "
                 "phase: solid to the shortest stated duration, lighter to the longest, an "
                 "arrow where it is open-ended; the treatment of a recurrence below, in months "
                 "from its own start", title.get_text()),
        pd.DataFrame({"phase": list(phases["phase"]), "the source says": list(phases["stated"]),
                      "months": [months(r) for _, r in phases.iterrows()],
                      "source": [captions[s] for s in phases["source_id"]]}),
        source_text.get_text(), quotes=list(phases["quote"]))
    return artists


def _zoom_on_the_first_weeks(ax, main: pd.DataFrame, colours: dict):
    """An inset that magnifies the phases shorter than two months (induction, hospital stay)."""
    short = main[(main["start"] + main["longest"].fillna(np.inf)) < 2]
    if short.empty:
        return None
    inset = ax.inset_axes([0.6, 0.56, 0.38, 0.42])
    for _, row in short.iterrows():
        yi = main.index[main["phase"] == row["phase"]][0]
        colour = colours[row["source_id"]]
        inset.barh(yi, row["shortest"], left=row["start"], height=0.5, color=colour)
        inset.barh(yi, row["longest"] - row["shortest"], left=row["start"] + row["shortest"],
                   height=0.5, color=colour, alpha=0.35)
        inset.text(row["start"] + 0.02, yi, row["phase"].split(" during")[0].lower(),
                   ha="left", va="center", fontsize=10, color=label_colour(colour),
                   fontweight="bold")
    top = float(np.ceil((short["start"] + short["longest"]).max() * 2 + 0.5)) / 2
    inset.set_xlim(0, top)
    inset.set_ylim(short.index.max() + 0.6, short.index.min() - 0.6)
    inset.set_yticks([])
    inset.set_xticks(np.arange(0, top + 0.01, 0.25))
    inset.tick_params(labelsize=11)
    inset.set_title("zoom: the first weeks (months)", fontsize=11, loc="left")
    inset.grid(axis="x", color=GRID)
    inset.set_axisbelow(True)
    for side in ("top", "right"):
        inset.spines[side].set_visible(True)
    return inset


# --- the explorer's figure ---------------------------------------------------------------------

#: the colours of the range icons, named for a reader
RANGE_ICON_COLOUR_WORDS = {"solid": "dark blue", "band": "light blue", "rest": "grey"}
#: what each colour of the range icons means, by the kind of statement (None: not drawn)
RANGE_ICON_WORDS = {
    "point": {"solid": "the figure as the source states it", "band": None,
              "rest": "the others"},
    "range": {"solid": "the low end of the range", "band": "more, up to its high end",
              "rest": "the others"},
    "lower bound": {"solid": "up to the bound the source states",
                    "band": "some of these too: “more than” does not say how many",
                    "rest": "the others"},
    "upper bound": {"solid": None,
                    "band": "some of these: “up to” does not say how many",
                    "rest": "the others"},
    "just below": {"solid": "the fewest the words allow",
                   "band": "some of these too: “a little less than” does not say how many",
                   "rest": "the others"},
}


def range_icon_key(kind: str, counts: dict[str, int]) -> list[tuple[str, int, str]]:
    """The key of the range icons in plain words: ``(colour, people, words)`` for each colour
    that has people, in the order drawn.

    >>> range_icon_key("point", {"solid": 85, "band": 0, "rest": 15})
    [('solid', 85, 'the figure as the source states it'), ('rest', 15, 'the others')]
    >>> range_icon_key("range", {"solid": 20, "band": 10, "rest": 70})[1]
    ('band', 10, 'more, up to its high end')
    """
    words = RANGE_ICON_WORDS[kind]
    return [(key, counts[key], words[key]) for key in ("solid", "band", "rest")
            if counts[key] and words[key]]


@dataclass
class RangeIconsArtists(Described):
    """100 people: dark (the figure, or a range's low end), light (the rest of a range, or
    what a bound leaves open), grey (the others).

    The key on the right has three slots (swatch, count, words); the colours shown fill them
    from the top (:func:`range_icon_key`) and an unused slot is hidden.
    """

    figure: object
    array: object
    swatches: list
    counts: list
    words: list
    title: object
    subtitle: object
    source: object

    @property
    def dynamic(self) -> list:
        return [self.array.collection, *self.swatches, *self.counts, *self.words, self.title,
                self.subtitle]

    def show(self, row, name: str) -> dict[str, int]:
        """Recolour for one statement (a row of ``figures``); returns the icon counts."""
        counts = icon_counts_for(row, self.array.size)
        self.array.recolour(counts, RANGE_ICON_COLOURS)
        key = range_icon_key(share_allowed(row).kind, counts)
        for i, (swatch, number, words) in enumerate(zip(self.swatches, self.counts,
                                                        self.words)):
            shown = i < len(key)
            for artist in (swatch, number, words):
                artist.set_visible(shown)
            if shown:
                colour, n, text = key[i]
                swatch.set_facecolor(RANGE_ICON_COLOURS[colour])
                number.set_text(f"{n:,}")
                words.set_text(textwrap.fill(text, 28))
        self.title.set_text(f"{as_people(row, self.array.size)} "
                            f"{row['population'].split(' (')[0]}")
        secondary = f" ({SECONDARY_WORDS})" if row["verification"] == "secondary" else ""
        self.subtitle.set_text(f"{name}{secondary}")
        colours = RANGE_ICON_COLOUR_WORDS
        self.description = Description(
            sentence(f"Icon array of {self.array.size} people, one icon each: "
                     + "; ".join(f"{n:,} {colours[c]}, {words}" for c, n, words in key),
                     f"{self.title.get_text()}: {name}{secondary}"),
            pd.DataFrame({"icons": [colours[c] for c, _, _ in key],
                          "people": [f"{n:,}" for _, n, _ in key],
                          "meaning": [words for _, _, words in key]}),
            self.source.get_text())
        return counts


@styled
def range_icons_figure(row, *, name: str, source: str, size: int = 100) -> RangeIconsArtists:
    """An icon array of ``size`` people for one statement, built once and recoloured in place."""
    fig, ax = new_figure(10, 6.8)
    source_text = add_source_line(fig, source)
    ax.axis("off")
    box = ax.get_position()
    grid_ax = fig.add_axes([0.02, box.y0, 0.5, 0.84 - box.y0 - 0.05])
    columns = int(np.sqrt(size)) if int(np.sqrt(size)) ** 2 == size else None
    array = icon_array(grid_ax, {"solid": size, "band": 0, "rest": 0}, RANGE_ICON_COLOURS,
                       columns=columns)
    middle = box.y0 + (0.84 - box.y0 - 0.05) / 2
    swatches, counts, words = [], [], []
    for i in range(3):
        y = middle + (1 - i) * 0.12 + 0.02
        swatches.append(fig.add_artist(matplotlib.patches.Rectangle(
            (0.55, y - 0.022), 0.03, 0.044, transform=fig.transFigure,
            facecolor=RANGE_ICON_COLOURS["rest"], edgecolor="#767676", linewidth=0.5)))
        counts.append(fig.text(0.665, y, "", fontsize=20, fontweight="bold", ha="right",
                               va="center"))
        words.append(fig.text(0.68, y, "", fontsize=14, va="center", linespacing=1.1))
    title = fig.text(0.02, 0.955, "", fontsize=STYLE["axes.titlesize"], fontweight="bold",
                     ha="left", va="top")
    subtitle = fig.text(0.02, 0.9, "", fontsize=14, ha="left", va="top", color="#333333")
    fig.text(0.55, middle - 0.24, "One icon is one person;\nshares describe groups,\n"
             "not any one person.", fontsize=12, ha="left", va="top", color="#333333")
    artists = RangeIconsArtists(fig, array, swatches, counts, words, title, subtitle,
                                source_text)
    artists.show(row, name)
    return artists
