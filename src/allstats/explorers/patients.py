"""Explorers of the notebook "From patients to relative survival" (simulated cohorts only).

- :func:`make_simulated_cohort_explorer`: two sliders, the age at diagnosis (a five-year age
  group) and a constant excess hazard per year, move a SIMULATED cohort of patients; the chart
  shows its observed (Kaplan–Meier), expected (US life tables) and relative survival and the
  readout their values at the published horizon. At old ages much of the observed mortality is
  the population's background mortality, which relative survival takes out.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from ..charts.patients import simulated_cohort_figure
from ..netsurv import RateTable
from ..simulate import SIMULATED_LABEL, constant_excess_hazard, curve_grid, simulated_source
from ..survival import guide_figure, horizon_years
from ..text import fmt_fraction, fmt_number
from .base import Bold, Explorer, connect, explorer, float_slider, int_slider

__all__ = ["SIMULATED_COHORT_AGES", "SIMULATED_COHORT_EXCESS", "SIMULATED_COHORT_START_AGE",
           "SIMULATED_COHORT_YEARS", "SIMULATED_COHORT_SIZE", "simulated_cohort_years",
           "simulated_cohort_source", "simulated_cohort_readout", "make_simulated_cohort_explorer"]

#: the age slider: the first age of each five-year group, from birth to 85–89
SIMULATED_COHORT_AGES = (0, 85, 5)
#: the excess-hazard slider (per year): min, max, step
SIMULATED_COHORT_EXCESS = (0.0, 0.4, 0.01)
#: where the age slider starts: an old age group, where observed and relative survival part most
SIMULATED_COHORT_START_AGE = 80
#: the chart's follow-up, in years (twice the published horizon fits), read every month
SIMULATED_COHORT_YEARS = 10
#: simulated patients at each position
SIMULATED_COHORT_SIZE = 2000
_AGE_WIDTH = 5


def simulated_cohort_years() -> np.ndarray:
    """The explorer's time grid: every month from 0 to SIMULATED_COHORT_YEARS years."""
    return np.arange(SIMULATED_COHORT_YEARS * 12 + 1) / 12


def _slider_values(low, high, step) -> np.ndarray:
    n = int(round((high - low) / step))
    return np.round(low + step * np.arange(n + 1), 10)


def simulated_cohort_source(data_dir=None) -> str:
    """The explorer's source line: the sources of the adult simulation's inputs (the starting
    excess hazard comes from the published adult figure), and that the patients are simulated."""
    return simulated_source(("adults",), data_dir)


def simulated_cohort_readout(v: dict, *, horizon: float) -> list:
    """Observed, expected and relative survival of the simulated cohort at the horizon."""
    pct = fmt_fraction
    return [Bold(SIMULATED_LABEL), f": {fmt_number(SIMULATED_COHORT_SIZE)} patients aged ",
            Bold(f"{v['age']} to {v['age_high']}"), ", excess hazard ",
            Bold(f"{v['excess_hazard']:.2f}"), f" per year. After {fmt_number(horizon)} years: "
            "observed survival ", Bold(pct(v["observed"])), "; expected survival without the "
            "cancer ", Bold(pct(v["expected"])), " (so ", Bold(pct(v["died_anyway"])),
            " would have died anyway); relative survival = "
            f"{pct(v['observed'])} ÷ {pct(v['expected'])} = ", Bold(pct(v["relative"])), "."]


@explorer("simulated-cohort")
def make_simulated_cohort_explorer(*, data_dir=None) -> Explorer:
    """Age at diagnosis and excess hazard of a simulated cohort, with its three survival curves.

    Every position of the two sliders is computed once, at construction
    (:func:`allstats.simulate.curve_grid`: one set of random draws, so neighbouring positions
    differ only by what moved); a change only picks the precomputed curves and updates the
    artists in place. The excess hazard starts at the constant hazard whose net survival is the
    published adult figure at the horizon, -ln(R / 100) / horizon, rounded to the slider's step.
    """
    horizon = horizon_years(data_dir)
    target = guide_figure("adults", data_dir)
    ages = _slider_values(*SIMULATED_COHORT_AGES)
    hazards = _slider_values(*SIMULATED_COHORT_EXCESS)
    step = SIMULATED_COHORT_EXCESS[2]
    start_hazard = round(round(constant_excess_hazard(float(target["percent"]), horizon) / step)
                         * step, 10)
    grid = curve_grid(ages, hazards, simulated_cohort_years(), width=_AGE_WIDTH,
                      n=SIMULATED_COHORT_SIZE, rates=RateTable.us_2019(data_dir),
                      data_dir=data_dir)
    chart = simulated_cohort_figure(grid, age=SIMULATED_COHORT_START_AGE,
                                    excess_hazard=start_hazard, horizon=horizon,
                                    source=simulated_cohort_source(data_dir))
    age = int_slider("Age at diagnosis", value=SIMULATED_COHORT_START_AGE, min=int(ages[0]),
                     max=int(ages[-1]), step=int(SIMULATED_COHORT_AGES[2]), width="420px")
    excess = float_slider("Excess hazard (per year)", value=start_hazard,
                          min=float(hazards[0]), max=float(hazards[-1]), step=step,
                          readout_format=".2f", width="420px")

    def update() -> dict:
        lam = round(float(excess.value), 10)
        values = chart.show(age.value, lam)
        return dict(age=age.value, age_high=age.value + _AGE_WIDTH - 1, excess_hazard=lam,
                    horizon=horizon, died_anyway=1 - values["expected"], **values)

    return connect(Explorer({"age": age, "excess_hazard": excess}, chart,
                            partial(simulated_cohort_readout, horizon=horizon),
                            artists={"lines": chart.lines, "points": chart.points,
                                     "bands": chart.bands, "readings": chart.readings,
                                     "title": chart.title, "grid": grid}), update)
