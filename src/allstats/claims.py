"""The seed documents' checkable claims, recomputed from the data package.

:func:`claims` returns one row per claim: what is claimed, by which source and in which words,
the value computed from other rows of ``data/``, and whether the claim holds. A claim that does
not hold is a finding, not an error: sources round, date and define groups differently, and the
notebooks show where they disagree.
"""

from __future__ import annotations

import pandas as pd

from . import catalogue as ids
from .arithmetic import about_tolerance, check_sum_by_sex, percent, satisfies
from .data import load
from .statements import as_percent, describe
from .series import short_source
from .text import fmt_count, fmt_number, fmt_percent

__all__ = ["claims", "CLAIM_COLUMNS"]

CLAIM_COLUMNS = ["claim_id", "topic", "claim", "source_id", "quote", "computed", "computed_text",
                 "holds", "basis"]


def _row(claim_id, topic, claim, fig, computed, computed_text, holds, basis):
    return {"claim_id": claim_id, "topic": topic, "claim": claim, "source_id": fig["source_id"],
            "quote": fig["quote"], "computed": float(computed), "computed_text": computed_text,
            "holds": bool(holds), "basis": basis}


def _share_of_all_cancers(figures, estimates, totals):
    """ALL is 'less than half of 1%' of all cancers: each year with both estimates."""
    seed = figures.loc[ids.SHARE_OF_ALL_CANCERS]
    statements = figures.loc[[ids.SHARE_OF_ALL_CANCERS, *ids.SHARE_OF_ALL_CANCERS_ACS]]
    cases = estimates[(estimates.measure == "new_cases") & (estimates.sex == "all")]
    cases = cases.set_index("year")["count"]
    all_cases = totals[totals.measure == "new_cases"].set_index("year")["count"]
    rows = []
    for year in sorted(set(cases.index) & set(all_cases.index)):
        same_year = statements[statements["year"] == year]
        fig = same_year.iloc[0] if len(same_year) else seed
        share = percent(int(cases[year]), int(all_cases[year]))
        rows.append(_row(
            f"share-of-cancers-{year}", "incidence",
            f"ALL is {describe(fig)} of all new cancer cases in {year}", fig, share,
            f"{fmt_count(cases[year])} of {fmt_count(all_cases[year])} = {fmt_percent(share, 3)}",
            satisfies(share, fig["qualifier"], fig["value"]),
            "ACS estimate of ALL cases / ACS estimate of all cancer cases, same year"
            + ("" if len(same_year) else f" (wording of the {int(seed['year'])} guide)")))
    return rows


def _sexes_add_up(estimates):
    """Men plus women give the total, for every year and measure stated by sex."""
    rows = []
    for (year, measure), group in estimates.groupby(["year", "measure"], sort=True):
        by_sex = group.set_index("sex")
        if not {"all", "male", "female"} <= set(by_sex.index):
            continue
        check = check_sum_by_sex(int(by_sex.at["male", "count"]), int(by_sex.at["female", "count"]),
                                 int(by_sex.at["all", "count"]))
        total = by_sex.loc["all"]
        what = "new cases" if measure == "new_cases" else "deaths"
        rows.append({
            "claim_id": f"sexes-add-up-{measure}-{year}", "topic": "incidence" if measure ==
            "new_cases" else "deaths",
            "claim": f"{year}: male plus female {what} give the total of {fmt_count(check.total)}",
            "source_id": total["source_id"], "quote": total["quote"], "computed": check.sum,
            "computed_text": f"{fmt_count(check.male)} + {fmt_count(check.female)} = "
                             f"{fmt_count(check.sum)}",
            "holds": check.holds, "basis": "sum of the male and female rows"})
    return rows


