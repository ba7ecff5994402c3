"""The continuous-time estimators of relsurv's rs.surv.

Pohar Perme, Ederer II, Ederer I and Hakulinen at every follow-up time; the sums come from the
fast engine (:mod:`.fast`) or, for checking, the literal reference engine (:mod:`.reference`).
"""

from __future__ import annotations

import math
import warnings
from statistics import NormalDist

import numpy as np
import pandas as pd

from ._validate import _numbers, _option_date, _option_number
from .cohort import _Cohort, _grid_times, _prepare_cohort, _risk_and_deaths
from .fast import _MAX_LOG_WEIGHT, _daily_grid_sums, _exact_expected_sums, _weight_crossing
from .rates import _EPOCH, RateTable
from .reference import _reference_daily_grid_sums, _reference_exact_sums

__all__ = ["CONF_TYPES", "CURVES", "METHODS", "MAX_GRID_STEPS", "WEIGHT_WARNING",
           "kaplan_meier", "net_survival"]

METHODS = ("pohar-perme", "ederer2", "ederer1", "hakulinen")
CONF_TYPES = ("log", "log-log", "plain")
CURVES = ("kaplan-meier", "fleming-harrington")
#: most fine steps the daily grid may walk because of `precision` (longest follow-up / precision)
MAX_GRID_STEPS = 1_000_000
#: Pohar Perme weights 1/S_Pi above this are reported with a warning
WEIGHT_WARNING = 1000.0

_RESULT_COLUMNS = ["time", "n_risk", "n_event", "n_censor", "surv", "std_err", "lower", "upper"]


def _z(conf_level) -> float:
    level = _option_number(conf_level, "conf_level", low=0, high=1, low_open=True,
                           high_open=True)
    return NormalDist().inv_cdf(0.5 + level / 2)


