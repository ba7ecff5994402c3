"""Age-standardised net survival: ICSS weights, traditional and Brenner (individual) weighting."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import _numbers, _option_number
from .cohort import _prepare_cohort
from .estimators import (
    CONF_TYPES,
    _check_choice,
    _confidence,
    _delayed_entry_check,
    _estimate,
    _requested_times,
    _summarise,
    _z,
)
from .rates import RateTable, _check_data_dir

__all__ = ["STANDARDS", "StandardisedSurvival", "icss_weights", "standardised_net_survival",
           "standards_path"]

#: the International Cancer Survival Standards stored in data/ (icss_weights)
STANDARDS = ("icss1", "icss2", "icss3")
_GROUP_COLUMN = "_allstats_standard_group"


def icss_weights(standard: str = "icss1", data_dir=None) -> pd.DataFrame:
    """The age classes and weights of an International Cancer Survival Standard, from data/.

    Corazziari, Quinn & Capocaccia (2004) Eur J Cancer 40:2307-16, as stored in the resource
    icss_weights of the standards package data/standards/ (every row `secondary`: see
    data/README.md). data_dir is the main data package's folder (default: as allstats.load).
    Returns group (label), age_low, age_high (years, inclusive; NaN for the open last class) and
    weight.

    >>> icss_weights("icss1")
       group  age_low  age_high  weight
    0  15-44       15      44.0    0.07
    1  45-54       45      54.0    0.12
    2  55-64       55      64.0    0.23
    3  65-74       65      74.0    0.29
    4    75+       75       NaN    0.29
    """
    _check_choice(standard, "weights", STANDARDS)
    _check_data_dir(data_dir)
    rows = _load_standards("icss_weights", data_dir)
    rows = rows[rows["standard"] == int(standard[-1])].sort_values("age_low")
    high = rows["age_high"].astype("float64").to_numpy()
    low = rows["age_low"].astype("int64").to_numpy()
    labels = [f"{a}-{int(b)}" if np.isfinite(b) else f"{a}+" for a, b in zip(low, high)]
    return pd.DataFrame({"group": labels, "age_low": low, "age_high": high,
                         "weight": rows["value"].astype("float64").to_numpy()})


def standards_path(data_dir=None):
    """The folder of the standards package: ``standards/`` inside the data package's folder."""
    from allstats.data import data_path  # lazily: netsurv itself needs only numpy and pandas

    return data_path(data_dir) / "standards"


def _load_standards(name: str, data_dir=None) -> pd.DataFrame:
    from allstats.data import load

    return load(name, standards_path(data_dir))


def _standard(weights, data_dir) -> pd.DataFrame:
    if isinstance(weights, str):
        return icss_weights(weights, data_dir)
    if not isinstance(weights, pd.DataFrame):
        raise TypeError("weights must be one of 'icss1', 'icss2', 'icss3' or a DataFrame with "
                        f"age_low, age_high and weight, not {type(weights).__name__}")
    what = "weights"
    for column in ("age_low", "age_high", "weight"):
        if column not in weights.columns:
            raise ValueError(f"{what}: missing column {column!r}")
    if len(weights) == 0:
        raise ValueError(f"{what}: no rows")
    low = _numbers(weights, "age_low", what)
    high = pd.to_numeric(weights["age_high"], errors="coerce").to_numpy(dtype=float,
                                                                       na_value=np.nan)
    weight = _numbers(weights, "weight", what)
    order = np.argsort(low, kind="stable")
    low, high, weight = low[order], high[order], weight[order]
    open_ended = ~np.isfinite(high)
    if np.any(weight < 0):
        raise ValueError(f"{what}: column 'weight' must be >= 0")
    if not math.isclose(weight.sum(), 1.0, abs_tol=1e-6):
        raise ValueError(f"{what}: the weights must sum to 1, not {weight.sum():.10g}")
    if np.any(open_ended[:-1]) or np.any(high[~open_ended] < low[~open_ended]):
        raise ValueError(f"{what}: classes need age_low <= age_high (only the last may be open)")
    if np.any(low[1:] != np.where(open_ended[:-1], np.inf, high[:-1] + 1)):
        raise ValueError(f"{what}: the age classes must follow each other (age_low of a class "
                         "= age_high + 1 of the one before), without gaps or overlaps")
    if "group" in weights.columns:
        labels = [str(v) for v in weights["group"].to_numpy()[order]]
    else:
        labels = [f"{int(a)}-{int(b)}" if np.isfinite(b) else f"{int(a)}+"
                  for a, b in zip(low, high)]
    return pd.DataFrame({"group": labels, "age_low": low, "age_high": high, "weight": weight})


