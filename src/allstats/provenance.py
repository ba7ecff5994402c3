"""Where every figure comes from, and where the sources disagree.

Tables for the *Sources and claims* notebook, built from the data package only:

- :func:`provenance_table`: the rows of one resource with their source's title, publisher and
  edition joined from ``sources.csv``, the quote, the qualifier and the verification level;
- :func:`life_table_summary`: one line per sex for the NCHS life tables (too long to list);
- :func:`figures_by_publisher`: how many figures each publisher gives, verified or secondary;
- :func:`disagreements`: the places where sources state different numbers for what reads as the
  same thing, each statement with its quote and the interval its wording allows.

Only pandas is needed here; the charts of these tables are in :mod:`allstats.charts.sources`.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from . import catalogue as ids
from .arithmetic import check_sum_by_sex
from .data import PROVENANCE, load, package, resource_names
from .statements import allowed, describe, share_allowed
from .text import fmt_count, fmt_number, fmt_percent, quote_as_read, quoted, source_label

__all__ = ["LIFE_TABLES", "citation_parts", "source_caption", "figure_resources", "figure_rows",
           "provenance_table", "life_table_summary", "claims_table", "figures_by_publisher",
           "resource_overview", "Statement", "Disagreement", "disagreements",
           "side_by_side_html"]

#: the resource too long to list row by row; :func:`life_table_summary` stands for it
LIFE_TABLES = "us_life_tables_2019"

#: what the joined source columns are called in the tables
SOURCE_COLUMNS = {"title": "source", "publisher": "publisher", "edition": "edition"}


def figure_resources(data_dir=None) -> list[str]:
    """Every resource that holds figures: all of them except ``sources``."""
    return [name for name in resource_names(data_dir) if name != "sources"]


def citation_parts(source_id: str, sources: pd.DataFrame | None = None, *,
                   data_dir=None) -> tuple[str, str]:
    """A source's short citation split into its name and its edition.

    'Cancer.Net, ALL: Statistics (approved 01/2019)' -> ('Cancer.Net', 'approved 01/2019'): the
    name is the text before the first comma, the edition the last parenthesis ('' if none).
    ``sources`` is ``sources.csv`` indexed by id (read from ``data/`` when not given).
    """
    sources = _sources(data_dir) if sources is None else sources
    citation = source_label(sources.loc[source_id])
    name = re.sub(r"\s*\([^()]*\)$", "", citation.split(",")[0].strip())
    found = re.findall(r"\(([^()]*)\)", citation)
    return name, (found[-1] if found else "")


def source_caption(source_id: str, sources: pd.DataFrame | None = None, *, data_dir=None) -> str:
    """'Cancer.Net (approved 01/2019)': a source's name and edition, for a chart label."""
    name, edition = citation_parts(source_id, sources, data_dir=data_dir)
    return f"{name} ({edition})" if edition else name


def _own_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in PROVENANCE]


def provenance_table(name: str, data_dir=None) -> pd.DataFrame:
    """The rows of resource ``name``, each with what its source says and who the source is.

    Columns: the resource's own columns (for ``figures`` the ``id`` first), ``stated as`` (the
    figure in the source's words, :func:`allstats.statements.describe`), ``qualifier``, ``low`` and
    ``high`` (only where some row is a range), ``verification``, ``quote``, ``quote_kind``,
    ``location``, ``source_id`` and the source's ``source`` (title), ``publisher`` and
    ``edition``.
    """
    if name == "sources":
        raise ValueError("sources.csv lists the sources themselves; ask for a figure resource")
    frame = load(name, data_dir)
    sources = load("sources", data_dir).set_index("id")
    table = frame[_own_columns(frame)].copy()
    table["stated as"] = [describe(row) for _, row in frame.iterrows()]
    table["qualifier"] = frame["qualifier"]
    if frame["low"].notna().any() or frame["high"].notna().any():
        table["low"], table["high"] = frame["low"], frame["high"]
    for column in ("verification", "quote", "quote_kind", "location", "source_id"):
        table[column] = frame[column]
    for column, label in SOURCE_COLUMNS.items():
        table[label] = frame["source_id"].map(sources[column])
    return table.reset_index(drop=True)


