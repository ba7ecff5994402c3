"""Charts of the notebook "How current is a survival figure?": a SIMULATED registry, never a real one.

Every chart says SIMULATED in its title and carries the badge of :func:`.patients.simulated_badge`
with the registry's label. The charts only draw: frames and numbers from :mod:`allstats.currency`
in, artists out.

- :func:`approaches_figure`: the cohort, complete and period estimates of 5-year net survival
  against the truth for people diagnosed in the registry's last year, and the true net survival
  by year of diagnosis, on which each estimate finds the year it describes.
- :func:`crude_people_figure`: 100 simulated adults at a time since diagnosis: died of ALL, died
  of other causes, alive (the explorer's chart; ``show`` recolours the icons in place).
- :func:`age_mix_figure`: two populations with the same survival at each age but different age
  mixes: their "all ages" figures differ, their age-standardised figures agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.lines
import matplotlib.patches
import numpy as np
import pandas as pd

from ..text import fmt_count, fmt_fraction, fmt_number, fmt_percent
from .alt import Described, Description, sentence
from .base import (GRID, PALETTE, ROLE, add_source_line, icon_array, mark_secondary, new_figure,
                   secondary_handle, styled, text_colour)
from .patients import simulated_badge

__all__ = ["APPROACH_COLOURS", "APPROACH_NAMES", "ApproachesArtists", "approaches_figure",
           "CRUDE_COLOURS", "CrudePeopleArtists", "crude_people_figure",
           "AGE_MIX_COLOURS", "AgeMixArtists", "age_mix_figure"]

#: one colour per approach, the same in the chart and its legend
APPROACH_COLOURS = {"cohort": PALETTE["vermillion"], "complete": PALETTE["orange"],
                    "period": PALETTE["blue"]}
#: how a reader sees each approach named
APPROACH_NAMES = {"cohort": "cohort", "complete": "complete", "period": "period"}
_TRUTH = PALETTE["black"]


def _title(fig, text: str):
    """A two-panel chart's title, stating the finding, on the left above both panels."""
    return fig.suptitle(text, x=0.01, ha="left", fontsize=16, fontweight="bold")


def _badge(ax, label: str, **kwargs):
    badge = simulated_badge(ax, **kwargs)
    badge.set_text(label)
    return badge


# --------------------------------------------------------------------------------------------
# Cohort, complete and period estimates against the truth
# --------------------------------------------------------------------------------------------


@dataclass
class ApproachesArtists(Described):
    figure: object
    axes: list              # [estimates, truth by year of diagnosis]
    points: dict            # approach -> Line2D (the estimate)
    intervals: dict         # approach -> LineCollection (its 95% interval)
    truth_line: object      # the truth for the last year (left panel)
    truth_curve: object     # the truth by year of diagnosis (right panel)
    matches: dict           # approach -> Line2D (where the estimate meets the truth)
    title: object
    source: object
    badge: object