def _classes(age: np.ndarray, standard: pd.DataFrame) -> np.ndarray:
    """Index of each age's class (-1 outside): age_low <= age < age_high + 1 (whole years)."""
    low = standard["age_low"].to_numpy(dtype=float)
    top = np.where(np.isfinite(standard["age_high"]), standard["age_high"] + 1, np.inf)
    index = np.searchsorted(low, age, side="right") - 1
    inside = (index >= 0) & (age < top[np.maximum(index, 0)])
    return np.where(inside, index, -1)


@dataclass(frozen=True)
class StandardisedSurvival:
    """The result of standardised_net_survival.

    estimate: time, surv, std_err (survival scale), lower, upper, missing_groups (the age
    classes with nobody at risk at that time, ';'-separated; empty when none).
    groups: one row per age class and time: group, age_low, age_high, weight, n (patients in
    the class), time, n_risk, and for the traditional method surv and std_err (the class's own
    estimate, NaN for a class with nobody at risk), for individual weighting
    individual_weight (W_g / (n_g / n)).
    """

    estimate: pd.DataFrame
    groups: pd.DataFrame
    method: str
    individual: bool


def _cohort_with_classes(patients, rates, standard, period):
    if not isinstance(patients, pd.DataFrame):
        raise TypeError(f"patients must be a pandas DataFrame, not {type(patients).__name__}")
    if "age" not in patients.columns:
        raise ValueError("patients: missing column 'age'")
    if _GROUP_COLUMN in patients.columns:
        raise ValueError(f"patients: the column name {_GROUP_COLUMN!r} is reserved")
    age = _numbers(patients, "age", "patients", unit=" (years)")
    frame = patients.assign(**{_GROUP_COLUMN: _classes(age, standard)})
    cohort = _prepare_cohort(frame, rates, need_dates=False, strata=_GROUP_COLUMN,
                             period=period)
    classes = cohort.layers.astype(np.int64)
    outside = classes < 0
    if outside.all():
        raise ValueError("weights: no patient is in the standard's age classes "
                         f"({standard.age_low.iloc[0]:g} and over)")
    if outside.any():
        warnings.warn(f"standardised_net_survival: {int(outside.sum())} patient(s) are outside "
                      f"the standard's age classes (it starts at age {standard.age_low.iloc[0]:g})"
                      " and are left out", UserWarning, stacklevel=3)
        cohort = cohort.subset(~outside)
        classes = classes[~outside]
    return cohort, classes


