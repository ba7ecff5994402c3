"""Charts of the survival notebook: survival by age group, edition after edition, and over time.

They draw the frames of :mod:`allstats.survival` (its docstring states how periods and natural
frequencies are read). Rows seen only in a secondary copy (``verification == "secondary"``) are
hatched (``SECONDARY_HATCH``) or dashed and labelled "secondary source".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.lines
import matplotlib.patches
import matplotlib.transforms
import numpy as np
import pandas as pd

from ..survival import falls_with_age, survival_out_of
from ..text import fmt_count, fmt_number, fmt_percent
from .alt import Described, Description, flat, sentence
from .base import (GRID, PALETTE, ROLE, SECONDARY_WORDS, STYLE, TEXT, add_source_line, finish,
                   icon_array, label_colour, mark_secondary, new_figure, secondary_handle, styled,
                   text_colour)

__all__ = [
    "SURVIVAL_ICON_COLOURS", "GROUP_COLOURS", "SERIES_COLOURS", "SECONDARY_LABEL",
    "SurvivalIconsArtists", "survival_icons_figure",
    "EditionBars", "draw_edition_bars", "EditionsArtists", "editions_figure",
    "TrendArtists", "survival_trend_figure",
    "AgeGroupsArtists", "age_groups_figure",
    "TimelineArtists", "survival_timeline_figure",
    "SurvivalExplorerArtists", "survival_explorer_figure",
    "RelativeInPeopleArtists", "relative_in_people_title", "relative_in_people_figure",
]

#: relative survival as people: of every 100 who would be alive at the horizon without ALL,
#: those alive with it, and the deaths the relative survival attributes to ALL
SURVIVAL_ICON_COLOURS = {"alive": ROLE["alive"], "other": ROLE["excess_death"]}


def relative_legend(horizon_years: float, denominator: int = 100) -> list[str]:
    """The two colours of a relative survival rate drawn as people (:data:`SURVIVAL_ICON_COLOURS`):
    it compares people with ALL with similar people without it, so the icons are the people who
    would be alive without ALL, not everybody diagnosed."""
    return [f"alive with ALL, of every {denominator:,} who would be alive "
            f"{fmt_number(horizon_years)} years on without it",
            "the deaths the relative survival attributes to ALL"]
#: the two age groups of the Cancer.Net Statistics editions
GROUP_COLOURS = {"adults": ROLE["adults"], "young": ROLE["children"]}
#: the series of ``survival_trend``
SERIES_COLOURS = {"all ages": ROLE["all"], "children 0 to 14": ROLE["children"],
                  "children under 15": ROLE["children"], "ages 15 to 19": PALETTE["green"]}
SECONDARY_LABEL = SECONDARY_WORDS
#: the hatch of the years an estimate may not reflect (not a secondary source's hatch)
LAG_HATCH = ".."
#: how far (points) the trend chart writes a line's values above (+) or below (-) its dots
_LABEL_RISE = {"ages 15 to 19": -16}


def _adults_only(row) -> bool:
    """Whether an age group starts at 20 or later."""
    return not pd.isna(row["age_low"]) and row["age_low"] >= 20


def _years(horizon: float) -> str:
    return f"{fmt_number(horizon)}-year"


def _trend_words(first: float, last: float) -> str:
    return "rose" if last > first else "fell" if last < first else "stayed"


def _secondary(row) -> bool:
    return row["verification"] == "secondary"


# --- icon arrays -------------------------------------------------------------------------------

@dataclass
class SurvivalIconsArtists(Described):
    """One icon array of 100 people per age group, with its caption."""

    figure: object
    arrays: list
    captions: list
    title: object
    source: object
    counts: list


@styled
def survival_icons_figure(rows: pd.DataFrame, *, source: str, horizon_years: float,
                          denominator: int = 100) -> SurvivalIconsArtists:
    """A relative survival rate as people, for each row (an age group).

    Relative survival compares people with ALL with similar people without it, so the
    ``denominator`` icons are people who would be alive at the horizon without ALL: blue, those
    alive with it (:func:`allstats.survival.survival_out_of`), vermillion the deaths the rate
    attributes to ALL. It is not the share of everybody diagnosed who is alive (the notebook
    shows that with 1,000 people and the life tables). The title states both groups' counts.
    """
    columns = int(np.sqrt(denominator)) if int(np.sqrt(denominator)) ** 2 == denominator else None
    fig, ax = new_figure(11, 6.4)
    ax.axis("off")
    source_text = add_source_line(fig, source)
    box = ax.get_position()
    width = box.width / len(rows)
    arrays, captions, counts = [], [], []
    for i, (_, row) in enumerate(rows.iterrows()):
        alive = survival_out_of(row["percent"], denominator)
        grid_ax = fig.add_axes([box.x0 + i * width, box.y0 + 0.08, width * 0.92, box.height - 0.1])
        arrays.append(icon_array(grid_ax, {"alive": alive, "other": denominator - alive},
                                 SURVIVAL_ICON_COLOURS, columns=columns))
        captions.append(grid_ax.text(
            0.5, -0.02, f"{row['group']}: {alive} of {denominator:,}",
            transform=grid_ax.transAxes, ha="center", va="top", fontsize=15, fontweight="bold",
            color=TEXT["vermillion"] if _adults_only(row) else TEXT["blue"]))
        counts.append(alive)
    handles = [matplotlib.patches.Patch(color=c) for c in SURVIVAL_ICON_COLOURS.values()]
    fig.legend(handles, relative_legend(horizon_years, denominator), loc="lower center",
               bbox_to_anchor=(0.5, box.y0 - 0.06), ncol=1, frameon=False, fontsize=13)
    parts = [f"{c} {r['group']}" for c, (_, r) in zip(counts, rows.iterrows())]
    title = fig.suptitle(f"{_years(horizon_years).capitalize()} relative survival: of every "
                         f"{denominator:,} people who would be alive without ALL,\n"
                         + " and ".join(parts) + " are alive with it", x=0.02, ha="left",
                         fontweight="bold", fontsize=STYLE["axes.titlesize"])
    artists = SurvivalIconsArtists(fig, arrays, captions, title, source_text, counts)
    legend = relative_legend(horizon_years, denominator)
    artists.description = Description(
        sentence(f"{len(rows)} icon arrays of {denominator:,} people each, one per age group: "
                 f"blue, {legend[0]}; vermillion, {legend[1]}", title.get_text()),
        pd.DataFrame({"age group": list(rows["group"]),
                      f"{_years(horizon_years)} relative survival": [fmt_percent(p)
                                                                    for p in rows["percent"]],
                      f"alive with ALL, of {denominator:,}": [f"{c:,}" for c in counts]}),
        source_text.get_text())
    return artists


# --- editions ----------------------------------------------------------------------------------

@dataclass
class EditionBars:
    """The bars of the edition chart by (edition_year, group), and their value labels."""

    bars: dict
    labels: dict


@styled
def draw_edition_bars(ax, comparison: pd.DataFrame) -> EditionBars:
    """Two bars per edition (age 20 and older, under 20), secondary editions hatched and labelled.

    ``comparison`` is :func:`allstats.survival.edition_comparison`. The x tick of each edition
    names its source and date; a secondary edition's tick says "secondary source".
    """
    positions = np.arange(len(comparison))
    width = 0.38
    bars, labels = {}, {}
    latest = comparison.iloc[-1]
    for offset, group in ((-width / 2, "adults"), (width / 2, "young")):
        for x, (year, row) in zip(positions, comparison.iterrows()):
            secondary = _secondary(row)
            (bar,) = ax.bar(x + offset, row[group], width * 0.95, color=GROUP_COLOURS[group],
                            edgecolor="white", linewidth=0,
                            label=latest[f"{group}_group"] if x == 0 else None)
            mark_secondary(bar, secondary)
            bars[(int(year), group)] = bar
            labels[(int(year), group)] = ax.annotate(
                fmt_percent(row[group]), (x + offset, row[group]), xytext=(0, 3),
                textcoords="offset points", ha="center", va="bottom", fontsize=13)
    ticks = []
    for year, row in comparison.iterrows():
        edition = row["edition"].replace(", secondary", "")
        ticks.append(f"{row['source_name']}\n{edition}"
                     + (f"\n({SECONDARY_LABEL})" if _secondary(row) else ""))
    ax.set_xticks(positions, ticks, fontsize=12)
    for tick, (_, row) in zip(ax.get_xticklabels(), comparison.iterrows()):
        if _secondary(row):
            tick.set_color(TEXT["purple"])
    ax.set_ylim(0, 116)                 # the band above 100 holds the legend
    ax.set_yticks(np.arange(0, 101, 20))
    ax.spines["left"].set_bounds(0, 100)
    return EditionBars(bars, labels)


def _edition_legend(ax, comparison, **kwargs):
    """The two age groups' colours, and the secondary sources' look when an edition is one."""
    handles, labels = ax.get_legend_handles_labels()
    if (comparison["verification"] == "secondary").any():
        handles.append(secondary_handle())
        labels.append(SECONDARY_WORDS)
    return ax.legend(handles, labels, frameon=False, loc="upper left", handlelength=1.4,
                     columnspacing=1.2, **kwargs)


def _secondary_editions(comparison: pd.DataFrame) -> str:
    secondary = comparison[comparison["verification"] == "secondary"]
    if secondary.empty:
        return ""
    names = ", ".join(f"{r['source_name']} {r['edition'].replace(', secondary', '')}"
                      for _, r in secondary.iterrows())
    return f"Seen only in a {SECONDARY_WORDS} (purple, hatched): {names}"


def _editions_table(comparison: pd.DataFrame) -> pd.DataFrame:
    latest = comparison.iloc[-1]
    return pd.DataFrame({
        "edition": [f"{r['source_name']}, {r['edition'].replace(', secondary', '')}"
                    for _, r in comparison.iterrows()],
        latest["adults_group"]: [fmt_percent(v) for v in comparison["adults"]],
        latest["young_group"]: [fmt_percent(v) for v in comparison["young"]],
        "seen in": [SECONDARY_WORDS if _secondary(r) else "the source itself"
                    for _, r in comparison.iterrows()]})


@dataclass
class EditionsArtists(Described):
    figure: object
    ax: object
    bars: EditionBars
    legend: object
    title: object
    source: object


@styled
def editions_figure(comparison: pd.DataFrame, *, source: str,
                    horizon_years: float) -> EditionsArtists:
    """The Cancer.Net editions side by side; the title says how each group changed."""
    fig, ax = new_figure(11, 6.8)
    source_text = add_source_line(fig, source, bottom=0.2)   # and the three-line ticks
    bars = draw_edition_bars(ax, comparison)
    first, last = comparison.iloc[0], comparison.iloc[-1]
    y0, y1 = comparison.index[0], comparison.index[-1]
    young_lo, young_hi = comparison["young"].min(), comparison["young"].max()
    young = (f"{fmt_percent(young_lo)}" if young_lo == young_hi
             else f"{fmt_percent(young_lo)} to {fmt_percent(young_hi)}")
    title = (f"{last['adults_group'].capitalize()}: {_trend_words(first['adults'], last['adults'])}"
             f" from {fmt_percent(first['adults'])} ({y0}) to {fmt_percent(last['adults'])} "
             f"({y1});\n{last['young_group']}: {young} in every edition")
    title_text = finish(ax, title=title, xlabel="Edition of the Statistics page",
                        ylabel=f"{_years(horizon_years)} survival (%)")
    legend = _edition_legend(ax, comparison, ncol=3)
    artists = EditionsArtists(fig, ax, bars, legend, title_text, source_text)
    artists.description = Description(
        sentence(f"Bar chart of {_years(horizon_years)} survival in each edition of the "
                 f"Statistics page, {y0} to {y1}, two bars per edition: "
                 f"{last['adults_group']} and {last['young_group']}", title,
                 _secondary_editions(comparison)),
        _editions_table(comparison), source_text.get_text())
    return artists


# --- trend -------------------------------------------------------------------------------------

@dataclass
class TrendArtists(Described):
    figure: object
    ax: object
    lines: dict
    segments: dict
    title: object
    source: object
    undated: dict = field(default_factory=dict)   # (series, source_id) -> arrow, no position in time


@styled
def survival_trend_figure(lines: dict, *, source: str, horizon_years: float,
                          undated: pd.DataFrame | None = None) -> TrendArtists:
    """Survival by period of diagnosis: a segment per period, a dot at its midpoint.

    ``lines`` is :func:`allstats.survival.trend_series`. Lines join the midpoints of one series
    from one kind of source; secondary series are dashed
    with hollow dots and say "secondary source" in the legend. The first and last value of each
    line are written beside it. The title follows the verified all-ages series.

    ``undated`` (:func:`allstats.survival.undated_trend`): changes whose source gives no years
    are drawn to the right of the calendar, in a band marked "years not given", as an arrow from
    the first value to the last: a change, not a position in time.
    """
    fig, ax = new_figure(11, 7.2)
    source_text = add_source_line(fig, source)
    drawn, segments = {}, {}
    for (series, verification), rows in lines.items():
        colour = SERIES_COLOURS.get(series, PALETTE["black"])
        secondary = verification == "secondary"
        names = sorted(set(rows["source_name"]))
        label = f"{series} ({', '.join(names)})" + (f", {SECONDARY_LABEL}" if secondary else "")
        segs = ax.hlines(rows["percent"], rows["period_start"], rows["period_end"], colors=colour,
                         linewidth=7, alpha=0.35)
        # a secondary series: dashed, its dots ringed in the secondary purple
        (line,) = ax.plot(rows["midpoint"], rows["percent"], color=colour, linewidth=2.2,
                          linestyle="--" if secondary else "-", marker="o",
                          markersize=10 if secondary else 8,
                          markerfacecolor="white" if secondary else colour,
                          markeredgecolor=ROLE["secondary"] if secondary else colour,
                          markeredgewidth=2.5 if secondary else 2, label=label)
        drawn[(series, verification)] = line
        segments[(series, verification)] = segs
        for which, row in (("first", rows.iloc[0]), ("last", rows.iloc[-1])):
            # a secondary series starts below its line and ends above it, clear of the others
            dy = _LABEL_RISE.get(series, (-14 if which == "first" else 12) if secondary else 10)
            dx = -8 if which == "first" else 8
            ax.annotate(fmt_percent(row["percent"]), (row["midpoint"], row["percent"]),
                        xytext=(dx, dy), textcoords="offset points", fontsize=12,
                        color=text_colour(colour), ha="right" if which == "first" else "left",
                        va="center", fontweight="bold", zorder=4,
                        bbox=dict(facecolor="white", edgecolor="none", pad=1.0))
    main = lines[("all ages", "verified")]
    a, b = main.iloc[0], main.iloc[-1]
    title = (f"{_years(horizon_years).capitalize()} survival, all ages, "
             f"{_trend_words(a['percent'], b['percent'])} from {fmt_percent(a['percent'])} "
             f"(diagnosed {a['period_start']}–{a['period_end']})\nto {fmt_percent(b['percent'])} "
             f"(diagnosed {b['period_start']}–{b['period_end']})")
    title_text = finish(ax, title=title,
                        xlabel="Year of diagnosis (bar: the period; dot: its midpoint)",
                        ylabel=f"{_years(horizon_years)} survival (%)")
    ax.set_ylim(0, 100)
    starts = min(rows["period_start"].min() for rows in lines.values())
    ends = max(rows["period_end"].max() for rows in lines.values())
    right = ends + 4
    undated_arrows = {}
    if undated is not None and len(undated):
        band = (ends + 4, ends + 4 + 8 * undated.groupby(["series", "source_id"]).ngroups)
        ax.axvspan(*band, color=PALETTE["grey"], alpha=0.12, linewidth=0)
        ax.text(sum(band) / 2, 98, "years not given", ha="center", va="top", fontsize=12,
                style="italic")
        for i, ((series, source_id), rows) in enumerate(undated.groupby(["series", "source_id"],
                                                                         sort=False)):
            x = band[0] + 4 + 8 * i
            colour = SERIES_COLOURS.get(series, PALETTE["black"])
            first, last = float(rows["percent"].iloc[0]), float(rows["percent"].iloc[-1])
            secondary = (rows["verification"] == "secondary").any()
            undated_arrows[(series, source_id)] = ax.annotate(
                "", xy=(x, last), xytext=(x, first),
                arrowprops=dict(arrowstyle="-|>", color=colour, linewidth=2.2,
                                linestyle="--" if secondary else "-", mutation_scale=20))
            ax.plot([x, x], [first, last], "o", color=colour, markerfacecolor="white",
                    markeredgewidth=2, markersize=8)
            for value in (first, last):
                ax.annotate(fmt_percent(value), (x, value), xytext=(8, 0),
                            textcoords="offset points", va="center", fontsize=12,
                            color=text_colour(colour), fontweight="bold")
            ax.text(x, first - 4, f"{series}\n({rows['source_name'].iloc[0]}"
                    + (f", {SECONDARY_LABEL})" if secondary else ")"), ha="center", va="top",
                    fontsize=11, color=text_colour(colour))
        right = band[1]
        # calendar ticks stop where the calendar does
        ax.set_xticks([t for t in np.arange(np.floor(starts / 10) * 10, ends + 1, 10)])
    ax.set_xlim(starts - 4, right)
    ax.grid(axis="y", color=GRID)
    ax.set_axisbelow(True)
    ax.legend(frameon=False, loc="lower right", fontsize=12)
    artists = TrendArtists(fig, ax, drawn, segments, title_text, source_text, undated_arrows)
    rows = []
    for (series, verification), frame in lines.items():
        for _, row in frame.iterrows():
            period = (f"{row['period_start']}" if row["period_start"] == row["period_end"]
                      else f"{row['period_start']}–{row['period_end']}")
            rows.append({"series": series, "source": row["source_name"],
                         "diagnosed": period, f"{_years(horizon_years)} survival":
                         fmt_percent(row["percent"]),
                         "seen in": SECONDARY_WORDS if verification == "secondary"
                         else "the source itself"})
    extra = ""
    if undated is not None and len(undated):
        for _, row in undated.iterrows():
            rows.append({"series": row["series"], "source": row["source_name"],
                         "diagnosed": "years not given",
                         f"{_years(horizon_years)} survival": fmt_percent(row["percent"]),
                         "seen in": SECONDARY_WORDS if row["verification"] == "secondary"
                         else "the source itself"})
        extra = ("At the right, in a band marked “years not given”, an arrow for each change "
                 "whose source gives no years")
    names = [line.get_label() for line in drawn.values()]
    artists.description = Description(
        sentence(f"Line chart of {_years(horizon_years)} survival by year of diagnosis, from "
                 f"{starts} to {ends}, one line per series: {'; '.join(names)}. Secondary "
                 "series are dashed with purple rings", extra, title),
        pd.DataFrame(rows), source_text.get_text())
    return artists


# --- age groups in other sources ---------------------------------------------------------------

@dataclass
class AgeGroupsArtists(Described):
    figure: object
    axes: dict
    bars: dict
    all_ages: dict
    title: object
    source: object


@styled
def age_groups_figure(panels: dict[str, pd.DataFrame], *, source: str,
                      horizon_years: float) -> AgeGroupsArtists:
    """One panel per source (:func:`allstats.survival.age_group_rows`, each titled by its
    ``panel`` column): a bar per age group; 'all ages' as a dashed line across the panel.

    Secondary sources' bars are hatched and their panel title says "SECONDARY SOURCE". The title
    says whether survival falls with age in every source (:func:`falls_with_age`) and quotes
    the youngest and oldest groups of the source with the widest spread.
    """
    sizes = [max(1, int(rows["age_low"].notna().sum())) for rows in panels.values()]
    fig, axes = new_figure(11, 2.2 + 0.85 * sum(sizes) + 0.75 * len(panels), nrows=len(panels),
                           sharex=True, gridspec_kw={"height_ratios": sizes, "hspace": 0.75})
    axes = np.atleast_1d(axes)
    source_text = add_source_line(fig, source)
    out_axes, bars, all_ages = {}, {}, {}
    spreads = {}
    for ax, (source_id, rows) in zip(axes, panels.items()):
        secondary = (rows["verification"] == "secondary").any()
        aged = rows[rows["age_low"].notna()]
        positions = np.arange(len(aged))
        drawn = ax.barh(positions, aged["percent"], color=PALETTE["blue"], height=0.7,
                        edgecolor="white", linewidth=0)
        for bar in drawn:
            mark_secondary(bar, secondary)
        ax.set_yticks(positions, list(aged["group"]))
        ax.invert_yaxis()
        for bar, value in zip(drawn, aged["percent"]):
            ax.annotate(fmt_percent(value), (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=13)
        for _, row in rows[rows["age_low"].isna()].iterrows():
            all_ages[source_id] = ax.axvline(row["percent"], color=ROLE["all"], linestyle="--",
                                             linewidth=1.8)
            ax.annotate(f"{row['group']}: {fmt_percent(row['percent'])}", (row["percent"], 1.0),
                        xycoords=("data", "axes fraction"), xytext=(4, 2),
                        textcoords="offset points", va="bottom", fontsize=12)
        head = rows["panel"].iloc[0]
        if secondary:
            head += f"  ·  {SECONDARY_LABEL.upper()}"
        transform = matplotlib.transforms.blended_transform_factory(fig.transFigure, ax.transAxes)
        ax.text(0.02, 1.0, head, transform=transform, ha="left", va="bottom", fontsize=13,
                fontweight="bold", color=TEXT["purple"] if secondary else "black")
        ax.set_xlim(0, 100)
        out_axes[source_id] = ax
        bars[source_id] = drawn
        if len(aged) >= 2:
            spreads[source_id] = (aged.iloc[0], aged.iloc[-1])
    axes[-1].set_xlabel(f"{_years(horizon_years)} survival (%)")
    every = all(falls_with_age(rows) for rows in panels.values())
    widest = max(spreads, key=lambda s: spreads[s][0]["percent"] - spreads[s][1]["percent"])
    young, old = spreads[widest]
    name = panels[widest]["panel"].iloc[0].split(",")[0]
    lead = (f"Younger age groups have higher {_years(horizon_years)} survival in every source"
            if every else f"{_years(horizon_years).capitalize()} survival by age group")
    title = fig.suptitle(f"{lead}:\n{name}" + (", secondary" if _secondary(young) else "")
                         + f": {fmt_percent(young['percent'])} {young['group']}, "
                         f"{fmt_percent(old['percent'])} at {old['group']}",
                         x=0.02, ha="left", fontweight="bold", fontsize=STYLE["axes.titlesize"])
    fig.subplots_adjust(top=1 - 1.15 / fig.get_figheight(), left=0.2)
    artists = AgeGroupsArtists(fig, out_axes, bars, all_ages, title, source_text)
    rows = [{"source": frame["panel"].iloc[0], "age group": row["group"],
             f"{_years(horizon_years)} survival": fmt_percent(row["percent"]),
             "seen in": SECONDARY_WORDS if _secondary(row) else "the source itself"}
            for frame in panels.values() for _, row in frame.iterrows()]
    artists.description = Description(
        sentence(f"Bar charts of {_years(horizon_years)} survival by age group, one panel per "
                 f"source ({'; '.join(flat(f['panel'].iloc[0]) for f in panels.values())}), "
                 "with a dashed line at all ages where the source gives it",
                 title.get_text()),
        pd.DataFrame(rows), source_text.get_text())
    return artists


# --- from diagnosis to publication -------------------------------------------------------------

@dataclass
class TimelineArtists(Described):
    figure: object
    ax: object
    diagnosis: dict
    follow_up: dict
    published: dict
    lag: object
    title: object
    source: object


@styled
def survival_timeline_figure(timeline: pd.DataFrame, *, source: str, horizon_years: float,
                             interval_statement: str) -> TimelineArtists:
    """Each edition on its own row: when its people were diagnosed (dark bar), the follow-up a
    ``horizon_years``-year rate needs after the last of those years (light bar), and when the
    edition appeared (a diamond; a bar between hollow diamonds when the source is dated by two
    years, e.g. 2015/2016).

    The guide's 02/2023 row has no period of diagnosis; it shows, hatched, the years whose
    advances the guide says the estimate may not reflect. ``interval_statement`` (the guide's
    sentence on how often the statistics are measured) is quoted as the guide's, next to what
    the editions show: how far apart their last years of diagnosis are. Whole calendar years,
    as the sources give them. ``timeline`` is :func:`allstats.survival.survival_timeline`.
    """
    fig, ax = new_figure(11, 6.8)
    source_text = add_source_line(fig, source)
    y = np.arange(len(timeline))
    diagnosis, follow_up, published = {}, {}, {}
    lag = None
    for yi, (_, row) in zip(y, timeline.iterrows()):
        key = row["source_id"]
        if not pd.isna(row["diagnosis_start"]):
            start, end = row["diagnosis_start"], row["diagnosis_end"]
            diagnosis[key] = ax.barh(yi, end - start, left=start, height=0.56,
                                     color=ROLE["alive"])[0]
            follow_up[key] = ax.barh(yi, horizon_years, left=end, height=0.56,
                                     color=PALETTE["sky"], alpha=0.55)[0]
            ax.text((start + end) / 2, yi, f"{int(start)}–{int(end)}", ha="center",
                    va="center", fontsize=12, color=label_colour(ROLE["alive"]),
                    fontweight="bold")
            ax.text(end + horizon_years / 2, yi, f"{fmt_number(horizon_years)}-year\nfollow-up",
                    ha="center", va="center", fontsize=10.5, linespacing=1.0)
            result = f": {fmt_percent(row['percent'])}"
        else:
            lag = ax.barh(yi, row["published"] - row["lag_start"], left=row["lag_start"],
                          height=0.56, color="white", edgecolor=PALETTE["vermillion"],
                          hatch=LAG_HATCH, linewidth=1.5)[0]
            ax.text(row["lag_start"] - 0.4, yi, "years of diagnosis not given;\nthe guide: "
                    f"advances of the last {fmt_number(row['published'] - row['lag_start'])} "
                    "years\nmay not show", ha="right", va="center", fontsize=12)
            result = ""
        when, end = row["published"], row["published_end"]
        if end > when:          # dated by two years: either may be right
            ax.plot([when, end], [yi, yi], color=PALETTE["black"], linewidth=2)
            (published[key],) = ax.plot([when, end], [yi, yi], marker="D", markersize=11,
                                        color=PALETTE["black"], markerfacecolor="white",
                                        markeredgewidth=2, linestyle="none")
            words = f"published {int(when)} or {int(end)}"
        else:
            (published[key],) = ax.plot(when, yi, marker="D", markersize=12,
                                        color=PALETTE["black"], linestyle="none")
            words = f"published {int(when)}"
        ax.annotate(f"{words}{result}", (end, yi), xytext=(10, 0), textcoords="offset points",
                    va="center", fontsize=12, fontweight="bold")
    labels = []
    for label in timeline["label"]:
        name, _, edition = label.partition(" (")
        labels.append(f"{name}\n{edition.rstrip(')')}" if edition else name)
    ax.set_yticks(y, labels, fontsize=12)
    dated = timeline.dropna(subset=["gap"])
    low, high = dated["gap"].min(), dated["gap_end"].max()
    gaps = fmt_number(low) if low == high else f"{fmt_number(low)} to {fmt_number(high)}"
    title = fig.suptitle(f"{_years(horizon_years).capitalize()} survival describes people "
                         f"diagnosed years earlier: each edition\nappeared {gaps} years after "
                         "the last year of diagnosis it reports", x=0.02, ha="left",
                         fontweight="bold", fontsize=STYLE["axes.titlesize"])
    ax.set_xlabel("Calendar year")
    steps = np.diff(np.sort(dated["diagnosis_end"].to_numpy(dtype=float)))
    apart = (fmt_number(steps.min()) if steps.min() == steps.max()
             else f"{fmt_number(steps.min())} to {fmt_number(steps.max())}")
    ax.text(0.0, 1.02, f"The guide: “{interval_statement}”\nThe editions drawn here: the last "
            f"year of diagnosis moves by {apart} years from one edition to the next.",
            transform=ax.transAxes, ha="left", va="bottom", fontsize=12, color="#333333")
    first = np.nanmin(timeline["diagnosis_start"])
    last = np.nanmax(timeline["published_end"])
    ax.set_xlim(first - 2, last + 7)
    ax.set_ylim(len(timeline) - 0.4, -0.6)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=GRID)
    ax.set_axisbelow(True)
    handles = [matplotlib.patches.Patch(color=ROLE["alive"]),
               matplotlib.patches.Patch(color=PALETTE["sky"], alpha=0.55),
               matplotlib.lines.Line2D([], [], marker="D", color=PALETTE["black"],
                                       linestyle="none", markersize=10)]
    ax.legend(handles, ["years of diagnosis",
                        f"{fmt_number(horizon_years)} years after the last of them",
                        "edition published"], frameon=False, loc="upper center",
              bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=12)
    fig.subplots_adjust(left=0.23, top=0.78, bottom=max(fig.subplotpars.bottom, 0.25))
    artists = TimelineArtists(fig, ax, diagnosis, follow_up, published, lag, title, source_text)
    rows = []
    for _, row in timeline.iterrows():
        dated = not pd.isna(row["diagnosis_start"])
        when = (f"{int(row['published'])}" if row["published_end"] == row["published"]
                else f"{int(row['published'])} or {int(row['published_end'])}")
        gap = (fmt_number(row["gap"]) if row["gap_end"] == row["gap"]
               else f"{fmt_number(row['gap'])} or {fmt_number(row['gap_end'])}") if dated else ""
        rows.append({
            "edition": flat(row["label"]),
            "people diagnosed": (f"{int(row['diagnosis_start'])}–{int(row['diagnosis_end'])}"
                                 if dated else "not given"),
            "published": when, "years after the last year of diagnosis": gap,
            f"{_years(horizon_years)} survival": fmt_percent(row["percent"])
            if not pd.isna(row["percent"]) else ""})
    artists.description = Description(
        sentence("Timeline, one row per edition: the years in which its people were diagnosed, "
                 f"the {fmt_number(horizon_years)} years of follow-up after the last of them, and "
                 "when the edition was published", title.get_text(),
                 f"The guide: “{interval_statement}”"),
        pd.DataFrame(rows), source_text.get_text())
    return artists


# --- the explorer's figure ---------------------------------------------------------------------

@dataclass
class SurvivalExplorerArtists(Described):
    """100 people recoloured in place, and the edition bars with one highlighted."""

    figure: object
    array: object
    bars: EditionBars
    chosen: object          # Rectangle: the outline of the chosen bar
    title: object
    source: object
    comparison: pd.DataFrame
    horizon_years: float

    @property
    def dynamic(self) -> list:
        # the x axis line is redrawn after the bars, which it overlaps, as in a full draw
        axis_line = next(iter(self.bars.bars.values())).axes.spines["bottom"]
        return [self.array.collection, *self.bars.bars.values(), self.chosen, axis_line,
                self.title]

    def _table(self) -> pd.DataFrame:
        """Every edition's figures (the same whatever is shown): made once."""
        if getattr(self, "_editions", None) is None:
            self._editions = _editions_table(self.comparison)
        return self._editions

    def show(self, edition_year: int, group: str) -> dict:
        """Show one edition and age group; returns what is shown."""
        row = self.comparison.loc[edition_year]
        percent = float(row[group])
        alive = survival_out_of(percent, self.array.size)
        self.array.recolour({"alive": alive, "other": self.array.size - alive},
                            SURVIVAL_ICON_COLOURS)
        for (year, g), bar in self.bars.bars.items():
            chosen = (year, g) == (edition_year, group)
            bar.set_alpha(1.0 if chosen else 0.3)
            if chosen:
                self.chosen.set_bounds(bar.get_x(), 0, bar.get_width(), bar.get_height())
        secondary = " (secondary)" if _secondary(row) else ""
        self.title.set_text(f"{alive} of every {self.array.size} who would be alive without ALL: "
                            f"{row[f'{group}_group']}, {edition_year} edition{secondary}")
        legend = relative_legend(self.horizon_years, self.array.size)
        self.description = Description(
            sentence(f"Left, an icon array of {self.array.size} people: {alive} blue, "
                     f"{legend[0]}; {self.array.size - alive} vermillion, {legend[1]}. Right, "
                     f"bars of {_years(self.horizon_years)} survival in every edition for both "
                     f"age groups, with {row[f'{group}_group']} in the {edition_year} edition "
                     f"outlined: {fmt_percent(percent)}", self.title.get_text(),
                     _secondary_editions(self.comparison.loc[[edition_year]])),
            self._table(), self.source.get_text())
        return {"edition_year": int(edition_year), "group": group, "percent": percent,
                "alive": alive, "out_of": self.array.size,
                "verification": row["verification"]}


