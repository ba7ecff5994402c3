"""Charts and explorers of the notebook "How many people get ALL".

Expected values are computed here from the CSV rows (allstats.load), not by the functions under
test; explorers are swept over every value of every control."""

from decimal import ROUND_HALF_UP, Decimal

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

import allstats
from allstats import charts, series, text
from allstats.explorers.incidence import ADULT_SHARE_SIZES, adult_case_statements, make_adults_share_explorer, make_new_cases_explorer, new_cases_year_title, share_bounds_by_year

from conftest import assert_change_redraws_like_a_full_draw


def slider_values(slider):
    n = int(round((slider.max - slider.min) / slider.step))
    return [slider.min + i * slider.step for i in range(n + 1)]


@pytest.fixture(scope="module")
def estimates():
    return allstats.load("acs_estimates")


@pytest.fixture(scope="module")
def figures():
    return allstats.load("figures").set_index("id")


def counts_from_csv(estimates, year, measure="new_cases"):
    rows = estimates[(estimates.year == year) & (estimates.measure == measure)]
    return {sex: int(rows[rows.sex == sex]["count"].iloc[0]) for sex in ("male", "female", "all")}


def half_up(x):
    return int(Decimal(str(x)).to_integral_value(rounding=ROUND_HALF_UP))


# --- charts -----------------------------------------------------------------------------------

def test_sex_split_figure_2023(estimates):
    table = series.counts_by_sex("new_cases")
    rows = estimates[(estimates.measure == "new_cases") & (estimates.year == 2023)]
    chart = charts.incidence.sex_split_figure(table, 2023, source=text.source_line(rows))
    heights = [bar.get_height() for bar in chart.bars.bars]
    assert heights == [3660, 2880, 6540]
    assert [t.get_text() for t in chart.bars.values] == ["3,660", "2,880", "6,540"]
    assert chart.title.get_text() == ("An estimated 6,540 people diagnosed with ALL in 2023:\n"
                                      "3,660 men and boys, 2,880 women and girls")
    assert chart.source.get_text() == ("Source: Cancer.Net, Guide to Adult ALL: Statistics "
                                       "(approved 02/2023)")
    assert [mcolors.to_hex(b.get_facecolor()) for b in chart.bars.bars] == [
        charts.ROLE["male"].lower(), charts.ROLE["female"].lower(), charts.ROLE["all"].lower()]
    assert not chart.bars.flag.get_visible()
    assert chart.ax.get_ylabel() == "new cases (people)"


def test_sex_bars_mark_a_secondary_year_and_refuse_a_missing_one():
    table = series.counts_by_sex("new_cases")
    chart = charts.incidence.sex_split_figure(table, 2021, source="Source: x", secondary_years=[2016, 2021])
    assert chart.bars.flag.get_visible()
    assert all(b.get_hatch() == charts.SECONDARY_HATCH for b in chart.bars.bars)
    assert chart.bars.show(2022)["all"] == 6660
    assert not chart.bars.flag.get_visible() and chart.bars.bars[0].get_hatch() is None
    with pytest.raises(ValueError, match="no counts for 2013"):
        chart.bars.show(2013)
    with pytest.raises(ValueError, match="measure must be one of"):
        charts.incidence.sex_split_figure(table, 2023, measure="births", source="Source: x")


def test_series_figure(estimates):
    table = series.counts_by_sex("new_cases")
    chart = charts.incidence.series_figure(table, secondary_years=[2016, 2021], source="Sources: x",
                                 year=2019)
    for sex, line in chart.lines.items():
        assert list(line.get_xdata()) == list(range(2014, 2026))
        assert list(line.get_ydata()) == [counts_from_csv(estimates, y)[sex]
                                          for y in range(2014, 2026)]
    ringed = sorted(set(chart.secondary_markers.get_xdata()))
    assert ringed == [2016, 2021]
    assert chart.title.get_text() == ("New-case estimates, 2014–2025:\n"
                                      "between 5,690 (2021) and 6,660 (2022) a year")
    assert list(chart.highlight.get_xdata()) == [2019, 2019]
    assert sorted(chart.points.get_ydata()) == sorted(counts_from_csv(estimates, 2019).values())
    assert chart.ax.get_xlabel() == "year of the estimate"
    assert chart.ax.get_ylim()[0] == 0