def _standardised(patients, rates, *, weights, times, method, individual, conf_level, conf_type,
                  precision, period, data_dir, engine):
    _check_choice(method, "method", ("pohar-perme", "ederer2", "ederer1"))
    _check_choice(conf_type, "conf_type", CONF_TYPES)
    if not isinstance(individual, bool):
        raise TypeError(f"individual must be True or False, not {individual!r}")
    if individual and method != "pohar-perme":
        raise ValueError(f"individual=True (Brenner's weighting) is for method='pohar-perme', "
                         f"not {method!r}")
    precision = _option_number(precision, "precision", low=0, low_open=True, what=" (days)")
    z = _z(conf_level)
    requested = _requested_times(times)
    if requested is None:
        raise ValueError("times: give the times (days) at which to standardise")
    standard = _standard(weights, data_dir)
    cohort, classes = _cohort_with_classes(patients, rates, standard, period)
    _delayed_entry_check(cohort, method, period)
    w = standard["weight"].to_numpy()
    n_class = np.bincount(classes, minlength=len(standard))
    if individual and np.any(n_class == 0):
        empty = ", ".join(standard.group[n_class == 0])
        raise ValueError(f"weights: no patient in the age class(es) {empty}; Brenner's "
                         "weights W_g / (n_g / n) are not defined for an empty class")
    # per class: patients at risk at each time (and, for the traditional method, the estimate)
    per_class = []
    for g in range(len(standard)):
        part = cohort.subset(classes == g)
        if individual or n_class[g] == 0:
            follow_up, entries = np.sort(part.time), np.sort(part.entry)
            n_risk = (np.searchsorted(entries, requested, side="left")
                      - np.searchsorted(follow_up, requested, side="left"))
            per_class.append(pd.DataFrame({"time": requested, "n_risk": n_risk}))
            continue
        estimate = _estimate(part, rates, method, "kaplan-meier", precision, None, engine)
        per_class.append(_summarise(part, estimate, z, conf_type, requested))
    at_risk = np.stack([frame.n_risk.to_numpy() for frame in per_class])
    missing = [";".join(standard.group[at_risk[:, k] == 0]) for k in range(len(requested))]
    columns = ["group", "age_low", "age_high", "weight", "n", "time", "n_risk"]
    if individual:
        share = n_class / n_class.sum()
        brenner = w / share
        table = pd.concat([frame.assign(group=standard.group[g], age_low=standard.age_low[g],
                                        age_high=standard.age_high[g], weight=w[g],
                                        n=int(n_class[g]), individual_weight=brenner[g])
                           for g, frame in enumerate(per_class)], ignore_index=True)
        table = table[columns + ["individual_weight"]]
        cohort.weight = brenner[classes]
        estimate = _estimate(cohort, rates, method, "kaplan-meier", precision, None, engine)
        result = _summarise(cohort, estimate, z, conf_type, requested)
        surv, std_err = result.surv.to_numpy(), result.std_err.to_numpy()
        lower, upper = result.lower.to_numpy(), result.upper.to_numpy()
    else:
        table = pd.concat(
            [frame.assign(group=standard.group[g], age_low=standard.age_low[g],
                          age_high=standard.age_high[g], weight=w[g], n=int(n_class[g]),
                          surv=frame["surv"] if "surv" in frame else np.nan,
                          std_err=frame["std_err"] if "std_err" in frame else np.nan)
             for g, frame in enumerate(per_class)], ignore_index=True)
        table = table[columns + ["surv", "std_err"]]
        surv_g = table.surv.to_numpy().reshape(len(standard), len(requested))
        se_g = table.std_err.to_numpy().reshape(len(standard), len(requested))
        surv = (w[:, None] * surv_g).sum(axis=0)
        std_err = np.sqrt((w[:, None] ** 2 * se_g ** 2).sum(axis=0))
        with np.errstate(divide="ignore", invalid="ignore"):
            lower, upper = _confidence(surv, std_err / surv, z, conf_type)
    estimate = pd.DataFrame({"time": requested, "surv": surv, "std_err": std_err,
                             "lower": lower, "upper": upper, "missing_groups": missing})
    return StandardisedSurvival(estimate, table, method, individual)


