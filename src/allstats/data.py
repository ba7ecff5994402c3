"""Read and check the data package in ``data/``.

The package follows the Frictionless Data Package standard: ``datapackage.json`` lists one
resource per CSV file with its Table Schema (fields, types, constraints, primary key, foreign
keys). :func:`load` returns one resource as a typed :class:`pandas.DataFrame`; :func:`validate`
checks every resource. Both raise :class:`DataError` naming the file, the 1-based line of the CSV
(the header is line 1) and the column. Nothing is dropped or coerced silently: a value that does
not parse as its declared type is an error, not a NaN.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = ["DataError", "load", "validate", "resource_names", "data_path", "package"]

#: columns that every figure resource carries (every resource but ``sources``)
PROVENANCE = ("qualifier", "low", "high", "source_id", "location", "quote", "verification")
SOURCES = "sources"

_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DataError(ValueError):
    """A problem in the data package, located by file, line and column where they apply."""

    def __init__(self, message: str, *, file=None, line: int | None = None, column: str | None = None):
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        where = []
        if self.file:
            where.append(self.file)
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


def data_path(data_dir=None) -> Path:
    """The folder holding ``datapackage.json``.

    In order: the ``data_dir`` argument, the ``ALLSTATS_DATA_DIR`` environment variable, the
    repository's ``data/`` (an editable install), the copy packaged inside the wheel.
    """
    if data_dir is not None:
        path = Path(data_dir)
    elif os.environ.get("ALLSTATS_DATA_DIR"):
        path = Path(os.environ["ALLSTATS_DATA_DIR"])
    else:
        here = Path(__file__).resolve().parent
        candidates = [here.parents[1] / "data", here / "data"]
        path = next((c for c in candidates if (c / "datapackage.json").is_file()), candidates[0])
    if not (path / "datapackage.json").is_file():
        raise DataError(f"no datapackage.json in {path} (expected the allstats data package there)",
                        file=path / "datapackage.json")
    return path


def package(data_dir=None) -> dict:
    """The parsed ``datapackage.json``."""
    path = data_path(data_dir) / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON: {exc.msg}", file=path, line=exc.lineno) from None


def resource_names(data_dir=None) -> list[str]:
    """Names of the resources in the package, in the order the package lists them."""
    return [r["name"] for r in package(data_dir)["resources"]]


@dataclass(frozen=True)
class _Field:
    name: str
    type: str
    constraints: dict

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required", False))


def _resource(pkg: dict, name: str, root: Path) -> dict:
    for res in pkg.get("resources", []):
        if res.get("name") == name:
            return res
    known = ", ".join(r.get("name", "?") for r in pkg.get("resources", []))
    raise DataError(f"no resource named '{name}' (the package has: {known})",
                    file=root / "datapackage.json")


def _parse(text: str, field: _Field, where: dict):
    """One cell to a Python value, or raise DataError saying what was expected."""
    kind = field.type
    if kind == "string":
        return text
    if kind == "integer":
        if not _INTEGER.match(text):
            raise DataError(f"'{text}' is not a whole number (expected an integer, "
                            "digits only, no thousands separators)", **where)
        return int(text)
    if kind == "number":
        if not _NUMBER.match(text):
            raise DataError(f"'{text}' is not a number (expected digits with an optional "
                            "decimal point, no thousands separators or % signs)", **where)
        return float(text)
    if kind == "boolean":
        if text not in ("true", "false"):
            raise DataError(f"'{text}' is not a boolean (expected true or false)", **where)
        return text == "true"
    if kind == "date":
        try:
            if not _DATE.match(text):
                raise ValueError
            return _dt.date.fromisoformat(text)
        except ValueError:
            raise DataError(f"'{text}' is not a date (expected YYYY-MM-DD)", **where) from None
    raise DataError(f"field type '{kind}' is not supported (use string, integer, number, "
                    "boolean or date)", **where)


def _check_constraints(value, field: _Field, where: dict) -> None:
    c = field.constraints
    if "enum" in c and value not in c["enum"]:
        allowed = ", ".join(repr(v) for v in c["enum"])
        raise DataError(f"{value!r} is not one of the allowed values ({allowed})", **where)
    if "minimum" in c and value < c["minimum"]:
        raise DataError(f"{value!r} is below the minimum {c['minimum']}", **where)
    if "maximum" in c and value > c["maximum"]:
        raise DataError(f"{value!r} is above the maximum {c['maximum']}", **where)
    if isinstance(value, str):
        if "minLength" in c and len(value) < c["minLength"]:
            raise DataError(f"{value!r} is shorter than {c['minLength']} characters", **where)
        if "maxLength" in c and len(value) > c["maxLength"]:
            raise DataError(f"{value!r} is longer than {c['maxLength']} characters", **where)
        if "pattern" in c and not re.fullmatch(c["pattern"], value):
            raise DataError(f"{value!r} does not match the pattern {c['pattern']}", **where)


def _read_rows(res: dict, root: Path, pkg: dict):
    """Parse a resource's CSV: returns (fields, rows, lines, relative path)."""
    rel = res.get("path")
    if not rel:
        raise DataError(f"resource '{res.get('name')}' has no path", file=root / "datapackage.json")
    path = root / rel
    if not path.is_file():
        raise DataError(f"file is missing (resource '{res['name']}' expects it)", file=rel)
    schema = res.get("schema") or {}
    fields = [_Field(f["name"], f.get("type", "string"), f.get("constraints", {}))
              for f in schema.get("fields", [])]
    missing_values = set(schema.get("missingValues", pkg.get("missingValues", [""])))

    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError("file is empty (expected a header row)", file=rel, line=1) from None
        except csv.Error as exc:
            raise DataError(f"not valid CSV: {exc}", file=rel, line=1) from None
        expected = [f.name for f in fields]
        for name in expected:
            if name not in header:
                raise DataError(f"column is missing from the header (expected columns: "
                                f"{', '.join(expected)})", file=rel, line=1, column=name)
        for name in header:
            if name not in expected:
                raise DataError("column is not in the schema of datapackage.json",
                                file=rel, line=1, column=name)
        if header != expected:
            raise DataError(f"columns are out of order: found {', '.join(header)}; expected "
                            f"{', '.join(expected)}", file=rel, line=1)

        rows, lines = [], []
        last = reader.line_num
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise DataError(f"not valid CSV: {exc}", file=rel, line=reader.line_num) from None
            line = last + 1          # a quoted field may span lines: report where the row starts
            last = reader.line_num
            if not record:
                raise DataError("blank line (every line after the header must be a row)",
                                file=rel, line=line)
            if len(record) != len(fields):
                raise DataError(f"row has {len(record)} cells; expected {len(fields)} "
                                f"({', '.join(expected)})", file=rel, line=line)
            row = {}
            for text, field in zip(record, fields):
                where = {"file": rel, "line": line, "column": field.name}
                if text in missing_values:
                    if field.required:
                        raise DataError("value is missing (this column is required)", **where)
                    row[field.name] = None
                    continue
                if text != text.strip():
                    raise DataError(f"'{text}' has leading or trailing spaces", **where)
                value = _parse(text, field, where)
                _check_constraints(value, field, where)
                row[field.name] = value
            rows.append(row)
            lines.append(line)
    return fields, rows, lines, rel


