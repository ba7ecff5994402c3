"""allstats.netsurv against relsurv's and strs's published algorithms, closed forms and its inputs.

Reference values: tests/fixtures/netsurv/ (copied from the shared reference pack; see README.md).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allstats import netsurv
from allstats.netsurv import RateTable, life_table, life_table_from_counts, net_survival

FIXTURES = Path(__file__).parent / "fixtures" / "netsurv"

# Named tolerances
RELSURV_TOL = 1e-10          # relsurv 2.3-2 output (17 significant digits) vs allstats
STRS_FULL_TOL = 1e-9         # Dickman's tables at full precision
STRS_PRINTED_ATOL = 5e-5     # Dickman's published 4-decimal tables
CLOSED_FORM_TOL = 1e-12      # hand-derived formulas

D = 365.241
LAMBDA_MALE = -np.log(0.98) / D    # table A, 5.5313361089e-05 per day
LAMBDA_FEMALE = -np.log(0.99) / D  # table A, 2.75169979644e-05 per day


# ----------------------------------------------------------------------------------------------
# Rate tables A and B of the reference notes (section 5.1), rebuilt from their definitions
# ----------------------------------------------------------------------------------------------


def table_a() -> RateTable:
    """Constant annual survival 0.98 (men, sex 1) and 0.99 (women, sex 2); years 2000, 2010."""
    rows = [(age, sex, year, 1 - p)
            for year in (2000, 2010) for sex, p in ((1, 0.98), (2, 0.99)) for age in range(101)]
    return RateTable.from_frame(pd.DataFrame(rows, columns=["age", "sex", "year", "qx"]))


def table_b() -> RateTable:
    """p(age) = exp(-exp(c + 0.085 age)), c = -9.0 men / -9.5 women; from 2005 the hazard x 0.9
    (relsurv's transrate of p^0.9); hazard = -log(p)/365.241."""
    rows = []
    for year, power in ((2000, 1.0), (2005, 0.9)):
        for sex, c in ((1, -9.0), (2, -9.5)):
            for age in range(101):
                p = np.exp(-np.exp(c + 0.085 * age))
                rows.append((age, sex, year, -np.log(p ** power) / D))
    return RateTable.from_frame(pd.DataFrame(rows, columns=["age", "sex", "year", "hazard"]),
                                value="hazard")


def zero_table() -> RateTable:
    rows = [(age, sex, 0.0) for sex in (1, 2) for age in range(101)]
    return RateTable.from_frame(pd.DataFrame(rows, columns=["age", "sex", "hazard"]),
                                value="hazard")


@pytest.fixture(scope="module")
def patients() -> pd.DataFrame:
    frame = pd.read_csv(FIXTURES / "synthetic_patients.csv")
    return frame.rename(columns={"stat": "status", "diag": "diagnosed"})


@pytest.fixture(scope="module")
def relsurv_values() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "relsurv_rs_surv_synthetic.csv")


TABLES = {"A": table_a, "B": table_b}


def kaplan_meier(time, status):
    """A tiny naive Kaplan-Meier: times, survival, sqrt(sum d/Y^2)."""
    times = np.unique(time)
    surv, var, out_s, out_se = 1.0, 0.0, [], []
    for t in times:
        at_risk = np.sum(time >= t)
        deaths = np.sum((time == t) & (status == 1))
        surv *= 1 - deaths / at_risk
        var += deaths / at_risk**2
        out_s.append(surv)
        out_se.append(np.sqrt(var))
    return times, np.array(out_s), np.array(out_se)


# ----------------------------------------------------------------------------------------------
# relsurv fixtures: every method, every row
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["A", "B"])
@pytest.mark.parametrize("method", netsurv.METHODS)
def test_matches_relsurv_synthetic_fixture(patients, relsurv_values, table, method):
    extra = {"fin_date": "2006-12-31"} if method == "hakulinen" else {}
    result = net_survival(patients, TABLES[table](), method=method, **extra)
    expected = relsurv_values[(relsurv_values.table == table) & (relsurv_values.method == method)]
    assert len(result) == len(expected)
    np.testing.assert_array_equal(result.time, expected.time)
    np.testing.assert_array_equal(result.n_risk, expected["n.risk"])
    np.testing.assert_array_equal(result.n_event, expected["n.event"])
    np.testing.assert_array_equal(result.n_censor, expected["n.censor"])
    np.testing.assert_allclose(result.surv, expected.surv, rtol=0, atol=RELSURV_TOL)
    # fit$std.err is on the cumulative-hazard scale; summary() reports surv * std.err
    np.testing.assert_allclose(result.std_err, expected["std.err"] * expected.surv,
                               rtol=0, atol=RELSURV_TOL)
    np.testing.assert_allclose(result.lower, expected.lower, rtol=0, atol=RELSURV_TOL)
    np.testing.assert_allclose(result.upper, expected.upper, rtol=0, atol=RELSURV_TOL)


