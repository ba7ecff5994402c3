"""The guide's worked example as an explorer: cohort, expected and relative survival."""

from __future__ import annotations

import ipywidgets as widgets

from .. import charts
from ..data import load
from ..text import figure, fmt_count, fmt_percent, source_line
from ..worked_example import RelativeSurvivalExample, guide_example, relative_survival_example
from .base import Explorer, connect, page_widgets

__all__ = ["WORKED_EXAMPLE_SIZES", "make_worked_example_explorer", "make_inverse_explorer",
           "worked_example_source"]


#: cohort sizes the worked-example explorer offers, with the number of columns of each grid
WORKED_EXAMPLE_SIZES = {100: 10, 1000: 40}


def worked_example_source(data_dir=None) -> str:
    """The source line of the worked example, built from its rows in ``data/figures.csv``."""
    figures = load("figures", data_dir)
    return (source_line(figures[figures["topic"] == "worked_example"], data_dir)
            + ". The example illustrates relative survival; it is not about ALL.")


def make_worked_example_explorer(example: RelativeSurvivalExample | None = None, *,
                                 horizon_years: float | None = None,
                                 controls=("cohort_size", "expected_survival", "relative_survival"),
                                 data_dir=None) -> Explorer:
    """The guide's worked example as an icon array that a student recolours with sliders.

    ``controls`` chooses which of cohort size, expected survival and relative survival the
    student can move; the starting values are the guide's own figures (``data/figures.csv``).
    The readout and the chart show ``expected_alive = cohort x S*`` and
    ``observed_alive = expected_alive x R`` (:func:`allstats.relative_survival_example`).
    """
    if example is None:
        example = guide_example(data_dir)
    if horizon_years is None:
        horizon_years = float(figure("worked-example-horizon", data_dir)["value"])
    unknown = set(controls) - {"cohort_size", "expected_survival", "relative_survival"}
    if unknown:
        raise ValueError(f"unknown controls {sorted(unknown)}; expected some of cohort_size, "
                         "expected_survival, relative_survival")
    if example.cohort_size not in WORKED_EXAMPLE_SIZES:
        raise ValueError(f"cohort_size must be one of {sorted(WORKED_EXAMPLE_SIZES)} to draw it, "
                         f"got {example.cohort_size}")

    style = {"description_width": "initial"}
    slider = dict(min=0.05, max=1.0, step=0.01, readout_format=".0%", style=style,
                  continuous_update=True, layout=widgets.Layout(width="460px"))
    all_controls = {
        "cohort_size": widgets.Dropdown(options=[(f"{n:,}", n) for n in WORKED_EXAMPLE_SIZES],
                                        value=example.cohort_size, description="Cohort size",
                                        style=style),
        "expected_survival": widgets.FloatSlider(value=example.expected_survival,
                                                 description="Expected survival", **slider),
        "relative_survival": widgets.FloatSlider(value=example.relative_survival,
                                                 description="Relative survival", **slider),
    }
    chosen = {name: all_controls[name] for name in all_controls if name in controls}
    chart = charts.worked_example_figure(example, horizon_years=horizon_years,
                                         source=worked_example_source(data_dir),
                                         sizes=WORKED_EXAMPLE_SIZES)
    readout, image = page_widgets()
    explorer = Explorer(chosen, chart.figure, {"chart": chart, "arrays": chart.arrays,
                                                "legend": chart.legend, "title": chart.title},
                        readout, image, dynamic=chart.dynamic,
                        name="worked-example")

    def update():
        ex = relative_survival_example(*(all_controls[name].value for name in all_controls))
        icons = chart.show(ex)
        counts = ex.rounded()
        explorer.values.clear()
        explorer.values.update(counts, icons=icons, example=ex)
        readout.value = (
            f"<b>{fmt_count(ex.cohort_size)}</b> people with the cancer · expected alive without "
            f"it: <b>{fmt_count(counts['expected_alive'])}</b> "
            f"({fmt_percent(round(ex.expected_survival * 100, 1))} of "
            f"{fmt_count(ex.cohort_size)}) · observed alive: "
            f"<b>{fmt_count(counts['observed_alive'])}</b> "
            f"({fmt_percent(round(ex.relative_survival * 100, 1))} of "
            f"{fmt_count(counts['expected_alive'])})")

    explorer.update = update
    return connect(explorer)


def make_inverse_explorer(example: RelativeSurvivalExample | None = None, *,
                          data_dir=None) -> Explorer:
    """The inverse question: from observed and expected survivors back to relative survival.

    Two sliders count people alive at the horizon: those expected alive without the cancer and
    those observed alive with it (never more than expected here). The chart and the readout show
    ``R = observed_alive / expected_alive`` (:func:`allstats.relative_survival_from`).
    """
    if example is None:
        example = guide_example(data_dir)
    horizon_years = float(figure("worked-example-horizon", data_dir)["value"])
    counts = example.rounded()
    cohort = example.cohort_size
    step = max(1, cohort // 100)
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="460px")
    expected = widgets.IntSlider(value=counts["expected_alive"], min=step, max=cohort, step=step,
                                 description="Expected alive", style=style, layout=layout)
    observed = widgets.IntSlider(value=counts["observed_alive"], min=0,
                                 max=counts["expected_alive"], step=step,
                                 description="Observed alive", style=style, layout=layout)
    chart = charts.inverse_figure(cohort, counts["observed_alive"], counts["expected_alive"],
                                  horizon_years=horizon_years, source=worked_example_source(data_dir))
    readout, image = page_widgets()
    explorer = Explorer({"expected_alive": expected, "observed_alive": observed}, chart.figure,
                        {"chart": chart, "bars": chart.bars, "labels": chart.labels,
                         "title": chart.title}, readout, image,
                        dynamic=chart.dynamic, name="inverse")

    def update():
        # observed alive can never exceed expected alive in this example
        observed.max = expected.value
        ratio = chart.show(observed.value, expected.value)
        explorer.values.clear()
        explorer.values.update(expected_alive=expected.value, observed_alive=observed.value,
                               relative_survival=ratio)
        readout.value = (f"relative survival = observed alive ÷ expected alive = "
                         f"<b>{fmt_count(observed.value)}</b> ÷ "
                         f"<b>{fmt_count(expected.value)}</b> = "
                         f"<b>{fmt_percent(round(ratio * 100, 1))}</b>")

    explorer.update = update
    return connect(explorer)
