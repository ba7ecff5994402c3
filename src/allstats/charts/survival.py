"""Charts of the survival notebook: survival by age group, edition after edition, and over time.

Conventions, stated once:

- A period of diagnosis ("1975–1977") is drawn as a horizontal segment from its first to its last
  year (a tick on the axis stands for a whole year) with a dot at its midpoint,
  ``(first + last) / 2``; a single year is a dot.
- A survival percentage becomes a natural frequency out of 100 people with
  :func:`allstats.natural_frequency` (halves rounded up).
- Rows seen only in a secondary copy (``verification == "secondary"``) are hatched or dashed and
  labelled "secondary source".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import matplotlib.lines
import matplotlib.patches
import matplotlib.transforms
import numpy as np
import pandas as pd

from ..arithmetic import natural_frequency
from ..data import load
from ..text import figure, fmt_number, fmt_percent, source_label
from .base import PALETTE, ROLE, STYLE, add_source_line, finish, icon_array, new_figure, styled

__all__ = [
    "SURVIVAL_ICON_COLOURS", "GROUP_COLOURS", "SERIES_COLOURS", "SECONDARY_LABEL",
    "period_midpoint", "survival_out_of", "citation_parts", "survival_horizon",
    "edition_comparison", "trend_series", "age_group_rows", "falls_with_age",
    "survival_timeline",
    "SurvivalIconsArtists", "survival_icons_figure",
    "EditionBars", "draw_edition_bars", "EditionsArtists", "editions_figure",
    "TrendArtists", "survival_trend_figure",
    "AgeGroupsArtists", "age_groups_figure",
    "TimelineArtists", "survival_timeline_figure",
    "SurvivalExplorerArtists", "survival_explorer_figure",
]

#: one icon per person: alive at the horizon, or not counted among the survivors
SURVIVAL_ICON_COLOURS = {"alive": ROLE["alive"], "other": PALETTE["grey"]}
#: the two age groups of the Cancer.Net Statistics editions
GROUP_COLOURS = {"adults": ROLE["adults"], "young": ROLE["children"]}
#: the series of ``survival_trend``
SERIES_COLOURS = {"all ages": ROLE["all"], "children 0 to 14": ROLE["children"],
                  "children under 15": ROLE["children"], "ages 15 to 19": PALETTE["green"]}
SECONDARY_LABEL = "secondary source"
_HATCH = "///"
#: how far (points) the trend chart writes a line's values above (+) or below (-) its dots
_LABEL_RISE = {"ages 15 to 19": -16}


# --- computations ------------------------------------------------------------------------------

def period_midpoint(start, end) -> float:
    """The middle of a period of diagnosis given by its first and last year: ``(start + end) / 2``.

    The charts draw a period from its first to its last year, so 1975–1977 is centred on 1976;
    a single year (start == end) is that year.

    >>> period_midpoint(1975, 1977)
    1976.0
    """
    start, end = float(start), float(end)
    if end < start:
        raise ValueError(f"a period cannot end ({end:g}) before it starts ({start:g})")
    return (start + end) / 2


def survival_out_of(percent, denominator: int = 100) -> int:
    """How many of ``denominator`` people a survival percentage stands for (rounded, halves up).

    >>> survival_out_of(43), survival_out_of(72.6), survival_out_of(72.6, 1000)
    (43, 73, 726)
    """
    return natural_frequency(percent, denominator)[0]


def citation_parts(source_id: str, data_dir=None) -> tuple[str, str]:
    """A source's short citation split into its name and its edition.

    'Cancer.Net, ALL: Statistics (approved 01/2019)' -> ('Cancer.Net', 'approved 01/2019'): the
    name is the text before the first comma, the edition the last parenthesis ('' if none).
    """
    sources = load("sources", data_dir).set_index("id")
    citation = source_label(sources.loc[source_id])
    name = re.sub(r"\s*\([^()]*\)$", "", citation.split(",")[0].strip())
    found = re.findall(r"\(([^()]*)\)", citation)
    return name, (found[-1] if found else "")


def survival_horizon(data_dir=None) -> float:
    """The horizon of the guide's survival rates, in years (figure ``survival-horizon-2023``)."""
    return float(figure("survival-horizon-2023", data_dir)["value"])