def test_reference_implementation_matches_relsurv_too(patients, relsurv_values):
    """The slow daily-grid / exact references reproduce the fixture on their own."""
    for table in ("A", "B"):
        for method in netsurv.METHODS:
            extra = {"fin_date": "2006-12-31"} if method == "hakulinen" else {}
            result = netsurv._net_survival_reference(patients, TABLES[table](), method=method,
                                                     **extra)
            expected = relsurv_values[(relsurv_values.table == table)
                                      & (relsurv_values.method == method)]
            np.testing.assert_allclose(result.surv, expected.surv, rtol=0, atol=RELSURV_TOL)


def test_pohar_perme_precision_and_fleming_harrington_match_relsurv(patients):
    """Section 5.1: table B, Pohar Perme with precision=0.1 and type="fleming-harrington"."""
    fine = net_survival(patients, table_b(), precision=0.1).set_index("time").surv
    assert fine[100] == pytest.approx(0.92749523774, abs=6e-12)
    assert fine[900] == pytest.approx(0.37593330824, abs=6e-12)
    exponential = net_survival(patients, table_b(), curve="fleming-harrington")
    exponential = exponential.set_index("time").surv
    assert exponential[100] == pytest.approx(0.930061472279, abs=6e-13)
    assert exponential[900] == pytest.approx(0.423699312298, abs=6e-13)


def test_published_selected_values(patients):
    """The table of selected values in section 5.1 (15 digits)."""
    assert net_survival(patients, table_a()).set_index("time").surv[600] == pytest.approx(
        0.517954274995378, abs=1e-15 * 10)
    e2 = net_survival(patients, table_b(), method="ederer2").set_index("time").surv
    assert e2[900] == pytest.approx(0.37198718055563, abs=1e-14)


# ----------------------------------------------------------------------------------------------
# Closed forms on table A (constant hazards) and with no population mortality
# ----------------------------------------------------------------------------------------------


def test_ederer2_at_100_days_closed_form(patients):
    expected = 1 - 1 / 12 + 100 * (6 * LAMBDA_MALE + 6 * LAMBDA_FEMALE) / 12
    result = net_survival(patients, table_a(), method="ederer2")
    assert result.surv.iloc[0] == pytest.approx(expected, abs=CLOSED_FORM_TOL)
    assert expected == pytest.approx(0.9208081846, abs=1e-10)


def _lambda(sex):
    return np.where(np.asarray(sex) == 1, LAMBDA_MALE, LAMBDA_FEMALE)


def test_ederer2_every_row_closed_form(patients):
    time, status, lam = patients.time.to_numpy(), patients.status.to_numpy(), _lambda(patients.sex)
    times = np.unique(time)
    previous = np.concatenate([[0], times[:-1]])
    increments = []
    for t, t0 in zip(times, previous, strict=True):
        at_risk = time >= t
        deaths = np.sum(status[time == t])
        increments.append((deaths - (t - t0) * lam[at_risk].sum()) / at_risk.sum())
    expected = np.cumprod(1 - np.array(increments))
    result = net_survival(patients, table_a(), method="ederer2")
    np.testing.assert_allclose(result.surv, expected, rtol=0, atol=CLOSED_FORM_TOL)


def test_ederer1_every_row_closed_form(patients):
    time, status, lam = patients.time.to_numpy(), patients.status.to_numpy(), _lambda(patients.sex)
    times, km, km_se = kaplan_meier(time, status)
    expected_survival = np.array([np.mean(np.exp(-lam * t)) for t in times])
    result = net_survival(patients, table_a(), method="ederer1")
    np.testing.assert_allclose(result.surv, km / expected_survival, rtol=0, atol=CLOSED_FORM_TOL)
    np.testing.assert_allclose(result.std_err, result.surv * km_se, rtol=0, atol=CLOSED_FORM_TOL)


