"""Delayed entry (left truncation) and period analysis in allstats.netsurv (issue 14.2).

References: survival's survfit on left-truncated data (tests/reference/make_delayed_entry_
reference.R; relsurv 2.2-9 ignores the start of Surv(start, stop, event), so it is none), the
slow literal engine on real rate tables, hand-built period windows, and closed forms.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_netsurv_reference import assert_fast_matches_reference

from allstats import netsurv
from allstats.netsurv import RateTable, net_survival
from allstats.netsurv.cohort import _prepare_cohort

REFERENCE = Path(__file__).parent / "reference"
SURVFIT_TOL = 1e-10          # survfit (17 digits) vs allstats, zero population hazard
CLOSED_FORM_TOL = 1e-12
D = netsurv.DAYS_PER_YEAR


def zero_table() -> RateTable:
    rows = [(age, sex, 0.0) for sex in ("male", "female") for age in range(101)]
    return RateTable.from_frame(pd.DataFrame(rows, columns=["age", "sex", "hazard"]),
                                value="hazard")


def constant_table(male=5e-5, female=2e-5) -> RateTable:
    rows = [(0, "male", male), (0, "female", female)]
    return RateTable.from_frame(pd.DataFrame(rows, columns=["age", "sex", "hazard"]),
                                value="hazard")


def year_table(seed=0) -> RateTable:
    rng = np.random.default_rng(seed)
    rows = [(age, sex, year, rng.uniform(0, 0.002))
            for age in (0, 1, 5, 15, 30, 45, 60, 70, 80, 85, 90, 95, 100)
            for sex in ("male", "female") for year in (1996, 1999, 2000, 2004, 2011)]
    return RateTable.from_frame(pd.DataFrame(rows, columns=["age", "sex", "year", "hazard"]),
                                value="hazard")


@pytest.fixture(scope="module")
def cohort():
    return pd.read_csv(REFERENCE / "delayed_entry_cohort.csv")


@pytest.fixture(scope="module")
def survfit():
    return pd.read_csv(REFERENCE / "delayed_entry_survfit.csv")


# ----------------------------------------------------------------------------------------------
# Zero population hazard: left-truncated Kaplan-Meier and Nelson-Aalen of survival's survfit
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["pohar-perme", "ederer2"])
@pytest.mark.parametrize("curve", netsurv.CURVES)
def test_delayed_entry_with_no_population_mortality_is_survfit(cohort, survfit, method, curve):
    result = net_survival(cohort, zero_table(), method=method, curve=curve)
    expected = survfit[survfit.curve == curve]
    # our grid also holds the entry times (rows with no event); survfit reports exit times only
    rows = result.set_index("time").loc[expected.time.to_numpy()]
    np.testing.assert_array_equal(rows.n_risk, expected["n.risk"])
    np.testing.assert_array_equal(rows.n_event, expected["n.event"])
    np.testing.assert_allclose(rows.surv, expected.surv, rtol=0, atol=SURVFIT_TOL)
    if curve == "fleming-harrington":  # survfit's std.err is relsurv's: sqrt(sum d / Y^2)
        np.testing.assert_allclose(rows.std_err / rows.surv, expected["std.err"], rtol=0,
                                   atol=SURVFIT_TOL)


def test_the_reference_cohort_has_delayed_entries_and_ties(cohort):
    assert (cohort.entry > 0).mean() > 0.3
    assert cohort.entry.isin(cohort.time).any()      # someone enters when another leaves
    assert (cohort.entry % 1 != 0).any() and (cohort.time % 1 != 0).any()


def test_risk_set_counts_entries_strictly_before_the_time():
    """Y(t) = #{entry < t <= time}: a patient entering at 10 is not at risk at 10."""
    patients = pd.DataFrame({"entry": [0.0, 10.0, 0.0], "time": [10.0, 20.0, 30.0],
                             "status": [1, 1, 1], "age": 50.0, "sex": "male"})
    result = net_survival(patients, zero_table(), method="ederer2").set_index("time")
    assert result.n_risk.tolist() == [2, 2, 1]
    assert result.surv.tolist() == [0.5, 0.25, 0.0]


