"""Checks of inputs: every message names the parameter, or the frame, column and first bad row.

Columns are read by kind, and nothing is guessed:

* numbers (:func:`_numbers`): numeric or boolean columns, or text that parses as numbers; dates and
  durations are refused (an age of ``Timedelta('25 days')`` is not a number of years);
* durations in days (:func:`_days`): numbers (days) or pandas/numpy timedeltas, converted
  exactly as ``timedelta / 1 day`` (``Timedelta('1 days 12:00:00')`` is 1.5 days);
* dates (:func:`_dates_in_days`): datetimes, ``datetime.date`` objects or ISO 8601 text
  (``'2005-03-01'``, optionally with a time of day); numbers are refused (is ``2005`` a year, a
  day count or nanoseconds since 1970?), and so are durations and text that is not ISO.

Options are checked with :func:`_option_number` (TypeError for a value that is not a real
number, ValueError naming the parameter when it is out of range).
"""

from __future__ import annotations

import math
import numbers
import re

import numpy as np
import pandas as pd

_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*$")


def _fail_at(frame: pd.DataFrame, column: str, bad: np.ndarray, what: str, message: str):
    position = int(np.flatnonzero(bad)[0])
    label = frame.index[position]
    value = frame[column].iloc[position]
    value = value.item() if isinstance(value, np.generic) else value
    raise ValueError(f"{what}: column {column!r}, row {label!r}: {message} (value {value!r})")


def _is_time_like(series: pd.Series) -> str | None:
    """'datetime' or 'timedelta' when the column holds those (by dtype or by its values)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datetime"
    if pd.api.types.is_timedelta64_dtype(series):
        return "timedelta"
    if series.dtype == object:
        kinds = {type(v) for v in series.head(1000) if v is not None and v is not pd.NaT}
        if any(issubclass(k, (pd.Timedelta, np.timedelta64)) or k.__name__ == "timedelta"
               for k in kinds):
            return "timedelta"
        if any(issubclass(k, (pd.Timestamp, np.datetime64)) or k.__name__ in ("datetime", "date")
               for k in kinds):
            return "datetime"
    return None


def _numbers(frame: pd.DataFrame, column: str, what: str, unit: str = "") -> np.ndarray:
    """A column of finite real numbers; dates and durations are refused."""
    raw = frame[column]
    kind = _is_time_like(raw)
    if kind is not None:
        raise ValueError(
            f"{what}: column {column!r} holds {kind}s, not numbers{unit}; convert it explicitly"
        )
    if pd.api.types.is_bool_dtype(raw):
        raw = raw.astype(float)
    if pd.api.types.is_complex_dtype(raw):
        raise ValueError(f"{what}: column {column!r} holds complex numbers, not real ones")
    values = pd.to_numeric(raw, errors="coerce")
    if pd.api.types.is_complex_dtype(values):
        raise ValueError(f"{what}: column {column!r} holds complex numbers, not real ones")
    values = values.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        _fail_at(frame, column, bad, what, "missing, infinite or not a number")
    return values


def _whole_numbers(frame: pd.DataFrame, column: str, what: str) -> np.ndarray:
    values = _numbers(frame, column, what)
    bad = values != np.round(values)
    if bad.any():
        _fail_at(frame, column, bad, what, "must be a whole number")
    return values


def _days(frame: pd.DataFrame, column: str, what: str) -> np.ndarray:
    """Durations in days: numbers as they are, timedeltas as timedelta / (1 day)."""
    raw = frame[column]
    kind = _is_time_like(raw)
    if kind == "datetime":
        raise ValueError(
            f"{what}: column {column!r} holds dates, not durations; give days since diagnosis "
            "(e.g. death - diagnosed)"
        )
    if kind == "timedelta":
        deltas = pd.to_timedelta(raw, errors="coerce")
        values = (deltas / pd.Timedelta(days=1)).to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(values)
        if bad.any():
            _fail_at(frame, column, bad, what, "missing duration")
        return values
    return _numbers(frame, column, what, unit=" (days)")


def _dates_in_days(frame: pd.DataFrame, column: str, what: str, epoch) -> np.ndarray:
    """Dates as whole days since `epoch` (a time of day is dropped, as R's Date does)."""
    raw = frame[column]
    kind = _is_time_like(raw)
    if kind == "timedelta":
        raise ValueError(f"{what}: column {column!r} holds durations, not dates")
    if kind is None:
        if pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_bool_dtype(raw):
            raise ValueError(
                f"{what}: column {column!r} holds numbers, not dates: a number such as 2005 could "
                "be a year, a day count or nanoseconds since 1970; give dates (datetime64, "
                "Timestamp, datetime.date or ISO text 'YYYY-MM-DD')"
            )
        text = raw.map(lambda v: isinstance(v, str))
        not_iso = text.to_numpy() & ~raw.map(
            lambda v: isinstance(v, str) and bool(_ISO_DATE.match(v))).to_numpy()
        if not_iso.any():
            _fail_at(frame, column, not_iso, what,
                     "missing or not a date (text must be an ISO date 'YYYY-MM-DD')")
        others = ~text.to_numpy() & ~pd.isna(raw).to_numpy()
        odd = others & ~raw.map(lambda v: hasattr(v, "year") and hasattr(v, "month")).to_numpy()
        if odd.any():
            _fail_at(frame, column, odd, what, "missing or not a date")
    try:
        dates = pd.to_datetime(raw, errors="coerce", format="ISO8601" if kind is None else None)
    except (ValueError, TypeError, OverflowError) as error:  # e.g. mixed time zones
        raise ValueError(f"{what}: column {column!r}: cannot read the dates ({error})") from None
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)  # the local calendar date
    missing = pd.isna(dates).to_numpy()
    if missing.any():
        _fail_at(frame, column, missing, what, "missing or not a date")
    days = dates.to_numpy().astype("datetime64[D]")
    return (days - epoch).astype(np.int64).astype(float)


