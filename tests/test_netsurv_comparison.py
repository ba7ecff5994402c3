"""net_survival_test (issue 14.4) against relsurv 2.2-9's rs.diff, the literal engine and closed
forms. Fixtures: tests/reference/make_rs_diff_reference.R."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_netsurv_reference import trend_table

from allstats.netsurv import RateTable, net_survival_test
from allstats.netsurv.comparison import _chi2_sf, _net_survival_test_reference

REFERENCE = Path(__file__).parent / "reference"
RS_DIFF_RTOL = 1e-10     # statistic, z and covariance vs rs.diff (17 digits), relative
RS_DIFF_P_ATOL = 1e-10   # p-value (R computes 1 - pchisq, which is 0 below ~1e-16)
FAST_VS_REFERENCE_RTOL = 1e-12


@pytest.fixture(scope="module")
def cohort():
    frame = pd.read_csv(REFERENCE / "us2019_cohort.csv")
    frame["agegroup"] = pd.cut(frame.age, [0, 20, 65, np.inf], right=False,
                               labels=["0-19", "20-64", "65+"]).astype(str)
    return frame


@pytest.fixture(scope="module")
def rs_diff():
    return (pd.read_csv(REFERENCE / "us2019_rs_diff.csv"),
            pd.read_csv(REFERENCE / "us2019_rs_diff_groups.csv"))


RUNS = {  # test name: (table, by, strata)
    "sex": ("flat", "sex", None), "sex_trend": ("trend", "sex", None),
    "agegroup": ("flat", "agegroup", None), "sex_by_age": ("flat", "sex", "agegroup"),
}


def _in_order(frame, column, order):
    """Rows reordered so that the groups first appear in rs.diff's order."""
    rank = frame[column].map({group: k for k, group in enumerate(order)})
    return frame.iloc[np.argsort(rank.to_numpy(), kind="stable")]


@pytest.mark.parametrize("run", sorted(RUNS))
def test_matches_relsurv_rs_diff(cohort, rs_diff, run):
    table, by, strata = RUNS[run]
    name = "sex" if run == "sex_trend" else run
    tests, groups = rs_diff
    expected = tests[(tests.table == table) & (tests.test == name)].iloc[0]
    rows = groups[(groups.table == table) & (groups.test == name)]
    rates = RateTable.us_2019() if table == "flat" else trend_table()
    with _no_warning():
        result = net_survival_test(_in_order(cohort, by, rows.group.tolist()), rates, by=by,
                                   strata=strata)
    assert result.df == expected.df
    assert result.statistic == pytest.approx(expected.statistic, rel=RS_DIFF_RTOL)
    assert result.p_value == pytest.approx(expected.p_value, abs=RS_DIFF_P_ATOL)
    k = len(rows)
    assert result.groups.group.tolist() == rows.group.tolist()
    np.testing.assert_array_equal(result.groups.n, rows.n)
    np.testing.assert_array_equal(result.groups.n_event, rows.n_event)
    np.testing.assert_allclose(result.groups.observed_minus_expected[:-1], rows.zh[:-1],
                               rtol=RS_DIFF_RTOL)
    covariance = rows[[f"cov_{c}" for c in range(1, k)]].to_numpy()[:-1]
    np.testing.assert_allclose(result.covariance[:-1, :-1], covariance, rtol=RS_DIFF_RTOL)


class _no_warning:
    def __enter__(self):
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("error", UserWarning)

    def __exit__(self, *exc):
        return self._catch.__exit__(*exc)


def test_the_statistic_does_not_depend_on_the_group_order(cohort):
    rates = RateTable.us_2019()
    one = net_survival_test(cohort, rates, by="agegroup")
    other = net_survival_test(cohort.iloc[::-1], rates, by="agegroup")
    assert one.groups.group.tolist() != other.groups.group.tolist()
    assert one.statistic == pytest.approx(other.statistic, rel=1e-12)
    z = one.groups.observed_minus_expected
    assert abs(z.sum()) < 1e-9 * np.abs(z).max()  # observed - expected sums to zero


@pytest.mark.parametrize("table", ["flat", "trend"])
def test_fast_engine_equals_the_literal_engine(cohort, table):
    rates = RateTable.us_2019() if table == "flat" else trend_table()
    small = cohort[cohort.time <= 700]
    fast = net_survival_test(small, rates, by="agegroup")
    slow = _net_survival_test_reference(small, rates, by="agegroup")
    assert fast.statistic == pytest.approx(slow.statistic, rel=FAST_VS_REFERENCE_RTOL)
    np.testing.assert_allclose(fast.covariance, slow.covariance, rtol=FAST_VS_REFERENCE_RTOL)
    pd.testing.assert_frame_equal(fast.groups, slow.groups, rtol=FAST_VS_REFERENCE_RTOL)


@pytest.mark.parametrize("statistic, df", [(3.841458820694124, 1), (5.991464547107979, 2),
                                           (7.814727903251178, 3), (9.487729036781154, 4)])
def test_chi_square_tail_at_the_5_percent_points(statistic, df):
    assert _chi2_sf(statistic, df) == pytest.approx(0.05, rel=1e-12)


def test_chi_square_tail_closed_forms():
    assert _chi2_sf(0.0, 3) == 1.0
    assert _chi2_sf(10.0, 2) == pytest.approx(np.exp(-5.0), rel=1e-15)
    assert 0 < _chi2_sf(400.0, 2) < 1e-80  # no cancellation to 0


def test_one_group_and_no_deaths_are_refused(cohort):
    rates = RateTable.us_2019()
    with pytest.raises(ValueError, match=r"by: the column 'sex' has only one group"):
        net_survival_test(cohort.assign(sex="male"), rates, by="sex")
    with pytest.warns(UserWarning, match=r"in 2 of 2 groups there are fewer than 10 deaths"):
        with pytest.raises(ValueError, match=r"by: the covariance .* is singular"):
            net_survival_test(cohort.assign(status=0), rates, by="sex")


def test_a_group_without_deaths_still_has_a_test(cohort):
    """V sums over every group's deaths, so one silent group leaves it invertible (as in
    rs.diff); the silent group shows a large negative observed - expected."""
    silent = cohort.assign(status=np.where(cohort.sex == "male", 0, cohort.status))
    with pytest.warns(UserWarning, match=r"in 1 of 2 groups there are fewer than 10 deaths"):
        result = net_survival_test(silent, RateTable.us_2019(), by="sex")
    assert result.p_value < 1e-6
    male = result.groups.set_index("group").loc["male"]
    assert male.n_event == 0 and male.observed_minus_expected < 0
