"""Read and check the data package in ``data/``.

The package follows the Frictionless Data Package standard: ``datapackage.json`` lists one
resource per CSV file with its Table Schema (fields, types, constraints, primary key, foreign
keys). :func:`load` returns one resource as a typed :class:`pandas.DataFrame`; :func:`validate`
checks every resource. Both raise :class:`DataError` naming the file, the 1-based line of the CSV
(the header is line 1) and the column, or for ``datapackage.json`` the key (``resources[2].path``).
Nothing is dropped or coerced silently: a value that does not parse as its declared type is an
error, not a NaN.

What the reader accepts, and refuses:

- ``datapackage.json`` must be UTF-8 JSON with no duplicate keys and no NaN or Infinity; every
  resource has a unique name, one relative ``path`` inside the package folder (no absolute path,
  URL, ``..`` or symbolic link leading out: the Data Package specification forbids them, and
  they are refused before any file is opened) and an inline schema whose constraints this reader
  can check (an unknown constraint is an error, not a check silently skipped).
- CSV files must be UTF-8 (no byte-order mark, no NUL byte), at most :data:`MAX_FILE_BYTES`.
- Numbers and integers are ASCII digits (not Arabic-Indic or full-width ones); numbers are finite
  (``1e999`` is refused, not read as infinity); integers fit in 64 bits.
- The ``sources`` resource is the source list (exactly :data:`SOURCE_FIELDS`); every other
  resource carries the provenance columns (:data:`PROVENANCE`) and passes the provenance checks.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import hashlib
import io
import json
import math
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import catalogue

__all__ = ["DataError", "load", "validate", "resource_names", "data_path", "package",
           "PROVENANCE", "SOURCES", "SOURCE_FIELDS", "VERIFICATION", "QUOTE_KINDS",
           "MAX_FILE_BYTES", "LIBRARY_COLUMNS", "LIFE_TABLE"]

#: columns that every figure resource carries (every resource but ``sources``), with their types
PROVENANCE = ("qualifier", "low", "high", "source_id", "location", "quote", "verification",
              "quote_kind")
_PROVENANCE_TYPES = {"qualifier": "string", "low": "number", "high": "number",
                     "source_id": "string", "location": "string", "quote": "string",
                     "verification": "string", "quote_kind": "string"}
SOURCES = "sources"
#: the columns of the ``sources`` resource, in order; a resource named ``sources`` with other
#: columns is refused (it would otherwise escape the provenance checks)
SOURCE_FIELDS = ("id", "title", "publisher", "citation", "url", "edition", "adapted_from",
                 "year", "year_end", "notes")
#: the verification levels a figure may carry
VERIFICATION = ("verified", "secondary")
#: what a figure's quote is: the source's own words, or (where the source pack gives no
#: sentence of the document) the pack's summary of the figure, to be re-checked
QUOTE_KINDS = ("verbatim", "summary")
#: the largest file (CSV or datapackage.json) the reader opens, in bytes
MAX_FILE_BYTES = 4 * 2 ** 20          # the largest file of the package is about 85 kB

#: what the library reads of each resource: its columns and their types. :func:`validate`
#: checks that each resource is in the package, has these columns with these types and has rows.
#: (The ids it reads by name are :data:`allstats.catalogue.REQUIRED`.)
LIBRARY_COLUMNS = {
    "sources": {"id": "string", "title": "string", "publisher": "string", "citation": "string",
                "url": "string", "edition": "string", "adapted_from": "string",
                "year": "integer", "year_end": "integer", "notes": "string"},
    "acs_estimates": {"year": "integer", "measure": "string", "sex": "string",
                      "count": "integer"},
    "all_cancer_totals": {"year": "integer", "measure": "string", "count": "integer"},
    "pediatric_incidence": {"group_type": "string", "group": "string", "age_low": "integer",
                            "age_high": "integer", "rate_per_million": "number"},
    "survival_by_age": {"id": "string", "group": "string", "age_low": "integer",
                        "age_high": "integer", "edition_year": "integer",
                        "diagnosis_period": "string", "percent": "number"},
    "survival_trend": {"series": "string", "period_start": "integer", "period_end": "integer",
                       "percent": "number"},
    "prevalence": {"sex": "string", "years_since_diagnosis": "string", "count": "integer"},
    "figures": {"id": "string", "topic": "string", "subject": "string", "population": "string",
                "year": "integer", "value": "number", "unit": "string"},
    "us_life_tables_2019": {"sex": "string", "age": "integer", "qx": "number", "lx": "integer",
                            "dx": "integer", "Lx": "integer", "Tx": "integer", "ex": "number"},
}
#: the life table the survival estimators read (``RateTable.us_2019``): every sex at every age
LIFE_TABLE = ("us_life_tables_2019", ("male", "female"), tuple(range(0, 101)))

_TYPES = ("string", "integer", "number", "boolean", "date")
_INTEGER = re.compile(r"[+-]?[0-9]+")                       # ASCII digits only, never \d
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT64 = (-2 ** 63, 2 ** 63 - 1)
_NAME = re.compile(r"[a-z0-9._-]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
#: what decoding with surrogateescape leaves for bytes that are not UTF-8 (and for NUL, below)
_UNDECODED = re.compile("[\udc00\udc80-\udcff]")
_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
         (codecs.BOM_UTF8, "UTF-8"))
_CONSTRAINTS = ("required", "unique", "enum", "minimum", "maximum", "minLength", "maxLength",
                "pattern")


class DataError(ValueError):
    """A problem in the data package, located by file, line and column where they apply, or by
    the key of ``datapackage.json`` (``resources[2].schema.fields[0].type``)."""

    def __init__(self, message: str, *, file=None, line: int | None = None,
                 column: str | None = None, key: str | None = None):
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.key = key
        where = []
        if self.file:
            where.append(self.file)
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column '{column}'")
        if key is not None:
            where.append(f"key {key}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


def _shown(value, limit: int = 60) -> str:
    """A value for an error message: quoted, control characters escaped, long ones cut."""
    if not isinstance(value, str):
        text = repr(value)
        return text if len(text) <= limit else text[:limit] + "…"
    cut = value if len(value) <= limit else value[:limit] + "…"
    return f"'{cut}'" if cut.isprintable() else repr(cut)


# --------------------------------------------------------------------------------------------
# The folder and its files
# --------------------------------------------------------------------------------------------


def data_path(data_dir=None) -> Path:
    """The folder holding ``datapackage.json``.

    In order: the ``data_dir`` argument, the ``ALLSTATS_DATA_DIR`` environment variable, the
    repository's ``data/`` (an editable install), the copy packaged inside the wheel.
    """
    if data_dir is not None:
        path = _folder(data_dir, "data_dir")
    elif os.environ.get("ALLSTATS_DATA_DIR"):
        path = _folder(os.environ["ALLSTATS_DATA_DIR"], "ALLSTATS_DATA_DIR")
    else:
        here = Path(__file__).resolve().parent
        candidates = [here.parents[1] / "data", here / "data"]
        path = next((c for c in candidates if (c / "datapackage.json").is_file()), candidates[0])
    try:
        found = (path / "datapackage.json").is_file()
    except OSError as exc:
        raise DataError(f"cannot look for datapackage.json there ({exc.strerror or exc})",
                        file=path / "datapackage.json") from None
    if not found:
        raise DataError(f"no datapackage.json in {path} (expected the allstats data package there)",
                        file=path / "datapackage.json")
    return path


def _folder(value, name: str) -> Path:
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be the path of a folder (a str or pathlib.Path), "
                        f"got {type(value).__name__} {value!r:.60}")
    if not value:
        raise ValueError(f"{name} must be the path of a folder, got an empty string")
    if "\x00" in value:
        raise ValueError(f"{name} must be the path of a folder, got one with a NUL character")
    return Path(value)


def _read_bytes(path: Path, shown) -> bytes:
    """The bytes of a regular file, at most MAX_FILE_BYTES of them."""
    too_big = (f"file is larger than {MAX_FILE_BYTES:,} bytes, the most this reader opens "
               "(is it the right file?)")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DataError(too_big, file=shown)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DataError(f"file cannot be read ({exc.strerror or exc})", file=shown) from None
    if len(data) > MAX_FILE_BYTES:
        raise DataError(too_big, file=shown)
    return data


def _refuse_bom(data: bytes, shown) -> None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise DataError(f"file starts with a {name} byte-order mark (expected UTF-8 without "
                            "one: save it as plain UTF-8)", file=shown, line=1)


def _not_utf8(char: str) -> str:
    if char == "\udc00":
        return "contains a NUL byte (binary data? expected UTF-8 text)"
    return (f"byte 0x{ord(char) - 0xdc00:02x} is not UTF-8 (expected UTF-8 text; was the file "
            "saved in another encoding?)")


# --------------------------------------------------------------------------------------------
# datapackage.json
# --------------------------------------------------------------------------------------------


class _Object(dict):
    """A JSON object that remembers the keys it had twice."""
    duplicates: tuple = ()


class _Constant:
    """NaN, Infinity or -Infinity in the JSON text: kept to be reported with its key."""

    def __init__(self, name):
        self.name = name


def _object(pairs):
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        obj.duplicates = tuple(k for k, n in Counter(k for k, _ in pairs).items() if n > 1)
    return obj


def _json(path: Path) -> dict:
    data = _read_bytes(path, path)
    _refuse_bom(data, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError(f"byte 0x{data[exc.start]:02x} at byte {column} of the line is not UTF-8 "
                        "(expected UTF-8 text)", file=path, line=line) from None
    try:
        raw = json.loads(text, object_pairs_hook=_object, parse_constant=_Constant)
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON: {exc.msg} (at character {exc.colno} of the line)",
                        file=path, line=exc.lineno) from None
    except RecursionError:
        raise DataError("not valid JSON here: nested too deeply", file=path) from None
    except ValueError as exc:          # e.g. an integer of more digits than Python converts
        raise DataError(f"not valid JSON here: {exc}", file=path) from None
    _check_json_values(raw, path)
    return raw


def _check_json_values(raw, path) -> None:
    """No duplicate key, no NaN or Infinity, no number too large to be finite: all by key."""
    stack = [(raw, "")]
    while stack:
        value, key = stack.pop()
        if isinstance(value, _Constant) or (isinstance(value, float) and not math.isfinite(value)):
            what = (f"{value.name} is not a JSON number" if isinstance(value, _Constant)
                    else "the number is too large to be finite")
            raise DataError(f"{what} (expected a finite number)", file=path, key=key or None)
        if isinstance(value, dict):
            if getattr(value, "duplicates", ()):
                raise DataError(f"the key {_shown(value.duplicates[0])} appears twice in one "
                                "object (JSON keys must be unique)", file=path, key=key or None)
            stack.extend((v, f"{key}.{k}" if key else str(k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{key}[{i}]") for i, v in enumerate(value))


@dataclass(frozen=True)
class _Field:
    name: str
    type: str
    constraints: dict          # checked and typed: enum/minimum/maximum in the field's type,
                               # pattern compiled

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required", False))


@dataclass(frozen=True)
class _Resource:
    key: str                   # "resources[3]"
    name: str
    path: str                  # relative POSIX path inside the package folder
    fields: tuple
    missing_values: frozenset
    primary_key: tuple
    foreign_keys: tuple        # ((fields, resource, reference fields), ...)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


@dataclass(frozen=True)
class _Package:
    raw: dict
    file: Path
    resources: tuple

    def resource(self, name) -> _Resource:
        for res in self.resources:
            if res.name == name:
                return res
        known = ", ".join(r.name for r in self.resources)
        raise DataError(f"no resource named {_shown(name)} (the package has: {known})",
                        file=self.file, key="resources")


def _parsed_package(root: Path) -> _Package:
    file = root / "datapackage.json"
    raw = _json(file)
    return _Package(raw, file, _check_package(raw, file))


def _check_package(raw, file) -> tuple:
    """Every resource of datapackage.json, checked before any CSV is opened."""

    def fail(message, key=None):
        raise DataError(message, file=file, key=key)

    if not isinstance(raw, dict):
        fail("expected a JSON object with a list of resources")
    resources = raw.get("resources")
    if not isinstance(resources, list):
        fail("expected a list of resources", "resources")
    default_missing = _missing_values(raw, "missingValues", [""], fail)
    out, names, paths = [], {}, {}
    for i, res in enumerate(resources):
        key = f"resources[{i}]"
        if not isinstance(res, dict):
            fail("expected a resource: an object with a name, a path and a schema", key)
        name = res.get("name")
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            fail(f"expected a resource name of lower-case letters, digits, '-', '_' and '.', "
                 f"got {_shown(name)}", f"{key}.name")
        if name in names:
            fail(f"the resource name '{name}' is used twice (also by {names[name]})",
                 f"{key}.name")
        names[name] = key
        path = _relative_path(res, key, fail)
        if path in paths:
            fail(f"the file '{path}' is given to two resources (also to {paths[path]})",
                 f"{key}.path")
        paths[path] = key
        _check_format(res, key, fail)
        out.append(_check_schema(res, key, name, path, default_missing, fail))
    by_name = {r.name: r for r in out}
    for res in out:
        for j, (fields, other, other_fields) in enumerate(res.foreign_keys):
            target = res if other == "" else by_name.get(other)
            where = f"{res.key}.schema.foreignKeys[{j}].reference"
            if target is None:
                fail(f"the reference names the resource {_shown(other)}, which the package does "
                     "not have", f"{where}.resource")
            for name in other_fields:
                if name not in target.field_names:
                    fail(f"the reference names the field {_shown(name)}, which the resource "
                         f"'{target.name}' does not have", f"{where}.fields")
    if SOURCES not in by_name:
        fail(f"the package has no resource named '{SOURCES}' (the list of sources every figure "
             "names)", "resources")
    sources = by_name[SOURCES]
    if tuple(sources.field_names) != SOURCE_FIELDS:
        fail(f"the '{SOURCES}' resource must have exactly the columns {', '.join(SOURCE_FIELDS)}"
             f" (it has {', '.join(sources.field_names)}): any other resource carries figures "
             "and their provenance", f"{sources.key}.schema.fields")
    if sources.primary_key != ("id",):
        fail(f"the '{SOURCES}' resource must have the primary key 'id'",
             f"{sources.key}.schema.primaryKey")
    return tuple(out)


def _relative_path(res: dict, key: str, fail) -> str:
    """The resource's path: relative, inside the folder, no '..' (Data Package specification)."""
    key = f"{key}.path"
    value = res.get("path")
    if isinstance(value, list):
        fail("a resource split over several files is not supported: give one path", key)
    if not isinstance(value, str) or not value:
        fail(f"expected the path of a CSV file in the package folder, like 'figures.csv'; "
             f"got {_shown(value)}", key)
    outside = (f"the path {_shown(value)} does not stay inside the package folder: it must be "
               "relative, like 'figures.csv', with no '..', and not a URL (the Data Package "
               "specification forbids absolute paths and '..')")
    if value.startswith("/") or _SCHEME.match(value) or "\\" in value or "\x00" in value:
        fail(outside, key)
    parts = value.split("/")
    if ".." in parts:
        fail(outside, key)
    if any(part in ("", ".") for part in parts):
        fail(f"the path {_shown(value)} has an empty or '.' part: name the file plainly, like "
             "'figures.csv'", key)
    return value


