"""The SIMULATED registry of netsurv.scenarios and the four approaches to recent survival."""

import warnings

import numpy as np
import pandas as pd
import pytest

from allstats import netsurv
from allstats.netsurv import RateTable, compare_approaches, net_survival, simulate_registry


@pytest.fixture(scope="module")
def rates():
    return RateTable.us_2019()


@pytest.fixture(scope="module")
def registry(rates):
    return simulate_registry(rates, n=20_000, seed=11)


def zero_table():
    return RateTable.from_frame(pd.DataFrame({"age": [0, 0], "sex": ["male", "female"],
                                              "hazard": [0.0, 0.0]}), value="hazard")


def test_the_simulation_is_reproducible_and_labelled(rates):
    one = simulate_registry(rates, n=500, seed=4)
    two = simulate_registry(rates, n=500, seed=4)
    pd.testing.assert_frame_equal(one.patients, two.patients)
    assert one.patients.attrs["label"].startswith("SIMULATED")
    assert not one.patients.equals(simulate_registry(rates, n=500, seed=5).patients)


def test_follow_up_ends_at_the_closing_date(registry):
    p = registry.patients
    exit_day = p.diagnosed + pd.to_timedelta(p.time, unit="D")
    assert (exit_day <= registry.closing).all()
    censored = p[p.status == 0]
    assert (censored.diagnosed + pd.to_timedelta(censored.time, unit="D")
            == registry.closing).all()
    assert p.diagnosed.min().year == 1995 and p.diagnosed.max().year == 2019


def test_with_no_population_deaths_kaplan_meier_recovers_the_true_net_survival():
    """Cancer deaths only: Kaplan-Meier of patients diagnosed in one year estimates
    exp(-lambda_E(y) t), within three standard errors (fixed seed)."""
    registry = simulate_registry(zero_table(), n=40_000, seed=2)
    p = registry.patients
    for year in (1996, 2005):
        one_year = p[p.diagnosed.dt.year == year]
        km = net_survival(one_year, zero_table(), method="ederer2", times=[3 * 365.241])
        truth = registry.true_net_survival(3, one_year.diagnosed).mean()
        assert abs(km.surv.iloc[0] - truth) < 3 * km.std_err.iloc[0]


def test_population_deaths_follow_the_rate_table(rates):
    """A tiny excess hazard: Ederer II relative survival stays near 1 while many die."""
    registry = simulate_registry(rates, n=20_000, excess_first=1e-4, excess_last=1e-4,
                                 child_share=0.0, seed=3)
    p = registry.patients
    assert p.status.mean() > 0.15  # adults 20-85 followed up to 25 years
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        e2 = net_survival(p, rates, method="ederer2", times=[10 * 365.241])
    assert abs(e2.surv.iloc[0] - 1) < 3 * e2.std_err.iloc[0]


def test_excess_hazard_falls_geometrically(registry):
    first, last = registry.excess_hazard(["1995-01-01", "2020-01-01"])
    assert first == pytest.approx(0.30) and last == pytest.approx(0.08)
    middle = registry.excess_hazard(["2007-07-02"])[0]
    assert middle == pytest.approx(np.sqrt(0.30 * 0.08), rel=1e-3)


def test_period_analysis_is_nearer_the_latest_truth_than_the_cohort(registry, rates):
    table = compare_approaches(registry, rates).set_index("approach")
    assert table.index.tolist() == list(netsurv.APPROACHES)
    gap = (table.estimate - table.truth_latest).abs()
    assert gap["period"] < gap["complete"] < gap["cohort"]
    # the cohort estimate targets its own patients' survival, and finds it
    cohort = table.loc["cohort"]
    assert cohort.lower < cohort.truth_own < cohort.upper
    assert table.loc["cohort", "diagnosed_to"] == pd.Timestamp("2014-12-31")
    assert table.loc["period", "follow_up_from"] == pd.Timestamp("2015-01-01")


def test_with_a_five_year_window_hybrid_equals_period_at_five_years(registry, rates):
    """Patients diagnosed before the hybrid's first year are more than 5 years past diagnosis
    inside the window, so they cannot change a 5-year estimate: the two coincide."""
    table = compare_approaches(registry, rates).set_index("approach")
    assert table.loc["hybrid", "estimate"] == pytest.approx(table.loc["period", "estimate"],
                                                           abs=1e-12)
    assert table.loc["hybrid", "patients"] < table.loc["period", "patients"]


@pytest.mark.parametrize("option, value, error, message", [
    ("n", 0, ValueError, r"n must be >= 1"),
    ("excess_first", -0.1, ValueError, r"excess_first must be > 0"),
    ("last_year", 1990, ValueError, r"last_year must be >= 1995"),
    ("seed", "x", TypeError, r"seed must be a whole number"),
])
def test_bad_simulation_options(rates, option, value, error, message):
    with pytest.raises(error, match=message):
        simulate_registry(rates, **{option: value})


def test_compare_approaches_needs_enough_years(rates):
    short = simulate_registry(rates, n=200, first_year=2012, seed=1)
    with pytest.raises(ValueError, match=r"reach back to 2010, before the registry's first"):
        compare_approaches(short, rates)
    with pytest.raises(TypeError, match=r"registry must come from simulate_registry"):
        compare_approaches(short.patients, rates)