def test_a_gap_with_nobody_at_risk_is_reported():
    patients = pd.DataFrame({"entry": [0.0, 20.0], "time": [10.0, 30.0], "status": [1, 1],
                             "age": 50.0, "sex": "male"})
    with pytest.warns(UserWarning, match=r"nobody is at risk in 1 interval"):
        result = net_survival(patients, zero_table(), method="ederer2")
    assert np.isfinite(result.surv).all()


# ----------------------------------------------------------------------------------------------
# entry = 0 changes nothing; the engines agree with entries on real tables
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", netsurv.METHODS)
def test_entry_all_zero_gives_todays_results_exactly(cohort, method):
    plain = cohort.drop(columns="entry")
    zeros = plain.assign(entry=0.0)
    for rates in (RateTable.us_2019(), year_table()):
        pd.testing.assert_frame_equal(net_survival(zeros, rates, method=method),
                                      net_survival(plain, rates, method=method))


@pytest.mark.parametrize("method", ["pohar-perme", "ederer2"])
@pytest.mark.parametrize("table", ["us2019", "years"])
def test_fast_engine_equals_the_literal_engine_with_delayed_entry(cohort, method, table):
    rates = RateTable.us_2019() if table == "us2019" else year_table()
    small = cohort[cohort.time <= 1500]
    assert_fast_matches_reference(small, rates, method=method)


@st.composite
def entry_cohorts(draw):
    n = draw(st.integers(1, 20))
    time = np.array(draw(st.lists(st.integers(1, 600), min_size=n, max_size=n)), float)
    share = np.array(draw(st.lists(st.sampled_from([0.0, 0.0, 0.3, 0.5, 0.999]), min_size=n,
                                   max_size=n)))
    entry = np.floor(time * share * 4) / 4
    return pd.DataFrame({
        "entry": entry, "time": time,
        "status": draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)),
        "age": draw(st.lists(st.floats(0, 104, allow_nan=False), min_size=n, max_size=n)),
        "sex": draw(st.lists(st.sampled_from(["male", "female"]), min_size=n, max_size=n)),
        "diagnosed": np.datetime64("1995-06-01") + np.array(
            draw(st.lists(st.integers(0, 6000), min_size=n, max_size=n)), "timedelta64[D]"),
    })


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(patients=entry_cohorts(), method=st.sampled_from(["pohar-perme", "ederer2"]),
       table=st.sampled_from(["us2019", "years"]))
def test_fast_engine_equals_the_literal_engine_on_random_entries(patients, method, table):
    import warnings

    rates = RateTable.us_2019() if table == "us2019" else year_table()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # gaps in the risk set, old ages
        assert_fast_matches_reference(patients, rates, method=method)


# ----------------------------------------------------------------------------------------------
# Pohar Perme under delayed entry: weights 1/S_Pi with S_Pi from diagnosis
# ----------------------------------------------------------------------------------------------


def test_pohar_perme_weights_use_expected_survival_from_diagnosis(cohort):
    """With one constant hazard for everyone, S_Pi(t) = exp(-lambda t) from diagnosis is the
    same for all patients at risk, so the weights cancel and Pohar Perme = Ederer II. Weights
    from entry, exp(lambda (t - E_i)), would differ between patients and break the equality."""
    same = cohort.assign(sex="male")
    rates = constant_table(male=4e-4)
    pp = net_survival(same, rates)
    e2 = net_survival(same, rates, method="ederer2")
    np.testing.assert_allclose(pp.surv, e2.surv, rtol=0, atol=CLOSED_FORM_TOL)