def test_share_of_cancers_figure(estimates, figures):
    totals = allstats.load("all_cancer_totals")
    share = series.share_of_all_cancers()
    bound = figures.loc["all-share-of-cancers-2023"]
    chart = charts.incidence.share_of_cancers_figure(share, bound, bound_label="bound", source="Sources: x")
    for bar, year in zip(chart.bars, range(2019, 2026)):
        cancers = int(totals[(totals.year == year) & (totals.measure == "new_cases")]["count"]
                      .iloc[0])
        assert bar.get_height() == pytest.approx(
            100 * counts_from_csv(estimates, year)["all"] / cancers)
        assert (bar.get_hatch() == charts.SECONDARY_HATCH) == (year == 2021)
    assert chart.values[4].get_text() == "0.33%"
    assert "secondary" in chart.values[2].get_text()
    assert chart.bound.get_ydata()[0] == 0.5
    assert chart.title.get_text() == ("ALL was 0.30% to 0.35% of new cancer cases each year, "
                                      "2019–2025:\nalways less than half of 1%")
    assert chart.ax.get_ylabel() == "% of all new cancer cases"


def test_share_of_cancers_title_counts_the_years_that_break_the_bound(figures):
    share = pd.DataFrame({"percent": [0.3, 0.6, 0.4]}, index=[2019, 2020, 2021])
    title = charts.incidence.share_of_cancers_title(share, figures.loc["all-share-of-cancers-2023"])
    assert title.endswith("not less than half of 1% in 1 of 3 years")


def test_age_rates_figure(figures):
    incidence = allstats.load("pediatric_incidence")
    ages = incidence[incidence.group_type == "age"].sort_values("age_low")
    seer = series.seer_rates_by_age(["peak-incidence-1-4-seer", "incidence-10-14-seer"])
    seer["label"] = "SEER"
    chart = charts.incidence.age_rates_figure(series.pediatric_rates_by_age(), overall=34.0, seer=seer,
                                    adult_note="no age-specific rates for adults",
                                    source="Sources: x")
    assert [b.get_height() for b in chart.bars] == ages.rate_per_million.tolist()
    assert list(chart.seer["SEER"].get_ydata()) == [77.0, 26.0]
    assert chart.overall.get_ydata()[0] == 34.0
    assert chart.adult_note.get_text() == "no age-specific rates for adults"
    assert chart.title.get_text() == ("Among children and teens, new cases are most frequent at "
                                      "ages 1–4:\n75.2 per 1,000,000 children a year")
    assert [t.get_text() for t in chart.ax.get_xticklabels()][-1] == "20 and\nolder"
    assert "per 1,000,000" in chart.ax.get_ylabel()


def test_share_statements_figure():
    statements = adult_case_statements()
    chart = charts.incidence.share_statements_figure(statements, title="T", xlabel="% adults",
                                           source="Sources: x")
    drawn = statements.dropna(subset=["percent"])
    assert [p.get_xdata()[0] for p in chart.points] == pytest.approx(drawn.percent.tolist())
    assert [t.get_text() for t in chart.ax.get_yticklabels()] == statements.label.tolist()[::-1]
    # the guide's span is shaded: "about 4 out of 10" allows 35% to 45%
    span = chart.reference
    assert (span.get_x(), span.get_x() + span.get_width()) == pytest.approx((35, 45))
    texts = [t.get_text() for t in chart.labels]
    assert "52.7% under 20 → 47.3% aged 20+ (secondary)" in texts
    assert "a little less than 50%" in texts
    assert chart.title.get_text() == "T"


