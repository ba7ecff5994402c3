"""How current is a survival figure? A SIMULATED registry, read three ways.

Everything here is SIMULATED: no row is a real patient. The notebook "How current is a survival
figure?" (07) asks three questions of a simulated cancer registry, and this module answers each
with the registry estimators of :mod:`allstats.netsurv`:

1. **Why a published 5-year figure lags.** :func:`simulated_registry` draws patients diagnosed
   from ``FIRST_YEAR`` to ``LAST_YEAR`` whose excess (cancer) hazard falls with the calendar year
   of diagnosis (:func:`allstats.netsurv.simulate_registry`). :func:`approaches` reads its
   ``horizon``-year net survival by the cohort, complete and period approaches
   (:func:`allstats.netsurv.compare_approaches`, Ederer II) against the simulation's truth for
   people diagnosed in the registry's last year; :func:`matching_year` says whose survival each
   estimate actually describes, and :func:`truth_by_year` gives the truth for every year.
2. **Crude probabilities.** :func:`crude_grid` estimates, for each five-year band of ages at
   diagnosis and each whole year since diagnosis, the probability of having died of the cancer
   and of other causes (relsurv's cmp.rel, :func:`allstats.netsurv.crude_probabilities`);
   :func:`in_people` turns them into whole people out of 100 that add up to 100.
3. **Age mix and standardisation.** :func:`age_mix_comparison` builds two SIMULATED populations
   with the same excess hazard in each age class but different age mixes: their "all ages" net
   survival differs, their age-standardised net survival (ICSS weights, read from the standards
   package in ``data/standards/``) agrees.

The assumptions (the calendar trend of the excess hazard, the ages, the hazards by age class,
the two age mixes) are choices of the simulation, named as constants below; only the life
tables (NCHS, US 2019), the horizon of the guide's figures and the ICSS weights come from
``data/``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data import load
from .netsurv import (RateTable, SimulatedRegistry, compare_approaches, crude_probabilities,
                      icss_weights, net_survival, simulate_registry, standardised_net_survival)
from .netsurv.scenarios import SIMULATED
from .netsurv.standardised import standards_path
from .series import whole_people
from .survival import horizon_years
from .text import source_line

__all__ = [
    "SIMULATED_LABEL", "SEED", "REGISTRY_SIZE", "FIRST_YEAR", "LAST_YEAR", "EXCESS_FIRST",
    "EXCESS_LAST", "CHILD_SHARE", "CHILD_AGE_LIMIT", "ADULT_AGE_LIMIT", "PERIOD_WINDOW", "METHOD", "SHOWN_APPROACHES",
    "simulated_registry", "approaches", "approach_summary", "truth_by_year", "matching_year",
    "CRUDE_AGES", "CRUDE_AGE_WIDTH", "CRUDE_YEARS", "PEOPLE", "CrudeGrid", "crude_grid",
    "in_people",
    "STANDARD", "AGE_CLASS_HAZARDS", "AGE_MIXES", "POPULATION_SIZE", "AgeMixComparison",
    "age_mix_comparison", "standard_rows", "registry_source", "standard_source",
]

#: written on every chart, table and readout of this module's patients
SIMULATED_LABEL = SIMULATED
#: the simulation's fixed seed (numpy's default_rng)
SEED = 2024
#: SIMULATED patients in the registry
REGISTRY_SIZE = 20_000
# Assumptions of the simulation: choices made here, not statistics from a source.
#: the registry's first and last calendar years of diagnosis; follow-up closes on 31 December
#: of LAST_YEAR
FIRST_YEAR, LAST_YEAR = 1995, 2019
#: the excess hazard per year of people diagnosed at the start of FIRST_YEAR, and (approached
#: at the end of LAST_YEAR) of the latest diagnoses: survival improves steadily
EXCESS_FIRST, EXCESS_LAST = 0.30, 0.08
#: the share of children among the simulated patients
CHILD_SHARE = 0.6
#: the ages simulate_registry draws: children uniform from 0 to CHILD_AGE_LIMIT, adults from
#: CHILD_AGE_LIMIT to ADULT_AGE_LIMIT (years at diagnosis; tests check the drawn ages)
CHILD_AGE_LIMIT, ADULT_AGE_LIMIT = 20, 85
#: years of diagnosis in the cohort approach, and calendar years of follow-up in the period one
PERIOD_WINDOW = 5
#: the estimator of every net survival here (a registry standard; see notebook 06)
METHOD = "ederer2"
#: the approaches the notebook compares (compare_approaches also computes the hybrid one)
SHOWN_APPROACHES = ("cohort", "complete", "period")


def simulated_registry(rates: RateTable | None = None, *, data_dir=None) -> SimulatedRegistry:
    """The notebook's SIMULATED registry: :func:`allstats.netsurv.simulate_registry` with this
    module's constants and the US 2019 life tables of ``data/`` (unless ``rates`` is given)."""
    rates = RateTable.us_2019(data_dir) if rates is None else rates
    return simulate_registry(rates, n=REGISTRY_SIZE, first_year=FIRST_YEAR, last_year=LAST_YEAR,
                             excess_first=EXCESS_FIRST, excess_last=EXCESS_LAST,
                             child_share=CHILD_SHARE, seed=SEED)


