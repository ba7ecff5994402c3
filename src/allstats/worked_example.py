"""The guide's worked example of relative survival, as arithmetic a student can move.

Two groups of the same size and make-up: one without the cancer, one with it. If ``S*`` of the
first group is expected to be alive after 5 years (expected survival) and the relative survival
is ``R``, then the observed survival of the second group is ``S = R x S*``:

    expected_alive = cohort_size x S*
    observed_alive = expected_alive x R = cohort_size x S* x R
    R              = observed_alive / expected_alive                (the inverse question)

The numbers of the guide itself (a cohort, the expected and the observed alive) are rows of
``data/figures.csv``; :func:`guide_example` builds the example from them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

__all__ = ["RelativeSurvivalExample", "relative_survival_example", "relative_survival_from",
           "guide_example", "MAX_COHORT", "WORKED_EXAMPLE_START_SIZE"]

#: the largest cohort: every whole number of people up to it is computed with exactly
MAX_COHORT = 2 ** 53
#: the class's version of the example starts with the guide's proportions on this many people:
#: 100 icons are large enough to count on a projector (1,000 are drawn in blocks of 100)
WORKED_EXAMPLE_START_SIZE = 100


def _as_float(value) -> float:
    """A real number as a float: NaN for anything else, infinity (with its sign) for one too
    large."""
    if isinstance(value, bool) or not isinstance(value, Real):
        return math.nan
    try:
        return float(value)
    except OverflowError:
        return -math.inf if value < 0 else math.inf


def _probability(name: str, value) -> float:
    number = _as_float(value)
    if math.isnan(number):
        raise ValueError(f"{name} must be a proportion between 0 and 1, like 0.9 for 90%; "
                         f"got {value!r:.60}")
    if not 0 < number <= 1:
        hint = " (did you mean a percentage? divide it by 100)" if 1 < number <= 100 else ""
        raise ValueError(f"{name} must be more than 0 and at most 1 (a proportion, like 0.9 for "
                         f"90%); got {value!r:.60}{hint}")
    return number


def _cohort(value) -> int:
    whole = isinstance(value, Integral) and not isinstance(value, bool)
    if isinstance(value, float) and value.is_integer():
        whole, value = True, int(value)
    if not whole or not 0 < value <= MAX_COHORT:
        raise ValueError(f"cohort_size must be a positive whole number of people, like 1000, of "
                         f"at most {MAX_COHORT:,}; got {value!r:.60}")
    return int(value)


def _people(name: str, value) -> float:
    """A count of people or a proportion: a number of at least 0 (infinity is caught later)."""
    number = _as_float(value)
    if math.isnan(number) or number < 0:
        raise ValueError(f"{name} must be a number of people (or a proportion) of at least 0; "
                         f"got {value!r:.60}")
    return number


@dataclass(frozen=True)
class RelativeSurvivalExample:
    """One worked example: its three inputs and what follows from them.

    The inputs are checked when the example is made, however it is made: the cohort is a
    positive whole number of people (at most :data:`MAX_COHORT`), the two survivals are
    proportions in (0, 1]. So nobody is ever more alive than the cohort holds.
    """

    cohort_size: int
    expected_survival: float
    relative_survival: float

    def __post_init__(self):
        object.__setattr__(self, "cohort_size", _cohort(self.cohort_size))
        for name in ("expected_survival", "relative_survival"):
            object.__setattr__(self, name, _probability(name, getattr(self, name)))

    @property
    def expected_alive(self) -> float:
        """People of the cancer-free group alive at the horizon: ``cohort_size x S*``."""
        return self.cohort_size * self.expected_survival

    @property
    def observed_alive(self) -> float:
        """People of the group with cancer alive at the horizon: ``expected_alive x R``."""
        return self.expected_alive * self.relative_survival

    @property
    def observed_survival(self) -> float:
        """Observed survival of the group with cancer: ``S = R x S*``."""
        return self.expected_survival * self.relative_survival

    @property
    def expected_deaths(self) -> float:
        """Deaths expected without the cancer: ``cohort_size - expected_alive``."""
        return self.cohort_size - self.expected_alive

    @property
    def excess_deaths(self) -> float:
        """Deaths beyond those expected, attributed to the cancer: ``expected_alive - observed_alive``."""
        return self.expected_alive - self.observed_alive

    @property
    def observed_deaths(self) -> float:
        """All deaths in the group with cancer: ``cohort_size - observed_alive``."""
        return self.cohort_size - self.observed_alive

    def rounded(self) -> dict[str, int]:
        """Whole people, as the guide states them (half a person rounds up)."""
        def whole(x):
            return int(math.floor(x + 0.5 + 1e-9))
        return {
            "cohort_size": self.cohort_size,
            "expected_alive": whole(self.expected_alive),
            "observed_alive": whole(self.observed_alive),
            "expected_deaths": self.cohort_size - whole(self.expected_alive),
            "excess_deaths": whole(self.expected_alive) - whole(self.observed_alive),
        }


def relative_survival_example(cohort_size=1000, expected_survival=0.90,
                              relative_survival=0.90) -> RelativeSurvivalExample:
    """The worked example for a cohort, an expected survival ``S*`` and a relative survival ``R``.

    ``observed_alive = cohort_size x S* x R``. Proportions are in (0, 1]; the cohort is a
    positive whole number of people. The defaults are the guide's own example.

    >>> relative_survival_example(1000, 0.9, 0.9).rounded()["observed_alive"]
    810
    """
    return RelativeSurvivalExample(cohort_size, expected_survival, relative_survival)


def relative_survival_from(observed_alive, expected_alive, cohort_size=None) -> float:
    """The inverse question: ``R = observed_alive / expected_alive``.

    Give counts of people (with ``cohort_size`` to check them against the cohort) or two
    proportions (without it). Raises ValueError when more people are alive than the cohort holds,
    when nobody is expected alive, or when more are observed alive than expected: relative
    survival above 100% does happen in registries, but not in this example, where it is a
    proportion in (0, 1].

    >>> relative_survival_from(810, 900, cohort_size=1000)
    0.9
    """
    shown = {"observed_alive": _people("observed_alive", observed_alive),
             "expected_alive": _people("expected_alive", expected_alive)}
    limit = 1.0 if cohort_size is None else _cohort(cohort_size)
    what = "the whole group (1.0)" if cohort_size is None else f"the cohort of {limit:,}"
    for name, value in (("observed_alive", observed_alive), ("expected_alive", expected_alive)):
        if value > limit:         # compared as given: exact for whole numbers of any size
            raise ValueError(f"{name} is {shown[name]:g}: more people alive than in {what}")
    if expected_alive == 0:
        raise ValueError("expected_alive must be more than 0: with nobody expected alive there is "
                         "nothing to compare with")
    if observed_alive > expected_alive:
        raise ValueError(f"observed_alive ({shown['observed_alive']:g}) is more than "
                         f"expected_alive ({shown['expected_alive']:g}): relative survival would "
                         "be above 100%, which this example does not allow")
    return float(observed_alive / expected_alive)


def guide_example(data_dir=None) -> RelativeSurvivalExample:
    """The guide's example built from its figures in ``data/figures.csv``.

    Uses the rows :data:`allstats.catalogue.WORKED_EXAMPLE` names: the cohort (people), the
    expected alive (people) and the relative survival (percent). A row that cannot be read as
    the example needs raises :class:`~allstats.DataError` naming its line and column.
    """
    from . import catalogue
    from .data import DataError, _load_located

    figures, rel, lines = _load_located("figures", data_dir)
    where = {fid: i for i, fid in enumerate(figures["id"])}

    def number(role: str, unit: str):
        fid = catalogue.WORKED_EXAMPLE[role]
        if fid not in where:
            raise DataError(f"no row with id '{fid}' (the worked example reads it)", file=rel,
                            column="id")
        i = where[fid]
        row = figures.iloc[i]
        if row["unit"] != unit:
            raise DataError(f"{fid}: the worked example reads it in {unit!r}, not "
                            f"{row['unit']!r}", file=rel, line=lines[i], column="unit")
        return fid, float(row["value"]), {"file": rel, "line": lines[i], "column": "value"}

    def checked(read, make):
        fid, value, where_ = read
        try:
            return make(value)
        except ValueError as exc:
            raise DataError(f"{fid} ({value:g}) cannot be used in the worked example: {exc}",
                            **where_) from None

    cohort = checked(number("cohort", "people"), _cohort)
    expected = checked(number("expected_alive", "people"),
                       lambda v: _probability(f"expected alive / cohort of {cohort:,}", v / cohort))
    relative = checked(number("relative_survival", "percent"),
                       lambda v: _probability("relative survival / 100", v / 100))
    return RelativeSurvivalExample(cohort, expected, relative)
