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

import ipywidgets as widgets

from .. import charts
from ..arithmetic import count_from_percent
from ..data import load
from ..series import (counts_by_sex, deaths_per_100_new_cases, editions_line, secondary_years,
                      statement_interval, whole_people, year_sources)
from ..text import describe, figure, fmt_count, fmt_number, fmt_percent, source_line
from .base import Explorer, connect, page_widgets
from .incidence import year_explorer

__all__ = ["ADULT_DEATHS_COLUMNS", "make_deaths_explorer", "adult_deaths_title",
           "make_adult_deaths_explorer"]

#: the icon grid of the adult-deaths explorer: 100 people, 10 to a row
ADULT_DEATHS_COLUMNS = {100: 10}
_STYLE = {"description_width": "initial"}


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
    guide_year = int(figure("adults-share-of-deaths-2023", data_dir)["year"])
    start = guide_year if guide_year in years else years[-1]

    chart = charts.year_figure(
        deaths, ratio[["new_cases", "deaths"]], start,
        source=editions_line(estimates, data_dir=data_dir), bar_ylabel="deaths (people)",
        series_ylabel="people, both sexes",
        series_labels={"new_cases": "new cases", "deaths": "deaths"},
        series_colours=charts.DEATHS_VS_CASES_COLOURS, secondary_years=secondary)
    explorer = year_explorer(chart, years, start, name="deaths")
    slider, readout = explorer.controls["year"], explorer.readout

    def update():
        year = slider.value
        row = ratio.loc[year]
        is_secondary = bool(row["secondary"])
        counts = chart.show(year, charts.deaths_year_title(year, int(row["deaths"]),
                                                           float(row["per_100"]),
                                                           secondary=is_secondary))
        explorer.values.clear()
        explorer.values.update(year=year, **counts, new_cases=int(row["new_cases"]),
                               per_100=float(row["per_100"]), secondary=is_secondary,
                               source=sources.at[year, "source"])
        source_words = sources.at[year, "source"]
        if is_secondary:
            source_words += ", <b>seen only in a secondary copy</b>"
        readout.value = (
            f"<b>{year}</b>: <b>{fmt_count(counts['all'])}</b> deaths "
            f"({fmt_count(counts['male'])} men and boys, {fmt_count(counts['female'])} women and "
            f"girls) and {fmt_count(row['new_cases'])} new cases · source: {source_words}<br>"
            f"deaths ÷ new cases × 100 = {fmt_count(counts['all'])} ÷ "
            f"{fmt_count(row['new_cases'])} × 100 = <b>{fmt_number(row['per_100'], 1)}</b> "
            f"deaths for every 100 new cases<br><i>{charts.DEATHS_VS_CASES_CAVEAT}</i>")

    explorer.update = update
    return connect(explorer)


def adult_deaths_title(share: float, deaths: int, year: int) -> str:
    """'If <share>% of the <N> deaths in <year> were adults: about <n> adults' (whole people)."""
    adults = whole_people(count_from_percent(share, deaths))
    return (f"If {fmt_percent(share)} of the {fmt_count(deaths)} deaths in {year} were "
            f"adults: about {fmt_count(adults)} adults")


def make_adult_deaths_explorer(*, data_dir=None) -> Explorer:
    """The guide's share of deaths in adults, moved across the values "about 80%" allows.

    The slider runs over :func:`allstats.series.statement_interval` of the guide's statement
    (75% to 85% for "about 80%"); the icon array shows 100 people who died of ALL, and the
    readout applies the share to the guide's own count of deaths for its year:
    ``adults = share ÷ 100 × deaths`` (rounded to whole people).
    """
    statement = figure("adults-share-of-deaths-2023", data_dir)
    year = int(statement["year"])
    estimates = load("acs_estimates", data_dir)
    total_row = estimates[(estimates["measure"] == "deaths") & (estimates["sex"] == "all")
                          & (estimates["year"] == year)].iloc[0]
    deaths = int(total_row["count"])
    low, high = statement_interval(statement["qualifier"], statement["value"],
                                   statement["low"], statement["high"])
    figures = load("figures", data_dir)
    chart = charts.two_group_icons_figure(
        {"adults": charts.ROLE["adults"], "children": charts.ROLE["children"]},
        ADULT_DEATHS_COLUMNS, note="one icon = one of 100 people who died of ALL",
        source=source_line(figures[figures["id"] == statement.name], data_dir)
        + ". The count applies the share to the same page's estimate of deaths.")
    slider = widgets.IntSlider(value=int(statement["value"]), min=math.ceil(low),
                               max=math.floor(high), step=1,
                               description="Adults' share of deaths (%)", style=_STYLE,
                               continuous_update=True, layout=widgets.Layout(width="520px"))
    readout, image = page_widgets()
    explorer = Explorer({"share": slider}, chart.figure,
                        {"chart": chart, "arrays": chart.arrays, "legend": chart.legend,
                         "title": chart.title}, readout, image,
                        dynamic=chart.dynamic, name="adult-deaths")
    low_count = whole_people(count_from_percent(low, deaths))
    high_count = whole_people(count_from_percent(high, deaths))

    def update():
        share = slider.value
        adults = whole_people(count_from_percent(share, deaths))
        counts = chart.show(100, share, title=adult_deaths_title(share, deaths, year),
                            labels=(f"{share} adults", f"{100 - share} children and teens"))
        explorer.values.clear()
        explorer.values.update(share=share, year=year, deaths=deaths, adults=adults,
                               children=deaths - adults, icons=counts)
        readout.value = (
            f"{fmt_percent(share)} of the <b>{fmt_count(deaths)}</b> deaths estimated for {year}"
            f" = <b>{fmt_count(adults)}</b> adults and <b>{fmt_count(deaths - adults)}</b> "
            f"children and teens · the guide's “{describe(statement)}” allows "
            f"{fmt_percent(low)} to {fmt_percent(high)}: {fmt_count(low_count)} to "
            f"{fmt_count(high_count)} adults")

    explorer.update = update
    return connect(explorer)
