"""Figures rendered into words, so that no number in a notebook's prose is typed by hand.

A notebook builds its sentences with these functions from rows of the data package, e.g.
``Markdown(f"In {year}, {fmt_count(row['count'])} people ...")``; change the CSV and the sentence
follows. A source's statement with its qualifier ("about 80%") is said by
:func:`allstats.statements.describe`.
"""

from __future__ import annotations


import pandas as pd

__all__ = ["fmt_number", "fmt_count", "fmt_percent", "fmt_fraction", "figure", "source_label",
           "source_line", "sources_of", "quoted", "quote_as_read", "PACK_SUMMARY"]


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


def fmt_fraction(fraction) -> str:
    """A fraction (a survival probability, 0 to 1) as a percentage with one decimal.

    >>> fmt_fraction(0.43), fmt_fraction(0.98765)
    ('43.0%', '98.8%')
    """
    return fmt_percent(round(100 * float(fraction), 1), 1)


def figure(figure_id: str, data_dir=None) -> pd.Series:
    """One row of ``figures.csv`` by its id (KeyError naming the id if absent)."""
    from .data import load

    figures = load("figures", data_dir).set_index("id")
    if figure_id not in figures.index:
        raise KeyError(f"no figure with id {figure_id!r} in data/figures.csv")
    return figures.loc[figure_id]


#: what a reader is told where a quote is the source pack's summary, not the source's words
PACK_SUMMARY = "the source pack's summary, not the source's words"


def quote_as_read(quote: str, quote_kind: str) -> str:
    """A quote as plain text, followed by what it is where it is the source pack's summary.

    >>> quote_as_read("most in children", "summary")
    "most in children (the source pack's summary, not the source's words)"
    """
    return f"{quote} ({PACK_SUMMARY})" if quote_kind == "summary" else str(quote)


def quoted(row, *remarks: str) -> str:
    """A row's quote as a reader should take it: the source's words in quotation marks or,
    where its ``quote_kind`` is ``summary``, the source pack's words said to be its summary;
    ``remarks`` follow in the same parentheses.

    >>> quoted({"quote": "Most cases are in children.", "quote_kind": "verbatim"})
    '“Most cases are in children.”'
    >>> quoted({"quote": "most in children", "quote_kind": "summary"}, "secondary")
    "“most in children” (the source pack's summary, not the source's words; secondary)"
    """
    said = ([PACK_SUMMARY] if row["quote_kind"] == "summary" else []) + [r for r in remarks if r]
    return f"“{row['quote']}”" + (f" ({'; '.join(said)})" if said else "")


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
