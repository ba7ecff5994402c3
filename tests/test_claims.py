"""allstats.claims(): the seeds' checkable claims, recomputed from data."""

import pandas as pd
import pytest

import allstats
from allstats.claims import CLAIM_COLUMNS


@pytest.fixture(scope="module")
def claims():
    return allstats.claims().set_index("claim_id")


def test_columns_and_sources(claims):
    assert list(claims.reset_index().columns) == CLAIM_COLUMNS
    assert set(claims["source_id"]) <= set(allstats.load("sources")["id"])
    assert claims["quote"].str.len().min() > 10
    assert claims["holds"].dtype == bool


def test_less_than_half_of_one_percent_every_year(claims):
    est = allstats.load("acs_estimates")
    tot = allstats.load("all_cancer_totals")
    years = set(est.year) & set(tot.year)
    rows = claims[claims.index.str.startswith("share-of-cancers-")]
    assert {int(i.rsplit("-", 1)[1]) for i in rows.index} == years
    for claim_id, row in rows.iterrows():
        year = int(claim_id.rsplit("-", 1)[1])
        cases = est.query("year == @year and measure == 'new_cases' and sex == 'all'")["count"]
        total = tot.query("year == @year and measure == 'new_cases'")["count"]
        assert row.computed == pytest.approx(100 * int(cases.iloc[0]) / int(total.iloc[0]))
        assert row.holds == (row.computed < 0.5)
    assert rows.loc["share-of-cancers-2023", "holds"]


def test_men_plus_women_give_the_total(claims):
    sums = claims[claims.index.str.startswith("sexes-add-up-")]
    assert len(sums) == 24            # 2014-2025, cases and deaths
    assert sums["holds"].all()


def test_a_corrupted_total_makes_its_claim_fail(data_copy):
    path = data_copy / "acs_estimates.csv"
    text = path.read_text(encoding="utf-8")
    assert "2023,deaths,all,1390," in text
    path.write_text(text.replace("2023,deaths,all,1390,", "2023,deaths,all,1400,"),
                    encoding="utf-8")
    c = allstats.claims(data_copy).set_index("claim_id")
    assert not c.loc["sexes-add-up-deaths-2023", "holds"]
    assert c.loc["sexes-add-up-deaths-2023", "computed"] == 1390


def test_adult_shares(claims):
    assert claims.loc["adult-deaths-vs-adults-share-of-deaths-acs-2024", "holds"]
    assert claims.loc["adult-deaths-count-2023", "computed"] == pytest.approx(1112)
    assert claims.loc["adult-cases-vs-adults-share-of-cases-acs-2024", "holds"]
    # SEER's 52.7% under 20 leaves 47.3% adults: about 5 in 10, not "about 4 out of 10"
    seer = claims.loc["adult-cases-vs-share-cases-under-20-seer-2025"]
    assert seer.computed == pytest.approx(47.3) and not seer.holds


def test_worked_example_and_age_claims(claims):
    assert claims.loc["worked-example-810", "computed"] == 810
    assert claims.loc["worked-example-810", "holds"]
    assert claims.loc["highest-risk-under-5", "holds"]


def test_disagreements_are_reported_not_hidden(claims):
    assert not claims.loc["adult-cr-vs-cr-rate-adults-acs", "holds"]
    assert not claims.loc["b-cell-share-adults", "holds"]
    assert isinstance(claims, pd.DataFrame)
