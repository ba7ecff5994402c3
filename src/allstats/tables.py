"""Tables for readers: every table that a notebook, the app or the handout shows is built here.

:func:`reader_table` is the one builder. It turns a frame into an HTML table made for reading,
by one rule for each kind of value, so that no notebook formats a table by hand:

- **headers** in words: the ``columns`` mapping names each column shown (in its order); a name
  with an underscore (``claim_id``) is refused rather than shown;
- **numbers** as the prose writes them (:mod:`allstats.text`): ``6,540``, ``43``, ``0.336``;
  whole floats lose their ``.0``; years stay ``2023``; a column may ask for a fixed number of
  decimals or for one of :mod:`allstats.text`'s formatters (``formats``);
- **yes / no** for True / False (a column of verdicts in words is shown as it is);
- **missing values** (NaN, None, <NA>) as an empty cell;
- **no bare index**: the frame's index is shown only where it has a name (then as a column);
- **text whole**: never cut, line breaks made spaces, escaped; long text left-aligned and wide
  enough to read, numbers right-aligned.

:func:`folded` puts a table under a one-line summary that a reader opens (``<details>``), and
:func:`reference` is the Sources notebook's reference table of one file of ``data/``, the only
table that shows the rows' ids.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .text import fmt_fraction, fmt_number

__all__ = ["TABLE_CLASS", "REFERENCE_CLASS", "Table", "reader_table", "folded", "reference",
           "data_headers", "in_words", "reader_rows", "LIFE_TABLE_COLUMNS", "LIFE_TABLE_FORMATS"]

#: the class of every table :func:`reader_table` makes (the tests look for it)
TABLE_CLASS = "allstats-table"
#: the class of the folded reference tables of the Sources notebook, where row ids are shown
REFERENCE_CLASS = "allstats-reference"

#: True and False in words, the one rule for a column of booleans
YES_NO = {True: "yes", False: "no"}

#: a column of years (by its name or header) keeps 2023, not 2,023; "per year" is not one
_YEAR_COLUMN = re.compile(r"(?<!per )(?<![a-z])years?(?![a-z])|period|edition|published", re.I)
#: text longer than this is left-aligned in a column wide enough to read it
_LONG_TEXT = 40


class Table(str):
    """An HTML table made for a reader: a string that Jupyter, Voila and nbconvert show as HTML."""

    def __new__(cls, markup: str, *, rows: int, columns: Sequence[str]):
        table = super().__new__(cls, markup)
        table.rows, table.columns = rows, tuple(columns)
        return table

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"<table of {self.rows} rows: {', '.join(self.columns)}>"


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def in_words(value, *, year: bool = False, digits: int | None = None) -> str:
    """One cell's value as a reader reads it (not escaped): the rules of :func:`reader_table`.

    >>> in_words(6540), in_words(35.0), in_words(0.3365), in_words(True), in_words(float("nan"))
    ('6,540', '35', '0.3365', 'yes', '')
    >>> in_words(2023.0, year=True), in_words(23.920266, digits=1), in_words("two\\nlines")
    ('2023', '23.9', 'two lines')
    """
    if _missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return YES_NO[bool(value)]
    if isinstance(value, numbers.Number):
        if year and float(value).is_integer():
            return str(int(value))
        return fmt_number(value, digits)
    return " ".join(str(value).split())


def _header(name) -> str:
    header = str(name)
    if "_" in header:
        raise ValueError(f"reader_table: column {header!r} has no header in words; name it in "
                         f"`columns`, e.g. columns={{{header!r}: '{header.replace('_', ' ')}'}}")
    return header


def _shown(frame: pd.DataFrame, columns) -> tuple[pd.DataFrame, list[str]]:
    """The frame with its named index levels as columns, cut to ``columns``, and the headers."""
    frame = frame.copy()
    named = [n for n in frame.index.names if n is not None and n not in frame.columns]
    frame = frame.reset_index(level=named) if named else frame
    frame = frame.reset_index(drop=True)
    if columns is None:
        columns = list(frame.columns)
    if isinstance(columns, Mapping):
        names, headers = list(columns), [str(h) for h in columns.values()]
    else:
        names = list(columns)
        headers = [_header(n) for n in names]
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise KeyError(f"reader_table: no column {', '.join(map(repr, missing))} in the frame "
                       f"(it has {', '.join(map(repr, frame.columns))})")
    for header in headers:
        _header(header)
    return frame[names], headers


def _cells(frame, columns, formats, html_columns):
    """The shown frame, its headers, each column's cells as text (not escaped) and whether each
    column holds numbers: the rules of :func:`reader_table`."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"reader_table: frame must be a pandas DataFrame, not {type(frame).__name__}")
    shown, headers = _shown(frame, columns)
    formats = dict(formats or {})
    unknown = set(formats) - set(shown.columns)
    if unknown:
        raise KeyError(f"reader_table: formats names {', '.join(map(repr, sorted(unknown)))}, "
                       "which the table does not show")
    raw = set(html_columns)
    cells: list[list[str]] = []
    numeric: list[bool] = []
    for name, header in zip(shown.columns, headers):
        rule = formats.get(name)
        year = bool(_YEAR_COLUMN.search(str(name)) or _YEAR_COLUMN.search(header))
        values = shown[name].tolist()
        if name in raw:
            texts = ["" if _missing(v) else str(v) for v in values]
        elif callable(rule):
            texts = ["" if _missing(v) else rule(v) for v in values]
        else:
            texts = [in_words(v, year=year, digits=rule) for v in values]
        cells.append(texts)
        numeric.append(all(_missing(v) or (isinstance(v, numbers.Number)
                                           and not isinstance(v, (bool, np.bool_)))
                           for v in values) and name not in raw)
    return shown, headers, cells, numeric


