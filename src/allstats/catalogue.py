"""Every row of ``data/`` that the library reads by its id: one place to rename a row.

The library never types a row's id anywhere else; it names the constant here. Renaming a row of
the data package is one change in the CSV and one here, and :func:`allstats.validate` checks
that every id listed in :data:`REQUIRED` is in its resource, so that a package missing a row the
library needs fails validation rather than a notebook.

Ids of ``figures.csv`` unless the name says otherwise.
"""

from __future__ import annotations

import re

__all__ = [
    "SURVIVAL_HORIZON", "SURVIVAL_ESTIMATE_LAG", "SURVIVAL_UPDATE_INTERVAL", "SURVIVAL_ADULTS", "SURVIVAL_YOUNG",
    "SURVIVAL_CHILDHOOD_BY_AGE", "MOST_CASES_IN_CHILDREN",
    "CANCERNET_EDITION", "SHARE_OF_ALL_CANCERS", "SHARE_OF_ALL_CANCERS_ACS",
    "LEUKEMIA_UNDER_20_SHARE", "ADULTS_SHARE_OF_CASES", "ADULTS_SHARE_OF_CASES_ACS",
    "ADULTS_SHARE_OF_CASES_ACS_2025", "UNDER_20_SHARE_OF_CASES",
    "ADULTS_SHARE_OF_DEATHS", "ADULTS_SHARE_OF_DEATHS_ACS", "HIGHEST_RISK_AGE",
    "RISK_RISES_AFTER", "WORKED_EXAMPLE",
    "B_CELL_SHARE", "T_CELL_SHARE", "B_CELL_SHARE_2012", "T_CELL_SHARE_2012", "B_CELL_SHARE_CCS",
    "T_CELL_SHARE_CCS", "B_CELL_SHARE_CHILDREN", "B_CELL_SHARE_ADULTS", "T_CELL_SHARE_ADULTS",
    "B_CELL_SHARE_ADULTS_BMJ", "B_CELL_SHARES", "T_CELL_SHARES",
    "PH_ADULTS", "PH_ADULTS_RESTATED", "PH_ADULTS_2016", "PH_ADULTS_SCCA", "PH_OVER_60_SCCA",
    "PH_LIKE", "NORMAL_KARYOTYPE", "GENETICS",
    "REMISSION_CHILDREN", "REMISSION_CHILDREN_TEXTBOOK", "REMISSION_CHILDREN_SERVIER",
    "REMISSION_ADULTS", "REMISSION_ADULTS_ACS", "REMISSION_CCS", "REMISSION_ADULTS_TEXTBOOK",
    "REMISSION", "TREATMENT", "REQUIRED",
]

# --- survival -----------------------------------------------------------------------------------

#: "5 years": the horizon of the guide's survival rates
SURVIVAL_HORIZON = "survival-horizon-2023"
#: "the last 5 years": the advances an estimate may not reflect
SURVIVAL_ESTIMATE_LAG = "survival-estimate-lag"
#: "Experts measure relative survival rate statistics for ALL every 5 years."
SURVIVAL_UPDATE_INTERVAL = "survival-update-interval"
#: ``survival_by_age``: the guide's 5-year relative survival at 20 and older, and under 20
SURVIVAL_ADULTS = "cancernet-2023-20-plus"
SURVIVAL_YOUNG = "cancernet-2023-under-20"
#: ``survival_by_age``: Cancer.Net's childhood page (11/2022), children 0 to 14 and ages 15 to 19
SURVIVAL_CHILDHOOD_BY_AGE = ("cancernet-childhood-2022-0-14", "cancernet-childhood-2022-15-19")
#: ``survival_by_age``: the rows of the Cancer.Net adult guide's Statistics editions are those
#: whose id starts with "cancernet-<edition year>-" (one row per edition and age group)
CANCERNET_EDITION = re.compile(r"^cancernet-\d{4}-")

# --- new cases ----------------------------------------------------------------------------------

#: "less than half of 1%" of all cancers: the guide's statement
SHARE_OF_ALL_CANCERS = "all-share-of-cancers-2023"
#: the same statement in ACS editions (each row's ``year`` says which year it describes)
SHARE_OF_ALL_CANCERS_ACS = ("all-share-of-cancers-acs-2020", "all-share-of-cancers-acs-2024",
                            "all-share-of-cancers-acs-2025")
#: "75%" of leukemia under 20 is ALL
LEUKEMIA_UNDER_20_SHARE = "leukemia-under-20-share-all"
#: "about 4 out of every 10" people diagnosed are adults (the guide)
ADULTS_SHARE_OF_CASES = "adults-share-of-cases-2023"
#: the ACS editions' statements of the same share, oldest first
ADULTS_SHARE_OF_CASES_ACS = ("adults-share-of-cases-acs-2018", "adults-share-of-cases-acs-2020",
                             "adults-share-of-cases-acs-2024")
ADULTS_SHARE_OF_CASES_ACS_2025 = "adults-share-of-cases-acs-2025"
#: SEER's share of cases under 20 (its complement is the share aged 20 or older)
UNDER_20_SHARE_OF_CASES = ("share-cases-under-20-seer-2025", "share-cases-under-20-seer-2024")
#: "most cases occur in children"
MOST_CASES_IN_CHILDREN = "most-cases-in-children"
#: "children younger than 5 have the highest risk"
HIGHEST_RISK_AGE = "highest-risk-age-under-5"
#: "the risk ... rises after age 50" (the simulation's adult age pattern)
RISK_RISES_AFTER = "risk-rises-after-50"

# --- deaths -------------------------------------------------------------------------------------

