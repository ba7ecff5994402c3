"""allstats.tables: the one builder of the tables a reader sees, rule by rule."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import allstats
from allstats import provenance, tables, text


def rows_of(markup: str) -> list[list[str]]:
    """Every row's cells (th and td), their inner HTML."""
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", markup, flags=re.S)]


def test_words_numbers_and_empty_cells():
    frame = pd.DataFrame({"year": [2014.0, 2023.0], "count": [6020.0, 1958310],
                          "percent": [35.0, 47.3], "share": [0.3365, np.nan],
                          "secondary": [True, False], "low": [pd.NA, 2.5]})
    frame["low"] = frame["low"].astype("Float64")
    header, *body = rows_of(tables.reader_table(frame))
    assert header == ["year", "count", "percent", "share", "secondary", "low"]
    assert body == [["2014", "6,020", "35", "0.3365", "yes", ""],
                    ["2023", "1,958,310", "47.3", "", "no", "2.5"]]


def test_headers_in_words_and_the_order_given():
    frame = pd.DataFrame({"claim_id": ["a-b"], "computed_text": ["1 + 1 = 2"], "holds": [True]})
    header, body = rows_of(tables.reader_table(
        frame, {"holds": "holds", "computed_text": "computed from the data"}))
    assert header == ["holds", "computed from the data"] and body == ["yes", "1 + 1 = 2"]
    with pytest.raises(ValueError, match="'claim_id' has no header in words"):
        tables.reader_table(frame)
    with pytest.raises(ValueError, match="'per_100'"):
        tables.reader_table(frame, {"holds": "per_100"})
    with pytest.raises(KeyError, match="no column 'verdict'.*'claim_id'"):
        tables.reader_table(frame, {"verdict": "verdict"})
    with pytest.raises(KeyError, match="'quote'"):
        tables.reader_table(frame, {"holds": "holds"}, formats={"quote": 1})
    with pytest.raises(TypeError, match="DataFrame"):
        tables.reader_table([1, 2])


def test_an_index_is_shown_only_where_it_has_a_name():
    frame = pd.DataFrame({"count": [1, 2]}, index=pd.Index([2014, 2015], name="year"))
    assert rows_of(tables.reader_table(frame)) == [["year", "count"], ["2014", "1"], ["2015", "2"]]
    assert rows_of(tables.reader_table(frame.reset_index(drop=True))) == \
        [["count"], ["1"], ["2"]]
    same = pd.DataFrame({"id": ["x"], "value": [1]}).set_index("id", drop=False)
    assert rows_of(tables.reader_table(same)) == [["id", "value"], ["x", "1"]]
    assert rows_of(tables.reader_table(same, {"value": "value"})) == [["value"], ["1"]]


def test_formats_decimals_and_formatters():
    frame = pd.DataFrame({"per_100": [23.920266, 24.0], "cr": [0.42812, 0.9],
                          "percent": [43.0, 0.5]})
    _, *body = rows_of(tables.reader_table(
        frame, {"per_100": "per 100", "cr": "relative", "percent": "survival"},
        formats={"per_100": 1, "cr": text.fmt_fraction, "percent": text.fmt_percent}))
    assert body == [["23.9", "42.8%", "43%"], ["24.0", "90.0%", "0.5%"]]


def test_text_is_whole_escaped_and_on_one_line():
    quote = "A long sentence " * 20 + "<with> & “quotes”\nand a line break."
    markup = tables.reader_table(pd.DataFrame({"quote": [quote]}))
    (cell,) = rows_of(markup)[1]
    assert cell == " ".join(quote.split()).replace("&", "&amp;").replace("<", "&lt;") \
        .replace(">", "&gt;")
    assert "min-width" in markup and "…" not in markup
    html = tables.reader_table(pd.DataFrame({"side": ["<b>bold</b>"]}), html_columns=["side"])
    assert rows_of(html)[1] == ["<b>bold</b>"]


def test_numbers_right_text_left_and_a_displayable_table():
    table = tables.reader_table(pd.DataFrame({"who": ["adults"], "count": [6540]}),
                                caption="New cases")
    assert isinstance(table, str) and table._repr_html_() == str(table)
    assert repr(table) == "<table of 1 rows: who, count>"
    assert '<td style="text-align:left">adults</td>' in table
    assert '<td style="text-align:right">6,540</td>' in table
    assert '<th scope="col" style="text-align:left">who</th>' in table
    assert "<caption>New cases</caption>" in table
    assert table.startswith(f'<table class="{tables.TABLE_CLASS}">')


def test_folded_and_reference_tables():
    inner = tables.reader_table(pd.DataFrame({"n": [1]}))
    plain = tables.folded(inner, "Show <one> row")
    assert plain.startswith('<details class="allstats-folded"><summary>Show &lt;one&gt; row')
    assert tables.REFERENCE_CLASS not in plain and inner in plain
    marked = tables.folded(inner, "x", reference=True)
    assert f'class="allstats-folded {tables.REFERENCE_CLASS}"' in marked


def test_the_reference_tables_show_every_row_under_the_data_package_titles():
    for name in ("acs_estimates", "survival_trend"):
        frame = allstats.load(name)
        table = tables.reference(name)
        assert f"<summary>The {len(frame):,} rows of {name}.csv</summary>" in table
        header, *body = rows_of(table)
        assert len(body) == len(frame)
        assert "source id" in header and not any("_" in h for h in header)
    headers = tables.data_headers("survival_trend", ["period_start", "source_id", "stated as"])
    assert headers == {"period_start": "period start", "source_id": "source id",
                       "stated as": "stated as"}
    with pytest.raises(KeyError, match="no resource 'nope'"):
        tables.data_headers("nope", [])


def test_a_reference_split_by_topic_folds_each_topic():
    figures = allstats.load("figures")
    table = tables.reference("figures", by="topic")
    summaries = re.findall(r"<summary>([^<]*)</summary>", table)
    topics = list(dict.fromkeys(figures["topic"]))
    assert summaries == [f"{t.replace('_', ' ')} ({(figures.topic == t).sum():,} rows)"
                         for t in topics]
    assert sum(len(rows_of(part)) - 1 for part in table.split("</details>")[:-1]) == len(figures)
    with pytest.raises(KeyError, match="no column 'nope'"):
        tables.reference("figures", by="nope")


def test_the_side_by_side_comparison_is_one_of_these_tables():
    d = provenance.disagreements()["b-t-split"]
    markup = provenance.side_by_side_html(d)
    assert markup.startswith(f'<table class="{tables.TABLE_CLASS}">')
    for i in d.left + d.right:
        assert d.statements[i].row_id not in markup