def test_hakulinen_every_row_closed_form(patients):
    time, status, lam = patients.time.to_numpy(), patients.status.to_numpy(), _lambda(patients.sex)
    diagnosed = pd.to_datetime(patients.diagnosed).to_numpy().astype("datetime64[D]")
    fin = np.datetime64("2006-12-31")
    potential = np.where(status == 1, (fin - diagnosed).astype(int), time)
    times, km, _ = kaplan_meier(time, status)  # potential times all exceed the last time here
    log_expected, previous, expected = 0.0, 0.0, []
    for t in times:
        keep = potential >= t
        s = np.exp(-lam[keep] * t)
        log_expected -= np.sum(s * lam[keep] * (t - previous)) / np.sum(s)
        expected.append(np.exp(log_expected))
        previous = t
    result = net_survival(patients, table_a(), method="hakulinen", fin_date="2006-12-31")
    np.testing.assert_allclose(result.surv, km / np.array(expected), rtol=0,
                               atol=CLOSED_FORM_TOL)


def test_pohar_perme_equals_ederer2_when_everyone_shares_one_hazard(patients):
    """With one sex on table A all weights 1/S_Pi are equal and the running-sum quirk is exact:
    dLambda_j = d_j/Y_j - lambda (t_j - t_{j-1})."""
    men = patients.assign(sex=1)
    time, status = men.time.to_numpy(), men.status.to_numpy()
    times = np.unique(time)
    previous = np.concatenate([[0], times[:-1]])
    deaths = np.array([status[time == t].sum() for t in times])
    at_risk = np.array([(time >= t).sum() for t in times])
    expected = np.cumprod(1 - (deaths / at_risk - LAMBDA_MALE * (times - previous)))
    pp = net_survival(men, table_a())
    e2 = net_survival(men, table_a(), method="ederer2")
    np.testing.assert_allclose(pp.surv, expected, rtol=0, atol=CLOSED_FORM_TOL)
    np.testing.assert_allclose(e2.surv, expected, rtol=0, atol=CLOSED_FORM_TOL)


@pytest.mark.parametrize("method", netsurv.METHODS)
@pytest.mark.parametrize("curve", netsurv.CURVES)
def test_no_population_mortality_gives_kaplan_meier(patients, method, curve):
    time, status = patients.time.to_numpy(), patients.status.to_numpy()
    times, km, km_se = kaplan_meier(time, status)
    if curve == "fleming-harrington":
        km = np.exp(-np.cumsum([np.sum(status[time == t]) / np.sum(time >= t) for t in times]))
    result = net_survival(patients, zero_table(), method=method, curve=curve)
    np.testing.assert_array_equal(result.time, times)
    np.testing.assert_allclose(result.surv, km, rtol=0, atol=CLOSED_FORM_TOL)
    np.testing.assert_allclose(result.std_err, km * km_se, rtol=0, atol=CLOSED_FORM_TOL)


# ----------------------------------------------------------------------------------------------
# Output conventions
# ----------------------------------------------------------------------------------------------


def test_columns_and_censoring_counts(patients):
    result = net_survival(patients, table_a())
    assert list(result.columns) == ["time", "n_risk", "n_event", "n_censor", "surv", "std_err",
                                    "lower", "upper"]
    assert result.n_event.sum() + result.n_censor.sum() == len(patients)
    assert result.attrs["method"] == "pohar-perme"


def test_intervals_are_not_truncated(patients):
    """relsurv leaves upper above 1 (1.084 at day 100 on table A)."""
    result = net_survival(patients, table_a())
    assert result.upper.iloc[0] == pytest.approx(1.08429341199434, abs=1e-12)


