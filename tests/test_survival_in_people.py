"""What a relative survival rate means for 1,000 people: the guide's worked example with ALL's
figures (allstats.survival_in_people), its chart and its explorer. Expected values are
recomputed here from the life tables and the rows of data/."""

import math

import numpy as np
import pytest

import allstats
from allstats import charts, survival_in_people
from allstats.explorers.survival import IN_PEOPLE_AGES, make_relative_in_people_explorer
from allstats.simulate import age_pattern

from conftest import count_colours


def survival_without_all(age: float, years: float, sex: str) -> float:
    """Five-year survival from the NCHS table by hand: the product of (1 - qx)^(fraction of each
    year of age lived), qx of the last row capped as netsurv does."""
    table = allstats.load("us_life_tables_2019").query("sex == @sex").set_index("age")["qx"]
    table = table.clip(upper=0.999)
    end, out, x = age + years, 1.0, age
    while x < end - 1e-12:
        step = min(math.floor(x) + 1, end) - x
        out *= (1 - table[min(math.floor(x), 100)]) ** step
        x += step
    return out


def male_share(year: int) -> float:
    est = allstats.load("acs_estimates").query("year == @year and measure == 'new_cases'")
    by_sex = est.set_index("sex")["count"]
    return by_sex["male"] / by_sex["all"]


@pytest.mark.parametrize("age", [0, 20, 45, 60, 85])
def test_one_age_matches_the_life_table_by_hand(age):
    shown = survival_in_people.age_in_people(age)
    row = allstats.load("survival_by_age").set_index("id").loc[
        "cancernet-2023-under-20" if age < 20 else "cancernet-2023-20-plus"]
    male = male_share(int(row["edition_year"]))
    # ages spread evenly over the year of age: the mean of the midpoints' survival
    points = age + (np.arange(20) + 0.5) / 20
    expected = np.mean([male * survival_without_all(a, 5, "male")
                        + (1 - male) * survival_without_all(a, 5, "female") for a in points])
    assert shown.expected_survival == pytest.approx(expected, rel=1e-9)
    assert shown.relative_survival == row["percent"] / 100
    counts = shown.counts()
    assert counts["observed_alive"] == math.floor(1000 * expected * row["percent"] / 100 + 0.5)
    assert counts["expected_alive"] + counts["expected_deaths"] == 1000


def test_a_group_averages_over_its_stated_age_mix():
    adults = survival_in_people.group_in_people("adults")
    pattern = age_pattern("adults")
    assert adults.age_mix.startswith("ASSUMED")
    one_by_one = sum(w * survival_in_people.age_in_people(int(a)).expected_survival
                     for a, w in zip(pattern["age_low"], pattern["weight"]))
    assert adults.expected_survival == pytest.approx(one_by_one, rel=1e-12)
    children = survival_in_people.group_in_people("children")
    assert "MMWR" in children.age_mix
    # relative survival is never the share alive: fewer are alive than the rate says
    for shown in (adults, children):
        share_alive = shown.counts()["observed_alive"] / shown.example.cohort_size
        assert share_alive < shown.relative_survival


def test_bad_input_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="age must be between 0 and 119"):
        survival_in_people.group_of_age(-1)
    hazard = survival_in_people.life_table_hazard()
    with pytest.raises(ValueError, match="add up to 1"):
        survival_in_people.expected_survival([20], [20], [0.5], 5, hazard, 0.5)
    with pytest.raises(ValueError, match="share of males"):
        survival_in_people.expected_survival([20], [20], [1.0], 5, hazard, 1.5)


def test_the_chart_draws_each_group_as_the_worked_example():
    groups = {g: survival_in_people.group_in_people(g) for g in ("adults", "children")}
    panels = {x.group_words: x.example for x in groups.values()}
    chart = charts.survival.relative_in_people_figure(panels, horizon_years=5,
                                                      source="Source: test", note="assumed")
    colours = charts.worked_example.WORKED_EXAMPLE_COLOURS
    for words, example in panels.items():
        c = example.rounded()
        assert count_colours(chart.arrays[words].collection, colours) == {
            "alive": c["observed_alive"], "excess_death": c["excess_deaths"],
            "expected_death": c["expected_deaths"]}
        assert f"{c['observed_alive']:,} of 1,000 alive" in chart.captions[words].get_text()
    title = chart.title.get_text().replace("\n", " ")
    assert title.startswith("Relative survival 43% and 90% is not the share alive")
    assert chart.note.get_text() == "assumed"


def test_the_explorer_moves_expected_survival_and_keeps_the_groups_rate():
    explorer = make_relative_in_people_explorer()
    age = explorer.controls["age"]
    assert (age.min, age.max, age.step) == IN_PEOPLE_AGES
    seen = {}
    for value in range(age.min, age.max + 1, 5):
        age.value = value
        shown = survival_in_people.age_in_people(value)
        c = shown.counts()
        assert explorer.values["observed_alive"] == c["observed_alive"]
        assert explorer.values["relative_survival"] == shown.relative_survival
        readout = explorer.readout.value
        assert f"diagnosed at age <b>{value}</b>" in readout
        assert f"= <b>{c['observed_alive']:,}</b> are alive" in readout
        assert f"not {round(100 * shown.relative_survival)}%" in readout
        seen.setdefault(shown.group, set()).add(c["observed_alive"])
    # within a group the rate stays, the number alive does not
    assert all(len(alive) > 1 for alive in seen.values())
    assert bytes(explorer.image.value).startswith(b"\x89PNG")
