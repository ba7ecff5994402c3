"""Charts of the notebook "How many people get ALL": counts by sex and year, shares, age pattern.

The building blocks for a count by sex (:func:`draw_sex_bars`), a yearly series with a
highlighted year (:func:`series_figure`), a year explorer's two panels (:func:`year_figure`), the
statements of one share by several sources (:func:`share_statements_figure`) and a two-group icon
array (:func:`two_group_icons_figure`) are also used by the deaths notebook.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..arithmetic import satisfies
from ..text import fmt_count, fmt_number, fmt_percent
from .alt import Described, Description, flat, sentence
from .base import (GRID, PALETTE, ROLE, SECONDARY_WORDS, STYLE, TEXT, add_source_line, finish,
                   icon_grids_with_legend, mark_secondary, new_figure, show_icon_grid,
                   styled, text_colour)

__all__ = [
    "SEX_COLOURS", "SEX_WORDS", "mark_secondary", "MEASURE_WORDS",
    "SexBars", "draw_sex_bars", "SexSplitArtists", "sex_split_title", "sex_split_figure",
    "SeriesArtists", "series_title", "series_figure",
    "YearArtists", "year_figure",
    "ShareOfCancersArtists", "share_of_cancers_title", "share_of_cancers_figure",
    "AgeRatesArtists", "age_rates_title", "age_rates_figure",
    "ShareStatementsArtists", "share_statements_figure",
    "TwoGroupIcons", "two_group_icons_figure",
]

#: the guide's words for the sexes (its counts are of "men and boys" and "women and girls")
SEX_WORDS = {"male": "men and boys", "female": "women and girls", "all": "all"}
SEX_COLOURS = {"male": ROLE["male"], "female": ROLE["female"], "all": ROLE["all"]}
#: how the charts name each measure of ``acs_estimates``
MEASURE_WORDS = {"new_cases": {"what": "new cases", "people": "people diagnosed",
                               "noun": "New-case", "of_all": "new cases of ALL"},
                 "deaths": {"what": "deaths", "people": "deaths", "noun": "Death",
                            "of_all": "deaths from ALL"}}

_TICK_WORDS = {"male": "men\nand boys", "female": "women\nand girls", "all": "all"}


def _measure(measure: str) -> dict:
    if measure not in MEASURE_WORDS:
        raise ValueError(f"measure must be one of {sorted(MEASURE_WORDS)}, got {measure!r}")
    return MEASURE_WORDS[measure]


@dataclass
class SexBars:
    """Bars of one year's counts by sex (male, female, all), updated in place by :meth:`show`."""

    ax: object
    bars: list
    values: list
    flag: object
    table: pd.DataFrame
    secondary_years: frozenset

    @property
    def dynamic(self) -> list:
        # the bottom spine is drawn again over the bars, as a full draw puts it (zorder 2.5)
        return [*self.bars, self.ax.spines["bottom"], *self.values, self.flag]

    def show(self, year: int) -> dict[str, int]:
        """Set the bars to ``year``'s counts; returns ``{sex: count}``."""
        if year not in self.table.index:
            raise ValueError(f"no counts for {year}; the years are {list(self.table.index)}")
        counts = {sex: int(self.table.at[year, sex]) for sex in self.table.columns}
        secondary = year in self.secondary_years
        for sex, bar, label in zip(self.table.columns, self.bars, self.values):
            bar.set_height(counts[sex])
            mark_secondary(bar, secondary, SEX_COLOURS[sex])
            label.xy = (bar.get_x() + bar.get_width() / 2, counts[sex])
            label.set_text(fmt_count(counts[sex]))
        self.flag.set_visible(secondary)
        return counts