def _check_format(res: dict, key: str, fail) -> None:
    """Refuse what this reader would otherwise read wrongly: other encodings, formats, dialects."""
    if "data" in res:
        fail("inline data is not supported: give the path of a CSV file", f"{key}.data")
    encoding = res.get("encoding", "utf-8")
    if not isinstance(encoding, str) or encoding.lower().replace("-", "") != "utf8":
        fail(f"encoding {_shown(encoding)} is not supported (expected utf-8)", f"{key}.encoding")
    for name, allowed in (("format", "csv"), ("mediatype", "text/csv")):
        if name in res and res[name] != allowed:
            fail(f"{name} {_shown(res[name])} is not supported (expected {allowed!r})",
                 f"{key}.{name}")
    dialect = res.get("dialect", {})
    if not isinstance(dialect, dict):
        fail("expected a CSV dialect object", f"{key}.dialect")
    defaults = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True,
                "skipInitialSpace": False}
    for name, value in dialect.items():
        if name in defaults and value != defaults[name] or name in (
                "escapeChar", "commentChar", "nullSequence", "commentRows", "headerRows"):
            fail(f"the CSV dialect's {name} = {_shown(value)} is not supported (this reader reads "
                 "comma-separated files with one header row and RFC 4180 quoting)",
                 f"{key}.dialect.{name}")


