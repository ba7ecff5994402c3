"""Survival by age and over time: the computations, the charts and the explorer of notebook 04.

Expected values are recomputed here from the rows of data/ (selected by id, source or column),
not copied from the library's output."""

import html
import re

import numpy as np
import pandas as pd
import pytest

import allstats
from allstats import charts, provenance, survival, text
from allstats.explorers.survival import make_survival_by_age_explorer, survival_editions_source
from conftest import assert_change_redraws_like_a_full_draw, count_colours


@pytest.fixture(scope="module")
def by_age():
    return allstats.load("survival_by_age").set_index("id", drop=False)


@pytest.fixture(scope="module")
def trend():
    return allstats.load("survival_trend")


@pytest.fixture(scope="module")
def horizon():
    return float(text.figure("survival-horizon-2023")["value"])


def edition_years(by_age):
    """Years of the Cancer.Net adult editions, read off the ids 'cancernet-<year>-20-plus'."""
    ids = by_age.index[by_age.index.str.fullmatch(r"cancernet-\d{4}-20-plus")]
    return sorted(int(i.split("-")[1]) for i in ids)


# --- computations ------------------------------------------------------------------------------

def test_period_midpoint():
    assert survival.period_midpoint(1975, 1977) == 1976
    assert survival.period_midpoint(2006, 2012) == 2009
    assert survival.period_midpoint(2011, 2011) == 2011
    with pytest.raises(ValueError, match="before it starts"):
        survival.period_midpoint(1980, 1979)


def test_survival_out_of_rounds_half_up():
    assert survival.survival_out_of(43) == 43
    assert survival.survival_out_of(72.6) == 73
    assert survival.survival_out_of(72.6, 1000) == 726
    assert survival.survival_out_of(25.5) == 26
    assert survival.survival_out_of(81.9, 10) == 8
    with pytest.raises(ValueError):
        survival.survival_out_of(101)


def test_citation_parts():
    assert provenance.citation_parts("cancernet-all-statistics-2019") == ("Cancer.Net",
                                                                       "approved 01/2019")
    name, edition = provenance.citation_parts("nccn-patients-all-2017")
    assert "(" not in name and edition == "v1.2017"


def test_edition_comparison_matches_the_rows(by_age):
    comparison = survival.edition_comparison()
    years = edition_years(by_age)
    assert list(comparison.index) == years
    previous = None
    for year in years:
        adults = by_age.loc[f"cancernet-{year}-20-plus"]
        young = by_age.loc[by_age["id"].str.startswith(f"cancernet-{year}-")
                           & (by_age["age_high"] == 19)].iloc[0]
        row = comparison.loc[year]
        assert row["adults"] == adults["percent"] and row["young"] == young["percent"]
        assert row["source_id"] == adults["source_id"] == young["source_id"]
        secondary = "secondary" in (adults["verification"], young["verification"])
        assert (row["verification"] == "secondary") == secondary
        if previous is None:
            assert np.isnan(row["adults_change"])
        else:
            assert row["adults_change"] == pytest.approx(adults["percent"] - previous[0])
            assert row["young_change"] == pytest.approx(young["percent"] - previous[1])
        previous = (adults["percent"], young["percent"])


def test_edition_comparison_refuses_mixed_sources(by_age):
    rows = by_age.reset_index(drop=True).copy()
    rows.loc[rows["id"] == "cancernet-2019-20-plus", "source_id"] = "cancernet-all-statistics-2022"
    with pytest.raises(ValueError, match="different sources"):
        survival.edition_comparison(rows)
    with pytest.raises(ValueError, match="no Cancer.Net edition"):
        survival.edition_comparison(rows[~rows["id"].str.startswith("cancernet-")])