def edition_comparison(rows: pd.DataFrame | None = None, *, data_dir=None) -> pd.DataFrame:
    """The Cancer.Net adult guide's Statistics editions side by side, one row per edition.

    Taken from ``survival_by_age``: the rows whose id is ``cancernet-<year>-...`` for the two
    groups those editions give, age 20 and older (``age_low`` 20, no upper age) and under 20
    (ages 0 to 19). Columns, indexed by ``edition_year``: ``adults``, ``young`` (percent),
    ``adults_change``, ``young_change`` (percentage points since the previous edition, NaN for
    the first), ``adults_id``, ``young_id``, ``adults_group``, ``young_group`` (the source's
    words), ``source_id``, ``verification`` ('secondary' if either row is), ``quote_adults``,
    ``quote_young``.
    """
    rows = load("survival_by_age", data_dir) if rows is None else rows
    editions = rows[rows["id"].str.match(r"^cancernet-\d{4}-")]
    adults = editions[(editions["age_low"] == 20) & editions["age_high"].isna()]
    young = editions[(editions["age_low"] == 0) & (editions["age_high"] == 19)]
    out = []
    for year in sorted(set(adults["edition_year"]) & set(young["edition_year"])):
        a = adults[adults["edition_year"] == year].iloc[0]
        y = young[young["edition_year"] == year].iloc[0]
        if a["source_id"] != y["source_id"]:
            raise ValueError(f"edition {year}: the two age groups come from different sources")
        out.append({"edition_year": int(year), "adults": float(a["percent"]),
                    "young": float(y["percent"]), "adults_id": a["id"], "young_id": y["id"],
                    "adults_group": a["group"], "young_group": y["group"],
                    "source_id": a["source_id"],
                    "verification": ("secondary" if "secondary" in (a["verification"],
                                                                    y["verification"])
                                     else "verified"),
                    "quote_adults": a["quote"], "quote_young": y["quote"]})
    if not out:
        raise ValueError("no Cancer.Net edition gives both age groups")
    frame = pd.DataFrame(out).set_index("edition_year")
    frame.insert(2, "adults_change", frame["adults"].diff())
    frame.insert(3, "young_change", frame["young"].diff())
    return frame


def trend_series(trend: pd.DataFrame | None = None, *, data_dir=None) -> dict[tuple, pd.DataFrame]:
    """``survival_trend`` split into the lines of the trend chart.

    One line per (series, verification): the verified 'all ages' rows of the Cancer.Net editions
    make one line, the secondary 'all ages' rows (the Silver Book) another. Each frame is sorted
    by period and gains ``midpoint`` (:func:`period_midpoint`).
    """
    trend = load("survival_trend", data_dir) if trend is None else trend
    lines = {}
    for (series, verification), rows in trend.groupby(["series", "verification"], sort=False):
        rows = rows.sort_values(["period_start", "period_end"]).copy()
        rows["midpoint"] = [period_midpoint(s, e) for s, e in zip(rows["period_start"],
                                                                   rows["period_end"])]
        lines[(series, verification)] = rows
    return lines


def age_group_rows(rows: pd.DataFrame | None = None, *, data_dir=None) -> dict[str, pd.DataFrame]:
    """The ``survival_by_age`` rows outside the Cancer.Net adult editions, one frame per source.

    Youngest group first (``age_low``, then the narrower group); 'all ages' rows (no ages) last.
    """
    rows = load("survival_by_age", data_dir) if rows is None else rows
    others = rows[~rows["id"].str.match(r"^cancernet-\d{4}-")].copy()
    others["_all_ages"] = others["age_low"].isna()
    others["_low"] = others["age_low"].fillna(-1)
    others["_high"] = others["age_high"].fillna(999)
    out = {}
    for source_id, group in others.groupby("source_id", sort=False):
        group = group.sort_values(["_all_ages", "_low", "_high"])
        out[source_id] = group.drop(columns=["_all_ages", "_low", "_high"])
    return out