def _check_keys(res: dict, rows, lines, rel) -> None:
    schema = res.get("schema") or {}
    key = schema.get("primaryKey")
    if key:
        key = [key] if isinstance(key, str) else list(key)
        seen = {}
        for row, line in zip(rows, lines):
            value = tuple(row[k] for k in key)
            if any(v is None for v in value):
                raise DataError("primary key value is missing", file=rel, line=line,
                                column=next(k for k in key if row[k] is None))
            if value in seen:
                shown = ", ".join(f"{k}={v!r}" for k, v in zip(key, value))
                raise DataError(f"duplicate key ({shown}); the same key is on line {seen[value]}",
                                file=rel, line=line, column=key[0] if len(key) == 1 else ", ".join(key))
            seen[value] = line
    for field in schema.get("fields", []):
        if field.get("constraints", {}).get("unique"):
            seen = {}
            for row, line in zip(rows, lines):
                v = row[field["name"]]
                if v is not None and v in seen:
                    raise DataError(f"{v!r} appears twice (first on line {seen[v]}); values "
                                    "must be unique", file=rel, line=line, column=field["name"])
                seen[v] = line


def _check_provenance(res: dict, rows, lines, rel, source_ids: set[str]) -> None:
    """Every figure names a known source and quotes it; ranges carry low and high."""
    names = [f["name"] for f in (res.get("schema") or {}).get("fields", [])]
    for col in PROVENANCE:
        if col not in names:
            raise DataError("column is missing: every figure must carry its provenance "
                            f"({', '.join(PROVENANCE)})", file=rel, line=1, column=col)
    for row, line in zip(rows, lines):
        for col in ("source_id", "quote", "location"):
            if not row[col]:
                raise DataError("a figure without its "
                                f"{'source' if col == 'source_id' else col} (every figure names "
                                "its source, where in it, and the source's own sentence)",
                                file=rel, line=line, column=col)
        if row["source_id"] not in source_ids:
            raise DataError(f"unknown source id {row['source_id']!r} (expected an id from "
                            "sources.csv)", file=rel, line=line, column="source_id")
        is_range = row["qualifier"] == "range"
        low, high = row["low"], row["high"]
        if is_range:
            for col, v in (("low", low), ("high", high)):
                if v is None:
                    raise DataError("a range needs both low and high", file=rel, line=line,
                                    column=col)
            if low > high:
                raise DataError(f"low {low} is above high {high}", file=rel, line=line,
                                column="low")
        else:
            for col, v in (("low", low), ("high", high)):
                if v is not None:
                    raise DataError(f"{col} is set but the qualifier is "
                                    f"{row['qualifier']!r} (low and high are for ranges)",
                                    file=rel, line=line, column=col)


