"""Explorers: a figure and the controls a student moves, updated in place.

Each factory builds its figure once, keeps handles on the artists, and on every control change
updates them (``set_facecolor``, ``set_height``, ``set_data``, ``set_text``) before redrawing
the canvas with ``draw_idle``. The figure reaches the page as an ``ipywidgets.Image`` that is
refreshed from the Agg canvas, so the same explorer works in JupyterLab, in Voila and under
nbval, with no Output widget to route. Tests drive an explorer by setting ``.value`` on its
controls and reading :attr:`Explorer.values` and the artists.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Callable

import ipywidgets as widgets

from . import charts
from .data import load
from .text import figure, fmt_count, fmt_number, fmt_percent, source_line
from .worked_example import RelativeSurvivalExample, guide_example, relative_survival_example

__all__ = ["Explorer", "figure_png", "make_worked_example_explorer", "WORKED_EXAMPLE_SIZES"]


def figure_png(fig, dpi: int | None = None) -> bytes:
    """The figure drawn on its Agg canvas, as PNG bytes."""
    buffer = io.BytesIO()
    # light compression: a third faster than the default and the page gets it just as well
    fig.savefig(buffer, format="png", dpi=dpi or fig.dpi, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


@dataclass
class Explorer:
    """Controls, figure and artists of one explorer, plus the numbers it currently shows."""

    controls: dict[str, widgets.Widget]
    figure: object
    artists: dict
    readout: widgets.HTML
    image: widgets.Image
    update: Callable[[], None]
    values: dict = field(default_factory=dict)

    @property
    def widget(self) -> widgets.Widget:
        """What a notebook displays: the controls, the numbers, the chart."""
        return widgets.VBox([widgets.HBox(list(self.controls.values())), self.readout, self.image],
                            layout=widgets.Layout(width="100%"))

    def refresh(self) -> None:
        """Redraw the canvas and send the new picture to the page."""
        self.figure.canvas.draw_idle()
        self.image.value = figure_png(self.figure)

    def _ipython_display_(self):  # pragma: no cover - exercised in notebooks
        from IPython.display import display
        display(self.widget)


def _connect(explorer: Explorer) -> Explorer:
    def on_change(_change=None):
        explorer.update()
        explorer.refresh()
    for control in explorer.controls.values():
        control.observe(on_change, names="value")
    on_change()
    return explorer


#: cohort sizes the worked-example explorer offers, with the grid (rows x columns) of each
WORKED_EXAMPLE_SIZES = {100: 10, 1000: 40}


def make_worked_example_explorer(example: RelativeSurvivalExample | None = None, *,
                                 horizon_years: float | None = None,
                                 controls=("cohort_size", "expected_survival", "relative_survival"),
                                 data_dir=None) -> Explorer:
    """The guide's worked example as an icon array of the cohort with the cancer.

    Each icon is one person of the cohort: alive at the horizon (``observed_alive``), dead of the
    causes they would have died of anyway (``cohort_size - expected_alive``), or an extra death
    that the cancer brings (``expected_alive - observed_alive``). ``controls`` chooses which of
    cohort size, expected survival and relative survival the student can move; the defaults come
    from the guide's own figures in ``data/figures.csv``.
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
                  continuous_update=True, layout=widgets.Layout(width="340px"))
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

    colours = {"alive": charts.ROLE["alive"], "excess_death": charts.ROLE["excess_death"],
               "expected_death": charts.ROLE["expected_death"]}
    fig, ax = charts.new_figure(10, 6.2)
    figures = load("figures", data_dir)
    charts.add_source_line(fig, source_line(figures[figures["topic"] == "worked_example"], data_dir)
                           + ". The example illustrates relative survival; it is not about ALL.")
    arrays = {}
    for size, columns in WORKED_EXAMPLE_SIZES.items():
        arrays[size] = charts.icon_array(ax, {"alive": size, "excess_death": 0,
                                              "expected_death": 0}, colours, columns=columns)
    handles = [charts.matplotlib.patches.Patch(color=c) for c in colours.values()]
    legend = ax.legend(handles, ["", "", ""], loc="upper center", bbox_to_anchor=(0.5, 0.0),
                       ncol=3, frameon=False, fontsize=13, handlelength=1.2)
    title = ax.set_title("", loc="left", fontsize=charts.STYLE["axes.titlesize"],
                         fontweight="bold")
    readout = widgets.HTML()
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="900px", width="100%"))
    explorer = Explorer(chosen, fig, {"arrays": arrays, "legend": legend, "title": title},
                        readout, image, update=lambda: None)

    def current() -> RelativeSurvivalExample:
        get = {name: all_controls[name].value for name in all_controls}
        return relative_survival_example(get["cohort_size"], get["expected_survival"],
                                         get["relative_survival"])

    def update():
        ex = current()
        counts = ex.rounded()
        icons = {"alive": counts["observed_alive"], "excess_death": counts["excess_deaths"],
                 "expected_death": counts["expected_deaths"]}
        for size, array in arrays.items():
            array.collection.set_visible(size == ex.cohort_size)
        arrays[ex.cohort_size].recolour(icons, colours)
        years = fmt_number(horizon_years)
        texts = [f"{fmt_count(icons['alive'])} alive after {years} years",
                 f"{fmt_count(icons['excess_death'])} extra deaths (the cancer)",
                 f"{fmt_count(icons['expected_death'])} deaths expected anyway"]
        for text, label in zip(legend.get_texts(), texts):
            text.set_text(label)
        title.set_text(f"Relative survival {fmt_percent(round(ex.relative_survival * 100, 1))}: "
                       f"{fmt_count(icons['alive'])} of {fmt_count(ex.cohort_size)} alive at "
                       f"{years} years")
        explorer.values.clear()
        explorer.values.update(counts, example=ex)
        readout.value = (
            f"<b>{fmt_count(ex.cohort_size)}</b> people with the cancer · expected alive without "
            f"it: <b>{fmt_count(counts['expected_alive'])}</b> "
            f"({fmt_percent(round(ex.expected_survival * 100, 1))} of "
            f"{fmt_count(ex.cohort_size)}) · observed alive: "
            f"<b>{fmt_count(counts['observed_alive'])}</b> "
            f"({fmt_percent(round(ex.relative_survival * 100, 1))} of "
            f"{fmt_count(counts['expected_alive'])})")

    explorer.update = update
    return _connect(explorer)
