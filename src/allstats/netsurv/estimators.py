"""The continuous-time estimators of relsurv's rs.surv.

Pohar Perme, Ederer II, Ederer I and Hakulinen at every follow-up time; the sums come from the
fast engine (:mod:`.fast`) or, for checking, the literal reference engine (:mod:`.reference`).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd

from .cohort import _Cohort, _prepare_cohort, _risk_and_deaths
from .fast import _daily_grid_sums, _exact_expected_sums
from .rates import _EPOCH, RateTable
from .reference import _reference_daily_grid_sums, _reference_exact_sums

__all__ = ["CONF_TYPES", "CURVES", "METHODS", "net_survival"]

METHODS = ("pohar-perme", "ederer2", "ederer1", "hakulinen")
CONF_TYPES = ("log", "log-log", "plain")
CURVES = ("kaplan-meier", "fleming-harrington")

_RESULT_COLUMNS = ["time", "n_risk", "n_event", "n_censor", "surv", "std_err", "lower", "upper"]


def _z(conf_level: float) -> float:
    if not 0 < conf_level < 1:
        raise ValueError("conf_level must be between 0 and 1")
    return NormalDist().inv_cdf(0.5 + conf_level / 2)


def _confidence(surv, se, z, conf_type):
    """relsurv's intervals from the SE of the cumulative hazard; not truncated to [0, 1]."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if conf_type == "plain":
            return surv - z * se * surv, surv + z * se * surv
        if conf_type == "log":
            return np.exp(np.log(surv) - z * se), np.exp(np.log(surv) + z * se)
        log_surv = np.log(surv)
        centre = np.log(-log_surv)
        return (np.exp(-np.exp(centre - z * se / log_surv)),
                np.exp(-np.exp(centre + z * se / log_surv)))


def _to_survival(hazard_increments, curve):
    if curve == "fleming-harrington":
        return np.exp(-np.cumsum(hazard_increments))
    return np.cumprod(1.0 - hazard_increments)


def _hakulinen_horizon(cohort: _Cohort, fin_date_days: float):
    horizon = cohort.time.copy()
    dead = cohort.status == 1
    horizon[dead] = fin_date_days - cohort.diagnosed[dead]
    return horizon


def _estimate(cohort: _Cohort, rates: RateTable, method: str, curve: str, precision: float,
              fin_date_days, engine: str):
    """Observed times, n at risk, deaths, survival and SE of the cumulative hazard."""
    times = np.unique(cohort.time)
    if method in ("pohar-perme", "ederer2"):
        if engine == "fast":
            sums = _daily_grid_sums(cohort, rates, times, precision, method == "pohar-perme")
        else:
            sums = _reference_daily_grid_sums(cohort, rates, times, precision)
        y, d = sums.at_risk, sums.deaths
        if method == "pohar-perme":
            with np.errstate(divide="ignore", invalid="ignore"):
                increments = sums.weighted_deaths / sums.weighted_at_risk - sums.weighted_hazard
                se = np.sqrt(np.cumsum(sums.weighted_deaths_sq / sums.weighted_at_risk ** 2))
        else:
            increments = (d - sums.hazard_sum) / y
            se = np.sqrt(np.cumsum(d / y.astype(float) ** 2))
        return times, y, d, _to_survival(increments, curve), se

    # Ederer I and Hakulinen: Kaplan-Meier divided by an expected survival.
    if method == "ederer1":
        grid = times
        horizon = np.full(len(cohort), times[-1])
    else:
        horizon = _hakulinen_horizon(cohort, fin_date_days)
        # relsurv adds the potential follow-up times (capped at the last time) to the grid.
        grid = np.unique(np.concatenate([times, np.minimum(horizon, times[-1])]))
        horizon = np.minimum(horizon, times[-1])
    if engine == "fast":
        surv_sum, weighted = _exact_expected_sums(cohort, rates, grid, horizon,
                                                  method == "hakulinen")
    else:
        surv_sum, weighted = _reference_exact_sums(cohort, rates, grid, horizon)
    _, y, d = _risk_and_deaths(cohort, grid)
    if method == "ederer1":
        expected = surv_sum / len(cohort)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = np.exp(-np.cumsum(weighted / surv_sum))
    observed = _to_survival(d / y, curve)
    se = np.sqrt(np.cumsum(d / y.astype(float) ** 2))
    # Hakulinen's expected survival also steps at the added potential follow-up times, so those
    # rows stay (with no events or censorings), as in relsurv's output.
    return grid, y, d, observed / expected, se


