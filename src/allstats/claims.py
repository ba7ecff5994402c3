"""The seed documents' checkable claims, recomputed from the data package.

:func:`claims` returns one row per claim: what is claimed, by which source and in which words,
the value computed from other rows of ``data/``, and a **verdict** that means what it says:

- ``consistent with the data``: other rows of the package agree with what the words allow;
- ``not consistent with the data``: they do not (a finding, not an error: sources round, date
  and define groups differently, and the notebooks show where they disagree);
- ``arithmetic identity``: a statement checked only against the source's own numbers (men +
  women = total; a share applied to the source's own count): it holds by arithmetic and is no
  evidence about the world;
- ``cannot be checked from these data``: the package holds nothing that could confirm or refute
  it (e.g. why survival rose).

``seed`` says whether the claim is made by one of the two documents the project explains.
"""

from __future__ import annotations

import pandas as pd

from . import catalogue as ids
from .arithmetic import about_tolerance, check_sum_by_sex, count_from_percent, percent, satisfies
from .data import load
from .series import pediatric_rates_by_age, short_source, whole_people
from .statements import allowed, as_percent, describe, share_allowed
from .text import fmt_count, fmt_number, fmt_percent

__all__ = ["claims", "CLAIM_COLUMNS", "VERDICTS", "CONSISTENT", "NOT_CONSISTENT", "IDENTITY",
           "UNCHECKABLE", "SEED_SOURCES", "UNCHECKABLE_STATEMENTS"]

CLAIM_COLUMNS = ["claim_id", "topic", "claim", "source_id", "quote", "seed", "computed",
                 "computed_text", "verdict", "basis"]

CONSISTENT = "consistent with the data"
NOT_CONSISTENT = "not consistent with the data"
IDENTITY = "arithmetic identity"
UNCHECKABLE = "cannot be checked from these data"
#: every verdict a claim can get, in the order the notebooks list them
VERDICTS = (CONSISTENT, NOT_CONSISTENT, IDENTITY, UNCHECKABLE)

#: the sources that are the two documents the project explains (the seeds)
SEED_SOURCES = ("cancernet-adult-all-2023", "cancernet-adult-all-2017",
                "acs-living-as-all-survivor-2025")

#: seed statements with no number that the package can neither confirm nor refute:
#: (claim id, topic, source id, the source's sentence)
UNCHECKABLE_STATEMENTS = (
    ("treatment-advances-lengthened-lives", "survival", "cancernet-adult-all-2023",
     "Recent advances in treatment have significantly lengthened the lives of people with ALL."),
)


def _verdict(agrees: bool) -> str:
    return CONSISTENT if agrees else NOT_CONSISTENT


def _within(inner, outer) -> bool:
    """Whether everything one statement's words allow lies in what another's allow."""
    return outer.low <= inner.low and inner.high <= outer.high


def _row(claim_id, topic, claim, fig, computed, computed_text, verdict, basis):
    return {"claim_id": claim_id, "topic": topic, "claim": claim, "source_id": fig["source_id"],
            "quote": fig["quote"], "seed": fig["source_id"] in SEED_SOURCES,
            "computed": float(computed), "computed_text": computed_text, "verdict": verdict,
            "basis": basis}