@styled
def draw_sex_bars(ax, table: pd.DataFrame, year: int, *, secondary_years=(),
                  ylabel: str = "people") -> SexBars:
    """Bars of ``table``'s counts (columns male, female, all; one row per year) for ``year``.

    The y axis is fixed to the largest count of every year, so that moving between years moves
    the bars and nothing else.
    """
    sexes = list(table.columns)
    positions = np.arange(len(sexes))
    bars = list(ax.bar(positions, [0] * len(sexes), width=0.7,
                       color=[SEX_COLOURS[s] for s in sexes], linewidth=0))
    ax.set_xticks(positions, [_TICK_WORDS[s] for s in sexes])
    ax.set_ylim(0, float(table.to_numpy().max()) * 1.18)
    ax.set_xlim(-0.6, len(sexes) - 0.4)
    ax.yaxis.set_major_formatter(lambda v, _pos: fmt_count(round(v)))
    ax.set_ylabel(ylabel)
    values = [ax.annotate("", (p, 0), xytext=(0, 3), textcoords="offset points", ha="center",
                          va="bottom", fontsize=STYLE["font.size"]) for p in positions]
    flag = ax.text(0.02, 0.98, SECONDARY_WORDS, transform=ax.transAxes, ha="left", va="top",
                   fontsize=STYLE["font.size"], color=TEXT["purple"], fontweight="bold",
                   visible=False)
    sex_bars = SexBars(ax, bars, values, flag, table, frozenset(int(y) for y in secondary_years))
    sex_bars.show(year)
    return sex_bars


def sex_split_title(year: int, counts: dict[str, int], measure: str = "new_cases") -> str:
    """'An estimated <N> people diagnosed with ALL in <year>: <n> men and boys, ...'."""
    _measure(measure)
    head = (f"An estimated {fmt_count(counts['all'])} people diagnosed with ALL in {year}"
            if measure == "new_cases" else
            f"An estimated {fmt_count(counts['all'])} deaths from ALL in {year}")
    return (f"{head}:\n{fmt_count(counts['male'])} {SEX_WORDS['male']}, "
            f"{fmt_count(counts['female'])} {SEX_WORDS['female']}")


def _sex_table(counts: dict[str, int], what: str) -> pd.DataFrame:
    return pd.DataFrame({"group": [SEX_WORDS[s] for s in counts],
                         what: [fmt_count(n) for n in counts.values()]})


def _years_words(years) -> str:
    years = [str(int(y)) for y in years]
    return years[0] if len(years) == 1 else f"{', '.join(years[:-1])} and {years[-1]}"


@dataclass
class SexSplitArtists(Described):
    figure: object
    ax: object
    bars: SexBars
    title: object
    source: object


@styled
def sex_split_figure(table: pd.DataFrame, year: int, *, measure: str = "new_cases", source: str,
                     secondary_years=()) -> SexSplitArtists:
    """One year's count of ``measure`` by sex, as bars with their values, titled with the
    finding."""
    fig, ax = new_figure(9, 6)
    source_text = add_source_line(fig, source)
    bars = draw_sex_bars(ax, table, year, secondary_years=secondary_years,
                         ylabel=f"{_measure(measure)['what']} (people)")
    counts = {s: int(table.at[year, s]) for s in table.columns}
    title = finish(ax, title=sex_split_title(year, counts, measure))
    artists = SexSplitArtists(fig, ax, bars, title, source_text)
    what = _measure(measure)["what"]
    secondary = int(year) in {int(y) for y in secondary_years}
    artists.description = Description(
        sentence(f"Bar chart of the estimated {_measure(measure)['of_all']} in {year}, by sex",
                 title.get_text(), "Seen only in a secondary source" if secondary else ""),
        _sex_table(counts, f"estimated {what}"), source_text.get_text())
    return artists


def series_title(table: pd.DataFrame, measure: str = "new_cases") -> str:
    """'New-case estimates, 2014–2025: between 5,690 (2021) and 6,660 (2022) a year'."""
    totals = table["all"]
    low_year, high_year = int(totals.idxmin()), int(totals.idxmax())
    return (f"{_measure(measure)['noun']} estimates, {int(totals.index.min())}–"
            f"{int(totals.index.max())}:\nbetween {fmt_count(totals[low_year])} ({low_year}) and "
            f"{fmt_count(totals[high_year])} ({high_year}) a year")


@dataclass
class SeriesArtists(Described):
    """A yearly series by sex; ``highlight`` and ``points`` mark one year (see :meth:`show`)."""

    figure: object
    ax: object
    lines: dict
    secondary_markers: object
    highlight: object
    points: object
    title: object
    source: object
    table: pd.DataFrame

    @property
    def dynamic(self) -> list:
        return [self.highlight, self.points]

    def show(self, year: int) -> None:
        self.highlight.set_xdata([year, year])
        self.points.set_data([year] * len(self.lines),
                             [float(self.table.at[year, label]) for label in self.lines])


