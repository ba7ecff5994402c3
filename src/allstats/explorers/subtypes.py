"""Explorers of the subtypes notebook: a share of 100 people, with its range drawn as a band."""

from __future__ import annotations

from functools import partial

from .. import catalogue as ids
from ..charts.subtypes import RANGE_ICON_COLOUR_WORDS, range_icon_key, range_icons_figure
from ..data import load
from ..statements import as_people, describe, share_allowed
from ..subtypes import statement_rows
from ..text import source_label, source_line
from .base import BREAK, Bold, Explorer, connect, dropdown, explorer, secondary_note

__all__ = ["SHARE_IDS", "share_option_label", "subtype_share_readout",
           "make_subtype_share_explorer"]

#: the statements the explorer offers, in the order of the notebook
SHARE_IDS = (ids.B_CELL_SHARE, ids.T_CELL_SHARE, ids.B_CELL_SHARE_ADULTS, ids.PH_ADULTS,
             ids.PH_ADULTS_SCCA, ids.PH_OVER_60_SCCA, ids.PH_LIKE, ids.NORMAL_KARYOTYPE,
             ids.REMISSION_CHILDREN, ids.REMISSION_CHILDREN_SERVIER, ids.REMISSION_ADULTS,
             ids.REMISSION_ADULTS_ACS, ids.REMISSION_CCS, ids.REMISSION_ADULTS_TEXTBOOK)


def share_option_label(row) -> str:
    """'Philadelphia chromosome: adults with ALL (Cancer.Net)'; '(secondary)' when it is.

    ``row`` is a row of :func:`allstats.subtypes.statement_rows` (with ``name`` and
    ``caption``)."""
    name = row["caption"].split(" (")[0]
    secondary = ", secondary" if row["verification"] == "secondary" else ""
    return f"{row['name']}: {row['population'].split(' (')[0]} ({name}{secondary})"


def subtype_share_readout(v: dict, *, rows, sources) -> list:
    """The statement, as people out of 100, what each colour of icons is, and the source's own
    words."""
    row = rows.loc[v["id"]]
    key = range_icon_key(v["kind"], {k: v[k] for k in ("solid", "band", "rest")})
    colours = RANGE_ICON_COLOUR_WORDS
    parts = [Bold(v["stated"]), f" of {row['population']}: ", Bold(as_people(row)), ". In "
             "the picture: "]
    for i, (colour, n, words) in enumerate(key):
        parts += [("; " if i else ""), Bold(f"{n:,}"), f" {colours[colour]}, {words}"]
    return [*parts, ".", BREAK,
            f"{source_label(sources.loc[row['source_id']])}, {row['location']}: "
            f"“{row['quote']}”",
            *secondary_note(v["verification"], "Secondary source: re-check with the original "
                                               "before relying on it.")]


@explorer("subtype-share")
def make_subtype_share_explorer(*, ids=SHARE_IDS, data_dir=None) -> Explorer:
    """Pick a statement (B-cell share, Philadelphia chromosome, remission ...): 100 people are
    recoloured, the lower end solid, the rest of a range light
    (:func:`allstats.charts.subtypes.icon_counts_for`), and the readout quotes the source's own
    words.
    """
    rows = statement_rows(ids, data_dir=data_dir).set_index("id", drop=False)
    sources = load("sources", data_dir).set_index("id")
    control = dropdown("Statistic", [(share_option_label(r), fid) for fid, r in rows.iterrows()],
                       value=ids[0], width="560px")
    first = rows.loc[ids[0]]
    chart = range_icons_figure(first, name=first["name"],
                               source=source_line(rows, data_dir, max_sources=len(rows)))

    def update() -> dict:
        row = rows.loc[control.value]
        counts = chart.show(row, row["name"])
        interval = share_allowed(row)
        return dict(counts, id=control.value, low=interval.low, high=interval.high,
                    kind=interval.kind, stated=describe(row), verification=row["verification"])

    return connect(Explorer({"statistic": control}, chart,
                            partial(subtype_share_readout, rows=rows, sources=sources),
                            artists={"array": chart.array, "counts": chart.counts,
                                     "words": chart.words, "title": chart.title,
                                     "subtitle": chart.subtitle}), update)