def matching_year(registry: SimulatedRegistry, survival, years: float) -> np.ndarray:
    """The (fractional) calendar year of diagnosis whose true ``years``-year net survival is
    ``survival``: whose survival an estimate actually describes.

    With the registry's excess hazard lambda(y) = l_f (l_l / l_f) ** ((y - F) / (L + 1 - F))
    (F, L its first and last years, l_f, l_l its first and last hazards) and the true net
    survival S = exp(-lambda(y) t), the year is
        y = F + (L + 1 - F) ln(lambda_S / l_f) / ln(l_l / l_f),   lambda_S = -ln(S) / t.
    Outside the registry's years when S is beyond its range; ValueError unless 0 < S < 1.

    >>> reg = SimulatedRegistry(pd.DataFrame(), 2000, 2009, 0.4, 0.1, pd.Timestamp("2009-12-31"))
    >>> float(matching_year(reg, np.exp(-0.4 * 5), 5)[0]), float(matching_year(reg, np.exp(-0.2 * 5), 5)[0])
    (2000.0, 2005.0)
    """
    survival = np.atleast_1d(np.asarray(survival, dtype=float))
    if not np.all((survival > 0) & (survival < 1)):
        raise ValueError(f"survival must be between 0 and 1 (exclusive), got {survival!r}")
    if not years > 0:
        raise ValueError(f"years must be more than 0, got {years!r}")
    if registry.excess_first == registry.excess_last:
        raise ValueError("the registry's excess hazard does not change with the year of "
                         "diagnosis: no year matches one survival")
    hazard = -np.log(survival) / years
    span = registry.last_year + 1 - registry.first_year
    return registry.first_year + span * (np.log(hazard / registry.excess_first)
                                         / math.log(registry.excess_last / registry.excess_first))


def truth_by_year(registry: SimulatedRegistry, years: float) -> pd.DataFrame:
    """The true ``years``-year net survival of people diagnosed in the middle (2 July) of each
    year of the registry: columns year, truth (a proportion)."""
    calendar = np.arange(registry.first_year, registry.last_year + 1)
    truth = registry.true_net_survival(years, [f"{y}-07-02" for y in calendar])
    return pd.DataFrame({"year": calendar, "truth": truth})


def approaches(registry: SimulatedRegistry, rates: RateTable, *, years: float | None = None,
               window: int = PERIOD_WINDOW, data_dir=None) -> pd.DataFrame:
    """The cohort, complete and period estimates of ``years``-year net survival (the guide's
    horizon unless given) against the truth for people diagnosed in the registry's last year.

    The rows of :func:`allstats.netsurv.compare_approaches` (method ``METHOD``) for
    ``SHOWN_APPROACHES``, plus: ``error`` = estimate - truth_latest (a proportion), and
    ``matching_year``, the calendar year of diagnosis whose true survival equals the estimate
    (:func:`matching_year`), and ``years_behind`` = last year + 0.5 - matching_year (the truth
    is that of people diagnosed on 2 July of the last year).
    """
    years = horizon_years(data_dir) if years is None else years
    table = compare_approaches(registry, rates, years=years, window=window, method=METHOD)
    table = table[table["approach"].isin(SHOWN_APPROACHES)].reset_index(drop=True)
    match = matching_year(registry, table["estimate"].to_numpy(), years)
    return table.assign(error=table["estimate"] - table["truth_latest"], matching_year=match,
                        years_behind=registry.last_year + 0.5 - match)


