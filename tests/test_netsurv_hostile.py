"""Issue 13 (netsurv): every hostile input gives a clean error naming what is wrong, or a correct
result. One plain regression test per case of the issue; the property-based sweep over every
public callable is in test_netsurv_fuzz.py."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from allstats import netsurv
from allstats.netsurv import RateTable, life_table, life_table_from_counts, net_survival
from allstats.netsurv.cohort import _prepare_cohort
from allstats.netsurv.fast import _PIECE_BUDGET, _chunks
from allstats.netsurv.reference import _reference_exit_hazards

D = netsurv.DAYS_PER_YEAR


@pytest.fixture(scope="module")
def rates():
    return RateTable.us_2019()


@pytest.fixture()
def patients():
    return pd.DataFrame({
        "time": [100.0, 200.0, 300.0, 300.0, 400.0, 500.0, 650.0, 800.0],
        "status": [1, 0, 1, 1, 0, 1, 0, 1],
        "age": [60.5, 65.0, 70.2, 52.0, 77.0, 55.0, 80.0, 75.0],
        "sex": ["male", "female", "male", "female", "male", "female", "male", "female"],
        "diagnosed": pd.to_datetime(["2001-03-01", "2002-06-15", "2000-01-10", "2003-09-30",
                                     "2001-12-31", "2004-02-29", "2001-05-05", "2002-07-04"]),
    })


# ----------------------------------------------------------------------------------------------
# Units: timedeltas, integer dates, timedelta ages
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", netsurv.METHODS)
def test_timedelta_follow_up_is_read_in_days(patients, rates, method):
    """time = death - diagnosed (a Timedelta) gives exactly the result of the same days as
    numbers; before, it was read as microseconds (inf, NaN, petabyte allocations)."""
    as_days = net_survival(patients, rates, method=method)
    deltas = patients.assign(time=pd.to_timedelta(patients.time, unit="D"))
    as_deltas = net_survival(deltas, rates, method=method)
    pd.testing.assert_frame_equal(as_days, as_deltas)
    half_days = patients.assign(time=pd.to_timedelta(patients.time, unit="D")
                                + pd.Timedelta(hours=12))
    assert net_survival(half_days, rates, method="ederer2").time.iloc[0] == 100.5


def test_timedelta_follow_up_in_the_life_table(patients, rates):
    deltas = patients.assign(time=pd.to_timedelta(patients.time, unit="D"))
    table = life_table(deltas, rates, max_years=3)
    pd.testing.assert_frame_equal(table, life_table(patients, rates, max_years=3))
    assert table.d.sum() == patients.status.sum()  # before: nobody died


def test_integer_diagnosis_year_is_refused(patients, rates):
    years = patients.assign(diagnosed=2005)
    with pytest.raises(ValueError, match=r"column 'diagnosed' holds numbers, not dates"):
        net_survival(years, rates, method="hakulinen")


@pytest.mark.parametrize("text", ["2005", "01/03/2005", "March 2005"])
def test_dates_must_be_iso_text(patients, rates, text):
    odd = patients.assign(diagnosed=patients.diagnosed.dt.strftime("%Y-%m-%d"))
    odd.loc[2, "diagnosed"] = text
    with pytest.raises(ValueError, match=r"column 'diagnosed', row 2: missing or not a date"):
        net_survival(odd, rates, method="hakulinen")


def test_timedelta_age_is_refused(patients, rates):
    odd = patients.assign(age=pd.to_timedelta(patients.age * D, unit="D"))
    with pytest.raises(ValueError, match=r"column 'age' holds timedeltas, not numbers"):
        net_survival(odd, rates)


def test_dates_in_the_time_column_are_refused(patients, rates):
    odd = patients.assign(time=patients.diagnosed)
    with pytest.raises(ValueError, match=r"column 'time' holds dates, not durations"):
        net_survival(odd, rates)


# ----------------------------------------------------------------------------------------------
# Hakulinen: default fin_date from a death at a fractional time
# ----------------------------------------------------------------------------------------------


def test_hakulinen_default_fin_date_from_a_fractional_death(rates):
    """relsurv's fin.date - year loses the last bits for the patient who sets fin_date: the grid
    got a second row 2e-13 days before the last time, then NaN there. The potential follow-up of
    that patient is now exactly its time."""
    day = np.datetime64("1970-01-01") + np.timedelta64(14589, "D")
    assert (14589 + 1722.15) - 14589 < 1722.15  # the rounding that caused it
    patients = pd.DataFrame({"time": [100.0, 1722.15], "status": [1, 1], "age": [50, 60],
                             "sex": ["male", "female"], "diagnosed": [day, day]})
    result = net_survival(patients, rates, method="hakulinen")
    assert result.time.tolist() == [100.0, 1722.15]
    assert np.isfinite(result.surv).all()
    assert result.surv.iloc[-1] == 0.0  # everyone died: KM = 0


# ----------------------------------------------------------------------------------------------
# Bounds on sizes that drive time and memory
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [1e5, 1e7, 1e9])
def test_follow_up_beyond_150_years_is_refused(patients, rates, days):
    long = patients.assign(time=patients.time.astype(float))
    long.loc[3, "time"] = days
    with pytest.raises(ValueError, match=r"column 'time', row 3: follow-up longer than 150"):
        net_survival(long, rates)


def test_age_beyond_150_years_is_refused(patients, rates):
    old = patients.assign(age=patients.age * D)  # days given as years
    with pytest.raises(ValueError, match=r"column 'age', row 0: age above 150 years"):
        net_survival(old, rates)


@pytest.mark.parametrize("precision", [1e-3, 1e-5])
def test_precision_that_would_walk_too_many_steps_is_refused(patients, rates, precision):
    """One patient followed 5000 days with precision 1e-3 took 38 s (5 million steps); 1e-5
    exhausted memory. The grid's steps set by precision are capped at MAX_GRID_STEPS."""
    one = patients.iloc[:1].assign(time=5000.0)
    with pytest.raises(ValueError, match=r"precision=.* integration steps over 5000 days.* "
                                         r"use precision >= 0\.005 "):
        net_survival(one, rates, precision=precision)


