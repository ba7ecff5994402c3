"""Actuarial (interval) Ederer II life tables, as Dickman's strs and SEER*Stat."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ._validate import _fail_at, _numbers
from .cohort import _prepare_cohort, _reference_lookup
from .estimators import _z
from .rates import RateTable

__all__ = ["life_table", "life_table_from_counts"]

_LIFE_TABLE_COLUMNS = [
    "start", "end", "n", "d", "w", "n_prime", "p", "p_star", "r",
    "cp", "cp_star", "cr", "se_cp", "se_cr", "lower", "upper",
]


def life_table_from_counts(frame: pd.DataFrame, *, conf_level: float = 0.95) -> pd.DataFrame:
    """The Ederer II life table of strs and SEER*Stat from per-interval counts.

    frame: one row per interval with start, end (years), n (alive at start), d (deaths in the
    interval), w (withdrawals, censored inside the interval) and p_star (mean expected interval
    survival of the n entering it). For interval k:
        n'_k = n_k - w_k/2,  p_k = 1 - d_k/n'_k,  r_k = p_k / p*_k
        CP_k = prod_{j<=k} p_j,  CP*_k = prod_{j<=k} p*_j,  CR_k = CP_k / CP*_k
        se(CP_k) = CP_k sqrt(sum_{j<=k} d_j / (n'_j (n'_j - d_j)))   (Greenwood)
        se(CR_k) = se(CP_k) / CP*_k
        CI: log-log on CP, then divided by CP*:
            s = se(CP)/|CP log CP|, lower = exp(-exp(log(-log CP) + z s)) / CP*,
            upper = exp(-exp(log(-log CP) - z s)) / CP*
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError("frame must be a pandas DataFrame")
    what = "life table counts"
    for column in ("start", "end", "n", "d", "w", "p_star"):
        if column not in frame.columns:
            raise ValueError(f"{what}: missing column {column!r}")
    start = _numbers(frame, "start", what)
    end = _numbers(frame, "end", what)
    n = _numbers(frame, "n", what)
    d = _numbers(frame, "d", what)
    w = _numbers(frame, "w", what)
    p_star = _numbers(frame, "p_star", what)
    for column, values in (("n", n), ("d", d), ("w", w)):
        if np.any(values < 0):
            _fail_at(frame, column, values < 0, what, "counts must be >= 0")
    if np.any(d + w > n):
        _fail_at(frame, "d", d + w > n, what, "d + w exceeds n")
    if np.any(end <= start):
        _fail_at(frame, "end", end <= start, what, "end must be after start")
    z = _z(conf_level)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_prime = n - w / 2
        p = 1 - d / n_prime
        r = p / p_star
        cp = np.cumprod(p)
        cp_star = np.cumprod(p_star)
        cr = cp / cp_star
        se_cp = cp * np.sqrt(np.cumsum(d / (n_prime * (n_prime - d))))
        se_cr = se_cp / cp_star
        spread = z * se_cp / np.abs(cp * np.log(cp))
        centre = np.log(-np.log(cp))
        lower = np.exp(-np.exp(centre + spread)) / cp_star
        upper = np.exp(-np.exp(centre - spread)) / cp_star
    return pd.DataFrame({
        "start": start, "end": end, "n": n.astype(np.int64), "d": d.astype(np.int64),
        "w": w.astype(np.int64), "n_prime": n_prime, "p": p, "p_star": p_star, "r": r,
        "cp": cp, "cp_star": cp_star, "cr": cr, "se_cp": se_cp, "se_cr": se_cr,
        "lower": lower, "upper": upper,
    })[_LIFE_TABLE_COLUMNS]


def life_table(patients: pd.DataFrame, rates: RateTable, *, width: float = 1.0,
               max_years: float = 10, conf_level: float = 0.95) -> pd.DataFrame:
    """The actuarial Ederer II life table of strs and SEER*Stat from individual follow-up.

    Intervals [a_k, b_k) of `width` years up to `max_years`, with follow-up in years
    T_i = time_i / days_per_year:
        n_k = #{T_i > a_k},  d_k = #{died, a_k < T_i <= b_k},  w_k = #{censored, a_k < T_i < b_k}
    (someone censored exactly at b_k survived the interval, as in strs), and
        p*_k = (1/n_k) sum_{T_i > a_k} exp(-lambda_Pi(a_k) * days_per_year * (b_k - a_k))
    where lambda_Pi(a_k) is the rate-table hazard at the attained age and calendar date at the
    start of the interval: for a table built from q this is strs's prob^width with
    prob = 1 - q(floor(attained age), sex, attained year). The rest is
    life_table_from_counts (n' = n - w/2, Greenwood SE, log-log interval on CP divided by CP*).
    Intervals that nobody enters are left out.
    """
    if not (width > 0 and max_years > 0):
        raise ValueError("width and max_years must be positive")
    cohort = _prepare_cohort(patients, rates, need_dates=False)
    years = cohort.time / rates.days_per_year
    n_intervals = int(math.ceil(max_years / width - 1e-12))
    starts = np.arange(n_intervals) * width
    ends = np.minimum(starts + width, max_years)
    rows = []
    for a, b in zip(starts, ends, strict=True):
        alive = years > a
        n = int(alive.sum())
        if n == 0:
            break
        inside = alive & (years <= b)
        d = int((inside & (cohort.status == 1)).sum())
        w = int((inside & (cohort.status == 0) & (years < b)).sum())
        elapsed = a * rates.days_per_year
        lam = _reference_lookup(rates, cohort, np.flatnonzero(alive), elapsed)
        p_star = float(np.mean(np.exp(-lam * rates.days_per_year * (b - a))))
        rows.append((a, b, n, d, w, p_star))
    counts = pd.DataFrame(rows, columns=["start", "end", "n", "d", "w", "p_star"])
    return life_table_from_counts(counts, conf_level=conf_level)
