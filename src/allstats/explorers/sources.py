"""Explorers of the *Start here* and *Sources and claims* notebooks.

- :func:`make_natural_frequency_explorer`: pick a statistic from the data and a number of
  people (10, 100 or 1,000) and see it as people: "about 4 out of 10";
- :func:`make_disagreement_explorer`: pick a place where sources disagree and see every
  source's figure, what its wording allows, and the two sides' quotes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Callable

import ipywidgets as widgets
import pandas as pd

from .. import charts
from ..arithmetic import natural_frequency, natural_frequency_phrase
from ..data import load
from ..provenance import disagreements, percent_per_unit, side_by_side_html
from ..text import describe, figure, fmt_number, source_label, source_line
from .base import Explorer, connect, page_widgets

__all__ = ["NATURAL_FREQUENCY_DENOMINATORS", "NATURAL_FREQUENCY_CHOICES", "NaturalFrequencyChoice",
           "natural_frequency_choices", "natural_frequency_reading",
           "make_natural_frequency_explorer", "PerChoiceExplorer", "make_disagreement_explorer"]

#: how many people the statistic can be shown out of
NATURAL_FREQUENCY_DENOMINATORS = (10, 100, 1000)

#: statistics offered by default: (resource, row id, what the counted people do or are).
#: Everything else (the number, who is counted, the quote, the source) comes from the row.
NATURAL_FREQUENCY_CHOICES = (
    ("figures", "adults-share-of-cases-2023", "are adults"),
    ("figures", "adults-share-of-deaths-2023", "are adults"),
    ("survival_by_age", "cancernet-2023-20-plus", "are alive after {horizon} years, relative to "
                                                  "similar people without ALL"),
    ("survival_by_age", "cancernet-2023-under-20", "are alive after {horizon} years, relative to "
                                                   "similar people without ALL"),
    ("figures", "b-cell-share", "have the B-cell subtype"),
    ("figures", "cr-rate-adults", "reach a complete remission"),
    ("figures", "philadelphia-share-adults", "have the Philadelphia chromosome"),
    ("figures", "leukemia-under-20-share-all", "have ALL (rather than another leukemia)"),
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
    horizon = fmt_number(figure("survival-horizon-2023", data_dir)["value"])
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
            scale = percent_per_unit(row["unit"])
            subject = row["subject"]
        else:
            population = f"people with ALL ({row['group']})"
            scale = 1.0
            subject = f"{horizon}-year relative survival, {row['group']}"
        if row["qualifier"] == "range":
            low, high = float(row["low"]) * scale, float(row["high"]) * scale
        else:
            low = high = float(row["value"] if resource == "figures" else row["percent"]) * scale
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


@dataclass
class PerChoiceExplorer(Explorer):
    """An explorer whose static picture depends on one control: one background per choice.

    Text is most of the drawing time, and some text changes only with one control (the source
    line with the statistic; every label of a comparison with the comparison). Each choice's
    background is drawn in full once and kept; coming back to a choice restores it and redraws
    only the ``dynamic`` artists on top. ``choice_key`` returns the current choice.
    """

    choice_key: Callable[[], object] = lambda: None
    _backgrounds: dict = field(default_factory=dict, repr=False)

    def draw(self) -> None:
        key = self.choice_key()
        self._background = self._backgrounds.get(key)
        super().draw()
        self._backgrounds[key] = self._background

    def invalidate(self) -> None:
        super().invalidate()
        self._backgrounds.clear()


def make_natural_frequency_explorer(*, choices=NATURAL_FREQUENCY_CHOICES,
                                    denominator: int = 10, data_dir=None) -> Explorer:
    """Read a statistic as people: a dropdown of statistics, a dropdown of 10, 100 or 1,000.

    The icon array colours the people the statistic counts (a stated range in a lighter
    colour); the title and the readout say it as "about N out of M", with the source's quote.
    Each statistic's background (with its source line) is drawn once and kept
    (:class:`PerChoiceExplorer`).
    """
    found = natural_frequency_choices(choices, data_dir)
    if denominator not in NATURAL_FREQUENCY_DENOMINATORS:
        raise ValueError(f"denominator must be one of {NATURAL_FREQUENCY_DENOMINATORS}")
    style = {"description_width": "initial"}
    statistic = widgets.Dropdown(options=[(c.label, key) for key, c in found.items()],
                                 description="Statistic", style=style,
                                 layout=widgets.Layout(width="620px"))
    people = widgets.Dropdown(options=[(f"{d:,}", d) for d in NATURAL_FREQUENCY_DENOMINATORS],
                              value=denominator, description="Out of how many people",
                              style=style, layout=widgets.Layout(width="260px"))
    first = found[statistic.value]
    reading = natural_frequency_reading(first, denominator)
    chart = charts.natural_frequency_figure(denominator, reading["counted"],
                                            reading["in_range"], title=reading["sentence"],
                                            source=first.source)
    readout, image = page_widgets()
    # the source line changes only with the statistic: it is kept in that statistic's background
    explorer = PerChoiceExplorer(
        {"statistic": statistic, "denominator": people}, chart.figure,
        {"chart": chart, "arrays": chart.arrays, "title": chart.title, "source": chart.source,
         "choices": found}, readout, image,
        dynamic=[a.collection.axes for a in chart.arrays.values()] + [chart.title],
        name="natural-frequency", choice_key=lambda: statistic.value)

    def update():
        choice = found[statistic.value]
        reading = natural_frequency_reading(choice, people.value)
        icons = chart.show(people.value, reading["counted"], reading["in_range"],
                           title=reading["sentence"], source=choice.source)
        explorer.values.clear()
        explorer.values.update(reading, statistic=choice.key, icons=icons,
                               stated=describe(choice.row))
        readout.value = (
            f"<b>{html.escape(reading['phrase'])}</b> {html.escape(choice.population)} "
            f"{html.escape(choice.predicate)} · the source says <b>{describe(choice.row)}</b>: "
            f"“{html.escape(choice.row['quote'])}”")

    explorer.update = update
    return connect(explorer)


def make_disagreement_explorer(*, data_dir=None) -> Explorer:
    """Flip through the places where sources disagree (:func:`allstats.provenance.disagreements`).

    One chart is built with a row for every statement of the longest comparison; choosing
    another comparison moves the bars and dots, rewrites the labels and the title (and the axis,
    between percentages and counts of people), and shows both sides' quotes in the readout.
    Each comparison's picture is drawn once and kept (:class:`PerChoiceExplorer`).
    """
    found = disagreements(data_dir)
    slots = max(len(d.statements) for d in found.values())
    everyone = pd.DataFrame({"source_id": list(dict.fromkeys(
        source for d in found.values() for source in d.source_ids))})
    choice = widgets.Dropdown(options=[(d.question, key) for key, d in found.items()],
                              description="Where sources disagree",
                              style={"description_width": "initial"},
                              layout=widgets.Layout(width="620px"))
    first = found[choice.value]
    # the labels name each statement's source and date; the source line names them all
    chart = charts.disagreement_figure(first, slots=slots,
                                       source=source_line(everyone, data_dir, max_sources=4)
                                       + ". Each row is labelled with its source and date.")
    readout, image = page_widgets()
    explorer = PerChoiceExplorer(
        {"disagreement": choice}, chart.figure,
        {"chart": chart, "bars": chart.bars, "dots": chart.dots, "labels": chart.labels,
         "values": chart.values, "title": chart.title, "disagreements": found},
        readout, image, dynamic=[chart.dots], name="disagreement",
        choice_key=lambda: choice.value)

    def update():
        d = found[choice.value]
        chart.set_axis(d.unit, d.axis_max)     # part of each choice's kept picture
        drawn = chart.show(d)
        explorer.values.clear()
        explorer.values.update(disagreement=d.key, intervals=drawn,
                               stated=[s.stated for s in d.statements])
        readout.value = (f"<b>{html.escape(d.finding)}</b><br>{side_by_side_html(d)}"
                         f"<i>Why they can differ:</i> {html.escape(d.why)}")

    explorer.update = update
    return connect(explorer)
