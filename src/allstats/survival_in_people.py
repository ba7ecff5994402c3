"""What "43% 5-year relative survival" means for 1,000 people: the guide's worked example,
applied to ALL's own figures.

Relative survival ``R`` compares people with ALL with similar people without it; it is **not**
the share of people with ALL who are alive. The guide's worked example (notebook 03) shows how
to read it: of ``cohort`` people, ``expected_alive = cohort × S*`` would be alive after 5 years
without the cancer, and ``observed_alive = expected_alive × R`` are alive with it. This module
does the same with ALL's figures:

- ``R`` is the guide's 5-year relative survival of the age group (:func:`allstats.survival.
  guide_figure`: 20 and older, or under 20);
- ``S*`` is the expected 5-year survival of people of the same ages and sexes without ALL, from
  the NCHS US life tables 2019 (``data/``), integrated exactly over the 5 years
  (:class:`allstats.simulate.LifeTableHazard`), for a stated **age mix**: the guide gives one
  figure for everybody aged 20 and older, so what ``S*`` is depends on the ages of the people
  diagnosed. The mixes are those of the simulation (:func:`allstats.simulate.age_pattern`):
  under 20 from the MMWR age-specific rates, 20 and older an ASSUMPTION stated there (no adult
  age-specific rates are in ``data/``). The sex mix is the share of men and boys among the ACS
  new cases of the guide's year (:func:`allstats.series.male_share`).

The observed number alive is therefore an illustration that depends on the age mix, and every
chart and sentence built from it says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data import load
from .netsurv import RateTable
from .series import male_share
from .simulate import LifeTableHazard, age_pattern, source_rows
from .survival import GUIDE_GROUPS, guide_figure, horizon_years
from .worked_example import RelativeSurvivalExample

__all__ = ["COHORT", "POINTS_PER_YEAR", "InPeople", "expected_survival", "life_table_hazard",
           "group_in_people", "age_in_people", "ages_in_people", "group_of_age",
           "in_people_rows"]

#: the guide's worked example speaks of 1,000 people
COHORT = 1000
#: ages within a year of age are spread evenly; the integral over them uses this many points
POINTS_PER_YEAR = 20


@dataclass(frozen=True)
class InPeople:
    """A guide figure as the worked example: ``cohort`` people, ``expected_survival`` S* for
    their ages and sexes, the guide's ``relative_survival`` R, and what follows
    (``example``: expected alive, observed alive, extra deaths, deaths expected anyway)."""

    group: str                  # "adults" or "children" (the guide's two age groups)
    group_words: str            # the guide's own words: "age 20 and older"
    ages: str                   # the ages averaged over, in words
    age_mix: str                # where the age mix comes from (an assumption for adults)
    male_share: float
    years: float
    example: RelativeSurvivalExample
    row: pd.Series              # the guide's survival_by_age row

    @property
    def expected_survival(self) -> float:
        return self.example.expected_survival

    @property
    def relative_survival(self) -> float:
        return self.example.relative_survival

    def counts(self) -> dict[str, int]:
        """Whole people (halves up): expected alive, observed alive, extra deaths (attributed to
        ALL), deaths expected anyway."""
        return self.example.rounded()


def expected_survival(age_low: np.ndarray, age_high: np.ndarray, weights: np.ndarray,
                      years: float, hazard: LifeTableHazard, male: float) -> float:
    """S*: the chance of being alive ``years`` later without ALL, averaged over an age mix.

    Each group of ages ``[age_low, age_high + 1)`` has weight ``weights`` (summing to 1) and its
    ages are spread evenly; each person is male with probability ``male``. For one person aged
    ``a`` of sex ``s``: ``S_s(a, t) = exp(-(H_s(a + t) - H_s(a)))`` (the life table's cumulative
    hazard, exact), so ``S* = Σ_groups w · mean over its ages of (male · S_m + (1 − male) · S_f)``.

    >>> from allstats.netsurv import RateTable
    >>> table = RateTable.from_frame(pd.DataFrame({"age": [0, 1], "sex": ["male"] * 2,
    ...     "qx": [0.1, 0.1]}))
    >>> hazard = LifeTableHazard.from_rates(table)
    >>> float(round(expected_survival([0], [0], [1.0], 1, hazard, male=1.0), 6))
    0.9
    """
    age_low, age_high = np.asarray(age_low, float), np.asarray(age_high, float)
    weights = np.asarray(weights, float)
    if not np.isclose(weights.sum(), 1.0):
        raise ValueError(f"the age mix's weights must add up to 1, not {weights.sum():g}")
    if not 0 <= male <= 1:
        raise ValueError(f"the share of males must be between 0 and 1, got {male!r}")
    total = 0.0
    for low, high, weight in zip(age_low, age_high, weights):
        n = max(1, int(round((high + 1 - low) * POINTS_PER_YEAR)))
        ages = low + (np.arange(n) + 0.5) * (high + 1 - low) / n      # midpoints
        by_sex = {}
        for sex in ("male", "female"):
            if male == (1.0 if sex == "female" else 0.0):
                by_sex[sex] = 0.0       # nobody of this sex: the table need not have it
                continue
            by_sex[sex] = float(hazard.survival([sex] * n, ages, years)[:, 0].mean())
        total += weight * (male * by_sex["male"] + (1 - male) * by_sex["female"])
    return total


def life_table_hazard(rates: RateTable | None = None, data_dir=None) -> LifeTableHazard:
    """The cumulative hazard of ``rates`` (the US 2019 life tables unless given): build it once
    and pass it on when computing many examples."""
    return LifeTableHazard.from_rates(RateTable.us_2019(data_dir) if rates is None else rates)


def _in_people(group, row, ages, age_mix, low, high, weights, *, cohort, hazard, data_dir,
               years=None, male=None):
    years = horizon_years(data_dir) if years is None else years
    male = male_share(int(row["edition_year"]), data_dir=data_dir) if male is None else male
    s_star = expected_survival(low, high, weights, years, hazard, male)
    example = RelativeSurvivalExample(cohort, s_star, float(row["percent"]) / 100)
    return InPeople(group, str(row["group"]), ages, age_mix, male, years, example, row)


def group_in_people(group: str, *, cohort: int = COHORT,
                    hazard: LifeTableHazard | None = None, data_dir=None) -> InPeople:
    """The guide's figure for ``group`` ("adults" or "children") as ``cohort`` people, with
    the age mix of :func:`allstats.simulate.age_pattern` (an assumption for adults)."""
    row = guide_figure(group, data_dir)
    pattern = age_pattern(group, data_dir)
    basis = pattern["basis"].iloc[0]
    low, high = int(pattern["age_low"].min()), int(pattern["age_high"].max())
    age_mix = ("the MMWR age-specific incidence rates of children and teens"
               if basis == "MMWR rates" else
               "ASSUMED (no adult age-specific rates are in the data): the same number of people "
               "at each age up to the age after which the guide says risk rises, more after it")
    return _in_people(group, row, f"{low} to {high}", age_mix, pattern["age_low"],
                      pattern["age_high"], pattern["weight"], cohort=cohort,
                      hazard=hazard or life_table_hazard(data_dir=data_dir), data_dir=data_dir)


def group_of_age(age: float) -> str:
    """The guide's age group of a person diagnosed at ``age``: "children" under 20, else
    "adults" (the two groups of the guide's 5-year relative survival)."""
    if not 0 <= age < 120:
        raise ValueError(f"age must be between 0 and 119 years, got {age!r}")
    return "children" if age < 20 else "adults"


def age_in_people(age: int, *, cohort: int = COHORT, hazard: LifeTableHazard | None = None,
                  data_dir=None) -> InPeople:
    """The guide's figure for the group of ``age`` as ``cohort`` people all diagnosed at that
    age (spread evenly within the year of age): S* changes with the age, R does not."""
    group = group_of_age(age)
    row = guide_figure(group, data_dir)
    return _in_people(group, row, f"{age}", f"everybody diagnosed at age {age}",
                      np.array([age]), np.array([age]), np.array([1.0]), cohort=cohort,
                      hazard=hazard or life_table_hazard(data_dir=data_dir), data_dir=data_dir)


def ages_in_people(ages, *, cohort: int = COHORT, hazard: LifeTableHazard | None = None,
                   data_dir=None) -> dict[int, InPeople]:
    """:func:`age_in_people` for many ages at once (the data are read once): ``{age: ...}``."""
    hazard = hazard or life_table_hazard(data_dir=data_dir)
    years = horizon_years(data_dir)
    rows = {group: guide_figure(group, data_dir) for group in GUIDE_GROUPS}
    males = {group: male_share(int(row["edition_year"]), data_dir=data_dir)
             for group, row in rows.items()}
    out = {}
    for age in ages:
        group = group_of_age(age)
        out[age] = _in_people(group, rows[group], f"{age}", f"everybody diagnosed at age {age}",
                              np.array([age]), np.array([age]), np.array([1.0]), cohort=cohort,
                              hazard=hazard, data_dir=data_dir, years=years, male=males[group])
    return out


def in_people_rows(groups=tuple(GUIDE_GROUPS), *, age_mix: bool = True,
                   data_dir=None) -> pd.DataFrame:
    """The data rows these examples read (for the source line under a chart): the guide's
    survival rows, the ACS new cases by sex of their year and the life tables, plus the age
    mixes' rows unless ``age_mix`` is False (:func:`allstats.simulate.source_rows`)."""
    if age_mix:
        return source_rows(groups, data_dir)
    estimates = load("acs_estimates", data_dir)
    frames = []
    for group in groups:
        row = guide_figure(group, data_dir)
        frames += [pd.DataFrame([row]),
                   estimates[(estimates["year"] == row["edition_year"])
                             & (estimates["measure"] == "new_cases")]]
    frames.append(load("us_life_tables_2019", data_dir))
    return pd.concat([f[["source_id", "verification"]] for f in frames], ignore_index=True)