def life_table_summary(data_dir=None) -> pd.DataFrame:
    """One row per sex of the NCHS life tables: where they come from and what they hold.

    Columns: ``sex``, ``location`` (the NCHS table), ``quote`` (its title), ``rows``, ``youngest
    age``, ``oldest age``, ``life expectancy at birth`` (``ex`` at the youngest age, years),
    ``qx at birth``, ``lowest qx`` and ``age of lowest qx``, ``verification``, ``source_id`` and
    the source's title, publisher and edition.
    """
    tables = load(LIFE_TABLES, data_dir)
    sources = load("sources", data_dir).set_index("id")
    rows = []
    for sex, table in tables.groupby("sex", sort=False):
        table = table.sort_values("age")
        first, lowest = table.iloc[0], table.loc[table["qx"].idxmin()]
        for column in ("location", "quote", "source_id", "verification"):
            if table[column].nunique() != 1:
                raise ValueError(f"the {sex} life table mixes values of {column!r}")
        rows.append({
            "sex": sex, "location": first["location"], "quote": first["quote"],
            "rows": len(table), "youngest age": int(table["age"].min()),
            "oldest age": int(table["age"].max()),
            "life expectancy at birth": float(first["ex"]), "qx at birth": float(first["qx"]),
            "lowest qx": float(lowest["qx"]), "age of lowest qx": int(lowest["age"]),
            "verification": first["verification"], "source_id": first["source_id"],
            **{label: sources.at[first["source_id"], column]
               for column, label in SOURCE_COLUMNS.items()}})
    return pd.DataFrame(rows)


def resource_overview(data_dir=None) -> pd.DataFrame:
    """One row per figure resource: its title, how many rows, sources and secondary rows."""
    titles = {r["name"]: r.get("title", r["name"]) for r in package(data_dir)["resources"]}
    rows = []
    for name in figure_resources(data_dir):
        frame = load(name, data_dir)
        rows.append({"resource": name, "title": titles[name], "rows": len(frame),
                     "sources": frame["source_id"].nunique(),
                     "secondary rows": int((frame["verification"] == "secondary").sum())})
    return pd.DataFrame(rows)


def figure_rows(data_dir=None, *, include_life_tables: bool = False) -> pd.DataFrame:
    """Every row of every figure resource, reduced to ``resource``, ``source_id`` and
    ``verification`` (the life tables left out unless asked for)."""
    parts = []
    for name in figure_resources(data_dir):
        if name == LIFE_TABLES and not include_life_tables:
            continue
        frame = load(name, data_dir)[["source_id", "verification"]]
        parts.append(frame.assign(resource=name)[["resource", "source_id", "verification"]])
    return pd.concat(parts, ignore_index=True)


def claims_table(data_dir=None) -> pd.DataFrame:
    """:func:`allstats.claims` with the claiming source's short citation and edition."""
    from .claims import claims

    found = claims(data_dir)
    sources = load("sources", data_dir).set_index("id")
    found.insert(found.columns.get_loc("source_id") + 1, "source",
                 [source_label(sources.loc[s]) for s in found["source_id"]])
    return found


def figures_by_publisher(data_dir=None, *, include_life_tables: bool = False) -> pd.DataFrame:
    """How many figures (rows) each publisher gives, by verification level.

    Every figure resource is counted except, by default, the life tables, whose rows are a
    reference table rather than statements (:func:`life_table_summary` describes them).
    Columns: ``publisher``, ``verified``, ``secondary``, ``total``, ``sources`` (how many of the
    publisher's documents are used); sorted from the most figures to the fewest.
    """
    sources = load("sources", data_dir).set_index("id")
    rows = figure_rows(data_dir, include_life_tables=include_life_tables)
    rows["publisher"] = rows["source_id"].map(sources["publisher"])
    counts = (rows.groupby(["publisher", "verification"]).size().unstack(fill_value=0)
              .reindex(columns=["verified", "secondary"], fill_value=0))
    counts["total"] = counts.sum(axis=1)
    counts["sources"] = rows.groupby("publisher")["source_id"].nunique()
    counts = counts.reset_index().sort_values(["total", "publisher"], ascending=[False, True])
    counts.columns.name = None
    return counts.reset_index(drop=True).astype({"verified": int, "secondary": int,
                                                  "total": int, "sources": int})


