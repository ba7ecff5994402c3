"""Subtypes, genetics, remission and the time treatment takes, as the sources state them.

The data side of the subtypes notebook (its charts are in :mod:`allstats.charts.subtypes`):
the B-cell / T-cell split of every source, rows of statements with their sources' captions,
and the phases of treatment in months. Durations are converted to months with
:func:`to_months`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import catalogue as ids
from .data import load
from .provenance import source_caption
from .statements import as_percent, describe
from .text import source_label

__all__ = ["DAYS_PER_MONTH", "to_months", "duration_months", "STATISTIC_NAMES",
           "statement_rows", "bt_split", "treatment_phases"]

#: a month is a twelfth of a year of 365.25 days: 30.4375 days
DAYS_PER_MONTH = 365.25 / 12
_DAYS = {"weeks": 7.0, "months": DAYS_PER_MONTH, "years": 365.25}

#: what each statistic the notebook draws is about, in a few words (no figures)
STATISTIC_NAMES = {
    ids.B_CELL_SHARE: "B-cell subtype",
    ids.T_CELL_SHARE: "T-cell subtype",
    ids.B_CELL_SHARE_ADULTS: "B-cell ALL",
    ids.T_CELL_SHARE_ADULTS: "T-cell ALL",
    ids.B_CELL_SHARE_ADULTS_BMJ: "B-cell ALL",
    ids.B_CELL_SHARE_CHILDREN: "B-cell ALL",
    ids.PH_ADULTS: "Philadelphia chromosome",
    ids.PH_ADULTS_RESTATED: "Philadelphia chromosome (restated)",
    ids.PH_ADULTS_2016: "Philadelphia chromosome",
    ids.PH_ADULTS_SCCA: "Philadelphia chromosome",
    ids.PH_OVER_60_SCCA: "Philadelphia chromosome",
    ids.PH_LIKE: "Ph-like ALL",
    ids.NORMAL_KARYOTYPE: "normal karyotype",
    ids.REMISSION_CHILDREN: "complete remission",
    ids.REMISSION_CHILDREN_TEXTBOOK: "complete remission after a month",
    ids.REMISSION_CHILDREN_SERVIER: "remission",
    ids.REMISSION_ADULTS: "complete remission",
    ids.REMISSION_ADULTS_ACS: "complete remission",
    ids.REMISSION_ADULTS_TEXTBOOK: "complete remission",
    ids.REMISSION_CCS: "complete remission",
}


def to_months(value, unit: str) -> float:
    """A duration in months: ``value × days per unit ÷ 30.4375`` (a month is 365.25 / 12 days).

    Weeks are 7 days, years 365.25 days, so 4 weeks are 0.92 months and 2 years 24 months.

    >>> round(to_months(4, "weeks"), 2), to_months(2, "years"), to_months(6, "months")
    (0.92, 24.0, 6.0)
    """
    if unit not in _DAYS:
        raise ValueError(f"cannot convert {unit!r} to months (expected weeks, months or years)")
    value = float(value)
    if value < 0 or np.isnan(value):
        raise ValueError(f"a duration must be a number of at least 0, got {value!r}")
    return value * _DAYS[unit] / DAYS_PER_MONTH


def duration_months(row) -> tuple[float, float | None]:
    """A duration row of ``figures`` as ``(shortest, longest)`` months.

    A range gives its two ends; 'exact' and 'about' a single value (both ends); 'at least' and
    'more than' have no longest (None: open-ended); 'up to' and 'less than' run from 0.
    """
    q, unit = row["qualifier"], row["unit"]
    if q == "range":
        return to_months(row["low"], unit), to_months(row["high"], unit)
    value = to_months(row["value"], unit)
    if q in ("exact", "about"):
        return value, value
    if q in ("at least", "more than"):
        return value, None
    if q in ("up to", "less than"):
        return 0.0, value
    raise ValueError(f"unknown qualifier {q!r}")


def statement_rows(row_ids, figures: pd.DataFrame | None = None, *,
                   data_dir=None) -> pd.DataFrame:
    """The rows of ``figures`` with these ids, in that order, each with ``name`` (what it is
    about, :data:`STATISTIC_NAMES`, else its subject) and ``caption`` (its source's name and
    edition, :func:`allstats.provenance.source_caption`). KeyError naming any missing id."""
    figures = load("figures", data_dir) if figures is None else figures
    indexed = figures.set_index("id", drop=False)
    missing = [i for i in row_ids if i not in indexed.index]
    if missing:
        raise KeyError(f"no figures with ids {missing} in data/figures.csv")
    sources = load("sources", data_dir).set_index("id")
    rows = indexed.loc[list(row_ids)].reset_index(drop=True)
    rows["name"] = [STATISTIC_NAMES.get(i, s) for i, s in zip(rows["id"], rows["subject"])]
    rows["caption"] = [source_caption(s, sources) for s in rows["source_id"]]
    return rows


_POPULATION_ORDER = {"people with ALL": 0, "adults with ALL": 1, "children with ALL": 2}


#: what a B-cell share whose quote never names the cell type cannot claim
_CUT_OFF = ("the quoted words do not name the cell type: that this is the B-cell share "
            "is the source pack's reading")


def _names_b_cells(quote: str) -> bool:
    """Whether a quote names B cells itself ("B-cell", "B cells", "B-ALL")."""
    return re.search(r"\bb[- ]?(cell|all)", quote, flags=re.IGNORECASE) is not None


def bt_split(figures: pd.DataFrame | None = None, *, data_dir=None) -> pd.DataFrame:
    """Every source's B-cell / T-cell split, one row per source and population.

    The rows :data:`allstats.catalogue.B_CELL_SHARES` names, each with its T-cell row when the
    source gives one. Columns, indexed by the B-cell id: ``b``, ``t``
    (percent; ``t`` NaN when not stated), ``not_stated`` (``100 − b − t``, or ``100 − b``),
    ``b_text``, ``t_text`` (as the source states them), ``caveat`` (what the quote does not
    say: empty where it names the cell type; NCCN's children's sentence is cut off before it
    does and BMJ's clause begins after it, so "B cells" there is a reading, and the table says
    so), ``population``, ``label`` (the source's citation), ``caption`` (its name and
    edition), ``source_id``, ``verification``
    ('secondary' if either row is). Sorted: people with ALL, adults, children.
    """
    figures = (load("figures", data_dir) if figures is None else figures).set_index("id",
                                                                                    drop=False)
    rows = []
    sources = load("sources", data_dir).set_index("id")
    for fid, t_id in ids.B_CELL_SHARES.items():
        b_row = figures.loc[fid]
        t_row = figures.loc[t_id] if t_id is not None else None
        b = as_percent(b_row)
        t = as_percent(t_row) if t_row is not None else np.nan
        secondary = "secondary" in (b_row["verification"],
                                    t_row["verification"] if t_row is not None else "")
        rows.append({"id": fid, "b": b, "t": t,
                     "not_stated": 100.0 - b - (0.0 if np.isnan(t) else t),
                     "b_text": describe(b_row),
                     "t_text": describe(t_row) if t_row is not None else "not stated",
                     "caveat": "" if _names_b_cells(b_row["quote"]) else _CUT_OFF,
                     "population": b_row["population"],
                     "label": source_label(sources.loc[b_row["source_id"]]),
                     "caption": source_caption(b_row["source_id"], sources),
                     "source_id": b_row["source_id"],
                     "verification": "secondary" if secondary else "verified"})
    frame = pd.DataFrame(rows)
    frame["_order"] = frame["population"].map(_POPULATION_ORDER).fillna(len(_POPULATION_ORDER))
    frame["_secondary"] = frame["verification"] == "secondary"
    frame = frame.sort_values(["_order", "_secondary"], kind="stable")
    return frame.drop(columns=["_order", "_secondary"]).set_index("id")


def treatment_phases(figures: pd.DataFrame | None = None, *, data_dir=None) -> pd.DataFrame:
    """The phases of treatment and follow-up, in months since diagnosis, as the sources give them.

    One row per phase: ``phase``, ``figure_id`` (empty for consolidation, which the guide names
    without a duration), ``start`` (months), ``shortest``, ``longest`` (months of the phase;
    ``longest`` NaN when open-ended, both NaN when not given), ``open_ended``, ``stated`` (the
    source's words), ``start_note`` (how the start was placed), ``source_id``, ``caption`` (its
    name and edition), ``quote``, ``since`` ('diagnosis', or 'its own start' for the treatment
    of a recurrence, which can begin at any time).

    Starts: induction and the hospital stay at diagnosis (month 0); consolidation and maintenance
    after induction (at its longest end: the sources give no start); the whole treatment (ACS)
    at diagnosis; the 5 years without signs after the end of treatment, placed at the ACS's
    shortest treatment.
    """
    figures = (load("figures", data_dir) if figures is None else figures).set_index("id",
                                                                                    drop=False)

    def phase(name, fid, start, start_note, since="diagnosis"):
        row = figures.loc[fid]
        shortest, longest = duration_months(row)
        return {"phase": name, "figure_id": fid, "start": start, "shortest": shortest,
                "longest": np.nan if longest is None else longest, "open_ended": longest is None,
                "stated": describe(row), "start_note": start_note, "source_id": row["source_id"],
                "quote": row["quote"], "since": since}

    phases = ids.TREATMENT
    horizon = figures.loc[phases["recurrence_horizon"]]
    induction = phase("Induction", phases["induction"], 0.0, "at diagnosis")
    after_induction = induction["longest"]
    whole = phase("Whole treatment (ACS)", phases["whole_treatment"], 0.0, "at diagnosis")
    consolidation = {"phase": "Consolidation", "figure_id": "", "start": after_induction,
                     "shortest": np.nan, "longest": np.nan, "open_ended": False,
                     "stated": "no duration given", "start_note": "after induction",
                     "source_id": induction["source_id"], "quote": "", "since": "diagnosis"}
    rows = [induction,
            phase("Hospital stay during induction", phases["hospital_stay"], 0.0,
                  "at diagnosis"),
            consolidation,
            phase("Maintenance", phases["maintenance"], after_induction,
                  "start not given: drawn after induction"),
            whole,
            phase(f"No signs for {describe(horizon)}:\na return is unusual (ACS)",
                  phases["recurrence_horizon"],
                  whole["shortest"], "after treatment: drawn at its shortest"),
            phase("Treatment of a recurrence", phases["recurrence_treatment"], 0.0,
                  "from its own start", since="its own start")]
    sources = load("sources", data_dir).set_index("id")
    frame = pd.DataFrame(rows)
    frame["caption"] = [source_caption(s, sources) for s in frame["source_id"]]
    return frame


