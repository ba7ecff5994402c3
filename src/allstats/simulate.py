"""Simulated cohorts of patients with ALL: how registries go from follow-up to a survival rate.

Everything here is SIMULATED: no row is a real patient. A cohort is built from

* **ages at diagnosis** drawn from the age pattern in ``data/``:
  - under age 20: the MMWR age-specific incidence rates (``pediatric_incidence``, per 1,000,000
    per year, groups <1, 1–4, 5–9, 10–14, 15–19). A group's weight is its rate times its number
    of single years of age, which assumes as many children at each single year of age (roughly
    true of the US population under 20). Within a group, ages are uniform.
  - age 20 and older: ``data/`` holds **no** age-specific rates for adults. The adult pattern is
    an ASSUMPTION, stated as such: ages 20 (the survival row's lower age) to ``ADULT_AGE_LIMIT``
    - 1, the same weight at every age until the age after which the risk rises (figure
    ``risk-rises-after-50``), then a weight rising in a straight line to ``ADULT_WEIGHT_AT_LIMIT``
    times that at the oldest age. Its qualitative basis: the Cancer.Net sentences that the risk
    "rises again after age 50" and that adults "older than 50 are more likely to develop ALL"
    (``more-likely-over-50``).
* **sex** drawn with the share of men and boys among the ACS new cases of the survival edition's
  year (``acs_estimates``, 2023 for the 02/2023 Cancer.Net edition).
* **death times** from two competing hazards, drawn independently (common random numbers: the
  same draws serve every value of the excess hazard and every age, so results change smoothly):
  - other causes: the US 2019 life table of the patient's sex (:meth:`RateTable.us_2019`), with
    the hazard mu_s(x) = -ln(1 - q_s(floor x)) per year at attained age x (the "100 and over" row
    has q = 1, replaced by 0.999 as relsurv does). Its integral H_s(x) is piecewise linear in x,
    so the time t_P at which a patient aged a reaches a standard exponential draw E_P,
        H_s(a + t_P) - H_s(a) = E_P,   t_P = H_s^-1(H_s(a) + E_P) - a,
    is exact (the inverse of a piecewise-linear function).
  - the cancer: a constant excess hazard lambda_E per year, t_E = E_E / lambda_E (another standard
    exponential draw E_E; no excess deaths when lambda_E = 0).
  The patient dies at min(t_P, t_E), recorded in whole days: ceil(t x days_per_year), at least 1.
* **censoring**: diagnoses spread evenly (whole days) over ``ENTRY_YEARS`` years from
  ``STUDY_START``; follow-up closes ``MIN_FOLLOW_UP_YEARS`` years after the last possible diagnosis,
  so potential follow-up runs from about 5 to 15 years and everyone alive then is censored.

The excess hazard of each cohort is chosen by bisection (:func:`calibrate_excess_hazard`) so that
the cohort's 5-year relative survival (Ederer II, as registries compute it) lands on the published
figure read from ``survival_by_age`` (the 02/2023 Cancer.Net edition: age 20 and older, under age
20). For the explorer, :func:`curve_grid` computes observed, expected and relative survival for a
grid of ages and excess hazards from one set of draws.

What the simulation reads from ``data/`` comes through the data layer: the guide's figures from
:mod:`allstats.survival`, the share of men and boys from :mod:`allstats.series`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from . import catalogue as ids
from .netsurv import DAYS_PER_YEAR, RateTable, kaplan_meier, net_survival
from .netsurv.estimators import _kaplan_meier
from .data import load
from .series import male_share
from .survival import GUIDE_GROUPS, guide_figure, horizon_years
from .text import figure, source_line

__all__ = [
    "SIMULATED_LABEL", "GROUPS", "SEED", "COHORT_SIZE", "ADULT_AGE_LIMIT", "ADULT_WEIGHT_AT_LIMIT",
    "ENTRY_YEARS", "MIN_FOLLOW_UP_YEARS", "STUDY_START", "CAUSES",
    "age_pattern", "draw_ages",
    "LifeTableHazard", "CohortDraws", "draw_cohort", "draw_cohort_at_ages", "follow_up",
    "truncate_follow_up", "Calibration", "relative_survival_at", "calibrate_excess_hazard",
    "constant_excess_hazard", "expected_survival", "true_net_survival",
    "survival_curves", "estimator_curves", "values_at", "CurveGrid", "curve_grid", "curves_at",
    "SimulatedCohort", "simulated_cohort", "source_rows", "simulated_source",
]

#: written on every chart and table of simulated patients
SIMULATED_LABEL = "SIMULATED cohort, not real patients"

#: the two cohorts, each tuned to the guide's 5-year figure for its age group
#: (:func:`allstats.survival.guide_figure`)
GROUPS = tuple(GUIDE_GROUPS)

#: fixed seed of every simulation (numpy's default_rng; each cohort adds its own stream number)
SEED = 2023
#: patients per simulated cohort
COHORT_SIZE = 3000

# Assumptions of the simulation: choices made here, not statistics from a source.
#: adults are drawn aged 20 to ADULT_AGE_LIMIT - 1 (an assumption: no adult age pattern in data/)
ADULT_AGE_LIMIT = 85
#: weight of the oldest adult age relative to the ages before the risk rises (an assumption)
ADULT_WEIGHT_AT_LIMIT = 2.0
#: diagnoses spread evenly over this many years
ENTRY_YEARS = 10
#: follow-up closes this many years after the last possible diagnosis
MIN_FOLLOW_UP_YEARS = 5
#: first day of diagnosis (the calendar only matters for Hakulinen's method)
STUDY_START = np.datetime64("2005-01-01")

#: what the simulation knows and a registry does not: why each follow-up ended
CAUSES = ("died of the cancer (excess)", "died of other causes", "alive at last follow-up")

_STREAMS = {"adults": 1, "children": 2}


# --------------------------------------------------------------------------------------------
# What the simulation reads from data/
# --------------------------------------------------------------------------------------------


def age_pattern(group: str, data_dir=None) -> pd.DataFrame:
    """Age groups at diagnosis and their weights (summing to 1) for a cohort.

    Columns: age_low, age_high (whole years, inclusive), weight, basis, source_id.

    children: one row per MMWR age group (``pediatric_incidence``, group_type "age"), weight
        proportional to rate_per_million x (age_high - age_low + 1), basis "MMWR rates".
    adults: one row per single year of age from the survival row's lower age (20) to
        ADULT_AGE_LIMIT - 1, basis "assumption": weight 1 up to the age of figure
        ``risk-rises-after-50`` (included), then 1 + (ADULT_WEIGHT_AT_LIMIT - 1) x (age - rise)
        / (oldest - rise), before normalising. source_id names the row the rise age comes from.
    """
    target = guide_figure(group, data_dir)
    if group == "children":
        rows = load("pediatric_incidence", data_dir)
        rows = rows[rows["group_type"] == "age"].sort_values("age_low")
        low = rows["age_low"].to_numpy(dtype=int)
        high = rows["age_high"].to_numpy(dtype=int)
        if low[0] != target["age_low"] or high[-1] != target["age_high"]:
            raise ValueError("the MMWR age groups do not span the survival row's ages")
        weight = rows["rate_per_million"].to_numpy(dtype=float) * (high - low + 1)
        basis, source = "MMWR rates", rows["source_id"].to_numpy(dtype=object)
    else:
        rise_row = figure(ids.RISK_RISES_AFTER, data_dir)
        rise = int(rise_row["value"])
        low = np.arange(int(target["age_low"]), ADULT_AGE_LIMIT)
        high = low.copy()
        oldest = ADULT_AGE_LIMIT - 1
        weight = np.where(low <= rise, 1.0,
                          1.0 + (ADULT_WEIGHT_AT_LIMIT - 1.0) * (low - rise) / (oldest - rise))
        basis, source = "assumption", rise_row["source_id"]
    return pd.DataFrame({"age_low": low, "age_high": high, "weight": weight / weight.sum(),
                         "basis": basis, "source_id": source})


def source_rows(groups=("adults", "children"), data_dir=None) -> pd.DataFrame:
    """The data rows a simulation of ``groups`` reads (for the source line under a chart):
    each target row, the ACS new cases by sex of its edition year, the age pattern's rows
    (MMWR rates for children, the rise-age figure for adults) and the US 2019 life table."""

    frames = []
    estimates = load("acs_estimates", data_dir)
    for group in groups:
        target = guide_figure(group, data_dir)
        frames.append(pd.DataFrame([target]))
        frames.append(estimates[(estimates["year"] == target["edition_year"])
                                & (estimates["measure"] == "new_cases")])
        if group == "children":
            rows = load("pediatric_incidence", data_dir)
            frames.append(rows[rows["group_type"] == "age"])
        else:
            frames.append(pd.DataFrame([figure(ids.RISK_RISES_AFTER, data_dir)]))
    frames.append(load("us_life_tables_2019", data_dir))
    columns = ["source_id", "verification"]
    return pd.concat([f[columns] for f in frames], ignore_index=True)


def simulated_source(groups=("adults", "children"), data_dir=None) -> str:
    """The source line of a chart of simulated patients: the sources of the rows the simulation
    reads (:func:`source_rows`), then that the patients are simulated."""

    rows = source_rows(groups, data_dir)
    secondary = " Some inputs are from secondary sources." if (
        rows["verification"] == "secondary").any() else ""
    return (f"{source_line(rows, data_dir)}. {SIMULATED_LABEL}: drawn with a fixed seed from "
            f"these figures and the assumptions stated in the notebook.{secondary}")


def draw_ages(pattern: pd.DataFrame, n: int, rng: np.random.Generator) -> np.ndarray:
    """n ages (years, fractional): a group by weight, then uniform in [age_low, age_high + 1)."""
    group = rng.choice(len(pattern), size=n, p=pattern["weight"].to_numpy(dtype=float))
    low = pattern["age_low"].to_numpy(dtype=float)
    width = pattern["age_high"].to_numpy(dtype=float) + 1 - low
    return low[group] + rng.random(n) * width[group]


# --------------------------------------------------------------------------------------------
# The population hazard of a life table, integrated and inverted exactly
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class LifeTableHazard:
    """H_s(x) = integral from 0 to x of the rate table's hazard, per sex, x in years of age.

    The hazard is constant within each age row (the rate table's daily hazard times
    days_per_year per year of age) and the last row's hazard continues for ever, as in netsurv.
    """

    sexes: tuple
    knots: np.ndarray        # ages (years) where the slope changes, plus a far end
    cumulative: np.ndarray   # H_s at the knots, shape (sexes, knots)
    days_per_year: float

    @classmethod
    def from_rates(cls, rates: RateTable) -> LifeTableHazard:
        if rates.has_years:
            raise ValueError("the simulation uses a period table: give a rate table without years")
        ages = np.asarray(rates.ages, dtype=float)
        if ages[0] != 0:
            raise ValueError("the rate table must start at age 0")
        yearly = rates.hazard[:, :, 0] * rates.days_per_year       # per year of age
        # the last row goes on for ever: far enough that no draw ever reaches the end
        knots = np.append(ages, ages[-1] + 10_000.0)
        widths = np.diff(knots)
        cumulative = np.concatenate([np.zeros((len(rates.sexes), 1)),
                                     np.cumsum(yearly * widths, axis=1)], axis=1)
        return cls(tuple(rates.sexes), knots, cumulative, rates.days_per_year)

    def _index(self, sex) -> np.ndarray:
        index = pd.Index(self.sexes, dtype=object).get_indexer(np.asarray(sex, dtype=object))
        if np.any(index < 0):
            raise ValueError(f"sex must be one of {list(self.sexes)}")
        return index

    def at(self, sex, age) -> np.ndarray:
        """H_s(age) for each patient."""
        sex_index, age = self._index(np.atleast_1d(sex)), np.atleast_1d(np.asarray(age, float))
        sex_index = np.broadcast_to(sex_index, age.shape)
        out = np.empty(age.shape)
        for s in np.unique(sex_index):
            mine = sex_index == s
            out[mine] = np.interp(age[mine], self.knots, self.cumulative[s])
        return out

    def age_reached(self, sex, cumulative) -> np.ndarray:
        """The age x with H_s(x) = cumulative (H_s is strictly increasing)."""
        sex_index = self._index(np.atleast_1d(sex))
        cumulative = np.atleast_1d(np.asarray(cumulative, float))
        out = np.empty(cumulative.shape)
        for s in np.unique(sex_index):
            mine = sex_index == s
            out[mine] = np.interp(cumulative[mine], self.cumulative[s], self.knots)
        return out

    def survival(self, sex, age, years) -> np.ndarray:
        """S_P(t) = exp(-(H_s(age + t) - H_s(age))): rows patients, columns the times (years)."""
        sex_index = self._index(np.atleast_1d(sex))
        age = np.atleast_1d(np.asarray(age, float))
        years = np.atleast_1d(np.asarray(years, float))
        out = np.empty((len(age), len(years)))
        for s in np.unique(sex_index):
            mine = sex_index == s
            start = np.interp(age[mine], self.knots, self.cumulative[s])
            later = np.interp(age[mine, None] + years[None, :], self.knots, self.cumulative[s])
            out[mine] = np.exp(-(later - start[:, None]))
        return out


# --------------------------------------------------------------------------------------------
# Draws and follow-up
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CohortDraws:
    """The random numbers behind a simulated cohort; reuse them to change one thing at a time.

    age: years at diagnosis; sex: labels of the rate table; entry_day: day of diagnosis after
    STUDY_START; population_draw, excess_draw: standard exponential draws E_P and E_E (the
    cumulative hazards at which the patient would die of other causes, of the cancer).
    """

    age: np.ndarray
    sex: np.ndarray
    entry_day: np.ndarray
    population_draw: np.ndarray
    excess_draw: np.ndarray

    def __len__(self) -> int:
        return len(self.age)

    def with_ages(self, age) -> CohortDraws:
        """The same patients and draws at other ages at diagnosis."""
        age = np.asarray(age, dtype=float)
        if age.shape != self.age.shape:
            raise ValueError("one age per patient")
        return replace(self, age=age)


def _draws(age: np.ndarray, male: float, rng: np.random.Generator) -> CohortDraws:
    n = len(age)
    sex = np.where(rng.random(n) < male, "male", "female").astype(object)
    window = int(math.floor(ENTRY_YEARS * DAYS_PER_YEAR))
    entry = rng.integers(0, window, n)
    return CohortDraws(age, sex, entry, rng.standard_exponential(n), rng.standard_exponential(n))


def draw_cohort(group: str, n: int = COHORT_SIZE, *, seed: int = SEED,
                data_dir=None) -> CohortDraws:
    """The draws of a cohort of ``group`` ('adults' or 'children'): ages from :func:`age_pattern`,
    sex from :func:`male_share` of the target row's edition year. Same seed, same cohort."""
    target = guide_figure(group, data_dir)
    rng = np.random.default_rng([seed, _STREAMS[group]])
    age = draw_ages(age_pattern(group, data_dir), n, rng)
    return _draws(age, male_share(int(target["edition_year"]), data_dir=data_dir), rng)