def test_the_suggested_precision_is_accepted(patients, rates):
    with pytest.raises(ValueError) as error:
        net_survival(patients, rates, precision=1e-4)
    suggested = float(str(error.value).split("precision >= ")[1].split(" ")[0])
    assert math.ceil(800 / suggested) <= netsurv.MAX_GRID_STEPS
    assert np.isfinite(net_survival(patients, rates, precision=suggested).surv).all()


@pytest.mark.parametrize("option, value, message", [
    ("width", 1e-6, r"width must be at least one day"),
    ("width", 0, r"width must be > 0"),
    ("max_years", 1e9, r"max_years must be <= 150"),
    ("max_years", math.inf, r"max_years must be finite"),
    ("max_years", -1, r"max_years must be > 0"),
])
def test_life_table_sizes_are_bounded(patients, rates, option, value, message):
    with pytest.raises(ValueError, match=message):
        life_table(patients, rates, **{option: value})


def test_life_table_interval_count_is_bounded(rates):
    long = pd.DataFrame({"time": [140 * D], "status": [0], "age": [1.0], "sex": ["male"]})
    with pytest.raises(ValueError, match=r"width=.* makes 51,1.. intervals"):
        life_table(long, rates, width=1 / D, max_years=150)


def test_life_table_with_daily_intervals_matches_the_interval_by_interval_definition(rates):
    from allstats.netsurv.lifetables import _reference_life_table

    rng = np.random.default_rng(3)
    n = 300
    patients = pd.DataFrame({"time": rng.integers(1, 3 * 365, n).astype(float),
                             "status": rng.integers(0, 2, n), "age": rng.uniform(0, 95, n),
                             "sex": rng.choice(["male", "female"], n)})
    for width in (1 / D, 1 / 12, 1.0):
        fast = life_table(patients, rates, width=width, max_years=3)
        slow = _reference_life_table(patients, rates, width=width, max_years=3)
        # per-interval sums differ in the last bits; products over ~1000 intervals add them up
        pd.testing.assert_frame_equal(fast, slow, rtol=1e-12, atol=0)