def approach_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per approach of :func:`approaches`, as a reader's table shows it: approach,
    diagnosed and follow_up (calendar years, "2010–2014"), patients, estimate, lower, upper and
    matching (the whole year of diagnosis whose truth the estimate equals)."""
    def span(start, end):
        return f"{start.year}–{end.year}" if start.year != end.year else f"{start.year}"
    return pd.DataFrame({
        "approach": table["approach"],
        "diagnosed": [span(a, b) for a, b in zip(table["diagnosed_from"], table["diagnosed_to"])],
        "follow_up": [span(a, b) for a, b in zip(table["follow_up_from"], table["follow_up_to"])],
        "patients": table["patients"], "estimate": table["estimate"], "lower": table["lower"],
        "upper": table["upper"],
        "matching": np.floor(table["matching_year"]).astype(int).astype(str),
    })


# --------------------------------------------------------------------------------------------
# Crude probabilities: what happens to 100 people
# --------------------------------------------------------------------------------------------

#: the explorer's ages at diagnosis: the first age of each five-year band of adults
CRUDE_AGES = tuple(range(CHILD_AGE_LIMIT, ADULT_AGE_LIMIT, 5))
CRUDE_AGE_WIDTH = 5
#: whole years since diagnosis the explorer offers
CRUDE_YEARS = tuple(range(1, 11))
#: the icon array's people
PEOPLE = 100


@dataclass(frozen=True)
class CrudeGrid:
    """Crude probabilities for every age band and year since diagnosis (:func:`crude_grid`).

    table: one row per (age, years): age (first age of the band), age_high, years, patients
    (simulated patients in the band), cancer, other (cumulative probabilities of having died of
    the cancer and of other causes by then), alive = 1 - cancer - other.
    """

    table: pd.DataFrame
    label: str = SIMULATED_LABEL

    def at(self, age: int, years: int) -> pd.Series:
        """The row of one age band and year (KeyError naming what is offered otherwise)."""
        rows = self.table[(self.table["age"] == age) & (self.table["years"] == years)]
        if rows.empty:
            raise KeyError(f"no crude probabilities for age {age!r} and years {years!r}: ages "
                           f"{sorted(self.table['age'].unique())}, years "
                           f"{sorted(self.table['years'].unique())}")
        return rows.iloc[0]


def crude_grid(registry: SimulatedRegistry, rates: RateTable, *, ages=CRUDE_AGES,
               width: int = CRUDE_AGE_WIDTH, years=CRUDE_YEARS) -> CrudeGrid:
    """Crude probabilities of death from the cancer and from other causes, per age band.

    For each age a of ``ages``, the registry's patients aged a <= age < a + width at diagnosis
    (all years of diagnosis) go through :func:`allstats.netsurv.crude_probabilities` at each of
    ``years`` (whole years since diagnosis, times rates.days_per_year days):
        cancer C_E(t), other C_P(t), alive = 1 - C_E(t) - C_P(t)  (the Kaplan-Meier survival).
    """
    patients = registry.patients
    times = np.asarray(years, dtype=float) * rates.days_per_year
    rows = []
    for age in ages:
        band = patients[(patients["age"] >= age) & (patients["age"] < age + width)]
        if band.empty:
            raise ValueError(f"ages: no simulated patient is aged {age} to {age + width - 1}")
        crude = crude_probabilities(band, rates, times=times)
        for year, (_, row) in zip(years, crude.iterrows()):
            rows.append({"age": int(age), "age_high": int(age + width - 1), "years": int(year),
                         "patients": len(band), "cancer": float(row["cancer"]),
                         "other": float(row["other"]),
                         "alive": 1.0 - float(row["cancer"]) - float(row["other"])})
    return CrudeGrid(pd.DataFrame(rows))


def in_people(cancer: float, other: float, size: int = PEOPLE) -> dict[str, int]:
    """Crude probabilities as whole people out of ``size`` that add up to ``size``.

    The cumulative shares are rounded (halves up, :func:`allstats.series.whole_people`) and
    differenced: died_all = whole(size x cancer), died_other = whole(size x (cancer + other)) -
    died_all, alive = size - whole(size x (cancer + other)); a probability below 0 (an estimate
    can dip below it) counts as 0 and a sum above 1 as 1.

    >>> in_people(0.456, 0.121)
    {'died_all': 46, 'died_other': 12, 'alive': 42}
    >>> in_people(0.333, 0.333, size=10)
    {'died_all': 3, 'died_other': 4, 'alive': 3}
    """
    if not (isinstance(size, (int, np.integer)) and size > 0):
        raise ValueError(f"size must be a positive whole number of people, got {size!r}")
    for name, value in (("cancer", cancer), ("other", other)):
        if not np.isfinite(value):
            raise ValueError(f"{name} must be a probability (a finite number), got {value!r}")
    first = min(max(whole_people(size * cancer), 0), size)
    both = min(max(whole_people(size * (cancer + other)), first), size)
    return {"died_all": first, "died_other": both - first, "alive": size - both}


# --------------------------------------------------------------------------------------------
# Age mix and standardisation
# --------------------------------------------------------------------------------------------

#: the International Cancer Survival Standard the notebook uses: the ICSS paper assigns acute
#: lymphatic leukaemia to standard 3 (see data/standards/sources.csv)
STANDARD = "icss3"
#: an ASSUMPTION: the excess hazard per year in each of the standard's age classes (constant in
#: time), rising with age as cancer survival usually falls with age
AGE_CLASS_HAZARDS = (0.06, 0.12, 0.18, 0.26, 0.36)
#: ASSUMED age mixes of two populations: the share of each of the standard's age classes
AGE_MIXES = {"younger population": (0.50, 0.20, 0.15, 0.10, 0.05),
             "older population": (0.10, 0.10, 0.20, 0.30, 0.30)}
#: SIMULATED patients in each population
POPULATION_SIZE = 4000


@dataclass(frozen=True)
class AgeMixComparison:
    """Two SIMULATED populations with the same excess hazard by age class (:func:`age_mix_comparison`).

    classes: one row per age class: group, age_low, age_high, weight (the standard's),
        excess_hazard, truth (the class's true net survival at ``years``), and for each
        population its share, patients and estimate (columns ``share: <population>``,
        ``patients: <population>``, ``estimate: <population>``).
    populations: one row per population: population, patients, all_ages (net survival of
        everyone, whatever their ages), standardised (the standard's weights), truth_all_ages
        (sum of share x truth) and truth_standardised (sum of weight x truth, the same for both).
    """

    classes: pd.DataFrame
    populations: pd.DataFrame
    years: float
    standard: str
    label: str = SIMULATED_LABEL


def age_mix_comparison(rates: RateTable | None = None, *, years: float | None = None,
                       standard: str = STANDARD, data_dir=None) -> AgeMixComparison:
    """Why an "all ages" figure depends on the age mix, and what standardisation does.

    For each age class g of the standard, SIMULATED adults (ages 20 to 84, drawn by
    :func:`allstats.netsurv.simulate_registry` with a constant excess hazard
    ``AGE_CLASS_HAZARDS[g]``, child_share 0, seed SEED + g) are kept if their age is in the
    class. Each population of ``AGE_MIXES`` takes round(POPULATION_SIZE x share_g) of them
    (different patients for each population). Then, at ``years`` (the guide's horizon unless
    given), with the Ederer II estimator (``METHOD``):
        all_ages      = net_survival of the whole population
        estimate_g    = net_survival of its patients in class g
        standardised  = sum_g W_g estimate_g   (standardised_net_survival, W the standard's)
    The truth of class g is exp(-lambda_g years): the same in both populations, so the
    standardised figures agree (up to sampling noise) while the all-ages figures follow the
    age mixes. Ages below 20 are not drawn (the standard starts at 15).
    """
    rates = RateTable.us_2019(data_dir) if rates is None else rates
    years = horizon_years(data_dir) if years is None else years
    weights = icss_weights(standard, data_dir)
    if len(weights) != len(AGE_CLASS_HAZARDS):
        raise ValueError(f"standard: {standard!r} has {len(weights)} age classes; "
                         f"AGE_CLASS_HAZARDS gives {len(AGE_CLASS_HAZARDS)}")
    at = [years * rates.days_per_year]
    low = weights["age_low"].to_numpy(dtype=float)
    top = np.where(np.isfinite(weights["age_high"]), weights["age_high"] + 1, np.inf)
    populations = {name: [] for name in AGE_MIXES}
    for g, hazard in enumerate(AGE_CLASS_HAZARDS):
        need = [int(round(POPULATION_SIZE * mix[g])) for mix in AGE_MIXES.values()]
        # adults are drawn uniformly over their ages: enough of them for the class's share
        width = min(top[g], ADULT_AGE_LIMIT) - max(low[g], CHILD_AGE_LIMIT)
        adult_span = ADULT_AGE_LIMIT - CHILD_AGE_LIMIT
        pool = simulate_registry(rates, n=int(1.5 * sum(need) * adult_span / width) + 100,
                                 first_year=FIRST_YEAR,
                                 last_year=LAST_YEAR, excess_first=hazard, excess_last=hazard,
                                 child_share=0.0, seed=SEED + g).patients
        pool = pool[(pool["age"] >= low[g]) & (pool["age"] < top[g])].reset_index(drop=True)
        if len(pool) < sum(need):
            raise ValueError(f"too few simulated patients aged {weights['group'][g]}")
        start = 0
        for name, k in zip(AGE_MIXES, need):
            populations[name].append(pool.iloc[start:start + k])
            start += k
    classes = weights.assign(excess_hazard=AGE_CLASS_HAZARDS,
                             truth=np.exp(-np.asarray(AGE_CLASS_HAZARDS) * years))
    rows = []
    for name, mix in AGE_MIXES.items():
        people = pd.concat(populations[name], ignore_index=True)
        everyone = float(net_survival(people, rates, method=METHOD, times=at).surv.iloc[0])
        result = standardised_net_survival(people, rates, weights=standard, times=at,
                                           method=METHOD, data_dir=data_dir)
        classes[f"share: {name}"] = mix
        classes[f"patients: {name}"] = [len(p) for p in populations[name]]
        classes[f"estimate: {name}"] = result.groups["surv"].to_numpy()
        rows.append({"population": name, "patients": len(people), "all_ages": everyone,
                     "standardised": float(result.estimate.surv.iloc[0]),
                     "truth_all_ages": float(np.dot(mix, classes["truth"])),
                     "truth_standardised": float(np.dot(weights["weight"], classes["truth"]))})
    return AgeMixComparison(classes, pd.DataFrame(rows), years, standard)


# --------------------------------------------------------------------------------------------
# Where the inputs come from
# --------------------------------------------------------------------------------------------


def standard_rows(standard: str = STANDARD, data_dir=None) -> pd.DataFrame:
    """The rows of the standards package (``data/standards/icss_weights.csv``) of ``standard``,
    with their source_id, location, quote and verification."""
    rows = load("icss_weights", standards_path(data_dir))
    return rows[rows["standard"] == int(standard[-1])].reset_index(drop=True)


def standard_source(standard: str = STANDARD, data_dir=None) -> str:
    """'Source: ...' for the weights of ``standard`` (the standards package's own sources)."""
    rows = standard_rows(standard, data_dir)
    sources = load("sources", standards_path(data_dir)).set_index("id")
    labels = list(dict.fromkeys(str(sources.at[s, "citation"]) for s in rows["source_id"]))
    return ("Source: " if len(labels) == 1 else "Sources: ") + "; ".join(labels)


def registry_source(data_dir=None, *, standard: str | None = None) -> str:
    """The source line of a chart of the simulated registry: the life tables' source, the
    weights' when ``standard`` is given, and that the patients are simulated."""
    line = source_line(load("us_life_tables_2019", data_dir), data_dir)
    secondary = ""
    if standard is not None:
        line += "; ICSS weights: " + standard_source(standard, data_dir).split(": ", 1)[1]
        if (standard_rows(standard, data_dir)["verification"] == "secondary").any():
            secondary = " The ICSS weights are from a secondary source."
    return (f"{line}. {SIMULATED_LABEL}: drawn with a fixed seed from the life tables and the "
            f"assumptions stated in the notebook.{secondary}")
