"""Explorers of the *Start here* and *Sources and claims* notebooks.

- :func:`make_natural_frequency_explorer`: pick a statistic from the data and a number of
  people (10, 100 or 1,000) and see it as people: "about 4 out of 10";
- :func:`make_disagreement_explorer`: pick a place where sources disagree and see every
  source's figure, what its wording allows, and the two sides' quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

import pandas as pd

from .. import catalogue as ids
from ..arithmetic import natural_frequency
from ..charts.sources import disagreement_figure, natural_frequency_figure
from ..data import load
from ..provenance import disagreements, side_by_side_html
from ..statements import describe, share_allowed
from ..survival import horizon_years
from ..text import fmt_number, source_label, source_line
from .base import BREAK, Bold, Html, Italic, PerChoiceExplorer, connect, dropdown, explorer

__all__ = ["NATURAL_FREQUENCY_DENOMINATORS", "NATURAL_FREQUENCY_CHOICES", "SHARE_SENTENCE",
           "RELATIVE_SENTENCE", "NaturalFrequencyChoice", "whole_denominators",
           "natural_frequency_choices", "natural_frequency_reading", "natural_frequency_readout",
           "make_natural_frequency_explorer", "disagreement_readout",
           "make_disagreement_explorer"]

#: how many people the statistic can be shown out of
NATURAL_FREQUENCY_DENOMINATORS = (10, 100, 1000)

#: the sentence of a share: "About 4 out of 10 people diagnosed with ALL are adults"
SHARE_SENTENCE = "{phrase} {population} {predicate}"
#: the sentence of a relative survival rate, which compares people with ALL with similar people
#: without it: never "N out of 100 people with ALL are alive"
RELATIVE_SENTENCE = ("for every {denominator} people who would be alive {horizon} years after "
                     "diagnosis without ALL, {count} people with ALL ({group}) are alive")

#: statistics offered by default: (resource, row id, what the counted people do or are).
#: Everything else (the number, who is counted, the quote, the source) comes from the row.
NATURAL_FREQUENCY_CHOICES = (
    ("figures", ids.ADULTS_SHARE_OF_CASES, "are adults"),
    ("figures", ids.ADULTS_SHARE_OF_DEATHS, "are adults"),
    ("survival_by_age", ids.SURVIVAL_ADULTS, ""),
    ("survival_by_age", ids.SURVIVAL_YOUNG, ""),
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
    denominators: tuple     # the numbers of people it can be said out of without rounding
    sentence: str = SHARE_SENTENCE
    horizon: str = ""


def whole_denominators(low: float, high: float, candidates=NATURAL_FREQUENCY_DENOMINATORS):
    """The numbers of people out of which ``low``% to ``high``% are whole people: 85% is 85 out
    of 100 but 8.5 out of 10, so a source's 85% is never said as "about 9 out of 10".

    >>> whole_denominators(85, 85), whole_denominators(20, 30), whole_denominators(43, 43)
    ((100, 1000), (10, 100, 1000), (100, 1000))
    """
    def whole(pct, n):
        return (Decimal(str(pct)) * n / 100) % 1 == 0
    return tuple(n for n in candidates if whole(low, n) and whole(high, n))


def natural_frequency_choices(choices=NATURAL_FREQUENCY_CHOICES, data_dir=None
                              ) -> dict[str, NaturalFrequencyChoice]:
    """The statistics of ``choices`` read from ``data/``, keyed by row id.

    Only shares stated as exact, "about" or a range can be drawn as people; other qualifiers
    ("more than 95%") raise ValueError, since an icon array would state more than the source.
    Each keeps the denominators at which its number is whole people
    (:func:`whole_denominators`), so saying it as people never changes what the source said.
    A relative survival rate is said as what it compares (:data:`RELATIVE_SENTENCE`).
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
            population, sentence = row["population"], SHARE_SENTENCE
            stated = share_allowed(row)
            subject = row["subject"]
        else:
            population, sentence = str(row["group"]), RELATIVE_SENTENCE
            stated = share_allowed({**row, "value": row["percent"], "unit": "percent"})
            subject = f"{horizon}-year relative survival, {row['group']}"
        # the number as written (a range: its two ends); "about" is kept in the phrase
        low, high = (stated.low, stated.high) if stated.kind == "range" else \
            (stated.value, stated.value)
        denominators = whole_denominators(low, high)
        if not denominators:
            raise ValueError(f"{row_id}: {describe(row)} is not a whole number of people out of "
                             f"any of {NATURAL_FREQUENCY_DENOMINATORS}")
        source = sources.loc[row["source_id"]]
        secondary = " (secondary source: re-check before use)" if row["verification"] == \
            "secondary" else ""
        found[row_id] = NaturalFrequencyChoice(
            key=row_id, label=f"{subject}: {describe(row)}", row=row, population=population,
            predicate=predicate, low=low, high=high,
            source=f"Source: {source_label(source)}, {row['location']}{secondary}",
            denominators=denominators, sentence=sentence, horizon=horizon)
    return found


