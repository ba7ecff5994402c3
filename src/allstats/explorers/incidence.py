"""Explorers of the notebook "How many people get ALL".

- :func:`make_new_cases_explorer`: a year slider over the ACS estimates (2014–2025): that year's
  new cases by sex, the year marked on the series, and ALL's share of all new cancer cases
  checked against the sources' "less than half of 1%".
- :func:`make_adults_share_explorer`: an icon array of N people diagnosed, coloured adults /
  children by each source's statement of the adults' share, so that the sources' disagreement
  becomes a number of people.
"""

from __future__ import annotations

import pandas as pd

from .. import catalogue as ids
from ..arithmetic import natural_frequency, natural_frequency_phrase, satisfies
from ..charts import ROLE
from ..charts.incidence import two_group_icons_figure, year_figure
from ..data import load
from ..series import (counts_by_sex, editions_line, secondary_years, share_of_all_cancers,
                      share_statements, short_source, year_sources)
from ..statements import describe
from ..text import fmt_count, fmt_percent, source_line
from .base import BREAK, Bold, Explorer, connect, dropdown, explorer, year_explorer

__all__ = ["ADULT_SHARE_SIZES", "share_bounds_by_year", "new_cases_year_title",
           "new_cases_readout", "make_new_cases_explorer", "adult_case_statements",
           "adults_share_readout", "make_adults_share_explorer"]

#: group sizes the adults' share explorer offers, with the columns of each icon grid
ADULT_SHARE_SIZES = {10: 5, 100: 10, 1000: 50}


def share_bounds_by_year(figures: pd.DataFrame | None = None, *, data_dir=None) -> dict:
    """The statement of ALL's share of all cancers that applies to each year.

    The guide's statement (:data:`allstats.catalogue.SHARE_OF_ALL_CANCERS`) and the ACS
    editions' (:data:`~allstats.catalogue.SHARE_OF_ALL_CANCERS_ACS`): a year with its own
    statement uses it; ``None`` maps to the guide's statement, used for every other year.
    Returns ``{year or None: row}``.
    """
    figures = (load("figures", data_dir) if figures is None else figures).set_index("id",
                                                                                    drop=False)
    seed = figures.loc[ids.SHARE_OF_ALL_CANCERS]
    bounds = {None: seed}
    for fid in ids.SHARE_OF_ALL_CANCERS_ACS:
        row = figures.loc[fid]
        if not pd.isna(row["year"]):
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


def new_cases_readout(v: dict) -> list:
    """The year's new cases by sex and their source; ALL's share of all cancers and whether it
    is within the statement that applies to the year."""
    source = [v["source"] + (f" (split by sex: {v['sex_source']})" if v["sex_source"] else "")]
    if v["secondary"]:
        source += [", ", Bold("seen only in a secondary copy")]
    if v["share_percent"] is None:
        share = [f"no ACS total of all new cancer cases for {v['year']} in the data (the totals "
                 f"cover {v['totals_from']}–{v['totals_to']})"]
    else:
        verdict = "✔ within" if v["share_holds"] else "✘ not within"
        share = [f"share of all new cancer cases: {fmt_count(v['all_cases'])} ÷ "
                 f"{fmt_count(v['all_cancers'])} = ", Bold(fmt_percent(v["share_percent"], 3)),
                 f" · {verdict} “{v['bound']}” ({v['bound_source']})"]
    return [Bold(str(v["year"])), ": ", Bold(fmt_count(v["all"])),
            f" new cases ({fmt_count(v['male'])} men and boys, {fmt_count(v['female'])} women "
            "and girls) · source: ", *source, BREAK, *share]


@explorer("new-cases")
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
    chart = year_figure(
        table, table[["all"]], start, source=editions_line(
            estimates[estimates["measure"] == "new_cases"], data_dir=data_dir),
        bar_ylabel="new cases (people)", series_ylabel="new cases, all (people)",
        series_labels={"all": "new cases, both sexes"},
        series_colours={"all": ROLE["all"]}, secondary_years=secondary)

    def update(year: int) -> dict:
        is_secondary = year in secondary
        pct = float(share.at[year, "percent"]) if year in share.index else None
        counts = chart.show(year, new_cases_year_title(year, int(table.at[year, "all"]), pct,
                                                       secondary=is_secondary))
        source = sources.loc[year]
        bound = bounds.get(year, bounds[None])
        holds = None if pct is None else satisfies(pct, bound["qualifier"], bound["value"])
        values = dict(year=year, **counts, secondary=is_secondary, source=source["source"],
                      share_percent=pct, share_holds=holds, sex_source=source["sex_source"])
        if pct is None:
            values.update(totals_from=int(share.index.min()), totals_to=int(share.index.max()))
        else:
            values.update(all_cases=int(share.at[year, "all_cases"]),
                          all_cancers=int(share.at[year, "all_cancers"]),
                          bound=describe(bound),
                          bound_source=short_source(bound["source_id"], data_dir=data_dir))
        return values

    return year_explorer(chart, years, start, new_cases_readout, update=update)