@styled
def approaches_figure(table: pd.DataFrame, truth: pd.DataFrame, *, years: float, label: str,
                      source: str) -> ApproachesArtists:
    """Left: each approach's estimate with its 95% interval and the truth for the registry's
    last year as a line. Right: the true net survival by year of diagnosis, each estimate
    placed at the year whose truth it equals.

    table: :func:`allstats.currency.approaches` (approach, estimate, lower, upper,
    truth_latest, matching_year); truth: :func:`allstats.currency.truth_by_year`; label: the
    registry's SIMULATED label.
    """
    fig, (left, right) = new_figure(12, 6.6, ncols=2, gridspec_kw={"width_ratios": [1, 1.35]})
    source_text = add_source_line(fig, source)
    fig.subplots_adjust(top=0.80, wspace=0.28)
    h = fmt_number(years)
    latest = float(table["truth_latest"].iloc[0])
    last_year = int(truth["year"].max())
    order = list(table["approach"])
    points, intervals, matches = {}, {}, {}
    for left_ax in (left, right):
        left_ax.grid(axis="y", color=GRID, zorder=0)
        left_ax.set_axisbelow(True)
    for i, row in table.iterrows():
        key = row["approach"]
        colour = APPROACH_COLOURS[key]
        (points[key],) = left.plot([i], [100 * row["estimate"]], "o", color=colour,
                                   markersize=12, zorder=4)
        intervals[key] = left.vlines(i, 100 * row["lower"], 100 * row["upper"], color=colour,
                                     linewidth=3, zorder=3)
        left.annotate(fmt_fraction(row["estimate"]), (i, 100 * row["estimate"]),
                      xytext=(12, 0), textcoords="offset points", va="center", ha="left",
                      fontsize=13, fontweight="bold", color=text_colour(colour))
        (matches[key],) = right.plot([row["matching_year"]], [100 * row["estimate"]], "o",
                                     color=colour, markersize=11, zorder=4,
                                     label=f"{APPROACH_NAMES[key]}: like people diagnosed in "
                                           f"{int(np.floor(row['matching_year']))}")
        right.hlines(100 * row["estimate"], truth["year"].min(), row["matching_year"],
                     color=colour, linewidth=1.5, linestyle=":", zorder=2)
    truth_line = left.axhline(100 * latest, color=_TRUTH, linestyle="--", linewidth=2,
                              zorder=2)
    left.annotate(f"truth, people diagnosed\nin {last_year}: {fmt_fraction(latest)}",
                  (len(order) - 0.5, 100 * latest), xytext=(-4, 6), textcoords="offset points",
                  ha="right", va="bottom", fontsize=12, color=_TRUTH)
    left.set_xticks(range(len(order)), [APPROACH_NAMES[k] for k in order])
    left.set_xlim(-0.5, len(order) - 0.5)
    low = min(table["lower"].min(), truth["truth"].min())
    left.set_ylim(100 * table["lower"].min() - 8, 100 * latest + 8)
    left.set_ylabel(f"{h}-year net survival (%)")
    left.set_xlabel("approach (Ederer II)")
    (truth_curve,) = right.plot(truth["year"], 100 * truth["truth"], color=_TRUTH,
                                linewidth=2.5, label=f"true {h}-year net survival, by year of "
                                                     "diagnosis", zorder=3)
    right.set_ylim(100 * low - 5, 100 * truth["truth"].max() + 8)
    right.set_xlim(truth["year"].min() - 0.5, last_year + 1)
    right.set_xlabel("year of diagnosis")
    right.set_ylabel(f"{h}-year net survival (%)")
    right.legend(loc="lower right", frameon=True, facecolor="white", edgecolor="none",
                 framealpha=1.0, fontsize=12)
    badge = _badge(right, label, x=0.02, y=0.98, ha="left")
    cohort, period = table.set_index("approach").loc[[order[0], order[-1]]].itertuples()
    title = _title(
        fig, f"SIMULATED registry: every {h}-year estimate lags behind the truth for {last_year} "
        f"({fmt_fraction(latest)});\nthe {APPROACH_NAMES[order[-1]]} estimate "
        f"({fmt_fraction(period.estimate)}) is the most current, the "
        f"{APPROACH_NAMES[order[0]]} one ({fmt_fraction(cohort.estimate)}) the least")
    rows = pd.DataFrame({
        "approach": [APPROACH_NAMES[k] for k in order],
        f"{h}-year net survival": [fmt_fraction(v) for v in table["estimate"]],
        "95% interval": [f"{fmt_fraction(lo)} to {fmt_fraction(hi)}"
                         for lo, hi in zip(table["lower"], table["upper"])],
        f"truth for people diagnosed in {last_year}": [fmt_fraction(latest)] * len(order),
        "like the truth of people diagnosed in": [str(int(np.floor(y)))
                                                  for y in table["matching_year"]],
    })
    description = Description(
        sentence(f"Two panels on a SIMULATED registry, not real patients. Left: the {h}-year net "
                 "survival estimated by the cohort, complete and period approaches, each a dot "
                 "with its 95% interval, and a dashed line at the truth for people diagnosed in "
                 f"{last_year}. Right: the true {h}-year net survival by year of diagnosis, "
                 f"rising from {fmt_fraction(truth['truth'].iloc[0])} for "
                 f"{int(truth['year'].iloc[0])} to {fmt_fraction(truth['truth'].iloc[-1])} for "
                 f"{last_year}, with each estimate at the year whose truth it equals",
                 title.get_text()),
        rows, source_text.get_text())
    artists = ApproachesArtists(fig, [left, right], points, intervals, truth_line, truth_curve,
                                matches, title, source_text, badge)
    artists.description = description
    return artists