def _series_table(table: pd.DataFrame, labels: dict, secondary) -> pd.DataFrame:
    """One row per year: each line's value, and whether the year is from a secondary source."""
    out = pd.DataFrame({"year": [str(int(y)) for y in table.index]})
    for column, label in labels.items():
        out[label] = [fmt_count(v) for v in table[column]]
    if len(secondary):
        out["source"] = [SECONDARY_WORDS if int(y) in set(secondary) else ""
                         for y in table.index]
    return out


def _series_lines(ax, table, *, colours, labels, secondary_years, markersize=7):
    lines = {}
    for column in table.columns:
        (lines[column],) = ax.plot(table.index, table[column], marker="o", markersize=markersize,
                                   linewidth=2.5, color=colours[column], label=labels[column])
    years = [y for y in table.index if y in set(secondary_years)]
    marks = None
    if years:
        xs = [y for y in years for _ in table.columns]
        ys = [float(table.at[y, c]) for y in years for c in table.columns]
        (marks,) = ax.plot(xs, ys, linestyle="none", marker="o", markersize=markersize + 9,
                           markerfacecolor="none", markeredgecolor=ROLE["secondary"],
                           markeredgewidth=2.5, label="secondary source")
    return lines, marks


def _year_axis(ax, years, *, every: int = 1):
    years = [int(y) for y in years]
    ax.set_xticks(years[::every])
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.set_xlabel("year of the estimate")


@styled
def series_figure(table: pd.DataFrame, *, measure: str = "new_cases", source: str,
                  secondary_years=(), year: int | None = None) -> SeriesArtists:
    """Each year's estimate of ``measure``, all and by sex; secondary years ringed in purple.

    The y axis starts at zero, so that the year-to-year changes look as large as they are.
    ``year`` (optional) is marked with a vertical line (:meth:`SeriesArtists.show`).
    """
    fig, ax = new_figure(11, 6.4)
    source_text = add_source_line(fig, source)
    labels = {s: SEX_WORDS[s] if s != "all" else "all (both sexes)" for s in table.columns}
    lines, marks = _series_lines(ax, table, colours=SEX_COLOURS, labels=labels,
                                 secondary_years=secondary_years)
    _year_axis(ax, table.index)
    ax.set_ylim(0, float(table.to_numpy().max()) * 1.22)
    ax.yaxis.set_major_formatter(lambda v, _pos: fmt_count(round(v)))
    ax.set_ylabel(f"{_measure(measure)['what']} (people)")
    ax.legend(frameon=False, ncol=4, loc="upper left", bbox_to_anchor=(0, 1.0))
    highlight = ax.axvline(table.index[0], color=PALETTE["grey"], linewidth=6, alpha=0.35,
                           visible=year is not None)
    (points,) = ax.plot([], [], linestyle="none", marker="o", markersize=12,
                        markerfacecolor="none", markeredgecolor=PALETTE["black"],
                        markeredgewidth=2, visible=year is not None)
    title = finish(ax, title=series_title(table, measure))
    artists = SeriesArtists(fig, ax, lines, marks, highlight, points, title, source_text,
                            table)
    years = [int(y) for y in table.index]
    secondary = [y for y in years if y in {int(v) for v in secondary_years}]
    artists.description = Description(
        sentence(f"Line chart of each year's estimated {_measure(measure)['of_all']}, "
                 f"{years[0]}–{years[-1]}, "
                 f"one line each for {', '.join(labels.values())}", title.get_text(),
                 f"The estimates for {_years_words(secondary)} were seen only in a secondary "
                 "source (ringed in purple)" if secondary else ""),
        _series_table(table, labels, secondary), source_text.get_text())
    if year is not None:
        artists.show(year)
    return artists


