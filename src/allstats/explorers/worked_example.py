"""The guide's worked example as an explorer: cohort, expected and relative survival."""

from __future__ import annotations

from .. import catalogue as ids
from ..charts.worked_example import inverse_figure, worked_example_figure
from ..data import load
from ..text import figure, fmt_count, fmt_percent, source_line
from ..worked_example import (WORKED_EXAMPLE_START_SIZE, RelativeSurvivalExample, guide_example,
                              relative_survival_example)
from .base import Bold, Explorer, connect, dropdown, explorer, float_slider, int_slider

__all__ = ["WORKED_EXAMPLE_SIZES", "WORKED_EXAMPLE_START_SIZE", "worked_example_readout", "make_worked_example_explorer",
           "inverse_readout", "make_inverse_explorer", "worked_example_source"]


#: cohort sizes the worked-example explorer offers, with the number of columns of each grid
WORKED_EXAMPLE_SIZES = {100: 10, 1000: 50}
# the explorer starts with the guide's proportions on WORKED_EXAMPLE_START_SIZE people
# (allstats.worked_example, where the lessons read it too)


def worked_example_source(data_dir=None) -> str:
    """The source line of the worked example, built from its rows in ``data/figures.csv``."""
    figures = load("figures", data_dir)
    return (source_line(figures[figures["topic"] == "worked_example"], data_dir)
            + ". The example illustrates relative survival; it is not about ALL.")


def _horizon(data_dir) -> float:
    return float(figure(ids.WORKED_EXAMPLE["horizon"], data_dir)["value"])


def worked_example_readout(v: dict) -> list:
    """Cohort, expected alive (cohort × S*) and observed alive (expected × R)."""
    ex = v["example"]
    return [Bold(fmt_count(ex.cohort_size)), " people with the cancer · expected alive without "
            "it: ", Bold(fmt_count(v["expected_alive"])),
            f" ({fmt_percent(round(ex.expected_survival * 100, 1))} of "
            f"{fmt_count(ex.cohort_size)}) · observed alive: ",
            Bold(fmt_count(v["observed_alive"])),
            f" ({fmt_percent(round(ex.relative_survival * 100, 1))} of "
            f"{fmt_count(v['expected_alive'])})"]


@explorer("worked-example")
def make_worked_example_explorer(example: RelativeSurvivalExample | None = None, *,
                                 horizon_years: float | None = None,
                                 controls=("cohort_size", "expected_survival", "relative_survival"),
                                 cohort_size: int = WORKED_EXAMPLE_START_SIZE,
                                 data_dir=None) -> Explorer:
    """The guide's worked example as an icon array that a student recolours with sliders.

    ``controls`` chooses which of cohort size, expected survival and relative survival the
    student can move; the starting proportions are the guide's own figures
    (``data/figures.csv``), on ``cohort_size`` people unless ``example`` is given.
    The readout and the chart show ``expected_alive = cohort x S*`` and
    ``observed_alive = expected_alive x R`` (:func:`allstats.relative_survival_example`).
    """
    if example is None:
        guide = guide_example(data_dir)
        example = relative_survival_example(cohort_size, guide.expected_survival,
                                            guide.relative_survival)
    if horizon_years is None:
        horizon_years = _horizon(data_dir)
    unknown = set(controls) - {"cohort_size", "expected_survival", "relative_survival"}
    if unknown:
        raise ValueError(f"unknown controls {sorted(unknown)}; expected some of cohort_size, "
                         "expected_survival, relative_survival")
    if example.cohort_size not in WORKED_EXAMPLE_SIZES:
        raise ValueError(f"cohort_size must be one of {sorted(WORKED_EXAMPLE_SIZES)} to draw it, "
                         f"got {example.cohort_size}")
    survival = dict(min=0.05, max=1.0, step=0.01, readout_format=".0%")
    all_controls = {
        "cohort_size": dropdown("Cohort size", [(f"{n:,}", n) for n in WORKED_EXAMPLE_SIZES],
                                value=example.cohort_size),
        "expected_survival": float_slider("Expected survival", value=example.expected_survival,
                                          **survival),
        "relative_survival": float_slider("Relative survival", value=example.relative_survival,
                                          **survival),
    }
    chosen = {name: all_controls[name] for name in all_controls if name in controls}
    chart = worked_example_figure(example, horizon_years=horizon_years,
                                  source=worked_example_source(data_dir),
                                  sizes=WORKED_EXAMPLE_SIZES)

    def update() -> dict:
        ex = relative_survival_example(*(all_controls[name].value for name in all_controls))
        icons = chart.show(ex)
        return dict(ex.rounded(), icons=icons, example=ex)

    return connect(Explorer(chosen, chart, worked_example_readout,
                            artists={"arrays": chart.arrays, "legend": chart.legend,
                                     "title": chart.title}), update)


def inverse_readout(v: dict) -> list:
    """R = observed alive ÷ expected alive."""
    return ["relative survival = observed alive ÷ expected alive = ",
            Bold(fmt_count(v["observed_alive"])), " ÷ ", Bold(fmt_count(v["expected_alive"])),
            " = ", Bold(fmt_percent(round(v["relative_survival"] * 100, 1)))]


@explorer("inverse")
def make_inverse_explorer(example: RelativeSurvivalExample | None = None, *,
                          data_dir=None) -> Explorer:
    """The inverse question: from observed and expected survivors back to relative survival.

    Two sliders count people alive at the horizon: those expected alive without the cancer and
    those observed alive with it (never more than expected here). The chart and the readout show
    ``R = observed_alive / expected_alive`` (:func:`allstats.relative_survival_from`).
    """
    if example is None:
        example = guide_example(data_dir)
    counts = example.rounded()
    cohort = example.cohort_size
    step = max(1, cohort // 100)
    expected = int_slider("Expected alive", value=counts["expected_alive"], min=step, max=cohort,
                          step=step, width="460px")
    observed = int_slider("Observed alive", value=counts["observed_alive"], min=0,
                          max=counts["expected_alive"], step=step, width="460px")
    chart = inverse_figure(cohort, counts["observed_alive"], counts["expected_alive"],
                           horizon_years=_horizon(data_dir),
                           source=worked_example_source(data_dir))

    def update() -> dict:
        # observed alive can never exceed expected alive in this example
        observed.max = expected.value
        ratio = chart.show(observed.value, expected.value)
        return dict(expected_alive=expected.value, observed_alive=observed.value,
                    relative_survival=ratio)

    return connect(Explorer({"expected_alive": expected, "observed_alive": observed}, chart,
                            inverse_readout, artists={"bars": chart.bars, "labels": chart.labels,
                                                      "title": chart.title}), update)