# --------------------------------------------------------------------------------------------
# Crude probabilities as 100 simulated people
# --------------------------------------------------------------------------------------------

#: died of ALL (the extra deaths' colour), died of other causes (deaths expected anyway), alive
CRUDE_COLOURS = {"died_all": ROLE["excess_death"], "died_other": ROLE["expected_death"],
                 "alive": ROLE["alive"]}


@dataclass
class CrudePeopleArtists(Described):
    figure: object
    ax: object
    array: object           # IconArray of the people
    legend: object
    title: object           # says SIMULATED (a badge would cover icons)
    source: object
    size: int

    @property
    def dynamic(self) -> list:
        return [self.array.collection, self.legend, self.title]

    def show(self, people: dict[str, int], *, age: int, age_high: int, years: int,
             label: str) -> dict[str, int]:
        """Recolour the icons by ``people`` (died_all, died_other, alive: whole people adding
        up to the array's size) and rewrite the legend, title and description."""
        self.array.recolour({k: people[k] for k in CRUDE_COLOURS}, CRUDE_COLOURS)
        y = fmt_number(years)
        span = "year" if years == 1 else "years"
        words = {"died_all": f"{fmt_count(people['died_all'])} died of ALL",
                 "died_other": f"{fmt_count(people['died_other'])} died of other causes",
                 "alive": f"{fmt_count(people['alive'])} alive"}
        for text, key in zip(self.legend.get_texts(), CRUDE_COLOURS):
            text.set_text(words[key])
        self.title.set_text(f"SIMULATED: {fmt_count(self.size)} adults diagnosed at ages {age} to "
                            f"{age_high}, {y} {span} later:\n{words['died_all']}, "
                            f"{words['died_other']}, {words['alive']}")
        self.description = Description(
            sentence(f"Icon array of {fmt_count(self.size)} SIMULATED adults ({label}), one "
                     f"icon each: {words['died_all']} (orange), {words['died_other']} (grey), "
                     f"{words['alive']} (blue)", self.title.get_text()),
            pd.DataFrame({"simulated adults": [f"died of ALL within {y} {span}",
                                               f"died of other causes within {y} {span}",
                                               f"alive {y} {span} after diagnosis", "all"],
                          "number": [fmt_count(people[k]) for k in CRUDE_COLOURS]
                          + [fmt_count(self.size)]}),
            self.source.get_text())
        return dict(people)


@styled
def crude_people_figure(people: dict[str, int], *, age: int, age_high: int, years: int,
                        label: str, source: str) -> CrudePeopleArtists:
    """An icon array of ``sum(people)`` simulated adults, grouped: died of ALL, died of other
    causes, alive (whole people from :func:`allstats.currency.in_people`)."""
    size = int(sum(people.values()))
    fig, ax = new_figure(10, 6.6)
    source_text = add_source_line(fig, source)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.84)
    ax.axis("off")
    grid_ax = fig.add_axes(ax.get_position(), label="icons")
    array = icon_array(grid_ax, {k: people[k] for k in CRUDE_COLOURS}, CRUDE_COLOURS)
    handles = [matplotlib.patches.Patch(color=c) for c in CRUDE_COLOURS.values()]
    legend = ax.legend(handles, ["", "", ""], loc="upper center", bbox_to_anchor=(0.5, 0.0),
                       ncol=3, frameon=False, fontsize=13, handlelength=1.2)
    title = ax.set_title("", loc="left")
    artists = CrudePeopleArtists(fig, ax, array, legend, title, source_text, size)
    artists.show(people, age=age, age_high=age_high, years=years, label=label)
    return artists


