"""Explorers of the *Start here* and *Sources and claims* notebooks.

- :func:`make_natural_frequency_explorer`: pick a statistic from the data and a number of
  people (10, 100 or 1,000) and see it as people: "about 4 out of 10";
- :func:`make_disagreement_explorer`: pick a place where sources disagree and see every
  source's figure, what its wording allows, and the two sides' quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd

from .. import catalogue as ids
from ..arithmetic import natural_frequency, natural_frequency_phrase
from ..charts.sources import disagreement_figure, natural_frequency_figure
from ..data import load
from ..provenance import disagreements, side_by_side_html
from ..statements import describe, share_allowed
from ..survival import horizon_years
from ..text import fmt_number, source_label, source_line
from .base import BREAK, Bold, Html, Italic, PerChoiceExplorer, connect, dropdown, explorer

__all__ = ["NATURAL_FREQUENCY_DENOMINATORS", "NATURAL_FREQUENCY_CHOICES", "NaturalFrequencyChoice",
           "natural_frequency_choices", "natural_frequency_reading", "natural_frequency_readout",
           "make_natural_frequency_explorer", "disagreement_readout",
           "make_disagreement_explorer"]

#: how many people the statistic can be shown out of
NATURAL_FREQUENCY_DENOMINATORS = (10, 100, 1000)

#: statistics offered by default: (resource, row id, what the counted people do or are).
#: Everything else (the number, who is counted, the quote, the source) comes from the row.
NATURAL_FREQUENCY_CHOICES = (
    ("figures", ids.ADULTS_SHARE_OF_CASES, "are adults"),
    ("figures", ids.ADULTS_SHARE_OF_DEATHS, "are adults"),
    ("survival_by_age", ids.SURVIVAL_ADULTS, "are alive after {horizon} years, relative to "
                                             "similar people without ALL"),
    ("survival_by_age", ids.SURVIVAL_YOUNG, "are alive after {horizon} years, relative to "
                                            "similar people without ALL"),
    ("figures", ids.B_CELL_SHARE, "have the B-cell subtype"),
    ("figures", ids.REMISSION_ADULTS, "reach a complete remission"),
    ("figures", ids.PH_ADULTS, "have the Philadelphia chromosome"),
    ("figures", ids.LEUKEMIA_UNDER_20_SHARE, "have ALL (rather than another leukemia)"),
)


@dataclass(frozen=True)
class NaturalFrequencyChoice:
    """One statistic the explorer can show, with everything needed to say it as people."""

    key: str                # the row's id
    label: str              # the dropdown's text
    row: pd.Series
    population: str         # who is counted: "people diagnosed with ALL"
    predicate: str          # what the counted people do or are: "are adults"
    low: float              # the percentage (both bounds equal unless the source gives a range)
    high: float
    source: str             # the source line


def natural_frequency_choices(choices=NATURAL_FREQUENCY_CHOICES, data_dir=None
                              ) -> dict[str, NaturalFrequencyChoice]:
    """The statistics of ``choices`` read from ``data/``, keyed by row id.

    Only shares stated as exact, "about" or a range can be drawn as people; other qualifiers
    ("more than 95%") raise ValueError, since an icon array would state more than the source.
    """
    horizon = fmt_number(horizon_years(data_dir))
    tables = {name: load(name, data_dir).set_index("id", drop=False)
              for name in dict.fromkeys(resource for resource, _, _ in choices)}
    sources = load("sources", data_dir).set_index("id")
    found = {}
    for resource, row_id, predicate in choices:
        row = tables[resource].loc[row_id]
        if row["qualifier"] not in ("exact", "about", "range"):
            raise ValueError(f"{row_id}: a share stated as {row['qualifier']!r} cannot be drawn "
                             "as a number of people")
        if resource == "figures":
            population = row["population"]
            stated = share_allowed(row)
            subject = row["subject"]
        else:
            population = f"people with ALL ({row['group']})"
            stated = share_allowed({**row, "value": row["percent"], "unit": "percent"})
            subject = f"{horizon}-year relative survival, {row['group']}"
        # the number as written (a range: its two ends); "about" is kept in the phrase
        low, high = (stated.low, stated.high) if stated.kind == "range" else \
            (stated.value, stated.value)
        source = sources.loc[row["source_id"]]
        secondary = " (secondary source: re-check before use)" if row["verification"] == \
            "secondary" else ""
        found[row_id] = NaturalFrequencyChoice(
            key=row_id, label=f"{subject}: {describe(row)}", row=row, population=population,
            predicate=predicate.format(horizon=horizon), low=low, high=high,
            source=f"Source: {source_label(source)}, {row['location']}{secondary}")
    return found


def natural_frequency_reading(choice: NaturalFrequencyChoice, denominator: int) -> dict:
    """A statistic as people out of ``denominator``.

    Returns ``counted`` (people the lower bound counts, rounded half up), ``in_range`` (the
    further people a stated range may count), ``phrase`` ("about 4 out of 10", from
    :func:`allstats.natural_frequency_phrase`; "about 2 to 3 out of 10" for a range) and
    ``sentence``. A source's "about" is kept even where the rounding is exact.
    """
    counted, _ = natural_frequency(choice.low, denominator)
    top, _ = natural_frequency(choice.high, denominator)
    if top == counted:
        phrase = natural_frequency_phrase(choice.low, denominator)
    else:
        exact = all(natural_frequency_phrase(p, denominator).split(" ")[0] != "about"
                    for p in (choice.low, choice.high))
        phrase = f"{'' if exact else 'about '}{counted:,} to {top:,} out of {denominator:,}"
    if choice.row["qualifier"] == "about" and not phrase.startswith("about"):
        phrase = f"about {phrase}"
    sentence = f"{phrase[0].upper()}{phrase[1:]} {choice.population} {choice.predicate}"
    return {"counted": counted, "in_range": top - counted, "denominator": denominator,
            "phrase": phrase, "sentence": sentence}


def natural_frequency_readout(v: dict) -> list:
    """The statistic as people, who they are, and the source's own figure and words."""
    return [Bold(v["phrase"]), f" {v['population']} {v['predicate']} · the source says ",
            Bold(v["stated"]), f": “{v['quote']}”"]