def natural_frequency_reading(choice: NaturalFrequencyChoice, denominator: int) -> dict:
    """A statistic as people out of ``denominator`` (one of ``choice.denominators``).

    Returns ``counted`` (the people the lower end counts), ``in_range`` (the further people a
    stated range may count), ``phrase`` ("about 4 out of 10"; "2 to 3 out of 10" for a range),
    ``count`` (the same without "out of": "about 4") and ``sentence``. Every number is exact
    (no rounding at an allowed denominator), and the source's "about" is kept.
    """
    if denominator not in choice.denominators:
        raise ValueError(f"{choice.key} is not a whole number of people out of {denominator:,}: "
                         f"choose one of {choice.denominators}")
    counted, _ = natural_frequency(choice.low, denominator)
    top, _ = natural_frequency(choice.high, denominator)
    about = "about " if choice.row["qualifier"] == "about" else ""
    count = f"{about}{counted:,}" if top == counted else f"{about}{counted:,} to {top:,}"
    phrase = f"{count} out of {denominator:,}"
    sentence = choice.sentence.format(phrase=phrase, count=count, denominator=f"{denominator:,}",
                                      population=choice.population, predicate=choice.predicate,
                                      group=choice.population, horizon=choice.horizon)
    return {"counted": counted, "in_range": top - counted, "denominator": denominator,
            "phrase": phrase, "count": count, "sentence": sentence[0].upper() + sentence[1:]}


def natural_frequency_readout(v: dict) -> list:
    """The statistic as people, and the source's own figure and words."""
    return [Bold(v["sentence"]), " · the source says ", Bold(v["stated"]), f": “{v['quote']}”"]


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
    first = found[statistic.value]

    def allowed(choice, wanted):
        """The choice's denominators, and the wanted one or the nearest above (else below)."""
        options = [(f"{d:,}", d) for d in choice.denominators]
        above = [d for d in choice.denominators if d >= wanted]
        return options, (above[0] if above else choice.denominators[-1])

    options, start = allowed(first, denominator)
    people = dropdown("Out of how many people", options, value=start, width="260px")
    reading = natural_frequency_reading(first, start)
    chart = natural_frequency_figure(start, reading["counted"], reading["in_range"],
                                     title=reading["sentence"], source=first.source)

    def update() -> dict:
        choice = found[statistic.value]
        options, wanted = allowed(choice, people.value)
        if [d for _, d in people.options] != [d for _, d in options]:
            # a denominator at which this statistic is not whole people is not offered; the
            # change of options runs this update again (nested) with the new denominator
            people.options = options
            people.value = wanted
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
        # the legend changes with the statistic only (a range or not): part of its background
        dynamic=[a.collection.axes for a in chart.arrays.values()] + [chart.title],
        choice_key=lambda: (statistic.value, chart.legend_key)), update)


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