def draw_cohort_at_ages(age_low: float, width: float, n: int = COHORT_SIZE, *, seed: int = SEED,
                        male: float | None = None, data_dir=None) -> CohortDraws:
    """A cohort aged uniformly in [age_low, age_low + width), sex split as the adult cohort.

    The draws do not depend on age_low: cohorts of different ages share their random numbers
    (common random numbers), so their curves differ only because of age.
    """
    if male is None:
        male = male_share(int(guide_figure("adults", data_dir)["edition_year"]), data_dir=data_dir)
    rng = np.random.default_rng([seed, 0])
    offset = rng.random(n) * width
    return _draws(age_low + offset, male, rng)


def _close_day(days_per_year: float) -> int:
    """Day (after STUDY_START) on which follow-up closes."""
    return int(math.ceil((ENTRY_YEARS + MIN_FOLLOW_UP_YEARS) * days_per_year))


def _population_years(draws: CohortDraws, hazard: LifeTableHazard) -> np.ndarray:
    """t_P = H_s^-1(H_s(a) + E_P) - a, in years."""
    start = hazard.at(draws.sex, draws.age)
    return hazard.age_reached(draws.sex, start + draws.population_draw) - draws.age


def _excess_years(draws: CohortDraws, excess_hazard) -> np.ndarray:
    """t_E = E_E / lambda_E in years (infinite where lambda_E = 0)."""
    lam = np.broadcast_to(np.asarray(excess_hazard, dtype=float), draws.age.shape)
    if np.any(lam < 0) or not np.all(np.isfinite(lam)):
        raise ValueError("the excess hazard must be finite and >= 0 (per year)")
    with np.errstate(divide="ignore"):
        return np.where(lam > 0, draws.excess_draw / np.where(lam > 0, lam, 1.0), np.inf)


