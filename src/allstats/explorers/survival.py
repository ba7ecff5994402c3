"""Explorers of the survival notebook.

- :func:`make_survival_by_age_explorer`: one edition and age group at a time, as people;
- :func:`make_relative_in_people_explorer`: what the guide's relative survival means for 1,000
  people diagnosed at a chosen age (the worked example with ALL's figures).
"""

from __future__ import annotations

from functools import partial

from ..charts.survival import survival_explorer_figure
from ..charts.base import icon_columns
from ..charts.worked_example import worked_example_figure
from ..data import load
from ..survival import edition_comparison, horizon_years
from ..survival_in_people import COHORT, ages_in_people, in_people_rows
from ..text import fmt_count, fmt_number, fmt_percent, source_label, source_line
from .base import (BREAK, Bold, Explorer, Italic, connect, dropdown, explorer, int_slider,
                   readout_lines, secondary_note, toggle_buttons)

__all__ = ["survival_editions_source", "survival_by_age_readout", "make_survival_by_age_explorer",
           "IN_PEOPLE_AGES", "IN_PEOPLE_START_AGE", "relative_in_people_readout",
           "make_relative_in_people_explorer"]


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
    kind = (["a ", Italic("relative"), " survival rate: it compares people with ALL with similar "
             "people without it, so deaths from other causes are taken out"]
            if "relative" in quote else
            ["the edition says “survival rate” without saying whether it is relative; it is "
             "drawn as the relative rate the 2023 edition of the same page reports"])
    parts = ["For every ", Bold(str(v["out_of"])), f" people {row[v['group'] + '_group']} who "
             f"would have been alive {fmt_number(horizon)} years after diagnosis without ALL, "
             "about ", Bold(str(v["alive"])), f" were alive with it ({fmt_percent(v['percent'])}"
             "; ", *kind, f"). The people counted were diagnosed years before the "
             f"{v['edition_year']} edition appeared.", BREAK,
             f"{source_label(sources.loc[row['source_id']])}: “{quote}”",
             *secondary_note(v["verification"], "Secondary source: seen only in a paraphrase "
                                                "on another site; re-check before relying on it.")]
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
    # room for the longest readout (a secondary edition adds a line): the chart does not jump.
    # Six lines: the 2021 edition's readout at the chart's full width (tests/test_survival_charts)
    return connect(Explorer(controls, chart, readout,
                            artists={"array": chart.array, "bars": chart.bars.bars,
                                     "title": chart.title}, max_width="1000px",
                            readout_height=readout_lines(6)), update)


#: the ages a student can choose in the relative-survival-as-people explorer
IN_PEOPLE_AGES = (0, 85, 1)
#: where it starts: an adult age near the middle of the guide's adult group
IN_PEOPLE_START_AGE = 60


def relative_in_people_readout(v: dict, *, horizon: float) -> list:
    """What the guide's relative survival means for 1,000 people diagnosed at one age."""
    years = fmt_number(horizon)
    size = fmt_count(v["cohort"])
    return [f"{size} people diagnosed at age ", Bold(str(v["age"])), ": without ALL, about ",
            Bold(fmt_count(v["expected_alive"])), f" would be alive {years} years later "
            f"(expected survival {fmt_percent(round(100 * v['expected_survival'], 1))}, US life "
            "tables 2019). The guide's relative survival for people ",
            f"{v['group_words']} is ", Bold(fmt_percent(round(100 * v["relative_survival"], 1))),
            f" at every age of the group, so {fmt_percent(round(100 * v['relative_survival'], 1))}"
            f" of {fmt_count(v['expected_alive'])} = ", Bold(fmt_count(v["observed_alive"])),
            f" are alive: {fmt_percent(round(100 * v['observed_alive'] / v['cohort'], 1))} of "
            f"{size}, not {fmt_percent(round(100 * v['relative_survival'], 1))}. ",
            Bold(fmt_count(v["excess_deaths"])), " extra deaths are attributed to ALL and ",
            Bold(fmt_count(v["expected_deaths"])), " would have happened anyway.", BREAK,
            Italic("A group's figure, with one relative survival for all ages of the group; it "
                   "cannot tell any one person's future.")]


@explorer("relative-in-people")
def make_relative_in_people_explorer(*, data_dir=None) -> Explorer:
    """Move the age at diagnosis: 1,000 people of that age, coloured as the worked example.

    Expected survival S* comes from the US 2019 life tables for that age (the sexes mixed as
    the guide's year's new cases, :func:`allstats.survival_in_people.age_in_people`); the
    relative survival R is the guide's for the age's group (under 20, or 20 and older), the
    same at every age of the group. So the number alive, ``1,000 × S* × R``, changes with the
    age while R does not. Every position is computed once, at construction.
    """
    horizon = horizon_years(data_dir)
    low, high, step = IN_PEOPLE_AGES
    examples = ages_in_people(range(low, high + 1, step), data_dir=data_dir)
    first = examples[IN_PEOPLE_START_AGE]
    chart = worked_example_figure(first.example, horizon_years=horizon,
                                  source=source_line(in_people_rows(age_mix=False,
                                                                    data_dir=data_dir), data_dir),
                                  sizes={COHORT: icon_columns(COHORT)})
    age = int_slider("Age at diagnosis", value=IN_PEOPLE_START_AGE, min=low, max=high, step=step)

    def update() -> dict:
        shown = examples[age.value]
        icons = chart.show(shown.example)
        return dict(shown.counts(), cohort=COHORT, age=age.value, group=shown.group,
                    group_words=shown.group_words, expected_survival=shown.expected_survival,
                    relative_survival=shown.relative_survival, icons=icons)

    return connect(Explorer({"age": age}, chart, partial(relative_in_people_readout,
                                                        horizon=horizon),
                            artists={"arrays": chart.arrays, "legend": chart.legend,
                                     "title": chart.title, "examples": examples}), update)
