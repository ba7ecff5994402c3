"""Rate tables: daily population hazards by sex, age and, optionally, calendar year."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import _fail_at, _labels, _numbers, _option_number, _whole_numbers

__all__ = ["DAYS_PER_YEAR", "QX_CAP", "RateTable"]

DAYS_PER_YEAR = 365.241  # relsurv's transrate/slopop; survival's survexp.us uses 365.25
QX_CAP = 0.999  # a q of exactly 1 becomes this, as relsurv's transrate.hmd does

_EPOCH = np.datetime64("1970-01-01", "D")


def _cell_index(cuts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Index of the largest cut <= value; below the first cut, cell 0 (as relsurv's pystep2)."""
    return np.maximum(np.searchsorted(cuts, values, side="right") - 1, 0)


def _days_since_epoch(year: np.ndarray) -> np.ndarray:
    """Days from 1970-01-01 to 1 January of each (whole) calendar year."""
    starts = np.array([f"{int(y):04d}-01-01" for y in year], dtype="datetime64[D]")
    return (starts - _EPOCH).astype(np.int64).astype(float)


def _check_data_dir(data_dir) -> None:
    if data_dir is not None and not isinstance(data_dir, (str, os.PathLike)):
        raise TypeError(f"data_dir must be a path (str or os.PathLike) or None, not "
                        f"{type(data_dir).__name__} {data_dir!r}")


def _sex_labels(sexes) -> tuple:
    """The sexes as a tuple of distinct, hashable, non-missing labels."""
    if isinstance(sexes, (str, bytes)) or not isinstance(sexes, (tuple, list, np.ndarray,
                                                                  pd.Index)):
        raise TypeError("sexes must be a sequence of labels such as ('male', 'female'), not "
                        f"{type(sexes).__name__} {sexes!r}")
    labels = tuple(s.item() if isinstance(s, np.generic) else s for s in sexes)
    for label in labels:
        try:
            hash(label)
        except TypeError:
            raise TypeError(f"sexes must be hashable labels, not {label!r}") from None
        if label is None or (isinstance(label, float) and math.isnan(label)) or label is pd.NaT:
            raise ValueError(f"sexes must be non-missing labels, not {labels!r}")
    if len(labels) == 0 or len(set(labels)) != len(labels):
        raise ValueError(f"sexes must be distinct labels (at least one), not {labels!r}")
    return labels


