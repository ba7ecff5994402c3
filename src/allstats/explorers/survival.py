"""Explorers of the survival notebook: 100 people, one edition and age group at a time."""

from __future__ import annotations

from functools import partial

from ..charts.survival import survival_explorer_figure
from ..data import load
from ..survival import edition_comparison, horizon_years
from ..text import fmt_number, fmt_percent, source_label, source_line
from .base import BREAK, Bold, Explorer, Italic, connect, dropdown, explorer, toggle_buttons

__all__ = ["survival_editions_source", "survival_by_age_readout", "make_survival_by_age_explorer"]


def survival_editions_source(comparison=None, data_dir=None) -> str:
    """The source line of the editions: every Cancer.Net Statistics edition that gives both
    age groups (:func:`allstats.survival.edition_comparison`)."""
    comparison = edition_comparison(data_dir=data_dir) if comparison is None else comparison
    rows = load("survival_by_age", data_dir)
    used = rows[rows["id"].isin(list(comparison["adults_id"]) + list(comparison["young_id"]))]
    return source_line(used, data_dir, max_sources=len(comparison))


def survival_by_age_readout(v: dict, *, comparison, horizon: float, sources) -> list:
    """The edition's figure as people out of 100, what kind of rate it is, and its quote."""
    row = comparison.loc[v["edition_year"]]
    quote = row[f"quote_{v['group']}"]
    kind = (["a ", Italic("relative"), " survival rate: deaths from other causes are taken out"]
            if "relative" in quote else
            ["the edition says “survival rate” without saying whether it is relative"])
    parts = ["Out of ", Bold(str(v["out_of"])), f" people {row[v['group'] + '_group']} "
             "diagnosed with ALL, about ", Bold(str(v["alive"])),
             f" were alive {fmt_number(horizon)} years later ({fmt_percent(v['percent'])}; ",
             *kind, f"). The people counted were diagnosed years before the "
             f"{v['edition_year']} edition appeared.", BREAK,
             f"{source_label(sources.loc[row['source_id']])}: “{quote}”"]
    if v["verification"] == "secondary":
        parts += [BREAK, Italic("Secondary source: seen only in a paraphrase on another site; "
                                "re-check before relying on it.")]
    return parts


@explorer("survival-by-age")
def make_survival_by_age_explorer(*, data_dir=None) -> Explorer:
    """Pick an edition of the Statistics page and an age group: an icon array of 100 people
    shows how many the 5-year survival figure counts as alive, and the bar is highlighted.

    Starts at the seed edition (the latest) and age 20 and older. ``explorer.values`` holds
    the edition, group, percent and the count out of 100
    (:func:`allstats.survival.survival_out_of`).
    """
    comparison = edition_comparison(data_dir=data_dir)
    horizon = horizon_years(data_dir)
    latest = comparison.iloc[-1]
    sources = load("sources", data_dir).set_index("id")
    controls = {
        "edition": dropdown("Edition", [(f"{year}: {row['source_name']}, {row['edition']}",
                                         int(year)) for year, row in comparison.iterrows()],
                            value=int(comparison.index[-1]), width="420px"),
        "age_group": toggle_buttons("Age group", [(latest["adults_group"], "adults"),
                                                  (latest["young_group"], "young")],
                                    value="adults"),
    }
    chart = survival_explorer_figure(comparison, horizon_years=horizon,
                                     source=survival_editions_source(comparison, data_dir))

    def update() -> dict:
        return chart.show(controls["edition"].value, controls["age_group"].value)

    readout = partial(survival_by_age_readout, comparison=comparison, horizon=horizon,
                      sources=sources)
    # room for the longest readout (a secondary edition adds a line): the chart does not jump
    return connect(Explorer(controls, chart, readout,
                            artists={"array": chart.array, "bars": chart.bars.bars,
                                     "title": chart.title}, max_width="1000px",
                            readout_height="8em"), update)