def _missing_values(obj: dict, name: str, default, fail, key: str = "") -> list:
    values = obj.get(name, default)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        fail("expected a list of strings that stand for a missing value, like [\"\"]",
             f"{key}.{name}" if key else name)
    return values


def _names(value, fields, key, fail, what) -> tuple:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        fail(f"expected {what}: a field name or a list of field names", key)
    for n in names:
        if fields is not None and n not in fields:
            fail(f"{_shown(n)} is not a field of this schema", key)
    return tuple(names)


def _check_schema(res, key, name, path, default_missing, fail) -> _Resource:
    schema = res.get("schema")
    skey = f"{key}.schema"
    if not isinstance(schema, dict):
        fail("expected the resource's Table Schema inline: an object with a list of fields", skey)
    raw_fields = schema.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        fail("expected a list of fields", f"{skey}.fields")
    fields, seen = [], set()
    for j, f in enumerate(raw_fields):
        fkey = f"{skey}.fields[{j}]"
        if not isinstance(f, dict):
            fail("expected a field: an object with a name and a type", fkey)
        fname = f.get("name")
        if not isinstance(fname, str) or not fname or fname != fname.strip():
            fail(f"expected a field name (text without leading or trailing spaces), "
                 f"got {_shown(fname)}", f"{fkey}.name")
        if fname in seen:
            fail(f"the field name '{fname}' is used twice", f"{fkey}.name")
        seen.add(fname)
        ftype = f.get("type", "string")
        if not isinstance(ftype, str):
            fail(f"expected a type name ({', '.join(_TYPES)}), got {_shown(ftype)}",
                 f"{fkey}.type")
        constraints = _check_constraints_spec(f.get("constraints", {}), ftype,
                                              f"{fkey}.constraints", fail)
        fields.append(_Field(fname, ftype, constraints))
    names = [f.name for f in fields]
    missing = _missing_values(schema, "missingValues", default_missing, fail, skey)
    primary = ()
    if "primaryKey" in schema:
        primary = _names(schema["primaryKey"], names, f"{skey}.primaryKey", fail, "a primary key")
    foreign = []
    raw_foreign = schema.get("foreignKeys", [])
    if not isinstance(raw_foreign, list):
        fail("expected a list of foreign keys", f"{skey}.foreignKeys")
    for j, fk in enumerate(raw_foreign):
        fkey = f"{skey}.foreignKeys[{j}]"
        if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
            fail("expected a foreign key: an object with fields and a reference", fkey)
        local = _names(fk.get("fields"), names, f"{fkey}.fields", fail, "the key's fields")
        other = fk["reference"].get("resource")
        if not isinstance(other, str):
            fail("expected the name of the resource the key refers to", f"{fkey}.reference.resource")
        remote = _names(fk["reference"].get("fields"), None, f"{fkey}.reference.fields", fail,
                        "the fields the key refers to")
        if len(remote) != len(local):
            fail(f"the key has {len(local)} fields but refers to {len(remote)}",
                 f"{fkey}.reference.fields")
        foreign.append((local, other, remote))
    return _Resource(key, name, path, tuple(fields), frozenset(missing), primary, tuple(foreign))


