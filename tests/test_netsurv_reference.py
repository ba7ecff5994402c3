"""allstats.netsurv against relsurv on the US 2019 life tables, and its fast path against the slow
step-by-step definitions.

The relsurv values were made by tests/reference/make_us2019_reference.R (relsurv 2.2-9) on the
cohort it generated (tests/reference/us2019_cohort.csv); see the script for the two rate tables.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import allstats
from allstats import netsurv
from allstats.netsurv import RateTable, net_survival

REFERENCE = Path(__file__).parent / "reference"

US2019_TOL = 1e-10                # relsurv 2.2-9 printed with 17 significant digits
FAST_VS_REFERENCE_RTOL = 1e-12    # relative to max(|value|, 1)


# ----------------------------------------------------------------------------------------------
# relsurv on the US 2019 tables
# ----------------------------------------------------------------------------------------------


def trend_table() -> RateTable:
    """Year columns 1990, 1995, ..., 2020; column y: hazard = -log(p^(1.02^(2019-y)))/365.241
    with p = 1 - q (q = 1 -> 0.999), exactly as the R script builds it with transrate."""
    life = allstats.load("us_life_tables_2019")
    q = life["qx"].to_numpy(dtype=float)
    p = 1 - np.where(q == 1, 0.999, q)
    parts = []
    for year in range(1990, 2021, 5):
        multiplier = 1.02 ** (2019 - year)
        parts.append(pd.DataFrame({
            "age": life["age"].to_numpy(dtype=float), "sex": life["sex"].astype(str).to_numpy(),
            "year": year, "hazard": -np.log(p ** multiplier) / 365.241,
        }))
    return RateTable.from_frame(pd.concat(parts, ignore_index=True), value="hazard")


@pytest.fixture(scope="module")
def us_tables():
    return {"flat": RateTable.us_2019(), "trend": trend_table()}


@pytest.fixture(scope="module")
def cohort():
    return pd.read_csv(REFERENCE / "us2019_cohort.csv")


def _runs(file):
    frame = pd.read_csv(REFERENCE / file)
    return [(table, method, conf_type, part.reset_index(drop=True))
            for (table, method, conf_type), part
            in frame.groupby(["table", "method", "conf_type"], sort=False)]


def _assert_close(result, expected):
    for ours, theirs in (("surv", "surv"), ("lower", "lower"), ("upper", "upper")):
        np.testing.assert_array_equal(np.isnan(result[ours]), np.isnan(expected[theirs]))
        np.testing.assert_allclose(result[ours], expected[theirs], rtol=0, atol=US2019_TOL,
                                   err_msg=ours)


@pytest.mark.parametrize("table, method, conf_type, expected", _runs("us2019_rs_surv.csv"),
                         ids=lambda x: x if isinstance(x, str) else "")
def test_matches_relsurv_on_us_2019(cohort, us_tables, table, method, conf_type, expected):
    result = net_survival(cohort, us_tables[table], method=method, conf_type=conf_type)
    np.testing.assert_array_equal(result.time, expected.time)
    np.testing.assert_array_equal(result.n_risk, expected["n.risk"])
    np.testing.assert_array_equal(result.n_event, expected["n.event"])
    np.testing.assert_array_equal(result.n_censor, expected["n.censor"])
    _assert_close(result, expected)
    np.testing.assert_allclose(result.std_err, expected["std.err"] * expected.surv, rtol=0,
                               atol=US2019_TOL)


@pytest.mark.parametrize("table, method, conf_type, expected",
                         _runs("us2019_rs_surv_summary.csv"),
                         ids=lambda x: x if isinstance(x, str) else "")
def test_matches_relsurv_summary_at_1_5_10_years(cohort, us_tables, table, method, conf_type,
                                                 expected):
    """summary(fit, times = c(1, 5, 10) * 365.241): std.err there is on the survival scale."""
    result = net_survival(cohort, us_tables[table], method=method, conf_type=conf_type,
                          times=np.array([1, 5, 10]) * 365.241)
    np.testing.assert_array_equal(result[["n_risk", "n_event", "n_censor"]],
                                  expected[["n.risk", "n.event", "n.censor"]])
    _assert_close(result, expected)
    np.testing.assert_allclose(result.std_err, expected["std.err"], rtol=0, atol=US2019_TOL)


def test_reference_cohort_exercises_the_edges(cohort):
    """Ages past the last row (100), half-day times and ties are all present."""
    assert (cohort.age > 100).any()
    assert (cohort.time % 1 != 0).any()
    assert cohort.time.duplicated().any()


# ----------------------------------------------------------------------------------------------
# Fast path = slow step-by-step definitions
# ----------------------------------------------------------------------------------------------


def assert_fast_matches_reference(patients, rates, **options):
    fast = net_survival(patients, rates, **options)
    slow = netsurv._net_survival_reference(patients, rates, **options)
    pd.testing.assert_frame_equal(fast[["time", "n_risk", "n_event", "n_censor"]],
                                  slow[["time", "n_risk", "n_event", "n_censor"]])
    columns = ["surv", "std_err", "lower", "upper"]
    a, b = fast[columns].to_numpy(), slow[columns].to_numpy()
    np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
    scale = np.maximum(np.abs(np.nan_to_num(b)), 1.0)
    error = np.nanmax(np.abs(np.nan_to_num(a - b)) / scale)
    assert error <= FAST_VS_REFERENCE_RTOL, error


def year_table(seed=0) -> RateTable:
    """A table with uneven age rows, several years and high hazards (up to 0.02 a day)."""
    rng = np.random.default_rng(seed)
    rows = [(age, sex, year, rng.uniform(0, 0.02))
            for age in (0, 1, 5, 15, 30, 45, 60, 70, 80, 85, 90, 95, 100)
            for sex in ("male", "female") for year in (1996, 1999, 2000, 2004, 2011)]
    return RateTable.from_frame(pd.DataFrame(rows, columns=["age", "sex", "year", "hazard"]),
                                value="hazard")


TABLES = {"us2019": RateTable.us_2019(), "years": year_table()}


@st.composite
def cohorts(draw):
    n = draw(st.integers(1, 25))
    fractional = draw(st.booleans())
    horizon = draw(st.sampled_from([30, 400, 1200]))
    time = draw(st.lists(st.integers(1, horizon), min_size=n, max_size=n))
    time = np.array(time, dtype=float)
    if fractional:
        time = time - np.array(draw(st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.999]),
                                             min_size=n, max_size=n)))
    age = draw(st.lists(st.floats(0, 104, allow_nan=False), min_size=n, max_size=n))
    status = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    sex = draw(st.lists(st.sampled_from(["male", "female"]), min_size=n, max_size=n))
    days = draw(st.lists(st.integers(0, 9000), min_size=n, max_size=n))
    diagnosed = np.datetime64("1994-06-01") + np.array(days, "timedelta64[D]")
    return pd.DataFrame({"time": time, "status": status, "age": age, "sex": sex,
                         "diagnosed": diagnosed})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patients=cohorts(), table=st.sampled_from(sorted(TABLES)),
       method=st.sampled_from(netsurv.METHODS))
def test_fast_path_equals_reference(patients, table, method):
    assert_fast_matches_reference(patients, TABLES[table], method=method)


@pytest.mark.parametrize("precision", [0.3, 1.0, 2.5])
def test_fast_path_equals_reference_with_other_precisions(precision):
    rng = np.random.default_rng(11)
    n = 60
    patients = pd.DataFrame({
        "time": np.round(rng.uniform(0.1, 500, n), 1), "status": rng.integers(0, 2, n),
        "age": rng.uniform(0, 104, n), "sex": rng.choice(["male", "female"], n),
        "diagnosed": np.datetime64("1997-01-01")
        + rng.integers(0, 6000, n).astype("timedelta64[D]"),
    })
    for table in TABLES.values():
        for method in ("pohar-perme", "ederer2"):
            assert_fast_matches_reference(patients, table, method=method, precision=precision)


def test_fast_path_equals_reference_on_a_registry_like_cohort():
    """A simulated cohort of 600 with up to 3 years of follow-up (the benchmark's simulator)."""
    import importlib.util

    path = Path(__file__).parents[1] / "benchmarks" / "bench_netsurv.py"
    spec = importlib.util.spec_from_file_location("bench_netsurv", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rates = RateTable.us_2019()
    patients = bench.simulate_cohort(600, rates, seed=5)
    patients = patients[patients.time <= 3 * 365]
    for method in netsurv.METHODS:
        assert_fast_matches_reference(patients, rates, method=method)
    for method in netsurv.METHODS:
        assert_fast_matches_reference(patients, TABLES["years"], method=method)