@styled
def survival_explorer_figure(comparison: pd.DataFrame, *, source: str,
                             horizon_years: float) -> SurvivalExplorerArtists:
    """Left, 100 people (blue: alive at the horizon); right, every edition's two bars."""
    fig = new_figure(12, 6.4)[0]
    fig.clear()
    source_text = add_source_line(fig, source)
    bottom = fig.subplotpars.bottom
    icons_ax = fig.add_axes([0.01, bottom + 0.06, 0.36, 0.78 - bottom])
    array = icon_array(icons_ax, {"alive": 100, "other": 0}, SURVIVAL_ICON_COLOURS, columns=10)
    handles = [matplotlib.patches.Patch(color=c) for c in SURVIVAL_ICON_COLOURS.values()]
    icons_ax.legend(handles, relative_legend(horizon_years), loc="upper center",
                    bbox_to_anchor=(0.5, 0.0), ncol=1, frameon=False, fontsize=11.5,
                    handlelength=1.2)
    bars_ax = fig.add_axes([0.47, bottom + 0.13, 0.51, 0.71 - bottom])
    bars = draw_edition_bars(bars_ax, comparison)
    chosen = bars_ax.add_patch(matplotlib.patches.Rectangle((0, 0), 0, 0, fill=False,
                                                            edgecolor=PALETTE["black"],
                                                            linewidth=2.5, zorder=3))
    bars_ax.set_ylabel(f"{_years(horizon_years)} survival (%)")
    _edition_legend(bars_ax, comparison, ncol=3, fontsize=12)
    bars_ax.tick_params(axis="x", labelsize=10)
    for tick in bars_ax.get_xticklabels():
        tick.set_fontsize(10)
    title = fig.text(0.02, 0.93, "", fontsize=STYLE["axes.titlesize"], fontweight="bold",
                     ha="left", va="bottom")
    fig.text(0.02, 0.885, "One icon is one person who would be alive without ALL; the figures "
             "describe groups, not any one person.", fontsize=12, ha="left", va="bottom",
             color="#333333")
    return SurvivalExplorerArtists(fig, array, bars, chosen, title, source_text, comparison,
                                   horizon_years)


