"""allstats: the statistics of acute lymphocytic leukemia (ALL), explained.

Figures live in a sourced data package (``data/``); this library loads and checks them, computes
what they mean, and draws them. ``import allstats`` needs only pandas: the drawing modules
(:mod:`allstats.charts`, :mod:`allstats.explorers`) import matplotlib and ipywidgets themselves,
and :mod:`allstats.netsurv` holds the registry estimators of relative survival.
"""

from .arithmetic import (
    check_sum_by_sex,
    convert_rate,
    count_from_percent,
    natural_frequency,
    natural_frequency_phrase,
    out_of_to_percent,
    percent,
    rate_per_100k,
    satisfies,
    share,
)
from .claims import claims
from .data import DataError, load, resource_names, validate
from .worked_example import (
    RelativeSurvivalExample,
    guide_example,
    relative_survival_example,
    relative_survival_from,
)

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "RelativeSurvivalExample",
    "check_sum_by_sex",
    "claims",
    "convert_rate",
    "count_from_percent",
    "guide_example",
    "load",
    "natural_frequency",
    "natural_frequency_phrase",
    "out_of_to_percent",
    "percent",
    "rate_per_100k",
    "relative_survival_example",
    "relative_survival_from",
    "resource_names",
    "satisfies",
    "share",
    "validate",
]