def test_trend_series_splits_by_series_and_verification(trend):
    lines = survival.trend_series(trend)
    undated = survival.undated_trend(trend)
    assert sum(len(f) for f in lines.values()) + len(undated) == len(trend)
    # a source that gives no years is never placed in time
    assert undated["period_start"].isna().all() and set(undated["source_id"]) == {
        "hospitalist-all-survival"}
    dated = trend.dropna(subset=["period_start"])
    for (series, verification), frame in lines.items():
        expected = dated[(dated.series == series) & (dated.verification == verification)]
        assert len(frame) == len(expected)
        assert list(frame["period_start"]) == sorted(expected["period_start"])
        assert np.allclose(frame["midpoint"], (frame["period_start"] + frame["period_end"]) / 2)
    verified = lines[("all ages", "verified")]
    assert set(verified["source_id"]) == set(
        trend[(trend.series == "all ages") & (trend.verification == "verified")]["source_id"])


def test_age_group_rows_and_falls_with_age(by_age):
    panels = survival.age_group_rows()
    outside = by_age[~by_age["id"].str.match(r"cancernet-\d{4}-")]
    # a group without stated ages ("children") has no place on an age axis
    unaged = outside["age_low"].isna() & (outside["group"] != "all ages")
    assert set(survival.unaged_statements()["id"]) == set(outside[unaged]["id"])
    outside = outside[~unaged]
    assert set(panels) == set(outside["source_id"])
    for source_id, rows in panels.items():
        assert len(rows) == (outside["source_id"] == source_id).sum()
        if rows["age_low"].isna().any():             # "all ages" comes last
            assert rows["age_low"].isna().iloc[-1]
        assert survival.falls_with_age(rows)
    seer = panels["bmj-best-practice-all-prognosis"].copy()
    seer.loc[seer["age_low"] == 65, "percent"] = 99.0
    assert not survival.falls_with_age(seer)


def test_survival_timeline(trend, horizon):
    timeline = survival.survival_timeline()
    sources = allstats.load("sources").set_index("id")
    dated = [s for s in trend[trend.series == "all ages"]["source_id"].unique()
             if not pd.isna(sources.at[s, "year"])]
    assert list(timeline["source_id"][:-1]) == sorted(dated, key=lambda s: sources.at[s, "year"])
    for _, row in timeline.iloc[:-1].iterrows():
        periods = trend[trend.source_id == row["source_id"]]
        last = periods.sort_values("period_end").iloc[-1]
        assert row["diagnosis_end"] == last["period_end"]
        assert row["five_years_after"] == last["period_end"] + horizon
        assert row["gap"] == sources.at[row["source_id"], "year"] - last["period_end"]
        end = sources.at[row["source_id"], "year_end"]
        end = sources.at[row["source_id"], "year"] if pd.isna(end) else end
        assert row["gap_end"] == end - last["period_end"]
        assert row["percent"] == last["percent"]
    seed = timeline.iloc[-1]
    lag = text.figure("survival-estimate-lag")
    assert seed["source_id"] == lag["source_id"]
    assert np.isnan(seed["diagnosis_start"])
    assert seed["lag_start"] == sources.at[lag["source_id"], "year"] - lag["value"]


# --- charts ------------------------------------------------------------------------------------

def test_survival_icons_figure(by_age, horizon):
    seed = by_age.loc[["cancernet-2023-20-plus", "cancernet-2023-under-20"]]
    source = text.source_line(seed)
    chart = charts.survival.survival_icons_figure(seed, source=source, horizon_years=horizon)
    for array, caption, (_, row) in zip(chart.arrays, chart.captions, seed.iterrows()):
        alive = int(row["percent"])         # whole percentages: one person per percent
        assert count_colours(array.collection, charts.survival.SURVIVAL_ICON_COLOURS) == {
            "alive": alive, "other": 100 - alive}
        assert caption.get_text() == f"{row['group']}: {alive} of 100"
    assert chart.source.get_text().replace("\n", " ") == source
    title = chart.title.get_text()
    assert "of every 100 people who would be alive without ALL" in title
    for _, row in seed.iterrows():
        assert f"{int(row['percent'])} {row['group']}" in title
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert legend[0].startswith("alive with ALL, of every 100 who would be alive")
    assert not any(t.startswith("alive") and "without" not in t for t in legend)