@dataclass
class YearArtists(Described):
    """A year explorer: one year's counts by sex (left) and the yearly series (right)."""

    figure: object
    bars: SexBars
    series_ax: object
    lines: dict
    highlight: object
    points: object
    title: object
    source: object
    series: pd.DataFrame
    bar_what: str = "people"
    series_labels: dict | None = None

    @property
    def dynamic(self) -> list:
        return [*self.bars.dynamic, self.highlight, self.points,
                self.series_ax.spines["bottom"], self.title]

    def show(self, year: int, title: str) -> dict[str, int]:
        """Show ``year`` in both panels and write ``title``; returns the bars' counts."""
        counts = self.bars.show(year)
        self.highlight.set_xdata([year, year])
        self.points.set_data([year] * len(self.lines),
                             [float(self.series.at[year, c]) for c in self.lines])
        self.title.set_text(title)
        labels = self.series_labels or {c: c for c in self.lines}
        years = [int(y) for y in self.series.index]
        table = _sex_table(counts, self.bar_what)
        extra = pd.DataFrame({"group": [f"{labels[c]} (right chart)" for c in self.lines],
                              self.bar_what: [fmt_count(self.series.at[year, c])
                                              for c in self.lines]})
        self.description = Description(
            sentence(f"Two charts for {year}. Left: bars of the {self.bar_what.split(' (')[0]} "
                     "by sex. Right: "
                     f"a line for each year from {years[0]} to {years[-1]} of "
                     f"{' and '.join(labels.values())}, with {year} marked", title,
                     f"{year} was seen only in a secondary source"
                     if self.bars.flag.get_visible() else ""),
            pd.concat([table, extra], ignore_index=True), self.source.get_text())
        return counts


@styled
def year_figure(table: pd.DataFrame, series: pd.DataFrame, year: int, *, source: str,
                bar_ylabel: str, series_ylabel: str, series_labels: dict[str, str],
                series_colours: dict[str, str], secondary_years=()) -> YearArtists:
    """Two panels for a year slider: ``table``'s counts by sex for ``year`` and ``series``
    (one column per line, one row per year) with ``year`` marked. Axes are fixed up front."""
    fig, (left, right) = new_figure(12, 5.6, ncols=2, gridspec_kw={"width_ratios": [1, 1.5]})
    source_text = add_source_line(fig, source)
    fig.subplots_adjust(top=0.86, wspace=0.3, left=0.08, right=0.98)
    bars = draw_sex_bars(left, table, year, secondary_years=secondary_years, ylabel=bar_ylabel)
    lines, _ = _series_lines(right, series, colours=series_colours, labels=series_labels,
                             secondary_years=secondary_years, markersize=6)
    _year_axis(right, series.index, every=2)
    right.set_ylim(0, float(series.to_numpy().max()) * 1.25)
    right.yaxis.set_major_formatter(lambda v, _pos: fmt_count(round(v)))
    right.set_ylabel(series_ylabel)
    right.legend(frameon=False, ncol=3, loc="upper left", fontsize=12, handlelength=1.5,
                 columnspacing=1.0)
    # the band stops below the legend, which a full draw puts on top of it
    highlight = right.axvline(year, ymax=0.8, color=PALETTE["grey"], linewidth=6, alpha=0.35)
    (points,) = right.plot([], [], linestyle="none", marker="o", markersize=11,
                           markerfacecolor="none", markeredgecolor=PALETTE["black"],
                           markeredgewidth=2)
    title = fig.text(0.01, 0.975, "", ha="left", va="top", fontsize=STYLE["axes.titlesize"],
                     fontweight=STYLE["axes.titleweight"])
    artists = YearArtists(fig, bars, right, lines, highlight, points, title, source_text, series,
                          bar_what=bar_ylabel, series_labels=dict(series_labels))
    return artists


def share_of_cancers_title(share: pd.DataFrame, bound: pd.Series) -> str:
    """'ALL was 0.30% to 0.35% of new cancer cases each year, 2019–2025: less than half of 1%'.

    ``bound`` is the sources' statement (a row of ``figures``: qualifier and value, in percent).
    """
    low, high = share["percent"].min(), share["percent"].max()
    span = f"{int(share.index.min())}–{int(share.index.max())}"
    held = [satisfies(p, bound["qualifier"], bound["value"]) for p in share["percent"]]
    words = "less than half of 1%" if (bound["qualifier"], float(bound["value"])) == \
        ("less than", 0.5) else f"{bound['qualifier']} {fmt_percent(bound['value'])}"
    if all(held):
        return (f"ALL was {fmt_percent(low, 2)} to {fmt_percent(high, 2)} of new cancer cases "
                f"each year, {span}:\nalways {words}")
    return (f"ALL was {fmt_percent(low, 2)} to {fmt_percent(high, 2)} of new cancer cases, "
            f"{span}:\nnot {words} in {len(held) - sum(held)} of {len(held)} years")


