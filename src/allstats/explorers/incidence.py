"""Explorers of the notebook "How many people get ALL".

- :func:`make_new_cases_explorer`: a year slider over the ACS estimates (2014–2025): that year's
  new cases by sex, the year marked on the series, and ALL's share of all new cancer cases
  checked against the sources' "less than half of 1%".
- :func:`make_adults_share_explorer`: an icon array of N people diagnosed, coloured adults /
  children by each source's statement of the adults' share, so that the sources' disagreement
  becomes a number of people.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .. import charts
from ..arithmetic import natural_frequency, natural_frequency_phrase, satisfies
from ..data import load
from ..series import (counts_by_sex, editions_line, secondary_years, share_of_all_cancers,
                      share_statements, short_source, year_sources)
from ..text import describe, fmt_count, fmt_percent, source_line
from .base import Explorer, connect, page_widgets

__all__ = ["ADULT_SHARE_SIZES", "share_bounds_by_year", "new_cases_year_title",
           "make_new_cases_explorer", "adult_case_statements", "make_adults_share_explorer"]

#: group sizes the adults' share explorer offers, with the columns of each icon grid
ADULT_SHARE_SIZES = {10: 5, 100: 10, 1000: 40}
_SLIDER_LAYOUT = widgets.Layout(width="520px")
_STYLE = {"description_width": "initial"}


def share_bounds_by_year(figures: pd.DataFrame | None = None, *, data_dir=None) -> dict:
    """The statement of ALL's share of all cancers that applies to each year.

    The rows of ``figures`` whose id starts with ``all-share-of-cancers``: a year with its own
    statement (an ACS edition) uses it; ``None`` maps to the seed guide's statement, used for
    every other year. Returns ``{year or None: row}``.
    """
    figures = load("figures", data_dir) if figures is None else figures
    rows = figures[figures["id"].str.startswith("all-share-of-cancers")]
    seed = rows[rows["id"] == "all-share-of-cancers-2023"].iloc[0]
    bounds = {None: seed}
    for _, row in rows.iterrows():
        if not pd.isna(row["year"]) and row["id"] != seed["id"]:
            bounds[int(row["year"])] = row
    bounds.setdefault(int(seed["year"]), seed)
    return bounds


def new_cases_year_title(year: int, total: int, share_percent: float | None, *,
                         secondary: bool = False) -> str:
    """'<year>: <N> new cases, <share>% of all new cancer cases' (the share when it is known)."""
    share = "" if share_percent is None else \
        f", {fmt_percent(share_percent, 2)} of all new cancer cases"
    return (f"{year}: {fmt_count(total)} new cases{share}"
            + (" (secondary source)" if secondary else ""))



def year_explorer(chart, years, start: int, *, name: str) -> Explorer:
    """An explorer of a :func:`charts.year_figure`: one slider over exactly ``years``.

    Shared by the new-cases and deaths explorers; the factory sets ``update`` and connects it.
    """
    slider = widgets.IntSlider(value=start, min=years[0], max=years[-1], step=1,
                               description="Year of the estimate", style=_STYLE,
                               continuous_update=True, layout=_SLIDER_LAYOUT)
    readout, image = page_widgets("1000px")
    return Explorer({"year": slider}, chart.figure,
                    {"chart": chart, "bars": chart.bars, "title": chart.title,
                     "highlight": chart.highlight, "points": chart.points},
                    readout, image, dynamic=chart.dynamic, name=name)


def make_new_cases_explorer(*, data_dir=None) -> Explorer:
    """A year slider over the ACS estimates of new cases.

    For the chosen year: the counts by sex (bars), the year marked on the series of all years,
    and, where the ACS total of all new cancer cases is known, ALL's share of it
    (``100 × ALL new cases ÷ all new cancer cases``) checked against "less than half of 1%".
    """
    table = counts_by_sex("new_cases", data_dir=data_dir)
    years = [int(y) for y in table.index]
    if years != list(range(years[0], years[-1] + 1)):
        raise ValueError(f"the years of the estimates have gaps: {years}")
    sources = year_sources("new_cases", data_dir=data_dir)
    secondary = secondary_years("new_cases", data_dir=data_dir)
    share = share_of_all_cancers(data_dir=data_dir)
    bounds = share_bounds_by_year(data_dir=data_dir)
    estimates = load("acs_estimates", data_dir)
    start = int(bounds[None]["year"]) if int(bounds[None]["year"]) in years else years[-1]

    chart = charts.year_figure(
        table, table[["all"]], start, source=editions_line(
            estimates[estimates["measure"] == "new_cases"], data_dir=data_dir),
        bar_ylabel="new cases (people)", series_ylabel="new cases, all (people)",
        series_labels={"all": "new cases, both sexes"},
        series_colours={"all": charts.ROLE["all"]}, secondary_years=secondary)
    explorer = year_explorer(chart, years, start, name="new-cases")
    slider, readout = explorer.controls["year"], explorer.readout

    def update():
        year = slider.value
        is_secondary = year in secondary
        pct = float(share.at[year, "percent"]) if year in share.index else None
        counts = chart.show(year, new_cases_year_title(year, int(table.at[year, "all"]), pct,
                                                       secondary=is_secondary))
        source = sources.loc[year]
        bound = bounds.get(year, bounds[None])
        holds = None if pct is None else satisfies(pct, bound["qualifier"], bound["value"])
        explorer.values.clear()
        explorer.values.update(year=year, **counts, secondary=is_secondary,
                               source=source["source"], share_percent=pct, share_holds=holds)
        source_words = source["source"] + (f" (split by sex: {source['sex_source']})"
                                           if source["sex_source"] else "")
        if is_secondary:
            source_words += ", <b>seen only in a secondary copy</b>"
        if pct is None:
            share_words = (f"no ACS total of all new cancer cases for {year} in the data "
                           f"(the totals cover {int(share.index.min())}–"
                           f"{int(share.index.max())})")
        else:
            verdict = "✔ within" if holds else "✘ not within"
            share_words = (f"share of all new cancer cases: "
                           f"{fmt_count(share.at[year, 'all_cases'])}"
                           f" ÷ {fmt_count(share.at[year, 'all_cancers'])} = "
                           f"<b>{fmt_percent(pct, 3)}</b> · {verdict} “{describe(bound)}” "
                           f"({short_source(bound['source_id'], data_dir=data_dir)})")
        readout.value = (f"<b>{year}</b>: <b>{fmt_count(counts['all'])}</b> new cases "
                         f"({fmt_count(counts['male'])} men and boys, "
                         f"{fmt_count(counts['female'])} women and girls) · source: "
                         f"{source_words}<br>{share_words}")

    explorer.update = update
    return connect(explorer)


def adult_case_statements(*, data_dir=None) -> pd.DataFrame:
    """Every statement of the adults' share of new cases in ``figures``, the guide's first.

    Rows whose id starts with ``adults-share-of-cases`` state the share; rows starting with
    ``share-cases-under-20`` state the under-20 share, whose complement is the share aged 20
    or older (see :func:`allstats.series.share_statements`).
    """
    figures = load("figures", data_dir)
    ids = list(figures.loc[figures["id"].str.startswith("adults-share-of-cases"), "id"])
    ids.sort(key=lambda i: (i != "adults-share-of-cases-2023", i))
    complement = list(figures.loc[figures["id"].str.startswith("share-cases-under-20"), "id"])
    return share_statements(ids, complement_ids=complement, figures=figures, data_dir=data_dir)


def _group_words(row) -> str:
    return "aged 20 or older" if row["complement"] else "adults"


def _phrase(row, n: int) -> str:
    """'about 4 out of 10': the natural frequency, 'about' whenever the source says it."""
    phrase = natural_frequency_phrase(row["percent"], n)
    if row["qualifier"] == "about" and not phrase.startswith("about"):
        phrase = f"about {phrase}"
    return phrase


def make_adults_share_explorer(*, data_dir=None) -> Explorer:
    """An icon array of 10, 100 or 1,000 people diagnosed with ALL, coloured by a source's
    statement of the adults' share (``adults = round(share × N)``, a natural frequency).

    Statements that give only a bound ("a little less than half") have no count to draw and
    are not offered; the readout gives the span each "about" allows.
    """
    statements = adult_case_statements(data_dir=data_dir)
    drawable = statements.dropna(subset=["percent"])
    options = [(f"{row['label']}: {row['stated']}"
                + (" under 20" if row["complement"] else "")
                + (" (secondary)" if row["secondary"] else ""), fid)
               for fid, row in drawable.iterrows()]
    figures = load("figures", data_dir)
    used = figures[figures["id"].isin(drawable.index)]
    chart = charts.two_group_icons_figure({"adults": charts.ROLE["adults"],
                                           "children": charts.ROLE["children"]},
                                          ADULT_SHARE_SIZES, source=source_line(used, data_dir),
                                          note="one icon = one person diagnosed with ALL")
    statement = widgets.Dropdown(options=options, value=options[0][1], description="Source",
                                 style=_STYLE, layout=widgets.Layout(width="520px"))
    size = widgets.Dropdown(options=[(f"{n:,} people diagnosed", n) for n in ADULT_SHARE_SIZES],
                            value=100, description="Out of", style=_STYLE)
    readout, image = page_widgets()
    explorer = Explorer({"statement": statement, "size": size}, chart.figure,
                        {"chart": chart, "arrays": chart.arrays, "legend": chart.legend,
                         "title": chart.title}, readout, image,
                        dynamic=chart.dynamic, name="adults-share")

    def update():
        row = statements.loc[statement.value]
        n = size.value
        adults, _ = natural_frequency(row["percent"], n)
        group = _group_words(row)
        other = "under 20" if row["complement"] else "children and teens"
        phrase = _phrase(row, n)
        counts = chart.show(n, adults, title=f"{row['label']}: {phrase} people diagnosed "
                                              f"are {group}",
                            labels=(f"{fmt_count(adults)} {group}",
                                    f"{fmt_count(n - adults)} {other}"),
                            secondary=bool(row["secondary"]))
        low, high = natural_frequency(row["low"], n)[0], natural_frequency(row["high"], n)[0]
        explorer.values.clear()
        explorer.values.update(statement=statement.value, size=n, adults=counts["adults"],
                               children=counts["children"], percent=float(row["percent"]),
                               low=low, high=high)
        stated = f"“{row['stated']}{' under 20' if row['complement'] else ''}”"
        span = ("" if low == high else
                f" · the source's rounding allows {fmt_percent(round(row['low'], 1))} to "
                f"{fmt_percent(round(row['high'], 1))}: <b>{fmt_count(low)}</b> to "
                f"<b>{fmt_count(high)}</b> of {fmt_count(n)}")
        readout.value = (f"{row['label']} says {stated}"
                         + (" (seen only in a secondary source)" if row["secondary"] else "")
                         + f" → <b>{fmt_percent(round(row['percent'], 1))}</b> {group}"
                         f" · out of <b>{fmt_count(n)}</b> people diagnosed: "
                         f"<b>{fmt_count(adults)}</b> {group}, <b>{fmt_count(n - adults)}</b> "
                         f"{other}{span}")

    explorer.update = update
    return connect(explorer)
