"""The notebook "From patients to relative survival": simulated cohorts, their charts, the explorer.

Simulation: reproducible with the seed, the requested size, ages that follow the weights from
data/ (within sampling tolerance), deaths that follow the life table, and an excess hazard whose
5-year relative survival lands on the published figure. Charts: the artists hold the computed
curves. Explorer: every slider position, with artists and readout equal to the library's curves.
"""

import json
import math
import re

import numpy as np
import pandas as pd
import pytest

import allstats
from allstats import charts, netsurv, provenance, series, simulate, survival, tables
from allstats.explorers.patients import SIMULATED_COHORT_AGES, SIMULATED_COHORT_EXCESS, SIMULATED_COHORT_SIZE, SIMULATED_COHORT_START_AGE, make_simulated_cohort_explorer, simulated_cohort_years

D = netsurv.DAYS_PER_YEAR
#: how close (percentage points) the calibrated 5-year relative survival must be to the target:
#: with 3,000 patients one death moves it by about 0.03 points, and the bisection stops at a
#: bracket of 1e-4 per year
CALIBRATION_TOL = 0.25
#: sampling tolerance, in standard errors of a proportion
Z = 4.5


def within_sampling(observed_share, expected_share, n):
    se = math.sqrt(expected_share * (1 - expected_share) / n)
    return abs(observed_share - expected_share) <= Z * se


@pytest.fixture(scope="module")
def rates():
    return netsurv.RateTable.us_2019()


@pytest.fixture(scope="module")
def cohorts(rates):
    return {group: simulate.simulated_cohort(group, rates=rates) for group in simulate.GROUPS}


def survival_row(row_id):
    return allstats.load("survival_by_age").set_index("id").loc[row_id]


def zero_table():
    rows = [(age, sex, 0.0) for sex in ("male", "female") for age in range(101)]
    return netsurv.RateTable.from_frame(pd.DataFrame(rows, columns=["age", "sex", "hazard"]),
                                        value="hazard")


# ----------------------------------------------------------------------------------------------
# What the simulation reads from data/
# ----------------------------------------------------------------------------------------------


def test_targets_come_from_the_02_2023_edition():
    assert float(survival.guide_figure("adults")["percent"]) == \
        float(survival_row("cancernet-2023-20-plus")["percent"])
    assert float(survival.guide_figure("children")["percent"]) == \
        float(survival_row("cancernet-2023-under-20")["percent"])
    assert survival.horizon_years() == allstats.load("figures").set_index("id").loc[
        "survival-horizon-2023", "value"]
    with pytest.raises(ValueError):
        survival.guide_figure("teenagers")


def test_male_share_is_the_2023_new_cases_by_sex():
    est = allstats.load("acs_estimates")
    rows = est[(est.year == 2023) & (est.measure == "new_cases")].set_index("sex")["count"]
    assert series.male_share(2023) == rows["male"] / rows["all"]
    with pytest.raises(ValueError):
        series.male_share(1900)


def test_children_weights_are_mmwr_rates_times_years():
    pattern = simulate.age_pattern("children")
    rows = allstats.load("pediatric_incidence")
    rows = rows[rows.group_type == "age"].sort_values("age_low")
    raw = rows.rate_per_million.to_numpy() * (rows.age_high - rows.age_low + 1).to_numpy()
    np.testing.assert_allclose(pattern.weight, raw / raw.sum(), rtol=1e-12)
    assert list(pattern.age_low) == list(rows.age_low)
    assert (pattern.basis == "MMWR rates").all()
    assert pattern.weight.sum() == pytest.approx(1)


def test_adult_weights_are_the_stated_assumption():
    pattern = simulate.age_pattern("adults")
    rise = allstats.load("figures").set_index("id").loc["risk-rises-after-50", "value"]
    assert pattern.age_low.min() == survival_row("cancernet-2023-20-plus")["age_low"]
    assert pattern.age_high.max() == simulate.ADULT_AGE_LIMIT - 1
    assert (pattern.basis == "assumption").all()
    flat = pattern[pattern.age_low <= rise].weight
    assert np.allclose(flat, flat.iloc[0])
    rising = pattern[pattern.age_low >= rise].weight.to_numpy()
    assert np.all(np.diff(rising) > 0)
    assert pattern.weight.iloc[-1] / pattern.weight.iloc[0] == pytest.approx(
        simulate.ADULT_WEIGHT_AT_LIMIT)