def _share_of_all_cancers(figures, estimates, totals):
    """'Less than half of 1%' of all cancers: each year with both estimates.

    A year whose own source states the share is checked against that statement; the other
    years' share is set against the same words as said of other years, attributed to the
    source of the year's ALL estimate, not to a document that does not speak of that year.
    """
    statements = figures.loc[[ids.SHARE_OF_ALL_CANCERS, *ids.SHARE_OF_ALL_CANCERS_ACS]]
    cases = estimates[(estimates.measure == "new_cases") & (estimates.sex == "all")]
    cases = cases.set_index("year")
    all_cases = totals[totals.measure == "new_cases"].set_index("year")["count"]
    rows = []
    for year in sorted(set(cases.index) & set(all_cases.index)):
        same_year = statements[statements["year"] == year]
        count = int(cases.at[year, "count"])
        share = percent(count, int(all_cases[year]))
        how = f"{fmt_count(count)} of {fmt_count(all_cases[year])} = {fmt_percent(share, 3)}"
        if len(same_year):
            fig = same_year.iloc[0]
            rows.append(_row(
                f"share-of-cancers-{year}", "incidence",
                f"ALL is {describe(fig)} of all new cancer cases in {year}", fig, share, how,
                _verdict(satisfies(share, fig["qualifier"], fig["value"])),
                "ACS estimate of ALL cases / ACS estimate of all cancer cases, same year"))
            continue
        bound = statements.iloc[0]
        estimate = cases.loc[year]
        said_by = sorted({int(y) for y in statements["year"].dropna()})
        secondary = (" The ALL estimate for this year is seen only in a secondary copy."
                     if estimate["verification"] == "secondary" else "")
        rows.append(_row(
            f"share-of-cancers-{year}", "incidence",
            f"ALL's estimated share of new cancer cases in {year}, set against "
            f"“{describe(bound)}” (no source in the data states it for {year})", estimate,
            share, how, _verdict(satisfies(share, bound["qualifier"], bound["value"])),
            "the year's ALL estimate (quoted) / the year's all-cancer estimate; the words "
            f"“{describe(bound)}” are the guide's and the ACS's for "
            f"{', '.join(map(str, said_by))}, not this year's.{secondary}"))
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
        rows.append(_row(
            f"sexes-add-up-{measure}-{year}", "incidence" if measure == "new_cases" else "deaths",
            f"{year}: male plus female {what} give the total of {fmt_count(check.total)}", total,
            check.sum, f"{fmt_count(check.male)} + {fmt_count(check.female)} = "
                       f"{fmt_count(check.sum)}",
            IDENTITY if check.holds else NOT_CONSISTENT,
            "the source's own numbers: the sum of its male and female rows"))
    return rows


def _adult_deaths(figures, estimates, sources):
    """'About 80%' of deaths are adults, set against the ACS 'about 4 out of 5'."""
    seed = figures.loc[ids.ADULTS_SHARE_OF_DEATHS]
    rows = []
    for fid in ids.ADULTS_SHARE_OF_DEATHS_ACS:
        other = figures.loc[fid]
        pct = as_percent(other)
        rows.append(_row(
            f"adult-deaths-vs-{fid}", "deaths",
            f"{describe(seed)} of deaths from ALL are in adults ({int(seed['year'])} guide)", seed,
            pct, f"{short_source(other['source_id'], sources)}: {describe(other)} = {fmt_percent(pct)}",
            _verdict(satisfies(pct, seed["qualifier"], seed["value"])),
            f"the other source's share, within the rounding of 'about {fmt_number(seed['value'])}'"
            f" (±{fmt_number(about_tolerance(seed['value']))} points)"))
    deaths = estimates[(estimates.measure == "deaths") & (estimates.sex == "all")
                       & (estimates.year == seed["year"])]
    if len(deaths):
        total = int(deaths["count"].iloc[0])
        adults = count_from_percent(float(seed["value"]), total)
        span = allowed(seed["qualifier"], seed["value"])
        low, high = (whole_people(count_from_percent(p, total)) for p in (span.low, span.high))
        rows.append(_row(
            "adult-deaths-count-2023", "deaths",
            f"{describe(seed)} of the {fmt_count(total)} deaths in {int(seed['year'])} are in "
            "adults", seed, adults,
            f"{fmt_number(seed['value'])}% of {fmt_count(total)} = {fmt_count(whole_people(adults))}"
            f"; “{describe(seed)}” allows {fmt_percent(span.low)} to {fmt_percent(span.high)}: "
            f"{fmt_count(low)} to {fmt_count(high)} adults", IDENTITY,
            "the guide's share applied to the guide's own count: it holds by construction, and "
            f"is no more precise than “{describe(seed)}”"))
    return rows


