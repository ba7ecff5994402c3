"""How current is a survival figure? (allstats.currency): the simulated registry read three ways."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from allstats import currency, netsurv
from allstats.survival import horizon_years


@pytest.fixture(scope="module")
def rates():
    return netsurv.RateTable.us_2019()


@pytest.fixture(scope="module")
def registry(rates):
    return currency.simulated_registry(rates)


def test_the_registry_is_the_simulation_of_the_modules_constants(registry):
    assert len(registry.patients) == currency.REGISTRY_SIZE
    assert (registry.first_year, registry.last_year) == (currency.FIRST_YEAR, currency.LAST_YEAR)
    assert registry.patients.attrs["label"] == currency.SIMULATED_LABEL
    assert "SIMULATED" in currency.SIMULATED_LABEL
    age = registry.patients["age"]
    child = age < currency.CHILD_AGE_LIMIT
    assert age.min() >= 0 and age.max() < currency.ADULT_AGE_LIMIT
    assert age[~child].min() < currency.CHILD_AGE_LIMIT + 0.1
    assert age.max() > currency.ADULT_AGE_LIMIT - 0.1
    assert child.mean() == pytest.approx(currency.CHILD_SHARE, abs=0.02)
    first = registry.true_net_survival(1, [f"{currency.FIRST_YEAR}-01-01"])[0]
    last = registry.true_net_survival(1, [f"{currency.LAST_YEAR}-12-31"])[0]
    assert first < last, "survival must improve with the year of diagnosis"


def test_approaches_lag_behind_the_truth_in_the_order_a_registry_expects(registry, rates):
    table = currency.approaches(registry, rates)
    assert table["approach"].tolist() == list(currency.SHOWN_APPROACHES)
    est = table.set_index("approach")["estimate"]
    truth = float(table["truth_latest"].iloc[0])
    # the cohort approach uses the oldest diagnoses, the period approach the most recent hazards
    assert est["cohort"] < est["complete"] < est["period"] < truth
    np.testing.assert_allclose(table["error"], table["estimate"] - truth)
    # the truth is that of people diagnosed in the middle of the last year, at the horizon
    expected = registry.true_net_survival(horizon_years(), [f"{currency.LAST_YEAR}-07-02"])[0]
    assert truth == pytest.approx(expected)
    # whose survival each estimate describes: years before the last, fewer for period
    behind = table.set_index("approach")["years_behind"]
    assert 0 < behind["period"] < behind["complete"] < behind["cohort"] < 15


def test_matching_year_inverts_the_true_net_survival(registry):
    years = 5
    dates = [f"{y}-07-02" for y in (currency.FIRST_YEAR, 2007, currency.LAST_YEAR)]
    truth = registry.true_net_survival(years, dates)
    found = currency.matching_year(registry, truth, years)
    fractional = np.array([currency.FIRST_YEAR, 2007, currency.LAST_YEAR]) + 182 / 365
    np.testing.assert_allclose(found, fractional, atol=1e-9)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.2, 1.5, np.nan])
def test_matching_year_refuses_a_survival_outside_0_1(registry, bad):
    with pytest.raises(ValueError, match="survival must be between 0 and 1"):
        currency.matching_year(registry, bad, 5)


def test_truth_by_year_is_one_row_per_year_rising(registry):
    truth = currency.truth_by_year(registry, 5)
    assert truth["year"].tolist() == list(range(currency.FIRST_YEAR, currency.LAST_YEAR + 1))
    assert truth["truth"].is_monotonic_increasing


def test_crude_grid_matches_crude_probabilities_of_each_band(registry, rates):
    grid = currency.crude_grid(registry, rates, ages=(20, 60), years=(1, 5))
    assert len(grid.table) == 4
    p = registry.patients
    band = p[(p["age"] >= 60) & (p["age"] < 65)]
    direct = netsurv.crude_probabilities(band, rates, times=[5 * rates.days_per_year])
    row = grid.at(60, 5)
    assert row["patients"] == len(band)
    assert row["cancer"] == pytest.approx(direct["cancer"].iloc[0])
    assert row["other"] == pytest.approx(direct["other"].iloc[0])
    assert row["alive"] == pytest.approx(1 - row["cancer"] - row["other"])
    # deaths only accumulate
    assert grid.at(60, 1)["cancer"] < row["cancer"] and grid.at(60, 1)["other"] < row["other"]
    with pytest.raises(KeyError, match="no crude probabilities for age 25"):
        grid.at(25, 5)


def test_other_causes_take_more_of_the_old_than_of_the_young(registry, rates):
    grid = currency.crude_grid(registry, rates, ages=(20, 80), years=(5,))
    assert grid.at(80, 5)["other"] > 10 * grid.at(20, 5)["other"]


@pytest.mark.parametrize("cancer, other", [(0.456, 0.121), (0.0, 0.0), (0.333, 0.333),
                                           (0.995, 0.004), (-0.01, 0.2), (0.7, 0.5)])
def test_in_people_adds_up_to_the_group(cancer, other):
    people = currency.in_people(cancer, other)
    assert sum(people.values()) == currency.PEOPLE
    assert min(people.values()) >= 0
    assert people["died_all"] == max(0, min(100, int(np.floor(100 * cancer + 0.5))))


def test_in_people_names_a_bad_argument():
    with pytest.raises(ValueError, match="size must be a positive whole number"):
        currency.in_people(0.1, 0.1, size=0)
    with pytest.raises(ValueError, match="cancer must be a probability"):
        currency.in_people(np.nan, 0.1)


def test_age_mix_changes_the_all_ages_figure_and_standardisation_removes_it(rates):
    mix = currency.age_mix_comparison(rates)
    pops = mix.populations.set_index("population")
    young, old = list(currency.AGE_MIXES)
    # the truth: the all-ages figure follows the age mix, the standardised one does not
    assert pops.at[young, "truth_all_ages"] - pops.at[old, "truth_all_ages"] > 0.15
    assert pops.at[young, "truth_standardised"] == pops.at[old, "truth_standardised"]
    # the estimates: far apart before standardising, close after
    gap_all = pops.at[young, "all_ages"] - pops.at[old, "all_ages"]
    gap_std = abs(pops.at[young, "standardised"] - pops.at[old, "standardised"])
    assert gap_all > 0.15 and gap_std < gap_all / 4
    for name in (young, old):
        assert pops.at[name, "all_ages"] == pytest.approx(pops.at[name, "truth_all_ages"],
                                                          abs=0.03)
        assert pops.at[name, "standardised"] == pytest.approx(
            pops.at[name, "truth_standardised"], abs=0.03)
    # standardised = the standard's weights times the class estimates
    classes = mix.classes
    for name in (young, old):
        assert pops.at[name, "standardised"] == pytest.approx(
            float(np.dot(classes["weight"], classes[f"estimate: {name}"])))
        assert classes[f"patients: {name}"].sum() == pops.at[name, "patients"]
    weights = netsurv.icss_weights(currency.STANDARD)
    assert classes["weight"].tolist() == weights["weight"].tolist()


def test_the_source_lines_say_simulated_and_name_the_weights_source():
    line = currency.registry_source(standard=currency.STANDARD)
    assert currency.SIMULATED_LABEL in line and "ICSS weights" in line
    assert "secondary" in line                     # the stored ICSS rows are all secondary
    rows = currency.standard_rows()
    assert len(rows) == len(currency.AGE_CLASS_HAZARDS)
    assert "SIMULATED" in currency.registry_source()