# ----------------------------------------------------------------------------------------------
# Draws: reproducible, sized, following the weights
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["adults", "children"])
def test_same_seed_same_cohort_other_seed_other_cohort(rates, group):
    a = simulate.follow_up(simulate.draw_cohort(group, 500, seed=7), 0.1, rates)
    b = simulate.follow_up(simulate.draw_cohort(group, 500, seed=7), 0.1, rates)
    c = simulate.follow_up(simulate.draw_cohort(group, 500, seed=8), 0.1, rates)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a.age, c.age)


@pytest.mark.parametrize("n", [1, 250, 3000])
def test_requested_size(rates, n):
    patients = simulate.follow_up(simulate.draw_cohort("adults", n), 0.2, rates)
    assert len(patients) == n
    assert list(patients.columns) == ["age", "sex", "diagnosed", "time", "status",
                                      "simulated_cause"]


@pytest.mark.parametrize("group", ["adults", "children"])
def test_ages_follow_the_weights(group):
    n = 20000
    draws = simulate.draw_cohort(group, n, seed=11)
    pattern = simulate.age_pattern(group)
    assert draws.age.min() >= pattern.age_low.min()
    assert draws.age.max() < pattern.age_high.max() + 1
    whole = np.floor(draws.age)
    for _, row in pattern.iterrows():
        share = np.mean((whole >= row.age_low) & (whole <= row.age_high))
        assert within_sampling(share, row.weight, n), (row.age_low, share, row.weight)
    male = series.male_share(2023)
    assert within_sampling(np.mean(draws.sex == "male"), male, n)


def test_ages_are_uniform_within_a_group():
    draws = simulate.draw_cohort("children", 20000, seed=3)
    young = draws.age[(draws.age >= 1) & (draws.age < 5)]
    shares = np.bincount(np.floor(young).astype(int) - 1, minlength=4) / len(young)
    assert all(within_sampling(s, 0.25, len(young)) for s in shares)


def test_draws_at_ages_share_their_random_numbers():
    a = simulate.draw_cohort_at_ages(20, 5, 400)
    b = simulate.draw_cohort_at_ages(70, 5, 400)
    np.testing.assert_allclose(b.age - a.age, 50)
    np.testing.assert_array_equal(a.population_draw, b.population_draw)
    np.testing.assert_array_equal(a.sex, b.sex)
    assert a.age.min() >= 20 and a.age.max() < 25
    with pytest.raises(ValueError):
        a.with_ages(np.zeros(3))


# ----------------------------------------------------------------------------------------------
# Deaths and follow-up
# ----------------------------------------------------------------------------------------------


def test_cumulative_hazard_is_the_life_table(rates):
    hazard = simulate.LifeTableHazard.from_rates(rates)
    table = allstats.load("us_life_tables_2019")
    for sex in ("male", "female"):
        q = table[table.sex == sex].sort_values("age").qx.to_numpy(dtype=float)
        q = np.where(q == 1, netsurv.QX_CAP, q)
        expected = np.concatenate([[0], np.cumsum(-np.log1p(-q))])[:101]
        np.testing.assert_allclose(hazard.at(np.repeat(sex, 101), np.arange(101.0)), expected,
                                   rtol=1e-12, atol=1e-15)
        ages = np.array([0.3, 17.5, 64.25, 99.9, 104.0])
        back = hazard.age_reached(np.repeat(sex, 5), hazard.at(np.repeat(sex, 5), ages))
        np.testing.assert_allclose(back, ages, rtol=1e-10)
    with pytest.raises(ValueError):
        hazard.at(["other"], [1.0])