def _frame(fields, rows) -> pd.DataFrame:
    columns = {}
    for f in fields:
        values = [r[f.name] for r in rows]
        if f.type == "integer":
            columns[f.name] = pd.array(values, dtype="Int64")
        elif f.type == "number":
            columns[f.name] = pd.array([math.nan if v is None else v for v in values],
                                       dtype="float64")
        elif f.type == "boolean":
            columns[f.name] = pd.array(values, dtype="boolean")
        elif f.type == "date":
            columns[f.name] = pd.to_datetime(pd.Series(values, dtype="object"))
        else:
            columns[f.name] = pd.array(values, dtype="string")
    return pd.DataFrame(columns)


def _source_ids(pkg, root) -> set[str]:
    res = _resource(pkg, SOURCES, root)
    fields, rows, lines, rel = _read_rows(res, root, pkg)
    _check_keys(res, rows, lines, rel)
    return {r["id"] for r in rows}


def _load_checked(name: str, root: Path, pkg: dict, source_ids: set[str] | None):
    res = _resource(pkg, name, root)
    fields, rows, lines, rel = _read_rows(res, root, pkg)
    _check_keys(res, rows, lines, rel)
    if name != SOURCES:
        if source_ids is None:
            source_ids = _source_ids(pkg, root)
        _check_provenance(res, rows, lines, rel, source_ids)
    return _frame(fields, rows)


def load(name: str, data_dir=None) -> pd.DataFrame:
    """One resource of the data package as a typed DataFrame.

    Integers come as ``Int64``, numbers as ``float64`` (NaN where the cell is empty and the
    column is optional), strings as ``string``, dates as ``datetime64``. The resource is checked
    against its schema and its source ids against ``sources.csv`` first; any problem raises
    :class:`DataError` naming the file, the line and the column.
    """
    root = data_path(data_dir)
    return _load_checked(name, root, package(data_dir), None)


def validate(data_dir=None) -> dict[str, int]:
    """Check the whole package; return the number of rows of each resource.

    Checks: every resource's file exists and parses, its header matches its schema, every value
    has its declared type and meets its constraints, keys are unique, every figure names a
    source listed in ``sources.csv`` with its location and quote, ranges carry low <= high, and
    no CSV in the folder is left out of ``datapackage.json``.
    """
    root = data_path(data_dir)
    pkg = package(data_dir)
    ids = _source_ids(pkg, root)
    counts = {name: len(_load_checked(name, root, pkg, ids)) for name in resource_names(data_dir)}
    listed = {Path(r["path"]).name for r in pkg["resources"]}
    for csv_file in sorted(root.glob("*.csv")):
        if csv_file.name not in listed:
            raise DataError("CSV file is not described in datapackage.json", file=csv_file.name)
    return counts
