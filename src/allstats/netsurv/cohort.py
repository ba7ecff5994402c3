"""Validated patients in the units of a rate table, and the sums both engines return."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import _fail_at, _numbers
from .rates import _EPOCH, RateTable, _cell_index


@dataclass
class _Cohort:
    """Validated patients in the units of the rate table (days)."""

    time: np.ndarray
    status: np.ndarray
    age_days: np.ndarray
    sex: np.ndarray  # index into RateTable.sexes
    diagnosed: np.ndarray | None  # days since 1970-01-01
    labels: pd.Index
    groups: np.ndarray | None = None

    def subset(self, keep: np.ndarray) -> _Cohort:
        pick = lambda a: None if a is None else a[keep]  # noqa: E731
        return _Cohort(self.time[keep], self.status[keep], self.age_days[keep], self.sex[keep],
                       pick(self.diagnosed), self.labels[keep], pick(self.groups))

    def __len__(self):
        return len(self.time)


def _prepare_cohort(patients: pd.DataFrame, rates: RateTable, *, need_dates: bool,
                    by: str | None = None) -> _Cohort:
    """Check the patients frame and convert it; drop (with a warning) rows with zero follow-up."""
    what = "patients"
    if not isinstance(patients, pd.DataFrame):
        raise TypeError("patients must be a pandas DataFrame")
    if not isinstance(rates, RateTable):
        raise TypeError("rates must be a RateTable (see RateTable.from_frame)")
    need_dates = need_dates or rates.has_years
    required = ["time", "status", "age", "sex"] + (["diagnosed"] if need_dates else [])
    if by is not None:
        required.append(by)
    for column in required:
        if column not in patients.columns:
            why = " (the rate table has calendar years, or the method needs dates)" \
                if column == "diagnosed" else ""
            raise ValueError(f"{what}: missing column {column!r}{why}")
    if len(patients) == 0:
        raise ValueError(f"{what}: no rows")
    time = _numbers(patients, "time", what)
    if np.any(time < 0):
        _fail_at(patients, "time", time < 0, what, "negative follow-up time")
    status = _numbers(patients, "status", what)
    bad = (status != 0) & (status != 1)
    if bad.any():
        _fail_at(patients, "status", bad, what, "status must be 0 (censored) or 1 (died)")
    age = _numbers(patients, "age", what)
    if np.any(age < 0):
        _fail_at(patients, "age", age < 0, what, "negative age")
    sex_values = patients["sex"]
    missing = pd.isna(sex_values).to_numpy()
    if missing.any():
        _fail_at(patients, "sex", missing, what, "missing sex")
    sex = pd.Index(rates.sexes, dtype=object).get_indexer(sex_values.to_numpy(dtype=object))
    if np.any(sex < 0):
        _fail_at(patients, "sex", sex < 0, what,
                 f"sex not in the rate table, which has {list(rates.sexes)}")
    diagnosed = None
    if need_dates:
        raw = patients["diagnosed"]
        dates = pd.to_datetime(raw, errors="coerce")
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_localize(None)  # the local calendar date
        missing = pd.isna(dates).to_numpy()
        if missing.any():
            _fail_at(patients, "diagnosed", missing, what, "missing or not a date")
        # Whole days, as R's Date: a time of day is dropped.
        days = dates.to_numpy().astype("datetime64[D]")
        diagnosed = (days - _EPOCH).astype(np.int64).astype(float)
    groups = None
    if by is not None:
        missing = pd.isna(patients[by]).to_numpy()
        if missing.any():
            _fail_at(patients, by, missing, what, "missing group")
        groups = patients[by].to_numpy(dtype=object)
    cohort = _Cohort(time, status.astype(np.int8), age * rates.days_per_year, sex.astype(np.intp),
                     diagnosed, patients.index, groups)
    zero = time <= 0
    if zero.any():
        warnings.warn(
            f"dropped {int(zero.sum())} row(s) with time <= 0 (no follow-up), as relsurv does",
            UserWarning, stacklevel=3,
        )
        cohort = cohort.subset(~zero)
        if len(cohort) == 0:
            raise ValueError(f"{what}: no rows with time > 0")
    return cohort


def _risk_and_deaths(cohort: _Cohort, times: np.ndarray):
    index = np.searchsorted(times, cohort.time)
    exits = np.bincount(index, minlength=len(times))
    at_risk = exits[::-1].cumsum()[::-1]
    deaths = np.bincount(index, weights=cohort.status, minlength=len(times))
    return index, at_risk.astype(np.int64), deaths.astype(np.int64)



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


def _reference_lookup(rates: RateTable, cohort: _Cohort, rows, elapsed):
    """Daily hazard of patients `rows` after `elapsed` days, by direct cell lookup."""
    age_cell = _cell_index(rates.age_cuts, cohort.age_days[rows] + elapsed)
    year_cell = 0
    if rates.has_years:
        year_cell = _cell_index(rates.year_cuts, cohort.diagnosed[rows] + elapsed)
    return rates.hazard.ravel()[rates._flat_cell(cohort.sex[rows], age_cell, year_cell)]