def _constant(value, ftype, key, fail):
    """A constraint's value in the field's type (dates parsed), or a DataError at ``key``."""
    if ftype == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if ftype == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if ftype == "string" and isinstance(value, str):
        return value
    if ftype == "boolean" and isinstance(value, bool):
        return value
    if ftype == "date" and isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    if ftype not in _TYPES:
        return value                   # the field's cells are refused, with their line
    expected = {"integer": "a whole number", "number": "a number", "string": "a string",
                "boolean": "true or false", "date": "a date YYYY-MM-DD"}[ftype]
    fail(f"expected {expected} (the field is of type {ftype}), got {_shown(value)}", key)


def _check_constraints_spec(raw, ftype, key, fail) -> dict:
    if not isinstance(raw, dict):
        fail("expected an object of constraints", key)
    out = {}
    for name, value in raw.items():
        ckey = f"{key}.{name}"
        if name not in _CONSTRAINTS:
            fail(f"the constraint {_shown(name)} is not supported (supported: "
                 f"{', '.join(_CONSTRAINTS)}): it would not be checked", ckey)
        if name in ("required", "unique"):
            if not isinstance(value, bool):
                fail(f"expected true or false, got {_shown(value)}", ckey)
            out[name] = value
        elif name == "enum":
            if not isinstance(value, list) or not value:
                fail("expected a non-empty list of allowed values", ckey)
            out[name] = [_constant(v, ftype, f"{ckey}[{i}]", fail) for i, v in enumerate(value)]
        elif name in ("minimum", "maximum"):
            if ftype not in ("integer", "number", "date") and ftype in _TYPES:
                fail(f"{name} applies to numbers and dates, not to a field of type {ftype}", ckey)
            out[name] = _constant(value, ftype, ckey, fail)
        elif name in ("minLength", "maxLength"):
            if ftype != "string" and ftype in _TYPES:
                fail(f"{name} applies to strings, not to a field of type {ftype}", ckey)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                fail(f"expected a whole number of characters, 0 or more, got {_shown(value)}", ckey)
            out[name] = value
        else:   # pattern
            if ftype != "string" and ftype in _TYPES:
                fail(f"pattern applies to strings, not to a field of type {ftype}", ckey)
            if not isinstance(value, str):
                fail(f"expected a regular expression, got {_shown(value)}", ckey)
            try:
                out[name] = re.compile(value)
            except (re.error, OverflowError, RecursionError, ValueError) as exc:
                fail(f"{_shown(value)} is not a valid regular expression ({exc})", ckey)
    for low, high in (("minimum", "maximum"), ("minLength", "maxLength")):
        if low in out and high in out and ftype in _TYPES and out[low] > out[high]:
            fail(f"{low} {raw[low]!r} is above {high} {raw[high]!r}: no value could pass", key)
    return out