def test_population_deaths_follow_the_life_table(rates):
    """At an exact age x with no excess hazard, the share dying within a year is q(x)."""
    n = 200000
    table = allstats.load("us_life_tables_2019").set_index(["sex", "age"]).qx
    for age in (60, 80):
        draws = simulate.draw_cohort_at_ages(age, 0.0, n, seed=5)
        patients = simulate.follow_up(draws, 0.0, rates)
        died = (patients.status == 1) & (patients.time <= math.ceil(D))
        for sex in ("male", "female"):
            mine = patients.sex == sex
            assert within_sampling(died[mine].mean(), table[(sex, age)], mine.sum())
        assert set(patients.simulated_cause[patients.status == 1]) == {simulate.CAUSES[1]}


def test_excess_deaths_are_exponential(rates):
    """Children aged 5 have almost no population deaths: P(excess death within t) = 1 - e^-lt."""
    lam, n = 0.3, 100000
    patients = simulate.follow_up(simulate.draw_cohort_at_ages(5, 0.0, n, seed=9), lam, rates)
    excess = patients.simulated_cause == simulate.CAUSES[0]
    for years in (1, 3, 5):
        share = np.mean(excess & (patients.time <= years * D))
        assert within_sampling(share, 1 - math.exp(-lam * years), n)


def test_follow_up_is_whole_days_with_administrative_censoring(cohorts):
    for cohort in cohorts.values():
        p = cohort.patients
        assert p.time.dtype.kind == "i" and p.time.min() >= 1
        close = math.ceil((simulate.ENTRY_YEARS + simulate.MIN_FOLLOW_UP_YEARS) * D)
        potential = close - (p.diagnosed - simulate.STUDY_START).dt.days
        assert (p.time <= potential).all()
        censored = p.status == 0
        assert censored.any()
        assert (p.time[censored] == potential[censored]).all()
        assert (p.time[censored] >= simulate.MIN_FOLLOW_UP_YEARS * D).all()
        assert (p.simulated_cause[censored] == simulate.CAUSES[2]).all()
        assert set(p.simulated_cause[~censored]) <= set(simulate.CAUSES[:2])


def test_no_excess_hazard_no_excess_deaths(rates):
    patients = simulate.follow_up(simulate.draw_cohort("adults", 500), 0.0, rates)
    assert simulate.CAUSES[0] not in set(patients.simulated_cause)
    with pytest.raises(ValueError):
        simulate.follow_up(simulate.draw_cohort("adults", 5), -0.1, rates)


def test_truncating_follow_up_changes_no_estimate_before_the_cut(cohorts, rates):
    p = cohorts["adults"].patients
    cut = 1000
    short = simulate.truncate_follow_up(p, cut)
    assert short.time.max() == cut
    times = [100, 500, 999, 999.5]
    for method in ("ederer2", "pohar-perme"):
        full = netsurv.net_survival(p, rates, method=method, times=times).surv
        cut_off = netsurv.net_survival(short, rates, method=method, times=times).surv
        np.testing.assert_allclose(cut_off, full, rtol=0, atol=1e-13)
    # the relative survival at the horizon, computed on the truncated follow-up, is the full one
    for days in (1826.0, 1826.205):
        full = netsurv.net_survival(p, rates, method="ederer2", times=[days]).surv.iloc[0]
        assert simulate.relative_survival_at(p, rates, days / D) == pytest.approx(full, abs=1e-13)


# ----------------------------------------------------------------------------------------------
# The excess hazard lands on the published figures
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("group,row_id", [("adults", "cancernet-2023-20-plus"),
                                          ("children", "cancernet-2023-under-20")])