def _option_number(value, name: str, *, low=None, high=None, low_open=False, high_open=False,
                   what: str = "") -> float:
    """A real number in [low, high] (or open at either end); TypeError if not a number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number{what}, not {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite{what}, not {value!r}")
    if low is not None and (value < low or (low_open and value == low)):
        side = ">" if low_open else ">="
        raise ValueError(f"{name} must be {side} {low}{what}, not {value!r}")
    if high is not None and (value > high or (high_open and value == high)):
        side = "<" if high_open else "<="
        raise ValueError(f"{name} must be {side} {high}{what}, not {value!r}")
    return value


def _option_date(value, name: str, epoch) -> float:
    """A date option (Timestamp, date, datetime64 or ISO text) as whole days since `epoch`."""
    if isinstance(value, bool) or isinstance(value, numbers.Number):
        raise TypeError(f"{name} must be a date (Timestamp, datetime.date or 'YYYY-MM-DD'), "
                        f"not the number {value!r}")
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise ValueError(f"{name} must be an ISO date 'YYYY-MM-DD', not {value!r}")
    if not isinstance(value, (str, np.datetime64)) and not (
            hasattr(value, "year") and hasattr(value, "month")):
        raise TypeError(f"{name} must be a date (Timestamp, datetime.date or 'YYYY-MM-DD'), "
                        f"not {type(value).__name__}")
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as error:
        raise ValueError(f"{name}: cannot read the date {value!r} ({error})") from None
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a date, not {value!r}")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    day = stamp.to_datetime64().astype("datetime64[D]")
    return float((day - epoch).astype(np.int64))


def _labels(frame: pd.DataFrame, column: str, what: str, noun: str = "label") -> np.ndarray:
    """A column of labels (text, numbers): none missing, every one hashable."""
    values = frame[column].to_numpy(dtype=object)
    missing = pd.isna(frame[column]).to_numpy()
    if missing.any():
        _fail_at(frame, column, missing, what, f"missing {noun}")
    try:
        pd.unique(frame[column])
    except TypeError:
        bad = np.array([not _hashable(v) for v in values])
        _fail_at(frame, column, bad, what, "labels must be text or numbers (hashable)")
    return values


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