def _outcome(population_years, excess_years, entry_day, days_per_year):
    """Follow-up days, status and cause index from the two death times and the entry day."""
    years = np.minimum(population_years, excess_years)
    with np.errstate(invalid="ignore", over="ignore"):
        death_day = np.maximum(np.ceil(years * days_per_year), 1.0)
    potential = _close_day(days_per_year) - entry_day
    died = death_day <= potential
    time = np.where(died, death_day, potential).astype(np.int64)
    cause = np.where(~died, 2, np.where(excess_years < population_years, 0, 1))
    return time, died.astype(np.int64), cause


def follow_up(draws: CohortDraws, excess_hazard, rates: RateTable) -> pd.DataFrame:
    """The simulated patients: one row each, in netsurv's units.

    excess_hazard: lambda_E per year (a number, or one per patient).
    Columns: age (years), sex, diagnosed (date), time (days, whole), status (1 died, 0 censored),
    simulated_cause (one of CAUSES: known only because this is a simulation).
    """
    hazard = LifeTableHazard.from_rates(rates)
    time, status, cause = _outcome(_population_years(draws, hazard),
                                   _excess_years(draws, excess_hazard), draws.entry_day,
                                   rates.days_per_year)
    frame = pd.DataFrame({
        "age": draws.age,
        "sex": draws.sex,
        "diagnosed": STUDY_START + draws.entry_day.astype("timedelta64[D]"),
        "time": time,
        "status": status,
        "simulated_cause": np.asarray(CAUSES, dtype=object)[cause],
    })
    frame.index.name = "patient"
    return frame


