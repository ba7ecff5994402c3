"""Age-standardised net survival (issue 14.5): the ICSS weights in data/, traditional direct
standardisation against relsurv's per-class estimates, Brenner's individual weighting against
the literal engine and against the traditional method where the two must coincide."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_netsurv_reference import trend_table

import allstats
from allstats.netsurv import RateTable, icss_weights, net_survival, standardised_net_survival
from allstats.netsurv.standardised import _standardised_reference, standards_path

REFERENCE = Path(__file__).parent / "reference"
RELSURV_TOL = 1e-10           # the weighted sum of relsurv's per-class rs.surv (17 digits)
FAST_VS_REFERENCE_RTOL = 1e-12
COINCIDE_TOL = 1e-12
YEARS = np.array([1, 2, 3]) * 365.241


@pytest.fixture(scope="module")
def cohort():
    return pd.read_csv(REFERENCE / "us2019_cohort.csv")


@pytest.fixture(scope="module")
def relsurv_classes():
    return pd.read_csv(REFERENCE / "us2019_standardised.csv")


# ----------------------------------------------------------------------------------------------
# The weights in data/
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("standard", ["icss1", "icss2", "icss3"])
def test_icss_standards_are_five_consecutive_classes_summing_to_one(standard):
    weights = icss_weights(standard)
    assert weights.group.tolist() == ["15-44", "45-54", "55-64", "65-74", "75+"]
    assert weights.weight.sum() == pytest.approx(1.0, abs=1e-12)
    assert (weights.age_low.iloc[1:].to_numpy() == weights.age_high.iloc[:-1].to_numpy() + 1).all()


def test_each_quote_holds_its_weight():
    """ICSS 1 and 2 are quoted from documents that print the five weights in order; ICSS 3 was
    found in no sentence (see data/README.md) and says so in its location."""
    rows = allstats.load("icss_weights", standards_path())
    for standard in (1, 2):
        part = rows[rows.standard == standard].sort_values("age_low")
        quoted = [float(x) for x in re.findall(r"0\.\d\d", part.quote.iloc[0])]
        assert quoted == part.value.tolist()
        assert part.quote.nunique() == 1
    three = rows[rows.standard == 3]
    assert three.location.str.contains("summed").all()
    assert (rows.verification == "secondary").all()


def test_the_standards_package_validates_and_cites_every_source():
    """data/standards/ is a Frictionless package of its own, under the main package's rules."""
    counts = allstats.validate(standards_path())
    assert counts == {"sources": 3, "icss_weights": 15}
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(standards_path() / "datapackage.json"))
    assert report.valid, [e.message for task in report.tasks for e in task.errors][:5]
    rows = allstats.load("icss_weights", standards_path())
    sources = allstats.load("sources", standards_path())
    assert set(rows.source_id) == set(sources.id)
    assert "icss_weights" not in allstats.resource_names()  # not counted among ALL's figures


# ----------------------------------------------------------------------------------------------
# Traditional standardisation = weighted sum of relsurv's per-class estimates
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["flat", "trend"])
@pytest.mark.parametrize("method", ["pohar-perme", "ederer2"])
def test_traditional_standardisation_matches_relsurv(cohort, relsurv_classes, table, method):
    rates = RateTable.us_2019() if table == "flat" else trend_table()
    with pytest.warns(UserWarning, match=r"\d+ patient\(s\) are outside the standard's age"):
        result = standardised_net_survival(cohort, rates, weights="icss1", times=YEARS,
                                           method=method)
    expected = relsurv_classes[(relsurv_classes.table == table)
                               & (relsurv_classes.method == method)]
    overall = expected[expected.group == "standardised"]
    np.testing.assert_allclose(result.estimate.surv, overall.surv, rtol=0, atol=RELSURV_TOL)
    np.testing.assert_allclose(result.estimate.std_err, overall.std_err, rtol=0,
                               atol=RELSURV_TOL)
    classes = expected[expected.group != "standardised"]
    np.testing.assert_allclose(result.groups.surv, classes.surv, rtol=0, atol=RELSURV_TOL)
    np.testing.assert_allclose(result.groups.std_err, classes.std_err, rtol=0, atol=RELSURV_TOL)
    assert (result.estimate.missing_groups == "").all()
    # relsurv's std.err (cumulative-hazard scale) is se/S; the interval is log on that scale
    se = result.estimate.std_err / result.estimate.surv
    np.testing.assert_allclose(result.estimate.lower,
                               result.estimate.surv * np.exp(-1.959963984540054 * se), rtol=1e-12)


