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