def test_calibrated_cohort_lands_on_the_published_figure(cohorts, rates, group, row_id):
    cohort = cohorts[group]
    target = float(survival_row(row_id)["percent"])
    cal = cohort.calibration
    assert cal.target == target
    assert abs(cal.achieved - target) <= CALIBRATION_TOL
    assert cal.tolerance <= 1e-4
    # recomputed from the patients with the library, on the full follow-up
    horizon = survival.horizon_years()
    again = netsurv.net_survival(cohort.patients, rates, method="ederer2",
                                 times=[horizon * D]).surv.iloc[0]
    assert 100 * again == pytest.approx(cal.achieved, abs=1e-10)
    # and the root is bracketed: a little less hazard is above the target, a little more below
    below = simulate.relative_survival_at(
        simulate.follow_up(cohort.draws, cal.excess_hazard + 0.01, rates), rates, horizon)
    above = simulate.relative_survival_at(
        simulate.follow_up(cohort.draws, cal.excess_hazard - 0.01, rates), rates, horizon)
    assert below < target / 100 < above


def test_bisection_refuses_targets_it_cannot_bracket(cohorts, rates):
    draws = cohorts["children"].draws
    with pytest.raises(ValueError):
        simulate.calibrate_excess_hazard(draws, rates, 100.0, horizon=5)
    with pytest.raises(ValueError):
        simulate.calibrate_excess_hazard(draws, rates, 0.001, horizon=5, upper=0.01)


def test_constant_excess_hazard_gives_the_percent():
    lam = simulate.constant_excess_hazard(43, 5)
    assert math.exp(-lam * 5) == pytest.approx(0.43)
    with pytest.raises(ValueError):
        simulate.constant_excess_hazard(0, 5)


# ----------------------------------------------------------------------------------------------
# Curves
# ----------------------------------------------------------------------------------------------


def test_kaplan_meier_by_hand_and_as_netsurv_with_no_population_deaths(cohorts):
    # by hand: 4 at risk, one death at 2 (3/4), one censored at 3, one death at 5 (1/2)
    km = netsurv.kaplan_meier([2, 3, 5, 7], [1, 0, 1, 0], [0, 1.9, 2, 4, 5, 8])
    np.testing.assert_allclose(km, [1, 1, 0.75, 0.75, 0.375, 0.375])
    p = cohorts["adults"].patients
    times = np.unique(p.time)
    plain = netsurv.net_survival(p, zero_table(), method="ederer2")
    np.testing.assert_allclose(netsurv.kaplan_meier(p.time, p.status, times), plain.surv,
                               rtol=0, atol=1e-12)


def test_survival_curves_are_the_library_estimates(cohorts, rates):
    p = cohorts["adults"].patients
    curves = simulate.survival_curves(p, rates)
    e2 = netsurv.net_survival(p, rates, method="ederer2")
    e1 = netsurv.net_survival(p, rates, method="ederer1")
    np.testing.assert_array_equal(curves.time.iloc[1:], e2.time)
    np.testing.assert_allclose(curves.relative.iloc[1:], e2.surv, rtol=0, atol=1e-14)
    km = netsurv.kaplan_meier(p.time, p.status, e1.time)
    np.testing.assert_allclose(curves.observed.iloc[1:], km, rtol=0, atol=1e-14)
    # Ederer I is KM / expected: the expected curve is KM / (Ederer I relative survival)
    np.testing.assert_allclose(curves.expected.iloc[1:], km / e1.surv, rtol=1e-10)
    assert curves.iloc[0][["observed", "expected", "relative"]].tolist() == [1, 1, 1]
    at = simulate.values_at(curves, 5)
    row = np.searchsorted(curves.years, 5, side="right") - 1
    assert at["relative"] == curves.relative.iloc[row]
    with pytest.raises(ValueError):
        simulate.values_at(curves, -1)


def test_estimator_curves_are_the_library_estimates(cohorts, rates):
    cohort = cohorts["children"]
    curves = simulate.estimator_curves(cohort.patients, rates, cohort.calibration.excess_hazard)
    times = curves.time.iloc[1:]
    for column, method in (("ederer2", "ederer2"), ("pohar_perme", "pohar-perme")):
        lib = netsurv.net_survival(cohort.patients, rates, method=method, times=times)
        np.testing.assert_allclose(curves[column].iloc[1:], lib.surv, rtol=0, atol=1e-14)
    np.testing.assert_allclose(curves.true_net,
                               np.exp(-cohort.calibration.excess_hazard * curves.years))