def _adult_deaths(figures, estimates, said_by):
    """'About 80%' of deaths are adults, set against the ACS 'about 4 out of 5'."""
    seed = figures.loc[ids.ADULTS_SHARE_OF_DEATHS]
    rows = []
    for fid in ids.ADULTS_SHARE_OF_DEATHS_ACS:
        if fid not in figures.index:
            continue
        other = figures.loc[fid]
        pct = as_percent(other)
        rows.append(_row(
            f"adult-deaths-vs-{fid}", "deaths",
            f"{describe(seed)} of deaths from ALL are in adults ({int(seed['year'])} guide)", seed,
            pct, f"{said_by(other['source_id'])}: {describe(other)} = {fmt_percent(pct)}",
            satisfies(pct, seed["qualifier"], seed["value"]),
            f"the other source's share, within the rounding of 'about {fmt_number(seed['value'])}'"
            f" (±{fmt_number(about_tolerance(seed['value']))} points)"))
    deaths = estimates[(estimates.measure == "deaths") & (estimates.sex == "all")
                       & (estimates.year == seed["year"])]
    if len(deaths):
        total = int(deaths["count"].iloc[0])
        adults = total * float(seed["value"]) / 100
        rows.append(_row(
            "adult-deaths-count-2023", "deaths",
            f"{describe(seed)} of the {fmt_count(total)} deaths in {int(seed['year'])} are in "
            "adults", seed, adults,
            f"{fmt_number(seed['value'])}% of {fmt_count(total)} = about {fmt_count(round(adults))}"
            " adults", True, "the guide's share applied to the guide's count (an illustration: "
            "it holds by construction)"))
    return rows


def _adult_cases(figures, said_by):
    """'About 4 out of every 10' cases are adults, against the other sources' figures."""
    seed = figures.loc[ids.ADULTS_SHARE_OF_CASES]
    seed_pct = as_percent(seed)
    rows = []
    for fid in ids.ADULTS_SHARE_OF_CASES_ACS:
        if fid in figures.index:
            other = figures.loc[fid]
            pct = as_percent(other)
            rows.append(_row(
                f"adult-cases-vs-{fid}", "age", f"{describe(seed)} people diagnosed are adults",
                seed, pct, f"{said_by(other['source_id'])}: {describe(other)}",
                satisfies(pct / 10, seed["qualifier"], seed["value"]),
                "the other source's share, read as 'N out of 10'"))
    for fid in ids.UNDER_20_SHARE_OF_CASES:
        if fid in figures.index:
            other = figures.loc[fid]
            adults = 100 - as_percent(other)
            rows.append(_row(
                f"adult-cases-vs-{fid}", "age", f"{describe(seed)} people diagnosed are adults",
                seed, adults,
                f"100% − {describe(other)} under 20 (SEER, secondary) = {fmt_percent(adults, 1)} "
                f"aged 20 or more, about {round(adults / 10)} out of 10",
                satisfies(adults / 10, seed["qualifier"], seed["value"]),
                "adults taken as aged 20 or more; 'about 4 out of 10' covers 35% to 45%"))
    if ids.ADULTS_SHARE_OF_CASES_ACS_2025 in figures.index:
        other = figures.loc[ids.ADULTS_SHARE_OF_CASES_ACS_2025]
        rows.append(_row(
            "adult-cases-vs-acs-2025", "age", f"{describe(seed)} people diagnosed are adults",
            seed, seed_pct, f"ACS 2025: {other['quote']}",
            satisfies(seed_pct, other["qualifier"], other["value"]),
            "the guide's 40% against the ACS 2025 wording 'a little less than half'"))
    return rows


def _highest_risk_under_5(figures, incidence):
    fig = figures.loc[ids.HIGHEST_RISK_AGE]
    ages = incidence[incidence.group_type == "age"].dropna(subset=["rate_per_million"])
    top = ages.loc[ages["rate_per_million"].idxmax()]
    return [_row("highest-risk-under-5", "age",
                 "children younger than 5 have the highest risk of ALL", fig,
                 float(top["rate_per_million"]),
                 f"highest pediatric rate: ages {top['group']}, {fmt_number(top['rate_per_million'])}"
                 " per 1,000,000 (MMWR 2017)",
                 satisfies(float(top["age_high"]), fig["qualifier"], fig["value"]),
                 "the age group with the highest rate among under-20s ends below age 5")]


def _worked_example(figures):
    cohort, expected, relative, observed = (
        figures.loc[ids.WORKED_EXAMPLE[key]]
        for key in ("cohort", "expected_alive", "relative_survival", "observed_alive"))
    computed = float(expected["value"]) * float(relative["value"]) / 100
    return [_row("worked-example-810", "worked_example",
                 f"{fmt_count(observed['value'])} of the {fmt_count(cohort['value'])} people with "
                 "the cancer are expected alive", observed, computed,
                 f"{fmt_number(relative['value'])}% of {fmt_count(expected['value'])} = "
                 f"{fmt_number(computed)}", computed == float(observed["value"]),
                 "relative survival × expected alive")]


