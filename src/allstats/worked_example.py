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
           "guide_example"]


def _probability(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(value):
        raise ValueError(f"{name} must be a proportion between 0 and 1, like 0.9 for 90%; "
                         f"got {value!r}")
    if not 0 < value <= 1:
        hint = " (did you mean a percentage? divide it by 100)" if 1 < value <= 100 else ""
        raise ValueError(f"{name} must be more than 0 and at most 1 (a proportion, like 0.9 for "
                         f"90%); got {value!r}{hint}")
    return float(value)


def _cohort(value) -> int:
    whole = isinstance(value, Integral) and not isinstance(value, bool)
    if isinstance(value, float) and value.is_integer():
        whole, value = True, int(value)
    if not whole or value <= 0:
        raise ValueError(f"cohort_size must be a positive whole number of people, like 1000; "
                         f"got {value!r}")
    return int(value)


@dataclass(frozen=True)
class RelativeSurvivalExample:
    """One worked example: its three inputs and what follows from them."""

    cohort_size: int
    expected_survival: float
    relative_survival: float

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
    """
    example = RelativeSurvivalExample(_cohort(cohort_size),
                                      _probability("expected_survival", expected_survival),
                                      _probability("relative_survival", relative_survival))
    if example.observed_alive > example.cohort_size:   # cannot happen with proportions <= 1
        raise ValueError("more people alive than in the cohort: check the inputs")
    return example


def relative_survival_from(observed_alive, expected_alive, cohort_size=None) -> float:
    """The inverse question: ``R = observed_alive / expected_alive``.

    Give counts of people (with ``cohort_size`` to check them against the cohort) or two
    proportions (without it). Raises ValueError when more people are alive than the cohort holds,
    when nobody is expected alive, or when more are observed alive than expected: relative
    survival above 100% does happen in registries, but not in this example, where it is a
    proportion in (0, 1].
    """
    for name, value in (("observed_alive", observed_alive), ("expected_alive", expected_alive)):
        if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(value) or value < 0:
            raise ValueError(f"{name} must be a number of people (or a proportion) of at least 0; "
                             f"got {value!r}")
    limit = 1.0 if cohort_size is None else _cohort(cohort_size)
    what = "the whole group (1.0)" if cohort_size is None else f"the cohort of {limit:,}"
    for name, value in (("observed_alive", observed_alive), ("expected_alive", expected_alive)):
        if value > limit:
            raise ValueError(f"{name} is {value:g}: more people alive than in {what}")
    if expected_alive == 0:
        raise ValueError("expected_alive must be more than 0: with nobody expected alive there is "
                         "nothing to compare with")
    if observed_alive > expected_alive:
        raise ValueError(f"observed_alive ({observed_alive:g}) is more than expected_alive "
                         f"({expected_alive:g}): relative survival would be above 100%, which this "
                         "example does not allow")
    return observed_alive / expected_alive


def guide_example(data_dir=None) -> RelativeSurvivalExample:
    """The guide's example built from its figures in ``data/figures.csv``.

    Uses the rows ``worked-example-cohort``, ``worked-example-expected-alive`` and
    ``worked-example-relative-survival``.
    """
    from .data import load

    figures = load("figures", data_dir).set_index("id")
    cohort = int(figures.at["worked-example-cohort", "value"])
    expected = float(figures.at["worked-example-expected-alive", "value"]) / cohort
    relative = float(figures.at["worked-example-relative-survival", "value"]) / 100
    return relative_survival_example(cohort, expected, relative)