def test_ederer2_with_delayed_entry_closed_form():
    """Constant hazards: dLambda_j = (d_j - sum_{R_j} lambda_i (t_j - t_{j-1})) / Y_j."""
    lam = {"male": 5e-5, "female": 2e-5}
    patients = pd.DataFrame({"entry": [0.0, 50.0, 0.0, 120.0], "time": [100.0, 200.0, 300.0,
                                                                        400.0],
                             "status": [1, 0, 1, 1], "age": 40.0,
                             "sex": ["male", "female", "female", "male"]})
    result = net_survival(patients, constant_table(**lam), method="ederer2")
    times = [50.0, 100.0, 120.0, 200.0, 300.0, 400.0]
    assert result.time.tolist() == times
    surv, previous = 1.0, 0.0
    for t, row in zip(times, result.itertuples(), strict=True):
        at_risk = patients[(patients.entry < t) & (patients.time >= t)]
        deaths = ((at_risk.time == t) & (at_risk.status == 1)).sum()
        hazard = sum(lam[s] for s in at_risk.sex) * (t - previous)
        surv *= 1 - (deaths - hazard) / len(at_risk)
        assert row.surv == pytest.approx(surv, abs=CLOSED_FORM_TOL)
        previous = t


@pytest.mark.parametrize("method", ["ederer1", "hakulinen"])
def test_methods_that_follow_everyone_from_diagnosis_refuse_delayed_entry(cohort, method):
    with pytest.raises(ValueError, match=rf"method='{method}' is not defined with column 'entry'"):
        net_survival(cohort, RateTable.us_2019(), method=method)
    with pytest.raises(ValueError, match=rf"method='{method}' is not defined with period="):
        net_survival(cohort.drop(columns="entry"), RateTable.us_2019(), method=method,
                     period=("2005-01-01", "2005-12-31"))


# ----------------------------------------------------------------------------------------------
# Period windows: which days count
# ----------------------------------------------------------------------------------------------


def _window(patients, period):
    return _prepare_cohort(patients, zero_table(), need_dates=False, period=period)


def test_period_window_edges():
    """Window 2005-01-01 to 2005-12-31 (both included)."""
    day = pd.Timestamp
    patients = pd.DataFrame({
        "diagnosed": [day("2000-01-01"), day("2000-01-01"), day("2005-03-01"),
                      day("2004-06-01"), day("2003-01-01"), day("2006-01-01"),
                      day("2005-12-31"), day("2004-12-31")],
        "death": [day("2006-06-01"), day("2005-01-01"), day("2005-12-31"), day("2004-12-31"),
                  day("2006-01-01"), day("2006-05-01"), day("2006-01-05"), day("2005-01-01")],
        "status": [1, 1, 1, 1, 1, 1, 1, 1], "age": 50.0, "sex": "male",
    })
    patients["time"] = patients.death - patients.diagnosed
    cohort = _window(patients, ("2005-01-01", "2005-12-31"))
    since = lambda a, b: (day(b) - day(a)).days  # noqa: E731
    # row 0: followed through the window, death after it: enters the end of 2004-12-31,
    # censored on 2005-12-31
    # row 1: died on the first day: counted
    # row 2: diagnosed inside, died on the last day: counted, entry 0
    # row 3: died the day before the window: out
    # row 4: died the day after: censored on the last day
    # row 5: diagnosed after the window: out
    # row 6: diagnosed on the last day: no follow-up inside (time 0): out
    # row 7: diagnosed the day before, died on the first day: entry 0, counted
    assert cohort.labels.tolist() == [0, 1, 2, 4, 7]
    assert cohort.entry.tolist() == [since("2000-01-01", "2004-12-31"),
                                     since("2000-01-01", "2004-12-31"), 0.0,
                                     since("2003-01-01", "2004-12-31"), 0.0]
    assert cohort.time.tolist() == [since("2000-01-01", "2005-12-31"),
                                    since("2000-01-01", "2005-01-01"),
                                    since("2005-03-01", "2005-12-31"),
                                    since("2003-01-01", "2005-12-31"), 1.0]
    assert cohort.status.tolist() == [0, 1, 1, 0, 1]
    assert cohort.outside_period == 3


