"""Charts of the notebook "From patients to relative survival": simulated cohorts, never real ones.

Every chart says SIMULATED in its title and carries the label ``simulate.SIMULATED_LABEL``.
Colours keep their meaning across the notebooks (``ROLE``): observed black, expected grey,
relative blue, net survival (Pohar Perme) green; in the explorer the grey band holds the deaths
expected without the cancer and the orange band the extra deaths, as in the worked example.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..simulate import SIMULATED_LABEL, CurveGrid, values_at
from ..text import fmt_fraction, fmt_number
from .alt import Described, Description, sentence
from .base import PALETTE, ROLE, STYLE, TEXT, add_source_line, finish, new_figure, styled, text_colour

__all__ = ["SURVIVAL_LINE_COLOURS", "simulated_badge",
           "age_pattern_title",
           "AgePatternArtists", "age_pattern_figure",
           "CohortSurvivalArtists", "cohort_survival_figure",
           "EstimatorArtists", "estimator_comparison_figure",
           "SimulatedCohortArtists", "simulated_cohort_figure", "simulated_cohort_title"]

#: the three curves, coloured by their role in every notebook
SURVIVAL_LINE_COLOURS = {"observed": ROLE["observed"], "expected": ROLE["expected"],
                         "relative": ROLE["relative"]}
#: the bars of ages drawn from an assumption (dots: not a secondary source's stripes)
_ASSUMPTION_HATCH = ".."


def simulated_badge(ax, *, x: float = 0.99, y: float = 0.99, ha: str = "right",
                    two_lines: bool = False):
    """The SIMULATED label in a box, in axes coordinates; returns the Text."""
    label = SIMULATED_LABEL.replace(", ", ",\n") if two_lines else SIMULATED_LABEL
    return ax.text(x, y, label, transform=ax.transAxes, ha=ha, va="top", fontsize=12,
                   fontweight="bold", color=TEXT["vermillion"],
                   bbox=dict(boxstyle="round,pad=0.3", facecolor="white",
                             edgecolor=PALETTE["vermillion"], linewidth=1.2))


# --------------------------------------------------------------------------------------------
# Ages at diagnosis of the simulated cohorts
# --------------------------------------------------------------------------------------------


def age_pattern_title(patterns: dict) -> str:
    """e.g. 'SIMULATED ages at diagnosis: children peak at ages 1–4 (MMWR rates); adult ages
    assumed' — the peak is the group with the highest weight per single year of age."""
    parts = []
    for pattern in patterns.values():
        if (pattern["basis"] == "assumption").all():
            continue
        per_year = pattern["weight"] / (pattern["age_high"] - pattern["age_low"] + 1)
        peak = pattern.loc[per_year.idxmax()]
        parts.append(f"children peak at ages {int(peak['age_low'])}–{int(peak['age_high'])} "
                     f"({pattern['basis'].iloc[0]})")
    if any((p["basis"] == "assumption").all() for p in patterns.values()):
        parts.append("adult ages assumed")
    return "SIMULATED ages at diagnosis:\n" + "; ".join(parts)


@dataclass
class AgePatternArtists(Described):
    figure: object
    ax: object
    bars: dict          # group -> BarContainer (simulated patients per single year of age)
    lines: dict         # group -> Line2D (the count the age pattern expects per year of age)
    counts: dict        # group -> patients per single year of age (index: age)
    title: object
    source: object


def _per_year(ages: np.ndarray, low: int, high: int) -> pd.Series:
    years = np.arange(low, high + 1)
    counts = np.bincount(np.floor(ages).astype(int) - low, minlength=len(years))[:len(years)]
    return pd.Series(counts, index=years)


