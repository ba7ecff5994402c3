"""The arithmetic behind the notebooks: shares, counts, rates and natural frequencies.

Each function states its formula. Inputs are checked: a negative count, a share of nothing, a part
larger than its whole, NaN, infinity or a whole number too large for a float raises ValueError
with a sentence naming the parameter and saying what was expected, and no function returns NaN
or infinity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from numbers import Integral, Real

import pandas as pd

__all__ = [
    "share",
    "percent",
    "count_from_percent",
    "rate_per_100k",
    "convert_rate",
    "out_of_to_percent",
    "natural_frequency",
    "natural_frequency_phrase",
    "MAX_DENOMINATOR",
    "SexSumCheck",
    "check_sum_by_sex",
    "about_tolerance",
    "satisfies",
]

#: the largest ``denominator`` of a natural frequency ("N out of 1,000,000,000,000")
MAX_DENOMINATOR = 10 ** 12
#: enough digits to multiply a float's shortest decimal form by any allowed denominator exactly
_EXACT = Context(prec=60)


def _number(name: str, value, *, minimum: float | None = 0.0) -> float:
    """``value`` as a finite float, or ValueError naming ``name`` and what was expected."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number, got {value!r:.60}")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{name} is too large: at most about 1.8e308, got a number of "
                         f"{len(str(abs(int(value))))} digits") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{name} must be a finite number, got {number!r}")
    if isinstance(value, Integral) and number != value:
        raise ValueError(f"{name} is {int(value)}: a whole number larger than a float holds "
                         "exactly (above 9,007,199,254,740,992 not every whole number can be "
                         "computed with); give a float if an approximation will do")
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} must be at least {minimum:g}, got {number:g}")
    return number


def _finite(result: float, what: str) -> float:
    if not math.isfinite(result):
        raise ValueError(f"{what} is too large to compute: the result is beyond 1.8e308")
    return result