def falls_with_age(rows: pd.DataFrame) -> bool:
    """Whether, within one source, survival is lower in each group whose ages start later.

    Groups with no ages ('all ages') are left out; groups that start at the same age (under 5 and
    under 15) are compared by their upper age.
    """
    aged = rows[rows["age_low"].notna()].copy()
    aged["_high"] = aged["age_high"].fillna(999)
    aged = aged.sort_values(["age_low", "_high"])
    return bool(np.all(np.diff(aged["percent"].to_numpy(dtype=float)) < 0))


def survival_timeline(trend: pd.DataFrame | None = None, *, data_dir=None) -> pd.DataFrame:
    """From diagnosis to publication: for each dated edition, when its people were diagnosed.

    Rows: the 'all ages' rows of ``survival_trend`` whose source states its year (the Cancer.Net
    editions; the undated Silver Book is left out), the latest period of each edition. Columns:
    ``source_id``, ``label`` (name and edition), ``diagnosis_start``, ``diagnosis_end``,
    ``five_years_after`` (``diagnosis_end + horizon``: when the last people diagnosed reach the
    horizon), ``published`` (the source's year), ``gap`` (``published - diagnosis_end``),
    ``percent``, ``verification``; plus a last row for the guide's 02/2023 Statistics page, which
    gives no period of diagnosis (NaN), with ``lag_start = published - lag``: the years whose
    advances "the estimate may not reflect" (figure ``survival-estimate-lag``).
    """
    trend = load("survival_trend", data_dir) if trend is None else trend
    sources = load("sources", data_dir).set_index("id")
    horizon = survival_horizon(data_dir)
    lag = float(figure("survival-estimate-lag", data_dir)["value"])
    rows = trend[trend["series"] == "all ages"]
    out = []
    for source_id, group in rows.groupby("source_id", sort=False):
        year = sources.at[source_id, "year"]
        if pd.isna(year):
            continue
        latest = group.sort_values("period_end").iloc[-1]
        name, edition = citation_parts(source_id, data_dir)
        out.append({"source_id": source_id, "label": f"{name} ({edition})",
                    "diagnosis_start": float(latest["period_start"]),
                    "diagnosis_end": float(latest["period_end"]),
                    "five_years_after": float(latest["period_end"]) + horizon,
                    "published": float(year), "gap": float(year) - float(latest["period_end"]),
                    "percent": float(latest["percent"]), "verification": latest["verification"],
                    "lag_start": np.nan})
    out.sort(key=lambda r: r["published"])
    seed = figure("survival-estimate-lag", data_dir)
    seed_year = float(sources.at[seed["source_id"], "year"])
    name, edition = citation_parts(seed["source_id"], data_dir)
    out.append({"source_id": seed["source_id"], "label": f"{name} ({edition})",
                "diagnosis_start": np.nan, "diagnosis_end": np.nan, "five_years_after": np.nan,
                "published": seed_year, "gap": np.nan, "percent": np.nan,
                "verification": seed["verification"], "lag_start": seed_year - lag})
    return pd.DataFrame(out)


def _panel_title(source_id: str, rows: pd.DataFrame, data_dir=None) -> str:
    """'SEER figures via BMJ Best Practice, ALL: Prognosis (undated), diagnosed 2015–2021'."""
    source = load("sources", data_dir).set_index("id").loc[source_id]
    head = source_label(source)
    adapted = "" if pd.isna(source["adapted_from"]) else str(source["adapted_from"])
    if "SEER" in adapted and "SEER" not in head:
        head = f"SEER via {head}"
    periods = list(rows["diagnosis_period"].dropna().unique())
    return head + (f"\ndiagnosed {periods[0]}" if periods else "")


def _adults_only(row) -> bool:
    """Whether an age group starts at 20 or later."""
    return not pd.isna(row["age_low"]) and row["age_low"] >= 20


def _left_title(ax):
    """The Text artist of the axes' left-aligned title (where :func:`finish` puts it)."""
    return ax.set_title(ax.get_title(loc="left"), loc="left")


def _years(horizon: float) -> str:
    return f"{fmt_number(horizon)}-year"


def _trend_words(first: float, last: float) -> str:
    return "rose" if last > first else "fell" if last < first else "stayed"


def _secondary(row) -> bool:
    return row["verification"] == "secondary"


# --- icon arrays -------------------------------------------------------------------------------

