"""Hostile input (issue 13): every top-level callable of allstats and corrupted copies of the data
package, driven by hypothesis.

What must hold, whatever the input:
- only ValueError, TypeError or DataError escapes (exactly those types: not OverflowError,
  UnicodeDecodeError, JSONDecodeError, KeyError, ...), and it names the parameter, or for a
  DataError the file (with the line, the column or the key of datapackage.json where they apply);
- a result is never NaN, infinite or out of its range, and agrees with exact arithmetic where
  exact arithmetic is easy to state;
- a package that validate() passes is one the library can read: load, claims, guide_example and
  the 2019 life table all work on it;
- memory stays bounded (tracemalloc, for the arithmetic) and no call hangs (hypothesis'
  deadline, generous: it catches minutes, not milliseconds).

Runs are derandomized (the same examples every run, no example database), so CI is reproducible.
``pytest -s`` prints how many calls were made and how each ended; ``ALLSTATS_HOSTILE_SCALE=20``
searches twenty times deeper (a few minutes, by hand, not in ``make test``).
"""

from __future__ import annotations

import copy
import csv
import inspect
import io
import json
import math
import os
import re
import shutil
import tempfile
import tracemalloc
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import allstats
from allstats import DataError
from allstats.arithmetic import SexSumCheck

from conftest import DATA

#: how every call ended, by callable and outcome (printed at the end of the module with -s)
TALLY: Counter = Counter()