def truncate_follow_up(patients: pd.DataFrame, days: float) -> pd.DataFrame:
    """Follow-up stopped at ``days``: later deaths and censorings become censorings at ``days``.

    Every estimate at times strictly before ``days`` is unchanged (the risk sets, deaths and
    crude intervals before then are the same), and the estimators run faster on the shorter
    follow-up. At ``days`` itself Ederer II and Pohar Perme may differ: the new censorings there
    end a crude interval, over which the population hazard is subtracted.
    """
    later = patients["time"] > days
    out = patients.copy()
    out.loc[later, "time"] = days
    out.loc[later, "status"] = 0
    return out


# --------------------------------------------------------------------------------------------
# Choosing the excess hazard: bisection on the 5-year relative survival
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Calibration:
    """The excess hazard found for a cohort and the 5-year relative survival it gives."""

    excess_hazard: float    # lambda_E per year
    achieved: float         # percent: the cohort's relative survival at the horizon
    target: float           # percent: the published figure (from data/)
    horizon_years: float
    method: str
    iterations: int
    tolerance: float        # the bracket width at which the bisection stopped (per year)


def relative_survival_at(patients: pd.DataFrame, rates: RateTable, years: float, *,
                         method: str = "ederer2") -> float:
    """A cohort's relative survival (fraction) at ``years``, by netsurv's ``method``."""
    days = years * rates.days_per_year
    short = truncate_follow_up(patients, math.floor(days) + 1)   # cut strictly after `days`
    return float(net_survival(short, rates, method=method, times=[days])["surv"].iloc[0])


