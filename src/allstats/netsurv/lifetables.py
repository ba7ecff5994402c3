"""Actuarial (interval) Ederer II life tables, as Dickman's strs and SEER*Stat."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ._validate import _fail_at, _numbers, _option_number, _whole_numbers
from .cohort import MAX_YEARS, _Cohort, _prepare_cohort
from .estimators import _z
from .fast import _blocks, _chunks, _pieces, _sum_over_pieces
from .rates import RateTable

__all__ = ["MAX_INTERVALS", "life_table", "life_table_from_counts"]

#: most intervals a life table may have
MAX_INTERVALS = 10_000

_LIFE_TABLE_COLUMNS = [
    "start", "end", "n", "d", "w", "n_prime", "p", "p_star", "r",
    "cp", "cp_star", "cr", "se_cp", "se_cr", "lower", "upper",
]
_COUNT_COLUMNS = ["start", "end", "n", "d", "w", "p_star"]


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
    Where se(CP) = 0 (no deaths yet) the interval is [CR, CR]; once CP = 0 (everyone in an
    interval died) se(CP) = 0 and the interval is [0, 0].

    The rows must be consecutive intervals in order: start_1 >= 0, end_k > start_k and
    start_{k+1} = end_k (no gap, overlap, repetition or reversal); n whole and > 0 (leave out
    intervals nobody enters), d and w whole and >= 0 with d + w <= n, 0 < p_star <= 1, and n
    cannot grow: n_{k+1} <= n_k - d_k - w_k. ValueError names the column and the first bad row.

    >>> counts = pd.DataFrame({"start": [0, 1], "end": [1, 2], "n": [100, 80], "d": [10, 5],
    ...                        "w": [10, 5], "p_star": [0.99, 0.98]})
    >>> life_table_from_counts(counts)[["n_prime", "p", "cr"]].round(4)
       n_prime       p      cr
    0     95.0  0.8947  0.9038
    1     77.5  0.9355  0.8627
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    z = _z(conf_level)
    what = "life table counts"
    for column in _COUNT_COLUMNS:
        if column not in frame.columns:
            raise ValueError(f"{what}: missing column {column!r}")
    if len(frame) == 0:
        raise ValueError(f"{what}: no rows")
    start = _numbers(frame, "start", what)
    end = _numbers(frame, "end", what)
    n = _whole_numbers(frame, "n", what)
    d = _whole_numbers(frame, "d", what)
    w = _whole_numbers(frame, "w", what)
    p_star = _numbers(frame, "p_star", what)
    if np.any(n <= 0):
        _fail_at(frame, "n", n <= 0, what,
                 "n must be > 0 (leave out intervals that nobody enters)")
    for column, values in (("d", d), ("w", w)):
        if np.any(values < 0):
            _fail_at(frame, column, values < 0, what, "counts must be >= 0")
    if np.any(d + w > n):
        _fail_at(frame, "d", d + w > n, what, "d + w exceeds n")
    bad = (p_star <= 0) | (p_star > 1)
    if bad.any():
        _fail_at(frame, "p_star", bad, what, "expected interval survival must be in (0, 1]")
    if start[0] < 0:
        _fail_at(frame, "start", start < 0, what, "start must be >= 0 (years since diagnosis)")
    if np.any(end <= start):
        _fail_at(frame, "end", end <= start, what, "end must be after start")
    if np.any(np.abs(end[:-1] - start[1:]) > 1e-9 * np.maximum(1, np.abs(end[:-1]))):
        bad = np.concatenate([[False], np.abs(end[:-1] - start[1:])
                              > 1e-9 * np.maximum(1, np.abs(end[:-1]))])
        _fail_at(frame, "start", bad, what, "intervals must follow each other in order "
                 "(each start equal to the previous end: no gap, overlap, repeat or reversal)")
    grows = np.concatenate([[False], n[1:] > n[:-1] - d[:-1] - w[:-1]])
    if grows.any():
        _fail_at(frame, "n", grows, what,
                 "more alive than survived the previous interval (n_k > n_(k-1) - d - w)")
    with np.errstate(divide="ignore", invalid="ignore"):
        n_prime = n - w / 2
        p = 1 - d / n_prime
        r = p / p_star
        cp = np.cumprod(p)
        cp_star = np.cumprod(p_star)
        cr = cp / cp_star
        se_cp = cp * np.sqrt(np.cumsum(d / (n_prime * (n_prime - d))))
        se_cp = np.where(cp == 0, 0.0, se_cp)
        se_cr = se_cp / cp_star
        spread = z * se_cp / np.abs(cp * np.log(cp))
        centre = np.log(-np.log(cp))
        lower = np.exp(-np.exp(centre + spread)) / cp_star
        upper = np.exp(-np.exp(centre - spread)) / cp_star
    lower = np.where(se_cp == 0, cr, lower)
    upper = np.where(se_cp == 0, cr, upper)
    return pd.DataFrame({
        "start": start, "end": end, "n": n.astype(np.int64), "d": d.astype(np.int64),
        "w": w.astype(np.int64), "n_prime": n_prime, "p": p, "p_star": p_star, "r": r,
        "cp": cp, "cp_star": cp_star, "cr": cr, "se_cp": se_cp, "se_cr": se_cr,
        "lower": lower, "upper": upper,
    })[_LIFE_TABLE_COLUMNS]


def _intervals(width, max_years, longest_years, days_per_year):
    """Interval starts and ends (years) up to max_years, leaving out those nobody enters."""
    width = _option_number(width, "width", low=0, low_open=True, what=" (years)")
    max_years = _option_number(max_years, "max_years", low=0, low_open=True, high=MAX_YEARS,
                               what=" (years)")
    if width * days_per_year < 1 - 1e-9:
        raise ValueError(f"width must be at least one day (1/{days_per_year:g} years), not "
                         f"{width!r}: follow-up is counted in days")
    horizon = min(max_years, longest_years)
    n_intervals = max(1, int(math.ceil(horizon / width - 1e-12)))
    if n_intervals > MAX_INTERVALS:
        raise ValueError(f"width={width!r} makes {n_intervals:,} intervals over {horizon:g} "
                         f"years; at most {MAX_INTERVALS:,} are allowed")
    starts = np.arange(n_intervals) * width
    return starts, np.minimum(starts + width, max_years)


def _life_table_counts(cohort: _Cohort, rates: RateTable, starts, ends) -> pd.DataFrame:
    """n, d, w and p_star per interval (see life_table), with the fast engine's pieces."""
    dpy = rates.days_per_year
    years = cohort.time / dpy
    order = np.argsort(years, kind="stable")
    y_sorted = years[order]
    dead_sorted = cohort.status[order] == 1
    n = len(years) - np.searchsorted(y_sorted, starts, side="right")
    died = np.sort(y_sorted[dead_sorted])
    censored = np.sort(y_sorted[~dead_sorted])
    d = (np.searchsorted(died, ends, side="right") - np.searchsorted(died, starts, side="right"))
    w = (np.searchsorted(censored, ends, side="left")
         - np.searchsorted(censored, starts, side="right"))
    keep = n > 0
    starts, ends, n, d, w = starts[keep], ends[keep], n[keep], d[keep], w[keep]
    # p*: each patient alive at a_k (years_i > a_k) contributes exp(-lambda * dpy * (b - a))
    # with lambda the hazard at a_k; pieces of constant cell over the interval starts.
    elapsed = starts * dpy
    entered = np.searchsorted(starts, years, side="left")  # number of starts a_k < years_i
    edge = np.concatenate([elapsed, [elapsed[-1] + 1.0]])
    p_star_sum = np.zeros(len(starts))
    length = (ends - starts) * dpy

    def reduce(lo, hi, lam, per_cell):
        p_star_sum[lo:hi] += (per_cell * np.exp(-lam[:, None] * length[lo:hi])).sum(axis=0)

    bounds = _blocks(elapsed, 0.0)
    for part in _chunks(cohort, rates, edge[entered]):
        diagnosed = None if cohort.diagnosed is None else cohort.diagnosed[part]
        pieces = _pieces(rates, cohort.age_days[part], cohort.sex[part], diagnosed,
                         entered[part], step_start=elapsed, step_edge=edge)
        _sum_over_pieces(elapsed, bounds, rates, pieces.start, pieces.stop, pieces.cell, None,
                         None, 0, reduce)
    return pd.DataFrame({"start": starts, "end": ends, "n": n, "d": d, "w": w,
                         "p_star": p_star_sum / n})[_COUNT_COLUMNS]


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
    Intervals that nobody enters are left out. width is at least one day, max_years at most
    150, and there are at most MAX_INTERVALS intervals (ValueError naming the parameter);
    delayed entry (an `entry` column) is refused. Time and memory grow with the patients and
    intervals, not with max_years: the expected survival is summed over pieces of constant
    rate-table cell, in chunks of patients.

    >>> rates = RateTable.from_frame(pd.DataFrame(
    ...     {"age": [0, 0], "sex": ["m", "f"], "hazard": [1e-4, 1e-4]}), value="hazard")
    >>> patients = pd.DataFrame({"time": [100, 500, 800, 900], "status": [1, 0, 1, 0],
    ...                          "age": [60, 70, 80, 50], "sex": ["m", "f", "m", "f"]})
    >>> life_table(patients, rates, max_years=3)[["start", "n", "d", "w", "cr"]].round(4)
       start  n  d  w      cr
    0    0.0  4  1  0  0.7779
    1    1.0  3  0  1  0.8068
    2    2.0  2  1  1  0.2790
    """
    cohort = _prepare_cohort(patients, rates, need_dates=False, entry_allowed=False)
    starts, ends = _intervals(width, max_years, float(cohort.time.max()) / rates.days_per_year,
                              rates.days_per_year)
    _z(conf_level)  # checked before the work; life_table_from_counts uses it
    counts = _life_table_counts(cohort, rates, starts, ends)
    return life_table_from_counts(counts, conf_level=conf_level)


def _reference_life_table(patients, rates, *, width=1.0, max_years=10, conf_level=0.95):
    """life_table with the counts computed interval by interval (the literal definition)."""
    from .reference import _reference_life_table_counts

    cohort = _prepare_cohort(patients, rates, need_dates=False, entry_allowed=False)
    starts, ends = _intervals(width, max_years, float(cohort.time.max()) / rates.days_per_year,
                              rates.days_per_year)
    counts = _reference_life_table_counts(cohort, rates, starts, ends)
    return life_table_from_counts(counts, conf_level=conf_level)
