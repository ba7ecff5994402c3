"""Validated patients in the units of a rate table, and the sums both engines return."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import _dates_in_days, _days, _fail_at, _labels, _numbers, _option_date
from .rates import _EPOCH, RateTable, _cell_index

#: ages at diagnosis, follow-up and entry times longer than this many years are refused
MAX_YEARS = 150
#: names of net_survival's output columns, which a `by` column may not take
OUTPUT_COLUMNS = ("time", "n_risk", "n_event", "n_censor", "surv", "std_err", "lower", "upper")


@dataclass
class _Cohort:
    """Validated patients in the units of the rate table (days).

    Patient i is observed on (entry_i, time_i] days after diagnosis: entry_i = 0 unless the
    patients frame has an `entry` column (delayed entry) or a period window is applied.
    `weight` holds individual (Brenner) weights, 1 unless given.
    """

    time: np.ndarray
    status: np.ndarray
    age_days: np.ndarray
    sex: np.ndarray  # index into RateTable.sexes
    diagnosed: np.ndarray | None  # days since 1970-01-01
    labels: pd.Index
    groups: np.ndarray | None = None
    entry: np.ndarray | None = None  # days since diagnosis; None means all zero
    weight: np.ndarray | None = None  # individual weights; None means all one
    outside_period: int = 0  # rows left out by a period window
    layers: np.ndarray | None = None  # a second grouping (strata of a test)

    def __post_init__(self):
        if self.entry is None:
            self.entry = np.zeros(len(self.time))

    @property
    def delayed(self) -> bool:
        return bool(np.any(self.entry > 0))

    def subset(self, keep: np.ndarray) -> _Cohort:
        pick = lambda a: None if a is None else a[keep]  # noqa: E731
        return _Cohort(self.time[keep], self.status[keep], self.age_days[keep], self.sex[keep],
                       pick(self.diagnosed), self.labels[keep], pick(self.groups),
                       self.entry[keep], pick(self.weight), self.outside_period,
                       pick(self.layers))

    def __len__(self):
        return len(self.time)


def _check_by(patients: pd.DataFrame, by, what: str) -> np.ndarray:
    if not isinstance(by, str):
        raise TypeError(f"by must be a column name (str), not {type(by).__name__} {by!r}")
    if by not in patients.columns:
        raise ValueError(f"{what}: missing column {by!r} (the `by` column)")
    if by in OUTPUT_COLUMNS:
        raise ValueError(f"by: the column {by!r} would clash with the output column of the same "
                         "name; rename it")
    return _labels(patients, by, what, "group")


def _period_days(period, epoch) -> tuple[float, float]:
    if not isinstance(period, (tuple, list)) or len(period) != 2:
        raise TypeError(f"period must be a pair (first_day, last_day) of dates, not {period!r}")
    first = _option_date(period[0], "period[0] (first day)", epoch)
    last = _option_date(period[1], "period[1] (last day)", epoch)
    if last < first:
        raise ValueError(f"period: the last day {period[1]!r} is before the first {period[0]!r}")
    return first, last


def _prepare_cohort(patients: pd.DataFrame, rates: RateTable, *, need_dates: bool,
                    by: str | None = None, period=None, entry_allowed: bool = True,
                    strata: str | None = None) -> _Cohort:
    """Check the patients frame and convert it; drop (with a warning) rows with no follow-up.

    With `period` = (first_day, last_day), only follow-up inside that calendar window is kept
    (see net_survival): entry becomes max(entry, first_day - 1 - diagnosed), follow-up ends at
    min(time, last_day - diagnosed), a death after last_day becomes a censoring there, and rows
    with no follow-up inside the window are left out (counted in `outside_period`).
    """
    what = "patients"
    if not isinstance(patients, pd.DataFrame):
        raise TypeError(f"patients must be a pandas DataFrame, not {type(patients).__name__}")
    if not isinstance(rates, RateTable):
        raise TypeError("rates must be a RateTable (see RateTable.from_frame)")
    window = None if period is None else _period_days(period, _EPOCH)
    if window is not None and not entry_allowed:
        raise ValueError("period: period analysis is not supported here")
    need_dates = need_dates or rates.has_years or window is not None
    required = ["time", "status", "age", "sex"] + (["diagnosed"] if need_dates else [])
    for column in required:
        if column not in patients.columns:
            why = " (the rate table has calendar years, or the method or period needs dates)" \
                if column == "diagnosed" else ""
            raise ValueError(f"{what}: missing column {column!r}{why}")
    if not patients.columns.is_unique:
        duplicated = list(patients.columns[patients.columns.duplicated()].unique())
        raise ValueError(f"{what}: duplicated column names {duplicated}")
    groups = None if by is None else _check_by(patients, by, what)
    layers = None
    if strata is not None:
        if not isinstance(strata, str):
            raise TypeError(f"strata must be a column name (str), not {type(strata).__name__}")
        if strata not in patients.columns:
            raise ValueError(f"{what}: missing column {strata!r} (the strata column)")
        layers = _labels(patients, strata, what, "stratum")
    if len(patients) == 0:
        raise ValueError(f"{what}: no rows")
    longest = MAX_YEARS * rates.days_per_year
    time = _days(patients, "time", what)
    if np.any(time < 0):
        _fail_at(patients, "time", time < 0, what, "negative follow-up time")
    if np.any(time > longest):
        _fail_at(patients, "time", time > longest, what,
                 f"follow-up longer than {MAX_YEARS} years ({longest:g} days): time must be in "
                 "days since diagnosis")
    entry = np.zeros(len(time))
    if "entry" in patients.columns:
        entry = _days(patients, "entry", what)
        if np.any(entry < 0):
            _fail_at(patients, "entry", entry < 0, what, "negative entry time")
        if np.any(entry > time):
            _fail_at(patients, "entry", entry > time, what,
                     "entry after the end of follow-up (entry > time)")
        if np.any(entry > 0) and not entry_allowed:
            _fail_at(patients, "entry", entry > 0, what,
                     "delayed entry is not supported here (entry must be 0)")
    status = _numbers(patients, "status", what)
    bad = (status != 0) & (status != 1)
    if bad.any():
        _fail_at(patients, "status", bad, what, "status must be 0 (censored) or 1 (died)")
    age = _numbers(patients, "age", what, unit=" (years)")
    if np.any(age < 0):
        _fail_at(patients, "age", age < 0, what, "negative age")
    if np.any(age > MAX_YEARS):
        _fail_at(patients, "age", age > MAX_YEARS, what,
                 f"age above {MAX_YEARS} years: age must be in years at diagnosis")
    sex_values = _labels(patients, "sex", what, "sex")
    sex = pd.Index(rates.sexes, dtype=object).get_indexer(sex_values)
    if np.any(sex < 0):
        _fail_at(patients, "sex", sex < 0, what,
                 f"sex not in the rate table, which has {list(rates.sexes)}")
    diagnosed = None
    if need_dates:
        diagnosed = _dates_in_days(patients, "diagnosed", what, _EPOCH)
    cohort = _Cohort(time, status.astype(np.int8), age * rates.days_per_year, sex.astype(np.intp),
                     diagnosed, patients.index, groups, entry, layers=layers)
    if window is not None:
        first, last = window
        # Follow-up time t falls on the date diagnosed + t; the window is the calendar interval
        # (first - 1, last] in those units, so events dated first..last (inclusive) count.
        start = np.maximum(cohort.entry, first - 1 - diagnosed)
        stop = np.minimum(cohort.time, last - diagnosed)
        inside = stop > start
        status = np.where(cohort.time <= last - diagnosed, cohort.status, 0).astype(np.int8)
        cohort = _Cohort(stop, status, cohort.age_days, cohort.sex, diagnosed, cohort.labels,
                         groups, start).subset(inside)
        cohort.outside_period = int((~inside).sum())
        if len(cohort) == 0:
            raise ValueError(f"period: no patient has follow-up between {period[0]} and "
                             f"{period[1]}")
        return cohort
    empty = time <= entry
    if empty.any():
        rule = "time <= 0" if not np.any(entry > 0) else "time <= entry"
        warnings.warn(
            f"dropped {int(empty.sum())} row(s) with {rule} (no follow-up), as relsurv does",
            UserWarning, stacklevel=3,
        )
        cohort = cohort.subset(~empty)
        if len(cohort) == 0:
            raise ValueError(f"{what}: no rows with follow-up (time > entry)")
    return cohort


def _risk_and_deaths(cohort: _Cohort, times: np.ndarray):
    """Exit index, Y_j = #{entry_i < t_j <= time_i}, deaths d_j and censorings at each t_j.

    Every time and every positive entry must be one of `times`."""
    n = len(times)
    index = np.searchsorted(times, cohort.time)
    first = np.searchsorted(times, cohort.entry, side="right")  # first interval at risk
    change = np.bincount(first, minlength=n + 1)[:n + 1].astype(np.int64)
    change -= np.bincount(index + 1, minlength=n + 1)[:n + 1]
    at_risk = np.cumsum(change)[:n]
    deaths = np.bincount(index, weights=cohort.status, minlength=n)
    censored = np.bincount(index, weights=1 - cohort.status, minlength=n)
    return index, at_risk.astype(np.int64), deaths.astype(np.int64), censored.astype(np.int64)


def _grid_times(cohort: _Cohort) -> np.ndarray:
    """The estimation grid: every follow-up time and every positive entry time."""
    if cohort.delayed:
        return np.unique(np.concatenate([cohort.time, cohort.entry[cohort.entry > 0]]))
    return np.unique(cohort.time)


@dataclass
class _IntervalSums:
    """Per crude interval (t_{j-1}, t_j]: the sums relsurv's C code returns."""

    times: np.ndarray
    at_risk: np.ndarray         # Y_j
    deaths: np.ndarray          # d_j
    hazard_sum: np.ndarray      # sum over R_j of the integrated hazard (yidli)
    weighted_deaths: np.ndarray  # sum over deaths at t_j of 1/S_Pi(t_j) (dnisi)
    weighted_deaths_sq: np.ndarray  # ... of 1/S_Pi(t_j)^2 (dnisisq)
    weighted_at_risk: np.ndarray  # sum over R_j of 1/S_Pi(t_j) (yisi)
    weighted_hazard: np.ndarray  # PP population term integrated over the interval (yidlisiw)
    at_exit: np.ndarray | None = None  # per patient: Lambda_Pi at the end of follow-up


def _reference_lookup(rates: RateTable, cohort: _Cohort, rows, elapsed):
    """Daily hazard of patients `rows` after `elapsed` days, by direct cell lookup."""
    age_cell = _cell_index(rates.age_cuts, cohort.age_days[rows] + elapsed)
    year_cell = 0
    if rates.has_years:
        year_cell = _cell_index(rates.year_cuts, cohort.diagnosed[rows] + elapsed)
    return rates.hazard.ravel()[rates._flat_cell(cohort.sex[rows], age_cell, year_cell)]
