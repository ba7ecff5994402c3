"""The Start-here and Sources-and-claims notebooks: their tables, charts and explorers, and the
promise that every figure in data/ is shown in at least one notebook.

Coverage rule (``test_every_figure_is_shown_in_a_notebook``): a row of a figure resource counts
as shown when one table row in the executed outputs of a committed notebook (an HTML table in
``text/html`` or a pipe table in ``text/markdown``) holds, each in a cell of its own, the row's
primary key, its main number(s) (``count``, ``percent``, ``rate_per_million``, ``value`` or, for
a range, ``low`` and ``high``) and its quote. Numbers match whatever their formatting (``6,020``,
``43.0``, ``43%``). The NCHS life tables (202 rows) are the one exception, as the notebook shows
a summary rather than every row: the rows of one sex count as shown when a table row holds that
sex, its NCHS table (location), the table's title (quote), the number of rows of that sex and its
youngest and oldest age, all equal to the data, and the same notebook draws a chart (the
``qx`` of every row by age, in 08). A row added to data/ therefore fails this test until a
notebook shows it and is re-executed.
"""

from __future__ import annotations

import html
from decimal import Decimal
import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import allstats
from allstats import charts, provenance, tables
from allstats.arithmetic import about_tolerance
from allstats.data import package
from allstats.explorers.sources import (NATURAL_FREQUENCY_CHOICES, NATURAL_FREQUENCY_DENOMINATORS,
                                        make_disagreement_explorer,
                                        make_natural_frequency_explorer,
                                        natural_frequency_choices, whole_denominators)
from allstats.claims import VERDICTS
from allstats.statements import describe
from allstats.text import source_label, source_line

from chart_checks import _drawn_texts
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
START_HERE = ROOT / "notebooks" / "00_start_here.ipynb"
SOURCES_NOTEBOOK = ROOT / "notebooks" / "08_sources_and_claims.ipynb"
MAIN_NUMBERS = ("count", "percent", "rate_per_million", "value", "low", "high")


# --- reading the executed notebooks -----------------------------------------------------------

class _TableRows(HTMLParser):
    """Every ``<tr>`` of an HTML document as the list of its cells' texts (td and th)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_table_rows(text: str) -> list[list[str]]:
    parser = _TableRows()
    parser.feed(text)
    parser.close()
    return parser.rows


def markdown_table_rows(text: str) -> list[list[str]]:
    return [[" ".join(c.split()) for c in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.strip().startswith("|")]


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def notebook_outputs(path) -> list[dict]:
    """The data dicts of every output of every code cell of an executed notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [out.get("data", {}) for cell in nb["cells"] if cell["cell_type"] == "code"
            for out in cell.get("outputs", [])]


def shown_table_rows(outputs: list[dict]) -> list[list[str]]:
    rows = []
    for data in outputs:
        if "text/html" in data:
            rows += html_table_rows(_joined(data["text/html"]))
        if "text/markdown" in data:
            rows += markdown_table_rows(_joined(data["text/markdown"]))
    return rows


# --- matching rows of data/ against table rows ------------------------------------------------

def _number(text: str):
    try:
        return float(text.replace(",", "").removesuffix("%"))
    except ValueError:
        return None


def cell_matches(cell: str, value) -> bool:
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        number = _number(cell)
        return number is not None and math.isclose(number, float(value), rel_tol=1e-6,
                                                   abs_tol=1e-9)
    return cell == " ".join(str(value).split())


def row_is_shown(required: list, table_rows: list[list[str]]) -> bool:
    """Whether one table row holds every required value, each in a distinct cell."""
    for cells in table_rows:
        free = list(cells)
        for value in required:
            hit = next((i for i, c in enumerate(free) if cell_matches(c, value)), None)
            if hit is None:
                break
            free.pop(hit)
        else:
            return True
    return False


def required_cells(name: str, row: pd.Series) -> list:
    """The primary key, the main numbers present and the quote of one row."""
    key = next(r["schema"]["primaryKey"] for r in package()["resources"] if r["name"] == name)
    numbers = [c for c in MAIN_NUMBERS if c in row.index and not pd.isna(row[c])]
    values = [row[c] for c in dict.fromkeys([*key, *numbers])] + [row["quote"]]
    return [v.item() if hasattr(v, "item") else v for v in values]


def rows_not_shown(name: str, frame: pd.DataFrame, table_rows) -> list[str]:
    missing = []
    for _, row in frame.iterrows():
        required = required_cells(name, row)
        if not row_is_shown(required, table_rows):
            missing.append(f"{name}: {required[:-1]} “{row['quote'][:60]}”")
    return missing