# --- where sources disagree ------------------------------------------------------------------

@dataclass(frozen=True)
class Statement:
    """One source's figure in a comparison: what it says, where, and what the words allow."""

    label: str              # short: who says it, about whom
    stated: str             # the figure in the source's words, e.g. "about 4 out of 10"
    value: float | None     # the number as written, in the comparison's unit (None for a range)
    low: float              # the interval the wording allows, in the comparison's unit
    high: float
    quote: str
    source_id: str
    citation: str           # the source's short citation (sources.csv)
    edition: str
    verification: str
    population: str
    row_id: str             # how to find the row: a figures/survival id, or the key of a series
    computed: str = ""      # how the value was derived from the row, if it was
    quote_kind: str = "verbatim"    # "summary": the quote is the source pack's (data/README.md)

    @property
    def quote_as_read(self) -> str:
        """The quote, followed by what it is where it is the source pack's summary."""
        return quote_as_read(self.quote, self.quote_kind)

    @property
    def secondary(self) -> bool:
        return self.verification == "secondary"


@dataclass(frozen=True)
class Disagreement:
    """A question that sources answer with different numbers, and their answers."""

    key: str
    question: str           # e.g. "What share of adults with ALL reach a complete remission?"
    unit: str               # "percent" or "people"
    statements: tuple[Statement, ...]
    left: tuple[int, ...]   # indexes of the statements set side by side with ...
    right: tuple[int, ...]  # ... these ones
    finding: str            # a title that states the finding, rendered from the data
    why: str                # why the numbers can differ (no numbers in it)
    axis_max: float = 100.0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def source_ids(self) -> list[str]:
        return list(dict.fromkeys(s.source_id for s in self.statements))

    def table(self) -> pd.DataFrame:
        """The statements as a table: label, stated, interval, quote, source, verification."""
        return pd.DataFrame([{
            "statement": s.label, "id": s.row_id, "stated as": s.stated,
            "as a number": s.value, "lowest the wording allows": s.low,
            "highest the wording allows": s.high, "computed": s.computed,
            "quote": s.quote_as_read, "source": s.citation, "edition": s.edition,
            "verification": s.verification} for s in self.statements])


def _sources(data_dir):
    return load("sources", data_dir).set_index("id")


def _statement(row, sources, *, label: str, row_id: str, unit: str = "percent",
               ceiling: float = 100.0, population: str | None = None) -> Statement:
    """A statement from a row of ``figures`` (share units) or of a percent/count series."""
    source = sources.loc[row["source_id"]]
    if "unit" in row.index and not pd.isna(row["unit"]):      # a row of figures
        interval = (share_allowed(row) if unit == "percent" else
                    allowed(row["qualifier"], row["value"], row["low"], row["high"],
                            ceiling=ceiling))
    else:                                                       # a percent or count series
        interval = allowed(row["qualifier"], row["percent"] if "percent" in row.index
                           else row["count"], row["low"], row["high"], ceiling=ceiling)
    value, low, high = interval.value, interval.low, interval.high
    if population is None:
        population = row["population"] if "population" in row.index else row.get("group", "")
    return Statement(label=label, stated=describe(row), value=value, low=low, high=high,
                     quote=row["quote"], source_id=row["source_id"],
                     citation=source_label(source), edition=str(source["edition"]),
                     verification=row["verification"], population=str(population),
                     row_id=row_id, quote_kind=row["quote_kind"])


def _short(source) -> str:
    """Who says it and when, briefly: the publisher's name and the citation's date.

    'Cancer.Net, Guide to Adult ALL (approved 05/2017)' -> 'Cancer.Net (approved 05/2017)';
    a citation without a comma (e.g. 'NCCN Guidelines for Patients: ALL (v1.2017)') is kept.
    """
    citation = source_label(source)
    name, _, rest = citation.partition(", ")
    date = citation[citation.rfind(" ("):] if citation.endswith(")") else ""
    return f"{name}{date}" if rest else citation