@styled
def age_pattern_figure(cohorts: dict, patterns: dict, *, labels: dict, title: str,
                       source: str) -> AgePatternArtists:
    """Simulated patients per single year of age at diagnosis, one colour per cohort.

    cohorts: group -> ages (years) of its simulated patients; patterns: group -> its
    :func:`allstats.simulate.age_pattern` (the line is n x weight / years in the group, the count
    the pattern expects at each single year). Groups whose pattern's basis is "assumption" are
    hatched and their legend entry says so.
    """
    fig, ax = new_figure(10, 5.6)
    source_text = add_source_line(fig, source)
    bars, lines, counts = {}, {}, {}
    colours = {"children": ROLE["children"], "adults": ROLE["adults"]}
    for group, ages in cohorts.items():
        pattern = patterns[group]
        low, high = int(pattern["age_low"].min()), int(pattern["age_high"].max())
        counts[group] = _per_year(np.asarray(ages, float), low, high)
        assumed = (pattern["basis"] == "assumption").all()
        label = labels[group] + (" (simulated; ages an assumption)" if assumed
                                 else " (simulated)")
        bars[group] = ax.bar(counts[group].index, counts[group].to_numpy(), width=1.0,
                             align="edge", color=colours.get(group, PALETTE["blue"]), alpha=0.55,
                             hatch=_ASSUMPTION_HATCH if assumed else None, edgecolor="white",
                             linewidth=0.3, label=label)
        width = pattern["age_high"] - pattern["age_low"] + 1
        per_year = len(ages) * pattern["weight"] / width
        x = np.concatenate([[a, b + 1] for a, b in zip(pattern["age_low"], pattern["age_high"])])
        y = np.repeat(per_year.to_numpy(), 2)
        (lines[group],) = ax.plot(x, y, color=colours.get(group, PALETTE["blue"]), linewidth=2.5,
                                  label=f"expected from the {pattern['basis'].iloc[0]}")
    ax.set_xlim(0, max(int(p["age_high"].max()) + 1 for p in patterns.values()))
    handles = [artist for group in cohorts for artist in (bars[group], lines[group])]
    ax.legend(handles, [h.get_label() for h in handles], frameon=False, loc="upper right")
    simulated_badge(ax, x=0.99, y=0.55)
    title_text = finish(ax, title=title, xlabel="age at diagnosis (years)",
                        ylabel="simulated patients per year of age")
    artists = AgePatternArtists(fig, ax, bars, lines, counts, title_text, source_text)
    rows = []
    for group, ages in cohorts.items():
        pattern = patterns[group]
        for _, band in pattern.iterrows():
            low, high = int(band["age_low"]), int(band["age_high"])
            drawn = counts[group].loc[low:high].sum()
            rows.append({"cohort (simulated)": labels[group], "ages": f"{low}–{high}",
                         "simulated patients": f"{int(drawn):,}",
                         "expected from the weights": fmt_number(len(ages) * band["weight"], 1),
                         "basis": band["basis"]})
    artists.description = Description(
        sentence("SIMULATED patients, not real ones. Bar chart of the simulated patients at each "
                 "single year of age at diagnosis, one colour per cohort "
                 f"({', '.join(labels[g] for g in cohorts)}), with a line at the count the age "
                 "pattern expects", title),
        pd.DataFrame(rows), source_text.get_text())
    return artists


# --------------------------------------------------------------------------------------------
# Observed, expected and relative survival of one cohort
# --------------------------------------------------------------------------------------------


@dataclass
class CohortSurvivalArtists(Described):
    figure: object
    ax: object
    lines: dict         # observed / expected / relative -> Line2D
    points: dict        # the same -> Line2D marker at the horizon
    labels: dict        # the same -> Text at the horizon
    published: object   # Line2D of the published figure
    published_label: object
    badge: object
    title: object
    source: object
    values: dict        # the three values at the horizon (fractions)