@explorer("natural-frequency")
def make_natural_frequency_explorer(*, choices=NATURAL_FREQUENCY_CHOICES,
                                    denominator: int = 10, data_dir=None) -> PerChoiceExplorer:
    """Read a statistic as people: a dropdown of statistics, a dropdown of 10, 100 or 1,000.

    The icon array colours the people the statistic counts (a stated range in a lighter
    colour); the title and the readout say it as "about N out of M", with the source's quote.
    Each statistic's background (with its source line) is drawn once and kept
    (:class:`~allstats.explorers.base.PerChoiceExplorer`).
    """
    found = natural_frequency_choices(choices, data_dir)
    if denominator not in NATURAL_FREQUENCY_DENOMINATORS:
        raise ValueError(f"denominator must be one of {NATURAL_FREQUENCY_DENOMINATORS}")
    statistic = dropdown("Statistic", [(c.label, key) for key, c in found.items()],
                         width="620px")
    people = dropdown("Out of how many people",
                      [(f"{d:,}", d) for d in NATURAL_FREQUENCY_DENOMINATORS],
                      value=denominator, width="260px")
    first = found[statistic.value]
    reading = natural_frequency_reading(first, denominator)
    chart = natural_frequency_figure(denominator, reading["counted"], reading["in_range"],
                                     title=reading["sentence"], source=first.source)

    def update() -> dict:
        choice = found[statistic.value]
        reading = natural_frequency_reading(choice, people.value)
        icons = chart.show(people.value, reading["counted"], reading["in_range"],
                           title=reading["sentence"], source=choice.source)
        return dict(reading, statistic=choice.key, icons=icons, stated=describe(choice.row),
                    population=choice.population, predicate=choice.predicate,
                    quote=choice.row["quote"])

    # the source line changes only with the statistic: it is kept in that statistic's background
    return connect(PerChoiceExplorer(
        {"statistic": statistic, "denominator": people}, chart, natural_frequency_readout,
        artists={"arrays": chart.arrays, "title": chart.title, "source": chart.source,
                 "choices": found},
        dynamic=[a.collection.axes for a in chart.arrays.values()] + [chart.legend, chart.title],
        choice_key=lambda: statistic.value), update)


def disagreement_readout(v: dict, *, found: dict) -> list:
    """The finding, both sides' quotes (a table), and why the numbers can differ."""
    d = found[v["disagreement"]]
    return [Bold(d.finding), BREAK, Html(side_by_side_html(d)), Italic("Why they can differ:"),
            f" {d.why}"]


@explorer("disagreement")
def make_disagreement_explorer(*, data_dir=None) -> PerChoiceExplorer:
    """Flip through the places where sources disagree (:func:`allstats.provenance.disagreements`).

    One chart is built with a row for every statement of the longest comparison; choosing
    another comparison moves the bars and dots, rewrites the labels and the title (and the axis,
    between percentages and counts of people), and shows both sides' quotes in the readout.
    Each comparison's picture is drawn once and kept (:class:`~allstats.explorers.base.
    PerChoiceExplorer`).
    """
    found = disagreements(data_dir)
    slots = max(len(d.statements) for d in found.values())
    everyone = pd.DataFrame({"source_id": list(dict.fromkeys(
        source for d in found.values() for source in d.source_ids))})
    choice = dropdown("Where sources disagree", [(d.question, key) for key, d in found.items()],
                      width="620px")
    first = found[choice.value]
    # the labels name each statement's source and date; the source line names them all
    chart = disagreement_figure(first, slots=slots,
                                source=source_line(everyone, data_dir, max_sources=4)
                                + ". Each row is labelled with its source and date.")

    def update() -> dict:
        d = found[choice.value]
        chart.set_axis(d.unit, d.axis_max)     # part of each choice's kept picture
        drawn = chart.show(d)
        return dict(disagreement=d.key, intervals=drawn, stated=[s.stated for s in d.statements])

    return connect(PerChoiceExplorer(
        {"disagreement": choice}, chart, partial(disagreement_readout, found=found),
        artists={"bars": chart.bars, "dots": chart.dots, "labels": chart.labels,
                 "values": chart.values, "title": chart.title, "disagreements": found},
        dynamic=[chart.dots], choice_key=lambda: choice.value), update)