@pytest.mark.parametrize("conf_type", netsurv.CONF_TYPES)
def test_interval_formulas(patients, conf_type):
    result = net_survival(patients, table_b(), method="ederer2", conf_type=conf_type,
                          conf_level=0.9)
    z = 1.6448536269514722
    s, se = result.surv.to_numpy()[:-1], (result.std_err / result.surv).to_numpy()[:-1]
    if conf_type == "log":
        lower, upper = s * np.exp(-z * se), s * np.exp(z * se)
    elif conf_type == "plain":
        lower, upper = s - z * se * s, s + z * se * s
    else:
        lower = np.exp(-np.exp(np.log(-np.log(s)) - z * se / np.log(s)))
        upper = np.exp(-np.exp(np.log(-np.log(s)) + z * se / np.log(s)))
    np.testing.assert_allclose(result.lower.to_numpy()[:-1], lower, rtol=1e-13)
    np.testing.assert_allclose(result.upper.to_numpy()[:-1], upper, rtol=1e-13)


def test_requested_times_read_the_step_function(patients):
    full = net_survival(patients, table_b())
    picked = net_survival(patients, table_b(), times=[50, 100, 250, 300, 1000, 1200])
    assert picked.time.tolist() == [50, 100, 250, 300, 1000, 1200]
    assert picked.surv[0] == 1 and picked.std_err[0] == 0
    by_time = full.set_index("time")
    assert picked.surv[1] == by_time.surv[100]
    assert picked.surv[2] == by_time.surv[200]   # 250 falls between 200 and 300
    assert picked.surv[3] == by_time.surv[300]
    assert picked.surv[4] == by_time.surv[1000]
    assert np.isnan(picked.surv[5])              # beyond the last follow-up
    assert picked.n_risk.tolist() == [12, 12, 10, 10, 1, 0]
    assert picked.n_event.tolist() == [0, 1, 0, 2, 4, 0]
    assert picked.n_censor.tolist() == [0, 0, 1, 1, 3, 0]  # 200; 300; 500, 700, 900


def test_strata_with_by(patients):
    both = net_survival(patients, table_b(), method="ederer2", by="sex")
    assert list(both.columns)[0] == "sex"
    for sex in (1, 2):
        alone = net_survival(patients[patients.sex == sex], table_b(), method="ederer2")
        part = both[both.sex == sex].drop(columns="sex").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, alone, check_exact=False, rtol=1e-14)


def test_row_order_does_not_matter(patients):
    shuffled = patients.sample(frac=1, random_state=3)
    for method in netsurv.METHODS:
        a = net_survival(patients, table_b(), method=method)
        b = net_survival(shuffled, table_b(), method=method)
        np.testing.assert_allclose(a.surv, b.surv, rtol=1e-14)


def test_zero_times_are_dropped_with_a_warning(patients):
    extra = pd.DataFrame({"time": [0, 0], "status": [1, 0], "age": [50, 60], "sex": [1, 2],
                          "diagnosed": ["2001-01-01", "2002-01-01"]})
    with pytest.warns(UserWarning, match="dropped 2 row"):
        result = net_survival(pd.concat([patients, extra], ignore_index=True), table_b())
    pd.testing.assert_frame_equal(result, net_survival(patients, table_b()))


def test_fin_date_default_is_latest_diagnosis_plus_time(patients):
    latest = (pd.to_datetime(patients.diagnosed)
              + pd.to_timedelta(patients.time, unit="D")).max()
    default = net_survival(patients, table_b(), method="hakulinen")
    explicit = net_survival(patients, table_b(), method="hakulinen", fin_date=latest)
    pd.testing.assert_frame_equal(default, explicit)


def test_hakulinen_grid_holds_potential_follow_up_times(patients):
    """With an early fin_date, potential follow-up times below the last time join the output
    (as in relsurv), with no events or censorings there."""
    result = net_survival(patients, table_a(), method="hakulinen", fin_date="2005-04-04")
    extra = result[~result.time.isin(patients.time)]
    assert len(extra) > 0
    assert (extra.n_event == 0).all() and (extra.n_censor == 0).all()
    observed = result[result.time.isin(patients.time)]
    assert observed.n_event.sum() + observed.n_censor.sum() == len(patients)


def test_fin_date_before_a_death_is_rejected(patients):
    with pytest.raises(ValueError, match=r"column 'diagnosed', row"):
        net_survival(patients, table_b(), method="hakulinen", fin_date="2003-01-01")


@pytest.mark.parametrize("option, value", [("method", "kaplan"), ("conf_type", "arcsin"),
                                           ("curve", "nelson"), ("conf_level", 1.5),
                                           ("precision", 0)])