@dataclass
class SurvivalIconsArtists:
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
    """Natural frequencies: for each row (an age group), ``denominator`` people, one icon each.

    Blue icons are the people the survival figure counts as alive at the horizon
    (:func:`survival_out_of`), grey the others. The title states both groups' counts.
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
            0.5, -0.02, f"{row['group']}: {alive} out of {denominator:,}",
            transform=grid_ax.transAxes, ha="center", va="top", fontsize=15, fontweight="bold",
            color=ROLE["adults"] if _adults_only(row) else PALETTE["blue"]))
        counts.append(alive)
    handles = [matplotlib.patches.Patch(color=c) for c in SURVIVAL_ICON_COLOURS.values()]
    fig.legend(handles, [f"alive {fmt_number(horizon_years)} years after diagnosis",
                         "the others"], loc="lower center",
               bbox_to_anchor=(0.5, box.y0 - 0.06), ncol=2, frameon=False, fontsize=13)
    parts = [f"{c} in {denominator:,} {r['group']}" for c, (_, r) in zip(counts, rows.iterrows())]
    title = fig.suptitle(f"{_years(horizon_years).capitalize()} survival: "
                         + ", against ".join(parts), x=0.02, ha="left", fontweight="bold",
                         fontsize=STYLE["axes.titlesize"])
    return SurvivalIconsArtists(fig, arrays, captions, title, source_text, counts)


# --- editions ----------------------------------------------------------------------------------

@dataclass
class EditionBars:
    """The bars of the edition chart by (edition_year, group), and their value labels."""

    bars: dict
    labels: dict


@styled
def draw_edition_bars(ax, comparison: pd.DataFrame, *, data_dir=None) -> EditionBars:
    """Two bars per edition (age 20 and older, under 20), secondary editions hatched and labelled.

    The x tick of each edition names its source and date; a secondary edition's tick says
    "secondary source".
    """
    positions = np.arange(len(comparison))
    width = 0.38
    bars, labels = {}, {}
    latest = comparison.iloc[-1]
    for offset, group in ((-width / 2, "adults"), (width / 2, "young")):
        for x, (year, row) in zip(positions, comparison.iterrows()):
            secondary = _secondary(row)
            (bar,) = ax.bar(x + offset, row[group], width * 0.95, color=GROUP_COLOURS[group],
                            hatch=_HATCH if secondary else None, edgecolor="white",
                            linewidth=0, label=latest[f"{group}_group"] if x == 0 else None)
            bars[(int(year), group)] = bar
            labels[(int(year), group)] = ax.annotate(
                fmt_percent(row[group]), (x + offset, row[group]), xytext=(0, 3),
                textcoords="offset points", ha="center", va="bottom", fontsize=13)
    ticks = []
    for year, row in comparison.iterrows():
        name, edition = citation_parts(row["source_id"], data_dir)
        edition = edition.replace(", secondary", "")
        ticks.append(f"{name}\n{edition}" + (f"\n({SECONDARY_LABEL})" if _secondary(row) else ""))
    ax.set_xticks(positions, ticks, fontsize=12)
    for tick, (_, row) in zip(ax.get_xticklabels(), comparison.iterrows()):
        if _secondary(row):
            tick.set_color(ROLE["secondary"])
    ax.set_ylim(0, 116)                 # the band above 100 holds the legend
    ax.set_yticks(np.arange(0, 101, 20))
    ax.spines["left"].set_bounds(0, 100)
    return EditionBars(bars, labels)


@dataclass
class EditionsArtists:
    figure: object
    ax: object
    bars: EditionBars
    legend: object
    title: object
    source: object


@styled
def editions_figure(comparison: pd.DataFrame, *, source: str, horizon_years: float,
                    data_dir=None) -> EditionsArtists:
    """The Cancer.Net editions side by side; the title says how each group changed."""
    fig, ax = new_figure(11, 6.8)
    source_text = add_source_line(fig, source, bottom=0.2)   # and the three-line ticks
    bars = draw_edition_bars(ax, comparison, data_dir=data_dir)
    first, last = comparison.iloc[0], comparison.iloc[-1]
    y0, y1 = comparison.index[0], comparison.index[-1]
    young_lo, young_hi = comparison["young"].min(), comparison["young"].max()
    young = (f"{fmt_percent(young_lo)}" if young_lo == young_hi
             else f"{fmt_percent(young_lo)} to {fmt_percent(young_hi)}")
    title = (f"{last['adults_group'].capitalize()}: {_trend_words(first['adults'], last['adults'])}"
             f" from {fmt_percent(first['adults'])} ({y0}) to {fmt_percent(last['adults'])} "
             f"({y1});\n{last['young_group']}: {young} in every edition")
    finish(ax, title=title, xlabel="Edition of the Statistics page",
           ylabel=f"{_years(horizon_years)} survival (%)")
    legend = ax.legend(frameon=False, loc="upper left", ncol=2)
    return EditionsArtists(fig, ax, bars, legend, _left_title(ax), source_text)


# --- trend -------------------------------------------------------------------------------------

@dataclass
class TrendArtists:
    figure: object
    ax: object
    lines: dict
    segments: dict
    title: object
    source: object


@styled
def survival_trend_figure(trend: pd.DataFrame, *, source: str, horizon_years: float,
                          data_dir=None) -> TrendArtists:
    """Survival by period of diagnosis: a segment per period, a dot at its midpoint.

    Lines join the midpoints of one series from one kind of source; secondary series are dashed
    with hollow dots and say "secondary source" in the legend. The first and last value of each
    line are written beside it. The title follows the verified all-ages series.
    """
    fig, ax = new_figure(11, 7.2)
    source_text = add_source_line(fig, source)
    lines, segments = {}, {}
    for (series, verification), rows in trend_series(trend).items():
        colour = SERIES_COLOURS.get(series, PALETTE["black"])
        secondary = verification == "secondary"
        names = sorted({citation_parts(s, data_dir)[0] for s in rows["source_id"]})
        label = f"{series} ({', '.join(names)})" + (f", {SECONDARY_LABEL}" if secondary else "")
        segs = ax.hlines(rows["percent"], rows["period_start"], rows["period_end"], colors=colour,
                         linewidth=7, alpha=0.35)
        (line,) = ax.plot(rows["midpoint"], rows["percent"], color=colour, linewidth=2.2,
                          linestyle="--" if secondary else "-", marker="o", markersize=8,
                          markerfacecolor="white" if secondary else colour,
                          markeredgewidth=2, label=label)
        lines[(series, verification)] = line
        segments[(series, verification)] = segs
        dy = _LABEL_RISE.get(series, -14 if secondary else 10)
        for which, row in (("first", rows.iloc[0]), ("last", rows.iloc[-1])):
            dx = -8 if which == "first" else 8
            ax.annotate(fmt_percent(row["percent"]), (row["midpoint"], row["percent"]),
                        xytext=(dx, dy), textcoords="offset points", fontsize=12, color=colour,
                        ha="right" if which == "first" else "left", va="center",
                        fontweight="bold")
    main = trend_series(trend)[("all ages", "verified")]
    a, b = main.iloc[0], main.iloc[-1]
    title = (f"{_years(horizon_years).capitalize()} survival, all ages, "
             f"{_trend_words(a['percent'], b['percent'])} from {fmt_percent(a['percent'])} "
             f"(diagnosed {a['period_start']}–{a['period_end']})\nto {fmt_percent(b['percent'])} "
             f"(diagnosed {b['period_start']}–{b['period_end']})")
    finish(ax, title=title, xlabel="Year of diagnosis (bar: the period; dot: its midpoint)",
           ylabel=f"{_years(horizon_years)} survival (%)")
    ax.set_ylim(0, 100)
    starts, ends = trend["period_start"].min(), trend["period_end"].max()
    ax.set_xlim(starts - 4, ends + 4)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(frameon=False, loc="lower right", fontsize=12)
    return TrendArtists(fig, ax, lines, segments, _left_title(ax), source_text)


# --- age groups in other sources ---------------------------------------------------------------

@dataclass
class AgeGroupsArtists:
    figure: object
    axes: dict
    bars: dict
    all_ages: dict
    title: object
    source: object


@styled
def age_groups_figure(panels: dict[str, pd.DataFrame], *, source: str, horizon_years: float,
                      data_dir=None) -> AgeGroupsArtists:
    """One panel per source: a bar per age group; 'all ages' as a dashed line across the panel.

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
                        hatch=_HATCH if secondary else None, edgecolor="white", linewidth=0)
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
        head = _panel_title(source_id, rows, data_dir)
        if secondary:
            head += f"  ·  {SECONDARY_LABEL.upper()}"
        transform = matplotlib.transforms.blended_transform_factory(fig.transFigure, ax.transAxes)
        ax.text(0.02, 1.0, head, transform=transform, ha="left", va="bottom", fontsize=13,
                fontweight="bold", color=ROLE["secondary"] if secondary else "black")
        ax.set_xlim(0, 100)
        out_axes[source_id] = ax
        bars[source_id] = drawn
        if len(aged) >= 2:
            spreads[source_id] = (aged.iloc[0], aged.iloc[-1])
    axes[-1].set_xlabel(f"{_years(horizon_years)} survival (%)")
    every = all(falls_with_age(rows) for rows in panels.values())
    widest = max(spreads, key=lambda s: spreads[s][0]["percent"] - spreads[s][1]["percent"])
    young, old = spreads[widest]
    name = _panel_title(widest, panels[widest], data_dir).split(",")[0]
    lead = (f"Younger age groups have higher {_years(horizon_years)} survival in every source"
            if every else f"{_years(horizon_years).capitalize()} survival by age group")
    title = fig.suptitle(f"{lead}:\n{name}" + (", secondary" if _secondary(young) else "")
                         + f": {fmt_percent(young['percent'])} {young['group']}, "
                         f"{fmt_percent(old['percent'])} at {old['group']}",
                         x=0.02, ha="left", fontweight="bold", fontsize=STYLE["axes.titlesize"])
    fig.subplots_adjust(top=1 - 1.15 / fig.get_figheight(), left=0.2)
    return AgeGroupsArtists(fig, out_axes, bars, all_ages, title, source_text)


