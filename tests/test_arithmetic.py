"""Shares, counts, rates and natural frequencies: examples and properties."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allstats import arithmetic as ar

counts = st.integers(min_value=0, max_value=10**9)
positive = st.integers(min_value=1, max_value=10**9)
percents = st.floats(min_value=0, max_value=100, allow_nan=False)


def test_share_and_percent_examples():
    assert ar.share(6540, 1_958_310) == pytest.approx(6540 / 1_958_310)
    assert ar.percent(3, 12) == 25.0
    assert ar.count_from_percent(80, 1390) == pytest.approx(1112.0)
    assert ar.rate_per_100k(34, 1_000_000) == pytest.approx(3.4)
    assert ar.convert_rate(75.2, 1_000_000, 100_000) == 7.52
    assert ar.out_of_to_percent(4, 10) == 40.0


@given(part=counts, extra=counts)
def test_percent_is_between_0_and_100(part, extra):
    whole = part + extra
    if whole == 0:
        with pytest.raises(ValueError, match="share of nothing"):
            ar.percent(part, whole)
    else:
        assert 0 <= ar.percent(part, whole) <= 100


@given(part=counts, whole=positive)
def test_percent_round_trips_through_count_from_percent(part, whole):
    if part <= whole:
        assert ar.count_from_percent(ar.percent(part, whole), whole) == pytest.approx(part,
                                                                                        abs=1e-6)


@given(count=counts, population=positive, factor=st.integers(min_value=1, max_value=1000))
def test_rates_scale_with_the_population(count, population, factor):
    assert ar.rate_per_100k(count * factor, population * factor) == pytest.approx(
        ar.rate_per_100k(count, population))


@given(rate=st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_convert_rate_round_trip(rate):
    there = ar.convert_rate(rate, 1_000_000, 100_000)
    assert ar.convert_rate(there, 100_000, 1_000_000) == pytest.approx(rate)


@pytest.mark.parametrize("pct,denominator,expected", [
    (43, 10, (4, 10)), (45, 10, (5, 10)), (90, 1000, (900, 1000)), (0.334, 1000, (3, 1000)),
    (80, 5, (4, 5)), (0, 100, (0, 100)), (100, 10, (10, 10))])
def test_natural_frequency_examples(pct, denominator, expected):
    assert ar.natural_frequency(pct, denominator) == expected


@given(pct=percents, denominator=st.sampled_from([10, 100, 1000]))
def test_natural_frequency_is_the_nearest_whole_number(pct, denominator):
    n, d = ar.natural_frequency(pct, denominator)
    assert d == denominator and 0 <= n <= d
    assert abs(n - pct / 100 * d) <= 0.5 + 1e-9


def test_natural_frequency_phrase():
    assert ar.natural_frequency_phrase(43, 10) == "about 4 out of 10"
    assert ar.natural_frequency_phrase(40, 10) == "4 out of 10"
    assert ar.natural_frequency_phrase(81, 1000) == "810 out of 1,000"


@pytest.mark.parametrize("call,match", [
    (lambda: ar.share(5, 4), "cannot be larger"),
    (lambda: ar.share(-1, 4), "at least 0"),
    (lambda: ar.percent(1, 0), "share of nothing"),
    (lambda: ar.count_from_percent(120, 10), "between 0 and 100"),
    (lambda: ar.rate_per_100k(1, 0), "population must be more than 0"),
    (lambda: ar.natural_frequency(40, 0), "positive whole number"),
    (lambda: ar.natural_frequency(40, 10.5), "positive whole number"),
    (lambda: ar.share("5", 10), "must be a number"),
    (lambda: ar.share(math.nan, 10), "finite"),
    (lambda: ar.convert_rate(1, 0, 10), "more than 0"),
])
def test_bad_input_is_refused_with_a_sentence(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_check_sum_by_sex():
    ok = ar.check_sum_by_sex(3660, 2880, 6540)
    assert ok.holds and ok.sum == 6540 and ok.difference == 0
    off = ar.check_sum_by_sex(3000, 2690, 5700)
    assert not off.holds and off.difference == -10


@given(male=counts, female=counts)
def test_sum_by_sex_holds_exactly_when_the_parts_add_up(male, female):
    assert ar.check_sum_by_sex(male, female, male + female).holds
    assert not ar.check_sum_by_sex(male, female, male + female + 1).holds


@pytest.mark.parametrize("value,tolerance", [(80, 5), (85, 2.5), (15, 2.5), (4, 0.5), (0.5, 0.05),
                                             (43, 0.5), (1000, 500), (52.7, 0.05)])
def test_about_tolerance_is_half_the_rounding_unit(value, tolerance):
    assert ar.about_tolerance(value) == pytest.approx(tolerance)


@pytest.mark.parametrize("computed,qualifier,value,low,high,holds", [
    (0.334, "less than", 0.5, None, None, True),
    (0.5, "less than", 0.5, None, None, False),
    (79.6, "about", 80, None, None, True),
    (86, "about", 80, None, None, False),
    (96, "more than", 95, None, None, True),
    (2, "at least", 2, None, None, True),
    (50, "up to", 50, None, None, True),
    (25, "range", None, 20, 30, True),
    (31, "range", None, 20, 30, False),
    (810, "exact", 810, None, None, True),
])
def test_satisfies(computed, qualifier, value, low, high, holds):
    assert ar.satisfies(computed, qualifier, value, low, high) is holds


def test_satisfies_refuses_unknown_qualifiers():
    with pytest.raises(ValueError, match="unknown qualifier"):
        ar.satisfies(1, "roughly", 1)
    with pytest.raises(ValueError, match="needs low and high"):
        ar.satisfies(1, "range", None, 1)


# --- hostile input (issue 13): a clear ValueError naming the parameter, never NaN or inf --------

@pytest.mark.parametrize("call,name", [
    (lambda: ar.share(10**400, 10**401), "part"),
    (lambda: ar.percent(1, 10**401), "whole"),
    (lambda: ar.count_from_percent(10, 10**400), "total"),
    (lambda: ar.rate_per_100k(10**400, 1), "count"),
    (lambda: ar.convert_rate(1, 10**400, 1), "from_per"),
    (lambda: ar.natural_frequency(10**400), "pct"),
    (lambda: ar.check_sum_by_sex(1, 10**400, 1), "female"),
    (lambda: ar.satisfies(10**400, "exact", 1), "computed"),
    (lambda: ar.share(2**53 + 1, 2**54), "part"),         # not exactly a float: refused, not rounded
])
def test_integers_too_large_for_a_float_name_the_parameter(call, name):
    with pytest.raises(ValueError, match=f"^{name} ") as excinfo:
        call()
    assert not isinstance(excinfo.value, OverflowError)


@pytest.mark.parametrize("call,match", [
    (lambda: ar.rate_per_100k(1e308, 1e-3), "too large to compute"),
    (lambda: ar.convert_rate(1e300, 1e-10, 1e10), "too large to compute"),
    (lambda: ar.check_sum_by_sex(1e308, 1e308, 0), "male \\+ female is too large"),
])
def test_results_beyond_a_float_are_refused_not_returned_as_infinity(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_the_sum_by_sex_is_exact_however_large_the_counts():
    # 2**53 + 1 is not a float: added in floats the one person would vanish
    off = ar.check_sum_by_sex(2**53, 1, 2**53)
    assert not off.holds and off.difference == 1
    assert ar.check_sum_by_sex(2**52, 2**52, 2**53).holds
    with pytest.raises(ValueError, match="^male must be a finite number"):
        ar.SexSumCheck(math.nan, 1, 1)                  # checked however the check is made


@pytest.mark.parametrize("kwargs,match", [
    (dict(value=math.nan), "^value is missing"),            # an empty cell: no value given
    (dict(value=None), "^value is missing"),
    (dict(value=math.inf), "^value must be a finite number"),
    (dict(value=-math.inf), "^value must be a finite number"),
    (dict(value="0.5"), "^value must be a number"),
])
def test_satisfies_refuses_a_value_that_is_not_a_finite_number(kwargs, match):
    for qualifier in ("exact", "about", "less than", "more than", "at least", "up to"):
        with pytest.raises(ValueError, match=match):
            ar.satisfies(0.3, qualifier, **kwargs)


@pytest.mark.parametrize("low,high,match", [
    (math.nan, 30, "^low is missing"),                # NaN is an empty cell: no bound given
    (20, math.inf, "^high must be a finite number"),
    (-math.inf, 30, "^low must be a finite number"),
    (30, 20, "low \\(30\\) must be at most high \\(20\\)"),
])
def test_satisfies_refuses_a_range_that_is_not_one(low, high, match):
    with pytest.raises(ValueError, match=match):
        ar.satisfies(25, "range", None, low, high)


def test_satisfies_refuses_arguments_it_would_ignore():
    with pytest.raises(ValueError, match="value must be None"):
        ar.satisfies(25, "range", 25, 20, 30)
    with pytest.raises(ValueError, match="^low is for a range"):
        ar.satisfies(25, "less than", 30, low=20)
    with pytest.raises(ValueError, match="unknown qualifier"):
        ar.satisfies(25, ["about"], 30)
    # empty cells of the data package (NaN) stand for arguments not given
    assert ar.satisfies(25, "range", math.nan, 20, 30)
    assert ar.satisfies(25, "less than", 30, math.nan, math.nan)


def test_about_does_not_stretch_tiny_values_to_a_fixed_slack():
    assert not ar.satisfies(1e-13, "about", 1e-20)
    assert ar.satisfies(1.4e-20, "about", 1e-20)
    assert ar.satisfies(0.55, "about", 0.5)             # float noise at the edge still holds


def test_natural_frequency_denominator_is_bounded():
    assert ar.natural_frequency(50, ar.MAX_DENOMINATOR) == (ar.MAX_DENOMINATOR // 2,
                                                            ar.MAX_DENOMINATOR)
    for call in (ar.natural_frequency, ar.natural_frequency_phrase):
        with pytest.raises(ValueError, match="^denominator must be a positive whole number"):
            call(50, 10**4000)


@pytest.mark.parametrize("call,name", [
    (lambda: ar.out_of_to_percent(5, 4), "value"),
    (lambda: ar.out_of_to_percent(1, 0), "out_of"),
    (lambda: ar.out_of_to_percent(-1, 4), "value"),
    (lambda: ar.count_from_percent(-1, 4), "pct"),
    (lambda: ar.natural_frequency(101, 10), "pct"),
    (lambda: ar.convert_rate(1, 10, -5), "to_per"),
])
def test_errors_name_the_parameter_of_the_function_called(call, name):
    with pytest.raises(ValueError, match=f"^{name} "):
        call()