def life_table_rows_not_shown(frame: pd.DataFrame, notebooks: dict) -> list[str]:
    missing = []
    for sex, rows in frame.groupby("sex"):
        required = [sex, rows["location"].iloc[0], rows["quote"].iloc[0], len(rows),
                    int(rows["age"].min()), int(rows["age"].max())]
        shown = any(row_is_shown(required, shown_table_rows(outputs))
                    and any("image/png" in data for data in outputs)
                    for outputs in notebooks.values())
        if not shown:
            missing += [f"{provenance.LIFE_TABLES}: {sex} age {age}" for age in rows["age"]]
    return missing


@pytest.fixture(scope="module")
def executed():
    return {path.name: notebook_outputs(path) for path in NOTEBOOKS}


def test_every_figure_is_shown_in_a_notebook(executed):
    table_rows = [row for outputs in executed.values() for row in shown_table_rows(outputs)]
    missing = []
    for name in provenance.figure_resources():
        frame = allstats.load(name)
        if name == provenance.LIFE_TABLES:
            missing += life_table_rows_not_shown(frame, executed)
        else:
            missing += rows_not_shown(name, frame, table_rows)
    assert not missing, (f"{len(missing)} rows of data/ are not shown in any executed notebook "
                         "(re-run `make notebooks`?):\n" + "\n".join(missing))


def test_the_coverage_rule_can_fail():
    """A table that lacks a row's number, or its quote, or a sex's summary, is reported."""
    frame = allstats.load("acs_estimates").head(2)

    def shown(frame):
        return html_table_rows(tables.reader_table(
            frame, tables.data_headers("acs_estimates", frame.columns)))

    full = shown(frame)
    assert rows_not_shown("acs_estimates", frame, full) == []
    assert len(rows_not_shown("acs_estimates", frame, full[:2])) == 1     # header + first row
    wrong_count = shown(frame.assign(count=frame["count"] + 1))
    assert len(rows_not_shown("acs_estimates", frame, wrong_count)) == 2
    no_quote = shown(frame.drop(columns="quote"))
    assert len(rows_not_shown("acs_estimates", frame, no_quote)) == 2
    life = allstats.load(provenance.LIFE_TABLES)
    columns = provenance.life_table_summary().columns
    summary = tables.reader_table(provenance.life_table_summary(),
                                  {c: c.replace("_", " ") for c in columns})
    with_chart = {"nb": [{"text/html": summary}, {"image/png": "..."}]}
    assert life_table_rows_not_shown(life, with_chart) == []
    assert len(life_table_rows_not_shown(life, {"nb": [{"text/html": summary}]})) == len(life)
    one_more = life[life.sex == "male"].iloc[:1].assign(age=101)
    assert len(life_table_rows_not_shown(pd.concat([life, one_more]), with_chart)) == \
        (life.sex == "male").sum() + 1


def test_markdown_pipe_tables_are_read():
    assert markdown_table_rows("| a | 6,020 |\n|---|---|\n| b |  43% |") == \
        [["a", "6,020"], ["---", "---"], ["b", "43%"]]
    assert cell_matches("43%", 43.0) and cell_matches("6,020", 6020)
    assert not cell_matches("6,021", 6020) and not cell_matches("about", 1)


# --- the start-here notebook ------------------------------------------------------------------