@styled
def cohort_survival_figure(curves: pd.DataFrame, *, horizon: float, published: pd.Series,
                           published_source: str, group_label: str, source: str,
                           x_max: float | None = None) -> CohortSurvivalArtists:
    """Observed (Kaplan–Meier), expected (life table) and relative survival of a simulated
    cohort on one chart, with the horizon's values marked and the published figure as a line.

    curves: :func:`allstats.simulate.survival_curves`; published: its ``survival_by_age`` row,
    whose source is named ``published_source`` (e.g. 'Cancer.Net').
    """
    fig, ax = new_figure(10, 6.2)
    source_text = add_source_line(fig, source)
    values = values_at(curves, horizon)
    names = {"observed": "observed (Kaplan–Meier)", "expected": "expected (US life tables)",
             "relative": "relative (Ederer II)"}
    lines, points, labels = {}, {}, {}
    # observed wider than relative, so that both show where they coincide (children)
    widths = {"observed": 4.2, "expected": 2.5, "relative": 2.2}
    for key, name in names.items():
        step = "steps-post" if key != "expected" else "default"
        (lines[key],) = ax.plot(curves["years"], 100 * curves[key], drawstyle=step,
                                color=SURVIVAL_LINE_COLOURS[key], linewidth=widths[key],
                                label=name, linestyle="--" if key == "expected" else "-")
        (points[key],) = ax.plot([horizon], [100 * values[key]], "o", markersize=9,
                                 color=SURVIVAL_LINE_COLOURS[key], zorder=5)
    # observed below left of its point, relative and expected above right of theirs
    offsets = {"observed": (-8, -6, "right", "top"), "relative": (8, 6, "left", "bottom"),
               "expected": (8, 6, "left", "bottom")}
    for key, (dx, dy, ha, va) in offsets.items():
        labels[key] = ax.annotate(fmt_fraction(values[key]), (horizon, 100 * values[key]),
                                  xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                  fontsize=14, fontweight="bold",
                                  color=text_colour(SURVIVAL_LINE_COLOURS[key]),
                                  bbox=dict(boxstyle="round,pad=0.15", facecolor="white",
                                            edgecolor="none"), zorder=6)
    ax.axvline(horizon, color=PALETTE["grey"], linewidth=1, linestyle=":")
    secondary = " — secondary source" if published["verification"] == "secondary" else ""
    # the published figure is named in the legend, where no curve can run over its words
    published_line = ax.axhline(
        float(published["percent"]), color=PALETTE["orange"], linewidth=2,
        linestyle=(0, (6, 3)), zorder=1,
        label=(f"published: {float(published['percent']):g}% "
               f"({published_source}, {int(published['edition_year'])}){secondary}"))
    x_max = float(curves["years"].max()) if x_max is None else x_max
    ax.set_xlim(0, x_max)
    ax.set_ylim(0, 108)
    legend = ax.legend(frameon=False, loc="lower left")
    published_text = legend.get_texts()[-1]
    badge = simulated_badge(ax, y=0.6)
    years = f"{horizon:g}"
    title_text = finish(ax, title=(f"SIMULATED cohort, {group_label}:\n{years}-year relative "
                                   f"survival {fmt_fraction(values['relative'])}, observed "
                                   f"{fmt_fraction(values['observed'])}"),
                        xlabel="years since diagnosis", ylabel="survival (%)")
    description = Description(
        sentence(f"Line chart of a SIMULATED cohort ({group_label}), not real patients: its "
                 f"observed, expected and relative survival over {x_max:g} years since "
                 f"diagnosis, the values at {years} years marked, and a dashed line at the "
                 f"published figure, {float(published['percent']):g}% ({published_source})",
                 title_text.get_text()),
        pd.DataFrame({"survival": [names[k] for k in names] + ["published figure"],
                      f"after {years} years": [fmt_fraction(values[k]) for k in names]
                      + [f"{float(published['percent']):g}%"]}),
        source_text.get_text())
    return _described(description, CohortSurvivalArtists(fig, ax, lines, points, labels, published_line, published_text,
                                 badge, title_text, source_text, values))


def _described(description, artists):
    artists.description = description
    return artists


# --------------------------------------------------------------------------------------------
# Ederer II against Pohar Perme
# --------------------------------------------------------------------------------------------


@dataclass
class EstimatorArtists(Described):
    figure: object
    axes: list          # top row: the curves, one panel per cohort
    error_axes: list    # bottom row: each estimate minus the true net survival (points)
    lines: dict         # panel -> {"ederer2", "pohar_perme", "true_net"} -> Line2D
    error_lines: dict   # panel -> {"ederer2", "pohar_perme"} -> Line2D (points)
    gap_labels: dict    # panel -> Text
    gaps: dict          # panel -> Ederer II minus Pohar Perme at `at_years`, percentage points
    title: object
    source: object


