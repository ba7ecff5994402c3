"""Explorers of the notebook "How current is a survival figure?" (a SIMULATED registry only).

- :func:`make_crude_probabilities_explorer`: two sliders, the age at diagnosis (a five-year
  band of adults) and the years since diagnosis, move 100 SIMULATED adults: how many died of
  ALL, how many of other causes, how many are alive (crude probabilities of the simulated
  registry, as whole people). At old ages other causes take a larger share; as the years pass
  both kinds of deaths add up.
"""

from __future__ import annotations

from ..charts.currency import crude_people_figure
from ..currency import (CRUDE_AGE_WIDTH, CRUDE_AGES, CRUDE_YEARS, PEOPLE, SIMULATED_LABEL,
                        crude_grid, in_people, registry_source, simulated_registry)
from ..netsurv import RateTable
from ..survival import horizon_years
from ..text import fmt_count, fmt_number
from .base import BREAK, Bold, Explorer, Italic, connect, explorer, int_slider

__all__ = ["CRUDE_START_AGE", "crude_probabilities_readout", "make_crude_probabilities_explorer"]

#: where the age slider starts: an older band, where other causes take a visible share
CRUDE_START_AGE = 70


def crude_probabilities_readout(v: dict) -> list:
    """What happened to 100 simulated adults, in words."""
    years = fmt_number(v["years"])
    span = "year" if v["years"] == 1 else "years"
    return [Bold(SIMULATED_LABEL), f": of {fmt_count(v['people'])} simulated adults diagnosed "
            "at ages ", Bold(f"{v['age']} to {v['age_high']}"),
            f" in {v['first_year']}–{v['last_year']}, about ", Bold(fmt_count(v["died_all"])),
            " died of ALL, ", Bold(fmt_count(v["died_other"])), " died of other causes and ",
            Bold(fmt_count(v["alive"])), f" were alive {years} {span} after diagnosis.", BREAK,
            Italic(f"Crude probabilities estimated from {fmt_count(v['patients'])} simulated "
                   "patients of that age, as whole people: what happened in a simulated group, "
                   "not what will happen to anyone.")]


@explorer("crude-probabilities")
def make_crude_probabilities_explorer(*, data_dir=None) -> Explorer:
    """Age at diagnosis and years since diagnosis of 100 SIMULATED adults, as icons.

    Every position of the two sliders is computed once, at construction
    (:func:`allstats.currency.crude_grid`: the crude probabilities of the simulated registry for
    each age band and year); a change picks the precomputed row, rounds it to whole people
    (:func:`allstats.currency.in_people`) and recolours the icons in place. The years start at
    the guide's horizon.
    """
    rates = RateTable.us_2019(data_dir)
    registry = simulated_registry(rates, data_dir=data_dir)
    grid = crude_grid(registry, rates)
    start_years = int(horizon_years(data_dir))
    first = grid.at(CRUDE_START_AGE, start_years)
    chart = crude_people_figure(in_people(first["cancer"], first["other"]), age=CRUDE_START_AGE,
                                age_high=CRUDE_START_AGE + CRUDE_AGE_WIDTH - 1,
                                years=start_years, label=SIMULATED_LABEL,
                                source=registry_source(data_dir))
    age = int_slider("Age at diagnosis", value=CRUDE_START_AGE, min=CRUDE_AGES[0],
                     max=CRUDE_AGES[-1], step=CRUDE_AGE_WIDTH, width="420px")
    years = int_slider("Years since diagnosis", value=start_years, min=CRUDE_YEARS[0],
                       max=CRUDE_YEARS[-1], width="420px")

    def update() -> dict:
        row = grid.at(age.value, years.value)
        people = in_people(row["cancer"], row["other"])
        age_high = age.value + CRUDE_AGE_WIDTH - 1
        icons = chart.show(people, age=age.value, age_high=age_high, years=years.value,
                           label=SIMULATED_LABEL)
        return dict(age=age.value, age_high=age_high, years=years.value, people=PEOPLE,
                    patients=int(row["patients"]), cancer=float(row["cancer"]),
                    other=float(row["other"]), alive_share=float(row["alive"]),
                    first_year=registry.first_year, last_year=registry.last_year,
                    icons=icons, **people)

    return connect(Explorer({"age": age, "years": years}, chart,
                            crude_probabilities_readout,
                            artists={"array": chart.array, "legend": chart.legend,
                                     "title": chart.title, "grid": grid},
                            readout_height="5em"), update)