def _markdown(path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [_joined(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


FINAL_NAMES = ["00_start_here", "01_new_cases", "02_deaths", "03_relative_survival",
               "04_survival_by_age_and_time", "05_subtypes_genetics_treatment",
               "06_from_patients_to_relative_survival", "07_how_current_is_a_survival_figure",
               "08_sources_and_claims"]


def test_start_here_maps_every_notebook_and_says_once_that_it_advises_no_one():
    markdown = _markdown(START_HERE)
    text = "\n".join(markdown)
    for name in FINAL_NAMES:
        assert re.search(rf"\]\({name}\.ipynb\)", text), f"no link to {name}.ipynb"
    assert sum("advice" in cell.lower() for cell in markdown) == 1
    for words in ("make lab", "make present", "make html", "Presentation Mode",
                  "Simple Interface", "Binder", "arrow keys", "readout"):
        assert words in text, words



def shown_text(path) -> str:
    """What a reader of a notebook sees as text: its Markdown cells, and its outputs' Markdown,
    HTML (tags stripped) and plain text."""
    parts = _markdown(path)
    for data in notebook_outputs(path):
        if "text/markdown" in data:
            parts.append(_joined(data["text/markdown"]))
        elif "text/html" in data:
            parts.append(html.unescape(re.sub(r"<[^>]+>", " ", _joined(data["text/html"]))))
        elif "text/plain" in data:
            parts.append(_joined(data["text/plain"]))
    return "\n".join(parts)


def estimator_names() -> dict[str, str]:
    """The relative survival estimators of :mod:`allstats.netsurv` as a reader reads them
    ("ederer2" is Ederer II), each with a pattern that does not take Ederer II for Ederer I."""
    from allstats.netsurv.estimators import METHODS
    names = {}
    for method in METHODS:
        words = re.sub(r"(\d)$", lambda m: "-" + "I" * int(m[1]), method).split("-")
        names[" ".join(w if w.isupper() else w.capitalize() for w in words)] = method
    return names


def map_entries(markdown: str) -> dict[str, str]:
    """00's map: {notebook file: what its list item promises}."""
    return {m["file"]: m["text"] for m in re.finditer(
        r"^- \[[^\]]+\]\((?P<file>\d\d_\w+\.ipynb)\):(?P<text>.*?)(?=^- |^#|\Z)",
        markdown, flags=re.M | re.S)}


def test_estimator_names_follow_the_library():
    names = estimator_names()
    assert {"Ederer I", "Ederer II", "Pohar Perme", "Hakulinen"} <= set(names)
    assert not re.search(r"\bEderer I\b", "Ederer II")


def test_start_here_map_promises_only_estimators_the_notebooks_show():
    """00's map once promised Hakulinen in 06, which shows none: every estimator a map entry
    names must be named in what that notebook shows."""
    entries = map_entries("\n".join(_markdown(START_HERE)))
    assert set(FINAL_NAMES[1:]) <= {Path(f).stem for f in entries}, "the map lost an entry"
    promised = 0
    for file, promise in entries.items():
        shown = shown_text(ROOT / "notebooks" / file)
        for name in estimator_names():
            if re.search(rf"\b{name}\b", " ".join(promise.split())):
                promised += 1
                assert re.search(rf"\b{name}\b", shown), f"the map promises {name} in {file}"
    assert promised, "the map names no estimator: this test checks nothing"


#: words that speak of people alive after a diagnosis of ALL (prevalence)
PREVALENCE_WORDS = re.compile(r"prevalen|Table 13\.30|alive [^.]{0,80}ever (been )?diagnosed",
                              re.I)


def prose(path) -> list[str]:
    """The sentences a notebook says in words: its Markdown cells and its outputs' Markdown and
    HTML, tables left out (their cells are data, not sentences)."""
    parts = _markdown(path)
    for data in notebook_outputs(path):
        if "text/markdown" in data:
            parts.append(_joined(data["text/markdown"]))
        elif "text/html" in data:
            without_tables = re.sub(r"<table.*?</table>", " ", _joined(data["text/html"]), flags=re.S)
            parts.append(html.unescape(re.sub(r"<[^>]+>", " ", without_tables)))
    return [" ".join(s.split()) for part in parts for s in re.split(r"(?<=[.!?:])\s+|\n\s*\n", part)]


def test_prevalence_is_called_an_estimate_never_a_count():
    """SEER's Table 13.30 is "United States Cancer Prevalence Estimates": no notebook calls it a
    count (08 once said "SEER's count"), and the text that introduces a table of it says
    estimate."""
    rows = allstats.load("prevalence")
    shown_in = []
    for path in NOTEBOOKS:
        for sentence in prose(path):
            if PREVALENCE_WORDS.search(sentence):
                assert not re.search(r"\bcount(s|ed)?\b", sentence, re.I), (path.stem, sentence)
        nb = json.loads(path.read_text(encoding="utf-8"))
        introduction = ""
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                introduction = _joined(cell["source"])
                continue
            shown = " ".join(_joined(d.get("text/html", "")) + _joined(d.get("text/markdown", ""))
                             for d in (o.get("data", {}) for o in cell.get("outputs", [])))
            if rows["source_id"].iloc[0] in shown and all(
                    f"{n:,}" in shown for n in rows["count"]):
                shown_in.append(path.stem)
                assert re.search(r"\bestimate", introduction), (path.stem, introduction)
                assert not re.search(r"\bcount(s|ed)?\b", introduction, re.I), introduction
    assert shown_in, "no notebook shows the prevalence rows: this test checks nothing"

def test_start_here_counts_figures_per_publisher(executed):
    rows = shown_table_rows(executed[START_HERE.name])
    counts = provenance.figures_by_publisher()
    for row in counts.itertuples():
        assert row_is_shown([row.publisher, row.verified, row.secondary, row.total], rows), row


# --- provenance tables ------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in provenance.figure_resources()
                                  if n != provenance.LIFE_TABLES])
def test_provenance_table_joins_every_row_with_its_source(name):
    data = allstats.load(name)
    sources = allstats.load("sources").set_index("id")
    table = provenance.provenance_table(name)
    assert len(table) == len(data)
    assert list(table["quote"]) == list(data["quote"])
    assert list(table["verification"]) == list(data["verification"])
    assert list(table["qualifier"]) == list(data["qualifier"])
    assert list(table["source"]) == [sources.at[s, "title"] for s in data["source_id"]]
    assert list(table["publisher"]) == [sources.at[s, "publisher"] for s in data["source_id"]]
    assert list(table["edition"]) == [sources.at[s, "edition"] for s in data["source_id"]]
    assert list(table["stated as"]) == [describe(r) for _, r in data.iterrows()]


def test_provenance_table_refuses_the_sources_themselves():
    with pytest.raises(ValueError, match="sources"):
        provenance.provenance_table("sources")


def test_life_table_summary_describes_each_sex():
    life = allstats.load(provenance.LIFE_TABLES)
    summary = provenance.life_table_summary().set_index("sex")
    for sex, rows in life.groupby("sex"):
        line = summary.loc[sex]
        assert line["rows"] == len(rows)
        assert (line["youngest age"], line["oldest age"]) == (rows.age.min(), rows.age.max())
        assert line["life expectancy at birth"] == rows.loc[rows.age.idxmin(), "ex"]
        assert line["lowest qx"] == rows.qx.min()
        assert line["age of lowest qx"] == rows.loc[rows.qx.idxmin(), "age"]
        assert line["quote"] == rows.quote.iloc[0] and line["location"] == rows.location.iloc[0]


def test_figures_by_publisher_counts_every_figure_once():
    sources = allstats.load("sources").set_index("id")
    rows = pd.concat([allstats.load(n)[["source_id", "verification"]]
                      for n in provenance.figure_resources() if n != provenance.LIFE_TABLES])
    counts = provenance.figures_by_publisher().set_index("publisher")
    assert counts["total"].sum() == len(rows)
    expected = rows.assign(publisher=rows.source_id.map(sources.publisher)) \
        .groupby(["publisher", "verification"]).size()
    for (publisher, level), n in expected.items():
        assert counts.at[publisher, level] == n
    assert (counts["verified"] + counts["secondary"] == counts["total"]).all()
    assert list(counts["total"]) == sorted(counts["total"], reverse=True)
    with_life = provenance.figures_by_publisher(include_life_tables=True)
    assert with_life["total"].sum() == len(rows) + len(allstats.load(provenance.LIFE_TABLES))


# --- where sources disagree -------------------------------------------------------------------

@pytest.fixture(scope="module")
def found():
    return provenance.disagreements()


def _row_of(statement):
    """The data row behind a statement, looked up independently of the library."""
    figures = allstats.load("figures").set_index("id")
    survival = allstats.load("survival_by_age").set_index("id")
    if statement.row_id in figures.index:
        return figures.loc[statement.row_id]
    if statement.row_id in survival.index:
        return survival.loc[statement.row_id]
    year, measure, sex = statement.row_id.split(" ")
    estimates = allstats.load("acs_estimates")
    sex = "male" if sex == "male+female" else sex
    return estimates[(estimates.year == int(year)) & (estimates.measure == measure)
                     & (estimates.sex == sex)].iloc[0]


def _expected_interval(row):
    """What the row's wording allows, in percent (or people), recomputed here."""
    unit = row.get("unit", "percent" if "percent" in row.index else "people")
    scale = 100 / float(unit[len("out of "):].replace(",", "")) if unit.startswith("out of") else 1
    if row["qualifier"] == "range":
        return row["low"] * scale, row["high"] * scale
    value = row["value"] if "value" in row.index else row.get("percent", row.get("count"))
    value = float(value)
    return {"exact": (value, value),
            "about": (value - about_tolerance(value), value + about_tolerance(value)),
            "less than": (0, value), "up to": (0, value),
            # "a little less than half": just below it, within its rounding (45% to 50%)
            "a little less than": (value - about_tolerance(value), value)}[row["qualifier"]] \
        if scale == 1 else \
        {"about": ((value - about_tolerance(value)) * scale,
                   (value + about_tolerance(value)) * scale)}[row["qualifier"]]


def test_the_disagreements_the_issue_names(found):
    keys = set(found)
    assert {"b-t-split", "adult-remission", "adults-share-of-cases", "survival-editions"} <= keys
    estimates = allstats.load("acs_estimates")
    split_years = [year for year, rows in estimates.groupby("year")
                   if rows.loc[rows.sex == "all", "source_id"].iloc[0]
                   not in set(rows.loc[rows.sex != "all", "source_id"])]
    assert split_years and {f"sex-split-{y}" for y in split_years} <= keys


def test_every_statement_quotes_its_row_and_draws_its_wording(found):
    for d in found.values():
        assert d.left and d.right and not set(d.left) & set(d.right)
        for s in d.statements:
            row = _row_of(s)
            assert s.quote == row["quote"] and s.source_id == row["source_id"]
            assert s.verification == row["verification"]
            if not s.computed:
                assert (s.low, s.high) == pytest.approx(_expected_interval(row)), s.row_id


def test_computed_statements_say_how(found):
    seer = [s for s in found["adults-share-of-cases"].statements if s.computed]
    assert seer
    for s in seer:
        under_20 = float(allstats.load("figures").set_index("id").at[s.row_id, "value"])
        assert s.value == pytest.approx(100 - under_20) and s.low == s.high == s.value
        assert s.secondary
    for key in (k for k in found if k.startswith("sex-split-")):
        sums = [s for s in found[key].statements if s.computed]
        totals = [found[key].statements[i] for i in found[key].left]
        assert [s.value for s in sums] == [t.value for t in totals]


def test_the_guide_and_nccn_disagree_on_the_b_cell_share(found):
    d = found["b-t-split"]
    guide, nccn = d.statements[d.left[0]], d.statements[d.right[0]]
    figures = allstats.load("figures").set_index("id")
    assert guide.row_id == "b-cell-share" and nccn.row_id == "b-cell-share-adults-nccn"
    assert guide.low > nccn.high          # the intervals their words allow do not meet
    assert describe(figures.loc["b-cell-share"]) in d.finding


def test_side_by_side_holds_both_quotes(found):
    for d in found.values():
        page = provenance.side_by_side_html(d)
        for i in (*d.left, *d.right):
            assert html.escape(d.statements[i].quote) in page
        rows = html_table_rows(page)
        assert len(rows) == 2 and len(rows[0]) == 2 and len(rows[1]) == 2


# --- charts -----------------------------------------------------------------------------------

def _colour_counts(collection, colours):
    faces = collection.get_facecolors()
    return {k: int(np.all(np.isclose(faces, mcolors.to_rgba(c)), axis=1).sum())
            for k, c in colours.items()}


def test_natural_frequency_figure_colours_the_counted_people():
    chart = charts.sources.natural_frequency_figure(100, 20, 10, title="Twenty to thirty",
                                            source="Source: somewhere")
    assert _colour_counts(chart.arrays[100].collection, charts.sources.NATURAL_FREQUENCY_COLOURS) == \
        {"counted": 20, "range": 10, "rest": 70}
    assert [a.collection.axes.get_visible() for a in chart.arrays.values()] == [False, True, False]
    assert chart.title.get_text() == "Twenty to thirty"
    assert chart.source.get_text() == "Source: somewhere"
    icons = chart.show(1000, 430, 0, title="t", source="s")
    assert icons == {"counted": 430, "range": 0, "rest": 570}
    assert len(chart.arrays[1000].collection.get_offsets()) == 1000
    with pytest.raises(ValueError):
        chart.show(50, 1, 0, title="t", source="s")


def test_figures_by_publisher_figure_draws_the_counts():
    counts = provenance.figures_by_publisher()
    rows = provenance.figure_rows()
    chart = charts.sources.figures_by_publisher_figure(counts, source=source_line(rows))
    assert [b.get_width() for b in chart.verified] == list(counts["verified"])
    some = counts[counts["secondary"] > 0]          # a publisher with none has no bar
    assert [b.get_width() for b in chart.secondary] == list(some["secondary"])
    assert [b.get_x() for b in chart.secondary] == list(some["verified"])
    assert [b.get_y() + b.get_height() / 2 for b in chart.secondary] == list(some.index)
    assert all(b.get_hatch() == charts.SECONDARY_HATCH for b in chart.secondary)
    # whole names: none cut short with an ellipsis
    names = [t.get_text().replace("\n", " ") for t in chart.ax.get_yticklabels()]
    assert names == [p.split(" (")[0] for p in counts["publisher"]]
    assert [t.get_text() for t in chart.totals] == [f"{n:,}" for n in counts["total"]]
    title = chart.title.get_text().replace("\n", " ")
    assert f"{counts['total'].iloc[0]:,} of the {len(rows):,} figures" in title
    assert f"{(rows.verification == 'secondary').sum():,} come from secondary" in title
    assert chart.source.get_text().replace("\n", " ").startswith("Sources: ")



def test_figures_by_publisher_figure_shows_every_label_whole_and_inside_the_picture():
    """00's bar labels were cut off ("CA: A Cancer…", "Centers for Disease Control and
    Prevention,…"): every label the figure draws shows the publisher's whole name, with no
    ellipsis, and every text lies inside the figure once drawn (nothing clipped at an edge)."""
    counts = provenance.figures_by_publisher()
    chart = charts.sources.figures_by_publisher_figure(
        counts, source=source_line(provenance.figure_rows()))
    texts = _drawn_texts(chart.figure)
    labels = [t.get_text() for t in chart.ax.get_yticklabels()]
    assert set(labels) <= {t.get_text() for t in texts}, "a publisher's label is not drawn"
    for label, publisher in zip(labels, counts["publisher"]):
        assert "…" not in label and "..." not in label
        assert " ".join(label.split()) == publisher.split(" (")[0]
    renderer = chart.figure.canvas.get_renderer()
    frame = chart.figure.bbox
    outside = [(t.get_text().replace("\n", " ")[:60], tuple(round(v) for v in box.extents))
               for t in texts
               for box in [t.get_window_extent(renderer)]
               if box.x0 < frame.x0 - 0.5 or box.x1 > frame.x1 + 0.5
               or box.y0 < frame.y0 - 0.5 or box.y1 > frame.y1 + 0.5]
    assert not outside, f"texts cut at the figure's edge {tuple(round(v) for v in frame.extents)}: {outside}"

def test_qx_by_age_figure_draws_every_row():
    life = allstats.load(provenance.LIFE_TABLES)
    chart = charts.sources.qx_by_age_figure(life, source=source_line(life))
    for sex, rows in life.groupby("sex"):
        rows = rows.sort_values("age")
        x, y = chart.lines[sex].get_data()
        assert list(x) == list(rows["age"]) and list(y) == list(rows["qx"])
    male = life[life.sex == "male"].set_index("age")["qx"]
    female = life[life.sex == "female"].set_index("age")["qx"]
    title = chart.title.get_text().replace("\n", " ")
    assert f"males at {(male > female).sum()} of {len(male)} ages" in title
    assert chart.ax.get_yscale() == "log"
    sources = allstats.load("sources").set_index("id")
    assert source_label(sources.loc["nchs-us-life-tables-2019"]) in chart.source.get_text()


def test_claims_summary_figure_counts_each_verdict():
    claims = allstats.claims()
    chart = charts.sources.claims_summary_figure(claims, source=source_line(claims))
    topics = [t.get_text().replace(" ", "_") for t in chart.ax.get_yticklabels()]
    assert list(chart.bars) == list(VERDICTS)
    for verdict, bars in chart.bars.items():
        for topic, bar in zip(topics, bars):
            rows = claims[claims.topic == topic]
            assert bar.get_width() == (rows.verdict == verdict).sum(), (topic, verdict)
    assert set(topics) == set(claims.topic)
    # the headline sets the seeds' own statements apart from arithmetic checks
    seed = claims[claims.seed & claims.verdict.isin(VERDICTS[:2])]
    title = chart.title.get_text().replace("\n", " ")
    assert title.startswith(f"Of the seed documents' {len(seed)} statements that other data can "
                            f"test, {(seed.verdict == VERDICTS[0]).sum()} are consistent")
    assert f"{(claims.verdict == VERDICTS[2]).sum()} checks are arithmetic" in title


def _check_disagreement_artists(chart, d):
    used = len(d.statements)
    for i, s in enumerate(d.statements):
        row = _row_of(s)
        low, high = (s.low, s.high) if s.computed else _expected_interval(row)
        assert chart.bars[i].get_x() == pytest.approx(low)
        assert chart.bars[i].get_width() == pytest.approx(high - low)
        assert chart.bars[i].get_visible() and chart.labels[i].get_visible()
        assert chart.labels[i].get_text().startswith(s.label)
        assert bool(chart.bars[i].get_hatch()) == (row["verification"] == "secondary")
        shown = chart.values[i].get_text()
        assert shown == (describe(row) if not s.computed else shown)
        if s.computed:
            assert shown.endswith("(computed)")
        dot = chart.dots.get_offsets()[i]
        if s.value is None:
            assert np.isnan(dot[0])
        else:
            assert dot[0] == pytest.approx(s.value) and dot[1] == i
    for i in range(used, chart.slots):
        assert not chart.bars[i].get_visible() and not chart.labels[i].get_visible()
    assert chart.title.get_text().replace("\n", " ") == d.finding
    assert chart.ax.get_xlim() == pytest.approx((0, d.axis_max))


def test_disagreement_figure_draws_each_statement(found):
    for d in found.values():
        expected = source_line(pd.DataFrame({"source_id": d.source_ids}), max_sources=8)
        chart = charts.sources.disagreement_figure(d, source=expected)
        _check_disagreement_artists(chart, d)
        assert chart.source.get_text().replace("\n", " ") == expected.replace("\n", " ")
        colours = [mcolors.to_hex(c) for c in chart.dots.get_facecolors()]
        for i, s in enumerate(d.statements):
            side = ("secondary" if s.secondary else "left" if i in d.left
                    else "right" if i in d.right else "other")
            assert colours[i] == mcolors.to_hex(charts.sources.DISAGREEMENT_COLOURS[side])


# --- explorers --------------------------------------------------------------------------------

def _expected_reading(resource, row_id, denominator):
    """The row's number(s) as people out of ``denominator``, recomputed here: ``None`` when a
    number is not whole people at that denominator (then it must not be offered)."""
    row = allstats.load(resource).set_index("id").loc[row_id]
    unit = row["unit"] if resource == "figures" else "percent"
    scale = 100 / float(unit[len("out of "):].replace(",", "")) if unit.startswith("out of") else 1
    if row["qualifier"] == "range":
        low, high = row["low"] * scale, row["high"] * scale
    else:
        low = high = (row["value"] if resource == "figures" else row["percent"]) * scale
    people = [Decimal(str(p)) * denominator / 100 for p in (low, high)]
    if any(p % 1 for p in people):
        return row, None, None
    return row, int(people[0]), int(people[1] - people[0])


def test_natural_frequency_explorer_never_rounds_what_the_source_said():
    explorer = make_natural_frequency_explorer()
    statistic, people = explorer.controls["statistic"], explorer.controls["denominator"]
    keys = [value for _, value in statistic.options]
    resources = {row_id: resource for resource, row_id, _ in NATURAL_FREQUENCY_CHOICES}
    assert keys == list(resources)
    offered_somewhere = set()
    for key in keys:
        statistic.value = key
        offered = [v for _, v in people.options]
        offered_somewhere |= set(offered)
        for denominator in NATURAL_FREQUENCY_DENOMINATORS:
            row, counted, in_range = _expected_reading(resources[key], key, denominator)
            # a denominator is offered exactly when the statistic is whole people there
            assert (denominator in offered) == (counted is not None), (key, denominator)
            if counted is None:
                continue
            people.value = denominator
            array = explorer.artists["arrays"][denominator]
            assert array.collection.axes.get_visible()
            assert _colour_counts(array.collection, charts.sources.NATURAL_FREQUENCY_COLOURS) == \
                {"counted": counted, "range": in_range, "rest": denominator - counted - in_range}
            count = (f"{counted:,}" if not in_range else f"{counted:,} to {counted + in_range:,}")
            about = "about " if row["qualifier"] == "about" else ""
            assert explorer.values["phrase"] == f"{about}{count} out of {denominator:,}"
            sentence = explorer.values["sentence"]
            if resources[key] == "survival_by_age":
                # relative survival is read as what it compares, never as a share alive
                assert sentence.startswith(f"For every {denominator:,} people who would be "
                                           "alive") and f"{about}{count} people with ALL" in sentence
            else:
                assert sentence.lower().startswith(explorer.values["phrase"].lower())
            assert explorer.values["counted"] == counted
            assert explorer.values["in_range"] == in_range
            title = explorer.artists["title"].get_text().replace("\n", " ")
            assert title == sentence
            assert html.escape(row["quote"]) in explorer.readout.value
            assert f"<b>{html.escape(sentence)}</b>" in explorer.readout.value
            assert bytes(explorer.image.value).startswith(b"\x89PNG")
    assert offered_somewhere == set(NATURAL_FREQUENCY_DENOMINATORS)


def test_whole_denominators_follow_the_rule():
    assert whole_denominators(85, 85) == (100, 1000)        # never "about 9 out of 10"
    assert whole_denominators(75, 75) == (100, 1000)        # never "about 8 out of 10"
    assert whole_denominators(40, 40) == (10, 100, 1000)
    assert whole_denominators(75, 80) == (100, 1000)
    assert whole_denominators(0.5, 0.5) == (1000,)
    assert whole_denominators(0.25, 0.25) == ()


def test_natural_frequency_explorer_names_the_source_and_refuses_open_bounds():
    explorer = make_natural_frequency_explorer()
    sources = allstats.load("sources").set_index("id")
    figures = allstats.load("figures").set_index("id")
    explorer.controls["statistic"].value = "b-cell-share"
    assert source_label(sources.loc[figures.at["b-cell-share", "source_id"]]) in \
        explorer.artists["source"].get_text()
    with pytest.raises(ValueError, match="more than"):
        natural_frequency_choices((("figures", "cr-rate-children", "reach a remission"),))
    with pytest.raises(ValueError, match="denominator"):
        make_natural_frequency_explorer(denominator=7)


def test_disagreement_explorer_sweeps_every_choice(found):
    explorer = make_disagreement_explorer()
    choice = explorer.controls["disagreement"]
    chart = explorer.artists["chart"]
    keys = [value for _, value in choice.options]
    assert keys == list(found)
    for _ in range(2):                  # the second pass restores each choice's kept picture
        for key in keys:
            choice.value = key
            d = found[key]
            _check_disagreement_artists(chart, d)
            page = explorer.readout.value
            for i in (*d.left, *d.right):
                assert html.escape(d.statements[i].quote) in page
            assert html.escape(d.finding) in page
            assert explorer.values["disagreement"] == key
            assert explorer.values["intervals"] == [(s.low, s.high) for s in d.statements]
            label = "people" if d.unit == "people" else "percent"
            assert chart.ax.get_xlabel().startswith(label)


def test_disagreement_explorer_shows_what_a_fresh_drawing_shows(found):
    """After every choice has been seen once, a kept picture equals a full redraw."""
    explorer = make_disagreement_explorer()
    choice = explorer.controls["disagreement"]
    keys = [value for _, value in choice.options]
    for key in keys:
        choice.value = key
    for key in keys:
        choice.value = key
        kept = np.asarray(explorer.figure.canvas.buffer_rgba()).copy()
        fresh = make_disagreement_explorer()
        fresh.controls["disagreement"].value = key
        fresh.full_draw()
        assert np.array_equal(kept, np.asarray(fresh.figure.canvas.buffer_rgba())), key
        plt.close(fresh.figure)


def test_natural_frequency_explorer_shows_what_a_fresh_drawing_shows():
    """Each statistic's kept background (with its source line) gives the same picture as a full
    redraw, whatever the denominator it was kept at."""
    explorer = make_natural_frequency_explorer()
    statistic, people = explorer.controls["statistic"], explorer.controls["denominator"]
    keys = [value for _, value in statistic.options]
    for key in keys:
        statistic.value = key
    for denominator in NATURAL_FREQUENCY_DENOMINATORS:
        for key in keys[:3]:
            statistic.value = key
            if denominator not in [v for _, v in people.options]:
                continue
            people.value = denominator
            kept = np.asarray(explorer.figure.canvas.buffer_rgba()).copy()
            fresh = make_natural_frequency_explorer(denominator=denominator)
            fresh.controls["statistic"].value = key
            fresh.full_draw()
            assert np.array_equal(kept, np.asarray(fresh.figure.canvas.buffer_rgba())), \
                (key, denominator)
            plt.close(fresh.figure)



# --- empty bands: 00's 10-person chart and 08's disagreement explorer (issue 9) --------------------

#: the most of a picture's height that may be blank above or below what it draws. Measured on
#: the Agg canvas (every state of both explorers): 00's natural-frequency picture keeps 7.5% to
#: 11.6% blank at the top (room for a two-line title) and 1.1% at the bottom; 08's disagreement
#: picture 5.8% to 8.7% at the top and 1.2% at the bottom. The issue's empty bands were wider.
MAX_BLANK_EDGE = 0.12


def blank_edges(rgb: np.ndarray) -> tuple[float, float]:
    """The shares of the picture's height that are rows of the background colour only (the top
    left pixel's), at its top and at its bottom."""
    blank = np.all(rgb == rgb[0, 0], axis=(1, 2))
    if blank.all():
        return 1.0, 1.0
    return float(np.argmin(blank)) / len(blank), float(np.argmin(blank[::-1])) / len(blank)


def test_blank_edges_measures_empty_bands():
    picture = np.full((100, 10, 3), 255, dtype=np.uint8)
    picture[30:90] = 0
    assert blank_edges(picture) == (0.3, 0.1)
    stripes = np.zeros((10, 10, 3), dtype=np.uint8)
    stripes[:, 1::2] = 255                      # every row draws something
    assert blank_edges(stripes) == (0.0, 0.0)
    assert blank_edges(np.zeros((10, 10, 3), dtype=np.uint8)) == (1.0, 1.0)


def _explorer_pictures(explorer):
    """The page's picture (as RGB rows) in every state: every choice of every control, with the
    natural-frequency explorer's denominators taken for each statistic (they depend on it)."""
    from PIL import Image
    import io
    first, *rest = list(explorer.controls)
    for value in [v for _, v in explorer.controls[first].options]:
        explorer.controls[first].value = value
        for name in rest or [None]:
            for other in ([v for _, v in explorer.controls[name].options] if name else [None]):
                if name:
                    explorer.controls[name].value = other
                rgb = np.asarray(Image.open(io.BytesIO(explorer.png())).convert("RGB"))
                yield (value, other), rgb


@pytest.mark.parametrize("make", [make_natural_frequency_explorer, make_disagreement_explorer],
                         ids=["00-natural-frequency", "08-disagreement"])
def test_explorer_pictures_have_no_empty_band_above_or_below(make):
    """The issue saw empty bands above and below 00's 10-person chart and in the lower third of
    the disagreement explorer: in every state, no more than MAX_BLANK_EDGE of the picture's
    height is blank at its top or at its bottom."""
    wide = []
    for state, rgb in _explorer_pictures(make()):
        top, bottom = blank_edges(rgb)
        if max(top, bottom) > MAX_BLANK_EDGE:
            wide.append((state, round(top, 3), round(bottom, 3)))
    assert not wide, f"blank above or below the chart (state, top, bottom): {wide}"