def test_period_analysis_counts_only_the_window(cohort):
    period = ("2006-01-01", "2008-12-31")
    result = net_survival(cohort.drop(columns="entry"), zero_table(), method="ederer2",
                          period=period)
    diagnosed = pd.to_datetime(cohort.diagnosed)
    death = diagnosed + pd.to_timedelta(cohort.time, unit="D")
    inside = (cohort.status == 1) & (death >= "2006-01-01") & (death <= "2008-12-31 23:59")
    assert result.n_event.sum() == inside.sum()
    assert result.attrs["outside_period"] == int(
        ((diagnosed + pd.to_timedelta(cohort.time, unit="D") < "2006-01-01")
         | (diagnosed > "2008-12-31")
         | (diagnosed == "2008-12-31")).sum())


def test_period_with_delayed_entry_keeps_the_later_entry():
    patients = pd.DataFrame({"diagnosed": ["2000-01-01"], "entry": [3000.0],
                             "time": [3500.0], "status": [1], "age": 50.0, "sex": "male"})
    cohort = _window(patients, ("2005-01-01", "2010-12-31"))
    assert cohort.entry[0] == 3000.0  # later than the window's start (day 1826)


@pytest.mark.parametrize("method", ["pohar-perme", "ederer2"])
def test_fast_engine_equals_the_literal_engine_in_period_analysis(cohort, method):
    plain = cohort.drop(columns="entry")
    for rates in (RateTable.us_2019(), year_table()):
        assert_fast_matches_reference(plain, rates, method=method,
                                      period=("2006-01-01", "2010-12-31"))


@pytest.mark.parametrize("period, error, message", [
    (("2006-01-01",), TypeError, r"period must be a pair"),
    (("2007-01-01", "2006-01-01"), ValueError, r"period: the last day"),
    (("2006-01-01", 2007), TypeError, r"period\[1\] \(last day\) must be a date"),
    (("1900-01-01", "1901-01-01"), ValueError, r"period: no patient has follow-up"),
])
def test_bad_periods_are_refused(cohort, period, error, message):
    with pytest.raises(error, match=message):
        net_survival(cohort.drop(columns="entry"), RateTable.us_2019(), method="ederer2",
                     period=period)


# ----------------------------------------------------------------------------------------------
# popEpi's period analysis of the same cohort and window
# ----------------------------------------------------------------------------------------------

# popEpi's survtab is interval based (1/24-year intervals, hazard method, population hazards
# at record mid-points) where allstats is continuous-time; they estimate the same quantity and
# agree to this tolerance on this cohort (measured: 3.1e-4 at most). popEpi's own tests allow
# 2.26e-4 (e2) and 2.92e-3 (pp) against relsurv on larger cohorts with smaller hazards.
POPEPI_TOL = 5e-4
# person-years: popEpi counts calendar time in fractional years, allstats in days
POPEPI_PYRS_RTOL = 2e-4


@pytest.fixture(scope="module")
def popepi():
    return pd.read_csv(REFERENCE / "us2019_period_popepi.csv")


@pytest.mark.parametrize("method, name", [("ederer2", "e2"), ("pohar-perme", "pp")])
def test_period_analysis_agrees_with_popepi(popepi, method, name):
    cohort = pd.read_csv(REFERENCE / "us2019_cohort.csv")
    expected = popepi[popepi.method == name]
    years = expected.years.to_numpy()
    result = net_survival(cohort, RateTable.us_2019(), method=method,
                          period=("2010-01-01", "2014-12-31"), times=years * 365.242199)
    np.testing.assert_array_equal(result.n_event.cumsum(), expected.d)
    np.testing.assert_allclose(result.surv, expected.surv, rtol=0, atol=POPEPI_TOL)


def test_period_person_time_agrees_with_popepi(popepi):
    cohort = pd.read_csv(REFERENCE / "us2019_cohort.csv")
    window = _prepare_cohort(cohort, RateTable.us_2019(), need_dates=False,
                             period=("2010-01-01", "2014-12-31"))
    year = 365.242199
    for row in popepi[popepi.method == "e2"].itertuples():
        inside = np.clip(np.minimum(window.time, row.years * year) - window.entry, 0, None)
        assert inside.sum() / year == pytest.approx(row.pyrs, rel=POPEPI_PYRS_RTOL)