def _b_cell_split(figures, sources) -> Disagreement:
    shares = [ids.B_CELL_SHARE, ids.B_CELL_SHARE_2012, ids.B_CELL_SHARE_CCS,
              ids.B_CELL_SHARE_CHILDREN, ids.B_CELL_SHARE_ADULTS, ids.B_CELL_SHARE_ADULTS_BMJ]
    statements = tuple(_statement(figures.loc[i], sources, row_id=i,
                                  label=f"{_short(sources.loc[figures.at[i, 'source_id']])}: "
                                        f"{figures.at[i, 'population']}") for i in shares)
    t_guide, t_nccn = figures.loc[ids.T_CELL_SHARE], figures.loc[ids.T_CELL_SHARE_ADULTS]
    guide = statements[shares.index(ids.B_CELL_SHARE)]
    adults_at = shares.index(ids.B_CELL_SHARE_ADULTS)
    adults = statements[adults_at]
    finding = (f"B-cell ALL: {guide.stated} of everyone in the guide, "
               f"{adults.stated} of adults in NCCN")
    notes = (f"The same sources on the T-cell subtype: the guide {describe(t_guide)}, "
             f"NCCN {describe(t_nccn)} of adults (“{t_nccn['quote']}”).",)
    return Disagreement(
        "b-t-split", "What share of ALL is the B-cell subtype?", "percent", statements,
        left=(shares.index(ids.B_CELL_SHARE),), right=(adults_at,), finding=finding, notes=notes,
        why="The guide speaks of everyone with ALL; NCCN and BMJ count adults only, and NCCN "
            "gives children a share of their own. Children are most of the people diagnosed, "
            "so a share for all ages leans towards the children's share.")


def _adult_remission(figures, sources) -> Disagreement:
    rows = (ids.REMISSION_ADULTS, ids.REMISSION_ADULTS_ACS, ids.REMISSION_CCS,
            ids.REMISSION_ADULTS_TEXTBOOK)
    statements = tuple(_statement(figures.loc[i], sources, row_id=i,
                                  label=f"{_short(sources.loc[figures.at[i, 'source_id']])}: "
                                        f"{figures.at[i, 'population']}") for i in rows)
    guide, acs = statements[0], statements[1]
    overlap = (max(guide.low, acs.low), min(guide.high, acs.high))
    if overlap[0] < overlap[1]:
        shared = f"they overlap from {fmt_percent(overlap[0])} to {fmt_percent(overlap[1])}"
    elif overlap[0] == overlap[1]:
        shared = f"they share only {fmt_percent(overlap[0])}"
    else:
        shared = "they do not overlap"
    return Disagreement(
        "adult-remission", "What share of adults with ALL reach a complete remission?",
        "percent", statements, left=(0,), right=(1, 2),
        finding=f"Complete remission in adults: {guide.stated} (guide) against {acs.stated} "
                f"(ACS); {shared}",
        why="The pages were written years apart and may describe different treatment eras; "
            "the Canadian page speaks of everyone with ALL, not adults only, and none of them "
            "says which years of diagnosis it counts.")


