"""The slow literal reference engine: the definitions step by step (for tests and benchmarks)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .cohort import _Cohort, _IntervalSums, _reference_lookup
from .rates import RateTable, _cell_index


def _reference_daily_grid_sums(cohort: _Cohort, rates: RateTable, times: np.ndarray,
                               precision: float = 1.0) -> _IntervalSums:
    """The daily-grid definition, step by step (relsurv's netfastpinter2, vectorised over patients).

    For every crude interval (t_{j-1}, t_j] and every fine step [u, u + h) inside it, the hazard
    of each patient not yet exited (time_i >= t_j) is read at the start u, and S_Pi is multiplied
    by exp(-h * lambda): S_Pi is the expected survival from diagnosis, also before a delayed
    entry. The sums run over the risk set R_j = {entry_i < t_j <= time_i}, each patient's terms
    multiplied by its individual weight w_i (1 by default). The Pohar Perme population term keeps
    running sums over the steps of the interval (relsurv's quirk). Slow: O(patients x steps).
    """
    n = len(cohort)
    w_all = np.ones(n) if cohort.weight is None else cohort.weight
    surv = np.ones(n)
    k = len(times)
    out = {name: np.zeros(k) for name in ("yidli", "dnisi", "dnisisq", "yisi", "yidlisiw")}
    at_risk = np.zeros(k, dtype=np.int64)
    deaths = np.zeros(k, dtype=np.int64)
    time = 0.0
    for j, t_j in enumerate(times):
        this_cell = t_j - time
        alive = np.flatnonzero(cohort.time >= t_j)
        in_risk = cohort.entry[alive] < t_j
        rows = alive[in_risk]
        w = w_all[rows]
        f_time = 0.0
        sums = np.zeros(4)  # lambda/S, lambda/S', 1/S, 1/S' (running over the interval)
        hazard = 0.0
        integral = 0.0
        while f_time < this_cell:
            h = precision
            if this_cell - f_time < h:
                h = this_cell - f_time
            lam_alive = _reference_lookup(rates, cohort, alive, time + f_time)
            s_alive = surv[alive]
            s_end_alive = s_alive * np.exp(-h * lam_alive)
            lam, s, s_end = lam_alive[in_risk], s_alive[in_risk], s_end_alive[in_risk]
            sums += [np.sum(w * lam / s), np.sum(w * lam / s_end), np.sum(w / s),
                     np.sum(w / s_end)]
            hazard += h * np.sum(w * lam)
            surv[alive] = s_end_alive
            integral += (sums[0] / sums[2] / 2 + sums[1] / sums[3] / 2) * h
            f_time += h
        dead = (cohort.time[rows] == t_j) & (cohort.status[rows] == 1)
        died, w_died = rows[dead], w[dead]
        at_risk[j] = len(rows)
        deaths[j] = len(died)
        out["yidli"][j] = hazard
        out["yisi"][j] = np.sum(w / surv[rows])
        out["dnisi"][j] = np.sum(w_died / surv[died])
        out["dnisisq"][j] = np.sum((w_died / surv[died]) ** 2)
        out["yidlisiw"][j] = integral
        time += this_cell
    with np.errstate(divide="ignore"):
        at_exit = -np.log(surv)
    return _IntervalSums(times, at_risk, deaths, out["yidli"], out["dnisi"], out["dnisisq"],
                         out["yisi"], out["yidlisiw"], at_exit)


def _reference_exact_hazard(rates: RateTable, cohort: _Cohort, begin: float, end: float):
    """Integral of each patient's hazard over (begin, end], walking cell by cell (like pystep)."""
    n = len(cohort)
    total = np.zeros(n)
    now = np.full(n, begin)
    rows = np.arange(n)
    for _ in range(100000):
        todo = now < end
        if not todo.any():
            return total
        r = rows[todo]
        age = cohort.age_days[r] + now[r]
        next_age = rates.age_cuts[np.minimum(_cell_index(rates.age_cuts, age) + 1,
                                             len(rates.age_cuts) - 1)]
        to_next = np.where(next_age > age, next_age - age, np.inf)
        if rates.has_years:
            year = cohort.diagnosed[r] + now[r]
            next_year = rates.year_cuts[np.minimum(_cell_index(rates.year_cuts, year) + 1,
                                                   len(rates.year_cuts) - 1)]
            to_next = np.minimum(to_next, np.where(next_year > year, next_year - year, np.inf))
        step = np.minimum(to_next, end - now[r])
        total[r] += step * _reference_lookup(rates, cohort, r, now[r])
        now[r] = now[r] + step
    raise RuntimeError("exact integration did not finish")


def _reference_exit_hazards(cohort: _Cohort, rates: RateTable) -> np.ndarray:
    """Lambda_Pi(time_i) for every patient, walking each patient's cells one by one."""
    out = np.empty(len(cohort))
    for i in range(len(cohort)):
        one = cohort.subset(np.array([i]))
        out[i] = _reference_exact_hazard(rates, one, 0.0, float(one.time[0]))[0]
    return out


def _reference_exact_sums(cohort: _Cohort, rates: RateTable, times: np.ndarray,
                          horizon: np.ndarray, sign: int = -1):
    """Sums over {i : horizon_i >= t_j} of w_ij = exp(sign * Lambda_Pi(t_j)) and of w_ij times
    the hazard integrated over (t_{j-1}, t_j], interval by interval (relsurv's netwei, cmpfast and
    netfastpinter walk the cells the same way). O(patients x times)."""
    log_s = np.zeros(len(cohort))  # -Lambda_Pi(t) so far
    weight_sum = np.zeros(len(times))
    weighted = np.zeros(len(times))
    previous = 0.0
    for j, t_j in enumerate(times):
        increment = _reference_exact_hazard(rates, cohort, previous, t_j)
        log_s = log_s - increment
        keep = horizon >= t_j
        w = np.exp(-sign * log_s[keep])
        weight_sum[j] = np.sum(w)
        weighted[j] = np.sum(increment[keep] * w)
        previous = t_j
    return weight_sum, weighted


def _reference_crude_sums(deaths, at_risk, hazard_sum):
    """cmp.rel's crude probabilities and variances with the O(K^2) double loop of relsurv's
    cmpfast.c, for checking crude.py's prefix sums."""
    k = len(at_risk)
    cancer, other, ve, vp = (np.zeros(k) for _ in range(4))
    so = np.ones(k)
    for j in range(k):
        d_o, d_p = deaths[j] / at_risk[j], hazard_sum[j] / at_risk[j]
        before = so[j - 1] if j > 0 else 1.0
        so[j] = before * (1 - d_o)
        cancer[j] = (cancer[j - 1] if j else 0.0) + before * (d_o - d_p)
        other[j] = (other[j - 1] if j else 0.0) + before * d_p
        for kt in range(j + 1):
            sigma = deaths[kt] / at_risk[kt] ** 2
            de, dp = cancer[j] - cancer[kt], other[j] - other[kt]
            # relsurv writes S^2 (1 - de / S)^2, NaN once S = 0; this is the same without 0/0
            ve[j] += (so[kt] - de) * (so[kt] - de) * sigma
            vp[j] += dp * dp * sigma
    return cancer, ve, other, vp


def _reference_life_table_counts(cohort: _Cohort, rates: RateTable, starts, ends):
    """life_table's n, d, w and p_star interval by interval, by direct cell lookup."""
    years = cohort.time / rates.days_per_year
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
    return pd.DataFrame(rows, columns=["start", "end", "n", "d", "w", "p_star"])
