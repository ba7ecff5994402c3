"""Charts and explorers of the notebook "Deaths".

Expected values are computed here from the CSV rows (allstats.load), not by the functions under
test; explorers are swept over every value of their slider."""

from decimal import ROUND_HALF_UP, Decimal

import matplotlib.colors as mcolors
import numpy as np
import pytest

import allstats
from allstats import charts, series
from allstats.explorers.deaths import adult_deaths_title, make_adult_deaths_explorer, make_deaths_explorer

from conftest import assert_change_redraws_like_a_full_draw


def slider_values(slider):
    n = int(round((slider.max - slider.min) / slider.step))
    return [slider.min + i * slider.step for i in range(n + 1)]


def half_up(x):
    return int(Decimal(str(x)).to_integral_value(rounding=ROUND_HALF_UP))


@pytest.fixture(scope="module")
def estimates():
    return allstats.load("acs_estimates")


def count(estimates, year, measure, sex="all"):
    row = estimates[(estimates.year == year) & (estimates.measure == measure)
                    & (estimates.sex == sex)]
    return int(row["count"].iloc[0])


def is_secondary(estimates, year):
    return bool((estimates[estimates.year == year].verification == "secondary").any())


# --- charts -----------------------------------------------------------------------------------

def test_deaths_by_sex_2023(estimates):
    table = series.counts_by_sex("deaths")
    chart = charts.incidence.sex_split_figure(table, 2023, measure="deaths", source="Source: x")
    assert [b.get_height() for b in chart.bars.bars] == [700, 690, 1390]
    assert chart.title.get_text() == ("An estimated 1,390 deaths from ALL in 2023:\n"
                                      "700 men and boys, 690 women and girls")
    assert chart.ax.get_ylabel() == "deaths (people)"


def test_deaths_series_title():
    table = series.counts_by_sex("deaths")
    chart = charts.incidence.series_figure(table, measure="deaths", source="Sources: x")
    assert chart.title.get_text() == ("Death estimates, 2014–2025:\n"
                                      "between 1,330 (2024) and 1,580 (2021) a year")


def test_deaths_vs_cases_figure(estimates):
    ratio = series.deaths_per_100_new_cases()
    chart = charts.deaths.deaths_vs_cases_figure(ratio, source="Sources: x", secondary_years=[2016, 2021])
    years = list(range(2014, 2026))
    assert list(chart.lines["deaths"].get_ydata()) == [count(estimates, y, "deaths")
                                                       for y in years]
    assert list(chart.lines["new_cases"].get_ydata()) == [count(estimates, y, "new_cases")
                                                          for y in years]
    expected = [100 * count(estimates, y, "deaths") / count(estimates, y, "new_cases")
                for y in years]
    assert [b.get_height() for b in chart.bars] == pytest.approx(expected)
    assert [t.get_text() for t in chart.values] == [f"{e:.1f}" for e in expected]
    assert [b.get_hatch() is not None for b in chart.bars] == [y in (2016, 2021) for y in years]
    low, high = min(expected), max(expected)
    assert chart.title.get_text() == (
        f"Each year, the estimated deaths were {low:.1f} to {high:.1f}\n"
        "for every 100 estimated new cases of the same year (2014–2025)")
    caveat = chart.caveat.get_text().replace("\n", " ")
    assert "Not a death rate" in caveat and "not the same people" in caveat
    assert chart.ratio_ax.get_ylabel() == "deaths per 100\nnew cases"
    assert mcolors.to_hex(chart.lines["deaths"].get_color()) == charts.ROLE["excess_death"].lower()


def test_deaths_year_title():
    assert charts.deaths.deaths_year_title(2023, 1390, 100 * 1390 / 6540) == \
        "2023: 1,390 deaths, 21.3 for every 100 new cases that year"
    assert charts.deaths.deaths_year_title(2021, 1580, 27.77, secondary=True).endswith(
        "(secondary source)")


# --- the deaths explorer -----------------------------------------------------------------------