def calibrate_excess_hazard(draws: CohortDraws, rates: RateTable, target_percent: float, *,
                            horizon: float, method: str = "ederer2", upper: float = 5.0,
                            tolerance: float = 1e-4, max_iterations: int = 60) -> Calibration:
    """The constant excess hazard lambda_E (per year) whose cohort has ``target_percent``
    relative survival at ``horizon`` years, by bisection (no scipy).

    f(lambda) = R(lambda) - target, with R the relative survival (netsurv ``method``) of the cohort
    followed up with excess hazard lambda from the same draws. R falls as lambda grows (more
    excess deaths, earlier), so: start from [0, upper] with R(0) >= target > R(upper); halve the
    bracket, keeping the half where f changes sign, until it is narrower than ``tolerance``.
    Returns the midpoint of the last bracket and R there.
    """
    target = target_percent / 100.0

    def relative(lam):
        return relative_survival_at(follow_up(draws, lam, rates), rates, horizon, method=method)

    lo, hi = 0.0, float(upper)
    if relative(lo) < target:
        raise ValueError(f"even with no excess hazard the cohort's relative survival is below "
                         f"{target_percent}%")
    if relative(hi) >= target:
        raise ValueError(f"an excess hazard of {upper} per year still leaves {target_percent}%: "
                         "raise `upper`")
    iterations = 0
    while hi - lo > tolerance:
        if iterations >= max_iterations:
            raise RuntimeError("the bisection did not converge")
        mid = (lo + hi) / 2
        if relative(mid) >= target:
            lo = mid
        else:
            hi = mid
        iterations += 1
    lam = (lo + hi) / 2
    return Calibration(lam, 100 * relative(lam), float(target_percent), float(horizon), method,
                       iterations, hi - lo)