def package(data_dir=None) -> dict:
    """The parsed ``datapackage.json``, after checking its structure (see the module's notes)."""
    return _parsed_package(data_path(data_dir)).raw


def resource_names(data_dir=None) -> list[str]:
    """Names of the resources in the package, in the order the package lists them."""
    return [r.name for r in _parsed_package(data_path(data_dir)).resources]


# --------------------------------------------------------------------------------------------
# The CSV files
# --------------------------------------------------------------------------------------------


def _parse(text: str, field: _Field, where: dict):
    """One cell to a Python value, or raise DataError saying what was expected."""
    kind = field.type
    if kind == "string":
        return text
    if kind == "integer":
        if not _INTEGER.fullmatch(text):
            raise DataError(f"{_shown(text)} is not a whole number (expected an integer: digits "
                            "0-9 only, no thousands separators)", **where)
        digits = text.lstrip("+-").lstrip("0")
        value = int(text) if len(digits) <= 19 else None      # never convert a huge string
        if value is None or not _INT64[0] <= value <= _INT64[1]:
            raise DataError(f"{_shown(text)} is too large a whole number (expected at most "
                            f"{_INT64[1]:,} in size)", **where)
        return value
    if kind == "number":
        if not _NUMBER.fullmatch(text):
            raise DataError(f"{_shown(text)} is not a number (expected digits 0-9 with an "
                            "optional decimal point, no thousands separators or % signs)", **where)
        value = float(text)
        if not math.isfinite(value):
            raise DataError(f"{_shown(text)} is too large to be a number (expected a finite "
                            "number, at most about 1.8e308)", **where)
        return value
    if kind == "boolean":
        if text not in ("true", "false"):
            raise DataError(f"{_shown(text)} is not a boolean (expected true or false)", **where)
        return text == "true"
    if kind == "date":
        try:
            if not _DATE.fullmatch(text):
                raise ValueError
            return _dt.date.fromisoformat(text)
        except ValueError:
            raise DataError(f"{_shown(text)} is not a date (expected YYYY-MM-DD)", **where) from None
    raise DataError(f"field type {_shown(kind)} is not supported (use string, integer, number, "
                    "boolean or date)", **where)


def _check_constraints(value, field: _Field, where: dict) -> None:
    c = field.constraints
    if "enum" in c and value not in c["enum"]:
        allowed = ", ".join(repr(v) for v in c["enum"][:20])
        raise DataError(f"{_shown(value)} is not one of the allowed values ({allowed})", **where)
    if "minimum" in c and value < c["minimum"]:
        raise DataError(f"{value!r} is below the minimum {c['minimum']}", **where)
    if "maximum" in c and value > c["maximum"]:
        raise DataError(f"{value!r} is above the maximum {c['maximum']}", **where)
    if isinstance(value, str):
        if "minLength" in c and len(value) < c["minLength"]:
            raise DataError(f"{_shown(value)} is shorter than {c['minLength']} characters", **where)
        if "maxLength" in c and len(value) > c["maxLength"]:
            raise DataError(f"{_shown(value)} is longer than {c['maxLength']} characters", **where)
        if "pattern" in c and not c["pattern"].fullmatch(value):
            raise DataError(f"{_shown(value)} does not match the pattern "
                            f"{c['pattern'].pattern}", **where)


def _target(root: Path, res: _Resource, pkg: _Package) -> Path:
    """The resource's file, refused if it leads outside the folder, before it is opened."""
    try:
        real_root = root.resolve()
        target = (root / res.path).resolve()
    except (OSError, RuntimeError) as exc:       # a loop of symbolic links
        raise DataError(f"the path cannot be followed ({exc})", file=pkg.file,
                        key=f"{res.key}.path") from None
    if target == real_root or not target.is_relative_to(real_root):
        raise DataError(f"the path '{res.path}' leads outside the package folder through a "
                        "symbolic link (a resource must be a file inside the folder)",
                        file=pkg.file, key=f"{res.key}.path")
    if not target.is_file():
        what = "is not a regular file" if target.exists() else "is missing"
        raise DataError(f"file {what} (resource '{res.name}' expects it)", file=res.path)
    return target


