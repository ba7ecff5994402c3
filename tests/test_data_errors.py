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
    # values that would be coerced (issue 13)
    ("acs_estimates", "count", "99999999999999999999"),     # does not fit 64 bits
    ("acs_estimates", "count", "9" * 5000),                 # more digits than int() converts
    ("acs_estimates", "count", "٦٥٤٠"),                     # Arabic-Indic digits
    ("acs_estimates", "count", "６５４０"),                   # full-width digits
    ("survival_by_age", "percent", "1e999"),                # infinity, not a number
    ("survival_by_age", "percent", "-1e999"),
    ("survival_by_age", "percent", "٤٣"),
    ("survival_by_age", "percent", "４３.５"),
    ("survival_by_age", "percent", "43\n"),                 # a quoted newline after the digits
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


def test_a_resource_read_again_is_a_copy_and_follows_every_change_of_the_files(data_copy):
    """load() reads and checks a resource once per state of the files: a caller that changes
    its frame changes nothing for the next, and any edit of a file (even one of the same size
    made at once) is read and checked again."""
    first = allstats.load("figures", data_dir=data_copy)
    first.loc[first.index[0], "quote"] = "changed by a caller"
    again = allstats.load("figures", data_dir=data_copy)
    assert again.quote.iloc[0] != "changed by a caller"
    assert again.equals(allstats.load("figures"))
    quote = again.quote.iloc[0]
    same_size = ("X" if quote[0] != "X" else "Y") + quote[1:]
    set_cell(data_copy / "figures.csv", 2, "quote", same_size)
    assert allstats.load("figures", data_dir=data_copy).quote.iloc[0] == same_size
    set_cell(data_copy / "figures.csv", 2, "source_id", "no-such-source")
    with pytest.raises(DataError) as excinfo:
        allstats.load("figures", data_dir=data_copy)
    assert_located(excinfo, "figures.csv", 2, "source_id")
    # a change of another file the resource depends on (its sources) is seen too
    set_cell(data_copy / "figures.csv", 2, "source_id", again.source_id.iloc[0])
    assert allstats.load("figures", data_dir=data_copy).equals(
        allstats.load("figures", data_dir=data_copy))
    rewrite(data_copy / "sources.csv", lambda rows: rows.__delitem__(
        next(i for i, r in enumerate(rows) if r[0] == again.source_id.iloc[0])))
    with pytest.raises(DataError):
        allstats.load("figures", data_dir=data_copy)


# --- hostile packages (issue 13): refused with a DataError that says where -----------------------

def edit_package(data_dir, change):
    """Apply ``change(package)`` to the datapackage.json in ``data_dir``."""
    path = data_dir / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    change(pkg)
    path.write_text(json.dumps(pkg), encoding="utf-8")


def resource(pkg, name):
    return next(r for r in pkg["resources"] if r["name"] == name)


def assert_keyed(excinfo, key):
    """A problem of datapackage.json, located by its key."""
    err = excinfo.value
    assert err.file.endswith("datapackage.json") and err.key == key
    assert f"key {key}" in str(err)


@pytest.fixture
def secret(tmp_path):
    """A file outside the package folder whose contents must never reach a message."""
    path = tmp_path / "outside" / "secret.csv"
    path.parent.mkdir()
    path.write_text("TOP-SECRET-HEADER,x\n1,2\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("bad_path", ["{secret}", "../outside/secret.csv", "sub/../../outside/secret.csv",
                                      "file:///etc/passwd", "https://example.org/figures.csv",
                                      "C:\\data\\figures.csv", "/nonexistent/file.csv"])
def test_resource_paths_outside_the_folder_are_refused_before_opening(data_copy, secret, bad_path):
    bad_path = bad_path.format(secret=secret)
    edit_package(data_copy, lambda pkg: resource(pkg, "prevalence").__setitem__("path", bad_path))
    for call in (lambda: allstats.validate(data_copy),
                 lambda: allstats.load("prevalence", data_dir=data_copy),
                 lambda: allstats.load("figures", data_dir=data_copy)):
        with pytest.raises(DataError) as excinfo:
            call()
        assert excinfo.value.key.endswith(".path") and "inside the package folder" in str(excinfo.value)
        assert "TOP-SECRET" not in str(excinfo.value) and "missing" not in str(excinfo.value)