def constant_excess_hazard(percent: float, years: float) -> float:
    """The constant excess hazard whose net survival exp(-lambda t) is ``percent`` at ``years``:
    lambda = -ln(percent / 100) / years."""
    if not 0 < percent <= 100:
        raise ValueError("percent must be in (0, 100]")
    return -math.log(percent / 100.0) / years


# --------------------------------------------------------------------------------------------
# Curves
# --------------------------------------------------------------------------------------------


def expected_survival(patients: pd.DataFrame, rates: RateTable, years) -> np.ndarray:
    """Ederer I expected survival at ``years``: the mean over ALL patients of S_Pi(t),
    integrated exactly (the expected survival of a comparable group of the same ages and sexes
    without the cancer, everyone followed to the end)."""
    hazard = LifeTableHazard.from_rates(rates)
    return hazard.survival(patients["sex"].to_numpy(dtype=object),
                           patients["age"].to_numpy(dtype=float), years).mean(axis=0)


def true_net_survival(excess_hazard, years) -> np.ndarray:
    """What a simulation knows and a registry must estimate: net survival
    S_N(t) = mean over patients of exp(-lambda_E,i t) (lambda_E a number or one per patient)."""
    lam = np.atleast_1d(np.asarray(excess_hazard, dtype=float))
    years = np.atleast_1d(np.asarray(years, dtype=float))
    # patients share a few hazards: average over the distinct ones, weighted by how many have each
    hazards, counts = np.unique(lam, return_counts=True)
    return (counts[:, None] * np.exp(-hazards[:, None] * years[None, :])).sum(axis=0) / lam.size


