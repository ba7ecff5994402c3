"""Survival figures as the notebooks compare them: editions, trends, age groups, and time lags.

The data side of the survival notebook (its charts are in :mod:`allstats.charts.survival`).
Every function takes the data package's frames (``survival_by_age``, ``survival_trend``) or
reads them from ``data/``, and returns frames and numbers for the charts to draw.

Conventions, stated once:

- A period of diagnosis ("1975–1977") is drawn from its first to its last year (a tick on the
  axis stands for a whole year) with a dot at its midpoint, ``(first + last) / 2``
  (:func:`period_midpoint`); a single year is a dot.
- A survival percentage becomes a natural frequency out of 100 people with
  :func:`allstats.natural_frequency` (halves rounded up), :func:`survival_out_of`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import catalogue as ids
from .arithmetic import natural_frequency
from .data import load
from .provenance import citation_parts
from .text import figure, source_label

__all__ = ["GUIDE_GROUPS", "horizon_years", "guide_figure", "period_midpoint", "survival_out_of",
           "edition_comparison", "trend_series", "undated_trend", "age_group_rows",
           "unaged_statements", "panel_title",
           "falls_with_age", "survival_timeline"]

#: the guide's two age groups of 5-year relative survival, as the simulations call them
GUIDE_GROUPS = {"adults": ids.SURVIVAL_ADULTS, "children": ids.SURVIVAL_YOUNG}


def horizon_years(data_dir=None) -> float:
    """The horizon of the guide's survival rates, in years (:data:`catalogue.SURVIVAL_HORIZON`)."""
    return float(figure(ids.SURVIVAL_HORIZON, data_dir)["value"])


def guide_figure(group: str, data_dir=None) -> pd.Series:
    """The guide's ``survival_by_age`` row for ``group`` ("adults": 20 and older, "children":
    under 20), e.g. the 5-year relative survival a simulated cohort is tuned to."""
    if group not in GUIDE_GROUPS:
        raise ValueError(f"group must be one of {sorted(GUIDE_GROUPS)}, not {group!r}")
    return load("survival_by_age", data_dir).set_index("id").loc[GUIDE_GROUPS[group]]


def period_midpoint(start, end) -> float:
    """The middle of a period of diagnosis given by its first and last year: ``(start + end) / 2``.

    The charts draw a period from its first to its last year, so 1975–1977 is centred on 1976;
    a single year (start == end) is that year.

    >>> period_midpoint(1975, 1977)
    1976.0
    """
    start, end = float(start), float(end)
    if end < start:
        raise ValueError(f"a period cannot end ({end:g}) before it starts ({start:g})")
    return (start + end) / 2


def survival_out_of(percent, denominator: int = 100) -> int:
    """How many of ``denominator`` people a survival percentage stands for (rounded, halves up).

    >>> survival_out_of(43), survival_out_of(72.6), survival_out_of(72.6, 1000)
    (43, 73, 726)
    """
    return natural_frequency(percent, denominator)[0]


def edition_comparison(rows: pd.DataFrame | None = None, *, data_dir=None) -> pd.DataFrame:
    """The Cancer.Net adult guide's Statistics editions side by side, one row per edition.

    Taken from ``survival_by_age``: the rows whose id is ``cancernet-<year>-...`` for the two
    groups those editions give, age 20 and older (``age_low`` 20, no upper age) and under 20
    (ages 0 to 19). Columns, indexed by ``edition_year``: ``adults``, ``young`` (percent),
    ``adults_change``, ``young_change`` (percentage points since the previous edition, NaN for
    the first), ``adults_id``, ``young_id``, ``adults_group``, ``young_group`` (the source's
    words), ``source_id``, ``source_name`` and ``edition`` (:func:`allstats.provenance.
    citation_parts`), ``verification`` ('secondary' if either row is), ``quote_adults``,
    ``quote_young``.
    """
    rows = load("survival_by_age", data_dir) if rows is None else rows
    sources = load("sources", data_dir).set_index("id")
    editions = rows[rows["id"].str.match(ids.CANCERNET_EDITION)]
    adults = editions[(editions["age_low"] == 20) & editions["age_high"].isna()]
    young = editions[(editions["age_low"] == 0) & (editions["age_high"] == 19)]
    out = []
    for year in sorted(set(adults["edition_year"]) & set(young["edition_year"])):
        a = adults[adults["edition_year"] == year].iloc[0]
        y = young[young["edition_year"] == year].iloc[0]
        if a["source_id"] != y["source_id"]:
            raise ValueError(f"edition {year}: the two age groups come from different sources")
        name, edition = citation_parts(a["source_id"], sources)
        out.append({"edition_year": int(year), "adults": float(a["percent"]),
                    "young": float(y["percent"]), "adults_id": a["id"], "young_id": y["id"],
                    "adults_group": a["group"], "young_group": y["group"],
                    "source_id": a["source_id"], "source_name": name, "edition": edition,
                    "verification": ("secondary" if "secondary" in (a["verification"],
                                                                    y["verification"])
                                     else "verified"),
                    "quote_adults": a["quote"], "quote_young": y["quote"]})
    if not out:
        raise ValueError("no Cancer.Net edition gives both age groups")
    frame = pd.DataFrame(out).set_index("edition_year")
    frame.insert(2, "adults_change", frame["adults"].diff())
    frame.insert(3, "young_change", frame["young"].diff())
    return frame


