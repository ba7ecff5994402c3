"""Explorers of the notebook "Deaths".

- :func:`make_deaths_explorer`: a year slider over the ACS estimates (2014–2025): that year's
  deaths by sex, the year marked on the series of deaths and new cases, and deaths per 100 new
  cases of the same year, with the caveat that they are not the same people.
- :func:`make_adult_deaths_explorer`: the guide's "about 80%" of deaths in adults, as 100
  people who died of ALL and as a count of the guide's year's deaths; the slider moves the share
  across the values that "about 80%" allows.
"""

from __future__ import annotations

import math
from functools import partial

from .. import catalogue as ids
from ..arithmetic import count_from_percent
from ..charts import ROLE
from ..charts import deaths as charts
from ..charts.incidence import two_group_icons_figure, year_figure
from ..data import load
from ..series import (counts_by_sex, deaths_per_100_new_cases, editions_line, secondary_years,
                      whole_people, year_sources)
from ..statements import allowed, describe
from ..text import figure, fmt_count, fmt_number, fmt_percent, source_line
from .base import (BREAK, Bold, Explorer, Italic, connect, explorer, int_slider,
                   year_explorer)

__all__ = ["ADULT_DEATHS_COLUMNS", "make_deaths_explorer", "deaths_readout",
           "adult_deaths_title", "adult_deaths_readout", "make_adult_deaths_explorer"]

#: the icon grid of the adult-deaths explorer: 100 people, 10 to a row
ADULT_DEATHS_COLUMNS = {100: 10}


def deaths_readout(v: dict) -> list:
    """The year's deaths by sex, its new cases, and deaths per 100 new cases with the caveat."""
    source = [v["source"]]
    if v["secondary"]:
        source += [", ", Bold("seen only in a secondary copy")]
    return [Bold(str(v["year"])), ": ", Bold(fmt_count(v["all"])),
            f" deaths ({fmt_count(v['male'])} men and boys, {fmt_count(v['female'])} women and "
            f"girls) and {fmt_count(v['new_cases'])} new cases · source: ", *source, BREAK,
            f"deaths ÷ new cases × 100 = {fmt_count(v['all'])} ÷ {fmt_count(v['new_cases'])} "
            "× 100 = ", Bold(fmt_number(v["per_100"], 1)), " deaths for every 100 new cases",
            BREAK, Italic(charts.DEATHS_VS_CASES_CAVEAT)]


@explorer("deaths")
def make_deaths_explorer(*, data_dir=None) -> Explorer:
    """A year slider over the ACS estimates of deaths.

    For the chosen year: the deaths by sex (bars), the year marked on the series of deaths and
    new cases, and ``100 × deaths ÷ new cases`` of that year, which the readout says is not a
    death rate (a year's deaths include people diagnosed in earlier years).
    """
    deaths = counts_by_sex("deaths", data_dir=data_dir)
    years = [int(y) for y in deaths.index]
    if years != list(range(years[0], years[-1] + 1)):
        raise ValueError(f"the years of the estimates have gaps: {years}")
    ratio = deaths_per_100_new_cases(data_dir=data_dir)
    sources = year_sources("deaths", data_dir=data_dir)
    secondary = sorted(set(secondary_years("deaths", data_dir=data_dir))
                       | set(secondary_years("new_cases", data_dir=data_dir)))
    estimates = load("acs_estimates", data_dir)
    guide_year = int(figure(ids.ADULTS_SHARE_OF_DEATHS, data_dir)["year"])
    start = guide_year if guide_year in years else years[-1]
    chart = year_figure(
        deaths, ratio[["new_cases", "deaths"]], start,
        source=editions_line(estimates, data_dir=data_dir), bar_ylabel="deaths (people)",
        series_ylabel="people, both sexes",
        series_labels={"new_cases": "new cases", "deaths": "deaths"},
        series_colours=charts.DEATHS_VS_CASES_COLOURS, secondary_years=secondary)

    def update(year: int) -> dict:
        row = ratio.loc[year]
        is_secondary = bool(row["secondary"])
        counts = chart.show(year, charts.deaths_year_title(year, int(row["deaths"]),
                                                           float(row["per_100"]),
                                                           secondary=is_secondary))
        return dict(year=year, **counts, new_cases=int(row["new_cases"]),
                    per_100=float(row["per_100"]), secondary=is_secondary,
                    source=sources.at[year, "source"])

    return year_explorer(chart, years, start, deaths_readout, update=update)