def test_editions_figure(by_age, horizon):
    comparison = survival.edition_comparison()
    source = survival_editions_source(comparison)
    chart = charts.survival.editions_figure(comparison, source=source, horizon_years=horizon)
    for year in edition_years(by_age):
        adults = by_age.loc[f"cancernet-{year}-20-plus"]
        bar = chart.bars.bars[(year, "adults")]
        assert bar.get_height() == adults["percent"]
        assert chart.bars.labels[(year, "adults")].get_text() == f"{adults['percent']:g}%"
        assert (bar.get_hatch() is not None) == (adults["verification"] == "secondary")
    first, last = edition_years(by_age)[0], edition_years(by_age)[-1]
    title = chart.title.get_text()
    assert f"{by_age.loc[f'cancernet-{first}-20-plus', 'percent']:g}% ({first})" in title
    assert f"{by_age.loc[f'cancernet-{last}-20-plus', 'percent']:g}% ({last})" in title
    assert "rose" in title
    ticks = [t.get_text() for t in chart.ax.get_xticklabels()]
    assert sum(charts.survival.SECONDARY_LABEL in t for t in ticks) == \
        (comparison["verification"] == "secondary").sum()
    assert chart.source.get_text().replace("\n", " ") == source
    assert chart.ax.get_ylabel() == f"{horizon:g}-year survival (%)"


def test_survival_trend_figure(trend, horizon):
    source = text.source_line(trend, max_sources=10)
    undated = survival.undated_trend(trend)
    chart = charts.survival.survival_trend_figure(survival.trend_series(trend), source=source,
                                                  horizon_years=horizon, undated=undated)
    dated = trend.dropna(subset=["period_start"])
    for (series, verification), line in chart.lines.items():
        rows = dated[(dated.series == series) & (dated.verification == verification)]
        rows = rows.sort_values("period_start")
        assert np.allclose(line.get_xdata(), (rows.period_start + rows.period_end) / 2)
        assert np.allclose(line.get_ydata(), rows.percent)
        assert (line.get_linestyle() == "--") == (verification == "secondary")
        assert (charts.survival.SECONDARY_LABEL in line.get_label()) == (verification == "secondary")
        segments = chart.segments[(series, verification)].get_segments()
        assert [tuple(s[:, 0]) for s in segments] == list(zip(rows.period_start, rows.period_end))
    cn = trend[(trend.series == "all ages") & (trend.verification == "verified")]
    cn = cn.sort_values("period_start")
    title = chart.title.get_text().replace("\n", " ")
    a, b = cn.iloc[0], cn.iloc[-1]
    assert (f"from {a.percent:g}% (diagnosed {a.period_start}–{a.period_end}) to {b.percent:g}% "
            f"(diagnosed {b.period_start}–{b.period_end})") in title
    assert chart.source.get_text().replace("\n", " ") == source
    # the change without years is an arrow from its first value to its last, right of the years
    (arrow,) = chart.undated.values()
    first, last = undated["percent"].iloc[0], undated["percent"].iloc[-1]
    assert (arrow.xyann[1], arrow.xy[1]) == (first, last)
    assert arrow.xy[0] > dated["period_end"].max()
    assert max(chart.ax.get_xticks()) <= dated["period_end"].max()


def test_age_groups_figure(horizon):
    panels = survival.age_group_rows()
    everything = pd.concat(panels.values())
    source = text.source_line(everything, max_sources=10)
    chart = charts.survival.age_groups_figure(panels, source=source, horizon_years=horizon)
    for source_id, rows in panels.items():
        aged = rows[rows["age_low"].notna()]
        widths = [b.get_width() for b in chart.bars[source_id]]
        assert widths == list(aged["percent"])
        secondary = (rows["verification"] == "secondary").any()
        assert all((b.get_hatch() is not None) == secondary for b in chart.bars[source_id])
        texts = " ".join(t.get_text() for t in chart.axes[source_id].texts)
        assert (charts.survival.SECONDARY_LABEL.upper() in texts) == secondary
        all_ages = rows[rows["age_low"].isna()]
        if len(all_ages):
            assert chart.all_ages[source_id].get_xdata()[0] == all_ages["percent"].iloc[0]
    seer = panels["bmj-best-practice-all-prognosis"]
    title = chart.title.get_text()
    assert title.startswith("Younger age groups have higher")
    assert (f"SEER via BMJ Best Practice, secondary: {seer['percent'].iloc[0]:g}% "
            f"{seer['group'].iloc[0]}, {seer['percent'].iloc[-2]:g}% at {seer['group'].iloc[-2]}"
            ) in title