def test_two_group_icons():
    chart = charts.incidence.two_group_icons_figure({"a": "#000000", "b": "#ffffff"}, {10: 5, 100: 10},
                                          source="Source: x")
    counts = chart.show(10, 3, title="three", labels=("3 a", "7 b"))
    assert counts == {"a": 3, "b": 7}
    assert chart.arrays[10].collection.axes.get_visible()
    assert not chart.arrays[100].collection.axes.get_visible()
    faces = chart.arrays[10].collection.get_facecolors()
    assert np.all(faces[:3, :3] == 0) and np.all(faces[3:, :3] == 1)
    assert not chart.flag.get_visible()
    chart.show(100, 30, title="", labels=("", ""), secondary=True)
    assert chart.flag.get_visible() and chart.arrays[100].collection.axes.get_visible()
    with pytest.raises(ValueError, match="size must be one of"):
        chart.show(50, 3, title="", labels=("", ""))
    with pytest.raises(ValueError, match="0 to 10 people"):
        chart.show(10, 11, title="", labels=("", ""))
    with pytest.raises(ValueError, match="two groups"):
        charts.incidence.two_group_icons_figure({"a": "#000000"}, {10: 5}, source="Source: x")


# --- the new-cases explorer --------------------------------------------------------------------

def check_new_cases(explorer, estimates, figures):
    year = explorer.controls["year"].value
    expected = counts_from_csv(estimates, year)
    chart = explorer.artists["chart"]
    assert [b.get_height() for b in chart.bars.bars] == [expected[s] for s in
                                                         ("male", "female", "all")]
    assert [t.get_text() for t in chart.bars.values] == [f"{expected[s]:,}" for s in
                                                         ("male", "female", "all")]
    assert list(chart.highlight.get_xdata()) == [year, year]
    assert list(chart.points.get_ydata()) == [expected["all"]]
    rows = estimates[(estimates.year == year) & (estimates.measure == "new_cases")]
    secondary = bool((rows.verification == "secondary").any())
    assert chart.bars.flag.get_visible() == secondary
    totals = allstats.load("all_cancer_totals")
    total = totals[(totals.year == year) & (totals.measure == "new_cases")]
    title = chart.title.get_text()
    assert title.startswith(f"{year}: {expected['all']:,} new cases")
    assert ("(secondary source)" in title) == secondary
    html = explorer.readout.value
    assert f"<b>{expected['all']:,}</b> new cases" in html
    assert f"{expected['male']:,} men and boys" in html
    assert explorer.values["all"] == expected["all"] and explorer.values["year"] == year
    if len(total):
        pct = 100 * expected["all"] / int(total["count"].iloc[0])
        bound = figures.loc[f"all-share-of-cancers-acs-{year}"] if \
            f"all-share-of-cancers-acs-{year}" in figures.index else \
            figures.loc["all-share-of-cancers-2023"]
        assert explorer.values["share_percent"] == pytest.approx(pct)
        assert explorer.values["share_holds"] == (pct < bound["value"])
        assert f"{pct:.2f}% of all new cancer cases" in title
        assert f"<b>{pct:.3f}%</b>" in html and ("✔ within" in html) == (pct < bound["value"])
    else:
        assert explorer.values["share_percent"] is None
        assert "no ACS total of all new cancer cases" in html
        assert "of all new cancer cases" not in title
    assert bytes(explorer.image.value).startswith(b"\x89PNG")


def test_new_cases_explorer_starts_at_the_guide_year(estimates, figures):
    explorer = make_new_cases_explorer()
    assert explorer.controls["year"].value == 2023
    check_new_cases(explorer, estimates, figures)
    assert explorer.values["share_holds"] is True


def test_new_cases_slider_covers_exactly_the_years_with_data(estimates, figures):
    explorer = make_new_cases_explorer()
    slider = explorer.controls["year"]
    assert slider_values(slider) == sorted(estimates.year.unique())
    for year in slider_values(slider):
        slider.value = year
        check_new_cases(explorer, estimates, figures)
    assert explorer.controls["year"].value == 2025