# --- from diagnosis to publication -------------------------------------------------------------

@dataclass
class TimelineArtists:
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
                             interval_years: float) -> TimelineArtists:
    """Each edition on its own row: when its people were diagnosed (dark bar), the horizon after
    the last of those years (light bar), and when the edition appeared (a diamond).

    The guide's 02/2023 row has no period of diagnosis; it shows, hatched, the years whose
    advances the estimate may not reflect. Whole calendar years, as the sources give them.
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
                    va="center", fontsize=12, color="white", fontweight="bold")
            ax.text(end + horizon_years / 2, yi, f"+{fmt_number(horizon_years)} years",
                    ha="center", va="center", fontsize=12)
            result = f": {fmt_percent(row['percent'])}"
        else:
            lag = ax.barh(yi, row["published"] - row["lag_start"], left=row["lag_start"],
                          height=0.56, color="white", edgecolor=PALETTE["vermillion"],
                          hatch=_HATCH, linewidth=1.5)[0]
            ax.text(row["lag_start"] - 0.4, yi, "years of diagnosis not given;\nadvances of "
                    f"the last {fmt_number(row['published'] - row['lag_start'])} years "
                    "may not show", ha="right", va="center", fontsize=12)
            result = ""
        (published[key],) = ax.plot(row["published"], yi, marker="D", markersize=12,
                                    color=PALETTE["black"], linestyle="none")
        ax.annotate(f"published {int(row['published'])}{result}", (row["published"], yi),
                    xytext=(10, 0), textcoords="offset points", va="center", fontsize=12,
                    fontweight="bold")
    labels = []
    for label in timeline["label"]:
        name, _, edition = label.partition(" (")
        labels.append(f"{name}\n{edition.rstrip(')')}" if edition else name)
    ax.set_yticks(y, labels, fontsize=12)
    dated = timeline.dropna(subset=["gap"])
    low, high = dated["gap"].min(), dated["gap"].max()
    gaps = fmt_number(low) if low == high else f"{fmt_number(low)} to {fmt_number(high)}"
    title = fig.suptitle(f"{_years(horizon_years).capitalize()} survival describes people "
                         f"diagnosed years earlier: each edition\nappeared {gaps} years after "
                         "the last year of diagnosis it reports", x=0.02, ha="left",
                         fontweight="bold", fontsize=STYLE["axes.titlesize"])
    ax.set_xlabel(f"Calendar year (survival statistics are measured every "
                  f"{fmt_number(interval_years)} years)")
    first = np.nanmin(timeline["diagnosis_start"])
    last = np.nanmax(timeline["published"])
    ax.set_xlim(first - 2, last + 7)
    ax.set_ylim(len(timeline) - 0.4, -0.6)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", alpha=0.3)
    handles = [matplotlib.patches.Patch(color=ROLE["alive"]),
               matplotlib.patches.Patch(color=PALETTE["sky"], alpha=0.55),
               matplotlib.lines.Line2D([], [], marker="D", color=PALETTE["black"],
                                       linestyle="none", markersize=10)]
    ax.legend(handles, ["years of diagnosis",
                        f"{fmt_number(horizon_years)} years after the last of them",
                        "edition published"], frameon=False, loc="upper center",
              bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=12)
    fig.subplots_adjust(left=0.23, top=0.86, bottom=max(fig.subplotpars.bottom, 0.25))
    return TimelineArtists(fig, ax, diagnosis, follow_up, published, lag, title, source_text)


# --- the explorer's figure ---------------------------------------------------------------------

@dataclass
class SurvivalExplorerArtists:
    """100 people recoloured in place, and the edition bars with one highlighted."""

    figure: object
    array: object
    bars: EditionBars
    title: object
    source: object
    comparison: pd.DataFrame
    horizon_years: float

    @property
    def dynamic(self) -> list:
        # the x axis line is redrawn after the bars, which it overlaps, as in a full draw
        axis_line = next(iter(self.bars.bars.values())).axes.spines["bottom"]
        return [self.array.collection, *self.bars.bars.values(), axis_line, self.title]

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
            bar.set_edgecolor(PALETTE["black"] if chosen else "white")
            bar.set_linewidth(2.5 if chosen else 0)
        secondary = " (secondary)" if _secondary(row) else ""
        self.title.set_text(f"{alive} out of {self.array.size}: {row[f'{group}_group']}, "
                            f"{edition_year} edition{secondary}")
        return {"edition_year": int(edition_year), "group": group, "percent": percent,
                "alive": alive, "out_of": self.array.size,
                "verification": row["verification"]}


@styled
def survival_explorer_figure(comparison: pd.DataFrame, *, source: str, horizon_years: float,
                             data_dir=None) -> SurvivalExplorerArtists:
    """Left, 100 people (blue: alive at the horizon); right, every edition's two bars."""
    fig = new_figure(12, 6.4)[0]
    fig.clear()
    source_text = add_source_line(fig, source)
    bottom = fig.subplotpars.bottom
    icons_ax = fig.add_axes([0.01, bottom + 0.06, 0.36, 0.78 - bottom])
    array = icon_array(icons_ax, {"alive": 100, "other": 0}, SURVIVAL_ICON_COLOURS, columns=10)
    handles = [matplotlib.patches.Patch(color=c) for c in SURVIVAL_ICON_COLOURS.values()]
    icons_ax.legend(handles, [f"alive {fmt_number(horizon_years)} years later", "the others"],
                    loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False,
                    fontsize=12, handlelength=1.2)
    bars_ax = fig.add_axes([0.47, bottom + 0.13, 0.51, 0.71 - bottom])
    bars = draw_edition_bars(bars_ax, comparison, data_dir=data_dir)
    bars_ax.set_ylabel(f"{_years(horizon_years)} survival (%)")
    bars_ax.legend(frameon=False, loc="upper left", ncol=2, fontsize=12)
    bars_ax.tick_params(axis="x", labelsize=10)
    for tick in bars_ax.get_xticklabels():
        tick.set_fontsize(10)
    title = fig.text(0.02, 0.93, "", fontsize=STYLE["axes.titlesize"], fontweight="bold",
                     ha="left", va="bottom")
    fig.text(0.02, 0.885, "One icon is one person diagnosed with ALL; the figures describe "
             "groups, not any one person.", fontsize=12, ha="left", va="bottom", color="#333333")
    return SurvivalExplorerArtists(fig, array, bars, title, source_text, comparison,
                                   horizon_years)
