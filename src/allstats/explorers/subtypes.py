"""Explorers of the subtypes notebook: a share of 100 people, with its range drawn as a band."""

from __future__ import annotations

import html

import ipywidgets as widgets

from .. import charts
from ..data import load
from ..text import describe, source_label, source_line
from .base import Explorer, connect, page_widgets

__all__ = ["SHARE_IDS", "share_option_label", "make_subtype_share_explorer"]

#: the statements the explorer offers, in the order of the notebook
SHARE_IDS = ("b-cell-share", "t-cell-share", "b-cell-share-adults-nccn",
             "philadelphia-share-adults", "philadelphia-share-adults-scca",
             "philadelphia-share-over-60-scca", "ph-like-share-precursor-b",
             "normal-karyotype-share", "cr-rate-children", "cr-rate-children-servier",
             "cr-rate-adults", "cr-rate-adults-acs", "cr-rate-ccs", "cr-rate-adults-textbook")


def share_option_label(row, data_dir=None) -> str:
    """'Philadelphia chromosome: adults with ALL (Cancer.Net)'; '(secondary)' when it is."""
    name = charts.citation_parts(row["source_id"], data_dir)[0]
    what = charts.STATISTIC_NAMES.get(row["id"], row["subject"])
    secondary = ", secondary" if row["verification"] == "secondary" else ""
    return f"{what}: {row['population'].split(' (')[0]} ({name}{secondary})"


def make_subtype_share_explorer(*, ids=SHARE_IDS, data_dir=None) -> Explorer:
    """Pick a statement (B-cell share, Philadelphia chromosome, remission ...): 100 people are
    recoloured, the lower end solid, the rest of a range light (:func:`allstats.charts.
    icon_counts_for`), and the readout quotes the source's own words.
    """
    figures = load("figures", data_dir).set_index("id", drop=False)
    sources = load("sources", data_dir).set_index("id")
    missing = [i for i in ids if i not in figures.index]
    if missing:
        raise KeyError(f"no figures with ids {missing} in data/figures.csv")
    rows = figures.loc[list(ids)]
    control = widgets.Dropdown(options=[(share_option_label(r, data_dir), fid)
                                        for fid, r in rows.iterrows()],
                               value=ids[0], description="Statistic",
                               style={"description_width": "initial"},
                               layout=widgets.Layout(width="560px"))
    first = rows.loc[ids[0]]
    chart = charts.range_icons_figure(first, name=charts.STATISTIC_NAMES.get(ids[0], ""),
                                      source=source_line(rows, data_dir, max_sources=len(rows)))
    readout, image = page_widgets()
    explorer = Explorer({"statistic": control}, chart.figure,
                        {"chart": chart, "array": chart.array, "counts": chart.counts,
                         "band_label": chart.band_label, "title": chart.title,
                         "subtitle": chart.subtitle},
                        readout, image, dynamic=chart.dynamic,
                        name="subtype-share")

    def update():
        row = rows.loc[control.value]
        name = charts.STATISTIC_NAMES.get(control.value, row["subject"])
        counts = chart.show(row, name)
        interval = charts.qualified_interval(row)
        explorer.values.clear()
        explorer.values.update(counts, id=control.value, low=interval.low, high=interval.high,
                               kind=interval.kind, stated=describe(row),
                               verification=row["verification"])
        secondary = ("<br><i>Secondary source: re-check with the original before relying on "
                     "it.</i>" if row["verification"] == "secondary" else "")
        readout.value = (
            f"<b>{html.escape(describe(row))}</b> of {html.escape(row['population'])}: "
            f"<b>{html.escape(charts.natural_frequency_text(row))}</b>. "
            f"Solid <b>{counts['solid']}</b>, light <b>{counts['band']}</b>, grey "
            f"<b>{counts['rest']}</b>.<br>{html.escape(source_label(sources.loc[row['source_id']]))}"
            f", {html.escape(row['location'])}: “{html.escape(row['quote'])}”{secondary}")

    explorer.update = update
    return connect(explorer)