def test_children_are_left_out_of_the_icss_with_a_warning(cohort):
    children = int((cohort.age < 15).sum())
    with pytest.warns(UserWarning, match=rf"{children} patient\(s\) are outside"):
        result = standardised_net_survival(cohort, RateTable.us_2019(), times=[365.241])
    assert result.groups.n.sum() == len(cohort) - children


def test_a_class_with_nobody_at_risk_is_reported_not_dropped(cohort):
    rates = RateTable.us_2019()
    adults = cohort[cohort.age >= 15]
    short = adults[~((adults.age >= 75) & (adults.time > 200))]  # 75+ followed <= 200 days
    result = standardised_net_survival(short, rates, times=[100.0, 365.241])
    assert result.estimate.missing_groups.tolist() == ["", "75+"]
    assert np.isfinite(result.estimate.surv[0]) and np.isnan(result.estimate.surv[1])
    no_old = adults[adults.age < 75]
    result = standardised_net_survival(no_old, rates, times=[100.0])
    assert result.estimate.missing_groups[0] == "75+" and np.isnan(result.estimate.surv[0])
    assert result.groups.set_index("group").loc["75+", "n"] == 0


# ----------------------------------------------------------------------------------------------
# Brenner's individual weighting
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["flat", "trend"])
def test_individual_weighting_equals_the_literal_engine(cohort, table):
    rates = RateTable.us_2019() if table == "flat" else trend_table()
    adults = cohort[(cohort.age >= 15) & (cohort.time <= 1200)]
    fast = standardised_net_survival(adults, rates, times=YEARS[:2], individual=True)
    slow = _standardised_reference(adults, rates, times=YEARS[:2], individual=True)
    pd.testing.assert_frame_equal(fast.estimate, slow.estimate, rtol=FAST_VS_REFERENCE_RTOL)


def test_a_one_class_standard_gives_plain_pohar_perme_both_ways(cohort):
    """One class holding everyone: every Brenner weight W_g / (n_g / n) is 1 and the traditional
    sum has one term, so both are net_survival's Pohar Perme, estimate and standard error."""
    adults = cohort[cohort.age >= 15]
    one_class = pd.DataFrame({"age_low": [15], "age_high": [np.nan], "weight": [1.0]})
    rates = RateTable.us_2019()
    brenner = standardised_net_survival(adults, rates, weights=one_class, times=YEARS,
                                        individual=True)
    traditional = standardised_net_survival(adults, rates, weights=one_class, times=YEARS)
    plain = net_survival(adults, rates, times=YEARS)
    np.testing.assert_allclose(brenner.estimate.surv, plain.surv, rtol=0, atol=COINCIDE_TOL)
    np.testing.assert_allclose(traditional.estimate.surv, plain.surv, rtol=0, atol=COINCIDE_TOL)
    np.testing.assert_allclose(brenner.estimate.std_err, plain.std_err, rtol=0,
                               atol=COINCIDE_TOL)


