"""Hostile input against every public callable of allstats.netsurv (issue 13).

Each example starts from a small valid call and spoils one argument, option or column (a cell,
the whole column's type, or the column's presence) with a value from a pool of hostile values.
Every call must either

* raise ValueError or TypeError (allstats' DataError is a ValueError) whose message names the
  spoiled parameter or column, or
* return a result that passes the callable's output checks (no inf, no NaN except where the
  docstring says so and, for intervals, a warning said so; survival and counts in range).

Anything else (another exception, an error that names nothing, a bad result) fails the test.
The outcomes are counted; test_zz_outcome_counts prints them and fails if anything else
happened. Hypothesis runs derandomized (the same examples every run) with a few dozen examples
per callable, so the whole module takes a few seconds.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allstats import netsurv

OUTCOMES: Counter = Counter()
BY_CALLABLE: Counter = Counter()
ERRORS_BY_CALLABLE: Counter = Counter()
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))

HOSTILE = [
    math.nan, math.inf, -math.inf, -1, -0.5, 0, 1e-300, 1e20, 1e300, 10**30, True, None, "",
    "abc", "2005", "2005-13-45", "2001-03-01", 2005, pd.NaT, pd.Timedelta(days=3),
    pd.Timestamp("2001-01-01"), np.datetime64("2001-01-01"), [1, 2], {"a": 1}, complex(1, 1),
    b"bytes", object(), np.int64(7), np.float32(2.5),
]
hostile = st.sampled_from(HOSTILE)
D = netsurv.DAYS_PER_YEAR


def _rates():
    return netsurv.RateTable.us_2019()


RATES = _rates()
YEARLY = netsurv.RateTable.from_frame(pd.DataFrame(
    [(age, sex, year, 1e-4 * (1 + age / 10)) for age in range(0, 101, 10)
     for sex in ("male", "female") for year in (1990, 2000, 2010)],
    columns=["age", "sex", "year", "hazard"]), value="hazard")


def _patients(n=12, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "time": rng.integers(1, 2000, n).astype(float),
        "status": rng.integers(0, 2, n),
        "age": rng.uniform(0, 90, n),
        "sex": rng.choice(["male", "female"], n),
        "diagnosed": pd.Timestamp("2001-01-01") + pd.to_timedelta(rng.integers(0, 3000, n),
                                                                    unit="D"),
        "group": rng.choice(["a", "b"], n),
    })


def call(function, named, *args, **kwargs):
    """Call and classify; return (result, warnings) or None after a clean error."""
    OUTCOMES["calls"] += 1
    BY_CALLABLE[getattr(function, "__name__", str(function))] += 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = function(*args, **kwargs)
        except (ValueError, TypeError) as error:
            message = str(error)
            if named and not any(name in message for name in named):
                OUTCOMES["errors naming nothing"] += 1
                raise AssertionError(f"{getattr(function, '__name__', function)}: the error does "
                                     f"not name any of {named}: {message!r}") from error
            OUTCOMES["clean errors"] += 1
            ERRORS_BY_CALLABLE[getattr(function, "__name__", str(function))] += 1
            return None
        except Exception as error:  # noqa: BLE001 - the point is to catch everything else
            OUTCOMES["other exceptions"] += 1
            raise AssertionError(f"{type(error).__name__} escaped: {error}") from error
    OUTCOMES["results"] += 1
    return result, [str(w.message) for w in caught]


def bad_result(reason):
    OUTCOMES["bad results"] += 1
    raise AssertionError(reason)


def check_survival_frame(frame, messages, last_time, requested):
    if not isinstance(frame, pd.DataFrame) or len(frame) == 0:
        bad_result("net_survival returned no rows")
    numbers = frame.select_dtypes("number")
    if np.isinf(numbers.to_numpy(dtype=float)).any():
        bad_result("inf in the result")
    for column in ("n_risk", "n_event", "n_censor"):
        if (frame[column] < 0).any():
            bad_result(f"negative {column}")
    beyond = frame.time.to_numpy() > last_time if requested else np.zeros(len(frame), bool)
    surv = frame.surv.to_numpy()
    if np.isnan(surv[~beyond]).any() or (surv[~beyond] < -1e-12).any():
        bad_result("NaN or negative surv within the follow-up")
    if not np.isnan(frame.loc[beyond, ["surv", "std_err", "lower", "upper"]].to_numpy()).all():
        bad_result("a value beyond the last follow-up")
    bounds = frame.loc[~beyond, ["lower", "upper"]].to_numpy()
    if np.isnan(bounds).any() and not any("interval is undefined" in m for m in messages):
        bad_result("NaN interval without a warning")
    ok = ~np.isnan(bounds).any(axis=1)
    s = surv[~beyond][ok]
    if (bounds[ok, 0] > s + 1e-12).any() or (bounds[ok, 1] < s - 1e-12).any():
        bad_result("interval does not contain the estimate")


# ----------------------------------------------------------------------------------------------
# net_survival
# ----------------------------------------------------------------------------------------------

COLUMNS = ["time", "status", "age", "sex", "diagnosed", "entry"]
OPTIONS = {
    "method": netsurv.METHODS, "times": None, "conf_level": None, "conf_type": netsurv.CONF_TYPES,
    "fin_date": None, "by": None, "curve": netsurv.CURVES, "precision": None, "period": None,
}


def spoil_frame(draw, frame, columns):
    """Spoil one column of `frame`: a cell, the whole column, or its presence."""
    column = draw(st.sampled_from(columns))
    how = draw(st.sampled_from(["cell", "cell", "column", "drop", "dtype"]))
    frame = frame.copy()
    if column not in frame:
        frame[column] = 0.0
    if how == "cell":
        row = draw(st.integers(0, len(frame) - 1))
        values = frame[column].tolist()
        values[row] = draw(hostile)
        frame[column] = pd.Series(values, index=frame.index, dtype=object)
    elif how == "column":
        value = draw(hostile)
        frame[column] = pd.Series([value] * len(frame), index=frame.index, dtype=object)
    elif how == "drop":
        frame = frame.drop(columns=column)
    else:
        kind = draw(st.sampled_from(["timedelta", "datetime", "bool", "category", "str"]))
        values = frame[column]
        if kind == "timedelta":
            frame[column] = pd.to_timedelta(np.arange(len(frame)) + 1, unit="D")
        elif kind == "datetime":
            frame[column] = pd.Timestamp("2001-01-01")
        elif kind == "bool":
            frame[column] = np.arange(len(frame)) % 2 == 0
        elif kind == "category":
            frame[column] = values.astype(str).astype("category")
        else:
            frame[column] = values.astype(str)
    return frame, column


@st.composite
def survival_calls(draw):
    patients = _patients(draw(st.integers(1, 15)), draw(st.integers(0, 3)))
    rates = draw(st.sampled_from([RATES, YEARLY]))
    options = {"method": draw(st.sampled_from(netsurv.METHODS))}
    if options["method"] == "hakulinen" and draw(st.booleans()):
        options["fin_date"] = "2030-01-01"
    target = draw(st.sampled_from(["column", "column", "option", "option", "argument"]))
    named = []
    if target == "column":
        patients, column = spoil_frame(draw, patients, COLUMNS)
        named = [column, "patients", "period"]
    elif target == "option":
        name = draw(st.sampled_from(sorted(OPTIONS)))
        choices = OPTIONS[name]
        value = draw(st.one_of(hostile, st.sampled_from(choices or [None])))
        if name == "period":
            value = draw(st.one_of(hostile, st.tuples(hostile, hostile),
                                   st.just(("2003-01-01", "2004-12-31"))))
        options[name] = value
        named = [name]
    else:
        which = draw(st.sampled_from(["patients", "rates"]))
        value = draw(st.one_of(hostile, st.just(pd.DataFrame())))
        if which == "patients":
            patients = value
        else:
            rates = value
        named = [which]
    return patients, rates, options, named


@settings(SETTINGS, max_examples=150)
@given(survival_calls())
def test_net_survival_survives_hostile_input(case):
    patients, rates, options, named = case
    if options.get("by") == "group":
        named = named + ["group"]
    outcome = call(netsurv.net_survival, named + ["fin_date", "diagnosed"] * (
        options.get("method") == "hakulinen"), patients, rates, **options)
    if outcome is not None:
        result, messages = outcome
        times = pd.to_numeric(patients["time"], errors="coerce") \
            if pd.api.types.is_numeric_dtype(patients["time"]) else None
        last = float(np.nanmax(times)) if times is not None else np.inf
        check_survival_frame(result, messages, last, options.get("times") is not None)


# ----------------------------------------------------------------------------------------------
# life tables
# ----------------------------------------------------------------------------------------------


@st.composite
def life_table_calls(draw):
    patients = _patients(draw(st.integers(1, 15)), draw(st.integers(0, 3)))
    options = {}
    target = draw(st.sampled_from(["column", "option", "option"]))
    if target == "column":
        patients, column = spoil_frame(draw, patients, ["time", "status", "age", "sex", "entry"])
        named = [column, "patients"]
    else:
        name = draw(st.sampled_from(["width", "max_years", "conf_level"]))
        options[name] = draw(st.one_of(hostile, st.floats(1e-9, 1e9)))
        named = [name]
    return patients, options, named


@SETTINGS
@given(life_table_calls())
def test_life_table_survives_hostile_input(case):
    patients, options, named = case
    outcome = call(netsurv.life_table, named, patients, RATES, **options)
    if outcome is not None:
        table, _ = outcome
        check_life_table(table)


def check_life_table(table):
    values = table.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        bad_result("NaN or inf in a life table")
    if ((table.cp < 0) | (table.cp > 1) | (table.p_star <= 0) | (table.p_star > 1)).any():
        bad_result("probability out of range in a life table")
    if not (table.lower <= table.cr + 1e-12).all() or not (table.upper >= table.cr - 1e-12).all():
        bad_result("life-table interval does not contain cr")


@st.composite
def count_calls(draw):
    frame = pd.DataFrame({"start": [0.0, 1.0, 2.0], "end": [1.0, 2.0, 3.0], "n": [50, 40, 30],
                          "d": [5, 4, 3], "w": [5, 6, 7], "p_star": [0.99, 0.98, 0.97]})
    if draw(st.booleans()):
        frame, column = spoil_frame(draw, frame, list(frame.columns))
        return frame, {}, [column, "life table counts"]
    name = "conf_level"
    return frame, {name: draw(hostile)}, [name]


@SETTINGS
@given(count_calls())
def test_life_table_from_counts_survives_hostile_input(case):
    frame, options, named = case
    outcome = call(netsurv.life_table_from_counts, named, frame, **options)
    if outcome is not None:
        check_life_table(outcome[0])


# ----------------------------------------------------------------------------------------------
# RateTable
# ----------------------------------------------------------------------------------------------


@st.composite
def rate_table_calls(draw):
    arguments = {"hazard": np.full((2, 3, 2), 1e-4), "sexes": ("m", "f"), "ages": [0, 10, 20],
                 "years": [2000, 2010], "days_per_year": D}
    name = draw(st.sampled_from(sorted(arguments)))
    arguments[name] = draw(st.one_of(hostile, st.sampled_from(
        [np.full((2, 3, 2), -1.0), np.full((2, 3, 2), np.nan), [0, 20, 10], ("m", "m"), [],
         np.zeros((0,)), ["m", None], [1990.5, 2000]])))
    return arguments, [name]


@SETTINGS
@given(rate_table_calls())
def test_rate_table_survives_hostile_input(case):
    arguments, named = case
    outcome = call(netsurv.RateTable, named, **arguments)
    if outcome is not None:
        table = outcome[0]
        if not (np.isfinite(table.hazard).all() and (table.hazard >= 0).all()):
            bad_result("RateTable with bad hazards")
        check_hazards(table.to_frame().hazard.to_numpy())


def check_hazards(values):
    values = np.asarray(values, dtype=float)
    if not (np.isfinite(values).all() and (values >= 0).all()):
        bad_result("hazard not finite and >= 0")


@st.composite
def from_frame_calls(draw):
    frame = pd.DataFrame([(age, sex, year, 0.001 + age / 2000) for age in range(0, 30, 10)
                          for sex in ("m", "f") for year in (2000, 2010)],
                         columns=["age", "sex", "year", "qx"])
    options = {}
    if draw(st.booleans()):
        frame, column = spoil_frame(draw, frame, ["age", "sex", "year", "qx"])
        named = [column, "rate frame"]
    else:
        name = draw(st.sampled_from(["value", "days_per_year"]))
        options[name] = draw(hostile)
        named = [name]
    return frame, options, named


@SETTINGS
@given(from_frame_calls())
def test_rate_table_from_frame_survives_hostile_input(case):
    frame, options, named = case
    outcome = call(netsurv.RateTable.from_frame, named, frame, **options)
    if outcome is not None:
        check_hazards(outcome[0].hazard)


@SETTINGS
@given(name=st.sampled_from(["age_days", "sex", "diagnosed_days"]), value=hostile,
       yearly=st.booleans())
def test_daily_hazard_survives_hostile_input(name, value, yearly):
    table = YEARLY if yearly else RATES
    arguments = {"age_days": [100.0, 20000.0], "sex": ["male", "female"],
                 "diagnosed_days": [12000.0, 15000.0]}
    arguments[name] = value
    outcome = call(table.daily_hazard, [name], **arguments)
    if outcome is not None:
        check_hazards(outcome[0])


@SETTINGS
@given(data_dir=st.one_of(hostile, st.just("/nonexistent"), st.none()),
       days=st.one_of(hostile, st.just(365.25)))
def test_us_2019_survives_hostile_input(data_dir, days):
    which = ["data_dir", "datapackage", "data", "days_per_year"]
    outcome = call(netsurv.RateTable.us_2019, which, data_dir, days_per_year=days)
    if outcome is not None:
        check_hazards(outcome[0].hazard)


# ----------------------------------------------------------------------------------------------
# Crude probabilities, the test, standardisation, the simulated registry
# ----------------------------------------------------------------------------------------------


@st.composite
def method_calls(draw, options):
    """A small valid cohort with one column, option or argument spoiled (as survival_calls)."""
    patients = _patients(draw(st.integers(8, 20)), draw(st.integers(0, 3)))
    patients["age"] = patients["age"] + 15  # adults, inside the ICSS classes
    patients["group"] = np.where(np.arange(len(patients)) % 2 == 0, "a", "b")
    arguments = {}
    target = draw(st.sampled_from(["column", "option", "argument"]))
    if target == "column":
        patients, column = spoil_frame(draw, patients, ["time", "status", "age", "sex", "entry",
                                                         "group"])
        named = [column, "patients", "by"]
    elif target == "option":
        name = draw(st.sampled_from(sorted(options)))
        arguments[name] = draw(st.one_of(hostile, st.sampled_from(options[name])))
        named = [name]
    else:
        which = draw(st.sampled_from(["patients", "rates"]))
        value = draw(st.one_of(hostile, st.just(pd.DataFrame())))
        named = [which]
        return (value, RATES) if which == "patients" else (patients, value), arguments, named
    return (patients, RATES), arguments, named


def check_numbers(frame, columns, allow_nan=()):
    values = frame[list(columns)].to_numpy(dtype=float)
    if np.isinf(values).any():
        bad_result("inf in a result")
    strict = [c for c in columns if c not in allow_nan]
    if np.isnan(frame[strict].to_numpy(dtype=float)).any():
        bad_result(f"NaN in {strict}")


@st.composite
def kaplan_meier_calls(draw):
    """A valid (time, status, at) with one of them spoiled: the whole argument, or one value."""
    n = draw(st.integers(1, 8))
    arguments = {"time": draw(st.lists(st.floats(0, 3000), min_size=n, max_size=n)),
                 "status": draw(st.lists(st.sampled_from([0, 1]), min_size=n, max_size=n)),
                 "at": draw(st.lists(st.floats(-10, 4000), min_size=1, max_size=5))}
    name = draw(st.sampled_from(sorted(arguments)))
    if draw(st.booleans()):
        arguments[name] = draw(hostile)
    else:
        values = list(arguments[name])
        values[draw(st.integers(0, len(values) - 1))] = draw(hostile)
        arguments[name] = values
    return arguments, [name]


@settings(SETTINGS, max_examples=80)
@given(kaplan_meier_calls())
def test_kaplan_meier_survives_hostile_input(case):
    arguments, named = case
    # a wrong length is said with both names
    outcome = call(netsurv.kaplan_meier, named + ["time and status"], **arguments)
    if outcome is not None:
        surv = outcome[0]
        if not isinstance(surv, np.ndarray) or np.isnan(surv).any() \
                or (surv < 0).any() or (surv > 1).any():
            bad_result(f"kaplan_meier returned {surv!r}")
        at = np.atleast_1d(np.asarray(arguments["at"], dtype=float))
        if (np.diff(surv[np.argsort(at, kind="stable")]) > 1e-15).any():
            bad_result("kaplan_meier rises with time")


@settings(SETTINGS, max_examples=50)
@given(method_calls({"times": [None, [365.0], [0.0, 100.0, 1e4]], "tau": [None, 500.0],
                     "precision": [1.0, 0.5]}))
def test_crude_probabilities_survive_hostile_input(case):
    (patients, rates), options, named = case
    outcome = call(netsurv.crude_probabilities, named, patients, rates, **options)
    if outcome is not None:
        result = outcome[0]
        tau = result.attrs["tau"]
        inside = result[result.time <= tau]
        check_numbers(inside, ["cancer", "cancer_se", "other", "other_se"])
        if not result[result.time > tau].iloc[:, 1:].isna().all().all():
            bad_result("a crude probability beyond tau")
        if ((inside.other < -1e-12) | (inside.cancer + inside.other > 1 + 1e-12)).any():
            bad_result("crude probabilities out of range")


@settings(SETTINGS, max_examples=50)
@given(method_calls({"by": ["group", "sex"], "strata": [None, "sex"], "precision": [1.0]}))
def test_net_survival_test_survives_hostile_input(case):
    (patients, rates), options, named = case
    options.setdefault("by", "group")
    # small random cohorts may hold one group or no death: those errors name `by`
    outcome = call(netsurv.net_survival_test, named + ["strata", "by"], patients, rates, **options)
    if outcome is not None:
        test = outcome[0]
        if not (math.isfinite(test.statistic) and test.statistic >= -1e-9
                and 0 <= test.p_value <= 1 and test.df >= 1):
            bad_result(f"bad test {test.statistic}, {test.p_value}")
        check_numbers(test.groups, ["observed", "expected", "observed_minus_expected"])


@settings(SETTINGS, max_examples=50)
@given(method_calls({"weights": ["icss1", "icss2", "icss3"], "times": [[365.0], [100.0, 1e4]],
                     "method": ["pohar-perme", "ederer2", "ederer1"],
                     "individual": [False, True], "conf_type": list(netsurv.CONF_TYPES)}))
def test_standardised_net_survival_survives_hostile_input(case):
    (patients, rates), options, named = case
    options.setdefault("times", [365.0])
    outcome = call(netsurv.standardised_net_survival, named + ["weights", "times", "individual"],
                   patients, rates, **options)
    if outcome is not None:
        estimate = outcome[0].estimate
        missing = estimate.missing_groups != ""
        undefined = any("interval is undefined" in m for m in outcome[1])
        for row, gap in zip(estimate.itertuples(), missing, strict=True):
            values = np.array([row.surv, row.std_err, row.lower, row.upper], dtype=float)
            if np.isinf(values).any():
                bad_result("inf in a standardised estimate")
            if np.isnan(values).any() and not (gap or undefined):
                bad_result("NaN without a missing class or an undefined-interval warning")


@SETTINGS
@given(standard=st.one_of(hostile, st.sampled_from(netsurv.STANDARDS)),
       data_dir=st.one_of(st.none(), st.none(), hostile))
def test_icss_weights_survives_hostile_input(standard, data_dir):
    outcome = call(netsurv.icss_weights, ["weights", "data_dir", "data"], standard, data_dir)
    if outcome is not None:
        check_numbers(outcome[0], ["weight", "age_low"])


@settings(SETTINGS, max_examples=30)
@given(name=st.sampled_from(["n", "first_year", "last_year", "excess_first", "excess_last",
                             "child_share", "seed", "rates"]),
       value=st.one_of(hostile, st.sampled_from([100, 2010, 2019, 0.5, 0.05, 1.0, 7])))
def test_simulate_registry_survives_hostile_input(name, value):
    arguments = {"rates": RATES, "n": 50}
    arguments[name] = value
    rates = arguments.pop("rates")
    outcome = call(netsurv.simulate_registry, [name], rates, **arguments)
    if outcome is not None:
        check_numbers(outcome[0].patients, ["time", "status", "age"])


@settings(SETTINGS, max_examples=20)
@given(name=st.sampled_from(["years", "window", "method", "conf_level", "registry"]),
       value=st.one_of(hostile, st.sampled_from([1, 2, 4, "pohar-perme", 0.9])))
def test_compare_approaches_survives_hostile_input(name, value):
    arguments = {"registry": REGISTRY, "years": 3, "window": 3}
    arguments[name] = value
    registry = arguments.pop("registry")
    outcome = call(netsurv.compare_approaches, [name], registry, RATES, **arguments)
    if outcome is not None:
        check_numbers(outcome[0], ["estimate", "lower", "upper", "truth_latest"])


REGISTRY = netsurv.simulate_registry(RATES, n=3000, seed=1)

# every public callable of allstats.netsurv, and the tests above that spoil it
COVERED = {
    "RateTable": "test_rate_table_survives_hostile_input",
    "net_survival": "test_net_survival_survives_hostile_input",
    "life_table": "test_life_table_survives_hostile_input",
    "life_table_from_counts": "test_life_table_from_counts_survives_hostile_input",
    "crude_probabilities": "test_crude_probabilities_survive_hostile_input",
    "kaplan_meier": "test_kaplan_meier_survives_hostile_input",
    "net_survival_test": "test_net_survival_test_survives_hostile_input",
    "standardised_net_survival": "test_standardised_net_survival_survives_hostile_input",
    "icss_weights": "test_icss_weights_survives_hostile_input",
    "simulate_registry": "test_simulate_registry_survives_hostile_input",
    "compare_approaches": "test_compare_approaches_survives_hostile_input",
    "NetSurvivalTest": None,        # a result (dataclass), built only by net_survival_test
    "StandardisedSurvival": None,   # a result, built only by standardised_net_survival
    "SimulatedRegistry": None,      # a result, built only by simulate_registry
}


def test_every_public_callable_is_covered():
    public = {name for name in netsurv.__all__ if callable(getattr(netsurv, name))}
    assert public == set(COVERED), public ^ set(COVERED)
    for test in filter(None, COVERED.values()):
        assert test in globals(), test
    # the RateTable methods: from_frame, us_2019, daily_hazard (to_frame takes no input)
    for test in ("test_rate_table_from_frame_survives_hostile_input",
                 "test_us_2019_survives_hostile_input", "test_daily_hazard_survives_hostile_input"):
        assert test in globals(), test


# ----------------------------------------------------------------------------------------------
# The counts
# ----------------------------------------------------------------------------------------------


def test_zz_outcome_counts():
    """Runs last: every call above ended in a clean error or a checked result."""
    print("\nnetsurv fuzz outcomes:", dict(OUTCOMES))
    for name, calls in sorted(BY_CALLABLE.items()):
        print(f"  {name}: {calls} calls, {ERRORS_BY_CALLABLE[name]} clean errors, "
              f"{calls - ERRORS_BY_CALLABLE[name]} checked results")
    assert OUTCOMES["calls"] >= 600
    assert OUTCOMES["calls"] == OUTCOMES["clean errors"] + OUTCOMES["results"]
    for bad in ("other exceptions", "errors naming nothing", "bad results"):
        assert OUTCOMES[bad] == 0, bad