#: "about 80%" of deaths are in adults (the guide)
ADULTS_SHARE_OF_DEATHS = "adults-share-of-deaths-2023"
#: the ACS editions' "about 4 out of 5"
ADULTS_SHARE_OF_DEATHS_ACS = ("adults-share-of-deaths-acs-2020", "adults-share-of-deaths-acs-2024")

# --- the worked example of relative survival ------------------------------------------------------

WORKED_EXAMPLE = {"cohort": "worked-example-cohort",
                  "expected_alive": "worked-example-expected-alive",
                  "relative_survival": "worked-example-relative-survival",
                  "observed_alive": "worked-example-observed-alive",
                  "horizon": "worked-example-horizon"}

# --- subtypes, genetics, remission, treatment ---------------------------------------------------

B_CELL_SHARE = "b-cell-share"
T_CELL_SHARE = "t-cell-share"
B_CELL_SHARE_2012 = "b-cell-share-cancernet-2012"
T_CELL_SHARE_2012 = "t-cell-share-cancernet-2012"
B_CELL_SHARE_CCS = "b-cell-share-ccs"
T_CELL_SHARE_CCS = "t-cell-share-ccs"
B_CELL_SHARE_CHILDREN = "b-cell-share-children-nccn"
B_CELL_SHARE_ADULTS = "b-cell-share-adults-nccn"
T_CELL_SHARE_ADULTS = "t-cell-share-adults-nccn"
B_CELL_SHARE_ADULTS_BMJ = "b-cell-share-adults-bmj"
#: every source's B-cell share, each with its T-cell share where the source gives one
B_CELL_SHARES = {B_CELL_SHARE: T_CELL_SHARE, B_CELL_SHARE_CCS: T_CELL_SHARE_CCS,
                 B_CELL_SHARE_2012: T_CELL_SHARE_2012, B_CELL_SHARE_ADULTS: T_CELL_SHARE_ADULTS,
                 B_CELL_SHARE_CHILDREN: None, B_CELL_SHARE_ADULTS_BMJ: None}
T_CELL_SHARES = tuple(t for t in B_CELL_SHARES.values() if t is not None)

PH_ADULTS = "philadelphia-share-adults"
PH_ADULTS_RESTATED = "philadelphia-share-adults-treatment-page"
PH_ADULTS_2016 = "philadelphia-share-adults-cancernet-2016"
PH_ADULTS_SCCA = "philadelphia-share-adults-scca"
PH_OVER_60_SCCA = "philadelphia-share-over-60-scca"
PH_LIKE = "ph-like-share-precursor-b"
NORMAL_KARYOTYPE = "normal-karyotype-share"
#: the Philadelphia chromosome, Ph-like ALL and a normal karyotype, the guide's first
GENETICS = (PH_ADULTS, PH_ADULTS_RESTATED, PH_ADULTS_2016, PH_ADULTS_SCCA, PH_OVER_60_SCCA,
            PH_LIKE, NORMAL_KARYOTYPE)

REMISSION_CHILDREN = "cr-rate-children"
REMISSION_CHILDREN_TEXTBOOK = "cr-rate-children-textbook"
REMISSION_CHILDREN_SERVIER = "cr-rate-children-servier"
REMISSION_ADULTS = "cr-rate-adults"
REMISSION_ADULTS_ACS = "cr-rate-adults-acs"
#: the Canadian Cancer Society's remission in everyone with ALL
REMISSION_CCS = "cr-rate-ccs"
REMISSION_ADULTS_TEXTBOOK = "cr-rate-adults-textbook"
#: complete remission in children, then adults, the guide's first
REMISSION = (REMISSION_CHILDREN, REMISSION_CHILDREN_TEXTBOOK, REMISSION_CHILDREN_SERVIER,
             REMISSION_ADULTS, REMISSION_ADULTS_ACS, REMISSION_CCS, REMISSION_ADULTS_TEXTBOOK)

#: durations of the phases of treatment and follow-up
TREATMENT = {"induction": "induction-duration",
             "hospital_stay": "induction-hospital-stay",
             "maintenance": "maintenance-duration",
             "whole_treatment": "treatment-duration-acs",
             "recurrence_horizon": "recurrence-horizon-acs",
             "recurrence_treatment": "recurrent-treatment-duration"}


def _figures() -> tuple[str, ...]:
    ids = [SURVIVAL_HORIZON, SURVIVAL_ESTIMATE_LAG, SURVIVAL_UPDATE_INTERVAL, SHARE_OF_ALL_CANCERS,
           *SHARE_OF_ALL_CANCERS_ACS, LEUKEMIA_UNDER_20_SHARE,
           ADULTS_SHARE_OF_CASES, *ADULTS_SHARE_OF_CASES_ACS, ADULTS_SHARE_OF_CASES_ACS_2025,
           *UNDER_20_SHARE_OF_CASES, MOST_CASES_IN_CHILDREN, HIGHEST_RISK_AGE, RISK_RISES_AFTER, ADULTS_SHARE_OF_DEATHS,
           *ADULTS_SHARE_OF_DEATHS_ACS, *WORKED_EXAMPLE.values(), *B_CELL_SHARES, *T_CELL_SHARES,
           *GENETICS, *REMISSION, *TREATMENT.values()]
    return tuple(dict.fromkeys(ids))


#: resource -> the ids the library reads from it (checked by :func:`allstats.validate`)
REQUIRED = {"figures": _figures(),
            "survival_by_age": (SURVIVAL_ADULTS, SURVIVAL_YOUNG, *SURVIVAL_CHILDHOOD_BY_AGE)}