def trend_series(trend: pd.DataFrame | None = None, *, data_dir=None) -> dict[tuple, pd.DataFrame]:
    """``survival_trend`` split into the lines of the trend chart.

    One line per (series, verification): the verified 'all ages' rows of the Cancer.Net editions
    make one line, the secondary 'all ages' rows (the Silver Book) another. Each frame is sorted
    by period and gains ``midpoint`` (:func:`period_midpoint`) and ``source_name`` (the name of
    its source, :func:`allstats.provenance.citation_parts`). Rows whose source does not say
    which years they describe are left out: :func:`undated_trend` holds them.
    """
    trend = load("survival_trend", data_dir) if trend is None else trend
    sources = load("sources", data_dir).set_index("id")
    lines = {}
    dated = trend.dropna(subset=["period_start", "period_end"])
    for (series, verification), rows in dated.groupby(["series", "verification"], sort=False):
        rows = rows.sort_values(["period_start", "period_end"]).copy()
        rows["midpoint"] = [period_midpoint(s, e) for s, e in zip(rows["period_start"],
                                                                   rows["period_end"])]
        rows["source_name"] = [citation_parts(s, sources)[0] for s in rows["source_id"]]
        lines[(series, verification)] = rows
    return lines


def undated_trend(trend: pd.DataFrame | None = None, *, data_dir=None) -> pd.DataFrame:
    """The ``survival_trend`` rows whose source gives no years (e.g. "rose from 57% to 91%"),
    in the order the source states them, with ``source_name``. They show a change whose
    periods are unknown: a chart may draw the change, never a position in time."""
    trend = load("survival_trend", data_dir) if trend is None else trend
    sources = load("sources", data_dir).set_index("id")
    rows = trend[trend["period_start"].isna() | trend["period_end"].isna()].copy()
    rows["source_name"] = [citation_parts(s, sources)[0] for s in rows["source_id"]]
    return rows


def age_group_rows(rows: pd.DataFrame | None = None, *, data_dir=None) -> dict[str, pd.DataFrame]:
    """The ``survival_by_age`` rows outside the Cancer.Net adult editions that give ages (or
    'all ages'), one frame per source.

    Youngest group first (``age_low``, then the narrower group); 'all ages' rows (no ages) last.
    Each frame gains ``panel``: the title of its panel (:func:`panel_title`). Statements about a
    group without stated ages ("children": more than 85%) are :func:`unaged_statements`.
    """
    rows = load("survival_by_age", data_dir) if rows is None else rows
    sources = load("sources", data_dir).set_index("id")
    others = rows[~rows["id"].str.match(ids.CANCERNET_EDITION)]
    others = others[others["age_low"].notna() | (others["group"] == "all ages")].copy()
    others["_all_ages"] = others["age_low"].isna()
    others["_low"] = others["age_low"].fillna(-1)
    others["_high"] = others["age_high"].fillna(999)
    out = {}
    for source_id, group in others.groupby("source_id", sort=False):
        group = group.sort_values(["_all_ages", "_low", "_high"])
        group = group.drop(columns=["_all_ages", "_low", "_high"])
        out[source_id] = group.assign(panel=panel_title(source_id, group, sources))
    return out


def unaged_statements(rows: pd.DataFrame | None = None, *, data_dir=None) -> pd.DataFrame:
    """The ``survival_by_age`` rows about a group whose ages the source does not state (e.g.
    "children": "more than 85%"), with ``source_name``; they have no place on an age axis."""
    rows = load("survival_by_age", data_dir) if rows is None else rows
    sources = load("sources", data_dir).set_index("id")
    unaged = rows[rows["age_low"].isna() & (rows["group"] != "all ages")].copy()
    unaged["source_name"] = [citation_parts(s, sources)[0] for s in unaged["source_id"]]
    return unaged