def test_chunks_are_sized_by_the_pieces_of_the_data():
    """A table with a year row every year cuts follow-up into more pieces, so fewer patients go
    in a chunk: each chunk's (patients x pieces) stays within the budget; patients crossing few
    cuts are grouped apart from those crossing many, and every patient is in one chunk."""
    rows = [(age, sex, year, 1e-4) for age in range(101) for sex in ("m", "f")
            for year in range(1950, 2021)]
    yearly = RateTable.from_frame(pd.DataFrame(rows, columns=["age", "sex", "year", "hazard"]),
                                  value="hazard")
    n = 40_000
    years = np.where(np.arange(n) % 2 == 0, 60.0, 0.5)  # half followed 60 years
    patients = pd.DataFrame({"time": years * D, "status": 0, "age": 20.0, "sex": "m",
                             "diagnosed": pd.Timestamp("1955-01-01")})
    cohort = _prepare_cohort(patients, yearly, need_dates=False)
    parts = _chunks(cohort, yearly, cohort.time)
    assert np.array_equal(np.sort(np.concatenate(parts)), np.arange(n))
    long = [part for part in parts if years[part[0]] == 60.0]
    short = [part for part in parts if years[part[0]] == 0.5]
    assert len(long) > 1 and all((years[part] == years[part[0]]).all() for part in parts)
    crossings = 60 + 60 + 3  # ages and years crossed in 60 years, plus the margin
    assert all(len(part) * crossings <= _PIECE_BUDGET * 1.01 for part in long)
    assert sum(len(part) for part in short) == 20_000 and len(short) == 1


# ----------------------------------------------------------------------------------------------
# life_table_from_counts
# ----------------------------------------------------------------------------------------------


def _counts(**changes):
    frame = pd.DataFrame({"start": [0.0, 1.0, 2.0], "end": [1.0, 2.0, 3.0], "n": [10, 7, 5],
                          "d": [2, 1, 1], "w": [1, 1, 0], "p_star": [0.99, 0.98, 0.97]})
    for column, (row, value) in changes.items():
        frame[column] = frame[column].astype(object)
        frame.loc[row, column] = value
    return frame


@pytest.mark.parametrize("changes, column, message", [
    ({"p_star": (1, 0.0)}, "p_star", "expected interval survival must be in"),
    ({"p_star": (1, -0.5)}, "p_star", "expected interval survival must be in"),
    ({"p_star": (1, 1.5)}, "p_star", "expected interval survival must be in"),
    ({"p_star": (1, math.inf)}, "p_star", "missing, infinite or not a number"),
    ({"n": (0, 0)}, "n", "n must be > 0"),
    ({"n": (1, 6.5)}, "n", "must be a whole number"),
    ({"d": (1, 0.5)}, "d", "must be a whole number"),
    ({"start": (1, 0.5)}, "start", "intervals must follow each other"),   # overlap
    ({"start": (2, 2.5), "end": (2, 3.5)}, "start", "intervals must follow each other"),  # gap
    ({"start": (1, 0.0), "end": (1, 1.0)}, "start", "intervals must follow each other"),  # repeat
    ({"n": (2, 9)}, "n", "more alive than survived"),
])
def test_bad_counts_are_refused(changes, column, message):
    with pytest.raises(ValueError, match=rf"column '{column}', row \d: {message}"):
        life_table_from_counts(_counts(**changes))


def test_reversed_intervals_are_refused():
    reversed_rows = _counts().iloc[::-1].reset_index(drop=True)
    with pytest.raises(ValueError, match=r"column 'start', row 1: intervals must follow"):
        life_table_from_counts(reversed_rows)


def test_counts_with_no_death_or_everyone_dead_have_point_intervals():
    quiet = pd.DataFrame({"start": [0, 1], "end": [1, 2], "n": [10, 10], "d": [0, 10],
                          "w": [0, 0], "p_star": [0.99, 0.99]})
    table = life_table_from_counts(quiet)
    assert table.lower.iloc[0] == table.upper.iloc[0] == table.cr.iloc[0] == 1 / 0.99
    assert table.cp.iloc[1] == 0 and table.se_cp.iloc[1] == 0
    assert table.lower.iloc[1] == table.upper.iloc[1] == 0
    assert np.isfinite(table.select_dtypes("number").to_numpy()).all()


# ----------------------------------------------------------------------------------------------
# RateTable
# ----------------------------------------------------------------------------------------------


def test_daily_hazard_refuses_missing_ages_and_dates(rates):
    with pytest.raises(ValueError, match=r"age_days must be finite"):
        rates.daily_hazard(np.nan, "male")
    with pytest.raises(ValueError, match=r"age_days must be finite"):
        rates.daily_hazard(-1.0, "male")
    yearly = RateTable(np.full((1, 1, 2), 1e-4), ("m",), [0], [2000, 2010])
    with pytest.raises(ValueError, match=r"diagnosed_days must be finite"):
        yearly.daily_hazard(10.0, "m", np.nan)
    with pytest.raises(ValueError, match=r"diagnosed_days: this rate table has years"):
        yearly.daily_hazard(10.0, "m")