# --------------------------------------------------------------------------------------------
# Age mix and standardisation
# --------------------------------------------------------------------------------------------

#: the two populations, in the order of :data:`allstats.currency.AGE_MIXES`
AGE_MIX_COLOURS = (PALETTE["sky"], PALETTE["vermillion"])


@dataclass
class AgeMixArtists(Described):
    figure: object
    axes: list              # [survival at each age, all ages and standardised]
    class_points: dict      # population -> Line2D
    truth_marks: object     # the true survival of each age class
    all_ages_bars: object   # BarContainer
    standardised_bars: object
    truth_line: object      # the true standardised survival
    title: object
    source: object
    badge: object


@styled
def age_mix_figure(classes: pd.DataFrame, populations: pd.DataFrame, *, years: float,
                   standard_name: str, secondary: bool, label: str,
                   source: str) -> AgeMixArtists:
    """Left: the estimated net survival in each age class for both populations, with the truth
    (the same for both). Right: each population's "all ages" figure and its age-standardised
    figure, with the true standardised value as a line.

    classes, populations: :class:`allstats.currency.AgeMixComparison`'s frames; standard_name:
    e.g. 'ICSS 3'; secondary: the weights come from a secondary source (the standardised bars
    take the secondary look, :func:`mark_secondary`).
    """
    fig, (left, right) = new_figure(12, 6.8, ncols=2, gridspec_kw={"width_ratios": [1.2, 1]})
    source_text = add_source_line(fig, source)
    fig.subplots_adjust(top=0.80, wspace=0.3, bottom=fig.subplotpars.bottom + 0.05)
    h = fmt_number(years)
    names = list(populations["population"])
    x = np.arange(len(classes))
    for ax in (left, right):
        ax.grid(axis="y", color=GRID, zorder=0)
        ax.set_axisbelow(True)
    truth_marks = left.scatter(x, 100 * classes["truth"], marker="_", s=900, linewidths=3,
                               color=_TRUTH, zorder=3, label="truth (the same in both)")
    class_points = {}
    for k, (name, colour) in enumerate(zip(names, AGE_MIX_COLOURS)):
        (class_points[name],) = left.plot(x + (k - 0.5) * 0.22, 100 * classes[f"estimate: {name}"],
                                          "o", color=colour, markersize=10, zorder=4,
                                          markeredgecolor="black", markeredgewidth=0.6,
                                          label=f"{name} (estimate)")
    left.set_xticks(x, [str(g) for g in classes["group"]])
    left.set_xlabel("age at diagnosis (years)")
    left.set_ylabel(f"{h}-year net survival (%)")
    left.set_ylim(0, 135)
    left.set_yticks(range(0, 101, 20))
    left.legend(loc="upper right", frameon=False, fontsize=12)
    left.set_title("the same survival at each age", loc="left", fontsize=14)
    width = 0.38
    xs = np.arange(len(names))
    all_ages = right.bar(xs - width / 2, 100 * populations["all_ages"], width,
                         color=list(AGE_MIX_COLOURS[:len(names)]), edgecolor="black",
                         linewidth=0.8, zorder=3)
    standardised = right.bar(xs + width / 2, 100 * populations["standardised"], width,
                             color=PALETTE["grey"], edgecolor="black", linewidth=0.8, zorder=3)
    for bar in standardised:
        mark_secondary(bar, secondary)
    for bars in (all_ages, standardised):
        for bar in bars:
            right.annotate(fmt_fraction(bar.get_height() / 100),
                           (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                           xytext=(0, 4), textcoords="offset points", ha="center",
                           va="bottom", fontsize=13, fontweight="bold", color="black")
    truth_std = float(populations["truth_standardised"].iloc[0])
    truth_line = right.axhline(100 * truth_std, color=_TRUTH, linestyle="--", linewidth=1.8,
                               zorder=4)
    right.set_xticks([*(xs - width / 2), *(xs + width / 2)],
                     ["all\nages"] * len(names) + ["stand-\nardised"] * len(names), fontsize=12)
    for k, name in enumerate(names):
        right.annotate(name, (xs[k], 0), xytext=(0, -50), textcoords="offset points",
                       ha="center", va="top", fontsize=13, color="black",
                       annotation_clip=False)
    right.set_ylim(0, 135)              # room for the legend above the bars
    right.set_yticks(range(0, 101, 20))
    right.set_ylabel(f"{h}-year net survival (%)")
    handles = [matplotlib.patches.Patch(facecolor="white", edgecolor="black",
                                        label="all ages (its own age mix)"),
               (secondary_handle(f"standardised, {standard_name} weights\n"
                                 "(secondary source)") if secondary else
                matplotlib.patches.Patch(facecolor=PALETTE["grey"],
                                         label=f"standardised, {standard_name} weights")),
               matplotlib.lines.Line2D([], [], color=_TRUTH, linestyle="--",
                                       label="true standardised value")]
    right.legend(handles=handles, loc="upper left", frameon=False, fontsize=12)
    right.set_title("one figure for all ages", loc="left", fontsize=14)
    badge = _badge(left, label, x=0.02, y=0.02, ha="left")
    badge.set_va("bottom")
    pops = populations.set_index("population")
    a, b = names[0], names[-1]
    title = _title(
        fig, f"SIMULATED: same survival at each age, different age mixes. All ages: "
        f"{fmt_fraction(pops.at[a, 'all_ages'])} and {fmt_fraction(pops.at[b, 'all_ages'])};\n"
        f"age-standardised ({standard_name}): {fmt_fraction(pops.at[a, 'standardised'])} and "
        f"{fmt_fraction(pops.at[b, 'standardised'])}")

    def share(x):                 # an exact share: 60%, not 60.0%
        return fmt_percent(round(100 * float(x), 1))

    table = pd.DataFrame({"age at diagnosis": [str(g) for g in classes["group"]],
                          f"{standard_name} weight": [share(w) for w in classes["weight"]],
                          "true net survival": [fmt_fraction(t) for t in classes["truth"]]})
    for name in names:
        table[f"share of the {name}"] = [share(s) for s in classes[f"share: {name}"]]
        table[f"estimate, {name}"] = [fmt_fraction(s) for s in classes[f"estimate: {name}"]]
    totals = {"age at diagnosis": "all ages", f"{standard_name} weight": "",
              "true net survival": ""}
    for name in names:
        totals[f"share of the {name}"] = share(1.0)
        totals[f"estimate, {name}"] = (f"{fmt_fraction(pops.at[name, 'all_ages'])} (all ages); "
                                       f"{fmt_fraction(pops.at[name, 'standardised'])} "
                                       "(standardised)")
    table = pd.concat([table, pd.DataFrame([totals])], ignore_index=True)
    description = Description(
        sentence(f"Two panels on two SIMULATED populations, not real patients, with the same "
                 f"true {h}-year net survival at each age. Left: dots of the estimated net "
                 "survival in each age class for both populations, with the truth as a black "
                 "mark. Right: for each population, a bar of its all-ages figure and a bar of "
                 f"its figure age-standardised with the {standard_name} weights, and a dashed "
                 f"line at the true standardised value, {fmt_fraction(truth_std)}",
                 title.get_text()),
        table, source_text.get_text())
    artists = AgeMixArtists(fig, [left, right], class_points, truth_marks, all_ages,
                            standardised, truth_line, title, source_text, badge)
    artists.description = description
    return artists
