"""Figures rendered into words, so that no number in a notebook's prose is typed by hand.

A notebook builds its sentences with these functions from rows of the data package, e.g.
``Markdown(f"In {year}, {describe(row)} people ...")``; change the CSV and the sentence follows.
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["fmt_number", "fmt_count", "fmt_percent", "describe", "figure", "source_label",
           "source_line", "sources_of"]


def fmt_number(x, digits: int | None = None) -> str:
    """A number with thousands separators and no needless trailing zeros: 1234.50 -> '1,234.5'."""
    x = float(x)
    if digits is not None:
        text = f"{x:,.{digits}f}"
    elif x.is_integer():
        text = f"{int(x):,}"
    else:
        text = f"{x:,.6f}".rstrip("0").rstrip(".")
    return text


def fmt_count(n) -> str:
    """A whole count of people: 1234 -> '1,234'."""
    if isinstance(n, float) and not n.is_integer():
        raise ValueError(f"a count must be whole, got {n!r}")
    return f"{int(n):,}"


def fmt_percent(x, digits: int | None = None) -> str:
    """A percentage: 12 -> '12%', 0.125 with digits=2 -> '0.12%'."""
    return f"{fmt_number(x, digits)}%"


_UNIT_SUFFIX = {
    "percent": "%",
    "per 100,000": " per 100,000",
    "per 1,000,000": " per 1,000,000",
}


def _with_unit(value: float, unit: str) -> str:
    if unit in _UNIT_SUFFIX:
        return f"{fmt_number(value)}{_UNIT_SUFFIX[unit]}"
    if unit.startswith("out of"):
        return f"{fmt_number(value)} {unit}"
    if unit == "age in years":
        return f"age {fmt_number(value)}"
    if unit in ("people", "count"):
        return fmt_number(value)
    if unit.endswith("s") and value == 1:      # "1 years" -> "1 year"
        return f"{fmt_number(value)} {unit[:-1]}"
    return f"{fmt_number(value)} {unit}"


def describe(row) -> str:
    """A figure as the source states it: qualifier, value and unit.

    A row (a mapping or Series with ``qualifier``, ``value``/``low``/``high``, ``unit``) becomes
    e.g. 'about 85%', '20% to 30%', 'more than 95%', 'at least 2 years', 'about 4 out of 10'.
    Rows of resources without a ``unit`` column pass ``unit`` in the row, or a ``percent`` or
    ``count`` column is used.
    """
    get = row.get if hasattr(row, "get") else row.__getitem__
    unit = get("unit") if get("unit") is not None else None
    value = get("value") if "value" in row else None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        for col, implied in (("percent", "percent"), ("count", "people"),
                             ("rate_per_million", "per 1,000,000")):
            if col in row and not pd.isna(row[col]):
                value, unit = row[col], unit or implied
                break
    if unit is None or (isinstance(unit, float) and math.isnan(unit)):
        raise ValueError(f"cannot describe a figure without a unit: {dict(row)!r}")
    qualifier = get("qualifier")
    if qualifier == "range":
        low, high = get("low"), get("high")
        if unit == "percent":
            return f"{fmt_number(low)}% to {fmt_number(high)}%"
        if unit == "age in years":
            return f"ages {fmt_number(low)} to {fmt_number(high)}"
        return f"{fmt_number(low)} to {_with_unit(high, unit)}"
    text = _with_unit(value, unit)
    return text if qualifier == "exact" else f"{qualifier} {text}"


def figure(figure_id: str, data_dir=None) -> pd.Series:
    """One row of ``figures.csv`` by its id (KeyError naming the id if absent)."""
    from .data import load

    figures = load("figures", data_dir).set_index("id")
    if figure_id not in figures.index:
        raise KeyError(f"no figure with id {figure_id!r} in data/figures.csv")
    return figures.loc[figure_id]


def source_label(source) -> str:
    """The short citation of one row of ``sources.csv`` (its ``citation`` column).

    Falls back to 'publisher, title (edition)' for a copy of the data without that column.
    """
    citation = source.get("citation") if hasattr(source, "get") else None
    if citation is not None and not pd.isna(citation):
        return str(citation)
    return f"{source['publisher']}, {source['title']} ({source['edition']})"


def sources_of(frame: pd.DataFrame, data_dir=None) -> pd.DataFrame:
    """The rows of ``sources.csv`` behind a frame of figures, in order of first use."""
    from .data import load

    sources = load("sources", data_dir).set_index("id")
    ids = list(dict.fromkeys(frame["source_id"]))
    return sources.loc[ids]


def source_line(frame: pd.DataFrame, data_dir=None, *, max_sources: int = 3) -> str:
    """'Source: ...' naming the sources (and their dates) of the figures in ``frame``."""
    used = sources_of(frame, data_dir)
    labels = [source_label(s) for _, s in used.iterrows()]
    extra = len(labels) - max_sources
    if extra > 0:
        labels = labels[:max_sources] + [f"and {extra} more (see the Sources notebook)"]
    prefix = "Source: " if len(used) == 1 else "Sources: "
    return prefix + "; ".join(labels)