@dataclass
class ShareOfCancersArtists(Described):
    figure: object
    ax: object
    bars: list
    values: list
    bound: object
    title: object
    source: object


@styled
def share_of_cancers_figure(share: pd.DataFrame, bound: pd.Series, *, bound_label: str,
                            source: str) -> ShareOfCancersArtists:
    """ALL's share of all new cancer cases each year (bars), against the sources' bound (line).

    ``share`` comes from :func:`allstats.series.share_of_all_cancers`; secondary years are
    hatched and labelled.
    """
    fig, ax = new_figure(11, 6.4)
    source_text = add_source_line(fig, source)
    years = [int(y) for y in share.index]
    bars = list(ax.bar(years, share["percent"], width=0.65, color=ROLE["all"], linewidth=0))
    values = []
    for bar, (year, row) in zip(bars, share.iterrows()):
        mark_secondary(bar, bool(row["secondary"]))
        label = fmt_percent(row["percent"], 2) + ("\nsecondary" if row["secondary"] else "")
        values.append(ax.annotate(label, (year, row["percent"]), xytext=(0, 3),
                                  textcoords="offset points", ha="center", va="bottom",
                                  fontsize=13,
                                  color=TEXT["purple"] if row["secondary"] else "black"))
    top = max(float(bound["value"]), float(share["percent"].max())) * 1.3
    ax.set_ylim(0, top)
    line = ax.axhline(float(bound["value"]), color=ROLE["excess_death"], linewidth=2.5,
                      linestyle="--")
    ax.annotate(bound_label, (years[0] - 0.45, float(bound["value"])), xytext=(0, 5),
                textcoords="offset points", ha="left", va="bottom", fontsize=13,
                color=text_colour(ROLE["excess_death"]))
    _year_axis(ax, years)
    ax.yaxis.set_major_formatter(lambda v, _pos: fmt_percent(round(v, 2)))
    title = finish(ax, title=share_of_cancers_title(share, bound),
                   ylabel="% of all new cancer cases")
    artists = ShareOfCancersArtists(fig, ax, bars, values, line, title, source_text)
    table = pd.DataFrame({"year": [str(y) for y in years],
                          "ALL's share of new cancer cases": [fmt_percent(p, 2)
                                                              for p in share["percent"]]})
    if share["secondary"].any():
        table["source"] = [SECONDARY_WORDS if s else "" for s in share["secondary"]]
    artists.description = Description(
        sentence(f"Bar chart of ALL's share of all new cancer cases each year, {years[0]}–"
                 f"{years[-1]}, with a dashed line at the sources' bound: {flat(bound_label)}",
                 title.get_text()), table, source_text.get_text())
    return artists


def age_rates_title(rates: pd.DataFrame) -> str:
    """'Among children and teens, ALL is most frequent at ages 1–4: 75.2 per 1,000,000 a year'."""
    top = rates["rate"].idxmax()
    return (f"Among children and teens, new cases are most frequent at ages {top}:\n"
            f"{fmt_number(rates.at[top, 'rate'])} per 1,000,000 children a year")


@dataclass
class AgeRatesArtists(Described):
    figure: object
    ax: object
    bars: list
    seer: dict
    overall: object
    adult_note: object
    title: object
    source: object


_SEER_MARKERS = ("D", "s", "^", "v")