def test_new_cases_year_title_and_the_bounds():
    assert new_cases_year_title(2016, 6590, None, secondary=True) == \
        "2016: 6,590 new cases (secondary source)"
    assert new_cases_year_title(2023, 6540, 0.334) == \
        "2023: 6,540 new cases, 0.33% of all new cancer cases"
    bounds = share_bounds_by_year()
    assert bounds[None]["id"] == "all-share-of-cancers-2023"
    assert bounds[2020]["id"] == "all-share-of-cancers-acs-2020"
    assert bounds[2023]["id"] == "all-share-of-cancers-2023"


def test_new_cases_picture_matches_a_full_redraw():
    explorer = make_new_cases_explorer()
    assert_change_redraws_like_a_full_draw(explorer, "year", 2016)


# --- the adults' share explorer ----------------------------------------------------------------

def expected_adult_share(figures, fid):
    """The adults' share (percent) and its span as the source's words allow, from figures.csv."""
    row = figures.loc[fid]
    if fid.startswith("share-cases-under-20"):
        return 100 - row["value"], 100 - row["value"], 100 - row["value"]
    out_of = float(row["unit"].split()[-1])
    pct = 100 * row["value"] / out_of
    half = 100 * 0.5 / out_of            # "about 4 out of 10": half a unit either side
    return pct, pct - half, pct + half


def test_adults_share_explorer_every_source_and_size(figures):
    explorer = make_adults_share_explorer()
    c = explorer.controls
    offered = [value for _label, value in c["statement"].options]
    drawable = [i for i in figures.index if i.startswith(("adults-share-of-cases",
                                                          "share-cases-under-20"))
                and figures.at[i, "qualifier"] in ("about", "exact")]
    assert sorted(offered) == sorted(drawable)
    assert offered[0] == "adults-share-of-cases-2023"
    assert "adults-share-of-cases-acs-2025" not in offered      # a bound, not a count
    colours = {"adults": mcolors.to_rgba(charts.ROLE["adults"]),
               "children": mcolors.to_rgba(charts.ROLE["children"])}
    for fid in offered:
        c["statement"].value = fid
        for size in ADULT_SHARE_SIZES:
            c["size"].value = size
            pct, low, high = expected_adult_share(figures, fid)
            adults = half_up(round(pct * size / 100, 9))
            array = explorer.artists["arrays"][size]
            assert array.collection.axes.get_visible()
            faces = array.collection.get_facecolors()
            shown = int(np.all(np.isclose(faces, colours["adults"]), axis=1).sum())
            assert shown == adults
            assert int(np.all(np.isclose(faces, colours["children"]), axis=1).sum()) == \
                size - adults
            assert explorer.values["adults"] == adults and explorer.values["size"] == size
            assert explorer.values["low"] == half_up(round(low * size / 100, 9))
            assert explorer.values["high"] == half_up(round(high * size / 100, 9))
            title = explorer.artists["title"].get_text()
            assert f"{adults:,} out of {size:,} people diagnosed" in title
            assert title.endswith("aged 20 or older" if fid.startswith("share-cases") else
                                  "are adults")
            if figures.at[fid, "qualifier"] == "about":
                assert "about" in title
            legend = [t.get_text() for t in explorer.artists["legend"].get_texts()]
            assert legend[0].startswith(f"{adults:,} ") and legend[1].startswith(
                f"{size - adults:,} ")
            html = explorer.readout.value
            assert f"<b>{adults:,}</b>" in html and f"<b>{size - adults:,}</b>" in html
            secondary = figures.at[fid, "verification"] == "secondary"
            assert not secondary or "secondary" in html
            assert explorer.artists["chart"].flag.get_visible() == secondary
            assert bytes(explorer.image.value).startswith(b"\x89PNG")


def test_adults_share_starts_at_the_guide():
    explorer = make_adults_share_explorer()
    assert explorer.values["adults"] == 40 and explorer.values["size"] == 100
    assert (explorer.values["low"], explorer.values["high"]) == (35, 45)
    assert explorer.artists["title"].get_text() == \
        "Cancer.Net 2023: about 40 out of 100 people diagnosed are adults"