def _absent(value) -> bool:
    """None, NaN or pandas' NA: what an empty cell of the data package gives."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def share(part, whole) -> float:
    """The fraction of ``whole`` that ``part`` makes up: ``part / whole``, between 0 and 1.

    >>> share(1, 4)
    0.25
    """
    part, whole = _number("part", part), _number("whole", whole)
    if whole == 0:
        raise ValueError("whole must be more than 0: a share of nothing is undefined")
    if part > whole:
        raise ValueError(f"part ({part:g}) cannot be larger than the whole ({whole:g})")
    return part / whole


def percent(part, whole) -> float:
    """``part`` as a percentage of ``whole``: ``100 * part / whole``.

    >>> percent(1, 8)
    12.5
    """
    return 100.0 * share(part, whole)


def count_from_percent(pct, total) -> float:
    """How many of ``total`` a percentage stands for: ``pct / 100 * total`` (not rounded).

    >>> count_from_percent(25, 200)
    50.0
    """
    pct, total = _number("pct", pct), _number("total", total)
    if pct > 100:
        raise ValueError(f"pct must be a percentage between 0 and 100, got {pct:g}")
    return pct / 100.0 * total


def rate_per_100k(count, population) -> float:
    """A crude rate: ``count / population * 100,000`` (events per 100,000 people).

    >>> rate_per_100k(3, 150_000)
    2.0
    """
    count, population = _number("count", count), _number("population", population)
    if population == 0:
        raise ValueError("population must be more than 0 to compute a rate")
    return _finite(count / population * 100_000,
                   f"count / population x 100,000 (count {count:g}, population {population:g})")


def convert_rate(rate, from_per, to_per) -> float:
    """Re-express a rate on another base: ``rate * to_per / from_per``.

    A rate of 34 per 1,000,000 is 3.4 per 100,000:

    >>> convert_rate(34, 1_000_000, 100_000)
    3.4
    """
    rate = _number("rate", rate)
    for name, base in (("from_per", from_per), ("to_per", to_per)):
        if _number(name, base, minimum=None) <= 0:
            raise ValueError(f"{name} must be more than 0 (the base of a rate: per how many "
                             f"people), got {float(base):g}")
    from_per, to_per = float(from_per), float(to_per)
    exact = Decimal(str(rate)) * Decimal(str(to_per)) / Decimal(str(from_per))
    return _finite(float(exact), f"rate x to_per / from_per (rate {rate:g}, to_per {to_per:g}, "
                                 f"from_per {from_per:g})")


def out_of_to_percent(value, out_of) -> float:
    """"N out of M" as a percentage: ``100 * N / M``.

    >>> out_of_to_percent(4, 5)
    80.0
    """
    value, out_of = _number("value", value), _number("out_of", out_of)
    if out_of == 0:
        raise ValueError("out_of must be more than 0: 'N out of 0' is not a share")
    if value > out_of:
        raise ValueError(f"value ({value:g}) cannot be more than out_of ({out_of:g})")
    return percent(value, out_of)


def natural_frequency(pct, denominator: int = 100) -> tuple[int, int]:
    """A percentage as a whole number of people out of ``denominator``.

    ``round(pct / 100 * denominator)``, rounding halves away from zero, so 45% of 10 is 5:

    >>> natural_frequency(43, 10)
    (4, 10)
    """
    pct = _number("pct", pct)
    if pct > 100:
        raise ValueError(f"pct must be a percentage between 0 and 100, got {pct:g}")
    if (isinstance(denominator, bool) or not isinstance(denominator, int) or denominator <= 0
            or denominator > MAX_DENOMINATOR):
        raise ValueError(f"denominator must be a positive whole number (10, 100, 1000...) of at "
                         f"most {MAX_DENOMINATOR:,}, got {denominator!r:.60}")
    exact = _EXACT.divide(_EXACT.multiply(Decimal(str(pct)), Decimal(denominator)), 100)
    return int(exact.to_integral_value(rounding="ROUND_HALF_UP")), denominator


def natural_frequency_phrase(pct, denominator: int = 100) -> str:
    """"about N out of M" (or "N out of M" when exact) for a percentage.

    >>> natural_frequency_phrase(43, 10)
    'about 4 out of 10'
    >>> natural_frequency_phrase(90, 1000)
    '900 out of 1,000'
    """
    n, d = natural_frequency(pct, denominator)
    exact = Decimal(str(float(pct))) * d / 100 == n
    return f"{'' if exact else 'about '}{n:,} out of {d:,}"


@dataclass(frozen=True)
class SexSumCheck:
    """Males plus females set against the stated total.

    The sum and the difference are computed exactly (as fractions of the numbers given), so that
    a difference of one person is never lost to rounding, however large the counts.
    """

    male: float
    female: float
    total: float

    def __post_init__(self):
        for name in ("male", "female", "total"):
            object.__setattr__(self, name, _number(name, getattr(self, name)))
        try:
            total = float(self._sum)
        except OverflowError:
            total = math.inf
        _finite(total, "male + female")

    @property
    def _sum(self) -> Fraction:
        return Fraction(self.male) + Fraction(self.female)

    @property
    def sum(self) -> float:
        return float(self._sum)

    @property
    def difference(self) -> float:
        """``male + female - total`` (0 when the parts add up)."""
        return float(self._sum - Fraction(self.total))

    @property
    def holds(self) -> bool:
        return self._sum == Fraction(self.total)


def check_sum_by_sex(male, female, total) -> SexSumCheck:
    """Check ``male + female == total`` for counts stated by sex.

    >>> check_sum_by_sex(3, 2, 5).holds
    True
    """
    return SexSumCheck(male, female, total)


def about_tolerance(value) -> float:
    """How far "about ``value``" may stretch: half a unit of its last significant digit.

    "about 80" covers 75 to 85, "about 85" covers 82.5 to 87.5, "about 4" covers 3.5 to 4.5,
    "about 0.5" covers 0.45 to 0.55. Rounding is how a source gets to "about", so a computed
    value rounds to the stated one exactly when it lies within this distance.

    >>> about_tolerance(80), about_tolerance(85), about_tolerance(4)
    (5.0, 2.5, 0.5)
    """
    value = _number("value", value, minimum=None)
    if value == 0:
        return 0.5
    d = Decimal(str(abs(value))).normalize()
    exponent = d.as_tuple().exponent
    if exponent > 0:           # 80 -> 8E+1: its last significant digit is the tens
        return 0.5 * 10 ** exponent
    # trailing significant digit 5 means the source rounded to fives ("about 85%", "about 15%")
    last = d.as_tuple().digits[-1]
    step = 10.0 ** exponent
    return 0.5 * step * (5 if last == 5 and d >= 10 else 1)


def satisfies(computed, qualifier: str, value=None, low=None, high=None) -> bool:
    """Whether a computed value agrees with what a source states.

    ``qualifier`` is the source's: "exact" (equal), "about" (within :func:`about_tolerance`),
    "less than", "a little less than" (below the value, by at most :func:`about_tolerance`),
    "more than", "at least", "up to", or "range" (``low <= computed <= high``).
    A range takes ``low`` and ``high`` and no ``value``; every other qualifier takes ``value``
    and no ``low`` or ``high`` (None or NaN, as an empty cell of the data package gives, stands
    for "not given"). Every number must be finite, and a range's ``low`` at most its ``high``.

    >>> satisfies(0.33, "less than", 0.5)
    True
    >>> satisfies(79, "about", 80)
    True
    >>> satisfies(25, "range", low=20, high=30)
    True
    """
    def stretch(v):
        # about_tolerance plus a slack for float noise at the edge (0.55 - 0.5 > 0.05), never
        # more than a billionth of the tolerance, so "about 1e-20" does not stretch to 1e-12
        t = about_tolerance(v)
        return t + min(1e-12, t * 1e-9)

    checks = {
        "exact": lambda c, v: c == v,
        "about": lambda c, v: abs(c - v) <= stretch(v),
        "less than": lambda c, v: c < v,
        "a little less than": lambda c, v: v - stretch(v) <= c < v,
        "more than": lambda c, v: c > v,
        "at least": lambda c, v: c >= v,
        "up to": lambda c, v: c <= v,
    }
    if not isinstance(qualifier, str) or (qualifier != "range" and qualifier not in checks):
        raise ValueError(f"unknown qualifier {qualifier!r:.60} (expected one of: range, "
                         f"{', '.join(checks)})")
    computed = _number("computed", computed, minimum=None)
    if qualifier == "range":
        if _absent(low) or _absent(high):
            missing = "low" if _absent(low) else "high"
            raise ValueError(f"{missing} is missing (None or NaN): a range needs low and high")
        if not _absent(value):
            raise ValueError(f"a range is stated by low and high; value must be None, got "
                             f"{value!r:.60}")
        low, high = _number("low", low, minimum=None), _number("high", high, minimum=None)
        if low > high:
            raise ValueError(f"low ({low:g}) must be at most high ({high:g}) in a range")
        return low <= computed <= high
    if _absent(value):
        raise ValueError(f"value is missing (None or NaN): qualifier {qualifier!r} needs a "
                         "value to compare with")
    for name, bound in (("low", low), ("high", high)):
        if not _absent(bound):
            raise ValueError(f"{name} is for a range; qualifier {qualifier!r} takes value only, "
                             f"got {name}={bound!r:.60}")
    return checks[qualifier](computed, _number("value", value, minimum=None))
