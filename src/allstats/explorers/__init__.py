"""Explorers: a figure and the controls a student moves, updated in place.

:mod:`~allstats.explorers.base` holds the contract (:class:`Explorer`, :func:`connect`, the
controls, the readout's parts, the registry); each other module holds one notebook's explorer
factories, ``make_*_explorer``, which take no required arguments (their defaults come from
``data/``) and are registered by name. Import a factory from its module, e.g.
``from allstats.explorers.survival import make_survival_by_age_explorer``, or find it by the
name the page shows with :func:`by_name`.
"""

from . import (base, currency, deaths, incidence, patients, sources, subtypes, survival,
               worked_example)
from . import downloads
from .base import Explorer, connect, registered

__all__ = ["base", "currency", "deaths", "incidence", "patients", "sources", "subtypes", "survival",
           "worked_example", "downloads", "Explorer", "connect", "by_name"]


def by_name() -> dict:
    """Every explorer factory, keyed by the ``name`` of the explorer it builds (CSS class
    ``allstats-explorer-<name>`` on the page). Nothing is built: the factories register
    themselves when their modules are imported (:func:`allstats.explorers.base.explorer`)."""
    return registered()