def _adult_cases(figures, sources):
    """'About 4 out of every 10' cases are adults, against the other sources' figures."""
    seed = figures.loc[ids.ADULTS_SHARE_OF_CASES]
    seed_pct = as_percent(seed)
    claim = f"{describe(seed)} people diagnosed are adults"
    rows = []
    for fid in ids.ADULTS_SHARE_OF_CASES_ACS:
        other = figures.loc[fid]
        pct = as_percent(other)
        rows.append(_row(
            f"adult-cases-vs-{fid}", "age", claim, seed, pct,
            f"{short_source(other['source_id'], sources)}: {describe(other)}",
            _verdict(satisfies(pct / 10, seed["qualifier"], seed["value"])),
            "the other source's share, read as 'N out of 10'"))
    for fid in ids.UNDER_20_SHARE_OF_CASES:
        other = figures.loc[fid]
        adults = 100 - as_percent(other)
        rows.append(_row(
            f"adult-cases-vs-{fid}", "age", claim, seed, adults,
            f"100% − {describe(other)} under 20 (SEER, secondary) = {fmt_percent(adults, 1)} "
            f"aged 20 or more, about {round(adults / 10)} out of 10",
            _verdict(satisfies(adults / 10, seed["qualifier"], seed["value"])),
            "adults taken as aged 20 or more; 'about 4 out of 10' covers 35% to 45%"))
    other = figures.loc[ids.ADULTS_SHARE_OF_CASES_ACS_2025]
    span = share_allowed(other)
    earlier = figures.loc[ids.ADULTS_SHARE_OF_CASES_ACS[-1]]
    rows.append(_row(
        "adult-cases-vs-acs-2025", "age", claim, seed, seed_pct,
        f"the guide's {fmt_percent(seed_pct)} against “{describe(other)}” (ACS "
        f"{int(other['year'])}), which allows {fmt_percent(span.low)} to just under "
        f"{fmt_percent(span.high)}",
        _verdict(satisfies(seed_pct, other["qualifier"], other["value"])),
        f"the ACS changed its words as the share it estimates moved: “{describe(earlier)}” "
        f"in {int(earlier['year'])}, “{other['quote']}” in {int(other['year'])}; the guide's "
        "“about 4 out of every 10” fits the older wording"))
    return rows


def _age(figures, incidence):
    fig = figures.loc[ids.HIGHEST_RISK_AGE]
    ages = incidence[incidence.group_type == "age"].dropna(subset=["rate_per_million"])
    top = ages.loc[ages["rate_per_million"].idxmax()]
    rows = [_row("highest-risk-under-5", "age",
                 "children younger than 5 have the highest risk of ALL", fig,
                 float(top["rate_per_million"]),
                 f"highest pediatric rate: ages {top['group']}, "
                 f"{fmt_number(top['rate_per_million'])} per 1,000,000 (MMWR 2017)",
                 _verdict(satisfies(float(top["age_high"]), fig["qualifier"], fig["value"])),
                 "the age group with the highest rate among under-20s ends below age 5")]
    most = figures.loc[ids.MOST_CASES_IN_CHILDREN]
    for fid in ids.UNDER_20_SHARE_OF_CASES[:1]:
        seer = figures.loc[fid]
        under_20 = as_percent(seer)
        rows.append(_row(
            f"most-cases-in-children-vs-{fid}", "age", "most cases of ALL occur in children",
            most, under_20, f"SEER (via BMJ, secondary): {describe(seer)} under 20",
            _verdict(satisfies(under_20, most["qualifier"], most["value"])),
            "'most' read as more than half, children read as under 20 (SEER's split); the "
            "guide does not say where childhood ends"))
    return rows


def _worked_example(figures):
    cohort, expected, relative, observed = (
        figures.loc[ids.WORKED_EXAMPLE[key]]
        for key in ("cohort", "expected_alive", "relative_survival", "observed_alive"))
    computed = float(expected["value"]) * float(relative["value"]) / 100
    return [_row("worked-example-810", "worked_example",
                 f"{fmt_count(observed['value'])} of the {fmt_count(cohort['value'])} people with "
                 "the cancer are expected alive", observed, computed,
                 f"{fmt_number(relative['value'])}% of {fmt_count(expected['value'])} = "
                 f"{fmt_number(computed)}", IDENTITY if computed == float(observed["value"])
                 else NOT_CONSISTENT,
                 "relative survival × expected alive: the example's own numbers")]