@styled
def age_rates_figure(rates: pd.DataFrame, *, overall: float, seer: pd.DataFrame | None = None,
                     adult_note: str, source: str) -> AgeRatesArtists:
    """Age-specific rates under 20 (bars, per 1,000,000 children a year), the under-20 rate
    (dashed line) and other sources' rates for the same ages (purple markers, secondary).

    ``rates`` comes from :func:`allstats.series.pediatric_rates_by_age`, ``seer`` from
    :func:`allstats.series.seer_rates_by_age` (already on the same scale). An empty slot for
    adults carries ``adult_note``: the data has no age-specific rates for adults, and the chart
    says so rather than drawing any.
    """
    fig, ax = new_figure(11, 6.6)
    source_text = add_source_line(fig, source)
    fig.subplots_adjust(bottom=fig.subplotpars.bottom + 0.04)    # two-line tick label
    groups = list(rates.index)
    positions = np.arange(len(groups))
    bars = list(ax.bar(positions, rates["rate"], width=0.7, color=ROLE["children"], linewidth=0,
                       label="MMWR 2017, US 2001–2014"))
    for p, r in zip(positions, rates["rate"]):     # inside the bar: the markers sit above it
        ax.annotate(fmt_number(r, 1), (p, r), xytext=(0, -4), textcoords="offset points",
                    ha="center", va="top", fontsize=13)
    overall_line = ax.axhline(overall, xmax=(len(groups) - 0.4 + 0.6) / (len(groups) + 1.6),
                              color=PALETTE["black"], linestyle="--", linewidth=1.8,
                              label=f"all ages under 20: {fmt_number(overall)}")
    seer_artists = {}
    if seer is not None and len(seer):
        by_source = list(dict.fromkeys(seer["label"]))
        offsets = np.linspace(-0.22, 0.22, len(by_source)) if len(by_source) > 1 else [0.0]
        for k, label in enumerate(by_source):
            rows = seer[seer["label"] == label]
            xs = [groups.index(g) + offsets[k] for g in rows["group"]]
            (seer_artists[label],) = ax.plot(
                xs, rows["rate"], linestyle="none", marker=_SEER_MARKERS[k % 4], markersize=10,
                color=ROLE["secondary"], markeredgecolor="white",
                label=f"{label} (secondary)")
    adult_x = len(groups) + 0.3
    ax.axvspan(adult_x - 0.65, adult_x + 0.65, color=PALETTE["grey"], alpha=0.12, linewidth=0)
    top = float(rates["rate"].max()) * 1.3
    note = ax.text(adult_x, top * 0.5, adult_note, ha="center", va="center", fontsize=12,
                   color="#333333", wrap=False)
    ax.set_xticks([*positions, adult_x],
                  [*groups, f"{int(rates['age_high'].max()) + 1} and\nolder"])
    ax.set_xlim(-0.6, adult_x + 0.7)
    ax.set_ylim(0, top)
    ax.legend(frameon=False, loc="upper right", fontsize=12)
    title = finish(ax, title=age_rates_title(rates), xlabel="age at diagnosis (years)",
                   ylabel="new cases per 1,000,000\nchildren a year")
    artists = AgeRatesArtists(fig, ax, bars, seer_artists, overall_line, note, title,
                              source_text)
    table = pd.DataFrame({"age group": groups,
                          "MMWR 2017, new cases per 1,000,000 a year": [round(float(r), 1)
                                                                       for r in rates["rate"]]})
    others = ""
    if seer is not None and len(seer):
        for label in dict.fromkeys(seer["label"]):
            rows = seer[seer["label"] == label].set_index("group")["rate"]
            table[f"{label} ({SECONDARY_WORDS})"] = [round(float(rows[g]), 1)
                                                      if g in rows.index else float("nan")
                                                      for g in groups]
        others = (f"Purple markers: {', '.join(dict.fromkeys(seer['label']))}, read only in "
                  "a secondary source")
    artists.description = Description(
        sentence(f"Bar chart of new cases of ALL per 1,000,000 children a year, by age group "
                 f"under {int(rates['age_high'].max()) + 1}, with a dashed line at all ages "
                 f"under {int(rates['age_high'].max()) + 1}: {fmt_number(overall)}",
                 title.get_text(), others, flat(adult_note)),
        table, source_text.get_text())
    return artists


@dataclass
class ShareStatementsArtists(Described):
    figure: object
    ax: object
    intervals: list
    points: list
    labels: list
    reference: object
    title: object
    source: object