def survival_curves(patients: pd.DataFrame, rates: RateTable, *,
                    method: str = "ederer2") -> pd.DataFrame:
    """Observed, expected and relative survival at every follow-up time of a cohort.

    Columns: time (days), years (time / days_per_year), observed (Kaplan–Meier), expected
    (Ederer I, :func:`expected_survival`), relative (:func:`netsurv.net_survival` with
    ``method``). Row 0 is time 0 (all 1). Fractions, not percentages.
    """
    relative = net_survival(patients, rates, method=method)
    time = np.concatenate([[0.0], relative["time"].to_numpy(dtype=float)])
    years = time / rates.days_per_year
    return pd.DataFrame({
        "time": time,
        "years": years,
        "observed": kaplan_meier(patients["time"], patients["status"], time),
        "expected": expected_survival(patients, rates, years),
        "relative": np.concatenate([[1.0], relative["surv"].to_numpy(dtype=float)]),
    })


def estimator_curves(patients: pd.DataFrame, rates: RateTable, excess_hazard) -> pd.DataFrame:
    """Ederer II and Pohar Perme of a cohort on one time axis, with the true net survival.

    Columns: time (days), years, ederer2, pohar_perme, true_net (from the simulation's excess
    hazard, a number or one per patient). Both estimators are read off their step functions at
    every follow-up time (netsurv ``times=``).
    """
    times = np.unique(patients["time"].to_numpy(dtype=float))
    e2 = net_survival(patients, rates, method="ederer2", times=times)
    pp = net_survival(patients, rates, method="pohar-perme", times=times)
    time = np.concatenate([[0.0], times])
    years = time / rates.days_per_year
    lam = np.broadcast_to(np.asarray(excess_hazard, float), (len(patients),))
    return pd.DataFrame({
        "time": time, "years": years,
        "ederer2": np.concatenate([[1.0], e2["surv"].to_numpy(dtype=float)]),
        "pohar_perme": np.concatenate([[1.0], pp["surv"].to_numpy(dtype=float)]),
        "true_net": true_net_survival(lam, years),
    })


def values_at(curves: pd.DataFrame, years: float) -> dict[str, float]:
    """Every survival column of ``curves`` read at ``years`` off its step function: the row of
    the last follow-up time at or before ``years`` (as netsurv's ``times=`` does)."""
    row = int(np.searchsorted(curves["years"].to_numpy(dtype=float), years, side="right")) - 1
    if row < 0:
        raise ValueError(f"no follow-up time at or before {years} years")
    return {column: float(curves[column].iloc[row]) for column in curves.columns
            if column not in ("time", "years")}


@dataclass(frozen=True, eq=False)
class CurveGrid:
    """Observed, expected and relative survival for every age x excess hazard of the explorer.

    observed[i, j, k]: Kaplan–Meier at years[k] of the cohort aged ages[i] to ages[i] + width
    with excess hazard excess_hazards[j]; expected[i, k]: its Ederer I expected survival;
    relative = observed / expected (relative survival as the ratio of the two curves).
    """

    ages: np.ndarray
    excess_hazards: np.ndarray
    years: np.ndarray
    width: float
    observed: np.ndarray
    expected: np.ndarray

    @property
    def relative(self) -> np.ndarray:
        return self.observed / self.expected[:, None, :]

    def index(self, age: float, excess_hazard: float) -> tuple[int, int]:
        """Grid position of (age, excess hazard); KeyError if either is not on the grid."""
        i = np.flatnonzero(np.isclose(self.ages, age, rtol=0, atol=1e-9))
        j = np.flatnonzero(np.isclose(self.excess_hazards, excess_hazard, rtol=0, atol=1e-9))
        if len(i) != 1 or len(j) != 1:
            raise KeyError(f"({age}, {excess_hazard}) is not on the grid")
        return int(i[0]), int(j[0])

    def at(self, age: float, excess_hazard: float) -> dict[str, np.ndarray]:
        i, j = self.index(age, excess_hazard)
        return {"years": self.years, "observed": self.observed[i, j],
                "expected": self.expected[i], "relative": self.observed[i, j] / self.expected[i]}