def _subtypes(figures):
    b, t = figures.loc[ids.B_CELL_SHARE], figures.loc[ids.T_CELL_SHARE]
    b_span, t_span = share_allowed(b), share_allowed(t)
    left = 100.0 - float(b["value"]) - float(t["value"])
    most_left = 100.0 - b_span.low - t_span.low
    rows = [_row("b-plus-t", "subtypes",
                 f"{describe(b)} B-cell and {describe(t)} T-cell: the NK-cell subtype is quite "
                 "rare", b, left,
                 f"100% − {fmt_number(b['value'])}% − {fmt_number(t['value'])}% = "
                 f"{fmt_percent(left)} left for NK; the rounding of the two 'about's leaves at most "
                 f"{fmt_percent(most_left)}",
                 IDENTITY if b_span.low + t_span.low <= 100 else NOT_CONSISTENT,
                 "the guide's own two shares: what they leave for the NK subtype is at most the "
                 "sum of their roundings, which 'quite rare' allows")]
    adults = figures.loc[ids.B_CELL_SHARE_ADULTS]
    pct = as_percent(adults)
    rows.append(_row("b-cell-share-adults", "subtypes",
                     f"{describe(b)} of people with ALL have the B-cell subtype, "
                     "read as a statement about adults", b, pct,
                     f"NCCN, adults only: {describe(adults)} = {fmt_percent(pct)}",
                     _verdict(satisfies(pct, b["qualifier"], b["value"])),
                     "the guide's share for everyone against the adults' share elsewhere"))
    return rows


def _genetics(figures):
    guide, scca = figures.loc[ids.PH_ADULTS], figures.loc[ids.PH_ADULTS_SCCA]
    inner, outer = share_allowed(scca), share_allowed(guide)
    return [_row("philadelphia-adults-vs-scca", "genetics",
                 f"{describe(guide)} of adults with ALL have the Philadelphia chromosome", guide,
                 float(scca["value"]),
                 f"Seattle Cancer Care Alliance: {describe(scca)}, which allows "
                 f"{fmt_percent(inner.low)} to {fmt_percent(inner.high)}",
                 _verdict(_within(inner, outer)),
                 "consistent if everything the other source's words allow lies in the guide's "
                 "range")]


def _remission(figures, sources):
    guide = figures.loc[ids.REMISSION_ADULTS]
    rows = []
    for fid in (ids.REMISSION_ADULTS_ACS, ids.REMISSION_CCS):
        other = figures.loc[fid]
        contained = other["low"] <= guide["low"] and guide["high"] <= other["high"]
        rows.append(_row(
            f"adult-cr-vs-{fid}", "remission",
            f"{describe(guide)} of adults with ALL have a complete remission", guide,
            float(other["low"]), f"{short_source(other['source_id'], sources)}: {describe(other)}",
            _verdict(contained), "consistent if the other source's range contains the guide's"))
    children = figures.loc[ids.REMISSION_CHILDREN]
    guide_span = share_allowed(children)
    for fid in (ids.REMISSION_CHILDREN_TEXTBOOK, ids.REMISSION_CHILDREN_SERVIER):
        other = figures.loc[fid]
        span = share_allowed(other)
        rows.append(_row(
            f"children-cr-vs-{fid}", "remission",
            f"{describe(children)} of children with ALL have a complete remission", children,
            float(other["value"]),
            f"{short_source(other['source_id'], sources)} (secondary): {describe(other)} of "
            f"{other['population']}; its words allow {fmt_percent(span.low)} to "
            f"{fmt_percent(span.high)}",
            _verdict(_within(span, guide_span)),
            "consistent if everything the other source's words allow lies within what the "
            "guide's allow"))
    return rows