def test_pohar_perme_tracks_the_true_net_survival_when_ages_mix(cohorts, rates):
    """The notebook's claim: with children and adults together, Ederer II drifts above Pohar
    Perme, and Pohar Perme stays near the truth (known in a simulation)."""
    mixed = pd.concat([c.patients for c in cohorts.values()], ignore_index=True)
    lam = np.concatenate([np.full(len(c.patients), c.calibration.excess_hazard)
                          for c in cohorts.values()])
    curves = simulate.estimator_curves(mixed, rates, lam)
    at = simulate.values_at(curves, 10)
    assert at["ederer2"] - at["pohar_perme"] > 0.005
    assert abs(at["pohar_perme"] - at["true_net"]) < abs(at["ederer2"] - at["true_net"])


def test_curve_grid_positions_equal_curves_computed_alone(rates):
    years = np.arange(0, 61) / 12
    grid = simulate.curve_grid([0, 40, 85], [0.0, 0.05, 0.3], years, n=600, rates=rates)
    for age in (0, 40, 85):
        for lam in (0.0, 0.05, 0.3):
            alone = simulate.curves_at(age, lam, years, n=600, rates=rates)
            for key, values in grid.at(age, lam).items():
                np.testing.assert_allclose(values, alone[key], rtol=0, atol=1e-14)
    with pytest.raises(KeyError):
        grid.at(41, 0.05)


def test_curves_at_relative_is_ederer_one(rates):
    """observed / expected on the grid is netsurv's Ederer I, except that netsurv reads the
    expected survival at the last follow-up time t_j <= t (a step function) and the grid at t."""
    years = np.arange(1, 11, dtype=float)
    curves = simulate.curves_at(70, 0.15, years, n=800, rates=rates)
    patients = simulate.follow_up(simulate.draw_cohort_at_ages(70, 5, 800), 0.15, rates)
    e1 = netsurv.net_survival(patients, rates, method="ederer1", times=years * D)
    distinct = np.unique(patients.time)
    t_j = distinct[np.searchsorted(distinct, years * D, side="right") - 1]
    at_t_j = curves["observed"] / simulate.expected_survival(patients, rates, t_j / D)
    np.testing.assert_allclose(at_t_j, e1.surv, rtol=1e-10)
    # t - t_j is a few days: the expected survival moves by less than 0.1% in that time
    np.testing.assert_allclose(curves["relative"], e1.surv, rtol=1e-3)


def test_life_table_for_readers(cohorts, rates):
    """The life table through the one table builder: words for headers, survival in percent
    with one decimal, counts with thousands separators, the interval's years as whole numbers."""
    table = netsurv.life_table(cohorts["adults"].patients, rates)
    shown = tables.reader_table(table, tables.LIFE_TABLE_COLUMNS, formats=tables.LIFE_TABLE_FORMATS)
    rows = _table_rows(shown)
    header, body = rows[0], rows[1:]
    assert header == list(tables.LIFE_TABLE_COLUMNS.values())
    assert len(body) == len(table)
    column = {name: i for i, name in enumerate(header)}
    for cells, (_, row) in zip(body, table.iterrows()):
        assert cells[column["relative (cumulative)"]] == f"{100 * row.cr:.1f}%"
        assert cells[column["deaths"]] == f"{int(row.d):,}"
        assert cells[column["alive at start"]] == f"{int(row.n):,}"
        assert cells[column["from year"]] == str(int(row.start))


def _table_rows(markup: str) -> list[list[str]]:
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", markup, flags=re.S)]


# ----------------------------------------------------------------------------------------------
# Charts
# ----------------------------------------------------------------------------------------------