def _read_rows(res: _Resource, root: Path, pkg: _Package):
    """Parse a resource's CSV: returns (rows, lines, relative path)."""
    rel = res.path
    data = _read_bytes(_target(root, res, pkg), rel)
    _refuse_bom(data, rel)
    # bytes that are not UTF-8 become lone surrogates, NUL a surrogate of its own: the cell that
    # holds one is reported below with its line and column
    text = data.decode("utf-8", "surrogateescape").replace("\x00", "\udc00")
    fields = res.fields
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError("file is empty (expected a header row)", file=rel, line=1) from None
    except csv.Error as exc:
        raise DataError(f"not valid CSV: {exc}", file=rel, line=1) from None
    for i, name in enumerate(header):
        bad = _UNDECODED.search(name)
        if bad:
            raise DataError(f"cell {i + 1} of the header: {_not_utf8(bad.group())}",
                            file=rel, line=1)
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
        for i, text in enumerate(record):
            bad = _UNDECODED.search(text)
            if bad:
                column = expected[i] if i < len(expected) else None
                place = "" if column else f"cell {i + 1}: "
                raise DataError(place + _not_utf8(bad.group()), file=rel, line=line,
                                column=column)
        if not record:
            raise DataError("blank line (every line after the header must be a row)",
                            file=rel, line=line)
        if len(record) != len(fields):
            raise DataError(f"row has {len(record)} cells; expected {len(fields)} "
                            f"({', '.join(expected)})", file=rel, line=line)
        row = {}
        for text, field in zip(record, fields):
            where = {"file": rel, "line": line, "column": field.name}
            if text in res.missing_values:
                if field.required:
                    raise DataError("value is missing (this column is required)", **where)
                row[field.name] = None
                continue
            if text != text.strip():
                raise DataError(f"{_shown(text)} has leading or trailing spaces", **where)
            value = _parse(text, field, where)
            _check_constraints(value, field, where)
            row[field.name] = value
        rows.append(row)
        lines.append(line)
    return rows, lines, rel


def _check_keys(res: _Resource, rows, lines, rel) -> None:
    key = res.primary_key
    if key:
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
    for field in res.fields:
        if field.constraints.get("unique"):
            seen = {}
            for row, line in zip(rows, lines):
                v = row[field.name]
                if v is not None and v in seen:
                    raise DataError(f"{_shown(v)} appears twice (first on line {seen[v]}); values "
                                    "must be unique", file=rel, line=line, column=field.name)
                seen[v] = line


def _check_provenance(res: _Resource, rows, lines, rel, source_ids: set, pkg: _Package) -> None:
    """Every figure names a known source and quotes it; ranges carry low and high."""
    from .statements import QUALIFIERS, out_of   # the one reading of a statement's words

    names = res.field_names
    for col in PROVENANCE:
        if col not in names:
            raise DataError("column is missing: every figure must carry its provenance "
                            f"({', '.join(PROVENANCE)})", file=rel, line=1, column=col)
        field = res.fields[names.index(col)]
        if field.type != _PROVENANCE_TYPES[col]:
            raise DataError(f"the provenance column '{col}' must be of type "
                            f"{_PROVENANCE_TYPES[col]}, not {_shown(field.type)}", file=pkg.file,
                            key=f"{res.key}.schema.fields[{names.index(col)}].type")
    types = {f.name: f.type for f in res.fields}
    has_value = "value" in names
    share_unit = types.get("value") == "number" and types.get("unit") == "string"
    for row, line in zip(rows, lines):
        for col in ("source_id", "quote", "location"):
            if not row[col]:
                raise DataError("a figure without its "
                                f"{'source' if col == 'source_id' else col} (every figure names "
                                "its source, where in it, and the source's own sentence)",
                                file=rel, line=line, column=col)
        if row["source_id"] not in source_ids:
            raise DataError(f"unknown source id {_shown(row['source_id'])} (expected an id from "
                            "sources.csv)", file=rel, line=line, column="source_id")
        qualifier = row["qualifier"]
        if qualifier not in QUALIFIERS:
            raise DataError(f"unknown qualifier {_shown(qualifier)} (expected one of "
                            f"{', '.join(QUALIFIERS)})", file=rel, line=line, column="qualifier")
        if row["verification"] not in VERIFICATION:
            raise DataError(f"unknown verification {_shown(row['verification'])} (expected "
                            f"{' or '.join(VERIFICATION)})", file=rel, line=line,
                            column="verification")
        if row["quote_kind"] not in QUOTE_KINDS:
            raise DataError(f"unknown quote_kind {_shown(row['quote_kind'])} (expected "
                            f"{' or '.join(QUOTE_KINDS)})", file=rel, line=line,
                            column="quote_kind")
        low, high = row["low"], row["high"]
        if qualifier == "range":
            for col, v in (("low", low), ("high", high)):
                if v is None:
                    raise DataError("a range needs both low and high", file=rel, line=line,
                                    column=col)
            if low > high:
                raise DataError(f"low {low} is above high {high}", file=rel, line=line,
                                column="low")
            if has_value and row["value"] is not None:
                raise DataError("a range is stated by low and high: leave value empty",
                                file=rel, line=line, column="value")
        else:
            for col, v in (("low", low), ("high", high)):
                if v is not None:
                    raise DataError(f"{col} is set but the qualifier is "
                                    f"{qualifier!r} (low and high are for ranges)",
                                    file=rel, line=line, column=col)
            if has_value and row["value"] is None:
                raise DataError(f"a figure stated as {qualifier!r} needs its value (only a range "
                                "leaves value empty)", file=rel, line=line, column="value")
        whole = None
        if share_unit and row["unit"] is not None:
            try:
                whole = out_of(row["unit"])
            except ValueError:
                whole = math.nan
            if whole is not None and not (math.isfinite(whole) and whole > 0):
                raise DataError(f"unit {_shown(row['unit'])} is not a share (expected 'percent' "
                                "or 'out of M', M a positive number)", file=rel, line=line,
                                column="unit")
        if whole is not None:
            for col in ("value", "low", "high"):
                v = row[col]
                if v is not None and not 0 <= v <= whole:
                    raise DataError(f"{v:g} {row['unit']} is not a share of {whole:g} (expected "
                                    f"0 to {whole:g})", file=rel, line=line, column=col)