_ESTIMATOR_STYLE = {"ederer2": ("Ederer II (registry standard)", ROLE["relative"], "-", 2.5),
                    "pohar_perme": ("Pohar Perme (net survival)", ROLE["net"], "-", 2.5),
                    "true_net": ("true net survival of the simulation", PALETTE["black"], ":",
                                 2.2)}


@styled
def estimator_comparison_figure(panels: dict, *, at_years: float, source: str,
                                x_max: float | None = None) -> EstimatorArtists:
    """Ederer II and Pohar Perme side by side, one panel per cohort, with the true net survival
    (known only because the cohorts are simulated); under each panel, each estimate minus the
    truth in percentage points, so that a gap of a point or two can be seen.

    panels: panel title -> :func:`allstats.simulate.estimator_curves`. Each panel writes the three
    values at ``at_years``; the title names the panel with the largest gap Ederer II - Pohar Perme.
    """
    import matplotlib.pyplot as plt

    with plt.ioff():
        fig, grid = plt.subplots(2, len(panels), figsize=(12, 7.8), sharex="col",
                                 gridspec_kw={"height_ratios": [3, 1.35]}, squeeze=False)
    axes, error_axes = list(grid[0]), list(grid[1])
    source_text = add_source_line(fig, source)
    lines, error_lines, gap_labels, gaps = {}, {}, {}, {}
    worst = 0.0
    for ax, low, (panel, curves) in zip(axes, error_axes, panels.items()):
        end = float(curves["years"].max()) if x_max is None else x_max
        lines[panel], error_lines[panel] = {}, {}
        for key, (name, colour, style, width) in _ESTIMATOR_STYLE.items():
            step = "default" if key == "true_net" else "steps-post"
            (lines[panel][key],) = ax.plot(curves["years"], 100 * curves[key], drawstyle=step,
                                           color=colour, linestyle=style, linewidth=width,
                                           label=name)
            if key != "true_net":
                error = 100 * (curves[key] - curves["true_net"])
                (error_lines[panel][key],) = low.plot(curves["years"], error, drawstyle=step,
                                                      color=colour, linewidth=2)
                shown = curves["years"] <= min(end, at_years * 1.25)
                worst = max(worst, float(np.abs(error[shown]).max()))
        low.axhline(0, color=PALETTE["black"], linestyle=":", linewidth=1.5)
        at = values_at(curves, at_years)
        gaps[panel] = 100 * (at["ederer2"] - at["pohar_perme"])
        for a in (ax, low):
            a.axvline(at_years, color=PALETTE["grey"], linewidth=1, linestyle=":")
        gap_labels[panel] = ax.text(
            0.97, 0.72, f"at {at_years:g} years:\nEderer II {fmt_fraction(at['ederer2'])}\n"
            f"Pohar Perme {fmt_fraction(at['pohar_perme'])}\ntrue {fmt_fraction(at['true_net'])}",
            transform=ax.transAxes, ha="right", va="top", fontsize=12)
        ax.set_title(panel, loc="left", fontsize=STYLE["axes.titlesize"] - 1)
        ax.set_xlim(0, end)
        ax.set_ylim(0, 106)
        low.set_xlabel("years since diagnosis")
        simulated_badge(ax, y=0.99)
    limit = max(2.0, float(np.ceil(worst)))
    for low in error_axes:
        low.set_ylim(-limit, limit)
    for ax in axes[1:] + error_axes[1:]:
        ax.tick_params(labelleft=False)
    axes[0].set_ylabel("net survival (%)")
    error_axes[0].set_ylabel("minus true\n(points)")
    axes[-1].legend(frameon=True, framealpha=0.9, edgecolor="none", loc="lower left",
                    fontsize=12)
    widest = max(gaps, key=lambda k: abs(gaps[k]))
    title = fig.suptitle(
        f"SIMULATED cohorts: after {at_years:g} years Ederer II is "
        f"{abs(gaps[widest]):.1f} points {'above' if gaps[widest] >= 0 else 'below'} "
        f"Pohar Perme\nfor {widest}", x=0.01, ha="left", fontsize=STYLE["axes.titlesize"],
        fontweight="bold")
    fig.subplots_adjust(top=0.86, wspace=0.06, hspace=0.12, left=0.08, right=0.98)
    rows = []
    for panel, curves in panels.items():
        at = values_at(curves, at_years)
        rows.append({"cohort (simulated)": panel,
                     f"Ederer II at {at_years:g} years": fmt_fraction(at["ederer2"]),
                     f"Pohar Perme at {at_years:g} years": fmt_fraction(at["pohar_perme"]),
                     "true net survival": fmt_fraction(at["true_net"]),
                     "Ederer II minus Pohar Perme (points)": f"{gaps[panel]:.1f}"})
    return _described(Description(
        sentence(f"SIMULATED cohorts, not real patients. {len(panels)} panels, one per cohort "
                 f"({'; '.join(panels)}): lines of net survival estimated by Ederer II and by "
                 "Pohar Perme against the true net survival of the simulation; under each, "
                 "each estimate minus the truth in percentage points", title.get_text()),
        pd.DataFrame(rows), source_text.get_text()),
        EstimatorArtists(fig, axes, error_axes, lines, error_lines, gap_labels, gaps, title,
                         source_text))