def curve_grid(ages, excess_hazards, years, *, width: float = 5.0, n: int = 2000,
               seed: int = SEED, rates: RateTable | None = None, data_dir=None) -> CurveGrid:
    """Compute a :class:`CurveGrid` from one set of draws (:func:`draw_cohort_at_ages`).

    Each age shares the draws (only the ages move), and each excess hazard shares them too, so
    neighbouring positions differ only by what changed. Cost: one Kaplan–Meier per position.
    """
    rates = RateTable.us_2019(data_dir) if rates is None else rates
    ages = np.asarray(ages, dtype=float)
    excess_hazards = np.asarray(excess_hazards, dtype=float)
    years = np.asarray(years, dtype=float)
    base = draw_cohort_at_ages(0.0, width, n, seed=seed, data_dir=data_dir)
    hazard = LifeTableHazard.from_rates(rates)
    days = years * rates.days_per_year
    observed = np.empty((len(ages), len(excess_hazards), len(years)))
    expected = np.empty((len(ages), len(years)))
    for i, age in enumerate(ages):
        draws = base.with_ages(base.age + age)
        population = _population_years(draws, hazard)
        expected[i] = hazard.survival(draws.sex, draws.age, years).mean(axis=0)
        for j, lam in enumerate(excess_hazards):
            time, status, _ = _outcome(population, _excess_years(draws, lam), draws.entry_day,
                                       rates.days_per_year)
            # checked arrays made here: the core of kaplan_meier, without its input checks
            observed[i, j] = _kaplan_meier(np.asarray(time, dtype=float),
                                           np.asarray(status, dtype=float), days)
    return CurveGrid(ages, excess_hazards, years, float(width), observed, expected)


def curves_at(age: float, excess_hazard: float, years, *, width: float = 5.0, n: int = 2000,
              seed: int = SEED, rates: RateTable | None = None, data_dir=None) -> dict:
    """One position of :func:`curve_grid`, computed on its own through :func:`follow_up`,
    :func:`allstats.netsurv.kaplan_meier` and :func:`expected_survival` (the explorer's tests compare the two)."""
    rates = RateTable.us_2019(data_dir) if rates is None else rates
    years = np.asarray(years, dtype=float)
    draws = draw_cohort_at_ages(age, width, n, seed=seed, data_dir=data_dir)
    patients = follow_up(draws, excess_hazard, rates)
    observed = kaplan_meier(patients["time"], patients["status"], years * rates.days_per_year)
    expected = expected_survival(patients, rates, years)
    return {"years": years, "observed": observed, "expected": expected,
            "relative": observed / expected}


# --------------------------------------------------------------------------------------------
# The two cohorts of the notebook, and a life table to read
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SimulatedCohort:
    """A simulated cohort tuned to a published figure: its draws, patients and calibration."""

    group: str
    target: pd.Series          # the survival_by_age row
    draws: CohortDraws
    calibration: Calibration
    patients: pd.DataFrame

    @property
    def label(self) -> str:
        """The target row's own words for the group, e.g. 'age 20 and older'."""
        return str(self.target["group"])


def simulated_cohort(group: str, *, n: int = COHORT_SIZE, seed: int = SEED,
                     rates: RateTable | None = None, method: str = "ederer2",
                     data_dir=None) -> SimulatedCohort:
    """Draw a cohort of ``group`` and choose its excess hazard so that its relative survival at
    the published horizon lands on the published figure (:func:`calibrate_excess_hazard`)."""
    rates = RateTable.us_2019(data_dir) if rates is None else rates
    target = guide_figure(group, data_dir)
    draws = draw_cohort(group, n, seed=seed, data_dir=data_dir)
    calibration = calibrate_excess_hazard(draws, rates, float(target["percent"]),
                                          horizon=horizon_years(data_dir), method=method)
    return SimulatedCohort(group, target, draws, calibration,
                           follow_up(draws, calibration.excess_hazard, rates))