def _frame(fields, rows, rel) -> pd.DataFrame:
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
            try:
                columns[f.name] = pd.to_datetime(pd.Series(values, dtype="object"))
            except (ValueError, OverflowError) as exc:     # a date pandas cannot hold
                raise DataError(f"a date is outside what pandas holds ({exc})", file=rel,
                                column=f.name) from None
        else:
            columns[f.name] = pd.array(values, dtype="string")
    return pd.DataFrame(columns)


class _Reader:
    """Reads the resources of one package, each file once, checking as it goes."""

    def __init__(self, root: Path, pkg: _Package):
        self.root, self.pkg = root, pkg
        self._parsed = {}

    def parsed(self, name: str):
        """(resource, rows, lines, rel): parsed against its schema, keys checked."""
        if name not in self._parsed:
            res = self.pkg.resource(name)
            rows, lines, rel = _read_rows(res, self.root, self.pkg)
            _check_keys(res, rows, lines, rel)
            self._parsed[name] = (res, rows, lines, rel)
        return self._parsed[name]

    def checked(self, name: str):
        """Parsed, and its provenance and foreign keys checked."""
        res, rows, lines, rel = self.parsed(name)
        if name != SOURCES:
            source_ids = {r["id"] for r in self.parsed(SOURCES)[1]}
            _check_provenance(res, rows, lines, rel, source_ids, self.pkg)
        for local, other, remote in res.foreign_keys:
            target_rows = rows if other == "" else self.parsed(other)[1]
            present = {tuple(r[k] for k in remote) for r in target_rows}
            for row, line in zip(rows, lines):
                value = tuple(row[k] for k in local)
                if any(v is None for v in value):
                    continue
                if value not in present:
                    shown = ", ".join(f"{v!r}" for v in value)
                    raise DataError(f"{shown} is not a key of the resource "
                                    f"'{other or name}' ({', '.join(remote)})",
                                    file=rel, line=line, column=", ".join(local))
        return res, rows, lines, rel


#: checked resources by (folder, name), with the files' state they were read from
_LOADED: dict = {}
_MOST_LOADED = 64


def _package_state(root: Path) -> tuple | None:
    """What a checked resource depends on: the name and a digest of the bytes of
    ``datapackage.json`` and of every CSV file of the folder (a foreign key reads another file).
    A change to any of them, however quick or small, reads and checks the resource again.
    ``None`` (read without the cache) when one of them is not a plain file or cannot be read:
    the reader then says what is wrong, and nothing outside the folder is opened here."""
    state = []
    try:
        with os.scandir(root) as entries:
            for entry in entries:
                if entry.name == "datapackage.json" or entry.name.endswith(".csv"):
                    if not entry.is_file(follow_symlinks=False):
                        return None
                    with open(entry.path, "rb") as handle:
                        state.append((entry.name, hashlib.blake2b(handle.read(),
                                                                  digest_size=16).digest()))
    except OSError:
        return None
    return tuple(sorted(state))


def _load_located(name, data_dir=None):
    """:func:`load`, with where each row stands: (frame, file, lines).

    A notebook or an explorer reads the same resources many times: a resource is read and
    checked once per state of the package's files (:func:`_package_state`), and each caller gets
    its own copy of the frame (changing it changes nothing for the next caller)."""
    if not isinstance(name, str):
        raise TypeError(f"name must be the name of a resource (a string, like 'figures'), got "
                        f"{type(name).__name__} {name!r:.60}")
    root = data_path(data_dir)
    key, state = (str(root), name), _package_state(root)
    cached = _LOADED.get(key)
    if state is None or cached is None or cached[0] != state:
        _LOADED.pop(key, None)
        res, rows, lines, rel = _Reader(root, _parsed_package(root)).checked(name)
        cached = (state, _frame(res.fields, rows, rel), rel, tuple(lines))
        if state is not None:
            _LOADED[key] = cached
            while len(_LOADED) > _MOST_LOADED:      # many folders (tests): forget the oldest
                del _LOADED[next(iter(_LOADED))]
    _, frame, rel, lines = cached
    return frame.copy(), rel, list(lines)


