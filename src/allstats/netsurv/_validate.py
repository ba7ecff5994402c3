"""Checks of input frames: every message names the frame, the column and the first bad row."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _fail_at(frame: pd.DataFrame, column: str, bad: np.ndarray, what: str, message: str):
    position = int(np.flatnonzero(bad)[0])
    label = frame.index[position]
    value = frame[column].iloc[position]
    value = value.item() if isinstance(value, np.generic) else value
    raise ValueError(f"{what}: column {column!r}, row {label!r}: {message} (value {value!r})")


def _numbers(frame: pd.DataFrame, column: str, what: str) -> np.ndarray:
    raw = frame[column]
    if pd.api.types.is_bool_dtype(raw):
        raw = raw.astype(float)
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
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

