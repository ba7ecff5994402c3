"""Explorers: a figure and the controls a student moves, updated in place.

``base`` holds :class:`Explorer` (controls, figure, artists, readout; blitted redraws) and
:func:`connect`; each other module holds one notebook's explorer factories, ``make_*_explorer``,
which take no required arguments (their defaults come from ``data/``).
"""

from .base import *  # noqa: F401,F403
from .base import __all__ as _base
from .worked_example import *  # noqa: F401,F403
from .worked_example import __all__ as _worked_example
from .incidence import *  # noqa: F401,F403
from .incidence import __all__ as _incidence
from .deaths import *  # noqa: F401,F403
from .deaths import __all__ as _deaths
from .survival import *  # noqa: F401,F403
from .survival import __all__ as _survival
from .subtypes import *  # noqa: F401,F403
from .subtypes import __all__ as _subtypes
from .sources import *  # noqa: F401,F403
from .sources import __all__ as _sources
from .patients import *  # noqa: F401,F403
from .patients import __all__ as _patients

__all__ = [*_base, *_worked_example, *_incidence, *_deaths, *_survival, *_subtypes, *_sources,
           *_patients]


def by_name() -> dict:
    """Every ``make_*_explorer`` factory, keyed by the ``name`` of the explorer it builds.

    A page shows an explorer's name (CSS class ``allstats-explorer-<name>``); this finds the
    factory that builds it. Each factory is called once (names are set inside the factory),
    so the first call costs one figure per factory; the answer is cached.
    """
    global _by_name
    if _by_name is None:
        import matplotlib.pyplot as plt

        found: dict = {}
        for attr in __all__:
            if not (attr.startswith("make_") and attr.endswith("_explorer")):
                continue
            factory = globals()[attr]
            explorer = factory()
            plt.close(explorer.figure)
            if explorer.name in found:
                raise ValueError(f"{attr} and {found[explorer.name].__name__} both build "
                                 f"explorers named {explorer.name!r}; names must be unique")
            found[explorer.name] = factory
        _by_name = found
    return dict(_by_name)


_by_name = None
