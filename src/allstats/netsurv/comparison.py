"""Comparing net survival between groups: the log-rank-type test of relsurv's rs.diff."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import _option_number
from .cohort import _Cohort, _prepare_cohort
from .crude import _relsurv_daily_points
from .estimators import _check_grid, _check_population_weights
from .fast import _exact_sums
from .rates import RateTable
from .reference import _reference_exact_sums, _reference_exit_hazards

__all__ = ["NetSurvivalTest", "net_survival_test"]


@dataclass(frozen=True)
class NetSurvivalTest:
    """The result of net_survival_test.

    statistic: the chi-square statistic z' V^-1 z over the first K - 1 groups; df = K - 1;
    p_value: P(chi2_df > statistic); groups: one row per group (in the order of first
    appearance, as given to the test) with n (patients), n_event (deaths), observed (weighted
    excess deaths, sum_j of the group's dN^w - Y^w dLambda_P^w), expected (its share of all
    groups' weighted excess deaths, sum_j Y^w_k / Y^w dN^w_excess) and observed_minus_expected
    (z_k); covariance: V, the K x K covariance of z.
    """

    statistic: float
    df: int
    p_value: float
    groups: pd.DataFrame
    covariance: np.ndarray


def _chi2_sf(statistic: float, df: int) -> float:
    """P(chi2_df > statistic) = Q(df/2, statistic/2), the regularized upper incomplete gamma
    function, by its recurrence in steps of 1 from Q(1/2, x) = erfc(sqrt x) or Q(1, x) = e^-x
    (every term positive, so no cancellation: small p-values keep their digits)."""
    x = max(statistic, 0.0) / 2
    if df % 2:
        a, q = 0.5, math.erfc(math.sqrt(x))
    else:
        a, q = 1.0, math.exp(-x)
    while a < df / 2 - 1e-9:
        if x > 0:
            q += math.exp(a * math.log(x) - x - math.lgamma(a + 1))
        a += 1
    return min(q, 1.0)


def _group_sums(cohort: _Cohort, rates: RateTable, grid: np.ndarray, groups: np.ndarray,
                n_groups: int, engine: str):
    """Per grid time and group (matrices times x groups): sum 1/S_Pi(t_j) over the risk set,
    the weighted excess deaths sum delta_i/S_Pi(T_i) - sum dLambda_Pi,j/S_Pi(t_j), and over the
    deaths at t_j sum 1/S_Pi^2 (relsurv's netfastpinter: exact integration). Also each
    patient's Lambda_Pi at the end of follow-up."""
    if engine == "fast":
        at_risk, hazard, total = _exact_sums(cohort, rates, grid, cohort.time, +1, True,
                                             groups, n_groups)
    else:
        at_risk = np.zeros((len(grid), n_groups))
        hazard = np.zeros((len(grid), n_groups))
        for g in range(n_groups):
            rows = np.flatnonzero(groups == g)
            if len(rows):
                part = cohort.subset(rows)
                at_risk[:, g], hazard[:, g] = _reference_exact_sums(part, rates, grid, part.time,
                                                                    sign=+1)
        total = _reference_exit_hazards(cohort, rates)
    index = np.searchsorted(grid, cohort.time)
    dead = cohort.status == 1
    flat = index[dead] * n_groups + groups[dead]
    size = len(grid) * n_groups
    with np.errstate(over="ignore"):
        deaths = np.bincount(flat, weights=np.exp(total[dead]), minlength=size)
        deaths_sq = np.bincount(flat, weights=np.exp(2 * total[dead]), minlength=size)
    shape = (len(grid), n_groups)
    return at_risk, deaths.reshape(shape) - hazard, deaths_sq.reshape(shape), total


def _net_survival_test(patients, rates, *, by, strata, precision, engine):
    precision = _option_number(precision, "precision", low=0, low_open=True, what=" (days)")
    if strata is not None and strata == by:
        raise ValueError(f"strata: the strata column {strata!r} is also the `by` column")
    cohort = _prepare_cohort(patients, rates, need_dates=False, by=by, entry_allowed=False,
                             strata=strata)
    layers = np.zeros(len(cohort), dtype=object) if strata is None else cohort.layers
    levels = list(pd.unique(pd.Series(cohort.groups, dtype=object)))
    if len(levels) < 2:
        raise ValueError(f"by: the column {by!r} has only one group ({levels[0]!r}); the test "
                         "compares two or more")
    longest = float(cohort.time.max())
    _check_grid(np.array([longest]), precision)
    grid = np.unique(np.concatenate([_relsurv_daily_points(longest, precision), cohort.time]))
    k = len(levels)
    group_index = pd.Index(levels, dtype=object).get_indexer(cohort.groups)
    covariance = np.zeros((k, k))
    observed = np.zeros(k)
    expected = np.zeros(k)
    few = 0
    totals = np.zeros(len(cohort))
    for layer in pd.unique(pd.Series(layers, dtype=object)):
        rows = np.flatnonzero(layers == layer)
        part = cohort.subset(rows)
        w_risk, w_event, w_sq, totals[rows] = _group_sums(part, rates, grid, group_index[rows],
                                                          k, engine)
        few += int(np.sum((np.bincount(group_index[rows], weights=part.status, minlength=k) < 10)
                          & (np.bincount(group_index[rows], minlength=k) > 0)))
        total_risk = w_risk.sum(axis=1)
        keep = total_risk > 0
        share = w_risk[keep] / total_risk[keep, None]
        events = w_event[keep].sum(axis=1)
        observed += w_event[keep].sum(axis=0)
        expected += (share * events[:, None]).sum(axis=0)
        for g in range(k):
            y = np.eye(k)[g][None, :] - share
            covariance += (y * w_sq[keep, g][:, None]).T @ y
    _check_population_weights(cohort, rates, totals)
    z = observed - expected
    if few:
        warnings.warn(f"net_survival_test: in {few} of {k * len(pd.unique(layers))} groups there "
                      "are fewer than 10 deaths (as relsurv warns)", UserWarning, stacklevel=3)
    head = covariance[:-1, :-1]
    if not np.all(np.isfinite(head)) or np.linalg.matrix_rank(head) < k - 1:
        raise ValueError(f"by: the covariance of the {k} groups is singular (no deaths?); the "
                         "test is not defined")
    statistic = float(z[:-1] @ np.linalg.solve(head, z[:-1]))
    table = pd.DataFrame({
        "group": levels,
        "n": [int((cohort.groups == level).sum()) for level in levels],
        "n_event": [int(cohort.status[cohort.groups == level].sum()) for level in levels],
        "observed": observed, "expected": expected, "observed_minus_expected": z,
    })
    return NetSurvivalTest(statistic, k - 1, _chi2_sf(statistic, k - 1), table, covariance)


def net_survival_test(patients: pd.DataFrame, rates: RateTable, *, by: str, strata=None,
                      precision: float = 1.0) -> NetSurvivalTest:
    """Log-rank-type test of equal net survival in the groups of `by` (relsurv's rs.diff).

    Grafféo, Castell, Belot & Giorgi (2016) Biometrics 72:760-769; Pavlič & Pohar Perme (2017)
    BMC Med Res Methodol 17:79. patients and rates as for net_survival (no delayed entry).

    Notation: a grid t_1 < ... < t_K of every follow-up time and every day 1, 1 + precision, ...
    up to the longest follow-up (as rs.diff builds it); for group g and grid time t_j, with
    S_Pi(t) = exp(-int_0^t lambda_Pi) integrated exactly over the rate-table cells and
    dLambda_Pi,j the integral over (t_{j-1}, t_j]:
        Y^w_g(t_j) = sum_{i in g, T_i >= t_j} 1/S_Pi(t_j)
        E^w_g(t_j) = sum_{i in g, T_i = t_j} delta_i / S_Pi(t_j)
                     - sum_{i in g, T_i >= t_j} dLambda_Pi,j / S_Pi(t_j)
        z_g = sum_j [E^w_g(t_j) - Y^w_g(t_j) / Y^w(t_j) E^w(t_j)]   (observed - expected)
        V = sum_g sum_j (e_g - Y^w(t_j)/Y^w(t_j)) (e_g - ...)' sum_{i in g, T_i = t_j} delta_i /
            S_Pi(t_j)^2
    (Y^w, E^w without a subscript: summed over the groups; sums over j with Y^w(t_j) > 0). The
    statistic is z' V^-1 z over the first K - 1 groups (the groups in order of first
    appearance), chi-square with K - 1 degrees of freedom. With strata=column the sums are
    formed within each stratum and z and V added over the strata (rs.diff's strata() term).
    Warns when a group has fewer than 10 deaths; a singular V (no deaths at all) raises
    ValueError.

    Returns a NetSurvivalTest with statistic, df, p_value, groups (n, n_event, observed,
    expected, observed_minus_expected per group) and covariance.

    >>> rates = RateTable.from_frame(pd.DataFrame(
    ...     {"age": [0, 0], "sex": ["m", "f"], "hazard": [1e-4, 1e-4]}), value="hazard")
    >>> patients = pd.DataFrame({"time": np.arange(1, 41) * 30.0, "status": 1, "age": 60,
    ...                          "sex": "m", "arm": ["a", "b"] * 20})
    >>> patients.loc[patients.arm == "b", "time"] *= 2   # arm b lives twice as long
    >>> test = net_survival_test(patients, rates, by="arm")
    >>> round(test.statistic, 2), test.df, round(test.p_value, 4)
    (9.44, 1, 0.0021)
    >>> test.groups[["group", "n", "n_event"]]
      group   n  n_event
    0     a  20       20
    1     b  20       20
    """
    return _net_survival_test(patients, rates, by=by, strata=strata, precision=precision,
                              engine="fast")


def _net_survival_test_reference(patients, rates, *, by, strata=None, precision=1.0):
    """net_survival_test with the literal engine (cell-by-cell integration per interval)."""
    return _net_survival_test(patients, rates, by=by, strata=strata, precision=precision,
                              engine="reference")