# --------------------------------------------------------------------------------------------
# The explorer's figure: one simulated cohort at a chosen age and excess hazard
# --------------------------------------------------------------------------------------------


def simulated_cohort_title(age_low: float, age_high: float, relative: float,
                           observed: float) -> str:
    """e.g. 'Simulated, ages 80–84: relative survival 44.7%, observed 29.4%'."""
    return (f"Simulated, ages {age_low:g}–{age_high:g}: relative survival {fmt_fraction(relative)}, "
            f"observed {fmt_fraction(observed)}")


def _band(x, lower, upper) -> np.ndarray:
    """Vertices of the area between two curves over x, for PolyCollection.set_verts."""
    return np.concatenate([np.column_stack([x, lower]), np.column_stack([x[::-1], upper[::-1]])])


@dataclass
class SimulatedCohortArtists(Described):
    """The explorer's chart: three curves, two bands, the horizon's points and values, a title.

    The legend is static; the values at the horizon are three short texts beside it (redrawing a
    legend on every change would cost more than the rest of the chart together)."""

    figure: object
    ax: object
    grid: CurveGrid
    horizon: float
    horizon_index: int
    lines: dict
    bands: dict         # "expected_deaths": expected -> 100%; "excess_deaths": observed -> expected
    points: dict
    readings: dict      # observed / expected / relative -> Text of its value at the horizon
    legend: object
    title: object
    source: object

    @property
    def dynamic(self) -> list:
        return [*self.bands.values(), *self.lines.values(), *self.points.values(),
                *self.readings.values(), self.title]

    def show(self, age: float, excess_hazard: float) -> dict[str, float]:
        """Show the grid's curves for (age, excess hazard); returns the horizon's values."""
        curves = self.grid.at(age, excess_hazard)
        years = curves["years"]
        top = np.full(len(years), 100.0)
        observed, expected = 100 * curves["observed"], 100 * curves["expected"]
        relative = 100 * curves["relative"]
        for key, y in (("observed", observed), ("expected", expected), ("relative", relative)):
            self.lines[key].set_data(years, y)
            self.points[key].set_data([self.horizon], [y[self.horizon_index]])
        self.bands["expected_deaths"].set_verts([_band(years, expected, top)])
        self.bands["excess_deaths"].set_verts([_band(years, observed, expected)])
        k = self.horizon_index
        values = {key: float(curves[key][k]) for key in ("observed", "expected", "relative")}
        for key, text in self.readings.items():
            text.set_text(fmt_fraction(values[key]))
        age_high = age + self.grid.width - 1
        self.title.set_text(simulated_cohort_title(age, age_high, values["relative"],
                                                   values["observed"]))
        horizon = f"{self.horizon:g}"
        self.description = Description(
            sentence(f"Line chart of a SIMULATED cohort, not real patients, aged {age:g} to "
                     f"{age_high:g} at diagnosis with an excess hazard of {excess_hazard:.2f} "
                     f"a year: observed, expected and relative survival over "
                     f"{float(self.grid.years[-1]):g} years. After {horizon} years: observed "
                     f"{fmt_fraction(values['observed'])}, expected "
                     f"{fmt_fraction(values['expected'])}, relative "
                     f"{fmt_fraction(values['relative'])}", self.title.get_text()),
            pd.DataFrame({"survival": ["observed", "expected", "relative"],
                          f"after {horizon} years": [fmt_fraction(values[k]) for k in
                                                     ("observed", "expected", "relative")]}),
            self.source.get_text())
        return values


