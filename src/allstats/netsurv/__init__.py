"""Registry estimators of relative (net) survival, from each patient's follow-up and a life table.

Two families, kept apart because they answer to different references:

* :func:`net_survival`: the continuous-time estimators of R's ``relsurv::rs.surv`` (Pohar Perme,
  Ederer II, Ederer I, Hakulinen), evaluated at every event and censoring time. The population
  hazards are integrated from a :class:`RateTable` exactly as relsurv does (a left-endpoint
  daily grid for Pohar Perme and Ederer II, exact piecewise integration for Ederer I and
  Hakulinen), so the results agree with relsurv to rounding error.
* :func:`life_table` and :func:`life_table_from_counts`: the actuarial (interval) Ederer II life
  table of Paul Dickman's ``strs`` and of SEER*Stat: yearly intervals, n' = n - w/2, Greenwood
  standard errors and a log-log interval on the observed survival divided by the expected one.

Around them: delayed entry (an ``entry`` column) and period analysis (``net_survival(period=)``);
:func:`crude_probabilities` (relsurv's cmp.rel); :func:`net_survival_test` (rs.diff);
:func:`standardised_net_survival` with the ICSS weights of data/ (:func:`icss_weights`), by
traditional direct standardisation or Brenner's individual weights; and a SIMULATED registry
whose survival improves with the year of diagnosis (:func:`simulate_registry`) with the cohort,
complete, period and hybrid estimates against the truth (:func:`compare_approaches`).

Units: follow-up ``time`` in days; ``age`` in years at diagnosis (converted to days as
``age * days_per_year`` of the rate table, relsurv's ``rmap=list(age=age*365.241)``);
``diagnosed`` is a date. A rate table holds *daily* hazards.

Example::

    from allstats import netsurv
    rates = netsurv.RateTable.us_2019()            # or RateTable.from_frame(your_life_table)
    curve = netsurv.net_survival(patients, rates)  # Pohar Perme at every follow-up time
    five_years = netsurv.net_survival(patients, rates, method="ederer2", times=[5 * 365.241])
    table = netsurv.life_table(patients, rates)    # yearly actuarial Ederer II, as strs

Agreement (see tests/; fixtures from the R scripts in tests/reference): relsurv's rs.surv to
~1e-14 on every row of its synthetic fixtures and of a 600-patient cohort on the US 2019 tables;
Dickman's strs tables to ~1e-15; cmp.rel, rs.diff and the weighted sum of rs.surv's per-class
estimates to 1e-10; survival's left-truncated Kaplan-Meier to 1e-10; popEpi's period analysis
to 5e-4 (an interval method). Bad input raises ValueError or TypeError naming the parameter or
the column and row (tests/test_netsurv_hostile.py, tests/test_netsurv_fuzz.py).

References: Pohar Perme, Stare & Esteve (2012) Biometrics 68:113-120; Pohar Perme & Pavlic (2018)
J Stat Softw 87(8); Ederer, Axtell & Cutler (1961); Ederer & Heise (1959); Hakulinen (1982)
Biometrics 38:933-942; Dickman & Coviello (2015) Stata J 15:186-215 (strs).
Only numpy and pandas are imported; :meth:`RateTable.us_2019` imports :mod:`allstats.data`.

Modules (every public name is importable from ``allstats.netsurv`` itself):

* :mod:`.rates`: :class:`RateTable` and its constants;
* :mod:`.cohort`: the checked patients in days, and the per-interval sums both engines return;
* :mod:`.estimators`: :func:`net_survival` (the formulas, the intervals, the output) and the
  one :func:`kaplan_meier` (observed survival);
* :mod:`.lifetables`: :func:`life_table`, :func:`life_table_from_counts`;
* :mod:`.crude`, :mod:`.comparison`, :mod:`.standardised`, :mod:`.scenarios`: the methods above;
* :mod:`.fast`: the fast engine (pieces of constant hazard summed in blocks);
* :mod:`.reference`: the slow literal reference engine, step by step, for tests and benchmarks
  (every method has a ``_..._reference`` twin that uses it).
"""

from __future__ import annotations

from .cohort import MAX_YEARS
from .comparison import NetSurvivalTest, net_survival_test
from .crude import crude_probabilities
from .estimators import (
    CONF_TYPES,
    CURVES,
    MAX_GRID_STEPS,
    METHODS,
    WEIGHT_WARNING,
    _net_survival_reference,  # noqa: F401  (tests and benchmarks use it)
    kaplan_meier,
    net_survival,
)
from .lifetables import MAX_INTERVALS, life_table, life_table_from_counts
from .rates import DAYS_PER_YEAR, QX_CAP, RateTable
from .scenarios import APPROACHES, SimulatedRegistry, compare_approaches, simulate_registry
from .standardised import (
    STANDARDS,
    StandardisedSurvival,
    icss_weights,
    standardised_net_survival,
)

__all__ = [
    "APPROACHES",
    "CONF_TYPES",
    "CURVES",
    "DAYS_PER_YEAR",
    "MAX_GRID_STEPS",
    "MAX_INTERVALS",
    "MAX_YEARS",
    "METHODS",
    "QX_CAP",
    "WEIGHT_WARNING",
    "NetSurvivalTest",
    "RateTable",
    "STANDARDS",
    "SimulatedRegistry",
    "StandardisedSurvival",
    "compare_approaches",
    "crude_probabilities",
    "icss_weights",
    "kaplan_meier",
    "life_table",
    "life_table_from_counts",
    "net_survival",
    "net_survival_test",
    "simulate_registry",
    "standardised_net_survival",
]
