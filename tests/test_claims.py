"""allstats.claims(): the seeds' checkable claims, recomputed from data, each with a verdict
that means what it says."""

import pandas as pd
import pytest

import allstats
from allstats.claims import (CLAIM_COLUMNS, CONSISTENT, IDENTITY, NOT_CONSISTENT, SEED_SOURCES,
                             UNCHECKABLE, UNCHECKABLE_STATEMENTS, VERDICTS)


@pytest.fixture(scope="module")
def claims():
    return allstats.claims().set_index("claim_id")


def test_columns_sources_and_verdicts(claims):
    assert list(claims.reset_index().columns) == CLAIM_COLUMNS
    assert set(claims["source_id"]) <= set(allstats.load("sources")["id"])
    assert claims["quote"].str.len().min() > 10
    assert set(claims["verdict"]) == set(VERDICTS)          # each kind of verdict occurs
    assert claims["seed"].dtype == bool
    assert set(claims.loc[claims["seed"], "source_id"]) <= set(SEED_SOURCES)
    # readers see short source names, never the package's ids
    sources = set(allstats.load("sources")["id"])
    assert not any(s in text for text in claims["computed_text"] for s in sources)


def test_less_than_half_of_one_percent_every_year(claims):
    est = allstats.load("acs_estimates")
    tot = allstats.load("all_cancer_totals")
    years = set(est.year) & set(tot.year)
    rows = claims[claims.index.str.startswith("share-of-cancers-")]
    assert {int(i.rsplit("-", 1)[1]) for i in rows.index} == years
    figures = allstats.load("figures")
    stated = {int(y) for y in figures[figures.subject == "share of all US cancers that are ALL"]
              .year.dropna()}
    for claim_id, row in rows.iterrows():
        year = int(claim_id.rsplit("-", 1)[1])
        cases = est.query("year == @year and measure == 'new_cases' and sex == 'all'")
        total = tot.query("year == @year and measure == 'new_cases'")["count"]
        assert row.computed == pytest.approx(100 * int(cases["count"].iloc[0]) / int(total.iloc[0]))
        assert row.verdict == (CONSISTENT if row.computed < 0.5 else NOT_CONSISTENT)
        if year not in stated:
            # no source speaks of this year: the row names the estimate's source, not the guide's
            assert row.source_id == cases["source_id"].iloc[0] and not row.seed
            assert "no source in the data states it" in row.claim
            secondary = cases["verification"].iloc[0] == "secondary"
            assert ("secondary copy" in row.basis) == secondary
    assert rows.loc["share-of-cancers-2023", "seed"]
    assert rows.loc["share-of-cancers-2021", "source_id"] != "cancernet-adult-all-2023"


def test_men_plus_women_is_an_identity(claims):
    sums = claims[claims.index.str.startswith("sexes-add-up-")]
    assert len(sums) == 24            # 2014-2025, cases and deaths
    assert (sums["verdict"] == IDENTITY).all()


def test_a_corrupted_total_makes_its_claim_inconsistent(data_copy):
    path = data_copy / "acs_estimates.csv"
    text = path.read_text(encoding="utf-8")
    assert "2023,deaths,all,1390," in text
    path.write_text(text.replace("2023,deaths,all,1390,", "2023,deaths,all,1400,"),
                    encoding="utf-8")
    c = allstats.claims(data_copy).set_index("claim_id")
    assert c.loc["sexes-add-up-deaths-2023", "verdict"] == NOT_CONSISTENT
    assert c.loc["sexes-add-up-deaths-2023", "computed"] == 1390


def test_adult_shares(claims):
    assert claims.loc["adult-deaths-vs-adults-share-of-deaths-acs-2024", "verdict"] == CONSISTENT
    # "about 1,112 adults" is the guide's share of its own count: an identity, no more precise
    count = claims.loc["adult-deaths-count-2023"]
    assert count.computed == pytest.approx(1112) and count.verdict == IDENTITY
    assert "1,043 to 1,182" in count.computed_text
    assert claims.loc["adult-cases-vs-adults-share-of-cases-acs-2024", "verdict"] == CONSISTENT
    # SEER's 52.7% under 20 leaves 47.3% adults: about 5 in 10, not "about 4 out of 10"
    seer = claims.loc["adult-cases-vs-share-cases-under-20-seer-2025"]
    assert seer.computed == pytest.approx(47.3) and seer.verdict == NOT_CONSISTENT


def test_a_little_less_than_half_is_not_met_by_forty_percent(claims):
    acs = claims.loc["adult-cases-vs-acs-2025"]
    assert acs.computed == 40 and acs.verdict == NOT_CONSISTENT
    assert "45% to just under 50%" in acs.computed_text
    assert "changed its words" in acs.basis


def test_identities_and_age_claims(claims):
    assert claims.loc["worked-example-810", "computed"] == 810
    assert claims.loc["worked-example-810", "verdict"] == IDENTITY
    assert claims.loc["b-plus-t", "verdict"] == IDENTITY
    assert claims.loc["highest-risk-under-5", "verdict"] == CONSISTENT
    most = claims.loc["most-cases-in-children-vs-share-cases-under-20-seer-2025"]
    assert most.computed == pytest.approx(52.7) and most.verdict == CONSISTENT


def test_checks_the_source_pack_asks_for(claims):
    assert claims.loc["philadelphia-adults-vs-scca", "verdict"] == CONSISTENT
    assert claims.loc["children-cr-vs-cr-rate-children-textbook", "verdict"] == CONSISTENT
    assert claims.loc["children-cr-vs-cr-rate-children-servier", "verdict"] == CONSISTENT
    young = claims.loc["under-20-survival-vs-childhood-page"]
    # 92% and 76% weighted by the MMWR share of cases aged 15-19 (recomputed here)
    rates = allstats.load("pediatric_incidence").query("group_type == 'age'")
    cases = rates.rate_per_million * (rates.age_high - rates.age_low + 1)
    teens = cases[rates.age_low >= 15].sum() / cases.sum()
    assert young.computed == pytest.approx((1 - teens) * 92 + teens * 76)
    assert young.verdict == CONSISTENT


def test_what_cannot_be_checked_says_so(claims):
    advances = claims.loc["treatment-advances-lengthened-lives"]
    assert advances.verdict == UNCHECKABLE and advances.seed
    assert "overlapping periods" in advances.basis


def test_uncheckable_quotes_are_the_seeds_own_words(shared):
    guide = " ".join((shared / "seeds" / "000_bfabd6b1d13cd881.txt").read_text(
        encoding="utf-8").split())
    for _, _, _, quote in UNCHECKABLE_STATEMENTS:
        assert quote in guide


def test_disagreements_are_reported_not_hidden(claims):
    assert claims.loc["adult-cr-vs-cr-rate-adults-acs", "verdict"] == NOT_CONSISTENT
    assert claims.loc["b-cell-share-adults", "verdict"] == NOT_CONSISTENT
    assert isinstance(claims, pd.DataFrame)
