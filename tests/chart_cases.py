"""Every chart the notebooks draw, built here the way its notebook builds it, by name.

Tests that must hold for every chart (contrast, hatching of secondary sources, text
alternatives) iterate :data:`CASES`; ``test_every_chart_function_has_a_case`` keeps the list
complete: a new ``*_figure`` function in ``allstats.charts`` without a case fails it.
Explorer charts are built by their explorers, moved over every choice (:func:`explorer_states`).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

import allstats
from allstats import catalogue, charts, currency, netsurv, provenance, series, simulate, subtypes, survival, text
from allstats.statements import describe


@functools.lru_cache(maxsize=None)
def _figures():
    return allstats.load("figures").set_index("id", drop=False)


@functools.lru_cache(maxsize=None)
def _estimates():
    return allstats.load("acs_estimates")


@functools.lru_cache(maxsize=None)
def _cohorts():
    rates = netsurv.RateTable.us_2019()
    return rates, {group: simulate.simulated_cohort(group, rates=rates) for group in simulate.GROUPS}


def sex_split(measure):
    table = series.counts_by_sex(measure)
    year = int(_figures().loc["all-share-of-cancers-2023", "year"])
    rows = _estimates()[(_estimates().measure == measure) & (_estimates().year == year)]
    return charts.incidence.sex_split_figure(table, year, measure=measure,
                                             source=text.source_line(rows))


def series_chart(measure):
    return charts.incidence.series_figure(
        series.counts_by_sex(measure), measure=measure, secondary_years=series.secondary_years(measure),
        source=series.editions_line(_estimates()[_estimates().measure == measure]))


def share_of_cancers():
    figures = _figures()
    share = series.share_of_all_cancers()
    guide = figures.loc[catalogue.SHARE_OF_ALL_CANCERS]
    statements = figures.loc[[catalogue.SHARE_OF_ALL_CANCERS, *catalogue.SHARE_OF_ALL_CANCERS_ACS]]
    said_by = ", ".join(series.short_source(s) for s in statements.source_id)
    return charts.incidence.share_of_cancers_figure(
        share, guide, bound_label=f"“{describe(guide)}” ({said_by})",
        source=text.source_line(statements))


def age_rates():
    figures = _figures()
    rates = series.pediatric_rates_by_age()
    incidence = allstats.load("pediatric_incidence")
    overall = incidence.loc[incidence.group_type == "overall", "rate_per_million"].iloc[0]
    seer_ids = [i for i in figures.id if i.startswith(("peak-incidence-", "incidence-10-14-seer"))]
    seer = series.seer_rates_by_age(seer_ids)
    seer["label"] = [series.short_source(s) for s in seer.source_id]
    return charts.incidence.age_rates_figure(
        rates, overall=overall, seer=seer, adult_note="no age-specific\nrates for adults",
        source=text.source_line(pd.concat([incidence, figures.loc[seer_ids]]), max_sources=4))


def adult_cases_statements():
    from allstats.explorers.incidence import adult_case_statements
    statements = adult_case_statements()
    return charts.incidence.share_statements_figure(
        statements, title="Adults' share of new cases", xlabel="% of people diagnosed who are adults",
        source=text.source_line(_figures().loc[statements.index]))


def adult_deaths_statements():
    figures = _figures()
    guide = figures.loc[catalogue.ADULTS_SHARE_OF_DEATHS]
    ids = sorted((i for i in figures.id if i.startswith("adults-share-of-deaths")),
                 key=lambda i: (i != guide.name, i))
    statements = series.share_statements(ids)
    return charts.incidence.share_statements_figure(
        statements, title="Adults' share of deaths", xlabel="% of deaths that are in adults",
        source=text.source_line(figures.loc[statements.index]), xlim=(50, 100))


def deaths_vs_cases():
    both = sorted(set(series.secondary_years("deaths")) | set(series.secondary_years("new_cases")))
    return charts.deaths.deaths_vs_cases_figure(series.deaths_per_100_new_cases(), secondary_years=both,
                                                source=series.editions_line(_estimates()))


def worked_example():
    from allstats.explorers.worked_example import worked_example_source
    horizon = _figures().loc["worked-example-horizon", "value"]
    return charts.worked_example.worked_example_figure(allstats.guide_example(), horizon_years=horizon,
                                                       source=worked_example_source())


def survival_icons():
    by_age = allstats.load("survival_by_age").set_index("id", drop=False)
    seed = by_age.loc[["cancernet-2023-20-plus", "cancernet-2023-under-20"]]
    return charts.survival.survival_icons_figure(seed, source=text.source_line(seed),
                                                 horizon_years=survival.horizon_years())


def editions():
    from allstats.explorers.survival import survival_editions_source
    comparison = survival.edition_comparison()
    return charts.survival.editions_figure(comparison, source=survival_editions_source(comparison),
                                           horizon_years=survival.horizon_years())


def trend():
    rows = allstats.load("survival_trend")
    return charts.survival.survival_trend_figure(survival.trend_series(rows),
                                                 source=text.source_line(rows, max_sources=10),
                                                 horizon_years=survival.horizon_years(),
                                                 undated=survival.undated_trend(rows))


def relative_in_people():
    from allstats import survival_in_people
    shown = [survival_in_people.group_in_people(g) for g in ("adults", "children")]
    return charts.survival.relative_in_people_figure(
        {x.group_words: x.example for x in shown}, horizon_years=survival.horizon_years(),
        note="An illustration of the guide's arithmetic, not a count of real people.",
        source=text.source_line(survival_in_people.in_people_rows(), max_sources=6))


def age_groups():
    panels = survival.age_group_rows()
    return charts.survival.age_groups_figure(
        panels, source=text.source_line(pd.concat(panels.values()), max_sources=10),
        horizon_years=survival.horizon_years())


def timeline():
    figures = _figures()
    return charts.survival.survival_timeline_figure(
        survival.survival_timeline(), source="Sources: the survival trend and the guide",
        horizon_years=survival.horizon_years(),
        interval_statement=figures.loc["survival-update-interval", "quote"])


def bt_split():
    figures = _figures()
    rows = figures.loc[[i for i in figures.index if i.startswith(("b-cell-share", "t-cell-share"))]]
    return charts.subtypes.bt_split_figure(subtypes.bt_split(),
                                           source=text.source_line(rows, max_sources=10))


def genetics():
    rows = subtypes.statement_rows(catalogue.GENETICS)
    return charts.subtypes.genetics_figure(rows, source=text.source_line(rows, max_sources=10))


def remission():
    rows = subtypes.statement_rows(catalogue.REMISSION)
    return charts.subtypes.remission_figure(rows, source=text.source_line(rows, max_sources=10))


def treatment():
    phases = subtypes.treatment_phases()
    rows = _figures().loc[[fid for fid in phases.figure_id if fid]]
    return charts.subtypes.treatment_timeline_figure(phases,
                                                     source=text.source_line(rows, max_sources=10))


def age_pattern():
    _, cohorts = _cohorts()
    patterns = {group: simulate.age_pattern(group) for group in simulate.GROUPS}
    return charts.patients.age_pattern_figure(
        {g: c.patients["age"].to_numpy() for g, c in cohorts.items()}, patterns,
        labels={g: c.label for g, c in cohorts.items()},
        title=charts.patients.age_pattern_title(patterns), source=simulate.simulated_source())


def cohort_survival(group):
    rates, cohorts = _cohorts()
    cohort = cohorts[group]
    return charts.patients.cohort_survival_figure(
        simulate.survival_curves(cohort.patients, rates), horizon=survival.horizon_years(),
        published=cohort.target,
        published_source=provenance.citation_parts(cohort.target["source_id"])[0],
        group_label=cohort.label, x_max=simulate.ENTRY_YEARS + simulate.MIN_FOLLOW_UP_YEARS,
        source=simulate.simulated_source((group,)))


def estimators():
    rates, cohorts = _cohorts()
    adults = cohorts["adults"]
    mixed = pd.concat([c.patients for c in cohorts.values()], ignore_index=True)
    hazard = np.concatenate([np.full(len(c.patients), c.calibration.excess_hazard)
                             for c in cohorts.values()])
    panels = {adults.label: simulate.estimator_curves(adults.patients, rates,
                                                      adults.calibration.excess_hazard),
              "both cohorts together": simulate.estimator_curves(mixed, rates, hazard)}
    return charts.patients.estimator_comparison_figure(
        panels, at_years=2 * survival.horizon_years(),
        x_max=simulate.ENTRY_YEARS + simulate.MIN_FOLLOW_UP_YEARS, source=simulate.simulated_source())


@functools.lru_cache(maxsize=None)
def _registry():
    rates = netsurv.RateTable.us_2019()
    return rates, currency.simulated_registry(rates)


def approaches():
    rates, registry = _registry()
    years = survival.horizon_years()
    return charts.currency.approaches_figure(
        currency.approaches(registry, rates), currency.truth_by_year(registry, years),
        years=years, label=registry.label, source=currency.registry_source())


def age_mix():
    mix = currency.age_mix_comparison(_registry()[0])
    secondary = (currency.standard_rows()["verification"] == "secondary").any()
    return charts.currency.age_mix_figure(
        mix.classes, mix.populations, years=mix.years, standard_name="ICSS 3",
        secondary=bool(secondary), label=mix.label,
        source=currency.registry_source(standard=currency.STANDARD))


def by_publisher():
    rows = provenance.figure_rows()
    return charts.sources.figures_by_publisher_figure(provenance.figures_by_publisher(),
                                                      source=text.source_line(rows))


def qx():
    life = allstats.load("us_life_tables_2019")
    return charts.sources.qx_by_age_figure(life, source=text.source_line(life))


def claims_summary():
    claims = provenance.claims_table()
    return charts.sources.claims_summary_figure(claims, source=text.source_line(claims))


def disagreement(key):
    d = provenance.disagreements()[key]
    source = text.source_line(pd.DataFrame({"source_id": d.source_ids}), max_sources=8)
    return charts.sources.disagreement_figure(d, source=source)


#: name -> (chart function, builder); the static charts of the notebooks
CASES = {
    "sex_split-new_cases": ("incidence.sex_split_figure", lambda: sex_split("new_cases")),
    "sex_split-deaths": ("incidence.sex_split_figure", lambda: sex_split("deaths")),
    "series-new_cases": ("incidence.series_figure", lambda: series_chart("new_cases")),
    "series-deaths": ("incidence.series_figure", lambda: series_chart("deaths")),
    "share_of_cancers": ("incidence.share_of_cancers_figure", share_of_cancers),
    "age_rates": ("incidence.age_rates_figure", age_rates),
    "statements-adult-cases": ("incidence.share_statements_figure", adult_cases_statements),
    "statements-adult-deaths": ("incidence.share_statements_figure", adult_deaths_statements),
    "deaths_vs_cases": ("deaths.deaths_vs_cases_figure", deaths_vs_cases),
    "worked_example": ("worked_example.worked_example_figure", worked_example),
    "survival_icons": ("survival.survival_icons_figure", survival_icons),
    "editions": ("survival.editions_figure", editions),
    "trend": ("survival.survival_trend_figure", trend),
    "relative_in_people": ("survival.relative_in_people_figure", relative_in_people),
    "age_groups": ("survival.age_groups_figure", age_groups),
    "timeline": ("survival.survival_timeline_figure", timeline),
    "bt_split": ("subtypes.bt_split_figure", bt_split),
    "genetics": ("subtypes.genetics_figure", genetics),
    "remission": ("subtypes.remission_figure", remission),
    "treatment": ("subtypes.treatment_timeline_figure", treatment),
    "age_pattern": ("patients.age_pattern_figure", age_pattern),
    "cohort_survival-adults": ("patients.cohort_survival_figure", lambda: cohort_survival("adults")),
    "cohort_survival-children": ("patients.cohort_survival_figure",
                                 lambda: cohort_survival("children")),
    "estimators": ("patients.estimator_comparison_figure", estimators),
    "approaches": ("currency.approaches_figure", approaches),
    "age_mix": ("currency.age_mix_figure", age_mix),
    "by_publisher": ("sources.figures_by_publisher_figure", by_publisher),
    "qx": ("sources.qx_by_age_figure", qx),
    "claims_summary": ("sources.claims_summary_figure", claims_summary),
    **{f"disagreement-{key}": ("sources.disagreement_figure", functools.partial(disagreement, key))
       for key in provenance.disagreements()},
}

#: chart functions drawn only inside explorers, with the explorer that draws them
EXPLORER_CHARTS = {
    "incidence.year_figure": ("new-cases", "deaths"),
    "incidence.two_group_icons_figure": ("adults-share", "adult-deaths"),
    "worked_example.inverse_figure": ("inverse",),
    "survival.survival_explorer_figure": ("survival-by-age",),
    "subtypes.range_icons_figure": ("subtype-share",),
    "patients.simulated_cohort_figure": ("simulated-cohort",),
    "currency.crude_people_figure": ("crude-probabilities",),
    "sources.natural_frequency_figure": ("natural-frequency",),
    "sources.disagreement_figure": ("disagreement",),
    "worked_example.worked_example_figure": ("worked-example", "relative-in-people"),
}


#: chart functions that other chart functions call, with the cases that draw them that way
DRAWN_BY_OTHERS = {"subtypes.qualified_figures_figure": ("genetics", "remission")}


def chart_functions() -> set[str]:
    """Every ``*_figure`` function the chart modules export, as ``module.function``."""
    found = set()
    for name in ("currency", "deaths", "incidence", "patients", "sources", "subtypes", "survival",
                 "worked_example"):
        module = getattr(charts, name)
        found |= {f"{name}.{f}" for f in module.__all__ if f.endswith("_figure")}
    return found


def _choices(control):
    """Every value a control offers (sliders: both ends, the start and a middle value)."""
    import ipywidgets as w
    if isinstance(control, (w.Dropdown, w.ToggleButtons)):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    low, high, step = control.min, control.max, control.step
    middle = low + step * round((high - low) / step / 2)
    return list(dict.fromkeys([control.value, low, high, middle]))


def explorer_states(explorer):
    """Move each control of an explorer over its choices, one at a time (the others at their
    start), yielding a description of the state after each move."""
    start = {key: control.value for key, control in explorer.controls.items()}
    yield "start"
    for key, control in explorer.controls.items():
        for value in _choices(control):
            if value == control.value:
                continue
            try:
                control.value = value
            except Exception:        # a slider bounded by another (observed <= expected)
                continue
            yield f"{key}={value!r}"
        for k, v in start.items():
            explorer.controls[k].value = v