# --- relative survival as people: the worked example with ALL's figures ---------------------

@dataclass
class RelativeInPeopleArtists(Described):
    """One icon array per group of ``cohort`` people, coloured as the worked example."""

    figure: object
    arrays: dict            # panel title -> IconArray
    captions: dict          # panel title -> Text
    legend: object
    title: object
    note: object
    source: object
    counts: dict            # panel title -> {"alive", "excess_death", "expected_death"}


def relative_in_people_title(panels: dict, horizon_years: float) -> str:
    """'43% relative survival is not 43% alive: of 1,000 people each, 387 (age 20 and older)
    and 899 (under age 20) alive after 5 years'. ``panels``: group words -> example."""
    rates = " and ".join(fmt_percent(round(ex.relative_survival * 100, 1))
                         for ex in panels.values())
    alive = " and ".join(f"{fmt_count(ex.rounded()['observed_alive'])} ({words})"
                         for words, ex in panels.items())
    size = fmt_count(next(iter(panels.values())).cohort_size)
    return (f"Relative survival {rates} is not the share alive: of {size} people each,\n"
            f"{alive} alive after {fmt_number(horizon_years)} years")


@styled
def relative_in_people_figure(panels: dict, *, horizon_years: float, source: str,
                              note: str) -> RelativeInPeopleArtists:
    """The guide's worked example with ALL's own figures: for each panel (the group's words ->
    a :class:`allstats.RelativeSurvivalExample`), ``cohort`` people as icons, blue alive after
    the horizon (``cohort × S* × R``), vermillion the extra deaths the relative survival
    attributes to ALL (``cohort × S* × (1 − R)``), grey the deaths expected anyway
    (``cohort × (1 − S*)``). ``note`` states the assumptions (the age mix) under the title.
    """
    from .worked_example import WORKED_EXAMPLE_COLOURS

    fig = new_figure(12, 7.0)[0]
    fig.clear()
    source_text = add_source_line(fig, source)
    bottom = fig.subplotpars.bottom + 0.1
    width = 0.96 / len(panels)
    arrays, captions, counts = {}, {}, {}
    for i, (words, example) in enumerate(panels.items()):
        rounded = example.rounded()
        shown = {"alive": rounded["observed_alive"], "excess_death": rounded["excess_deaths"],
                 "expected_death": rounded["expected_deaths"]}
        ax = fig.add_axes([0.02 + i * width, bottom, width * 0.94, 0.8 - bottom])
        columns = 40 if example.cohort_size == 1000 else None
        arrays[words] = icon_array(ax, shown, WORKED_EXAMPLE_COLOURS, columns=columns)
        captions[words] = ax.text(
            0.5, -0.02, f"{words}: {fmt_percent(round(example.relative_survival * 100, 1))} × "
                        f"{fmt_percent(round(example.expected_survival * 100, 1))} = "
                        f"{fmt_count(shown['alive'])} of {fmt_count(example.cohort_size)} alive",
            transform=ax.transAxes, ha="center", va="top", fontsize=14, fontweight="bold")
        counts[words] = shown
    handles = [matplotlib.patches.Patch(color=c) for c in WORKED_EXAMPLE_COLOURS.values()]
    legend = fig.legend(handles, [f"alive after {fmt_number(horizon_years)} years",
                                  "extra deaths the relative survival attributes to ALL",
                                  "deaths expected anyway (life tables)"],
                        loc="lower center", bbox_to_anchor=(0.5, bottom - 0.095), ncol=3,
                        frameon=False, fontsize=12.5, handlelength=1.2)
    title = fig.text(0.02, 0.975, relative_in_people_title(panels, horizon_years),
                     fontsize=STYLE["axes.titlesize"], fontweight="bold", ha="left", va="top")
    note_text = fig.text(0.02, 0.87, note, fontsize=12, ha="left", va="top", color="#333333")
    artists = RelativeInPeopleArtists(fig, arrays, captions, legend, title, note_text,
                                      source_text, counts)
    words = [t.get_text() for t in legend.get_texts()]
    artists.description = Description(
        sentence(f"{len(panels)} icon arrays of {fmt_count(next(iter(panels.values())).cohort_size)}"
                 f" people each, one per group, in blocks of 100: blue, {words[0]}; vermillion, "
                 f"{words[1]}; grey, {words[2]}", title.get_text(),
                 *[c.get_text() for c in captions.values()], note),
        pd.DataFrame([{"group": group, "relative survival":
                       fmt_percent(round(panels[group].relative_survival * 100, 1)),
                       "expected survival":
                       fmt_percent(round(panels[group].expected_survival * 100, 1)),
                       words[0]: fmt_count(c["alive"]), words[1]: fmt_count(c["excess_death"]),
                       words[2]: fmt_count(c["expected_death"])}
                      for group, c in counts.items()]),
        source_text.get_text())
    return artists
