"""Explorers of the survival notebook: 100 people, one edition and age group at a time."""

from __future__ import annotations

import html

import ipywidgets as widgets

from .. import charts
from ..data import load
from ..text import fmt_number, fmt_percent, source_label, source_line
from .base import Explorer, connect, page_widgets

__all__ = ["survival_editions_source", "make_survival_by_age_explorer"]


def survival_editions_source(comparison=None, data_dir=None) -> str:
    """The source line of the editions: every Cancer.Net Statistics edition that gives both
    age groups (:func:`allstats.charts.edition_comparison`)."""
    comparison = charts.edition_comparison(data_dir=data_dir) if comparison is None else comparison
    rows = load("survival_by_age", data_dir)
    used = rows[rows["id"].isin(list(comparison["adults_id"]) + list(comparison["young_id"]))]
    return source_line(used, data_dir, max_sources=len(comparison))


def _edition_option(year: int, row, data_dir=None) -> str:
    name, edition = charts.citation_parts(row["source_id"], data_dir)
    return f"{year}: {name}, {edition}"


def make_survival_by_age_explorer(*, data_dir=None) -> Explorer:
    """Pick an edition of the Statistics page and an age group: an icon array of 100 people
    shows how many the 5-year survival figure counts as alive, and the bar is highlighted.

    Starts at the seed edition (the latest) and age 20 and older. ``explorer.values`` holds
    the edition, group, percent and the count out of 100 (:func:`allstats.charts.survival_out_of`).
    """
    comparison = charts.edition_comparison(data_dir=data_dir)
    horizon = charts.survival_horizon(data_dir)
    latest = comparison.iloc[-1]
    sources = load("sources", data_dir).set_index("id")
    style = {"description_width": "initial"}
    controls = {
        "edition": widgets.Dropdown(
            options=[(_edition_option(year, row, data_dir), int(year))
                     for year, row in comparison.iterrows()],
            value=int(comparison.index[-1]), description="Edition", style=style,
            layout=widgets.Layout(width="420px")),
        "age_group": widgets.ToggleButtons(
            options=[(latest["adults_group"], "adults"), (latest["young_group"], "young")],
            value="adults", description="Age group", style=style),
    }
    chart = charts.survival_explorer_figure(comparison, horizon_years=horizon,
                                            source=survival_editions_source(comparison, data_dir),
                                            data_dir=data_dir)
    readout, image = page_widgets("1000px")
    explorer = Explorer(controls, chart.figure,
                        {"chart": chart, "array": chart.array, "bars": chart.bars.bars,
                         "title": chart.title},
                        readout, image, dynamic=chart.dynamic,
                        name="survival-by-age")

    def update():
        year, group = controls["edition"].value, controls["age_group"].value
        shown = chart.show(year, group)
        row = comparison.loc[year]
        explorer.values.clear()
        explorer.values.update(shown)
        quote = row[f"quote_{group}"]
        secondary = ("<br><i>Secondary source: seen only in a paraphrase on another site; "
                     "re-check before relying on it.</i>" if shown["verification"] == "secondary"
                     else "")
        kind = ("a <i>relative</i> survival rate: deaths from other causes are taken out"
                if "relative" in quote else "the edition says “survival rate” without "
                "saying whether it is relative")
        readout.value = (
            f"Out of <b>{shown['out_of']}</b> people {html.escape(row[f'{group}_group'])} "
            f"diagnosed with ALL, about <b>{shown['alive']}</b> were alive "
            f"{fmt_number(horizon)} years later ({fmt_percent(shown['percent'])}; {kind}). "
            f"The people counted were diagnosed years before the {year} edition appeared."
            f"<br>{html.escape(source_label(sources.loc[row['source_id']]))}: "
            f"“{html.escape(quote)}”{secondary}")

    explorer.update = update
    return connect(explorer)