def test_survival_timeline_figure(horizon):
    timeline = survival.survival_timeline()
    statement = text.figure("survival-update-interval")
    chart = charts.survival.survival_timeline_figure(timeline, source="Source: test",
                                                     horizon_years=horizon,
                                                     interval_statement=statement["quote"])
    for _, row in timeline.iterrows():
        key = row["source_id"]
        assert list(chart.published[key].get_xdata()) == (
            [row["published"]] if row["published_end"] == row["published"]
            else [row["published"], row["published_end"]])
        if pd.isna(row["diagnosis_start"]):
            assert chart.lag.get_x() == row["lag_start"]
            continue
        bar = chart.diagnosis[key]
        assert (bar.get_x(), bar.get_x() + bar.get_width()) == (row["diagnosis_start"],
                                                                row["diagnosis_end"])
        follow = chart.follow_up[key]
        assert (follow.get_x(), follow.get_width()) == (row["diagnosis_end"], horizon)
    gaps = timeline.dropna(subset=["gap"])
    assert (f"appeared {gaps['gap'].min():g} to {gaps['gap_end'].max():g} years"
            in chart.title.get_text())
    # the guide's "every 5 years" is quoted as the guide's, not drawn as a fact of the axis
    assert "every" not in chart.ax.get_xlabel()
    quoted = [t.get_text() for t in chart.ax.texts if statement["quote"] in t.get_text()]
    assert quoted and quoted[0].startswith("The guide:")


# --- the explorer ------------------------------------------------------------------------------

def check_explorer(explorer, by_age, horizon):
    year = explorer.controls["edition"].value
    group = explorer.controls["age_group"].value
    row_id = f"cancernet-{year}-20-plus" if group == "adults" else \
        by_age.index[by_age.index.str.startswith(f"cancernet-{year}-")
                     & (by_age["age_high"] == 19)][0]
    row = by_age.loc[row_id]
    alive = int(np.floor(row["percent"] + 0.5))
    counts = count_colours(explorer.artists["array"].collection, charts.survival.SURVIVAL_ICON_COLOURS)
    assert counts == {"alive": alive, "other": 100 - alive}
    for (y, g), bar in explorer.artists["bars"].items():
        chosen = (y, g) == (year, group)
        assert bar.get_alpha() == (1.0 if chosen else 0.3)
        if chosen:          # outlined by the one highlight rectangle, the bar keeps its look
            outline = explorer.chart.chosen
            assert (outline.get_x(), outline.get_width(), outline.get_height()) == \
                pytest.approx((bar.get_x(), bar.get_width(), bar.get_height()))
    title = explorer.artists["title"].get_text()
    assert title.startswith(f"{alive} of every 100 who would be alive without ALL: "
                            f"{row['group']}, {year} edition")
    assert ("secondary" in title) == (row["verification"] == "secondary")
    assert explorer.values == {"edition_year": year, "group": group, "percent": row["percent"],
                               "alive": alive, "out_of": 100,
                               "verification": row["verification"]}
    readout = explorer.readout.value
    # relative survival is read as what it compares, never as a share of everybody alive
    assert (f"who would have been alive {horizon:g} years after diagnosis without ALL, about "
            f"<b>{alive}</b> were alive with it") in readout
    assert html.escape(row["quote"]) in readout
    assert ("relative" in row["quote"]) == ("<i>relative</i>" in readout)
    assert ("Secondary source" in readout) == (row["verification"] == "secondary")
    assert bytes(explorer.image.value).startswith(b"\x89PNG")


def test_explorer_starts_at_the_seed_edition(by_age, horizon):
    explorer = make_survival_by_age_explorer()
    assert explorer.controls["edition"].value == edition_years(by_age)[-1]
    assert explorer.controls["age_group"].value == "adults"
    assert explorer.values["percent"] == by_age.loc["cancernet-2023-20-plus", "percent"]
    check_explorer(explorer, by_age, horizon)