def _subtypes(figures):
    b, t = figures.loc[ids.B_CELL_SHARE], figures.loc[ids.T_CELL_SHARE]
    total = float(b["value"]) + float(t["value"])
    rows = [_row("b-plus-t", "subtypes",
                 f"{describe(b)} B-cell and {describe(t)} T-cell leave the NK subtype rare", b,
                 total, f"{fmt_number(b['value'])}% + {fmt_number(t['value'])}% = "
                        f"{fmt_number(total)}%", total <= 100,
                 "the two stated shares cannot exceed 100%")]
    if ids.B_CELL_SHARE_ADULTS in figures.index:
        adults = figures.loc[ids.B_CELL_SHARE_ADULTS]
        pct = as_percent(adults)
        rows.append(_row("b-cell-share-adults", "subtypes",
                         f"{describe(b)} of people with ALL have the B-cell subtype, "
                         "read as a statement about adults", b, pct,
                         f"NCCN, adults only: {describe(adults)} = {fmt_percent(pct)}",
                         satisfies(pct, b["qualifier"], b["value"]),
                         "the guide's share for everyone against the adults' share elsewhere"))
    return rows


def _remission(figures, said_by):
    guide = figures.loc[ids.REMISSION_ADULTS]
    rows = []
    for fid in (ids.REMISSION_ADULTS_ACS, ids.REMISSION_CCS):
        if fid in figures.index:
            other = figures.loc[fid]
            contained = other["low"] <= guide["low"] and guide["high"] <= other["high"]
            rows.append(_row(
                f"adult-cr-vs-{fid}", "remission",
                f"{describe(guide)} of adults with ALL have a complete remission", guide,
                float(other["low"]), f"{said_by(other['source_id'])}: {describe(other)}",
                contained,
                "holds if the other source's range contains the guide's"))
    return rows


def _survival_editions(survival):
    """Each edition's adult (20+) 5-year survival is at least the previous edition's."""
    adults = survival[(survival.age_low == 20) & survival.age_high.isna()
                      & (survival.verification == "verified")].sort_values("edition_year")
    rows = []
    for (_, before), (_, after) in zip(adults.iloc[:-1].iterrows(), adults.iloc[1:].iterrows()):
        rows.append({
            "claim_id": f"adult-survival-{int(before.edition_year)}-{int(after.edition_year)}",
            "topic": "survival",
            "claim": "recent advances in treatment have lengthened the lives of people with ALL "
                     f"(adults, {int(before.edition_year)} to {int(after.edition_year)} edition)",
            "source_id": after["source_id"], "quote": after["quote"],
            "computed": float(after.percent - before.percent),
            "computed_text": f"{fmt_percent(before.percent)} → {fmt_percent(after.percent)}",
            "holds": bool(after.percent >= before.percent),
            "basis": "5-year survival at 20 and older in consecutive Cancer.Net editions"})
    return rows


def claims(data_dir=None) -> pd.DataFrame:
    """The seed documents' checkable claims recomputed from data, one row per claim.

    Columns: ``claim_id``, ``topic``, ``claim`` (rendered from data), ``source_id`` and ``quote``
    (who claims it, in their words), ``computed`` (the value computed from other rows),
    ``computed_text`` (how), ``holds`` (whether the claim agrees), ``basis`` (what was compared).
    """
    figures = load("figures", data_dir).set_index("id", drop=False)
    figures.index.name = None
    estimates = load("acs_estimates", data_dir)
    totals = load("all_cancer_totals", data_dir)
    incidence = load("pediatric_incidence", data_dir)
    survival = load("survival_by_age", data_dir)
    sources = load("sources", data_dir)

    def said_by(source_id):           # the other source, as a reader names it: 'ACS 2020'
        return short_source(source_id, sources)

    rows = (_share_of_all_cancers(figures, estimates, totals)
            + _sexes_add_up(estimates)
            + _adult_deaths(figures, estimates, said_by)
            + _adult_cases(figures, said_by)
            + _highest_risk_under_5(figures, incidence)
            + _worked_example(figures)
            + _subtypes(figures)
            + _remission(figures, said_by)
            + _survival_editions(survival))
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)