def _adults_share_of_cases(figures, sources) -> Disagreement:
    rows = (ids.ADULTS_SHARE_OF_CASES, *ids.ADULTS_SHARE_OF_CASES_ACS,
            ids.ADULTS_SHARE_OF_CASES_ACS_2025)
    statements = [_statement(figures.loc[i], sources, row_id=i,
                             label=_short(sources.loc[figures.at[i, "source_id"]]))
                  for i in rows]
    # SEER (through BMJ) gives the share under 20; the rest is the share aged 20 or more
    for i in ids.UNDER_20_SHARE_OF_CASES:
        row = figures.loc[i]
        under_20 = float(row["value"])
        adults = 100.0 - under_20
        source = sources.loc[row["source_id"]]
        statements.append(Statement(
            label=f"{_short(source)}: SEER, 100% minus the share under 20",
            stated=f"{describe(row)} under 20", value=adults, low=adults, high=adults,
            quote=row["quote"], source_id=row["source_id"], citation=source_label(source),
            edition=str(source["edition"]), verification=row["verification"],
            population="people diagnosed with ALL, aged 20 or more", row_id=i,
            computed=f"100% − {fmt_percent(under_20)} = {fmt_percent(round(adults, 1))}",
            quote_kind=row["quote_kind"]))
    acs_2025_at = len(rows) - 1
    guide, acs_2025, seer = statements[0], statements[acs_2025_at], statements[acs_2025_at + 1]
    return Disagreement(
        "adults-share-of-cases", "What share of the people diagnosed with ALL are adults?",
        "percent", tuple(statements), left=(0,), right=(acs_2025_at, acs_2025_at + 1),
        finding=f"Adults' share of cases: {guide.stated} (guide), {acs_2025.stated} "
                f"(ACS {_year(figures.loc[ids.ADULTS_SHARE_OF_CASES_ACS_2025])}), "
                f"{fmt_percent(round(seer.value, 1))} aged 20+ (SEER)",
        why="“Adult” is not defined the same way everywhere (SEER's split is at age twenty), "
            "the ACS changed its wording between editions, and SEER's share comes from "
            "registry counts over several years rather than from a yearly projection.")


def _year(row) -> str:
    return "" if pd.isna(row["year"]) else str(int(row["year"]))


def _survival_editions(survival, sources, horizon: float) -> Disagreement:
    # the ids name the Cancer.Net edition they describe (the 2021 one is known only through a
    # paraphrase on another site, and is marked secondary)
    editions = survival[survival["id"].str.match(ids.CANCERNET_EDITION)]
    editions = editions.sort_values(["edition_year", "age_low"], ascending=[True, False])
    statements = tuple(_statement(row, sources, row_id=row["id"],
                                  label=f"{_short(sources.loc[row['source_id']])}: "
                                        f"{row['group']}")
                       for _, row in editions.iterrows())
    adult_low = int(editions["age_low"].max())
    adults = [i for i, (_, row) in enumerate(editions.iterrows()) if row["age_low"] == adult_low]
    first, last = statements[adults[0]], statements[adults[-1]]
    first_year, last_year = (int(editions.iloc[adults[0]]["edition_year"]),
                             int(editions.iloc[adults[-1]]["edition_year"]))
    years = fmt_number(horizon)
    return Disagreement(
        "survival-editions", f"How many people with ALL survive {years} years? (Cancer.Net, by "
        "edition)", "percent", statements, left=(adults[0],), right=(adults[-1],),
        finding=f"{years}-year survival at {adult_low} and older: {first.stated} in the "
                f"{first_year} edition, {last.stated} in {last_year}",
        why="Each edition reports people diagnosed in a later period, so the numbers describe "
            "different groups of people rather than a change of mind; the wording also moves "
            "from “survival rate” to “relative survival rate”.")


def _two_source_years(estimates) -> list[int]:
    """Years whose totals and split by sex come from different sources."""
    years = []
    for year, rows in estimates.groupby("year", sort=True):
        by_sex = rows.groupby("sex")["source_id"].agg(set)
        if "all" in by_sex and by_sex["all"] != set().union(*by_sex.drop("all")):
            years.append(int(year))
    return years


