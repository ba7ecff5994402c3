"""Crude probabilities of death (issue 14.3) against relsurv 2.2-9's cmp.rel, the literal
engine and closed forms. Fixture: tests/reference/make_crude_reference.R."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_netsurv_reference import trend_table

from allstats.netsurv import RateTable, crude_probabilities, net_survival
from allstats.netsurv.crude import _crude_probabilities_reference

REFERENCE = Path(__file__).parent / "reference"
CMP_REL_TOL = 1e-10          # relsurv's cmp.rel (17 digits) vs allstats, probabilities
CMP_REL_VAR_TOL = 1e-10      # ... variances (cancer_se ** 2 vs causeSpec$var)
FAST_VS_REFERENCE_TOL = 1e-12
CLOSED_FORM_TOL = 1e-12
ADDED = np.array([0.5, 1, 2, 5, 7.5]) * 365.241


@pytest.fixture(scope="module")
def cohort():
    return pd.read_csv(REFERENCE / "us2019_cohort.csv")


@pytest.fixture(scope="module")
def cmp_rel():
    return pd.read_csv(REFERENCE / "us2019_cmp_rel.csv")


TABLES = {"flat": RateTable.us_2019, "trend": trend_table}


@pytest.mark.parametrize("table", ["flat", "trend"])
@pytest.mark.parametrize("run", ["default", "times"])
def test_matches_relsurv_cmp_rel(cohort, cmp_rel, table, run):
    expected = cmp_rel[(cmp_rel.table == table) & (cmp_rel.run == run)]
    if run == "default":
        result = crude_probabilities(cohort, TABLES[table]())
        np.testing.assert_array_equal(result.time, expected.time)  # the same rows
    else:
        result = crude_probabilities(cohort, TABLES[table](), times=ADDED, tau=10 * 365.241)
        expected = expected.set_index("time").loc[ADDED].reset_index()
    np.testing.assert_allclose(result.cancer, expected.cancer, rtol=0, atol=CMP_REL_TOL)
    np.testing.assert_allclose(result.other, expected.other, rtol=0, atol=CMP_REL_TOL)
    np.testing.assert_allclose(result.cancer_se ** 2, expected.cancer_var, rtol=0,
                               atol=CMP_REL_VAR_TOL)
    np.testing.assert_allclose(result.other_se ** 2, expected.other_var, rtol=0,
                               atol=CMP_REL_VAR_TOL)


def test_the_fixture_has_many_rows_and_growing_probabilities(cmp_rel):
    default = cmp_rel[(cmp_rel.table == "flat") & (cmp_rel.run == "default")]
    assert len(default) > 500
    assert default.cancer.iloc[-1] > 0.3 and default.other.iloc[-1] > 0.01
    assert default.other.is_monotonic_increasing  # population deaths only accumulate


@pytest.mark.parametrize("table", ["flat", "trend"])
def test_fast_engine_equals_the_literal_engine(cohort, table):
    small = cohort[cohort.time <= 900]
    fast = crude_probabilities(small, TABLES[table]())
    slow = _crude_probabilities_reference(small, TABLES[table]())
    pd.testing.assert_frame_equal(fast, slow, rtol=0, atol=FAST_VS_REFERENCE_TOL)


def test_cancer_plus_other_is_kaplan_meier(cohort):
    result = crude_probabilities(cohort, RateTable.us_2019())
    zero = RateTable.from_frame(pd.DataFrame({"age": [0, 0], "sex": ["male", "female"],
                                              "hazard": [0.0, 0.0]}), value="hazard")
    km = net_survival(cohort, zero, method="ederer2", times=result.time)
    np.testing.assert_allclose(result.cancer + result.other, 1 - km.surv, rtol=0,
                               atol=CLOSED_FORM_TOL)
    no_population = crude_probabilities(cohort, zero)
    assert (no_population.other == 0).all()
    np.testing.assert_allclose(no_population.cancer, 1 - km.surv, rtol=0, atol=CLOSED_FORM_TOL)


def test_times_beyond_tau_are_nan_and_tau_censors(cohort):
    result = crude_probabilities(cohort, RateTable.us_2019(), times=[365.0, 4000.0], tau=3650)
    assert np.isfinite(result.iloc[0, 1:]).all()
    assert result.iloc[1, 1:].isna().all()


def test_delayed_entry_is_refused(cohort):
    with pytest.raises(ValueError, match=r"column 'entry', row .*: delayed entry is not"):
        crude_probabilities(cohort.assign(entry=cohort.time / 2), RateTable.us_2019())