def test_cohort_chart_holds_the_curves(cohorts, rates):
    cohort = cohorts["adults"]
    curves = simulate.survival_curves(cohort.patients, rates)
    horizon = survival.horizon_years()
    cited = provenance.citation_parts(cohort.target["source_id"])[0]
    chart = charts.patients.cohort_survival_figure(curves, horizon=horizon, published=cohort.target,
                                                   published_source=cited,
                                                   group_label=cohort.label, source="Source: test")
    for key in ("observed", "expected", "relative"):
        np.testing.assert_allclose(chart.lines[key].get_ydata(), 100 * curves[key])
        np.testing.assert_allclose(chart.lines[key].get_xdata(), curves.years)
        value = simulate.values_at(curves, horizon)[key]
        assert chart.points[key].get_ydata()[0] == pytest.approx(100 * value)
        assert chart.labels[key].get_text() == f"{100 * value:.1f}%"
    published = float(survival_row("cancernet-2023-20-plus")["percent"])
    assert chart.published.get_ydata()[0] == published
    assert f"{published:g}%" in chart.published_label.get_text()
    assert f"({cited}, {int(cohort.target['edition_year'])})" in chart.published_label.get_text()
    title = chart.title.get_text()
    assert title.startswith("SIMULATED") and cohort.label in title
    assert f"{100 * chart.values['relative']:.1f}%" in title
    assert chart.badge.get_text() == simulate.SIMULATED_LABEL
    assert chart.source.get_text() == "Source: test"


def test_estimator_chart_holds_both_estimators(cohorts, rates):
    cohort = cohorts["adults"]
    curves = simulate.estimator_curves(cohort.patients, rates, cohort.calibration.excess_hazard)
    chart = charts.patients.estimator_comparison_figure({"adults": curves}, at_years=10,
                                               source="Source: test")
    for key in ("ederer2", "pohar_perme", "true_net"):
        np.testing.assert_allclose(chart.lines["adults"][key].get_ydata(), 100 * curves[key])
    for key in ("ederer2", "pohar_perme"):
        np.testing.assert_allclose(chart.error_lines["adults"][key].get_ydata(),
                                   100 * (curves[key] - curves.true_net))
    at = simulate.values_at(curves, 10)
    assert chart.gaps["adults"] == pytest.approx(100 * (at["ederer2"] - at["pohar_perme"]))
    assert f"Pohar Perme {100 * at['pohar_perme']:.1f}%" in chart.gap_labels["adults"].get_text()
    assert chart.title.get_text().startswith("SIMULATED")
    assert f"{abs(chart.gaps['adults']):.1f} points" in chart.title.get_text()


def test_age_chart_counts_the_simulated_patients(cohorts):
    ages = {g: c.patients.age.to_numpy() for g, c in cohorts.items()}
    patterns = {g: simulate.age_pattern(g) for g in cohorts}
    chart = charts.patients.age_pattern_figure(ages, patterns, labels={g: g for g in cohorts},
                                      title="SIMULATED ages", source="Source: test")
    for group, values in ages.items():
        low, high = patterns[group].age_low.min(), patterns[group].age_high.max()
        counts, _ = np.histogram(values, bins=np.arange(low, high + 2))
        heights = [bar.get_height() for bar in chart.bars[group]]
        np.testing.assert_array_equal(heights, counts)
        assert sum(heights) == len(values)
    # the line is n x weight per year of age: its area is the cohort size
    line = chart.lines["children"]
    x, y = line.get_xdata(), line.get_ydata()
    assert np.sum((x[1::2] - x[::2]) * y[::2]) == pytest.approx(len(ages["children"]))
    legend = [t.get_text() for t in chart.ax.get_legend().get_texts()]
    assert any("assumption" in t for t in legend)
    assert chart.title.get_text() == "SIMULATED ages"


def test_age_chart_title_names_the_peak_group_and_the_assumption():
    title = charts.patients.age_pattern_title({g: simulate.age_pattern(g) for g in simulate.GROUPS})
    rows = allstats.load("pediatric_incidence").query("group_type == 'age'")
    peak = rows.loc[rows.rate_per_million.idxmax()]    # per-year rates: the highest rate wins
    assert f"ages {peak.age_low}–{peak.age_high}" in title
    assert title.startswith("SIMULATED") and "adult ages assumed" in title