def check_deaths(explorer, estimates):
    year = explorer.controls["year"].value
    by_sex = [count(estimates, year, "deaths", s) for s in ("male", "female", "all")]
    cases = count(estimates, year, "new_cases")
    per_100 = 100 * by_sex[2] / cases
    chart = explorer.artists["chart"]
    assert [b.get_height() for b in chart.bars.bars] == by_sex
    assert [t.get_text() for t in chart.bars.values] == [f"{n:,}" for n in by_sex]
    assert list(chart.highlight.get_xdata()) == [year, year]
    assert list(chart.points.get_ydata()) == [cases, by_sex[2]]
    secondary = is_secondary(estimates, year)
    assert chart.bars.flag.get_visible() == secondary
    title = chart.title.get_text()
    assert title.startswith(f"{year}: {by_sex[2]:,} deaths, {per_100:.1f} for every 100 new cases")
    assert ("(secondary source)" in title) == secondary
    html = explorer.readout.value
    assert f"<b>{by_sex[2]:,}</b> deaths" in html and f"{cases:,} new cases" in html
    assert f"<b>{per_100:.1f}</b> deaths for every 100 new cases" in html
    assert "Not a death rate" in html and "not the same people" in html
    assert explorer.values["per_100"] == pytest.approx(per_100)
    assert (explorer.values["male"], explorer.values["female"], explorer.values["all"]) == \
        tuple(by_sex)
    assert explorer.values["new_cases"] == cases
    assert bytes(explorer.image.value).startswith(b"\x89PNG")


def test_deaths_explorer_sweeps_every_year(estimates):
    explorer = make_deaths_explorer()
    assert explorer.controls["year"].value == 2023
    check_deaths(explorer, estimates)
    slider = explorer.controls["year"]
    assert slider_values(slider) == sorted(estimates.year.unique())
    for year in slider_values(slider):
        slider.value = year
        check_deaths(explorer, estimates)
    for year in reversed(slider_values(slider)):
        slider.value = year
        check_deaths(explorer, estimates)


def test_deaths_picture_matches_a_full_redraw():
    explorer = make_deaths_explorer()
    assert_change_redraws_like_a_full_draw(explorer, "year", 2014)


# --- the adults' share of deaths explorer ------------------------------------------------------

def test_adult_deaths_explorer_sweeps_the_span_of_about_80():
    figures = allstats.load("figures").set_index("id")
    guide = figures.loc["adults-share-of-deaths-2023"]
    assert (guide.value, guide.qualifier) == (80, "about")
    explorer = make_adult_deaths_explorer()
    slider = explorer.controls["share"]
    # "about 80%": a source rounding to tens says 80 for anything from 75 to 85
    assert (slider.min, slider.max, slider.value) == (75, 85, 80)
    deaths = count(allstats.load("acs_estimates"), 2023, "deaths")
    adults_colour = mcolors.to_rgba(charts.ROLE["adults"])
    for share in slider_values(slider):
        slider.value = share
        adults = half_up(share * deaths / 100)
        faces = explorer.artists["arrays"][100].collection.get_facecolors()
        assert int(np.all(np.isclose(faces, adults_colour), axis=1).sum()) == share
        assert explorer.values["adults"] == adults
        assert explorer.values["children"] == deaths - adults
        assert explorer.artists["title"].get_text() == (
            f"If {share}% of the {deaths:,} deaths in 2023 were adults: about {adults:,} adults")
        legend = [t.get_text() for t in explorer.artists["legend"].get_texts()]
        assert legend == [f"{share} adults", f"{100 - share} children and teens"]
        html = explorer.readout.value
        assert f"<b>{adults:,}</b> adults" in html
        assert f"between {half_up(75 * deaths / 100):,} and {half_up(85 * deaths / 100):,} adults" in html
    assert explorer.values["adults"] == half_up(85 * deaths / 100) == 1182
    slider.value = 75
    assert explorer.values["adults"] == 1043        # 1,042.5 rounds up, to whole people


def test_adult_deaths_title():
    assert adult_deaths_title(80, 1390, 2023) == \
        "If 80% of the 1,390 deaths in 2023 were adults: about 1,112 adults"