def test_a_symbolic_link_leading_outside_is_refused_and_tells_nothing_of_the_target(data_copy, secret):
    (data_copy / "prevalence.csv").unlink()
    (data_copy / "prevalence.csv").symlink_to(secret)
    with pytest.raises(DataError) as leak:
        allstats.load("prevalence", data_dir=data_copy)
    assert "TOP-SECRET" not in str(leak.value) and "outside the package folder" in str(leak.value)
    # a link to a file that does not exist gets the same message: nothing tells whether it exists
    (data_copy / "prevalence.csv").unlink()
    (data_copy / "prevalence.csv").symlink_to(secret.parent / "nothing-here.csv")
    with pytest.raises(DataError) as dangling:
        allstats.load("prevalence", data_dir=data_copy)
    assert str(dangling.value) == str(leak.value)
    with pytest.raises(DataError, match="outside the package folder"):
        allstats.validate(data_copy)


def test_a_symbolic_link_inside_the_folder_is_read(data_copy):
    (data_copy / "prevalence.csv").rename(data_copy / "prevalence-2014.csv")
    (data_copy / "prevalence.csv").symlink_to(data_copy / "prevalence-2014.csv")
    assert allstats.load("prevalence", data_dir=data_copy).equals(allstats.load("prevalence"))


def test_a_figure_resource_named_sources_does_not_escape_the_provenance_checks(data_copy):
    def swap(pkg):
        resource(pkg, "sources")["name"] = "source-list"
        resource(pkg, "figures")["name"] = "sources"
    edit_package(data_copy, swap)
    set_cell(data_copy / "figures.csv", 7, "quote", "")          # a figure without its quote
    with pytest.raises(DataError, match="must have exactly the columns") as excinfo:
        allstats.load("sources", data_dir=data_copy)
    assert excinfo.value.key.endswith(".schema.fields")


def test_a_resource_name_given_twice_is_refused(data_copy):
    edit_package(data_copy, lambda pkg: resource(pkg, "prevalence").__setitem__("name", "figures"))
    with pytest.raises(DataError, match="used twice") as excinfo:
        allstats.load("figures", data_dir=data_copy)
    assert excinfo.value.key.endswith(".name")


@pytest.mark.parametrize("raw,message", [
    (b"\xff\xfe", "not UTF-8"),                                # stray bytes in one cell
    (b"caf\xe9", "byte 0xe9 is not UTF-8"),                    # Latin-1
    (b"\x00\x01\x02", "NUL byte"),                             # binary garbage
])
def test_bytes_that_are_not_utf8_in_a_cell_are_located(data_copy, raw, message):
    path = data_copy / "figures.csv"
    lines = path.read_bytes().split(b"\n")
    fields = lines[4].split(b",")
    fields[2] = raw                                            # column 'subject' of line 5
    lines[4] = b",".join(fields)
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(DataError, match=message) as excinfo:
        allstats.load("figures", data_dir=data_copy)
    assert_located(excinfo, "figures.csv", 5, "subject")


@pytest.mark.parametrize("encoding,message", [("utf-16", "UTF-16 byte-order mark"),
                                              ("utf-16-le", "NUL byte"),
                                              ("utf-8-sig", "UTF-8 byte-order mark")])
def test_a_csv_in_another_encoding_is_refused(data_copy, encoding, message):
    path = data_copy / "survival_trend.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    with pytest.raises(DataError, match=message) as excinfo:
        allstats.load("survival_trend", data_dir=data_copy)
    assert_located(excinfo, "survival_trend.csv", 1, None)


@pytest.mark.parametrize("encoding,raw,line,message", [
    ("utf-16", None, 1, "UTF-16 byte-order mark"),
    (None, b'{\n  "resources": "\xff"}', 2, "byte 0xff"),
])
def test_a_package_file_that_is_not_utf8_is_refused(data_copy, encoding, raw, line, message):
    path = data_copy / "datapackage.json"
    path.write_bytes(raw if raw is not None else path.read_text(encoding="utf-8").encode(encoding))
    with pytest.raises(DataError, match=message) as excinfo:
        allstats.validate(data_copy)
    assert excinfo.value.file.endswith("datapackage.json") and excinfo.value.line == line


def test_infinity_never_reaches_the_claims(data_copy):
    path = data_copy / "figures.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    line = 1 + next(i for i, r in enumerate(rows) if r[0] == "all-share-of-cancers-2023")
    set_cell(path, line, "value", "1e999")
    with pytest.raises(DataError) as excinfo:
        allstats.claims(data_copy)
    assert_located(excinfo, "figures.csv", line, "value")


