"""A SIMULATED registry whose survival improves with the year of diagnosis, and the cohort,
complete, period and hybrid estimates of its recent 5-year net survival against the truth.

For the explainer's "How current is a survival figure?": a registry that reports 5-year survival
must use patients diagnosed at least 5 years ago (cohort approach), or all recent patients with
their incomplete follow-up (complete), or only the recent calendar years of follow-up of
everyone (period analysis, Brenner & Gefeller 1996), or recent follow-up of recent patients
(hybrid, Brenner & Rachet 2004). When treatment improves, the cohort figure lags behind. Nothing
here is a real patient.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import _option_number
from .cohort import _Cohort
from .estimators import net_survival
from .fast import _weight_crossing
from .rates import _EPOCH, RateTable

__all__ = ["APPROACHES", "SimulatedRegistry", "compare_approaches", "simulate_registry"]

#: the approaches compared by compare_approaches, in its order
APPROACHES = ("cohort", "complete", "period", "hybrid")
#: written on every table of simulated patients
SIMULATED = "SIMULATED registry, not real patients"


@dataclass(frozen=True)
class SimulatedRegistry:
    """Simulated patients and the truth behind them.

    patients: time (days), status, age (years), sex, diagnosed (date): one row per SIMULATED
        patient, followed to `closing` (31 December of last_year).
    Each patient's excess (cancer) hazard is constant after diagnosis and depends only on the
    calendar time of diagnosis y (fractional years):
        lambda_E(y) = excess_first * (excess_last / excess_first) ** ((y - first_year) /
                      (last_year + 1 - first_year))   per year,
    so the true net survival of a patient diagnosed at y is S_E(t | y) = exp(-lambda_E(y) t),
    t in years (true_net_survival).
    """

    patients: pd.DataFrame
    first_year: int
    last_year: int
    excess_first: float
    excess_last: float
    closing: pd.Timestamp
    label: str = SIMULATED

    def excess_hazard(self, diagnosed) -> np.ndarray:
        """lambda_E per year for diagnoses at these dates."""
        y = _fractional_year(diagnosed)
        share = (y - self.first_year) / (self.last_year + 1 - self.first_year)
        return self.excess_first * (self.excess_last / self.excess_first) ** share

    def true_net_survival(self, years: float, diagnosed) -> np.ndarray:
        """The true net survival `years` after diagnosis, for diagnoses at these dates."""
        return np.exp(-self.excess_hazard(diagnosed) * years)


def _fractional_year(diagnosed) -> np.ndarray:
    dates = pd.to_datetime(pd.Series(np.atleast_1d(np.asarray(diagnosed))))
    start = pd.to_datetime(dates.dt.year.astype(str) + "-01-01")
    length = np.where(dates.dt.is_leap_year, 366.0, 365.0)
    return (dates.dt.year + (dates - start).dt.days / length).to_numpy(dtype=float)


def simulate_registry(rates: RateTable, *, n: int = 20_000, first_year: int = 1995,
                      last_year: int = 2019, excess_first: float = 0.30,
                      excess_last: float = 0.08, child_share: float = 0.6,
                      seed: int = 2024) -> SimulatedRegistry:
    """SIMULATED patients diagnosed evenly over first_year..last_year (up to 30 December of
    last_year, so that everyone has at least a day of follow-up), followed to 31 December of
    last_year, whose excess hazard falls with the year of diagnosis (see SimulatedRegistry).

    Ages: a share child_share of children (uniform 0-20 years), the others uniform 20-85 (an
    assumption, like the rest of this simulation). Sex: 55% male (labels of the rate table's
    first two sexes, in its order). Each patient dies of the cancer at an exponential time of
    rate lambda_E(year of diagnosis), of other causes when the population hazard of the rate
    table, integrated exactly over its cells from the age and date of diagnosis, reaches a
    standard exponential draw; the earlier death counts, in whole days (at least 1), and
    everyone alive on the closing date is censored there.

    >>> rates = RateTable.from_frame(pd.DataFrame(
    ...     {"age": [0, 0], "sex": ["male", "female"], "hazard": [1e-4, 1e-4]}), value="hazard")
    >>> registry = simulate_registry(rates, n=1000, seed=1)
    >>> registry.patients.columns.tolist()
    ['time', 'status', 'age', 'sex', 'diagnosed']
    >>> registry.true_net_survival(5, ["1995-01-01", "2019-12-31"]).round(3)
    array([0.223, 0.67 ])
    """
    n = int(_option_number(n, "n", low=1, high=10_000_000))
    first_year = int(_option_number(first_year, "first_year", low=1900, high=2200))
    last_year = int(_option_number(last_year, "last_year", low=first_year, high=2200))
    excess_first = _option_number(excess_first, "excess_first", low=0, low_open=True, high=50)
    excess_last = _option_number(excess_last, "excess_last", low=0, low_open=True, high=50)
    child_share = _option_number(child_share, "child_share", low=0, high=1)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise TypeError(f"seed must be a whole number >= 0, not {seed!r}")
    if not isinstance(rates, RateTable):
        raise TypeError("rates must be a RateTable (see RateTable.from_frame)")
    if len(rates.sexes) < 2:
        raise ValueError("rates: the simulation draws two sexes; the table has one")
    rng = np.random.default_rng(seed)
    start = np.datetime64(f"{first_year}-01-01")
    closing = np.datetime64(f"{last_year}-12-31")
    span = int((closing - start).astype(np.int64))  # the last diagnosis is the day before
    diagnosed = start + rng.integers(0, span, n).astype("timedelta64[D]")
    child = rng.random(n) < child_share
    age = np.round(np.where(child, rng.uniform(0, 20, n), rng.uniform(20, 85, n)), 4)
    sex = np.where(rng.random(n) < 0.55, rates.sexes[0], rates.sexes[1])
    registry = SimulatedRegistry(pd.DataFrame(), first_year, last_year, excess_first,
                                 excess_last, pd.Timestamp(closing))
    cancer_years = rng.exponential(1.0, n) / registry.excess_hazard(diagnosed)
    potential = (closing - diagnosed).astype(np.int64).astype(float)
    draws = rng.exponential(1.0, n)
    days_since = (diagnosed - _EPOCH).astype(np.int64).astype(float)
    cohort = _Cohort(potential, np.zeros(n, np.int8), age * rates.days_per_year,
                     pd.Index(rates.sexes, dtype=object).get_indexer(sex).astype(np.intp),
                     days_since if rates.has_years else None, pd.RangeIndex(n))
    other_days = _weight_crossing(cohort, rates, np.arange(n), draws)
    death = np.minimum(cancer_years * rates.days_per_year, other_days)
    death_day = np.maximum(np.ceil(death), 1.0)
    status = (death_day <= potential).astype(np.int64)
    time = np.where(status == 1, death_day, potential)
    patients = pd.DataFrame({"time": time, "status": status, "age": age, "sex": sex,
                             "diagnosed": pd.to_datetime(diagnosed)})
    patients.attrs["label"] = SIMULATED
    return SimulatedRegistry(patients, first_year, last_year, excess_first, excess_last,
                             pd.Timestamp(closing))


def compare_approaches(registry: SimulatedRegistry, rates: RateTable, *, years: float = 5,
                       window: int = 5, method: str = "ederer2",
                       conf_level: float = 0.95) -> pd.DataFrame:
    """The `years`-year net survival of a registry closing on 31 December of year Y, four ways.

    With D = Y - years - window + 1 (Y = registry.last_year; years and window whole years):
        cohort    patients diagnosed D .. Y - years, all their follow-up (each could be followed
                  `years` years)
        complete  patients diagnosed D .. Y, all their (partly incomplete) follow-up
        period    every patient, follow-up in the calendar years Y - window + 1 .. Y only
                  (net_survival's period=, left-truncated)
        hybrid    patients diagnosed D .. Y, follow-up in Y - window + 1 .. Y only
    each by net_survival(method=...) read at `years` (as R's summary(fit, times=)).

    Returns one row per approach: approach, diagnosed_from, diagnosed_to, follow_up_from,
    follow_up_to (dates), patients (those with follow-up counted), estimate, lower, upper,
    truth_latest (the true net survival of patients diagnosed in the middle of year Y: the
    figure a reader wants), truth_own (the mean true net survival of the approach's own
    patients, what a cohort estimate targets) and label (SIMULATED).

    >>> rates = RateTable.from_frame(pd.DataFrame(
    ...     {"age": [0, 0], "sex": ["male", "female"], "hazard": [1e-4, 1e-4]}), value="hazard")
    >>> registry = simulate_registry(rates, n=4000, seed=3)
    >>> table = compare_approaches(registry, rates)
    >>> table.approach.tolist()
    ['cohort', 'complete', 'period', 'hybrid']
    >>> bool(table.set_index("approach").truth_latest.nunique() == 1)
    True
    """
    if not isinstance(registry, SimulatedRegistry):
        raise TypeError("registry must come from simulate_registry")
    years = _option_number(years, "years", low=1, high=50)
    window = _option_number(window, "window", low=1, high=50)
    if years != math.floor(years) or window != math.floor(window):
        raise ValueError("years and window must be whole years")
    years, window = int(years), int(window)
    last = registry.last_year
    first_diagnosed = last - years - window + 1
    if first_diagnosed < registry.first_year:
        raise ValueError(f"years + window = {years + window} reach back to {first_diagnosed}, "
                         f"before the registry's first year {registry.first_year}")
    patients = registry.patients
    day = lambda year, end=False: pd.Timestamp(f"{year}-12-31" if end else f"{year}-01-01")  # noqa: E731
    plans = {
        "cohort": (first_diagnosed, last - years, None),
        "complete": (first_diagnosed, last, None),
        "period": (registry.first_year, last, (day(last - window + 1), day(last, True))),
        "hybrid": (first_diagnosed, last, (day(last - window + 1), day(last, True))),
    }
    at = years * rates.days_per_year
    truth_latest = float(registry.true_net_survival(years, [f"{last}-07-02"])[0])
    rows = []
    for approach, (from_year, to_year, period) in plans.items():
        chosen = patients[(patients.diagnosed >= day(from_year))
                          & (patients.diagnosed <= day(to_year, True))]
        result = net_survival(chosen, rates, method=method, times=[at], period=period,
                              conf_level=conf_level)
        counted = len(chosen) - result.attrs.get("outside_period", 0)
        rows.append({
            "approach": approach, "diagnosed_from": day(from_year),
            "diagnosed_to": day(to_year, True),
            "follow_up_from": period[0] if period else day(from_year),
            "follow_up_to": period[1] if period else registry.closing,
            "patients": counted, "estimate": float(result.surv.iloc[0]),
            "lower": float(result.lower.iloc[0]), "upper": float(result.upper.iloc[0]),
            "truth_latest": truth_latest,
            "truth_own": float(registry.true_net_survival(years, chosen.diagnosed).mean()),
            "label": SIMULATED,
        })
    return pd.DataFrame(rows)
