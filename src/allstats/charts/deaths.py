"""Charts of the notebook "Deaths": deaths set against new cases, year by year.

Counts by sex, the yearly series and the statements of the adults' share reuse the building
blocks of :mod:`allstats.charts.incidence` (``sex_split_figure``, ``series_figure``,
``share_statements_figure``, ``year_figure``, ``two_group_icons_figure``).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd

from ..text import fmt_count, fmt_number
from .base import SECONDARY_WORDS
from .alt import Described, Description, sentence
from .base import (PALETTE, ROLE, STYLE, TEXT, add_source_line, mark_secondary, new_figure,
                   styled)
from .incidence import _series_lines, _year_axis

__all__ = ["DEATHS_VS_CASES_CAVEAT", "DEATHS_VS_CASES_COLOURS", "DeathsVsCasesArtists",
           "deaths_vs_cases_title", "deaths_vs_cases_figure", "deaths_year_title"]

#: the one sentence every chart and readout of the ratio carries
DEATHS_VS_CASES_CAVEAT = ("Not a death rate and not a survival figure: a year's deaths include "
                          "people diagnosed in earlier years, so they are not the same people as "
                          "that year's new cases.")
DEATHS_VS_CASES_COLOURS = {"new_cases": ROLE["all"], "deaths": ROLE["excess_death"]}


def _per_100_text(value: float) -> str:
    return fmt_number(value, 1)


def deaths_vs_cases_title(ratio: pd.DataFrame) -> str:
    """'Each year, deaths were 20.3 to 27.8 for every 100 new cases of the same year (2014–2025)'.

    ``ratio`` comes from :func:`allstats.series.deaths_per_100_new_cases`.
    """
    low, high = ratio["per_100"].min(), ratio["per_100"].max()
    return (f"Each year, the estimated deaths were {_per_100_text(low)} to {_per_100_text(high)}"
            f"\nfor every 100 estimated new cases of the same year "
            f"({int(ratio.index.min())}–{int(ratio.index.max())})")


def deaths_year_title(year: int, deaths: int, per_100: float, *, secondary: bool = False) -> str:
    """'<year>: <N> deaths, <r> for every 100 new cases that year' (one year's finding)."""
    tail = " (secondary source)" if secondary else ""
    return (f"{year}: {fmt_count(deaths)} deaths, {_per_100_text(per_100)} for every 100 new "
            f"cases that year{tail}")


@dataclass
class DeathsVsCasesArtists(Described):
    figure: object
    counts_ax: object
    ratio_ax: object
    lines: dict
    bars: list
    values: list
    caveat: object
    title: object
    source: object


@styled
def deaths_vs_cases_figure(ratio: pd.DataFrame, *, source: str,
                           secondary_years=()) -> DeathsVsCasesArtists:
    """Top: each year's estimated new cases and deaths (people). Bottom: deaths per 100 new
    cases of the same year (``100 × deaths ÷ new cases``), with the caveat that the two counts
    are not the same people. Secondary years are ringed (top) and hatched (bottom)."""
    fig, (top, bottom) = new_figure(11, 8.6, nrows=2, sharex=True,
                                    gridspec_kw={"height_ratios": [1.25, 1]})
    source_text = add_source_line(fig, source)
    fig.subplots_adjust(top=0.87, hspace=0.28)
    counts = ratio[["new_cases", "deaths"]]
    lines, _ = _series_lines(top, counts, colours=DEATHS_VS_CASES_COLOURS,
                             labels={"new_cases": "new cases", "deaths": "deaths"},
                             secondary_years=secondary_years)
    top.set_ylim(0, float(counts.to_numpy().max()) * 1.25)
    top.yaxis.set_major_formatter(lambda v, _pos: fmt_count(round(v)))
    top.set_ylabel("people")
    top.legend(frameon=False, ncol=3, loc="upper left")
    years = [int(y) for y in ratio.index]
    bars = list(bottom.bar(years, ratio["per_100"], width=0.65,
                           color=DEATHS_VS_CASES_COLOURS["deaths"], linewidth=0))
    values = []
    for bar, (year, row) in zip(bars, ratio.iterrows()):
        mark_secondary(bar, bool(row["secondary"]))
        values.append(bottom.annotate(_per_100_text(row["per_100"]), (year, row["per_100"]),
                                      xytext=(0, 3), textcoords="offset points", ha="center",
                                      va="bottom", fontsize=12,
                                      color=TEXT["purple"] if row["secondary"] else "black"))
    bottom.set_ylim(0, float(ratio["per_100"].max()) * 1.75)
    bottom.set_ylabel("deaths per 100\nnew cases")
    caveat = bottom.text(0.01, 0.97, textwrap.fill(DEATHS_VS_CASES_CAVEAT, 80),
                         transform=bottom.transAxes, ha="left", va="top", fontsize=13,
                         color="#333333", style="italic",
                         bbox=dict(facecolor="white", edgecolor=PALETTE["grey"],
                                   boxstyle="round,pad=0.3"))
    _year_axis(bottom, years)
    title = top.set_title(deaths_vs_cases_title(ratio), loc="left",
                          fontsize=STYLE["axes.titlesize"], fontweight=STYLE["axes.titleweight"])
    artists = DeathsVsCasesArtists(fig, top, bottom, lines, bars, values, caveat, title,
                                   source_text)
    table = pd.DataFrame({"year": [str(y) for y in years],
                          "estimated new cases": [fmt_count(n) for n in ratio["new_cases"]],
                          "estimated deaths": [fmt_count(n) for n in ratio["deaths"]],
                          "deaths per 100 new cases": [_per_100_text(r) for r in ratio["per_100"]]})
    if ratio["secondary"].any():
        table["source"] = [SECONDARY_WORDS if s else "" for s in ratio["secondary"]]
    artists.description = Description(
        sentence(f"Two charts, {years[0]}–{years[-1]}. Top: a line of each year's estimated new "
                 "cases of ALL and one of its estimated deaths. Bottom: bars of the deaths for "
                 "every 100 new cases of the same year", title.get_text(),
                 DEATHS_VS_CASES_CAVEAT), table, source_text.get_text())
    return artists