def reader_rows(frame: pd.DataFrame, columns: Mapping[str, str] | Sequence[str] | None = None,
                *, formats: Mapping[str, int | Callable] | None = None
                ) -> tuple[list[str], list[list[str]]]:
    """The headers and the rows of :func:`reader_table`'s table as plain text (not HTML): the
    same words and numbers, for a file (a chart's CSV download).

    >>> reader_rows(pd.DataFrame({"year": [2023], "people": [6540.0], "sure": [True]}))
    (['year', 'people', 'sure'], [['2023', '6,540', 'yes']])
    """
    _, headers, cells, _ = _cells(frame, columns, formats, ())
    return headers, [list(row) for row in zip(*cells)] if cells else []


def reader_table(frame: pd.DataFrame, columns: Mapping[str, str] | Sequence[str] | None = None,
                 *, formats: Mapping[str, int | Callable] | None = None,
                 html_columns: Iterable[str] = (), caption: str | None = None) -> Table:
    """A frame as an HTML table made for a reader (the rules are in the module's docstring).

    frame: the rows to show, every one of them (nothing is cut or hidden).
    columns: the columns to show, in order: a mapping ``{column: header in words}``, or a list of
        columns whose names are already words; None shows every column. A named index counts as
        a column (``year`` of a frame indexed by year).
    formats: for a column whose numbers the default rule does not write as the prose does, the
        number of decimals (``{"per_100": 1}``) or a formatter taking the value, e.g.
        :func:`allstats.text.fmt_percent` or :func:`allstats.text.fmt_fraction`. Never called on
        a missing value.
    html_columns: columns whose values are HTML already, built and escaped elsewhere.
    caption: a caption above the table (escaped).
    """
    raw = set(html_columns)
    shown, headers, cells, numeric = _cells(frame, columns, formats, raw)
    cells = [texts if name in raw else [html.escape(t) for t in texts]
             for name, texts in zip(shown.columns, cells)]
    # numbers to the right, text to the left; a column of long text is wide enough to read
    aligns = ["text-align:right" if is_number else "text-align:left" for is_number in numeric]
    widths = ["; min-width:16em" if max((len(t) for t in texts), default=0) > _LONG_TEXT else ""
              for texts in cells]
    parts = [f'<table class="{TABLE_CLASS}">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(
        f'<th scope="col" style="{align}{width}">{html.escape(header)}</th>'
        for header, align, width in zip(headers, aligns, widths)) + "</tr></thead>")
    parts.append("<tbody>")
    for row in zip(*cells) if cells else []:
        parts.append("<tr>" + "".join(f'<td style="{align}">{text}</td>'
                                      for text, align in zip(row, aligns)) + "</tr>")
    parts.append("</tbody></table>")
    return Table("\n".join(parts), rows=len(shown), columns=headers)