@pytest.mark.parametrize("value", [math.inf, -1.0, 0.0, math.nan])
def test_days_per_year_must_be_finite_and_positive(value):
    with pytest.raises(ValueError, match=r"days_per_year must be"):
        RateTable(np.full((1, 1, 1), 1e-4), ("m",), [0], None, value)
    frame = pd.DataFrame({"age": [0], "sex": ["m"], "qx": [0.01]})
    with pytest.raises(ValueError, match=r"days_per_year must be"):
        RateTable.from_frame(frame, days_per_year=value)


def test_days_per_year_must_be_a_number():
    with pytest.raises(TypeError, match=r"days_per_year must be a number"):
        RateTable(np.full((1, 1, 1), 1e-4), ("m",), [0], None, "365")


def test_duplicate_sexes_are_refused_at_construction():
    with pytest.raises(ValueError, match=r"sexes must be distinct"):
        RateTable(np.full((2, 1, 1), 1e-4), ("m", "m"), [0])


# ----------------------------------------------------------------------------------------------
# net_survival's options
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("column", netsurv.cohort.OUTPUT_COLUMNS)
def test_by_may_not_take_an_output_column_name(patients, rates, column):
    frame = patients.assign(**{column: 1}) if column not in patients else patients
    with pytest.raises(ValueError, match=rf"by: the column '{column}' would clash"):
        net_survival(frame, rates, by=column)


@pytest.mark.parametrize("option, value, error, message", [
    ("conf_level", "0.95", TypeError, r"conf_level must be a number"),
    ("conf_level", 1.0, ValueError, r"conf_level must be < 1"),
    ("precision", None, TypeError, r"precision must be a number"),
    ("precision", math.nan, ValueError, r"precision must be finite"),
    ("fin_date", "31/12/2006", ValueError, r"fin_date must be an ISO date"),
    ("fin_date", 2006, TypeError, r"fin_date must be a date"),
    ("times", ["one year"], TypeError, r"times must be numbers"),
    ("method", None, ValueError, r"method must be one of"),
    ("by", 3, TypeError, r"by must be a column name"),
])
def test_bad_options_name_the_parameter(patients, rates, option, value, error, message):
    options = {"method": "hakulinen"} if option == "fin_date" else {}
    options[option] = value
    with pytest.raises(error, match=message):
        net_survival(patients, rates, **options)


# ----------------------------------------------------------------------------------------------
# Pohar Perme weights past age 100
# ----------------------------------------------------------------------------------------------


def test_pohar_perme_warns_about_patients_followed_past_100(rates):
    """A valid cohort with ages up to 99 followed up to 10 years: the q = 0.999 cap past age 100
    (relsurv's rule) makes weights 1/S_P explode; the warning names how many and from what age,
    counted here independently by exact integration of each patient's hazard."""
    rng = np.random.default_rng(100)
    n = 2000
    patients = pd.DataFrame({"time": rng.integers(30, 10 * 365, n).astype(float),
                             "status": rng.integers(0, 2, n), "age": rng.uniform(50, 99, n),
                             "sex": rng.choice(["male", "female"], n)})
    cohort = _prepare_cohort(patients, rates, need_dates=False)
    hazard = _reference_exit_hazards(cohort, rates)
    heavy = int((hazard > math.log(netsurv.WEIGHT_WARNING)).sum())
    assert heavy > 0
    with pytest.warns(UserWarning, match=rf"pohar-perme: {heavy} patient\(s\) are followed to "
                                         r"ages .* from age 10\d\.\d"):
        result = net_survival(patients, rates)
    assert np.isfinite(result.surv).all()


def test_no_weight_warning_for_a_young_cohort(patients, rates):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        net_survival(patients, rates)


def test_weights_that_would_overflow_are_refused(rates):
    ancient = pd.DataFrame({"time": [140 * D, 10.0], "status": [1, 0], "age": [100.0, 50.0],
                            "sex": ["male", "male"]})
    with pytest.raises(ValueError, match=r"pohar-perme: 1 patient\(s\) .* overflow"):
        net_survival(ancient, rates)
    # Ederer II needs no weights and stays finite
    assert np.isfinite(net_survival(ancient, rates, method="ederer2").surv).all()
