"""Charts for the notebooks. Every plotting function returns its artists.

House style: type sizes readable on a projector, the Okabe–Ito colour-blind-safe palette, a
title that states the finding, labelled axes with units, and a source line under the chart.
Charts only draw: they take frames, numbers and strings (never ``data_dir``); the data layer
(:mod:`allstats.series`, :mod:`allstats.survival`, :mod:`allstats.subtypes`,
:mod:`allstats.provenance`, :mod:`allstats.simulate`) prepares what they draw.

:mod:`~allstats.charts.base` holds the style and the building blocks, re-exported here; each
other module holds one notebook's charts and is used by name, e.g.
``charts.survival.editions_figure(...)``:

==================  ===========================================================
module              notebook
==================  ===========================================================
``worked_example``  03, the guide's worked example of relative survival
``incidence``       01, new cases (and the building blocks 02 reuses)
``deaths``          02, deaths
``survival``        04, survival by age and over time
``subtypes``        05, subtypes, genetics, remission and treatment
``patients``        06, simulated cohorts and registry estimators
``currency``        07, how current a survival figure is (a simulated registry)
``sources``         00 and 08, a statistic as people, sources and claims
==================  ===========================================================
"""

from . import base, currency, deaths, incidence, patients, sources, subtypes, survival, worked_example
from .base import (PALETTE, PERSON, ROLE, SECONDARY_HATCH, SOURCE_FONT_SIZE, STYLE, IconArray,
                   add_source_line, finish, icon_array, icon_colours, icon_grids, new_figure,
                   show_icon_grid, source_line_height, styled, relative_luminance,
                   contrast_ratio, TEXT, GRID, SECONDARY_WORDS, text_colour, label_colour,
                   mark_secondary, secondary_handle)

__all__ = ["base", "currency", "deaths", "incidence", "patients", "sources", "subtypes", "survival",
           "worked_example", "PALETTE", "PERSON", "ROLE", "SECONDARY_HATCH", "SOURCE_FONT_SIZE",
           "STYLE", "IconArray", "add_source_line", "finish", "icon_array", "icon_colours",
           "icon_grids", "new_figure", "show_icon_grid", "source_line_height", "styled",
           "relative_luminance", "contrast_ratio", "TEXT", "GRID", "SECONDARY_WORDS",
           "text_colour", "label_colour", "mark_secondary", "secondary_handle"]