@styled
def simulated_cohort_figure(grid: CurveGrid, *, age: float, excess_hazard: float,
                            horizon: float, source: str) -> SimulatedCohortArtists:
    """Observed, expected and relative survival of a simulated cohort from a :class:`CurveGrid`.

    The axes never move (0 to the grid's last year, 0 to 110%); :meth:`SimulatedCohortArtists.show`
    swaps in another position's curves. The grey band above the expected curve holds the people
    who would have died without the cancer, the orange band between expected and observed the
    extra deaths. The points and the texts beside the legend give the values at ``horizon`` years.
    """
    import matplotlib.patches
    from matplotlib.collections import PolyCollection

    hits = np.flatnonzero(np.isclose(grid.years, horizon))
    if len(hits) != 1:
        raise ValueError(f"the grid's years must include the horizon {horizon}")
    fig, ax = new_figure(10, 6.2)
    source_text = add_source_line(fig, source)
    empty = np.zeros((0, 2))
    bands = {key: ax.add_collection(PolyCollection([empty], facecolors=colour, alpha=alpha,
                                                   linewidths=0))
             for key, colour, alpha in (("expected_deaths", ROLE["expected_death"], 0.3),
                                        ("excess_deaths", ROLE["excess_death"], 0.25))}
    lines, points = {}, {}
    styles = {"observed": "-", "expected": "--", "relative": "-"}
    # observed wider than relative, so that both show where they coincide (young ages)
    widths = {"observed": 4.2, "expected": 2.8, "relative": 2.2}
    for key in ("observed", "expected", "relative"):
        (lines[key],) = ax.plot([], [], color=SURVIVAL_LINE_COLOURS[key], linewidth=widths[key],
                                linestyle=styles[key])
        (points[key],) = ax.plot([], [], "o", color=SURVIVAL_LINE_COLOURS[key], markersize=9,
                                 zorder=5)
    ax.axvline(horizon, color=PALETTE["grey"], linewidth=1, linestyle=":")
    ax.set_xlim(0, float(grid.years[-1]))
    ax.set_ylim(0, 110)
    ax.set_yticks(np.arange(0, 101, 20))
    band_handles = [matplotlib.patches.Patch(color=ROLE["expected_death"], alpha=0.3),
                    matplotlib.patches.Patch(color=ROLE["excess_death"], alpha=0.25)]
    legend = ax.legend([lines["observed"], lines["expected"], lines["relative"], *band_handles],
                       ["observed", "expected", "relative",
                        "would have died anyway", "extra deaths (the cancer)"],
                       loc="upper left", bbox_to_anchor=(1.01, 1.02), fontsize=13,
                       frameon=False, alignment="left")
    ax.text(1.03, 0.5, f"after {horizon:g} years:", transform=ax.transAxes, ha="left",
            va="bottom", fontsize=13)
    reading_colours = {"observed": ROLE["observed"], "expected": "#666666",
                       "relative": ROLE["relative"]}
    # the words are static; only the numbers (a few glyphs each) are redrawn
    readings = {}
    for i, (key, colour) in enumerate(reading_colours.items()):
        y = 0.47 - 0.075 * i
        ax.text(1.03, y, key, transform=ax.transAxes, ha="left", va="top", fontsize=14,
                fontweight="bold", color=colour)
        readings[key] = ax.text(1.46, y, "", transform=ax.transAxes, ha="right", va="top",
                                fontsize=14, fontweight="bold", color=colour)
    simulated_badge(ax, x=1.03, y=0.16, ha="left", two_lines=True)
    title = finish(ax, title="", xlabel="years since diagnosis", ylabel="survival (%)")
    fig.subplots_adjust(right=0.66)
    artists = SimulatedCohortArtists(fig, ax, grid, float(horizon), int(hits[0]), lines, bands,
                                     points, readings, legend, title, source_text)
    artists.show(age, excess_hazard)
    return artists