def test_explorer_sweeps_every_edition_and_group(by_age, horizon):
    explorer = make_survival_by_age_explorer()
    editions = [value for _, value in explorer.controls["edition"].options]
    assert editions == edition_years(by_age)
    for group in ("young", "adults"):
        explorer.controls["age_group"].value = group
        check_explorer(explorer, by_age, horizon)
        for year in editions:
            explorer.controls["edition"].value = year
            check_explorer(explorer, by_age, horizon)


def test_explorer_page_matches_a_full_redraw():
    explorer = make_survival_by_age_explorer()
    assert_change_redraws_like_a_full_draw(explorer, "age_group", "young")


# --- the readout's room: the chart under it does not jump (issue 9) ------------------------------

#: ipywidgets 8's CSS for an HTML widget: font --jp-widgets-font-size (13px, JupyterLab's
#: --jp-ui-font-size1) and line height --jp-widgets-inline-height (28px)
WIDGET_FONT_PX, WIDGET_LINE_PX = 13.0, 28.0


def reserved_px(height: str | None) -> float:
    """The pixels a readout's ``min-height`` reserves (0 when none)."""
    if not height:
        return 0.0
    if match := re.fullmatch(r"([\d.]+)em", height):
        return float(match[1]) * WIDGET_FONT_PX
    if match := re.fullmatch(r"([\d.]+)px", height):
        return float(match[1])
    if match := re.fullmatch(r"calc\((\d+) \* var\(--jp-widgets-inline-height, 28px\)\)", height):
        return int(match[1]) * WIDGET_LINE_PX
    raise AssertionError(f"a readout height this test cannot read: {height!r}")


def readout_lines_at(readout_html: str, width_px: float) -> int:
    """How many lines a readout takes at ``width_px``, words wrapped greedily and each part
    between <br> starting a line; widths are DejaVu Sans at the widget's font size (the sans-serif
    a Linux browser falls back to, wider than Arial or Helvetica, so this errs on the long side)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath
    font, path = FontProperties(family="DejaVu Sans", size=WIDGET_FONT_PX), TextToPath()

    def width(s):
        return path.get_text_width_height_descent(s, font, ismath=False)[0]

    lines = 0
    for part in readout_html.split("<br>"):
        words, line = html.unescape(re.sub(r"<[^>]+>", "", part)).split(), ""
        lines += 1
        for word in words:
            if line and width(f"{line} {word}") > width_px:
                lines, line = lines + 1, word
            else:
                line = f"{line} {word}".strip()
    return lines


def test_readout_lines_counts_breaks_and_wraps():
    assert readout_lines_at("short", 1000) == 1
    assert readout_lines_at("a<br><b>b</b><br>c", 1000) == 3
    assert readout_lines_at(" ".join(["word"] * 400), 1000) > 5
    assert reserved_px("8em") == 8 * WIDGET_FONT_PX and reserved_px(None) == 0


def test_explorer_reserves_room_for_its_longest_readout():
    """04's chart must not move when the readout's length changes: in every state the readout
    reserves the same height, at least what the longest readout takes at the chart's full width."""
    explorer = make_survival_by_age_explorer()
    full_width = float(re.fullmatch(r"(\d+)px", explorer.max_width)[1])
    reserved, needed = set(), {}
    for _, group in explorer.controls["age_group"].options:
        explorer.controls["age_group"].value = group
        for _, year in explorer.controls["edition"].options:
            explorer.controls["edition"].value = year
            reserved.add(explorer.readout.layout.min_height)
            needed[(year, group)] = readout_lines_at(explorer.readout.value, full_width)
    assert len(reserved) == 1, f"the reserved height changes with the controls: {reserved}"
    height = reserved.pop()
    assert len(set(needed.values())) > 1, "every readout is as long: nothing to reserve room for"
    longest = max(needed, key=needed.get)
    assert reserved_px(height) >= needed[longest] * WIDGET_LINE_PX, (
        f"the readout reserves {height!r} ({reserved_px(height):.0f}px) but the {longest} readout "
        f"takes {needed[longest]} lines of {WIDGET_LINE_PX:.0f}px at {full_width:.0f}px")