def _young_survival(survival, incidence):
    """The guide's under-20 figure against Cancer.Net's childhood page, mixed by age."""
    rows_by_id = survival.set_index("id", drop=False)
    seed = rows_by_id.loc[ids.SURVIVAL_YOUNG]
    young, teens = (rows_by_id.loc[i] for i in ids.SURVIVAL_CHILDHOOD_BY_AGE)
    rates = pediatric_rates_by_age(incidence)
    cases = rates["rate"] * (rates["age_high"] - rates["age_low"] + 1)
    teen_share = float(cases[rates["age_low"] >= int(teens["age_low"])].sum() / cases.sum())
    mixed = (1 - teen_share) * float(young["percent"]) + teen_share * float(teens["percent"])
    return [_row(
        "under-20-survival-vs-childhood-page", "survival",
        f"{fmt_percent(seed['percent'])} 5-year relative survival {seed['group']} (the guide)",
        seed, mixed,
        f"{fmt_percent(young['percent'])} ({young['group']}) and {fmt_percent(teens['percent'])} "
        f"({teens['group']}, {fmt_percent(round(100 * teen_share, 1))} of under-20 cases by the "
        f"MMWR rates) mix to {fmt_percent(round(mixed, 1))}",
        _verdict(round(mixed) == round(float(seed["percent"]))),
        "the childhood page's two groups weighted by their share of cases under 20 (MMWR rates "
        "times years of age, assuming as many children at each age), compared after rounding "
        "to whole percent; the two pages are different editions (11/2022 and 02/2023) and the "
        "childhood page says “survival rate”, not “relative survival rate”")]


def _uncheckable(survival):
    editions = survival[survival["id"].str.match(ids.CANCERNET_EDITION)]
    adults = editions[(editions.age_low == 20) & editions.age_high.isna()]
    adults = adults[adults.verification == "verified"].sort_values("edition_year")
    steps = " → ".join(f"{fmt_percent(r.percent)} ({int(r.edition_year)})"
                       for r in adults.itertuples())
    rows = []
    for claim_id, topic, source_id, quote in UNCHECKABLE_STATEMENTS:
        rows.append(_row(
            claim_id, topic, quote.rstrip("."), {"source_id": source_id, "quote": quote},
            float(adults["percent"].iloc[-1] - adults["percent"].iloc[0]),
            f"the adult figure of successive Cancer.Net editions: {steps}", UNCHECKABLE,
            "a rise across editions shows neither its cause nor that it is significant: the "
            "editions describe overlapping periods of diagnosis, give no uncertainty, and the "
            "2019 and 2022 editions say “survival rate” where 2023 says “relative survival "
            "rate”"))
    return rows


def claims(data_dir=None) -> pd.DataFrame:
    """The seed documents' checkable claims recomputed from data, one row per claim.

    Columns: ``claim_id``, ``topic``, ``claim`` (rendered from data), ``source_id`` and ``quote``
    (who claims it, in their words), ``seed`` (whether that source is one of the two documents
    the project explains), ``computed`` (the value computed from other rows), ``computed_text``
    (how), ``verdict`` (one of :data:`VERDICTS`), ``basis`` (what was compared, and why the
    verdict is what it is).
    """
    figures = load("figures", data_dir).set_index("id", drop=False)
    figures.index.name = None
    estimates = load("acs_estimates", data_dir)
    totals = load("all_cancer_totals", data_dir)
    incidence = load("pediatric_incidence", data_dir)
    survival = load("survival_by_age", data_dir)
    sources = load("sources", data_dir)
    rows = (_share_of_all_cancers(figures, estimates, totals)
            + _sexes_add_up(estimates)
            + _adult_deaths(figures, estimates, sources)
            + _adult_cases(figures, sources)
            + _age(figures, incidence)
            + _worked_example(figures)
            + _subtypes(figures)
            + _genetics(figures)
            + _remission(figures, sources)
            + _young_survival(survival, incidence)
            + _uncheckable(survival))
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)