@styled
def share_statements_figure(statements: pd.DataFrame, *, title: str, xlabel: str, source: str,
                            xlim: tuple[float, float] | None = None) -> ShareStatementsArtists:
    """What each source says about one share, one row per statement (first = the reference).

    From :func:`allstats.series.share_statements`: a thick bar spans the values the statement
    allows ("about 4 out of 10" spans 35% to 45%), a dot marks its value, an arrow a bound
    ("less than half"); the reference statement's span is shaded across the chart, so a
    statement outside it stands out. Secondary statements are purple and say so.
    """
    n = len(statements)
    fig, ax = new_figure(11, max(4.2, 2.2 + 0.6 * n))
    source_text = add_source_line(fig, source)
    fig.subplots_adjust(left=0.27, right=0.97)
    bounds = statements["qualifier"].isin(["less than", "up to", "more than", "at least"])
    shown = pd.concat([statements["percent"].dropna(), statements.loc[~bounds, "low"],
                       statements.loc[~bounds, "high"], statements.loc[bounds, "high"]
                       .where(statements.loc[bounds, "qualifier"].isin(["less than", "up to"]),
                              statements.loc[bounds, "low"])])
    if xlim is None:
        lo, hi = float(shown.min()), float(shown.max())
        pad = max(5.0, (hi - lo) * 0.25)
        xlim = (max(0.0, lo - pad), min(100.0, hi + 2.2 * pad))
    ref = statements.iloc[0]
    reference = ax.axvspan(ref["low"], ref["high"], color=ROLE["adults"], alpha=0.12,
                           linewidth=0)
    intervals, points, labels = [], [], []
    for i, (_, row) in enumerate(statements.iterrows()):
        y = n - 1 - i
        colour = ROLE["secondary"] if row["secondary"] else ROLE["adults"]
        if row["qualifier"] in ("less than", "up to") and pd.isna(row["percent"]):
            # a bound: an arrow from the stated value towards every smaller one
            intervals.append(ax.annotate("", (xlim[0], y), xytext=(row["high"], y),
                                         arrowprops=dict(arrowstyle="-|>", color=colour,
                                                         linewidth=4, mutation_scale=22,
                                                         shrinkA=0, shrinkB=0)))
            ax.plot([row["high"]] * 2, [y - 0.22, y + 0.22], color=colour, linewidth=3)
            right = row["high"]
        else:
            (span,) = ax.plot([row["low"], row["high"]], [y, y], color=colour, linewidth=9,
                              alpha=0.45, solid_capstyle="butt")
            intervals.append(span)
            right = max(row["high"], row["percent"])
        if not pd.isna(row["percent"]):
            (dot,) = ax.plot([row["percent"]], [y], marker="o", markersize=12, color=colour,
                             markeredgecolor="white")
            points.append(dot)
        note = row["stated"]
        if row["complement"]:
            note = f"{note} under 20 → {fmt_percent(round(row['percent'], 1))} aged 20+"
        if row["secondary"]:
            note += " (secondary)"
        labels.append(ax.annotate(note, (right, y), xytext=(10, 0), textcoords="offset points",
                                  ha="left", va="center", fontsize=13, color=text_colour(colour)))
    ax.set_yticks(range(n), list(statements["label"])[::-1])
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(*xlim)
    ax.xaxis.set_major_formatter(lambda v, _pos: fmt_percent(round(v, 1)))
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlabel(xlabel)
    # the title spans the whole figure: the sources' names take the left quarter
    fig.subplots_adjust(top=1 - (title.count("\n") + 1) * 0.3 / fig.get_figheight() - 0.04)
    title_text = fig.text(0.01, 0.985, title, ha="left", va="top",
                          fontsize=STYLE["axes.titlesize"], fontweight=STYLE["axes.titleweight"])
    artists = ShareStatementsArtists(fig, ax, intervals, points, labels, reference, title_text,
                                     source_text)
    artists.description = Description(
        sentence(f"Chart of what each source says about one share ({xlabel}): one row per "
                 "statement, a bar over the values its words allow and a dot at its number; "
                 f"the first statement's span, {fmt_percent(round(ref['low'], 1))} to "
                 f"{fmt_percent(round(ref['high'], 1))}, is shaded across the chart", title),
        _statements_table(statements), source_text.get_text())
    return artists


