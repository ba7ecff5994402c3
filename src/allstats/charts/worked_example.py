"""The worked example of relative survival as an icon array of the cohort."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..text import fmt_count, fmt_number, fmt_percent
from .alt import Described, Description, sentence
from .base import (ROLE, add_source_line, icon_columns, icon_grids_with_legend, new_figure,
                   show_icon_grid, styled)

__all__ = ["WORKED_EXAMPLE_COLOURS", "WorkedExampleArtists", "worked_example_figure",
           "InverseArtists", "inverse_figure"]


WORKED_EXAMPLE_COLOURS = {"alive": ROLE["alive"], "excess_death": ROLE["excess_death"],
                          "expected_death": ROLE["expected_death"]}


@dataclass
class WorkedExampleArtists(Described):
    """The artists of the worked-example chart, and how to show another example in place."""

    figure: object
    ax: object
    arrays: dict
    legend: object
    title: object
    source: object
    horizon_years: float

    @property
    def dynamic(self) -> list:
        return [a.collection.axes for a in self.arrays.values()] + [self.legend, self.title]

    def show(self, example) -> dict[str, int]:
        """Recolour the icons and rewrite the labels for ``example``; returns the icon counts."""
        counts = example.rounded()
        icons = {"alive": counts["observed_alive"], "excess_death": counts["excess_deaths"],
                 "expected_death": counts["expected_deaths"]}
        show_icon_grid(self.arrays, example.cohort_size, icons, WORKED_EXAMPLE_COLOURS,
                       what="cohort_size")
        years = fmt_number(self.horizon_years)
        labels = [f"{fmt_count(icons['alive'])} alive after {years} years",
                  f"{fmt_count(icons['excess_death'])} extra deaths (the cancer)",
                  f"{fmt_count(icons['expected_death'])} deaths expected anyway"]
        for text, label in zip(self.legend.get_texts(), labels):
            text.set_text(label)
        self.title.set_text(f"Relative survival {fmt_percent(round(example.relative_survival * 100, 1))}"
                            f": {fmt_count(icons['alive'])} of {fmt_count(example.cohort_size)} "
                            f"alive at {years} years")
        blocks = " in blocks of 100" if example.cohort_size > 100 else ""
        self.description = Description(
            sentence(f"Icon array of {fmt_count(example.cohort_size)} people with the cancer, "
                     f"one icon each{blocks}: {labels[0]} (blue), {labels[1]} (orange), "
                     f"{labels[2]} (grey)", self.title.get_text(),
                     f"Expected alive without the cancer: {fmt_count(counts['expected_alive'])} "
                     f"({fmt_percent(round(example.expected_survival * 100, 1))}); observed "
                     f"alive: {fmt_count(icons['alive'])}"),
            pd.DataFrame({"people": ["alive after " + years + " years",
                                     "extra deaths (the cancer)", "deaths expected anyway",
                                     "all"],
                          "number": [fmt_count(icons["alive"]), fmt_count(icons["excess_death"]),
                                     fmt_count(icons["expected_death"]),
                                     fmt_count(example.cohort_size)]}),
            self.source.get_text())
        return icons


@styled
def worked_example_figure(example, *, horizon_years: float, source: str,
                          sizes: dict[int, int] | None = None) -> WorkedExampleArtists:
    """An icon array of the cohort with the cancer, one icon per person.

    Each person is alive at the horizon (``observed_alive``), dead of what they would have died
    of anyway (``cohort_size - expected_alive``), or an extra death that the cancer brings
    (``expected_alive - observed_alive``). ``sizes`` maps each cohort size the chart can show
    to its number of columns; every grid is drawn once and only the visible one changes.
    """
    sizes = sizes or {example.cohort_size: icon_columns(example.cohort_size)}
    fig, ax = new_figure(10, 6.2)
    source_text = add_source_line(fig, source)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.88)
    arrays, legend = icon_grids_with_legend(ax, sizes, WORKED_EXAMPLE_COLOURS)
    title = ax.set_title("", loc="left")
    artists = WorkedExampleArtists(fig, ax, arrays, legend, title, source_text, horizon_years)
    artists.show(example)
    return artists


@dataclass
class InverseArtists(Described):
    """Artists of the inverse question: two bars and the division between them."""

    figure: object
    ax: object
    bars: object
    labels: list
    title: object
    source: object
    cohort_size: int

    @property
    def dynamic(self) -> list:
        return [*self.bars, *self.labels, self.title]

    def show(self, observed_alive: int, expected_alive: int) -> float:
        """Set the bars to the two counts; returns relative survival = observed / expected."""
        from ..worked_example import relative_survival_from

        ratio = relative_survival_from(observed_alive, expected_alive, self.cohort_size)
        for bar, label, value in zip(self.bars, self.labels, (expected_alive, observed_alive)):
            bar.set_width(value)
            label.set_x(value)
            label.set_text(f" {fmt_count(value)}")
        self.title.set_text(f"{fmt_count(observed_alive)} ÷ {fmt_count(expected_alive)} = "
                            f"{fmt_percent(round(ratio * 100, 1))} relative survival")
        self.description = Description(
            sentence(f"Two bars out of a group of {fmt_count(self.cohort_size)}: expected alive "
                     f"without the cancer, {fmt_count(expected_alive)}, and observed alive with "
                     f"it, {fmt_count(observed_alive)}", self.title.get_text()),
            pd.DataFrame({"people alive": ["expected (comparable people without the cancer)",
                                           "observed (people with the cancer)"],
                          "number": [fmt_count(expected_alive), fmt_count(observed_alive)]}),
            self.source.get_text())
        return ratio


@styled
def inverse_figure(cohort_size: int, observed_alive: int, expected_alive: int, *,
                   horizon_years: float, source: str) -> InverseArtists:
    """The inverse question as two bars: relative survival = observed alive / expected alive.

    The axis runs from 0 to the cohort size and never moves; only the bars and labels change.
    """
    fig, ax = new_figure(10, 4.2)
    source_text = add_source_line(fig, source)
    years = fmt_number(horizon_years)
    names = [f"Expected alive at {years} years\n(comparable people without the cancer)",
             f"Observed alive at {years} years\n(people with the cancer)"]
    bars = ax.barh([1, 0], [expected_alive, observed_alive],
                   color=[ROLE["expected"], ROLE["alive"]], height=0.6)
    ax.set_yticks([1, 0], names)
    ax.set_xlim(0, cohort_size * 1.12)
    ax.set_ylim(-0.6, 1.6)
    ax.set_xlabel(f"people, out of a group of {fmt_count(cohort_size)}")
    labels = [ax.text(0, y, "", va="center", ha="left", fontsize=14) for y in (1, 0)]
    title = ax.set_title("", loc="left")
    fig.subplots_adjust(left=0.38)
    artists = InverseArtists(fig, ax, bars, labels, title, source_text, cohort_size)
    artists.show(observed_alive, expected_alive)
    return artists