def falls_with_age(rows: pd.DataFrame) -> bool:
    """Whether, within one source, survival is lower in each group whose ages start later.

    Groups with no ages ('all ages') are left out; groups that start at the same age (under 5 and
    under 15) are compared by their upper age.
    """
    aged = rows[rows["age_low"].notna()].copy()
    aged["_high"] = aged["age_high"].fillna(999)
    aged = aged.sort_values(["age_low", "_high"])
    return bool(np.all(np.diff(aged["percent"].to_numpy(dtype=float)) < 0))


def survival_timeline(trend: pd.DataFrame | None = None, *, data_dir=None) -> pd.DataFrame:
    """From diagnosis to publication: for each dated edition, when its people were diagnosed.

    Rows: the 'all ages' rows of ``survival_trend`` whose source states its year (the Cancer.Net
    editions; the undated Silver Book is left out), the latest period of each edition. Columns:
    ``source_id``, ``label`` (name and edition), ``diagnosis_start``, ``diagnosis_end``,
    ``five_years_after`` (``diagnosis_end + horizon``: when the last people diagnosed reach the
    horizon), ``published`` and ``published_end`` (the source's year, or its two years when it
    is dated "2015/2016"), ``gap`` and ``gap_end`` (``published - diagnosis_end`` and
    ``published_end - diagnosis_end``: equal unless the year is a range), ``percent``,
    ``verification``; plus a last row for the guide's 02/2023 Statistics page, which gives no
    period of diagnosis (NaN), with ``lag_start = published - lag``: the years whose advances
    "the estimate may not reflect" (figure ``survival-estimate-lag``).
    """
    trend = load("survival_trend", data_dir) if trend is None else trend
    sources = load("sources", data_dir).set_index("id")
    horizon = horizon_years(data_dir)
    lag = float(figure(ids.SURVIVAL_ESTIMATE_LAG, data_dir)["value"])
    rows = trend[trend["series"] == "all ages"]
    out = []
    for source_id, group in rows.groupby("source_id", sort=False):
        year = sources.at[source_id, "year"]
        if pd.isna(year):
            continue
        latest = group.dropna(subset=["period_end"]).sort_values("period_end")
        if latest.empty:
            continue
        latest = latest.iloc[-1]
        end_year = sources.at[source_id, "year_end"] if "year_end" in sources.columns else np.nan
        end_year = float(year) if pd.isna(end_year) else float(end_year)
        name, edition = citation_parts(source_id, sources)
        out.append({"source_id": source_id, "label": f"{name} ({edition})",
                    "diagnosis_start": float(latest["period_start"]),
                    "diagnosis_end": float(latest["period_end"]),
                    "five_years_after": float(latest["period_end"]) + horizon,
                    "published": float(year), "published_end": end_year,
                    "gap": float(year) - float(latest["period_end"]),
                    "gap_end": end_year - float(latest["period_end"]),
                    "percent": float(latest["percent"]), "verification": latest["verification"],
                    "lag_start": np.nan})
    out.sort(key=lambda r: r["published"])
    seed = figure(ids.SURVIVAL_ESTIMATE_LAG, data_dir)
    seed_year = float(sources.at[seed["source_id"], "year"])
    name, edition = citation_parts(seed["source_id"], sources)
    out.append({"source_id": seed["source_id"], "label": f"{name} ({edition})",
                "diagnosis_start": np.nan, "diagnosis_end": np.nan, "five_years_after": np.nan,
                "published": seed_year, "published_end": seed_year, "gap": np.nan,
                "gap_end": np.nan, "percent": np.nan,
                "verification": seed["verification"], "lag_start": seed_year - lag})
    return pd.DataFrame(out)


def panel_title(source_id: str, rows: pd.DataFrame, sources: pd.DataFrame | None = None, *,
                data_dir=None) -> str:
    """'SEER figures via BMJ Best Practice, ALL: Prognosis (undated), diagnosed 2015–2021'."""
    sources = load("sources", data_dir).set_index("id") if sources is None else sources
    source = sources.loc[source_id]
    head = source_label(source)
    adapted = "" if pd.isna(source["adapted_from"]) else str(source["adapted_from"])
    if "SEER" in adapted and "SEER" not in head:
        head = f"SEER via {head}"
    periods = list(rows["diagnosis_period"].dropna().unique())
    return head + (f"\ndiagnosed {periods[0]}" if periods else "")


