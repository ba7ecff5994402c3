"""Bad data gets a clear error naming file, line and column; nothing is dropped or coerced."""

import csv
import io
import json

import pytest

import allstats
from allstats import DataError


def rewrite(path, change):
    """Apply ``change(rows)`` to the CSV at ``path`` (rows[0] is the header, line 1)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(path, line, column, value):
    def change(rows):
        rows[line - 1][rows[0].index(column)] = value
    rewrite(path, change)


def assert_located(excinfo, file, line, column):
    err = excinfo.value
    message = str(err)
    assert isinstance(err, ValueError)
    assert file in message and err.file.endswith(file)
    if line is not None:
        assert f"line {line}" in message and err.line == line
    if column is not None:
        assert f"'{column}'" in message and err.column == column


def test_missing_file(data_copy):
    (data_copy / "survival_trend.csv").unlink()
    with pytest.raises(DataError) as excinfo:
        allstats.load("survival_trend", data_dir=data_copy)
    assert_located(excinfo, "survival_trend.csv", None, None)
    assert "missing" in str(excinfo.value)
    with pytest.raises(DataError):
        allstats.validate(data_copy)


def test_missing_column(data_copy):
    rewrite(data_copy / "acs_estimates.csv", lambda rows: [r.pop(rows[0].index("count"))
                                                           for r in rows[::-1]])
    with pytest.raises(DataError) as excinfo:
        allstats.load("acs_estimates", data_dir=data_copy)
    assert_located(excinfo, "acs_estimates.csv", 1, "count")


def test_unexpected_column(data_copy):
    rewrite(data_copy / "prevalence.csv", lambda rows: [r.append("x") for r in rows])
    with pytest.raises(DataError) as excinfo:
        allstats.validate(data_copy)
    assert_located(excinfo, "prevalence.csv", 1, "x")


@pytest.mark.parametrize("bad", ["6,540", "about 6540", "6540.5", ""])
def test_unparsable_or_missing_count(data_copy, bad):
    set_cell(data_copy / "acs_estimates.csv", 4, "count", bad)
    with pytest.raises(DataError) as excinfo:
        allstats.load("acs_estimates", data_dir=data_copy)
    assert_located(excinfo, "acs_estimates.csv", 4, "count")


@pytest.mark.parametrize("bad", ["43%", "forty", "nan"])
def test_unparsable_number(data_copy, bad):
    set_cell(data_copy / "survival_by_age.csv", 3, "percent", bad)
    with pytest.raises(DataError) as excinfo:
        allstats.load("survival_by_age", data_dir=data_copy)
    assert_located(excinfo, "survival_by_age.csv", 3, "percent")


@pytest.mark.parametrize("resource,column,bad", [
    ("survival_by_age", "percent", "143"),         # a percentage above 100
    ("acs_estimates", "count", "-5"),               # a negative count
    ("acs_estimates", "sex", "men"),                # not in the enum
    ("figures", "qualifier", "roughly"),            # not a known qualifier
    ("figures", "verification", "unverified"),
    ("us_life_tables_2019", "qx", "1.5"),           # a probability above 1
])
def test_value_outside_its_constraints(data_copy, resource, column, bad):
    set_cell(data_copy / f"{resource}.csv", 2, column, bad)
    with pytest.raises(DataError) as excinfo:
        allstats.load(resource, data_dir=data_copy)
    assert_located(excinfo, f"{resource}.csv", 2, column)


def test_duplicate_key(data_copy):
    rewrite(data_copy / "all_cancer_totals.csv", lambda rows: rows.append(list(rows[2])))
    lines = len((data_copy / "all_cancer_totals.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataError) as excinfo:
        allstats.load("all_cancer_totals", data_dir=data_copy)
    assert_located(excinfo, "all_cancer_totals.csv", lines, "year, measure")
    assert "line 3" in str(excinfo.value)      # where the first copy stands


def test_duplicate_figure_id(data_copy):
    path = data_copy / "figures.csv"
    first = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8").splitlines()[1])))[0]
    set_cell(path, 5, "id", first)
    with pytest.raises(DataError) as excinfo:
        allstats.load("figures", data_dir=data_copy)
    assert_located(excinfo, "figures.csv", 5, "id")


def test_unknown_source_id(data_copy):
    set_cell(data_copy / "pediatric_incidence.csv", 6, "source_id", "mmwr-2071")
    with pytest.raises(DataError) as excinfo:
        allstats.load("pediatric_incidence", data_dir=data_copy)
    assert_located(excinfo, "pediatric_incidence.csv", 6, "source_id")
    assert "mmwr-2071" in str(excinfo.value)


@pytest.mark.parametrize("column", ["quote", "source_id"])
def test_figure_without_quote_or_source(data_copy, column):
    set_cell(data_copy / "figures.csv", 7, column, "")
    with pytest.raises(DataError) as excinfo:
        allstats.load("figures", data_dir=data_copy)
    assert_located(excinfo, "figures.csv", 7, column)


def test_figure_without_quote_even_if_the_schema_forgets_to_require_it(data_copy):
    pkg = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        for f in res["schema"]["fields"]:
            if f["name"] == "quote":
                f.get("constraints", {}).pop("required", None)
    (data_copy / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    set_cell(data_copy / "survival_trend.csv", 2, "quote", "")
    with pytest.raises(DataError) as excinfo:
        allstats.load("survival_trend", data_dir=data_copy)
    assert_located(excinfo, "survival_trend.csv", 2, "quote")


def test_range_without_high(data_copy):
    path = data_copy / "figures.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    line = 1 + next(i for i, r in enumerate(rows) if i and r[rows[0].index("qualifier")] == "range")
    set_cell(path, line, "high", "")
    with pytest.raises(DataError) as excinfo:
        allstats.load("figures", data_dir=data_copy)
    assert_located(excinfo, "figures.csv", line, "high")


def test_line_numbers_count_from_the_header_across_quoted_newlines(data_copy):
    path = data_copy / "figures.csv"
    set_cell(path, 2, "quote", "A quote\nthat spans two lines in the file.")
    set_cell(path, 3, "unit", "furlongs")
    with pytest.raises(DataError) as excinfo:
        allstats.load("figures", data_dir=data_copy)
    # row 3 now starts on physical line 4, because row 2 takes two lines
    assert_located(excinfo, "figures.csv", 4, "unit")


def test_stray_csv_not_in_the_package(data_copy):
    (data_copy / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        allstats.validate(data_copy)
    assert "notes.csv" in str(excinfo.value)


def test_unknown_resource_and_missing_package(tmp_path):
    with pytest.raises(DataError, match="no resource named 'nope'"):
        allstats.load("nope")
    with pytest.raises(DataError, match="datapackage.json"):
        allstats.load("figures", data_dir=tmp_path)


def test_nothing_is_silently_changed(data_copy):
    """Loading a copy gives exactly the values written in the file."""
    original = allstats.load("acs_estimates")
    copy = allstats.load("acs_estimates", data_dir=data_copy)
    assert original.equals(copy)
    assert len(original) == len((data_copy / "acs_estimates.csv").read_text(
        encoding="utf-8").strip().splitlines()) - 1