def standardised_net_survival(patients: pd.DataFrame, rates: RateTable, *, weights="icss1",
                              times, method: str = "pohar-perme", individual: bool = False,
                              conf_level: float = 0.95, conf_type: str = "log",
                              precision: float = 1.0, period=None,
                              data_dir=None) -> StandardisedSurvival:
    """Age-standardised net (or relative) survival at `times` (days).

    weights: "icss1", "icss2" or "icss3" (the International Cancer Survival Standards of
    Corazziari, Quinn & Capocaccia 2004, from data/standards/icss_weights.csv; ages 15 and over, so
    younger patients are left out with a warning; the paper assigns acute lymphatic leukaemia
    to ICSS 3), or a DataFrame of consecutive age classes with age_low, age_high (whole years,
    inclusive; NaN for an open last class), weight (summing to 1) and optionally group.
    A patient of age a (years at diagnosis) is in class g when age_low_g <= a < age_high_g + 1.

    Traditional direct standardisation (individual=False; relsurv's weight.table, stpp's
    standstrata): with S_g(t) the estimate of `method` (net_survival's) within class g and
    se_g(t) its standard error on the survival scale,
        S(t) = sum_g W_g S_g(t),  se(t) = sqrt(sum_g W_g^2 se_g(t)^2),
    and the interval of conf_type on the cumulative-hazard scale with SE se(t)/S(t) (relsurv's
    std.err). A class with nobody at risk at t (no patients, or none followed that long) makes
    S(t) NaN, and is named in the estimate's missing_groups: it is not dropped and the weights
    are not renormalised.

    Brenner's individual weighting (individual=True, method="pohar-perme"; Brenner, Arndt,
    Gefeller & Hakulinen 2004, Eur J Cancer 40:2317-2322; stnet's and stpp's indweights): each
    patient of class g gets w_i = W_g / (n_g / n), n_g the patients in class g and n all of
    them, and the Pohar Perme estimator of net_survival is computed once on everyone with the
    weights w_i / S_Pi in place of 1/S_Pi (deaths, risk set, population term and variance
    sum_i w_i^2 dN_i / S_Pi^2 / (sum_i w_i Y_i / S_Pi)^2). The weighted risk set reproduces the
    standard's age mix at diagnosis, and the estimate stays defined when a class has nobody
    left at risk (named in missing_groups); a class with no patients at all raises ValueError.

    method: "pohar-perme", "ederer2" or "ederer1" (Hakulinen's potential follow-up is not
    offered here). period, precision, conf_level, conf_type as in net_survival.

    Returns StandardisedSurvival(estimate, groups, method, individual): estimate has time,
    surv, std_err, lower, upper, missing_groups; groups one row per class and time (group,
    age_low, age_high, weight, n, time, n_risk, then surv and std_err for the traditional
    method or individual_weight for Brenner's).

    >>> rates = RateTable.from_frame(pd.DataFrame(
    ...     {"age": [0, 0], "sex": ["m", "f"], "hazard": [1e-4, 1e-4]}), value="hazard")
    >>> patients = pd.DataFrame({"time": [100.0, 400, 500, 700, 200, 600, 650, 800],
    ...                          "status": [1, 0, 1, 1, 1, 1, 0, 1],
    ...                          "age": [20, 30, 40, 50, 60, 70, 80, 90], "sex": "m"})
    >>> young_old = pd.DataFrame({"age_low": [0, 50], "age_high": [49, np.nan],
    ...                           "weight": [0.4, 0.6]})
    >>> result = standardised_net_survival(patients, rates, weights=young_old, times=[365])
    >>> round(float(result.estimate.surv[0]), 4), result.estimate.missing_groups[0]
    (0.7627, '')

    0.7627 = 0.4 * 0.6767 + 0.6 * 0.8200, the two classes' Pohar Perme estimates at one year.
    >>> result.groups[["group", "n", "surv"]].round(4)
      group  n    surv
    0  0-49  3  0.6767
    1   50+  5  0.8200
    """
    return _standardised(patients, rates, weights=weights, times=times, method=method,
                         individual=individual, conf_level=conf_level, conf_type=conf_type,
                         precision=precision, period=period, data_dir=data_dir, engine="fast")


def _standardised_reference(patients, rates, **options) -> StandardisedSurvival:
    """standardised_net_survival with the literal engine."""
    options.setdefault("weights", "icss1")
    for name, default in (("method", "pohar-perme"), ("individual", False), ("conf_level", 0.95),
                          ("conf_type", "log"), ("precision", 1.0), ("period", None),
                          ("data_dir", None)):
        options.setdefault(name, default)
    return _standardised(patients, rates, engine="reference", **options)