def _summarise(cohort: _Cohort, estimate, z, conf_type, requested):
    times, y, d, surv, se = estimate
    if requested is None:
        n_censor = y - np.append(y[1:], 0) - d
        out_time, n_risk, n_event = times, y, d
    else:
        out_time = requested
        # As R's summary(fit, times=): at risk at t, events and censorings in (previous t, t].
        follow_up = np.sort(cohort.time)
        n_risk = len(follow_up) - np.searchsorted(follow_up, requested, side="left")
        died = np.sort(cohort.time[cohort.status == 1])
        censored = np.sort(cohort.time[cohort.status == 0])
        n_event = np.diff(np.searchsorted(died, requested, side="right"), prepend=0)
        n_censor = np.diff(np.searchsorted(censored, requested, side="right"), prepend=0)
        at = np.searchsorted(times, requested, side="right") - 1
        before = at < 0
        beyond = requested > times[-1]
        surv = np.where(before, 1.0, surv[np.maximum(at, 0)])
        se = np.where(before, 0.0, se[np.maximum(at, 0)])
        surv = np.where(beyond, np.nan, surv)
        se = np.where(beyond, np.nan, se)
    lower, upper = _confidence(surv, se, z, conf_type)
    return pd.DataFrame({
        "time": np.asarray(out_time, dtype=float),
        "n_risk": np.asarray(n_risk, dtype=np.int64),
        "n_event": np.asarray(n_event, dtype=np.int64),
        "n_censor": np.asarray(n_censor, dtype=np.int64),
        "surv": surv,
        "std_err": surv * se,
        "lower": lower,
        "upper": upper,
    })


def _check_options(method, conf_type, curve, precision):
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if conf_type not in CONF_TYPES:
        raise ValueError(f"conf_type must be one of {CONF_TYPES}, not {conf_type!r}")
    if curve not in CURVES:
        raise ValueError(f"curve must be one of {CURVES}, not {curve!r}")
    if not (precision > 0 and math.isfinite(precision)):
        raise ValueError("precision must be a positive number of days")


def _requested_times(times):
    if times is None:
        return None
    requested = np.unique(np.asarray(times, dtype=float).ravel())
    if not np.all(np.isfinite(requested)) or np.any(requested < 0):
        raise ValueError("times must be finite and >= 0 (days)")
    return requested


def _fin_date_days(fin_date, cohort: _Cohort) -> float:
    latest = float(np.max(cohort.diagnosed + cohort.time))
    if fin_date is None:
        return latest  # relsurv: max(year + time)
    day = pd.Timestamp(fin_date).to_datetime64().astype("datetime64[D]")
    value = float((day - _EPOCH).astype(np.int64))
    early = (cohort.status == 1) & (cohort.diagnosed + cohort.time > value)
    if early.any():
        label = cohort.labels[int(np.flatnonzero(early)[0])]
        raise ValueError(
            f"patients: column 'diagnosed', row {label!r}: died after fin_date {fin_date}; "
            "fin_date must not be earlier than any diagnosed + time"
        )
    return value


def _net_survival(patients, rates, *, method, times, conf_level, conf_type, fin_date, by,
                  curve, precision, engine):
    _check_options(method, conf_type, curve, precision)
    z = _z(conf_level)
    requested = _requested_times(times)
    cohort = _prepare_cohort(patients, rates, need_dates=(method == "hakulinen"), by=by)
    fin_days = _fin_date_days(fin_date, cohort) if method == "hakulinen" else None
    if by is None:
        estimate = _estimate(cohort, rates, method, curve, precision, fin_days, engine)
        result = _summarise(cohort, estimate, z, conf_type, requested)
    else:
        parts = []
        for level in pd.unique(pd.Series(cohort.groups, dtype=object)):
            group = cohort.subset(cohort.groups == level)
            estimate = _estimate(group, rates, method, curve, precision, fin_days, engine)
            part = _summarise(group, estimate, z, conf_type, requested)
            part.insert(0, by, level)
            parts.append(part)
        result = pd.concat(parts, ignore_index=True)
    result.attrs.update(method=method, conf_type=conf_type, conf_level=conf_level, curve=curve,
                        precision=precision)
    return result