def _sex_split(estimates, sources, year: int) -> Disagreement:
    rows = estimates[estimates["year"] == year].set_index(["measure", "sex"])
    statements, left, right, sums = [], [], [], []
    for measure, what in (("new_cases", "new cases"), ("deaths", "deaths")):
        total, male, female = (rows.loc[(measure, s)] for s in ("all", "male", "female"))
        check = check_sum_by_sex(int(male["count"]), int(female["count"]), int(total["count"]))
        sums.append((what, check))
        for row, sex, who in ((total, "all", "everyone"), (male, "male", "men and boys"),
                              (female, "female", "women and girls")):
            source = sources.loc[row["source_id"]]
            (left if sex == "all" else right).append(len(statements))
            statements.append(_statement(row, sources, unit="people", ceiling=math.inf,
                                         row_id=f"{year} {measure} {sex}", population=who,
                                         label=f"{_short(source)}: {what}, {who}"))
        source = sources.loc[male["source_id"]]
        statements.append(Statement(
            label=f"{_short(source)}: {what}, men and boys + women and girls",
            stated=fmt_count(check.sum), value=check.sum, low=check.sum, high=check.sum,
            quote=male["quote"], source_id=male["source_id"], citation=source_label(source),
            edition=str(source["edition"]), verification=male["verification"],
            population="men and boys + women and girls", row_id=f"{year} {measure} male+female",
            computed=f"{fmt_count(check.male)} + {fmt_count(check.female)} = "
                     f"{fmt_count(check.sum)}", quote_kind=male["quote_kind"]))
    agree = all(check.holds for _, check in sums)
    totals = sources.loc[rows.loc[("new_cases", "all"), "source_id"]]
    split = sources.loc[rows.loc[("new_cases", "male"), "source_id"]]
    finding = (f"{year}: the split by sex, from {_short(split)}, "
               f"{'adds up to' if agree else 'does not add up to'} the totals from "
               f"{_short(totals)}")
    sums_text = "; ".join(f"{what}: {fmt_count(c.male)} + {fmt_count(c.female)} = "
                          f"{fmt_count(c.sum)}, total {fmt_count(c.total)}" for what, c in sums)
    return Disagreement(
        f"sex-split-{year}", f"Who gives the {year} estimates by sex?", "people",
        tuple(statements), left=tuple(left), right=tuple(right), finding=finding,
        notes=(sums_text,), axis_max=max(s.high for s in statements) * 1.15,
        why=f"No document in the package gives both the totals and the split for {year}: the "
            f"totals come from {totals['publisher']} and the split from {split['publisher']}, "
            "whose words the source pack summarises instead of quoting. Two documents stand "
            "behind one year of the series.")


def disagreements(data_dir=None) -> dict[str, Disagreement]:
    """Where sources disagree (or one figure rests on two sources), built from ``data/``.

    Keys: ``b-t-split`` (B-cell share: the guide against NCCN's adults), ``adult-remission``
    (complete remission in adults: the guide against ACS and the Canadian Cancer Society),
    ``adults-share-of-cases`` (the guide's "about 4 out of 10" against ACS 2025 and SEER),
    ``survival-editions`` (Cancer.Net's five-year survival by edition) and ``sex-split-<year>``
    for every year whose totals and split by sex come from different sources (2014).
    """
    figures = load("figures", data_dir).set_index("id", drop=False)
    figures.index.name = None
    sources = _sources(data_dir)
    estimates = load("acs_estimates", data_dir)
    found = [_b_cell_split(figures, sources), _adult_remission(figures, sources),
             _adults_share_of_cases(figures, sources),
             _survival_editions(load("survival_by_age", data_dir), sources,
                                float(figures.at[ids.SURVIVAL_HORIZON, "value"]))]
    found += [_sex_split(estimates, sources, year) for year in _two_source_years(estimates)]
    return {d.key: d for d in found}


# --- a disagreement side by side, for the notebooks --------------------------------------------------------------------

def _cell(statements) -> str:
    parts, seen = [], set()
    for s in statements:
        quote = "" if s.quote in seen else f"<br>{html.escape(quoted(vars(s)))}"
        seen.add(s.quote)
        parts.append(f"<b>{html.escape(s.stated)}</b> ({html.escape(s.population)})"
                     + (f", computed: {html.escape(s.computed)}" if s.computed else "")
                     + f"{quote}<br><i>{html.escape(s.citation)}"
                     + (" — secondary source" if s.secondary else "") + "</i>")
    return "<br><br>".join(parts)


def side_by_side_html(disagreement: Disagreement) -> str:
    """The two sides of a disagreement as a two-column HTML table, each with its quotes."""
    from .tables import reader_table

    left = [disagreement.statements[i] for i in disagreement.left]
    right = [disagreement.statements[i] for i in disagreement.right]
    sides = pd.DataFrame({"left": [_cell(left)], "right": [_cell(right)]})
    return reader_table(sides, {"left": _side_name(left), "right": _side_name(right)},
                        html_columns=["left", "right"])


def _side_name(statements) -> str:
    return "; ".join(dict.fromkeys(s.citation for s in statements))