@pytest.mark.parametrize("change,key", [
    (lambda pkg: pkg.__setitem__("resources", {"a": 1}), "resources"),
    (lambda pkg: pkg["resources"].__setitem__(2, "figures.csv"), "resources[2]"),
    (lambda pkg: pkg["resources"][2].pop("name"), "resources[2].name"),
    (lambda pkg: pkg["resources"][2].pop("path"), "resources[2].path"),
    (lambda pkg: pkg["resources"][2].pop("schema"), "resources[2].schema"),
    (lambda pkg: pkg["resources"][2]["schema"].__setitem__("fields", "year"),
     "resources[2].schema.fields"),
    (lambda pkg: pkg["resources"][2]["schema"]["fields"].__setitem__(0, None),
     "resources[2].schema.fields[0]"),
    (lambda pkg: pkg["resources"][2]["schema"]["fields"][0].__setitem__("constraints", []),
     "resources[2].schema.fields[0].constraints"),
    (lambda pkg: pkg["resources"][0]["schema"]["fields"][0]["constraints"].__setitem__(
        "pattern", "(["), "resources[0].schema.fields[0].constraints.pattern"),
    (lambda pkg: pkg["resources"][2]["schema"]["fields"][0]["constraints"].__setitem__(
        "minimum", "1970"), "resources[2].schema.fields[0].constraints.minimum"),
    (lambda pkg: pkg["resources"][2]["schema"].__setitem__("primaryKey", ["year", "nope"]),
     "resources[2].schema.primaryKey"),
    (lambda pkg: pkg["resources"][2]["schema"].__setitem__("missingValues", [None]),
     "resources[2].schema.missingValues"),
    (lambda pkg: pkg["resources"][2]["schema"]["fields"][0]["constraints"].__setitem__(
        "exclusiveMinimum", 0), "resources[2].schema.fields[0].constraints.exclusiveMinimum"),
    (lambda pkg: pkg["resources"][2].__setitem__("encoding", "latin-1"), "resources[2].encoding"),
    (lambda pkg: pkg["resources"][2]["schema"]["foreignKeys"][0]["reference"].__setitem__(
        "resource", "nope"), "resources[2].schema.foreignKeys[0].reference.resource"),
])
def test_a_malformed_package_names_the_key(data_copy, change, key):
    edit_package(data_copy, change)
    with pytest.raises(DataError) as excinfo:
        allstats.validate(data_copy)
    assert_keyed(excinfo, key)


@pytest.mark.parametrize("text,key,message", [
    ('"minimum": NaN', "resources[1].schema.fields[3].constraints.minimum", "NaN"),
    ('"minimum": 1e999', "resources[1].schema.fields[3].constraints.minimum", "too large"),
    ('"minimum": 0, "minimum": 5', "resources[1].schema.fields[3].constraints", "appears twice"),
])
def test_json_values_python_would_accept_silently_are_refused(data_copy, text, key, message):
    path = data_copy / "datapackage.json"
    raw = path.read_text(encoding="utf-8")
    assert raw.count('"minimum": 0') > 1
    path.write_text(raw.replace('"minimum": 0', text, 1), encoding="utf-8")
    with pytest.raises(DataError, match=message) as excinfo:
        allstats.validate(data_copy)
    assert_keyed(excinfo, key)


def test_a_figure_stated_without_its_number_is_refused(data_copy):
    path = data_copy / "figures.csv"
    set_cell(path, 2, "value", "")          # "less than" what?
    with pytest.raises(DataError, match="needs its value") as excinfo:
        allstats.load("figures", data_dir=data_copy)
    assert_located(excinfo, "figures.csv", 2, "value")


def test_a_share_larger_than_its_whole_is_refused(data_copy):
    path = data_copy / "figures.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    unit = rows[0].index("unit")
    line = 1 + next(i for i, r in enumerate(rows) if r[unit] == "out of 10")
    set_cell(path, line, "value", "12")
    with pytest.raises(DataError, match="not a share of 10") as excinfo:
        allstats.load("figures", data_dir=data_copy)
    assert_located(excinfo, "figures.csv", line, "value")
    set_cell(path, line, "value", "4")
    edit_package(data_copy, lambda pkg: next(f for f in resource(pkg, "figures")["schema"]["fields"]
                                             if f["name"] == "unit").pop("constraints"))
    for unit in ("out of none", "out of 0", "out of nan"):
        set_cell(path, line, "unit", unit)
        with pytest.raises(DataError, match="is not a share") as excinfo:
            allstats.load("figures", data_dir=data_copy)
        assert_located(excinfo, "figures.csv", line, "unit")