def net_survival(patients: pd.DataFrame, rates: RateTable, *, method: str = "pohar-perme",
                 times=None, conf_level: float = 0.95, conf_type: str = "log", fin_date=None,
                 by: str | None = None, curve: str = "kaplan-meier",
                 precision: float = 1.0) -> pd.DataFrame:
    """Relative / net survival from individual follow-up and a rate table, as relsurv's rs.surv.

    patients: DataFrame with time (days of follow-up), status (1 died, 0 censored), age (years
        at diagnosis, may be fractional), sex (labels of the rate table) and diagnosed (date of
        diagnosis; needed when the table has calendar years, and for Hakulinen). Rows with
        time = 0 are dropped with a warning (relsurv drops them too); invalid values raise
        ValueError naming the column and the first offending row.
    rates: a RateTable. Patient i's population hazard after u days is
        lambda_Pi(u) = rates(age_i * days_per_year + u, sex_i, diagnosed_i + u).

    Notation: t_1 < ... < t_K the distinct follow-up times (t_0 = 0); Y_j the number with
    T_i >= t_j (the risk set R_j); d_j the deaths at t_j. The curve is a product over the
    crude intervals (t_{j-1}, t_j] of (1 - dLambda_j) ("kaplan-meier"), or
    exp(-sum dLambda_j) with curve="fleming-harrington".

    method="pohar-perme" (net survival; Pohar Perme, Stare & Esteve 2012), weights 1/S_Pi:
        dLambda_j = sum_{T_i = t_j} delta_i / S_Pi(t_j) / sum_{R_j} 1/S_Pi(t_j) - I_j
        I_j ~ int_{t_{j-1}}^{t_j} [sum_{R_j} lambda_Pi(u)/S_Pi(u)] / [sum_{R_j} 1/S_Pi(u)] du
        Var Lambda(t_j) = sum_{k<=j} [sum_{T_i=t_k} delta_i / S_Pi(t_k)^2]
                                      / [sum_{R_k} 1/S_Pi(t_k)]^2
    method="ederer2" (relative survival, expected hazard of those still at risk):
        dLambda_j = (d_j - sum_{R_j} int_{t_{j-1}}^{t_j} lambda_Pi(u) du) / Y_j
        Var Lambda(t_j) = sum_{k<=j} d_k / Y_k^2
    Both integrate the population hazard on relsurv's daily grid: each crude interval is walked
    in steps of `precision` days (the last one shortened to end at t_j), the hazard of each step
    is the rate-table value at its start, S_Pi(u) = exp(-sum of step * hazard), the Pohar Perme
    weights 1/S_Pi are taken at t_j, and I_j = sum_m h_m (A_m/B_m + A'_m/B'_m)/2 with A, B the
    running sums over the steps of the interval so far of lambda/S_Pi and 1/S_Pi at step starts
    (A', B' at step ends), as relsurv's C code computes it.
    method="ederer1": KM(t) / S*_E1(t), S*_E1(t) = (1/n) sum_{all i} S_Pi(t).
    method="hakulinen": KM(t) / S*_H(t), with potential follow-up T~_i = T_i if censored and
        fin_date - diagnosed_i if dead, and
        S*_H(t_j) = exp(-sum_{k<=j} [sum_{T~_i >= t_k} S_Pi(t_k) dLambda_Pi,k]
                                    / [sum_{T~_i >= t_k} S_Pi(t_k)]),
        dLambda_Pi,k = int_{t_{k-1}}^{t_k} lambda_Pi. As in relsurv, the grid (and so the output)
        also holds the potential follow-up times below the last time, where S*_H steps while
        no one dies or is censored. fin_date defaults to the latest diagnosed + time.
    Ederer I and Hakulinen integrate the hazards exactly (piecewise constant between cells) and
    use Var = sum d_k/Y_k^2 (the expected survival is taken as fixed).

    Returns a DataFrame with one row per distinct follow-up time (for Hakulinen, also per
    potential follow-up time, see above), or per requested `times` (in
    days, read off the step function as R's summary(fit, times=) does; NaN beyond the last
    follow-up): time, n_risk, n_event, n_censor, surv, std_err (on the survival scale:
    surv * SE of the cumulative hazard), lower, upper. Intervals (conf_type) with
    z = Phi^-1((1 + conf_level)/2) and se the SE of the cumulative hazard:
        log: exp(log S -/+ z se); log-log: exp(-exp(log(-log S) -/+ z se / log S));
        plain: S (1 -/+ z se). They are not truncated to [0, 1], as in relsurv.
    by: optional column; the estimate is computed within each of its values (relsurv's strata).
    Differences from relsurv: relsurv replaces zero hazards by 1e-9 for Ederer I and Hakulinen;
    this module uses the table as given.
    """
    return _net_survival(patients, rates, method=method, times=times, conf_level=conf_level,
                         conf_type=conf_type, fin_date=fin_date, by=by, curve=curve,
                         precision=precision, engine="fast")


def _net_survival_reference(patients, rates, *, method="pohar-perme", times=None,
                            conf_level=0.95, conf_type="log", fin_date=None, by=None,
                            curve="kaplan-meier", precision=1.0):
    """net_survival computed by the slow, step-by-step definitions (for tests and benchmarks)."""
    return _net_survival(patients, rates, method=method, times=times, conf_level=conf_level,
                         conf_type=conf_type, fin_date=fin_date, by=by, curve=curve,
                         precision=precision, engine="reference")
