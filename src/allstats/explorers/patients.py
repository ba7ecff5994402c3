"""Explorers of the notebook "From patients to relative survival" (simulated cohorts only).

- :func:`make_simulated_cohort_explorer`: two sliders, the age at diagnosis (a five-year age
  group) and a constant excess hazard per year, move a SIMULATED cohort of patients; the chart
  shows its observed (Kaplan–Meier), expected (US life tables) and relative survival and the
  readout their values at the published horizon. At old ages much of the observed mortality is
  the population's background mortality, which relative survival takes out.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import charts
from ..netsurv import RateTable
from ..simulate import (SIMULATED_LABEL, constant_excess_hazard, curve_grid, horizon_years,
                        published_target)
from ..text import fmt_number
from .base import Explorer, connect, page_widgets

__all__ = ["SIMULATED_COHORT_AGES", "SIMULATED_COHORT_EXCESS", "SIMULATED_COHORT_START_AGE",
           "SIMULATED_COHORT_YEARS", "SIMULATED_COHORT_SIZE", "simulated_cohort_years",
           "simulated_cohort_source", "make_simulated_cohort_explorer"]

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
_STYLE = {"description_width": "initial"}


def simulated_cohort_years() -> np.ndarray:
    """The explorer's time grid: every month from 0 to SIMULATED_COHORT_YEARS years."""
    return np.arange(SIMULATED_COHORT_YEARS * 12 + 1) / 12


def _slider_values(low, high, step) -> np.ndarray:
    n = int(round((high - low) / step))
    return np.round(low + step * np.arange(n + 1), 10)


def simulated_cohort_source(data_dir=None) -> str:
    """The explorer's source line: the sources of the adult simulation's inputs (the starting
    excess hazard comes from the published adult figure), and that the patients are simulated."""
    return charts.simulated_source(("adults",), data_dir)


def make_simulated_cohort_explorer(*, data_dir=None) -> Explorer:
    """Age at diagnosis and excess hazard of a simulated cohort, with its three survival curves.

    Every position of the two sliders is computed once, at construction
    (:func:`allstats.simulate.curve_grid`: one set of random draws, so neighbouring positions
    differ only by what moved); a change only picks the precomputed curves and updates the
    artists in place. The excess hazard starts at the constant hazard whose net survival is the
    published adult figure at the horizon, -ln(R / 100) / horizon, rounded to the slider's step.
    """
    horizon = horizon_years(data_dir)
    target = published_target("adults", data_dir)
    ages = _slider_values(*SIMULATED_COHORT_AGES)
    hazards = _slider_values(*SIMULATED_COHORT_EXCESS)
    step = SIMULATED_COHORT_EXCESS[2]
    start_hazard = round(round(constant_excess_hazard(float(target["percent"]), horizon) / step)
                         * step, 10)
    grid = curve_grid(ages, hazards, simulated_cohort_years(), width=_AGE_WIDTH,
                      n=SIMULATED_COHORT_SIZE, rates=RateTable.us_2019(data_dir),
                      data_dir=data_dir)
    chart = charts.simulated_cohort_figure(grid, age=SIMULATED_COHORT_START_AGE,
                                           excess_hazard=start_hazard, horizon=horizon,
                                           source=simulated_cohort_source(data_dir))
    age = widgets.IntSlider(value=SIMULATED_COHORT_START_AGE, min=int(ages[0]), max=int(ages[-1]),
                            step=int(SIMULATED_COHORT_AGES[2]), description="Age at diagnosis",
                            style=_STYLE, continuous_update=True,
                            layout=widgets.Layout(width="420px"))
    excess = widgets.FloatSlider(value=start_hazard, min=float(hazards[0]),
                                 max=float(hazards[-1]), step=step,
                                 description="Excess hazard (per year)", readout_format=".2f",
                                 style=_STYLE, continuous_update=True,
                                 layout=widgets.Layout(width="420px"))
    readout, image = page_widgets()
    explorer = Explorer({"age": age, "excess_hazard": excess}, chart.figure,
                        {"chart": chart, "lines": chart.lines, "points": chart.points,
                         "bands": chart.bands, "readings": chart.readings, "title": chart.title,
                         "grid": grid},
                        readout, image, dynamic=chart.dynamic,
                        name="simulated-cohort")
    years = fmt_number(horizon)

    def update():
        lam = round(float(excess.value), 10)
        values = chart.show(age.value, lam)
        age_high = age.value + _AGE_WIDTH - 1
        died_anyway = 1 - values["expected"]
        explorer.values.clear()
        explorer.values.update(age=age.value, age_high=age_high, excess_hazard=lam,
                               horizon=horizon, died_anyway=died_anyway, **values)
        pct = charts.pct
        readout.value = (
            f"<b>{SIMULATED_LABEL}</b>: {fmt_number(SIMULATED_COHORT_SIZE)} patients aged "
            f"<b>{age.value} to {age_high}</b>, excess hazard <b>{lam:.2f}</b> per year. "
            f"After {years} years: observed survival <b>{pct(values['observed'])}</b>; "
            f"expected survival without the cancer <b>{pct(values['expected'])}</b> (so "
            f"<b>{pct(died_anyway)}</b> would have died anyway); relative survival = "
            f"{pct(values['observed'])} ÷ {pct(values['expected'])} = "
            f"<b>{pct(values['relative'])}</b>.")

    explorer.update = update
    return connect(explorer)