def folded(table: str, summary: str, *, reference: bool = False) -> Table:
    """A table folded under a one-line summary that the reader opens (an HTML ``<details>``).

    reference: mark it as one of the Sources notebook's reference tables, the only tables that
    show the rows' ids (class :data:`REFERENCE_CLASS`).
    """
    classes = "allstats-folded" + (f" {REFERENCE_CLASS}" if reference else "")
    markup = (f'<details class="{classes}"><summary>{html.escape(summary)}</summary>\n'
              f"{table}\n</details>")
    return Table(markup, rows=getattr(table, "rows", 0), columns=getattr(table, "columns", ()))


def data_headers(name: str, columns: Iterable[str], data_dir=None) -> dict[str, str]:
    """Headers in words for columns of resource ``name``: each field's title in
    ``datapackage.json`` (``period_start`` -> 'period start'), ``id`` and ``source id`` for the
    keys, and the column's own name for a column that is not a field of the resource."""
    from .data import package

    resource = next((r for r in package(data_dir)["resources"] if r["name"] == name), None)
    if resource is None:
        raise KeyError(f"no resource {name!r} in datapackage.json")
    titles = {f["name"]: f.get("title") or f["name"] for f in resource["schema"]["fields"]}
    titles.update(id="id", source_id="source id")      # the keys, as the notebooks name them
    headers = {}
    for column in columns:
        title = titles.get(column, column)
        if len(title) > 1 and title[1].islower():
            title = title[0].lower() + title[1:]
        headers[column] = title
    return headers


def reference(name: str, data_dir=None, *, by: str | None = None) -> Table:
    """The Sources notebook's reference table of one file of ``data/``: every row with its source,
    quote, qualifier and verification (:func:`allstats.provenance.provenance_table`), the rows'
    keys and ids as the file has them, folded under 'The N rows of name.csv'.

    by: a column to split the rows by (e.g. ``topic``), one folded table per value, in order of
    first appearance, each under 'value (N rows)'.
    """
    from .provenance import provenance_table

    frame = provenance_table(name, data_dir)
    headers = data_headers(name, frame.columns, data_dir)
    if by is None:
        table = reader_table(frame, headers)
        return folded(table, f"The {len(frame):,} rows of {name}.csv", reference=True)
    if by not in frame.columns:
        raise KeyError(f"reference: {name}.csv has no column {by!r} to split by")
    shown = {column: header for column, header in headers.items() if column != by}
    parts = [folded(reader_table(rows, shown),
                    f"{in_words(value).replace('_', ' ')} ({len(rows):,} rows)", reference=True)
             for value, rows in frame.groupby(by, sort=False)]
    return Table("\n".join(parts), rows=len(frame), columns=shown.values())


#: netsurv's life table (:func:`allstats.netsurv.life_table`) in words ...
LIFE_TABLE_COLUMNS = {
    "start": "from year", "end": "to year", "n": "alive at start", "d": "deaths",
    "w": "censored", "n_prime": "effective at risk", "p": "observed (interval)",
    "p_star": "expected (interval)", "r": "relative (interval)", "cp": "observed (cumulative)",
    "cp_star": "expected (cumulative)", "cr": "relative (cumulative)",
}
#: ... with its survival fractions in percent, one decimal, as the notebooks' prose gives them
LIFE_TABLE_FORMATS = {"n_prime": 1, **{c: fmt_fraction for c in
                                       ("p", "p_star", "r", "cp", "cp_star", "cr")}}