def adult_deaths_title(share: float, deaths: int, year: int) -> str:
    """'If <share>% of the <N> deaths in <year> were adults: about <n> adults' (whole people)."""
    adults = whole_people(count_from_percent(share, deaths))
    return (f"If {fmt_percent(share)} of the {fmt_count(deaths)} deaths in {year} were "
            f"adults: about {fmt_count(adults)} adults")


def adult_deaths_readout(v: dict, *, stated: str, low: float, high: float) -> list:
    """The share applied to the year's deaths, and the span the guide's wording allows."""
    low_count = whole_people(count_from_percent(low, v["deaths"]))
    high_count = whole_people(count_from_percent(high, v["deaths"]))
    return [f"{fmt_percent(v['share'])} of the ", Bold(fmt_count(v["deaths"])),
            f" deaths estimated for {v['year']} = ", Bold(fmt_count(v["adults"])),
            " adults and ", Bold(fmt_count(v["children"])),
            f" children and teens · the guide's “{stated}” could mean anything from "
            f"{fmt_percent(low)} to {fmt_percent(high)}: between {fmt_count(low_count)} and "
            f"{fmt_count(high_count)} adults"]


@explorer("adult-deaths")
def make_adult_deaths_explorer(*, data_dir=None) -> Explorer:
    """The guide's share of deaths in adults, moved across the values "about 80%" allows.

    The slider runs over what the guide's statement allows
    (:func:`allstats.statements.allowed`: 75% to 85% for "about 80%"); the icon array shows 100
    people who died of ALL, and the readout applies the share to the guide's own count of
    deaths for its year: ``adults = share ÷ 100 × deaths`` (rounded to whole people).
    """
    statement = figure(ids.ADULTS_SHARE_OF_DEATHS, data_dir)
    year = int(statement["year"])
    estimates = load("acs_estimates", data_dir)
    total_row = estimates[(estimates["measure"] == "deaths") & (estimates["sex"] == "all")
                          & (estimates["year"] == year)].iloc[0]
    deaths = int(total_row["count"])
    span = allowed(statement["qualifier"], statement["value"], statement["low"],
                   statement["high"])
    figures = load("figures", data_dir)
    chart = two_group_icons_figure(
        {"adults": ROLE["adults"], "children": ROLE["children"]},
        ADULT_DEATHS_COLUMNS, note="one icon = one of 100 people who died of ALL",
        source=source_line(figures[figures["id"] == statement.name], data_dir)
        + ". The count applies the share to the same page's estimate of deaths.")
    slider = int_slider("Adults' share of deaths (%)", value=int(statement["value"]),
                        min=math.ceil(span.low), max=math.floor(span.high))

    def update() -> dict:
        share = slider.value
        adults = whole_people(count_from_percent(share, deaths))
        counts = chart.show(100, share, title=adult_deaths_title(share, deaths, year),
                            labels=(f"{share} adults", f"{100 - share} children and teens"))
        return dict(share=share, year=year, deaths=deaths, adults=adults,
                    children=deaths - adults, icons=counts)

    readout = partial(adult_deaths_readout, stated=describe(statement), low=span.low,
                      high=span.high)
    return connect(Explorer({"share": slider}, chart, readout,
                            artists={"arrays": chart.arrays, "legend": chart.legend,
                                     "title": chart.title}), update)