def _confidence(surv, se, z, conf_type):
    """relsurv's intervals from the SE of the cumulative hazard; not truncated to [0, 1].

    Where se = 0 (no death yet) the interval is the point itself. Where the transform is
    undefined (log-log with surv >= 1 or <= 0) lower and upper are NaN, with a warning."""
    surv = np.asarray(surv, dtype=float)
    se = np.asarray(se, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if conf_type == "plain":
            lower, upper = surv - z * se * surv, surv + z * se * surv
        elif conf_type == "log":
            lower, upper = np.exp(np.log(surv) - z * se), np.exp(np.log(surv) + z * se)
        else:
            log_surv = np.log(surv)
            centre = np.log(-log_surv)
            lower = np.exp(-np.exp(centre - z * se / log_surv))
            upper = np.exp(-np.exp(centre + z * se / log_surv))
    certain = (se == 0) & np.isfinite(surv)
    lower = np.where(certain, surv, lower)
    upper = np.where(certain, surv, upper)
    undefined = np.isfinite(surv) & np.isfinite(se) & ~(np.isfinite(lower) & np.isfinite(upper))
    if undefined.any():
        warnings.warn(
            f"conf_type={conf_type!r}: the interval is undefined at {int(undefined.sum())} "
            f"row(s) (surv {float(surv[undefined][0]):.6g} at the first; log-log needs "
            "0 < surv < 1); lower and upper are NaN there", UserWarning, stacklevel=4)
        lower = np.where(undefined, np.nan, lower)
        upper = np.where(undefined, np.nan, upper)
    return lower, upper


def _to_survival(hazard_increments, curve):
    if curve == "fleming-harrington":
        return np.exp(-np.cumsum(hazard_increments))
    return np.cumprod(1.0 - hazard_increments)


def _vector(value, name: str) -> np.ndarray:
    """``value`` (a number or a one-dimensional sequence of finite real numbers) as floats."""
    if isinstance(value, (str, bytes, dict)) or value is None:
        raise TypeError(f"kaplan_meier: {name} must be numbers (a list, an array or a column), "
                        f"got {type(value).__name__}")
    try:
        array = np.asarray(value, dtype=object)
    except Exception as error:  # noqa: BLE001 - numpy refuses ragged and odd objects variously
        raise TypeError(f"kaplan_meier: {name} must be a sequence of numbers: {error}") from None
    if array.ndim > 1:
        raise ValueError(f"kaplan_meier: {name} must be one-dimensional, got shape "
                         f"{array.shape}")
    return _numbers(pd.DataFrame({name: np.atleast_1d(array)}), name, "kaplan_meier")


def kaplan_meier(time, status, at) -> np.ndarray:
    """Kaplan–Meier observed survival read at times ``at`` (same unit as ``time``).

    S_O(t) = prod over distinct times t_j <= t of (1 - d_j / Y_j), Y_j = #{time >= t_j},
    d_j = deaths at t_j; 1 before the first time. Beyond the last time it stays at its last value.
    ``time`` (finite, at least 0) and ``status`` (1 died, 0 censored) are one value per person;
    ``at`` any finite times. The one Kaplan-Meier of allstats: the product over intervals is
    :func:`_to_survival`'s, which Ederer I and Hakulinen divide by their expected survival.

    >>> kaplan_meier([2, 3, 5, 7], [1, 0, 1, 0], [0, 2, 5]).tolist()
    [1.0, 0.75, 0.375]
    """
    time, status, at = _vector(time, "time"), _vector(status, "status"), _vector(at, "at")
    if len(time) != len(status) or len(time) == 0:
        raise ValueError(f"kaplan_meier: time and status must hold one value per person (at "
                         f"least one), got {len(time)} times and {len(status)} statuses")
    if (time < 0).any():
        raise ValueError(f"kaplan_meier: time must be at least 0, got {time[time < 0][0]!r}")
    if not np.isin(status, (0.0, 1.0)).all():
        raise ValueError(f"kaplan_meier: status must be 1 (died) or 0 (censored), got "
                         f"{status[~np.isin(status, (0.0, 1.0))][0]!r}")
    return _kaplan_meier(time, status, at)


def _kaplan_meier(time: np.ndarray, status: np.ndarray, at: np.ndarray) -> np.ndarray:
    """:func:`kaplan_meier` on arrays of floats that are already checked, for callers that
    made them (the simulations: their checks cost more than the estimate)."""
    distinct, index, counts = np.unique(time, return_inverse=True, return_counts=True)
    deaths = np.bincount(index, weights=status, minlength=len(distinct))
    at_risk = len(time) - np.concatenate([[0], np.cumsum(counts)[:-1]])
    surv = _to_survival(deaths / at_risk, "kaplan-meier")
    where = np.searchsorted(distinct, at, side="right") - 1
    return np.where(where < 0, 1.0, surv[np.maximum(where, 0)])


def _hakulinen_horizon(cohort: _Cohort, fin_date_days):
    """Potential follow-up: time if censored, fin_date - diagnosed if dead (never below time).

    Without a fin_date it is the latest diagnosed + time, computed as (diagnosed_k - diagnosed_i)
    + time_k (whole-day differences are exact), so the patient who sets it gets exactly time_k."""
    horizon = cohort.time.copy()
    dead = cohort.status == 1
    if fin_date_days is None:
        k = int(np.argmax(cohort.diagnosed + cohort.time))
        potential = (cohort.diagnosed[k] - cohort.diagnosed[dead]) + cohort.time[k]
    else:
        potential = fin_date_days - cohort.diagnosed[dead]
    horizon[dead] = np.maximum(potential, cohort.time[dead])
    return horizon


def _check_grid(times: np.ndarray, precision: float):
    """The grid has about T/precision + (distinct times) steps: the part set by `precision` may
    not exceed MAX_GRID_STEPS (the part set by the data is the data's own size)."""
    steps = math.ceil(float(times[-1]) / precision)
    if steps > MAX_GRID_STEPS:
        smallest = float(times[-1]) / MAX_GRID_STEPS
        scale = 10.0 ** (math.floor(math.log10(smallest)) - 2)
        smallest = math.ceil(round(smallest / scale, 6)) * scale  # rounded up to 3 digits
        raise ValueError(
            f"precision={precision!r} would walk {steps:,} integration steps over "
            f"{float(times[-1]):g} days of follow-up; at most {MAX_GRID_STEPS:,} are allowed: "
            f"use precision >= {smallest:.3g} (relsurv's default is 1 day)")


def _check_population_weights(cohort: _Cohort, rates: RateTable, total: np.ndarray):
    """Refuse weights that overflow; warn about weights 1/S_Pi above WEIGHT_WARNING.

    total: each patient's cumulative population hazard at the end of follow-up, as the engine
    integrated it (exp(2 * 300) times a billion patients is still a finite double)."""
    if total.max(initial=0) > _MAX_LOG_WEIGHT:
        many = int((total > _MAX_LOG_WEIGHT).sum())
        raise ValueError(
            f"pohar-perme: {many} patient(s) are followed until their expected survival S_P is "
            f"below exp(-{_MAX_LOG_WEIGHT:g}); the weights 1/S_P overflow floating point. Check "
            "the ages (years) and follow-up times (days), or restrict the follow-up")
    level = math.log(WEIGHT_WARNING)
    heavy = np.flatnonzero(total > level)
    if len(heavy) == 0:
        return
    when = _weight_crossing(cohort, rates, heavy, level)
    first_age = float(np.min((cohort.age_days[heavy] + when) / rates.days_per_year))
    last_row = float(rates.ages[-1])
    beyond = (f" (past the rate table's last age row, {last_row:g}, whose hazard applies at "
              "every later age)" if first_age >= last_row else "")
    warnings.warn(
        f"pohar-perme: {len(heavy)} patient(s) are followed to ages at which their expected "
        f"survival S_P falls below {1 / WEIGHT_WARNING:g} (weights 1/S_P above "
        f"{WEIGHT_WARNING:g}), the first from age {first_age:.1f}{beyond}; their deaths and "
        "censorings dominate the estimate there, as in relsurv. Consider restricting the "
        "follow-up (times=) or the ages", UserWarning, stacklevel=4)


def _estimate(cohort: _Cohort, rates: RateTable, method: str, curve: str, precision: float,
              fin_date_days, engine: str):
    """Grid times, n at risk, deaths, censorings, survival and SE of the cumulative hazard."""
    times = _grid_times(cohort)
    if method in ("pohar-perme", "ederer2"):
        _check_grid(times, precision)
        if engine == "fast":
            with np.errstate(over="ignore", invalid="ignore"):
                sums = _daily_grid_sums(cohort, rates, times, precision, method == "pohar-perme")
        else:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                sums = _reference_daily_grid_sums(cohort, rates, times, precision)
        if method == "pohar-perme":
            _check_population_weights(cohort, rates, sums.at_exit)
        _, y, d, c = _risk_and_deaths(cohort, times)
        empty = y == 0
        if empty.any():
            at = times[np.flatnonzero(empty)[0]]
            warnings.warn(
                f"nobody is at risk in {int(empty.sum())} interval(s) (the first ends at "
                f"{at:g} days): with delayed entry the estimate carries across such gaps as if "
                "nobody died there", UserWarning, stacklevel=4)
        with np.errstate(divide="ignore", invalid="ignore"):
            if method == "pohar-perme":
                increments = sums.weighted_deaths / sums.weighted_at_risk - sums.weighted_hazard
                var = sums.weighted_deaths_sq / sums.weighted_at_risk ** 2
            else:
                increments = (d - sums.hazard_sum) / y
                var = d / y.astype(float) ** 2
        increments = np.where(empty, 0.0, increments)
        se = np.sqrt(np.cumsum(np.where(empty, 0.0, var)))
        return times, y, d, c, _to_survival(increments, curve), se

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
    _, y, d, c = _risk_and_deaths(cohort, grid)
    if method == "ederer1":
        expected = surv_sum / len(cohort)
    else:
        expected = np.exp(-np.cumsum(weighted / surv_sum))
    observed = _to_survival(d / y, curve)
    se = np.sqrt(np.cumsum(d / y.astype(float) ** 2))
    # Hakulinen's expected survival also steps at the added potential follow-up times, so those
    # rows stay (with no events or censorings), as in relsurv's output.
    return grid, y, d, c, observed / expected, se


def _summarise(cohort: _Cohort, estimate, z, conf_type, requested):
    times, y, d, c, surv, se = estimate
    if requested is None:
        out_time, n_risk, n_event, n_censor = times, y, d, c
    else:
        out_time = requested
        # As R's summary(fit, times=): at risk at t, events and censorings in (previous t, t].
        follow_up = np.sort(cohort.time)
        entries = np.sort(cohort.entry)
        n_risk = (np.searchsorted(entries, requested, side="left")
                  - np.searchsorted(follow_up, requested, side="left"))
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


def _check_choice(value, name, choices):
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {choices}, not {value!r}")


def _check_options(method, conf_type, curve, precision):
    _check_choice(method, "method", METHODS)
    _check_choice(conf_type, "conf_type", CONF_TYPES)
    _check_choice(curve, "curve", CURVES)
    return _option_number(precision, "precision", low=0, low_open=True, what=" (days)")


def _requested_times(times):
    if times is None:
        return None
    try:
        requested = np.asarray(times, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"times must be numbers of days, not {times!r}") from None
    if len(requested) == 0:
        raise ValueError("times must hold at least one time (days)")
    if not np.all(np.isfinite(requested)) or np.any(requested < 0):
        raise ValueError("times must be finite and >= 0 (days)")
    return np.unique(requested)


def _fin_date_days(fin_date, cohort: _Cohort):
    """None for relsurv's default (the latest diagnosed + time), else fin_date in days."""
    if fin_date is None:
        return None
    value = _option_date(fin_date, "fin_date", _EPOCH)
    early = (cohort.status == 1) & (cohort.diagnosed + cohort.time > value)
    if early.any():
        label = cohort.labels[int(np.flatnonzero(early)[0])]
        raise ValueError(
            f"patients: column 'diagnosed', row {label!r}: died after fin_date {fin_date}; "
            "fin_date must not be earlier than any diagnosed + time"
        )
    return value


def _delayed_entry_check(cohort: _Cohort, method: str, period):
    if method in ("ederer1", "hakulinen") and (period is not None or cohort.delayed):
        why = "period=" if period is not None else "column 'entry' (delayed entry)"
        raise ValueError(f"method={method!r} is not defined with {why}: its expected survival "
                         "follows every patient from diagnosis; use 'ederer2' or 'pohar-perme'")


def _net_survival(patients, rates, *, method, times, conf_level, conf_type, fin_date, by,
                  curve, precision, engine, period=None):
    precision = _check_options(method, conf_type, curve, precision)
    z = _z(conf_level)
    requested = _requested_times(times)
    cohort = _prepare_cohort(patients, rates, need_dates=(method == "hakulinen"), by=by,
                             period=period)
    _delayed_entry_check(cohort, method, period)
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
    if period is not None:
        result.attrs.update(period=tuple(period), outside_period=cohort.outside_period)
    return result


def net_survival(patients: pd.DataFrame, rates: RateTable, *, method: str = "pohar-perme",
                 times=None, conf_level: float = 0.95, conf_type: str = "log", fin_date=None,
                 by: str | None = None, curve: str = "kaplan-meier",
                 precision: float = 1.0, period=None) -> pd.DataFrame:
    """Relative / net survival from individual follow-up and a rate table, as relsurv's rs.surv.

    patients: DataFrame with time (days of follow-up: numbers, or timedeltas such as
        death - diagnosed, converted exactly to days), status (1 died, 0 censored), age (years
        at diagnosis, may be fractional), sex (labels of the rate table), diagnosed (date of
        diagnosis; needed when the table has calendar years, for Hakulinen and for `period`)
        and optionally entry (days since diagnosis when observation begins, delayed entry or
        left truncation; 0 when absent). Rows with time = entry (time = 0 without entries) are
        dropped with a warning (relsurv drops them too); invalid values raise ValueError naming
        the column and the first offending row. Ages and follow-up beyond 150 years are refused.
    rates: a RateTable. Patient i's population hazard after u days is
        lambda_Pi(u) = rates(age_i * days_per_year + u, sex_i, diagnosed_i + u).

    Notation: patient i is observed on (E_i, T_i] (E_i = entry, T_i = time); t_1 < ... < t_K the
    distinct follow-up and positive entry times (t_0 = 0); R_j = {i : E_i < t_j <= T_i} the risk
    set, Y_j = |R_j|; d_j the deaths at t_j. The curve is a product over the crude intervals
    (t_{j-1}, t_j] of (1 - dLambda_j) ("kaplan-meier"), or exp(-sum dLambda_j) with
    curve="fleming-harrington". Where nobody is at risk (a gap between entries) dLambda = 0,
    with a warning.

    method="pohar-perme" (net survival; Pohar Perme, Stare & Esteve 2012), weights 1/S_Pi:
        dLambda_j = sum_{T_i = t_j} delta_i / S_Pi(t_j) / sum_{R_j} 1/S_Pi(t_j) - I_j
        I_j ~ int_{t_{j-1}}^{t_j} [sum_{R_j} lambda_Pi(u)/S_Pi(u)] / [sum_{R_j} 1/S_Pi(u)] du
        Var Lambda(t_j) = sum_{k<=j} [sum_{T_i=t_k} delta_i / S_Pi(t_k)^2]
                                      / [sum_{R_k} 1/S_Pi(t_k)]^2
        S_Pi(t) = exp(-int_0^t lambda_Pi) is the expected survival from DIAGNOSIS, also under
        delayed entry: the weight is 1/S_Pi at the time t since diagnosis, as Pohar Perme,
        Stare & Esteve (2012) define it, whatever the entry time; it undoes the population
        mortality each patient was exposed to since diagnosis. This is what popEpi (Finnish
        Cancer Registry) does for period analysis: its lexpand/survtab compute the weights on
        each patient's follow-up split from diagnosis (comp_pp_weights) and only then drop the
        records outside the period window (intelliCrop, intelliDrop).
        Individual weights are given by standardised_net_survival(individual=True).
        Warns when weights exceed WEIGHT_WARNING (patients followed past ~100 on US tables),
        naming how many and from what age; refuses weights that would overflow.
    method="ederer2" (relative survival, expected hazard of those still at risk):
        dLambda_j = (d_j - sum_{R_j} int_{t_{j-1}}^{t_j} lambda_Pi(u) du) / Y_j
        Var Lambda(t_j) = sum_{k<=j} d_k / Y_k^2
    Both integrate the population hazard on relsurv's daily grid: each crude interval is walked
    in steps of `precision` days (the last one shortened to end at t_j), the hazard of each step
    is the rate-table value at its start, S_Pi(u) = exp(-sum of step * hazard), the Pohar Perme
    weights 1/S_Pi are taken at t_j, and I_j = sum_m h_m (A_m/B_m + A'_m/B'_m)/2 with A, B the
    running sums over the steps of the interval so far of lambda/S_Pi and 1/S_Pi at step starts
    (A', B' at step ends), as relsurv's C code computes it. The grid may have at most
    MAX_GRID_STEPS steps (ValueError naming precision otherwise).
    method="ederer1": KM(t) / S*_E1(t), S*_E1(t) = (1/n) sum_{all i} S_Pi(t).
    method="hakulinen": KM(t) / S*_H(t), with potential follow-up T~_i = T_i if censored and
        fin_date - diagnosed_i if dead, and
        S*_H(t_j) = exp(-sum_{k<=j} [sum_{T~_i >= t_k} S_Pi(t_k) dLambda_Pi,k]
                                    / [sum_{T~_i >= t_k} S_Pi(t_k)]),
        dLambda_Pi,k = int_{t_{k-1}}^{t_k} lambda_Pi. As in relsurv, the grid (and so the output)
        also holds the potential follow-up times below the last time, where S*_H steps while
        no one dies or is censored. fin_date defaults to the latest diagnosed + time.
    Ederer I and Hakulinen integrate the hazards exactly (piecewise constant between cells) and
    use Var = sum d_k/Y_k^2 (the expected survival is taken as fixed). They follow every patient
    from diagnosis, so they refuse delayed entry and `period`.

    period=(first_day, last_day): period analysis (Brenner & Gefeller 1996). Only follow-up
        inside the calendar window counts. Follow-up time t of patient i falls on the date
        diagnosed_i + t, and the window is the calendar interval (first_day - 1, last_day] in
        those units: events and censorings dated first_day to last_day (both included) count.
        So E_i becomes max(E_i, first_day - 1 - diagnosed_i) (a patient diagnosed before the
        window enters at the end of the day before first_day, left-truncated), T_i becomes
        min(T_i, last_day - diagnosed_i), a death after last_day becomes a censoring at
        last_day, and patients with no follow-up in the window are left out (their number is in
        result.attrs["outside_period"]). The cohort approach is no period (all follow-up of
        the patients diagnosed in chosen years); the complete approach is the cohort of the
        most recent diagnoses with all their (incomplete) follow-up; the hybrid approach is a
        period window applied to the patients diagnosed from a chosen year on (filter the rows,
        then give period). See compare_approaches.

    Returns a DataFrame with one row per time of the grid (follow-up and entry times; for
    Hakulinen, also per potential follow-up time, see above), or per requested `times` (in
    days, read off the step function as R's summary(fit, times=) does; NaN beyond the last
    follow-up): time, n_risk, n_event, n_censor, surv, std_err (on the survival scale:
    surv * SE of the cumulative hazard), lower, upper. Intervals (conf_type) with
    z = Phi^-1((1 + conf_level)/2) and se the SE of the cumulative hazard:
        log: exp(log S -/+ z se); log-log: exp(-exp(log(-log S) -/+ z se / log S));
        plain: S (1 -/+ z se). They are not truncated to [0, 1], as in relsurv. Where se = 0
        the interval is [S, S]; where log-log is undefined (S >= 1) it is NaN, with a warning.
    by: optional column; the estimate is computed within each of its values (relsurv's strata).
    Differences from relsurv: relsurv replaces zero hazards by 1e-9 for Ederer I and Hakulinen;
    this module uses the table as given. Where se = 0 relsurv's log-log interval is NaN (0/0)
    and here it is [S, S]; where the default fin_date comes from a death at a fractional time,
    relsurv's fin.date - year loses the last bits and adds a row, here that patient's potential
    follow-up is exactly its time.

    >>> import pandas as pd
    >>> rates = RateTable.from_frame(pd.DataFrame(
    ...     {"age": [0, 0], "sex": ["m", "f"], "hazard": [1e-4, 1e-4]}), value="hazard")
    >>> patients = pd.DataFrame({"time": [100, 200, 300], "status": [1, 0, 1],
    ...                          "age": [60, 70, 80], "sex": ["m", "f", "m"]})
    >>> net_survival(patients, rates, method="ederer2")[["time", "n_risk", "surv"]].round(4)
        time  n_risk    surv
    0  100.0       3  0.6767
    1  200.0       2  0.6834
    2  300.0       1  0.0068
    """
    return _net_survival(patients, rates, method=method, times=times, conf_level=conf_level,
                         conf_type=conf_type, fin_date=fin_date, by=by, curve=curve,
                         precision=precision, engine="fast", period=period)


def _net_survival_reference(patients, rates, *, method="pohar-perme", times=None,
                            conf_level=0.95, conf_type="log", fin_date=None, by=None,
                            curve="kaplan-meier", precision=1.0, period=None):
    """net_survival computed by the slow, step-by-step definitions (for tests and benchmarks)."""
    return _net_survival(patients, rates, method=method, times=times, conf_level=conf_level,
                         conf_type=conf_type, fin_date=fin_date, by=by, curve=curve,
                         precision=precision, engine="reference", period=period)