def test_source_line_names_every_input_and_says_simulated():
    line = simulate.simulated_source()
    for source_id in ("cancernet-adult-all-2023", "mmwr-2017-pediatric-all",
                      "nchs-us-life-tables-2019"):
        citation = allstats.load("sources").set_index("id").loc[source_id, "citation"]
        assert citation in line
    assert simulate.SIMULATED_LABEL in line
    assert "MMWR" not in simulate.simulated_source(("adults",))


# ----------------------------------------------------------------------------------------------
# The explorer
# ----------------------------------------------------------------------------------------------


def slider_values(slider):
    n = int(round((slider.max - slider.min) / slider.step))
    return [round(slider.min + i * slider.step, 10) for i in range(n + 1)]


@pytest.fixture
def explorer():
    # one per test: the suite closes every figure after each test
    return make_simulated_cohort_explorer()


@pytest.fixture(scope="module")
def library_grid(rates):
    """The explorer's curves, computed by the test from the library (not read off the explorer)."""
    low, high, step = SIMULATED_COHORT_AGES
    ages = np.arange(low, high + step, step)
    lo, hi, st = SIMULATED_COHORT_EXCESS
    hazards = np.round(lo + st * np.arange(int(round((hi - lo) / st)) + 1), 10)
    return simulate.curve_grid(ages, hazards, simulated_cohort_years(), width=5,
                               n=SIMULATED_COHORT_SIZE, rates=rates)


def check_explorer(explorer, grid):
    age = explorer.controls["age"].value
    lam = round(explorer.controls["excess_hazard"].value, 10)
    curves = grid.at(age, lam)
    horizon = survival.horizon_years()
    k = int(np.flatnonzero(np.isclose(curves["years"], horizon))[0])
    lines = explorer.artists["lines"]
    for key in ("observed", "expected", "relative"):
        np.testing.assert_allclose(lines[key].get_xdata(), curves["years"])
        np.testing.assert_allclose(lines[key].get_ydata(), 100 * curves[key], rtol=0, atol=1e-12)
        assert explorer.artists["points"][key].get_ydata()[0] == pytest.approx(
            100 * curves[key][k])
        assert explorer.values[key] == pytest.approx(curves[key][k], abs=1e-15)
    # the bands: expected deaths above the expected curve, extra deaths between the two curves
    years, n = curves["years"], len(curves["years"])
    bands = {"excess_deaths": (curves["observed"], curves["expected"]),
             "expected_deaths": (curves["expected"], np.ones(n))}
    for name, (lower, upper) in bands.items():
        verts = explorer.artists["bands"][name].get_paths()[0].vertices[:2 * n]
        np.testing.assert_allclose(verts[:n], np.column_stack([years, 100 * lower]))
        np.testing.assert_allclose(verts[n:], np.column_stack([years, 100 * upper])[::-1])
    shown = {key: f"{100 * curves[key][k]:.1f}%" for key in ("observed", "expected", "relative")}
    html = explorer.readout.value
    assert f"aged <b>{age} to {age + 4}</b>" in html
    assert f"<b>{lam:.2f}</b> per year" in html
    for key in ("observed", "expected", "relative"):
        assert f"<b>{shown[key]}</b>" in html
    assert f"<b>{100 * (1 - curves['expected'][k]):.1f}%</b> would have died anyway" in html
    readings = {key: t.get_text() for key, t in explorer.artists["readings"].items()}
    assert readings == shown
    title = explorer.artists["title"].get_text()
    assert title == (f"Simulated, ages {age}–{age + 4}: relative survival {shown['relative']}, "
                     f"observed {shown['observed']}")
    assert explorer.values["age"] == age and explorer.values["excess_hazard"] == lam


def test_explorer_starts_at_the_published_adult_figure(explorer, library_grid):
    target = float(survival_row("cancernet-2023-20-plus")["percent"])
    horizon = survival.horizon_years()
    start = -math.log(target / 100) / horizon
    assert explorer.controls["excess_hazard"].value == pytest.approx(round(start, 2))
    assert explorer.controls["age"].value == SIMULATED_COHORT_START_AGE
    check_explorer(explorer, library_grid)
    assert bytes(explorer.image.value).startswith(b"\x89PNG")


