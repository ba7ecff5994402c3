"""The arithmetic behind the notebooks: shares, counts, rates and natural frequencies.

Each function states its formula. Inputs are checked: a negative count, a share of nothing or a
part larger than its whole raises ValueError with a sentence saying what was expected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real

__all__ = [
    "share",
    "percent",
    "count_from_percent",
    "rate_per_100k",
    "convert_rate",
    "out_of_to_percent",
    "natural_frequency",
    "natural_frequency_phrase",
    "SexSumCheck",
    "check_sum_by_sex",
    "about_tolerance",
    "satisfies",
]


def _number(name: str, value, *, minimum: float | None = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum:g}, got {value:g}")
    return value


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
    pct, total = _number("percent", pct), _number("total", total)
    if pct > 100:
        raise ValueError(f"percent must be between 0 and 100, got {pct:g}")
    return pct / 100.0 * total


def rate_per_100k(count, population) -> float:
    """A crude rate: ``count / population * 100,000`` (events per 100,000 people).

    >>> rate_per_100k(3, 150_000)
    2.0
    """
    count, population = _number("count", count), _number("population", population)
    if population == 0:
        raise ValueError("population must be more than 0 to compute a rate")
    return count / population * 100_000


def convert_rate(rate, from_per, to_per) -> float:
    """Re-express a rate on another base: ``rate * to_per / from_per``.

    A rate of 34 per 1,000,000 is 3.4 per 100,000:

    >>> convert_rate(34, 1_000_000, 100_000)
    3.4
    """
    rate = _number("rate", rate)
    from_per = _number("from_per", from_per, minimum=None)
    to_per = _number("to_per", to_per, minimum=None)
    if from_per <= 0 or to_per <= 0:
        raise ValueError("the bases of a rate (per how many people) must be more than 0")
    return float(Decimal(str(rate)) * Decimal(str(to_per)) / Decimal(str(from_per)))


def out_of_to_percent(value, out_of) -> float:
    """"N out of M" as a percentage: ``100 * N / M``.

    >>> out_of_to_percent(4, 5)
    80.0
    """
    return percent(value, out_of)


def natural_frequency(pct, denominator: int = 100) -> tuple[int, int]:
    """A percentage as a whole number of people out of ``denominator``.

    ``round(pct / 100 * denominator)``, rounding halves away from zero, so 45% of 10 is 5:

    >>> natural_frequency(43, 10)
    (4, 10)
    """
    pct = _number("percent", pct)
    if pct > 100:
        raise ValueError(f"percent must be between 0 and 100, got {pct:g}")
    if isinstance(denominator, bool) or not isinstance(denominator, int) or denominator <= 0:
        raise ValueError(f"denominator must be a positive whole number (10, 100, 1000...), "
                         f"got {denominator!r}")
    exact = Decimal(str(pct)) * denominator / 100
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
    """Males plus females set against the stated total."""

    male: float
    female: float
    total: float

    @property
    def sum(self) -> float:
        return self.male + self.female

    @property
    def difference(self) -> float:
        """``male + female - total`` (0 when the parts add up)."""
        return self.sum - self.total

    @property
    def holds(self) -> bool:
        return self.difference == 0


def check_sum_by_sex(male, female, total) -> SexSumCheck:
    """Check ``male + female == total`` for counts stated by sex.

    >>> check_sum_by_sex(3, 2, 5).holds
    True
    """
    return SexSumCheck(_number("male", male), _number("female", female), _number("total", total))


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

    >>> satisfies(0.33, "less than", 0.5)
    True
    >>> satisfies(79, "about", 80)
    True
    """
    computed = _number("computed", computed, minimum=None)
    if qualifier == "range":
        if low is None or high is None:
            raise ValueError("a range needs low and high")
        return float(low) <= computed <= float(high)
    if value is None:
        raise ValueError(f"qualifier {qualifier!r} needs a value to compare with")
    value = float(value)
    checks = {
        "exact": lambda: computed == value,
        "about": lambda: abs(computed - value) <= about_tolerance(value) + 1e-12,
        "less than": lambda: computed < value,
        "a little less than": lambda: value - about_tolerance(value) - 1e-12 <= computed < value,
        "more than": lambda: computed > value,
        "at least": lambda: computed >= value,
        "up to": lambda: computed <= value,
    }
    if qualifier not in checks:
        raise ValueError(f"unknown qualifier {qualifier!r} (expected one of: range, "
                         f"{', '.join(checks)})")
    return checks[qualifier]()