def load(name: str, data_dir=None) -> pd.DataFrame:
    """One resource of the data package as a typed DataFrame.

    Integers come as ``Int64``, numbers as ``float64`` (NaN where the cell is empty and the
    column is optional), strings as ``string``, dates as ``datetime64``. The resource is checked
    against its schema and its source ids against ``sources.csv`` first; any problem raises
    :class:`DataError` naming the file, the line and the column.
    """
    return _load_located(name, data_dir)[0]


def validate(data_dir=None) -> dict[str, int]:
    """Check the whole package; return the number of rows of each resource.

    Checks: every resource's file exists inside the folder and parses, its header matches its
    schema, every value has its declared type and meets its constraints, keys are unique and
    foreign keys resolve, every figure names a source listed in ``sources.csv`` with its location
    and quote, ranges carry low <= high, no CSV in the folder is left out of
    ``datapackage.json``, and everything the library reads is there (:func:`_check_library_reads`).
    """
    root = data_path(data_dir)
    pkg = _parsed_package(root)
    reader = _Reader(root, pkg)
    counts = {res.name: len(reader.checked(res.name)[1]) for res in pkg.resources}
    listed = {res.path for res in pkg.resources}
    for csv_file in sorted(root.glob("*.csv")):
        if csv_file.name not in listed:
            raise DataError("CSV file is not described in datapackage.json", file=csv_file.name)
    if pkg.raw.get("name") in STANDARDS_PACKAGES:
        _check_reads(reader, STANDARDS_PACKAGES[pkg.raw["name"]])
    else:
        _check_library_reads(reader)
    return counts


# --------------------------------------------------------------------------------------------
# What the library reads
# --------------------------------------------------------------------------------------------


#: packages of methodological standards beside the figures (``data/standards/``: the ICSS
#: weights of :func:`allstats.netsurv.standardised_net_survival`), by their ``name``, with the
#: resources and columns the library reads from them (the figures' checks do not apply)
STANDARDS_PACKAGES = {"allstats-standards": {"icss_weights": {
    "standard": "integer", "age_low": "integer", "age_high": "integer", "value": "number"}}}


def _check_reads(reader: _Reader, reads: dict) -> None:
    """Each resource of ``reads`` is in the package, with rows, and has the columns the library
    reads, of the types it reads them as (``{resource: {column: type}}``)."""
    pkg = reader.pkg
    names = [r.name for r in pkg.resources]
    for name, columns in reads.items():
        if name not in names:
            raise DataError(f"the package has no resource named '{name}' (the library reads it)",
                            file=pkg.file, key="resources")
        res, rows, lines, rel = reader.parsed(name)
        fields = {f.name: (i, f.type) for i, f in enumerate(res.fields)}
        for column, kind in columns.items():
            if column not in fields:
                raise DataError(f"column is missing (the library reads it, as {kind})",
                                file=rel, line=1, column=column)
            i, found = fields[column]
            if found != kind:
                raise DataError(f"the library reads the column '{column}' of '{name}' as "
                                f"{kind}, not {found}", file=pkg.file,
                                key=f"{res.key}.schema.fields[{i}].type")
        if not rows:
            raise DataError("file has a header but no rows (the library reads this resource)",
                            file=rel, line=2)


def _check_library_reads(reader: _Reader) -> None:
    """The package has what the library reads: :data:`LIBRARY_COLUMNS` (each resource with rows),
    the ids of :data:`allstats.catalogue.REQUIRED`, the whole life table (:data:`LIFE_TABLE`)
    and the ages of every pediatric age group."""
    _check_reads(reader, LIBRARY_COLUMNS)
    for name, ids in catalogue.REQUIRED.items():
        res, rows, lines, rel = reader.parsed(name)
        if "id" not in res.field_names:
            raise DataError("column is missing (the library reads rows of this resource by id)",
                            file=rel, line=1, column="id")
        present = {r["id"] for r in rows}
        for wanted in ids:
            if wanted not in present:
                raise DataError(f"no row with id '{wanted}' (the library reads it: "
                                "allstats.catalogue)", file=rel, column="id")
    name, sexes, ages = LIFE_TABLE
    res, rows, lines, rel = reader.parsed(name)
    for row, line in zip(rows, lines):
        for column, allowed in (("sex", sexes), ("age", ages)):
            if row[column] not in allowed:
                raise DataError(f"{_shown(row[column])} is outside the life table the library "
                                f"reads ({column} {allowed[0]} to {allowed[-1]})",
                                file=rel, line=line, column=column)
    present = {(r["sex"], r["age"]) for r in rows}
    for sex in sexes:
        for age in ages:
            if (sex, age) not in present:
                raise DataError(f"no row for sex '{sex}', age {age} (the life table must have "
                                f"every age {ages[0]} to {ages[-1]} for both sexes)",
                                file=rel, column="age")
    res, rows, lines, rel = reader.parsed("pediatric_incidence")
    age_rows = [(r, line) for r, line in zip(rows, lines) if r["group_type"] == "age"]
    if not age_rows:
        raise DataError("no row with group_type 'age' (the library reads the age groups)",
                        file=rel, column="group_type")
    for row, line in age_rows:
        for column in ("age_low", "age_high"):
            if row[column] is None:
                raise DataError("an age group needs its ages (age_low and age_high)",
                                file=rel, line=line, column=column)