def test_explorer_holds_the_library_curves_for_every_position(explorer, library_grid):
    """Every age x excess hazard that the sliders can reach, without drawing each one."""
    grid = explorer.artists["grid"]
    np.testing.assert_array_equal(grid.ages, slider_values(explorer.controls["age"]))
    np.testing.assert_allclose(grid.excess_hazards,
                               slider_values(explorer.controls["excess_hazard"]), atol=1e-12)
    np.testing.assert_array_equal(grid.observed, library_grid.observed)
    np.testing.assert_array_equal(grid.expected, library_grid.expected)


@pytest.mark.parametrize("other", ["min", "start", "max"])
def test_explorer_sweeps_each_slider_over_its_whole_range(explorer, library_grid, other):
    """Each slider min -> max by its step, with the other at its minimum, start and maximum:
    the artists and the readout follow the library's curves after every change."""
    for name, fixed in (("age", "excess_hazard"), ("excess_hazard", "age")):
        control, held = explorer.controls[name], explorer.controls[fixed]
        held.value = {"min": held.min, "max": held.max}.get(other, held.value)
        for value in slider_values(control):
            control.value = value
            check_explorer(explorer, library_grid)
    assert bytes(explorer.image.value).startswith(b"\x89PNG")


def test_explorer_shows_why_relative_survival_for_older_patients(explorer):
    """At old ages observed survival falls far below relative; at young ages they nearly agree."""
    explorer.controls["excess_hazard"].value = 0.17
    explorer.controls["age"].value = 80
    old = dict(explorer.values)
    explorer.controls["age"].value = 20
    young = dict(explorer.values)
    assert old["relative"] - old["observed"] > 0.1
    assert young["relative"] - young["observed"] < 0.01
    assert abs(old["relative"] - young["relative"]) < 0.03
    assert old["died_anyway"] > 0.25 and young["died_anyway"] < 0.01


def test_notebook_says_the_adult_weights_assume_as_many_people_at_every_adult_age():
    """06 bases its adult age weights on "risk rises after 50"; a weight per year of age is a
    share of cases only if as many people live at every adult age, and 06 must say it assumes
    that. The paragraph's numbers and quotes come from data/ and the library, none typed."""
    from allstats import text
    from conftest import ROOT
    nb = json.loads((ROOT / "notebooks" / "06_from_patients_to_relative_survival.ipynb")
                    .read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"
             and any("The adult assumption" in "".join(o.get("data", {}).get("text/markdown", ""))
                     for o in c.get("outputs", []))]
    assert len(cells) == 1, "06 shows no paragraph on the adult assumption (or more than one)"
    shown = " ".join("".join(o["data"]["text/markdown"]) for o in cells[0]["outputs"]).split()
    shown = " ".join(shown)
    assert re.search(r"(as many|the same number of) people (live )?at every adult age[^.]*"
                     r"(the simulation assumes|assum)", shown), shown
    figures = allstats.load("figures").set_index("id")
    rise, likely = figures.loc["risk-rises-after-50"], figures.loc["more-likely-over-50"]
    pattern = simulate.age_pattern("adults")
    assert f"Ages {pattern.age_low.min()} to {pattern.age_high.max()} at diagnosis" in shown
    assert f"the same weight at every age up to {text.fmt_number(rise['value'])}" in shown
    assert f"{text.fmt_number(simulate.ADULT_WEIGHT_AT_LIMIT)} times as much" in shown
    assert f"“{rise['quote']}”" in shown and f"“{likely['quote']}”" in shown
    # built, not typed: the cell's code holds none of these numbers outside the rows' ids
    code = re.sub(r"\"[a-z0-9]+(?:-[a-z0-9]+)+\"", "", "".join(cells[0]["source"]))
    for number in (pattern.age_low.min(), pattern.age_high.max(), text.fmt_number(rise["value"])):
        assert not re.search(rf"(?<![\w.]){number}(?![\w.])", code), f"{number} is typed in 06"
