"""Year-by-year series from the ACS estimates, and the statements that sources make about them.

Every function states its formula. The frames they take are the data package's resources
(``acs_estimates``, ``all_cancer_totals``, ``figures``, ``pediatric_incidence``, ``sources``);
pass ``None`` to read them from ``data/``. Like the rest of :mod:`allstats`, this module needs only
pandas.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from .arithmetic import convert_rate, percent
from .data import load
from .statements import describe, share_allowed

__all__ = [
    "SEXES",
    "counts_by_sex",
    "male_share",
    "year_sources",
    "secondary_years",
    "share_of_all_cancers",
    "deaths_per_100_new_cases",
    "share_statements",
    "pediatric_rates_by_age",
    "seer_rates_by_age",
    "short_source",
    "whole_people",
    "editions_line",
]

#: the order in which the notebooks show the sexes; "all" is both together
SEXES = ("male", "female", "all")

_PUBLISHER_SHORT = {
    "American Cancer Society": "ACS",
    "Cancer.Net (American Society of Clinical Oncology)": "Cancer.Net",
    "BMJ Best Practice (BMJ Publishing Group)": "BMJ",
    "American Cancer Society; CA: A Cancer Journal for Clinicians (Wiley)": "ACS, CA Cancer J Clin",
}


def whole_people(x) -> int:
    """A count rounded to whole people, halves up (1,042.5 → 1,043), like natural frequencies."""
    return int(Decimal(str(float(x))).to_integral_value(rounding=ROUND_HALF_UP))


def _frame(frame, name, data_dir):
    return load(name, data_dir) if frame is None else frame


def counts_by_sex(measure: str = "new_cases", estimates: pd.DataFrame | None = None, *,
                  data_dir=None) -> pd.DataFrame:
    """One row per year, columns ``male``, ``female``, ``all``: the ACS counts of ``measure``.

    ``measure`` is ``new_cases`` or ``deaths``; the counts are people, as the sources state them
    (male + female = all in every year of the data package, which :func:`allstats.claims` checks).
    """
    estimates = _frame(estimates, "acs_estimates", data_dir)
    rows = estimates[estimates["measure"] == measure]
    if rows.empty:
        raise ValueError(f"no rows with measure {measure!r} (expected new_cases or deaths)")
    table = rows.pivot(index="year", columns="sex", values="count")
    missing = set(SEXES) - set(table.columns)
    if missing:
        raise ValueError(f"the {measure} rows have no {sorted(missing)} column")
    table = table[list(SEXES)].sort_index().astype("int64")
    table.index = table.index.astype(int)
    table.columns.name = None
    return table


def male_share(year: int, estimates: pd.DataFrame | None = None, *, data_dir=None) -> float:
    """Share of men and boys among the ACS new cases of ``year``: ``male ÷ all`` (0 to 1)."""
    rows = _frame(estimates, "acs_estimates", data_dir)
    rows = rows[(rows["year"] == year) & (rows["measure"] == "new_cases")].set_index("sex")
    if not {"male", "all"} <= set(rows.index):
        raise ValueError(f"acs_estimates has no new cases by sex for {year}")
    return float(rows.at["male", "count"]) / float(rows.at["all", "count"])


def short_source(source_id: str, sources: pd.DataFrame | None = None, *, data_dir=None) -> str:
    """A short name for a source, for chart labels: 'ACS 2020', 'Cancer.Net 2023'.

    The publisher (abbreviated; 'SEER via ...' when the source reports SEER's figures) and the
    year the source's figures refer to (its ``year``, or the first four-digit year of its
    ``edition``; 'Cancer.Net 2015/2016' for a document dated by two years).
    """
    sources = _frame(sources, "sources", data_dir).set_index("id")
    row = sources.loc[source_id]
    publisher = _PUBLISHER_SHORT.get(row["publisher"], re.split(r" \(|;|,", row["publisher"])[0])
    adapted = row.get("adapted_from")
    if not pd.isna(adapted) and "SEER" in str(adapted) and "SEER" not in publisher:
        publisher = f"SEER via {publisher}"       # the figures are SEER's, reported by another
    year = row["year"]
    if pd.isna(year):
        found = re.search(r"\b(19|20)\d\d\b", str(row["edition"]))
        year = found.group(0) if found else None
    if year is None:
        return publisher
    end = row.get("year_end")
    if end is not None and not pd.isna(end) and int(end) != int(year):
        return f"{publisher} {int(year)}/{int(end)}"      # a document dated by two years
    return f"{publisher} {int(year)}"


def year_sources(measure: str = "new_cases", estimates: pd.DataFrame | None = None,
                 sources: pd.DataFrame | None = None, *, data_dir=None) -> pd.DataFrame:
    """Which source each year's figures of ``measure`` come from, and how they were verified.

    One row per year: ``count`` (all sexes, people), ``source`` (short name of the total's
    source), ``sex_source`` (of the split by sex, when it is another source), ``edition``,
    ``secondary`` (True when any of the year's rows is seen only in a secondary copy).
    """
    estimates = _frame(estimates, "acs_estimates", data_dir)
    sources = _frame(sources, "sources", data_dir)
    editions = sources.set_index("id")["edition"]
    rows = estimates[estimates["measure"] == measure]
    out = []
    for year, group in rows.groupby("year", sort=True):
        total = group[group["sex"] == "all"].iloc[0]
        split = group[group["sex"] != "all"]["source_id"].unique()
        other = [s for s in split if s != total["source_id"]]
        out.append({
            "year": int(year), "count": int(total["count"]),
            "source": short_source(total["source_id"], sources),
            "sex_source": short_source(other[0], sources) if other else "",
            "edition": editions[total["source_id"]],
            "secondary": bool((group["verification"] == "secondary").any()),
            "source_id": total["source_id"]})
    return pd.DataFrame(out).set_index("year")


def secondary_years(measure: str = "new_cases", estimates: pd.DataFrame | None = None, *,
                    data_dir=None) -> list[int]:
    """The years whose figures of ``measure`` are seen only in a secondary copy."""
    estimates = _frame(estimates, "acs_estimates", data_dir)
    rows = estimates[(estimates["measure"] == measure) & (estimates["verification"] == "secondary")]
    return sorted(int(y) for y in rows["year"].unique())


def share_of_all_cancers(estimates: pd.DataFrame | None = None,
                         totals: pd.DataFrame | None = None, *, data_dir=None) -> pd.DataFrame:
    """ALL's share of all new cancer cases, each year that has both ACS projections.

    ``percent = 100 × ALL new cases ÷ all new cancer cases`` (same year, United States, all ages).
    One row per year: ``all_cases``, ``all_cancers`` (people), ``percent``, ``secondary`` (either
    figure seen only in a secondary copy).
    """
    estimates = _frame(estimates, "acs_estimates", data_dir)
    totals = _frame(totals, "all_cancer_totals", data_dir)
    cases = estimates[(estimates["measure"] == "new_cases") & (estimates["sex"] == "all")]
    cases = cases.set_index("year")
    cancers = totals[totals["measure"] == "new_cases"].set_index("year")
    years = sorted(set(cases.index) & set(cancers.index))
    out = [{"year": int(y), "all_cases": int(cases.at[y, "count"]),
            "all_cancers": int(cancers.at[y, "count"]),
            "percent": percent(int(cases.at[y, "count"]), int(cancers.at[y, "count"])),
            "secondary": "secondary" in (cases.at[y, "verification"],
                                         cancers.at[y, "verification"])}
           for y in years]
    return pd.DataFrame(out, columns=["year", "all_cases", "all_cancers", "percent",
                                      "secondary"]).set_index("year")


def deaths_per_100_new_cases(estimates: pd.DataFrame | None = None, *, sex: str = "all",
                             data_dir=None) -> pd.DataFrame:
    """Deaths set against new cases, year by year: ``per_100 = 100 × deaths ÷ new cases``.

    Both counts are the same year's estimates. This is **not** a death rate or a survival
    figure: a year's deaths include people diagnosed in earlier years, so they are not the same
    people as that year's new cases. It only says how the two yearly counts compare.
    One row per year: ``deaths``, ``new_cases`` (people), ``per_100``, ``secondary``.
    """
    estimates = _frame(estimates, "acs_estimates", data_dir)
    rows = estimates[estimates["sex"] == sex]
    if rows.empty:
        raise ValueError(f"no rows for sex {sex!r} (expected one of {', '.join(SEXES)})")
    deaths = rows[rows["measure"] == "deaths"].set_index("year")
    cases = rows[rows["measure"] == "new_cases"].set_index("year")
    years = sorted(set(deaths.index) & set(cases.index))
    out = []
    for y in years:
        d, c = int(deaths.at[y, "count"]), int(cases.at[y, "count"])
        if c == 0:
            raise ValueError(f"{y}: no new cases to compare the deaths with")
        out.append({"year": int(y), "deaths": d, "new_cases": c, "per_100": 100.0 * d / c,
                    "secondary": "secondary" in (deaths.at[y, "verification"],
                                                 cases.at[y, "verification"])})
    return pd.DataFrame(out, columns=["year", "deaths", "new_cases", "per_100",
                                      "secondary"]).set_index("year")


def share_statements(ids, *, complement_ids=(), figures: pd.DataFrame | None = None,
                     sources: pd.DataFrame | None = None, data_dir=None) -> pd.DataFrame:
    """Statements of one share (e.g. adults among new cases), as percentages with their intervals.

    ``ids`` are rows of ``figures`` stating the share itself ("about 4 out of 10" → 40%, allowed
    35% to 45%); ``complement_ids`` state the rest of the whole (SEER's "52.7% under 20" →
    ``100 − 52.7`` = 47.3% aged 20 or older). One row per statement, in the order given:
    ``percent`` (NaN when the source gives only a bound), ``low``, ``high`` (the percentages the
    statement allows), ``stated`` (the source's figure in words), ``label`` (short source name),
    ``complement``, ``secondary``, ``source_id``, ``year``.
    """
    figures = _frame(figures, "figures", data_dir).set_index("id", drop=False)
    sources = _frame(sources, "sources", data_dir)
    out = []
    for fid, complement in [(i, False) for i in ids] + [(i, True) for i in complement_ids]:
        row = figures.loc[fid]
        interval = share_allowed(row)
        lo, hi = interval.low, interval.high
        point = interval.value if interval.kind == "point" else np.nan
        if complement:
            lo, hi, point = 100.0 - hi, 100.0 - lo, 100.0 - point
        out.append({
            "id": fid, "label": short_source(row["source_id"], sources),
            "percent": point, "low": lo, "high": hi, "stated": describe(row),
            "qualifier": row["qualifier"], "complement": complement,
            "secondary": row["verification"] == "secondary", "source_id": row["source_id"],
            "verification": row["verification"],
            "year": row["year"] if not pd.isna(row["year"]) else pd.NA})
    return pd.DataFrame(out).set_index("id")


def pediatric_rates_by_age(incidence: pd.DataFrame | None = None, *,
                           per: int = 1_000_000, data_dir=None) -> pd.DataFrame:
    """The MMWR 2017 age-specific rates of ALL under 20, youngest first.

    ``rate = rate_per_million × per ÷ 1,000,000`` (new cases per ``per`` children a year). One row
    per age group (the table's label as index): ``age_low``, ``age_high``, ``rate``.
    """
    incidence = _frame(incidence, "pediatric_incidence", data_dir)
    ages = incidence[incidence["group_type"] == "age"].sort_values("age_low")
    rates = [convert_rate(r, 1_000_000, per) for r in ages["rate_per_million"]]
    return pd.DataFrame({"age_low": ages["age_low"].astype(int).to_numpy(),
                         "age_high": ages["age_high"].astype(int).to_numpy(),
                         "rate": rates, "source_id": ages["source_id"].to_numpy(),
                         "verification": ages["verification"].to_numpy()},
                        index=pd.Index(ages["group"], name="group"))


_AGES_IN_SUBJECT = re.compile(r"ages? (\d+)\s*[–-]\s*(\d+)")
_PER = {"per 100,000": 100_000, "per 1,000,000": 1_000_000}


def seer_rates_by_age(ids, figures: pd.DataFrame | None = None,
                      incidence: pd.DataFrame | None = None, *, per: int = 1_000_000,
                      data_dir=None) -> pd.DataFrame:
    """Single age-specific rates from ``figures`` on the MMWR's scale, to compare with it.

    Each row's ages come from its ``subject`` ("peak incidence, at ages 1–4 ...") and must match
    an MMWR age group; ``rate = value × per ÷ (the row's base: 100,000 or 1,000,000)``, via
    :func:`allstats.convert_rate`. One row per id: ``group``, ``rate``, ``stated`` (the source's
    figure in its own unit), ``secondary``, ``source_id``.
    """
    figures = _frame(figures, "figures", data_dir).set_index("id", drop=False)
    groups = pediatric_rates_by_age(incidence, data_dir=data_dir)
    by_ages = {(int(r.age_low), int(r.age_high)): g for g, r in groups.iterrows()}
    out = []
    for fid in ids:
        row = figures.loc[fid]
        found = _AGES_IN_SUBJECT.search(row["subject"])
        if not found:
            raise ValueError(f"{fid}: no ages in its subject {row['subject']!r}")
        ages = (int(found.group(1)), int(found.group(2)))
        if ages not in by_ages:
            raise ValueError(f"{fid}: ages {ages[0]}–{ages[1]} match no MMWR age group")
        if row["unit"] not in _PER:
            raise ValueError(f"{fid}: unit {row['unit']!r} is not a rate")
        out.append({"id": fid, "group": by_ages[ages],
                    "rate": convert_rate(float(row["value"]), _PER[row["unit"]], per),
                    "stated": describe(row), "secondary": row["verification"] == "secondary",
                    "source_id": row["source_id"]})
    return pd.DataFrame(out).set_index("id")


def _citation_without_edition(citation: str) -> str:
    """A citation without its edition: 'Cancer.Net, ALL: Statistics (approved 01/2019)' ->
    'Cancer.Net, ALL: Statistics'; 'Siegel et al., Cancer statistics, 2019 (CA Cancer J Clin)'
    -> 'Siegel et al., Cancer statistics (CA Cancer J Clin)'. Parentheses without digits stay."""
    text = re.sub(r",\s*(19|20)\d\d(?=\s*(\(|$))", "", citation)
    text = re.sub(r"\s*\([^()]*\d[^()]*\)", "", text)
    return text.strip()


def _years_text(years: dict[int, bool]) -> str:
    """'2019–2025' for a run of three or more years; a secondary year stands alone, marked."""
    parts, run = [], []

    def close():
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts.extend(str(y) for y in run)
        run.clear()

    for year, secondary in sorted(years.items()):
        if secondary:
            close()
            parts.append(f"{year} (secondary)")
        else:
            if run and year != run[-1] + 1:
                close()
            run.append(year)
    close()
    return ", ".join(parts)


def editions_line(frame: pd.DataFrame, sources: pd.DataFrame | None = None, *,
                  data_dir=None) -> str:
    """A source line for a series that takes each year from that year's edition of a source.

    The sources of ``frame``'s rows are grouped by their citation without its edition, and each
    group lists the years it gives (the frame's ``year`` column, else the source's ``year``); a
    year whose rows are secondary is marked '(secondary)'. E.g. 'Sources, one edition per year:
    American Cancer Society, ALL key statistics (2014, 2015, 2021 (secondary), 2024, 2025); ...'.
    """
    sources = _frame(sources, "sources", data_dir).set_index("id")
    groups: dict[str, dict[int, bool]] = {}
    for source_id, rows in frame.groupby("source_id", sort=False):
        src = sources.loc[source_id]
        key = _citation_without_edition(src["citation"])
        if "year" in rows.columns and rows["year"].notna().any():
            years = sorted(int(y) for y in rows["year"].dropna().unique())
        elif not pd.isna(src["year"]):
            years = [int(src["year"])]
        else:
            years = []
        secondary = bool((rows["verification"] == "secondary").any())
        for year in years:
            groups.setdefault(key, {})
            groups[key][year] = groups[key].get(year, False) or secondary
    parts = [f"{name} ({_years_text(years)})" for name, years in groups.items()]
    prefix = ("Source, one edition per year: " if len(parts) == 1
              else "Sources, one edition per year: ")
    return prefix + "; ".join(parts)