def test_bad_options(patients, option, value):
    with pytest.raises(ValueError, match=option):
        net_survival(patients, table_b(), **{option: value})


# ----------------------------------------------------------------------------------------------
# Invalid patients: one test per kind, naming the column and the first offending row
# ----------------------------------------------------------------------------------------------


@pytest.fixture
def labelled(patients) -> pd.DataFrame:
    frame = patients.drop(columns="id").copy()
    frame.index = [f"p{i}" for i in range(1, len(frame) + 1)]
    frame["status"] = frame["status"].astype(float)
    frame["age"] = frame["age"].astype(float)
    frame["time"] = frame["time"].astype(float)
    frame["diagnosed"] = frame["diagnosed"].astype(object)
    frame["sex"] = frame["sex"].astype(object)
    return frame


def _broken(frame, column, rows, value):
    frame = frame.copy()
    for row in rows:
        frame.loc[row, column] = value
    return frame


@pytest.mark.parametrize("column, value, message", [
    ("age", -1.0, "negative age"),
    ("time", -5.0, "negative follow-up time"),
    ("status", 2.0, "status must be 0"),
    ("sex", 3, "sex not in the rate table"),
    ("diagnosed", None, "missing or not a date"),
    ("diagnosed", "not a date", "missing or not a date"),
    ("age", np.nan, "missing"),
    ("time", np.nan, "missing"),
    ("status", np.nan, "missing"),
    ("sex", np.nan, "missing sex"),
    ("time", np.inf, "missing, infinite or not a number"),
])
def test_invalid_patients_name_column_and_first_row(labelled, column, value, message):
    broken = _broken(labelled, column, ["p4", "p9"], value)
    with pytest.raises(ValueError, match=rf"column '{column}', row 'p4': {message}"):
        net_survival(broken, table_b())


def test_missing_column_is_named(labelled):
    with pytest.raises(ValueError, match="missing column 'diagnosed'"):
        net_survival(labelled.drop(columns="diagnosed"), table_b())
    with pytest.raises(ValueError, match="missing column 'age'"):
        net_survival(labelled.drop(columns="age"), zero_table())


def test_dates_only_needed_with_years_or_hakulinen(labelled):
    no_dates = labelled.drop(columns="diagnosed")
    net_survival(no_dates, zero_table(), method="ederer2")
    with pytest.raises(ValueError, match="missing column 'diagnosed'"):
        net_survival(no_dates, zero_table(), method="hakulinen")


def test_status_may_be_boolean(patients):
    a = net_survival(patients.assign(status=patients.status.astype(bool)), table_b())
    pd.testing.assert_frame_equal(a, net_survival(patients, table_b()))


# ----------------------------------------------------------------------------------------------
# Rate tables
# ----------------------------------------------------------------------------------------------


def test_qx_becomes_a_daily_hazard():
    frame = pd.DataFrame({"age": [0, 1, 0, 1], "sex": ["m", "m", "f", "f"],
                          "qx": [0.01, 0.02, 0.005, 1.0]})
    table = RateTable.from_frame(frame)
    assert table.hazard.shape == (2, 2, 1)
    assert table.sexes == ("m", "f")
    assert table.hazard[0, 0, 0] == -np.log(1 - 0.01) / D
    assert table.hazard[0, 1, 0] == -np.log(1 - 0.02) / D
    # q = 1 would be an infinite hazard: replaced by 0.999 as relsurv's transrate.hmd does
    assert table.hazard[1, 1, 0] == -np.log(1 - 0.999) / D
    assert np.isfinite(table.hazard).all()
    other = RateTable.from_frame(frame, days_per_year=365.25)
    assert other.hazard[0, 0, 0] == -np.log(1 - 0.01) / 365.25
    np.testing.assert_array_equal(other.age_cuts, [0, 365.25])


def test_us_2019_table():
    table = RateTable.us_2019()
    assert table.sexes == ("male", "female")
    assert table.hazard.shape == (2, 101, 1)
    assert not table.has_years
    assert table.hazard[0, 0, 0] == -np.log(1 - 0.006080) / D
    assert table.hazard[1, 100, 0] == -np.log(1 - netsurv.QX_CAP) / D  # the "100 and over" q=1