@dataclass(frozen=True, eq=False)
class RateTable:
    """Daily population hazards by sex, age in whole years and, optionally, calendar year.

    ``hazard[s, a, y]`` is the daily hazard for sex ``sexes[s]`` from age ``ages[a]`` (years)
    until the next age row, and from 1 January of ``years[y]`` until the next year row. Values
    past the last age row, before the first one, or outside the years use the nearest edge, as
    R's rate tables do. Ages are turned into day cut points ``age * days_per_year``.

    Build one with :meth:`from_frame` or :meth:`us_2019`.
    """

    hazard: np.ndarray
    sexes: tuple
    ages: np.ndarray
    years: np.ndarray | None = None
    days_per_year: float = DAYS_PER_YEAR

    def __post_init__(self):
        _option_number(self.days_per_year, "days_per_year", low=0, low_open=True)
        try:
            hazard = np.asarray(self.hazard, dtype=float)
            ages = np.asarray(self.ages, dtype=float).ravel()
            years = None if self.years is None else np.asarray(self.years, dtype=float).ravel()
        except (TypeError, ValueError) as error:
            raise TypeError(f"hazard, ages and years must be numbers ({error})") from None
        sexes = _sex_labels(self.sexes)
        if not (np.all(np.isfinite(ages)) and (years is None or np.all(np.isfinite(years)))):
            raise ValueError("ages and years must be finite")
        if years is not None and np.any(years != np.round(years)):
            raise ValueError("years must be whole calendar years")
        if years is not None and (len(years) == 0 or years.min() < 1678 or years.max() > 2261):
            raise ValueError("years must be calendar years between 1678 and 2261")
        if np.any(ages < 0):
            raise ValueError("ages must be >= 0")
        n_years = 1 if years is None else len(years)
        if hazard.shape != (len(self.sexes), len(ages), n_years):
            raise ValueError(
                f"hazard has shape {hazard.shape}; expected (sexes, ages, years) = "
                f"({len(self.sexes)}, {len(ages)}, {n_years})"
            )
        if len(ages) == 0 or np.any(np.diff(ages) <= 0):
            raise ValueError("ages must be increasing")
        if years is not None and np.any(np.diff(years) <= 0):
            raise ValueError("years must be increasing")
        if not np.all(np.isfinite(hazard)) or np.any(hazard < 0):
            raise ValueError("hazards must be finite and non-negative")
        object.__setattr__(self, "hazard", hazard)
        object.__setattr__(self, "ages", ages)
        object.__setattr__(self, "years", years)
        object.__setattr__(self, "sexes", sexes)
        object.__setattr__(self, "days_per_year", float(self.days_per_year))

    # -- construction ----------------------------------------------------------------------

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, value: str = "qx",
                   days_per_year: float = DAYS_PER_YEAR) -> RateTable:
        """Build a rate table from a long frame with columns age, sex, optional year, and `value`.

        value="qx": the annual probability of death q, turned into the daily hazard
            lambda = -log(1 - q) / days_per_year
        (written as relsurv's transrate does, -log(p)/365.241 with p = 1 - q). A q of exactly 1,
        as in the open last row of a period life table ("100 and over"), would give an infinite
        hazard; it is replaced by QX_CAP = 0.999 as relsurv's transrate.hmd does, so the daily
        hazard there is -log(0.001)/days_per_year (about 0.0189 per day for 365.241).
        value="hazard": the column already holds daily hazards (relsurv's and survival's tables).

        Ages are whole years (each row applies from that age to the next row); year, when present,
        is the calendar year from which the row applies (from 1 January). Every combination of
        age x sex (x year) must be present exactly once.
        """
        if value not in ("qx", "hazard"):
            raise ValueError(f"value must be 'qx' or 'hazard', not {value!r}")
        days_per_year = _option_number(days_per_year, "days_per_year", low=0, low_open=True)
        if not isinstance(frame, pd.DataFrame):
            raise TypeError("frame must be a pandas DataFrame")
        for column in ("age", "sex", value):
            if column not in frame.columns:
                raise ValueError(f"rate frame: missing column {column!r}")
        has_years = "year" in frame.columns
        ages = _whole_numbers(frame, "age", "rate frame")
        if np.any(ages < 0):
            _fail_at(frame, "age", ages < 0, "rate frame", "age must be >= 0")
        years = _whole_numbers(frame, "year", "rate frame") if has_years else None
        values = _numbers(frame, value, "rate frame")
        if value == "qx":
            bad = (values < 0) | (values > 1)
            if bad.any():
                _fail_at(frame, value, bad, "rate frame", "qx must be between 0 and 1")
            values = np.where(values == 1.0, QX_CAP, values)
            values = -np.log(1.0 - values) / days_per_year
        elif np.any(values < 0):
            _fail_at(frame, value, values < 0, "rate frame", "hazards must be >= 0")
        sex = _labels(frame, "sex", "rate frame", "sex")
        sexes = tuple(pd.unique(pd.Series(sex, dtype=object)))
        age_levels = np.unique(ages)
        year_levels = np.unique(years) if has_years else None
        s_idx = pd.Index(sexes).get_indexer(sex)
        a_idx = np.searchsorted(age_levels, ages)
        y_idx = np.searchsorted(year_levels, years) if has_years else np.zeros(len(ages), int)
        shape = (len(sexes), len(age_levels), 1 if year_levels is None else len(year_levels))
        flat = (s_idx * shape[1] + a_idx) * shape[2] + y_idx
        counts = np.bincount(flat, minlength=int(np.prod(shape)))
        if np.any(counts > 1):
            dup = counts[flat] > 1
            _fail_at(frame, "age", dup, "rate frame", "duplicate age/sex/year combination")
        if np.any(counts == 0):
            s, a, y = np.unravel_index(int(np.flatnonzero(counts == 0)[0]), shape)
            where = f", year {int(year_levels[y])}" if has_years else ""
            raise ValueError(
                f"rate frame: no row for sex {sexes[s]!r}, age {int(age_levels[a])}{where}; "
                "the table must be complete"
            )
        hazard = np.empty(int(np.prod(shape)))
        hazard[flat] = values
        return cls(hazard.reshape(shape), sexes, age_levels, year_levels, days_per_year)

    @classmethod
    def us_2019(cls, data_dir=None, *, days_per_year: float = DAYS_PER_YEAR) -> RateTable:
        """The 2019 US period life tables (NCHS) by sex and single year of age 0-100.

        Built from the data package's ``us_life_tables_2019`` resource with ``value="qx"``: the
        "100 and over" row has q = 1, which becomes QX_CAP = 0.999 (relsurv's transrate.hmd
        rule). There is no calendar-year dimension: one period table is used for every year.
        """
        from allstats.data import load  # lazily: netsurv itself needs only numpy and pandas

        days_per_year = _option_number(days_per_year, "days_per_year", low=0, low_open=True)
        _check_data_dir(data_dir)
        frame = load("us_life_tables_2019", data_dir)
        rows = pd.DataFrame({
            "age": frame["age"].to_numpy(dtype=float),
            "sex": frame["sex"].astype(str).to_numpy(dtype=object),
            "qx": frame["qx"].to_numpy(dtype=float),
        })
        return cls.from_frame(rows, value="qx", days_per_year=days_per_year)

    # -- use ---------------------------------------------------------------------------------

    @property
    def has_years(self) -> bool:
        return self.years is not None

    @property
    def age_cuts(self) -> np.ndarray:
        """Age cut points in days (age * days_per_year), as relsurv's transrate builds them."""
        return self.ages * self.days_per_year

    @property
    def year_cuts(self) -> np.ndarray | None:
        """1 January of each year row, in days since 1970-01-01."""
        return None if self.years is None else _days_since_epoch(self.years)

    @property
    def n_cells(self) -> int:
        return self.hazard.size

    def _flat_cell(self, sex_index, age_cell, year_cell):
        n_age, n_year = self.hazard.shape[1], self.hazard.shape[2]
        return (sex_index * n_age + age_cell) * n_year + year_cell

    def daily_hazard(self, age_days, sex, diagnosed_days=None) -> np.ndarray:
        """Daily hazard at age (days) and, for tables with years, date (days since 1970-01-01).

        age_days, sex and diagnosed_days are broadcast together; ages must be finite and >= 0,
        dates finite, sexes labels of the table (ValueError naming the argument otherwise).
        """
        try:
            age = np.asarray(age_days, dtype=float)
        except (TypeError, ValueError):
            raise TypeError("age_days must be numbers of days") from None
        if not np.all(np.isfinite(age)) or np.any(age < 0):
            raise ValueError("age_days must be finite and >= 0 (days)")
        sex_values = np.asarray(sex, dtype=object)
        shape = np.broadcast_shapes(age.shape, sex_values.shape)
        dates = None
        if self.has_years:
            if diagnosed_days is None:
                raise ValueError("diagnosed_days: this rate table has years, give the dates")
            try:
                dates = np.asarray(diagnosed_days, dtype=float)
            except (TypeError, ValueError):
                raise TypeError("diagnosed_days must be numbers (days since 1970-01-01)") from None
            if not np.all(np.isfinite(dates)):
                raise ValueError("diagnosed_days must be finite (days since 1970-01-01)")
            shape = np.broadcast_shapes(shape, dates.shape)
        try:
            sex_index = pd.Index(self.sexes, dtype=object).get_indexer(
                np.broadcast_to(sex_values, shape).ravel()).reshape(shape)
        except TypeError:
            raise TypeError(f"sex must be labels of the table ({list(self.sexes)}), "
                            f"not {sex!r}") from None
        if np.any(sex_index < 0):
            raise ValueError(f"sex must be one of {list(self.sexes)}")
        age_cell = _cell_index(self.age_cuts, np.broadcast_to(age, shape))
        year_cell = 0
        if dates is not None:
            year_cell = _cell_index(self.year_cuts, np.broadcast_to(dates, shape))
        return self.hazard.ravel()[self._flat_cell(sex_index, age_cell, year_cell)]

    def to_frame(self) -> pd.DataFrame:
        """The table as a long frame: sex, age, (year,) hazard (daily)."""
        s, a, y = np.meshgrid(np.arange(len(self.sexes)), np.arange(len(self.ages)),
                              np.arange(self.hazard.shape[2]), indexing="ij")
        out = {"sex": np.asarray(self.sexes, dtype=object)[s.ravel()],
               "age": self.ages[a.ravel()].astype(int)}
        if self.has_years:
            out["year"] = self.years[y.ravel()].astype(int)
        out["hazard"] = self.hazard[s.ravel(), a.ravel(), y.ravel()]
        return pd.DataFrame(out)

    def __repr__(self):
        years = "" if not self.has_years else f", years {int(self.years[0])}-{int(self.years[-1])}"
        return (f"RateTable(sexes={list(self.sexes)}, ages {int(self.ages[0])}-{int(self.ages[-1])}"
                f"{years}, days_per_year={self.days_per_year})")