#: ALLSTATS_HOSTILE_SCALE=20 runs twenty times as many examples (a deeper search, by hand)
SCALE = int(os.environ.get("ALLSTATS_HOSTILE_SCALE", "1"))
FAST = settings(derandomize=True, database=None, max_examples=120 * SCALE,
                deadline=timedelta(seconds=5),
                suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(derandomize=True, database=None, max_examples=25 * SCALE,
                deadline=timedelta(seconds=20),
                suppress_health_check=[HealthCheck.too_slow])
#: the most one call of the arithmetic may allocate (tracemalloc's peak)
MEMORY_LIMIT = 64 * 2 ** 20


@pytest.fixture(scope="module", autouse=True)
def _print_tally():
    yield
    calls = sum(n for (_, outcome), n in TALLY.items() if outcome != "corruption")
    print(f"\nhostile input: {calls} calls")
    for (what, outcome), n in sorted(TALLY.items()):
        print(f"  {what:28} {outcome:22} {n}")


# --------------------------------------------------------------------------------------------
# Hostile values
# --------------------------------------------------------------------------------------------

SPECIAL = [None, True, False, 0, -0.0, 1, -1, 0.5, 1.5, 100, 101, 2**53, 2**53 + 1, 10**400,
           -10**400, 1e308, -1e308, 5e-324, math.nan, math.inf, -math.inf, Fraction(1, 3),
           Decimal("0.5"), Decimal("NaN"), np.float64("nan"), np.float64(0.25), np.int64(7),
           np.int64(2**62), np.uint64(2**64 - 1), np.bool_(True), pd.NA, "", "0.5", "about",
           "range", "exact", "less than", "figures", "sources", "data", b"data", [], [1], {},
           (1, 2), object(), Path("/"), Path("/etc"), "../..", "\x00", "a" * 300]

hostile = st.one_of(
    st.sampled_from(SPECIAL),
    st.integers(),
    st.integers(min_value=-10**600, max_value=10**600),
    st.floats(),                                   # NaN, infinities, subnormals, -0.0
    st.floats(min_value=0, max_value=100),
    st.fractions(),
    st.text(max_size=12),
    st.sampled_from(["exact", "about", "more than", "less than", "a little less than",
                     "at least", "up to", "range"]),
)

#: the top-level callables of allstats, by name (netsurv, charts and explorers are not top level)
CALLABLES = {name: getattr(allstats, name) for name in allstats.__all__}
DATA_CALLABLES = {"load", "validate", "resource_names", "claims", "guide_example"}


def test_every_public_callable_is_fuzzed():
    assert set(CALLABLES) == set(allstats.__all__) and len(CALLABLES) == 19
    assert all(callable(f) for f in CALLABLES.values())


def _finite(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _exact(x):
    """A number as an exact fraction (None when it is not a finite real number)."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, Fraction, np.number)):
        return None
    x = int(x) if isinstance(x, np.integer) else float(x) if isinstance(x, np.floating) else x
    try:
        f = Fraction(x)      # Python integers: numpy's would overflow inside the fraction
    except (ValueError, OverflowError, TypeError):
        return None
    return f


def check_result(name: str, kwargs: dict, result) -> None:
    """The result of a call that did not raise: in range, finite, and right where easy to say."""
    a = kwargs
    if name == "share":
        assert _finite(result) and 0 <= result <= 1
        assert math.isclose(result, float(_exact(a["part"]) / _exact(a["whole"])), rel_tol=1e-15)
    elif name in ("percent", "out_of_to_percent"):
        assert _finite(result) and 0 <= result <= 100
    elif name == "count_from_percent":
        assert _finite(result) and 0 <= result <= float(a["total"]) * (1 + 1e-15)
    elif name in ("rate_per_100k", "convert_rate"):
        assert _finite(result) and result >= 0
    elif name == "natural_frequency":
        n, d = result
        assert type(n) is int and type(d) is int and 0 <= n <= d and d == a.get("denominator", 100)
        assert abs(Fraction(n) - _exact(a["pct"]) * d / 100) <= Fraction(1, 2) + Fraction(1, 10**9)
    elif name == "natural_frequency_phrase":
        d = a.get("denominator", 100)
        assert isinstance(result, str) and result.endswith(f" out of {d:,}")
    elif name == "check_sum_by_sex":
        assert isinstance(result, SexSumCheck)
        assert all(_finite(v) for v in (result.male, result.female, result.total, result.sum,
                                        result.difference))
        exact = bool(_exact(a["male"]) + _exact(a["female"]) == _exact(a["total"]))
        assert result.holds is exact and (result.difference == 0) is exact
    elif name == "satisfies":
        assert isinstance(result, bool)
        q, c = a["qualifier"], _exact(a["computed"])
        if q == "range":
            assert result is (_exact(a["low"]) <= c <= _exact(a["high"]))
        elif q == "a little less than":
            assert not result or c < _exact(a["value"])
        elif q != "about":
            v = _exact(a["value"])
            expected = {"exact": c == v, "less than": c < v, "more than": c > v,
                        "at least": c >= v, "up to": c <= v}[q]
            assert result is expected
    elif name in ("RelativeSurvivalExample", "relative_survival_example", "guide_example"):
        assert isinstance(result, allstats.RelativeSurvivalExample)
        assert type(result.cohort_size) is int and result.cohort_size >= 1
        assert 0 < result.expected_survival <= 1 and 0 < result.relative_survival <= 1
        assert 0 <= result.observed_alive <= result.expected_alive <= result.cohort_size
        r = result.rounded()
        assert r["observed_alive"] + r["excess_deaths"] + r["expected_deaths"] == r["cohort_size"]
    elif name == "relative_survival_from":
        assert _finite(result) and 0 <= result <= 1
    elif name == "DataError":
        assert isinstance(result, DataError) and isinstance(str(result), str)
    elif name == "load":
        assert isinstance(result, pd.DataFrame)
    elif name == "validate":
        assert isinstance(result, dict) and all(type(n) is int and n > 0 for n in result.values())
    elif name == "resource_names":
        assert isinstance(result, list) and all(isinstance(n, str) for n in result)
    elif name == "claims":
        check_claims(result)
    else:
        raise AssertionError(f"no check for the result of {name}")


def check_claims(frame) -> None:
    from allstats.claims import UNCHECKABLE, VERDICTS
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert frame["verdict"].isin(VERDICTS).all()
    computed = frame["computed"].to_numpy(dtype=float)
    assert not np.isinf(computed).any()
    # a number wherever a claim was checked ("less than inf%" can no longer hold)
    assert np.isfinite(computed[(frame["verdict"] != UNCHECKABLE).to_numpy()]).all()


def check_clean_error(exc: BaseException, named: list[str], *, located: bool = False) -> str:
    """A ValueError, TypeError or DataError (exactly), naming a parameter or, for a DataError,
    its file. Returns the outcome for the tally."""
    assert type(exc) in (ValueError, TypeError, DataError), f"{type(exc).__name__}: {exc}"
    message = str(exc)
    if type(exc) is DataError:
        assert exc.file, message
        return "DataError"
    assert not located, f"expected a located DataError, got {type(exc).__name__}: {message}"
    assert any(re.search(rf"(?<![\w]){re.escape(p)}(?![\w])", message) for p in named), (
        f"the message names none of {named}: {message}")
    return type(exc).__name__


def call_and_check(name: str, kwargs: dict) -> None:
    fn = CALLABLES[name]
    measure = name not in DATA_CALLABLES
    if measure:
        tracemalloc.start()
    try:
        result = fn(**kwargs)
    except Exception as exc:          # noqa: BLE001 -- judged by check_clean_error
        # the message may name a parameter left out ("low is missing"): any of the signature's
        outcome = check_clean_error(exc, list(inspect.signature(fn).parameters))
    else:
        check_result(name, kwargs, result)
        outcome = "result"
    finally:
        if measure:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    if measure:
        assert peak < MEMORY_LIMIT, f"{name}({kwargs!r:.200}) allocated {peak:,} bytes"
    TALLY[(name, outcome)] += 1


@st.composite
def arguments(draw, name):
    """Keyword arguments for ``name``: every parameter either left out (when it has a default)
    or given a hostile value; ``data_dir`` is mostly the real package or left out, so the data
    callables also get past their first check."""
    kwargs = {}
    for p in inspect.signature(CALLABLES[name]).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        optional = p.default is not p.empty
        if optional and draw(st.booleans()):
            continue
        if p.name == "data_dir":
            kwargs[p.name] = draw(st.one_of(st.just(DATA), st.just(str(DATA)), hostile))
        elif p.name == "name" and name == "load":
            kwargs[p.name] = draw(st.one_of(st.sampled_from(allstats.resource_names()), hostile))
        else:
            kwargs[p.name] = draw(hostile)
    return kwargs


@pytest.mark.parametrize("name", sorted(set(CALLABLES) - DATA_CALLABLES))
@FAST
@given(data=st.data())
def test_arithmetic_callables_under_hostile_input(name, data):
    call_and_check(name, data.draw(arguments(name)))


@pytest.mark.parametrize("name", sorted(DATA_CALLABLES))
@SLOW
@given(data=st.data())
def test_data_callables_under_hostile_arguments(name, data):
    call_and_check(name, data.draw(arguments(name)))


# numbers in range, so that the arithmetic is reached (hostile values mostly stop at the door)
plausible = st.one_of(st.integers(min_value=0, max_value=2**60), st.floats(min_value=0, max_value=1e308),
                      st.floats(min_value=0, max_value=100), st.fractions(min_value=0, max_value=10**6))


@pytest.mark.parametrize("name", ["share", "percent", "count_from_percent", "rate_per_100k",
                                  "convert_rate", "out_of_to_percent", "natural_frequency",
                                  "check_sum_by_sex", "relative_survival_from",
                                  "RelativeSurvivalExample", "relative_survival_example"])
@FAST
@given(data=st.data())
def test_arithmetic_with_plausible_numbers_is_right_or_refused(name, data):
    kwargs = {}
    for p in inspect.signature(CALLABLES[name]).parameters.values():
        if p.name == "denominator":
            kwargs[p.name] = data.draw(st.integers(min_value=1, max_value=10**13))
        elif p.name in ("expected_survival", "relative_survival"):
            kwargs[p.name] = data.draw(st.floats(min_value=0, max_value=1.5))
        elif p.name == "cohort_size":
            if p.default is p.empty or data.draw(st.booleans()):
                kwargs[p.name] = data.draw(st.integers(min_value=0, max_value=2**54))
        else:
            kwargs[p.name] = data.draw(plausible)
    call_and_check(name, kwargs)


@FAST
@given(computed=plausible, qualifier=st.sampled_from(["exact", "about", "more than", "less than",
                                                      "a little less than", "at least", "up to",
                                                      "range"]),
       value=plausible, low=plausible, high=plausible)
def test_satisfies_with_plausible_numbers_agrees_with_exact_comparison(computed, qualifier, value,
                                                                        low, high):
    kwargs = ({"computed": computed, "qualifier": qualifier, "low": low, "high": high}
              if qualifier == "range" else
              {"computed": computed, "qualifier": qualifier, "value": value})
    call_and_check("satisfies", kwargs)


# --------------------------------------------------------------------------------------------
# Corrupted copies of the data package
# --------------------------------------------------------------------------------------------

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = [r["name"] for r in PACKAGE["resources"]]
FILES = {r["name"]: r["path"] for r in PACKAGE["resources"]}
SECRET = "TOP-SECRET-CONTENT"


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


ROW_COUNTS = {name: len(_rows(DATA / FILES[name])) for name in RESOURCES}   # header included

CELL_VALUES = ["", " ", " 5", "5 ", "1e999", "-1e999", "1e-999", "nan", "NaN", "inf", "-0",
               "٤٣", "４３", "99999999999999999999", "9" * 30, "-1", "0", "1.5", "150", "abc",
               "\x00", "\ufeff", '"', "a,b", "x\ny", "2023-02-30", "true", "range", "about",
               "less than", "verified", "secondary", "cancernet-adult-all-2023", "female",
               "people", "percent", "out of 10", "out of 0", "out of x", "worked-example-cohort",
               "x" * 140_000]

JSON_VALUES = [None, 0, -1, 1.5, 10**30, 1e308, True, "", "x", "figures.csv", "/etc/passwd",
               "../outside/secret.csv", "http://example.org/x.csv", "(", "[a-", "integer",
               "number", "date", "geopoint", [], {}, ["id"], [None], {"a": 1}]


def _json_paths(value, prefix=()):
    """Every (path) inside a JSON value, path as a tuple of keys and indexes."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _json_paths(v, prefix + (i,))


JSON_PATHS = [p for p in _json_paths(PACKAGE) if p]

corruptions = st.one_of(
    st.tuples(st.just("cell"), st.sampled_from(RESOURCES), st.integers(0, 10**6),
              st.integers(0, 20), st.one_of(st.sampled_from(CELL_VALUES), st.text(max_size=8))),
    st.tuples(st.just("delete row"), st.sampled_from(RESOURCES), st.integers(1, 10**6)),
    st.tuples(st.just("duplicate row"), st.sampled_from(RESOURCES), st.integers(1, 10**6)),
    st.tuples(st.just("header only"), st.sampled_from(RESOURCES)),
    st.tuples(st.just("drop column"), st.sampled_from(RESOURCES), st.integers(0, 20)),
    st.tuples(st.just("swap columns"), st.sampled_from(RESOURCES), st.integers(0, 20),
              st.integers(0, 20)),
    st.tuples(st.just("bytes"), st.sampled_from(RESOURCES + ["datapackage.json"]),
              st.integers(0, 10**6), st.binary(min_size=1, max_size=6)),
    st.tuples(st.just("truncate"), st.sampled_from(RESOURCES + ["datapackage.json"]),
              st.integers(0, 10**6)),
    st.tuples(st.just("encoding"), st.sampled_from(RESOURCES + ["datapackage.json"]),
              st.sampled_from(["utf-16", "utf-16-le", "utf-8-sig", "latin-1", "cp1252"])),
    st.tuples(st.just("json delete"), st.sampled_from(JSON_PATHS)),
    st.tuples(st.just("json set"), st.sampled_from(JSON_PATHS), st.sampled_from(JSON_VALUES)),
    st.tuples(st.just("json text"), st.sampled_from(['"minimum": 0', '"required": true',
                                                     '"name": "figures"', '"type": "integer"']),
              st.sampled_from(["NaN", "Infinity", "1e999", '"x", "x": 1', "[", "}"])),
    st.tuples(st.just("path"), st.sampled_from(RESOURCES),
              st.sampled_from(["{secret}", "../outside/secret.csv", "sub/../../outside/secret.csv",
                               "/etc/passwd", "file:///etc/passwd", "C:\\x.csv", "./figures.csv",
                               "", "nowhere.csv", "README.md", "datapackage.json", "."])),
    st.tuples(st.just("symlink out"), st.sampled_from(RESOURCES)),
    st.tuples(st.just("folder"), st.sampled_from(RESOURCES)),
    st.tuples(st.just("remove file"), st.sampled_from(RESOURCES)),
)


def _write_rows(path: Path, rows) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def corrupt(root: Path, secret: Path, corruption) -> str | None:
    """Apply one corruption to the package in ``root``; returns the resource it touched."""
    kind, *args = corruption
    pkg_file = root / "datapackage.json"
    if kind in ("cell", "delete row", "duplicate row", "header only", "drop column", "swap columns"):
        name = args[0]
        path = root / FILES[name]
        rows = _rows(path)
        if kind == "cell":
            line, col, value = args[1] % len(rows), args[2] % len(rows[0]), args[3]
            rows[line][col] = value
        elif kind == "delete row" and len(rows) > 1:
            del rows[1 + args[1] % (len(rows) - 1)]
        elif kind == "duplicate row" and len(rows) > 1:
            rows.append(list(rows[1 + args[1] % (len(rows) - 1)]))
        elif kind == "header only":
            rows = rows[:1]
        elif kind == "drop column":
            col = args[1] % len(rows[0])
            rows = [r[:col] + r[col + 1:] for r in rows]
        elif kind == "swap columns":
            i, j = args[1] % len(rows[0]), args[2] % len(rows[0])
            for r in rows:
                r[i], r[j] = r[j], r[i]
        _write_rows(path, rows)
        return name
    if kind in ("bytes", "truncate", "encoding"):
        target = args[0]
        path = pkg_file if target == "datapackage.json" else root / FILES[target]
        data = path.read_bytes()
        if kind == "bytes":
            at = args[1] % (len(data) + 1)
            data = data[:at] + args[2] + data[at:]
        elif kind == "truncate":
            data = data[:args[1] % (len(data) + 1)]
        else:
            data = data.decode("utf-8").encode(args[1], errors="replace")
        path.write_bytes(data)
        return None if target == "datapackage.json" else target
    if kind in ("json delete", "json set"):
        pkg = copy.deepcopy(PACKAGE)
        *parents, last = args[0]
        node = pkg
        for k in parents:
            node = node[k]
        if kind == "json delete":
            del node[last]
        else:
            node[last] = args[1]
        pkg_file.write_text(json.dumps(pkg), encoding="utf-8")
        return None
    if kind == "json text":
        text = pkg_file.read_text(encoding="utf-8")
        anchor, replacement = args
        key = anchor.split(":")[0]
        pkg_file.write_text(text.replace(anchor, f"{key}: {replacement}", 1), encoding="utf-8")
        return None
    if kind == "path":
        name, new = args[0], args[1].format(secret=secret)
        pkg = copy.deepcopy(PACKAGE)
        next(r for r in pkg["resources"] if r["name"] == name)["path"] = new
        pkg_file.write_text(json.dumps(pkg), encoding="utf-8")
        return name
    name = args[0]
    path = root / FILES[name]
    path.unlink()
    if kind == "symlink out":
        path.symlink_to(secret)
    elif kind == "folder":
        path.mkdir()
    return name


def check_package_error(exc: BaseException, tally_as: str) -> None:
    assert type(exc) is DataError, f"{tally_as}: {type(exc).__name__}: {exc}"
    message = str(exc)
    assert exc.file, message
    assert SECRET not in message, f"the message shows a file outside the package: {message}"
    whole_file = ("is missing", "not a regular file", "cannot be read", "larger than",
                  "not described in datapackage.json", "not valid JSON here", "no datapackage.json")
    assert (exc.line is not None or exc.column is not None or exc.key is not None
            or any(w in message for w in whole_file)), f"not located: {message}"
    TALLY[(tally_as, "DataError")] += 1


def _outside_secret(base: Path) -> Path:
    secret = base / "outside" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET},x\n1,2\n", encoding="utf-8")
    return secret


@settings(SLOW, max_examples=100 * SCALE)
@given(corruption=corruptions)
def test_corrupted_packages_are_refused_where_they_are_wrong_or_still_work(corruption):
    from allstats.netsurv import RateTable

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        root = base / "data"
        shutil.copytree(DATA, root)
        secret = _outside_secret(base)
        touched = corrupt(root, secret, corruption)
        TALLY[(f"corruption: {corruption[0]}", "corruption")] += 1
        try:
            counts = allstats.validate(root)
        except Exception as exc:      # noqa: BLE001 -- judged by check_package_error
            check_package_error(exc, "validate")
            valid = False
        else:
            assert isinstance(counts, dict) and all(n > 0 for n in counts.values())
            TALLY[("validate", "result")] += 1
            valid = True
        for name in [touched] if touched else RESOURCES[:2]:
            try:
                frame = allstats.load(name, data_dir=root)
            except Exception as exc:  # noqa: BLE001
                assert not valid, f"validate() passed, then load({name!r}) raised {exc!r}"
                check_package_error(exc, "load")
            else:
                assert isinstance(frame, pd.DataFrame)
                for column in frame.columns[frame.dtypes == "float64"]:
                    assert not np.isinf(frame[column].to_numpy()).any(), (name, column)
                TALLY[("load", "result")] += 1
        try:
            example = allstats.guide_example(root)
        except Exception as exc:      # noqa: BLE001
            assert not valid, f"validate() passed, then guide_example raised {exc!r}"
            check_package_error(exc, "guide_example")
        else:
            check_result("guide_example", {}, example)
            TALLY[("guide_example", "result")] += 1
        if valid:                     # what validate() promises: the library reads the package
            check_claims(allstats.claims(root))
            TALLY[("claims", "result")] += 1
            rates = RateTable.us_2019(root)
            assert np.isfinite(rates.hazard).all() and (rates.hazard >= 0).all()
            TALLY[("RateTable.us_2019", "result")] += 1
