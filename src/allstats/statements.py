"""One reading of a source's statement: what its words allow, and how to say it back.

A *statement* is a figure as a source words it: a qualifier and a number (or two) in a unit,
e.g. "about 80%", "less than half of 1%", "20% to 30%", "about 4 out of 10", "more than 95%".
Rows of the data package carry it in the columns ``qualifier``, ``value`` (or ``low`` and
``high`` for a range) and ``unit``. Every part of allstats that needs to know what a statement
allows, or that says it back in words, asks this module; :func:`allstats.arithmetic.satisfies`
checks a computed value against one.

**What each qualifier allows** (:func:`allowed`), as a closed interval ``(low, high)``:

==============================  ==========================================  ===============
qualifier                       values the words allow                       kind
==============================  ==========================================  ===============
``exact`` v                     v only                                       ``point``
``about`` v                     v ± :func:`~allstats.arithmetic.about_       ``point``
                                tolerance` (v): the numbers that round to
                                v ("about 80" is 75 to 85, "about 85" is
                                82.5 to 87.5, "about 4" out of 10 is 3.5
                                to 4.5)
``range`` (low, high)           low to high                                  ``range``
``more than`` / ``at least`` v  v up to the ceiling (100%, M for "out of     ``lower bound``
                                M", or what the caller says)
``less than`` / ``up to`` v     the floor (0) up to v                        ``upper bound``
``a little less than`` v        just below v: v − about_tolerance(v) up to   ``just below``
                                v ("a little less than half" is 45% to
                                50%, not anything under 50%)
==============================  ==========================================  ===============

Whether the bound itself belongs ("less than 50" excludes 50, "up to 50" includes it) is left
to :func:`~allstats.arithmetic.satisfies`; the interval here is what a chart draws.

**Units.** ``percent`` is 0–100; ``out of M`` is a share of M people ("4 out of 10" is 40%,
:func:`as_percent`); other units (people, years, per 100,000 ...) are read as they are.

**Saying it back.** :func:`describe` gives the statement in the source's own terms ("about
85%", "20% to 30%", "at least 2 years"); :func:`as_people` says a share as people out of N
("about 85 out of 100", "20 to 30 out of 100", "more than 95 out of 100").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .arithmetic import about_tolerance, natural_frequency, out_of_to_percent
from .text import fmt_number

__all__ = ["QUALIFIERS", "KINDS", "Interval", "out_of", "percent_per_unit", "as_percent",
           "allowed", "share_allowed", "describe", "as_people"]

#: every qualifier a row may carry
QUALIFIERS = ("exact", "about", "range", "more than", "at least", "less than", "up to",
              "a little less than")
#: what a statement's interval is, by qualifier (see the table in the module's docstring)
KINDS = {"exact": "point", "about": "point", "range": "range", "more than": "lower bound",
         "at least": "lower bound", "less than": "upper bound", "up to": "upper bound",
         "a little less than": "just below"}


@dataclass(frozen=True)
class Interval:
    """What a statement allows: ``low`` to ``high`` (closed), of ``kind`` point, range, lower
    bound, upper bound or just below; ``value`` is the number as written (None for a range)."""

    low: float
    high: float
    kind: str
    qualifier: str
    value: float | None = None

    def scaled(self, factor: float) -> Interval:
        """The same statement in another unit (e.g. 'out of 10' to percent: ``factor`` 10)."""
        value = None if self.value is None else self.value * factor
        return Interval(self.low * factor, self.high * factor, self.kind, self.qualifier, value)


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def out_of(unit: str) -> float | None:
    """The M of a share unit 'out of M' (commas allowed), 100 for 'percent', else None.

    >>> out_of("out of 10"), out_of("out of 1,000"), out_of("percent"), out_of("people")
    (10.0, 1000.0, 100.0, None)
    """
    if unit == "percent":
        return 100.0
    if isinstance(unit, str) and unit.startswith("out of "):
        return float(unit[len("out of "):].replace(",", ""))
    return None


def percent_per_unit(unit: str) -> float:
    """How many percentage points one unit of a share is worth: 100 / M for 'out of M'.

    >>> percent_per_unit("out of 10"), percent_per_unit("percent")
    (10.0, 1.0)
    """
    m = out_of(unit)
    if m is None:
        raise ValueError(f"unit {unit!r} is not a share (expected 'percent' or 'out of M')")
    return 100.0 / m


def as_percent(row) -> float:
    """The number of a share row as a percentage: 'N out of M' → 100 N / M; percent stays.

    >>> as_percent({"unit": "out of 10", "value": 4}), as_percent({"unit": "percent", "value": 85})
    (40.0, 85.0)
    """
    unit = row["unit"]
    if unit == "percent":
        return float(row["value"])
    m = out_of(unit)
    if m is None:
        name = row.get("id", "?") if hasattr(row, "get") else "?"
        raise ValueError(f"figure {name!r} is in {unit!r}, not a share")
    return out_of_to_percent(float(row["value"]), m)


def allowed(qualifier: str, value=None, low=None, high=None, *, floor: float = 0.0,
            ceiling: float = 100.0) -> Interval:
    """What a statement allows, by the rule of its qualifier (the module's table).

    >>> allowed("about", 80)
    Interval(low=75.0, high=85.0, kind='point', qualifier='about', value=80.0)
    >>> allowed("less than", 0.5), allowed("more than", 95).high
    (Interval(low=0.0, high=0.5, kind='upper bound', qualifier='less than', value=0.5), 100.0)
    """
    if qualifier not in KINDS:
        raise ValueError(f"unknown qualifier {qualifier!r} (expected one of "
                         f"{', '.join(QUALIFIERS)})")
    kind = KINDS[qualifier]
    if kind == "range":
        if _missing(low) or _missing(high):
            raise ValueError("a range needs both low and high")
        low, high = float(low), float(high)
        if low > high:
            raise ValueError(f"a range cannot run from {low:g} down to {high:g}")
        return Interval(low, high, kind, qualifier, None)
    if _missing(value):
        raise ValueError(f"qualifier {qualifier!r} needs a value")
    value = float(value)
    if qualifier == "exact":
        return Interval(value, value, kind, qualifier, value)
    if qualifier == "about":
        tolerance = about_tolerance(value)
        return Interval(value - tolerance, value + tolerance, kind, qualifier, value)
    if kind == "lower bound":
        return Interval(value, float(ceiling), kind, qualifier, value)
    if kind == "just below":
        return Interval(max(float(floor), value - about_tolerance(value)), value, kind, qualifier,
                        value)
    return Interval(float(floor), value, kind, qualifier, value)


def share_allowed(row) -> Interval:
    """A share row (unit 'percent' or 'out of M') as the percentages it allows.

    The rule is :func:`allowed`'s, applied in the row's own unit (so "about 4 out of 10" is
    3.5 to 4.5 out of 10) and then converted: 35% to 45%.

    >>> share_allowed({"qualifier": "about", "value": 4, "unit": "out of 10"})
    Interval(low=35.0, high=45.0, kind='point', qualifier='about', value=40.0)
    """
    m = out_of(row["unit"])
    if m is None:
        raise ValueError(f"unit {row['unit']!r} is not a share (expected 'percent' or "
                         "'out of M')")
    own = allowed(row["qualifier"], row.get("value"), row.get("low"), row.get("high"),
                  ceiling=m)
    return own.scaled(100.0 / m)


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
    """A statement in the source's own terms: qualifier, value and unit.

    A row (a mapping or Series with ``qualifier``, ``value``/``low``/``high``, ``unit``) becomes
    e.g. 'about 85%', '20% to 30%', 'more than 95%', 'at least 2 years', 'about 4 out of 10'.
    Rows of resources without a ``unit`` column pass ``unit`` in the row, or a ``percent``,
    ``count`` or ``rate_per_million`` column is used.

    >>> describe({"qualifier": "about", "value": 4, "unit": "out of 10"})
    'about 4 out of 10'
    >>> describe({"qualifier": "range", "low": 20, "high": 30, "unit": "percent"})
    '20% to 30%'
    """
    get = row.get if hasattr(row, "get") else row.__getitem__
    unit = get("unit") if get("unit") is not None else None
    value = get("value") if "value" in row else None
    if _missing(value):
        for col, implied in (("percent", "percent"), ("count", "people"),
                             ("rate_per_million", "per 1,000,000")):
            if col in row and not pd.isna(row[col]):
                value, unit = row[col], unit or implied
                break
    if _missing(unit):
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


def as_people(row, size: int = 100) -> str:
    """A share row said as people out of ``size``, keeping the source's qualifier.

    Each number is rounded to whole people (:func:`allstats.natural_frequency`, halves up); a
    point keeps the source's "about" (an exact share that does not come out whole also becomes
    "about"); bounds keep their words.

    >>> as_people({"qualifier": "range", "low": 20, "high": 30, "unit": "percent"})
    '20 to 30 out of 100'
    >>> as_people({"qualifier": "about", "value": 85, "unit": "percent"})
    'about 85 out of 100'
    >>> as_people({"qualifier": "more than", "value": 95, "unit": "percent"})
    'more than 95 out of 100'
    """
    interval = share_allowed(row)
    people = f"out of {size:,}"
    if interval.kind == "range":
        low = natural_frequency(interval.low, size)[0]
        high = natural_frequency(interval.high, size)[0]
        return f"{low} to {high} {people}"
    n = natural_frequency(interval.value, size)[0]
    if interval.kind == "point":
        exact = interval.qualifier == "exact" and n == interval.value * size / 100
        return f"{'' if exact else 'about '}{n} {people}"
    return f"{interval.qualifier} {n} {people}"