def test_individual_and_traditional_coincide_when_every_class_has_the_same_data():
    """No population mortality and the same follow-up in every class: every class estimate is
    the same Kaplan-Meier, so any weighting of the classes gives it back, traditional or
    Brenner's, whatever the class sizes."""
    zero = RateTable.from_frame(pd.DataFrame({"age": [0, 0], "sex": ["m", "f"],
                                              "hazard": [0.0, 0.0]}), value="hazard")
    base = pd.DataFrame({"time": [50.0, 120, 200, 310, 400, 520], "status": [1, 0, 1, 1, 0, 1]})
    copies = [base.assign(age=age, sex="m") for age in (20, 50, 60, 70, 80)]
    copies.append(base.assign(age=30, sex="f"))      # class 15-44 twice as large
    patients = pd.concat(copies, ignore_index=True)
    times = [60.0, 250.0, 450.0]
    brenner = standardised_net_survival(patients, zero, times=times, individual=True)
    traditional = standardised_net_survival(patients, zero, times=times)
    km = net_survival(base.assign(age=20, sex="m"), zero, times=times)
    np.testing.assert_allclose(traditional.estimate.surv, km.surv, rtol=0, atol=COINCIDE_TOL)
    np.testing.assert_allclose(brenner.estimate.surv, km.surv, rtol=0, atol=COINCIDE_TOL)


def test_individual_weighting_reweights_the_age_mix(cohort):
    """Brenner's estimate moves towards the classes the standard weighs more than the cohort
    does: ICSS 3 puts 60% on 15-44, far more than this cohort's share."""
    adults = cohort[cohort.age >= 15]
    rates = RateTable.us_2019()
    crude = net_survival(adults, rates, times=YEARS).surv.to_numpy()
    young = standardised_net_survival(adults, rates, weights="icss3", times=YEARS,
                                      individual=True).estimate.surv.to_numpy()
    old = standardised_net_survival(adults, rates, weights="icss1", times=YEARS,
                                    individual=True).estimate.surv.to_numpy()
    assert (young > crude).all() and (old < young).all()


# ----------------------------------------------------------------------------------------------
# Bad input
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("weights, error, message", [
    ("icss4", ValueError, r"weights must be one of"),
    (pd.DataFrame({"age_low": [0, 50], "age_high": [49, np.nan], "weight": [0.5, 0.6]}),
     ValueError, r"weights: the weights must sum to 1"),
    (pd.DataFrame({"age_low": [0, 60], "age_high": [49, np.nan], "weight": [0.5, 0.5]}),
     ValueError, r"weights: the age classes must follow each other"),
    (pd.DataFrame({"age_low": [0], "weight": [1.0]}), ValueError, r"missing column 'age_high'"),
    ({"15-44": 1.0}, TypeError, r"weights must be one of"),
])
def test_bad_weights_are_refused(cohort, weights, error, message):
    with pytest.raises(error, match=message):
        standardised_net_survival(cohort, RateTable.us_2019(), weights=weights, times=[365.0])


def test_options_are_checked(cohort):
    rates = RateTable.us_2019()
    with pytest.raises(ValueError, match=r"times: give the times"):
        standardised_net_survival(cohort, rates, times=None)
    with pytest.raises(ValueError, match=r"individual=True .* is for method='pohar-perme'"):
        standardised_net_survival(cohort, rates, times=[365.0], method="ederer2",
                                  individual=True)
    with pytest.raises(ValueError, match=r"method must be one of"):
        standardised_net_survival(cohort, rates, times=[365.0], method="hakulinen")
    adults = cohort[(cohort.age >= 15) & (cohort.age < 75)]
    with pytest.raises(ValueError, match=r"weights: no patient in the age class\(es\) 75\+"):
        standardised_net_survival(adults, rates, times=[365.0], individual=True)


def test_brenner_weights_are_the_standard_share_over_the_cohort_share(cohort):
    adults = cohort[cohort.age >= 15]
    result = standardised_net_survival(adults, RateTable.us_2019(), times=[365.0],
                                       individual=True)
    standard = icss_weights("icss1")
    counts = pd.cut(adults.age, [15, 45, 55, 65, 75, np.inf], right=False).value_counts(
        sort=False).to_numpy()
    expected = standard.weight.to_numpy() / (counts / counts.sum())
    np.testing.assert_allclose(result.groups.individual_weight, expected, rtol=1e-15)
    assert result.groups.n.tolist() == counts.tolist()
