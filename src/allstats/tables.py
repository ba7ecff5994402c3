"""Tables for readers: what a notebook shows as a table, with words for headers.

:func:`html_table` renders any frame whole (no truncated quotes, no hidden rows);
:func:`readable_life_table` turns :func:`allstats.netsurv.life_table` into words and percent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .text import fmt_number

__all__ = ["html_table", "readable_life_table"]


def html_table(frame: pd.DataFrame) -> str:
    """A table as HTML with every cell in full (no truncated quotes, no hidden rows)."""
    return frame.to_html(index=False, na_rep="", border=0, classes="allstats-table",
                         float_format=lambda x: fmt_number(x).replace(",", ""))


_LIFE_TABLE_NAMES = {
    "start": "from year", "end": "to year", "n": "alive at start", "d": "deaths",
    "w": "censored", "n_prime": "effective at risk", "p": "observed (interval)",
    "p_star": "expected (interval)", "r": "relative (interval)", "cp": "observed (cumulative)",
    "cp_star": "expected (cumulative)", "cr": "relative (cumulative)",
}


def readable_life_table(table: pd.DataFrame) -> pd.DataFrame:
    """netsurv's life table for reading: words for the column names, survival in percent
    (one decimal), counts as integers, the years as integers where they are whole."""
    out = table[list(_LIFE_TABLE_NAMES)].copy()
    for column in ("p", "p_star", "r", "cp", "cp_star", "cr"):
        out[column] = (100 * out[column]).round(1)
    out["n_prime"] = out["n_prime"].round(1)
    for column in ("start", "end"):
        if np.all(out[column] == np.round(out[column])):
            out[column] = out[column].astype(int)
    return out.rename(columns=_LIFE_TABLE_NAMES).set_index(["from year", "to year"])