def test_edges_carry_forward():
    frame = pd.DataFrame({"age": [20, 30, 20, 30], "sex": ["m", "m", "m", "m"],
                          "year": [2000, 2000, 2010, 2010], "hazard": [1e-5, 2e-5, 3e-5, 4e-5]})
    table = RateTable.from_frame(frame, value="hazard")
    day = lambda s: float((np.datetime64(s) - np.datetime64("1970-01-01")).astype(int))  # noqa
    lookup = lambda age, date: table.daily_hazard([age * D], ["m"], [day(date)])[0]  # noqa
    assert lookup(5, "1990-06-01") == 1e-5      # below the first age and year: first cell
    assert lookup(95, "1990-06-01") == 2e-5     # past the last age: last age row
    assert lookup(25, "2030-06-01") == 3e-5     # after the last year: last year column
    assert lookup(30, "2009-12-31") == 2e-5
    assert lookup(30, "2010-01-01") == 4e-5     # a year applies from 1 January


def test_rate_frame_must_be_complete_and_valid():
    good = pd.DataFrame({"age": [0, 1, 0, 1], "sex": [1, 1, 2, 2], "qx": [0.1, 0.2, 0.1, 0.2]})
    with pytest.raises(ValueError, match="no row for sex 2, age 1"):
        RateTable.from_frame(good.iloc[:3])
    with pytest.raises(ValueError, match="duplicate"):
        RateTable.from_frame(pd.concat([good, good.iloc[:1]]))
    with pytest.raises(ValueError, match=r"column 'qx', row 1: qx must be between 0 and 1"):
        RateTable.from_frame(good.assign(qx=[0.1, 1.2, 0.1, 0.2]))
    with pytest.raises(ValueError, match=r"column 'age', row 2: must be a whole number"):
        RateTable.from_frame(good.assign(age=[0, 1, 0.5, 1]))
    with pytest.raises(ValueError, match="missing column 'hazard'"):
        RateTable.from_frame(good, value="hazard")


def test_to_frame_round_trip():
    table = table_b()
    again = RateTable.from_frame(table.to_frame(), value="hazard")
    np.testing.assert_array_equal(again.hazard, table.hazard)


# ----------------------------------------------------------------------------------------------
# strs / Dickman life tables
# ----------------------------------------------------------------------------------------------

DICKMAN = {
    "colon": ("dickman_colon_localised_ederer2_lifetable.csv", "sex"),
    "melanoma": ("dickman_melanoma_localised_ederer2_lifetable.csv", "dataset"),
}
COLUMN_PAIRS = {"n_prime": "n_prime", "p": "p", "p_star": "p_star", "r": "r", "cp": "cp",
                "cp_star": "cp_e2", "cr": "cr_e2", "se_cp": "se_cp", "se_cr": "se_cr_e2",
                "lower": "lo_cr_e2", "upper": "hi_cr_e2"}
PRINTED = ["p", "p_star", "r", "cp", "cp_star", "cr", "lower", "upper"]


def _dickman_parts():
    for name, (file, key) in DICKMAN.items():
        frame = pd.read_csv(FIXTURES / file)
        for group, part in frame.groupby(key, sort=False):
            yield f"{name}-{group}", part.reset_index(drop=True)


@pytest.mark.parametrize("name, part", list(_dickman_parts()), ids=lambda x: x
                         if isinstance(x, str) else "")
def test_dickman_life_tables(name, part):
    result = life_table_from_counts(part[["start", "end", "n", "d", "w", "p_star"]])
    assert list(result.columns) == ["start", "end", "n", "d", "w", "n_prime", "p", "p_star", "r",
                                    "cp", "cp_star", "cr", "se_cp", "se_cr", "lower", "upper"]
    for ours, theirs in COLUMN_PAIRS.items():
        np.testing.assert_allclose(result[ours], part[theirs], rtol=0, atol=STRS_FULL_TOL,
                                   err_msg=ours)
    for ours in PRINTED:
        published = part[COLUMN_PAIRS[ours]].round(4)
        np.testing.assert_allclose(result[ours], published, rtol=0, atol=STRS_PRINTED_ATOL)
        np.testing.assert_array_equal(result[ours].round(4), published, err_msg=ours)


