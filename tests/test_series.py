"""Year-by-year series and statements (allstats.series), checked against the CSV rows directly."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import allstats
from allstats import series


@pytest.fixture(scope="module")
def estimates():
    return allstats.load("acs_estimates")


def _count(estimates, year, measure, sex):
    row = estimates[(estimates.year == year) & (estimates.measure == measure)
                    & (estimates.sex == sex)]
    assert len(row) == 1
    return int(row["count"].iloc[0])


@pytest.mark.parametrize("measure", ["new_cases", "deaths"])
def test_counts_by_sex_are_the_rows_of_the_csv(estimates, measure):
    table = series.counts_by_sex(measure)
    assert list(table.columns) == ["male", "female", "all"]
    assert list(table.index) == sorted(estimates.year.unique())
    for year in table.index:
        for sex in table.columns:
            assert table.at[year, sex] == _count(estimates, year, measure, sex)
    assert (table.male + table.female == table["all"]).all()


def test_counts_by_sex_rejects_an_unknown_measure_or_a_missing_sex(estimates):
    with pytest.raises(ValueError, match="no rows with measure"):
        series.counts_by_sex("births")
    with pytest.raises(ValueError, match="no \\['female'\\] column"):
        series.counts_by_sex("deaths", estimates[estimates.sex != "female"])


def test_the_guide_year_and_its_source():
    table = series.year_sources("new_cases")
    assert table.at[2023, "count"] == 6540
    assert table.at[2023, "source"] == "Cancer.Net 2023"
    assert table.at[2023, "source_id"] == "cancernet-adult-all-2023"
    # 2014: the ACS gives the total, Cancer.Net the split by sex
    assert table.at[2014, "source"] == "ACS 2014"
    assert table.at[2014, "sex_source"] == "Cancer.Net 2014"
    assert table.at[2015, "sex_source"] == ""


def test_secondary_years_are_the_rows_marked_secondary(estimates):
    for measure in ("new_cases", "deaths"):
        expected = sorted(estimates[(estimates.measure == measure)
                                    & (estimates.verification == "secondary")].year.unique())
        assert series.secondary_years(measure) == expected
        table = series.year_sources(measure)
        assert sorted(table.index[table.secondary]) == expected
    assert series.secondary_years("new_cases") == [2016, 2021]


def test_share_of_all_cancers_every_year_with_both_estimates(estimates):
    totals = allstats.load("all_cancer_totals")
    share = series.share_of_all_cancers()
    both = sorted(set(estimates.year) & set(totals[totals.measure == "new_cases"].year))
    assert list(share.index) == both == list(range(2019, 2026))
    for year in both:
        all_cancers = int(totals[(totals.year == year) & (totals.measure == "new_cases")]["count"]
                          .iloc[0])
        cases = _count(estimates, year, "new_cases", "all")
        assert share.at[year, "all_cases"] == cases
        assert share.at[year, "all_cancers"] == all_cancers
        assert share.at[year, "percent"] == pytest.approx(100 * cases / all_cancers)
    assert share.at[2023, "percent"] == pytest.approx(0.3339614, abs=1e-6)
    assert list(share.index[share.secondary]) == [2021]


def test_share_matches_the_claims():
    share = series.share_of_all_cancers()
    checks = allstats.claims().set_index("claim_id")
    for year, row in share.iterrows():
        assert checks.at[f"share-of-cancers-{year}", "computed"] == pytest.approx(row["percent"])


def test_deaths_per_100_new_cases(estimates):
    ratio = series.deaths_per_100_new_cases()
    assert list(ratio.index) == list(range(2014, 2026))
    for year, row in ratio.iterrows():
        d = _count(estimates, year, "deaths", "all")
        c = _count(estimates, year, "new_cases", "all")
        assert (row["deaths"], row["new_cases"]) == (d, c)
        assert row["per_100"] == pytest.approx(100 * d / c)
    assert ratio.at[2023, "per_100"] == pytest.approx(100 * 1390 / 6540)
    assert list(ratio.index[ratio.secondary]) == [2016, 2021]
    women = series.deaths_per_100_new_cases(sex="female")
    assert women.at[2023, "per_100"] == pytest.approx(100 * 690 / 2880)
    assert "not** a death rate" in series.deaths_per_100_new_cases.__doc__


def test_deaths_per_100_rejects_a_year_without_new_cases(estimates):
    broken = estimates.copy()
    broken.loc[(broken.year == 2020) & (broken.measure == "new_cases"), "count"] = 0
    with pytest.raises(ValueError, match="2020: no new cases"):
        series.deaths_per_100_new_cases(broken)
    with pytest.raises(ValueError, match="no rows for sex"):
        series.deaths_per_100_new_cases(sex="both")


@given(deaths=st.integers(0, 10**6), cases=st.integers(1, 10**6))
def test_deaths_per_100_times_cases_gives_back_the_deaths(deaths, cases):
    frame = pd.DataFrame({"year": [2000, 2000], "measure": ["deaths", "new_cases"],
                          "sex": ["all", "all"], "count": [deaths, cases],
                          "verification": ["verified", "verified"]})
    row = series.deaths_per_100_new_cases(frame).loc[2000]
    assert row["per_100"] * cases / 100 == pytest.approx(deaths)


def test_share_statements_of_the_adults_share_of_cases():
    statements = series.share_statements(
        ["adults-share-of-cases-2023", "adults-share-of-cases-acs-2025"],
        complement_ids=["share-cases-under-20-seer-2025"])
    assert list(statements.index) == ["adults-share-of-cases-2023",
                                      "adults-share-of-cases-acs-2025",
                                      "share-cases-under-20-seer-2025"]
    guide = statements.loc["adults-share-of-cases-2023"]
    assert (guide.percent, guide.low, guide.high) == pytest.approx((40, 35, 45))
    assert guide.stated == "about 4 out of 10" and guide.label == "Cancer.Net 2023"
    assert not guide.secondary and not guide.complement
    bound = statements.loc["adults-share-of-cases-acs-2025"]
    # "a little less than half": 45% to 50%, so the guide's 40% does not silently meet it
    assert math.isnan(bound.percent) and (bound.low, bound.high) == (45, 50)
    seer = statements.loc["share-cases-under-20-seer-2025"]
    assert seer.percent == pytest.approx(100 - 52.7)
    assert (seer.low, seer.high) == pytest.approx((47.3, 47.3))
    assert seer.complement and seer.secondary and seer.label == "SEER via BMJ 2025"


def test_share_statements_of_the_adults_share_of_deaths():
    statements = series.share_statements(["adults-share-of-deaths-2023",
                                          "adults-share-of-deaths-acs-2020"])
    assert statements.percent.tolist() == [80, 80]
    assert statements.low.tolist() == [75, 70]      # "about 4 out of 5" is 3.5 to 4.5 of 5
    assert statements.high.tolist() == [85, 90]


def test_pediatric_rates_by_age_and_their_rescaling():
    incidence = allstats.load("pediatric_incidence")
    ages = incidence[incidence.group_type == "age"]
    rates = series.pediatric_rates_by_age()
    assert list(rates.index) == ["<1", "1–4", "5–9", "10–14", "15–19"]
    assert rates["rate"].tolist() == ages.sort_values("age_low").rate_per_million.tolist()
    per_100k = series.pediatric_rates_by_age(per=100_000)
    assert per_100k.at["1–4", "rate"] == 7.52
    assert (rates.age_low.diff().dropna() > 0).all()


def test_seer_rates_by_age_are_rescaled_to_the_mmwr_scale():
    seer = series.seer_rates_by_age(["peak-incidence-1-4-seer", "incidence-10-14-seer",
                                     "peak-incidence-1-4-seer-2024"])
    assert seer.group.tolist() == ["1–4", "10–14", "1–4"]
    assert seer.rate.tolist() == [77.0, 26.0, 78.0]      # 7.7 and 2.6 per 100,000; 78 per 1,000,000
    assert seer.stated.tolist() == ["7.7 per 100,000", "2.6 per 100,000", "78 per 1,000,000"]
    assert seer.secondary.all()


def test_seer_rates_by_age_refuses_rows_it_cannot_place():
    figures = allstats.load("figures")
    odd = figures.copy()
    odd.loc[odd.id == "incidence-10-14-seer", "subject"] = "incidence at ages 10–13"
    with pytest.raises(ValueError, match="match no MMWR age group"):
        series.seer_rates_by_age(["incidence-10-14-seer"], odd)
    odd.loc[odd.id == "incidence-10-14-seer", "subject"] = "incidence in older children"
    with pytest.raises(ValueError, match="no ages in its subject"):
        series.seer_rates_by_age(["incidence-10-14-seer"], odd)
    with pytest.raises(ValueError, match="is not a rate"):
        series.seer_rates_by_age(["median-age-at-diagnosis-seer"],
                                 figures.assign(subject=figures.subject.where(
                                     figures.id != "median-age-at-diagnosis-seer",
                                     "median at ages 1–4")))


def test_short_source_names():
    assert series.short_source("acs-key-statistics-2020") == "ACS 2020"
    assert series.short_source("cancernet-all-statistics-2019") == "Cancer.Net 2019"
    assert series.short_source("bmj-best-practice-all-epidemiology-2024") == "SEER via BMJ 2024"


def test_editions_line_names_every_year_and_marks_the_secondary_ones(estimates):
    line = series.editions_line(estimates[estimates.measure == "new_cases"])
    assert line.startswith("Sources, one edition per year: ")
    assert "2021 (secondary)" in line and "2016 (secondary)" in line
    for year in range(2014, 2026):
        assert str(year) in line
    assert "American Cancer Society, ALL key statistics (2014, 2015, 2018, 2020, " in line
    totals = allstats.load("all_cancer_totals")
    assert series.editions_line(totals[totals.year <= 2025]) == (
        "Source, one edition per year: Siegel et al., Cancer statistics (CA Cancer J Clin) "
        "(2019–2025)")


@pytest.mark.parametrize("x, expected", [(1042.5, 1043), (1112.0, 1112), (1181.5, 1182),
                                         (0.5, 1), (0.49, 0)])
def test_whole_people_rounds_halves_up(x, expected):
    assert series.whole_people(x) == expected
