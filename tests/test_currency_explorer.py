"""The crude-probabilities explorer of "How current is a survival figure?": 100 SIMULATED adults."""

from __future__ import annotations

import html
import re

import matplotlib.colors as mcolors
import numpy as np
import pytest

from allstats import currency, netsurv
from allstats.charts.currency import CRUDE_COLOURS
from allstats.explorers import by_name
from allstats.explorers.currency import CRUDE_START_AGE
from allstats.survival import horizon_years


@pytest.fixture(scope="module")
def explorer():
    return by_name()["crude-probabilities"]()


@pytest.fixture(scope="module")
def grid():
    rates = netsurv.RateTable.us_2019()
    return currency.crude_grid(currency.simulated_registry(rates), rates)


def words(explorer) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", explorer.readout.value))


def test_it_starts_at_the_guides_horizon_and_says_simulated(explorer):
    v = explorer.values
    assert (v["age"], v["years"]) == (CRUDE_START_AGE, int(horizon_years()))
    assert currency.SIMULATED_LABEL in words(explorer)
    assert "SIMULATED" in explorer.chart.title.get_text()
    assert "SIMULATED" in explorer.alt


def test_every_position_shows_the_librarys_numbers(explorer, grid):
    age, years = explorer.controls["age"], explorer.controls["years"]
    for a in (age.min, age.max, CRUDE_START_AGE):
        for y in (years.min, years.max):
            age.value, years.value = a, y
            row = grid.at(a, y)
            people = currency.in_people(row["cancer"], row["other"])
            v = explorer.values
            assert {k: v[k] for k in people} == people
            assert v["patients"] == row["patients"]
            # the icons are coloured by those counts, in order
            faces = explorer.chart.array.collection.get_facecolor()
            expected = np.repeat([mcolors.to_rgba(CRUDE_COLOURS[k]) for k in CRUDE_COLOURS],
                                 [people[k] for k in CRUDE_COLOURS], axis=0)
            np.testing.assert_allclose(faces, expected)
            text = words(explorer)
            assert (f"about {people['died_all']} died of ALL, {people['died_other']} died of "
                    f"other causes and {people['alive']} were alive {y} ") in text
            assert f"ages {a} to {a + 4}" in text
    age.value, years.value = CRUDE_START_AGE, int(horizon_years())


@pytest.mark.parametrize("control", ["age", "years"])
def test_moving_each_control_changes_the_picture_and_the_readout(explorer, control):
    slider = explorer.controls[control]
    start = slider.value
    before_png, before_text, before_alt = explorer.png(), explorer.readout.value, explorer.alt
    slider.value = slider.max if start != slider.max else slider.min
    try:
        assert explorer.png() != before_png
        assert explorer.readout.value != before_text
        assert explorer.alt != before_alt
        assert bytes(explorer.image.value) == explorer.png()
    finally:
        slider.value = start


def test_older_adults_lose_more_to_other_causes_and_time_only_adds_deaths(explorer, grid):
    assert grid.at(80, 10)["other"] > grid.at(20, 10)["other"]
    for a in currency.CRUDE_AGES:
        table = grid.table[grid.table["age"] == a].sort_values("years")
        assert table["alive"].is_monotonic_decreasing
        assert (table["cancer"] + table["other"]).is_monotonic_increasing