def test_dickman_printed_values():
    colon = pd.read_csv(FIXTURES / DICKMAN["colon"][0])
    out = {sex: life_table_from_counts(part.reset_index(drop=True)).round(4)
           for sex, part in colon.groupby("sex")}
    male, female = out["Male"], out["Female"]
    # "the five-year relative survival for males is 0.7715, while for females it is 0.7828"
    assert male.cr[4] == 0.7715 and female.cr[4] == 0.7828
    assert (female.lower[4], female.upper[4]) == (0.7617, 0.8032)
    assert (female.cr[9], female.lower[9], female.upper[9]) == (0.7193, 0.6871, 0.7512)
    first = male.iloc[0]
    assert (first.p, first.p_star, first.r, first.lower, first.upper) == (
        0.8748, 0.9470, 0.9238, 0.9098, 0.9366)
    assert tuple(male.iloc[9][["cp", "cp_star", "cr", "lower", "upper"]]) == (
        0.3847, 0.5537, 0.6948, 0.6538, 0.7357)
    melanoma = life_table_from_counts(pd.read_csv(FIXTURES / DICKMAN["melanoma"][0])).round(4)
    assert (melanoma.cr[9], melanoma.lower[9], melanoma.upper[9]) == (0.7964, 0.7768, 0.8155)


def test_life_table_counts_by_hand():
    """Intervals [0,1), [1,2), [2,3) years; censored exactly at an interval's end survived it."""
    years = np.array([0.5, 0.5, 1.0, 1.0, 1.5, 2.5, 3.0, 0.2])
    status = np.array([1, 0, 1, 0, 1, 0, 1, 0])
    patients = pd.DataFrame({"time": years * D, "status": status, "age": 40.0, "sex": 1})
    table = life_table(patients, zero_table(), max_years=3)
    assert table.n.tolist() == [8, 3, 2]
    assert table.d.tolist() == [2, 1, 1]
    assert table.w.tolist() == [2, 0, 1]
    assert table.n_prime.tolist() == [7.0, 3.0, 1.5]
    np.testing.assert_allclose(table.p, [1 - 2 / 7, 1 - 1 / 3, 1 - 1 / 1.5])
    np.testing.assert_array_equal(table.p_star, 1.0)
    np.testing.assert_allclose(table.cr, table.cp)


def test_life_table_expected_survival_and_consistency(patients):
    """On table A p*_k is the mean of p_s^width over those entering, and the table equals
    life_table_from_counts of its own counts."""
    table = life_table(patients.assign(time=patients.time * 3), table_a(), max_years=8)
    years = patients.time.to_numpy() * 3 / D
    for row in table.itertuples():
        entering = years > row.start
        p = np.where(patients.sex.to_numpy()[entering] == 1, 0.98, 0.99)
        assert row.p_star == pytest.approx(np.mean(p), abs=1e-15)
    again = life_table_from_counts(table[["start", "end", "n", "d", "w", "p_star"]])
    pd.testing.assert_frame_equal(table, again)


def test_life_table_counts_are_validated():
    frame = pd.DataFrame({"start": [0], "end": [1], "n": [10], "d": [8], "w": [4],
                          "p_star": [0.9]})
    with pytest.raises(ValueError, match=r"column 'd', row 0: d \+ w exceeds n"):
        life_table_from_counts(frame)
    with pytest.raises(ValueError, match="missing column 'p_star'"):
        life_table_from_counts(frame.drop(columns="p_star"))


# ----------------------------------------------------------------------------------------------
# The package keeps the names of the old module
# ----------------------------------------------------------------------------------------------


def test_every_public_name_of_the_old_module_is_importable_from_the_package():
    import importlib

    package = importlib.import_module("allstats.netsurv")
    for name in ("CONF_TYPES", "CURVES", "DAYS_PER_YEAR", "METHODS", "QX_CAP", "RateTable",
                 "life_table", "life_table_from_counts", "net_survival",
                 "_net_survival_reference"):
        assert hasattr(package, name), name
    assert set(package.__all__) >= {"RateTable", "net_survival", "life_table",
                                    "life_table_from_counts", "DAYS_PER_YEAR", "QX_CAP"}
    for module in ("rates", "cohort", "estimators", "lifetables", "fast", "reference"):
        importlib.import_module(f"allstats.netsurv.{module}")