def adult_case_statements(*, data_dir=None) -> pd.DataFrame:
    """Every statement of the adults' share of new cases in ``figures``, the guide's first.

    The guide's, the ACS editions' (:data:`allstats.catalogue.ADULTS_SHARE_OF_CASES_ACS` and
    2025) state the share; SEER's share under 20
    (:data:`~allstats.catalogue.UNDER_20_SHARE_OF_CASES`) is read as its complement, the share
    aged 20 or older (see :func:`allstats.series.share_statements`).
    """
    return share_statements([ids.ADULTS_SHARE_OF_CASES, *ids.ADULTS_SHARE_OF_CASES_ACS,
                             ids.ADULTS_SHARE_OF_CASES_ACS_2025],
                            complement_ids=ids.UNDER_20_SHARE_OF_CASES, data_dir=data_dir)


def _phrase(row, n: int) -> str:
    """'about 4 out of 10': the natural frequency, 'about' whenever the source says it."""
    phrase = natural_frequency_phrase(row["percent"], n)
    if row["qualifier"] == "about" and not phrase.startswith("about"):
        phrase = f"about {phrase}"
    return phrase


def adults_share_readout(v: dict) -> list:
    """What the source says, as a percentage and as people out of the chosen number."""
    parts = [f"{v['label']} says “{v['stated']}”"
             + (" (seen only in a secondary source)" if v["secondary"] else ""),
             " → ", Bold(fmt_percent(round(v["percent"], 1))), f" {v['group']} · out of ",
             Bold(fmt_count(v["size"])), " people diagnosed: ", Bold(fmt_count(v["adults"])),
             f" {v['group']}, ", Bold(fmt_count(v["children"])), f" {v['other']}"]
    if v["low"] != v["high"]:
        parts += [f" · “{v['stated']}” could mean anything from "
                  f"{fmt_percent(round(v['low_percent'], 1))} to "
                  f"{fmt_percent(round(v['high_percent'], 1))}: between ",
                  Bold(fmt_count(v["low"])), " and ", Bold(fmt_count(v["high"])),
                  f" of these {fmt_count(v['size'])} people"]
    return parts


@explorer("adults-share")
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
    chart = two_group_icons_figure({"adults": ROLE["adults"], "children": ROLE["children"]},
                                   ADULT_SHARE_SIZES, source=source_line(used, data_dir),
                                   note="one icon = one person diagnosed with ALL")
    statement = dropdown("Source", options, width="520px")
    size = dropdown("Out of", [(f"{n:,} people diagnosed", n) for n in ADULT_SHARE_SIZES],
                    value=100)

    def update() -> dict:
        row = statements.loc[statement.value]
        n = size.value
        adults, _ = natural_frequency(row["percent"], n)
        group = "aged 20 or older" if row["complement"] else "adults"
        other = "under 20" if row["complement"] else "children and teens"
        counts = chart.show(n, adults, title=f"{row['label']}: {_phrase(row, n)} people "
                                              f"diagnosed are {group}",
                            labels=(f"{fmt_count(adults)} {group}",
                                    f"{fmt_count(n - adults)} {other}"),
                            secondary=bool(row["secondary"]))
        low, high = natural_frequency(row["low"], n)[0], natural_frequency(row["high"], n)[0]
        return dict(statement=statement.value, size=n, adults=counts["adults"],
                    children=counts["children"], percent=float(row["percent"]), low=low,
                    high=high, low_percent=float(row["low"]), high_percent=float(row["high"]),
                    label=row["label"], group=group, other=other,
                    stated=row["stated"] + (" under 20" if row["complement"] else ""),
                    secondary=bool(row["secondary"]))

    return connect(Explorer({"statement": statement, "size": size}, chart, adults_share_readout,
                            artists={"arrays": chart.arrays, "legend": chart.legend,
                                     "title": chart.title}), update)