def _statements_table(statements: pd.DataFrame) -> pd.DataFrame:
    def allows(row):
        if row["qualifier"] in ("less than", "up to"):
            return f"{row['qualifier']} {fmt_percent(round(row['high'], 1))}"
        if row["qualifier"] in ("more than", "at least"):
            return f"{row['qualifier']} {fmt_percent(round(row['low'], 1))}"
        return f"{fmt_percent(round(row['low'], 1))} to {fmt_percent(round(row['high'], 1))}"
    return pd.DataFrame({
        "source": list(statements["label"]),
        "says": [r["stated"] + (" under 20" if r["complement"] else "")
                 for _, r in statements.iterrows()],
        "as a percentage": ["" if pd.isna(r["percent"]) else fmt_percent(round(r["percent"], 1))
                            for _, r in statements.iterrows()],
        "its words allow": [allows(r) for _, r in statements.iterrows()],
        "seen in": [SECONDARY_WORDS if r["secondary"] else "the source itself"
                    for _, r in statements.iterrows()]})


def _group_words(label: str, n: int, key: str) -> str:
    """A legend entry without its count ('43 adults' -> 'adults'), or the group's name."""
    prefix = f"{fmt_count(n)} "
    words = label[len(prefix):] if label.startswith(prefix) else label
    return words or key


@dataclass
class TwoGroupIcons(Described):
    """One icon per person in two groups (e.g. adults and children), one grid per group size.

    Only the visible grid and the legend's and title's texts change (:meth:`show`)."""

    figure: object
    ax: object
    arrays: dict
    colours: dict
    legend: object
    title: object
    source: object
    flag: object

    @property
    def dynamic(self) -> list:
        return ([a.collection.axes for a in self.arrays.values()]
                + [self.legend, self.title, self.flag])

    def show(self, size: int, first: int, *, title: str, labels: tuple[str, str],
             secondary: bool = False) -> dict:
        """Colour ``first`` of ``size`` icons in the first group's colour; returns the counts.

        ``secondary`` shows the purple "secondary source" flag under the title."""
        if not 0 <= first <= size:
            raise ValueError(f"the first group must have 0 to {size} people, got {first}")
        names = list(self.colours)
        counts = {names[0]: int(first), names[1]: int(size - first)}
        show_icon_grid(self.arrays, size, counts, self.colours)
        for text, label in zip(self.legend.get_texts(), labels):
            text.set_text(label)
        self.title.set_text(title)
        self.flag.set_visible(secondary)
        self.description = Description(
            sentence(f"Icon array of {fmt_count(size)} people, one icon each: "
                     f"{' and '.join(labels)}", title,
                     f"From a {SECONDARY_WORDS}" if secondary else ""),
            pd.DataFrame({"group": [_group_words(label, n, key) for (key, n), label
                                    in zip(counts.items(), labels)],
                          "people": [fmt_count(n) for n in counts.values()]}),
            self.source.get_text())
        return counts


@styled
def two_group_icons_figure(colours: dict[str, str], sizes: dict[int, int], *, source: str,
                           note: str = "", height: float = 6.4) -> TwoGroupIcons:
    """Icon arrays of each size in ``sizes`` (``{size: columns}``), two groups of ``colours``
    (``{group: colour}``, first group first). Call :meth:`TwoGroupIcons.show` to fill them.

    ``note`` (static, e.g. "one icon = one person who died of ALL") is written at the right,
    under the title; static text costs nothing on a change."""
    if len(colours) != 2:
        raise ValueError(f"two groups expected, got {list(colours)}")
    fig, ax = new_figure(10, height)
    source_text = add_source_line(fig, source)
    fig.subplots_adjust(top=0.86, bottom=fig.subplotpars.bottom + 0.06)
    arrays, legend = icon_grids_with_legend(ax, sizes, colours, fontsize=14)
    title = fig.text(0.01, 0.975, "", ha="left", va="top", fontsize=STYLE["axes.titlesize"],
                     fontweight=STYLE["axes.titleweight"])
    fig.text(0.99, 0.915, note, ha="right", va="top", fontsize=13, color="#333333")
    flag = fig.text(0.01, 0.915, SECONDARY_WORDS, ha="left", va="top",
                    fontsize=STYLE["font.size"], color=TEXT["purple"], fontweight="bold",
                    visible=False)
    return TwoGroupIcons(fig, ax, arrays, dict(colours), legend, title, source_text, flag)
