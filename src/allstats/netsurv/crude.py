"""Crude probabilities of death from the cancer and from other causes, as relsurv's cmp.rel."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validate import _option_number
from .cohort import _Cohort, _prepare_cohort, _risk_and_deaths
from .estimators import _check_grid, _requested_times
from .fast import _exact_sums
from .rates import RateTable
from .reference import _reference_crude_sums, _reference_exact_sums

__all__ = ["crude_probabilities"]


def _relsurv_daily_points(longest: float, precision: float) -> np.ndarray:
    """R's seq(1, longest, by = precision): 1 + (0:n) * precision, n = floor((longest - 1) /
    precision + 1e-10), capped at longest (empty when longest < 1)."""
    if longest < 1:
        return np.zeros(0)
    n = int((longest - 1) / precision + 1e-10)
    return np.minimum(1 + np.arange(n + 1) * precision, longest)


def _crude_grid(cohort: _Cohort, precision: float, tau: float, extra) -> np.ndarray:
    """cmp.rel's grid: sort(unique(pmin(tau, union(time, seq(1, max(time), precision), extra)))),
    without 0 (a requested time 0 is read as 0: nobody has died at diagnosis)."""
    points = [cohort.time, _relsurv_daily_points(float(cohort.time.max()), precision)]
    if extra is not None:
        points.append(extra)
    grid = np.unique(np.minimum(tau, np.concatenate(points)))
    return grid[grid > 0]


def _prefix_variance(c, u, sigma):
    """sum_{k<=j} (u_k - c_j)^2 sigma_k by prefix sums: c_j^2 A_j - 2 c_j B_j + Q_j."""
    a = np.cumsum(sigma)
    b = np.cumsum(u * sigma)
    q = np.cumsum(u * u * sigma)
    return c * c * a - 2 * c * b + q


def _crude(cohort: _Cohort, rates: RateTable, grid: np.ndarray, tau: float, engine: str):
    # follow-up after tau is censored at tau (cmp.rel's grid stops there)
    late = cohort.time > tau
    cohort = _Cohort(np.minimum(cohort.time, tau), np.where(late, 0, cohort.status),
                     cohort.age_days, cohort.sex, cohort.diagnosed, cohort.labels)
    horizon = cohort.time
    _, at_risk, deaths, _ = _risk_and_deaths(cohort, grid)
    if engine == "fast":
        _, hazard_sum, _ = _exact_sums(cohort, rates, grid, horizon, 0, True)
    else:
        _, hazard_sum = _reference_exact_sums(cohort, rates, grid, horizon, sign=0)
    y = at_risk.astype(float)
    if engine == "reference":
        return _reference_crude_sums(deaths, y, hazard_sum)
    d_observed = deaths / y
    d_population = hazard_sum / y
    so = np.cumprod(1 - d_observed)
    before = np.concatenate([[1.0], so[:-1]])
    cancer = np.cumsum(before * (d_observed - d_population))
    other = np.cumsum(before * d_population)
    sigma = deaths / y ** 2
    ve = _prefix_variance(cancer, so + cancer, sigma)   # sum (S_k - (C_E,j - C_E,k))^2 sigma_k
    vp = _prefix_variance(other, other, sigma)          # sum (C_P,j - C_P,k)^2 sigma_k
    return cancer, ve, other, vp


def _crude_probabilities(patients, rates, *, times, tau, precision, engine):
    precision = _option_number(precision, "precision", low=0, low_open=True, what=" (days)")
    requested = _requested_times(times)
    cohort = _prepare_cohort(patients, rates, need_dates=False, entry_allowed=False)
    longest = float(cohort.time.max())
    tau = longest if tau is None else _option_number(tau, "tau", low=0, low_open=True,
                                                     what=" (days)")
    grid = _crude_grid(cohort, precision, tau, requested)
    _check_grid(np.array([longest]), precision)
    cancer, ve, other, vp = _crude(cohort, rates, grid, tau, engine)
    if requested is None:
        rows = np.flatnonzero(np.isin(grid, cohort.time) | (grid == tau))
        out_time = grid[rows]
    else:
        out_time = requested
        rows = np.searchsorted(grid, np.minimum(requested, tau))
    beyond = out_time > tau
    at_zero = out_time <= 0
    rows = np.minimum(rows, len(grid) - 1)
    pick = lambda values: np.where(beyond, np.nan,  # noqa: E731
                                   np.where(at_zero, 0.0, values[rows]))
    result = pd.DataFrame({
        "time": np.asarray(out_time, dtype=float),
        "cancer": pick(cancer),
        "cancer_se": pick(np.sqrt(np.maximum(ve, 0.0))),
        "other": pick(other),
        "other_se": pick(np.sqrt(np.maximum(vp, 0.0))),
    })
    result.attrs.update(tau=tau, precision=precision)
    return result


def crude_probabilities(patients: pd.DataFrame, rates: RateTable, times=None, *, tau=None,
                        precision: float = 1.0) -> pd.DataFrame:
    """Crude probabilities of death from the cancer and from other causes, as relsurv's cmp.rel.

    patients and rates as for net_survival (no delayed entry). Notation: a grid
    t_1 < ... < t_K of every follow-up time, every day 1, 1 + precision, ... up to the longest
    follow-up (R's seq(1, max(time), by = precision)) and the requested `times`, all capped at
    tau (default: the longest follow-up), exactly as cmp.rel builds it; Y_j = #{T_i >= t_j},
    d_j the deaths at t_j, and dLambda_Pi,j = int_{t_{j-1}}^{t_j} lambda_Pi, integrated exactly
    over the rate-table cells (relsurv's pystep). With
        dLambda_O,j = d_j / Y_j,  dLambda_P,j = sum_{R_j} dLambda_Pi,j / Y_j,
        dLambda_E,j = dLambda_O,j - dLambda_P,j,  S_O(t_j) = prod_{k<=j} (1 - dLambda_O,k)
    (Kaplan-Meier) the cumulative probabilities of death by t_j are
        cancer: C_E(t_j) = sum_{k<=j} S_O(t_{k-1}) dLambda_E,k
        other:  C_P(t_j) = sum_{k<=j} S_O(t_{k-1}) dLambda_P,k
    with the variances of relsurv 2.2-9's cmpfast.c (sigma_k = d_k / Y_k^2):
        Var C_E(t_j) = sum_{k<=j} (S_O(t_k) - (C_E(t_j) - C_E(t_k)))^2 sigma_k
        Var C_P(t_j) = sum_{k<=j} (C_P(t_j) - C_P(t_k))^2 sigma_k
    computed here with prefix sums instead of relsurv's double loop (a sum of squares: rounding
    below zero is set to 0). relsurv writes the first term S_O^2 (1 - dC/S_O)^2, which is NaN
    once the Kaplan-Meier reaches 0; here it is (S_O - dC)^2, finite there. cancer + other is
    the Kaplan-Meier probability of death, 1 - S_O; cancer falls below 0 where fewer patients
    die than the population would (as in cmp.rel).

    Returns a DataFrame with time, cancer, cancer_se, other, other_se (standard errors: the
    square roots of the variances) at every distinct follow-up time up to tau and at tau, or at
    the requested `times` (days; added to the grid as cmp.rel's add.times; NaN beyond tau). The
    grid may hold at most MAX_GRID_STEPS daily points (ValueError naming precision otherwise).

    Reference: relsurv's cmp.rel (Pohar Perme & Pavlic 2018, J Stat Softw 87(8)); agreement with
    relsurv 2.2-9 to 1e-10 is tested from tests/reference/make_crude_reference.R.

    >>> rates = RateTable.from_frame(pd.DataFrame(
    ...     {"age": [0, 0], "sex": ["m", "f"], "hazard": [1e-4, 1e-4]}), value="hazard")
    >>> patients = pd.DataFrame({"time": [100, 200, 300], "status": [1, 0, 1],
    ...                          "age": [60, 70, 80], "sex": ["m", "f", "m"]})
    >>> crude_probabilities(patients, rates, times=[300]).round(4)
        time  cancer  cancer_se   other  other_se
    0  300.0  0.9767     0.0044  0.0233    0.0044
    """
    return _crude_probabilities(patients, rates, times=times, tau=tau, precision=precision,
                                engine="fast")


def _crude_probabilities_reference(patients, rates, times=None, *, tau=None, precision=1.0):
    """crude_probabilities by the literal definitions (cell-by-cell integration, interval by
    interval, and relsurv's O(K^2) variance loop)."""
    return _crude_probabilities(patients, rates, times=times, tau=tau, precision=precision,
                                engine="reference")