# --- validate() checks that what the library reads is there -------------------------------------

def drop_rows(path, keep):
    rewrite(path, lambda rows: rows.__setitem__(slice(1, None), [r for r in rows[1:] if keep(r)]))


def test_a_header_only_resource_fails_validation(data_copy):
    drop_rows(data_copy / "figures.csv", lambda row: False)
    assert len(allstats.load("figures", data_dir=data_copy)) == 0       # a valid, empty table
    with pytest.raises(DataError, match="no rows") as excinfo:
        allstats.validate(data_copy)
    assert excinfo.value.file == "figures.csv"


@pytest.mark.parametrize("row_id", ["worked-example-cohort", "all-share-of-cancers-2023",
                                    "cr-rate-adults"])
def test_a_deleted_row_the_library_reads_fails_validation(data_copy, row_id):
    drop_rows(data_copy / "figures.csv", lambda row: row[0] != row_id)
    with pytest.raises(DataError, match=f"no row with id '{row_id}'") as excinfo:
        allstats.validate(data_copy)
    assert_located(excinfo, "figures.csv", None, "id")


def test_a_deleted_life_table_row_fails_validation(data_copy):
    drop_rows(data_copy / "us_life_tables_2019.csv", lambda row: row[:2] != ["female", "63"])
    with pytest.raises(DataError, match="no row for sex 'female', age 63") as excinfo:
        allstats.validate(data_copy)
    assert_located(excinfo, "us_life_tables_2019.csv", None, "age")


def test_a_column_the_library_reads_with_another_type_fails_validation(data_copy):
    def retype(pkg):
        next(f for f in resource(pkg, "figures")["schema"]["fields"]
             if f["name"] == "value").update(type="string", constraints={})
    edit_package(data_copy, retype)
    with pytest.raises(DataError, match="as number, not string") as excinfo:
        allstats.validate(data_copy)
    assert excinfo.value.key.endswith(".type")


def test_a_resource_the_library_reads_cannot_go_missing(data_copy):
    edit_package(data_copy, lambda pkg: pkg["resources"].remove(resource(pkg, "survival_trend")))
    (data_copy / "survival_trend.csv").unlink()
    with pytest.raises(DataError, match="no resource named 'survival_trend'"):
        allstats.validate(data_copy)


# --- the parameters of load and validate --------------------------------------------------------

@pytest.mark.parametrize("data_dir,error,match", [
    (5, TypeError, "data_dir must be the path of a folder"),
    (b"data", TypeError, "data_dir must be the path of a folder"),
    ("", ValueError, "data_dir must be the path of a folder, got an empty string"),
    ("da\x00ta", ValueError, "data_dir .* NUL"),
])
def test_bad_data_dir_names_the_parameter(data_dir, error, match):
    for call in (allstats.validate, allstats.resource_names, lambda d: allstats.load("figures", d)):
        with pytest.raises(error, match=match):
            call(data_dir)


def test_bad_resource_name_names_the_parameter():
    with pytest.raises(TypeError, match="name must be the name of a resource"):
        allstats.load(["figures"])


def test_ids_are_looked_for_in_an_id_column(data_copy, monkeypatch):
    from allstats import catalogue
    monkeypatch.setattr(catalogue, "REQUIRED", {**catalogue.REQUIRED, "prevalence": ("x",)})
    with pytest.raises(DataError, match="by id") as excinfo:
        allstats.validate(data_copy)
    assert_located(excinfo, "prevalence.csv", 1, "id")


def test_the_standards_package_must_hold_what_netsurv_reads(tmp_path):
    """data/standards/ (the ICSS weights) is checked for what the library reads from it, not for
    the figures' resources."""
    import shutil
    from allstats.netsurv.standardised import standards_path
    copy = tmp_path / "standards"
    shutil.copytree(standards_path(), copy)
    assert allstats.validate(copy)["icss_weights"] > 0
    path = copy / "icss_weights.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0], encoding="utf-8")
    with pytest.raises(allstats.DataError, match="header but no rows"):
        allstats.validate(copy)
