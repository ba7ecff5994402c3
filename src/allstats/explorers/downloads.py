"""Download what you see: each explorer's picture (PNG, SVG) and its numbers (CSV).

:class:`Downloads` is a row of three links (CSS class ``allstats-download``) under an explorer,
rebuilt when a control moves:

- **PNG**: the picture the page shows. The link carries no copy of it: the chart widget
  (:class:`allstats.explorers.page.ChartImage`) points it at the bytes it shows, so the page's
  widget state holds the picture once (a copy in the link was 42% of 03's widget state);
- **SVG**: the same figure drawn as vector graphics. Drawing an SVG costs tens of milliseconds,
  more than a redraw of the page, so it is made on the kernel's event loop once the controls
  have rested for :data:`SVG_DELAY_S` and no cell has run for :data:`IDLE_S` (it never delays
  the notebook's own cells, e.g. while a page opens); until then the link says it is being
  prepared. Where no event loop runs (plain Python, tests) :meth:`Downloads.flush` makes it at
  once;
- **CSV**: every number the readout shows, one per row, with how it was obtained and the
  source, location and quote of the row of ``data/`` it comes from.

File names say the chart and its state: ``survival-by-age_edition-2019_age-group-adults.png``.
The numbers of each explorer are written by one function registered with :func:`numbers_of`
under the explorer's name; it reads the explorer's ``values`` (what :func:`connect` stored) and
data fixed when the explorer was built.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import html
import io
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import ipywidgets as widgets
import pandas as pd

__all__ = ["SVG_DELAY_S", "CSV_COLUMNS", "FROM_CHART", "Number", "numbers_of", "numbers",
           "numbers_csv", "state_slug", "file_stem", "figure_svg", "Downloads", "static_links",
           "static_row", "chart_stem", "STALE_NOTE"]

#: how long the controls must rest before the SVG is drawn, in seconds
SVG_DELAY_S = 0.4
#: ... and how long the kernel must have run no cell: the SVG waits while a notebook executes
#: (a page opening, `Run All`), so that it never delays the notebook's own cells
IDLE_S = 1.0
_last_cell = [0.0]
_tracking = [False]


def _track_cells() -> None:
    """Note when the kernel last ran a cell (IPython's events), once per kernel."""
    if _tracking[0]:
        return
    try:
        from IPython import get_ipython
    except ImportError:              # pragma: no cover - IPython comes with ipywidgets
        return
    shell = get_ipython()
    if shell is None:
        return

    def note(*_args):
        _last_cell[0] = time.monotonic()
    shell.events.register("pre_run_cell", note)
    shell.events.register("post_run_cell", note)
    _tracking[0] = True
    note()
#: the columns of every CSV, in order
CSV_COLUMNS = ("quantity", "value", "shown as", "how", "source", "location", "quote")


@dataclass(frozen=True)
class Number:
    """One number an explorer shows, with where it comes from."""

    quantity: str
    value: float | int | str
    shown: str
    how: str = "from the data"
    source: str = ""
    location: str = ""
    quote: str = ""

    def row(self) -> dict:
        return dict(zip(CSV_COLUMNS, (self.quantity, self.value, self.shown, self.how,
                                      self.source, self.location, self.quote)))


_NUMBERS: dict[str, Callable] = {}


def numbers_of(name: str):
    """Register the function that lists the numbers the explorer ``name`` shows:
    ``fn(values, data_dir) -> list[Number]``."""
    def register(fn):
        if name in _NUMBERS:
            raise ValueError(f"two number functions for the {name!r} explorer")
        _NUMBERS[name] = fn
        return fn
    return register


def numbers(explorer, data_dir=None) -> list[Number]:
    """The numbers ``explorer`` shows now (its registered function applied to its values)."""
    if explorer.name not in _NUMBERS:
        raise KeyError(f"no numbers_of({explorer.name!r}) function: every explorer must say "
                       "which numbers it shows (allstats.explorers.downloads)")
    return _NUMBERS[explorer.name](explorer.values, data_dir)


def numbers_csv(rows: list[Number]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for number in rows:
        writer.writerow(number.row())
    return buffer.getvalue()


def _slug(text) -> str:
    if isinstance(text, float):
        text = f"{text:g}"
    return re.sub(r"[^a-z0-9.]+", "-", str(text).lower()).strip("-.") or "none"


def state_slug(explorer) -> str:
    """The controls' state for a file name: 'edition-2019_age-group-adults'."""
    return "_".join(f"{_slug(key.replace('_', '-'))}-{_slug(control.value)}"
                    for key, control in explorer.controls.items())


def file_stem(explorer) -> str:
    return f"{explorer.name}_{state_slug(explorer)}"


def figure_svg(explorer) -> bytes:
    """The explorer's figure as SVG, dynamic artists included, text kept as text."""
    from ..charts.alt import figure_svg as svg_of

    for artist in explorer.dynamic:
        artist.set_animated(False)
    try:
        return svg_of(explorer.figure)
    finally:
        for artist in explorer.dynamic:
            artist.set_animated(True)
        explorer.invalidate()        # savefig drew on its own canvas state: redraw the Agg one


def _data_url(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


#: the attribute of the PNG link that the chart widget fills with its own picture
FROM_CHART = "data-from-chart"


def _picture_link(filename: str, label: str) -> str:
    """The PNG link of a live explorer: no ``href`` until the chart widget in the browser sets
    it to the picture it shows (:data:`FROM_CHART`)."""
    return (f'<a class="allstats-download allstats-download-png" {FROM_CHART}="" '
            f'download="{html.escape(filename)}" title="Download {html.escape(filename)}">'
            f"{html.escape(label)}</a>")


def _link(kind: str, href: str | None, filename: str, label: str) -> str:
    cls = f"allstats-download allstats-download-{kind}"
    if href is None:
        return (f'<span class="{cls} allstats-download-pending" aria-disabled="true">'
                f"{html.escape(label)} (preparing…)</span>")
    return (f'<a class="{cls}" href="{href}" download="{html.escape(filename)}" '
            f'title="Download {html.escape(filename)}">{html.escape(label)}</a>')


class Downloads:
    """The links under one explorer, kept up to date with its controls."""

    def __init__(self, explorer, *, data_dir=None):
        self.explorer = explorer
        self.data_dir = data_dir
        self.widget = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.widget.add_class("allstats-downloads")
        self._svg: tuple[str, bytes] | None = None       # (file stem, svg) once drawn
        self._timer = None
        for control in explorer.controls.values():
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    # what the links hold now
    @property
    def stem(self) -> str:
        return file_stem(self.explorer)

    def png(self) -> bytes:
        return bytes(self.explorer.image.value)

    def csv(self) -> str:
        return numbers_csv(numbers(self.explorer, self.data_dir))

    def svg(self) -> bytes | None:
        """The SVG of the current state, or None while it is being prepared."""
        return self._svg[1] if self._svg and self._svg[0] == self.stem else None

    def flush(self) -> bytes:
        """Draw the SVG of the current state now (no waiting) and update the links."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.svg() is None:
            self._svg = (self.stem, figure_svg(self.explorer))
        self._render()
        return self._svg[1]

    def update(self) -> None:
        """PNG and CSV now; the SVG once the controls rest."""
        self._render()
        if self.svg() is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return                       # no event loop: flush() draws it when asked
        _track_cells()
        if self._timer is not None:
            self._timer.cancel()
        self._timer = loop.call_later(SVG_DELAY_S, self._draw_svg_later)

    def _draw_svg_later(self) -> None:
        busy = IDLE_S - (time.monotonic() - _last_cell[0])
        if busy > 0:                     # a cell ran a moment ago: wait until the kernel rests
            self._timer = asyncio.get_running_loop().call_later(busy, self._draw_svg_later)
            return
        self._timer = None
        self.flush()

    def _render(self) -> None:
        stem = self.stem
        svg = self.svg()
        links = [
            _picture_link(f"{stem}.png", "Picture (PNG)"),
            _link("svg", None if svg is None else _data_url("image/svg+xml", svg),
                  f"{stem}.svg", "Picture (SVG)"),
            _link("csv", _data_url("text/csv", self.csv().encode("utf-8")), f"{stem}.csv",
                  "Numbers with their sources (CSV)"),
        ]
        self.widget.value = (f'<div class="allstats-downloads-row" data-state="{html.escape(stem)}">'
                             "Download what you see: " + " · ".join(links) + "</div>")


# --- what each explorer shows ------------------------------------------------------------------

class _Tables:
    """The data package's tables, each read once when first needed and indexed the way the
    number functions look rows up (a change of a control must stay cheap)."""

    def __init__(self, data_dir):
        self.data_dir = data_dir

    def __getitem__(self, name):
        return _table(name, self.data_dir)


@lru_cache(maxsize=32)
def _table(name: str, data_dir):
    from ..data import load
    from ..text import source_label
    if name == "estimates":
        return {(int(r["year"]), r["measure"], r["sex"]): r
                for _, r in load("acs_estimates", data_dir).iterrows()}
    if name == "labels":
        return {sid: source_label(row)
                for sid, row in load("sources", data_dir).set_index("id").iterrows()}
    if name in ("figures", "survival_by_age"):
        return load(name, data_dir).set_index("id", drop=False)
    return load(name, data_dir)


def _tables(data_dir) -> _Tables:
    return _Tables(data_dir)


@lru_cache(maxsize=32)
def _once(fn, data_dir):
    """What ``fn(data_dir=data_dir)`` returns, computed once (the data do not change while an
    explorer is on the page)."""
    return fn(data_dir=data_dir)


def _cite(row, data_dir) -> dict:
    """source, location and quote of a row of data/ (a quote that is the source pack's
    summary says so)."""
    from ..text import quote_as_read
    return {"source": _tables(data_dir)["labels"][row["source_id"]],
            "location": str(row["location"]),
            "quote": quote_as_read(row["quote"], row["quote_kind"])}


def _figure(fid, data_dir):
    return _tables(data_dir)["figures"].loc[fid]


def _estimate(year, measure, sex, data_dir):
    try:
        return _tables(data_dir)["estimates"][(int(year), measure, sex)]
    except KeyError:
        raise IndexError(f"no {measure} estimate for {sex} in {year}") from None


def _computed(quantity, value, shown, how, *inputs) -> Number:
    """A number computed from others: its sources are those of its inputs."""
    return Number(quantity, value, shown, f"computed: {how}",
                  "; ".join(dict.fromkeys(n.source for n in inputs if n.source)))


@numbers_of("new-cases")
def _new_cases(v, data_dir):
    from ..text import fmt_count, fmt_percent
    year = v["year"]
    out = [Number("year", year, str(year), "set by the control")]
    labels = {"all": "new cases, both sexes", "male": "new cases, men and boys",
              "female": "new cases, women and girls"}
    for sex, label in labels.items():
        try:
            row = _estimate(year, "new_cases", sex, data_dir)
            out.append(Number(label, int(v[sex]), fmt_count(v[sex]), **_cite(row, data_dir)))
        except IndexError:
            out.append(Number(label, int(v[sex]), fmt_count(v[sex]),
                              "computed: from the other two (the year gives no such row)"))
    if v["share_percent"] is None:
        out += [Number("first year with a total of all cancers", v["totals_from"],
                       str(v["totals_from"]), "from the data"),
                Number("last year with a total of all cancers", v["totals_to"],
                       str(v["totals_to"]), "from the data")]
    else:
        totals = _tables(data_dir)["all_cancer_totals"]
        total_row = totals[(totals["year"] == year)
                           & (totals["measure"] == "new_cases")].iloc[0]
        cases = Number("new cases of ALL used for the share", v["all_cases"],
                       fmt_count(v["all_cases"]), **_cite(_estimate(year, "new_cases", "all",
                                                                    data_dir), data_dir))
        cancers = Number("new cases of all cancers", v["all_cancers"],
                         fmt_count(v["all_cancers"]), **_cite(total_row, data_dir))
        from .incidence import share_bounds_by_year
        bounds = _once(share_bounds_by_year, data_dir)
        bound = bounds.get(year, bounds[None])
        out += [cases, cancers,
                _computed("ALL's share of all new cancer cases (percent)", v["share_percent"],
                          fmt_percent(v["share_percent"], 3), "100 × ALL ÷ all cancers",
                          cases, cancers),
                Number("statement the share is checked against (percent)", bound["value"],
                       v["bound"], f"from the data ({bound['qualifier']})",
                       **_cite(bound, data_dir))]
    return out


def _sex_counts(v, measure, data_dir, labels):
    from ..text import fmt_count
    out = []
    for sex, label in labels.items():
        row = _estimate(v["year"], measure, sex, data_dir)
        out.append(Number(label, int(v[sex]), fmt_count(v[sex]), **_cite(row, data_dir)))
    return out


@numbers_of("deaths")
def _deaths(v, data_dir):
    from ..text import fmt_count, fmt_number
    out = [Number("year", v["year"], str(v["year"]), "set by the control")]
    out += _sex_counts(v, "deaths", data_dir, {"all": "deaths, both sexes",
                                               "male": "deaths, men and boys",
                                               "female": "deaths, women and girls"})
    cases = Number("new cases, both sexes", v["new_cases"], fmt_count(v["new_cases"]),
                   **_cite(_estimate(v["year"], "new_cases", "all", data_dir), data_dir))
    out += [cases, _computed("deaths for every 100 new cases", v["per_100"],
                             fmt_number(v["per_100"], 1), "deaths ÷ new cases × 100",
                             out[1], cases)]
    return out


@numbers_of("adult-deaths")
def _adult_deaths(v, data_dir):
    from .. import catalogue as ids
    from ..arithmetic import count_from_percent
    from ..series import whole_people
    from ..statements import share_allowed
    from ..text import fmt_count, fmt_percent
    statement = _figure(ids.ADULTS_SHARE_OF_DEATHS, data_dir)
    span = share_allowed(statement)
    share = Number("adults' share of deaths (percent)", v["share"], fmt_percent(v["share"]),
                   "set by the control, within what the statement allows")
    stated = Number("the guide's statement (percent)", statement["value"],
                    f"{statement['qualifier']} {fmt_percent(statement['value'])}",
                    "from the data", **_cite(statement, data_dir))
    deaths = Number(f"deaths estimated for {v['year']}", v["deaths"], fmt_count(v["deaths"]),
                    **_cite(_estimate(v["year"], "deaths", "all", data_dir), data_dir))
    out = [share, stated, deaths,
           _computed("adults", v["adults"], fmt_count(v["adults"]), "share × deaths, whole "
                     "people", stated, deaths),
           _computed("children and teens", v["children"], fmt_count(v["children"]),
                     "deaths − adults", deaths)]
    for end, pct in (("lowest", span.low), ("highest", span.high)):
        out.append(Number(f"{end} share the statement allows (percent)", pct,
                          fmt_percent(pct), "computed: what the qualifier allows",
                          out[1].source))
        count = whole_people(count_from_percent(pct, v["deaths"]))
        out.append(_computed(f"adults at the {end} share", count, fmt_count(count),
                             "share × deaths, whole people", stated, deaths))
    return out


@numbers_of("adults-share")
def _adults_share(v, data_dir):
    from ..text import fmt_count, fmt_percent
    row = _figure(v["statement"], data_dir)
    stated = Number("the source's statement (percent)", v["percent"],
                    fmt_percent(round(v["percent"], 1)), f"from the data: “{v['stated']}”",
                    **_cite(row, data_dir))
    out = [stated, Number("people diagnosed (icons)", v["size"], fmt_count(v["size"]),
                          "set by the control"),
           _computed(v["group"], v["adults"], fmt_count(v["adults"]),
                     "share × people, whole people", stated),
           _computed(v["other"], v["children"], fmt_count(v["children"]),
                     "people − the first group", stated)]
    if v["low"] != v["high"]:
        for end, pct, count in (("lowest", v["low_percent"], v["low"]),
                                ("highest", v["high_percent"], v["high"])):
            out += [Number(f"{end} share the rounding allows (percent)", pct,
                           fmt_percent(round(pct, 1)), "computed: what the qualifier allows",
                           stated.source),
                    _computed(f"{v['group']} at the {end} share", count, fmt_count(count),
                              "share × people, whole people", stated)]
    return out


@numbers_of("natural-frequency")
def _natural_frequency(v, data_dir):
    from ..text import fmt_count
    tables = _tables(data_dir)
    for name in ("figures", "survival_by_age"):
        frame = tables[name]
        if v["statistic"] in frame.index:
            row = frame.loc[v["statistic"]]
            break
    stated = Number("the source's statement", v["stated"], v["stated"], "from the data",
                    **_cite(row, data_dir))
    out = [stated, Number("out of how many people", v["denominator"],
                          fmt_count(v["denominator"]), "set by the control"),
           _computed("people the statement counts", v["counted"], v["phrase"],
                     "share × people, whole people (halves up)", stated)]
    if v["in_range"]:
        out.append(_computed("further people the range may count", v["in_range"],
                             fmt_count(v["in_range"]), "the range's two ends as people",
                             stated))
    return out


@numbers_of("survival-by-age")
def _survival_by_age(v, data_dir):
    from ..survival import edition_comparison
    from ..text import fmt_percent
    comparison = _once(edition_comparison, data_dir)
    row_id = comparison.loc[v["edition_year"], f"{v['group']}_id"]
    row = _tables(data_dir)["survival_by_age"].loc[row_id]
    rate = Number(f"{row['group']}, {v['edition_year']} edition (percent)", v["percent"],
                  fmt_percent(v["percent"]), "from the data", **_cite(row, data_dir))
    out = [Number("edition", v["edition_year"], str(v["edition_year"]), "set by the control"),
           rate,
           Number("icons", v["out_of"], str(v["out_of"]), "the size of the picture"),
           _computed("icons coloured", v["alive"], str(v["alive"]),
                     "the rate as people out of the icons, whole people", rate)]
    if "relative" not in str(row["quote"]):
        # the readout says which edition calls the same page's rate relative
        says = [y for y, r in comparison.iterrows() if "relative" in str(r["quote_adults"])]
        if says:
            year = int(says[-1])
            said = _tables(data_dir)["survival_by_age"].loc[comparison.loc[year, "adults_id"]]
            out.append(Number("edition that calls the rate relative", year, str(year),
                              "from the data", **_cite(said, data_dir)))
    return out


def _in_people_source(data_dir=None) -> str:
    from ..survival_in_people import in_people_rows
    from ..text import source_line
    return source_line(in_people_rows(age_mix=False, data_dir=data_dir), data_dir)


@numbers_of("relative-in-people")
def _relative_in_people(v, data_dir):
    from ..catalogue import SURVIVAL_HORIZON
    from ..survival import guide_figure, horizon_years
    from ..text import fmt_count, fmt_number, fmt_percent
    guide = guide_figure(v["group"], data_dir)
    inputs = _once(_in_people_source, data_dir)
    relative = Number(f"relative survival, people {v['group_words']} (percent)",
                      round(100 * v["relative_survival"], 1),
                      fmt_percent(round(100 * v["relative_survival"], 1)),
                      "from the data: the guide's figure for the age's group",
                      **_cite(guide, data_dir))
    expected = Number("expected survival without ALL (percent)",
                      round(100 * v["expected_survival"], 1),
                      fmt_percent(round(100 * v["expected_survival"], 1)),
                      "computed: US life tables 2019 at this age, sexes mixed as the guide "
                      "year's new cases", inputs)
    share = round(100 * v["observed_alive"] / v["cohort"], 1)
    return [Number("people diagnosed", v["cohort"], fmt_count(v["cohort"]),
                   "the worked example's group size"),
            Number("age at diagnosis", v["age"], str(v["age"]), "set by the control"),
            Number("years after diagnosis", horizon_years(data_dir),
                   fmt_number(horizon_years(data_dir)), "from the data: the guide's horizon",
                   **_cite(_figure(SURVIVAL_HORIZON, data_dir), data_dir)),
            expected, relative,
            _computed("alive without ALL (expected)", v["expected_alive"],
                      fmt_count(v["expected_alive"]), "people × expected survival", expected),
            _computed("alive with ALL (observed)", v["observed_alive"],
                      fmt_count(v["observed_alive"]), "expected alive × relative survival",
                      expected, relative),
            _computed("alive with ALL, share of the people (percent)", share,
                      fmt_percent(share), "observed alive ÷ people", expected, relative),
            _computed("extra deaths attributed to ALL", v["excess_deaths"],
                      fmt_count(v["excess_deaths"]), "expected alive − observed alive",
                      expected, relative),
            _computed("deaths that would have happened anyway", v["expected_deaths"],
                      fmt_count(v["expected_deaths"]), "people − expected alive", expected)]


@numbers_of("subtype-share")
def _subtype_share(v, data_dir):
    row = _figure(v["id"], data_dir)
    stated = Number("the source's statement", v["stated"], v["stated"], "from the data",
                    **_cite(row, data_dir))
    if not v["band"]:       # drawn at the stated value ("about 85%"): no range in the picture
        return [stated,
                _computed("dark icons (the figure as the source states it)", v["solid"],
                          str(v["solid"]), "the stated share × 100, whole people", stated),
                _computed("grey icons", v["rest"], str(v["rest"]), "100 − the others", stated)]
    return [stated,
            Number("lowest share the statement allows (percent)", v["low"],
                   "in the chart: the solid icons' end", "computed: what the qualifier allows",
                   stated.source),
            Number("highest share the statement allows (percent)", v["high"],
                   "in the chart: the light icons' end", "computed: what the qualifier allows",
                   stated.source),
            _computed("solid icons (the low end)", v["solid"], str(v["solid"]),
                      "low end × 100, whole people", stated),
            _computed("light icons (the rest of the range)", v["band"], str(v["band"]),
                      "high end − low end, as people", stated),
            _computed("grey icons", v["rest"], str(v["rest"]), "100 − the others", stated)]


def _worked_example_rows(data_dir):
    from .. import catalogue as ids
    return {key: _figure(fid, data_dir) for key, fid in ids.WORKED_EXAMPLE.items()}


@numbers_of("worked-example")
def _worked_example(v, data_dir):
    from ..text import fmt_count, fmt_percent
    ex = v["example"]
    rows = _worked_example_rows(data_dir)

    def control(quantity, value, shown, key, guide_value):
        row = rows.get(key)
        if row is not None and abs(float(row["value"]) - guide_value) < 1e-9:
            return Number(quantity, value, shown, "the guide's value (set by the control)",
                          **_cite(row, data_dir))
        return Number(quantity, value, shown, "set by the control")

    out = [control("people with the cancer", ex.cohort_size, fmt_count(ex.cohort_size),
                   "cohort", float(ex.cohort_size)),
           control("expected survival (percent)", round(ex.expected_survival * 100, 1),
                   fmt_percent(round(ex.expected_survival * 100, 1)), "expected_survival",
                   ex.expected_survival * 100),
           control("relative survival (percent)", round(ex.relative_survival * 100, 1),
                   fmt_percent(round(ex.relative_survival * 100, 1)), "relative_survival",
                   ex.relative_survival * 100)]
    out += [_computed("expected alive without the cancer", v["expected_alive"],
                      fmt_count(v["expected_alive"]), "people × expected survival", *out),
            _computed("observed alive with the cancer", v["observed_alive"],
                      fmt_count(v["observed_alive"]), "expected alive × relative survival",
                      *out)]
    return out


@numbers_of("inverse")
def _inverse(v, data_dir):
    from ..text import fmt_count, fmt_percent
    expected = Number("expected alive without the cancer", v["expected_alive"],
                      fmt_count(v["expected_alive"]), "set by the control")
    observed = Number("observed alive with the cancer", v["observed_alive"],
                      fmt_count(v["observed_alive"]), "set by the control")
    pct = round(v["relative_survival"] * 100, 1)
    return [expected, observed,
            _computed("relative survival (percent)", pct, fmt_percent(pct),
                      "observed alive ÷ expected alive", expected, observed)]


@numbers_of("simulated-cohort")
def _simulated_cohort(v, data_dir):
    from ..explorers.patients import SIMULATED_COHORT_SIZE, simulated_cohort_source
    from ..simulate import SIMULATED_LABEL
    from ..text import fmt_fraction, fmt_number
    from ..catalogue import SURVIVAL_HORIZON
    source = f"{SIMULATED_LABEL}; {_once(simulated_cohort_source, data_dir)}"
    how = f"computed from the {SIMULATED_LABEL.split(',')[0].lower()} patients"
    out = [Number("simulated patients", SIMULATED_COHORT_SIZE,
                  fmt_number(SIMULATED_COHORT_SIZE), "the simulation's size"),
           Number("youngest age of the group", v["age"], str(v["age"]), "set by the control"),
           Number("oldest age of the group", v["age_high"], str(v["age_high"]),
                  "the age group is five years wide"),
           Number("excess hazard per year", v["excess_hazard"], f"{v['excess_hazard']:.2f}",
                  "set by the control"),
           Number("years after diagnosis", v["horizon"], fmt_number(v["horizon"]),
                  "the published horizon", **_cite(_figure(SURVIVAL_HORIZON, data_dir),
                                                   data_dir))]
    for key, quantity, detail in (
            ("observed", "observed survival (percent)", "Kaplan–Meier"),
            ("expected", "expected survival without the cancer (percent)",
             "US life tables 2019"),
            ("died_anyway", "would have died anyway (percent)", "100 − expected"),
            ("relative", "relative survival (percent)", "observed ÷ expected")):
        out.append(Number(quantity, round(v[key] * 100, 1), fmt_fraction(v[key]),
                          f"{how}: {detail}", source))
    return out


@numbers_of("crude-probabilities")
def _crude_probabilities(v, data_dir):
    from ..currency import registry_source
    from ..text import fmt_count, fmt_number
    source = _once(registry_source, data_dir)           # it says SIMULATED
    how = "computed from the simulated registry"
    span = f"{v['first_year']}–{v['last_year']}"
    out = [Number("simulated adults in the picture", v["people"], fmt_count(v["people"]),
                  "the icon array's size"),
           Number("youngest age of the band", v["age"], str(v["age"]), "set by the control"),
           Number("oldest age of the band", v["age_high"], str(v["age_high"]),
                  "the age band is five years wide"),
           Number("years since diagnosis", v["years"], fmt_number(v["years"]),
                  "set by the control"),
           Number("first year of diagnosis", v["first_year"], str(v["first_year"]),
                  f"the simulated registry's diagnoses, {span}", source),
           Number("last year of diagnosis", v["last_year"], str(v["last_year"]),
                  f"the simulated registry's diagnoses, {span}", source),
           Number("simulated patients of that age", v["patients"], fmt_count(v["patients"]),
                  "computed: patients of the simulated registry in the age band", source)]
    for key, quantity, what, share in (
            ("died_all", "died of ALL (of 100)", "crude probability of death from ALL (cmp.rel)",
             v["cancer"]),
            ("died_other", "died of other causes (of 100)",
             "crude probability of death from other causes (cmp.rel)", v["other"]),
            ("alive", "alive (of 100)", "1 − the two crude probabilities", v["alive_share"])):
        out.append(Number(quantity, v[key], fmt_count(v[key]),
                          f"{how}: {what}, {share:.4f}, as whole people adding up to 100",
                          source))
    return out


@numbers_of("disagreement")
def _disagreement(v, data_dir):
    from ..provenance import disagreements
    d = _once(disagreements, data_dir)[v["disagreement"]]
    out = []
    in_table = set(d.left) | set(d.right)
    for i, s in enumerate(d.statements):
        shown = s.stated if i in in_table else "in the chart: the dot or bar"
        out.append(Number(f"{s.label}: as stated", s.stated, shown, "from the data",
                          s.citation, "", s.quote_as_read))
        out.append(Number(f"{s.label}: lowest the wording allows", s.low,
                          "in the chart: the bar's left end",
                          "computed: what the qualifier allows", s.citation))
        out.append(Number(f"{s.label}: highest the wording allows", s.high,
                          "in the chart: the bar's right end",
                          "computed: what the qualifier allows", s.citation))
    return out


def frame(explorer, data_dir=None) -> pd.DataFrame:
    """The numbers as a table (what the CSV holds)."""
    return pd.DataFrame([n.row() for n in numbers(explorer, data_dir)], columns=CSV_COLUMNS)


def static_links(name: str, stored_png: bytes, data_dir=None) -> str:
    """The download row of an explorer on a page without a kernel (the handout).

    The explorer is built anew by its name; if its first picture equals the picture stored in
    the notebook (``stored_png``), its SVG and numbers are those of the stored state and all
    three links are offered; otherwise only the stored PNG is (with a note saying why).
    """
    import numpy as np
    from PIL import Image

    from . import by_name

    factories = by_name()
    explorer = factories[name]() if name in factories else None

    def pixels(png):
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))

    same = explorer is not None and pixels(explorer.png()).shape == pixels(stored_png).shape \
        and np.array_equal(pixels(explorer.png()), pixels(stored_png))
    stem = file_stem(explorer) if explorer is not None else name
    if not same:
        return static_row(stem, stored_png)
    return static_row(stem, stored_png, figure_svg(explorer),
                      numbers_csv(numbers(explorer, data_dir)))


#: said where a page without a kernel offers only the stored PNG
STALE_NOTE = ("(the notebook's stored picture differs from a fresh one: run `make notebooks`; "
              "only the PNG is offered)")


def static_row(stem: str, png: bytes, svg: bytes | None = None, csv_text: str | None = None,
               *, csv_label: str = "Numbers with their sources (CSV)",
               note: str = STALE_NOTE) -> str:
    """The download row of a picture on a page without a kernel (the handout): the PNG shown,
    and its SVG and CSV when they were drawn from the same figure; without them, the PNG alone
    and ``note`` saying why (by default :data:`STALE_NOTE`)."""
    links = [_link("png", _data_url("image/png", png), f"{stem}.png", "Picture (PNG)")]
    complete = svg is not None and csv_text is not None
    if complete:
        links += [_link("svg", _data_url("image/svg+xml", svg), f"{stem}.svg", "Picture (SVG)"),
                  _link("csv", _data_url("text/csv", csv_text.encode("utf-8")), f"{stem}.csv",
                        csv_label)]
    note = "" if complete else " " + note
    return (f'<div class="allstats-downloads-row" data-state="{html.escape(stem)}">'
            "Download what you see: " + " · ".join(links) + html.escape(note) + "</div>")


def chart_stem(notebook: str, title: str, max_length: int = 60) -> str:
    """A static chart's file name (without suffix): the notebook and its title, cut at a word.

    >>> chart_stem("01_new_cases", "An estimated 6,540 people: 3,660 men and 2,880 women", 30)
    '01_new_cases_an-estimated-6-540-people'
    """
    words = title.split()
    kept = words[:1]
    for word in words[1:]:
        if len(_slug(" ".join([*kept, word]))) > max_length:
            break
        kept.append(word)
    return f"{notebook}_{_slug(' '.join(kept)) if kept else 'chart'}"
